/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-probe-service.c: connect, and make the service say what it is
 *
 * A connect proves only that something accepted. Here the link's service
 * is asked the one question it answers as routine (an SSLRequest, a
 * rootDSE search, a PRELOGIN) or, where the server speaks first, is
 * listened to. Whatever comes back, at most 64 KiB of it, goes to the
 * protocol's parser and, when that says it is not the answer, to the
 * sniffer, which names the service that answered instead:
 *
 * - the right answer: verified, with what it said;
 * - another protocol: warning, "SSH-2.0-OpenSSH_9.2 answered on the
 *   PostgreSQL port";
 * - nothing within the time: open, since something accepted for it.
 *
 * Where a service may sit behind TLS (secure shadowing, a broker with an
 * SSL transport), silence for a moment is followed by a handshake on the
 * same connection: nothing was sent, so the server still waits for a
 * ClientHello.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "portolan-http-get-private.h"
#include "portolan-probe-private.h"
#include "portolan-protocols-private.h"
#include "portolan-sniff-private.h"

/* How long a server that speaks first gets before TLS is tried instead,
 * and how long a link of IGEL's own protocol is listened to: servers
 * that speak first do so within a round trip of the accept */
#define LISTEN_MS 400

/* As much of an answer as one read takes */
#define CHUNK_SIZE 4096

typedef struct
{
  GTask                *task;
  PortolanCheck        *check;
  PortolanProbeContext *context;
  PortolanDeadline     *deadline;
  PortolanService       service;
  PortolanService       asking;           /* whose question is out: the service's, or a second opinion's */
  gboolean              strict;           /* TDS 8: TLS first, as a strict SQL Server wants */
  char                 *address;
  double                latency_ms;
  char                 *connect_detail;   /* other addresses tried, or NULL */

  GIOStream            *connection;       /* in clear, until a handshake takes it */
  PortolanTlsSession   *session;          /* once TLS runs */
  PortolanTlsInfo      *tls_info;
  PortolanServiceInfo  *info;

  GBytes               *request;          /* NULL for a server that speaks first */
  gint64                request_real_us;  /* the wall clock the request was sent at */
  GByteArray           *answer;
  guint8                chunk[CHUNK_SIZE];

  /* The listening of a server that speaks first, which may end early */
  GCancellable         *listen;
  gulong                listen_handler;
  guint                 listen_id;
  gboolean              listen_over;
} ServiceProbe;

static void read_more (ServiceProbe *p);

static void
service_probe_free (ServiceProbe *probe)
{
  g_clear_handle_id (&probe->listen_id, g_source_remove);
  if (probe->listen_handler != 0)
    g_cancellable_disconnect (probe->deadline->cancellable, probe->listen_handler);
  g_clear_object (&probe->listen);
  g_clear_object (&probe->task);
  g_clear_object (&probe->check);
  g_clear_pointer (&probe->context, portolan_probe_context_unref);
  g_free (probe->address);
  g_free (probe->connect_detail);
  g_clear_pointer (&probe->session, _portolan_tls_session_free);
  if (probe->connection != NULL)
    g_io_stream_close (probe->connection, NULL, NULL);
  g_clear_object (&probe->connection);
  g_clear_pointer (&probe->tls_info, portolan_tls_info_free);
  g_clear_pointer (&probe->info, portolan_service_info_free);
  g_clear_pointer (&probe->request, g_bytes_unref);
  g_clear_pointer (&probe->answer, g_byte_array_unref);
  g_free (probe);
}

static const char *
service_name (ServiceProbe *p)
{
  return portolan_service_get_name (p->service);
}

