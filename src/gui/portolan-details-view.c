/* portolan-details-view.c
 *
 * The selected link as a support engineer wants it: the vendor's
 * description, the features that need it, and every check with host,
 * address, state, latency, error and certificate. Selectable text, so it
 * can be copied into a ticket.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "portolan-details-view.h"

struct _PortolanDetailsView
{
  GtkWidget     parent_instance;

  GtkWidget    *scroller;
  GtkLabel     *label;

  /* Owned references: what is shown, to follow its checks */
  PortolanPlan *plan;
  PortolanLink *link;
  GPtrArray    *watched;
};

G_DEFINE_FINAL_TYPE (PortolanDetailsView, portolan_details_view, GTK_TYPE_WIDGET)

static void refresh (PortolanDetailsView *self);

static void
unwatch (PortolanDetailsView *self)
{
  for (guint i = 0; i < self->watched->len; i++)
    g_signal_handlers_disconnect_by_func (g_ptr_array_index (self->watched, i), refresh, self);
  g_ptr_array_set_size (self->watched, 0);
}

static void
append_feature_names (GString            *text,
                      PortolanCatalogue  *catalogue,
                      const char * const *ids)
{
  for (guint i = 0; ids[i] != NULL; i++)
    {
      PortolanFeature *feature = portolan_catalogue_lookup_feature (catalogue, ids[i]);
      g_autofree char *name = g_markup_escape_text (feature ? portolan_feature_get_name (feature) : ids[i], -1);

      g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", name);
    }
}

static void
append_tls (GString               *text,
            const PortolanTlsInfo *tls)
{
  g_autofree char *subject = g_markup_escape_text (tls->subject ? tls->subject : "?", -1);
  g_autofree char *issuer = g_markup_escape_text (tls->issuer ? tls->issuer : "?", -1);
  g_autofree char *names = g_strjoinv (", ", tls->dns_names);
  g_autofree char *addresses = g_strjoinv (", ", tls->ip_addresses);
  g_autofree char *from = tls->not_before ? g_date_time_format (tls->not_before, "%Y-%m-%d") : g_strdup ("?");
  g_autofree char *until = tls->not_after ? g_date_time_format (tls->not_after, "%Y-%m-%d") : g_strdup ("?");
  g_autofree char *problems = portolan_tls_info_describe_problems (tls);

  g_string_append_printf (text, "    %s %s\n", _("Certificate:"), subject);
  g_string_append_printf (text, "    %s %s\n", _("Issuer:"), issuer);
  g_string_append_printf (text, "    %s %s%s%s\n", _("Names:"), names, *addresses ? ", " : "", addresses);
  g_string_append_printf (text, "    %s %s – %s\n", _("Valid:"), from, until);
  g_string_append_printf (text, "    SHA-256: <tt>%s</tt>\n", tls->sha256);
  if (problems != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (problems, -1);

      g_string_append_printf (text, "    <b>%s</b>\n", escaped);
    }
}

static void
append_check (GString       *text,
              PortolanCheck *check)
{
  PortolanState state = portolan_check_get_state (check);
  g_autofree char *port = portolan_check_format_port (check);
  g_autofree char *detail = g_markup_escape_text (portolan_check_get_detail (check) ? portolan_check_get_detail (check) : "", -1);
  double latency = portolan_check_get_latency (check);
  g_autofree char *latency_text = latency < 0 ? g_strdup ("—") : g_strdup_printf ("%.1f ms", latency);

  g_string_append_printf (text, "%s <b>%s</b>  %s  %s → %s\n",
                          portolan_state_get_symbol (state), portolan_state_get_label (state), port,
                          portolan_check_get_host (check) ? portolan_check_get_host (check) : _("no host"),
                          portolan_check_get_address (check) ? portolan_check_get_address (check) : "—");
  g_string_append_printf (text, "    %s %s\n", _("Latency:"), latency_text);
  if (*detail != '\0')
    g_string_append_printf (text, "    %s\n", detail);
  if (portolan_check_get_tls_info (check) != NULL)
    append_tls (text, portolan_check_get_tls_info (check));
}

