/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-plot-renderer-private.h: what the renderer (hs-plot-renderer.c) and
 * the plots it hands over to (hs-plot-sequence.c, hs-plot-window.c)
 * share: the frame of a drawing, the looks of series, pixel columns and
 * the drawing helpers. Not for other files. */

#pragma once

#include <pango/pango.h>

#include "hs-plot-renderer.h"

G_BEGIN_DECLS

typedef struct
{
  HsDiagramColor color;
  double         width;
  double         dash[2];   /* {0, 0}: solid */
} SeriesLook;

typedef struct
{
  HsPlotData                *data;
  const HsPlotRenderOptions *options;
  HsDiagramStyle            *style;
  PangoLayout               *layout;
  double                     scale;      /* line widths */
  double                     left, top, right, bottom;
  HsTime                     t0, t1;
  double                     v_max;      /* in the data's unit */
  double                     y_div;      /* value / y_div: the axis unit */
  gboolean                   compact;    /* short: the time unit on the ticks, no axis title */
} Frame;

/* One pixel column of a series: where it enters, its lowest and highest
 * point and where it leaves, in device y. A series is drawn through its
 * columns, so a frame strokes a few segments per column however many
 * readings fall into it (and dashes stay cheap). */
typedef struct
{
  double x;
  double first, lo, hi, last;
} Column;

SeriesLook _hs_plot_series_look    (const Frame          *f,
                                    guint                 index);
void       _hs_plot_set_color      (cairo_t              *cr,
                                    const HsDiagramColor *c);
void       _hs_plot_apply_look     (cairo_t              *cr,
                                    const SeriesLook     *look);
/* @text at (@x, @y), aligned by the fractions @align_x and @align_y of
 * its size (0: left or top, 0.5: centre, 1: right or bottom). */
void       _hs_plot_text_at        (Frame                      *f,
                                    cairo_t                    *cr,
                                    const char                 *text,
                                    const PangoFontDescription *font,
                                    double                      x,
                                    double                      y,
                                    double                      align_x,
                                    double                      align_y);
double     _hs_plot_x_of           (const Frame          *f,
                                    HsTime                t);
double     _hs_plot_y_of           (const Frame          *f,
                                    double                v);
/* A retransmission's triangle, a timeout's diamond, a loss's cross. */
void       _hs_plot_draw_mark      (cairo_t              *cr,
                                    HsPlotEventKind       kind,
                                    double                x,
                                    double                y,
                                    double                r);
/* Moves to the next legend line when @w more pixels do not fit. */
void       _hs_plot_legend_wrap    (Frame                *f,
                                    double               *x,
                                    double               *y,
                                    double                w);
void       _hs_plot_column_add     (GArray               *columns,
                                    double                x,
                                    double                y_first,
                                    double                y_lo,
                                    double                y_hi,
                                    double                y_last);
void       _hs_plot_stroke_columns (Frame                *f,
                                    cairo_t              *cr,
                                    GArray               *columns,
                                    const SeriesLook     *look,
                                    gboolean              step_line,
                                    double                x_end);

/* hs-plot-sequence.c */
void       _hs_plot_draw_sequence  (Frame                *f,
                                    cairo_t              *cr);
/* hs-plot-window.c */
void       _hs_plot_draw_window    (Frame                *f,
                                    cairo_t              *cr);

G_END_DECLS