/* Sets the check's result and ends the probe; frees @p */
static void
finish (ServiceProbe  *p,
        PortolanState  state,
        const char    *detail)
{
  g_autoptr(GString) text = g_string_new (detail);
  PortolanServiceInfo *info = g_steal_pointer (&p->info);

  if (p->tls_info != NULL && state != PORTOLAN_STATE_CANCELLED)
    {
      g_autofree char *problems = portolan_tls_info_describe_problems (p->tls_info);
      g_autofree char *certificate = portolan_tls_info_describe (p->tls_info);

      if (problems != NULL)
        {
          g_string_prepend (text, "; ");
          g_string_prepend (text, problems);
          /* As for any TLS check: the certificate's problems are a warning */
          if (state == PORTOLAN_STATE_VERIFIED || state == PORTOLAN_STATE_OPEN)
            state = PORTOLAN_STATE_WARNING;
        }
      if (certificate != NULL)
        g_string_append_printf (text, "; %s", certificate);
    }
  if (p->connect_detail != NULL)
    g_string_append_printf (text, " (%s)", p->connect_detail);

  /* Nothing learnt, nothing to show */
  if (info != NULL && info->answered == NULL && info->facts->len == 0)
    g_clear_pointer (&info, portolan_service_info_free);

  portolan_check_set_service_result (p->check, state, p->address, p->latency_ms, text->str,
                                     g_steal_pointer (&p->tls_info), info);
  g_task_return_boolean (p->task, TRUE);
  service_probe_free (p);
}

static void
finish_after_error (ServiceProbe *p,
                    const GError *error,
                    const char   *step)
{
  g_autofree char *detail = NULL;
  PortolanState state = _portolan_state_after_connect (error, p->deadline, step, &detail);

  finish (p, state, detail);
}

/* --- What the answer says --- */

static PortolanAnswer
parse_answer (ServiceProbe *p,
              gboolean      complete)
{
  const guint8 *data = p->answer->data;
  gsize length = p->answer->len;

  switch (p->asking)
    {
    case PORTOLAN_SERVICE_POSTGRESQL:
      return _portolan_postgresql_parse (data, length, complete, p->info);
    case PORTOLAN_SERVICE_LDAP:
    case PORTOLAN_SERVICE_LDAPS:
      return _portolan_ldap_parse (data, length, complete, p->info);
    case PORTOLAN_SERVICE_KERBEROS:
      return _portolan_kerberos_parse (data, length, complete, TRUE, p->request_real_us, p->info);
    case PORTOLAN_SERVICE_TDS:
      return _portolan_tds_parse (data, length, complete, p->info);
    case PORTOLAN_SERVICE_TNS:
      return _portolan_tns_parse (data, length, complete, p->info);
    case PORTOLAN_SERVICE_DRDA:
      return _portolan_drda_parse (data, length, complete, p->info);
    case PORTOLAN_SERVICE_RFB:
      return _portolan_rfb_parse (data, length, complete, p->info);
    case PORTOLAN_SERVICE_OPENWIRE:
      return _portolan_openwire_parse (data, length, complete, p->info);
    default:
      /* IGEL's own protocols are unpublished: no answer is theirs for sure */
      return PORTOLAN_ANSWER_MISMATCH;
    }
}

/* The realm a KDC for @host serves, as Active Directory names it: the
 * host's domain in capitals. A KDC answers for a realm it does not know
 * too, with an error that still names it. */
static char *
kerberos_realm_for (const char *host)
{
  const char *dot = strchr (host, '.');

  if (g_hostname_is_ip_address (host) || dot == NULL || dot[1] == '\0')
    return g_strdup ("PORTOLAN.INVALID");
  return g_ascii_strup (dot + 1, -1);
}

static GBytes *
build_request (ServiceProbe *p)
{
  const char *host = portolan_check_get_host (p->check);

  switch (p->asking)
    {
    case PORTOLAN_SERVICE_POSTGRESQL:
      return _portolan_postgresql_build_request ();
    case PORTOLAN_SERVICE_LDAP:
    case PORTOLAN_SERVICE_LDAPS:
      return _portolan_ldap_build_request ();
    case PORTOLAN_SERVICE_KERBEROS:
      {
        g_autofree char *realm = kerberos_realm_for (host);

        p->request_real_us = g_get_real_time ();
        return _portolan_kerberos_build_request (realm, TRUE, g_random_int (), p->request_real_us);
      }
    case PORTOLAN_SERVICE_TDS:
      return _portolan_tds_build_request ();
    case PORTOLAN_SERVICE_TNS:
      return _portolan_tns_build_request (host, portolan_check_get_port (p->check));
    case PORTOLAN_SERVICE_DRDA:
      return _portolan_drda_build_request ();
    default:
      return NULL;
    }
}

