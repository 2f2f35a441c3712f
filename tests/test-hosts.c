/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-hosts.c: lessons with several sockets: segments found by their
 * 4-tuple, the RST for none, and Linux's rules for listen queues, SYN
 * cookies, a SYN meeting TIME-WAIT and ports in use, each checked on the
 * exact segments, packetdrill-style. */

#define G_LOG_DOMAIN "test-hosts"

#include "config.h"

#include <locale.h>
#include <string.h>

#include "hs-host.h"
#include "hs-narration.h"
#include "hs-scenario.h"
#include "hs-simulator.h"
#include "hs-trace.h"
#include "hs-trace-writer.h"

static HsTrace *
run (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsScenario) scenario = hs_scenario_new_from_data ("hosts", "hosts.lesson", text, strlen (text), &error);
  HsTrace *trace;

  g_assert_no_error (error);
  g_assert_true (hs_scenario_has_hosts (scenario));
  trace = hs_simulator_run (scenario, &error);
  g_assert_no_error (error);
  return trace;
}

/* The @nth segment (from 1) that @endpoint sends with exactly @flags;
 * NULL when there is none. */
static const HsTraceSegment *
nth_from (HsTrace *trace,
          guint    endpoint,
          guint8   flags,
          guint    nth)
{
  for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
    {
      const HsTraceSegment *seg = hs_trace_get_segment (trace, i);

      if (seg->from == endpoint && seg->header.flags == flags && --nth == 0)
        return seg;
    }
  return NULL;
}

static guint
count_from (HsTrace *trace,
            guint    endpoint,
            guint8   flags)
{
  guint n = 0;

  for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
    {
      const HsTraceSegment *seg = hs_trace_get_segment (trace, i);

      n += seg->from == endpoint && seg->header.flags == flags;
    }
  return n;
}

/* The reason of the step at which @seg arrived. */
static HsReason
arrival_reason (HsTrace              *trace,
                const HsTraceSegment *seg)
{
  g_assert_cmpuint (seg->fate, ==, HS_FATE_DELIVERED);
  return hs_trace_get_step (trace, seg->end_step)->reason;
}

static guint
find_endpoint (HsTrace    *trace,
               const char *name,
               guint       nth)
{
  for (guint i = 0; i < hs_trace_get_n_endpoints (trace); i++)
    if (g_str_equal (hs_trace_get_endpoint (trace, i)->name, name) && --nth == 0)
      return i;
  return HS_TRACE_NONE;
}

static gboolean
has_app_reason (HsTrace  *trace,
                guint     endpoint,
                HsReason  reason)
{
  for (guint i = 0; i < hs_trace_get_n_steps (trace); i++)
    {
      const HsTraceStep *st = hs_trace_get_step (trace, i);

      if (st->kind == HS_STEP_APP_CALL && st->endpoint == endpoint && st->reason == reason)
        return TRUE;
    }
  return FALSE;
}

/* ----------------------------------------------------------- demultiplexing -- */

static void
test_two_clients (void)
{
  g_autoptr(HsTrace) trace = run ("[Lesson]\nTitle=t\n"
                                  "[Client]\nScript=connect; send 100; wait-for 200 bytes; close\n"
                                  "[Client 2]\nScript=wait 1ms; connect; send 100; wait-for 200 bytes; close\n"
                                  "[Server]\nScript=listen; accept; wait-for 100 bytes; send 200; wait-for eof; close\n"
                                  "[Network]\nDelay=10ms\n");
  guint c2 = find_endpoint (trace, "client-2", 1);
  guint child1 = find_endpoint (trace, "server", 2);
  guint child2 = find_endpoint (trace, "server", 3);
  const HsTraceSegment *synack1, *synack2;

  g_test_summary ("Two clients to one listening socket: each SYN makes a socket of its own, which answers its "
                  "own client on its 4-tuple; each connection has its number, in the order they started");
  g_assert_cmpuint (hs_trace_get_n_hosts (trace), ==, 2);
  g_assert_cmpuint (hs_trace_get_endpoint (trace, 0)->host, ==, hs_trace_get_endpoint (trace, c2)->host);
  g_assert_cmpuint (hs_trace_get_endpoint (trace, c2)->port, ==, 43099);   /* Port=auto */
  g_assert_cmpuint (hs_trace_get_endpoint (trace, 1)->connection, ==, HS_TRACE_NONE);   /* the listener */
  g_assert_cmpuint (hs_trace_get_endpoint (trace, 0)->connection, ==, 0);
  g_assert_cmpuint (hs_trace_get_endpoint (trace, child1)->connection, ==, 0);
  g_assert_cmpuint (hs_trace_get_endpoint (trace, c2)->connection, ==, 1);
  g_assert_cmpuint (hs_trace_get_endpoint (trace, child2)->connection, ==, 1);
  g_assert_cmpuint (hs_trace_get_n_connections (trace), ==, 2);

  synack1 = nth_from (trace, child1, HS_TCP_SYN | HS_TCP_ACK, 1);
  synack2 = nth_from (trace, child2, HS_TCP_SYN | HS_TCP_ACK, 1);
  g_assert_nonnull (synack1);
  g_assert_nonnull (synack2);
  g_assert_cmpuint (synack1->to, ==, 0);
  g_assert_cmpuint (synack1->header.dst_port, ==, 43098);
  g_assert_cmpuint (synack2->to, ==, c2);
  g_assert_cmpuint (synack2->header.dst_port, ==, 43099);
  g_assert_cmpuint (arrival_reason (trace, nth_from (trace, 0, HS_TCP_SYN, 1)), ==, HS_REASON_ARRIVE_SYN_CHILD);
  /* each accepted connection runs the rest of the script: 200 bytes each */
  g_assert_cmpuint (count_from (trace, child1, HS_TCP_ACK | HS_TCP_PSH), ==, 1);
  g_assert_cmpuint (count_from (trace, child2, HS_TCP_ACK | HS_TCP_PSH), ==, 1);
  g_assert_cmpuint (nth_from (trace, child2, HS_TCP_ACK | HS_TCP_PSH, 1)->to, ==, c2);
  g_assert_cmpuint (nth_from (trace, child2, HS_TCP_ACK | HS_TCP_PSH, 1)->len, ==, 200);
  g_assert_cmpuint (hs_trace_get_state_at (trace, hs_trace_get_n_steps (trace) - 1, 1), ==, HS_STATE_LISTEN);
}

