/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-test-nginx.c
 *
 * The distribution's nginx as the healthy server of the load tests. A
 * server written with GLib cannot play that part: glib-networking 2.74
 * runs every TLS handshake, server side too, through GLib's one shared
 * task pool, so under a thousand connections such a server would be the
 * bottleneck the test measures. nginx is a real server that is not.
 *
 * The configuration, pid file, logs and temp paths all live in a fresh
 * temporary directory, so nothing outside it is read or written but the
 * certificate and key. nginx runs in the foreground (daemon off) as the
 * GSubprocess started here, and is only ever stopped by that pid: SIGTERM,
 * on which the master stops its workers before it exits, then SIGKILL.
 */
#include "config.h"

#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "portolan-test-certs.h"
#include "portolan-test-nginx.h"
#include "portolan-test-servers.h"

#define START_TIMEOUT_MS 10000
#define STOP_TIMEOUT_MS  5000
#define POLL_MS          10
/* Ports are learnt free, then handed to nginx: another process may take
 * one in between */
#define START_ATTEMPTS   3

struct _PortolanTestNginx
{
  char         *dir;
  guint         n_ports;
  guint16      *ports;
  GPid          pid;
  gboolean      waiting;      /* a wait for nginx's exit is in flight */
  gboolean      exited;

  /* Owned references */
  GMainContext *context;      /* where that wait reports */
  GCancellable *cancellable;
  GSubprocess  *process;
};

/* --- Files --- */

static char *
path_in (PortolanTestNginx *self,
         const char        *name)
{
  return g_build_filename (self->dir, name, NULL);
}

/* A string for nginx.conf: double quotes, with \ and " escaped */
static char *
quote (const char *text)
{
  GString *quoted = g_string_new ("\"");

  for (const char *c = text; *c != '\0'; c++)
    {
      if (*c == '"' || *c == '\\')
        g_string_append_c (quoted, '\\');
      g_string_append_c (quoted, *c);
    }
  g_string_append_c (quoted, '"');

  return g_string_free (quoted, FALSE);
}

static char *
quote_path_in (PortolanTestNginx *self,
               const char        *name)
{
  g_autofree char *path = path_in (self, name);

  return quote (path);
}

/* The file's text, stripped, or "" */
static char *
read_log (PortolanTestNginx *self,
          const char        *name)
{
  g_autofree char *path = path_in (self, name);
  g_autofree char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return g_strdup ("");

  return g_strdup (g_strstrip (text));
}

/* What nginx said, for an error message */
static char *
describe_logs (PortolanTestNginx *self)
{
  g_autofree char *error_log = read_log (self, "error.log");
  g_autofree char *output = read_log (self, "output.log");

  return g_strdup_printf ("error.log: \"%s\"; stdout and stderr: \"%s\"", error_log, output);
}


/* Binds them all at once, so that they differ, then lets them go */
static gboolean
pick_free_ports (PortolanTestNginx  *self,
                 GError            **error)
{
  g_autoptr(GPtrArray) sockets = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);

  for (guint i = 0; i < self->n_ports; i++)
    {
      g_autoptr(GSocketAddress) bound = NULL;
      GSocket *socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                      G_SOCKET_PROTOCOL_TCP, error);

      if (socket == NULL)
        return FALSE;
      g_ptr_array_add (sockets, socket);
      if (!g_socket_bind (socket, any_port, FALSE, error))
        return FALSE;
      bound = g_socket_get_local_address (socket, error);
      if (bound == NULL)
        return FALSE;
      self->ports[i] = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
    }

  return TRUE;
}

