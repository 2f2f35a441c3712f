/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-endpoint.c: one TCP endpoint, following RFC 9293 section 3.10 event by
 * event, with the choices RFC 9293 leaves open made as the profile says. */

#define G_LOG_DOMAIN "hs-endpoint"

#include "config.h"

#include <string.h>

#include "hs-endpoint.h"
#include "hs-seq-ranges.h"

#define TS_OPTION_LEN       12      /* NOP, NOP, timestamps: what every segment pays */
#define MAX_QUICK_ACKS      16      /* Linux TCP_MAX_QUICKACKS */
#define DEFAULT_PEER_MSS    536     /* RFC 9293 section 3.7.1 without an MSS option */

struct _HsEndpoint
{
  /* borrowed */
  const HsEndpointConfig *config;
  const HsProfile        *profile;
  const HsEndpointHost   *host;
  gpointer                host_data;
  GRand                  *rand;

  guint     index;
  HsState   state;
  gboolean  passive;          /* this connection came out of LISTEN */
  gboolean  app_closed;       /* close(): the application reads no more */
  guint16   local_port;
  guint16   remote_port;

  /* The TCB (RFC 9293 section 3.3.1) */
  gboolean  has_iss;
  guint32   iss;
  guint32   irs;
  guint32   snd_una;
  guint32   snd_nxt;
  guint32   snd_max;          /* the highest SND.NXT so far: what lies below was sent */
  guint32   snd_wnd;
  guint32   snd_wl1;
  guint32   snd_wl2;
  guint32   max_snd_wnd;
  guint32   rcv_nxt;
  guint32   rcv_wnd;          /* what we advertised last */
  guint32   rcv_wnd_clamp;    /* Linux: the window offered in the SYN, until autotuning */
  guint32   rcv_wnd_edge;     /* RCV.NXT + RCV.WND as last advertised */
  gboolean  rcv_wnd_edge_valid;

  /* Options agreed in the handshake */
  gboolean  ws_ok;
  guint8    snd_wscale;       /* the peer's shift: applies to windows we receive */
  guint8    rcv_wscale;       /* ours: applies to windows we send */
  gboolean  sack_ok;
  gboolean  ts_ok;
  guint16   peer_mss;
  guint32   ts_recent;
  guint32   ts_offset;
  guint32   random_isn;

  /* The byte stream, as sequence space: the application wrote up to
   * snd_buf_end; a queued FIN takes the sequence number snd_buf_end. */
  guint32   snd_buf_end;
  guint64   bytes_written;
  gboolean  fin_queued;

  /* Receiving */
  guint64   bytes_read;
  guint32   unread;           /* received in order, not yet read by the application */
  HsSeqRanges *out_of_order;  /* the reassembly queue: what arrived beyond RCV.NXT */
  gboolean  peer_fin_known;
  guint32   peer_fin_seq;
  gboolean  fin_received;
  gboolean  eof;

  /* Retransmission, RFC 6298 */
  HsTime    rto;
  HsTime    srtt;
  HsTime    rttvar;
  gboolean  rtt_valid;
  gboolean  timing;
  guint32   timed_seq;
  HsTime    timed_at;
  guint     retries;
  HsTime    rtx_armed_at;     /* when the retransmission timer was last started */
  HsTime    episode_start;    /* first sending of what is being retransmitted */
  gboolean  syn_retransmitted;
  guint     probes;

  /* Acknowledgement policy */
  gboolean  ack_pending;
  guint     unacked_full_segments;
  guint     quick_acks;
  gboolean  got_first_data;
  gboolean  pingpong;
  HsTime    last_data_received;
  gboolean  ack_sent;         /* an ACK has been sent: the two below are valid */
  guint32   last_ack_sent;    /* what the last ACK sent acknowledged */
  guint32   last_wnd_sent;    /* and the window it offered, in bytes */

  /* Congestion control, RFC 5681 */
  guint32   cwnd;
  guint32   ssthresh;
  guint     dup_acks;
  gboolean  in_recovery;      /* NewReno fast recovery, RFC 6582 */
  guint32   recover;
  HsSeqRanges *sacked;        /* above SND.UNA, what the peer has SACKed (RFC 6675 scoreboard) */
  guint32   high_rxt;         /* retransmitted up to here in this recovery */
  guint32   last_ooo_seq;     /* the most recent out-of-order arrival, for SACK's first block */
  guint     lt_dupacks;       /* rfc: duplicate ACKs that each allow one new segment (RFC 3042) */
  guint32   lt_bytes;         /* what limited transmit sent since the duplicate ACKs began */
  gboolean  in_rto;           /* the retransmission timer is being handled: what it resends is its doing */

  /* Congestion window validation (Linux tcp_cwnd_validate) and restart
   * after idle (RFC 5681 section 4.1) */
  gboolean  cwnd_limited;     /* the current window of data was limited by cwnd */
  guint32   max_flight;       /* the most data outstanding in it (Linux max_packets_out) */
  guint32   cwnd_usage_seq;   /* where it ends */
  gboolean  cwnd_unused;      /* the ACK being processed did not grow cwnd: it was not in use */
  gboolean  recovery_ended;   /* the ACK being processed is the full ACK that ends fast recovery */
  gboolean  nagle_held;       /* the last output() held a small segment back for Nagle */
  gboolean  restarted_idle;   /* cwnd was cut after idle; the next new data says so */
  HsTime    last_data_sent;   /* Linux lsndtime */

  HsTime    timer_at[HS_N_TIMERS];
};

static void output (HsEndpoint *self);

static inline HsTime
now (HsEndpoint *self)
{
  return self->host->now (self->host_data);
}

static void
set_state (HsEndpoint *self,
           HsState     state)
{
  HsState old = self->state;

  if (old == state)
    return;
  self->state = state;
  self->host->state_changed (self->host_data, self, old, state);
}

static void
set_timer (HsEndpoint  *self,
           HsTimerKind  kind,
           HsTime       when)
{
  if (self->timer_at[kind] == when)
    return;
  self->timer_at[kind] = when;
  self->host->set_timer (self->host_data, self, kind, when);
}

