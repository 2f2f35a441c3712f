/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-quiz-panel.c: the quiz's questions one after the other, in the order
 * of their steps. The playhead may reach the step of the question not yet
 * answered and no further ("limit"); an answer, right or wrong, or a
 * reveal lets that step play, and the narration then says why. */

#define G_LOG_DOMAIN "hs-quiz-panel"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "hs-quiz-panel.h"
#include "hs-ui.h"

/* The countdown a teacher starts in presentation mode, by default; the
 * Preferences offer others ("quiz-countdown"). */
#define COUNTDOWN_SECONDS 30

struct _HsQuizPanel
{
  AdwBin          parent_instance;

  /* owned */
  HsSession      *session;
  GSignalGroup   *session_signals;
  HsQuiz         *quiz;
  HsScenario     *base;           /* the lesson before the quiz drew a variant */
  GArray         *order;          /* guint: question indices by step */
  char           *feedback;

  /* template children */
  GtkLabel       *heading_label;
  GtkLabel       *countdown_label;
  GtkWidget      *countdown_button;
  GtkLabel       *score_label;
  GtkLabel       *prompt_label;
  GtkWidget      *answer_box;
  GtkWidget      *sender_box;
  GtkToggleButton *sender0_button;
  GtkToggleButton *sender1_button;
  GtkWidget      *flags_box;
  GtkToggleButton *syn_button;
  GtkToggleButton *ack_button;
  GtkToggleButton *fin_button;
  GtkToggleButton *rst_button;
  GtkToggleButton *psh_button;
  GtkWidget      *seq_box;
  GtkEditable    *seq_entry;
  GtkWidget      *ack_box;
  GtkEditable    *ack_entry;
  GtkWidget      *len_box;
  GtkEditable    *len_entry;
  GtkWidget      *win_box;
  GtkEditable    *win_entry;
  GtkWidget      *state_box;
  GtkDropDown    *state_dropdown;
  GtkWidget      *time_box;
  GtkEditable    *time_entry;
  GtkWidget      *buttons_box;
  GtkLabel       *feedback_label;

  /* plain state */
  gboolean        active;
  gboolean        presentation;
  gboolean        absolute;
  guint           current;        /* index into order; order->len when done */
  guint           limit;
  guint           n_answered;
  guint           n_right;
  guint           countdown_id;
  guint           countdown_left;
  guint           countdown_seconds;
  gboolean        clamping;
  guint           attempt;        /* variants drawn (Random=true) */
  gboolean        awaiting_variant;  /* the next trace is the quiz's own variant */
};

G_DEFINE_FINAL_TYPE (HsQuizPanel, hs_quiz_panel, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_ACTIVE,
  PROP_ABSOLUTE,
  PROP_LIMIT,
  PROP_COUNTDOWN_SECONDS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const HsQuizQuestion *
current_question (HsQuizPanel *self,
                  guint       *index)
{
  if (self->quiz == NULL || self->current >= self->order->len)
    return NULL;
  *index = g_array_index (self->order, guint, self->current);
  return hs_quiz_get_question (self->quiz, *index);
}

static void
stop_countdown (HsQuizPanel *self)
{
  g_clear_handle_id (&self->countdown_id, g_source_remove);
  gtk_widget_set_visible (GTK_WIDGET (self->countdown_label), FALSE);
}

static void
set_feedback (HsQuizPanel *self,
              const char  *text)
{
  g_free (self->feedback);
  self->feedback = g_strdup (text);
  gtk_label_set_text (self->feedback_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->feedback_label), text != NULL);
}

static void
update_score (HsQuizPanel *self)
{
  g_autofree char *text = NULL;

  if (self->quiz == NULL)
    {
      gtk_label_set_text (self->score_label, "");
      return;
    }
  /* Translators: the quiz's score: right on the first try, of the
   * questions answered so far */
  text = g_strdup_printf (_("Score: %u of %u right on the first try"), self->n_right, self->n_answered);
  gtk_label_set_text (self->score_label, text);
}

