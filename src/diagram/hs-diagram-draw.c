/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-diagram-draw.c: cairo primitives shared by the sequence diagram and
 * the state diagram. */

#define G_LOG_DOMAIN "hs-diagram-draw"

#include "config.h"

#include "hs-diagram-draw.h"

void
hs_diagram_draw_set_color (cairo_t              *cr,
                           const HsDiagramColor *color,
                           double                alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

void
hs_diagram_draw_rounded_rect (cairo_t *cr,
                              double   x,
                              double   y,
                              double   width,
                              double   height,
                              double   radius)
{
  double r = MIN (radius, MIN (width, height) / 2);

  cairo_new_sub_path (cr);
  cairo_arc (cr, x + width - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + width - r, y + height - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + height - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

void
hs_diagram_draw_arrowhead_path (cairo_t *cr,
                                double   x,
                                double   y,
                                double   ux,
                                double   uy,
                                double   length,
                                double   half_width,
                                double   notch)
{
  double bx = x - ux * length, by = y - uy * length;
  double nx = -uy, ny = ux;

  cairo_move_to (cr, x, y);
  cairo_line_to (cr, bx + nx * half_width, by + ny * half_width);
  if (notch > 0)
    cairo_line_to (cr, bx + ux * length * notch, by + uy * length * notch);
  cairo_line_to (cr, bx - nx * half_width, by - ny * half_width);
  cairo_close_path (cr);
}
