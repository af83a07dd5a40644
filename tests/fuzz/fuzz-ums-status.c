/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-ums-status.c: the answer a server gives at /umsapi/v3/serverstatus
 *
 * Either a UMS Server answered, with a version and no problem, or it did
 * not, with a problem and nothing else; what comes out is UTF-8.
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
  g_autofree char *version = NULL;
  g_autofree char *build = NULL;
  g_autofree char *detail = NULL;

  fuzz_init ();

  if (_portolan_ums_status_parse ((const char *) data, size, &version, &build, &detail))
    {
      g_assert_nonnull (version);
      g_assert_null (detail);
      g_assert_true (g_utf8_validate (version, -1, NULL));
      g_assert_true (build == NULL || g_utf8_validate (build, -1, NULL));
    }
  else
    {
      g_assert_null (version);
      g_assert_null (build);
      g_assert_nonnull (detail);
      g_assert_true (g_utf8_validate (detail, -1, NULL));
    }

  return 0;
}
