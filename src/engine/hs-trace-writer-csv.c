/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-trace-writer-csv.c: a trace as CSV, one line per segment with the
 * columns tshark would give it, streamed through the Sink. */

#define G_LOG_DOMAIN "hs-trace-writer"

#include "config.h"

#include <string.h>

#include "hs-trace-writer-private.h"

static void
csv_append_field (GString    *out,
                  const char *field)
{
  /* RFC 4180 quoting; only a lesson's own endpoint names can need it. */
  if (strpbrk (field, ",\"\r\n") == NULL)
    {
      g_string_append (out, field);
      return;
    }

  g_string_append_c (out, '"');

  for (const char *p = field; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }

  g_string_append_c (out, '"');
}

/* Ends a row: its connection when the trace has the column. */
static void
append_connection (GString              *out,
                   HsTrace              *trace,
                   const HsTraceSegment *segment,
                   gboolean              connections)
{
  if (connections)
    {
      guint connection = hs_trace_segment_get_connection (trace, segment);

      g_string_append_c (out, ',');
      if (connection != HS_TRACE_NONE)
        g_string_append_printf (out, "%u", connection + 1);
    }
  g_string_append_c (out, '\n');
}

gboolean
_hs_trace_writer_write_csv (Sink *sink)
{
  HsTrace *trace = sink->trace;
  GString *out = sink->out;
  guint n_segments = hs_trace_get_n_segments (trace);
  guint64 max_steps;
  HsTime at;

  /* A trace of several connections names hosts: a last column says which
   * connection a row is in (from 1, as the legend and --connection; empty
   * for a host's kernel answering a 4-tuple it has no socket for). A trace
   * naming none keeps its columns exactly. */
  gboolean connections = hs_trace_get_n_hosts (trace) > 0;

  sink->total = n_segments;
  g_string_append (out, "no,sent_us,arrived_us,from,to,flags,seq,ack,"
                        "rel_seq,rel_ack,win,len,fate,retransmission");
  g_string_append (out, connections ? ",connection\n" : "\n");

  for (guint i = 0; i < n_segments; i++)
    {
      const HsTraceSegment *segment = hs_trace_get_segment (trace, i);
      g_autofree char *flags = hs_tcp_flags_to_string (segment->header.flags, "+");
      gboolean has_ack = (segment->header.flags & HS_TCP_ACK) != 0;
      const char *fate = _hs_trace_writer_fate_name (segment->fate);

      g_string_append_printf (out, "%u,%" G_GINT64_FORMAT ",", i + 1, segment->sent);

      if (segment->fate == HS_FATE_DELIVERED && segment->arrived != HS_TIME_NONE)
        g_string_append_printf (out, "%" G_GINT64_FORMAT, segment->arrived);
      g_string_append_c (out, ',');

      if (segment->fate == HS_FATE_CAPTURED &&
          hs_trace_get_endpoint (trace, segment->from)->address[0] != '\0' &&
          hs_trace_get_endpoint (trace, segment->to)->address[0] != '\0')
        {
          /* a captured connection is named by its addresses, as in
           * Wireshark */
          g_autofree char *from = _hs_trace_writer_format_lane_address (hs_trace_get_endpoint (trace, segment->from));
          g_autofree char *to = _hs_trace_writer_format_lane_address (hs_trace_get_endpoint (trace, segment->to));

          csv_append_field (out, from);
          g_string_append_c (out, ',');
          csv_append_field (out, to);
        }
      else
        {
          csv_append_field (out, _hs_trace_writer_endpoint_name (trace, segment->from));
          g_string_append_c (out, ',');
          csv_append_field (out, _hs_trace_writer_endpoint_name (trace, segment->to));
        }

      if (hs_trace_segment_is_udp (trace, segment))
        {
          /* a datagram: no flags, no sequence numbers, no window */
          g_string_append_printf (out, ",,,,,,,%u,%s,0", segment->len, fate != NULL ? fate : "");
          append_connection (out, trace, segment, connections);
          if (!_hs_trace_writer_sink_next (sink))
            return FALSE;
          continue;
        }

      g_string_append_printf (out, ",%s,%u,", flags, segment->header.seq);

      if (has_ack)
        g_string_append_printf (out, "%u", segment->header.ack);

      g_string_append_printf (out, ",%u,", hs_trace_segment_rel_seq (trace, segment));

      if (has_ack)
        g_string_append_printf (out, "%u", hs_trace_segment_rel_ack (trace, segment));

      g_string_append_printf (out, ",%u,%u,%s,%d",
                              segment->window,
                              segment->len,
                              fate != NULL ? fate : "",
                              (segment->marks & HS_MARK_RETRANSMISSION) != 0);
      append_connection (out, trace, segment, connections);
      if (!_hs_trace_writer_sink_next (sink))
        return FALSE;
    }

  /* Programs reading CSV skip '#' lines or stop at them; either way the
   * reader learns that rows are missing, not that the run ended here. */
  if (hs_simulator_trace_is_truncated (trace, &max_steps, &at))
    g_string_append_printf (out, "# truncated: the simulation stopped at its limit of %" G_GUINT64_FORMAT
                            " steps, at %" G_GINT64_FORMAT " us of simulated time\n", max_steps, at);

  return _hs_trace_writer_sink_flush (sink);
}
