/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-diagram-view.c: the animated sequence diagram. Layout and drawing are
 * the shared renderer's; this widget scrolls, zooms, animates by the frame
 * clock and follows the playhead. Pointer and keys: hs-diagram-view-input.c.
 * Over 1,000 lines as one file: scrolling, the threaded layout and the
 * animation all depend on when the frame clock lays the widget out, and
 * their order there is the point (see configure_adjustments). */

#define G_LOG_DOMAIN "hs-diagram-view"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "hs-diagram-renderer.h"
#include "hs-diagram-view-private.h"
#include "hs-narration.h"

/* How long a segment takes to fly, at speed 1. */
#define STEP_DURATION_US    (650 * G_TIME_SPAN_MILLISECOND)
#define PLAY_DURATION_US    (900 * G_TIME_SPAN_MILLISECOND)
/* The pause after each step while playing, so the narration can be read. */
#define PLAY_DWELL_US       (700 * G_TIME_SPAN_MILLISECOND)
#define PLAY_DWELL_SAME_US  (350 * G_TIME_SPAN_MILLISECOND)
#define MIN_LAYOUT_WIDTH    420.0


static void scrollable_iface_init (GtkScrollableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HsDiagramView, hs_diagram_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE, scrollable_iface_init))

enum {
  PROP_0,
  PROP_SESSION,
  PROP_ZOOM,
  PROP_PLAYING,
  PROP_SPEED,
  PROP_ANIMATING,
  PROP_LAYING_OUT,
  PROP_LAYOUT_CANCELLED,
  N_PROPS,
  /* GtkScrollable */
  PROP_HADJUSTMENT = N_PROPS,
  PROP_VADJUSTMENT,
  PROP_HSCROLL_POLICY,
  PROP_VSCROLL_POLICY,
};

static GParamSpec *properties[N_PROPS];

static void scrollable_iface_init (GtkScrollableInterface *iface) { }

static void ensure_ticking (HsDiagramView *self);
static void reveal_current (HsDiagramView *self,
                            gboolean       smooth);

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

static gboolean
animations_enabled (HsDiagramView *self)
{
  gboolean enabled = TRUE;

  g_object_get (gtk_widget_get_settings (GTK_WIDGET (self)), "gtk-enable-animations", &enabled, NULL);
  return enabled;
}

static HsTime
step_time (HsTrace *trace,
           guint    step)
{
  return hs_trace_get_step (trace, step)->time;
}

static double
ease_in_out (double t)
{
  return t < 0.5 ? 4 * t * t * t : 1 - pow (-2 * t + 2, 3) / 2;
}

/* What the diagram shows now: the playhead, or a moment of a flight. */
static void
get_moment (HsDiagramView   *self,
            HsDiagramMoment *moment,
            gboolean         final)
{
  GdkFrameClock *clock;
  guint position = self->shown_position;

  if (self->animating && !final && (clock = gtk_widget_get_frame_clock (GTK_WIDGET (self))) != NULL)
    {
      double p = (gdk_frame_clock_get_frame_time (clock) - self->anim_start) / (double) MAX (self->anim_duration, 1);

      p = ease_in_out (CLAMP (p, 0.0, 1.0));
      moment->kind = HS_DIAGRAM_MOMENT_TIME;
      /* just short of the arrival: at its time, the step would have happened */
      moment->time = MIN (self->anim_from + (HsTime) ((self->anim_to - self->anim_from) * p), self->anim_to - 1);
      moment->step = 0;
      return;
    }
  if (position == 0)
    {
      /* nothing has happened yet */
      moment->kind = HS_DIAGRAM_MOMENT_TIME;
      moment->time = -1;
      moment->step = 0;
      return;
    }
  moment->kind = HS_DIAGRAM_MOMENT_STEP;
  moment->step = position - 1;
  moment->time = 0;
}

double
_hs_diagram_view_get_scale (HsDiagramView *self)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self));

  if (self->layout != NULL && width > 0 &&
      hs_diagram_layout_get_width (self->layout) * self->zoom > width)
    return width / hs_diagram_layout_get_width (self->layout);
  return self->zoom;
}

static double
content_width (HsDiagramView *self)
{
  return self->layout != NULL ? hs_diagram_layout_get_width (self->layout) * _hs_diagram_view_get_scale (self) : 0;
}

static double
content_height (HsDiagramView *self)
{
  return self->layout != NULL ? (hs_diagram_layout_get_height (self->layout) + 24) * _hs_diagram_view_get_scale (self) : 0;
}

/* Whether the scrolled window would show or hide the scrollbar of
 * @adjustment once it goes from its present range to @upper over
 * @page_size (GtkScrolledWindow shows it when upper - lower > page size). */
static gboolean
scrollbar_would_flip (GtkAdjustment *adjustment,
                      double         upper,
                      double         page_size)
{
  gboolean shown;

  if (adjustment == NULL)
    return FALSE;
  shown = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_lower (adjustment) >
          gtk_adjustment_get_page_size (adjustment);
  return shown != (upper > page_size);
}

/* While a thread lays the diagram out the scrollbars stay as they are:
 * hiding them for the moment, in the middle of laying the window out,
 * would leave the window half laid out (GTK warns of it), and they may
 * well be needed again. layout_done() sets them. */
static gboolean
adjustments_wait_for_layout (HsDiagramView *self)
{
  return self->layout == NULL && self->layout_running;
}

/* Whether configure_adjustments() would now show or hide a scrollbar. */
static gboolean
scrollbars_would_flip (HsDiagramView *self)
{
  double w = gtk_widget_get_width (GTK_WIDGET (self));
  double h = gtk_widget_get_height (GTK_WIDGET (self));

  if (adjustments_wait_for_layout (self))
    return FALSE;
  return scrollbar_would_flip (self->hadjustment, MAX (content_width (self), w), w) ||
         scrollbar_would_flip (self->vadjustment, MAX (content_height (self), h), h);
}

