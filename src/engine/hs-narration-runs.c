/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-narration-runs.c: runs of similar steps told in one summary (a bulk
 * transfer's data, ACKs and reads; a stream of datagrams):
 * hs_narration_run_length () finds where a run ends, hs_narration_format_run ()
 * says what it did. The sentence for a single step is hs-narration.c's. */

#define G_LOG_DOMAIN "hs-narration"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "hs-narration-private.h"

/* A run holds at least this many steps: a shorter one is told step by
 * step. */
#define MIN_RUN 4
/* and at most this many, so that a run's look-ahead stays bounded */
#define MAX_RUN 100000

typedef enum
{
  RUN_NONE,
  RUN_TRANSFER,   /* data one way, its ACKs, reads, and the sender's window */
  RUN_DATAGRAMS,  /* UDP datagrams, sent, lost, delivered, read */
} RunClass;

/* The endpoint that exchanges segments with @endpoint: the lanes come in
 * pairs (client and server, then the UDP client and server). */
static guint
peer_of (HsTrace *trace,
         guint    endpoint)
{
  guint peer = endpoint ^ 1;

  return peer < hs_trace_get_n_endpoints (trace) ? peer : endpoint;
}

static gboolean
is_udp (HsTrace *trace,
        guint    endpoint)
{
  return hs_trace_get_endpoint (trace, endpoint)->transport == HS_TRANSPORT_UDP;
}

/* Which kind of run step @index can belong to, and whose data it is about;
 * RUN_NONE for a step that must be told on its own. */
static RunClass
run_class (HsTrace *trace,
           guint    index,
           guint   *sender)
{
  const HsTraceStep *step = hs_trace_get_step (trace, index);
  const HsTraceSegment *seg = step->segment != HS_TRACE_NONE ? hs_trace_get_segment (trace, step->segment) : NULL;

  if (seg != NULL && (seg->marks & HS_MARK_DUPLICATED))
    return RUN_NONE;

  switch ((HsStepKind) step->kind)
    {
    case HS_STEP_APP_CALL:
      if (step->reason == HS_REASON_APP_UDP && step->detail == HS_APP_SEND)
        {
          *sender = step->endpoint;
          return RUN_DATAGRAMS;
        }
      return RUN_NONE;

    case HS_STEP_APP_NOTIFY:
      if (step->detail != HS_NOTIFY_DATA)
        return RUN_NONE;
      *sender = peer_of (trace, step->endpoint);
      return is_udp (trace, step->endpoint) ? RUN_DATAGRAMS : RUN_TRANSFER;

    case HS_STEP_TIMER:
      if (step->detail != HS_TIMER_DELAYED_ACK)
        return RUN_NONE;
      *sender = peer_of (trace, step->endpoint);
      return RUN_TRANSFER;

    case HS_STEP_SEGMENT_SENT:
      if (seg == NULL || _hs_narration_explain_mark (trace, step) != NULL)
        return RUN_NONE;
      switch ((HsReason) step->reason)
        {
        case HS_REASON_SEND_DATAGRAM:
          *sender = seg->from;
          return RUN_DATAGRAMS;
        case HS_REASON_SEND_DATA:
          {
            const HsTraceSegment *prev = _hs_narration_previous_from (trace, seg);

            /* a piggy-backed ack is a moment of its own */
            if ((seg->header.flags & HS_TCP_ACK) && prev != NULL && (prev->header.flags & HS_TCP_ACK) &&
                hs_seq_gt (seg->header.ack, prev->header.ack))
              return RUN_NONE;
            *sender = seg->from;
            return RUN_TRANSFER;
          }
        case HS_REASON_SEND_ACK_DATA:
        case HS_REASON_SEND_ACK_DELAYED:
          if (seg->window == 0)
            return RUN_NONE;
          *sender = seg->to;
          return RUN_TRANSFER;
        case HS_REASON_SEND_ACK_OUT_OF_ORDER:
        case HS_REASON_SEND_ACK_GAP_ADVANCED:
        case HS_REASON_SEND_ACK_GAP_WINDOW:
        case HS_REASON_SEND_ACK_GAP_FILLED:
          *sender = seg->to;
          return RUN_TRANSFER;
        default:
          return RUN_NONE;
        }

    case HS_STEP_SEGMENT_LOST:
      if (seg == NULL || !is_udp (trace, seg->from))
        return RUN_NONE;
      *sender = seg->from;
      return RUN_DATAGRAMS;

    case HS_STEP_SEGMENT_ARRIVED:
      if (seg == NULL)
        return RUN_NONE;
      if (step->reason == HS_REASON_ARRIVE_DATAGRAM || step->reason == HS_REASON_ARRIVE_DATAGRAM_LATE)
        {
          *sender = seg->from;
          return RUN_DATAGRAMS;
        }
      if (seg->header.flags & (HS_TCP_SYN | HS_TCP_FIN | HS_TCP_RST))
        return RUN_NONE;
      if (seg->len > 0 && (step->reason == HS_REASON_ARRIVE_ACCEPTED || step->reason == HS_REASON_ARRIVE_OUT_OF_ORDER))
        {
          *sender = seg->from;
          return RUN_TRANSFER;
        }
      if (seg->len == 0 && (step->reason == HS_REASON_ARRIVE_ACCEPTED || step->reason == HS_REASON_ARRIVE_ACK_CWND_UNUSED) &&
          !(seg->marks & (HS_MARK_WINDOW_UPDATE | HS_MARK_WINDOW_PROBE)) && seg->window > 0 &&
          g_strcmp0 (hs_trace_get_parameter (trace, "topic"), "flow-control") != 0)
        {
          /* the first three duplicate ACKs lead to fast retransmit */
          if ((seg->marks & HS_MARK_DUPLICATE_ACK) && seg->end_step != HS_TRACE_NONE &&
              _hs_narration_duplicate_ack_number (trace, seg, seg->end_step) <= 3)
            return RUN_NONE;
          *sender = seg->to;
          return RUN_TRANSFER;
        }
      return RUN_NONE;

    case HS_STEP_STATE_CHANGE:
    default:
      return RUN_NONE;
    }
}

guint
hs_narration_run_length (HsTrace *trace,
                         guint    first)
{
  guint n_steps, sender, other = 0;
  RunClass kind;
  HsTime until = G_MAXINT64;
  guint n = 1;

  g_return_val_if_fail (HS_IS_TRACE (trace), 1);
  n_steps = hs_trace_get_n_steps (trace);
  g_return_val_if_fail (first < n_steps, 1);

  kind = run_class (trace, first, &sender);
  if (kind == RUN_NONE)
    return 1;
  if (kind == RUN_TRANSFER)
    {
      /* one round trip of the sender at most: slow start is told round
       * by round */
      const HsTcbSnapshot *tcb = hs_trace_get_tcb_at (trace, first, sender);
      const char *forward = hs_trace_get_parameter (trace, "network.forward.delay_us");
      const char *reverse = hs_trace_get_parameter (trace, "network.reverse.delay_us");
      HsTime rtt = tcb != NULL ? tcb->srtt : 0;

      if (rtt <= 0 && forward != NULL && reverse != NULL)
        rtt = g_ascii_strtoll (forward, NULL, 10) + g_ascii_strtoll (reverse, NULL, 10);
      if (rtt <= 0)
        return 1;
      until = hs_trace_get_step (trace, first)->time + rtt;
    }
  while (first + n < n_steps && n < MAX_RUN &&
         hs_trace_get_step (trace, first + n)->time < until &&
         run_class (trace, first + n, &other) == kind && other == sender)
    n++;
  return n >= MIN_RUN ? n : 1;
}

/* @text and @more as one text, @text freed; @more is borrowed. */
static char *
append_sentence (char       *text,
                 const char *sentence)
{
  g_autofree char *more = _hs_narration_capitalize (sentence);
  char *both;

  if (text == NULL)
    return g_steal_pointer (&more);
  both = g_strdup_printf (/* Translators: two sentences, one after the other */
                          _("%s %s"), text, more);
  g_free (text);
  return both;
}

static char *
format_datagram_run (HsTrace *trace,
                     guint    first,
                     guint    n_steps,
                     guint    sender)
{
  const char *me = hs_narration_endpoint_name (trace, sender);
  const char *peer = hs_narration_endpoint_name (trace, peer_of (trace, sender));
  guint n_sent = 0, n_lost = 0, n_arrived = 0, n_late = 0;
  guint64 bytes = 0;
  char *text = NULL;

  for (guint i = first; i < first + n_steps; i++)
    {
      const HsTraceStep *step = hs_trace_get_step (trace, i);

      if (step->kind == HS_STEP_SEGMENT_SENT)
        {
          n_sent++;
          bytes += hs_trace_get_segment (trace, step->segment)->len;
        }
      else if (step->kind == HS_STEP_SEGMENT_LOST)
        n_lost++;
      else if (step->kind == HS_STEP_SEGMENT_ARRIVED)
        {
          n_arrived++;
          n_late += step->reason == HS_REASON_ARRIVE_DATAGRAM_LATE;
        }
    }

  if (n_sent > 0)
    {
      g_autofree char *s = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                         "%s sends %u UDP datagram, %u bytes in all, one for each message its application sends.",
                                                         "%s sends %u UDP datagrams, %u bytes in all, one for each message its application sends.",
                                                         n_sent),
                                            me, n_sent, (guint) bytes);
      text = append_sentence (text, s);
    }
  if (n_lost > 0)
    {
      g_autofree char *s = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                         "The network loses %u datagram of %s, and nothing sends it again.",
                                                         "The network loses %u datagrams of %s, and nothing sends them again.",
                                                         n_lost),
                                            n_lost, me);
      text = append_sentence (text, s);
    }
  if (n_arrived > 0)
    {
      g_autofree char *s = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                         "%s receives %u datagram and hands it to its application as it is; nothing is acknowledged.",
                                                         "%s receives %u datagrams and hands each to its application as it is; nothing is acknowledged.",
                                                         n_arrived),
                                            peer, n_arrived);
      text = append_sentence (text, s);
    }
  if (n_late > 0)
    {
      g_autofree char *s = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                         "%u of them arrives after a datagram sent later: UDP does not restore the order.",
                                                         "%u of them arrive after a datagram sent later: UDP does not restore the order.",
                                                         n_late),
                                            n_late);
      text = append_sentence (text, s);
    }
  return text != NULL ? text : g_strdup ("");
}

