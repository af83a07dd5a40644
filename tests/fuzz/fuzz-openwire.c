/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-openwire.c: an ActiveMQ broker's first frame, as the OpenWire check reads it
 *
 * fuzz-answer.h says what must hold.
 */
#include "config.h"

#include "fuzz-common.h"
#include "fuzz-answer.h"

static const char * const keys[] = { "provider", "activemq_version", "protocol_version", NULL };

static const FuzzAnswer harness = { "openwire", keys, _portolan_openwire_parse };

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