static void
configure_adjustments (HsDiagramView *self)
{
  double w = gtk_widget_get_width (GTK_WIDGET (self));
  double h = gtk_widget_get_height (GTK_WIDGET (self));
  double cw = MAX (content_width (self), w);
  double ch = MAX (content_height (self), h);

  if (adjustments_wait_for_layout (self))
    return;

  if (self->hadjustment != NULL)
    gtk_adjustment_configure (self->hadjustment,
                              CLAMP (gtk_adjustment_get_value (self->hadjustment), 0, cw - w),
                              0, cw, w * 0.1, w * 0.9, w);
  if (self->vadjustment != NULL)
    {
      double value = gtk_adjustment_get_value (self->vadjustment);

      if (self->zoom_anchor >= 0)
        {
          value = self->zoom_anchor * ch - h / 2;
          self->zoom_anchor = -1;
          /* a zoom keeps what is under the pointer where it is */
          self->reveal_pending = FALSE;
        }
      gtk_adjustment_configure (self->vadjustment, CLAMP (value, 0, ch - h), 0, ch, h * 0.1, h * 0.9, h);
    }
}

/* A trace with more steps than this is laid out in a thread: that takes
 * seconds, and the window would freeze for them, at every resize too. */
#define THREADED_LAYOUT_STEPS 5000

typedef struct
{
  HsTrace                *trace;
  HsDiagramStyle         *style;
  HsDiagramLayoutOptions  options;
  double                  request;
  guint                   generation;
} LayoutJob;

/* The window shows a Cancel button while a thread lays out a trace of
 * which nothing is shown yet. */
static void
update_laying_out (HsDiagramView *self)
{
  gboolean laying_out = self->layout_running && self->layout == NULL && !self->layout_cancelled;

  if (laying_out == self->laying_out)
    return;
  self->laying_out = laying_out;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAYING_OUT]);
}

static void
set_layout_cancelled (HsDiagramView *self,
                      gboolean       cancelled)
{
  if (cancelled == self->layout_cancelled)
    return;
  self->layout_cancelled = cancelled;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAYOUT_CANCELLED]);
  update_laying_out (self);
}

static void
layout_job_free (gpointer data)
{
  LayoutJob *job = data;

  g_object_unref (job->trace);
  hs_diagram_style_free (job->style);
  g_free (job);
}

static void
layout_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  LayoutJob *job = task_data;

  /* NULL when cancelled */
  g_task_return_pointer (task,
                         hs_diagram_layout_new_cancellable (job->trace, job->style, job->request, &job->options,
                                                            cancellable),
                         (GDestroyNotify) hs_diagram_layout_unref);
}

static void ensure_layout (HsDiagramView *self);

static void
layout_done (GObject      *source_object,
             GAsyncResult *result,
             gpointer      user_data)
{
  HsDiagramView *self = HS_DIAGRAM_VIEW (source_object);
  LayoutJob *job = g_task_get_task_data (G_TASK (result));
  HsDiagramLayout *layout = g_task_propagate_pointer (G_TASK (result), NULL);

  self->layout_running = FALSE;
  g_clear_object (&self->layout_cancellable);
  /* A thread cancelled by the teacher may have finished before it saw
   * the cancel: its diagram is not shown, as the window says (only Draw
   * the Diagram lays the trace out again). */
  if (layout != NULL && job->trace == _hs_diagram_view_get_trace (self) && !self->layout_cancelled)
    {
      /* even one made for other options or another width is better than
       * none while the next is made */
      g_clear_pointer (&self->layout, hs_diagram_layout_unref);
      self->layout = g_steal_pointer (&layout);
      self->layout_is_head = FALSE;
      self->layout_request = job->request;
      self->layout_dirty = job->generation != self->layout_generation;
      self->reveal_pending = TRUE;
    }
  g_clear_pointer (&layout, hs_diagram_layout_unref);

  /* The scrollbars learn the new size now, outside a frame: learning it
   * in the next size_allocate would show them in the middle of laying
   * the window out. Then lay out again if the width or the options
   * changed meanwhile. */
  configure_adjustments (self);
  if (self->reveal_pending)
    reveal_current (self, FALSE);
  gtk_widget_queue_allocate (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
  update_laying_out (self);
}

/* Past this many steps a trace shows the head of its layout while the
 * thread lays out the whole; a head holds HEAD_STEPS steps past the
 * current one at first, doubled until it reaches a screen and the 600 px
 * above its end that may still move (hs_diagram_layout_new_head()). */
#define HEAD_LAYOUT_STEPS 20000
#define HEAD_STEPS 512

static HsDiagramLayout *
head_layout (HsDiagramView *self,
             HsTrace       *trace,
             double         request)
{
  guint n_steps = hs_trace_get_n_steps (trace);
  double need = (_hs_diagram_view_viewport_y (self) + 2 * gtk_widget_get_height (GTK_WIDGET (self))) /
                MAX (_hs_diagram_view_get_scale (self), 0.01) + 600;

  for (guint more = HEAD_STEPS;; more *= 2)
    {
      guint last = self->shown_position + more;
      HsDiagramLayout *head = hs_diagram_layout_new_head (trace, self->style, request, &self->options, last);

      if (last >= n_steps || more >= n_steps || hs_diagram_layout_get_body_bottom (head) >= need)
        return head;
      hs_diagram_layout_unref (head);
    }
}

static void
ensure_layout (HsDiagramView *self)
{
  HsTrace *trace = _hs_diagram_view_get_trace (self);
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double request = MAX (width / self->zoom, MIN_LAYOUT_WIDTH);
  g_autoptr(GTask) task = NULL;
  LayoutJob *job;

  if (trace == NULL || width <= 0 || self->layout_cancelled)
    return;
  if (self->layout != NULL && !self->layout_is_head && !self->layout_dirty &&
      fabs (request - self->layout_request) < 0.5)
    return;

  if (hs_trace_get_n_steps (trace) <= THREADED_LAYOUT_STEPS)
    {
      g_clear_pointer (&self->layout, hs_diagram_layout_unref);
      self->layout_is_head = FALSE;
      self->layout = hs_diagram_layout_new (trace, self->style, request, &self->options);
      self->layout_request = request;
      self->layout_dirty = FALSE;
      self->reveal_pending = TRUE;
      return;
    }

  /* A very long trace shows the head of its layout first, nothing shown
   * yet: the steps up to the current one and a few screens more, for
   * what they cost (issue 18), placed where the whole will place them
   * but where labels crowd. A trace that takes seconds, not minutes,
   * waits for its whole layout behind the card that can cancel it. */
  if (self->layout == NULL && hs_trace_get_n_steps (trace) > HEAD_LAYOUT_STEPS)
    {
      self->layout = head_layout (self, trace, request);
      self->layout_is_head = TRUE;
      self->layout_request = request;
      self->reveal_pending = TRUE;
    }

  /* One thread at a time; layout_done() asks for the next, so that a
   * resize lays out once more at its end rather than at every step. The
   * getters only read a decoded trace, so the window may go on reading
   * it meanwhile. */
  if (self->layout_running)
    return;
  hs_trace_decode (trace);
  job = g_new0 (LayoutJob, 1);
  job->trace = g_object_ref (trace);
  job->style = hs_diagram_style_copy (self->style);
  job->options = self->options;
  job->request = request;
  job->generation = self->layout_generation;
  self->layout_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->layout_cancellable, layout_done, NULL);
  g_task_set_source_tag (task, ensure_layout);
  g_task_set_task_data (task, job, layout_job_free);
  /* the result is NULL when cancelled, not an error */
  g_task_set_check_cancellable (task, FALSE);
  self->layout_running = TRUE;
  g_task_run_in_thread (task, layout_thread);
  update_laying_out (self);
}

