/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-quiz.c: which steps of a trace make questions, what their answers
 * are, and what a wrong answer would have meant. Every answer is read
 * from the trace, never computed on the side, so a change in the engine
 * moves the questions with it. */

#define G_LOG_DOMAIN "hs-quiz"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "hs-engine-enums.h"
#include "hs-error.h"
#include "hs-narration.h"
#include "hs-quiz.h"
#include "hs-random.h"

#define SEGMENT_FIELDS (HS_QUIZ_FIELD_SENDER | HS_QUIZ_FIELD_FLAGS | HS_QUIZ_FIELD_SEQ | \
                        HS_QUIZ_FIELD_ACK | HS_QUIZ_FIELD_LEN | HS_QUIZ_FIELD_WINDOW)

struct _HsQuiz
{
  GObject  parent_instance;

  HsTrace *trace;       /* owned */
  GArray  *questions;   /* HsQuizQuestion; text points into texts */
  GPtrArray *texts;     /* owned wordings */
};

G_DEFINE_FINAL_TYPE (HsQuiz, hs_quiz, G_TYPE_OBJECT)

static void
hs_quiz_finalize (GObject *object)
{
  HsQuiz *self = HS_QUIZ (object);

  g_clear_object (&self->trace);
  g_clear_pointer (&self->questions, g_array_unref);
  g_clear_pointer (&self->texts, g_ptr_array_unref);

  G_OBJECT_CLASS (hs_quiz_parent_class)->finalize (object);
}

static void
hs_quiz_class_init (HsQuizClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hs_quiz_finalize;
}

static void
hs_quiz_init (HsQuiz *self)
{
  self->questions = g_array_new (FALSE, TRUE, sizeof (HsQuizQuestion));
  self->texts = g_ptr_array_new_with_free_func (g_free);
}

/* Derivation rules (see hs-quiz.h) */

/* The newest segment that arrived at @endpoint before @step, or NULL. */
static const HsTraceSegment *
last_arrived (HsTrace *trace,
              guint    endpoint,
              guint    step)
{
  const HsTraceSegment *found = NULL;

  for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
    {
      const HsTraceSegment *s = hs_trace_get_segment (trace, i);

      if (s->sent_step >= step)
        break;
      if (s->to == endpoint && s->fate == HS_FATE_DELIVERED && s->end_step < step &&
          (found == NULL || s->end_step > found->end_step))
        found = s;
    }
  return found;
}

/* The newest segment @endpoint sent before @step, or NULL. */
static const HsTraceSegment *
last_sent (HsTrace *trace,
           guint    endpoint,
           guint    step)
{
  const HsTraceSegment *found = NULL;

  for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
    {
      const HsTraceSegment *s = hs_trace_get_segment (trace, i);

      if (s->sent_step >= step)
        break;
      if (s->from == endpoint && !(s->marks & HS_MARK_DUPLICATED))
        found = s;
    }
  return found;
}

/* One pass over the segments: a lesson of a million segments makes its
 * questions in linear time. */
