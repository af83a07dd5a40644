/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-test-certs.c
 *
 * The certificates are made by the openssl command. `openssl x509 -req`
 * only learnt to set arbitrary dates in OpenSSL 3.4, so every certificate
 * goes through `openssl ca`, whose -startdate/-enddate work in 1.1 and 3.0
 * too; that needs a small CA configuration and database, written into the
 * temporary directory with everything else. EC P-256 keys keep the whole
 * run well under a second.
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "portolan-test-certs.h"

static const char openssl_cnf[] =
  "[ ca ]\n"
  "default_ca = test_ca\n"
  "\n"
  "[ test_ca ]\n"
  "dir = .\n"
  "database = index.txt\n"
  "new_certs_dir = .\n"
  "serial = serial\n"
  "default_md = sha256\n"
  "policy = policy_any\n"
  "unique_subject = no\n"
  "email_in_dn = no\n"
  "\n"
  "[ policy_any ]\n"
  "commonName = supplied\n"
  "\n"
  "[ req ]\n"
  "distinguished_name = req_dn\n"
  "prompt = no\n"
  "\n"
  "[ req_dn ]\n"
  "commonName = unused\n"
  "\n"
  "[ ext_ca ]\n"
  "basicConstraints = critical, CA:TRUE\n"
  "keyUsage = critical, keyCertSign, cRLSign\n"
  "subjectKeyIdentifier = hash\n"
  "\n"
  "[ ext_localhost ]\n"
  "basicConstraints = critical, CA:FALSE\n"
  "keyUsage = critical, digitalSignature\n"
  "extendedKeyUsage = serverAuth\n"
  "subjectAltName = DNS:localhost, IP:127.0.0.1, IP:::1\n"
  "subjectKeyIdentifier = hash\n"
  "authorityKeyIdentifier = keyid\n"
  "\n"
  "[ ext_wrong_name ]\n"
  "basicConstraints = critical, CA:FALSE\n"
  "keyUsage = critical, digitalSignature\n"
  "extendedKeyUsage = serverAuth\n"
  "subjectAltName = DNS:wrong.example\n"
  "subjectKeyIdentifier = hash\n"
  "authorityKeyIdentifier = keyid\n";

typedef struct
{
  const char *name;
  const char *common_name;
  const char *extensions;
  gboolean    self_signed;
  const char *not_before;
  const char *not_after;
} Request;

static gboolean
run_openssl (GSubprocessLauncher  *launcher,
             char                **output,
             GError              **error,
             ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (gpointer) "openssl");
  va_start (args, error);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, error);
  if (process == NULL ||
      !g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, error))
    return FALSE;

  if (!g_subprocess_get_successful (process))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "openssl %s failed: %s",
                   (const char *) argv->pdata[1], g_strstrip (err));
      return FALSE;
    }

  if (output != NULL)
    *output = g_steal_pointer (&out);
  return TRUE;
}

static char *
format_date (GDateTime *date)
{
  return g_date_time_format (date, "%Y%m%d%H%M%SZ");
}

/* Makes NAME.key and NAME.pem in the launcher's directory */
static gboolean
make_certificate (GSubprocessLauncher  *launcher,
                  const Request        *request,
                  GError              **error)
{
  g_autofree char *key = g_strconcat (request->name, ".key", NULL);
  g_autofree char *csr = g_strconcat (request->name, ".csr", NULL);
  g_autofree char *pem = g_strconcat (request->name, ".pem", NULL);
  g_autofree char *subject = g_strconcat ("/CN=", request->common_name, NULL);

  if (!run_openssl (launcher, NULL, error,
                    "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                    "-nodes", "-keyout", key, "-out", csr, "-subj", subject,
                    NULL))
    return FALSE;

  if (request->self_signed)
    return run_openssl (launcher, NULL, error,
                        "ca", "-batch", "-notext", "-rand_serial", "-selfsign",
                        "-keyfile", key, "-in", csr, "-out", pem,
                        "-extensions", request->extensions,
                        "-startdate", request->not_before, "-enddate", request->not_after,
                        NULL);

  return run_openssl (launcher, NULL, error,
                      "ca", "-batch", "-notext", "-rand_serial",
                      "-cert", "ca.pem", "-keyfile", "ca.key", "-in", csr, "-out", pem,
                      "-extensions", request->extensions,
                      "-startdate", request->not_before, "-enddate", request->not_after,
                      NULL);
}

/* openssl prints "sha256 Fingerprint=AB:…" (or "SHA256 Fingerprint=" in
 * other versions); only the part after the '=' is wanted. */
static char *
read_fingerprint (GSubprocessLauncher  *launcher,
                  const char           *name,
                  GError              **error)
{
  g_autofree char *pem = g_strconcat (name, ".pem", NULL);
  g_autofree char *output = NULL;
  char *equals;

  if (!run_openssl (launcher, &output, error,
                    "x509", "-in", pem, "-noout", "-fingerprint", "-sha256",
                    NULL))
    return NULL;

  equals = strchr (output, '=');
  if (equals == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "Unexpected openssl fingerprint output: %s", output);
      return NULL;
    }

  return g_ascii_strup (g_strstrip (equals + 1), -1);
}

