/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-sniff.c: a server's first bytes, as the protocol sniffer reads them
 *
 * The first byte of the input says where a read splits the answer; the
 * rest is the answer. What the sniffer says of the first part must hold
 * for the whole: once named, named the same; once ruled out, ruled out.
 * With no more to come it never asks for more, and a banner is always one
 * short line of printable ASCII.
 */
#include "config.h"

#include <string.h>

#include "portolan-sniff-private.h"

#include "fuzz-common.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  return 0;
}

static void
check_banner (const char *banner)
{
  if (banner == NULL)
    return;

  g_assert_cmpuint (strlen (banner), >, 0);
  g_assert_cmpuint (strlen (banner), <=, PORTOLAN_SNIFF_MAX_BANNER);
  for (const char *c = banner; *c != '\0'; c++)
    g_assert_true (*c >= 0x20 && *c < 0x7f);
}

static PortolanSniff
sniff (const guint8 *data,
       gsize         length,
       gboolean      complete,
       PortolanWire *wire)
{
  g_autofree char *banner = NULL;
  PortolanSniff outcome = _portolan_sniff (data, length, complete, wire, &banner);

  check_banner (banner);
  if (outcome != PORTOLAN_SNIFF_NAMED)
    g_assert_null (banner);
  else
    g_assert_cmpint (*wire, <, PORTOLAN_N_WIRES);
  if (complete)
    g_assert_cmpint (outcome, !=, PORTOLAN_SNIFF_NEED_MORE);

  return outcome;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  PortolanWire first_wire = PORTOLAN_N_WIRES, whole_wire = PORTOLAN_N_WIRES, final_wire = PORTOLAN_N_WIRES;
  PortolanSniff first, whole, final;
  gsize split;

  if (size == 0)
    return 0;

  split = MIN ((gsize) data[0], size - 1);
  data++, size--;

  first = sniff (data, split, FALSE, &first_wire);
  whole = sniff (data, size, FALSE, &whole_wire);
  final = sniff (data, size, TRUE, &final_wire);

  if (first == PORTOLAN_SNIFF_NAMED)
    {
      g_assert_cmpint (whole, ==, PORTOLAN_SNIFF_NAMED);
      g_assert_cmpint (whole_wire, ==, first_wire);
    }
  if (first == PORTOLAN_SNIFF_UNKNOWN)
    g_assert_cmpint (whole, ==, PORTOLAN_SNIFF_UNKNOWN);
  if (whole == PORTOLAN_SNIFF_NAMED)
    {
      g_assert_cmpint (final, ==, PORTOLAN_SNIFF_NAMED);
      g_assert_cmpint (final_wire, ==, whole_wire);
    }
  if (whole == PORTOLAN_SNIFF_UNKNOWN)
    g_assert_cmpint (final, ==, PORTOLAN_SNIFF_UNKNOWN);

  return 0;
}
