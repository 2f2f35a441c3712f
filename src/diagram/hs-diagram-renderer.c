/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-diagram-renderer.c: draws a diagram layout on any cairo_t. The window,
 * every exporter and the tests call this one function, so what is
 * exported is what the window shows. */

#define G_LOG_DOMAIN "hs-diagram-renderer"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "hs-diagram-draw.h"
#include "hs-diagram-layout-private.h"
#include "hs-diagram-renderer.h"
#include "hs-diagram-svg-private.h"
#include "hs-narration.h"
#include "hs-scenario.h"

typedef struct
{
  HsDiagramLayout      *layout;
  const HsDiagramStyle *style;
  HsTrace              *trace;
  cairo_t              *cr;
  double                y0, y1;
  /* the moment */
  gboolean              all;
  guint                 step;      /* last step that has happened, or G_MAXUINT: none */
  HsTime                time;
  double                y_now;
  GArray               *pieces;
  /* the current step's label, drawn whole (hs-diagram-focus.c) */
  gboolean              has_focus;
  HsDiagramRect         focus;
  guint                 focus_segment;
  /* several connections, one standing out: the others' colours, faint */
  HsDiagramColor        faint[HS_DIAGRAM_N_CONNECTION_COLORS];
} Ctx;

static void
show_text (Ctx                  *ctx,
           HsDiagramFont         font,
           const char           *text,
           double                x,
           double                y,
           const HsDiagramColor *color)
{
  g_autoptr(PangoLayout) pl = NULL;

  hs_diagram_draw_set_color (ctx->cr, color, 1);
  cairo_move_to (ctx->cr, x, y);
  if (hs_diagram_paint_is_svg (ctx->cr))
    {
      /* most text of an SVG needs no PangoLayout at all */
      hs_diagram_paint_show_text (ctx->cr, ctx->layout->context, ctx->layout->fonts[font], text);
      return;
    }
  pl = hs_diagram_layout_create_text (ctx->layout, font, text);
  hs_diagram_paint_show_layout (ctx->cr, pl);
}

/* Text aligned in a box: @align 0 left, 0.5 centre, 1 right. */
static void
show_text_aligned (Ctx                  *ctx,
                   HsDiagramFont         font,
                   const char           *text,
                   double                x,
                   double                y,
                   double                width,
                   double                align,
                   const HsDiagramColor *color)
{
  double w;

  hs_diagram_layout_measure (ctx->layout, font, text, &w, NULL);
  show_text (ctx, font, text, x + (width - w) * align, y, color);
}

/* ------------------------------------------------------------------ */
/* the moment                                                          */

static gboolean
step_happened (Ctx   *ctx,
               guint  step)
{
  if (ctx->all || step == HS_TRACE_NONE)
    return TRUE;
  return ctx->step != G_MAXUINT && step <= ctx->step;
}

static void
resolve_moment (Ctx                   *ctx,
                const HsDiagramMoment *moment)
{
  HsDiagramLayout *layout = ctx->layout;
  guint n_steps = hs_trace_get_n_steps (ctx->trace);

  ctx->all = moment == NULL || moment->kind == HS_DIAGRAM_MOMENT_END;
  ctx->step = G_MAXUINT;
  ctx->time = G_MAXINT64;
  ctx->y_now = G_MAXDOUBLE;

  if (ctx->all)
    return;

  if (moment->kind == HS_DIAGRAM_MOMENT_STEP)
    {
      ctx->step = MIN (moment->step, n_steps == 0 ? 0 : n_steps - 1);
      ctx->time = n_steps > 0 ? hs_trace_get_step (ctx->trace, ctx->step)->time : 0;
      ctx->y_now = hs_diagram_layout_get_y_for_step (layout, ctx->step);
      ctx->has_focus = n_steps > 0 &&
                       hs_diagram_layout_get_focus_label (layout, ctx->step, &ctx->focus, &ctx->focus_segment);
    }
  else
    {
      guint next = hs_trace_find_step_at_time (ctx->trace, moment->time + 1);

      ctx->step = next == 0 ? G_MAXUINT : next - 1;
      ctx->time = moment->time;
      if (layout->options.time_mode == HS_DIAGRAM_TIME_EVENTS)
        ctx->y_now = ctx->step == G_MAXUINT ? layout->body_top
                                            : hs_diagram_layout_get_y_for_step (layout, ctx->step);
      else
        ctx->y_now = hs_diagram_layout_get_y_for_time (layout, moment->time);
    }
}

double
hs_diagram_renderer_get_moment_y (HsDiagramLayout       *layout,
                                  const HsDiagramMoment *moment)
{
  Ctx ctx = { 0 };

  g_return_val_if_fail (layout != NULL, 0);

  ctx.layout = layout;
  ctx.trace = layout->trace;
  resolve_moment (&ctx, moment);

  return ctx.all ? layout->body_bottom : ctx.y_now;
}

/* ------------------------------------------------------------------ */
/* arrows                                                              */

static void
draw_head (cairo_t                  *cr,
           const HsDiagramStyle     *style,
           const HsDiagramKindStyle *ks,
           double                    x,
           double                    y,
           double                    ux,
           double                    uy)
{
  double len = style->head_length + ks->line_width;
  double hw = (style->head_width + ks->line_width) / 2;
  double bx = x - ux * len, by = y - uy * len;
  double nx = -uy, ny = ux;

  switch (ks->head)
    {
    case HS_DIAGRAM_HEAD_OPEN:
      cairo_move_to (cr, bx + nx * hw, by + ny * hw);
      cairo_line_to (cr, x, y);
      cairo_line_to (cr, bx - nx * hw, by - ny * hw);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_MITER);
      hs_diagram_paint_stroke (cr);
      break;

    case HS_DIAGRAM_HEAD_HOLLOW:
      hs_diagram_draw_arrowhead_path (cr, x, y, ux, uy, len, hw, 0);
      cairo_save (cr);
      hs_diagram_draw_set_color (cr, &style->background, 1);
      if (style->background.alpha == 0)
        cairo_set_source_rgb (cr, 1, 1, 1);
      hs_diagram_paint_fill_preserve (cr);
      cairo_restore (cr);
      cairo_set_line_width (cr, MAX (1.5, ks->line_width * 0.8));
      hs_diagram_paint_stroke (cr);
      break;

    case HS_DIAGRAM_HEAD_BAR:
      cairo_move_to (cr, x + nx * hw * 1.5, y + ny * hw * 1.5);
      cairo_line_to (cr, x - nx * hw * 1.5, y - ny * hw * 1.5);
      cairo_set_line_width (cr, ks->line_width * 1.4);
      hs_diagram_paint_stroke (cr);
      G_GNUC_FALLTHROUGH;

    case HS_DIAGRAM_HEAD_FILLED:
    default:
      hs_diagram_draw_arrowhead_path (cr, x, y, ux, uy, len, hw, 0.2);
      hs_diagram_paint_fill (cr);
      break;
    }
}