static gboolean
write_config (PortolanTestNginx  *self,
              const char         *certificate_path,
              const char         *key_path,
              GError            **error)
{
  static const char * const temp_paths[][2] = {
    { "client_body_temp_path", "client_body" },
    { "proxy_temp_path", "proxy" },
    { "fastcgi_temp_path", "fastcgi" },
    { "uwsgi_temp_path", "uwsgi" },
    { "scgi_temp_path", "scgi" },
  };
  g_autoptr(GString) config = g_string_new (NULL);
  g_autofree char *pid = quote_path_in (self, "nginx.pid");
  g_autofree char *lock = quote_path_in (self, "nginx.lock");
  g_autofree char *error_log = quote_path_in (self, "error.log");
  g_autofree char *status = quote_path_in (self, "serverstatus.json");
  g_autofree char *access_log = quote_path_in (self, "access.log");
  /* nginx would read a relative path from its prefix, the directory */
  g_autofree char *certificate_absolute = g_canonicalize_filename (certificate_path, NULL);
  g_autofree char *key_absolute = g_canonicalize_filename (key_path, NULL);
  g_autofree char *certificate = quote (certificate_absolute);
  g_autofree char *key = quote (key_absolute);
  g_autofree char *config_path = path_in (self, "nginx.conf");

  g_string_append_printf (config,
                          "daemon off;\n"
                          "master_process on;\n"
                          "worker_processes 2;\n"
                          "worker_rlimit_nofile 16384;\n"
                          "pid %s;\n"
                          "lock_file %s;\n"
                          "error_log %s warn;\n",
                          pid, lock, error_log);

  /* As root, the workers would run as nobody, who cannot read the
   * status file in this 0700 directory */
  if (geteuid () == 0)
    {
      struct passwd *user = getpwuid (geteuid ());
      struct group *group = getgrgid (getegid ());

      if (user != NULL && group != NULL)
        {
          g_autofree char *user_name = quote (user->pw_name);
          g_autofree char *group_name = quote (group->gr_name);

          g_string_append_printf (config, "user %s %s;\n", user_name, group_name);
        }
    }

  g_string_append (config,
                   "events {\n"
                   "  worker_connections 4096;\n"
                   "}\n"
                   "http {\n");
  /* One line per request, naming its connection: what
   * portolan_test_nginx_count_connections() counts */
  g_string_append_printf (config,
                          "  log_format connections '$connection';\n"
                          "  access_log %s connections;\n",
                          access_log);
  for (guint i = 0; i < G_N_ELEMENTS (temp_paths); i++)
    {
      g_autofree char *path = quote_path_in (self, temp_paths[i][1]);

      g_string_append_printf (config, "  %s %s;\n", temp_paths[i][0], path);
    }

  g_string_append (config, "  server {\n");
  /* A thousand connections arrive at once: the default backlog is 511 */
  for (guint i = 0; i < self->n_ports; i++)
    g_string_append_printf (config, "    listen 127.0.0.1:%u ssl backlog=4096;\n", self->ports[i]);
  g_string_append_printf (config,
                          "    ssl_certificate %s;\n"
                          "    ssl_certificate_key %s;\n"
                          "    location = %s {\n"
                          "      default_type application/json;\n"
                          "      alias %s;\n"
                          "    }\n"
                          "    location = %s {\n"
                          "      default_type application/json;\n"
                          "      return 200 '{\"status\": \"ok\"}';\n"
                          "    }\n"
                          "    location / {\n"
                          "      default_type text/plain;\n"
                          "      return 200 \"ok\\n\";\n"
                          "    }\n"
                          "  }\n"
                          "}\n",
                          certificate, key, PORTOLAN_TEST_UMS_STATUS_PATH, status, PORTOLAN_TEST_UMS_HEALTH_PATH);

  return g_file_set_contents (config_path, config->str, config->len, error);
}

/* --- The process --- */

static char *
find_nginx (void)
{
  char *path = g_find_program_in_path ("nginx");

  /* /usr/sbin is not in every user's PATH */
  if (path == NULL && g_file_test ("/usr/sbin/nginx", G_FILE_TEST_IS_EXECUTABLE))
    path = g_strdup ("/usr/sbin/nginx");

  return path;
}

static void
set_death_signal (gpointer user_data)
{
  /* SIGTERM rather than SIGKILL: on SIGTERM the master stops its workers,
   * which a killed master would leave listening */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
exited_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  PortolanTestNginx *self = user_data;

  self->exited = g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  self->waiting = FALSE;
}

