/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-test-daemons.c
 *
 * Real servers from the distribution's packages, for tests that must
 * hear what PostgreSQL, slapd or a KDC really answer rather than what a
 * specification says they would. They listen on their standard ports,
 * which only works inside a network namespace of the test's own: there
 * 127.0.0.1:5432 is free whatever the host runs, and nothing the test or
 * the daemons do reaches another host.
 *
 * This file keeps the processes; portolan-test-daemon-recipes.c knows how
 * each daemon is configured. Every file a daemon reads or writes but its
 * programs lives in one temporary directory. Each process runs in the
 * foreground as a GSubprocess started here, dies with the test (a death
 * signal), and is stopped only by its own pid, then the children it had
 * forked, recognised by pid and start time so that a reused pid is left
 * alone. Readiness is the daemon's own process listening on the port,
 * which accepts a connection, polled within a bound that stretches with
 * portolan-test-time.h; never a fixed sleep.
 */
#include "config.h"

#define _GNU_SOURCE  /* unshare () */
#include <errno.h>
#include <grp.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "portolan-test-certs.h"
#include "portolan-test-daemons-private.h"
#include "portolan-test-nginx.h"
#include "portolan-test-time.h"

#define STOP_TIMEOUT_MS 10000
#define POLL_MS         20

struct _PortolanTestDaemon
{
  PortolanTestDaemonKind          kind;
  const PortolanTestDaemonRecipe *recipe;
  char                           *dir;
  char                           *address;
  guint16                         port;
  guint16                         tls_port;
  char                           *certificate;

  /* Who the processes become, when the daemon refuses root */
  gboolean                        become;
  uid_t                           uid;
  gid_t                           gid;

  /* Owned references */
  GStrv                           environment;
  GPtrArray                      *processes;  /* GSubprocess, in the order started */
};

/* A process of the daemon's tree, as it was before the daemon was told to stop */
typedef struct
{
  GPid    pid;
  guint64 start_time;
} Descendant;

static gboolean in_private_network;

/* --- Processes --- */

static void
set_up_child (gpointer user_data)
{
  PortolanTestDaemon *self = user_data;

  /* Only async-signal-safe calls here, between fork and exec. The user
   * changes first: changing credentials clears the death signal. */
  if (self->become &&
      (setgroups (0, NULL) != 0 || setgid (self->gid) != 0 || setuid (self->uid) != 0))
    _exit (127);
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static GSubprocess *
launch (PortolanTestDaemon  *self,
        const char          *log_name,
        const char * const  *argv,
        int                  fd_3,
        GError             **error)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autofree char *log = _portolan_test_daemon_path (self, log_name);

  g_remove (log);
  g_subprocess_launcher_set_stdout_file_path (launcher, log);
  g_subprocess_launcher_set_environ (launcher, self->environment);
  g_subprocess_launcher_set_cwd (launcher, self->dir);
  g_subprocess_launcher_set_child_setup (launcher, set_up_child, self, NULL);
  if (fd_3 >= 0)
    g_subprocess_launcher_take_fd (launcher, fd_3, 3);

  return g_subprocess_launcher_spawnv (launcher, argv, error);
}

static guint64
read_start_time (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *stat = NULL;
  const char *after_command;
  guint64 start_time = 0;

  if (!g_file_get_contents (path, &stat, NULL, NULL))
    return 0;

  /* Field 22, the 20th after "PID (COMMAND)" */
  after_command = strrchr (stat, ')');
  if (after_command == NULL ||
      sscanf (after_command + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d %*d %*d %" G_GUINT64_FORMAT,
              &start_time) != 1)
    return 0;

  return start_time;
}

static void
add_descendants (GArray *descendants,
                 GPid    parent)
{
  g_autoptr(GArray) children = portolan_test_list_children (parent);

  for (guint i = 0; i < children->len; i++)
    {
      Descendant descendant = { g_array_index (children, GPid, i), 0 };

      descendant.start_time = read_start_time (descendant.pid);
      g_array_append_val (descendants, descendant);
      add_descendants (descendants, descendant.pid);
    }
}

static gboolean
has_exited (GSubprocess *process)
{
  /* GLib reaps its children on its worker thread, then forgets the pid */
  return g_subprocess_get_identifier (process) == NULL;
}

