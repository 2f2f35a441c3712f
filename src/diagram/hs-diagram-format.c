/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-diagram-format.c: the words of the diagram: a segment's flags,
 * numbers and marks, notes, durations, lane headings and legend entries,
 * as drawn and as the text exports write them. */

#define G_LOG_DOMAIN "hs-diagram-layout"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "hs-diagram-build-private.h"
#include "hs-scenario.h"

char *
hs_diagram_format_flags (guint8 flags)
{
  char *text = hs_tcp_flags_to_string (flags, ", ");

  if (text == NULL || text[0] == '\0')
    {
      g_free (text);
      return g_strdup ("<None>");
    }

  return text;
}

char *
hs_diagram_format_segment_flags (HsTrace              *trace,
                                 const HsTraceSegment *segment)
{
  /* an IP fragment keeps its place in the UDP header's unused fields
   * (hs-simulator.c): "UDP 2/3" */
  if (hs_trace_segment_is_udp (trace, segment) && segment->header.window > 1)
    return g_strdup_printf ("UDP %u/%u", segment->header.urgent, segment->header.window);
  if (hs_trace_segment_is_udp (trace, segment))
    return g_strdup ("UDP");
  return hs_diagram_format_flags (segment->header.flags);
}

HsDiagramKind
hs_diagram_kind_for_segment (HsTrace              *trace,
                             const HsTraceSegment *segment)
{
  if (hs_trace_segment_is_udp (trace, segment))
    return HS_DIAGRAM_KIND_DATA;
  return hs_diagram_kind_for_flags (segment->header.flags, segment->len);
}

char *
hs_diagram_format_numbers (HsTrace              *trace,
                           const HsTraceSegment *segment,
                           gboolean              absolute)
{
  guint32 seq, ack;
  gboolean has_ack = (segment->header.flags & HS_TCP_ACK) != 0;

  if (hs_trace_segment_is_udp (trace, segment) && segment->header.window > 1)
    return g_strdup_printf ("offset=%u len=%u", segment->header.seq, segment->len);
  if (hs_trace_segment_is_udp (trace, segment))
    return g_strdup_printf ("len=%u", segment->len);

  if (absolute)
    {
      seq = segment->header.seq;
      ack = segment->header.ack;
    }
  else
    {
      seq = hs_trace_segment_rel_seq (trace, segment);
      ack = hs_trace_segment_rel_ack (trace, segment);
    }

  if (has_ack)
    return g_strdup_printf ("seq=%u ack=%u win=%u len=%u",
                            seq, ack, segment->window, segment->len);

  return g_strdup_printf ("seq=%u win=%u len=%u", seq, segment->window, segment->len);
}

static void
append_field (GString    *out,
              const char *name,
              guint32     value,
              gboolean    blank)
{
  if (out->len > 0)
    g_string_append_c (out, ' ');
  if (blank)
    g_string_append_printf (out, "%s=%s", name, HS_DIAGRAM_BLANK);
  else
    g_string_append_printf (out, "%s=%u", name, value);
}

char *
hs_diagram_format_numbers_blanked (HsTrace              *trace,
                                   const HsTraceSegment *segment,
                                   gboolean              absolute,
                                   guint                 blanks)
{
  GString *out;
  guint32 seq, ack;

  if (blanks == 0 || hs_trace_segment_is_udp (trace, segment))
    return hs_diagram_format_numbers (trace, segment, absolute);

  seq = absolute ? segment->header.seq : hs_trace_segment_rel_seq (trace, segment);
  ack = absolute ? segment->header.ack : hs_trace_segment_rel_ack (trace, segment);
  out = g_string_new (NULL);
  append_field (out, "seq", seq, blanks & HS_QUIZ_FIELD_SEQ);
  /* a blank ack is asked even when there is none: its absence is the answer */
  if ((segment->header.flags & HS_TCP_ACK) || (blanks & HS_QUIZ_FIELD_ACK))
    append_field (out, "ack", ack, blanks & HS_QUIZ_FIELD_ACK);
  append_field (out, "win", segment->window, blanks & HS_QUIZ_FIELD_WINDOW);
  append_field (out, "len", segment->len, blanks & HS_QUIZ_FIELD_LEN);
  return g_string_free (out, FALSE);
}

