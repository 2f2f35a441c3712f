/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-simulator.c: the discrete-event loop: the network between two
 * endpoints, their applications' scripts, and the trace they leave.
 *
 * Over 1,000 lines on purpose: the event loop, the network paths and the
 * host callbacks the endpoints call for every segment are on the
 * per-segment path that bench-engine measures; in one file the compiler
 * inlines them into each other. */

#define G_LOG_DOMAIN "hs-simulator"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "hs-endpoint.h"
#include "hs-error.h"
#include "hs-event-queue.h"
#include "hs-host.h"
#include "hs-narration.h"
#include "hs-random.h"
#include "hs-simulator.h"
#include "hs-trace-private.h"

#define N_ENDPOINTS 2     /* a lesson without hosts: [Client] and [Server] */
#define MAX_SIDES   HS_TRACE_MAX_ENDPOINTS

/* Bytes of IPv4 and Ethernet framing on top of the TCP segment, for the
 * serialization delay of a bandwidth-limited path. */
#define FRAME_OVERHEAD (14 + 20)

typedef enum
{
  EV_ARRIVAL,       /* arg: segment index */
  EV_LOSS,          /* arg: segment index */
  EV_TIMER,         /* arg: HsTimerKind; never queued, see Timer */
  EV_APP,           /* the application's script continues */
  EV_OLD_DUPLICATE, /* arg: index of the lesson's old duplicate to put on the path */
} EventKind;

/* A TCP timer is re-armed with nearly every segment; kept beside the
 * queue rather than in it, re-arming is a store, and the queue holds no
 * stale expiries. It sorts among queued events by the insertion order it
 * took when armed, exactly as a queued event would. */
typedef struct
{
  HsTime  when;     /* HS_TIME_NONE when not armed */
  HsTime  armed;    /* when it was last set to @when: its step says how long it ran */
  guint64 order;
} Timer;

typedef enum
{
  BLOCK_NONE,
  BLOCK_TIME,
  BLOCK_CONNECT,
  BLOCK_ESTABLISHED,
  BLOCK_BYTES,
  BLOCK_EOF,
  BLOCK_CLOSED,
  BLOCK_READ,        /* block_value bytes still to read */
  BLOCK_SEND,        /* block_value bytes still to write: the send buffer is full */
  BLOCK_LINGER,      /* close() with SO_LINGER: until the FIN is acknowledged or the time is up */
  BLOCK_DONE,        /* the script ended, or the connection failed under it */
  BLOCK_ACCEPT,      /* accept(): until the listener's accept queue has a connection */
} BlockKind;

typedef struct
{
  const HsEndpointConfig *config;
  HsEndpoint *endpoint;
  guint       pc;
  BlockKind   block;
  guint64     block_value;
  guint64     app_token;
  gboolean    established;
  gboolean    failed;
  guint       n_sent;
  gboolean    udp;            /* a UDP socket: no HsEndpoint, no states */
  gboolean    down;           /* the host has crashed: no endpoint until it reboots */
  guint64     udp_received;
  guint       udp_last_index; /* the highest segment index delivered, +1 */
  guint       udp_datagrams;  /* datagrams sent: the IP identification of the next */
  GHashTable *reassembly;     /* datagram id → fragments arrived so far */
  GRand      *rand;           /* this endpoint's own random stream */
  Timer       timers[HS_N_TIMERS];
  GArray     *script;         /* the actions it runs: its group's, or an accepting script's rest */
  guint       path;           /* the path it sends on */
  guint       group;          /* the lesson's socket group it belongs to (drops); G_MAXUINT for none */
  /* A lesson with hosts (hs_scenario_has_hosts()) */
  guint       host;
  const char *address;        /* its host's */
  const char *peer_address;   /* where it is connected, or NULL */
  guint16     peer_port;
  gboolean    kernel;         /* its host's kernel: answers for a port no socket has */
  gboolean    forged;         /* a forged source address of an attacker's SYN: no TCB, no answer */
  guint       flood_left;     /* an attacker's SYNs still to send */
  gboolean    child;          /* made by a listening socket for a SYN */
  gboolean    in_syn_queue;
  gboolean    cookies_sent;   /* a listening socket that has answered with SYN cookies */
  gboolean    cookie;         /* the server's side of a connection answered with a SYN cookie */
  guint       listener;       /* a child's listening socket */
  guint       backlog;        /* a listening socket's */
  guint       syn_queue;      /* its children in SYN-RECEIVED */
  GQueue      accept_queue;   /* its established children accept() has not taken */
  guint       connection;     /* HS_TRACE_NONE until it connects */
  HsEndpointConfig own_config; /* a child's or a kernel's (a copy of its listener's) */
} Side;

/* A first-in first-out queue of fixed-size items, in a ring that doubles
 * when it is full: a path queues and dequeues for every segment. */
typedef struct
{
  guint8 *items;
  gsize   item_size;
  guint   head;
  guint   len;
  guint   mask;       /* the capacity, a power of two, less one */
} Ring;

static void
ring_init (Ring  *ring,
           gsize  item_size)
{
  *ring = (Ring) { NULL, item_size, 0, 0, 0 };
}

static void
ring_clear (Ring *ring)
{
  g_clear_pointer (&ring->items, g_free);
}

static void
ring_grow (Ring *ring)
{
  guint capacity = ring->items == NULL ? 64 : (ring->mask + 1) * 2;
  guint8 *items = g_malloc_n (capacity, ring->item_size);

  for (guint i = 0; i < ring->len; i++)
    memcpy (items + i * ring->item_size,
            ring->items + ((ring->head + i) & ring->mask) * ring->item_size, ring->item_size);
  g_free (ring->items);
  ring->items = items;
  ring->head = 0;
  ring->mask = capacity - 1;
}

/* The @i-th item from the oldest. */
static inline void *
ring_peek (const Ring *ring,
           guint       i)
{
  return ring->items + ((ring->head + i) & ring->mask) * ring->item_size;
}

/* A new slot after the newest item. */
static inline void *
ring_push (Ring *ring)
{
  if (G_UNLIKELY (ring->items == NULL || ring->len > ring->mask))
    ring_grow (ring);
  return ring_peek (ring, ring->len++);
}

static inline void
ring_pop (Ring *ring)
{
  ring->head = (ring->head + 1) & ring->mask;
  ring->len--;
}

typedef struct
{
  const HsPathConfig *config;
  HsRandom            rand;           /* this path's own random stream */
  HsTime              link_free;      /* when the bottleneck can send again */
  HsTime              last_arrival;   /* keeps a FIFO path in order */
  guint               queued;
  Ring                departures;     /* HsTime, for the queue limit */
  Ring                arrivals;       /* HsEvent: a first-in first-out path's
                                       * arrivals, already in order of time, so
                                       * they need no heap */
} Path;

/* What a TCB may not put in the trace while the host rebuilds it from a
 * SYN cookie, or answers a SYN for a listening socket with one. */
#define QUIET_STATES   (1u << 0)
#define QUIET_SEGMENTS (1u << 1)

/* Where the event next_event() found is. */
typedef enum
{
  SOURCE_QUEUE,
  SOURCE_PATH_0,
  SOURCE_PATH_1,
  SOURCE_TIMER,
} EventSource;

typedef struct
{
  HsScenario      *scenario;
  const HsProfile *profile;
  HsTrace         *trace;
  HsEventQueue    *queue;
  HsTime           now;
  guint            cause;
  Side             sides[MAX_SIDES];
  guint            n_sides;
  guint            n_groups;          /* sides made for the lesson's socket groups */
  Path             paths[N_ENDPOINTS];
  guint            n_drops;           /* the scenario's, asked once */
  guint           *drop_matches;      /* per drop spec: matching segments seen */
  EventSource      next_source;
  Timer           *earliest_timer;    /* NULL when it must be looked for again,
                                       * &no_timer when none is armed */
  Timer            no_timer;
  guint            earliest_side;
  guint            earliest_kind;
  HsTcbSnapshot    last_snapshot[MAX_SIDES];  /* what the trace has of each TCB */
  gboolean         has_snapshot[MAX_SIDES];
  guint            rtt_samples_seen[MAX_SIDES];  /* the count of the last snapshot with a sample */
  gboolean         isn_from_old[MAX_SIDES];     /* the trace's ISN is an old duplicate's */
  GError          *error;
  HsTransport      transport;
  /* A lesson with hosts */
  gboolean         hosts;
  guint            quiet;             /* QUIET_*: a TCB rebuilt or answering for a listener */
  guint            reply_to;          /* the sender of the segment being handled */
  guint            n_connections;
  guint32          cookie_secret;
  guint32          seed_words[2];
} Sim;

/* What the caller of a run asked for besides the lesson. */
typedef struct
{
  guint64                  max_steps;
  GCancellable            *cancellable;
  HsSimulatorProgressFunc  progress;
  gpointer                 progress_data;
  guint64                  steps_before;  /* in earlier runs of the same call */
} RunControl;

/* Progress and cancellation are looked at this often: often enough to
 * answer within a few milliseconds, rarely enough to cost nothing. */
#define CHECK_EVERY_STEPS 16384

static void run_scripts (Sim *sim);

static void
push (Sim      *sim,
      HsTime    time,
      EventKind kind,
      guint     endpoint,
      guint     arg,
      guint64   token)
{
  HsEvent ev = { .time = time, .kind = kind, .endpoint = endpoint, .arg = arg, .token = token };

  hs_event_queue_push (sim->queue, &ev);
}

static guint
add_step (Sim        *sim,
          HsStepKind  kind,
          guint       endpoint,
          guint       detail,
          HsReason    reason,
          guint       segment,
          guint64     value)
{
  HsTraceStep step = {
    .time = sim->now,
    .kind = kind,
    .endpoint = endpoint,
    .detail = detail,
    .reason = reason,
    .segment = segment,
    .cause = sim->cause,
    .value = value,
  };

  return hs_trace_add_step_unchecked (sim->trace, &step);
}

/* memcmp() of two snapshots without the call and its branches: a
 * simulation compares one for nearly every step. */
static inline gboolean
snapshot_equal (const HsTcbSnapshot *a,
                const HsTcbSnapshot *b)
{
  guint64 diff = 0;

  G_STATIC_ASSERT (sizeof (HsTcbSnapshot) % sizeof (guint64) == 0);
  for (gsize i = 0; i < sizeof (HsTcbSnapshot); i += sizeof (guint64))
    {
      guint64 x, y;

      memcpy (&x, (const guint8 *) a + i, sizeof x);
      memcpy (&y, (const guint8 *) b + i, sizeof y);
      diff |= x ^ y;
    }
  return diff == 0;
}

static void
snapshot (Sim  *sim,
          guint endpoint,
          guint step)
{
  HsTcbSnapshot s;
  HsTcbSnapshot *last = &sim->last_snapshot[endpoint];
  guint n_samples;
  HsTime sample;

  /* nothing has happened yet when scripts begin by waiting */
  if (sim->sides[endpoint].endpoint == NULL || step == HS_TRACE_NONE)
    return;
  hs_endpoint_snapshot (sim->sides[endpoint].endpoint, &s);
  s.step = step;
  s.syn_queue = sim->sides[endpoint].syn_queue;
  s.accept_queue = sim->sides[endpoint].accept_queue.length;
  /* a sample taken since the last snapshot belongs to this one alone;
   * an event takes one at most (one ACK arrives) */
  n_samples = hs_endpoint_get_rtt_samples (sim->sides[endpoint].endpoint, &sample);
  if (n_samples != sim->rtt_samples_seen[endpoint])
    {
      s.rtt_sample = (guint32) CLAMP (sample, 1, G_MAXUINT32 - 1);
      sim->rtt_samples_seen[endpoint] = n_samples;
    }
  if (sim->has_snapshot[endpoint])
    {
      last->step = step;
      last->rtt_sample = 0;
      if (snapshot_equal (last, &s))
        return;
    }
  *last = s;
  sim->has_snapshot[endpoint] = TRUE;
  hs_trace_add_snapshot_unchecked (sim->trace, &s);
}

