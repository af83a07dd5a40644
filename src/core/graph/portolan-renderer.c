/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-renderer.c
 *
 * The topology graph: zones, role cards, arrows bundled per pair of
 * roles with a chip for each port, coloured by the checks of a plan.
 * Everything is drawn into a cairo_t, so the window (from snapshot), the
 * PNG, PDF and SVG reports share one drawing and need no display.
 *
 * The model (cards, arrows, chips, which check feeds which chip) follows
 * the catalogue, profile and plan; the layout follows the size, and is
 * kept until either changes; the states are read from the checks at every
 * draw. The layout tries the largest text first and shrinks it until
 * every card and chip has its own place.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "portolan-graph-layout-private.h"
#include "portolan-palette.h"
#include "portolan-renderer.h"

#define FONT_FAMILY   "Cantarell, Sans"
#define MIN_FONT_SIZE 8.5
#define MAX_FONT_SIZE 14.0
#define DYNAMIC_PORT  65536

/* The colours are the palette's, which the list and the reports share */
typedef PortolanColor   Rgba;
typedef PortolanPalette Palette;

typedef struct
{
  PortolanRole *role;
  guint         zone;
  guint         index;
  char         *hosts;      /* "10.1.2.0/24 +3", or NULL for none */
  const char   *tag;        /* "This computer", "Target" */
  gboolean      highlight;
  gboolean      in_use;     /* its feature is on */
  PangoLayout  *name;
  PangoLayout  *detail;
  PangoLayout  *tag_text;
  double        name_height;
} Card;

typedef struct _Arrow Arrow;

typedef struct
{
  Arrow                     *arrow;
  guint                      index;     /* its label in the layout */
  guint                      port;      /* to sort by */
  char                      *text;      /* "8443/tcp" */
  GPtrArray                 *links;     /* PortolanLink, from the catalogue */
  gboolean                   in_plan;
  gboolean                   other_side;
  PangoLayout               *layout;

  /* At every draw */
  PortolanRendererChipStyle  style;
  PortolanState              state;
} Chip;

struct _Arrow
{
  guint      from;    /* cards */
  guint      to;
  guint      index;   /* its edge in the layout */
  GPtrArray *chips;   /* Chip */
};

typedef enum
{
  FONT_NAME,
  FONT_DETAIL,
  FONT_DETAIL_DIM,
  FONT_CHIP,
  FONT_ZONE,
  FONT_TAG,
  FONT_LEGEND,
  FONT_LEGEND_TITLE,
  N_FONTS
} Font;

struct _PortolanRenderer
{
  GObject               parent_instance;

  /* Owned references */
  PortolanCatalogue    *catalogue;
  PortolanProfile      *profile;
  PortolanPlan         *plan;
  PortolanRendererHit  *selection;
  gboolean              dark;
  gulong                profile_changed_id;

  /* The model */
  gboolean              model_valid;
  GArray               *cards;        /* Card */
  GPtrArray            *arrows;       /* Arrow */
  GPtrArray            *chips;        /* Chip, in label order */
  GPtrArray            *check_chips;  /* for each check of the plan, its Chip or NULL */
  GHashTable           *card_index;   /* role id → index + 1 */
  GHashTable           *arrow_index;  /* cards from, to → Arrow */
  GPtrArray            *zone_names;   /* PangoLayout per zone */

  /* The layout, for one size */
  gboolean              layout_valid;
  double                width;
  double                height;
  double                font_size;
  PortolanGraphLayout  *layout;
  PangoContext         *context;
  PangoFontDescription *fonts[N_FONTS];
  PangoLayout          *legend_title;
  GPtrArray            *legend_labels;  /* PangoLayout */
  double                symbol_width;
  double                chip_height;
};

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (PortolanRenderer, portolan_renderer, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (PortolanRendererHit, portolan_renderer_hit,
                     portolan_renderer_hit_copy, portolan_renderer_hit_free)

/* The order the legend lists the states in */
static const PortolanState legend_states[] = {
  PORTOLAN_STATE_VERIFIED,
  PORTOLAN_STATE_OPEN,
  PORTOLAN_STATE_UNVERIFIED,
  PORTOLAN_STATE_WARNING,
  PORTOLAN_STATE_CLOSED,
  PORTOLAN_STATE_FILTERED,
  PORTOLAN_STATE_UNREACHABLE,
  PORTOLAN_STATE_PENDING,
  PORTOLAN_STATE_SKIPPED,
  PORTOLAN_STATE_CANCELLED,
};

#define N_LEGEND_EXTRAS 2  /* "test from the other side", "not in this check" */

/* Hits */

PortolanRendererHit *
portolan_renderer_hit_copy (const PortolanRendererHit *hit)
{
  PortolanRendererHit *copy;

  g_return_val_if_fail (hit != NULL, NULL);

  copy = g_new0 (PortolanRendererHit, 1);
  *copy = *hit;
  copy->role_id = g_strdup (hit->role_id);
  copy->from = g_strdup (hit->from);
  copy->to = g_strdup (hit->to);
  copy->link_ids = g_strdupv (hit->link_ids);
  copy->label = g_strdup (hit->label);

  return copy;
}

void
portolan_renderer_hit_clear (PortolanRendererHit *hit)
{
  g_return_if_fail (hit != NULL);

  g_clear_pointer (&hit->role_id, g_free);
  g_clear_pointer (&hit->from, g_free);
  g_clear_pointer (&hit->to, g_free);
  g_clear_pointer (&hit->link_ids, g_strfreev);
  g_clear_pointer (&hit->label, g_free);
  memset (hit, 0, sizeof *hit);
}

void
portolan_renderer_hit_free (PortolanRendererHit *hit)
{
  if (hit == NULL)
    return;

  portolan_renderer_hit_clear (hit);
  g_free (hit);
}

/**
 * portolan_renderer_hit_equal:
 *
 * Whether two hits stand for the same thing, wherever it was drawn.
 */
gboolean
portolan_renderer_hit_equal (const PortolanRendererHit *a,
                             const PortolanRendererHit *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return a->kind == b->kind &&
         g_strcmp0 (a->role_id, b->role_id) == 0 &&
         g_strcmp0 (a->from, b->from) == 0 &&
         g_strcmp0 (a->to, b->to) == 0 &&
         g_strcmp0 (a->label, b->label) == 0;
}

/* States */

static const Palette *
palette (PortolanRenderer *self)
{
  return portolan_palette_get (self->dark);
}

static inline void
set_color (cairo_t    *cr,
           const Rgba *color)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha);
}

