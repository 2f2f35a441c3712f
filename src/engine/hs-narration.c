/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-narration.c: the sentence that explains each step. A teacher reads
 * these aloud, so each one says only what is true of the step it explains.
 * The summaries of runs of similar steps are hs-narration-runs.c's.
 *
 * Over 1,000 lines on purpose: one job, a narrate_*() per kind of step
 * (segment sent, arrived, lost; state change, timer, application call,
 * notification) with the helpers each needs, and most of it translatable
 * sentences that read best beside the cases that choose them. */

#define G_LOG_DOMAIN "hs-narration"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "hs-narration-private.h"

const char *
hs_narration_endpoint_name (HsTrace *trace,
                            guint    endpoint)
{
  const HsTraceEndpoint *ep = hs_trace_get_endpoint (trace, endpoint);

  if (g_str_equal (ep->name, "client"))
    /* Translators: an endpoint's name inside a sentence */
    return _("the client");
  if (g_str_equal (ep->name, "server"))
    /* Translators: an endpoint's name inside a sentence */
    return _("the server");
  if (g_str_equal (ep->name, "udp-client"))
    /* Translators: an endpoint's name inside a sentence */
    return _("the UDP client");
  if (g_str_equal (ep->name, "udp-server"))
    /* Translators: an endpoint's name inside a sentence */
    return _("the UDP server");
  if (g_str_equal (ep->name, "reno-client"))
    /* Translators: an endpoint's name inside a sentence; Reno is a congestion control */
    return _("the Reno client");
  if (g_str_equal (ep->name, "reno-server"))
    /* Translators: an endpoint's name inside a sentence; Reno is a congestion control */
    return _("the Reno server");
  if (g_str_equal (ep->name, "cubic-client"))
    /* Translators: an endpoint's name inside a sentence; CUBIC is a congestion control */
    return _("the CUBIC client");
  if (g_str_equal (ep->name, "cubic-server"))
    /* Translators: an endpoint's name inside a sentence; CUBIC is a congestion control */
    return _("the CUBIC server");
  if (g_str_equal (ep->name, "attacker"))
    /* Translators: an endpoint's name inside a sentence: a host that floods a server with forged SYNs */
    return _("the attacker");
  return ep->name;
}

const char *
hs_narration_state_name (HsState state)
{
  return hs_state_to_string (state);
}

/* The first letter in upper case, for a name at the start of a sentence. */
char *
_hs_narration_capitalize (const char *sentence)
{
  gunichar first;
  const char *rest;
  char buf[8];
  int n;

  if (sentence == NULL || *sentence == '\0')
    return g_strdup ("");
  first = g_utf8_get_char (sentence);
  rest = g_utf8_next_char (sentence);
  n = g_unichar_to_utf8 (g_unichar_totitle (first), buf);
  buf[n] = '\0';
  return g_strconcat (buf, rest, NULL);
}

/* The kind of segment, in the words a textbook uses. */
static char *
segment_kind (const HsTraceSegment *seg)
{
  guint8 f = seg->header.flags;

  if (f == 0 && seg->header.seq == 0 && seg->header.ack == 0 && seg->header.window == 0 && seg->len > 0 &&
      seg->window == 0)
    return g_strdup (_("datagram"));

  if ((f & HS_TCP_SYN) && (f & HS_TCP_ACK))
    return g_strdup (_("SYN+ACK"));
  if (f & HS_TCP_SYN)
    return g_strdup (_("SYN"));
  if ((f & HS_TCP_RST) && (f & HS_TCP_ACK))
    return g_strdup (_("RST+ACK"));
  if (f & HS_TCP_RST)
    return g_strdup (_("RST"));
  if ((f & HS_TCP_FIN) && seg->len > 0)
    return g_strdup (_("data and FIN"));
  if (f & HS_TCP_FIN)
    return g_strdup (_("FIN"));
  if (seg->len > 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u byte of data", "%u bytes of data", seg->len), seg->len);
  return g_strdup (_("ACK"));
}

const HsTraceSegment *
_hs_narration_previous_from (HsTrace              *trace,
                             const HsTraceSegment *seg)
{
  for (guint i = seg->index; i > 0; i--)
    {
      const HsTraceSegment *s = hs_trace_get_segment (trace, i - 1);

      if (s->from == seg->from && !(s->marks & HS_MARK_DUPLICATED))
        return s;
    }
  return NULL;
}

/* "1.0 s", "200 ms", "40 µs": a duration inside a sentence. */
static char *
format_duration (guint64 usec)
{
  /* tenths of a second where they are exact, milliseconds (rounded)
   * otherwise: a timer's duration is said as it ran ("1616 ms", not
   * "1.6 s") */
  if (usec >= 1000000 && usec % 100000 == 0)
    /* Translators: a duration in seconds inside a sentence */
    return g_strdup_printf (_("%.1f s"), usec / 1e6);
  if (usec >= 1000)
    /* Translators: a duration in milliseconds inside a sentence */
    return g_strdup_printf (_("%u ms"), (guint) ((usec + 500) / 1000));
  /* Translators: a duration in microseconds inside a sentence */
  return g_strdup_printf (_("%u µs"), (guint) usec);
}

/* The TCB of @endpoint just before step @index and at the end of what
 * step @index caused at once, copied. FALSE when either is unknown. */
static gboolean
tcb_around (HsTrace       *trace,
            guint          index,
            guint          endpoint,
            HsTcbSnapshot *before,
            HsTcbSnapshot *after)
{
  const HsTcbSnapshot *b, *a;
  guint n = hs_trace_get_n_steps (trace);
  guint last = index;

  if (index == 0)
    return FALSE;
  /* what this step made the endpoint do at once, but not the next
   * arrival, which the trace also links to it when it comes at once */
  while (last + 1 < n && hs_trace_get_step (trace, last + 1)->cause == index &&
         hs_trace_get_step (trace, last + 1)->kind != HS_STEP_SEGMENT_ARRIVED)
    last++;
  b = hs_trace_get_tcb_at (trace, index - 1, endpoint);
  if (b == NULL)
    return FALSE;
  *before = *b;
  a = hs_trace_get_tcb_at (trace, last, endpoint);
  if (a == NULL)
    return FALSE;
  *after = *a;
  return TRUE;
}

gboolean
_hs_narration_profile_is_rfc (HsTrace *trace)
{
  return g_strcmp0 (hs_trace_get_parameter (trace, "profile"), "rfc") == 0;
}

/* Whether @endpoint runs CUBIC: what the lesson chose (the trace records a
 * choice only when the lesson made one), else its profile's default. */
gboolean
_hs_narration_runs_cubic (HsTrace *trace,
                          guint    endpoint)
{
  g_autofree char *key = g_strdup_printf ("%s.congestion", hs_trace_get_endpoint (trace, endpoint)->name);
  const char *chosen = hs_trace_get_parameter (trace, key);
  HsCongestionKind kind;

  if (chosen != NULL && hs_congestion_kind_from_string (chosen, &kind) && kind != HS_CONGESTION_DEFAULT)
    return kind == HS_CONGESTION_CUBIC;
  return !_hs_narration_profile_is_rfc (trace);
}

/* Whether a simulated recovery is paced by proportional rate reduction: the
 * linux profile does it once SACK is agreed, which the SYN+ACK shows. */
gboolean
_hs_narration_paces_by_prr (HsTrace *trace)
{
  if (_hs_narration_profile_is_rfc (trace) ||
      g_strcmp0 (hs_trace_get_parameter (trace, "source"), "capture") == 0)
    return FALSE;
  for (guint i = 0; i < hs_trace_get_n_segments (trace) && i < 64; i++)
    {
      const HsTraceSegment *seg = hs_trace_get_segment (trace, i);

      if ((seg->header.flags & (HS_TCP_SYN | HS_TCP_ACK)) == (HS_TCP_SYN | HS_TCP_ACK))
        return (seg->header.options.present & HS_TCP_OPT_SACK_PERM) != 0;
    }
  return FALSE;
}

/* ssthresh inside a sentence: "14480 bytes", or that it has no value yet
 * (RFC 5681 lets it start arbitrarily high). */
char *
_hs_narration_format_ssthresh (guint32 ssthresh)
{
  if (ssthresh >= G_MAXINT32)
    /* Translators: the slow-start threshold before it has a value, as in
     * "ssthresh not yet set → 14480 bytes" */
    return g_strdup (_("not yet set"));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u byte", "%u bytes", ssthresh), ssthresh);
}

/* A segment of a captured connection (src/capture/): what Wireshark's
 * analysis says about it, in a teacher's words. */
static char *
narrate_captured (HsTrace           *trace,
                  const HsTraceStep *step)
{
  const HsTraceSegment *seg = hs_trace_get_segment (trace, step->segment);
  const char *me = hs_narration_endpoint_name (trace, seg->from);
  const char *peer = hs_narration_endpoint_name (trace, seg->to);
  guint32 rel_seq = hs_trace_segment_rel_seq (trace, seg);
  guint32 rel_ack = hs_trace_segment_rel_ack (trace, seg);
  guint8 f = seg->header.flags;
  g_autofree char *since = format_duration (step->value);

  switch ((HsReason) step->reason)
    {
    case HS_REASON_CAPTURED_RETRANSMISSION:
      if ((f & HS_TCP_SYN) && (f & HS_TCP_ACK))
        return g_strdup_printf (_("%s retransmits its SYN+ACK %s after the previous one: no ACK for it arrived."), me, since);
      if (f & HS_TCP_SYN)
        return g_strdup_printf (_("%s retransmits its SYN %s after the previous one: no SYN+ACK arrived."), me, since);
      if ((f & HS_TCP_FIN) && seg->len == 0)
        return g_strdup_printf (_("%s retransmits its FIN %s after the previous one: no ACK for it arrived."), me, since);
      for (guint i = seg->index; i > 0 && i + 1000 > seg->index; i--)
        {
          const HsTraceSegment *before = hs_trace_get_segment (trace, i - 1);

          /* The peer's last ACK asks for exactly these bytes. */
          if (before->from == seg->to)
            {
              if ((before->header.flags & HS_TCP_ACK) && before->header.ack == seg->header.seq)
                return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                     "%s retransmits %u byte from relative sequence number %u, %s after the previous copy: %s keeps acknowledging up to it only, so it was lost.",
                                                     "%s retransmits %u bytes from relative sequence number %u, %s after the previous copy: %s keeps acknowledging up to them only, so they were lost.",
                                                     seg->len),
                                        me, seg->len, rel_seq, since, peer);
              break;
            }
        }
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%s retransmits %u byte from relative sequence number %u, %s after the previous copy: no acknowledgement for it arrived.",
                                           "%s retransmits %u bytes from relative sequence number %u, %s after the previous copy: no acknowledgement for them arrived.",
                                           seg->len),
                              me, seg->len, rel_seq, since);
    case HS_REASON_CAPTURED_FAST_RETRANSMISSION:
      return g_strdup_printf (_("%s retransmits the bytes from relative sequence number %u at once, without waiting for the timeout: %s's duplicate ACKs said they were lost (fast retransmission)."),
                              me, rel_seq, peer);
    case HS_REASON_CAPTURED_SPURIOUS_RETRANSMISSION:
      return g_strdup_printf (_("%s sends the bytes from relative sequence number %u again, although %s had already acknowledged them: a spurious retransmission."),
                              me, rel_seq, peer);
    case HS_REASON_CAPTURED_OUT_OF_ORDER:
      return g_strdup_printf (_("%s's bytes from relative sequence number %u come out of order: the capture saw bytes after them first."),
                              me, rel_seq);
    case HS_REASON_CAPTURED_LOST_SEGMENT:
      return g_strdup_printf (_("%s's segment starts at relative sequence number %u, but the capture saw it send only up to %u: a segment before it is missing from the capture."),
                              me, rel_seq, (guint32) step->value);
    case HS_REASON_CAPTURED_ACK_UNSEEN:
      return g_strdup_printf (_("%s acknowledges up to relative sequence number %u, more than the capture saw %s send: segments are missing from the capture."),
                              me, rel_ack, peer);
    case HS_REASON_CAPTURED_DUPLICATE_ACK:
      return g_strdup_printf (_("%s repeats its last ACK (ack = %u) with nothing new in it: duplicate ACK number %u. Duplicate ACKs tell %s that a segment is missing, or that one arrived twice."),
                              me, rel_ack, (guint) step->value, peer);
    case HS_REASON_CAPTURED_ZERO_WINDOW:
      return g_strdup_printf (_("%s advertises a window of 0: its receive buffer is full, so %s must stop sending until the window opens again."),
                              me, peer);
    case HS_REASON_CAPTURED_WINDOW_FULL:
      return g_strdup_printf (_("%s's segment fills %s's receive window to the last byte: %s can send nothing more until an ACK opens the window."),
                              me, peer, me);
    case HS_REASON_CAPTURED_SACK_WINDOW_UPDATE:
      return g_strdup_printf (_("%s repeats its ACK (ack = %u) with SACK blocks that report data past a hole: in effect a duplicate ACK. Wireshark calls it a window update only because the window grew at the same time, to %u bytes."),
                              me, rel_ack, seg->window);
    case HS_REASON_CAPTURED_WINDOW_UPDATE:
      return g_strdup_printf (_("%s sends a window update: the same ACK as before, now with a receive window of %u bytes."),
                              me, seg->window);
    case HS_REASON_CAPTURED_KEEP_ALIVE:
      return g_strdup_printf (_("%s sends a keep-alive: no new data, and the sequence number one below the next byte, which %s must answer with an ACK. It checks that the connection is still alive."),
                              me, peer);
    case HS_REASON_CAPTURED_ZERO_WINDOW_PROBE:
      return g_strdup_printf (_("%s probes %s's zero window. Linux sends the probe without data and with the sequence number one below the next byte, which is why Wireshark calls it a keep-alive; the ACK it provokes tells whether the window has opened."),
                              me, peer);
    case HS_REASON_CAPTURED_PROBE_ACK:
      return g_strdup_printf (_("%s answers the probe: ack = %u, and a window of %u bytes."),
                              me, rel_ack, seg->window);
    case HS_REASON_CAPTURED_ACK:
      return g_strdup_printf (_("%s acknowledges the data: ack = %u names the next byte it expects."),
                              me, rel_ack);
    case HS_REASON_CAPTURED_RST:
      return g_strdup_printf (_("%s resets the connection with an RST (seq = %u): it forgets the connection at once, with no FIN and no TIME-WAIT."),
                              me, rel_seq);
    default:
      return NULL;
    }
}

/* Whether a send step is the answer to a window probe that just arrived. */
/* The first step after @index that @index caused and that changes
 * @endpoint's state from @from, or NULL. The steps an arrival causes come
 * right after it. */
static const HsTraceStep *
caused_state_change (HsTrace *trace,
                     guint    index,
                     guint    endpoint,
                     HsState  from)
{
  guint n = hs_trace_get_n_steps (trace);

  for (guint i = index + 1; i < n && i <= index + 64; i++)
    {
      const HsTraceStep *s = hs_trace_get_step (trace, i);

      if (s->cause != index)
        continue;
      if (s->kind == HS_STEP_STATE_CHANGE && s->endpoint == endpoint && s->from_state == from)
        return s;
    }
  return NULL;
}

/* The FIN that @endpoint sends first after step @index, or NULL. */
static const HsTraceSegment *
next_fin_from (HsTrace *trace,
               guint    endpoint,
               guint    index)
{
  guint n = hs_trace_get_n_steps (trace);

  for (guint i = index + 1; i < n; i++)
    {
      const HsTraceStep *s = hs_trace_get_step (trace, i);
      const HsTraceSegment *seg;

      if (s->kind != HS_STEP_SEGMENT_SENT || s->endpoint != endpoint || s->segment == HS_TRACE_NONE)
        continue;
      seg = hs_trace_get_segment (trace, s->segment);
      if (seg->header.flags & HS_TCP_FIN)
        return seg;
    }
  return NULL;
}

/* How many bytes @fin waits behind: the FIN's own sequence number (after
 * the data its segment may carry) less the end of what its sender had sent
 * for the first time before step @index. */
static guint32
bytes_before_fin (HsTrace              *trace,
                  const HsTraceSegment *fin,
                  guint                 index)
{
  guint32 fin_seq = fin->header.seq + fin->len;

  for (guint i = fin->index; i > 0; i--)
    {
      const HsTraceSegment *s = hs_trace_get_segment (trace, i - 1);
      guint32 end;

      if (s->from != fin->from || s->sent_step >= index || (s->marks & (HS_MARK_RETRANSMISSION | HS_MARK_DUPLICATED)))
        continue;
      end = s->header.seq + s->len + ((s->header.flags & (HS_TCP_SYN | HS_TCP_FIN)) ? 1 : 0);
      return hs_seq_gt (fin_seq, end) ? fin_seq - end : 0;
    }
  return 0;
}

