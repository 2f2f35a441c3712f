/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-diagram-view.h: the animated sequence diagram, a scrollable widget that
 * draws with the shared renderer. */

#pragma once

#include <gtk/gtk.h>

#include "hs-diagram-layout.h"
#include "hs-session.h"

G_BEGIN_DECLS

#define HS_DIAGRAM_VIEW_MIN_ZOOM 0.5
#define HS_DIAGRAM_VIEW_MAX_ZOOM 4.0

#define HS_TYPE_DIAGRAM_VIEW (hs_diagram_view_get_type ())
G_DECLARE_FINAL_TYPE (HsDiagramView, hs_diagram_view, HS, DIAGRAM_VIEW, GtkWidget)

GtkWidget       *hs_diagram_view_new                (void);

HsSession       *hs_diagram_view_get_session        (HsDiagramView                *self);
void             hs_diagram_view_set_session        (HsDiagramView                *self,
                                                     HsSession                    *session);

/* The look: a named style with its type scaled by @font_scale. */
void             hs_diagram_view_set_style          (HsDiagramView                *self,
                                                     HsDiagramStyleKind            kind,
                                                     double                        font_scale);
HsDiagramStyleKind hs_diagram_view_get_style_kind   (HsDiagramView                *self);
void             hs_diagram_view_set_layout_options (HsDiagramView                *self,
                                                     const HsDiagramLayoutOptions *options);

double           hs_diagram_view_get_zoom           (HsDiagramView                *self);
void             hs_diagram_view_set_zoom           (HsDiagramView                *self,
                                                     double                        zoom);

/* Playing steps forward by itself, one step after the other, at @speed
 * (0.25 to 4); it stops at the end. */
gboolean         hs_diagram_view_get_playing        (HsDiagramView                *self);
void             hs_diagram_view_set_playing        (HsDiagramView                *self,
                                                     gboolean                      playing);
double           hs_diagram_view_get_speed          (HsDiagramView                *self);
void             hs_diagram_view_set_speed          (HsDiagramView                *self,
                                                     double                        speed);

/* Whether a segment is on its way on screen right now. */
gboolean         hs_diagram_view_get_animating      (HsDiagramView                *self);

/* Whether a thread lays the trace out and nothing of it is shown yet
 * ("Drawing the diagram…"): a long trace's layout takes seconds, millions
 * of steps minutes. */
gboolean         hs_diagram_view_get_laying_out     (HsDiagramView                *self);
/* Stops that thread: the view shows no diagram of this trace until
 * hs_diagram_view_retry_layout() or another trace. */
void             hs_diagram_view_cancel_layout      (HsDiagramView                *self);
gboolean         hs_diagram_view_get_layout_cancelled (HsDiagramView              *self);
void             hs_diagram_view_retry_layout       (HsDiagramView                *self);

/* The layout on screen (NULL before the first allocation), for exports of
 * what the window shows and for tests. */
HsDiagramLayout *hs_diagram_view_get_layout         (HsDiagramView                *self);

/* The current step's box and the readable part of the view, in widget
 * coordinates (for tests: the view keeps the one inside the other). */
gboolean         hs_diagram_view_get_current_box    (HsDiagramView                *self,
                                                     graphene_rect_t              *box,
                                                     graphene_rect_t              *visible);
/* Laid out, with nothing flying or gliding. */
gboolean         hs_diagram_view_get_settled        (HsDiagramView                *self);

/* The trace segment drawn at @x, @y (widget coordinates), or HS_TRACE_NONE. */
guint            hs_diagram_view_segment_at         (HsDiagramView                *self,
                                                     double                        x,
                                                     double                        y);

/* Opens the context menu of @segment ("Lose this segment"). */
void             hs_diagram_view_popup_menu         (HsDiagramView                *self,
                                                     guint                         segment,
                                                     double                        x,
                                                     double                        y);

/* Quiz mode: the view shows no more than @limit steps (the playhead's
 * position, at most this), so nothing past an unanswered question is
 * drawn. G_MAXUINT (the default): no limit. */
guint            hs_diagram_view_get_limit          (HsDiagramView                *self);
void             hs_diagram_view_set_limit          (HsDiagramView                *self,
                                                     guint                         limit);

G_END_DECLS
