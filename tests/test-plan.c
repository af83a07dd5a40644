/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-plan.c: the checks a plan holds, against the built-in catalogue
 *
 * The expected lists are written by hand from the port table (the seed,
 * tests/seed-rows.h) and the catalogue's features, not worked out by the
 * plan's own logic. Nothing here touches the network: a plan only lists
 * checks.
 */
#include "config.h"

#include "portolan-core.h"

/* What one check must be; host NULL for a check without a host. A detail
 * that ends in "…" is a prefix; NULL means the check has none. */
typedef struct
{
  const char        *link;
  const char        *to;
  const char        *host;
  guint16            port;
  PortolanProtocol   protocol;
  PortolanProbeKind  probe;
  PortolanState      state;
  const char        *detail;
} Expected;

#define TCP PORTOLAN_PROTOCOL_TCP
#define UDP PORTOLAN_PROTOCOL_UDP

/* A check to probe */
#define PROBE(link, to, host, port, protocol, probe) \
  { link, to, host, port, protocol, PORTOLAN_PROBE_##probe, PORTOLAN_STATE_PENDING, NULL }
/* A check the plan decided: skipped or unverified */
#define DECIDED(link, to, host, port, protocol, state, detail) \
  { link, to, host, port, protocol, PORTOLAN_PROBE_NONE, PORTOLAN_STATE_##state, detail }

#define OS11_OFF "IGEL OS 11 Device is not in use: the feature “IGEL OS 11 devices” is off"

typedef struct
{
  PortolanCatalogue *catalogue;
  PortolanProfile   *profile;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->catalogue = portolan_catalogue_new_builtin (&error);
  g_assert_no_error (error);
  f->profile = portolan_profile_new (f->catalogue);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_finalize_object (f->profile);
  g_assert_finalize_object (f->catalogue);
}

/* Exactly these features in use */
static void
use_features (Fixture    *f,
              const char *csv)
{
  g_auto(GStrv) ids = g_strsplit (csv, ",", -1);
  GPtrArray *features = portolan_catalogue_get_features (f->catalogue);

  for (guint i = 0; ids[i] != NULL; i++)
    g_assert_nonnull (portolan_catalogue_lookup_feature (f->catalogue, ids[i]));

  for (guint i = 0; i < features->len; i++)
    {
      const char *id = portolan_feature_get_id (g_ptr_array_index (features, i));

      portolan_profile_set_feature (f->profile, id, g_strv_contains ((const char * const *) ids, id));
    }
}

static void
set_hosts (Fixture    *f,
           const char *role_id,
           const char *csv)
{
  g_auto(GStrv) hosts = g_strsplit (csv, ",", -1);
  g_autoptr(GError) error = NULL;

  g_assert_true (portolan_profile_set_hosts (f->profile, role_id, (const char * const *) hosts, &error));
  g_assert_no_error (error);
}

static void
set_port (Fixture    *f,
          const char *link_id,
          guint       port)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (portolan_profile_set_port_override (f->profile, link_id, port, &error));
  g_assert_no_error (error);
}

static PortolanPlan *
new_plan (Fixture    *f,
          const char *source,
          const char *target)
{
  g_autoptr(GError) error = NULL;
  PortolanPlan *plan = portolan_plan_new (f->profile, source, target, &error);

  g_assert_no_error (error);
  g_assert_nonnull (plan);
  g_assert_true (portolan_plan_get_profile (plan) == f->profile);
  g_assert_cmpstr (portolan_plan_get_source (plan), ==, source);
  g_assert_cmpstr (portolan_plan_get_target (plan), ==, target);
  return plan;
}

static char *
describe_check (PortolanCheck *check)
{
  g_autofree char *port = portolan_check_format_port (check);

  return g_strdup_printf ("%s %s → %s %s %s probe=%d %s “%s”",
                          portolan_link_get_id (portolan_check_get_link (check)),
                          portolan_check_get_from (check), portolan_check_get_to (check),
                          portolan_check_get_host (check) ? portolan_check_get_host (check) : "(no host)",
                          port, portolan_check_get_probe (check),
                          portolan_state_to_string (portolan_check_get_state (check)),
                          portolan_check_get_detail (check) ? portolan_check_get_detail (check) : "(none)");
}

static void
dump_checks (PortolanPlan *plan)
{
  GPtrArray *checks = portolan_plan_get_checks (plan);

  for (guint i = 0; i < checks->len; i++)
    {
      g_autofree char *text = describe_check (g_ptr_array_index (checks, i));

      g_test_message ("check %u: %s", i, text);
    }
}

static void
assert_check (PortolanCheck  *check,
              const char     *source,
              const Expected *e)
{
  const char *detail = portolan_check_get_detail (check);

  g_assert_cmpstr (portolan_link_get_id (portolan_check_get_link (check)), ==, e->link);
  g_assert_cmpstr (portolan_check_get_from (check), ==, source);
  g_assert_cmpstr (portolan_check_get_to (check), ==, e->to);
  g_assert_cmpstr (portolan_check_get_host (check), ==, e->host);
  g_assert_cmpuint (portolan_check_get_port (check), ==, e->port);
  g_assert_cmpint (portolan_check_get_protocol (check), ==, e->protocol);
  g_assert_cmpint (portolan_check_get_probe (check), ==, e->probe);
  g_assert_cmpint (portolan_check_get_state (check), ==, e->state);
  g_assert_cmpint (portolan_check_is_finished (check), ==, e->state != PORTOLAN_STATE_PENDING);

  if (e->detail != NULL && g_str_has_suffix (e->detail, "…"))
    {
      g_autofree char *prefix = g_strndup (e->detail, strlen (e->detail) - strlen ("…"));

      g_assert_nonnull (detail);
      if (!g_str_has_prefix (detail, prefix))
        g_error ("detail “%s” does not start with “%s”", detail, prefix);
    }
  else
    g_assert_cmpstr (detail, ==, e->detail);

  /* Nothing was probed: no address, no latency, no certificate */
  g_assert_null (portolan_check_get_address (check));
  g_assert_cmpfloat (portolan_check_get_latency (check), <, 0);
  g_assert_null (portolan_check_get_tls_info (check));
}

static void
assert_checks (PortolanPlan   *plan,
               const Expected *expected,
               guint           n_expected)
{
  GPtrArray *checks = portolan_plan_get_checks (plan);
  guint n_probes = 0;

  dump_checks (plan);
  g_assert_cmpuint (checks->len, ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    {
      g_test_message ("comparing check %u", i);
      assert_check (g_ptr_array_index (checks, i), portolan_plan_get_source (plan), &expected[i]);
      if (expected[i].probe != PORTOLAN_PROBE_NONE)
        n_probes++;
    }

  g_assert_cmpuint (portolan_plan_count_probes (plan), ==, n_probes);
}

static void
assert_other_side (PortolanPlan *plan,
                   const char   *csv)
{
  GPtrArray *links = portolan_plan_get_other_side (plan);
  g_auto(GStrv) expected = g_strsplit (csv, ",", -1);
  g_autoptr(GString) actual = g_string_new (NULL);

  for (guint i = 0; i < links->len; i++)
    g_string_append_printf (actual, "%s%s", i > 0 ? "," : "",
                            portolan_link_get_id (g_ptr_array_index (links, i)));

  g_assert_cmpstr (actual->str, ==, csv);
  g_assert_cmpuint (links->len, ==, g_strv_length (expected));
}

/* "This computer is the UMS Server, check the OS 11 devices" */
static void
test_server_to_os11_device (Fixture       *f,
                            gconstpointer  data)
{
  static const Expected expected[] = {
    PROBE ("device-scan", "os11-device", "127.0.0.1", 30005, TCP, SERVICE),
    PROBE ("device-scan", "os11-device", "127.0.0.1", 30005, UDP, UDP),
    PROBE ("device-scan", "os11-device", "127.0.0.2", 30005, TCP, SERVICE),
    PROBE ("device-scan", "os11-device", "127.0.0.2", 30005, UDP, UDP),
    PROBE ("device-scan", "os11-device", "127.0.0.3", 30005, TCP, SERVICE),
    PROBE ("device-scan", "os11-device", "127.0.0.3", 30005, UDP, UDP),
    PROBE ("os11-secure-terminal", "os11-device", "127.0.0.1", 30022, TCP, TLS),
    PROBE ("os11-secure-terminal", "os11-device", "127.0.0.2", 30022, TCP, TLS),
    PROBE ("os11-secure-terminal", "os11-device", "127.0.0.3", 30022, TCP, TLS),
    PROBE ("os11-shadowing-web-app", "os11-device", "127.0.0.1", 5900, TCP, SERVICE),
    PROBE ("os11-shadowing-web-app", "os11-device", "127.0.0.2", 5900, TCP, SERVICE),
    PROBE ("os11-shadowing-web-app", "os11-device", "127.0.0.3", 5900, TCP, SERVICE),
    PROBE ("wake-on-lan", "os11-device", "127.0.0.1", 9, UDP, WOL),
    PROBE ("wake-on-lan", "os11-device", "127.0.0.2", 9, UDP, WOL),
    PROBE ("wake-on-lan", "os11-device", "127.0.0.3", 9, UDP, WOL),
  };
  g_autoptr(PortolanPlan) plan = NULL;

  /* Hosts of other roles change nothing */
  set_hosts (f, "os11-device", "127.0.0.1-3");
  set_hosts (f, "os12-device", "127.0.0.9");
  set_hosts (f, "ums-server", "127.0.0.10");

  plan = new_plan (f, "ums-server", "os11-device");
  assert_checks (plan, expected, G_N_ELEMENTS (expected));
  g_assert_cmpuint (portolan_plan_count_probes (plan), ==, 15);

  /* What the device starts towards the UMS Server cannot be probed from
   * here; it is listed, never checked. The 9080 file transfer (SSL-only
   * on) and Universal Firmware Update (off) are not in use. */
  assert_other_side (plan, "os11-device-communication,os11-file-transfer,os11-firmware-customization,"
                           "os11-license-files,os11-online-check,device-scan-answer");
}

/* A target the source has no link to: no checks, but what the target
 * starts towards this computer is still shown */
static void
test_other_side_only (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(PortolanPlan) plan = NULL;

  set_hosts (f, "ums-console", "127.0.0.1");
  plan = new_plan (f, "ums-server", "ums-console");
  assert_checks (plan, NULL, 0);
  /* Java Web Start is only used with unencrypted connections */
  assert_other_side (plan, "console-server");
  g_clear_object (&plan);

  portolan_profile_set_feature (f->profile, "unencrypted-connections", TRUE);
  plan = new_plan (f, "ums-server", "ums-console");
  assert_checks (plan, NULL, 0);
  assert_other_side (plan, "console-server,console-web-start");
}

static void
test_port_overrides (Fixture       *f,
                     gconstpointer  data)
{
  static const Expected to_device[] = {
    PROBE ("device-scan", "os11-device", "127.0.0.1", 40005, TCP, SERVICE),
    PROBE ("device-scan", "os11-device", "127.0.0.1", 40005, UDP, UDP),
    PROBE ("os11-secure-terminal", "os11-device", "127.0.0.1", 2222, TCP, TLS),
    PROBE ("os11-shadowing-web-app", "os11-device", "127.0.0.1", 5900, TCP, SERVICE),
    PROBE ("wake-on-lan", "os11-device", "127.0.0.1", 9, UDP, WOL),
  };
  /* The probe comes from the service, not the number: the UMS Server's
   * web port moved to 9443 still answers its serverstatus */
  static const Expected to_server[] = {
    PROBE ("console-server", "ums-server", "127.0.0.1", 9443, TCP, UMS_STATUS),
    DECIDED ("console-web-start", "ums-server", NULL, 0, TCP, SKIPPED,
             "only needed with “Unencrypted connections (SSL-only off)”, which is off"),
  };
  /* A skipped check shows the port the installation uses */
  static const Expected to_icg[] = {
    DECIDED ("icg-server", "icg", NULL, 9444, TCP, SKIPPED, "the feature “IGEL Cloud Gateway (ICG)” is off"),
  };
  g_autoptr(PortolanPlan) plan = NULL;

  set_hosts (f, "os11-device", "127.0.0.1");
  set_hosts (f, "ums-server", "127.0.0.1");
  set_port (f, "device-scan", 40005);
  set_port (f, "os11-secure-terminal", 2222);
  set_port (f, "wake-on-lan", 9);
  set_port (f, "console-server", 9443);
  set_port (f, "icg-server", 9444);

  plan = new_plan (f, "ums-server", "os11-device");
  assert_checks (plan, to_device, G_N_ELEMENTS (to_device));
  g_clear_object (&plan);

  plan = new_plan (f, "ums-console", "ums-server");
  assert_checks (plan, to_server, G_N_ELEMENTS (to_server));
  g_clear_object (&plan);

  plan = new_plan (f, "ums-server", "icg");
  assert_checks (plan, to_icg, G_N_ELEMENTS (to_icg));
}

/* A link whose features are all off is skipped, once per listener and
 * protocol, without a host, and says which features */
static void
test_features_off (Fixture       *f,
                   gconstpointer  data)
{
  static const Expected icg_off[] = {
    DECIDED ("icg-server", "icg", NULL, 8443, TCP, SKIPPED, "the feature “IGEL Cloud Gateway (ICG)” is off"),
  };
  static const Expected icg_on[] = {
    PROBE ("icg-server", "icg", "127.0.0.1", 8443, TCP, SERVICE),
  };
  static const Expected ad_off[] = {
    DECIDED ("ad-kerberos", "active-directory", NULL, 88, TCP, SKIPPED,
             "the features “Active Directory”, “Shared Workplace” are off"),
    DECIDED ("ad-kerberos", "active-directory", NULL, 88, UDP, SKIPPED,
             "the features “Active Directory”, “Shared Workplace” are off"),
    DECIDED ("ad-ldap", "active-directory", NULL, 389, TCP, SKIPPED,
             "the features “Active Directory”, “Shared Workplace” are off"),
  };
  static const Expected ad_on[] = {
    PROBE ("ad-kerberos", "active-directory", "127.0.0.1", 88, TCP, SERVICE),
    PROBE ("ad-kerberos", "active-directory", "127.0.0.1", 88, UDP, SERVICE),
    PROBE ("ad-ldap", "active-directory", "127.0.0.1", 389, TCP, SERVICE),
  };
  /* Not even the cloud service's default host is looked at */
  static const Expected portal_off[] = {
    DECIDED ("app-portal", "igel-app-portal", NULL, 443, TCP, SKIPPED, "the feature “IGEL App Portal” is off"),
  };
  g_autoptr(PortolanPlan) plan = NULL;

  set_hosts (f, "icg", "127.0.0.1");
  set_hosts (f, "active-directory", "127.0.0.1");

  /* ICG is off by default */
  plan = new_plan (f, "ums-server", "icg");
  assert_checks (plan, icg_off, G_N_ELEMENTS (icg_off));
  g_clear_object (&plan);

  portolan_profile_set_feature (f->profile, "icg", TRUE);
  plan = new_plan (f, "ums-server", "icg");
  assert_checks (plan, icg_on, G_N_ELEMENTS (icg_on));
  g_clear_object (&plan);

  plan = new_plan (f, "ums-server", "active-directory");
  assert_checks (plan, ad_off, G_N_ELEMENTS (ad_off));
  g_clear_object (&plan);

  portolan_profile_set_feature (f->profile, "active-directory", TRUE);
  plan = new_plan (f, "ums-server", "active-directory");
  assert_checks (plan, ad_on, G_N_ELEMENTS (ad_on));
  g_clear_object (&plan);

  portolan_profile_set_feature (f->profile, "app-portal", FALSE);
  plan = new_plan (f, "ums-server", "igel-app-portal");
  assert_checks (plan, portal_off, G_N_ELEMENTS (portal_off));
}

/* A role gated by a feature that is off takes part in nothing: as the
 * target its checks are skipped, as the source all of them are, and
 * nothing is to be tested from its side */
static void
test_role_out_of_use (Fixture       *f,
                      gconstpointer  data)
{
  static const Expected to_device[] = {
    DECIDED ("device-scan", "os11-device", NULL, 30005, TCP, SKIPPED, OS11_OFF),
    DECIDED ("device-scan", "os11-device", NULL, 30005, UDP, SKIPPED, OS11_OFF),
    DECIDED ("os11-secure-terminal", "os11-device", NULL, 30022, TCP, SKIPPED, OS11_OFF),
    DECIDED ("os11-shadowing-web-app", "os11-device", NULL, 5900, TCP, SKIPPED, OS11_OFF),
    DECIDED ("wake-on-lan", "os11-device", NULL, 9, UDP, SKIPPED, OS11_OFF),
  };
  static const Expected from_device[] = {
    DECIDED ("os11-device-communication", "ums-server", NULL, 30001, TCP, SKIPPED, OS11_OFF),
    DECIDED ("os11-file-transfer", "ums-server", NULL, 8443, TCP, SKIPPED, OS11_OFF),
    DECIDED ("os11-firmware-customization", "ums-server", NULL, 8443, TCP, SKIPPED, OS11_OFF),
    DECIDED ("os11-license-files", "ums-server", NULL, 8443, TCP, SKIPPED, OS11_OFF),
    DECIDED ("os11-online-check", "ums-server", NULL, 0, UDP, SKIPPED, OS11_OFF),
    DECIDED ("device-scan-answer", "ums-server", NULL, 0, UDP, SKIPPED, OS11_OFF),
    DECIDED ("os11-file-transfer-unencrypted", "ums-server", NULL, 9080, TCP, SKIPPED, OS11_OFF),
    DECIDED ("os11-firmware-update", "ums-server", NULL, 8443, TCP, SKIPPED, OS11_OFF),
  };
  static const Expected to_icg[] = {
    DECIDED ("icg-server", "icg", NULL, 8443, TCP, SKIPPED, "the feature “IGEL Cloud Gateway (ICG)” is off"),
  };
  g_autoptr(PortolanPlan) plan = NULL;

  use_features (f, "core,derby,os12-devices,unified-protocol");
  set_hosts (f, "os11-device", "127.0.0.1");
  set_hosts (f, "ums-server", "127.0.0.1");
  set_hosts (f, "icg", "127.0.0.1");

  plan = new_plan (f, "ums-server", "os11-device");
  assert_checks (plan, to_device, G_N_ELEMENTS (to_device));
  g_assert_cmpuint (portolan_plan_count_probes (plan), ==, 0);
  assert_other_side (plan, "");
  g_clear_object (&plan);

  plan = new_plan (f, "os11-device", "ums-server");
  assert_checks (plan, from_device, G_N_ELEMENTS (from_device));
  assert_other_side (plan, "");
  g_clear_object (&plan);

  plan = new_plan (f, "ums-server", "icg");
  assert_checks (plan, to_icg, G_N_ELEMENTS (to_icg));
}

/* The HA load balancer is only there with high availability: without
 * it, its links are nothing to test, from either side */
static void
test_other_side_role_out_of_use (Fixture       *f,
                                 gconstpointer  data)
{
  static const Expected off[] = {
    DECIDED ("ha-6155-server-to-balancer", "ha-load-balancer", NULL, 6155, UDP, SKIPPED,
             "the feature “High Availability (HA)” is off"),
    DECIDED ("ha-61616-server-to-balancer", "ha-load-balancer", NULL, 61616, TCP, SKIPPED,
             "the feature “High Availability (HA)” is off"),
    DECIDED ("ha-61616-server-to-balancer", "ha-load-balancer", NULL, 61616, UDP, SKIPPED,
             "the feature “High Availability (HA)” is off"),
  };
  g_autoptr(PortolanPlan) plan = NULL;

  /* The defaults: OS 11 devices on, high availability off. The 30002
   * link needs only core and OS 11 devices, but starts at the balancer. */
  set_hosts (f, "ha-load-balancer", "127.0.0.1");
  plan = new_plan (f, "ums-server", "ha-load-balancer");
  assert_checks (plan, off, G_N_ELEMENTS (off));
  assert_other_side (plan, "");
  g_clear_object (&plan);

  plan = new_plan (f, "ums-server", PORTOLAN_TARGET_ALL);
  assert_other_side (plan, "console-server,os12-unified-protocol,os12-registration,os11-device-communication,"
                           "os11-file-transfer,os11-firmware-customization,os11-license-files,"
                           "os11-online-check,device-scan-answer");
  g_clear_object (&plan);

  portolan_profile_set_feature (f->profile, "high-availability", TRUE);
  plan = new_plan (f, "ums-server", "ha-load-balancer");
  assert_other_side (plan, "ha-device-port,ha-6155-balancer-to-server,ha-61616-balancer-to-server");
}

static void
test_no_host (Fixture       *f,
              gconstpointer  data)
{
  static const Expected to_derby[] = {
    DECIDED ("derby-database", "derby", NULL, 1527, TCP, SKIPPED, "no host given for Apache Derby"),
  };
  /* Insight is the one cloud service without a default host */
  static const Expected to_insight[] = {
    DECIDED ("insight", "igel-insight", NULL, 443, TCP, SKIPPED, "no host given for IGEL Insight Service"),
  };
  static const Expected to_portal_default[] = {
    PROBE ("app-portal", "igel-app-portal", "app.igel.com", 443, TCP, HTTPS),
  };
  static const Expected to_portal_given[] = {
    PROBE ("app-portal", "igel-app-portal", "127.0.0.1", 443, TCP, HTTPS),
  };
  g_autoptr(PortolanPlan) plan = NULL;

  plan = new_plan (f, "ums-server", "derby");
  assert_checks (plan, to_derby, G_N_ELEMENTS (to_derby));
  g_clear_object (&plan);

  portolan_profile_set_feature (f->profile, "insight", TRUE);
  plan = new_plan (f, "ums-server", "igel-insight");
  assert_checks (plan, to_insight, G_N_ELEMENTS (to_insight));
  g_clear_object (&plan);

  plan = new_plan (f, "ums-server", "igel-app-portal");
  assert_checks (plan, to_portal_default, G_N_ELEMENTS (to_portal_default));
  g_clear_object (&plan);

  set_hosts (f, "igel-app-portal", "127.0.0.1");
  plan = new_plan (f, "ums-server", "igel-app-portal");
  assert_checks (plan, to_portal_given, G_N_ELEMENTS (to_portal_given));
}

/* The "Auto (high port)" rows have no port to probe */
static void
test_dynamic (Fixture       *f,
              gconstpointer  data)
{
  static const Expected from_device[] = {
    PROBE ("os11-device-communication", "ums-server", "127.0.0.1", 30001, TCP, SERVICE),
    PROBE ("os11-file-transfer", "ums-server", "127.0.0.1", 8443, TCP, UMS_STATUS),
    PROBE ("os11-firmware-customization", "ums-server", "127.0.0.1", 8443, TCP, UMS_STATUS),
    PROBE ("os11-license-files", "ums-server", "127.0.0.1", 8443, TCP, UMS_STATUS),
    DECIDED ("os11-online-check", "ums-server", "127.0.0.1", 0, UDP, UNVERIFIED,
             "dynamic port, not known in advance: Online check: the IGEL OS 11 device answers a message…"),
    DECIDED ("device-scan-answer", "ums-server", "127.0.0.1", 0, UDP, UNVERIFIED,
             "dynamic port, not known in advance: Scanning for devices: the device answers the broadcast…"),
    DECIDED ("os11-file-transfer-unencrypted", "ums-server", NULL, 9080, TCP, SKIPPED,
             "only needed with “Unencrypted connections (SSL-only off)”, which is off"),
    DECIDED ("os11-firmware-update", "ums-server", NULL, 8443, TCP, SKIPPED,
             "the feature “Universal Firmware Update” is off"),
  };
  static const Expected web_start[] = {
    PROBE ("console-server", "ums-server", "127.0.0.1", 8443, TCP, UMS_STATUS),
    DECIDED ("console-web-start", "ums-server", "127.0.0.1", 0, TCP, UNVERIFIED,
             "dynamic port, not known in advance: The UMS Console is started through Java Web Start…"),
  };
  g_autoptr(PortolanPlan) plan = NULL;
  PortolanCheck *online;

  set_hosts (f, "ums-server", "127.0.0.1");
  plan = new_plan (f, "os11-device", "ums-server");
  assert_checks (plan, from_device, G_N_ELEMENTS (from_device));
  g_assert_cmpuint (portolan_plan_count_probes (plan), ==, 4);
  assert_other_side (plan, "device-scan,os11-secure-terminal,os11-shadowing-web-app,wake-on-lan");

  /* The whole of the link's description, as the admin reads it */
  online = g_ptr_array_index (portolan_plan_get_checks (plan), 4);
  g_assert_true (g_str_has_suffix (portolan_check_get_detail (online), "so the port is not known in advance."));
  {
    g_autofree char *port = portolan_check_format_port (online);

    g_assert_cmpstr (port, ==, "dynamic/udp");
  }
  g_clear_object (&plan);

  portolan_profile_set_feature (f->profile, "unencrypted-connections", TRUE);
  plan = new_plan (f, "ums-console", "ums-server");
  assert_checks (plan, web_start, G_N_ELEMENTS (web_start));
}

/* "requires": a link of an enabled feature that only matters with another */
static void
test_requires (Fixture       *f,
               gconstpointer  data)
{
  static const Expected balancer_no_os11[] = {
    DECIDED ("ha-device-port", "ums-server", NULL, 30002, TCP, SKIPPED,
             "only needed with “IGEL OS 11 devices”, which is off"),
    PROBE ("ha-6155-balancer-to-server", "ums-server", "127.0.0.1", 6155, UDP, UDP),
    PROBE ("ha-61616-balancer-to-server", "ums-server", "127.0.0.1", 61616, TCP, SERVICE),
    PROBE ("ha-61616-balancer-to-server", "ums-server", "127.0.0.1", 61616, UDP, UDP),
  };
  static const Expected balancer_os11[] = {
    PROBE ("ha-device-port", "ums-server", "127.0.0.1", 30002, TCP, SERVICE),
    PROBE ("ha-6155-balancer-to-server", "ums-server", "127.0.0.1", 6155, UDP, UDP),
    PROBE ("ha-61616-balancer-to-server", "ums-server", "127.0.0.1", 61616, TCP, SERVICE),
    PROBE ("ha-61616-balancer-to-server", "ums-server", "127.0.0.1", 61616, UDP, UDP),
  };
  static const Expected unencrypted[] = {
    PROBE ("os11-device-communication", "ums-server", "127.0.0.1", 30001, TCP, SERVICE),
    PROBE ("os11-file-transfer", "ums-server", "127.0.0.1", 8443, TCP, UMS_STATUS),
    PROBE ("os11-firmware-customization", "ums-server", "127.0.0.1", 8443, TCP, UMS_STATUS),
    PROBE ("os11-license-files", "ums-server", "127.0.0.1", 8443, TCP, UMS_STATUS),
    DECIDED ("os11-online-check", "ums-server", "127.0.0.1", 0, UDP, UNVERIFIED, "dynamic port, not known in advance: …"),
    DECIDED ("device-scan-answer", "ums-server", "127.0.0.1", 0, UDP, UNVERIFIED, "dynamic port, not known in advance: …"),
    PROBE ("os11-file-transfer-unencrypted", "ums-server", "127.0.0.1", 9080, TCP, UMS_STATUS),
    PROBE ("os11-firmware-update", "ums-server", "127.0.0.1", 8443, TCP, UMS_STATUS),
  };
  /* The features come first: with core off, "requires" is not the reason */
  static const Expected core_off[] = {
    DECIDED ("ha-device-port", "ums-server", NULL, 30002, TCP, SKIPPED, "the feature “Core” is off"),
    PROBE ("ha-6155-balancer-to-server", "ums-server", "127.0.0.1", 6155, UDP, UDP),
    PROBE ("ha-61616-balancer-to-server", "ums-server", "127.0.0.1", 61616, TCP, SERVICE),
    PROBE ("ha-61616-balancer-to-server", "ums-server", "127.0.0.1", 61616, UDP, UDP),
  };
  g_autoptr(PortolanPlan) plan = NULL;

  set_hosts (f, "ums-server", "127.0.0.1");

  use_features (f, "core,high-availability,derby");
  plan = new_plan (f, "ha-load-balancer", "ums-server");
  assert_checks (plan, balancer_no_os11, G_N_ELEMENTS (balancer_no_os11));
  assert_other_side (plan, "ha-6155-server-to-balancer,ha-61616-server-to-balancer");
  g_clear_object (&plan);

  portolan_profile_set_feature (f->profile, "os11-devices", TRUE);
  plan = new_plan (f, "ha-load-balancer", "ums-server");
  assert_checks (plan, balancer_os11, G_N_ELEMENTS (balancer_os11));
  g_clear_object (&plan);

  portolan_profile_set_feature (f->profile, "core", FALSE);
  plan = new_plan (f, "ha-load-balancer", "ums-server");
  assert_checks (plan, core_off, G_N_ELEMENTS (core_off));
  g_clear_object (&plan);

  use_features (f, "core,os11-devices,derby,unencrypted-connections,universal-firmware-update");
  plan = new_plan (f, "os11-device", "ums-server");
  assert_checks (plan, unencrypted, G_N_ELEMENTS (unencrypted));
}

/* "This computer is the UMS Server, check everything", with every
 * feature on but one database */
static void
test_target_all (Fixture       *f,
                 gconstpointer  data)
{
  static const Expected expected[] = {
    PROBE ("app-portal", "igel-app-portal", "app.igel.com", 443, TCP, HTTPS),
    PROBE ("onboarding-token", "igel-onboarding-service", "obs.services.igel.com", 443, TCP, HTTPS),
    DECIDED ("insight", "igel-insight", NULL, 443, TCP, SKIPPED, "no host given for IGEL Insight Service"),
    PROBE ("license-request", "igel-license-server", "susi.igel.com", 443, TCP, HTTPS),
    PROBE ("license-connection-data", "igel-download-server", "fwus.igel.com", 443, TCP, HTTPS),
    PROBE ("ad-kerberos", "active-directory", "127.0.0.10", 88, TCP, SERVICE),
    PROBE ("ad-kerberos", "active-directory", "127.0.0.10", 88, UDP, SERVICE),
    PROBE ("ad-ldap", "active-directory", "127.0.0.10", 389, TCP, SERVICE),
    PROBE ("derby-database", "derby", "127.0.0.11", 1527, TCP, SERVICE),
    PROBE ("ldaps", "ldaps-server", "127.0.0.12", 636, TCP, SERVICE),
    DECIDED ("mssql-database", "mssql", NULL, 1433, TCP, SKIPPED, "the feature “Microsoft SQL Server” is off"),
    DECIDED ("oracle-database", "oracle", NULL, 1521, TCP, SKIPPED, "the feature “Oracle” is off"),
    DECIDED ("postgresql-database", "postgresql", NULL, 5432, TCP, SKIPPED, "the feature “PostgreSQL” is off"),
    DECIDED ("device-scan", "os12-device", NULL, 30005, TCP, SKIPPED, "no host given for IGEL OS 12 Device"),
    DECIDED ("device-scan", "os12-device", NULL, 30005, UDP, SKIPPED, "no host given for IGEL OS 12 Device"),
    PROBE ("device-scan", "os11-device", "127.0.0.1", 30005, TCP, SERVICE),
    PROBE ("device-scan", "os11-device", "127.0.0.1", 30005, UDP, UDP),
    PROBE ("os11-secure-terminal", "os11-device", "127.0.0.1", 30022, TCP, TLS),
    PROBE ("os11-shadowing-web-app", "os11-device", "127.0.0.1", 5900, TCP, SERVICE),
    PROBE ("firmware-update-check", "igel-download-server", "fwus.igel.com", 443, TCP, HTTPS),
    DECIDED ("wake-on-lan", "os12-device", NULL, 9, UDP, SKIPPED, "no host given for IGEL OS 12 Device"),
    PROBE ("wake-on-lan", "os11-device", "127.0.0.1", 9, UDP, WOL),
    PROBE ("icg-server", "icg", "127.0.0.13", 8443, TCP, SERVICE),
    PROBE ("ha-6155-server-to-balancer", "ha-load-balancer", "127.0.0.14", 6155, UDP, UDP),
    PROBE ("server-file-sync", "ums-server", "127.0.0.15", 8443, TCP, UMS_STATUS),
    PROBE ("ha-61616-server-to-balancer", "ha-load-balancer", "127.0.0.14", 61616, TCP, SERVICE),
    PROBE ("ha-61616-server-to-balancer", "ha-load-balancer", "127.0.0.14", 61616, UDP, UDP),
  };
  g_autoptr(PortolanPlan) plan = NULL;

  use_features (f, "core,high-availability,distributed-ums,icg,imi,unencrypted-connections,"
                   "os12-devices,os11-devices,unified-protocol,update-proxy,universal-firmware-update,"
                   "derby,active-directory,ldaps,shared-workplace,app-portal,onboarding,insight,"
                   "license-deployment");
  set_hosts (f, "os11-device", "127.0.0.1");
  set_hosts (f, "active-directory", "127.0.0.10");
  set_hosts (f, "derby", "127.0.0.11");
  set_hosts (f, "ldaps-server", "127.0.0.12");
  set_hosts (f, "icg", "127.0.0.13");
  set_hosts (f, "ha-load-balancer", "127.0.0.14");
  set_hosts (f, "ums-server", "127.0.0.15");

  plan = new_plan (f, "ums-server", PORTOLAN_TARGET_ALL);
  assert_checks (plan, expected, G_N_ELEMENTS (expected));
  g_assert_cmpuint (portolan_plan_count_probes (plan), ==, 20);

  /* Everything in use that others start towards the UMS Server; not the
   * file sync, which this computer starts itself */
  assert_other_side (plan, "console-server,os12-unified-protocol,os12-update-proxy,ha-device-port,"
                           "os12-registration,os11-device-communication,os11-file-transfer,"
                           "os11-firmware-customization,os11-license-files,os11-online-check,"
                           "device-scan-answer,os11-file-transfer-unencrypted,console-web-start,"
                           "os11-firmware-update,ha-6155-balancer-to-server,ha-61616-balancer-to-server,imi");
}

/* Row 36: the UMS Servers of one installation sync files with each
 * other. A link from a role to itself is checked, not left to "the
 * other side". */
static void
test_same_role_both_sides (Fixture       *f,
                           gconstpointer  data)
{
  static const Expected on[] = {
    PROBE ("server-file-sync", "ums-server", "127.0.0.2", 8443, TCP, UMS_STATUS),
    PROBE ("server-file-sync", "ums-server", "ums2.example.com", 8443, TCP, UMS_STATUS),
  };
  static const Expected off[] = {
    DECIDED ("server-file-sync", "ums-server", NULL, 8443, TCP, SKIPPED,
             "the features “High Availability (HA)”, “Distributed UMS” are off"),
  };
  g_autoptr(PortolanPlan) plan = NULL;

  set_hosts (f, "ums-server", "127.0.0.2,ums2.example.com");

  use_features (f, "core,derby,high-availability");
  plan = new_plan (f, "ums-server", "ums-server");
  assert_checks (plan, on, G_N_ELEMENTS (on));
  /* The balancer's links go to the UMS Server, but the target is the server */
  assert_other_side (plan, "");
  g_clear_object (&plan);

  use_features (f, "core,derby,distributed-ums");
  plan = new_plan (f, "ums-server", "ums-server");
  assert_checks (plan, on, G_N_ELEMENTS (on));
  assert_other_side (plan, "");
  g_clear_object (&plan);

  use_features (f, "core,derby");
  plan = new_plan (f, "ums-server", "ums-server");
  assert_checks (plan, off, G_N_ELEMENTS (off));
  assert_other_side (plan, "");
}

/* What runs once connected depends on who listens on which port */
static void
test_probe_kinds (Fixture       *f,
                  gconstpointer  data)
{
  static const struct
  {
    const char *source;
    const char *target;
    Expected    check;
  } cases[] = {
    { "ums-web-app", "ums-server", PROBE ("console-server", "ums-server", "127.0.0.1", 8443, TCP, UMS_STATUS) },
    { "imi-client", "ums-server", PROBE ("imi", "ums-server", "127.0.0.1", 8443, TCP, UMS_STATUS) },
    { "os12-device", "icg", PROBE ("icg-device", "icg", "127.0.0.2", 8443, TCP, SERVICE) },
    { "ums-server", "ldaps-server", PROBE ("ldaps", "ldaps-server", "127.0.0.3", 636, TCP, SERVICE) },
    { "ums-server", "igel-license-server", PROBE ("license-request", "igel-license-server", "susi.igel.com", 443, TCP, HTTPS) },
    { "ums-server", "igel-onboarding-service", PROBE ("onboarding-token", "igel-onboarding-service", "obs.services.igel.com", 443, TCP, HTTPS) },
    { "ums-server", "derby", PROBE ("derby-database", "derby", "127.0.0.4", 1527, TCP, SERVICE) },
  };

  use_features (f, "core,derby,imi,icg,ldaps,os12-devices,unified-protocol,license-deployment,onboarding");
  set_hosts (f, "ums-server", "127.0.0.1");
  set_hosts (f, "icg", "127.0.0.2");
  set_hosts (f, "ldaps-server", "127.0.0.3");
  set_hosts (f, "derby", "127.0.0.4");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PortolanPlan) plan = new_plan (f, cases[i].source, cases[i].target);

      g_test_message ("%s → %s", cases[i].source, cases[i].target);
      assert_checks (plan, &cases[i].check, 1);
    }
}