static void
finish_verified (ServiceProbe *p)
{
  g_autofree char *said = portolan_service_info_describe (p->info);
  g_autofree char *detail = NULL;

  if (said != NULL && *said != '\0')
    /* Translators: "PostgreSQL answered: TLS offered" */
    detail = g_strdup_printf (_("%s answered: %s"), service_name (p), said);
  else
    detail = g_strdup_printf (_("%s answered"), service_name (p));

  if (p->info->warning != NULL)
    {
      g_autofree char *warned = g_strdup_printf ("%s; %s", p->info->warning, detail);

      finish (p, PORTOLAN_STATE_WARNING, warned);
      return;
    }
  finish (p, PORTOLAN_STATE_VERIFIED, detail);
}

/* The bytes are not the service's answer: name what they are */
static void
finish_other (ServiceProbe *p,
              gboolean      complete)
{
  g_autofree char *banner = NULL;
  g_autofree char *detail = NULL;
  PortolanWire wire;

  if (_portolan_sniff (p->answer->data, p->answer->len, complete, &wire, &banner) == PORTOLAN_SNIFF_NAMED)
    {
      portolan_service_info_set_answered (p->info, _portolan_wire_to_string (wire));
      if (p->service == PORTOLAN_SERVICE_TCP)
        /* Translators: "SSH-2.0-OpenSSH_9.2 answered on port 30001" */
        detail = g_strdup_printf (_("%s answered on port %u"), banner ? banner : _portolan_wire_get_name (wire),
                                  portolan_check_get_port (p->check));
      else
        /* Translators: "SSH-2.0-OpenSSH_9.2 answered on the PostgreSQL port" */
        detail = g_strdup_printf (_("%s answered on the %s port"), banner ? banner : _portolan_wire_get_name (wire),
                                  service_name (p));
      finish (p, PORTOLAN_STATE_WARNING, detail);
      return;
    }

  if (p->service == PORTOLAN_SERVICE_TCP)
    {
      /* IGEL's own protocol may well speak first; nothing says it is wrong */
      detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "connected; the server sent %u byte first, in no protocol Portolan knows",
                                             "connected; the server sent %u bytes first, in no protocol Portolan knows",
                                             p->answer->len),
                                p->answer->len);
      finish (p, PORTOLAN_STATE_OPEN, detail);
      return;
    }

  /* Translators: "a service Portolan does not know answered on the PostgreSQL port" */
  detail = g_strdup_printf (_("a service Portolan does not know answered on the %s port (%u bytes, not its answer)"),
                            service_name (p), p->answer->len);
  finish (p, PORTOLAN_STATE_WARNING, detail);
}

static void
finish_silent (ServiceProbe *p)
{
  g_autofree char *detail = NULL;

  if (p->service == PORTOLAN_SERVICE_TCP)
    {
      finish (p, PORTOLAN_STATE_OPEN,
              _("connected; IGEL's own protocol on this port is not published, and the server said nothing first"));
      return;
    }

  /* Translators: "connected, but no PostgreSQL answer: …" */
  detail = g_strdup_printf (_("connected, but no %s answer: a firewall or proxy may be accepting connections for it"),
                            service_name (p));
  finish (p, PORTOLAN_STATE_OPEN, detail);
}

static void postgresql_handshake_done_cb (GObject      *object,
                                          GAsyncResult *result,
                                          gpointer      user_data);

/* A TLS handshake on the connection, which the session takes over */
static void
start_handshake (ServiceProbe        *p,
                 GAsyncReadyCallback  callback)
{
  g_clear_pointer (&p->answer, g_byte_array_unref);
  _portolan_tls_handshake_alpn_async (p->context, p->connection,
                                      portolan_check_get_host (p->check), portolan_check_get_port (p->check),
                                      _portolan_probe_context_get_fingerprint (p->context, portolan_check_get_to (p->check)),
                                      p->strict ? PORTOLAN_TDS_STRICT_ALPN : NULL,
                                      p->deadline, callback, p);
  g_clear_object (&p->connection);
}

