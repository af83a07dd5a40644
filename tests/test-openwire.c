/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-openwire.c: the WireFormatInfo parser, on ActiveMQ's real first frame and on hostile ones */
#include "config.h"

#include <string.h>

#include "portolan-protocols-private.h"
#include "portolan-test-daemons.h"
#include "portolan-test-time.h"

#define ANSWER_TIMEOUT_MS 10000

/* ActiveMQ 5.17.2 (Debian's activemq 5.17.2+dfsg-2+deb12u1),
 * PORTOLAN_TEST_ACTIVEMQ, as soon as the connection opened: size 338,
 * type 1, "ActiveMQ", OpenWire 12, then properties (marker 1, length
 * 320): a PrimitiveMap of 13 entries, StackTraceEnabled … ProviderName
 * "ActiveMQ" … ProviderVersion "5.17.2", the last */
static const guint8 activemq_wire_format_info[] = {
  0x00, 0x00, 0x01, 0x52, 0x01, 0x41, 0x63, 0x74, 0x69, 0x76, 0x65, 0x4d,
  0x51, 0x00, 0x00, 0x00, 0x0c, 0x01, 0x00, 0x00, 0x01, 0x40, 0x00, 0x00,
  0x00, 0x0d, 0x00, 0x11, 0x53, 0x74, 0x61, 0x63, 0x6b, 0x54, 0x72, 0x61,
  0x63, 0x65, 0x45, 0x6e, 0x61, 0x62, 0x6c, 0x65, 0x64, 0x01, 0x01, 0x00,
  0x0f, 0x50, 0x6c, 0x61, 0x74, 0x66, 0x6f, 0x72, 0x6d, 0x44, 0x65, 0x74,
  0x61, 0x69, 0x6c, 0x73, 0x09, 0x00, 0x04, 0x4a, 0x61, 0x76, 0x61, 0x00,
  0x0c, 0x43, 0x61, 0x63, 0x68, 0x65, 0x45, 0x6e, 0x61, 0x62, 0x6c, 0x65,
  0x64, 0x01, 0x01, 0x00, 0x11, 0x54, 0x63, 0x70, 0x4e, 0x6f, 0x44, 0x65,
  0x6c, 0x61, 0x79, 0x45, 0x6e, 0x61, 0x62, 0x6c, 0x65, 0x64, 0x01, 0x01,
  0x00, 0x12, 0x53, 0x69, 0x7a, 0x65, 0x50, 0x72, 0x65, 0x66, 0x69, 0x78,
  0x44, 0x69, 0x73, 0x61, 0x62, 0x6c, 0x65, 0x64, 0x01, 0x00, 0x00, 0x09,
  0x43, 0x61, 0x63, 0x68, 0x65, 0x53, 0x69, 0x7a, 0x65, 0x05, 0x00, 0x00,
  0x04, 0x00, 0x00, 0x0c, 0x50, 0x72, 0x6f, 0x76, 0x69, 0x64, 0x65, 0x72,
  0x4e, 0x61, 0x6d, 0x65, 0x09, 0x00, 0x08, 0x41, 0x63, 0x74, 0x69, 0x76,
  0x65, 0x4d, 0x51, 0x00, 0x14, 0x54, 0x69, 0x67, 0x68, 0x74, 0x45, 0x6e,
  0x63, 0x6f, 0x64, 0x69, 0x6e, 0x67, 0x45, 0x6e, 0x61, 0x62, 0x6c, 0x65,
  0x64, 0x01, 0x01, 0x00, 0x0c, 0x4d, 0x61, 0x78, 0x46, 0x72, 0x61, 0x6d,
  0x65, 0x53, 0x69, 0x7a, 0x65, 0x06, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff,
  0xff, 0xff, 0x00, 0x15, 0x4d, 0x61, 0x78, 0x49, 0x6e, 0x61, 0x63, 0x74,
  0x69, 0x76, 0x69, 0x74, 0x79, 0x44, 0x75, 0x72, 0x61, 0x74, 0x69, 0x6f,
  0x6e, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x75, 0x30, 0x00, 0x20,
  0x4d, 0x61, 0x78, 0x49, 0x6e, 0x61, 0x63, 0x74, 0x69, 0x76, 0x69, 0x74,
  0x79, 0x44, 0x75, 0x72, 0x61, 0x74, 0x69, 0x6f, 0x6e, 0x49, 0x6e, 0x69,
  0x74, 0x61, 0x6c, 0x44, 0x65, 0x6c, 0x61, 0x79, 0x06, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x27, 0x10, 0x00, 0x13, 0x4d, 0x61, 0x78, 0x46, 0x72,
  0x61, 0x6d, 0x65, 0x53, 0x69, 0x7a, 0x65, 0x45, 0x6e, 0x61, 0x62, 0x6c,
  0x65, 0x64, 0x01, 0x01, 0x00, 0x0f, 0x50, 0x72, 0x6f, 0x76, 0x69, 0x64,
  0x65, 0x72, 0x56, 0x65, 0x72, 0x73, 0x69, 0x6f, 0x6e, 0x09, 0x00, 0x06,
  0x35, 0x2e, 0x31, 0x37, 0x2e, 0x32,
};

