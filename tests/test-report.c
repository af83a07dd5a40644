/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-report.c: support reports in every format, redacted or not */
#include "config.h"

#include <string.h>

#include <cairo.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "portolan-core.h"
#include "portolan-report.h"
#include "portolan-report-redactor-private.h"
#include "portolan-test-certs.h"
#include "portolan-test-plans.h"

#define HOST_NAME "admin-ws-12"

static const char * const local_addresses[] = { "192.168.77.12", "fd00::77:12", NULL };

/* Every name and address of the installation below, and of this
 * computer: none may be left in a redacted report */
static const char * const secrets[] = {
  "ums.corp.example", "db-7.corp.example", "dc1.corp.example", "thin-17.corp.example", "corp.example",
  "10.20.30.40", "10.20.30.10", "10.20.30.77", "10.20.30.9", "10.1.9.17", "203.0.113.5",
  "10.1.2.1", "10.1.2.2", "10.1.2.0", "fd00::40", "wrong.example", "lb.corp", "proxy.corp",
  HOST_NAME, "192.168.77.12", "fd00::77:12",
  NULL
};

static PortolanTestCerts *certs;

typedef struct
{
  PortolanCatalogue *catalogue;
  PortolanProfile   *profile;
  PortolanPlan      *plan;
  GDateTime         *started;
} Fixture;

static const char *
address_for (const char *host)
{
  static const struct { const char *host; const char *address; } addresses[] = {
    { "ums.corp.example", "10.20.30.10" },
    { "db-7.corp.example", "10.20.30.77" },
    { "dc1.corp.example", "10.20.30.9" },
    { "thin-17.corp.example", "10.1.9.17" },
  };

  if (host == NULL)
    return NULL;
  if (g_hostname_is_ip_address (host))
    return host;
  for (guint i = 0; i < G_N_ELEMENTS (addresses); i++)
    if (g_str_equal (addresses[i].host, host))
      return addresses[i].address;

  /* IGEL's cloud */
  return "203.0.113.5";
}

/* One result of each kind, with details that name hosts and addresses,
 * as the probes' messages do */
static void
set_results (PortolanPlan *plan)
{
  static const PortolanState states[] = {
    PORTOLAN_STATE_CLOSED, PORTOLAN_STATE_FILTERED, PORTOLAN_STATE_UNREACHABLE, PORTOLAN_STATE_WARNING,
    PORTOLAN_STATE_VERIFIED, PORTOLAN_STATE_OPEN, PORTOLAN_STATE_CANCELLED, PORTOLAN_STATE_OPEN,
  };
  GPtrArray *checks = portolan_plan_get_checks (plan);
  guint n = 0;

  for (guint i = 0; i < checks->len; i++)
    {
      PortolanCheck *check = g_ptr_array_index (checks, i);
      const char *host = portolan_check_get_host (check);
      const char *address = address_for (host);
      PortolanState state = states[n++ % G_N_ELEMENTS (states)];
      g_autofree char *detail = NULL;
      PortolanTlsInfo *tls = NULL;

      if (portolan_check_is_finished (check))
        continue;

      switch (state)
        {
        case PORTOLAN_STATE_CLOSED:
          detail = g_strdup_printf ("%s: connection refused (ECONNREFUSED); 10.20.30.40 answered", address);
          break;
        case PORTOLAN_STATE_FILTERED:
          detail = g_strdup ("no answer within 3000 ms");
          address = NULL;
          break;
        case PORTOLAN_STATE_UNREACHABLE:
          detail = g_strdup_printf ("the name does not resolve: Error resolving “%s”: Name or service not known, "
                                    "and lb.corp.example neither", host);
          address = NULL;
          break;
        case PORTOLAN_STATE_WARNING:
          {
            g_autofree char *certificate = NULL;

            tls = portolan_tls_info_new (certs->wrong_name, G_TLS_CERTIFICATE_BAD_IDENTITY, NULL);
            certificate = portolan_tls_info_describe (tls);
            detail = g_strdup_printf ("the certificate is not issued for this host name; %s; via proxy.corp.example:3128",
                                      certificate);
          }
          break;
        case PORTOLAN_STATE_VERIFIED:
          tls = portolan_tls_info_new (certs->valid, 0, NULL);
          detail = g_strdup_printf ("HTTP 200 OK from [%s]:8443 | directly", address);
          break;
        case PORTOLAN_STATE_CANCELLED:
          detail = g_strdup ("stopped before it finished");
          address = NULL;
          break;
        default:
          detail = g_strdup ("connected; this port has no protocol check");
          break;
        }

      portolan_check_set_result (check, state, address, state == PORTOLAN_STATE_FILTERED ? -1 : 0.5 + i % 7,
                                 detail, tls);
    }
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static const char * const features[] = { "postgresql", "icg", "high-availability", "active-directory" };
  g_autoptr(GError) error = NULL;

  f->catalogue = portolan_catalogue_new_builtin (&error);
  g_assert_no_error (error);
  f->profile = portolan_profile_new (f->catalogue);
  portolan_profile_set_name (f->profile, "Head office");
  for (guint i = 0; i < G_N_ELEMENTS (features); i++)
    portolan_profile_set_feature (f->profile, features[i], TRUE);

  portolan_test_set_hosts (f->profile, "ums-server", "ums.corp.example", NULL);
  portolan_test_set_hosts (f->profile, "postgresql", "db-7.corp.example", NULL);
  portolan_test_set_hosts (f->profile, "icg", "10.20.30.40", NULL);
  portolan_test_set_hosts (f->profile, "active-directory", "dc1.corp.example", NULL);
  portolan_test_set_hosts (f->profile, "ha-load-balancer", "fd00::40", NULL);
  portolan_test_set_hosts (f->profile, "os11-device", "10.1.2.0/30", "thin-17.corp.example", NULL);
  g_assert_true (portolan_profile_set_proxy (f->profile, PORTOLAN_PROXY_URL, "http://proxy.corp.example:3128", &error));
  g_assert_no_error (error);

  f->plan = portolan_plan_new (f->profile, "ums-server", "all", &error);
  g_assert_no_error (error);
  set_results (f->plan);

  f->started = g_date_time_new_from_iso8601 ("2025-01-07T14:03:12+01:00", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->plan);
  g_clear_object (&f->profile);
  g_clear_object (&f->catalogue);
  g_clear_pointer (&f->started, g_date_time_unref);
}

static PortolanReport *
new_report (Fixture  *f,
            gboolean  redact)
{
  return portolan_report_new_for_computer (f->plan, f->started, 3210, redact, HOST_NAME, local_addresses);
}

static GBytes *
write_bytes (PortolanReport       *report,
             PortolanReportFormat  format)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes = portolan_report_to_bytes (report, format, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  g_assert_cmpuint (g_bytes_get_size (bytes), >, 0);
  return bytes;
}

static char *
bytes_to_string (GBytes *bytes)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  g_assert_true (g_utf8_validate (data, size, NULL));
  return g_strndup (data, size);
}

