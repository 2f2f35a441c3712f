/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-plot-view.c: the window's plot pane: widget plumbing around
 * src/plot's data and renderer. */

#define G_LOG_DOMAIN "hs-plot-view"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-error.h"
#include "hs-narration.h"
#include "hs-plot-export.h"
#include "hs-plot-renderer.h"
#include "hs-plot-view.h"
#include "hs-ui.h"

struct _HsPlotView
{
  GtkWidget           parent_instance;

  /* owned */
  HsSession          *session;
  GSignalGroup       *session_signals;
  HsPlotData         *data;        /* for the session's trace, kind and endpoint; NULL: none */
  GCancellable       *building;    /* a long trace's data being read in a thread */

  /* template children */
  GtkWidget          *toolbar;
  GtkDropDown        *kind_dropdown;
  GtkDropDown        *endpoint_dropdown;
  GtkStringList      *endpoints;
  GtkToggleButton    *segments_button;
  GtkDrawingArea     *area;

  /* plain state */
  HsPlotKind          kind;
  guint               endpoint;    /* HS_TRACE_NONE: the busiest sender */
  HsDiagramStyleKind  style;
  double              scale;       /* the window's type scale */
  gboolean            filling;     /* the endpoint list is being refilled */
  gboolean            stale;       /* hidden when the data changed: made when shown */
  double              drag_x;      /* where a drag began, in the area */
};

G_DEFINE_FINAL_TYPE (HsPlotView, hs_plot_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_KIND,
  PROP_BUILDING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
render_options (HsPlotView          *self,
                HsPlotRenderOptions *o)
{
  hs_plot_render_options_init (o);
  o->style = self->style;
  o->scale = self->scale;
  o->width = MAX (gtk_widget_get_width (GTK_WIDGET (self->area)), 1);
  o->height = MAX (gtk_widget_get_height (GTK_WIDGET (self->area)), 1);
  o->segments = gtk_toggle_button_get_active (self->segments_button);
  o->current_step = self->session != NULL ? hs_session_get_current_step (self->session) : HS_TRACE_NONE;
  /* before the first step the sliding window shows the first, not the
   * end (which is what no step means to the renderer) */
  if (o->current_step == HS_TRACE_NONE && self->kind == HS_PLOT_WINDOW)
    o->current_step = 0;
  o->no_title = TRUE;
}

static void
draw_cb (GtkDrawingArea *area,
         cairo_t        *cr,
         int             width,
         int             height,
         gpointer        user_data)
{
  HsPlotView *self = user_data;
  HsPlotRenderOptions o;

  if (self->data == NULL && self->building != NULL)
    {
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (area), _("Drawing the plot…"));
      int w, h;
      GdkRGBA color;

      gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &color);
      pango_layout_get_pixel_size (layout, &w, &h);
      cairo_set_source_rgba (cr, color.red, color.green, color.blue, 0.6);
      cairo_move_to (cr, (width - w) / 2.0, (height - h) / 2.0);
      pango_cairo_show_layout (cr, layout);
      return;
    }
  if (self->data == NULL)
    return;
  render_options (self, &o);
  o.width = width;
  o.height = height;
  hs_plot_render (self->data, cr, &o);
}

/* A trace with more steps than this has its plot's data read in a
 * thread: a million segments take about a second, which the window would
 * otherwise stand still for. */
#define THREAD_MIN_STEPS 20000

typedef struct
{
  HsTrace    *trace;
  HsPlotKind  kind;
  guint       endpoint;
} BuildJob;

static void
build_job_free (gpointer data)
{
  BuildJob *job = data;

  g_clear_object (&job->trace);
  g_free (job);
}

static void
build_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  BuildJob *job = task_data;

  g_task_return_pointer (task, hs_plot_data_new (job->trace, job->kind, job->endpoint), g_object_unref);
}

static void
show_endpoint (HsPlotView *self)
{
  if (self->data == NULL)
    return;
  self->filling = TRUE;
  gtk_drop_down_set_selected (self->endpoint_dropdown, hs_plot_data_get_endpoint (self->data));
  self->filling = FALSE;
}