static gboolean
spawn (PortolanTestNginx  *self,
       const char         *nginx,
       GError            **error)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autofree char *config = path_in (self, "nginx.conf");
  g_autofree char *output = path_in (self, "output.log");
  g_autofree char *error_log = path_in (self, "error.log");

  /* The launcher appends to an existing file: start each attempt afresh */
  g_remove (output);
  g_remove (error_log);
  g_subprocess_launcher_set_stdout_file_path (launcher, output);
  g_subprocess_launcher_set_child_setup (launcher, set_death_signal, NULL, NULL);
  self->process = g_subprocess_launcher_spawn (launcher, error, nginx, "-p", self->dir, "-c", config, NULL);
  if (self->process == NULL)
    return FALSE;

  self->pid = atoi (g_subprocess_get_identifier (self->process));
  self->exited = FALSE;
  self->waiting = TRUE;
  self->cancellable = g_cancellable_new ();
  g_main_context_push_thread_default (self->context);
  g_subprocess_wait_async (self->process, self->cancellable, exited_cb, self);
  g_main_context_pop_thread_default (self->context);

  return TRUE;
}

/* Whether nginx exited within @timeout_ms */
static gboolean
wait_exited (PortolanTestNginx *self,
             guint              timeout_ms)
{
  gint64 end = g_get_monotonic_time () + timeout_ms * G_TIME_SPAN_MILLISECOND;

  while (self->waiting && g_get_monotonic_time () < end)
    if (!g_main_context_iteration (self->context, FALSE))
      g_usleep (POLL_MS * 1000);

  return self->exited;
}

/* nginx writes its pid file once it has bound every port */
static gboolean
has_written_pid (PortolanTestNginx *self)
{
  g_autofree char *path = path_in (self, "nginx.pid");
  g_autofree char *text = NULL;

  return g_file_get_contents (path, &text, NULL, NULL) && atoi (text) == self->pid;
}

static gboolean
accepts (guint16 port)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);

  /* On loopback a blocking connect is answered at once */
  return socket != NULL && g_socket_connect (socket, address, NULL, NULL);
}

/* Until every port accepts a connection. @port_taken: nginx gave up
 * because another process had bound one of its ports */
static gboolean
wait_started (PortolanTestNginx  *self,
              gboolean           *port_taken,
              GError            **error)
{
  gint64 end = g_get_monotonic_time () + START_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;
  guint accepting = 0;

  *port_taken = FALSE;
  for (;;)
    {
      while (g_main_context_iteration (self->context, FALSE))
        ;

      if (!self->waiting)
        {
          g_autofree char *logs = describe_logs (self);

          *port_taken = strstr (logs, "Address already in use") != NULL;
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "nginx exited as it started; %s", logs);
          return FALSE;
        }

      if (has_written_pid (self))
        while (accepting < self->n_ports && accepts (self->ports[accepting]))
          accepting++;
      if (accepting == self->n_ports)
        return TRUE;

      if (g_get_monotonic_time () >= end)
        {
          g_autofree char *logs = describe_logs (self);

          g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                       "nginx did not accept connections on its %u ports within %u ms (%u did); %s",
                       self->n_ports, START_TIMEOUT_MS, accepting, logs);
          return FALSE;
        }

      g_usleep (POLL_MS * 1000);
    }
}

/**
 * portolan_test_list_children:
 *
 * Returns: (transfer full): the pids whose parent is @parent, from /proc
 */
GArray *
portolan_test_list_children (GPid parent)
{
  GArray *children = g_array_new (FALSE, FALSE, sizeof (GPid));
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *name;

  while (proc != NULL && (name = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc", name, "stat", NULL);
      g_autofree char *stat = NULL;
      const char *after_command;
      int ppid;

      if (!g_ascii_isdigit (name[0]) || !g_file_get_contents (path, &stat, NULL, NULL))
        continue;

      /* "PID (COMMAND) STATE PPID …", and COMMAND may hold anything */
      after_command = strrchr (stat, ')');
      if (after_command != NULL && sscanf (after_command + 1, " %*c %d", &ppid) == 1 && ppid == parent)
        {
          GPid child = atoi (name);

          g_array_append_val (children, child);
        }
    }

  return children;
}

static void
stop (PortolanTestNginx *self)
{
  if (self->process == NULL)
    return;

  if (self->waiting)
    {
      g_subprocess_send_signal (self->process, SIGTERM);
      if (!wait_exited (self, STOP_TIMEOUT_MS))
        {
          g_autoptr(GArray) workers = portolan_test_list_children (self->pid);

          for (guint i = 0; i < workers->len; i++)
            kill (g_array_index (workers, GPid, i), SIGKILL);
          g_subprocess_force_exit (self->process);
          wait_exited (self, STOP_TIMEOUT_MS);
        }
    }

  /* No callback may come after free() */
  g_cancellable_cancel (self->cancellable);
  while (self->waiting)
    g_main_context_iteration (self->context, TRUE);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->process);
  self->pid = 0;
}

