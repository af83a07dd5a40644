/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-renderer.c: the topology graph, drawn into image surfaces */
#include "config.h"

#include <math.h>

#include <cairo.h>
#if CAIRO_HAS_PDF_SURFACE
#include <cairo-pdf.h>
#endif
#if CAIRO_HAS_SVG_SURFACE
#include <cairo-svg.h>
#endif

#include "portolan-core.h"
#include "portolan-renderer.h"
#include "portolan-test-plans.h"

typedef struct
{
  double width;
  double height;
  double scale;
} Size;

static const Size sizes[] = {
  { 900, 550, 1 },
  { 1500, 800, 1 },
  { 900, 550, 2 },
};

/* An installation with every role given a host and most features on */
static PortolanProfile *
new_full_profile (PortolanCatalogue *catalogue)
{
  PortolanProfile *profile = portolan_profile_new (catalogue);
  GPtrArray *roles = portolan_catalogue_get_roles (catalogue);
  static const char * const features[] = {
    "high-availability", "icg", "imi", "active-directory", "ldaps", "onboarding", "insight",
    "update-proxy", "universal-firmware-update",
  };

  for (guint i = 0; i < G_N_ELEMENTS (features); i++)
    portolan_profile_set_feature (profile, features[i], TRUE);

  for (guint r = 0; r < roles->len; r++)
    {
      PortolanRole *role = g_ptr_array_index (roles, r);
      const char *id = portolan_role_get_id (role);
      g_autofree char *host = g_strdup_printf ("10.0.0.%u", r + 10);

      if (portolan_role_get_default_hosts (role) != NULL && portolan_role_get_default_hosts (role)[0] != NULL)
        continue;
      if (g_str_equal (id, "os11-device"))
        portolan_test_set_hosts (profile, id, "10.1.2.0/24", "10.1.3.0/24", "10.1.4.7", "10.1.4.8", NULL);
      else if (g_str_equal (id, "ums-server"))
        portolan_test_set_hosts (profile, id, "ums.example.com", NULL);
      else if (g_str_equal (id, "mssql") || g_str_equal (id, "oracle"))
        continue;
      else
        portolan_test_set_hosts (profile, id, host, NULL);
    }

  return profile;
}

static PortolanCheck *
find_check (PortolanPlan *plan,
            const char   *link_id,
            guint         nth)
{
  GPtrArray *checks = portolan_plan_get_checks (plan);

  for (guint i = 0; i < checks->len; i++)
    {
      PortolanCheck *check = g_ptr_array_index (checks, i);

      if (g_str_equal (portolan_link_get_id (portolan_check_get_link (check)), link_id) && nth-- == 0)
        return check;
    }

  return NULL;
}

static void
set_result (PortolanPlan  *plan,
            const char    *link_id,
            guint          nth,
            PortolanState  state)
{
  PortolanCheck *check = find_check (plan, link_id, nth);

  g_assert_nonnull (check);
  portolan_check_set_result (check, state, "10.0.0.1", 1.5, NULL, NULL);
}

/* A run as it could end: most ports fine, some broken in every way */
static void
set_mixed_results (PortolanPlan *plan)
{
  static const struct {
    const char    *link;
    PortolanState  state;
  } results[] = {
    { "os11-secure-terminal", PORTOLAN_STATE_CLOSED },
    { "postgresql-database", PORTOLAN_STATE_FILTERED },
    { "derby-database", PORTOLAN_STATE_FILTERED },
    { "icg-server", PORTOLAN_STATE_UNREACHABLE },
    { "license-request", PORTOLAN_STATE_WARNING },
    { "ad-ldap", PORTOLAN_STATE_OPEN },
    { "os11-shadowing-web-app", PORTOLAN_STATE_OPEN },
    { "ha-61616-server-to-balancer", PORTOLAN_STATE_UNVERIFIED },
  };
  GPtrArray *checks = portolan_plan_get_checks (plan);

  for (guint i = 0; i < checks->len; i++)
    {
      PortolanCheck *check = g_ptr_array_index (checks, i);
      const char *link = portolan_link_get_id (portolan_check_get_link (check));
      PortolanState state = PORTOLAN_STATE_VERIFIED;

      if (portolan_check_is_finished (check))
        continue;

      if (portolan_check_get_protocol (check) == PORTOLAN_PROTOCOL_UDP)
        state = PORTOLAN_STATE_UNVERIFIED;
      else if (portolan_check_get_probe (check) == PORTOLAN_PROBE_TCP)
        state = PORTOLAN_STATE_OPEN;

      for (guint r = 0; r < G_N_ELEMENTS (results); r++)
        if (g_str_equal (link, results[r].link))
          state = results[r].state;

      /* One still running */
      if (g_str_equal (link, "insight"))
        continue;

      portolan_check_set_result (check, state, "10.0.0.1", 2.0, NULL, NULL);
    }
}

static cairo_surface_t *
draw (PortolanRenderer *renderer,
      const Size       *size)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                                         (int) (size->width * size->scale),
                                                         (int) (size->height * size->scale));
  cairo_t *cr = cairo_create (surface);

  cairo_scale (cr, size->scale, size->scale);
  portolan_renderer_draw (renderer, cr, size->width, size->height);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  return surface;
}

static inline guint32
pixel_at (cairo_surface_t *surface,
          int              x,
          int              y)
{
  guchar *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);

  return *(guint32 *) (data + y * stride + x * 4);
}