static gboolean
answers_window_probe (HsTrace           *trace,
                      const HsTraceStep *step)
{
  const HsTraceStep *cause;

  if (step->cause == HS_TRACE_NONE)
    return FALSE;
  cause = hs_trace_get_step (trace, step->cause);
  return cause->kind == HS_STEP_SEGMENT_ARRIVED && cause->segment != HS_TRACE_NONE &&
         (hs_trace_get_segment (trace, cause->segment)->marks & HS_MARK_WINDOW_PROBE) != 0;
}

/* Whether the segment that caused @step was a keepalive probe. */
static gboolean
answers_keepalive (HsTrace           *trace,
                   const HsTraceStep *step)
{
  const HsTraceStep *cause;

  if (step->cause == HS_TRACE_NONE)
    return FALSE;
  cause = hs_trace_get_step (trace, step->cause);
  return cause->kind == HS_STEP_SEGMENT_ARRIVED && cause->segment != HS_TRACE_NONE &&
         (hs_trace_get_segment (trace, cause->segment)->marks & HS_MARK_KEEPALIVE) != 0;
}

/* The path MTU the trace was simulated with, as text: the simulator
 * records it only when it is not the default. */
static const char *
mtu_of (HsTrace *trace)
{
  const char *mtu = hs_trace_get_parameter (trace, "network.mtu");

  return mtu != NULL ? mtu : "1500";
}

/* Whether @seg belongs to an earlier incarnation of the connection: an
 * old duplicate the network delivers, or the SYN+ACK that answers one. */
static gboolean
is_old_incarnation (HsTrace              *trace,
                    const HsTraceSegment *seg)
{
  const HsTraceStep *sent, *cause;

  if (seg->sent_step == HS_TRACE_NONE)
    return FALSE;
  sent = hs_trace_get_step (trace, seg->sent_step);
  if (sent->reason == HS_REASON_SEND_OLD_DUPLICATE)
    return TRUE;
  if (sent->cause == HS_TRACE_NONE)
    return FALSE;
  cause = hs_trace_get_step (trace, sent->cause);
  return cause->kind == HS_STEP_SEGMENT_ARRIVED && cause->segment != HS_TRACE_NONE &&
         cause->segment < seg->index &&
         is_old_incarnation (trace, hs_trace_get_segment (trace, cause->segment));
}