static void
clear_inputs (HsQuizPanel *self)
{
  GtkToggleButton *flags[] = { self->syn_button, self->ack_button, self->fin_button, self->rst_button, self->psh_button };

  gtk_toggle_button_set_active (self->sender0_button, FALSE);
  gtk_toggle_button_set_active (self->sender1_button, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (flags); i++)
    gtk_toggle_button_set_active (flags[i], FALSE);
  gtk_editable_set_text (self->seq_entry, "");
  gtk_editable_set_text (self->ack_entry, "");
  gtk_editable_set_text (self->len_entry, "");
  gtk_editable_set_text (self->win_entry, "");
  gtk_editable_set_text (self->time_entry, "");
  gtk_drop_down_set_selected (self->state_dropdown, 0);
}

/* What is asked now: the question's fields, or the score at the end. */
static void
show_question (HsQuizPanel *self)
{
  const HsQuizQuestion *q;
  guint index = 0;
  g_autofree char *heading = NULL;
  g_autofree char *prompt = NULL;

  stop_countdown (self);
  update_score (self);
  clear_inputs (self);
  q = current_question (self, &index);

  gtk_widget_set_visible (self->answer_box, q != NULL);
  gtk_widget_set_visible (self->countdown_button, q != NULL && self->presentation);

  if (self->quiz == NULL)
    {
      gboolean capture = self->session != NULL && hs_session_get_trace (self->session) != NULL &&
                         hs_session_get_scenario (self->session) == NULL;

      gtk_label_set_text (self->heading_label, _("Quiz"));
      /* (while a lesson is simulated there is nothing to say yet) */
      gtk_label_set_text (self->prompt_label,
                          capture ? _("Quiz mode asks about a lesson’s steps; a connection read from a capture has no lesson to ask from.")
                                  : "");
      return;
    }
  if (q == NULL)
    {
      gtk_label_set_text (self->heading_label, _("Quiz complete"));
      if (self->order->len == 0)
        prompt = g_strdup (_("This lesson has no step to ask about."));
      else
        /* Translators: at the end of a quiz */
        prompt = g_strdup_printf (_("You answered %u of %u questions right on the first try. Start again with the button above."),
                                  self->n_right, self->order->len);
      gtk_label_set_text (self->prompt_label, prompt);
      return;
    }

  /* Translators: "Question 3 of 11 · step 12": the step as numbered on screen */
  heading = g_strdup_printf (_("Question %u of %u · step %u"), self->current + 1, self->order->len, q->step + 1);
  gtk_label_set_text (self->heading_label, heading);
  prompt = hs_quiz_format_prompt (self->quiz, index, TRUE);
  gtk_label_set_text (self->prompt_label, prompt);

  gtk_widget_set_visible (gtk_widget_get_parent (self->sender_box), (q->fields & HS_QUIZ_FIELD_SENDER) != 0);
  gtk_widget_set_visible (gtk_widget_get_parent (self->flags_box), (q->fields & HS_QUIZ_FIELD_FLAGS) != 0);
  gtk_widget_set_visible (gtk_widget_get_parent (self->seq_box), (q->fields & HS_QUIZ_FIELD_SEQ) != 0);
  gtk_widget_set_visible (gtk_widget_get_parent (self->ack_box), (q->fields & HS_QUIZ_FIELD_ACK) != 0);
  gtk_widget_set_visible (gtk_widget_get_parent (self->len_box), (q->fields & HS_QUIZ_FIELD_LEN) != 0);
  gtk_widget_set_visible (gtk_widget_get_parent (self->win_box), (q->fields & HS_QUIZ_FIELD_WINDOW) != 0);
  gtk_widget_set_visible (gtk_widget_get_parent (self->state_box), (q->fields & HS_QUIZ_FIELD_STATE) != 0);
  gtk_widget_set_visible (gtk_widget_get_parent (self->time_box), (q->fields & HS_QUIZ_FIELD_TIME) != 0);

  if (q->fields & HS_QUIZ_FIELD_SENDER)
    {
      HsTrace *trace = hs_quiz_get_trace (self->quiz);

      gtk_button_set_label (GTK_BUTTON (self->sender0_button), hs_ui_endpoint_label (trace, 0));
      gtk_button_set_label (GTK_BUTTON (self->sender1_button), hs_ui_endpoint_label (trace, 1));
    }
}

