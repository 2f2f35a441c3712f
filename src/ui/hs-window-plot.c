/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-window-plot.c: the window's plot pane: beside or below the diagram
 * (remembered), shown, chosen and exported by actions, and the plot a
 * lesson asks for ([Lesson] Plot=) when it opens. */

#define G_LOG_DOMAIN "hs-window"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-plot-view.h"
#include "hs-window-private.h"

static HsPlotView *
plot_view (HsWindow *self)
{
  return HS_PLOT_VIEW (self->plot_view);
}

static GtkPaned *
plot_paned (HsWindow *self)
{
  return self->plot_paned;
}

/* Beside needs room: in a window narrower than this the plot goes below,
 * whatever the setting says, so the diagram keeps most of the width. */
#define BESIDE_MIN_WIDTH 1280

static void
position_changed_cb (HsWindow *self)
{
  g_autofree char *position = g_settings_get_string (self->settings, "plot-position");
  GtkPaned *paned = plot_paned (self);
  gboolean beside = g_str_equal (position, "beside") && !self->plot_narrow;
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "plot-position");

  if (action != NULL)
    g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_string (position));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (paned),
                                  beside ? GTK_ORIENTATION_HORIZONTAL : GTK_ORIENTATION_VERTICAL);
  /* the diagram keeps the larger part; the plot gets what is left */
  gtk_paned_set_position (paned, -1);
  gtk_paned_set_resize_end_child (paned, FALSE);
  /* Below, the plot may shrink: on a short screen the transport bar and
   * the narration under it must stay on the screen. */
  gtk_paned_set_shrink_end_child (paned, !beside);
  gtk_widget_set_size_request (GTK_WIDGET (plot_view (self)), beside ? 420 : -1, beside ? -1 : 150);
}

gboolean
_hs_window_plot_needs_update (HsWindow *self,
                              int       width)
{
  return (width < BESIDE_MIN_WIDTH) != self->plot_narrow;
}

void
_hs_window_plot_allocated (HsWindow *self,
                           int       width)
{
  gboolean narrow = width < BESIDE_MIN_WIDTH;

  if (narrow == self->plot_narrow)
    return;
  self->plot_narrow = narrow;
  position_changed_cb (self);
}

/* The plot shows for the user's own choice (the plot-visible setting,
 * which lessons without a Plot= key follow) or for the lesson's Plot=,
 * which shows its plot while that lesson is open without changing the
 * user's choice for the others. */
static void
set_plot_shown (HsWindow *self,
                gboolean  shown,
                gboolean  remember)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "plot-visible");

  gtk_widget_set_visible (self->plot_view, shown);
  g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_boolean (shown));
  if (remember && !self->plot_from_lesson)
    g_settings_set_boolean (self->settings, "plot-visible", shown);
}

static void
plot_visible_change_state (GSimpleAction *action,
                           GVariant      *value,
                           gpointer       user_data)
{
  set_plot_shown (user_data, g_variant_get_boolean (value), TRUE);
}

static void
kind_changed_cb (HsWindow *self)
{
  HsPlotKind kind = hs_plot_view_get_kind (plot_view (self));

  g_settings_set_string (self->settings, "plot-kind", hs_plot_kind_to_string (kind));
}

/* A lesson that names a plot opens with it shown, once per lesson: the
 * user may hide it or choose another while stepping; the next lesson
 * without a Plot= shows the plot as the user's setting says. */
static void
trace_changed_cb (HsWindow *self)
{
  HsScenario *scenario = hs_session_get_scenario (self->session);
  const char *id = hs_session_get_lesson_id (self->session);
  const char *applied = g_object_get_data (G_OBJECT (self), "hs-plot-lesson");
  const char *lesson_plot = scenario != NULL ? hs_scenario_get_plot (scenario) : NULL;
  HsPlotKind kind;

  if (g_strcmp0 (id, applied) == 0)
    return;
  g_object_set_data_full (G_OBJECT (self), "hs-plot-lesson", g_strdup (id), g_free);
  self->plot_from_lesson = lesson_plot != NULL && hs_plot_kind_from_string (lesson_plot, &kind);
  if (self->plot_from_lesson)
    hs_plot_view_set_kind (plot_view (self), kind);
  set_plot_shown (self, self->plot_from_lesson || g_settings_get_boolean (self->settings, "plot-visible"), FALSE);
}

static void
plot_position_action (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  HsWindow *self = user_data;
  const char *position = g_variant_get_string (parameter, NULL);

  if (!g_str_equal (position, "beside") && !g_str_equal (position, "below"))
    return;
  g_settings_set_string (self->settings, "plot-position", position);
}