/* pdftotext -layout, of the whole document or of one page */
static char *
pdf_text (GBytes *pdf,
          guint   page)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *first = g_strdup_printf ("%u", page);
  g_autofree char *out = NULL;
  g_autoptr(GSubprocess) process = NULL;
  int fd;

  fd = g_file_open_tmp ("portolan-report-XXXXXX.pdf", &path, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), &error));
  g_assert_no_error (error);
  g_close (fd, NULL);

  if (page == 0)
    process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                "pdftotext", "-layout", "-enc", "UTF-8", path, "-", NULL);
  else
    process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                "pdftotext", "-layout", "-enc", "UTF-8", "-f", first, "-l", first, path, "-", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (process));
  g_unlink (path);

  return g_steal_pointer (&out);
}

static gboolean
have_pdftotext (void)
{
  g_autofree char *path = g_find_program_in_path ("pdftotext");

  if (path == NULL)
    g_test_skip ("pdftotext (poppler-utils) is not installed");
  return path != NULL;
}

static gboolean
contains_folded (const char *haystack,
                 const char *needle)
{
  g_autofree char *h = g_ascii_strdown (haystack, -1);
  g_autofree char *n = g_ascii_strdown (needle, -1);

  return strstr (h, n) != NULL;
}

static void
assert_no_secrets (const char *text,
                   const char *where)
{
  for (guint i = 0; secrets[i] != NULL; i++)
    if (contains_folded (text, secrets[i]))
      g_error ("%s still holds “%s”", where, secrets[i]);
}

/* A line that has all of the strings, in order */
static gboolean
has_line (const char         *text,
          const char * const *parts)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint l = 0; lines[l] != NULL; l++)
    {
      const char *at = lines[l];
      guint p;

      for (p = 0; parts[p] != NULL && at != NULL; p++)
        if ((at = strstr (at, parts[p])) != NULL)
          at += strlen (parts[p]);
      if (at != NULL && parts[p] == NULL)
        return TRUE;
    }

  return FALSE;
}

/* Formats */

static void
test_format_from_filename (void)
{
  static const struct
  {
    const char           *name;
    gboolean              known;
    PortolanReportFormat  format;
  } cases[] = {
    { "report.png", TRUE, PORTOLAN_REPORT_FORMAT_PNG },
    { "/tmp/x/Report.PDF", TRUE, PORTOLAN_REPORT_FORMAT_PDF },
    { "graph.svg", TRUE, PORTOLAN_REPORT_FORMAT_SVG },
    { "r.html", TRUE, PORTOLAN_REPORT_FORMAT_HTML },
    { "r.htm", TRUE, PORTOLAN_REPORT_FORMAT_HTML },
    { "r.json", TRUE, PORTOLAN_REPORT_FORMAT_JSON },
    { "ticket.md", TRUE, PORTOLAN_REPORT_FORMAT_MARKDOWN },
    { "ticket.markdown", TRUE, PORTOLAN_REPORT_FORMAT_MARKDOWN },
    { "x.doc", FALSE, 0 },
    { "report", FALSE, 0 },
    { ".png", FALSE, 0 },
    { "dir.png/report", FALSE, 0 },
  };
  g_autofree char *extensions = portolan_report_list_extensions ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      PortolanReportFormat format = G_MAXINT;

      g_assert_cmpint (portolan_report_format_from_filename (cases[i].name, &format), ==, cases[i].known);
      if (cases[i].known)
        g_assert_cmpint (format, ==, cases[i].format);
    }

  g_assert_cmpstr (extensions, ==, ".png, .pdf, .svg, .html, .json, .md");
  for (PortolanReportFormat f = 0; f < PORTOLAN_REPORT_N_FORMATS; f++)
    {
      g_autofree char *name = g_strdup_printf ("x.%s", portolan_report_format_get_extension (f));
      PortolanReportFormat back;

      g_assert_true (portolan_report_format_from_filename (name, &back));
      g_assert_cmpint (back, ==, f);
      g_assert_nonnull (portolan_report_format_get_mime_type (f));
      g_assert_nonnull (portolan_report_format_get_name (f));
    }
}

/* The rules of the free text: what is a name or an address, and what is not */
static void
test_redactor (void)
{
  static const struct
  {
    const char *text;
    const char *redacted;
  } cases[] = {
    /* Registered: at the start of a word, after a dot or colon, before a port */
    { "Error resolving “UMS.Corp.Example”: not known", "Error resolving “ums-server-1”: not known" },
    { "https://ums.corp.example:8443/umsapi", "https://ums-server-1:8443/umsapi" },
    { "DNS:ums.corp.example, IP:10.20.30.40", "DNS:ums-server-1, IP:icg-1" },
    { "connected to [fd00::40]:61616.", "connected to [ha-load-balancer-1]:61616." },
    { "10.20.30.40: refused; 10.20.30.41 answered", "icg-1: refused; address-2 answered" },
    /* A one-label name keeps its case: "UMS" is a word, "ums" a host */
    { "UMS Server ums refused", "UMS Server ums-server-2 refused" },
    /* Not registered, still an address or a name */
    { "::ffff:10.9.8.7 and fe80::1%eth0 and 2001:db8::5", "::ffff:address-3 and address-4 and address-5" },
    { "certificate CN=wrong.example, issued by CN=*.corp.example", "certificate CN=host-1, issued by CN=host-2" },
    { "to lb.corp.example.", "to host-3." },
    /* Neither: versions, fingerprints, times, abbreviations, IGEL's names */
    { "UMS 12.01.100 (build 54321), catalogue 2026.1", NULL },
    { "fingerprint AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89", NULL },
    { "at 14:03:12, e.g. the proxy", NULL },
    { "HTTP 200 OK from app.igel.com", NULL },
    { "999.1.2.3 is not an address", NULL },
  };
  g_autoptr(PortolanReportRedactor) redactor = portolan_report_redactor_new ();

  portolan_report_redactor_keep (redactor, "app.igel.com");
  g_assert_cmpstr (portolan_report_redactor_add_host (redactor, "ums-server", "ums.corp.example"), ==, "ums-server-1");
  g_assert_cmpstr (portolan_report_redactor_add_host (redactor, "ums-server", "ums"), ==, "ums-server-2");
  g_assert_cmpstr (portolan_report_redactor_add_host (redactor, "icg", "10.20.30.40"), ==, "icg-1");
  g_assert_cmpstr (portolan_report_redactor_add_host (redactor, "ha-load-balancer", "fd00::40"), ==, "ha-load-balancer-1");
  g_assert_cmpstr (portolan_report_redactor_add_host (redactor, "icg", "app.igel.com"), ==, "app.igel.com");
  /* The same host is the same placeholder, whoever asks */
  g_assert_cmpstr (portolan_report_redactor_add_address (redactor, "10.20.30.40"), ==, "icg-1");
  g_assert_cmpstr (portolan_report_redactor_add_address (redactor, "10.20.30.99"), ==, "address-1");
  g_assert_cmpstr (portolan_report_redactor_lookup (redactor, "UMS.CORP.EXAMPLE"), ==, "ums-server-1");
  g_assert_null (portolan_report_redactor_lookup (redactor, "UMS"));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *redacted = portolan_report_redactor_redact_text (redactor, cases[i].text);

      g_assert_cmpstr (redacted, ==, cases[i].redacted ? cases[i].redacted : cases[i].text);
    }

  /* What the text met is registered for good */
  g_assert_cmpstr (portolan_report_redactor_lookup (redactor, "10.20.30.41"), ==, "address-2");
  g_assert_cmpstr (portolan_report_redactor_lookup (redactor, "lb.corp.example"), ==, "host-3");
}