/* The playhead may not pass the question's step. */
static void
clamp_position (HsQuizPanel *self)
{
  if (self->session == NULL || self->clamping || !self->active)
    return;
  if (hs_session_get_position (self->session) > self->limit)
    {
      self->clamping = TRUE;
      hs_session_set_position (self->session, self->limit);
      self->clamping = FALSE;
    }
}

static void
update_limit (HsQuizPanel *self)
{
  const HsQuizQuestion *q;
  guint index, limit;

  q = self->active ? current_question (self, &index) : NULL;
  limit = q != NULL ? q->step : G_MAXUINT;
  if (limit != self->limit)
    {
      self->limit = limit;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIMIT]);
    }
  clamp_position (self);
}

static int
compare_steps (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  HsQuiz *quiz = user_data;
  guint sa = hs_quiz_get_question (quiz, *(const guint *) a)->step;
  guint sb = hs_quiz_get_question (quiz, *(const guint *) b)->step;

  return sa < sb ? -1 : sa > sb;
}

/* The lesson as it is, kept to draw variants from: their numbers are
 * scaled from the lesson's, not from the last variant's. */
static void
keep_base (HsQuizPanel *self,
           HsScenario  *scenario)
{
  g_autofree char *data = NULL;
  g_autofree char *origin = NULL;
  gsize len;

  g_clear_object (&self->base);
  if (scenario == NULL)
    return;
  data = hs_scenario_to_data (scenario, &len);
  origin = g_strdup_printf ("%s.lesson", hs_scenario_get_id (scenario));
  self->base = hs_scenario_new_from_data (hs_scenario_get_id (scenario), origin, data, len, NULL);
}

/* A new quiz on the session's trace, from the first step. */
static void
restart (HsQuizPanel *self)
{
  HsTrace *trace = self->session != NULL ? hs_session_get_trace (self->session) : NULL;
  HsScenario *scenario = self->session != NULL ? hs_session_get_scenario (self->session) : NULL;

  /* a trace the quiz did not ask for: a new lesson, or the teacher's change */
  if (!self->awaiting_variant && self->active)
    keep_base (self, scenario);
  self->awaiting_variant = FALSE;

  g_clear_object (&self->quiz);
  g_array_set_size (self->order, 0);
  self->current = 0;
  self->n_answered = 0;
  self->n_right = 0;
  set_feedback (self, NULL);

  if (self->active && trace != NULL && scenario != NULL)
    {
      g_autoptr(GError) error = NULL;

      self->quiz = hs_quiz_new (trace, scenario, &error);
      if (self->quiz == NULL)
        set_feedback (self, error->message);
      else
        {
          for (guint i = 0; i < hs_quiz_get_n_questions (self->quiz); i++)
            g_array_append_val (self->order, i);
          g_array_sort_with_data (self->order, compare_steps, self->quiz);
        }
    }

  show_question (self);
  update_limit (self);
  if (self->active && self->session != NULL && trace != NULL)
    hs_session_set_position (self->session, 0);
}

/* After an answer or a reveal: the asked step plays, the next question
 * comes. */
static void
advance (HsQuizPanel          *self,
         const HsQuizQuestion *q)
{
  guint step = q->step;

  self->current++;
  self->n_answered++;
  show_question (self);
  update_limit (self);
  if (self->session != NULL)
    hs_session_set_position (self->session, step + 1);
}

static gboolean
read_number (GtkEditable *entry,
             guint64     *value,
             char       **error)
{
  const char *text = gtk_editable_get_text (entry);

  if (hs_quiz_parse_number (text, value))
    return TRUE;
  /* Translators: feedback when a field holds something else than a number */
  *error = g_strdup_printf (_("“%s” is not a whole number: type digits only, such as 1001."), text);
  return FALSE;
}

/* The panel's inputs as an answer; FALSE with a sentence when one cannot
 * be read. */
