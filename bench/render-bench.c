/* SPDX-License-Identifier: GPL-3.0-or-later */
/* render-bench.c: how long the topology graph takes to draw
 *
 * The built-in catalogue, with a plan and results, at the sizes of the
 * window's graph: the first draw at a size places everything (layout),
 * every later one at that size only draws. Then a synthetic catalogue
 * of 60 roles and 1000 links, to see how the layout scales.
 */
#include "config.h"

#include <stdio.h>

#include "portolan-core.h"
#include "portolan-renderer.h"

#define N_RUNS            200

static const char *png_dir;
#define N_SYNTHETIC_RUNS  10
#define N_ROLES           60
#define N_LINKS           1000

/* Goal from the issue */
#define DRAW_GOAL_MS      5.0

static const char * const kinds[] = { "server", "client", "device", "database", "directory", "cloud", "gateway" };

static PortolanCatalogue *
load_builtin (void)
{
  g_autoptr(GError) error = NULL;
  PortolanCatalogue *catalogue = portolan_catalogue_new_builtin (&error);

  if (catalogue == NULL)
    g_error ("%s", error->message);

  return catalogue;
}

/* 60 roles in 6 zones on a grid, and 1000 links between random pairs */
static PortolanCatalogue *
new_synthetic (void)
{
  g_autoptr(GString) json = g_string_new (NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(GError) error = NULL;
  PortolanCatalogue *catalogue;

  g_string_append (json,
                   "{ \"schema\": 1, \"id\": \"synthetic\", \"name\": \"Synthetic\", \"version\": \"1\",\n"
                   "  \"zones\": [");
  for (guint z = 0; z < 6; z++)
    g_string_append_printf (json, "%s{ \"id\": \"z%u\", \"name\": \"Zone %u\" }", z > 0 ? ", " : "", z, z);
  g_string_append (json,
                   "],\n"
                   "  \"feature-groups\": [ { \"id\": \"g\", \"name\": \"Group\" } ],\n"
                   "  \"features\": [ { \"id\": \"f\", \"name\": \"F\", \"group\": \"g\", \"default\": true } ],\n"
                   "  \"roles\": [\n");

  for (guint r = 0; r < N_ROLES; r++)
    {
      /* Zones are columns of 10 roles each */
      guint zone = r / 10, row = r % 10;

      g_string_append_printf (json,
                              "    { \"id\": \"r%u\", \"name\": \"Role number %u\", \"kind\": \"%s\", \"zone\": \"z%u\","
                              " \"position\": [%.3f, %.3f] }%s\n",
                              r, r, kinds[r % G_N_ELEMENTS (kinds)], zone,
                              0.05 + zone * 0.18, 0.05 + row * 0.1, r + 1 < N_ROLES ? "," : "");
    }

  g_string_append (json, "  ],\n  \"links\": [\n");
  for (guint l = 0; l < N_LINKS; l++)
    {
      guint from = g_rand_int_range (rand, 0, N_ROLES);
      guint to = g_rand_int_range (rand, 0, N_ROLES);
      guint protocol = g_rand_int_range (rand, 0, 3);

      g_string_append_printf (json,
                              "    { \"id\": \"l%u\", \"port\": %u, \"protocols\": [%s], \"service\": \"%s\","
                              " \"initiators\": [\"r%u\"], \"listeners\": [\"r%u\"], \"features\": [\"f\"],"
                              " \"configurable\": false, \"description\": \"Link %u\" }%s\n",
                              l, (guint) g_rand_int_range (rand, 1, 65536),
                              protocol == 0 ? "\"tcp\"" : protocol == 1 ? "\"udp\"" : "\"tcp\", \"udp\"",
                              protocol == 1 ? "udp" : "tcp",
                              from, to, l, l + 1 < N_LINKS ? "," : "");
    }
  g_string_append (json, "  ]\n}\n");

  catalogue = portolan_catalogue_new_from_data (json->str, json->len, "synthetic.json", &error);
  if (catalogue == NULL)
    g_error ("%s", error->message);

  return catalogue;
}

/* Every role a host, and results of every kind */
static PortolanPlan *
new_plan (PortolanCatalogue *catalogue,
          const char        *source)
{
  g_autoptr(PortolanProfile) profile = portolan_profile_new (catalogue);
  g_autoptr(GError) error = NULL;
  GPtrArray *roles = portolan_catalogue_get_roles (catalogue);
  PortolanPlan *plan;
  GPtrArray *checks;

  for (guint r = 0; r < roles->len; r++)
    {
      g_autofree char *host = g_strdup_printf ("10.0.%u.%u", r / 200, r % 200 + 1);
      const char *hosts[] = { host, NULL };

      if (!portolan_profile_set_hosts (profile, portolan_role_get_id (g_ptr_array_index (roles, r)), hosts, &error))
        g_error ("%s", error->message);
    }

  plan = portolan_plan_new (profile, source, PORTOLAN_TARGET_ALL, &error);
  if (plan == NULL)
    g_error ("%s", error->message);

  checks = portolan_plan_get_checks (plan);
  for (guint i = 0; i < checks->len; i++)
    if (!portolan_check_is_finished (g_ptr_array_index (checks, i)))
      portolan_check_set_result (g_ptr_array_index (checks, i), 1 + i % (PORTOLAN_STATE_UNVERIFIED), "10.0.0.1", 1, NULL, NULL);

  return plan;
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

/* Milliseconds per draw at one size, where the layout is kept */
static double
time_draws (PortolanRenderer *renderer,
            cairo_t          *cr,
            double            width,
            double            height,
            guint             runs)
{
  double start = now_ms ();

  for (guint i = 0; i < runs; i++)
    portolan_renderer_draw (renderer, cr, width, height);

  return (now_ms () - start) / runs;
}

/* Milliseconds per layout: alternating between two sizes forces one */
static double
time_layouts (PortolanRenderer *renderer,
              double            width,
              double            height,
              guint             runs)
{
  double start = now_ms ();

  for (guint i = 0; i < runs; i++)
    portolan_renderer_layout (renderer, width + (i % 2 ? 0 : 1), height);

  return (now_ms () - start) / runs;
}

static gboolean
bench (const char        *name,
       PortolanCatalogue *catalogue,
       const char        *source,
       double             width,
       double             height,
       guint              runs,
       double             goal_ms)
{
  g_autoptr(PortolanPlan) plan = new_plan (catalogue, source);
  g_autoptr(PortolanRenderer) renderer = portolan_renderer_new (catalogue);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) width + 1, (int) height);
  cairo_t *cr = cairo_create (surface);
  g_autoptr(GPtrArray) chips = NULL;
  double first, layout, draw, start;

  portolan_renderer_set_plan (renderer, plan);

  start = now_ms ();
  portolan_renderer_draw (renderer, cr, width, height);
  first = now_ms () - start;

  draw = time_draws (renderer, cr, width, height, runs);
  layout = time_layouts (renderer, width, height, MAX (runs / 4, 2));

  portolan_renderer_layout (renderer, width, height);
  chips = portolan_renderer_list_hits (renderer, PORTOLAN_RENDERER_HIT_CHIP);

  if (png_dir != NULL)
    {
      g_autofree char *base = g_strdup_printf ("render-bench-%s-%gx%g.png", portolan_catalogue_get_id (catalogue), width, height);
      g_autofree char *path = g_build_filename (png_dir, base, NULL);

      portolan_renderer_draw (renderer, cr, width, height);
      cairo_surface_write_to_png (surface, path);
    }

  printf ("%-32s %4g×%-4g %4u chips, text %4.1f px: first draw %7.2f ms, layout %7.2f ms, draw %6.2f ms%s\n",
          name, width, height, chips->len, portolan_renderer_get_font_size (renderer),
          first, layout, draw,
          goal_ms > 0 ? (draw <= goal_ms ? "  (goal met)" : "  (GOAL MISSED)") : "");

  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  return goal_ms <= 0 || draw <= goal_ms;
}

