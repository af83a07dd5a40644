/* portolan-probe-http.c: HTTPS requests with libsoup
 *
 * Two uses: the UMS Server's own status page, asked directly (a raw
 * probe never goes through a proxy), and IGEL's cloud services, asked the
 * way the UMS Server asks them: through the profile's proxy choice.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "portolan-json-limits.h"
#include "portolan-probe-private.h"

#define UMS_STATUS_PATH "/umsapi/v3/serverstatus"

typedef struct
{
  GTask                *task;
  PortolanCheck        *check;
  PortolanProbeContext *context;
  PortolanDeadline     *deadline;
  SoupSession          *session;
  SoupMessage          *message;
  GTlsCertificateFlags  certificate_errors;
  char                 *proxy;       /* the proxy used, or NULL for direct */
  gboolean              reached;     /* connected to the host (or through the proxy to it) */
  gboolean              handshaked;  /* and TLS completed */
  guint                 interim;     /* HTTP 1xx answers seen */
  gint64                sent_us;
} Request;

static void
request_free (Request *request)
{
  g_clear_object (&request->task);
  g_clear_object (&request->check);
  g_clear_pointer (&request->context, portolan_probe_context_unref);
  if (request->session != NULL)
    soup_session_abort (request->session);
  g_clear_object (&request->message);
  g_clear_object (&request->session);
  g_free (request->proxy);
  g_free (request);
}

static gboolean
accept_certificate_cb (SoupMessage          *message,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       Request              *request)
{
  /* Reported, never refused: a certificate problem is a finding */
  request->certificate_errors = errors;
  return TRUE;
}

/* How far the request got decides what a failure means: before the
 * host answered it may be unreachable, after that it never is */
static void
network_event_cb (SoupMessage        *message,
                  GSocketClientEvent  event,
                  GIOStream          *connection,
                  Request            *request)
{
  if (event == G_SOCKET_CLIENT_CONNECTED && request->proxy == NULL)
    request->reached = TRUE;
  else if (event == G_SOCKET_CLIENT_PROXY_NEGOTIATED)
    request->reached = TRUE;
  else if (event == G_SOCKET_CLIENT_TLS_HANDSHAKED)
    request->reached = request->handshaked = TRUE;
}

/* More interim answers than any server sends before its real one */
#define MAX_INTERIM_ANSWERS 8

/* libsoup reads interim answers in a loop inside one main-loop dispatch
 * while the socket has data, so a server sending "100 Continue" without
 * end would hold the deadline's timer off: the deadline is checked here */
static void
got_interim_cb (SoupMessage *message,
                Request     *request)
{
  request->interim++;

  /* Given up as if the time were over: the check ends as what it found */
  if (_portolan_deadline_remaining_ms (request->deadline) == 0 || request->interim > MAX_INTERIM_ANSWERS)
    {
      request->deadline->timed_out = TRUE;
      g_cancellable_cancel (request->deadline->cancellable);
    }
}

/* A failure once the host was reached, in words and as a state */
static PortolanState
state_after_reaching (Request      *request,
                      const GError *error,
                      char        **detail)
{
  if (!request->handshaked)
    return _portolan_state_after_connect (error, request->deadline, "TLS", detail);

  if (request->interim > 0 && request->deadline->timed_out)
    {
      *detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "TLS works, but the server sent %u interim answer (HTTP 1xx) and no real one",
                                              "TLS works, but the server sent %u interim answers (HTTP 1xx) and no real one",
                                              request->interim),
                                 request->interim);
      return PORTOLAN_STATE_WARNING;
    }

  if (error->domain == SOUP_SESSION_ERROR)
    switch (error->code)
      {
      case SOUP_SESSION_ERROR_PARSING:
      case SOUP_SESSION_ERROR_ENCODING:
        *detail = g_strdup_printf (_("TLS works, but something other than HTTP answered (%s)"), error->message);
        return PORTOLAN_STATE_WARNING;

      case SOUP_SESSION_ERROR_TOO_MANY_REDIRECTS:
        *detail = g_strdup_printf (_("TLS works, but the redirects never end: a redirect loop (%s)"), error->message);
        return PORTOLAN_STATE_WARNING;

      default:
        break;
      }

  return _portolan_state_after_connect (error, request->deadline, "HTTP", detail);
}

static char *
make_url (PortolanCheck *check,
          const char    *path)
{
  return g_uri_join (G_URI_FLAGS_NONE, "https", NULL,
                     portolan_check_get_host (check),
                     portolan_check_get_port (check),
                     path, NULL, NULL);
}

