/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-plot-ui.c: the window's plot pane under a display: a lesson opens
 * with its plot, stepping moves the cursor, a click moves the playhead,
 * and the pane moves beside or below the diagram. */

#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "hs-application.h"
#include "hs-plot-view.h"
#include "hs-session.h"
#include "hs-window.h"

static gboolean have_display;
static GtkApplication *app;

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @done says so, or for @ms milliseconds. */
static gboolean
iterate_until (gboolean (*done) (gpointer),
               gpointer   data,
               guint      ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (ms, timeout_cb, &timed_out);

  while (!timed_out && (done == NULL || !done (data)))
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return done == NULL || done (data);
}

static HsPlotView *
find_plot_view (GtkWidget *widget)
{
  if (HS_IS_PLOT_VIEW (widget))
    return HS_PLOT_VIEW (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      HsPlotView *found = find_plot_view (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  HsWindow   *window;
  HsSession  *session;
  HsPlotView *view;
} Fixture;

static gboolean
session_ready (gpointer data)
{
  return !hs_session_get_simulating (data) && hs_session_get_trace (data) != NULL;
}

static gboolean
plot_ready (gpointer data)
{
  Fixture *f = data;

  return !hs_session_get_simulating (f->session) && hs_session_get_trace (f->session) != NULL &&
         gtk_widget_get_mapped (GTK_WIDGET (f->view)) && gtk_widget_get_width (GTK_WIDGET (f->view)) > 100 &&
         hs_plot_view_get_data (f->view) != NULL;
}

static gboolean
open_lesson (Fixture    *f,
             const char *lesson)
{
  g_autoptr(GError) error = NULL;

  if (!have_display)
    {
      g_test_skip ("No display: run the ui suite under Xvfb");
      return FALSE;
    }
  f->window = hs_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1400, 900);
  g_assert_true (hs_window_open_lesson (f->window, lesson, &error));
  g_assert_no_error (error);
  f->session = hs_window_get_session (f->window);
  f->view = find_plot_view (GTK_WIDGET (f->window));
  g_assert_nonnull (f->view);
  gtk_window_present (GTK_WINDOW (f->window));
  return TRUE;
}

static void
close_window (Fixture *f)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  iterate_until (NULL, NULL, 50);
}

static double
cursor_x (Fixture *f)
{
  double x = -1;

  /* a redraw is not needed: the cursor is computed as drawn */
  g_assert_true (hs_plot_view_get_cursor_x (f->view, &x));
  return x;
}

static void
test_lesson_opens_plot (void)
{
  Fixture f = { 0 };

  g_test_summary ("The slow-start lesson opens with its congestion plot shown; the sack lesson "
                  "switches it to the time-sequence plot");

  if (!open_lesson (&f, "slow-start"))
    return;
  g_assert_true (iterate_until (plot_ready, &f, 20000));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f.view)));
  g_assert_cmpuint (hs_plot_view_get_kind (f.view), ==, HS_PLOT_CONGESTION);

  g_action_group_activate_action (G_ACTION_GROUP (f.window), "plot-visible", NULL);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (f.view)));
  g_action_group_activate_action (G_ACTION_GROUP (f.window), "plot-kind", g_variant_new_string ("window"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f.view)));
  g_assert_cmpuint (hs_plot_view_get_kind (f.view), ==, HS_PLOT_WINDOW);

  {
    g_autoptr(GError) error = NULL;

    g_assert_true (hs_window_open_lesson (f.window, "sack", &error));
    g_assert_no_error (error);
  }
  g_assert_true (iterate_until (plot_ready, &f, 20000));
  g_assert_cmpuint (hs_plot_view_get_kind (f.view), ==, HS_PLOT_SEQUENCE);

  /* a lesson without Plot= leaves a hidden plot hidden, and unbuilt
   * until it is shown */
  g_action_group_activate_action (G_ACTION_GROUP (f.window), "plot-visible", NULL);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (f.view)));
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (hs_window_open_lesson (f.window, "three-way-handshake", &error));
    g_assert_no_error (error);
  }
  g_assert_true (iterate_until (session_ready, f.session, 20000));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (f.view)));
  g_assert_null (hs_plot_view_get_data (f.view));
  g_action_group_activate_action (G_ACTION_GROUP (f.window), "plot-visible", NULL);
  g_assert_true (iterate_until (plot_ready, &f, 20000));
  g_assert_true (hs_plot_data_get_trace (hs_plot_view_get_data (f.view)) == hs_session_get_trace (f.session));
  close_window (&f);
}