static char *
format_transfer_run (HsTrace *trace,
                     guint    first,
                     guint    n_steps,
                     guint    sender)
{
  guint receiver = peer_of (trace, sender);
  const char *me = hs_narration_endpoint_name (trace, sender);
  const char *peer = hs_narration_endpoint_name (trace, receiver);
  guint n_sent = 0, n_in_order = 0, n_out_of_order = 0, n_acks = 0, n_duplicates = 0, n_duplicates_in = 0;
  guint32 lo = 0, hi = 0, last_ack = 0;
  guint64 bytes_read = 0;
  const HsTcbSnapshot *tcb;
  guint32 cwnd_before = 0, cwnd_after = 0, ssthresh = 0;
  char *text = NULL;

  for (guint i = first; i < first + n_steps; i++)
    {
      const HsTraceStep *step = hs_trace_get_step (trace, i);
      const HsTraceSegment *seg = step->segment != HS_TRACE_NONE ? hs_trace_get_segment (trace, step->segment) : NULL;

      if (step->kind == HS_STEP_SEGMENT_SENT && seg->from == sender && seg->len > 0)
        {
          guint32 rel = hs_trace_segment_rel_seq (trace, seg);

          if (n_sent == 0 || rel < lo)
            lo = rel;
          if (n_sent == 0 || rel + seg->len - 1 > hi)
            hi = rel + seg->len - 1;
          n_sent++;
        }
      else if (step->kind == HS_STEP_SEGMENT_SENT && seg->from == receiver)
        {
          n_acks++;
          n_duplicates += step->reason == HS_REASON_SEND_ACK_OUT_OF_ORDER;
          last_ack = hs_trace_segment_rel_ack (trace, seg);
        }
      else if (step->kind == HS_STEP_SEGMENT_ARRIVED && seg->to == receiver)
        {
          if (step->reason == HS_REASON_ARRIVE_OUT_OF_ORDER)
            n_out_of_order++;
          else
            n_in_order++;
        }
      else if (step->kind == HS_STEP_SEGMENT_ARRIVED && seg->to == sender)
        n_duplicates_in += (seg->marks & HS_MARK_DUPLICATE_ACK) != 0;
      else if (step->kind == HS_STEP_APP_NOTIFY)
        bytes_read += step->value;
    }

  if (n_sent > 0)
    {
      g_autofree char *s = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                         "%s sends %u segment of new data: relative sequence numbers %u to %u.",
                                                         "%s sends %u segments of new data: relative sequence numbers %u to %u.",
                                                         n_sent),
                                            me, n_sent, lo, hi);
      text = append_sentence (text, s);
    }
  if (n_in_order > 0)
    {
      g_autofree char *s = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                         "%s receives %u data segment in order.",
                                                         "%s receives %u data segments in order.",
                                                         n_in_order),
                                            peer, n_in_order);
      text = append_sentence (text, s);
    }
  if (n_out_of_order > 0)
    {
      g_autofree char *s = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                         "%s receives %u data segment out of order, beyond a gap, and keeps it until the gap is filled.",
                                                         "%s receives %u data segments out of order, beyond a gap, and keeps them until the gap is filled.",
                                                         n_out_of_order),
                                            peer, n_out_of_order);
      text = append_sentence (text, s);
    }
  if (n_acks > 0)
    {
      g_autofree char *s = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                         "%s acknowledges with %u ACK: ack = %u.",
                                                         "%s acknowledges with %u ACKs, the last with ack = %u.",
                                                         n_acks),
                                            peer, n_acks, last_ack);
      text = append_sentence (text, s);
    }
  if (n_duplicates > 0)
    {
      g_autofree char *s = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                         "%u of these ACKs is a duplicate ACK: the same ack, no data, the same window.",
                                                         "%u of these ACKs are duplicate ACKs: the same ack, no data, the same window.",
                                                         n_duplicates),
                                            n_duplicates);
      text = append_sentence (text, s);
    }
  if (n_duplicates_in > 0)
    {
      g_autofree char *s = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                         "%s receives %u more duplicate ACK.",
                                                         "%s receives %u more duplicate ACKs.",
                                                         n_duplicates_in),
                                            me, n_duplicates_in);
      text = append_sentence (text, s);
    }
  if (bytes_read > 0)
    {
      g_autofree char *s = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                         "The application of %s reads %u byte.",
                                                         "The application of %s reads %u bytes.",
                                                         (gulong) bytes_read),
                                            peer, (guint) bytes_read);
      text = append_sentence (text, s);
    }

  /* the sender's congestion window over the run, in a lesson about it */
  tcb = first > 0 ? hs_trace_get_tcb_at (trace, first - 1, sender) : NULL;
  if (tcb != NULL)
    cwnd_before = tcb->cwnd;
  tcb = hs_trace_get_tcb_at (trace, first + n_steps - 1, sender);
  if (tcb != NULL)
    {
      cwnd_after = tcb->cwnd;
      ssthresh = tcb->ssthresh;
    }
  if (g_strcmp0 (hs_trace_get_parameter (trace, "topic"), "congestion") == 0 && cwnd_before > 0 &&
      cwnd_after != cwnd_before)
    {
      g_autofree char *s = NULL;
      g_autofree char *threshold = _hs_narration_format_ssthresh (ssthresh);

      if (n_duplicates_in > 0 && cwnd_after > cwnd_before && _hs_narration_profile_is_rfc (trace))
        s = g_strdup_printf (_("In fast recovery each duplicate ACK inflates %s's congestion window by one segment, since one more segment has left the network (RFC 5681 section 3.2): cwnd %u → %u bytes."),
                             me, cwnd_before, cwnd_after);
      else if (n_duplicates_in > 0 && _hs_narration_paces_by_prr (trace))
        s = g_strdup_printf (_("In loss recovery proportional rate reduction (RFC 6937) sets %s's congestion window on each ACK to what is still in flight plus the segments that ACK may let out: cwnd %u → %u bytes."),
                             me, cwnd_before, cwnd_after);
      else if (n_duplicates_in > 0 && cwnd_after > cwnd_before)
        s = g_strdup_printf (_("In fast recovery each duplicate ACK inflates %s's congestion window by one segment, as RFC 5681 (section 3.2) describes and this simulation shows (Linux itself paces recovery by PRR, RFC 6937): cwnd %u → %u bytes."),
                             me, cwnd_before, cwnd_after);
      else if (cwnd_after > cwnd_before && cwnd_after <= ssthresh)
        s = g_strdup_printf (_("In slow start each ACK adds what it acknowledges to the congestion window: cwnd %u → %u bytes (ssthresh %s)."),
                             cwnd_before, cwnd_after, threshold);
      else if (cwnd_after > cwnd_before && cwnd_before >= ssthresh)
        s = g_strdup_printf (_("In congestion avoidance, above ssthresh = %u bytes, each ACK adds only one segment × one segment ÷ cwnd: cwnd %u → %u bytes."),
                             ssthresh, cwnd_before, cwnd_after);
      else
        s = g_strdup_printf (_("The congestion window goes from %u to %u bytes (ssthresh %s)."),
                             cwnd_before, cwnd_after, threshold);
      text = append_sentence (text, s);
    }
  return text != NULL ? text : g_strdup ("");
}