static gboolean
wait_exited (GSubprocess *process,
             guint        timeout_ms)
{
  gint64 end = g_get_monotonic_time () + portolan_test_scale_us (timeout_ms * G_TIME_SPAN_MILLISECOND);

  while (!has_exited (process) && g_get_monotonic_time () < end)
    g_usleep (POLL_MS * 1000);

  return has_exited (process);
}

static void
stop_process (GSubprocess *process,
              int          stop_signal)
{
  g_autoptr(GArray) descendants = g_array_new (FALSE, FALSE, sizeof (Descendant));
  const char *identifier = g_subprocess_get_identifier (process);

  if (identifier == NULL)
    return;

  add_descendants (descendants, atoi (identifier));
  g_subprocess_send_signal (process, stop_signal);
  if (!wait_exited (process, STOP_TIMEOUT_MS))
    {
      g_test_message ("%s did not stop within %u ms of signal %d: killed",
                      identifier, STOP_TIMEOUT_MS, stop_signal);
      g_subprocess_force_exit (process);
      g_subprocess_wait (process, NULL, NULL);
    }

  /* sshd's and PostgreSQL's connection children, Xvfb's helpers: whatever
   * the daemon left behind, if it is still the same process */
  for (guint i = 0; i < descendants->len; i++)
    {
      Descendant *descendant = &g_array_index (descendants, Descendant, i);

      if (descendant->start_time != 0 && read_start_time (descendant->pid) == descendant->start_time)
        kill (descendant->pid, SIGKILL);
    }
}

static void
stop (PortolanTestDaemon *self)
{
  /* The listener first, then what it depends on (x11vnc, then Xvfb) */
  for (guint i = self->processes->len; i > 0; i--)
    stop_process (g_ptr_array_index (self->processes, i - 1),
                  i == self->processes->len ? self->recipe->stop_signal : SIGTERM);
  g_ptr_array_set_size (self->processes, 0);
}

/* --- Readiness --- */

static gboolean
accepts (PortolanTestDaemon *self,
         guint16             port)
{
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (self->address);
  g_autoptr(GSocketAddress) socket_address = g_inet_socket_address_new (address, port);
  g_autoptr(GSocket) socket = g_socket_new (g_inet_address_get_family (address), G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);

  /* On loopback a blocking connect is answered at once */
  return socket != NULL && g_socket_connect (socket, socket_address, NULL, NULL);
}

/* The inodes of the sockets listening on TCP @port in this namespace */
static GHashTable *
find_listening_inodes (guint16 port)
{
  static const char * const tables[] = { "/proc/net/tcp", "/proc/net/tcp6" };
  GHashTable *inodes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      g_autofree char *text = NULL;
      g_auto(GStrv) lines = NULL;

      if (!g_file_get_contents (tables[t], &text, NULL, NULL))
        continue;
      lines = g_strsplit (text, "\n", -1);
      /* "sl local_address rem_address st … uid timeout inode" */
      for (guint i = 1; lines[i] != NULL; i++)
        {
          char local[64], state[8];
          unsigned long inode;
          const char *colon;

          if (sscanf (lines[i], " %*s %63s %*s %7s %*s %*s %*s %*s %*s %lu", local, state, &inode) != 3)
            continue;
          colon = strrchr (local, ':');
          if (colon != NULL && strcmp (state, "0A") == 0 && strtoul (colon + 1, NULL, 16) == port)
            g_hash_table_add (inodes, g_strdup_printf ("socket:[%lu]", inode));
        }
    }

  return inodes;
}

/* Whether the listener itself holds a socket listening on @port: another
 * process that had the port first would accept connections just the same */
static gboolean
owns_port (PortolanTestDaemon *self,
           guint16             port)
{
  g_autoptr(GHashTable) inodes = find_listening_inodes (port);
  g_autofree char *fds = g_strdup_printf ("/proc/%d/fd", portolan_test_daemon_get_pid (self));
  g_autoptr(GDir) dir = g_dir_open (fds, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fds, name, NULL);
      g_autofree char *target = g_file_read_link (path, NULL);

      if (target != NULL && g_hash_table_contains (inodes, target))
        return TRUE;
    }

  return FALSE;
}

