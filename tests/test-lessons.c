/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-lessons.c: every built-in lesson, segment by segment and state by
 * state, as RFC 9293 and the Linux captures in data/captures say it goes. */

#define G_LOG_DOMAIN "test-lessons"

#include "config.h"

#include <string.h>

#include <glib.h>

#include "hs-narration.h"
#include "hs-profile.h"
#include "hs-scenario.h"
#include "hs-simulator.h"
#include "hs-trace.h"
#include "hs-test-lessons.h"

/* ------------------------------------------------------ the vocabulary -- */

#define C 0                      /* the client: endpoint 0 of every lesson */
#define S 1                      /* the server: endpoint 1 */
#define NONE ((gint64) -1)       /* no ACK bit, so no acknowledgement number */
#define DLV HS_FATE_DELIVERED
#define LOST HS_FATE_LOST
#define RTX TRUE                 /* carries sequence space sent before */
#define END HS_N_STATES          /* ends a list of states */

typedef struct
{
  guint          from;            /* C or S */
  const char    *flags;           /* in Wireshark's order, joined by "+" */
  guint32        seq;             /* relative, as Wireshark counts */
  gint64         ack;             /* relative, or NONE */
  guint32        len;             /* payload bytes */
  HsSegmentFate  fate;
  gboolean       retransmission;
} ExpectedSegment;

typedef struct
{
  const char            *id;
  const ExpectedSegment *segments;
  guint                  n_segments;
  const HsState         *states[2];   /* client, server; END-terminated */
} LessonCase;

#define CLOSED       HS_STATE_CLOSED
#define LISTEN       HS_STATE_LISTEN
#define SYN_SENT     HS_STATE_SYN_SENT
#define SYN_RECEIVED HS_STATE_SYN_RECEIVED
#define ESTABLISHED  HS_STATE_ESTABLISHED
#define FIN_WAIT_1   HS_STATE_FIN_WAIT_1
#define FIN_WAIT_2   HS_STATE_FIN_WAIT_2
#define CLOSE_WAIT   HS_STATE_CLOSE_WAIT
#define CLOSING      HS_STATE_CLOSING
#define LAST_ACK     HS_STATE_LAST_ACK
#define TIME_WAIT    HS_STATE_TIME_WAIT

/* The lives that recur: who closes first goes through TIME-WAIT. */
static const HsState active_opener_closes_first[] = {
  CLOSED, SYN_SENT, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, TIME_WAIT, CLOSED, END
};
static const HsState passive_opener_closes_second[] = {
  CLOSED, LISTEN, SYN_RECEIVED, ESTABLISHED, CLOSE_WAIT, LAST_ACK, CLOSED, END
};
static const HsState active_opener_closes_second[] = {
  CLOSED, SYN_SENT, ESTABLISHED, CLOSE_WAIT, LAST_ACK, CLOSED, END
};
static const HsState passive_opener_closes_first[] = {
  CLOSED, LISTEN, SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, TIME_WAIT, CLOSED, END
};

/* --------------------------------------------------------- the lessons -- */

/* As data/captures/handshake-data-close. */
static const ExpectedSegment full_connection[] = {
  /* from flags       seq  ack   len  fate  retx */
  { C, "SYN",          0, NONE,   0, DLV, 0 },   /* SYN, the client's active OPEN: CLOSED → SYN-SENT */
  { S, "SYN+ACK",      0,    1,   0, DLV, 0 },   /* the server's SYN, ack = ISN + 1: LISTEN → SYN-RECEIVED */
  { C, "ACK",          1,    1,   0, DLV, 0 },   /* third segment: client ESTABLISHED, then server ESTABLISHED */
  { C, "PSH+ACK",      1,    1, 100, DLV, 0 },   /* the 100-byte request */
  { S, "ACK",          1,  101,   0, DLV, 0 },   /* acknowledged at once (Linux quick-ACK, as captured) */
  { S, "PSH+ACK",      1,  101, 200, DLV, 0 },   /* the 200-byte answer, 50 ms later */
  { C, "ACK",        101,  201,   0, DLV, 0 },   /* the client acknowledges the answer */
  { C, "FIN+ACK",    101,  201,   0, DLV, 0 },   /* FIN from the client: FIN-WAIT-1; server CLOSE-WAIT */
  { S, "ACK",        201,  102,   0, DLV, 0 },   /* ACK of the FIN (delayed 40 ms): client FIN-WAIT-2 */
  { S, "FIN+ACK",    201,  102,   0, DLV, 0 },   /* FIN from the server: LAST-ACK */
  { C, "ACK",        102,  202,   0, DLV, 0 },   /* last ACK: client TIME-WAIT, server CLOSED */
};

/* RFC 9293 section 3.5, figure 6. */
static const ExpectedSegment three_way_handshake[] = {
  { C, "SYN",          0, NONE,   0, DLV, 0 },   /* SYN: client CLOSED → SYN-SENT */
  { S, "SYN+ACK",      0,    1,   0, DLV, 0 },   /* SYN+ACK: server LISTEN → SYN-RECEIVED */
  { C, "ACK",          1,    1,   0, DLV, 0 },   /* ACK: both ESTABLISHED */
};

/* RFC 9293 section 3.6, figure 12, with Linux's delayed ACK of the FIN. */
static const ExpectedSegment four_way_close[] = {
  { C, "SYN",          0, NONE,   0, DLV, 0 },   /* SYN: SYN-SENT */
  { S, "SYN+ACK",      0,    1,   0, DLV, 0 },   /* SYN+ACK: SYN-RECEIVED */
  { C, "ACK",          1,    1,   0, DLV, 0 },   /* ACK: ESTABLISHED */
  { C, "FIN+ACK",      1,    1,   0, DLV, 0 },   /* FIN from the client: FIN-WAIT-1; server CLOSE-WAIT */
  { S, "ACK",          1,    2,   0, DLV, 0 },   /* the server's ACK of the FIN: client FIN-WAIT-2 */
  { S, "FIN+ACK",      1,    2,   0, DLV, 0 },   /* FIN from the server: LAST-ACK */
  { C, "ACK",          2,    2,   0, DLV, 0 },   /* last ACK: client TIME-WAIT, server CLOSED */
};

/* As data/captures/data-then-close-piggyback: the server closes right after
 * its answer; the client, reading EOF, closes at once, so its ACK of the
 * server's FIN rides on its own FIN. */
static const ExpectedSegment close_piggyback[] = {
  { C, "SYN",          0, NONE,   0, DLV, 0 },   /* SYN: SYN-SENT */
  { S, "SYN+ACK",      0,    1,   0, DLV, 0 },   /* SYN+ACK: SYN-RECEIVED */
  { C, "ACK",          1,    1,   0, DLV, 0 },   /* ACK: ESTABLISHED */
  { C, "PSH+ACK",      1,    1, 100, DLV, 0 },   /* the request, right after connect() */
  { S, "ACK",          1,  101,   0, DLV, 0 },   /* quick ACK of the request */
  { S, "PSH+ACK",      1,  101, 200, DLV, 0 },   /* the answer */
  { S, "FIN+ACK",    201,  101,   0, DLV, 0 },   /* FIN from the server right behind it: FIN-WAIT-1 */
  { C, "ACK",        101,  201,   0, DLV, 0 },   /* the client acknowledges the answer (not yet the FIN) */
  { C, "FIN+ACK",    101,  202,   0, DLV, 0 },   /* EOF read, close(): FIN that also ACKs the server's FIN: LAST-ACK */
  { S, "ACK",        202,  102,   0, DLV, 0 },   /* last ACK: server FIN-WAIT-2 → TIME-WAIT; client CLOSED */
};

/* As data/captures/server-closes-first. */
static const ExpectedSegment server_closes_first[] = {
  { C, "SYN",          0, NONE,   0, DLV, 0 },   /* SYN: SYN-SENT */
  { S, "SYN+ACK",      0,    1,   0, DLV, 0 },   /* SYN+ACK: SYN-RECEIVED */
  { C, "ACK",          1,    1,   0, DLV, 0 },   /* ACK: ESTABLISHED */
  { C, "PSH+ACK",      1,    1, 100, DLV, 0 },   /* the request */
  { S, "ACK",          1,  101,   0, DLV, 0 },   /* quick ACK */
  { S, "PSH+ACK",      1,  101, 200, DLV, 0 },   /* the answer */
  { C, "ACK",        101,  201,   0, DLV, 0 },   /* ACK of the answer */
  { S, "FIN+ACK",    201,  101,   0, DLV, 0 },   /* FIN from the server: FIN-WAIT-1; client CLOSE-WAIT */
  { C, "ACK",        101,  202,   0, DLV, 0 },   /* the client's (delayed) ACK of it: server FIN-WAIT-2 */
  { C, "FIN+ACK",    101,  202,   0, DLV, 0 },   /* FIN from the client: LAST-ACK */
  { S, "ACK",        202,  102,   0, DLV, 0 },   /* last ACK: server TIME-WAIT, client CLOSED */
};

/* RFC 9293 section 3.5, figure 7, and data/captures/simultaneous-open: each
 * SYN+ACK repeats its sender's SYN (same ISN), so it is a retransmission of
 * that sequence number. The two SYNs arrive at the same instant; the one sent
 * first is handled first. */
static const ExpectedSegment simultaneous_open[] = {
  { C, "SYN",          0, NONE,   0, DLV, 0 },   /* the client's SYN: SYN-SENT */
  { S, "SYN",          0, NONE,   0, DLV, 0 },   /* the server's SYN, crossing it: SYN-SENT */
  { S, "SYN+ACK",      0,    1,   0, DLV, RTX }, /* server gets the SYN: SYN-RECEIVED, SYN again with an ACK */
  { C, "SYN+ACK",      0,    1,   0, DLV, RTX }, /* client gets the SYN: SYN-RECEIVED, same */
  { C, "ACK",          1,    1,   0, DLV, 0 },   /* client gets the SYN+ACK: ESTABLISHED, acknowledges it */
  { S, "ACK",          1,    1,   0, DLV, 0 },   /* server likewise */
  { C, "PSH+ACK",      1,    1,   5, DLV, 0 },   /* "hello" from the client */
  { S, "ACK",          1,    6,   0, DLV, 0 },   /* quick ACK of it */
  { S, "PSH+ACK",      1,    6,   5, DLV, 0 },   /* "hello" back */
  { C, "ACK",          6,    6,   0, DLV, 0 },   /* ACK of it */
  { C, "FIN+ACK",      6,    6,   0, DLV, 0 },   /* FIN from the client: FIN-WAIT-1; server CLOSE-WAIT */
  { S, "ACK",          6,    7,   0, DLV, 0 },   /* delayed ACK of the FIN: client FIN-WAIT-2 */
  { S, "FIN+ACK",      6,    7,   0, DLV, 0 },   /* FIN from the server: LAST-ACK */
  { C, "ACK",          7,    7,   0, DLV, 0 },   /* last ACK: client TIME-WAIT, server CLOSED */
};

/* RFC 9293 section 3.6, figure 13, and data/captures/simultaneous-close. */
static const ExpectedSegment simultaneous_close[] = {
  { C, "SYN",          0, NONE,   0, DLV, 0 },   /* SYN: SYN-SENT */
  { S, "SYN+ACK",      0,    1,   0, DLV, 0 },   /* SYN+ACK: SYN-RECEIVED */
  { C, "ACK",          1,    1,   0, DLV, 0 },   /* ACK: ESTABLISHED */
  { C, "PSH+ACK",      1,    1, 100, DLV, 0 },   /* the request */
  { S, "ACK",          1,  101,   0, DLV, 0 },   /* quick ACK */
  { S, "PSH+ACK",      1,  101, 200, DLV, 0 },   /* the answer */
  { C, "ACK",        101,  201,   0, DLV, 0 },   /* ACK of the answer */
  { C, "FIN+ACK",    101,  201,   0, DLV, 0 },   /* the client's FIN: FIN-WAIT-1 */
  { S, "FIN+ACK",    201,  101,   0, DLV, 0 },   /* the server's FIN at the same instant (ack 101: not the FIN): FIN-WAIT-1 */
  { S, "ACK",        202,  102,   0, DLV, 0 },   /* the server gets the client's FIN: CLOSING, ACKs it */
  { C, "ACK",        102,  202,   0, DLV, 0 },   /* the client gets the server's FIN: CLOSING, ACKs it */
};

/* As data/captures/half-close: after the client's FIN the server sends five
 * times 2048 bytes (an MSS of 1448 with timestamps, then 600), and the client
 * acknowledges each segment. Linux's Nagle (Minshall's variant) does not hold
 * the 600 bytes: no earlier short segment is unacknowledged. Both leave at
 * once. In the capture, with a round trip of 6 µs, the ACK of the first was
 * back 1 µs before the second left; over the lesson's 1 ms each way the
 * second leaves long before that ACK can come. */
