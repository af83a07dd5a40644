/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-rfb.c: the RFB ProtocolVersion parser, on x11vnc's real greeting and on what only looks like it */
#include "config.h"

#include <string.h>

#include "portolan-protocols-private.h"
#include "portolan-test-daemons.h"
#include "portolan-test-time.h"

#define ANSWER_TIMEOUT_MS 10000

/* x11vnc 0.9.16 (Debian's x11vnc 0.9.16-9) on Xvfb, PORTOLAN_TEST_VNC, as
 * soon as the connection opened: the 12 bytes "RFB 003.008\n" */
static const guint8 x11vnc_version[] = {
  0x52, 0x46, 0x42, 0x20, 0x30, 0x30, 0x33, 0x2e, 0x30, 0x30, 0x38, 0x0a,
};

static GError *private_network_error;

/* --- Helpers --- */

static PortolanAnswer
parse (const guint8         *data,
       gsize                 length,
       gboolean              complete,
       PortolanServiceInfo **info)
{
  PortolanAnswer answer;

  *info = portolan_service_info_new ("rfb");
  answer = _portolan_rfb_parse (data, length, complete, *info);
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

/* --- The parser --- */

static void
test_x11vnc (void)
{
  g_autoptr(PortolanServiceInfo) info = NULL;

  g_assert_cmpint (parse (x11vnc_version, sizeof x11vnc_version, FALSE, &info), ==, PORTOLAN_ANSWER_MATCHED);
  g_assert_cmpstr (info->answered, ==, "rfb");
  g_assert_cmpstr (info->version, ==, "3.8");
  g_assert_cmpstr (portolan_service_info_lookup (info, "protocol_version"), ==, "003.008");
  g_assert_cmpuint (info->facts->len, ==, 1);
  g_assert_null (info->warning);
}

static void
test_truncated (void)
{
  /* RFB 3.3's server sends its security type right after */
  static const guint8 longer[] = "RFB 003.008\n\x00\x00\x00\x02";

  for (gsize length = 0; length < sizeof x11vnc_version; length++)
    {
      g_assert_cmpint (parse_only (x11vnc_version, length, FALSE), ==, PORTOLAN_ANSWER_NEED_MORE);
      g_assert_cmpint (parse_only (x11vnc_version, length, TRUE), ==, PORTOLAN_ANSWER_MISMATCH);
    }
  for (gsize length = sizeof x11vnc_version; length < sizeof longer; length++)
    {
      g_autoptr(PortolanServiceInfo) info = NULL;

      g_assert_cmpint (parse (longer, length, length % 2 == 0, &info), ==, PORTOLAN_ANSWER_MATCHED);
      g_assert_cmpstr (info->version, ==, "3.8");
    }
}

/* Other servers' versions: Apple's 3.889, and RFB 3.3 */
static void
test_versions (void)
{
  static const struct
  {
    const char *greeting;
    const char *version;
    const char *protocol_version;
  } cases[] = {
    { "RFB 003.889\n", "3.889", "003.889" },
    { "RFB 003.003\n", "3.3", "003.003" },
    { "RFB 004.001\n", "4.1", "004.001" },
    { "RFB 000.000\n", "0.0", "000.000" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PortolanServiceInfo) info = NULL;

      g_assert_cmpint (parse ((const guint8 *) cases[i].greeting, 12, TRUE, &info), ==, PORTOLAN_ANSWER_MATCHED);
      g_assert_cmpstr (info->version, ==, cases[i].version);
      g_assert_cmpstr (portolan_service_info_lookup (info, "protocol_version"), ==, cases[i].protocol_version);
    }
}

/* Whatever differs from the shape is clear at its first wrong byte */
static void
test_not_rfb (void)
{
  static const struct
  {
    const char *answer;
    gsize       wrong_at;
  } cases[] = {
    { "HTTP/1.1 400 Bad Request\r\n\r\n", 0 },
    { "SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n", 0 },
    { "\x16\x03\x03\x00\x02\x02\x28", 0 },
    { "rfb 003.008\n", 0 },
    { "RFB003.008\n", 3 },
    { "RFB 3.8\n", 5 },
    { "RFB 003.00a\n", 10 },
    { "RFB 003,008\n", 7 },
    { "RFB 003.008\r\n", 11 },
    { "RFB 003.0089\n", 11 },
    { "RFB 0x3.008\n", 5 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const guint8 *answer = (const guint8 *) cases[i].answer;
      g_autofree char *escaped = g_strescape (cases[i].answer, NULL);

      g_test_message ("%s", escaped);
      if (cases[i].wrong_at > 0)
        g_assert_cmpint (parse_only (answer, cases[i].wrong_at, FALSE), ==, PORTOLAN_ANSWER_NEED_MORE);
      g_assert_cmpint (parse_only (answer, cases[i].wrong_at + 1, FALSE), ==, PORTOLAN_ANSWER_MISMATCH);
      g_assert_cmpint (parse_only (answer, strlen (cases[i].answer), TRUE), ==, PORTOLAN_ANSWER_MISMATCH);
    }
  g_assert_cmpint (parse_only (NULL, 0, FALSE), ==, PORTOLAN_ANSWER_NEED_MORE);
  g_assert_cmpint (parse_only (NULL, 0, TRUE), ==, PORTOLAN_ANSWER_MISMATCH);
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
  daemon = portolan_test_daemon_start (PORTOLAN_TEST_VNC, NULL, 0, &error);
  if (portolan_test_daemon_skip_if_missing (error))
    return;
  g_assert_no_error (error);

  g_socket_client_set_enable_proxy (client, FALSE);
  g_socket_client_set_timeout (client, portolan_test_scale_ms (ANSWER_TIMEOUT_MS) / 1000);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", 5900, NULL, &error);
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
  dump ("x11vnc's answer", answer->data, answer->len);

  g_assert_cmpint (verdict, ==, PORTOLAN_ANSWER_MATCHED);
  g_assert_cmpstr (info->answered, ==, "rfb");
  g_assert_cmpstr (info->version, ==, "3.8");
  g_assert_cmpstr (portolan_service_info_lookup (info, "protocol_version"), ==, "003.008");
  g_assert_cmpuint (answer->len, ==, 12);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  /* Before anything starts a thread: unshare () moves only this one */
  portolan_test_private_network (&private_network_error);

  g_test_add_func ("/rfb/x11vnc", test_x11vnc);
  g_test_add_func ("/rfb/truncated", test_truncated);
  g_test_add_func ("/rfb/versions", test_versions);
  g_test_add_func ("/rfb/not-rfb", test_not_rfb);
  g_test_add_func ("/rfb/live", test_live);

  status = g_test_run ();
  g_clear_error (&private_network_error);

  return status;
}