#define MAGIC_END      13
#define VERSION_END    17
#define MAP_AT         22

static GError *private_network_error;

/* --- Helpers --- */

static PortolanAnswer
parse (const guint8         *data,
       gsize                 length,
       gboolean              complete,
       PortolanServiceInfo **info)
{
  PortolanAnswer answer;

  *info = portolan_service_info_new ("openwire");
  answer = _portolan_openwire_parse (data, length, complete, *info);
  if (answer != PORTOLAN_ANSWER_MATCHED)
    {
      /* Nothing is written unless it matched */
      g_assert_null ((*info)->answered);
      g_assert_null ((*info)->version);
      g_assert_cmpuint ((*info)->facts->len, ==, 0);
    }
  if (complete)
    g_assert_cmpint (answer, !=, PORTOLAN_ANSWER_NEED_MORE);

  return answer;
}

static PortolanAnswer
parse_only (const guint8 *data,
            gsize         length,
            gboolean      complete)
{
  g_autoptr(PortolanServiceInfo) info = NULL;

  return parse (data, length, complete, &info);
}

static void
dump (const char   *what,
      const guint8 *data,
      gsize         length)
{
  GString *hex = g_string_new (NULL);

  for (gsize i = 0; i < length; i++)
    g_string_append_printf (hex, "0x%02x,%s", data[i], i % 12 == 11 ? "\n" : " ");
  g_test_message ("%s, %" G_GSIZE_FORMAT " bytes:\n%s", what, length, hex->str);
  g_string_free (hex, TRUE);
}

/* A WireFormatInfo, OpenWire 12, whose properties are @map */
static GByteArray *
wire_format_info (const guint8 *map,
                  gsize         map_length)
{
  GByteArray *frame = g_byte_array_new ();
  guint32 size = 1 + 8 + 4 + 1 + 4 + map_length;

  g_byte_array_append (frame, (const guint8[]) { size >> 24, size >> 16 & 0xff, size >> 8 & 0xff, size & 0xff }, 4);
  g_byte_array_append (frame, (const guint8 *) "\001ActiveMQ\000\000\000\014\001", 14);
  g_byte_array_append (frame, (const guint8[]) { map_length >> 24, map_length >> 16 & 0xff,
                                                 map_length >> 8 & 0xff, map_length & 0xff }, 4);
  g_byte_array_append (frame, map, map_length);

  return frame;
}

/* --- The parser --- */