static void child_state_changed (Sim *sim, guint index, HsState from, HsState to);

/* HsEndpointHost */

static HsTime
host_now (gpointer data)
{
  return ((Sim *) data)->now;
}

static gboolean
scripted_drop (Sim               *sim,
               guint              from,
               guint              nth,
               const HsTcpHeader *h,
               guint32            len)
{
  gboolean drop = FALSE;

  for (guint i = 0; i < sim->n_drops; i++)
    {
      const HsDropSpec *spec = hs_scenario_get_drop (sim->scenario, i);

      if (spec->endpoint != sim->sides[from].group || !hs_drop_spec_matches (spec, nth, h->flags, len))
        continue;
      if (spec->nth > 0)
        drop = TRUE;
      else
        {
          guint seen = ++sim->drop_matches[i];

          if (seen >= spec->first && seen < spec->first + spec->count)
            drop = TRUE;
        }
    }
  return drop;
}

static HsTime
path_delay (Sim  *sim,
            Path *path)
{
  HsTime delay = path->config->delay;

  if (path->config->jitter > 0)
    {
      HsTime j = (HsTime) hs_random_int_range (&path->rand, 0, (gint32) MIN (2 * path->config->jitter + 1, G_MAXINT32));

      delay += j - path->config->jitter;
      if (delay < 0)
        delay = 0;
    }
  return delay;
}


/* Puts a segment (or a UDP datagram) on the path from @from, decides its
 * fate and schedules its arrival or loss. */
static guint route (Sim *sim, guint from, const HsTcpHeader *header);

static guint
transmit (Sim               *sim,
          guint              from,
          const HsTcpHeader *header,
          guint32            len,
          guint32            window,
          guint8             marks,
          HsReason           reason)
{
  guint to = sim->hosts ? route (sim, from, header) : 1 - from;
  Side *side = &sim->sides[from];
  Path *path = &sim->paths[side->path];
  HsTraceSegment seg = { 0 };
  guint index, step, expected;
  HsReason lost = HS_REASON_NONE;
  HsTime depart = sim->now;
  HsTime arrival;
  gboolean reordered, duplicated;

  if (G_UNLIKELY (sim->quiet & QUIET_SEGMENTS))
    return 0;
  side->n_sent++;

  seg.from = from;
  seg.to = to;
  seg.len = len;
  seg.header = *header;
  seg.marks = marks;
  seg.window = window;
  seg.sent = sim->now;
  seg.arrived = HS_TIME_NONE;
  seg.end_step = HS_TRACE_NONE;
  seg.fate = HS_FATE_IN_FLIGHT;

  /* relative numbers count from the first ISN: a host that reboots and
   * connects again (or an old duplicate SYN) does not renumber the past */
  if ((header->flags & HS_TCP_SYN) &&
      (!hs_trace_get_endpoint (sim->trace, from)->has_isn || sim->isn_from_old[from]))
    {
      hs_trace_set_endpoint_isn (sim->trace, from, header->seq);
      sim->isn_from_old[from] = FALSE;
    }

  /* the segment is added next, under this index */
  expected = hs_trace_get_n_segments_unchecked (sim->trace);
  step = add_step (sim, HS_STEP_SEGMENT_SENT, from, 0, reason, expected, len);
  seg.sent_step = step;

  /* What the network does with it. Every segment takes the same draws
   * from its path's stream whatever happens to it, so that losing one
   * segment on purpose leaves the fate of all the others as it was. */
  {
    double loss_draw = hs_random_double (&path->rand);
    double reorder_draw = hs_random_double (&path->rand);
    double duplicate_draw = hs_random_double (&path->rand);

    if (scripted_drop (sim, from, side->n_sent, header, len))
      lost = HS_REASON_LOST_SCRIPTED;
    else if (loss_draw < path->config->loss)
      lost = HS_REASON_LOST_RANDOM;
    reordered = reorder_draw < path->config->reorder;
    duplicated = duplicate_draw < path->config->duplicate;
  }

  if (path->config->bandwidth > 0)
    {
      HsTime tx = (HsTime) (((guint64) len + HS_TCP_MIN_HEADER_LEN +
                             hs_tcp_options_encoded_length (&header->options) + FRAME_OVERHEAD) *
                            8 * HS_USEC_PER_SEC / path->config->bandwidth);

      /* the queue limit counts segments still waiting for the link */
      while (path->departures.len > 0 && *(HsTime *) ring_peek (&path->departures, 0) <= sim->now)
        ring_pop (&path->departures);
      if (lost == HS_REASON_NONE && path->config->queue_limit > 0 &&
          path->departures.len >= path->config->queue_limit)
        lost = HS_REASON_LOST_QUEUE;
      if (lost == HS_REASON_NONE)
        {
          depart = MAX (sim->now, path->link_free) + tx;
          path->link_free = depart;
          *(HsTime *) ring_push (&path->departures) = depart;
        }
    }

  arrival = depart + path_delay (sim, path);
  if (lost == HS_REASON_NONE && reordered)
    /* held back: it arrives after whatever follows within one delay */
    arrival += MAX (path->config->delay, HS_USEC_PER_MSEC);
  else
    {
      arrival = MAX (arrival, path->last_arrival);
      if (lost == HS_REASON_NONE)
        path->last_arrival = arrival;
    }

  index = hs_trace_add_segment_unchecked (sim->trace, &seg);
  g_assert (index == expected);

  if (lost != HS_REASON_NONE)
    push (sim, sim->now + (arrival - sim->now) / 2, EV_LOSS, to, index, lost);
  else
    {
      if (reordered)
        push (sim, arrival, EV_ARRIVAL, to, index, 0);
      else
        {
          HsEvent ev = {
            .time = arrival,
            .order = hs_event_queue_take_order (sim->queue),
            .kind = EV_ARRIVAL,
            .endpoint = to,
            .arg = index,
          };

          g_assert (path->arrivals.len == 0 ||
                    ((HsEvent *) ring_peek (&path->arrivals, path->arrivals.len - 1))->time <= arrival);
          *(HsEvent *) ring_push (&path->arrivals) = ev;
        }
      if (duplicated)
        {
          HsTraceSegment copy = seg;
          guint copy_index, copy_step;

          copy.marks |= HS_MARK_DUPLICATED;
          copy_step = add_step (sim, HS_STEP_SEGMENT_SENT, from, 0, reason, index + 1, len);
          copy.sent_step = copy_step;
          copy_index = hs_trace_add_segment_unchecked (sim->trace, &copy);
          g_assert (copy_index == index + 1);
          push (sim, arrival + MAX (path->config->delay / 4, 10), EV_ARRIVAL, to, copy_index, 0);
        }
    }

  if (!side->udp && !side->kernel)
    snapshot (sim, from, step);
  return index;
}

/* A segment of an earlier incarnation of the connection, which the
 * network has held somewhere and delivers now (RFC 9293 section 3.5): it
 * is drawn from the lane of the endpoint whose old connection sent it,
 * but that endpoint's TCB has nothing to do with it, so it counts for no
 * drop, takes no draw from the path's random stream, and arrives exactly
 * when the lesson says. */
static void
transmit_old_duplicate (Sim                  *sim,
                        const HsOldDuplicate *dup)
{
  guint from = dup->endpoint;
  HsTraceSegment seg = { 0 };
  guint index, expected;

  seg.from = from;
  seg.to = 1 - from;
  seg.len = dup->len;
  seg.header.src_port = sim->sides[from].config->port;
  seg.header.dst_port = sim->sides[1 - from].config->port;
  seg.header.seq = dup->seq;
  seg.header.ack = dup->ack;
  seg.header.flags = dup->flags;
  seg.header.window = 65535;
  seg.window = 65535;
  /* an old SYN came from the same host, which offered the same MSS */
  if (dup->flags & HS_TCP_SYN)
    {
      seg.header.options.present = HS_TCP_OPT_MSS;
      seg.header.options.mss = sim->sides[from].config->mss;
    }
  seg.sent = sim->now;
  seg.arrived = HS_TIME_NONE;
  seg.end_step = HS_TRACE_NONE;
  seg.fate = HS_FATE_IN_FLIGHT;

  expected = hs_trace_get_n_segments_unchecked (sim->trace);
  seg.sent_step = add_step (sim, HS_STEP_SEGMENT_SENT, from, 0, HS_REASON_SEND_OLD_DUPLICATE, expected, dup->len);
  /* the trace takes a first SYN's seq as the ISN; the endpoint's own
   * SYN, when it comes, is the one relative numbers count from */
  if (!hs_trace_get_endpoint (sim->trace, from)->has_isn && (dup->flags & HS_TCP_SYN))
    sim->isn_from_old[from] = TRUE;
  index = hs_trace_add_segment_unchecked (sim->trace, &seg);
  g_assert (index == expected);
  push (sim, MAX (dup->time, sim->now), EV_ARRIVAL, 1 - from, index, 0);
}

static guint
host_transmit (gpointer           data,
               HsEndpoint        *endpoint,
               const HsTcpHeader *header,
               guint32            len,
               guint32            window,
               guint8             marks,
               HsReason           reason)
{
  return transmit (data, hs_endpoint_get_index (endpoint), header, len, window, marks, reason);
}

static void
host_set_timer (gpointer     data,
                HsEndpoint  *endpoint,
                HsTimerKind  kind,
                HsTime       when)
{
  Sim *sim = data;
  guint i = hs_endpoint_get_index (endpoint);
  Side *side = &sim->sides[i];

  Timer *t = &side->timers[kind];

  t->when = when;
  if (when != HS_TIME_NONE)
    {
      t->order = hs_event_queue_take_order (sim->queue);
      t->armed = sim->now;
    }

  /* keep the earliest timer known without looking at all ten */
  if (sim->earliest_timer == t)
    sim->earliest_timer = NULL;
  else if (sim->earliest_timer != NULL && when != HS_TIME_NONE &&
           (sim->earliest_timer == &sim->no_timer ||
            when < sim->earliest_timer->when ||
            (when == sim->earliest_timer->when && t->order < sim->earliest_timer->order)))
    {
      sim->earliest_timer = t;
      sim->earliest_side = i;
      sim->earliest_kind = kind;
    }
}

/* A state change the simulator records itself, caused by the step in
 * progress. */
static void
add_state_step (Sim      *sim,
                guint     endpoint,
                HsState   from,
                HsState   to,
                HsReason  reason)
{
  HsTraceStep step = {
    .time = sim->now,
    .kind = HS_STEP_STATE_CHANGE,
    .endpoint = endpoint,
    .from_state = from,
    .to_state = to,
    .reason = reason,
    .segment = HS_TRACE_NONE,
    .cause = sim->cause,
  };

  hs_trace_add_step_unchecked (sim->trace, &step);
}

static void
host_state_changed (gpointer    data,
                    HsEndpoint *endpoint,
                    HsState     from,
                    HsState     to)
{
  Sim *sim = data;
  guint index = hs_endpoint_get_index (endpoint);

  if (sim->quiet != 0)
    return;
  add_state_step (sim, index, from, to, HS_REASON_NONE);
  if (sim->hosts)
    child_state_changed (sim, index, from, to);
}

