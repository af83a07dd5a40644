/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-kerberos.c: what a KDC answers to the AS-REQ, over TCP or UDP
 *
 * The first byte of the input says where a read splits the answer, and
 * its lowest bit whether it came over TCP; the rest is the answer. What
 * the parser says of the first part must hold for the whole: once
 * matched, matched with the same facts; once ruled out, ruled out. With
 * no more to come it never asks for more. It writes nothing unless it
 * matched, and then only the four facts, as clean UTF-8.
 */
#include "config.h"

#include <string.h>

#include "portolan-protocols-private.h"

#include "fuzz-common.h"

/* 2026-12-04T10:00:00Z, so that clock offsets and warnings vary */
#define NOW_US (G_GINT64_CONSTANT (1796378400) * G_USEC_PER_SEC)

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
  static const char * const keys[] = { "realm", "error", "kdc_time", "clock_offset" };

  g_assert_null (info->version);
  if (answer != PORTOLAN_ANSWER_MATCHED)
    {
      g_assert_null (info->answered);
      g_assert_null (info->warning);
      g_assert_cmpuint (info->facts->len, ==, 0);
      return;
    }

  g_assert_cmpstr (info->answered, ==, "kerberos");
  if (info->warning != NULL)
    g_assert_true (g_utf8_validate (info->warning, -1, NULL));
  for (guint i = 0; i < info->facts->len; i++)
    {
      const PortolanServiceFact *fact = g_ptr_array_index (info->facts, i);

      g_assert_true (g_strv_contains (keys, fact->key));
      g_assert_true (g_utf8_validate (fact->value, -1, NULL));
      for (const char *c = fact->value; *c != '\0'; c++)
        g_assert_true ((guchar) *c >= 0x20 && *c != 0x7f);
    }
}

static PortolanAnswer
parse (const guint8         *data,
       gsize                 length,
       gboolean              complete,
       gboolean              over_tcp,
       PortolanServiceInfo **info)
{
  PortolanAnswer answer;

  *info = portolan_service_info_new ("kerberos");
  answer = _portolan_kerberos_parse (data, length, complete, over_tcp, NOW_US, *info);
  check_info (*info, answer);
  if (complete)
    g_assert_cmpint (answer, !=, PORTOLAN_ANSWER_NEED_MORE);

  return answer;
}

static void
assert_same_facts (const PortolanServiceInfo *a,
                   const PortolanServiceInfo *b)
{
  g_assert_cmpstr (a->warning, ==, b->warning);
  g_assert_cmpuint (a->facts->len, ==, b->facts->len);
  for (guint i = 0; i < a->facts->len; i++)
    {
      const PortolanServiceFact *fa = g_ptr_array_index (a->facts, i);
      const PortolanServiceFact *fb = g_ptr_array_index (b->facts, i);

      g_assert_cmpstr (fa->key, ==, fb->key);
      g_assert_cmpstr (fa->value, ==, fb->value);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(PortolanServiceInfo) first_info = NULL;
  g_autoptr(PortolanServiceInfo) whole_info = NULL;
  g_autoptr(PortolanServiceInfo) final_info = NULL;
  PortolanAnswer first, whole, final;
  gboolean over_tcp;
  gsize split;

  if (size == 0)
    return 0;

  over_tcp = data[0] & 1;
  split = MIN ((gsize) data[0], size - 1);
  data++, size--;
  size = MIN (size, PORTOLAN_ANSWER_MAX_BYTES);

  first = parse (data, split, FALSE, over_tcp, &first_info);
  whole = parse (data, size, FALSE, over_tcp, &whole_info);
  final = parse (data, size, TRUE, over_tcp, &final_info);

  if (first == PORTOLAN_ANSWER_MATCHED)
    {
      g_assert_cmpint (whole, ==, PORTOLAN_ANSWER_MATCHED);
      assert_same_facts (first_info, whole_info);
    }
  if (first == PORTOLAN_ANSWER_MISMATCH)
    g_assert_cmpint (whole, ==, PORTOLAN_ANSWER_MISMATCH);
  if (whole == PORTOLAN_ANSWER_MATCHED)
    {
      g_assert_cmpint (final, ==, PORTOLAN_ANSWER_MATCHED);
      assert_same_facts (whole_info, final_info);
    }
  if (whole == PORTOLAN_ANSWER_MISMATCH)
    g_assert_cmpint (final, ==, PORTOLAN_ANSWER_MISMATCH);

  return 0;
}