static void
add_default_questions (HsQuiz *self,
                       guint   wanted)
{
  HsTrace *trace = self->trace;
  guint n = hs_trace_get_n_segments (trace);
  guint n_endpoints = hs_trace_get_n_endpoints (trace);
  /* per endpoint: the step of its first SYN, of the first segment that
   * arrived at it */
  g_autofree guint *first_syn = g_new (guint, n_endpoints);
  g_autofree guint *first_arrival = g_new (guint, n_endpoints);

  for (guint e = 0; e < n_endpoints; e++)
    first_syn[e] = first_arrival[e] = HS_TRACE_NONE;
  for (guint i = 0; i < n; i++)
    {
      const HsTraceSegment *s = hs_trace_get_segment (trace, i);

      if ((s->header.flags & HS_TCP_SYN) && first_syn[s->from] == HS_TRACE_NONE)
        first_syn[s->from] = s->sent_step;
      if (s->fate == HS_FATE_DELIVERED && s->end_step < first_arrival[s->to])
        first_arrival[s->to] = s->end_step;
    }

  for (guint i = 0; i < n; i++)
    {
      const HsTraceSegment *s = hs_trace_get_segment (trace, i);
      HsQuizQuestion q = { HS_QUIZ_SEGMENT, s->sent_step, i, s->from, 0, NULL };
      guint fields = SEGMENT_FIELDS;

      if (hs_trace_segment_is_udp (trace, s) || (s->marks & HS_MARK_DUPLICATED))
        continue;

      /* segments are in the order they were sent: the other side sending
       * at the same moment is a neighbour */
      for (guint j = i; j-- > 0;)
        {
          const HsTraceSegment *o = hs_trace_get_segment (trace, j);

          if (o->sent != s->sent)
            break;
          if (o->from != s->from && !(o->marks & HS_MARK_DUPLICATED))
            fields &= ~HS_QUIZ_FIELD_SENDER;
        }
      for (guint j = i + 1; j < n; j++)
        {
          const HsTraceSegment *o = hs_trace_get_segment (trace, j);

          if (o->sent != s->sent)
            break;
          if (o->from != s->from && !(o->marks & HS_MARK_DUPLICATED))
            fields &= ~HS_QUIZ_FIELD_SENDER;
        }
      s = hs_trace_get_segment (trace, i);
      /* the sender's first SYN: its ISN is drawn at random */
      if ((s->header.flags & HS_TCP_SYN) && first_syn[s->from] >= s->sent_step)
        fields &= ~HS_QUIZ_FIELD_SEQ;
      /* nothing from the peer yet: its sequence numbers are unknown */
      if ((s->header.flags & HS_TCP_ACK) &&
          (first_arrival[s->from] == HS_TRACE_NONE || first_arrival[s->from] >= s->sent_step))
        fields &= ~HS_QUIZ_FIELD_ACK;

      q.fields = wanted & fields;
      if ((q.fields & ~HS_QUIZ_FIELD_SENDER) == 0)
        continue;
      g_array_append_val (self->questions, q);
    }
}

static gboolean
add_lesson_question (HsQuiz                 *self,
                     const HsQuestionConfig *config,
                     guint                   wanted,
                     GError                **error)
{
  guint n_steps = hs_trace_get_n_steps (self->trace);
  const HsTraceStep *step;
  HsQuizQuestion q = { 0 };

  if (config->step >= n_steps)
    {
      g_set_error (error, HS_ERROR, HS_ERROR_INVALID,
                   _("%s: the question asks about step %u, but this lesson has %u steps"),
                   config->where, config->step + 1, n_steps);
      return FALSE;
    }
  if (hs_quiz_find_step (self, config->step) >= 0)
    {
      g_set_error (error, HS_ERROR, HS_ERROR_INVALID,
                   _("%s: step %u is asked about twice"), config->where, config->step + 1);
      return FALSE;
    }
  step = hs_trace_get_step (self->trace, config->step);
  q.step = config->step;
  q.endpoint = step->endpoint;
  q.segment = step->segment;
  switch (step->kind)
    {
    case HS_STEP_SEGMENT_SENT:
      q.kind = HS_QUIZ_SEGMENT;
      q.fields = config->fields != 0 ? config->fields : wanted & SEGMENT_FIELDS;
      if ((q.fields & ~SEGMENT_FIELDS) != 0 || q.fields == 0)
        {
          g_set_error (error, HS_ERROR, HS_ERROR_INVALID,
                       _("%s: step %u sends a segment: ask for its sender, flags, seq, ack, len or window"),
                       config->where, config->step + 1);
          return FALSE;
        }
      q.endpoint = hs_trace_get_segment (self->trace, step->segment)->from;
      break;
    case HS_STEP_STATE_CHANGE:
      q.kind = HS_QUIZ_STATE;
      q.fields = HS_QUIZ_FIELD_STATE;
      if (config->fields != 0 && config->fields != HS_QUIZ_FIELD_STATE)
        {
          g_set_error (error, HS_ERROR, HS_ERROR_INVALID,
                       _("%s: step %u is a change of state: ask for the state"),
                       config->where, config->step + 1);
          return FALSE;
        }
      break;
    case HS_STEP_TIMER:
      q.kind = HS_QUIZ_TIMER;
      q.fields = HS_QUIZ_FIELD_TIME;
      if (config->fields != 0 && config->fields != HS_QUIZ_FIELD_TIME)
        {
          g_set_error (error, HS_ERROR, HS_ERROR_INVALID,
                       _("%s: step %u is a timer: ask for the time it fires"),
                       config->where, config->step + 1);
          return FALSE;
        }
      break;
    default:
      g_set_error (error, HS_ERROR, HS_ERROR_INVALID,
                   _("%s: step %u is neither a segment sent, a change of state nor a timer, so it cannot be asked about"),
                   config->where, config->step + 1);
      return FALSE;
    }
  if (config->text != NULL)
    {
      q.text = g_strdup (config->text);
      g_ptr_array_add (self->texts, (char *) q.text);
    }
  g_array_append_val (self->questions, q);
  return TRUE;
}