static void
answer_complete (ServiceProbe *p)
{
  /* PostgreSQL offered TLS: the handshake records the certificate, and
   * the server logs a closed connection as it does for any libpq probe */
  if (p->service == PORTOLAN_SERVICE_POSTGRESQL && p->session == NULL &&
      _portolan_postgresql_offers_tls (p->info))
    {
      start_handshake (p, postgresql_handshake_done_cb);
      return;
    }

  finish_verified (p);
}

static void connected_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data);

/* Drops the connection and its TLS for another try on a new one */
static void
reconnect (ServiceProbe *p)
{
  g_clear_pointer (&p->answer, g_byte_array_unref);
  g_clear_pointer (&p->request, g_bytes_unref);
  g_clear_pointer (&p->connect_detail, g_free);
  g_clear_pointer (&p->address, g_free);
  g_clear_pointer (&p->session, _portolan_tls_session_free);
  g_clear_pointer (&p->tls_info, portolan_tls_info_free);
  if (p->connection != NULL)
    g_io_stream_close (p->connection, NULL, NULL);
  g_clear_object (&p->connection);
  _portolan_connect_async (p->context, portolan_check_get_host (p->check), portolan_check_get_port (p->check),
                           p->deadline, connected_cb, p);
}

/* A TDS 8 "strict" SQL Server closes at a PRELOGIN in clear: it wants
 * a TLS handshake first, with the ALPN protocol tds/8.0 */
static gboolean
try_strict_tds (ServiceProbe *p)
{
  if (p->service != PORTOLAN_SERVICE_TDS || p->strict || p->asking != p->service)
    return FALSE;

  p->strict = TRUE;
  reconnect (p);
  return TRUE;
}

/* A server that closes without a word at another service's question
 * may still be PostgreSQL, which does that to a packet it cannot take:
 * its SSLRequest, on a connection of its own, asks */
static gboolean
ask_second_opinion (ServiceProbe *p)
{
  gboolean asks_in_clear = p->service == PORTOLAN_SERVICE_LDAP || p->service == PORTOLAN_SERVICE_TDS ||
                           p->service == PORTOLAN_SERVICE_TNS || p->service == PORTOLAN_SERVICE_DRDA;

  if (p->asking != p->service || !asks_in_clear)
    return FALSE;

  p->asking = PORTOLAN_SERVICE_POSTGRESQL;
  p->strict = FALSE;
  reconnect (p);
  return TRUE;
}

/* What the second opinion heard: only the service that answered counts */
static void
finish_second_opinion (ServiceProbe *p,
                       gboolean      matched)
{
  g_autofree char *detail = NULL;

  if (!matched)
    {
      /* Translators: "… closed the connection at the Derby (DRDA) request" */
      detail = g_strdup_printf (_("reached, but the connection was reset or closed before the %s answer"),
                                service_name (p));
      finish (p, PORTOLAN_STATE_WARNING, detail);
      return;
    }

  portolan_service_info_set_answered (p->info, portolan_service_to_string (p->asking));
  detail = g_strdup_printf (_("%s answered on the %s port"), portolan_service_get_name (p->asking), service_name (p));
  finish (p, PORTOLAN_STATE_WARNING, detail);
}

/* Looks at the answer so far; reads on when it may yet become one */
static void
weigh_answer (ServiceProbe *p,
              gboolean      complete)
{
  if (p->asking != p->service)
    {
      PortolanAnswer answer = p->answer->len >= PORTOLAN_ANSWER_MAX_BYTES || complete
                                ? parse_answer (p, TRUE) : parse_answer (p, FALSE);

      if (answer == PORTOLAN_ANSWER_NEED_MORE)
        read_more (p);
      else
        finish_second_opinion (p, answer == PORTOLAN_ANSWER_MATCHED);
      return;
    }

  if (p->answer->len >= PORTOLAN_ANSWER_MAX_BYTES)
    complete = TRUE;
  if (complete && p->answer->len == 0 && p->service == PORTOLAN_SERVICE_TCP)
    {
      /* Nothing is known of what IGEL's own protocol does here */
      finish (p, PORTOLAN_STATE_OPEN, _("connected; the server closed the connection without a word"));
      return;
    }
  if (complete && p->answer->len == 0 && (try_strict_tds (p) || ask_second_opinion (p)))
    return;
  if (complete && p->answer->len == 0)
    {
      g_autoptr(GError) closed = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED, "");

      finish_after_error (p, closed, service_name (p));
      return;
    }

  switch (parse_answer (p, complete))
    {
    case PORTOLAN_ANSWER_MATCHED:
      answer_complete (p);
      return;
    case PORTOLAN_ANSWER_MISMATCH:
      finish_other (p, complete);
      return;
    case PORTOLAN_ANSWER_NEED_MORE:
      g_assert (!complete);
      read_more (p);
      return;
    }
}