static inline gboolean
differs (guint32 a,
         guint32 b,
         int     threshold)
{
  int d = 0;

  for (int shift = 0; shift < 24; shift += 8)
    d += abs ((int) ((a >> shift) & 0xff) - (int) ((b >> shift) & 0xff));

  return d > threshold;
}

/* Pixels of a rectangle (in user units) that differ from a colour */
static guint
count_ink (cairo_surface_t *surface,
           double           scale,
           double           x,
           double           y,
           double           width,
           double           height,
           guint32          background)
{
  int x0 = MAX (0, (int) ceil (x * scale)), y0 = MAX (0, (int) ceil (y * scale));
  int x1 = MIN (cairo_image_surface_get_width (surface), (int) floor ((x + width) * scale));
  int y1 = MIN (cairo_image_surface_get_height (surface), (int) floor ((y + height) * scale));
  guint count = 0;

  for (int j = y0; j < y1; j++)
    for (int i = x0; i < x1; i++)
      count += differs (pixel_at (surface, i, j), background, 40);

  return count;
}

static guint32
background_pixel (PortolanRenderer *renderer)
{
  PortolanRendererColor color;

  portolan_renderer_get_background (renderer, &color);

  return 0xff000000 |
         (guint32) lround (color.red * 255) << 16 |
         (guint32) lround (color.green * 255) << 8 |
         (guint32) lround (color.blue * 255);
}

static void
test_draw_sizes (void)
{
  g_autoptr(PortolanCatalogue) catalogue = portolan_test_load_builtin ();
  g_autoptr(PortolanRenderer) renderer = portolan_renderer_new (catalogue);

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      const Size *size = &sizes[s];
      cairo_surface_t *surface = draw (renderer, size);
      g_autoptr(GPtrArray) roles = portolan_renderer_list_hits (renderer, PORTOLAN_RENDERER_HIT_ROLE);
      guint32 background = background_pixel (renderer);
      guint total = (guint) (size->width * size->height * size->scale * size->scale);
      guint ink = count_ink (surface, size->scale, 0, 0, size->width, size->height, background);

      g_test_message ("%g×%g@%g: text %.1f px, %u of %u pixels drawn", size->width, size->height, size->scale,
                      portolan_renderer_get_font_size (renderer), ink, total);
      g_assert_cmpuint (ink, >, total / 25);
      g_assert_cmpfloat (portolan_renderer_get_font_size (renderer), >=, 8.5);

      g_assert_cmpuint (roles->len, ==, portolan_catalogue_get_roles (catalogue)->len);
      for (guint r = 0; r < roles->len; r++)
        {
          PortolanRendererHit *role = g_ptr_array_index (roles, r);
          /* The card's own colour is that of its top left, inside the border */
          guint32 card = pixel_at (surface, (int) ((role->x + 4) * size->scale), (int) ((role->y + role->height / 2) * size->scale));
          guint text = count_ink (surface, size->scale, role->x + 3, role->y + 3, role->width - 6, role->height - 6, card);

          if (text < 30 * size->scale * size->scale)
            g_error ("card %s at %g×%g has %u pixels of text", role->role_id, size->width, size->height, text);
        }

      cairo_surface_destroy (surface);
    }
}

static gboolean
rects_overlap (const PortolanRendererHit *a,
               const PortolanRendererHit *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width &&
         a->y < b->y + b->height && b->y < a->y + a->height;
}

static void
assert_no_overlaps_of (PortolanRenderer *renderer,
                       const Size       *size,
                       guint             min_chips)
{
  g_autoptr(GPtrArray) chips = portolan_renderer_list_hits (renderer, PORTOLAN_RENDERER_HIT_CHIP);
  g_autoptr(GPtrArray) roles = portolan_renderer_list_hits (renderer, PORTOLAN_RENDERER_HIT_ROLE);

  g_assert_cmpuint (chips->len, >=, min_chips);

  for (guint i = 0; i < chips->len; i++)
    {
      PortolanRendererHit *chip = g_ptr_array_index (chips, i);

      g_assert_cmpfloat (chip->x, >=, 0);
      g_assert_cmpfloat (chip->y, >=, 0);
      g_assert_cmpfloat (chip->x + chip->width, <=, size->width);
      g_assert_cmpfloat (chip->y + chip->height, <=, size->height);

      for (guint j = i + 1; j < chips->len; j++)
        {
          PortolanRendererHit *other = g_ptr_array_index (chips, j);

          if (rects_overlap (chip, other))
            g_error ("at %g×%g chip %s %s→%s overlaps chip %s %s→%s", size->width, size->height,
                     chip->label, chip->from, chip->to, other->label, other->from, other->to);
        }

      for (guint r = 0; r < roles->len; r++)
        {
          PortolanRendererHit *role = g_ptr_array_index (roles, r);

          if (rects_overlap (chip, role))
            g_error ("at %g×%g chip %s %s→%s overlaps the card of %s", size->width, size->height,
                     chip->label, chip->from, chip->to, role->role_id);
        }
    }

  for (guint r = 0; r < roles->len; r++)
    for (guint q = r + 1; q < roles->len; q++)
      if (rects_overlap (g_ptr_array_index (roles, r), g_ptr_array_index (roles, q)))
        g_error ("at %g×%g the cards of %s and %s overlap", size->width, size->height,
                 ((PortolanRendererHit *) g_ptr_array_index (roles, r))->role_id,
                 ((PortolanRendererHit *) g_ptr_array_index (roles, q))->role_id);
}