static gboolean
read_answer (HsQuizPanel          *self,
             const HsQuizQuestion *q,
             HsQuizAnswer         *a,
             char                **error)
{
  memset (a, 0, sizeof *a);
  a->fields = q->fields;
  a->ack = HS_QUIZ_NONE;

  if (q->fields & HS_QUIZ_FIELD_SENDER)
    {
      if (gtk_toggle_button_get_active (self->sender0_button))
        a->sender = 0;
      else if (gtk_toggle_button_get_active (self->sender1_button))
        a->sender = 1;
      else
        a->fields &= ~HS_QUIZ_FIELD_SENDER;
    }
  a->flags = (gtk_toggle_button_get_active (self->syn_button) ? HS_TCP_SYN : 0) |
             (gtk_toggle_button_get_active (self->ack_button) ? HS_TCP_ACK : 0) |
             (gtk_toggle_button_get_active (self->fin_button) ? HS_TCP_FIN : 0) |
             (gtk_toggle_button_get_active (self->rst_button) ? HS_TCP_RST : 0) |
             (gtk_toggle_button_get_active (self->psh_button) ? HS_TCP_PSH : 0);
  if ((q->fields & HS_QUIZ_FIELD_SEQ) && !read_number (self->seq_entry, &a->seq, error))
    return FALSE;
  if ((q->fields & HS_QUIZ_FIELD_ACK) && !read_number (self->ack_entry, &a->ack, error))
    return FALSE;
  if ((q->fields & HS_QUIZ_FIELD_LEN) && !read_number (self->len_entry, &a->len, error))
    return FALSE;
  if ((q->fields & HS_QUIZ_FIELD_WINDOW) && !read_number (self->win_entry, &a->window, error))
    return FALSE;
  /* an empty seq is no answer, not "none": every segment has one */
  if (a->seq == HS_QUIZ_NONE)
    a->fields &= ~HS_QUIZ_FIELD_SEQ;
  a->state = gtk_drop_down_get_selected (self->state_dropdown);
  if ((q->fields & HS_QUIZ_FIELD_TIME) && !hs_quiz_parse_time (gtk_editable_get_text (self->time_entry), &a->time))
    {
      *error = g_strdup_printf (_("“%s” is not a time: type the milliseconds from the start, such as 1200 or 30.5."),
                                gtk_editable_get_text (self->time_entry));
      return FALSE;
    }
  return TRUE;
}

void
hs_quiz_panel_answer (HsQuizPanel        *self,
                      const HsQuizAnswer *answer)
{
  const HsQuizQuestion *q;
  g_autofree char *why = NULL;
  g_autofree char *text = NULL;
  guint index;

  g_return_if_fail (HS_IS_QUIZ_PANEL (self));
  g_return_if_fail (answer != NULL);

  q = current_question (self, &index);
  if (q == NULL)
    return;
  why = hs_quiz_explain (self->quiz, index, answer, self->absolute);
  if (why == NULL)
    {
      self->n_right++;
      /* Translators: feedback to a right answer; the narration of the
       * step, which now plays, says why */
      text = g_strdup (_("Right. The step plays now; its explanation is below the diagram."));
    }
  else
    /* Translators: feedback to a wrong answer: what the typed values would
     * have meant */
    text = g_strdup_printf (_("Not quite. %s"), why);
  set_feedback (self, text);
  advance (self, q);
}

void
hs_quiz_panel_reveal (HsQuizPanel *self)
{
  const HsQuizQuestion *q;
  g_autofree char *solution = NULL;
  g_autofree char *text = NULL;
  guint index;

  g_return_if_fail (HS_IS_QUIZ_PANEL (self));

  q = current_question (self, &index);
  if (q == NULL)
    return;
  solution = hs_quiz_format_solution (self->quiz, index, self->absolute);
  /* Translators: after "Reveal": the answer, e.g. "client → server: SYN, ACK; seq=0 ack=1" */
  text = g_strdup_printf (_("The answer: %s"), solution);
  set_feedback (self, text);
  advance (self, q);
}

/* Another attempt. A lesson with [Questions] Random=true is simulated
 * again with its own ISNs, MSS and payload sizes, and the quiz restarts
 * when that trace is in. */