static void
build_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  HsPlotView *self = HS_PLOT_VIEW (source);
  g_autoptr(HsPlotData) data = g_task_propagate_pointer (G_TASK (result), NULL);

  /* a newer rebuild (or the view's end) cancelled this one */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  g_clear_object (&self->building);
  g_set_object (&self->data, data);
  show_endpoint (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->area));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUILDING]);
}

/* The data follows the trace, the kind and the endpoint; made again when
 * any of them changes. */
static void
rebuild (HsPlotView *self)
{
  HsTrace *trace = self->session != NULL ? hs_session_get_trace (self->session) : NULL;
  gboolean was_building = self->building != NULL;

  g_clear_object (&self->data);
  if (self->building != NULL)
    {
      g_cancellable_cancel (self->building);
      g_clear_object (&self->building);
    }
  /* reading a long trace through takes a while: not for a hidden plot */
  self->stale = !gtk_widget_get_visible (GTK_WIDGET (self));
  if (!self->stale && trace != NULL && hs_trace_get_n_endpoints (trace) > 0 &&
      !hs_session_get_simulating (self->session))
    {
      guint endpoint = self->endpoint < hs_trace_get_n_endpoints (trace) ? self->endpoint : HS_TRACE_NONE;

      if (hs_trace_get_n_steps (trace) < THREAD_MIN_STEPS)
        self->data = hs_plot_data_new (trace, self->kind, endpoint);
      else
        {
          g_autoptr(GTask) task = NULL;
          BuildJob *job = g_new0 (BuildJob, 1);

          /* decoded, the trace's getters only read: the window's other
           * views go on reading it meanwhile (as the diagram view does) */
          hs_trace_decode (trace);
          job->trace = g_object_ref (trace);
          job->kind = self->kind;
          job->endpoint = endpoint;
          self->building = g_cancellable_new ();
          task = g_task_new (self, self->building, build_done, NULL);
          g_task_set_source_tag (task, rebuild);
          g_task_set_task_data (task, job, build_job_free);
          g_task_set_check_cancellable (task, FALSE);
          g_task_run_in_thread (task, build_thread);
        }
    }
  if (was_building != (self->building != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUILDING]);
  gtk_widget_queue_draw (GTK_WIDGET (self->area));
}

static void
trace_changed_cb (HsPlotView *self)
{
  HsTrace *trace = self->session != NULL ? hs_session_get_trace (self->session) : NULL;
  guint n = trace != NULL ? hs_trace_get_n_endpoints (trace) : 0;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  self->endpoint = HS_TRACE_NONE;
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (names, (gpointer) hs_ui_endpoint_label (trace, i));
  g_ptr_array_add (names, NULL);

  self->filling = TRUE;
  gtk_string_list_splice (self->endpoints, 0, g_list_model_get_n_items (G_LIST_MODEL (self->endpoints)),
                          (const char * const *) names->pdata);
  rebuild (self);
  self->filling = FALSE;
  show_endpoint (self);
}

static void
visible_changed_cb (HsPlotView *self)
{
  if (self->stale && gtk_widget_get_visible (GTK_WIDGET (self)))
    {
      rebuild (self);
      show_endpoint (self);
    }
}

static void
position_changed_cb (HsPlotView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self->area));
}

static void
endpoint_selected_cb (HsPlotView *self)
{
  guint selected = gtk_drop_down_get_selected (self->endpoint_dropdown);

  if (self->filling || selected == GTK_INVALID_LIST_POSITION)
    return;
  if (self->data != NULL && selected == hs_plot_data_get_endpoint (self->data))
    return;
  self->endpoint = selected;
  rebuild (self);
}

static void
kind_selected_cb (HsPlotView *self)
{
  guint selected = gtk_drop_down_get_selected (self->kind_dropdown);

  if (selected < HS_PLOT_N_KINDS)
    hs_plot_view_set_kind (self, selected);
}

