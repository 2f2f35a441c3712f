/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-trace.h: what happened in a connection, step by step; the one model that
 * the diagram, the narration, the exports and the tests all read. */

#pragma once

#include <glib-object.h>

#include "hs-segment.h"
#include "hs-types.h"

G_BEGIN_DECLS

/* Sockets a trace can hold: each connection's two, a listening socket,
 * and a host's own kernel replying for ports with no socket. */
#define HS_TRACE_MAX_ENDPOINTS 32
#define HS_TRACE_NONE          G_MAXUINT

typedef enum
{
  HS_FATE_DELIVERED,   /* arrived at the peer */
  HS_FATE_LOST,        /* dropped by the network */
  HS_FATE_IN_FLIGHT,   /* the simulation ended before it arrived */
  HS_FATE_CAPTURED,    /* read from a capture: seen on the wire, fate unknown */
} HsSegmentFate;

/* Why a segment is worth a second look; several may be set. */
typedef enum
{
  HS_MARK_RETRANSMISSION = 1 << 0,  /* carries sequence space sent before */
  HS_MARK_DUPLICATE_ACK  = 1 << 1,  /* repeats the previous ACK, no data, same window */
  HS_MARK_WINDOW_PROBE   = 1 << 2,  /* sent by the persist timer into a zero window */
  HS_MARK_WINDOW_UPDATE  = 1 << 3,  /* only opens the window */
  HS_MARK_DELAYED_ACK    = 1 << 4,  /* sent when the delayed-ACK timer fired */
  HS_MARK_DUPLICATED     = 1 << 5,  /* a second copy made by the network */
  HS_MARK_ZERO_WINDOW    = 1 << 6,  /* advertises a window of 0 */
  HS_MARK_KEEPALIVE      = 1 << 7,
} HsSegmentMark;

/* What Wireshark's TCP analysis says about a captured segment, with
 * Wireshark's meanings; several may be set. Wireshark also shows
 * tcp.analysis.retransmission for a fast or spurious retransmission. */
typedef enum
{
  HS_ANALYSIS_RETRANSMISSION          = 1 << 0,
  HS_ANALYSIS_FAST_RETRANSMISSION     = 1 << 1,
  HS_ANALYSIS_SPURIOUS_RETRANSMISSION = 1 << 2,  /* data the peer had already acknowledged */
  HS_ANALYSIS_OUT_OF_ORDER            = 1 << 3,
  HS_ANALYSIS_LOST_SEGMENT            = 1 << 4,  /* previous segment not captured */
  HS_ANALYSIS_ACK_LOST_SEGMENT        = 1 << 5,  /* ACKed segment that was not captured */
  HS_ANALYSIS_DUPLICATE_ACK           = 1 << 6,
  HS_ANALYSIS_ZERO_WINDOW             = 1 << 7,
  HS_ANALYSIS_WINDOW_FULL             = 1 << 8,
  HS_ANALYSIS_ZERO_WINDOW_PROBE       = 1 << 9,
  HS_ANALYSIS_ZERO_WINDOW_PROBE_ACK   = 1 << 10,
  HS_ANALYSIS_WINDOW_UPDATE           = 1 << 11,
  HS_ANALYSIS_KEEP_ALIVE              = 1 << 12,
  HS_ANALYSIS_KEEP_ALIVE_ACK          = 1 << 13,
  HS_ANALYSIS_REUSED_PORTS            = 1 << 14,  /* a SYN starts a new connection on the same ports */
} HsSegmentAnalysis;

#define HS_N_SEGMENT_ANALYSES 15

typedef enum
{
  HS_STEP_APP_CALL,         /* an application called connect, send, close, ... */
  HS_STEP_APP_NOTIFY,       /* an application learns something (established, data, EOF, error) */
  HS_STEP_SEGMENT_SENT,
  HS_STEP_SEGMENT_ARRIVED,
  HS_STEP_SEGMENT_LOST,     /* the network drops a segment (timed half-way along its path) */
  HS_STEP_STATE_CHANGE,
  HS_STEP_TIMER,            /* a timer fired */
} HsStepKind;