static inline void
set_color_alpha (cairo_t    *cr,
                 const Rgba *color,
                 double      alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

/* The model */

static void
card_clear (Card *card)
{
  g_clear_pointer (&card->hosts, g_free);
  g_clear_object (&card->name);
  g_clear_object (&card->detail);
  g_clear_object (&card->tag_text);
}

static void
chip_free (Chip *chip)
{
  g_free (chip->text);
  g_ptr_array_unref (chip->links);
  g_clear_object (&chip->layout);
  g_free (chip);
}

static void
arrow_free (Arrow *arrow)
{
  g_ptr_array_unref (arrow->chips);
  g_free (arrow);
}

static PortolanProfile *
effective_profile (PortolanRenderer *self)
{
  if (self->profile != NULL)
    return self->profile;
  if (self->plan != NULL)
    return portolan_plan_get_profile (self->plan);
  return NULL;
}

static void
invalidate_model (PortolanRenderer *self)
{
  self->model_valid = FALSE;
  self->layout_valid = FALSE;
}

static void
emit_changed (PortolanRenderer *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static char *
format_hosts (PortolanRenderer *self,
              PortolanRole     *role)
{
  PortolanProfile *profile = effective_profile (self);
  const char * const *hosts = NULL;
  guint n;

  if (profile != NULL)
    hosts = portolan_profile_get_hosts (profile, portolan_role_get_id (role));
  if (hosts == NULL)
    hosts = portolan_role_get_default_hosts (role);

  n = hosts != NULL ? g_strv_length ((char **) hosts) : 0;
  if (n == 0)
    return NULL;
  if (n == 1)
    return g_strdup (hosts[0]);

  /* Translators: the first host of a role and how many more there are, "10.1.2.0/24 +3" */
  return g_strdup_printf (_("%s +%u"), hosts[0], n - 1);
}

static const char *
kind_label (PortolanRoleKind kind)
{
  switch (kind)
    {
    case PORTOLAN_ROLE_KIND_SERVER: return _("Server");
    case PORTOLAN_ROLE_KIND_CLIENT: return _("Client");
    case PORTOLAN_ROLE_KIND_DEVICE: return _("Device");
    case PORTOLAN_ROLE_KIND_DATABASE: return _("Database");
    case PORTOLAN_ROLE_KIND_DIRECTORY: return _("Directory");
    case PORTOLAN_ROLE_KIND_CLOUD: return _("Cloud service");
    case PORTOLAN_ROLE_KIND_GATEWAY: return _("Gateway");
    default: return "";
    }
}

/* The port as the chip shows it, with the profile's override */
static char *
format_port (PortolanProfile *profile,
             PortolanLink    *link,
             guint           *sort_key)
{
  PortolanProtocol protocols = portolan_link_get_protocols (link);
  guint port;

  if (portolan_link_is_dynamic (link))
    {
      *sort_key = DYNAMIC_PORT + protocols;
      return portolan_link_format_port (link);
    }

  port = profile != NULL ? portolan_profile_get_port (profile, link) : portolan_link_get_port (link);
  *sort_key = port * 4 + protocols;

  return g_strdup_printf ("%u/%s%s%s", port,
                          protocols & PORTOLAN_PROTOCOL_TCP ? "tcp" : "",
                          (protocols & PORTOLAN_PROTOCOL_TCP) && (protocols & PORTOLAN_PROTOCOL_UDP) ? "+" : "",
                          protocols & PORTOLAN_PROTOCOL_UDP ? "udp" : "");
}

static int
card_index (PortolanRenderer *self,
            const char       *role_id)
{
  gpointer value = role_id != NULL ? g_hash_table_lookup (self->card_index, role_id) : NULL;

  return value != NULL ? GPOINTER_TO_INT (value) - 1 : -1;
}

static inline gpointer
arrow_key (int from,
           int to)
{
  return GUINT_TO_POINTER (((guint) from << 16 | (guint) to) + 1);
}

static Arrow *
find_arrow (PortolanRenderer *self,
            int               from,
            int               to)
{
  if (from < 0 || to < 0)
    return NULL;

  return g_hash_table_lookup (self->arrow_index, arrow_key (from, to));
}

static Chip *
find_chip (Arrow        *arrow,
           PortolanLink *link)
{
  if (arrow == NULL)
    return NULL;

  for (guint c = 0; c < arrow->chips->len; c++)
    {
      Chip *chip = g_ptr_array_index (arrow->chips, c);

      if (g_ptr_array_find (chip->links, link, NULL))
        return chip;
    }

  return NULL;
}

static int
compare_chips (gconstpointer a,
               gconstpointer b)
{
  const Chip *ca = *(const Chip * const *) a;
  const Chip *cb = *(const Chip * const *) b;

  return ca->port < cb->port ? -1 : ca->port > cb->port;
}

static void
add_link (PortolanRenderer *self,
          PortolanProfile  *profile,
          PortolanLink     *link,
          int               from,
          int               to)
{
  Arrow *arrow = find_arrow (self, from, to);
  g_autofree char *text = NULL;
  guint sort_key;
  Chip *chip = NULL;

  if (arrow == NULL)
    {
      arrow = g_new0 (Arrow, 1);
      arrow->from = from;
      arrow->to = to;
      arrow->chips = g_ptr_array_new ();
      g_ptr_array_add (self->arrows, arrow);
      g_hash_table_insert (self->arrow_index, arrow_key (from, to), arrow);
    }

  text = format_port (profile, link, &sort_key);
  for (guint c = 0; c < arrow->chips->len && chip == NULL; c++)
    if (g_str_equal (((Chip *) g_ptr_array_index (arrow->chips, c))->text, text))
      chip = g_ptr_array_index (arrow->chips, c);

  if (chip == NULL)
    {
      chip = g_new0 (Chip, 1);
      chip->arrow = arrow;
      chip->port = sort_key;
      chip->text = g_steal_pointer (&text);
      chip->links = g_ptr_array_new ();
      g_ptr_array_add (arrow->chips, chip);
    }

  if (!g_ptr_array_find (chip->links, link, NULL))
    g_ptr_array_add (chip->links, link);
}

static gboolean
plan_targets (PortolanPlan *plan,
              const char   *role_id)
{
  const char *target = portolan_plan_get_target (plan);

  return g_str_equal (target, PORTOLAN_TARGET_ALL) || g_str_equal (target, role_id);
}

static void
apply_plan (PortolanRenderer *self)
{
  GPtrArray *checks = portolan_plan_get_checks (self->plan);
  GPtrArray *other_side = portolan_plan_get_other_side (self->plan);
  const char *source = portolan_plan_get_source (self->plan);
  const char *target = portolan_plan_get_target (self->plan);
  int source_card = card_index (self, source);
  gboolean all = g_str_equal (target, PORTOLAN_TARGET_ALL);

  for (guint i = 0; i < checks->len; i++)
    {
      PortolanCheck *check = g_ptr_array_index (checks, i);
      int from = card_index (self, portolan_check_get_from (check));
      int to = card_index (self, portolan_check_get_to (check));
      Chip *chip = find_chip (find_arrow (self, from, to), portolan_check_get_link (check));

      g_ptr_array_add (self->check_chips, chip);
      if (chip != NULL)
        chip->in_plan = TRUE;

      /* With every role as the target, the roles actually checked */
      if (all && to >= 0 && portolan_check_get_state (check) != PORTOLAN_STATE_SKIPPED)
        g_array_index (self->cards, Card, to).highlight = TRUE;
    }

  for (guint i = 0; i < other_side->len; i++)
    {
      PortolanLink *link = g_ptr_array_index (other_side, i);
      const char * const *initiators = portolan_link_get_initiators (link);

      for (guint n = 0; initiators[n] != NULL; n++)
        if (plan_targets (self->plan, initiators[n]) && !g_str_equal (initiators[n], source))
          {
            Chip *chip = find_chip (find_arrow (self, card_index (self, initiators[n]), source_card), link);

            if (chip != NULL)
              chip->other_side = TRUE;
          }
    }

  if (source_card >= 0)
    {
      Card *card = &g_array_index (self->cards, Card, source_card);

      card->highlight = TRUE;
      card->tag = _("This computer");
    }

  if (!all && card_index (self, target) >= 0 && card_index (self, target) != source_card)
    {
      Card *card = &g_array_index (self->cards, Card, card_index (self, target));

      card->highlight = TRUE;
      card->tag = _("Target");
    }
}

static void
ensure_model (PortolanRenderer *self)
{
  GPtrArray *roles = portolan_catalogue_get_roles (self->catalogue);
  GPtrArray *zones = portolan_catalogue_get_zones (self->catalogue);
  GPtrArray *links = portolan_catalogue_get_links (self->catalogue);
  PortolanProfile *profile = effective_profile (self);

  if (self->model_valid)
    return;

  g_array_set_size (self->cards, 0);
  g_ptr_array_set_size (self->chips, 0);
  g_ptr_array_set_size (self->arrows, 0);
  g_ptr_array_set_size (self->check_chips, 0);
  g_ptr_array_set_size (self->zone_names, 0);
  g_hash_table_remove_all (self->card_index);
  g_hash_table_remove_all (self->arrow_index);

  for (guint z = 0; z < zones->len; z++)
    {
      const PortolanZone *zone = g_ptr_array_index (zones, z);
      PangoLayout *name = pango_layout_new (self->context);
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_text_transform_new (PANGO_TEXT_TRANSFORM_UPPERCASE));
      pango_attr_list_insert (attrs, pango_attr_letter_spacing_new (PANGO_SCALE / 2));
      pango_layout_set_attributes (name, attrs);
      pango_attr_list_unref (attrs);
      pango_layout_set_text (name, zone->name, -1);
      g_ptr_array_add (self->zone_names, name);
    }

  for (guint r = 0; r < roles->len; r++)
    {
      PortolanRole *role = g_ptr_array_index (roles, r);
      const char *feature = portolan_role_get_feature (role);
      Card card = { 0 };
      guint zone;

      card.role = role;
      card.index = r;
      card.hosts = format_hosts (self, role);
      card.in_use = profile == NULL || feature == NULL || portolan_profile_has_feature (profile, feature);

      for (zone = 0; zone < zones->len; zone++)
        if (g_strcmp0 (((const PortolanZone *) g_ptr_array_index (zones, zone))->id,
                       portolan_role_get_zone (role)) == 0)
          break;
      card.zone = zone;

      card.name = pango_layout_new (self->context);
      pango_layout_set_text (card.name, portolan_role_get_name (role), -1);
      pango_layout_set_wrap (card.name, PANGO_WRAP_WORD);
      pango_layout_set_ellipsize (card.name, PANGO_ELLIPSIZE_END);
      pango_layout_set_height (card.name, -2);

      card.detail = pango_layout_new (self->context);
      pango_layout_set_text (card.detail, card.hosts != NULL ? card.hosts : _("no host"), -1);
      pango_layout_set_ellipsize (card.detail, PANGO_ELLIPSIZE_MIDDLE);

      g_array_append_val (self->cards, card);
      g_hash_table_insert (self->card_index, (gpointer) portolan_role_get_id (role), GINT_TO_POINTER (r + 1));
    }

  /* Zones the catalogue does not name go together, unnamed */
  for (guint c = 0; c < self->cards->len; c++)
    if (g_array_index (self->cards, Card, c).zone == zones->len && self->zone_names->len == zones->len)
      g_ptr_array_add (self->zone_names, pango_layout_new (self->context));

  for (guint l = 0; l < links->len; l++)
    {
      PortolanLink *link = g_ptr_array_index (links, l);
      const char * const *initiators = portolan_link_get_initiators (link);
      const char * const *listeners = portolan_link_get_listeners (link);

      for (guint i = 0; initiators[i] != NULL; i++)
        for (guint j = 0; listeners[j] != NULL; j++)
          {
            int from = card_index (self, initiators[i]);
            int to = card_index (self, listeners[j]);

            if (from >= 0 && to >= 0)
              add_link (self, profile, link, from, to);
          }
    }

  for (guint a = 0; a < self->arrows->len; a++)
    {
      Arrow *arrow = g_ptr_array_index (self->arrows, a);

      arrow->index = a;
      g_ptr_array_sort (arrow->chips, compare_chips);
      for (guint c = 0; c < arrow->chips->len; c++)
        {
          Chip *chip = g_ptr_array_index (arrow->chips, c);

          chip->index = self->chips->len;
          chip->layout = pango_layout_new (self->context);
          pango_layout_set_text (chip->layout, chip->text, -1);
          g_ptr_array_add (self->chips, chip);
        }
    }

  if (self->plan != NULL)
    apply_plan (self);

  self->model_valid = TRUE;
}

/* The state every chip shows, from the checks as they are now */
static void
update_states (PortolanRenderer *self)
{
  GPtrArray *checks;

  ensure_model (self);

  for (guint c = 0; c < self->chips->len; c++)
    {
      Chip *chip = g_ptr_array_index (self->chips, c);

      chip->state = PORTOLAN_STATE_SKIPPED;
      if (self->plan == NULL)
        chip->style = PORTOLAN_RENDERER_CHIP_NEUTRAL;
      else if (chip->in_plan)
        chip->style = PORTOLAN_RENDERER_CHIP_STATE;
      else if (chip->other_side)
        chip->style = PORTOLAN_RENDERER_CHIP_OTHER_SIDE;
      else
        chip->style = PORTOLAN_RENDERER_CHIP_OUTSIDE;
    }

  if (self->plan == NULL)
    return;

  checks = portolan_plan_get_checks (self->plan);
  for (guint i = 0; i < checks->len && i < self->check_chips->len; i++)
    {
      Chip *chip = g_ptr_array_index (self->check_chips, i);
      PortolanState state = portolan_check_get_state (g_ptr_array_index (checks, i));

      if (chip != NULL && portolan_state_compare_severity (state, chip->state) > 0)
        chip->state = state;
    }
}

/* The state an arrow shows: the worst of its chips */
static void
arrow_style (Arrow                     *arrow,
             PortolanRendererChipStyle *style,
             PortolanState             *state)
{
  *style = PORTOLAN_RENDERER_CHIP_NEUTRAL;
  *state = PORTOLAN_STATE_SKIPPED;

  for (guint c = 0; c < arrow->chips->len; c++)
    {
      Chip *chip = g_ptr_array_index (arrow->chips, c);

      if (chip->style == PORTOLAN_RENDERER_CHIP_STATE)
        {
          if (*style != PORTOLAN_RENDERER_CHIP_STATE || portolan_state_compare_severity (chip->state, *state) > 0)
            *state = chip->state;
          *style = PORTOLAN_RENDERER_CHIP_STATE;
        }
      else if (*style != PORTOLAN_RENDERER_CHIP_STATE && chip->style > *style)
        *style = chip->style;
    }
}

/* Text */

static void
set_fonts (PortolanRenderer *self,
           double            size)
{
  static const struct {
    double      scale;
    PangoWeight weight;
    PangoStyle  style;
  } fonts[N_FONTS] = {
    [FONT_NAME] = { 1.0, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL },
    [FONT_DETAIL] = { 0.86, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL },
    [FONT_DETAIL_DIM] = { 0.86, PANGO_WEIGHT_NORMAL, PANGO_STYLE_ITALIC },
    [FONT_CHIP] = { 0.84, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL },
    [FONT_ZONE] = { 0.72, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL },
    [FONT_TAG] = { 0.7, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL },
    [FONT_LEGEND] = { 0.8, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL },
    [FONT_LEGEND_TITLE] = { 0.8, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL },
  };

  for (guint f = 0; f < N_FONTS; f++)
    {
      g_clear_pointer (&self->fonts[f], pango_font_description_free);
      self->fonts[f] = pango_font_description_from_string (FONT_FAMILY);
      pango_font_description_set_absolute_size (self->fonts[f], size * fonts[f].scale * PANGO_SCALE);
      pango_font_description_set_weight (self->fonts[f], fonts[f].weight);
      pango_font_description_set_style (self->fonts[f], fonts[f].style);
    }
}

static void
text_size (PangoLayout *layout,
           double      *width,
           double      *height)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  if (width != NULL)
    *width = (double) logical.width / PANGO_SCALE;
  if (height != NULL)
    *height = (double) logical.height / PANGO_SCALE;
}