static void
test_no_socket (void)
{
  g_autoptr(HsTrace) trace = run ("[Lesson]\nTitle=t\n"
                                  "[Client]\nISN=1000\nScript=connect\n"
                                  "[Client 2]\nISN=7000\nPeer=Server 2\nScript=connect\n"
                                  "[Server]\nScript=listen backlog=8\n"
                                  "[Server 2]\nPort=81\n");
  guint c2 = find_endpoint (trace, "client-2", 1);
  guint kernel = find_endpoint (trace, "server", 2);
  const HsTraceSegment *syn = nth_from (trace, c2, HS_TCP_SYN, 1);
  const HsTraceSegment *rst;

  g_test_summary ("A SYN to a port with no socket (the socket there never listened) reaches the host's kernel, "
                  "which answers <SEQ=0><ACK=SEG.SEQ+1><CTL=RST,ACK> (RFC 9293 3.10.7.1); the other client "
                  "connects to its listener as usual");
  g_assert_nonnull (syn);
  g_assert_cmpuint (syn->header.dst_port, ==, 81);
  g_assert_cmpuint (kernel, !=, HS_TRACE_NONE);
  g_assert_cmpuint (syn->to, ==, kernel);
  g_assert_cmpuint (arrival_reason (trace, syn), ==, HS_REASON_ARRIVE_NO_SOCKET);
  g_assert_cmpuint (hs_trace_get_endpoint (trace, kernel)->connection, ==, HS_TRACE_NONE);
  g_assert_cmpuint (hs_trace_get_endpoint (trace, kernel)->port, ==, 0);
  rst = nth_from (trace, kernel, HS_TCP_RST | HS_TCP_ACK, 1);
  g_assert_nonnull (rst);
  g_assert_cmpuint (rst->to, ==, c2);
  g_assert_cmpuint (rst->header.seq, ==, 0);
  g_assert_cmpuint (rst->header.ack, ==, 7001);
  g_assert_cmpuint (rst->header.src_port, ==, 81);
  g_assert_cmpuint (rst->header.dst_port, ==, syn->header.src_port);
  g_assert_cmpuint (hs_trace_segment_get_connection (trace, rst), ==, hs_trace_get_endpoint (trace, c2)->connection);
  g_assert_cmpuint (count_from (trace, c2, HS_TCP_SYN), ==, 1);   /* refused: no retry */
  g_assert_nonnull (nth_from (trace, 0, HS_TCP_ACK, 1));           /* the other one is established */
}

/* --------------------------------------------------------------- TIME-WAIT -- */

static HsTrace *
time_wait_run (guint32 second_isn)
{
  g_autofree char *text = g_strdup_printf ("[Lesson]\nTitle=t\n"
                                           "[Client]\nISN=1000\nTimestamps=false\nReuseAddr=true\n"
                                           "Script=connect; wait-for eof; close\n"
                                           "[Client 2]\nPort=43098\nISN=%u\nTimestamps=false\nReuseAddr=true\n"
                                           "Script=wait 1s; connect; close\n"
                                           "[Server]\nISN=9000\nTimestamps=false\nReuseAddr=true\n"
                                           "Script=listen; accept; wait 10ms; close\n"
                                           "[Network]\nDelay=10ms\n", second_isn);

  return run (text);
}

static void
test_time_wait_above (void)
{
  g_autoptr(HsTrace) trace = time_wait_run (5000);
  guint c2 = find_endpoint (trace, "client-2", 1);
  guint old = find_endpoint (trace, "server", 2);
  guint fresh = find_endpoint (trace, "server", 3);
  const HsTraceSegment *syn = nth_from (trace, c2, HS_TCP_SYN, 1);
  const HsTraceSegment *synack;

  g_test_summary ("A SYN from the same port whose ISN is above the TIME-WAIT socket's RCV.NXT is accepted "
                  "(RFC 6191, Linux tcp_timewait_state_process): TIME-WAIT ends and the new connection's ISN "
                  "is the old SND.NXT + 65537");
  g_assert_cmpuint (hs_trace_get_state_at (trace, syn->end_step - 1, old), ==, HS_STATE_TIME_WAIT);
  g_assert_cmpuint (syn->to, ==, old);
  g_assert_cmpuint (arrival_reason (trace, syn), ==, HS_REASON_ARRIVE_TIME_WAIT_SYN);
  g_assert_cmpuint (hs_trace_get_state_at (trace, syn->end_step + 1, old), ==, HS_STATE_CLOSED);
  synack = nth_from (trace, fresh, HS_TCP_SYN | HS_TCP_ACK, 1);
  g_assert_nonnull (synack);
  g_assert_cmpuint (synack->header.seq, ==, 9002 + 65535 + 2);
  g_assert_cmpuint (synack->header.ack, ==, 5001);
  g_assert_cmpuint (synack->to, ==, c2);
  g_assert_cmpuint (count_from (trace, c2, HS_TCP_SYN), ==, 1);
  g_assert_nonnull (hs_trace_get_tcb_at (trace, hs_trace_get_n_steps (trace) - 1, fresh));
}

