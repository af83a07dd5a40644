/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-test-daemon-recipes.c
 *
 * How each daemon of portolan-test-daemons.c is configured: the smallest
 * configuration that makes it the real thing on its port, with its data,
 * keys and logs in the daemon's directory and nothing read from /etc but
 * schemas. Each prepare() writes that, runs the package's own tools to
 * make its data (initdb, kdb5_util, ssh-keygen), and spawns the daemon in
 * the foreground, logging to a file, as verbosely as a test needs to see
 * what a probe left in the log.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "portolan-test-daemons-private.h"
#include "portolan-test-time.h"

#define JAVA_START_TIMEOUT_MS 60000
#define START_TIMEOUT_MS      20000

/* --- Shared --- */

static char *
find_java (GError **error)
{
  /* The JRE default-jre-headless points at, whatever else is installed */
  return _portolan_test_daemon_find ("java", "/usr/lib/jvm/default-java/bin/java",
                                     "default-jre-headless", error);
}

/* The first of @paths that exists, or a G_IO_ERROR_NOT_FOUND naming @package */
static char *
find_file (const char * const  *paths,
           const char          *package,
           GError             **error)
{
  for (guint i = 0; paths[i] != NULL; i++)
    if (g_file_test (paths[i], G_FILE_TEST_EXISTS))
      return g_strdup (paths[i]);

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
               "%s is not installed (package %s)", paths[0], package);
  return NULL;
}

