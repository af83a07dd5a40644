/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-json-locator.c: positions of JSON values in their source text */
#include "config.h"

#include "portolan-json-locator-private.h"

typedef struct
{
  JsonParser          *parser;
  PortolanJsonLocator *locator;
  JsonObject          *root;
} Fixture;

static void
parse (Fixture    *f,
       const char *text)
{
  g_autoptr(GError) error = NULL;

  f->parser = json_parser_new ();
  f->locator = portolan_json_locator_new (f->parser, text, strlen (text));
  json_parser_load_from_data (f->parser, text, -1, &error);
  g_assert_no_error (error);
  f->root = json_node_get_object (json_parser_get_root (f->parser));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->locator, portolan_json_locator_free);
  g_clear_object (&f->parser);
}

static void
assert_member_at (Fixture    *f,
                  JsonObject *object,
                  const char *member,
                  guint       expected_line,
                  guint       expected_column)
{
  guint line = 0, column = 0;

  g_assert_true (portolan_json_locator_find_member (f->locator, object, member, &line, &column));
  g_assert_cmpuint (line, ==, expected_line);
  g_assert_cmpuint (column, ==, expected_column);
}

static void
test_scalars (Fixture       *f,
              gconstpointer  data)
{
  parse (f,
         "{\n"
         "  \"plain\": \"x\",\n"
         "  \"escaped\": \"a\\\"b\\\\\",\n"
         "  \"number\": -12.5e3 ,\n"
         "  \"flag\": true\n"
         "  , \"after\": null\n"
         "}\n");

  assert_member_at (f, f->root, "plain", 2, 12);
  assert_member_at (f, f->root, "escaped", 3, 14);
  assert_member_at (f, f->root, "number", 4, 13);
  assert_member_at (f, f->root, "flag", 5, 11);
  assert_member_at (f, f->root, "after", 6, 14);
}

static void
test_containers (Fixture       *f,
                 gconstpointer  data)
{
  JsonArray *list;
  guint line = 0, column = 0;

  parse (f,
         "{ \"list\": [\n"
         "    1,\n"
         "    { \"k\": \"ü\", \"v\": 2 }\n"
         "  ]\n"
         "}\n");

  list = json_object_get_array_member (f->root, "list");
  assert_member_at (f, f->root, "list", 1, 11);

  g_assert_true (portolan_json_locator_find_element (f->locator, list, 0, &line, &column));
  g_assert_cmpuint (line, ==, 2);
  g_assert_cmpuint (column, ==, 5);

  g_assert_true (portolan_json_locator_find_element (f->locator, list, 1, &line, &column));
  g_assert_cmpuint (line, ==, 3);
  g_assert_cmpuint (column, ==, 5);

  /* Columns count characters: "ü" is two bytes but one column */
  assert_member_at (f, json_array_get_object_element (list, 1), "v", 3, 22);
}

static void
test_duplicate (Fixture       *f,
                gconstpointer  data)
{
  guint line = 0, column = 0;

  parse (f, "{ \"a\": 1,\n  \"b\": 2,\n  \"a\": 3 }");

  g_assert_cmpstr (portolan_json_locator_find_duplicate (f->locator, &line, &column), ==, "a");
  g_assert_cmpuint (line, ==, 3);
  g_assert_cmpuint (column, ==, 8);
}

/* JsonParser frees the first value of a member given twice, and a later
 * array may take its address: what is not there has no position */
static void
test_absent (Fixture       *f,
             gconstpointer  data)
{
  JsonArray *later;
  guint line = 0, column = 0;

  parse (f, "{ \"a\": [1, 2, 3], \"a\": 0, \"b\": [], \"c\": {} }");
  later = json_object_get_array_member (f->root, "b");

  g_assert_false (portolan_json_locator_find_element (f->locator, later, 0, &line, &column));
  g_assert_false (portolan_json_locator_find_element (f->locator, later, G_MAXUINT, &line, &column));
  g_assert_false (portolan_json_locator_find_member (f->locator, f->root, "nope", &line, &column));
  g_assert_false (portolan_json_locator_find_member (f->locator, json_object_get_object_member (f->root, "c"),
                                                     "a", &line, &column));
  g_assert_true (portolan_json_locator_find_container (f->locator, later, &line, &column));
  g_assert_cmpuint (line, ==, 1);
  g_assert_cmpuint (column, ==, 32);
}

static void
test_no_duplicate (Fixture       *f,
                   gconstpointer  data)
{
  guint line = 0, column = 0;

  /* The same name in two different objects is fine */
  parse (f, "{ \"a\": { \"id\": 1 }, \"b\": { \"id\": 2 } }");

  g_assert_null (portolan_json_locator_find_duplicate (f->locator, &line, &column));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/json-locator/scalars", Fixture, NULL, NULL, test_scalars, fixture_teardown);
  g_test_add ("/json-locator/containers", Fixture, NULL, NULL, test_containers, fixture_teardown);
  g_test_add ("/json-locator/duplicate", Fixture, NULL, NULL, test_duplicate, fixture_teardown);
  g_test_add ("/json-locator/no-duplicate", Fixture, NULL, NULL, test_no_duplicate, fixture_teardown);
  g_test_add ("/json-locator/absent", Fixture, NULL, NULL, test_absent, fixture_teardown);

  return g_test_run ();
}