/* The model */

static guint
problem_rank (PortolanState state)
{
  static const PortolanState order[] = {
    PORTOLAN_STATE_CLOSED, PORTOLAN_STATE_FILTERED, PORTOLAN_STATE_UNREACHABLE, PORTOLAN_STATE_WARNING,
    PORTOLAN_STATE_PENDING, PORTOLAN_STATE_CANCELLED, PORTOLAN_STATE_UNVERIFIED, PORTOLAN_STATE_OPEN,
    PORTOLAN_STATE_VERIFIED, PORTOLAN_STATE_SKIPPED,
  };

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    if (order[i] == state)
      return i;
  g_assert_not_reached ();
}

static void
test_model (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(PortolanReport) report = new_report (f, FALSE);
  g_autofree char *markdown = portolan_report_to_markdown (report);
  GPtrArray *checks = portolan_plan_get_checks (f->plan);
  GPtrArray *copies = portolan_plan_get_checks (portolan_report_get_plan (report));
  PortolanCheck *first = g_ptr_array_index (checks, 0);
  guint counts[PORTOLAN_N_STATES] = { 0 };
  guint problems = 0, last_rank = 0, last_port = 0, n_rows = 0;
  g_auto(GStrv) lines = NULL;
  g_autofree char *suggested = portolan_report_suggest_filename (report, PORTOLAN_REPORT_FORMAT_PDF);

  g_assert_false (portolan_report_get_redacted (report));
  g_assert_cmpstr (portolan_report_get_host_name (report), ==, HOST_NAME);
  g_assert_cmpstrv (portolan_report_get_addresses (report), local_addresses);
  g_assert_cmpstr (portolan_report_get_profile_name (report), ==, "Head office");
  g_assert_true (g_date_time_equal (portolan_report_get_started (report), f->started));
  g_assert_cmpfloat (portolan_report_get_duration_ms (report), ==, 3210);
  g_assert_cmpstr (suggested, ==, "portolan-ums-server-to-all-20250107-1403.pdf");

  /* A copy of every check, with its result */
  g_assert_cmpuint (copies->len, ==, checks->len);
  for (guint i = 0; i < checks->len; i++)
    {
      PortolanCheck *check = g_ptr_array_index (checks, i), *copy = g_ptr_array_index (copies, i);

      g_assert_true (check != copy);
      g_assert_cmpint (portolan_check_get_state (copy), ==, portolan_check_get_state (check));
      g_assert_cmpstr (portolan_check_get_host (copy), ==, portolan_check_get_host (check));
      g_assert_cmpstr (portolan_check_get_address (copy), ==, portolan_check_get_address (check));
      g_assert_cmpstr (portolan_check_get_detail (copy), ==, portolan_check_get_detail (check));
      counts[portolan_check_get_state (check)]++;
      problems += portolan_state_is_problem (portolan_check_get_state (check));
    }
  for (PortolanState s = 0; s < PORTOLAN_N_STATES; s++)
    g_assert_cmpuint (portolan_report_count (report, s), ==, counts[s]);
  g_assert_cmpuint (portolan_report_count_problems (report), ==, problems);
  g_assert_cmpuint (problems, >, 0);

  /* What happens to the plan afterwards is not in the report */
  portolan_check_reset (first);
  g_assert_cmpint (portolan_check_get_state (g_ptr_array_index (copies, 0)), !=, PORTOLAN_STATE_PENDING);

  /* The table: problems first, then by port */
  lines = g_strsplit (markdown, "\n", -1);
  for (guint l = 0; lines[l] != NULL; l++)
    {
      g_auto(GStrv) cells = NULL;
      PortolanState state = PORTOLAN_STATE_PENDING;
      guint rank, port;
      gboolean found = FALSE;

      if (!g_str_has_prefix (lines[l], "| ") || g_str_has_prefix (lines[l], "| State"))
        continue;
      cells = g_strsplit (lines[l], " | ", -1);
      for (PortolanState s = 0; s < PORTOLAN_N_STATES && !found; s++)
        if (g_str_has_suffix (cells[0], portolan_state_get_label (s)))
          {
            state = s;
            found = TRUE;
          }
      g_assert_true (found);

      rank = problem_rank (state);
      port = g_ascii_isdigit (cells[1][0]) ? atoi (cells[1]) : 65536;
      g_assert_cmpuint (rank, >=, last_rank);
      if (rank == last_rank)
        g_assert_cmpuint (port, >=, last_port);
      last_rank = rank;
      last_port = port;
      n_rows++;
    }
  g_assert_cmpuint (n_rows, ==, checks->len);
}

/* PNG */

typedef struct
{
  GBytes *bytes;
  gsize   offset;
} PngReader;

static cairo_status_t
read_png_cb (void          *closure,
             unsigned char *data,
             unsigned int   length)
{
  PngReader *reader = closure;
  gsize size;
  const guint8 *all = g_bytes_get_data (reader->bytes, &size);

  if (reader->offset + length > size)
    return CAIRO_STATUS_READ_ERROR;
  memcpy (data, all + reader->offset, length);
  reader->offset += length;
  return CAIRO_STATUS_SUCCESS;
}

/* A valid PNG at twice the 1600 logical pixels of width; returns its height */
static guint
assert_png (GBytes *bytes)
{
  static const guint8 signature[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  PngReader reader = { bytes, 0 };
  const guint8 *data = g_bytes_get_data (bytes, NULL);
  cairo_surface_t *image;
  guint width, height, closed_pixels = 0;
  const guint8 *pixels;
  int stride;

  g_assert_cmpmem (data, sizeof signature, signature, sizeof signature);
  g_assert_cmpmem (data + 12, 4, "IHDR", 4);
  width = GUINT32_FROM_BE (*(guint32 *) (data + 16));
  height = GUINT32_FROM_BE (*(guint32 *) (data + 20));
  g_assert_cmpuint (width, ==, 2 * 1600);
  g_assert_cmpuint (height % 2, ==, 0);
  g_assert_cmpuint (height, >, 1000);

  image = cairo_image_surface_create_from_png_stream (read_png_cb, &reader);
  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, width);
  g_assert_cmpint (cairo_image_surface_get_height (image), ==, height);

  /* The colour of "closed" is there: in the graph, the summary and the table */
  pixels = cairo_image_surface_get_data (image);
  stride = cairo_image_surface_get_stride (image);
  for (guint y = 0; y < height; y += 2)
    for (guint x = 0; x < width; x += 2)
      if ((*(const guint32 *) (pixels + y * stride + x * 4) & 0xffffff) == 0xc01c28)
        closed_pixels++;
  g_assert_cmpuint (closed_pixels, >, 100);
  /* Paper white at the top left */
  g_assert_cmphex (*(const guint32 *) pixels & 0xffffff, ==, 0xffffff);

  cairo_surface_destroy (image);
  return height;
}