static const ExpectedSegment half_close[] = {
  { C, "SYN",          0, NONE,    0, DLV, 0 },  /* SYN: SYN-SENT */
  { S, "SYN+ACK",      0,    1,    0, DLV, 0 },  /* SYN+ACK: SYN-RECEIVED */
  { C, "ACK",          1,    1,    0, DLV, 0 },  /* ACK: ESTABLISHED */
  { C, "PSH+ACK",      1,    1,  100, DLV, 0 },  /* the request */
  { S, "ACK",          1,  101,    0, DLV, 0 },  /* quick ACK */
  { C, "FIN+ACK",    101,    1,    0, DLV, 0 },  /* shutdown(SHUT_WR): FIN-WAIT-1; server CLOSE-WAIT */
  { S, "ACK",          1,  102, 1448, DLV, 0 },  /* data after the FIN, carrying its ACK: client FIN-WAIT-2 */
  { S, "PSH+ACK",   1449,  102,  600, DLV, 0 },  /* the rest of the first 2048 */
  { C, "ACK",        102, 1449,    0, DLV, 0 },  /* FIN-WAIT-2 still receives and acknowledges */
  { C, "ACK",        102, 2049,    0, DLV, 0 },
  { S, "ACK",       2049,  102, 1448, DLV, 0 },  /* second 2048, 20 ms later */
  { S, "PSH+ACK",   3497,  102,  600, DLV, 0 },
  { C, "ACK",        102, 3497,    0, DLV, 0 },
  { C, "ACK",        102, 4097,    0, DLV, 0 },
  { S, "ACK",       4097,  102, 1448, DLV, 0 },  /* third */
  { S, "PSH+ACK",   5545,  102,  600, DLV, 0 },
  { C, "ACK",        102, 5545,    0, DLV, 0 },
  { C, "ACK",        102, 6145,    0, DLV, 0 },
  { S, "ACK",       6145,  102, 1448, DLV, 0 },  /* fourth */
  { S, "PSH+ACK",   7593,  102,  600, DLV, 0 },
  { C, "ACK",        102, 7593,    0, DLV, 0 },
  { C, "ACK",        102, 8193,    0, DLV, 0 },
  { S, "ACK",       8193,  102, 1448, DLV, 0 },  /* fifth */
  { S, "PSH+ACK",   9641,  102,  600, DLV, 0 },
  { C, "ACK",        102, 9641,    0, DLV, 0 },
  { C, "ACK",        102, 10241,   0, DLV, 0 },
  { S, "FIN+ACK",  10241,  102,    0, DLV, 0 },  /* FIN from the server: LAST-ACK */
  { C, "ACK",        102, 10242,   0, DLV, 0 },  /* last ACK: client TIME-WAIT, server CLOSED */
};

/* RFC 9293 section 3.10.7.1 (CLOSED): the answer to a SYN with no listener
 * is <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>. Wireshark counts an endpoint
 * that never sent a SYN from its first sequence number less one, so seq 0
 * shows as relative 1 (as in data/captures/refused). */
static const ExpectedSegment connection_refused[] = {
  { C, "SYN",          0, NONE,   0, DLV, 0 },   /* SYN to port 5999: SYN-SENT */
  { S, "RST+ACK",      1,    1,   0, DLV, 0 },   /* nobody listens: RST+ACK; client SYN-SENT → CLOSED */
};

/* As data/captures/abort-rst: close() with SO_LINGER {1, 0} is ABORT
 * (RFC 9293 section 3.10.5): <SEQ=SND.NXT><CTL=RST>, Linux adds the ACK. */
static const ExpectedSegment abort_rst[] = {
  { C, "SYN",          0, NONE,   0, DLV, 0 },   /* SYN: SYN-SENT */
  { S, "SYN+ACK",      0,    1,   0, DLV, 0 },   /* SYN+ACK: SYN-RECEIVED */
  { C, "ACK",          1,    1,   0, DLV, 0 },   /* ACK: ESTABLISHED */
  { C, "PSH+ACK",      1,    1, 100, DLV, 0 },   /* the request */
  { S, "ACK",          1,  101,   0, DLV, 0 },   /* quick ACK */
  { S, "PSH+ACK",      1,  101, 200, DLV, 0 },   /* the answer */
  { C, "ACK",        101,  201,   0, DLV, 0 },   /* ACK of the answer */
  { C, "RST+ACK",    101,  201,   0, DLV, 0 },   /* abort: client CLOSED at once; server reset, CLOSED */
};

/* close() with 200 bytes unread: RST+ACK from SND.NXT with ack = RCV.NXT
 * and no FIN (RFC 1122 section 4.2.2.13, RFC 2525 section 2.17, Linux
 * tcp_close). */
static const ExpectedSegment close_unread_rst[] = {
  { C, "SYN",          0, NONE,   0, DLV, 0 },   /* SYN: SYN-SENT */
  { S, "SYN+ACK",      0,    1,   0, DLV, 0 },   /* SYN+ACK: SYN-RECEIVED */
  { C, "ACK",          1,    1,   0, DLV, 0 },   /* ACK: ESTABLISHED */
  { C, "PSH+ACK",      1,    1, 200, DLV, 0 },   /* 200 bytes the server never reads */
  { S, "ACK",          1,  201,   0, DLV, 0 },   /* quick ACK */
  { S, "RST+ACK",      1,  201,   0, DLV, 0 },   /* close() with them unread: server CLOSED; client reset */
};

/* Keepalive (idle 5 s, interval 1 s, 3 probes): a probe answered, then
 * three whose answers are lost, then RST+ACK (Linux tcp_keepalive_timer). */
static const ExpectedSegment keepalive[] = {
  { C, "SYN",          0, NONE,   0, DLV, 0 },   /* SYN: SYN-SENT */
  { S, "SYN+ACK",      0,    1,   0, DLV, 0 },   /* SYN+ACK: SYN-RECEIVED */
  { C, "ACK",          1,    1,   0, DLV, 0 },   /* ACK: ESTABLISHED */
  { C, "PSH+ACK",      1,    1,  20, DLV, 0 },   /* the request */
  { S, "ACK",          1,   21,   0, DLV, 0 },   /* quick ACK */
  { S, "PSH+ACK",      1,   21,  20, DLV, 0 },   /* the answer */
  { C, "ACK",         21,   21,   0, DLV, 0 },   /* quick ACK; then silence */
  { C, "ACK",         20,   21,   0, DLV, 0 },   /* probe after 5 s: no data, seq = SND.NXT - 1 */
  { S, "ACK",         21,   21,   0, DLV, 0 },   /* the answer: the server is alive */
  { C, "ACK",         20,   21,   0, DLV, 0 },   /* 5 s later */
  { S, "ACK",         21,   21,   0, LOST, 0 },
  { C, "ACK",         20,   21,   0, DLV, 0 },   /* 1 s later */
  { S, "ACK",         21,   21,   0, LOST, 0 },
  { C, "ACK",         20,   21,   0, DLV, 0 },   /* 1 s later */
  { S, "ACK",         21,   21,   0, LOST, 0 },
  { C, "RST+ACK",     21,   21,   0, DLV, 0 },   /* three unanswered: client CLOSED; server reset */
};

/* As data/captures/syn-lost, with one SYN lost instead of three. The
 * server's FIN carries the ACK of the client's FIN (Linux delays that ACK and
 * the server closes at once). */
static const ExpectedSegment syn_lost[] = {
  { C, "SYN",          0, NONE,   0, LOST, 0 },  /* the first SYN, dropped by the lesson: SYN-SENT */
  { C, "SYN",          0, NONE,   0, DLV, RTX }, /* the same SYN after the 1 s RTO */
  { S, "SYN+ACK",      0,    1,   0, DLV, 0 },   /* SYN+ACK: SYN-RECEIVED */
  { C, "ACK",          1,    1,   0, DLV, 0 },   /* ACK: ESTABLISHED */
  { C, "PSH+ACK",      1,    1, 100, DLV, 0 },   /* the request */
  { S, "ACK",          1,  101,   0, DLV, 0 },   /* quick ACK */
  { S, "PSH+ACK",      1,  101, 200, DLV, 0 },   /* the answer */
  { C, "ACK",        101,  201,   0, DLV, 0 },   /* ACK of the answer */
  { C, "FIN+ACK",    101,  201,   0, DLV, 0 },   /* FIN from the client: FIN-WAIT-1; server CLOSE-WAIT */
  { S, "FIN+ACK",    201,  102,   0, DLV, 0 },   /* the server's FIN with the ACK of the client's: LAST-ACK */
  { C, "ACK",        102,  202,   0, DLV, 0 },   /* client FIN-WAIT-2 → TIME-WAIT, last ACK; server CLOSED */
};

/* As data/captures/synack-lost: after the RTO the server retransmits its
 * SYN+ACK and the client its SYN; Linux answers the duplicate SYN with one
 * more SYN+ACK, and the client answers the surplus SYN+ACK (an old
 * duplicate, RFC 9293 section 3.10.7.4 first check) with an ACK. */
static const ExpectedSegment synack_lost[] = {
  { C, "SYN",          0, NONE,   0, DLV, 0 },   /* SYN: SYN-SENT */
  { S, "SYN+ACK",      0,    1,   0, LOST, 0 },  /* SYN+ACK, dropped by the lesson: SYN-RECEIVED */
  { C, "SYN",          0, NONE,   0, DLV, RTX }, /* the client's RTO: SYN again */
  { S, "SYN+ACK",      0,    1,   0, DLV, RTX }, /* the server's RTO: SYN+ACK again */
  { S, "SYN+ACK",      0,    1,   0, DLV, RTX }, /* the answer to the duplicate SYN */
  { C, "ACK",          1,    1,   0, DLV, 0 },   /* the first SYN+ACK in: ESTABLISHED, ACK */
  { C, "ACK",          1,    1,   0, DLV, 0 },   /* the second: an old duplicate, answered with an ACK */
  { C, "PSH+ACK",      1,    1, 100, DLV, 0 },   /* the request */
  { S, "ACK",          1,  101,   0, DLV, 0 },   /* quick ACK */
  { S, "PSH+ACK",      1,  101, 200, DLV, 0 },   /* the answer */
  { C, "ACK",        101,  201,   0, DLV, 0 },   /* ACK of the answer */
  { C, "FIN+ACK",    101,  201,   0, DLV, 0 },   /* FIN from the client: FIN-WAIT-1 */
  { S, "FIN+ACK",    201,  102,   0, DLV, 0 },   /* FIN+ACK from the server: LAST-ACK */
  { C, "ACK",        102,  202,   0, DLV, 0 },   /* last ACK: TIME-WAIT; server CLOSED */
};

/* RFC 9293 section 3.10.7.4 (eighth, TIME-WAIT): a retransmitted FIN is
 * acknowledged and the 2 MSL timer restarts. */
static const ExpectedSegment time_wait[] = {
  { C, "SYN",          0, NONE,   0, DLV, 0 },   /* SYN: SYN-SENT */
  { S, "SYN+ACK",      0,    1,   0, DLV, 0 },   /* SYN+ACK: SYN-RECEIVED */
  { C, "ACK",          1,    1,   0, DLV, 0 },   /* ACK: ESTABLISHED */
  { C, "FIN+ACK",      1,    1,   0, DLV, 0 },   /* FIN from the client: FIN-WAIT-1; server CLOSE-WAIT */
  { S, "ACK",          1,    2,   0, DLV, 0 },   /* ACK of the FIN: client FIN-WAIT-2 */
  { S, "FIN+ACK",      1,    2,   0, DLV, 0 },   /* FIN from the server: LAST-ACK */
  { C, "ACK",          2,    2,   0, LOST, 0 },  /* the last ACK, client TIME-WAIT, lost by the lesson */
  { S, "FIN+ACK",      1,    2,   0, DLV, RTX }, /* the server's RTO: its FIN again, still LAST-ACK */
  { C, "ACK",          2,    2,   0, DLV, 0 },   /* TIME-WAIT acknowledges it again: server CLOSED */
};

static const HsState three_way_handshake_client[] = { CLOSED, SYN_SENT, ESTABLISHED, END };
static const HsState three_way_handshake_server[] = { CLOSED, LISTEN, SYN_RECEIVED, ESTABLISHED, END };
static const HsState simultaneous_open_client[] = {
  CLOSED, SYN_SENT, SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, TIME_WAIT, CLOSED, END
};
static const HsState simultaneous_open_server[] = {
  CLOSED, SYN_SENT, SYN_RECEIVED, ESTABLISHED, CLOSE_WAIT, LAST_ACK, CLOSED, END
};
static const HsState simultaneous_close_client[] = {
  CLOSED, SYN_SENT, ESTABLISHED, FIN_WAIT_1, CLOSING, TIME_WAIT, CLOSED, END
};
static const HsState simultaneous_close_server[] = {
  CLOSED, LISTEN, SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, CLOSING, TIME_WAIT, CLOSED, END
};
/* Nobody listens: the server's endpoint never leaves CLOSED. */
static const HsState connection_refused_client[] = { CLOSED, SYN_SENT, CLOSED, END };
static const HsState connection_refused_server[] = { CLOSED, END };
static const HsState abort_rst_client[] = { CLOSED, SYN_SENT, ESTABLISHED, CLOSED, END };
static const HsState abort_rst_server[] = { CLOSED, LISTEN, SYN_RECEIVED, ESTABLISHED, CLOSED, END };

#define LESSON(id, table, client, server) \
  { id, table, G_N_ELEMENTS (table), { client, server } }

static const LessonCase lessons[] = {
  LESSON ("full-connection", full_connection,
          active_opener_closes_first, passive_opener_closes_second),
  LESSON ("three-way-handshake", three_way_handshake,
          three_way_handshake_client, three_way_handshake_server),
  LESSON ("four-way-close", four_way_close,
          active_opener_closes_first, passive_opener_closes_second),
  LESSON ("close-piggyback", close_piggyback,
          active_opener_closes_second, passive_opener_closes_first),
  LESSON ("server-closes-first", server_closes_first,
          active_opener_closes_second, passive_opener_closes_first),
  LESSON ("simultaneous-open", simultaneous_open,
          simultaneous_open_client, simultaneous_open_server),
  LESSON ("simultaneous-close", simultaneous_close,
          simultaneous_close_client, simultaneous_close_server),
  LESSON ("half-close", half_close,
          active_opener_closes_first, passive_opener_closes_second),
  LESSON ("connection-refused", connection_refused,
          connection_refused_client, connection_refused_server),
  LESSON ("abort-rst", abort_rst,
          abort_rst_client, abort_rst_server),
  LESSON ("close-unread-rst", close_unread_rst,
          abort_rst_client, abort_rst_server),
  LESSON ("syn-lost", syn_lost,
          active_opener_closes_first, passive_opener_closes_second),
  LESSON ("synack-lost", synack_lost,
          active_opener_closes_first, passive_opener_closes_second),
  LESSON ("time-wait", time_wait,
          active_opener_closes_first, passive_opener_closes_second),
  LESSON ("keepalive", keepalive,
          abort_rst_client, abort_rst_server),
};