char *
hs_narration_format_run (HsTrace *trace,
                         guint    first,
                         guint    n_steps)
{
  g_autofree char *text = NULL;
  guint sender = 0;
  RunClass kind;

  g_return_val_if_fail (HS_IS_TRACE (trace), NULL);
  g_return_val_if_fail (n_steps > 0 && first + n_steps <= hs_trace_get_n_steps (trace), NULL);

  if (n_steps == 1)
    return hs_narration_format_step (trace, first);
  kind = run_class (trace, first, &sender);
  /* capitalize() copies: the run's own text is freed here */
  text = kind == RUN_DATAGRAMS ? format_datagram_run (trace, first, n_steps, sender)
                               : format_transfer_run (trace, first, n_steps, sender);
  return _hs_narration_space_chinese (_hs_narration_capitalize (text));
}

/* ------------------------------------------------- the run of a step -- */

typedef struct
{
  guint first;
  guint n_steps;
} RunSpan;

/* The runs found so far, kept with the trace: the runs of two steps or
 * more among the steps before @scanned, in order. */
typedef struct
{
  guint   n_trace_steps;   /* the trace's length when they were found */
  guint   scanned;
  GArray *spans;           /* RunSpan */
} RunIndex;

static void
run_index_free (gpointer data)
{
  RunIndex *index = data;

  g_array_unref (index->spans);
  g_free (index);
}

