/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-details-view.c: the details pane shows what servers say as text */
#include "config.h"

#include <glib/gstdio.h>

#include "portolan-details-view.h"
#include "portolan-resources.h"

#define NASTY_NAME "a<b & c"

typedef struct
{
  char                *dir;
  GTlsCertificate     *certificate;
  PortolanCatalogue   *catalogue;
  PortolanProfile     *profile;
  PortolanPlan        *plan;
  PortolanCheck       *check;
  GtkWindow           *window;
  PortolanDetailsView *view;
  char                *shown;
} Fixture;

/* A certificate whose subject and DNS name are @name, signed by itself:
 * made with openssl, as tests/support does */
static GTlsCertificate *
make_certificate (const char *dir,
                  const char *name)
{
  g_autofree char *subject = g_strconcat ("/CN=", name, NULL);
  g_autofree char *san = g_strconcat ("subjectAltName=DNS:", name, ",IP:127.0.0.1", NULL);
  g_autofree char *key = g_build_filename (dir, "named.key", NULL);
  g_autofree char *pem = g_build_filename (dir, "named.pem", NULL);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  GTlsCertificate *certificate;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                              "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                              "-nodes", "-keyout", key, "-out", pem, "-days", "2", "-utf8", "-subj", subject,
                              "-addext", san, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (process, NULL, &error));
  g_assert_no_error (error);

  certificate = g_tls_certificate_new_from_files (pem, key, &error);
  g_assert_no_error (error);
  g_unlink (key);
  g_unlink (pem);
  return certificate;
}

static PortolanCheck *
find_check (PortolanPlan *plan,
            const char   *link_id)
{
  GPtrArray *checks = portolan_plan_get_checks (plan);

  for (guint i = 0; i < checks->len; i++)
    if (g_str_equal (portolan_link_get_id (portolan_check_get_link (g_ptr_array_index (checks, i))), link_id))
      return g_ptr_array_index (checks, i);

  g_error ("no check of %s", link_id);
  return NULL;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  const char *hosts[] = { "127.0.0.1", NULL };
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("portolan-test-XXXXXX", &error);
  g_assert_no_error (error);
  f->certificate = make_certificate (f->dir, NASTY_NAME);

  f->catalogue = portolan_catalogue_new_builtin (&error);
  g_assert_no_error (error);
  f->profile = portolan_profile_new (f->catalogue);
  portolan_profile_set_feature (f->profile, "icg", TRUE);
  g_assert_true (portolan_profile_set_hosts (f->profile, "icg", hosts, &error));
  g_assert_no_error (error);
  f->plan = portolan_plan_new (f->profile, "ums-server", "icg", &error);
  g_assert_no_error (error);
  f->check = find_check (f->plan, "icg-server");

  /* A real window, so that the label lays its text out */
  f->window = GTK_WINDOW (gtk_window_new ());
  g_object_ref (f->window);
  f->view = g_object_new (PORTOLAN_TYPE_DETAILS_VIEW, NULL);
  g_object_ref (f->view);
  gtk_window_set_child (f->window, GTK_WIDGET (f->view));
  gtk_window_set_default_size (f->window, 600, 800);
  gtk_window_present (f->window);
  while (!gtk_widget_get_mapped (GTK_WIDGET (f->view)))
    g_main_context_iteration (NULL, TRUE);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (f->window);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  /* Nothing else holds on to the view, the window or the checks */
  g_assert_finalize_object (f->window);
  g_assert_finalize_object (f->view);
  g_assert_finalize_object (f->plan);
  g_assert_finalize_object (f->profile);
  g_clear_object (&f->catalogue);
  g_clear_object (&f->certificate);
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->shown);
}

/* What the labels show, laid out, a line for each: a label whose markup
 * failed to parse shows nothing */