static gboolean
is_ready (PortolanTestDaemon *self,
          guint16             port)
{
  return port == 0 || (owns_port (self, port) && accepts (self, port));
}

static gboolean
wait_accepting (PortolanTestDaemon  *self,
                GError             **error)
{
  guint timeout_ms = portolan_test_scale_ms (self->recipe->start_timeout_ms);
  gint64 end = g_get_monotonic_time () + timeout_ms * G_TIME_SPAN_MILLISECOND;

  for (;;)
    {
      if (!_portolan_test_daemon_is_running (self))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s exited as it started", self->recipe->name);
          return FALSE;
        }
      if (is_ready (self, self->port) && is_ready (self, self->tls_port))
        return TRUE;
      if (g_get_monotonic_time () >= end)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                       "%s did not accept connections on %s port %u within %u ms",
                       self->recipe->name, self->address, self->port, timeout_ms);
          return FALSE;
        }
      g_usleep (POLL_MS * 1000);
    }
}

/* --- Private API, for the recipes --- */

const char *
_portolan_test_daemon_get_dir (PortolanTestDaemon *self)
{
  return self->dir;
}

char *
_portolan_test_daemon_dup_host (PortolanTestDaemon *self)
{
  return strchr (self->address, ':') != NULL ? g_strdup_printf ("[%s]", self->address) : g_strdup (self->address);
}

void
_portolan_test_daemon_set_tls_port (PortolanTestDaemon *self,
                                    guint16             port)
{
  self->tls_port = port;
}

