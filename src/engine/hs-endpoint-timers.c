/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-endpoint-timers.c: the endpoint's timers as they fire: RFC 6298's
 * retransmission timer (round-trip samples, the RTO and its back-off, what
 * a timeout resends and what it does to cwnd), TIME-WAIT and the orphaned
 * FIN-WAIT-2, the delayed ACK and the persist timer. */

#define G_LOG_DOMAIN "hs-endpoint"

#include "config.h"

#include "hs-endpoint-private.h"

void
_hs_endpoint_cancel_all_timers (HsEndpoint *self)
{
  for (guint i = 0; i < HS_N_TIMERS; i++)
    _hs_endpoint_set_timer (self, i, HS_TIME_NONE);
}

/* RFC 6298 section 2 */
void
_hs_endpoint_rtt_sample (HsEndpoint *self,
                         HsTime      r)
{
  /* for the trace: the RTT plot draws each sample */
  self->n_rtt_samples++;
  self->last_rtt_sample = r;

  if (!self->rtt_valid)
    {
      self->srtt = r;
      self->rttvar = r / 2;
      self->rtt_valid = TRUE;
    }
  else
    {
      HsTime diff = self->srtt > r ? self->srtt - r : r - self->srtt;

      self->rttvar = (3 * self->rttvar + diff) / 4;
      self->srtt = (7 * self->srtt + r) / 8;
    }

  /* RACK's reordering window is a quarter of the smallest (Linux
   * tcp_update_rtt_min, whose window of 5 minutes outlasts a lesson) */
  if (self->min_rtt == 0 || r < self->min_rtt)
    self->min_rtt = r;

  if (self->cc == HS_CONGESTION_CUBIC)
    hs_cubic_rtt_sample (&self->cubic, r, _hs_endpoint_now (self));
  _hs_endpoint_recompute_rto (self);
}

/* RFC 8985 section 7.2 as Linux's tcp_schedule_loss_probe() does it: when
 * new data has gone out or an ACK moved SND.UNA, and no recovery is under
 * way, nor a timeout's go-back-N (Linux probes in TCP_CA_Open only), a
 * probe timeout (PTO) of two round trips, plus the minimum RTO when a
 * single segment is out (its ACK may be delayed) or 2 ms otherwise, takes
 * the place of the retransmission timer, but never fires after the RTO
 * would have. @advancing: the RTO would restart now. Returns whether the
 * probe was scheduled. */
gboolean
_hs_endpoint_schedule_loss_probe (HsEndpoint *self,
                                  gboolean    advancing)
{
  HsTime now = _hs_endpoint_now (self);
  HsTime timeout, rto_left;

  if (!self->profile->tail_loss_probe || !self->sack_ok || self->in_recovery || self->in_loss || self->retries > 0 ||
      self->snd_una == self->snd_max || self->state < HS_STATE_ESTABLISHED)
    return FALSE;

  if (self->rtt_valid)
    timeout = 2 * self->srtt + (self->snd_max - self->snd_una <= _hs_endpoint_send_mss (self) + 1
                                ? self->profile->min_rto : 2 * HS_USEC_PER_MSEC);
  else
    timeout = self->profile->initial_rto;
  if (advancing)
    self->rtx_armed_at = now;
  rto_left = self->rtx_armed_at + self->rto - now;
  if (rto_left > 0)
    timeout = MIN (timeout, rto_left);

  _hs_endpoint_set_timer (self, HS_TIMER_RETRANSMISSION, HS_TIME_NONE);
  _hs_endpoint_set_timer (self, HS_TIMER_LOSS_PROBE, now + timeout);
  return TRUE;
}

/* A segment of new data has gone out: the retransmission timer runs if
 * neither it nor the loss probe did. output() moves the probe once it has
 * sent all it will (tcp_write_xmit), not once per segment. */
void
_hs_endpoint_rearm_after_send (HsEndpoint *self)
{
  if (!_hs_endpoint_timer_armed (self, HS_TIMER_RETRANSMISSION) &&
      !_hs_endpoint_timer_armed (self, HS_TIMER_LOSS_PROBE))
    _hs_endpoint_restart_retransmission_timer (self);
}

