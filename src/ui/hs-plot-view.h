/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-plot-view.h: a plot of the session's trace (src/plot), its cursor on
 * the current step; a click or a drag moves the playhead, hovering tells
 * the values and the step's narration. */

#pragma once

#include <gtk/gtk.h>

#include "hs-diagram-style.h"
#include "hs-plot-data.h"
#include "hs-plot-renderer.h"
#include "hs-session.h"

G_BEGIN_DECLS

#define HS_TYPE_PLOT_VIEW (hs_plot_view_get_type ())
G_DECLARE_FINAL_TYPE (HsPlotView, hs_plot_view, HS, PLOT_VIEW, GtkWidget)

GtkWidget   *hs_plot_view_new           (void);
HsSession   *hs_plot_view_get_session   (HsPlotView         *self);
void         hs_plot_view_set_session   (HsPlotView         *self,
                                         HsSession          *session);
HsPlotKind   hs_plot_view_get_kind      (HsPlotView         *self);
void         hs_plot_view_set_kind      (HsPlotView         *self,
                                         HsPlotKind          kind);
/* The diagram's style, and how much larger than 1 its type is drawn (the
 * window's size and presentation mode): the plot follows both. */
void         hs_plot_view_set_style     (HsPlotView         *self,
                                         HsDiagramStyleKind  style,
                                         double              scale);
/* The options the view draws its plot with now (its size, style, scale,
 * cursor), as hs_plot_step_at() needs them for a position on it. */
void         hs_plot_view_get_render_options (HsPlotView          *self,
                                              HsPlotRenderOptions *options);
/* The controls to the left of the plot rather than above it: below the
 * diagram, height is what a plot lacks. */
void         hs_plot_view_set_controls_beside (HsPlotView   *self,
                                         gboolean            beside);
/* TRUE while a long trace's data is read in a thread (the plot then says
 * so, and its data is NULL); "notify::building" when it is done. */
gboolean     hs_plot_view_get_building  (HsPlotView         *self);
/* The plot's data for the session's trace (NULL without one). */
HsPlotData  *hs_plot_view_get_data      (HsPlotView         *self);
/* What a click at @x (in the view's own coordinates) does: the playhead
 * goes to the nearest step. FALSE off the time axis. */
gboolean     hs_plot_view_activate_at   (HsPlotView         *self,
                                         double              x);
/* What hovering at @x (in the view's own coordinates) shows: the plot's
 * values at the step there and the step's narration; NULL off the time
 * axis. */
char        *hs_plot_view_describe_at   (HsPlotView         *self,
                                         double              x);
/* Writes the plot as shown (kind, endpoint, unit, style, cursor) to
 * @path, as PNG, SVG, PDF or CSV by its extension, 1200 × 675 px. */
gboolean     hs_plot_view_export        (HsPlotView         *self,
                                         const char         *path,
                                         GError            **error);
/* Where the cursor is drawn, in the view's own coordinates. */
gboolean     hs_plot_view_get_cursor_x  (HsPlotView         *self,
                                         double             *x);

G_END_DECLS