static Request *
request_new (GTask                *task,
             PortolanCheck        *check,
             PortolanProbeContext *context,
             PortolanDeadline     *deadline,
             GProxyResolver       *proxy_resolver,
             const char           *path)
{
  Request *request = g_new0 (Request, 1);
  g_autofree char *url = make_url (check, path);
  g_autofree char *user_agent = g_strdup_printf ("Portolan/%s", PACKAGE_VERSION);

  request->task = task;
  request->check = g_object_ref (check);
  request->context = portolan_probe_context_ref (context);
  request->deadline = deadline;
  request->session = soup_session_new_with_options ("user-agent", user_agent, NULL);
  /* NULL means no proxy at all, not the default one */
  soup_session_set_proxy_resolver (request->session, proxy_resolver);
  soup_session_set_tls_database (request->session, _portolan_probe_context_get_tls_database (context));
  request->message = soup_message_new ("GET", url);
  g_signal_connect (request->message, "accept-certificate", G_CALLBACK (accept_certificate_cb), request);
  g_signal_connect (request->message, "network-event", G_CALLBACK (network_event_cb), request);
  g_signal_connect (request->message, "got-informational", G_CALLBACK (got_interim_cb), request);

  return request;
}

static PortolanTlsInfo *
take_tls_info (Request *request)
{
  GTlsCertificate *certificate = soup_message_get_tls_peer_certificate (request->message);

  if (certificate == NULL)
    return NULL;

  /* The connection's own verdict, not the accept-certificate signal's:
   * a resumed TLS session never emits that signal */
  return portolan_tls_info_new (certificate,
                                request->certificate_errors | soup_message_get_tls_peer_certificate_errors (request->message),
                                _portolan_probe_context_get_fingerprint (request->context,
                                                                        portolan_check_get_to (request->check)));
}

static char *
remote_address (Request *request)
{
  GSocketAddress *address = soup_message_get_remote_address (request->message);
  const char *host = portolan_check_get_host (request->check);

  /* libsoup knows the address only once connected; an address typed as
   * the host is the one tried, whatever happened */
  if (!G_IS_INET_SOCKET_ADDRESS (address))
    return request->proxy == NULL && g_hostname_is_ip_address (host) ? g_strdup (host) : NULL;

  return g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address)));
}

/* --- The UMS Server's status --- */

/* A member that is there as a string, or NULL: a server chooses the
 * types, and json-glib's getters are criticals on the wrong one */
static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  /* json-glib decodes octal escapes into bytes that need not be UTF-8 */
  if (!g_utf8_validate (json_node_get_string (node), -1, NULL))
    return NULL;

  return json_node_get_string (node);
}

/**
 * _portolan_ums_status_parse:
 * @version: (out): rmGuiServerVersion, when the answer is a UMS Server's
 * @build: (out) (nullable): buildNumber, when given as a string
 * @detail: (out): what is wrong with the answer, when it is not
 *
 * Reads a serverstatus answer: at most PORTOLAN_HTTP_MAX_BODY bytes that
 * the caller read, nested no deeper than JSON needs.
 *
 * Returns: whether a UMS Server answered
 */
gboolean
_portolan_ums_status_parse (const char  *data,
                            gsize        length,
                            char       **version,
                            char       **build,
                            char       **detail)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonObject *object;
  const char *text;

  *version = *build = *detail = NULL;

  if (!portolan_json_check_depth (data, length, PORTOLAN_JSON_MAX_DEPTH, NULL, NULL))
    {
      *detail = g_strdup_printf (_("the answer nests deeper than %u levels: not a UMS Server's"), PORTOLAN_JSON_MAX_DEPTH);
      return FALSE;
    }
  if (!g_utf8_validate (data, length, NULL) || !json_parser_load_from_data (parser, data, length, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      *detail = g_strdup (_("the answer is not the JSON object a UMS Server sends"));
      return FALSE;
    }

  object = json_node_get_object (root);
  text = string_member (object, "rmGuiServerVersion");
  if (text == NULL)
    {
      *detail = g_strdup (_("the answer has no rmGuiServerVersion text: not a UMS Server's"));
      return FALSE;
    }

  *version = g_strdup (text);
  *build = g_strdup (string_member (object, "buildNumber"));
  return TRUE;
}

/* A UMS Server answers serverstatus with JSON naming its version */
static char *
describe_ums_status (GBytes  *body,
                     char   **problem)
{
  g_autofree char *version = NULL;
  g_autofree char *build = NULL;

  if (!_portolan_ums_status_parse (g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                                   &version, &build, problem))
    return NULL;

  if (build != NULL)
    /* Translators: "UMS Server 12.01.100 (build 54321) answered serverstatus" */
    return g_strdup_printf (_("UMS Server %s (build %s) answered serverstatus"), version, build);

  return g_strdup_printf (_("UMS Server %s answered serverstatus"), version);
}

