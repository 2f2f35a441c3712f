/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-endpoint.c: one HsEndpoint driven by hand through a fake host, event by
 * event as RFC 9293 section 3.10 describes them, with RFC 6298 timers. */

#define G_LOG_DOMAIN "test-endpoint"

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib.h>

#include "hs-endpoint.h"
#include "hs-narration.h"
#include "hs-profile.h"
#include "hs-trace.h"
#include "hs-types.h"

#define LOCAL_PORT  5000
#define PEER_PORT   43098
#define ISS         1000u       /* ours */
#define PEER_ISS    90000u      /* the peer's, which we call IRS */

#define MSEC(x)     ((HsTime) (x) * HS_USEC_PER_MSEC)
#define SEC(x)      ((HsTime) (x) * HS_USEC_PER_SEC)

/* ------------------------------------------------------------ the fake host -- */

typedef struct
{
  HsTcpHeader header;
  guint32     len;
  guint32     window;     /* as the endpoint says it is, after scaling */
  guint8      marks;
  HsReason    reason;
  HsTime      time;
} Sent;

typedef struct
{
  HsNotify what;
  guint64  value;
  HsTime   time;
} Notice;

typedef struct
{
  HsEndpointConfig  config;
  const HsProfile  *profile;
  GRand            *rand;
  HsEndpoint       *endpoint;

  HsTime            now;
  HsTime            timers[HS_N_TIMERS];   /* the deadline each timer is armed for */
  HsState           state;                 /* as state_changed reported it */
  GArray           *sent;                  /* Sent */
  GArray           *states;                /* HsState: every state entered */
  GArray           *notices;               /* Notice */
} Fake;

static HsTime
fake_now_cb (gpointer data)
{
  return ((Fake *) data)->now;
}

static guint
fake_transmit_cb (gpointer           data,
                  HsEndpoint        *endpoint,
                  const HsTcpHeader *header,
                  guint32            len,
                  guint32            window,
                  guint8             marks,
                  HsReason           reason)
{
  Fake *fake = data;
  Sent s = {
    .header = *header,
    .len = len,
    .window = window,
    .marks = marks,
    .reason = reason,
    .time = fake->now,
  };

  g_assert_true (endpoint == fake->endpoint);
  g_array_append_val (fake->sent, s);
  return fake->sent->len - 1;
}

static void
fake_set_timer_cb (gpointer     data,
                   HsEndpoint  *endpoint,
                   HsTimerKind  kind,
                   HsTime       when)
{
  Fake *fake = data;

  g_assert_true (endpoint == fake->endpoint);
  g_assert_cmpuint (kind, <, HS_N_TIMERS);
  /* A deadline in the past would never be honoured by a real host. */
  if (when != HS_TIME_NONE)
    g_assert_cmpint (when, >=, fake->now);
  fake->timers[kind] = when;
}

static void
fake_state_changed_cb (gpointer    data,
                       HsEndpoint *endpoint,
                       HsState     from,
                       HsState     to)
{
  Fake *fake = data;

  g_assert_true (endpoint == fake->endpoint);
  /* Every transition starts where the previous one ended. */
  g_assert_cmpstr (hs_state_to_string (from), ==, hs_state_to_string (fake->state));
  g_assert_cmpint (from, !=, to);
  fake->state = to;
  g_array_append_val (fake->states, to);
}

static void
fake_notify_cb (gpointer    data,
                HsEndpoint *endpoint,
                HsNotify    what,
                guint64     value)
{
  Fake *fake = data;
  Notice n = { what, value, fake->now };

  g_assert_true (endpoint == fake->endpoint);
  g_array_append_val (fake->notices, n);
}

static const HsEndpointHost fake_host = {
  fake_now_cb,
  fake_transmit_cb,
  fake_set_timer_cb,
  fake_state_changed_cb,
  fake_notify_cb,
};

static void
fake_free (Fake *fake)
{
  g_clear_pointer (&fake->endpoint, hs_endpoint_free);
  g_clear_pointer (&fake->rand, g_rand_free);
  g_clear_pointer (&fake->sent, g_array_unref);
  g_clear_pointer (&fake->states, g_array_unref);
  g_clear_pointer (&fake->notices, g_array_unref);
  g_free (fake->config.name);
  g_free (fake->config.address);
  g_free (fake);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Fake, fake_free)

/* A fake host and the configuration of the endpoint it will hold: an MSS of
 * 1460, 64 KiB buffers, no SACK, no timestamps (so headers stay simple), no
 * window scaling, Nagle on, delayed ACKs off, an application that reads data
 * as it arrives. Tests change the configuration, then call fake_start(). */
static Fake *
fake_new (HsProfileKind kind)
{
  Fake *fake = g_new0 (Fake, 1);

  fake->profile = hs_profile_get (kind);
  fake->rand = g_rand_new_with_seed (42);
  fake->config.name = g_strdup ("server");
  fake->config.address = g_strdup ("10.0.0.2");
  fake->config.port = LOCAL_PORT;
  fake->config.isn_random = FALSE;
  fake->config.isn = ISS;
  fake->config.mss = 1460;
  fake->config.receive_buffer = 65536;
  fake->config.send_buffer = 65536;
  fake->config.window_scale = -1;
  fake->config.sack = FALSE;
  fake->config.timestamps = FALSE;
  fake->config.nagle = TRUE;
  fake->config.delayed_ack = FALSE;
  fake->config.auto_read = TRUE;
  fake->config.initial_ssthresh = 0;
  fake->config.script = NULL;
  fake->state = HS_STATE_CLOSED;
  fake->sent = g_array_new (FALSE, TRUE, sizeof (Sent));
  fake->states = g_array_new (FALSE, TRUE, sizeof (HsState));
  fake->notices = g_array_new (FALSE, TRUE, sizeof (Notice));
  for (guint i = 0; i < HS_N_TIMERS; i++)
    fake->timers[i] = HS_TIME_NONE;
  return fake;
}

static void
fake_start (Fake *fake)
{
  g_assert_null (fake->endpoint);
  fake->endpoint = hs_endpoint_new (1, &fake->config, fake->profile, &fake_host, fake, fake->rand);
  hs_endpoint_set_peer (fake->endpoint, "10.0.0.1", PEER_PORT);
  g_assert_cmpint (hs_endpoint_get_state (fake->endpoint), ==, HS_STATE_CLOSED);
}

static Fake *
fake_new_started (HsProfileKind kind)
{
  Fake *fake = fake_new (kind);

  fake_start (fake);
  return fake;
}

/* Forgets what was sent, entered and notified so far (not the timers). */
static void
fake_clear (Fake *fake)
{
  g_array_set_size (fake->sent, 0);
  g_array_set_size (fake->states, 0);
  g_array_set_size (fake->notices, 0);
}

/* Moves the clock to @until, firing every timer that falls due on the way,
 * in deadline order, at its deadline. */
static void
fake_advance_to (Fake   *fake,
                 HsTime  until)
{
  g_assert_cmpint (until, >=, fake->now);

  for (;;)
    {
      guint next = HS_N_TIMERS;

      for (guint k = 0; k < HS_N_TIMERS; k++)
        if (fake->timers[k] != HS_TIME_NONE && fake->timers[k] <= until &&
            (next == HS_N_TIMERS || fake->timers[k] < fake->timers[next]))
          next = k;
      if (next == HS_N_TIMERS)
        break;
      fake->now = fake->timers[next];
      fake->timers[next] = HS_TIME_NONE;
      hs_endpoint_timer_fired (fake->endpoint, next);
    }
  fake->now = until;
}

static void
fake_advance (Fake   *fake,
              HsTime  delta)
{
  fake_advance_to (fake, fake->now + delta);
}

static HsReason
fake_arrive_header (Fake              *fake,
                    const HsTcpHeader *header,
                    guint32            len)
{
  HsTcpHeader copy = *header;

  return hs_endpoint_segment_arrives (fake->endpoint, &copy, len);
}

/* A segment from the peer. A SYN carries an MSS option of 1460. */
static HsReason
fake_arrive_window (Fake    *fake,
                    guint8   flags,
                    guint32  seq,
                    guint32  ack,
                    guint32  len,
                    guint16  window)
{
  HsTcpHeader h = { 0 };

  h.src_port = PEER_PORT;
  h.dst_port = LOCAL_PORT;
  h.seq = seq;
  h.ack = ack;
  h.flags = flags;
  h.window = window;
  if (flags & HS_TCP_SYN)
    {
      h.options.present = HS_TCP_OPT_MSS;
      h.options.mss = 1460;
    }
  return fake_arrive_header (fake, &h, len);
}

static HsReason
fake_arrive (Fake    *fake,
             guint8   flags,
             guint32  seq,
             guint32  ack,
             guint32  len)
{
  return fake_arrive_window (fake, flags, seq, ack, len, 65535);
}

static guint
fake_n_sent (Fake *fake)
{
  return fake->sent->len;
}

/* The @i-th segment sent (from 0). Assertions are not fatal here, so a
 * segment that was never sent fails the test and reads as all zeroes. */
static const Sent *
fake_sent (Fake  *fake,
           guint  i)
{
  static const Sent none = { 0 };

  if (i >= fake->sent->len)
    {
      g_test_fail_printf ("segment %u was never sent (%u were)", i, fake->sent->len);
      return &none;
    }
  return &g_array_index (fake->sent, Sent, i);
}

static const Sent *
fake_last_sent (Fake *fake)
{
  return fake_sent (fake, fake->sent->len > 0 ? fake->sent->len - 1 : 0);
}

static Notice
fake_notice (Fake  *fake,
             guint  i)
{
  static const Notice none = { HS_N_NOTIFIES, 0, HS_TIME_NONE };

  if (i >= fake->notices->len)
    {
      g_test_fail_printf ("notification %u never came (%u did)", i, fake->notices->len);
      return none;
    }
  return g_array_index (fake->notices, Notice, i);
}

static guint
fake_count_notices (Fake     *fake,
                    HsNotify  what)
{
  guint n = 0;

  for (guint i = 0; i < fake->notices->len; i++)
    n += g_array_index (fake->notices, Notice, i).what == what;
  return n;
}

static guint64
fake_data_notified (Fake *fake)
{
  guint64 total = 0;

  for (guint i = 0; i < fake->notices->len; i++)
    {
      const Notice *n = &g_array_index (fake->notices, Notice, i);

      if (n->what == HS_NOTIFY_DATA)
        total += n->value;
    }
  return total;
}

static gboolean
fake_any_timer (Fake *fake)
{
  for (guint k = 0; k < HS_N_TIMERS; k++)
    if (fake->timers[k] != HS_TIME_NONE)
      return TRUE;
  return FALSE;
}

static HsTcbSnapshot
fake_snapshot (Fake *fake)
{
  HsTcbSnapshot s;

  hs_endpoint_snapshot (fake->endpoint, &s);
  return s;
}

#define assert_state(fake, expected) \
  g_assert_cmpstr (hs_state_to_string (hs_endpoint_get_state ((fake)->endpoint)), ==, \
                   hs_state_to_string (expected))

/* The segment's flags, sequence number, acknowledgement number (compared
 * only when the ACK bit is expected) and payload length. */
#define assert_segment(s, flags_, seq_, ack_, len_) G_STMT_START {             \
    const Sent *s__ = (s);                                                      \
    g_autofree char *got__ = hs_tcp_flags_to_string (s__->header.flags, "+");   \
    g_autofree char *want__ = hs_tcp_flags_to_string ((flags_), "+");           \
    g_assert_cmpstr (got__, ==, want__);                                        \
    g_assert_cmpuint (s__->header.seq, ==, (guint32) (seq_));                   \
    if ((flags_) & HS_TCP_ACK)                                                  \
      g_assert_cmpuint (s__->header.ack, ==, (guint32) (ack_));                 \
    g_assert_cmpuint (s__->len, ==, (len_));                                    \
  } G_STMT_END

/* Three-way handshake as the active side, with the peer's SYN+ACK arriving
 * @rtt after our SYN; everything recorded so far is forgotten. */
static void
fake_establish_active_rtt (Fake   *fake,
                           HsTime  rtt)
{
  g_assert_cmpint (hs_endpoint_connect (fake->endpoint), ==, HS_ENDPOINT_OK);
  fake_advance (fake, rtt);
  fake_arrive (fake, HS_TCP_SYN | HS_TCP_ACK, PEER_ISS, ISS + 1, 0);
  assert_state (fake, HS_STATE_ESTABLISHED);
  fake_clear (fake);
}

static void
fake_establish_active (Fake *fake)
{
  fake_establish_active_rtt (fake, MSEC (10));
}

/* ... and as the passive side. */
static void
fake_establish_passive (Fake *fake)
{
  g_assert_cmpint (hs_endpoint_listen (fake->endpoint), ==, HS_ENDPOINT_OK);
  fake_arrive (fake, HS_TCP_SYN, PEER_ISS, 0, 0);
  fake_advance (fake, MSEC (10));
  fake_arrive (fake, HS_TCP_ACK, PEER_ISS + 1, ISS + 1, 0);
  assert_state (fake, HS_STATE_ESTABLISHED);
  fake_clear (fake);
}

/* ------------------------------------------------------------------ OPEN -- */