/* What the checks of each built-in link did once connected while the plan
 * still chose it from the port and the listener's kind (8443 on a server
 * was the UMS status, 443/8443/636 TLS, a cloud service HTTPS), written
 * out once; the links' services must give the same. NONE: no check of
 * that protocol, or a dynamic port that is never probed. */
static const struct
{
  const char        *link;
  PortolanProbeKind  tcp;
  PortolanProbeKind  udp;
} probes_before_services[] = {
#define BOTH(link, tcp, udp) { link, PORTOLAN_PROBE_##tcp, PORTOLAN_PROBE_##udp }
#define TCP_ONLY(link, tcp) { link, PORTOLAN_PROBE_##tcp, PORTOLAN_PROBE_NONE }
#define UDP_ONLY(link) { link, PORTOLAN_PROBE_NONE, PORTOLAN_PROBE_UDP }
  TCP_ONLY ("app-portal", HTTPS),
  TCP_ONLY ("onboarding-token", HTTPS),
  TCP_ONLY ("insight", HTTPS),
  TCP_ONLY ("license-request", HTTPS),
  TCP_ONLY ("license-connection-data", HTTPS),
  TCP_ONLY ("console-server", UMS_STATUS),
  TCP_ONLY ("os12-unified-protocol", UMS_STATUS),
  TCP_ONLY ("os12-update-proxy", UMS_STATUS),
  TCP_ONLY ("ha-device-port", SERVICE),
  TCP_ONLY ("os12-registration", SERVICE),
  TCP_ONLY ("os11-device-communication", SERVICE),
  TCP_ONLY ("os11-file-transfer", UMS_STATUS),
  TCP_ONLY ("os11-firmware-customization", UMS_STATUS),
  BOTH ("ad-kerberos", SERVICE, SERVICE),
  TCP_ONLY ("ad-ldap", SERVICE),
  TCP_ONLY ("derby-database", SERVICE),
  TCP_ONLY ("ldaps", SERVICE),
  TCP_ONLY ("mssql-database", SERVICE),
  TCP_ONLY ("oracle-database", SERVICE),
  TCP_ONLY ("postgresql-database", SERVICE),
  TCP_ONLY ("os11-license-files", UMS_STATUS),
  BOTH ("os11-online-check", NONE, NONE),
  BOTH ("device-scan", SERVICE, UDP),
  BOTH ("device-scan-answer", NONE, NONE),
  TCP_ONLY ("os11-secure-terminal", TLS),
  TCP_ONLY ("os11-shadowing-console", SERVICE),
  TCP_ONLY ("os11-shadowing-web-app", SERVICE),
  TCP_ONLY ("os11-file-transfer-unencrypted", UMS_STATUS),
  BOTH ("console-web-start", NONE, NONE),
  TCP_ONLY ("firmware-update-check", HTTPS),
  TCP_ONLY ("os11-firmware-update", UMS_STATUS),
  { "wake-on-lan", PORTOLAN_PROBE_NONE, PORTOLAN_PROBE_WOL },
  TCP_ONLY ("icg-server", SERVICE),
  TCP_ONLY ("icg-device", SERVICE),
  UDP_ONLY ("ha-6155-balancer-to-server"),
  UDP_ONLY ("ha-6155-server-to-balancer"),
  TCP_ONLY ("server-file-sync", UMS_STATUS),
  BOTH ("ha-61616-balancer-to-server", SERVICE, UDP),
  BOTH ("ha-61616-server-to-balancer", SERVICE, UDP),
  TCP_ONLY ("imi", UMS_STATUS),
#undef BOTH
#undef TCP_ONLY
#undef UDP_ONLY
};

