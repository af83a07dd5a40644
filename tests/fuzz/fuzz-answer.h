/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-answer.h: the harness of an answer parser that reads as bytes come
 *
 * The first byte of the input says where a read splits the answer; the
 * rest is the answer. What the parser says of the first part must hold
 * for the whole: once matched, matched the same; once ruled out, ruled
 * out. With no more to come it never asks for more; it writes into the
 * info only when it matches, and then only valid UTF-8 under its keys.
 */
#pragma once

#include "portolan-protocols-private.h"

typedef PortolanAnswer (*FuzzAnswerParse) (const guint8        *data,
                                           gsize                length,
                                           gboolean             complete,
                                           PortolanServiceInfo *info);

typedef struct
{
  const char         *service;  /* the info's expected and answered id */
  const char * const *keys;     /* the facts it may give, NULL-terminated */
  FuzzAnswerParse     parse;
} FuzzAnswer;

int fuzz_answer_run (const FuzzAnswer *answer,
                     const uint8_t    *data,
                     size_t            size);
