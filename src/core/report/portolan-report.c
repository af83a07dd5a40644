/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-report.c
 *
 * A support report: one run as an admin attaches it to a case. The
 * report copies what it shows when it is made (the plan with its
 * results, the profile, this computer's name and addresses), redacted
 * when asked, so that it can be written later, in a worker thread, while
 * the window goes on. Each format has its writer; they all read the
 * rows in the same order, problems first.
 */
#include "config.h"

#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include <glib/gi18n-lib.h>

#include "portolan-atomic-file-private.h"
#include "portolan-host-spec-private.h"
#include "portolan-plan-private.h"
#include "portolan-report-private.h"
#include "portolan-report-redactor-private.h"

#define SAVE_FAILURE N_("cannot save the report")

G_DEFINE_FINAL_TYPE (PortolanReport, portolan_report, G_TYPE_OBJECT)

static const struct
{
  const char *extension;
  const char *alias;
  const char *mime_type;
  const char *name;
} formats[PORTOLAN_REPORT_N_FORMATS] = {
  [PORTOLAN_REPORT_FORMAT_PNG] = { "png", NULL, "image/png", N_("PNG image") },
  [PORTOLAN_REPORT_FORMAT_PDF] = { "pdf", NULL, "application/pdf", N_("PDF document") },
  [PORTOLAN_REPORT_FORMAT_SVG] = { "svg", NULL, "image/svg+xml", N_("SVG image of the graph") },
  [PORTOLAN_REPORT_FORMAT_HTML] = { "html", "htm", "text/html", N_("Web page") },
  [PORTOLAN_REPORT_FORMAT_JSON] = { "json", NULL, "application/json", N_("JSON") },
  [PORTOLAN_REPORT_FORMAT_MARKDOWN] = { "md", "markdown", "text/markdown", N_("Markdown") },
};

/* Formats */

/**
 * portolan_report_format_from_filename:
 * @format: (out) (optional):
 *
 * The format a file name's extension asks for, in any case: .png, .pdf,
 * .svg, .html (.htm), .json, .md (.markdown).
 *
 * Returns: %FALSE for any other extension, or none
 */
gboolean
portolan_report_format_from_filename (const char           *name,
                                      PortolanReportFormat *format)
{
  g_autofree char *base = NULL;
  const char *dot;

  g_return_val_if_fail (name != NULL, FALSE);

  base = g_path_get_basename (name);
  dot = strrchr (base, '.');
  if (dot == NULL || dot == base)
    return FALSE;

  for (guint f = 0; f < PORTOLAN_REPORT_N_FORMATS; f++)
    if (g_ascii_strcasecmp (dot + 1, formats[f].extension) == 0 ||
        (formats[f].alias != NULL && g_ascii_strcasecmp (dot + 1, formats[f].alias) == 0))
      {
        if (format != NULL)
          *format = f;
        return TRUE;
      }

  return FALSE;
}

/**
 * portolan_report_format_get_extension:
 *
 * "png", "pdf", "svg", "html", "json" or "md", without the dot.
 */
const char *
portolan_report_format_get_extension (PortolanReportFormat format)
{
  g_return_val_if_fail (format < PORTOLAN_REPORT_N_FORMATS, NULL);

  return formats[format].extension;
}

const char *
portolan_report_format_get_mime_type (PortolanReportFormat format)
{
  g_return_val_if_fail (format < PORTOLAN_REPORT_N_FORMATS, NULL);

  return formats[format].mime_type;
}

/**
 * portolan_report_format_get_name:
 *
 * What a file chooser calls the format: "PDF document".
 */
const char *
portolan_report_format_get_name (PortolanReportFormat format)
{
  g_return_val_if_fail (format < PORTOLAN_REPORT_N_FORMATS, NULL);

  return g_dgettext (GETTEXT_PACKAGE, formats[format].name);
}

/**
 * portolan_report_list_extensions:
 *
 * ".png, .pdf, .svg, .html, .json, .md", for a message.
 */
char *
portolan_report_list_extensions (void)
{
  GString *text = g_string_new (NULL);

  for (guint f = 0; f < PORTOLAN_REPORT_N_FORMATS; f++)
    g_string_append_printf (text, "%s.%s", f > 0 ? ", " : "", formats[f].extension);

  return g_string_free (text, FALSE);
}

/* Rows */

static void
row_free (PortolanReportRow *row)
{
  g_free (row->port);
  g_free (row->direction);
  g_free (row->latency);
  g_free (row);
}

static void
other_side_free (PortolanReportOtherSide *item)
{
  g_free (item->port);
  g_free (item->direction);
  g_free (item->description);
  g_free (item);
}

typedef struct
{
  PortolanReportRow *row;
  guint              index;
} SortItem;

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  const SortItem *ia = a, *ib = b;
  PortolanCheck *ca = ia->row->check, *cb = ib->row->check;
  int by_state = portolan_state_compare_severity (ib->row->state, ia->row->state);
  /* A dynamic port has no number: after the others */
  guint pa = portolan_check_get_port (ca) ? portolan_check_get_port (ca) : G_MAXUINT16 + 1;
  guint pb = portolan_check_get_port (cb) ? portolan_check_get_port (cb) : G_MAXUINT16 + 1;

  if (by_state != 0)
    return by_state;
  if (pa != pb)
    return pa < pb ? -1 : 1;
  if (portolan_check_get_protocol (ca) != portolan_check_get_protocol (cb))
    return portolan_check_get_protocol (ca) < portolan_check_get_protocol (cb) ? -1 : 1;

  return ia->index < ib->index ? -1 : ia->index > ib->index;
}