static void
invalidate_layout (HsDiagramView *self)
{
  self->layout_dirty = TRUE;
  self->layout_generation++;
  gtk_widget_queue_allocate (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Where @value should go so that [@lo, @hi) (content coordinates) lies in
 * the page [value + @margin, value + @page): unchanged when it already
 * does; otherwise the item sits a little below the middle, as a reader's
 * eye expects the next step to come from below. */
static double
reveal_value (double value,
              double page,
              double margin,
              double lo,
              double hi)
{
  double room = page - margin;

  if (lo >= value + margin && hi <= value + page)
    return value;
  if (hi - lo >= room)
    return lo - margin;
  /* the item's bottom at 70 % of the room, its top never under the margin */
  return MIN (hi - margin - room * 0.7, lo - margin);
}

/* The one place that keeps the current step in sight: its segment's arrow
 * and label (or its note), inside the part of the view not covered by the
 * pinned lane headers; when that is taller than the view, at least the
 * label and the moment it happens. Called whenever what is shown may have
 * moved: a new step, a new layout (lesson, file, options, style,
 * re-simulation) and a new size (resize, panels, presentation mode). */
static gboolean
current_box (HsDiagramView *self,
             HsDiagramRect *box,
             double        *top_margin)
{
  guint position = self->shown_position;
  double scale, h;
  HsDiagramRect bounds, focus;

  if (self->layout == NULL)
    return FALSE;
  scale = _hs_diagram_view_get_scale (self);
  h = gtk_widget_get_height (GTK_WIDGET (self));
  *top_margin = (hs_diagram_layout_get_header_bottom (self->layout) + 6) * scale;
  if (position == 0)
    {
      /* nothing has happened yet: the top of the diagram */
      *box = (HsDiagramRect) { 0, 0, 1, 1 };
      *top_margin = 0;
      return TRUE;
    }
  if (!hs_diagram_layout_get_step_bounds (self->layout, position - 1, &bounds) ||
      !hs_diagram_layout_get_step_focus (self->layout, position - 1, &focus))
    return FALSE;
  if (bounds.height * scale > h - *top_margin - 8)
    bounds = focus;
  *box = (HsDiagramRect) { bounds.x * scale, bounds.y * scale, bounds.width * scale, bounds.height * scale };
  return TRUE;
}

static void
reveal_current (HsDiagramView *self,
                gboolean       smooth)
{
  HsDiagramRect box;
  double w = gtk_widget_get_width (GTK_WIDGET (self));
  double h = gtk_widget_get_height (GTK_WIDGET (self));
  double margin, target;

  self->reveal_pending = FALSE;
  if (self->vadjustment == NULL || self->hadjustment == NULL || w <= 0 || h <= 0 ||
      !current_box (self, &box, &margin))
    return;

  target = reveal_value (_hs_diagram_view_viewport_x (self), w, 0, box.x - 4, box.x + box.width + 4);
  gtk_adjustment_set_value (self->hadjustment,
                            CLAMP (target, 0, gtk_adjustment_get_upper (self->hadjustment) - w));

  target = reveal_value (self->scroll_target >= 0 ? self->scroll_target : _hs_diagram_view_viewport_y (self),
                         h, margin, box.y - 4, box.y + box.height + 4);
  target = CLAMP (target, gtk_adjustment_get_lower (self->vadjustment),
                  MAX (gtk_adjustment_get_upper (self->vadjustment) - h, 0));
  if (smooth && animations_enabled (self) && gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      if (fabs (target - _hs_diagram_view_viewport_y (self)) >= 1)
        {
          self->scroll_target = target;
          ensure_ticking (self);
        }
    }
  else
    {
      self->scroll_target = -1;
      gtk_adjustment_set_value (self->vadjustment, target);
    }
}

/* What a screen reader says of the diagram: the current step's narration
 * and, when the step sends or receives a segment, the segment's fields as
 * its arrow's label shows them ("SYN, ACK seq=0 ack=1 win=65160 len=0"). */
static void
update_accessible (HsDiagramView *self)
{
  HsTrace *trace = _hs_diagram_view_get_trace (self);
  g_autofree char *text = NULL;

  if (trace == NULL)
    return;
  if (self->shown_position > 0)
    {
      const HsTraceStep *step = hs_trace_get_step (trace, self->shown_position - 1);

      text = hs_narration_format_step (trace, self->shown_position - 1);
      if (step != NULL && step->segment != HS_TRACE_NONE)
        {
          const HsTraceSegment *segment = hs_trace_get_segment (trace, step->segment);
          g_autofree char *flags = hs_diagram_format_segment_flags (trace, segment);
          g_autofree char *numbers = hs_diagram_format_numbers (trace, segment, self->options.absolute);
          g_autofree char *tags = hs_diagram_format_tags (segment);
          g_autofree char *sentence = g_steal_pointer (&text);

          text = g_strdup_printf ("%s\n%s %s%s%s", sentence, flags, numbers,
                                  tags != NULL ? "\n" : "", tags != NULL ? tags : "");
        }
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  text != NULL ? text : hs_trace_get_title (trace) ? hs_trace_get_title (trace) : "",
                                  -1);
}

/* ------------------------------------------------------------------ */
/* Animation                                                           */

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  HsDiagramView *self = HS_DIAGRAM_VIEW (widget);
  gint64 now = gdk_frame_clock_get_frame_time (clock);

  if (self->animating && now >= self->anim_start + self->anim_duration)
    {
      self->animating = FALSE;
      /* the flight's last frame is just short of the step: the step
       * itself (a captured segment sent at it, the current label whole)
       * is drawn once more at rest */
      gtk_widget_queue_draw (widget);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANIMATING]);
      if (self->playing)
        self->dwell_until = now + (gint64) (PLAY_DWELL_US / self->speed);
    }

  if (self->playing && !self->animating && now >= self->dwell_until && self->session != NULL)
    {
      if (!hs_session_step_forward (self->session))
        hs_diagram_view_set_playing (self, FALSE);
    }

  if (self->scroll_target >= 0 && self->vadjustment != NULL)
    {
      double value = gtk_adjustment_get_value (self->vadjustment);
      double next = value + (self->scroll_target - value) * 0.18;

      if (fabs (self->scroll_target - next) < 1)
        {
          next = self->scroll_target;
          self->scroll_target = -1;
        }
      gtk_adjustment_set_value (self->vadjustment, next);
    }

  if (self->animating)
    {
      if (self->playing)
        reveal_current (self, TRUE);
      gtk_widget_queue_draw (widget);
    }

  if (self->animating || self->playing || self->scroll_target >= 0)
    return G_SOURCE_CONTINUE;

  self->tick_id = 0;
  return G_SOURCE_REMOVE;
}

