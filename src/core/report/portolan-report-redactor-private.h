/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-report-redactor-private.h: stable placeholders for host names and addresses */
#pragma once

#include <glib.h>

#include "portolan-tls-info.h"

G_BEGIN_DECLS

typedef struct _PortolanReportRedactor PortolanReportRedactor;

PortolanReportRedactor *portolan_report_redactor_new            (void);
void                    portolan_report_redactor_free           (PortolanReportRedactor *self);

void                    portolan_report_redactor_keep           (PortolanReportRedactor *self,
                                                                 const char             *name);
const char             *portolan_report_redactor_add_host       (PortolanReportRedactor *self,
                                                                 const char             *prefix,
                                                                 const char             *host);
const char             *portolan_report_redactor_add_address    (PortolanReportRedactor *self,
                                                                 const char             *address);
void                    portolan_report_redactor_add_literal    (PortolanReportRedactor *self,
                                                                 const char             *prefix,
                                                                 const char             *text);
const char             *portolan_report_redactor_lookup         (PortolanReportRedactor *self,
                                                                 const char             *name);

char                   *portolan_report_redactor_redact_text    (PortolanReportRedactor *self,
                                                                 const char             *text);
PortolanTlsInfo        *portolan_report_redactor_redact_tls     (PortolanReportRedactor *self,
                                                                 const PortolanTlsInfo  *info);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PortolanReportRedactor, portolan_report_redactor_free)

G_END_DECLS
