/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-endpoint-input.c: SEGMENT ARRIVES (RFC 9293 section 3.10.7), state by
 * state: the closed port's reset, LISTEN, SYN-SENT, and the checks of
 * section 3.10.7.4 in the synchronized states (sequence number, RST, SYN,
 * ACK, text, FIN); the reassembly of data that arrives out of order and how
 * received data is acknowledged (delayed ACKs, Linux's quick-ACK mode).
 * What the fifth check does with an ACK is hs-endpoint-recovery.c's. */

#define G_LOG_DOMAIN "hs-endpoint"

#include "config.h"

#include "hs-endpoint-private.h"

/* RFC 9293 section 3.10.7.1: what a closed port answers. */
static void
send_reset_for (HsEndpoint        *self,
                const HsTcpHeader *seg,
                guint32            seg_len,
                HsReason           reason)
{
  if (seg->flags & HS_TCP_RST)
    return;

  /* the reset goes back where the segment came from */
  guint16 saved_port = self->remote_port;

  self->remote_port = seg->src_port;
  if (seg->flags & HS_TCP_ACK)
    _hs_endpoint_emit (self, seg->ack, HS_TCP_RST, 0, 0, reason);
  else
    {
      /* <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK> */
      guint32 saved = self->rcv_nxt;

      self->rcv_nxt = seg->seq + seg_len;
      _hs_endpoint_emit (self, 0, HS_TCP_RST | HS_TCP_ACK, 0, 0, reason);
      self->rcv_nxt = saved;
    }
  self->remote_port = saved_port;
}

static void
take_peer_options (HsEndpoint        *self,
                   const HsTcpHeader *seg)
{
  const HsTcpOptions *o = &seg->options;

  self->peer_mss = (o->present & HS_TCP_OPT_MSS) ? o->mss : DEFAULT_PEER_MSS;
  self->ws_ok = (o->present & HS_TCP_OPT_WSCALE) && self->config->window_scale >= 0;
  if (self->ws_ok)
    {
      self->snd_wscale = MIN (o->wscale, 14);
      self->rcv_wscale = self->config->window_scale;
    }
  self->sack_ok = (o->present & HS_TCP_OPT_SACK_PERM) && self->config->sack;
  self->ts_ok = (o->present & HS_TCP_OPT_TIMESTAMP) && self->config->timestamps;
  if (self->ts_ok)
    self->ts_recent = o->ts_val;
}

static gboolean
our_fin_acked (HsEndpoint *self)
{
  return self->fin_queued && hs_seq_gt (self->snd_una, self->snd_buf_end);
}

static void
schedule_delayed_ack (HsEndpoint *self)
{
  self->ack_pending = TRUE;
  if (!_hs_endpoint_timer_armed (self, HS_TIMER_DELAYED_ACK))
    _hs_endpoint_set_timer (self, HS_TIMER_DELAYED_ACK, _hs_endpoint_now (self) + self->profile->delayed_ack);
}

/* Puts in-order bytes in the receive buffer; an application that reads as
 * data arrives takes them at once. */
static void
deliver (HsEndpoint *self,
         guint32     bytes)
{
  if (bytes == 0)
    return;
  self->rcv_nxt += bytes;
  if (self->config->auto_read)
    {
      self->bytes_read += bytes;
      self->host->notify (self->host_data, self, HS_NOTIFY_DATA, bytes);
    }
  else
    self->unread += bytes;
}

/* End of file reaches the application once it has read everything before
 * the FIN. */
void
_hs_endpoint_maybe_notify_eof (HsEndpoint *self)
{
  if (self->fin_received && self->unread == 0 && !self->eof)
    {
      self->eof = TRUE;
      if (!self->app_closed)
        self->host->notify (self->host_data, self, HS_NOTIFY_EOF, 0);
    }
}

/* RFC 2883: data that arrived twice is reported once, as the first SACK
 * block of the next ACK (a D-SACK); Linux reports the first such range an
 * arrival shows (tcp_dsack_set). */
void
_hs_endpoint_note_duplicate (HsEndpoint *self,
                             guint32     start,
                             guint32     end)
{
  if (!self->sack_ok || self->dsack_pending || !hs_seq_lt (start, end))
    return;
  self->dsack_pending = TRUE;
  self->dsack_start = start;
  self->dsack_end = end;
}

/* The first range held out of order that [@seq, @end) covers again. */
static void
note_duplicate_held (HsEndpoint *self,
                     guint32     seq,
                     guint32     end)
{
  for (guint i = 0; i < hs_seq_ranges_get_n (self->out_of_order); i++)
    {
      const HsSeqRange *r = hs_seq_ranges_get (self->out_of_order, i);

      if (hs_seq_lt (r->start, end) && hs_seq_gt (r->end, seq))
        {
          _hs_endpoint_note_duplicate (self, hs_seq_max (r->start, seq), hs_seq_min (r->end, end));
          return;
        }
    }
}

/* The seventh check: segment text. Returns whether an ACK must go now. */
static gboolean
accept_text (HsEndpoint *self,
             guint32     seq,
             guint32     len)
{
  guint32 end = seq + len;
  gboolean was_out_of_order = !hs_seq_ranges_is_empty (self->out_of_order);

  note_duplicate_held (self, seq, end);

  if (hs_seq_gt (seq, self->rcv_nxt))
    {
      hs_seq_ranges_insert (self->out_of_order, seq, end);
      self->last_ooo_seq = seq;
      return TRUE;  /* a duplicate ACK at once (RFC 5681 section 4.2) */
    }

  if (hs_seq_gt (end, self->rcv_nxt))
    deliver (self, end - self->rcv_nxt);

  /* The hole may be filled now: what was held out of order and now
   * continues the stream goes up at once (ranges never touch, so that is
   * one range at most), what the new text covered is forgotten. */
  deliver (self, hs_seq_ranges_covered_end (self->out_of_order, self->rcv_nxt) - self->rcv_nxt);
  hs_seq_ranges_remove_below (self->out_of_order, self->rcv_nxt);

  return was_out_of_order;
}

/* Decides how the data just received is acknowledged: at once, or after the
 * delayed-ACK timer (RFC 9293 section 3.8.6.3; Linux's quick-ACK mode). */
/* Data has arrived (Linux tcp_event_data_recv): the first data of a
 * connection starts quick-ACK mode and gives the delayed-ACK timer its
 * timeout, which is 0 until then. */
static void
note_data_received (HsEndpoint *self)
{
  if (!self->got_first_data)
    {
      self->got_first_data = TRUE;
      if (self->profile->quick_ack)
        self->quick_acks = CLAMP (self->rcv_wnd / (2 * _hs_endpoint_send_mss (self)), 2, MAX_QUICK_ACKS);
    }
  self->last_data_received = _hs_endpoint_now (self);
}

static void
acknowledge_data (HsEndpoint *self,
                  guint32     len,
                  gboolean    urgent)
{
  if (len >= _hs_endpoint_send_mss (self))
    self->unacked_full_segments++;

  note_data_received (self);

  if (urgent && hs_seq_ranges_is_empty (self->out_of_order))
    /* the data filled the gap (RFC 5681 section 4.2) */
    _hs_endpoint_send_ack (self, HS_REASON_SEND_ACK_GAP_FILLED, 0);
  else if (urgent)
    /* emit() tells a duplicate ACK from one that moves forward */
    _hs_endpoint_send_ack (self, HS_REASON_SEND_ACK_OUT_OF_ORDER, HS_MARK_DUPLICATE_ACK);
  else if (!self->config->delayed_ack)
    _hs_endpoint_send_ack (self, HS_REASON_SEND_ACK_DATA, 0);
  else if (self->quick_acks > 0 && !self->pingpong)
    _hs_endpoint_send_ack (self, HS_REASON_SEND_ACK_DATA, 0);
  else if (self->unacked_full_segments >= 2)
    _hs_endpoint_send_ack (self, HS_REASON_SEND_ACK_DATA, 0);
  else
    schedule_delayed_ack (self);
}

/* The eighth check: the FIN bit, once everything before it has arrived. */
static void
process_fin (HsEndpoint *self)
{
  HsState before = self->state;

  self->rcv_nxt++;
  self->fin_received = TRUE;
  self->peer_fin_known = FALSE;
  _hs_endpoint_maybe_notify_eof (self);

  switch (before)
    {
    case HS_STATE_SYN_RECEIVED:
    case HS_STATE_ESTABLISHED:
      _hs_endpoint_set_state (self, HS_STATE_CLOSE_WAIT);
      if (self->profile->delay_fin_ack && self->config->delayed_ack && self->got_first_data)
        {
          /* Linux expects the application to close soon and delays the ACK,
           * so that it may travel with our own FIN. */
          self->pingpong = TRUE;
          schedule_delayed_ack (self);
        }
      else if (self->profile->delay_fin_ack && self->config->delayed_ack)
        {
          /* The same, but no data has arrived yet: Linux's delayed-ACK
           * timeout (icsk_ack.ato) is still 0, so the "delayed" ACK leaves
           * at once and the application's close sends a FIN of its own
           * (close-remote-fin-then-close.pkt: four segments). */
          self->pingpong = TRUE;
          _hs_endpoint_send_ack (self, HS_REASON_SEND_ACK_FIN, 0);
        }
      else
        _hs_endpoint_send_ack (self, HS_REASON_SEND_ACK_FIN, 0);
      break;

    case HS_STATE_FIN_WAIT_1:
      if (our_fin_acked (self))
        {
          _hs_endpoint_send_ack (self, HS_REASON_SEND_ACK_FIN, 0);
          _hs_endpoint_enter_time_wait (self);
        }
      else
        {
          _hs_endpoint_set_state (self, HS_STATE_CLOSING);
          _hs_endpoint_send_ack (self, HS_REASON_SEND_ACK_FIN, 0);
        }
      break;

    case HS_STATE_FIN_WAIT_2:
      _hs_endpoint_send_ack (self, HS_REASON_SEND_ACK_FIN, 0);
      _hs_endpoint_enter_time_wait (self);
      break;

    case HS_STATE_TIME_WAIT:
      _hs_endpoint_send_ack (self, HS_REASON_SEND_ACK_TIME_WAIT, 0);
      _hs_endpoint_set_timer (self, HS_TIMER_TIME_WAIT, _hs_endpoint_now (self) + self->profile->time_wait);
      break;

    case HS_STATE_CLOSE_WAIT:
    case HS_STATE_CLOSING:
    case HS_STATE_LAST_ACK:
    case HS_STATE_CLOSED:
    case HS_STATE_LISTEN:
    case HS_STATE_SYN_SENT:
    case HS_N_STATES:
    default:
      break;
    }
}

static HsReason
arrives_closed (HsEndpoint        *self,
                const HsTcpHeader *seg,
                guint32            seg_len)
{
  if (seg->flags & HS_TCP_RST)
    return HS_REASON_ARRIVE_IGNORED;
  send_reset_for (self, seg, seg_len, HS_REASON_SEND_RST_CLOSED);
  return HS_REASON_ARRIVE_CLOSED_PORT;
}

static HsReason
arrives_listen (HsEndpoint        *self,
                const HsTcpHeader *seg,
                guint32            seg_len)
{
  if (seg->flags & HS_TCP_RST)
    return HS_REASON_ARRIVE_IGNORED;
  if (seg->flags & HS_TCP_ACK)
    {
      send_reset_for (self, seg, seg_len, HS_REASON_SEND_RST_BAD_ACK);
      return HS_REASON_ARRIVE_BAD_ACK;
    }
  if (!(seg->flags & HS_TCP_SYN))
    return HS_REASON_ARRIVE_IGNORED;

  self->remote_port = seg->src_port;
  self->irs = seg->seq;
  self->rcv_nxt = seg->seq + 1;
  take_peer_options (self, seg);
  /* the SYN's window is never scaled */
  self->snd_wnd = seg->window;
  self->snd_wl1 = seg->seq;
  self->passive = TRUE;
  _hs_endpoint_choose_iss (self);
  self->snd_wl2 = self->iss;
  _hs_endpoint_set_state (self, HS_STATE_SYN_RECEIVED);
  _hs_endpoint_send_syn (self, HS_REASON_SEND_SYN_ACK);
  return HS_REASON_ARRIVE_ACCEPTED;
}

static HsReason
arrives_syn_sent (HsEndpoint        *self,
                  const HsTcpHeader *seg)
{
  gboolean ack_ok = FALSE;

  if (seg->flags & HS_TCP_ACK)
    {
      if (hs_seq_leq (seg->ack, self->iss) || hs_seq_gt (seg->ack, self->snd_nxt))
        {
          if (!(seg->flags & HS_TCP_RST))
            _hs_endpoint_emit (self, seg->ack, HS_TCP_RST, 0, 0, HS_REASON_SEND_RST_BAD_ACK);
          return HS_REASON_ARRIVE_BAD_ACK;
        }
      ack_ok = TRUE;
    }

  if (seg->flags & HS_TCP_RST)
    {
      if (!ack_ok)
        return HS_REASON_ARRIVE_RST_IGNORED;
      _hs_endpoint_fail (self, HS_NOTIFY_REFUSED);
      return HS_REASON_ARRIVE_RST;
    }

  if (!(seg->flags & HS_TCP_SYN))
    return HS_REASON_ARRIVE_IGNORED;

  self->irs = seg->seq;
  self->rcv_nxt = seg->seq + 1;
  take_peer_options (self, seg);
  self->snd_wnd = seg->window;
  self->max_snd_wnd = seg->window;
  self->snd_wl1 = seg->seq;

  if (ack_ok)
    {
      self->snd_una = seg->ack;
      self->snd_wl2 = seg->ack;
      if (self->timing)
        {
          _hs_endpoint_rtt_sample (self, _hs_endpoint_now (self) - self->timed_at);
          self->timing = FALSE;
        }
      else if (self->rtt_valid)
        _hs_endpoint_recompute_rto (self);
      self->retries = 0;
      _hs_endpoint_set_timer (self, HS_TIMER_RETRANSMISSION, HS_TIME_NONE);
      _hs_endpoint_enter_established (self);
      _hs_endpoint_send_ack (self, HS_REASON_SEND_ACK_HANDSHAKE, 0);
      _hs_endpoint_output (self);
    }
  else
    {
      /* Simultaneous open (RFC 9293 figure 7): both SYNs crossed. */
      self->snd_wl2 = self->iss;
      _hs_endpoint_set_state (self, HS_STATE_SYN_RECEIVED);
      self->timing = FALSE;
      _hs_endpoint_send_syn (self, HS_REASON_SEND_SYN_ACK_SIMULTANEOUS);
    }
  return HS_REASON_ARRIVE_ACCEPTED;
}

/* The sequence number test of section 3.10.7.4, first check. */
static gboolean
acceptable (HsEndpoint *self,
            guint32     seq,
            guint32     seg_len)
{
  guint32 wnd = self->rcv_wnd;

  if (seg_len == 0)
    {
      if (wnd == 0)
        return seq == self->rcv_nxt;
      return hs_seq_leq (self->rcv_nxt, seq) && hs_seq_lt (seq, self->rcv_nxt + wnd);
    }
  if (wnd == 0)
    return FALSE;
  return (hs_seq_leq (self->rcv_nxt, seq) && hs_seq_lt (seq, self->rcv_nxt + wnd)) ||
         (hs_seq_leq (self->rcv_nxt, seq + seg_len - 1) &&
          hs_seq_lt (seq + seg_len - 1, self->rcv_nxt + wnd));
}

static HsReason
arrives_synchronized (HsEndpoint        *self,
                      const HsTcpHeader *seg,
                      guint32            len)
{
  guint32 seg_len = len + ((seg->flags & HS_TCP_SYN) ? 1 : 0) + ((seg->flags & HS_TCP_FIN) ? 1 : 0);
  guint32 seq = seg->seq;
  gboolean fin = (seg->flags & HS_TCP_FIN) != 0;
  gboolean must_ack = FALSE;
  gboolean had_text = FALSE;
  gboolean fin_now = FALSE;

  /* After a simultaneous open the peer's SYN+ACK carries a sequence number
   * just below the window. RFC 9293 figure 7 takes it to ESTABLISHED, as
   * Linux and RFC 5961 section 4.2 do, although the acceptability test of
   * section 3.10.7.4 alone would answer it as an old duplicate. */
  if (self->state == HS_STATE_SYN_RECEIVED &&
      (seg->flags & (HS_TCP_SYN | HS_TCP_ACK)) == (HS_TCP_SYN | HS_TCP_ACK) &&
      !(seg->flags & HS_TCP_RST) && seq + 1 == self->rcv_nxt && seg->ack == self->snd_nxt)
    {
      if (self->ts_ok && (seg->options.present & HS_TCP_OPT_TIMESTAMP))
        self->ts_recent = seg->options.ts_val;
      _hs_endpoint_set_timer (self, HS_TIMER_RETRANSMISSION, HS_TIME_NONE);
      self->snd_una = seg->ack;
      self->snd_wnd = seg->window;
      self->snd_wl1 = seq;
      self->snd_wl2 = seg->ack;
      self->retries = 0;
      _hs_endpoint_enter_established (self);
      _hs_endpoint_send_ack (self, HS_REASON_SEND_ACK_SIMULTANEOUS, 0);
      _hs_endpoint_output (self);
      return HS_REASON_ARRIVE_ACCEPTED;
    }

  /* first: the sequence number */
  if (!acceptable (self, seq, seg_len))
    {
      if (seg->flags & HS_TCP_RST)
        return HS_REASON_ARRIVE_RST_IGNORED;

      if (self->state == HS_STATE_SYN_RECEIVED && (seg->flags & HS_TCP_SYN) &&
          !(seg->flags & HS_TCP_ACK) && seq == self->irs && self->profile->synack_on_dup_syn)
        {
          /* The peer's SYN again: our SYN+ACK must have been lost. */
          _hs_endpoint_send_syn (self, HS_REASON_SEND_SYN_ACK_AGAIN);
          return HS_REASON_ARRIVE_DUPLICATE;
        }

      if (self->state == HS_STATE_TIME_WAIT && fin && seq + len + 1 == self->rcv_nxt)
        {
          /* The peer's FIN again: our last ACK was lost. TIME-WAIT exists
           * for exactly this. */
          _hs_endpoint_send_ack (self, HS_REASON_SEND_ACK_TIME_WAIT, HS_MARK_DUPLICATE_ACK);
          _hs_endpoint_set_timer (self, HS_TIMER_TIME_WAIT, _hs_endpoint_now (self) + self->profile->time_wait);
          return HS_REASON_ARRIVE_DUPLICATE;
        }

      if (len > 0 && hs_seq_lt (seq, self->rcv_nxt))
        _hs_endpoint_note_duplicate (self, seq, hs_seq_min (seq + len, self->rcv_nxt));
      _hs_endpoint_send_ack (self, HS_REASON_SEND_ACK_UNACCEPTABLE, HS_MARK_DUPLICATE_ACK);
      return HS_REASON_ARRIVE_DUPLICATE;
    }

  if (self->ts_ok && (seg->options.present & HS_TCP_OPT_TIMESTAMP) && hs_seq_leq (seq, self->rcv_nxt))
    self->ts_recent = seg->options.ts_val;

  /* The peer is alive: keepalive counts silence from here (Linux
   * rcv_tstamp, and icsk_probes_out back to 0). */
  self->last_heard = _hs_endpoint_now (self);
  self->keepalive_probes = 0;
  if (self->config->keepalive)
    _hs_endpoint_set_timer (self, HS_TIMER_KEEPALIVE, self->last_heard + self->config->keep_idle);

  /* second: the RST bit, validated as RFC 5961 section 3.2 asks */
  if (seg->flags & HS_TCP_RST)
    {
      if (seq != self->rcv_nxt)
        {
          _hs_endpoint_send_ack (self, HS_REASON_SEND_CHALLENGE_ACK, 0);
          return HS_REASON_ARRIVE_RST_IGNORED;
        }

      switch (self->state)
        {
        case HS_STATE_SYN_RECEIVED:
          if (self->passive)
            {
              /* Back to LISTEN, as if the SYN had never come. */
              _hs_endpoint_cancel_all_timers (self);
              self->has_iss = FALSE;
              self->timing = FALSE;
              self->retries = 0;
              _hs_endpoint_set_state (self, HS_STATE_LISTEN);
              return HS_REASON_ARRIVE_RST_LISTEN;
            }
          _hs_endpoint_fail (self, HS_NOTIFY_REFUSED);
          return HS_REASON_ARRIVE_RST;

        case HS_STATE_ESTABLISHED:
        case HS_STATE_FIN_WAIT_1:
        case HS_STATE_FIN_WAIT_2:
        case HS_STATE_CLOSE_WAIT:
          _hs_endpoint_fail (self, HS_NOTIFY_RESET);
          return HS_REASON_ARRIVE_RST;

        case HS_STATE_CLOSING:
        case HS_STATE_LAST_ACK:
        case HS_STATE_TIME_WAIT:
        case HS_STATE_CLOSED:
        case HS_STATE_LISTEN:
        case HS_STATE_SYN_SENT:
        case HS_N_STATES:
        default:
          _hs_endpoint_delete_tcb (self);
          return HS_REASON_ARRIVE_RST;
        }
    }

  /* fourth: a SYN in a synchronized state (RFC 5961 section 4: challenge ACK) */
  if (seg->flags & HS_TCP_SYN)
    {
      if (self->state == HS_STATE_SYN_RECEIVED && self->passive && !(seg->flags & HS_TCP_ACK))
        {
          _hs_endpoint_cancel_all_timers (self);
          self->has_iss = FALSE;
          _hs_endpoint_set_state (self, HS_STATE_LISTEN);
          return HS_REASON_ARRIVE_RST_LISTEN;
        }
      _hs_endpoint_send_ack (self, HS_REASON_SEND_CHALLENGE_ACK, 0);
      return HS_REASON_ARRIVE_IGNORED;
    }

  /* fifth: the ACK field */
  if (!(seg->flags & HS_TCP_ACK))
    return HS_REASON_ARRIVE_IGNORED;

  if (self->state == HS_STATE_SYN_RECEIVED)
    {
      if (hs_seq_lt (self->snd_una, seg->ack) && hs_seq_leq (seg->ack, self->snd_nxt))
        {
          if (self->timing)
            {
              _hs_endpoint_rtt_sample (self, _hs_endpoint_now (self) - self->timed_at);
              self->timing = FALSE;
            }
          _hs_endpoint_set_timer (self, HS_TIMER_RETRANSMISSION, HS_TIME_NONE);
          self->snd_una = seg->ack;
          self->snd_wnd = seg->window << (self->ws_ok ? self->snd_wscale : 0);
          self->max_snd_wnd = self->snd_wnd;
          self->snd_wl1 = seq;
          self->snd_wl2 = seg->ack;
          self->retries = 0;
          _hs_endpoint_enter_established (self);
        }
      else
        {
          _hs_endpoint_emit (self, seg->ack, HS_TCP_RST, 0, 0, HS_REASON_SEND_RST_BAD_ACK);
          return HS_REASON_ARRIVE_BAD_ACK;
        }
    }

  if (hs_seq_gt (seg->ack, self->snd_max))
    {
      /* It acknowledges something not yet sent. */
      _hs_endpoint_send_ack (self, HS_REASON_SEND_ACK_UNACCEPTABLE, 0);
      return HS_REASON_ARRIVE_IGNORED;
    }

  _hs_endpoint_process_ack (self, seg, len);

  switch (self->state)
    {
    case HS_STATE_FIN_WAIT_1:
      if (our_fin_acked (self))
        {
          _hs_endpoint_set_state (self, HS_STATE_FIN_WAIT_2);
          if (self->app_closed && self->profile->fin_wait_2_timeout > 0)
            /* An orphaned FIN-WAIT-2 does not wait forever (Linux). */
            _hs_endpoint_set_timer (self, HS_TIMER_TIME_WAIT, _hs_endpoint_now (self) + self->profile->fin_wait_2_timeout);
        }
      break;

    case HS_STATE_CLOSING:
      if (our_fin_acked (self))
        {
          _hs_endpoint_enter_time_wait (self);
          return HS_REASON_ARRIVE_ACCEPTED;
        }
      break;

    case HS_STATE_LAST_ACK:
      if (our_fin_acked (self))
        {
          _hs_endpoint_delete_tcb (self);
          return HS_REASON_ARRIVE_ACCEPTED;
        }
      break;

    case HS_STATE_TIME_WAIT:
    case HS_STATE_ESTABLISHED:
    case HS_STATE_FIN_WAIT_2:
    case HS_STATE_CLOSE_WAIT:
    case HS_STATE_CLOSED:
    case HS_STATE_LISTEN:
    case HS_STATE_SYN_SENT:
    case HS_STATE_SYN_RECEIVED:
    case HS_N_STATES:
    default:
      break;
    }

  /* seventh: the segment text */
  if (len > 0)
    {
      guint32 start = seq;
      guint32 end = seq + len;

      switch (self->state)
        {
        case HS_STATE_ESTABLISHED:
        case HS_STATE_FIN_WAIT_1:
        case HS_STATE_FIN_WAIT_2:
          if (self->app_closed)
            {
              /* Data for an application that closed: nobody will read it,
               * so a reset says it was lost (RFC 1122 section 4.2.2.13).
               * Linux drops the connection first and answers the segment
               * as it would without one: a bare RST, seq = its ack. */
              if (self->profile->reset_answers_segment)
                send_reset_for (self, seg, seg_len, HS_REASON_SEND_RST_DATA_AFTER_CLOSE);
              else
                _hs_endpoint_emit (self, self->snd_nxt, HS_TCP_RST, 0, 0, HS_REASON_SEND_RST_DATA_AFTER_CLOSE);
              _hs_endpoint_fail (self, HS_NOTIFY_RESET);
              return HS_REASON_ARRIVE_RST;
            }
          /* trim what lies outside the window; what arrived before is
           * reported as a D-SACK */
          if (hs_seq_lt (start, self->rcv_nxt))
            {
              _hs_endpoint_note_duplicate (self, start, hs_seq_min (end, self->rcv_nxt));
              start = self->rcv_nxt;
            }
          if (hs_seq_gt (end, self->rcv_nxt + self->rcv_wnd))
            {
              end = self->rcv_nxt + self->rcv_wnd;
              fin = FALSE;
            }
          if (hs_seq_lt (start, end))
            {
              gboolean ahead = hs_seq_gt (start, self->rcv_nxt);

              had_text = TRUE;
              must_ack = accept_text (self, start, end - start) || ahead;
            }
          else
            must_ack = TRUE;
          break;

        case HS_STATE_CLOSE_WAIT:
        case HS_STATE_CLOSING:
        case HS_STATE_LAST_ACK:
        case HS_STATE_TIME_WAIT:
        case HS_STATE_CLOSED:
        case HS_STATE_LISTEN:
        case HS_STATE_SYN_SENT:
        case HS_STATE_SYN_RECEIVED:
        case HS_N_STATES:
        default:
          /* the peer already sent its FIN: this cannot be new data */
          break;
        }
    }

  /* eighth: the FIN bit, once all the data before it is in */
  if (fin)
    {
      self->peer_fin_known = TRUE;
      self->peer_fin_seq = seq + len;
    }
  if (self->peer_fin_known && self->peer_fin_seq == self->rcv_nxt && !self->fin_received &&
      self->state != HS_STATE_CLOSED)
    {
      /* data that came with the FIN counts as data for the ACK's timer */
      if (had_text)
        note_data_received (self);
      process_fin (self);
      fin_now = TRUE;
    }
  else if (had_text)
    acknowledge_data (self, len, must_ack);
  else if (must_ack || (fin && !self->fin_received))
    _hs_endpoint_send_ack (self, HS_REASON_SEND_ACK_OUT_OF_ORDER, HS_MARK_DUPLICATE_ACK);

  if (self->state != HS_STATE_CLOSED)
    _hs_endpoint_output (self);

  if (fin_now)
    return HS_REASON_ARRIVE_FIN;
  /* a pure ACK ahead of a gap holds nothing that must wait for it */
  if (hs_seq_gt (seq, self->rcv_nxt) && (len > 0 || fin))
    return HS_REASON_ARRIVE_OUT_OF_ORDER;
  if (self->cwnd_unused && len == 0 && !fin)
    return HS_REASON_ARRIVE_ACK_CWND_UNUSED;
  if (self->undone && len == 0 && !fin)
    return HS_REASON_ARRIVE_UNDO;
  if (self->prr_held > 0 && len == 0 && !fin)
    return self->prr_held == 1 ? HS_REASON_ARRIVE_PRR_HOLD : HS_REASON_ARRIVE_PRR_FULL;
  if (self->recovery_ended && len == 0 && !fin)
    return HS_REASON_ARRIVE_RECOVERY_END;
  return HS_REASON_ARRIVE_ACCEPTED;
}

HsReason
hs_endpoint_segment_arrives (HsEndpoint        *self,
                             const HsTcpHeader *seg,
                             guint32            len)
{
  guint32 seg_len = len + ((seg->flags & HS_TCP_SYN) ? 1 : 0) + ((seg->flags & HS_TCP_FIN) ? 1 : 0);

  switch (self->state)
    {
    case HS_STATE_CLOSED:
      return arrives_closed (self, seg, seg_len);
    case HS_STATE_LISTEN:
      return arrives_listen (self, seg, seg_len);
    case HS_STATE_SYN_SENT:
      return arrives_syn_sent (self, seg);
    case HS_STATE_SYN_RECEIVED:
    case HS_STATE_ESTABLISHED:
    case HS_STATE_FIN_WAIT_1:
    case HS_STATE_FIN_WAIT_2:
    case HS_STATE_CLOSE_WAIT:
    case HS_STATE_CLOSING:
    case HS_STATE_LAST_ACK:
    case HS_STATE_TIME_WAIT:
      return arrives_synchronized (self, seg, len);
    case HS_N_STATES:
    default:
      g_assert_not_reached ();
    }
}
