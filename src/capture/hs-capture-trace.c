/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-capture-trace.c: a captured connection as a trace: its segments with
 * Wireshark's analysis, a narration reason for each, and the states each
 * endpoint goes through as far as the capture shows them.
 *
 * States are inferred from what each side sends, which is certain (a side
 * that sends a FIN from ESTABLISHED is in FIN-WAIT-1), and from what it
 * receives, which a capture cannot show: a segment seen on the wire may be
 * lost after the capture point. A received SYN or FIN counts only once the
 * receiver acknowledges it, and at the last copy of it before that ACK
 * (after the receiver's own segments sent before it got there: crossing
 * FINs make a simultaneous close). A received ACK counts at once. Where
 * the capture misses segments, or a side shows a state the capture never
 * led it to, the change is marked uncertain.
 *
 * Over 1,000 lines as one file: the inference is one pass over the
 * segments in which each rule reads the states the others left, and the
 * narration reasons are chosen in the same pass. */

#define G_LOG_DOMAIN "hs-capture"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "hs-capture-private.h"
#include "hs-narration.h"

/* How far ahead to look for the ACK that confirms a SYN or FIN. */
#define CONFIRM_HORIZON 100000

/* How far back to look for the first copy of retransmitted data. */
#define RETRANSMISSION_HORIZON 10000

typedef struct
{
  HsState  state;
  gboolean syn_sent;
  guint32  iss;
  gboolean plain_syn_sent;  /* a SYN without ACK: it opened actively */
  gboolean fin_sent;
  guint32  fin_seq;         /* the FIN's own sequence number */
  gboolean has_end;
  guint32  seq_end;         /* the highest sequence number it was seen to use, + 1 */
  gboolean acked_handshake; /* it sent an ACK without SYN */
  gboolean has_last_ack;
  guint32  last_ack;
} Side;

/* A state change waiting to be added, so that changes of one side at one
 * point merge into one step (FIN-WAIT-1 → TIME-WAIT on a FIN+ACK). */
typedef struct
{
  guint8   endpoint;
  guint8   from;
  guint8   to;
  gboolean uncertain;
} Change;

/* A received SYN or FIN that counts at a later packet. */
typedef struct
{
  guint    at;              /* packet index whose end it waits for */
  guint    trigger;         /* the packet that carried it */
  gboolean syn;             /* else FIN */
  gboolean answer_has_syn;  /* the receiver answers with a SYN+ACK */
} Pending;

typedef struct
{
  HsTrace               *trace;
  const HsCapturePacket *packets;
  guint                  n_packets;
  guint                 *dir;          /* per packet: 0 client, 1 server */
  guint32               *analysis;     /* per packet */
  HsTime                *times;        /* per packet, µs from the first */
  guint                 *peer_before;  /* per packet, the last one from the
                                        * other side before it, or G_MAXUINT */
  Side                   side[2];
  GArray                *changes;      /* Change, not yet added */
  GArray                *pending;      /* Pending, in order of @at */
  HsTime                 last_time;
  guint                  step_cause;   /* the segment step the changes follow */
  gboolean               gap;          /* a segment before this packet is missing */
  gboolean               taking_fin;   /* a receiver takes a SYN or FIN */
} Builder;

static inline gboolean
has_flag (const HsCapturePacket *p,
          guint8                 flag)
{
  return (p->header.flags & flag) != 0;
}

/* The sequence number just after the segment, SYN and FIN counted. */
static inline guint32
seq_end (const HsCapturePacket *p)
{
  return p->header.seq + p->seglen +
         (has_flag (p, HS_TCP_SYN) ? 1 : 0) +
         (has_flag (p, HS_TCP_FIN) ? 1 : 0);
}

static HsTime
add_time (Builder *b,
          HsTime   time)
{
  /* Steps go forward in time; a capture's clock may not. */
  b->last_time = MAX (b->last_time, time);
  return b->last_time;
}

static void
change_state (Builder  *b,
              guint     endpoint,
              HsState   to,
              gboolean  uncertain)
{
  Side *side = &b->side[endpoint];
  Change change;

  if (side->state == to)
    return;

  if (b->changes->len > 0)
    {
      Change *last = &g_array_index (b->changes, Change, b->changes->len - 1);

      if (last->endpoint == endpoint)
        {
          last->to = to;
          last->uncertain |= uncertain;
          side->state = to;
          if (last->from == last->to)
            g_array_set_size (b->changes, b->changes->len - 1);
          return;
        }
    }

  change.endpoint = endpoint;
  change.from = side->state;
  change.to = to;
  change.uncertain = uncertain || (b->gap && b->taking_fin);
  g_array_append_val (b->changes, change);
  side->state = to;
}