static void
refresh (PortolanDetailsView *self)
{
  PortolanCatalogue *catalogue = portolan_profile_get_catalogue (portolan_plan_get_profile (self->plan));
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *port = portolan_link_format_port (self->link);
  g_autofree char *from = g_strjoinv (", ", (char **) portolan_link_get_initiators (self->link));
  g_autofree char *to = g_strjoinv (", ", (char **) portolan_link_get_listeners (self->link));
  g_autofree char *description = g_markup_escape_text (portolan_link_get_description (self->link), -1);
  GPtrArray *checks = portolan_plan_get_checks (self->plan);
  gboolean any = FALSE;

  g_string_append_printf (text, "<big><b>%s</b></big>  %s → %s\n\n%s\n\n", port, from, to, description);
  g_string_append_printf (text, "<b>%s</b> ", _("Needed for:"));
  append_feature_names (text, catalogue, portolan_link_get_features (self->link));
  if (portolan_link_get_requires (self->link)[0] != NULL)
    {
      g_string_append_printf (text, "; %s ", _("only with"));
      append_feature_names (text, catalogue, portolan_link_get_requires (self->link));
    }
  g_string_append_printf (text, "\n<b>%s</b> %s\n\n", _("Port configurable in the UMS:"),
                          portolan_link_get_configurable (self->link) ? _("yes") : _("no"));

  if (g_ptr_array_find (portolan_plan_get_other_side (self->plan), self->link, NULL))
    g_string_append_printf (text, "<b>%s</b>\n%s\n",
                            _("Test from the other side"),
                            _("This link starts at the role being checked and ends at this computer's role. "
                              "A probe from here cannot test it: run Portolan on a computer of the other role."));

  for (guint i = 0; i < checks->len; i++)
    {
      PortolanCheck *check = g_ptr_array_index (checks, i);

      if (portolan_check_get_link (check) != self->link)
        continue;

      if (!any)
        g_string_append_printf (text, "<b>%s</b>\n", _("Checks"));
      any = TRUE;
      append_check (text, check);
    }

  gtk_label_set_markup (self->label, text->str);
}

/**
 * portolan_details_view_show_link:
 *
 * Shows @link and the checks @plan has of it, following their results.
 */
void
portolan_details_view_show_link (PortolanDetailsView *self,
                                 PortolanPlan        *plan,
                                 PortolanLink        *link)
{
  GPtrArray *checks = portolan_plan_get_checks (plan);

  g_return_if_fail (PORTOLAN_IS_DETAILS_VIEW (self));

  unwatch (self);
  g_set_object (&self->plan, plan);
  g_set_object (&self->link, link);

  for (guint i = 0; i < checks->len; i++)
    {
      PortolanCheck *check = g_ptr_array_index (checks, i);

      if (portolan_check_get_link (check) != link)
        continue;
      g_signal_connect_swapped (check, "notify::state", G_CALLBACK (refresh), self);
      g_ptr_array_add (self->watched, g_object_ref (check));
    }

  refresh (self);
}

void
portolan_details_view_show_role (PortolanDetailsView *self,
                                 PortolanProfile     *profile,
                                 PortolanRole        *role)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GPtrArray) hosts = portolan_profile_expand_hosts (profile, portolan_role_get_id (role), NULL);
  g_autofree char *name = g_markup_escape_text (portolan_role_get_name (role), -1);
  g_autofree char *description = g_markup_escape_text (portolan_role_get_description (role)
                                                         ? portolan_role_get_description (role) : "", -1);

  g_return_if_fail (PORTOLAN_IS_DETAILS_VIEW (self));

  portolan_details_view_clear (self);
  g_string_append_printf (text, "<big><b>%s</b></big>  <tt>%s</tt>\n\n%s\n\n<b>%s</b> ",
                          name, portolan_role_get_id (role), description, _("Hosts:"));
  if (hosts == NULL || hosts->len == 0)
    g_string_append (text, _("none given"));
  for (guint i = 0; hosts != NULL && i < hosts->len && i < 50; i++)
    {
      g_autofree char *host = g_markup_escape_text (g_ptr_array_index (hosts, i), -1);

      g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", host);
    }
  if (hosts != NULL && hosts->len > 50)
    g_string_append_printf (text, _(" and %u more"), hosts->len - 50);

  gtk_label_set_markup (self->label, text->str);
}

void
portolan_details_view_clear (PortolanDetailsView *self)
{
  g_return_if_fail (PORTOLAN_IS_DETAILS_VIEW (self));

  unwatch (self);
  g_clear_object (&self->plan);
  g_clear_object (&self->link);
  gtk_label_set_markup (self->label, _("<span alpha=\"55%\">Select a port on the graph, or a row of the results, to see its details.</span>"));
}

const char *
portolan_details_view_get_text (PortolanDetailsView *self)
{
  g_return_val_if_fail (PORTOLAN_IS_DETAILS_VIEW (self), NULL);

  return gtk_label_get_text (self->label);
}

static void
portolan_details_view_dispose (GObject *object)
{
  PortolanDetailsView *self = (PortolanDetailsView *)object;

  if (self->watched != NULL)
    unwatch (self);
  g_clear_pointer (&self->watched, g_ptr_array_unref);
  g_clear_object (&self->plan);
  g_clear_object (&self->link);
  g_clear_pointer (&self->scroller, gtk_widget_unparent);

  G_OBJECT_CLASS (portolan_details_view_parent_class)->dispose (object);
}

static void
portolan_details_view_class_init (PortolanDetailsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = portolan_details_view_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
portolan_details_view_init (PortolanDetailsView *self)
{
  self->watched = g_ptr_array_new_with_free_func (g_object_unref);
  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->label, TRUE);
  gtk_label_set_selectable (self->label, TRUE);
  gtk_label_set_xalign (self->label, 0);
  gtk_label_set_yalign (self->label, 0);
  gtk_widget_set_margin_start (GTK_WIDGET (self->label), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->label), 12);
  gtk_widget_set_margin_top (GTK_WIDGET (self->label), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->label), 12);

  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), GTK_WIDGET (self->label));
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));

  portolan_details_view_clear (self);
}