void
hs_narration_find_run (HsTrace *trace,
                       guint    step,
                       guint   *first,
                       guint   *n_steps)
{
  RunIndex *index;
  guint n, lo, hi;

  g_return_if_fail (HS_IS_TRACE (trace));
  n = hs_trace_get_n_steps (trace);
  g_return_if_fail (step < n);

  index = g_object_get_data (G_OBJECT (trace), "hs-narration-runs");
  if (index == NULL)
    {
      index = g_new0 (RunIndex, 1);
      index->spans = g_array_new (FALSE, FALSE, sizeof (RunSpan));
      g_object_set_data_full (G_OBJECT (trace), "hs-narration-runs", index, run_index_free);
    }
  /* a trace that grew may have cut a run short at its old end */
  if (index->n_trace_steps != n)
    {
      g_array_set_size (index->spans, 0);
      index->scanned = 0;
      index->n_trace_steps = n;
    }
  /* runs are found from the start, as a reader meets them */
  while (index->scanned <= step)
    {
      RunSpan span = { index->scanned, hs_narration_run_length (trace, index->scanned) };

      if (span.n_steps > 1)
        g_array_append_val (index->spans, span);
      index->scanned += span.n_steps;
    }

  /* the last run that starts at or before @step */
  lo = 0;
  hi = index->spans->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (index->spans, RunSpan, mid).first <= step)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo > 0)
    {
      const RunSpan *span = &g_array_index (index->spans, RunSpan, lo - 1);

      if (step < span->first + span->n_steps)
        {
          *first = span->first;
          *n_steps = span->n_steps;
          return;
        }
    }
  *first = step;
  *n_steps = 1;
}