static void
host_notify (gpointer    data,
             HsEndpoint *endpoint,
             HsNotify    what,
             guint64     value)
{
  Sim *sim = data;
  guint i = hs_endpoint_get_index (endpoint);
  Side *side = &sim->sides[i];

  if (sim->quiet != 0)
    return;
  switch (what)
    {
    case HS_NOTIFY_ESTABLISHED:
      side->established = TRUE;
      break;
    case HS_NOTIFY_REFUSED:
    case HS_NOTIFY_RESET:
    case HS_NOTIFY_TIMED_OUT:
      side->failed = TRUE;
      break;
    case HS_NOTIFY_CLOSED:
      /* the end of a connection is worth a step only when nothing else says it */
      return;
    case HS_NOTIFY_DATA:
    case HS_NOTIFY_EOF:
    case HS_N_NOTIFIES:
    default:
      break;
    }

  add_step (sim, HS_STEP_APP_NOTIFY, i, what, HS_REASON_APP, HS_TRACE_NONE, value);
}

static const HsEndpointHost host_vtable = {
  host_now,
  host_transmit,
  host_set_timer,
  host_state_changed,
  host_notify,
};

/* Scripts */

/* Writes what fits of the rest of a send; TRUE once all of it is written. */
static gboolean
write_some (Sim  *sim,
            Side *side)
{
  guint64 n = MIN (side->block_value, hs_endpoint_get_send_space (side->endpoint));

  if (n > 0 && hs_endpoint_send (side->endpoint, n) == HS_ENDPOINT_OK)
    side->block_value -= n;
  return side->block_value == 0;
}

static gboolean
block_satisfied (Sim  *sim,
                 Side *side)
{
  HsEndpoint *ep = side->endpoint;

  if (side->udp)
    switch (side->block)
      {
      case BLOCK_NONE:
      case BLOCK_CONNECT:
      case BLOCK_ESTABLISHED:
        return TRUE;          /* a UDP socket is ready at once */
      case BLOCK_BYTES:
      case BLOCK_READ:
        return side->udp_received >= side->block_value;
      case BLOCK_TIME:
      case BLOCK_EOF:         /* UDP has no end of file: it waits forever */
      case BLOCK_CLOSED:
      case BLOCK_DONE:
      default:
        return FALSE;
      }

  switch (side->block)
    {
    case BLOCK_NONE:
      return TRUE;
    case BLOCK_TIME:
    case BLOCK_DONE:
      return FALSE;
    case BLOCK_ACCEPT:
      return sim->sides[side->block_value].accept_queue.length > 0;
    case BLOCK_CONNECT:
    case BLOCK_ESTABLISHED:
      return side->established;
    case BLOCK_BYTES:
      return hs_endpoint_get_bytes_read (ep) >= side->block_value;
    case BLOCK_EOF:
      return hs_endpoint_get_eof (ep);
    case BLOCK_CLOSED:
      return hs_endpoint_is_done (ep) && side->established;
    case BLOCK_READ:
      side->block_value -= hs_endpoint_read (ep, side->block_value);
      return side->block_value == 0;
    case BLOCK_SEND:
      return write_some (sim, side);
    case BLOCK_LINGER:
      switch (hs_endpoint_get_state (ep))
        {
        case HS_STATE_FIN_WAIT_2:
        case HS_STATE_TIME_WAIT:
        case HS_STATE_CLOSED:
          return TRUE;
        case HS_STATE_LISTEN:
        case HS_STATE_SYN_SENT:
        case HS_STATE_SYN_RECEIVED:
        case HS_STATE_ESTABLISHED:
        case HS_STATE_FIN_WAIT_1:
        case HS_STATE_CLOSE_WAIT:
        case HS_STATE_CLOSING:
        case HS_STATE_LAST_ACK:
        case HS_N_STATES:
        default:
          return FALSE;
        }
    default:
      g_assert_not_reached ();
    }
}

/* What the application would learn from a failed connection: its blocked
 * call returns an error, and a scripted application stops there. */
static gboolean
block_impossible (Sim  *sim,
                  Side *side)
{
  if (side->udp)
    return FALSE;

  switch (side->block)
    {
    case BLOCK_CONNECT:
    case BLOCK_ESTABLISHED:
      return side->failed || (hs_endpoint_is_done (side->endpoint) && !side->established &&
                              hs_endpoint_get_state (side->endpoint) == HS_STATE_CLOSED &&
                              side->block == BLOCK_CONNECT);
    case BLOCK_BYTES:
    case BLOCK_EOF:
      return side->failed;
    case BLOCK_READ:
      return side->failed || hs_endpoint_get_eof (side->endpoint);
    case BLOCK_SEND:
      return side->failed || hs_endpoint_is_done (side->endpoint);
    case BLOCK_CLOSED:
      return side->failed;
    case BLOCK_ACCEPT:
      return hs_endpoint_get_state (sim->sides[side->block_value].endpoint) != HS_STATE_LISTEN;
    case BLOCK_NONE:
    case BLOCK_TIME:
    case BLOCK_DONE:
    default:
      return FALSE;
    }
}

static void
app_call (Sim          *sim,
          guint         index,
          HsAppCall     call,
          guint64       value)
{
  sim->cause = add_step (sim, HS_STEP_APP_CALL, index, call, HS_REASON_APP, HS_TRACE_NONE, value);
}

/* Hosts: a lesson with several sockets. Each socket is a side of its
 * own; segments find theirs by the 4-tuple, a listening socket makes a
 * child for each SYN, and a host's kernel answers for ports no socket
 * has. */

static guint
add_side (Sim        *sim,
          const char *name,
          const char *address,
          guint16     port,
          HsState     initial_state,
          guint       host,
          guint       path)
{
  guint32 words[3] = { sim->seed_words[0], sim->seed_words[1], 0 };
  guint i = sim->n_sides;
  Side *side;

  if (i >= MAX_SIDES)
    return G_MAXUINT;
  side = &sim->sides[i];
  sim->n_sides++;
  words[2] = 1 + i;
  side->rand = g_rand_new_with_seed_array (words, 3);
  for (guint k = 0; k < HS_N_TIMERS; k++)
    side->timers[k].when = HS_TIME_NONE;
  side->reassembly = g_hash_table_new (NULL, NULL);
  side->path = path;
  side->group = G_MAXUINT;
  side->host = host;
  side->address = address;
  side->connection = HS_TRACE_NONE;
  side->block = BLOCK_NONE;
  g_queue_init (&side->accept_queue);
  hs_trace_add_endpoint (sim->trace, name, address, port, initial_state);
  hs_trace_set_endpoint_host (sim->trace, i, host);
  hs_trace_set_endpoint_connection (sim->trace, i, HS_TRACE_NONE);
  hs_trace_set_endpoint_transport (sim->trace, i, HS_TRANSPORT_TCP);
  return i;
}

/* The kernel of @host: one side per host, made when it first answers. */
static guint
kernel_side (Sim  *sim,
             guint host)
{
  guint any = G_MAXUINT;
  guint k;

  for (guint i = 0; i < sim->n_sides; i++)
    {
      if (sim->sides[i].host != host)
        continue;
      if (sim->sides[i].kernel)
        return i;
      if (any == G_MAXUINT)
        any = i;
    }
  g_assert (any != G_MAXUINT);
  k = add_side (sim, hs_trace_get_host (sim->trace, host)->name, sim->sides[any].address, 0, HS_STATE_CLOSED,
                host, sim->sides[any].path);
  if (k == G_MAXUINT)
    return any;
  sim->sides[k].kernel = TRUE;
  sim->sides[k].own_config = *sim->sides[any].config;
  sim->sides[k].own_config.script = NULL;
  sim->sides[k].config = &sim->sides[k].own_config;
  return k;
}

/* The socket a segment from @src_address to @dst_address is for: the one
 * with its 4-tuple, else a listening socket on its port, else the host's
 * kernel. */
static guint
demux (Sim               *sim,
       const char        *dst_address,
       const char        *src_address,
       const HsTcpHeader *h)
{
  guint listener = G_MAXUINT;

  /* ports first: they tell most sockets apart without a string compare */
  for (guint i = 0; i < sim->n_sides; i++)
    {
      Side *o = &sim->sides[i];
      HsState st;

      if (G_UNLIKELY (o->forged))
        {
          if (g_strcmp0 (o->address, dst_address) == 0)
            return i;   /* whatever goes to a forged address ends there */
          continue;
        }
      if (o->kernel || o->endpoint == NULL || o->config->port != h->dst_port ||
          (o->peer_port != h->src_port && o->child) || g_strcmp0 (o->address, dst_address) != 0)
        continue;
      st = hs_endpoint_get_state (o->endpoint);
      if (st == HS_STATE_LISTEN)
        {
          if (!o->child)
            listener = i;
          continue;
        }
      if (st == HS_STATE_CLOSED)
        continue;
      if (o->peer_port == h->src_port && g_strcmp0 (o->peer_address, src_address) == 0)
        return i;
    }
  if (listener != G_MAXUINT)
    return listener;
  for (guint i = 0; i < sim->n_sides; i++)
    if (g_strcmp0 (sim->sides[i].address, dst_address) == 0)
      return kernel_side (sim, sim->sides[i].host);
  g_assert_not_reached ();
}

static guint
route (Sim               *sim,
       guint              from,
       const HsTcpHeader *header)
{
  Side *side = &sim->sides[from];

  /* a kernel's or a listening socket's answer goes back to the sender */
  if (side->kernel || side->peer_address == NULL ||
      (side->endpoint != NULL && hs_endpoint_get_state (side->endpoint) == HS_STATE_LISTEN))
    return sim->reply_to;
  return demux (sim, side->peer_address, side->address, header);
}

/* A socket of @address:@port that connected to @peer_port: whose
 * connection a child joins. */
static guint
connection_of (Sim        *sim,
               const char *address,
               guint16     port,
               guint16     peer_port)
{
  /* the newest first: a port used again (TIME-WAIT reuse) is the new
   * socket's connection, not the closed one's */
  for (guint i = sim->n_sides; i-- > 0;)
    {
      Side *o = &sim->sides[i];

      /* the port the trace has: a forged socket's is its own, not its
       * attacker's configuration's */
      if (!o->kernel && !o->child && hs_trace_get_endpoint (sim->trace, i)->port == port &&
          o->peer_port == peer_port &&
          g_strcmp0 (o->address, address) == 0 && o->connection != HS_TRACE_NONE)
        return o->connection;
    }
  return sim->n_connections++;
}

/* A new socket for a connection @listener accepts, cloned from it (Linux
 * inet_csk_clone_lock()). @iss is G_MAXUINT64 for a random one. */
static guint
make_child (Sim        *sim,
            guint       listener,
            const char *src_address,
            guint16     src_port,
            guint64     iss)
{
  Side *l = &sim->sides[listener];
  g_autofree char *name = g_strdup (hs_trace_get_endpoint (sim->trace, listener)->name);
  /* CLOSED until the SYN that makes it: the child did not exist before,
   * and a drawing must not show it listening from the start */
  guint i = add_side (sim, name, l->address, l->config->port, HS_STATE_CLOSED, l->host, l->path);
  Side *c;

  if (i == G_MAXUINT)
    return G_MAXUINT;
  l = &sim->sides[listener];
  c = &sim->sides[i];
  c->own_config = *l->config;
  c->own_config.script = NULL;
  if (iss != G_MAXUINT64)
    {
      c->own_config.isn_random = FALSE;
      c->own_config.isn = (guint32) iss;
    }
  c->config = &c->own_config;
  c->group = l->group;
  c->child = TRUE;
  c->listener = listener;
  c->peer_address = src_address;
  c->peer_port = src_port;
  c->connection = connection_of (sim, src_address, src_port, l->config->port);
  hs_trace_set_endpoint_connection (sim->trace, i, c->connection);
  c->endpoint = hs_endpoint_new (i, c->config, sim->profile, &host_vtable, sim, c->rand);
  hs_endpoint_set_peer (c->endpoint, src_address, src_port);
  sim->quiet = QUIET_STATES | QUIET_SEGMENTS;
  hs_endpoint_listen (c->endpoint);
  sim->quiet = 0;
  return i;
}

