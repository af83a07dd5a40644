/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-answer.c: the harness of an answer parser that reads as bytes come */
#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "fuzz-answer.h"

static void
check_info (const FuzzAnswer          *harness,
            const PortolanServiceInfo *info,
            PortolanAnswer             answer)
{
  if (answer != PORTOLAN_ANSWER_MATCHED)
    {
      g_assert_null (info->answered);
      g_assert_null (info->version);
      g_assert_cmpuint (info->facts->len, ==, 0);
      return;
    }

  g_assert_cmpstr (info->answered, ==, harness->service);
  g_assert_null (info->warning);
  g_assert_true (info->version == NULL || g_utf8_validate (info->version, -1, NULL));
  for (guint i = 0; i < info->facts->len; i++)
    {
      const PortolanServiceFact *fact = g_ptr_array_index (info->facts, i);

      g_assert_true (g_strv_contains (harness->keys, fact->key));
      g_assert_true (g_utf8_validate (fact->value, -1, NULL));
      g_assert_cmpuint (strlen (fact->value), >, 0);
    }
}

static PortolanAnswer
parse (const FuzzAnswer     *harness,
       const guint8         *data,
       gsize                 length,
       gboolean              complete,
       PortolanServiceInfo **info)
{
  PortolanAnswer answer;

  *info = portolan_service_info_new (harness->service);
  answer = harness->parse (data, length, complete, *info);
  check_info (harness, *info, answer);
  if (complete)
    g_assert_cmpint (answer, !=, PORTOLAN_ANSWER_NEED_MORE);

  return answer;
}

int
fuzz_answer_run (const FuzzAnswer *harness,
                 const uint8_t    *data,
                 size_t            size)
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

  first = parse (harness, data, split, FALSE, &first_info);
  whole = parse (harness, data, size, FALSE, &whole_info);
  final = parse (harness, data, size, TRUE, &final_info);

  if (first != PORTOLAN_ANSWER_NEED_MORE)
    g_assert_cmpint (whole, ==, first);
  if (whole != PORTOLAN_ANSWER_NEED_MORE)
    g_assert_cmpint (final, ==, whole);

  /* Once matched, more bytes tell nothing new */
  if (first == PORTOLAN_ANSWER_MATCHED)
    {
      g_assert_cmpstr (whole_info->version, ==, first_info->version);
      g_assert_cmpuint (whole_info->facts->len, ==, first_info->facts->len);
    }

  return 0;
}
