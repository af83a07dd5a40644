/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-service-info.h: what the service behind a port said of itself */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* One thing a server told: a stable key for JSON ("realm"), and the
 * value as text that is safe to keep and to show */
typedef struct
{
  char *key;
  char *value;
} PortolanServiceFact;

typedef struct
{
  char      *expected;  /* the id of the service the link needs: "postgresql" */
  char      *answered;  /* the id of what answered, or NULL when nothing was named */
  char      *version;   /* as the server told it, or NULL */
  GPtrArray *facts;     /* of PortolanServiceFact, in the order learnt */
  char      *warning;   /* why the right service's answer is still a warning, or NULL */
} PortolanServiceInfo;

PortolanServiceInfo       *portolan_service_info_new          (const char                *expected);
void                       portolan_service_info_free         (PortolanServiceInfo       *self);
PortolanServiceInfo       *portolan_service_info_copy         (const PortolanServiceInfo *self);
void                       portolan_service_info_set_answered (PortolanServiceInfo       *self,
                                                               const char                *answered);
void                       portolan_service_info_set_version  (PortolanServiceInfo       *self,
                                                               const char                *version);
void                       portolan_service_info_add_fact     (PortolanServiceInfo       *self,
                                                               const char                *key,
                                                               const char                *value);
void                       portolan_service_info_add_fact_bytes (PortolanServiceInfo     *self,
                                                                 const char              *key,
                                                                 const guint8            *data,
                                                                 gsize                    length);
void                       portolan_service_info_set_warning  (PortolanServiceInfo       *self,
                                                               const char                *warning);
const char                *portolan_service_info_lookup       (const PortolanServiceInfo *self,
                                                               const char                *key);
char                      *portolan_service_info_describe     (const PortolanServiceInfo *self);
void                       portolan_service_info_build_json   (const PortolanServiceInfo *self,
                                                               JsonBuilder               *builder);
const char                *portolan_service_fact_get_label    (const char                *key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PortolanServiceInfo, portolan_service_info_free)

G_END_DECLS