HsQuiz *
hs_quiz_new (HsTrace     *trace,
             HsScenario  *scenario,
             GError     **error)
{
  g_autoptr(HsQuiz) self = NULL;
  guint wanted;

  g_return_val_if_fail (HS_IS_TRACE (trace), NULL);
  g_return_val_if_fail (HS_IS_SCENARIO (scenario), NULL);

  self = g_object_new (HS_TYPE_QUIZ, NULL);
  self->trace = g_object_ref (trace);
  wanted = hs_scenario_get_quiz_fields (scenario);

  if (hs_scenario_get_n_questions (scenario) == 0)
    add_default_questions (self, wanted);
  for (guint i = 0; i < hs_scenario_get_n_questions (scenario); i++)
    if (!add_lesson_question (self, hs_scenario_get_question (scenario, i), wanted, error))
      return NULL;

  return g_steal_pointer (&self);
}

HsTrace *
hs_quiz_get_trace (HsQuiz *self)
{
  g_return_val_if_fail (HS_IS_QUIZ (self), NULL);
  return self->trace;
}

guint
hs_quiz_get_n_questions (HsQuiz *self)
{
  g_return_val_if_fail (HS_IS_QUIZ (self), 0);
  return self->questions->len;
}

const HsQuizQuestion *
hs_quiz_get_question (HsQuiz *self,
                      guint   index)
{
  g_return_val_if_fail (HS_IS_QUIZ (self), NULL);
  g_return_val_if_fail (index < self->questions->len, NULL);
  return &g_array_index (self->questions, HsQuizQuestion, index);
}

int
hs_quiz_find_step (HsQuiz *self,
                   guint   step)
{
  g_return_val_if_fail (HS_IS_QUIZ (self), -1);

  for (guint i = 0; i < self->questions->len; i++)
    if (g_array_index (self->questions, HsQuizQuestion, i).step == step)
      return (int) i;
  return -1;
}

/* Answers */

static guint32
seq_of (HsTrace              *trace,
        const HsTraceSegment *s,
        gboolean              absolute)
{
  return absolute ? s->header.seq : hs_trace_segment_rel_seq (trace, s);
}

static guint64
ack_of (HsTrace              *trace,
        const HsTraceSegment *s,
        gboolean              absolute)
{
  if (!(s->header.flags & HS_TCP_ACK))
    return HS_QUIZ_NONE;
  return absolute ? s->header.ack : hs_trace_segment_rel_ack (trace, s);
}

void
hs_quiz_get_solution (HsQuiz       *self,
                      guint         index,
                      gboolean      absolute,
                      HsQuizAnswer *solution)
{
  const HsQuizQuestion *q;
  const HsTraceStep *step;

  g_return_if_fail (HS_IS_QUIZ (self));
  g_return_if_fail (index < self->questions->len);
  g_return_if_fail (solution != NULL);

  q = hs_quiz_get_question (self, index);
  step = hs_trace_get_step (self->trace, q->step);
  memset (solution, 0, sizeof *solution);
  solution->fields = q->fields;
  solution->sender = q->endpoint;
  solution->ack = HS_QUIZ_NONE;

  switch (q->kind)
    {
    case HS_QUIZ_SEGMENT:
      {
        const HsTraceSegment *s = hs_trace_get_segment (self->trace, q->segment);

        solution->flags = s->header.flags & HS_QUIZ_FLAGS;
        solution->seq = seq_of (self->trace, s, absolute);
        solution->ack = ack_of (self->trace, s, absolute);
        solution->len = s->len;
        solution->window = s->window;
      }
      break;
    case HS_QUIZ_STATE:
      solution->state = step->to_state;
      break;
    case HS_QUIZ_TIMER:
      solution->time = step->time;
      break;
    }
}

