/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-catalogue.c: a catalogue file, from any bytes
 *
 * Loading either gives a catalogue whose every part can be read, or an
 * error, never both or neither; and a message about a UTF-8 file is UTF-8.
 */
#include "config.h"

#include "portolan-catalogue.h"

#include "fuzz-common.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  return 0;
}

static void
read_everything (PortolanCatalogue *catalogue)
{
  GPtrArray *roles = portolan_catalogue_get_roles (catalogue);
  GPtrArray *features = portolan_catalogue_get_features (catalogue);
  GPtrArray *links = portolan_catalogue_get_links (catalogue);
  g_autofree char *role_ids = portolan_catalogue_list_role_ids (catalogue);
  g_autofree char *feature_ids = portolan_catalogue_list_feature_ids (catalogue);

  g_assert_nonnull (role_ids);
  g_assert_nonnull (feature_ids);
  g_assert_nonnull (portolan_catalogue_get_id (catalogue));
  g_assert_true (g_utf8_validate (portolan_catalogue_get_name (catalogue), -1, NULL));

  for (guint i = 0; i < roles->len; i++)
    {
      const char *id = portolan_role_get_id (g_ptr_array_index (roles, i));

      g_assert_true (portolan_catalogue_lookup_role (catalogue, id) == g_ptr_array_index (roles, i));
      g_assert_true (g_utf8_validate (portolan_role_get_name (g_ptr_array_index (roles, i)), -1, NULL));
    }
  for (guint i = 0; i < features->len; i++)
    {
      const char *id = portolan_feature_get_id (g_ptr_array_index (features, i));

      g_assert_true (portolan_catalogue_lookup_feature (catalogue, id) == g_ptr_array_index (features, i));
    }
  for (guint i = 0; i < links->len; i++)
    {
      const char *id = portolan_link_get_id (g_ptr_array_index (links, i));

      g_assert_true (portolan_catalogue_lookup_link (catalogue, id) == g_ptr_array_index (links, i));
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(PortolanCatalogue) catalogue = NULL;
  g_autoptr(GError) error = NULL;

  fuzz_init ();

  catalogue = portolan_catalogue_new_from_data ((const char *) data, size, "fuzz.json", &error);
  g_assert_true ((catalogue == NULL) != (error == NULL));

  if (catalogue != NULL)
    read_everything (catalogue);
  else if (g_utf8_validate ((const char *) data, size, NULL))
    g_assert_true (g_utf8_validate (error->message, -1, NULL));

  return 0;
}