static inline gboolean
timer_armed (HsEndpoint  *self,
             HsTimerKind  kind)
{
  return self->timer_at[kind] != HS_TIME_NONE;
}

static void
cancel_all_timers (HsEndpoint *self)
{
  for (guint i = 0; i < HS_N_TIMERS; i++)
    set_timer (self, i, HS_TIME_NONE);
}

/* The size of the data segments we send: the peer's MSS less the options
 * every segment carries (RFC 9293 section 3.7.1); in the linux profile no
 * more than half the largest window the peer has offered, as
 * tcp_bound_to_half_wnd() does, but never below 68 bytes less the TCP
 * header, its floor. */
static guint32
send_mss (HsEndpoint *self)
{
  guint32 mss = MIN (self->peer_mss, self->config->mss);
  guint32 options = self->ts_ok ? TS_OPTION_LEN : 0;

  mss = mss > options ? mss - options : 1;
  if (self->profile->mss_half_window && self->max_snd_wnd > 0)
    {
      guint32 cutoff = self->max_snd_wnd > DEFAULT_PEER_MSS ? self->max_snd_wnd / 2 : self->max_snd_wnd;

      if (mss > cutoff)
        mss = MAX (cutoff, 68 - HS_TCP_MIN_HEADER_LEN - options);
    }
  return MAX (mss, 1);
}

/* Free buffer space, as the receive window (RFC 9293 section 3.8.6.2): data
 * the application has not read and data held out of order take room. */
static guint32
receive_space (HsEndpoint *self)
{
  guint32 held = hs_seq_ranges_bytes (self->out_of_order) + self->unread;

  return self->config->receive_buffer > held ? self->config->receive_buffer - held : 0;
}

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
      o->ts_val = (guint32) (now (self) / HS_USEC_PER_MSEC) + self->ts_offset;
      o->ts_ecr = (h->flags & HS_TCP_ACK) ? self->ts_recent : 0;
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
  set_timer (self, HS_TIMER_DELAYED_ACK, HS_TIME_NONE);
}

/* The receive window to offer now, in bytes (RFC 9293 section 3.8.6.2):
 * never moving its right edge back, and moving it forward only by a
 * worthwhile amount (receiver-side silly window avoidance, 3.8.6.2.2). */
static guint32
advertised_window (HsEndpoint *self)
{
  guint32 space = receive_space (self);
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
static guint
emit (HsEndpoint *self,
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

  if ((flags & HS_TCP_RST) && !((reason == HS_REASON_SEND_RST_ABORT || reason == HS_REASON_SEND_RST_DATA_AFTER_CLOSE) &&
                                self->profile->rst_carries_ack))
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
    self->last_data_sent = now (self);

  return self->host->transmit (self->host_data, self, &h, len, window, marks, reason);
}

static void
send_ack (HsEndpoint *self,
          HsReason    reason,
          guint8      marks)
{
  /* After a timeout SND.NXT goes back to resend; a bare ACK still carries
   * the next new sequence number, as BSD and Linux do, or the peer would
   * take it for an old duplicate and answer it, forever. */
  emit (self, hs_seq_max (self->snd_nxt, self->snd_max), HS_TCP_ACK, 0, marks, reason);
}

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
    emit (self, seg->ack, HS_TCP_RST, 0, 0, reason);
  else
    {
      /* <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK> */
      guint32 saved = self->rcv_nxt;

      self->rcv_nxt = seg->seq + seg_len;
      emit (self, 0, HS_TCP_RST | HS_TCP_ACK, 0, 0, reason);
      self->rcv_nxt = saved;
    }
  self->remote_port = saved_port;
}

static void
choose_iss (HsEndpoint *self)
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
}

static void
restart_retransmission_timer (HsEndpoint *self)
{
  self->rtx_armed_at = now (self);
  set_timer (self, HS_TIMER_RETRANSMISSION, now (self) + self->rto);
}

/* IW, in bytes: the profile's number of segments, or RFC 5681's formula. */
static guint32
initial_window (HsEndpoint *self)
{
  guint32 mss = send_mss (self);

  if (self->profile->initial_window > 0)
    return self->profile->initial_window * mss;
  /* RFC 5681 section 3.1, equation (1) */
  return MIN (4 * mss, MAX (2 * mss, 4380));
}

static void
init_congestion_window (HsEndpoint *self)
{
  self->cwnd = initial_window (self);
  self->ssthresh = self->config->initial_ssthresh > 0 ? self->config->initial_ssthresh : G_MAXUINT32;
}

