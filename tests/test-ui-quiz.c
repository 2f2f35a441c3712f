/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ui-quiz.c: quiz mode in a real window under Xvfb: the next step's
 * segment is not drawn and its narration is not listed until the question
 * is answered or revealed; answers, score, reset, presentation mode, and
 * quiz mode remembered per lesson. Without a display the cases skip. */

#include "config.h"

#include <string.h>

#include <gtk/gtk.h>

#include "hs-application.h"
#include "hs-diagram-view-private.h"
#include "hs-diagram-view.h"
#include "hs-narration.h"
#include "hs-quiz-panel.h"
#include "hs-session.h"
#include "hs-step-list.h"
#include "hs-window.h"
#include "hs-test-ui.h"

#define LESSON "three-way-handshake"

static GtkApplication *app;

typedef struct
{
  HsWindow    *window;
  HsSession   *session;
  HsQuizPanel *panel;
} Fixture;

static void
activate (Fixture    *f,
          const char *action,
          GVariant   *param)
{
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (f->window), action));
  g_action_group_activate_action (G_ACTION_GROUP (f->window), action, param);
}

static gboolean
quiz_on (Fixture *f)
{
  g_autoptr(GVariant) state = g_action_group_get_action_state (G_ACTION_GROUP (f->window), "quiz");

  return g_variant_get_boolean (state);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  if (hs_test_ui_skip (app))
    return;
  f->window = hs_test_window_open (app, LESSON, 0, 0);
  f->session = hs_window_get_session (f->window);
  f->panel = HS_QUIZ_PANEL (hs_window_get_quiz_panel (f->window));
  if (!quiz_on (f))
    activate (f, "quiz", NULL);
  g_assert_true (quiz_on (f));
  hs_test_iterate (100);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->window == NULL)
    return;
  gtk_window_destroy (GTK_WINDOW (f->window));
  hs_test_iterate (50);
}

/* How many pixels of the diagram, as drawn now, differ from its background
 * inside the label of @segment's arrow. */
/* The view drawn for the playhead as it is now: laid out, allocated and
 * done animating (slow under the sanitizers). */
static gboolean
view_ready (gpointer data)
{
  Fixture *f = data;
  HsDiagramView *view = HS_DIAGRAM_VIEW (hs_window_get_diagram_view (f->window));

  return gtk_widget_get_mapped (GTK_WIDGET (view)) && gtk_widget_get_width (GTK_WIDGET (view)) > 0 &&
         hs_diagram_view_get_layout (view) != NULL && !hs_diagram_view_get_laying_out (view) &&
         !hs_diagram_view_get_animating (view) && hs_diagram_view_get_settled (view);
}

static guint
ink_in_label (Fixture *f,
              guint    segment)
{
  HsDiagramView *view = HS_DIAGRAM_VIEW (hs_window_get_diagram_view (f->window));
  HsDiagramLayout *layout;
  const HsDiagramArrow *arrow;
  const HsDiagramStyle *style;
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (view));
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guchar *pixels = NULL;
  double scale;
  int w, h;
  int x0, y0, x1, y1;
  guint ink = 0;
  guchar bg[3];

  g_assert_true (hs_test_iterate_until (view_ready, f, 30000));
  /* the paintable is empty until the view has been drawn once as it is
   * now: slow under the sanitizers */
  for (guint i = 0; i < 300 && node == NULL; i++)
    {
      g_autoptr(GtkSnapshot) attempt = gtk_snapshot_new ();

      if (i > 0)
        hs_test_iterate (100);
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (attempt), gtk_widget_get_width (GTK_WIDGET (view)),
                              gtk_widget_get_height (GTK_WIDGET (view)));
      node = gtk_snapshot_free_to_node (g_steal_pointer (&attempt));
    }
  g_assert_nonnull (node);

  /* read only now: waiting may have replaced the layout */
  layout = hs_diagram_view_get_layout (view);
  arrow = hs_diagram_layout_find_arrow (layout, segment);
  style = hs_diagram_layout_get_style (layout);
  scale = _hs_diagram_view_get_scale (view);
  w = gtk_widget_get_width (GTK_WIDGET (view));
  h = gtk_widget_get_height (GTK_WIDGET (view));
  bg[0] = style->background.red * 255 + 0.5;
  bg[1] = style->background.green * 255 + 0.5;
  bg[2] = style->background.blue * 255 + 0.5;
  g_assert_nonnull (arrow);
  g_assert_cmpfloat (arrow->label.width, >, 0);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (f->window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, w, h));
  pixels = g_malloc (w * h * 4);
  gdk_texture_download (texture, pixels, w * 4);

  x0 = CLAMP ((int) (arrow->label.x * scale - _hs_diagram_view_viewport_x (view)), 0, w);
  y0 = CLAMP ((int) (arrow->label.y * scale - _hs_diagram_view_viewport_y (view)), 0, h);
  x1 = CLAMP ((int) ((arrow->label.x + arrow->label.width) * scale - _hs_diagram_view_viewport_x (view)), 0, w);
  y1 = CLAMP ((int) ((arrow->label.y + arrow->label.height) * scale - _hs_diagram_view_viewport_y (view)), 0, h);
  g_assert_cmpint (x1 - x0, >, 4);
  g_assert_cmpint (y1 - y0, >, 4);
  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      {
        /* GDK_MEMORY_DEFAULT: B, G, R, A premultiplied */
        const guchar *p = pixels + y * w * 4 + x * 4;

        /* text: dark on the light style's background; the playhead's
         * dashed line, which may cross the label, is lighter */
        if (0.2126 * p[2] + 0.7152 * p[1] + 0.0722 * p[0] < 90 &&
            (ABS (p[2] - bg[0]) > 40 || ABS (p[1] - bg[1]) > 40 || ABS (p[0] - bg[2]) > 40))
          ink++;
      }
  return ink;
}