static void
child_state_changed (Sim    *sim,
                     guint   index,
                     HsState from,
                     HsState to)
{
  Side *c = &sim->sides[index];
  Side *l;

  if (!c->child)
    return;
  l = &sim->sides[c->listener];
  if (to == HS_STATE_SYN_RECEIVED && !c->in_syn_queue)
    {
      c->in_syn_queue = TRUE;
      l->syn_queue++;
    }
  else if (from == HS_STATE_SYN_RECEIVED)
    {
      if (c->in_syn_queue)
        l->syn_queue--;
      c->in_syn_queue = FALSE;
      if (to != HS_STATE_CLOSED)
        g_queue_push_tail (&l->accept_queue, GUINT_TO_POINTER (index));
    }
  else
    return;
  snapshot (sim, c->listener, hs_trace_get_n_steps_unchecked (sim->trace) - 1);
}

/* The SYN+ACK of a SYN cookie. The host keeps nothing: the answer has an
 * endpoint of its own in the trace (the server's side of that would-be
 * connection, CLOSED, with no TCB), so that its numbers count from its
 * own ISN and a cookie ACK can rebuild the connection there. FALSE when
 * the trace has no room for it. */
static gboolean
send_cookie (Sim               *sim,
             guint              listener,
             guint              from,
             const HsTcpHeader *h)
{
  Side *l = &sim->sides[listener];
  guint16 mss = (h->options.present & HS_TCP_OPT_MSS) ? h->options.mss : 536;
  g_autofree char *name = g_strdup (hs_trace_get_endpoint (sim->trace, listener)->name);
  g_autoptr(HsEndpoint) ep = NULL;
  guint c = add_side (sim, name, l->address, l->config->port, HS_STATE_CLOSED, l->host, l->path);
  Side *cs;
  guint n;

  if (c == G_MAXUINT)
    return FALSE;
  l = &sim->sides[listener];
  cs = &sim->sides[c];
  cs->own_config = *l->config;
  cs->own_config.script = NULL;
  cs->own_config.isn_random = FALSE;
  cs->own_config.isn = hs_host_cookie_make (sim->cookie_secret, sim->sides[from].address, l->address, h->src_port,
                                            h->dst_port, h->seq, sim->now, mss, NULL);
  cs->own_config.sack = FALSE;
  cs->own_config.window_scale = -1;
  cs->own_config.timestamps = FALSE;
  cs->config = &cs->own_config;
  cs->group = l->group;
  cs->cookie = TRUE;
  cs->listener = listener;
  cs->peer_address = sim->sides[from].address;
  cs->peer_port = h->src_port;
  cs->connection = connection_of (sim, cs->peer_address, h->src_port, l->config->port);
  hs_trace_set_endpoint_connection (sim->trace, c, cs->connection);

  ep = hs_endpoint_new (c, cs->config, sim->profile, &host_vtable, sim, cs->rand);
  hs_endpoint_set_peer (ep, cs->peer_address, cs->peer_port);
  sim->quiet = QUIET_STATES | QUIET_SEGMENTS;
  hs_endpoint_listen (ep);
  sim->quiet = QUIET_STATES;
  n = hs_trace_get_n_segments_unchecked (sim->trace);
  hs_endpoint_segment_arrives (ep, h, 0);
  sim->quiet = 0;
  if (hs_trace_get_n_segments_unchecked (sim->trace) > n)
    {
      guint sent = hs_trace_peek_segment_unchecked (sim->trace, n)->sent_step;

      hs_trace_peek_step_unchecked (sim->trace, sent)->reason = HS_REASON_SEND_SYN_COOKIE;
    }
  /* nothing is kept, so nothing is retransmitted */
  for (guint k = 0; k < HS_N_TIMERS; k++)
    cs->timers[k].when = HS_TIME_NONE;
  sim->earliest_timer = NULL;
  l->cookies_sent = TRUE;
  return TRUE;
}

/* A valid cookie ACK: the connection is rebuilt where its cookie was
 * sent from, as if the SYN had been kept (tcp_get_cookie_sock()). */
static guint
rebuild_from_cookie (Sim               *sim,
                     guint              listener,
                     guint              from,
                     const HsTcpHeader *h,
                     guint16            mss)
{
  HsTcpHeader syn = { 0 };
  guint c = G_MAXUINT;
  Side *cs;

  for (guint i = 0; i < sim->n_sides && c == G_MAXUINT; i++)
    {
      Side *o = &sim->sides[i];

      if (o->cookie && o->endpoint == NULL && o->listener == listener && o->peer_port == h->src_port &&
          o->own_config.isn == h->ack - 1 && g_strcmp0 (o->peer_address, sim->sides[from].address) == 0)
        c = i;
    }
  if (c == G_MAXUINT)
    return G_MAXUINT;
  cs = &sim->sides[c];
  cs->child = TRUE;
  cs->endpoint = hs_endpoint_new (c, cs->config, sim->profile, &host_vtable, sim, cs->rand);
  hs_endpoint_set_peer (cs->endpoint, cs->peer_address, cs->peer_port);
  syn.src_port = h->src_port;
  syn.dst_port = h->dst_port;
  syn.seq = h->seq - 1;
  syn.flags = HS_TCP_SYN;
  syn.window = h->window;
  syn.options.present = HS_TCP_OPT_MSS;
  syn.options.mss = mss;
  sim->quiet = QUIET_STATES | QUIET_SEGMENTS;
  hs_endpoint_listen (cs->endpoint);
  hs_endpoint_segment_arrives (cs->endpoint, &syn, 0);
  sim->quiet = 0;
  add_state_step (sim, c, HS_STATE_CLOSED, HS_STATE_SYN_RECEIVED, HS_REASON_ARRIVE_COOKIE_ACK);
  return c;
}

/* tcp_conn_request(): the SYN queue first (a cookie or a drop when it is
 * full), then the accept queue. @iss is the ISN a SYN that ended
 * TIME-WAIT gives, or G_MAXUINT64. */
static HsReason
listener_takes_syn (Sim               *sim,
                    guint              listener,
                    guint              from,
                    const HsTcpHeader *h,
                    guint32            len,
                    guint64            iss)
{
  Side *l = &sim->sides[listener];
  gboolean cookie = FALSE;
  guint c;

  if (iss == G_MAXUINT64 && hs_host_syn_queue_full (l->syn_queue, l->backlog))
    {
      if (!l->config->syncookies)
        return HS_REASON_ARRIVE_SYN_QUEUE_FULL;
      cookie = TRUE;
    }
  if (hs_host_accept_queue_full (l->accept_queue.length, l->backlog))
    return HS_REASON_ARRIVE_SYN_ACCEPT_FULL;
  if (cookie)
    return send_cookie (sim, listener, from, h) ? HS_REASON_ARRIVE_SYN_COOKIE : HS_REASON_ARRIVE_NO_ROOM;
  c = make_child (sim, listener, sim->sides[from].address, h->src_port, iss);
  if (c == G_MAXUINT)
    return HS_REASON_ARRIVE_NO_ROOM;
  hs_endpoint_segment_arrives (sim->sides[c].endpoint, h, len);
  return iss == G_MAXUINT64 ? HS_REASON_ARRIVE_SYN_CHILD : HS_REASON_ARRIVE_TIME_WAIT_SYN;
}

static HsReason
listener_arrives (Sim               *sim,
                  guint              listener,
                  guint              from,
                  const HsTcpHeader *h,
                  guint32            len)
{
  Side *l = &sim->sides[listener];

  if ((h->flags & (HS_TCP_SYN | HS_TCP_ACK | HS_TCP_RST)) == HS_TCP_SYN)
    return listener_takes_syn (sim, listener, from, h, len, G_MAXUINT64);
  if ((h->flags & (HS_TCP_SYN | HS_TCP_ACK | HS_TCP_RST)) == HS_TCP_ACK && l->config->syncookies && l->cookies_sent)
    {
      guint16 mss = hs_host_cookie_check (sim->cookie_secret, sim->sides[from].address, l->address, h->src_port,
                                          h->dst_port, h->seq - 1, h->ack - 1, sim->now);
      guint c;

      if (mss == 0)
        {
          hs_endpoint_segment_arrives (l->endpoint, h, len);   /* RST <SEQ=SEG.ACK> */
          return HS_REASON_ARRIVE_COOKIE_BAD;
        }
      if (hs_host_accept_queue_full (l->accept_queue.length, l->backlog))
        return HS_REASON_ARRIVE_ACK_ACCEPT_FULL;
      c = rebuild_from_cookie (sim, listener, from, h, mss);
      if (c == G_MAXUINT)
        {
          hs_endpoint_segment_arrives (l->endpoint, h, len);
          return HS_REASON_ARRIVE_COOKIE_BAD;
        }
      hs_endpoint_segment_arrives (sim->sides[c].endpoint, h, len);
      snapshot (sim, c, hs_trace_get_n_steps_unchecked (sim->trace) - 1);
      return HS_REASON_ARRIVE_COOKIE_ACK;
    }
  return hs_endpoint_segment_arrives (l->endpoint, h, len);
}

/* A SYN above RCV.NXT ends TIME-WAIT: the socket is gone at once. */
static void
end_time_wait (Sim  *sim,
               guint index)
{
  Side *side = &sim->sides[index];

  add_state_step (sim, index, HS_STATE_TIME_WAIT, HS_STATE_CLOSED, HS_REASON_ARRIVE_TIME_WAIT_SYN);
  g_clear_pointer (&side->endpoint, hs_endpoint_free);
  for (guint k = 0; k < HS_N_TIMERS; k++)
    side->timers[k].when = HS_TIME_NONE;
  sim->earliest_timer = NULL;
  side->endpoint = hs_endpoint_new (index, side->config, sim->profile, &host_vtable, sim, side->rand);
  sim->has_snapshot[index] = FALSE;
}

static guint
find_listener (Sim   *sim,
               guint  host,
               guint16 port)
{
  for (guint i = 0; i < sim->n_sides; i++)
    {
      Side *o = &sim->sides[i];

      if (o->host == host && !o->kernel && !o->child && o->endpoint != NULL && o->config->port == port &&
          hs_endpoint_get_state (o->endpoint) == HS_STATE_LISTEN)
        return i;
    }
  return G_MAXUINT;
}

static HsReason
hosts_segment_arrives (Sim               *sim,
                       guint              to,
                       guint              from,
                       const HsTcpHeader *h,
                       guint32            len)
{
  Side *t = &sim->sides[to];
  HsState state;

  sim->reply_to = from;
  if (t->forged)
    return HS_REASON_ARRIVE_FORGED;
  if (t->kernel)
    {
      /* RFC 9293 3.10.7.1, as a CLOSED TCB answers: the kernel's RST */
      t->own_config.port = h->dst_port;
      t->endpoint = hs_endpoint_new (to, &t->own_config, sim->profile, &host_vtable, sim, t->rand);
      hs_endpoint_segment_arrives (t->endpoint, h, len);
      g_clear_pointer (&t->endpoint, hs_endpoint_free);
      return HS_REASON_ARRIVE_NO_SOCKET;
    }
  state = hs_endpoint_get_state (t->endpoint);
  if (state == HS_STATE_LISTEN)
    return listener_arrives (sim, to, from, h, len);
  if (state == HS_STATE_TIME_WAIT && (h->flags & (HS_TCP_SYN | HS_TCP_ACK | HS_TCP_RST)) == HS_TCP_SYN)
    {
      HsTcbSnapshot tw;
      guint listener = find_listener (sim, t->host, t->config->port);

      hs_endpoint_snapshot (t->endpoint, &tw);
      if (listener != G_MAXUINT && hs_host_time_wait_takes_syn (tw.rcv_nxt, h->seq))
        {
          end_time_wait (sim, to);
          return listener_takes_syn (sim, listener, from, h, len, hs_host_time_wait_isn (tw.snd_nxt));
        }
      else
        {
          guint first = hs_trace_get_n_steps (sim->trace);

          /* RFC 9293 answers with an ACK, which the narration tells as
           * TIME-WAIT's (not an old duplicate's) */
          hs_endpoint_segment_arrives (t->endpoint, h, len);
          for (guint s = first; s < hs_trace_get_n_steps (sim->trace); s++)
            {
              HsTraceStep *st = hs_trace_peek_step (sim->trace, s);

              if (st->kind == HS_STEP_SEGMENT_SENT && st->endpoint == to)
                st->reason = HS_REASON_SEND_TIME_WAIT_ACK;
            }
          return HS_REASON_ARRIVE_TIME_WAIT_SYN_OLD;
        }
    }
  if (t->child && state == HS_STATE_SYN_RECEIVED &&
      (h->flags & (HS_TCP_SYN | HS_TCP_ACK | HS_TCP_RST)) == HS_TCP_ACK &&
      hs_host_accept_queue_full (sim->sides[t->listener].accept_queue.length, sim->sides[t->listener].backlog))
    return HS_REASON_ARRIVE_ACK_ACCEPT_FULL;
  return hs_endpoint_segment_arrives (t->endpoint, h, len);
}