typedef enum
{
  HS_APP_LISTEN,
  HS_APP_CONNECT,
  HS_APP_SEND,
  HS_APP_READ,
  HS_APP_SHUTDOWN,
  HS_APP_CLOSE,
  HS_APP_ABORT,
  HS_APP_CORK,              /* setsockopt(TCP_CORK, 1) */
  HS_APP_UNCORK,            /* setsockopt(TCP_CORK, 0) */
  HS_APP_SHUTDOWN_READ,     /* shutdown(SHUT_RD) */
  HS_APP_KILL,              /* the process is killed; the kernel closes its socket */
  HS_APP_CRASH,             /* the host goes down (power cut): its TCBs are lost */
  HS_APP_REBOOT,            /* the host is up again, with no TCB */
  HS_APP_ACCEPT,            /* accept(): takes a connection from a listener's accept queue */
  HS_APP_FLOOD,             /* an attacker starts sending forged SYNs (value: how many) */
  HS_N_APP_CALLS /*< skip >*/
} HsAppCall;

typedef enum
{
  HS_NOTIFY_ESTABLISHED,    /* connect() returns / accept() returns */
  HS_NOTIFY_DATA,           /* bytes handed to the application */
  HS_NOTIFY_EOF,            /* read() returns 0: the peer's FIN, after all its data */
  HS_NOTIFY_REFUSED,        /* connection refused: RST in SYN-SENT */
  HS_NOTIFY_RESET,          /* connection reset by peer */
  HS_NOTIFY_TIMED_OUT,      /* retransmissions exhausted */
  HS_NOTIFY_CLOSED,         /* the TCB is deleted */
  HS_N_NOTIFIES /*< skip >*/
} HsNotify;

typedef enum
{
  HS_TIMER_RETRANSMISSION,
  HS_TIMER_TIME_WAIT,
  HS_TIMER_DELAYED_ACK,
  HS_TIMER_PERSIST,
  HS_TIMER_KEEPALIVE,
  HS_TIMER_LOSS_PROBE,      /* RFC 8985's tail loss probe (Linux ICSK_TIME_LOSS_PROBE) */
  HS_TIMER_REORDER,         /* RFC 8985's RACK reordering timer (Linux ICSK_TIME_REO_TIMEOUT) */
  HS_N_TIMERS /*< skip >*/
} HsTimerKind;

typedef struct
{
  char    *name;           /* "client", "server" */
  char    *address;        /* "10.0.0.1" */
  guint16  port;
  gboolean has_isn;        /* FALSE for an endpoint that never sent a SYN */
  guint32  isn;
  guint32  rel_base;       /* what relative numbers count from, as Wireshark does */
  guint8   transport;      /* HsTransport: a UDP endpoint has no states, no seq/ack */
  /* The host the socket is on (an index for hs_trace_get_host()), or
   * HS_TRACE_NONE in a trace that names no hosts: there every endpoint is a
   * host of its own, and has a lane of its own. */
  guint    host;
  /* The connection the socket belongs to, counted from 0 in the order the
   * connections started; HS_TRACE_NONE for a socket in none (a listening
   * socket, or a host's kernel answering for a port no socket has). A
   * trace of one connection has 0 for both endpoints. */
  guint    connection;
} HsTraceEndpoint;

/* A machine with an address and any number of sockets: one lane of the
 * diagram when the trace names hosts. */
typedef struct
{
  char    *name;           /* "client", "server", "attacker" */
  char    *address;        /* "10.0.0.1" */
} HsTraceHost;

typedef struct
{
  guint         index;      /* 0-based; exports number from 1 */
  guint8        from;       /* endpoint index */
  guint8        to;
  guint8        fate;       /* HsSegmentFate */
  guint8        marks;      /* HsSegmentMark */
  guint32       len;        /* payload bytes */
  guint32       window;     /* advertised window in bytes, after scaling */
  HsTime        sent;
  HsTime        arrived;    /* HS_TIME_NONE unless delivered */
  guint         sent_step;
  guint         end_step;   /* arrival or loss step; HS_TRACE_NONE while in flight */
  HsTcpHeader   header;
} HsTraceSegment;