/* Whether the step list lists the narration of @step. */
static gboolean
listed (Fixture *f,
        guint    step)
{
  GListModel *steps = hs_step_list_get_steps (HS_STEP_LIST (hs_window_get_step_list (f->window)));
  g_autofree char *sentence = hs_narration_format_step (hs_session_get_trace (f->session), step);

  for (guint i = 0; i < g_list_model_get_n_items (steps); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (steps, i);
      g_autofree char *text = NULL;

      g_object_get (item, "sentence", &text, NULL);
      if (g_strcmp0 (text, sentence) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
answer_right (Fixture *f)
{
  HsQuizAnswer a;

  hs_quiz_get_solution (hs_quiz_panel_get_quiz (f->panel), hs_quiz_panel_get_question (f->panel), FALSE, &a);
  hs_quiz_panel_answer (f->panel, &a);
}

static void
test_hidden_until_answered (Fixture       *f,
                            gconstpointer  data)
{
  HsQuiz *quiz;
  const HsQuizQuestion *q;
  guint segment;

  g_test_summary ("In quiz mode the asked step's segment is not drawn and its narration is not in the "
                  "step list, however far the playhead is pushed, until the question is answered");

  if (f->window == NULL)
    return;
  quiz = hs_quiz_panel_get_quiz (f->panel);
  g_assert_nonnull (quiz);
  g_assert_cmpint (hs_quiz_panel_get_question (f->panel), ==, 0);
  q = hs_quiz_get_question (quiz, 0);
  segment = q->segment;
  g_assert_cmpuint (hs_quiz_panel_get_limit (f->panel), ==, q->step);

  /* pushed forward, to the end and by the timeline: held at the question */
  for (guint i = 0; i < 10; i++)
    activate (f, "step-forward", NULL);
  g_assert_cmpuint (hs_session_get_position (f->session), ==, q->step);
  activate (f, "go-end", NULL);
  g_assert_cmpuint (hs_session_get_position (f->session), ==, q->step);
  hs_session_set_position (f->session, hs_session_get_n_steps (f->session));
  g_assert_cmpuint (hs_session_get_position (f->session), ==, q->step);
  hs_test_iterate (300);

  g_assert_cmpuint (g_list_model_get_n_items (hs_step_list_get_steps (HS_STEP_LIST (hs_window_get_step_list (f->window)))),
                    ==, q->step);
  g_assert_false (listed (f, q->step));
  g_assert_true (listed (f, q->step - 1));
  g_assert_cmpuint (ink_in_label (f, segment), ==, 0);

  answer_right (f);
  g_assert_cmpuint (hs_session_get_position (f->session), ==, q->step + 1);
  hs_test_iterate (1500);
  g_assert_true (listed (f, q->step));
  /* the list ends at the playhead: the step after it is not told yet */
  g_assert_false (listed (f, q->step + 1));
  g_assert_cmpuint (ink_in_label (f, segment), >, 20);

  /* the next question's segment is still hidden */
  q = hs_quiz_get_question (quiz, hs_quiz_panel_get_question (f->panel));
  g_assert_false (listed (f, q->step));
  g_assert_cmpuint (ink_in_label (f, q->segment), ==, 0);
}

static void
test_answers_and_score (Fixture       *f,
                        gconstpointer  data)
{
  HsQuizAnswer a;
  guint n, right;
  const char *feedback;

  g_test_summary ("A right answer, a wrong one explained, a reveal: the score counts first-try right "
                  "answers, shows at the end and resets");

  if (f->window == NULL)
    return;
  answer_right (f);
  feedback = hs_quiz_panel_get_feedback (f->panel);
  g_assert_true (g_str_has_prefix (feedback, "Right."));
  right = hs_quiz_panel_get_score (f->panel, &n);
  g_assert_cmpuint (right, ==, 1);
  g_assert_cmpuint (n, ==, 1);

  /* the SYN+ACK: ack = the SYN's own number (relative 0) */
  hs_quiz_get_solution (hs_quiz_panel_get_quiz (f->panel), hs_quiz_panel_get_question (f->panel), FALSE, &a);
  g_assert_cmpuint (a.ack, ==, 1);
  a.ack = 0;
  hs_quiz_panel_answer (f->panel, &a);
  feedback = hs_quiz_panel_get_feedback (f->panel);
  g_assert_nonnull (strstr (feedback, "ack = 0 would acknowledge nothing new: the SYN uses one sequence number"));
  right = hs_quiz_panel_get_score (f->panel, &n);
  g_assert_cmpuint (right, ==, 1);
  g_assert_cmpuint (n, ==, 2);

  /* the teacher's key reveals */
  activate (f, "quiz-reveal", NULL);
  g_assert_true (g_str_has_prefix (hs_quiz_panel_get_feedback (f->panel), "The answer: client → server: ACK; seq=1 ack=1"));
  right = hs_quiz_panel_get_score (f->panel, &n);
  g_assert_cmpuint (right, ==, 1);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpint (hs_quiz_panel_get_question (f->panel), ==, -1);
  g_assert_nonnull (strstr (hs_quiz_panel_get_prompt (f->panel), "You answered 1 of 3 questions right on the first try"));
  /* nothing is held back any more */
  activate (f, "go-end", NULL);
  g_assert_cmpuint (hs_session_get_position (f->session), ==, hs_session_get_n_steps (f->session));

  hs_quiz_panel_reset (f->panel);
  right = hs_quiz_panel_get_score (f->panel, &n);
  g_assert_cmpuint (right + n, ==, 0);
  g_assert_cmpuint (hs_session_get_position (f->session), ==, 0);
  g_assert_cmpint (hs_quiz_panel_get_question (f->panel), ==, 0);
}

static gboolean
lesson_is (gpointer data)
{
  Fixture *f = data;

  return !hs_session_get_simulating (f->session);
}

static void
test_remembered (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.handshake.Handshake");
  g_auto(GStrv) lessons = g_settings_get_strv (settings, "quiz-lessons");
  g_autoptr(GError) error = NULL;

  g_test_summary ("Quiz mode is remembered per lesson: another lesson opens without it, this one with it");

  if (f->window == NULL)
    return;
  g_assert_true (g_strv_contains ((const char * const *) lessons, LESSON));
  g_assert_true (hs_window_open_lesson (f->window, "four-way-close", &error));
  g_assert_no_error (error);
  hs_test_iterate_until (lesson_is, f, 10000);
  g_assert_false (quiz_on (f));
  g_assert_cmpuint (hs_quiz_panel_get_limit (f->panel), ==, G_MAXUINT);
  activate (f, "go-end", NULL);
  g_assert_cmpuint (hs_session_get_position (f->session), ==, hs_session_get_n_steps (f->session));

  g_assert_true (hs_window_open_lesson (f->window, LESSON, &error));
  g_assert_no_error (error);
  hs_test_iterate_until (lesson_is, f, 10000);
  g_assert_true (quiz_on (f));
  g_assert_cmpuint (hs_session_get_position (f->session), ==, 0);

  /* turned off, it is forgotten */
  activate (f, "quiz", NULL);
  g_assert_false (quiz_on (f));
  g_strfreev (lessons);
  lessons = g_settings_get_strv (settings, "quiz-lessons");
  g_assert_false (g_strv_contains ((const char * const *) lessons, LESSON));
}

/* Whether a label showing @text is on screen in @widget's tree. */
static gboolean
label_shown (GtkWidget  *widget,
             const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (label_shown (child, text))
      return TRUE;
  return FALSE;
}

static void
test_presentation (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.handshake.Handshake");

  g_test_summary ("Presentation mode with quiz on shows the question large, with the teacher's countdown "
                  "of 30 s, or of what the Preferences say");

  if (f->window == NULL)
    return;
  activate (f, "presentation", NULL);
  g_assert_true (hs_window_get_presentation (f->window));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (f->panel), "presentation"));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (f->panel)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->panel), "quiz.countdown", NULL));
  HS_TEST_WAIT_FOR (label_shown (GTK_WIDGET (f->panel), "0:30"), 5000);
  g_assert_true (label_shown (GTK_WIDGET (f->panel), "0:30"));
  /* the Preferences' choice, for the next countdown */
  g_settings_set_uint (settings, "quiz-countdown", 90);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->panel), "quiz.countdown", NULL));
  HS_TEST_WAIT_FOR (label_shown (GTK_WIDGET (f->panel), "1:30"), 5000);
  g_assert_true (label_shown (GTK_WIDGET (f->panel), "1:30"));
  g_settings_reset (settings, "quiz-countdown");
  /* a run's summary would tell later steps: each step is told alone */
  activate (f, "step-forward", NULL);
  g_assert_null (hs_window_get_step_sentence (f->window));
  activate (f, "presentation", NULL);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (f->panel), "presentation"));
}