/* Sends the SYN (or SYN+ACK) of this side, fresh or again. */
static void
send_syn (HsEndpoint *self,
          HsReason    reason)
{
  gboolean again = hs_seq_gt (self->snd_max, self->iss);
  guint8 flags = HS_TCP_SYN;

  if (self->state == HS_STATE_SYN_RECEIVED)
    flags |= HS_TCP_ACK;

  emit (self, self->iss, flags, 0, again ? HS_MARK_RETRANSMISSION : 0, reason);
  self->snd_nxt = self->iss + 1;
  self->snd_max = hs_seq_max (self->snd_max, self->snd_nxt);

  if (!again && !self->timing)
    {
      self->timing = TRUE;
      self->timed_seq = self->iss;
      self->timed_at = now (self);
    }
  if (!timer_armed (self, HS_TIMER_RETRANSMISSION))
    restart_retransmission_timer (self);
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
connection_exists (HsEndpoint *self)
{
  return self->state != HS_STATE_CLOSED && self->state != HS_STATE_LISTEN;
}

/* The connection is gone: RFC 9293's "delete the TCB". */
static void
delete_tcb (HsEndpoint *self)
{
  cancel_all_timers (self);
  hs_seq_ranges_clear (self->out_of_order);
  set_state (self, HS_STATE_CLOSED);
  self->host->notify (self->host_data, self, HS_NOTIFY_CLOSED, 0);
}

static void
fail (HsEndpoint *self,
      HsNotify    why)
{
  self->host->notify (self->host_data, self, why, 0);
  delete_tcb (self);
}

static void
enter_established (HsEndpoint *self)
{
  set_state (self, HS_STATE_ESTABLISHED);
  init_congestion_window (self);
  /* Linux counts idleness from here when nothing was sent yet */
  self->last_data_sent = now (self);
  /* RFC 6298 (5.7): after a lost SYN, start data with a conservative RTO. */
  if (self->syn_retransmitted && !self->rtt_valid)
    self->rto = MAX (self->rto, self->profile->rto_after_syn_loss);
  self->host->notify (self->host_data, self, HS_NOTIFY_ESTABLISHED, 0);
}

static void
enter_time_wait (HsEndpoint *self)
{
  cancel_all_timers (self);
  set_state (self, HS_STATE_TIME_WAIT);
  set_timer (self, HS_TIMER_TIME_WAIT, now (self) + self->profile->time_wait);
}

static void recompute_rto (HsEndpoint *self);

/* RFC 6298 section 2 */
static void
rtt_sample (HsEndpoint *self,
            HsTime      r)
{

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

  recompute_rto (self);
}

/* RFC 6298 (2.3) from SRTT and RTTVAR as they are, which also ends any
 * back-off. */
static void
recompute_rto (HsEndpoint *self)
{
  HsTime var_term = MAX (4 * self->rttvar, HS_USEC_PER_MSEC);

  if (self->profile->rto_floor_on_variance)
    /* Linux floors the variance term, not the sum, at the minimum RTO. */
    self->rto = self->srtt + MAX (var_term, self->profile->min_rto);
  else
    self->rto = MAX (self->srtt + var_term, self->profile->min_rto);
  self->rto = MIN (self->rto, self->profile->max_rto);
}

static gboolean
our_fin_acked (HsEndpoint *self)
{
  return self->fin_queued && hs_seq_gt (self->snd_una, self->snd_buf_end);
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
static guint32
pipe_size (HsEndpoint *self)
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
  return outstanding - MIN (outstanding, lost);
}

/* Linux's view of what has left the network although not yet cumulatively
 * acknowledged (tcp_packets_in_flight: sacked_out). Without SACK each
 * duplicate ACK stands for one segment that arrived, but the hole itself is
 * always still out (tcp_limit_reno_sacked). */
static guint32
left_network (HsEndpoint *self)
{
  guint32 in_flight = self->snd_nxt - self->snd_una;

  if (self->sack_ok)
    return hs_seq_ranges_bytes (self->sacked);
  return MIN ((guint64) self->dup_acks * send_mss (self), in_flight - MIN (in_flight, send_mss (self)));
}

/* The room cwnd leaves for more data now. In recovery with SACK it counts
 * against RFC 6675's pipe. Outside recovery, the first duplicate ACKs let
 * new data out (limited transmit, RFC 3042): Linux because the segments
 * they report no longer count as in flight, the RFC as one new segment
 * beyond cwnd for each of the first two. Only new data, and only where the
 * duplicate ACKs could lead to a fast retransmit: not after a timeout,
 * until everything sent before it is acknowledged (RFC 6582's "recover"). */
static guint32
congestion_room (HsEndpoint *self)
{
  guint32 pipe = self->snd_nxt - self->snd_una;
  guint64 allowed = self->cwnd;

  if (self->in_recovery)
    {
      if (!hs_seq_ranges_is_empty (self->sacked))
        pipe = pipe_size (self);
    }
  else if (self->snd_nxt == self->snd_max && hs_seq_gt (self->snd_una, self->recover))
    {
      if (self->profile->flight_excludes_sacked)
        pipe -= MIN (pipe, left_network (self));
      else
        allowed += (guint64) MIN (self->lt_dupacks, 2) * send_mss (self);
    }
  return allowed > pipe ? (guint32) MIN (allowed - pipe, G_MAXUINT32) : 0;
}

/* Linux's tcp_cwnd_validate(), after sending: remember whether this window
 * of data was limited by cwnd, or else the most it had in flight. */
static void
cwnd_validate (HsEndpoint *self,
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
static void
restart_after_idle (HsEndpoint *self,
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
                     guint32     len)
{
  guint8 flags = HS_TCP_ACK;

  if (seq + len == self->snd_buf_end)
    flags |= HS_TCP_PSH;
  self->timing = FALSE;  /* Karn */
  emit (self, seq, flags, len, HS_MARK_RETRANSMISSION, HS_REASON_RETRANSMIT_SACK);
}

/* Loss recovery with SACK (RFC 6675 section 5): fill the holes the
 * scoreboard shows, as far as cwnd − pipe allows, in one round trip. */
static void
sack_recover (HsEndpoint *self)
{
  guint32 mss = send_mss (self);
  guint32 start, end;
  gboolean sent = FALSE;

  while (self->cwnd >= pipe_size (self) + mss &&
         next_hole (self, self->high_rxt, &start, &end))
    {
      guint32 len = MIN (end - start, mss);

      if (hs_seq_geq (start, self->snd_buf_end))
        break;
      len = MIN (len, self->snd_buf_end - start);
      emit_retransmission (self, start, len);
      self->high_rxt = start + len;
      sent = TRUE;
    }
  if (sent)
    restart_retransmission_timer (self);
}

/* Sends the oldest unacknowledged segment again, leaving SND.NXT where it
 * is (fast retransmit, RFC 5681 section 3.2). */
static void
retransmit_head (HsEndpoint *self,
                 HsReason    reason)
{
  guint32 seq = self->snd_una;
  guint32 data_end = hs_seq_lt (self->snd_buf_end, self->snd_nxt) ? self->snd_buf_end : self->snd_nxt;
  guint32 len = hs_seq_lt (seq, data_end) ? MIN (data_end - seq, send_mss (self)) : 0;
  guint8 flags = HS_TCP_ACK;

  if (len > 0 && seq + len == self->snd_buf_end)
    flags |= HS_TCP_PSH;
  if (self->fin_queued && seq + len == self->snd_buf_end && hs_seq_gt (self->snd_nxt, self->snd_buf_end))
    flags |= HS_TCP_FIN;
  if (len == 0 && !(flags & HS_TCP_FIN))
    return;

  self->timing = FALSE;  /* Karn */
  emit (self, seq, flags, len, HS_MARK_RETRANSMISSION, reason);
  restart_retransmission_timer (self);
}

/* The fifth check of section 3.10.7.4 for the synchronized states: an ACK
 * for new data moves SND.UNA and may update the send window. */
static void
process_ack (HsEndpoint        *self,
             const HsTcpHeader *seg,
             guint32            len)
{
  guint32 wnd = seg->window << (self->ws_ok ? self->snd_wscale : 0);

  self->cwnd_unused = FALSE;
  self->recovery_ended = FALSE;
  if (hs_seq_lt (self->snd_una, seg->ack) && hs_seq_leq (seg->ack, self->snd_max))
    {
      guint32 acked = seg->ack - self->snd_una;
      guint32 mss = send_mss (self);
      guint32 counted = 0;
      /* an ACK of our FIN alone acknowledges no data */
      gboolean acks_data = hs_seq_lt (self->snd_una, self->snd_buf_end);

      /* Linux counted SACKed segments, and without SACK one per duplicate
       * ACK, as delivered when they were reported; they do not grow cwnd a
       * second time now (tcp_remove_reno_sacks, tcp_clean_rtx_queue). */
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
      update_scoreboard (self, seg);
      self->dup_acks = 0;
      self->lt_dupacks = 0;
      self->lt_bytes = 0;
      self->retries = 0;
      self->probes = 0;

      /* Karn's rule: time only what was sent once. */
      if (self->timing && hs_seq_gt (seg->ack, self->timed_seq))
        {
          rtt_sample (self, now (self) - self->timed_at);
          self->timing = FALSE;
        }
      else if (!self->timing && self->rtt_valid && self->ts_ok)
        /* With timestamps every ACK measures the round trip, even of a
         * retransmission (RFC 7323 section 4), so the back-off ends. Without
         * them Karn's rule keeps the backed-off RTO until a segment sent
         * only once is acknowledged (RFC 6298 section 5). */
        recompute_rto (self);

      if (self->in_recovery && hs_seq_lt (seg->ack, self->recover) && !hs_seq_ranges_is_empty (self->sacked))
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
          self->cwnd = MIN (self->ssthresh, MAX (flight, mss) + mss);
        }
      else if (!cwnd_in_use (self))
        /* Linux: an application that does not fill cwnd proves nothing
         * about the network, so cwnd stays (cwnd validation) */
        self->cwnd_unused = acks_data;
      else if (self->cwnd < self->ssthresh && self->profile->slow_start_counts_all)
        /* tcp_slow_start(): every acknowledged segment counts, so delayed
         * ACKs still double cwnd each round trip */
        self->cwnd = MIN ((guint64) self->cwnd + (acked - counted), self->ssthresh);
      else if (self->cwnd < self->ssthresh)
        self->cwnd += MIN (acked, mss);
      else
        self->cwnd += MAX (1, (guint64) mss * mss / self->cwnd);

      if (self->snd_una == self->snd_max)
        set_timer (self, HS_TIMER_RETRANSMISSION, HS_TIME_NONE);
      else
        restart_retransmission_timer (self);
    }
  else if (seg->ack == self->snd_una && len == 0 && !(seg->flags & (HS_TCP_SYN | HS_TCP_FIN)) &&
           self->snd_una != self->snd_max &&
           (wnd == self->snd_wnd || (self->sack_ok && (seg->options.present & HS_TCP_OPT_SACK))))
    {
      guint32 mss = send_mss (self);

      guint32 sacked_before = hs_seq_ranges_bytes (self->sacked);

      /* RFC 5681 section 3.2: a duplicate ACK */
      self->dup_acks++;
      update_scoreboard (self, seg);
      /* RFC 5681 (3.2, step 1): with SACK, only a duplicate ACK that
       * reports something new lets a new segment out */
      if (self->dup_acks <= 2 && (!self->sack_ok || hs_seq_ranges_bytes (self->sacked) > sacked_before))
        self->lt_dupacks++;
      if (!self->in_recovery && hs_seq_gt (self->snd_una, self->recover) &&
          (self->dup_acks == 3 || hs_seq_ranges_bytes (self->sacked) > 2 * mss))
        {
          guint32 flight = self->snd_max - self->snd_una;

          /* RFC 5681 (3.2, step 2): what limited transmit sent "MUST NOT
           * be included" in the FlightSize that sets ssthresh */
          if (self->profile->ssthresh_excludes_limited_transmit)
            flight -= MIN (flight, self->lt_bytes);
          self->ssthresh = MAX (flight / 2, 2 * mss);
          self->recover = self->snd_max;
          self->in_recovery = TRUE;
          self->high_rxt = self->snd_una;
          if (!hs_seq_ranges_is_empty (self->sacked))
            {
              guint32 start, end;

              /* RFC 6675 section 5 (4.3): the first hole goes at once,
               * whatever cwnd and pipe say; then cwnd = ssthresh rules */
              self->cwnd = self->ssthresh;
              if (next_hole (self, self->high_rxt, &start, &end) && hs_seq_lt (start, self->snd_buf_end))
                {
                  guint32 n = MIN (MIN (end - start, mss), self->snd_buf_end - start);

                  emit_retransmission (self, start, n);
                  self->high_rxt = start + n;
                  restart_retransmission_timer (self);
                }
              sack_recover (self);
            }
          else
            {
              retransmit_head (self, HS_REASON_RETRANSMIT_FAST);
              self->cwnd = self->ssthresh + 3 * mss;
            }
        }
      else if (self->in_recovery && !hs_seq_ranges_is_empty (self->sacked))
        sack_recover (self);
      else if (self->in_recovery)
        /* each further duplicate ACK means a segment has left the network */
        self->cwnd += mss;
    }

  /* Window update (SND.WL1 / SND.WL2 rule) */
  if (hs_seq_leq (self->snd_una, seg->ack) && hs_seq_leq (seg->ack, self->snd_max) &&
      (hs_seq_lt (self->snd_wl1, seg->seq) ||
       (self->snd_wl1 == seg->seq && hs_seq_leq (self->snd_wl2, seg->ack))))
    {
      self->snd_wnd = wnd;
      self->snd_wl1 = seg->seq;
      self->snd_wl2 = seg->ack;
      self->max_snd_wnd = MAX (self->max_snd_wnd, wnd);
      if (wnd > 0)
        {
          set_timer (self, HS_TIMER_PERSIST, HS_TIME_NONE);
          self->probes = 0;
        }
    }
}

static void
schedule_delayed_ack (HsEndpoint *self)
{
  self->ack_pending = TRUE;
  if (!timer_armed (self, HS_TIMER_DELAYED_ACK))
    set_timer (self, HS_TIMER_DELAYED_ACK, now (self) + self->profile->delayed_ack);
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
static void
maybe_notify_eof (HsEndpoint *self)
{
  if (self->fin_received && self->unread == 0 && !self->eof)
    {
      self->eof = TRUE;
      if (!self->app_closed)
        self->host->notify (self->host_data, self, HS_NOTIFY_EOF, 0);
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
static void
acknowledge_data (HsEndpoint *self,
                  guint32     len,
                  gboolean    urgent)
{
  if (len >= send_mss (self))
    self->unacked_full_segments++;

  if (!self->got_first_data)
    {
      self->got_first_data = TRUE;
      if (self->profile->quick_ack)
        self->quick_acks = CLAMP (self->rcv_wnd / (2 * send_mss (self)), 2, MAX_QUICK_ACKS);
    }
  self->last_data_received = now (self);

  if (urgent && hs_seq_ranges_is_empty (self->out_of_order))
    /* the data filled the gap (RFC 5681 section 4.2) */
    send_ack (self, HS_REASON_SEND_ACK_GAP_FILLED, 0);
  else if (urgent)
    /* emit() tells a duplicate ACK from one that moves forward */
    send_ack (self, HS_REASON_SEND_ACK_OUT_OF_ORDER, HS_MARK_DUPLICATE_ACK);
  else if (!self->config->delayed_ack)
    send_ack (self, HS_REASON_SEND_ACK_DATA, 0);
  else if (self->quick_acks > 0 && !self->pingpong)
    send_ack (self, HS_REASON_SEND_ACK_DATA, 0);
  else if (self->unacked_full_segments >= 2)
    send_ack (self, HS_REASON_SEND_ACK_DATA, 0);
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
  maybe_notify_eof (self);

  switch (before)
    {
    case HS_STATE_SYN_RECEIVED:
    case HS_STATE_ESTABLISHED:
      set_state (self, HS_STATE_CLOSE_WAIT);
      if (self->profile->delay_fin_ack && self->config->delayed_ack)
        {
          /* Linux expects the application to close soon and delays the ACK,
           * so that it may travel with our own FIN. */
          self->pingpong = TRUE;
          schedule_delayed_ack (self);
        }
      else
        send_ack (self, HS_REASON_SEND_ACK_FIN, 0);
      break;

    case HS_STATE_FIN_WAIT_1:
      if (our_fin_acked (self))
        {
          send_ack (self, HS_REASON_SEND_ACK_FIN, 0);
          enter_time_wait (self);
        }
      else
        {
          set_state (self, HS_STATE_CLOSING);
          send_ack (self, HS_REASON_SEND_ACK_FIN, 0);
        }
      break;

    case HS_STATE_FIN_WAIT_2:
      send_ack (self, HS_REASON_SEND_ACK_FIN, 0);
      enter_time_wait (self);
      break;

    case HS_STATE_TIME_WAIT:
      send_ack (self, HS_REASON_SEND_ACK_TIME_WAIT, 0);
      set_timer (self, HS_TIMER_TIME_WAIT, now (self) + self->profile->time_wait);
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
  choose_iss (self);
  self->snd_wl2 = self->iss;
  set_state (self, HS_STATE_SYN_RECEIVED);
  send_syn (self, HS_REASON_SEND_SYN_ACK);
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
            emit (self, seg->ack, HS_TCP_RST, 0, 0, HS_REASON_SEND_RST_BAD_ACK);
          return HS_REASON_ARRIVE_BAD_ACK;
        }
      ack_ok = TRUE;
    }

  if (seg->flags & HS_TCP_RST)
    {
      if (!ack_ok)
        return HS_REASON_ARRIVE_RST_IGNORED;
      fail (self, HS_NOTIFY_REFUSED);
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
          rtt_sample (self, now (self) - self->timed_at);
          self->timing = FALSE;
        }
      else if (self->rtt_valid)
        recompute_rto (self);
      self->retries = 0;
      set_timer (self, HS_TIMER_RETRANSMISSION, HS_TIME_NONE);
      enter_established (self);
      send_ack (self, HS_REASON_SEND_ACK_HANDSHAKE, 0);
      output (self);
    }
  else
    {
      /* Simultaneous open (RFC 9293 figure 7): both SYNs crossed. */
      self->snd_wl2 = self->iss;
      set_state (self, HS_STATE_SYN_RECEIVED);
      self->timing = FALSE;
      send_syn (self, HS_REASON_SEND_SYN_ACK_SIMULTANEOUS);
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
      set_timer (self, HS_TIMER_RETRANSMISSION, HS_TIME_NONE);
      self->snd_una = seg->ack;
      self->snd_wnd = seg->window;
      self->snd_wl1 = seq;
      self->snd_wl2 = seg->ack;
      self->retries = 0;
      enter_established (self);
      send_ack (self, HS_REASON_SEND_ACK_SIMULTANEOUS, 0);
      output (self);
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
          send_syn (self, HS_REASON_SEND_SYN_ACK_AGAIN);
          return HS_REASON_ARRIVE_DUPLICATE;
        }

      if (self->state == HS_STATE_TIME_WAIT && fin && seq + len + 1 == self->rcv_nxt)
        {
          /* The peer's FIN again: our last ACK was lost. TIME-WAIT exists
           * for exactly this. */
          send_ack (self, HS_REASON_SEND_ACK_TIME_WAIT, HS_MARK_DUPLICATE_ACK);
          set_timer (self, HS_TIMER_TIME_WAIT, now (self) + self->profile->time_wait);
          return HS_REASON_ARRIVE_DUPLICATE;
        }

      send_ack (self, HS_REASON_SEND_ACK_UNACCEPTABLE, HS_MARK_DUPLICATE_ACK);
      return HS_REASON_ARRIVE_DUPLICATE;
    }

  if (self->ts_ok && (seg->options.present & HS_TCP_OPT_TIMESTAMP) && hs_seq_leq (seq, self->rcv_nxt))
    self->ts_recent = seg->options.ts_val;

  /* second: the RST bit, validated as RFC 5961 section 3.2 asks */
  if (seg->flags & HS_TCP_RST)
    {
      if (seq != self->rcv_nxt)
        {
          send_ack (self, HS_REASON_SEND_CHALLENGE_ACK, 0);
          return HS_REASON_ARRIVE_RST_IGNORED;
        }

      switch (self->state)
        {
        case HS_STATE_SYN_RECEIVED:
          if (self->passive)
            {
              /* Back to LISTEN, as if the SYN had never come. */
              cancel_all_timers (self);
              self->has_iss = FALSE;
              self->timing = FALSE;
              self->retries = 0;
              set_state (self, HS_STATE_LISTEN);
              return HS_REASON_ARRIVE_RST_LISTEN;
            }
          fail (self, HS_NOTIFY_REFUSED);
          return HS_REASON_ARRIVE_RST;

        case HS_STATE_ESTABLISHED:
        case HS_STATE_FIN_WAIT_1:
        case HS_STATE_FIN_WAIT_2:
        case HS_STATE_CLOSE_WAIT:
          fail (self, HS_NOTIFY_RESET);
          return HS_REASON_ARRIVE_RST;

        case HS_STATE_CLOSING:
        case HS_STATE_LAST_ACK:
        case HS_STATE_TIME_WAIT:
        case HS_STATE_CLOSED:
        case HS_STATE_LISTEN:
        case HS_STATE_SYN_SENT:
        case HS_N_STATES:
        default:
          delete_tcb (self);
          return HS_REASON_ARRIVE_RST;
        }
    }

  /* fourth: a SYN in a synchronized state (RFC 5961 section 4: challenge ACK) */
  if (seg->flags & HS_TCP_SYN)
    {
      if (self->state == HS_STATE_SYN_RECEIVED && self->passive && !(seg->flags & HS_TCP_ACK))
        {
          cancel_all_timers (self);
          self->has_iss = FALSE;
          set_state (self, HS_STATE_LISTEN);
          return HS_REASON_ARRIVE_RST_LISTEN;
        }
      send_ack (self, HS_REASON_SEND_CHALLENGE_ACK, 0);
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
              rtt_sample (self, now (self) - self->timed_at);
              self->timing = FALSE;
            }
          set_timer (self, HS_TIMER_RETRANSMISSION, HS_TIME_NONE);
          self->snd_una = seg->ack;
          self->snd_wnd = seg->window << (self->ws_ok ? self->snd_wscale : 0);
          self->max_snd_wnd = self->snd_wnd;
          self->snd_wl1 = seq;
          self->snd_wl2 = seg->ack;
          self->retries = 0;
          enter_established (self);
        }
      else
        {
          emit (self, seg->ack, HS_TCP_RST, 0, 0, HS_REASON_SEND_RST_BAD_ACK);
          return HS_REASON_ARRIVE_BAD_ACK;
        }
    }

  if (hs_seq_gt (seg->ack, self->snd_max))
    {
      /* It acknowledges something not yet sent. */
      send_ack (self, HS_REASON_SEND_ACK_UNACCEPTABLE, 0);
      return HS_REASON_ARRIVE_IGNORED;
    }

  process_ack (self, seg, len);

  switch (self->state)
    {
    case HS_STATE_FIN_WAIT_1:
      if (our_fin_acked (self))
        {
          set_state (self, HS_STATE_FIN_WAIT_2);
          if (self->app_closed && self->profile->fin_wait_2_timeout > 0)
            /* An orphaned FIN-WAIT-2 does not wait forever (Linux). */
            set_timer (self, HS_TIMER_TIME_WAIT, now (self) + self->profile->fin_wait_2_timeout);
        }
      break;

    case HS_STATE_CLOSING:
      if (our_fin_acked (self))
        {
          enter_time_wait (self);
          return HS_REASON_ARRIVE_ACCEPTED;
        }
      break;

    case HS_STATE_LAST_ACK:
      if (our_fin_acked (self))
        {
          delete_tcb (self);
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
               * and Linux says so with a reset. */
              emit (self, self->snd_nxt,
                    self->profile->rst_carries_ack ? (HS_TCP_RST | HS_TCP_ACK) : HS_TCP_RST,
                    0, 0, HS_REASON_SEND_RST_DATA_AFTER_CLOSE);
              fail (self, HS_NOTIFY_RESET);
              return HS_REASON_ARRIVE_RST;
            }
          /* trim what lies outside the window */
          if (hs_seq_lt (start, self->rcv_nxt))
            start = self->rcv_nxt;
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
      process_fin (self);
      fin_now = TRUE;
    }
  else if (had_text)
    acknowledge_data (self, len, must_ack);
  else if (must_ack || (fin && !self->fin_received))
    send_ack (self, HS_REASON_SEND_ACK_OUT_OF_ORDER, HS_MARK_DUPLICATE_ACK);

  if (self->state != HS_STATE_CLOSED)
    output (self);

  if (fin_now)
    return HS_REASON_ARRIVE_FIN;
  /* a pure ACK ahead of a gap holds nothing that must wait for it */
  if (hs_seq_gt (seq, self->rcv_nxt) && (len > 0 || fin))
    return HS_REASON_ARRIVE_OUT_OF_ORDER;
  if (self->cwnd_unused && len == 0 && !fin)
    return HS_REASON_ARRIVE_ACK_CWND_UNUSED;
  if (self->recovery_ended && len == 0 && !fin)
    return HS_REASON_ARRIVE_RECOVERY_END;
  return HS_REASON_ARRIVE_ACCEPTED;
}

