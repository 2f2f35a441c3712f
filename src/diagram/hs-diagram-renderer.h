/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-diagram-renderer.h: draws a diagram layout on any cairo_t, for a
 * vertical window of it, at any moment of its animation. */

#pragma once

#include <cairo.h>

#include "hs-diagram-layout.h"

G_BEGIN_DECLS

typedef enum
{
  HS_DIAGRAM_MOMENT_END,    /* everything: the whole trace has happened */
  HS_DIAGRAM_MOMENT_TIME,   /* as at trace time @time */
  HS_DIAGRAM_MOMENT_STEP,   /* just after step @step */
} HsDiagramMomentKind;

/* An animation moment. Segments sent by then and not yet arrived are drawn
 * partway along their arrow; states, notes and labels appear as they
 * happen. */
typedef struct
{
  HsDiagramMomentKind kind;
  HsTime              time;
  guint               step;
} HsDiagramMoment;

typedef enum
{
  HS_DIAGRAM_RENDER_DEFAULT       = 0,
  HS_DIAGRAM_RENDER_NO_BACKGROUND = 1 << 0,  /* leave the ground transparent */
  HS_DIAGRAM_RENDER_NO_HEADERS    = 1 << 1,  /* the caller draws sticky headers */
  HS_DIAGRAM_RENDER_HIDE_FUTURE   = 1 << 2,  /* no time axis past @moment (quiz mode):
                                              * a break's or a tick's time would tell when
                                              * the next, hidden, event happens */
} HsDiagramRenderFlags;

/* Draws the part of @layout between @y0 and @y1 (layout coordinates, in
 * pixels at scale 1) on @cr, whose user space must already map layout
 * coordinates where they belong (translate by -y0 for a viewport, scale for
 * high DPI). Costs what is visible: the first visible item is found by
 * binary search and drawing stops past @y1, so a 1,000,000-segment layout
 * draws a screenful as fast as a small one. @moment may be NULL (the end).
 * Draws only: the cairo state is saved and restored. */
void     hs_diagram_renderer_draw          (HsDiagramLayout       *layout,
                                            cairo_t               *cr,
                                            double                 y0,
                                            double                 y1,
                                            const HsDiagramMoment *moment,
                                            HsDiagramRenderFlags   flags);

/* Draws the lane headers (name, address:port) with their top at @y, for
 * sticky headers in a scrolled view and for every page of a paged PDF. */
void     hs_diagram_renderer_draw_headers  (HsDiagramLayout       *layout,
                                            cairo_t               *cr,
                                            double                 y);

/* The same, each lane's state as at @moment (NULL: the end) when the
 * layout was made with show_header_state. */
void     hs_diagram_renderer_draw_headers_at (HsDiagramLayout       *layout,
                                              cairo_t               *cr,
                                              double                 y,
                                              const HsDiagramMoment *moment);
/* The y where @moment stands (the bottom of what has happened). */
double   hs_diagram_renderer_get_moment_y  (HsDiagramLayout       *layout,
                                            const HsDiagramMoment *moment);

G_END_DECLS