static void
hosts_arrival (Sim           *sim,
               const HsEvent *ev)
{
  HsTraceSegment *seg = hs_trace_peek_segment_unchecked (sim->trace, ev->arg);
  HsTcpHeader header = seg->header;
  guint32 len = seg->len;
  guint from = seg->from;
  guint to = demux (sim, sim->sides[ev->endpoint].address, sim->sides[from].address, &header);
  guint step;
  HsReason reason;

  /* the socket that takes it is the one there when it arrives (a
   * TIME-WAIT that ended, a listener's child made since) */
  seg = hs_trace_peek_segment_unchecked (sim->trace, ev->arg);
  seg->to = to;
  seg->fate = HS_FATE_DELIVERED;
  seg->arrived = sim->now;
  step = add_step (sim, HS_STEP_SEGMENT_ARRIVED, to, 0, HS_REASON_NONE, ev->arg, len);
  seg->end_step = step;
  sim->cause = step;
  reason = hosts_segment_arrives (sim, to, from, &header, len);
  hs_trace_peek_step_unchecked (sim->trace, step)->reason = reason;
  snapshot (sim, to, hs_trace_get_n_steps_unchecked (sim->trace) - 1);
}

/* bind(): EADDRINUSE when another socket of the host has the port, unless
 * both say SO_REUSEADDR and it is not listening; connect(): EADDRNOTAVAIL
 * when the 4-tuple is still held (Linux reuses one in TIME-WAIT only over
 * loopback, tcp_tw_reuse=2). */
static HsReason
bind_conflict (Sim      *sim,
               guint     index,
               gboolean  connecting)
{
  Side *s = &sim->sides[index];

  for (guint j = 0; j < sim->n_sides; j++)
    {
      Side *o = &sim->sides[j];
      HsState st;

      if (j == index || o->kernel || o->endpoint == NULL || o->host != s->host || o->config->port != s->config->port)
        continue;
      st = hs_endpoint_get_state (o->endpoint);
      if (st == HS_STATE_CLOSED)
        continue;
      if (st == HS_STATE_LISTEN || !(s->config->reuse_addr && o->config->reuse_addr))
        return HS_REASON_APP_EADDRINUSE;
      if (connecting && o->peer_port == s->peer_port && g_strcmp0 (o->peer_address, s->peer_address) == 0)
        return HS_REASON_APP_EADDRNOTAVAIL;
    }
  return HS_REASON_NONE;
}

/* One SYN of an attacker's flood: from a socket of its own whose address
 * is drawn at random (from 198.18.0.0/15, the range RFC 2544 keeps for
 * tests), with a random port and ISN and no options, as flood tools send
 * them; nothing stands behind it to answer. */
static void
send_forged_syn (Sim  *sim,
                 guint attacker)
{
  Side *a = &sim->sides[attacker];
  guint32 r = g_rand_int (a->rand);
  g_autofree char *address = g_strdup_printf ("198.%u.%u.%u", 18 + (r >> 16 & 1), r >> 8 & 0xff, 1 + (r & 0xff) % 254);
  const char *kept;
  guint16 port = (guint16) g_rand_int_range (a->rand, 1024, 65536);
  HsTcpHeader h = { 0 };
  guint f;

  f = add_side (sim, hs_trace_get_endpoint (sim->trace, attacker)->name, address, port, HS_STATE_CLOSED, a->host,
                a->path);
  a = &sim->sides[attacker];
  if (f == G_MAXUINT)
    return;
  /* the address lives as long as the trace */
  kept = hs_trace_get_endpoint (sim->trace, f)->address;
  sim->sides[f].address = kept;
  sim->sides[f].forged = TRUE;
  sim->sides[f].config = a->config;
  sim->sides[f].peer_address = a->peer_address;
  sim->sides[f].peer_port = a->peer_port;
  sim->sides[f].group = a->group;
  sim->sides[f].connection = sim->n_connections++;
  hs_trace_set_endpoint_connection (sim->trace, f, sim->sides[f].connection);
  h.src_port = port;
  h.dst_port = a->peer_port;
  h.seq = g_rand_int (a->rand);
  h.flags = HS_TCP_SYN;
  h.window = 512;
  transmit (sim, f, &h, 0, h.window, 0, HS_REASON_SEND_SYN_FORGED);
}

/* The hosts of a lesson and its sockets beyond [Client] and [Server]. */
static void
setup_hosts (Sim        *sim,
             HsScenario *scenario)
{
  guint n = hs_scenario_get_n_endpoints (scenario);

  sim->hosts = TRUE;
  for (guint i = 0; i < n; i++)
    {
      const HsEndpointConfig *config = hs_scenario_get_endpoint (scenario, i);
      guint host = G_MAXUINT;
      Side *side;

      for (guint j = 0; j < i && host == G_MAXUINT; j++)
        if (g_ascii_strcasecmp (sim->sides[j].address, config->address) == 0)
          host = sim->sides[j].host;
      if (host == G_MAXUINT)
        host = hs_trace_add_host (sim->trace, config->name, config->address);
      if (i >= N_ENDPOINTS)
        {
          guint k = add_side (sim, config->name, config->address, config->port, HS_STATE_CLOSED, host,
                              config->server_side ? 1 : 0);

          g_assert (k == i);
          sim->sides[k].config = config;
          sim->sides[k].endpoint = hs_endpoint_new (k, config, sim->profile, &host_vtable, sim, sim->sides[k].rand);
        }
      side = &sim->sides[i];
      side->group = i;
      side->script = config->script;
      side->host = host;
      side->address = config->address;
      side->connection = HS_TRACE_NONE;
      hs_trace_set_endpoint_host (sim->trace, i, host);
      hs_trace_set_endpoint_connection (sim->trace, i, HS_TRACE_NONE);
    }
  sim->n_groups = n;
  for (guint i = 0; i < n; i++)
    {
      const HsEndpointConfig *peer = hs_scenario_get_endpoint (scenario, sim->sides[i].config->peer);

      sim->sides[i].peer_address = peer->address;
      sim->sides[i].peer_port = peer->port;
      hs_endpoint_set_peer (sim->sides[i].endpoint, peer->address, peer->port);
    }
}

/* accept(): the oldest established connection leaves the queue, and the
 * rest of the script runs on it, as in a server that forks for each
 * connection; the listening socket's script waits in accept() again. */
static gboolean
do_accept (Sim  *sim,
           guint index)
{
  Side *side = &sim->sides[index];
  guint listener = side->child ? side->listener : index;
  Side *l = &sim->sides[listener];
  guint c;
  Side *child;

  if (l->accept_queue.length == 0)
    return FALSE;
  c = GPOINTER_TO_UINT (g_queue_pop_head (&l->accept_queue));
  child = &sim->sides[c];
  app_call (sim, c, HS_APP_ACCEPT, l->accept_queue.length);
  hs_trace_peek_step_unchecked (sim->trace, sim->cause)->reason = HS_REASON_APP_ACCEPT;
  snapshot (sim, listener, hs_trace_get_n_steps_unchecked (sim->trace) - 1);
  child->script = side->script;
  child->pc = side->pc;
  child->block = BLOCK_NONE;
  child->established = TRUE;
  side->pc--;
  return TRUE;
}

/* The waits of a script, the same over TCP and UDP: each blocks the
 * application until its condition holds. FALSE for any other action. */
static gboolean
start_wait (Sim            *sim,
            guint           index,
            const HsAction *action)
{
  Side *side = &sim->sides[index];

  switch (action->kind)
    {
    case HS_ACTION_WAIT:
    case HS_ACTION_WAIT_UNTIL:
      {
        HsTime until = action->kind == HS_ACTION_WAIT ? sim->now + action->time : action->time;

        if (until > sim->now)
          {
            side->block = BLOCK_TIME;
            push (sim, until, EV_APP, index, 0, ++side->app_token);
          }
      }
      return TRUE;
    case HS_ACTION_WAIT_ESTABLISHED:
      side->block = BLOCK_ESTABLISHED;
      return TRUE;
    case HS_ACTION_WAIT_BYTES:
      side->block = BLOCK_BYTES;
      side->block_value = action->value;
      return TRUE;
    case HS_ACTION_WAIT_EOF:
      side->block = BLOCK_EOF;
      return TRUE;
    case HS_ACTION_WAIT_CLOSED:
      side->block = BLOCK_CLOSED;
      return TRUE;
    case HS_ACTION_LISTEN:
    case HS_ACTION_CONNECT:
    case HS_ACTION_SEND:
    case HS_ACTION_SHUTDOWN:
    case HS_ACTION_CLOSE:
    case HS_ACTION_ABORT:
    case HS_ACTION_CORK:
    case HS_ACTION_UNCORK:
    case HS_ACTION_SHUTDOWN_READ:
    case HS_ACTION_READ:
    case HS_ACTION_ACCEPT:
    case HS_ACTION_FLOOD:
    case HS_N_ACTIONS:
    default:
      return FALSE;
    }
}

/* The host stops (a power cut): its TCB is gone at once, with no segment
 * sent and no timer left, and what reaches it later is taken by nobody. */
static void
crash_host (Sim  *sim,
            guint index)
{
  Side *side = &sim->sides[index];

  sim->cause = add_step (sim, HS_STEP_APP_CALL, index, HS_APP_CRASH, side->udp ? HS_REASON_APP_UDP : HS_REASON_APP,
                         HS_TRACE_NONE, 0);
  side->down = TRUE;
  if (side->udp)
    return;
  if (hs_endpoint_get_state (side->endpoint) != HS_STATE_CLOSED)
    add_state_step (sim, index, hs_endpoint_get_state (side->endpoint), HS_STATE_CLOSED, HS_REASON_NONE);
  g_clear_pointer (&side->endpoint, hs_endpoint_free);
  for (guint k = 0; k < HS_N_TIMERS; k++)
    side->timers[k].when = HS_TIME_NONE;
  sim->earliest_timer = NULL;
  side->established = FALSE;
  side->failed = FALSE;
}

/* The host runs again: a new TCP stack in CLOSED that remembers nothing,
 * so a segment of the old connection finds no TCB (RFC 9293 3.5.1). */
static void
reboot_host (Sim  *sim,
             guint index)
{
  Side *side = &sim->sides[index];
  const HsEndpointConfig *peer = sim->sides[1 - index].config;

  sim->cause = add_step (sim, HS_STEP_APP_CALL, index, HS_APP_REBOOT, side->udp ? HS_REASON_APP_UDP : HS_REASON_APP,
                         HS_TRACE_NONE, 0);
  side->down = FALSE;
  if (side->udp || side->endpoint != NULL)
    return;
  side->endpoint = hs_endpoint_new (index, side->config, sim->profile, &host_vtable, sim, side->rand);
  hs_endpoint_set_peer (side->endpoint, peer->address, peer->port);
  sim->has_snapshot[index] = FALSE;
}

