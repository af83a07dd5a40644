/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-profile.c: a profile file, from any bytes, against the built-in catalogue
 *
 * A profile that loads is saved and loaded again: it must load, and save
 * to the same text. Its hosts expand, or refuse to, without a crash.
 */
#include "config.h"

#include "portolan-profile.h"

#include "fuzz-common.h"

static PortolanCatalogue *catalogue;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(GError) error = NULL;

  fuzz_init ();
  catalogue = portolan_catalogue_new_builtin (&error);
  g_assert_no_error (error);
  return 0;
}

static void
expand_every_role (PortolanProfile *profile)
{
  GPtrArray *roles = portolan_catalogue_get_roles (catalogue);

  for (guint i = 0; i < roles->len; i++)
    {
      const char *id = portolan_role_get_id (g_ptr_array_index (roles, i));
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) hosts = portolan_profile_expand_hosts (profile, id, &error);

      g_assert_true ((hosts == NULL) != (error == NULL));
    }
}

static void
assert_round_trip (PortolanProfile *profile)
{
  g_autoptr(PortolanProfile) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *saved_again = NULL;
  gsize length;

  saved = portolan_profile_to_data (profile, &length);
  again = portolan_profile_new_from_data (catalogue, saved, length, "saved.json", &error);
  g_assert_no_error (error);

  saved_again = portolan_profile_to_data (again, NULL);
  g_assert_cmpstr (saved, ==, saved_again);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(PortolanProfile) profile = NULL;
  g_autoptr(GError) error = NULL;

  fuzz_init ();

  profile = portolan_profile_new_from_data (catalogue, (const char *) data, size, "fuzz.json", &error);
  g_assert_true ((profile == NULL) != (error == NULL));

  if (profile != NULL)
    {
      expand_every_role (profile);
      assert_round_trip (profile);
    }
  else if (g_utf8_validate ((const char *) data, size, NULL))
    {
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }

  return 0;
}