/* The kernel's pick: bound, then let go */
guint16
_portolan_test_daemon_find_free_port (PortolanTestDaemon *self)
{
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (self->address);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (address, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GSocket) socket = g_socket_new (g_inet_address_get_family (address), G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);

  if (socket == NULL || !g_socket_bind (socket, any_port, FALSE, NULL) ||
      (bound = g_socket_get_local_address (socket, NULL)) == NULL)
    return 0;

  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

char *
_portolan_test_daemon_path (PortolanTestDaemon *self,
                            const char         *name)
{
  return g_build_filename (self->dir, name, NULL);
}

gboolean
_portolan_test_daemon_write (PortolanTestDaemon  *self,
                             const char          *name,
                             const char          *text,
                             GError             **error)
{
  g_autofree char *path = _portolan_test_daemon_path (self, name);

  return g_file_set_contents (path, text, -1, error);
}

char *
_portolan_test_daemon_find (const char  *program,
                            const char  *fallback,
                            const char  *package,
                            GError     **error)
{
  char *path = g_find_program_in_path (program);

  /* /usr/sbin is not in every user's PATH */
  if (path == NULL && fallback != NULL && g_file_test (fallback, G_FILE_TEST_IS_EXECUTABLE))
    path = g_strdup (fallback);
  if (path == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                 "%s is not installed (package %s)", program, package);

  return path;
}

static gboolean
change_owner (const char  *path,
              uid_t        uid,
              gid_t        gid,
              GError     **error)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (lchown (path, uid, gid) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "chown %s: %s", path, g_strerror (saved_errno));
      return FALSE;
    }

  if (g_file_test (path, G_FILE_TEST_IS_SYMLINK) || !g_file_test (path, G_FILE_TEST_IS_DIR))
    return TRUE;
  dir = g_dir_open (path, 0, error);
  if (dir == NULL)
    return FALSE;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (!change_owner (child, uid, gid, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
_portolan_test_daemon_run_as (PortolanTestDaemon  *self,
                              const char          *user,
                              GError             **error)
{
  struct passwd *entry = getpwnam (user);

  if (entry == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "there is no user %s, which the %s package creates", user, self->recipe->name);
      return FALSE;
    }

  self->become = TRUE;
  self->uid = entry->pw_uid;
  self->gid = entry->pw_gid;

  return change_owner (self->dir, self->uid, self->gid, error);
}

/* What one log says, for an error message */
static char *
read_log (PortolanTestDaemon *self,
          const char         *name)
{
  g_autofree char *path = _portolan_test_daemon_path (self, name);
  g_autofree char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return g_strdup ("");

  return g_strdup (g_strstrip (text));
}

gboolean
_portolan_test_daemon_run (PortolanTestDaemon  *self,
                           const char          *log_name,
                           const char * const  *argv,
                           GError             **error)
{
  g_autoptr(GSubprocess) process = launch (self, log_name, argv, -1, error);
  g_autoptr(GError) local_error = NULL;

  if (process == NULL)
    return FALSE;

  if (!g_subprocess_wait_check (process, NULL, &local_error))
    {
      g_autofree char *log = read_log (self, log_name);

      g_set_error (error, local_error->domain, local_error->code,
                   "%s: %s: \"%s\"", argv[0], local_error->message, log);
      return FALSE;
    }

  return TRUE;
}

gboolean
_portolan_test_daemon_spawn (PortolanTestDaemon  *self,
                             const char          *log_name,
                             const char * const  *argv,
                             int                  fd_3,
                             GError             **error)
{
  GSubprocess *process = launch (self, log_name, argv, fd_3, error);

  if (process == NULL)
    return FALSE;

  g_ptr_array_add (self->processes, process);
  return TRUE;
}

gboolean
_portolan_test_daemon_make_certificate (PortolanTestDaemon  *self,
                                        GError             **error)
{
  g_autofree char *openssl = _portolan_test_daemon_find ("openssl", NULL, "openssl", error);
  g_autofree char *key = _portolan_test_daemon_path (self, "server.key");
  g_autofree char *names = g_strdup_printf ("subjectAltName=DNS:localhost,IP:%s", self->address);
  const char * const argv[] = {
    openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
    "-subj", "/CN=localhost", "-addext", names, "-days", "2",
    "-keyout", key, "-out", self->certificate, NULL
  };

  if (openssl == NULL || !_portolan_test_daemon_run (self, "openssl.log", argv, error))
    return FALSE;

  /* PostgreSQL takes a key only if its own user alone may read it */
  if (g_chmod (key, 0600) != 0 ||
      (self->become && (lchown (key, self->uid, self->gid) != 0 ||
                        lchown (self->certificate, self->uid, self->gid) != 0)))
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "%s: %s", key, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

gboolean
_portolan_test_daemon_is_running (PortolanTestDaemon *self)
{
  return self->processes->len > 0 &&
         !has_exited (g_ptr_array_index (self->processes, self->processes->len - 1));
}

void
_portolan_test_daemon_set_environment (PortolanTestDaemon *self,
                                       const char         *variable,
                                       const char         *value)
{
  self->environment = g_environ_setenv (self->environment, variable, value, TRUE);
}

/* --- Public API --- */

/**
 * portolan_test_private_network:
 * @error: return location for a #GError
 *
 * unshare (CLONE_NEWNET), then the new namespace's loopback up, by the
 * same ioctl `ip link set lo up` makes, so that no program is needed.
 *
 * Returns: whether the process is now in a network of its own
 */
gboolean
portolan_test_private_network (GError **error)
{
  struct ifreq request = { .ifr_name = "lo" };
  int saved_errno;
  int fd;

  if (in_private_network)
    return TRUE;

  if (geteuid () != 0 || unshare (CLONE_NEWNET) != 0)
    {
      saved_errno = geteuid () != 0 ? EPERM : errno;
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   "a network namespace of the test's own needs root: unshare (CLONE_NEWNET): %s",
                   g_strerror (saved_errno));
      return FALSE;
    }

  fd = socket (AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd >= 0 && ioctl (fd, SIOCGIFFLAGS, &request) == 0)
    {
      request.ifr_flags |= IFF_UP;
      if (ioctl (fd, SIOCSIFFLAGS, &request) == 0)
        {
          close (fd);
          in_private_network = TRUE;
          return TRUE;
        }
    }

  saved_errno = errno;
  if (fd >= 0)
    close (fd);
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               "bringing up lo in the new network namespace: %s", g_strerror (saved_errno));
  return FALSE;
}

/**
 * portolan_test_daemon_start:
 * @kind: which daemon
 * @address: (nullable): "127.0.0.1" or "::1"; %NULL for "127.0.0.1"
 * @port: where it listens; 0 for its standard port
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the daemon, accepting connections
 */
