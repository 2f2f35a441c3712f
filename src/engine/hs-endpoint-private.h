/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-endpoint-private.h: what the files of the endpoint share and nothing
 * else may see: the TCB (struct _HsEndpoint), the small helpers every one
 * of them calls on its hot paths (inline, so that splitting the endpoint
 * into files costs no speed), and the functions one file offers the
 * others, named _hs_endpoint_*. hs-endpoint.c says which file owns what. */

#pragma once

#include "hs-cubic.h"
#include "hs-endpoint.h"
#include "hs-seq-ranges.h"

G_BEGIN_DECLS

#define TS_OPTION_LEN       12      /* NOP, NOP, timestamps: what every segment pays */
#define MAX_QUICK_ACKS      16      /* Linux TCP_MAX_QUICKACKS */
#define DEFAULT_PEER_MSS    536     /* RFC 9293 section 3.7.1 without an MSS option */

/* RACK (RFC 8985 section 6): a segment above SND.UNA as it was last sent */
typedef struct
{
  guint32 seq;
  guint32 end;
  HsTime  xmit;               /* when it was last sent (Linux skb_mstamp) */
  guint8  flags;              /* RACK_SEG_* in hs-endpoint-rack.c */
  guint32 order;              /* the endpoint's count of data segments sent, when it last went */
} HsRackSegment;

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
  gboolean  read_shut;        /* shutdown(SHUT_RD) was called */
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
  guint     n_rtt_samples;    /* RTT samples taken so far, and the last one */
  HsTime    last_rtt_sample;
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
  guint32   prior_cwnd;       /* PRR (RFC 6937): cwnd when recovery began, in bytes */
  guint     prr_delivered;    /* segments the peer reported delivered since then */
  guint     prr_out;          /* segments sent since then */
  gboolean  in_loss;          /* after a timeout, until SND.UNA passes what was sent before it */
  gboolean  undo_valid;       /* Linux undo_marker: a reduction that may be undone */
  guint32   undo_marker;      /* SND.UNA when it began */
  gint      undo_retrans;     /* retransmissions since, less those D-SACKed; -1 before the first */
  guint32   undo_cwnd;        /* cwnd and ssthresh to go back to */
  guint32   undo_ssthresh;
  gboolean  retrans_stamp_valid;
  guint32   retrans_stamp;    /* TSval of the first retransmission (Linux retrans_stamp) */
  gboolean  undone;           /* the ACK being processed undid a reduction */
  guint     prr_held;         /* PRR let nothing out on the ACK being processed: 1 its
                               * proportional share had gone, 2 the flight is at ssthresh */
  guint32   last_ooo_seq;     /* the most recent out-of-order arrival, for SACK's first block */
  gboolean  dsack_pending;    /* RFC 2883: the next ACK reports a duplicate as its first SACK block */
  guint32   dsack_start;
  guint32   dsack_end;
  guint     lt_dupacks;       /* rfc: duplicate ACKs that each allow one new segment (RFC 3042) */
  guint32   lt_bytes;         /* what limited transmit sent since the duplicate ACKs began */
  gboolean  in_rto;           /* the retransmission timer is being handled: what it resends is its doing */
  HsCongestionKind cc;        /* the algorithm in force: the lesson's choice or the profile's */
  HsCubic   cubic;            /* its state when it is CUBIC */

  /* RACK-TLP's tail loss probe (RFC 8985 section 7) */
  gboolean  tlp_outstanding;  /* a probe was sent and not yet acknowledged (Linux tlp_high_seq) */
  guint32   tlp_high_seq;     /* SND.NXT when it was sent */
  gboolean  tlp_sending;      /* output() is sending the probe: one new segment, past cwnd and Nagle */
  guint32   last_seg_seq;     /* the segment that last extended SND.MAX, as it was sent: what a */
  guint32   last_seg_len;     /* probe without new data resends (Linux: the tail of the */
  gboolean  last_seg_fin;     /* retransmission queue) */

  /* RACK's loss detection (RFC 8985 section 6, Linux tcp_recovery.c),
   * linux profile with SACK */
  GArray   *rack_segs;        /* HsRackSegment in sequence order, from rack_head on */
  guint     rack_head;        /* those before it are acknowledged */
  gboolean  rack_valid;       /* a segment has been delivered: the three below hold */
  HsTime    rack_xmit;        /* RACK.xmit_ts: when the most recently sent delivered segment went */
  guint32   rack_end_seq;     /* RACK.end_seq: its end */
  guint32   rack_order;       /* its place in the sending order */
  guint32   rack_n_sent;       /* data segments sent: segments sent in the same instant keep their order */
  HsTime    rack_rtt;         /* RACK.rtt: its round trip */
  HsTime    min_rtt;          /* the smallest RTT sample (Linux tcp_min_rtt); 0 before one */
  gboolean  reord_seen;       /* the peer reported a segment delivered out of order (Linux reord_seen) */
  gboolean  rack_lost;        /* the detection that ran last marked a segment lost */
  HsTime    ack_rtt;          /* the RTT of the newest segment sent once that the last ACK delivered; -1: none */
  guint32   rack_relost_bytes; /* retransmissions RACK deemed lost again, not yet resent */

  /* Congestion window validation (Linux tcp_cwnd_validate) and restart
   * after idle (RFC 5681 section 4.1) */
  gboolean  cwnd_limited;     /* the current window of data was limited by cwnd */
  guint32   max_flight;       /* the most data outstanding in it (Linux max_packets_out) */
  guint32   cwnd_usage_seq;   /* where it ends */
  gboolean  cwnd_unused;      /* the ACK being processed did not grow cwnd: it was not in use */
  gboolean  recovery_ended;   /* the ACK being processed is the full ACK that ends fast recovery */
  gboolean  nagle_held;       /* the last output() held a small segment back for Nagle */
  guint32   snd_sml;          /* where the last small segment sent ends (Linux snd_sml, Minshall's Nagle) */
  gboolean  corked;           /* TCP_CORK: short segments wait until uncorked */
  gboolean  more;             /* the send() being handled has MSG_MORE: its short tail waits */
  gboolean  push_once;        /* the next output() sends short segments whatever cork says
                               * (Linux TCP_NAGLE_PUSH, set by TCP_NODELAY) */
  guint32   psh_end;          /* the end of the last write that asked for a push (Linux
                               * pushed_seq): the segment that reaches it carries PSH */
  gboolean  restarted_idle;   /* cwnd was cut after idle; the next new data says so */
  HsTime    last_data_sent;   /* Linux lsndtime */

  /* Keepalive (RFC 1122 section 4.2.3.6; Linux tcp_keepalive_timer) */
  HsTime    last_heard;       /* when the peer last sent an acceptable segment */
  guint     keepalive_probes; /* unanswered keepalive probes (Linux icsk_probes_out) */

  HsTime    timer_at[HS_N_TIMERS];
};

