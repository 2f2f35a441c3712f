/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-profile.h: the constants the RFCs leave open, as an RFC reader or as
 * Linux chooses them. */

#pragma once

#include "hs-types.h"

G_BEGIN_DECLS

typedef struct
{
  HsProfileKind kind;
  HsTime   initial_rto;          /* RFC 6298 (2.1): 1 s */
  HsTime   min_rto;              /* RFC 6298 (2.4) says 1 s; Linux uses 200 ms */
  HsTime   max_rto;              /* RFC 6298 (2.5): at least 60 s; Linux 120 s */
  HsTime   rto_after_syn_loss;   /* RFC 6298 (5.7): 3 s once data flows */
  HsTime   time_wait;            /* 2 × MSL; Linux TCP_TIMEWAIT_LEN is 60 s */
  HsTime   delayed_ack;          /* the delayed-ACK timer */
  HsTime   fin_wait_2_timeout;   /* an orphaned FIN-WAIT-2 gives up (Linux tcp_fin_timeout) */
  HsTime   syn_give_up;          /* a SYN unanswered this long after it was first sent: give up */
  guint    synack_retries;       /* retransmissions of a SYN+ACK */
  HsTime   data_give_up;         /* the same for data and FIN */
  guint    syn_linear_timeouts;  /* SYN retransmissions at a fixed initial RTO before doubling */
  guint    initial_window;       /* in segments; 0 means RFC 5681's byte formula */
  gboolean quick_ack;            /* Linux acknowledges the first data segments at once */
  gboolean delay_fin_ack;        /* Linux delays the ACK of a FIN received in ESTABLISHED */
  gboolean synack_on_dup_syn;    /* Linux answers a retransmitted SYN with a SYN+ACK */
  gboolean rst_carries_ack;      /* Linux's abort sends RST+ACK */
  gboolean syn_window_in_segments;/* Linux offers a whole number of segments in a SYN */
  gboolean clamp_window_to_syn;  /* Linux keeps offering the SYN's window (no autotuning here) */
  gboolean rto_floor_on_variance;/* Linux: RTO = SRTT + max(4·RTTVAR, min RTO) */
  gboolean slow_start_counts_all;/* Linux: slow start adds every acknowledged segment (RFC 3465
                                  * without a limit), up to ssthresh; RFC 5681: min(acked, SMSS) */
  gboolean flight_excludes_sacked;/* Linux (tcp_packets_in_flight): SACKed segments, and without
                                  * SACK one per duplicate ACK, have left the network, so each lets
                                  * a new segment out (limited transmit) and counts once for cwnd
                                  * growth; RFC 3042: the first two duplicate ACKs allow one new
                                  * segment each beyond cwnd */
  gboolean ssthresh_excludes_limited_transmit; /* RFC 5681 (3.2, step 2): the data limited
                                  * transmit sent is not counted in the FlightSize that sets ssthresh
                                  * at fast retransmit */
  gboolean cwnd_validation;      /* Linux (tcp_is_cwnd_limited): cwnd grows only while it is used,
                                  * in slow start while more than half of it was in flight;
                                  * RFC 5681 grows it on every ACK */
  gboolean idle_restart_decays;  /* after an idle RTO, Linux (tcp_cwnd_restart) halves cwnd per RTO
                                  * of silence down to the initial window and keeps ssthresh at
                                  * least ¾ cwnd; RFC 5681 (4.1) restarts from the initial window */
  gboolean mss_half_window;      /* Linux (tcp_bound_to_half_wnd): a segment carries at most half
                                  * the largest window the peer has offered (all of it, below 536
                                  * bytes), so that a tiny window still holds two segments;
                                  * RFC 9293 sends segments of the full MSS */
  gboolean recovery_ends_at_ssthresh; /* Linux (tcp_end_cwnd_reduction): the full ACK sets cwnd to
                                  * ssthresh; RFC 6582: min(ssthresh, FlightSize + SMSS) */
  gboolean prr;                  /* Linux (tcp_cwnd_reduction): in SACK recovery, proportional rate
                                  * reduction (RFC 6937) sets cwnd on each ACK from what it delivered;
                                  * RFC 6675: cwnd = ssthresh, holes filled while cwnd - pipe allows */
  gboolean undo;                 /* Linux (tcp_try_undo_recovery, _dsack, _loss): a D-SACK for every
                                  * retransmission, or an ACK whose timestamp echo predates the first
                                  * one (Eifel, RFC 3522), shows the loss was spurious: cwnd and
                                  * ssthresh go back; RFC 5681 has no undo */
  HsCongestionKind congestion;   /* Linux: CUBIC (RFC 9438); rfc: NewReno (RFC 5681, 6582) */
  gboolean tail_loss_probe;      /* Linux: RACK-TLP's probe timeout (RFC 8985 section 7) */
  gboolean hystart;              /* Linux (tcp_cubic hystart = 1, HYSTART_DELAY): CUBIC leaves slow
                                  * start when a round trip's RTT samples grow (RFC 9438 4.10); rfc:
                                  * slow start runs to ssthresh or a loss */
  gboolean old_ack_sack;         /* Linux (tcp_ack, old_ack): an ACK below SND.UNA still has its SACK
                                  * blocks taken in, and in recovery what they free may go out; the RFC
                                  * ignores such an ACK (RFC 9293 3.10.7.4) */
  gboolean rack;                 /* Linux (tcp_recovery = 1): with SACK, RACK's sending times decide
                                  * what is lost (RFC 8985 section 6), with a reordering timer;
                                  * rfc: three duplicate ACKs or three segments SACKed (RFC 6675) */
  gboolean minshall_nagle;       /* Linux (tcp_nagle_check, tcp_minshall_check): a short segment waits
                                  * only while an earlier short segment is unacknowledged, and one
                                  * that carries the FIN never waits; RFC 9293 (3.7.4): no short
                                  * segment while any data is unacknowledged */
  gboolean reset_answers_segment; /* Linux: data for an application that has closed is answered
                                  * as a segment without a connection is (tcp_v4_send_reset): a bare
                                  * RST with seq = its ack; rfc: <SEQ=SND.NXT><CTL=RST> */
  gboolean keepalive_reset;      /* Linux resets the connection when its keepalive probes go
                                  * unanswered (tcp_keepalive_timer); RFC 1122 4.2.3.6 only
                                  * deems it broken */
  /* What a new endpoint offers unless the lesson says otherwise. */
  gboolean sack;
  gboolean timestamps;
  gint     window_scale;         /* shift count; -1 for "no window scale option" */
} HsProfile;

const HsProfile *hs_profile_get (HsProfileKind kind);

G_END_DECLS
