/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-window-plot.c: the window's plot pane: beside or below the diagram
 * (remembered), shown, chosen and exported by actions, and the plot a
 * lesson asks for ([Lesson] Plot=) when it opens. */

#define G_LOG_DOMAIN "hs-window"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-plot-export.h"
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

/* Below the diagram the two share the height: the plot (its controls
 * and its drawing) gets this share unless the user dragged the divider,
 * and never less than PLOT_MIN_HEIGHT, nor so much that the diagram has
 * less than DIAGRAM_MIN_HEIGHT (its lane headers and an arrow with its
 * label). On a 1024 × 700 screen that leaves both readable. */
#define PLOT_BELOW_SHARE    0.5
#define PLOT_MIN_HEIGHT     160
#define DIAGRAM_MIN_HEIGHT  170

/* Puts the divider where the plot below gets its height: the one the
 * user dragged it to (remembered), or its share of the paned. */
static void
size_plot_below (HsWindow *self)
{
  GtkPaned *paned = plot_paned (self);
  int total = gtk_widget_get_height (GTK_WIDGET (paned));
  int height;

  if (gtk_orientable_get_orientation (GTK_ORIENTABLE (paned)) != GTK_ORIENTATION_VERTICAL ||
      !gtk_widget_get_visible (self->plot_view))
    return;
  /* not allocated yet, or hardly at all; or sized for this height
   * already (whatever GTK made of it: setting it again could go on
   * forever) */
  if (total < DIAGRAM_MIN_HEIGHT + PLOT_MIN_HEIGHT || total == self->plot_sized_height)
    return;
  self->plot_sized_height = total;
  height = g_settings_get_int (self->settings, "plot-below-height");
  if (height <= 0)
    height = (int) (total * PLOT_BELOW_SHARE);
  height = CLAMP (height, PLOT_MIN_HEIGHT, total - DIAGRAM_MIN_HEIGHT);
  /* the position is the diagram's height; the handle takes a pixel */
  self->plot_set_position = total - height - 1;
  gtk_paned_set_position (paned, self->plot_set_position);
}

static gboolean
size_idle_cb (gpointer user_data)
{
  HsWindow *self = user_data;

  self->plot_size_idle = 0;
  if (!gtk_widget_in_destruction (GTK_WIDGET (self)))
    size_plot_below (self);
  return G_SOURCE_REMOVE;
}

/* The paned's size changed (its max-position follows its height: the
 * window was resized, a panel folded): once that frame is drawn, the
 * plot below gets its height again, as far as the diagram leaves room.
 * (Moving the divider from the frame clock's own callbacks left the
 * window's flap unallocated.) */
static void
queue_size_plot_below (HsWindow *self)
{
  if (self->plot_size_idle == 0)
    self->plot_size_idle = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, size_idle_cb, g_object_ref (self), g_object_unref);
}

/* A button released over the paned after the divider moved from where
 * the window put it: the user dragged it, and the plot's height below is
 * remembered for the next start. */
static gboolean
paned_event_cb (GtkEventControllerLegacy *controller,
                GdkEvent                 *event,
                HsWindow                 *self)
{
  GtkPaned *paned = plot_paned (self);
  int total, position;

  if (gdk_event_get_event_type (event) != GDK_BUTTON_RELEASE || self->plot_set_position < 0 ||
      gtk_orientable_get_orientation (GTK_ORIENTABLE (paned)) != GTK_ORIENTATION_VERTICAL ||
      !gtk_widget_get_visible (self->plot_view))
    return GDK_EVENT_PROPAGATE;
  total = gtk_widget_get_height (GTK_WIDGET (paned));
  position = gtk_paned_get_position (paned);
  if (position != self->plot_set_position)
    {
      self->plot_set_position = position;
      g_settings_set_int (self->settings, "plot-below-height",
                          CLAMP (total - position - 1, PLOT_MIN_HEIGHT, 4000));
    }
  return GDK_EVENT_PROPAGATE;
}

static void
position_changed_cb (HsWindow *self)
{
  g_autofree char *position = g_settings_get_string (self->settings, "plot-position");
  GtkPaned *paned = plot_paned (self);
  /* Presentation mode has the whole width and a large narration under
   * it: below, the diagram and the plot would each get a strip; beside,
   * the diagram keeps the height its arrows need. */
  gboolean beside = (g_str_equal (position, "beside") || self->presentation) && !self->plot_narrow;
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "plot-position");

  if (action != NULL)
    g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_string (position));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (paned),
                                  beside ? GTK_ORIENTATION_HORIZONTAL : GTK_ORIENTATION_VERTICAL);
  /* beside, the diagram keeps the larger part and the plot gets what is
   * left; below, they share the height (size_plot_below) */
  gtk_paned_set_position (paned, -1);
  self->plot_set_position = -1;
  self->plot_sized_height = 0;
  gtk_paned_set_resize_end_child (paned, FALSE);
  /* Never shrunk below its minimum: a shrunk plot is cut off, not drawn
   * smaller. Below, its minimum is small enough for a 1024 × 700 screen
   * to keep the narration and the transport bar. */
  gtk_paned_set_shrink_end_child (paned, FALSE);
  /* in presentation mode its type is larger: a third of the width */
  gtk_widget_set_size_request (GTK_WIDGET (plot_view (self)),
                               beside ? MAX (420, self->presentation ? gtk_widget_get_width (GTK_WIDGET (self)) / 3 : 0) : -1,
                               beside ? -1 : PLOT_MIN_HEIGHT);
  hs_plot_view_set_controls_beside (plot_view (self), !beside);
  queue_size_plot_below (self);
}

