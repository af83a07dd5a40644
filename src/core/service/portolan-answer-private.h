/* SPDX-License-Identifier: GPL-3.0-or-later */
/* portolan-answer-private.h: what every answer parser of a protocol check says */
#pragma once

#include <glib.h>

#include "portolan-service-info.h"

G_BEGIN_DECLS

/* The most of an answer a protocol check reads */
#define PORTOLAN_ANSWER_MAX_BYTES (64 * 1024)

typedef enum
{
  PORTOLAN_ANSWER_NEED_MORE, /* the bytes so far may yet be the answer */
  PORTOLAN_ANSWER_MATCHED,   /* they are the protocol's answer; the info holds what it said */
  PORTOLAN_ANSWER_MISMATCH,  /* they cannot be, however many more come */
} PortolanAnswer;

G_END_DECLS