static char *
narrate_sent (HsTrace           *trace,
              const HsTraceStep *step)
{
  const HsTraceSegment *seg = hs_trace_get_segment (trace, step->segment);
  const char *me = hs_narration_endpoint_name (trace, seg->from);
  const char *peer = hs_narration_endpoint_name (trace, seg->to);
  guint32 rel_seq = hs_trace_segment_rel_seq (trace, seg);
  guint32 rel_ack = hs_trace_segment_rel_ack (trace, seg);
  g_autofree char *kind = segment_kind (seg);
  char *captured = narrate_captured (trace, step);

  if (captured != NULL)
    return captured;

  switch ((HsReason) step->reason)
    {
    case HS_REASON_SEND_SYN:
      /* the number convention, said once per lesson at its first SYN; the
       * absolute ISN once per side, in brackets */
      for (guint i = 0; i < seg->index; i++)
        if ((hs_trace_get_segment (trace, i)->header.flags & HS_TCP_SYN) &&
            !is_old_incarnation (trace, hs_trace_get_segment (trace, i)))
          return g_strdup_printf (_("%s sends a SYN to open a connection to %s as well: seq = 0 (ISN %u), its own numbers counted from its own ISN."),
                                  me, peer, seg->header.seq);
      return g_strdup_printf (_("%s sends a SYN to open a connection to %s: seq = 0 (ISN %u). Like the diagram, this narration counts each side's numbers from its own initial sequence number (ISN): the SYN itself uses up number 0 and the first data byte is 1. The absolute value is given in brackets once for each side."),
                              me, peer, seg->header.seq);
    case HS_REASON_SEND_OLD_DUPLICATE:
      if (seg->header.flags & HS_TCP_SYN)
        return g_strdup_printf (_("An old SYN of %s, from an earlier connection between the same two ports, has been held up in the network and is on its way to %s only now. Its ISN %u is that connection's (%u counted from %s's own ISN, as the diagram counts); %s did not send it now, and has no connection that it belongs to."),
                                me, peer, seg->header.seq, rel_seq, me, me);
      return g_strdup_printf (_("An old %s of %s, from an earlier connection between the same two ports (seq %u, absolute), has been held up in the network and is on its way to %s only now; %s did not send it now."),
                              kind, me, seg->header.seq, peer, me);
    case HS_REASON_SEND_SYN_FORGED:
      {
        /* the SYN as any other is told, then what is false about it */
        HsTraceStep plain = *step;
        g_autofree char *sent = NULL;
        g_autofree char *forged = NULL;

        plain.reason = HS_REASON_SEND_SYN;
        sent = narrate_sent (trace, &plain);
        forged = g_strdup_printf (_("Its source address, %s, is forged: the answer will go there, where no host expects it, so nothing will ever complete this handshake."),
                                  hs_trace_get_endpoint (trace, seg->from)->address);
        return g_strdup_printf (_("%s %s"), sent, forged);
      }
    case HS_REASON_SEND_TIME_WAIT_ACK:
      return g_strdup_printf (_("From TIME-WAIT, %s answers with the ACK of the old connection: ack = %u, the next byte it expected from it. This ACK does not acknowledge %s's new SYN, and a socket in SYN-SENT answers such an ACK with an RST (RFC 9293 section 3.10.7.3)."),
                              me, rel_ack, peer);
    case HS_REASON_SEND_SYN_COOKIE:
      return g_strdup_printf (_("%s answers %s's SYN with a SYN+ACK, seq = 0 (ISN %u): this ISN is a SYN cookie, and the server keeps nothing of the connection, so if this SYN+ACK is lost, nobody sends it again. Its ack = %u, relative (%s's ISN %u + 1)."),
                              me, peer, seg->header.seq, rel_ack, peer, seg->header.ack - 1);
    case HS_REASON_SEND_SYN_ACK:
      if (is_old_incarnation (trace, seg))
        return g_strdup_printf (_("%s cannot tell an old SYN from a new one, so it answers with SYN+ACK as it would any SYN, with its own ISN %u and with ack = %u, the old ISN %u + 1. Were this a two-way handshake, %s would now hold a connection that nobody asked for; with three, it waits for %s to confirm."),
                                me, seg->header.seq, rel_ack, seg->header.ack - 1, me, peer);
      /* Numbers are relative, as the diagram shows them; an ISN is named
       * with its absolute value. */
      return g_strdup_printf (_("%s answers with SYN+ACK: seq = 0 (ISN %u), its own numbers counted from its own ISN. Its ack = %u, relative (%s's ISN %u + 1), because a SYN uses up one sequence number."),
                              me, seg->header.seq, rel_ack, peer, seg->header.ack - 1);
    case HS_REASON_SEND_SYN_ACK_SIMULTANEOUS:
      return g_strdup_printf (_("%s received a SYN while its own SYN was unanswered (simultaneous open). It sends SYN+ACK: the same ISN %u as its first SYN, and ack = %u, relative (%s's ISN %u + 1)."),
                              me, seg->header.seq, rel_ack, peer, seg->header.ack - 1);
    case HS_REASON_SEND_SYN_ACK_AGAIN:
      return g_strdup_printf (_("%s sends its SYN+ACK again: %s's SYN came a second time, so the first SYN+ACK cannot have arrived."),
                              me, peer);
    case HS_REASON_SEND_ACK_HANDSHAKE:
      return g_strdup_printf (_("%s acknowledges %s's SYN with ack = %u, relative (%s's ISN %u + 1). This ACK is the third segment of the three-way handshake."),
                              me, peer, rel_ack, peer, seg->header.ack - 1);
    case HS_REASON_SEND_ACK_SIMULTANEOUS:
      return g_strdup_printf (_("%s acknowledges %s's SYN+ACK with ack = %u, relative (%s's ISN %u + 1). The SYNs crossed (simultaneous open), so this is not the third segment of a three-way handshake: each side has sent a SYN and a SYN+ACK."),
                              me, peer, rel_ack, peer, seg->header.ack - 1);
    case HS_REASON_SEND_DATA:
      /* One byte has one sequence number, more have a range: two sentences,
       * not one plural, since a language with a single plural form would
       * otherwise say "numbers 5 to 5". */
      {
        const HsTraceSegment *prev = _hs_narration_previous_from (trace, seg);

        /* data that acknowledges what the peer sent since this side's last
         * ACK: the acknowledgement rides on it */
        if ((seg->header.flags & HS_TCP_ACK) && prev != NULL && (prev->header.flags & HS_TCP_ACK) &&
            hs_seq_gt (seg->header.ack, prev->header.ack))
          return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "%s sends %u byte of data, relative sequence numbers %u to %u, and the same segment acknowledges %s's data: ack = %u. The acknowledgement rides on the data (piggy-backing), so no separate ACK is needed.",
                                               "%s sends %u bytes of data, relative sequence numbers %u to %u, and the same segment acknowledges %s's data: ack = %u. The acknowledgement rides on the data (piggy-backing), so no separate ACK is needed.",
                                               seg->len),
                                  me, seg->len, rel_seq, rel_seq + seg->len - 1, peer, rel_ack);
      }
      if (seg->len == 1)
        return g_strdup_printf (_("%s sends 1 byte of data: relative sequence number %u."),
                                me, rel_seq);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%s sends %u byte of data: relative sequence numbers %u to %u.",
                                           "%s sends %u bytes of data: relative sequence numbers %u to %u.",
                                           seg->len),
                              me, seg->len, rel_seq, rel_seq + seg->len - 1);
    case HS_REASON_SEND_DATA_LIMITED_TRANSMIT:
      if (g_strcmp0 (hs_trace_get_parameter (trace, "profile"), "rfc") == 0)
        return g_strdup_printf (_("A duplicate ACK tells %s that a segment has reached %s, though one before it may be missing. RFC 3042 lets each of the first two duplicate ACKs send one new segment beyond the congestion window, so %s sends %s (limited transmit). If a segment was lost, the new data brings back enough duplicate ACKs for fast retransmit; cwnd itself does not change."),
                                me, peer, me, kind);
      return g_strdup_printf (_("%s's duplicate ACKs show that segments have left the network, though one before them may be missing. Linux no longer counts those segments as in flight, so %s sends new data, %s, in their place (limited transmit, RFC 3042). If a segment was lost, the new data brings back enough duplicate ACKs for fast retransmit; cwnd itself does not change."),
                              peer, me, kind);
    case HS_REASON_SEND_DATA_AFTER_IDLE:
      {
        const HsTcbSnapshot *tcb = hs_trace_get_tcb_at (trace, seg->sent_step, seg->from);
        g_autofree char *idle = NULL;
        guint32 cwnd = tcb != NULL ? tcb->cwnd : 0;

        for (guint i = seg->index; i > 0; i--)
          {
            const HsTraceSegment *s = hs_trace_get_segment (trace, i - 1);

            if (s->from == seg->from && s->len > 0 && !(s->marks & HS_MARK_DUPLICATED))
              {
                idle = format_duration (seg->sent - s->sent);
                break;
              }
          }
        if (idle == NULL)
          idle = format_duration (0);
        if (g_strcmp0 (hs_trace_get_parameter (trace, "profile"), "rfc") == 0)
          return g_strdup_printf (_("%s has sent no data for %s, longer than its retransmission timeout (RTO). No ACKs have paced it since, and its old congestion window may no longer fit the network, so it starts again from the initial window, cwnd = %u bytes (slow start after idle, RFC 5681), and sends %s."),
                                  me, idle, cwnd, kind);
        return g_strdup_printf (_("%s has sent no data for %s, longer than its retransmission timeout (RTO). No ACKs have paced it since, and its old congestion window may no longer fit the network, so Linux halves the window for every RTO of silence, down to the initial window: cwnd = %u bytes (slow start after idle). Then it sends %s."),
                                me, idle, cwnd, kind);
      }
    case HS_REASON_SEND_DATA_FIN:
    case HS_REASON_SEND_DATA_FIN_SHUTDOWN:
      {
        HsState state = hs_trace_get_state_at (trace, seg->sent_step, seg->from);

        /* the peer's name starts the second sentence */
        g_autofree char *who = _hs_narration_capitalize (peer);

        if (state == HS_STATE_LAST_ACK || state == HS_STATE_CLOSING || state == HS_STATE_TIME_WAIT)
          return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "%s sends its last %u byte of data, from relative sequence number %u, and its own FIN in the same segment. %s had already sent its FIN, so this closes the second direction of the connection.",
                                               "%s sends its last %u bytes of data, from relative sequence number %u, and its own FIN in the same segment. %s had already sent its FIN, so this closes the second direction of the connection.",
                                               seg->len),
                                  me, seg->len, rel_seq, who);
        /* after close() arriving data is answered with an RST (RFC 1122
         * section 4.2.2.13); after shutdown(SHUT_WR) it is still read */
        if (step->reason == HS_REASON_SEND_DATA_FIN)
          return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "%s sends its last %u byte of data, from relative sequence number %u, and its FIN in the same segment. Its application called close(), so it will read nothing more: data that still arrives would be answered with an RST.",
                                               "%s sends its last %u bytes of data, from relative sequence number %u, and its FIN in the same segment. Its application called close(), so it will read nothing more: data that still arrives would be answered with an RST.",
                                               seg->len),
                                  me, seg->len, rel_seq);
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "%s sends its last %u byte of data, from relative sequence number %u, and its FIN in the same segment. It can still receive data until %s closes as well.",
                                             "%s sends its last %u bytes of data, from relative sequence number %u, and its FIN in the same segment. It can still receive data until %s closes as well.",
                                             seg->len),
                                me, seg->len, rel_seq, peer);
      }
    case HS_REASON_SEND_ACK_DATA:
      if (seg->window == 0)
        return g_strdup_printf (_("%s acknowledges the data at once, ack = %u, and offers win = 0: its receive buffer is full because its application has not read the data yet, so %s must stop sending."),
                                me, rel_ack, peer);
      return g_strdup_printf (_("%s acknowledges the data at once: ack = %u names the next byte it expects."),
                              me, rel_ack);
    case HS_REASON_SEND_ACK_DELAYED:
      if (seg->window == 0)
        return g_strdup_printf (_("%s's delayed-ACK timer has run out, so it acknowledges the data on its own, ack = %u, and offers win = 0: its receive buffer is full because its application has not read the data yet, so %s must stop sending."),
                                me, rel_ack, peer);
      return g_strdup_printf (_("%s's delayed-ACK timer has run out, so it acknowledges the data on its own: ack = %u."),
                              me, rel_ack);
    case HS_REASON_SEND_ACK_FIN:
      if (seg->marks & HS_MARK_DELAYED_ACK)
        return g_strdup_printf (_("%s acknowledges %s's FIN with ack = %u (a FIN uses up one sequence number). Linux held this ACK back for a moment, hoping to send it together with its own FIN."),
                                me, peer, rel_ack);
      if (!_hs_narration_profile_is_rfc (trace) && g_strcmp0 (hs_trace_get_parameter (trace, "source"), "capture") != 0 &&
          hs_trace_get_state_at (trace, seg->sent_step, seg->from) == HS_STATE_CLOSE_WAIT)
        {
          gboolean had_data = FALSE;

          for (guint i = 0; i < seg->index && !had_data; i++)
            {
              const HsTraceSegment *s = hs_trace_get_segment (trace, i);

              had_data = s->from == seg->to && s->len > 0;
            }
          if (!had_data)
            /* Linux's delayed-ACK timeout (icsk_ack.ato) is 0 until data arrives */
            return g_strdup_printf (_("%s acknowledges %s's FIN at once with ack = %u (a FIN uses up one sequence number). Linux delays the ACK of a FIN only after data has arrived on the connection: until then its delayed-ACK timeout is 0. So this ACK does not wait to travel with its own FIN."),
                                    me, peer, rel_ack);
        }
      return g_strdup_printf (_("%s acknowledges %s's FIN with ack = %u: a FIN uses up one sequence number."),
                              me, peer, rel_ack);
    case HS_REASON_SEND_FIN:
    case HS_REASON_SEND_FIN_SHUTDOWN:
      {
        const HsTraceSegment *prev = _hs_narration_previous_from (trace, seg);
        HsState state = hs_trace_get_state_at (trace, step->segment != HS_TRACE_NONE ? seg->sent_step : 0, seg->from);

        if (state == HS_STATE_LAST_ACK && (seg->header.flags & HS_TCP_ACK) &&
            (prev == NULL || !(prev->header.flags & HS_TCP_ACK) || hs_seq_lt (prev->header.ack, seg->header.ack)))
          return g_strdup_printf (_("%s sends its own FIN, and the same segment acknowledges %s's FIN (ack = %u). With ACK and FIN together, this close takes three segments instead of four."),
                                  me, peer, rel_ack);
        if (state == HS_STATE_LAST_ACK && g_strcmp0 (hs_trace_get_parameter (trace, "source"), "capture") != 0)
          /* the ACK of the peer's FIN went earlier on its own: the four-way close */
          return g_strdup_printf (_("%s's application has closed too, so %s sends its own FIN (seq = %u). This is not merely an acknowledgement: it closes the second direction of the connection. Each direction is closed on its own: the earlier ACK only said that %s's FIN had arrived, and %s could still have sent data after it. That is why this close takes four segments; had the application of %s closed at once, its ACK would have travelled with this FIN, and three would have been enough."),
                                  me, me, rel_seq, peer, me, me);
        if (state == HS_STATE_LAST_ACK)
          return g_strdup_printf (_("%s's application has closed too, so %s sends its own FIN (seq = %u). This is not merely an acknowledgement: it closes the second direction of the connection."),
                                  me, me, rel_seq);
        if (g_strcmp0 (hs_trace_get_parameter (trace, "source"), "capture") == 0)
          return g_strdup_printf (_("%s sends its %s: it has finished sending and will send nothing more. A capture cannot show whether its application called close() or only shutdown(SHUT_WR)."),
                                  me, kind);
        if (step->reason == HS_REASON_SEND_FIN && step->cause != HS_TRACE_NONE &&
            hs_trace_get_step (trace, step->cause)->kind == HS_STEP_APP_CALL &&
            hs_trace_get_step (trace, step->cause)->detail == HS_APP_KILL)
          return g_strdup_printf (_("The kernel of %s closes the socket of the killed process: it sends a FIN (seq = %u). Nothing will read any more: data that still arrives would be answered with an RST."),
                                  me, rel_seq);
        if (step->reason == HS_REASON_SEND_FIN)
          return g_strdup_printf (_("%s has no more data to send, so it sends a FIN (seq = %u). Its application called close(), so it will read nothing more: data that still arrives would be answered with an RST."),
                                  me, rel_seq);
        return g_strdup_printf (_("%s has no more data to send, so it sends a FIN (seq = %u). It can still receive data until %s closes as well."),
                                me, rel_seq, peer);
      }
    case HS_REASON_SEND_RST_CLOSED:
      if (!(seg->header.flags & HS_TCP_ACK) && step->cause != HS_TRACE_NONE &&
          hs_trace_get_step (trace, step->cause)->segment != HS_TRACE_NONE &&
          is_old_incarnation (trace, hs_trace_get_segment (trace, hs_trace_get_step (trace, step->cause)->segment)))
        return g_strdup_printf (_("%s has sent no SYN, so this SYN+ACK answers nothing of its own: %s answers with an RST whose seq = %u is the ack that segment carried (RFC 9293 section 3.5, figure 8). This is what the third segment is for: %s learns that the connection is not wanted and forgets it."),
                                me, me, rel_seq, peer);
      if (!(seg->header.flags & HS_TCP_ACK))
        /* the answer to a segment with ACK: <SEQ=SEG.ACK><CTL=RST> */
        return g_strdup_printf (_("%s has no connection for %s's segment on port %u, so it answers with a bare RST. Its seq = %u is the ack that segment carried (RFC 9293 section 3.10.7.1), so %s takes the reset as meant for its own connection."),
                                me, peer, hs_trace_get_endpoint (trace, seg->from)->port, rel_seq, peer);
      return g_strdup_printf (_("No application listens on port %u, so %s refuses the connection with RST+ACK. Its ack = %u, relative (%s's ISN %u + 1), acknowledges the SYN it refuses; its absolute sequence number is 0, as RFC 9293 says for an answer to a segment without ACK."),
                              hs_trace_get_endpoint (trace, seg->from)->port, me, rel_ack, peer, seg->header.ack - 1);
    case HS_REASON_SEND_RST_ABORT:
      return g_strdup_printf (_("%s aborts the connection: it sends an RST (seq = %u) and forgets the connection at once, with no FIN and no TIME-WAIT."),
                              me, rel_seq);
    case HS_REASON_SEND_RST_DATA_AFTER_CLOSE:
      {
        /* the second name starts a sentence */
        g_autofree char *who = _hs_narration_capitalize (me);

        return g_strdup_printf (_("Data arrives for %s, but its application has already closed and will never read it. %s answers with an RST (seq = %u) and forgets the connection."),
                                me, who, rel_seq);
      }
    case HS_REASON_SEND_RST_CLOSE_UNREAD:
      if (step->cause != HS_TRACE_NONE && hs_trace_get_step (trace, step->cause)->kind == HS_STEP_APP_CALL &&
          hs_trace_get_step (trace, step->cause)->detail == HS_APP_KILL)
        return g_strdup_printf (_("%s's application was killed while data it received was still unread. Nobody will ever read it, so the kernel, closing the socket for the dead process, sends an RST (seq = %u) instead of a FIN, which tells %s that data was lost (RFC 1122 section 4.2.2.13), and forgets the connection at once, with no TIME-WAIT."),
                                me, rel_seq, peer);
      return g_strdup_printf (_("%s's application closes while data it received is still unread. Nobody will ever read it, so instead of a FIN %s sends an RST (seq = %u), which tells %s that data was lost (RFC 1122 section 4.2.2.13, RFC 2525 section 2.17), and forgets the connection at once, with no TIME-WAIT."),
                              me, me, rel_seq, peer);
    case HS_REASON_SEND_RST_BAD_ACK:
      return g_strdup_printf (_("%s answers with an RST: the segment it received acknowledges data that was never sent on this connection."),
                              me);
    case HS_REASON_SEND_ACK_UNACCEPTABLE:
      if (answers_keepalive (trace, step))
        return g_strdup_printf (_("%s answers the keepalive probe with an ACK that repeats what it expects next, ack = %u. That is all the probe asks for: when this ACK arrives, %s knows that %s is still there."),
                                me, rel_ack, peer, me);
      if (answers_window_probe (trace, step))
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "%s answers the window probe with an ACK that gives its window again: ack = %u, window %u byte.",
                                             "%s answers the window probe with an ACK that gives its window again: ack = %u, window %u bytes.",
                                             seg->window),
                                me, rel_ack, seg->window);
      if ((seg->header.options.present & HS_TCP_OPT_SACK) && seg->header.options.n_sack > 0 &&
          hs_seq_leq (seg->header.options.sack[0].right, seg->header.ack))
        {
          guint32 base = hs_trace_get_endpoint (trace, seg->to)->rel_base;

          return g_strdup_printf (_("The segment carried only bytes %s had received already (an old duplicate), so %s drops it and answers at once with ack = %u and a D-SACK block (RFC 2883), bytes %u to %u: it tells %s that these bytes arrived twice, so that copy was not needed."),
                                  me, me, rel_ack, seg->header.options.sack[0].left - base,
                                  seg->header.options.sack[0].right - 1 - base, peer);
        }
      return g_strdup_printf (_("The segment was not within %s's receive window (an old duplicate), so %s drops it and answers with an ACK that repeats what it expects next: ack = %u."),
                              me, me, rel_ack);
    case HS_REASON_SEND_ACK_OUT_OF_ORDER:
      return g_strdup_printf (_("%s received data beyond a gap, so it sends a duplicate ACK at once: it still expects byte %u."),
                              me, rel_ack);
    case HS_REASON_SEND_ACK_GAP_ADVANCED:
      return g_strdup_printf (_("%s sends an ACK at once, ack = %u. It acknowledges bytes it had not acknowledged before, so it is not a duplicate ACK, but bytes it received beyond a gap still wait for the missing ones."),
                              me, rel_ack);
    case HS_REASON_SEND_ACK_GAP_WINDOW:
      return g_strdup_printf (_("%s received data beyond a gap and answers at once with ack = %u, still the byte it expects. Its window is now %u bytes, not what its previous ACK offered, so by RFC 5681 this is not a duplicate ACK."),
                              me, rel_ack, seg->window);
    case HS_REASON_SEND_ACK_GAP_FILLED:
      return g_strdup_printf (_("The data fills the gap, so %s acknowledges at once everything it now holds in order: ack = %u."),
                              me, rel_ack);
    case HS_REASON_SEND_CHALLENGE_ACK:
      return g_strdup_printf (_("%s answers with a challenge ACK (RFC 5961) instead of acting on the segment: a genuine peer answers it with an exact RST, a forged segment cannot."),
                              me);
    case HS_REASON_SEND_ACK_TIME_WAIT:
      return g_strdup_printf (_("%s is in TIME-WAIT and receives %s's FIN again: its last ACK was lost. It acknowledges the FIN again (ack = %u) and restarts TIME-WAIT. This is why TIME-WAIT exists."),
                              me, peer, rel_ack);
    case HS_REASON_SEND_WINDOW_PROBE:
      return g_strdup_printf (_("%s's persist timer has run out while %s's window is zero, so it sends a window probe to learn whether the window has opened."),
                              me, peer);
    case HS_REASON_SEND_KEEPALIVE:
      return g_strdup_printf (_("%s has heard nothing from %s for a while and has nothing to send, so its keepalive timer sends a probe: no data, and seq = %u, one below the next new byte, a number %s has already acknowledged. A live peer must answer it with an ACK."),
                              me, peer, rel_seq, peer);
    case HS_REASON_SEND_RST_KEEPALIVE:
      return g_strdup_printf (_("%s's keepalive probes have gone unanswered as many times in a row as it allows (KeepCount), so it takes %s for dead: Linux resets the connection with an RST (seq = %u) and its application learns that the connection timed out."),
                              me, peer, rel_seq);
    case HS_REASON_SEND_WINDOW_UPDATE:
      return g_strdup_printf (_("%s tells %s that its receive window has opened again: win = %u."),
                              me, peer, seg->window);
    case HS_REASON_RETRANSMIT_TIMEOUT:
      return g_strdup_printf (_("No acknowledgement came before the retransmission timeout, so %s sends its %s again (retransmission)."),
                              me, kind);
    case HS_REASON_RETRANSMIT_GO_BACK_N:
      return g_strdup_printf (_("After its retransmission timeout, %s sends again everything from the oldest unacknowledged byte on, as ACKs and its congestion window allow (go-back-N): now its %s from relative sequence number %u. Some of these bytes may have arrived already."),
                              me, kind, rel_seq);
    case HS_REASON_RETRANSMIT_FAST:
      {
        HsTcbSnapshot before, after;
        g_autofree char *from = NULL;
        g_autofree char *to = NULL;

        if (step->cause == HS_TRACE_NONE || !tcb_around (trace, step->cause, seg->from, &before, &after) ||
            before.ssthresh == after.ssthresh)
          return g_strdup_printf (_("Three duplicate ACKs tell %s that a segment was lost, so it retransmits the oldest unacknowledged one, its %s from relative sequence number %u, at once (fast retransmit) without waiting for the timeout."),
                                  me, kind, rel_seq);
        from = _hs_narration_format_ssthresh (before.ssthresh);
        to = _hs_narration_format_ssthresh (after.ssthresh);
        if (_hs_narration_runs_cubic (trace, seg->from))
          return g_strdup_printf (_("Three duplicate ACKs tell %s that a segment was lost, so it retransmits the oldest unacknowledged one, its %s from relative sequence number %u, at once (fast retransmit) without waiting for the timeout. CUBIC (RFC 9438), Linux's default, sets ssthresh to 0.7 × cwnd in whole segments: ssthresh %s → %s. This simulation then inflates cwnd as RFC 5681 describes, to ssthresh plus three segments: cwnd %u → %u bytes; Linux itself paces the recovery by proportional rate reduction (RFC 6937)."),
                                  me, kind, rel_seq, from, to, before.cwnd, after.cwnd);
        if (_hs_narration_profile_is_rfc (trace))
          return g_strdup_printf (_("Three duplicate ACKs tell %s that a segment was lost, so it retransmits the oldest unacknowledged one, its %s from relative sequence number %u, at once (fast retransmit) without waiting for the timeout. It enters fast recovery (RFC 5681 section 3.2, RFC 6582): ssthresh %s → %s, half the data in flight not counting what limited transmit sent, and cwnd %u → %u bytes, ssthresh plus the three segments the duplicate ACKs say have left the network."),
                                  me, kind, rel_seq, from, to, before.cwnd, after.cwnd);
        return g_strdup_printf (_("Three duplicate ACKs tell %s that a segment was lost, so it retransmits the oldest unacknowledged one, its %s from relative sequence number %u, at once (fast retransmit) without waiting for the timeout. It enters fast recovery as RFC 5681 (section 3.2) describes and this simulation shows: ssthresh %s → %s, half the data in flight, and cwnd %u → %u bytes, ssthresh plus three segments. Linux's default, CUBIC, would keep 0.7 of cwnd and pace the recovery by proportional rate reduction (RFC 6937)."),
                                me, kind, rel_seq, from, to, before.cwnd, after.cwnd);
      }
    case HS_REASON_RETRANSMIT_PARTIAL_ACK:
      {
        HsTcbSnapshot before, after;
        const HsTraceStep *cause = step->cause != HS_TRACE_NONE ? hs_trace_get_step (trace, step->cause) : NULL;
        guint32 acked;

        if (cause == NULL || cause->segment == HS_TRACE_NONE ||
            !tcb_around (trace, step->cause, seg->from, &before, &after))
          return g_strdup_printf (_("%s is in fast recovery, and %s's ACK acknowledges only part of what was outstanding when it began (a partial ACK). NewReno (RFC 6582) takes this as a sign that the next segment was lost too, so %s retransmits its %s from relative sequence number %u at once."),
                                  me, peer, me, kind, rel_seq);
        /* partial window deflation, RFC 6582 section 3.2 (3) */
        acked = hs_trace_get_segment (trace, cause->segment)->header.ack - before.snd_una;
        if (_hs_narration_profile_is_rfc (trace))
          return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "%s is in fast recovery, and %s's ACK acknowledges only part of what was outstanding when it began (a partial ACK). NewReno takes this as a sign that the next segment was lost too, so %s retransmits its %s from relative sequence number %u at once. RFC 6582 (section 3.2, partial acknowledgments) deflates the congestion window by the %u byte newly acknowledged and adds one segment back when they come to a whole segment or more: cwnd %u → %u bytes. Fast recovery goes on.",
                                               "%s is in fast recovery, and %s's ACK acknowledges only part of what was outstanding when it began (a partial ACK). NewReno takes this as a sign that the next segment was lost too, so %s retransmits its %s from relative sequence number %u at once. RFC 6582 (section 3.2, partial acknowledgments) deflates the congestion window by the %u bytes newly acknowledged and adds one segment back when they come to a whole segment or more: cwnd %u → %u bytes. Fast recovery goes on.",
                                               acked),
                                  me, peer, me, kind, rel_seq, acked, before.cwnd, after.cwnd);
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "%s is in fast recovery, and %s's ACK acknowledges only part of what was outstanding when it began (a partial ACK). NewReno takes this as a sign that the next segment was lost too, so %s retransmits its %s from relative sequence number %u at once. This simulation deflates the congestion window as RFC 6582 (section 3.2, partial acknowledgments) describes, by the %u byte newly acknowledged, adding one segment back when they come to a whole segment or more: cwnd %u → %u bytes. Linux itself sets the window during recovery by proportional rate reduction (RFC 6937).",
                                             "%s is in fast recovery, and %s's ACK acknowledges only part of what was outstanding when it began (a partial ACK). NewReno takes this as a sign that the next segment was lost too, so %s retransmits its %s from relative sequence number %u at once. This simulation deflates the congestion window as RFC 6582 (section 3.2, partial acknowledgments) describes, by the %u bytes newly acknowledged, adding one segment back when they come to a whole segment or more: cwnd %u → %u bytes. Linux itself sets the window during recovery by proportional rate reduction (RFC 6937).",
                                             acked),
                                me, peer, me, kind, rel_seq, acked, before.cwnd, after.cwnd);
      }
    case HS_REASON_SEND_FRAGMENT:
      /* hs-simulator.c keeps a fragment's place in the UDP header's unused
       * fields: seq = offset, window = fragments, urgent = its number,
       * options.mss = the datagram's payload */
      if (seg->header.urgent == 1)
        return g_strdup_printf (_("%s's datagram of %u bytes, with its 8-byte UDP header and a 20-byte IP header, does not fit in one packet on a path whose MTU is %s bytes, so IP sends it in %u fragments. This is fragment 1 of %u: the UDP header and the first %u bytes of the message."),
                                me, seg->header.options.mss, mtu_of (trace), seg->header.window, seg->header.window, seg->len);
      return g_strdup_printf (_("%s sends fragment %u of %u of its datagram: %u bytes from offset %u. Only the first fragment carries the UDP header; the rest carry their offset in the IP header."),
                              me, seg->header.urgent, seg->header.window, seg->len, seg->header.seq);
    case HS_REASON_SEND_DATAGRAM:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%s sends a UDP datagram of %u byte. There was no handshake, and nothing will confirm that it arrives.",
                                           "%s sends a UDP datagram of %u bytes. There was no handshake, and nothing will confirm that it arrives.",
                                           seg->len),
                              me, seg->len);
    case HS_REASON_RETRANSMIT_PROBE:
      return g_strdup_printf (_("%s sends the last segment it sent once more, its %s from relative sequence number %u, as a tail loss probe (RFC 8985). If the tail of its data was lost, no later segment can bring duplicate ACKs back; the probe's ACK, with its SACK blocks, shows what is missing. The retransmission timer starts again with the full RTO."),
                              me, kind, rel_seq);
    case HS_REASON_SEND_DATA_PROBE:
      return g_strdup_printf (_("No ACK came within the probe timeout, about two round trips, so %s sends a tail loss probe (RFC 8985). It still has data it has never sent and the peer's window takes it, so the probe is new data, whatever the congestion window and Nagle say: its %s from relative sequence number %u. The ACK of the probe, with its SACK blocks, shows whether the tail of the data was lost. The retransmission timer starts again with the full RTO."),
                              me, kind, rel_seq);
    case HS_REASON_SEND_DATA_PRR:
      return g_strdup_printf (_("%s is in loss recovery, and this ACK reports more data delivered, so proportional rate reduction (RFC 6937) lets its %s from relative sequence number %u out. PRR brings the data in flight down to ssthresh evenly over a round trip, then sends about as much as is delivered."),
                              me, kind, rel_seq);
    case HS_REASON_RETRANSMIT_RACK:
      {
        HsTcbSnapshot before, after;
        g_autofree char *why = NULL;
        g_autofree char *from = NULL;
        g_autofree char *to = NULL;
        gboolean timer = step->cause != HS_TRACE_NONE && hs_trace_get_step (trace, step->cause)->kind == HS_STEP_TIMER;

        /* RACK's reordering window is 0 once three segments are SACKed
         * (Linux tcp_rack_reo_wnd): an ACK may mark a segment lost at once */
        if (timer)
          why = g_strdup_printf (_("RACK (RFC 8985) marks the segment from %u on lost: a segment sent after it was acknowledged, and a round trip plus a quarter of the smallest round trip has passed. So %s retransmits it without waiting for the RTO."),
                                 rel_seq, me);
        else
          why = g_strdup_printf (_("RACK (RFC 8985) marks the segment from %u on lost: a segment sent after it was acknowledged, and a round trip plus the reordering window has passed. So %s retransmits it."),
                                 rel_seq, me);
        if (step->cause == HS_TRACE_NONE || !tcb_around (trace, step->cause, seg->from, &before, &after) ||
            before.ssthresh == after.ssthresh)
          return g_steal_pointer (&why);
        from = _hs_narration_format_ssthresh (before.ssthresh);
        to = _hs_narration_format_ssthresh (after.ssthresh);
        if (_hs_narration_runs_cubic (trace, seg->from))
          return g_strdup_printf (_("%s It enters loss recovery: CUBIC (RFC 9438) sets ssthresh to 0.7 × cwnd (%s → %s), and proportional rate reduction (RFC 6937) sets cwnd to the data in flight plus what this ACK may send, %u → %u bytes."),
                                  why, from, to, before.cwnd, after.cwnd);
        return g_strdup_printf (_("%s It enters loss recovery: ssthresh %s → %s (Reno: half the data in flight), and proportional rate reduction (RFC 6937) sets cwnd to the data in flight plus what this ACK may send, %u → %u bytes."),
                                why, from, to, before.cwnd, after.cwnd);
      }
    case HS_REASON_RETRANSMIT_RACK_AGAIN:
      return g_strdup_printf (_("%s retransmits its %s from relative sequence number %u again. RACK (RFC 8985) deems its last retransmission lost too: %s has SACKed a segment sent after it, and a round trip has passed. Without RACK only the retransmission timeout would resend it."),
                              me, kind, rel_seq, peer);
    case HS_REASON_RETRANSMIT_PRR:
      return g_strdup_printf (_("%s's ACK covers only part of what was outstanding when recovery began, and nothing beyond it is SACKed, so the next segment is presumed lost. Proportional rate reduction (RFC 6937) lets this ACK send a segment, so %s retransmits its %s from relative sequence number %u."),
                              peer, me, kind, rel_seq);
    case HS_REASON_RETRANSMIT_SACK:
      {
        HsTcbSnapshot before, after;
        g_autofree char *from = NULL;
        g_autofree char *to = NULL;

        if (step->cause == HS_TRACE_NONE || !tcb_around (trace, step->cause, seg->from, &before, &after) ||
            before.ssthresh == after.ssthresh)
          return g_strdup_printf (_("%s's SACK blocks show that bytes from %u on are missing while later ones arrived, so %s retransmits just that hole (SACK-based recovery, RFC 6675)."),
                                  peer, rel_seq, me);
        from = _hs_narration_format_ssthresh (before.ssthresh);
        to = _hs_narration_format_ssthresh (after.ssthresh);
        if (!_hs_narration_profile_is_rfc (trace) && _hs_narration_runs_cubic (trace, seg->from))
          return g_strdup_printf (_("%s's SACK blocks show bytes from %u on missing, so %s retransmits that hole and enters loss recovery. CUBIC (RFC 9438) sets ssthresh to 0.7 × cwnd (%s → %s), and proportional rate reduction (RFC 6937) sets cwnd to the data in flight plus what this ACK may send, %u → %u bytes."),
                                  peer, rel_seq, me, from, to, before.cwnd, after.cwnd);
        if (!_hs_narration_profile_is_rfc (trace))
          return g_strdup_printf (_("%s's SACK blocks show bytes from %u on missing, so %s retransmits that hole and enters loss recovery: ssthresh %s → %s (Reno: half the data in flight), and proportional rate reduction (RFC 6937) sets cwnd to the data in flight plus what this ACK may send, %u → %u bytes."),
                                  peer, rel_seq, me, from, to, before.cwnd, after.cwnd);
        if (_hs_narration_runs_cubic (trace, seg->from))
          return g_strdup_printf (_("%s's SACK blocks show that bytes from %u on are missing while later ones arrived, so %s retransmits just that hole (SACK-based recovery, RFC 6675). CUBIC (RFC 9438), Linux's default, sets ssthresh to 0.7 × cwnd in whole segments: ssthresh %s → %s, and this simulation sets cwnd to ssthresh as RFC 6675 (section 5) does: cwnd %u → %u bytes. Linux itself paces the recovery by proportional rate reduction (RFC 6937)."),
                                  peer, rel_seq, me, from, to, before.cwnd, after.cwnd);
        return g_strdup_printf (_("%s's SACK blocks show that bytes from %u on are missing while later ones arrived, so %s retransmits just that hole (SACK-based recovery, RFC 6675). It enters loss recovery: ssthresh %s → %s, half the data in flight not counting what limited transmit sent (RFC 5681 section 3.2), and cwnd %u → %u bytes, equal to ssthresh (RFC 6675 section 5)."),
                                peer, rel_seq, me, from, to, before.cwnd, after.cwnd);
      }
    case HS_REASON_NONE:
    default:
      return g_strdup_printf (_("%s sends %s to %s."), me, kind, peer);
    }
}

