/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-endpoint-rack.c: RACK's time-based loss detection (RFC 8985 section 6)
 * as Linux's tcp_recovery.c runs it in the linux profile with SACK: a
 * segment is lost once a segment sent after it has been delivered and a
 * round trip plus the reordering window has passed since it was sent; the
 * reordering timer waits for the earliest segment not yet due. */

#define G_LOG_DOMAIN "hs-endpoint"

#include "config.h"

#include "hs-endpoint-private.h"

enum
{
  RACK_SEG_SACKED  = 1 << 0,   /* the peer SACKed all of it */
  RACK_SEG_RETRANS = 1 << 1,   /* its last sending was a retransmission */
  RACK_SEG_LOST    = 1 << 2,   /* RACK marked it lost; cleared when it goes again */
  RACK_SEG_RELOST  = 1 << 3,   /* retransmitted in this recovery and lost again: to resend */
};

/* Linux arms its timers in jiffies: the reordering timer waits the time
 * left, rounded up to whole jiffies, and TCP_TIMEOUT_MIN (2 jiffies) more
 * (tcp_rack_mark_lost). Debian's kernels tick at HZ = 250, and so do the
 * packetdrill scripts' expectations (fr-4pkt-fack-last-mss: 40 ms after a
 * SACK that leaves 25 ms to wait). */
#define LINUX_JIFFY         (4 * HS_USEC_PER_MSEC)
#define LINUX_REORDERING    3   /* Linux tp->reordering: the duplicate-ACK threshold */

static inline HsRackSegment *
segment_at (HsEndpoint *self,
            guint       i)
{
  return &g_array_index (self->rack_segs, HsRackSegment, i);
}

