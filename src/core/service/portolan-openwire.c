/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-openwire.c: the WireFormatInfo an ActiveMQ broker sends as soon as a client connects
 *
 * The broker speaks first, so nothing is ever sent. Its first frame is
 * in OpenWire's loose encoding, before any format is negotiated: a 4-byte
 * size, the type 1 (WireFormatInfo), the 8-byte magic "ActiveMQ", the
 * OpenWire version as a 4-byte integer, then its properties: a boolean
 * byte, a 4-byte length and a marshalled PrimitiveMap, where the broker
 * names itself (ProviderName, ProviderVersion).
 */
#include "config.h"

#include <string.h>

#include "portolan-protocols-private.h"

#define MAGIC         "ActiveMQ"
#define MAGIC_AT      5
#define VERSION_AT    (MAGIC_AT + 8)
#define PROPERTIES_AT (VERSION_AT + 4)
#define MAP_AT        (PROPERTIES_AT + 1 + 4)

#define TYPE_WIRE_FORMAT_INFO 1

/* Maps and lists in the properties nest; no broker nests them at all */
#define MAX_DEPTH 4

/* The value types of a marshalled PrimitiveMap */
enum
{
  TYPE_NULL,
  TYPE_BOOLEAN,
  TYPE_BYTE,
  TYPE_CHAR,
  TYPE_SHORT,
  TYPE_INTEGER,
  TYPE_LONG,
  TYPE_DOUBLE,
  TYPE_FLOAT,
  TYPE_STRING,
  TYPE_BYTE_ARRAY,
  TYPE_MAP,
  TYPE_LIST,
  TYPE_BIG_STRING,
};

/* What is left of the marshalled map */
typedef struct
{
  const guint8 *data;
  gsize         length;
} Reader;

/* What the broker said of itself, pointing into the answer */
typedef struct
{
  const guint8 *provider;
  gsize         provider_length;
  const guint8 *provider_version;
  gsize         provider_version_length;
} Properties;

static guint32
read_be32 (const guint8 *data)
{
  return (guint32) data[0] << 24 | (guint32) data[1] << 16 | (guint32) data[2] << 8 | data[3];
}

static gboolean
take (Reader        *reader,
      gsize          size,
      const guint8 **taken)
{
  if (reader->length < size)
    return FALSE;

  if (taken != NULL)
    *taken = reader->data;
  reader->data += size;
  reader->length -= size;
  return TRUE;
}

/* A length of @width bytes, then that many bytes */
static gboolean
take_sized (Reader        *reader,
            guint          width,
            const guint8 **text,
            gsize         *text_length)
{
  const guint8 *size;
  guint32 length;

  if (!take (reader, width, &size))
    return FALSE;
  length = width == 2 ? (guint32) (size[0] << 8 | size[1]) : read_be32 (size);
  *text_length = length;

  return take (reader, length, text);
}

static gboolean read_map (Reader *reader, guint depth, Properties *properties);

/* One typed value; @text is set for a string */
static gboolean
read_value (Reader        *reader,
            guint          depth,
            const guint8 **text,
            gsize         *text_length)
{
  static const guint8 fixed[] = {
    [TYPE_NULL] = 0, [TYPE_BOOLEAN] = 1, [TYPE_BYTE] = 1, [TYPE_CHAR] = 2, [TYPE_SHORT] = 2,
    [TYPE_INTEGER] = 4, [TYPE_LONG] = 8, [TYPE_DOUBLE] = 8, [TYPE_FLOAT] = 4,
  };
  const guint8 *type, *count, *ignored;
  gsize ignored_length;

  *text = NULL;
  if (!take (reader, 1, &type))
    return FALSE;

  switch (*type)
    {
    case TYPE_STRING:
      return take_sized (reader, 2, text, text_length);
    case TYPE_BIG_STRING:
      return take_sized (reader, 4, text, text_length);
    case TYPE_BYTE_ARRAY:
      return take_sized (reader, 4, &ignored, &ignored_length);
    case TYPE_MAP:
      return depth < MAX_DEPTH && read_map (reader, depth + 1, NULL);
    case TYPE_LIST:
      if (depth >= MAX_DEPTH || !take (reader, 4, &count))
        return FALSE;
      /* Each value takes a byte at least, so the count cannot outrun the bytes */
      for (guint32 i = 0; i < read_be32 (count); i++)
        if (!read_value (reader, depth + 1, &ignored, &ignored_length))
          return FALSE;
      return TRUE;
    default:
      return *type < G_N_ELEMENTS (fixed) && take (reader, fixed[*type], NULL);
    }
}

static gboolean
key_is (const guint8 *key,
        gsize         key_length,
        const char   *name)
{
  return key_length == strlen (name) && memcmp (key, name, key_length) == 0;
}

