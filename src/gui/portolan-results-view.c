/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-results-view.c
 *
 * A GtkColumnView over the plan's checks: it offers everything the graph
 * shows, for keyboard and screen-reader users as much as for sorting.
 * The columns, their cells and their sorters are in the template; cells
 * bind to the checks' properties, so rows follow their check's state as
 * results arrive. What is left here formats values for the template and
 * sorts again once results pause.
 */
#include "config.h"

#include "portolan-results-view.h"

#define RESORT_DELAY_MS 400

struct _PortolanResultsView
{
  GtkWidget            parent_instance;

  /* Template widgets */
  GtkWidget           *scroller;
  GtkColumnView       *column_view;
  GtkColumnViewColumn *state_column;
  GtkSingleSelection  *selection;
  GListStore          *store;

  guint                resort_id;
  gboolean             selecting;
};

G_DEFINE_FINAL_TYPE (PortolanResultsView, portolan_results_view, GTK_TYPE_WIDGET)

enum {
  CHECK_SELECTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* --- Closures of the template ---
 *
 * A cell's closure gets its list item first, a sorter's gets the check;
 * the list item may have no check while it is being recycled. */

static char *
format_state (gpointer      this,
              PortolanState state)
{
  return g_strdup_printf ("%s %s", portolan_state_get_symbol (state), portolan_state_get_label (state));
}

static GStrv
state_css_classes (gpointer      this,
                   PortolanState state)
{
  const char *classes[] = { portolan_state_get_css_name (state), NULL };

  return g_strdupv ((char **) classes);
}

/* The state's place in the core's order of severity, the worst first */
static guint
state_rank (gpointer      this,
            PortolanState state)
{
  guint n_states;
  const PortolanState *order = portolan_state_get_severity_order (&n_states);

  for (guint i = 0; i < n_states; i++)
    if (order[i] == state)
      return i;

  g_return_val_if_reached (n_states);
}

static char *
format_port (gpointer       this,
             PortolanCheck *check)
{
  return check ? portolan_check_format_port (check) : NULL;
}

static guint
port_key (PortolanCheck *check)
{
  return portolan_check_get_port (check);
}

static char *
format_direction (gpointer       this,
                  PortolanCheck *check)
{
  if (check == NULL)
    return NULL;

  return g_strdup_printf ("%s → %s", portolan_check_get_from (check), portolan_check_get_to (check));
}

static char *
direction_key (PortolanCheck *check)
{
  return format_direction (NULL, check);
}

static char *
format_or_dash (gpointer    this,
                const char *text)
{
  return g_strdup (text ? text : "—");
}

static char *
format_or_empty (gpointer    this,
                 const char *text)
{
  return g_strdup (text ? text : "");
}

static char *
format_latency (gpointer this,
                double   latency)
{
  return latency < 0 ? g_strdup ("—") : g_strdup_printf ("%.1f ms", latency);
}

/* Checks without an answer sort after those with one */
static double
latency_key (gpointer this,
             double   latency)
{
  return latency < 0 ? G_MAXDOUBLE : latency;
}

/* --- Sorting --- */

static gboolean
scroll_to_top_cb (GtkWidget     *widget,
                  GdkFrameClock *clock,
                  gpointer       data)
{
  PortolanResultsView *self = PORTOLAN_RESULTS_VIEW (widget);

  /* GTK 4.8 has no gtk_column_view_scroll_to (); its list view has the
   * list.scroll-to-item action, which moves the anchor too */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      gtk_widget_activate_action (child, "list.scroll-to-item", "u", 0);

  return G_SOURCE_REMOVE;
}

static gboolean
resort_cb (gpointer data)
{
  PortolanResultsView *self = data;
  GtkSorter *sorter = gtk_column_view_get_sorter (self->column_view);

  self->resort_id = 0;
  if (sorter != NULL)
    gtk_sorter_changed (sorter, GTK_SORTER_CHANGE_DIFFERENT);

  /* The list keeps the row that was at the top in view as it moves; the
   * problems now sorted above it would be out of sight. Once the list is
   * laid out again, back to the top. */
  if (gtk_single_selection_get_selected (self->selection) == GTK_INVALID_LIST_POSITION)
    gtk_widget_add_tick_callback (GTK_WIDGET (self), scroll_to_top_cb, NULL, NULL);

  return G_SOURCE_REMOVE;
}

/* Results arrive by the hundred, and sorting again rebinds every row:
 * rows stay in place while results pour in, and are sorted once they
 * pause, which also keeps them from jumping while the admin reads */
static void
check_state_changed_cb (PortolanCheck       *check,
                        GParamSpec          *pspec,
                        PortolanResultsView *self)
{
  g_clear_handle_id (&self->resort_id, g_source_remove);
  self->resort_id = g_timeout_add (RESORT_DELAY_MS, resort_cb, self);
}

/* --- Selection --- */

static void
selection_changed_cb (GtkSingleSelection  *selection,
                      GParamSpec          *pspec,
                      PortolanResultsView *self)
{
  if (!self->selecting)
    g_signal_emit (self, signals[CHECK_SELECTED], 0, gtk_single_selection_get_selected_item (selection));
}

/* --- GObject --- */

static void
portolan_results_view_dispose (GObject *object)
{
  PortolanResultsView *self = (PortolanResultsView *)object;
  g_autoptr(GPtrArray) none = g_ptr_array_new ();

  g_clear_handle_id (&self->resort_id, g_source_remove);
  self->selecting = TRUE;
  if (self->store != NULL)
    portolan_results_view_set_checks (self, none);

  gtk_widget_dispose_template (GTK_WIDGET (self), PORTOLAN_TYPE_RESULTS_VIEW);

  G_OBJECT_CLASS (portolan_results_view_parent_class)->dispose (object);
}

static void
portolan_results_view_class_init (PortolanResultsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = portolan_results_view_dispose;

  /**
   * PortolanResultsView::check-selected:
   * @check: (nullable): the check of the selected row
   */
  signals[CHECK_SELECTED] =
    g_signal_new ("check-selected",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, PORTOLAN_TYPE_CHECK);

  /* The template names the checks' type */
  g_type_ensure (PORTOLAN_TYPE_CHECK);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/portolan-results-view.ui");
  gtk_widget_class_bind_template_child (widget_class, PortolanResultsView, scroller);
  gtk_widget_class_bind_template_child (widget_class, PortolanResultsView, column_view);
  gtk_widget_class_bind_template_child (widget_class, PortolanResultsView, state_column);
  gtk_widget_class_bind_template_child (widget_class, PortolanResultsView, selection);
  gtk_widget_class_bind_template_child (widget_class, PortolanResultsView, store);
  gtk_widget_class_bind_template_callback (widget_class, selection_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, format_state);
  gtk_widget_class_bind_template_callback (widget_class, state_css_classes);
  gtk_widget_class_bind_template_callback (widget_class, state_rank);
  gtk_widget_class_bind_template_callback (widget_class, format_port);
  gtk_widget_class_bind_template_callback (widget_class, port_key);
  gtk_widget_class_bind_template_callback (widget_class, format_direction);
  gtk_widget_class_bind_template_callback (widget_class, direction_key);
  gtk_widget_class_bind_template_callback (widget_class, format_or_dash);
  gtk_widget_class_bind_template_callback (widget_class, format_or_empty);
  gtk_widget_class_bind_template_callback (widget_class, format_latency);
  gtk_widget_class_bind_template_callback (widget_class, latency_key);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "portolanresults");
}

