/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-test-daemons-private.h: what each daemon's recipe uses of the process keeper */
#pragma once

#include <pwd.h>

#include "portolan-test-daemons.h"

G_BEGIN_DECLS

/* How one kind of daemon is set up: prepare() writes its configuration
 * into the directory, runs the tools that make its data, and spawns it */
typedef struct
{
  const char *name;
  guint16     standard_port;
  guint       start_timeout_ms;    /* before portolan_test_scale_ms() */
  int         stop_signal;
  gboolean  (*prepare) (PortolanTestDaemon  *self,
                        GError             **error);
} PortolanTestDaemonRecipe;

const PortolanTestDaemonRecipe *_portolan_test_daemon_get_recipe (PortolanTestDaemonKind kind);

const char *_portolan_test_daemon_get_dir      (PortolanTestDaemon  *self);
/* The address as URLs and configurations write it: "[::1]" */
char       *_portolan_test_daemon_dup_host     (PortolanTestDaemon  *self);
void        _portolan_test_daemon_set_tls_port (PortolanTestDaemon  *self,
                                                guint16              port);
guint16     _portolan_test_daemon_find_free_port (PortolanTestDaemon *self);
char       *_portolan_test_daemon_path         (PortolanTestDaemon  *self,
                                                const char          *name);
gboolean    _portolan_test_daemon_write        (PortolanTestDaemon  *self,
                                                const char          *name,
                                                const char          *text,
                                                GError             **error);
/* @program in PATH or at @fallback, or a G_IO_ERROR_NOT_FOUND naming @package */
char       *_portolan_test_daemon_find         (const char          *program,
                                                const char          *fallback,
                                                const char          *package,
                                                GError             **error);
/* Looks @user up, for _spawn() and _run() to become, and hands it the directory */
gboolean    _portolan_test_daemon_run_as       (PortolanTestDaemon  *self,
                                                const char          *user,
                                                GError             **error);
/* Runs a setup tool to its end, its output in @log_name */
gboolean    _portolan_test_daemon_run          (PortolanTestDaemon  *self,
                                                const char          *log_name,
                                                const char * const  *argv,
                                                GError             **error);
/* Starts a process that stays; the last one spawned is the listener.
 * @fd_3, if not -1, becomes its descriptor 3. */
gboolean    _portolan_test_daemon_spawn        (PortolanTestDaemon  *self,
                                                const char          *log_name,
                                                const char * const  *argv,
                                                int                  fd_3,
                                                GError             **error);
/* A self-signed EC certificate for localhost and the address, and its
 * key, as server.crt and server.key */
gboolean    _portolan_test_daemon_make_certificate (PortolanTestDaemon  *self,
                                                    GError             **error);
/* Whether the last process spawned is still running */
gboolean    _portolan_test_daemon_is_running   (PortolanTestDaemon  *self);
void        _portolan_test_daemon_set_environment (PortolanTestDaemon *self,
                                                   const char         *variable,
                                                   const char         *value);

G_END_DECLS