typedef struct
{
  gboolean  is_ums;
  guint     status;
  char     *detail;
} UmsStatus;

static void
ums_status_free (UmsStatus *answer)
{
  g_free (answer->detail);
  g_free (answer);
}

static void
return_ums_status (Request    *request,
                   gboolean    is_ums,
                   guint       status,
                   char       *detail)
{
  UmsStatus *answer = g_new0 (UmsStatus, 1);

  answer->is_ums = is_ums;
  answer->status = status;
  answer->detail = detail;
  g_task_return_pointer (request->task, answer, (GDestroyNotify) ums_status_free);
  request_free (request);
}

static void
ums_status_failed (Request      *request,
                   const GError *error)
{
  char *detail;

  g_autofree char *reason = NULL;

  if (request->deadline->timed_out && request->interim == 0)
    detail = g_strdup_printf (_("TLS works, but %s got no answer within %u ms"),
                              UMS_STATUS_PATH, request->deadline->timeout_ms);
  else if (request->handshaked && state_after_reaching (request, error, &reason) == PORTOLAN_STATE_WARNING)
    detail = g_strdup_printf ("%s: %s", UMS_STATUS_PATH, reason);
  else
    detail = g_strdup_printf (_("TLS works, but %s failed: %s"), UMS_STATUS_PATH, error->message);

  return_ums_status (request, FALSE, 0, detail);
}

static void
ums_status_body_read_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  Request *request = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  guint status = soup_message_get_status (request->message);
  g_autofree char *problem = NULL;
  char *detail;

  body = _portolan_read_bounded_finish (result, &error);
  if (body == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE))
    return_ums_status (request, FALSE, status,
                       /* Translators: "… larger than 1024 KiB" */
                       g_strdup_printf (_("HTTP %u for %s, but the answer is larger than %u KiB: not a UMS Server's"),
                                        status, UMS_STATUS_PATH, PORTOLAN_HTTP_MAX_BODY / 1024));
  else if (body == NULL)
    ums_status_failed (request, error);
  else if (status == SOUP_STATUS_OK && (detail = describe_ums_status (body, &problem)) != NULL)
    return_ums_status (request, TRUE, status, detail);
  else if (status == SOUP_STATUS_OK)
    return_ums_status (request, FALSE, status,
                       g_strdup_printf (_("HTTP 200 for %s, but %s"), UMS_STATUS_PATH, problem));
  else
    /* Translators: "HTTP 404 Not Found for /umsapi/v3/serverstatus: …" */
    return_ums_status (request, FALSE, status,
                       g_strdup_printf (_("HTTP %u %s for %s: another service than the UMS Server answered"),
                                        status, soup_message_get_reason_phrase (request->message), UMS_STATUS_PATH));
}

static void
ums_status_sent_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Request *request = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) stream = soup_session_send_finish (request->session, result, &error);

  if (stream == NULL)
    {
      ums_status_failed (request, error);
      return;
    }

  _portolan_read_bounded_async (stream, PORTOLAN_HTTP_MAX_BODY, request->deadline->cancellable,
                                ums_status_body_read_cb, request);
}

void
_portolan_ums_status_async (PortolanCheck        *check,
                            PortolanProbeContext *context,
                            PortolanDeadline     *deadline,
                            GAsyncReadyCallback   callback,
                            gpointer              user_data)
{
  GTask *task = g_task_new (NULL, NULL, callback, user_data);
  Request *request;

  g_task_set_source_tag (task, _portolan_ums_status_async);
  g_task_set_priority (task, PORTOLAN_PROBE_PRIORITY);
  request = request_new (task, check, context, deadline, NULL, UMS_STATUS_PATH);
  soup_session_send_async (request->session, request->message, PORTOLAN_PROBE_PRIORITY,
                           deadline->cancellable, ums_status_sent_cb, request);
}

/**
 * _portolan_ums_status_finish:
 * @status: (out): the HTTP status, 0 without an answer
 * @detail: (out): what answered, in words
 *
 * Returns: whether a UMS Server answered
 */
gboolean
_portolan_ums_status_finish (GAsyncResult  *result,
                             guint         *status,
                             char         **detail)
{
  UmsStatus *answer = g_task_propagate_pointer (G_TASK (result), NULL);
  gboolean is_ums = answer->is_ums;

  *status = answer->status;
  *detail = g_steal_pointer (&answer->detail);
  ums_status_free (answer);

  return is_ums;
}