/* Draws an arrow of @kind from (x0,y0) to (x1,y1); @lost: dashed, a cross
 * at the end; @head: whether it has arrived (else it is on its way). */
static void
draw_arrow_shape (cairo_t              *cr,
                  const HsDiagramStyle *style,
                  HsDiagramKind         kind,
                  const HsDiagramColor *color,
                  double                x0,
                  double                y0,
                  double                x1,
                  double                y1,
                  gboolean              lost,
                  gboolean              dashed,
                  gboolean              cross,
                  gboolean              head)
{
  const HsDiagramKindStyle *ks = &style->kinds[kind];
  double dx = x1 - x0, dy = y1 - y0;
  double len = sqrt (dx * dx + dy * dy);
  double ux, uy;

  if (len < 0.5)
    return;
  ux = dx / len;
  uy = dy / len;

  cairo_save (cr);
  hs_diagram_draw_set_color (cr, color != NULL ? color : &ks->color, 1);
  cairo_set_line_width (cr, ks->line_width);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);

  if (lost || dashed)
    {
      double dashes[2] = { style->dash_on, style->dash_off };
      cairo_set_dash (cr, dashes, 2, 0);
    }

  cairo_move_to (cr, x0, y0);
  if (!lost && head && ks->head != HS_DIAGRAM_HEAD_OPEN)
    {
      /* stop the line inside the head so its tip stays sharp */
      double back = MIN (len, style->head_length * 0.7);
      cairo_line_to (cr, x1 - ux * back, y1 - uy * back);
    }
  else
    cairo_line_to (cr, x1, y1);
  hs_diagram_paint_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);

  /* the tail tells SYN and FIN apart without colour */
  if (ks->tail == HS_DIAGRAM_TAIL_DOT)
    {
      cairo_arc (cr, x0 + ux * 4, y0 + uy * 4, 2.2 + ks->line_width, 0, 2 * G_PI);
      hs_diagram_paint_fill (cr);
    }
  else if (ks->tail == HS_DIAGRAM_TAIL_RING)
    {
      cairo_arc (cr, x0 + ux * 5, y0 + uy * 5, 2.2 + ks->line_width * 0.8, 0, 2 * G_PI);
      cairo_save (cr);
      hs_diagram_draw_set_color (cr, &style->background, 1);
      if (style->background.alpha == 0)
        cairo_set_source_rgb (cr, 1, 1, 1);
      hs_diagram_paint_fill_preserve (cr);
      cairo_restore (cr);
      cairo_set_line_width (cr, 1.6);
      hs_diagram_paint_stroke (cr);
    }

  if (lost && cross)
    {
      double c = style->lost_cross;

      hs_diagram_draw_set_color (cr, &style->lost, 1);
      cairo_set_line_width (cr, MAX (2.5, ks->line_width * 1.2));
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      cairo_move_to (cr, x1 - c, y1 - c);
      cairo_line_to (cr, x1 + c, y1 + c);
      cairo_move_to (cr, x1 + c, y1 - c);
      cairo_line_to (cr, x1 - c, y1 + c);
      hs_diagram_paint_stroke (cr);
    }
  else if (!lost)
    {
      cairo_set_line_width (cr, ks->line_width);
      draw_head (cr, style, ks, x1, y1, ux, uy);
    }

  cairo_restore (cr);
}

/* The colour of @arrow's connection when the diagram tells connections
 * apart, else NULL: its kind's. */
static const HsDiagramColor *
arrow_color (Ctx                  *ctx,
             const HsDiagramArrow *arrow)
{
  const HsTraceSegment *seg;
  guint connection;

  if (!hs_diagram_layout_shows_connections (ctx->layout))
    return NULL;
  seg = hs_trace_get_segment (ctx->trace, arrow->segment);
  connection = hs_trace_segment_get_connection (ctx->trace, seg);
  if (connection == HS_TRACE_NONE)
    return NULL;
  if (ctx->layout->options.highlight_connection != 0 &&
      connection + 1 != ctx->layout->options.highlight_connection)
    return &ctx->faint[connection % HS_DIAGRAM_N_CONNECTION_COLORS];
  return hs_diagram_style_connection_color (ctx->style, connection);
}

/* A quarter of the colour over the background: still there, out of the way. */
static void
init_faint (Ctx *ctx)
{
  const HsDiagramColor *bg = &ctx->style->background;

  for (guint i = 0; i < HS_DIAGRAM_N_CONNECTION_COLORS; i++)
    {
      const HsDiagramColor *c = hs_diagram_style_connection_color (ctx->style, i);
      double a = bg->alpha > 0 ? 0.25 : 1.0;

      ctx->faint[i].red = a * c->red + (1 - a) * bg->red;
      ctx->faint[i].green = a * c->green + (1 - a) * bg->green;
      ctx->faint[i].blue = a * c->blue + (1 - a) * bg->blue;
      ctx->faint[i].alpha = bg->alpha > 0 ? 1.0 : 0.3;
    }
}

/* The legend's samples of kinds: in the ink of the text when colours
 * stand for connections, so that only their shapes speak. */
static const HsDiagramColor *
kind_sample_color (Ctx *ctx)
{
  return hs_diagram_layout_shows_connections (ctx->layout) ? &ctx->style->text : NULL;
}

static void
draw_arrow (Ctx                  *ctx,
            const HsDiagramArrow *arrow)
{
  const HsTraceSegment *seg = hs_trace_get_segment (ctx->trace, arrow->segment);
  double x1 = arrow->x1, y1 = arrow->y1;
  gboolean arrived = TRUE;

  if (!ctx->all)
    {
      if (seg->sent_step != HS_TRACE_NONE ? !step_happened (ctx, seg->sent_step)
                                          : seg->sent > ctx->time)
        return;

      if (seg->end_step != HS_TRACE_NONE ? !step_happened (ctx, seg->end_step)
                                         : (seg->arrived != HS_TIME_NONE && seg->arrived > ctx->time))
        {
          double f;

          arrived = FALSE;
          if (arrow->y1 - arrow->y0 > 0.5)
            f = (ctx->y_now - arrow->y0) / (arrow->y1 - arrow->y0);
          else
            {
              HsTime end = seg->end_step != HS_TRACE_NONE
                ? hs_trace_get_step (ctx->trace, seg->end_step)->time
                : seg->arrived;
              f = end > seg->sent ? (double) (ctx->time - seg->sent) / (end - seg->sent) : 1.0;
            }
          f = CLAMP (f, 0.0, 1.0);
          x1 = arrow->x0 + f * (arrow->x1 - arrow->x0);
          y1 = arrow->y0 + f * (arrow->y1 - arrow->y0);
        }
    }

  draw_arrow_shape (ctx->cr, ctx->style, arrow->kind, arrow_color (ctx, arrow), arrow->x0, arrow->y0, x1, y1,
                    arrow->lost, arrow->old, arrived, arrow->lost ? arrived : (arrived && !arrow->in_flight) || !arrived);
}

