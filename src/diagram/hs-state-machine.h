/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-state-machine.h: the RFC 9293 state diagram (section 3.3.2, figure 6)
 * as geometry and as cairo drawing, with no GTK: the eleven states, their
 * transitions labelled "event / action", the endpoints' current states
 * marked, and their last transitions emphasized. The window's state-machine
 * view and the state diagram export (hs_diagram_export_states(), --view
 * states) both draw with hs_state_machine_draw(). */

#pragma once

#include <cairo.h>

#include "hs-diagram-style.h"
#include "hs-trace.h"
#include "hs-types.h"

G_BEGIN_DECLS

/* The figure has CLOSED twice, as the RFC draws it: at the top, where a
 * connection starts, and at the bottom, where it ends. */
#define HS_STATE_MACHINE_CLOSED_END  HS_N_STATES
#define HS_STATE_MACHINE_N_BOXES     (HS_N_STATES + 1)
/* The trail keeps an endpoint's latest boxes: a whole connection passes
 * through at most eight states, a simultaneous one nine. */
#define HS_STATE_MACHINE_MAX_TRAIL   12

typedef struct
{
  HsDiagramColor background;
  HsDiagramColor text;
  HsDiagramColor muted;          /* transition labels */
  HsDiagramColor box_fill;
  HsDiagramColor box_border;
  HsDiagramColor edge;
} HsStateMachineColors;

typedef struct
{
  const char     *name;          /* "client", shown in the badge */
  HsDiagramColor  color;         /* its lane colour */
  guint           box;           /* the box it is in: an HsState or HS_STATE_MACHINE_CLOSED_END */
  guint           from_box;      /* where its last transition came from, or G_MAXUINT */
  guint           endpoint;      /* which endpoint of the trace */
  HsState         state;         /* its state */
  HsState         from_state;    /* before its last transition, when from_box is set */
  guint           trail[HS_STATE_MACHINE_MAX_TRAIL];  /* the boxes it passed through, in order, ending with box */
  guint           n_trail;
} HsStateMachineMark;

typedef struct
{
  double x, y, width, height;
} HsStateMachineRect;

/* The figure's size in its own units; the drawing scales it to fit. */
void      hs_state_machine_get_size        (double *width,
                                            double *height);

/* The box of @box (an HsState, or HS_STATE_MACHINE_CLOSED_END) in figure
 * units. */
void      hs_state_machine_get_box         (guint               box,
                                            HsStateMachineRect *rect);

/* Whether the figure draws a transition from @from to @to (boxes). */
gboolean  hs_state_machine_has_transition  (guint               from,
                                            guint               to);

/* The box an endpoint is in after a transition @from → @to (states): a
 * connection that has closed is in the bottom CLOSED. */
guint     hs_state_machine_box_for_state   (HsState             state,
                                            gboolean            has_left_closed);

/* Draws the figure filling @width × @height (stretched up to 1.6 times
 * more one way than the other), with the @n_marks endpoints marked and
 * the trail of states each passed through numbered. @font_scale
 * multiplies the type size. */
void      hs_state_machine_draw            (cairo_t                    *cr,
                                            double                      width,
                                            double                      height,
                                            const HsStateMachineColors *colors,
                                            const HsStateMachineMark   *marks,
                                            guint                       n_marks,
                                            double                      font_scale);

/* The pixel size of the transitions' labels in a figure drawn at
 * @width × @height with @font_scale: never less than 12 px times
 * @font_scale, however small the figure. */
double    hs_state_machine_label_size      (double              width,
                                            double              height,
                                            double              font_scale);

/* The figure's colours in @style: its background, text, muted lines and
 * lane-header fills for the boxes. */
void      hs_state_machine_colors_from_style (const HsDiagramStyle *style,
                                              HsStateMachineColors *colors);

/* The colour of the @index-th marked endpoint in a style of @kind: the
 * client blue, the server orange. */
void      hs_state_machine_mark_color      (HsDiagramStyleKind  kind,
                                            guint               index,
                                            HsDiagramColor     *color);

/* Marks the TCP endpoints of @trace (at most 2; UDP endpoints have no
 * states) as they stand after @step (HS_TRACE_NONE: before the first),
 * each named by its lane heading and coloured for @kind, with its last
 * transition when the figure draws it and the trail of boxes it passed
 * through. Returns how many it filled. */
guint     hs_state_machine_marks_at_step   (HsTrace            *trace,
                                            guint               step,
                                            HsDiagramStyleKind  kind,
                                            HsStateMachineMark  marks[2]);

G_END_DECLS