/* ------------------------------------------------------------------ */
/* The tally of a comparison of TCP and UDP                            */

typedef struct
{
  guint   sent;          /* messages: send() calls */
  guint   delivered;     /* messages delivered whole */
  guint   out_of_order;  /* delivered after one sent later */
  guint64 bytes_sent;
  guint64 bytes_read;
} Tally;

/* TCP is a byte stream: a message is delivered once every byte up to its
 * end has been, and its bytes come in order. */
static void
tally_tcp (HsTrace *trace,
           Tally   *tally)
{
  g_autoptr(GArray) ends = g_array_new (FALSE, FALSE, sizeof (guint64));

  for (guint i = 0; i < hs_trace_get_n_steps (trace); i++)
    {
      const HsTraceStep *step = hs_trace_get_step (trace, i);

      if (is_udp (trace, step->endpoint))
        continue;
      if (step->kind == HS_STEP_APP_CALL && step->detail == HS_APP_SEND)
        {
          tally->bytes_sent += step->value;
          g_array_append_val (ends, tally->bytes_sent);
          tally->sent++;
        }
      else if (step->kind == HS_STEP_APP_NOTIFY && step->detail == HS_NOTIFY_DATA)
        tally->bytes_read += step->value;
    }
  for (guint i = 0; i < ends->len; i++)
    if (g_array_index (ends, guint64, i) <= tally->bytes_read)
      tally->delivered++;
}