static void
assert_no_overlaps (PortolanRenderer *renderer,
                    const Size       *size)
{
  assert_no_overlaps_of (renderer, size, 30);
}

static void
test_no_overlaps (void)
{
  g_autoptr(PortolanCatalogue) catalogue = portolan_test_load_builtin ();
  g_autoptr(PortolanProfile) profile = new_full_profile (catalogue);
  g_autoptr(PortolanPlan) plan = portolan_test_new_plan (profile, "ums-server", PORTOLAN_TARGET_ALL);
  g_autoptr(PortolanRenderer) renderer = portolan_renderer_new (catalogue);
  g_autoptr(PortolanRenderer) bare = portolan_renderer_new (catalogue);

  portolan_renderer_set_profile (renderer, profile);
  portolan_renderer_set_plan (renderer, plan);

  for (guint s = 0; s < 2; s++)
    {
      portolan_renderer_layout (renderer, sizes[s].width, sizes[s].height);
      assert_no_overlaps (renderer, &sizes[s]);

      portolan_renderer_layout (bare, sizes[s].width, sizes[s].height);
      assert_no_overlaps (bare, &sizes[s]);
    }
}

/* The same size gives the same places, whatever was drawn before */
static void
test_layout_stable (void)
{
  g_autoptr(PortolanCatalogue) catalogue = portolan_test_load_builtin ();
  g_autoptr(PortolanProfile) profile = new_full_profile (catalogue);
  g_autoptr(PortolanPlan) plan = portolan_test_new_plan (profile, "ums-server", PORTOLAN_TARGET_ALL);
  g_autoptr(PortolanRenderer) renderer = portolan_renderer_new (catalogue);
  g_autoptr(PortolanRenderer) fresh = portolan_renderer_new (catalogue);
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) other = NULL;

  portolan_renderer_set_plan (renderer, plan);
  portolan_renderer_set_plan (fresh, plan);

  portolan_renderer_layout (renderer, 1500, 800);
  before = portolan_renderer_list_hits (renderer, PORTOLAN_RENDERER_HIT_CHIP);
  portolan_renderer_layout (renderer, 900, 550);
  cairo_surface_destroy (draw (renderer, &sizes[2]));
  portolan_renderer_layout (renderer, 1500, 800);
  after = portolan_renderer_list_hits (renderer, PORTOLAN_RENDERER_HIT_CHIP);
  portolan_renderer_layout (fresh, 1500, 800);
  other = portolan_renderer_list_hits (fresh, PORTOLAN_RENDERER_HIT_CHIP);

  g_assert_cmpuint (before->len, ==, after->len);
  for (guint i = 0; i < before->len; i++)
    {
      PortolanRendererHit *a = g_ptr_array_index (before, i);
      PortolanRendererHit *b = g_ptr_array_index (after, i);
      PortolanRendererHit *c = g_ptr_array_index (other, i);

      g_assert_true (portolan_renderer_hit_equal (a, b));
      g_assert_cmpfloat (a->x, ==, b->x);
      g_assert_cmpfloat (a->y, ==, b->y);
      g_assert_cmpfloat (a->x, ==, c->x);
      g_assert_cmpfloat (a->y, ==, c->y);
    }
}

static void
test_hit_test (void)
{
  g_autoptr(PortolanCatalogue) catalogue = portolan_test_load_builtin ();
  g_autoptr(PortolanRenderer) renderer = portolan_renderer_new (catalogue);
  g_autoptr(GPtrArray) roles = NULL;
  g_autoptr(GPtrArray) chips = NULL;
  g_autoptr(GPtrArray) arrows = NULL;
  g_auto(PortolanRendererHit) hit = { 0 };

  /* Nothing is known before a layout */
  g_assert_false (portolan_renderer_hit_test (renderer, 100, 100, &hit));

  portolan_renderer_layout (renderer, 900, 550);
  roles = portolan_renderer_list_hits (renderer, PORTOLAN_RENDERER_HIT_ROLE);
  chips = portolan_renderer_list_hits (renderer, PORTOLAN_RENDERER_HIT_CHIP);
  arrows = portolan_renderer_list_hits (renderer, PORTOLAN_RENDERER_HIT_LINK_BUNDLE);

  for (guint r = 0; r < roles->len; r++)
    {
      PortolanRendererHit *role = g_ptr_array_index (roles, r);

      g_assert_true (portolan_renderer_hit_test (renderer, role->x + role->width / 2, role->y + role->height / 2, &hit));
      g_assert_cmpint (hit.kind, ==, PORTOLAN_RENDERER_HIT_ROLE);
      g_assert_cmpstr (hit.role_id, ==, role->role_id);
      portolan_renderer_hit_clear (&hit);
    }

  for (guint c = 0; c < chips->len; c++)
    {
      PortolanRendererHit *chip = g_ptr_array_index (chips, c);

      g_assert_true (portolan_renderer_hit_test (renderer, chip->x + chip->width / 2, chip->y + chip->height / 2, &hit));
      g_assert_cmpint (hit.kind, ==, PORTOLAN_RENDERER_HIT_CHIP);
      g_assert_cmpstr (hit.from, ==, chip->from);
      g_assert_cmpstr (hit.to, ==, chip->to);
      g_assert_cmpstr (hit.label, ==, chip->label);
      g_assert_nonnull (hit.link_ids);
      g_assert_cmpuint (g_strv_length (hit.link_ids), >=, 1);
      g_assert_true (g_strv_equal ((const char * const *) hit.link_ids, (const char * const *) chip->link_ids));
      portolan_renderer_hit_clear (&hit);
    }

  /* The chip of the UMS Console's 8443/tcp stands for the link of both consoles */
  for (guint c = 0; c < chips->len; c++)
    {
      PortolanRendererHit *chip = g_ptr_array_index (chips, c);

      if (g_str_equal (chip->from, "os11-device") && g_str_equal (chip->to, "ums-server") &&
          g_str_equal (chip->label, "8443/tcp"))
        {
          g_assert_true (g_strv_contains ((const char * const *) chip->link_ids, "os11-file-transfer"));
          g_assert_true (g_strv_contains ((const char * const *) chip->link_ids, "os11-firmware-update"));
          g_assert_false (g_strv_contains ((const char * const *) chip->link_ids, "os11-device-communication"));
        }
    }

  /* Each arrow, at a point of its curve that no chip or card covers */
  for (guint a = 0; a < arrows->len; a++)
    {
      PortolanRendererHit *arrow = g_ptr_array_index (arrows, a);

      g_assert_nonnull (arrow->from);
      g_assert_nonnull (arrow->to);
      g_assert_cmpuint (g_strv_length (arrow->link_ids), >=, 1);
    }

  /* The margin is empty */
  g_assert_false (portolan_renderer_hit_test (renderer, 1, 1, &hit));
  g_assert_cmpint (hit.kind, ==, PORTOLAN_RENDERER_HIT_NONE);
  g_assert_false (portolan_renderer_hit_test (renderer, 899, 1, &hit));
}