/* ------------------------------------------------------------ helpers -- */

static HsTrace *
run_lesson (const char    *id,
            HsProfileKind  profile)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsScenario) scenario = hs_scenario_new_builtin (id, &error);
  HsTrace *trace;

  g_assert_no_error (error);
  g_assert_nonnull (scenario);
  hs_scenario_set_profile (scenario, profile);
  trace = hs_simulator_run (scenario, &error);
  g_assert_no_error (error);
  g_assert_nonnull (trace);
  /* a lesson run side by side (TCP and UDP, or Reno and CUBIC) has the
   * lanes of both; a lesson with several sockets has one for each socket */
  if (!hs_scenario_has_hosts (scenario))
    g_assert_cmpuint (hs_trace_get_n_endpoints (trace), ==,
                      hs_scenario_get_transport (scenario) >= HS_LESSON_TCP_AND_UDP ? 4 : 2);
  else
    g_assert_cmpuint (hs_trace_get_n_endpoints (trace), >, hs_scenario_get_n_endpoints (scenario));

  return trace;
}

static const char *
fate_name (guint fate)
{
  switch (fate)
    {
    case HS_FATE_DELIVERED: return "delivered";
    case HS_FATE_LOST:      return "lost";
    case HS_FATE_IN_FLIGHT: return "in-flight";
    case HS_FATE_CAPTURED:  return "captured";
    default:                return "?";
    }
}

static char *
format_segment (guint        from,
                const char  *flags,
                guint32      seq,
                gint64       ack,
                guint32      len,
                guint        fate,
                gboolean     retransmission)
{
  g_autofree char *ack_text = ack == NONE ? g_strdup ("-")
                                          : g_strdup_printf ("%" G_GINT64_FORMAT, ack);

  return g_strdup_printf ("%s %s seq=%u ack=%s len=%u %s%s",
                          from == C ? "client" : "server", flags, seq, ack_text,
                          len, fate_name (fate), retransmission ? " retransmission" : "");
}

static char *
format_actual_segment (HsTrace              *trace,
                       const HsTraceSegment *segment)
{
  g_autofree char *flags = hs_tcp_flags_to_string (segment->header.flags, "+");
  gint64 ack = NONE;

  if (segment->header.flags & HS_TCP_ACK)
    ack = hs_trace_segment_rel_ack (trace, segment);

  return format_segment (segment->from, flags, hs_trace_segment_rel_seq (trace, segment),
                         ack, segment->len, segment->fate,
                         (segment->marks & HS_MARK_RETRANSMISSION) != 0);
}

/* "CLOSED → SYN-SENT → ...", from the state before the first step and each
 * HS_STEP_STATE_CHANGE of @endpoint; each change must start where the last
 * one ended. */
static char *
format_actual_states (HsTrace *trace,
                      guint    endpoint)
{
  g_autoptr(GString) out = g_string_new (NULL);
  HsState state = hs_trace_get_state_at (trace, HS_TRACE_NONE, endpoint);

  g_string_append (out, hs_state_to_string (state));
  for (guint i = 0; i < hs_trace_get_n_steps (trace); i++)
    {
      const HsTraceStep *step = hs_trace_get_step (trace, i);

      if (step->kind != HS_STEP_STATE_CHANGE || step->endpoint != endpoint)
        continue;
      g_assert_cmpstr (hs_state_to_string (step->from_state), ==, hs_state_to_string (state));
      state = step->to_state;
      g_assert_cmpint (hs_trace_get_state_at (trace, i, endpoint), ==, state);
      g_string_append_printf (out, " -> %s", hs_state_to_string (state));
    }
  g_assert_cmpint (hs_trace_get_state_at (trace, hs_trace_get_n_steps (trace) - 1, endpoint), ==, state);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
format_expected_states (const HsState *states)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; states[i] != END; i++)
    g_string_append_printf (out, "%s%s", i > 0 ? " -> " : "", hs_state_to_string (states[i]));

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* A segment's steps agree with its fate: sent at sent_step, and arrived or
 * lost at end_step. */
static void
assert_segment_steps (HsTrace              *trace,
                      const HsTraceSegment *segment)
{
  const HsTraceStep *sent = hs_trace_get_step (trace, segment->sent_step);
  const HsTraceStep *end;

  g_assert_cmpint (sent->kind, ==, HS_STEP_SEGMENT_SENT);
  g_assert_cmpuint (sent->segment, ==, segment->index);
  g_assert_cmpuint (sent->endpoint, ==, segment->from);
  g_assert_cmpuint (segment->end_step, !=, HS_TRACE_NONE);
  g_assert_cmpuint (segment->end_step, >, segment->sent_step);
  end = hs_trace_get_step (trace, segment->end_step);
  g_assert_cmpuint (end->segment, ==, segment->index);
  if (segment->fate == HS_FATE_DELIVERED)
    {
      g_assert_cmpint (end->kind, ==, HS_STEP_SEGMENT_ARRIVED);
      g_assert_cmpuint (end->endpoint, ==, segment->to);
      g_assert_cmpint (segment->arrived, >, segment->sent);
    }
  else
    {
      g_assert_cmpint (end->kind, ==, HS_STEP_SEGMENT_LOST);
      g_assert_cmpint (segment->arrived, ==, HS_TIME_NONE);
    }
}

/* The step at which @endpoint's state changes from @from to @to, the
 * @nth (from 0) time; HS_TRACE_NONE when it does not. */
static guint
find_state_change (HsTrace *trace,
                   guint    endpoint,
                   HsState  from,
                   HsState  to,
                   guint    nth)
{
  for (guint i = 0; i < hs_trace_get_n_steps (trace); i++)
    {
      const HsTraceStep *step = hs_trace_get_step (trace, i);

      if (step->kind == HS_STEP_STATE_CHANGE && step->endpoint == endpoint &&
          step->from_state == from && step->to_state == to && nth-- == 0)
        return i;
    }

  return HS_TRACE_NONE;
}

static guint
count_state_changes_to (HsTrace *trace,
                        guint    endpoint,
                        HsState  to)
{
  guint n = 0;

  for (guint i = 0; i < hs_trace_get_n_steps (trace); i++)
    {
      const HsTraceStep *step = hs_trace_get_step (trace, i);

      n += step->kind == HS_STEP_STATE_CHANGE && step->endpoint == endpoint && step->to_state == to;
    }

  return n;
}

/* -------------------------------------------------------------- tests -- */

static void
test_lessons_list (void)
{
  const char * const expected[] = {
    "full-connection", "three-way-handshake", "four-way-close", "close-piggyback",
    "server-closes-first", "simultaneous-open", "simultaneous-close", "half-close",
    "connection-refused", "abort-rst", "close-unread-rst", "syn-lost", "synack-lost", "time-wait",
    "keepalive",
    /* the classic questions (issue 21): their decisive moments are in test-classic.c */
    "process-killed", "half-open", "why-three-way", "lost-third-ack",
    /* several sockets (issue 19): their decisive moments are in test-hosts.c */
    "parallel-connections", "time-wait-reuse", "listen-backlog", "syn-flood", "syn-cookies",
    "port-closed-vs-filtered",
    /* data transfer: their decisive moments are in test-transfer.c */
    "sliding-window", "zero-window", "delayed-ack", "piggyback-ack", "nagle",
    "data-loss-rto", "fast-retransmit", "slow-start", "timeout-cwnd", "tail-loss-probe", "sack", "cubic-vs-reno", "prr", "dsack",
    "tcp-vs-udp", "byte-stream", "udp-fragments",
    NULL
  };
  g_auto(GStrv) ids = hs_scenario_list_builtin ();

  g_test_summary ("The built-in lessons are exactly these forty-two, in teaching order; "
                  "the first fifteen are checked segment by segment here");

  g_assert_nonnull (ids);
  g_assert_cmpstrv (ids, expected);
  g_assert_cmpuint (G_N_ELEMENTS (expected) - 1, ==, 42);
  g_assert_cmpuint (G_N_ELEMENTS (lessons), ==, 15);
  for (guint i = 0; i < G_N_ELEMENTS (lessons); i++)
    g_assert_cmpstr (lessons[i].id, ==, expected[i]);
}

static void
test_lesson (gconstpointer data)
{
  const LessonCase *lesson = data;
  g_autoptr(HsTrace) trace = run_lesson (lesson->id, HS_PROFILE_LINUX);
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) actual = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *expected_text = NULL;
  g_autofree char *actual_text = NULL;

  g_test_summary ("The lesson's segments (sender, flags, relative seq and ack, "
                  "length, fate, retransmission) and each endpoint's states "
                  "are exactly those RFC 9293 and the Linux capture give");

  for (guint i = 0; i < lesson->n_segments; i++)
    {
      const ExpectedSegment *e = &lesson->segments[i];

      g_ptr_array_add (expected, format_segment (e->from, e->flags, e->seq, e->ack, e->len,
                                                 e->fate, e->retransmission));
    }
  for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
    {
      const HsTraceSegment *segment = hs_trace_get_segment (trace, i);

      g_ptr_array_add (actual, format_actual_segment (trace, segment));
      assert_segment_steps (trace, segment);
      g_assert_cmpuint (segment->to, ==, 1 - segment->from);
    }
  g_ptr_array_add (expected, NULL);
  g_ptr_array_add (actual, NULL);
  expected_text = g_strjoinv ("\n", (char **) expected->pdata);
  actual_text = g_strjoinv ("\n", (char **) actual->pdata);
  if (!g_str_equal (expected_text, actual_text))
    g_test_message ("%s: expected segments\n%s\nbut the engine made\n%s",
                    lesson->id, expected_text, actual_text);
  for (guint i = 0; i < MIN (expected->len, actual->len) - 1; i++)
    g_assert_cmpstr (g_ptr_array_index (actual, i), ==, g_ptr_array_index (expected, i));
  g_assert_cmpuint (hs_trace_get_n_segments (trace), ==, lesson->n_segments);

  for (guint endpoint = C; endpoint <= S; endpoint++)
    {
      g_autofree char *states = format_actual_states (trace, endpoint);
      g_autofree char *want = format_expected_states (lesson->states[endpoint]);

      g_assert_cmpstr (states, ==, want);
    }
}

static void
test_lesson_refused_rst (void)
{
  g_autoptr(HsTrace) trace = run_lesson ("connection-refused", HS_PROFILE_LINUX);
  const HsTraceEndpoint *client = hs_trace_get_endpoint (trace, C);
  const HsTraceSegment *rst;

  g_test_summary ("A SYN to a port nobody listens on is answered with "
                  "<SEQ=0><ACK=ISN+1><CTL=RST,ACK> and window 0 (RFC 9293 3.10.7.1)");

  g_assert_cmpuint (hs_trace_get_n_segments (trace), ==, 2);
  g_assert_true (client->has_isn);
  rst = hs_trace_get_segment (trace, 1);
  g_assert_cmpuint (rst->from, ==, S);
  g_assert_cmphex (rst->header.flags, ==, HS_TCP_RST | HS_TCP_ACK);
  g_assert_cmpuint (rst->header.seq, ==, 0);
  g_assert_cmpuint (rst->header.ack, ==, client->isn + 1);
  g_assert_cmpuint (rst->window, ==, 0);
}

static void
test_lessons_narration (void)
{
  g_auto(GStrv) ids = hs_scenario_list_builtin ();

  g_test_summary ("Every step of every lesson, in both profiles, has a "
                  "non-empty narration with no printf directive left in it");

  for (HsProfileKind profile = HS_PROFILE_LINUX; profile < HS_N_PROFILES; profile++)
    for (guint i = 0; ids[i] != NULL; i++)
      {
        g_autoptr(HsTrace) trace = run_lesson (ids[i], profile);
        guint n_steps = hs_trace_get_n_steps (trace);

        g_assert_cmpuint (n_steps, >, 0);
        for (guint step = 0; step < n_steps; step++)
          {
            g_autofree char *text = hs_narration_format_step (trace, step);

            g_assert_nonnull (text);
            g_strstrip (text);
            if (text[0] == '\0' || strchr (text, '%') != NULL)
              g_test_message ("%s (%s), step %u: “%s”", ids[i],
                              hs_profile_kind_to_string (profile), step, text);
            g_assert_cmpuint (strlen (text), >, 0);
            g_assert_null (strchr (text, '%'));
            g_assert_true (g_utf8_validate (text, -1, NULL));
          }
      }
}

/* The segments that take part in the close: those with a FIN, and those
 * that acknowledge a FIN their peer sent earlier. */
static GPtrArray *
close_segments (HsTrace *trace)
{
  GPtrArray *out = g_ptr_array_new ();
  gboolean fin_sent[2] = { FALSE, FALSE };
  guint32 fin_end[2] = { 0, 0 };

  for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
    {
      const HsTraceSegment *segment = hs_trace_get_segment (trace, i);
      guint peer = 1 - segment->from;
      gboolean acks_fin = fin_sent[peer] && (segment->header.flags & HS_TCP_ACK) &&
                          segment->header.ack == fin_end[peer];

      if ((segment->header.flags & HS_TCP_FIN) || acks_fin)
        g_ptr_array_add (out, (gpointer) segment);
      if (segment->header.flags & HS_TCP_FIN)
        {
          fin_sent[segment->from] = TRUE;
          fin_end[segment->from] = segment->header.seq + segment->len + 1;
        }
    }

  return out;
}

