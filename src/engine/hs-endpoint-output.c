/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-endpoint-output.c: everything an endpoint sends goes through emit ()
 * here: the window it offers (receiver-side silly window avoidance), its
 * options (MSS, window scale, SACK blocks, timestamps), the SYN, bare ACKs.
 * And output (), which sends what the windows allow: segmentation into
 * send MSS pieces, Nagle, sender-side silly window avoidance, PSH, the FIN
 * after the data; and the persist timer's window probes (RFC 9293 sections
 * 3.8.6 and 3.7.4). */

#define G_LOG_DOMAIN "hs-endpoint"

#include "config.h"

#include "hs-endpoint-private.h"

/* The window field of a SYN is never scaled (RFC 7323 section 2.2). Linux
 * offers a whole number of segments. */
static guint16
syn_window (HsEndpoint *self)
{
  guint32 wnd = MIN (self->config->receive_buffer, G_MAXUINT16);

  if (self->profile->syn_window_in_segments)
    {
      guint32 mss = self->config->mss;

      /* A SYN+ACK already knows whether timestamps were agreed. */
      if (self->passive && self->ts_ok)
        mss -= TS_OPTION_LEN;
      if (wnd >= mss)
        wnd = wnd / mss * mss;
    }
  return wnd;
}

static void
fill_options (HsEndpoint   *self,
              HsTcpHeader  *h,
              gboolean      syn)
{
  HsTcpOptions *o = &h->options;
  gboolean is_synack = syn && (h->flags & HS_TCP_ACK);

  if (syn)
    {
      o->present |= HS_TCP_OPT_MSS;
      o->mss = self->config->mss;
      if (self->config->window_scale >= 0 && (!is_synack || self->ws_ok))
        {
          o->present |= HS_TCP_OPT_WSCALE;
          o->wscale = self->config->window_scale;
        }
      if (self->config->sack && (!is_synack || self->sack_ok))
        o->present |= HS_TCP_OPT_SACK_PERM;
    }

  if ((syn && self->config->timestamps && (!is_synack || self->ts_ok)) ||
      (!syn && self->ts_ok && !(h->flags & HS_TCP_RST)))
    {
      o->present |= HS_TCP_OPT_TIMESTAMP;
      o->ts_val = (guint32) (_hs_endpoint_now (self) / HS_USEC_PER_MSEC) + self->ts_offset;
      o->ts_ecr = (h->flags & HS_TCP_ACK) ? self->ts_recent : 0;
    }

  if (!syn && self->sack_ok && self->dsack_pending && !(h->flags & HS_TCP_RST))
    {
      /* RFC 2883: the duplicate first, once */
      o->present |= HS_TCP_OPT_SACK;
      o->sack[0].left = self->dsack_start;
      o->sack[0].right = self->dsack_end;
      o->n_sack = 1;
      self->dsack_pending = FALSE;
    }
  if (!syn && self->sack_ok && !hs_seq_ranges_is_empty (self->out_of_order) && !(h->flags & HS_TCP_RST))
    {
      guint max_blocks = (o->present & HS_TCP_OPT_TIMESTAMP) ? 3 : 4;
      guint n_ranges = hs_seq_ranges_get_n (self->out_of_order);
      guint first;

      o->present |= HS_TCP_OPT_SACK;
      /* RFC 2018 section 4: the first block holds the segment that arrived
       * last; then the others, highest first. */
      if (!hs_seq_ranges_find (self->out_of_order, self->last_ooo_seq, &first))
        first = n_ranges - 1;
      o->sack[o->n_sack].left = hs_seq_ranges_get (self->out_of_order, first)->start;
      o->sack[o->n_sack].right = hs_seq_ranges_get (self->out_of_order, first)->end;
      o->n_sack++;
      for (guint i = n_ranges; i > 0 && o->n_sack < max_blocks; i--)
        {
          const HsSeqRange *r = hs_seq_ranges_get (self->out_of_order, i - 1);

          if (i - 1 == first)
            continue;
          o->sack[o->n_sack].left = r->start;
          o->sack[o->n_sack].right = r->end;
          o->n_sack++;
        }
    }
}