/* In a lesson about congestion control, an ACK that grows the congestion
 * window says by how much, and why. */
static char *
narrate_window_growth (HsTrace *trace,
                       guint    index,
                       guint    endpoint)
{
  const HsTcbSnapshot *before, *after;
  const HsTraceStep *arrived;
  const char *me = hs_narration_endpoint_name (trace, endpoint);
  guint last = index;

  if (g_strcmp0 (hs_trace_get_parameter (trace, "topic"), "congestion") != 0 || index == 0)
    return NULL;
  /* what this ACK made the endpoint do at once, but not the next arrival,
   * which the trace also links to this one when it comes at the same time */
  while (last + 1 < hs_trace_get_n_steps (trace) && hs_trace_get_step (trace, last + 1)->cause == index &&
         hs_trace_get_step (trace, last + 1)->kind != HS_STEP_SEGMENT_ARRIVED)
    last++;
  before = hs_trace_get_tcb_at (trace, index - 1, endpoint);
  after = hs_trace_get_tcb_at (trace, last, endpoint);
  if (before == NULL || after == NULL || before->cwnd == 0 || after->cwnd <= before->cwnd ||
      after->ssthresh < before->ssthresh)
    return NULL;
  /* A duplicate ACK in NewReno fast recovery acknowledges no new data: the
   * window is inflated. */
  arrived = hs_trace_get_step (trace, index);
  if (arrived->segment != HS_TRACE_NONE &&
      (hs_trace_get_segment (trace, arrived->segment)->marks & HS_MARK_DUPLICATE_ACK) &&
      g_strcmp0 (hs_trace_get_parameter (trace, "profile"), "rfc") == 0)
    return g_strdup_printf (_("%s receives another duplicate ACK: one more segment has left the network. During fast recovery each such ACK inflates the congestion window by one segment (RFC 5681), so that new data can keep flowing: now %u bytes."),
                            me, after->cwnd);
  if (arrived->segment != HS_TRACE_NONE &&
      (hs_trace_get_segment (trace, arrived->segment)->marks & HS_MARK_DUPLICATE_ACK) &&
      _hs_narration_paces_by_prr (trace))
    return g_strdup_printf (_("%s receives another duplicate ACK whose SACK blocks report more data delivered. Proportional rate reduction (RFC 6937) sets the congestion window to what is still in flight plus the segments this ACK may let out: now %u bytes."),
                            me, after->cwnd);
  /* without SACK the linux profile models RFC 5681's inflation too;
   * Linux itself does not */
  if (arrived->segment != HS_TRACE_NONE &&
      (hs_trace_get_segment (trace, arrived->segment)->marks & HS_MARK_DUPLICATE_ACK))
    return g_strdup_printf (_("%s receives another duplicate ACK: one more segment has left the network. During fast recovery each such ACK inflates the congestion window by one segment, as RFC 5681 describes and this simulation shows, so that new data can keep flowing: now %u bytes. Linux itself paces its sending in recovery by proportional rate reduction (RFC 6937) instead."),
                            me, after->cwnd);
  if (after->cwnd <= after->ssthresh && g_strcmp0 (hs_trace_get_parameter (trace, "profile"), "rfc") == 0)
    return g_strdup_printf (_("%s receives an ACK for new data. In slow start each such ACK grows the congestion window by at most one segment (RFC 5681): now %u bytes."),
                            me, after->cwnd);
  if (after->cwnd <= after->ssthresh)
    return g_strdup_printf (_("%s receives an ACK for new data. In slow start every such ACK grows the congestion window by the data it acknowledges, so the window doubles each round trip: now %u bytes."),
                            me, after->cwnd);
  if (_hs_narration_runs_cubic (trace, endpoint))
    return g_strdup_printf (_("%s receives an ACK for new data. Above the slow-start threshold (%u bytes) CUBIC (RFC 9438) lets the congestion window grow one segment for every so many segments acknowledged, as a cubic curve of the time since the last reduction allows, and never more slowly than Reno would (congestion avoidance). Now %u bytes."),
                            me, after->ssthresh, after->cwnd);
  return g_strdup_printf (_("%s receives an ACK for new data. Above the slow-start threshold (%u bytes) each ACK grows the congestion window by only one segment × one segment ÷ cwnd: at most about one segment per round trip, less when ACKs are delayed (congestion avoidance). Now %u bytes."),
                          me, after->ssthresh, after->cwnd);
}

/* How many duplicate ACKs of the same ack the arrival at step @index
 * completes: it and those that reached the same endpoint just before it. */
guint
_hs_narration_duplicate_ack_number (HsTrace              *trace,
                                    const HsTraceSegment *seg,
                                    guint                 index)
{
  guint n = 1;

  for (guint i = index; i > 0 && i + 10000 > index; i--)
    {
      const HsTraceStep *s = hs_trace_get_step (trace, i - 1);
      const HsTraceSegment *before;

      if (s->kind != HS_STEP_SEGMENT_ARRIVED || s->endpoint != seg->to || s->segment == HS_TRACE_NONE)
        continue;
      before = hs_trace_get_segment (trace, s->segment);
      if (before->from != seg->from)
        continue;
      if (!(before->marks & HS_MARK_DUPLICATE_ACK) || before->header.ack != seg->header.ack)
        break;
      n++;
    }
  return n;
}

/* A duplicate ACK with SACK blocks (RFC 2018): which bytes it reports as
 * arrived beyond the hole, lowest first, relative to the data's sender. */
static char *
narrate_sack_blocks (HsTrace              *trace,
                     const HsTraceSegment *seg,
                     const char           *me,
                     const char           *peer)
{
  guint32 base = hs_trace_get_endpoint (trace, seg->to)->rel_base;
  guint32 left[HS_TCP_MAX_SACK_BLOCKS], last[HS_TCP_MAX_SACK_BLOCKS];
  guint n = MIN (seg->header.options.n_sack, HS_TCP_MAX_SACK_BLOCKS);
  guint number = _hs_narration_duplicate_ack_number (trace, seg, seg->end_step);
  guint32 rel_ack = hs_trace_segment_rel_ack (trace, seg);
  const HsSackBlock *blocks = seg->header.options.sack;
  /* RFC 2883: a first block at or below the ACK, or inside the second,
   * reports data that arrived twice (a D-SACK) */
  gboolean dsack = n > 0 && (hs_seq_leq (blocks[0].right, seg->header.ack) ||
                             (n > 1 && hs_seq_geq (blocks[0].left, blocks[1].left) &&
                              hs_seq_leq (blocks[0].right, blocks[1].right)));
  g_autofree char *listed = NULL;
  g_autofree char *twice = NULL;

  if (dsack)
    {
      twice = g_strdup_printf (_("Its first SACK block, bytes %u to %u, is a D-SACK (RFC 2883): it tells %s that those bytes arrived twice, so that copy was not needed."),
                               blocks[0].left - base, blocks[0].right - 1 - base, me);
      blocks++;
      n--;
    }
  if (n == 0)
    return g_strdup_printf (_("%s receives %s's duplicate ACK number %u: ack = %u again. %s"),
                            me, peer, number, rel_ack, twice);
  for (guint i = 0; i < n; i++)
    {
      left[i] = blocks[i].left - base;
      last[i] = blocks[i].right - 1 - base;
    }
  /* the receiver lists the newest block first; read aloud, lowest first */
  for (guint i = 1; i < n; i++)
    for (guint j = i; j > 0 && left[j] < left[j - 1]; j--)
      {
        guint32 l = left[j], r = last[j];

        left[j] = left[j - 1];
        last[j] = last[j - 1];
        left[j - 1] = l;
        last[j - 1] = r;
      }
  if (n == 1)
    listed = g_strdup_printf (_("%s receives %s's duplicate ACK number %u: ack = %u again. Its SACK block says that bytes %u to %u have arrived, so the bytes from %u up to them are missing."),
                              me, peer, number, rel_ack, left[0], last[0], rel_ack);
  else if (n == 2)
    listed = g_strdup_printf (_("%s receives %s's duplicate ACK number %u: ack = %u again. Its SACK blocks say that bytes %u to %u and %u to %u have arrived, so the bytes from %u up to the first block, and those between the blocks, are missing."),
                              me, peer, number, rel_ack, left[0], last[0], left[1], last[1], rel_ack);
  else
    listed = g_strdup_printf (_("%s receives %s's duplicate ACK number %u: ack = %u again. Its SACK blocks say that bytes %u to %u, %u to %u and %u to %u have arrived, so the bytes from %u up to the first block, and those between the blocks, are missing."),
                              me, peer, number, rel_ack, left[0], last[0], left[1], last[1], left[2], last[2], rel_ack);
  if (twice == NULL)
    return g_steal_pointer (&listed);
  /* Translators: two sentences, one after the other */
  return g_strdup_printf (_("%s %s"), listed, twice);
}