static void
test_time_wait_below (void)
{
  g_autoptr(HsTrace) trace = time_wait_run (500);
  guint c2 = find_endpoint (trace, "client-2", 1);
  guint old = find_endpoint (trace, "server", 2);
  const HsTraceSegment *syn = nth_from (trace, c2, HS_TCP_SYN, 1);
  const HsTraceSegment *ack = nth_from (trace, old, HS_TCP_ACK, 2);
  const HsTraceSegment *rst = nth_from (trace, c2, HS_TCP_RST, 1);

  g_test_summary ("A SYN whose ISN is below the TIME-WAIT socket's RCV.NXT gets the TIME-WAIT ACK "
                  "<SEQ=SND.NXT><ACK=RCV.NXT>; the client's RST for it ends TIME-WAIT, and the SYN sent again "
                  "a second later opens the connection");
  g_assert_cmpuint (syn->to, ==, old);
  g_assert_nonnull (ack);
  g_assert_cmpuint (ack->sent, ==, syn->arrived);
  g_assert_cmpuint (ack->header.seq, ==, 9002);
  g_assert_cmpuint (ack->header.ack, ==, 1002);
  g_assert_nonnull (rst);
  g_assert_cmpuint (rst->header.seq, ==, 1002);
  g_assert_cmpuint (count_from (trace, c2, HS_TCP_SYN), ==, 2);
  g_assert_cmpuint (nth_from (trace, c2, HS_TCP_SYN, 2)->sent - syn->sent, ==, HS_USEC_PER_SEC);
  g_assert_cmpuint (arrival_reason (trace, nth_from (trace, c2, HS_TCP_SYN, 2)), ==, HS_REASON_ARRIVE_SYN_CHILD);
}

/* ------------------------------------------------------------ listen queues -- */

static void
test_accept_queue (void)
{
  g_autoptr(HsTrace) trace = run ("[Lesson]\nTitle=t\nDuration=2500ms\n"
                                  "[Client]\nScript=connect\n"
                                  "[Client 2]\nScript=wait 100ms; connect\n"
                                  "[Client 3]\nScript=wait 200ms; connect\n"
                                  "[Client 4]\nScript=wait 201ms; connect\n"
                                  "[Client 5]\nScript=wait 300ms; connect\n"
                                  "[Server]\nSynCookies=false\nScript=listen backlog=2\n"
                                  "[Network]\nDelay=10ms\n");
  guint c4 = find_endpoint (trace, "client-4", 1);
  guint c5 = find_endpoint (trace, "client-5", 1);
  guint child4 = find_endpoint (trace, "server", 5);
  const HsTraceSegment *ack4 = nth_from (trace, c4, HS_TCP_ACK, 1);
  const HsTraceSegment *syn5 = nth_from (trace, c5, HS_TCP_SYN, 1);
  const HsTcbSnapshot *tcb;

  g_test_summary ("listen(fd, 2) with an application that never accepts: three connections fill the accept "
                  "queue (Linux counts it full above the backlog); the fourth's final ACK is dropped and its "
                  "SYN+ACK retransmitted; a later SYN is dropped too");
  g_assert_cmpuint (child4, !=, HS_TRACE_NONE);
  g_assert_cmpuint (arrival_reason (trace, nth_from (trace, find_endpoint (trace, "client-3", 1), HS_TCP_ACK, 1)),
                    ==, HS_REASON_ARRIVE_ACCEPTED);
  g_assert_cmpuint (arrival_reason (trace, ack4), ==, HS_REASON_ARRIVE_ACK_ACCEPT_FULL);
  g_assert_cmpuint (hs_trace_get_state_at (trace, hs_trace_get_n_steps (trace) - 1, child4), ==,
                    HS_STATE_SYN_RECEIVED);
  g_assert_cmpuint (count_from (trace, child4, HS_TCP_SYN | HS_TCP_ACK), >=, 2);
  g_assert_true (nth_from (trace, child4, HS_TCP_SYN | HS_TCP_ACK, 2)->marks & HS_MARK_RETRANSMISSION);
  g_assert_cmpuint (arrival_reason (trace, syn5), ==, HS_REASON_ARRIVE_SYN_ACCEPT_FULL);
  g_assert_cmpuint (count_from (trace, 1, HS_TCP_SYN | HS_TCP_ACK), ==, 0);
  tcb = hs_trace_get_tcb_at (trace, syn5->end_step, 1);
  g_assert_nonnull (tcb);
  g_assert_cmpuint (tcb->accept_queue, ==, 3);
  g_assert_cmpuint (tcb->syn_queue, ==, 1);
}

#define SYN_QUEUE_LESSON(cookies) \
  "[Lesson]\nTitle=t\nDuration=500ms\n" \
  "[Client]\nMSS=1400\nTimestamps=false\nScript=wait 1ms; connect; send 100\n" \
  "[Client 2]\nScript=connect\n" \
  "[Server]\nSynCookies=" cookies "\nScript=listen backlog=1\n" \
  "[Network]\nDelay=10ms\n"

static void
test_syn_queue_drop (void)
{
  g_autoptr(HsTrace) trace = run (SYN_QUEUE_LESSON ("false"));
  const HsTraceSegment *syn = nth_from (trace, 0, HS_TCP_SYN, 1);

  g_test_summary ("listen(fd, 1) with tcp_syncookies=0: a SYN that finds the SYN queue full is dropped and "
                  "nothing answers it");
  g_assert_cmpuint (arrival_reason (trace, syn), ==, HS_REASON_ARRIVE_SYN_QUEUE_FULL);
  g_assert_cmpuint (count_from (trace, 1, HS_TCP_SYN | HS_TCP_ACK), ==, 0);
  g_assert_null (nth_from (trace, 0, HS_TCP_ACK, 1));
}