static void
test_activemq (void)
{
  g_autoptr(PortolanServiceInfo) info = NULL;

  g_assert_cmpint (parse (activemq_wire_format_info, sizeof activemq_wire_format_info, FALSE, &info), ==,
                   PORTOLAN_ANSWER_MATCHED);
  g_assert_cmpstr (info->answered, ==, "openwire");
  g_assert_cmpstr (info->version, ==, "5.17.2");
  g_assert_cmpstr (portolan_service_info_lookup (info, "provider"), ==, "ActiveMQ");
  g_assert_cmpstr (portolan_service_info_lookup (info, "activemq_version"), ==, "5.17.2");
  g_assert_cmpstr (portolan_service_info_lookup (info, "protocol_version"), ==, "12");
  g_assert_cmpuint (info->facts->len, ==, 3);
  g_assert_null (info->warning);
}

/* Nothing before the magic came; then it waits for the properties, and
 * when they do not come, the magic and version are enough */
static void
test_truncated (void)
{
  for (gsize length = 0; length < sizeof activemq_wire_format_info; length++)
    {
      g_autoptr(PortolanServiceInfo) info = NULL;
      PortolanAnswer complete = parse (activemq_wire_format_info, length, TRUE, &info);

      g_assert_cmpint (parse_only (activemq_wire_format_info, length, FALSE), ==, PORTOLAN_ANSWER_NEED_MORE);
      if (length < MAGIC_END)
        {
          g_assert_cmpint (complete, ==, PORTOLAN_ANSWER_MISMATCH);
          continue;
        }

      g_assert_cmpint (complete, ==, PORTOLAN_ANSWER_MATCHED);
      g_assert_cmpstr (info->answered, ==, "openwire");
      g_assert_null (portolan_service_info_lookup (info, "provider"));
      if (length < VERSION_END)
        g_assert_null (info->version);
      else
        g_assert_cmpstr (info->version, ==, "12");
    }

  /* What follows the frame (the broker's next command) changes nothing */
  for (gsize extra = 0; extra < 8; extra++)
    {
      g_autoptr(GByteArray) longer = g_byte_array_new ();
      g_autoptr(PortolanServiceInfo) info = NULL;

      g_byte_array_append (longer, activemq_wire_format_info, sizeof activemq_wire_format_info);
      g_byte_array_append (longer, (const guint8 *) "\xff\xff\xff\xff\xff\xff\xff\xff", extra);
      g_assert_cmpint (parse (longer->data, longer->len, FALSE, &info), ==, PORTOLAN_ANSWER_MATCHED);
      g_assert_cmpstr (info->version, ==, "5.17.2");
    }
}

static void
test_other_protocols (void)
{
  static const char * const answers[] = {
    "HTTP/1.1 400 Bad Request\r\nServer: nginx\r\n\r\n",
    "SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n",
    "RFB 003.008\n",
    /* A STOMP frame, as a broker's other connector says */
    "ERROR\nmessage:Unknown STOMP action\n\n",
  };
  static const guint8 tls_alert[] = { 0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28 };
  /* Another type than WireFormatInfo (KeepAliveInfo, 10) */
  static const guint8 keep_alive[] = { 0x00, 0x00, 0x00, 0x11, 0x0a, 'A', 'c', 't', 'i', 'v', 'e', 'M', 'Q' };
  /* The magic off by one letter */
  static const guint8 not_magic[] = { 0x00, 0x00, 0x00, 0x11, 0x01, 'A', 'c', 't', 'i', 'v', 'e', 'm', 'Q' };

  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      g_assert_cmpint (parse_only ((const guint8 *) answers[i], strlen (answers[i]), FALSE), ==,
                       PORTOLAN_ANSWER_MISMATCH);
      g_assert_cmpint (parse_only ((const guint8 *) answers[i], 4, FALSE), ==, PORTOLAN_ANSWER_MISMATCH);
    }
  g_assert_cmpint (parse_only (tls_alert, sizeof tls_alert, FALSE), ==, PORTOLAN_ANSWER_MISMATCH);
  g_assert_cmpint (parse_only (keep_alive, 4, FALSE), ==, PORTOLAN_ANSWER_NEED_MORE);
  g_assert_cmpint (parse_only (keep_alive, 5, FALSE), ==, PORTOLAN_ANSWER_MISMATCH);
  g_assert_cmpint (parse_only (not_magic, sizeof not_magic - 2, FALSE), ==, PORTOLAN_ANSWER_NEED_MORE);
  g_assert_cmpint (parse_only (not_magic, sizeof not_magic - 1, FALSE), ==, PORTOLAN_ANSWER_MISMATCH);
  g_assert_cmpint (parse_only (NULL, 0, FALSE), ==, PORTOLAN_ANSWER_NEED_MORE);
  g_assert_cmpint (parse_only (NULL, 0, TRUE), ==, PORTOLAN_ANSWER_MISMATCH);
}