static void
flush_changes (Builder *b,
               HsTime   time)
{
  for (guint i = 0; i < b->changes->len; i++)
    {
      const Change *change = &g_array_index (b->changes, Change, i);
      HsTraceStep step = { 0 };

      step.time = add_time (b, time);
      step.kind = HS_STEP_STATE_CHANGE;
      step.endpoint = change->endpoint;
      step.from_state = change->from;
      step.to_state = change->to;
      step.reason = change->uncertain ? HS_REASON_CAPTURED_STATE_UNCERTAIN : HS_REASON_NONE;
      step.segment = HS_TRACE_NONE;
      step.cause = b->step_cause;
      hs_trace_add_step (b->trace, &step);
    }

  g_array_set_size (b->changes, 0);
}

/* ------------------------------------------------------- initial states -- */

static void
initial_states (Builder *b,
                HsState *client,
                HsState *server)
{
  const HsCapturePacket *first = &b->packets[0];

  *client = HS_STATE_ESTABLISHED;
  *server = HS_STATE_ESTABLISHED;

  if (has_flag (first, HS_TCP_SYN) && !has_flag (first, HS_TCP_ACK))
    {
      /* The client opens; the server listens unless its first answer
       * says otherwise (its own SYN: simultaneous open; RST: closed). */
      *client = HS_STATE_CLOSED;
      *server = HS_STATE_LISTEN;

      for (guint i = 1; i < b->n_packets; i++)
        {
          const HsCapturePacket *p = &b->packets[i];

          if (b->dir[i] != 1)
            continue;
          if (has_flag (p, HS_TCP_RST) ||
              (has_flag (p, HS_TCP_SYN) && !has_flag (p, HS_TCP_ACK)))
            *server = HS_STATE_CLOSED;
          break;
        }
    }
  else if (has_flag (first, HS_TCP_SYN))
    {
      /* The SYN+ACK without its SYN. */
      *client = HS_STATE_SYN_SENT;
      *server = HS_STATE_LISTEN;
    }
}

/* --------------------------------------------------- sender's states -- */

/* What @endpoint sending packet @i says about its state. */
static void
sender_states (Builder *b,
               guint    i)
{
  const HsCapturePacket *p = &b->packets[i];
  guint me = b->dir[i];
  Side *side = &b->side[me];
  const Side *peer = &b->side[1 - me];
  guint32 ack = p->header.ack;

  if (has_flag (p, HS_TCP_RST))
    {
      if (side->state != HS_STATE_CLOSED && side->state != HS_STATE_LISTEN)
        change_state (b, me, HS_STATE_CLOSED, FALSE);
      return;
    }

  /* It acknowledges what the capture did not show it receive. */
  if (has_flag (p, HS_TCP_ACK) && !has_flag (p, HS_TCP_SYN))
    {
      /* One sequence number past all the peer was seen to send, and no
       * FIN seen: most likely the peer's FIN, lost before the capture. */
      if (!peer->fin_sent && peer->has_end && ack == peer->seq_end + 1 &&
          peer->state != HS_STATE_LISTEN && peer->state != HS_STATE_CLOSED)
        {
          Side *other = &b->side[1 - me];

          other->fin_sent = TRUE;
          other->fin_seq = peer->seq_end;
          if (other->state == HS_STATE_CLOSE_WAIT)
            change_state (b, 1 - me, HS_STATE_LAST_ACK, TRUE);
          else if (other->state == HS_STATE_ESTABLISHED || other->state == HS_STATE_SYN_RECEIVED)
            change_state (b, 1 - me, HS_STATE_FIN_WAIT_1, TRUE);
        }

      if (side->state == HS_STATE_SYN_SENT || side->state == HS_STATE_SYN_RECEIVED ||
          side->state == HS_STATE_LISTEN || side->state == HS_STATE_CLOSED)
        change_state (b, me, HS_STATE_ESTABLISHED, TRUE);

      if (peer->fin_sent && hs_seq_geq (ack, peer->fin_seq + 1))
        {
          switch (side->state)
            {
            case HS_STATE_ESTABLISHED:
              change_state (b, me, HS_STATE_CLOSE_WAIT, TRUE);
              break;
            case HS_STATE_FIN_WAIT_1:
              change_state (b, me, HS_STATE_CLOSING, TRUE);
              break;
            case HS_STATE_FIN_WAIT_2:
              change_state (b, me, HS_STATE_TIME_WAIT, TRUE);
              break;
            default:
              break;
            }
        }
    }

  /* What it had to receive first, apart from what sending shows. */
  flush_changes (b, b->times[i]);

  if (has_flag (p, HS_TCP_SYN))
    {
      if (!side->syn_sent)
        {
          side->syn_sent = TRUE;
          side->iss = p->header.seq;
        }

      if (!has_flag (p, HS_TCP_ACK))
        {
          side->plain_syn_sent = TRUE;
          if (side->state == HS_STATE_CLOSED || side->state == HS_STATE_LISTEN)
            change_state (b, me, HS_STATE_SYN_SENT, FALSE);
        }
      else if (side->state == HS_STATE_LISTEN || side->state == HS_STATE_CLOSED ||
               side->state == HS_STATE_SYN_SENT)
        {
          /* Only the peer's SYN, which the capture did not show arrive,
           * leads there. */
          change_state (b, me, HS_STATE_SYN_RECEIVED, TRUE);
        }
    }

  if (has_flag (p, HS_TCP_FIN))
    {
      if (!side->fin_sent)
        {
          side->fin_sent = TRUE;
          side->fin_seq = p->header.seq + p->seglen + (has_flag (p, HS_TCP_SYN) ? 1 : 0);
        }

      switch (side->state)
        {
        case HS_STATE_ESTABLISHED:
        case HS_STATE_SYN_RECEIVED:
          change_state (b, me, HS_STATE_FIN_WAIT_1, FALSE);
          break;
        case HS_STATE_CLOSE_WAIT:
          change_state (b, me, HS_STATE_LAST_ACK, FALSE);
          break;
        case HS_STATE_CLOSED:
        case HS_STATE_LISTEN:
        case HS_STATE_SYN_SENT:
          change_state (b, me, HS_STATE_FIN_WAIT_1, TRUE);
          break;
        default:
          break;       /* a FIN sent again */
        }
    }
}