/* hs-endpoint.c */
void    _hs_endpoint_set_state              (HsEndpoint *self,
                                             HsState     state);
void    _hs_endpoint_choose_iss             (HsEndpoint *self);
void    _hs_endpoint_delete_tcb             (HsEndpoint *self);
void    _hs_endpoint_fail                   (HsEndpoint *self,
                                             HsNotify    why);
void    _hs_endpoint_enter_established      (HsEndpoint *self);
void    _hs_endpoint_enter_time_wait        (HsEndpoint *self);

/* hs-endpoint-input.c */
void    _hs_endpoint_maybe_notify_eof       (HsEndpoint *self);
void    _hs_endpoint_note_duplicate         (HsEndpoint *self,
                                             guint32     start,
                                             guint32     end);

/* hs-endpoint-output.c */
guint   _hs_endpoint_emit                   (HsEndpoint *self,
                                             guint32     seq,
                                             guint8      flags,
                                             guint32     len,
                                             guint8      marks,
                                             HsReason    reason);
void    _hs_endpoint_send_ack               (HsEndpoint *self,
                                             HsReason    reason,
                                             guint8      marks);
void    _hs_endpoint_send_syn               (HsEndpoint *self,
                                             HsReason    reason);
void    _hs_endpoint_output                 (HsEndpoint *self);
void    _hs_endpoint_persist_timeout        (HsEndpoint *self);
gboolean _hs_endpoint_send_probe_new_data   (HsEndpoint *self);

