/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-host-spec.c: what an admin may type as a host
 *
 * The first byte chooses: bit 0 allows ranges (a device role), bit 1
 * expands the rest as a list, one spec a line; otherwise the rest is one
 * spec. What a spec keeps must parse again to itself, and every expanded
 * host must be a host a role without ranges accepts.
 */
#include "config.h"

#include "portolan-host-spec-private.h"

#include "fuzz-common.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  return 0;
}

static void
parse_one (const char *spec,
           gboolean    allow_ranges)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) again_error = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *again = NULL;
  PortolanHostSpecKind kind, again_kind;

  kept = portolan_host_spec_parse (spec, allow_ranges, &kind, &error);
  g_assert_true ((kept == NULL) != (error == NULL));
  if (kept == NULL)
    {
      if (g_utf8_validate (spec, -1, NULL))
        g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return;
    }

  again = portolan_host_spec_parse (kept, allow_ranges, &again_kind, &again_error);
  g_assert_no_error (again_error);
  g_assert_cmpstr (again, ==, kept);
  g_assert_cmpint (again_kind, ==, kind);
}

static void
expand_list (const char *text,
             gboolean    allow_ranges)
{
  g_auto(GStrv) specs = g_strsplit (text, "\n", -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hosts = portolan_host_spec_expand ((const char * const *) specs, allow_ranges, &error);

  g_assert_true ((hosts == NULL) != (error == NULL));
  if (hosts == NULL)
    return;

  g_assert_cmpuint (hosts->len, <=, PORTOLAN_MAX_HOSTS_PER_ROLE);
  for (guint i = 0; i < hosts->len; i++)
    {
      g_autoptr(GError) host_error = NULL;
      g_autofree char *host = portolan_host_spec_parse (g_ptr_array_index (hosts, i), FALSE, NULL, &host_error);

      g_assert_no_error (host_error);
      g_assert_nonnull (host);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = NULL;
  guint8 mode;

  fuzz_init ();

  if (size == 0)
    return 0;

  mode = data[0];
  text = fuzz_dup_string (data + 1, size - 1);

  if (mode & 2)
    expand_list (text, mode & 1);
  else
    parse_one (text, mode & 1);

  return 0;
}
