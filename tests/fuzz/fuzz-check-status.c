/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-check-status.c: the body of GET /ums/check-status or /usg/check-status
 *
 * Whatever the body, the parser names one of the statuses or none, and
 * a body that is no JSON object never has one.
 */
#include "config.h"

#include "portolan-protocols-private.h"

#include "fuzz-common.h"

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
  PortolanCheckStatus status = _portolan_check_status_parse ((const char *) data, size);

  g_assert_cmpint (status, >=, PORTOLAN_CHECK_STATUS_NONE);
  g_assert_cmpint (status, <=, PORTOLAN_CHECK_STATUS_ERR);
  if (size == 0 || data[0] == '[' || data[0] == '"')
    g_assert_cmpint (status, ==, PORTOLAN_CHECK_STATUS_NONE);
  return 0;
}
