/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-chapters.h: the parts a lesson falls into (handshake, data, loss,
 * recovery, close), for finding one's way through a long trace: derived
 * from the trace, or set by the lesson ([Lesson] Chapters=). */

#pragma once

#include "hs-trace.h"

G_BEGIN_DECLS

/* A lesson file writes them handshake, data, loss, recovery and close. */
typedef enum
{
  HS_CHAPTER_HANDSHAKE,
  HS_CHAPTER_DATA,
  HS_CHAPTER_LOSS,
  HS_CHAPTER_RECOVERY,
  HS_CHAPTER_CLOSE,
} HsChapterKind;

typedef struct
{
  guint         step;   /* 0-based index of the chapter's first step */
  HsChapterKind kind;
} HsChapter;

/* The chapter's name in the user's language: "Handshake", "Loss". */
const char *hs_chapter_kind_label   (HsChapterKind  kind);

/* Reads "handshake", "data", "loss", "recovery" or "close". */
gboolean    hs_chapter_kind_from_string (const char    *str,
                                         HsChapterKind *kind);

/* The chapters a trace falls into, in step order (HsChapter): the
 * handshake from the first SYN, data from the first segment with a
 * payload, a loss at each segment the network drops once the previous
 * chapter is not already a loss, recovery from the first retransmission
 * after it, and the close from the first FIN or RST. */
GArray     *hs_chapters_from_trace  (HsTrace       *trace);

/* Whether a step loses a segment or sends a retransmission. */
gboolean    hs_trace_step_is_loss_or_retransmission (HsTrace *trace,
                                                     guint    step);

G_END_DECLS