static const char *
role_name (PortolanReport *self,
           const char     *role_id)
{
  PortolanRole *role = role_id ? portolan_catalogue_lookup_role (self->catalogue, role_id) : NULL;

  return role != NULL ? portolan_role_get_name (role) : role_id;
}

static void
build_rows (PortolanReport *self)
{
  GPtrArray *checks = portolan_plan_get_checks (self->plan);
  g_autoptr(GArray) items = g_array_sized_new (FALSE, FALSE, sizeof (SortItem), checks->len);

  for (guint i = 0; i < checks->len; i++)
    {
      PortolanCheck *check = g_ptr_array_index (checks, i);
      PortolanReportRow *row = g_new0 (PortolanReportRow, 1);
      double latency = portolan_check_get_latency (check);
      SortItem item = { row, i };

      row->check = check;
      row->state = portolan_check_get_state (check);
      row->port = portolan_check_format_port (check);
      row->from = role_name (self, portolan_check_get_from (check));
      row->to = role_name (self, portolan_check_get_to (check));
      row->direction = g_strdup_printf ("%s → %s", row->from, row->to);
      row->host = portolan_check_get_host (check);
      row->address = portolan_check_get_address (check);
      row->latency = latency >= 0 ? g_strdup_printf ("%.1f ms", latency) : NULL;
      row->detail = portolan_check_get_detail (check) ? portolan_check_get_detail (check) : "";
      g_array_append_val (items, item);

      self->counts[row->state]++;
      if (portolan_state_is_problem (row->state))
        self->n_problems++;
    }

  g_array_sort (items, compare_rows);
  for (guint i = 0; i < items->len; i++)
    g_ptr_array_add (self->rows, g_array_index (items, SortItem, i).row);
}

static gboolean
targets (PortolanPlan *plan,
         const char   *role_id)
{
  const char *target = portolan_plan_get_target (plan);

  return g_str_equal (target, PORTOLAN_TARGET_ALL) || g_str_equal (target, role_id);
}

static void
build_other_side (PortolanReport *self)
{
  GPtrArray *links = portolan_plan_get_other_side (self->plan);
  const char *source = portolan_plan_get_source (self->plan);

  for (guint i = 0; i < links->len; i++)
    {
      PortolanLink *link = g_ptr_array_index (links, i);
      const char * const *initiators = portolan_link_get_initiators (link);
      PortolanReportOtherSide *item = g_new0 (PortolanReportOtherSide, 1);
      g_autoptr(GString) from = g_string_new (NULL);
      g_autofree char *port = portolan_link_format_port (link);
      guint16 moved = portolan_profile_get_port (self->profile, link);

      /* The port the installation moved it to, as the checks use */
      if (!portolan_link_is_dynamic (link) && moved != portolan_link_get_port (link))
        item->port = g_strdup_printf ("%u%s", moved, strchr (port, '/'));
      else
        item->port = g_steal_pointer (&port);

      for (guint n = 0; initiators[n] != NULL; n++)
        if (targets (self->plan, initiators[n]) && !g_str_equal (initiators[n], source))
          g_string_append_printf (from, "%s%s", from->len > 0 ? ", " : "", role_name (self, initiators[n]));

      item->direction = g_strdup_printf ("%s → %s", from->str, role_name (self, source));
      item->description = g_strdup (portolan_link_get_description (link));
      g_ptr_array_add (self->other_side, item);
    }
}

/* This computer */

/* Its addresses on every interface that is up, but loopback and IPv6
 * link-local ones, which say nothing to whoever reads the report */
static GStrv
list_local_addresses (void)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  struct ifaddrs *list = NULL;

  if (getifaddrs (&list) != 0)
    return g_strv_builder_end (builder);

  for (struct ifaddrs *i = list; i != NULL; i = i->ifa_next)
    {
      g_autoptr(GSocketAddress) socket_address = NULL;
      GInetAddress *address;
      char *text;
      gsize size;

      if (i->ifa_addr == NULL || !(i->ifa_flags & IFF_UP) || (i->ifa_flags & IFF_LOOPBACK))
        continue;
      if (i->ifa_addr->sa_family == AF_INET)
        size = sizeof (struct sockaddr_in);
      else if (i->ifa_addr->sa_family == AF_INET6)
        size = sizeof (struct sockaddr_in6);
      else
        continue;

      socket_address = g_socket_address_new_from_native (i->ifa_addr, size);
      if (!G_IS_INET_SOCKET_ADDRESS (socket_address))
        continue;
      address = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (socket_address));
      if (g_inet_address_get_is_loopback (address) || g_inet_address_get_is_link_local (address))
        continue;

      text = g_inet_address_to_string (address);
      if (g_hash_table_add (seen, text))
        g_strv_builder_add (builder, text);
    }

  freeifaddrs (list);
  return g_strv_builder_end (builder);
}

