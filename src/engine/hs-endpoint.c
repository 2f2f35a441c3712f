/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-endpoint.c: one TCP endpoint, following RFC 9293 section 3.10 event by
 * event, with the choices RFC 9293 leaves open made as the profile says.
 * This file owns the TCB's lifetime (creation, the ISS, ESTABLISHED,
 * TIME-WAIT, "delete the TCB") and the user calls of section 3.10.1 to
 * 3.10.6: OPEN (listen, connect), SEND, RECEIVE (read), CLOSE (shutdown,
 * close), ABORT, STATUS (snapshot). The rest of the endpoint:
 *   hs-endpoint-input.c     SEGMENT ARRIVES (section 3.10.7)
 *   hs-endpoint-output.c    segments out: windows, Nagle, SWS, persist, FIN
 *   hs-endpoint-timers.c    the RFC 6298 retransmission timer, other timeouts
 *   hs-endpoint-recovery.c  ACKs, congestion control and loss recovery
 *   hs-endpoint-private.h   the TCB they share */

#define G_LOG_DOMAIN "hs-endpoint"

#include "config.h"

#include <string.h>

#include "hs-endpoint-private.h"

void
_hs_endpoint_set_state (HsEndpoint *self,
                        HsState     state)
{
  HsState old = self->state;

  if (old == state)
    return;
  self->state = state;
  self->host->state_changed (self->host_data, self, old, state);
}

void
_hs_endpoint_choose_iss (HsEndpoint *self)
{
  if (self->has_iss)
    return;
  self->iss = self->config->isn_random ? self->random_isn : self->config->isn;
  self->has_iss = TRUE;
  self->snd_una = self->iss;
  self->snd_nxt = self->iss;
  self->snd_max = self->iss;
  self->snd_buf_end = self->iss + 1;
  self->recover = self->iss;
  self->cwnd_usage_seq = self->iss;
  /* cwnd and ssthresh exist with the TCB (Linux tcp_init_sock: ten
   * segments, ssthresh "infinite"); the handshake sets them again with
   * the MSS it agrees */
  _hs_endpoint_init_congestion_window (self);
  self->snd_sml = self->iss;
  self->psh_end = self->iss + 1;
}

/* The connection is gone: RFC 9293's "delete the TCB". */
void
_hs_endpoint_delete_tcb (HsEndpoint *self)
{
  _hs_endpoint_cancel_all_timers (self);
  hs_seq_ranges_clear (self->out_of_order);
  /* RACK's log belongs to the connection */
  if (self->rack_segs != NULL)
    g_array_set_size (self->rack_segs, 0);
  self->rack_head = 0;
  self->rack_valid = FALSE;
  _hs_endpoint_set_state (self, HS_STATE_CLOSED);
  self->host->notify (self->host_data, self, HS_NOTIFY_CLOSED, 0);
}

void
_hs_endpoint_fail (HsEndpoint *self,
                   HsNotify    why)
{
  self->host->notify (self->host_data, self, why, 0);
  _hs_endpoint_delete_tcb (self);
}

void
_hs_endpoint_enter_established (HsEndpoint *self)
{
  _hs_endpoint_set_state (self, HS_STATE_ESTABLISHED);
  _hs_endpoint_init_congestion_window (self);
  /* Linux counts idleness from here when nothing was sent yet */
  self->last_data_sent = _hs_endpoint_now (self);
  /* RFC 6298 (5.7): after a lost SYN, start data with a conservative RTO. */
  if (self->syn_retransmitted && !self->rtt_valid)
    self->rto = MAX (self->rto, self->profile->rto_after_syn_loss);
  _hs_endpoint_start_keepalive (self);
  self->host->notify (self->host_data, self, HS_NOTIFY_ESTABLISHED, 0);
}

void
_hs_endpoint_enter_time_wait (HsEndpoint *self)
{
  _hs_endpoint_cancel_all_timers (self);
  _hs_endpoint_set_state (self, HS_STATE_TIME_WAIT);
  _hs_endpoint_set_timer (self, HS_TIMER_TIME_WAIT, _hs_endpoint_now (self) + self->profile->time_wait);
}

/* Public API */