/* Sends what the windows allow: new data, then the FIN. */
static void
output (HsEndpoint *self)
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

  mss = send_mss (self);

  /* RFC 5681 section 4.1: before sending again after an idle period
   * longer than the RTO. Linux checks when the application writes or the
   * window opens; nothing can be sent before either, so checking here, with
   * nothing outstanding, comes to the same. */
  if (self->snd_una == self->snd_max && hs_seq_lt (self->snd_nxt, self->snd_buf_end) &&
      self->last_data_sent != HS_TIME_NONE && now (self) - self->last_data_sent > self->rto)
    restart_after_idle (self, now (self) - self->last_data_sent);

  for (;;)
    {
      guint32 in_flight = self->snd_nxt - self->snd_una;
      /* The peer's window counts from the ACK that carried it (SND.WL2),
       * which may be older than SND.UNA. */
      guint32 right_edge = self->snd_wl2 + self->snd_wnd;
      guint32 usable = MIN (congestion_room (self),
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
              if (self->snd_wnd == 0 && in_flight == 0 && !timer_armed (self, HS_TIMER_PERSIST))
                set_timer (self, HS_TIMER_PERSIST, now (self) + self->rto);
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
              if (in_flight == 0 && !timer_armed (self, HS_TIMER_PERSIST))
                set_timer (self, HS_TIMER_PERSIST, now (self) + self->rto);
              break;
            }
          /* Nagle (RFC 9293 section 3.7.4): one small segment in flight at a time. */
          if (self->config->nagle && len < mss && in_flight > 0)
            {
              self->nagle_held = TRUE;
              break;
            }
        }
      else if (fin_unsent)
        len = 0;
      else
        break;

      if (seq + len == self->snd_buf_end && len > 0)
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
          now (self) - self->last_data_received < self->profile->delayed_ack)
        self->pingpong = TRUE;

      emit (self, seq, flags, len, marks, reason);
      sent++;

      self->snd_nxt = seq + len + ((flags & HS_TCP_FIN) ? 1 : 0);
      self->snd_max = hs_seq_max (self->snd_max, self->snd_nxt);
      if (!self->timing && !(marks & HS_MARK_RETRANSMISSION))
        {
          self->timing = TRUE;
          self->timed_seq = seq;
          self->timed_at = now (self);
        }
      if (!timer_armed (self, HS_TIMER_RETRANSMISSION))
        restart_retransmission_timer (self);

      if (flags & HS_TCP_FIN)
        break;
    }

  /* As tcp_write_xmit() ends: whether cwnd, rather than the application
   * or the peer's window, held the data back. */
  {
    gboolean limited = congestion_room (self) < mss;

    if (sent > 0 || (limited && hs_seq_lt (self->snd_nxt, self->snd_buf_end)))
      cwnd_validate (self, limited);
  }
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
      give_up = now (self) - self->episode_start >= self->profile->syn_give_up;
      break;
    case HS_STATE_SYN_RECEIVED:
      give_up = self->retries >= self->profile->synack_retries;
      break;
    case HS_STATE_ESTABLISHED:
    case HS_STATE_FIN_WAIT_1:
    case HS_STATE_CLOSE_WAIT:
    case HS_STATE_CLOSING:
    case HS_STATE_LAST_ACK:
      give_up = now (self) - self->episode_start >= self->profile->data_give_up;
      break;
    case HS_STATE_CLOSED:
    case HS_STATE_LISTEN:
    case HS_STATE_FIN_WAIT_2:
    case HS_STATE_TIME_WAIT:
    case HS_N_STATES:
    default:
      return;
    }

  if (give_up)
    {
      if (self->state == HS_STATE_SYN_RECEIVED && self->passive)
        {
          /* Linux forgets the half-open connection; the listener stays. */
          cancel_all_timers (self);
          self->has_iss = FALSE;
          self->timing = FALSE;
          self->retries = 0;
          set_state (self, HS_STATE_LISTEN);
          return;
        }
      fail (self, HS_NOTIFY_TIMED_OUT);
      return;
    }

  self->retries++;
  self->timing = FALSE;   /* Karn */

  if (self->state == HS_STATE_SYN_SENT || self->state == HS_STATE_SYN_RECEIVED)
    {
      self->syn_retransmitted = TRUE;
      if (!(self->state == HS_STATE_SYN_SENT && self->retries <= self->profile->syn_linear_timeouts))
        self->rto = MIN (self->rto * 2, self->profile->max_rto);
      set_timer (self, HS_TIMER_RETRANSMISSION, HS_TIME_NONE);
      send_syn (self, HS_REASON_RETRANSMIT_TIMEOUT);
      return;
    }

  /* RFC 5681 section 3.1, equation (4), then one segment (the loss window) */
  {
    guint32 mss = send_mss (self);
    guint32 flight = self->snd_max - self->snd_una;

    self->ssthresh = MAX (flight / 2, 2 * mss);
    self->cwnd = mss;
    self->dup_acks = 0;
    self->lt_dupacks = 0;
    self->lt_bytes = 0;
    self->in_recovery = FALSE;
    self->recover = self->snd_max;
    hs_seq_ranges_clear (self->sacked);
  }
  self->rto = MIN (self->rto * 2, self->profile->max_rto);
  self->snd_nxt = self->snd_una;
  set_timer (self, HS_TIMER_RETRANSMISSION, HS_TIME_NONE);
  if (hs_seq_leq (self->snd_una, self->iss))
    {
      /* Closed in SYN-RECEIVED: the SYN itself is still unacknowledged, so
       * it goes again (with its ACK) before the FIN. */
      emit (self, self->iss, HS_TCP_SYN | HS_TCP_ACK, 0, HS_MARK_RETRANSMISSION, HS_REASON_RETRANSMIT_TIMEOUT);
      self->snd_nxt = self->iss + 1;
      restart_retransmission_timer (self);
    }
  self->in_rto = TRUE;
  output (self);
  self->in_rto = FALSE;
}