static void
append_shown_text (GString   *text,
                   GtkWidget *widget)
{
  if (!gtk_widget_get_visible (widget))
    return;

  if (GTK_IS_LABEL (widget))
    {
      GtkLabel *label = GTK_LABEL (widget);

      g_assert_false (gtk_label_get_use_markup (label));
      g_assert_cmpstr (pango_layout_get_text (gtk_label_get_layout (label)), ==, gtk_label_get_text (label));
      g_string_append (text, gtk_label_get_text (label));
      g_string_append_c (text, '\n');
      return;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    append_shown_text (text, child);
}

static const char *
shown_text (Fixture *f)
{
  g_autoptr(GString) text = g_string_new (NULL);

  append_shown_text (text, GTK_WIDGET (f->view));
  g_assert_cmpuint (text->len, >, 0);
  g_free (f->shown);
  f->shown = g_string_free (g_steal_pointer (&text), FALSE);
  return f->shown;
}

/* Every line wraps, so the pane never forces the window wider than the
 * longest word; a label that does not wrap cuts the pane off instead */
static void
assert_narrows (Fixture *f)
{
  int minimum, natural;

  gtk_widget_measure (GTK_WIDGET (f->view), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
  g_test_message ("details pane: %d px at least, %d px natural", minimum, natural);
  g_assert_cmpint (minimum, <=, 200);
}

static void
test_certificate_names (Fixture       *f,
                        gconstpointer  data)
{
  PortolanTlsInfo *tls = portolan_tls_info_new (f->certificate, G_TLS_CERTIFICATE_UNKNOWN_CA, NULL);
  g_autofree char *names = g_strjoinv (", ", tls->dns_names);
  const char *text;

  /* The certificate holds the name as it is */
  g_assert_cmpstr (names, ==, NASTY_NAME);

  portolan_check_set_result (f->check, PORTOLAN_STATE_WARNING, "127.0.0.1", 1.2,
                             "the certificate is issued by an authority this computer does not trust; "
                             "TLS handshake completed; <b>" NASTY_NAME "</b>", tls);
  portolan_details_view_show_link (f->view, f->plan, portolan_check_get_link (f->check));
  text = shown_text (f);

  /* Every name as it is, and the markup-looking detail as text */
  g_assert_nonnull (strstr (text, "Names: " NASTY_NAME ", 127.0.0.1\n"));
  g_assert_nonnull (strstr (text, "Certificate: CN=a"));
  g_assert_nonnull (strstr (text, "b & c\n"));
  g_assert_nonnull (strstr (text, "TLS handshake completed; <b>" NASTY_NAME "</b>\n"));
  g_assert_nonnull (strstr (text, "SHA-256: "));
  g_assert_nonnull (strstr (text, tls->sha256));
  g_assert_nonnull (strstr (text, portolan_link_get_description (portolan_check_get_link (f->check))));
  g_assert_nonnull (strstr (text, "⚠ Warning"));
  g_assert_nonnull (strstr (text, "issued by an authority this computer does not trust"));
  /* The pane's text, as copied for a ticket, says the same */
  g_assert_nonnull (strstr (portolan_details_view_get_text (f->view), "Names: " NASTY_NAME ", 127.0.0.1\n"));
  g_assert_nonnull (strstr (portolan_details_view_get_text (f->view), "Needed for: "));
  assert_narrows (f);

  /* A role's pane, and the empty one, still show */
  portolan_details_view_show_role (f->view, f->profile, portolan_catalogue_lookup_role (f->catalogue, "icg"));
  g_assert_nonnull (strstr (portolan_details_view_get_text (f->view), "Hosts: 127.0.0.1"));
  portolan_details_view_clear (f->view);
  g_assert_nonnull (strstr (portolan_details_view_get_text (f->view), "Select a port"));
}

/* A detail that a server filled with control characters: one line, with
 * the characters written out, and no line of its own */
static void
test_control_characters (Fixture       *f,
                         gconstpointer  data)
{
  const char *text;

  portolan_details_view_show_link (f->view, f->plan, portolan_check_get_link (f->check));
  g_assert_null (strstr (shown_text (f), "HTTP 500"));

  /* The view follows the check's result as it arrives */
  portolan_check_set_result (f->check, PORTOLAN_STATE_WARNING, "127.0.0.1", 1.2,
                             "HTTP 500 \033[2J\r\n✔ Verified  8443/tcp\xc2\x9b", NULL);
  text = shown_text (f);
  g_assert_nonnull (strstr (text, "    HTTP 500 \\x1B[2J\\r\\n✔ Verified  8443/tcp\\u009B\n"));
  g_assert_null (strchr (text, '\033'));
  g_assert_null (strchr (text, '\r'));
  g_assert_null (strstr (text, "\n✔ Verified"));
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  /* The application does this in the program */
  portolan_register_resource ();

  g_test_add ("/details-view/certificate-names", Fixture, NULL,
              fixture_set_up, test_certificate_names, fixture_tear_down);
  g_test_add ("/details-view/control-characters", Fixture, NULL,
              fixture_set_up, test_control_characters, fixture_tear_down);

  return g_test_run ();
}