static void
show_text (cairo_t     *cr,
           PangoLayout *layout,
           double       x,
           double       y)
{
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

/* Card geometry, in units of the text size */
#define CARD_PAD_X     0.7
#define CARD_PAD_Y     0.45
#define CARD_ICON      1.1
#define CARD_ICON_GAP  0.4
#define CARD_MAX_TEXT  10.0
#define CARD_MIN_WIDTH 6.5
#define CHIP_PAD_Y     0.16
#define TAG_PAD_X      0.4
#define TAG_PAD_Y      0.08

static void
measure_card (PortolanRenderer *self,
              Card             *card,
              double            size,
              double           *width,
              double           *height)
{
  double max_text = CARD_MAX_TEXT * size;
  double name_width, name_height, detail_width, detail_height, text_width;

  pango_layout_set_font_description (card->name, self->fonts[FONT_NAME]);
  pango_layout_set_width (card->name, -1);
  text_size (card->name, &name_width, &name_height);
  if (name_width > max_text)
    {
      pango_layout_set_width (card->name, (int) (max_text * PANGO_SCALE));
      text_size (card->name, &name_width, &name_height);
    }

  pango_layout_set_font_description (card->detail, self->fonts[card->hosts != NULL ? FONT_DETAIL : FONT_DETAIL_DIM]);
  pango_layout_set_width (card->detail, -1);
  text_size (card->detail, &detail_width, &detail_height);

  text_width = MIN (MAX (name_width, detail_width), max_text);
  pango_layout_set_width (card->detail, (int) (text_width * PANGO_SCALE) + 1);
  card->name_height = name_height;

  *width = MAX (CARD_MIN_WIDTH * size, 2 * CARD_PAD_X * size + (CARD_ICON + CARD_ICON_GAP) * size + text_width);
  *height = 2 * CARD_PAD_Y * size + name_height + detail_height;

  if (card->tag != NULL)
    {
      if (card->tag_text == NULL)
        {
          card->tag_text = pango_layout_new (self->context);
          pango_layout_set_text (card->tag_text, card->tag, -1);
        }
      pango_layout_set_font_description (card->tag_text, self->fonts[FONT_TAG]);
    }
}

static void
measure_legend (PortolanRenderer *self,
                double            size,
                double           *width,
                double           *height)
{
  guint n = G_N_ELEMENTS (legend_states) + N_LEGEND_EXTRAS;
  guint rows = (n + 1) / 2;
  double swatch = self->symbol_width + 1.0 * size;
  double column = 0, row_height, title_height;

  if (self->legend_title == NULL)
    {
      self->legend_title = pango_layout_new (self->context);
      pango_layout_set_text (self->legend_title, _("Results"), -1);

      for (guint i = 0; i < n; i++)
        {
          PangoLayout *label = pango_layout_new (self->context);

          if (i < G_N_ELEMENTS (legend_states))
            pango_layout_set_text (label, portolan_state_get_label (legend_states[i]), -1);
          else if (i == G_N_ELEMENTS (legend_states))
            pango_layout_set_text (label, _("Test from the other side"), -1);
          else
            pango_layout_set_text (label, _("Not in this check"), -1);
          g_ptr_array_add (self->legend_labels, label);
        }
    }

  pango_layout_set_font_description (self->legend_title, self->fonts[FONT_LEGEND_TITLE]);
  text_size (self->legend_title, NULL, &title_height);

  for (guint i = 0; i < n; i++)
    {
      PangoLayout *label = g_ptr_array_index (self->legend_labels, i);
      double w;

      pango_layout_set_font_description (label, self->fonts[FONT_LEGEND]);
      text_size (label, &w, NULL);
      column = MAX (column, w);
    }

  row_height = self->chip_height * 0.9 + 0.3 * size;
  *width = 2 * (swatch + 0.45 * size + column) + 1.2 * size + 2 * 0.8 * size;
  *height = 0.6 * size + title_height + 0.3 * size + rows * row_height + 0.5 * size;
}

static void
measure_chips (PortolanRenderer *self,
               double            size)
{
  double text_height = 0.9 * size;

  for (guint c = 0; c < self->chips->len; c++)
    pango_layout_set_font_description (((Chip *) g_ptr_array_index (self->chips, c))->layout, self->fonts[FONT_CHIP]);

  if (self->chips->len > 0)
    text_size (((Chip *) g_ptr_array_index (self->chips, 0))->layout, NULL, &text_height);

  self->symbol_width = ceil (0.8 * size);
  self->chip_height = ceil (MAX (text_height, 0.9 * size) + 2 * CHIP_PAD_Y * size);
}

static double
chip_width (PortolanRenderer *self,
            Chip             *chip)
{
  gboolean has_symbol = self->plan != NULL && (chip->in_plan || chip->other_side);
  double text_width;

  text_size (chip->layout, &text_width, NULL);

  return ceil (self->chip_height * 0.9 + text_width +
               (has_symbol ? self->symbol_width + 0.3 * self->font_size : 0));
}

static double
tag_height (PortolanRenderer *self,
            Card             *card)
{
  double h;

  if (card->tag_text == NULL)
    return 0;

  text_size (card->tag_text, NULL, &h);

  return h + 2 * TAG_PAD_Y * self->font_size;
}

static gboolean
try_layout (PortolanRenderer *self,
            double            width,
            double            height,
            double            size,
            gboolean          last)
{
  PortolanGraphLayout *layout = self->layout;

  self->font_size = size;
  set_fonts (self, size);
  measure_chips (self, size);

  portolan_graph_layout_reset (layout);
  layout->width = width;
  layout->height = height;
  layout->margin = MAX (4, 0.7 * size);
  layout->gap = 0.6 * size;
  layout->zone_padding = 0.6 * size;
  layout->label_gap = MAX (1.5, 0.18 * size);
  layout->bend = 0.7 * self->chip_height;
  layout->max_misplaced = last ? G_MAXUINT : 0;

  layout->zone_title = 0;
  layout->n_zones = self->zone_names->len;
  layout->zone_title_widths = g_new0 (double, MAX (layout->n_zones, 1));
  for (guint z = 0; z < self->zone_names->len; z++)
    {
      PangoLayout *name = g_ptr_array_index (self->zone_names, z);
      double h = 0;

      pango_layout_set_font_description (name, self->fonts[FONT_ZONE]);
      pango_layout_set_width (name, -1);
      text_size (name, &layout->zone_title_widths[z], &h);
      layout->zone_title = MAX (layout->zone_title, h);
    }
  layout->zone_title += 0.25 * size;

  measure_legend (self, size, &layout->legend_width, &layout->legend_height);

  for (guint c = 0; c < self->cards->len; c++)
    {
      Card *card = &g_array_index (self->cards, Card, c);
      PortolanGraphNode node = { 0 };

      portolan_role_get_position (card->role, &node.hint_x, &node.hint_y);
      measure_card (self, card, size, &node.width, &node.height);
      node.top_extra = tag_height (self, card) / 2;
      node.zone = card->zone;
      g_array_append_val (layout->nodes, node);
    }

  if (!portolan_graph_layout_place_nodes (layout) && !last)
    return FALSE;

  for (guint a = 0; a < self->arrows->len; a++)
    {
      Arrow *arrow = g_ptr_array_index (self->arrows, a);
      PortolanGraphEdge edge = { 0 };

      edge.from = arrow->from;
      edge.to = arrow->to;
      if (arrow->from != arrow->to && find_arrow (self, arrow->to, arrow->from) != NULL)
        edge.side = arrow->from < arrow->to ? 1 : -1;
      g_array_append_val (layout->edges, edge);
    }

  for (guint c = 0; c < self->chips->len; c++)
    {
      Chip *chip = g_ptr_array_index (self->chips, c);
      PortolanGraphLabel label = { 0 };

      label.edge = chip->arrow->index;
      label.width = chip_width (self, chip);
      label.height = self->chip_height;
      g_array_append_val (layout->labels, label);
    }

  portolan_graph_layout_route_edges (layout);

  if (!portolan_graph_layout_place_labels (layout))
    return last;

  /* Most chips on their own arrow and clear of the others */
  return last || (layout->n_beside <= MAX (1, layout->labels->len / 8) &&
                  layout->n_crossing <= MAX (1, layout->labels->len / 4));
}

static void
ensure_layout (PortolanRenderer *self,
               double            width,
               double            height)
{
  double size;

  ensure_model (self);

  if (self->layout_valid && self->width == width && self->height == height)
    return;

  /* The largest text at which everything has its place */
  size = floor (2 * CLAMP (MIN (width / 60, height / 36), MIN_FONT_SIZE, MAX_FONT_SIZE)) / 2;
  for (; size >= MIN_FONT_SIZE; size -= 0.5)
    if (try_layout (self, width, height, size, FALSE))
      break;

  if (size < MIN_FONT_SIZE)
    try_layout (self, width, height, MIN_FONT_SIZE, TRUE);

  g_debug ("Graph at %g×%g: text %.1f px, %u chips, %u beside their arrow, %u over another, "
           "%u away from it, %u overlapping",
           width, height, self->font_size, self->layout->labels->len, self->layout->n_beside,
           self->layout->n_crossing, self->layout->n_detached, self->layout->n_overlapping);

  self->width = width;
  self->height = height;
  self->layout_valid = TRUE;
}

/* Shapes */

static void
rounded_rect (cairo_t *cr,
              double   x,
              double   y,
              double   width,
              double   height,
              double   radius)
{
  radius = MIN (radius, MIN (width, height) / 2);

  cairo_new_sub_path (cr);
  cairo_arc (cr, x + width - radius, y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, x + width - radius, y + height - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, x + radius, y + height - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, x + radius, y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static void
rounded_graph_rect (cairo_t                 *cr,
                    const PortolanGraphRect *rect,
                    double                   radius)
{
  rounded_rect (cr, rect->x, rect->y, rect->width, rect->height, radius);
}

/* What stroking the outline of a rounded rectangle draws, as a fill:
 * the same pixels, in less time */
static void
fill_ring (cairo_t                 *cr,
           const PortolanGraphRect *rect,
           double                   radius,
           double                   width)
{
  double w = width / 2;

  cairo_save (cr);
  rounded_rect (cr, rect->x - w, rect->y - w, rect->width + width, rect->height + width, radius + w);
  rounded_rect (cr, rect->x + w, rect->y + w, rect->width - width, rect->height - width, MAX (radius - w, 0));
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  cairo_fill (cr);
  cairo_restore (cr);
}

/* A symbolic icon of the kind of role, in a size × size square */
static void
draw_kind_icon (cairo_t          *cr,
                PortolanRoleKind  kind,
                double            x,
                double            y,
                double            size)
{
  cairo_save (cr);
  cairo_translate (cr, x, y);
  cairo_scale (cr, size, size);
  cairo_set_line_width (cr, 0.1);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);

  switch (kind)
    {
    case PORTOLAN_ROLE_KIND_SERVER:
      rounded_rect (cr, 0.12, 0.1, 0.76, 0.34, 0.08);
      rounded_rect (cr, 0.12, 0.56, 0.76, 0.34, 0.08);
      cairo_stroke (cr);
      cairo_arc (cr, 0.7, 0.27, 0.06, 0, 2 * G_PI);
      cairo_new_sub_path (cr);
      cairo_arc (cr, 0.7, 0.73, 0.06, 0, 2 * G_PI);
      cairo_fill (cr);
      break;

    case PORTOLAN_ROLE_KIND_CLIENT:
      rounded_rect (cr, 0.06, 0.12, 0.88, 0.6, 0.08);
      cairo_move_to (cr, 0.5, 0.72);
      cairo_line_to (cr, 0.5, 0.88);
      cairo_move_to (cr, 0.28, 0.9);
      cairo_line_to (cr, 0.72, 0.9);
      cairo_stroke (cr);
      break;

    case PORTOLAN_ROLE_KIND_DEVICE:
      rounded_rect (cr, 0.16, 0.14, 0.68, 0.5, 0.06);
      cairo_stroke (cr);
      cairo_move_to (cr, 0.04, 0.86);
      cairo_line_to (cr, 0.96, 0.86);
      cairo_line_to (cr, 0.86, 0.72);
      cairo_line_to (cr, 0.14, 0.72);
      cairo_close_path (cr);
      cairo_fill (cr);
      break;

    case PORTOLAN_ROLE_KIND_DATABASE:
      cairo_save (cr);
      cairo_translate (cr, 0.5, 0.22);
      cairo_scale (cr, 0.36, 0.12);
      cairo_arc (cr, 0, 0, 1, 0, 2 * G_PI);
      cairo_restore (cr);
      cairo_move_to (cr, 0.14, 0.22);
      cairo_line_to (cr, 0.14, 0.78);
      cairo_move_to (cr, 0.86, 0.22);
      cairo_line_to (cr, 0.86, 0.78);
      cairo_save (cr);
      cairo_translate (cr, 0.5, 0.78);
      cairo_scale (cr, 0.36, 0.12);
      cairo_arc (cr, 0, 0, 1, 0, G_PI);
      cairo_restore (cr);
      cairo_save (cr);
      cairo_translate (cr, 0.5, 0.5);
      cairo_scale (cr, 0.36, 0.12);
      cairo_new_sub_path (cr);
      cairo_arc (cr, 0, 0, 1, 0, G_PI);
      cairo_restore (cr);
      cairo_stroke (cr);
      break;

    case PORTOLAN_ROLE_KIND_DIRECTORY:
      rounded_rect (cr, 0.36, 0.06, 0.28, 0.24, 0.05);
      rounded_rect (cr, 0.04, 0.7, 0.28, 0.24, 0.05);
      rounded_rect (cr, 0.68, 0.7, 0.28, 0.24, 0.05);
      cairo_move_to (cr, 0.5, 0.3);
      cairo_line_to (cr, 0.5, 0.5);
      cairo_move_to (cr, 0.18, 0.7);
      cairo_line_to (cr, 0.18, 0.5);
      cairo_line_to (cr, 0.82, 0.5);
      cairo_line_to (cr, 0.82, 0.7);
      cairo_stroke (cr);
      break;

    case PORTOLAN_ROLE_KIND_CLOUD:
      cairo_move_to (cr, 0.26, 0.78);
      cairo_arc (cr, 0.26, 0.6, 0.18, G_PI / 2, 3 * G_PI / 2);
      cairo_arc (cr, 0.5, 0.42, 0.24, G_PI, 1.85 * G_PI);
      cairo_arc (cr, 0.76, 0.6, 0.18, 1.5 * G_PI, 2.5 * G_PI);
      cairo_close_path (cr);
      cairo_stroke (cr);
      break;

    case PORTOLAN_ROLE_KIND_GATEWAY:
      cairo_move_to (cr, 0.5, 0.06);
      cairo_line_to (cr, 0.88, 0.2);
      cairo_line_to (cr, 0.88, 0.48);
      cairo_curve_to (cr, 0.88, 0.72, 0.7, 0.86, 0.5, 0.95);
      cairo_curve_to (cr, 0.3, 0.86, 0.12, 0.72, 0.12, 0.48);
      cairo_line_to (cr, 0.12, 0.2);
      cairo_close_path (cr);
      cairo_stroke (cr);
      break;

    default:
      rounded_rect (cr, 0.15, 0.15, 0.7, 0.7, 0.1);
      cairo_stroke (cr);
      break;
    }

  cairo_restore (cr);
}

/* Drawing */

static gboolean
selected_role (PortolanRenderer *self,
               Card             *card)
{
  return self->selection != NULL && self->selection->kind == PORTOLAN_RENDERER_HIT_ROLE &&
         g_strcmp0 (self->selection->role_id, portolan_role_get_id (card->role)) == 0;
}

static gboolean
selected_arrow (PortolanRenderer *self,
                Arrow            *arrow)
{
  PortolanRendererHit *selection = self->selection;

  return selection != NULL &&
         (selection->kind == PORTOLAN_RENDERER_HIT_LINK_BUNDLE || selection->kind == PORTOLAN_RENDERER_HIT_CHIP) &&
         g_strcmp0 (selection->from, portolan_role_get_id (g_array_index (self->cards, Card, arrow->from).role)) == 0 &&
         g_strcmp0 (selection->to, portolan_role_get_id (g_array_index (self->cards, Card, arrow->to).role)) == 0;
}

static gboolean
selected_chip (PortolanRenderer *self,
               Chip             *chip)
{
  return selected_arrow (self, chip->arrow) &&
         (self->selection->kind == PORTOLAN_RENDERER_HIT_LINK_BUNDLE ||
          g_strcmp0 (self->selection->label, chip->text) == 0);
}

/* A colour faded towards the background, opaque */
static Rgba
fade (const Palette *colors,
      const Rgba    *color,
      double         amount)
{
  const Rgba *back = &colors->background;
  double a = color->alpha * (1 - amount);

  return (Rgba) { back->red + (color->red - back->red) * a,
                  back->green + (color->green - back->green) * a,
                  back->blue + (color->blue - back->blue) * a,
                  1 };
}

static void
set_faded_color (cairo_t       *cr,
                 const Palette *colors,
                 const Rgba    *color,
                 double         amount)
{
  Rgba faded = fade (colors, color, amount);

  set_color (cr, &faded);
}

static void
draw_zones (PortolanRenderer *self,
            cairo_t          *cr)
{
  const Palette *colors = palette (self);
  PortolanGraphLayout *layout = self->layout;

  for (guint z = 0; z < layout->zones->len; z++)
    {
      PortolanGraphRect *zone = &g_array_index (layout->zones, PortolanGraphRect, z);
      PortolanGraphRect title;
      PangoLayout *name;

      if (zone->width <= 0)
        continue;

      /* Opaque, as zones never overlap: much faster to fill */
      rounded_graph_rect (cr, zone, 1.0 * self->font_size);
      set_faded_color (cr, colors, &colors->zone, 0);
      cairo_fill (cr);

      title = portolan_graph_layout_zone_title (layout, z);
      name = g_ptr_array_index (self->zone_names, z);
      if (title.width < self->layout->zone_title_widths[z])
        {
          pango_layout_set_width (name, (int) (title.width * PANGO_SCALE));
          pango_layout_set_ellipsize (name, PANGO_ELLIPSIZE_END);
        }
      else
        pango_layout_set_width (name, -1);
      set_color (cr, &colors->zone_text);
      show_text (cr, name, title.x, title.y + 0.12 * self->font_size);
    }
}

static void
draw_card (PortolanRenderer *self,
           cairo_t          *cr,
           Card             *card)
{
  const Palette *colors = palette (self);
  PortolanGraphRect *rect = &g_array_index (self->layout->nodes, PortolanGraphNode, card->index).rect;
  double size = self->font_size;
  double radius = 0.6 * size;
  double text_x = rect->x + (CARD_PAD_X + CARD_ICON + CARD_ICON_GAP) * size;
  double text_y = rect->y + CARD_PAD_Y * size;
  double first_line = size * 1.2;
  gboolean selected = selected_role (self, card);
  double alpha = card->in_use ? 1 : 0.55;

  /* A soft shadow, a little below */
  rounded_rect (cr, rect->x, rect->y + 1, rect->width, rect->height + 1, radius);
  set_color (cr, &colors->shadow);
  cairo_fill (cr);

  rounded_graph_rect (cr, rect, radius);
  set_color (cr, &colors->card);
  cairo_fill (cr);
  set_color (cr, &colors->card_border);
  fill_ring (cr, rect, radius, 1);

  if (card->highlight || selected)
    {
      PortolanGraphRect ring = { rect->x - 1, rect->y - 1, rect->width + 2, rect->height + 2 };

      if (selected)
        {
          PortolanGraphRect glow = { rect->x - 3.5, rect->y - 3.5, rect->width + 7, rect->height + 7 };

          set_color_alpha (cr, &colors->accent, 0.3);
          fill_ring (cr, &glow, radius + 3.5, 4);
        }
      set_color (cr, &colors->accent);
      fill_ring (cr, &ring, radius + 1, selected || card->tag != NULL ? 2.5 : 1.5);
    }

  set_color_alpha (cr, &colors->text_dim, alpha);
  draw_kind_icon (cr, portolan_role_get_kind (card->role),
                  rect->x + CARD_PAD_X * size, text_y + (first_line - CARD_ICON * size) / 2,
                  CARD_ICON * size);

  set_color_alpha (cr, &colors->text, alpha);
  show_text (cr, card->name, text_x, text_y);

  set_color_alpha (cr, &colors->text_dim, card->hosts != NULL ? alpha : alpha * 0.75);
  show_text (cr, card->detail, text_x, text_y + card->name_height);

  if (card->tag_text != NULL)
    {
      double tw, th, x, y, h = tag_height (self, card);

      text_size (card->tag_text, &tw, &th);
      x = rect->x + rect->width - radius - tw - 2 * TAG_PAD_X * size;
      y = rect->y - h / 2;
      rounded_rect (cr, x, y, tw + 2 * TAG_PAD_X * size, h, h / 2);
      set_color (cr, &colors->accent);
      cairo_fill (cr);
      set_color (cr, &colors->accent_text);
      show_text (cr, card->tag_text, x + TAG_PAD_X * size, y + TAG_PAD_Y * size);
    }
}

static const Rgba *
line_color (PortolanRenderer          *self,
            PortolanRendererChipStyle  style,
            PortolanState              state)
{
  const Palette *colors = palette (self);

  return style == PORTOLAN_RENDERER_CHIP_STATE ? &colors->state_line[state] : &colors->line;
}

static void
draw_arrow (PortolanRenderer *self,
            cairo_t          *cr,
            Arrow            *arrow)
{
  PortolanGraphEdge *edge = &g_array_index (self->layout->edges, PortolanGraphEdge, arrow->index);
  PortolanGraphCurve curve = edge->curve;
  PortolanRendererChipStyle style;
  PortolanState state;
  gboolean selected = selected_arrow (self, arrow);
  double width, head, head_width, dx, dy, len;
  PortolanGraphPoint tip = curve.p[3];

  arrow_style (arrow, &style, &state);

  width = style == PORTOLAN_RENDERER_CHIP_STATE && portolan_state_is_problem (state) ? 2.4 : 1.4;
  width *= CLAMP (self->font_size / 11, 0.85, 1.3);
  if (selected)
    width += 1.5;
  head = 3 * width + 0.35 * self->font_size;
  head_width = 0.6 * head;

  /* The direction at the tip, and the line ends where the head starts */
  dx = curve.p[3].x - curve.p[2].x;
  dy = curve.p[3].y - curve.p[2].y;
  len = hypot (dx, dy);
  if (len < 0.01)
    {
      PortolanGraphPoint t = portolan_graph_curve_tangent (&curve, 1);

      dx = t.x;
      dy = t.y;
      len = hypot (dx, dy);
    }
  if (len < 0.01)
    return;
  dx /= len;
  dy /= len;
  curve.p[3].x -= dx * head * 0.8;
  curve.p[3].y -= dy * head * 0.8;
  curve.p[2].x -= dx * head * 0.4;
  curve.p[2].y -= dy * head * 0.4;

  cairo_save (cr);
  set_color_alpha (cr, line_color (self, style, state), style == PORTOLAN_RENDERER_CHIP_OUTSIDE ? 0.35 : 1);
  cairo_set_line_width (cr, width);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  if (style == PORTOLAN_RENDERER_CHIP_OTHER_SIDE)
    {
      double dashes[] = { 2.5 * width + 2, 2 * width + 2 };

      cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
    }
  cairo_move_to (cr, curve.p[0].x, curve.p[0].y);
  cairo_curve_to (cr, curve.p[1].x, curve.p[1].y, curve.p[2].x, curve.p[2].y, curve.p[3].x, curve.p[3].y);
  cairo_stroke (cr);

  cairo_set_dash (cr, NULL, 0, 0);
  cairo_move_to (cr, tip.x, tip.y);
  cairo_line_to (cr, tip.x - dx * head - dy * head_width / 2, tip.y - dy * head + dx * head_width / 2);
  cairo_line_to (cr, tip.x - dx * head * 0.78, tip.y - dy * head * 0.78);
  cairo_line_to (cr, tip.x - dx * head + dy * head_width / 2, tip.y - dy * head - dx * head_width / 2);
  cairo_close_path (cr);
  cairo_fill (cr);
  cairo_restore (cr);
}

#define SYMBOL_OTHER_SIDE PORTOLAN_N_STATES

/* The symbol of a state (portolan_state_get_symbol ()) drawn as a shape
 * in a size × size square: the same everywhere, whatever the fonts, and
 * crisp in a PDF. */
static void
draw_symbol (cairo_t *cr,
             guint    symbol,
             double   x,
             double   y,
             double   size)
{
  cairo_save (cr);
  cairo_translate (cr, x, y);
  cairo_scale (cr, size, size);
  cairo_set_line_width (cr, 0.15);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  switch (symbol)
    {
    case PORTOLAN_STATE_VERIFIED:  /* ✔ */
      cairo_set_line_width (cr, 0.19);
      cairo_move_to (cr, 0.12, 0.55);
      cairo_line_to (cr, 0.4, 0.82);
      cairo_line_to (cr, 0.9, 0.2);
      cairo_stroke (cr);
      break;

    case PORTOLAN_STATE_OPEN:  /* ○ */
      cairo_arc (cr, 0.5, 0.5, 0.33, 0, 2 * G_PI);
      cairo_stroke (cr);
      break;

    case PORTOLAN_STATE_WARNING:  /* ⚠ */
      cairo_set_line_width (cr, 0.12);
      cairo_move_to (cr, 0.5, 0.04);
      cairo_line_to (cr, 0.97, 0.9);
      cairo_line_to (cr, 0.03, 0.9);
      cairo_close_path (cr);
      cairo_stroke (cr);
      cairo_set_line_width (cr, 0.13);
      cairo_move_to (cr, 0.5, 0.38);
      cairo_line_to (cr, 0.5, 0.58);
      cairo_stroke (cr);
      cairo_arc (cr, 0.5, 0.75, 0.075, 0, 2 * G_PI);
      cairo_fill (cr);
      break;

    case PORTOLAN_STATE_CLOSED:  /* ✖ */
      cairo_set_line_width (cr, 0.2);
      cairo_move_to (cr, 0.18, 0.18);
      cairo_line_to (cr, 0.82, 0.82);
      cairo_move_to (cr, 0.82, 0.18);
      cairo_line_to (cr, 0.18, 0.82);
      cairo_stroke (cr);
      break;

    case PORTOLAN_STATE_FILTERED:  /* ▦, a wall: something drops the packets */
      cairo_set_line_width (cr, 0.1);
      cairo_rectangle (cr, 0.15, 0.15, 0.7, 0.7);
      for (double at = 0.15 + 0.7 / 3; at < 0.8; at += 0.7 / 3)
        {
          cairo_move_to (cr, at, 0.15);
          cairo_line_to (cr, at, 0.85);
          cairo_move_to (cr, 0.15, at);
          cairo_line_to (cr, 0.85, at);
        }
      cairo_stroke (cr);
      break;

    case PORTOLAN_STATE_UNREACHABLE:  /* ⊘ */
      cairo_set_line_width (cr, 0.13);
      cairo_arc (cr, 0.5, 0.5, 0.38, 0, 2 * G_PI);
      cairo_move_to (cr, 0.23, 0.77);
      cairo_line_to (cr, 0.77, 0.23);
      cairo_stroke (cr);
      break;

    case PORTOLAN_STATE_UNVERIFIED:  /* ? */
      cairo_set_line_width (cr, 0.15);
      cairo_arc (cr, 0.5, 0.32, 0.22, G_PI, 2.3 * G_PI);
      cairo_curve_to (cr, 0.62, 0.5, 0.5, 0.52, 0.5, 0.64);
      cairo_stroke (cr);
      cairo_arc (cr, 0.5, 0.87, 0.085, 0, 2 * G_PI);
      cairo_fill (cr);
      break;

    case PORTOLAN_STATE_SKIPPED:  /* – */
      cairo_set_line_width (cr, 0.16);
      cairo_move_to (cr, 0.2, 0.52);
      cairo_line_to (cr, 0.8, 0.52);
      cairo_stroke (cr);
      break;

    case PORTOLAN_STATE_CANCELLED:  /* ■ */
      cairo_rectangle (cr, 0.2, 0.2, 0.6, 0.6);
      cairo_fill (cr);
      break;

    case PORTOLAN_STATE_PENDING:  /* … */
      for (guint i = 0; i < 3; i++)
        {
          cairo_new_sub_path (cr);
          cairo_arc (cr, 0.16 + i * 0.34, 0.62, 0.09, 0, 2 * G_PI);
        }
      cairo_fill (cr);
      break;

    case SYMBOL_OTHER_SIDE:  /* ⇆ */
      cairo_set_line_width (cr, 0.11);
      cairo_move_to (cr, 0.08, 0.32);
      cairo_line_to (cr, 0.92, 0.32);
      cairo_move_to (cr, 0.7, 0.12);
      cairo_line_to (cr, 0.92, 0.32);
      cairo_line_to (cr, 0.7, 0.52);
      cairo_move_to (cr, 0.92, 0.7);
      cairo_line_to (cr, 0.08, 0.7);
      cairo_move_to (cr, 0.3, 0.5);
      cairo_line_to (cr, 0.08, 0.7);
      cairo_line_to (cr, 0.3, 0.9);
      cairo_stroke (cr);
      break;

    default:
      break;
    }

  cairo_restore (cr);
}

static void
draw_chip_shape (PortolanRenderer          *self,
                 cairo_t                   *cr,
                 const PortolanGraphRect   *rect,
                 PortolanRendererChipStyle  style,
                 PortolanState              state,
                 PangoLayout               *text)
{
  const Palette *colors = palette (self);
  double faded = style == PORTOLAN_RENDERER_CHIP_OUTSIDE ? 0.55 : 0;
  double h = rect->height, radius = h / 2;
  double pad = 0.45 * h;
  double text_h = 0;
  const Rgba *fill, *ink;
  guint symbol = G_MAXUINT;

  switch (style)
    {
    case PORTOLAN_RENDERER_CHIP_STATE:
      fill = &colors->state_fill[state];
      ink = &colors->state_text[state];
      symbol = state;
      break;
    case PORTOLAN_RENDERER_CHIP_OTHER_SIDE:
      fill = &colors->background;
      ink = &colors->text_dim;
      symbol = SYMBOL_OTHER_SIDE;
      break;
    case PORTOLAN_RENDERER_CHIP_OUTSIDE:
    case PORTOLAN_RENDERER_CHIP_NEUTRAL:
    default:
      fill = &colors->chip;
      ink = &colors->chip_text;
      break;
    }

  rounded_graph_rect (cr, rect, radius);
  set_faded_color (cr, colors, fill, faded);
  cairo_fill (cr);

  if (style == PORTOLAN_RENDERER_CHIP_OTHER_SIDE)
    {
      double dashes[] = { 3, 2 };
      PortolanGraphRect inside = { rect->x + 0.5, rect->y + 0.5, rect->width - 1, rect->height - 1 };

      rounded_graph_rect (cr, &inside, radius - 0.5);
      cairo_set_line_width (cr, 1);
      cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
      set_color (cr, &colors->chip_border);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }
  else if (style != PORTOLAN_RENDERER_CHIP_STATE || portolan_palette_state_has_border (state))
    {
      PortolanGraphRect inside = { rect->x + 0.5, rect->y + 0.5, rect->width - 1, rect->height - 1 };

      set_faded_color (cr, colors, &colors->chip_border, faded);
      fill_ring (cr, &inside, radius - 0.5, 1);
    }

  set_faded_color (cr, colors, ink, faded);
  if (symbol != G_MAXUINT)
    draw_symbol (cr, symbol, rect->x + pad, rect->y + (h - self->symbol_width) / 2, self->symbol_width);

  if (text != NULL)
    {
      double x = rect->x + pad + (symbol != G_MAXUINT ? self->symbol_width + 0.3 * self->font_size : 0);

      text_size (text, NULL, &text_h);
      show_text (cr, text, x, rect->y + (h - text_h) / 2);
    }
}

static void
draw_chip (PortolanRenderer *self,
           cairo_t          *cr,
           Chip             *chip)
{
  const Palette *colors = palette (self);
  PortolanGraphLabel *label = &g_array_index (self->layout->labels, PortolanGraphLabel, chip->index);
  gboolean dim = chip->style == PORTOLAN_RENDERER_CHIP_OUTSIDE;

  if (label->detached)
    {
      cairo_save (cr);
      set_color_alpha (cr, line_color (self, chip->style, chip->state), dim ? 0.35 : 0.8);
      cairo_set_line_width (cr, 1);
      cairo_set_dash (cr, (double[]) { 1.5, 2 }, 2, 0);
      cairo_move_to (cr, label->rect.x + label->rect.width / 2, label->rect.y + label->rect.height / 2);
      cairo_line_to (cr, label->anchor.x, label->anchor.y);
      cairo_stroke (cr);
      cairo_arc (cr, label->anchor.x, label->anchor.y, 2, 0, 2 * G_PI);
      cairo_fill (cr);
      cairo_restore (cr);
    }

  draw_chip_shape (self, cr, &label->rect, chip->style, chip->state, chip->layout);

  if (selected_chip (self, chip))
    {
      PortolanGraphRect ring = { label->rect.x - 2.5, label->rect.y - 2.5,
                                 label->rect.width + 5, label->rect.height + 5 };

      set_color (cr, &colors->accent);
      fill_ring (cr, &ring, ring.height / 2, 2);
    }
}

static void
draw_legend (PortolanRenderer *self,
             cairo_t          *cr)
{
  const Palette *colors = palette (self);
  PortolanGraphRect *rect = &self->layout->legend;
  double size = self->font_size;
  double pad = 0.8 * size;
  double swatch = self->symbol_width + 1.0 * size;
  double row_height = self->chip_height * 0.9 + 0.3 * size;
  double column_width = (rect->width - 2 * pad - 1.2 * size) / 2;
  guint n = self->legend_labels->len;
  guint rows = (n + 1) / 2;
  double title_height, y0;

  if (rect->width <= 0)
    return;

  rounded_graph_rect (cr, rect, 0.6 * size);
  set_color (cr, &colors->card);
  cairo_fill (cr);
  set_color (cr, &colors->card_border);
  fill_ring (cr, rect, 0.6 * size, 1);

  set_color (cr, &colors->text);
  text_size (self->legend_title, NULL, &title_height);
  show_text (cr, self->legend_title, rect->x + pad, rect->y + 0.6 * size);
  y0 = rect->y + 0.6 * size + title_height + 0.3 * size;

  for (guint i = 0; i < n; i++)
    {
      PangoLayout *label = g_ptr_array_index (self->legend_labels, i);
      double x = rect->x + pad + (i / rows) * (column_width + 1.2 * size);
      double y = y0 + (i % rows) * row_height;
      PortolanGraphRect chip = { x, y + (row_height - self->chip_height * 0.9) / 2, swatch, self->chip_height * 0.9 };
      double label_height;

      if (i < G_N_ELEMENTS (legend_states))
        draw_chip_shape (self, cr, &chip, PORTOLAN_RENDERER_CHIP_STATE, legend_states[i], NULL);
      else if (i == G_N_ELEMENTS (legend_states))
        {
          double dashes[] = { 3, 2.5 };

          cairo_save (cr);
          set_color (cr, &colors->line);
          cairo_set_line_width (cr, 1.4);
          cairo_set_dash (cr, dashes, 2, 0);
          cairo_move_to (cr, chip.x, chip.y + chip.height / 2);
          cairo_line_to (cr, chip.x + chip.width, chip.y + chip.height / 2);
          cairo_stroke (cr);
          cairo_restore (cr);
        }
      else
        {
          set_color_alpha (cr, &colors->line, 0.35);
          cairo_set_line_width (cr, 1.4);
          cairo_move_to (cr, chip.x, chip.y + chip.height / 2);
          cairo_line_to (cr, chip.x + chip.width, chip.y + chip.height / 2);
          cairo_stroke (cr);
        }

      set_color (cr, &colors->text);
      text_size (label, NULL, &label_height);
      show_text (cr, label, x + swatch + 0.45 * size, y + (row_height - label_height) / 2);
    }
}

/* Neutral chips and arrows below those with a state, the worst on top */
static int
compare_paint (PortolanRendererChipStyle style_a,
               PortolanState             state_a,
               PortolanRendererChipStyle style_b,
               PortolanState             state_b)
{
  static const int style_order[] = {
    [PORTOLAN_RENDERER_CHIP_OUTSIDE] = 0,
    [PORTOLAN_RENDERER_CHIP_NEUTRAL] = 1,
    [PORTOLAN_RENDERER_CHIP_OTHER_SIDE] = 2,
    [PORTOLAN_RENDERER_CHIP_STATE] = 3,
  };

  if (style_a != style_b)
    return style_order[style_a] - style_order[style_b];
  if (style_a != PORTOLAN_RENDERER_CHIP_STATE)
    return 0;

  return portolan_state_compare_severity (state_a, state_b);
}

static int
compare_arrow_paint (gconstpointer a,
                     gconstpointer b)
{
  Arrow *aa = *(Arrow * const *) a, *ab = *(Arrow * const *) b;
  PortolanRendererChipStyle sa, sb;
  PortolanState ta, tb;

  arrow_style (aa, &sa, &ta);
  arrow_style (ab, &sb, &tb);

  return compare_paint (sa, ta, sb, tb);
}

static int
compare_chip_paint (gconstpointer a,
                    gconstpointer b)
{
  Chip *ca = *(Chip * const *) a, *cb = *(Chip * const *) b;

  return compare_paint (ca->style, ca->state, cb->style, cb->state);
}

/* Class */

static void
portolan_renderer_dispose (GObject *object)
{
  PortolanRenderer *self = (PortolanRenderer *)object;

  if (self->profile_changed_id != 0)
    g_clear_signal_handler (&self->profile_changed_id, self->profile);
  g_clear_object (&self->profile);
  g_clear_object (&self->plan);

  G_OBJECT_CLASS (portolan_renderer_parent_class)->dispose (object);
}

static void
portolan_renderer_finalize (GObject *object)
{
  PortolanRenderer *self = (PortolanRenderer *)object;

  g_clear_pointer (&self->check_chips, g_ptr_array_unref);
  g_clear_pointer (&self->chips, g_ptr_array_unref);
  g_clear_pointer (&self->arrows, g_ptr_array_unref);
  g_clear_pointer (&self->cards, g_array_unref);
  g_clear_pointer (&self->card_index, g_hash_table_unref);
  g_clear_pointer (&self->arrow_index, g_hash_table_unref);
  g_clear_pointer (&self->zone_names, g_ptr_array_unref);
  g_clear_pointer (&self->legend_labels, g_ptr_array_unref);
  g_clear_pointer (&self->layout, portolan_graph_layout_free);
  g_clear_pointer (&self->selection, portolan_renderer_hit_free);
  g_clear_object (&self->legend_title);
  for (guint f = 0; f < N_FONTS; f++)
    g_clear_pointer (&self->fonts[f], pango_font_description_free);
  g_clear_object (&self->context);
  g_clear_object (&self->catalogue);

  G_OBJECT_CLASS (portolan_renderer_parent_class)->finalize (object);
}

static void
portolan_renderer_class_init (PortolanRendererClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = portolan_renderer_dispose;
  object_class->finalize = portolan_renderer_finalize;

  /**
   * PortolanRenderer::changed:
   *
   * Emitted when what is drawn changed: the profile, the plan, the
   * palette or the selection. The states of the checks are read at every
   * draw: a view redraws when they notify.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
portolan_renderer_init (PortolanRenderer *self)
{
  PangoFontMap *font_map = pango_cairo_font_map_get_default ();
  cairo_font_options_t *options = cairo_font_options_create ();

  self->cards = g_array_new (FALSE, TRUE, sizeof (Card));
  g_array_set_clear_func (self->cards, (GDestroyNotify) card_clear);
  self->arrows = g_ptr_array_new_with_free_func ((GDestroyNotify) arrow_free);
  self->chips = g_ptr_array_new_with_free_func ((GDestroyNotify) chip_free);
  self->check_chips = g_ptr_array_new ();
  self->card_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->arrow_index = g_hash_table_new (NULL, NULL);
  self->zone_names = g_ptr_array_new_with_free_func (g_object_unref);
  self->legend_labels = g_ptr_array_new_with_free_func (g_object_unref);
  self->layout = portolan_graph_layout_new ();

  /* Metrics that do not depend on the device, so that the same layout
   * serves the screen, a 2× PNG and a PDF */
  self->context = pango_font_map_create_context (font_map);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options (self->context, options);
  pango_cairo_context_set_resolution (self->context, 96);
  pango_context_set_round_glyph_positions (self->context, FALSE);
  cairo_font_options_destroy (options);
}

/* Public API */

PortolanRenderer *
portolan_renderer_new (PortolanCatalogue *catalogue)
{
  PortolanRenderer *self;

  g_return_val_if_fail (PORTOLAN_IS_CATALOGUE (catalogue), NULL);

  self = g_object_new (PORTOLAN_TYPE_RENDERER, NULL);
  self->catalogue = g_object_ref (catalogue);

  return self;
}

PortolanCatalogue *
portolan_renderer_get_catalogue (PortolanRenderer *self)
{
  g_return_val_if_fail (PORTOLAN_IS_RENDERER (self), NULL);

  return self->catalogue;
}

static void
profile_changed_cb (PortolanProfile  *profile,
                    PortolanRenderer *self)
{
  invalidate_model (self);
  emit_changed (self);
}

/**
 * portolan_renderer_set_profile:
 * @profile: (nullable): whose hosts and ports the cards and chips show;
 *   without one, the plan's profile, or the catalogue's defaults
 */
void
portolan_renderer_set_profile (PortolanRenderer *self,
                               PortolanProfile  *profile)
{
  g_return_if_fail (PORTOLAN_IS_RENDERER (self));
  g_return_if_fail (profile == NULL || PORTOLAN_IS_PROFILE (profile));

  if (self->profile == profile)
    return;

  if (self->profile_changed_id != 0)
    g_clear_signal_handler (&self->profile_changed_id, self->profile);
  g_set_object (&self->profile, profile);
  if (profile != NULL)
    self->profile_changed_id = g_signal_connect (profile, "changed", G_CALLBACK (profile_changed_cb), self);

  invalidate_model (self);
  emit_changed (self);
}

PortolanProfile *
portolan_renderer_get_profile (PortolanRenderer *self)
{
  g_return_val_if_fail (PORTOLAN_IS_RENDERER (self), NULL);

  return self->profile;
}

/**
 * portolan_renderer_set_plan:
 * @plan: (nullable): the checks whose states colour the chips, read at
 *   every draw
 */
void
portolan_renderer_set_plan (PortolanRenderer *self,
                            PortolanPlan     *plan)
{
  g_return_if_fail (PORTOLAN_IS_RENDERER (self));
  g_return_if_fail (plan == NULL || PORTOLAN_IS_PLAN (plan));

  if (g_set_object (&self->plan, plan))
    {
      invalidate_model (self);
      emit_changed (self);
    }
}

PortolanPlan *
portolan_renderer_get_plan (PortolanRenderer *self)
{
  g_return_val_if_fail (PORTOLAN_IS_RENDERER (self), NULL);

  return self->plan;
}

void
portolan_renderer_set_dark (PortolanRenderer *self,
                            gboolean          dark)
{
  g_return_if_fail (PORTOLAN_IS_RENDERER (self));

  dark = !!dark;
  if (self->dark == dark)
    return;

  self->dark = dark;
  emit_changed (self);
}

gboolean
portolan_renderer_get_dark (PortolanRenderer *self)
{
  g_return_val_if_fail (PORTOLAN_IS_RENDERER (self), FALSE);

  return self->dark;
}

/**
 * portolan_renderer_set_selection:
 * @hit: (nullable): the card, arrow or chip drawn emphasised
 */
void
portolan_renderer_set_selection (PortolanRenderer          *self,
                                 const PortolanRendererHit *hit)
{
  g_return_if_fail (PORTOLAN_IS_RENDERER (self));

  if (hit != NULL && hit->kind == PORTOLAN_RENDERER_HIT_NONE)
    hit = NULL;
  if (portolan_renderer_hit_equal (self->selection, hit))
    return;

  g_clear_pointer (&self->selection, portolan_renderer_hit_free);
  if (hit != NULL)
    self->selection = portolan_renderer_hit_copy (hit);
  emit_changed (self);
}

const PortolanRendererHit *
portolan_renderer_get_selection (PortolanRenderer *self)
{
  g_return_val_if_fail (PORTOLAN_IS_RENDERER (self), NULL);

  return self->selection;
}

/**
 * portolan_renderer_layout:
 *
 * Places everything for a size without drawing, for hit tests; a draw
 * at another size places everything again.
 */
void
portolan_renderer_layout (PortolanRenderer *self,
                          double            width,
                          double            height)
{
  g_return_if_fail (PORTOLAN_IS_RENDERER (self));

  if (width > 0 && height > 0)
    ensure_layout (self, width, height);
}

/**
 * portolan_renderer_get_font_size:
 *
 * The size of the cards' names in the last layout, in pixels; the
 * other text is a little smaller.
 */
double
portolan_renderer_get_font_size (PortolanRenderer *self)
{
  g_return_val_if_fail (PORTOLAN_IS_RENDERER (self), 0);

  return self->layout_valid ? self->font_size : 0;
}

/**
 * portolan_renderer_draw:
 * @cr: where to draw, with (0, 0) at the top left of the graph
 *
 * Draws the graph in a @width × @height area of @cr's user space. For a
 * 2× PNG, scale @cr and keep the size.
 */
void
portolan_renderer_draw (PortolanRenderer *self,
                        cairo_t          *cr,
                        double            width,
                        double            height)
{
  const Palette *colors;
  g_autoptr(GPtrArray) arrows = NULL;
  g_autoptr(GPtrArray) chips = NULL;

  g_return_if_fail (PORTOLAN_IS_RENDERER (self));
  g_return_if_fail (cr != NULL);

  if (width <= 0 || height <= 0)
    return;

  ensure_layout (self, width, height);
  update_states (self);
  colors = palette (self);

  cairo_save (cr);
  /* Curves a little coarser than cairo's default: invisible, and faster */
  cairo_set_tolerance (cr, 0.25);

  cairo_rectangle (cr, 0, 0, width, height);
  set_color (cr, &colors->background);
  cairo_fill (cr);

  draw_zones (self, cr);

  /* The problems last, on top */
  /* Copies share the free function: unset it */
  arrows = g_ptr_array_copy (self->arrows, NULL, NULL);
  g_ptr_array_set_free_func (arrows, NULL);
  g_ptr_array_sort (arrows, compare_arrow_paint);
  for (guint a = 0; a < arrows->len; a++)
    draw_arrow (self, cr, g_ptr_array_index (arrows, a));

  for (guint c = 0; c < self->cards->len; c++)
    draw_card (self, cr, &g_array_index (self->cards, Card, c));

  chips = g_ptr_array_copy (self->chips, NULL, NULL);
  g_ptr_array_set_free_func (chips, NULL);
  g_ptr_array_sort (chips, compare_chip_paint);
  for (guint c = 0; c < chips->len; c++)
    draw_chip (self, cr, g_ptr_array_index (chips, c));

  draw_legend (self, cr);

  cairo_restore (cr);
}

static void
fill_role_hit (PortolanRenderer    *self,
               Card                *card,
               PortolanRendererHit *hit)
{
  PortolanGraphRect *rect = &g_array_index (self->layout->nodes, PortolanGraphNode, card->index).rect;

  hit->kind = PORTOLAN_RENDERER_HIT_ROLE;
  hit->role_id = g_strdup (portolan_role_get_id (card->role));
  hit->x = rect->x;
  hit->y = rect->y;
  hit->width = rect->width;
  hit->height = rect->height;
}

static void
add_link_ids (GStrvBuilder *builder,
              GPtrArray    *seen,
              Chip         *chip)
{
  for (guint l = 0; l < chip->links->len; l++)
    {
      PortolanLink *link = g_ptr_array_index (chip->links, l);

      if (!g_ptr_array_find (seen, link, NULL))
        {
          g_ptr_array_add (seen, link);
          g_strv_builder_add (builder, portolan_link_get_id (link));
        }
    }
}

static void
fill_arrow_ends (PortolanRenderer    *self,
                 Arrow               *arrow,
                 PortolanRendererHit *hit)
{
  hit->from = g_strdup (portolan_role_get_id (g_array_index (self->cards, Card, arrow->from).role));
  hit->to = g_strdup (portolan_role_get_id (g_array_index (self->cards, Card, arrow->to).role));
}

static void
fill_chip_hit (PortolanRenderer    *self,
               Chip                *chip,
               PortolanRendererHit *hit)
{
  PortolanGraphRect *rect = &g_array_index (self->layout->labels, PortolanGraphLabel, chip->index).rect;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GPtrArray) seen = g_ptr_array_new ();

  hit->kind = PORTOLAN_RENDERER_HIT_CHIP;
  fill_arrow_ends (self, chip->arrow, hit);
  add_link_ids (builder, seen, chip);
  hit->link_ids = g_strv_builder_end (builder);
  hit->label = g_strdup (chip->text);
  hit->x = rect->x;
  hit->y = rect->y;
  hit->width = rect->width;
  hit->height = rect->height;
}

static void
fill_arrow_hit (PortolanRenderer    *self,
                Arrow               *arrow,
                PortolanRendererHit *hit)
{
  PortolanGraphCurve *curve = &g_array_index (self->layout->edges, PortolanGraphEdge, arrow->index).curve;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GPtrArray) seen = g_ptr_array_new ();
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;

  hit->kind = PORTOLAN_RENDERER_HIT_LINK_BUNDLE;
  fill_arrow_ends (self, arrow, hit);
  for (guint c = 0; c < arrow->chips->len; c++)
    add_link_ids (builder, seen, g_ptr_array_index (arrow->chips, c));
  hit->link_ids = g_strv_builder_end (builder);

  for (guint i = 0; i < 4; i++)
    {
      x0 = MIN (x0, curve->p[i].x);
      y0 = MIN (y0, curve->p[i].y);
      x1 = MAX (x1, curve->p[i].x);
      y1 = MAX (y1, curve->p[i].y);
    }
  hit->x = x0;
  hit->y = y0;
  hit->width = x1 - x0;
  hit->height = y1 - y0;
}

