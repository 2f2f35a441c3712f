/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-plot-ui.c: the window's plot pane under a display: a lesson opens
 * with its plot, stepping moves the cursor, a click or a drag moves the
 * playhead, hovering tells the values and the narration, and the pane
 * moves beside or below the diagram. One window serves every case (CI's
 * sanitizer stage runs them ~4x slower): each opens its lesson in it. */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "hs-application.h"
#include "hs-export-dialog.h"
#include "hs-narration.h"
#include "hs-plot-renderer.h"
#include "hs-plot-view.h"
#include "hs-scenario.h"
#include "hs-session.h"
#include "hs-window.h"
#include "hs-test-ui.h"

static GtkApplication *app;



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
lesson_ready (gpointer data)
{
  HsTrace *trace = hs_session_get_trace (data);

  return session_ready (data) &&
         g_strcmp0 (hs_trace_get_parameter (trace, "lesson"), g_object_get_data (data, "test-lesson")) == 0;
}

static gboolean
plot_ready (gpointer data)
{
  Fixture *f = data;

  return !hs_session_get_simulating (f->session) && hs_session_get_trace (f->session) != NULL &&
         gtk_widget_get_mapped (GTK_WIDGET (f->view)) && gtk_widget_get_width (GTK_WIDGET (f->view)) > 100 &&
         hs_plot_view_get_data (f->view) != NULL;
}

/* The one window, made by the first case that needs it. */
static Fixture shared;

static gboolean
open_lesson (Fixture    *f,
             const char *lesson)
{
  g_autoptr(GError) error = NULL;

  if (hs_test_ui_skip (app))
    return FALSE;
  if (shared.window == NULL)
    {
      shared.window = hs_window_new (app);
      gtk_window_set_default_size (GTK_WINDOW (shared.window), 1400, 900);
      shared.session = hs_window_get_session (shared.window);
      shared.view = hs_test_find_widget (GTK_WIDGET (shared.window), HS_TYPE_PLOT_VIEW);
      g_assert_nonnull (shared.view);
      gtk_window_present (GTK_WINDOW (shared.window));
    }
  *f = shared;
  g_assert_true (hs_window_open_lesson (f->window, lesson, &error));
  g_assert_no_error (error);
  /* the new lesson's trace, not the last one's */
  g_object_set_data_full (G_OBJECT (f->session), "test-lesson", g_strdup (lesson), g_free);
  g_assert_true (hs_test_iterate_until (lesson_ready, f->session, 20000));
  return TRUE;
}

static void
close_window (Fixture *f)
{
  /* the window stays for the next case; main() closes it */
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
  g_assert_true (hs_test_iterate_until (plot_ready, &f, 20000));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f.view)));
  g_assert_cmpuint (hs_plot_view_get_kind (f.view), ==, HS_PLOT_CONGESTION);
  {
    /* the endpoint picker names endpoints as the lane headings do, not
     * with the lesson file's "client" */
    GObject *picker = gtk_widget_get_template_child (GTK_WIDGET (f.view), HS_TYPE_PLOT_VIEW, "endpoint_dropdown");
    GListModel *names = gtk_drop_down_get_model (GTK_DROP_DOWN (picker));

    g_assert_cmpuint (g_list_model_get_n_items (names), ==, 2);
    g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (names), 0), ==, "Client");
    g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (names), 1), ==, "Server");
  }

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
  g_assert_true (hs_test_iterate_until (plot_ready, &f, 20000));
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
  g_assert_true (hs_test_iterate_until (session_ready, f.session, 20000));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (f.view)));
  g_assert_null (hs_plot_view_get_data (f.view));
  g_action_group_activate_action (G_ACTION_GROUP (f.window), "plot-visible", NULL);
  g_assert_true (hs_test_iterate_until (plot_ready, &f, 20000));
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
  g_assert_true (hs_test_iterate_until (plot_ready, &f, 20000));

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
  g_assert_true (hs_test_iterate_until (plot_ready, &f, 20000));
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

/* The controller of @type on the plot's drawing area, whose signals the
 * pointer would emit. */
static GtkEventController *
area_controller (Fixture *f,
                 GType    type,
                 GtkWidget **area)
{
  GtkWidget *w = GTK_WIDGET (f->view);

  for (GtkWidget *child = gtk_widget_get_first_child (w); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_DRAWING_AREA (child))
      {
        g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (child);

        *area = child;
        for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
          {
            g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);

            if (G_TYPE_CHECK_INSTANCE_TYPE (c, type))
              return c;
          }
      }
  g_assert_not_reached ();
}

