/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-diagram-view-private.h: the diagram view's struct, shared by
 * hs-diagram-view.c (layout, scrolling, drawing, animation) and
 * hs-diagram-view-input.c (clicks, the context menu, zoom gestures). */

#pragma once

#include "hs-diagram-view.h"

G_BEGIN_DECLS

struct _HsDiagramView
{
  GtkWidget               parent_instance;

  /* owned */
  HsSession              *session;
  GSignalGroup           *session_signals;  /* on whatever session is set */
  HsDiagramStyle         *style;
  HsDiagramLayout        *layout;
  GtkAdjustment          *hadjustment;
  GtkAdjustment          *vadjustment;
  GtkWidget              *menu;            /* GtkPopoverMenu, a child */

  /* plain state */
  HsDiagramLayoutOptions  options;
  HsDiagramStyleKind      style_kind;
  double                  font_scale;
  double                  layout_request;  /* the width the layout was made for */
  gboolean                layout_dirty;
  guint                   layout_generation;  /* counts invalidations */
  gboolean                layout_running;  /* a thread is laying out a long trace */
  gboolean                layout_is_head;  /* layout is the head of a very long trace's,
                                            * shown until the thread is done */
  GCancellable           *layout_cancellable;  /* that thread's, while it runs */
  gboolean                layout_cancelled;  /* the teacher stopped it: no diagram of this trace */
  gboolean                laying_out;      /* as last notified */
  guint                   adjustments_idle_id;  /* sets the scrollbars just after a frame */
  double                  zoom;
  double                  zoom_anchor;     /* fraction of the height at the centre, or -1 */
  double                  zoom_gesture_start;
  guint                   hscroll_policy : 1;
  guint                   vscroll_policy : 1;

  guint                   shown_position;  /* the session position drawn last */
  guint                   limit;           /* the last position shown (quiz mode), or G_MAXUINT */
  guint                   tick_id;
  gboolean                animating;
  HsTime                  anim_from;
  HsTime                  anim_to;
  gint64                  anim_start;
  gint64                  anim_duration;
  gboolean                playing;
  double                  speed;
  gint64                  dwell_until;
  double                  scroll_target;   /* vadjustment value to glide to, or -1 */
  gboolean                reveal_pending;  /* the layout or the size changed: show the current step again */
  int                     allocated_width;
  int                     allocated_height;
};

static inline HsTrace *
_hs_diagram_view_get_trace (HsDiagramView *self)
{
  return self->session != NULL ? hs_session_get_trace (self->session) : NULL;
}

static inline double
_hs_diagram_view_viewport_x (HsDiagramView *self)
{
  return self->hadjustment != NULL ? gtk_adjustment_get_value (self->hadjustment) : 0;
}

static inline double
_hs_diagram_view_viewport_y (HsDiagramView *self)
{
  return self->vadjustment != NULL ? gtk_adjustment_get_value (self->vadjustment) : 0;
}

/* hs-diagram-view-input.c */
void  _hs_diagram_view_class_init_input (GtkWidgetClass *widget_class);
void  _hs_diagram_view_init_input       (HsDiagramView  *self);

/* The scale the diagram is drawn at: the zoom, made smaller when the
 * layout cannot be as narrow as the view, so that every lane stays in sight. */
double _hs_diagram_view_get_scale (HsDiagramView *self);

G_END_DECLS