static void
ensure_ticking (HsDiagramView *self)
{
  if (self->tick_id == 0)
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), tick_cb, NULL, NULL);
}

static void
stop_animation (HsDiagramView *self)
{
  if (!self->animating)
    return;
  self->animating = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANIMATING]);
}

static void
position_changed_cb (HsDiagramView *self)
{
  HsTrace *trace = _hs_diagram_view_get_trace (self);
  guint position = hs_session_get_position (self->session);
  guint old = self->shown_position;
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  stop_animation (self);
  position = MIN (position, self->limit);
  self->shown_position = position;

  if (trace != NULL && position == old + 1 && old > 0 && clock != NULL &&
      gtk_widget_get_mapped (GTK_WIDGET (self)) && animations_enabled (self))
    {
      HsTime from = step_time (trace, old - 1), to = step_time (trace, position - 1);

      if (to > from)
        {
          self->animating = TRUE;
          self->anim_from = from;
          self->anim_to = to;
          self->anim_start = gdk_frame_clock_get_frame_time (clock);
          self->anim_duration = (gint64) ((self->playing ? PLAY_DURATION_US : STEP_DURATION_US) / self->speed);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANIMATING]);
          ensure_ticking (self);
        }
    }
  /* a step with no flight still gets a moment on screen while playing */
  if (self->playing && !self->animating)
    self->dwell_until = (clock != NULL ? gdk_frame_clock_get_frame_time (clock) : g_get_monotonic_time ()) +
                        (gint64) (PLAY_DWELL_SAME_US / self->speed);

  reveal_current (self, TRUE);
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
trace_changed_cb (HsDiagramView *self)
{
  HsTrace *trace = _hs_diagram_view_get_trace (self);

  /* what was drawn from the old trace goes now: a long new one is laid
   * out in a thread, and nothing may read the old one's layout meanwhile;
   * a thread still laying the old one out stops, to make way */
  if (self->layout != NULL && hs_diagram_layout_get_trace (self->layout) != trace)
    {
      g_clear_pointer (&self->layout, hs_diagram_layout_unref);
      self->layout_is_head = FALSE;
    }
  if (self->layout_cancellable != NULL)
    g_cancellable_cancel (self->layout_cancellable);
  set_layout_cancelled (self, FALSE);
  stop_animation (self);
  self->shown_position = self->session != NULL ? MIN (hs_session_get_position (self->session), self->limit) : 0;
  invalidate_layout (self);
  update_accessible (self);
  update_laying_out (self);
}

/* ------------------------------------------------------------------ */
/* Drawing                                                             */

static void
accent_color (HsDiagramView *self,
              GdkRGBA       *rgba)
{
  /* the selection and the playhead: libadwaita's blue, lighter on dark */
  if (self->style_kind == HS_DIAGRAM_STYLE_DARK)
    gdk_rgba_parse (rgba, "#78aeed");
  else if (self->style_kind == HS_DIAGRAM_STYLE_HIGH_CONTRAST)
    gdk_rgba_parse (rgba, "#0b5cad");
  else
    gdk_rgba_parse (rgba, "#3584e4");
}