/* UDP: a message is a datagram, delivered when it, or a copy the network
 * made of it, arrives; out of order when one sent after it arrived first. */
static void
tally_udp (HsTrace *trace,
           Tally   *tally)
{
  g_autoptr(GHashTable) arrived = g_hash_table_new (NULL, NULL);
  guint latest = 0;
  gboolean any = FALSE;

  for (guint i = 0; i < hs_trace_get_n_steps (trace); i++)
    {
      const HsTraceStep *step = hs_trace_get_step (trace, i);
      const HsTraceSegment *seg;
      guint original;

      if (!is_udp (trace, step->endpoint))
        continue;
      if (step->kind == HS_STEP_APP_CALL && step->detail == HS_APP_SEND)
        tally->sent++;
      if (step->kind != HS_STEP_SEGMENT_ARRIVED || step->segment == HS_TRACE_NONE)
        continue;
      /* an IP fragment is held, not delivered: its datagram is delivered
       * at the arrival that completes it (ARRIVE_REASSEMBLED), or never */
      if (step->reason == HS_REASON_ARRIVE_FRAGMENT)
        continue;
      seg = hs_trace_get_segment (trace, step->segment);
      original = seg->index;
      if (seg->marks & HS_MARK_DUPLICATED)
        {
          const HsTraceSegment *o = _hs_narration_previous_from (trace, seg);

          if (o != NULL)
            original = o->index;
        }
      if (g_hash_table_contains (arrived, GUINT_TO_POINTER (original + 1)))
        continue;
      g_hash_table_add (arrived, GUINT_TO_POINTER (original + 1));
      tally->delivered++;
      if (any && original < latest)
        tally->out_of_order++;
      latest = any ? MAX (latest, original) : original;
      any = TRUE;
    }
}

char *
hs_narration_format_tally (HsTrace *trace)
{
  gboolean has_tcp = FALSE, has_udp = FALSE;
  Tally tcp = { 0 }, udp = { 0 };
  g_autofree char *tcp_text = NULL;
  g_autofree char *udp_text = NULL;

  g_return_val_if_fail (HS_IS_TRACE (trace), NULL);

  for (guint i = 0; i < hs_trace_get_n_endpoints (trace); i++)
    {
      has_udp |= is_udp (trace, i);
      has_tcp |= !is_udp (trace, i);
    }
  if (!has_tcp || !has_udp)
    return NULL;

  tally_tcp (trace, &tcp);
  tally_udp (trace, &udp);

  if (tcp.delivered == tcp.sent)
    /* Translators: the first half of the tally that ends a comparison
     * of TCP and UDP: "In the end TCP delivered 10 of 10 messages, in order;" */
    tcp_text = g_strdup_printf (_("In the end TCP delivered %u of %u messages, in order;"), tcp.delivered, tcp.sent);
  else
    /* Translators: the first half of the tally when TCP gave up (its
     * retransmissions ran out): "In the end TCP delivered 6 of 10 messages,
     * in order, before it gave up;" */
    tcp_text = g_strdup_printf (_("In the end TCP delivered %u of %u messages, in order, before it gave up;"),
                                tcp.delivered, tcp.sent);
  if (udp.out_of_order == 0)
    /* Translators: the second half of the tally: "UDP delivered 7 of 10,
     * in the order they were sent." */
    udp_text = g_strdup_printf (_("UDP delivered %u of %u, in the order they were sent."), udp.delivered, udp.sent);
  else
    /* Translators: the second half of the tally: "UDP delivered 7 of 10,
     * 2 of them out of order." */
    udp_text = g_strdup_printf (_("UDP delivered %u of %u, %u of them out of order."),
                                udp.delivered, udp.sent, udp.out_of_order);
  /* Translators: the tally that ends a comparison of TCP and UDP: its two
   * halves, TCP's then UDP's */
  return g_strdup_printf (C_("tally", "%s %s"), tcp_text, udp_text);
}
