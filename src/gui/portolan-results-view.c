/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-results-view.c
 *
 * A GtkColumnView over the plan's checks: it offers everything the graph
 * shows, for keyboard and screen-reader users as much as for sorting.
 * Rows follow their check's state as results arrive.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "portolan-results-view.h"

#define RESORT_DELAY_MS 400

struct _PortolanResultsView
{
  GtkWidget           parent_instance;

  GtkWidget          *scroller;
  GtkColumnView      *column_view;
  GListStore         *store;
  GtkSortListModel   *sorted;
  GtkSingleSelection *selection;
  guint               resort_id;
  gboolean            selecting;
};

G_DEFINE_FINAL_TYPE (PortolanResultsView, portolan_results_view, GTK_TYPE_WIDGET)

enum {
  CHECK_SELECTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef char *(*CellTextFunc) (PortolanCheck *check);

static char *
state_text (PortolanCheck *check)
{
  PortolanState state = portolan_check_get_state (check);

  return g_strdup_printf ("%s %s", portolan_state_get_symbol (state), portolan_state_get_label (state));
}

static char *
direction_text (PortolanCheck *check)
{
  return g_strdup_printf ("%s → %s", portolan_check_get_from (check), portolan_check_get_to (check));
}

static char *
host_text (PortolanCheck *check)
{
  return g_strdup (portolan_check_get_host (check) ? portolan_check_get_host (check) : "—");
}

static char *
address_text (PortolanCheck *check)
{
  return g_strdup (portolan_check_get_address (check) ? portolan_check_get_address (check) : "—");
}

static char *
latency_text (PortolanCheck *check)
{
  double latency = portolan_check_get_latency (check);

  return latency < 0 ? g_strdup ("—") : g_strdup_printf ("%.1f ms", latency);
}

static char *
detail_text (PortolanCheck *check)
{
  return g_strdup (portolan_check_get_detail (check) ? portolan_check_get_detail (check) : "");
}

static void
update_cell (GtkListItem *item)
{
  CellTextFunc text_func = g_object_get_data (G_OBJECT (item), "text-func");
  PortolanCheck *check = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  g_autofree char *text = text_func (check);
  PortolanState state = portolan_check_get_state (check);

  gtk_label_set_text (GTK_LABEL (label), text);
  if (text_func == state_text)
    {
      /* The state's CSS class gives the colour; the text says it anyway */
      for (PortolanState s = 0; s < PORTOLAN_N_STATES; s++)
        gtk_widget_remove_css_class (label, portolan_state_get_css_name (s));
      gtk_widget_add_css_class (label, portolan_state_get_css_name (state));
    }
  if (text_func == detail_text)
    gtk_widget_set_tooltip_text (label, text);
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  text_func)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
  g_object_set_data (G_OBJECT (item), "text-func", text_func);
}

static void
state_notified_cb (PortolanCheck *check,
                   GParamSpec    *pspec,
                   GtkListItem   *item)
{
  update_cell (item);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  text_func)
{
  update_cell (item);
  g_signal_connect_object (gtk_list_item_get_item (item), "notify::state",
                           G_CALLBACK (state_notified_cb), item, 0);
}

static void
unbind_cell_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  text_func)
{
  g_signal_handlers_disconnect_by_func (gtk_list_item_get_item (item), state_notified_cb, item);
}

/* --- Sorting --- */

static int
compare_state (gconstpointer a, gconstpointer b, gpointer data)
{
  /* Problems first */
  return portolan_state_compare_severity (portolan_check_get_state ((PortolanCheck *) b),
                                          portolan_check_get_state ((PortolanCheck *) a));
}

static int
compare_port (gconstpointer a, gconstpointer b, gpointer data)
{
  return (int) portolan_check_get_port ((PortolanCheck *) a) - (int) portolan_check_get_port ((PortolanCheck *) b);
}

static int
compare_text (gconstpointer a, gconstpointer b, gpointer text_func)
{
  g_autofree char *text_a = ((CellTextFunc) text_func) ((PortolanCheck *) a);
  g_autofree char *text_b = ((CellTextFunc) text_func) ((PortolanCheck *) b);

  return g_utf8_collate (text_a, text_b);
}