guint
hs_quiz_check (HsQuiz             *self,
               guint               index,
               const HsQuizAnswer *answer,
               gboolean            absolute)
{
  HsQuizAnswer right;
  guint wrong = 0;
  guint asked;

  g_return_val_if_fail (HS_IS_QUIZ (self), 0);
  g_return_val_if_fail (answer != NULL, 0);

  hs_quiz_get_solution (self, index, absolute, &right);
  asked = right.fields;
  /* unanswered counts as wrong */
  wrong = asked & ~answer->fields;

#define CHECK(field, cond) if ((asked & answer->fields & (field)) && !(cond)) wrong |= (field)
  CHECK (HS_QUIZ_FIELD_SENDER, answer->sender == right.sender);
  CHECK (HS_QUIZ_FIELD_FLAGS, (answer->flags & HS_QUIZ_FLAGS) == right.flags);
  CHECK (HS_QUIZ_FIELD_SEQ, answer->seq == right.seq);
  CHECK (HS_QUIZ_FIELD_ACK, answer->ack == right.ack);
  CHECK (HS_QUIZ_FIELD_LEN, answer->len == right.len);
  CHECK (HS_QUIZ_FIELD_WINDOW, answer->window == right.window);
  CHECK (HS_QUIZ_FIELD_STATE, answer->state == right.state);
  CHECK (HS_QUIZ_FIELD_TIME, answer->time == right.time);
#undef CHECK

  return wrong;
}

/* Explanations */

/* "the client", in the user's language, as the narration says it */
static const char *
endpoint_name (HsQuiz *self,
               guint   endpoint)
{
  return hs_narration_endpoint_name (self->trace, endpoint);
}

/* "client": the lane's name, for the answer key's arrows */
static const char *
lane_name (HsQuiz *self,
           guint   endpoint)
{
  return hs_trace_get_endpoint (self->trace, endpoint)->name;
}

static char *
u64 (guint64 v)
{
  return g_strdup_printf ("%" G_GUINT64_FORMAT, v);
}

/* What is the same whether seq or ack is wrong: a number past 2³² − 1, or
 * the absolute number where the relative one was asked (or the other way
 * round). Returns NULL when neither explains it. */
static char *
explain_number_form (guint64 typed,
                     guint64 right,
                     guint64 other_form,
                     gboolean absolute)
{
  g_autofree char *t = u64 (typed);
  g_autofree char *r = u64 (right);

  if (typed > G_MAXUINT32)
    {
      if ((typed & G_MAXUINT32) == right)
        return g_strdup_printf (_("Sequence numbers wrap around after 4294967295: %s is written %s."), t, r);
      return g_strdup_printf (_("%s is too large: sequence numbers go from 0 to 4294967295."), t);
    }
  if (typed == other_form && typed != right)
    {
      if (absolute)
        return g_strdup_printf (_("%s is the relative number, counted from the ISN; the absolute number asked for is %s."), t, r);
      return g_strdup_printf (_("%s is the absolute number; counted from the ISN, as asked, it is %s."), t, r);
    }
  return NULL;
}

static char *
explain_seq (HsQuiz               *self,
             const HsTraceSegment *s,
             guint64               typed,
             gboolean              absolute)
{
  guint32 right = seq_of (self->trace, s, absolute);
  g_autofree char *t = u64 (typed);
  g_autofree char *r = u64 (right);
  const HsTraceSegment *before = last_sent (self->trace, s->from, s->sent_step);
  char *form = explain_number_form (typed, right, seq_of (self->trace, s, !absolute), absolute);

  if (form != NULL)
    return form;
  if (typed == HS_QUIZ_NONE)
    return g_strdup_printf (_("Every segment has a sequence number; this one’s is %s."), r);
  if ((guint32) (typed + 1) == right && before != NULL && !(s->marks & HS_MARK_RETRANSMISSION) &&
      seq_of (self->trace, before, absolute) + before->len == typed)
    {
      if (before->header.flags & HS_TCP_SYN)
        return g_strdup_printf (_("seq = %s is the number the SYN already used: a SYN takes one sequence number, so the next is %s."), t, r);
      if (before->header.flags & HS_TCP_FIN)
        return g_strdup_printf (_("seq = %s is the number the FIN already used: a FIN takes one sequence number, so the next is %s."), t, r);
    }
  /* only a segment that carries the next new number (not a retransmission,
   * a probe, a keep-alive or an RST, whose numbers follow other rules) */
  if (hs_seq_lt ((guint32) typed, right) && before != NULL &&
      !(s->marks & (HS_MARK_RETRANSMISSION | HS_MARK_WINDOW_PROBE | HS_MARK_KEEPALIVE)) &&
      !(s->header.flags & HS_TCP_RST) && hs_seq_geq ((guint32) typed, seq_of (self->trace, before, absolute)))
    return g_strdup_printf (_("seq = %s would send again sequence numbers that %s has already sent; the next new one is %s."),
                            t, endpoint_name (self, s->from), r);
  if (hs_seq_gt ((guint32) typed, right))
    return g_strdup_printf (_("seq = %s would skip sequence numbers: this segment starts at %s."), t, r);
  return g_strdup_printf (_("seq = %s is not where this segment starts: it starts at %s."), t, r);
}