gboolean
hs_plot_view_activate_at (HsPlotView *self,
                          double      x)
{
  HsPlotRenderOptions o;
  graphene_point_t p;
  guint step;

  g_return_val_if_fail (HS_IS_PLOT_VIEW (self), FALSE);

  if (self->data == NULL || self->session == NULL)
    return FALSE;
  if (!gtk_widget_compute_point (GTK_WIDGET (self), GTK_WIDGET (self->area),
                                 &GRAPHENE_POINT_INIT ((float) x, 0), &p))
    return FALSE;
  render_options (self, &o);
  step = hs_plot_step_at (self->data, &o, p.x);
  if (step == HS_TRACE_NONE)
    return FALSE;
  /* the playhead counts the steps that have happened */
  hs_session_set_position (self->session, step + 1);
  return TRUE;
}

gboolean
hs_plot_view_export (HsPlotView  *self,
                     const char  *path,
                     GError     **error)
{
  HsPlotRenderOptions o;
  HsPlotFormat format;

  g_return_val_if_fail (HS_IS_PLOT_VIEW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!hs_plot_format_from_path (path, &format))
    {
      g_autofree char *name = g_filename_display_basename (path);

      g_set_error (error, HS_ERROR, HS_ERROR_UNSUPPORTED,
                   _("Cannot tell the format of “%s” from its name: a plot is written as .png, .svg, .pdf or .csv"),
                   name);
      return FALSE;
    }
  /* a hidden plot has not read the trace yet */
  if (self->data == NULL && gtk_widget_get_visible (GTK_WIDGET (self)) == FALSE)
    {
      g_clear_object (&self->data);
      if (self->session != NULL && hs_session_get_trace (self->session) != NULL && !hs_session_get_simulating (self->session))
        self->data = hs_plot_data_new (hs_session_get_trace (self->session), self->kind,
                                       self->endpoint < hs_trace_get_n_endpoints (hs_session_get_trace (self->session))
                                       ? self->endpoint : HS_TRACE_NONE);
      self->stale = TRUE;
    }
  if (self->data == NULL)
    {
      g_set_error_literal (error, HS_ERROR, HS_ERROR_NOT_FOUND,
                           self->building != NULL ? _("The plot is still being drawn: export it once it shows.")
                                                  : _("There is no connection to plot yet."));
      return FALSE;
    }
  render_options (self, &o);
  o.width = 1200;
  o.height = 675;
  /* the file names the plot itself: it has no controls around it */
  o.no_title = FALSE;
  return hs_plot_export (self->data, path, format, &o, 1, NULL, error);
}

gboolean
hs_plot_view_get_cursor_x (HsPlotView *self,
                           double     *x)
{
  HsPlotRenderOptions o;
  graphene_point_t p;
  double ax;

  g_return_val_if_fail (HS_IS_PLOT_VIEW (self), FALSE);

  if (self->data == NULL)
    return FALSE;
  render_options (self, &o);
  if (!hs_plot_x_for_step (self->data, &o, o.current_step, &ax))
    return FALSE;
  if (!gtk_widget_compute_point (GTK_WIDGET (self->area), GTK_WIDGET (self),
                                 &GRAPHENE_POINT_INIT ((float) ax, 0), &p))
    return FALSE;
  if (x != NULL)
    *x = p.x;
  return TRUE;
}

static void
press_cb (GtkGestureClick *gesture,
          int              n_press,
          double           x,
          double           y,
          HsPlotView      *self)
{
  graphene_point_t p;

  if (gtk_widget_compute_point (GTK_WIDGET (self->area), GTK_WIDGET (self),
                                &GRAPHENE_POINT_INIT ((float) x, (float) y), &p))
    hs_plot_view_activate_at (self, p.x);
}

static void
drag_begin_cb (GtkGestureDrag *gesture,
               double          x,
               double          y,
               HsPlotView     *self)
{
  self->drag_x = x;
}

static void
drag_update_cb (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                HsPlotView     *self)
{
  graphene_point_t p;

  /* dragging scrubs through the steps */
  if (gtk_widget_compute_point (GTK_WIDGET (self->area), GTK_WIDGET (self),
                                &GRAPHENE_POINT_INIT ((float) (self->drag_x + dx), 0), &p))
    hs_plot_view_activate_at (self, p.x);
}