static void
ack_was_sent (HsEndpoint *self)
{
  self->ack_pending = FALSE;
  self->unacked_full_segments = 0;
  if (self->quick_acks > 0)
    self->quick_acks--;
  _hs_endpoint_set_timer (self, HS_TIMER_DELAYED_ACK, HS_TIME_NONE);
}

/* The receive window to offer now, in bytes (RFC 9293 section 3.8.6.2):
 * never moving its right edge back, and moving it forward only by a
 * worthwhile amount (receiver-side silly window avoidance, 3.8.6.2.2). */
static guint32
advertised_window (HsEndpoint *self)
{
  guint32 space = _hs_endpoint_receive_space (self);
  guint8 shift = self->ws_ok ? self->rcv_wscale : 0;
  guint32 keep, threshold;

  if (self->profile->clamp_window_to_syn && self->rcv_wnd_clamp > 0)
    {
      /* Linux keeps offering the SYN's window, rounded up to what the
       * scale factor can express (__tcp_select_window). */
      space = MIN (space, self->rcv_wnd_clamp);
      if (space > 0 && shift > 0)
        space = (space + (1u << shift) - 1) & ~((1u << shift) - 1);
    }
  if (!self->rcv_wnd_edge_valid)
    return space;

  keep = hs_seq_gt (self->rcv_wnd_edge, self->rcv_nxt) ? self->rcv_wnd_edge - self->rcv_nxt : 0;
  threshold = MIN (self->config->receive_buffer / 2, self->config->mss);
  if (space >= keep + threshold)
    return space;
  return keep;
}

/* Builds and transmits one segment; every segment this endpoint sends goes
 * through here. */
guint
_hs_endpoint_emit (HsEndpoint *self,
                   guint32     seq,
                   guint8      flags,
                   guint32     len,
                   guint8      marks,
                   HsReason    reason)
{
  HsTcpHeader h = { 0 };
  gboolean syn = (flags & HS_TCP_SYN) != 0;
  guint32 window = 0;

  h.src_port = self->local_port;
  h.dst_port = self->remote_port;
  h.seq = seq;
  h.flags = flags;
  if (flags & HS_TCP_ACK)
    h.ack = self->rcv_nxt;

  /* A reset the application causes (Linux tcp_send_active_reset) carries
   * ACK and a window; one that answers a segment (tcp_v4_send_reset) has
   * window 0. */
  if ((flags & HS_TCP_RST) && !((flags & HS_TCP_ACK) && self->profile->rst_carries_ack &&
                                (reason == HS_REASON_SEND_RST_ABORT || reason == HS_REASON_SEND_RST_CLOSE_UNREAD ||
                                 reason == HS_REASON_SEND_RST_KEEPALIVE ||
                                 (reason == HS_REASON_SEND_RST_DATA_AFTER_CLOSE && !self->profile->reset_answers_segment))))
    h.window = 0;
  else if (syn)
    {
      h.window = syn_window (self);
      self->rcv_wnd = h.window;
      self->rcv_wnd_clamp = h.window;
      window = h.window;
      if (flags & HS_TCP_ACK)
        {
          /* a SYN+ACK offers its window from the peer's ISN + 1 on */
          self->rcv_wnd_edge = self->rcv_nxt + h.window;
          self->rcv_wnd_edge_valid = TRUE;
        }
    }
  else
    {
      guint32 wnd = advertised_window (self);
      guint8 shift = self->ws_ok ? self->rcv_wscale : 0;
      guint32 keep = self->rcv_wnd_edge_valid && hs_seq_gt (self->rcv_wnd_edge, self->rcv_nxt)
                     ? self->rcv_wnd_edge - self->rcv_nxt : 0;
      guint32 field = wnd >> shift;

      /* the scale factor must not cut the window short of its old edge */
      if ((field << shift) < keep)
        field = (keep + (1u << shift) - 1) >> shift;
      field = MIN (field, G_MAXUINT16);

      h.window = field;
      self->rcv_wnd = field << shift;
      self->rcv_wnd_edge = self->rcv_nxt + self->rcv_wnd;
      self->rcv_wnd_edge_valid = TRUE;
      window = self->rcv_wnd;
      if (field == 0)
        marks |= HS_MARK_ZERO_WINDOW;
    }

  if (!(flags & HS_TCP_RST))
    fill_options (self, &h, syn);

  /* RFC 5681 section 2: a duplicate ACK repeats the previous ACK, carries
   * no data and offers the same window. An ACK sent at once because of a
   * gap that acknowledges more than the previous one, or offers another
   * window, is not a duplicate. */
  if (flags == HS_TCP_ACK && len == 0)
    {
      gboolean repeats = self->ack_sent && h.ack == self->last_ack_sent && window == self->last_wnd_sent;

      if (!repeats)
        marks &= ~HS_MARK_DUPLICATE_ACK;
      if (reason == HS_REASON_SEND_ACK_OUT_OF_ORDER && !repeats)
        {
          if (self->ack_sent && h.ack == self->last_ack_sent)
            reason = HS_REASON_SEND_ACK_GAP_WINDOW;
          else
            reason = !hs_seq_ranges_is_empty (self->out_of_order) ? HS_REASON_SEND_ACK_GAP_ADVANCED : HS_REASON_SEND_ACK_DATA;
        }
    }

  if (flags & HS_TCP_ACK)
    {
      ack_was_sent (self);
      if (!(flags & HS_TCP_RST))
        {
          self->ack_sent = TRUE;
          self->last_ack_sent = h.ack;
          self->last_wnd_sent = window;
        }
    }
  if (len > 0)
    self->last_data_sent = _hs_endpoint_now (self);
  /* what an undo must see D-SACKed, and when retransmitting began */
  if (self->undo_valid && (marks & HS_MARK_RETRANSMISSION) && (len > 0 || (flags & HS_TCP_FIN)) &&
      !(flags & (HS_TCP_SYN | HS_TCP_RST)))
    {
      self->undo_retrans = MAX (self->undo_retrans, 0) + 1;
      if (!self->retrans_stamp_valid && (h.options.present & HS_TCP_OPT_TIMESTAMP))
        {
          self->retrans_stamp = h.options.ts_val;
          self->retrans_stamp_valid = TRUE;
        }
    }
  /* RACK keeps when each segment of data last went */
  if (len > 0 && !(flags & (HS_TCP_SYN | HS_TCP_RST)))
    _hs_endpoint_rack_sent (self, seq, len, (marks & HS_MARK_RETRANSMISSION) != 0);
  /* PRR counts every segment that recovery lets out, old or new */
  if (self->in_recovery && (len > 0 || (flags & HS_TCP_FIN)) && !(flags & (HS_TCP_SYN | HS_TCP_RST)))
    self->prr_out++;

  return self->host->transmit (self->host_data, self, &h, len, window, marks, reason);
}