static void
test_hit_arrow (void)
{
  g_autoptr(PortolanCatalogue) catalogue = portolan_test_load_builtin ();
  g_autoptr(PortolanRenderer) renderer = portolan_renderer_new (catalogue);
  g_autoptr(GPtrArray) arrows = NULL;
  guint found = 0;

  portolan_renderer_layout (renderer, 1500, 800);
  arrows = portolan_renderer_list_hits (renderer, PORTOLAN_RENDERER_HIT_LINK_BUNDLE);

  /* Walk along the bounds' diagonal of each arrow to a point that hits it */
  for (guint a = 0; a < arrows->len; a++)
    {
      PortolanRendererHit *arrow = g_ptr_array_index (arrows, a);

      for (guint step = 1; step < 200; step++)
        {
          g_auto(PortolanRendererHit) hit = { 0 };
          double x = arrow->x + arrow->width * (step % 20) / 20.0;
          double y = arrow->y + arrow->height * (step / 20) / 10.0;

          if (portolan_renderer_hit_test (renderer, x, y, &hit) &&
              hit.kind == PORTOLAN_RENDERER_HIT_LINK_BUNDLE &&
              g_str_equal (hit.from, arrow->from) && g_str_equal (hit.to, arrow->to))
            {
              g_autofree char *text = portolan_renderer_describe (renderer, &hit);

              g_assert_nonnull (strstr (text, "→"));
              found++;
              break;
            }
        }
    }

  /* Most arrows are reachable outside their chips */
  g_assert_cmpuint (found, >=, arrows->len * 2 / 3);
}

static void
assert_chip (PortolanRenderer          *renderer,
             const char                *link_id,
             const char                *from,
             const char                *to,
             PortolanRendererChipStyle  style,
             PortolanState              state)
{
  PortolanRendererChipStyle actual_style;
  PortolanState actual_state;

  g_assert_true (portolan_renderer_get_chip_state (renderer, link_id, from, to, &actual_style, &actual_state));
  g_assert_cmpint (actual_style, ==, style);
  if (style == PORTOLAN_RENDERER_CHIP_STATE && actual_state != state)
    g_error ("the chip of %s shows %s, not %s", link_id,
             portolan_state_to_string (actual_state), portolan_state_to_string (state));
}