static void
new_attempt (HsQuizPanel *self)
{
  if (self->active && self->session != NULL && self->base != NULL && hs_scenario_get_quiz_random (self->base))
    {
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) assignments = NULL;

      self->attempt++;
      assignments = hs_quiz_random_assignments (self->base, hs_scenario_get_seed (self->base) + self->attempt, &error);
      self->awaiting_variant = TRUE;
      if (assignments != NULL &&
          hs_session_set_parameters (self->session, (const char * const *) assignments, &error))
        return;
      self->awaiting_variant = FALSE;
      restart (self);
      set_feedback (self, error->message);
      return;
    }
  restart (self);
}

void
hs_quiz_panel_reset (HsQuizPanel *self)
{
  g_return_if_fail (HS_IS_QUIZ_PANEL (self));
  new_attempt (self);
}

static void
check_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  HsQuizPanel *self = HS_QUIZ_PANEL (widget);
  const HsQuizQuestion *q;
  g_autofree char *error = NULL;
  HsQuizAnswer a;
  guint index;

  q = current_question (self, &index);
  if (q == NULL)
    return;
  if (!read_answer (self, q, &a, &error))
    {
      set_feedback (self, error);
      return;
    }
  hs_quiz_panel_answer (self, &a);
}

static void
reveal_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  hs_quiz_panel_reveal (HS_QUIZ_PANEL (widget));
}

static void
reset_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  hs_quiz_panel_reset (HS_QUIZ_PANEL (widget));
}

static gboolean
countdown_cb (gpointer data)
{
  HsQuizPanel *self = data;
  g_autofree char *text = NULL;

  if (self->countdown_left > 0)
    self->countdown_left--;
  if (self->countdown_left == 0)
    {
      gtk_label_set_text (self->countdown_label, _("Time is up"));
      self->countdown_id = 0;
      return G_SOURCE_REMOVE;
    }
  text = g_strdup_printf ("%u:%02u", self->countdown_left / 60, self->countdown_left % 60);
  gtk_label_set_text (self->countdown_label, text);
  return G_SOURCE_CONTINUE;
}

static void
countdown_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  HsQuizPanel *self = HS_QUIZ_PANEL (widget);
  guint seconds = self->countdown_seconds;
  g_autofree char *text = g_strdup_printf ("%u:%02u", seconds / 60, seconds % 60);

  stop_countdown (self);
  self->countdown_left = seconds;
  gtk_label_set_text (self->countdown_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->countdown_label), TRUE);
  /* whole seconds a class reads off the screen, not an animation */
  self->countdown_id = g_timeout_add_seconds (1, countdown_cb, self);
}

static void
entry_activate_cb (HsQuizPanel *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "quiz.check", NULL);
}

static void
hs_quiz_panel_dispose (GObject *object)
{
  HsQuizPanel *self = HS_QUIZ_PANEL (object);

  stop_countdown (self);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->session);
  g_clear_object (&self->quiz);
  g_clear_object (&self->base);
  gtk_widget_dispose_template (GTK_WIDGET (self), HS_TYPE_QUIZ_PANEL);

  G_OBJECT_CLASS (hs_quiz_panel_parent_class)->dispose (object);
}

static void
hs_quiz_panel_finalize (GObject *object)
{
  HsQuizPanel *self = HS_QUIZ_PANEL (object);

  g_clear_pointer (&self->order, g_array_unref);
  g_clear_pointer (&self->feedback, g_free);

  G_OBJECT_CLASS (hs_quiz_panel_parent_class)->finalize (object);
}