static void
test_cursor_follows_steps (void)
{
  Fixture f = { 0 };
  double x0, x1, x2;

  g_test_summary ("Stepping through the lesson moves the plot's cursor to the right along the time axis");

  if (!open_lesson (&f, "fast-retransmit"))
    return;
  g_assert_true (iterate_until (plot_ready, &f, 20000));

  hs_session_set_position (f.session, 10);
  x0 = cursor_x (&f);
  hs_session_set_position (f.session, hs_session_get_n_steps (f.session) / 2);
  x1 = cursor_x (&f);
  g_assert_cmpfloat (x1, >, x0);
  while (hs_session_step_forward (f.session) &&
         hs_session_get_position (f.session) < hs_session_get_n_steps (f.session) * 3 / 4)
    ;
  x2 = cursor_x (&f);
  g_assert_cmpfloat (x2, >, x1);
  close_window (&f);
}

static void
test_click_moves_step (void)
{
  Fixture f = { 0 };
  double target_x, back_x;
  guint n;

  g_test_summary ("Clicking on the plot moves the playhead to the step at that time, and the "
                  "cursor comes to where the click was");

  if (!open_lesson (&f, "slow-start"))
    return;
  g_assert_true (iterate_until (plot_ready, &f, 20000));
  n = hs_session_get_n_steps (f.session);

  /* where step n/2 is drawn, from the start of the lesson */
  hs_session_set_position (f.session, n / 2 + 1);
  target_x = cursor_x (&f);
  hs_session_set_position (f.session, 1);
  g_assert_cmpfloat (cursor_x (&f), <, target_x - 5);

  g_assert_true (hs_plot_view_activate_at (f.view, target_x));
  g_assert_cmpuint (hs_session_get_position (f.session), >, 1);
  back_x = cursor_x (&f);
  g_assert_cmpfloat (ABS (back_x - target_x), <=, 1.5);

  /* off the time axis: nothing moves */
  hs_session_set_position (f.session, 3);
  g_assert_false (hs_plot_view_activate_at (f.view, 1));
  g_assert_cmpuint (hs_session_get_position (f.session), ==, 3);
  close_window (&f);
}