/* In a lesson about flow control, an ACK says where the window's right
 * edge now is (SND.UNA + SND.WND) and whether it lets new data go. */
static char *
narrate_right_edge (HsTrace              *trace,
                    const HsTraceSegment *seg,
                    const char           *me,
                    const char           *peer)
{
  const HsTcbSnapshot *tcb = seg->end_step > 0 ? hs_trace_get_tcb_at (trace, seg->end_step - 1, seg->to) : NULL;
  guint32 base = hs_trace_get_endpoint (trace, seg->to)->rel_base;
  guint32 una = hs_trace_segment_rel_ack (trace, seg);
  guint32 edge = una + seg->window;
  guint32 nxt;

  /* it matters to a side with data of its own still to deliver */
  if (tcb == NULL || !(seg->header.flags & HS_TCP_ACK) || tcb->send_buffered == 0)
    return NULL;
  nxt = tcb->snd_nxt - base;
  if (seg->window == 0)
    return g_strdup_printf (_("%s receives %s's ACK: ack = %u, win = 0. The window's right edge, SND.UNA + SND.WND = %u + 0 = %u, does not reach past what %s has sent, so it may send no new data until the window opens."),
                            me, peer, una, una, edge, me);
  if (hs_seq_gt (edge, nxt))
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%s receives %s's ACK: ack = %u, win = %u. The window's right edge, SND.UNA + SND.WND = %u + %u = %u, now lets %u byte more go beyond what %s has sent.",
                                         "%s receives %s's ACK: ack = %u, win = %u. The window's right edge, SND.UNA + SND.WND = %u + %u = %u, now lets %u bytes more go beyond what %s has sent.",
                                         edge - nxt),
                            me, peer, una, seg->window, una, seg->window, edge, edge - nxt, me);
  return g_strdup_printf (_("%s receives %s's ACK: ack = %u, win = %u. The window's right edge, SND.UNA + SND.WND = %u + %u = %u, is no further than what %s has already sent, so this ACK lets no new data go."),
                          me, peer, una, seg->window, una, seg->window, edge, me);
}

static char *
narrate_arrived (HsTrace           *trace,
                 const HsTraceStep *step)
{
  const HsTraceSegment *seg = hs_trace_get_segment (trace, step->segment);
  const char *me = hs_narration_endpoint_name (trace, seg->to);
  const char *peer = hs_narration_endpoint_name (trace, seg->from);
  g_autofree char *kind = segment_kind (seg);
  const HsTraceStep *fw1;

  switch ((HsReason) step->reason)
    {
    case HS_REASON_ARRIVE_FIN:
      /* the same segment may acknowledge this endpoint's own FIN */
      if (seg->end_step != HS_TRACE_NONE &&
          (fw1 = caused_state_change (trace, seg->end_step, seg->to, HS_STATE_FIN_WAIT_1)) != NULL &&
          fw1->to_state == HS_STATE_FIN_WAIT_2)
        return g_strdup_printf (_("%s receives %s's FIN+ACK: it acknowledges %s's own FIN and carries %s's FIN in the same segment."),
                                me, peer, me, peer);
      if (!(seg->header.flags & HS_TCP_FIN))
        /* the FIN came earlier, beyond a gap, and this segment filled it */
        return g_strdup_printf (_("%s receives %s's %s. It fills the gap before %s's FIN, which arrived early and waited: now everything before the FIN is in, and %s will send no more data."),
                                me, peer, kind, peer, peer);
      if (seg->len > 0)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "%s receives %s's last %u byte of data together with its FIN: %s will send no more data.",
                                             "%s receives %s's last %u bytes of data together with its FIN: %s will send no more data.",
                                             seg->len),
                                me, peer, seg->len, peer);
      return g_strdup_printf (_("%s receives %s's FIN: %s will send no more data."), me, peer, peer);
    case HS_REASON_ARRIVE_DUPLICATE:
      if (seg->marks & HS_MARK_KEEPALIVE)
        return g_strdup_printf (_("%s receives %s's keepalive probe. It carries nothing new, but its old sequence number calls for an answer."), me, peer);
      if (seg->marks & HS_MARK_WINDOW_PROBE)
        return g_strdup_printf (_("%s receives %s's window probe. It carries no new data: it only asks for the current window."), me, peer);
      return g_strdup_printf (_("%s receives %s's %s, but it brings nothing new: it is a duplicate."), me, peer, kind);
    case HS_REASON_ARRIVE_OUT_OF_ORDER:
      if (seg->len == 0 && !(seg->header.flags & HS_TCP_FIN))
        /* a pure ACK holds nothing that waits for the gap */
        return g_strdup_printf (_("%s receives %s's %s."), me, peer, kind);
      {
        /* the second name starts a sentence */
        g_autofree char *who = _hs_narration_capitalize (me);

        return g_strdup_printf (_("%s receives %s's %s out of order: bytes before it are still missing. %s keeps it until the gap is filled."),
                                me, peer, kind, who);
      }
    case HS_REASON_ARRIVE_CLOSED_PORT:
      return g_strdup_printf (_("%s's %s reaches port %u, where no application is listening."),
                              peer, kind, seg->header.dst_port);
    case HS_REASON_ARRIVE_RST:
      return g_strdup_printf (_("%s receives %s's %s: the connection is reset."), me, peer, kind);
    case HS_REASON_ARRIVE_RST_IGNORED:
      return g_strdup_printf (_("%s ignores %s's %s: its sequence number is not the one expected, so it may be stale or forged."),
                              me, peer, kind);
    case HS_REASON_ARRIVE_RST_LISTEN:
      return g_strdup_printf (_("%s receives %s's %s while half-open. Because this connection started from LISTEN, %s forgets it and listens again."),
                              me, peer, kind, me);
    case HS_REASON_ARRIVE_BAD_ACK:
      return g_strdup_printf (_("%s receives %s's %s, which acknowledges something %s never sent."), me, peer, kind, me);
    case HS_REASON_ARRIVE_IGNORED:
      return g_strdup_printf (_("%s receives %s's %s and drops it without an answer."), me, peer, kind);
    case HS_REASON_ARRIVE_FRAGMENT:
      return g_strdup_printf (_("%s receives fragment %u of %u of %s's datagram and holds it: IP hands a datagram to UDP only when all of its fragments are in. Linux waits 30 s for the rest (ipfrag_time), then throws the fragments away."),
                              me, seg->header.urgent, seg->header.window, peer);
    case HS_REASON_ARRIVE_REASSEMBLED:
      return g_strdup_printf (_("%s receives fragment %u of %u, the last one missing: IP puts the datagram together again, and UDP hands its %u bytes to the application as one message."),
                              me, seg->header.urgent, seg->header.window, seg->header.options.mss);
    case HS_REASON_ARRIVE_DATAGRAM:
      return g_strdup_printf (_("%s receives %s's datagram and hands it to its application as it is. Nothing is acknowledged."),
                              me, peer);
    case HS_REASON_ARRIVE_DATAGRAM_LATE:
      return g_strdup_printf (_("%s receives %s's datagram after one that was sent later. UDP does not restore the order: the application gets it as it comes."),
                              me, peer);
    case HS_REASON_ARRIVE_ACK_CWND_UNUSED:
      if (g_strcmp0 (hs_trace_get_parameter (trace, "topic"), "congestion") == 0)
        {
          const HsTcbSnapshot *tcb = hs_trace_get_tcb_at (trace, seg->end_step, seg->to);
          guint32 cwnd = tcb != NULL ? tcb->cwnd : 0;

          if (tcb != NULL && tcb->cwnd < tcb->ssthresh)
            return g_strdup_printf (_("%s receives an ACK for new data, but its congestion window stays at %u bytes: its application has not given it enough data to fill even half of the window. Linux grows the window only while it is really used, in slow start up to twice what was in flight, since an unused window proves nothing about the network."),
                                    me, cwnd);
          return g_strdup_printf (_("%s receives an ACK for new data, but its congestion window stays at %u bytes: its application has not given it enough data to fill the window. Linux grows the window only while it is really used, since an unused window proves nothing about the network."),
                                  me, cwnd);
        }
      if (g_strcmp0 (hs_trace_get_parameter (trace, "topic"), "flow-control") == 0 && seg->len == 0 &&
          seg->header.flags == HS_TCP_ACK && seg->end_step != HS_TRACE_NONE)
        {
          char *edge = narrate_right_edge (trace, seg, me, peer);

          if (edge != NULL)
            return edge;
        }
      return g_strdup_printf (_("%s receives %s's %s."), me, peer, kind);
    case HS_REASON_ARRIVE_PRR_HOLD:
      return g_strdup_printf (_("%s receives another duplicate ACK reporting more data delivered, but proportional rate reduction (RFC 6937) lets nothing out. While more than ssthresh is in flight, Linux sends ssthresh ÷ (cwnd before the loss) of what is delivered, and that share has already gone."),
                              me);
    case HS_REASON_ARRIVE_PRR_FULL:
      return g_strdup_printf (_("%s receives another duplicate ACK reporting more data delivered, but proportional rate reduction (RFC 6937) lets nothing out. The data in flight is already down to ssthresh, and PRR does not let it rise above."),
                              me);
    case HS_REASON_ARRIVE_TIME_WAIT_SYN_OLD:
      return g_strdup_printf (_("%s receives %s's SYN for the addresses and ports of a connection it still holds in TIME-WAIT. Its sequence number is not above what that connection expected next, so it cannot be told from an old duplicate of it (RFC 6191): TIME-WAIT stays, and the SYN gets no SYN+ACK."),
                              me, peer);
    case HS_REASON_ARRIVE_FORGED:
      return g_strdup_printf (_("%s's %s goes to %s, the address the attacker forged. Nobody there answers, so the half-open connection waits in the SYN queue, its SYN+ACK sent again and again, until it gives up."),
                              peer, kind, hs_trace_get_endpoint (trace, seg->to)->address);
    case HS_REASON_ARRIVE_SYN_CHILD:
      return g_strdup_printf (_("%s's listening socket on port %u receives %s's SYN. It makes a new socket for this connection, in SYN-RECEIVED, and keeps it in its SYN queue until the handshake is done."),
                              me, seg->header.dst_port, peer);
    case HS_REASON_ARRIVE_SYN_QUEUE_FULL:
      /* a forged SYN has no socket behind it: nobody sends it again */
      if (g_str_equal (hs_trace_get_endpoint (trace, seg->from)->name, "attacker"))
        return g_strdup_printf (_("%s receives %s's SYN, but the listening socket's SYN queue is full (it holds as many half-open connections as the backlog) and SYN cookies are off (tcp_syncookies=0): Linux drops the SYN without an answer. Nobody sends it again: the attacker wants the queue full, not a connection."),
                                me, peer);
      return g_strdup_printf (_("%s receives %s's SYN, but the listening socket's SYN queue is full (it holds as many half-open connections as the backlog) and SYN cookies are off (tcp_syncookies=0): Linux drops the SYN without an answer, and %s will send it again when its timer runs out."),
                              me, peer, peer);
    case HS_REASON_ARRIVE_SYN_ACCEPT_FULL:
      if (g_str_equal (hs_trace_get_endpoint (trace, seg->from)->name, "attacker"))
        return g_strdup_printf (_("%s receives %s's SYN, but the listening socket's accept queue is full: more established connections wait there than the backlog allows, because the application does not call accept() fast enough. Linux drops the SYN without an answer, and nobody sends it again: the attacker wants the queue full, not a connection."),
                                me, peer);
      return g_strdup_printf (_("%s receives %s's SYN, but the listening socket's accept queue is full: more established connections wait there than the backlog allows, because the application does not call accept() fast enough. Linux drops the SYN without an answer; %s will send it again when its timer runs out."),
                              me, peer, peer);
    case HS_REASON_ARRIVE_SYN_COOKIE:
      return g_strdup_printf (_("%s receives %s's SYN while the listening socket's SYN queue is full. With SYN cookies on (tcp_syncookies=1) it keeps nothing: it answers with a SYN+ACK whose initial sequence number is a cookie, a keyed hash of the addresses and ports and of the time, with the client's MSS in its low bits, so that the ACK that returns it can rebuild the connection."),
                              me, peer);
    case HS_REASON_ARRIVE_COOKIE_ACK:
      return g_strdup_printf (_("%s receives %s's ACK for a connection it kept nothing of: ack − 1 is a valid SYN cookie for these addresses and ports, made less than two minutes ago, so Linux rebuilds the connection from it, ESTABLISHED, and puts it in the accept queue. It has the MSS the cookie holds, but no window scaling or SACK, which a cookie without timestamps cannot keep."),
                              me, peer);
    case HS_REASON_ARRIVE_COOKIE_BAD:
      return g_strdup_printf (_("%s receives an ACK from %s that belongs to no connection, and ack − 1 is no SYN cookie it made for these addresses and ports in the last two minutes: it refuses it with an RST."),
                              me, peer);
    case HS_REASON_ARRIVE_ACK_ACCEPT_FULL:
      return g_strdup_printf (_("%s receives %s's ACK, which would complete the handshake, but the listening socket's accept queue is full. Linux drops the ACK (tcp_abort_on_overflow=0) and keeps the half-open connection, so it will send its SYN+ACK again; %s believes the connection is open."),
                              me, peer, peer);
    case HS_REASON_ARRIVE_TIME_WAIT_SYN:
      return g_strdup_printf (_("%s's socket in TIME-WAIT receives a new SYN from %s's same port. Its sequence number is above the old connection's RCV.NXT, so it cannot be an old duplicate: Linux ends TIME-WAIT at once, and the listening socket opens a new connection with an ISN above the old SND.NXT (RFC 6191)."),
                              me, peer);
    case HS_REASON_ARRIVE_NO_SOCKET:
      if (seg->header.flags & HS_TCP_RST)
        return g_strdup_printf (_("%s receives %s's RST, but no socket of it has these addresses and ports: an RST for no connection is dropped."),
                                me, peer);
      return g_strdup_printf (_("%s receives %s's %s, but no socket of it has these addresses and ports and none listens on port %u: its kernel answers for the closed port with an RST (RFC 9293 section 3.10.7.1)."),
                              me, peer, kind, seg->header.dst_port);
    case HS_REASON_ARRIVE_NO_ROOM:
      return g_strdup_printf (_("%s receives %s's SYN but drops it: Handshake shows at most 32 sockets in one lesson, and this one has them all."),
                              me, peer);
    case HS_REASON_ARRIVE_UNDO:
      {
        HsTcbSnapshot before, after;
        g_autofree char *from = NULL;
        g_autofree char *to = NULL;
        gboolean dsack = (seg->header.options.present & HS_TCP_OPT_SACK) && seg->header.options.n_sack > 0 &&
                         hs_seq_leq (seg->header.options.sack[0].right, seg->header.ack);

        if (!tcb_around (trace, seg->end_step, seg->to, &before, &after))
          return g_strdup_printf (_("%s receives %s's %s."), me, peer, kind);
        from = _hs_narration_format_ssthresh (before.ssthresh);
        to = _hs_narration_format_ssthresh (after.ssthresh);
        if (dsack)
          return g_strdup_printf (_("%s receives a D-SACK (RFC 2883) for retransmitted bytes that arrived twice: none of this loss's retransmissions was needed, so the loss was spurious. Linux undoes the reduction: cwnd %u → %u bytes, ssthresh %s → %s."),
                                  me, before.cwnd, after.cwnd, from, to);
        return g_strdup_printf (_("%s receives an ACK echoing a timestamp (RFC 7323) older than its first retransmission: it answers the original, so the loss was spurious (Eifel detection, RFC 3522). Linux undoes the reduction: cwnd %u → %u bytes, ssthresh %s → %s."),
                                me, before.cwnd, after.cwnd, from, to);
      }
    case HS_REASON_ARRIVE_RECOVERY_END:
      {
        HsTcbSnapshot before, after;

        if (!tcb_around (trace, seg->end_step, seg->to, &before, &after))
          return g_strdup_printf (_("%s receives %s's %s."), me, peer, kind);
        if (_hs_narration_profile_is_rfc (trace))
          return g_strdup_printf (_("%s receives an ACK for everything that was outstanding when fast recovery began (a full ACK), which ends the recovery. RFC 6582 (section 3.2) deflates the congestion window to ssthresh, or to what is still in flight plus one segment if that is less: cwnd %u → %u bytes, ssthresh %u bytes. Congestion avoidance goes on from there."),
                                  me, before.cwnd, after.cwnd, after.ssthresh);
        return g_strdup_printf (_("%s receives an ACK for everything that was outstanding when fast recovery began (a full ACK), which ends the recovery. Linux sets the congestion window to ssthresh (tcp_end_cwnd_reduction), even when less than that is still in flight, where RFC 6582 (section 3.2) allows no more than what is in flight plus one segment: cwnd %u → %u bytes, ssthresh %u bytes. Congestion avoidance goes on from there."),
                                me, before.cwnd, after.cwnd, after.ssthresh);
      }
    case HS_REASON_ARRIVE_ACCEPTED:
    case HS_REASON_NONE:
    default:
      if (!(seg->header.flags & HS_TCP_FIN))
        {
          char *growth = narrate_window_growth (trace, seg->end_step, seg->to);

          if (growth != NULL)
            return growth;
        }
      /* a duplicate ACK the peer sent because data arrived beyond a gap:
       * the moment that leads to fast retransmit */
      if ((seg->marks & HS_MARK_DUPLICATE_ACK) && seg->end_step != HS_TRACE_NONE &&
          hs_trace_get_step (trace, seg->sent_step)->reason == HS_REASON_SEND_ACK_OUT_OF_ORDER &&
          (seg->header.options.present & HS_TCP_OPT_SACK) && seg->header.options.n_sack > 0)
        return narrate_sack_blocks (trace, seg, me, peer);
      if ((seg->marks & HS_MARK_DUPLICATE_ACK) && seg->end_step != HS_TRACE_NONE &&
          hs_trace_get_step (trace, seg->sent_step)->reason == HS_REASON_SEND_ACK_OUT_OF_ORDER)
        return g_strdup_printf (_("%s receives %s's duplicate ACK number %u: ack = %u again, with no data and the same window. It tells %s that a segment beyond a gap has arrived, so the bytes from %u on may be lost."),
                                me, peer, _hs_narration_duplicate_ack_number (trace, seg, seg->end_step),
                                hs_trace_segment_rel_ack (trace, seg), me, hs_trace_segment_rel_ack (trace, seg));
      if (g_strcmp0 (hs_trace_get_parameter (trace, "topic"), "flow-control") == 0 && seg->len == 0 &&
          seg->header.flags == HS_TCP_ACK && seg->end_step != HS_TRACE_NONE)
        {
          char *edge = narrate_right_edge (trace, seg, me, peer);

          if (edge != NULL)
            return edge;
        }
      return g_strdup_printf (_("%s receives %s's %s."), me, peer, kind);
    }
}