static void
persist_timeout (HsEndpoint *self)
{
  HsTime interval;

  if (!connection_exists (self))
    return;
  if (self->snd_wnd > 0)
    {
      /* silly window avoidance held back a small segment; the override
       * timeout (RFC 9293 section 3.8.6.2.1) sends what fits */
      guint32 right_edge = self->snd_wl2 + self->snd_wnd;
      guint32 len = hs_seq_gt (right_edge, self->snd_nxt) ? right_edge - self->snd_nxt : 0;

      len = MIN (len, hs_seq_lt (self->snd_nxt, self->snd_buf_end) ? self->snd_buf_end - self->snd_nxt : 0);
      len = MIN (len, send_mss (self));
      if (len > 0 && self->snd_una == self->snd_max)
        {
          emit (self, self->snd_nxt, HS_TCP_ACK | HS_TCP_PSH, len, 0, HS_REASON_SEND_DATA);
          self->snd_nxt += len;
          self->snd_max = hs_seq_max (self->snd_max, self->snd_nxt);
          restart_retransmission_timer (self);
        }
      return;
    }

  /* Linux probes with an old sequence number and no data; the answer is
   * an ACK that carries the current window. */
  emit (self, self->snd_una - 1, HS_TCP_ACK, 0, HS_MARK_WINDOW_PROBE, HS_REASON_SEND_WINDOW_PROBE);
  self->probes++;
  interval = MIN (self->rto << MIN (self->probes, 16), self->profile->max_rto);
  set_timer (self, HS_TIMER_PERSIST, now (self) + interval);
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
  s->send_buffered = self->has_iss && hs_seq_gt (self->snd_buf_end, self->snd_una)
                     ? self->snd_buf_end - hs_seq_max (self->snd_una, self->iss + 1) : 0;
  s->recv_buffered = hs_seq_ranges_bytes (self->out_of_order) + self->unread;
  s->rto = self->rto;
  s->srtt = self->rtt_valid ? self->srtt : 0;
}

