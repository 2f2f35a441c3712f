/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-plot-capture.c: a capture's readings, computed from its segments as
 * Wireshark computes its TCP analysis: bytes in flight, RTT from ACKs,
 * the advertised window. */

#define G_LOG_DOMAIN "hs-plot"

#include "config.h"

#include "hs-plot-data-private.h"

void
hs_plot_capture_bytes_in_flight (HsTrace *trace,
                                 guint32 *values)
{
  guint n = hs_trace_get_n_segments (trace);
  /* per endpoint: highest sequence number sent + 1, the last ACK it
   * sent and the bytes its last ACK's SACK blocks cover */
  guint32 nextseq[HS_TRACE_MAX_ENDPOINTS] = { 0 };
  gboolean has_nextseq[HS_TRACE_MAX_ENDPOINTS] = { FALSE };
  guint32 lastack[HS_TRACE_MAX_ENDPOINTS] = { 0 };
  gboolean has_lastack[HS_TRACE_MAX_ENDPOINTS] = { FALSE };
  guint32 sacked[HS_TRACE_MAX_ENDPOINTS] = { 0 };

  for (guint i = 0; i < n; i++)
    {
      HsTraceSegment s;
      guint32 analysis;
      guint32 data_end, end, upto;
      gboolean advances;
      guint8 f;

      hs_trace_read_segment (trace, i, &s);
      analysis = hs_trace_get_segment_analysis (trace, i, NULL);
      f = s.from;
      values[i] = HS_PLOT_NO_VALUE;

      if (s.header.flags & HS_TCP_ACK)
        {
          lastack[f] = s.header.ack;
          has_lastack[f] = TRUE;
          sacked[f] = 0;
          for (guint b = 0; b < s.header.options.n_sack; b++)
            sacked[f] += s.header.options.sack[b].right - s.header.options.sack[b].left;
        }

      /* Wireshark moves nextseq forward only, and not for a zero-window
       * probe, whose byte is not really sent. A FIN counts from the next
       * segment on: the flight of the segment that carries it leaves it
       * out, as tshark 4.0 shows. */
      data_end = s.header.seq + s.len + ((s.header.flags & HS_TCP_SYN) ? 1 : 0);
      end = data_end + ((s.header.flags & HS_TCP_FIN) ? 1 : 0);
      advances = (s.len > 0 || (s.header.flags & (HS_TCP_SYN | HS_TCP_FIN))) &&
                 !(analysis & HS_ANALYSIS_ZERO_WINDOW_PROBE);
      upto = nextseq[f];
      if (advances && (!has_nextseq[f] || hs_seq_gt (data_end, upto)))
        upto = data_end;
      if (advances && (!has_nextseq[f] || hs_seq_gt (end, nextseq[f])))
        {
          nextseq[f] = end;
          has_nextseq[f] = TRUE;
        }

      /* what the sender has sent, less what the peer acknowledged,
       * cumulatively or by SACK */
      if (s.len > 0 && has_lastack[s.to] && has_nextseq[f])
        {
          gint64 flight = (gint64) (gint32) (upto - lastack[s.to]) - sacked[s.to];

          if (flight > 0)
            values[i] = (guint32) flight;
        }
    }
}

static gboolean
acked_cb (gpointer key,
          gpointer value,
          gpointer user_data)
{
  return hs_seq_leq (GPOINTER_TO_UINT (key), GPOINTER_TO_UINT (user_data));
}

/* A capture's readings: one per segment, in order. Congestion: bytes in
 * flight of what @endpoint sends and the window its peer advertised last;
 * RTT: from the latest segment whose end an ACK acknowledges exactly to
 * that ACK, as Wireshark's tcp.analysis.ack_rtt; throughput: the peer's
 * last acknowledgement. */
void
_hs_plot_data_build_capture_points (HsPlotData *self)
{
  guint n = hs_trace_get_n_segments (self->trace);
  g_autofree guint32 *flight = g_new (guint32, MAX (n, 1));
  g_autoptr(GHashTable) sent_at = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  guint32 peer_window = HS_PLOT_NO_VALUE;
  guint32 acked = HS_PLOT_NO_VALUE;
  const HsTraceEndpoint *ep = hs_trace_get_endpoint (self->trace, self->endpoint);

  hs_plot_capture_bytes_in_flight (self->trace, flight);
  self->stored = g_array_sized_new (FALSE, FALSE, sizeof (StoredPoint), n);

  for (guint i = 0; i < n; i++)
    {
      HsTraceSegment s;
      StoredPoint p = { 0 };

      hs_trace_read_segment (self->trace, i, &s);
      p.step = s.sent_step;
      p.time = s.sent;
      for (guint k = 0; k < HS_PLOT_MAX_SERIES; k++)
        p.values[k] = HS_PLOT_NO_VALUE;

      if (s.from == self->peer && (s.header.flags & HS_TCP_ACK))
        {
          peer_window = s.window;
          acked = s.header.ack - ep->rel_base;
        }

      switch (self->kind)
        {
        case HS_PLOT_CONGESTION:
          if (s.from == self->endpoint)
            p.values[0] = flight[i];
          p.values[1] = peer_window;
          break;
        case HS_PLOT_RTT:
          /* As Wireshark does: a segment is timed from its first copy
           * while it is unacknowledged (a retransmission then changes
           * nothing), from a new copy once it was acknowledged; an ACK
           * gives a sample when it acknowledges exactly a timed end, and
           * forgets every end it covers. */
          if (s.from == self->endpoint &&
              (s.len > 0 || (s.header.flags & (HS_TCP_SYN | HS_TCP_FIN))))
            {
              guint32 end = s.header.seq + s.len + ((s.header.flags & HS_TCP_SYN) ? 1 : 0) +
                            ((s.header.flags & HS_TCP_FIN) ? 1 : 0);

              /* a SYN and a FIN take a sequence number, and their ACK
               * gives a sample as well */
              if (!g_hash_table_contains (sent_at, GUINT_TO_POINTER (end)))
                {
                  HsTime *t = g_new (HsTime, 1);

                  *t = s.sent;
                  g_hash_table_insert (sent_at, GUINT_TO_POINTER (end), t);
                }
            }
          else if (s.from == self->peer && (s.header.flags & HS_TCP_ACK))
            {
              HsTime *t = g_hash_table_lookup (sent_at, GUINT_TO_POINTER (s.header.ack));

              if (t != NULL)
                p.values[0] = (guint32) MIN (s.sent - *t, G_MAXUINT32 - 1);
              g_hash_table_foreach_remove (sent_at, acked_cb, GUINT_TO_POINTER (s.header.ack));
            }
          break;
        case HS_PLOT_THROUGHPUT:
          p.values[0] = acked;
          break;
        case HS_PLOT_SEQUENCE:
        case HS_PLOT_WINDOW:
        default:
          break;
        }
      g_array_append_val (self->stored, p);
    }
}