/**
 * portolan_renderer_hit_test:
 * @hit: (out caller-allocates): what is at (@x, @y); clear it after
 *
 * What is drawn at a point of the last layout: a chip, else a card,
 * else an arrow passing near.
 *
 * Returns: %FALSE for empty space, or before any layout
 */
gboolean
portolan_renderer_hit_test (PortolanRenderer    *self,
                            double               x,
                            double               y,
                            PortolanRendererHit *hit)
{
  Arrow *nearest = NULL;
  double best;

  g_return_val_if_fail (PORTOLAN_IS_RENDERER (self), FALSE);
  g_return_val_if_fail (hit != NULL, FALSE);

  memset (hit, 0, sizeof *hit);
  if (!self->layout_valid)
    return FALSE;

  for (guint c = self->chips->len; c-- > 0;)
    {
      Chip *chip = g_ptr_array_index (self->chips, c);
      PortolanGraphRect *rect = &g_array_index (self->layout->labels, PortolanGraphLabel, chip->index).rect;

      if (portolan_graph_rect_contains (rect, x, y))
        {
          fill_chip_hit (self, chip, hit);
          return TRUE;
        }
    }

  for (guint c = 0; c < self->cards->len; c++)
    {
      Card *card = &g_array_index (self->cards, Card, c);
      PortolanGraphRect *rect = &g_array_index (self->layout->nodes, PortolanGraphNode, c).rect;

      if (portolan_graph_rect_contains (rect, x, y))
        {
          fill_role_hit (self, card, hit);
          return TRUE;
        }
    }

  best = MAX (5, 0.45 * self->font_size);
  for (guint a = 0; a < self->arrows->len; a++)
    {
      Arrow *arrow = g_ptr_array_index (self->arrows, a);
      PortolanGraphCurve *curve = &g_array_index (self->layout->edges, PortolanGraphEdge, arrow->index).curve;
      double distance = portolan_graph_curve_distance (curve, x, y, NULL);

      if (distance <= best)
        {
          best = distance;
          nearest = arrow;
        }
    }

  if (nearest != NULL)
    {
      fill_arrow_hit (self, nearest, hit);
      return TRUE;
    }

  return FALSE;
}