HsEndpointResult
hs_endpoint_listen (HsEndpoint *self)
{
  if (self->state != HS_STATE_CLOSED)
    return HS_ENDPOINT_ERROR_EXISTS;
  self->passive = TRUE;
  set_state (self, HS_STATE_LISTEN);
  return HS_ENDPOINT_OK;
}

HsEndpointResult
hs_endpoint_connect (HsEndpoint *self)
{
  if (self->state != HS_STATE_CLOSED && self->state != HS_STATE_LISTEN)
    return HS_ENDPOINT_ERROR_EXISTS;
  self->passive = FALSE;
  choose_iss (self);
  set_state (self, HS_STATE_SYN_SENT);
  send_syn (self, HS_REASON_SEND_SYN);
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
  output (self);
  return HS_ENDPOINT_OK;
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
      delete_tcb (self);
      return HS_ENDPOINT_OK;
    case HS_STATE_SYN_RECEIVED:
    case HS_STATE_ESTABLISHED:
      if (self->fin_queued)
        return HS_ENDPOINT_ERROR_CLOSING;
      self->fin_queued = TRUE;
      set_state (self, HS_STATE_FIN_WAIT_1);
      output (self);
      return HS_ENDPOINT_OK;
    case HS_STATE_CLOSE_WAIT:
      if (self->fin_queued)
        return HS_ENDPOINT_ERROR_CLOSING;
      self->fin_queued = TRUE;
      set_state (self, HS_STATE_LAST_ACK);
      output (self);
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
      maybe_notify_eof (self);
      return 0;
    }

  before = self->rcv_wnd;
  self->unread -= n;
  self->bytes_read += n;
  self->host->notify (self->host_data, self, HS_NOTIFY_DATA, n);
  maybe_notify_eof (self);

  /* Receiver-side silly window avoidance (RFC 9293 section 3.8.6.2.2):
   * announce the opened window only once it has grown by a full segment or
   * by half the buffer. */
  after = receive_space (self);
  if (connection_exists (self) && !self->fin_received &&
      after >= before + MIN (self->config->receive_buffer / 2, send_mss (self)))
    send_ack (self, HS_REASON_SEND_WINDOW_UPDATE, HS_MARK_WINDOW_UPDATE);
  return n;
}