static void
test_lessons_close_piggyback_segments (void)
{
  g_autoptr(HsTrace) trace = run_lesson ("close-piggyback", HS_PROFILE_LINUX);
  g_autoptr(GPtrArray) close = close_segments (trace);
  const HsTraceSegment *fin, *fin_ack, *ack;

  g_test_summary ("close-piggyback closes in three segments: the server's "
                  "FIN; the client's FIN that also ACKs it; the last ACK");

  g_assert_cmpuint (close->len, ==, 3);
  fin = g_ptr_array_index (close, 0);
  fin_ack = g_ptr_array_index (close, 1);
  ack = g_ptr_array_index (close, 2);

  g_assert_cmpuint (fin->from, ==, S);
  g_assert_true (fin->header.flags & HS_TCP_FIN);
  g_assert_cmpuint (fin_ack->from, ==, C);
  g_assert_cmphex (fin_ack->header.flags & (HS_TCP_FIN | HS_TCP_ACK), ==, HS_TCP_FIN | HS_TCP_ACK);
  g_assert_cmpuint (fin_ack->header.ack, ==, fin->header.seq + 1);
  g_assert_cmpuint (ack->from, ==, S);
  g_assert_cmphex (ack->header.flags, ==, HS_TCP_ACK);
  g_assert_cmpuint (ack->header.ack, ==, fin_ack->header.seq + 1);
}

static void
test_lessons_four_way_close_segments (void)
{
  g_autoptr(HsTrace) trace = run_lesson ("four-way-close", HS_PROFILE_LINUX);
  g_autoptr(GPtrArray) close = close_segments (trace);
  const guint from[] = { C, S, S, C };
  const guint8 flags[] = {
    HS_TCP_FIN | HS_TCP_ACK, HS_TCP_ACK, HS_TCP_FIN | HS_TCP_ACK, HS_TCP_ACK
  };

  g_test_summary ("four-way-close closes in four segments: FIN; ACK; FIN; ACK");

  g_assert_cmpuint (close->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      const HsTraceSegment *segment = g_ptr_array_index (close, i);

      g_assert_cmpuint (segment->from, ==, from[i]);
      g_assert_cmphex (segment->header.flags, ==, flags[i]);
    }
}

/* Each endpoint's time in TIME-WAIT, from entering it to leaving for
 * CLOSED, in lessons where nothing arrives during it. */
static void
assert_time_wait_length (HsProfileKind profile,
                         HsTime        expected)
{
  const struct {
    const char *id;
    guint       endpoint;
    HsState     from;
  } cases[] = {
    { "full-connection", C, FIN_WAIT_2 },
    { "four-way-close", C, FIN_WAIT_2 },
    { "close-piggyback", S, FIN_WAIT_2 },
    { "server-closes-first", S, FIN_WAIT_2 },
    { "simultaneous-close", C, CLOSING },
    { "simultaneous-close", S, CLOSING },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(HsTrace) trace = run_lesson (cases[i].id, profile);
      guint enter = find_state_change (trace, cases[i].endpoint, cases[i].from, TIME_WAIT, 0);
      guint leave = find_state_change (trace, cases[i].endpoint, TIME_WAIT, CLOSED, 0);
      HsTime length;

      g_test_message ("%s, %s", cases[i].id, cases[i].endpoint == C ? "client" : "server");
      g_assert_cmpuint (enter, !=, HS_TRACE_NONE);
      g_assert_cmpuint (leave, !=, HS_TRACE_NONE);
      g_assert_cmpuint (count_state_changes_to (trace, cases[i].endpoint, TIME_WAIT), ==, 1);
      length = hs_trace_get_step (trace, leave)->time - hs_trace_get_step (trace, enter)->time;
      g_assert_cmpint (length, ==, expected);
      g_assert_cmpint (hs_profile_get (profile)->time_wait, ==, expected);
    }
}

static void
test_lessons_time_wait_linux (void)
{
  g_test_summary ("With the linux profile TIME-WAIT lasts 60 s (TCP_TIMEWAIT_LEN)");
  assert_time_wait_length (HS_PROFILE_LINUX, 60 * HS_USEC_PER_SEC);
}

static void
test_lessons_time_wait_rfc (void)
{
  g_test_summary ("With the rfc profile TIME-WAIT lasts 2 × MSL = 240 s");
  assert_time_wait_length (HS_PROFILE_RFC, 240 * HS_USEC_PER_SEC);
}

static void
assert_time_wait_restarts (HsProfileKind profile,
                           HsTime        time_wait_length)
{
  g_autoptr(HsTrace) trace = run_lesson ("time-wait", profile);
  const HsTraceSegment *lost_ack = NULL, *fin = NULL, *again = NULL, *answer = NULL;
  guint enter, leave;
  HsTime entered, left;

  /* The client's last ACK is lost, the server's FIN comes back. */
  for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
    {
      const HsTraceSegment *segment = hs_trace_get_segment (trace, i);

      if (segment->from == S && (segment->header.flags & HS_TCP_FIN) && fin == NULL)
        fin = segment;
      else if (segment->from == C && segment->fate == HS_FATE_LOST)
        lost_ack = segment;
      else if (segment->from == S && (segment->header.flags & HS_TCP_FIN) && again == NULL)
        again = segment;
      else if (again != NULL && segment->from == C && answer == NULL)
        answer = segment;
    }
  g_assert_nonnull (fin);
  g_assert_nonnull (lost_ack);
  g_assert_nonnull (again);
  g_assert_nonnull (answer);

  g_assert_cmphex (lost_ack->header.flags, ==, HS_TCP_ACK);
  g_assert_cmpuint (lost_ack->header.ack, ==, fin->header.seq + 1);
  /* RFC 9293 acknowledges the FIN, then enters TIME-WAIT: in TIME-WAIT by
   * the time the ACK is lost on the way. */
  g_assert_cmpint (hs_trace_get_state_at (trace, lost_ack->end_step, C), ==, TIME_WAIT);

  /* The same FIN again, sent from LAST-ACK, arriving in TIME-WAIT. */
  g_assert_cmpuint (again->header.seq, ==, fin->header.seq);
  g_assert_true (again->marks & HS_MARK_RETRANSMISSION);
  g_assert_cmpint (again->fate, ==, HS_FATE_DELIVERED);
  g_assert_cmpint (hs_trace_get_state_at (trace, again->sent_step, S), ==, LAST_ACK);
  g_assert_cmpint (hs_trace_get_state_at (trace, again->end_step, C), ==, TIME_WAIT);

  /* TIME-WAIT answers it with an ACK of the FIN, and stays in TIME-WAIT. */
  g_assert_cmphex (answer->header.flags, ==, HS_TCP_ACK);
  g_assert_cmpuint (answer->header.ack, ==, again->header.seq + 1);
  g_assert_cmpuint (answer->sent_step, >, again->end_step);
  g_assert_cmpint (answer->sent, ==, again->arrived);
  g_assert_cmpint (hs_trace_get_state_at (trace, answer->sent_step, C), ==, TIME_WAIT);
  g_assert_cmpuint (hs_trace_get_step (trace, answer->sent_step)->reason, ==, HS_REASON_SEND_ACK_TIME_WAIT);
  g_assert_cmpint (answer->fate, ==, HS_FATE_DELIVERED);
  leave = find_state_change (trace, S, LAST_ACK, CLOSED, 0);
  g_assert_cmpuint (leave, >, answer->end_step);
  g_assert_cmpint (hs_trace_get_step (trace, leave)->time, ==, answer->arrived);

  /* One TIME-WAIT, restarted: it ends a full 2 MSL after the FIN came back,
   * not 2 MSL after it began. */
  g_assert_cmpuint (count_state_changes_to (trace, C, TIME_WAIT), ==, 1);
  enter = find_state_change (trace, C, FIN_WAIT_2, TIME_WAIT, 0);
  leave = find_state_change (trace, C, TIME_WAIT, CLOSED, 0);
  g_assert_cmpuint (enter, !=, HS_TRACE_NONE);
  g_assert_cmpuint (leave, !=, HS_TRACE_NONE);
  entered = hs_trace_get_step (trace, enter)->time;
  left = hs_trace_get_step (trace, leave)->time;
  g_assert_cmpint (again->arrived, >, entered);
  g_assert_cmpint (left, ==, again->arrived + time_wait_length);
  g_assert_cmpint (left, >, entered + time_wait_length);
}

static void
test_lessons_time_wait_restart (void)
{
  g_test_summary ("In the time-wait lesson the retransmitted FIN is "
                  "acknowledged from TIME-WAIT and TIME-WAIT restarts, in both profiles");

  assert_time_wait_restarts (HS_PROFILE_LINUX, 60 * HS_USEC_PER_SEC);
  assert_time_wait_restarts (HS_PROFILE_RFC, 240 * HS_USEC_PER_SEC);
}

static void
test_scripts_start_waiting (void)
{
  const char *data = "[Lesson]\nTitle=Waits first\n"
                     "[Client]\nScript=wait 10ms; connect; close\n"
                     "[Server]\nScript=wait 5ms; listen; wait-for eof; close\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(HsScenario) scenario = hs_scenario_new_from_data ("waits", "waits.lesson", data, strlen (data), &error);
  g_autoptr(HsTrace) trace = NULL;
  const HsTraceSegment *syn;

  g_test_summary ("Applications that begin by waiting, before anything has happened, "
                  "run without a warning (the tests make warnings fatal)");

  g_assert_no_error (error);
  trace = hs_simulator_run (scenario, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hs_trace_get_n_segments (trace), >, 0);
  syn = hs_trace_get_segment (trace, 0);
  g_assert_cmpint (syn->sent, ==, 10 * HS_USEC_PER_MSEC);
}

/* ------------------------------------------- what the Descriptions claim -- */

/* The lesson's Description in English (the tests run without a language). */
static char *
description (const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsScenario) scenario = hs_scenario_new_builtin (id, &error);

  g_assert_no_error (error);
  return g_strdup (hs_scenario_get_description (scenario));
}

static const HsTcbSnapshot *
tcb_after_step (HsTrace *trace,
                guint    step,
                guint    endpoint)
{
  const HsTcbSnapshot *tcb = hs_trace_get_tcb_at (trace, step, endpoint);

  g_assert_nonnull (tcb);
  return tcb;
}

/* The client's congestion window after everything up to @time. */
static guint32
cwnd_at_time (HsTrace *trace,
              HsTime   time)
{
  guint step = hs_trace_find_step_at_time (trace, time + 1);

  g_assert_cmpuint (step, >, 0);
  return tcb_after_step (trace, step - 1, C)->cwnd;
}

static HsTime
round_trip (HsTrace *trace)
{
  return g_ascii_strtoull (hs_trace_get_parameter (trace, "network.forward.delay_us"), NULL, 10) +
         g_ascii_strtoull (hs_trace_get_parameter (trace, "network.reverse.delay_us"), NULL, 10);
}

static guint32
client_smss (HsTrace *trace)
{
  guint32 smss = 0;

  for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
    if (hs_trace_get_segment (trace, i)->from == C)
      smss = MAX (smss, hs_trace_get_segment (trace, i)->len);
  g_assert_cmpuint (smss, >, 0);
  return smss;
}

static void
test_description_fast_retransmit (void)
{
  g_autofree char *text = description ("fast-retransmit");

  g_test_summary ("fast-retransmit's Description holds under both profiles: at the third duplicate "
                  "ACK ssthresh becomes half the data in flight (not cwnd halved), cwnd that plus three "
                  "segments, one more per further duplicate ACK, and at most ssthresh after the full ACK");

  g_assert_null (strstr (text, "halves"));
  g_assert_nonnull (strstr (text, "half the data in flight"));
  g_assert_nonnull (strstr (text, "plus the three segments"));

  for (HsProfileKind profile = HS_PROFILE_LINUX; profile < HS_N_PROFILES; profile++)
    {
      g_autoptr(HsTrace) trace = run_lesson ("fast-retransmit", profile);
      guint32 smss = client_smss (trace);
      guint fast = G_MAXUINT, full_ack = G_MAXUINT;
      const HsTcbSnapshot *before, *after;
      guint32 flight, ssthresh, cwnd;

      for (guint i = 0; i < hs_trace_get_n_steps (trace) && fast == G_MAXUINT; i++)
        if (hs_trace_get_step (trace, i)->reason == HS_REASON_RETRANSMIT_FAST)
          fast = i;
      g_assert_cmpuint (fast, !=, G_MAXUINT);
      before = tcb_after_step (trace, fast - 1, C);
      flight = before->snd_nxt - before->snd_una;
      cwnd = before->cwnd;
      after = tcb_after_step (trace, fast, C);
      ssthresh = after->ssthresh;
      /* the rfc profile leaves out what limited transmit sent (RFC 5681
       * section 3.2, step 2) */
      if (profile == HS_PROFILE_RFC)
        for (guint i = 0; i < fast; i++)
          if (hs_trace_get_step (trace, i)->reason == HS_REASON_SEND_DATA_LIMITED_TRANSMIT &&
              hs_trace_get_step (trace, i)->kind == HS_STEP_SEGMENT_SENT)
            flight -= hs_trace_get_segment (trace, hs_trace_get_step (trace, i)->segment)->len;
      g_assert_cmpuint (ssthresh, ==, MAX (flight / 2, 2 * smss));
      g_assert_cmpuint (after->cwnd, ==, ssthresh + 3 * smss);
      /* what "halves its congestion window" would have said */
      g_assert_cmpuint (after->cwnd, !=, cwnd / 2);

      /* each further duplicate ACK inflates cwnd by one segment, until the
       * ACK of the retransmission deflates it */
      cwnd = after->cwnd;
      for (guint i = fast + 1; i < hs_trace_get_n_steps (trace) && full_ack == G_MAXUINT; i++)
        {
          const HsTraceStep *s = hs_trace_get_step (trace, i);
          const HsTraceSegment *seg;
          guint next = i + 1;

          if (s->kind != HS_STEP_SEGMENT_ARRIVED || s->endpoint != C)
            continue;
          /* the TCB once this arrival is dealt with: before the next one */
          while (next < hs_trace_get_n_steps (trace) && hs_trace_get_step (trace, next)->kind != HS_STEP_SEGMENT_ARRIVED)
            next++;
          seg = hs_trace_get_segment (trace, s->segment);
          if (seg->marks & HS_MARK_DUPLICATE_ACK)
            {
              g_assert_cmpuint (tcb_after_step (trace, next - 1, C)->cwnd, ==, cwnd + smss);
              cwnd += smss;
            }
          else
            {
              full_ack = i;
              g_assert_cmpuint (tcb_after_step (trace, next - 1, C)->cwnd, <=, ssthresh);
            }
        }
      g_assert_cmpuint (full_ack, !=, G_MAXUINT);
    }
}