/* The probe timeout (RFC 8985 section 7.3, as Linux's
 * tcp_send_loss_probe): new data if there is any and the peer's window
 * takes it; else the last segment sent goes again as it was sent (a FIN
 * alone if it went alone), so that its ACK (with SACK) reveals a lost
 * tail that no duplicate ACKs would otherwise report. Then the RTO runs
 * from now. One probe at a time. */
static void
loss_probe_timeout (HsEndpoint *self)
{
  if (!hs_state_is_synchronized (self->state) || self->snd_una == self->snd_max)
    return;
  if (!self->tlp_outstanding && _hs_endpoint_send_probe_new_data (self))
    {
      self->tlp_outstanding = TRUE;
      self->tlp_high_seq = self->snd_nxt;
    }
  else if (!self->tlp_outstanding)
    {
      gboolean fin = self->last_seg_fin && self->fin_queued && self->snd_max == self->snd_buf_end + 1;
      guint32 end = self->last_seg_seq + self->last_seg_len;
      guint32 from = hs_seq_max (hs_seq_max (self->last_seg_seq, self->snd_una), self->iss + 1);
      guint32 len = hs_seq_lt (from, end) ? end - from : 0;
      guint8 flags = HS_TCP_ACK;

      if (len > 0 || fin)
        {
          if (len > 0 && end == self->snd_buf_end)
            flags |= HS_TCP_PSH;
          if (fin)
            flags |= HS_TCP_FIN;
          self->timing = FALSE;   /* Karn */
          _hs_endpoint_emit (self, from, flags, len, HS_MARK_RETRANSMISSION, HS_REASON_RETRANSMIT_PROBE);
          self->tlp_outstanding = TRUE;
          self->tlp_high_seq = self->snd_nxt;
        }
    }
  _hs_endpoint_restart_retransmission_timer (self);
}

/* RFC 6298 (2.3) from SRTT and RTTVAR as they are, which also ends any
 * back-off. */
void
_hs_endpoint_recompute_rto (HsEndpoint *self)
{
  HsTime var_term = MAX (4 * self->rttvar, HS_USEC_PER_MSEC);

  if (self->profile->rto_floor_on_variance)
    /* Linux floors the variance term, not the sum, at the minimum RTO. */
    self->rto = self->srtt + MAX (var_term, self->profile->min_rto);
  else
    self->rto = MAX (self->srtt + var_term, self->profile->min_rto);
  self->rto = MIN (self->rto, self->profile->max_rto);
}

