/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-probe-http.c: what answers HTTPS, in words and as a state
 *
 * Two uses: the UMS Server's own status page, read from the answer to
 * the request portolan-probe-tcp.c makes over its own connection (a raw
 * probe never goes through a proxy), and
 * IGEL's cloud services, asked the way the UMS Server asks them: through
 * the profile's proxy choice. Both read the answer with
 * portolan-http-get.c, within fixed limits.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "portolan-http-get-private.h"
#include "portolan-json-limits-private.h"
#include "portolan-probe-private.h"

#define UMS_STATUS_PATH "/umsapi/v3/serverstatus"

/* A failed exchange once TLS worked, or once connected in clear: never
 * unreachable (README, "States") */
static PortolanState
describe_failure (const PortolanHttpAnswer *answer,
                  PortolanDeadline         *deadline,
                  gboolean                  clear,
                  char                    **detail)
{
  const GError *error = answer->error;
  g_autofree char *path = _portolan_http_shorten_path (answer->path);
  g_autofree char *what = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && deadline->timed_out)
    {
      if (answer->interim > 0)
        what = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "the server sent %u interim answer (HTTP 1xx) and no real one",
                                             "the server sent %u interim answers (HTTP 1xx) and no real one",
                                             answer->interim),
                                answer->interim);
      else
        what = g_strdup_printf (_("%s got no answer within %u ms"), path, deadline->timeout_ms);
    }
  else if (g_error_matches (error, PORTOLAN_HTTP_ERROR, PORTOLAN_HTTP_ERROR_NOT_HTTP))
    what = g_strdup_printf (_("something other than HTTP answered (%s)"), error->message);
  /* A redirect message names the paths itself */
  else if (g_error_matches (error, PORTOLAN_HTTP_ERROR, PORTOLAN_HTTP_ERROR_REDIRECT_LOOP) ||
           g_error_matches (error, PORTOLAN_HTTP_ERROR, PORTOLAN_HTTP_ERROR_TOO_MANY_REDIRECTS))
    what = g_strdup (error->message);
  else if (error->domain == PORTOLAN_HTTP_ERROR)
    /* Translators: "/path: the answer is larger than 1024 KiB" */
    what = g_strdup_printf (_("%s: %s"), path, error->message);
  else
    return _portolan_state_after_connect (error, deadline, "HTTP", detail);

  if (clear)
    /* Translators: "connected, but a redirect loop: / → /login → /" */
    *detail = g_strdup_printf (_("connected, but %s"), what);
  else
    /* Translators: "TLS works, but a redirect loop: / → /login → /" */
    *detail = g_strdup_printf (_("TLS works, but %s"), what);
  return PORTOLAN_STATE_WARNING;
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

/* A member given as text or as a whole number, as a fact */
static void
add_member_fact (PortolanServiceInfo *info,
                 JsonObject          *object,
                 const char          *name,
                 const char          *key)
{
  JsonNode *node = json_object_get_member (object, name);
  const char *text = string_member (object, name);

  if (text != NULL)
    portolan_service_info_add_fact (info, key, text);
  else if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));

      portolan_service_info_add_fact (info, key, number);
    }
}

/**
 * _portolan_ums_status_parse:
 * @info: where the version and the other members go, when the answer is
 *   a UMS Server's
 * @detail: (out): what is wrong with the answer, when it is not
 *
 * Reads a serverstatus answer: at most PORTOLAN_HTTP_MAX_BODY bytes that
 * the caller read, nested no deeper than JSON needs.
 *
 * Returns: whether a UMS Server answered
 */
gboolean
_portolan_ums_status_parse (const char           *data,
                            gsize                 length,
                            PortolanServiceInfo  *info,
                            char                **detail)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonObject *object;
  const char *version;

  *detail = NULL;

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
  version = string_member (object, "rmGuiServerVersion");
  if (version == NULL)
    {
      *detail = g_strdup (_("the answer has no rmGuiServerVersion text: not a UMS Server's"));
      return FALSE;
    }

  portolan_service_info_set_answered (info, "ums-status");
  portolan_service_info_set_version (info, version);
  add_member_fact (info, object, "buildNumber", "build");
  add_member_fact (info, object, "activeMQVersion", "activemq_version");
  add_member_fact (info, object, "derbyVersion", "derby_version");
  add_member_fact (info, object, "serverUUID", "server_uuid");
  return TRUE;
}

/**
 * _portolan_ums_status_describe:
 * @answer: to GET /umsapi/v3/serverstatus
 * @clear: whether it was asked without TLS
 * @info: filled with what the UMS Server said, when it answered
 * @detail: (out): when no UMS Server answered, what did
 *
 * Returns: verified when a UMS Server answered, else how the check ends
 */