static int
compare_latency (gconstpointer a, gconstpointer b, gpointer data)
{
  double la = portolan_check_get_latency ((PortolanCheck *) a);
  double lb = portolan_check_get_latency ((PortolanCheck *) b);

  /* Checks without an answer sort after those with one */
  if ((la < 0) != (lb < 0))
    return la < 0 ? 1 : -1;
  return la < lb ? -1 : la > lb;
}

static void
add_column (PortolanResultsView *self,
            const char          *title,
            CellTextFunc         text_func,
            GCompareDataFunc     compare,
            int                  width)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) column = NULL;
  g_autoptr(GtkSorter) sorter = NULL;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), text_func);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), text_func);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell_cb), text_func);

  column = gtk_column_view_column_new (title, g_steal_pointer (&factory));
  sorter = GTK_SORTER (gtk_custom_sorter_new (compare, compare == compare_text ? text_func : NULL, NULL));
  gtk_column_view_column_set_sorter (column, sorter);
  gtk_column_view_column_set_resizable (column, TRUE);
  /* Wide enough for the usual content; the detail takes what is left */
  if (width > 0)
    gtk_column_view_column_set_fixed_width (column, width);
  else
    gtk_column_view_column_set_expand (column, TRUE);
  gtk_column_view_append_column (self->column_view, column);
}

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
  GListModel *model = G_LIST_MODEL (self->selection);
  guint n = g_list_model_get_n_items (model);
  guint found = GTK_INVALID_LIST_POSITION;

  g_return_if_fail (PORTOLAN_IS_RESULTS_VIEW (self));

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

/* --- The checks --- */

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

static void
portolan_results_view_dispose (GObject *object)
{
  PortolanResultsView *self = (PortolanResultsView *)object;
  g_autoptr(GPtrArray) none = g_ptr_array_new ();

  g_clear_handle_id (&self->resort_id, g_source_remove);
  self->selecting = TRUE;
  if (self->store != NULL)
    portolan_results_view_set_checks (self, none);
  g_clear_pointer (&self->scroller, gtk_widget_unparent);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (portolan_results_view_parent_class)->dispose (object);
}

/* The application's style sheet colours the states' words for a light
 * or a dark style; GTK 4.8 has no gtk_widget_get_color (), so the text
 * colour tells them apart, as in the graph view */
static void
portolan_results_view_css_changed (GtkWidget         *widget,
                                   GtkCssStyleChange *change)
{
  GdkRGBA color;

  GTK_WIDGET_CLASS (portolan_results_view_parent_class)->css_changed (widget, change);

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  G_GNUC_END_IGNORE_DEPRECATIONS

  if (0.2126 * color.red + 0.7152 * color.green + 0.0722 * color.blue > 0.5)
    gtk_widget_add_css_class (widget, "dark");
  else
    gtk_widget_remove_css_class (widget, "dark");
}

static void
portolan_results_view_class_init (PortolanResultsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = portolan_results_view_dispose;
  widget_class->css_changed = portolan_results_view_css_changed;

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

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "portolanresults");
}

static void
portolan_results_view_init (PortolanResultsView *self)
{
  g_autoptr(GtkColumnViewColumn) state_column = NULL;

  self->store = g_list_store_new (PORTOLAN_TYPE_CHECK);
  self->column_view = GTK_COLUMN_VIEW (gtk_column_view_new (NULL));
  gtk_column_view_set_show_column_separators (self->column_view, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->column_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Results of the checks"), -1);

  add_column (self, _("State"), state_text, compare_state, 120);
  state_column = g_list_model_get_item (gtk_column_view_get_columns (self->column_view), 0);
  add_column (self, _("Port"), (CellTextFunc) portolan_check_format_port, compare_port, 100);
  add_column (self, _("From → To"), direction_text, compare_text, 250);
  add_column (self, _("Host"), host_text, compare_text, 150);
  add_column (self, _("Address"), address_text, compare_text, 120);
  add_column (self, _("Latency"), latency_text, compare_latency, 80);
  add_column (self, _("Detail"), detail_text, compare_text, -1);

  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->store)),
                                          g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (self->sorted));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect (self->selection, "notify::selected", G_CALLBACK (selection_changed_cb), self);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  /* Problems first, until the admin sorts otherwise */
  gtk_column_view_sort_by_column (self->column_view, state_column, GTK_SORT_ASCENDING);

  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), GTK_WIDGET (self->column_view));
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));
}
