/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-json-locator.c
 *
 * JsonParser keeps no positions in the tree it builds, but it reports its
 * current line and column while its signals run. We record them there:
 * the opening of every object and array, and the end of every member value
 * and array element. A scalar's recorded position is where the scanner
 * stopped after it (sometimes on the following comma), so it is walked
 * back through the text to the first character of the value.
 */
#include "config.h"

#include "portolan-json-locator-private.h"

struct _PortolanJsonLocator
{
  JsonParser *parser;
  const char *text;
  gsize       length;
  GArray     *line_starts;   /* byte offset of each line, from line 1 */
  gulong      handlers[6];

  /* Offsets of the opening brackets not yet closed */
  GArray     *open_offsets;

  /* JsonObject or JsonArray → byte offset of its opening bracket */
  GHashTable *container_offsets;

  /* "<pointer>/<member or index>" → byte offset just past the value */
  GHashTable *value_offsets;

  /* The first member name that appeared twice in one object */
  char       *duplicate_member;
  gsize       duplicate_offset;
};

/* The signals report lines and columns; offsets come from a table of
 * line starts made once, since the signals come for every value */
static gsize
offset_of_position (PortolanJsonLocator *self,
                    guint                line,
                    guint                column)
{
  gsize offset;

  if (line == 0 || self->line_starts->len == 0)
    return 0;

  offset = g_array_index (self->line_starts, gsize, MIN (line, self->line_starts->len) - 1);
  offset += column > 0 ? column - 1 : 0;
  return MIN (offset, self->length > 0 ? self->length - 1 : 0);
}

static gsize
current_offset (PortolanJsonLocator *self)
{
  return offset_of_position (self,
                             json_parser_get_current_line (self->parser),
                             json_parser_get_current_pos (self->parser));
}

static char *
value_key (gconstpointer container,
           const char   *name)
{
  return g_strdup_printf ("%p/%s", container, name);
}

static void
container_started_cb (JsonParser          *parser,
                      PortolanJsonLocator *self)
{
  gsize offset = current_offset (self);

  g_array_append_val (self->open_offsets, offset);
}

static void
container_ended_cb (JsonParser          *parser,
                    gpointer             container,
                    PortolanJsonLocator *self)
{
  gsize offset;

  if (self->open_offsets->len == 0)
    return;

  offset = g_array_index (self->open_offsets, gsize, self->open_offsets->len - 1);
  g_array_set_size (self->open_offsets, self->open_offsets->len - 1);
  g_hash_table_insert (self->container_offsets, container, GSIZE_TO_POINTER (offset + 1));
}

static void
object_member_cb (JsonParser          *parser,
                  JsonObject          *object,
                  const char          *member,
                  PortolanJsonLocator *self)
{
  char *key = value_key (object, member);
  gsize offset = current_offset (self);

  /* JsonObject keeps only the last of two equal names, silently */
  if (self->duplicate_member == NULL && g_hash_table_contains (self->value_offsets, key))
    {
      self->duplicate_member = g_strdup (member);
      self->duplicate_offset = offset;
    }

  g_hash_table_insert (self->value_offsets, key, GSIZE_TO_POINTER (offset + 1));
}

static void
array_element_cb (JsonParser          *parser,
                  JsonArray           *array,
                  guint                index,
                  PortolanJsonLocator *self)
{
  char name[16];

  g_snprintf (name, sizeof name, "%u", index);
  g_hash_table_insert (self->value_offsets,
                       value_key (array, name),
                       GSIZE_TO_POINTER (current_offset (self) + 1));
}

PortolanJsonLocator *
portolan_json_locator_new (JsonParser *parser,
                           const char *text,
                           gsize       length)
{
  PortolanJsonLocator *self = g_new0 (PortolanJsonLocator, 1);

  self->parser = g_object_ref (parser);
  self->text = text;
  self->length = length;
  self->open_offsets = g_array_new (FALSE, FALSE, sizeof (gsize));
  self->line_starts = g_array_new (FALSE, FALSE, sizeof (gsize));
  for (gsize i = 0, start = 0; i <= length; i++)
    if (i == length || text[i] == '\n')
      {
        g_array_append_val (self->line_starts, start);
        start = i + 1;
      }
  self->container_offsets = g_hash_table_new (NULL, NULL);
  self->value_offsets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  self->handlers[0] = g_signal_connect (parser, "object-start", G_CALLBACK (container_started_cb), self);
  self->handlers[1] = g_signal_connect (parser, "array-start", G_CALLBACK (container_started_cb), self);
  self->handlers[2] = g_signal_connect (parser, "object-end", G_CALLBACK (container_ended_cb), self);
  self->handlers[3] = g_signal_connect (parser, "array-end", G_CALLBACK (container_ended_cb), self);
  self->handlers[4] = g_signal_connect (parser, "object-member", G_CALLBACK (object_member_cb), self);
  self->handlers[5] = g_signal_connect (parser, "array-element", G_CALLBACK (array_element_cb), self);

  return self;
}