static void
hs_quiz_panel_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  HsQuizPanel *self = HS_QUIZ_PANEL (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_ACTIVE:
      g_value_set_boolean (value, self->active);
      break;
    case PROP_ABSOLUTE:
      g_value_set_boolean (value, self->absolute);
      break;
    case PROP_LIMIT:
      g_value_set_uint (value, self->limit);
      break;
    case PROP_COUNTDOWN_SECONDS:
      g_value_set_uint (value, self->countdown_seconds);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_quiz_panel_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  HsQuizPanel *self = HS_QUIZ_PANEL (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      hs_quiz_panel_set_session (self, g_value_get_object (value));
      break;
    case PROP_ACTIVE:
      hs_quiz_panel_set_active (self, g_value_get_boolean (value));
      break;
    case PROP_ABSOLUTE:
      hs_quiz_panel_set_absolute (self, g_value_get_boolean (value));
      break;
    case PROP_COUNTDOWN_SECONDS:
      /* a countdown under way keeps the time it started with */
      if (self->countdown_seconds != g_value_get_uint (value))
        {
          self->countdown_seconds = g_value_get_uint (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_quiz_panel_class_init (HsQuizPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hs_quiz_panel_dispose;
  object_class->finalize = hs_quiz_panel_finalize;
  object_class->get_property = hs_quiz_panel_get_property;
  object_class->set_property = hs_quiz_panel_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, HS_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ABSOLUTE] =
    g_param_spec_boolean ("absolute", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LIMIT] =
    g_param_spec_uint ("limit", NULL, NULL, 0, G_MAXUINT, G_MAXUINT,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* "countdown-seconds": how long the countdown runs */
  properties[PROP_COUNTDOWN_SECONDS] =
    g_param_spec_uint ("countdown-seconds", NULL, NULL, 1, 3600, COUNTDOWN_SECONDS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "quiz.check", NULL, check_action);
  gtk_widget_class_install_action (widget_class, "quiz.reveal", NULL, reveal_action);
  gtk_widget_class_install_action (widget_class, "quiz.reset", NULL, reset_action);
  gtk_widget_class_install_action (widget_class, "quiz.countdown", NULL, countdown_action);

  hs_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/handshake/Handshake/hs-quiz-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, HsQuizPanel, heading_label);
  gtk_widget_class_bind_template_child (widget_class, HsQuizPanel, countdown_label);
  gtk_widget_class_bind_template_child (widget_class, HsQuizPanel, countdown_button);
  gtk_widget_class_bind_template_child (widget_class, HsQuizPanel, score_label);
  gtk_widget_class_bind_template_child (widget_class, HsQuizPanel, prompt_label);
  gtk_widget_class_bind_template_child (widget_class, HsQuizPanel, answer_box);
  gtk_widget_class_bind_template_child (widget_class, HsQuizPanel, sender_box);
  gtk_widget_class_bind_template_child (widget_class, HsQuizPanel, sender0_button);
  gtk_widget_class_bind_template_child (widget_class, HsQuizPanel, sender1_button);
  gtk_widget_class_bind_template_child (widget_class, HsQuizPanel, flags_box);
  gtk_widget_class_bind_template_child (widget_class, HsQuizPanel, syn_button);
  gtk_widget_class_bind_template_child (widget_class, HsQuizPanel, ack_button);
  gtk_widget_class_bind_template_child (widget_class, HsQuizPanel, fin_button);
  gtk_widget_class_bind_template_child (widget_class, HsQuizPanel, rst_button);
  gtk_widget_class_bind_template_child (widget_class, HsQuizPanel, psh_button);
  gtk_widget_class_bind_template_child (widget_class, HsQuizPanel, seq_box);
  gtk_widget_class_bind_template_child (widget_class, HsQuizPanel, seq_entry);
  gtk_widget_class_bind_template_child (widget_class, HsQuizPanel, ack_box);
  gtk_widget_class_bind_template_child (widget_class, HsQuizPanel, ack_entry);
  gtk_widget_class_bind_template_child (widget_class, HsQuizPanel, len_box);
  gtk_widget_class_bind_template_child (widget_class, HsQuizPanel, len_entry);
  gtk_widget_class_bind_template_child (widget_class, HsQuizPanel, win_box);
  gtk_widget_class_bind_template_child (widget_class, HsQuizPanel, win_entry);
  gtk_widget_class_bind_template_child (widget_class, HsQuizPanel, state_box);
  gtk_widget_class_bind_template_child (widget_class, HsQuizPanel, state_dropdown);
  gtk_widget_class_bind_template_child (widget_class, HsQuizPanel, time_box);
  gtk_widget_class_bind_template_child (widget_class, HsQuizPanel, time_entry);
  gtk_widget_class_bind_template_child (widget_class, HsQuizPanel, buttons_box);
  gtk_widget_class_bind_template_child (widget_class, HsQuizPanel, feedback_label);
  gtk_widget_class_bind_template_callback (widget_class, entry_activate_cb);

  gtk_widget_class_set_css_name (widget_class, "quizpanel");
}

static void
hs_quiz_panel_init (HsQuizPanel *self)
{
  self->order = g_array_new (FALSE, FALSE, sizeof (guint));
  self->limit = G_MAXUINT;
  self->countdown_seconds = COUNTDOWN_SECONDS;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* connected once; set_session() only moves the group to another session */
  self->session_signals = g_signal_group_new (HS_TYPE_SESSION);
  g_signal_group_connect_swapped (self->session_signals, "notify::trace", G_CALLBACK (restart), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::position", G_CALLBACK (clamp_position), self);
  show_question (self);
}

GtkWidget *
hs_quiz_panel_new (void)
{
  return g_object_new (HS_TYPE_QUIZ_PANEL, NULL);
}

HsSession *
hs_quiz_panel_get_session (HsQuizPanel *self)
{
  g_return_val_if_fail (HS_IS_QUIZ_PANEL (self), NULL);
  return self->session;
}

void
hs_quiz_panel_set_session (HsQuizPanel *self,
                           HsSession   *session)
{
  g_return_if_fail (HS_IS_QUIZ_PANEL (self));
  g_return_if_fail (session == NULL || HS_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;
  g_signal_group_set_target (self->session_signals, session);
  restart (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

gboolean
hs_quiz_panel_get_active (HsQuizPanel *self)
{
  g_return_val_if_fail (HS_IS_QUIZ_PANEL (self), FALSE);
  return self->active;
}

void
hs_quiz_panel_set_active (HsQuizPanel *self,
                          gboolean     active)
{
  g_return_if_fail (HS_IS_QUIZ_PANEL (self));

  active = !!active;
  if (self->active == active)
    return;
  self->active = active;
  restart (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
}

void
hs_quiz_panel_set_presentation (HsQuizPanel *self,
                                gboolean     presentation)
{
  g_return_if_fail (HS_IS_QUIZ_PANEL (self));

  self->presentation = !!presentation;
  if (presentation)
    gtk_widget_add_css_class (GTK_WIDGET (self), "presentation");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "presentation");
  gtk_widget_set_visible (self->countdown_button, presentation && self->quiz != NULL && self->current < self->order->len);
  if (!presentation)
    stop_countdown (self);
}

void
hs_quiz_panel_set_absolute (HsQuizPanel *self,
                            gboolean     absolute)
{
  g_return_if_fail (HS_IS_QUIZ_PANEL (self));

  absolute = !!absolute;
  if (self->absolute == absolute)
    return;
  self->absolute = absolute;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ABSOLUTE]);
}

guint
hs_quiz_panel_get_limit (HsQuizPanel *self)
{
  g_return_val_if_fail (HS_IS_QUIZ_PANEL (self), G_MAXUINT);
  return self->limit;
}

HsQuiz *
hs_quiz_panel_get_quiz (HsQuizPanel *self)
{
  g_return_val_if_fail (HS_IS_QUIZ_PANEL (self), NULL);
  return self->quiz;
}

int
hs_quiz_panel_get_question (HsQuizPanel *self)
{
  guint index;

  g_return_val_if_fail (HS_IS_QUIZ_PANEL (self), -1);
  return current_question (self, &index) != NULL ? (int) index : -1;
}

guint
hs_quiz_panel_get_score (HsQuizPanel *self,
                         guint       *n_answered)
{
  g_return_val_if_fail (HS_IS_QUIZ_PANEL (self), 0);
  if (n_answered != NULL)
    *n_answered = self->n_answered;
  return self->n_right;
}

const char *
hs_quiz_panel_get_feedback (HsQuizPanel *self)
{
  g_return_val_if_fail (HS_IS_QUIZ_PANEL (self), NULL);
  return self->feedback;
}

const char *
hs_quiz_panel_get_prompt (HsQuizPanel *self)
{
  g_return_val_if_fail (HS_IS_QUIZ_PANEL (self), NULL);
  return gtk_label_get_text (self->prompt_label);
}
