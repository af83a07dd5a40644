/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-palette.c
 *
 * One home for the colours: the graph in the window and in every
 * report, the HTML report's chips, and the style sheet of the results
 * list, which the window makes from here at start, in light and dark.
 */
#include "config.h"

#include <math.h>

#include "portolan-palette.h"

#define RGB(hex)         { ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, ((hex) & 0xff) / 255.0, 1 }
#define RGBA(hex, alpha) { ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, ((hex) & 0xff) / 255.0, alpha }

/* Adwaita's palette. The state colours differ in lightness as well as
 * hue, and every state has its symbol too. */
static const PortolanPalette light_palette = {
  .background = RGB (0xfafafb),
  .zone = RGBA (0x000006, 0.045),
  .zone_text = RGBA (0x000006, 0.55),
  .card = RGB (0xffffff),
  .card_border = RGBA (0x000006, 0.14),
  .shadow = RGBA (0x000006, 0.07),
  .text = RGBA (0x000006, 0.82),
  .text_dim = RGBA (0x000006, 0.55),
  .accent = RGB (0x3584e4),
  .accent_text = RGB (0xffffff),
  .line = RGBA (0x000006, 0.38),
  .chip = RGB (0xffffff),
  .chip_border = RGBA (0x000006, 0.28),
  .chip_text = RGBA (0x000006, 0.8),
  .state_fill = {
    [PORTOLAN_STATE_PENDING] = RGB (0xdeddda),
    [PORTOLAN_STATE_VERIFIED] = RGB (0x26a269),
    [PORTOLAN_STATE_OPEN] = RGB (0x1f7f95),
    [PORTOLAN_STATE_WARNING] = RGB (0xe5a50a),
    [PORTOLAN_STATE_CLOSED] = RGB (0xc01c28),
    [PORTOLAN_STATE_FILTERED] = RGB (0x9141ac),
    [PORTOLAN_STATE_UNREACHABLE] = RGB (0x63452c),
    [PORTOLAN_STATE_UNVERIFIED] = RGB (0x6f8396),
    [PORTOLAN_STATE_SKIPPED] = RGB (0xf0efed),
    [PORTOLAN_STATE_CANCELLED] = RGB (0x77767b),
  },
  .state_text = {
    [PORTOLAN_STATE_PENDING] = RGB (0x3d3846),
    [PORTOLAN_STATE_VERIFIED] = RGB (0xffffff),
    [PORTOLAN_STATE_OPEN] = RGB (0xffffff),
    [PORTOLAN_STATE_WARNING] = RGB (0x241f31),
    [PORTOLAN_STATE_CLOSED] = RGB (0xffffff),
    [PORTOLAN_STATE_FILTERED] = RGB (0xffffff),
    [PORTOLAN_STATE_UNREACHABLE] = RGB (0xffffff),
    [PORTOLAN_STATE_UNVERIFIED] = RGB (0xffffff),
    [PORTOLAN_STATE_SKIPPED] = RGB (0x77767b),
    [PORTOLAN_STATE_CANCELLED] = RGB (0xffffff),
  },
  .state_line = {
    [PORTOLAN_STATE_PENDING] = RGB (0x9a9996),
    [PORTOLAN_STATE_VERIFIED] = RGB (0x26a269),
    [PORTOLAN_STATE_OPEN] = RGB (0x1f7f95),
    [PORTOLAN_STATE_WARNING] = RGB (0xc88800),
    [PORTOLAN_STATE_CLOSED] = RGB (0xc01c28),
    [PORTOLAN_STATE_FILTERED] = RGB (0x9141ac),
    [PORTOLAN_STATE_UNREACHABLE] = RGB (0x63452c),
    [PORTOLAN_STATE_UNVERIFIED] = RGB (0x6f8396),
    [PORTOLAN_STATE_SKIPPED] = RGB (0xc0bfbc),
    [PORTOLAN_STATE_CANCELLED] = RGB (0x77767b),
  },
};

static const PortolanPalette dark_palette = {
  .background = RGB (0x222226),
  .zone = RGBA (0xffffff, 0.05),
  .zone_text = RGBA (0xffffff, 0.55),
  .card = RGB (0x36363a),
  .card_border = RGBA (0xffffff, 0.1),
  .shadow = RGBA (0x000000, 0.3),
  .text = RGB (0xffffff),
  .text_dim = RGBA (0xffffff, 0.6),
  .accent = RGB (0x78aeed),
  .accent_text = RGB (0x1c1c20),
  .line = RGBA (0xffffff, 0.4),
  .chip = RGB (0x2e2e32),
  .chip_border = RGBA (0xffffff, 0.3),
  .chip_text = RGB (0xffffff),
  .state_fill = {
    [PORTOLAN_STATE_PENDING] = RGB (0x4a4a50),
    [PORTOLAN_STATE_VERIFIED] = RGB (0x26a269),
    [PORTOLAN_STATE_OPEN] = RGB (0x1f7f95),
    [PORTOLAN_STATE_WARNING] = RGB (0xf5c211),
    [PORTOLAN_STATE_CLOSED] = RGB (0xe01b24),
    [PORTOLAN_STATE_FILTERED] = RGB (0x9141ac),
    [PORTOLAN_STATE_UNREACHABLE] = RGB (0x865e3c),
    [PORTOLAN_STATE_UNVERIFIED] = RGB (0x5f7387),
    [PORTOLAN_STATE_SKIPPED] = RGB (0x303034),
    [PORTOLAN_STATE_CANCELLED] = RGB (0x5e5c64),
  },
  .state_text = {
    [PORTOLAN_STATE_PENDING] = RGB (0xffffff),
    [PORTOLAN_STATE_VERIFIED] = RGB (0xffffff),
    [PORTOLAN_STATE_OPEN] = RGB (0xffffff),
    [PORTOLAN_STATE_WARNING] = RGB (0x241f31),
    [PORTOLAN_STATE_CLOSED] = RGB (0xffffff),
    [PORTOLAN_STATE_FILTERED] = RGB (0xffffff),
    [PORTOLAN_STATE_UNREACHABLE] = RGB (0xffffff),
    [PORTOLAN_STATE_UNVERIFIED] = RGB (0xffffff),
    [PORTOLAN_STATE_SKIPPED] = RGB (0x9a9996),
    [PORTOLAN_STATE_CANCELLED] = RGB (0xffffff),
  },
  .state_line = {
    [PORTOLAN_STATE_PENDING] = RGB (0x9a9996),
    [PORTOLAN_STATE_VERIFIED] = RGB (0x2ec27e),
    [PORTOLAN_STATE_OPEN] = RGB (0x33b2c9),
    [PORTOLAN_STATE_WARNING] = RGB (0xf5c211),
    [PORTOLAN_STATE_CLOSED] = RGB (0xff6262),
    [PORTOLAN_STATE_FILTERED] = RGB (0xc061cb),
    [PORTOLAN_STATE_UNREACHABLE] = RGB (0xb5835a),
    [PORTOLAN_STATE_UNVERIFIED] = RGB (0x99a9b8),
    [PORTOLAN_STATE_SKIPPED] = RGB (0x5e5c64),
    [PORTOLAN_STATE_CANCELLED] = RGB (0x77767b),
  },
};