static void
draw_label_at (Ctx                  *ctx,
               const HsDiagramArrow *arrow,
               const HsDiagramRect  *r,
               double                wrap_width,
               HsDiagramLabelDetail  detail)
{
  const HsTraceSegment *seg = hs_trace_get_segment (ctx->trace, arrow->segment);
  const HsDiagramStyle *style = ctx->style;
  cairo_t *cr = ctx->cr;
  double w, h;

  hs_diagram_layout_build_label (ctx->layout, seg,
                                 seg->sent_step < hs_trace_get_n_steps (ctx->trace) ? seg->sent_step : G_MAXUINT,
                                 wrap_width, detail, ctx->pieces, &w, &h);

  hs_diagram_draw_set_color (cr, &style->label_halo, 1);
  hs_diagram_paint_rounded_rect (cr, r->x, r->y, r->width, r->height, 4);
  hs_diagram_paint_fill (cr);

  for (guint i = 0; i < ctx->pieces->len; i++)
    {
      const HsDiagramPiece *p = &g_array_index (ctx->pieces, HsDiagramPiece, i);
      double x = r->x + p->x, y = r->y + p->y;

      switch (p->role)
        {
        case HS_DIAGRAM_PIECE_BADGE:
          hs_diagram_draw_set_color (cr, &style->badge_fill, 1);
          hs_diagram_paint_rounded_rect (cr, x, y + 1, p->width, p->height - 2, (p->height - 2) / 2);
          hs_diagram_paint_fill (cr);
          show_text (ctx, p->font, p->text, x + 4, y, &style->badge_text);
          break;
        case HS_DIAGRAM_PIECE_FLAGS:
          show_text (ctx, p->font, p->text, x, y,
                     arrow_color (ctx, arrow) != NULL ? arrow_color (ctx, arrow) : &style->kinds[arrow->kind].color);
          break;
        case HS_DIAGRAM_PIECE_TAG:
          show_text (ctx, p->font, p->text, x, y, &style->tag);
          break;
        case HS_DIAGRAM_PIECE_LOST:
          show_text (ctx, p->font, p->text, x, y, &style->lost);
          break;
        default:
          show_text (ctx, p->font, p->text, x, y, &style->text);
          break;
        }
    }
}

static void
draw_label (Ctx                  *ctx,
            const HsDiagramArrow *arrow)
{
  const HsTraceSegment *seg = hs_trace_get_segment (ctx->trace, arrow->segment);

  if (arrow->detail == HS_DIAGRAM_LABEL_HIDDEN)
    return;
  if (!ctx->all && (seg->sent_step != HS_TRACE_NONE ? !step_happened (ctx, seg->sent_step)
                                                   : seg->sent > ctx->time))
    return;
  if (ctx->has_focus && hs_diagram_layout_label_gives_way (ctx->layout, ctx->step, &ctx->focus, arrow))
    return;
  draw_label_at (ctx, arrow, &arrow->label, arrow->wrap_width, arrow->detail);
}

/* The current step's label, whole, above everything else. */
static void
draw_focus (Ctx *ctx)
{
  const HsDiagramArrow *arrow;

  if (!ctx->has_focus || ctx->focus.y > ctx->y1 || ctx->focus.y + ctx->focus.height < ctx->y0 ||
      (arrow = hs_diagram_layout_find_arrow (ctx->layout, ctx->focus_segment)) == NULL ||
      arrow->detail == HS_DIAGRAM_LABEL_FULL)
    return;
  draw_label_at (ctx, arrow, &ctx->focus, hs_diagram_layout_focus_wrap (arrow), HS_DIAGRAM_LABEL_FULL);
}

/* Where time stands still on the axis (segments of one moment spread
 * apart): a dotted bar beside it, found by binary search. */
static void
draw_stretches (Ctx    *ctx,
                double  top,
                double  bottom)
{
  HsDiagramLayout *layout = ctx->layout;
  GArray *stretches = layout->stretches;
  guint lo = 0, hi = stretches->len;
  double x = round (layout->axis_x) + 4.5;
  static const double dash[] = { 2.0, 2.0 };

  /* the first that ends at or below @top; they are sorted and apart */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (stretches, HsDiagramStretch, mid).y1 < top)
        lo = mid + 1;
      else
        hi = mid;
    }
  cairo_save (ctx->cr);
  cairo_set_line_width (ctx->cr, 3);
  cairo_set_dash (ctx->cr, dash, G_N_ELEMENTS (dash), 0);
  for (guint i = lo; i < stretches->len; i++)
    {
      const HsDiagramStretch *st = &g_array_index (stretches, HsDiagramStretch, i);

      if (st->y0 > bottom)
        break;
      cairo_move_to (ctx->cr, x, MAX (st->y0, top));
      cairo_line_to (ctx->cr, x, MIN (st->y1, bottom));
    }
  hs_diagram_paint_stroke (ctx->cr);
  cairo_restore (ctx->cr);
}

/* ------------------------------------------------------------------ */
/* lanes, bands, notes                                                 */

static void
draw_hatch (cairo_t *cr,
            double   x,
            double   y0,
            double   w,
            double   y1,
            double   spacing)
{
  gboolean svg = hs_diagram_paint_is_svg (cr);

  cairo_save (cr);
  if (!svg)
    {
      cairo_rectangle (cr, x, y0, w, y1 - y0);
      cairo_clip (cr);
    }
  for (double y = floor (y0 / spacing) * spacing - w; y < y1 + w; y += spacing)
    {
      /* an SVG has no clip here: each stroke is cut to the band instead */
      double t0 = svg ? MAX (0, (y + w - y1) / w) : 0;
      double t1 = svg ? MIN (1, (y + w - y0) / w) : 1;

      if (t1 <= t0)
        continue;
      cairo_move_to (cr, x + t0 * w, y + w - t0 * w);
      cairo_line_to (cr, x + t1 * w, y + w - t1 * w);
    }
  cairo_set_line_width (cr, 1.2);
  hs_diagram_paint_stroke (cr);
  cairo_restore (cr);
}