static guint
index_before_services (const char *link_id)
{
  for (guint i = 0; i < G_N_ELEMENTS (probes_before_services); i++)
    if (g_str_equal (probes_before_services[i].link, link_id))
      return i;

  g_error ("link “%s” is not in probes_before_services", link_id);
}

/* Every check of every link, from every side and with each database,
 * probes as it did before */
static void
test_probe_kinds_as_before (Fixture       *f,
                            gconstpointer  data)
{
  static const char * const databases[] = { "derby", "mssql", "oracle", "postgresql" };
  GPtrArray *roles = portolan_catalogue_get_roles (f->catalogue);
  GPtrArray *features = portolan_catalogue_get_features (f->catalogue);
  GPtrArray *links = portolan_catalogue_get_links (f->catalogue);
  /* Bit 0: a TCP check was seen, bit 1: a UDP one */
  guint seen[G_N_ELEMENTS (probes_before_services)] = { 0 };

  g_assert_cmpuint (links->len, ==, G_N_ELEMENTS (probes_before_services));
  for (guint i = 0; i < links->len; i++)
    g_assert_cmpstr (portolan_link_get_id (g_ptr_array_index (links, i)), ==, probes_before_services[i].link);

  for (guint i = 0; i < features->len; i++)
    portolan_profile_set_feature (f->profile, portolan_feature_get_id (g_ptr_array_index (features, i)), TRUE);
  for (guint i = 0; i < roles->len; i++)
    set_hosts (f, portolan_role_get_id (g_ptr_array_index (roles, i)), "127.0.0.1");

  for (guint d = 0; d < G_N_ELEMENTS (databases); d++)
    {
      portolan_profile_set_feature (f->profile, databases[d], TRUE);

      for (guint r = 0; r < roles->len; r++)
        {
          g_autoptr(PortolanPlan) plan = new_plan (f, portolan_role_get_id (g_ptr_array_index (roles, r)),
                                                   PORTOLAN_TARGET_ALL);
          GPtrArray *checks = portolan_plan_get_checks (plan);

          for (guint c = 0; c < checks->len; c++)
            {
              PortolanCheck *check = g_ptr_array_index (checks, c);
              PortolanProtocol protocol = portolan_check_get_protocol (check);
              guint index = index_before_services (portolan_link_get_id (portolan_check_get_link (check)));
              PortolanProbeKind before = protocol == TCP ? probes_before_services[index].tcp
                                                         : probes_before_services[index].udp;
              g_autofree char *text = NULL;

              /* Only the other databases' links are out of use */
              if (portolan_check_get_state (check) == PORTOLAN_STATE_SKIPPED)
                continue;

              text = describe_check (check);
              g_test_message ("%s", text);
              g_assert_cmpint (portolan_check_get_probe (check), ==, before);
              seen[index] |= protocol;
            }
        }
    }

  for (guint i = 0; i < links->len; i++)
    {
      g_test_message ("link %s", probes_before_services[i].link);
      g_assert_cmpuint (seen[i], ==, portolan_link_get_protocols (g_ptr_array_index (links, i)));
    }
}