static void
test_chip_states (void)
{
  g_autoptr(PortolanCatalogue) catalogue = portolan_test_load_builtin ();
  g_autoptr(PortolanProfile) profile = portolan_profile_new (catalogue);
  g_autoptr(PortolanPlan) plan = NULL;
  g_autoptr(PortolanRenderer) renderer = portolan_renderer_new (catalogue);
  g_auto(PortolanRendererHit) hit = { 0 };
  g_autofree char *text = NULL;
  PortolanCheck *first, *second;

  portolan_test_set_hosts (profile, "os11-device", "127.0.0.1", "127.0.0.2", NULL);
  portolan_test_set_hosts (profile, "ums-server", "127.0.0.1", NULL);
  portolan_profile_set_feature (profile, "os11-devices", TRUE);

  /* No plan: every chip is the port alone */
  assert_chip (renderer, "os11-secure-terminal", NULL, NULL, PORTOLAN_RENDERER_CHIP_NEUTRAL, 0);
  g_assert_false (portolan_renderer_get_chip_state (renderer, "no-such-link", NULL, NULL, NULL, NULL));
  g_assert_false (portolan_renderer_get_chip_state (renderer, "os11-secure-terminal", "os11-device", "ums-server", NULL, NULL));

  plan = portolan_test_new_plan (profile, "ums-server", "os11-device");
  portolan_renderer_set_plan (renderer, plan);
  first = find_check (plan, "os11-secure-terminal", 0);
  second = find_check (plan, "os11-secure-terminal", 1);
  g_assert_nonnull (first);
  g_assert_nonnull (second);
  g_assert_null (find_check (plan, "os11-secure-terminal", 2));

  assert_chip (renderer, "os11-secure-terminal", "ums-server", "os11-device", PORTOLAN_RENDERER_CHIP_STATE, PORTOLAN_STATE_PENDING);

  /* The worst wins: a problem over anything */
  portolan_check_set_result (first, PORTOLAN_STATE_CLOSED, "127.0.0.1", 0.2, "refused", NULL);
  portolan_check_set_result (second, PORTOLAN_STATE_OPEN, "127.0.0.2", 0.2, NULL, NULL);
  assert_chip (renderer, "os11-secure-terminal", "ums-server", "os11-device", PORTOLAN_RENDERER_CHIP_STATE, PORTOLAN_STATE_CLOSED);

  portolan_check_set_result (first, PORTOLAN_STATE_VERIFIED, "127.0.0.1", 0.2, NULL, NULL);
  assert_chip (renderer, "os11-secure-terminal", "ums-server", "os11-device", PORTOLAN_RENDERER_CHIP_STATE, PORTOLAN_STATE_OPEN);

  portolan_check_set_result (second, PORTOLAN_STATE_VERIFIED, "127.0.0.2", 0.2, NULL, NULL);
  assert_chip (renderer, "os11-secure-terminal", "ums-server", "os11-device", PORTOLAN_RENDERER_CHIP_STATE, PORTOLAN_STATE_VERIFIED);

  portolan_check_set_result (second, PORTOLAN_STATE_UNVERIFIED, "127.0.0.2", 0.2, NULL, NULL);
  assert_chip (renderer, "os11-secure-terminal", "ums-server", "os11-device", PORTOLAN_RENDERER_CHIP_STATE, PORTOLAN_STATE_UNVERIFIED);

  portolan_check_set_result (first, PORTOLAN_STATE_FILTERED, "127.0.0.1", 0.2, NULL, NULL);
  assert_chip (renderer, "os11-secure-terminal", "ums-server", "os11-device", PORTOLAN_RENDERER_CHIP_STATE, PORTOLAN_STATE_FILTERED);

  portolan_check_set_result (second, PORTOLAN_STATE_CLOSED, "127.0.0.2", 0.2, NULL, NULL);
  assert_chip (renderer, "os11-secure-terminal", "ums-server", "os11-device", PORTOLAN_RENDERER_CHIP_STATE, PORTOLAN_STATE_CLOSED);

  portolan_check_set_result (first, PORTOLAN_STATE_WARNING, "127.0.0.1", 0.2, NULL, NULL);
  portolan_check_set_result (second, PORTOLAN_STATE_UNREACHABLE, "127.0.0.2", 0.2, NULL, NULL);
  assert_chip (renderer, "os11-secure-terminal", "ums-server", "os11-device", PORTOLAN_RENDERER_CHIP_STATE, PORTOLAN_STATE_UNREACHABLE);

  /* Still running: neither good nor bad yet */
  portolan_check_reset (first);
  portolan_check_set_result (second, PORTOLAN_STATE_VERIFIED, "127.0.0.2", 0.2, NULL, NULL);
  assert_chip (renderer, "os11-secure-terminal", "ums-server", "os11-device", PORTOLAN_RENDERER_CHIP_STATE, PORTOLAN_STATE_PENDING);

  portolan_check_set_result (first, PORTOLAN_STATE_CANCELLED, NULL, -1, NULL, NULL);
  assert_chip (renderer, "os11-secure-terminal", "ums-server", "os11-device", PORTOLAN_RENDERER_CHIP_STATE, PORTOLAN_STATE_CANCELLED);

  /* A chip stands for every link of the pair with that port: the device
   * scan is a TCP and a UDP check on one chip */
  for (guint i = 0; i < 4; i++)
    set_result (plan, "device-scan", i, i % 2 ? PORTOLAN_STATE_UNVERIFIED : PORTOLAN_STATE_OPEN);
  g_assert_null (find_check (plan, "device-scan", 4));
  assert_chip (renderer, "device-scan", "ums-server", "os11-device", PORTOLAN_RENDERER_CHIP_STATE, PORTOLAN_STATE_UNVERIFIED);

  /* The other checks of the plan do not touch it, nor other pairs */
  assert_chip (renderer, "device-scan", "ums-server", "os12-device", PORTOLAN_RENDERER_CHIP_OUTSIDE, 0);
  assert_chip (renderer, "ad-ldap", NULL, NULL, PORTOLAN_RENDERER_CHIP_OUTSIDE, 0);

  /* What the device initiates is tested from the device */
  assert_chip (renderer, "os11-device-communication", "os11-device", "ums-server", PORTOLAN_RENDERER_CHIP_OTHER_SIDE, 0);

  /* The tooltip says it in words */
  set_result (plan, "os11-secure-terminal", 0, PORTOLAN_STATE_CLOSED);
  portolan_renderer_layout (renderer, 900, 550);
  {
    g_autoptr(GPtrArray) chips = portolan_renderer_list_hits (renderer, PORTOLAN_RENDERER_HIT_CHIP);

    for (guint c = 0; c < chips->len; c++)
      {
        PortolanRendererHit *chip = g_ptr_array_index (chips, c);

        if (g_strv_contains ((const char * const *) chip->link_ids, "os11-secure-terminal"))
          {
            g_assert_cmpstr (chip->label, ==, "30022/tcp");
            g_assert_true (portolan_renderer_hit_test (renderer, chip->x + 2, chip->y + chip->height / 2, &hit));
          }
      }
  }
  g_assert_cmpint (hit.kind, ==, PORTOLAN_RENDERER_HIT_CHIP);
  text = portolan_renderer_describe (renderer, &hit);
  g_test_message ("%s", text);
  g_assert_true (g_str_has_prefix (text, "30022/tcp: UMS Server → IGEL OS 11 Device\n"));
  g_assert_nonnull (strstr (text, "✖ Closed 1"));
  g_assert_nonnull (strstr (text, "✔ Verified 1"));
}

