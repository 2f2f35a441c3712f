/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-plot-sequence.c: the time-sequence plot, as tcptrace draws it. */

#define G_LOG_DOMAIN "hs-plot"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "hs-plot-renderer-private.h"

/* The time-sequence plot of a long stretch: per bucket of the summary,
 * the data sent as one bar from its lowest to its highest sequence
 * number, the ACK line and the window's edge through their highest. */
static void
draw_sequence_summary (Frame   *f,
                       cairo_t *cr,
                       gint64   i0,
                       gint64   i1)
{
  HsPlotData *data = f->data;
  guint shift = hs_plot_data_get_bucket_shift (data);
  guint level = 0, b0, b1, nb;
  double columns_wide = MAX (f->right - f->left, 1);
  SeriesLook data_look = _hs_plot_series_look (f, 0);
  SeriesLook ack_look = _hs_plot_series_look (f, 2);
  SeriesLook win_look = _hs_plot_series_look (f, 3);
  g_autoptr(GArray) acks = g_array_new (FALSE, FALSE, sizeof (Column));
  g_autoptr(GArray) edges = g_array_new (FALSE, FALSE, sizeof (Column));
  double x_end = MIN (f->right, _hs_plot_x_of (f, hs_plot_data_get_end_time (data)));

  while (level + 1 < hs_plot_data_get_n_levels (data) && ((i1 - i0) >> (level + shift)) > columns_wide)
    level++;
  nb = hs_plot_data_get_n_buckets (data, level);
  b0 = (guint) (i0 >> (level + shift));
  b1 = MIN ((guint) ((i1 - 1) >> (level + shift)) + 1, nb);

  _hs_plot_set_color (cr, &data_look.color);
  for (guint b = b0; b < b1; b++)
    {
      const HsPlotBucket *bk = hs_plot_data_get_bucket (data, level, b);
      double x = _hs_plot_x_of (f, bk->first_time);

      if (bk->min[0] != HS_PLOT_NO_VALUE)
        {
          double top = _hs_plot_y_of (f, bk->max[1]), bottom = _hs_plot_y_of (f, bk->min[0]);

          cairo_rectangle (cr, x - data_look.width / 2, top, data_look.width, MAX (bottom - top, 1));
        }
      if (bk->min[2] != HS_PLOT_NO_VALUE)
        {
          double y = _hs_plot_y_of (f, bk->max[2]), wy = _hs_plot_y_of (f, bk->max[3]);

          _hs_plot_column_add (acks, x, y, y, y, y);
          _hs_plot_column_add (edges, x, wy, wy, wy, wy);
        }
    }
  cairo_fill (cr);
  _hs_plot_stroke_columns (f, cr, acks, &ack_look, TRUE, x_end);
  _hs_plot_stroke_columns (f, cr, edges, &win_look, TRUE, x_end);
}

