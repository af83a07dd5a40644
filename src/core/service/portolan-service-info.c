/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-service-info.c
 *
 * What a protocol check learnt from the server: which service answered,
 * its version, and the facts it gave (realm, naming context, whether it
 * offers TLS). Every value comes from the network, so each is capped and
 * made valid UTF-8 when it is added, and a fact is kept once however
 * often a parser sees it. The keys are a stable part of `--json`.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "portolan-json-builder-private.h"
#include "portolan-service-info.h"
#include "portolan-text.h"

/* More facts than any answer gives; the rest are dropped */
#define MAX_FACTS 32

static const struct
{
  const char *key;
  const char *label;
} fact_labels[] = {
  { "tls", N_("TLS") },
  { "realm", N_("realm") },
  { "kdc_time", N_("KDC clock") },
  { "clock_offset", N_("clock offset") },
  { "error", N_("error") },
  { "ldap_versions", N_("LDAP versions") },
  { "vendor", N_("vendor") },
  { "naming_contexts", N_("naming contexts") },
  { "default_naming_context", N_("default naming context") },
  { "dns_host_name", N_("DNS host name") },
  { "server_name", N_("server name") },
  { "server_class", N_("server class") },
  { "release", N_("release") },
  { "encryption", N_("encryption") },
  { "protocol_version", N_("protocol version") },
  { "provider", N_("provider") },
  { "status", N_("status") },
  { "build", N_("build") },
  { "server_uuid", N_("server UUID") },
  { "activemq_version", N_("ActiveMQ version") },
  { "derby_version", N_("Derby version") },
};

/**
 * portolan_service_fact_get_label:
 *
 * Returns: the fact's name to show, translated; the key itself for a
 *   key this version does not know
 */
const char *
portolan_service_fact_get_label (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (fact_labels); i++)
    if (g_str_equal (fact_labels[i].key, key))
      return g_dgettext (GETTEXT_PACKAGE, fact_labels[i].label);

  return key;
}

static void
fact_free (PortolanServiceFact *fact)
{
  g_free (fact->key);
  g_free (fact->value);
  g_free (fact);
}

/**
 * portolan_service_info_new:
 * @expected: the id of the service the link needs, as the catalogue names it
 */
PortolanServiceInfo *
portolan_service_info_new (const char *expected)
{
  PortolanServiceInfo *self = g_new0 (PortolanServiceInfo, 1);

  self->expected = g_strdup (expected);
  self->facts = g_ptr_array_new_with_free_func ((GDestroyNotify) fact_free);
  return self;
}

void
portolan_service_info_free (PortolanServiceInfo *self)
{
  if (self == NULL)
    return;

  g_free (self->expected);
  g_free (self->answered);
  g_free (self->version);
  g_ptr_array_unref (self->facts);
  g_free (self->warning);
  g_free (self);
}

PortolanServiceInfo *
portolan_service_info_copy (const PortolanServiceInfo *self)
{
  PortolanServiceInfo *copy = portolan_service_info_new (self->expected);

  copy->answered = g_strdup (self->answered);
  copy->version = g_strdup (self->version);
  copy->warning = g_strdup (self->warning);
  for (guint i = 0; i < self->facts->len; i++)
    {
      const PortolanServiceFact *fact = g_ptr_array_index (self->facts, i);

      portolan_service_info_add_fact (copy, fact->key, fact->value);
    }

  return copy;
}

/* Network text as one safe line: capped, valid UTF-8, and its line
 * breaks and other controls as blanks, or NULL when nothing is left */
static char *
clean (const char *text)
{
  g_autofree char *capped = portolan_text_cap (text);

  if (capped == NULL)
    return NULL;

  for (char *c = capped; *c != '\0'; c++)
    if ((guchar) *c < 0x20 || *c == 0x7f)
      *c = ' ';

  g_strstrip (capped);
  if (*capped == '\0')
    return NULL;

  return g_steal_pointer (&capped);
}

void
portolan_service_info_set_answered (PortolanServiceInfo *self,
                                    const char          *answered)
{
  g_free (self->answered);
  self->answered = g_strdup (answered);
}