static void
test_png (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(PortolanReport) report = new_report (f, FALSE);
  g_autoptr(GBytes) png = write_bytes (report, PORTOLAN_REPORT_FORMAT_PNG);

  assert_png (png);
}

/* PDF */

static void
test_pdf (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(PortolanReport) report = new_report (f, FALSE);
  g_autoptr(GBytes) pdf = write_bytes (report, PORTOLAN_REPORT_FORMAT_PDF);
  GPtrArray *checks = portolan_plan_get_checks (f->plan);
  g_autofree char *text = NULL;
  const char * const header[] = {
    "Portolan report", "UMS Server → All roles", "Head office", HOST_NAME, "192.168.77.12",
    "UMS Server (ums-server)", "All roles (all)", "2025-01-07T14:03:12+01:00", "Portolan " PACKAGE_VERSION,
    "catalogue IGEL UMS", "PostgreSQL", "IGEL Cloud Gateway (ICG)", "3.2 s", "checks found a problem",
    "Test from the other side", "States", NULL
  };

  g_assert_cmpmem (g_bytes_get_data (pdf, NULL), 5, "%PDF-", 5);
  if (!have_pdftotext ())
    return;

  text = pdf_text (pdf, 0);
  for (guint i = 0; header[i] != NULL; i++)
    if (strstr (text, header[i]) == NULL)
      g_error ("The PDF lacks “%s”", header[i]);

  /* Every check on a line of its own: state, port, host, address */
  for (guint i = 0; i < checks->len; i++)
    {
      PortolanCheck *check = g_ptr_array_index (checks, i);
      g_autofree char *port = portolan_check_format_port (check);
      const char *host = portolan_check_get_host (check);
      const char *address = portolan_check_get_address (check);
      const char * const parts[] = {
        portolan_state_get_label (portolan_check_get_state (check)), port,
        host ? host : "—", address ? address : "—", NULL
      };

      if (!has_line (text, parts))
        g_error ("No line of the PDF has %s %s %s %s", parts[0], parts[1], parts[2], parts[3]);
    }

  /* The graph, on the first page, names the hosts too */
  g_clear_pointer (&text, g_free);
  text = pdf_text (pdf, 1);
  g_assert_nonnull (strstr (text, "IGEL Cloud Gateway"));
  g_assert_nonnull (strstr (text, "10.20.30.40"));
  g_assert_nonnull (strstr (text, "db-7.corp.example"));
  g_assert_nonnull (strstr (text, "Page 1 of "));
}

/* A thousand checks, a device range: pages enough, each with the header
 * and the column heads again */
static void
test_pdf_many_pages (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PortolanCatalogue) catalogue = portolan_catalogue_new_builtin (&error);
  g_autoptr(PortolanProfile) profile = portolan_profile_new (catalogue);
  g_autoptr(PortolanPlan) plan = NULL;
  g_autoptr(PortolanReport) report = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GDateTime) started = g_date_time_new_from_iso8601 ("2025-01-07T14:03:12Z", NULL);
  g_autofree char *all = NULL;
  g_auto(GStrv) page_texts = NULL;
  GPtrArray *checks;
  guint pages;

  portolan_test_set_hosts (profile, "os11-device", "10.1.0.1-250", "10.1.1.1-250", "10.1.2.1-250", "10.1.3.1-250", NULL);
  plan = portolan_plan_new (profile, "ums-console", "os11-device", &error);
  g_assert_no_error (error);
  checks = portolan_plan_get_checks (plan);
  g_assert_cmpuint (checks->len, >=, 1000);
  for (guint i = 0; i < checks->len; i++)
    if (!portolan_check_is_finished (g_ptr_array_index (checks, i)))
      portolan_check_set_result (g_ptr_array_index (checks, i),
                                 i % 10 == 3 ? PORTOLAN_STATE_FILTERED : PORTOLAN_STATE_OPEN,
                                 portolan_check_get_host (g_ptr_array_index (checks, i)), 1.0,
                                 "connected; this port has no protocol check", NULL);

  report = portolan_report_new_for_computer (plan, started, 5000, FALSE, HOST_NAME, local_addresses);
  pdf = write_bytes (report, PORTOLAN_REPORT_FORMAT_PDF);

  /* The image holds the problems and counts the others */
  png = write_bytes (report, PORTOLAN_REPORT_FORMAT_PNG);
  g_assert_cmpuint (assert_png (png), <=, 2 * 5200);

  if (!have_pdftotext ())
    return;

  /* The whole text once, its pages split at the form feeds; a few read
   * on their own show that they are the same */
  all = pdf_text (pdf, 0);
  page_texts = g_strsplit (all, "\f", -1);
  pages = g_strv_length (page_texts) - 1;
  g_test_message ("%u checks on %u pages", checks->len, pages);
  g_assert_cmpuint (pages, >=, 10);
  for (guint page = 1; page <= pages; page += page < 3 ? 1 : pages / 3)
    {
      g_autofree char *alone = pdf_text (pdf, page);

      g_assert_true (g_str_has_prefix (alone, page_texts[page - 1]));
    }

  for (guint page = 1; page <= pages; page++)
    {
      const char *text = page_texts[page - 1];
      g_autofree char *number = g_strdup_printf ("Page %u of %u", page, pages);
      const char * const expected[] = {
        "Portolan report", "UMS Console → IGEL OS 11 Device", page == 1 ? "2025-01-07T14:03:12+00:00" : "2025-01-07 14:03",
        number, NULL
      };

      for (guint e = 0; expected[e] != NULL; e++)
        if (strstr (text, expected[e]) == NULL)
          g_error ("Page %u lacks “%s”:\n%s", page, expected[e], text);

      /* The table's pages: its heads, and rows */
      if (page > 1 && page < pages)
        {
          const char * const heads[] = { "State", "Port", "Initiator → listener", "Host", "Address", "Latency", "Detail", NULL };
          const char * const row[] = { "/tcp", "UMS Console → IGEL OS 11 Device", "10.1.", NULL };

          g_assert_true (has_line (text, heads));
          g_assert_true (has_line (text, row));
        }
    }

  /* Every check is there */
  for (guint i = 0; i < checks->len; i++)
    {
      g_autofree char *host = g_strdup_printf (" %s ", portolan_check_get_host (g_ptr_array_index (checks, i)));

      if (strstr (all, host) == NULL)
        g_error ("The PDF lacks%s", host);
    }
}

/* SVG and HTML: well-formed XML */

typedef struct
{
  char      *root;
  guint      elements;
  GPtrArray *links;   /* every href, src, xlink:href */
  gboolean   has_svg;
  gboolean   has_script;
  gboolean   has_table;
} Markup;