/* The socket calls of a UDP application: only send puts anything on the
 * wire; there is no connection to open, acknowledge or close. */
static void
run_udp_action (Sim            *sim,
                guint           index,
                const HsAction *action)
{
  Side *side = &sim->sides[index];
  const HsEndpointConfig *peer = sim->sides[1 - index].config;

  switch (action->kind)
    {
    case HS_ACTION_LISTEN:
      sim->cause = add_step (sim, HS_STEP_APP_CALL, index, HS_APP_LISTEN, HS_REASON_APP_UDP, HS_TRACE_NONE, 0);
      break;
    case HS_ACTION_CONNECT:
      sim->cause = add_step (sim, HS_STEP_APP_CALL, index, HS_APP_CONNECT, HS_REASON_APP_UDP, HS_TRACE_NONE, 0);
      break;
    case HS_ACTION_SHUTDOWN:
    case HS_ACTION_CLOSE:
    case HS_ACTION_ABORT:
    case HS_ACTION_KILL:
      sim->cause = add_step (sim, HS_STEP_APP_CALL, index, HS_APP_CLOSE, HS_REASON_APP_UDP, HS_TRACE_NONE, 0);
      if (action->kind != HS_ACTION_KILL)
        side->block = BLOCK_DONE;
      break;
    case HS_ACTION_CRASH:
      crash_host (sim, index);
      break;
    case HS_ACTION_REBOOT:
      reboot_host (sim, index);
      break;
    case HS_ACTION_SEND:
      {
        HsTcpHeader h = { 0 };
        guint mtu = sim->paths[index].config->mtu;
        /* IP payload per fragment: what fits after the 20-byte IP header,
         * in whole 8-byte units, as fragment offsets count */
        guint32 per_fragment = ((mtu - 20) / 8) * 8;
        guint32 ip_payload = (guint32) action->value + 8;
        guint n_fragments;

        if (action->value > HS_UDP_MAX_PAYLOAD)
          {
            /* the length field cannot say it: sendto() fails, nothing is sent */
            sim->cause = add_step (sim, HS_STEP_APP_CALL, index, HS_APP_SEND, HS_REASON_APP_EMSGSIZE, HS_TRACE_NONE,
                                   action->value);
            break;
          }
        sim->cause = add_step (sim, HS_STEP_APP_CALL, index, HS_APP_SEND, HS_REASON_APP_UDP, HS_TRACE_NONE, action->value);
        h.src_port = side->config->port;
        h.dst_port = peer->port;
        side->udp_datagrams++;
        if (ip_payload + 20 <= mtu)
          {
            transmit (sim, index, &h, (guint32) action->value, 0, 0, HS_REASON_SEND_DATAGRAM);
            break;
          }
        /* IP fragments (RFC 791): each carries its offset; the first also
         * the UDP header. A UDP segment has no seq or ack, so the header
         * keeps the fragment's place: seq = offset in bytes, ack = the
         * datagram's identification, window = fragments in all, urgent =
         * this one's number from 1, and the MSS field (no option present)
         * the datagram's payload, for the receiver that reassembles it. */
        n_fragments = (ip_payload + per_fragment - 1) / per_fragment;
        h.options.mss = (guint16) action->value;
        for (guint k = 0; k < n_fragments; k++)
          {
            guint32 offset = k * per_fragment;
            guint32 bytes = MIN (per_fragment, ip_payload - offset);

            h.seq = offset;
            h.ack = side->udp_datagrams;
            h.window = (guint16) n_fragments;
            h.urgent = (guint16) (k + 1);
            transmit (sim, index, &h, k == 0 ? bytes - 8 : bytes, 0, 0, HS_REASON_SEND_FRAGMENT);
          }
      }
      break;
    case HS_ACTION_READ:
      if (action->value > 0)
        {
          side->block = BLOCK_READ;
          side->block_value = side->udp_received + action->value;
        }
      break;
    case HS_ACTION_CORK:
    case HS_ACTION_UNCORK:
    case HS_ACTION_SHUTDOWN_READ:
    case HS_ACTION_ACCEPT:
    case HS_ACTION_FLOOD:
      /* TCP socket options and the read side's shutdown mean nothing to a
       * UDP socket: the UDP half of a comparison skips them */
      break;
    case HS_ACTION_WAIT:
    case HS_ACTION_WAIT_UNTIL:
    case HS_ACTION_WAIT_ESTABLISHED:
    case HS_ACTION_WAIT_BYTES:
    case HS_ACTION_WAIT_EOF:
    case HS_ACTION_WAIT_CLOSED:
    case HS_N_ACTIONS:
    default:
      g_assert_not_reached ();   /* start_wait() took the waits */
    }
}

static void
run_script (Sim  *sim,
            guint index)
{
  Side *side = &sim->sides[index];
  GArray *script = side->script;

  for (;;)
    {
      const HsAction *action;
      HsEndpointResult result = HS_ENDPOINT_OK;

      if (side->block != BLOCK_NONE)
        {
          if (block_impossible (sim, side))
            {
              side->block = BLOCK_DONE;
              return;
            }
          {
            BlockKind was = side->block;
            guint64 left = side->block_value;
            gboolean satisfied = block_satisfied (sim, side);

            /* writing into the send buffer or reading from the receive
             * buffer changes the TCB even when the call goes on blocking */
            if ((was == BLOCK_SEND || was == BLOCK_READ) && side->block_value != left)
              snapshot (sim, index, hs_trace_get_n_steps_unchecked (sim->trace) - 1);
            if (!satisfied)
              return;
          }
          side->block = BLOCK_NONE;
        }

      if (script == NULL || side->pc >= script->len)
        {
          side->block = BLOCK_DONE;
          return;
        }

      action = &g_array_index (script, HsAction, side->pc++);
      if (start_wait (sim, index, action))
        {
          snapshot (sim, index, hs_trace_get_n_steps_unchecked (sim->trace) - 1);
          continue;
        }
      if (side->udp)
        {
          run_udp_action (sim, index, action);
          continue;
        }
      switch (action->kind)
        {
        case HS_ACTION_LISTEN:
          /* with hosts, the call carries its backlog, which the drawing
           * shows beside the queues' lengths ("SYN queue 3/4") */
          app_call (sim, index, HS_APP_LISTEN,
                    sim->hosts ? (action->value > 0 ? action->value : HS_DEFAULT_BACKLOG) : 0);
          if (sim->hosts)
            {
              HsReason conflict = bind_conflict (sim, index, FALSE);

              if (conflict != HS_REASON_NONE)
                {
                  hs_trace_peek_step_unchecked (sim->trace, sim->cause)->reason = conflict;
                  side->block = BLOCK_DONE;
                  return;
                }
              side->backlog = action->value > 0 ? (guint) action->value : HS_DEFAULT_BACKLOG;
            }
          result = hs_endpoint_listen (side->endpoint);
          break;
        case HS_ACTION_FLOOD:
          if (side->flood_left == 0)
            {
              side->flood_left = action->value;
              app_call (sim, index, HS_APP_FLOOD, action->value);
              hs_trace_peek_step_unchecked (sim->trace, sim->cause)->reason = HS_REASON_APP_FLOOD;
            }
          send_forged_syn (sim, index);
          if (--side->flood_left > 0)
            {
              side->pc--;
              side->block = BLOCK_TIME;
              push (sim, sim->now + action->time, EV_APP, index, 0, ++side->app_token);
              return;
            }
          continue;
        case HS_ACTION_ACCEPT:
          if (!do_accept (sim, index))
            {
              side->block = BLOCK_ACCEPT;
              side->block_value = side->child ? side->listener : index;
              side->pc--;   /* accept() runs when a connection is there */
              return;
            }
          continue;
        case HS_ACTION_CONNECT:
          app_call (sim, index, HS_APP_CONNECT, 0);
          if (sim->hosts)
            {
              HsReason conflict = bind_conflict (sim, index, TRUE);

              if (conflict != HS_REASON_NONE)
                {
                  hs_trace_peek_step_unchecked (sim->trace, sim->cause)->reason = conflict;
                  side->block = BLOCK_DONE;
                  return;
                }
              if (side->connection == HS_TRACE_NONE)
                {
                  side->connection = sim->n_connections++;
                  hs_trace_set_endpoint_connection (sim->trace, index, side->connection);
                }
            }
          result = hs_endpoint_connect (side->endpoint);
          /* a non-blocking connect() returns at once (EINPROGRESS) */
          if (!action->more)
            side->block = BLOCK_CONNECT;
          break;
        case HS_ACTION_SEND:
          {
            guint64 n = MIN (action->value, hs_endpoint_get_send_space (side->endpoint));

            app_call (sim, index, HS_APP_SEND, action->value);
            result = action->more ? hs_endpoint_send_more (side->endpoint, n) : hs_endpoint_send (side->endpoint, n);
            if (result == HS_ENDPOINT_OK && action->more)
              hs_trace_peek_step_unchecked (sim->trace, sim->cause)->reason = HS_REASON_APP_MORE;
            else if (result == HS_ENDPOINT_OK && hs_endpoint_get_nagle_held (side->endpoint))
              hs_trace_peek_step_unchecked (sim->trace, sim->cause)->reason = HS_REASON_APP_NAGLE;
            if (result == HS_ENDPOINT_OK && n < action->value)
              {
                side->block = BLOCK_SEND;
                side->block_value = action->value - n;
              }
          }
          break;
        case HS_ACTION_SHUTDOWN:
          app_call (sim, index, HS_APP_SHUTDOWN, 0);
          result = hs_endpoint_shutdown (side->endpoint);
          break;
        case HS_ACTION_CLOSE:
          if (side->config->linger == 0)
            {
              /* SO_LINGER {1, 0}: close() aborts */
              app_call (sim, index, HS_APP_ABORT, 0);
              result = hs_endpoint_abort (side->endpoint);
              break;
            }
          app_call (sim, index, HS_APP_CLOSE, side->config->linger != HS_TIME_NONE ? (guint64) side->config->linger : 0);
          result = hs_endpoint_close (side->endpoint);
          if (result == HS_ENDPOINT_OK && side->config->linger != HS_TIME_NONE)
            {
              /* SO_LINGER {1, T}: close() returns when the FIN is
               * acknowledged, or after T; the wire does not change */
              side->block = BLOCK_LINGER;
              push (sim, sim->now + side->config->linger, EV_APP, index, 0, ++side->app_token);
            }
          break;
        case HS_ACTION_ABORT:
          app_call (sim, index, HS_APP_ABORT, 0);
          result = hs_endpoint_abort (side->endpoint);
          break;
        case HS_ACTION_KILL:
          /* The kernel closes the sockets of a process that dies, as
           * close() would: a FIN after what is queued, or an RST when
           * received data is unread (Linux's tcp_close()). */
          app_call (sim, index, HS_APP_KILL, 0);
          if (hs_endpoint_get_state (side->endpoint) != HS_STATE_CLOSED)
            result = hs_endpoint_close (side->endpoint);
          break;
        case HS_ACTION_CRASH:
          crash_host (sim, index);
          continue;
        case HS_ACTION_REBOOT:
          reboot_host (sim, index);
          snapshot (sim, index, hs_trace_get_n_steps_unchecked (sim->trace) - 1);
          continue;
        case HS_ACTION_CORK:
          app_call (sim, index, HS_APP_CORK, 0);
          hs_endpoint_set_cork (side->endpoint, TRUE);
          break;
        case HS_ACTION_UNCORK:
          app_call (sim, index, HS_APP_UNCORK, 0);
          hs_endpoint_set_cork (side->endpoint, FALSE);
          break;
        case HS_ACTION_SHUTDOWN_READ:
          app_call (sim, index, HS_APP_SHUTDOWN_READ, 0);
          result = hs_endpoint_shutdown_read (side->endpoint);
          break;
        case HS_ACTION_READ:
          app_call (sim, index, HS_APP_READ, action->value);
          if (action->value == 0)
            hs_endpoint_read (side->endpoint, G_MAXUINT64);
          else
            {
              side->block = BLOCK_READ;
              side->block_value = action->value - hs_endpoint_read (side->endpoint, action->value);
              if (side->block_value == 0)
                side->block = BLOCK_NONE;
            }
          break;
        case HS_ACTION_WAIT:
        case HS_ACTION_WAIT_UNTIL:
        case HS_ACTION_WAIT_ESTABLISHED:
        case HS_ACTION_WAIT_BYTES:
        case HS_ACTION_WAIT_EOF:
        case HS_ACTION_WAIT_CLOSED:
        case HS_N_ACTIONS:
        default:
          g_assert_not_reached ();
        }

      if (result != HS_ENDPOINT_OK)
        {
          /* The call failed as a socket call would (EISCONN, EPIPE, ...):
           * say so in the trace, and stop this application. */
          HsTraceStep *step = hs_trace_peek_step_unchecked (sim->trace, sim->cause);

          step->reason = HS_REASON_APP_CALL_FAILED;
          side->block = BLOCK_DONE;
          return;
        }
      snapshot (sim, index, hs_trace_get_n_steps_unchecked (sim->trace) - 1);
    }
}

