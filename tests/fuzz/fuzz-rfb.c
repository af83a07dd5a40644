/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-rfb.c: a VNC server's first bytes, as the RFB check reads them
 *
 * fuzz-answer.h says what must hold.
 */
#include "config.h"

#include "fuzz-common.h"
#include "fuzz-answer.h"

static const char * const keys[] = { "protocol_version", NULL };

static const FuzzAnswer harness = { "rfb", keys, _portolan_rfb_parse };

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
