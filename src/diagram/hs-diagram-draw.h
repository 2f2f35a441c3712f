/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-diagram-draw.h: cairo primitives that the sequence diagram's renderer
 * and the state diagram share, so that an arrowhead, a rounded box or a
 * colour is drawn one way wherever it appears. They only draw: no state
 * is kept between calls. */

#pragma once

#include <cairo.h>

#include "hs-diagram-style.h"

G_BEGIN_DECLS

/* @color with its alpha multiplied by @alpha (1: as the style has it). */
void  hs_diagram_draw_set_color     (cairo_t              *cr,
                                     const HsDiagramColor *color,
                                     double                alpha);

/* A closed rounded rectangle as a new sub-path; @radius is at most half
 * the shorter side. */
void  hs_diagram_draw_rounded_rect  (cairo_t              *cr,
                                     double                x,
                                     double                y,
                                     double                width,
                                     double                height,
                                     double                radius);

/* A triangular arrowhead as a closed path, not filled or stroked: its tip
 * at (@x, @y), pointing along the unit vector (@ux, @uy), @length long and
 * @half_width wide on either side. @notch > 0 pulls the middle of its base
 * towards the tip by that fraction of @length (a barbed head); 0 gives a
 * plain triangle. */
void  hs_diagram_draw_arrowhead_path (cairo_t             *cr,
                                      double               x,
                                      double               y,
                                      double               ux,
                                      double               uy,
                                      double               length,
                                      double               half_width,
                                      double               notch);

G_END_DECLS