/* ------------------------------------------------- receiver's states -- */

/* The ACK in packet @i, counted by its receiver at once. */
static void
receive_ack (Builder *b,
             guint    i,
             gboolean syn_path)
{
  const HsCapturePacket *p = &b->packets[i];
  guint me = 1 - b->dir[i];
  const Side *side = &b->side[me];
  guint32 ack = p->header.ack;

  if (!has_flag (p, HS_TCP_ACK))
    return;

  if (side->syn_sent && hs_seq_geq (ack, side->iss + 1) &&
      side->state == HS_STATE_SYN_RECEIVED && !syn_path)
    change_state (b, me, HS_STATE_ESTABLISHED, FALSE);

  if (side->fin_sent && hs_seq_geq (ack, side->fin_seq + 1))
    {
      switch (side->state)
        {
        case HS_STATE_FIN_WAIT_1:
          change_state (b, me, HS_STATE_FIN_WAIT_2, FALSE);
          break;
        case HS_STATE_CLOSING:
          change_state (b, me, HS_STATE_TIME_WAIT, FALSE);
          break;
        case HS_STATE_LAST_ACK:
          change_state (b, me, HS_STATE_CLOSED, FALSE);
          break;
        default:
          break;
        }
    }
}

/* The SYN or FIN of packet @trigger, counted by its receiver now. */
static void take_syn_or_fin (Builder       *b,
                             const Pending *pending);

/* A SYN or FIN beyond a hole in the capture may not have been taken. */
static void
receive_syn_or_fin (Builder       *b,
                    const Pending *pending)
{
  b->taking_fin = TRUE;
  take_syn_or_fin (b, pending);
  b->taking_fin = FALSE;
}

static void
take_syn_or_fin (Builder       *b,
                 const Pending *pending)
{
  const HsCapturePacket *p = &b->packets[pending->trigger];
  guint me = 1 - b->dir[pending->trigger];
  const Side *side = &b->side[me];

  if (pending->syn)
    {
      gboolean acks_mine = has_flag (p, HS_TCP_ACK) && side->syn_sent &&
                           hs_seq_geq (p->header.ack, side->iss + 1);

      switch (side->state)
        {
        case HS_STATE_LISTEN:
        case HS_STATE_CLOSED:
          if (pending->answer_has_syn)
            change_state (b, me, HS_STATE_SYN_RECEIVED, side->state == HS_STATE_CLOSED);
          break;
        case HS_STATE_SYN_SENT:
          if (acks_mine && !pending->answer_has_syn)
            change_state (b, me, HS_STATE_ESTABLISHED, FALSE);
          else
            change_state (b, me, HS_STATE_SYN_RECEIVED, FALSE);
          break;
        default:
          break;     /* a SYN again: no new state */
        }
      return;
    }

  switch (side->state)
    {
    case HS_STATE_ESTABLISHED:
    case HS_STATE_SYN_RECEIVED:
      change_state (b, me, HS_STATE_CLOSE_WAIT, FALSE);
      break;
    case HS_STATE_FIN_WAIT_1:
      change_state (b, me, HS_STATE_CLOSING, FALSE);
      break;
    case HS_STATE_FIN_WAIT_2:
      change_state (b, me, HS_STATE_TIME_WAIT, FALSE);
      break;
    case HS_STATE_SYN_SENT:
    case HS_STATE_LISTEN:
    case HS_STATE_CLOSED:
      change_state (b, me, HS_STATE_CLOSE_WAIT, TRUE);
      break;
    default:
      break;
    }
}