typedef struct
{
  HsTime   time;
  guint8   kind;        /* HsStepKind */
  guint8   endpoint;    /* where it happens */
  guint8   detail;      /* HsAppCall, HsNotify or HsTimerKind */
  guint8   from_state;  /* HsState, for HS_STEP_STATE_CHANGE */
  guint8   to_state;
  guint16  reason;      /* HsReason: why, for the narration */
  guint    segment;     /* the segment involved, or HS_TRACE_NONE */
  guint    cause;       /* the step that led to this one, or HS_TRACE_NONE */
  guint64  value;       /* a number for the narration: bytes, attempt, timeout in µs */
} HsTraceStep;

/* An endpoint's transmission control block after a step changed it. */
typedef struct
{
  guint    step;
  guint8   endpoint;
  guint8   state;
  guint32  snd_una;
  guint32  snd_nxt;
  guint32  snd_wnd;
  guint32  snd_wl1;
  guint32  snd_wl2;
  guint32  iss;
  guint32  rcv_nxt;
  guint32  rcv_wnd;
  guint32  irs;
  guint32  cwnd;
  guint32  ssthresh;
  guint32  in_flight;
  guint32  send_buffered;  /* bytes written by the application, not yet acknowledged */
  guint32  recv_buffered;  /* bytes received, not yet read by the application */
  HsTime   rto;
  HsTime   srtt;           /* 0 until the first RTT sample */
  /* The round trip in µs the endpoint measured in the event that ended
   * with this snapshot (never from a retransmitted segment: Karn's rule),
   * 0 when it measured none; a sample of 0 µs reads 1. */
  guint32  rtt_sample;
  /* What is still in the network (RFC 6675 "pipe", Linux's
   * tcp_packets_in_flight() in bytes): in_flight less what SACK blocks
   * report arrived and the holes presumed lost. What cwnd limits, and
   * what the congestion plot draws as bytes in flight. */
  guint32  pipe;
  /* A listening socket's queues (a lesson with several sockets, see
   * docs/lessons.md): connections in its SYN queue (handshake not done,
   * SYN-RECEIVED) and in its accept queue (established, not yet taken by
   * accept()), after the step; 0 for any other socket and in every trace
   * of one connection. A renderer reads them per step with
   * hs_trace_get_tcb_at (trace, step, listener): a new snapshot is taken
   * whenever either changes. The SYN queue is what a SYN flood fills. */
  guint32  syn_queue;
  guint32  accept_queue;
} HsTcbSnapshot;

#define HS_TYPE_TRACE (hs_trace_get_type ())
G_DECLARE_FINAL_TYPE (HsTrace, hs_trace, HS, TRACE, GObject)

HsTrace               *hs_trace_new                  (void);

/* Reading */
guint                  hs_trace_get_n_endpoints      (HsTrace   *self);
const HsTraceEndpoint *hs_trace_get_endpoint         (HsTrace   *self,
                                                      guint      endpoint);
/* Hosts: none in a trace of one connection between two endpoints (each
 * endpoint is then its own host), as in every trace before connections
 * could share a host. */
guint                  hs_trace_get_n_hosts          (HsTrace   *self);
const HsTraceHost     *hs_trace_get_host             (HsTrace   *self,
                                                      guint      host);
/* 1 + the highest connection of any endpoint; 0 for a trace with no
 * endpoint in a connection. */
guint                  hs_trace_get_n_connections    (HsTrace   *self);
/* The connection @segment belongs to: its sender's, or when the sender is
 * in none (a host's kernel resetting an unknown 4-tuple) its receiver's;
 * HS_TRACE_NONE when neither is in one. */