/* Redaction */

/* Every name and address the report could show, registered in a fixed
 * order so that the placeholders are numbered the same each time: the
 * profile's hosts by role, this computer ("this-computer-1", unless the
 * profile names it), then what the checks met */
static PortolanReportRedactor *
make_redactor (PortolanPlan       *plan,
               const char         *host_name,
               const char * const *addresses)
{
  PortolanProfile *profile = portolan_plan_get_profile (plan);
  PortolanCatalogue *catalogue = portolan_profile_get_catalogue (profile);
  GPtrArray *roles = portolan_catalogue_get_roles (catalogue);
  GPtrArray *checks = portolan_plan_get_checks (plan);
  PortolanReportRedactor *redactor = portolan_report_redactor_new ();

  for (guint r = 0; r < roles->len; r++)
    {
      const char * const *defaults = portolan_role_get_default_hosts (g_ptr_array_index (roles, r));

      for (guint h = 0; defaults != NULL && defaults[h] != NULL; h++)
        portolan_report_redactor_keep (redactor, defaults[h]);
    }

  /* A host given for several roles (one machine running the UMS Server
   * and its database) is named after none of them: "host-N" */
  g_autoptr(GHashTable) role_of_host = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) hosts_by_role = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);

  for (guint r = 0; r < roles->len; r++)
    {
      const char *role_id = portolan_role_get_id (g_ptr_array_index (roles, r));
      GPtrArray *hosts = portolan_profile_get_hosts (profile, role_id) != NULL
        ? portolan_profile_expand_hosts (profile, role_id, NULL) : NULL;

      g_ptr_array_add (hosts_by_role, hosts ? hosts : g_ptr_array_new ());
      for (guint h = 0; hosts != NULL && h < hosts->len; h++)
        {
          const char *host = g_ptr_array_index (hosts, h);
          const char *seen = g_hash_table_lookup (role_of_host, host);

          if (seen == NULL)
            g_hash_table_insert (role_of_host, g_strdup (host), g_strdup (role_id));
          else if (!g_str_equal (seen, role_id))
            g_hash_table_insert (role_of_host, g_strdup (host), g_strdup ("host"));
        }
    }

  for (guint r = 0; r < roles->len; r++)
    {
      GPtrArray *hosts = g_ptr_array_index (hosts_by_role, r);

      for (guint h = 0; h < hosts->len; h++)
        portolan_report_redactor_add_host (redactor,
                                           g_hash_table_lookup (role_of_host, g_ptr_array_index (hosts, h)),
                                           g_ptr_array_index (hosts, h));
    }

  portolan_report_redactor_add_host (redactor, "this-computer", host_name);
  for (guint a = 0; addresses[a] != NULL; a++)
    portolan_report_redactor_add_address (redactor, addresses[a]);

  for (guint i = 0; i < checks->len; i++)
    {
      PortolanCheck *check = g_ptr_array_index (checks, i);
      const PortolanTlsInfo *tls = portolan_check_get_tls_info (check);

      portolan_report_redactor_add_host (redactor, portolan_check_get_to (check), portolan_check_get_host (check));
      portolan_report_redactor_add_address (redactor, portolan_check_get_address (check));
      for (guint n = 0; tls != NULL && tls->dns_names != NULL && tls->dns_names[n] != NULL; n++)
        portolan_report_redactor_add_host (redactor, "host", tls->dns_names[n]);
      for (guint n = 0; tls != NULL && tls->ip_addresses != NULL && tls->ip_addresses[n] != NULL; n++)
        portolan_report_redactor_add_address (redactor, tls->ip_addresses[n]);
    }

  /* The cloud checks' details name the proxy, and its URL may carry a
   * user name and password */
  if (portolan_profile_get_proxy (profile) == PORTOLAN_PROXY_URL)
    {
      const char *url = portolan_profile_get_proxy_url (profile);
      g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

      portolan_report_redactor_add_literal (redactor, "proxy", url);
      if (uri != NULL)
        {
          g_autofree char *redacted = NULL;

          portolan_report_redactor_add_host (redactor, "proxy", g_uri_get_host (uri));
          /* The same URL as GLib writes it back */
          redacted = g_uri_to_string (uri);
          portolan_report_redactor_add_literal (redactor, "proxy", redacted);
        }
    }

  return redactor;
}

/* The profile as the graph draws it: its hosts replaced by their
 * placeholders, a range or block by a placeholder of its own */