static void
test_description_slow_start (void)
{
  g_autoptr(HsTrace) trace = run_lesson ("slow-start", HS_PROFILE_LINUX);
  g_autofree char *text = description ("slow-start");
  HsTime rtt = round_trip (trace);
  guint32 smss = client_smss (trace);
  HsTime reached = HS_TIME_NONE, last_data = 0;
  guint rounds = 0;

  g_test_summary ("slow-start's Description holds for its trace: cwnd starts at 10 segments, doubles "
                  "in a round trip up to ssthresh = 20 segments, then grows by about half a segment "
                  "per round trip (delayed ACKs), not one");

  g_assert_nonnull (strstr (text, "about half a segment per round trip"));
  g_assert_null (strstr (text, "about one segment per round trip"));

  for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
    {
      const HsTraceSegment *seg = hs_trace_get_segment (trace, i);

      if (seg->from == C && seg->len > 0)
        last_data = MAX (last_data, seg->sent);
    }
  for (guint i = 0; i < hs_trace_get_n_steps (trace) && reached == HS_TIME_NONE; i++)
    {
      const HsTcbSnapshot *tcb = hs_trace_get_tcb_at (trace, i, C);

      if (tcb != NULL && tcb->ssthresh == 20 * smss && tcb->cwnd >= tcb->ssthresh)
        reached = hs_trace_get_step (trace, i)->time;
    }
  g_assert_cmpint (reached, !=, HS_TIME_NONE);
  /* slow start: 10 segments, then twice that one round trip later */
  g_assert_cmpuint (cwnd_at_time (trace, reached - rtt), ==, 10 * smss);
  g_assert_cmpuint (cwnd_at_time (trace, reached), ==, 20 * smss);

  /* congestion avoidance, each round trip while the client still has a
   * window's worth of data to send (at the end the application, not cwnd,
   * limits it and Linux stops growing cwnd): between a third and two
   * thirds of a segment */
  for (HsTime t = reached; t + 3 * rtt <= last_data; t += rtt)
    {
      guint32 growth = cwnd_at_time (trace, t + rtt) - cwnd_at_time (trace, t);

      g_test_message ("round trip from %" G_GINT64_FORMAT " ms: cwnd + %u bytes", t / 1000, growth);
      g_assert_cmpuint (growth, >=, smss / 3);
      g_assert_cmpuint (growth, <=, 2 * smss / 3);
      rounds++;
    }
  g_assert_cmpuint (rounds, >=, 5);
}

static void
test_description_sack (void)
{
  g_autoptr(HsTrace) trace = run_lesson ("sack", HS_PROFILE_LINUX);
  g_autofree char *text = description ("sack");
  g_autoptr(GPtrArray) lost = g_ptr_array_new ();
  g_autoptr(GPtrArray) resent = g_ptr_array_new ();
  HsTime rtt = round_trip (trace);

  g_test_summary ("sack's Description holds for its trace: only the two lost segments are "
                  "retransmitted, both in the same round trip (Linux's PRR lets the second out "
                  "on the next duplicate ACK)");

  g_assert_nonnull (strstr (text, "same round trip"));
  g_assert_null (strstr (text, "one round trip later"));

  for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
    {
      const HsTraceSegment *seg = hs_trace_get_segment (trace, i);

      if (seg->from != C)
        continue;
      if (seg->fate == HS_FATE_LOST)
        g_ptr_array_add (lost, (gpointer) seg);
      if (seg->marks & HS_MARK_RETRANSMISSION)
        g_ptr_array_add (resent, (gpointer) seg);
    }
  g_assert_cmpuint (lost->len, ==, 2);
  g_assert_cmpuint (resent->len, ==, 2);
  for (guint k = 0; k < 2; k++)
    {
      const HsTraceSegment *a = g_ptr_array_index (lost, k);
      const HsTraceSegment *b = g_ptr_array_index (resent, k);

      g_assert_cmpuint (b->header.seq, ==, a->header.seq);
      g_assert_cmpuint (b->len, ==, a->len);
      /* RACK (linux profile) marks the first hole lost; the second follows in recovery */
      g_assert_cmpuint (hs_trace_get_step (trace, b->sent_step)->reason, ==, k == 0 ? HS_REASON_RETRANSMIT_RACK : HS_REASON_RETRANSMIT_SACK);
    }
  g_assert_cmpint (((const HsTraceSegment *) g_ptr_array_index (resent, 1))->sent -
                   ((const HsTraceSegment *) g_ptr_array_index (resent, 0))->sent, <, rtt);
}

static void
test_description_close_piggyback (void)
{
  g_autoptr(HsTrace) trace = run_lesson ("close-piggyback", HS_PROFILE_LINUX);
  g_autoptr(GPtrArray) close = close_segments (trace);
  g_autofree char *text = description ("close-piggyback");
  const guint8 flags[] = { HS_TCP_FIN | HS_TCP_ACK, HS_TCP_FIN | HS_TCP_ACK, HS_TCP_ACK };

  g_test_summary ("close-piggyback's Description names the three segments as the trace has them: "
                  "FIN+ACK, FIN+ACK, ACK (the server's FIN carries an ACK too)");

  g_assert_nonnull (strstr (text, "FIN+ACK, FIN+ACK, ACK"));
  g_assert_null (strstr (text, "FIN; FIN+ACK"));
  g_assert_cmpuint (close->len, ==, G_N_ELEMENTS (flags));
  for (guint k = 0; k < close->len; k++)
    g_assert_cmphex (((const HsTraceSegment *) g_ptr_array_index (close, k))->header.flags & ~HS_TCP_PSH, ==,
                     flags[k]);
}

static void
test_description_timeout_cwnd (void)
{
  g_autoptr(HsTrace) trace = run_lesson ("timeout-cwnd", HS_PROFILE_LINUX);
  g_autofree char *text = description ("timeout-cwnd");
  guint rto = G_MAXUINT, probes = 0;

  g_test_summary ("timeout-cwnd's Description says the tail loss probe Linux sends is lost too, so "
                  "that only the retransmission timer finds the loss, and sets ssthresh to 0.7 of cwnd");

  g_assert_nonnull (strstr (text, "so is the tail loss probe"));
  g_assert_nonnull (strstr (text, "only the retransmission timer can"));
  g_assert_nonnull (strstr (text, "0.7 of its congestion window (CUBIC)"));
  /* no duplicate ACK reaches the client before its retransmission timer
   * fires; the only retransmission before it is the probe */
  for (guint i = 0; i < hs_trace_get_n_steps (trace) && rto == G_MAXUINT; i++)
    {
      const HsTraceStep *s = hs_trace_get_step (trace, i);

      if (s->kind == HS_STEP_TIMER && s->endpoint == C && s->detail == HS_TIMER_RETRANSMISSION)
        rto = i;
      else if (s->kind == HS_STEP_SEGMENT_ARRIVED && s->endpoint == C)
        g_assert_false (hs_trace_get_segment (trace, s->segment)->marks & HS_MARK_DUPLICATE_ACK);
      else if (s->kind == HS_STEP_SEGMENT_SENT && s->endpoint == C &&
               (hs_trace_get_segment (trace, s->segment)->marks & HS_MARK_RETRANSMISSION))
        {
          g_assert_cmpuint (s->reason, ==, HS_REASON_RETRANSMIT_PROBE);
          probes++;
        }
    }
  g_assert_cmpuint (probes, ==, 1);
  g_assert_cmpuint (rto, !=, G_MAXUINT);
  g_assert_cmpuint (hs_trace_get_step (trace, rto + 1)->reason, ==, HS_REASON_RETRANSMIT_TIMEOUT);
  g_assert_cmpuint (tcb_after_step (trace, rto + 1, C)->cwnd, ==, client_smss (trace));
  g_assert_cmpuint (tcb_after_step (trace, rto + 1, C)->ssthresh, ==,
                    MAX (tcb_after_step (trace, rto - 1, C)->cwnd / client_smss (trace) * 717 / 1024, 2) *
                    client_smss (trace));
}

static void
test_description_tcp_vs_udp (void)
{
  g_autoptr(HsTrace) trace = run_lesson ("tcp-vs-udp", HS_PROFILE_LINUX);
  g_autofree char *text = description ("tcp-vs-udp");

  g_test_summary ("tcp-vs-udp's Description places TCP and UDP where the lanes are: TCP's two "
                  "endpoints first (left), UDP's after them (right), not top and bottom");

  g_assert_null (strstr (text, "top lanes"));
  g_assert_nonnull (strstr (text, "TCP (the two lanes on the left)"));
  g_assert_nonnull (strstr (text, "UDP (the two lanes on the right)"));
  /* lanes follow the endpoints' order from left to right (test-diagram
   * checks the layout itself) */
  g_assert_cmpuint (hs_trace_get_n_endpoints (trace), ==, 4);
  for (guint e = 0; e < 4; e++)
    g_assert_cmpuint (hs_trace_get_endpoint (trace, e)->transport, ==, e < 2 ? HS_TRANSPORT_TCP : HS_TRANSPORT_UDP);
}

static const HsTraceSegment *
segment_at (HsTrace *trace,
            guint    index)
{
  g_assert_cmpuint (index, <, hs_trace_get_n_segments (trace));
  return hs_trace_get_segment (trace, index);
}

/* The flags of a segment without PSH, which no Description names. */
static guint8
flags_of (const HsTraceSegment *seg)
{
  return seg->header.flags & ~HS_TCP_PSH;
}

/* Whether @endpoint goes from @from to @to at some step. */
static gboolean
goes (HsTrace *trace,
      guint    endpoint,
      HsState  from,
      HsState  to)
{
  for (guint i = 0; i < hs_trace_get_n_steps (trace); i++)
    {
      const HsTraceStep *s = hs_trace_get_step (trace, i);

      if (s->kind == HS_STEP_STATE_CHANGE && s->endpoint == endpoint && s->from_state == from && s->to_state == to)
        return TRUE;
    }
  return FALSE;
}

/* Whether @endpoint is ever in @state. */
static gboolean
ever_in (HsTrace *trace,
         guint    endpoint,
         HsState  state)
{
  for (guint i = 0; i < hs_trace_get_n_steps (trace); i++)
    {
      const HsTraceStep *s = hs_trace_get_step (trace, i);

      if (s->kind == HS_STEP_STATE_CHANGE && s->endpoint == endpoint && s->to_state == state)
        return TRUE;
    }
  return FALSE;
}

/* Whether @endpoint's application is told @notify. */
static gboolean
notified (HsTrace  *trace,
          guint     endpoint,
          HsNotify  notify)
{
  for (guint i = 0; i < hs_trace_get_n_steps (trace); i++)
    {
      const HsTraceStep *s = hs_trace_get_step (trace, i);

      if (s->kind == HS_STEP_APP_NOTIFY && s->endpoint == endpoint && s->detail == notify)
        return TRUE;
    }
  return FALSE;
}

/* The first segment @from sends after segment @after with any of @flags
 * (0: with data), or NULL. */
static const HsTraceSegment *
next_from (HsTrace *trace,
           guint    from,
           guint    after,
           guint8   flags)
{
  for (guint i = after; i < hs_trace_get_n_segments (trace); i++)
    {
      const HsTraceSegment *seg = hs_trace_get_segment (trace, i);

      if (seg->from == from && (flags == 0 ? seg->len > 0 : (seg->header.flags & flags) != 0))
        return seg;
    }
  return NULL;
}

/* SYN; SYN+ACK; ACK, each SYN acknowledged with its ISN + 1. */
static void
assert_handshake (HsTrace *trace)
{
  const HsTraceSegment *syn = segment_at (trace, 0), *synack = segment_at (trace, 1), *ack = segment_at (trace, 2);

  g_assert_cmphex (flags_of (syn), ==, HS_TCP_SYN);
  g_assert_cmpuint (syn->from, ==, C);
  g_assert_cmphex (flags_of (synack), ==, HS_TCP_SYN | HS_TCP_ACK);
  g_assert_cmpuint (synack->header.ack, ==, syn->header.seq + 1);
  g_assert_cmphex (flags_of (ack), ==, HS_TCP_ACK);
  g_assert_cmpuint (ack->header.ack, ==, synack->header.seq + 1);
}

