/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-types.h: the small shared vocabulary of the engine: time, states, flags. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Virtual time, in microseconds since the start of the simulation. */
typedef gint64 HsTime;

#define HS_TIME_NONE      ((HsTime) -1)
#define HS_USEC_PER_MSEC  ((HsTime) 1000)
#define HS_USEC_PER_SEC   ((HsTime) 1000000)

/* The eleven states of RFC 9293 section 3.3.2, in the RFC's order. Each
 * nick is the RFC's spelling, the name traces and lesson files use. */
typedef enum
{
  HS_STATE_CLOSED,       /*< nick=CLOSED >*/
  HS_STATE_LISTEN,       /*< nick=LISTEN >*/
  HS_STATE_SYN_SENT,     /*< nick=SYN-SENT >*/
  HS_STATE_SYN_RECEIVED, /*< nick=SYN-RECEIVED >*/
  HS_STATE_ESTABLISHED,  /*< nick=ESTABLISHED >*/
  HS_STATE_FIN_WAIT_1,   /*< nick=FIN-WAIT-1 >*/
  HS_STATE_FIN_WAIT_2,   /*< nick=FIN-WAIT-2 >*/
  HS_STATE_CLOSE_WAIT,   /*< nick=CLOSE-WAIT >*/
  HS_STATE_CLOSING,      /*< nick=CLOSING >*/
  HS_STATE_LAST_ACK,     /*< nick=LAST-ACK >*/
  HS_STATE_TIME_WAIT,    /*< nick=TIME-WAIT >*/
  HS_N_STATES /*< skip >*/
} HsState;

/* TCP header flag bits, with the values they have on the wire; the nicks
 * are Wireshark's names. */
typedef enum
{
  HS_TCP_FIN = 1 << 0,  /*< nick=FIN >*/
  HS_TCP_SYN = 1 << 1,  /*< nick=SYN >*/
  HS_TCP_RST = 1 << 2,  /*< nick=RST >*/
  HS_TCP_PSH = 1 << 3,  /*< nick=PSH >*/
  HS_TCP_ACK = 1 << 4,  /*< nick=ACK >*/
  HS_TCP_URG = 1 << 5,  /*< nick=URG >*/
  HS_TCP_ECE = 1 << 6,  /*< nick=ECE >*/
  HS_TCP_CWR = 1 << 7,  /*< nick=CWR >*/
} HsTcpFlags;

/* The transport protocol of an endpoint: TCP, or UDP for comparison. */
typedef enum
{
  HS_TRANSPORT_TCP,
  HS_TRANSPORT_UDP,
} HsTransport;

/* Which constants fill the choices the RFCs leave open; the nicks are the
 * names lesson files, --profile and the "profile" setting use. */
typedef enum
{
  HS_PROFILE_LINUX,
  HS_PROFILE_RFC,
  HS_N_PROFILES /*< skip >*/
} HsProfileKind;

/* The congestion control an endpoint runs; the nicks are the values of the
 * Congestion lesson key. "default" is what its profile runs: CUBIC for
 * linux, NewReno for rfc. */
typedef enum
{
  HS_CONGESTION_DEFAULT,
  HS_CONGESTION_RENO,
  HS_CONGESTION_CUBIC,
} HsCongestionKind;

const char *hs_state_to_string   (HsState        state);
gboolean    hs_state_from_string (const char    *str,
                                  HsState       *state);
gboolean    hs_state_is_synchronized (HsState    state);

/* Flags in Wireshark's order (FIN, SYN, RST, PSH, ACK, URG, ECE, CWR) joined
 * by @separator, e.g. "SYN+ACK" or "SYN, ACK". Returns a newly allocated
 * string; "" when no flag is set. */
char       *hs_tcp_flags_to_string   (guint8      flags,
                                      const char *separator);
/* Parses "SYN+ACK", "syn,ack", "FIN+PSH+ACK", ... */
gboolean    hs_tcp_flags_from_string (const char *str,
                                      guint8     *flags);

const char *hs_congestion_kind_to_string   (HsCongestionKind  kind);
gboolean    hs_congestion_kind_from_string (const char       *str,
                                            HsCongestionKind *kind);

const char *hs_profile_kind_to_string   (HsProfileKind kind);
gboolean    hs_profile_kind_from_string (const char   *str,
                                         HsProfileKind *kind);

/* Sequence-number arithmetic modulo 2^32 (RFC 9293 section 3.4). */
static inline gboolean hs_seq_lt  (guint32 a, guint32 b) { return (gint32) (a - b) < 0; }
static inline gboolean hs_seq_leq (guint32 a, guint32 b) { return (gint32) (a - b) <= 0; }
static inline gboolean hs_seq_gt  (guint32 a, guint32 b) { return (gint32) (a - b) > 0; }
static inline gboolean hs_seq_geq (guint32 a, guint32 b) { return (gint32) (a - b) >= 0; }
static inline guint32  hs_seq_max (guint32 a, guint32 b) { return hs_seq_gt (a, b) ? a : b; }
static inline guint32  hs_seq_min (guint32 a, guint32 b) { return hs_seq_lt (a, b) ? a : b; }

G_END_DECLS