/* @x of the view in the drawing area's coordinates */
static double
to_area (Fixture   *f,
         GtkWidget *area,
         double     x)
{
  graphene_point_t p;

  g_assert_true (gtk_widget_compute_point (GTK_WIDGET (f->view), area, &GRAPHENE_POINT_INIT ((float) x, 0), &p));
  return p.x;
}

static void
test_drag_scrubs (void)
{
  Fixture f = { 0 };
  GtkWidget *area = NULL;
  GtkEventController *click, *drag;
  double x_a, x_b;
  guint n, at_a;

  g_test_summary ("Pressing on the plot moves the playhead to the step there, and dragging along it "
                  "moves the playhead with the pointer (the drawing area's own gestures)");

  if (!open_lesson (&f, "fast-retransmit"))
    return;
  g_assert_true (hs_test_iterate_until (plot_ready, &f, 20000));
  n = hs_session_get_n_steps (f.session);
  click = area_controller (&f, GTK_TYPE_GESTURE_CLICK, &area);
  drag = area_controller (&f, GTK_TYPE_GESTURE_DRAG, &area);

  /* where a quarter and three quarters of the steps are drawn */
  hs_session_set_position (f.session, n / 4 + 1);
  x_a = cursor_x (&f);
  hs_session_set_position (f.session, 3 * n / 4 + 1);
  x_b = cursor_x (&f);
  g_assert_cmpfloat (x_b, >, x_a + 20);

  /* a press at the first: the playhead goes there */
  hs_session_set_position (f.session, 1);
  g_signal_emit_by_name (click, "pressed", 1, to_area (&f, area, x_a), 20.0);
  at_a = hs_session_get_position (f.session);
  g_assert_cmpuint (at_a, >, 1);
  g_assert_cmpfloat (ABS (cursor_x (&f) - x_a), <=, 1.5);

  /* dragging from there to the second: the playhead follows */
  g_signal_emit_by_name (drag, "drag-begin", to_area (&f, area, x_a), 20.0);
  g_signal_emit_by_name (drag, "drag-update", (x_b - x_a) / 2, 3.0);
  g_assert_cmpuint (hs_session_get_position (f.session), >, at_a);
  g_assert_cmpfloat (cursor_x (&f), >, x_a);
  g_assert_cmpfloat (cursor_x (&f), <, x_b);
  g_signal_emit_by_name (drag, "drag-update", x_b - x_a, 5.0);
  g_assert_cmpfloat (ABS (cursor_x (&f) - x_b), <=, 1.5);
  /* and back to where it began */
  g_signal_emit_by_name (drag, "drag-update", 0.0, 5.0);
  g_assert_cmpuint (hs_session_get_position (f.session), ==, at_a);
  close_window (&f);
}

static void
test_hover (void)
{
  Fixture f = { 0 };
  GtkWidget *area = NULL;
  g_autofree char *text = NULL;
  g_autofree char *sentence = NULL;
  g_autofree char *values = NULL;
  HsPlotRenderOptions o;
  guint n, step;
  double x;

  g_test_summary ("Hovering over the plot tells the step there, the plot's values at that step and "
                  "the step's narration; nothing off the time axis");

  if (!open_lesson (&f, "fast-retransmit"))
    return;
  g_assert_true (hs_test_iterate_until (plot_ready, &f, 20000));
  area_controller (&f, GTK_TYPE_GESTURE_CLICK, &area);
  g_assert_true (gtk_widget_get_has_tooltip (area));
  n = hs_session_get_n_steps (f.session);

  /* where the middle step is drawn */
  hs_session_set_position (f.session, n / 2 + 1);
  x = cursor_x (&f);
  hs_session_set_position (f.session, 1);
  text = hs_plot_view_describe_at (f.view, x);
  g_assert_nonnull (text);

  /* what it says is the plot's own reading of that step, and its narration */
  hs_plot_view_get_render_options (f.view, &o);
  step = hs_plot_step_at (hs_plot_view_get_data (f.view), &o, to_area (&f, area, x));
  /* the step there happened when the middle step did (steps at one
   * moment share an x) */
  {
    HsTraceStep a, b;

    hs_trace_read_step (hs_session_get_trace (f.session), step, &a);
    hs_trace_read_step (hs_session_get_trace (f.session), n / 2, &b);
    g_assert_cmpint (a.time, ==, b.time);
  }
  values = hs_plot_describe_step (hs_plot_view_get_data (f.view), &o, step);
  sentence = hs_narration_format_step (hs_session_get_trace (f.session), step);
  g_assert_true (g_str_has_prefix (text, values));
  g_assert_true (g_str_has_suffix (text, sentence));
  g_assert_nonnull (strstr (text, "Congestion window (cwnd): "));
  {
    g_autofree char *first = g_strdup_printf ("Step %u\n", step + 1);

    g_assert_true (g_str_has_prefix (text, first));
  }
  /* hovering tells, it does not move the playhead */
  g_assert_cmpuint (hs_session_get_position (f.session), ==, 1);

  g_assert_null (hs_plot_view_describe_at (f.view, 1));
  close_window (&f);
}