/* Whether the receiver of packet @i acknowledges its SYN or FIN (the
 * sequence number before @need), and when it would have got it. FALSE when
 * nobody acknowledges it in the capture, or when a later copy is the one
 * acknowledged. */
static gboolean
find_confirmation (Builder *b,
                   guint    i,
                   guint8   flag,
                   guint32  need,
                   Pending *out)
{
  const HsCapturePacket *p = &b->packets[i];
  guint sender = b->dir[i];
  guint end = (guint) MIN ((guint64) b->n_packets, (guint64) i + CONFIRM_HORIZON);
  guint at = i;

  for (guint k = i + 1; k < end; k++)
    {
      const HsCapturePacket *q = &b->packets[k];

      if (b->dir[k] == sender)
        {
          /* The same SYN or FIN sent again: that copy is the one. */
          if (has_flag (q, flag) && q->header.seq == p->header.seq)
            return FALSE;
          continue;
        }

      if (has_flag (q, HS_TCP_ACK) && hs_seq_geq (q->header.ack, need))
        {
          out->at = at;
          out->trigger = i;
          out->syn = flag == HS_TCP_SYN;
          out->answer_has_syn = has_flag (q, HS_TCP_SYN);
          return TRUE;
        }

      /* Sent before it got there. */
      at = k;
    }

  return FALSE;
}

static void
receiver_states (Builder *b,
                 guint    i)
{
  const HsCapturePacket *p = &b->packets[i];
  guint me = 1 - b->dir[i];
  Side *side = &b->side[me];
  Pending pending;
  HsState before = side->state;
  gboolean syn_path;

  if (has_flag (p, HS_TCP_RST))
    {
      if (side->state != HS_STATE_CLOSED && side->state != HS_STATE_LISTEN)
        change_state (b, me, HS_STATE_CLOSED, FALSE);
      return;
    }

  if (has_flag (p, HS_TCP_SYN) &&
      find_confirmation (b, i, HS_TCP_SYN, p->header.seq + 1, &pending))
    {
      if (pending.at == i)
        receive_syn_or_fin (b, &pending);
      else
        g_array_append_val (b->pending, pending);
    }

  /* A SYN+ACK to a side that had not got the peer's SYN yet: its ACK
   * counts with the SYN (simultaneous open: not before the side's own
   * SYN+ACK). */
  syn_path = has_flag (p, HS_TCP_SYN) &&
             (before == HS_STATE_SYN_SENT || before == HS_STATE_LISTEN || before == HS_STATE_CLOSED);
  receive_ack (b, i, syn_path);

  if (has_flag (p, HS_TCP_FIN) &&
      find_confirmation (b, i, HS_TCP_FIN, seq_end (p), &pending))
    {
      if (pending.at == i)
        receive_syn_or_fin (b, &pending);
      else
        g_array_append_val (b->pending, pending);
    }
}

/* Received SYNs and FINs that count once packet @i is sent. */
static void
pending_states (Builder *b,
                guint    i)
{
  guint kept = 0;

  for (guint k = 0; k < b->pending->len; k++)
    {
      Pending pending = g_array_index (b->pending, Pending, k);

      if (pending.at == i)
        {
          gboolean gap = b->gap;

          b->gap = (b->analysis[pending.trigger] & HS_ANALYSIS_LOST_SEGMENT) != 0;
          receive_syn_or_fin (b, &pending);
          b->gap = gap;
        }
      else
        g_array_index (b->pending, Pending, kept++) = pending;
    }

  g_array_set_size (b->pending, kept);
}

/* ----------------------------------------------------------- reasons -- */

/* The time since the previous copy of the sequence space packet @i
 * repeats, in µs; 0 when none is found. */