static void
draw_selection (HsDiagramView   *self,
                cairo_t         *cr,
                double           moment_y,
                const GdkRGBA   *accent)
{
  const HsDiagramArrow *arrow;
  guint segment;
  double x1, y1;

  if (self->session == NULL)
    return;
  segment = hs_session_get_selected_segment (self->session);
  if (segment == HS_TRACE_NONE || (arrow = hs_diagram_layout_find_arrow (self->layout, segment)) == NULL)
    return;
  if (arrow->step != HS_TRACE_NONE && arrow->step >= self->shown_position)
    return;

  /* along the part of the arrow that has been travelled */
  x1 = arrow->x1;
  y1 = arrow->y1;
  if (arrow->y1 - arrow->y0 > 0.5 && moment_y < arrow->y1)
    {
      double f = CLAMP ((moment_y - arrow->y0) / (arrow->y1 - arrow->y0), 0.0, 1.0);

      x1 = arrow->x0 + f * (arrow->x1 - arrow->x0);
      y1 = arrow->y0 + f * (arrow->y1 - arrow->y0);
    }

  cairo_save (cr);
  cairo_set_source_rgba (cr, accent->red, accent->green, accent->blue, 0.28);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_width (cr, 12);
  cairo_move_to (cr, arrow->x0, arrow->y0);
  cairo_line_to (cr, x1, y1);
  cairo_stroke (cr);

  cairo_rectangle (cr, arrow->label.x - 5, arrow->label.y - 4, arrow->label.width + 10, arrow->label.height + 8);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, accent->red, accent->green, accent->blue, 0.9);
  cairo_set_line_width (cr, 2);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
draw_playhead (HsDiagramView         *self,
               cairo_t               *cr,
               const HsDiagramMoment *moment,
               const GdkRGBA         *accent)
{
  double y = hs_diagram_renderer_get_moment_y (self->layout, moment);
  double dashes[] = { 6, 4 };

  if (self->shown_position == 0 && !self->animating)
    return;
  cairo_save (cr);
  cairo_set_source_rgba (cr, accent->red, accent->green, accent->blue, 0.75);
  cairo_set_line_width (cr, 2);
  cairo_set_dash (cr, dashes, 2, 0);
  cairo_move_to (cr, 8, round (y) + 0.5);
  cairo_line_to (cr, hs_diagram_layout_get_width (self->layout) - 8, round (y) + 0.5);
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* What stands in the view while a thread lays a long trace out. */
static void
draw_waiting (HsDiagramView *self,
              GtkSnapshot   *snapshot,
              double         w,
              double         h)
{
  /* Translators: shown in the diagram's place while a long trace is laid out */
  g_autoptr(PangoLayout) text = gtk_widget_create_pango_layout (GTK_WIDGET (self), _("Drawing the diagram…"));
  const HsDiagramColor *bg = &self->style->background, *fg = &self->style->muted;
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));
  int tw, th;

  cairo_set_source_rgba (cr, bg->red, bg->green, bg->blue, bg->alpha);
  cairo_paint (cr);
  pango_layout_get_pixel_size (text, &tw, &th);
  cairo_move_to (cr, round ((w - tw) / 2), round ((h - th) / 2));
  cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, fg->alpha);
  pango_cairo_show_layout (cr, text);
  cairo_destroy (cr);
}

static void
hs_diagram_view_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  HsDiagramView *self = HS_DIAGRAM_VIEW (widget);
  double w = gtk_widget_get_width (widget);
  double h = gtk_widget_get_height (widget);
  double x0 = _hs_diagram_view_viewport_x (self), y0 = _hs_diagram_view_viewport_y (self);
  double ly0, ly1, header_top, header_bottom;
  const HsDiagramStyle *style;
  HsDiagramMoment moment;
  GdkRGBA accent;
  cairo_t *cr;

  if (self->layout == NULL && self->layout_running && !self->layout_cancelled && w > 0 && h > 0)
    {
      draw_waiting (self, snapshot, w, h);
      return;
    }
  if (self->layout == NULL || hs_diagram_layout_get_n_lanes (self->layout) == 0 || w <= 0 || h <= 0)
    return;

  style = hs_diagram_layout_get_style (self->layout);
  get_moment (self, &moment, FALSE);
  accent_color (self, &accent);

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));
  cairo_set_source_rgba (cr, style->background.red, style->background.green,
                         style->background.blue, style->background.alpha);
  cairo_paint (cr);

  cairo_translate (cr, -x0, -y0);
  cairo_scale (cr, _hs_diagram_view_get_scale (self), _hs_diagram_view_get_scale (self));
  ly0 = y0 / _hs_diagram_view_get_scale (self);
  ly1 = (y0 + h) / _hs_diagram_view_get_scale (self);

  draw_playhead (self, cr, &moment, &accent);
  draw_selection (self, cr, hs_diagram_renderer_get_moment_y (self->layout, &moment), &accent);
  hs_diagram_renderer_draw (self->layout, cr, ly0, ly1, &moment,
                            HS_DIAGRAM_RENDER_NO_BACKGROUND | HS_DIAGRAM_RENDER_NO_HEADERS |
                            (self->limit != G_MAXUINT ? HS_DIAGRAM_RENDER_HIDE_FUTURE : 0));

  /* the lane headers stay at the top while the diagram scrolls under them */
  header_top = hs_diagram_layout_get_lane (self->layout, 0)->header.y;
  header_bottom = hs_diagram_layout_get_header_bottom (self->layout);
  if (ly0 > 0)
    {
      cairo_set_source_rgba (cr, style->background.red, style->background.green,
                             style->background.blue, 1.0);
      cairo_rectangle (cr, x0 / _hs_diagram_view_get_scale (self), ly0, w / _hs_diagram_view_get_scale (self), header_bottom + 6);
      cairo_fill (cr);
      cairo_set_source_rgba (cr, style->muted.red, style->muted.green, style->muted.blue, 0.35);
      cairo_set_line_width (cr, 1 / _hs_diagram_view_get_scale (self));
      cairo_move_to (cr, x0 / _hs_diagram_view_get_scale (self), ly0 + header_bottom + 6);
      cairo_line_to (cr, (x0 + w) / _hs_diagram_view_get_scale (self), ly0 + header_bottom + 6);
      cairo_stroke (cr);
    }
  hs_diagram_renderer_draw_headers_at (self->layout, cr, ly0 + header_top, &moment);

  cairo_destroy (cr);
}