PortolanState
_portolan_ums_status_describe (const PortolanHttpAnswer  *answer,
                               PortolanDeadline          *deadline,
                               gboolean                   clear,
                               PortolanServiceInfo       *info,
                               char                     **detail)
{
  g_autofree char *problem = NULL;
  g_autofree char *path = NULL;

  *detail = NULL;
  if (answer->error != NULL)
    return describe_failure (answer, deadline, clear, detail);

  path = _portolan_http_shorten_path (answer->path);
  if (answer->status != 200)
    {
      /* Translators: "HTTP 404 Not Found for /umsapi/v3/serverstatus: …" */
      *detail = g_strdup_printf (_("HTTP %u %s for %s: another service than the UMS Server answered"),
                                 answer->status, answer->reason, path);
      return PORTOLAN_STATE_WARNING;
    }

  if (!_portolan_ums_status_parse (g_bytes_get_data (answer->body, NULL), g_bytes_get_size (answer->body),
                                   info, &problem))
    {
      *detail = g_strdup_printf (_("HTTP 200 for %s, but %s"), path, problem);
      return PORTOLAN_STATE_WARNING;
    }

  return PORTOLAN_STATE_VERIFIED;
}

/* --- IGEL's cloud services --- */

typedef struct
{
  GTask                   *task;
  PortolanCheck           *check;
  PortolanProbeContext    *context;
  PortolanDeadline        *deadline;
  GSocketClient           *client;
  char                    *proxy;      /* the proxy used, or NULL for direct */
  gboolean                 reached;    /* connected to the host, or through the proxy to it */
  char                    *address;
  PortolanHandshakeResult *handshake;
} CloudProbe;

static void
cloud_probe_free (CloudProbe *probe)
{
  g_clear_object (&probe->task);
  g_clear_object (&probe->check);
  g_clear_pointer (&probe->context, portolan_probe_context_unref);
  g_clear_object (&probe->client);
  g_free (probe->proxy);
  g_free (probe->address);
  g_clear_pointer (&probe->handshake, _portolan_handshake_result_free);
  g_free (probe);
}

static void
finish_cloud (CloudProbe    *probe,
              PortolanState  state,
              const char    *detail)
{
  g_autoptr(PortolanTlsInfo) info = probe->handshake ? g_steal_pointer (&probe->handshake->info) : NULL;
  g_autofree char *problems = info ? portolan_tls_info_describe_problems (info) : NULL;
  g_autofree char *route = probe->proxy
    ? g_strdup_printf (_("through the proxy %s"), probe->proxy)
    : g_strdup (_("directly, without a proxy"));
  g_autofree char *text = NULL;
  /* Silence and refusals have no latency to show */
  double latency_ms = state == PORTOLAN_STATE_FILTERED || state == PORTOLAN_STATE_UNREACHABLE
    ? -1 : _portolan_deadline_elapsed_ms (probe->deadline);

  if (problems != NULL && state == PORTOLAN_STATE_VERIFIED)
    {
      text = g_strdup_printf ("%s; %s, %s", problems, detail, route);
      state = PORTOLAN_STATE_WARNING;
    }
  else if (problems != NULL && state == PORTOLAN_STATE_WARNING)
    text = g_strdup_printf ("%s; %s, %s", problems, detail, route);
  else
    text = g_strdup_printf ("%s, %s", detail, route);

  portolan_check_set_result (probe->check, state, probe->address, latency_ms, text, g_steal_pointer (&info));
  g_task_return_boolean (probe->task, TRUE);
  cloud_probe_free (probe);
}

static void
cloud_answered_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  CloudProbe *probe = user_data;
  g_autoptr(PortolanHttpAnswer) answer = _portolan_http_get_finish (result);
  g_autofree char *detail = NULL;
  PortolanState state;

  if (answer->error != NULL)
    {
      state = describe_failure (answer, probe->deadline, FALSE, &detail);
      finish_cloud (probe, state, detail);
      return;
    }

  /* Any HTTP answer proves the service is reachable this way */
  if (answer->location != NULL)
    /* Translators: "HTTP 301 Moved Permanently, to https://…" */
    detail = g_strdup_printf (_("HTTP %u %s, to %s"), answer->status, answer->reason, answer->location);
  else
    detail = g_strdup_printf (_("HTTP %u %s"), answer->status, answer->reason);
  finish_cloud (probe, PORTOLAN_STATE_VERIFIED, detail);
}

static void
cloud_handshake_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  CloudProbe *probe = user_data;
  g_autofree char *detail = NULL;

  probe->handshake = _portolan_tls_handshake_finish (result);
  if (probe->handshake->session == NULL)
    {
      PortolanState state = _portolan_state_after_connect (probe->handshake->error, probe->deadline,
                                                           "TLS", &detail);

      finish_cloud (probe, state, detail);
      return;
    }

  _portolan_http_get_async (probe->handshake->session, portolan_check_get_host (probe->check),
                            portolan_check_get_port (probe->check), "/",
                            probe->deadline->cancellable, cloud_answered_cb, probe);
}