static void
assert_roles_in_play (PortolanPlan *plan,
                      const char   *csv)
{
  GPtrArray *roles = portolan_plan_get_roles_in_play (plan);
  g_autoptr(GString) actual = g_string_new (NULL);

  for (guint i = 0; i < roles->len; i++)
    g_string_append_printf (actual, "%s%s", i > 0 ? "," : "", (const char *) g_ptr_array_index (roles, i));

  g_assert_cmpstr (actual->str, ==, csv);
}

/* The roles whose hosts the admin has to give: those probed, or that
 * would be with hosts; not those of links or roles out of use */
static void
test_roles_in_play (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(PortolanPlan) plan = NULL;

  /* The defaults: App Portal and licence deployment on, Insight,
   * onboarding, directories, ICG and HA off, Derby the database */
  plan = new_plan (f, "ums-server", PORTOLAN_TARGET_ALL);
  assert_roles_in_play (plan, "igel-app-portal,igel-license-server,igel-download-server,derby,os12-device,os11-device");
  g_clear_object (&plan);

  set_hosts (f, "os11-device", "127.0.0.1");
  plan = new_plan (f, "ums-server", "os11-device");
  assert_roles_in_play (plan, "os11-device");
  g_clear_object (&plan);

  plan = new_plan (f, "os11-device", "ums-server");
  assert_roles_in_play (plan, "ums-server");
  g_clear_object (&plan);

  plan = new_plan (f, "ums-server", "ums-console");
  assert_roles_in_play (plan, "");
  g_clear_object (&plan);

  portolan_profile_set_feature (f->profile, "os11-devices", FALSE);
  plan = new_plan (f, "ums-server", "os11-device");
  assert_roles_in_play (plan, "");
}