static void
test_open_active (void)
{
  g_autoptr(Fake) fake = fake_new_started (HS_PROFILE_RFC);
  const Sent *syn;

  g_test_summary ("Active OPEN in CLOSED (RFC 9293 section 3.10.1): "
                  "a SYN with SEQ=ISS and no ACK, SYN-SENT, retransmission timer at 1 s");

  fake->now = MSEC (5);
  g_assert_cmpint (hs_endpoint_connect (fake->endpoint), ==, HS_ENDPOINT_OK);
  assert_state (fake, HS_STATE_SYN_SENT);
  g_assert_cmpuint (fake->states->len, ==, 1);
  g_assert_true (hs_endpoint_has_iss (fake->endpoint));
  g_assert_cmpuint (hs_endpoint_get_iss (fake->endpoint), ==, ISS);

  g_assert_cmpuint (fake_n_sent (fake), ==, 1);
  syn = fake_sent (fake, 0);
  assert_segment (syn, HS_TCP_SYN, ISS, 0, 0);
  g_assert_cmpuint (syn->header.src_port, ==, LOCAL_PORT);
  g_assert_cmpuint (syn->header.dst_port, ==, PEER_PORT);
  g_assert_cmpuint (syn->header.options.present & HS_TCP_OPT_MSS, !=, 0);
  g_assert_cmpuint (syn->header.options.mss, ==, 1460);
  g_assert_cmpuint (syn->header.options.present & HS_TCP_OPT_WSCALE, ==, 0);
  g_assert_cmpuint (syn->header.window, ==, 65535);
  g_assert_cmpuint (syn->marks & HS_MARK_RETRANSMISSION, ==, 0);
  g_assert_cmpint (syn->reason, ==, HS_REASON_SEND_SYN);

  /* RFC 6298 (2.1): RTO starts at 1 s */
  g_assert_cmpint (fake->timers[HS_TIMER_RETRANSMISSION], ==, MSEC (5) + SEC (1));
  g_assert_cmpuint (fake->notices->len, ==, 0);
}

static void
test_open_active_linux (void)
{
  g_autoptr(Fake) fake = fake_new (HS_PROFILE_LINUX);
  const Sent *syn;

  g_test_summary ("Linux's SYN offers a whole number of segments (64240) and its window scale");

  fake->config.window_scale = 7;
  fake_start (fake);
  g_assert_cmpint (hs_endpoint_connect (fake->endpoint), ==, HS_ENDPOINT_OK);
  syn = fake_sent (fake, 0);
  assert_segment (syn, HS_TCP_SYN, ISS, 0, 0);
  g_assert_cmpuint (syn->header.window, ==, 64240);
  g_assert_cmpuint (syn->header.options.present & HS_TCP_OPT_WSCALE, !=, 0);
  g_assert_cmpuint (syn->header.options.wscale, ==, 7);
  g_assert_cmpint (fake->timers[HS_TIMER_RETRANSMISSION], ==, SEC (1));
}

static void
test_open_passive (void)
{
  g_autoptr(Fake) fake = fake_new_started (HS_PROFILE_RFC);

  g_test_summary ("Passive OPEN: LISTEN, nothing sent, no timer armed");

  g_assert_cmpint (hs_endpoint_listen (fake->endpoint), ==, HS_ENDPOINT_OK);
  assert_state (fake, HS_STATE_LISTEN);
  g_assert_cmpuint (fake_n_sent (fake), ==, 0);
  g_assert_false (fake_any_timer (fake));
  g_assert_cmpuint (fake->notices->len, ==, 0);
}

static void
test_open_errors (void)
{
  g_autoptr(Fake) fake = fake_new_started (HS_PROFILE_RFC);

  g_test_summary ("SEND before OPEN fails; OPEN on an existing connection fails (\"connection already exists\")");

  g_assert_cmpint (hs_endpoint_send (fake->endpoint, 10), ==, HS_ENDPOINT_ERROR_NOT_CONNECTED);
  g_assert_cmpint (hs_endpoint_listen (fake->endpoint), ==, HS_ENDPOINT_OK);
  g_assert_cmpint (hs_endpoint_send (fake->endpoint, 10), ==, HS_ENDPOINT_ERROR_NOT_CONNECTED);
  g_assert_cmpint (hs_endpoint_listen (fake->endpoint), ==, HS_ENDPOINT_ERROR_EXISTS);
  /* RFC 9293: an active OPEN in LISTEN is allowed and sends a SYN */
  g_assert_cmpint (hs_endpoint_connect (fake->endpoint), ==, HS_ENDPOINT_OK);
  assert_state (fake, HS_STATE_SYN_SENT);
  g_assert_cmpint (hs_endpoint_connect (fake->endpoint), ==, HS_ENDPOINT_ERROR_EXISTS);
  g_assert_cmpint (hs_endpoint_listen (fake->endpoint), ==, HS_ENDPOINT_ERROR_EXISTS);
  g_assert_cmpuint (fake_n_sent (fake), ==, 1);
}

/* ---------------------------------------------------------------- CLOSED -- */

static void
test_closed_no_ack (void)
{
  g_autoptr(Fake) fake = fake_new_started (HS_PROFILE_RFC);
  const Sent *rst;
  HsReason reason;

  g_test_summary ("CLOSED port, segment without ACK (RFC 9293 section 3.10.7.1): "
                  "<SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>, SYN and FIN counting one each");

  reason = fake_arrive (fake, HS_TCP_SYN, 5000, 0, 0);
  g_assert_cmpint (reason, ==, HS_REASON_ARRIVE_CLOSED_PORT);
  g_assert_cmpuint (fake_n_sent (fake), ==, 1);
  rst = fake_sent (fake, 0);
  assert_segment (rst, HS_TCP_RST | HS_TCP_ACK, 0, 5001, 0);
  g_assert_cmpuint (rst->header.window, ==, 0);
  g_assert_cmpint (rst->reason, ==, HS_REASON_SEND_RST_CLOSED);
  g_assert_cmpuint (rst->header.options.present, ==, 0);

  /* data and a FIN: SEG.LEN = 100 + 1 */
  fake_arrive (fake, HS_TCP_FIN | HS_TCP_PSH, 7000, 0, 100);
  assert_segment (fake_last_sent (fake), HS_TCP_RST | HS_TCP_ACK, 0, 7101, 0);

  /* data alone */
  fake_arrive (fake, HS_TCP_PSH, 8000, 0, 10);
  assert_segment (fake_last_sent (fake), HS_TCP_RST | HS_TCP_ACK, 0, 8010, 0);

  assert_state (fake, HS_STATE_CLOSED);
  g_assert_false (fake_any_timer (fake));
  g_assert_cmpuint (fake->states->len, ==, 0);
  g_assert_cmpuint (fake->notices->len, ==, 0);
}

static void
test_closed_ack (void)
{
  g_autoptr(Fake) fake = fake_new_started (HS_PROFILE_LINUX);

  g_test_summary ("CLOSED port, segment with ACK: <SEQ=SEG.ACK><CTL=RST>, without an ACK bit");

  fake_arrive (fake, HS_TCP_ACK, 5000, 777, 0);
  g_assert_cmpuint (fake_n_sent (fake), ==, 1);
  assert_segment (fake_sent (fake, 0), HS_TCP_RST, 777, 0, 0);

  fake_arrive (fake, HS_TCP_ACK | HS_TCP_PSH, 5000, 0xfffffff0u, 300);
  assert_segment (fake_last_sent (fake), HS_TCP_RST, 0xfffffff0u, 0, 0);

  fake_arrive (fake, HS_TCP_SYN | HS_TCP_ACK, 5000, 12345, 0);
  assert_segment (fake_last_sent (fake), HS_TCP_RST, 12345, 0, 0);
  assert_state (fake, HS_STATE_CLOSED);
}

static void
test_closed_rst (void)
{
  g_autoptr(Fake) fake = fake_new_started (HS_PROFILE_RFC);

  g_test_summary ("CLOSED port: an incoming RST is discarded, never answered");

  g_assert_cmpint (fake_arrive (fake, HS_TCP_RST, 5000, 0, 0), ==, HS_REASON_ARRIVE_IGNORED);
  fake_arrive (fake, HS_TCP_RST | HS_TCP_ACK, 5000, 1, 0);
  g_assert_cmpuint (fake_n_sent (fake), ==, 0);
  assert_state (fake, HS_STATE_CLOSED);
}

static void
test_closed_reply_port (void)
{
  g_autoptr(Fake) fake = fake_new_started (HS_PROFILE_RFC);
  HsTcpHeader h = { 0 };

  g_test_summary ("CLOSED port: the RST goes back where the segment came from (its source port)");

  h.src_port = 1234;
  h.dst_port = LOCAL_PORT;
  h.seq = 5000;
  h.flags = HS_TCP_SYN;
  h.window = 1000;
  fake_arrive_header (fake, &h, 0);
  g_assert_cmpuint (fake_n_sent (fake), ==, 1);
  assert_segment (fake_sent (fake, 0), HS_TCP_RST | HS_TCP_ACK, 0, 5001, 0);
  g_assert_cmpuint (fake_sent (fake, 0)->header.src_port, ==, LOCAL_PORT);
  g_assert_cmpuint (fake_sent (fake, 0)->header.dst_port, ==, 1234);
}

/* ---------------------------------------------------------------- LISTEN -- */

static void
test_listen_rst (void)
{
  g_autoptr(Fake) fake = fake_new_started (HS_PROFILE_RFC);

  g_test_summary ("LISTEN: an incoming RST is ignored");

  hs_endpoint_listen (fake->endpoint);
  fake_arrive (fake, HS_TCP_RST, 5000, 0, 0);
  fake_arrive (fake, HS_TCP_RST | HS_TCP_ACK, 5000, 77, 0);
  g_assert_cmpuint (fake_n_sent (fake), ==, 0);
  assert_state (fake, HS_STATE_LISTEN);
}

static void
test_listen_ack (void)
{
  g_autoptr(Fake) fake = fake_new_started (HS_PROFILE_RFC);

  g_test_summary ("LISTEN: any ACK is bad, answered with <SEQ=SEG.ACK><CTL=RST>; LISTEN stays");

  hs_endpoint_listen (fake->endpoint);
  g_assert_cmpint (fake_arrive (fake, HS_TCP_ACK, 5000, 4242, 0), ==, HS_REASON_ARRIVE_BAD_ACK);
  g_assert_cmpuint (fake_n_sent (fake), ==, 1);
  assert_segment (fake_sent (fake, 0), HS_TCP_RST, 4242, 0, 0);
  assert_state (fake, HS_STATE_LISTEN);

  /* the ACK check comes before the SYN check */
  fake_arrive (fake, HS_TCP_SYN | HS_TCP_ACK, 5000, 999, 0);
  assert_segment (fake_last_sent (fake), HS_TCP_RST, 999, 0, 0);
  assert_state (fake, HS_STATE_LISTEN);
  g_assert_cmpuint (fake->states->len, ==, 1);
}

static void
test_listen_syn (void)
{
  g_autoptr(Fake) fake = fake_new_started (HS_PROFILE_RFC);
  const Sent *synack;
  HsTcbSnapshot s;

  g_test_summary ("LISTEN + SYN: SYN-RECEIVED and <SEQ=ISS><ACK=SEG.SEQ+1><CTL=SYN,ACK>");

  hs_endpoint_listen (fake->endpoint);
  fake->now = MSEC (100);
  g_assert_cmpint (fake_arrive (fake, HS_TCP_SYN, PEER_ISS, 0, 0), ==, HS_REASON_ARRIVE_ACCEPTED);
  assert_state (fake, HS_STATE_SYN_RECEIVED);
  g_assert_cmpuint (fake_n_sent (fake), ==, 1);
  synack = fake_sent (fake, 0);
  assert_segment (synack, HS_TCP_SYN | HS_TCP_ACK, ISS, PEER_ISS + 1, 0);
  g_assert_cmpuint (synack->header.dst_port, ==, PEER_PORT);
  g_assert_cmpuint (synack->header.options.present & HS_TCP_OPT_MSS, !=, 0);
  g_assert_cmpint (synack->reason, ==, HS_REASON_SEND_SYN_ACK);
  g_assert_cmpint (fake->timers[HS_TIMER_RETRANSMISSION], ==, MSEC (100) + SEC (1));

  s = fake_snapshot (fake);
  g_assert_cmpuint (s.irs, ==, PEER_ISS);
  g_assert_cmpuint (s.rcv_nxt, ==, PEER_ISS + 1);
  g_assert_cmpuint (s.iss, ==, ISS);
  g_assert_cmpuint (s.snd_una, ==, ISS);
  g_assert_cmpuint (s.snd_nxt, ==, ISS + 1);
  g_assert_cmpuint (fake->notices->len, ==, 0);
}

static void
test_listen_other (void)
{
  g_autoptr(Fake) fake = fake_new_started (HS_PROFILE_LINUX);

  g_test_summary ("LISTEN: a segment with neither SYN, ACK nor RST is dropped without an answer");

  hs_endpoint_listen (fake->endpoint);
  g_assert_cmpint (fake_arrive (fake, HS_TCP_FIN, 5000, 0, 0), ==, HS_REASON_ARRIVE_IGNORED);
  fake_arrive (fake, HS_TCP_PSH, 5000, 0, 100);
  g_assert_cmpuint (fake_n_sent (fake), ==, 0);
  assert_state (fake, HS_STATE_LISTEN);
}

/* -------------------------------------------------------------- SYN-SENT -- */

static void
test_syn_sent_bad_ack (void)
{
  g_autoptr(Fake) fake = fake_new_started (HS_PROFILE_RFC);

  g_test_summary ("SYN-SENT: SEG.ACK =< ISS or SEG.ACK > SND.NXT is answered with <SEQ=SEG.ACK><CTL=RST>");

  hs_endpoint_connect (fake->endpoint);
  fake_clear (fake);

  g_assert_cmpint (fake_arrive (fake, HS_TCP_SYN | HS_TCP_ACK, PEER_ISS, ISS, 0), ==, HS_REASON_ARRIVE_BAD_ACK);
  g_assert_cmpuint (fake_n_sent (fake), ==, 1);
  assert_segment (fake_sent (fake, 0), HS_TCP_RST, ISS, 0, 0);
  assert_state (fake, HS_STATE_SYN_SENT);

  fake_arrive (fake, HS_TCP_ACK, PEER_ISS, ISS + 2, 0);
  g_assert_cmpuint (fake_n_sent (fake), ==, 2);
  assert_segment (fake_sent (fake, 1), HS_TCP_RST, ISS + 2, 0, 0);
  assert_state (fake, HS_STATE_SYN_SENT);

  fake_arrive (fake, HS_TCP_SYN | HS_TCP_ACK, PEER_ISS, ISS - 100, 0);
  assert_segment (fake_last_sent (fake), HS_TCP_RST, ISS - 100, 0, 0);
  assert_state (fake, HS_STATE_SYN_SENT);
  g_assert_cmpuint (fake->notices->len, ==, 0);
  g_assert_cmpint (fake->timers[HS_TIMER_RETRANSMISSION], !=, HS_TIME_NONE);
}

