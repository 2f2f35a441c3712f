/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-window-plot.c: the window's plot pane: beside or below the diagram
 * (remembered), shown and chosen by actions, and the plot a lesson asks
 * for ([Lesson] Plot=) when it opens. */

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

static void
position_changed_cb (HsWindow *self)
{
  g_autofree char *position = g_settings_get_string (self->settings, "plot-position");
  GtkPaned *paned = plot_paned (self);
  gboolean beside = g_str_equal (position, "beside");

  gtk_orientable_set_orientation (GTK_ORIENTABLE (paned),
                                  beside ? GTK_ORIENTATION_HORIZONTAL : GTK_ORIENTATION_VERTICAL);
  /* the diagram keeps the larger part; the plot gets what is left */
  gtk_paned_set_position (paned, -1);
  gtk_paned_set_resize_end_child (paned, FALSE);
  gtk_widget_set_size_request (GTK_WIDGET (plot_view (self)), beside ? 420 : -1, beside ? -1 : 300);
}

static void
kind_changed_cb (HsWindow *self)
{
  HsPlotKind kind = hs_plot_view_get_kind (plot_view (self));

  g_settings_set_string (self->settings, "plot-kind", hs_plot_kind_to_string (kind));
}

/* A lesson that names a plot opens with it shown, once per lesson: the
 * user may hide it or choose another while stepping. */
static void
trace_changed_cb (HsWindow *self)
{
  HsScenario *scenario = hs_session_get_scenario (self->session);
  const char *id = hs_session_get_lesson_id (self->session);
  const char *applied = g_object_get_data (G_OBJECT (self), "hs-plot-lesson");
  HsPlotKind kind;

  if (scenario == NULL || hs_scenario_get_plot (scenario) == NULL ||
      g_strcmp0 (id, applied) == 0)
    return;
  g_object_set_data_full (G_OBJECT (self), "hs-plot-lesson", g_strdup (id), g_free);
  if (!hs_plot_kind_from_string (hs_scenario_get_plot (scenario), &kind))
    return;
  hs_plot_view_set_kind (plot_view (self), kind);
  g_settings_set_boolean (self->settings, "plot-visible", TRUE);
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
  g_settings_set_boolean (self->settings, "plot-visible", TRUE);
  g_simple_action_set_state (action, parameter);
}

void
_hs_window_init_plot (HsWindow *self)
{
  HsPlotView *view = plot_view (self);
  g_autoptr(GAction) show = g_settings_create_action (self->settings, "plot-visible");
  g_autoptr(GAction) position = g_settings_create_action (self->settings, "plot-position");
  g_autofree char *kind_name = g_settings_get_string (self->settings, "plot-kind");
  g_autoptr(GSimpleAction) kind_action = NULL;
  HsPlotKind kind = HS_PLOT_CONGESTION;

  hs_plot_kind_from_string (kind_name, &kind);
  hs_plot_view_set_kind (view, kind);
  hs_plot_view_set_session (view, self->session);

  /* win.plot-visible and win.plot-position ('beside', 'below') are the
   * settings themselves; win.plot-kind ('congestion', ...) shows a plot */
  g_action_map_add_action (G_ACTION_MAP (self), show);
  g_action_map_add_action (G_ACTION_MAP (self), position);
  kind_action = g_simple_action_new_stateful ("plot-kind", G_VARIANT_TYPE_STRING,
                                              g_variant_new_string (hs_plot_kind_to_string (kind)));
  g_signal_connect (kind_action, "activate", G_CALLBACK (plot_kind_action), self);
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (kind_action));

  g_settings_bind (self->settings, "plot-visible", view, "visible", G_SETTINGS_BIND_GET);
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