static void
redact_profile (PortolanProfile        *copy,
                PortolanReportRedactor *redactor)
{
  PortolanCatalogue *catalogue = portolan_profile_get_catalogue (copy);
  GPtrArray *roles = portolan_catalogue_get_roles (catalogue);

  for (guint r = 0; r < roles->len; r++)
    {
      PortolanRole *role = g_ptr_array_index (roles, r);
      const char *role_id = portolan_role_get_id (role);
      const char * const *hosts = portolan_profile_get_hosts (copy, role_id);
      g_autoptr(GPtrArray) redacted = NULL;
      guint ranges = 0;

      if (hosts == NULL)
        continue;

      redacted = g_ptr_array_new_with_free_func (g_free);
      for (guint h = 0; hosts[h] != NULL; h++)
        {
          PortolanHostSpecKind kind = PORTOLAN_HOST_SPEC_KIND_NAME;
          g_autofree char *spec = portolan_host_spec_parse (hosts[h], TRUE, &kind, NULL);
          char *placeholder;

          if (kind == PORTOLAN_HOST_SPEC_KIND_IPV4_RANGE || kind == PORTOLAN_HOST_SPEC_KIND_CIDR)
            placeholder = g_strdup_printf ("%s-range-%u", role_id, ++ranges);
          else
            placeholder = g_strdup (portolan_report_redactor_add_host (redactor, role_id, spec ? spec : hosts[h]));

          if (g_ptr_array_find_with_equal_func (redacted, placeholder, g_str_equal, NULL))
            g_free (placeholder);
          else
            g_ptr_array_add (redacted, placeholder);
        }
      g_ptr_array_add (redacted, NULL);

      if (!portolan_profile_set_hosts (copy, role_id, (const char * const *) redacted->pdata, NULL))
        portolan_profile_set_hosts (copy, role_id, NULL, NULL);
    }
}

static PortolanProfile *
copy_profile (PortolanProfile        *profile,
              PortolanReportRedactor *redactor)
{
  PortolanCatalogue *catalogue = portolan_profile_get_catalogue (profile);
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  PortolanProfile *copy;
  gsize length;

  /* The saved form holds all of it, and is checked on the way back */
  data = portolan_profile_to_data (profile, &length);
  copy = portolan_profile_new_from_data (catalogue, data, length, NULL, &error);
  if (copy == NULL)
    {
      g_critical ("A profile does not load from what it saved: %s", error->message);
      copy = portolan_profile_new (catalogue);
    }

  if (redactor != NULL)
    {
      g_autofree char *name = portolan_report_redactor_redact_text (redactor, portolan_profile_get_name (copy));

      portolan_profile_set_name (copy, name);
      redact_profile (copy, redactor);
    }

  return copy;
}

/* A server's facts may name hosts (dnsHostName, a realm): redacted as
 * the detail is */
static PortolanServiceInfo *
copy_service_info (const PortolanServiceInfo *info,
                   PortolanReportRedactor    *redactor)
{
  PortolanServiceInfo *copy;

  if (info == NULL || redactor == NULL)
    return info ? portolan_service_info_copy (info) : NULL;

  copy = portolan_service_info_new (info->expected);
  portolan_service_info_set_answered (copy, info->answered);
  portolan_service_info_set_version (copy, info->version);
  for (guint i = 0; i < info->facts->len; i++)
    {
      const PortolanServiceFact *fact = g_ptr_array_index (info->facts, i);
      g_autofree char *value = portolan_report_redactor_redact_text (redactor, fact->value);

      portolan_service_info_add_fact (copy, fact->key, value);
    }
  if (info->warning != NULL)
    {
      g_autofree char *warning = portolan_report_redactor_redact_text (redactor, info->warning);

      portolan_service_info_set_warning (copy, warning);
    }
  return copy;
}

static PortolanCheck *
copy_check (PortolanCheck *check,
            gpointer       user_data)
{
  PortolanReportRedactor *redactor = user_data;
  const char *host = portolan_check_get_host (check);
  const char *address = portolan_check_get_address (check);
  const PortolanTlsInfo *tls = portolan_check_get_tls_info (check);
  g_autofree char *detail = NULL;
  PortolanTlsInfo *tls_copy;
  PortolanCheck *copy;

  if (redactor != NULL)
    {
      host = portolan_report_redactor_add_host (redactor, portolan_check_get_to (check), host);
      address = portolan_report_redactor_add_address (redactor, address);
      detail = portolan_report_redactor_redact_text (redactor, portolan_check_get_detail (check));
      tls_copy = portolan_report_redactor_redact_tls (redactor, tls);
    }
  else
    {
      detail = g_strdup (portolan_check_get_detail (check));
      tls_copy = tls ? portolan_tls_info_copy (tls) : NULL;
    }

  copy = portolan_check_new (portolan_check_get_link (check),
                             portolan_check_get_from (check),
                             portolan_check_get_to (check),
                             host,
                             portolan_check_get_port (check),
                             portolan_check_get_protocol (check),
                             portolan_check_get_probe (check));
  portolan_check_set_service_result (copy, portolan_check_get_state (check), address,
                                     portolan_check_get_latency (check), detail, tls_copy,
                                     copy_service_info (portolan_check_get_service_info (check), redactor));

  return copy;
}

/* Class */

static void
portolan_report_finalize (GObject *object)
{
  PortolanReport *self = (PortolanReport *)object;

  g_clear_object (&self->catalogue);
  g_clear_object (&self->profile);
  g_clear_object (&self->plan);
  g_clear_pointer (&self->started, g_date_time_unref);
  g_clear_pointer (&self->created, g_date_time_unref);
  g_free (self->host_name);
  g_strfreev (self->addresses);
  g_free (self->source_name);
  g_free (self->target_name);
  g_free (self->profile_name);
  g_strfreev (self->feature_ids);
  g_strfreev (self->feature_names);
  g_free (self->catalogue_name);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->other_side, g_ptr_array_unref);

  G_OBJECT_CLASS (portolan_report_parent_class)->finalize (object);
}

