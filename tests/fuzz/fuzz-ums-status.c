/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-ums-status.c: the answer a server gives at /umsapi/v3/serverstatus
 *
 * Either a UMS Server answered, with a version and no problem, or it did
 * not, with a problem and nothing learnt; what comes out is UTF-8.
 */
#include "config.h"

#include "portolan-probe-private.h"

#include "fuzz-common.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(PortolanServiceInfo) info = NULL;
  g_autofree char *detail = NULL;

  fuzz_init ();
  info = portolan_service_info_new ("ums-status");

  if (_portolan_ums_status_parse ((const char *) data, size, info, &detail))
    {
      g_assert_cmpstr (info->answered, ==, "ums-status");
      g_assert_nonnull (info->version);
      g_assert_null (detail);
      g_assert_true (g_utf8_validate (info->version, -1, NULL));
      for (guint i = 0; i < info->facts->len; i++)
        {
          const PortolanServiceFact *fact = g_ptr_array_index (info->facts, i);

          g_assert_true (g_utf8_validate (fact->value, -1, NULL));
        }
    }
  else
    {
      g_assert_null (info->answered);
      g_assert_null (info->version);
      g_assert_cmpuint (info->facts->len, ==, 0);
      g_assert_nonnull (detail);
      g_assert_true (g_utf8_validate (detail, -1, NULL));
    }

  return 0;
}