/* ------------------------------------------------------------------ */
/* GtkWidget                                                           */

static void
hs_diagram_view_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 240;
      *natural = 720;
    }
  else
    {
      *minimum = 160;
      *natural = 600;
    }
}

static gboolean
configure_adjustments_idle_cb (gpointer user_data)
{
  HsDiagramView *self = HS_DIAGRAM_VIEW (user_data);

  self->adjustments_idle_id = 0;
  configure_adjustments (self);
  if (self->reveal_pending)
    reveal_current (self, FALSE);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return G_SOURCE_REMOVE;
}

static void
hs_diagram_view_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  HsDiagramView *self = HS_DIAGRAM_VIEW (widget);

  if (width != self->allocated_width || height != self->allocated_height)
    self->reveal_pending = TRUE;
  self->allocated_width = width;
  self->allocated_height = height;
  ensure_layout (self);

  /* A new trace, new options or a new zoom laid out just now may make the
   * diagram taller or wider than the view where it was not, or the other
   * way round. Told so here, GtkScrolledWindow would show or hide its
   * scrollbar and queue a resize in the middle of laying the window out:
   * GTK 4.8 then paints the window with the overlay above the diagram
   * still waiting for its allocation ("Trying to snapshot GtkOverlay
   * without a current allocation"). The scrollbars learn the new size
   * just after this frame instead; this one is drawn as they were. */
  if (scrollbars_would_flip (self))
    {
      if (self->adjustments_idle_id == 0)
        self->adjustments_idle_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, configure_adjustments_idle_cb,
                                                     self, NULL);
    }
  else
    {
      configure_adjustments (self);
      if (self->reveal_pending)
        reveal_current (self, FALSE);
    }
  if (self->menu != NULL)
    gtk_popover_present (GTK_POPOVER (self->menu));
}

static void
set_adjustment (HsDiagramView  *self,
                GtkAdjustment **slot,
                GtkAdjustment  *adjustment,
                int             prop)
{
  if (adjustment == *slot)
    return;
  if (*slot != NULL)
    g_signal_handlers_disconnect_by_func (*slot, gtk_widget_queue_draw, self);
  g_set_object (slot, adjustment);
  if (adjustment != NULL)
    g_signal_connect_swapped (adjustment, "value-changed", G_CALLBACK (gtk_widget_queue_draw), self);
  configure_adjustments (self);
  g_object_notify (G_OBJECT (self), prop == PROP_HADJUSTMENT ? "hadjustment" : "vadjustment");
}

static void
hs_diagram_view_dispose (GObject *object)
{
  HsDiagramView *self = HS_DIAGRAM_VIEW (object);

  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
  if (self->layout_cancellable != NULL)
    g_cancellable_cancel (self->layout_cancellable);
  g_clear_handle_id (&self->adjustments_idle_id, g_source_remove);
  hs_diagram_view_set_session (self, NULL);
  g_clear_object (&self->session_signals);
  set_adjustment (self, &self->hadjustment, NULL, PROP_HADJUSTMENT);
  set_adjustment (self, &self->vadjustment, NULL, PROP_VADJUSTMENT);
  g_clear_pointer (&self->menu, gtk_widget_unparent);

  G_OBJECT_CLASS (hs_diagram_view_parent_class)->dispose (object);
}

static void
hs_diagram_view_finalize (GObject *object)
{
  HsDiagramView *self = HS_DIAGRAM_VIEW (object);

  g_clear_pointer (&self->layout, hs_diagram_layout_unref);
  g_clear_pointer (&self->style, hs_diagram_style_free);

  G_OBJECT_CLASS (hs_diagram_view_parent_class)->finalize (object);
}