/**
 * portolan_renderer_list_hits:
 *
 * Every item of a kind in the last layout with its bounds, for tests and
 * for keyboard navigation.
 *
 * Returns: (transfer container) (element-type PortolanRendererHit)
 */
GPtrArray *
portolan_renderer_list_hits (PortolanRenderer        *self,
                             PortolanRendererHitKind  kind)
{
  GPtrArray *hits;

  g_return_val_if_fail (PORTOLAN_IS_RENDERER (self), NULL);

  hits = g_ptr_array_new_with_free_func ((GDestroyNotify) portolan_renderer_hit_free);
  if (!self->layout_valid)
    return hits;

  switch (kind)
    {
    case PORTOLAN_RENDERER_HIT_ROLE:
      for (guint c = 0; c < self->cards->len; c++)
        {
          PortolanRendererHit *hit = g_new0 (PortolanRendererHit, 1);

          fill_role_hit (self, &g_array_index (self->cards, Card, c), hit);
          g_ptr_array_add (hits, hit);
        }
      break;

    case PORTOLAN_RENDERER_HIT_LINK_BUNDLE:
      for (guint a = 0; a < self->arrows->len; a++)
        {
          PortolanRendererHit *hit = g_new0 (PortolanRendererHit, 1);

          fill_arrow_hit (self, g_ptr_array_index (self->arrows, a), hit);
          g_ptr_array_add (hits, hit);
        }
      break;

    case PORTOLAN_RENDERER_HIT_CHIP:
      for (guint c = 0; c < self->chips->len; c++)
        {
          PortolanRendererHit *hit = g_new0 (PortolanRendererHit, 1);

          fill_chip_hit (self, g_ptr_array_index (self->chips, c), hit);
          g_ptr_array_add (hits, hit);
        }
      break;

    case PORTOLAN_RENDERER_HIT_NONE:
    default:
      break;
    }

  return hits;
}