static void
test_syn_sent_bad_ack_rst (void)
{
  g_autoptr(Fake) fake = fake_new_started (HS_PROFILE_RFC);

  g_test_summary ("SYN-SENT: an RST with an unacceptable ACK is dropped silently");

  hs_endpoint_connect (fake->endpoint);
  fake_clear (fake);
  fake_arrive (fake, HS_TCP_RST | HS_TCP_ACK, 0, ISS + 5, 0);
  fake_arrive (fake, HS_TCP_RST | HS_TCP_ACK, 0, ISS, 0);
  g_assert_cmpuint (fake_n_sent (fake), ==, 0);
  assert_state (fake, HS_STATE_SYN_SENT);
  g_assert_cmpuint (fake->notices->len, ==, 0);
}

static void
test_syn_sent_rst (void)
{
  g_autoptr(Fake) fake = fake_new_started (HS_PROFILE_LINUX);

  g_test_summary ("SYN-SENT: an RST with an acceptable ACK refuses the connection: CLOSED, TCB deleted");

  hs_endpoint_connect (fake->endpoint);
  fake_clear (fake);
  g_assert_cmpint (fake_arrive (fake, HS_TCP_RST | HS_TCP_ACK, 0, ISS + 1, 0), ==, HS_REASON_ARRIVE_RST);
  assert_state (fake, HS_STATE_CLOSED);
  g_assert_cmpuint (fake_n_sent (fake), ==, 0);
  g_assert_cmpuint (fake->notices->len, ==, 2);
  g_assert_cmpint (fake_notice (fake, 0).what, ==, HS_NOTIFY_REFUSED);
  g_assert_cmpint (fake_notice (fake, 1).what, ==, HS_NOTIFY_CLOSED);
  g_assert_false (fake_any_timer (fake));
}

static void
test_syn_sent_rst_no_ack (void)
{
  g_autoptr(Fake) fake = fake_new_started (HS_PROFILE_RFC);

  g_test_summary ("SYN-SENT: an RST without ACK is dropped; the SYN keeps being retransmitted");

  hs_endpoint_connect (fake->endpoint);
  fake_clear (fake);
  g_assert_cmpint (fake_arrive (fake, HS_TCP_RST, 0, 0, 0), ==, HS_REASON_ARRIVE_RST_IGNORED);
  g_assert_cmpuint (fake_n_sent (fake), ==, 0);
  assert_state (fake, HS_STATE_SYN_SENT);
  g_assert_cmpint (fake->timers[HS_TIMER_RETRANSMISSION], ==, SEC (1));
  g_assert_cmpuint (fake->notices->len, ==, 0);
}

static void
test_syn_sent_syn_ack (void)
{
  g_autoptr(Fake) fake = fake_new_started (HS_PROFILE_RFC);
  HsTcbSnapshot s;
  const Sent *ack;

  g_test_summary ("SYN-SENT + acceptable SYN+ACK: ESTABLISHED and <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>");

  hs_endpoint_connect (fake->endpoint);
  fake_clear (fake);
  fake_advance (fake, MSEC (30));
  g_assert_cmpint (fake_arrive (fake, HS_TCP_SYN | HS_TCP_ACK, PEER_ISS, ISS + 1, 0), ==, HS_REASON_ARRIVE_ACCEPTED);
  assert_state (fake, HS_STATE_ESTABLISHED);
  g_assert_cmpuint (fake_n_sent (fake), ==, 1);
  ack = fake_sent (fake, 0);
  assert_segment (ack, HS_TCP_ACK, ISS + 1, PEER_ISS + 1, 0);
  g_assert_cmpint (ack->reason, ==, HS_REASON_SEND_ACK_HANDSHAKE);
  g_assert_cmpuint (ack->header.options.present, ==, 0);
  g_assert_cmpuint (fake_count_notices (fake, HS_NOTIFY_ESTABLISHED), ==, 1);
  g_assert_cmpint (fake->timers[HS_TIMER_RETRANSMISSION], ==, HS_TIME_NONE);

  s = fake_snapshot (fake);
  g_assert_cmpuint (s.snd_una, ==, ISS + 1);
  g_assert_cmpuint (s.snd_nxt, ==, ISS + 1);
  g_assert_cmpuint (s.rcv_nxt, ==, PEER_ISS + 1);
  g_assert_cmpuint (s.irs, ==, PEER_ISS);
  g_assert_cmpuint (s.snd_wnd, ==, 65535);
}

static void
test_syn_sent_simultaneous (gconstpointer data)
{
  HsProfileKind kind = GPOINTER_TO_INT (data);
  g_autoptr(Fake) fake = fake_new_started (kind);
  const Sent *synack;

  g_test_summary ("SYN-SENT + SYN without ACK (simultaneous open, RFC 9293 figure 7): SYN-RECEIVED "
                  "and <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>; the crossing SYN+ACK establishes it");

  hs_endpoint_connect (fake->endpoint);
  fake_clear (fake);
  fake_advance (fake, MSEC (5));
  g_assert_cmpint (fake_arrive (fake, HS_TCP_SYN, PEER_ISS, 0, 0), ==, HS_REASON_ARRIVE_ACCEPTED);
  assert_state (fake, HS_STATE_SYN_RECEIVED);
  g_assert_cmpuint (fake_n_sent (fake), ==, 1);
  synack = fake_sent (fake, 0);
  assert_segment (synack, HS_TCP_SYN | HS_TCP_ACK, ISS, PEER_ISS + 1, 0);
  g_assert_cmpint (synack->reason, ==, HS_REASON_SEND_SYN_ACK_SIMULTANEOUS);
  g_assert_cmpuint (fake->notices->len, ==, 0);
  g_assert_cmpint (fake->timers[HS_TIMER_RETRANSMISSION], !=, HS_TIME_NONE);

  /* The peer's SYN+ACK crosses ours. Its sequence number lies just below
   * the window, yet RFC 9293 figure 7 (line 7) takes it to ESTABLISHED, as
   * Linux does; the answer is the ACK <SEQ=SND.NXT><ACK=RCV.NXT>. */
  fake_clear (fake);
  fake_arrive (fake, HS_TCP_SYN | HS_TCP_ACK, PEER_ISS, ISS + 1, 0);
  assert_state (fake, HS_STATE_ESTABLISHED);
  g_assert_cmpuint (fake_n_sent (fake), ==, 1);
  assert_segment (fake_sent (fake, 0), HS_TCP_ACK, ISS + 1, PEER_ISS + 1, 0);

  /* and the peer's ACK of our SYN+ACK changes nothing more */
  fake_arrive (fake, HS_TCP_ACK, PEER_ISS + 1, ISS + 1, 0);
  assert_state (fake, HS_STATE_ESTABLISHED);
  g_assert_cmpuint (fake_n_sent (fake), ==, 1);
  g_assert_cmpuint (fake_count_notices (fake, HS_NOTIFY_ESTABLISHED), ==, 1);
  g_assert_cmpint (fake->timers[HS_TIMER_RETRANSMISSION], ==, HS_TIME_NONE);
}

/* ---------------------------------------------------------- SYN-RECEIVED -- */

static void
test_syn_received_rst_passive (void)
{
  g_autoptr(Fake) fake = fake_new_started (HS_PROFILE_RFC);

  g_test_summary ("SYN-RECEIVED from a passive OPEN + valid RST: back to LISTEN, the user is not told");

  hs_endpoint_listen (fake->endpoint);
  fake_arrive (fake, HS_TCP_SYN, PEER_ISS, 0, 0);
  fake_clear (fake);
  g_assert_cmpint (fake_arrive (fake, HS_TCP_RST, PEER_ISS + 1, 0, 0), ==, HS_REASON_ARRIVE_RST_LISTEN);
  assert_state (fake, HS_STATE_LISTEN);
  g_assert_cmpuint (fake_n_sent (fake), ==, 0);
  g_assert_cmpuint (fake->notices->len, ==, 0);
  g_assert_false (fake_any_timer (fake));

  /* and it listens: a new SYN is answered */
  fake_arrive (fake, HS_TCP_SYN, PEER_ISS + 5000, 0, 0);
  assert_state (fake, HS_STATE_SYN_RECEIVED);
  g_assert_cmpuint (fake_n_sent (fake), ==, 1);
  g_assert_cmpuint (fake_sent (fake, 0)->header.flags, ==, HS_TCP_SYN | HS_TCP_ACK);
  g_assert_cmpuint (fake_sent (fake, 0)->header.ack, ==, PEER_ISS + 5001);
}

static void
test_syn_received_rst_active (void)
{
  g_autoptr(Fake) fake = fake_new_started (HS_PROFILE_RFC);

  g_test_summary ("SYN-RECEIVED from an active OPEN + valid RST: connection refused, CLOSED");

  hs_endpoint_connect (fake->endpoint);
  fake_arrive (fake, HS_TCP_SYN, PEER_ISS, 0, 0);
  assert_state (fake, HS_STATE_SYN_RECEIVED);
  fake_clear (fake);
  g_assert_cmpint (fake_arrive (fake, HS_TCP_RST, PEER_ISS + 1, 0, 0), ==, HS_REASON_ARRIVE_RST);
  assert_state (fake, HS_STATE_CLOSED);
  g_assert_cmpuint (fake_n_sent (fake), ==, 0);
  g_assert_cmpuint (fake_count_notices (fake, HS_NOTIFY_REFUSED), ==, 1);
  g_assert_cmpuint (fake_count_notices (fake, HS_NOTIFY_CLOSED), ==, 1);
  g_assert_false (fake_any_timer (fake));
}

static void
test_syn_received_ack (void)
{
  g_autoptr(Fake) fake = fake_new_started (HS_PROFILE_RFC);
  HsTcbSnapshot s;

  g_test_summary ("SYN-RECEIVED + acceptable ACK (SND.UNA < SEG.ACK =< SND.NXT): ESTABLISHED, nothing sent");

  hs_endpoint_listen (fake->endpoint);
  fake_arrive (fake, HS_TCP_SYN, PEER_ISS, 0, 0);
  fake_clear (fake);
  fake_advance (fake, MSEC (20));
  g_assert_cmpint (fake_arrive_window (fake, HS_TCP_ACK, PEER_ISS + 1, ISS + 1, 0, 30000), ==, HS_REASON_ARRIVE_ACCEPTED);
  assert_state (fake, HS_STATE_ESTABLISHED);
  g_assert_cmpuint (fake_n_sent (fake), ==, 0);
  g_assert_cmpuint (fake_count_notices (fake, HS_NOTIFY_ESTABLISHED), ==, 1);
  g_assert_cmpint (fake->timers[HS_TIMER_RETRANSMISSION], ==, HS_TIME_NONE);
  s = fake_snapshot (fake);
  g_assert_cmpuint (s.snd_una, ==, ISS + 1);
  g_assert_cmpuint (s.snd_wnd, ==, 30000);
  g_assert_cmpint (s.srtt, ==, MSEC (20));
}

static void
test_syn_received_ack_data (void)
{
  g_autoptr(Fake) fake = fake_new_started (HS_PROFILE_RFC);

  g_test_summary ("SYN-RECEIVED + acceptable ACK that carries data: ESTABLISHED, and the data "
                  "is processed as in ESTABLISHED (delivered and acknowledged)");

  hs_endpoint_listen (fake->endpoint);
  fake_arrive (fake, HS_TCP_SYN, PEER_ISS, 0, 0);
  fake_clear (fake);
  fake_arrive (fake, HS_TCP_ACK | HS_TCP_PSH, PEER_ISS + 1, ISS + 1, 100);
  assert_state (fake, HS_STATE_ESTABLISHED);
  g_assert_cmpuint (fake_count_notices (fake, HS_NOTIFY_ESTABLISHED), ==, 1);
  g_assert_cmpuint (fake_data_notified (fake), ==, 100);
  g_assert_cmpuint (fake_n_sent (fake), ==, 1);
  assert_segment (fake_sent (fake, 0), HS_TCP_ACK, ISS + 1, PEER_ISS + 101, 0);
}

static void
test_syn_received_fin (void)
{
  g_autoptr(Fake) fake = fake_new_started (HS_PROFILE_RFC);

  g_test_summary ("SYN-RECEIVED + acceptable ACK with FIN: ESTABLISHED, then CLOSE-WAIT, EOF and an ACK of the FIN");

  hs_endpoint_listen (fake->endpoint);
  fake_arrive (fake, HS_TCP_SYN, PEER_ISS, 0, 0);
  fake_clear (fake);
  fake_arrive (fake, HS_TCP_FIN | HS_TCP_ACK, PEER_ISS + 1, ISS + 1, 0);
  assert_state (fake, HS_STATE_CLOSE_WAIT);
  g_assert_cmpuint (fake_count_notices (fake, HS_NOTIFY_ESTABLISHED), ==, 1);
  g_assert_cmpuint (fake_count_notices (fake, HS_NOTIFY_EOF), ==, 1);
  g_assert_cmpuint (fake_n_sent (fake), ==, 1);
  assert_segment (fake_sent (fake, 0), HS_TCP_ACK, ISS + 1, PEER_ISS + 2, 0);
}

