/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-window-simulation.c: what the window shows while the session
 * simulates in its thread and while the diagram view lays a long trace out
 * in another (progress and a Cancel button in the diagram's place, after
 * a moment), when either is cancelled, and when a trace was cut short by
 * the step limit. */

#define G_LOG_DOMAIN "hs-window"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-simulator.h"
#include "hs-ui.h"
#include "hs-window-private.h"

/* A simulation shorter than this shows nothing but its result: a card
 * that flashes up and away would only distract. */
#define SHOW_PROGRESS_AFTER_US  (300 * G_TIME_SPAN_MILLISECOND)
/* The numbers change at most this often: they are read, not watched. */
#define UPDATE_PROGRESS_EVERY_US (100 * G_TIME_SPAN_MILLISECOND)
/* The diagram of the trace shown, behind the card: still there, not current. */
#define BEHIND_CARD_OPACITY 0.35

static void
set_action_enabled (HsWindow   *self,
                    const char *name,
                    gboolean    enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

  if (action != NULL)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

static void
update_progress (HsWindow *self)
{
  HsSimulatorProgress progress;
  g_autofree char *now = NULL;
  g_autofree char *steps = NULL;
  g_autofree char *text = NULL;
  gulong n;
  double fraction = 0;

  if (!hs_session_get_progress (self->session, &progress))
    return;

  now = hs_ui_format_time (progress.now);
  steps = hs_ui_format_count (progress.n_steps);
  n = (gulong) MIN (progress.n_steps, G_MAXULONG);
  if (progress.duration > 0)
    {
      g_autofree char *duration = hs_ui_format_time (progress.duration);

      /* Translators: while a long lesson is simulated: "12 s of 60 s of simulated time, 1,234,567 steps" */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s of %s of simulated time, %s step",
                                           "%s of %s of simulated time, %s steps", n),
                              now, duration, steps);
      fraction = (double) progress.now / progress.duration;
    }
  else
    /* Translators: while a long lesson is simulated: "12 s of simulated time, 1,234,567 steps" */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s of simulated time, %s step",
                                         "%s of simulated time, %s steps", n),
                            now, steps);
  /* the step limit ends every run: the bar moves even without a duration */
  if (progress.max_steps > 0)
    fraction = MAX (fraction, (double) progress.n_steps / progress.max_steps);

  gtk_label_set_text (self->simulation_label, text);
  gtk_progress_bar_set_fraction (self->simulation_bar, CLAMP (fraction, 0.0, 1.0));
}

static gboolean
drawing (HsWindow *self)
{
  return hs_diagram_view_get_laying_out (self->diagram_view) &&
         g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "diagram") == 0;
}

/* The card says what is being waited for: the simulation comes first, and
 * the layout of its trace may follow in the same card. */
static void
set_card_mode (HsWindow *self,
               gboolean  simulating)
{
  if (self->card_simulating == simulating && gtk_label_get_text (self->simulation_title)[0] != '\0')
    return;
  self->card_simulating = simulating;
  gtk_label_set_text (self->simulation_title, simulating ? _("Simulating…") : _("Drawing the diagram…"));
  gtk_widget_set_visible (GTK_WIDGET (self->simulation_bar), simulating);
  gtk_widget_set_visible (GTK_WIDGET (self->simulation_label), simulating);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->simulation_cancel),
                                  simulating ? "win.cancel-simulation" : "win.cancel-drawing");
  gtk_widget_set_tooltip_text (self->simulation_cancel,
                               simulating ? _("Stop the Simulation (Esc)") : _("Stop Drawing the Diagram (Esc)"));
}