static void
test_syn_cookie (void)
{
  g_autoptr(HsTrace) trace = run (SYN_QUEUE_LESSON ("true"));
  const HsTraceSegment *syn = nth_from (trace, 0, HS_TCP_SYN, 1);
  const HsTraceSegment *cookie = NULL;
  const HsTraceSegment *ack = nth_from (trace, 0, HS_TCP_ACK, 1);
  const HsTraceSegment *data;
  guint child;

  g_test_summary ("listen(fd, 1) with tcp_syncookies=1: a SYN that finds the SYN queue full is answered with a "
                  "SYN cookie and no options but the MSS, from an endpoint of its own with no TCB; the ACK that "
                  "returns it rebuilds the connection there, ESTABLISHED, its ISN the cookie");
  for (guint i = 0; i < hs_trace_get_n_segments (trace) && cookie == NULL; i++)
    {
      const HsTraceSegment *seg = hs_trace_get_segment (trace, i);

      if (hs_trace_get_step (trace, seg->sent_step)->reason == HS_REASON_SEND_SYN_COOKIE)
        cookie = seg;
    }
  g_assert_cmpuint (arrival_reason (trace, syn), ==, HS_REASON_ARRIVE_SYN_COOKIE);
  g_assert_nonnull (cookie);
  child = cookie->from;
  g_assert_cmpuint (cookie->header.flags, ==, HS_TCP_SYN | HS_TCP_ACK);
  g_assert_cmpuint (cookie->header.ack, ==, syn->header.seq + 1);
  g_assert_cmpuint (cookie->to, ==, 0);
  g_assert_cmpuint (cookie->header.options.present, ==, HS_TCP_OPT_MSS);
  g_assert_cmpuint (hs_trace_segment_rel_seq (trace, cookie), ==, 0);
  g_assert_cmpuint (count_from (trace, child, HS_TCP_SYN | HS_TCP_ACK), ==, 1);   /* nothing kept: no retransmission */
  g_assert_cmpuint (count_from (trace, 1, HS_TCP_SYN | HS_TCP_ACK), ==, 0);
  g_assert_cmpuint (hs_trace_get_state_at (trace, ack->end_step - 1, child), ==, HS_STATE_CLOSED);
  g_assert_nonnull (ack);
  g_assert_cmpuint (ack->to, ==, 1);   /* the listening socket takes it */
  g_assert_cmpuint (arrival_reason (trace, ack), ==, HS_REASON_ARRIVE_COOKIE_ACK);
  g_assert_cmpuint (hs_trace_get_state_at (trace, hs_trace_get_n_steps (trace) - 1, child), ==, HS_STATE_ESTABLISHED);
  g_assert_cmpuint (hs_trace_get_endpoint (trace, child)->connection, ==, hs_trace_get_endpoint (trace, 0)->connection);
  data = nth_from (trace, 0, HS_TCP_ACK | HS_TCP_PSH, 1);
  g_assert_nonnull (data);
  g_assert_cmpuint (data->to, ==, child);
  g_assert_cmpuint (nth_from (trace, child, HS_TCP_ACK, 1)->header.ack, ==, data->header.seq + 100);
  g_assert_cmpuint (nth_from (trace, child, HS_TCP_ACK, 1)->header.seq, ==, cookie->header.seq + 1);
}

static void
test_cookie_decode (void)
{
  const char *text = SYN_QUEUE_LESSON ("true");
  g_autoptr(GError) error = NULL;
  g_autoptr(HsScenario) scenario = hs_scenario_new_from_data ("hosts", "hosts.lesson", text, strlen (text), &error);
  g_autoptr(HsTrace) trace = NULL;
  guint32 secret;
  guint32 cookie;
  guint16 mss = 0;
  guint count = 0, index = 0;

  g_test_summary ("A SYN cookie reads back as made: its top 8 bits the minutes modulo 256, its MSS index "
                  "from Linux's table; a cookie read for another client port reads as none; the cookie of the "
                  "syn-queue lesson decodes with the key drawn from its seed to the MSS of the client's SYN");
  g_assert_no_error (error);

  cookie = hs_host_cookie_make (7, "10.0.0.1", "10.0.0.2", 43098, 80, 1000, 259 * 60 * HS_USEC_PER_SEC + 5, 1400, &mss);
  g_assert_cmpuint (mss, ==, 1300);
  /* read 30 s later, in the next minute: still the minute it was made */
  g_assert_true (hs_host_cookie_decode (7, "10.0.0.1", "10.0.0.2", 43098, 80, 1000, cookie,
                                        260 * 60 * HS_USEC_PER_SEC + 35, &count, &index, &mss));
  g_assert_cmpuint (count, ==, 259 % 256);
  g_assert_cmpuint (index, ==, 1);
  g_assert_cmpuint (mss, ==, 1300);
  g_assert_false (hs_host_cookie_decode (7, "10.0.0.1", "10.0.0.2", 43099, 80, 1000, cookie,
                                         259 * 60 * HS_USEC_PER_SEC, NULL, NULL, NULL));

  trace = hs_simulator_run (scenario, &error);
  g_assert_no_error (error);
  secret = hs_host_cookie_secret (hs_scenario_get_seed (scenario));
  for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
    {
      const HsTraceSegment *seg = hs_trace_get_segment (trace, i);
      const HsTraceEndpoint *client = hs_trace_get_endpoint (trace, seg->to);
      const HsTraceEndpoint *server = hs_trace_get_endpoint (trace, seg->from);

      if (hs_trace_get_step (trace, seg->sent_step)->reason != HS_REASON_SEND_SYN_COOKIE)
        continue;
      g_assert_true (hs_host_cookie_decode (secret, client->address, server->address, seg->header.dst_port,
                                            seg->header.src_port, seg->header.ack - 1, seg->header.seq,
                                            seg->sent, &count, &index, &mss));
      g_assert_cmpuint (count, ==, 0);       /* the first minute */
      g_assert_cmpuint (index, ==, 1);       /* the client's MSS=1400 keeps 1300 */
      /* the largest entry not above the MSS the client's SYN offered */
      g_assert_cmpuint (nth_from (trace, seg->to, HS_TCP_SYN, 1)->header.options.mss, ==, 1400);
      g_assert_cmpuint (mss, ==, 1300);
      return;
    }
  g_assert_not_reached ();
}

