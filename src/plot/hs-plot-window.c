/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-plot-window.c: the sliding window and the receiver's buffer at one
 * step. */

#define G_LOG_DOMAIN "hs-plot"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "hs-plot-renderer-private.h"

static void
bar_part (Frame                *f,
          cairo_t              *cr,
          double                x0,
          double                x1,
          double                y,
          double                h,
          const HsDiagramColor *color,
          gboolean              hatched,
          const char           *label)
{
  if (x1 <= x0)
    return;
  cairo_save (cr);
  cairo_rectangle (cr, x0, y, x1 - x0, h);
  _hs_plot_set_color (cr, color);
  if (hatched)
    {
      cairo_set_line_width (cr, 1.5);
      cairo_stroke_preserve (cr);
      cairo_clip (cr);
      for (double d = x0 - h; d < x1; d += 8)
        {
          cairo_move_to (cr, d, y + h);
          cairo_line_to (cr, d + h, y);
        }
      cairo_stroke (cr);
    }
  else
    {
      cairo_fill_preserve (cr);
      _hs_plot_set_color (cr, &f->style->text);
      cairo_set_line_width (cr, 1);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
  if (label != NULL && x1 - x0 > 40)
    {
      int w, h2;

      _hs_plot_set_color (cr, &f->style->text);
      pango_layout_set_font_description (f->layout, f->style->note_font);
      pango_layout_set_text (f->layout, label, -1);
      pango_layout_get_pixel_size (f->layout, &w, &h2);
      if (w + 6 < x1 - x0)
        {
          /* a halo keeps the words readable on any fill */
          cairo_save (cr);
          _hs_plot_set_color (cr, &f->style->label_halo);
          cairo_rectangle (cr, (x0 + x1 - w) / 2 - 2, y + (h - h2) / 2, w + 4, h2);
          cairo_fill (cr);
          cairo_restore (cr);
          _hs_plot_text_at (f, cr, label, f->style->note_font, (x0 + x1) / 2, y + h / 2, 0.5, 0.5);
        }
    }
}

/* A variable's name and value beside the bar, with a line from the bar's
 * edge at @bar_y to the words at @y: a label pushed a row further out
 * still points at its place. */
static void
pointer_label (Frame      *f,
               cairo_t    *cr,
               double      x,
               double      bar_y,
               double      y,
               gboolean    above,
               const char *name,
               guint32     value)
{
  g_autofree char *text = g_strdup_printf ("%s = %u", name, value);
  int w, h;
  double tx, ty;

  _hs_plot_set_color (cr, &f->style->text);
  cairo_set_line_width (cr, 1.2);
  cairo_move_to (cr, x, bar_y);
  cairo_line_to (cr, x, above ? y - 10 : y + 10);
  cairo_stroke (cr);

  pango_layout_set_font_description (f->layout, f->style->label_font);
  pango_layout_set_text (f->layout, text, -1);
  pango_layout_get_pixel_size (f->layout, &w, &h);
  /* kept inside the picture at either end */
  tx = CLAMP (x - w / 2.0, 4, f->options->width - w - 4);
  ty = above ? y - 12 - h : y + 12;
  /* a halo: another label's line passing behind stays off the words */
  cairo_save (cr);
  _hs_plot_set_color (cr, &f->style->label_halo);
  cairo_rectangle (cr, tx - 2, ty, w + 4, h);
  cairo_fill (cr);
  cairo_restore (cr);
  _hs_plot_text_at (f, cr, text, f->style->label_font, tx, ty, 0, 0);
}

static guint32
rel_from (guint32 value,
          guint32 base)
{
  gint32 d = (gint32) (value - base);

  return d > 0 ? (guint32) d : 0;
}

void
_hs_plot_draw_window (Frame   *f,
             cairo_t *cr)
{
  HsTrace *trace = hs_plot_data_get_trace (f->data);
  guint e = hs_plot_data_get_endpoint (f->data);
  guint peer = e ^ 1;
  guint step = f->options->current_step;
  const HsTcbSnapshot *s, *r;
  double bar_h = 46 * f->scale;
  double x0 = f->left, x1 = f->right;
  double y_send = f->top + 50 * f->scale, y_recv;
  double max;
  SeriesLook acked = _hs_plot_series_look (f, 0), flight = _hs_plot_series_look (f, 4), usable = _hs_plot_series_look (f, 2);
  HsDiagramColor grey = f->style->muted;
  double lx, ly;
  guint32 una, nxt, edge;

  if (step == HS_TRACE_NONE)
    step = hs_trace_get_n_steps (trace) > 0 ? hs_trace_get_n_steps (trace) - 1 : HS_TRACE_NONE;
  s = step != HS_TRACE_NONE ? hs_trace_get_tcb_at (trace, step, e) : NULL;
  r = step != HS_TRACE_NONE && peer < hs_trace_get_n_endpoints (trace) ? hs_trace_get_tcb_at (trace, step, peer) : NULL;

  if (s == NULL)
    {
      _hs_plot_set_color (cr, &f->style->muted);
      _hs_plot_text_at (f, cr, hs_plot_data_is_capture (f->data)
               ? _("A capture does not show the sender’s window variables.")
               : _("No transmission control block yet at this step."),
               f->style->note_font, (x0 + x1) / 2, (f->top + f->bottom) / 2, 0.5, 0.5);
      return;
    }

  /* relative numbers, as the diagram and the narration count them: the
   * SYN is 0, the first byte of data 1 */
  una = rel_from (s->snd_una, s->iss);
  nxt = rel_from (s->snd_nxt, s->iss);
  edge = rel_from (s->snd_una + s->snd_wnd, s->iss);
  max = MAX (f->v_max, MAX (edge, nxt) * 1.1 + 1);
  grey.alpha = 0.6;
  acked.color = f->style->muted;
  acked.color.alpha = 0.35;
  if (f->style->kind == HS_DIAGRAM_STYLE_PRINT)
    {
      /* grayscale: light, dark and middle greys */
      flight.color = (HsDiagramColor) { 0.35, 0.35, 0.35, 1 };
      usable.color = (HsDiagramColor) { 0.75, 0.75, 0.75, 1 };
    }

#define BX(v) (x0 + (double) (v) / max * (x1 - x0))
  _hs_plot_set_color (cr, &f->style->text);
  _hs_plot_text_at (f, cr, _("Sender’s byte stream"), f->style->header_font, x0, y_send - 30 * f->scale, 0, 1);
  bar_part (f, cr, BX (0), BX (una), y_send, bar_h, &acked.color, FALSE, _("Acknowledged"));
  bar_part (f, cr, BX (una), BX (MAX (nxt, una)), y_send, bar_h, &flight.color, FALSE, _("In flight"));
  bar_part (f, cr, BX (MAX (nxt, una)), BX (MAX (edge, nxt)), y_send, bar_h, &usable.color, FALSE, _("Usable window"));
  bar_part (f, cr, BX (MAX (edge, nxt)), x1, y_send, bar_h, &grey, TRUE, _("Not yet allowed"));
  /* the row further out first: SND.UNA's words are drawn over its line */
  pointer_label (f, cr, BX (edge), y_send + bar_h, y_send + bar_h + 22 * f->scale, FALSE, "SND.UNA+SND.WND", edge);
  pointer_label (f, cr, BX (una), y_send + bar_h, y_send + bar_h, FALSE, "SND.UNA", una);
  pointer_label (f, cr, BX (nxt), y_send, y_send, TRUE, "SND.NXT", nxt);

  y_recv = y_send + bar_h + 110 * f->scale;
  if (r != NULL)
    {
      guint32 got = rel_from (r->rcv_nxt, r->irs);
      guint32 waiting = MIN (r->recv_buffered, got);
      guint32 read = got - waiting;
      double rmax = MAX (max, (got + r->rcv_wnd) * 1.1 + 1);

#undef BX
#define BX(v) (x0 + (double) (v) / rmax * (x1 - x0))
      _hs_plot_set_color (cr, &f->style->text);
      _hs_plot_text_at (f, cr, _("Receiver’s buffer"), f->style->header_font, x0, y_recv - 30 * f->scale, 0, 1);
      bar_part (f, cr, BX (0), BX (read), y_recv, bar_h, &acked.color, FALSE, _("Read by the application"));
      bar_part (f, cr, BX (read), BX (got), y_recv, bar_h, &flight.color, FALSE, _("Waiting to be read"));
      bar_part (f, cr, BX (got), BX (got + r->rcv_wnd), y_recv, bar_h, &usable.color, FALSE, _("Free: the advertised window"));
      pointer_label (f, cr, BX (got), y_recv + bar_h, y_recv + bar_h, FALSE, "RCV.NXT", got);
      pointer_label (f, cr, BX (got + r->rcv_wnd), y_recv, y_recv, TRUE, "RCV.NXT+RCV.WND", got + r->rcv_wnd);
    }
#undef BX

  /* a legend, for the parts too narrow to hold their words */
  lx = x0;
  ly = y_recv + bar_h + 60 * f->scale;
  {
    struct { const HsDiagramColor *c; gboolean hatched; const char *label; } parts[] = {
      { &acked.color, FALSE, _("Acknowledged, or read by the application") },
      { &flight.color, FALSE, _("In flight, or waiting to be read") },
      { &usable.color, FALSE, _("Usable window, or free buffer (the advertised window)") },
      { &grey, TRUE, _("Not yet allowed") },
    };

    for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
      {
        int w, h;

        pango_layout_set_font_description (f->layout, f->style->note_font);
        pango_layout_set_text (f->layout, parts[i].label, -1);
        pango_layout_get_pixel_size (f->layout, &w, &h);
        _hs_plot_legend_wrap (f, &lx, &ly, 28 + w);
        bar_part (f, cr, lx, lx + 20, ly - 7, 14, parts[i].c, parts[i].hatched, NULL);
        _hs_plot_set_color (cr, &f->style->text);
        _hs_plot_text_at (f, cr, parts[i].label, f->style->note_font, lx + 26, ly, 0, 0.5);
        lx += 26 + w + 18;
      }
  }
}
