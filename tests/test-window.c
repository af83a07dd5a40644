/* test-window.c: the window opens in a real display */
#include "config.h"

#include "portolan-application.h"
#include "portolan-window.h"

#define TIMEOUT_SECONDS 20

typedef struct
{
  PortolanApplication *application;
  GtkWindow           *window;
  gboolean             was_mapped;
  guint                poll_id;
} Fixture;

static gboolean
timed_out_cb (gpointer data)
{
  g_error ("the window did not show within %d seconds", TIMEOUT_SECONDS);
  return G_SOURCE_REMOVE;
}

static gboolean
poll_window_cb (gpointer data)
{
  Fixture *f = data;

  f->window = gtk_application_get_active_window (GTK_APPLICATION (f->application));
  if (f->window == NULL || !gtk_widget_get_mapped (GTK_WIDGET (f->window)))
    return G_SOURCE_CONTINUE;

  f->was_mapped = TRUE;
  g_assert_true (PORTOLAN_IS_WINDOW (f->window));
  g_assert_cmpstr (gtk_window_get_title (f->window), ==, "Portolan");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->window)));

  /* Closing the last window ends the application */
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  gtk_window_destroy (f->window);

  f->poll_id = 0;
  return G_SOURCE_REMOVE;
}

static void
test_window_opens_and_closes (void)
{
  Fixture f = { 0, };
  guint timeout_id;
  int status;

  f.application = portolan_application_new (G_APPLICATION_NON_UNIQUE);
  timeout_id = g_timeout_add_seconds (TIMEOUT_SECONDS, timed_out_cb, NULL);
  f.poll_id = g_timeout_add (20, poll_window_cb, &f);

  status = g_application_run (G_APPLICATION (f.application), 0, NULL);

  g_assert_cmpint (status, ==, 0);
  g_assert_true (f.was_mapped);
  g_assert_null (f.window);
  g_assert_cmpuint (f.poll_id, ==, 0);
  g_source_remove (timeout_id);
  g_assert_finalize_object (f.application);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/window/opens-and-closes", test_window_opens_and_closes);

  return g_test_run ();
}