static void
portolan_report_class_init (PortolanReportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = portolan_report_finalize;
}

static void
portolan_report_init (PortolanReport *self)
{
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  self->other_side = g_ptr_array_new_with_free_func ((GDestroyNotify) other_side_free);
}

static void
build_header (PortolanReport         *self,
              const char             *host_name,
              const char * const     *addresses,
              PortolanReportRedactor *redactor)
{
  const char *source = portolan_plan_get_source (self->plan);
  const char *target = portolan_plan_get_target (self->plan);
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) redacted = g_strv_builder_new ();

  self->host_name = g_strdup (redactor ? portolan_report_redactor_add_host (redactor, "this-computer", host_name) : host_name);
  for (guint a = 0; addresses[a] != NULL; a++)
    g_strv_builder_add (redacted, redactor ? portolan_report_redactor_add_address (redactor, addresses[a]) : addresses[a]);
  self->addresses = g_strv_builder_end (redacted);

  self->source_name = g_strdup (role_name (self, source));
  self->target_name = g_strdup (g_str_equal (target, PORTOLAN_TARGET_ALL) ? _("All roles") : role_name (self, target));
  self->profile_name = g_strdup (portolan_profile_get_name (self->profile) ? portolan_profile_get_name (self->profile) : "");

  self->feature_ids = portolan_profile_dup_features (self->profile);
  for (guint f = 0; self->feature_ids[f] != NULL; f++)
    {
      PortolanFeature *feature = portolan_catalogue_lookup_feature (self->catalogue, self->feature_ids[f]);

      g_strv_builder_add (names, feature ? portolan_feature_get_name (feature) : self->feature_ids[f]);
    }
  self->feature_names = g_strv_builder_end (names);

  self->catalogue_name = g_strdup_printf ("%s %s", portolan_catalogue_get_name (self->catalogue),
                                          portolan_catalogue_get_version (self->catalogue));
}

/**
 * portolan_report_new_for_computer:
 * @plan: the plan, with the results it has now
 * @started: (nullable): when the run started; %NULL for now
 * @duration_ms: how long it took
 * @redact: whether to replace every host name and address of the
 *   installation by a placeholder ("ums-server-1", "address-3")
 * @host_name: (nullable): the name of the computer that ran the checks,
 *   or %NULL for this one's
 * @addresses: (nullable): its addresses, or %NULL for this one's
 *
 * Like portolan_report_new(), for a run made on another computer.
 */
PortolanReport *
portolan_report_new_for_computer (PortolanPlan       *plan,
                                  GDateTime          *started,
                                  double              duration_ms,
                                  gboolean            redact,
                                  const char         *host_name,
                                  const char * const *addresses)
{
  g_autoptr(PortolanReportRedactor) redactor = NULL;
  g_auto(GStrv) local_addresses = NULL;
  PortolanReport *self;

  g_return_val_if_fail (PORTOLAN_IS_PLAN (plan), NULL);

  if (host_name == NULL)
    host_name = g_get_host_name ();
  if (addresses == NULL)
    addresses = (const char * const *) (local_addresses = list_local_addresses ());

  self = g_object_new (PORTOLAN_TYPE_REPORT, NULL);
  self->catalogue = g_object_ref (portolan_profile_get_catalogue (portolan_plan_get_profile (plan)));
  self->created = g_date_time_new_now_local ();
  self->started = started ? g_date_time_ref (started) : g_date_time_ref (self->created);
  self->duration_ms = MAX (duration_ms, 0);
  self->redacted = !!redact;

  if (redact)
    redactor = make_redactor (plan, host_name, addresses);

  self->profile = copy_profile (portolan_plan_get_profile (plan), redactor);
  self->plan = _portolan_plan_copy (plan, self->profile, copy_check, redactor);
  build_header (self, host_name, addresses, redactor);
  build_rows (self);
  build_other_side (self);

  return self;
}

/**
 * portolan_report_new:
 * @plan: the plan, with the results it has now
 * @started: (nullable): when the run started
 *   (portolan_runner_get_started()); %NULL for now
 * @duration_ms: how long it took (portolan_runner_get_duration_ms())
 * @redact: whether to replace every host name and address of the
 *   installation by a placeholder ("ums-server-1", "address-3"), in
 *   every format, the graph included; the public names of IGEL's cloud
 *   services stay
 *
 * A report of the plan as it is now: later results are not in it, and
 * it may be written from any thread.
 */
PortolanReport *
portolan_report_new (PortolanPlan *plan,
                     GDateTime    *started,
                     double        duration_ms,
                     gboolean      redact)
{
  return portolan_report_new_for_computer (plan, started, duration_ms, redact, NULL, NULL);
}

/* Getters */

/**
 * portolan_report_get_plan:
 *
 * The report's own copy of the plan, with the results as they were when
 * it was made, redacted when the report is.
 */
PortolanPlan *
portolan_report_get_plan (PortolanReport *self)
{
  g_return_val_if_fail (PORTOLAN_IS_REPORT (self), NULL);

  return self->plan;
}

GDateTime *
portolan_report_get_started (PortolanReport *self)
{
  g_return_val_if_fail (PORTOLAN_IS_REPORT (self), NULL);

  return self->started;
}

