/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-json-locator.c: positions of JSON values, in any text json-glib takes
 *
 * The text passes the same depth check as every document Portolan reads,
 * is parsed by json-glib, and then the locator is asked where each
 * container, member and element is, and for members and elements that are
 * not there. Every position it gives must lie inside the text.
 */
#include "config.h"

#include "portolan-json-limits-private.h"
#include "portolan-json-locator-private.h"

#include "fuzz-common.h"

typedef struct
{
  PortolanJsonLocator *locator;
  const char          *text;
  gsize                length;
} Walk;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  return 0;
}

static void walk_node (Walk     *walk,
                       JsonNode *node);

/* Any name can be a member, so the absent one is made up for each object */
static const char *
absent_name (JsonObject *object)
{
  static char name[64];
  gsize length = 0;

  do
    {
      g_assert_cmpuint (length, <, sizeof name - 1);
      name[length++] = '?';
      name[length] = '\0';
    }
  while (json_object_has_member (object, name));

  return name;
}

static void
walk_object (Walk       *walk,
             JsonObject *object)
{
  g_autoptr(GList) members = json_object_get_members (object);
  guint line, column;

  g_assert_true (portolan_json_locator_find_container (walk->locator, object, &line, &column));
  fuzz_assert_position (walk->text, walk->length, line, column);

  for (GList *l = members; l != NULL; l = l->next)
    {
      g_assert_true (portolan_json_locator_find_member (walk->locator, object, l->data, &line, &column));
      fuzz_assert_position (walk->text, walk->length, line, column);
      walk_node (walk, json_object_get_member (object, l->data));
    }

  g_assert_false (portolan_json_locator_find_member (walk->locator, object, absent_name (object), &line, &column));
}

static void
walk_array (Walk      *walk,
            JsonArray *array)
{
  guint length = json_array_get_length (array);
  guint line, column;

  g_assert_true (portolan_json_locator_find_container (walk->locator, array, &line, &column));
  fuzz_assert_position (walk->text, walk->length, line, column);

  for (guint i = 0; i < length; i++)
    {
      g_assert_true (portolan_json_locator_find_element (walk->locator, array, i, &line, &column));
      fuzz_assert_position (walk->text, walk->length, line, column);
      walk_node (walk, json_array_get_element (array, i));
    }

  g_assert_false (portolan_json_locator_find_element (walk->locator, array, length, &line, &column));
  g_assert_false (portolan_json_locator_find_element (walk->locator, array, G_MAXUINT, &line, &column));
}

static void
walk_node (Walk     *walk,
           JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    walk_object (walk, json_node_get_object (node));
  else if (JSON_NODE_HOLDS_ARRAY (node))
    walk_array (walk, json_node_get_array (node));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(PortolanJsonLocator) locator = NULL;
  const char *text = (const char *) data;
  const char *duplicate;
  JsonNode *root;
  guint line, column;
  Walk walk;

  fuzz_init ();

  if (!portolan_json_check_depth (text, size, PORTOLAN_JSON_MAX_DEPTH, &line, &column))
    {
      fuzz_assert_position (text, size, line, column);
      return 0;
    }

  parser = json_parser_new ();
  locator = portolan_json_locator_new (parser, text, size);
  if (!json_parser_load_from_data (parser, text, size, NULL))
    return 0;

  if ((duplicate = portolan_json_locator_find_duplicate (locator, &line, &column)) != NULL)
    fuzz_assert_position (text, size, line, column);

  root = json_parser_get_root (parser);
  if (root == NULL)
    return 0;

  walk = (Walk) { locator, text, size };
  walk_node (&walk, root);
  return 0;
}