static char *
explain_ack (HsQuiz               *self,
             const HsTraceSegment *s,
             guint64               typed,
             gboolean              absolute)
{
  guint64 right = ack_of (self->trace, s, absolute);
  g_autofree char *t = u64 (typed);
  g_autofree char *r = NULL;
  const HsTraceSegment *got;
  char *form;

  if (right == HS_QUIZ_NONE)
    return g_strdup (_("This segment does not carry ACK, so it has no acknowledgement number."));
  r = u64 (right);
  if (typed == HS_QUIZ_NONE)
    return g_strdup_printf (_("This segment carries ACK, so its acknowledgement number counts: %s."), r);
  form = explain_number_form (typed, right, ack_of (self->trace, s, !absolute), absolute);
  if (form != NULL)
    return form;

  got = last_arrived (self->trace, s->from, s->sent_step);
  if ((guint32) (typed + 1) == right && got != NULL && got->len == 0 &&
      seq_of (self->trace, got, absolute) == typed)
    {
      if (got->header.flags & HS_TCP_SYN)
        return g_strdup_printf (_("ack = %s would acknowledge nothing new: the SYN uses one sequence number, so the next one expected is %s."), t, r);
      if (got->header.flags & HS_TCP_FIN)
        return g_strdup_printf (_("ack = %s would acknowledge nothing new: the FIN uses one sequence number, so the next one expected is %s."), t, r);
    }
  {
    const HsTraceEndpoint *peer = hs_trace_get_endpoint (self->trace, s->to);
    guint32 first = absolute ? peer->isn : 0;

    /* between the peer's first number and the next one expected */
    if (peer->has_isn && hs_seq_gt ((guint32) typed, first) && hs_seq_lt ((guint32) typed, (guint32) right))
      return g_strdup_printf (_("ack = %s would ask again for bytes that have already arrived: everything before %s has arrived in order."), t, r);
  }
  if (hs_seq_gt ((guint32) typed, (guint32) right))
    return g_strdup_printf (_("ack = %s would acknowledge sequence numbers that have not all arrived: the next one expected is %s."), t, r);
  return g_strdup_printf (_("ack = %s is not the next sequence number expected from the other side: that is %s."), t, r);
}

static char *
explain_flags (HsQuiz               *self,
               const HsTraceSegment *s,
               guint8                typed)
{
  guint8 right = s->header.flags & HS_QUIZ_FLAGS;
  guint8 extra = typed & ~right, missing = right & ~typed;
  g_autofree char *names = hs_tcp_flags_to_string (right, ", ");
  GString *out = g_string_new (NULL);

  if (extra & HS_TCP_SYN)
    g_string_append_printf (out, "%s ", _("SYN would ask to open a connection, and this segment does not."));
  if (missing & HS_TCP_SYN)
    g_string_append_printf (out, "%s ", _("This segment opens the connection, so it carries SYN."));
  if (extra & HS_TCP_FIN)
    g_string_append_printf (out, "%s ", _("FIN would say that the sender has no more data to send; this segment does not say so."));
  if (missing & HS_TCP_FIN)
    g_string_append_printf (out, "%s ", _("FIN says the sender will send no more data, and this segment says so."));
  if (extra & HS_TCP_RST)
    g_string_append_printf (out, "%s ", _("RST would abort the connection at once."));
  if (missing & HS_TCP_ACK)
    g_string_append_printf (out, "%s ", _("Without ACK the segment would acknowledge nothing."));
  if ((extra & HS_TCP_ACK) && last_arrived (self->trace, s->from, s->sent_step) == NULL)
    g_string_append_printf (out, "%s ", _("ACK would acknowledge something, but nothing has arrived from the other side yet."));
  g_string_append_printf (out, _("The flags are %s."), names[0] != '\0' ? names : "—");
  return g_string_free (out, FALSE);
}