static void
test_syn_received_bad_ack (void)
{
  g_autoptr(Fake) fake = fake_new_started (HS_PROFILE_RFC);

  g_test_summary ("SYN-RECEIVED + unacceptable ACK: <SEQ=SEG.ACK><CTL=RST>, SYN-RECEIVED stays");

  hs_endpoint_listen (fake->endpoint);
  fake_arrive (fake, HS_TCP_SYN, PEER_ISS, 0, 0);
  fake_clear (fake);

  g_assert_cmpint (fake_arrive (fake, HS_TCP_ACK, PEER_ISS + 1, ISS + 5, 0), ==, HS_REASON_ARRIVE_BAD_ACK);
  g_assert_cmpuint (fake_n_sent (fake), ==, 1);
  assert_segment (fake_sent (fake, 0), HS_TCP_RST, ISS + 5, 0, 0);
  assert_state (fake, HS_STATE_SYN_RECEIVED);

  /* SEG.ACK = SND.UNA = ISS acknowledges nothing */
  fake_arrive (fake, HS_TCP_ACK, PEER_ISS + 1, ISS, 0);
  g_assert_cmpuint (fake_n_sent (fake), ==, 2);
  assert_segment (fake_sent (fake, 1), HS_TCP_RST, ISS, 0, 0);
  assert_state (fake, HS_STATE_SYN_RECEIVED);
  g_assert_cmpuint (fake->notices->len, ==, 0);
}

static void
test_syn_received_dup_syn (gconstpointer data)
{
  HsProfileKind kind = GPOINTER_TO_INT (data);
  g_autoptr(Fake) fake = fake_new_started (kind);

  g_test_summary ("SYN-RECEIVED + the peer's SYN again: Linux repeats its SYN+ACK; "
                  "the RFC's sequence check answers the old SYN with an ACK");

  hs_endpoint_listen (fake->endpoint);
  fake_arrive (fake, HS_TCP_SYN, PEER_ISS, 0, 0);
  fake_clear (fake);
  fake_advance (fake, MSEC (300));
  fake_arrive (fake, HS_TCP_SYN, PEER_ISS, 0, 0);
  assert_state (fake, HS_STATE_SYN_RECEIVED);
  g_assert_cmpuint (fake_n_sent (fake), ==, 1);
  if (kind == HS_PROFILE_LINUX)
    {
      assert_segment (fake_sent (fake, 0), HS_TCP_SYN | HS_TCP_ACK, ISS, PEER_ISS + 1, 0);
      g_assert_cmpuint (fake_sent (fake, 0)->marks & HS_MARK_RETRANSMISSION, !=, 0);
      g_assert_cmpint (fake_sent (fake, 0)->reason, ==, HS_REASON_SEND_SYN_ACK_AGAIN);
    }
  else
    assert_segment (fake_sent (fake, 0), HS_TCP_ACK, ISS + 1, PEER_ISS + 1, 0);
  g_assert_cmpuint (fake->notices->len, ==, 0);
}

/* ------------------------------------------------------ synchronized states -- */

static void
test_established_old_duplicate (void)
{
  g_autoptr(Fake) fake = fake_new_started (HS_PROFILE_RFC);
  HsTcbSnapshot s;

  g_test_summary ("ESTABLISHED + segment below RCV.NXT (old duplicate): "
                  "<SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>, no data delivered twice");

  fake_establish_active (fake);
  fake_arrive (fake, HS_TCP_ACK | HS_TCP_PSH, PEER_ISS + 1, ISS + 1, 100);
  g_assert_cmpuint (fake_data_notified (fake), ==, 100);
  hs_endpoint_send (fake->endpoint, 10);
  fake_clear (fake);

  g_assert_cmpint (fake_arrive (fake, HS_TCP_ACK | HS_TCP_PSH, PEER_ISS + 1, ISS + 1, 100), ==,
                   HS_REASON_ARRIVE_DUPLICATE);
  g_assert_cmpuint (fake_n_sent (fake), ==, 1);
  assert_segment (fake_sent (fake, 0), HS_TCP_ACK, ISS + 11, PEER_ISS + 101, 0);
  g_assert_cmpuint (fake_data_notified (fake), ==, 0);
  s = fake_snapshot (fake);
  g_assert_cmpuint (s.rcv_nxt, ==, PEER_ISS + 101);
  g_assert_cmpuint (hs_endpoint_get_bytes_read (fake->endpoint), ==, 100);
  assert_state (fake, HS_STATE_ESTABLISHED);
}

static void
test_established_syn (void)
{
  g_autoptr(Fake) fake = fake_new_started (HS_PROFILE_RFC);

  g_test_summary ("ESTABLISHED + SYN in the window: challenge ACK (RFC 5961 section 4), connection kept");

  fake_establish_active (fake);
  g_assert_cmpint (fake_arrive (fake, HS_TCP_SYN, PEER_ISS + 1, 0, 0), ==, HS_REASON_ARRIVE_IGNORED);
  g_assert_cmpuint (fake_n_sent (fake), ==, 1);
  assert_segment (fake_sent (fake, 0), HS_TCP_ACK, ISS + 1, PEER_ISS + 1, 0);
  g_assert_cmpint (fake_sent (fake, 0)->reason, ==, HS_REASON_SEND_CHALLENGE_ACK);
  assert_state (fake, HS_STATE_ESTABLISHED);
  g_assert_cmpuint (fake->notices->len, ==, 0);
}

static void
test_established_rst_exact (void)
{
  g_autoptr(Fake) fake = fake_new_started (HS_PROFILE_RFC);

  g_test_summary ("ESTABLISHED + RST with SEG.SEQ = RCV.NXT: connection reset, CLOSED, nothing sent");

  fake_establish_active (fake);
  hs_endpoint_send (fake->endpoint, 100);
  fake_clear (fake);
  g_assert_cmpint (fake_arrive (fake, HS_TCP_RST, PEER_ISS + 1, 0, 0), ==, HS_REASON_ARRIVE_RST);
  assert_state (fake, HS_STATE_CLOSED);
  g_assert_cmpuint (fake_n_sent (fake), ==, 0);
  g_assert_cmpuint (fake_count_notices (fake, HS_NOTIFY_RESET), ==, 1);
  g_assert_cmpuint (fake_count_notices (fake, HS_NOTIFY_CLOSED), ==, 1);
  g_assert_false (fake_any_timer (fake));
}

static void
test_established_rst_in_window (void)
{
  g_autoptr(Fake) fake = fake_new_started (HS_PROFILE_RFC);

  g_test_summary ("ESTABLISHED + RST in the window but not at RCV.NXT: challenge ACK, the RST is ignored");

  fake_establish_active (fake);
  g_assert_cmpint (fake_arrive (fake, HS_TCP_RST, PEER_ISS + 101, 0, 0), ==, HS_REASON_ARRIVE_RST_IGNORED);
  g_assert_cmpuint (fake_n_sent (fake), ==, 1);
  assert_segment (fake_sent (fake, 0), HS_TCP_ACK, ISS + 1, PEER_ISS + 1, 0);
  g_assert_cmpint (fake_sent (fake, 0)->reason, ==, HS_REASON_SEND_CHALLENGE_ACK);
  assert_state (fake, HS_STATE_ESTABLISHED);
  g_assert_cmpuint (fake->notices->len, ==, 0);
}

static void
test_established_rst_outside (void)
{
  g_autoptr(Fake) fake = fake_new_started (HS_PROFILE_RFC);

  g_test_summary ("ESTABLISHED + RST outside the window: dropped without an answer");

  fake_establish_active (fake);
  g_assert_cmpint (fake_arrive (fake, HS_TCP_RST, PEER_ISS + 1 + 200000, 0, 0), ==, HS_REASON_ARRIVE_RST_IGNORED);
  fake_arrive (fake, HS_TCP_RST, PEER_ISS, 0, 0);
  fake_arrive (fake, HS_TCP_RST | HS_TCP_ACK, PEER_ISS - 1000, ISS + 1, 0);
  g_assert_cmpuint (fake_n_sent (fake), ==, 0);
  assert_state (fake, HS_STATE_ESTABLISHED);
  g_assert_cmpuint (fake->notices->len, ==, 0);
}

static void
test_established_ack_unsent (void)
{
  g_autoptr(Fake) fake = fake_new_started (HS_PROFILE_RFC);
  HsTcbSnapshot s;

  g_test_summary ("ESTABLISHED + ACK of data never sent (SEG.ACK > SND.NXT): send an ACK, drop the segment and its data");

  fake_establish_active (fake);
  fake_arrive (fake, HS_TCP_ACK | HS_TCP_PSH, PEER_ISS + 1, ISS + 501, 100);
  g_assert_cmpuint (fake_n_sent (fake), ==, 1);
  assert_segment (fake_sent (fake, 0), HS_TCP_ACK, ISS + 1, PEER_ISS + 1, 0);
  g_assert_cmpuint (fake_data_notified (fake), ==, 0);
  s = fake_snapshot (fake);
  g_assert_cmpuint (s.rcv_nxt, ==, PEER_ISS + 1);
  g_assert_cmpuint (s.snd_una, ==, ISS + 1);
  assert_state (fake, HS_STATE_ESTABLISHED);
}

/* ------------------------------------------------------------------- FIN -- */

static void
test_fin_established (gconstpointer data)
{
  HsProfileKind kind = GPOINTER_TO_INT (data);
  g_autoptr(Fake) fake = fake_new (kind);
  const Sent *ack;

  g_test_summary ("ESTABLISHED + FIN before any data: CLOSE-WAIT and EOF; both profiles "
                  "acknowledge at once (Linux's delayed-ACK timeout is 0 until data arrives)");

  fake->config.delayed_ack = TRUE;
  fake_start (fake);
  fake_establish_active (fake);
  g_assert_cmpint (fake_arrive (fake, HS_TCP_FIN | HS_TCP_ACK, PEER_ISS + 1, ISS + 1, 0), ==, HS_REASON_ARRIVE_FIN);
  assert_state (fake, HS_STATE_CLOSE_WAIT);
  g_assert_cmpuint (fake_count_notices (fake, HS_NOTIFY_EOF), ==, 1);
  g_assert_true (hs_endpoint_get_eof (fake->endpoint));

  g_assert_cmpuint (fake_n_sent (fake), ==, 1);
  ack = fake_sent (fake, 0);
  g_assert_cmpint (ack->time, ==, fake->now);
  g_assert_cmpuint (ack->marks & HS_MARK_DELAYED_ACK, ==, 0);
  assert_segment (ack, HS_TCP_ACK, ISS + 1, PEER_ISS + 2, 0);
  g_assert_cmpint (ack->reason, ==, HS_REASON_SEND_ACK_FIN);
  assert_state (fake, HS_STATE_CLOSE_WAIT);

  /* the application's close() then sends its own FIN: four segments */
  g_assert_cmpint (hs_endpoint_close (fake->endpoint), ==, HS_ENDPOINT_OK);
  g_assert_cmpuint (fake_n_sent (fake), ==, 2);
  assert_segment (fake_sent (fake, 1), HS_TCP_FIN | HS_TCP_ACK, ISS + 1, PEER_ISS + 2, 0);
  assert_state (fake, HS_STATE_LAST_ACK);
}

static void
test_fin_after_data (gconstpointer data)
{
  HsProfileKind kind = GPOINTER_TO_INT (data);
  g_autoptr(Fake) fake = fake_new (kind);
  const Sent *ack;
  HsTime fin_at;

  g_test_summary ("ESTABLISHED + FIN after data: the RFC acknowledges at once, Linux "
                  "(delayed ACKs on) when its delayed-ACK timer fires, hoping to send "
                  "the ACK with its own FIN");

  fake->config.delayed_ack = TRUE;
  fake_start (fake);
  fake_establish_active (fake);
  fake_arrive (fake, HS_TCP_ACK | HS_TCP_PSH, PEER_ISS + 1, ISS + 1, 100);
  fake_advance (fake, MSEC (300));
  g_assert_cmpuint (fake_n_sent (fake), ==, 1);    /* the data's ACK */
  fin_at = fake->now;
  g_assert_cmpint (fake_arrive (fake, HS_TCP_FIN | HS_TCP_ACK, PEER_ISS + 101, ISS + 1, 0), ==, HS_REASON_ARRIVE_FIN);
  assert_state (fake, HS_STATE_CLOSE_WAIT);

  if (kind == HS_PROFILE_RFC)
    {
      g_assert_cmpuint (fake_n_sent (fake), ==, 2);
      ack = fake_sent (fake, 1);
      g_assert_cmpint (ack->time, ==, fin_at);
    }
  else
    {
      g_assert_cmpuint (fake_n_sent (fake), ==, 1);
      g_assert_cmpint (fake->timers[HS_TIMER_DELAYED_ACK], ==, fin_at + fake->profile->delayed_ack);
      fake_advance (fake, MSEC (39));
      g_assert_cmpuint (fake_n_sent (fake), ==, 1);
      fake_advance (fake, MSEC (1));
      g_assert_cmpuint (fake_n_sent (fake), ==, 2);
      ack = fake_sent (fake, 1);
      g_assert_cmpint (ack->time, ==, fin_at + MSEC (40));
      g_assert_cmpuint (ack->marks & HS_MARK_DELAYED_ACK, !=, 0);
    }
  assert_segment (ack, HS_TCP_ACK, ISS + 1, PEER_ISS + 102, 0);
  g_assert_cmpint (ack->reason, ==, HS_REASON_SEND_ACK_FIN);
}