static void
test_cookie_forged (void)
{
  g_autoptr(HsTrace) trace = run ("[Lesson]\nTitle=t\n"
                                  "[Client]\nScript=\n"
                                  "[Client 2]\nScript=connect\n"
                                  "[Client 3]\nScript=wait 1ms; connect\n"
                                  "[Server]\nSynCookies=true\nScript=listen backlog=1\n"
                                  "[Network]\nDelay=10ms\nOldDuplicate=client:ACK seq=5000 ack=777 at 100ms\n");
  const HsTraceSegment *forged = nth_from (trace, 0, HS_TCP_ACK, 1);
  const HsTraceSegment *rst = nth_from (trace, 1, HS_TCP_RST, 1);

  g_test_summary ("An ACK to a listening socket that has sent SYN cookies, whose ack − 1 is no cookie of "
                  "its, is refused with <SEQ=SEG.ACK><CTL=RST> and makes no connection");
  g_assert_nonnull (forged);
  g_assert_cmpuint (forged->to, ==, 1);
  g_assert_cmpuint (arrival_reason (trace, forged), ==, HS_REASON_ARRIVE_COOKIE_BAD);
  g_assert_nonnull (rst);
  g_assert_cmpuint (rst->header.seq, ==, 777);
  g_assert_cmpuint (rst->sent, ==, forged->arrived);
  /* the client's socket never connected, so its host's kernel takes the
   * RST, and drops it */
  g_assert_cmpuint (hs_trace_get_endpoint (trace, rst->to)->host, ==, hs_trace_get_endpoint (trace, 0)->host);
  g_assert_cmpuint (arrival_reason (trace, rst), ==, HS_REASON_ARRIVE_NO_SOCKET);
  /* the real cookie of client-3 was accepted all the same */
  g_assert_cmpuint (arrival_reason (trace, nth_from (trace, find_endpoint (trace, "client-3", 1), HS_TCP_ACK, 1)), ==,
                    HS_REASON_ARRIVE_COOKIE_ACK);
}

static void
test_cookie_rules (void)
{
  guint16 mss = 0;
  guint32 cookie = hs_host_cookie_make (42, "10.0.0.1", "10.0.0.2", 43098, 5000, 1000, 0, 1400, &mss);

  g_test_summary ("A SYN cookie keeps the client's MSS as the largest entry of Linux's table not above it, "
                  "is accepted back for two minutes, and refused when forged or for another 4-tuple");
  g_assert_cmpuint (mss, ==, 1300);
  g_assert_cmpuint (hs_host_cookie_check (42, "10.0.0.1", "10.0.0.2", 43098, 5000, 1000, cookie, 0), ==, 1300);
  g_assert_cmpuint (hs_host_cookie_check (42, "10.0.0.1", "10.0.0.2", 43098, 5000, 1000, cookie,
                                          119 * HS_USEC_PER_SEC), ==, 1300);
  g_assert_cmpuint (hs_host_cookie_check (42, "10.0.0.1", "10.0.0.2", 43098, 5000, 1000, cookie,
                                          120 * HS_USEC_PER_SEC), ==, 0);
  /* the time in the top 8 bits: one minute on is still in the window */
  g_assert_cmpuint (hs_host_cookie_check (42, "10.0.0.1", "10.0.0.2", 43098, 5000, 1000, cookie,
                                          61 * HS_USEC_PER_SEC), ==, 1300);
  /* a changed cookie: only the two low bits may land on another entry of
   * the table, as in Linux (the index is added under the hash) */
  g_assert_cmpuint (hs_host_cookie_check (42, "10.0.0.1", "10.0.0.2", 43098, 5000, 1000, cookie + 1, 0), ==, 1440);
  for (guint32 d = 3; d < 64; d++)
    g_assert_cmpuint (hs_host_cookie_check (42, "10.0.0.1", "10.0.0.2", 43098, 5000, 1000, cookie + d, 0), ==, 0);
  g_assert_cmpuint (hs_host_cookie_check (42, "10.0.0.1", "10.0.0.2", 43098, 5000, 1000, cookie ^ 0x00f00000u, 0), ==, 0);
  g_assert_cmpuint (hs_host_cookie_check (42, "10.0.0.1", "10.0.0.2", 43099, 5000, 1000, cookie, 0), ==, 0);
  g_assert_cmpuint (hs_host_cookie_check (43, "10.0.0.1", "10.0.0.2", 43098, 5000, 1000, cookie, 0), ==, 0);
  g_assert_cmpuint (hs_host_cookie_check (42, "10.0.0.1", "10.0.0.2", 43098, 5000, 2000, cookie, 0), ==, 0);
  hs_host_cookie_make (42, "10.0.0.1", "10.0.0.2", 43098, 5000, 1000, 0, 9000, &mss);
  g_assert_cmpuint (mss, ==, 1460);
  hs_host_cookie_make (42, "10.0.0.1", "10.0.0.2", 43098, 5000, 1000, 0, 100, &mss);
  g_assert_cmpuint (mss, ==, 536);
}

/* ------------------------------------------------------------ ports in use -- */

static void
test_address_in_use (void)
{
  g_autoptr(HsTrace) trace = run ("[Lesson]\nTitle=t\n"
                                  "[Client]\nScript=connect; wait 1s; close\n"
                                  "[Client 2]\nPort=43098\nScript=wait 100ms; connect\n"
                                  "[Server]\nScript=listen; accept; wait-for eof; close\n"
                                  "[Server 2]\nPort=5000\nScript=listen\n"
                                  "[Network]\nDelay=10ms\n");
  guint c2 = find_endpoint (trace, "client-2", 1);
  guint s2 = find_endpoint (trace, "server-2", 1);

  g_test_summary ("bind() to a port another socket of the host holds fails with EADDRINUSE: a connect() "
                  "from the client's port while its connection is open, a second listen() on the server's "
                  "port; nothing is sent for either");
  g_assert_true (has_app_reason (trace, c2, HS_REASON_APP_EADDRINUSE));
  g_assert_true (has_app_reason (trace, s2, HS_REASON_APP_EADDRINUSE));
  g_assert_cmpuint (count_from (trace, c2, HS_TCP_SYN), ==, 0);
  g_assert_cmpuint (hs_trace_get_state_at (trace, hs_trace_get_n_steps (trace) - 1, s2), ==, HS_STATE_CLOSED);
}