PortolanTestDaemon *
portolan_test_daemon_start (PortolanTestDaemonKind   kind,
                            const char              *address,
                            guint16                  port,
                            GError                 **error)
{
  g_autoptr(PortolanTestDaemon) self = NULL;
  g_autoptr(GError) start_error = NULL;
  g_autofree char *logs = NULL;

  g_return_val_if_fail (kind < PORTOLAN_TEST_N_DAEMONS, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!in_private_network)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   "%s would listen on the host's own ports: call portolan_test_private_network () first, as root",
                   portolan_test_daemon_kind_get_name (kind));
      return NULL;
    }

  self = g_new0 (PortolanTestDaemon, 1);
  self->kind = kind;
  self->recipe = _portolan_test_daemon_get_recipe (kind);
  self->address = g_strdup (address != NULL ? address : "127.0.0.1");
  self->port = port != 0 ? port : self->recipe->standard_port;
  self->environment = g_get_environ ();
  self->processes = g_ptr_array_new_with_free_func (g_object_unref);
  self->dir = g_dir_make_tmp ("portolan-daemon-XXXXXX", error);
  if (self->dir == NULL)
    return NULL;
  self->certificate = _portolan_test_daemon_path (self, "server.crt");

  if (self->recipe->prepare (self, &start_error) && wait_accepting (self, &start_error))
    return g_steal_pointer (&self);

  if (g_error_matches (start_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&start_error));
      return NULL;
    }

  logs = portolan_test_daemon_dup_logs (self);
  g_test_message ("%s did not start: %s\n%s", self->recipe->name, start_error->message, logs);
  g_set_error (error, start_error->domain, start_error->code, "%s; %s", start_error->message, logs);
  return NULL;
}

void
portolan_test_daemon_free (PortolanTestDaemon *self)
{
  if (self == NULL)
    return;

  stop (self);
  if (self->dir != NULL)
    portolan_test_remove_directory (self->dir);

  g_ptr_array_unref (self->processes);
  g_strfreev (self->environment);
  g_free (self->certificate);
  g_free (self->address);
  g_free (self->dir);
  g_free (self);
}

guint16
portolan_test_daemon_get_port (PortolanTestDaemon *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->port;
}

guint16
portolan_test_daemon_get_tls_port (PortolanTestDaemon *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->tls_port;
}

const char *
portolan_test_daemon_get_address (PortolanTestDaemon *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->address;
}

const char *
portolan_test_daemon_get_certificate (PortolanTestDaemon *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_file_test (self->certificate, G_FILE_TEST_EXISTS) ? self->certificate : NULL;
}

GPid
portolan_test_daemon_get_pid (PortolanTestDaemon *self)
{
  const char *identifier;

  g_return_val_if_fail (self != NULL, 0);

  if (!_portolan_test_daemon_is_running (self))
    return 0;
  identifier = g_subprocess_get_identifier (g_ptr_array_index (self->processes, self->processes->len - 1));

  return identifier != NULL ? atoi (identifier) : 0;
}

const char *
portolan_test_daemon_kind_get_name (PortolanTestDaemonKind kind)
{
  g_return_val_if_fail (kind < PORTOLAN_TEST_N_DAEMONS, NULL);

  return _portolan_test_daemon_get_recipe (kind)->name;
}

/**
 * portolan_test_daemon_dup_logs:
 *
 * Returns: (transfer full): every `*.log` in the daemon's directory, by
 *   name, each after a line "== NAME =="
 */
char *
portolan_test_daemon_dup_logs (PortolanTestDaemon *self)
{
  g_autoptr(GString) logs = g_string_new (NULL);
  g_autofree char *listing = NULL;
  g_auto(GStrv) names = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  listing = portolan_test_list_directory (self->dir);
  names = g_strsplit (listing, ",", -1);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *text = NULL;

      if (!g_str_has_suffix (names[i], ".log"))
        continue;
      text = read_log (self, names[i]);
      g_string_append_printf (logs, "== %s ==\n%s\n", names[i], text);
    }

  return g_string_free (g_steal_pointer (&logs), FALSE);
}

gboolean
portolan_test_daemon_skip_if_missing (const GError *error)
{
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
    return FALSE;

  if (g_strcmp0 (g_getenv ("CI"), "true") == 0)
    g_test_fail_printf ("%s, which CI must provide", error->message);
  else
    g_test_skip (error->message);

  return TRUE;
}