static gboolean
make_directory (PortolanTestDaemon  *self,
                const char          *name,
                GError             **error)
{
  g_autofree char *path = _portolan_test_daemon_path (self, name);

  if (g_mkdir (path, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "mkdir %s: %s", path, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

/* --- PostgreSQL --- */

/* postgres in PATH (Fedora), or the newest of Debian's versioned folders */
static char *
find_postgresql_bin (GError **error)
{
  g_autofree char *in_path = g_find_program_in_path ("postgres");
  g_autoptr(GDir) versions = g_dir_open ("/usr/lib/postgresql", 0, NULL);
  g_autofree char *newest = NULL;
  guint64 newest_version = 0;
  const char *name;

  if (in_path != NULL)
    return g_path_get_dirname (in_path);

  while (versions != NULL && (name = g_dir_read_name (versions)) != NULL)
    {
      g_autofree char *postgres = g_build_filename ("/usr/lib/postgresql", name, "bin", "postgres", NULL);
      guint64 version = g_ascii_strtoull (name, NULL, 10);

      if (version > newest_version && g_file_test (postgres, G_FILE_TEST_IS_EXECUTABLE))
        {
          newest_version = version;
          g_free (newest);
          newest = g_build_filename ("/usr/lib/postgresql", name, "bin", NULL);
        }
    }

  if (newest == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                         "postgres is not installed (package postgresql)");
  return g_steal_pointer (&newest);
}

static gboolean
prepare_postgresql (PortolanTestDaemon  *self,
                    GError             **error)
{
  g_autofree char *bin = find_postgresql_bin (error);
  g_autofree char *initdb = NULL;
  g_autofree char *postgres = NULL;
  g_autofree char *data = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *port = NULL;
  g_autofree char *sockets = NULL;
  g_autofree char *certificate = NULL;
  g_autofree char *key = NULL;

  if (bin == NULL)
    return FALSE;
  initdb = g_build_filename (bin, "initdb", NULL);
  postgres = g_build_filename (bin, "postgres", NULL);
  data = _portolan_test_daemon_path (self, "data");
  listen = g_strdup_printf ("listen_addresses=%s", portolan_test_daemon_get_address (self));
  port = g_strdup_printf ("port=%u", portolan_test_daemon_get_port (self));
  sockets = g_strdup_printf ("unix_socket_directories=%s", _portolan_test_daemon_get_dir (self));
  certificate = g_strdup_printf ("ssl_cert_file=%s/server.crt", _portolan_test_daemon_get_dir (self));
  key = g_strdup_printf ("ssl_key_file=%s/server.key", _portolan_test_daemon_get_dir (self));

  /* PostgreSQL refuses to run as root */
  if (!_portolan_test_daemon_run_as (self, "postgres", error) ||
      !_portolan_test_daemon_make_certificate (self, error))
    return FALSE;

  {
    const char * const initdb_argv[] = {
      initdb, "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C",
      "--no-sync", "--no-instructions", NULL
    };
    /* Little shared memory and no fsync: a throwaway cluster */
    const char * const postgres_argv[] = {
      postgres, "-D", data, "-c", listen, "-c", port, "-c", sockets,
      "-c", "ssl=on", "-c", certificate, "-c", key,
      "-c", "fsync=off", "-c", "shared_buffers=16MB", "-c", "max_connections=20", NULL
    };

    return _portolan_test_daemon_run (self, "initdb.log", initdb_argv, error) &&
           _portolan_test_daemon_spawn (self, "postgresql.log", postgres_argv, -1, error);
  }
}

/* --- slapd --- */

static gboolean
prepare_slapd (PortolanTestDaemon  *self,
               GError             **error)
{
  static const char * const schemas[] = { "/etc/ldap/schema/core.schema", "/etc/openldap/schema/core.schema", NULL };
  static const char * const mdb_modules[] = { "/usr/lib/ldap/back_mdb.so", NULL };
  g_autofree char *slapd = _portolan_test_daemon_find ("slapd", "/usr/sbin/slapd", "slapd", error);
  g_autofree char *schema = NULL;
  g_autofree char *config = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *urls = NULL;
  g_autofree char *host = _portolan_test_daemon_dup_host (self);
  g_autofree char *module = NULL;
  const char *dir = _portolan_test_daemon_get_dir (self);
  guint16 port = portolan_test_daemon_get_port (self);

  if (slapd == NULL || (schema = find_file (schemas, "slapd", error)) == NULL)
    return FALSE;
  /* Debian builds the backend as a module, Fedora into slapd */
  module = find_file (mdb_modules, "slapd", NULL);

  _portolan_test_daemon_set_tls_port (self, port == 389 ? 636 : _portolan_test_daemon_find_free_port (self));
  urls = g_strdup_printf ("ldap://%s:%u/ ldaps://%s:%u/", host, port, host,
                          portolan_test_daemon_get_tls_port (self));
  config = g_strdup_printf ("include %s\n"
                            "pidfile %s/slapd.pid\n"
                            "%s%s%s"
                            "TLSCertificateFile %s/server.crt\n"
                            "TLSCertificateKeyFile %s/server.key\n"
                            "database mdb\n"
                            "maxsize 16777216\n"
                            "suffix \"" PORTOLAN_TEST_LDAP_SUFFIX "\"\n"
                            "rootdn \"cn=admin," PORTOLAN_TEST_LDAP_SUFFIX "\"\n"
                            "directory %s/db\n",
                            schema, dir,
                            module != NULL ? "moduleload " : "", module != NULL ? module : "", module != NULL ? "\n" : "",
                            dir, dir, dir);
  config_path = _portolan_test_daemon_path (self, "slapd.conf");

  {
    /* -d stats: in the foreground, every connection and operation in the log */
    const char * const argv[] = { slapd, "-d", "stats", "-f", config_path, "-h", urls, NULL };

    return _portolan_test_daemon_make_certificate (self, error) &&
           make_directory (self, "db", error) &&
           _portolan_test_daemon_write (self, "slapd.conf", config, error) &&
           _portolan_test_daemon_spawn (self, "slapd.log", argv, -1, error);
  }
}

/* --- krb5kdc --- */

static gboolean
prepare_kdc (PortolanTestDaemon  *self,
             GError             **error)
{
  g_autofree char *kdb5_util = _portolan_test_daemon_find ("kdb5_util", "/usr/sbin/kdb5_util", "krb5-kdc", error);
  g_autofree char *krb5kdc = kdb5_util != NULL ? _portolan_test_daemon_find ("krb5kdc", "/usr/sbin/krb5kdc", "krb5-kdc", error) : NULL;
  g_autofree char *host = _portolan_test_daemon_dup_host (self);
  g_autofree char *krb5_conf = NULL;
  g_autofree char *kdc_conf = NULL;
  g_autofree char *krb5_conf_path = _portolan_test_daemon_path (self, "krb5.conf");
  g_autofree char *kdc_conf_path = _portolan_test_daemon_path (self, "kdc.conf");
  const char *dir = _portolan_test_daemon_get_dir (self);
  guint16 port = portolan_test_daemon_get_port (self);
  /* Never a secret: the database lives as long as the test */
  const char * const create_argv[] = {
    kdb5_util, "create", "-s", "-r", PORTOLAN_TEST_KERBEROS_REALM, "-P", "portolan-test-master-key", NULL
  };
  const char * const kdc_argv[] = { krb5kdc, "-n", "-r", PORTOLAN_TEST_KERBEROS_REALM, NULL };

  if (krb5kdc == NULL)
    return FALSE;

  krb5_conf = g_strdup_printf ("[libdefaults]\n"
                               "  default_realm = " PORTOLAN_TEST_KERBEROS_REALM "\n"
                               "[realms]\n"
                               "  " PORTOLAN_TEST_KERBEROS_REALM " = {\n"
                               "    kdc = %s:%u\n"
                               "  }\n",
                               host, port);
  kdc_conf = g_strdup_printf ("[kdcdefaults]\n"
                              "  kdc_ports = %u\n"
                              "  kdc_tcp_ports = %u\n"
                              "[realms]\n"
                              "  " PORTOLAN_TEST_KERBEROS_REALM " = {\n"
                              "    database_name = %s/principal\n"
                              "    key_stash_file = %s/stash\n"
                              "    acl_file = %s/kadm5.acl\n"
                              "    kdc_listen = %s:%u\n"
                              "    kdc_tcp_listen = %s:%u\n"
                              "  }\n"
                              "[logging]\n"
                              "  kdc = FILE:%s/kdc.log\n",
                              port, port, dir, dir, dir, host, port, host, port, dir);
  /* Both the tools and the KDC read these, never /etc/krb5.conf */
  _portolan_test_daemon_set_environment (self, "KRB5_CONFIG", krb5_conf_path);
  _portolan_test_daemon_set_environment (self, "KRB5_KDC_PROFILE", kdc_conf_path);

  return _portolan_test_daemon_write (self, "krb5.conf", krb5_conf, error) &&
         _portolan_test_daemon_write (self, "kdc.conf", kdc_conf, error) &&
         _portolan_test_daemon_run (self, "kdb5_util.log", create_argv, error) &&
         _portolan_test_daemon_spawn (self, "krb5kdc.log", kdc_argv, -1, error);
}

/* --- Derby --- */

static gboolean
prepare_derby (PortolanTestDaemon  *self,
               GError             **error)
{
  static const char * const engines[] = { "/usr/share/java/derby.jar", "/usr/share/java/derby/derby.jar", NULL };
  static const char * const servers[] = { "/usr/share/java/derbynet.jar", "/usr/share/java/derby/derbynet.jar", NULL };
  g_autofree char *java = find_java (error);
  g_autofree char *engine = java != NULL ? find_file (engines, "libderby-java", error) : NULL;
  g_autofree char *server = engine != NULL ? find_file (servers, "libderby-java", error) : NULL;
  g_autofree char *classpath = NULL;
  g_autofree char *home = NULL;
  g_autofree char *port = NULL;

  if (server == NULL)
    return FALSE;

  classpath = g_strdup_printf ("%s:%s", engine, server);
  /* derby.log, and any database, go to the system home */
  home = g_strdup_printf ("-Dderby.system.home=%s", _portolan_test_daemon_get_dir (self));
  port = g_strdup_printf ("%u", portolan_test_daemon_get_port (self));

  {
    /* The smallest heap and the quickest JIT: a server that idles */
    const char * const argv[] = {
      java, "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", home, "-cp", classpath,
      "org.apache.derby.drda.NetworkServerControl", "start",
      "-h", portolan_test_daemon_get_address (self), "-p", port, "-noSecurityManager", NULL
    };

    return _portolan_test_daemon_spawn (self, "derby-server.log", argv, -1, error);
  }
}

/* --- ActiveMQ --- */

static gboolean
prepare_activemq (PortolanTestDaemon  *self,
                  GError             **error)
{
  static const char * const jars[] = { "/usr/share/activemq/bin/activemq.jar", NULL };
  g_autofree char *java = find_java (error);
  g_autofree char *jar = java != NULL ? find_file (jars, "activemq", error) : NULL;
  g_autofree char *home = NULL;
  g_autofree char *base = NULL;
  g_autofree char *conf = NULL;
  g_autofree char *data = NULL;
  g_autofree char *classpath = NULL;
  g_autofree char *xbean = NULL;
  g_autofree char *config = NULL;
  g_autofree char *host = _portolan_test_daemon_dup_host (self);
  const char *dir = _portolan_test_daemon_get_dir (self);

  if (jar == NULL)
    return FALSE;

  home = g_strdup_printf ("-Dactivemq.home=%s", "/usr/share/activemq");
  base = g_strdup_printf ("-Dactivemq.base=%s", dir);
  conf = g_strdup_printf ("-Dactivemq.conf=%s", dir);
  data = g_strdup_printf ("-Dactivemq.data=%s/data", dir);
  classpath = g_strdup_printf ("-Dactivemq.classpath=%s", dir);
  xbean = g_strdup_printf ("xbean:file:%s/activemq.xml", dir);
  /* No persistence, JMX, advisories or scheduler, and a small heap: the
   * package's own instance, KahaDB and 512 MB, starts as fast (1.5 s)
   * but holds 112 MB resident instead of 74 */
  config = g_strdup_printf ("<beans xmlns=\"http://www.springframework.org/schema/beans\"\n"
                            "  xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
                            "  xsi:schemaLocation=\"http://www.springframework.org/schema/beans"
                            " http://www.springframework.org/schema/beans/spring-beans.xsd"
                            " http://activemq.apache.org/schema/core"
                            " http://activemq.apache.org/schema/core/activemq-core.xsd\">\n"
                            "  <broker xmlns=\"http://activemq.apache.org/schema/core\" brokerName=\"portolan-test\"\n"
                            "          useJmx=\"false\" persistent=\"false\" advisorySupport=\"false\"\n"
                            "          schedulerSupport=\"false\" dataDirectory=\"%s/data\">\n"
                            "    <transportConnectors>\n"
                            "      <transportConnector name=\"openwire\" uri=\"tcp://%s:%u\"/>\n"
                            "    </transportConnectors>\n"
                            "  </broker>\n"
                            "</beans>\n",
                            dir, host, portolan_test_daemon_get_port (self));

  {
    const char * const argv[] = {
      java, "-Xms32m", "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
      /* What the package's start script opens on Java 9 and later */
      "--add-opens", "java.base/java.lang=ALL-UNNAMED",
      "--add-opens", "java.base/java.util=ALL-UNNAMED",
      "--add-opens", "java.base/java.net=ALL-UNNAMED",
      home, base, conf, data, classpath, "-jar", jar, "start", xbean, NULL
    };

    return make_directory (self, "data", error) &&
           _portolan_test_daemon_write (self, "activemq.xml", config, error) &&
           _portolan_test_daemon_spawn (self, "activemq.log", argv, -1, error);
  }
}

/* --- x11vnc on Xvfb --- */

/* Xvfb picks a free display and writes its number to descriptor 3 once
 * it accepts X clients */
static char *
wait_display (PortolanTestDaemon  *self,
              GError             **error)
{
  g_autofree char *path = _portolan_test_daemon_path (self, "display");
  guint timeout_ms = portolan_test_scale_ms (START_TIMEOUT_MS);
  gint64 end = g_get_monotonic_time () + timeout_ms * G_TIME_SPAN_MILLISECOND;

  while (_portolan_test_daemon_is_running (self))
    {
      g_autofree char *text = NULL;

      if (g_file_get_contents (path, &text, NULL, NULL) && strchr (text, '\n') != NULL)
        return g_strdup_printf (":%s", g_strstrip (text));
      if (g_get_monotonic_time () >= end)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                       "Xvfb did not name its display within %u ms", timeout_ms);
          return NULL;
        }
      g_usleep (20 * 1000);
    }

  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Xvfb exited as it started");
  return NULL;
}

static gboolean
prepare_vnc (PortolanTestDaemon  *self,
             GError             **error)
{
  g_autofree char *xvfb = _portolan_test_daemon_find ("Xvfb", NULL, "xvfb", error);
  g_autofree char *x11vnc = xvfb != NULL ? _portolan_test_daemon_find ("x11vnc", NULL, "x11vnc", error) : NULL;
  g_autofree char *display_path = _portolan_test_daemon_path (self, "display");
  g_autofree char *display = NULL;
  g_autofree char *port = g_strdup_printf ("%u", portolan_test_daemon_get_port (self));
  const char *address = portolan_test_daemon_get_address (self);
  gboolean ipv6 = strchr (address, ':') != NULL;
  const char * const xvfb_argv[] = {
    xvfb, "-displayfd", "3", "-nolisten", "tcp", "-screen", "0", "640x480x24", NULL
  };
  int display_fd;

  if (x11vnc == NULL)
    return FALSE;

  display_fd = g_open (display_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (display_fd < 0 || !_portolan_test_daemon_spawn (self, "xvfb.log", xvfb_argv, display_fd, error))
    {
      if (display_fd < 0)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", display_path, g_strerror (errno));
      return FALSE;
    }
  display = wait_display (self, error);
  if (display == NULL)
    return FALSE;

  {
    /* No password: the tests read only the banner */
    const char * const argv[] = {
      x11vnc, "-display", display, "-rfbport", port, ipv6 ? "-listen6" : "-listen", address,
      ipv6 ? "-noipv4" : "-noipv6", "-forever", "-shared", "-nopw", "-q", NULL
    };

    return _portolan_test_daemon_spawn (self, "x11vnc.log", argv, -1, error);
  }
}

/* --- sshd --- */

static gboolean
prepare_sshd (PortolanTestDaemon  *self,
              GError             **error)
{
  g_autofree char *sshd = _portolan_test_daemon_find ("sshd", "/usr/sbin/sshd", "openssh-server", error);
  g_autofree char *keygen = sshd != NULL ? _portolan_test_daemon_find ("ssh-keygen", NULL, "openssh-client", error) : NULL;
  g_autofree char *host_key = _portolan_test_daemon_path (self, "host_key");
  g_autofree char *config_path = _portolan_test_daemon_path (self, "sshd_config");
  g_autofree char *config = NULL;
  const char * const keygen_argv[] = { keygen, "-q", "-t", "ed25519", "-N", "", "-f", host_key, NULL };
  /* -D in the foreground, -e logging to stderr */
  const char * const sshd_argv[] = { sshd, "-D", "-e", "-f", config_path, NULL };

  if (keygen == NULL)
    return FALSE;

  /* Debian's sshd insists on its privilege separation directory, which
   * systemd makes at boot; a test machine may not have booted with it */
  if (!g_file_test ("/usr/share/empty.sshd", G_FILE_TEST_IS_DIR) &&
      g_mkdir_with_parents ("/run/sshd", 0755) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "mkdir /run/sshd: %s", g_strerror (errno));
      return FALSE;
    }

  /* No way in: the tests read only the banner. A connection's child
   * outlives a killed test only as long as the grace time. */
  config = g_strdup_printf ("Port %u\n"
                            "LoginGraceTime 10\n"
                            "ListenAddress %s\n"
                            "HostKey %s\n"
                            "PidFile %s/sshd.pid\n"
                            "UsePAM no\n"
                            "PasswordAuthentication no\n"
                            "KbdInteractiveAuthentication no\n"
                            "PubkeyAuthentication no\n"
                            "AuthorizedKeysFile none\n",
                            portolan_test_daemon_get_port (self), portolan_test_daemon_get_address (self),
                            host_key, _portolan_test_daemon_get_dir (self));

  return _portolan_test_daemon_run (self, "ssh-keygen.log", keygen_argv, error) &&
         _portolan_test_daemon_write (self, "sshd_config", config, error) &&
         _portolan_test_daemon_spawn (self, "sshd.log", sshd_argv, -1, error);
}

/* --- tdspool --- */

static gboolean
prepare_tdspool (PortolanTestDaemon  *self,
                 GError             **error)
{
  g_autofree char *tdspool = _portolan_test_daemon_find ("tdspool", NULL, "freetds-bin", error);
  g_autofree char *pool_path = _portolan_test_daemon_path (self, "pool.conf");
  g_autofree char *freetds_path = _portolan_test_daemon_path (self, "freetds.conf");
  g_autofree char *pool_log = _portolan_test_daemon_path (self, "pool.log");
  g_autofree char *pool = NULL;
  const char * const argv[] = { tdspool, "-c", pool_path, "-l", pool_log, "portolan", NULL };

  if (tdspool == NULL)
    return FALSE;
  /* It binds every address, so only the port can be chosen */
  if (g_strcmp0 (portolan_test_daemon_get_address (self), "127.0.0.1") != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           "tdspool listens on every IPv4 address, so only on 127.0.0.1 here");
      return FALSE;
    }

  /* It answers PRELOGIN itself; the backend, where nothing listens, is
   * only reached by a login, and no pool member is opened in advance */
  pool = g_strdup_printf ("[global]\n"
                          "  min pool conn = 0\n"
                          "  max pool conn = 1\n"
                          "[portolan]\n"
                          "  user = portolan\n"
                          "  password = portolan\n"
                          "  database = tempdb\n"
                          "  server = nobackend\n"
                          "  port = %u\n",
                          portolan_test_daemon_get_port (self));
  _portolan_test_daemon_set_environment (self, "FREETDSCONF", freetds_path);

  return _portolan_test_daemon_write (self, "pool.conf", pool, error) &&
         _portolan_test_daemon_write (self, "freetds.conf",
                                      "[nobackend]\n"
                                      "  host = 127.0.0.1\n"
                                      "  port = 1\n"
                                      "  tds version = 7.4\n", error) &&
         _portolan_test_daemon_spawn (self, "tdspool.log", argv, -1, error);
}