void
portolan_json_locator_free (PortolanJsonLocator *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (self->handlers); i++)
    g_signal_handler_disconnect (self->parser, self->handlers[i]);

  g_clear_object (&self->parser);
  g_array_unref (self->open_offsets);
  g_array_unref (self->line_starts);
  g_hash_table_unref (self->container_offsets);
  g_hash_table_unref (self->value_offsets);
  g_free (self->duplicate_member);
  g_free (self);
}

static gboolean
is_delimiter (char c)
{
  return g_ascii_isspace (c) || c == ',' || c == '\0';
}

static gboolean
is_escaped (PortolanJsonLocator *self,
            gsize                i)
{
  gsize backslashes = 0;

  while (i > backslashes && self->text[i - backslashes - 1] == '\\')
    backslashes++;

  return backslashes % 2 == 1;
}

/* Walks back from where the scanner stopped to the start of the scalar
 * that ends there: past any whitespace or comma, then to the opening
 * quote of a string or the first character of a number or literal. */
static gsize
scalar_start (PortolanJsonLocator *self,
              gsize                stop)
{
  gsize i = stop;

  while (i > 0 && is_delimiter (self->text[i]))
    i--;

  if (self->text[i] == '"')
    {
      while (i > 0)
        {
          i--;
          if (self->text[i] == '"' && !is_escaped (self, i))
            break;
        }
      return i;
    }

  while (i > 0 && !is_delimiter (self->text[i - 1]) &&
         strchr ("[{:", self->text[i - 1]) == NULL)
    i--;
  return i;
}

/* Lines from the table made at the start, so that naming every value of a
 * large file does not read the file once for each */
static void
position_of_offset (PortolanJsonLocator *self,
                    gsize                offset,
                    guint               *line,
                    guint               *column)
{
  guint low = 0, high = self->line_starts->len;
  gsize line_start;

  offset = MIN (offset, self->length);

  /* The last line that starts at or before offset; line 1 starts at 0 */
  while (high - low > 1)
    {
      guint middle = low + (high - low) / 2;

      if (g_array_index (self->line_starts, gsize, middle) <= offset)
        low = middle;
      else
        high = middle;
    }

  line_start = g_array_index (self->line_starts, gsize, low);
  *line = low + 1;
  /* Editors count characters, not bytes */
  *column = g_utf8_strlen (self->text + line_start, offset - line_start) + 1;
}

gboolean
portolan_json_locator_find_container (PortolanJsonLocator *self,
                                      gconstpointer        object_or_array,
                                      guint               *line,
                                      guint               *column)
{
  gpointer found = g_hash_table_lookup (self->container_offsets, object_or_array);

  if (found == NULL)
    return FALSE;

  position_of_offset (self, GPOINTER_TO_SIZE (found) - 1, line, column);
  return TRUE;
}

static gboolean
find_value (PortolanJsonLocator *self,
            gconstpointer        container,
            const char          *name,
            JsonNode            *node,
            guint               *line,
            guint               *column)
{
  g_autofree char *key = NULL;
  gpointer found;

  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    return portolan_json_locator_find_container (self, json_node_get_object (node), line, column);
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    return portolan_json_locator_find_container (self, json_node_get_array (node), line, column);

  key = value_key (container, name);
  found = g_hash_table_lookup (self->value_offsets, key);
  if (found == NULL)
    return FALSE;

  position_of_offset (self, scalar_start (self, GPOINTER_TO_SIZE (found) - 1), line, column);
  return TRUE;
}

gboolean
portolan_json_locator_find_member (PortolanJsonLocator *self,
                                   JsonObject          *object,
                                   const char          *member,
                                   guint               *line,
                                   guint               *column)
{
  /* Keys are addresses, and JsonParser frees the first value of a member
   * given twice, so a later container may reuse its address: only what
   * is there now is looked up */
  if (!json_object_has_member (object, member))
    return FALSE;

  return find_value (self, object, member,
                     json_object_get_member (object, member),
                     line, column);
}

gboolean
portolan_json_locator_find_element (PortolanJsonLocator *self,
                                    JsonArray           *array,
                                    guint                index,
                                    guint               *line,
                                    guint               *column)
{
  char name[16];

  if (index >= json_array_get_length (array))
    return FALSE;

  g_snprintf (name, sizeof name, "%u", index);
  return find_value (self, array, name, json_array_get_element (array, index), line, column);
}

/**
 * portolan_json_locator_find_duplicate:
 *
 * Finds the first member name that was given twice in one object, which
 * JSON allows but which almost always means a mistake in a hand-edited
 * file.
 */
const char *
portolan_json_locator_find_duplicate (PortolanJsonLocator *self,
                                      guint               *line,
                                      guint               *column)
{
  if (self->duplicate_member == NULL)
    return NULL;

  position_of_offset (self, scalar_start (self, self->duplicate_offset), line, column);
  return self->duplicate_member;
}
