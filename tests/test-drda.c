/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-drda.c: the EXCSAT the DRDA check sends, and the EXCSATRD parser, on Derby's real answer */
#include "config.h"

#include <string.h>

#include "portolan-protocols-private.h"
#include "portolan-test-daemons.h"
#include "portolan-test-time.h"

#define ANSWER_TIMEOUT_MS 10000

/* Derby 10.14.2.0 (Debian's libderby-java 10.14.2.0-2), PORTOLAN_TEST_DERBY,
 * answering _portolan_drda_build_request (): one reply DSS (0xd0 0x02,
 * correlation 1) of EXCSATRD (0x1443) with EXTNAM "NetworkServerControl
 * main", MGRLVLLS echoing our five managers at our levels, SRVCLSNM
 * "Apache Derby", SRVNAM "NetworkServerControl" and SRVRLSLV
 * "CSS10140/10.14.2.0 - (???)", all in EBCDIC */
static const guint8 derby_excsatrd[] = {
  0x00, 0x85, 0xd0, 0x02, 0x00, 0x01, 0x00, 0x7f, 0x14, 0x43, 0x00, 0x1d,
  0x11, 0x5e, 0xd5, 0x85, 0xa3, 0xa6, 0x96, 0x99, 0x92, 0xe2, 0x85, 0x99,
  0xa5, 0x85, 0x99, 0xc3, 0x96, 0x95, 0xa3, 0x99, 0x96, 0x93, 0x40, 0x94,
  0x81, 0x89, 0x95, 0x00, 0x18, 0x14, 0x04, 0x14, 0x03, 0x00, 0x07, 0x24,
  0x07, 0x00, 0x07, 0x24, 0x0f, 0x00, 0x07, 0x14, 0x40, 0x00, 0x07, 0x14,
  0x74, 0x00, 0x05, 0x00, 0x10, 0x11, 0x47, 0xc1, 0x97, 0x81, 0x83, 0x88,
  0x85, 0x40, 0xc4, 0x85, 0x99, 0x82, 0xa8, 0x00, 0x18, 0x11, 0x6d, 0xd5,
  0x85, 0xa3, 0xa6, 0x96, 0x99, 0x92, 0xe2, 0x85, 0x99, 0xa5, 0x85, 0x99,
  0xc3, 0x96, 0x95, 0xa3, 0x99, 0x96, 0x93, 0x00, 0x1e, 0x11, 0x5a, 0xc3,
  0xe2, 0xe2, 0xf1, 0xf0, 0xf1, 0xf4, 0xf0, 0x61, 0xf1, 0xf0, 0x4b, 0xf1,
  0xf4, 0x4b, 0xf2, 0x4b, 0xf0, 0x40, 0x60, 0x40, 0x4d, 0x6f, 0x6f, 0x6f,
  0x5d,
};

/* Where in it SRVRLSLV starts */
#define DERBY_SRVRLSLV_AT 103

static GError *private_network_error;

/* --- Helpers --- */