static void
test_close_unread (gconstpointer data)
{
  HsProfileKind kind = GPOINTER_TO_INT (data);
  g_autoptr(Fake) fake = fake_new (kind);
  const Sent *rst;

  g_test_summary ("close() while received data is unread sends an RST and no FIN (RFC 1122 "
                  "4.2.2.13, RFC 2525 2.17): Linux RST+ACK with seq = SND.NXT and ack = RCV.NXT, "
                  "the RFC a bare RST; the connection is gone at once");

  fake->config.auto_read = FALSE;
  fake_start (fake);
  fake_establish_active (fake);
  fake_arrive (fake, HS_TCP_ACK | HS_TCP_PSH, PEER_ISS + 1, ISS + 1, 200);
  fake_advance (fake, MSEC (300));
  fake_clear (fake);

  g_assert_cmpint (hs_endpoint_close (fake->endpoint), ==, HS_ENDPOINT_OK);
  g_assert_cmpuint (fake_n_sent (fake), ==, 1);
  rst = fake_sent (fake, 0);
  g_assert_cmpint (rst->reason, ==, HS_REASON_SEND_RST_CLOSE_UNREAD);
  g_assert_cmpuint (rst->header.flags & HS_TCP_FIN, ==, 0);
  if (kind == HS_PROFILE_LINUX)
    {
      assert_segment (rst, HS_TCP_RST | HS_TCP_ACK, ISS + 1, PEER_ISS + 201, 0);
      g_assert_cmpuint (rst->header.window, >, 0);
    }
  else
    g_assert_cmpuint (rst->header.flags, ==, HS_TCP_RST);
  g_assert_cmpuint (rst->header.seq, ==, ISS + 1);
  assert_state (fake, HS_STATE_CLOSED);

  /* read everything first, and close() is an orderly close again */
  {
    g_autoptr(Fake) other = fake_new (kind);

    other->config.auto_read = FALSE;
    fake_start (other);
    fake_establish_active (other);
    fake_arrive (other, HS_TCP_ACK | HS_TCP_PSH, PEER_ISS + 1, ISS + 1, 200);
    fake_advance (other, MSEC (300));
    g_assert_cmpuint (hs_endpoint_read (other->endpoint, 1000), ==, 200);
    fake_clear (other);
    g_assert_cmpint (hs_endpoint_close (other->endpoint), ==, HS_ENDPOINT_OK);
    assert_segment (fake_sent (other, fake_n_sent (other) - 1), HS_TCP_FIN | HS_TCP_ACK, ISS + 1, PEER_ISS + 201, 0);
    assert_state (other, HS_STATE_FIN_WAIT_1);
  }
}

static void
test_user_timeout (void)
{
  g_autoptr(Fake) fake = fake_new (HS_PROFILE_LINUX);
  HsTime sent_at;
  guint retransmissions;

  g_test_summary ("TCP_USER_TIMEOUT of 3 s: data never acknowledged is retransmitted with back-off, "
                  "and the connection times out exactly 3 s after the data was first sent (the last "
                  "wait cut short, as tcp_clamp_rto_to_user_timeout does), not after 15 retries");

  fake->config.user_timeout = 3 * HS_USEC_PER_SEC;
  fake_start (fake);
  fake_establish_active (fake);
  sent_at = fake->now;
  hs_endpoint_send (fake->endpoint, 100);
  fake_advance (fake, 2999 * HS_USEC_PER_MSEC);
  g_assert_cmpuint (fake_count_notices (fake, HS_NOTIFY_TIMED_OUT), ==, 0);
  retransmissions = fake_n_sent (fake) - 1;
  g_assert_cmpuint (retransmissions, >=, 3);
  fake_advance (fake, MSEC (1));
  g_assert_cmpuint (fake_count_notices (fake, HS_NOTIFY_TIMED_OUT), ==, 1);
  g_assert_cmpint (fake->now - sent_at, ==, 3 * HS_USEC_PER_SEC);
  g_assert_cmpuint (fake_n_sent (fake) - 1, ==, retransmissions);
  assert_state (fake, HS_STATE_CLOSED);
}

static void
test_data_after_close (gconstpointer data)
{
  HsProfileKind kind = GPOINTER_TO_INT (data);
  g_autoptr(Fake) fake = fake_new (kind);
  const Sent *rst;

  g_test_summary ("Data for an application that has closed: Linux answers as it would without a "
                  "connection (tcp_v4_send_reset), a bare RST with seq = the segment's ack; the "
                  "RFC profile a bare RST with seq = SND.NXT");

  fake_start (fake);
  fake_establish_active (fake);
  g_assert_cmpint (hs_endpoint_close (fake->endpoint), ==, HS_ENDPOINT_OK);
  fake_advance (fake, MSEC (10));
  /* the peer has not seen our FIN yet: its ack is one below SND.NXT */
  fake_clear (fake);
  g_assert_cmpint (fake_arrive (fake, HS_TCP_ACK | HS_TCP_PSH, PEER_ISS + 1, ISS + 1, 1), ==, HS_REASON_ARRIVE_RST);
  g_assert_cmpuint (fake_n_sent (fake), ==, 1);
  rst = fake_sent (fake, 0);
  g_assert_cmpuint (rst->header.flags, ==, HS_TCP_RST);
  g_assert_cmpuint (rst->header.window, ==, 0);
  g_assert_cmpint (rst->reason, ==, HS_REASON_SEND_RST_DATA_AFTER_CLOSE);
  g_assert_cmpuint (rst->header.seq, ==, kind == HS_PROFILE_LINUX ? ISS + 1 : ISS + 2);
  assert_state (fake, HS_STATE_CLOSED);
}

static void
test_fin_fin_wait_1 (void)
{
  g_autoptr(Fake) fake = fake_new_started (HS_PROFILE_RFC);

  g_test_summary ("FIN-WAIT-1 + FIN that does not acknowledge ours: CLOSING and an ACK; "
                  "then the ACK of our FIN: TIME-WAIT");

  fake_establish_active (fake);
  hs_endpoint_close (fake->endpoint);
  assert_state (fake, HS_STATE_FIN_WAIT_1);
  fake_clear (fake);

  fake_arrive (fake, HS_TCP_FIN | HS_TCP_ACK, PEER_ISS + 1, ISS + 1, 0);
  assert_state (fake, HS_STATE_CLOSING);
  g_assert_cmpuint (fake_n_sent (fake), ==, 1);
  assert_segment (fake_sent (fake, 0), HS_TCP_ACK, ISS + 2, PEER_ISS + 2, 0);
  /* our FIN is still unacknowledged: its timer runs */
  g_assert_cmpint (fake->timers[HS_TIMER_RETRANSMISSION], !=, HS_TIME_NONE);

  fake_arrive (fake, HS_TCP_ACK, PEER_ISS + 2, ISS + 2, 0);
  assert_state (fake, HS_STATE_TIME_WAIT);
  g_assert_cmpuint (fake_n_sent (fake), ==, 1);
  g_assert_cmpint (fake->timers[HS_TIMER_TIME_WAIT], ==, fake->now + fake->profile->time_wait);
  g_assert_cmpint (fake->timers[HS_TIMER_RETRANSMISSION], ==, HS_TIME_NONE);
}

static void
test_fin_fin_wait_1_acked (gconstpointer data)
{
  HsProfileKind kind = GPOINTER_TO_INT (data);
  g_autoptr(Fake) fake = fake_new_started (kind);

  g_test_summary ("FIN-WAIT-1 + FIN+ACK that acknowledges our FIN: TIME-WAIT (2 MSL timer), "
                  "an ACK, the other timers off");

  fake_establish_active (fake);
  hs_endpoint_close (fake->endpoint);
  fake_clear (fake);
  fake_advance (fake, MSEC (10));

  fake_arrive (fake, HS_TCP_FIN | HS_TCP_ACK, PEER_ISS + 1, ISS + 2, 0);
  assert_state (fake, HS_STATE_TIME_WAIT);
  g_assert_cmpuint (fake_n_sent (fake), ==, 1);
  assert_segment (fake_sent (fake, 0), HS_TCP_ACK, ISS + 2, PEER_ISS + 2, 0);
  g_assert_cmpint (fake->timers[HS_TIMER_TIME_WAIT], ==,
                   fake->now + (kind == HS_PROFILE_RFC ? SEC (240) : SEC (60)));
  for (guint k = 0; k < HS_N_TIMERS; k++)
    if (k != HS_TIMER_TIME_WAIT)
      g_assert_cmpint (fake->timers[k], ==, HS_TIME_NONE);
}

static void
test_fin_fin_wait_2 (void)
{
  g_autoptr(Fake) fake = fake_new_started (HS_PROFILE_RFC);

  g_test_summary ("FIN-WAIT-1 + ACK of our FIN: FIN-WAIT-2; then FIN: TIME-WAIT and an ACK");

  fake_establish_active (fake);
  hs_endpoint_close (fake->endpoint);
  fake_clear (fake);
  fake_arrive (fake, HS_TCP_ACK, PEER_ISS + 1, ISS + 2, 0);
  assert_state (fake, HS_STATE_FIN_WAIT_2);
  g_assert_cmpuint (fake_n_sent (fake), ==, 0);
  g_assert_cmpint (fake->timers[HS_TIMER_RETRANSMISSION], ==, HS_TIME_NONE);

  fake_advance (fake, SEC (2));
  fake_arrive (fake, HS_TCP_FIN | HS_TCP_ACK, PEER_ISS + 1, ISS + 2, 0);
  assert_state (fake, HS_STATE_TIME_WAIT);
  g_assert_cmpuint (fake_n_sent (fake), ==, 1);
  assert_segment (fake_sent (fake, 0), HS_TCP_ACK, ISS + 2, PEER_ISS + 2, 0);
  g_assert_cmpint (fake->timers[HS_TIMER_TIME_WAIT], ==, fake->now + SEC (240));
}

static void
test_fin_time_wait_again (gconstpointer data)
{
  HsProfileKind kind = GPOINTER_TO_INT (data);
  g_autoptr(Fake) fake = fake_new_started (kind);
  HsTime msl2 = kind == HS_PROFILE_RFC ? SEC (240) : SEC (60);

  g_test_summary ("TIME-WAIT + the peer's FIN again: acknowledged again, the 2 MSL timer restarts; "
                  "when it expires the TCB is deleted");

  fake_establish_active (fake);
  hs_endpoint_close (fake->endpoint);
  fake_arrive (fake, HS_TCP_FIN | HS_TCP_ACK, PEER_ISS + 1, ISS + 2, 0);
  assert_state (fake, HS_STATE_TIME_WAIT);
  fake_clear (fake);

  fake_advance (fake, SEC (10));
  fake_arrive (fake, HS_TCP_FIN | HS_TCP_ACK, PEER_ISS + 1, ISS + 2, 0);
  assert_state (fake, HS_STATE_TIME_WAIT);
  g_assert_cmpuint (fake_n_sent (fake), ==, 1);
  assert_segment (fake_sent (fake, 0), HS_TCP_ACK, ISS + 2, PEER_ISS + 2, 0);
  g_assert_cmpint (fake->timers[HS_TIMER_TIME_WAIT], ==, fake->now + msl2);

  /* the first deadline passes: still TIME-WAIT */
  fake_advance (fake, msl2 - SEC (1));
  assert_state (fake, HS_STATE_TIME_WAIT);
  fake_advance (fake, SEC (1));
  assert_state (fake, HS_STATE_CLOSED);
  g_assert_cmpuint (fake_count_notices (fake, HS_NOTIFY_CLOSED), ==, 1);
  g_assert_cmpuint (fake_count_notices (fake, HS_NOTIFY_RESET), ==, 0);
  g_assert_false (fake_any_timer (fake));
  g_assert_cmpuint (fake_n_sent (fake), ==, 1);
}

/* ----------------------------------------------------------------- CLOSE -- */

static void
test_close_listen (void)
{
  g_autoptr(Fake) fake = fake_new_started (HS_PROFILE_RFC);

  g_test_summary ("CLOSE in LISTEN: CLOSED, nothing sent");

  hs_endpoint_listen (fake->endpoint);
  g_assert_cmpint (hs_endpoint_close (fake->endpoint), ==, HS_ENDPOINT_OK);
  assert_state (fake, HS_STATE_CLOSED);
  g_assert_cmpuint (fake_n_sent (fake), ==, 0);
  g_assert_false (fake_any_timer (fake));
}

static void
test_close_syn_sent (void)
{
  g_autoptr(Fake) fake = fake_new_started (HS_PROFILE_RFC);

  g_test_summary ("CLOSE in SYN-SENT: the TCB is deleted, CLOSED, no FIN, no timer left");

  hs_endpoint_connect (fake->endpoint);
  fake_clear (fake);
  g_assert_cmpint (hs_endpoint_close (fake->endpoint), ==, HS_ENDPOINT_OK);
  assert_state (fake, HS_STATE_CLOSED);
  g_assert_cmpuint (fake_n_sent (fake), ==, 0);
  g_assert_false (fake_any_timer (fake));
  fake_advance (fake, SEC (100));
  g_assert_cmpuint (fake_n_sent (fake), ==, 0);
}

static void
test_close_syn_received (void)
{
  g_autoptr(Fake) fake = fake_new_started (HS_PROFILE_RFC);

  g_test_summary ("CLOSE in SYN-RECEIVED with nothing to send: a FIN and FIN-WAIT-1 (RFC 9293 "
                  "section 3.10.4); if nothing answers, what is retransmitted is the SYN+ACK and "
                  "the FIN, never a byte of data that was never written");

  hs_endpoint_listen (fake->endpoint);
  fake_arrive (fake, HS_TCP_SYN, PEER_ISS, 0, 0);
  fake_clear (fake);
  g_assert_cmpint (hs_endpoint_close (fake->endpoint), ==, HS_ENDPOINT_OK);
  assert_state (fake, HS_STATE_FIN_WAIT_1);
  g_assert_cmpuint (fake_n_sent (fake), ==, 1);
  assert_segment (fake_sent (fake, 0), HS_TCP_FIN | HS_TCP_ACK, ISS + 1, PEER_ISS + 1, 0);

  /* the SYN+ACK and the FIN were both lost */
  fake_advance (fake, SEC (10));
  g_assert_cmpuint (fake_n_sent (fake), >, 1);
  for (guint i = 1; i < fake_n_sent (fake); i++)
    {
      const Sent *s = fake_sent (fake, i);

      g_assert_cmpuint (s->len, ==, 0);
      g_assert_cmpuint (s->marks & HS_MARK_RETRANSMISSION, !=, 0);
      /* the sequence number ISS is the SYN's, and only a SYN may carry it */
      if (s->header.seq == ISS)
        g_assert_cmpuint (s->header.flags & HS_TCP_SYN, !=, 0);
    }
  /* The peer's ACK of the SYN+ACK and the FIN then ends in FIN-WAIT-2. */
  fake_arrive (fake, HS_TCP_ACK, PEER_ISS + 1, ISS + 2, 0);
  assert_state (fake, HS_STATE_FIN_WAIT_2);
}

