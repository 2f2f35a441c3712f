/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-profile.c: the two built-in profiles. */

#define G_LOG_DOMAIN "hs-profile"

#include "config.h"

#include "hs-profile.h"

static const HsProfile profiles[HS_N_PROFILES] = {
  [HS_PROFILE_LINUX] = {
    .kind = HS_PROFILE_LINUX,
    .initial_rto = 1 * HS_USEC_PER_SEC,         /* TCP_TIMEOUT_INIT */
    .min_rto = 200 * HS_USEC_PER_MSEC,          /* TCP_RTO_MIN */
    .max_rto = 120 * HS_USEC_PER_SEC,           /* TCP_RTO_MAX */
    .rto_after_syn_loss = 3 * HS_USEC_PER_SEC,  /* TCP_TIMEOUT_FALLBACK */
    .time_wait = 60 * HS_USEC_PER_SEC,          /* TCP_TIMEWAIT_LEN */
    .delayed_ack = 40 * HS_USEC_PER_MSEC,       /* TCP_ATO_MIN / TCP_DELACK_MIN */
    .fin_wait_2_timeout = 60 * HS_USEC_PER_SEC, /* tcp_fin_timeout */
    /* Linux turns tcp_syn_retries = 6 into a time: what six doublings of
     * the 1 s initial RTO add up to, (2^7 − 1) × 1 s (retransmits_timed_out).
     * With linear timeouts that allows ten retransmissions. */
    .syn_give_up = 127 * HS_USEC_PER_SEC,
    .synack_retries = 5,                        /* tcp_synack_retries: 63 s */
    /* tcp_retries2 = 15 from a 200 ms base: (2^10 − 1) × 0.2 s + 6 × 120 s */
    .data_give_up = 924600 * HS_USEC_PER_MSEC,
    .syn_linear_timeouts = 4,                   /* tcp_syn_linear_timeouts */
    .initial_window = 10,                       /* TCP_INIT_CWND, RFC 6928 */
    .quick_ack = TRUE,
    .delay_fin_ack = TRUE,
    .synack_on_dup_syn = TRUE,
    .rst_carries_ack = TRUE,
    .syn_window_in_segments = TRUE,
    .clamp_window_to_syn = TRUE,
    .rto_floor_on_variance = TRUE,
    .slow_start_counts_all = TRUE,
    .flight_excludes_sacked = TRUE,
    .ssthresh_excludes_limited_transmit = FALSE,
    .cwnd_validation = TRUE,                    /* tcp_is_cwnd_limited */
    .idle_restart_decays = TRUE,                /* tcp_slow_start_after_idle = 1 */
    .mss_half_window = TRUE,                    /* tcp_bound_to_half_wnd */
    .recovery_ends_at_ssthresh = TRUE,          /* tcp_end_cwnd_reduction */
    .prr = TRUE,                                /* tcp_cwnd_reduction */
    .undo = TRUE,                               /* tcp_try_undo_* */
    .congestion = HS_CONGESTION_CUBIC,          /* tcp_congestion_control */
    .tail_loss_probe = TRUE,                    /* tcp_early_retrans = 3 */
    .hystart = TRUE,                            /* tcp_cubic: hystart, hystart_detect */
    .old_ack_sack = TRUE,                       /* tcp_ack: old_ack */
    .rack = TRUE,                               /* tcp_recovery = TCP_RACK_LOSS_DETECTION */
    .minshall_nagle = TRUE,                     /* tcp_nagle_check */
    .keepalive_reset = TRUE,                    /* tcp_send_active_reset */
    .reset_answers_segment = TRUE,              /* tcp_rcv_state_process: tcp_reset, then tcp_v4_send_reset */
    .sack = TRUE,
    .timestamps = TRUE,
    .window_scale = 10,                        /* what a 6.x kernel announces by default */
  },
  [HS_PROFILE_RFC] = {
    .kind = HS_PROFILE_RFC,
    .initial_rto = 1 * HS_USEC_PER_SEC,
    .min_rto = 1 * HS_USEC_PER_SEC,
    .max_rto = 60 * HS_USEC_PER_SEC,
    .rto_after_syn_loss = 3 * HS_USEC_PER_SEC,
    .time_wait = 240 * HS_USEC_PER_SEC,         /* 2 × MSL, MSL = 2 minutes */
    .delayed_ack = 200 * HS_USEC_PER_MSEC,      /* under RFC 9293's 0.5 s bound */
    .fin_wait_2_timeout = 0,                    /* the RFC sets no limit */
    /* RFC 1122 section 4.2.3.5: R2 at least 3 minutes for a SYN and at
     * least 100 s for data; 15 minutes for data is close to Linux. */
    .syn_give_up = 180 * HS_USEC_PER_SEC,
    .synack_retries = 5,
    .data_give_up = 900 * HS_USEC_PER_SEC,
    .syn_linear_timeouts = 0,
    .initial_window = 0,
    .quick_ack = FALSE,
    .delay_fin_ack = FALSE,
    .synack_on_dup_syn = FALSE,
    .rst_carries_ack = FALSE,
    .syn_window_in_segments = FALSE,
    .clamp_window_to_syn = FALSE,
    .rto_floor_on_variance = FALSE,
    .slow_start_counts_all = FALSE,
    .flight_excludes_sacked = FALSE,
    .ssthresh_excludes_limited_transmit = TRUE,
    .cwnd_validation = FALSE,
    .idle_restart_decays = FALSE,
    .mss_half_window = FALSE,
    .recovery_ends_at_ssthresh = FALSE,
    .prr = FALSE,
    .undo = FALSE,
    .congestion = HS_CONGESTION_RENO,
    .tail_loss_probe = FALSE,
    .hystart = FALSE,
    .old_ack_sack = FALSE,
    .rack = FALSE,
    .minshall_nagle = FALSE,
    .keepalive_reset = FALSE,
    .reset_answers_segment = FALSE,
    .sack = FALSE,
    .timestamps = FALSE,
    .window_scale = -1,
  },
};

const HsProfile *
hs_profile_get (HsProfileKind kind)
{
  g_return_val_if_fail (kind < HS_N_PROFILES, &profiles[HS_PROFILE_LINUX]);

  return &profiles[kind];
}
