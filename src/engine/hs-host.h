/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-host.h: the rules a Linux host applies to connections it has no
 * socket for yet: listen queues, SYN cookies, a SYN that meets TIME-WAIT. */

#pragma once

#include <glib.h>

#include "hs-types.h"

G_BEGIN_DECLS

/* Linux's sk_acceptq_is_full(): full only when MORE than @backlog
 * connections wait, so listen(fd, 1) holds two. */
gboolean hs_host_accept_queue_full   (guint   accept_queue,
                                      guint   backlog);
/* inet_csk_reqsk_queue_is_full(): the SYN queue holds @backlog. */
gboolean hs_host_syn_queue_full      (guint   syn_queue,
                                      guint   backlog);

/* A SYN cookie (Linux net/ipv4/syncookies.c, secure_tcp_syn_cookie()):
 * the server's ISN carries a keyed hash of the 4-tuple, the time in
 * minutes in the top 8 bits and the index of the client's MSS in Linux's
 * table (536, 1300, 1440, 1460) in the low 24 bits under a second hash,
 * so that no state needs to be kept. Linux keys SipHash with a secret
 * drawn at boot; Handshake keys its own hash with @secret, drawn from the
 * lesson's seed. @mss is the client's; @mss_out the one the cookie
 * keeps (the largest table entry not above it). */
guint32  hs_host_cookie_make         (guint32     secret,
                                      const char *saddr,
                                      const char *daddr,
                                      guint16     sport,
                                      guint16     dport,
                                      guint32     client_isn,
                                      HsTime      now,
                                      guint16     mss,
                                      guint16    *mss_out);
/* Checks the cookie an ACK returns (its ack − 1, with its seq − 1 as the
 * client's ISN): the MSS it encodes, or 0 when it is no cookie of ours
 * or older than two minutes (cookie_v4_check()). */
guint16  hs_host_cookie_check        (guint32     secret,
                                      const char *saddr,
                                      const char *daddr,
                                      guint16     sport,
                                      guint16     dport,
                                      guint32     client_isn,
                                      guint32     cookie,
                                      HsTime      now);

/* The key hs_simulator_run() draws from a lesson's @seed for its SYN
 * cookies, so that a reader of the trace can decode them again. */
guint32  hs_host_cookie_secret       (guint64     seed);
/* What the SYN+ACK's ISN @cookie says, read back as cookie_v4_check()
 * does, with the SYN+ACK's own send time @now: the time counter in its
 * top 8 bits (@count, minutes, modulo 256) and the index of the MSS in
 * Linux's table (@mss_index) with that MSS (@mss). FALSE when @cookie is
 * no cookie of @secret's for this 4-tuple and client ISN. */
gboolean hs_host_cookie_decode       (guint32     secret,
                                      const char *saddr,
                                      const char *daddr,
                                      guint16     sport,
                                      guint16     dport,
                                      guint32     client_isn,
                                      guint32     cookie,
                                      HsTime      now,
                                      guint      *count,
                                      guint      *mss_index,
                                      guint16    *mss);

/* tcp_timewait_state_process(): a SYN that meets TIME-WAIT opens a new
 * connection when its sequence number is above the old RCV.NXT (RFC 6191
 * with sequence numbers); the new server ISN is then the old SND.NXT +
 * 65535 + 2, so that it too is above anything of the old connection. */
gboolean hs_host_time_wait_takes_syn (guint32  rcv_nxt,
                                      guint32  syn_seq);
guint32  hs_host_time_wait_isn       (guint32  snd_nxt);

G_END_DECLS