void
_hs_endpoint_send_ack (HsEndpoint *self,
                       HsReason    reason,
                       guint8      marks)
{
  /* After a timeout SND.NXT goes back to resend; a bare ACK still carries
   * the next new sequence number, as BSD and Linux do, or the peer would
   * take it for an old duplicate and answer it, forever. */
  _hs_endpoint_emit (self, hs_seq_max (self->snd_nxt, self->snd_max), HS_TCP_ACK, 0, marks, reason);
}

/* Sends the SYN (or SYN+ACK) of this side, fresh or again. */
void
_hs_endpoint_send_syn (HsEndpoint *self,
                       HsReason    reason)
{
  gboolean again = hs_seq_gt (self->snd_max, self->iss);
  guint8 flags = HS_TCP_SYN;

  if (self->state == HS_STATE_SYN_RECEIVED)
    flags |= HS_TCP_ACK;

  _hs_endpoint_emit (self, self->iss, flags, 0, again ? HS_MARK_RETRANSMISSION : 0, reason);
  self->snd_nxt = self->iss + 1;
  self->snd_max = hs_seq_max (self->snd_max, self->snd_nxt);

  if (!again && !self->timing)
    {
      self->timing = TRUE;
      self->timed_seq = self->iss;
      self->timed_at = _hs_endpoint_now (self);
    }
  if (!_hs_endpoint_timer_armed (self, HS_TIMER_RETRANSMISSION))
    _hs_endpoint_restart_retransmission_timer (self);
}