static void
test_roles (void)
{
  g_autoptr(PortolanCatalogue) catalogue = portolan_test_load_builtin ();
  g_autoptr(PortolanProfile) profile = portolan_profile_new (catalogue);
  g_autoptr(PortolanRenderer) renderer = portolan_renderer_new (catalogue);
  PortolanRendererHit role = { .kind = PORTOLAN_RENDERER_HIT_ROLE, .role_id = (char *) "os11-device" };
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *cloud = NULL;
  guint changed = 0;

  g_signal_connect_swapped (renderer, "changed", G_CALLBACK (g_atomic_int_inc), &changed);
  portolan_renderer_set_profile (renderer, profile);
  g_assert_cmpuint (changed, ==, 1);

  before = portolan_renderer_describe (renderer, &role);
  g_assert_true (g_str_has_prefix (before, "IGEL OS 11 Device\nDevice · no host\n"));

  /* The profile's hosts, as soon as they change */
  portolan_test_set_hosts (profile, "os11-device", "10.1.2.0/24", "10.1.3.0/24", "10.1.4.1", "10.1.4.2", NULL);
  g_assert_cmpuint (changed, ==, 2);
  after = portolan_renderer_describe (renderer, &role);
  g_assert_true (g_str_has_prefix (after, "IGEL OS 11 Device\nDevice · 10.1.2.0/24, 10.1.3.0/24, 10.1.4.1, 10.1.4.2\n"));

  /* The catalogue's default hosts otherwise */
  role.role_id = (char *) "igel-app-portal";
  cloud = portolan_renderer_describe (renderer, &role);
  g_assert_true (g_str_has_prefix (cloud, "IGEL App Portal\nCloud service · app.igel.com\n"));

  portolan_renderer_set_dark (renderer, TRUE);
  g_assert_cmpuint (changed, ==, 3);
  portolan_renderer_set_dark (renderer, TRUE);
  g_assert_cmpuint (changed, ==, 3);

  portolan_renderer_set_selection (renderer, &role);
  g_assert_cmpuint (changed, ==, 4);
  g_assert_true (portolan_renderer_hit_equal (portolan_renderer_get_selection (renderer), &role));
  portolan_renderer_set_selection (renderer, &role);
  g_assert_cmpuint (changed, ==, 4);
  portolan_renderer_set_selection (renderer, NULL);
  g_assert_null (portolan_renderer_get_selection (renderer));

  portolan_renderer_set_profile (renderer, NULL);
  g_signal_handlers_disconnect_by_data (renderer, &changed);
}

static void
test_dark (void)
{
  g_autoptr(PortolanCatalogue) catalogue = portolan_test_load_builtin ();
  g_autoptr(PortolanRenderer) renderer = portolan_renderer_new (catalogue);
  const Size size = { 900, 550, 1 };
  PortolanRendererColor light_background, dark_background, light_closed, dark_closed;
  cairo_surface_t *light, *dark;
  guint different = 0;

  light = draw (renderer, &size);
  portolan_renderer_get_background (renderer, &light_background);
  portolan_renderer_get_state_color (renderer, PORTOLAN_STATE_CLOSED, &light_closed);

  portolan_renderer_set_dark (renderer, TRUE);
  g_assert_true (portolan_renderer_get_dark (renderer));
  dark = draw (renderer, &size);
  portolan_renderer_get_background (renderer, &dark_background);
  portolan_renderer_get_state_color (renderer, PORTOLAN_STATE_CLOSED, &dark_closed);

  /* A dark background, and a light one */
  g_assert_cmpfloat (light_background.red + light_background.green + light_background.blue, >, 2.5);
  g_assert_cmpfloat (dark_background.red + dark_background.green + dark_background.blue, <, 0.6);
  g_assert_false (light_closed.red == dark_closed.red && light_closed.green == dark_closed.green &&
                  light_closed.blue == dark_closed.blue);

  for (int y = 0; y < 550; y += 5)
    for (int x = 0; x < 900; x += 5)
      different += differs (pixel_at (light, x, y), pixel_at (dark, x, y), 60);
  g_assert_cmpuint (different, >, 900 * 550 / 25 * 9 / 10);

  cairo_surface_destroy (light);
  cairo_surface_destroy (dark);
}

static void
test_selection_drawn (void)
{
  g_autoptr(PortolanCatalogue) catalogue = portolan_test_load_builtin ();
  g_autoptr(PortolanRenderer) renderer = portolan_renderer_new (catalogue);
  const Size size = { 900, 550, 1 };
  g_autoptr(GPtrArray) chips = NULL;
  PortolanRendererHit *chip;
  cairo_surface_t *before, *after;
  guint different = 0;

  before = draw (renderer, &size);
  chips = portolan_renderer_list_hits (renderer, PORTOLAN_RENDERER_HIT_CHIP);
  chip = g_ptr_array_index (chips, 0);
  portolan_renderer_set_selection (renderer, chip);
  after = draw (renderer, &size);

  for (int y = 0; y < 550; y++)
    for (int x = 0; x < 900; x++)
      different += differs (pixel_at (before, x, y), pixel_at (after, x, y), 30);
  g_assert_cmpuint (different, >, 20);

  cairo_surface_destroy (before);
  cairo_surface_destroy (after);
}