void
_hs_plot_draw_sequence (Frame   *f,
               cairo_t *cr)
{
  HsTrace *trace = hs_plot_data_get_trace (f->data);
  guint e = hs_plot_data_get_endpoint (f->data);
  const HsTraceEndpoint *ep = hs_trace_get_endpoint (trace, e);
  guint n = hs_trace_get_n_segments (trace);
  SeriesLook data_look = _hs_plot_series_look (f, 0);
  SeriesLook retrans_look = _hs_plot_series_look (f, 1);
  SeriesLook ack_look = _hs_plot_series_look (f, 2);
  SeriesLook win_look = _hs_plot_series_look (f, 3);
  SeriesLook sack_look = _hs_plot_series_look (f, 4);
  double ack_x = 0, ack_y = 0, win_y = 0;
  gboolean have_ack = FALSE;
  double tick = 3 * f->scale;
  gint64 i0, i1;

  if (n == 0)
    return;
  /* what was sent in view, and the ACKs of what was sent just before */
  i0 = MAX (hs_plot_data_find_point (f->data, f->t0), 0);
  i1 = MIN (hs_plot_data_find_point (f->data, f->t1) + 2, (gint64) n);

  cairo_save (cr);
  cairo_rectangle (cr, f->left, f->top, f->right - f->left, f->bottom - f->top);
  cairo_clip (cr);

  if (i1 - i0 > 2 * MAX (f->right - f->left, 1))
    {
      draw_sequence_summary (f, cr, i0, i1);
      cairo_restore (cr);
      return;
    }

  for (gint64 i = i0; i < i1; i++)
    {
      HsTraceSegment seg;
      const HsTraceSegment *s = &seg;

      hs_trace_read_segment (trace, (guint) i, &seg);
      if (s->from == e && s->len > 0)
        {
          double x = _hs_plot_x_of (f, s->sent);
          double y0 = _hs_plot_y_of (f, (guint32) (s->header.seq - ep->rel_base));
          double y1 = _hs_plot_y_of (f, (guint32) (s->header.seq + s->len - ep->rel_base));
          gboolean retrans = (s->marks & HS_MARK_RETRANSMISSION) ||
                             (hs_trace_get_segment_analysis (trace, (guint) i, NULL) & HS_ANALYSIS_RETRANSMISSION);
          const SeriesLook *look = retrans ? &retrans_look : &data_look;

          _hs_plot_apply_look (cr, look);
          cairo_set_dash (cr, NULL, 0, 0);
          /* tcptrace's I-beam: the bar and its two ends */
          cairo_move_to (cr, x, y0);
          cairo_line_to (cr, x, y1);
          cairo_move_to (cr, x - tick, y0);
          cairo_line_to (cr, x + tick, y0);
          cairo_move_to (cr, x - tick, y1);
          cairo_line_to (cr, x + tick, y1);
          cairo_stroke (cr);
          if (retrans)
            _hs_plot_draw_mark (cr, HS_PLOT_EVENT_RETRANSMISSION, x + 2 * tick, y1, tick);
          if (s->fate == HS_FATE_LOST)
            {
              _hs_plot_set_color (cr, &f->style->lost);
              cairo_set_line_width (cr, 1.5 * f->scale);
              _hs_plot_draw_mark (cr, HS_PLOT_EVENT_LOSS, x - 2.5 * tick, (y0 + y1) / 2, tick);
            }
        }
      else if (s->from != e && (s->header.flags & HS_TCP_ACK) && s->fate != HS_FATE_LOST)
        {
          /* the peer's ACK as the sender sees it: when it arrives */
          HsTime t = s->arrived != HS_TIME_NONE ? s->arrived : s->sent;
          double x = _hs_plot_x_of (f, t);
          double y = _hs_plot_y_of (f, (guint32) (s->header.ack - ep->rel_base));
          double wy = _hs_plot_y_of (f, (guint32) (s->header.ack + s->window - ep->rel_base));

          if (have_ack)
            {
              _hs_plot_apply_look (cr, &ack_look);
              cairo_move_to (cr, ack_x, ack_y);
              cairo_line_to (cr, x, ack_y);
              cairo_line_to (cr, x, y);
              cairo_stroke (cr);
              _hs_plot_apply_look (cr, &win_look);
              cairo_move_to (cr, ack_x, win_y);
              cairo_line_to (cr, x, win_y);
              cairo_line_to (cr, x, wy);
              cairo_stroke (cr);
            }
          for (guint b = 0; b < s->header.options.n_sack; b++)
            {
              _hs_plot_apply_look (cr, &sack_look);
              cairo_set_line_width (cr, 4 * f->scale);
              cairo_set_dash (cr, NULL, 0, 0);
              cairo_move_to (cr, x, _hs_plot_y_of (f, (guint32) (s->header.options.sack[b].left - ep->rel_base)));
              cairo_line_to (cr, x, _hs_plot_y_of (f, (guint32) (s->header.options.sack[b].right - ep->rel_base)));
              cairo_stroke (cr);
            }
          ack_x = x;
          ack_y = y;
          win_y = wy;
          have_ack = TRUE;
        }
    }
  if (have_ack)
    {
      double end = MIN (f->right, _hs_plot_x_of (f, hs_plot_data_get_end_time (f->data)));

      _hs_plot_apply_look (cr, &ack_look);
      cairo_move_to (cr, ack_x, ack_y);
      cairo_line_to (cr, end, ack_y);
      cairo_stroke (cr);
      _hs_plot_apply_look (cr, &win_look);
      cairo_move_to (cr, ack_x, win_y);
      cairo_line_to (cr, end, win_y);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}