static void
cloud_connected_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  CloudProbe *probe = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketConnection) connection = g_socket_client_connect_to_uri_finish (probe->client, result, &error);
  g_autofree char *detail = NULL;
  PortolanState state;

  if (connection != NULL)
    {
      g_autoptr(GSocketAddress) remote = g_socket_connection_get_remote_address (connection, NULL);

      if (G_IS_INET_SOCKET_ADDRESS (remote))
        probe->address = g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (remote)));
      _portolan_tls_handshake_async (probe->context, G_IO_STREAM (connection),
                                     portolan_check_get_host (probe->check),
                                     portolan_check_get_port (probe->check),
                                     _portolan_probe_context_get_fingerprint (probe->context,
                                                                              portolan_check_get_to (probe->check)),
                                     probe->deadline, cloud_handshake_cb, probe);
      return;
    }

  /* ECONNRESET on a direct connect: the TCP handshake completed and the
   * server reset at once, so the host was reached (as in
   * portolan-probe-connect.c) */
  if (probe->proxy == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED))
    probe->reached = TRUE;

  if (probe->reached)
    state = _portolan_state_after_connect (error, probe->deadline, "TLS", &detail);
  else
    {
      state = _portolan_state_for_error (error, probe->deadline, &detail);
      /* The proxy is the way to the service: if it fails, the service is out of reach */
      if (probe->proxy != NULL && state != PORTOLAN_STATE_CANCELLED)
        state = PORTOLAN_STATE_UNREACHABLE;
    }

  /* An address typed as the host is the one tried, whatever happened */
  if (probe->proxy == NULL && g_hostname_is_ip_address (portolan_check_get_host (probe->check)))
    probe->address = g_strdup (portolan_check_get_host (probe->check));
  finish_cloud (probe, state, detail);
}

/* How far the connect got decides what a failure means: before the
 * host answered it may be unreachable, after that it never is */
static void
client_event_cb (GSocketClient      *client,
                 GSocketClientEvent  event,
                 GSocketConnectable *connectable,
                 GIOStream          *connection,
                 CloudProbe         *probe)
{
  if ((event == G_SOCKET_CLIENT_CONNECTED && probe->proxy == NULL) || event == G_SOCKET_CLIENT_PROXY_NEGOTIATED)
    probe->reached = TRUE;
}

static void
connect_cloud (CloudProbe *probe)
{
  g_autofree char *uri = g_uri_join (G_URI_FLAGS_NONE, "https", NULL,
                                     portolan_check_get_host (probe->check),
                                     portolan_check_get_port (probe->check), "/", NULL, NULL);

  probe->client = g_socket_client_new ();
  if (probe->proxy != NULL)
    {
      g_autoptr(GProxyResolver) resolver = g_simple_proxy_resolver_new (probe->proxy, NULL);

      g_socket_client_set_proxy_resolver (probe->client, resolver);
    }
  else
    g_socket_client_set_enable_proxy (probe->client, FALSE);

  g_signal_connect (probe->client, "event", G_CALLBACK (client_event_cb), probe);
  g_socket_client_connect_to_uri_async (probe->client, uri, 443, probe->deadline->cancellable,
                                        cloud_connected_cb, probe);
}

static void
system_proxy_found_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  CloudProbe *probe = user_data;
  g_auto(GStrv) proxies = g_proxy_resolver_lookup_finish (G_PROXY_RESOLVER (object), result, NULL);

  /* Ask the system once, then use exactly the answer, so the check can
   * say whether a proxy was used */
  if (proxies != NULL && proxies[0] != NULL && !g_str_equal (proxies[0], "direct://"))
    probe->proxy = g_strdup (proxies[0]);

  connect_cloud (probe);
}

void
_portolan_probe_https (PortolanCheck        *check,
                       PortolanProbeContext *context,
                       PortolanDeadline     *deadline,
                       GTask                *task)
{
  const char *proxy_url = NULL;
  PortolanProxy mode = _portolan_probe_context_get_proxy (context, &proxy_url);
  CloudProbe *probe = g_new0 (CloudProbe, 1);

  probe->task = task;
  probe->check = g_object_ref (check);
  probe->context = portolan_probe_context_ref (context);
  probe->deadline = deadline;

  if (mode == PORTOLAN_PROXY_URL && proxy_url != NULL)
    {
      probe->proxy = g_strdup (proxy_url);
      connect_cloud (probe);
    }
  else if (mode == PORTOLAN_PROXY_SYSTEM)
    {
      g_autofree char *url = g_uri_join (G_URI_FLAGS_NONE, "https", NULL, portolan_check_get_host (check),
                                         portolan_check_get_port (check), "/", NULL, NULL);

      g_proxy_resolver_lookup_async (g_proxy_resolver_get_default (), url,
                                     deadline->cancellable, system_proxy_found_cb, probe);
    }
  else
    connect_cloud (probe);
}