/* --- Reading and writing, in clear or over TLS --- */

static void handshake_after_silence (ServiceProbe *p);

static void
read_done (ServiceProbe *p,
           gssize        read,
           GError       *error)
{
  g_autoptr(GError) owned = error;

  g_clear_handle_id (&p->listen_id, g_source_remove);

  if (read < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      p->listen_over && !g_cancellable_is_cancelled (p->deadline->cancellable))
    {
      /* The moment to speak first passed in silence */
      if (p->service == PORTOLAN_SERVICE_TCP)
        finish_silent (p);
      else
        handshake_after_silence (p);
      return;
    }

  if (read < 0)
    {
      if (p->deadline->timed_out && p->answer->len > 0)
        finish_other (p, TRUE);
      else if (p->deadline->timed_out)
        finish_silent (p);
      else if (p->service == PORTOLAN_SERVICE_TCP && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        finish (p, PORTOLAN_STATE_OPEN, _("connected; the server then reset the connection"));
      else if (p->asking != p->service)
        finish_second_opinion (p, FALSE);
      else if (p->answer->len == 0 && !p->strict &&
               (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
                g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE)) &&
               (try_strict_tds (p) || ask_second_opinion (p)))
        return;
      else
        finish_after_error (p, error, service_name (p));
      return;
    }

  g_byte_array_append (p->answer, p->chunk, read);
  weigh_answer (p, read == 0);
}

static void
plain_read_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GError *error = NULL;
  gssize read = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);

  read_done (user_data, read, error);
}

static void
tls_read_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  ServiceProbe *p = user_data;
  GError *error = NULL;
  gssize read = _portolan_tls_session_read_finish (p->session, result, &error);

  read_done (p, read, error);
}

static void
read_more (ServiceProbe *p)
{
  gsize room = MIN (sizeof p->chunk, PORTOLAN_ANSWER_MAX_BYTES - p->answer->len);
  GCancellable *cancellable = p->listen != NULL ? p->listen : p->deadline->cancellable;

  if (p->session != NULL)
    _portolan_tls_session_read_async (p->session, p->chunk, room, cancellable, tls_read_cb, p);
  else
    g_input_stream_read_async (g_io_stream_get_input_stream (p->connection), p->chunk, room,
                               PORTOLAN_PROBE_PRIORITY, cancellable, plain_read_cb, p);
}

static void
written (ServiceProbe *p,
         GError       *error)
{
  g_autoptr(GError) owned = error;

  if (error != NULL)
    {
      finish_after_error (p, error, service_name (p));
      return;
    }
  read_more (p);
}

static void
plain_written_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GError *error = NULL;

  g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error);
  written (user_data, error);
}

static void
tls_written_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  ServiceProbe *p = user_data;
  GError *error = NULL;

  _portolan_tls_session_write_all_finish (p->session, result, &error);
  written (p, error);
}

static gboolean
listen_over_cb (gpointer user_data)
{
  ServiceProbe *p = user_data;

  p->listen_id = 0;
  p->listen_over = TRUE;
  g_cancellable_cancel (p->listen);
  return G_SOURCE_REMOVE;
}

static void
deadline_cancelled_cb (GCancellable *cancellable,
                       GCancellable *listen)
{
  g_cancellable_cancel (listen);
}

