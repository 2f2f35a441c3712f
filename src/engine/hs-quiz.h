/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-quiz.h: questions about a trace ("what does the server send next?"),
 * their answers taken from the trace, and the checking of typed answers,
 * shared by the window's quiz mode and the command line's worksheets. */

#pragma once

#include "hs-scenario.h"
#include "hs-trace.h"

G_BEGIN_DECLS

/* An answer field left empty: a segment without ACK has no
 * acknowledgement number. */
#define HS_QUIZ_NONE G_MAXUINT64

typedef enum
{
  HS_QUIZ_SEGMENT,   /* a segment is sent: who sends it and what it carries */
  HS_QUIZ_STATE,     /* an endpoint changes state: the new state */
  HS_QUIZ_TIMER,     /* a timer fires: when */
} HsQuizKind;

typedef struct
{
  HsQuizKind  kind;
  guint       step;      /* the step asked about; asked once step − 1 is shown */
  guint       segment;   /* HS_QUIZ_SEGMENT: the trace's segment */
  guint       endpoint;  /* the sender, or where the state changes or the timer fires */
  guint       fields;    /* HsQuizField: what is asked */
  const char *text;      /* the lesson's wording, or NULL */
} HsQuizQuestion;

/* Typed or chosen values. Numbers are kept in 64 bits so that a value past
 * 2³² − 1 can be told apart (and explained) rather than wrapped. */
typedef struct
{
  guint    fields;       /* HsQuizField: what was answered */
  guint    sender;       /* endpoint index */
  guint8   flags;        /* HsTcpFlags */
  guint64  seq;
  guint64  ack;          /* HS_QUIZ_NONE: no acknowledgement number */
  guint64  len;
  guint64  window;
  HsState  state;
  HsTime   time;         /* µs since the start */
} HsQuizAnswer;

/* The flags a quiz asks about, as toggle buttons: SYN, ACK, FIN, RST, PSH. */
#define HS_QUIZ_FLAGS (HS_TCP_SYN | HS_TCP_ACK | HS_TCP_FIN | HS_TCP_RST | HS_TCP_PSH)

#define HS_TYPE_QUIZ (hs_quiz_get_type ())
G_DECLARE_FINAL_TYPE (HsQuiz, hs_quiz, HS, QUIZ, GObject)

/* The questions about @trace, simulated from @scenario: the lesson's own
 * [Questions], or by default every segment whose fields follow from the
 * steps before it. A segment's field is asked only when it does:
 *
 * - the sender, unless the other side sends a segment at the same moment;
 * - the flags, always;
 * - seq, unless the segment is the sender's first SYN (its ISN is drawn
 *   at random: relative to it, it is always 0);
 * - ack: none for a segment without ACK; with ACK, once a segment from the
 *   peer has arrived (its sequence numbers are then known);
 * - len and window only when the lesson's Fields names them.
 *
 * Fails, naming the lesson's line, when a question names a step the trace
 * does not have or one that cannot be asked about. */
HsQuiz               *hs_quiz_new              (HsTrace            *trace,
                                                HsScenario         *scenario,
                                                GError            **error);
HsTrace              *hs_quiz_get_trace        (HsQuiz             *self);
guint                 hs_quiz_get_n_questions  (HsQuiz             *self);
const HsQuizQuestion *hs_quiz_get_question     (HsQuiz             *self,
                                                guint               index);
/* The index of the question about @step, or -1. */
int                   hs_quiz_find_step        (HsQuiz             *self,
                                                guint               step);
/* The one correct answer, from the trace; seq and ack relative to the
 * sender's and the receiver's ISN unless @absolute. */
void                  hs_quiz_get_solution     (HsQuiz             *self,
                                                guint               index,
                                                gboolean            absolute,
                                                HsQuizAnswer       *solution);
/* The fields of @answer that are wrong (HsQuizField); 0 when all asked
 * fields are right. A field asked and not answered is wrong. Sequence
 * numbers are compared exactly: 2³² is not 0. Flags in any order. */
guint                 hs_quiz_check            (HsQuiz             *self,
                                                guint               index,
                                                const HsQuizAnswer *answer,
                                                gboolean            absolute);
/* For a wrong answer, one sentence per wrong field saying what the typed
 * value would have meant, in the user's language; NULL when right. */
char                 *hs_quiz_explain          (HsQuiz             *self,
                                                guint               index,
                                                const HsQuizAnswer *answer,
                                                gboolean            absolute);
/* The question in the user's language: the lesson's wording, or "What does
 * the client send next?" and the like. Never gives away an answer. Names
 * the sender when it is not asked, or when @ask_sender is FALSE (on a
 * worksheet, the arrow shows it). */
char                 *hs_quiz_format_prompt    (HsQuiz             *self,
                                                guint               index,
                                                gboolean            ask_sender);
/* The answer key's line: "client → server: SYN, ACK; seq=0 ack=1". */
char                 *hs_quiz_format_solution  (HsQuiz             *self,
                                                guint               index,
                                                gboolean            absolute);

/* Typed values: a whole number (empty or "-" is HS_QUIZ_NONE), flags in any
 * order ("ack+syn", "SYN, ACK"), a time in ms ("1200", "1.5"). */
gboolean              hs_quiz_parse_number     (const char         *text,
                                                guint64            *value);
gboolean              hs_quiz_parse_flags      (const char         *text,
                                                guint8             *flags);
gboolean              hs_quiz_parse_time       (const char         *text,
                                                HsTime             *time);

/* For a lesson with [Questions] Random=true: the attempt @seed draws its own
 * ISNs, an MSS and payload sizes (every byte count of the scripts scaled by
 * one factor, so that what one side sends the other still waits for). */
gboolean              hs_quiz_randomize_scenario (HsScenario       *scenario,
                                                  guint64           seed,
                                                  GError          **error);
/* The same as --set assignments ("client.isn=random", "client.mss=1200",
 * "client.script=…", "lesson.seed=N"), for a session to apply. */
char                **hs_quiz_random_assignments (HsScenario       *scenario,
                                                  guint64           seed,
                                                  GError          **error);

G_END_DECLS