static void
retransmission_timeout (HsEndpoint *self)
{
  gboolean give_up;

  /* The first expiry of an episode: what is outstanding was first sent when
   * the timer was armed. */
  if (self->retries == 0)
    self->episode_start = self->rtx_armed_at;

  switch (self->state)
    {
    case HS_STATE_SYN_SENT:
      give_up = _hs_endpoint_now (self) - self->episode_start >= self->profile->syn_give_up;
      break;
    case HS_STATE_SYN_RECEIVED:
      give_up = self->retries >= self->profile->synack_retries;
      break;
    case HS_STATE_ESTABLISHED:
    case HS_STATE_FIN_WAIT_1:
    case HS_STATE_CLOSE_WAIT:
    case HS_STATE_CLOSING:
    case HS_STATE_LAST_ACK:
      give_up = _hs_endpoint_now (self) - self->episode_start >= self->profile->data_give_up;
      break;
    case HS_STATE_CLOSED:
    case HS_STATE_LISTEN:
    case HS_STATE_FIN_WAIT_2:
    case HS_STATE_TIME_WAIT:
    case HS_N_STATES:
    default:
      return;
    }
  /* TCP_USER_TIMEOUT takes the place of the retry limits (Linux
   * retransmits_timed_out with icsk_user_timeout) */
  if (self->config->user_timeout > 0 && self->state != HS_STATE_SYN_RECEIVED)
    give_up = _hs_endpoint_now (self) - self->episode_start >= self->config->user_timeout;

  if (give_up)
    {
      if (self->state == HS_STATE_SYN_RECEIVED && self->passive)
        {
          /* Linux forgets the half-open connection; the listener stays. */
          _hs_endpoint_cancel_all_timers (self);
          self->has_iss = FALSE;
          self->timing = FALSE;
          self->retries = 0;
          _hs_endpoint_set_state (self, HS_STATE_LISTEN);
          return;
        }
      _hs_endpoint_fail (self, HS_NOTIFY_TIMED_OUT);
      return;
    }

  self->retries++;
  self->timing = FALSE;   /* Karn */

  if (self->state == HS_STATE_SYN_SENT || self->state == HS_STATE_SYN_RECEIVED)
    {
      self->syn_retransmitted = TRUE;
      if (!(self->state == HS_STATE_SYN_SENT && self->retries <= self->profile->syn_linear_timeouts))
        self->rto = MIN (self->rto * 2, self->profile->max_rto);
      _hs_endpoint_set_timer (self, HS_TIMER_RETRANSMISSION, HS_TIME_NONE);
      _hs_endpoint_send_syn (self, HS_REASON_RETRANSMIT_TIMEOUT);
      return;
    }

  /* RFC 5681 section 3.1, equation (4), or CUBIC's β (RFC 9438 section
   * 4.6), then one segment (the loss window) */
  {
    guint32 mss = _hs_endpoint_send_mss (self);
    guint32 flight = self->snd_max - self->snd_una;

    /* tcp_enter_loss: the first timeout of an episode outside recovery
     * remembers what an undo would restore */
    if (self->retries == 1 && !self->in_recovery && !self->in_loss)
      _hs_endpoint_init_undo (self);
    else if (self->retries == 1)
      self->undo_ssthresh = 0;
    self->in_loss = TRUE;
    if (self->cc != HS_CONGESTION_CUBIC)
      self->ssthresh = _hs_endpoint_loss_ssthresh (self, flight);
    else if (self->retries == 1)
      {
        /* Linux (tcp_enter_loss) sets ssthresh on the first timeout of an
         * episode only, then CUBIC starts over: no W_max, no epoch */
        self->ssthresh = _hs_endpoint_loss_ssthresh (self, flight);
        hs_cubic_reset (&self->cubic);
      }
    self->tlp_outstanding = FALSE;
    _hs_endpoint_set_timer (self, HS_TIMER_LOSS_PROBE, HS_TIME_NONE);
    self->cwnd = mss;
    self->dup_acks = 0;
    self->lt_dupacks = 0;
    self->lt_bytes = 0;
    self->in_recovery = FALSE;
    self->recover = self->snd_max;
    hs_seq_ranges_clear (self->sacked);
    _hs_endpoint_rack_forget_sacks (self);
  }
  self->rto = MIN (self->rto * 2, self->profile->max_rto);
  self->snd_nxt = self->snd_una;
  _hs_endpoint_set_timer (self, HS_TIMER_RETRANSMISSION, HS_TIME_NONE);
  if (hs_seq_leq (self->snd_una, self->iss))
    {
      /* Closed in SYN-RECEIVED: the SYN itself is still unacknowledged, so
       * it goes again (with its ACK) before the FIN. */
      _hs_endpoint_emit (self, self->iss, HS_TCP_SYN | HS_TCP_ACK, 0, HS_MARK_RETRANSMISSION, HS_REASON_RETRANSMIT_TIMEOUT);
      self->snd_nxt = self->iss + 1;
      _hs_endpoint_restart_retransmission_timer (self);
    }
  self->in_rto = TRUE;
  _hs_endpoint_output (self);
  self->in_rto = FALSE;
}

/* Keepalive (RFC 1122 section 4.2.3.6, as Linux's tcp_keepalive_timer):
 * after KeepIdle without hearing from the peer, and with nothing of ours
 * outstanding, a probe; then one every KeepInterval while none is
 * answered; after KeepCount unanswered, the connection is dead. Linux's
 * timer wakes at the old deadline and reckons the silence from the last
 * segment heard; moving the deadline whenever one is heard (input.c) sends
 * the probes at the same times without the empty wake-ups. */
void
_hs_endpoint_start_keepalive (HsEndpoint *self)
{
  self->last_heard = _hs_endpoint_now (self);
  self->keepalive_probes = 0;
  if (self->config->keepalive)
    _hs_endpoint_set_timer (self, HS_TIMER_KEEPALIVE, _hs_endpoint_now (self) + self->config->keep_idle);
}