static void
draw_band (Ctx                      *ctx,
           const HsDiagramStateBand *band)
{
  const HsDiagramStyle *style = ctx->style;
  HsDiagramBand kind = hs_diagram_band_for_state (band->state);
  const HsDiagramBandStyle *bs = &style->bands[kind];
  double y0 = band->y0, y1 = band->y1;
  double w = style->band_width, x = hs_diagram_layout_endpoint_x (ctx->layout, band->endpoint) - w / 2;
  cairo_t *cr = ctx->cr;

  if (band->down && step_happened (ctx, band->step))
    {
      /* a crashed host: its lane outlined dashed, in the colour of loss,
       * for as long as it is down */
      double dashes[2] = { style->dash_on, style->dash_off };

      if (!ctx->all)
        y1 = MIN (y1, ctx->y_now);
      y0 = MAX (y0, ctx->y0 - 8);
      y1 = MIN (y1, ctx->y1 + 8);
      if (y1 <= y0)
        return;
      cairo_save (cr);
      hs_diagram_draw_set_color (cr, &style->lost, 1);
      cairo_set_line_width (cr, 1.2);
      cairo_set_dash (cr, dashes, 2, 0);
      cairo_rectangle (cr, x, y0, w, y1 - y0);
      hs_diagram_paint_stroke (cr);
      cairo_restore (cr);
      return;
    }
  if (kind == HS_DIAGRAM_BAND_NONE || !step_happened (ctx, band->step))
    return;

  if (!ctx->all)
    y1 = MIN (y1, ctx->y_now);
  /* only the visible part: a band can be a million pixels long */
  y0 = MAX (y0, ctx->y0 - 8);
  y1 = MIN (y1, ctx->y1 + 8);
  if (y1 <= y0)
    return;

  hs_diagram_draw_set_color (cr, &bs->fill, 1);
  hs_diagram_paint_rounded_rect (cr, x, y0, w, y1 - y0, MIN (3.0, w / 2));
  hs_diagram_paint_fill_preserve (cr);
  cairo_save (cr);
  hs_diagram_draw_set_color (cr, &bs->text, 1);
  cairo_set_line_width (cr, 1.0);
  hs_diagram_paint_stroke (cr);
  cairo_restore (cr);

  if (bs->hatched)
    {
      hs_diagram_draw_set_color (cr, &bs->text, 1);
      draw_hatch (cr, x, y0, w, y1, 5.0);
    }
}

static void
draw_state_label (Ctx                      *ctx,
                  const HsDiagramStateBand *band)
{
  const HsDiagramStyle *style = ctx->style;
  HsDiagramBand kind = hs_diagram_band_for_state (band->state);
  const HsDiagramColor *color = &style->bands[kind].text;
  const HsDiagramRect *r = &band->label;
  guint n_lanes = hs_diagram_layout_get_n_lanes (ctx->layout);
  double align = band->lane == 0 && n_lanes > 1 ? 1.0 : band->lane == n_lanes - 1 && n_lanes > 1 ? 0.0 : 0.5;
  g_autofree char *duration = NULL;
  double h;

  if (!step_happened (ctx, band->step) || r->width <= 0)
    return;

  if (align == 0.5)
    {
      /* a middle lane: a pill over the lane line */
      hs_diagram_draw_set_color (ctx->cr, &style->background, 1);
      hs_diagram_paint_rounded_rect (ctx->cr, r->x, r->y, r->width, r->height, 4);
      hs_diagram_paint_fill_preserve (ctx->cr);
      hs_diagram_draw_set_color (ctx->cr, color, 1);
      cairo_set_line_width (ctx->cr, 1);
      hs_diagram_paint_stroke (ctx->cr);
    }

  show_text_aligned (ctx, HS_DIAGRAM_FONT_STATE,
                     (hs_diagram_layout_options_get_blanks (hs_diagram_layout_get_options (ctx->layout), band->step) &
                      HS_QUIZ_FIELD_STATE) ? HS_DIAGRAM_BLANK : hs_state_to_string (band->state),
                     r->x, r->y + 1, r->width, align, color);

  duration = hs_diagram_layout_band_duration (ctx->layout, band);
  if (duration != NULL)
    {
      hs_diagram_layout_measure (ctx->layout, HS_DIAGRAM_FONT_STATE, "SYN", NULL, &h);
      show_text_aligned (ctx, HS_DIAGRAM_FONT_NOTE, duration, r->x, r->y + 1 + h,
                         r->width, align, color);
    }
}

static void
draw_clock (cairo_t *cr,
            double   cx,
            double   cy,
            double   r)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, cx, cy, r, 0, 2 * G_PI);
  cairo_set_line_width (cr, 1.4);
  hs_diagram_paint_stroke (cr);
  cairo_move_to (cr, cx, cy - r * 0.65);
  cairo_line_to (cr, cx, cy);
  cairo_line_to (cr, cx + r * 0.5, cy + r * 0.2);
  hs_diagram_paint_stroke (cr);
}