/* Whether Nagle holds back a short segment of @len bytes at @seq while data
 * is in flight. RFC 9293 (section 3.7.4) holds it whenever anything is
 * unacknowledged. Linux holds it only while an earlier short segment is
 * (Minshall's variant, tcp_minshall_check), so a write of 3000 bytes leaves
 * as 1448 + 1448 + 104 at once; a segment that carries the FIN is never
 * held (tcp_nagle_test). */
static gboolean
nagle_holds (HsEndpoint *self,
             guint32     seq,
             guint32     len)
{
  if (!self->profile->minshall_nagle)
    return TRUE;
  if (self->fin_queued && seq + len == self->snd_buf_end)
    return FALSE;
  return hs_seq_gt (self->snd_sml, self->snd_una) && hs_seq_leq (self->snd_sml, self->snd_nxt);
}

/* Sends what the windows allow: new data, then the FIN. */
void
_hs_endpoint_output (HsEndpoint *self)
{
  guint32 mss;
  guint sent = 0;

  self->nagle_held = FALSE;

  switch (self->state)
    {
    case HS_STATE_ESTABLISHED:
    case HS_STATE_CLOSE_WAIT:
    case HS_STATE_FIN_WAIT_1:
    case HS_STATE_CLOSING:
    case HS_STATE_LAST_ACK:
      break;
    case HS_STATE_CLOSED:
    case HS_STATE_LISTEN:
    case HS_STATE_SYN_SENT:
    case HS_STATE_SYN_RECEIVED:
    case HS_STATE_FIN_WAIT_2:
    case HS_STATE_TIME_WAIT:
    case HS_N_STATES:
    default:
      return;
    }

  mss = _hs_endpoint_send_mss (self);

  /* RFC 5681 section 4.1: before sending again after an idle period
   * longer than the RTO. Linux checks when the application writes or the
   * window opens; nothing can be sent before either, so checking here, with
   * nothing outstanding, comes to the same. */
  if (self->snd_una == self->snd_max && hs_seq_lt (self->snd_nxt, self->snd_buf_end) &&
      self->last_data_sent != HS_TIME_NONE && _hs_endpoint_now (self) - self->last_data_sent > self->rto)
    _hs_endpoint_restart_after_idle (self, _hs_endpoint_now (self) - self->last_data_sent);

  for (;;)
    {
      guint32 in_flight = self->snd_nxt - self->snd_una;
      /* The peer's window counts from the ACK that carried it (SND.WL2),
       * which may be older than SND.UNA. */
      guint32 right_edge = self->snd_wl2 + self->snd_wnd;
      guint32 room = _hs_endpoint_congestion_room (self);
      guint32 usable = MIN (self->tlp_sending ? MAX (room, mss) : room,
                            hs_seq_gt (right_edge, self->snd_nxt) ? right_edge - self->snd_nxt : 0);
      guint32 unsent = hs_seq_lt (self->snd_nxt, self->snd_buf_end) ? self->snd_buf_end - self->snd_nxt : 0;
      gboolean fin_unsent = self->fin_queued && hs_seq_leq (self->snd_nxt, self->snd_buf_end);
      guint32 seq = self->snd_nxt;
      guint8 flags = HS_TCP_ACK;
      guint8 marks = 0;
      guint32 len;
      HsReason reason;

      if (unsent > 0)
        {
          len = MIN (MIN (unsent, mss), usable);
          if (len == 0)
            {
              /* The peer's window is closed: probe it (RFC 9293 section 3.8.6.1). */
              if (self->snd_wnd == 0 && in_flight == 0 && !_hs_endpoint_timer_armed (self, HS_TIMER_PERSIST))
                _hs_endpoint_set_timer (self, HS_TIMER_PERSIST, _hs_endpoint_now (self) + self->rto);
              break;
            }
          /* Sender-side silly window avoidance (RFC 9293 section
           * 3.8.6.2.1): when the window, not the data, makes the segment
           * short, send it only if it is at least half the largest window
           * the peer has offered (Linux: its segments are never bigger than
           * that half, tcp_bound_to_half_wnd, and must fit whole). With
           * nothing in flight the persist timer sends it later. */
          if (len < MIN (unsent, mss) && len < self->max_snd_wnd / 2 &&
              len == MIN (usable, hs_seq_gt (right_edge, self->snd_nxt) ? right_edge - self->snd_nxt : 0))
            {
              if (in_flight == 0 && !_hs_endpoint_timer_armed (self, HS_TIMER_PERSIST))
                _hs_endpoint_set_timer (self, HS_TIMER_PERSIST, _hs_endpoint_now (self) + self->rto);
              break;
            }
          /* TCP_CORK and MSG_MORE: a short segment waits for more data,
           * unless the FIN goes with it (tcp_send_fin pushes) or
           * TCP_NODELAY pushes once. With nothing in flight the persist
           * timer sends it after an RTO, as Linux's probe timer does. */
          if ((self->corked || self->more) && len < mss && !self->push_once && !self->tlp_sending && len == unsent &&
              !(self->fin_queued && seq + len == self->snd_buf_end))
            {
              self->nagle_held = TRUE;
              if (in_flight == 0 && !_hs_endpoint_timer_armed (self, HS_TIMER_PERSIST))
                _hs_endpoint_set_timer (self, HS_TIMER_PERSIST, _hs_endpoint_now (self) + self->rto);
              break;
            }
          /* Nagle (RFC 9293 section 3.7.4): one small segment in flight at a time. */
          if (self->config->nagle && len < mss && in_flight > 0 && !self->push_once && !self->tlp_sending &&
              nagle_holds (self, seq, len))
            {
              self->nagle_held = TRUE;
              break;
            }
        }
      else if (fin_unsent)
        len = 0;
      else
        break;

      /* PSH on the segment that reaches the end of a write that was not
       * sent with MSG_MORE (Linux tcp_mark_push; the kernel's forced push
       * every half window is not modelled) */
      if (len > 0 && hs_seq_lt (seq, self->psh_end) && hs_seq_leq (self->psh_end, seq + len))
        flags |= HS_TCP_PSH;
      if (fin_unsent && seq + len == self->snd_buf_end)
        flags |= HS_TCP_FIN;

      if (hs_seq_lt (seq, self->snd_max))
        {
          /* Only the retransmission timer moves SND.NXT back: what it
           * sends at once is its doing, what ACKs let out later is
           * go-back-N. */
          marks |= HS_MARK_RETRANSMISSION;
          reason = self->in_rto ? HS_REASON_RETRANSMIT_TIMEOUT : HS_REASON_RETRANSMIT_GO_BACK_N;
        }
      else if (self->tlp_sending)
        reason = HS_REASON_SEND_DATA_PROBE;
      else if (len > 0 && self->restarted_idle)
        {
          reason = HS_REASON_SEND_DATA_AFTER_IDLE;
          self->restarted_idle = FALSE;
        }
      else if (len > 0 && !self->in_recovery && in_flight + len > self->cwnd)
        {
          /* beyond cwnd: only the duplicate ACKs' allowance let it out */
          reason = HS_REASON_SEND_DATA_LIMITED_TRANSMIT;
          self->lt_bytes += len;
        }
      else if (len > 0 && self->in_recovery && self->profile->prr && self->sack_ok)
        reason = HS_REASON_SEND_DATA_PRR;
      else if (len > 0 && (flags & HS_TCP_FIN))
        reason = self->app_closed ? HS_REASON_SEND_DATA_FIN : HS_REASON_SEND_DATA_FIN_SHUTDOWN;
      else if (len > 0)
        reason = HS_REASON_SEND_DATA;
      else if (self->app_closed)
        reason = HS_REASON_SEND_FIN;
      else
        reason = HS_REASON_SEND_FIN_SHUTDOWN;

      /* Linux: an answer soon after data arrived means a conversation; ACKs
       * are then delayed in the hope of riding on the next answer. */
      if (len > 0 && self->profile->quick_ack && self->got_first_data &&
          _hs_endpoint_now (self) - self->last_data_received < self->profile->delayed_ack)
        self->pingpong = TRUE;

      _hs_endpoint_emit (self, seq, flags, len, marks, reason);
      sent++;
      if (len > 0 && len < mss && !(marks & HS_MARK_RETRANSMISSION))
        self->snd_sml = seq + len;

      self->snd_nxt = seq + len + ((flags & HS_TCP_FIN) ? 1 : 0);
      if (hs_seq_gt (self->snd_nxt, self->snd_max))
        {
          self->last_seg_seq = seq;
          self->last_seg_len = len;
          self->last_seg_fin = (flags & HS_TCP_FIN) != 0;
        }
      self->snd_max = hs_seq_max (self->snd_max, self->snd_nxt);
      if (!self->timing && !(marks & HS_MARK_RETRANSMISSION))
        {
          self->timing = TRUE;
          self->timed_seq = seq;
          self->timed_at = _hs_endpoint_now (self);
        }
      _hs_endpoint_rearm_after_send (self);

      if ((flags & HS_TCP_FIN) || self->tlp_sending)
        break;
    }

  /* As tcp_write_xmit() ends: whether cwnd, rather than the application
   * or the peer's window, held the data back. */
  {
    gboolean limited = _hs_endpoint_congestion_room (self) < mss;

    if (sent > 0 || (limited && hs_seq_lt (self->snd_nxt, self->snd_buf_end)))
      _hs_endpoint_cwnd_validate (self, limited);
    /* one probe per tail loss episode: the probe itself schedules none */
    if (sent > 0 && !self->tlp_sending)
      _hs_endpoint_schedule_loss_probe (self, FALSE);
  }
}