static void
test_close_established (void)
{
  g_autoptr(Fake) fake = fake_new_started (HS_PROFILE_RFC);

  g_test_summary ("CLOSE in ESTABLISHED: FIN-WAIT-1 and <SEQ=SND.NXT><ACK=RCV.NXT><CTL=FIN,ACK>");

  fake_establish_passive (fake);
  g_assert_cmpint (hs_endpoint_close (fake->endpoint), ==, HS_ENDPOINT_OK);
  assert_state (fake, HS_STATE_FIN_WAIT_1);
  g_assert_cmpuint (fake_n_sent (fake), ==, 1);
  assert_segment (fake_sent (fake, 0), HS_TCP_FIN | HS_TCP_ACK, ISS + 1, PEER_ISS + 1, 0);
  g_assert_cmpint (fake_sent (fake, 0)->reason, ==, HS_REASON_SEND_FIN);
  g_assert_cmpint (fake->timers[HS_TIMER_RETRANSMISSION], !=, HS_TIME_NONE);
  /* no more SENDs */
  g_assert_cmpint (hs_endpoint_send (fake->endpoint, 1), ==, HS_ENDPOINT_ERROR_CLOSING);
}

static void
test_close_close_wait (void)
{
  g_autoptr(Fake) fake = fake_new_started (HS_PROFILE_RFC);

  g_test_summary ("CLOSE in CLOSE-WAIT: LAST-ACK and a FIN; the ACK of that FIN: CLOSED");

  fake_establish_passive (fake);
  fake_arrive (fake, HS_TCP_FIN | HS_TCP_ACK, PEER_ISS + 1, ISS + 1, 0);
  assert_state (fake, HS_STATE_CLOSE_WAIT);
  fake_clear (fake);

  g_assert_cmpint (hs_endpoint_close (fake->endpoint), ==, HS_ENDPOINT_OK);
  assert_state (fake, HS_STATE_LAST_ACK);
  g_assert_cmpuint (fake_n_sent (fake), ==, 1);
  assert_segment (fake_sent (fake, 0), HS_TCP_FIN | HS_TCP_ACK, ISS + 1, PEER_ISS + 2, 0);

  fake_arrive (fake, HS_TCP_ACK, PEER_ISS + 2, ISS + 2, 0);
  assert_state (fake, HS_STATE_CLOSED);
  g_assert_cmpuint (fake_n_sent (fake), ==, 1);
  g_assert_cmpuint (fake_count_notices (fake, HS_NOTIFY_CLOSED), ==, 1);
  g_assert_false (fake_any_timer (fake));
}

/* ----------------------------------------------------------------- ABORT -- */

static void
test_abort (gconstpointer data)
{
  HsProfileKind kind = GPOINTER_TO_INT (data);
  g_autoptr(Fake) fake = fake_new_started (kind);

  g_test_summary ("ABORT in ESTABLISHED: <SEQ=SND.NXT><CTL=RST> (Linux: RST+ACK), CLOSED");

  fake_establish_active (fake);
  fake_arrive (fake, HS_TCP_ACK | HS_TCP_PSH, PEER_ISS + 1, ISS + 1, 10);
  hs_endpoint_send (fake->endpoint, 100);
  fake_clear (fake);

  g_assert_cmpint (hs_endpoint_abort (fake->endpoint), ==, HS_ENDPOINT_OK);
  assert_state (fake, HS_STATE_CLOSED);
  g_assert_cmpuint (fake_n_sent (fake), ==, 1);
  if (kind == HS_PROFILE_RFC)
    assert_segment (fake_sent (fake, 0), HS_TCP_RST, ISS + 101, 0, 0);
  else
    assert_segment (fake_sent (fake, 0), HS_TCP_RST | HS_TCP_ACK, ISS + 101, PEER_ISS + 11, 0);
  g_assert_cmpint (fake_sent (fake, 0)->reason, ==, HS_REASON_SEND_RST_ABORT);
  g_assert_false (fake_any_timer (fake));
  g_assert_cmpuint (fake_count_notices (fake, HS_NOTIFY_CLOSED), ==, 1);
}

/* -------------------------------------------------------- retransmission -- */

/* Lets every timer run for @limit and returns when each SYN went out. */
static GArray *
run_syn_timeouts (Fake   *fake,
                  HsTime  limit)
{
  GArray *times = g_array_new (FALSE, FALSE, sizeof (HsTime));

  hs_endpoint_connect (fake->endpoint);
  fake_advance_to (fake, limit);
  for (guint i = 0; i < fake_n_sent (fake); i++)
    {
      const Sent *s = fake_sent (fake, i);

      assert_segment (s, HS_TCP_SYN, ISS, 0, 0);
      g_assert_cmpuint (s->marks & HS_MARK_RETRANSMISSION, ==, i > 0 ? HS_MARK_RETRANSMISSION : 0);
      if (i > 0)
        g_assert_cmpint (s->reason, ==, HS_REASON_RETRANSMIT_TIMEOUT);
      g_array_append_val (times, s->time);
    }
  return times;
}

static void
test_retransmit_syn_rfc (void)
{
  g_autoptr(Fake) fake = fake_new_started (HS_PROFILE_RFC);
  g_autoptr(GArray) times = NULL;
  const HsTime expected[] = { 0, SEC (1), SEC (3), SEC (7), SEC (15), SEC (31) };

  g_test_summary ("RFC profile: the SYN is retransmitted after the initial RTO of 1 s, "
                  "then the timer doubles each time (RFC 6298 (5.5))");

  times = run_syn_timeouts (fake, SEC (62));
  g_assert_cmpuint (times->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < MIN (times->len, G_N_ELEMENTS (expected)); i++)
    g_assert_cmpint (g_array_index (times, HsTime, i), ==, expected[i]);
  assert_state (fake, HS_STATE_SYN_SENT);
}

static void
test_retransmit_syn_give_up_rfc (void)
{
  g_autoptr(Fake) fake = fake_new_started (HS_PROFILE_RFC);
  g_autoptr(GArray) times = NULL;
  HsTime gave_up = HS_TIME_NONE;

  g_test_summary ("RFC profile: the SYN is retransmitted for at least 3 minutes before the open "
                  "fails with a timeout (RFC 9293 section 3.8.3, MUST-23)");

  times = run_syn_timeouts (fake, SEC (3600));
  assert_state (fake, HS_STATE_CLOSED);
  g_assert_cmpuint (fake_count_notices (fake, HS_NOTIFY_TIMED_OUT), ==, 1);
  for (guint i = 0; i < fake->notices->len; i++)
    if (g_array_index (fake->notices, Notice, i).what == HS_NOTIFY_TIMED_OUT)
      gave_up = g_array_index (fake->notices, Notice, i).time;
  g_assert_cmpint (gave_up, >=, SEC (180));
  g_assert_cmpuint (times->len, >, 1);
  if (times->len > 1)
    g_assert_cmpint (g_array_index (times, HsTime, times->len - 1), >=, SEC (60));
}

static void
test_retransmit_syn_linux (void)
{
  g_autoptr(Fake) fake = fake_new_started (HS_PROFILE_LINUX);
  g_autoptr(GArray) times = NULL;
  /* Linux's ip-sysctl documentation for tcp_syn_linear_timeouts = 4: "we would
   * expect SYN RTOs to be: 1, 1, 1, 1, 1, 2, 4, ..." */
  const HsTime expected[] = { 0, SEC (1), SEC (2), SEC (3), SEC (4), SEC (5), SEC (7) };

  g_test_summary ("Linux profile: four linear SYN timeouts of 1 s after the first, "
                  "then doubling (RTOs 1, 1, 1, 1, 1, 2, 4)");

  times = run_syn_timeouts (fake, SEC (10));
  g_assert_cmpuint (times->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < MIN (times->len, G_N_ELEMENTS (expected)); i++)
    g_assert_cmpint (g_array_index (times, HsTime, i), ==, expected[i]);
  g_assert_cmpint (fake->timers[HS_TIMER_RETRANSMISSION], ==, SEC (11));
  g_assert_cmpuint (fake->notices->len, ==, 0);
}

static void
test_retransmit_syn_give_up_linux (void)
{
  g_autoptr(Fake) fake = fake_new_started (HS_PROFILE_LINUX);
  g_autoptr(GArray) times = NULL;
  /* tcp_write_timeout(): in SYN-SENT, max_retransmits = tcp_syn_retries +
   * tcp_syn_linear_timeouts = 6 + 4; connect() fails after 131 s. */
  const HsTime expected[] = {
    0, SEC (1), SEC (2), SEC (3), SEC (4), SEC (5), SEC (7), SEC (11), SEC (19), SEC (35), SEC (67)
  };

  g_test_summary ("Linux profile: SYN-SENT gives up after tcp_syn_retries + tcp_syn_linear_timeouts "
                  "(10) retransmissions, 131 s after connect, with a timed-out notification");

  times = run_syn_timeouts (fake, SEC (600));
  g_assert_cmpuint (times->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < MIN (times->len, G_N_ELEMENTS (expected)); i++)
    g_assert_cmpint (g_array_index (times, HsTime, i), ==, expected[i]);
  assert_state (fake, HS_STATE_CLOSED);
  g_assert_cmpuint (fake->notices->len, ==, 2);
  g_assert_cmpint (fake_notice (fake, 0).what, ==, HS_NOTIFY_TIMED_OUT);
  g_assert_cmpint (fake_notice (fake, 0).time, ==, SEC (131));
  g_assert_cmpint (fake_notice (fake, 1).what, ==, HS_NOTIFY_CLOSED);
}

static void
test_retransmit_synack (void)
{
  g_autoptr(Fake) fake = fake_new_started (HS_PROFILE_LINUX);

  g_test_summary ("SYN-RECEIVED from LISTEN: the SYN+ACK is retransmitted with back-off; "
                  "when the retries run out the half-open connection is forgotten (LISTEN)");

  hs_endpoint_listen (fake->endpoint);
  fake_arrive (fake, HS_TCP_SYN, PEER_ISS, 0, 0);
  fake_advance_to (fake, SEC (1));
  g_assert_cmpuint (fake_n_sent (fake), ==, 2);
  assert_segment (fake_sent (fake, 1), HS_TCP_SYN | HS_TCP_ACK, ISS, PEER_ISS + 1, 0);
  g_assert_cmpuint (fake_sent (fake, 1)->marks & HS_MARK_RETRANSMISSION, !=, 0);
  g_assert_cmpint (fake->timers[HS_TIMER_RETRANSMISSION], ==, SEC (3));

  /* 5 retransmissions: 1, 3, 7, 15, 31; given up at 63 s */
  fake_advance_to (fake, SEC (600));
  g_assert_cmpuint (fake_n_sent (fake), ==, 6);
  g_assert_cmpint (fake_last_sent (fake)->time, ==, SEC (31));
  assert_state (fake, HS_STATE_LISTEN);
  g_assert_false (fake_any_timer (fake));
  g_assert_cmpuint (fake->notices->len, ==, 0);
}

/* ------------------------------------------------------------- RFC 6298 -- */

static void
test_rto_first_sample (gconstpointer data)
{
  HsProfileKind kind = GPOINTER_TO_INT (data);
  g_autoptr(Fake) fake = fake_new_started (kind);
  HsTime rto = kind == HS_PROFILE_RFC ? SEC (1) : MSEC (300);
  HsTcbSnapshot s;
  const Sent *data_seg;

  g_test_summary ("RFC 6298 (2.2): a first RTT sample of 100 ms gives SRTT 100 ms, RTTVAR 50 ms; "
                  "RTO = max(1 s, SRTT + 4 RTTVAR) = 1 s by the RFC, SRTT + max(4 RTTVAR, 200 ms) = 300 ms by Linux");

  fake_establish_active_rtt (fake, MSEC (100));
  s = fake_snapshot (fake);
  g_assert_cmpint (s.srtt, ==, MSEC (100));
  g_assert_cmpint (s.rto, ==, rto);

  /* the retransmission timer of new data runs for RTO */
  hs_endpoint_send (fake->endpoint, 100);
  g_assert_cmpuint (fake_n_sent (fake), ==, 1);
  data_seg = fake_sent (fake, 0);
  assert_segment (data_seg, HS_TCP_ACK | HS_TCP_PSH, ISS + 1, PEER_ISS + 1, 100);
  g_assert_cmpint (fake->timers[HS_TIMER_RETRANSMISSION], ==, MSEC (100) + rto);

  /* it expires: the data again, and the timer backs off (5.5) */
  fake_advance_to (fake, MSEC (100) + rto);
  g_assert_cmpuint (fake_n_sent (fake), ==, 2);
  assert_segment (fake_sent (fake, 1), HS_TCP_ACK | HS_TCP_PSH, ISS + 1, PEER_ISS + 1, 100);
  g_assert_cmpuint (fake_sent (fake, 1)->marks & HS_MARK_RETRANSMISSION, !=, 0);
  g_assert_cmpint (fake_sent (fake, 1)->time, ==, MSEC (100) + rto);
  g_assert_cmpint (fake->timers[HS_TIMER_RETRANSMISSION], ==, MSEC (100) + rto + 2 * rto);
  s = fake_snapshot (fake);
  g_assert_cmpint (s.rto, ==, 2 * rto);
}

