/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-check-status.c: the health a UMS Server or an ICG reports of itself */
#include "config.h"

#include <string.h>

#include "portolan-protocols-private.h"

static PortolanCheckStatus
parse (const char *body)
{
  return _portolan_check_status_parse (body, body ? strlen (body) : 0);
}

static void
test_statuses (void)
{
  g_assert_cmpint (parse ("{\"status\": \"ok\"}"), ==, PORTOLAN_CHECK_STATUS_OK);
  g_assert_cmpint (parse ("{\"status\":\"init\"}"), ==, PORTOLAN_CHECK_STATUS_INIT);
  g_assert_cmpint (parse ("{\"status\": \"warn\"}\n"), ==, PORTOLAN_CHECK_STATUS_WARN);
  g_assert_cmpint (parse ("{\"status\": \"err\"}"), ==, PORTOLAN_CHECK_STATUS_ERR);
  /* Case is the server's business; other members are ignored */
  g_assert_cmpint (parse ("{\"version\": 2, \"status\": \"OK\"}"), ==, PORTOLAN_CHECK_STATUS_OK);
}

/* What any other web server gives is not a status */
static void
test_not_a_status (void)
{
  static const char * const bodies[] = {
    "ok",
    "<html><body>404 Not Found</body></html>",
    "{}",
    "[\"ok\"]",
    "{\"status\": 200}",
    "{\"status\": \"fine\"}",
    "{\"status\": null}",
    "{\"state\": \"ok\"}",
    "{\"status\": \"ok\"",
    "\"ok\"",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    g_assert_cmpint (parse (bodies[i]), ==, PORTOLAN_CHECK_STATUS_NONE);
  g_assert_cmpint (parse (NULL), ==, PORTOLAN_CHECK_STATUS_NONE);
  g_assert_cmpint (parse (""), ==, PORTOLAN_CHECK_STATUS_NONE);
}

/* The answer is a few bytes: a large page is not it, however it ends */
static void
test_too_long (void)
{
  g_autoptr(GString) body = g_string_new ("{\"status\": \"ok\", \"padding\": \"");

  while (body->len < 5000)
    g_string_append_c (body, 'x');
  g_string_append (body, "\"}");
  g_assert_cmpint (parse (body->str), ==, PORTOLAN_CHECK_STATUS_NONE);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/check-status/statuses", test_statuses);
  g_test_add_func ("/check-status/not-a-status", test_not_a_status);
  g_test_add_func ("/check-status/too-long", test_too_long);

  return g_test_run ();
}