/* --- nginx --- */

static gboolean
prepare_nginx (PortolanTestDaemon  *self,
               GError             **error)
{
  g_autofree char *nginx = _portolan_test_daemon_find ("nginx", "/usr/sbin/nginx", "nginx", error);
  g_autofree char *config_path = _portolan_test_daemon_path (self, "nginx.conf");
  g_autofree char *host = _portolan_test_daemon_dup_host (self);
  g_autofree char *config = NULL;
  const char *dir = _portolan_test_daemon_get_dir (self);
  const char * const argv[] = { nginx, "-p", dir, "-c", config_path, NULL };

  if (nginx == NULL)
    return FALSE;

  /* One process, so that its pid is the listener; the temporary paths in
   * the directory, since nginx would use /var/lib/nginx */
  config = g_strdup_printf ("daemon off;\n"
                            "master_process off;\n"
                            "pid %s/nginx.pid;\n"
                            "error_log %s/error.log info;\n"
                            "events {}\n"
                            "http {\n"
                            "  access_log %s/access.log;\n"
                            "  client_body_temp_path %s/client_body;\n"
                            "  proxy_temp_path %s/proxy;\n"
                            "  fastcgi_temp_path %s/fastcgi;\n"
                            "  uwsgi_temp_path %s/uwsgi;\n"
                            "  scgi_temp_path %s/scgi;\n"
                            "  server {\n"
                            "    listen %s:%u;\n"
                            "    location / {\n"
                            "      default_type text/plain;\n"
                            "      return 200 \"ok\\n\";\n"
                            "    }\n"
                            "  }\n"
                            "}\n",
                            dir, dir, dir, dir, dir, dir, dir, dir, host, portolan_test_daemon_get_port (self));

  return _portolan_test_daemon_write (self, "nginx.conf", config, error) &&
         _portolan_test_daemon_spawn (self, "nginx.log", argv, -1, error);
}

