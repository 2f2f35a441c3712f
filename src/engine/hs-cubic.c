/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-cubic.c: CUBIC's window function (RFC 9438) with the constants and
 * the integer arithmetic of Linux 6.x, so that a replayed packetdrill script
 * sees the same increments the kernel makes. */

#define G_LOG_DOMAIN "hs-cubic"

#include "config.h"

#include <math.h>
#include <string.h>

#include "hs-cubic.h"

#define BETA_SCALE      1024
#define BETA            717           /* β_cubic = 0.7 (RFC 9438 section 4.6) */
#define C_SCALED        410           /* C = 0.4, × 1024, over 1024^3 time units */
#define TIME_SHIFT      10            /* the curve's time unit is 1/1024 s */
/* Reno's growth with CUBIC's β (RFC 9438 section 4.3): α = 3 (1 − β) / (1 + β)
 * segments per round trip, i.e. one segment per cwnd × 8/15 ACKs here. */
#define RENO_SCALE      (8 * (BETA_SCALE + BETA) / 3 / (BETA_SCALE - BETA))
#define MS(t)           ((t) / HS_USEC_PER_MSEC)

void
hs_cubic_reset (HsCubic *cubic)
{
  memset (cubic, 0, sizeof *cubic);
}

/* A loss: the window to go back to (RFC 9438 section 4.6), and W_max for
 * the next epoch, lowered by fast convergence (section 4.7) when this loss
 * came before the previous W_max was reached. In segments. */
guint32
hs_cubic_ssthresh (HsCubic *cubic,
                   guint32  cwnd)
{
  cubic->epoch = FALSE;
  if (cwnd < cubic->last_max_cwnd)
    cubic->last_max_cwnd = cwnd * (BETA_SCALE + BETA) / (2 * BETA_SCALE);
  else
    cubic->last_max_cwnd = cwnd;
  return MAX (cwnd * BETA / BETA_SCALE, 2);
}

void
hs_cubic_rtt_sample (HsCubic *cubic,
                     HsTime   rtt,
                     HsTime   now)
{
  /* Linux ignores the first second of an epoch: right after a reduction
   * the queues are still draining. */
  if (cubic->epoch && MS (now) - cubic->epoch_start < 1000)
    return;
  if (cubic->delay_min == 0 || rtt < cubic->delay_min)
    cubic->delay_min = MAX (rtt, 1);
}

#define HYSTART_LOW_WINDOW   16                          /* segments: no HyStart below */
#define HYSTART_MIN_SAMPLES  8                           /* RTT samples before a round is judged */
#define HYSTART_DELAY_MIN    (4 * HS_USEC_PER_MSEC)
#define HYSTART_DELAY_MAX    (16 * HS_USEC_PER_MSEC)

/* HyStart's delay detection in slow start (RFC 9438 section 4.10 refers
 * to HyStart++; this is Linux's own, tcp_cubic.c hystart_update with
 * HYSTART_DELAY): each ACK of new data brings an RTT sample; a round lasts
 * until SND.UNA passes what was sent when it began. Once a round has had
 * more than 8 samples and the smallest of them exceeds the smallest RTT
 * ever seen by an eighth of it (at least 4 ms, at most 16 ms), queues are
 * building: slow start ends. @cwnd in segments, before this ACK grows it;
 * @rtt the RTT of the newest segment this ACK delivered. Returns whether
 * slow start ends now (the caller sets ssthresh to cwnd). */
gboolean
hs_cubic_hystart (HsCubic *cubic,
                  guint32  cwnd,
                  guint32  snd_una,
                  guint32  snd_nxt,
                  HsTime   rtt)
{
  HsTime thresh;

  if (cubic->hystart_found || cwnd < HYSTART_LOW_WINDOW || cubic->delay_min == 0)
    return FALSE;
  if (!cubic->hystart_round || hs_seq_gt (snd_una, cubic->end_seq))
    {
      cubic->hystart_round = TRUE;
      cubic->end_seq = snd_nxt;
      cubic->curr_rtt = G_MAXINT64;
      cubic->sample_cnt = 0;
    }
  cubic->curr_rtt = MIN (cubic->curr_rtt, MAX (rtt, 1));
  if (cubic->sample_cnt < HYSTART_MIN_SAMPLES)
    {
      cubic->sample_cnt++;
      return FALSE;
    }
  thresh = CLAMP (cubic->delay_min / 8, HYSTART_DELAY_MIN, HYSTART_DELAY_MAX);
  if (cubic->curr_rtt > cubic->delay_min + thresh)
    {
      cubic->hystart_found = TRUE;
      return TRUE;
    }
  return FALSE;
}

