/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-endpoint-recovery.c: what an arriving ACK does on the sending side
 * (the fifth check of RFC 9293 section 3.10.7.4) and congestion control:
 * slow start and congestion avoidance (RFC 5681), duplicate ACKs, fast
 * retransmit and NewReno fast recovery (RFC 6582), limited transmit (RFC
 * 3042), the SACK scoreboard and loss recovery with it (RFC 6675, or with
 * proportional rate reduction, RFC 6937, as Linux paces it), restart after
 * idle and Linux's cwnd validation. */

#define G_LOG_DOMAIN "hs-endpoint"

#include "config.h"

#include "hs-endpoint-private.h"

/* IW, in bytes: the profile's number of segments, or RFC 5681's formula. */
static guint32
initial_window (HsEndpoint *self)
{
  guint32 mss = _hs_endpoint_send_mss (self);

  /* before the handshake the peer's MSS is unknown: count our own */
  if (!hs_state_is_synchronized (self->state))
    mss = self->config->mss - (self->config->timestamps ? TS_OPTION_LEN : 0);

  if (self->profile->initial_window > 0)
    return self->profile->initial_window * mss;
  /* RFC 5681 section 3.1, equation (1) */
  return MIN (4 * mss, MAX (2 * mss, 4380));
}

void
_hs_endpoint_init_congestion_window (HsEndpoint *self)
{
  self->cwnd = initial_window (self);
  self->ssthresh = self->config->initial_ssthresh > 0 ? self->config->initial_ssthresh : G_MAXUINT32;
  hs_cubic_reset (&self->cubic);
}

/* Linux tcp_init_undo with tcp_current_ssthresh: before cwnd and ssthresh
 * are cut for a loss, what to go back to should it prove spurious. */
void
_hs_endpoint_init_undo (HsEndpoint *self)
{
  if (!self->profile->undo)
    return;
  self->undo_valid = TRUE;
  self->undo_marker = self->snd_una;
  self->undo_retrans = -1;
  self->retrans_stamp_valid = FALSE;
  self->undo_cwnd = self->cwnd;
  self->undo_ssthresh = MAX (self->ssthresh, self->cwnd / 2 + self->cwnd / 4);
}

/* A D-SACK (RFC 2883) for data at or above the undo marker: the copy we
 * retransmitted was not needed (tcp_sacktag_one with dup_sack). */
static void
check_dsack (HsEndpoint        *self,
             const HsTcpHeader *seg)
{
  guint32 left, right;

  if (!self->undo_valid || self->undo_retrans <= 0 || !self->sack_ok ||
      !(seg->options.present & HS_TCP_OPT_SACK) || seg->options.n_sack == 0)
    return;
  left = seg->options.sack[0].left;
  right = seg->options.sack[0].right;
  if (!hs_seq_lt (left, right))
    return;
  if (!(hs_seq_leq (right, seg->ack) ||
        (seg->options.n_sack > 1 && hs_seq_geq (left, seg->options.sack[1].left) &&
         hs_seq_leq (right, seg->options.sack[1].right))))
    return;
  if (hs_seq_geq (left, self->undo_marker))
    {
      guint32 mss = _hs_endpoint_send_mss (self);
      gint segs = (gint) ((right - left + mss - 1) / mss);

      self->undo_retrans = MAX (self->undo_retrans - segs, 0);
    }
}

/* Linux tcp_may_undo: every retransmission was D-SACKed, or the ACK echoes
 * a timestamp older than the first retransmission, so it answers the
 * original (tcp_packet_delayed, the Eifel detection of RFC 3522). */
static gboolean
may_undo (HsEndpoint        *self,
          const HsTcpHeader *seg)
{
  if (!self->undo_valid || self->undo_retrans < 0)
    return FALSE;
  if (self->undo_retrans == 0)
    return TRUE;
  return self->ts_ok && self->retrans_stamp_valid && (seg->options.present & HS_TCP_OPT_TIMESTAMP) &&
         (gint32) (seg->options.ts_ecr - self->retrans_stamp) < 0;
}

/* tcp_undo_cwnd_reduction: the loss was not real; cwnd and ssthresh go
 * back to what they were, and recovery or loss state ends. */