HsEndpoint *
hs_endpoint_new (guint                   index,
                 const HsEndpointConfig *config,
                 const HsProfile        *profile,
                 const HsEndpointHost   *host,
                 gpointer                host_data,
                 GRand                  *rand)
{
  HsEndpoint *self = g_new0 (HsEndpoint, 1);

  self->index = index;
  self->config = config;
  self->profile = profile;
  self->host = host;
  self->host_data = host_data;
  self->rand = rand;
  self->state = HS_STATE_CLOSED;
  self->local_port = config->port;
  self->rto = profile->initial_rto;
  self->cc = config->congestion != HS_CONGESTION_DEFAULT ? config->congestion : profile->congestion;
  self->peer_mss = DEFAULT_PEER_MSS;
  self->rcv_wnd = MIN (config->receive_buffer, G_MAXUINT16);
  self->out_of_order = hs_seq_ranges_new ();
  self->sacked = hs_seq_ranges_new ();
  /* Drawn now, from this endpoint's own stream, so that nothing else in the
   * lesson (a fixed ISN on the other side, a dropped segment) changes them.
   * Timestamps start from a per-connection random offset, as in Linux. */
  self->random_isn = g_rand_int (rand);
  self->ts_offset = g_rand_int (rand);
  for (guint i = 0; i < HS_N_TIMERS; i++)
    self->timer_at[i] = HS_TIME_NONE;
  self->last_data_sent = HS_TIME_NONE;
  return self;
}

void
hs_endpoint_free (HsEndpoint *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->out_of_order, hs_seq_ranges_free);
  g_clear_pointer (&self->sacked, hs_seq_ranges_free);
  g_clear_pointer (&self->rack_segs, g_array_unref);
  g_free (self);
}

guint
hs_endpoint_get_index (HsEndpoint *self)
{
  return self->index;
}

HsState
hs_endpoint_get_state (HsEndpoint *self)
{
  return self->state;
}

void
hs_endpoint_set_peer (HsEndpoint *self,
                      const char *address,
                      guint16     port)
{
  self->remote_port = port;
}

guint32
hs_endpoint_get_iss (HsEndpoint *self)
{
  return self->iss;
}

gboolean
hs_endpoint_has_iss (HsEndpoint *self)
{
  return self->has_iss;
}

guint64
hs_endpoint_get_bytes_read (HsEndpoint *self)
{
  return self->bytes_read;
}

gboolean
hs_endpoint_get_eof (HsEndpoint *self)
{
  return self->eof;
}

guint64
hs_endpoint_get_bytes_acked (HsEndpoint *self)
{
  if (!self->has_iss || hs_seq_leq (self->snd_una, self->iss + 1))
    return 0;
  return MIN ((guint64) (self->snd_una - self->iss - 1), self->bytes_written);
}

gboolean
hs_endpoint_is_done (HsEndpoint *self)
{
  return self->state == HS_STATE_CLOSED;
}

void
hs_endpoint_snapshot (HsEndpoint    *self,
                      HsTcbSnapshot *s)
{
  memset (s, 0, sizeof *s);
  s->endpoint = self->index;
  s->state = self->state;
  s->snd_una = self->snd_una;
  s->snd_nxt = self->snd_nxt;
  s->snd_wnd = self->snd_wnd;
  s->snd_wl1 = self->snd_wl1;
  s->snd_wl2 = self->snd_wl2;
  s->iss = self->iss;
  s->rcv_nxt = self->rcv_nxt;
  s->rcv_wnd = self->rcv_wnd;
  s->irs = self->irs;
  s->cwnd = self->cwnd;
  s->ssthresh = self->ssthresh;
  s->in_flight = self->has_iss ? self->snd_nxt - self->snd_una : 0;
  s->pipe = self->has_iss ? _hs_endpoint_pipe_size (self) : 0;
  s->send_buffered = self->has_iss && hs_seq_gt (self->snd_buf_end, self->snd_una)
                     ? self->snd_buf_end - hs_seq_max (self->snd_una, self->iss + 1) : 0;
  s->recv_buffered = hs_seq_ranges_bytes (self->out_of_order) + self->unread;
  s->rto = self->rto;
  s->srtt = self->rtt_valid ? self->srtt : 0;
}

guint
hs_endpoint_get_rtt_samples (HsEndpoint *self,
                             HsTime     *last)
{
  if (last != NULL)
    *last = self->last_rtt_sample;
  return self->n_rtt_samples;
}

HsEndpointResult
hs_endpoint_listen (HsEndpoint *self)
{
  if (self->state != HS_STATE_CLOSED)
    return HS_ENDPOINT_ERROR_EXISTS;
  self->passive = TRUE;
  _hs_endpoint_set_state (self, HS_STATE_LISTEN);
  return HS_ENDPOINT_OK;
}

HsEndpointResult
hs_endpoint_connect (HsEndpoint *self)
{
  if (self->state != HS_STATE_CLOSED && self->state != HS_STATE_LISTEN)
    return HS_ENDPOINT_ERROR_EXISTS;
  self->passive = FALSE;
  _hs_endpoint_choose_iss (self);
  _hs_endpoint_set_state (self, HS_STATE_SYN_SENT);
  _hs_endpoint_send_syn (self, HS_REASON_SEND_SYN);
  return HS_ENDPOINT_OK;
}

