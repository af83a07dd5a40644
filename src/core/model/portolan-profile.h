/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-profile.h: one installation's settings, saved as JSON */
#pragma once

#include <gio/gio.h>

#include "portolan-catalogue.h"

G_BEGIN_DECLS

#define PORTOLAN_PROFILE_ERROR (portolan_profile_error_quark ())

typedef enum
{
  PORTOLAN_PROFILE_ERROR_IO,
  PORTOLAN_PROFILE_ERROR_MALFORMED,
  PORTOLAN_PROFILE_ERROR_MISSING_FIELD,
  PORTOLAN_PROFILE_ERROR_UNKNOWN_FIELD,
  PORTOLAN_PROFILE_ERROR_WRONG_TYPE,
  PORTOLAN_PROFILE_ERROR_INVALID_VALUE,
  PORTOLAN_PROFILE_ERROR_UNKNOWN_ID,
  PORTOLAN_PROFILE_ERROR_DUPLICATE_ID,
  PORTOLAN_PROFILE_ERROR_DUPLICATE_FIELD,
  PORTOLAN_PROFILE_ERROR_OUT_OF_RANGE,
  PORTOLAN_PROFILE_ERROR_INVALID_HOST,
  PORTOLAN_PROFILE_ERROR_RANGE_NOT_ALLOWED,
  PORTOLAN_PROFILE_ERROR_TOO_MANY_HOSTS,
  PORTOLAN_PROFILE_ERROR_INVALID_PROXY,
  PORTOLAN_PROFILE_ERROR_INVALID_FINGERPRINT,
  PORTOLAN_PROFILE_ERROR_EXCLUSIVE_FEATURES,
} PortolanProfileError;

/* How the HTTPS checks of IGEL's cloud services reach the internet */
typedef enum
{
  PORTOLAN_PROXY_SYSTEM,
  PORTOLAN_PROXY_NONE,
  PORTOLAN_PROXY_URL,
} PortolanProxy;

#define PORTOLAN_PROFILE_DEFAULT_TIMEOUT_MS 3000
#define PORTOLAN_PROFILE_MIN_TIMEOUT_MS     100
#define PORTOLAN_PROFILE_MAX_TIMEOUT_MS     600000

#define PORTOLAN_PROFILE_DEFAULT_CONCURRENCY 1024
#define PORTOLAN_PROFILE_MIN_CONCURRENCY     1
#define PORTOLAN_PROFILE_MAX_CONCURRENCY     65536

#define PORTOLAN_TYPE_PROFILE (portolan_profile_get_type ())

G_DECLARE_FINAL_TYPE (PortolanProfile, portolan_profile, PORTOLAN, PROFILE, GObject)

GQuark              portolan_profile_error_quark       (void);

PortolanProfile    *portolan_profile_new               (PortolanCatalogue    *catalogue);
PortolanProfile    *portolan_profile_new_from_file     (PortolanCatalogue    *catalogue,
                                                        GFile                *file,
                                                        GError              **error);
PortolanProfile    *portolan_profile_new_from_data     (PortolanCatalogue    *catalogue,
                                                        const char           *data,
                                                        gssize                length,
                                                        const char           *origin,
                                                        GError              **error);

PortolanCatalogue  *portolan_profile_get_catalogue     (PortolanProfile      *self);

const char         *portolan_profile_get_name          (PortolanProfile      *self);
void                portolan_profile_set_name          (PortolanProfile      *self,
                                                        const char           *name);

const char * const *portolan_profile_get_hosts         (PortolanProfile      *self,
                                                        const char           *role_id);
gboolean            portolan_profile_set_hosts         (PortolanProfile      *self,
                                                        const char           *role_id,
                                                        const char * const   *hosts,
                                                        GError              **error);
GPtrArray          *portolan_profile_expand_hosts      (PortolanProfile      *self,
                                                        const char           *role_id,
                                                        GError              **error);

gboolean            portolan_profile_has_feature       (PortolanProfile      *self,
                                                        const char           *feature_id);
void                portolan_profile_set_feature       (PortolanProfile      *self,
                                                        const char           *feature_id,
                                                        gboolean              in_use);
GStrv               portolan_profile_dup_features      (PortolanProfile      *self);

guint16             portolan_profile_get_port          (PortolanProfile      *self,
                                                        PortolanLink         *link);
guint16             portolan_profile_get_port_override (PortolanProfile      *self,
                                                        const char           *link_id);
gboolean            portolan_profile_set_port_override (PortolanProfile      *self,
                                                        const char           *link_id,
                                                        guint                 port,
                                                        GError              **error);

guint               portolan_profile_get_timeout_ms    (PortolanProfile      *self);
gboolean            portolan_profile_set_timeout_ms    (PortolanProfile      *self,
                                                        guint                 timeout_ms,
                                                        GError              **error);
guint               portolan_profile_get_concurrency   (PortolanProfile      *self);
gboolean            portolan_profile_set_concurrency   (PortolanProfile      *self,
                                                        guint                 concurrency,
                                                        GError              **error);

PortolanProxy       portolan_profile_get_proxy         (PortolanProfile      *self);
const char         *portolan_profile_get_proxy_url     (PortolanProfile      *self);
gboolean            portolan_profile_set_proxy         (PortolanProfile      *self,
                                                        PortolanProxy         proxy,
                                                        const char           *url,
                                                        GError              **error);

const char         *portolan_profile_get_fingerprint   (PortolanProfile      *self,
                                                        const char           *role_id);
gboolean            portolan_profile_set_fingerprint   (PortolanProfile      *self,
                                                        const char           *role_id,
                                                        const char           *fingerprint,
                                                        GError              **error);

char               *portolan_profile_to_data           (PortolanProfile      *self,
                                                        gsize                *length);
gboolean            portolan_profile_save              (PortolanProfile      *self,
                                                        GFile                *file,
                                                        GCancellable         *cancellable,
                                                        GError              **error);
void                portolan_profile_save_async        (PortolanProfile      *self,
                                                        GFile                *file,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
gboolean            portolan_profile_save_finish       (PortolanProfile      *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

G_END_DECLS