static gboolean
next_is_listen (Sim  *sim,
                guint index)
{
  const Side *side = &sim->sides[index];
  GArray *script = side->script;

  return side->block == BLOCK_NONE && script != NULL && side->pc < script->len &&
         g_array_index (script, HsAction, side->pc).kind == HS_ACTION_LISTEN;
}

static void
run_scripts (Sim *sim)
{
  guint saved = sim->cause;

  /* A listener due now opens first, as a server is started before anyone
   * connects to it; then every application in turn. */
  for (guint i = 0; i < sim->n_sides; i++)
    if (next_is_listen (sim, i))
      {
        run_script (sim, i);
        sim->cause = saved;
      }
  for (guint i = 0; i < sim->n_sides; i++)
    {
      run_script (sim, i);
      sim->cause = saved;
    }
}

static void
handle_event (Sim           *sim,
              const HsEvent *ev)
{
  Side *side = &sim->sides[ev->endpoint];

  switch ((EventKind) ev->kind)
    {
    case EV_ARRIVAL:
      {
        HsTraceSegment *seg = hs_trace_peek_segment_unchecked (sim->trace, ev->arg);
        HsTcpHeader header = seg->header;
        guint32 len = seg->len;
        guint step;
        HsReason reason;

        if (sim->hosts && !side->down)
          {
            hosts_arrival (sim, ev);
            return;
          }
        if (side->down)
          {
            /* nobody is there to take it: lost at the host's door */
            seg->fate = HS_FATE_LOST;
            step = add_step (sim, HS_STEP_SEGMENT_LOST, seg->from, 0, HS_REASON_LOST_HOST_DOWN, ev->arg, len);
            seg->end_step = step;
            sim->cause = step;
            return;
          }
        seg->fate = HS_FATE_DELIVERED;
        seg->arrived = sim->now;
        step = add_step (sim, HS_STEP_SEGMENT_ARRIVED, ev->endpoint, 0, HS_REASON_NONE, ev->arg, len);
        seg->end_step = step;
        sim->cause = step;
        if (side->udp && header.window > 1)
          {
            /* a fragment: the datagram is handed over when its last one is
             * in; a network copy of one adds nothing */
            guint got = GPOINTER_TO_UINT (g_hash_table_lookup (side->reassembly, GUINT_TO_POINTER (header.ack)));

            if (!(seg->marks & HS_MARK_DUPLICATED))
              g_hash_table_insert (side->reassembly, GUINT_TO_POINTER (header.ack), GUINT_TO_POINTER (++got));
            reason = HS_REASON_ARRIVE_FRAGMENT;
            if (got == header.window && !(seg->marks & HS_MARK_DUPLICATED))
              {
                reason = HS_REASON_ARRIVE_REASSEMBLED;
                side->udp_received += header.options.mss;
                add_step (sim, HS_STEP_APP_NOTIFY, ev->endpoint, HS_NOTIFY_DATA, HS_REASON_APP, HS_TRACE_NONE,
                          header.options.mss);
              }
          }
        else if (side->udp)
          {
            /* UDP hands each datagram over as it comes, in whatever order */
            reason = ev->arg + 1 < side->udp_last_index ? HS_REASON_ARRIVE_DATAGRAM_LATE : HS_REASON_ARRIVE_DATAGRAM;
            side->udp_last_index = MAX (side->udp_last_index, ev->arg + 1);
            side->udp_received += len;
            add_step (sim, HS_STEP_APP_NOTIFY, ev->endpoint, HS_NOTIFY_DATA, HS_REASON_APP, HS_TRACE_NONE, len);
          }
        else
          reason = hs_endpoint_segment_arrives (side->endpoint, &header, len);
        hs_trace_peek_step_unchecked (sim->trace, step)->reason = reason;
      }
      break;

    case EV_LOSS:
      {
        HsTraceSegment *seg = hs_trace_peek_segment_unchecked (sim->trace, ev->arg);
        guint step;

        seg->fate = HS_FATE_LOST;
        step = add_step (sim, HS_STEP_SEGMENT_LOST, seg->from, 0, (HsReason) ev->token, ev->arg, seg->len);
        seg->end_step = step;
        sim->cause = step;
      }
      break;

    case EV_TIMER:
      /* the value is how long the timer ran, for the narration */
      sim->cause = add_step (sim, HS_STEP_TIMER, ev->endpoint, ev->arg, HS_REASON_TIMER_FIRED,
                             HS_TRACE_NONE, (guint64) (ev->time - (HsTime) ev->token));
      {
        HsState before = hs_endpoint_get_state (side->endpoint);
        guint timer_step = sim->cause;

        hs_endpoint_timer_fired (side->endpoint, ev->arg);
        if (ev->arg == HS_TIMER_RETRANSMISSION && side->failed &&
            hs_endpoint_get_state (side->endpoint) == HS_STATE_CLOSED && before != HS_STATE_CLOSED)
          hs_trace_peek_step_unchecked (sim->trace, timer_step)->reason = HS_REASON_TIMER_GAVE_UP;
      }
      break;

    case EV_OLD_DUPLICATE:
      sim->cause = HS_TRACE_NONE;
      transmit_old_duplicate (sim, hs_scenario_get_old_duplicate (sim->scenario, ev->arg));
      break;

    case EV_APP:
      if ((side->block != BLOCK_TIME && side->block != BLOCK_LINGER) || ev->token != side->app_token)
        return;
      side->block = BLOCK_NONE;
      sim->cause = HS_TRACE_NONE;
      break;

    default:
      g_assert_not_reached ();
    }

  /* Only the endpoint the event happened to can have changed: a segment
   * that arrives or a timer that fires; a loss changes no TCB, and an
   * application's calls are snapshotted as it makes them. */
  if (ev->kind == EV_ARRIVAL || ev->kind == EV_TIMER)
    snapshot (sim, ev->endpoint, hs_trace_get_n_steps_unchecked (sim->trace) - 1);
}

static inline gboolean
event_before (HsTime  time,
              guint64 order,
              const HsEvent *than)
{
  return time < than->time || (time == than->time && order < than->order);
}

/* The next event, queued, on a path or a timer, left where it is. */
static gboolean
next_event (Sim     *sim,
            HsEvent *ev)
{
  Timer *best;
  guint best_side, best_kind;
  gboolean queued = hs_event_queue_peek (sim->queue, ev);

  sim->next_source = SOURCE_QUEUE;
  for (guint i = 0; i < N_ENDPOINTS; i++)
    {
      Path *path = &sim->paths[i];
      const HsEvent *head;

      if (path->arrivals.len == 0)
        continue;
      head = ring_peek (&path->arrivals, 0);
      if (!queued || event_before (head->time, head->order, ev))
        {
          *ev = *head;
          queued = TRUE;
          sim->next_source = SOURCE_PATH_0 + i;
        }
    }

  if (sim->earliest_timer == NULL)
    {
      Timer *found = NULL;

      for (guint i = 0; i < sim->n_sides; i++)
        for (guint k = 0; k < HS_N_TIMERS; k++)
          {
            Timer *t = &sim->sides[i].timers[k];

            if (t->when == HS_TIME_NONE)
              continue;
            if (found == NULL || t->when < found->when || (t->when == found->when && t->order < found->order))
              {
                found = t;
                sim->earliest_side = i;
                sim->earliest_kind = k;
              }
          }
      /* a sentinel for "none armed", so that this is not repeated */
      sim->earliest_timer = found != NULL ? found : &sim->no_timer;
    }
  best = sim->earliest_timer->when != HS_TIME_NONE ? sim->earliest_timer : NULL;
  best_side = sim->earliest_side;
  best_kind = sim->earliest_kind;

  if (best != NULL && (!queued || event_before (best->when, best->order, ev)))
    {
      sim->next_source = SOURCE_TIMER;
      ev->time = best->when;
      ev->order = best->order;
      ev->kind = EV_TIMER;
      ev->endpoint = best_side;
      ev->arg = best_kind;
      ev->token = (guint64) best->armed;
      return TRUE;
    }

  return queued;
}

/* Removes the event next_event() gave. */
static void
take_event (Sim           *sim,
            const HsEvent *ev)
{
  HsEvent popped;

  switch (sim->next_source)
    {
    case SOURCE_TIMER:
      sim->sides[ev->endpoint].timers[ev->arg].when = HS_TIME_NONE;
      sim->earliest_timer = NULL;
      break;
    case SOURCE_PATH_0:
    case SOURCE_PATH_1:
      ring_pop (&sim->paths[sim->next_source - SOURCE_PATH_0].arrivals);
      break;
    case SOURCE_QUEUE:
    default:
      hs_event_queue_pop (sim->queue, &popped);
      g_assert (popped.order == ev->order);
      break;
    }
}

static void
record_parameters (Sim *sim)
{
  HsScenario *sc = sim->scenario;
  char buf[64];

  hs_trace_set_parameter (sim->trace, "lesson", hs_scenario_get_id (sc));
  hs_trace_set_parameter (sim->trace, "topic", hs_scenario_get_topic (sc));
  hs_trace_set_parameter (sim->trace, "profile", hs_profile_kind_to_string (hs_scenario_get_profile (sc)));
  g_snprintf (buf, sizeof buf, "%" G_GUINT64_FORMAT, hs_scenario_get_seed (sc));
  hs_trace_set_parameter (sim->trace, "seed", buf);
  for (guint i = 0; i < sim->n_groups; i++)
    {
      const HsEndpointConfig *c = hs_scenario_get_endpoint (sc, i);
      g_autofree char *key = g_strdup_printf ("%s.mss", c->name);

      g_snprintf (buf, sizeof buf, "%u", c->mss);
      hs_trace_set_parameter (sim->trace, key, buf);
      /* only a choice the lesson made: the profile says the rest */
      if (c->congestion != HS_CONGESTION_DEFAULT)
        {
          g_autofree char *cc_key = g_strdup_printf ("%s.congestion", c->name);

          hs_trace_set_parameter (sim->trace, cc_key, hs_congestion_kind_to_string (c->congestion));
        }
    }
  if (hs_scenario_get_path (sc, 0)->mtu != HS_DEFAULT_MTU)
    {
      /* only a lesson's own MTU: existing recordings keep their parameters */
      g_snprintf (buf, sizeof buf, "%u", hs_scenario_get_path (sc, 0)->mtu);
      hs_trace_set_parameter (sim->trace, "network.mtu", buf);
    }
  for (guint i = 0; i < N_ENDPOINTS; i++)
    {
      const HsPathConfig *p = hs_scenario_get_path (sc, i);
      g_autofree char *key = g_strdup_printf ("network.%s.delay_us", i == 0 ? "forward" : "reverse");

      g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, p->delay);
      hs_trace_set_parameter (sim->trace, key, buf);
    }
}