gboolean
hs_endpoint_get_nagle_held (HsEndpoint *self)
{
  return self->nagle_held;
}

guint64
hs_endpoint_get_send_space (HsEndpoint *self)
{
  guint32 buffered = 0;

  if (self->has_iss && hs_seq_gt (self->snd_buf_end, hs_seq_max (self->snd_una, self->iss + 1)))
    buffered = self->snd_buf_end - hs_seq_max (self->snd_una, self->iss + 1);
  return self->config->send_buffer > buffered ? self->config->send_buffer - buffered : 0;
}

HsEndpointResult
hs_endpoint_send (HsEndpoint *self,
                  guint64     bytes)
{
  switch (self->state)
    {
    case HS_STATE_CLOSED:
    case HS_STATE_LISTEN:
      return HS_ENDPOINT_ERROR_NOT_CONNECTED;
    case HS_STATE_FIN_WAIT_1:
    case HS_STATE_FIN_WAIT_2:
    case HS_STATE_CLOSING:
    case HS_STATE_LAST_ACK:
    case HS_STATE_TIME_WAIT:
      return HS_ENDPOINT_ERROR_CLOSING;
    case HS_STATE_SYN_SENT:
    case HS_STATE_SYN_RECEIVED:
    case HS_STATE_ESTABLISHED:
    case HS_STATE_CLOSE_WAIT:
    case HS_N_STATES:
    default:
      break;
    }
  if (self->fin_queued)
    return HS_ENDPOINT_ERROR_CLOSING;

  self->snd_buf_end += (guint32) bytes;
  self->bytes_written += bytes;
  /* Linux marks the write's last byte for PSH unless MSG_MORE (tcp_push) */
  if (!self->more)
    self->psh_end = self->snd_buf_end;
  _hs_endpoint_output (self);
  return HS_ENDPOINT_OK;
}

/* send() with MSG_MORE: the application says more is coming, so a short
 * segment at the end of this write waits (Linux tcp_push with
 * TCP_NAGLE_CORK for this call only) and carries no PSH. */
HsEndpointResult
hs_endpoint_send_more (HsEndpoint *self,
                       guint64     bytes)
{
  HsEndpointResult result;

  self->more = TRUE;
  result = hs_endpoint_send (self, bytes);
  self->more = FALSE;
  return result;
}

/* TCP_CORK: while corked, short segments wait; uncorking sends them as
 * Nagle allows (__tcp_sock_set_cork). */
void
hs_endpoint_set_cork (HsEndpoint *self,
                      gboolean    cork)
{
  if (self->corked == cork)
    return;
  self->corked = cork;
  if (!cork && _hs_endpoint_connection_exists (self))
    _hs_endpoint_output (self);
}

/* Sends what is held back by cork, MSG_MORE or Nagle now, once, as setting
 * TCP_NODELAY does in Linux (TCP_NAGLE_PUSH). */
void
hs_endpoint_push (HsEndpoint *self)
{
  if (!_hs_endpoint_connection_exists (self))
    return;
  self->push_once = TRUE;
  _hs_endpoint_output (self);
  self->push_once = FALSE;
}

static HsEndpointResult
close_write_side (HsEndpoint *self)
{
  switch (self->state)
    {
    case HS_STATE_CLOSED:
      return HS_ENDPOINT_ERROR_NOT_CONNECTED;
    case HS_STATE_LISTEN:
    case HS_STATE_SYN_SENT:
      /* Nothing was said yet: just forget it. */
      _hs_endpoint_delete_tcb (self);
      return HS_ENDPOINT_OK;
    case HS_STATE_SYN_RECEIVED:
    case HS_STATE_ESTABLISHED:
      if (self->fin_queued)
        return HS_ENDPOINT_ERROR_CLOSING;
      self->fin_queued = TRUE;
      _hs_endpoint_set_state (self, HS_STATE_FIN_WAIT_1);
      _hs_endpoint_output (self);
      return HS_ENDPOINT_OK;
    case HS_STATE_CLOSE_WAIT:
      if (self->fin_queued)
        return HS_ENDPOINT_ERROR_CLOSING;
      self->fin_queued = TRUE;
      _hs_endpoint_set_state (self, HS_STATE_LAST_ACK);
      _hs_endpoint_output (self);
      return HS_ENDPOINT_OK;
    case HS_STATE_FIN_WAIT_1:
    case HS_STATE_FIN_WAIT_2:
    case HS_STATE_CLOSING:
    case HS_STATE_LAST_ACK:
    case HS_STATE_TIME_WAIT:
    case HS_N_STATES:
    default:
      return HS_ENDPOINT_ERROR_CLOSING;
    }
}