static void
plot_kind_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  HsWindow *self = user_data;
  HsPlotKind kind;

  if (!hs_plot_kind_from_string (g_variant_get_string (parameter, NULL), &kind))
    return;
  hs_plot_view_set_kind (plot_view (self), kind);
  set_plot_shown (self, TRUE, TRUE);
  g_simple_action_set_state (action, parameter);
}

static void
export_plot_to (HsWindow   *self,
                const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_filename_display_basename (path);
  g_autofree char *title = NULL;

  if (!hs_plot_view_export (plot_view (self), path, &error))
    {
      _hs_window_show_error (self, _("Could Not Export"), error->message);
      return;
    }
  /* Translators: %s is a file name */
  title = g_strdup_printf (_("Exported “%s”"), name);
  _hs_window_toast (self, title);
}

/* win.export-plot-to: writes the plot to the path given, for scripts and
 * tests; win.export-plot asks where first. */
static void
export_plot_to_action (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  export_plot_to (user_data, g_variant_get_string (parameter, NULL));
}

static void
export_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    HsWindow        *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL)
    path = g_file_get_path (file);
  g_clear_object (&self->chooser);
  if (path != NULL)
    export_plot_to (self, path);
}

static void
export_plot_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  HsWindow *self = user_data;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;
  const char *lesson = hs_session_get_lesson_id (self->session);

  if (self->chooser != NULL)
    return;
  gtk_file_filter_set_name (filter, _("PNG, SVG, PDF or CSV"));
  gtk_file_filter_add_suffix (filter, "png");
  gtk_file_filter_add_suffix (filter, "svg");
  gtk_file_filter_add_suffix (filter, "pdf");
  gtk_file_filter_add_suffix (filter, "csv");
  name = g_strdup_printf ("%s-%s.png", lesson != NULL ? lesson : "capture",
                          hs_plot_kind_to_string (hs_plot_view_get_kind (plot_view (self))));

  self->chooser = gtk_file_chooser_native_new (_("Export the Plot"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect (self->chooser, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

void
_hs_window_init_plot (HsWindow *self)
{
  HsPlotView *view = plot_view (self);
  g_autoptr(GSimpleAction) show = NULL;
  g_autofree char *position_name = g_settings_get_string (self->settings, "plot-position");
  g_autoptr(GSimpleAction) position = NULL;
  g_autofree char *kind_name = g_settings_get_string (self->settings, "plot-kind");
  g_autoptr(GSimpleAction) kind_action = NULL;
  HsPlotKind kind = HS_PLOT_CONGESTION;

  hs_plot_kind_from_string (kind_name, &kind);
  hs_plot_view_set_kind (view, kind);
  hs_plot_view_set_session (view, self->session);

  /* win.plot-visible shows or hides the plot (set_plot_shown);
   * win.plot-position ('beside', 'below') writes the setting, which
   * position_changed_cb follows (a window's GSettings action could
   * outlive it: test-plot-ui's lesson-plot-not-remembered);
   * win.plot-kind ('congestion', ...) shows a plot */
  show = g_simple_action_new_stateful ("plot-visible", NULL,
                                       g_variant_new_boolean (g_settings_get_boolean (self->settings, "plot-visible")));
  g_signal_connect (show, "change-state", G_CALLBACK (plot_visible_change_state), self);
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (show));
  position = g_simple_action_new_stateful ("plot-position", G_VARIANT_TYPE_STRING,
                                           g_variant_new_string (position_name));
  g_signal_connect_object (position, "activate", G_CALLBACK (plot_position_action), self, 0);
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (position));
  kind_action = g_simple_action_new_stateful ("plot-kind", G_VARIANT_TYPE_STRING,
                                              g_variant_new_string (hs_plot_kind_to_string (kind)));
  g_signal_connect (kind_action, "activate", G_CALLBACK (plot_kind_action), self);
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (kind_action));
  {
    static const GActionEntry entries[] = {
      { "export-plot", export_plot_action },
      { "export-plot-to", export_plot_to_action, "s" },
    };

    g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
  }

  gtk_widget_set_visible (GTK_WIDGET (view), g_settings_get_boolean (self->settings, "plot-visible"));
  g_signal_connect_object (self->settings, "changed::plot-position", G_CALLBACK (position_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (view, "notify::kind", G_CALLBACK (kind_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::trace", G_CALLBACK (trace_changed_cb), self, G_CONNECT_SWAPPED);
  position_changed_cb (self);
}

void
_hs_window_plot_set_style (HsWindow           *self,
                           HsDiagramStyleKind  style)
{
  hs_plot_view_set_style (plot_view (self), style);
}