static GTlsCertificate *
load_certificate (GSubprocessLauncher  *launcher,
                  const char           *dir,
                  const char           *name,
                  char                **path,
                  char                **fingerprint,
                  GError              **error)
{
  g_autofree char *pem_name = g_strconcat (name, ".pem", NULL);
  g_autofree char *key_name = g_strconcat (name, ".key", NULL);
  g_autofree char *pem = g_build_filename (dir, pem_name, NULL);
  g_autofree char *key = g_build_filename (dir, key_name, NULL);
  g_autoptr(GTlsCertificate) certificate = NULL;

  certificate = g_tls_certificate_new_from_files (pem, key, error);
  if (certificate == NULL)
    return NULL;

  *fingerprint = read_fingerprint (launcher, name, error);
  if (*fingerprint == NULL)
    return NULL;

  *path = g_steal_pointer (&pem);
  return g_steal_pointer (&certificate);
}

static gboolean
generate (PortolanTestCerts  *certs,
          GError            **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) yesterday = g_date_time_add_days (now, -1);
  g_autoptr(GDateTime) next_year = g_date_time_add_years (now, 1);
  g_autoptr(GDateTime) next_decade = g_date_time_add_years (now, 10);
  g_autofree char *not_before = format_date (yesterday);
  g_autofree char *not_after = format_date (next_year);
  g_autofree char *ca_not_after = format_date (next_decade);
  g_autofree char *cnf_path = g_build_filename (certs->dir, "openssl.cnf", NULL);
  g_autofree char *index_path = g_build_filename (certs->dir, "index.txt", NULL);
  g_autofree char *ca_fingerprint = NULL;
  const Request ca = { "ca", "Portolan Test CA", "ext_ca", TRUE, "20190101000000Z", ca_not_after };
  const Request leaves[] = {
    { "valid", "localhost", "ext_localhost", FALSE, not_before, not_after },
    { "expired", "localhost", "ext_localhost", FALSE, "20200101000000Z", "20210101000000Z" },
    { "wrong-name", "wrong.example", "ext_wrong_name", FALSE, not_before, not_after },
    { "self-signed", "localhost", "ext_localhost", TRUE, not_before, not_after },
  };
  struct {
    GTlsCertificate **certificate;
    char            **path;
    char            **fingerprint;
  } fields[] = {
    { &certs->valid, &certs->valid_path, &certs->valid_fingerprint },
    { &certs->expired, &certs->expired_path, &certs->expired_fingerprint },
    { &certs->wrong_name, &certs->wrong_name_path, &certs->wrong_name_fingerprint },
    { &certs->self_signed, &certs->self_signed_path, &certs->self_signed_fingerprint },
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (leaves) == G_N_ELEMENTS (fields));

  if (!g_file_set_contents (cnf_path, openssl_cnf, -1, error) ||
      !g_file_set_contents (index_path, "", 0, error))
    return FALSE;

  /* Our configuration, not the system's, whatever the distribution ships */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_cwd (launcher, certs->dir);
  g_subprocess_launcher_setenv (launcher, "OPENSSL_CONF", cnf_path, TRUE);

  if (!make_certificate (launcher, &ca, error))
    return FALSE;

  certs->ca_path = g_build_filename (certs->dir, "ca.pem", NULL);
  certs->ca_database = g_tls_file_database_new (certs->ca_path, error);
  certs->ca_fingerprint = read_fingerprint (launcher, "ca", error);
  if (certs->ca_database == NULL || certs->ca_fingerprint == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (leaves); i++)
    {
      if (!make_certificate (launcher, &leaves[i], error))
        return FALSE;

      *fields[i].certificate = load_certificate (launcher, certs->dir, leaves[i].name,
                                                 fields[i].path, fields[i].fingerprint,
                                                 error);
      if (*fields[i].certificate == NULL)
        return FALSE;
    }

  return TRUE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/**
 * portolan_test_list_directory:
 *
 * Returns: the names in @path, sorted and joined by commas: a temporary
 *   file left behind shows up here
 */
char *
portolan_test_list_directory (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);

  return g_strjoinv (",", (char **) names->pdata);
}

/**
 * portolan_test_remove_directory:
 *
 * Removes a folder the tests made, with all in it. A link is removed,
 * never followed.
 */
void
portolan_test_remove_directory (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (g_file_test (path, G_FILE_TEST_IS_SYMLINK) || !g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_remove (path);
      return;
    }

  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      portolan_test_remove_directory (child);
    }
  g_rmdir (path);
}

/**
 * portolan_test_certs_new:
 * @error: return location for a #GError
 *
 * Generates a CA and four server certificates in a new temporary
 * directory, with the openssl command.
 *
 * Returns: (transfer full) (nullable): the certificates, or %NULL with
 *   @error set if openssl is missing or fails
 */
PortolanTestCerts *
portolan_test_certs_new (GError **error)
{
  g_autoptr(PortolanTestCerts) certs = g_new0 (PortolanTestCerts, 1);

  certs->dir = g_dir_make_tmp ("portolan-test-certs-XXXXXX", error);
  if (certs->dir == NULL || !generate (certs, error))
    return NULL;

  return g_steal_pointer (&certs);
}

void
portolan_test_certs_free (PortolanTestCerts *certs)
{
  if (certs == NULL)
    return;

  if (certs->dir != NULL)
    portolan_test_remove_directory (certs->dir);

  g_free (certs->dir);
  g_free (certs->ca_path);
  g_clear_object (&certs->ca_database);
  g_free (certs->ca_fingerprint);
  g_clear_object (&certs->valid);
  g_free (certs->valid_path);
  g_free (certs->valid_fingerprint);
  g_clear_object (&certs->expired);
  g_free (certs->expired_path);
  g_free (certs->expired_fingerprint);
  g_clear_object (&certs->wrong_name);
  g_free (certs->wrong_name_path);
  g_free (certs->wrong_name_fingerprint);
  g_clear_object (&certs->self_signed);
  g_free (certs->self_signed_path);
  g_free (certs->self_signed_fingerprint);
  g_free (certs);
}