static void
write_png (PortolanRenderer *renderer,
           const Size       *size,
           const char       *name)
{
  cairo_surface_t *surface = draw (renderer, size);
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, name, NULL);

  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  g_test_message ("wrote %s", path);
  cairo_surface_destroy (surface);
}

/* Pictures for a human to look at, in the build directory */
static void
test_pictures (void)
{
  g_autoptr(PortolanCatalogue) catalogue = portolan_test_load_builtin ();
  g_autoptr(PortolanProfile) profile = new_full_profile (catalogue);
  g_autoptr(PortolanPlan) plan = portolan_test_new_plan (profile, "ums-server", PORTOLAN_TARGET_ALL);
  g_autoptr(PortolanProfile) device_profile = new_full_profile (catalogue);
  g_autoptr(PortolanPlan) device_plan = portolan_test_new_plan (device_profile, "os11-device", "ums-server");
  g_autoptr(PortolanRenderer) renderer = portolan_renderer_new (catalogue);
  g_autoptr(PortolanRenderer) bare = portolan_renderer_new (catalogue);
  PortolanRendererHit selection = { .kind = PORTOLAN_RENDERER_HIT_CHIP, .from = (char *) "ums-server",
                                    .to = (char *) "os11-device", .label = (char *) "30022/tcp" };

  set_mixed_results (plan);
  portolan_renderer_set_profile (renderer, profile);
  portolan_renderer_set_plan (renderer, plan);

  write_png (renderer, &sizes[0], "renderer-900x550.png");
  write_png (renderer, &sizes[1], "renderer-1500x800.png");
  write_png (renderer, &sizes[2], "renderer-900x550@2x.png");

  portolan_renderer_set_selection (renderer, &selection);
  portolan_renderer_set_dark (renderer, TRUE);
  write_png (renderer, &sizes[1], "renderer-dark-1500x800.png");
  write_png (renderer, &sizes[0], "renderer-dark-900x550.png");

  set_mixed_results (device_plan);
  portolan_renderer_set_dark (renderer, FALSE);
  portolan_renderer_set_selection (renderer, NULL);
  portolan_renderer_set_profile (renderer, device_profile);
  portolan_renderer_set_plan (renderer, device_plan);
  write_png (renderer, &sizes[1], "renderer-device-1500x800.png");

  write_png (bare, &sizes[0], "renderer-bare-900x550.png");
  write_png (bare, &(Size) { 1920, 1080, 1 }, "renderer-bare-1920x1080.png");
}

/* The same drawing as vector reports, with no display */
static void
test_vector (void)
{
  g_autoptr(PortolanCatalogue) catalogue = portolan_test_load_builtin ();
  g_autoptr(PortolanProfile) profile = new_full_profile (catalogue);
  g_autoptr(PortolanPlan) plan = portolan_test_new_plan (profile, "ums-server", PORTOLAN_TARGET_ALL);
  g_autoptr(PortolanRenderer) renderer = portolan_renderer_new (catalogue);
  cairo_surface_t *surfaces[2] = { NULL, NULL };
  g_autofree char *pdf = g_test_build_filename (G_TEST_BUILT, "renderer-1500x800.pdf", NULL);
  g_autofree char *svg = g_test_build_filename (G_TEST_BUILT, "renderer-1500x800.svg", NULL);

  set_mixed_results (plan);
  portolan_renderer_set_plan (renderer, plan);

#if CAIRO_HAS_PDF_SURFACE
  surfaces[0] = cairo_pdf_surface_create (pdf, 1500, 800);
#endif
#if CAIRO_HAS_SVG_SURFACE
  surfaces[1] = cairo_svg_surface_create (svg, 1500, 800);
#endif

  for (guint i = 0; i < G_N_ELEMENTS (surfaces); i++)
    if (surfaces[i] != NULL)
      {
        cairo_t *cr = cairo_create (surfaces[i]);

        portolan_renderer_draw (renderer, cr, 1500, 800);
        g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
        cairo_destroy (cr);
        cairo_surface_finish (surfaces[i]);
        g_assert_cmpint (cairo_surface_status (surfaces[i]), ==, CAIRO_STATUS_SUCCESS);
        cairo_surface_destroy (surfaces[i]);
      }

  if (surfaces[0] == NULL && surfaces[1] == NULL)
    g_test_skip ("cairo has neither PDF nor SVG surfaces");
}

static void
test_hit_copy (void)
{
  const char *links[] = { "a", "b", NULL };
  PortolanRendererHit hit = { .kind = PORTOLAN_RENDERER_HIT_CHIP, .from = (char *) "x", .to = (char *) "y",
                              .link_ids = (GStrv) links, .label = (char *) "1/tcp", .x = 1, .width = 2 };
  g_autoptr(PortolanRendererHit) copy = portolan_renderer_hit_copy (&hit);

  g_assert_true (portolan_renderer_hit_equal (&hit, copy));
  g_assert_true (g_strv_equal ((const char * const *) copy->link_ids, links));
  g_assert_cmpfloat (copy->width, ==, 2);
  g_free (copy->label);
  copy->label = g_strdup ("2/tcp");
  g_assert_false (portolan_renderer_hit_equal (&hit, copy));
  g_assert_false (portolan_renderer_hit_equal (&hit, NULL));
  g_assert_true (portolan_renderer_hit_equal (NULL, NULL));
}