guint64
hs_endpoint_read (HsEndpoint *self,
                  guint64     max)
{
  guint32 n = (guint32) MIN ((guint64) self->unread, max);
  guint32 before, after;

  if (n == 0)
    {
      _hs_endpoint_maybe_notify_eof (self);
      return 0;
    }

  before = self->rcv_wnd;
  self->unread -= n;
  self->bytes_read += n;
  self->host->notify (self->host_data, self, HS_NOTIFY_DATA, n);
  _hs_endpoint_maybe_notify_eof (self);

  /* Receiver-side silly window avoidance (RFC 9293 section 3.8.6.2.2):
   * announce the opened window only once it has grown by a full segment or
   * by half the buffer. */
  after = _hs_endpoint_receive_space (self);
  if (_hs_endpoint_connection_exists (self) && !self->fin_received &&
      after >= before + MIN (self->config->receive_buffer / 2, _hs_endpoint_send_mss (self)))
    _hs_endpoint_send_ack (self, HS_REASON_SEND_WINDOW_UPDATE, HS_MARK_WINDOW_UPDATE);
  return n;
}

HsEndpointResult
hs_endpoint_shutdown (HsEndpoint *self)
{
  return close_write_side (self);
}

/* shutdown(SHUT_RD). RFC 9293 has no such call; Linux only marks the
 * socket: nothing goes on the wire, and data that still arrives is
 * acknowledged and queued as before (shutdown-rd-wr-close.pkt reads it). */
HsEndpointResult
hs_endpoint_shutdown_read (HsEndpoint *self)
{
  if (!_hs_endpoint_connection_exists (self))
    return HS_ENDPOINT_ERROR_NOT_CONNECTED;
  self->read_shut = TRUE;
  return HS_ENDPOINT_OK;
}

HsEndpointResult
hs_endpoint_close (HsEndpoint *self)
{
  HsEndpointResult result;
  gboolean already = self->fin_queued && _hs_endpoint_connection_exists (self);

  self->app_closed = TRUE;
  if (self->unread > 0 && _hs_endpoint_connection_exists (self) && self->state != HS_STATE_SYN_SENT &&
      self->state != HS_STATE_SYN_RECEIVED && self->state != HS_STATE_TIME_WAIT)
    {
      /* Received data nobody will read: RFC 1122 (4.2.2.13) and RFC 2525
       * (2.17) say to reset rather than close, so the peer learns that data
       * was lost; Linux does (tcp_close: data_was_unread), with RST+ACK,
       * seq = SND.NXT, ack = RCV.NXT, and no FIN. */
      _hs_endpoint_emit (self, self->snd_nxt,
                         self->profile->rst_carries_ack ? (HS_TCP_RST | HS_TCP_ACK) : HS_TCP_RST,
                         0, 0, HS_REASON_SEND_RST_CLOSE_UNREAD);
      _hs_endpoint_delete_tcb (self);
      return HS_ENDPOINT_OK;
    }
  if (already)
    {
      /* shutdown() came first; close() only stops the reading. */
      if (self->state == HS_STATE_FIN_WAIT_2 && self->profile->fin_wait_2_timeout > 0)
        _hs_endpoint_set_timer (self, HS_TIMER_TIME_WAIT, _hs_endpoint_now (self) + self->profile->fin_wait_2_timeout);
      return HS_ENDPOINT_OK;
    }
  result = close_write_side (self);
  return result;
}

HsEndpointResult
hs_endpoint_abort (HsEndpoint *self)
{
  if (self->state == HS_STATE_CLOSED)
    return HS_ENDPOINT_ERROR_NOT_CONNECTED;
  self->app_closed = TRUE;
  switch (self->state)
    {
    case HS_STATE_CLOSED:
      return HS_ENDPOINT_ERROR_NOT_CONNECTED;
    case HS_STATE_SYN_RECEIVED:
    case HS_STATE_ESTABLISHED:
    case HS_STATE_FIN_WAIT_1:
    case HS_STATE_FIN_WAIT_2:
    case HS_STATE_CLOSE_WAIT:
      _hs_endpoint_emit (self, self->snd_nxt,
                         self->profile->rst_carries_ack ? (HS_TCP_RST | HS_TCP_ACK) : HS_TCP_RST,
                         0, 0, HS_REASON_SEND_RST_ABORT);
      _hs_endpoint_delete_tcb (self);
      return HS_ENDPOINT_OK;
    case HS_STATE_LISTEN:
    case HS_STATE_SYN_SENT:
    case HS_STATE_CLOSING:
    case HS_STATE_LAST_ACK:
    case HS_STATE_TIME_WAIT:
    case HS_N_STATES:
    default:
      _hs_endpoint_delete_tcb (self);
      return HS_ENDPOINT_OK;
    }
}