static void
draw_note (Ctx                 *ctx,
           const HsDiagramNote *note)
{
  HsTrace *trace = ctx->trace;
  const HsDiagramStyle *style = ctx->style;
  const HsDiagramRect *r = &note->rect;
  g_autofree char *text = NULL;
  cairo_t *cr = ctx->cr;
  double icon = hs_diagram_layout_note_icon (ctx->layout), cy = r->y + icon / 1.8;

  if (!step_happened (ctx, note->step))
    return;
  if (ctx->has_focus && hs_diagram_layout_note_gives_way (ctx->layout, &ctx->focus, note))
    return;

  text = hs_diagram_format_transport_note (trace, note->step, note->kind);
  if (text == NULL)
    return;

  hs_diagram_draw_set_color (cr, &style->note_fill, 1);
  hs_diagram_paint_rounded_rect (cr, r->x + 0.5, r->y + 0.5, r->width - 1, r->height - 1, 4);
  hs_diagram_paint_fill_preserve (cr);
  hs_diagram_draw_set_color (cr, note->kind == HS_DIAGRAM_NOTE_NOTIFY || note->kind == HS_DIAGRAM_NOTE_DATAGRAM_LOST
                                 ? &style->lost : &style->note_border, 1);
  cairo_set_line_width (cr, 1);
  hs_diagram_paint_stroke (cr);

  switch (note->kind)
    {
    case HS_DIAGRAM_NOTE_TIMER:
      hs_diagram_draw_set_color (cr, &style->timer, 1);
      draw_clock (cr, r->x + 6 + icon / 2 - 2, cy, icon / 2 - 3);
      break;
    case HS_DIAGRAM_NOTE_NOTIFY:
      hs_diagram_draw_set_color (cr, &style->lost, 1);
      cairo_arc (cr, r->x + 6 + icon / 2 - 2, cy, icon / 2 - 4, 0, 2 * G_PI);
      hs_diagram_paint_fill (cr);
      break;
    case HS_DIAGRAM_NOTE_DATAGRAM_LOST:
      /* the lost segment's cross */
      {
        double cx = r->x + 6 + icon / 2 - 2, q = icon / 2 - 4;

        hs_diagram_draw_set_color (cr, &style->lost, 1);
        cairo_set_line_width (cr, 2);
        cairo_move_to (cr, cx - q, cy - q);
        cairo_line_to (cr, cx + q, cy + q);
        cairo_move_to (cr, cx + q, cy - q);
        cairo_line_to (cr, cx - q, cy + q);
        hs_diagram_paint_stroke (cr);
      }
      break;
    case HS_DIAGRAM_NOTE_DATAGRAM:
    case HS_DIAGRAM_NOTE_REASSEMBLED:
      /* the pieces of a datagram: three small blocks in a row */
      {
        double bw = (icon - 6) / 3.0, x = r->x + 5;

        hs_diagram_draw_set_color (cr, &style->note_text, 1);
        for (int k = 0; k < 3; k++)
          {
            cairo_rectangle (cr, x + k * (bw + 1), cy - bw / 2,
                             note->kind == HS_DIAGRAM_NOTE_REASSEMBLED ? bw + 1 : bw, bw);
            hs_diagram_paint_fill (cr);
          }
      }
      break;
    case HS_DIAGRAM_NOTE_READ:
    case HS_DIAGRAM_NOTE_APP:
    default:
      /* the application: a small "›" prompt */
      hs_diagram_draw_set_color (cr, &style->note_text, 1);
      cairo_set_line_width (cr, 1.6);
      cairo_move_to (cr, r->x + 7, cy - icon / 4);
      cairo_line_to (cr, r->x + 7 + icon / 4, cy);
      cairo_line_to (cr, r->x + 7, cy + icon / 4);
      hs_diagram_paint_stroke (cr);
      break;
    }

  {
    g_autoptr(PangoLayout) pl = hs_diagram_layout_create_text (ctx->layout, HS_DIAGRAM_FONT_NOTE, text);

    /* wrapped as the layout measured it */
    pango_layout_set_width (pl, (int) ((hs_diagram_layout_note_text_width (ctx->layout, r->width, r->height) + 0.5) * PANGO_SCALE));
    pango_layout_set_wrap (pl, PANGO_WRAP_WORD_CHAR);
    hs_diagram_draw_set_color (cr, &style->note_text, 1);
    cairo_move_to (cr, r->x + 8 + icon, r->y + 4);
    hs_diagram_paint_show_layout (cr, pl);
  }
}

/* A datagram's fragments as one group: a bracket beside the sender's
 * lane that spans them, its ends turned towards the lane. */
static void
draw_group (Ctx                          *ctx,
            const HsDiagramFragmentGroup *group)
{
  cairo_t *cr = ctx->cr;
  const HsDiagramLane *lane = hs_diagram_layout_get_lane (ctx->layout, group->lane);
  double x = round (group->x), tick = lane->x > group->x ? 5 : -5;
  double y0 = group->y0 - 5, y1 = group->y1 + 5;

  if (!step_happened (ctx, group->step))
    return;

  cairo_move_to (cr, x + tick, y0);
  cairo_line_to (cr, x, y0);
  cairo_line_to (cr, x, y1);
  cairo_line_to (cr, x + tick, y1);
  hs_diagram_draw_set_color (cr, &ctx->style->muted, 1);
  cairo_set_line_width (cr, 2);
  hs_diagram_paint_stroke (cr);
}

static void
draw_header (Ctx                 *ctx,
             const HsDiagramLane *lane,
             double               y)
{
  const HsDiagramStyle *style = ctx->style;
  const HsTraceEndpoint *ep = hs_trace_get_endpoint (ctx->trace, lane->endpoint);
  const char *name;
  g_autofree char *address = NULL;
  const HsDiagramRect *r = &lane->header;
  cairo_t *cr = ctx->cr;
  double h;

  hs_diagram_lane_heading (ctx->trace, lane->host, lane->endpoint, &name, &address);
  hs_diagram_draw_set_color (cr, &style->header_fill, 1);
  hs_diagram_paint_rounded_rect (cr, r->x + 0.5, y + 0.5, r->width - 1, r->height - 1, 6);
  hs_diagram_paint_fill_preserve (cr);
  hs_diagram_draw_set_color (cr, &style->header_border, 1);
  cairo_set_line_width (cr, style->kind == HS_DIAGRAM_STYLE_HIGH_CONTRAST ? 2 : 1);
  hs_diagram_paint_stroke (cr);

  hs_diagram_layout_measure (ctx->layout, HS_DIAGRAM_FONT_HEADER, name, NULL, &h);
  show_text_aligned (ctx, HS_DIAGRAM_FONT_HEADER, name,
                     r->x, y + 7, r->width, 0.5, &style->text);
  show_text_aligned (ctx, HS_DIAGRAM_FONT_ADDRESS, address,
                     r->x, y + 7 + h, r->width, 0.5, &style->muted);

  /* a host's listening socket: its queues as they are at the moment drawn */
  if (lane->host != HS_TRACE_NONE)
    {
      guint n_steps = hs_trace_get_n_steps (ctx->trace);
      guint lane_index = lane->host;
      g_autofree char *queues = NULL;
      double ah;

      queues = hs_diagram_layout_lane_queues (ctx->layout, lane_index,
                                              ctx->all ? (n_steps > 0 ? n_steps - 1 : HS_TRACE_NONE) : ctx->step);
      if (queues != NULL)
        {
          hs_diagram_layout_measure (ctx->layout, HS_DIAGRAM_FONT_ADDRESS, address, NULL, &ah);
          show_text_aligned (ctx, HS_DIAGRAM_FONT_ADDRESS, queues,
                             r->x, y + 7 + h + ah + 2, r->width, 0.5, &style->text);
        }
    }

  /* a host's sockets are each in a state of their own: their columns say */
  if (ctx->layout->options.show_header_state && ep->transport != HS_TRANSPORT_UDP &&
      lane->host == HS_TRACE_NONE)
    {
      guint n_steps = hs_trace_get_n_steps (ctx->trace);
      HsState state = hs_trace_get_state_at (ctx->trace,
                                             ctx->all ? (n_steps > 0 ? n_steps - 1 : HS_TRACE_NONE) : ctx->step,
                                             lane->endpoint);
      HsDiagramBand kind = hs_diagram_band_for_state (state);
      double ah;

      hs_diagram_layout_measure (ctx->layout, HS_DIAGRAM_FONT_ADDRESS, address, NULL, &ah);
      show_text_aligned (ctx, HS_DIAGRAM_FONT_STATE, hs_state_to_string (state),
                         r->x, y + 7 + h + ah + 2, r->width, 0.5, &style->bands[kind].text);
    }
}