static char *
narrate_lost (HsTrace           *trace,
              const HsTraceStep *step)
{
  const HsTraceSegment *seg = hs_trace_get_segment (trace, step->segment);
  const char *from = hs_narration_endpoint_name (trace, seg->from);
  g_autofree char *kind = segment_kind (seg);

  if (hs_trace_segment_is_udp (trace, seg) && seg->header.window > 1)
    return g_strdup_printf (_("The network loses fragment %u of %u of %s's datagram. IP cannot hand over a datagram with a hole in it, and nobody sends the fragment again: the whole datagram, all %u bytes, is lost."),
                            seg->header.urgent, seg->header.window, from, seg->header.options.mss);

  switch ((HsReason) step->reason)
    {
    case HS_REASON_LOST_SCRIPTED:
      return g_strdup_printf (_("The network loses %s's %s: this lesson drops it on purpose. It never arrives."), from, kind);
    case HS_REASON_LOST_QUEUE:
      return g_strdup_printf (_("%s's %s is dropped: the queue in front of the slow link is full."), from, kind);
    case HS_REASON_LOST_HOST_DOWN:
      return g_strdup_printf (_("%s's %s reaches %s, which is down: nothing takes it and nothing answers, so to %s it looks lost."),
                              from, kind, hs_narration_endpoint_name (trace, seg->to), from);
    case HS_REASON_LOST_RANDOM:
    default:
      return g_strdup_printf (_("The network loses %s's %s at random. It never arrives."), from, kind);
    }
}

/* FIN-WAIT-1 or LAST-ACK: whether the FIN goes at once or waits behind
 * data the application wrote before it. */
static char *
narrate_closing (HsTrace           *trace,
                 const HsTraceStep *step,
                 guint              index)
{
  const char *me = hs_narration_endpoint_name (trace, step->endpoint);
  const char *from = hs_state_to_string (step->from_state);
  const HsTraceSegment *fin = next_fin_from (trace, step->endpoint, index);
  gboolean last_ack = step->to_state == HS_STATE_LAST_ACK;
  guint32 unsent;

  if (fin != NULL && hs_trace_get_step (trace, fin->sent_step)->cause == step->cause)
    {
      if (last_ack)
        return g_strdup_printf (_("%s goes from CLOSE-WAIT to LAST-ACK: its application has closed too, so it sends its own FIN and waits for the last ACK."), me);
      return g_strdup_printf (_("%s goes from %s to FIN-WAIT-1: its application has finished sending, so it sends a FIN and waits for the ACK."), me, from);
    }
  if (fin == NULL)
    return g_strdup_printf (_("%s goes from %s to %s: its application has finished sending, but not all the data it wrote before has been sent yet; its FIN will follow that data."),
                            me, from, hs_state_to_string (step->to_state));
  unsent = bytes_before_fin (trace, fin, index);
  if (last_ack)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%s goes from CLOSE-WAIT to LAST-ACK: its application has finished too. Its own FIN is queued behind %u byte not sent yet, and goes after it.",
                                         "%s goes from CLOSE-WAIT to LAST-ACK: its application has finished too. Its own FIN is queued behind %u bytes not sent yet, and goes after them.",
                                         unsent),
                            me, unsent);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%s goes from %s to FIN-WAIT-1: its application has finished sending. Its FIN is queued behind %u byte not sent yet, and goes after it.",
                                       "%s goes from %s to FIN-WAIT-1: its application has finished sending. Its FIN is queued behind %u bytes not sent yet, and goes after them.",
                                       unsent),
                          me, from, unsent);
}

static char *
narrate_state (HsTrace           *trace,
               const HsTraceStep *step,
               guint              index)
{
  const char *me = hs_narration_endpoint_name (trace, step->endpoint);
  const char *from = hs_state_to_string (step->from_state);
  const char *to = hs_state_to_string (step->to_state);
  const HsTraceStep *cause = step->cause != HS_TRACE_NONE ? hs_trace_get_step (trace, step->cause) : NULL;
  HsState a = step->from_state, b = step->to_state;

  if (step->reason == HS_REASON_CAPTURED_STATE_UNCERTAIN)
    return g_strdup_printf (_("%s probably goes from %s to %s: packets missing from the capture make this state a guess."),
                            me, from, to);
  if (cause != NULL && cause->kind == HS_STEP_APP_CALL && cause->detail == HS_APP_CRASH)
    return g_strdup_printf (_("With the crash, %s's connection is gone: it was in %s, and now there is no TCB at all (CLOSED), while %s still thinks the connection is open: it is half-open."),
                            me, from, hs_narration_endpoint_name (trace, step->endpoint ^ 1));
  if (b == HS_STATE_LISTEN && a == HS_STATE_CLOSED)
    return g_strdup_printf (_("%s goes from CLOSED to LISTEN: it waits for connection requests on port %u."),
                            me, hs_trace_get_endpoint (trace, step->endpoint)->port);
  if (b == HS_STATE_SYN_SENT)
    return g_strdup_printf (_("%s goes from %s to SYN-SENT: it sends a SYN and waits for the answer."), me, from);
  if (a == HS_STATE_CLOSED && b == HS_STATE_SYN_RECEIVED && step->reason == HS_REASON_ARRIVE_COOKIE_ACK)
    return g_strdup_printf (_("%s rebuilds the connection from the cookie, in SYN-RECEIVED, as if it had kept the SYN: the client's ISN is seq − 1 of the ACK, its own ISN is ack − 1, and the MSS is the one the cookie holds."), me);
  if (a == HS_STATE_LISTEN && b == HS_STATE_SYN_RECEIVED)
    return g_strdup_printf (_("%s goes from LISTEN to SYN-RECEIVED: it has received a SYN and answers with its own SYN+ACK."), me);
  if (a == HS_STATE_SYN_SENT && b == HS_STATE_SYN_RECEIVED)
    return g_strdup_printf (_("%s goes from SYN-SENT to SYN-RECEIVED: the SYNs of both sides crossed (simultaneous open)."), me);
  if (a == HS_STATE_SYN_SENT && b == HS_STATE_ESTABLISHED)
    return g_strdup_printf (_("%s goes from SYN-SENT to ESTABLISHED: its SYN is acknowledged and it has the peer's SYN. Data may flow."), me);
  if (a == HS_STATE_SYN_RECEIVED && b == HS_STATE_ESTABLISHED && cause != NULL &&
      cause->kind == HS_STEP_SEGMENT_ARRIVED && cause->segment != HS_TRACE_NONE &&
      hs_trace_get_segment (trace, cause->segment)->len > 0)
    return g_strdup_printf (_("%s goes from SYN-RECEIVED to ESTABLISHED: the ACK that %s's data carries acknowledges its SYN, and that completes the handshake. Data may flow."),
                            me, hs_narration_endpoint_name (trace, hs_trace_get_segment (trace, cause->segment)->from));
  if (a == HS_STATE_SYN_RECEIVED && b == HS_STATE_ESTABLISHED)
    return g_strdup_printf (_("%s goes from SYN-RECEIVED to ESTABLISHED: its own SYN is acknowledged now. Data may flow."), me);
  if (a == HS_STATE_SYN_RECEIVED && b == HS_STATE_LISTEN)
    return g_strdup_printf (_("%s goes from SYN-RECEIVED back to LISTEN: the half-open connection is forgotten."), me);
  if (b == HS_STATE_FIN_WAIT_1 || (a == HS_STATE_CLOSE_WAIT && b == HS_STATE_LAST_ACK))
    return narrate_closing (trace, step, index);
  if (a == HS_STATE_ESTABLISHED && b == HS_STATE_CLOSE_WAIT)
    return g_strdup_printf (_("%s goes from ESTABLISHED to CLOSE-WAIT: the peer will send no more data. It may still send data itself until its own application closes."), me);
  if (a == HS_STATE_FIN_WAIT_1 && b == HS_STATE_FIN_WAIT_2 && step->cause != HS_TRACE_NONE &&
      caused_state_change (trace, step->cause, step->endpoint, HS_STATE_FIN_WAIT_2) != NULL)
    /* the peer's FIN came in the same segment as the ACK */
    return g_strdup_printf (_("%s goes from FIN-WAIT-1 to FIN-WAIT-2: the segment acknowledges its FIN. The same segment carries the peer's FIN, so it goes on at once to TIME-WAIT."), me);
  if (a == HS_STATE_FIN_WAIT_1 && b == HS_STATE_FIN_WAIT_2)
    return g_strdup_printf (_("%s goes from FIN-WAIT-1 to FIN-WAIT-2: its FIN is acknowledged. It now waits for the peer's FIN; the peer may still send data."), me);
  if (a == HS_STATE_FIN_WAIT_1 && b == HS_STATE_CLOSING)
    return g_strdup_printf (_("%s goes from FIN-WAIT-1 to CLOSING: the peer's FIN arrived before the ACK of its own FIN. Both sides are closing at once (simultaneous close)."), me);
  if (b == HS_STATE_TIME_WAIT)
    {
      const char *profile = hs_trace_get_parameter (trace, "profile");

      /* It has sent the ACK of the peer's FIN, and cannot know whether
       * that ACK arrives: it does not say both FINs are acknowledged. */
      if (g_strcmp0 (profile, "rfc") == 0)
        return g_strdup_printf (_("%s goes from %s to TIME-WAIT. It acknowledges the peer's FIN but cannot know whether that last ACK arrives, so it waits 2 × MSL = 240 s (an MSL is 2 min): if the ACK is lost, the peer sends its FIN again and it can acknowledge it again. The wait also lets old duplicates of this connection die out."),
                                me, from);
      return g_strdup_printf (_("%s goes from %s to TIME-WAIT. It acknowledges the peer's FIN but cannot know whether that last ACK arrives, so it waits 60 s (Linux's fixed TIME-WAIT; RFC 9293 asks for 2 × MSL, 240 s with its MSL of 2 min): if the ACK is lost, the peer sends its FIN again and it can acknowledge it again. The wait also lets old duplicates of this connection die out."),
                              me, from);
    }
  if (a == HS_STATE_LAST_ACK && b == HS_STATE_CLOSED)
    return g_strdup_printf (_("%s goes from LAST-ACK to CLOSED: its FIN is acknowledged; the connection is over."), me);
  if (a == HS_STATE_TIME_WAIT && b == HS_STATE_CLOSED && step->reason == HS_REASON_ARRIVE_TIME_WAIT_SYN)
    return g_strdup_printf (_("%s goes from TIME-WAIT to CLOSED before its time: a new SYN whose sequence number is above its RCV.NXT takes its place (RFC 6191)."), me);
  if (a == HS_STATE_TIME_WAIT && b == HS_STATE_CLOSED && hs_trace_get_n_hosts (trace) > 0 && cause != NULL &&
      cause->kind == HS_STEP_SEGMENT_ARRIVED && cause->segment != HS_TRACE_NONE &&
      (hs_trace_get_segment (trace, cause->segment)->header.flags & HS_TCP_RST))
    return g_strdup_printf (_("%s goes from TIME-WAIT to CLOSED before its time: an RST arrived, and Linux lets an RST end TIME-WAIT (tcp_rfc1337=0), although RFC 1337 warns against it."), me);
  if (a == HS_STATE_TIME_WAIT && b == HS_STATE_CLOSED)
    return g_strdup_printf (_("%s goes from TIME-WAIT to CLOSED: the wait is over and the connection is gone."), me);

  if (b == HS_STATE_CLOSED && cause != NULL)
    {
      if (cause->kind == HS_STEP_APP_CALL && cause->detail == HS_APP_ABORT)
        return g_strdup_printf (_("%s goes from %s to CLOSED: its application aborted the connection."), me, from);
      if (cause->kind == HS_STEP_APP_CALL && cause->detail == HS_APP_KILL && a != HS_STATE_SYN_SENT &&
          a != HS_STATE_LISTEN)
        return g_strdup_printf (_("%s goes from %s to CLOSED: its application was killed with data unread, so the kernel reset the connection rather than closed it."), me, from);
      if (cause->kind == HS_STEP_APP_CALL && cause->detail == HS_APP_KILL)
        return g_strdup_printf (_("%s goes from %s to CLOSED: its application was killed, and the kernel closed its socket."), me, from);
      if (cause->kind == HS_STEP_APP_CALL && cause->detail == HS_APP_CLOSE && a != HS_STATE_SYN_SENT &&
          a != HS_STATE_LISTEN)
        /* a synchronized connection closed at once: close() reset it (unread data) */
        return g_strdup_printf (_("%s goes from %s to CLOSED: its application closed with data unread, so the connection was reset rather than closed."), me, from);
      if (cause->kind == HS_STEP_APP_CALL)
        return g_strdup_printf (_("%s goes from %s to CLOSED: its application closed before anything was exchanged."), me, from);
      if (cause->kind == HS_STEP_TIMER && cause->reason == HS_REASON_TIMER_GAVE_UP)
        return g_strdup_printf (_("%s goes from %s to CLOSED: it gave up after too many retransmissions."), me, from);
      if (cause->kind == HS_STEP_TIMER)
        return g_strdup_printf (_("%s goes from %s to CLOSED: it waited long enough for a peer that no longer answers."), me, from);
      if (cause->kind == HS_STEP_SEGMENT_ARRIVED && a == HS_STATE_SYN_SENT)
        return g_strdup_printf (_("%s goes from SYN-SENT to CLOSED: the connection was refused."), me);
      if (cause->kind == HS_STEP_SEGMENT_ARRIVED)
        return g_strdup_printf (_("%s goes from %s to CLOSED: the connection was reset."), me, from);
    }

  return g_strdup_printf (_("%s goes from %s to %s."), me, from, to);
}

/* The retransmission timer: how long it ran, what it does to the RTO and,
 * once data flows, to cwnd and ssthresh, and by which rule. */