static void
test_description_full_connection (void)
{
  g_autoptr(HsTrace) trace = hs_test_run_lesson ("full-connection");
  g_autoptr(GPtrArray) close = close_segments (trace);
  g_autofree char *text = description ("full-connection");
  const HsTraceSegment *request, *answer, *fin;

  g_test_summary ("full-connection: the three-way handshake, a 100-byte request, a 200-byte answer, and a "
                  "four-way close the client starts");

  g_assert_nonnull (strstr (text, "100-byte request"));
  g_assert_nonnull (strstr (text, "200-byte answer"));
  assert_handshake (trace);
  request = next_from (trace, C, 0, 0);
  answer = next_from (trace, S, 0, 0);
  g_assert_cmpuint (request->len, ==, 100);
  g_assert_cmpuint (answer->len, ==, 200);
  g_assert_cmpuint (answer->index, >, request->index);
  g_assert_cmpuint (close->len, ==, 4);
  fin = g_ptr_array_index (close, 0);
  g_assert_cmpuint (fin->from, ==, C);
  g_assert_true (ever_in (trace, C, HS_STATE_TIME_WAIT));
}

static void
test_description_three_way_handshake (void)
{
  g_autoptr(HsTrace) trace = hs_test_run_lesson ("three-way-handshake");
  g_autofree char *text = description ("three-way-handshake");

  g_test_summary ("three-way-handshake: SYN; SYN+ACK; ACK, and each SYN is acknowledged with its ISN + 1");

  g_assert_nonnull (strstr (text, "SYN; SYN+ACK; ACK."));
  g_assert_cmpuint (hs_trace_get_n_segments (trace), ==, 3);
  assert_handshake (trace);
}

static void
test_description_four_way_close (void)
{
  g_autoptr(HsTrace) trace = hs_test_run_lesson ("four-way-close");
  g_autoptr(GPtrArray) close = close_segments (trace);
  g_autofree char *text = description ("four-way-close");
  const guint8 flags[] = { HS_TCP_FIN | HS_TCP_ACK, HS_TCP_ACK, HS_TCP_FIN | HS_TCP_ACK, HS_TCP_ACK };
  const guint from[] = { C, S, S, C };

  g_test_summary ("four-way-close: the client's FIN, the server's ACK, the server's own FIN, the last ACK, "
                  "then the client in TIME-WAIT");

  g_assert_nonnull (strstr (text, "The client closes first"));
  g_assert_cmpuint (close->len, ==, 4);
  for (guint k = 0; k < 4; k++)
    {
      const HsTraceSegment *seg = g_ptr_array_index (close, k);

      g_assert_cmphex (flags_of (seg), ==, flags[k]);
      g_assert_cmpuint (seg->from, ==, from[k]);
    }
  g_assert_true (goes (trace, C, HS_STATE_FIN_WAIT_2, HS_STATE_TIME_WAIT));
  g_assert_false (ever_in (trace, S, HS_STATE_TIME_WAIT));
}

static void
test_description_server_closes_first (void)
{
  g_autoptr(HsTrace) trace = hs_test_run_lesson ("server-closes-first");
  g_autoptr(GPtrArray) close = close_segments (trace);
  g_autofree char *text = description ("server-closes-first");

  g_test_summary ("server-closes-first: the server sends the first FIN and is the one that ends in TIME-WAIT");

  g_assert_nonnull (strstr (text, "the server sends the first FIN"));
  g_assert_cmpuint (close->len, >, 0);
  g_assert_cmpuint (((const HsTraceSegment *) g_ptr_array_index (close, 0))->from, ==, S);
  g_assert_true (ever_in (trace, S, HS_STATE_TIME_WAIT));
  g_assert_false (ever_in (trace, C, HS_STATE_TIME_WAIT));
}

static void
test_description_simultaneous_open (void)
{
  g_autoptr(HsTrace) trace = hs_test_run_lesson ("simultaneous-open");
  g_autofree char *text = description ("simultaneous-open");
  const HsTraceSegment *syn[2], *synack[2];

  g_test_summary ("simultaneous-open: both connect() at once, the SYNs cross, both go through "
                  "SYN-RECEIVED, each SYN+ACK repeats its own ISN: four segments, then an ACK from each side");

  g_assert_nonnull (strstr (text, "four segments, then an ACK from each side"));
  for (guint k = 0; k < 2; k++)
    {
      syn[k] = segment_at (trace, k);
      synack[k] = segment_at (trace, 2 + k);
      g_assert_cmphex (flags_of (syn[k]), ==, HS_TCP_SYN);
      g_assert_cmpint (syn[k]->sent, ==, 0);
      g_assert_cmphex (flags_of (synack[k]), ==, HS_TCP_SYN | HS_TCP_ACK);
      g_assert_cmphex (flags_of (segment_at (trace, 4 + k)), ==, HS_TCP_ACK);
    }
  g_assert_cmpuint (syn[0]->from, !=, syn[1]->from);
  /* crossed: each SYN left before the other arrived */
  g_assert_cmpint (syn[0]->sent, <, syn[1]->arrived);
  g_assert_cmpint (syn[1]->sent, <, syn[0]->arrived);
  for (guint k = 0; k < 2; k++)
    {
      const HsTraceSegment *own = syn[0]->from == synack[k]->from ? syn[0] : syn[1];

      g_assert_cmpuint (synack[k]->header.seq, ==, own->header.seq);
    }
  g_assert_cmpuint (segment_at (trace, 4)->from, !=, segment_at (trace, 5)->from);
  g_assert_true (goes (trace, C, HS_STATE_SYN_SENT, HS_STATE_SYN_RECEIVED));
  g_assert_true (goes (trace, S, HS_STATE_SYN_SENT, HS_STATE_SYN_RECEIVED));
}

static void
test_description_simultaneous_close (void)
{
  g_autoptr(HsTrace) trace = hs_test_run_lesson ("simultaneous-close");
  g_autofree char *text = description ("simultaneous-close");
  const HsTraceSegment *fin_c = next_from (trace, C, 0, HS_TCP_FIN), *fin_s = next_from (trace, S, 0, HS_TCP_FIN);

  g_test_summary ("simultaneous-close: the FINs cross, both sides go FIN-WAIT-1 → CLOSING → TIME-WAIT, and "
                  "each acknowledges the other's FIN");

  g_assert_nonnull (strstr (text, "FIN-WAIT-1 → CLOSING → TIME-WAIT"));
  g_assert_nonnull (fin_c);
  g_assert_nonnull (fin_s);
  g_assert_cmpint (fin_c->sent, <, fin_s->arrived);
  g_assert_cmpint (fin_s->sent, <, fin_c->arrived);
  for (guint e = C; e <= S; e++)
    {
      const HsTraceSegment *fin = e == C ? fin_s : fin_c;
      gboolean acked = FALSE;

      g_assert_true (goes (trace, e, HS_STATE_FIN_WAIT_1, HS_STATE_CLOSING));
      g_assert_true (goes (trace, e, HS_STATE_CLOSING, HS_STATE_TIME_WAIT));
      for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
        acked |= segment_at (trace, i)->from == e && segment_at (trace, i)->header.ack == fin->header.seq + 1;
      g_assert_true (acked);
    }
}

static void
test_description_half_close (void)
{
  g_autoptr(HsTrace) trace = hs_test_run_lesson ("half-close");
  g_autofree char *text = description ("half-close");
  const HsTraceSegment *fin = next_from (trace, C, 0, HS_TCP_FIN);
  const HsTraceSegment *server_fin = next_from (trace, S, 0, HS_TCP_FIN);
  guint32 after = 0, last_ack = 0;

  g_test_summary ("half-close: the client shuts down after its request; the server sends 10,240 bytes after "
                  "the client's FIN, and the client acknowledges them, until the server closes too");

  g_assert_nonnull (strstr (text, "10,240 bytes"));
  g_assert_nonnull (fin);
  g_assert_nonnull (server_fin);
  for (guint i = fin->index + 1; i < hs_trace_get_n_segments (trace); i++)
    {
      const HsTraceSegment *seg = segment_at (trace, i);

      if (seg->from == S && !(seg->marks & HS_MARK_RETRANSMISSION))
        after += seg->len;
      if (seg->from == C && (seg->header.flags & HS_TCP_ACK))
        last_ack = MAX (last_ack, seg->header.ack);
    }
  g_assert_cmpuint (after, ==, 10240);
  g_assert_cmpuint (last_ack, ==, server_fin->header.seq + 1);
}

static void
test_description_connection_refused (void)
{
  g_autoptr(HsTrace) trace = hs_test_run_lesson ("connection-refused");
  g_autofree char *text = description ("connection-refused");

  g_test_summary ("connection-refused: a SYN to a port nobody listens on, RST+ACK, and connect() fails "
                  "with “Connection refused”");

  g_assert_nonnull (strstr (text, "RST+ACK"));
  g_assert_cmpuint (hs_trace_get_n_segments (trace), ==, 2);
  g_assert_cmphex (flags_of (segment_at (trace, 0)), ==, HS_TCP_SYN);
  g_assert_cmphex (flags_of (segment_at (trace, 1)), ==, HS_TCP_RST | HS_TCP_ACK);
  g_assert_true (notified (trace, C, HS_NOTIFY_REFUSED));
}

static void
test_description_abort_rst (void)
{
  g_autoptr(HsTrace) trace = hs_test_run_lesson ("abort-rst");
  g_autofree char *text = description ("abort-rst");
  guint rsts = 0;

  g_test_summary ("abort-rst: after the exchange, one RST, no FIN, no TIME-WAIT, and the server learns "
                  "“Connection reset by peer”");

  g_assert_nonnull (strstr (text, "one RST, no FIN, no TIME-WAIT"));
  for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
    {
      const HsTraceSegment *seg = segment_at (trace, i);

      rsts += (seg->header.flags & HS_TCP_RST) != 0;
      g_assert_false (seg->header.flags & HS_TCP_FIN);
    }
  g_assert_cmpuint (rsts, ==, 1);
  g_assert_false (ever_in (trace, C, HS_STATE_TIME_WAIT));
  g_assert_false (ever_in (trace, S, HS_STATE_TIME_WAIT));
  g_assert_true (notified (trace, S, HS_NOTIFY_RESET));
}

static void
test_description_close_unread_rst (void)
{
  g_autoptr(HsTrace) trace = hs_test_run_lesson ("close-unread-rst");
  g_autofree char *text = description ("close-unread-rst");
  guint rsts = 0, read_by_server = 0;

  g_test_summary ("close-unread-rst: the server's application closes without reading the client's "
                  "200 bytes; it sends an RST instead of a FIN, no TIME-WAIT, and the client learns "
                  "“Connection reset by peer”");

  g_assert_nonnull (strstr (text, "sends 200 bytes"));
  g_assert_nonnull (strstr (text, "Instead of a FIN the server sends an RST"));
  g_assert_nonnull (strstr (text, "no FIN exchange and no TIME-WAIT"));
  for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
    {
      const HsTraceSegment *seg = segment_at (trace, i);

      if (seg->header.flags & HS_TCP_RST)
        {
          rsts++;
          g_assert_cmpuint (seg->from, ==, S);
        }
      g_assert_false (seg->header.flags & HS_TCP_FIN);
    }
  for (guint i = 0; i < hs_trace_get_n_steps (trace); i++)
    {
      const HsTraceStep *step = hs_trace_get_step (trace, i);

      if (step->kind == HS_STEP_APP_NOTIFY && step->endpoint == S && step->detail == HS_NOTIFY_DATA)
        read_by_server++;
    }
  g_assert_cmpuint (read_by_server, ==, 0);
  g_assert_cmpuint (rsts, ==, 1);
  g_assert_false (ever_in (trace, C, HS_STATE_TIME_WAIT));
  g_assert_false (ever_in (trace, S, HS_STATE_TIME_WAIT));
  g_assert_true (notified (trace, C, HS_NOTIFY_RESET));
}

static void
test_description_keepalive (void)
{
  g_autoptr(HsTrace) trace = hs_test_run_lesson ("keepalive");
  g_autofree char *text = description ("keepalive");
  HsTime last_heard = 0;
  guint probes = 0, answered = 0, unanswered_in_a_row = 0;
  const HsTraceSegment *last;

  g_test_summary ("keepalive: after 5 s of silence the client probes with an empty segment below "
                  "SND.NXT; the server's ACK answers it; after three unanswered probes 1 s apart the "
                  "client resets the connection");

  g_assert_nonnull (strstr (text, "idle 5 s, interval 1 s, 3 probes"));
  g_assert_nonnull (strstr (text, "after three unanswered probes the client resets the connection"));
  for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
    {
      const HsTraceSegment *seg = segment_at (trace, i);

      if (seg->from == S && seg->fate == HS_FATE_DELIVERED)
        last_heard = seg->arrived;
      if (!(seg->marks & HS_MARK_KEEPALIVE))
        continue;
      probes++;
      g_assert_cmpuint (seg->from, ==, C);
      g_assert_cmpuint (seg->len, ==, 0);
      g_assert_cmpuint (hs_trace_segment_rel_seq (trace, seg), ==, 20);
      if (unanswered_in_a_row == 0)
        g_assert_cmpint (seg->sent - last_heard, ==, 5 * HS_USEC_PER_SEC);
      g_assert_true (i + 1 < hs_trace_get_n_segments (trace));
      if (segment_at (trace, i + 1)->fate == HS_FATE_DELIVERED)
        {
          answered++;
          unanswered_in_a_row = 0;
        }
      else
        unanswered_in_a_row++;
    }
  g_assert_cmpuint (probes, ==, 4);
  g_assert_cmpuint (answered, ==, 1);
  g_assert_cmpuint (unanswered_in_a_row, ==, 3);
  last = segment_at (trace, hs_trace_get_n_segments (trace) - 1);
  g_assert_cmphex (flags_of (last), ==, HS_TCP_RST | HS_TCP_ACK);
  g_assert_cmpuint (last->from, ==, C);
  g_assert_true (notified (trace, C, HS_NOTIFY_TIMED_OUT));
}