static gboolean
not_building (gpointer data)
{
  return !hs_plot_view_get_building (data);
}

static void
test_long_trace_thread (void)
{
  g_autoptr(HsScenario) scenario = NULL;
  g_autoptr(HsSession) session = NULL;
  g_autoptr(GError) error = NULL;
  HsPlotView *view;

  g_test_summary ("A long trace's plot is read in a thread: the view says it is drawing and has no data "
                  "until the thread is done, then the data of that trace (no window needed)");

  if (hs_test_ui_skip (app))
    return;
  /* about 25,000 steps: over the view's threshold, a quick simulation */
  scenario = hs_scenario_new_builtin ("slow-start", &error);
  g_assert_no_error (error);
  g_assert_true (hs_scenario_set (scenario, "transfer.bytes=24000000", &error));
  g_assert_no_error (error);
  session = hs_session_new ();
  hs_session_load (session, scenario, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (hs_test_iterate_until (session_ready, session, 60000));
  g_assert_cmpuint (hs_trace_get_n_steps (hs_session_get_trace (session)), >, 20000);

  view = HS_PLOT_VIEW (g_object_ref_sink (hs_plot_view_new ()));
  hs_plot_view_set_session (view, session);
  g_assert_true (hs_plot_view_get_building (view));
  g_assert_null (hs_plot_view_get_data (view));
  g_assert_true (hs_test_iterate_until (not_building, view, 60000));
  g_assert_nonnull (hs_plot_view_get_data (view));
  g_assert_true (hs_plot_data_get_trace (hs_plot_view_get_data (view)) == hs_session_get_trace (session));
  g_assert_cmpuint (hs_plot_data_get_kind (hs_plot_view_get_data (view)), ==, HS_PLOT_CONGESTION);

  /* another kind while one is being read: only the last one's data stays */
  hs_plot_view_set_kind (view, HS_PLOT_RTT);
  hs_plot_view_set_kind (view, HS_PLOT_SEQUENCE);
  g_assert_true (hs_test_iterate_until (not_building, view, 60000));
  g_assert_cmpuint (hs_plot_data_get_kind (hs_plot_view_get_data (view)), ==, HS_PLOT_SEQUENCE);
  g_object_unref (view);
}

static void
test_export (void)
{
  Fixture f = { 0 };
  g_autofree char *dir = NULL;
  g_autofree char *svg = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *contents = NULL;

  g_test_summary ("win.export-plot-to writes the plot as shown, as SVG or CSV by the file's name; "
                  "win.export-plot opens the export dialog with that plot chosen, and writes it");

  if (!open_lesson (&f, "slow-start"))
    return;
  g_assert_true (hs_test_iterate_until (plot_ready, &f, 20000));
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

  /* win.export-plot: the export dialog with the plot shown chosen; what
   * it writes is that plot */
  {
    GListModel *toplevels = gtk_window_get_toplevels ();
    HsExportDialog *dialog = NULL;
    g_autofree char *pdf = g_build_filename (dir, "dialog.pdf", NULL);
    HsPlotKind kind;

    g_action_group_activate_action (G_ACTION_GROUP (f.window), "export-plot", NULL);
    for (guint i = 0; i < g_list_model_get_n_items (toplevels) && dialog == NULL; i++)
      {
        g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

        if (HS_IS_EXPORT_DIALOG (w))
          dialog = HS_EXPORT_DIALOG (w);
      }
    g_assert_nonnull (dialog);
    g_assert_true (hs_export_dialog_get_plot (dialog, &kind, NULL));
    g_assert_cmpuint (kind, ==, hs_plot_view_get_kind (f.view));
    hs_export_dialog_set_format (dialog, HS_EXPORT_PDF);
    g_signal_emit_by_name (dialog, "export-file", pdf);
    g_clear_pointer (&contents, g_free);
    g_assert_true (g_file_get_contents (pdf, &contents, NULL, NULL));
    g_assert_true (g_str_has_prefix (contents, "%PDF"));
    gtk_window_destroy (GTK_WINDOW (dialog));
    g_assert_cmpint (g_remove (pdf), ==, 0);
  }

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

  g_test_summary ("win.plot-position puts the plot beside or below the diagram; presentation mode "
                  "puts it beside, drawn as large as the diagram's type, and back below after");

  if (!open_lesson (&f, "slow-start"))
    return;
  g_assert_true (hs_test_iterate_until (plot_ready, &f, 20000));
  paned = gtk_widget_get_parent (GTK_WIDGET (f.view));
  g_assert_true (GTK_IS_PANED (paned));

  g_action_group_activate_action (G_ACTION_GROUP (f.window), "plot-position", g_variant_new_string ("beside"));
  g_assert_cmpint (gtk_orientable_get_orientation (GTK_ORIENTABLE (paned)), ==, GTK_ORIENTATION_HORIZONTAL);
  g_action_group_activate_action (G_ACTION_GROUP (f.window), "plot-position", g_variant_new_string ("below"));
  g_assert_cmpint (gtk_orientable_get_orientation (GTK_ORIENTABLE (paned)), ==, GTK_ORIENTATION_VERTICAL);

  /* presentation: the diagram keeps the height, the plot's type grows */
  {
    HsPlotRenderOptions o;
    double window_scale;

    /* the window's size scale (1 at 1024 × 700, more on a larger screen) */
    hs_plot_view_get_render_options (f.view, &o);
    window_scale = o.scale;
    g_assert_cmpfloat (window_scale, >=, 1.0);
    hs_window_set_presentation (f.window, TRUE);
    g_assert_cmpint (gtk_orientable_get_orientation (GTK_ORIENTABLE (paned)), ==, GTK_ORIENTATION_HORIZONTAL);
    hs_plot_view_get_render_options (f.view, &o);
    g_assert_cmpfloat (o.scale, >, window_scale);
    hs_window_set_presentation (f.window, FALSE);
    g_assert_cmpint (gtk_orientable_get_orientation (GTK_ORIENTABLE (paned)), ==, GTK_ORIENTATION_VERTICAL);
  }
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
  g_assert_true (hs_test_iterate_until (plot_ready, &f, 20000));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f.view)));
  g_assert_false (g_settings_get_boolean (settings, "plot-visible"));
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (hs_window_open_lesson (f.window, "full-connection", &error));
    g_assert_no_error (error);
  }
  g_assert_true (hs_test_iterate_until (session_ready, f.session, 20000));
  hs_test_iterate (100);
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
  int status;

  hs_test_ui_init (&argc, &argv);

  g_test_add_func ("/ui/plot/lesson-opens-plot", test_lesson_opens_plot);
  g_test_add_func ("/ui/plot/cursor-follows-steps", test_cursor_follows_steps);
  g_test_add_func ("/ui/plot/click-moves-step", test_click_moves_step);
  g_test_add_func ("/ui/plot/drag-scrubs", test_drag_scrubs);
  g_test_add_func ("/ui/plot/hover", test_hover);
  g_test_add_func ("/ui/plot/long-trace-thread", test_long_trace_thread);
  g_test_add_func ("/ui/plot/position", test_position);
  g_test_add_func ("/ui/plot/export", test_export);
  g_test_add_func ("/ui/plot/lesson-plot-not-remembered", test_lesson_plot_not_remembered);

  app = hs_test_ui_app_new ();

  status = g_test_run ();
  if (shared.window != NULL)
    {
      gtk_window_destroy (GTK_WINDOW (shared.window));
      hs_test_iterate (50);
    }
  g_clear_object (&app);
  return status;
}