static void
start_element_cb (GMarkupParseContext  *context,
                  const char           *name,
                  const char          **attribute_names,
                  const char          **attribute_values,
                  gpointer              user_data,
                  GError              **error)
{
  Markup *markup = user_data;

  if (markup->root == NULL)
    markup->root = g_strdup (name);
  markup->elements++;
  markup->has_svg |= g_str_equal (name, "svg");
  markup->has_script |= g_str_equal (name, "script") || g_str_equal (name, "link") ||
                        g_str_equal (name, "img") || g_str_equal (name, "iframe");
  markup->has_table |= g_str_equal (name, "table");

  for (guint i = 0; attribute_names[i] != NULL; i++)
    if (g_str_equal (attribute_names[i], "href") || g_str_equal (attribute_names[i], "src") ||
        g_str_equal (attribute_names[i], "xlink:href"))
      g_ptr_array_add (markup->links, g_strdup (attribute_values[i]));
}

static void
markup_clear (Markup *markup)
{
  g_free (markup->root);
  g_ptr_array_unref (markup->links);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Markup, markup_clear)

static void
parse_markup (const char *text,
              Markup     *markup)
{
  static const GMarkupParser parser = { start_element_cb, NULL, NULL, NULL, NULL };
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GError) error = NULL;

  memset (markup, 0, sizeof *markup);
  markup->links = g_ptr_array_new_with_free_func (g_free);
  context = g_markup_parse_context_new (&parser, 0, markup, NULL);
  g_markup_parse_context_parse (context, text, -1, &error);
  g_assert_no_error (error);
  g_markup_parse_context_end_parse (context, &error);
  g_assert_no_error (error);
}

static void
test_svg (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(PortolanReport) report = new_report (f, FALSE);
  g_autoptr(GBytes) svg = write_bytes (report, PORTOLAN_REPORT_FORMAT_SVG);
  g_autofree char *text = bytes_to_string (svg);
  g_auto(Markup) markup;

  parse_markup (text, &markup);
  g_assert_cmpstr (markup.root, ==, "svg");
  g_assert_cmpuint (markup.elements, >, 100);
  g_assert_nonnull (strstr (text, "viewBox=\"0 0 1600 900\""));
  /* Glyphs are used from the document, nothing from outside */
  for (guint i = 0; i < markup.links->len; i++)
    g_assert_true (g_str_has_prefix (g_ptr_array_index (markup.links, i), "#"));
}

static void
test_html (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(PortolanReport) report = new_report (f, FALSE);
  g_autoptr(GBytes) html = write_bytes (report, PORTOLAN_REPORT_FORMAT_HTML);
  g_autofree char *text = bytes_to_string (html);
  GPtrArray *checks = portolan_plan_get_checks (f->plan);
  g_auto(Markup) markup;

  g_assert_true (g_str_has_prefix (text, "<!DOCTYPE html>\n<html>"));
  parse_markup (text, &markup);
  g_assert_cmpstr (markup.root, ==, "html");
  g_assert_true (markup.has_svg);
  g_assert_true (markup.has_table);
  g_assert_false (markup.has_script);

  /* Self-contained: every reference points into the page, no style
   * sheet fetches anything */
  for (guint i = 0; i < markup.links->len; i++)
    g_assert_true (g_str_has_prefix (g_ptr_array_index (markup.links, i), "#"));
  g_assert_null (strstr (text, "url("));
  g_assert_null (strstr (text, "@import"));
  g_assert_null (strstr (text, "src=\"http"));
  g_assert_null (strstr (text, "href=\"http"));

  g_assert_nonnull (strstr (text, "Head office"));
  g_assert_nonnull (strstr (text, HOST_NAME));
  g_assert_nonnull (strstr (text, "datetime=\"2025-01-07T14:03:12+01:00\""));
  for (guint i = 0; i < checks->len; i++)
    {
      const char *host = portolan_check_get_host (g_ptr_array_index (checks, i));
      g_autofree char *cell = g_strdup_printf ("<td class=\"host\">%s</td>", host ? host : "—");

      g_assert_nonnull (strstr (text, cell));
    }
  /* The fingerprint of a certificate that was seen */
  g_assert_nonnull (strstr (text, certs->valid_fingerprint));
}

/* JSON */

static JsonNode *
parse_json (GBytes *bytes)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static void
test_json (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(PortolanReport) report = new_report (f, FALSE);
  g_autoptr(GBytes) json = write_bytes (report, PORTOLAN_REPORT_FORMAT_JSON);
  g_autoptr(JsonNode) root = parse_json (json);
  g_autoptr(JsonNode) run = portolan_run_build_json (f->plan, f->started, 3210);
  JsonObject *object = json_node_get_object (root), *run_object = json_node_get_object (run);
  JsonObject *header, *counts;
  g_autoptr(GList) members = json_object_get_members (run_object);

  g_assert_cmpint (json_object_get_int_member (object, "schema"), ==, PORTOLAN_REPORT_SCHEMA);

  /* The shape of `portolan-cli check --json`, from the same code */
  for (GList *m = members; m != NULL; m = m->next)
    if (!json_node_equal (json_object_get_member (object, m->data), json_object_get_member (run_object, m->data)))
      g_error ("“%s” is not what portolan_run_build_json() gives", (const char *) m->data);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "checks")), ==,
                    portolan_plan_get_checks (f->plan)->len);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "other_side")), >, 0);

  header = json_object_get_object_member (object, "report");
  g_assert_nonnull (header);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (header, "computer"), "host_name"), ==, HOST_NAME);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (header, "source"), "name"), ==, "UMS Server");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (header, "target"), "id"), ==, "all");
  g_assert_cmpstr (json_object_get_string_member (header, "profile"), ==, "Head office");
  g_assert_cmpstr (json_object_get_string_member (header, "portolan_version"), ==, PACKAGE_VERSION);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (header, "catalogue"), "id"), ==, "igel-ums");
  g_assert_false (json_object_get_boolean_member (header, "redacted"));
  counts = json_object_get_object_member (header, "counts");
  g_assert_cmpint (json_object_get_int_member (counts, "closed"), ==, portolan_report_count (report, PORTOLAN_STATE_CLOSED));
  g_assert_cmpint (json_object_get_int_member (header, "problems"), ==, portolan_report_count_problems (report));
}

/* Markdown */

static void
test_markdown (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(PortolanReport) report = new_report (f, FALSE);
  g_autoptr(GBytes) bytes = write_bytes (report, PORTOLAN_REPORT_FORMAT_MARKDOWN);
  g_autofree char *text = bytes_to_string (bytes);
  g_autofree char *markdown = portolan_report_to_markdown (report);
  GPtrArray *checks = portolan_plan_get_checks (f->plan);

  g_assert_cmpstr (text, ==, markdown);
  g_assert_true (g_str_has_prefix (text, "## Portolan report: UMS Server → All roles\n"));
  g_assert_nonnull (strstr (text, "checks found a problem.**"));
  g_assert_nonnull (strstr (text, "- **Profile:** Head office\n"));
  g_assert_nonnull (strstr (text, "2025-01-07T14:03:12+01:00"));
  g_assert_nonnull (strstr (text, "| State | Port | Initiator → listener | Host | Address | Latency | Detail |\n|---|"));
  g_assert_nonnull (strstr (text, "### Test from the other side"));

  for (guint i = 0; i < checks->len; i++)
    {
      PortolanCheck *check = g_ptr_array_index (checks, i);
      PortolanState state = portolan_check_get_state (check);
      g_autofree char *port = portolan_check_format_port (check);
      g_autofree char *state_cell = g_strdup_printf ("| %s %s | %s |", portolan_state_get_symbol (state),
                                                     portolan_state_get_label (state), port);
      const char * const parts[] = { state_cell, portolan_check_get_host (check) ? portolan_check_get_host (check) : "—", NULL };

      g_assert_true (has_line (text, parts));
    }

  /* A | in a detail does not end its cell */
  g_assert_nonnull (strstr (text, ":8443 \\| directly |"));
}