guint                  hs_trace_segment_get_connection (HsTrace              *self,
                                                        const HsTraceSegment *segment);
/* Segments, steps and snapshots are kept encoded, a block of them at a
 * time, once the writer is done with them. A getter decodes the block it
 * reads from and keeps it decoded: the pointer stays valid until the trace
 * is written to again, hs_trace_trim() is called or the trace is freed.
 * hs_trace_read_segment() and hs_trace_read_step() copy a record out and
 * keep no more than one block decoded: for reading a long trace once
 * through, as the exporters do. */
guint                  hs_trace_get_n_segments       (HsTrace   *self);
const HsTraceSegment  *hs_trace_get_segment          (HsTrace   *self,
                                                      guint      index);
void                   hs_trace_read_segment         (HsTrace        *self,
                                                      guint           index,
                                                      HsTraceSegment *segment);
guint                  hs_trace_get_n_steps          (HsTrace   *self);
const HsTraceStep     *hs_trace_get_step             (HsTrace   *self,
                                                      guint      index);
void                   hs_trace_read_step            (HsTrace     *self,
                                                      guint        index,
                                                      HsTraceStep *step);
/* The state of @endpoint once @step has happened; HS_TRACE_NONE gives the
 * state before the first step. O(log n) in the endpoint's state changes. */
HsState                hs_trace_get_state_at         (HsTrace   *self,
                                                      guint      step,
                                                      guint      endpoint);
/* The newest snapshot of @endpoint's TCB taken at or before @step, or NULL
 * (always NULL for HS_TRACE_NONE). O(log n). */
const HsTcbSnapshot   *hs_trace_get_tcb_at           (HsTrace   *self,
                                                      guint      step,
                                                      guint      endpoint);
guint                  hs_trace_get_n_snapshots      (HsTrace   *self);
const HsTcbSnapshot   *hs_trace_get_snapshot         (HsTrace   *self,
                                                      guint      index);
/* The first step at or after @time (n_steps when none). */
guint                  hs_trace_find_step_at_time    (HsTrace   *self,
                                                      HsTime     time);
HsTime                 hs_trace_get_end_time         (HsTrace   *self);
/* Relative sequence and acknowledgement numbers, as Wireshark shows them:
 * counted from the endpoint's ISN, or for an endpoint that never sent a SYN
 * from its first segment's sequence number less one. rel_ack is 0 when the
 * segment has no ACK. */
guint32                hs_trace_segment_rel_seq      (HsTrace              *self,
                                                      const HsTraceSegment *segment);
guint32                hs_trace_segment_rel_ack      (HsTrace              *self,
                                                      const HsTraceSegment *segment);
/* A free-form record of what produced the trace (lesson id, seed, profile,
 * parameters), in insertion order, for the JSON export and the inspector.
 * Setting a key again keeps its place; a NULL value removes it. */
void                   hs_trace_set_parameter        (HsTrace    *self,
                                                      const char *key,
                                                      const char *value);
const char            *hs_trace_get_parameter        (HsTrace    *self,
                                                      const char *key);
/* NULL-terminated list of keys, in insertion order; owned by the trace and
 * valid until the next hs_trace_set_parameter(). */
const char * const    *hs_trace_get_parameter_keys   (HsTrace    *self);
/* What the trace shows, in the user's language ("Three-way handshake"), for
 * window titles and exports; NULL when nobody named it. */
const char            *hs_trace_get_title            (HsTrace    *self);
void                   hs_trace_set_title            (HsTrace    *self,
                                                      const char *title);

/* Writing (the simulator and the capture reader build traces). Steps are
 * added in non-decreasing time. A SYN from an endpoint without an ISN sets
 * it. */
guint                  hs_trace_add_endpoint         (HsTrace    *self,
                                                      const char *name,
                                                      const char *address,
                                                      guint16     port,
                                                      HsState     initial_state);
/* A host for endpoints to be put on; returns its index. */
guint                  hs_trace_add_host             (HsTrace    *self,
                                                      const char *name,
                                                      const char *address);