char *
hs_quiz_explain (HsQuiz             *self,
                 guint               index,
                 const HsQuizAnswer *answer,
                 gboolean            absolute)
{
  const HsQuizQuestion *q;
  HsQuizAnswer right;
  guint wrong;
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (HS_IS_QUIZ (self), NULL);
  g_return_val_if_fail (answer != NULL, NULL);

  wrong = hs_quiz_check (self, index, answer, absolute);
  if (wrong == 0)
    return NULL;
  q = hs_quiz_get_question (self, index);
  hs_quiz_get_solution (self, index, absolute, &right);

  if (q->kind == HS_QUIZ_SEGMENT)
    {
      const HsTraceSegment *s = hs_trace_get_segment (self->trace, q->segment);

      if (wrong & HS_QUIZ_FIELD_SENDER)
        g_ptr_array_add (parts, g_strdup_printf (_("It is %s that sends this segment."),
                                                 endpoint_name (self, s->from)));
      if (wrong & HS_QUIZ_FIELD_FLAGS)
        g_ptr_array_add (parts, explain_flags (self, s, (answer->fields & HS_QUIZ_FIELD_FLAGS) ? answer->flags : 0));
      if (wrong & HS_QUIZ_FIELD_SEQ)
        g_ptr_array_add (parts, explain_seq (self, s, (answer->fields & HS_QUIZ_FIELD_SEQ) ? answer->seq : HS_QUIZ_NONE, absolute));
      if (wrong & HS_QUIZ_FIELD_ACK)
        g_ptr_array_add (parts, explain_ack (self, s, (answer->fields & HS_QUIZ_FIELD_ACK) ? answer->ack : HS_QUIZ_NONE, absolute));
      if (wrong & HS_QUIZ_FIELD_LEN)
        g_ptr_array_add (parts, g_strdup_printf (_("This segment carries %u bytes of data."), s->len));
      if (wrong & HS_QUIZ_FIELD_WINDOW)
        g_ptr_array_add (parts, g_strdup_printf (_("In this segment, %s offers a window of %u bytes."),
                                                 endpoint_name (self, s->from), s->window));
    }
  else if (q->kind == HS_QUIZ_STATE)
    g_ptr_array_add (parts, g_strdup_printf (_("After this step, %s is in %s."),
                                             endpoint_name (self, q->endpoint), hs_state_to_string (right.state)));
  else
    {
      g_autofree char *ms = g_strdup_printf ("%.3f", (double) right.time / HS_USEC_PER_MSEC);
      g_ptr_array_add (parts, g_strdup_printf (_("The timer fires at %s ms."), ms));
    }

  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" ", (char **) parts->pdata);
}

char *
hs_quiz_format_prompt (HsQuiz   *self,
                       guint     index,
                       gboolean  ask_sender)
{
  const HsQuizQuestion *q;

  g_return_val_if_fail (HS_IS_QUIZ (self), NULL);

  q = hs_quiz_get_question (self, index);
  if (q->text != NULL)
    return g_strdup (q->text);
  switch (q->kind)
    {
    case HS_QUIZ_SEGMENT:
      if (ask_sender && (q->fields & HS_QUIZ_FIELD_SENDER))
        return g_strdup (_("Which side sends the next segment, and what is in it?"));
      return g_strdup_printf (_("What does %s send next?"), endpoint_name (self, q->endpoint));
    case HS_QUIZ_STATE:
      return g_strdup_printf (_("Which state does %s enter next?"), endpoint_name (self, q->endpoint));
    case HS_QUIZ_TIMER:
    default:
      return g_strdup_printf (_("A timer of %s fires next. At what time, in ms from the start?"),
                              endpoint_name (self, q->endpoint));
    }
}