static void
undo_reduction (HsEndpoint *self)
{
  self->cwnd = MAX (self->cwnd, self->undo_cwnd);
  if (self->undo_ssthresh > self->ssthresh)
    self->ssthresh = self->undo_ssthresh;
  if (self->in_loss)
    /* the go-back-N that the timeout began has nothing left to resend */
    self->snd_nxt = self->snd_max;
  self->in_recovery = FALSE;
  self->in_loss = FALSE;
  self->undo_valid = FALSE;
  self->undone = TRUE;
}

/* The slow-start threshold after a loss, in bytes: RFC 5681's half the
 * data in flight (equation 4), or CUBIC's 0.7 × cwnd (RFC 9438 section 4.6,
 * with fast convergence), at least two segments either way. */
guint32
_hs_endpoint_loss_ssthresh (HsEndpoint *self,
                            guint32     flight)
{
  guint32 mss = _hs_endpoint_send_mss (self);

  if (self->cc == HS_CONGESTION_CUBIC)
    {
      self->cubic.cwnd_cnt = 0;
      return hs_cubic_ssthresh (&self->cubic, MAX (self->cwnd / mss, 1)) * mss;
    }
  return MAX (flight / 2, 2 * mss);
}

/* Congestion avoidance on an ACK for @acked new bytes. */
static void
congestion_avoidance (HsEndpoint *self,
                      guint32     acked)
{
  guint32 mss = _hs_endpoint_send_mss (self);

  if (self->cc == HS_CONGESTION_CUBIC)
    {
      /* CUBIC counts whole segments, as Linux counts packets */
      guint32 segs = self->cwnd / mss;
      guint32 grown = hs_cubic_avoid (&self->cubic, MAX (segs, 1), (acked + mss - 1) / mss,
                                      _hs_endpoint_now (self));

      if (grown > segs)
        self->cwnd += (grown - segs) * mss;
      return;
    }
  /* RFC 5681 equation (3) */
  self->cwnd += MAX (1, (guint64) mss * mss / self->cwnd);
}

/* The first hole at or after @from below the highest SACKed byte: data the
 * scoreboard says is lost (RFC 6675 NextSeg, rule 1). */
static gboolean
next_hole (HsEndpoint *self,
           guint32     from,
           guint32    *start,
           guint32    *end)
{
  return hs_seq_ranges_first_hole (self->sacked, hs_seq_max (from, self->snd_una), start, end);
}

/* RFC 6675 "pipe": what is still in the network. SACKed data has left it;
 * holes not yet retransmitted are presumed lost. */
guint32
_hs_endpoint_pipe_size (HsEndpoint *self)
{
  guint32 outstanding = self->snd_nxt - self->snd_una;
  guint32 lost = 0;
  guint32 start, end;
  guint32 from = self->high_rxt;

  while (next_hole (self, from, &start, &end))
    {
      lost += end - start;
      from = end;
    }
  outstanding -= MIN (outstanding, hs_seq_ranges_bytes (self->sacked));
  /* retransmissions RACK found lost again have left the network too */
  lost += self->rack_relost_bytes;
  return outstanding - MIN (outstanding, lost);
}

/* Linux's tcp_cwnd_validate(), after sending: remember whether this window
 * of data was limited by cwnd, or else the most it had in flight. */
void
_hs_endpoint_cwnd_validate (HsEndpoint *self,
                            gboolean    limited)
{
  guint32 out = self->snd_max - self->snd_una;

  if (hs_seq_geq (self->snd_una, self->cwnd_usage_seq) || limited ||
      (!self->cwnd_limited && out > self->max_flight))
    {
      self->cwnd_limited = limited;
      self->max_flight = out;
      self->cwnd_usage_seq = self->snd_max;
    }
}

/* Linux's tcp_is_cwnd_limited(): growing cwnd only makes sense while it is
 * used. In slow start it is enough that more than half of it was in flight
 * (cwnd may reach twice what was really used). The rfc profile always
 * grows it. */
static gboolean
cwnd_in_use (HsEndpoint *self)
{
  if (!self->profile->cwnd_validation || self->cwnd_limited)
    return TRUE;
  if (self->cwnd < self->ssthresh)
    return self->cwnd < 2 * (guint64) self->max_flight;
  return FALSE;
}