static void
test_export (void)
{
  Fixture f = { 0 };
  g_autofree char *dir = NULL;
  g_autofree char *svg = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *contents = NULL;

  g_test_summary ("win.export-plot-to writes the plot as shown, as SVG or CSV by the file's name");

  if (!open_lesson (&f, "slow-start"))
    return;
  g_assert_true (iterate_until (plot_ready, &f, 20000));
  dir = g_dir_make_tmp ("test-plot-ui-XXXXXX", NULL);
  g_assert_nonnull (dir);
  svg = g_build_filename (dir, "cwnd.svg", NULL);
  csv = g_build_filename (dir, "cwnd.csv", NULL);

  g_action_group_activate_action (G_ACTION_GROUP (f.window), "export-plot-to", g_variant_new_string (svg));
  g_assert_true (g_file_get_contents (svg, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "<?xml"));
  g_clear_pointer (&contents, g_free);

  g_action_group_activate_action (G_ACTION_GROUP (f.window), "export-plot-to", g_variant_new_string (csv));
  g_assert_true (g_file_get_contents (csv, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "step,time_us,cwnd,ssthresh,bytes_in_flight,peer_window\n"));

  g_assert_cmpint (g_remove (svg), ==, 0);
  g_assert_cmpint (g_remove (csv), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
  close_window (&f);
}

static void
test_position (void)
{
  Fixture f = { 0 };
  GtkWidget *paned;

  g_test_summary ("win.plot-position puts the plot beside or below the diagram");

  if (!open_lesson (&f, "slow-start"))
    return;
  g_assert_true (iterate_until (plot_ready, &f, 20000));
  paned = gtk_widget_get_parent (GTK_WIDGET (f.view));
  g_assert_true (GTK_IS_PANED (paned));

  g_action_group_activate_action (G_ACTION_GROUP (f.window), "plot-position", g_variant_new_string ("beside"));
  g_assert_cmpint (gtk_orientable_get_orientation (GTK_ORIENTABLE (paned)), ==, GTK_ORIENTATION_HORIZONTAL);
  g_action_group_activate_action (G_ACTION_GROUP (f.window), "plot-position", g_variant_new_string ("below"));
  g_assert_cmpint (gtk_orientable_get_orientation (GTK_ORIENTABLE (paned)), ==, GTK_ORIENTATION_VERTICAL);
  close_window (&f);
}

static void
test_lesson_plot_not_remembered (void)
{
  Fixture f = { 0 };
  g_autoptr(GSettings) settings = NULL;

  g_test_summary ("A lesson's own plot shows while that lesson is open and does not turn the plot on for "
                  "the lessons after it (test-ui-layout's /ui/layout/plot-below checks where it goes in a "
                  "laptop-sized window)");

  if (!open_lesson (&f, "fast-retransmit"))
    return;
  settings = g_settings_new ("io.github.handshake.Handshake");
  g_settings_set_boolean (settings, "plot-visible", FALSE);
  g_settings_set_string (settings, "plot-position", "beside");
  g_assert_true (iterate_until (plot_ready, &f, 20000));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f.view)));
  g_assert_false (g_settings_get_boolean (settings, "plot-visible"));
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (hs_window_open_lesson (f.window, "full-connection", &error));
    g_assert_no_error (error);
  }
  g_assert_true (iterate_until (session_ready, f.session, 20000));
  iterate_until (NULL, NULL, 100);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (f.view)));
  g_assert_false (g_variant_get_boolean (g_action_group_get_action_state (G_ACTION_GROUP (f.window), "plot-visible")));

  /* shown by the user in a lesson without Plot=: remembered */
  g_action_group_activate_action (G_ACTION_GROUP (f.window), "plot-visible", NULL);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f.view)));
  g_assert_true (g_settings_get_boolean (settings, "plot-visible"));

  g_settings_set_boolean (settings, "plot-visible", FALSE);
  close_window (&f);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_dirs = g_strdup (g_getenv ("XDG_DATA_DIRS"));
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_setenv ("XDG_DATA_DIRS", data_dirs != NULL ? data_dirs : "/usr/local/share:/usr/share", TRUE);

  g_test_add_func ("/ui/plot/lesson-opens-plot", test_lesson_opens_plot);
  g_test_add_func ("/ui/plot/cursor-follows-steps", test_cursor_follows_steps);
  g_test_add_func ("/ui/plot/click-moves-step", test_click_moves_step);
  g_test_add_func ("/ui/plot/position", test_position);
  g_test_add_func ("/ui/plot/export", test_export);
  g_test_add_func ("/ui/plot/lesson-plot-not-remembered", test_lesson_plot_not_remembered);

  have_display = gtk_init_check ();
  if (have_display)
    {
      g_autoptr(GError) error = NULL;

      app = GTK_APPLICATION (hs_application_new (NULL, NULL));
      g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN);
      g_application_register (G_APPLICATION (app), NULL, &error);
      g_assert_no_error (error);
    }

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
