/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-test-plans.c: catalogues, profiles and plans, built for a test or it fails
 *
 * Each helper asserts that the core took what it was given, so a test
 * reads as the installation it sets up.
 */
#include "config.h"

#include "portolan-test-plans.h"

PortolanCatalogue *
portolan_test_load_builtin (void)
{
  g_autoptr(GError) error = NULL;
  PortolanCatalogue *catalogue = portolan_catalogue_new_builtin (&error);

  g_assert_no_error (error);
  return catalogue;
}

/* The hosts of @role_id: the host specs that follow, up to NULL */
void
portolan_test_set_hosts (PortolanProfile *profile,
                         const char      *role_id,
                         const char      *first,
                         ...)
{
  g_autoptr(GPtrArray) hosts = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  va_list args;

  va_start (args, first);
  for (const char *host = first; host != NULL; host = va_arg (args, const char *))
    g_ptr_array_add (hosts, (gpointer) host);
  va_end (args);
  g_ptr_array_add (hosts, NULL);

  g_assert_true (portolan_profile_set_hosts (profile, role_id, (const char * const *) hosts->pdata, &error));
  g_assert_no_error (error);
}

PortolanPlan *
portolan_test_new_plan (PortolanProfile *profile,
                        const char      *source,
                        const char      *target)
{
  g_autoptr(GError) error = NULL;
  PortolanPlan *plan = portolan_plan_new (profile, source, target, &error);

  g_assert_no_error (error);
  return plan;
}