static void
test_address_not_available (void)
{
  g_autoptr(HsTrace) trace = run ("[Lesson]\nTitle=t\n"
                                  "[Client]\nReuseAddr=true\nScript=connect; close\n"
                                  "[Client 2]\nPort=43098\nReuseAddr=true\nScript=wait 1s; connect\n"
                                  "[Server]\nScript=listen; accept; wait-for eof; close\n"
                                  "[Network]\nDelay=10ms\n");
  guint c2 = find_endpoint (trace, "client-2", 1);
  const HsTraceStep *connect = NULL;

  g_test_summary ("With SO_REUSEADDR on both, bind() may take the port of a socket in TIME-WAIT, but "
                  "connect() to the same server fails with EADDRNOTAVAIL: the 4-tuple is still held");
  for (guint i = 0; i < hs_trace_get_n_steps (trace); i++)
    if (hs_trace_get_step (trace, i)->kind == HS_STEP_APP_CALL && hs_trace_get_step (trace, i)->endpoint == c2)
      connect = hs_trace_get_step (trace, i);
  g_assert_nonnull (connect);
  g_assert_cmpuint (hs_trace_get_state_at (trace, hs_trace_find_step_at_time (trace, HS_USEC_PER_SEC), 0), ==,
                    HS_STATE_TIME_WAIT);
  g_assert_cmpuint (connect->reason, ==, HS_REASON_APP_EADDRNOTAVAIL);
  g_assert_cmpuint (count_from (trace, c2, HS_TCP_SYN), ==, 0);
}

/* ----------------------------------------------------------------- attacker -- */

#define FLOOD_LESSON(cookies) \
  "[Lesson]\nTitle=t\nDuration=3s\n" \
  "[Client]\nTimestamps=false\nScript=wait 100ms; connect; send 100; wait-for 100 bytes; close\n" \
  "[Client 2]\nKind=attacker\nScript=flood 10 every 5ms\n" \
  "[Server]\nTimestamps=false\nSynCookies=" cookies "\n" \
  "Script=listen backlog=4; accept; wait-for 100 bytes; send 100; wait-for eof; close\n" \
  "[Network]\nDelay=10ms\n"

/* The SYN queue of the listening socket after each step, as a renderer
 * reads it; the highest value it reaches. */
static guint
max_syn_queue (HsTrace *trace)
{
  guint max = 0;

  for (guint i = 0; i < hs_trace_get_n_steps (trace); i++)
    {
      const HsTcbSnapshot *tcb = hs_trace_get_tcb_at (trace, i, 1);

      if (tcb != NULL)
        max = MAX (max, tcb->syn_queue);
    }
  return max;
}

static void
test_flood (void)
{
  g_autoptr(HsTrace) trace = run (FLOOD_LESSON ("false"));
  guint attacker = find_endpoint (trace, "attacker", 1);
  guint n_forged = 0;
  g_autoptr(GHashTable) addresses = g_hash_table_new (g_str_hash, g_str_equal);
  const HsTraceSegment *syn;

  g_test_summary ("An attacker's SYNs come from forged addresses, each a socket of the attacker's host; the "
                  "SYN+ACKs to them are never answered, the SYN queue fills to the backlog and, without SYN "
                  "cookies, the real client's SYNs are dropped");
  g_assert_cmpuint (attacker, !=, HS_TRACE_NONE);
  g_assert_cmpuint (hs_trace_get_n_hosts (trace), ==, 3);
  g_assert_cmpstr (hs_trace_get_host (trace, hs_trace_get_endpoint (trace, attacker)->host)->address, ==, "203.0.113.1");
  for (guint i = 0; i < hs_trace_get_n_endpoints (trace); i++)
    {
      const HsTraceEndpoint *e = hs_trace_get_endpoint (trace, i);

      if (i == attacker || !g_str_equal (e->name, "attacker"))
        continue;
      n_forged++;
      g_assert_true (g_str_has_prefix (e->address, "198.1"));
      g_assert_cmpuint (e->host, ==, hs_trace_get_endpoint (trace, attacker)->host);
      g_hash_table_add (addresses, (gpointer) e->address);
      syn = nth_from (trace, i, HS_TCP_SYN, 1);
      g_assert_nonnull (syn);
      g_assert_cmpuint (hs_trace_get_step (trace, syn->sent_step)->reason, ==, HS_REASON_SEND_SYN_FORGED);
      g_assert_cmpuint (count_from (trace, i, HS_TCP_ACK), ==, 0);
    }
  g_assert_cmpuint (n_forged, ==, 10);
  g_assert_cmpuint (g_hash_table_size (addresses), >, 1);
  for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
    {
      const HsTraceSegment *seg = hs_trace_get_segment (trace, i);

      if (seg->header.flags == (HS_TCP_SYN | HS_TCP_ACK) && g_str_equal (hs_trace_get_endpoint (trace, seg->to)->name, "attacker"))
        g_assert_cmpuint (arrival_reason (trace, seg), ==, HS_REASON_ARRIVE_FORGED);
    }
  g_assert_cmpuint (max_syn_queue (trace), ==, 4);
  syn = nth_from (trace, 0, HS_TCP_SYN, 1);
  g_assert_cmpuint (arrival_reason (trace, syn), ==, HS_REASON_ARRIVE_SYN_QUEUE_FULL);
  g_assert_cmpuint (count_from (trace, 0, HS_TCP_SYN), ==, 3);   /* 0.1 s, 1.1 s, 2.1 s: all dropped */
  g_assert_null (nth_from (trace, 0, HS_TCP_ACK, 1));
}

static void
test_flood_cookies (void)
{
  g_autoptr(HsTrace) trace = run (FLOOD_LESSON ("true"));
  const HsTraceSegment *syn = nth_from (trace, 0, HS_TCP_SYN, 1);
  guint child = HS_TRACE_NONE;

  g_test_summary ("The same flood with SYN cookies: the SYN queue stays full, but the client's SYN is answered "
                  "with a cookie and its connection is served");
  g_assert_cmpuint (max_syn_queue (trace), ==, 4);
  g_assert_cmpuint (arrival_reason (trace, syn), ==, HS_REASON_ARRIVE_SYN_COOKIE);
  g_assert_cmpuint (arrival_reason (trace, nth_from (trace, 0, HS_TCP_ACK, 1)), ==, HS_REASON_ARRIVE_COOKIE_ACK);
  for (guint i = 0; i < hs_trace_get_n_endpoints (trace); i++)
    if (hs_trace_get_endpoint (trace, i)->connection == hs_trace_get_endpoint (trace, 0)->connection && i != 0)
      child = i;
  g_assert_cmpuint (child, !=, HS_TRACE_NONE);
  g_assert_cmpuint (nth_from (trace, child, HS_TCP_ACK | HS_TCP_PSH, 1)->len, ==, 100);
  g_assert_cmpuint (hs_trace_get_state_at (trace, hs_trace_get_n_steps (trace) - 1, 0), ==, HS_STATE_TIME_WAIT);
}