static void
keepalive_timeout (HsEndpoint *self)
{
  HsTime now = _hs_endpoint_now (self);
  HsTime idle = now - self->last_heard;

  switch (self->state)
    {
    case HS_STATE_ESTABLISHED:
    case HS_STATE_FIN_WAIT_1:
    case HS_STATE_FIN_WAIT_2:
    case HS_STATE_CLOSE_WAIT:
    case HS_STATE_CLOSING:
    case HS_STATE_LAST_ACK:
      break;
    case HS_STATE_CLOSED:
    case HS_STATE_LISTEN:
    case HS_STATE_SYN_SENT:
    case HS_STATE_SYN_RECEIVED:
    case HS_STATE_TIME_WAIT:
    case HS_N_STATES:
    default:
      return;
    }
  if (!self->config->keepalive)
    return;

  /* Data in flight or waiting has its own timers: no probe is needed. */
  if (self->snd_una != self->snd_max || hs_seq_lt (self->snd_nxt, self->snd_buf_end))
    {
      _hs_endpoint_set_timer (self, HS_TIMER_KEEPALIVE, now + self->config->keep_idle);
      return;
    }
  if (idle < self->config->keep_idle)
    {
      _hs_endpoint_set_timer (self, HS_TIMER_KEEPALIVE, self->last_heard + self->config->keep_idle);
      return;
    }
  /* With TCP_USER_TIMEOUT, Linux gives up once that long has passed since
   * the peer was last heard and a probe is out, whatever KeepCount says. */
  if ((self->config->user_timeout == 0 && self->keepalive_probes >= self->config->keep_count) ||
      (self->config->user_timeout > 0 && self->keepalive_probes > 0 && idle >= self->config->user_timeout))
    {
      /* Linux resets the connection (tcp_send_active_reset) before it
       * reports ETIMEDOUT; RFC 1122 only says the connection is broken. */
      if (self->profile->keepalive_reset)
        _hs_endpoint_emit (self, self->snd_nxt, HS_TCP_RST | HS_TCP_ACK, 0, 0, HS_REASON_SEND_RST_KEEPALIVE);
      _hs_endpoint_fail (self, HS_NOTIFY_TIMED_OUT);
      return;
    }
  /* No data and a sequence number the peer has already acknowledged, so
   * that it must answer with an ACK (tcp_xmit_probe_skb). */
  _hs_endpoint_emit (self, self->snd_una - 1, HS_TCP_ACK, 0, HS_MARK_KEEPALIVE, HS_REASON_SEND_KEEPALIVE);
  self->keepalive_probes++;
  _hs_endpoint_set_timer (self, HS_TIMER_KEEPALIVE, now + self->config->keep_interval);
}

void
hs_endpoint_timer_fired (HsEndpoint  *self,
                         HsTimerKind  kind)
{
  self->timer_at[kind] = HS_TIME_NONE;

  switch (kind)
    {
    case HS_TIMER_RETRANSMISSION:
      retransmission_timeout (self);
      break;

    case HS_TIMER_TIME_WAIT:
      /* TIME-WAIT's 2 × MSL is over (or an orphaned FIN-WAIT-2 gave up). */
      if (self->state == HS_STATE_TIME_WAIT || self->state == HS_STATE_FIN_WAIT_2)
        _hs_endpoint_delete_tcb (self);
      break;

    case HS_TIMER_DELAYED_ACK:
      if (self->ack_pending && _hs_endpoint_connection_exists (self))
        {
          gboolean fin = self->fin_received && self->state == HS_STATE_CLOSE_WAIT;

          /* Linux: a delayed ACK that had to wait means the peer is not
           * answering quickly after all. */
          self->pingpong = FALSE;
          _hs_endpoint_send_ack (self, fin ? HS_REASON_SEND_ACK_FIN : HS_REASON_SEND_ACK_DELAYED,
                                 HS_MARK_DELAYED_ACK);
        }
      break;

    case HS_TIMER_PERSIST:
      _hs_endpoint_persist_timeout (self);
      break;

    case HS_TIMER_LOSS_PROBE:
      loss_probe_timeout (self);
      break;

    case HS_TIMER_KEEPALIVE:
      keepalive_timeout (self);
      break;

    case HS_TIMER_REORDER:
      _hs_endpoint_rack_timeout (self);
      break;

    case HS_N_TIMERS:
    default:
      break;
    }
}

