/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-window-quiz.c: the window's quiz mode: its toggle (win.quiz, F7),
 * remembered per lesson in GSettings; the quiz panel under the diagram;
 * the diagram and the step list held at the question not yet answered;
 * the teacher's reveal key (win.quiz-reveal, Ctrl+R). */

#define G_LOG_DOMAIN "hs-window"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-window-private.h"

#define QUIZ_LESSONS_KEY "quiz-lessons"

gboolean
_hs_window_get_quiz (HsWindow *self)
{
  return self->quiz_panel != NULL && hs_quiz_panel_get_active (self->quiz_panel);
}

static gboolean
remembered (HsWindow   *self,
            const char *lesson)
{
  g_auto(GStrv) lessons = g_settings_get_strv (self->settings, QUIZ_LESSONS_KEY);

  return lesson != NULL && g_strv_contains ((const char * const *) lessons, lesson);
}

static void
remember (HsWindow   *self,
          const char *lesson,
          gboolean    on)
{
  g_auto(GStrv) lessons = g_settings_get_strv (self->settings, QUIZ_LESSONS_KEY);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) updated = NULL;

  if (lesson == NULL || remembered (self, lesson) == on)
    return;
  for (guint i = 0; lessons[i] != NULL; i++)
    if (!g_str_equal (lessons[i], lesson))
      g_strv_builder_add (builder, lessons[i]);
  if (on)
    g_strv_builder_add (builder, lesson);
  updated = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, QUIZ_LESSONS_KEY, (const char * const *) updated);
}

void
_hs_window_update_quiz (HsWindow *self)
{
  gboolean active = _hs_window_get_quiz (self);
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "quiz");

  gtk_revealer_set_reveal_child (self->quiz_revealer, active);
  hs_quiz_panel_set_presentation (self->quiz_panel, self->presentation);
  if (action != NULL)
    g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_boolean (active));
}

/* The diagram ends where the quiz holds the playhead (it draws no further
 * than the playhead anyway); the step list ends at the playhead, so that
 * no narration of a step still to come is shown. */
static void
limit_changed_cb (HsWindow *self)
{
  guint limit = hs_quiz_panel_get_limit (self->quiz_panel);
  guint position = hs_session_get_position (self->session);

  hs_diagram_view_set_limit (self->diagram_view, limit);
  hs_step_list_set_limit (self->step_list, _hs_window_get_quiz (self) ? MIN (position, limit) : G_MAXUINT);
}

static void
set_quiz (HsWindow *self,
          gboolean  active)
{
  hs_quiz_panel_set_active (self->quiz_panel, active);
  limit_changed_cb (self);
  _hs_window_update_quiz (self);
}

static void
quiz_change_state (GSimpleAction *action,
                   GVariant      *state,
                   gpointer       user_data)
{
  HsWindow *self = HS_WINDOW (user_data);
  gboolean active = g_variant_get_boolean (state);

  set_quiz (self, active);
  remember (self, self->lesson, active);
}

static void
quiz_reveal_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  HsWindow *self = HS_WINDOW (user_data);

  if (_hs_window_get_quiz (self))
    hs_quiz_panel_reveal (self->quiz_panel);
}

/* Another lesson: quiz mode as it was last left for that one. */
static void
trace_changed_cb (HsWindow *self)
{
  if (g_strcmp0 (self->quiz_lesson, self->lesson) == 0)
    return;
  g_free (self->quiz_lesson);
  self->quiz_lesson = g_strdup (self->lesson);
  set_quiz (self, remembered (self, self->lesson));
}

static const GActionEntry quiz_entries[] = {
  { "quiz", NULL, NULL, "false", quiz_change_state },
  { "quiz-reveal", quiz_reveal_activated, NULL, NULL, NULL },
};

void
_hs_window_init_quiz (HsWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), quiz_entries, G_N_ELEMENTS (quiz_entries), self);

  g_settings_bind (self->settings, "show-absolute-numbers", self->quiz_panel, "absolute", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "quiz-countdown", self->quiz_panel, "countdown-seconds", G_SETTINGS_BIND_GET);
  g_signal_connect_object (self->quiz_panel, "notify::limit", G_CALLBACK (limit_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::trace", G_CALLBACK (trace_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::position", G_CALLBACK (limit_changed_cb), self, G_CONNECT_SWAPPED);
  hs_quiz_panel_set_session (self->quiz_panel, self->session);
  limit_changed_cb (self);
  _hs_window_update_quiz (self);
}