/* What a server said, however long and whatever it holds */

/* The first check of @plan that was probed */
static PortolanCheck *
find_probed (PortolanPlan *plan)
{
  GPtrArray *checks = portolan_plan_get_checks (plan);

  for (guint i = 0; i < checks->len; i++)
    if (portolan_check_get_address (g_ptr_array_index (checks, i)) != NULL)
      return g_ptr_array_index (checks, i);

  g_assert_not_reached ();
  return NULL;
}

/* A 16 MB version string is kept as its start and its length: the PDF
 * no longer lays out 16 MB of text (13 s and 2 GB before) */
static void
test_huge_detail (Fixture       *f,
                  gconstpointer  data)
{
  const gsize size = 16 * 1024 * 1024;
  g_autofree char *huge = g_malloc (size + 1);
  PortolanCheck *check = find_probed (f->plan);
  g_autoptr(PortolanReport) report = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GBytes) markdown = NULL;
  g_autofree char *text = NULL;
  const char *detail;

  memset (huge, '9', size);
  memcpy (huge, "UMS Server 12.", 14);
  huge[size] = '\0';
  portolan_check_set_result (check, PORTOLAN_STATE_VERIFIED, portolan_check_get_address (check), 1.5, huge, NULL);
  g_clear_pointer (&huge, g_free);

  detail = portolan_check_get_detail (check);
  g_assert_cmpuint (strlen (detail), <=, PORTOLAN_TEXT_MAX_BYTES);
  g_assert_true (g_str_has_prefix (detail, "UMS Server 12.999"));
  g_assert_true (g_str_has_suffix (detail, "… (16777216 bytes in all)"));

  /* The report's copy is the same, and every format is quick again */
  report = new_report (f, FALSE);
  g_assert_cmpstr (portolan_check_get_detail (find_probed (portolan_report_get_plan (report))), ==, detail);
  pdf = write_bytes (report, PORTOLAN_REPORT_FORMAT_PDF);
  g_assert_cmpuint (g_bytes_get_size (pdf), <, 4 * 1024 * 1024);
  markdown = write_bytes (report, PORTOLAN_REPORT_FORMAT_MARKDOWN);
  g_assert_cmpuint (g_bytes_get_size (markdown), <, 64 * 1024);
  text = bytes_to_string (markdown);
  g_assert_nonnull (strstr (text, "(16777216 bytes in all) |"));
}

/* Control characters from a server in the Markdown: written out, so the
 * file shows them, and no row is broken or faked */
static void
test_markdown_inert (Fixture       *f,
                     gconstpointer  data)
{
  PortolanCheck *check = find_probed (f->plan);
  g_autoptr(PortolanReport) report = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  guint rows = 0;

  portolan_check_set_result (check, PORTOLAN_STATE_WARNING, portolan_check_get_address (check), 1.5,
                             "HTTP 500 \033[2J\033[H\r| ✔ Verified | 443/tcp |\n| ✔ Verified \xc2\x9b" "31m\xff", NULL);
  report = new_report (f, FALSE);
  text = portolan_report_to_markdown (report);

  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_null (strchr (text, '\033'));
  g_assert_null (strchr (text, '\r'));
  g_assert_null (strstr (text, "\xc2\x9b"));
  g_assert_nonnull (strstr (text, "HTTP 500 \\\\x1B\\[2J\\\\x1B\\[H\\\\r\\| ✔ Verified \\| 443/tcp \\|\\\\n\\| ✔ Verified \\\\u009B31m\xef\xbf\xbd |"));

  /* One row per check, each with its eight cell borders */
  lines = g_strsplit (text, "\n", -1);
  for (guint l = 0; lines[l] != NULL; l++)
    if (g_str_has_prefix (lines[l], "| ✔ Verified") || g_str_has_prefix (lines[l], "| ⚠ Warning"))
      {
        guint borders = 0;

        for (const char *p = lines[l]; *p != '\0'; p++)
          borders += *p == '|' && (p == lines[l] || p[-1] != '\\');
        g_assert_cmpuint (borders, ==, 8);
        rows++;
      }
  g_assert_cmpuint (rows, ==, portolan_report_count (report, PORTOLAN_STATE_VERIFIED) +
                               portolan_report_count (report, PORTOLAN_STATE_WARNING));
}

/* Redaction */

static void
assert_redacted_tls (const PortolanTlsInfo *tls)
{
  g_autofree char *names = NULL;
  g_autofree char *addresses = NULL;

  if (tls == NULL)
    return;

  names = g_strjoinv (" ", tls->dns_names);
  addresses = g_strjoinv (" ", tls->ip_addresses);
  assert_no_secrets (tls->subject, "a certificate's subject");
  assert_no_secrets (names, "a certificate's names");
  assert_no_secrets (addresses, "a certificate's addresses");
  g_assert_null (strstr (names, "localhost"));
  g_assert_null (strstr (addresses, "127.0.0.1"));
}

/* What the graph draws of each role: the redacted copy of the profile */
static void
assert_graph_redacted (PortolanReport *report)
{
  PortolanPlan *plan = portolan_report_get_plan (report);
  PortolanCatalogue *catalogue = portolan_profile_get_catalogue (portolan_plan_get_profile (plan));
  g_autoptr(PortolanRenderer) renderer = portolan_renderer_new (catalogue);
  g_autoptr(GPtrArray) roles = NULL;
  g_autoptr(GString) all = g_string_new (NULL);

  portolan_renderer_set_plan (renderer, plan);
  portolan_renderer_layout (renderer, 1536, 860);
  roles = portolan_renderer_list_hits (renderer, PORTOLAN_RENDERER_HIT_ROLE);
  for (guint i = 0; i < roles->len; i++)
    {
      g_autofree char *text = portolan_renderer_describe (renderer, g_ptr_array_index (roles, i));

      g_string_append_printf (all, "%s\n", text);
    }

  assert_no_secrets (all->str, "the graph");
  g_assert_nonnull (strstr (all->str, "ums-server-1"));
  g_assert_nonnull (strstr (all->str, "os11-device-range-1"));
  g_assert_nonnull (strstr (all->str, "app.igel.com"));
}