/* ----------------------------------------------------------------- lessons -- */

static void
test_bad_lessons (void)
{
  static const struct { const char *text; const char *says; } bad[] = {
    { "[Lesson]\nTitle=t\n[Client 1]\nScript=connect\n", "hosts.lesson:3: [Client 1]: a numbered socket group is [Client N] or [Server N] with N from 2 to 16" },
    { "[Lesson]\nTitle=t\n[Client]\nScript=connect\n[Server]\nScript=listen; wait-for 10 bytes\n[Client 2]\n", "hosts.lesson:6: action 2: in a lesson with several sockets, a listening socket takes a connection with “accept”" },
    { "[Lesson]\nTitle=t\n[Client]\nScript=connect\n[Server]\nScript=listen backlog=0\n", "the backlog must be a whole number from 1 to 4096" },
    { "[Lesson]\nTitle=t\n[Client]\nScript=connect\n[Client 2]\nPeer=Server 9\n", "Peer must name a socket group" },
    { "[Lesson]\nTitle=t\n[Client]\nScript=connect\n[Client 2]\nName=client\n", "every socket needs its own name" },
    { "[Lesson]\nTitle=t\nTransport=udp\n[Client]\nScript=connect\n[Client 2]\n", "runs over TCP only" },
    { "[Lesson]\nTitle=t\n[Client]\nScript=connect; accept\n", "“accept” needs a “listen” before it" },
    { "[Lesson]\nTitle=t\n[Client]\nScript=connect\n[Client 2]\nKind=attacker\nScript=connect\n", "an attacker (Kind=attacker) only has “flood”, “wait” and “at”" },
    { "[Lesson]\nTitle=t\n[Client]\nScript=connect; flood 3 every 1ms\n", "only an attacker (Kind=attacker) has “flood”" },
    { "[Lesson]\nTitle=t\n[Client]\nScript=connect\n[Client 2]\nKind=attacker\nScript=flood 30 every 1ms\n", "“flood” needs a number of SYNs from 1 to 20" },
    { "[Lesson]\nTitle=t\n[Client]\nKind=robot\nScript=connect\n", "Kind must be host or attacker" },
  };

  g_test_summary ("A lesson with several sockets that is wrong is refused with its file, line or group and key");
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HsScenario) scenario = hs_scenario_new_from_data ("hosts", "hosts.lesson", bad[i].text, strlen (bad[i].text), &error);

      g_assert_null (scenario);
      g_assert_nonnull (error);
      if (strstr (error->message, bad[i].says) == NULL)
        g_error ("lesson %u: “%s” does not say “%s”", i, error->message, bad[i].says);
    }
}

static void
test_two_sockets_stay (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsScenario) scenario = hs_scenario_new_builtin ("full-connection", &error);
  g_autoptr(HsTrace) trace = NULL;

  g_test_summary ("A lesson with only [Client] and [Server] names no hosts: its trace is as it always was");
  g_assert_no_error (error);
  g_assert_false (hs_scenario_has_hosts (scenario));
  g_assert_cmpuint (hs_scenario_get_n_endpoints (scenario), ==, 2);
  trace = hs_simulator_run (scenario, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hs_trace_get_n_hosts (trace), ==, 0);
  g_assert_cmpuint (hs_trace_get_n_endpoints (trace), ==, 2);
}

/* A SYN+ACK is in its SYN's connection, in every lesson with hosts: the
 * legend, the colours and the CSV's connection column depend on it. */
static void
test_answer_same_connection (void)
{
  static const char * const ids[] = {
    "parallel-connections", "time-wait-reuse", "listen-backlog", "syn-flood", "syn-cookies",
    "port-closed-vs-filtered",
  };

  g_test_summary ("Each SYN+ACK belongs to the connection of the SYN it answers, forged SYNs "
                  "included (syn-flood numbered them apart)");

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HsScenario) scenario = hs_scenario_new_builtin (ids[i], &error);
      g_autoptr(HsTrace) trace = NULL;
      guint n, n_checked = 0;

      g_assert_no_error (error);
      trace = hs_simulator_run (scenario, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (hs_trace_get_n_hosts (trace), >, 0);
      n = hs_trace_get_n_segments (trace);
      for (guint a = 0; a < n; a++)
        {
          HsTraceSegment answer;

          hs_trace_read_segment (trace, a, &answer);
          if ((answer.header.flags & (HS_TCP_SYN | HS_TCP_ACK)) != (HS_TCP_SYN | HS_TCP_ACK))
            continue;
          for (guint s = 0; s < a; s++)
            {
              HsTraceSegment syn;

              hs_trace_read_segment (trace, s, &syn);
              if ((syn.header.flags & (HS_TCP_SYN | HS_TCP_ACK)) == HS_TCP_SYN &&
                  syn.header.seq + 1 == answer.header.ack && syn.from == answer.to)
                {
                  if (hs_trace_segment_get_connection (trace, &syn) != hs_trace_segment_get_connection (trace, &answer))
                    g_error ("%s: SYN+ACK %u is in connection %u, its SYN %u in %u", ids[i], a + 1,
                             hs_trace_segment_get_connection (trace, &answer), s + 1,
                             hs_trace_segment_get_connection (trace, &syn));
                  n_checked++;
                  break;
                }
            }
        }
      g_test_message ("%s: %u SYN+ACKs checked", ids[i], n_checked);
      if (!g_str_equal (ids[i], "port-closed-vs-filtered"))
        g_assert_cmpuint (n_checked, >, 0);
    }
}

/* Nobody resends a forged SYN: the narration of one dropped must not say
 * its sender will (the attacker has no socket, and no timer). */