static void
test_rto_karn (void)
{
  g_autoptr(Fake) fake = fake_new_started (HS_PROFILE_RFC);
  HsTcbSnapshot s;

  g_test_summary ("Karn's rule (RFC 6298 section 3): the ACK of a retransmitted segment gives no RTT "
                  "sample; the next segment sent once does");

  fake_establish_active_rtt (fake, MSEC (100));       /* now = 100 ms */
  hs_endpoint_send (fake->endpoint, 100);
  fake_advance_to (fake, MSEC (1100));                 /* retransmitted at 1.1 s */
  g_assert_cmpuint (fake_n_sent (fake), ==, 2);
  fake_advance_to (fake, MSEC (1150));
  fake_arrive (fake, HS_TCP_ACK, PEER_ISS + 1, ISS + 101, 0);
  s = fake_snapshot (fake);
  g_assert_cmpuint (s.snd_una, ==, ISS + 101);
  /* neither 1050 ms (from the first copy) nor 50 ms (from the second) */
  g_assert_cmpint (s.srtt, ==, MSEC (100));

  /* new data, sent once, acknowledged after 300 ms: SRTT = 7/8 100 + 1/8 300 */
  hs_endpoint_send (fake->endpoint, 100);
  fake_advance (fake, MSEC (300));
  fake_arrive (fake, HS_TCP_ACK, PEER_ISS + 1, ISS + 201, 0);
  s = fake_snapshot (fake);
  g_assert_cmpint (s.srtt, ==, MSEC (125));
}

static void
test_rto_backoff_kept (void)
{
  g_autoptr(Fake) fake = fake_new_started (HS_PROFILE_RFC);
  HsTcbSnapshot s;

  g_test_summary ("RFC 6298 section 5: the backed-off RTO stays until a new RTT measurement "
                  "collapses it; the ACK of a retransmission is no measurement");

  fake_establish_active_rtt (fake, MSEC (100));        /* RTO 1 s */
  hs_endpoint_send (fake->endpoint, 100);
  fake_advance_to (fake, MSEC (1100));                 /* retransmitted; RTO 2 s */
  s = fake_snapshot (fake);
  g_assert_cmpint (s.rto, ==, SEC (2));
  fake_advance_to (fake, MSEC (1150));
  fake_arrive (fake, HS_TCP_ACK, PEER_ISS + 1, ISS + 101, 0);
  s = fake_snapshot (fake);
  g_assert_cmpint (s.rto, ==, SEC (2));

  /* the next segment is timed with it */
  fake_clear (fake);
  hs_endpoint_send (fake->endpoint, 100);
  g_assert_cmpuint (fake_n_sent (fake), ==, 1);
  g_assert_cmpint (fake->timers[HS_TIMER_RETRANSMISSION], ==, MSEC (1150) + SEC (2));
}

static void
test_rto_no_measurement (void)
{
  g_autoptr(Fake) fake = fake_new_started (HS_PROFILE_RFC);
  HsTcbSnapshot s;

  g_test_summary ("RFC 6298 (2.3): SRTT, RTTVAR and so RTO change only with an RTT measurement; "
                  "an ACK for a segment that was not timed leaves RTO as it is");

  fake_establish_active_rtt (fake, MSEC (800));        /* SRTT 800, RTTVAR 400 */
  s = fake_snapshot (fake);
  g_assert_cmpint (s.srtt, ==, MSEC (800));
  g_assert_cmpint (s.rto, ==, MSEC (2400));

  hs_endpoint_send (fake->endpoint, 2 * 1460);         /* two segments, the first timed */
  g_assert_cmpuint (fake_n_sent (fake), ==, 2);
  fake_advance (fake, MSEC (800));
  fake_arrive (fake, HS_TCP_ACK, PEER_ISS + 1, ISS + 1 + 1460, 0);
  /* R' = 800 ms: RTTVAR = 3/4 400 + 1/4 0 = 300, SRTT = 800, RTO = 800 + 4 x 300 */
  s = fake_snapshot (fake);
  g_assert_cmpint (s.srtt, ==, MSEC (800));
  g_assert_cmpint (s.rto, ==, MSEC (2000));

  fake_advance (fake, MSEC (1));
  fake_arrive (fake, HS_TCP_ACK, PEER_ISS + 1, ISS + 1 + 2 * 1460, 0);
  s = fake_snapshot (fake);
  g_assert_cmpuint (s.snd_una, ==, ISS + 1 + 2 * 1460);
  g_assert_cmpint (s.srtt, ==, MSEC (800));
  g_assert_cmpint (s.rto, ==, MSEC (2000));
}

/* ------------------------------------------------------------------ data -- */

static void
test_data_out_of_order (void)
{
  g_autoptr(Fake) fake = fake_new (HS_PROFILE_RFC);
  HsTcbSnapshot s;

  g_test_summary ("Data beyond RCV.NXT: an immediate duplicate ACK (RFC 5681 section 4.2); "
                  "the segment that fills the hole: an immediate cumulative ACK");

  fake->config.delayed_ack = TRUE;
  fake_start (fake);
  fake_establish_active (fake);

  g_assert_cmpint (fake_arrive (fake, HS_TCP_ACK | HS_TCP_PSH, PEER_ISS + 101, ISS + 1, 100), ==,
                   HS_REASON_ARRIVE_OUT_OF_ORDER);
  g_assert_cmpuint (fake_n_sent (fake), ==, 1);
  assert_segment (fake_sent (fake, 0), HS_TCP_ACK, ISS + 1, PEER_ISS + 1, 0);
  g_assert_cmpuint (fake_sent (fake, 0)->marks & HS_MARK_DUPLICATE_ACK, !=, 0);
  g_assert_cmpuint (fake_data_notified (fake), ==, 0);
  s = fake_snapshot (fake);
  g_assert_cmpuint (s.rcv_nxt, ==, PEER_ISS + 1);
  g_assert_cmpuint (s.recv_buffered, ==, 100);

  /* a second one past the same hole: another duplicate ACK */
  fake_arrive (fake, HS_TCP_ACK | HS_TCP_PSH, PEER_ISS + 201, ISS + 1, 100);
  g_assert_cmpuint (fake_n_sent (fake), ==, 2);
  assert_segment (fake_sent (fake, 1), HS_TCP_ACK, ISS + 1, PEER_ISS + 1, 0);

  fake_arrive (fake, HS_TCP_ACK | HS_TCP_PSH, PEER_ISS + 1, ISS + 1, 100);
  g_assert_cmpuint (fake_n_sent (fake), ==, 3);
  assert_segment (fake_sent (fake, 2), HS_TCP_ACK, ISS + 1, PEER_ISS + 301, 0);
  g_assert_cmpint (fake_sent (fake, 2)->time, ==, fake->now);
  g_assert_cmpuint (fake_data_notified (fake), ==, 300);
  g_assert_cmpuint (hs_endpoint_get_bytes_read (fake->endpoint), ==, 300);
  s = fake_snapshot (fake);
  g_assert_cmpuint (s.rcv_nxt, ==, PEER_ISS + 301);
  g_assert_cmpuint (s.recv_buffered, ==, 0);
  g_assert_cmpint (fake->timers[HS_TIMER_DELAYED_ACK], ==, HS_TIME_NONE);
}

static void
test_data_delayed_ack (void)
{
  g_autoptr(Fake) fake = fake_new (HS_PROFILE_RFC);

  g_test_summary ("Delayed ACKs (RFC 9293 section 3.8.6.3): every second full-sized segment is "
                  "acknowledged at once, a lone segment when the timer fires");

  fake->config.delayed_ack = TRUE;
  fake_start (fake);
  fake_establish_active (fake);

  fake_arrive (fake, HS_TCP_ACK, PEER_ISS + 1, ISS + 1, 1460);
  g_assert_cmpuint (fake_n_sent (fake), ==, 0);
  g_assert_cmpint (fake->timers[HS_TIMER_DELAYED_ACK], ==, fake->now + MSEC (200));
  fake_arrive (fake, HS_TCP_ACK, PEER_ISS + 1461, ISS + 1, 1460);
  g_assert_cmpuint (fake_n_sent (fake), ==, 1);
  assert_segment (fake_sent (fake, 0), HS_TCP_ACK, ISS + 1, PEER_ISS + 2921, 0);
  g_assert_cmpint (fake->timers[HS_TIMER_DELAYED_ACK], ==, HS_TIME_NONE);

  fake_advance (fake, MSEC (10));
  fake_arrive (fake, HS_TCP_ACK | HS_TCP_PSH, PEER_ISS + 2921, ISS + 1, 100);
  g_assert_cmpuint (fake_n_sent (fake), ==, 1);
  fake_advance (fake, MSEC (200));
  g_assert_cmpuint (fake_n_sent (fake), ==, 2);
  assert_segment (fake_sent (fake, 1), HS_TCP_ACK, ISS + 1, PEER_ISS + 3021, 0);
  g_assert_cmpuint (fake_sent (fake, 1)->marks & HS_MARK_DELAYED_ACK, !=, 0);
  g_assert_cmpint (fake_sent (fake, 1)->time, ==, fake->now);
  g_assert_cmpuint (fake_data_notified (fake), ==, 3020);
}

static void
test_data_nagle (gconstpointer data)
{
  gboolean nagle = GPOINTER_TO_INT (data);
  g_autoptr(Fake) fake = fake_new (HS_PROFILE_RFC);

  g_test_summary ("Nagle (RFC 9293 section 3.7.4): a small segment waits while data is in flight; "
                  "without Nagle it goes at once");

  fake->config.nagle = nagle;
  fake_start (fake);
  fake_establish_active (fake);

  hs_endpoint_send (fake->endpoint, 100);
  g_assert_cmpuint (fake_n_sent (fake), ==, 1);
  assert_segment (fake_sent (fake, 0), HS_TCP_ACK | HS_TCP_PSH, ISS + 1, PEER_ISS + 1, 100);

  hs_endpoint_send (fake->endpoint, 50);
  if (nagle)
    {
      g_assert_cmpuint (fake_n_sent (fake), ==, 1);
      fake_advance (fake, MSEC (10));
      fake_arrive (fake, HS_TCP_ACK, PEER_ISS + 1, ISS + 101, 0);
    }
  g_assert_cmpuint (fake_n_sent (fake), ==, 2);
  assert_segment (fake_sent (fake, 1), HS_TCP_ACK | HS_TCP_PSH, ISS + 101, PEER_ISS + 1, 50);
  g_assert_cmpuint (fake_sent (fake, 1)->marks, ==, 0);
}

static void
test_data_nagle_minshall (gconstpointer data)
{
  HsProfileKind kind = GPOINTER_TO_INT (data);
  g_autoptr(Fake) fake = fake_new (kind);

  g_test_summary ("Nagle on a 3000-byte write: Linux (Minshall's variant) sends 1460 + 1460 + 80 at "
                  "once, as no earlier short segment is unacknowledged, then holds the next short "
                  "segment until that one is acknowledged; the RFC holds the 80 bytes while "
                  "anything is in flight");

  fake_start (fake);
  fake_establish_active (fake);

  hs_endpoint_send (fake->endpoint, 3000);
  assert_segment (fake_sent (fake, 0), HS_TCP_ACK, ISS + 1, PEER_ISS + 1, 1460);
  if (kind == HS_PROFILE_RFC)
    {
      g_assert_cmpuint (fake_n_sent (fake), ==, 2);
      g_assert_true (hs_endpoint_get_nagle_held (fake->endpoint));
      fake_advance (fake, MSEC (10));
      fake_arrive (fake, HS_TCP_ACK, PEER_ISS + 1, ISS + 1461, 0);
      g_assert_cmpuint (fake_n_sent (fake), ==, 2);
      fake_arrive (fake, HS_TCP_ACK, PEER_ISS + 1, ISS + 2921, 0);
      g_assert_cmpuint (fake_n_sent (fake), ==, 3);
      assert_segment (fake_sent (fake, 2), HS_TCP_ACK | HS_TCP_PSH, ISS + 2921, PEER_ISS + 1, 80);
      return;
    }

  g_assert_cmpuint (fake_n_sent (fake), ==, 3);
  g_assert_false (hs_endpoint_get_nagle_held (fake->endpoint));
  assert_segment (fake_sent (fake, 2), HS_TCP_ACK | HS_TCP_PSH, ISS + 2921, PEER_ISS + 1, 80);

  /* now a short segment is unacknowledged: the next one waits for its ACK,
   * not for the full segments before it */
  hs_endpoint_send (fake->endpoint, 50);
  g_assert_cmpuint (fake_n_sent (fake), ==, 3);
  g_assert_true (hs_endpoint_get_nagle_held (fake->endpoint));
  fake_advance (fake, MSEC (10));
  fake_arrive (fake, HS_TCP_ACK, PEER_ISS + 1, ISS + 2921, 0);
  g_assert_cmpuint (fake_n_sent (fake), ==, 3);
  fake_arrive (fake, HS_TCP_ACK, PEER_ISS + 1, ISS + 3001, 0);
  g_assert_cmpuint (fake_n_sent (fake), ==, 4);
  assert_segment (fake_sent (fake, 3), HS_TCP_ACK | HS_TCP_PSH, ISS + 3001, PEER_ISS + 1, 50);
}