static const PortolanTestDaemonRecipe recipes[PORTOLAN_TEST_N_DAEMONS] = {
  /* SIGINT: a fast shutdown; SIGTERM would wait for every client */
  [PORTOLAN_TEST_POSTGRESQL] = { "PostgreSQL", 5432, START_TIMEOUT_MS, SIGINT, prepare_postgresql },
  [PORTOLAN_TEST_SLAPD]      = { "slapd", 389, START_TIMEOUT_MS, SIGTERM, prepare_slapd },
  [PORTOLAN_TEST_KDC]        = { "krb5kdc", 88, START_TIMEOUT_MS, SIGTERM, prepare_kdc },
  [PORTOLAN_TEST_DERBY]      = { "Derby Network Server", 1527, JAVA_START_TIMEOUT_MS, SIGTERM, prepare_derby },
  [PORTOLAN_TEST_ACTIVEMQ]   = { "ActiveMQ", 61616, JAVA_START_TIMEOUT_MS, SIGTERM, prepare_activemq },
  [PORTOLAN_TEST_VNC]        = { "x11vnc", 5900, START_TIMEOUT_MS, SIGTERM, prepare_vnc },
  [PORTOLAN_TEST_SSHD]       = { "sshd", 22, START_TIMEOUT_MS, SIGTERM, prepare_sshd },
  [PORTOLAN_TEST_TDSPOOL]    = { "tdspool", 1433, START_TIMEOUT_MS, SIGTERM, prepare_tdspool },
  [PORTOLAN_TEST_NGINX]      = { "nginx", 80, START_TIMEOUT_MS, SIGTERM, prepare_nginx },
};

const PortolanTestDaemonRecipe *
_portolan_test_daemon_get_recipe (PortolanTestDaemonKind kind)
{
  g_return_val_if_fail (kind < PORTOLAN_TEST_N_DAEMONS, NULL);

  return &recipes[kind];
}