static char *
narrate_rto (HsTrace           *trace,
             const HsTraceStep *step,
             guint              index,
             const char        *who)
{
  HsTcbSnapshot before, after;
  HsState state = hs_trace_get_state_at (trace, index, step->endpoint);
  g_autofree char *ran = format_duration (step->value);
  g_autofree char *next = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *ran_out = NULL;
  g_autofree char *window = NULL;
  g_autofree char *rto = NULL;
  gboolean rfc = _hs_narration_profile_is_rfc (trace);

  if (!tcb_around (trace, index, step->endpoint, &before, &after))
    return g_strdup_printf (_("%s's retransmission timer runs out after %s: no acknowledgement arrived within the retransmission timeout (RTO)."),
                            who, ran);
  next = format_duration (after.rto);

  if (state == HS_STATE_SYN_SENT || state == HS_STATE_SYN_RECEIVED)
    {
      if (after.rto == before.rto && state == HS_STATE_SYN_SENT)
        return g_strdup_printf (_("%s's retransmission timer runs out after %s with no answer to its SYN, so it sends the SYN again. Linux waits the same %s for the next try as well: its first SYN retransmissions keep the initial timeout (linear SYN timeouts, tcp_syn_linear_timeouts) before it starts doubling, where RFC 6298 (section 5.5) doubles it every time."),
                                who, ran, next);
      if (after.rto > before.rto && after.rto < 2 * before.rto)
        return g_strdup_printf (_("%s's retransmission timer runs out after %s with no answer to its %s, so it sends it again. The timeout for the next try would double, but it is held at its maximum: %s."),
                                who, ran, state == HS_STATE_SYN_SENT ? "SYN" : "SYN+ACK", next);
      if (rfc)
        return g_strdup_printf (_("%s's retransmission timer runs out after %s with no answer to its %s, so it sends it again. RFC 6298 (section 5.5) doubles the timeout for the next try: %s."),
                                who, ran, state == HS_STATE_SYN_SENT ? "SYN" : "SYN+ACK", next);
      return g_strdup_printf (_("%s's retransmission timer runs out after %s with no answer to its %s, so it sends it again. Linux doubles the timeout for the next try, as RFC 6298 (section 5.5) does: %s."),
                              who, ran, state == HS_STATE_SYN_SENT ? "SYN" : "SYN+ACK", next);
    }

  /* three whole sentences: the timer, the congestion window, the RTO */
  if (rfc)
    ran_out = g_strdup_printf (_("%s's retransmission timer runs out after %s, its retransmission timeout (RTO, by RFC 6298 section 2 SRTT + 4 × RTTVAR and at least 1 s, doubled after each timeout): no acknowledgement arrived."),
                               who, ran);
  else
    ran_out = g_strdup_printf (_("%s's retransmission timer runs out after %s, its retransmission timeout (RTO, which Linux computes as SRTT + max(4 × RTTVAR, 200 ms), doubled after each timeout): no acknowledgement arrived."),
                               who, ran);

  if (before.cwnd != after.cwnd || before.ssthresh != after.ssthresh)
    {
      from = _hs_narration_format_ssthresh (before.ssthresh);
      to = _hs_narration_format_ssthresh (after.ssthresh);
      if (_hs_narration_runs_cubic (trace, step->endpoint) && before.ssthresh == after.ssthresh)
        window = g_strdup_printf (_("ssthresh stays %s: Linux sets it only at the first timeout of a loss. The congestion window is one segment, cwnd %u → %u bytes, and slow start begins again."),
                                  to, before.cwnd, after.cwnd);
      else if (_hs_narration_runs_cubic (trace, step->endpoint))
        window = g_strdup_printf (_("CUBIC (RFC 9438), Linux's default, sets ssthresh to 0.7 × cwnd in whole segments, at least two: ssthresh %s → %s. The congestion window falls to one segment, cwnd %u → %u bytes, and slow start begins again."),
                                  from, to, before.cwnd, after.cwnd);
      else if (rfc)
        window = g_strdup_printf (_("RFC 5681 (section 3.1) sets ssthresh to half the data in flight, at least two segments: ssthresh %s → %s. The congestion window falls to one segment, cwnd %u → %u bytes, and slow start begins again."),
                                  from, to, before.cwnd, after.cwnd);
      else
        window = g_strdup_printf (_("The simulation sets ssthresh to half the data in flight, at least two segments, as RFC 5681 (section 3.1) and Linux's Reno do: ssthresh %s → %s (Linux's default, CUBIC, keeps 0.7 of cwnd instead). The congestion window falls to one segment, cwnd %u → %u bytes, and slow start begins again."),
                                  from, to, before.cwnd, after.cwnd);
    }

  if (after.rto == 2 * before.rto && rfc)
    rto = g_strdup_printf (_("RFC 6298 (section 5.5) doubles the RTO for the next try: %s."), next);
  else if (after.rto == 2 * before.rto)
    rto = g_strdup_printf (_("Linux doubles the RTO for the next try, as RFC 6298 (section 5.5) does: %s."), next);
  else if (rfc)
    rto = g_strdup_printf (_("RFC 6298 doubles the RTO (section 5.5) up to a maximum of at least 60 s (section 2.5), 60 s here: for the next try it is %s."), next);
  else
    rto = g_strdup_printf (_("Linux doubles the RTO up to its maximum of 120 s (TCP_RTO_MAX): for the next try it is %s."), next);

  if (window != NULL)
    /* Translators: three sentences, one after the other */
    return g_strdup_printf (_("%s %s %s"), ran_out, window, rto);
  /* Translators: two sentences, one after the other */
  return g_strdup_printf (_("%s %s"), ran_out, rto);
}

static char *
narrate_timer (HsTrace           *trace,
               const HsTraceStep *step,
               guint              index)
{
  const char *me = hs_narration_endpoint_name (trace, step->endpoint);
  g_autofree char *who = _hs_narration_capitalize (me);
  g_autofree char *ran = format_duration (step->value);

  switch ((HsTimerKind) step->detail)
    {
    case HS_TIMER_RETRANSMISSION:
      if (step->reason == HS_REASON_TIMER_GAVE_UP)
        return g_strdup_printf (_("%s's retransmission timer runs out once more, after %s, and %s gives up: the connection has timed out."),
                                who, ran, me);
      return narrate_rto (trace, step, index, who);
    case HS_TIMER_TIME_WAIT:
      if (hs_trace_get_state_at (trace, index, step->endpoint) == HS_STATE_FIN_WAIT_2)
        return g_strdup_printf (_("%s's FIN-WAIT-2 timer runs out after %s: its application has closed, and the peer's FIN never came. An orphaned connection does not wait forever."),
                                who, ran);
      return g_strdup_printf (_("%s's TIME-WAIT timer runs out after %s."), who, ran);
    case HS_TIMER_DELAYED_ACK:
      if (_hs_narration_profile_is_rfc (trace))
        return g_strdup_printf (_("%s's delayed-ACK timer runs out after %s. It held its ACK back, hoping to send it with data; this profile waits 200 ms, within RFC 9293's limit of 0.5 s, where Linux waits 40 ms."),
                                who, ran);
      return g_strdup_printf (_("%s's delayed-ACK timer runs out after %s. It held its ACK back, hoping to send it with data; Linux waits 40 ms, where RFC 9293 allows up to 0.5 s."),
                              who, ran);
    case HS_TIMER_PERSIST:
      {
        const HsTcbSnapshot *tcb = index > 0 ? hs_trace_get_tcb_at (trace, index - 1, step->endpoint) : NULL;

        if (tcb != NULL && tcb->snd_wnd > 0)
          return g_strdup_printf (_("%s's persist timer runs out after %s. The window is open, but silly window avoidance held back a segment smaller than a full one; now it sends what fits (the override timeout, RFC 9293 section 3.8.6.2.1)."),
                                  who, ran);
        return g_strdup_printf (_("%s's persist timer runs out after %s while the peer's window is still zero: time to probe it. The first wait is the RTO, and each probe left unanswered doubles the next wait (exponential back-off, RFC 9293 section 3.8.6.1)."),
                                who, ran);
      }
    case HS_TIMER_LOSS_PROBE:
      return g_strdup_printf (_("%s's probe timeout (PTO) runs out after %s with no ACK since it was set. Linux sets it to two smoothed round trips (2 × SRTT, plus 200 ms when a single segment is out, whose ACK may be delayed), but never later than the retransmission timeout. Rather than wait for the RTO, it sends a tail loss probe (RACK-TLP, RFC 8985)."),
                              who, ran);
    case HS_TIMER_KEEPALIVE:
      return g_strdup_printf (_("%s's keepalive timer runs out after %s."), who, ran);
    case HS_TIMER_REORDER:
      return g_strdup_printf (_("%s's RACK reordering timer runs out after %s. A segment sent later than an unacknowledged one was delivered, and RACK (RFC 8985) gave the earlier one a round trip plus a quarter of the smallest round trip to arrive. Linux counts that wait in 4 ms ticks, plus two."),
                              who, ran);
    case HS_N_TIMERS:
    default:
      return g_strdup_printf (_("%s's keepalive timer runs out."), who);
    }
}

/* Whether step @index caused a segment to be sent at once. */
static gboolean
caused_send (HsTrace *trace,
             guint    index)
{
  guint n = hs_trace_get_n_steps (trace);

  for (guint i = index + 1; i < n && hs_trace_get_step (trace, i)->cause == index; i++)
    if (hs_trace_get_step (trace, i)->kind == HS_STEP_SEGMENT_SENT)
      return TRUE;
  return FALSE;
}

/* The endpoint @endpoint talks to: the other one of a trace of two; with
 * hosts, where its first segment went. */
static guint
peer_of (HsTrace *trace,
         guint    endpoint)
{
  if (hs_trace_get_n_hosts (trace) == 0)
    return 1 - MIN (endpoint, 1);
  for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
    {
      const HsTraceSegment *seg = hs_trace_get_segment (trace, i);

      if (seg->from == endpoint)
        return seg->to;
      if (seg->to == endpoint)
        return seg->from;
    }
  return 1 - MIN (endpoint, 1);
}

static char *
narrate_app_call (HsTrace           *trace,
                  const HsTraceStep *step,
                  guint              index)
{
  const char *me = hs_narration_endpoint_name (trace, step->endpoint);
  const char *port_peer = hs_narration_endpoint_name (trace, peer_of (trace, step->endpoint));

  if (step->detail == HS_APP_CRASH)
    return g_strdup_printf (_("%s crashes: its power is cut. Every connection it had is lost with its memory, and it sends nothing, not even an RST, so %s is not told. Until it runs again, whatever reaches it is taken by nobody."),
                            me, port_peer);
  if (step->detail == HS_APP_REBOOT && step->reason == HS_REASON_APP_UDP)
    return g_strdup_printf (_("%s runs again. UDP kept no state to lose: a datagram that reaches its port once an application binds it again is taken as any other."), me);
  if (step->detail == HS_APP_REBOOT)
    return g_strdup_printf (_("%s runs again, but it remembers no connection: a segment of the old one finds no TCB and is answered with an RST (RFC 9293 section 3.5.1), so %s learns the connection is gone the next time it sends."),
                            me, port_peer);
  if (step->reason == HS_REASON_APP_EMSGSIZE)
    return g_strdup_printf (_("The application of %s tries to send a message of %u bytes in one UDP datagram, but the datagram's 16-bit length field allows at most 65,507 bytes of data over IPv4 (65,535 less the 8-byte UDP header and the 20-byte IP header). send() fails with EMSGSIZE (“Message too long”) and nothing is sent. A TCP stream has no such limit."),
                            me, (guint) step->value);
  if (step->reason == HS_REASON_APP_UDP)
    switch ((HsAppCall) step->detail)
      {
      case HS_APP_LISTEN:
        return g_strdup_printf (_("The application of %s binds its UDP socket to port %u: datagrams sent there reach it from now on."),
                                me, hs_trace_get_endpoint (trace, step->endpoint)->port);
      case HS_APP_CONNECT:
        return g_strdup_printf (_("The application of %s calls connect() on its UDP socket. This only records where datagrams go: nothing is sent, there is no handshake."), me);
      case HS_APP_SEND:
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "The application of %s sends a message of %u byte.",
                                             "The application of %s sends a message of %u bytes.",
                                             step->value),
                                me, (guint) step->value);
      case HS_APP_CLOSE:
      case HS_APP_READ:
      case HS_APP_SHUTDOWN:
      case HS_APP_ABORT:
      case HS_APP_CORK:
      case HS_APP_UNCORK:
      case HS_APP_SHUTDOWN_READ:
      case HS_N_APP_CALLS:
      default:
        return g_strdup_printf (_("The application of %s closes its UDP socket. Nothing is sent: the other side is not told."), me);
      }

  if (step->reason == HS_REASON_APP_CALL_FAILED)
    return g_strdup_printf (_("The application of %s makes a call that the connection's state does not allow; the call fails and the application stops."), me);
  if (step->reason == HS_REASON_APP_EADDRINUSE)
    return g_strdup_printf (_("The application of %s cannot have port %u: another socket of its host already has it, so bind() fails with EADDRINUSE (“Address already in use”). Nothing is sent, and the application stops."),
                            me, hs_trace_get_endpoint (trace, step->endpoint)->port);
  if (step->reason == HS_REASON_APP_EADDRNOTAVAIL)
    return g_strdup_printf (_("The application of %s may bind port %u (SO_REUSEADDR allows it), but connect() fails with EADDRNOTAVAIL: a socket of its host still holds a connection with the same addresses and ports (in TIME-WAIT, for example), and Linux reuses one only over loopback. Nothing is sent, and the application stops."),
                            me, hs_trace_get_endpoint (trace, step->endpoint)->port);
  if (step->detail == HS_APP_FLOOD)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%s starts a SYN flood: %u SYN, each from a forged source address and port. It never answers, so every SYN the server takes holds a place in its SYN queue.",
                                         "%s starts a SYN flood: %u SYNs, each from a forged source address and port. It never answers, so every SYN the server takes holds a place in its SYN queue.",
                                         step->value),
                            me, (guint) step->value);
  if (step->detail == HS_APP_ACCEPT)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "The application of %s calls accept(): it takes the oldest established connection from the listening socket's accept queue (%u is left there) and serves it with the rest of its script, while it waits in accept() for the next one.",
                                         "The application of %s calls accept(): it takes the oldest established connection from the listening socket's accept queue (%u are left there) and serves it with the rest of its script, while it waits in accept() for the next one.",
                                         step->value),
                            me, (guint) step->value);

  switch ((HsAppCall) step->detail)
    {
    case HS_APP_LISTEN:
      return g_strdup_printf (_("The application of %s calls listen(): it accepts connections from now on."), me);
    case HS_APP_CONNECT:
      return g_strdup_printf (_("The application of %s calls connect() to open a connection to %s."), me, port_peer);
    case HS_APP_SEND:
      if (step->reason == HS_REASON_APP_NAGLE && caused_send (trace, index))
        {
          HsTcbSnapshot before, after;
          guint32 held;

          if (!tcb_around (trace, index, step->endpoint, &before, &after))
            return g_strdup ("");
          held = after.send_buffered - after.in_flight;
          if (!_hs_narration_profile_is_rfc (trace))
            /* Minshall's variant: only an earlier short segment holds it */
            return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "The application of %s writes %u bytes. What fills whole segments goes at once, but the last %u byte would go in a smaller segment while an earlier small segment is still unacknowledged, so Nagle's algorithm, as Linux applies it (Minshall's variant), holds it back until that ACK comes.",
                                                 "The application of %s writes %u bytes. What fills whole segments goes at once, but the last %u bytes would go in a smaller segment while an earlier small segment is still unacknowledged, so Nagle's algorithm, as Linux applies it (Minshall's variant), holds them back until that ACK comes.",
                                                 held),
                                    me, (guint) step->value, held);
          return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "The application of %s writes %u bytes. What fills whole segments goes at once, but the last %u byte would go in a smaller segment while the first are still unacknowledged, so Nagle's algorithm (RFC 9293 section 3.7.4) holds it back until the ACK comes.",
                                               "The application of %s writes %u bytes. What fills whole segments goes at once, but the last %u bytes would go in a smaller segment while the first are still unacknowledged, so Nagle's algorithm (RFC 9293 section 3.7.4) holds them back until the ACK comes.",
                                               held),
                                  me, (guint) step->value, held);
        }
      if (step->reason == HS_REASON_APP_MORE)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "The application of %s writes %u byte with MSG_MORE: more data is coming, so a segment smaller than a full one waits for it (at most a retransmission timeout when nothing else is in flight), and carries no PSH.",
                                             "The application of %s writes %u bytes with MSG_MORE: more data is coming, so what fills whole segments goes at once and a smaller segment waits for the rest (at most a retransmission timeout when nothing else is in flight), with no PSH.",
                                             step->value),
                                me, (guint) step->value);
      if (step->reason == HS_REASON_APP_NAGLE && !_hs_narration_profile_is_rfc (trace))
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "The application of %s writes %u byte, but it does not leave yet: it would go in a segment smaller than a full one while an earlier small segment of %s is still unacknowledged, and Nagle's algorithm, as Linux applies it (Minshall's variant), sends no second small segment until that ACK comes. What the application writes meanwhile then leaves together in one segment.",
                                             "The application of %s writes %u bytes, but they do not leave yet: they would go in a segment smaller than a full one while an earlier small segment of %s is still unacknowledged, and Nagle's algorithm, as Linux applies it (Minshall's variant), sends no second small segment until that ACK comes. What the application writes meanwhile then leaves together in one segment.",
                                             step->value),
                                me, (guint) step->value, me);
      if (step->reason == HS_REASON_APP_NAGLE)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "The application of %s writes %u byte, but it does not leave yet: it would go in a segment smaller than a full one while data of %s is still unacknowledged, and Nagle's algorithm (RFC 9293 section 3.7.4) sends no such small segment until the ACK comes. What the application writes meanwhile then leaves together in one segment.",
                                             "The application of %s writes %u bytes, but they do not leave yet: they would go in a segment smaller than a full one while data of %s is still unacknowledged, and Nagle's algorithm (RFC 9293 section 3.7.4) sends no such small segment until the ACK comes. What the application writes meanwhile then leaves together in one segment.",
                                             step->value),
                                me, (guint) step->value, me);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "The application of %s writes %u byte.",
                                           "The application of %s writes %u bytes.",
                                           step->value),
                              me, (guint) step->value);
    case HS_APP_READ:
      if (step->value == 0)
        return g_strdup_printf (_("The application of %s reads whatever has arrived."), me);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "The application of %s reads until it has %u more byte.",
                                           "The application of %s reads until it has %u more bytes.",
                                           step->value),
                              me, (guint) step->value);
    case HS_APP_SHUTDOWN:
      return g_strdup_printf (_("The application of %s calls shutdown(SHUT_WR): it will send no more data, but it keeps reading."), me);
    case HS_APP_CLOSE:
      if (step->value > 0)
        {
          g_autofree char *linger = format_duration ((HsTime) step->value);

          return g_strdup_printf (_("The application of %s calls close() with SO_LINGER set to %s: the call returns only when its FIN has been acknowledged, or after %s at most. What goes on the wire is the same."),
                                  me, linger, linger);
        }
      return g_strdup_printf (_("The application of %s calls close()."), me);
    case HS_APP_ABORT:
      return g_strdup_printf (_("The application of %s closes with SO_LINGER set to zero, which aborts the connection."), me);
    case HS_APP_KILL:
      return g_strdup_printf (_("The application of %s is killed (kill -9): it calls nothing more. The kernel closes its socket for it, as close() would: a FIN after the data still queued, or an RST at once if data it had received was never read."), me);
    case HS_APP_CORK:
      return g_strdup_printf (_("The application of %s sets TCP_CORK: from now on a segment shorter than a full one waits until the application removes the cork, closes, or (with nothing in flight) a retransmission timeout has passed."), me);
    case HS_APP_UNCORK:
      return g_strdup_printf (_("The application of %s removes TCP_CORK: what waited may go now, as Nagle's algorithm allows."), me);
    case HS_APP_SHUTDOWN_READ:
      return g_strdup_printf (_("The application of %s calls shutdown(SHUT_RD): it means to read no more. Nothing goes on the wire, and Linux keeps acknowledging data that still arrives."), me);
    case HS_N_APP_CALLS:
    default:
      return g_strdup ("");
    }
}

