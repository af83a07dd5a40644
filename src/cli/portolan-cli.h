/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-cli.h: what the commands of portolan-cli share */
#pragma once

#include "portolan-core.h"

G_BEGIN_DECLS

/* Exit statuses, as documented in --help */
#define PORTOLAN_EXIT_OK        0
#define PORTOLAN_EXIT_FINDINGS  1
#define PORTOLAN_EXIT_BAD_INPUT 2
#define PORTOLAN_EXIT_NOTHING_TESTED 3  /* every check skipped or decided without a probe */
#define PORTOLAN_EXIT_INTERRUPTED 130  /* 128 + SIGINT, as shells report it */

typedef int (*PortolanCommandFunc) (int    argc,
                                    char **argv);

int                portolan_cli_list            (int                argc,
                                                 char             **argv);
int                portolan_cli_check           (int                argc,
                                                 char             **argv);

void               portolan_cli_print_error     (const char        *format,
                                                 ...) G_GNUC_PRINTF (1, 2);
PortolanCatalogue *portolan_cli_load_catalogue  (const char        *path);
gboolean           portolan_cli_parse_options   (GOptionContext    *context,
                                                 int               *argc,
                                                 char            ***argv);
PortolanRole      *portolan_cli_resolve_role    (PortolanCatalogue *catalogue,
                                                 const char        *option,
                                                 const char        *id);
PortolanFeature   *portolan_cli_resolve_feature (PortolanCatalogue *catalogue,
                                                 const char        *option,
                                                 const char        *id);
guint              portolan_cli_terminal_width  (void);
void               portolan_cli_append_padded   (GString           *out,
                                                 const char        *text,
                                                 guint              width);

G_END_DECLS
