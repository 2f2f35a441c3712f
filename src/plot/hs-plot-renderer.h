/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-plot-renderer.h: draws a plot of a trace onto any cairo_t (the
 * window's widget, PNG, SVG and PDF exports, tests), and maps between
 * positions on it and steps. */

#pragma once

#include <cairo.h>

#include "hs-diagram-style.h"
#include "hs-plot-data.h"

G_BEGIN_DECLS

typedef struct
{
  HsDiagramStyleKind style;         /* the diagram's four styles */
  double             width;         /* in px */
  double             height;
  gboolean           segments;      /* bytes counted in segments of the sender's MSS */
  gboolean           transparent;   /* no background */
  guint              current_step;  /* the cursor; HS_TRACE_NONE: none (a window plot: the end) */
  HsTime             time_start;    /* the time range shown; both 0: the whole trace */
  HsTime             time_end;
  gboolean           no_title;      /* a window's pane names the plot in its own controls */
  /* Everything drawn this much larger (type, lines, margins) in the same
   * width and height, as the window's diagram is for a large screen or
   * presentation mode; positions (hs_plot_step_at(), hs_plot_x_for_step())
   * are in the unscaled pixels of the width and height. */
  double             scale;
} HsPlotRenderOptions;

/* Defaults: light, 960 × 540, scale 1, bytes, no cursor, the whole trace. */
void     hs_plot_render_options_init (HsPlotRenderOptions       *options);

/* Draws @data. Costs what is visible: at most a few readings per pixel
 * column, from the data's summary, however long the trace. */
void     hs_plot_render              (HsPlotData                *data,
                                      cairo_t                   *cr,
                                      const HsPlotRenderOptions *options);

/* The step nearest in time to @x on the plot drawn with @options (for a
 * click or a hover); HS_TRACE_NONE outside the time axis, or for a window
 * plot, which has none. */
guint    hs_plot_step_at              (HsPlotData                *data,
                                       const HsPlotRenderOptions *options,
                                       double                     x);
/* Where the cursor of @step is drawn; FALSE when it is off the plot. */
gboolean hs_plot_x_for_step           (HsPlotData                *data,
                                       const HsPlotRenderOptions *options,
                                       guint                      step,
                                       double                    *x);
/* The plot's values at @step, one line per series, in the user's
 * language ("Congestion window (cwnd): 14.1 KiB"), for a tooltip. */
char    *hs_plot_describe_step        (HsPlotData                *data,
                                       const HsPlotRenderOptions *options,
                                       guint                      step);

G_END_DECLS