/* The plot's values at the step under @x (in the area) and that step's
 * narration; NULL off the time axis. */
static char *
describe_area_x (HsPlotView *self,
                 double      x)
{
  HsPlotRenderOptions o;
  g_autofree char *values = NULL;
  g_autofree char *sentence = NULL;
  guint step;

  if (self->data == NULL)
    return NULL;
  render_options (self, &o);
  step = hs_plot_step_at (self->data, &o, x);
  if (step == HS_TRACE_NONE)
    return NULL;
  values = hs_plot_describe_step (self->data, &o, step);
  sentence = hs_narration_format_step (hs_plot_data_get_trace (self->data), step);
  return g_strdup_printf ("%s\n%s", values, sentence);
}

char *
hs_plot_view_describe_at (HsPlotView *self,
                          double      x)
{
  graphene_point_t p;

  g_return_val_if_fail (HS_IS_PLOT_VIEW (self), NULL);

  if (!gtk_widget_compute_point (GTK_WIDGET (self), GTK_WIDGET (self->area),
                                 &GRAPHENE_POINT_INIT ((float) x, 0), &p))
    return NULL;
  return describe_area_x (self, p.x);
}

static gboolean
query_tooltip_cb (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip,
                  HsPlotView *self)
{
  g_autofree char *text = NULL;
  GtkWidget *label;

  if (keyboard)
    return FALSE;
  text = describe_area_x (self, x);
  if (text == NULL)
    return FALSE;
  /* a label of its own: the narration is a paragraph, and a tooltip's
   * text would run off the screen on one line */
  label = gtk_label_new (text);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 60);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_tooltip_set_custom (tooltip, label);
  return TRUE;
}

/* ------------------------------------------------------------------ */

static void
hs_plot_view_dispose (GObject *object)
{
  HsPlotView *self = HS_PLOT_VIEW (object);

  if (self->session_signals != NULL)
    g_signal_group_set_target (self->session_signals, NULL);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->session);
  g_clear_object (&self->data);
  if (self->building != NULL)
    g_cancellable_cancel (self->building);
  g_clear_object (&self->building);
  gtk_widget_dispose_template (GTK_WIDGET (self), HS_TYPE_PLOT_VIEW);

  G_OBJECT_CLASS (hs_plot_view_parent_class)->dispose (object);
}

