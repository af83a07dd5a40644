/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-profile.c
 *
 * A profile only ever holds valid settings: every setter checks its
 * value against the catalogue and the limits, and changes nothing when
 * it refuses one. The loader goes through the same setters, so a file
 * is held to exactly the rules the window is.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "portolan-atomic-file-private.h"
#include "portolan-host-spec-private.h"
#include "portolan-profile-json-private.h"
#include "portolan-profile-private.h"

#define FINGERPRINT_DIGITS 64
#define SAVE_FAILURE       N_("cannot save the profile")

struct _PortolanProfile
{
  GObject            parent_instance;

  PortolanCatalogue *catalogue;

  /* Keyed by ids the catalogue owns */
  GHashTable        *hosts;         /* role id → GStrv, as typed */
  GHashTable        *features;      /* the feature ids in use */
  GHashTable        *ports;         /* link id → port */
  GHashTable        *fingerprints;  /* role id → "AB:CD:…" */

  char              *name;
  guint              timeout_ms;
  guint              concurrency;
  PortolanProxy      proxy;
  char              *proxy_url;
};

G_DEFINE_FINAL_TYPE (PortolanProfile, portolan_profile, G_TYPE_OBJECT)

G_DEFINE_QUARK (portolan-profile-error-quark, portolan_profile_error)

enum {
  PROP_0,
  PROP_CATALOGUE,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char * const proxy_schemes[] = { "http", "https", "socks", "socks4", "socks5", NULL };

/* g_set_str() is GLib 2.76 */
static gboolean
set_string (char       **field,
            const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static void
emit_changed (PortolanProfile *self,
              gboolean         changed)
{
  if (changed)
    g_signal_emit (self, signals[CHANGED], 0);
}

typedef gpointer (*LookupFunc) (PortolanCatalogue *catalogue,
                                const char        *id);

static gpointer
lookup (PortolanProfile  *self,
        LookupFunc        lookup_func,
        const char       *what,
        const char       *id,
        GError          **error)
{
  gpointer item = lookup_func (self->catalogue, id);

  if (item == NULL)
    g_set_error (error, PORTOLAN_PROFILE_ERROR, PORTOLAN_PROFILE_ERROR_UNKNOWN_ID,
                 /* Translators: the first %s is "role", "feature" or "link" */
                 _("unknown %s “%s”"), what, id);

  return item;
}

static PortolanRole *
lookup_role (PortolanProfile  *self,
             const char       *role_id,
             GError          **error)
{
  return lookup (self, (LookupFunc) portolan_catalogue_lookup_role, _("role"), role_id, error);
}

static PortolanLink *
lookup_link (PortolanProfile  *self,
             const char       *link_id,
             GError          **error)
{
  return lookup (self, (LookupFunc) portolan_catalogue_lookup_link, _("link"), link_id, error);
}

static void
portolan_profile_constructed (GObject *object)
{
  PortolanProfile *self = (PortolanProfile *)object;
  GPtrArray *features;

  G_OBJECT_CLASS (portolan_profile_parent_class)->constructed (object);

  g_return_if_fail (PORTOLAN_IS_CATALOGUE (self->catalogue));

  features = portolan_catalogue_get_features (self->catalogue);
  for (guint i = 0; i < features->len; i++)
    {
      PortolanFeature *feature = g_ptr_array_index (features, i);

      if (portolan_feature_get_default (feature))
        g_hash_table_add (self->features, (gpointer) portolan_feature_get_id (feature));
    }
}

static void
portolan_profile_finalize (GObject *object)
{
  PortolanProfile *self = (PortolanProfile *)object;

  g_clear_pointer (&self->hosts, g_hash_table_unref);
  g_clear_pointer (&self->features, g_hash_table_unref);
  g_clear_pointer (&self->ports, g_hash_table_unref);
  g_clear_pointer (&self->fingerprints, g_hash_table_unref);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->proxy_url, g_free);
  g_clear_object (&self->catalogue);

  G_OBJECT_CLASS (portolan_profile_parent_class)->finalize (object);
}

static void
portolan_profile_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PortolanProfile *self = PORTOLAN_PROFILE (object);

