/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-narration.h: why each step happened, and the sentence that says so. */

#pragma once

#include "hs-trace.h"

G_BEGIN_DECLS

/* Stored in HsTraceStep.reason. The engine records the reason; the sentence
 * is formatted on demand, in the user's language, by
 * hs_narration_format_step(). */
typedef enum
{
  HS_REASON_NONE,

  /* segments sent */
  HS_REASON_SEND_SYN,                 /* active OPEN */
  HS_REASON_SEND_SYN_ACK,             /* answer to a SYN in LISTEN */
  HS_REASON_SEND_SYN_ACK_SIMULTANEOUS,/* simultaneous open: SYN+ACK with the own ISN */
  HS_REASON_SEND_SYN_ACK_AGAIN,       /* answer to a retransmitted SYN in SYN-RECEIVED */
  HS_REASON_SEND_ACK_HANDSHAKE,       /* third segment of the handshake */
  HS_REASON_SEND_ACK_SIMULTANEOUS,    /* simultaneous open: the ACK of the peer's SYN+ACK */
  HS_REASON_SEND_DATA,
  HS_REASON_SEND_DATA_LIMITED_TRANSMIT,/* new data beyond cwnd on the first duplicate ACKs (RFC 3042) */
  HS_REASON_SEND_DATA_AFTER_IDLE,     /* the first new data after cwnd restarted from idle (RFC 5681 4.1) */
  HS_REASON_SEND_DATA_FIN,            /* the last data and the FIN in one segment, after close() */
  HS_REASON_SEND_DATA_FIN_SHUTDOWN,   /* the same after shutdown(SHUT_WR) */
  HS_REASON_SEND_ACK_DATA,            /* acknowledges data at once */
  HS_REASON_SEND_ACK_DELAYED,         /* the delayed-ACK timer fired */
  HS_REASON_SEND_ACK_FIN,             /* acknowledges the peer's FIN */
  HS_REASON_SEND_FIN,                 /* the application called close(): it reads no more either */
  HS_REASON_SEND_FIN_SHUTDOWN,        /* shutdown(SHUT_WR): it can still receive */
  HS_REASON_SEND_RST_CLOSED,          /* a segment reached a port nobody listens on */
  HS_REASON_SEND_RST_ABORT,           /* the application aborted */
  HS_REASON_SEND_RST_BAD_ACK,         /* an ACK for something never sent, in a non-synchronized state */
  HS_REASON_SEND_RST_DATA_AFTER_CLOSE,/* data for an application that has closed */
  HS_REASON_SEND_RST_CLOSE_UNREAD,    /* close() while received data is unread (RFC 1122 4.2.2.13) */
  HS_REASON_SEND_ACK_UNACCEPTABLE,    /* answer to a segment outside the window (old duplicate) */
  HS_REASON_SEND_ACK_OUT_OF_ORDER,    /* duplicate ACK for data past a hole: the same ack, no data, the same window */
  HS_REASON_SEND_ACK_GAP_ADVANCED,    /* an ACK at once for a gap that moves the ack forward: not a duplicate */
  HS_REASON_SEND_ACK_GAP_WINDOW,      /* the same ack at once for a gap, with another window: not a duplicate */
  HS_REASON_SEND_ACK_GAP_FILLED,      /* the data filled the gap: everything held is acknowledged at once */
  HS_REASON_SEND_CHALLENGE_ACK,       /* RFC 5961: SYN or inexact RST in a synchronized state */
  HS_REASON_SEND_ACK_TIME_WAIT,       /* TIME-WAIT answers a retransmitted FIN */
  HS_REASON_SEND_WINDOW_PROBE,
  HS_REASON_SEND_WINDOW_UPDATE,
  HS_REASON_SEND_KEEPALIVE,           /* the keepalive timer: a probe after the idle time */
  HS_REASON_SEND_RST_KEEPALIVE,       /* Linux: keepalive probes unanswered, the connection is reset */
  HS_REASON_RETRANSMIT_TIMEOUT,       /* the retransmission timer expired for this segment */
  HS_REASON_RETRANSMIT_GO_BACK_N,     /* after an RTO, an ACK lets the next old segment go again */
  HS_REASON_RETRANSMIT_FAST,          /* third duplicate ACK */
  HS_REASON_RETRANSMIT_PARTIAL_ACK,   /* NewReno: a partial ACK in fast recovery (RFC 6582) */
  HS_REASON_RETRANSMIT_SACK,          /* a hole the SACK scoreboard shows (RFC 6675) */

  HS_REASON_SEND_DATAGRAM,            /* UDP */

  /* segments arriving */
  HS_REASON_ARRIVE_ACCEPTED,
  HS_REASON_ARRIVE_FIN,               /* the peer's FIN, in order: it sends no more */
  HS_REASON_ARRIVE_ACK_CWND_UNUSED,   /* an ACK of new data that did not grow cwnd: not in use (Linux) */
  HS_REASON_ARRIVE_RECOVERY_END,      /* the full ACK that ends fast recovery (RFC 6582 3.2 (3)) */
  HS_REASON_ARRIVE_DUPLICATE,         /* nothing new in it: old duplicate */
  HS_REASON_ARRIVE_OUT_OF_ORDER,      /* beyond RCV.NXT: held until the hole fills */
  HS_REASON_ARRIVE_CLOSED_PORT,       /* no TCB, no listener */
  HS_REASON_ARRIVE_RST,               /* a valid RST: the connection is reset */
  HS_REASON_ARRIVE_RST_IGNORED,       /* an RST that fails validation */
  HS_REASON_ARRIVE_RST_LISTEN,        /* SYN-RECEIVED from a passive open returns to LISTEN */
  HS_REASON_ARRIVE_BAD_ACK,           /* SYN-SENT or SYN-RECEIVED: unacceptable ACK */
  HS_REASON_ARRIVE_IGNORED,           /* dropped without an answer */
  HS_REASON_ARRIVE_DATAGRAM,          /* UDP: handed to the application as it is */
  HS_REASON_ARRIVE_DATAGRAM_LATE,     /* UDP: after a datagram sent later */

  /* the network */
  HS_REASON_LOST_SCRIPTED,            /* the lesson drops exactly this segment */
  HS_REASON_LOST_RANDOM,              /* random loss at the configured rate */
  HS_REASON_LOST_QUEUE,               /* the bottleneck queue is full */

  /* timers */
  HS_REASON_TIMER_FIRED,
  HS_REASON_TIMER_GAVE_UP,            /* retries exhausted: the connection times out */

  /* application */
  HS_REASON_APP,
  HS_REASON_APP_CALL_FAILED,          /* the call returned an error; the script stops */
  HS_REASON_APP_UDP,                  /* a call on a UDP socket: nothing goes on the wire */
  HS_REASON_APP_NAGLE,                /* a write Nagle's algorithm holds back, in part or whole */
  HS_REASON_APP_MORE,                 /* a write with MSG_MORE */

  /* captured connections (src/capture/): what a segment seen on the wire
   * shows, with Wireshark's analysis, and states inferred from the capture */
  HS_REASON_CAPTURED_RETRANSMISSION,  /* value: µs since the previous copy */
  HS_REASON_CAPTURED_FAST_RETRANSMISSION,
  HS_REASON_CAPTURED_SPURIOUS_RETRANSMISSION,
  HS_REASON_CAPTURED_OUT_OF_ORDER,
  HS_REASON_CAPTURED_LOST_SEGMENT,    /* value: the relative sequence number the capture expected */
  HS_REASON_CAPTURED_ACK_UNSEEN,      /* acknowledges data the capture never saw */
  HS_REASON_CAPTURED_DUPLICATE_ACK,   /* value: its number, from 1 */
  HS_REASON_CAPTURED_ZERO_WINDOW,
  HS_REASON_CAPTURED_WINDOW_FULL,
  HS_REASON_CAPTURED_WINDOW_UPDATE,
  HS_REASON_CAPTURED_KEEP_ALIVE,
  HS_REASON_CAPTURED_ZERO_WINDOW_PROBE, /* Linux's: no data, seq one below; Wireshark says keep-alive */
  HS_REASON_CAPTURED_PROBE_ACK,       /* answers a keep-alive or a window probe */
  HS_REASON_CAPTURED_ACK,             /* acknowledges new data */
  HS_REASON_CAPTURED_RST,
  HS_REASON_CAPTURED_STATE_UNCERTAIN, /* a state change guessed across packets missing from the capture */
  HS_REASON_CAPTURED_SACK_WINDOW_UPDATE, /* a duplicate ACK with SACK blocks that Wireshark calls a window update */

  /* added later: numbered after the rest so that recordings keep theirs */
  HS_REASON_RETRANSMIT_PROBE,         /* RFC 8985: the tail loss probe resends the last segment */
  HS_REASON_LOST_HOST_DOWN,           /* it reached a host that is down: nothing takes it */
  HS_REASON_SEND_OLD_DUPLICATE,       /* the network delivers a copy from an earlier connection */
  HS_REASON_SEND_FRAGMENT,            /* UDP: one IP fragment of a datagram larger than the MTU */
  HS_REASON_ARRIVE_FRAGMENT,          /* UDP: a fragment is held until the whole datagram is in */
  HS_REASON_ARRIVE_REASSEMBLED,       /* UDP: the last fragment completes the datagram */
  HS_REASON_APP_EMSGSIZE,             /* UDP: send() of more than 65,507 bytes fails with EMSGSIZE */
  HS_REASON_SEND_DATA_PRR,            /* new data that proportional rate reduction lets out in recovery (RFC 6937) */
  HS_REASON_RETRANSMIT_PRR,           /* in recovery, a partial ACK: the next unacknowledged segment, as PRR allows */
  HS_REASON_SEND_DATA_PROBE,          /* RFC 8985 7.3: the tail loss probe sends new data */
  HS_REASON_ARRIVE_UNDO,              /* an ACK that shows the loss was spurious: cwnd and ssthresh go back */
  HS_REASON_ARRIVE_PRR_HOLD,          /* a duplicate ACK in recovery for which PRR lets nothing out:
                                       * its proportional share has gone already */
  HS_REASON_ARRIVE_PRR_FULL,          /* the same, because the flight is at ssthresh */
  HS_REASON_RETRANSMIT_RACK,          /* RACK (RFC 8985) marked the segment lost: one sent after it was
                                       * delivered, and a round trip and the reordering window have passed */
  HS_REASON_RETRANSMIT_RACK_AGAIN,    /* in recovery, RACK found a retransmission lost too: a segment sent
                                       * after it was SACKed a round trip later */
  /* lessons with several sockets (hosts, listen queues) */
  HS_REASON_ARRIVE_SYN_CHILD,         /* a listening socket takes a SYN: a new socket in its SYN queue */
  HS_REASON_ARRIVE_SYN_QUEUE_FULL,    /* the SYN queue is full and SYN cookies are off: the SYN is dropped */
  HS_REASON_ARRIVE_SYN_ACCEPT_FULL,   /* the accept queue is full: Linux drops the SYN */
  HS_REASON_ARRIVE_SYN_COOKIE,        /* the SYN queue is full: answered with a SYN cookie, nothing kept */
  HS_REASON_ARRIVE_COOKIE_ACK,        /* an ACK returns a valid cookie: the connection is rebuilt from it */
  HS_REASON_ARRIVE_COOKIE_BAD,        /* an ACK to a listening socket that returns no cookie of its: RST */
  HS_REASON_ARRIVE_ACK_ACCEPT_FULL,   /* the handshake's last ACK is dropped: the accept queue is full */
  HS_REASON_ARRIVE_TIME_WAIT_SYN,     /* a SYN above RCV.NXT ends TIME-WAIT: a new connection (RFC 6191) */
  HS_REASON_ARRIVE_NO_SOCKET,         /* no socket has the 4-tuple: the host's kernel answers (3.10.7.1) */
  HS_REASON_ARRIVE_NO_ROOM,           /* the trace has no room for another socket: the SYN is dropped */
  HS_REASON_APP_ACCEPT,               /* accept() takes the oldest connection of the accept queue */
  HS_REASON_APP_EADDRINUSE,           /* bind() fails: another socket of the host has the port */
  HS_REASON_APP_EADDRNOTAVAIL,        /* connect() fails: the 4-tuple is still held (TIME-WAIT) */
  HS_REASON_SEND_SYN_COOKIE,          /* a SYN+ACK whose ISN is a SYN cookie */
  HS_REASON_SEND_SYN_FORGED,          /* an attacker's SYN from a forged source address */
  HS_REASON_ARRIVE_FORGED,            /* a segment for a forged address: nobody there answers */
  HS_REASON_APP_FLOOD,                /* an attacker starts its flood */
  HS_REASON_ARRIVE_TIME_WAIT_SYN_OLD, /* a SYN not above RCV.NXT meets TIME-WAIT: it stays (RFC 6191) */
  HS_REASON_SEND_TIME_WAIT_ACK,       /* TIME-WAIT answers such a SYN with the old connection's ACK */

  HS_N_REASONS
} HsReason;