/* Asks the question, or listens for a server that speaks first */
static void
speak (ServiceProbe *p)
{
  gsize size;
  const guint8 *data;

  p->answer = g_byte_array_new ();
  p->request = build_request (p);

  if (p->request == NULL)
    {
      /* Listened to for a moment only; the deadline's cancellation
       * reaches this read through the listen cancellable */
      p->listen = g_cancellable_new ();
      p->listen_handler = g_cancellable_connect (p->deadline->cancellable, G_CALLBACK (deadline_cancelled_cb),
                                                 g_object_ref (p->listen), g_object_unref);
      p->listen_id = g_timeout_add (MIN (LISTEN_MS, p->deadline->timeout_ms / 2), listen_over_cb, p);
      read_more (p);
      return;
    }

  data = g_bytes_get_data (p->request, &size);
  if (p->session != NULL)
    _portolan_tls_session_write_all_async (p->session, data, size, p->deadline->cancellable, tls_written_cb, p);
  else
    g_output_stream_write_all_async (g_io_stream_get_output_stream (p->connection), data, size,
                                     PORTOLAN_PROBE_PRIORITY, p->deadline->cancellable, plain_written_cb, p);
}

/* --- TLS --- */

static void
postgresql_handshake_done_cb (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  ServiceProbe *p = user_data;
  g_autoptr(PortolanHandshakeResult) handshake = _portolan_tls_handshake_finish (result);

  p->tls_info = g_steal_pointer (&handshake->info);
  if (handshake->session == NULL && g_error_matches (handshake->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      finish_after_error (p, handshake->error, "TLS");
      return;
    }
  if (handshake->session == NULL)
    /* Translators: PostgreSQL said it offers TLS; the end is the library's reason */
    portolan_service_info_set_warning (p->info, handshake->error->message);
  finish_verified (p);
}

/* TLS before the service's question: LDAPS, an ICG */
static void icg_status_done_cb (GObject      *object,
                                GAsyncResult *result,
                                gpointer      user_data);

static void
tls_first_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ServiceProbe *p = user_data;
  g_autoptr(PortolanHandshakeResult) handshake = _portolan_tls_handshake_finish (result);
  g_autofree char *banner = NULL;
  PortolanWire wire;

  p->tls_info = g_steal_pointer (&handshake->info);
  if (handshake->session == NULL && p->strict && !g_error_matches (handshake->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Not strict TDS either: perhaps no SQL Server at all */
      g_autoptr(GError) closed = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED, "");

      if (!ask_second_opinion (p))
        finish_after_error (p, closed, service_name (p));
      return;
    }
  if (handshake->session == NULL && _portolan_handshake_names_other (handshake, &wire, &banner))
    {
      /* Another protocol answered the ClientHello: the sniffer names it */
      p->answer = g_byte_array_new ();
      g_byte_array_append (p->answer, g_bytes_get_data (handshake->received, NULL),
                           g_bytes_get_size (handshake->received));
      finish_other (p, TRUE);
      return;
    }
  if (handshake->session == NULL)
    {
      finish_after_error (p, handshake->error, "TLS");
      return;
    }
  p->session = g_steal_pointer (&handshake->session);
  if (p->strict)
    portolan_service_info_add_fact (p->info, "tls", _("first, as TDS 8 strict encryption wants"));

  if (p->service == PORTOLAN_SERVICE_ICG_STATUS)
    {
      _portolan_http_get_async (p->session, portolan_check_get_host (p->check), portolan_check_get_port (p->check),
                                "/usg/check-status", p->deadline->cancellable, icg_status_done_cb, p);
      return;
    }
  speak (p);
}

/* Silence from a server that should speak first: TLS in front of it? */
static void
silence_handshake_done_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  ServiceProbe *p = user_data;
  g_autoptr(PortolanHandshakeResult) handshake = _portolan_tls_handshake_finish (result);

  p->tls_info = g_steal_pointer (&handshake->info);
  if (handshake->session == NULL)
    {
      if (g_error_matches (handshake->error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && !p->deadline->timed_out)
        finish_after_error (p, handshake->error, "TLS");
      else
        finish_silent (p);
      return;
    }

  portolan_service_info_set_answered (p->info, "tls");
  portolan_service_info_add_fact (p->info, "tls",
                                  /* After the label: "TLS (secure shadowing)" */
                                  p->service == PORTOLAN_SERVICE_RFB
                                    ? _("(secure shadowing)")
                                    : _("(broker with SSL transport)"));
  g_clear_pointer (&handshake->session, _portolan_tls_session_free);
  finish_verified (p);
}

