/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-cubic.h: CUBIC congestion control (RFC 9438) as Linux 6.x runs it
 * (tcp_cubic.c): the window as a cubic function of the time since the last
 * reduction, beta 0.7, C 0.4, fast convergence and the Reno-friendly
 * region. It counts in segments, as the kernel does. */

#pragma once

#include "hs-types.h"

G_BEGIN_DECLS

typedef struct
{
  guint32 cnt;            /* ACKed segments per one-segment increase of cwnd */
  guint32 cwnd_cnt;       /* ACKed segments counted towards the next increase (snd_cwnd_cnt) */
  guint32 last_max_cwnd;  /* W_max: cwnd before the last reduction, after fast convergence */
  guint32 last_cwnd;      /* cwnd when cnt was last computed */
  gint64  last_time;      /* and when, in ms (the kernel's jiffies at HZ=1000) */
  guint32 origin_point;   /* the window at the plateau of the curve */
  guint32 k;              /* time from the epoch's start to the plateau, 1/1024 s */
  HsTime  delay_min;      /* the smallest round trip seen, µs; 0: none yet */
  gboolean epoch;         /* an epoch of growth is under way */
  gint64  epoch_start;    /* since when, in ms */
  guint32 ack_cnt;        /* segments ACKed in this epoch, for the Reno estimate */
  guint32 tcp_cwnd;       /* what Reno's window would be (the Reno-friendly region) */

  /* HyStart (RFC 9438 section 4.10, Linux hystart_update with
   * HYSTART_DELAY): slow start ends when a round trip's RTTs grow */
  gboolean hystart_found;  /* slow start has been left by HyStart */
  gboolean hystart_round;  /* a round is being measured: the two below hold */
  guint32 end_seq;        /* the round ends when SND.UNA passes this */
  HsTime  curr_rtt;       /* the smallest RTT sample of this round, µs */
  guint32 sample_cnt;     /* RTT samples taken in this round */
} HsCubic;

void    hs_cubic_reset        (HsCubic *cubic);
guint32 hs_cubic_ssthresh     (HsCubic *cubic,
                               guint32  cwnd);
void    hs_cubic_rtt_sample   (HsCubic *cubic,
                               HsTime   rtt,
                               HsTime   now);
gboolean hs_cubic_hystart     (HsCubic *cubic,
                               guint32  cwnd,
                               guint32  snd_una,
                               guint32  snd_nxt,
                               HsTime   rtt);
guint32 hs_cubic_avoid        (HsCubic *cubic,
                               guint32  cwnd,
                               guint32  acked,
                               HsTime   now);

#define HS_CUBIC_BETA_PERCENT 70

G_END_DECLS