  switch (prop_id)
    {
    case PROP_CATALOGUE:
      g_value_set_object (value, self->catalogue);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
portolan_profile_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  PortolanProfile *self = PORTOLAN_PROFILE (object);

  switch (prop_id)
    {
    case PROP_CATALOGUE:
      self->catalogue = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
portolan_profile_class_init (PortolanProfileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = portolan_profile_constructed;
  object_class->finalize = portolan_profile_finalize;
  object_class->get_property = portolan_profile_get_property;
  object_class->set_property = portolan_profile_set_property;

  properties[PROP_CATALOGUE] =
    g_param_spec_object ("catalogue", NULL, NULL,
                         PORTOLAN_TYPE_CATALOGUE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PortolanProfile::changed:
   *
   * Emitted after any setting really changed, once per call of a setter.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
portolan_profile_init (PortolanProfile *self)
{
  self->hosts = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_strfreev);
  self->features = g_hash_table_new (g_str_hash, g_str_equal);
  self->ports = g_hash_table_new (g_str_hash, g_str_equal);
  self->fingerprints = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  self->name = g_strdup ("");
  self->timeout_ms = PORTOLAN_PROFILE_DEFAULT_TIMEOUT_MS;
  self->concurrency = PORTOLAN_PROFILE_DEFAULT_CONCURRENCY;
  self->proxy = PORTOLAN_PROXY_SYSTEM;
}

/**
 * portolan_profile_new:
 *
 * A profile with no hosts, the catalogue's default features and the
 * default timeout, concurrency and proxy.
 */
PortolanProfile *
portolan_profile_new (PortolanCatalogue *catalogue)
{
  g_return_val_if_fail (PORTOLAN_IS_CATALOGUE (catalogue), NULL);

  return g_object_new (PORTOLAN_TYPE_PROFILE,
                       "catalogue", catalogue,
                       NULL);
}

/**
 * portolan_profile_new_from_file:
 *
 * Loads and checks a profile file against @catalogue. On any problem it
 * returns %NULL and an error that names the file, the place in it and
 * what is wrong; nothing of a broken file is kept.
 */
PortolanProfile *
portolan_profile_new_from_file (PortolanCatalogue  *catalogue,
                                GFile              *file,
                                GError            **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *origin = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;

  g_return_val_if_fail (PORTOLAN_IS_CATALOGUE (catalogue), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  origin = g_file_get_parse_name (file);
  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, &local_error))
    {
      g_set_error (error, PORTOLAN_PROFILE_ERROR, PORTOLAN_PROFILE_ERROR_IO,
                   /* Translators: the first %s is a file name, the second why it could not be read */
                   _("%s: cannot read the profile: %s"), origin, local_error->message);
      return NULL;
    }

  return _portolan_profile_parse (catalogue, contents, length, origin, error);
}

PortolanProfile *
portolan_profile_new_from_data (PortolanCatalogue  *catalogue,
                                const char         *data,
                                gssize              length,
                                const char         *origin,
                                GError            **error)
{
  g_return_val_if_fail (PORTOLAN_IS_CATALOGUE (catalogue), NULL);
  g_return_val_if_fail (data != NULL, NULL);

  if (length < 0)
    length = strlen (data);

  return _portolan_profile_parse (catalogue, data, length, origin != NULL ? origin : "<data>", error);
}

PortolanCatalogue *
portolan_profile_get_catalogue (PortolanProfile *self)
{
  g_return_val_if_fail (PORTOLAN_IS_PROFILE (self), NULL);

  return self->catalogue;
}

const char *
portolan_profile_get_name (PortolanProfile *self)
{
  g_return_val_if_fail (PORTOLAN_IS_PROFILE (self), NULL);

  return self->name;
}

/**
 * portolan_profile_set_name:
 * @name: (nullable): the installation's name, for reports; %NULL or ""
 *   for none
 */
void
portolan_profile_set_name (PortolanProfile *self,
                           const char      *name)
{
  g_return_if_fail (PORTOLAN_IS_PROFILE (self));

  if (name == NULL)
    name = "";

  emit_changed (self, set_string (&self->name, name));
}

/**
 * portolan_profile_get_hosts:
 *
 * The hosts given for a role, as the admin typed them (an IPv6 address
 * without brackets), or %NULL when the profile gives none, and the
 * catalogue's default hosts apply.
 */
const char * const *
portolan_profile_get_hosts (PortolanProfile *self,
                            const char      *role_id)
{
  g_return_val_if_fail (PORTOLAN_IS_PROFILE (self), NULL);
  g_return_val_if_fail (role_id != NULL, NULL);

  return g_hash_table_lookup (self->hosts, role_id);
}

/* The profile's codes for the host spec problems */
static gboolean
propagate_host_error (GError **error,
                      GError  *host_error)
{
  static const PortolanProfileError codes[] = {
    [PORTOLAN_HOST_SPEC_ERROR_INVALID] = PORTOLAN_PROFILE_ERROR_INVALID_HOST,
    [PORTOLAN_HOST_SPEC_ERROR_RANGE_NOT_ALLOWED] = PORTOLAN_PROFILE_ERROR_RANGE_NOT_ALLOWED,
    [PORTOLAN_HOST_SPEC_ERROR_TOO_MANY] = PORTOLAN_PROFILE_ERROR_TOO_MANY_HOSTS,
  };

  host_error->domain = PORTOLAN_PROFILE_ERROR;
  host_error->code = codes[host_error->code];
  g_propagate_error (error, host_error);

  return FALSE;
}

static gboolean
allows_ranges (PortolanRole *role)
{
  return portolan_role_get_kind (role) == PORTOLAN_ROLE_KIND_DEVICE;
}

/* The hosts to keep, each checked, none twice; NULL with @bad_index
 * set when one is at fault */
static GStrv
check_hosts (PortolanRole        *role,
             const char * const  *hosts,
             guint               *bad_index,
             GError             **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; hosts != NULL && hosts[i] != NULL; i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *spec = portolan_host_spec_parse (hosts[i], allows_ranges (role), NULL, &local_error);

      *bad_index = i;
      if (spec == NULL)
        {
          propagate_host_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      if (!g_hash_table_add (seen, g_strdup (spec)))
        {
          g_set_error (error, PORTOLAN_PROFILE_ERROR, PORTOLAN_PROFILE_ERROR_DUPLICATE_ID,
                       _("“%s” is listed twice"), spec);
          return NULL;
        }

      g_strv_builder_add (builder, spec);
    }

  *bad_index = G_MAXUINT;
  return g_strv_builder_end (builder);
}

gboolean
_portolan_profile_set_hosts (PortolanProfile     *self,
                             const char          *role_id,
                             const char * const  *hosts,
                             guint               *bad_index,
                             GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) expanded = NULL;
  g_auto(GStrv) kept = NULL;
  PortolanRole *role;
  const char * const *current;

  *bad_index = G_MAXUINT;
  if ((role = lookup_role (self, role_id, error)) == NULL ||
      (kept = check_hosts (role, hosts, bad_index, error)) == NULL)
    return FALSE;

  /* The whole list must stay within the cap */
  expanded = portolan_host_spec_expand ((const char * const *) kept, allows_ranges (role), &local_error);
  if (expanded == NULL)
    return propagate_host_error (error, g_steal_pointer (&local_error));

  current = g_hash_table_lookup (self->hosts, role_id);
  if (kept[0] == NULL)
    emit_changed (self, g_hash_table_remove (self->hosts, role_id));
  else if (current == NULL || !g_strv_equal (current, (const char * const *) kept))
    {
      g_hash_table_replace (self->hosts, (gpointer) portolan_role_get_id (role), g_steal_pointer (&kept));
      emit_changed (self, TRUE);
    }

  return TRUE;
}

/**
 * portolan_profile_set_hosts:
 * @hosts: (nullable): the hosts as typed; %NULL or none for the
 *   catalogue's default hosts
 *
 * Ranges and CIDR blocks are allowed for devices only; a role can have
 * at most %PORTOLAN_MAX_HOSTS_PER_ROLE hosts once they are expanded.
 */
gboolean
portolan_profile_set_hosts (PortolanProfile     *self,
                            const char          *role_id,
                            const char * const  *hosts,
                            GError             **error)
{
  guint bad_index;

  g_return_val_if_fail (PORTOLAN_IS_PROFILE (self), FALSE);
  g_return_val_if_fail (role_id != NULL, FALSE);

  return _portolan_profile_set_hosts (self, role_id, hosts, &bad_index, error);
}

/**
 * portolan_profile_expand_hosts:
 *
 * The hosts to probe for a role: the profile's, or else the catalogue's
 * default hosts (the IGEL cloud services' names), with ranges and blocks
 * expanded, in order, each once.
 *
 * Returns: (transfer full) (element-type utf8): the hosts, perhaps none
 */
GPtrArray *
portolan_profile_expand_hosts (PortolanProfile  *self,
                               const char       *role_id,
                               GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  const char * const *hosts;
  PortolanRole *role;
  GPtrArray *expanded;

  g_return_val_if_fail (PORTOLAN_IS_PROFILE (self), NULL);
  g_return_val_if_fail (role_id != NULL, NULL);

  if ((role = lookup_role (self, role_id, error)) == NULL)
    return NULL;

  hosts = g_hash_table_lookup (self->hosts, role_id);
  if (hosts == NULL)
    hosts = portolan_role_get_default_hosts (role);

  /* A catalogue's default hosts are only checked here, where they are used */
  expanded = portolan_host_spec_expand (hosts, allows_ranges (role), &local_error);
  if (expanded == NULL)
    propagate_host_error (error, g_steal_pointer (&local_error));

  return expanded;
}

gboolean
portolan_profile_has_feature (PortolanProfile *self,
                              const char      *feature_id)
{
  g_return_val_if_fail (PORTOLAN_IS_PROFILE (self), FALSE);

  return feature_id != NULL && g_hash_table_contains (self->features, feature_id);
}

/* In an exclusive group (the database), one feature in use rules out the others */
static gboolean
switch_off_rivals (PortolanProfile *self,
                   PortolanFeature *feature)
{
  PortolanFeature *rival;
  gboolean changed = FALSE;

  /* At most one is on, but a loop costs nothing and never leaves two */
  while ((rival = portolan_catalogue_find_rival (self->catalogue, self->features, feature)) != NULL)
    changed |= g_hash_table_remove (self->features, portolan_feature_get_id (rival));

  return changed;
}

/**
 * portolan_profile_set_feature:
 *
 * Switches a feature of the catalogue on or off. Switching on a feature
 * of an exclusive group switches the others of that group off.
 */
void
portolan_profile_set_feature (PortolanProfile *self,
                              const char      *feature_id,
                              gboolean         in_use)
{
  PortolanFeature *feature;
  gboolean changed;

  g_return_if_fail (PORTOLAN_IS_PROFILE (self));

  feature = portolan_catalogue_lookup_feature (self->catalogue, feature_id);
  g_return_if_fail (feature != NULL);

  if (in_use)
    {
      changed = switch_off_rivals (self, feature);
      changed |= g_hash_table_add (self->features, (gpointer) portolan_feature_get_id (feature));
    }
  else
    changed = g_hash_table_remove (self->features, feature_id);

  emit_changed (self, changed);
}

/**
 * portolan_profile_dup_features:
 *
 * Returns: (transfer full): the ids of the features in use, in the
 *   catalogue's order
 */
GStrv
portolan_profile_dup_features (PortolanProfile *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GPtrArray *features;

  g_return_val_if_fail (PORTOLAN_IS_PROFILE (self), NULL);

  features = portolan_catalogue_get_features (self->catalogue);
  for (guint i = 0; i < features->len; i++)
    {
      const char *id = portolan_feature_get_id (g_ptr_array_index (features, i));

      if (g_hash_table_contains (self->features, id))
        g_strv_builder_add (builder, id);
    }

  return g_strv_builder_end (builder);
}

/**
 * portolan_profile_get_port:
 *
 * The port to probe for @link: the profile's override, else the link's
 * own port (0 for a dynamic one).
 */
guint16
portolan_profile_get_port (PortolanProfile *self,
                           PortolanLink    *link)
{
  guint16 port;

  g_return_val_if_fail (PORTOLAN_IS_PROFILE (self), 0);
  g_return_val_if_fail (PORTOLAN_IS_LINK (link), 0);

  port = portolan_profile_get_port_override (self, portolan_link_get_id (link));
  return port != 0 ? port : portolan_link_get_port (link);
}

/**
 * portolan_profile_get_port_override:
 *
 * Returns: the port the profile sets for the link, or 0 for none
 */
guint16
portolan_profile_get_port_override (PortolanProfile *self,
                                    const char      *link_id)
{
  g_return_val_if_fail (PORTOLAN_IS_PROFILE (self), 0);
  g_return_val_if_fail (link_id != NULL, 0);

  return GPOINTER_TO_UINT (g_hash_table_lookup (self->ports, link_id));
}

gboolean
_portolan_profile_check_number (PortolanProfileNumber   number,
                                gint64                  value,
                                GError                **error)
{
  static const gint64 limits[][2] = {
    [PORTOLAN_PROFILE_NUMBER_PORT] = { 1, G_MAXUINT16 },
    [PORTOLAN_PROFILE_NUMBER_TIMEOUT] = { PORTOLAN_PROFILE_MIN_TIMEOUT_MS, PORTOLAN_PROFILE_MAX_TIMEOUT_MS },
    [PORTOLAN_PROFILE_NUMBER_CONCURRENCY] = { PORTOLAN_PROFILE_MIN_CONCURRENCY, PORTOLAN_PROFILE_MAX_CONCURRENCY },
  };

  if (value >= limits[number][0] && value <= limits[number][1])
    return TRUE;

  switch (number)
    {
    case PORTOLAN_PROFILE_NUMBER_PORT:
      g_set_error (error, PORTOLAN_PROFILE_ERROR, PORTOLAN_PROFILE_ERROR_OUT_OF_RANGE,
                   _("port %" PRId64 " is outside 1–65535"), (int64_t) value);
      break;

    case PORTOLAN_PROFILE_NUMBER_TIMEOUT:
      g_set_error (error, PORTOLAN_PROFILE_ERROR, PORTOLAN_PROFILE_ERROR_OUT_OF_RANGE,
                   _("a timeout of %" PRId64 " ms is outside %d–%d ms"),
                   (int64_t) value, PORTOLAN_PROFILE_MIN_TIMEOUT_MS, PORTOLAN_PROFILE_MAX_TIMEOUT_MS);
      break;

    case PORTOLAN_PROFILE_NUMBER_CONCURRENCY:
    default:
      g_set_error (error, PORTOLAN_PROFILE_ERROR, PORTOLAN_PROFILE_ERROR_OUT_OF_RANGE,
                   _("%" PRId64 " checks at a time is outside %d–%d"),
                   (int64_t) value, PORTOLAN_PROFILE_MIN_CONCURRENCY, PORTOLAN_PROFILE_MAX_CONCURRENCY);
      break;
    }

  return FALSE;
}

/**
 * portolan_profile_set_port_override:
 * @port: 1 to 65535, or 0 for the link's own port
 *
 * Sets the port a link is probed on where the installation changed it.
 * An override equal to the link's own port is no override.
 */
gboolean
portolan_profile_set_port_override (PortolanProfile  *self,
                                    const char       *link_id,
                                    guint             port,
                                    GError          **error)
{
  PortolanLink *link;
  guint previous;

  g_return_val_if_fail (PORTOLAN_IS_PROFILE (self), FALSE);
  g_return_val_if_fail (link_id != NULL, FALSE);

  if ((link = lookup_link (self, link_id, error)) == NULL ||
      (port != 0 && !_portolan_profile_check_number (PORTOLAN_PROFILE_NUMBER_PORT, port, error)))
    return FALSE;

  if (port == portolan_link_get_port (link))
    port = 0;

  previous = GPOINTER_TO_UINT (g_hash_table_lookup (self->ports, link_id));
  if (port == 0)
    g_hash_table_remove (self->ports, link_id);
  else
    g_hash_table_insert (self->ports, (gpointer) portolan_link_get_id (link), GUINT_TO_POINTER (port));

  emit_changed (self, port != previous);
  return TRUE;
}

guint
portolan_profile_get_timeout_ms (PortolanProfile *self)
{
  g_return_val_if_fail (PORTOLAN_IS_PROFILE (self), 0);

  return self->timeout_ms;
}

/* Sets one of the profile's numbers, if its limits allow */
static gboolean
set_number (PortolanProfile        *self,
            PortolanProfileNumber   number,
            guint                  *field,
            guint                   value,
            GError                **error)
{
  gboolean changed;

  if (!_portolan_profile_check_number (number, value, error))
    return FALSE;

  changed = *field != value;
  *field = value;
  emit_changed (self, changed);
  return TRUE;
}

/**
 * portolan_profile_set_timeout_ms:
 *
 * How long a check waits for an answer, from
 * %PORTOLAN_PROFILE_MIN_TIMEOUT_MS to %PORTOLAN_PROFILE_MAX_TIMEOUT_MS.
 */
gboolean
portolan_profile_set_timeout_ms (PortolanProfile  *self,
                                 guint             timeout_ms,
                                 GError          **error)
{
  g_return_val_if_fail (PORTOLAN_IS_PROFILE (self), FALSE);

  return set_number (self, PORTOLAN_PROFILE_NUMBER_TIMEOUT, &self->timeout_ms, timeout_ms, error);
}

guint
portolan_profile_get_concurrency (PortolanProfile *self)
{
  g_return_val_if_fail (PORTOLAN_IS_PROFILE (self), 0);

  return self->concurrency;
}

/**
 * portolan_profile_set_concurrency:
 *
 * How many checks may run at a time, from
 * %PORTOLAN_PROFILE_MIN_CONCURRENCY to %PORTOLAN_PROFILE_MAX_CONCURRENCY.
 */
gboolean
portolan_profile_set_concurrency (PortolanProfile  *self,
                                  guint             concurrency,
                                  GError          **error)
{
  g_return_val_if_fail (PORTOLAN_IS_PROFILE (self), FALSE);

  return set_number (self, PORTOLAN_PROFILE_NUMBER_CONCURRENCY, &self->concurrency, concurrency, error);
}

PortolanProxy
portolan_profile_get_proxy (PortolanProfile *self)
{
  g_return_val_if_fail (PORTOLAN_IS_PROFILE (self), PORTOLAN_PROXY_SYSTEM);

  return self->proxy;
}

/**
 * portolan_profile_get_proxy_url:
 *
 * Returns: (nullable): the proxy's URL with %PORTOLAN_PROXY_URL, else %NULL
 */
const char *
portolan_profile_get_proxy_url (PortolanProfile *self)
{
  g_return_val_if_fail (PORTOLAN_IS_PROFILE (self), NULL);

  return self->proxy_url;
}

static gboolean
check_proxy_url (const char  *url,
                 GError     **error)
{
  g_autoptr(GUri) uri = url != NULL ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;

  if (uri == NULL)
    g_set_error (error, PORTOLAN_PROFILE_ERROR, PORTOLAN_PROFILE_ERROR_INVALID_PROXY,
                 _("“%s” is not a URL; a proxy is written like http://proxy.example.com:3128"),
                 url != NULL ? url : "");
  else if (!g_strv_contains (proxy_schemes, g_uri_get_scheme (uri)))
    g_set_error (error, PORTOLAN_PROFILE_ERROR, PORTOLAN_PROFILE_ERROR_INVALID_PROXY,
                 _("“%s” is not a proxy Portolan can use: the URL must start with http, https, socks, socks4 or socks5"),
                 url);
  else if (g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    g_set_error (error, PORTOLAN_PROFILE_ERROR, PORTOLAN_PROFILE_ERROR_INVALID_PROXY,
                 _("“%s” names no proxy host"), url);
  else
    return TRUE;

  return FALSE;
}

/**
 * portolan_profile_set_proxy:
 * @url: (nullable): with %PORTOLAN_PROXY_URL, the proxy: http, https,
 *   socks, socks4 or socks5, and a host; ignored otherwise
 *
 * Chooses how the HTTPS checks of IGEL's cloud services reach them. Raw
 * TCP probes never use a proxy.
 */
gboolean
portolan_profile_set_proxy (PortolanProfile  *self,
                            PortolanProxy     proxy,
                            const char       *url,
                            GError          **error)
{
  gboolean changed;

  g_return_val_if_fail (PORTOLAN_IS_PROFILE (self), FALSE);
  g_return_val_if_fail (proxy <= PORTOLAN_PROXY_URL, FALSE);

  if (proxy != PORTOLAN_PROXY_URL)
    url = NULL;
  else if (!check_proxy_url (url, error))
    return FALSE;

  changed = self->proxy != proxy;
  self->proxy = proxy;
  changed |= set_string (&self->proxy_url, url);

  emit_changed (self, changed);
  return TRUE;
}

/**
 * portolan_profile_get_fingerprint:
 *
 * Returns: (nullable): the SHA-256 fingerprint expected of the role's
 *   TLS certificate, as upper-case pairs joined by colons, or %NULL
 */
const char *
portolan_profile_get_fingerprint (PortolanProfile *self,
                                  const char      *role_id)
{
  g_return_val_if_fail (PORTOLAN_IS_PROFILE (self), NULL);
  g_return_val_if_fail (role_id != NULL, NULL);

  return g_hash_table_lookup (self->fingerprints, role_id);
}

/* 64 hex digits in any case, perhaps split by colons or spaces, as
 * browsers and openssl show them, become "AB:CD:…" */
static char *
normalize_fingerprint (const char  *text,
                       GError     **error)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  GString *normalized;

  for (const char *c = text; *c != '\0'; c = g_utf8_next_char (c))
    {
      if (*c == ':' || *c == ' ')
        continue;

      if (!g_ascii_isxdigit (*c))
        {
          g_set_error (error, PORTOLAN_PROFILE_ERROR, PORTOLAN_PROFILE_ERROR_INVALID_FINGERPRINT,
                       _("“%s” is not a SHA-256 fingerprint: “%.*s” is not a hex digit"),
                       text, (int) (g_utf8_next_char (c) - c), c);
          return NULL;
        }

      g_string_append_c (digits, g_ascii_toupper (*c));
    }

  if (digits->len != FINGERPRINT_DIGITS)
    {
      g_set_error (error, PORTOLAN_PROFILE_ERROR, PORTOLAN_PROFILE_ERROR_INVALID_FINGERPRINT,
                   _("“%s” is not a SHA-256 fingerprint: it has %u hex digits, not %d"),
                   text, (guint) digits->len, FINGERPRINT_DIGITS);
      return NULL;
    }

  normalized = g_string_new (NULL);
  for (guint i = 0; i < FINGERPRINT_DIGITS; i += 2)
    g_string_append_printf (normalized, "%s%.2s", i > 0 ? ":" : "", digits->str + i);

  return g_string_free (normalized, FALSE);
}

/**
 * portolan_profile_set_fingerprint:
 * @fingerprint: (nullable): 64 hex digits, with or without colons or
 *   spaces, in either case; %NULL or "" to expect none
 *
 * Sets the SHA-256 fingerprint the role's TLS certificate must have.
 */
gboolean
portolan_profile_set_fingerprint (PortolanProfile  *self,
                                  const char       *role_id,
                                  const char       *fingerprint,
                                  GError          **error)
{
  g_autofree char *normalized = NULL;
  PortolanRole *role;

  g_return_val_if_fail (PORTOLAN_IS_PROFILE (self), FALSE);
  g_return_val_if_fail (role_id != NULL, FALSE);

  if ((role = lookup_role (self, role_id, error)) == NULL)
    return FALSE;

  if (fingerprint == NULL || *fingerprint == '\0')
    {
      emit_changed (self, g_hash_table_remove (self->fingerprints, role_id));
      return TRUE;
    }

  if ((normalized = normalize_fingerprint (fingerprint, error)) == NULL)
    return FALSE;

  if (g_strcmp0 (g_hash_table_lookup (self->fingerprints, role_id), normalized) != 0)
    {
      g_hash_table_replace (self->fingerprints, (gpointer) portolan_role_get_id (role), g_steal_pointer (&normalized));
      emit_changed (self, TRUE);
    }

  return TRUE;
}

/**
 * portolan_profile_to_data:
 * @length: (out) (optional): the length of the text
 *
 * Returns: (transfer full): the profile as the JSON text it is saved as
 */
char *
portolan_profile_to_data (PortolanProfile *self,
                          gsize           *length)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  char *data;

  g_return_val_if_fail (PORTOLAN_IS_PROFILE (self), NULL);

  root = portolan_profile_build_json (self);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);