static void
test_unknown_role (Fixture       *f,
                   gconstpointer  data)
{
  static const struct
  {
    const char *source;
    const char *target;
    const char *message;
  } cases[] = {
    { "ums-srever", "os11-device", "unknown source role “ums-srever”" },
    { "ums-server", "os11", "unknown target role “os11”" },
    { PORTOLAN_TARGET_ALL, "ums-server", "unknown source role “all”" },
    { "", "ums-server", "unknown source role “”" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PortolanPlan) plan = portolan_plan_new (f->profile, cases[i].source, cases[i].target, &error);

      g_assert_null (plan);
      g_assert_error (error, PORTOLAN_PLAN_ERROR, PORTOLAN_PLAN_ERROR_UNKNOWN_ROLE);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

/* A catalogue's default hosts are only checked when a plan uses them */
static void
test_bad_default_host (void)
{
  static const char catalogue_json[] =
    "{ \"schema\": 1, \"id\": \"mini\", \"name\": \"Mini\", \"version\": \"1\",\n"
    "  \"zones\": [ { \"id\": \"z\", \"name\": \"Z\" } ],\n"
    "  \"feature-groups\": [ { \"id\": \"g\", \"name\": \"G\" } ],\n"
    "  \"features\": [ { \"id\": \"f\", \"name\": \"F\", \"group\": \"g\", \"default\": true } ],\n"
    "  \"roles\": [ { \"id\": \"a\", \"name\": \"A\", \"kind\": \"server\", \"zone\": \"z\", \"position\": [0, 0] },\n"
    "               { \"id\": \"b\", \"name\": \"B\", \"kind\": \"cloud\", \"zone\": \"z\", \"position\": [1, 0],\n"
    "                 \"hosts\": [\"bad host\"] } ],\n"
    "  \"links\": [ { \"id\": \"l\", \"port\": 443, \"protocols\": [\"tcp\"], \"service\": \"https\", \"initiators\": [\"a\"],\n"
    "               \"listeners\": [\"b\"], \"features\": [\"f\"], \"configurable\": false, \"description\": \"L\" } ] }\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(PortolanCatalogue) catalogue = portolan_catalogue_new_from_data (catalogue_json, -1, "mini.json", &error);
  g_autoptr(PortolanProfile) profile = NULL;
  g_autoptr(PortolanPlan) plan = NULL;

  g_assert_no_error (error);
  profile = portolan_profile_new (catalogue);

  plan = portolan_plan_new (profile, "b", "a", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (portolan_plan_get_checks (plan)->len, ==, 0);
  g_assert_cmpuint (portolan_plan_get_other_side (plan)->len, ==, 1);
  g_clear_object (&plan);

  plan = portolan_plan_new (profile, "a", "b", &error);
  g_assert_null (plan);
  g_assert_error (error, PORTOLAN_PLAN_ERROR, PORTOLAN_PLAN_ERROR_HOSTS);
  g_assert_true (g_str_has_prefix (error->message, "the hosts of B: "));
  g_assert_nonnull (strstr (error->message, "bad host"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/plan/server-to-os11-device", test_server_to_os11_device);
  ADD ("/plan/other-side-only", test_other_side_only);
  ADD ("/plan/port-overrides", test_port_overrides);
  ADD ("/plan/features-off", test_features_off);
  ADD ("/plan/role-out-of-use", test_role_out_of_use);
  ADD ("/plan/other-side-role-out-of-use", test_other_side_role_out_of_use);
  ADD ("/plan/no-host", test_no_host);
  ADD ("/plan/dynamic", test_dynamic);
  ADD ("/plan/requires", test_requires);
  ADD ("/plan/target-all", test_target_all);
  ADD ("/plan/same-role-both-sides", test_same_role_both_sides);
  ADD ("/plan/probe-kinds", test_probe_kinds);
  ADD ("/plan/probe-kinds-as-before", test_probe_kinds_as_before);
  ADD ("/plan/roles-in-play", test_roles_in_play);
  ADD ("/plan/unknown-role", test_unknown_role);
#undef ADD
  g_test_add_func ("/plan/bad-default-host", test_bad_default_host);

  return g_test_run ();
}