/* ------------------------------------------------------------------ */
/* axis, breaks                                                        */

static void
draw_tick (Ctx                 *ctx,
           const HsDiagramTick *tick)
{
  double ax = ctx->layout->axis_x;
  g_autofree char *text = NULL;
  double w, h;

  if (ax < 0)
    return;

  hs_diagram_draw_set_color (ctx->cr, &ctx->style->muted, 1);
  cairo_set_line_width (ctx->cr, 1);
  cairo_move_to (ctx->cr, ax - 5, round (tick->y) + 0.5);
  cairo_line_to (ctx->cr, ax, round (tick->y) + 0.5);
  hs_diagram_paint_stroke (ctx->cr);

  text = hs_diagram_format_tick (tick->time, tick->resolution);
  hs_diagram_layout_measure (ctx->layout, HS_DIAGRAM_FONT_NOTE, text, &w, &h);
  show_text (ctx, HS_DIAGRAM_FONT_NOTE, text, ax - 8 - w, tick->y - h / 2, &ctx->style->muted);
}

static void
draw_break_mark (cairo_t              *cr,
                 const HsDiagramStyle *style,
                 double                x,
                 double                half_w,
                 double                y0,
                 double                y1)
{
  double mid = (y0 + y1) / 2, slant = 4;

  /* two slanted strokes, the usual sign of a cut axis */
  for (int k = -1; k <= 1; k += 2)
    {
      double y = mid + k * 3.5;
      cairo_move_to (cr, x - half_w, y + slant);
      cairo_line_to (cr, x + half_w, y - slant);
    }
  hs_diagram_draw_set_color (cr, &style->muted, 1);
  cairo_set_line_width (cr, 1.5);
  hs_diagram_paint_stroke (cr);
}

static void
draw_break (Ctx                  *ctx,
            const HsDiagramBreak *br)
{
  HsDiagramLayout *layout = ctx->layout;
  g_autofree char *duration = hs_diagram_format_duration (br->duration);
  double w, h;

  for (guint i = 0; i < layout->lanes->len; i++)
    draw_break_mark (ctx->cr, ctx->style, hs_diagram_layout_get_lane (layout, i)->x,
                     ctx->style->band_width, br->y0, br->y1);

  if (layout->axis_x >= 0)
    {
      g_autofree char *text = g_strdup_printf ("+%s", duration);

      draw_break_mark (ctx->cr, ctx->style, layout->axis_x, 6, br->y0, br->y1);
      hs_diagram_layout_measure (layout, HS_DIAGRAM_FONT_TAG, text, &w, &h);
      show_text (ctx, HS_DIAGRAM_FONT_TAG, text, layout->axis_x - 10 - w,
                 (br->y0 + br->y1) / 2 - h / 2, &ctx->style->muted);
    }
}

/* Vertical lines (lanes, axis) over [y0, y1], cut where breaks are. */
static void
draw_cut_line (cairo_t *cr,
               double   x,
               double   y0,
               double   y1,
               GArray  *cuts)
{
  double y = y0;

  for (guint i = 0; i < cuts->len; i += 2)
    {
      double c0 = g_array_index (cuts, double, i), c1 = g_array_index (cuts, double, i + 1);

      if (c1 < y || c0 > y1)
        continue;
      if (c0 > y)
        {
          cairo_move_to (cr, x, y);
          cairo_line_to (cr, x, c0);
        }
      y = MAX (y, c1);
    }
  if (y < y1)
    {
      cairo_move_to (cr, x, y);
      cairo_line_to (cr, x, y1);
    }
  hs_diagram_paint_stroke (cr);
}

/* ------------------------------------------------------------------ */
/* title, legend, step list                                            */

/* A connection in the legend: a line in its colour with its number in a
 * badge over it (the number survives a grey copy), then its sockets. */
static void
draw_connection_entry (Ctx                        *ctx,
                       const HsDiagramLegendEntry *e)
{
  const HsDiagramStyle *style = ctx->style;
  const HsDiagramColor *color = hs_diagram_style_connection_color (style, e->index);
  g_autofree char *label = hs_diagram_connection_label (ctx->trace, e->index);
  g_autofree char *number = g_strdup_printf ("%u", e->index + 1U);
  cairo_t *cr = ctx->cr;
  double cy = e->y + e->height / 2, w, h, bw;

  hs_diagram_draw_set_color (cr, color, 1);
  cairo_set_line_width (cr, 3);
  cairo_move_to (cr, e->x + 2, cy);
  cairo_line_to (cr, e->x + HS_DIAGRAM_CONNECTION_SAMPLE, cy);
  hs_diagram_paint_stroke (cr);

  hs_diagram_layout_measure (ctx->layout, HS_DIAGRAM_FONT_BADGE, number, &w, &h);
  bw = MAX (w + 8, h + 2);
  hs_diagram_paint_rounded_rect (cr, e->x + 2 + (HS_DIAGRAM_CONNECTION_SAMPLE - 2 - bw) / 2, cy - h / 2 - 1,
                                 bw, h + 2, (h + 2) / 2);
  hs_diagram_paint_fill (cr);
  show_text (ctx, HS_DIAGRAM_FONT_BADGE, number, e->x + 2 + (HS_DIAGRAM_CONNECTION_SAMPLE - 2 - w) / 2,
             cy - h / 2, &style->background);

  hs_diagram_layout_measure (ctx->layout, HS_DIAGRAM_FONT_NOTE, label, NULL, &h);
  show_text (ctx, HS_DIAGRAM_FONT_NOTE, label, e->x + HS_DIAGRAM_CONNECTION_SAMPLE + 8, cy - h / 2, color);
}