guint
hs_diagram_collect_tags (const HsTraceSegment *segment,
                         const char          **tags)
{
  guint n = 0;

  if (segment->marks & HS_MARK_RETRANSMISSION)
    tags[n++] = _("Retransmission");
  if (segment->marks & HS_MARK_DUPLICATE_ACK)
    tags[n++] = _("Duplicate ACK");
  if (segment->marks & HS_MARK_WINDOW_PROBE)
    tags[n++] = _("Window probe");
  if (segment->marks & HS_MARK_WINDOW_UPDATE)
    tags[n++] = _("Window update");
  if (segment->marks & HS_MARK_ZERO_WINDOW)
    tags[n++] = _("Zero window");
  if (segment->marks & HS_MARK_DELAYED_ACK)
    tags[n++] = _("Delayed ACK");
  if (segment->marks & HS_MARK_KEEPALIVE)
    tags[n++] = _("Keep-alive");
  if (segment->marks & HS_MARK_DUPLICATED)
    /* Translators: a second copy of a segment, made by the network */
    tags[n++] = _("Network duplicate");

  return n;
}

char *
hs_diagram_format_tags (const HsTraceSegment *segment)
{
  const char *tags[12];
  guint n;
  GString *out;

  g_return_val_if_fail (segment != NULL, NULL);

  n = hs_diagram_collect_tags (segment, tags);

  if (segment->fate == HS_FATE_LOST)
    tags[n++] = _("Lost");
  else if (segment->fate == HS_FATE_IN_FLIGHT)
    tags[n++] = _("In flight");

  if (n == 0)
    return NULL;

  out = g_string_new (tags[0]);
  for (guint i = 1; i < n; i++)
    g_string_append_printf (out, ", %s", tags[i]);

  return g_string_free (out, FALSE);
}

static int
tick_decimals (HsTime t,
               HsTime resolution)
{
  double unit = t >= HS_USEC_PER_SEC ? 1e6 : 1e3;
  int decimals = (int) ceil (-log10 ((double) MAX (resolution, 1) / unit) - 1e-9);

  return CLAMP (decimals, 0, 6);
}

double
hs_diagram_tick_value (HsTime t,
                       HsTime resolution)
{
  double unit = t >= HS_USEC_PER_SEC ? 1e6 : 1e3;
  double p = unit / pow (10, tick_decimals (t, resolution));

  return round (t / p) * p;
}

char *
hs_diagram_format_tick (HsTime t,
                        HsTime resolution)
{
  double unit = t >= HS_USEC_PER_SEC ? 1e6 : 1e3;
  int decimals = tick_decimals (t, resolution);

  if (t == 0)
    return g_strdup ("0");

  if (unit == 1e6)
    /* Translators: a time on the diagram's axis, in seconds */
    return g_strdup_printf (_("%.*f s"), decimals, t / unit);
  /* Translators: a time on the diagram's axis, in milliseconds */
  return g_strdup_printf (_("%.*f ms"), decimals, t / unit);
}

char *
hs_diagram_format_duration (HsTime duration)
{
  if (duration < 0)
    duration = 0;

  if (duration >= 10 * HS_USEC_PER_SEC)
    /* Translators: a duration in seconds */
    return g_strdup_printf (_("%.0f s"), duration / 1e6);
  if (duration >= HS_USEC_PER_SEC)
    return g_strdup_printf (_("%.3g s"), duration / 1e6);
  if (duration >= 10 * HS_USEC_PER_MSEC)
    /* Translators: a duration in milliseconds */
    return g_strdup_printf (_("%.0f ms"), duration / 1e3);
  if (duration >= HS_USEC_PER_MSEC)
    return g_strdup_printf (_("%.3g ms"), duration / 1e3);

  /* Translators: a duration in microseconds */
  return g_strdup_printf (_("%.0f µs"), (double) duration);
}

