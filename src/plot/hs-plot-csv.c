/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-plot-csv.c: a plot's series as CSV, for a spreadsheet. */

#define G_LOG_DOMAIN "hs-plot"

#include "config.h"

#include "hs-plot-data-private.h"

static gboolean
flush_csv (GString       *out,
           GOutputStream *stream,
           gboolean       force,
           GCancellable  *cancellable,
           GError       **error)
{
  if (!force && out->len < 60 * 1024)
    return TRUE;
  if (!g_output_stream_write_all (stream, out->str, out->len, NULL, cancellable, error))
    return FALSE;
  g_string_truncate (out, 0);
  return TRUE;
}

static void
append_value (GString *out,
              guint32  value)
{
  g_string_append_c (out, ',');
  if (value != HS_PLOT_NO_VALUE)
    g_string_append_printf (out, "%u", value);
}

static gboolean
write_series_csv (HsPlotData    *self,
                  GString       *out,
                  GOutputStream *stream,
                  GCancellable  *cancellable,
                  GError       **error)
{
  guint n = hs_plot_data_get_n_points (self);

  g_string_append (out, "step,time_us");
  for (guint k = 0; k < self->n_series; k++)
    g_string_append_printf (out, ",%s", hs_plot_data_get_series_name (self, k));
  g_string_append_c (out, '\n');

  for (guint i = 0; i < n; i++)
    {
      HsPlotPoint p;

      /* a lesson: the rows where this endpoint's TCB changed, the last
       * of a step's snapshots only: the values once the step is over */
      if (self->stored == NULL)
        {
          const HsTcbSnapshot *snap = hs_trace_get_snapshot (self->trace, i);
          guint step = snap->step, e = snap->endpoint;
          gboolean superseded = FALSE;

          if (e != self->endpoint)
            continue;
          for (guint j = i + 1; j < n; j++)
            {
              const HsTcbSnapshot *next = hs_trace_get_snapshot (self->trace, j);

              if (next->step != step)
                break;
              if (next->endpoint == e)
                {
                  superseded = TRUE;
                  break;
                }
            }
          if (superseded)
            continue;
        }
      hs_plot_data_get_point (self, i, &p);
      g_string_append_printf (out, "%u,%" G_GINT64_FORMAT, p.step + 1, p.time);
      for (guint k = 0; k < self->n_series; k++)
        append_value (out, p.values[k]);
      g_string_append_c (out, '\n');
      if (!flush_csv (out, stream, FALSE, cancellable, error))
        return FALSE;
      if (self->stored == NULL && (i & 0xffff) == 0xffff)
        _hs_plot_data_trim (self);
    }
  return TRUE;
}

/* One row per segment of the direction: data segments give seq and its
 * end, the peer's ACKs the ACK line and the window's right edge. */
static gboolean
write_sequence_csv (HsPlotData    *self,
                    GString       *out,
                    GOutputStream *stream,
                    GCancellable  *cancellable,
                    GError       **error)
{
  guint n = hs_trace_get_n_segments (self->trace);
  const HsTraceEndpoint *ep = hs_trace_get_endpoint (self->trace, self->endpoint);

  g_string_append (out, "step,time_us,seq,seq_end,retransmission,ack,window_edge,sack_left,sack_right\n");
  for (guint i = 0; i < n; i++)
    {
      HsTraceSegment s;

      hs_trace_read_segment (self->trace, i, &s);
      if (s.from == self->endpoint && s.len > 0)
        {
          guint32 seq = s.header.seq - ep->rel_base;
          gboolean retrans = (s.marks & HS_MARK_RETRANSMISSION) ||
                             (hs_trace_get_segment_analysis (self->trace, i, NULL) & HS_ANALYSIS_RETRANSMISSION);

          g_string_append_printf (out, "%u,%" G_GINT64_FORMAT ",%u,%u,%d,,,,\n",
                                  s.sent_step + 1, s.sent, seq, seq + s.len, retrans ? 1 : 0);
        }
      else if (s.from == self->peer && (s.header.flags & HS_TCP_ACK) && s.from != self->endpoint)
        {
          guint32 ack = s.header.ack - ep->rel_base;
          HsTime t = s.arrived != HS_TIME_NONE ? s.arrived : s.sent;
          guint step = s.end_step != HS_TRACE_NONE && s.fate == HS_FATE_DELIVERED ? s.end_step : s.sent_step;

          if (s.fate == HS_FATE_LOST)
            continue;
          g_string_append_printf (out, "%u,%" G_GINT64_FORMAT ",,,,%u,%u", step + 1, t, ack, ack + s.window);
          if (s.header.options.n_sack > 0)
            g_string_append_printf (out, ",%u,%u\n",
                                    s.header.options.sack[0].left - ep->rel_base,
                                    s.header.options.sack[0].right - ep->rel_base);
          else
            g_string_append (out, ",,\n");
        }
      if (!flush_csv (out, stream, FALSE, cancellable, error))
        return FALSE;
    }
  return TRUE;
}

/* One row per step: the sender's SND.UNA, SND.NXT and the window's right
 * edge, relative to its ISS, and the receiver's buffer. */
static gboolean
write_window_csv (HsPlotData    *self,
                  GString       *out,
                  GOutputStream *stream,
                  GCancellable  *cancellable,
                  GError       **error)
{
  guint n = hs_trace_get_n_steps (self->trace);

  g_string_append (out, "step,time_us,snd_una,snd_nxt,snd_una_plus_wnd,receiver_buffered,receiver_window\n");
  for (guint i = 0; i < n; i++)
    {
      const HsTcbSnapshot *s = hs_trace_get_tcb_at (self->trace, i, self->endpoint);
      const HsTcbSnapshot *r = hs_trace_get_tcb_at (self->trace, i, self->peer);

      g_string_append_printf (out, "%u,%" G_GINT64_FORMAT, i + 1, _hs_plot_data_step_time (self->trace, i));
      append_value (out, s != NULL ? s->snd_una - s->iss : HS_PLOT_NO_VALUE);
      append_value (out, s != NULL ? s->snd_nxt - s->iss : HS_PLOT_NO_VALUE);
      append_value (out, s != NULL ? s->snd_una + s->snd_wnd - s->iss : HS_PLOT_NO_VALUE);
      append_value (out, r != NULL ? r->recv_buffered : HS_PLOT_NO_VALUE);
      append_value (out, r != NULL ? r->rcv_wnd : HS_PLOT_NO_VALUE);
      g_string_append_c (out, '\n');
      if (!flush_csv (out, stream, FALSE, cancellable, error))
        return FALSE;
      if ((i & 0xffff) == 0xffff)
        _hs_plot_data_trim (self);
    }
  return TRUE;
}

gboolean
hs_plot_data_write_csv (HsPlotData    *self,
                        GOutputStream *stream,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(GString) out = g_string_sized_new (64 * 1024);
  gboolean ok;

  g_return_val_if_fail (HS_IS_PLOT_DATA (self), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);

  switch (self->kind)
    {
    case HS_PLOT_SEQUENCE:
      ok = write_sequence_csv (self, out, stream, cancellable, error);
      break;
    case HS_PLOT_WINDOW:
      ok = self->capture || write_window_csv (self, out, stream, cancellable, error);
      break;
    case HS_PLOT_CONGESTION:
    case HS_PLOT_THROUGHPUT:
    case HS_PLOT_RTT:
    default:
      ok = write_series_csv (self, out, stream, cancellable, error);
      break;
    }
  return ok && flush_csv (out, stream, TRUE, cancellable, error);
}