static const char *
role_name (PortolanRenderer *self,
           const char       *role_id)
{
  PortolanRole *role = role_id != NULL ? portolan_catalogue_lookup_role (self->catalogue, role_id) : NULL;

  return role != NULL ? portolan_role_get_name (role) : role_id;
}

/* "✖ Closed 1, ○ Open 2" for the checks of some chips */
static void
append_state_counts (PortolanRenderer *self,
                     GString          *text,
                     GPtrArray        *chips)
{
  GPtrArray *checks = portolan_plan_get_checks (self->plan);
  guint counts[PORTOLAN_N_STATES] = { 0 };
  gboolean any = FALSE;

  for (guint i = 0; i < checks->len && i < self->check_chips->len; i++)
    if (g_ptr_array_find (chips, g_ptr_array_index (self->check_chips, i), NULL))
      counts[portolan_check_get_state (g_ptr_array_index (checks, i))]++;

  for (guint s = 0; s < G_N_ELEMENTS (legend_states); s++)
    {
      PortolanState state = legend_states[s];

      if (counts[state] == 0)
        continue;

      g_string_append_printf (text, "%s%s %s %u", any ? ", " : "", portolan_state_get_symbol (state),
                              portolan_state_get_label (state), counts[state]);
      any = TRUE;
    }
}