  text = json_generator_to_data (generator, NULL);
  data = g_strconcat (text, "\n", NULL);
  if (length != NULL)
    *length = strlen (data);

  return data;
}

static GBytes *
to_bytes (PortolanProfile *self)
{
  gsize length;
  char *data = portolan_profile_to_data (self, &length);

  return g_bytes_new_take (data, length);
}

/**
 * portolan_profile_save:
 *
 * Saves the profile as JSON in one step: if saving fails, the file keeps
 * its previous contents, never half of the new ones. The previous
 * version stays beside it as FILE.bak.
 *
 * Returns: %TRUE if saved; else %FALSE with a %G_IO_ERROR that names
 *   the file
 */
gboolean
portolan_profile_save (PortolanProfile  *self,
                       GFile            *file,
                       GCancellable     *cancellable,
                       GError          **error)
{
  g_autoptr(GBytes) contents = NULL;

  g_return_val_if_fail (PORTOLAN_IS_PROFILE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  contents = to_bytes (self);
  return portolan_atomic_file_save (file, contents, _(SAVE_FAILURE), cancellable, error);
}

/* A profile is not thread-safe: its JSON is made before the thread starts */
static GBytes *
made_before (gpointer       source_object,
             gpointer       contents,
             GCancellable  *cancellable,
             GError       **error)
{
  return g_bytes_ref (contents);
}

/**
 * portolan_profile_save_async:
 *
 * Like portolan_profile_save(), writing in a worker thread. The profile
 * is saved as it is when this is called; later changes are not.
 */
void
portolan_profile_save_async (PortolanProfile     *self,
                             GFile               *file,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (PORTOLAN_IS_PROFILE (self));
  g_return_if_fail (G_IS_FILE (file));

  _portolan_atomic_file_save_async (file, _(SAVE_FAILURE),
                                    made_before, to_bytes (self), (GDestroyNotify) g_bytes_unref,
                                    self, portolan_profile_save_async,
                                    cancellable, callback, user_data);
}

gboolean
portolan_profile_save_finish (PortolanProfile  *self,
                              GAsyncResult     *result,
                              GError          **error)
{
  g_return_val_if_fail (PORTOLAN_IS_PROFILE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return _portolan_atomic_file_save_finish (result, error);
}