char *
hs_diagram_format_note (HsTrace           *trace,
                        const HsTraceStep *step)
{
  switch (step->kind)
    {
    case HS_STEP_APP_CALL:
      switch (step->detail)
        {
        case HS_APP_LISTEN:   return g_strdup ("listen()");
        case HS_APP_CONNECT:  return g_strdup ("connect()");
        case HS_APP_SEND:
          if (step->value > 0)
            return g_strdup_printf ("send(%" G_GUINT64_FORMAT ")", step->value);
          return g_strdup ("send()");
        case HS_APP_READ:     return g_strdup ("read()");
        case HS_APP_SHUTDOWN: return g_strdup ("shutdown()");
        case HS_APP_CLOSE:    return g_strdup ("close()");
        case HS_APP_ABORT:    return g_strdup ("abort()");
        case HS_APP_CORK:     return g_strdup ("cork()");
        case HS_APP_UNCORK:   return g_strdup ("uncork()");
        case HS_APP_SHUTDOWN_READ: return g_strdup ("shutdown(SHUT_RD)");
        /* Translators: a note in the lane of a process that is killed */
        case HS_APP_KILL:     return g_strdup (_("killed"));
        /* Translators: a note in the lane of a host that crashes */
        case HS_APP_CRASH:    return g_strdup (_("host down"));
        /* Translators: a note in the lane of a host that runs again after a crash */
        case HS_APP_REBOOT:   return g_strdup (_("host up again"));
        case HS_APP_ACCEPT:   return g_strdup ("accept()");
        /* Translators: a note in the lane of an attacker that starts sending
         * SYNs from forged addresses */
        case HS_APP_FLOOD:    return g_strdup (_("SYN flood"));
        default:              return NULL;
        }

    case HS_STEP_TIMER:
      switch (step->detail)
        {
        case HS_TIMER_RETRANSMISSION:
          return g_strdup (_("Retransmission timeout"));
        case HS_TIMER_TIME_WAIT:
          return g_strdup (_("TIME-WAIT timer expires"));
        case HS_TIMER_DELAYED_ACK:
          return g_strdup (_("Delayed-ACK timer"));
        case HS_TIMER_PERSIST:
          return g_strdup (_("Persist timer"));
        case HS_TIMER_KEEPALIVE:
          return g_strdup (_("Keep-alive timer"));
        case HS_TIMER_LOSS_PROBE:
          return g_strdup (_("Tail loss probe"));
        case HS_TIMER_REORDER:
          return g_strdup (_("RACK reordering timer"));
        default:
          return NULL;
        }

    case HS_STEP_APP_NOTIFY:
      switch (step->detail)
        {
        case HS_NOTIFY_REFUSED:
          return g_strdup (_("Connection refused"));
        case HS_NOTIFY_RESET:
          return g_strdup (_("Connection reset"));
        case HS_NOTIFY_TIMED_OUT:
          return g_strdup (_("Connection timed out"));
        default:
          return NULL;
        }

    default:
      return NULL;
    }
}

const char *
hs_diagram_lane_name (HsTrace *trace,
                      guint    lane)
{
  const HsTraceEndpoint *ep = hs_trace_get_endpoint (trace, lane);

  /* A heading, not a phrase in a sentence: "client", not "the client". */
  if (g_str_equal (ep->name, "client"))
    return C_("lane heading", "client");
  if (g_str_equal (ep->name, "server"))
    return C_("lane heading", "server");
  /* a SYN flood's host (Kind=attacker) */
  if (g_str_equal (ep->name, "attacker"))
    return C_("lane heading", "attacker");
  /* the second pair of a comparison (Transport=compare, compare-congestion):
   * English keeps the names the lesson files and exports use */
  if (g_str_equal (ep->name, "udp-client"))
    return C_("lane heading", "udp-client");
  if (g_str_equal (ep->name, "udp-server"))
    return C_("lane heading", "udp-server");
  if (g_str_equal (ep->name, "reno-client"))
    return C_("lane heading", "reno-client");
  if (g_str_equal (ep->name, "reno-server"))
    return C_("lane heading", "reno-server");
  if (g_str_equal (ep->name, "cubic-client"))
    return C_("lane heading", "cubic-client");
  if (g_str_equal (ep->name, "cubic-server"))
    return C_("lane heading", "cubic-server");
  return ep->name;
}

const char *
hs_diagram_legend_entry_text (const HsDiagramLegendEntry *entry)
{
  switch (entry->type)
    {
    case HS_DIAGRAM_LEGEND_KIND:
      return hs_diagram_kind_get_label (entry->index);
    case HS_DIAGRAM_LEGEND_LOST:
      return _("Lost");
    case HS_DIAGRAM_LEGEND_RETRANSMISSION:
      return _("Retransmission");
    case HS_DIAGRAM_LEGEND_BAND:
      switch (entry->index)
        {
        case HS_DIAGRAM_BAND_LISTEN:      return "LISTEN";
        case HS_DIAGRAM_BAND_OPENING:     return "SYN-SENT, SYN-RECEIVED";
        case HS_DIAGRAM_BAND_ESTABLISHED: return "ESTABLISHED";
        case HS_DIAGRAM_BAND_CLOSING:     return "FIN-WAIT-1/2, CLOSE-WAIT, CLOSING, LAST-ACK";
        case HS_DIAGRAM_BAND_TIME_WAIT:   return "TIME-WAIT";
        default:                          return "";
        }
    default:
      return "";
    }
}
