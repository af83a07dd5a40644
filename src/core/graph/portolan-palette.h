/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-palette.h: every colour Portolan draws or writes */
#pragma once

#include <glib.h>

#include "portolan-state.h"

G_BEGIN_DECLS

typedef struct
{
  double red;
  double green;
  double blue;
  double alpha;
} PortolanColor;

/* The colours of the graph, and of the list's state words */
typedef struct
{
  PortolanColor background;
  PortolanColor zone;
  PortolanColor zone_text;
  PortolanColor card;
  PortolanColor card_border;
  PortolanColor shadow;
  PortolanColor text;
  PortolanColor text_dim;
  PortolanColor accent;
  PortolanColor accent_text;
  PortolanColor line;
  PortolanColor chip;
  PortolanColor chip_border;
  PortolanColor chip_text;
  PortolanColor state_fill[PORTOLAN_N_STATES];  /* a chip */
  PortolanColor state_text[PORTOLAN_N_STATES];  /* the symbol and text on that chip */
  PortolanColor state_line[PORTOLAN_N_STATES];  /* on the background: arrows, the list's words */
} PortolanPalette;

/* The printed page of a report, PNG, PDF and HTML alike, as 0xRRGGBB:
 * always light, as paper is */
#define PORTOLAN_PAGE_PAPER      0xffffff
#define PORTOLAN_PAGE_INK        0x1f1f24
#define PORTOLAN_PAGE_DIM        0x5e5c64
#define PORTOLAN_PAGE_RULE       0xd6d5d2
#define PORTOLAN_PAGE_ZEBRA      0xf5f5f3
#define PORTOLAN_PAGE_FRAME      0xc9c8c4
#define PORTOLAN_PAGE_ACCENT     0x1c71d8
#define PORTOLAN_PAGE_BAD        0xc01c28
#define PORTOLAN_PAGE_UNFINISHED 0x9c6e03
#define PORTOLAN_PAGE_GOOD       0x1b8553
/* Only the web page's table has these two lighter lines and stripes */
#define PORTOLAN_PAGE_CELL_RULE  0xe6e5e2
#define PORTOLAN_PAGE_STRIPE     0xf9f9f8

const PortolanPalette *portolan_palette_get              (gboolean             dark);
gboolean               portolan_palette_state_has_border (PortolanState        state);
char                  *portolan_palette_to_css           (gboolean             dark,
                                                          const char          *scope);
void                   portolan_palette_append_css_color (GString             *css,
                                                          const PortolanColor *color);

G_END_DECLS