static void
record_truncation (Sim        *sim,
                   RunControl *control)
{
  char buf[32];

  hs_trace_set_parameter (sim->trace, "truncated", "steps");
  g_snprintf (buf, sizeof buf, "%" G_GUINT64_FORMAT, control->max_steps);
  hs_trace_set_parameter (sim->trace, "truncated.max_steps", buf);
  g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, sim->now);
  hs_trace_set_parameter (sim->trace, "truncated.at_us", buf);
}

/* FALSE when the caller has cancelled the run. */
static gboolean
check_in (Sim        *sim,
          RunControl *control,
          guint64     n_steps,
          HsTime      limit)
{
  if (control->progress != NULL)
    {
      HsSimulatorProgress progress = {
        .now = sim->now,
        .duration = limit,
        .n_steps = control->steps_before + n_steps,
        .max_steps = control->max_steps,
      };

      control->progress (&progress, control->progress_data);
    }

  return !g_cancellable_is_cancelled (control->cancellable);
}

static HsTrace *
run_transport (HsScenario       *scenario,
               HsTransport       transport,
               const char       *name_prefix,
               HsCongestionKind  congestion,
               RunControl       *control,
               GError          **error)
{
  Sim sim = { 0 };
  HsEndpointConfig configs[N_ENDPOINTS];   /* the lesson's, with @congestion when it is not the default */
  guint64 seed;
  guint64 next_check = MIN (CHECK_EVERY_STEPS, control->max_steps);
  gboolean cancelled = FALSE;
  guint32 seed_words[3];
  HsTime limit;
  HsEvent ev;
  gboolean have;

  g_return_val_if_fail (HS_IS_SCENARIO (scenario), NULL);

  seed = hs_scenario_get_seed (scenario);
  seed_words[0] = (guint32) seed;
  seed_words[1] = (guint32) (seed >> 32);

  sim.scenario = scenario;
  sim.profile = hs_profile_get (hs_scenario_get_profile (scenario));
  sim.trace = hs_trace_new ();
  sim.queue = hs_event_queue_new ();
  sim.cause = HS_TRACE_NONE;
  sim.n_drops = hs_scenario_get_n_drops (scenario);
  sim.drop_matches = g_new0 (guint, MAX (1, sim.n_drops));
  sim.transport = transport;
  sim.no_timer.when = HS_TIME_NONE;
  sim.n_sides = N_ENDPOINTS;
  sim.n_groups = N_ENDPOINTS;
  sim.seed_words[0] = seed_words[0];
  sim.seed_words[1] = seed_words[1];
  /* the key of SYN cookies, as a host draws its secret at boot */
  sim.cookie_secret = (guint32) (seed * 0x9e3779b97f4a7c15ull >> 32) ^ 0x5ca1ab1eu;

  hs_trace_set_title (sim.trace, hs_scenario_get_title (scenario));

  for (guint i = 0; i < N_ENDPOINTS; i++)
    {
      const HsEndpointConfig *config = hs_scenario_get_endpoint (scenario, i);

      g_autofree char *name = g_strconcat (name_prefix, config->name, NULL);

      if (congestion != HS_CONGESTION_DEFAULT)
        {
          /* a shallow copy: what it points to stays the scenario's */
          configs[i] = *config;
          configs[i].congestion = congestion;
          config = &configs[i];
        }

      /* One random stream per endpoint and per path, all from the seed. */
      seed_words[2] = 1 + i;
      sim.sides[i].rand = g_rand_new_with_seed_array (seed_words, 3);
      seed_words[2] = 101 + i;
      hs_random_init_with_seed_array (&sim.paths[i].rand, seed_words, 3);

      sim.sides[i].config = config;
      sim.sides[i].script = config->script;
      sim.sides[i].path = i;
      sim.sides[i].group = i;
      g_queue_init (&sim.sides[i].accept_queue);
      for (guint k = 0; k < HS_N_TIMERS; k++)
        sim.sides[i].timers[k].when = HS_TIME_NONE;
      sim.sides[i].udp = transport == HS_TRANSPORT_UDP;
      sim.sides[i].reassembly = g_hash_table_new (NULL, NULL);
      if (!sim.sides[i].udp)
        sim.sides[i].endpoint = hs_endpoint_new (i, config, sim.profile, &host_vtable, &sim, sim.sides[i].rand);
      sim.paths[i].config = hs_scenario_get_path (scenario, i);
      ring_init (&sim.paths[i].departures, sizeof (HsTime));
      ring_init (&sim.paths[i].arrivals, sizeof (HsEvent));
      hs_trace_add_endpoint (sim.trace, name, config->address, config->port, HS_STATE_CLOSED);
      hs_trace_set_endpoint_transport (sim.trace, i, transport);
    }
  for (guint i = 0; i < N_ENDPOINTS && transport == HS_TRANSPORT_TCP; i++)
    {
      const HsEndpointConfig *peer = hs_scenario_get_endpoint (scenario, 1 - i);

      hs_endpoint_set_peer (sim.sides[i].endpoint, peer->address, peer->port);
    }
  if (hs_scenario_has_hosts (scenario) && transport == HS_TRANSPORT_TCP)
    setup_hosts (&sim, scenario);
  record_parameters (&sim);
  for (guint i = 0; i < N_ENDPOINTS && congestion != HS_CONGESTION_DEFAULT; i++)
    {
      g_autofree char *key = g_strdup_printf ("%s%s.congestion", name_prefix, sim.sides[i].config->name);

      hs_trace_set_parameter (sim.trace, key, hs_congestion_kind_to_string (congestion));
    }

  limit = hs_scenario_get_duration (scenario);

  /* an old duplicate leaves one path delay before it arrives, or at the start */
  for (guint i = 0; i < hs_scenario_get_n_old_duplicates (scenario) && transport == HS_TRANSPORT_TCP; i++)
    {
      const HsOldDuplicate *dup = hs_scenario_get_old_duplicate (scenario, i);

      push (&sim, MAX (0, dup->time - sim.paths[dup->endpoint].config->delay), EV_OLD_DUPLICATE, dup->endpoint, i, 0);
    }

  run_scripts (&sim);
  have = next_event (&sim, &ev);
  while (have)
    {
      if (limit > 0 && ev.time > limit)
        break;
      if (G_UNLIKELY (hs_trace_get_n_steps (sim.trace) >= next_check))
        {
          guint64 n_steps = hs_trace_get_n_steps (sim.trace);

          if (n_steps >= control->max_steps)
            {
              record_truncation (&sim, control);
              break;
            }
          if (!check_in (&sim, control, n_steps, limit))
            {
              cancelled = TRUE;
              break;
            }
          next_check = MIN (n_steps + CHECK_EVERY_STEPS, control->max_steps);
        }
      take_event (&sim, &ev);
      sim.now = ev.time;
      handle_event (&sim, &ev);

      /* Applications run once the network has done everything due at this
       * instant, as a kernel handles arriving segments before it wakes the
       * processes waiting for them. */
      have = next_event (&sim, &ev);
      if (!have || ev.time != sim.now)
        {
          run_scripts (&sim);
          have = next_event (&sim, &ev);
        }
    }

  for (guint i = 0; i < sim.n_sides; i++)
    {
      g_clear_pointer (&sim.sides[i].endpoint, hs_endpoint_free);
      g_rand_free (sim.sides[i].rand);
      g_hash_table_unref (sim.sides[i].reassembly);
      g_queue_clear (&sim.sides[i].accept_queue);
    }
  for (guint i = 0; i < N_ENDPOINTS; i++)
    {
      ring_clear (&sim.paths[i].departures);
      ring_clear (&sim.paths[i].arrivals);
    }
  g_free (sim.drop_matches);
  hs_event_queue_free (sim.queue);

  if (cancelled && sim.error == NULL)
    g_cancellable_set_error_if_cancelled (control->cancellable, &sim.error);
  if (sim.error == NULL)
    hs_trace_compact (sim.trace);
  control->steps_before += hs_trace_get_n_steps (sim.trace);

  if (sim.error != NULL)
    {
      g_propagate_error (error, sim.error);
      g_object_unref (sim.trace);
      return NULL;
    }
  return sim.trace;
}

HsTrace *
hs_simulator_run (HsScenario  *scenario,
                  GError     **error)
{
  return hs_simulator_run_full (scenario, 0, NULL, NULL, NULL, error);
}

HsTrace *
hs_simulator_run_full (HsScenario               *scenario,
                       guint64                   max_steps,
                       GCancellable             *cancellable,
                       HsSimulatorProgressFunc   progress,
                       gpointer                  progress_data,
                       GError                  **error)
{
  g_autoptr(HsTrace) tcp = NULL;
  g_autoptr(HsTrace) udp = NULL;
  RunControl control = {
    .max_steps = max_steps > 0 ? max_steps : HS_SIMULATOR_MAX_STEPS,
    .cancellable = cancellable,
    .progress = progress,
    .progress_data = progress_data,
  };

  g_return_val_if_fail (HS_IS_SCENARIO (scenario), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  switch (hs_scenario_get_transport (scenario))
    {
    case HS_LESSON_TCP:
      return run_transport (scenario, HS_TRANSPORT_TCP, "", HS_CONGESTION_DEFAULT, &control, error);
    case HS_LESSON_UDP:
      return run_transport (scenario, HS_TRANSPORT_UDP, "", HS_CONGESTION_DEFAULT, &control, error);
    case HS_LESSON_RENO_AND_CUBIC:
      /* the same scripts, the same network and the same losses, once with
       * each algorithm; the lanes are named "reno-…" and "cubic-…" */
      tcp = run_transport (scenario, HS_TRANSPORT_TCP, "reno-", HS_CONGESTION_RENO, &control, error);
      if (tcp == NULL)
        return NULL;
      udp = run_transport (scenario, HS_TRANSPORT_TCP, "cubic-", HS_CONGESTION_CUBIC, &control, error);
      if (udp == NULL)
        return NULL;
      return hs_trace_new_merged (tcp, udp);
    case HS_LESSON_TCP_AND_UDP:
    default:
      /* the same scripts, the same network, one run each; the UDP lanes
       * are named "udp-client" and "udp-server" */
      tcp = run_transport (scenario, HS_TRANSPORT_TCP, "", HS_CONGESTION_DEFAULT, &control, error);
      if (tcp == NULL)
        return NULL;
      udp = run_transport (scenario, HS_TRANSPORT_UDP, "udp-", HS_CONGESTION_DEFAULT, &control, error);
      if (udp == NULL)
        return NULL;
      return hs_trace_new_merged (tcp, udp);
    }
}

gboolean
hs_simulator_trace_is_truncated (HsTrace *trace,
                                 guint64 *max_steps,
                                 HsTime  *at)
{
  const char *value;
  guint64 n = 0;
  gint64 t = 0;

  g_return_val_if_fail (HS_IS_TRACE (trace), FALSE);

  if (hs_trace_get_parameter (trace, "truncated") == NULL)
    return FALSE;

  /* A merged TCP/UDP trace or a hand-made one may lack the details. */
  value = hs_trace_get_parameter (trace, "truncated.max_steps");
  if (value != NULL)
    g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT64, &n, NULL);
  value = hs_trace_get_parameter (trace, "truncated.at_us");
  if (value != NULL)
    g_ascii_string_to_signed (value, 10, 0, G_MAXINT64, &t, NULL);

  if (max_steps != NULL)
    *max_steps = n;
  if (at != NULL)
    *at = t;

  return TRUE;
}