/* Another catalogue: two roles, a loop, and a zone of its own each */
static void
test_small_catalogue (void)
{
  static const char data[] =
    "{ \"schema\": 1, \"id\": \"small\", \"name\": \"Small\", \"version\": \"1\",\n"
    "  \"zones\": [ { \"id\": \"a\", \"name\": \"Left\" }, { \"id\": \"b\", \"name\": \"Right\" } ],\n"
    "  \"feature-groups\": [ { \"id\": \"g\", \"name\": \"Group\" } ],\n"
    "  \"features\": [ { \"id\": \"f\", \"name\": \"F\", \"group\": \"g\", \"default\": true } ],\n"
    "  \"roles\": [\n"
    "    { \"id\": \"client\", \"name\": \"Client\", \"kind\": \"client\", \"zone\": \"a\", \"position\": [0, 0] },\n"
    "    { \"id\": \"server\", \"name\": \"Server\", \"kind\": \"server\", \"zone\": \"b\", \"position\": [1, 1] }\n"
    "  ],\n"
    "  \"links\": [\n"
    "    { \"id\": \"https\", \"port\": 443, \"protocols\": [\"tcp\"], \"service\": \"tls\", \"initiators\": [\"client\"],\n"
    "      \"listeners\": [\"server\"], \"features\": [\"f\"], \"configurable\": false, \"description\": \"HTTPS\" },\n"
    "    { \"id\": \"sync\", \"port\": 7000, \"protocols\": [\"tcp\", \"udp\"], \"service\": \"tcp\", \"initiators\": [\"server\"],\n"
    "      \"listeners\": [\"server\"], \"features\": [\"f\"], \"configurable\": false, \"description\": \"Sync\" }\n"
    "  ]\n"
    "}\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(PortolanCatalogue) catalogue = portolan_catalogue_new_from_data (data, -1, "small.json", &error);
  g_autoptr(PortolanRenderer) renderer = NULL;
  g_autoptr(GPtrArray) chips = NULL;
  g_auto(PortolanRendererHit) hit = { 0 };
  const Size size = { 640, 400, 1 };

  g_assert_no_error (error);
  renderer = portolan_renderer_new (catalogue);
  write_png (renderer, &size, "renderer-small-640x400.png");

  chips = portolan_renderer_list_hits (renderer, PORTOLAN_RENDERER_HIT_CHIP);
  g_assert_cmpuint (chips->len, ==, 2);
  assert_no_overlaps_of (renderer, &size, 2);

  for (guint c = 0; c < chips->len; c++)
    {
      PortolanRendererHit *chip = g_ptr_array_index (chips, c);

      g_assert_true (portolan_renderer_hit_test (renderer, chip->x + chip->width / 2, chip->y + chip->height / 2, &hit));
      g_assert_cmpstr (hit.label, ==, chip->label);
      if (g_str_equal (chip->label, "7000/tcp+udp"))
        {
          g_assert_cmpstr (hit.from, ==, "server");
          g_assert_cmpstr (hit.to, ==, "server");
        }
      else
        g_assert_cmpstr (chip->label, ==, "443/tcp");
      portolan_renderer_hit_clear (&hit);
    }

  /* Big text when there is room */
  g_assert_cmpfloat (portolan_renderer_get_font_size (renderer), >=, 9.5);
}

static void
test_finalize (void)
{
  g_autoptr(PortolanCatalogue) catalogue = portolan_test_load_builtin ();
  g_autoptr(PortolanProfile) profile = new_full_profile (catalogue);
  PortolanPlan *plan = portolan_test_new_plan (profile, "ums-server", "os11-device");
  PortolanRenderer *renderer = portolan_renderer_new (catalogue);
  const Size size = { 300, 200, 1 };

  portolan_renderer_set_profile (renderer, profile);
  portolan_renderer_set_plan (renderer, plan);
  g_object_unref (plan);
  cairo_surface_destroy (draw (renderer, &size));

  /* Small, but drawn and no warning */
  g_assert_cmpfloat (portolan_renderer_get_font_size (renderer), >, 0);
  g_assert_finalize_object (renderer);

  /* The profile is still fine to change */
  portolan_test_set_hosts (profile, "ums-server", "10.9.9.9", NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/renderer/draw-sizes", test_draw_sizes);
  g_test_add_func ("/renderer/no-overlaps", test_no_overlaps);
  g_test_add_func ("/renderer/layout-stable", test_layout_stable);
  g_test_add_func ("/renderer/hit-test", test_hit_test);
  g_test_add_func ("/renderer/hit-arrow", test_hit_arrow);
  g_test_add_func ("/renderer/hit-copy", test_hit_copy);
  g_test_add_func ("/renderer/chip-states", test_chip_states);
  g_test_add_func ("/renderer/roles", test_roles);
  g_test_add_func ("/renderer/dark", test_dark);
  g_test_add_func ("/renderer/selection", test_selection_drawn);
  g_test_add_func ("/renderer/pictures", test_pictures);
  g_test_add_func ("/renderer/vector", test_vector);
  g_test_add_func ("/renderer/small-catalogue", test_small_catalogue);
  g_test_add_func ("/renderer/finalize", test_finalize);

  return g_test_run ();
}