static void
show_card (HsWindow *self,
           gboolean  show)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (show == gtk_widget_get_visible (self->simulation_card))
    return;
  /* the keyboard leaves the button before it goes */
  if (!show && focus == self->simulation_cancel)
    gtk_widget_grab_focus (GTK_WIDGET (self->diagram_view));
  gtk_widget_set_visible (self->simulation_card, show);
  gtk_spinner_set_spinning (self->simulation_spinner, show);
  gtk_widget_set_opacity (GTK_WIDGET (self->main_stack), show ? BEHIND_CARD_OPACITY : 1.0);
  if (show)
    {
      update_progress (self);
      /* the diagram behind the card is not current: the keyboard goes to
       * the card's button (Escape cancels from anywhere too) */
      if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->main_stack)))
        gtk_widget_grab_focus (self->simulation_cancel);
    }
}

static gboolean
simulation_tick_cb (GtkWidget     *widget,
                    GdkFrameClock *clock,
                    gpointer       user_data)
{
  HsWindow *self = HS_WINDOW (widget);
  gint64 now = gdk_frame_clock_get_frame_time (clock);
  gboolean simulating = hs_session_get_simulating (self->session);

  /* Checked here rather than when the simulation ends: its trace is laid
   * out in the next frame, and the card goes on to say so without going
   * away and coming back. */
  if (!simulating && !drawing (self))
    {
      self->simulation_tick_id = 0;
      show_card (self, FALSE);
      return G_SOURCE_REMOVE;
    }
  if (self->simulation_started == 0)
    self->simulation_started = now;

  if (!gtk_widget_get_visible (self->simulation_card))
    {
      if (now - self->simulation_started >= SHOW_PROGRESS_AFTER_US)
        {
          set_card_mode (self, simulating);
          show_card (self, TRUE);
          self->simulation_updated = now;
        }
    }
  else
    {
      set_card_mode (self, simulating);
      if (simulating && now - self->simulation_updated >= UPDATE_PROGRESS_EVERY_US)
        {
          update_progress (self);
          self->simulation_updated = now;
        }
    }
  return G_SOURCE_CONTINUE;
}

static void
update_pages (HsWindow *self)
{
  gtk_widget_set_visible (self->cancelled_page,
                          self->simulation_cancelled && !hs_session_get_simulating (self->session) &&
                          hs_session_get_trace (self->session) == NULL);
  gtk_widget_set_visible (self->undrawn_page,
                          hs_diagram_view_get_layout_cancelled (self->diagram_view) &&
                          g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "diagram") == 0);
}

/* Hides the card at once when nothing is waited for: after a cancel. */
static void
stop_waiting (HsWindow *self)
{
  if (hs_session_get_simulating (self->session) || drawing (self))
    return;
  if (self->simulation_tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->simulation_tick_id);
      self->simulation_tick_id = 0;
    }
  show_card (self, FALSE);
}

static void
busy_changed_cb (HsWindow *self)
{
  gboolean simulating = hs_session_get_simulating (self->session);

  set_action_enabled (self, "cancel-simulation", simulating);
  set_action_enabled (self, "cancel-drawing", drawing (self));
  if (simulating)
    self->simulation_cancelled = FALSE;
  /* the frame clock times the delay and paces the numbers; the threads
   * never touch a widget */
  if ((simulating || drawing (self)) && self->simulation_tick_id == 0)
    {
      self->simulation_started = 0;
      self->simulation_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), simulation_tick_cb, NULL, NULL);
    }
  update_pages (self);
}

static void
simulation_failed_cb (HsWindow   *self,
                      const char *message)
{
  _hs_window_toast (self, message);
}

static void
trace_changed_cb (HsWindow *self)
{
  HsTrace *trace = hs_session_get_trace (self->session);
  guint64 max_steps = 0;
  HsTime at = 0;

  update_pages (self);

  if (trace != NULL && hs_simulator_trace_is_truncated (trace, &max_steps, &at))
    {
      g_autofree char *steps = hs_ui_format_count (max_steps);
      g_autofree char *time = hs_ui_format_time (at);
      g_autofree char *text = NULL;

      /* Translators: above the narration when a lesson ran into the step
       * limit: "The simulation stopped at its limit of 4,000,000 steps, at
       * 12 s of simulated time: what the lesson does after that is not shown." */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "The simulation stopped at its limit of %s step, at %s of simulated time: what the lesson does after that is not shown.",
                                           "The simulation stopped at its limit of %s steps, at %s of simulated time: what the lesson does after that is not shown.",
                                           (gulong) MIN (max_steps, G_MAXULONG)),
                              steps, time);
      gtk_label_set_text (self->truncated_label, text);
      gtk_revealer_set_reveal_child (self->truncated_revealer, TRUE);
    }
  else
    gtk_revealer_set_reveal_child (self->truncated_revealer, FALSE);
}