char *
hs_quiz_format_solution (HsQuiz  *self,
                         guint    index,
                         gboolean absolute)
{
  const HsQuizQuestion *q;
  HsQuizAnswer a;
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (HS_IS_QUIZ (self), NULL);

  q = hs_quiz_get_question (self, index);
  hs_quiz_get_solution (self, index, absolute, &a);
  switch (q->kind)
    {
    case HS_QUIZ_SEGMENT:
      {
        const HsTraceSegment *s = hs_trace_get_segment (self->trace, q->segment);
        g_autofree char *flags = hs_tcp_flags_to_string (a.flags, ", ");

        g_string_append_printf (out, "%s → %s: %s;", lane_name (self, s->from),
                                lane_name (self, s->to), flags);
        if (q->fields & HS_QUIZ_FIELD_SEQ)
          g_string_append_printf (out, " seq=%" G_GUINT64_FORMAT, a.seq);
        if ((q->fields & HS_QUIZ_FIELD_ACK) && a.ack != HS_QUIZ_NONE)
          g_string_append_printf (out, " ack=%" G_GUINT64_FORMAT, a.ack);
        else if (q->fields & HS_QUIZ_FIELD_ACK)
          g_string_append (out, " ack=—");
        if (q->fields & HS_QUIZ_FIELD_WINDOW)
          g_string_append_printf (out, " win=%" G_GUINT64_FORMAT, a.window);
        if (q->fields & HS_QUIZ_FIELD_LEN)
          g_string_append_printf (out, " len=%" G_GUINT64_FORMAT, a.len);
      }
      break;
    case HS_QUIZ_STATE:
      g_string_append_printf (out, "%s: %s", lane_name (self, q->endpoint), hs_state_to_string (a.state));
      break;
    case HS_QUIZ_TIMER:
      g_string_append_printf (out, "%s: %.3f ms", lane_name (self, q->endpoint),
                              (double) a.time / HS_USEC_PER_MSEC);
      break;
    }
  return g_string_free (out, FALSE);
}

/* Typed values */