/* Recomputes cnt: how many ACKed segments make cwnd one segment larger. */
static void
update (HsCubic *cubic,
        guint32  cwnd,
        guint32  acked,
        gint64   ms)
{
  cubic->ack_cnt += acked;

  /* Linux recomputes at most every 1/32 s while cwnd stays the same, and
   * once per jiffy at all. */
  if (cubic->last_cwnd == cwnd && ms - cubic->last_time <= 1000 / 32)
    return;
  if (!cubic->epoch || ms != cubic->last_time)
    {
      guint64 t, offs, delta;
      guint32 target;

      cubic->last_cwnd = cwnd;
      cubic->last_time = ms;

      if (!cubic->epoch)
        {
          cubic->epoch = TRUE;
          cubic->epoch_start = ms;
          cubic->ack_cnt = acked;
          cubic->tcp_cwnd = cwnd;
          if (cubic->last_max_cwnd <= cwnd)
            {
              cubic->k = 0;
              cubic->origin_point = cwnd;
            }
          else
            {
              /* K = ∛(W_max (1 − β) / C), equation (2), here from the
               * distance to W_max in 1/1024 s */
              double factor = (double) (G_GUINT64_CONSTANT (1) << (10 + 3 * TIME_SHIFT)) / C_SCALED;

              cubic->k = (guint32) cbrt (factor * (cubic->last_max_cwnd - cwnd));
              cubic->origin_point = cubic->last_max_cwnd;
            }
        }

      /* W_cubic(t + RTT), equation (1): the window one round trip ahead */
      t = (guint64) (ms - cubic->epoch_start) * HS_USEC_PER_MSEC + cubic->delay_min;
      t = (t << TIME_SHIFT) / HS_USEC_PER_SEC;
      offs = t < cubic->k ? cubic->k - t : t - cubic->k;
      offs = MIN (offs, G_GUINT64_CONSTANT (1) << 18);   /* 256 s: beyond any window */
      delta = (C_SCALED * offs * offs * offs) >> (10 + 3 * TIME_SHIFT);
      if (t < cubic->k)
        target = delta < cubic->origin_point ? cubic->origin_point - (guint32) delta : 0;
      else
        target = (guint32) MIN (cubic->origin_point + delta, G_MAXUINT32 / 2);

      if (target > cwnd)
        cubic->cnt = cwnd / (target - cwnd);
      else
        cubic->cnt = 100 * cwnd;   /* at the plateau: hardly any growth */
      /* no W_max yet (after a timeout): at least 5 % a round trip */
      if (cubic->last_max_cwnd == 0 && cubic->cnt > 20)
        cubic->cnt = 20;
    }

  /* The Reno-friendly region (section 4.3): never slower than Reno. */
  {
    guint32 per_segment = MAX ((cwnd * RENO_SCALE) >> 3, 1);

    while (cubic->ack_cnt > per_segment)
      {
        cubic->ack_cnt -= per_segment;
        cubic->tcp_cwnd++;
      }
    if (cubic->tcp_cwnd > cwnd)
      cubic->cnt = MIN (cubic->cnt, cwnd / (cubic->tcp_cwnd - cwnd));
  }
  /* at most one segment per two ACKed: 1.5 × per round trip */
  cubic->cnt = MAX (cubic->cnt, 2);
}

/* Congestion avoidance: @acked segments were acknowledged with cwnd at
 * @cwnd segments; returns the new cwnd in segments. */
guint32
hs_cubic_avoid (HsCubic *cubic,
                guint32  cwnd,
                guint32  acked,
                HsTime   now)
{
  update (cubic, cwnd, acked, MS (now));

  /* Linux's tcp_cong_avoid_ai(): credit earned at a larger cnt is applied
   * first, then one segment per cnt ACKed */
  if (cubic->cwnd_cnt >= cubic->cnt)
    {
      cubic->cwnd_cnt = 0;
      cwnd++;
    }
  cubic->cwnd_cnt += acked;
  if (cubic->cwnd_cnt >= cubic->cnt)
    {
      guint32 delta = cubic->cwnd_cnt / cubic->cnt;

      cubic->cwnd_cnt -= delta * cubic->cnt;
      cwnd += delta;
    }
  return cwnd;
}