double
portolan_report_get_duration_ms (PortolanReport *self)
{
  g_return_val_if_fail (PORTOLAN_IS_REPORT (self), 0);

  return self->duration_ms;
}

gboolean
portolan_report_get_redacted (PortolanReport *self)
{
  g_return_val_if_fail (PORTOLAN_IS_REPORT (self), FALSE);

  return self->redacted;
}

/**
 * portolan_report_get_host_name:
 *
 * The name of the computer the checks ran on, as the report shows it.
 */
const char *
portolan_report_get_host_name (PortolanReport *self)
{
  g_return_val_if_fail (PORTOLAN_IS_REPORT (self), NULL);

  return self->host_name;
}

const char * const *
portolan_report_get_addresses (PortolanReport *self)
{
  g_return_val_if_fail (PORTOLAN_IS_REPORT (self), NULL);

  return (const char * const *) self->addresses;
}

const char *
portolan_report_get_profile_name (PortolanReport *self)
{
  g_return_val_if_fail (PORTOLAN_IS_REPORT (self), NULL);

  return self->profile_name;
}

guint
portolan_report_count (PortolanReport *self,
                       PortolanState   state)
{
  g_return_val_if_fail (PORTOLAN_IS_REPORT (self), 0);
  g_return_val_if_fail (state < PORTOLAN_N_STATES, 0);

  return self->counts[state];
}

/**
 * portolan_report_count_problems:
 *
 * The checks that are closed, filtered, unreachable or a warning.
 */
guint
portolan_report_count_problems (PortolanReport *self)
{
  g_return_val_if_fail (PORTOLAN_IS_REPORT (self), 0);

  return self->n_problems;
}

/**
 * portolan_report_suggest_filename:
 *
 * "portolan-ums-server-to-all-20250107-1403.pdf"
 */
char *
portolan_report_suggest_filename (PortolanReport       *self,
                                  PortolanReportFormat  format)
{
  g_autofree char *date = NULL;

  g_return_val_if_fail (PORTOLAN_IS_REPORT (self), NULL);
  g_return_val_if_fail (format < PORTOLAN_REPORT_N_FORMATS, NULL);

  date = g_date_time_format (self->started, "%Y%m%d-%H%M");
  return g_strdup_printf ("portolan-%s-to-%s-%s.%s", portolan_plan_get_source (self->plan),
                          portolan_plan_get_target (self->plan), date, formats[format].extension);
}

/* The header in words, for every writer */

char *
_portolan_report_format_date (PortolanReport *self,
                              gboolean        with_weekday)
{
  /* Translators: a date as strftime() writes it, "Tuesday, 7 January 2025, 14:03:12 CET" */
  return g_date_time_format (self->started, with_weekday ? _("%A, %-d %B %Y, %H:%M:%S %Z")
                                                         : _("%Y-%m-%d %H:%M %Z"));
}

char *
_portolan_report_format_iso_date (PortolanReport *self)
{
  return g_date_time_format (self->started, "%Y-%m-%dT%H:%M:%S%:z");
}

char *
_portolan_report_format_duration (PortolanReport *self)
{
  double ms = self->duration_ms;

  if (ms < 10)
    return g_strdup_printf (_("%.1f ms"), ms);
  if (ms < 1000)
    return g_strdup_printf (_("%.0f ms"), ms);
  if (ms < 60000)
    return g_strdup_printf (_("%.1f s"), ms / 1000);

  /* Translators: minutes and seconds, "2 min 5 s" */
  return g_strdup_printf (_("%u min %u s"), (guint) (ms / 60000), (guint) (ms / 1000) % 60);
}

/* "ws-admin-7 (10.0.0.5, fd00::5)" */
char *
_portolan_report_format_computer (PortolanReport *self)
{
  g_autofree char *addresses = g_strjoinv (", ", self->addresses);

  if (*addresses == '\0')
    return g_strdup (self->host_name);

  return g_strdup_printf ("%s (%s)", self->host_name, addresses);
}

/* "UMS Server (ums-server)" */
char *
_portolan_report_format_role (PortolanReport *self,
                              gboolean        source)
{
  if (source)
    return g_strdup_printf ("%s (%s)", self->source_name, portolan_plan_get_source (self->plan));

  return g_strdup_printf ("%s (%s)", self->target_name, portolan_plan_get_target (self->plan));
}

char *
_portolan_report_format_versions (PortolanReport *self)
{
  /* Translators: "Portolan 0.1.0 · catalogue IGEL UMS 2026.1" */
  return g_strdup_printf (_("Portolan %s · catalogue %s"), PACKAGE_VERSION, self->catalogue_name);
}

/**
 * _portolan_report_get_header:
 *
 * The one list of the header's fields, for every writer: each shows
 * these rows, in this order, in its own way.
 *
 * Returns: (transfer full): free with _portolan_report_header_free()
 */