/* How the results list writes a state's word. The failures that block a
 * link are bold; the checks that did not run are faded, in the text's own
 * colour; a pending check keeps the text colour, as nothing is known yet. */
typedef enum
{
  LIST_PLAIN,
  LIST_COLOURED,
  LIST_BOLD,
  LIST_FADED,
} ListStyle;

static const ListStyle list_styles[PORTOLAN_N_STATES] = {
  [PORTOLAN_STATE_PENDING] = LIST_PLAIN,
  [PORTOLAN_STATE_VERIFIED] = LIST_COLOURED,
  [PORTOLAN_STATE_OPEN] = LIST_COLOURED,
  [PORTOLAN_STATE_WARNING] = LIST_COLOURED,
  [PORTOLAN_STATE_CLOSED] = LIST_BOLD,
  [PORTOLAN_STATE_FILTERED] = LIST_BOLD,
  [PORTOLAN_STATE_UNREACHABLE] = LIST_BOLD,
  [PORTOLAN_STATE_UNVERIFIED] = LIST_COLOURED,
  [PORTOLAN_STATE_SKIPPED] = LIST_FADED,
  [PORTOLAN_STATE_CANCELLED] = LIST_FADED,
};

/**
 * portolan_palette_get:
 *
 * Returns: (transfer none): the light or the dark palette
 */
const PortolanPalette *
portolan_palette_get (gboolean dark)
{
  return dark ? &dark_palette : &light_palette;
}

/**
 * portolan_palette_state_has_border:
 *
 * Whether a state's chip needs a border: pending and skipped are filled
 * with a colour close to the background's, and would not stand out.
 */
gboolean
portolan_palette_state_has_border (PortolanState state)
{
  return state == PORTOLAN_STATE_PENDING || state == PORTOLAN_STATE_SKIPPED;
}

/**
 * portolan_palette_append_css_color:
 *
 * A colour as CSS writes it: "#26a269", or "rgba(0, 0, 6, 0.28)" when
 * it lets the background through.
 */
void
portolan_palette_append_css_color (GString             *css,
                                   const PortolanColor *color)
{
  guint r, g, b;

  g_return_if_fail (css != NULL);
  g_return_if_fail (color != NULL);

  r = (guint) round (color->red * 255);
  g = (guint) round (color->green * 255);
  b = (guint) round (color->blue * 255);

  if (color->alpha >= 1)
    g_string_append_printf (css, "#%02x%02x%02x", r, g, b);
  else
    {
      char alpha[G_ASCII_DTOSTR_BUF_SIZE];

      /* Not printf's %g: a German locale would write "0,28" */
      g_ascii_formatd (alpha, sizeof alpha, "%.3g", color->alpha);
      g_string_append_printf (css, "rgba(%u, %u, %u, %s)", r, g, b, alpha);
    }
}

/**
 * portolan_palette_to_css:
 * @scope: the selector of the list, "portolanresults"
 *
 * The style sheet that colours the state's word in each row of the list,
 * for labels of the state's CSS name (portolan_state_get_css_name())
 * inside @scope.
 *
 * Returns: (transfer full): CSS text
 */
char *
portolan_palette_to_css (gboolean    dark,
                         const char *scope)
{
  const PortolanPalette *palette = portolan_palette_get (dark);
  GString *css = g_string_new (NULL);

  g_return_val_if_fail (scope != NULL, NULL);

  for (PortolanState s = 0; s < PORTOLAN_N_STATES; s++)
    {
      g_string_append_printf (css, "%s label.%s { color: ", scope, portolan_state_get_css_name (s));
      if (list_styles[s] == LIST_PLAIN)
        g_string_append (css, "inherit");
      else if (list_styles[s] == LIST_FADED)
        g_string_append (css, "alpha(currentColor, 0.55)");
      else
        portolan_palette_append_css_color (css, &palette->state_line[s]);
      g_string_append (css, list_styles[s] == LIST_BOLD ? "; font-weight: bold; }\n" : "; }\n");
    }

  return g_string_free (css, FALSE);
}