static char *
describe_links (PortolanRenderer          *self,
                const PortolanRendererHit *hit)
{
  Arrow *arrow = find_arrow (self, card_index (self, hit->from), card_index (self, hit->to));
  g_autoptr(GPtrArray) chips = g_ptr_array_new ();
  g_autoptr(GPtrArray) seen = g_ptr_array_new ();
  g_autoptr(GString) ports = g_string_new (NULL);
  GString *text;
  gboolean other_side = FALSE, in_plan = FALSE;

  if (arrow == NULL)
    return NULL;

  for (guint c = 0; c < arrow->chips->len; c++)
    {
      Chip *chip = g_ptr_array_index (arrow->chips, c);

      if (hit->kind == PORTOLAN_RENDERER_HIT_CHIP && g_strcmp0 (hit->label, chip->text) != 0)
        continue;

      g_ptr_array_add (chips, chip);
      g_string_append_printf (ports, "%s%s", chips->len > 1 ? ", " : "", chip->text);
      other_side |= chip->other_side;
      in_plan |= chip->in_plan;
    }

  text = g_string_new (NULL);
  /* Translators: the ports, the initiator and the listener: "8443/tcp: UMS Console → UMS Server" */
  g_string_append_printf (text, _("%s: %s → %s"), ports->str, role_name (self, hit->from), role_name (self, hit->to));

  if (self->plan != NULL)
    {
      g_string_append_c (text, '\n');
      if (in_plan)
        append_state_counts (self, text, chips);
      else if (other_side)
        /* Translators: the role is where Portolan must run to check the link */
        g_string_append_printf (text, _("Test from the other side: run Portolan on %s"), role_name (self, hit->from));
      else
        g_string_append (text, _("Not in this check"));
    }

  for (guint c = 0; c < chips->len; c++)
    {
      Chip *chip = g_ptr_array_index (chips, c);

      for (guint l = 0; l < chip->links->len; l++)
        {
          PortolanLink *link = g_ptr_array_index (chip->links, l);

          if (!g_ptr_array_find (seen, link, NULL))
            {
              g_ptr_array_add (seen, link);
              g_string_append_printf (text, "\n• %s", portolan_link_get_description (link));
            }
        }
    }

  return g_string_free (text, FALSE);
}

