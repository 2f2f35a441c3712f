/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-quiz-panel.h: quiz mode's panel: asks about the next step, checks the
 * answer, lets the step play, and keeps the score. */

#pragma once

#include <adwaita.h>

#include "hs-quiz.h"
#include "hs-session.h"

G_BEGIN_DECLS

#define HS_TYPE_QUIZ_PANEL (hs_quiz_panel_get_type ())
G_DECLARE_FINAL_TYPE (HsQuizPanel, hs_quiz_panel, HS, QUIZ_PANEL, AdwBin)

GtkWidget  *hs_quiz_panel_new              (void);
/* "session": the panel asks about its trace and holds its playhead back. */
HsSession  *hs_quiz_panel_get_session      (HsQuizPanel *self);
void        hs_quiz_panel_set_session      (HsQuizPanel *self,
                                            HsSession   *session);
/* "active": quiz mode. Turning it on (or a new trace while it is on)
 * starts the quiz from the first step with a score of nothing. */
gboolean    hs_quiz_panel_get_active       (HsQuizPanel *self);
void        hs_quiz_panel_set_active       (HsQuizPanel *self,
                                            gboolean     active);
/* "presentation": the question large, with the teacher's countdown. */
void        hs_quiz_panel_set_presentation (HsQuizPanel *self,
                                            gboolean     presentation);
/* "absolute": seq and ack asked as absolute numbers. */
void        hs_quiz_panel_set_absolute     (HsQuizPanel *self,
                                            gboolean     absolute);
/* "limit": how far the playhead may go: the step of the question not yet
 * answered (so everything before it has happened), or G_MAXUINT. */
guint       hs_quiz_panel_get_limit        (HsQuizPanel *self);
/* The quiz asked, or NULL (off, or a capture: nothing to ask from). */
HsQuiz     *hs_quiz_panel_get_quiz         (HsQuizPanel *self);
/* The index (hs_quiz_get_question()) of the question asked now, or -1. */
int         hs_quiz_panel_get_question     (HsQuizPanel *self);
/* First-try right answers, and questions answered or revealed. */
guint       hs_quiz_panel_get_score        (HsQuizPanel *self,
                                            guint       *n_answered);
/* The answer to the question asked now, as if typed into the panel; then
 * checks it (the "quiz.check" action). Sentence of the feedback shown. */
void        hs_quiz_panel_answer           (HsQuizPanel        *self,
                                            const HsQuizAnswer *answer);
void        hs_quiz_panel_reveal           (HsQuizPanel *self);
void        hs_quiz_panel_reset            (HsQuizPanel *self);
const char *hs_quiz_panel_get_feedback     (HsQuizPanel *self);
const char *hs_quiz_panel_get_prompt       (HsQuizPanel *self);

G_END_DECLS