static HsTime
since_previous_copy (Builder *b,
                     guint    i)
{
  const HsCapturePacket *p = &b->packets[i];
  guint stop = i > RETRANSMISSION_HORIZON ? i - RETRANSMISSION_HORIZON : 0;

  for (guint k = i; k-- > stop;)
    {
      const HsCapturePacket *q = &b->packets[k];

      if (b->dir[k] != b->dir[i])
        continue;

      if (has_flag (p, HS_TCP_SYN) || (has_flag (p, HS_TCP_FIN) && p->seglen == 0))
        {
          if ((q->header.flags & (HS_TCP_SYN | HS_TCP_FIN)) == (p->header.flags & (HS_TCP_SYN | HS_TCP_FIN)) &&
              q->header.seq == p->header.seq)
            return b->times[i] - b->times[k];
          continue;
        }

      if (q->seglen > 0 && hs_seq_geq (p->header.seq, q->header.seq) &&
          hs_seq_lt (p->header.seq, q->header.seq + q->seglen))
        return b->times[i] - b->times[k];
    }

  return 0;
}

/* Whether the peer sent a SYN again since this side's previous SYN+ACK. */
static gboolean
answers_repeated_syn (Builder *b,
                      guint    i)
{
  for (guint k = i; k-- > 0;)
    {
      const HsCapturePacket *q = &b->packets[k];

      if (b->dir[k] == b->dir[i] && has_flag (q, HS_TCP_SYN))
        return FALSE;
      if (b->dir[k] != b->dir[i] && has_flag (q, HS_TCP_SYN) && !has_flag (q, HS_TCP_ACK))
        return TRUE;
    }

  return FALSE;
}

/* The previous packet from the other side, or NULL. */
static const HsCapturePacket *
previous_from_peer (Builder *b,
                    guint    i,
                    guint   *index)
{
  if (b->peer_before[i] == G_MAXUINT)
    return NULL;

  *index = b->peer_before[i];
  return &b->packets[*index];
}

static HsReason
segment_reason (Builder  *b,
                guint     i,
                guint32   expected_seq,
                guint64  *value)
{
  const HsCapturePacket *p = &b->packets[i];
  guint32 a = b->analysis[i];
  const Side *me = &b->side[b->dir[i]];
  const Side *peer = &b->side[1 - b->dir[i]];
  const HsCapturePacket *prev;
  guint prev_index = 0;

  *value = 0;

  if (has_flag (p, HS_TCP_RST))
    {
      /* A port without a listener answers a SYN. */
      if (!me->syn_sent && peer->syn_sent && has_flag (p, HS_TCP_ACK) &&
          p->header.ack == peer->iss + 1)
        return HS_REASON_SEND_RST_CLOSED;
      return HS_REASON_CAPTURED_RST;
    }

  if (has_flag (p, HS_TCP_SYN) && has_flag (p, HS_TCP_ACK) &&
      (a & HS_ANALYSIS_RETRANSMISSION) && answers_repeated_syn (b, i))
    return HS_REASON_SEND_SYN_ACK_AGAIN;

  if (a & HS_ANALYSIS_FAST_RETRANSMISSION)
    return HS_REASON_CAPTURED_FAST_RETRANSMISSION;
  if (a & HS_ANALYSIS_SPURIOUS_RETRANSMISSION)
    return HS_REASON_CAPTURED_SPURIOUS_RETRANSMISSION;
  if (a & HS_ANALYSIS_RETRANSMISSION)
    {
      *value = (guint64) since_previous_copy (b, i);
      return HS_REASON_CAPTURED_RETRANSMISSION;
    }
  if (a & HS_ANALYSIS_OUT_OF_ORDER)
    return HS_REASON_CAPTURED_OUT_OF_ORDER;
  if (a & HS_ANALYSIS_ZERO_WINDOW_PROBE)
    return HS_REASON_SEND_WINDOW_PROBE;

  if (a & HS_ANALYSIS_KEEP_ALIVE)
    {
      prev = previous_from_peer (b, i, &prev_index);
      if (prev != NULL && prev->header.window == 0 && !has_flag (prev, HS_TCP_RST))
        return HS_REASON_CAPTURED_ZERO_WINDOW_PROBE;
      return HS_REASON_CAPTURED_KEEP_ALIVE;
    }

  if (a & HS_ANALYSIS_LOST_SEGMENT)
    {
      *value = expected_seq;
      return HS_REASON_CAPTURED_LOST_SEGMENT;
    }
  if (a & HS_ANALYSIS_ACK_LOST_SEGMENT)
    return HS_REASON_CAPTURED_ACK_UNSEEN;

  if (a & HS_ANALYSIS_WINDOW_UPDATE)
    return p->header.options.n_sack > 0 ? HS_REASON_CAPTURED_SACK_WINDOW_UPDATE
                                        : HS_REASON_CAPTURED_WINDOW_UPDATE;

  /* The first answer to a probe (Wireshark names it only when the window
   * is open and the probe was a keep-alive). */
  prev = previous_from_peer (b, i, &prev_index);
  if ((a & (HS_ANALYSIS_KEEP_ALIVE_ACK | HS_ANALYSIS_ZERO_WINDOW_PROBE_ACK)) ||
      (p->seglen == 0 && prev != NULL && prev_index == i - 1 &&
       (b->analysis[prev_index] & (HS_ANALYSIS_KEEP_ALIVE | HS_ANALYSIS_ZERO_WINDOW_PROBE))))
    return HS_REASON_CAPTURED_PROBE_ACK;

  if (a & HS_ANALYSIS_ZERO_WINDOW)
    return HS_REASON_CAPTURED_ZERO_WINDOW;
  if (a & HS_ANALYSIS_DUPLICATE_ACK)
    {
      guint dup = 0;

      hs_trace_get_segment_analysis (b->trace, i, &dup);
      *value = dup;
      return HS_REASON_CAPTURED_DUPLICATE_ACK;
    }
  if (a & HS_ANALYSIS_WINDOW_FULL)
    return HS_REASON_CAPTURED_WINDOW_FULL;

  /* What the segment is for, without anything remarkable. */
  if (has_flag (p, HS_TCP_SYN) && !has_flag (p, HS_TCP_ACK))
    return HS_REASON_SEND_SYN;
  if (has_flag (p, HS_TCP_SYN))
    return me->plain_syn_sent ? HS_REASON_SEND_SYN_ACK_SIMULTANEOUS : HS_REASON_SEND_SYN_ACK;
  if (has_flag (p, HS_TCP_FIN))
    return HS_REASON_SEND_FIN;
  if (p->seglen > 0)
    return HS_REASON_SEND_DATA;

  if (has_flag (p, HS_TCP_ACK))
    {
      guint32 ack = p->header.ack;

      if (!me->acked_handshake && peer->syn_sent && ack == peer->iss + 1)
        return HS_REASON_SEND_ACK_HANDSHAKE;
      if (peer->fin_sent && ack == peer->fin_seq + 1 &&
          (!me->has_last_ack || hs_seq_lt (me->last_ack, ack)))
        return HS_REASON_SEND_ACK_FIN;
      if (me->has_last_ack && hs_seq_gt (ack, me->last_ack))
        return HS_REASON_CAPTURED_ACK;
    }

  return HS_REASON_NONE;
}

