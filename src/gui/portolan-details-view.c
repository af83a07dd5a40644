/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-details-view.c
 *
 * The selected link as a support engineer wants it: the vendor's
 * description, the features that need it, and every check with host,
 * address, state, latency, error and certificate. Selectable text, so it
 * can be copied into a ticket.
 *
 * The pages are plain labels in the template. Everything set on them is
 * text, never markup: certificate names, details and descriptions come
 * from servers and files, and "a<b & c" must show as itself. Their
 * control characters are written out, so a server cannot add a line of
 * its own.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "portolan-details-view.h"

/* A role's pane names this many of its hosts, and counts the rest */
#define MAX_HOSTS_SHOWN 50

struct _PortolanDetailsView
{
  GtkWidget     parent_instance;

  /* Template widgets */
  GtkWidget    *scroller;
  GtkWidget    *empty_label;
  GtkWidget    *link_page;
  GtkLabel     *link_title_label;
  GtkLabel     *link_description_label;
  GtkLabel     *link_features_label;
  GtkLabel     *link_configurable_label;
  GtkWidget    *other_side_box;
  GtkWidget    *checks_box;
  GtkLabel     *checks_label;
  GtkWidget    *role_page;
  GtkLabel     *role_title_label;
  GtkLabel     *role_description_label;
  GtkLabel     *role_hosts_label;

  /* Owned references: what is shown, to follow its checks */
  PortolanPlan *plan;
  PortolanLink *link;
  GPtrArray    *watched;
  char         *text;
};

G_DEFINE_FINAL_TYPE (PortolanDetailsView, portolan_details_view, GTK_TYPE_WIDGET)

static void refresh_checks (PortolanDetailsView *self);

static void
unwatch (PortolanDetailsView *self)
{
  for (guint i = 0; i < self->watched->len; i++)
    g_signal_handlers_disconnect_by_func (g_ptr_array_index (self->watched, i), refresh_checks, self);
  g_ptr_array_set_size (self->watched, 0);
}

static void
show_page (PortolanDetailsView *self,
           GtkWidget           *page)
{
  gtk_widget_set_visible (self->empty_label, page == self->empty_label);
  gtk_widget_set_visible (self->link_page, page == self->link_page);
  gtk_widget_set_visible (self->role_page, page == self->role_page);
}

/* Sets text that may have come from a server or a file: escaped, and
 * hidden when there is none */
static void
set_plain_text (GtkLabel   *label,
                const char *text)
{
  g_autoptr(GString) escaped = g_string_new (NULL);

  portolan_text_append_escaped (escaped, text);
  gtk_label_set_text (label, escaped->str);
  gtk_widget_set_visible (GTK_WIDGET (label), escaped->len > 0);
}

/* --- Styled text ---
 *
 * A title and the checks of a link are each one label, with parts in
 * bold: the attributes cover ranges of the text, which is never parsed. */

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

/* @name large and bold, then @context: one line, wrapped only where the
 * pane is too narrow for it */
static void
show_title (GtkLabel       *label,
            const char     *name,
            const char     *context,
            PangoAttribute *context_attr)
{
  g_auto(Styled) title = { 0, };

  styled_init (&title);
  styled_append_with (&title, name, pango_attr_scale_new (PANGO_SCALE_LARGE), bold (), NULL);
  styled_append (&title, "  ");
  styled_append_with (&title, context, context_attr, NULL);
  styled_show (&title, label);
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

/* What the service said, each fact on a line: all of it is the
 * server's own text, so it goes in as text, never as markup */
static void
append_service (Styled                    *text,
                const PortolanServiceInfo *service)
{
  if (service->answered != NULL)
    append_fact (text, _("Answered:"), service->answered);
  if (service->version != NULL)
    append_fact (text, _("Version:"), service->version);
  for (guint i = 0; i < service->facts->len; i++)
    {
      const PortolanServiceFact *fact = g_ptr_array_index (service->facts, i);
      /* Translators: a fact's name with its colon: "realm:" */
      g_autofree char *label = g_strdup_printf (_("%s:"), portolan_service_fact_get_label (fact->key));

      append_fact (text, label, fact->value);
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
  if (portolan_check_get_service_info (check) != NULL)
    append_service (text, portolan_check_get_service_info (check));
  if (portolan_check_get_tls_info (check) != NULL)
    append_tls (text, portolan_check_get_tls_info (check));
}

static void
refresh_checks (PortolanDetailsView *self)
{
  g_auto(Styled) text = { 0, };

  styled_init (&text);
  for (guint i = 0; i < self->watched->len; i++)
    append_check (&text, g_ptr_array_index (self->watched, i));

  /* Each line ends in a newline but the label's last */
  if (text.text->len > 0)
    g_string_truncate (text.text, text.text->len - 1);
  styled_show (&text, self->checks_label);
  gtk_widget_set_visible (self->checks_box, self->watched->len > 0);
}

/* --- The link --- */

static char *
join_feature_names (PortolanCatalogue  *catalogue,
                    const char * const *ids)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; ids[i] != NULL; i++)
    {
      PortolanFeature *feature = portolan_catalogue_lookup_feature (catalogue, ids[i]);

      if (i > 0)
        g_string_append (names, ", ");
      g_string_append (names, feature ? portolan_feature_get_name (feature) : ids[i]);
    }

  return g_string_free (g_steal_pointer (&names), FALSE);
}