/**
 * portolan_renderer_describe:
 *
 * A tooltip for what a hit found: a role's name, kind and hosts, or the
 * ports of an arrow or chip with the states of their checks and what
 * the links are for.
 *
 * Returns: (transfer full) (nullable): plain text
 */
char *
portolan_renderer_describe (PortolanRenderer          *self,
                            const PortolanRendererHit *hit)
{
  g_return_val_if_fail (PORTOLAN_IS_RENDERER (self), NULL);

  if (hit == NULL)
    return NULL;

  ensure_model (self);
  update_states (self);

  switch (hit->kind)
    {
    case PORTOLAN_RENDERER_HIT_ROLE:
      {
        int index = card_index (self, hit->role_id);
        Card *card;
        PortolanProfile *profile = effective_profile (self);
        const char * const *hosts = NULL;
        GString *text;

        if (index < 0)
          return NULL;

        card = &g_array_index (self->cards, Card, index);
        text = g_string_new (portolan_role_get_name (card->role));
        if (card->tag != NULL)
          g_string_append_printf (text, " (%s)", card->tag);
        g_string_append_printf (text, "\n%s", kind_label (portolan_role_get_kind (card->role)));

        if (profile != NULL)
          hosts = portolan_profile_get_hosts (profile, hit->role_id);
        if (hosts == NULL)
          hosts = portolan_role_get_default_hosts (card->role);
        if (hosts != NULL && hosts[0] != NULL)
          {
            g_autofree char *joined = g_strjoinv (", ", (char **) hosts);

            g_string_append_printf (text, " · %s", joined);
          }
        else
          g_string_append_printf (text, " · %s", _("no host"));

        if (!card->in_use)
          g_string_append_printf (text, "\n%s", _("Not in use in this profile"));
        g_string_append_printf (text, "\n%s", portolan_role_get_description (card->role));

        return g_string_free (text, FALSE);
      }

    case PORTOLAN_RENDERER_HIT_LINK_BUNDLE:
    case PORTOLAN_RENDERER_HIT_CHIP:
      return describe_links (self, hit);

    case PORTOLAN_RENDERER_HIT_NONE:
    default:
      return NULL;
    }
}

/**
 * portolan_renderer_get_chip_state:
 * @link_id: a link of the catalogue
 * @from: (nullable): its initiator, or %NULL for the first
 * @to: (nullable): its listener, or %NULL for the first
 * @style: (out) (optional): how the chip is drawn
 * @state: (out) (optional): the state it shows, for %PORTOLAN_RENDERER_CHIP_STATE
 *
 * What the chip standing for a link shows now, without drawing.
 *
 * Returns: %FALSE when no chip stands for the link
 */
gboolean
portolan_renderer_get_chip_state (PortolanRenderer          *self,
                                  const char                *link_id,
                                  const char                *from,
                                  const char                *to,
                                  PortolanRendererChipStyle *style,
                                  PortolanState             *state)
{
  PortolanLink *link;

  g_return_val_if_fail (PORTOLAN_IS_RENDERER (self), FALSE);
  g_return_val_if_fail (link_id != NULL, FALSE);

  link = portolan_catalogue_lookup_link (self->catalogue, link_id);
  if (link == NULL)
    return FALSE;

  update_states (self);

  for (guint a = 0; a < self->arrows->len; a++)
    {
      Arrow *arrow = g_ptr_array_index (self->arrows, a);
      Chip *chip;

      if ((from != NULL && arrow->from != (guint) card_index (self, from)) ||
          (to != NULL && arrow->to != (guint) card_index (self, to)))
        continue;

      chip = find_chip (arrow, link);
      if (chip == NULL)
        continue;

      if (style != NULL)
        *style = chip->style;
      if (state != NULL)
        *state = chip->state;
      return TRUE;
    }

  return FALSE;
}

/**
 * portolan_renderer_get_state_color:
 *
 * The colour chips of a state are filled with, in the current palette.
 */
void
portolan_renderer_get_state_color (PortolanRenderer      *self,
                                   PortolanState          state,
                                   PortolanRendererColor *color)
{
  const Rgba *rgba;

  g_return_if_fail (PORTOLAN_IS_RENDERER (self));
  g_return_if_fail (state < PORTOLAN_N_STATES);
  g_return_if_fail (color != NULL);

  rgba = &palette (self)->state_fill[state];
  *color = (PortolanRendererColor) { rgba->red, rgba->green, rgba->blue, rgba->alpha };
}

void
portolan_renderer_get_background (PortolanRenderer      *self,
                                  PortolanRendererColor *color)
{
  const Rgba *rgba;

  g_return_if_fail (PORTOLAN_IS_RENDERER (self));
  g_return_if_fail (color != NULL);

  rgba = &palette (self)->background;
  *color = (PortolanRendererColor) { rgba->red, rgba->green, rgba->blue, rgba->alpha };
}

/**
 * portolan_renderer_draw_state_chip:
 *
 * A state's chip as the legend shows it, its colour and its symbol, in
 * a @width × @height rectangle: the tables of the reports use it, so
 * that a state looks the same there as in the graph.
 */
void
portolan_renderer_draw_state_chip (PortolanRenderer *self,
                                   cairo_t          *cr,
                                   PortolanState     state,
                                   double            x,
                                   double            y,
                                   double            width,
                                   double            height)
{
  const Palette *colors;
  PortolanGraphRect rect = { x, y, width, height };
  double symbol = 0.7 * height;

  g_return_if_fail (PORTOLAN_IS_RENDERER (self));
  g_return_if_fail (cr != NULL);
  g_return_if_fail (state < PORTOLAN_N_STATES);

  colors = palette (self);
  cairo_save (cr);
  rounded_graph_rect (cr, &rect, height / 2);
  set_color (cr, &colors->state_fill[state]);
  cairo_fill (cr);

  if (portolan_palette_state_has_border (state))
    {
      PortolanGraphRect inside = { x + 0.5, y + 0.5, width - 1, height - 1 };

      set_color (cr, &colors->chip_border);
      fill_ring (cr, &inside, height / 2 - 0.5, 1);
    }

  set_color (cr, &colors->state_text[state]);
  draw_symbol (cr, state, x + (width - symbol) / 2, y + (height - symbol) / 2, symbol);
  cairo_restore (cr);
}