static void
test_description_syn_lost (void)
{
  g_autoptr(HsTrace) trace = hs_test_run_lesson ("syn-lost");
  g_autofree char *text = description ("syn-lost");
  const HsTraceSegment *first = segment_at (trace, 0), *again = segment_at (trace, 1);

  g_test_summary ("syn-lost: the first SYN is lost, the client sends it again after its 1 s timeout, and "
                  "the handshake completes");

  g_assert_nonnull (strstr (text, "(1 s)"));
  g_assert_cmphex (flags_of (first), ==, HS_TCP_SYN);
  g_assert_cmpint (first->fate, ==, HS_FATE_LOST);
  g_assert_cmphex (flags_of (again), ==, HS_TCP_SYN);
  g_assert_cmpint (again->sent - first->sent, ==, HS_USEC_PER_SEC);
  g_assert_true (goes (trace, C, HS_STATE_SYN_SENT, HS_STATE_ESTABLISHED));
  g_assert_true (goes (trace, S, HS_STATE_SYN_RECEIVED, HS_STATE_ESTABLISHED));
}

static void
test_description_synack_lost (void)
{
  g_autoptr(HsTrace) trace = hs_test_run_lesson ("synack-lost");
  g_autofree char *text = description ("synack-lost");
  const HsTraceSegment *syn = segment_at (trace, 0), *synack = segment_at (trace, 1);
  const HsTraceSegment *syn2 = next_from (trace, C, 2, HS_TCP_SYN);
  guint timer = 0, answer = 0;

  g_test_summary ("synack-lost: the SYN+ACK is lost; one second later each side retransmits, and the "
                  "server answers the retransmitted SYN with one more SYN+ACK");

  g_assert_nonnull (strstr (text, "After one second both sides retransmit"));
  g_assert_cmpint (synack->fate, ==, HS_FATE_LOST);
  g_assert_nonnull (syn2);
  g_assert_cmpint (syn2->sent - syn->sent, ==, HS_USEC_PER_SEC);
  for (guint i = 2; i < hs_trace_get_n_segments (trace); i++)
    {
      const HsTraceSegment *seg = segment_at (trace, i);
      const HsTraceStep *sent = hs_trace_get_step (trace, seg->sent_step);

      if (seg->from != S || flags_of (seg) != (HS_TCP_SYN | HS_TCP_ACK))
        continue;
      if (sent->reason == HS_REASON_RETRANSMIT_TIMEOUT)
        {
          timer++;
          g_assert_cmpint (seg->sent - synack->sent, ==, HS_USEC_PER_SEC);
        }
      else if (sent->reason == HS_REASON_SEND_SYN_ACK_AGAIN)
        answer++;
    }
  g_assert_cmpuint (timer, ==, 1);
  g_assert_cmpuint (answer, ==, 1);
}

static void
test_description_time_wait (void)
{
  g_autoptr(HsTrace) trace = hs_test_run_lesson ("time-wait");
  g_autofree char *text = description ("time-wait");
  const HsTraceSegment *lost = NULL;
  gboolean fin_again = FALSE, ack_again = FALSE;

  g_test_summary ("time-wait: the client's last ACK is lost; the server in LAST-ACK sends its FIN again and "
                  "the client, in TIME-WAIT, acknowledges it again");

  g_assert_nonnull (strstr (text, "The client's last ACK is lost"));
  for (guint i = 0, n = 0; i < hs_trace_get_n_segments (trace) && lost == NULL; i++)
    if (segment_at (trace, i)->from == C && ++n == 4)
      lost = segment_at (trace, i);
  g_assert_nonnull (lost);
  g_assert_cmpint (lost->fate, ==, HS_FATE_LOST);
  g_assert_cmphex (flags_of (lost), ==, HS_TCP_ACK);
  /* it acknowledges the server's FIN: the last ACK of the close */
  g_assert_cmpuint (lost->header.ack, ==, next_from (trace, S, 0, HS_TCP_FIN)->header.seq + 1);
  g_assert_true (goes (trace, C, HS_STATE_FIN_WAIT_2, HS_STATE_TIME_WAIT));
  for (guint i = lost->index + 1; i < hs_trace_get_n_segments (trace); i++)
    {
      const HsTraceSegment *seg = segment_at (trace, i);

      if (seg->from == S && (seg->header.flags & HS_TCP_FIN) && (seg->marks & HS_MARK_RETRANSMISSION))
        {
          fin_again = TRUE;
          g_assert_cmpint (hs_trace_get_state_at (trace, seg->sent_step, S), ==, HS_STATE_LAST_ACK);
        }
      if (seg->from == C && fin_again && flags_of (seg) == HS_TCP_ACK &&
          hs_trace_get_step (trace, seg->sent_step)->reason == HS_REASON_SEND_ACK_TIME_WAIT)
        ack_again = TRUE;
    }
  g_assert_true (fin_again);
  g_assert_true (ack_again);
}

static void
test_description_sliding_window (void)
{
  g_autoptr(HsTrace) trace = hs_test_run_lesson ("sliding-window");
  g_autofree char *text = description ("sliding-window");
  guint32 smss = client_smss (trace);
  guint data = 0, lets_go = 0, lets_nothing = 0;

  g_test_summary ("sliding-window: 20 segments, a receive buffer of four, never more in flight than the "
                  "window offered; an ACK lets new data go only when the right edge moves past what was sent");

  g_assert_nonnull (strstr (text, "20 segments"));
  g_assert_nonnull (strstr (text, "only four"));
  /* the old claim, "each ACK … lets new data go", is false of this trace */
  g_assert_null (strstr (text, "each ACK slides the window forward and lets new data go"));
  g_assert_nonnull (strstr (text, "the server's first ACK does not, and lets nothing go"));
  /* the buffer the server offers in its SYN+ACK: four of the client's segments */
  g_assert_cmphex (flags_of (segment_at (trace, 1)), ==, HS_TCP_SYN | HS_TCP_ACK);
  g_assert_cmpuint (segment_at (trace, 1)->window, ==, 4 * smss);
  for (guint i = 0; i < hs_trace_get_n_steps (trace); i++)
    {
      const HsTraceStep *s = hs_trace_get_step (trace, i);
      const HsTraceSegment *seg;
      const HsTcbSnapshot *before, *after;

      if (s->segment == HS_TRACE_NONE)
        continue;
      seg = hs_trace_get_segment (trace, s->segment);
      if (s->kind == HS_STEP_SEGMENT_SENT && seg->from == C && seg->len > 0)
        {
          after = tcb_after_step (trace, i, C);
          data++;
          g_assert_cmpuint (after->snd_nxt - after->snd_una, <=, after->snd_wnd);
        }
      if (s->kind == HS_STEP_SEGMENT_ARRIVED && seg->to == C && seg->len == 0 && !(seg->header.flags & HS_TCP_FIN) &&
          hs_trace_get_state_at (trace, i, C) == HS_STATE_ESTABLISHED)
        {
          gboolean moved, sent = i + 1 < hs_trace_get_n_steps (trace) && hs_trace_get_step (trace, i + 1)->cause == i &&
                                 hs_trace_get_step (trace, i + 1)->kind == HS_STEP_SEGMENT_SENT;

          before = tcb_after_step (trace, i - 1, C);
          moved = hs_seq_gt (seg->header.ack + seg->window, before->snd_nxt);
          if (before->snd_nxt - before->iss - 1 >= 28960)
            continue;
          /* "the server's first ACK does not, and lets nothing go" */
          if (lets_go + lets_nothing == 0)
            g_assert_false (moved || sent);
          lets_go += moved && sent;
          lets_nothing += !moved && !sent;
          g_assert_true (moved == sent);
        }
    }
  g_assert_cmpuint (data, ==, 20);
  g_assert_cmpuint (lets_go, >, 0);
  g_assert_cmpuint (lets_nothing, >, 0);
}

static void
test_description_zero_window (void)
{
  g_autoptr(HsTrace) trace = hs_test_run_lesson ("zero-window");
  g_autofree char *text = description ("zero-window");
  HsTime previous = 0, last_gap = 0;
  guint probes = 0;
  const HsTraceSegment *zero = NULL, *update = NULL;

  g_test_summary ("zero-window: the server advertises a window of 0, the persist timer's probes go further "
                  "and further apart, and a window update lets the transfer resume");

  g_assert_nonnull (strstr (text, "a window of 0"));
  g_assert_nonnull (strstr (text, "further and further apart"));
  for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
    {
      const HsTraceSegment *seg = segment_at (trace, i);

      if (seg->from == S && seg->window == 0 && zero == NULL)
        zero = seg;
      if (seg->from == C && (seg->marks & HS_MARK_WINDOW_PROBE))
        {
          if (probes > 0)
            {
              g_assert_cmpint (seg->sent - previous, >, last_gap);
              last_gap = seg->sent - previous;
            }
          previous = seg->sent;
          probes++;
        }
      if (seg->from == S && (seg->marks & HS_MARK_WINDOW_UPDATE) && update == NULL && probes > 0)
        update = seg;
    }
  g_assert_nonnull (zero);
  g_assert_cmpuint (probes, >=, 3);
  g_assert_nonnull (update);
  g_assert_nonnull (next_from (trace, C, update->index, 0));
}

static void
test_description_delayed_ack (void)
{
  g_autoptr(HsTrace) trace = hs_test_run_lesson ("delayed-ack");
  g_autofree char *text = description ("delayed-ack");
  guint32 smss = client_smss (trace);
  guint timers = 0, delayed = 0;

  g_test_summary ("delayed-ack: the server acknowledges every second full-sized segment, and the lone third "
                  "one when its delayed-ACK timer runs out after 200 ms");

  g_assert_nonnull (strstr (text, "(200 ms here)"));
  for (guint i = 0; i < hs_trace_get_n_steps (trace); i++)
    {
      const HsTraceStep *s = hs_trace_get_step (trace, i);

      if (s->kind == HS_STEP_TIMER && s->detail == HS_TIMER_DELAYED_ACK)
        {
          timers++;
          g_assert_cmpuint (s->value, ==, 200 * HS_USEC_PER_MSEC);
        }
    }
  g_assert_cmpuint (timers, ==, 1);
  for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
    {
      const HsTraceSegment *seg = segment_at (trace, i);
      const HsTraceStep *sent = hs_trace_get_step (trace, seg->sent_step);

      if (seg->from != S || flags_of (seg) != HS_TCP_ACK || seg->len != 0 || hs_trace_segment_rel_ack (trace, seg) <= 1)
        continue;
      /* at once after two full segments, or by the timer for the third */
      if (sent->reason == HS_REASON_SEND_ACK_DATA)
        g_assert_cmpuint ((hs_trace_segment_rel_ack (trace, seg) - 1) % (2 * smss), ==, 0);
      else if (sent->reason == HS_REASON_SEND_ACK_DELAYED)
        {
          /* the lone third segment */
          g_assert_cmpuint (hs_trace_segment_rel_ack (trace, seg), ==, 4344 + 1);
          delayed++;
        }
    }
  g_assert_cmpuint (delayed, ==, 1);
}

static void
test_description_piggyback_ack (void)
{
  g_autoptr(HsTrace) trace = hs_test_run_lesson ("piggyback-ack");
  g_autofree char *text = description ("piggyback-ack");
  const HsTraceSegment *request = next_from (trace, C, 0, 0);
  const HsTraceSegment *answer = next_from (trace, S, 0, 0);

  g_test_summary ("piggyback-ack: the server answers 50 ms after the request, and its answer carries the "
                  "ACK of the request: no ACK of its own before it");

  g_assert_nonnull (strstr (text, "50 ms later"));
  g_assert_cmpint (answer->sent - request->arrived, ==, 50 * HS_USEC_PER_MSEC);
  g_assert_cmpuint (answer->header.ack, ==, request->header.seq + request->len);
  for (guint i = request->index; i < answer->index; i++)
    g_assert_false (segment_at (trace, i)->from == S);
}

static void
test_description_nagle (void)
{
  g_autoptr(HsTrace) trace = hs_test_run_lesson ("nagle");
  g_autofree char *text = description ("nagle");
  guint writes = 0, segments = 0;
  guint32 acked = 0, sent_end = 0;

  g_test_summary ("nagle: ten writes of 40 bytes, 5 ms apart; with Nagle only one small segment is "
                  "unacknowledged at a time and the writes in between go together; without it, one "
                  "segment per write");

  g_assert_nonnull (strstr (text, "ten small messages of 40 bytes, 5 ms apart"));
  for (guint i = 0; i < hs_trace_get_n_steps (trace); i++)
    {
      const HsTraceStep *s = hs_trace_get_step (trace, i);

      if (s->kind == HS_STEP_APP_CALL && s->endpoint == C && s->detail == HS_APP_SEND)
        {
          g_assert_cmpuint (s->value, ==, 40);
          writes++;
        }
      if (s->kind == HS_STEP_SEGMENT_ARRIVED && s->endpoint == C &&
          (hs_trace_get_segment (trace, s->segment)->header.flags & HS_TCP_ACK))
        acked = hs_seq_max (acked, hs_trace_get_segment (trace, s->segment)->header.ack);
      if (s->kind == HS_STEP_SEGMENT_SENT && s->endpoint == C && hs_trace_get_segment (trace, s->segment)->len > 0)
        {
          const HsTraceSegment *seg = hs_trace_get_segment (trace, s->segment);

          /* a small segment goes only once the one before is acknowledged */
          if (segments > 0)
            g_assert_true (hs_seq_geq (acked, sent_end));
          sent_end = seg->header.seq + seg->len;
          segments++;
        }
    }
  g_assert_cmpuint (writes, ==, 10);
  g_assert_cmpuint (segments, <, writes);

  /* --set client.nagle=false: one segment per write */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(HsScenario) scenario = hs_scenario_new_builtin ("nagle", &error);
    g_autoptr(HsTrace) off = NULL;
    guint n = 0;

    g_assert_nonnull (strstr (text, "--set client.nagle=false"));
    g_assert_true (hs_scenario_set (scenario, "client.nagle=false", &error));
    off = hs_simulator_run (scenario, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < hs_trace_get_n_segments (off); i++)
      n += hs_trace_get_segment (off, i)->from == C && hs_trace_get_segment (off, i)->len > 0;
    g_assert_cmpuint (n, ==, 10);
  }
}