static void
show_link_facts (PortolanDetailsView *self)
{
  PortolanCatalogue *catalogue = portolan_profile_get_catalogue (portolan_plan_get_profile (self->plan));
  g_autofree char *port = portolan_link_format_port (self->link);
  g_autofree char *from = g_strjoinv (", ", (char **) portolan_link_get_initiators (self->link));
  g_autofree char *to = g_strjoinv (", ", (char **) portolan_link_get_listeners (self->link));
  g_autofree char *direction = g_strdup_printf ("%s → %s", from, to);
  g_autofree char *features = join_feature_names (catalogue, portolan_link_get_features (self->link));

  if (portolan_link_get_requires (self->link)[0] != NULL)
    {
      g_autofree char *requires = join_feature_names (catalogue, portolan_link_get_requires (self->link));
      g_autofree char *needed = g_strdup_printf ("%s; %s %s", features, _("only with"), requires);

      g_free (features);
      features = g_steal_pointer (&needed);
    }

  show_title (self->link_title_label, port, direction, NULL);
  set_plain_text (self->link_description_label, portolan_link_get_description (self->link));
  set_plain_text (self->link_features_label, features);
  set_plain_text (self->link_configurable_label, portolan_link_get_configurable (self->link) ? _("yes") : _("no"));
  gtk_widget_set_visible (self->other_side_box,
                          g_ptr_array_find (portolan_plan_get_other_side (self->plan), self->link, NULL));
}

/* --- What the pane shows, as text --- */

/* Each label a line; the labels of a row, such as a heading and its
 * value, on one line */
static void
append_shown_text (GString   *text,
                   GtkWidget *widget)
{
  gboolean row;
  gboolean first = TRUE;

  if (!gtk_widget_get_visible (widget))
    return;

  if (GTK_IS_LABEL (widget))
    {
      g_string_append (text, gtk_label_get_text (GTK_LABEL (widget)));
      g_string_append_c (text, '\n');
      return;
    }

  row = GTK_IS_BOX (widget) && gtk_orientable_get_orientation (GTK_ORIENTABLE (widget)) == GTK_ORIENTATION_HORIZONTAL;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!row)
        append_shown_text (text, child);
      else if (GTK_IS_LABEL (child) && gtk_widget_get_visible (child))
        {
          if (!first)
            g_string_append_c (text, ' ');
          g_string_append (text, gtk_label_get_text (GTK_LABEL (child)));
          first = FALSE;
        }
    }
  if (row)
    g_string_append_c (text, '\n');
}

/* --- GObject --- */

static void
portolan_details_view_dispose (GObject *object)
{
  PortolanDetailsView *self = (PortolanDetailsView *)object;

  if (self->watched != NULL)
    unwatch (self);
  g_clear_pointer (&self->watched, g_ptr_array_unref);
  g_clear_object (&self->plan);
  g_clear_object (&self->link);

  gtk_widget_dispose_template (GTK_WIDGET (self), PORTOLAN_TYPE_DETAILS_VIEW);

  G_OBJECT_CLASS (portolan_details_view_parent_class)->dispose (object);
}

static void
portolan_details_view_finalize (GObject *object)
{
  PortolanDetailsView *self = (PortolanDetailsView *)object;

  g_free (self->text);

  G_OBJECT_CLASS (portolan_details_view_parent_class)->finalize (object);
}

