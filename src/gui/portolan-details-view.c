/* SPDX-License-Identifier: GPL-3.0-or-later */
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

/* The text of the label and its styles, built together. Everything
 * appended is plain text, never markup: certificate names, details and
 * descriptions come from servers and files, and "a<b & c" must show as
 * itself. Their control characters are written out, so a server cannot
 * add a line of its own. */
typedef struct
{
  GString       *text;
  PangoAttrList *attrs;
} Styled;

static void
styled_init (Styled *styled)
{
  styled->text = g_string_new (NULL);
  styled->attrs = pango_attr_list_new ();
}

static void
styled_clear (Styled *styled)
{
  g_string_free (styled->text, TRUE);
  pango_attr_list_unref (styled->attrs);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Styled, styled_clear)

static void
styled_append (Styled     *styled,
               const char *text)
{
  portolan_text_append_escaped (styled->text, text);
}

static void
styled_newline (Styled *styled)
{
  g_string_append_c (styled->text, '\n');
}

/* Appends @text with the attributes, a %NULL-terminated list it takes */
static void
styled_append_with (Styled         *styled,
                    const char     *text,
                    PangoAttribute *first,
                    ...)
{
  guint start = styled->text->len;
  va_list args;

  styled_append (styled, text);

  va_start (args, first);
  for (PangoAttribute *attr = first; attr != NULL; attr = va_arg (args, PangoAttribute *))
    {
      attr->start_index = start;
      attr->end_index = styled->text->len;
      pango_attr_list_insert (styled->attrs, attr);
    }
  va_end (args);
}

static PangoAttribute *
bold (void)
{
  return pango_attr_weight_new (PANGO_WEIGHT_BOLD);
}

static PangoAttribute *
big (void)
{
  return pango_attr_scale_new (PANGO_SCALE_LARGE);
}

static PangoAttribute *
monospace (void)
{
  return pango_attr_family_new ("monospace");
}

static void
styled_show (Styled   *styled,
             GtkLabel *label)
{
  gtk_label_set_text (label, styled->text->str);
  gtk_label_set_attributes (label, styled->attrs);
}

static void
append_feature_names (Styled             *text,
                      PortolanCatalogue  *catalogue,
                      const char * const *ids)
{
  for (guint i = 0; ids[i] != NULL; i++)
    {
      PortolanFeature *feature = portolan_catalogue_lookup_feature (catalogue, ids[i]);

      if (i > 0)
        styled_append (text, ", ");
      styled_append (text, feature ? portolan_feature_get_name (feature) : ids[i]);
    }
}

/* "    Label: value" on a line of its own */
static void
append_fact (Styled     *text,
             const char *label,
             const char *value)
{
  styled_append (text, "    ");
  styled_append (text, label);
  styled_append (text, " ");
  styled_append (text, value);
  styled_newline (text);
}

static void
append_tls (Styled                *text,
            const PortolanTlsInfo *tls)
{
  g_autofree char *names = g_strjoinv (", ", tls->dns_names);
  g_autofree char *addresses = g_strjoinv (", ", tls->ip_addresses);
  g_autofree char *all_names = g_strconcat (names, *names && *addresses ? ", " : "", addresses, NULL);
  g_autofree char *from = tls->not_before ? g_date_time_format (tls->not_before, "%Y-%m-%d") : g_strdup ("?");
  g_autofree char *until = tls->not_after ? g_date_time_format (tls->not_after, "%Y-%m-%d") : g_strdup ("?");
  g_autofree char *valid = g_strdup_printf ("%s – %s", from, until);
  g_autofree char *problems = portolan_tls_info_describe_problems (tls);

  append_fact (text, _("Certificate:"), tls->subject ? tls->subject : "?");
  append_fact (text, _("Issuer:"), tls->issuer ? tls->issuer : "?");
  append_fact (text, _("Names:"), all_names);
  append_fact (text, _("Valid:"), valid);
  styled_append (text, "    SHA-256: ");
  styled_append_with (text, tls->sha256, monospace (), NULL);
  styled_newline (text);
  if (problems != NULL)
    {
      styled_append (text, "    ");
      styled_append_with (text, problems, bold (), NULL);
      styled_newline (text);
    }
}

static void
append_check (Styled        *text,
              PortolanCheck *check)
{
  PortolanState state = portolan_check_get_state (check);
  g_autofree char *port = portolan_check_format_port (check);
  const char *detail = portolan_check_get_detail (check);
  double latency = portolan_check_get_latency (check);
  g_autofree char *latency_text = latency < 0 ? g_strdup ("—") : g_strdup_printf ("%.1f ms", latency);
  g_autofree char *where = g_strdup_printf ("  %s  %s → %s", port,
                                            portolan_check_get_host (check) ? portolan_check_get_host (check) : _("no host"),
                                            portolan_check_get_address (check) ? portolan_check_get_address (check) : "—");

  styled_append (text, portolan_state_get_symbol (state));
  styled_append (text, " ");
  styled_append_with (text, portolan_state_get_label (state), bold (), NULL);
  styled_append (text, where);
  styled_newline (text);
  append_fact (text, _("Latency:"), latency_text);
  if (detail != NULL && *detail != '\0')
    {
      styled_append (text, "    ");
      styled_append (text, detail);
      styled_newline (text);
    }
  if (portolan_check_get_tls_info (check) != NULL)
    append_tls (text, portolan_check_get_tls_info (check));
}