/* The step's sentence in the user's language; newly allocated. Sentences are
 * whole (never assembled from fragments) so translators may reorder them. */
char       *hs_narration_format_step     (HsTrace     *trace,
                                          guint        step);

/* Runs of similar steps (a burst and its ACKs in one round trip, the
 * duplicate ACKs of a recovery, UDP datagrams) that a reader is told in
 * one summary rather than step by step; each step keeps its own sentence.
 * hs_narration_run_length() is how many steps from @first make one run:
 * 1 when the step is told on its own (a key moment, or too short a run).
 * Scanning a trace run by run reads each step a bounded number of times. */
guint       hs_narration_run_length      (HsTrace     *trace,
                                          guint        first);

/* The summary of the run of @n_steps steps from @first, in the user's
 * language: whole sentences with the counts and the values that changed;
 * newly allocated. */
char       *hs_narration_format_run      (HsTrace     *trace,
                                          guint        first,
                                          guint        n_steps);

/* The run that @step belongs to: its first step and how many steps it
 * holds (@step and 1 for a step told on its own). Runs are found from the
 * start of the trace, as hs_narration_run_length() cuts them for a reader
 * going through it; what was found is kept with the trace, so asking for
 * every step in turn reads each step a bounded number of times. */
void        hs_narration_find_run        (HsTrace     *trace,
                                          guint        step,
                                          guint       *first,
                                          guint       *n_steps);

/* For a trace that runs the same scripts over TCP and over UDP (a lesson
 * with Transport=compare), what each delivered of the messages the
 * applications sent: "In the end TCP delivered 10 of 10 messages, in
 * order; UDP delivered 7 of 10, 2 of them out of order." Counted from
 * the trace; NULL for any other trace. Newly allocated. */
char       *hs_narration_format_tally    (HsTrace     *trace);

/* An endpoint's name as it stands inside a sentence, in the user's language:
 * the endpoints named "client" and "server" become "the client" and "the
 * server"; any other name is used as the lesson spells it. */
/* For step @index, a read (an HS_NOTIFY_DATA step) on TCP: where its bytes
 * begin in the stream (from 0) and which of the peer's writes (numbered
 * from 1) they came from. FALSE for any other step, or when the writes
 * are not in the trace. */
gboolean    hs_narration_read_writes     (HsTrace     *trace,
                                          guint        index,
                                          guint64     *first_byte,
                                          guint       *first_write,
                                          guint       *last_write);
const char *hs_narration_endpoint_name   (HsTrace     *trace,
                                          guint        endpoint);

/* "SYN-SENT", the RFC spelling: state names are not translated. */
const char *hs_narration_state_name      (HsState      state);

G_END_DECLS