static void
handshake_after_silence (ServiceProbe *p)
{
  start_handshake (p, silence_handshake_done_cb);
}

static const char *
icg_warning (PortolanCheckStatus status)
{
  switch (status)
    {
    case PORTOLAN_CHECK_STATUS_WARN:
      return _("the ICG reports that no UMS is connected to it");
    case PORTOLAN_CHECK_STATUS_ERR:
      return _("the ICG reports that it has no valid certificate");
    case PORTOLAN_CHECK_STATUS_INIT:
      return _("the ICG reports that it is still starting");
    case PORTOLAN_CHECK_STATUS_OK:
    case PORTOLAN_CHECK_STATUS_NONE:
    default:
      return NULL;
    }
}

static void
icg_status_done_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  ServiceProbe *p = user_data;
  g_autoptr(PortolanHttpAnswer) answer = _portolan_http_get_finish (result);
  PortolanCheckStatus status = PORTOLAN_CHECK_STATUS_NONE;
  const char *body = NULL;
  gsize length = 0;

  if (answer->error != NULL)
    {
      finish_after_error (p, answer->error, "HTTP");
      return;
    }
  if (answer->status == 200 && answer->body != NULL)
    {
      body = g_bytes_get_data (answer->body, &length);
      status = _portolan_check_status_parse (body, length);
    }

  /* An ICG before 2.04 answers 404, as any web server would */
  if (status == PORTOLAN_CHECK_STATUS_NONE)
    {
      finish (p, PORTOLAN_STATE_OPEN, _("TLS works; the server does not report an ICG status"));
      return;
    }

  _portolan_check_status_record (status, "icg-status", icg_warning (status), p->info);
  finish_verified (p);
}

/* --- Connecting --- */

static gboolean
tls_first (PortolanService service)
{
  return service == PORTOLAN_SERVICE_LDAPS || service == PORTOLAN_SERVICE_ICG_STATUS;
}

static void
connected_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  ServiceProbe *p = user_data;
  g_autoptr(PortolanConnectResult) connected = _portolan_connect_finish (result);

  p->address = g_strdup (connected->address);
  if (p->asking == p->service)
    p->latency_ms = connected->latency_ms;

  if (connected->connection == NULL && p->asking != p->service)
    {
      finish_second_opinion (p, FALSE);
      return;
    }
  if (connected->connection == NULL && connected->state == PORTOLAN_STATE_OPEN)
    {
      /* Reached, so never unreachable; but the service got no word in */
      g_autoptr(GError) reset = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED, connected->detail);

      finish_after_error (p, reset, service_name (p));
      return;
    }
  if (connected->connection == NULL)
    {
      finish (p, connected->state, connected->detail);
      return;
    }

  p->connect_detail = g_strdup (connected->detail);
  p->connection = G_IO_STREAM (g_steal_pointer (&connected->connection));

  if (tls_first (p->service) || p->strict)
    {
      start_handshake (p, tls_first_done_cb);
      return;
    }
  speak (p);
}

void
_portolan_probe_service (PortolanCheck        *check,
                         PortolanProbeContext *context,
                         PortolanDeadline     *deadline,
                         GTask                *task)
{
  ServiceProbe *probe = g_new0 (ServiceProbe, 1);
  PortolanService service = portolan_link_get_service (portolan_check_get_link (check));

  probe->task = task;
  probe->check = g_object_ref (check);
  probe->context = portolan_probe_context_ref (context);
  probe->deadline = deadline;
  probe->service = service;
  probe->asking = service;
  probe->latency_ms = -1;
  probe->info = portolan_service_info_new (portolan_service_to_string (service));

  _portolan_connect_async (context, portolan_check_get_host (check), portolan_check_get_port (check),
                           deadline, connected_cb, probe);
}