static const char random_lesson[] =
  "[Lesson]\n"
  "Title=Random numbers\n"
  "[Client]\n"
  "Script=connect; send 1000; close\n"
  "[Server]\n"
  "Script=listen; wait-for 1000 bytes; close\n"
  "[Questions]\n"
  "Random=true\n";

static void
test_random_variant (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(HsScenario) scenario = NULL;
  g_autoptr(GError) error = NULL;
  HsTrace *trace;
  guint32 isn;
  guint64 bytes = 0;

  g_test_summary ("With [Questions] Random=true, starting again draws another variant: other ISNs, "
                  "and the quiz starts over on it");

  if (f->window == NULL)
    return;
  scenario = hs_scenario_new_from_data ("random", "random.lesson", random_lesson, strlen (random_lesson), &error);
  g_assert_no_error (error);
  g_assert_true (hs_window_open_scenario (f->window, scenario, NULL, &error));
  g_assert_no_error (error);
  hs_test_iterate_until (lesson_is, f, 10000);
  if (!quiz_on (f))
    activate (f, "quiz", NULL);
  trace = hs_session_get_trace (f->session);
  isn = hs_trace_get_segment (trace, 0)->header.seq;
  answer_right (f);

  hs_quiz_panel_reset (f->panel);
  hs_test_iterate_until (lesson_is, f, 10000);
  trace = hs_session_get_trace (f->session);
  g_assert_cmpuint (hs_trace_get_segment (trace, 0)->header.seq, !=, isn);
  for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
    bytes += hs_trace_get_segment (trace, i)->len;
  /* the payload scaled by one factor: the server still gets all of it */
  g_assert_cmpuint (bytes, >=, 500);
  g_assert_cmpuint (bytes, <=, 1500);
  g_assert_cmpint (hs_trace_get_state_at (trace, hs_trace_get_n_steps (trace) - 1, 1), ==, HS_STATE_CLOSED);
  g_assert_true (quiz_on (f));
  g_assert_cmpint (hs_quiz_panel_get_question (f->panel), ==, 0);
  g_assert_cmpuint (hs_session_get_position (f->session), ==, 0);
  g_assert_true (hs_quiz_get_trace (hs_quiz_panel_get_quiz (f->panel)) == trace);
}