/* hs-endpoint-timers.c */
void    _hs_endpoint_cancel_all_timers      (HsEndpoint *self);
void    _hs_endpoint_start_keepalive        (HsEndpoint *self);
void    _hs_endpoint_rtt_sample             (HsEndpoint *self,
                                             HsTime      r);
void    _hs_endpoint_recompute_rto          (HsEndpoint *self);
gboolean _hs_endpoint_schedule_loss_probe   (HsEndpoint *self,
                                             gboolean    advancing);
void    _hs_endpoint_rearm_after_send       (HsEndpoint *self);

/* hs-endpoint-rack.c */
void    _hs_endpoint_rack_sent              (HsEndpoint *self,
                                             guint32     seq,
                                             guint32     len,
                                             gboolean    retransmission);
void    _hs_endpoint_rack_update            (HsEndpoint        *self,
                                             const HsTcpHeader *seg);
gboolean _hs_endpoint_rack_detect_loss      (HsEndpoint *self);
void    _hs_endpoint_rack_forget_sacks      (HsEndpoint *self);
void    _hs_endpoint_rack_take_timer_slot   (HsEndpoint *self);
void    _hs_endpoint_rack_timeout           (HsEndpoint *self);
void    _hs_endpoint_rack_begin_recovery    (HsEndpoint *self);
gboolean _hs_endpoint_rack_detect_relost    (HsEndpoint *self,
                                             guint32     high_rxt);
gboolean _hs_endpoint_rack_next_relost      (HsEndpoint *self,
                                             guint32    *start,
                                             guint32    *end);

/* hs-endpoint-recovery.c */
void    _hs_endpoint_enter_recovery         (HsEndpoint *self,
                                             guint32     delivered,
                                             guint32     flight,
                                             HsReason    reason);
void    _hs_endpoint_init_congestion_window (HsEndpoint *self);
void    _hs_endpoint_init_undo              (HsEndpoint *self);
guint32 _hs_endpoint_loss_ssthresh          (HsEndpoint *self,
                                             guint32     flight);
guint32 _hs_endpoint_pipe_size              (HsEndpoint *self);
void    _hs_endpoint_cwnd_validate          (HsEndpoint *self,
                                             gboolean    limited);
void    _hs_endpoint_restart_after_idle     (HsEndpoint *self,
                                             HsTime      idle);
void    _hs_endpoint_process_ack            (HsEndpoint        *self,
                                             const HsTcpHeader *seg,
                                             guint32            len);

/* The small helpers on the per-segment path: inline, as they were when
 * the endpoint was one file. */

/* RACK runs in the linux profile once SACK is agreed */
static inline gboolean
_hs_endpoint_rack_enabled (HsEndpoint *self)
{
  return self->profile->rack && self->sack_ok;
}

/* The log of sending times serves RACK, and HyStart's RTT samples */
static inline gboolean
_hs_endpoint_logs_send_times (HsEndpoint *self)
{
  return _hs_endpoint_rack_enabled (self) || (self->profile->hystart && self->cc == HS_CONGESTION_CUBIC);
}

static inline HsTime
_hs_endpoint_now (HsEndpoint *self)
{
  return self->host->now (self->host_data);
}

static inline void
_hs_endpoint_set_timer (HsEndpoint  *self,
                        HsTimerKind  kind,
                        HsTime       when)
{
  if (self->timer_at[kind] == when)
    return;
  self->timer_at[kind] = when;
  self->host->set_timer (self->host_data, self, kind, when);
}