/* ------------------------------------------------------------ building -- */

static guint32
marks_for (guint32 analysis)
{
  guint32 marks = 0;

  if (analysis & (HS_ANALYSIS_RETRANSMISSION | HS_ANALYSIS_FAST_RETRANSMISSION |
                  HS_ANALYSIS_SPURIOUS_RETRANSMISSION))
    marks |= HS_MARK_RETRANSMISSION;
  if (analysis & HS_ANALYSIS_DUPLICATE_ACK)
    marks |= HS_MARK_DUPLICATE_ACK;
  if (analysis & HS_ANALYSIS_ZERO_WINDOW_PROBE)
    marks |= HS_MARK_WINDOW_PROBE;
  if (analysis & HS_ANALYSIS_WINDOW_UPDATE)
    marks |= HS_MARK_WINDOW_UPDATE;
  if (analysis & HS_ANALYSIS_ZERO_WINDOW)
    marks |= HS_MARK_ZERO_WINDOW;
  if (analysis & HS_ANALYSIS_KEEP_ALIVE)
    marks |= HS_MARK_KEEPALIVE;

  return marks;
}

/* The client: who sent the first SYN, else who got the first SYN+ACK,
 * else who sent the first packet. Returns the index of a packet it sent. */
static guint
find_client_packet (const HsCapturePacket *packets,
                    guint                  n_packets)
{
  for (guint i = 0; i < n_packets; i++)
    {
      if ((packets[i].header.flags & (HS_TCP_SYN | HS_TCP_ACK)) == HS_TCP_SYN)
        return i;
    }

  for (guint i = 0; i < n_packets; i++)
    {
      if ((packets[i].header.flags & (HS_TCP_SYN | HS_TCP_ACK)) == (HS_TCP_SYN | HS_TCP_ACK))
        {
          /* The first packet the other way. */
          for (guint k = 0; k < n_packets; k++)
            {
              if (memcmp (packets[k].src, packets[i].dst, 16) == 0 &&
                  packets[k].header.src_port == packets[i].header.dst_port)
                return k;
            }
          return G_MAXUINT;   /* only the server's side was captured */
        }
    }

  return 0;
}

static char *
format_iso_time (gint64 time_ns)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (time_ns / G_GINT64_CONSTANT (1000000000));
  g_autoptr(GDateTime) exact = NULL;

  if (utc == NULL)
    return g_strdup ("");

  exact = g_date_time_add (utc, (time_ns % G_GINT64_CONSTANT (1000000000)) / 1000);
  if (exact == NULL)
    return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");

  return g_date_time_format (exact, "%Y-%m-%dT%H:%M:%S.%fZ");
}