/* --- IGEL's cloud services --- */

static void
finish_https (Request       *request,
              PortolanState  state,
              double         latency_ms,
              const char    *detail)
{
  g_autoptr(PortolanTlsInfo) info = take_tls_info (request);
  g_autofree char *address = remote_address (request);
  g_autofree char *problems = info ? portolan_tls_info_describe_problems (info) : NULL;
  g_autofree char *text = NULL;

  if (problems != NULL && state == PORTOLAN_STATE_VERIFIED)
    {
      text = g_strdup_printf ("%s; %s", problems, detail);
      state = PORTOLAN_STATE_WARNING;
    }

  portolan_check_set_result (request->check, state, address, latency_ms,
                             text ? text : detail, g_steal_pointer (&info));
  g_task_return_boolean (request->task, TRUE);
  request_free (request);
}

static void
https_read_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Request *request = user_data;
  g_autoptr(GError) error = NULL;
  /* The status line and headers are the answer; the body is never read */
  g_autoptr(GInputStream) body = soup_session_send_finish (request->session, result, &error);
  double latency_ms = (g_get_monotonic_time () - request->sent_us) / 1000.0;
  g_autofree char *route = request->proxy
    ? g_strdup_printf (_("through the proxy %s"), request->proxy)
    : g_strdup (_("directly, without a proxy"));
  g_autofree char *detail = NULL;
  PortolanState state;

  if (body != NULL)
    {
      /* Any HTTP answer proves the service is reachable this way */
      detail = g_strdup_printf (_("HTTP %u %s, %s"), soup_message_get_status (request->message),
                                soup_message_get_reason_phrase (request->message), route);
      finish_https (request, PORTOLAN_STATE_VERIFIED, latency_ms, detail);
      return;
    }

  if (request->reached || error->domain == G_TLS_ERROR)
    {
      g_autofree char *reason = NULL;

      state = state_after_reaching (request, error, &reason);
      detail = g_strdup_printf ("%s, %s", reason, route);
      finish_https (request, state, latency_ms, detail);
      return;
    }

  {
    g_autofree char *reason = NULL;

    state = _portolan_state_for_error (error, request->deadline, &reason);
    if (request->proxy != NULL && state != PORTOLAN_STATE_CANCELLED)
      state = PORTOLAN_STATE_UNREACHABLE;
    detail = g_strdup_printf ("%s, %s", reason, route);
    finish_https (request, state, state == PORTOLAN_STATE_CLOSED ? latency_ms : -1, detail);
  }
}

static void
send_https (Request *request)
{
  request->sent_us = g_get_monotonic_time ();
  soup_session_send_async (request->session, request->message, PORTOLAN_PROBE_PRIORITY,
                           request->deadline->cancellable, https_read_cb, request);
}

static void
system_proxy_found_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  Request *request = user_data;
  g_auto(GStrv) proxies = g_proxy_resolver_lookup_finish (G_PROXY_RESOLVER (object), result, NULL);

  /* Ask the system once, then use exactly the answer, so the check can
   * say whether a proxy was used */
  if (proxies != NULL && proxies[0] != NULL && !g_str_equal (proxies[0], "direct://"))
    {
      g_autoptr(GProxyResolver) resolver = g_simple_proxy_resolver_new (proxies[0], NULL);

      request->proxy = g_strdup (proxies[0]);
      soup_session_set_proxy_resolver (request->session, resolver);
    }

  send_https (request);
}

void
_portolan_probe_https (PortolanCheck        *check,
                       PortolanProbeContext *context,
                       PortolanDeadline     *deadline,
                       GTask                *task)
{
  const char *proxy_url = NULL;
  PortolanProxy mode = _portolan_probe_context_get_proxy (context, &proxy_url);
  Request *request = request_new (task, check, context, deadline, NULL, "/");

  if (mode == PORTOLAN_PROXY_URL && proxy_url != NULL)
    {
      g_autoptr(GProxyResolver) resolver = g_simple_proxy_resolver_new (proxy_url, NULL);

      request->proxy = g_strdup (proxy_url);
      soup_session_set_proxy_resolver (request->session, resolver);
      send_https (request);
    }
  else if (mode == PORTOLAN_PROXY_SYSTEM)
    {
      g_autofree char *url = make_url (check, "/");

      g_proxy_resolver_lookup_async (g_proxy_resolver_get_default (), url,
                                     deadline->cancellable, system_proxy_found_cb, request);
    }
  else
    send_https (request);
}