/* Sizes that cannot hold the magic, or more than a first frame ever is */
static void
test_hostile_size (void)
{
  static const guint8 sizes[][4] = {
    { 0x00, 0x00, 0x00, 0x00 },
    { 0x00, 0x00, 0x00, 0x0c },
    { 0x00, 0x01, 0x00, 0x00 },
    { 0x7f, 0xff, 0xff, 0xff },
    { 0xff, 0xff, 0xff, 0xff },
  };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree guint8 *frame = g_memdup2 (activemq_wire_format_info, sizeof activemq_wire_format_info);

      memcpy (frame, sizes[i], 4);
      g_assert_cmpint (parse_only (frame, 3, FALSE), ==, PORTOLAN_ANSWER_NEED_MORE);
      g_assert_cmpint (parse_only (frame, 4, FALSE), ==, PORTOLAN_ANSWER_MISMATCH);
      g_assert_cmpint (parse_only (frame, sizeof activemq_wire_format_info, TRUE), ==, PORTOLAN_ANSWER_MISMATCH);
    }
}

/* No properties at all (the marker 0): the OpenWire version alone */
static void
test_no_properties (void)
{
  static const guint8 frame[] = {
    0x00, 0x00, 0x00, 0x0e, 0x01, 'A', 'c', 't', 'i', 'v', 'e', 'M', 'Q', 0x00, 0x00, 0x00, 0x01, 0x00,
  };
  g_autoptr(PortolanServiceInfo) info = NULL;

  g_assert_cmpint (parse_only (frame, sizeof frame - 1, FALSE), ==, PORTOLAN_ANSWER_NEED_MORE);
  g_assert_cmpint (parse (frame, sizeof frame, FALSE, &info), ==, PORTOLAN_ANSWER_MATCHED);
  g_assert_cmpstr (info->version, ==, "1");
  g_assert_cmpstr (portolan_service_info_lookup (info, "protocol_version"), ==, "1");
  g_assert_cmpuint (info->facts->len, ==, 1);
}

/* Properties that do not parse still leave the magic: a match, with
 * nothing of them kept, as soon as it is clear */