static void
portolan_details_view_class_init (PortolanDetailsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = portolan_details_view_dispose;
  object_class->finalize = portolan_details_view_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/portolan-details-view.ui");
  gtk_widget_class_bind_template_child (widget_class, PortolanDetailsView, scroller);
  gtk_widget_class_bind_template_child (widget_class, PortolanDetailsView, empty_label);
  gtk_widget_class_bind_template_child (widget_class, PortolanDetailsView, link_page);
  gtk_widget_class_bind_template_child (widget_class, PortolanDetailsView, link_title_label);
  gtk_widget_class_bind_template_child (widget_class, PortolanDetailsView, link_description_label);
  gtk_widget_class_bind_template_child (widget_class, PortolanDetailsView, link_features_label);
  gtk_widget_class_bind_template_child (widget_class, PortolanDetailsView, link_configurable_label);
  gtk_widget_class_bind_template_child (widget_class, PortolanDetailsView, other_side_box);
  gtk_widget_class_bind_template_child (widget_class, PortolanDetailsView, checks_box);
  gtk_widget_class_bind_template_child (widget_class, PortolanDetailsView, checks_label);
  gtk_widget_class_bind_template_child (widget_class, PortolanDetailsView, role_page);
  gtk_widget_class_bind_template_child (widget_class, PortolanDetailsView, role_title_label);
  gtk_widget_class_bind_template_child (widget_class, PortolanDetailsView, role_description_label);
  gtk_widget_class_bind_template_child (widget_class, PortolanDetailsView, role_hosts_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
portolan_details_view_init (PortolanDetailsView *self)
{
  self->watched = g_ptr_array_new_with_free_func (g_object_unref);

  gtk_widget_init_template (GTK_WIDGET (self));
}

/* --- Public API --- */

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
  GPtrArray *checks;

  g_return_if_fail (PORTOLAN_IS_DETAILS_VIEW (self));
  g_return_if_fail (PORTOLAN_IS_PLAN (plan));
  g_return_if_fail (PORTOLAN_IS_LINK (link));

  unwatch (self);
  g_set_object (&self->plan, plan);
  g_set_object (&self->link, link);

  checks = portolan_plan_get_checks (plan);
  for (guint i = 0; i < checks->len; i++)
    {
      PortolanCheck *check = g_ptr_array_index (checks, i);

      if (portolan_check_get_link (check) != link)
        continue;
      g_signal_connect_swapped (check, "notify::state", G_CALLBACK (refresh_checks), self);
      g_ptr_array_add (self->watched, g_object_ref (check));
    }

  show_link_facts (self);
  refresh_checks (self);
  show_page (self, self->link_page);
}

void
portolan_details_view_show_role (PortolanDetailsView *self,
                                 PortolanProfile     *profile,
                                 PortolanRole        *role)
{
  g_autoptr(GPtrArray) hosts = NULL;
  g_autoptr(GString) shown = g_string_new (NULL);

  g_return_if_fail (PORTOLAN_IS_DETAILS_VIEW (self));

  portolan_details_view_clear (self);

  hosts = portolan_profile_expand_hosts (profile, portolan_role_get_id (role), NULL);
  if (hosts == NULL || hosts->len == 0)
    g_string_append (shown, _("none given"));
  for (guint i = 0; hosts != NULL && i < hosts->len && i < MAX_HOSTS_SHOWN; i++)
    {
      if (i > 0)
        g_string_append (shown, ", ");
      g_string_append (shown, g_ptr_array_index (hosts, i));
    }
  if (hosts != NULL && hosts->len > MAX_HOSTS_SHOWN)
    g_string_append_printf (shown, _(" and %u more"), hosts->len - MAX_HOSTS_SHOWN);

  show_title (self->role_title_label, portolan_role_get_name (role), portolan_role_get_id (role), monospace ());
  set_plain_text (self->role_description_label, portolan_role_get_description (role));
  set_plain_text (self->role_hosts_label, shown->str);
  show_page (self, self->role_page);
}

void
portolan_details_view_clear (PortolanDetailsView *self)
{
  g_return_if_fail (PORTOLAN_IS_DETAILS_VIEW (self));

  unwatch (self);
  g_clear_object (&self->plan);
  g_clear_object (&self->link);
  show_page (self, self->empty_label);
}

/**
 * portolan_details_view_get_text:
 *
 * What the pane shows, as text: a line for each label, and for each row
 * of labels.
 *
 * Returns: (transfer none): the text, valid until the next call
 */
const char *
portolan_details_view_get_text (PortolanDetailsView *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (PORTOLAN_IS_DETAILS_VIEW (self), NULL);

  append_shown_text (text, self->scroller);
  g_free (self->text);
  self->text = g_string_free (g_steal_pointer (&text), FALSE);

  return self->text;
}