static void
test_redact (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(PortolanReport) report = new_report (f, TRUE);
  GPtrArray *checks = portolan_plan_get_checks (f->plan);
  GPtrArray *copies = portolan_plan_get_checks (portolan_report_get_plan (report));
  g_autoptr(GHashTable) placeholders = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *pdf_all = NULL;
  const char * const expected[] = {
    "ums-server-1", "postgresql-1", "icg-1", "active-directory-1", "ha-load-balancer-1", "os11-device-1",
    "os11-device-3", "this-computer-1", "address-1", NULL
  };

  g_assert_true (portolan_report_get_redacted (report));
  g_assert_cmpstr (portolan_report_get_host_name (report), ==, "this-computer-1");
  g_assert_true (g_str_has_prefix (portolan_report_get_addresses (report)[0], "address-"));

  /* The model: every host, address, detail and certificate */
  for (guint i = 0; i < copies->len; i++)
    {
      PortolanCheck *check = g_ptr_array_index (checks, i), *copy = g_ptr_array_index (copies, i);
      const char *host = portolan_check_get_host (check);
      const char *placeholder;

      assert_no_secrets (portolan_check_get_host (copy) ? portolan_check_get_host (copy) : "", "a host");
      assert_no_secrets (portolan_check_get_address (copy) ? portolan_check_get_address (copy) : "", "an address");
      assert_no_secrets (portolan_check_get_detail (copy) ? portolan_check_get_detail (copy) : "", "a detail");
      assert_redacted_tls (portolan_check_get_tls_info (copy));
      g_assert_cmpint (portolan_check_get_state (copy), ==, portolan_check_get_state (check));

      /* The same host, the same placeholder, every time; IGEL's
       * public names stay */
      if (host == NULL)
        continue;
      placeholder = g_hash_table_lookup (placeholders, host);
      if (placeholder == NULL)
        g_hash_table_insert (placeholders, g_strdup (host), g_strdup (portolan_check_get_host (copy)));
      else
        g_assert_cmpstr (placeholder, ==, portolan_check_get_host (copy));
      if (g_str_has_suffix (host, ".igel.com"))
        g_assert_cmpstr (portolan_check_get_host (copy), ==, host);
    }
  g_assert_cmpstr (g_hash_table_lookup (placeholders, "ums.corp.example"), ==, "ums-server-1");
  g_assert_cmpstr (g_hash_table_lookup (placeholders, "10.20.30.40"), ==, "icg-1");
  g_assert_cmpstr (g_hash_table_lookup (placeholders, "db-7.corp.example"), ==, "postgresql-1");
  g_assert_cmpstr (g_hash_table_lookup (placeholders, "fd00::40"), ==, "ha-load-balancer-1");
  g_assert_cmpstr (g_hash_table_lookup (placeholders, "10.1.2.1"), ==, "os11-device-1");
  g_assert_cmpstr (g_hash_table_lookup (placeholders, "thin-17.corp.example"), ==, "os11-device-3");
  g_assert_cmpstr (portolan_profile_get_name (portolan_plan_get_profile (portolan_report_get_plan (report))), ==, "Head office");

  assert_graph_redacted (report);

  /* Every format's bytes, or the text the PDF shows */
  for (PortolanReportFormat format = 0; format < PORTOLAN_REPORT_N_FORMATS; format++)
    {
      g_autoptr(GBytes) bytes = write_bytes (report, format);
      g_autofree char *text = NULL;

      if (format == PORTOLAN_REPORT_FORMAT_PNG)
        {
          /* Its text cannot be read back: it is drawn by the same code
           * as the PDF's, from the model checked above */
          assert_png (bytes);
          continue;
        }
      if (format == PORTOLAN_REPORT_FORMAT_PDF)
        {
          g_autofree char *raw = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

          assert_no_secrets (raw, "the PDF's bytes");
          if (!have_pdftotext ())
            continue;
          text = pdf_text (bytes, 0);
          pdf_all = g_strdup (text);
        }
      else
        text = bytes_to_string (bytes);

      assert_no_secrets (text, portolan_report_format_get_extension (format));
      if (format == PORTOLAN_REPORT_FORMAT_SVG)
        continue;
      for (guint e = 0; expected[e] != NULL; e++)
        if (strstr (text, expected[e]) == NULL)
          g_error ("The %s report lacks “%s”", portolan_report_format_get_extension (format), expected[e]);
      g_assert_nonnull (strstr (text, "app.igel.com"));
    }

  /* The redacted PDF's graph shows the placeholders too */
  if (pdf_all != NULL)
    g_assert_nonnull (strstr (pdf_all, "os11-device-range-1"));
}

/* Saving */

typedef struct
{
  GMainLoop *loop;
  guint      pending;
  GError    *errors[PORTOLAN_REPORT_N_FORMATS + 1];
} Saves;

typedef struct
{
  Saves *saves;
  guint  index;
} SaveCall;

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  SaveCall *call = user_data;

  portolan_report_save_finish (PORTOLAN_REPORT (object), result, &call->saves->errors[call->index]);
  if (--call->saves->pending == 0)
    g_main_loop_quit (call->saves->loop);
  g_free (call);
}

static void
save_async (PortolanReport       *report,
            PortolanReportFormat  format,
            GFile                *file,
            GCancellable         *cancellable,
            Saves                *saves,
            guint                 index)
{
  SaveCall *call = g_new0 (SaveCall, 1);

  call->saves = saves;
  call->index = index;
  saves->pending++;
  portolan_report_save_async (report, format, file, cancellable, saved_cb, call);
}

static gboolean
change_plan_cb (gpointer data)
{
  GPtrArray *checks = portolan_plan_get_checks (data);

  /* The window goes on while a report is written */
  for (guint i = 0; i < checks->len; i++)
    {
      portolan_check_reset (g_ptr_array_index (checks, i));
      portolan_check_set_result (g_ptr_array_index (checks, i), PORTOLAN_STATE_CLOSED, "10.9.9.9", 1, "changed", NULL);
    }

  return G_SOURCE_CONTINUE;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static GStrv
list_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    g_strv_builder_add (builder, name);

  return g_strv_builder_end (builder);
}