/* --- Public API --- */

/**
 * portolan_test_nginx_new:
 * @certificate_path: a PEM certificate, its chain after it if any
 * @key_path: its PEM private key
 * @n_ports: how many ports to listen on, at least one
 * @status_json: the body of PORTOLAN_TEST_UMS_STATUS_PATH
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): nginx, serving on every port, or
 *   %NULL with @error set: G_IO_ERROR_NOT_FOUND when nginx is not
 *   installed, another error quoting nginx's logs when it did not start
 */
PortolanTestNginx *
portolan_test_nginx_new (const char  *certificate_path,
                         const char  *key_path,
                         guint        n_ports,
                         const char  *status_json,
                         GError     **error)
{
  g_autoptr(PortolanTestNginx) self = NULL;
  g_autofree char *nginx = NULL;
  g_autofree char *status_path = NULL;

  g_return_val_if_fail (certificate_path != NULL, NULL);
  g_return_val_if_fail (key_path != NULL, NULL);
  g_return_val_if_fail (n_ports > 0, NULL);
  g_return_val_if_fail (status_json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  nginx = find_nginx ();
  if (nginx == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           "nginx is not installed: neither in PATH nor /usr/sbin/nginx");
      return NULL;
    }

  self = g_new0 (PortolanTestNginx, 1);
  self->n_ports = n_ports;
  self->ports = g_new0 (guint16, n_ports);
  self->context = g_main_context_new ();
  self->dir = g_dir_make_tmp ("portolan-nginx-XXXXXX", error);
  if (self->dir == NULL)
    return NULL;

  status_path = path_in (self, "serverstatus.json");
  if (!g_file_set_contents (status_path, status_json, -1, error))
    return NULL;

  for (guint attempt = 1; ; attempt++)
    {
      g_autoptr(GError) start_error = NULL;
      gboolean port_taken;

      if (!pick_free_ports (self, error) ||
          !write_config (self, certificate_path, key_path, error) ||
          !spawn (self, nginx, error))
        return NULL;

      if (wait_started (self, &port_taken, &start_error))
        return g_steal_pointer (&self);

      if (!port_taken || attempt == START_ATTEMPTS)
        {
          g_propagate_error (error, g_steal_pointer (&start_error));
          return NULL;
        }
      stop (self);
    }
}

/**
 * portolan_test_nginx_free:
 *
 * Stops nginx, SIGTERM then SIGKILL, by the pid it was started with, and
 * removes its directory.
 */
void
portolan_test_nginx_free (PortolanTestNginx *self)
{
  if (self == NULL)
    return;

  stop (self);
  if (self->dir != NULL)
    portolan_test_remove_directory (self->dir);

  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->ports);
  g_free (self->dir);
  g_free (self);
}

guint16
portolan_test_nginx_get_port (PortolanTestNginx *self,
                              guint              index)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (index < self->n_ports, 0);

  return self->ports[index];
}

GPid
portolan_test_nginx_get_pid (PortolanTestNginx *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->pid;
}

/* How many connections the requests so far came over */
guint
portolan_test_nginx_count_connections (PortolanTestNginx *self)
{
  g_autofree char *path = path_in (self, "access.log");
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_val_if_fail (self != NULL, 0);

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return 0;

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (*lines[i] != '\0')
      g_hash_table_add (seen, lines[i]);
  return g_hash_table_size (seen);
}

gboolean
portolan_test_nginx_skip_if_missing (const GError *error)
{
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    return FALSE;

  if (g_strcmp0 (g_getenv ("CI"), "true") == 0)
    g_test_fail_printf ("%s, which CI must install", error->message);
  else
    g_test_skip (error->message);

  return TRUE;
}