gboolean
_hs_window_plot_needs_update (HsWindow *self,
                              int       width)
{
  return (width < BESIDE_MIN_WIDTH) != self->plot_narrow;
}

/* The divider is where the window last put it, and the diagram above it
 * has been given that height (a frame after the position is set). */
gboolean
_hs_window_plot_settled (HsWindow *self)
{
  GtkPaned *paned = plot_paned (self);
  GtkWidget *start = gtk_paned_get_start_child (paned);

  if (self->plot_size_idle != 0)
    return FALSE;
  if (self->plot_set_position < 0 || !gtk_widget_get_visible (self->plot_view) ||
      gtk_orientable_get_orientation (GTK_ORIENTABLE (paned)) != GTK_ORIENTATION_VERTICAL || start == NULL)
    return TRUE;
  return gtk_paned_get_position (paned) != self->plot_set_position ||
         gtk_widget_get_height (start) == self->plot_set_position;
}

void
_hs_window_plot_presentation_changed (HsWindow *self)
{
  position_changed_cb (self);
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
  self->plot_sized_height = 0;
  queue_size_plot_below (self);
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

/* win.export-plot: the export dialog, with the plot shown chosen. */
static void
export_plot_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  g_action_group_activate_action (G_ACTION_GROUP (user_data), "export", g_variant_new_string ("plot"));
}

void
_hs_window_plot_choose_in_dialog (HsWindow       *self,
                                  HsExportDialog *dialog)
{
  HsPlotData *data = hs_plot_view_get_data (plot_view (self));

  hs_export_dialog_set_plot (dialog, hs_plot_view_get_kind (plot_view (self)),
                             data != NULL ? hs_plot_data_get_endpoint (data) : HS_TRACE_NONE);
}

void
_hs_window_export_plot_from_dialog (HsWindow       *self,
                                    HsExportDialog *dialog,
                                    const char     *path)
{
  static const HsPlotFormat formats[] = {
    [HS_EXPORT_PNG] = HS_PLOT_FORMAT_PNG,
    [HS_EXPORT_SVG] = HS_PLOT_FORMAT_SVG,
    [HS_EXPORT_PDF] = HS_PLOT_FORMAT_PDF,
    [HS_EXPORT_CSV] = HS_PLOT_FORMAT_CSV,
  };
  HsTrace *trace = hs_session_get_trace (self->session);
  HsExportFormat format = hs_export_dialog_get_format (dialog);
  HsPlotData *shown = hs_plot_view_get_data (plot_view (self));
  g_autoptr(HsPlotData) data = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_filename_display_basename (path);
  g_autofree char *title = NULL;
  HsPlotRenderOptions options;
  HsPlotKind kind;
  guint endpoint;
  double scale;

  if (!hs_export_dialog_get_plot (dialog, &kind, &endpoint))
    return;
  if (trace == NULL || hs_trace_get_n_endpoints (trace) == 0)
    {
      _hs_window_show_error (self, _("Could Not Export"), _("There is no connection to plot yet."));
      return;
    }
  /* the pane's own data when it shows the same plot: no second read */
  if (shown != NULL && hs_plot_data_get_trace (shown) == trace && hs_plot_data_get_kind (shown) == kind &&
      (endpoint == HS_TRACE_NONE || hs_plot_data_get_endpoint (shown) == endpoint))
    data = g_object_ref (shown);
  else
    data = hs_plot_data_new (trace, kind, endpoint);
  hs_export_dialog_get_plot_options (dialog, &options, &scale);
  /* the cursor where the lesson is, as the pane shows it */
  options.current_step = hs_session_get_current_step (self->session);
  if (options.current_step == HS_TRACE_NONE && kind == HS_PLOT_WINDOW)
    options.current_step = 0;
  if (format >= G_N_ELEMENTS (formats) || (format != HS_EXPORT_PNG && formats[format] == HS_PLOT_FORMAT_PNG) ||
      !hs_plot_export (data, path, formats[format], &options, scale, NULL, &error))
    {
      _hs_window_show_error (self, _("Could Not Export"),
                             error != NULL ? error->message : _("A plot is written as PNG, SVG, PDF or CSV."));
      return;
    }
  self->last_export = format;
  /* Translators: %s is a file name */
  title = g_strdup_printf (_("Exported “%s”"), name);
  _hs_window_toast (self, title);
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
  g_signal_connect_object (plot_paned (self), "notify::max-position", G_CALLBACK (queue_size_plot_below), self, G_CONNECT_SWAPPED);
  {
    GtkEventController *legacy = gtk_event_controller_legacy_new ();

    gtk_event_controller_set_propagation_phase (legacy, GTK_PHASE_CAPTURE);
    g_signal_connect (legacy, "event", G_CALLBACK (paned_event_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (plot_paned (self)), legacy);
  }
  g_signal_connect_object (view, "notify::kind", G_CALLBACK (kind_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::trace", G_CALLBACK (trace_changed_cb), self, G_CONNECT_SWAPPED);
  /* Narrow until the first allocation says otherwise: a plot beside asks
   * for width, and a window that opened wider than asked for it (1112 px
   * for 1024) would not become narrower once the plot moved below. */
  self->plot_narrow = TRUE;
  position_changed_cb (self);
}

void
_hs_window_plot_set_style (HsWindow           *self,
                           HsDiagramStyleKind  style,
                           double              scale)
{
  hs_plot_view_set_style (plot_view (self), style, scale);
}