static void
test_window_scale (void)
{
  g_autoptr(Fake) fake = fake_new (HS_PROFILE_RFC);
  HsTcpHeader h = { 0 };
  HsTcbSnapshot s;

  g_test_summary ("Window scaling (RFC 7323 section 2): offered in the SYN, applied to every later "
                  "window in both directions once both sides offered it, never to a SYN's window");

  fake->config.window_scale = 7;
  fake_start (fake);
  hs_endpoint_connect (fake->endpoint);
  g_assert_cmpuint (fake_sent (fake, 0)->header.options.present & HS_TCP_OPT_WSCALE, !=, 0);
  g_assert_cmpuint (fake_sent (fake, 0)->header.options.wscale, ==, 7);
  g_assert_cmpuint (fake_sent (fake, 0)->header.window, ==, 65535);

  h.src_port = PEER_PORT;
  h.dst_port = LOCAL_PORT;
  h.seq = PEER_ISS;
  h.ack = ISS + 1;
  h.flags = HS_TCP_SYN | HS_TCP_ACK;
  h.window = 1000;
  h.options.present = HS_TCP_OPT_MSS | HS_TCP_OPT_WSCALE;
  h.options.mss = 1460;
  h.options.wscale = 2;
  fake_arrive_header (fake, &h, 0);
  assert_state (fake, HS_STATE_ESTABLISHED);
  s = fake_snapshot (fake);
  g_assert_cmpuint (s.snd_wnd, ==, 1000);
  /* our 64 KiB, shifted by 7 */
  g_assert_cmpuint (fake_last_sent (fake)->header.window, ==, 512);
  g_assert_cmpuint (fake_last_sent (fake)->window, ==, 65536);

  fake_arrive_window (fake, HS_TCP_ACK, PEER_ISS + 1, ISS + 1, 0, 1000);
  s = fake_snapshot (fake);
  g_assert_cmpuint (s.snd_wnd, ==, 4000);
}

static void
test_window_scale_one_sided (void)
{
  g_autoptr(Fake) fake = fake_new (HS_PROFILE_RFC);
  HsTcbSnapshot s;

  g_test_summary ("Window scaling offered by one side only: no scaling either way, "
                  "and a SYN+ACK does not offer it unless the SYN did");

  fake->config.window_scale = 7;
  fake_start (fake);
  hs_endpoint_listen (fake->endpoint);
  fake_arrive (fake, HS_TCP_SYN, PEER_ISS, 0, 0);
  g_assert_cmpuint (fake_sent (fake, 0)->header.options.present & HS_TCP_OPT_WSCALE, ==, 0);
  fake_arrive_window (fake, HS_TCP_ACK, PEER_ISS + 1, ISS + 1, 0, 1000);
  assert_state (fake, HS_STATE_ESTABLISHED);
  s = fake_snapshot (fake);
  g_assert_cmpuint (s.snd_wnd, ==, 1000);
  fake_arrive (fake, HS_TCP_ACK | HS_TCP_PSH, PEER_ISS + 1, ISS + 1, 10);
  /* unscaled: the field is the window in bytes. The right edge offered in
   * the SYN+ACK (65,535 bytes on) stays where it was: 10 bytes later the
   * window is 65,525, because moving the edge by 10 bytes would be a silly
   * window update (RFC 9293 section 3.8.6.2.2) */
  g_assert_cmpuint (fake_last_sent (fake)->header.window, ==, 65525);
  g_assert_cmpuint (fake_last_sent (fake)->window, ==, 65525);
}

/* RFC 9293 section 3.8.6.2.1: a window reopened by less than a segment,
 * and by less than half the largest window ever offered, does not make the
 * sender squeeze out a silly little segment; the persist timer sends it
 * when nothing else would. */
static void
test_sender_sws (gconstpointer data)
{
  g_autoptr(Fake) fake = fake_new_started (GPOINTER_TO_UINT (data));
  guint32 una, smss;
  guint n;

  g_test_summary ("A sender facing a window reopened by 300 bytes (under a segment, under half "
                  "the 30000 once offered) sends nothing; its persist timer sends those 300 "
                  "bytes one RTO later; a window of a full segment goes at once");

  hs_endpoint_listen (fake->endpoint);
  fake_arrive (fake, HS_TCP_SYN, PEER_ISS, 0, 0);
  fake_advance (fake, MSEC (20));
  fake_arrive_window (fake, HS_TCP_ACK, PEER_ISS + 1, ISS + 1, 0, 30000);
  fake_clear (fake);
  hs_endpoint_send (fake->endpoint, 20000);
  g_assert_cmpuint (fake_n_sent (fake), >, 1);
  smss = fake_sent (fake, 0)->len;
  una = fake_last_sent (fake)->header.seq + fake_last_sent (fake)->len;

  /* everything acknowledged, but the receiver's buffer has room for 300 */
  fake_clear (fake);
  fake_advance (fake, MSEC (20));
  fake_arrive_window (fake, HS_TCP_ACK, PEER_ISS + 1, una, 0, 300);
  g_assert_cmpuint (fake_n_sent (fake), ==, 0);
  g_assert_cmpint (fake->timers[HS_TIMER_PERSIST], !=, HS_TIME_NONE);

  /* the override: the persist timer sends what fits */
  fake_advance_to (fake, fake->timers[HS_TIMER_PERSIST]);
  g_assert_cmpuint (fake_n_sent (fake), ==, 1);
  assert_segment (fake_sent (fake, 0), HS_TCP_ACK | HS_TCP_PSH, una, PEER_ISS + 1, 300);

  /* a window of a full segment and more: full segments at once */
  fake_clear (fake);
  fake_arrive_window (fake, HS_TCP_ACK, PEER_ISS + 1, una + 300, 0, 4000);
  n = fake_n_sent (fake);
  g_assert_cmpuint (n, >=, 1);
  for (guint i = 0; i < n; i++)
    g_assert_cmpuint (fake_sent (fake, i)->len, ==, smss);
}

int
main (int   argc,
      char *argv[])
{
  /* UTF-8 messages (the environment sets LC_ALL=C.UTF-8) */
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  /* A case that finds an engine bug reports it and lets the others run. */
  g_test_set_nonfatal_assertions ();

#define RFC   GINT_TO_POINTER (HS_PROFILE_RFC)
#define LINUX GINT_TO_POINTER (HS_PROFILE_LINUX)

  g_test_add_func ("/engine/endpoint/open/active", test_open_active);
  g_test_add_func ("/engine/endpoint/open/active-linux", test_open_active_linux);
  g_test_add_func ("/engine/endpoint/open/passive", test_open_passive);
  g_test_add_func ("/engine/endpoint/open/errors", test_open_errors);

  g_test_add_func ("/engine/endpoint/closed/no-ack", test_closed_no_ack);
  g_test_add_func ("/engine/endpoint/closed/ack", test_closed_ack);
  g_test_add_func ("/engine/endpoint/closed/rst", test_closed_rst);
  g_test_add_func ("/engine/endpoint/closed/reply-port", test_closed_reply_port);

  g_test_add_func ("/engine/endpoint/listen/rst", test_listen_rst);
  g_test_add_func ("/engine/endpoint/listen/ack", test_listen_ack);
  g_test_add_func ("/engine/endpoint/listen/syn", test_listen_syn);
  g_test_add_func ("/engine/endpoint/listen/other", test_listen_other);

  g_test_add_func ("/engine/endpoint/syn-sent/bad-ack", test_syn_sent_bad_ack);
  g_test_add_func ("/engine/endpoint/syn-sent/bad-ack-rst", test_syn_sent_bad_ack_rst);
  g_test_add_func ("/engine/endpoint/syn-sent/rst", test_syn_sent_rst);
  g_test_add_func ("/engine/endpoint/syn-sent/rst-no-ack", test_syn_sent_rst_no_ack);
  g_test_add_func ("/engine/endpoint/syn-sent/syn-ack", test_syn_sent_syn_ack);
  g_test_add_data_func ("/engine/endpoint/syn-sent/simultaneous/rfc", RFC, test_syn_sent_simultaneous);
  g_test_add_data_func ("/engine/endpoint/syn-sent/simultaneous/linux", LINUX, test_syn_sent_simultaneous);

  g_test_add_func ("/engine/endpoint/syn-received/rst-passive", test_syn_received_rst_passive);
  g_test_add_func ("/engine/endpoint/syn-received/rst-active", test_syn_received_rst_active);
  g_test_add_func ("/engine/endpoint/syn-received/ack", test_syn_received_ack);
  g_test_add_func ("/engine/endpoint/syn-received/ack-data", test_syn_received_ack_data);
  g_test_add_func ("/engine/endpoint/syn-received/fin", test_syn_received_fin);
  g_test_add_func ("/engine/endpoint/syn-received/bad-ack", test_syn_received_bad_ack);
  g_test_add_data_func ("/engine/endpoint/syn-received/dup-syn/rfc", RFC, test_syn_received_dup_syn);
  g_test_add_data_func ("/engine/endpoint/syn-received/dup-syn/linux", LINUX, test_syn_received_dup_syn);

  g_test_add_func ("/engine/endpoint/established/old-duplicate", test_established_old_duplicate);
  g_test_add_func ("/engine/endpoint/established/syn", test_established_syn);
  g_test_add_func ("/engine/endpoint/established/rst-exact", test_established_rst_exact);
  g_test_add_func ("/engine/endpoint/established/rst-in-window", test_established_rst_in_window);
  g_test_add_func ("/engine/endpoint/established/rst-outside", test_established_rst_outside);
  g_test_add_func ("/engine/endpoint/established/ack-unsent", test_established_ack_unsent);

  g_test_add_data_func ("/engine/endpoint/fin/established/rfc", RFC, test_fin_established);
  g_test_add_data_func ("/engine/endpoint/fin/established/linux", LINUX, test_fin_established);
  g_test_add_data_func ("/engine/endpoint/fin/after-data/rfc", RFC, test_fin_after_data);
  g_test_add_data_func ("/engine/endpoint/fin/after-data/linux", LINUX, test_fin_after_data);
  g_test_add_data_func ("/engine/endpoint/close/unread/rfc", RFC, test_close_unread);
  g_test_add_data_func ("/engine/endpoint/close/unread/linux", LINUX, test_close_unread);
  g_test_add_data_func ("/engine/endpoint/close/data-after/rfc", RFC, test_data_after_close);
  g_test_add_func ("/engine/endpoint/user-timeout", test_user_timeout);
  g_test_add_data_func ("/engine/endpoint/close/data-after/linux", LINUX, test_data_after_close);
  g_test_add_func ("/engine/endpoint/fin/fin-wait-1", test_fin_fin_wait_1);
  g_test_add_data_func ("/engine/endpoint/fin/fin-wait-1-acked/rfc", RFC, test_fin_fin_wait_1_acked);
  g_test_add_data_func ("/engine/endpoint/fin/fin-wait-1-acked/linux", LINUX, test_fin_fin_wait_1_acked);
  g_test_add_func ("/engine/endpoint/fin/fin-wait-2", test_fin_fin_wait_2);
  g_test_add_data_func ("/engine/endpoint/fin/time-wait-again/rfc", RFC, test_fin_time_wait_again);
  g_test_add_data_func ("/engine/endpoint/fin/time-wait-again/linux", LINUX, test_fin_time_wait_again);

  g_test_add_func ("/engine/endpoint/close/listen", test_close_listen);
  g_test_add_func ("/engine/endpoint/close/syn-sent", test_close_syn_sent);
  g_test_add_func ("/engine/endpoint/close/syn-received", test_close_syn_received);
  g_test_add_func ("/engine/endpoint/close/established", test_close_established);
  g_test_add_func ("/engine/endpoint/close/close-wait", test_close_close_wait);

  g_test_add_data_func ("/engine/endpoint/abort/rfc", RFC, test_abort);
  g_test_add_data_func ("/engine/endpoint/abort/linux", LINUX, test_abort);

  g_test_add_func ("/engine/endpoint/retransmit/syn/rfc", test_retransmit_syn_rfc);
  g_test_add_func ("/engine/endpoint/retransmit/syn/linux", test_retransmit_syn_linux);
  g_test_add_func ("/engine/endpoint/retransmit/syn-give-up/rfc", test_retransmit_syn_give_up_rfc);
  g_test_add_func ("/engine/endpoint/retransmit/syn-give-up/linux", test_retransmit_syn_give_up_linux);
  g_test_add_func ("/engine/endpoint/retransmit/syn-ack", test_retransmit_synack);

  g_test_add_data_func ("/engine/endpoint/rto/first-sample/rfc", RFC, test_rto_first_sample);
  g_test_add_data_func ("/engine/endpoint/rto/first-sample/linux", LINUX, test_rto_first_sample);
  g_test_add_func ("/engine/endpoint/rto/karn", test_rto_karn);
  g_test_add_func ("/engine/endpoint/rto/backoff-kept", test_rto_backoff_kept);
  g_test_add_func ("/engine/endpoint/rto/no-measurement", test_rto_no_measurement);

  g_test_add_func ("/engine/endpoint/data/out-of-order", test_data_out_of_order);
  g_test_add_func ("/engine/endpoint/data/delayed-ack", test_data_delayed_ack);
  g_test_add_data_func ("/engine/endpoint/data/nagle", GINT_TO_POINTER (TRUE), test_data_nagle);
  g_test_add_data_func ("/engine/endpoint/data/no-nagle", GINT_TO_POINTER (FALSE), test_data_nagle);
  g_test_add_data_func ("/engine/endpoint/data/nagle-3000/rfc", RFC, test_data_nagle_minshall);
  g_test_add_data_func ("/engine/endpoint/data/nagle-3000/linux", LINUX, test_data_nagle_minshall);
  g_test_add_func ("/engine/endpoint/window-scale/both", test_window_scale);
  g_test_add_func ("/engine/endpoint/window-scale/one-sided", test_window_scale_one_sided);
  g_test_add_data_func ("/engine/endpoint/data/sender-sws/linux", GUINT_TO_POINTER (HS_PROFILE_LINUX), test_sender_sws);
  g_test_add_data_func ("/engine/endpoint/data/sender-sws/rfc", GUINT_TO_POINTER (HS_PROFILE_RFC), test_sender_sws);

#undef RFC
#undef LINUX

  return g_test_run ();
}
