/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-diagram-svg-private.h: the sequence diagram's SVG writer, and the
 * paint calls through which the renderer reaches it.
 *
 * The renderer builds its paths with cairo as always, but fills, strokes
 * and shows text through hs_diagram_paint_*(). On an ordinary cairo_t
 * these are cairo_fill(), cairo_stroke() and pango_cairo_show_layout().
 * On the cairo_t of an SVG writer they write SVG elements instead: a path
 * or a rounded box with its style in a CSS class, and text as <text> (so
 * it stays selectable, searchable and translatable) rather than glyph
 * outlines. So the SVG is drawn by the same renderer as the PNG and PDF.
 *
 * Anything drawn on the writer's cairo_t without these calls would be
 * lost from the SVG: the writer's surface records it, and
 * hs_diagram_svg_finish() warns when it is not empty. Not for other
 * layers. */

#pragma once

#include <cairo.h>
#include <gio/gio.h>
#include <pango/pangocairo.h>

G_BEGIN_DECLS

typedef struct _HsDiagramSvg HsDiagramSvg;

/* A writer of a @width × @height px document to @stream, with @title
 * (may be NULL) as its <title>. Draw on hs_diagram_svg_get_cairo(). */
HsDiagramSvg *hs_diagram_svg_new         (GOutputStream *stream,
                                          double         width,
                                          double         height,
                                          const char    *title);
cairo_t      *hs_diagram_svg_get_cairo   (HsDiagramSvg  *self);
/* Writes the style sheet and the end of the document; FALSE with @error
 * when the stream failed (at any point). */
gboolean      hs_diagram_svg_finish      (HsDiagramSvg  *self,
                                          GError       **error);
void          hs_diagram_svg_free        (HsDiagramSvg  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HsDiagramSvg, hs_diagram_svg_free)

/* Whether @cr is an SVG writer's. */
gboolean      hs_diagram_paint_is_svg           (cairo_t     *cr);
void          hs_diagram_paint_fill             (cairo_t     *cr);
void          hs_diagram_paint_fill_preserve    (cairo_t     *cr);
void          hs_diagram_paint_stroke           (cairo_t     *cr);
/* hs_diagram_draw_rounded_rect(), kept as a <rect rx> in an SVG. */
void          hs_diagram_paint_rounded_rect     (cairo_t     *cr,
                                                 double       x,
                                                 double       y,
                                                 double       width,
                                                 double       height,
                                                 double       radius);
/* A PangoLayout of @text in @desc on @context, shown as below; on an SVG
 * writer's cairo_t, plain ASCII is written without making one. */
void          hs_diagram_paint_show_text        (cairo_t                    *cr,
                                                 PangoContext               *context,
                                                 const PangoFontDescription *desc,
                                                 const char                 *text);
/* pango_cairo_show_layout() at the current point, in the source colour. */
void          hs_diagram_paint_show_layout      (cairo_t     *cr,
                                                 PangoLayout *layout);

G_END_DECLS
