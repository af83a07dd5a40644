/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-common.h: what every harness shares
 *
 * A harness is one LLVMFuzzerTestOneInput. Under -Dfuzzing=true libFuzzer
 * drives it; otherwise standalone-main.c replays its corpus and its
 * reproducers as a regression test. Either way a GLib warning or critical
 * is a crash, and nothing is printed while inputs run.
 */
#pragma once

#include <glib.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerInitialize   (int            *argc,
                            char         ***argv);
int LLVMFuzzerTestOneInput (const uint8_t  *data,
                            size_t          size);

void fuzz_init           (void);

/* A copy of @data that ends in a NUL; fuzzer input does not */
char *fuzz_dup_string    (const uint8_t  *data,
                          size_t          size);

/* Aborts unless @line:@column lies inside @text: line from 1, column
 * from 1 in characters, at most one past the end of its line */
void  fuzz_assert_position (const char   *text,
                            gsize         length,
                            guint         line,
                            guint         column);