/* RFC 5681 section 4.1: after sending nothing for longer than an RTO, the
 * ACK clock has stopped and cwnd may no longer fit the network. */
void
_hs_endpoint_restart_after_idle (HsEndpoint *self,
                                 HsTime      idle)
{
  guint32 restart = MIN (initial_window (self), self->cwnd);
  guint32 cwnd = self->cwnd;

  if (self->profile->idle_restart_decays)
    {
      /* tcp_cwnd_restart(): halve for each RTO of silence, down to the
       * restart window; ssthresh remembers ¾ of the old cwnd */
      self->ssthresh = MAX (self->ssthresh, cwnd / 2 + cwnd / 4);
      for (HsTime left = idle - self->rto; left > 0 && cwnd > restart; left -= self->rto)
        cwnd /= 2;
      cwnd = MAX (cwnd, restart);
    }
  else
    cwnd = restart;   /* RW = min(IW, cwnd) */

  if (cwnd < self->cwnd)
    {
      self->cwnd = cwnd;
      self->restarted_idle = TRUE;
    }
}

static void
update_scoreboard (HsEndpoint        *self,
                   const HsTcpHeader *seg)
{
  if (self->sack_ok && (seg->options.present & HS_TCP_OPT_SACK))
    for (guint i = 0; i < seg->options.n_sack; i++)
      {
        guint32 left = seg->options.sack[i].left;
        guint32 right = seg->options.sack[i].right;

        if (hs_seq_lt (left, right) && hs_seq_gt (right, self->snd_una) && hs_seq_leq (right, self->snd_max))
          hs_seq_ranges_insert (self->sacked, hs_seq_max (left, self->snd_una), right);
      }

  /* forget what the cumulative ACK covers */
  hs_seq_ranges_remove_below (self->sacked, self->snd_una);
}

static void
emit_retransmission (HsEndpoint *self,
                     guint32     seq,
                     guint32     len,
                     HsReason    reason)
{
  guint8 flags = HS_TCP_ACK;

  if (seq + len == self->snd_buf_end)
    flags |= HS_TCP_PSH;
  self->timing = FALSE;  /* Karn */
  _hs_endpoint_emit (self, seq, flags, len, HS_MARK_RETRANSMISSION, reason);
}

/* After a timeout: the retransmissions RACK found lost again go before
 * the go-back-N goes on, as far as cwnd allows. */
static void
resend_relost (HsEndpoint *self)
{
  guint32 mss = _hs_endpoint_send_mss (self);
  guint32 start, end;
  gboolean sent = FALSE;

  while (_hs_endpoint_congestion_room (self) >= mss && _hs_endpoint_rack_next_relost (self, &start, &end))
    {
      emit_retransmission (self, start, MIN (end - start, mss), HS_REASON_RETRANSMIT_RACK_AGAIN);
      sent = TRUE;
    }
  if (sent)
    _hs_endpoint_restart_retransmission_timer (self);
}

/* Loss recovery with SACK (RFC 6675 section 5): fill the holes the
 * scoreboard shows, as far as cwnd − pipe allows, in one round trip.
 * @first: the reason of the first retransmission. */
static void
sack_recover_first (HsEndpoint *self,
                    HsReason    first)
{
  guint32 mss = _hs_endpoint_send_mss (self);
  guint32 start, end;
  gboolean sent = FALSE;

  /* a retransmission lost again goes first: it is the oldest data
   * missing, as Linux's tcp_xmit_retransmit_queue walks in order */
  while (self->cwnd >= _hs_endpoint_pipe_size (self) + mss &&
         _hs_endpoint_rack_next_relost (self, &start, &end))
    {
      emit_retransmission (self, start, MIN (end - start, mss), HS_REASON_RETRANSMIT_RACK_AGAIN);
      sent = TRUE;
    }
  while (self->cwnd >= _hs_endpoint_pipe_size (self) + mss &&
         next_hole (self, self->high_rxt, &start, &end))
    {
      guint32 len = MIN (end - start, mss);

      if (hs_seq_geq (start, self->snd_buf_end))
        break;
      len = MIN (len, self->snd_buf_end - start);
      emit_retransmission (self, start, len, sent ? HS_REASON_RETRANSMIT_SACK : first);
      self->high_rxt = start + len;
      sent = TRUE;
    }
  if (sent)
    _hs_endpoint_restart_retransmission_timer (self);
}