static void
hs_plot_view_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  HsPlotView *self = HS_PLOT_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_KIND:
      g_value_set_uint (value, self->kind);
      break;
    case PROP_BUILDING:
      g_value_set_boolean (value, self->building != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_plot_view_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  HsPlotView *self = HS_PLOT_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      hs_plot_view_set_session (self, g_value_get_object (value));
      break;
    case PROP_KIND:
      hs_plot_view_set_kind (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_plot_view_class_init (HsPlotViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hs_plot_view_dispose;
  object_class->get_property = hs_plot_view_get_property;
  object_class->set_property = hs_plot_view_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, HS_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* an HsPlotKind */
  properties[PROP_KIND] =
    g_param_spec_uint ("kind", NULL, NULL, 0, HS_PLOT_N_KINDS - 1, HS_PLOT_CONGESTION,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* a long trace's data is being read in a thread */
  properties[PROP_BUILDING] =
    g_param_spec_boolean ("building", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/handshake/Handshake/hs-plot-view.ui");
  gtk_widget_class_bind_template_child (widget_class, HsPlotView, toolbar);
  gtk_widget_class_bind_template_child (widget_class, HsPlotView, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, HsPlotView, endpoint_dropdown);
  gtk_widget_class_bind_template_child (widget_class, HsPlotView, endpoints);
  gtk_widget_class_bind_template_child (widget_class, HsPlotView, segments_button);
  gtk_widget_class_bind_template_child (widget_class, HsPlotView, area);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
hs_plot_view_init (HsPlotView *self)
{
  GtkGesture *click, *drag;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->kind = HS_PLOT_CONGESTION;
  self->endpoint = HS_TRACE_NONE;
  self->style = HS_DIAGRAM_STYLE_LIGHT;
  self->scale = 1.0;

  gtk_drawing_area_set_draw_func (self->area, draw_cb, self, NULL);
  g_signal_connect_object (self->area, "query-tooltip", G_CALLBACK (query_tooltip_cb), self, 0);
  g_signal_connect_object (self->kind_dropdown, "notify::selected", G_CALLBACK (kind_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->endpoint_dropdown, "notify::selected", G_CALLBACK (endpoint_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "notify::visible", G_CALLBACK (visible_changed_cb), NULL);
  g_signal_connect_object (self->segments_button, "toggled", G_CALLBACK (gtk_widget_queue_draw), self->area, G_CONNECT_SWAPPED);

  click = gtk_gesture_click_new ();
  g_signal_connect (click, "pressed", G_CALLBACK (press_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->area), GTK_EVENT_CONTROLLER (click));
  drag = gtk_gesture_drag_new ();
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->area), GTK_EVENT_CONTROLLER (drag));

  /* connected once; set_session() only moves the group to another session */
  self->session_signals = g_signal_group_new (HS_TYPE_SESSION);
  g_signal_group_connect_swapped (self->session_signals, "notify::trace", G_CALLBACK (trace_changed_cb), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::simulating", G_CALLBACK (rebuild), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::position", G_CALLBACK (position_changed_cb), self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->area),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Plot of the connection"),
                                  -1);
}

GtkWidget *
hs_plot_view_new (void)
{
  return g_object_new (HS_TYPE_PLOT_VIEW, NULL);
}

HsSession *
hs_plot_view_get_session (HsPlotView *self)
{
  g_return_val_if_fail (HS_IS_PLOT_VIEW (self), NULL);
  return self->session;
}

void
hs_plot_view_set_session (HsPlotView *self,
                          HsSession  *session)
{
  g_return_if_fail (HS_IS_PLOT_VIEW (self));
  g_return_if_fail (session == NULL || HS_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;
  g_signal_group_set_target (self->session_signals, session);
  trace_changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

HsPlotKind
hs_plot_view_get_kind (HsPlotView *self)
{
  g_return_val_if_fail (HS_IS_PLOT_VIEW (self), HS_PLOT_CONGESTION);
  return self->kind;
}

void
hs_plot_view_set_kind (HsPlotView *self,
                       HsPlotKind  kind)
{
  g_return_if_fail (HS_IS_PLOT_VIEW (self));
  g_return_if_fail (kind < HS_PLOT_N_KINDS);

  if (self->kind == kind)
    return;
  self->kind = kind;
  gtk_drop_down_set_selected (self->kind_dropdown, kind);
  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
}

void
hs_plot_view_set_style (HsPlotView         *self,
                        HsDiagramStyleKind  style,
                        double              scale)
{
  g_return_if_fail (HS_IS_PLOT_VIEW (self));

  self->style = style;
  self->scale = scale > 0 ? scale : 1.0;
  gtk_widget_queue_draw (GTK_WIDGET (self->area));
}

void
hs_plot_view_get_render_options (HsPlotView          *self,
                                 HsPlotRenderOptions *options)
{
  g_return_if_fail (HS_IS_PLOT_VIEW (self));
  g_return_if_fail (options != NULL);

  render_options (self, options);
}

void
hs_plot_view_set_controls_beside (HsPlotView *self,
                                  gboolean    beside)
{
  GtkLayoutManager *layout;

  g_return_if_fail (HS_IS_PLOT_VIEW (self));

  layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), beside ? GTK_ORIENTATION_HORIZONTAL : GTK_ORIENTATION_VERTICAL);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->toolbar), beside ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL);
  gtk_widget_set_valign (self->toolbar, beside ? GTK_ALIGN_START : GTK_ALIGN_FILL);
}

gboolean
hs_plot_view_get_building (HsPlotView *self)
{
  g_return_val_if_fail (HS_IS_PLOT_VIEW (self), FALSE);
  return self->building != NULL;
}

HsPlotData *
hs_plot_view_get_data (HsPlotView *self)
{
  g_return_val_if_fail (HS_IS_PLOT_VIEW (self), NULL);
  return self->data;
}