/**
 * portolan_service_info_set_version:
 * @version: (nullable): as the server sent it
 */
void
portolan_service_info_set_version (PortolanServiceInfo *self,
                                   const char          *version)
{
  g_free (self->version);
  self->version = clean (version);
}

/**
 * portolan_service_info_add_fact:
 * @key: a stable name, as fact_labels[] lists
 * @value: (nullable): as the server sent it; nothing is added when it is
 *   %NULL or blank
 *
 * A key that is there already keeps its first value.
 */
void
portolan_service_info_add_fact (PortolanServiceInfo *self,
                                const char          *key,
                                const char          *value)
{
  PortolanServiceFact *fact;
  g_autofree char *cleaned = clean (value);

  if (cleaned == NULL || self->facts->len >= MAX_FACTS ||
      portolan_service_info_lookup (self, key) != NULL)
    return;

  fact = g_new0 (PortolanServiceFact, 1);
  fact->key = g_strdup (key);
  fact->value = g_steal_pointer (&cleaned);
  g_ptr_array_add (self->facts, fact);
}

/**
 * portolan_service_info_add_fact_bytes:
 *
 * The same for bytes that need not end in NUL and may hold one.
 */
void
portolan_service_info_add_fact_bytes (PortolanServiceInfo *self,
                                      const char          *key,
                                      const guint8        *data,
                                      gsize                length)
{
  g_autofree char *text = g_strndup ((const char *) data, MIN (length, PORTOLAN_TEXT_MAX_BYTES + 1));

  portolan_service_info_add_fact (self, key, text);
}

/**
 * portolan_service_info_set_warning:
 * @warning: (nullable): translated text; the server's own words in it
 *   must be cleaned by the caller
 */
void
portolan_service_info_set_warning (PortolanServiceInfo *self,
                                   const char          *warning)
{
  g_free (self->warning);
  self->warning = g_strdup (warning);
}

/**
 * portolan_service_info_lookup:
 *
 * Returns: (nullable): the fact's value
 */
const char *
portolan_service_info_lookup (const PortolanServiceInfo *self,
                              const char                *key)
{
  for (guint i = 0; i < self->facts->len; i++)
    {
      const PortolanServiceFact *fact = g_ptr_array_index (self->facts, i);

      if (g_str_equal (fact->key, key))
        return fact->value;
    }

  return NULL;
}

/**
 * portolan_service_info_describe:
 *
 * The version and the facts in one line: "version 15.4; TLS offered".
 *
 * Returns: (nullable): %NULL when the server told nothing
 */
char *
portolan_service_info_describe (const PortolanServiceInfo *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (self->version != NULL)
    /* Translators: "version 15.4", what a server says of itself */
    g_string_append_printf (text, _("version %s"), self->version);

  for (guint i = 0; i < self->facts->len; i++)
    {
      const PortolanServiceFact *fact = g_ptr_array_index (self->facts, i);

      if (text->len > 0)
        g_string_append (text, "; ");
      /* Translators: a fact a server gave: "realm EXAMPLE.COM" */
      g_string_append_printf (text, _("%s %s"), portolan_service_fact_get_label (fact->key), fact->value);
    }

  if (text->len == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&text), FALSE);
}

void
portolan_service_info_build_json (const PortolanServiceInfo *self,
                                  JsonBuilder               *builder)
{
  json_builder_begin_object (builder);
  portolan_json_add_string (builder, "expected", self->expected);
  portolan_json_add_string (builder, "answered", self->answered);
  portolan_json_add_string (builder, "version", self->version);

  json_builder_set_member_name (builder, "facts");
  json_builder_begin_object (builder);
  for (guint i = 0; i < self->facts->len; i++)
    {
      const PortolanServiceFact *fact = g_ptr_array_index (self->facts, i);

      json_builder_set_member_name (builder, fact->key);
      json_builder_add_string_value (builder, fact->value);
    }
  json_builder_end_object (builder);

  json_builder_end_object (builder);
}