static void
sack_recover (HsEndpoint *self)
{
  sack_recover_first (self, HS_REASON_RETRANSMIT_SACK);
}

/* The end of the highest SACKed range, or SND.UNA without one. */
static guint32
sack_high (HsEndpoint *self)
{
  guint n = hs_seq_ranges_get_n (self->sacked);

  return n > 0 ? hs_seq_ranges_get (self->sacked, n - 1)->end : self->snd_una;
}

/* Whether the ACK just processed uncovered a hole above @old_high,
 * the highest SACKed byte before it: data newly deemed lost. */
static gboolean
newly_lost (HsEndpoint *self,
            guint32     old_high)
{
  guint32 start, end;

  return hs_seq_ranges_first_hole (self->sacked, hs_seq_max (old_high, self->snd_una), &start, &end);
}

/* What the peer reported delivered since SND.UNA was @una_before and
 * @sacked_before bytes were SACKed: bytes newly acknowledged or SACKed,
 * not counting SACKed ones twice when the cumulative ACK covers them
 * (Linux's newly_acked_sacked). */
static guint32
delivered_since (HsEndpoint *self,
                 guint32     una_before,
                 guint32     sacked_before)
{
  guint32 now = (self->snd_una - una_before) + hs_seq_ranges_bytes (self->sacked);

  return now > sacked_before ? now - sacked_before : 0;
}

/* Proportional rate reduction (RFC 6937) as Linux's tcp_cwnd_reduction()
 * runs it on each ACK of a recovery, in whole segments: while more than
 * ssthresh is in flight, send ssthresh/prior_cwnd of what the ACKs report
 * delivered, so that the flight comes down to ssthresh evenly over a round
 * trip; once it is at or below ssthresh, send as much as was delivered,
 * one more when SND.UNA moved and nothing new was lost (the slow-start
 * reduction bound), but never beyond ssthresh. The first ACK always lets
 * one segment out: the fast retransmit. cwnd is set to pipe plus that
 * number of segments. */
static void
prr_reduce (HsEndpoint *self,
            guint32     delivered_bytes,
            gboolean    una_advanced,
            gboolean    lost)
{
  guint32 mss = _hs_endpoint_send_mss (self);
  guint32 pipe = _hs_endpoint_pipe_size (self);
  gint64 in_flight = (pipe + mss - 1) / mss;
  gint64 ssthresh = self->ssthresh / mss;
  gint64 prior_cwnd = MAX (self->prior_cwnd / mss, 1);
  gint64 delta = ssthresh - in_flight;
  gint64 sndcnt;

  if (delivered_bytes == 0)
    return;
  self->prr_delivered += (delivered_bytes + mss - 1) / mss;
  if (delta < 0)
    sndcnt = (ssthresh * self->prr_delivered + prior_cwnd - 1) / prior_cwnd - self->prr_out;
  else
    {
      sndcnt = MAX ((gint64) self->prr_delivered - self->prr_out, (gint64) (delivered_bytes + mss - 1) / mss);
      if (una_advanced && !lost)
        sndcnt++;
      sndcnt = MIN (delta, sndcnt);
    }
  sndcnt = MAX (sndcnt, self->prr_out > 0 ? 0 : 1);
  self->prr_held = sndcnt > 0 ? 0 : delta < 0 ? 1 : 2;
  self->cwnd = (guint32) MIN ((gint64) pipe + sndcnt * mss, G_MAXUINT32);
}

/* Sends the oldest unacknowledged segment again, leaving SND.NXT where it
 * is (fast retransmit, RFC 5681 section 3.2). */
