/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-palette.c: every state has its colours, light and dark, and the
 * list's style sheet is made from them */
#include "config.h"

#include <math.h>
#include <string.h>

#include "portolan-palette.h"

/* WCAG 2's contrast ratio of two opaque colours */
static double
luminance (const PortolanColor *color)
{
  double channels[] = { color->red, color->green, color->blue };

  for (guint i = 0; i < G_N_ELEMENTS (channels); i++)
    channels[i] = channels[i] <= 0.04045 ? channels[i] / 12.92 : pow ((channels[i] + 0.055) / 1.055, 2.4);

  return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2];
}

static double
contrast (const PortolanColor *a,
          const PortolanColor *b)
{
  double la = luminance (a), lb = luminance (b);

  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

static gboolean
same_color (const PortolanColor *a,
            const PortolanColor *b)
{
  return a->red == b->red && a->green == b->green && a->blue == b->blue && a->alpha == b->alpha;
}

static void
assert_opaque (const PortolanColor *color)
{
  g_assert_cmpfloat (color->alpha, ==, 1);
  g_assert_cmpfloat (color->red, >=, 0);
  g_assert_cmpfloat (color->red, <=, 1);
  g_assert_cmpfloat (color->green, >=, 0);
  g_assert_cmpfloat (color->green, <=, 1);
  g_assert_cmpfloat (color->blue, >=, 0);
  g_assert_cmpfloat (color->blue, <=, 1);
}

static void
test_every_state (gconstpointer data)
{
  const PortolanPalette *palette = portolan_palette_get (GPOINTER_TO_INT (data));

  g_assert_nonnull (palette);
  assert_opaque (&palette->background);
  for (PortolanState s = 0; s < PORTOLAN_N_STATES; s++)
    {
      assert_opaque (&palette->state_fill[s]);
      assert_opaque (&palette->state_text[s]);
      assert_opaque (&palette->state_line[s]);

      /* Each state's chip has a colour of its own */
      for (PortolanState t = 0; t < s; t++)
        g_assert_false (same_color (&palette->state_fill[s], &palette->state_fill[t]));
    }
}

/* The renderer writes each chip's symbol and port on its fill */
static void
test_text_contrast (gconstpointer data)
{
  const PortolanPalette *palette = portolan_palette_get (GPOINTER_TO_INT (data));

  for (PortolanState s = 0; s < PORTOLAN_N_STATES; s++)
    {
      double ratio = contrast (&palette->state_text[s], &palette->state_fill[s]);

      if (ratio < 3)
        g_test_fail_printf ("%s: %s text on its chip has a contrast of %.2f:1",
                            data ? "dark" : "light", portolan_state_to_string (s), ratio);
    }
}

/* A chip with no border must stand out from the background by itself */
static void
test_borders (gconstpointer data)
{
  const PortolanPalette *palette = portolan_palette_get (GPOINTER_TO_INT (data));

  g_assert_true (portolan_palette_state_has_border (PORTOLAN_STATE_SKIPPED));
  g_assert_true (portolan_palette_state_has_border (PORTOLAN_STATE_PENDING));
  for (PortolanState s = 0; s < PORTOLAN_N_STATES; s++)
    if (!portolan_palette_state_has_border (s))
      g_assert_cmpfloat (contrast (&palette->state_fill[s], &palette->background), >=, 1.5);
}

static void
test_light_and_dark (void)
{
  const PortolanPalette *light = portolan_palette_get (FALSE);
  const PortolanPalette *dark = portolan_palette_get (TRUE);

  g_assert_true (light != dark);
  g_assert_cmpfloat (luminance (&light->background), >, 0.8);
  g_assert_cmpfloat (luminance (&dark->background), <, 0.05);
  g_assert_false (same_color (&light->card, &dark->card));
  g_assert_false (same_color (&light->text, &dark->text));
  g_assert_false (same_color (&light->chip, &dark->chip));

  /* The words the list colours are lighter on a dark background */
  for (PortolanState s = PORTOLAN_STATE_VERIFIED; s <= PORTOLAN_STATE_UNVERIFIED; s++)
    g_assert_cmpfloat (luminance (&dark->state_line[s]), >, luminance (&light->state_line[s]));
}

static void
test_css_color (void)
{
  g_autoptr(GString) css = g_string_new (NULL);
  const PortolanColor green = { 0x26 / 255.0, 0xa2 / 255.0, 0x69 / 255.0, 1 };
  const PortolanColor veil = { 0, 0, 6 / 255.0, 0.28 };

  portolan_palette_append_css_color (css, &green);
  g_string_append_c (css, ' ');
  portolan_palette_append_css_color (css, &veil);
  g_assert_cmpstr (css->str, ==, "#26a269 rgba(0, 0, 6, 0.28)");
}

static void
test_css (void)
{
  g_autofree char *light = portolan_palette_to_css (FALSE, "portolanresults");
  g_autofree char *dark = portolan_palette_to_css (TRUE, "portolanresults.dark");
  g_auto(GStrv) light_lines = g_strsplit (light, "\n", -1);
  g_auto(GStrv) dark_lines = g_strsplit (dark, "\n", -1);

  /* One rule a state, in the scope asked for */
  g_assert_cmpuint (g_strv_length (light_lines), ==, PORTOLAN_N_STATES + 1);
  g_assert_cmpuint (g_strv_length (dark_lines), ==, PORTOLAN_N_STATES + 1);
  for (PortolanState s = 0; s < PORTOLAN_N_STATES; s++)
    {
      g_autofree char *light_selector = g_strdup_printf ("portolanresults label.%s {", portolan_state_get_css_name (s));
      g_autofree char *dark_selector = g_strdup_printf ("portolanresults.dark label.%s {", portolan_state_get_css_name (s));

      g_assert_true (g_str_has_prefix (light_lines[s], light_selector));
      g_assert_true (g_str_has_prefix (dark_lines[s], dark_selector));
      g_assert_true (g_str_has_suffix (light_lines[s], "; }"));
    }

  /* The words in the list take the colour of the graph's arrows */
  g_assert_cmpstr (light_lines[PORTOLAN_STATE_OPEN], ==, "portolanresults label.state-open { color: #1f7f95; }");
  g_assert_cmpstr (dark_lines[PORTOLAN_STATE_OPEN], ==, "portolanresults.dark label.state-open { color: #33b2c9; }");
  g_assert_cmpstr (light_lines[PORTOLAN_STATE_CLOSED], ==,
                   "portolanresults label.state-closed { color: #c01c28; font-weight: bold; }");
  g_assert_cmpstr (light_lines[PORTOLAN_STATE_SKIPPED], ==,
                   "portolanresults label.state-skipped { color: alpha(currentColor, 0.55); }");
  g_assert_cmpstr (light_lines[PORTOLAN_STATE_PENDING], ==,
                   "portolanresults label.state-pending { color: inherit; }");

  /* Light and dark differ for every coloured word, not for the faded ones */
  for (PortolanState s = PORTOLAN_STATE_VERIFIED; s <= PORTOLAN_STATE_UNVERIFIED; s++)
    g_assert_cmpstr (strchr (light_lines[s], '{'), !=, strchr (dark_lines[s], '{'));
  g_assert_cmpstr (strchr (light_lines[PORTOLAN_STATE_CANCELLED], '{'), ==,
                   strchr (dark_lines[PORTOLAN_STATE_CANCELLED], '{'));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/palette/light/every-state", GINT_TO_POINTER (FALSE), test_every_state);
  g_test_add_data_func ("/palette/dark/every-state", GINT_TO_POINTER (TRUE), test_every_state);
  g_test_add_data_func ("/palette/light/text-contrast", GINT_TO_POINTER (FALSE), test_text_contrast);
  g_test_add_data_func ("/palette/dark/text-contrast", GINT_TO_POINTER (TRUE), test_text_contrast);
  g_test_add_data_func ("/palette/light/borders", GINT_TO_POINTER (FALSE), test_borders);
  g_test_add_data_func ("/palette/dark/borders", GINT_TO_POINTER (TRUE), test_borders);
  g_test_add_func ("/palette/light-and-dark", test_light_and_dark);
  g_test_add_func ("/palette/css/color", test_css_color);
  g_test_add_func ("/palette/css/states", test_css);

  return g_test_run ();
}