static gboolean
capture_shown (gpointer data)
{
  Fixture *f = data;

  return !hs_session_get_simulating (f->session) && hs_session_get_scenario (f->session) == NULL &&
         hs_session_get_trace (f->session) != NULL;
}

static void
test_capture (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "captures", "abort-rst.pcap", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  g_test_summary ("A capture has no lesson to ask from: quiz mode says so and holds nothing back");

  if (f->window == NULL)
    return;
  hs_window_open_file (f->window, file);
  g_assert_true (hs_test_iterate_until (capture_shown, f, 10000));
  if (!quiz_on (f))
    activate (f, "quiz", NULL);
  g_assert_true (quiz_on (f));
  g_assert_null (hs_session_get_scenario (f->session));
  g_assert_null (hs_quiz_panel_get_quiz (f->panel));
  g_assert_nonnull (strstr (hs_quiz_panel_get_prompt (f->panel), "capture"));
  g_assert_cmpuint (hs_quiz_panel_get_limit (f->panel), ==, G_MAXUINT);
  activate (f, "go-end", NULL);
  g_assert_cmpuint (hs_session_get_position (f->session), ==, hs_session_get_n_steps (f->session));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  hs_test_ui_init (&argc, &argv);

  g_test_add ("/ui/quiz/hidden-until-answered", Fixture, NULL, fixture_set_up, test_hidden_until_answered, fixture_tear_down);
  g_test_add ("/ui/quiz/answers-and-score", Fixture, NULL, fixture_set_up, test_answers_and_score, fixture_tear_down);
  g_test_add ("/ui/quiz/remembered", Fixture, NULL, fixture_set_up, test_remembered, fixture_tear_down);
  g_test_add ("/ui/quiz/random-variant", Fixture, NULL, fixture_set_up, test_random_variant, fixture_tear_down);
  g_test_add ("/ui/quiz/capture", Fixture, NULL, fixture_set_up, test_capture, fixture_tear_down);
  g_test_add ("/ui/quiz/presentation", Fixture, NULL, fixture_set_up, test_presentation, fixture_tear_down);

  app = hs_test_ui_app_new ();

  status = g_test_run ();

  g_clear_object (&app);
  return status;
}
