/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-remember.c: the window reopens as it was left: the last lesson at
 * the step it was at, the window's size and its panels (GSettings, the
 * memory backend of the test environment). Needs a display; without one
 * the cases skip. */

#include "config.h"

#include <gtk/gtk.h>

#include "hs-application.h"
#include "hs-session.h"
#include "hs-window.h"
#include "hs-test-ui.h"

static GtkApplication *app;

static HsWindow *
activate_and_wait (guint position)
{
  GtkWindow *active;
  HsSession *session;
  gint64 end;

  g_application_activate (G_APPLICATION (app));
  active = gtk_application_get_active_window (app);
  g_assert_true (HS_IS_WINDOW (active));
  session = hs_window_get_session (HS_WINDOW (active));
  end = g_get_monotonic_time () + 20 * G_TIME_SPAN_SECOND;
  while ((!gtk_widget_get_mapped (GTK_WIDGET (active)) || hs_session_get_simulating (session) ||
          hs_session_get_trace (session) == NULL || hs_session_get_position (session) != position) &&
         g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  return HS_WINDOW (active);
}

static void
close_and_wait (HsWindow *window)
{
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_close (GTK_WINDOW (window));
  while (window != NULL)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_step (void)
{
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *panel_page = NULL;
  g_autofree char *last_lesson = NULL;
  HsWindow *window;
  HsSession *session;
  int width, height;

  g_test_summary ("On start the window opens the lesson shown last at the step it was at, with the size, the "
                  "side panel's page and the main view it was left with; closing it keeps the step");

  if (hs_test_ui_skip (app))
    return;

  settings = g_settings_new (APP_ID);
  g_settings_set_string (settings, "last-lesson", "syn-lost");
  g_settings_set_uint (settings, "last-step", 6);
  g_settings_set_int (settings, "window-width", 1000);
  g_settings_set_int (settings, "window-height", 700);
  g_settings_set_string (settings, "panel-page", "inspector");
  g_settings_set_string (settings, "main-view", "states");

  window = activate_and_wait (6);
  session = hs_window_get_session (window);
  g_assert_cmpstr (hs_session_get_lesson_id (session), ==, "syn-lost");
  g_assert_cmpuint (hs_session_get_position (session), ==, 6);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 1000);
  g_assert_cmpint (height, ==, 700);
  {
    GtkWidget *stack[256];
    guint depth = 0;
    gboolean found_panel = FALSE, found_main = FALSE;

    /* the side panel's view stack and the main stack show what they were left on */
    stack[depth++] = GTK_WIDGET (window);
    while (depth > 0)
      {
        GtkWidget *w = stack[--depth];

        if (ADW_IS_VIEW_STACK (w) &&
            g_strcmp0 (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (w)), "inspector") == 0)
          found_panel = TRUE;
        if (GTK_IS_STACK (w) && g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (w)), "states") == 0)
          found_main = TRUE;
        for (GtkWidget *child = gtk_widget_get_first_child (w); child != NULL && depth < G_N_ELEMENTS (stack);
             child = gtk_widget_get_next_sibling (child))
          stack[depth++] = child;
      }
    g_assert_true (found_panel);
    g_assert_true (found_main);
  }

  /* a step further, then closed: the next start opens there */
  hs_session_set_position (session, 9);
  close_and_wait (window);
  g_assert_cmpuint (g_settings_get_uint (settings, "last-step"), ==, 9);
  last_lesson = g_settings_get_string (settings, "last-lesson");
  g_assert_cmpstr (last_lesson, ==, "syn-lost");
  panel_page = g_settings_get_string (settings, "panel-page");
  g_assert_cmpstr (panel_page, ==, "inspector");

  window = activate_and_wait (9);
  g_assert_cmpuint (hs_session_get_position (hs_window_get_session (window)), ==, 9);
  close_and_wait (window);
}

static void
test_step_past_end (void)
{
  g_autoptr(GSettings) settings = NULL;
  HsWindow *window;
  HsSession *session;
  guint n_steps;

  g_test_summary ("A remembered step past the end of the lesson (it changed meanwhile) opens at its end");

  if (hs_test_ui_skip (app))
    return;

  settings = g_settings_new (APP_ID);
  g_settings_set_string (settings, "last-lesson", "three-way-handshake");
  g_settings_set_uint (settings, "last-step", 100000);

  g_application_activate (G_APPLICATION (app));
  window = HS_WINDOW (gtk_application_get_active_window (app));
  session = hs_window_get_session (window);
  while (hs_session_get_simulating (session) || hs_session_get_trace (session) == NULL ||
         hs_session_get_position (session) == 0)
    g_main_context_iteration (NULL, TRUE);
  n_steps = hs_trace_get_n_steps (hs_session_get_trace (session));
  g_assert_cmpuint (hs_session_get_position (session), ==, n_steps);
  close_and_wait (window);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  hs_test_ui_init (&argc, &argv);

  g_test_add_func ("/ui/remember/step", test_step);
  g_test_add_func ("/ui/remember/step-past-end", test_step_past_end);

  app = hs_test_ui_app_new ();
  /* the windows come and go: the application must not quit between them */
  if (app != NULL)
    g_application_hold (G_APPLICATION (app));
  status = g_test_run ();
  if (app != NULL)
    g_application_release (G_APPLICATION (app));
  g_clear_object (&app);
  return status;
}
