/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-ldap.c: an LDAP server's answer to the rootDSE search, as the LDAP check reads it
 *
 * The first byte of the input says where a read splits the answer; the
 * rest is the answer. What the parser says of the first part must hold
 * for the whole: once matched, matched; once ruled out, ruled out. With
 * no more to come it never asks for more; it writes the info only when
 * it matches, and every fact it writes is short valid UTF-8.
 */
#include "config.h"

#include <string.h>

#include "portolan-protocols-private.h"

#include "fuzz-common.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  return 0;
}

static void
check_info (const PortolanServiceInfo *info,
            PortolanAnswer             answer)
{
  if (answer != PORTOLAN_ANSWER_MATCHED)
    {
      g_assert_null (info->answered);
      g_assert_null (info->version);
      g_assert_cmpuint (info->facts->len, ==, 0);
      return;
    }

  g_assert_cmpstr (info->answered, ==, "ldap");
  if (info->version != NULL)
    g_assert_true (g_utf8_validate (info->version, -1, NULL));
  for (guint i = 0; i < info->facts->len; i++)
    {
      const PortolanServiceFact *fact = g_ptr_array_index (info->facts, i);

      g_assert_nonnull (portolan_service_fact_get_label (fact->key));
      g_assert_true (g_utf8_validate (fact->value, -1, NULL));
      g_assert_cmpuint (strlen (fact->value), >, 0);
    }
}

static PortolanAnswer
parse (const guint8 *data,
       gsize         length,
       gboolean      complete)
{
  g_autoptr(PortolanServiceInfo) info = portolan_service_info_new ("ldap");
  PortolanAnswer answer = _portolan_ldap_parse (data, length, complete, info);

  check_info (info, answer);
  if (complete)
    g_assert_cmpint (answer, !=, PORTOLAN_ANSWER_NEED_MORE);

  return answer;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  PortolanAnswer first, whole, final;
  gsize split;

  if (size == 0)
    return 0;

  split = MIN ((gsize) data[0], size - 1);
  data++, size--;

  first = parse (data, split, FALSE);
  whole = parse (data, size, FALSE);
  final = parse (data, size, TRUE);

  if (first != PORTOLAN_ANSWER_NEED_MORE)
    g_assert_cmpint (whole, ==, first);
  if (whole != PORTOLAN_ANSWER_NEED_MORE)
    g_assert_cmpint (final, ==, whole);

  return 0;
}