static void
portolan_results_view_init (PortolanResultsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Problems first, until the admin sorts otherwise */
  gtk_column_view_sort_by_column (self->column_view, self->state_column, GTK_SORT_ASCENDING);
}

/* --- Public API --- */

PortolanCheck *
portolan_results_view_get_selected (PortolanResultsView *self)
{
  g_return_val_if_fail (PORTOLAN_IS_RESULTS_VIEW (self), NULL);

  return gtk_single_selection_get_selected_item (self->selection);
}

/**
 * portolan_results_view_select_link:
 * @link_id: (nullable): a link id, or %NULL to select nothing
 *
 * Selects the first row of the link, as sorted now; emits nothing, since
 * the caller is where the selection came from.
 */
void
portolan_results_view_select_link (PortolanResultsView *self,
                                   const char          *link_id)
{
  GListModel *model;
  guint n;
  guint found = GTK_INVALID_LIST_POSITION;

  g_return_if_fail (PORTOLAN_IS_RESULTS_VIEW (self));

  model = G_LIST_MODEL (self->selection);
  n = g_list_model_get_n_items (model);
  for (guint i = 0; i < n && link_id != NULL && found == GTK_INVALID_LIST_POSITION; i++)
    {
      g_autoptr(PortolanCheck) check = g_list_model_get_item (model, i);

      if (g_str_equal (portolan_link_get_id (portolan_check_get_link (check)), link_id))
        found = i;
    }

  self->selecting = TRUE;
  gtk_single_selection_set_selected (self->selection, found);
  self->selecting = FALSE;
}

/**
 * portolan_results_view_set_checks:
 * @checks: (element-type PortolanCheck): a plan's checks
 */
void
portolan_results_view_set_checks (PortolanResultsView *self,
                                  GPtrArray           *checks)
{
  guint n;

  g_return_if_fail (PORTOLAN_IS_RESULTS_VIEW (self));

  n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PortolanCheck) check = g_list_model_get_item (G_LIST_MODEL (self->store), i);

      g_signal_handlers_disconnect_by_func (check, check_state_changed_cb, self);
    }

  for (guint i = 0; i < checks->len; i++)
    g_signal_connect (g_ptr_array_index (checks, i), "notify::state",
                      G_CALLBACK (check_state_changed_cb), self);

  g_list_store_splice (self->store, 0, n, checks->pdata, checks->len);

  /* GtkSortListModel of GTK 4.8 leaves spliced rows where they land */
  g_clear_handle_id (&self->resort_id, g_source_remove);
  resort_cb (self);
}

/**
 * portolan_results_view_get_model:
 *
 * The rows as shown: sorted, with the selection.
 */
GListModel *
portolan_results_view_get_model (PortolanResultsView *self)
{
  g_return_val_if_fail (PORTOLAN_IS_RESULTS_VIEW (self), NULL);

  return G_LIST_MODEL (self->selection);
}