void                   hs_trace_set_endpoint_host    (HsTrace    *self,
                                                      guint       endpoint,
                                                      guint       host);
/* HS_TRACE_NONE for a socket in no connection. */
void                   hs_trace_set_endpoint_connection (HsTrace    *self,
                                                         guint       endpoint,
                                                         guint       connection);
void                   hs_trace_set_endpoint_isn     (HsTrace    *self,
                                                      guint       endpoint,
                                                      guint32     isn);
void                   hs_trace_set_endpoint_transport (HsTrace    *self,
                                                        guint       endpoint,
                                                        HsTransport transport);
/* A segment's transport is its sender's. */
gboolean               hs_trace_segment_is_udp       (HsTrace              *self,
                                                      const HsTraceSegment *segment);
/* One trace with the lanes of @a, then those of @b, their steps and
 * segments interleaved by time (@a first at equal times): two runs shown
 * side by side, such as the same transfer over TCP and over UDP. @b's
 * connections are numbered after @a's, and its hosts are its own. */
HsTrace               *hs_trace_new_merged           (HsTrace   *a,
                                                      HsTrace   *b);
guint                  hs_trace_add_step             (HsTrace           *self,
                                                      const HsTraceStep *step);
/* Appends a segment; fills in index. Returns the index. */
guint                  hs_trace_add_segment          (HsTrace              *self,
                                                      const HsTraceSegment *segment);
/* The segment can be completed later: arrival or loss. The pointer is valid
 * until the next hs_trace_add_segment(). */
HsTraceSegment        *hs_trace_peek_segment         (HsTrace   *self,
                                                      guint      index);
/* The step's reason and segment can be completed once known. The pointer is
 * valid until the next hs_trace_add_step(). Changing kind, endpoint or
 * states is not allowed. */
HsTraceStep           *hs_trace_peek_step            (HsTrace   *self,
                                                      guint      index);
/* Snapshots are added in non-decreasing step, whatever their endpoint. */
void                   hs_trace_add_snapshot         (HsTrace             *self,
                                                      const HsTcbSnapshot *snapshot);
/* The writer is done: encode everything it may no longer change. */
void                   hs_trace_compact              (HsTrace   *self);
/* Forget the blocks decoded for reading (see hs_trace_get_segment()). */
void                   hs_trace_trim                 (HsTrace   *self);
/* Decodes every block at once, so that the getters (not the _read_
 * functions) only read from then on: until the trace is written to again
 * or trimmed, any number of threads may call them at the same time, as a
 * view does while it lays a long trace out in a thread. */
void                   hs_trace_decode               (HsTrace   *self);
/* Bytes the trace's records take, encoded and decoded, with their
 * indexes: what a long trace costs in memory. */
gsize                  hs_trace_get_memory_size      (HsTrace   *self);

/* Captured traces (src/capture/). The analysis of a segment (HsSegmentAnalysis
 * bits, 0 when none was recorded, which is always the case for a simulated
 * trace) and, for a duplicate ACK, its number (1 for the first duplicate). */
guint32                hs_trace_get_segment_analysis (HsTrace   *self,
                                                      guint      index,
                                                      guint     *dup_ack_num);
void                   hs_trace_set_segment_analysis (HsTrace   *self,
                                                      guint      index,
                                                      guint32    analysis,
                                                      guint      dup_ack_num);
/* "retransmission", "fast-retransmission", ..., "reused-ports": names for
 * machine formats, never translated; NULL for anything but a single bit. */
const char            *hs_segment_analysis_to_string (HsSegmentAnalysis analysis);
/* What relative numbers of @endpoint count from, where Wireshark's rule
 * differs from hs_trace_add_segment()'s (a capture that starts after the
 * handshake: Wireshark takes the peer's first ACK less one). Set it after
 * the endpoint's first segment is added. */
void                   hs_trace_set_endpoint_rel_base (HsTrace   *self,
                                                       guint      endpoint,
                                                       guint32    rel_base);

G_END_DECLS