/* The first live segment whose end lies above @seq. */
static guint
find_segment (HsEndpoint *self,
              guint32     seq)
{
  guint lo = self->rack_head, hi = self->rack_segs->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (hs_seq_leq (segment_at (self, mid)->end, seq))
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* A data segment has gone out: new data joins the log, a retransmission
 * gives the segments it covers a new sending time. */
void
_hs_endpoint_rack_sent (HsEndpoint *self,
                        guint32     seq,
                        guint32     len,
                        gboolean    retransmission)
{
  HsTime now = _hs_endpoint_now (self);
  guint32 end = seq + len;
  guint32 tail, order;

  if (!_hs_endpoint_logs_send_times (self) || len == 0)
    return;
  order = ++self->rack_n_sent;
  if (self->rack_segs == NULL)
    self->rack_segs = g_array_new (FALSE, FALSE, sizeof (HsRackSegment));

  tail = self->rack_segs->len > self->rack_head
         ? segment_at (self, self->rack_segs->len - 1)->end : seq;
  /* new data, the usual case: nothing sent before to find */
  if (hs_seq_geq (seq, tail))
    {
      HsRackSegment s = { seq, end, now, retransmission ? RACK_SEG_RETRANS : 0, order };

      g_array_append_val (self->rack_segs, s);
      return;
    }
  for (guint i = find_segment (self, seq); i < self->rack_segs->len; i++)
    {
      HsRackSegment *s = segment_at (self, i);

      if (hs_seq_geq (s->seq, end))
        break;
      if (s->flags & RACK_SEG_RELOST)
        self->rack_relost_bytes -= s->end - s->seq;
      s->xmit = now;
      s->order = order;
      s->flags = RACK_SEG_RETRANS | (s->flags & RACK_SEG_SACKED);
    }
  if (hs_seq_gt (end, tail))
    {
      HsRackSegment s = { hs_seq_max (seq, tail), end, now, retransmission ? RACK_SEG_RETRANS : 0, order };

      g_array_append_val (self->rack_segs, s);
    }
}

/* tcp_rack_advance: @s was delivered. A retransmission whose ACK came
 * sooner than any round trip measured answers the original, not the
 * copy; it says nothing of when the copy went. */
static void
advance (HsEndpoint    *self,
         HsRackSegment *s,
         HsTime         now)
{
  HsTime rtt = now - s->xmit;

  if ((s->flags & RACK_SEG_RETRANS) && self->min_rtt > 0 && rtt < self->min_rtt)
    return;
  if (!(s->flags & RACK_SEG_RETRANS) && (self->min_rtt == 0 || rtt < self->min_rtt))
    self->min_rtt = rtt;
  if (!self->rack_valid || s->order > self->rack_order)
    {
      self->rack_valid = TRUE;
      self->rack_xmit = s->xmit;
      self->rack_end_seq = s->end;
      self->rack_order = s->order;
      self->rack_rtt = rtt;
    }
}

/* What the ACK @seg reports delivered, before the scoreboard takes it in:
 * segments it acknowledges or SACKs whole advance RACK; one delivered
 * below what was SACKed before, and never retransmitted, arrived out of
 * order (tcp_check_sack_reordering). */
void
_hs_endpoint_rack_update (HsEndpoint        *self,
                          const HsTcpHeader *seg)
{
  HsTime now;
  guint n;
  guint32 fack;
  guint32 ack = self->snd_una;
  HsRackSegment *last_once = NULL;
  guint32 newest = 0;
  gboolean rtx_acked = FALSE;   /* FLAG_RETRANS_DATA_ACKED: no RTT from the cumulative ACK */

  /* the side that only receives has nothing in the log */
  self->ack_rtt = -1;
  if (self->rack_segs == NULL || self->rack_head == self->rack_segs->len)
    return;
  now = _hs_endpoint_now (self);
  n = hs_seq_ranges_get_n (self->sacked);
  fack = n > 0 ? hs_seq_ranges_get (self->sacked, n - 1)->end : self->snd_una;
  if (hs_seq_lt (self->snd_una, seg->ack) && hs_seq_leq (seg->ack, self->snd_max))
    ack = seg->ack;

  if (seg->options.present & HS_TCP_OPT_SACK)
    for (guint b = 0; b < seg->options.n_sack; b++)
      {
        guint32 left = seg->options.sack[b].left;
        guint32 right = seg->options.sack[b].right;

        if (!hs_seq_lt (left, right) || hs_seq_leq (right, ack))
          continue;
        for (guint i = find_segment (self, left); i < self->rack_segs->len; i++)
          {
            HsRackSegment *s = segment_at (self, i);

            if (hs_seq_gt (s->end, right))
              break;
            if (hs_seq_lt (s->seq, left) || (s->flags & RACK_SEG_SACKED))
              continue;
            if (s->flags & RACK_SEG_RELOST)
              self->rack_relost_bytes -= s->end - s->seq;
            s->flags = (s->flags & ~RACK_SEG_RELOST) | RACK_SEG_SACKED;
            if (!(s->flags & RACK_SEG_RETRANS) && hs_seq_lt (s->end, fack))
              self->reord_seen = TRUE;
            if (!(s->flags & RACK_SEG_RETRANS) && s->order > newest)
              {
                newest = s->order;
                self->ack_rtt = now - s->xmit;
              }
            advance (self, s, now);
          }
      }

  /* Of a run of segments sent once, only the last counts: it went last,
   * so it has the smallest RTT and the latest sending time, and advancing
   * by each in turn would end where advancing by it alone does. That
   * saves the work per segment on every cumulative ACK of a bulk
   * transfer; a retransmission in the run is taken in its turn. */
  while (self->rack_head < self->rack_segs->len && hs_seq_leq (segment_at (self, self->rack_head)->end, ack))
    {
      HsRackSegment *s = segment_at (self, self->rack_head++);

      if (s->flags & RACK_SEG_RELOST)
        self->rack_relost_bytes -= s->end - s->seq;
      if (s->flags & RACK_SEG_SACKED)
        continue;
      if (s->flags & RACK_SEG_RETRANS)
        {
          rtx_acked = TRUE;
          if (last_once != NULL)
            advance (self, last_once, now);
          last_once = NULL;
          advance (self, s, now);
          continue;
        }
      if (hs_seq_lt (s->end, fack))
        self->reord_seen = TRUE;
      last_once = s;
    }
  if (last_once != NULL)
    {
      /* Linux's ca_rtt_us: the newest segment among those delivered,
       * SACKed ones first, none when a retransmission is acknowledged
       * (tcp_clean_rtx_queue) */
      if (newest == 0 && !rtx_acked)
        self->ack_rtt = now - last_once->xmit;
      advance (self, last_once, now);
    }
  /* a segment cut by the ACK keeps its place, from the ACK on */
  if (self->rack_head < self->rack_segs->len && hs_seq_lt (segment_at (self, self->rack_head)->seq, ack))
    {
      HsRackSegment *s = segment_at (self, self->rack_head);

      if (s->flags & RACK_SEG_RELOST)
        self->rack_relost_bytes -= ack - s->seq;
      s->seq = ack;
    }
  if (self->rack_head == self->rack_segs->len)
    {
      g_array_set_size (self->rack_segs, 0);
      self->rack_head = 0;
    }
  else if (self->rack_head > 64 && self->rack_head > self->rack_segs->len / 2)
    {
      g_array_remove_range (self->rack_segs, 0, self->rack_head);
      self->rack_head = 0;
    }
}

/* tcp_rack_reo_wnd: until reordering has been seen, none in recovery or
 * once as many segments are SACKed as the duplicate-ACK threshold; else a
 * quarter of the smallest round trip, at most SRTT. */
static HsTime
reordering_window (HsEndpoint *self)
{
  if (!self->reord_seen)
    {
      if (self->in_recovery || self->in_loss)
        return 0;
      if (hs_seq_ranges_bytes (self->sacked) > (LINUX_REORDERING - 1) * _hs_endpoint_send_mss (self))
        return 0;
    }
  return MIN (self->min_rtt / 4, self->srtt);
}

/* tcp_rack_detect_loss and tcp_rack_mark_lost, outside recovery: marks
 * lost every segment sent before the most recently sent delivered one,
 * not itself delivered, whose RACK.rtt + reordering window has passed;
 * arms the reordering timer for those still inside it (the latest of
 * their deadlines, as Linux does: one expiry settles them all), or stops
 * it. Returns whether a segment was newly marked lost. */
gboolean
_hs_endpoint_rack_detect_loss (HsEndpoint *self)
{
  HsTime now;
  HsTime wait = 0, reo_wnd;
  gboolean lost = FALSE;

  self->rack_lost = FALSE;
  if (!_hs_endpoint_rack_enabled (self) || self->rack_segs == NULL || !self->rack_valid ||
      self->in_recovery || self->in_loss)
    {
      _hs_endpoint_set_timer (self, HS_TIMER_REORDER, HS_TIME_NONE);
      return FALSE;
    }

  /* the usual ACK of a bulk transfer: the oldest segment out went after
   * the one just delivered, so nothing can be due and no timer runs */
  if (self->rack_head == self->rack_segs->len ||
      (segment_at (self, self->rack_head)->order >= self->rack_order &&
       !(segment_at (self, self->rack_head)->flags & RACK_SEG_RETRANS)))
    {
      _hs_endpoint_set_timer (self, HS_TIMER_REORDER, HS_TIME_NONE);
      return FALSE;
    }

  now = _hs_endpoint_now (self);
  reo_wnd = reordering_window (self);
  for (guint i = self->rack_head; i < self->rack_segs->len; i++)
    {
      HsRackSegment *s = segment_at (self, i);
      HsTime remaining;

      /* only segments sent before RACK's */
      if (s->order >= self->rack_order)
        {
          /* new data goes out in sequence order: none after this one was sent earlier */
          if (!(s->flags & RACK_SEG_RETRANS))
            break;
          continue;
        }
      if (s->flags & (RACK_SEG_SACKED | RACK_SEG_LOST))
        continue;
      remaining = self->rack_rtt + reo_wnd - (now - s->xmit);
      if (remaining <= 0)
        {
          s->flags |= RACK_SEG_LOST;
          lost = TRUE;
        }
      else
        wait = MAX (wait, remaining);
    }

  if (wait > 0)
    {
      HsTime jiffies = (wait + LINUX_JIFFY - 1) / LINUX_JIFFY + 2;

      _hs_endpoint_set_timer (self, HS_TIMER_REORDER, now + jiffies * LINUX_JIFFY);
      _hs_endpoint_rack_take_timer_slot (self);
    }
  else
    _hs_endpoint_set_timer (self, HS_TIMER_REORDER, HS_TIME_NONE);
  self->rack_lost = lost;
  return lost;
}

/* Linux has one timer slot for the RTO, the loss probe and the reordering
 * timer: while the reordering timer runs there is no probe (tcp_ack does
 * not re-arm it when RACK has set its timer). The RTO keeps its deadline. */
void
_hs_endpoint_rack_take_timer_slot (HsEndpoint *self)
{
  if (!_hs_endpoint_timer_armed (self, HS_TIMER_REORDER) || !_hs_endpoint_timer_armed (self, HS_TIMER_LOSS_PROBE))
    return;
  _hs_endpoint_set_timer (self, HS_TIMER_LOSS_PROBE, HS_TIME_NONE);
  _hs_endpoint_set_timer (self, HS_TIMER_RETRANSMISSION,
                          MAX (self->rtx_armed_at + self->rto, _hs_endpoint_now (self)));
}

/* After a timeout the scoreboard starts over, and so do RACK's marks. */
void
_hs_endpoint_rack_forget_sacks (HsEndpoint *self)
{
  if (self->rack_segs == NULL)
    return;
  for (guint i = self->rack_head; i < self->rack_segs->len; i++)
    segment_at (self, i)->flags &= ~(RACK_SEG_SACKED | RACK_SEG_LOST | RACK_SEG_RELOST);
  self->rack_relost_bytes = 0;
  _hs_endpoint_set_timer (self, HS_TIMER_REORDER, HS_TIME_NONE);
}

/* A new recovery starts with no retransmission lost again. */
void
_hs_endpoint_rack_begin_recovery (HsEndpoint *self)
{
  if (self->rack_segs == NULL || self->rack_relost_bytes == 0)
    return;
  for (guint i = self->rack_head; i < self->rack_segs->len; i++)
    segment_at (self, i)->flags &= ~RACK_SEG_RELOST;
  self->rack_relost_bytes = 0;
}

/* RACK in recovery and after a timeout (tcp_rack_detect_loss from
 * tcp_fastretrans_alert in TCP_CA_Recovery and TCP_CA_Loss): a
 * retransmission is lost again, like any segment,
 * once a segment sent after it has been delivered and RACK.rtt plus the
 * reordering window has passed since it went. Without reordering seen
 * the window is 0 in recovery, and then every retransmission sent before
 * the delivered one is due at once: no timer is needed. Only what this
 * recovery retransmitted, below @high_rxt, is looked at: the holes above
 * it are lost by the scoreboard already (after a timeout, below SND.NXT:
 * the go-back-N resends everything up to there). Returns whether one was
 * marked. */
gboolean
_hs_endpoint_rack_detect_relost (HsEndpoint *self,
                                 guint32     high_rxt)
{
  HsTime now = _hs_endpoint_now (self);
  HsTime reo_wnd;
  gboolean lost = FALSE;

  if (!_hs_endpoint_rack_enabled (self) || self->rack_segs == NULL || !self->rack_valid ||
      !(self->in_recovery || self->in_loss))
    return FALSE;

  reo_wnd = reordering_window (self);
  for (guint i = self->rack_head; i < self->rack_segs->len; i++)
    {
      HsRackSegment *s = segment_at (self, i);

      if (hs_seq_geq (s->seq, high_rxt))
        break;
      if ((s->flags & (RACK_SEG_SACKED | RACK_SEG_RELOST)) || !(s->flags & RACK_SEG_RETRANS))
        continue;
      /* sent after RACK's segment: segments sent in the same instant
       * count in the order they went (Linux's clock would tell them apart;
       * ordering them by sequence would take a retransmission sent after
       * new data for one sent before it) */
      if (s->order >= self->rack_order)
        continue;
      if (self->rack_rtt + reo_wnd - (now - s->xmit) <= 0)
        {
          s->flags |= RACK_SEG_RELOST;
          self->rack_relost_bytes += s->end - s->seq;
          lost = TRUE;
        }
    }
  return lost;
}

/* The first retransmission lost again, to be sent before any hole. */
gboolean
_hs_endpoint_rack_next_relost (HsEndpoint *self,
                               guint32    *start,
                               guint32    *end)
{
  if (self->rack_segs == NULL || self->rack_relost_bytes == 0)
    return FALSE;
  for (guint i = self->rack_head; i < self->rack_segs->len; i++)
    {
      HsRackSegment *s = segment_at (self, i);

      if (s->flags & RACK_SEG_RELOST)
        {
          *start = s->seq;
          *end = s->end;
          return TRUE;
        }
    }
  return FALSE;
}

/* tcp_rack_reo_timeout: the reordering window of a segment has passed.
 * Marked lost, it starts recovery (PRR counts the expiry as one segment
 * delivered, as Linux's tcp_cwnd_reduction (sk, 1, 0, 0) does). */
void
_hs_endpoint_rack_timeout (HsEndpoint *self)
{
  if (!hs_state_is_synchronized (self->state) || self->snd_una == self->snd_max)
    return;
  if (_hs_endpoint_rack_detect_loss (self) && !self->in_recovery && hs_seq_gt (self->snd_una, self->recover))
    _hs_endpoint_enter_recovery (self, _hs_endpoint_send_mss (self), self->snd_max - self->snd_una,
                                 HS_REASON_RETRANSMIT_RACK);
}