/* The tail loss probe's first choice (RFC 8985 section 7.3, Linux
 * tcp_send_loss_probe): one segment of new data, whatever cwnd and Nagle
 * say, if there is any and the peer's window takes it. Returns whether it
 * went. */
gboolean
_hs_endpoint_send_probe_new_data (HsEndpoint *self)
{
  guint32 mss = _hs_endpoint_send_mss (self);
  guint32 right_edge = self->snd_wl2 + self->snd_wnd;
  guint32 unsent = hs_seq_lt (self->snd_nxt, self->snd_buf_end) ? self->snd_buf_end - self->snd_nxt : 0;
  gboolean fin_unsent = self->fin_queued && hs_seq_leq (self->snd_nxt, self->snd_buf_end);
  guint32 before = self->snd_max;

  if (self->snd_nxt != self->snd_max || (unsent == 0 && !fin_unsent))
    return FALSE;
  if (unsent > 0 && hs_seq_gt (self->snd_nxt + MIN (unsent, mss), right_edge))
    return FALSE;
  self->tlp_sending = TRUE;
  _hs_endpoint_output (self);
  self->tlp_sending = FALSE;
  return hs_seq_gt (self->snd_max, before);
}

void
_hs_endpoint_persist_timeout (HsEndpoint *self)
{
  HsTime interval;

  if (!_hs_endpoint_connection_exists (self))
    return;
  if (self->snd_wnd > 0)
    {
      /* silly window avoidance held back a small segment; the override
       * timeout (RFC 9293 section 3.8.6.2.1) sends what fits */
      guint32 right_edge = self->snd_wl2 + self->snd_wnd;
      guint32 len = hs_seq_gt (right_edge, self->snd_nxt) ? right_edge - self->snd_nxt : 0;

      len = MIN (len, hs_seq_lt (self->snd_nxt, self->snd_buf_end) ? self->snd_buf_end - self->snd_nxt : 0);
      len = MIN (len, _hs_endpoint_send_mss (self));
      if (len > 0 && self->snd_una == self->snd_max)
        {
          _hs_endpoint_emit (self, self->snd_nxt, HS_TCP_ACK | HS_TCP_PSH, len, 0, HS_REASON_SEND_DATA);
          self->snd_nxt += len;
          self->snd_max = hs_seq_max (self->snd_max, self->snd_nxt);
          _hs_endpoint_restart_retransmission_timer (self);
        }
      return;
    }

  /* Linux probes with an old sequence number and no data; the answer is
   * an ACK that carries the current window. */
  _hs_endpoint_emit (self, self->snd_una - 1, HS_TCP_ACK, 0, HS_MARK_WINDOW_PROBE, HS_REASON_SEND_WINDOW_PROBE);
  self->probes++;
  interval = MIN (self->rto << MIN (self->probes, 16), self->profile->max_rto);
  _hs_endpoint_set_timer (self, HS_TIMER_PERSIST, _hs_endpoint_now (self) + interval);
}