static void
retransmit_head (HsEndpoint *self,
                 HsReason    reason)
{
  guint32 seq = self->snd_una;
  guint32 data_end = hs_seq_lt (self->snd_buf_end, self->snd_nxt) ? self->snd_buf_end : self->snd_nxt;
  guint32 len = hs_seq_lt (seq, data_end) ? MIN (data_end - seq, _hs_endpoint_send_mss (self)) : 0;
  guint8 flags = HS_TCP_ACK;

  if (len > 0 && seq + len == self->snd_buf_end)
    flags |= HS_TCP_PSH;
  if (self->fin_queued && seq + len == self->snd_buf_end && hs_seq_gt (self->snd_nxt, self->snd_buf_end))
    flags |= HS_TCP_FIN;
  if (len == 0 && !(flags & HS_TCP_FIN))
    return;

  self->timing = FALSE;  /* Karn */
  _hs_endpoint_emit (self, seq, flags, len, HS_MARK_RETRANSMISSION, reason);
  _hs_endpoint_restart_retransmission_timer (self);
}

/* Fast retransmit and the start of recovery (RFC 5681 section 3.2 step
 * 2, RFC 6675 section 5, or PRR's first ACK): three duplicate ACKs, or
 * with RACK a segment it marked lost. @delivered: what the ACK that begins
 * it reported delivered, for PRR; @flight: the data in flight when it
 * came. @reason: the first retransmission's,
 * when RACK began it (HS_REASON_RETRANSMIT_RACK). */
void
_hs_endpoint_enter_recovery (HsEndpoint *self,
                             guint32     delivered,
                             guint32     flight,
                             HsReason    reason)
{
  guint32 mss = _hs_endpoint_send_mss (self);
  gboolean rack = reason == HS_REASON_RETRANSMIT_RACK;

  /* RFC 5681 (3.2, step 2): what limited transmit sent "MUST NOT
   * be included" in the FlightSize that sets ssthresh */
  if (self->profile->ssthresh_excludes_limited_transmit)
    flight -= MIN (flight, self->lt_bytes);
  _hs_endpoint_init_undo (self);
  self->ssthresh = _hs_endpoint_loss_ssthresh (self, flight);
  /* recovery has its own timer: no probe now (RFC 8985 7.2) */
  _hs_endpoint_set_timer (self, HS_TIMER_LOSS_PROBE, HS_TIME_NONE);
  _hs_endpoint_set_timer (self, HS_TIMER_REORDER, HS_TIME_NONE);
  self->recover = self->snd_max;
  self->in_recovery = TRUE;
  self->high_rxt = self->snd_una;
  _hs_endpoint_rack_begin_recovery (self);
  if (self->profile->prr && self->sack_ok)
    {
      /* Linux (tcp_init_cwnd_reduction): PRR from the cwnd before
       * the loss; this ACK's SACKed data is its first delivery */
      self->prior_cwnd = self->cwnd;
      self->prr_delivered = 0;
      self->prr_out = 0;
      prr_reduce (self, delivered, FALSE, TRUE);
      if (!hs_seq_ranges_is_empty (self->sacked))
        sack_recover_first (self, rack ? reason : HS_REASON_RETRANSMIT_SACK);
      else
        retransmit_head (self, rack ? reason : HS_REASON_RETRANSMIT_FAST);
    }
  else if (!hs_seq_ranges_is_empty (self->sacked))
    {
      guint32 start, end;

      /* RFC 6675 section 5 (4.3): the first hole goes at once,
       * whatever cwnd and pipe say; then cwnd = ssthresh rules */
      self->cwnd = self->ssthresh;
      if (next_hole (self, self->high_rxt, &start, &end) && hs_seq_lt (start, self->snd_buf_end))
        {
          guint32 n = MIN (MIN (end - start, mss), self->snd_buf_end - start);

          emit_retransmission (self, start, n, rack ? reason : HS_REASON_RETRANSMIT_SACK);
          self->high_rxt = start + n;
          _hs_endpoint_restart_retransmission_timer (self);
        }
      sack_recover (self);
    }
  else
    {
      retransmit_head (self, rack ? reason : HS_REASON_RETRANSMIT_FAST);
      self->cwnd = self->ssthresh + 3 * mss;
    }
}

/* The fifth check of section 3.10.7.4 for the synchronized states: an ACK
 * for new data moves SND.UNA and may update the send window. */