gboolean
hs_quiz_parse_number (const char *text,
                      guint64    *value)
{
  g_autofree char *t = g_strstrip (g_strdup (text != NULL ? text : ""));

  if (t[0] == '\0' || g_str_equal (t, "-") || g_str_equal (t, "—"))
    {
      *value = HS_QUIZ_NONE;
      return TRUE;
    }
  /* digits only: "+5", " 5x" and "0x10" are not numbers a student means */
  for (const char *p = t; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return g_ascii_string_to_unsigned (t, 10, 0, G_MAXUINT64 - 1, value, NULL);
}

gboolean
hs_quiz_parse_flags (const char *text,
                     guint8     *flags)
{
  g_autofree char *t = g_strstrip (g_strdup (text != NULL ? text : ""));

  if (t[0] == '\0' || g_str_equal (t, "-"))
    {
      *flags = 0;
      return TRUE;
    }
  g_strdelimit (t, " ,/", '+');
  {
    g_auto(GStrv) words = g_strsplit (t, "+", -1);
    g_autoptr(GString) joined = g_string_new (NULL);

    for (guint i = 0; words[i] != NULL; i++)
      if (words[i][0] != '\0')
        g_string_append_printf (joined, "%s%s", joined->len > 0 ? "+" : "", words[i]);
    return hs_tcp_flags_from_string (joined->str, flags);
  }
}

gboolean
hs_quiz_parse_time (const char *text,
                    HsTime     *time)
{
  g_autofree char *t = g_strstrip (g_strdup (text != NULL ? text : ""));
  char *end = NULL;
  double ms;

  if (t[0] == '\0' || !g_ascii_isdigit (t[0]))
    return FALSE;
  ms = g_ascii_strtod (t, &end);
  if (end == t || *end != '\0' || ms < 0 || ms > 1e12)
    return FALSE;
  *time = (HsTime) (ms * HS_USEC_PER_MSEC + 0.5);
  return TRUE;
}

/* Random variants */

static const guint16 random_mss[] = { 536, 1000, 1200, 1400, 1460 };

/* The byte counts of a script: "send 100", "wait-for 200 bytes", "read 40". */
static GRegex *
amount_regex (void)
{
  return g_regex_new ("\\b(send|read|wait-for)(\\s+)([0-9]+)(?=\\s*(bytes\\b|;|$))",
                      G_REGEX_OPTIMIZE, 0, NULL);
}

static gboolean
scale_cb (const GMatchInfo *info,
          GString          *result,
          gpointer          user_data)
{
  guint percent = GPOINTER_TO_UINT (user_data);
  g_autofree char *verb = g_match_info_fetch (info, 1);
  g_autofree char *space = g_match_info_fetch (info, 2);
  g_autofree char *number = g_match_info_fetch (info, 3);
  guint64 n = g_ascii_strtoull (number, NULL, 10);

  g_string_append_printf (result, "%s%s%" G_GUINT64_FORMAT, verb, space, n * percent / 100);
  return FALSE;
}

char **
hs_quiz_random_assignments (HsScenario  *scenario,
                            guint64      seed,
                            GError     **error)
{
  static const char * const sides[] = { "client", "server" };
  g_autoptr(GRegex) regex = amount_regex ();
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *data = NULL;
  g_autofree char *bytes = NULL;
  g_autoptr(GArray) amounts = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_autoptr(GArray) factors = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GPtrArray) scripts = g_ptr_array_new_with_free_func (g_free);
  guint32 seeds[2] = { (guint32) seed, (guint32) (seed >> 32) };
  HsRandom random;
  guint percent;
  guint16 mss;
  gsize len;

  g_return_val_if_fail (HS_IS_SCENARIO (scenario), NULL);

  hs_random_init_with_seed_array (&random, seeds, G_N_ELEMENTS (seeds));
  data = hs_scenario_to_data (scenario, &len);
  if (!g_key_file_load_from_data (keyfile, data, len, G_KEY_FILE_NONE, error))
    return NULL;

  /* One factor for every byte count, chosen among those that keep each
   * one whole, so that "send 40" ten times still makes "wait-for 400". */
  for (guint i = 0; i < G_N_ELEMENTS (sides); i++)
    {
      g_autoptr(GMatchInfo) info = NULL;
      char *script = g_key_file_get_value (keyfile, i == 0 ? "Client" : "Server", "Script", NULL);

      g_ptr_array_add (scripts, script);
      if (script == NULL)
        continue;
      g_regex_match (regex, script, 0, &info);
      while (g_match_info_matches (info))
        {
          g_autofree char *number = g_match_info_fetch (info, 3);
          guint64 n = g_ascii_strtoull (number, NULL, 10);

          g_array_append_val (amounts, n);
          g_match_info_next (info, NULL);
        }
    }
  bytes = g_key_file_get_value (keyfile, "Transfer", "Bytes", NULL);
  if (bytes != NULL)
    {
      guint64 n;

      if (g_ascii_string_to_unsigned (g_strstrip (bytes), 10, 1, G_MAXUINT32, &n, NULL))
        g_array_append_val (amounts, n);
      else
        g_clear_pointer (&bytes, g_free);
    }
  for (guint p = 50; p <= 150; p++)
    {
      gboolean whole = TRUE;

      for (guint i = 0; i < amounts->len && whole; i++)
        whole = (g_array_index (amounts, guint64, i) * p) % 100 == 0 &&
                g_array_index (amounts, guint64, i) * p / 100 > 0;
      if (whole)
        g_array_append_val (factors, p);
    }
  percent = g_array_index (factors, guint, hs_random_int (&random) % factors->len);
  mss = random_mss[hs_random_int (&random) % G_N_ELEMENTS (random_mss)];

  g_ptr_array_add (out, g_strdup_printf ("lesson.seed=%" G_GUINT64_FORMAT, seed));
  for (guint i = 0; i < G_N_ELEMENTS (sides); i++)
    {
      g_ptr_array_add (out, g_strdup_printf ("%s.isn=random", sides[i]));
      g_ptr_array_add (out, g_strdup_printf ("%s.mss=%u", sides[i], mss));
      if (g_ptr_array_index (scripts, i) != NULL)
        {
          g_autofree char *scaled = g_regex_replace_eval (regex, g_ptr_array_index (scripts, i), -1, 0, 0, scale_cb,
                                                          GUINT_TO_POINTER (percent), error);

          if (scaled == NULL)
            return NULL;
          g_ptr_array_add (out, g_strdup_printf ("%s.script=%s", sides[i], scaled));
        }
    }
  if (bytes != NULL)
    g_ptr_array_add (out, g_strdup_printf ("transfer.bytes=%" G_GUINT64_FORMAT,
                                               g_ascii_strtoull (bytes, NULL, 10) * percent / 100));
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&out), FALSE);
}

gboolean
hs_quiz_randomize_scenario (HsScenario  *scenario,
                            guint64      seed,
                            GError     **error)
{
  g_auto(GStrv) assignments = hs_quiz_random_assignments (scenario, seed, error);

  if (assignments == NULL)
    return FALSE;
  for (guint i = 0; assignments[i] != NULL; i++)
    if (!hs_scenario_set (scenario, assignments[i], error))
      return FALSE;
  return TRUE;
}
