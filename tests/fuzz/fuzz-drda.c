/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-drda.c: a DRDA server's answer to EXCSAT, as the DRDA check reads it
 *
 * fuzz-answer.h says what must hold.
 */
#include "config.h"

#include "fuzz-common.h"
#include "fuzz-answer.h"

static const char * const keys[] = { "server_class", "release", "server_name", NULL };

static const FuzzAnswer harness = { "drda", keys, _portolan_drda_parse };

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  return fuzz_answer_run (&harness, data, size);
}