HsEndpointResult
hs_endpoint_shutdown (HsEndpoint *self)
{
  return close_write_side (self);
}

HsEndpointResult
hs_endpoint_close (HsEndpoint *self)
{
  HsEndpointResult result;
  gboolean already = self->fin_queued && connection_exists (self);

  self->app_closed = TRUE;
  if (already)
    {
      /* shutdown() came first; close() only stops the reading. */
      if (self->state == HS_STATE_FIN_WAIT_2 && self->profile->fin_wait_2_timeout > 0)
        set_timer (self, HS_TIMER_TIME_WAIT, now (self) + self->profile->fin_wait_2_timeout);
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
      emit (self, self->snd_nxt,
            self->profile->rst_carries_ack ? (HS_TCP_RST | HS_TCP_ACK) : HS_TCP_RST,
            0, 0, HS_REASON_SEND_RST_ABORT);
      delete_tcb (self);
      return HS_ENDPOINT_OK;
    case HS_STATE_LISTEN:
    case HS_STATE_SYN_SENT:
    case HS_STATE_CLOSING:
    case HS_STATE_LAST_ACK:
    case HS_STATE_TIME_WAIT:
    case HS_N_STATES:
    default:
      delete_tcb (self);
      return HS_ENDPOINT_OK;
    }
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
        delete_tcb (self);
      break;

    case HS_TIMER_DELAYED_ACK:
      if (self->ack_pending && connection_exists (self))
        {
          gboolean fin = self->fin_received && self->state == HS_STATE_CLOSE_WAIT;

          /* Linux: a delayed ACK that had to wait means the peer is not
           * answering quickly after all. */
          self->pingpong = FALSE;
          send_ack (self, fin ? HS_REASON_SEND_ACK_FIN : HS_REASON_SEND_ACK_DELAYED,
                    HS_MARK_DELAYED_ACK);
        }
      break;

    case HS_TIMER_PERSIST:
      persist_timeout (self);
      break;

    case HS_TIMER_KEEPALIVE:
    case HS_N_TIMERS:
    default:
      break;
    }
}