static inline gboolean
_hs_endpoint_timer_armed (HsEndpoint  *self,
                          HsTimerKind  kind)
{
  return self->timer_at[kind] != HS_TIME_NONE;
}

/* The size of the data segments we send: the peer's MSS less the options
 * every segment carries (RFC 9293 section 3.7.1); in the linux profile no
 * more than half the largest window the peer has offered, as
 * tcp_bound_to_half_wnd() does, but never below 68 bytes less the TCP
 * header, its floor. */
static inline guint32
_hs_endpoint_send_mss (HsEndpoint *self)
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
static inline guint32
_hs_endpoint_receive_space (HsEndpoint *self)
{
  guint32 held = hs_seq_ranges_bytes (self->out_of_order) + self->unread;

  return self->config->receive_buffer > held ? self->config->receive_buffer - held : 0;
}

static inline void
_hs_endpoint_restart_retransmission_timer (HsEndpoint *self)
{
  HsTime when = _hs_endpoint_now (self) + self->rto;

  /* TCP_USER_TIMEOUT: the last wait ends when the user timeout does
   * (Linux tcp_clamp_rto_to_user_timeout) */
  if (self->config->user_timeout > 0 && self->retries > 0)
    when = MIN (when, MAX (self->episode_start + self->config->user_timeout, _hs_endpoint_now (self)));
  self->rtx_armed_at = _hs_endpoint_now (self);
  _hs_endpoint_set_timer (self, HS_TIMER_RETRANSMISSION, when);
}

static inline gboolean
_hs_endpoint_connection_exists (HsEndpoint *self)
{
  return self->state != HS_STATE_CLOSED && self->state != HS_STATE_LISTEN;
}

/* Linux's view of what has left the network although not yet cumulatively
 * acknowledged (tcp_packets_in_flight: sacked_out). Without SACK each
 * duplicate ACK stands for one segment that arrived, but the hole itself is
 * always still out (tcp_limit_reno_sacked). */
static inline guint32
_hs_endpoint_left_network (HsEndpoint *self)
{
  guint32 in_flight = self->snd_nxt - self->snd_una;

  if (self->sack_ok)
    return hs_seq_ranges_bytes (self->sacked);
  return MIN ((guint64) self->dup_acks * _hs_endpoint_send_mss (self), in_flight - MIN (in_flight, _hs_endpoint_send_mss (self)));
}

/* The room cwnd leaves for more data now. In recovery with SACK it counts
 * against RFC 6675's pipe. Outside recovery, the first duplicate ACKs let
 * new data out (limited transmit, RFC 3042): Linux because the segments
 * they report no longer count as in flight, the RFC as one new segment
 * beyond cwnd for each of the first two. Only new data, and only where the
 * duplicate ACKs could lead to a fast retransmit: not after a timeout,
 * until everything sent before it is acknowledged (RFC 6582's "recover"). */
static inline guint32
_hs_endpoint_congestion_room (HsEndpoint *self)
{
  guint32 pipe = self->snd_nxt - self->snd_una;
  guint64 allowed = self->cwnd;

  if (self->in_recovery)
    {
      if (!hs_seq_ranges_is_empty (self->sacked))
        pipe = _hs_endpoint_pipe_size (self);
    }
  else if (self->in_loss)
    /* after a timeout, retransmissions RACK found lost again have left
     * the network (what is SACKed still counts here, unlike Linux's
     * tcp_packets_in_flight) */
    pipe -= MIN (pipe, self->rack_relost_bytes);
  else if (self->snd_nxt == self->snd_max && hs_seq_gt (self->snd_una, self->recover))
    {
      if (self->profile->flight_excludes_sacked)
        pipe -= MIN (pipe, _hs_endpoint_left_network (self));
      else
        allowed += (guint64) MIN (self->lt_dupacks, 2) * _hs_endpoint_send_mss (self);
    }
  return allowed > pipe ? (guint32) MIN (allowed - pipe, G_MAXUINT32) : 0;
}

G_END_DECLS