/* The sidebar marks the lesson shown, which a cancel may have put back. */
static void
mark_shown_lesson (HsWindow *self)
{
  const char *lesson;

  if (hs_session_get_scenario (self->session) == NULL)
    return;
  lesson = hs_session_get_path (self->session) != NULL ? hs_session_get_path (self->session)
                                                       : hs_session_get_lesson_id (self->session);
  if (g_strcmp0 (lesson, self->lesson) == 0)
    return;
  g_free (self->lesson);
  self->lesson = g_strdup (lesson);
  hs_lesson_sidebar_set_current (self->sidebar, self->lesson);
  g_settings_set_string (self->settings, "last-lesson", self->lesson);
}

static void
cancel_simulation_action (GSimpleAction *action,
                          GVariant      *param,
                          gpointer       user_data)
{
  HsWindow *self = user_data;

  self->simulation_cancelled = TRUE;
  if (!hs_session_cancel (self->session))
    {
      self->simulation_cancelled = FALSE;
      return;
    }
  stop_waiting (self);
  update_pages (self);
  if (hs_session_get_trace (self->session) != NULL)
    {
      mark_shown_lesson (self);
      /* Translators: a toast after Cancel; the window shows what it showed before */
      _hs_window_toast (self, _("Simulation cancelled"));
    }
}

static void
cancel_drawing_action (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       user_data)
{
  HsWindow *self = user_data;

  hs_diagram_view_cancel_layout (self->diagram_view);
  stop_waiting (self);
}

static void
draw_diagram_action (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       user_data)
{
  HsWindow *self = user_data;

  hs_diagram_view_retry_layout (self->diagram_view);
}

/* After the first lesson was cancelled: the window still knows which it was. */
static void
run_again_action (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       user_data)
{
  HsWindow *self = user_data;
  g_autoptr(GError) error = NULL;

  if (self->lesson == NULL)
    return;
  if (!hs_window_open_lesson (self, self->lesson, &error))
    _hs_window_show_error (self, _("Could Not Open the Lesson"), error->message);
}

static const GActionEntry simulation_entries[] = {
  { "cancel-simulation", cancel_simulation_action },
  { "cancel-drawing", cancel_drawing_action },
  { "draw-diagram", draw_diagram_action },
  { "run-again", run_again_action },
};

gboolean
_hs_window_cancel_waiting (HsWindow *self)
{
  if (hs_session_get_simulating (self->session))
    g_action_group_activate_action (G_ACTION_GROUP (self), "cancel-simulation", NULL);
  else if (drawing (self))
    g_action_group_activate_action (G_ACTION_GROUP (self), "cancel-drawing", NULL);
  else
    return FALSE;
  return TRUE;
}

void
_hs_window_init_simulation (HsWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), simulation_entries, G_N_ELEMENTS (simulation_entries), self);

  g_signal_connect_object (self->session, "notify::simulating", G_CALLBACK (busy_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->diagram_view, "notify::laying-out", G_CALLBACK (busy_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->diagram_view, "notify::layout-cancelled", G_CALLBACK (update_pages), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->main_stack, "notify::visible-child-name", G_CALLBACK (busy_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::trace", G_CALLBACK (trace_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "simulation-failed", G_CALLBACK (simulation_failed_cb), self,
                           G_CONNECT_SWAPPED);
  busy_changed_cb (self);
  trace_changed_cb (self);
}
