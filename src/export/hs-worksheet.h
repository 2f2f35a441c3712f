/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-worksheet.h: printable exercises from a lesson's quiz: the ladder with
 * the asked fields left blank, numbered questions, and a separate answer
 * key, as PDF pages or plain text. */

#pragma once

#include <gio/gio.h>

#include "hs-diagram-export.h"
#include "hs-quiz.h"

G_BEGIN_DECLS

typedef struct
{
  HsDiagramPage page;       /* A4 or Letter (a long page is taken as A4) */
  gboolean      absolute;   /* absolute seq and ack numbers */
  gboolean      answers;    /* the answer key instead of the exercise */
} HsWorksheetOptions;

void     hs_worksheet_options_init (HsWorksheetOptions *options);

/* Writes one variant per quiz in @quizzes (HsQuiz), each starting on a new
 * page, to @path through HsOutput (replaced whole or not at all).
 * A worksheet never asks for a segment's sender: its arrow shows it. */
gboolean hs_worksheet_write_pdf    (GPtrArray                *quizzes,
                                    const char               *path,
                                    const HsWorksheetOptions *options,
                                    GError                  **error);
/* The same as plain text: the ladder as a list of steps, then the
 * questions; variants separated by a form feed. */
gboolean hs_worksheet_write_txt    (GPtrArray                *quizzes,
                                    const char               *path,
                                    const HsWorksheetOptions *options,
                                    GError                  **error);

G_END_DECLS
