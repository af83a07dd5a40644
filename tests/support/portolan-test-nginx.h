/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-test-nginx.h: the distribution's nginx as a healthy HTTPS server for load tests */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _PortolanTestNginx PortolanTestNginx;

/* Starts one nginx, a master and its workers, serving TLS with
 * @certificate_path and @key_path (PEM files) on @n_ports free ports of
 * 127.0.0.1: GET PORTOLAN_TEST_UMS_STATUS_PATH answers 200 with
 * @status_json as application/json, PORTOLAN_TEST_UMS_HEALTH_PATH
 * {"status": "ok"}, anything else 200 "ok" text/plain; connections are
 * kept alive, as nginx does by default.
 * Returns once every port accepts connections. Everything nginx writes
 * stays in a temporary directory of its own; nginx dies with the test
 * process. Fails with G_IO_ERROR_NOT_FOUND when nginx is not installed.
 * free() stops nginx by its pid and removes the directory. */
PortolanTestNginx *portolan_test_nginx_new             (const char         *certificate_path,
                                                        const char         *key_path,
                                                        guint               n_ports,
                                                        const char         *status_json,
                                                        GError            **error);
void               portolan_test_nginx_free            (PortolanTestNginx  *self);

guint16            portolan_test_nginx_get_port        (PortolanTestNginx  *self,
                                                        guint               index);
/* How many connections the requests so far came over */
guint              portolan_test_nginx_count_connections (PortolanTestNginx *self);

/* The master process, the one nginx started as */
GPid               portolan_test_nginx_get_pid         (PortolanTestNginx  *self);

GArray            *portolan_test_list_children         (GPid                parent);

/* For a test that cannot go on without nginx: when @error says nginx is
 * not installed, skips the test, or fails it if the environment variable
 * CI is "true", since CI installs nginx and its absence there is a broken
 * setup. Returns whether the test must stop; any other error is left to
 * the caller. */
gboolean           portolan_test_nginx_skip_if_missing (const GError       *error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PortolanTestNginx, portolan_test_nginx_free)

G_END_DECLS