static void
test_description_data_loss_rto (void)
{
  g_autoptr(HsTrace) trace = hs_test_run_lesson ("data-loss-rto");
  g_autofree char *text = description ("data-loss-rto");
  guint n_rto = 0, copies = 0, lost = 0;

  g_test_summary ("data-loss-rto: the only data segment and the tail loss probe that copies it are "
                  "lost, the retransmission timer recovers it, and the timeout doubles for the next try");

  g_assert_nonnull (strstr (text, "tail loss probe (RFC 8985), and that is lost too"));
  g_assert_nonnull (strstr (text, "doubles for the next try"));
  for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
    {
      const HsTraceSegment *seg = segment_at (trace, i);

      if (seg->from != C || seg->len == 0)
        continue;
      copies++;
      lost += seg->fate == HS_FATE_LOST;
      if (copies > 1)
        g_assert_cmpuint (hs_trace_get_step (trace, seg->sent_step)->reason, ==,
                          copies == 2 ? HS_REASON_RETRANSMIT_PROBE : HS_REASON_RETRANSMIT_TIMEOUT);
      g_assert_cmpuint (seg->len, ==, 1000);
    }
  g_assert_cmpuint (copies, ==, 3);
  g_assert_cmpuint (lost, ==, 2);
  for (guint i = 0; i < hs_trace_get_n_steps (trace); i++)
    {
      const HsTraceStep *s = hs_trace_get_step (trace, i);

      if (s->kind == HS_STEP_TIMER && s->endpoint == C && s->detail == HS_TIMER_RETRANSMISSION)
        {
          n_rto++;
          g_assert_cmpint (tcb_after_step (trace, i + 1, C)->rto, ==, 2 * (HsTime) s->value);
        }
    }
  g_assert_cmpuint (n_rto, ==, 1);
}

static void
test_description_tail_loss_probe (void)
{
  g_autoptr(HsTrace) trace = hs_test_run_lesson ("tail-loss-probe");
  g_autofree char *text = description ("tail-loss-probe");
  guint probes = 0;
  guint32 smss = client_smss (trace);

  g_test_summary ("tail-loss-probe: the last segment is lost, the probe timer (not the retransmission "
                  "timer) resends it, no timeout follows, and cwnd is never cut to one segment");

  g_assert_nonnull (strstr (text, "tail loss probe (RACK-TLP, RFC 8985)"));
  g_assert_nonnull (strstr (text, "without a timeout"));
  for (guint i = 0; i < hs_trace_get_n_steps (trace); i++)
    {
      const HsTraceStep *s = hs_trace_get_step (trace, i);

      g_assert_false (s->kind == HS_STEP_TIMER && s->detail == HS_TIMER_RETRANSMISSION);
      if (s->kind == HS_STEP_SEGMENT_SENT && s->endpoint == C &&
          (hs_trace_get_segment (trace, s->segment)->marks & HS_MARK_RETRANSMISSION))
        {
          g_assert_cmpuint (s->reason, ==, HS_REASON_RETRANSMIT_PROBE);
          g_assert_cmpuint (hs_trace_get_step (trace, s->cause)->kind, ==, HS_STEP_TIMER);
          g_assert_cmpuint (hs_trace_get_step (trace, s->cause)->detail, ==, HS_TIMER_LOSS_PROBE);
          g_assert_cmpuint (hs_trace_get_segment (trace, s->segment)->fate, ==, HS_FATE_DELIVERED);
          probes++;
        }
      if (hs_trace_get_tcb_at (trace, i, C) != NULL && hs_trace_get_tcb_at (trace, i, C)->state == HS_STATE_ESTABLISHED)
        g_assert_cmpuint (hs_trace_get_tcb_at (trace, i, C)->cwnd, >, smss);
    }
  g_assert_cmpuint (probes, ==, 1);
}

static void
test_description_cubic_vs_reno (void)
{
  g_autoptr(HsTrace) trace = hs_test_run_lesson ("cubic-vs-reno");
  g_autofree char *text = description ("cubic-vs-reno");
  const char * const names[] = { "reno-client", "reno-server", "cubic-client", "cubic-server" };
  guint32 smss = client_smss (trace);
  HsTime done[2] = { 0, 0 };

  g_test_summary ("cubic-vs-reno: Reno on the left, CUBIC on the right, the same segment lost in both and "
                  "repaired from SACK without a timeout; ssthresh half the flight for Reno, 0.7 × cwnd "
                  "for CUBIC; CUBIC's transfer is acknowledged first");

  g_assert_nonnull (strstr (text, "Reno (the two lanes on the left)"));
  g_assert_nonnull (strstr (text, "(the two lanes on the right)"));
  g_assert_cmpuint (hs_trace_get_n_endpoints (trace), ==, 4);
  for (guint e = 0; e < 4; e++)
    g_assert_cmpstr (hs_trace_get_endpoint (trace, e)->name, ==, names[e]);

  for (guint run = 0; run < 2; run++)
    {
      guint c = 2 * run, lost = 0, recoveries = 0;

      for (guint i = 1; i < hs_trace_get_n_steps (trace); i++)
        {
          const HsTraceStep *s = hs_trace_get_step (trace, i);
          const HsTraceSegment *seg = s->segment != HS_TRACE_NONE ? hs_trace_get_segment (trace, s->segment) : NULL;

          g_assert_false (s->kind == HS_STEP_TIMER && s->endpoint == c && s->detail == HS_TIMER_RETRANSMISSION);
          if (s->kind == HS_STEP_SEGMENT_SENT && s->endpoint == c && seg->fate == HS_FATE_LOST)
            lost++;
          if (s->kind == HS_STEP_SEGMENT_SENT && s->endpoint == c && (s->reason == HS_REASON_RETRANSMIT_SACK || s->reason == HS_REASON_RETRANSMIT_RACK) &&
              hs_trace_get_tcb_at (trace, i - 1, c)->ssthresh != hs_trace_get_tcb_at (trace, i, c)->ssthresh)
            {
              const HsTcbSnapshot *before = hs_trace_get_tcb_at (trace, s->cause - 1, c);
              const HsTcbSnapshot *after = hs_trace_get_tcb_at (trace, i, c);

              if (run == 0)
                g_assert_cmpuint (after->ssthresh, ==, MAX ((before->snd_nxt - before->snd_una) / 2, 2 * smss));
              else
                g_assert_cmpuint (after->ssthresh, ==, MAX (before->cwnd / smss * 717 / 1024, 2) * smss);
              recoveries++;
            }
        }
      /* when the last byte reaches the server */
      for (guint k = 0; k < hs_trace_get_n_segments (trace); k++)
        {
          const HsTraceSegment *seg = hs_trace_get_segment (trace, k);

          if (seg->from == c && seg->fate == HS_FATE_DELIVERED && seg->len > 0 &&
              hs_trace_segment_rel_seq (trace, seg) + seg->len == 400001 && done[run] == 0)
            done[run] = hs_trace_get_step (trace, seg->end_step)->time;
        }
      g_assert_cmpuint (lost, ==, 1);
      g_assert_cmpuint (recoveries, ==, 1);
    }
  g_assert_cmpint (done[0], >, 0);
  g_assert_cmpint (done[1], >, 0);
  g_assert_cmpint (done[1], <, done[0]);
}

static void
test_description_dsack (void)
{
  g_autoptr(HsTrace) trace = hs_test_run_lesson ("dsack");
  g_autofree char *text = description ("dsack");
  guint dsacks = 0, probes = 0;

  g_test_summary ("dsack: the server's ACK is lost, the client's tail loss probe resends data that had "
                  "arrived, and the server's answer carries a D-SACK block below its ack naming exactly "
                  "those bytes");

  g_assert_nonnull (strstr (text, "tail loss probe (RFC 8985)"));
  g_assert_nonnull (strstr (text, "D-SACK, RFC 2883"));
  for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
    {
      const HsTraceSegment *seg = segment_at (trace, i);
      const HsTraceStep *sent = hs_trace_get_step (trace, seg->sent_step);

      if (seg->from == C && sent->reason == HS_REASON_RETRANSMIT_PROBE)
        {
          const HsTraceSegment *orig = NULL;

          for (guint k = 0; k < i; k++)
            if (segment_at (trace, k)->from == C && segment_at (trace, k)->len > 0)
              orig = segment_at (trace, k);
          g_assert_nonnull (orig);
          g_assert_cmpint (orig->fate, ==, HS_FATE_DELIVERED);   /* the probe was not needed */
          g_assert_cmpuint (seg->header.seq, ==, orig->header.seq);
          probes++;
        }
      if (seg->from != C && (seg->header.options.present & HS_TCP_OPT_SACK))
        {
          const HsSackBlock *b = &seg->header.options.sack[0];

          g_assert_true (hs_seq_leq (b->right, seg->header.ack));
          g_assert_cmpuint (b->right - b->left, ==, 1000);
          dsacks++;
        }
    }
  g_assert_cmpuint (probes, ==, 1);
  g_assert_cmpuint (dsacks, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/engine/lessons/scripts-start-waiting", test_scripts_start_waiting);
  g_test_add_func ("/engine/lessons/list", test_lessons_list);
  for (guint i = 0; i < G_N_ELEMENTS (lessons); i++)
    {
      g_autofree char *path = g_strdup_printf ("/engine/lessons/%s", lessons[i].id);

      g_test_add_data_func (path, &lessons[i], test_lesson);
    }
  g_test_add_func ("/engine/lessons/connection-refused-rst", test_lesson_refused_rst);
  g_test_add_func ("/engine/lessons/narration", test_lessons_narration);
  g_test_add_func ("/engine/lessons/close-segments/close-piggyback", test_lessons_close_piggyback_segments);
  g_test_add_func ("/engine/lessons/close-segments/four-way-close", test_lessons_four_way_close_segments);
  g_test_add_func ("/engine/lessons/time-wait-length/linux", test_lessons_time_wait_linux);
  g_test_add_func ("/engine/lessons/time-wait-length/rfc", test_lessons_time_wait_rfc);
  g_test_add_func ("/engine/lessons/time-wait-restart", test_lessons_time_wait_restart);
  g_test_add_func ("/engine/lessons/description/fast-retransmit", test_description_fast_retransmit);
  g_test_add_func ("/engine/lessons/description/slow-start", test_description_slow_start);
  g_test_add_func ("/engine/lessons/description/sack", test_description_sack);
  g_test_add_func ("/engine/lessons/description/close-piggyback", test_description_close_piggyback);
  g_test_add_func ("/engine/lessons/description/tcp-vs-udp", test_description_tcp_vs_udp);
  g_test_add_func ("/engine/lessons/description/timeout-cwnd", test_description_timeout_cwnd);
  g_test_add_func ("/engine/lessons/description/full-connection", test_description_full_connection);
  g_test_add_func ("/engine/lessons/description/three-way-handshake", test_description_three_way_handshake);
  g_test_add_func ("/engine/lessons/description/four-way-close", test_description_four_way_close);
  g_test_add_func ("/engine/lessons/description/server-closes-first", test_description_server_closes_first);
  g_test_add_func ("/engine/lessons/description/simultaneous-open", test_description_simultaneous_open);
  g_test_add_func ("/engine/lessons/description/simultaneous-close", test_description_simultaneous_close);
  g_test_add_func ("/engine/lessons/description/half-close", test_description_half_close);
  g_test_add_func ("/engine/lessons/description/connection-refused", test_description_connection_refused);
  g_test_add_func ("/engine/lessons/description/abort-rst", test_description_abort_rst);
  g_test_add_func ("/engine/lessons/description/close-unread-rst", test_description_close_unread_rst);
  g_test_add_func ("/engine/lessons/description/keepalive", test_description_keepalive);
  g_test_add_func ("/engine/lessons/description/syn-lost", test_description_syn_lost);
  g_test_add_func ("/engine/lessons/description/synack-lost", test_description_synack_lost);
  g_test_add_func ("/engine/lessons/description/time-wait", test_description_time_wait);
  g_test_add_func ("/engine/lessons/description/sliding-window", test_description_sliding_window);
  g_test_add_func ("/engine/lessons/description/zero-window", test_description_zero_window);
  g_test_add_func ("/engine/lessons/description/delayed-ack", test_description_delayed_ack);
  g_test_add_func ("/engine/lessons/description/piggyback-ack", test_description_piggyback_ack);
  g_test_add_func ("/engine/lessons/description/nagle", test_description_nagle);
  g_test_add_func ("/engine/lessons/description/data-loss-rto", test_description_data_loss_rto);
  g_test_add_func ("/engine/lessons/description/tail-loss-probe", test_description_tail_loss_probe);
  g_test_add_func ("/engine/lessons/description/cubic-vs-reno", test_description_cubic_vs_reno);
  g_test_add_func ("/engine/lessons/description/dsack", test_description_dsack);

  return g_test_run ();
}