HsTrace *
hs_capture_build_trace (const HsCapturePacket *packets,
                        guint                  n_packets,
                        const guint32         *extra_flags,
                        gint64                 capture_start_ns)
{
  Builder b = { 0 };
  HsTcpAnalyzer analyzer;
  g_autofree guint *dup_nums = NULL;
  g_autofree guint32 *windows = NULL;
  g_autofree guint32 *expected = NULL;
  g_autofree char *client_address = NULL;
  g_autofree char *server_address = NULL;
  g_autofree char *client_text = NULL;
  g_autofree char *server_text = NULL;
  g_autofree char *title = NULL;
  g_autofree char *when = NULL;
  HsState client_state, server_state;
  guint8 client_addr[16];
  guint16 client_port;
  guint client_packet;
  gint64 first_ns;
  gboolean has_base[2] = { FALSE, FALSE };
  guint32 base[2] = { 0, 0 };

  g_return_val_if_fail (packets != NULL && n_packets > 0, NULL);

  b.trace = hs_trace_new ();
  b.packets = packets;
  b.n_packets = n_packets;
  b.dir = g_new (guint, n_packets);
  b.analysis = g_new0 (guint32, n_packets);
  b.times = g_new (HsTime, n_packets);
  b.peer_before = g_new (guint, n_packets);
  b.changes = g_array_new (FALSE, FALSE, sizeof (Change));
  b.pending = g_array_new (FALSE, FALSE, sizeof (Pending));
  b.step_cause = HS_TRACE_NONE;
  dup_nums = g_new0 (guint, n_packets);
  windows = g_new0 (guint32, n_packets);
  expected = g_new0 (guint32, n_packets);

  /* Who is who. */
  client_packet = find_client_packet (packets, n_packets);
  if (client_packet == G_MAXUINT)
    {
      /* Only SYN+ACKs and what followed them from the server: the client
       * is the address they go to. */
      memcpy (client_addr, packets[0].dst, 16);
      client_port = packets[0].header.dst_port;
      for (guint i = 0; i < n_packets; i++)
        {
          if ((packets[i].header.flags & (HS_TCP_SYN | HS_TCP_ACK)) == (HS_TCP_SYN | HS_TCP_ACK))
            {
              memcpy (client_addr, packets[i].dst, 16);
              client_port = packets[i].header.dst_port;
              break;
            }
        }
    }
  else
    {
      memcpy (client_addr, packets[client_packet].src, 16);
      client_port = packets[client_packet].header.src_port;
    }

  first_ns = packets[0].time_ns;
  for (guint i = 0, last[2] = { G_MAXUINT, G_MAXUINT }; i < n_packets; i++)
    {
      b.dir[i] = (memcmp (packets[i].src, client_addr, 16) == 0 &&
                  packets[i].header.src_port == client_port) ? 0 : 1;
      b.times[i] = MAX (0, (packets[i].time_ns - first_ns) / 1000);
      b.peer_before[i] = last[1 - b.dir[i]];
      last[b.dir[i]] = i;
    }

  /* Wireshark's analysis, in capture order. */
  hs_tcp_analyzer_init (&analyzer);
  for (guint i = 0; i < n_packets; i++)
    {
      guint32 nextseq = analyzer.flow[b.dir[i]].nextseq;

      /* A trace has one base per side: the first (a SYN+ACK that starts
       * again on the same ports changes Wireshark's for what follows). */
      for (guint d = 0; d < 2; d++)
        {
          if (analyzer.flow[d].base_set && !has_base[d])
            {
              has_base[d] = TRUE;
              base[d] = analyzer.flow[d].base_seq;
            }
        }

      b.analysis[i] = hs_tcp_analyzer_add (&analyzer, b.dir[i], &packets[i],
                                           extra_flags != NULL ? extra_flags[i] : 0,
                                           &dup_nums[i], &windows[i]);
      /* Where the capture expected this side to go on, for "previous
       * segment not captured". */
      expected[i] = nextseq - analyzer.flow[b.dir[i]].base_seq;
    }

  /* The lanes. */
  {
    const HsCapturePacket *any_client = NULL, *any_server = NULL;

    for (guint i = 0; i < n_packets && (any_client == NULL || any_server == NULL); i++)
      {
        if (b.dir[i] == 0 && any_client == NULL)
          any_client = &packets[i];
        if (b.dir[i] == 1 && any_server == NULL)
          any_server = &packets[i];
      }

    if (any_client != NULL)
      {
        client_address = hs_capture_format_address (any_client->family, any_client->src);
        server_address = hs_capture_format_address (any_client->family, any_client->dst);
      }
    else
      {
        client_address = hs_capture_format_address (any_server->family, any_server->dst);
        server_address = hs_capture_format_address (any_server->family, any_server->src);
      }
  }

  initial_states (&b, &client_state, &server_state);
  hs_trace_add_endpoint (b.trace, "client", client_address, client_port, client_state);
  hs_trace_add_endpoint (b.trace, "server", server_address,
                         b.dir[0] == 0 ? packets[0].header.dst_port : packets[0].header.src_port,
                         server_state);
  b.side[0].state = client_state;
  b.side[1].state = server_state;

  /* The segments and the states, in capture order. */
  for (guint i = 0; i < n_packets; i++)
    {
      const HsCapturePacket *p = &packets[i];
      HsTraceSegment segment = { 0 };
      HsTraceStep step = { 0 };
      guint index;
      guint64 value = 0;
      Side *me = &b.side[b.dir[i]];

      /* A receiver cannot take a FIN beyond a hole. */
      b.gap = (b.analysis[i] & HS_ANALYSIS_LOST_SEGMENT) != 0;

      b.step_cause = HS_TRACE_NONE;
      sender_states (&b, i);
      flush_changes (&b, b.times[i]);

      segment.from = (guint8) b.dir[i];
      segment.to = (guint8) (1 - b.dir[i]);
      segment.fate = HS_FATE_CAPTURED;
      segment.marks = (guint8) marks_for (b.analysis[i]);
      segment.len = p->seglen;
      segment.window = windows[i];
      segment.sent = b.times[i];
      segment.arrived = HS_TIME_NONE;
      segment.sent_step = HS_TRACE_NONE;
      segment.end_step = HS_TRACE_NONE;
      segment.header = p->header;
      index = hs_trace_add_segment (b.trace, &segment);
      hs_trace_set_segment_analysis (b.trace, index, b.analysis[i], dup_nums[i]);

      step.time = add_time (&b, b.times[i]);
      step.kind = HS_STEP_SEGMENT_SENT;
      step.endpoint = (guint8) b.dir[i];
      step.reason = (guint16) segment_reason (&b, i, expected[i], &value);
      step.segment = index;
      step.cause = HS_TRACE_NONE;
      step.value = value;
      b.step_cause = hs_trace_add_step (b.trace, &step);
      hs_trace_peek_segment (b.trace, index)->sent_step = b.step_cause;

      /* What the sender's segments say for the next ones' reasons. */
      if (has_flag (p, HS_TCP_ACK))
        {
          if (!has_flag (p, HS_TCP_SYN))
            me->acked_handshake = TRUE;
          me->has_last_ack = TRUE;
          me->last_ack = p->header.ack;
        }

      if (!me->has_end || hs_seq_gt (seq_end (p), me->seq_end))
        {
          me->has_end = TRUE;
          me->seq_end = seq_end (p);
        }

      /* Its own earlier SYN or FIN receipts, then the receiver's. */
      pending_states (&b, i);
      flush_changes (&b, b.times[i]);
      receiver_states (&b, i);
      flush_changes (&b, b.times[i]);
    }

  /* Relative numbers exactly as Wireshark counts them. */
  for (guint d = 0; d < 2; d++)
    {
      if (analyzer.flow[d].base_set && !has_base[d])
        {
          has_base[d] = TRUE;
          base[d] = analyzer.flow[d].base_seq;
        }
      if (has_base[d])
        hs_trace_set_endpoint_rel_base (b.trace, d, base[d]);
    }

  client_text = hs_capture_format_endpoint (client_address, client_port);
  server_text = hs_capture_format_endpoint (server_address, hs_trace_get_endpoint (b.trace, 1)->port);
  /* Translators: the title of a connection read from a capture file */
  title = g_strdup_printf (_("Captured connection %s → %s"), client_text, server_text);
  hs_trace_set_title (b.trace, title);
  hs_trace_set_parameter (b.trace, "source", "capture");
  when = format_iso_time (first_ns);
  hs_trace_set_parameter (b.trace, "capture-time", when);
  {
    g_autofree char *offset = g_strdup_printf ("%" G_GINT64_FORMAT, (first_ns - capture_start_ns) / 1000);

    /* Where the connection starts in the file, for its place on a time line. */
    hs_trace_set_parameter (b.trace, "capture-offset-us", offset);
  }

  hs_tcp_analyzer_clear (&analyzer);
  g_free (b.dir);
  g_free (b.analysis);
  g_free (b.times);
  g_free (b.peer_before);
  g_array_unref (b.changes);
  g_array_unref (b.pending);

  return b.trace;
}