static PortolanAnswer
parse (const guint8         *data,
       gsize                 length,
       gboolean              complete,
       PortolanServiceInfo **info)
{
  PortolanAnswer answer;

  *info = portolan_service_info_new ("drda");
  answer = _portolan_drda_parse (data, length, complete, *info);
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

/* A copy of the capture with @count bytes from @at replaced */
static guint8 *
patched (gsize         at,
         const guint8 *bytes,
         gsize         count)
{
  guint8 *copy = g_memdup2 (derby_excsatrd, sizeof derby_excsatrd);

  memcpy (copy + at, bytes, count);
  return copy;
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

static guint16
be16 (const guint8 *data)
{
  return data[0] << 8 | data[1];
}

/* --- The request --- */

/* EBCDIC (CCSID 500) of the letters and digits the request says */
static char *
ebcdic_to_ascii (const guint8 *data,
                 gsize         length)
{
  char *text = g_malloc0 (length + 1);

  for (gsize i = 0; i < length; i++)
    {
      guint8 c = data[i];

      if (c >= 0x81 && c <= 0x89)
        text[i] = 'a' + c - 0x81;
      else if (c >= 0x91 && c <= 0x99)
        text[i] = 'j' + c - 0x91;
      else if (c >= 0xa2 && c <= 0xa9)
        text[i] = 's' + c - 0xa2;
      else if (c >= 0xc1 && c <= 0xc9)
        text[i] = 'A' + c - 0xc1;
      else if (c >= 0xd1 && c <= 0xd9)
        text[i] = 'J' + c - 0xd1;
      else if (c >= 0xe2 && c <= 0xe9)
        text[i] = 'S' + c - 0xe2;
      else if (c >= 0xf0 && c <= 0xf9)
        text[i] = '0' + c - 0xf0;
      else
        text[i] = '?';
    }

  return text;
}

static void
test_request (void)
{
  g_autoptr(GBytes) request = _portolan_drda_build_request ();
  gsize length;
  const guint8 *data = g_bytes_get_data (request, &length);
  static const guint8 managers[] = {
    0x14, 0x03, 0x00, 0x07, /* AGENT 7 */
    0x24, 0x07, 0x00, 0x07, /* SQLAM 7 */
    0x24, 0x0f, 0x00, 0x07, /* RDB 7 */
    0x14, 0x40, 0x00, 0x07, /* SECMGR 7 */
    0x14, 0x74, 0x00, 0x05, /* CMNTCPIP 5 */
  };
  static const struct
  {
    guint16     code_point;
    const char *text;
  } strings[] = {
    { 0x115e, "portolan" }, /* EXTNAM */
    { 0x116d, "portolan" }, /* SRVNAM */
    { 0x115a, "PTL00010" }, /* SRVRLSLV */
    { 0, NULL },            /* MGRLVLLS */
    { 0x1147, "PORTOLAN" }, /* SRVCLSNM */
  };
  gsize at;

  /* The DSS header: its length, the magic, a request DSS not chained,
   * correlation id 1 */
  g_assert_cmpuint (length, ==, 82);
  g_assert_cmpuint (be16 (data), ==, length);
  g_assert_cmpint (data[2], ==, 0xd0);
  g_assert_cmpint (data[3], ==, 0x01);
  g_assert_cmpuint (be16 (data + 4), ==, 1);

  /* One DDM command, EXCSAT, filling the DSS */
  g_assert_cmpuint (be16 (data + 6), ==, length - 6);
  g_assert_cmpuint (be16 (data + 8), ==, 0x1041);

  at = 10;
  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    {
      guint16 size = be16 (data + at);

      g_assert_cmpuint (at + size, <=, length);
      if (strings[i].text == NULL)
        {
          g_assert_cmpuint (be16 (data + at + 2), ==, 0x1404);
          g_assert_cmpuint (size, ==, 4 + sizeof managers);
          g_assert_cmpmem (data + at + 4, size - 4, managers, sizeof managers);
        }
      else
        {
          g_autofree char *text = ebcdic_to_ascii (data + at + 4, size - 4);

          g_assert_cmpuint (be16 (data + at + 2), ==, strings[i].code_point);
          g_assert_cmpstr (text, ==, strings[i].text);
        }
      at += size;
    }
  g_assert_cmpuint (at, ==, length);
}

/* --- The parser --- */

static void
test_derby (void)
{
  g_autoptr(PortolanServiceInfo) info = NULL;

  g_assert_cmpint (parse (derby_excsatrd, sizeof derby_excsatrd, FALSE, &info), ==, PORTOLAN_ANSWER_MATCHED);
  g_assert_cmpstr (info->answered, ==, "drda");
  g_assert_cmpstr (info->version, ==, "10.14.2.0");
  g_assert_cmpstr (portolan_service_info_lookup (info, "server_class"), ==, "Apache Derby");
  g_assert_cmpstr (portolan_service_info_lookup (info, "release"), ==, "CSS10140/10.14.2.0 - (?\?\?)");
  g_assert_cmpstr (portolan_service_info_lookup (info, "server_name"), ==, "NetworkServerControl");
  g_assert_cmpuint (info->facts->len, ==, 3);
  g_assert_null (info->warning);
}

/* Nothing is decided before the whole DSS came; after, more bytes (the
 * next DSS) change nothing */
static void
test_truncated (void)
{
  g_autofree guint8 *longer = g_malloc0 (sizeof derby_excsatrd + 16);

  for (gsize length = 0; length < sizeof derby_excsatrd; length++)
    {
      g_assert_cmpint (parse_only (derby_excsatrd, length, FALSE), ==, PORTOLAN_ANSWER_NEED_MORE);
      g_assert_cmpint (parse_only (derby_excsatrd, length, TRUE), ==, PORTOLAN_ANSWER_MISMATCH);
    }

  memcpy (longer, derby_excsatrd, sizeof derby_excsatrd);
  for (gsize length = sizeof derby_excsatrd; length <= sizeof derby_excsatrd + 16; length++)
    {
      g_autoptr(PortolanServiceInfo) info = NULL;

      g_assert_cmpint (parse (longer, length, length % 2 == 0, &info), ==, PORTOLAN_ANSWER_MATCHED);
      g_assert_cmpstr (info->version, ==, "10.14.2.0");
    }
}

static void
test_other_protocols (void)
{
  static const char * const answers[] = {
    "HTTP/1.1 400 Bad Request\r\nServer: nginx\r\n\r\n",
    "SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n",
    "RFB 003.008\n",
    "-ERR unknown command\r\n",
  };
  /* A TLS alert record: handshake failure */
  static const guint8 tls_alert[] = { 0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28 };
  /* PostgreSQL's ErrorResponse to a request it cannot read */
  static const guint8 postgresql[] = { 'E', 0x00, 0x00, 0x00, 0x60, 'S', 'F', 'A', 'T', 'A', 'L', 0x00 };

  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      g_assert_cmpint (parse_only ((const guint8 *) answers[i], strlen (answers[i]), FALSE), ==,
                       PORTOLAN_ANSWER_MISMATCH);
      /* Two bytes are enough to rule most of them out */
      g_assert_cmpint (parse_only ((const guint8 *) answers[i], 3, FALSE), ==, PORTOLAN_ANSWER_MISMATCH);
    }
  g_assert_cmpint (parse_only (tls_alert, sizeof tls_alert, FALSE), ==, PORTOLAN_ANSWER_MISMATCH);
  g_assert_cmpint (parse_only (postgresql, sizeof postgresql, FALSE), ==, PORTOLAN_ANSWER_MISMATCH);
  g_assert_cmpint (parse_only (NULL, 0, TRUE), ==, PORTOLAN_ANSWER_MISMATCH);
  g_assert_cmpint (parse_only (NULL, 0, FALSE), ==, PORTOLAN_ANSWER_NEED_MORE);
}

/* Each length is checked against the one around it, as soon as it came */
static void
test_hostile_lengths (void)
{
  static const struct
  {
    gsize        at;
    guint8       bytes[2];
    gsize        decided;  /* how many bytes show it */
  } cases[] = {
    { 0, { 0x00, 0x09 }, 2 },  /* a DSS too short for a DDM header */
    { 0, { 0x80, 0x85 }, 1 },  /* continued: no EXCSATRD is that long */
    { 0, { 0xff, 0xff }, 1 },
    { 2, { 0xd1, 0x02 }, 3 },  /* not the magic */
    { 2, { 0xd0, 0x01 }, 4 },  /* a request, not a reply */
    { 6, { 0x00, 0x80 }, 8 },  /* a DDM longer than its DSS */
    { 6, { 0x00, 0x03 }, 8 },  /* a DDM shorter than its header */
    { 6, { 0xff, 0xff }, 8 },  /* an extended length */
    { 8, { 0x14, 0x41 }, 10 }, /* EXCSAT itself, echoed */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree guint8 *answer = patched (cases[i].at, cases[i].bytes, 2);

      g_test_message ("case %u", i);
      if (cases[i].decided > 1)
        g_assert_cmpint (parse_only (answer, cases[i].decided - 1, FALSE), ==, PORTOLAN_ANSWER_NEED_MORE);
      g_assert_cmpint (parse_only (answer, cases[i].decided, FALSE), ==, PORTOLAN_ANSWER_MISMATCH);
      g_assert_cmpint (parse_only (answer, sizeof derby_excsatrd, FALSE), ==, PORTOLAN_ANSWER_MISMATCH);
    }
}

/* A parameter whose length runs past the DDM, or is under its header,
 * makes the whole answer no EXCSATRD */
static void
test_hostile_parameters (void)
{
  static const guint8 past_end[] = { 0x00, 0x1f };
  static const guint8 too_short[] = { 0x00, 0x03 };
  static const guint8 zero[] = { 0x00, 0x00 };
  g_autofree guint8 *longer = patched (DERBY_SRVRLSLV_AT, past_end, 2);
  g_autofree guint8 *shorter = patched (DERBY_SRVRLSLV_AT, too_short, 2);
  g_autofree guint8 *nothing = patched (12 - 2, zero, 2);
  /* A DDM ending 2 bytes into its last parameter */
  g_autofree guint8 *cut = g_memdup2 (derby_excsatrd, sizeof derby_excsatrd);

  g_assert_cmpint (parse_only (longer, sizeof derby_excsatrd, FALSE), ==, PORTOLAN_ANSWER_MISMATCH);
  g_assert_cmpint (parse_only (shorter, sizeof derby_excsatrd, FALSE), ==, PORTOLAN_ANSWER_MISMATCH);
  g_assert_cmpint (parse_only (nothing, sizeof derby_excsatrd, FALSE), ==, PORTOLAN_ANSWER_MISMATCH);

  cut[7] = 0x7f - 28;
  cut[1] = 0x85 - 28;
  g_assert_cmpint (parse_only (cut, sizeof derby_excsatrd - 28, FALSE), ==, PORTOLAN_ANSWER_MISMATCH);
}

/* A DRDA server that rejects the EXCSAT is still DRDA: SYNTAXRM with
 * SVRCOD 8 and SYNERRCD 0x0e */
static void
test_reply_message (void)
{
  static const guint8 syntaxrm[] = {
    0x00, 0x13, 0xd0, 0x02, 0x00, 0x01,
    0x00, 0x0d, 0x12, 0x4c,
    0x00, 0x06, 0x11, 0x49, 0x00, 0x08,
    0x00, 0x05, 0x11, 0x4a, 0x0e,
  };
  g_autoptr(PortolanServiceInfo) info = NULL;

  g_assert_cmpint (parse (syntaxrm, sizeof syntaxrm - 2, FALSE, &info), ==, PORTOLAN_ANSWER_MATCHED);
  g_assert_cmpstr (info->answered, ==, "drda");
  g_assert_null (info->version);
  g_assert_cmpuint (info->facts->len, ==, 0);
}

/* An EXCSATRD built here: SRVRLSLV @release and SRVCLSNM @class, EBCDIC */
static GByteArray *
excsatrd (const guint8 *release,
          gsize         release_length,
          const guint8 *class,
          gsize         class_length)
{
  GByteArray *answer = g_byte_array_new ();
  gsize length = 6 + 4 + 4 + release_length + 4 + class_length;

  g_byte_array_append (answer, (const guint8[]) { length >> 8, length & 0xff, 0xd0, 0x02, 0x00, 0x01 }, 6);
  length -= 6;
  g_byte_array_append (answer, (const guint8[]) { length >> 8, length & 0xff, 0x14, 0x43 }, 4);
  g_byte_array_append (answer, (const guint8[]) { 0, 4 + release_length, 0x11, 0x5a }, 4);
  g_byte_array_append (answer, release, release_length);
  g_byte_array_append (answer, (const guint8[]) { 0, 4 + class_length, 0x11, 0x47 }, 4);
  g_byte_array_append (answer, class, class_length);

  return answer;
}

static void
test_release (void)
{
  /* "CSS10142": a bare PRDID, MMmmx */
  static const guint8 prdid[] = { 0xc3, 0xe2, 0xe2, 0xf1, 0xf0, 0xf1, 0xf4, 0xf2 };
  /* "DSN11015", DB2 for z/OS's, also a PRDID */
  static const guint8 db2[] = { 0xc4, 0xe2, 0xd5, 0xf1, 0xf1, 0xf0, 0xf1, 0xf5 };
  /* "V7R1": no digits where a PRDID has them */
  static const guint8 other[] = { 0xe5, 0xf7, 0xd9, 0xf1 };
  /* "QDB2/NT[|]^!", the characters CCSIDs 500 and 37 place apart, then
   * a NUL and an EBCDIC newline that no table maps */
  static const guint8 class[] = { 0xd8, 0xc4, 0xc2, 0xf2, 0x61, 0xd5, 0xe3, 0x4a, 0xbb, 0x5a, 0x5f, 0x4f, 0x00, 0x25 };
  const struct
  {
    const guint8 *release;
    gsize         length;
    const char   *text;
    const char   *version;
  } cases[] = {
    { prdid, sizeof prdid, "CSS10142", "10.14" },
    { db2, sizeof db2, "DSN11015", "11.1" },
    { other, sizeof other, "V7R1", "V7R1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GByteArray) answer = excsatrd (cases[i].release, cases[i].length, class, sizeof class);
      g_autoptr(PortolanServiceInfo) info = NULL;

      g_assert_cmpint (parse (answer->data, answer->len, FALSE, &info), ==, PORTOLAN_ANSWER_MATCHED);
      g_assert_cmpstr (portolan_service_info_lookup (info, "release"), ==, cases[i].text);
      g_assert_cmpstr (info->version, ==, cases[i].version);
      g_assert_cmpstr (portolan_service_info_lookup (info, "server_class"), ==, "QDB2/NT[|]^!??");
      g_assert_null (portolan_service_info_lookup (info, "server_name"));
    }
}

/* --- Against the real server --- */

static void
test_live (void)
{
  g_autoptr(PortolanTestDaemon) daemon = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GBytes) request = _portolan_drda_build_request ();
  g_autoptr(PortolanServiceInfo) info = NULL;
  g_autoptr(GByteArray) answer = g_byte_array_new ();
  g_autofree char *logs = NULL;
  PortolanAnswer verdict = PORTOLAN_ANSWER_NEED_MORE;
  guint8 buffer[4096];

  if (portolan_test_daemon_skip_if_missing (private_network_error))
    return;
  daemon = portolan_test_daemon_start (PORTOLAN_TEST_DERBY, NULL, 0, &error);
  if (portolan_test_daemon_skip_if_missing (error))
    return;
  g_assert_no_error (error);

  g_socket_client_set_enable_proxy (client, FALSE);
  g_socket_client_set_timeout (client, portolan_test_scale_ms (ANSWER_TIMEOUT_MS) / 1000);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", 1527, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                             g_bytes_get_data (request, NULL), g_bytes_get_size (request),
                             NULL, NULL, &error);
  g_assert_no_error (error);

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
  dump ("Derby's answer", answer->data, answer->len);

  g_assert_cmpint (verdict, ==, PORTOLAN_ANSWER_MATCHED);
  g_assert_cmpstr (info->answered, ==, "drda");
  g_assert_true (g_str_has_prefix (info->version, "10."));
  g_assert_cmpstr (portolan_service_info_lookup (info, "server_class"), ==, "Apache Derby");
  g_assert_true (g_str_has_prefix (portolan_service_info_lookup (info, "release"), "CSS10"));
  g_assert_cmpstr (portolan_service_info_lookup (info, "server_name"), ==, "NetworkServerControl");

  /* Closed after the EXCSATRD, as a client that changed its mind: Derby
   * must log no stack trace, nor any error, for it */
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  g_usleep (portolan_test_scale_us (500 * G_TIME_SPAN_MILLISECOND));
  logs = portolan_test_daemon_dup_logs (daemon);
  g_test_message ("Derby's logs:\n%s", logs);
  g_assert_null (strstr (logs, "Exception"));
  g_assert_null (strstr (logs, "\tat "));
  g_assert_null (strstr (logs, "ERROR"));
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  /* Before anything starts a thread: unshare () moves only this one */
  portolan_test_private_network (&private_network_error);

  g_test_add_func ("/drda/request", test_request);
  g_test_add_func ("/drda/derby", test_derby);
  g_test_add_func ("/drda/truncated", test_truncated);
  g_test_add_func ("/drda/other-protocols", test_other_protocols);
  g_test_add_func ("/drda/hostile-lengths", test_hostile_lengths);
  g_test_add_func ("/drda/hostile-parameters", test_hostile_parameters);
  g_test_add_func ("/drda/reply-message", test_reply_message);
  g_test_add_func ("/drda/release", test_release);
  g_test_add_func ("/drda/live", test_live);

  status = g_test_run ();
  g_clear_error (&private_network_error);

  return status;
}