static void
refresh (PortolanDetailsView *self)
{
  PortolanCatalogue *catalogue = portolan_profile_get_catalogue (portolan_plan_get_profile (self->plan));
  g_auto(Styled) text = { 0, };
  g_autofree char *port = portolan_link_format_port (self->link);
  g_autofree char *from = g_strjoinv (", ", (char **) portolan_link_get_initiators (self->link));
  g_autofree char *to = g_strjoinv (", ", (char **) portolan_link_get_listeners (self->link));
  g_autofree char *direction = g_strdup_printf ("  %s → %s", from, to);
  GPtrArray *checks = portolan_plan_get_checks (self->plan);
  gboolean any = FALSE;

  styled_init (&text);
  styled_append_with (&text, port, big (), bold (), NULL);
  styled_append (&text, direction);
  styled_newline (&text);
  styled_newline (&text);
  styled_append (&text, portolan_link_get_description (self->link));
  styled_newline (&text);
  styled_newline (&text);

  styled_append_with (&text, _("Needed for:"), bold (), NULL);
  styled_append (&text, " ");
  append_feature_names (&text, catalogue, portolan_link_get_features (self->link));
  if (portolan_link_get_requires (self->link)[0] != NULL)
    {
      styled_append (&text, "; ");
      styled_append (&text, _("only with"));
      styled_append (&text, " ");
      append_feature_names (&text, catalogue, portolan_link_get_requires (self->link));
    }
  styled_newline (&text);
  styled_append_with (&text, _("Port configurable in the UMS:"), bold (), NULL);
  styled_append (&text, " ");
  styled_append (&text, portolan_link_get_configurable (self->link) ? _("yes") : _("no"));
  styled_newline (&text);
  styled_newline (&text);

  if (g_ptr_array_find (portolan_plan_get_other_side (self->plan), self->link, NULL))
    {
      styled_append_with (&text, _("Test from the other side"), bold (), NULL);
      styled_newline (&text);
      styled_append (&text, _("This link starts at the role being checked and ends at this computer's role. "
                              "A probe from here cannot test it: run Portolan on a computer of the other role."));
      styled_newline (&text);
    }

  for (guint i = 0; i < checks->len; i++)
    {
      PortolanCheck *check = g_ptr_array_index (checks, i);

      if (portolan_check_get_link (check) != self->link)
        continue;

      if (!any)
        {
          styled_append_with (&text, _("Checks"), bold (), NULL);
          styled_newline (&text);
        }
      any = TRUE;
      append_check (&text, check);
    }

  styled_show (&text, self->label);
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
  g_auto(Styled) text = { 0, };
  g_autoptr(GPtrArray) hosts = portolan_profile_expand_hosts (profile, portolan_role_get_id (role), NULL);
  const char *description = portolan_role_get_description (role);

  g_return_if_fail (PORTOLAN_IS_DETAILS_VIEW (self));

  portolan_details_view_clear (self);
  styled_init (&text);
  styled_append_with (&text, portolan_role_get_name (role), big (), bold (), NULL);
  styled_append (&text, "  ");
  styled_append_with (&text, portolan_role_get_id (role), monospace (), NULL);
  styled_newline (&text);
  styled_newline (&text);
  styled_append (&text, description ? description : "");
  styled_newline (&text);
  styled_newline (&text);
  styled_append_with (&text, _("Hosts:"), bold (), NULL);
  styled_append (&text, " ");
  if (hosts == NULL || hosts->len == 0)
    styled_append (&text, _("none given"));
  for (guint i = 0; hosts != NULL && i < hosts->len && i < 50; i++)
    {
      if (i > 0)
        styled_append (&text, ", ");
      styled_append (&text, g_ptr_array_index (hosts, i));
    }
  if (hosts != NULL && hosts->len > 50)
    {
      g_autofree char *more = g_strdup_printf (_(" and %u more"), hosts->len - 50);

      styled_append (&text, more);
    }

  styled_show (&text, self->label);
}

void
portolan_details_view_clear (PortolanDetailsView *self)
{
  g_return_if_fail (PORTOLAN_IS_DETAILS_VIEW (self));

  unwatch (self);
  g_clear_object (&self->plan);
  g_clear_object (&self->link);
  gtk_label_set_attributes (self->label, NULL);
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