static gboolean
endpoint_was_passive (HsTrace *trace,
                      guint    endpoint,
                      guint    before)
{
  for (guint i = 0; i < before; i++)
    {
      const HsTraceStep *s = hs_trace_get_step (trace, i);

      if (s->kind == HS_STEP_APP_CALL && s->endpoint == endpoint)
        return s->detail == HS_APP_LISTEN;
    }
  return FALSE;
}

/* Which of the peer's writes a read took its bytes from, from the trace
 * alone: the reader's earlier reads say where in the stream it starts,
 * the peer's send() calls where each write begins. The two endpoints of
 * a connection are 0 and 1 (2 and 3 for the second run of a comparison).
 * The narration tells it only when one read returns bytes of more than
 * one write: that is the byte stream a student does not expect ("粘包");
 * the inspector and the diagram show it for every read. */
gboolean
hs_narration_read_writes (HsTrace *trace,
                          guint    index,
                          guint64 *first_byte,
                          guint   *first_write,
                          guint   *last_write)
{
  const HsTraceStep *step;
  guint peer;
  guint64 start = 0, end, written = 0;
  guint n_writes = 0;

  g_return_val_if_fail (HS_IS_TRACE (trace), FALSE);
  g_return_val_if_fail (first_byte != NULL && first_write != NULL && last_write != NULL, FALSE);

  *first_byte = 0;
  *first_write = *last_write = 0;
  if (index >= hs_trace_get_n_steps (trace))
    return FALSE;
  step = hs_trace_get_step (trace, index);
  peer = step->endpoint ^ 1;
  if (step->kind != HS_STEP_APP_NOTIFY || step->detail != HS_NOTIFY_DATA ||
      peer >= hs_trace_get_n_endpoints (trace) ||
      hs_trace_get_endpoint (trace, step->endpoint)->transport != HS_TRANSPORT_TCP)
    return FALSE;

  for (guint i = 0; i < index; i++)
    {
      const HsTraceStep *s = hs_trace_get_step (trace, i);

      if (s->kind == HS_STEP_APP_NOTIFY && s->detail == HS_NOTIFY_DATA && s->endpoint == step->endpoint)
        start += s->value;
    }
  end = start + step->value;

  for (guint i = 0; i < index && written < end; i++)
    {
      const HsTraceStep *s = hs_trace_get_step (trace, i);

      if (s->kind != HS_STEP_APP_CALL || s->detail != HS_APP_SEND || s->endpoint != peer ||
          s->reason == HS_REASON_APP_CALL_FAILED || s->value == 0)
        continue;
      n_writes++;
      if (*first_write == 0 && written + s->value > start)
        *first_write = n_writes;
      written += s->value;
      *last_write = n_writes;
    }
  *first_byte = start;
  return *first_write != 0;
}

static char *
narrate_glued_read (HsTrace           *trace,
                    const HsTraceStep *step,
                    guint              index)
{
  const char *me = hs_narration_endpoint_name (trace, step->endpoint);
  guint64 first_byte;
  guint first, last;

  if (!hs_narration_read_writes (trace, index, &first_byte, &first, &last) || last <= first)
    return NULL;
  return g_strdup_printf (_("The application of %s reads %u bytes in one read(): bytes %u to %u of the stream, which %s wrote in writes %u to %u. TCP delivers a stream of bytes and keeps no boundaries between writes, so one read can return several of them glued together; an application that sends messages must mark where each one ends."),
                          me, (guint) step->value, (guint) first_byte + 1, (guint) (first_byte + step->value),
                          hs_narration_endpoint_name (trace, step->endpoint ^ 1), first, last);
}

static char *
narrate_notify (HsTrace           *trace,
                const HsTraceStep *step,
                guint              index)
{
  const char *me = hs_narration_endpoint_name (trace, step->endpoint);

  switch ((HsNotify) step->detail)
    {
    case HS_NOTIFY_ESTABLISHED:
      if (endpoint_was_passive (trace, step->endpoint, index))
        return g_strdup_printf (_("For %s, accept() returns: its application has the new connection."), me);
      return g_strdup_printf (_("For %s, connect() returns: its application has the connection."), me);
    case HS_NOTIFY_DATA:
      {
        g_autofree char *glued = narrate_glued_read (trace, step, index);

        if (glued != NULL)
          return g_steal_pointer (&glued);
      }
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "The application of %s reads %u byte.",
                                           "The application of %s reads %u bytes.",
                                           step->value),
                              me, (guint) step->value);
    case HS_NOTIFY_EOF:
      return g_strdup_printf (_("For %s, read() returns 0 (end of file): the peer has closed its direction and every byte has been read."), me);
    case HS_NOTIFY_REFUSED:
      return g_strdup_printf (_("For %s, connect() fails: “Connection refused”."), me);
    case HS_NOTIFY_RESET:
      return g_strdup_printf (_("The application of %s learns that the connection was reset: “Connection reset by peer”."), me);
    case HS_NOTIFY_TIMED_OUT:
      return g_strdup_printf (_("The application of %s learns that the connection failed: “Connection timed out”."), me);
    case HS_NOTIFY_CLOSED:
    case HS_N_NOTIFIES:
    default:
      return g_strdup_printf (_("The connection of %s is closed."), me);
    }
}

static inline gboolean
is_han (gunichar c)
{
  return c >= 0x2e80 && g_unichar_get_script (c) == G_UNICODE_SCRIPT_HAN;
}

static inline gboolean
is_latin_or_digit (gunichar c)
{
  return c < 0x80 && g_ascii_isalnum (c);
}

/* GNOME's zh_CN and zh_TW style puts a space between Chinese text and
 * Latin words or numbers. The catalogs do so around their own words, but a
 * name or a duration put into a sentence ("UDP 客户端", "1.0 s") may still
 * touch Chinese text: the space goes in where it is missing. A sentence
 * with no Chinese in it is returned as it is. */
char *
_hs_narration_space_chinese (char *sentence)
{
  GString *out;
  gunichar prev = 0;
  gboolean any = FALSE;

  for (const char *p = sentence; *p != '\0' && !any; p = g_utf8_next_char (p))
    any = is_han (g_utf8_get_char (p));
  if (!any)
    return sentence;

  out = g_string_sized_new (strlen (sentence) + 16);
  for (const char *p = sentence; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((is_han (prev) && is_latin_or_digit (c)) || (is_latin_or_digit (prev) && is_han (c)))
        g_string_append_c (out, ' ');
      g_string_append_unichar (out, c);
      prev = c;
    }
  g_free (sentence);
  return g_string_free (out, FALSE);
}

/* The first segment of a trace with each diagram mark that the narration
 * explains, found once and kept with the trace: the scan goes on from
 * where it stopped as the trace grows. */
typedef struct
{
  guint scanned;
  guint first_retransmission;
  guint first_duplicate_ack;
  guint first_window_probe;
} FirstMarks;

static const FirstMarks *
first_marks (HsTrace *trace,
             guint    upto)
{
  FirstMarks *f = g_object_get_data (G_OBJECT (trace), "hs-narration-first-marks");
  guint n = MIN (upto + 1, hs_trace_get_n_segments (trace));

  if (f == NULL)
    {
      f = g_new (FirstMarks, 1);
      f->scanned = 0;
      f->first_retransmission = f->first_duplicate_ack = f->first_window_probe = HS_TRACE_NONE;
      g_object_set_data_full (G_OBJECT (trace), "hs-narration-first-marks", f, g_free);
    }
  for (; f->scanned < n; f->scanned++)
    {
      const HsTraceSegment *s;

      if (f->first_retransmission != HS_TRACE_NONE && f->first_duplicate_ack != HS_TRACE_NONE &&
          f->first_window_probe != HS_TRACE_NONE)
        break;
      s = hs_trace_get_segment (trace, f->scanned);
      if ((s->marks & HS_MARK_DUPLICATED))
        continue;
      if ((s->marks & HS_MARK_RETRANSMISSION) && f->first_retransmission == HS_TRACE_NONE)
        f->first_retransmission = f->scanned;
      if ((s->marks & HS_MARK_DUPLICATE_ACK) && f->first_duplicate_ack == HS_TRACE_NONE)
        f->first_duplicate_ack = f->scanned;
      if ((s->marks & HS_MARK_WINDOW_PROBE) && f->first_window_probe == HS_TRACE_NONE)
        f->first_window_probe = f->scanned;
    }
  return f;
}

/* For the first segment with a diagram mark, the sentence that says what
 * the mark means, or NULL. */
const char *
_hs_narration_explain_mark (HsTrace           *trace,
                            const HsTraceStep *step)
{
  const HsTraceSegment *seg;
  const FirstMarks *f;

  if (step->kind != HS_STEP_SEGMENT_SENT || step->segment == HS_TRACE_NONE ||
      g_strcmp0 (hs_trace_get_parameter (trace, "source"), "capture") == 0)
    return NULL;
  seg = hs_trace_get_segment (trace, step->segment);
  if (seg->marks == 0)
    return NULL;
  f = first_marks (trace, seg->index);
  if (f->first_retransmission == seg->index)
    return _("In the diagram this segment is tagged “Retransmission”: it carries sequence numbers that were sent before.");
  if (f->first_duplicate_ack == seg->index)
    return _("In the diagram this segment is tagged “Duplicate ACK”: it repeats the previous ACK's ack and window, with no data (RFC 5681 section 2).");
  if (f->first_window_probe == seg->index)
    return _("In the diagram this segment is tagged “Window probe”: a segment sent into a zero window only to make the receiver answer with its current window.");
  return NULL;
}

static char *number_convention (HsTrace           *trace,
                                 const HsTraceStep *step);

char *
hs_narration_format_step (HsTrace *trace,
                          guint    index)
{
  const HsTraceStep *step;
  g_autofree char *sentence = NULL;

  g_return_val_if_fail (HS_IS_TRACE (trace), NULL);
  g_return_val_if_fail (index < hs_trace_get_n_steps (trace), NULL);

  step = hs_trace_get_step (trace, index);
  switch ((HsStepKind) step->kind)
    {
    case HS_STEP_APP_CALL:
      sentence = narrate_app_call (trace, step, index);
      break;
    case HS_STEP_APP_NOTIFY:
      sentence = narrate_notify (trace, step, index);
      break;
    case HS_STEP_SEGMENT_SENT:
      sentence = narrate_sent (trace, step);
      break;
    case HS_STEP_SEGMENT_ARRIVED:
      sentence = narrate_arrived (trace, step);
      break;
    case HS_STEP_SEGMENT_LOST:
      sentence = narrate_lost (trace, step);
      break;
    case HS_STEP_STATE_CHANGE:
      sentence = narrate_state (trace, step, index);
      break;
    case HS_STEP_TIMER:
      sentence = narrate_timer (trace, step, index);
      break;
    default:
      sentence = g_strdup ("");
      break;
    }

  {
    const char *mark = _hs_narration_explain_mark (trace, step);

    if (mark != NULL)
      {
        char *both = g_strdup_printf (/* Translators: two sentences, one after the other */
                                      _("%s %s"), sentence, mark);

        g_free (sentence);
        sentence = both;
      }
  }

  {
    g_autofree char *convention = number_convention (trace, step);

    if (convention != NULL)
      {
        char *both = g_strdup_printf (/* Translators: two sentences, one after the other */
                                      _("%s %s"), sentence, convention);

        g_free (sentence);
        sentence = both;
      }
  }

  return _hs_narration_space_chinese (_hs_narration_capitalize (sentence));
}

/* ---------------------------------------------- the number convention -- */

/* A capture that starts without a side's SYN: the first segment of that
 * side says how its numbers are counted, with the absolute value once. A
 * simulated trace says it with each side's SYN. */
static char *
number_convention (HsTrace           *trace,
                   const HsTraceStep *step)
{
  const HsTraceSegment *seg;
  const char *me;

  if (step->kind != HS_STEP_SEGMENT_SENT || step->segment == HS_TRACE_NONE ||
      g_strcmp0 (hs_trace_get_parameter (trace, "source"), "capture") != 0)
    return NULL;
  seg = hs_trace_get_segment (trace, step->segment);
  if ((seg->header.flags & (HS_TCP_SYN | HS_TCP_RST)) ||
      hs_trace_get_endpoint (trace, seg->from)->transport != HS_TRANSPORT_TCP)
    return NULL;
  /* only at the side's first segment: the scan ends there */
  for (guint i = 0; i < seg->index; i++)
    if (hs_trace_get_segment (trace, i)->from == seg->from)
      return NULL;
  me = hs_narration_endpoint_name (trace, seg->from);
  return g_strdup_printf (_("The capture starts after %s's SYN, so its initial sequence number is unknown. Like Wireshark and the diagram, this narration counts %s's numbers from the first segment the capture shows: here seq = %u (absolute %u), and its later numbers are relative too."),
                          me, me, hs_trace_segment_rel_seq (trace, seg), seg->header.seq);
}