static void
hs_diagram_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  HsDiagramView *self = HS_DIAGRAM_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    case PROP_PLAYING:
      g_value_set_boolean (value, self->playing);
      break;
    case PROP_SPEED:
      g_value_set_double (value, self->speed);
      break;
    case PROP_ANIMATING:
      g_value_set_boolean (value, self->animating);
      break;
    case PROP_LAYING_OUT:
      g_value_set_boolean (value, self->laying_out);
      break;
    case PROP_LAYOUT_CANCELLED:
      g_value_set_boolean (value, self->layout_cancelled);
      break;
    case PROP_HADJUSTMENT:
      g_value_set_object (value, self->hadjustment);
      break;
    case PROP_VADJUSTMENT:
      g_value_set_object (value, self->vadjustment);
      break;
    case PROP_HSCROLL_POLICY:
      g_value_set_enum (value, self->hscroll_policy);
      break;
    case PROP_VSCROLL_POLICY:
      g_value_set_enum (value, self->vscroll_policy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_diagram_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  HsDiagramView *self = HS_DIAGRAM_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      hs_diagram_view_set_session (self, g_value_get_object (value));
      break;
    case PROP_ZOOM:
      hs_diagram_view_set_zoom (self, g_value_get_double (value));
      break;
    case PROP_PLAYING:
      hs_diagram_view_set_playing (self, g_value_get_boolean (value));
      break;
    case PROP_SPEED:
      hs_diagram_view_set_speed (self, g_value_get_double (value));
      break;
    case PROP_HADJUSTMENT:
      set_adjustment (self, &self->hadjustment, g_value_get_object (value), PROP_HADJUSTMENT);
      break;
    case PROP_VADJUSTMENT:
      set_adjustment (self, &self->vadjustment, g_value_get_object (value), PROP_VADJUSTMENT);
      break;
    case PROP_HSCROLL_POLICY:
      self->hscroll_policy = g_value_get_enum (value);
      gtk_widget_queue_resize (GTK_WIDGET (self));
      break;
    case PROP_VSCROLL_POLICY:
      self->vscroll_policy = g_value_get_enum (value);
      gtk_widget_queue_resize (GTK_WIDGET (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_diagram_view_class_init (HsDiagramViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hs_diagram_view_dispose;
  object_class->finalize = hs_diagram_view_finalize;
  object_class->get_property = hs_diagram_view_get_property;
  object_class->set_property = hs_diagram_view_set_property;

  widget_class->measure = hs_diagram_view_measure;
  widget_class->size_allocate = hs_diagram_view_size_allocate;
  widget_class->snapshot = hs_diagram_view_snapshot;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, HS_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, HS_DIAGRAM_VIEW_MIN_ZOOM, HS_DIAGRAM_VIEW_MAX_ZOOM, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLAYING] =
    g_param_spec_boolean ("playing", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SPEED] =
    g_param_spec_double ("speed", NULL, NULL, 0.25, 4.0, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ANIMATING] =
    g_param_spec_boolean ("animating", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAYING_OUT] =
    g_param_spec_boolean ("laying-out", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAYOUT_CANCELLED] =
    g_param_spec_boolean ("layout-cancelled", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_object_class_override_property (object_class, PROP_HADJUSTMENT, "hadjustment");
  g_object_class_override_property (object_class, PROP_VADJUSTMENT, "vadjustment");
  g_object_class_override_property (object_class, PROP_HSCROLL_POLICY, "hscroll-policy");
  g_object_class_override_property (object_class, PROP_VSCROLL_POLICY, "vscroll-policy");

  _hs_diagram_view_class_init_input (widget_class);

  gtk_widget_class_set_css_name (widget_class, "diagramview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
hs_diagram_view_init (HsDiagramView *self)
{
  self->zoom = 1.0;
  self->zoom_anchor = -1;
  self->speed = 1.0;
  self->scroll_target = -1;
  self->limit = G_MAXUINT;
  self->font_scale = 1.0;
  self->style_kind = HS_DIAGRAM_STYLE_LIGHT;
  self->style = hs_diagram_style_new (HS_DIAGRAM_STYLE_LIGHT);
  hs_diagram_layout_options_init (&self->options);
  self->options.show_header_state = TRUE;

  /* connected once; set_session() only moves the group to another session */
  self->session_signals = g_signal_group_new (HS_TYPE_SESSION);
  g_signal_group_connect_swapped (self->session_signals, "notify::trace", G_CALLBACK (trace_changed_cb), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::position", G_CALLBACK (position_changed_cb), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::selected-segment",
                                  G_CALLBACK (gtk_widget_queue_draw), self);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  _hs_diagram_view_init_input (self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Sequence diagram"),
                                  -1);
}

/* ------------------------------------------------------------------ */
/* Public API                                                          */

GtkWidget *
hs_diagram_view_new (void)
{
  return g_object_new (HS_TYPE_DIAGRAM_VIEW, NULL);
}

HsSession *
hs_diagram_view_get_session (HsDiagramView *self)
{
  g_return_val_if_fail (HS_IS_DIAGRAM_VIEW (self), NULL);
  return self->session;
}

void
hs_diagram_view_set_session (HsDiagramView *self,
                             HsSession     *session)
{
  g_return_if_fail (HS_IS_DIAGRAM_VIEW (self));
  g_return_if_fail (session == NULL || HS_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;
  g_signal_group_set_target (self->session_signals, session);
  trace_changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

void
hs_diagram_view_set_style (HsDiagramView      *self,
                           HsDiagramStyleKind  kind,
                           double              font_scale)
{
  PangoFontDescription **fonts[10];

  g_return_if_fail (HS_IS_DIAGRAM_VIEW (self));

  font_scale = CLAMP (font_scale, 0.5, 3.0);
  if (kind == self->style_kind && font_scale == self->font_scale)
    return;

  self->style_kind = kind;
  self->font_scale = font_scale;
  g_clear_pointer (&self->style, hs_diagram_style_free);
  self->style = hs_diagram_style_new (kind);

  fonts[0] = &self->style->title_font;
  fonts[1] = &self->style->header_font;
  fonts[2] = &self->style->address_font;
  fonts[3] = &self->style->flags_font;
  fonts[4] = &self->style->label_font;
  fonts[5] = &self->style->tag_font;
  fonts[6] = &self->style->badge_font;
  fonts[7] = &self->style->state_font;
  fonts[8] = &self->style->note_font;
  fonts[9] = &self->style->text_font;
  for (guint i = 0; i < G_N_ELEMENTS (fonts); i++)
    {
      PangoFontDescription *font = *fonts[i];
      double size = pango_font_description_get_size (font) * font_scale;

      if (pango_font_description_get_size_is_absolute (font))
        pango_font_description_set_absolute_size (font, size);
      else
        pango_font_description_set_size (font, (int) size);
    }
  invalidate_layout (self);
}

HsDiagramStyleKind
hs_diagram_view_get_style_kind (HsDiagramView *self)
{
  g_return_val_if_fail (HS_IS_DIAGRAM_VIEW (self), HS_DIAGRAM_STYLE_LIGHT);
  return self->style_kind;
}

void
hs_diagram_view_set_layout_options (HsDiagramView                *self,
                                    const HsDiagramLayoutOptions *options)
{
  HsDiagramLayoutOptions shown;

  g_return_if_fail (HS_IS_DIAGRAM_VIEW (self));
  g_return_if_fail (options != NULL);

  /* the lane headers, pinned while the diagram scrolls, say the states */
  shown = *options;
  shown.show_header_state = TRUE;
  if (memcmp (&self->options, &shown, sizeof shown) == 0)
    return;
  self->options = shown;
  invalidate_layout (self);
}

double
hs_diagram_view_get_zoom (HsDiagramView *self)
{
  g_return_val_if_fail (HS_IS_DIAGRAM_VIEW (self), 1.0);
  return self->zoom;
}

void
hs_diagram_view_set_zoom (HsDiagramView *self,
                          double         zoom)
{
  double h, ch;

  g_return_if_fail (HS_IS_DIAGRAM_VIEW (self));

  zoom = CLAMP (zoom, HS_DIAGRAM_VIEW_MIN_ZOOM, HS_DIAGRAM_VIEW_MAX_ZOOM);
  if (fabs (zoom - self->zoom) < 0.001)
    return;

  /* keep what is in the middle of the view there */
  h = gtk_widget_get_height (GTK_WIDGET (self));
  ch = content_height (self);
  if (ch > 0)
    self->zoom_anchor = CLAMP ((_hs_diagram_view_viewport_y (self) + h / 2) / ch, 0.0, 1.0);

  self->zoom = zoom;
  invalidate_layout (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

gboolean
hs_diagram_view_get_playing (HsDiagramView *self)
{
  g_return_val_if_fail (HS_IS_DIAGRAM_VIEW (self), FALSE);
  return self->playing;
}

void
hs_diagram_view_set_playing (HsDiagramView *self,
                             gboolean       playing)
{
  g_return_if_fail (HS_IS_DIAGRAM_VIEW (self));

  playing = !!playing;
  if (playing == self->playing)
    return;

  /* playing from the end starts again */
  if (playing && self->session != NULL &&
      hs_session_get_position (self->session) >= hs_session_get_n_steps (self->session))
    hs_session_set_position (self->session, 0);

  self->playing = playing;
  self->dwell_until = 0;
  if (playing)
    ensure_ticking (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
}

double
hs_diagram_view_get_speed (HsDiagramView *self)
{
  g_return_val_if_fail (HS_IS_DIAGRAM_VIEW (self), 1.0);
  return self->speed;
}

void
hs_diagram_view_set_speed (HsDiagramView *self,
                           double         speed)
{
  g_return_if_fail (HS_IS_DIAGRAM_VIEW (self));

  speed = CLAMP (speed, 0.25, 4.0);
  if (speed == self->speed)
    return;
  self->speed = speed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEED]);
}

gboolean
hs_diagram_view_get_animating (HsDiagramView *self)
{
  g_return_val_if_fail (HS_IS_DIAGRAM_VIEW (self), FALSE);
  return self->animating;
}

gboolean
hs_diagram_view_get_laying_out (HsDiagramView *self)
{
  g_return_val_if_fail (HS_IS_DIAGRAM_VIEW (self), FALSE);
  return self->laying_out;
}

gboolean
hs_diagram_view_get_layout_cancelled (HsDiagramView *self)
{
  g_return_val_if_fail (HS_IS_DIAGRAM_VIEW (self), FALSE);
  return self->layout_cancelled;
}

void
hs_diagram_view_cancel_layout (HsDiagramView *self)
{
  g_return_if_fail (HS_IS_DIAGRAM_VIEW (self));

  if (!self->laying_out)
    return;
  /* the thread stops at its next check and its result is NULL */
  g_cancellable_cancel (self->layout_cancellable);
  set_layout_cancelled (self, TRUE);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
hs_diagram_view_retry_layout (HsDiagramView *self)
{
  g_return_if_fail (HS_IS_DIAGRAM_VIEW (self));

  if (!self->layout_cancelled)
    return;
  set_layout_cancelled (self, FALSE);
  /* a cancelled thread still unwinding asks for this one when it is done */
  invalidate_layout (self);
}

HsDiagramLayout *
hs_diagram_view_get_layout (HsDiagramView *self)
{
  g_return_val_if_fail (HS_IS_DIAGRAM_VIEW (self), NULL);
  return self->layout;
}

guint
hs_diagram_view_get_limit (HsDiagramView *self)
{
  g_return_val_if_fail (HS_IS_DIAGRAM_VIEW (self), G_MAXUINT);
  return self->limit;
}

void
hs_diagram_view_set_limit (HsDiagramView *self,
                           guint          limit)
{
  g_return_if_fail (HS_IS_DIAGRAM_VIEW (self));

  if (self->limit == limit)
    return;
  self->limit = limit;
  if (self->session != NULL)
    position_changed_cb (self);
}

/**
 * hs_diagram_view_get_current_box:
 * @box: (out): the current step's box, in widget coordinates
 * @visible: (out): the part of the view the diagram is readable in (below
 *   the pinned lane headers)
 *
 * What the view keeps in sight, for tests: returns FALSE when there is no
 * layout yet or nothing to show.
 */
gboolean
hs_diagram_view_get_current_box (HsDiagramView   *self,
                                 graphene_rect_t *box,
                                 graphene_rect_t *visible)
{
  HsDiagramRect rect;
  double margin;

  g_return_val_if_fail (HS_IS_DIAGRAM_VIEW (self), FALSE);

  if (!current_box (self, &rect, &margin))
    return FALSE;
  graphene_rect_init (box, rect.x - _hs_diagram_view_viewport_x (self), rect.y - _hs_diagram_view_viewport_y (self),
                      rect.width, rect.height);
  graphene_rect_init (visible, 0, margin, gtk_widget_get_width (GTK_WIDGET (self)),
                      gtk_widget_get_height (GTK_WIDGET (self)) - margin);
  return TRUE;
}

/* Whether the view is at rest: laid out, nothing flying or gliding. */
gboolean
hs_diagram_view_get_settled (HsDiagramView *self)
{
  g_return_val_if_fail (HS_IS_DIAGRAM_VIEW (self), FALSE);

  return self->layout != NULL && !self->layout_dirty && !self->layout_running && !self->animating &&
         self->scroll_target < 0 && self->adjustments_idle_id == 0 && !self->reveal_pending;
}