static void
test_garbled_properties (void)
{
  static const struct
  {
    const char *what;
    guint8      map[48];
    gsize       length;
  } cases[] = {
    /* ProviderName "ActiveMQ", then a count promising more */
    { "count past the end", { 0, 0, 0, 2, 0, 12, 'P', 'r', 'o', 'v', 'i', 'd', 'e', 'r', 'N', 'a', 'm', 'e',
                              9, 0, 8, 'A', 'c', 't', 'i', 'v', 'e', 'M', 'Q' }, 29 },
    { "huge count", { 0x7f, 0xff, 0xff, 0xff, 0, 1, 'k', 1, 1 }, 9 },
    { "string past the end", { 0, 0, 0, 1, 0, 12, 'P', 'r', 'o', 'v', 'i', 'd', 'e', 'r', 'N', 'a', 'm', 'e',
                               9, 0xff, 0xff, 'A' }, 22 },
    { "key past the end", { 0, 0, 0, 1, 0x10, 0x00, 'k' }, 7 },
    { "unknown type", { 0, 0, 0, 1, 0, 1, 'k', 42, 0, 0, 0, 0 }, 12 },
    { "big string past the end", { 0, 0, 0, 1, 0, 1, 'k', 13, 0x80, 0, 0, 0, 'x' }, 13 },
    { "byte array past the end", { 0, 0, 0, 1, 0, 1, 'k', 10, 0xff, 0xff, 0xff, 0xff, 'x' }, 13 },
    { "list past the end", { 0, 0, 0, 1, 0, 1, 'k', 12, 0xff, 0xff, 0xff, 0xff, 1, 1 }, 14 },
    /* Lists in lists, deeper than any broker nests them */
    { "too deep", { 0, 0, 0, 1, 0, 1, 'k', 12, 0, 0, 0, 1, 12, 0, 0, 0, 1, 12, 0, 0, 0, 1, 12, 0, 0, 0, 1,
                    12, 0, 0, 0, 1, 12, 0, 0, 0, 1, 1, 1 }, 39 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GByteArray) frame = wire_format_info (cases[i].map, cases[i].length);
      g_autoptr(PortolanServiceInfo) info = NULL;

      g_test_message ("%s", cases[i].what);
      g_assert_cmpint (parse_only (frame->data, frame->len - 1, FALSE), ==, PORTOLAN_ANSWER_NEED_MORE);
      g_assert_cmpint (parse (frame->data, frame->len, FALSE, &info), ==, PORTOLAN_ANSWER_MATCHED);
      g_assert_cmpstr (info->version, ==, "12");
      g_assert_null (portolan_service_info_lookup (info, "provider"));
      g_assert_cmpuint (info->facts->len, ==, 1);
    }
}

/* A properties length beyond the frame is clear at once */
static void
test_hostile_properties_length (void)
{
  g_autofree guint8 *frame = g_memdup2 (activemq_wire_format_info, sizeof activemq_wire_format_info);
  g_autoptr(PortolanServiceInfo) info = NULL;

  frame[MAP_AT - 4] = 0x7f;
  g_assert_cmpint (parse_only (frame, MAP_AT - 1, FALSE), ==, PORTOLAN_ANSWER_NEED_MORE);
  g_assert_cmpint (parse (frame, MAP_AT, FALSE, &info), ==, PORTOLAN_ANSWER_MATCHED);
  g_assert_cmpstr (info->version, ==, "12");
  g_assert_cmpuint (info->facts->len, ==, 1);
}

/* Every value type skipped over, a map and a list nested, and the
 * provider found after them; without ProviderVersion the version is
 * OpenWire's */
static void
test_value_types (void)
{
  static const guint8 map[] = {
    0, 0, 0, 12,
    0, 1, 'a', 0,                                  /* null */
    0, 1, 'b', 1, 1,                               /* boolean */
    0, 1, 'c', 2, 0x7f,                            /* byte */
    0, 1, 'd', 3, 0, 'x',                          /* char */
    0, 1, 'e', 4, 0, 1,                            /* short */
    0, 1, 'f', 8, 0, 0, 0, 0,                      /* float */
    0, 1, 'g', 7, 0, 0, 0, 0, 0, 0, 0, 0,          /* double */
    0, 1, 'h', 10, 0, 0, 0, 2, 0xff, 0xfe,         /* bytes */
    0, 1, 'i', 13, 0, 0, 0, 1, 'y',                /* big string */
    0, 1, 'j', 11, 0, 0, 0, 1, 0, 1, 'k', 5, 0, 0, 0, 9, /* map of an integer */
    0, 1, 'l', 12, 0, 0, 0, 2, 6, 0, 0, 0, 0, 0, 0, 0, 1, 9, 0, 0, /* list of a long and "" */
    0, 12, 'P', 'r', 'o', 'v', 'i', 'd', 'e', 'r', 'N', 'a', 'm', 'e', 9, 0, 4, 'B', 'r', 'k', '\n',
  };
  g_autoptr(GByteArray) frame = wire_format_info (map, sizeof map);
  g_autoptr(PortolanServiceInfo) info = NULL;

  g_assert_cmpint (parse (frame->data, frame->len, FALSE, &info), ==, PORTOLAN_ANSWER_MATCHED);
  g_assert_cmpstr (portolan_service_info_lookup (info, "provider"), ==, "Brk");
  g_assert_null (portolan_service_info_lookup (info, "activemq_version"));
  g_assert_cmpstr (info->version, ==, "12");
}