PortolanReportHeader *
_portolan_report_get_header (PortolanReport *self)
{
  PortolanReportHeader *header = g_new0 (PortolanReportHeader, 1);
  PortolanReportHeaderRow *rows = header->rows;
  g_autofree char *features = g_strjoinv (", ", self->feature_names);

  header->date = _portolan_report_format_date (self, TRUE);
  header->iso_date = _portolan_report_format_iso_date (self);
  header->duration = _portolan_report_format_duration (self);

  rows[PORTOLAN_REPORT_FIELD_STARTED].label = _("Run started");
  rows[PORTOLAN_REPORT_FIELD_STARTED].value = g_strdup_printf ("%s · %s", header->date, header->iso_date);
  rows[PORTOLAN_REPORT_FIELD_COMPUTER].label = _("This computer");
  rows[PORTOLAN_REPORT_FIELD_COMPUTER].value = _portolan_report_format_computer (self);
  rows[PORTOLAN_REPORT_FIELD_SOURCE].label = _("Source role");
  rows[PORTOLAN_REPORT_FIELD_SOURCE].value = _portolan_report_format_role (self, TRUE);
  rows[PORTOLAN_REPORT_FIELD_TARGET].label = _("Target");
  rows[PORTOLAN_REPORT_FIELD_TARGET].value = _portolan_report_format_role (self, FALSE);
  rows[PORTOLAN_REPORT_FIELD_PROFILE].label = _("Profile");
  rows[PORTOLAN_REPORT_FIELD_PROFILE].value = g_strdup (*self->profile_name ? self->profile_name : _("unnamed"));
  rows[PORTOLAN_REPORT_FIELD_FEATURES].label = _("Features in use");
  rows[PORTOLAN_REPORT_FIELD_FEATURES].value = g_strdup (*features ? features : _("none"));
  rows[PORTOLAN_REPORT_FIELD_DURATION].label = _("Duration");
  rows[PORTOLAN_REPORT_FIELD_DURATION].value =
    g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s for %u check", "%s for %u checks", self->rows->len),
                     header->duration, self->rows->len);
  rows[PORTOLAN_REPORT_FIELD_VERSIONS].label = _("Versions");
  rows[PORTOLAN_REPORT_FIELD_VERSIONS].value = _portolan_report_format_versions (self);

  return header;
}

void
_portolan_report_header_free (PortolanReportHeader *header)
{
  for (guint i = 0; i < PORTOLAN_REPORT_N_FIELDS; i++)
    g_free (header->rows[i].value);
  g_free (header->date);
  g_free (header->iso_date);
  g_free (header->duration);
  g_free (header);
}

/* What the reader should know first */
char *
_portolan_report_format_verdict (PortolanReport *self)
{
  guint unfinished = self->counts[PORTOLAN_STATE_PENDING] + self->counts[PORTOLAN_STATE_CANCELLED];
  guint tested = self->counts[PORTOLAN_STATE_VERIFIED] + self->counts[PORTOLAN_STATE_OPEN] +
                 self->counts[PORTOLAN_STATE_UNVERIFIED];

  if (self->n_problems > 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u check found a problem",
                                         "%u checks found a problem", self->n_problems),
                            self->n_problems);
  if (unfinished > 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "No problem found, but %u check did not finish",
                                         "No problem found, but %u checks did not finish", unfinished),
                            unfinished);
  if (tested == 0)
    return g_strdup (_("Nothing was probed: every check was skipped"));

  return g_strdup (_("No problem found"));
}

/* "✖ 2 closed, ✔ 10 verified" */
char *
_portolan_report_format_counts (PortolanReport *self,
                                gboolean        with_symbols)
{
  GString *text = g_string_new (NULL);
  guint n_states;
  const PortolanState *order = portolan_state_get_severity_order (&n_states);

  for (guint i = 0; i < n_states; i++)
    {
      PortolanState state = order[i];

      if (self->counts[state] == 0)
        continue;

      if (text->len > 0)
        g_string_append (text, ", ");
      if (with_symbols)
        g_string_append_printf (text, "%s ", portolan_state_get_symbol (state));
      g_string_append_printf (text, "%u %s", self->counts[state], portolan_state_get_label (state));
    }

  if (text->len == 0)
    g_string_append (text, _("no checks"));

  return g_string_free (text, FALSE);
}

/**
 * _portolan_report_state_meaning:
 *
 * The legend: what a state means, in short; README's tables say which
 * failure becomes which state.
 */
const char *
_portolan_report_state_meaning (PortolanState state)
{
  switch (state)
    {
    case PORTOLAN_STATE_PENDING:
      return _("not run yet");
    case PORTOLAN_STATE_VERIFIED:
      return _("connected, and the expected service answered its protocol check");
    case PORTOLAN_STATE_OPEN:
      return _("connected; the port has no protocol check, or it was inconclusive");
    case PORTOLAN_STATE_WARNING:
      return _("connected, but something is wrong: another service answered, a TLS certificate problem (expired, untrusted, wrong name, unexpected fingerprint), or an HTTP error");
    case PORTOLAN_STATE_CLOSED:
      return _("refused: the host is reachable, but nothing listens on the port (TCP reset, ICMP port unreachable)");
    case PORTOLAN_STATE_FILTERED:
      return _("no answer within the time limit, or administratively prohibited: a firewall drops or blocks it");
    case PORTOLAN_STATE_UNREACHABLE:
      return _("the name does not resolve, or there is no route to the host or network");
    case PORTOLAN_STATE_UNVERIFIED:
      return _("UDP sent without an answer or an error (open or filtered), or a dynamic port that cannot be probed");
    case PORTOLAN_STATE_SKIPPED:
      return _("not part of this run: a feature is off, or the role has no host");
    case PORTOLAN_STATE_CANCELLED:
      return _("the run was stopped before this check finished");
    default:
      return "";
    }
}

