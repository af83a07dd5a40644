/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-check.c: a check's result as properties, told in one batch */
#include "config.h"

#include "portolan-core.h"

typedef struct
{
  PortolanCheck *check;
  GPtrArray     *notified;  /* property names, in the order told */
  PortolanState  expected;  /* the state of the result being set */
} Fixture;

/* Every notification sees the whole result: a view bound to one part
 * never shows it beside the parts of the result before */
static void
notified_cb (PortolanCheck *check,
             GParamSpec    *pspec,
             Fixture       *f)
{
  g_ptr_array_add (f->notified, (gpointer) g_param_spec_get_name (pspec));
  g_assert_cmpint (portolan_check_get_state (check), ==, f->expected);
  if (portolan_check_get_state (check) == PORTOLAN_STATE_OPEN)
    {
      g_assert_cmpstr (portolan_check_get_address (check), ==, "127.0.0.1");
      g_assert_cmpfloat (portolan_check_get_latency (check), ==, 1.5);
      g_assert_cmpstr (portolan_check_get_detail (check), ==, "connected");
    }
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(PortolanCatalogue) catalogue = portolan_catalogue_new_builtin (NULL);

  f->check = portolan_check_new (portolan_catalogue_lookup_link (catalogue, "icg-server"),
                                 "ums-server", "icg", "icg.example", 8443,
                                 PORTOLAN_PROTOCOL_TCP, PORTOLAN_PROBE_TCP);
  f->notified = g_ptr_array_new ();
  g_signal_connect (f->check, "notify", G_CALLBACK (notified_cb), f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_finalize_object (f->check);
  g_ptr_array_unref (f->notified);
}

static gboolean
was_notified (Fixture    *f,
              const char *name)
{
  for (guint i = 0; i < f->notified->len; i++)
    if (g_str_equal (g_ptr_array_index (f->notified, i), name))
      return TRUE;

  return FALSE;
}

static void
test_properties (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *host = NULL;
  g_autofree char *address = NULL;
  g_autofree char *detail = NULL;
  PortolanState state;
  double latency;

  g_object_get (f->check, "state", &state, "host", &host, "address", &address,
                "latency", &latency, "detail", &detail, NULL);
  g_assert_cmpint (state, ==, PORTOLAN_STATE_PENDING);
  g_assert_cmpstr (host, ==, "icg.example");
  g_assert_null (address);
  g_assert_cmpfloat (latency, <, 0);
  g_assert_null (detail);

  f->expected = PORTOLAN_STATE_OPEN;
  portolan_check_set_result (f->check, PORTOLAN_STATE_OPEN, "127.0.0.1", 1.5, "connected", NULL);
  g_clear_pointer (&address, g_free);
  g_clear_pointer (&detail, g_free);
  g_object_get (f->check, "state", &state, "address", &address, "latency", &latency, "detail", &detail, NULL);
  g_assert_cmpint (state, ==, PORTOLAN_STATE_OPEN);
  g_assert_cmpstr (address, ==, "127.0.0.1");
  g_assert_cmpfloat (latency, ==, 1.5);
  g_assert_cmpstr (detail, ==, "connected");
}

/* One result is one batch: each part that changed is told once, after
 * all of them are set, and nothing that stayed the same but the state */
static void
test_one_batch (Fixture       *f,
                gconstpointer  data)
{
  f->expected = PORTOLAN_STATE_OPEN;
  portolan_check_set_result (f->check, PORTOLAN_STATE_OPEN, "127.0.0.1", 1.5, "connected", NULL);
  g_assert_cmpuint (f->notified->len, ==, 4);
  g_assert_true (was_notified (f, "state"));
  g_assert_true (was_notified (f, "address"));
  g_assert_true (was_notified (f, "latency"));
  g_assert_true (was_notified (f, "detail"));
  g_assert_false (was_notified (f, "host"));

  /* The same address and latency: only the state and the detail */
  g_ptr_array_set_size (f->notified, 0);
  f->expected = PORTOLAN_STATE_WARNING;
  portolan_check_set_result (f->check, PORTOLAN_STATE_WARNING, "127.0.0.1", 1.5, "slow", NULL);
  g_assert_cmpuint (f->notified->len, ==, 2);
  g_assert_true (was_notified (f, "state"));
  g_assert_true (was_notified (f, "detail"));

  g_ptr_array_set_size (f->notified, 0);
  f->expected = PORTOLAN_STATE_PENDING;
  portolan_check_reset (f->check);
  g_assert_cmpuint (f->notified->len, ==, 4);
  g_assert_null (portolan_check_get_address (f->check));
  g_assert_cmpfloat (portolan_check_get_latency (f->check), <, 0);

  /* Already pending: nothing changes, nothing is told */
  g_ptr_array_set_size (f->notified, 0);
  portolan_check_reset (f->check);
  g_assert_cmpuint (f->notified->len, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/check/properties", Fixture, NULL, fixture_setup, test_properties, fixture_teardown);
  g_test_add ("/check/one-batch", Fixture, NULL, fixture_setup, test_one_batch, fixture_teardown);

  return g_test_run ();
}