/* --- Against the real server --- */

static void
test_live (void)
{
  g_autoptr(PortolanTestDaemon) daemon = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(PortolanServiceInfo) info = NULL;
  g_autoptr(GByteArray) answer = g_byte_array_new ();
  PortolanAnswer verdict = PORTOLAN_ANSWER_NEED_MORE;
  guint8 buffer[4096];

  if (portolan_test_daemon_skip_if_missing (private_network_error))
    return;
  daemon = portolan_test_daemon_start (PORTOLAN_TEST_ACTIVEMQ, NULL, 0, &error);
  if (portolan_test_daemon_skip_if_missing (error))
    return;
  g_assert_no_error (error);

  g_socket_client_set_enable_proxy (client, FALSE);
  g_socket_client_set_timeout (client, portolan_test_scale_ms (ANSWER_TIMEOUT_MS) / 1000);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", 61616, NULL, &error);
  g_assert_no_error (error);
  /* The broker speaks first; nothing is sent */
  while (verdict == PORTOLAN_ANSWER_NEED_MORE && answer->len < PORTOLAN_ANSWER_MAX_BYTES)
    {
      gssize got = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (connection)), buffer,
                                        MIN (sizeof buffer, PORTOLAN_ANSWER_MAX_BYTES - answer->len),
                                        NULL, &error);

      g_assert_no_error (error);
      if (got == 0)
        break;
      g_byte_array_append (answer, buffer, got);
      g_clear_pointer (&info, portolan_service_info_free);
      verdict = parse (answer->data, answer->len, FALSE, &info);
    }
  dump ("ActiveMQ's answer", answer->data, answer->len);

  g_assert_cmpint (verdict, ==, PORTOLAN_ANSWER_MATCHED);
  g_assert_cmpstr (info->answered, ==, "openwire");
  g_assert_cmpstr (portolan_service_info_lookup (info, "provider"), ==, "ActiveMQ");
  g_assert_cmpstr (portolan_service_info_lookup (info, "activemq_version"), ==, info->version);
  g_assert_true (g_str_has_prefix (info->version, "5."));
  g_assert_nonnull (portolan_service_info_lookup (info, "protocol_version"));
  g_assert_cmpuint (answer->len, ==, 4 + (answer->data[2] << 8 | answer->data[3]));
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  /* Before anything starts a thread: unshare () moves only this one */
  portolan_test_private_network (&private_network_error);

  g_test_add_func ("/openwire/activemq", test_activemq);
  g_test_add_func ("/openwire/truncated", test_truncated);
  g_test_add_func ("/openwire/other-protocols", test_other_protocols);
  g_test_add_func ("/openwire/hostile-size", test_hostile_size);
  g_test_add_func ("/openwire/no-properties", test_no_properties);
  g_test_add_func ("/openwire/garbled-properties", test_garbled_properties);
  g_test_add_func ("/openwire/hostile-properties-length", test_hostile_properties_length);
  g_test_add_func ("/openwire/value-types", test_value_types);
  g_test_add_func ("/openwire/live", test_live);

  status = g_test_run ();
  g_clear_error (&private_network_error);

  return status;
}