/* A 4-byte count, then each entry: a key (2-byte length, modified UTF-8)
 * and a typed value. Keeps ProviderName and ProviderVersion when
 * @properties is given (the outer map). */
static gboolean
read_map (Reader     *reader,
          guint       depth,
          Properties *properties)
{
  const guint8 *count;

  if (!take (reader, 4, &count))
    return FALSE;

  /* -1 is a null map; any other count beyond the bytes fails below, each
   * entry taking three bytes at least */
  if (read_be32 (count) == G_MAXUINT32)
    return TRUE;

  for (guint32 i = 0; i < read_be32 (count); i++)
    {
      const guint8 *key, *text;
      gsize key_length, text_length = 0;

      if (!take_sized (reader, 2, &key, &key_length) ||
          !read_value (reader, depth, &text, &text_length))
        return FALSE;

      if (properties == NULL || text == NULL)
        continue;
      if (key_is (key, key_length, "ProviderName"))
        {
          properties->provider = text;
          properties->provider_length = text_length;
        }
      else if (key_is (key, key_length, "ProviderVersion"))
        {
          properties->provider_version = text;
          properties->provider_version_length = text_length;
        }
    }

  return TRUE;
}

/* The frame's start, as far as it came: a size under 64 KiB that holds
 * the magic and version, type 1, the magic */
static gboolean
start_fits (const guint8 *data,
            gsize         length)
{
  if (length >= 4 && (read_be32 (data) < PROPERTIES_AT - 4 || read_be32 (data) >= PORTOLAN_ANSWER_MAX_BYTES))
    return FALSE;
  if (length >= 5 && data[4] != TYPE_WIRE_FORMAT_INFO)
    return FALSE;
  if (length > MAGIC_AT && memcmp (data + MAGIC_AT, MAGIC, MIN (length - MAGIC_AT, strlen (MAGIC))) != 0)
    return FALSE;

  return TRUE;
}

/* The broker's own release says more than the protocol's, so it is the
 * version when the broker names it */
static PortolanAnswer
matched (const guint8        *data,
         gsize                length,
         const Properties    *properties,
         PortolanServiceInfo *info)
{
  g_autofree char *protocol = NULL;
  const char *release;

  if (length >= PROPERTIES_AT)
    protocol = g_strdup_printf ("%u", read_be32 (data + VERSION_AT));

  portolan_service_info_set_answered (info, "openwire");
  if (properties != NULL && properties->provider != NULL)
    portolan_service_info_add_fact_bytes (info, "provider", properties->provider, properties->provider_length);
  if (properties != NULL && properties->provider_version != NULL)
    portolan_service_info_add_fact_bytes (info, "activemq_version", properties->provider_version,
                                          properties->provider_version_length);
  portolan_service_info_add_fact (info, "protocol_version", protocol);

  release = portolan_service_info_lookup (info, "activemq_version");
  portolan_service_info_set_version (info, release != NULL ? release : protocol);
  return PORTOLAN_ANSWER_MATCHED;
}

/**
 * _portolan_openwire_parse:
 *
 * Matches once the magic and the version came and the properties were
 * read; with properties that do not parse, or when no more comes, on the
 * magic alone.
 */
PortolanAnswer
_portolan_openwire_parse (const guint8        *data,
                          gsize                length,
                          gboolean             complete,
                          PortolanServiceInfo *info)
{
  Properties properties = { NULL, };
  Reader reader;
  guint32 frame_end, map_length;

  if (!start_fits (data, length))
    return PORTOLAN_ANSWER_MISMATCH;
  if (length < VERSION_AT)
    return complete ? PORTOLAN_ANSWER_MISMATCH : PORTOLAN_ANSWER_NEED_MORE;

  /* From here on it is a broker: only how much it said of itself is open */
  if (length < MAP_AT)
    {
      if (length > PROPERTIES_AT && data[PROPERTIES_AT] == 0)
        return matched (data, length, NULL, info);
      return complete ? matched (data, length, NULL, info) : PORTOLAN_ANSWER_NEED_MORE;
    }
  if (data[PROPERTIES_AT] == 0)
    return matched (data, length, NULL, info);

  frame_end = 4 + read_be32 (data);
  map_length = read_be32 (data + PROPERTIES_AT + 1);
  if (frame_end < MAP_AT || map_length > frame_end - MAP_AT)
    return matched (data, length, NULL, info);
  if (length < MAP_AT + map_length)
    return complete ? matched (data, length, NULL, info) : PORTOLAN_ANSWER_NEED_MORE;

  reader = (Reader) { data + MAP_AT, map_length };
  if (!read_map (&reader, 0, &properties))
    return matched (data, length, NULL, info);

  return matched (data, length, &properties, info);
}