static void
draw_legend (Ctx *ctx)
{
  HsDiagramLayout *layout = ctx->layout;
  const HsDiagramStyle *style = ctx->style;
  cairo_t *cr = ctx->cr;

  hs_diagram_draw_set_color (cr, &style->lane, 1);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, layout->legend.x, round (layout->legend.y) + 0.5);
  cairo_line_to (cr, layout->legend.x + layout->legend.width, round (layout->legend.y) + 0.5);
  hs_diagram_paint_stroke (cr);

  for (guint i = 0; i < layout->legend_entries->len; i++)
    {
      const HsDiagramLegendEntry *e = &g_array_index (layout->legend_entries, HsDiagramLegendEntry, i);
      const char *text = hs_diagram_legend_entry_text (e);
      double cy = e->y + e->height / 2, h, text_x;
      HsDiagramFont font = HS_DIAGRAM_FONT_NOTE;
      const HsDiagramColor *color = &style->text;

      if (e->type == HS_DIAGRAM_LEGEND_CONNECTION)
        {
          draw_connection_entry (ctx, e);
          continue;
        }

      switch (e->type)
        {
        case HS_DIAGRAM_LEGEND_KIND:
          draw_arrow_shape (cr, style, e->index, kind_sample_color (ctx), e->x + 2, cy, e->x + HS_DIAGRAM_LEGEND_SAMPLE, cy,
                            FALSE, FALSE, FALSE, TRUE);
          text_x = e->x + HS_DIAGRAM_LEGEND_SAMPLE + 8;
          color = kind_sample_color (ctx) != NULL ? &style->text : &style->kinds[e->index].color;
          break;
        case HS_DIAGRAM_LEGEND_LOST:
          draw_arrow_shape (cr, style, HS_DIAGRAM_KIND_DATA, kind_sample_color (ctx), e->x + 2, cy,
                            e->x + HS_DIAGRAM_LEGEND_SAMPLE - 8, cy, TRUE, FALSE, TRUE, FALSE);
          text_x = e->x + HS_DIAGRAM_LEGEND_SAMPLE + 8;
          color = &style->lost;
          break;
        case HS_DIAGRAM_LEGEND_RETRANSMISSION:
          draw_arrow_shape (cr, style, HS_DIAGRAM_KIND_DATA, kind_sample_color (ctx), e->x + 2, cy, e->x + HS_DIAGRAM_LEGEND_SAMPLE, cy,
                            FALSE, FALSE, FALSE, TRUE);
          text_x = e->x + HS_DIAGRAM_LEGEND_SAMPLE + 8;
          font = HS_DIAGRAM_FONT_TAG;
          color = &style->tag;
          break;
        case HS_DIAGRAM_LEGEND_BAND:
        default:
          {
            const HsDiagramBandStyle *bs = &style->bands[e->index];
            double bw = style->band_width, bh = e->height - 8;

            hs_diagram_draw_set_color (cr, &bs->fill, 1);
            hs_diagram_paint_rounded_rect (cr, e->x + 6, e->y + 4, bw, bh, 3);
            hs_diagram_paint_fill_preserve (cr);
            hs_diagram_draw_set_color (cr, &bs->text, 1);
            cairo_set_line_width (cr, 1);
            hs_diagram_paint_stroke (cr);
            if (bs->hatched)
              draw_hatch (cr, e->x + 6, e->y + 4, bw, e->y + 4 + bh, 5.0);
            text_x = e->x + 22 + 8;
            font = HS_DIAGRAM_FONT_STATE;
            color = &bs->text;
          }
          break;
        }

      hs_diagram_layout_measure (layout, font, text, NULL, &h);
      show_text (ctx, font, text, text_x, cy - h / 2, color);
    }
}

static void
draw_step (Ctx   *ctx,
           guint  index)
{
  HsDiagramLayout *layout = ctx->layout;
  const HsDiagramRect *r = &g_array_index (layout->steps, HsDiagramRect, index);
  guint step = g_array_index (layout->step_index, guint, index);
  g_autofree char *number = g_strdup_printf ("%u.", step + 1);
  g_autofree char *text = hs_narration_format_step (ctx->trace, step);
  g_autoptr(PangoLayout) pl = hs_diagram_layout_create_text (layout, HS_DIAGRAM_FONT_TEXT, text ? text : "");
  const HsDiagramColor *color = step_happened (ctx, step) ? &ctx->style->text : &ctx->style->muted;

  show_text_aligned (ctx, HS_DIAGRAM_FONT_TEXT, number, r->x, r->y,
                     layout->step_number_width - 10, 1.0, &ctx->style->muted);

  pango_layout_set_width (pl, (int) ((r->width - layout->step_number_width) * PANGO_SCALE));
  pango_layout_set_wrap (pl, PANGO_WRAP_WORD_CHAR);
  hs_diagram_draw_set_color (ctx->cr, color, 1);
  cairo_move_to (ctx->cr, r->x + layout->step_number_width, r->y);
  hs_diagram_paint_show_layout (ctx->cr, pl);
}

/* ------------------------------------------------------------------ */

void
hs_diagram_renderer_draw_headers (HsDiagramLayout *layout,
                                  cairo_t         *cr,
                                  double           y)
{
  hs_diagram_renderer_draw_headers_at (layout, cr, y, NULL);
}

void
hs_diagram_renderer_draw_headers_at (HsDiagramLayout       *layout,
                                     cairo_t               *cr,
                                     double                 y,
                                     const HsDiagramMoment *moment)
{
  Ctx ctx = { 0 };

  g_return_if_fail (layout != NULL);
  g_return_if_fail (cr != NULL);

  ctx.layout = layout;
  ctx.style = layout->style;
  ctx.trace = layout->trace;
  ctx.cr = cr;
  resolve_moment (&ctx, moment);

  cairo_save (cr);
  for (guint i = 0; i < layout->lanes->len; i++)
    draw_header (&ctx, hs_diagram_layout_get_lane (layout, i), y);
  cairo_restore (cr);
}

