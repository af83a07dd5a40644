/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-tns.c: a listener's answer to the TNS check's CONNECT, as its parser reads it
 *
 * The first byte of the input says where a read splits the answer; the
 * rest is the answer. What the parser says of the first part must hold
 * for the whole: once matched, matched the same; once ruled out, ruled
 * out. With no more to come it never asks for more; it writes the info
 * only when it matched, and then every text is valid UTF-8 on one line:
 * a version of five numbers, a status of digits.
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
check_text (const char *text)
{
  g_assert_nonnull (text);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  for (const char *c = text; *c != '\0'; c++)
    g_assert_true ((guchar) *c >= 0x20 && *c != 0x7f);
}

static PortolanAnswer
parse (const guint8         *data,
       gsize                 length,
       gboolean              complete,
       PortolanServiceInfo **info)
{
  PortolanAnswer answer;

  *info = portolan_service_info_new ("tns");
  answer = _portolan_tns_parse (data, length, complete, *info);

  if (complete)
    g_assert_cmpint (answer, !=, PORTOLAN_ANSWER_NEED_MORE);
  if (answer != PORTOLAN_ANSWER_MATCHED)
    {
      g_assert_null ((*info)->answered);
      g_assert_null ((*info)->version);
      g_assert_cmpuint ((*info)->facts->len, ==, 0);
      return answer;
    }

  g_assert_cmpstr ((*info)->answered, ==, "tns");
  if ((*info)->version != NULL)
    {
      g_auto(GStrv) numbers = g_strsplit ((*info)->version, ".", -1);

      check_text ((*info)->version);
      g_assert_cmpuint (g_strv_length (numbers), ==, 5);
    }
  g_assert_null ((*info)->warning);
  for (guint i = 0; i < (*info)->facts->len; i++)
    {
      const PortolanServiceFact *fact = g_ptr_array_index ((*info)->facts, i);

      g_assert_true (g_str_equal (fact->key, "status") || g_str_equal (fact->key, "release"));
      check_text (fact->value);
      if (g_str_equal (fact->key, "status"))
        g_assert_cmpuint (strspn (fact->value, "0123456789"), ==, strlen (fact->value));
    }

  return answer;
}

/* Two verdicts on answers of which @earlier is a prefix of @later */
static void
check_forward (PortolanAnswer             earlier,
               const PortolanServiceInfo *earlier_info,
               PortolanAnswer             later,
               const PortolanServiceInfo *later_info)
{
  if (earlier == PORTOLAN_ANSWER_NEED_MORE)
    return;

  g_assert_cmpint (later, ==, earlier);
  if (earlier == PORTOLAN_ANSWER_MATCHED)
    {
      g_assert_cmpstr (later_info->version, ==, earlier_info->version);
      g_assert_cmpstr (portolan_service_info_lookup (later_info, "status"), ==,
                       portolan_service_info_lookup (earlier_info, "status"));
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
  gsize split;

  if (size == 0)
    return 0;

  split = MIN ((gsize) data[0], size - 1);
  data++, size--;
  size = MIN (size, PORTOLAN_ANSWER_MAX_BYTES);

  first = parse (data, split, FALSE, &first_info);
  whole = parse (data, size, FALSE, &whole_info);
  final = parse (data, size, TRUE, &final_info);

  check_forward (first, first_info, whole, whole_info);
  check_forward (whole, whole_info, final, final_info);

  return 0;
}