/* Writing */

/**
 * portolan_report_to_bytes:
 *
 * The report in a format, in memory. PNG and PDF take a moment for
 * thousands of checks: call it from a worker thread, as
 * portolan_report_save_async() does.
 */
GBytes *
portolan_report_to_bytes (PortolanReport        *self,
                          PortolanReportFormat   format,
                          GCancellable          *cancellable,
                          GError               **error)
{
  g_return_val_if_fail (PORTOLAN_IS_REPORT (self), NULL);
  g_return_val_if_fail (format < PORTOLAN_REPORT_N_FORMATS, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  switch (format)
    {
    case PORTOLAN_REPORT_FORMAT_PNG:
      return _portolan_report_write_png (self, cancellable, error);
    case PORTOLAN_REPORT_FORMAT_PDF:
      return _portolan_report_write_pdf (self, cancellable, error);
    case PORTOLAN_REPORT_FORMAT_SVG:
      return _portolan_report_write_svg (self, cancellable, error);
    case PORTOLAN_REPORT_FORMAT_HTML:
      return _portolan_report_write_html (self, cancellable, error);
    case PORTOLAN_REPORT_FORMAT_JSON:
      return _portolan_report_write_json (self, error);
    case PORTOLAN_REPORT_FORMAT_MARKDOWN:
      {
        char *text = _portolan_report_write_markdown (self);

        return g_bytes_new_take (text, strlen (text));
      }
    default:
      g_assert_not_reached ();
    }
}

/**
 * portolan_report_write:
 *
 * Writes the report in a format to a stream, which stays open.
 */
gboolean
portolan_report_write (PortolanReport        *self,
                       PortolanReportFormat   format,
                       GOutputStream         *out,
                       GCancellable          *cancellable,
                       GError               **error)
{
  g_autoptr(GBytes) bytes = NULL;
  gsize length;
  const void *data;

  g_return_val_if_fail (PORTOLAN_IS_REPORT (self), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);

  if (!(bytes = portolan_report_to_bytes (self, format, cancellable, error)))
    return FALSE;

  data = g_bytes_get_data (bytes, &length);
  return g_output_stream_write_all (out, data, length, NULL, cancellable, error);
}

/**
 * portolan_report_to_markdown:
 *
 * A summary and the table of checks in Markdown, for the clipboard or a
 * ticket.
 */
char *
portolan_report_to_markdown (PortolanReport *self)
{
  g_return_val_if_fail (PORTOLAN_IS_REPORT (self), NULL);

  return _portolan_report_write_markdown (self);
}

/**
 * portolan_report_save:
 *
 * Writes the report to a file in one step: the file has the whole
 * report or, when writing fails, what it had before; never a part. An
 * existing file stays beside it as FILE.bak.
 *
 * Returns: %TRUE if saved; else %FALSE with an error that names the file
 */
gboolean
portolan_report_save (PortolanReport        *self,
                      PortolanReportFormat   format,
                      GFile                 *file,
                      GCancellable          *cancellable,
                      GError               **error)
{
  g_autoptr(GBytes) contents = NULL;

  g_return_val_if_fail (PORTOLAN_IS_REPORT (self), FALSE);
  g_return_val_if_fail (format < PORTOLAN_REPORT_N_FORMATS, FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  contents = portolan_report_to_bytes (self, format, cancellable, error);
  return portolan_atomic_file_save (file, contents, _(SAVE_FAILURE), cancellable, error);
}

/* The report reads nothing that changes: it is drawn in the thread */
static GBytes *
draw_in_thread (gpointer       source_object,
                gpointer       format,
                GCancellable  *cancellable,
                GError       **error)
{
  return portolan_report_to_bytes (source_object, GPOINTER_TO_UINT (format), cancellable, error);
}

/**
 * portolan_report_save_async:
 *
 * Like portolan_report_save(), drawing and writing in a worker thread.
 */
void
portolan_report_save_async (PortolanReport       *self,
                            PortolanReportFormat  format,
                            GFile                *file,
                            GCancellable         *cancellable,
                            GAsyncReadyCallback   callback,
                            gpointer              user_data)
{
  g_return_if_fail (PORTOLAN_IS_REPORT (self));
  g_return_if_fail (format < PORTOLAN_REPORT_N_FORMATS);
  g_return_if_fail (G_IS_FILE (file));

  _portolan_atomic_file_save_async (file, _(SAVE_FAILURE),
                                    draw_in_thread, GUINT_TO_POINTER (format), NULL,
                                    self, portolan_report_save_async,
                                    cancellable, callback, user_data);
}

gboolean
portolan_report_save_finish (PortolanReport  *self,
                             GAsyncResult    *result,
                             GError         **error)
{
  g_return_val_if_fail (PORTOLAN_IS_REPORT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return _portolan_atomic_file_save_finish (result, error);
}