void
hs_diagram_renderer_draw (HsDiagramLayout       *layout,
                          cairo_t               *cr,
                          double                 y0,
                          double                 y1,
                          const HsDiagramMoment *moment,
                          HsDiagramRenderFlags   flags)
{
  g_autoptr(GArray) visible = NULL;
  g_autoptr(GArray) cuts = NULL;
  g_autoptr(GArray) pieces = NULL;
  const HsDiagramStyle *style;
  guint first, n_items;
  double lane_top, lane_bottom;
  double future_y = G_MAXDOUBLE;
  Ctx ctx = { 0 };

  g_return_if_fail (layout != NULL);
  g_return_if_fail (cr != NULL);

  style = layout->style;
  visible = g_array_new (FALSE, FALSE, sizeof (guint));
  cuts = g_array_new (FALSE, FALSE, sizeof (double));
  pieces = g_array_new (FALSE, FALSE, sizeof (HsDiagramPiece));

  ctx.layout = layout;
  ctx.style = style;
  ctx.trace = layout->trace;
  ctx.cr = cr;
  ctx.y0 = y0;
  ctx.y1 = y1;
  ctx.pieces = pieces;
  resolve_moment (&ctx, moment);
  if (layout->options.highlight_connection != 0)
    init_faint (&ctx);
  if ((flags & HS_DIAGRAM_RENDER_HIDE_FUTURE) && moment != NULL)
    future_y = hs_diagram_renderer_get_moment_y (layout, moment) + 0.5;
  if ((flags & HS_DIAGRAM_RENDER_HIDE_FUTURE) && moment != NULL)
    future_y = hs_diagram_renderer_get_moment_y (layout, moment) + 0.5;

  cairo_save (cr);

  if (!(flags & HS_DIAGRAM_RENDER_NO_BACKGROUND))
    {
      hs_diagram_draw_set_color (cr, &style->background, 1);
      cairo_rectangle (cr, 0, y0, layout->width, y1 - y0);
      hs_diagram_paint_fill (cr);
    }

  /* what is visible: binary search, then scan until past the bottom */
  n_items = layout->items->len;
  first = hs_diagram_layout_find_first_item (layout, y0);
  for (guint i = first; i < n_items; i++)
    {
      const HsDiagramItem *item = &g_array_index (layout->items, HsDiagramItem, i);

      if (item->ymin > y1)
        break;
      if (item->ymax < y0)
        continue;
      /* a chunked object is drawn whole from its first visible chunk */
      if (!item->first && item->ymin > y0)
        continue;
      if ((item->type == HS_DIAGRAM_ITEM_BREAK || item->type == HS_DIAGRAM_ITEM_TICK) && item->ymin > future_y)
        continue;
      g_array_append_val (visible, i);

      if (item->type == HS_DIAGRAM_ITEM_BREAK)
        {
          const HsDiagramBreak *br = hs_diagram_layout_get_break (layout, item->index);
          double c0 = br->y0, c1 = br->y1;
          g_array_append_val (cuts, c0);
          g_array_append_val (cuts, c1);
        }
    }

  /* lanes and the axis */
  lane_top = MAX (y0, layout->body_top);
  lane_bottom = MIN (y1, layout->body_bottom);
  if (lane_bottom > lane_top)
    {
      hs_diagram_draw_set_color (cr, &style->lane, 1);
      cairo_set_line_width (cr, style->lane_width);
      for (guint i = 0; i < layout->lanes->len; i++)
        draw_cut_line (cr, hs_diagram_layout_get_lane (layout, i)->x, lane_top, lane_bottom, cuts);

      if (layout->axis_x >= 0)
        {
          hs_diagram_draw_set_color (cr, &style->muted, 1);
          cairo_set_line_width (cr, 1);
          draw_cut_line (cr, round (layout->axis_x) + 0.5, lane_top, lane_bottom, cuts);
          draw_stretches (&ctx, lane_top, lane_bottom);
        }
    }

  /* three layers: bands and marks, arrows, then text on top */
  for (int layer = 0; layer < 3; layer++)
    for (guint v = 0; v < visible->len; v++)
      {
        const HsDiagramItem *item = &g_array_index (layout->items, HsDiagramItem,
                                                    g_array_index (visible, guint, v));

        switch (item->type)
          {
          case HS_DIAGRAM_ITEM_BAND:
            if (layer == 0)
              draw_band (&ctx, hs_diagram_layout_get_band (layout, item->index));
            break;
          case HS_DIAGRAM_ITEM_BREAK:
            if (layer == 0)
              draw_break (&ctx, hs_diagram_layout_get_break (layout, item->index));
            break;
          case HS_DIAGRAM_ITEM_TICK:
            if (layer == 0)
              draw_tick (&ctx, hs_diagram_layout_get_tick (layout, item->index));
            break;
          case HS_DIAGRAM_ITEM_GROUP:
            if (layer == 0)
              draw_group (&ctx, hs_diagram_layout_get_group (layout, item->index));
            break;
          case HS_DIAGRAM_ITEM_ARROW:
            if (layer == 1)
              draw_arrow (&ctx, hs_diagram_layout_get_arrow (layout, item->index));
            break;
          case HS_DIAGRAM_ITEM_LABEL:
            if (layer == 2)
              draw_label (&ctx, hs_diagram_layout_get_arrow (layout, item->index));
            break;
          case HS_DIAGRAM_ITEM_STATE:
            if (layer == 2)
              draw_state_label (&ctx, hs_diagram_layout_get_band (layout, item->index));
            break;
          case HS_DIAGRAM_ITEM_NOTE:
            if (layer == 2)
              draw_note (&ctx, hs_diagram_layout_get_note (layout, item->index));
            break;
          case HS_DIAGRAM_ITEM_HEADER:
            if (layer == 2 && !(flags & HS_DIAGRAM_RENDER_NO_HEADERS))
              {
                const HsDiagramLane *lane = hs_diagram_layout_get_lane (layout, item->index);
                draw_header (&ctx, lane, lane->header.y);
              }
            break;
          case HS_DIAGRAM_ITEM_TITLE:
            if (layer == 2)
              {
                g_autoptr(PangoLayout) pl =
                  hs_diagram_layout_create_text (layout, HS_DIAGRAM_FONT_TITLE,
                                                 hs_trace_get_title (layout->trace));
                pango_layout_set_width (pl, (int) (layout->title.width * PANGO_SCALE));
                pango_layout_set_ellipsize (pl, PANGO_ELLIPSIZE_END);
                hs_diagram_draw_set_color (cr, &style->text, 1);
                cairo_move_to (cr, layout->title.x, layout->title.y);
                hs_diagram_paint_show_layout (cr, pl);
              }
            break;
          case HS_DIAGRAM_ITEM_LEGEND:
            if (layer == 2)
              draw_legend (&ctx);
            break;
          case HS_DIAGRAM_ITEM_TRUNCATED:
            if (layer == 2)
              {
                g_autofree char *text = hs_diagram_layout_truncated_text (layout->trace);
                g_autoptr(PangoLayout) pl =
                  hs_diagram_layout_create_text (layout, HS_DIAGRAM_FONT_TEXT, text != NULL ? text : "");

                pango_layout_set_width (pl, (int) (layout->truncated.width * PANGO_SCALE));
                pango_layout_set_wrap (pl, PANGO_WRAP_WORD_CHAR);
                /* The colour of lost segments: something is missing. */
                hs_diagram_draw_set_color (cr, &style->lost, 1);
                cairo_move_to (cr, layout->truncated.x, layout->truncated.y);
                hs_diagram_paint_show_layout (cr, pl);
              }
            break;
          case HS_DIAGRAM_ITEM_STEP_TITLE:
            if (layer == 2)
              show_text (&ctx, HS_DIAGRAM_FONT_HEADER, _("What happened"),
                         layout->step_title.x, layout->step_title.y, &style->text);
            break;
          case HS_DIAGRAM_ITEM_STEP:
            if (layer == 2)
              draw_step (&ctx, item->index);
            break;
          default:
            break;
          }
      }
  draw_focus (&ctx);

  cairo_restore (cr);
}