int
main (int   argc,
      char *argv[])
{
  /* "builtin" or "synthetic" runs one half only, for a profiler; a
   * directory after it gets a PNG of each graph */
  const char *only = argc > 1 && !g_str_equal (argv[1], "all") ? argv[1] : NULL;
  gboolean met = TRUE;

  png_dir = argc > 2 ? argv[2] : NULL;

  printf ("Means of %u draws and of %u layouts, into ARGB32 image surfaces; goal for drawing the built-in graph: %.0f ms\n",
          N_RUNS, N_RUNS / 4, DRAW_GOAL_MS);

  if (only == NULL || g_str_equal (only, "builtin"))
    {
      g_autoptr(PortolanCatalogue) builtin = load_builtin ();

      met &= bench ("built-in catalogue", builtin, "ums-server", 900, 550, N_RUNS, DRAW_GOAL_MS);
      met &= bench ("built-in catalogue", builtin, "ums-server", 1500, 800, N_RUNS, DRAW_GOAL_MS);
      met &= bench ("built-in catalogue", builtin, "ums-server", 1920, 1080, N_RUNS, DRAW_GOAL_MS);
    }

  if (only == NULL || g_str_equal (only, "synthetic"))
    {
      g_autoptr(PortolanCatalogue) synthetic = new_synthetic ();

      bench ("synthetic, 60 roles, 1000 links", synthetic, "r0", 1500, 800, N_SYNTHETIC_RUNS, 0);
      bench ("synthetic, 60 roles, 1000 links", synthetic, "r0", 1920, 1080, N_SYNTHETIC_RUNS, 0);
    }

  return met ? 0 : 1;
}