void
_hs_endpoint_process_ack (HsEndpoint        *self,
                          const HsTcpHeader *seg,
                          guint32            len)
{
  guint32 wnd = seg->window << (self->ws_ok ? self->snd_wscale : 0);

  /* what the peer reports delivered by this ACK, for PRR: newly
   * acknowledged or SACKed bytes, less SACKed ones now acknowledged */
  guint32 sacked_before = hs_seq_ranges_bytes (self->sacked);
  guint32 high_before = sack_high (self);
  guint32 una_before = self->snd_una;

  self->cwnd_unused = FALSE;
  self->recovery_ended = FALSE;
  self->undone = FALSE;
  self->prr_held = 0;
  check_dsack (self, seg);
  _hs_endpoint_rack_update (self, seg);
  if (hs_seq_lt (self->snd_una, seg->ack) && hs_seq_leq (seg->ack, self->snd_max))
    {
      guint32 acked = seg->ack - self->snd_una;
      guint32 mss = _hs_endpoint_send_mss (self);
      guint32 counted = 0;
      /* an ACK of our FIN alone acknowledges no data */
      gboolean acks_data = hs_seq_lt (self->snd_una, self->snd_buf_end);

      /* tcp_try_undo_recovery, _partial and _loss: an ACK of new data
       * that shows the loss was spurious; cwnd then grows as usual */
      if ((self->in_recovery || self->in_loss) && may_undo (self, seg))
        undo_reduction (self);

      /* Linux counted SACKed segments, and without SACK one per duplicate
       * ACK, as delivered when they were reported; they do not grow cwnd a
       * second time _hs_endpoint_now (tcp_remove_reno_sacks, tcp_clean_rtx_queue). */
      if (self->profile->flight_excludes_sacked && !self->in_recovery)
        {
          if (self->sack_ok)
            /* SACKed bytes below the ACK: the peer reported them received */
            counted = hs_seq_ranges_bytes_below (self->sacked, seg->ack);
          else
            counted = MIN ((guint64) self->dup_acks * mss, acked - MIN (acked, mss));
        }

      self->snd_una = seg->ack;
      if (hs_seq_lt (self->snd_nxt, self->snd_una))
        self->snd_nxt = self->snd_una;
      if (self->in_loss && hs_seq_geq (self->snd_una, self->recover))
        self->in_loss = FALSE;
      update_scoreboard (self, seg);
      self->dup_acks = 0;
      self->lt_dupacks = 0;
      self->lt_bytes = 0;
      self->retries = 0;
      self->probes = 0;

      /* Karn's rule: time only what was sent once. */
      if (self->timing && hs_seq_gt (seg->ack, self->timed_seq))
        {
          _hs_endpoint_rtt_sample (self, _hs_endpoint_now (self) - self->timed_at);
          self->timing = FALSE;
        }
      else if (!self->timing && self->rtt_valid && self->ts_ok)
        /* With timestamps every ACK measures the round trip, even of a
         * retransmission (RFC 7323 section 4), so the back-off ends. Without
         * them Karn's rule keeps the backed-off RTO until a segment sent
         * only once is acknowledged (RFC 6298 section 5). */
        _hs_endpoint_recompute_rto (self);

      /* HyStart (linux profile with CUBIC): the RTT of the newest segment
       * this ACK delivered, before cwnd grows (Linux calls bictcp_acked
       * from tcp_clean_rtx_queue, before tcp_cong_control) */
      if (self->cc == HS_CONGESTION_CUBIC && self->profile->hystart && self->ack_rtt >= 0)
        {
          hs_cubic_rtt_sample (&self->cubic, self->ack_rtt, _hs_endpoint_now (self));
          if (!self->in_recovery && self->cwnd < self->ssthresh &&
              hs_cubic_hystart (&self->cubic, self->cwnd / mss, self->snd_una, self->snd_nxt, self->ack_rtt))
            self->ssthresh = self->cwnd;
        }

      /* RACK looks at every ACK: a segment sent before one just delivered
       * may be due (RFC 8985 section 6.2). Recovery begins before this ACK
       * grows cwnd, as in Linux's tcp_ack (tcp_fastretrans_alert, then
       * tcp_cong_control), with ssthresh from the flight it found. */
      if (_hs_endpoint_rack_enabled (self) && !self->in_recovery && self->snd_una != self->snd_max &&
          hs_seq_gt (self->snd_una, self->recover) && _hs_endpoint_rack_detect_loss (self))
        _hs_endpoint_enter_recovery (self, delivered_since (self, una_before, sacked_before),
                                     self->snd_max - una_before, HS_REASON_RETRANSMIT_RACK);
      else if (self->in_recovery && hs_seq_lt (seg->ack, self->recover) && self->profile->prr && self->sack_ok)
        {
          /* a partial ACK: PRR says how much may go, holes first */
          prr_reduce (self, delivered_since (self, una_before, sacked_before), TRUE, newly_lost (self, high_before));
          self->prr_held = 0;   /* narrated for duplicate ACKs only */
          if (_hs_endpoint_rack_detect_relost (self, self->high_rxt) || !hs_seq_ranges_is_empty (self->sacked))
            sack_recover (self);
          else if (_hs_endpoint_congestion_room (self) >= _hs_endpoint_send_mss (self))
            /* nothing SACKed is left: the next segment is presumed lost */
            retransmit_head (self, HS_REASON_RETRANSMIT_PRR);
        }
      else if (self->in_recovery && hs_seq_lt (seg->ack, self->recover) && !hs_seq_ranges_is_empty (self->sacked))
        /* RFC 6675: a partial ACK with SACK information: keep filling holes */
        sack_recover (self);
      else if (self->in_recovery && hs_seq_lt (seg->ack, self->recover))
        {
          /* RFC 6582 section 3.2 (3): a partial ACK. The next hole is lost
           * too: retransmit it at once, deflate by what was acknowledged. */
          retransmit_head (self, HS_REASON_RETRANSMIT_PARTIAL_ACK);
          self->cwnd = self->cwnd > acked ? self->cwnd - acked : 0;
          if (acked >= mss)
            self->cwnd += mss;
          self->cwnd = MAX (self->cwnd, mss);
        }
      else if (self->in_recovery)
        {
          /* RFC 6582 section 3.2 (3): a full ACK ends fast recovery. */
          guint32 flight = self->snd_max - self->snd_una;

          self->in_recovery = FALSE;
          self->recovery_ended = TRUE;
          if (self->profile->recovery_ends_at_ssthresh)
            self->cwnd = self->ssthresh;
          else
            self->cwnd = MIN (self->ssthresh, MAX (flight, mss) + mss);
        }
      else if (!cwnd_in_use (self))
        /* Linux: an application that does not fill cwnd proves nothing
         * about the network, so cwnd stays (cwnd validation) */
        self->cwnd_unused = acks_data;
      else if (self->cwnd < self->ssthresh && self->profile->slow_start_counts_all)
        {
          /* tcp_slow_start(): every acknowledged segment counts, so delayed
           * ACKs still double cwnd each round trip; what is left over at
           * ssthresh goes on in congestion avoidance */
          guint32 grown = MIN ((guint64) self->cwnd + (acked - counted), self->ssthresh);
          guint32 left = (acked - counted) - (grown - self->cwnd);

          self->cwnd = grown;
          if (left >= mss && self->cc == HS_CONGESTION_CUBIC)
            congestion_avoidance (self, left);
        }
      else if (self->cwnd < self->ssthresh)
        self->cwnd += MIN (acked, mss);
      else
        congestion_avoidance (self, acked);

      /* after a timeout, RACK looks at the go-back-N's retransmissions */
      if (self->in_loss && _hs_endpoint_rack_detect_relost (self, self->snd_nxt))
        resend_relost (self);

      /* RFC 8985 section 7.4: the ACK of the probe, or beyond it */
      if (self->tlp_outstanding && hs_seq_geq (seg->ack, self->tlp_high_seq))
        self->tlp_outstanding = FALSE;

      if (self->snd_una == self->snd_max)
        {
          _hs_endpoint_set_timer (self, HS_TIMER_RETRANSMISSION, HS_TIME_NONE);
          _hs_endpoint_set_timer (self, HS_TIMER_LOSS_PROBE, HS_TIME_NONE);
        }
      else if (!_hs_endpoint_schedule_loss_probe (self, TRUE))
        _hs_endpoint_restart_retransmission_timer (self);

      /* the reordering timer, if RACK armed it, holds the timer slot */
      if (self->snd_una == self->snd_max)
        _hs_endpoint_set_timer (self, HS_TIMER_REORDER, HS_TIME_NONE);
      else
        _hs_endpoint_rack_take_timer_slot (self);
    }
  else if (seg->ack == self->snd_una && len == 0 && !(seg->flags & (HS_TCP_SYN | HS_TCP_FIN)) &&
           self->snd_una != self->snd_max &&
           (wnd == self->snd_wnd || (self->sack_ok && (seg->options.present & HS_TCP_OPT_SACK))))
    {
      guint32 mss = _hs_endpoint_send_mss (self);

      /* RFC 5681 section 3.2: a duplicate ACK */
      self->dup_acks++;
      update_scoreboard (self, seg);
      /* RFC 5681 (3.2, step 1): with SACK, only a duplicate ACK that
       * reports something new lets a new segment out */
      if (self->dup_acks <= 2 && (!self->sack_ok || hs_seq_ranges_bytes (self->sacked) > sacked_before))
        self->lt_dupacks++;
      if (!self->in_recovery && hs_seq_gt (self->snd_una, self->recover) &&
          (_hs_endpoint_rack_enabled (self)
           ? _hs_endpoint_rack_detect_loss (self)
           : (self->dup_acks == 3 || hs_seq_ranges_bytes (self->sacked) > 2 * mss)))
        _hs_endpoint_enter_recovery (self, delivered_since (self, una_before, sacked_before),
                                     self->snd_max - self->snd_una,
                                     _hs_endpoint_rack_enabled (self) ? HS_REASON_RETRANSMIT_RACK
                                                                      : HS_REASON_RETRANSMIT_FAST);
      else if (self->in_recovery && self->undo_valid && self->undo_retrans == 0)
        /* tcp_try_undo_dsack: the D-SACKs cover every retransmission (a
         * duplicate ACK's timestamp echo is old anyway: no Eifel here) */
        undo_reduction (self);
      else if (self->in_recovery && self->profile->prr && self->sack_ok)
        {
          prr_reduce (self, delivered_since (self, una_before, sacked_before), FALSE, newly_lost (self, high_before));
          _hs_endpoint_rack_detect_relost (self, self->high_rxt);
          sack_recover (self);
        }
      else if (self->in_recovery && !hs_seq_ranges_is_empty (self->sacked))
        sack_recover (self);
      else if (self->in_recovery)
        /* each further duplicate ACK means a segment has left the network */
        self->cwnd += mss;
      else if (self->in_loss && _hs_endpoint_rack_detect_relost (self, self->snd_nxt))
        resend_relost (self);
    }

  else if (hs_seq_lt (seg->ack, self->snd_una) && self->profile->old_ack_sack && self->sack_ok &&
           (seg->options.present & HS_TCP_OPT_SACK) && self->snd_una != self->snd_max)
    {
      /* tcp_ack's old_ack: a reordered ACK below SND.UNA still reports
       * what arrived. Its SACK blocks go into the scoreboard; in recovery
       * the data they take out of flight frees room under the cwnd the
       * last ACK set (Linux does not run PRR for it), holes first. */
      update_scoreboard (self, seg);
      if (self->in_recovery && self->profile->prr)
        {
          _hs_endpoint_rack_detect_relost (self, self->high_rxt);
          sack_recover (self);
        }
    }

  /* Window update (SND.WL1 / SND.WL2 rule). An ACK that moves SND.UNA
   * is newer than any before it and updates the window too, as Linux's
   * tcp_may_update_window() has it: a retransmitted FIN carries a lower
   * seq than the ACKs the peer sent after it, and would otherwise leave a
   * stale window that stops the sender for good. */
  if (hs_seq_leq (self->snd_una, seg->ack) && hs_seq_leq (seg->ack, self->snd_max) &&
      (hs_seq_lt (una_before, seg->ack) || hs_seq_lt (self->snd_wl1, seg->seq) ||
       (self->snd_wl1 == seg->seq && hs_seq_leq (self->snd_wl2, seg->ack))))
    {
      self->snd_wnd = wnd;
      self->snd_wl1 = seg->seq;
      self->snd_wl2 = seg->ack;
      self->max_snd_wnd = MAX (self->max_snd_wnd, wnd);
      if (wnd > 0)
        {
          _hs_endpoint_set_timer (self, HS_TIMER_PERSIST, HS_TIME_NONE);
          self->probes = 0;
        }
    }
}