static void
test_save_async (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(PortolanReport) report = new_report (f, FALSE);
  g_autofree char *dir = g_dir_make_tmp ("portolan-report-XXXXXX", NULL);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  GBytes *expected[PORTOLAN_REPORT_N_FORMATS] = { NULL, };
  Saves saves = { loop, 0, { NULL, } };
  guint changer;

  for (PortolanReportFormat format = 0; format < PORTOLAN_REPORT_N_FORMATS; format++)
    expected[format] = write_bytes (report, format);

  /* Every format at once, in worker threads, while the plan changes */
  for (PortolanReportFormat format = 0; format < PORTOLAN_REPORT_N_FORMATS; format++)
    {
      g_autofree char *name = g_strdup_printf ("report.%s", portolan_report_format_get_extension (format));
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);

      save_async (report, format, file, NULL, &saves, format);
    }
  changer = g_idle_add (change_plan_cb, f->plan);
  g_main_loop_run (loop);
  g_source_remove (changer);

  for (PortolanReportFormat format = 0; format < PORTOLAN_REPORT_N_FORMATS; format++)
    {
      g_autofree char *name = g_strdup_printf ("report.%s", portolan_report_format_get_extension (format));
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      g_assert_no_error (saves.errors[format]);
      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      /* The PDF carries the time it was made */
      if (format == PORTOLAN_REPORT_FORMAT_PDF)
        {
          g_assert_true (g_str_has_prefix (contents, "%PDF-"));
          g_assert_cmpmem (contents + length - 6, 6, "%%EOF\n", 6);
        }
      else if (format == PORTOLAN_REPORT_FORMAT_SVG || format == PORTOLAN_REPORT_FORMAT_HTML)
        {
          /* cairo numbers its surfaces across the process */
          g_autoptr(GRegex) surface = g_regex_new ("surface[0-9]+", 0, 0, NULL);
          g_autofree char *written = g_regex_replace_literal (surface, contents, length, 0, "surface", 0, NULL);
          g_autofree char *wanted = g_regex_replace_literal (surface, g_bytes_get_data (expected[format], NULL),
                                                             g_bytes_get_size (expected[format]), 0, "surface", 0, NULL);

          g_assert_cmpstr (written, ==, wanted);
        }
      else
        g_assert_cmpmem (contents, length, g_bytes_get_data (expected[format], NULL), g_bytes_get_size (expected[format]));
      g_bytes_unref (expected[format]);
    }

  remove_tree (dir);
}

static void
test_save_failures (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(PortolanReport) report = new_report (f, FALSE);
  g_autofree char *dir = g_dir_make_tmp ("portolan-report-XXXXXX", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing", "report.pdf", NULL);
  g_autofree char *taken = g_build_filename (dir, "taken.html", NULL);
  g_autofree char *twice = g_build_filename (dir, "twice.md", NULL);
  g_autofree char *backup = g_strconcat (twice, ".bak", NULL);
  g_autofree char *cancelled_path = g_build_filename (dir, "cancelled.png", NULL);
  g_autoptr(GFile) missing_file = g_file_new_for_path (missing);
  g_autoptr(GFile) taken_file = g_file_new_for_path (taken);
  g_autoptr(GFile) twice_file = g_file_new_for_path (twice);
  g_autoptr(GFile) cancelled_file = g_file_new_for_path (cancelled_path);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) left = NULL;
  Saves saves = { loop, 0, { NULL, } };

  /* A folder that is not there: the error names the file and says why */
  save_async (report, PORTOLAN_REPORT_FORMAT_PDF, missing_file, NULL, &saves, 0);
  /* A folder where the file should go: nothing half-written stays */
  g_assert_cmpint (g_mkdir (taken, 0700), ==, 0);
  save_async (report, PORTOLAN_REPORT_FORMAT_HTML, taken_file, NULL, &saves, 1);
  /* Stopped before it is written */
  g_cancellable_cancel (cancellable);
  save_async (report, PORTOLAN_REPORT_FORMAT_PNG, cancelled_file, cancellable, &saves, 2);
  g_main_loop_run (loop);

  g_assert_error (saves.errors[0], G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_true (g_str_has_prefix (saves.errors[0]->message, missing));
  g_assert_nonnull (strstr (saves.errors[0]->message, "cannot save the report"));
  g_assert_nonnull (strstr (saves.errors[0]->message, "No such file or directory"));
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_assert_nonnull (saves.errors[1]);
  g_assert_true (g_str_has_prefix (saves.errors[1]->message, taken));
  g_assert_true (g_file_test (taken, G_FILE_TEST_IS_DIR));
  g_assert_error (saves.errors[2], G_IO_ERROR, G_IO_ERROR_CANCELLED);
  for (guint i = 0; i < 3; i++)
    g_clear_error (&saves.errors[i]);

  left = list_dir (dir);
  g_assert_cmpuint (g_strv_length (left), ==, 1);
  g_assert_cmpstr (left[0], ==, "taken.html");

  /* Saved over: the previous report stays beside it */
  g_assert_true (g_file_set_contents (twice, "old", -1, NULL));
  g_assert_true (portolan_report_save (report, PORTOLAN_REPORT_FORMAT_MARKDOWN, twice_file, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (backup, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "old");
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (twice, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "## Portolan report"));

  remove_tree (dir);
}

/* The local computer, read from this one */
static void
test_this_computer (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(PortolanReport) report = portolan_report_new (f->plan, NULL, 0, FALSE);
  g_autoptr(PortolanReport) redacted = portolan_report_new (f->plan, NULL, 0, TRUE);
  const char * const *addresses = portolan_report_get_addresses (report);
  g_autofree char *markdown = portolan_report_to_markdown (redacted);

  g_assert_cmpstr (portolan_report_get_host_name (report), ==, g_get_host_name ());
  g_assert_nonnull (portolan_report_get_started (report));
  for (guint i = 0; addresses[i] != NULL; i++)
    {
      g_autoptr(GInetAddress) address = g_inet_address_new_from_string (addresses[i]);

      g_assert_nonnull (address);
      g_assert_false (g_inet_address_get_is_loopback (address));
      g_assert_null (strstr (markdown, addresses[i]));
    }
  g_assert_cmpstr (portolan_report_get_host_name (redacted), ==, "this-computer-1");
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  certs = portolan_test_certs_new (&error);
  g_assert_no_error (error);

  g_test_add_func ("/report/format-from-filename", test_format_from_filename);
  g_test_add_func ("/report/redactor", test_redactor);
  g_test_add ("/report/model", Fixture, NULL, fixture_set_up, test_model, fixture_tear_down);
  g_test_add ("/report/png", Fixture, NULL, fixture_set_up, test_png, fixture_tear_down);
  g_test_add ("/report/pdf", Fixture, NULL, fixture_set_up, test_pdf, fixture_tear_down);
  g_test_add_func ("/report/pdf-many-pages", test_pdf_many_pages);
  g_test_add ("/report/svg", Fixture, NULL, fixture_set_up, test_svg, fixture_tear_down);
  g_test_add ("/report/html", Fixture, NULL, fixture_set_up, test_html, fixture_tear_down);
  g_test_add ("/report/json", Fixture, NULL, fixture_set_up, test_json, fixture_tear_down);
  g_test_add ("/report/markdown", Fixture, NULL, fixture_set_up, test_markdown, fixture_tear_down);
  g_test_add ("/report/huge-detail", Fixture, NULL, fixture_set_up, test_huge_detail, fixture_tear_down);
  g_test_add ("/report/markdown-inert", Fixture, NULL, fixture_set_up, test_markdown_inert, fixture_tear_down);
  g_test_add ("/report/redact", Fixture, NULL, fixture_set_up, test_redact, fixture_tear_down);
  g_test_add ("/report/save-async", Fixture, NULL, fixture_set_up, test_save_async, fixture_tear_down);
  g_test_add ("/report/save-failures", Fixture, NULL, fixture_set_up, test_save_failures, fixture_tear_down);
  g_test_add ("/report/this-computer", Fixture, NULL, fixture_set_up, test_this_computer, fixture_tear_down);

  status = g_test_run ();
  portolan_test_certs_free (certs);

  return status;
}