static void
test_forged_syn_dropped_narration (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsScenario) scenario = hs_scenario_new_builtin ("syn-flood", &error);
  g_autoptr(HsTrace) trace = NULL;
  guint n_dropped = 0;

  g_test_summary ("syn-flood: a forged SYN dropped by a full SYN queue is told as never sent again");

  g_assert_no_error (error);
  trace = hs_simulator_run (scenario, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < hs_trace_get_n_steps (trace); i++)
    {
      const HsTraceStep *st = hs_trace_get_step (trace, i);
      g_autofree char *text = NULL;

      if (st->reason != HS_REASON_ARRIVE_SYN_QUEUE_FULL)
        continue;
      text = hs_narration_format_step (trace, i);
      g_test_message ("step %u: %s", i + 1, text);
      if (g_str_equal (hs_trace_get_endpoint (trace, hs_trace_get_segment (trace, st->segment)->from)->name, "attacker"))
        {
          g_assert_null (strstr (text, "will send it again"));
          g_assert_nonnull (strstr (text, "Nobody sends it again"));
          n_dropped++;
        }
      else
        /* the real client's SYN is sent again by its timer */
        g_assert_nonnull (strstr (text, "will send it again"));
    }
  g_assert_cmpuint (n_dropped, >, 0);
}

/* The text ladder names the new calls as the sockets API does (it
 * printed "?" for accept() and the attacker's flood). */
static void
test_ladder_names_calls (void)
{
  static const struct { const char *lesson; const char *call; } cases[] = {
    { "parallel-connections", "accept()" },
    { "syn-flood", "SYN flood" },
  };

  g_test_summary ("The text ladder says accept() and SYN flood, not ?");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HsScenario) scenario = hs_scenario_new_builtin (cases[i].lesson, &error);
      g_autoptr(HsTrace) trace = NULL;
      g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
      g_autofree char *text = NULL;

      g_assert_no_error (error);
      trace = hs_simulator_run (scenario, &error);
      g_assert_no_error (error);
      g_assert_true (hs_trace_write_to_stream (trace, HS_TRACE_FORMAT_TXT, out, HS_TRACE_WRITE_DEFAULT,
                                               NULL, NULL, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (g_output_stream_write_all (out, "", 1, NULL, NULL, NULL));
      g_assert_true (g_output_stream_close (out, NULL, NULL));
      text = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
      g_assert_nonnull (strstr (text, cases[i].call));
      g_assert_null (strstr (text, " ? "));
      g_assert_null (strstr (text, "│?"));
    }
}

/* time-wait-reuse: the first SYN from the old port meets TIME-WAIT below
 * RCV.NXT; it is told as that, and the answer as TIME-WAIT's ACK (it was
 * told as an old duplicate's). */
static void
test_time_wait_told (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsScenario) scenario = hs_scenario_new_builtin ("time-wait-reuse", &error);
  g_autoptr(HsTrace) trace = NULL;
  guint arrival = HS_TRACE_NONE, answer = HS_TRACE_NONE;

  g_test_summary ("time-wait-reuse: a SYN that TIME-WAIT cannot take, and its ACK, are narrated as such");

  g_assert_no_error (error);
  trace = hs_simulator_run (scenario, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < hs_trace_get_n_steps (trace); i++)
    {
      const HsTraceStep *st = hs_trace_get_step (trace, i);

      if (st->reason == HS_REASON_ARRIVE_TIME_WAIT_SYN_OLD && arrival == HS_TRACE_NONE)
        arrival = i;
      if (st->reason == HS_REASON_SEND_TIME_WAIT_ACK && answer == HS_TRACE_NONE)
        answer = i;
    }
  g_assert_cmpuint (arrival, !=, HS_TRACE_NONE);
  g_assert_cmpuint (answer, >, arrival);
  {
    g_autofree char *a = hs_narration_format_step (trace, arrival);
    g_autofree char *b = hs_narration_format_step (trace, answer);
    const HsTraceStep *st = hs_trace_get_step (trace, answer);
    const HsTraceSegment *seg = hs_trace_get_segment (trace, st->segment);

    g_assert_nonnull (strstr (a, "TIME-WAIT stays"));
    g_assert_nonnull (strstr (b, "From TIME-WAIT"));
    g_assert_cmpuint (seg->header.flags, ==, HS_TCP_ACK);
  }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/engine/hosts/demux/two-clients", test_two_clients);
  g_test_add_func ("/engine/hosts/cookie/decode", test_cookie_decode);
  g_test_add_func ("/engine/hosts/demux/no-socket", test_no_socket);
  g_test_add_func ("/engine/hosts/time-wait/syn-above", test_time_wait_above);
  g_test_add_func ("/engine/hosts/time-wait/syn-below", test_time_wait_below);
  g_test_add_func ("/engine/hosts/backlog/accept-queue-full", test_accept_queue);
  g_test_add_func ("/engine/hosts/backlog/syn-queue-full", test_syn_queue_drop);
  g_test_add_func ("/engine/hosts/backlog/syn-cookie", test_syn_cookie);
  g_test_add_func ("/engine/hosts/backlog/cookie-forged", test_cookie_forged);
  g_test_add_func ("/engine/hosts/backlog/cookie-rules", test_cookie_rules);
  g_test_add_func ("/engine/hosts/ports/in-use", test_address_in_use);
  g_test_add_func ("/engine/hosts/ports/not-available", test_address_not_available);
  g_test_add_func ("/engine/hosts/attacker/flood", test_flood);
  g_test_add_func ("/engine/hosts/attacker/flood-cookies", test_flood_cookies);
  g_test_add_func ("/engine/hosts/lessons/refused", test_bad_lessons);
  g_test_add_func ("/engine/hosts/lessons/two-sockets", test_two_sockets_stay);
  g_test_add_func ("/engine/hosts/lessons/answer-same-connection", test_answer_same_connection);
  g_test_add_func ("/engine/hosts/attacker/dropped-not-resent", test_forged_syn_dropped_narration);
  g_test_add_func ("/engine/hosts/lessons/ladder-calls", test_ladder_names_calls);
  g_test_add_func ("/engine/hosts/time-wait/told", test_time_wait_told);

  return g_test_run ();
}
