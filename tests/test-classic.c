/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-classic.c: the classic examination questions as lessons (issue 21):
 * each lesson's decisive moment, and the engine behind it. */

#define G_LOG_DOMAIN "test-classic"

#include "config.h"

#include <string.h>

#include <glib.h>

#include "hs-narration.h"
#include "hs-scenario.h"
#include "hs-simulator.h"
#include "hs-trace.h"

static HsTrace *
run_lesson (const char         *id,
            const char * const *sets)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsScenario) scenario = hs_scenario_new_builtin (id, &error);
  HsTrace *trace;

  g_assert_no_error (error);
  for (guint i = 0; sets != NULL && sets[i] != NULL; i++)
    {
      hs_scenario_set (scenario, sets[i], &error);
      g_assert_no_error (error);
    }
  trace = hs_simulator_run (scenario, &error);
  g_assert_no_error (error);
  return trace;
}

/* The index of the first step from @from on of @kind at @endpoint with
 * @detail (G_MAXUINT: any), or HS_TRACE_NONE. */
static guint
find_step (HsTrace    *trace,
           guint       from,
           HsStepKind  kind,
           guint       endpoint,
           guint       detail)
{
  for (guint i = from; i < hs_trace_get_n_steps (trace); i++)
    {
      const HsTraceStep *s = hs_trace_get_step (trace, i);

      if (s->kind == kind && s->endpoint == endpoint && (detail == G_MAXUINT || s->detail == detail))
        return i;
    }
  return HS_TRACE_NONE;
}

static guint
count_steps (HsTrace    *trace,
             HsStepKind  kind,
             guint       endpoint,
             guint       detail)
{
  guint n = 0;

  for (guint i = 0; i < hs_trace_get_n_steps (trace); i++)
    {
      const HsTraceStep *s = hs_trace_get_step (trace, i);

      n += s->kind == kind && s->endpoint == endpoint && (detail == G_MAXUINT || s->detail == detail);
    }
  return n;
}

static char *
narration (HsTrace *trace,
           guint    step)
{
  return hs_narration_format_step (trace, step);
}

/* ------------------------------------------------------- byte-stream -- */

static void
test_byte_stream (void)
{
  g_autoptr(HsTrace) trace = run_lesson ("byte-stream", NULL);
  guint n_data_segments = 0;
  guint read_step;
  g_autofree char *text = NULL;

  g_test_summary ("byte-stream: three 100-byte writes leave as three TCP segments but the server's one "
                  "read returns 300 bytes, and the narration names writes 1 to 3; over UDP the three "
                  "datagrams reach the application one by one");

  g_assert_cmpuint (hs_trace_get_n_endpoints (trace), ==, 4);
  for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
    {
      const HsTraceSegment *seg = hs_trace_get_segment (trace, i);

      if (seg->from == 0 && seg->len > 0)
        {
          g_assert_cmpuint (seg->len, ==, 100);
          n_data_segments++;
        }
    }
  g_assert_cmpuint (n_data_segments, ==, 3);

  /* TCP: one read of all 300 bytes */
  g_assert_cmpuint (count_steps (trace, HS_STEP_APP_NOTIFY, 1, HS_NOTIFY_DATA), ==, 1);
  read_step = find_step (trace, 0, HS_STEP_APP_NOTIFY, 1, HS_NOTIFY_DATA);
  g_assert_cmpuint (hs_trace_get_step (trace, read_step)->value, ==, 300);
  text = narration (trace, read_step);
  g_assert_nonnull (strstr (text, "bytes 1 to 300 of the stream"));
  g_assert_nonnull (strstr (text, "writes 1 to 3"));

  /* UDP: three datagrams, three deliveries of 100 bytes */
  g_assert_cmpuint (count_steps (trace, HS_STEP_APP_NOTIFY, 3, HS_NOTIFY_DATA), ==, 3);
  for (guint i = find_step (trace, 0, HS_STEP_APP_NOTIFY, 3, HS_NOTIFY_DATA); i != HS_TRACE_NONE;
       i = find_step (trace, i + 1, HS_STEP_APP_NOTIFY, 3, HS_NOTIFY_DATA))
    g_assert_cmpuint (hs_trace_get_step (trace, i)->value, ==, 100);
}

static void
test_byte_stream_one_write (void)
{
  const char * const sets[] = { "server.script=listen; wait-for established; read 100; read 100; read 100; close", NULL };
  g_autoptr(HsTrace) trace = run_lesson ("byte-stream", sets);

  g_test_summary ("A read that returns the bytes of one write only says nothing of glued writes");

  for (guint i = find_step (trace, 0, HS_STEP_APP_NOTIFY, 1, HS_NOTIFY_DATA); i != HS_TRACE_NONE;
       i = find_step (trace, i + 1, HS_STEP_APP_NOTIFY, 1, HS_NOTIFY_DATA))
    {
      g_autofree char *text = narration (trace, i);

      g_assert_cmpuint (hs_trace_get_step (trace, i)->value, ==, 100);
      g_assert_null (strstr (text, "glued"));
    }
  g_assert_cmpuint (count_steps (trace, HS_STEP_APP_NOTIFY, 1, HS_NOTIFY_DATA), ==, 3);
}


/* ------------------------------------------------------ host failures -- */

#define CLIENT 0
#define SERVER 1

/* The first segment from @from at or after segment @start with exactly
 * the SYN, FIN, RST and ACK bits of @flags, or NULL. */
static const HsTraceSegment *
find_segment (HsTrace *trace,
              guint    start,
              guint    from,
              guint8   flags)
{
  const guint8 mask = HS_TCP_SYN | HS_TCP_FIN | HS_TCP_RST | HS_TCP_ACK;

  for (guint i = start; i < hs_trace_get_n_segments (trace); i++)
    {
      const HsTraceSegment *seg = hs_trace_get_segment (trace, i);

      if (seg->from == from && (seg->header.flags & mask) == flags)
        return seg;
    }
  return NULL;
}

static void
test_half_open (void)
{
  g_autoptr(HsTrace) trace = run_lesson ("half-open", NULL);
  guint crash = find_step (trace, 0, HS_STEP_APP_CALL, SERVER, HS_APP_CRASH);
  guint reboot = find_step (trace, 0, HS_STEP_APP_CALL, SERVER, HS_APP_REBOOT);
  const HsTraceSegment *rst, *answered = NULL;
  guint n_lost_at_host = 0;
  g_autofree char *text = NULL;

  g_test_summary ("half-open: the crashed server loses its TCB silently, sends nothing while down and "
                  "takes nothing; after the reboot the client's next segment draws an RST with seq = its "
                  "ack (RFC 9293 3.10.7.1) and the client learns the connection is reset");

  g_assert_cmpuint (crash, !=, HS_TRACE_NONE);
  g_assert_cmpuint (reboot, >, crash);
  g_assert_cmpint (hs_trace_get_state_at (trace, crash + 1, SERVER), ==, HS_STATE_CLOSED);
  g_assert_cmpint (hs_trace_get_state_at (trace, crash + 1, CLIENT), ==, HS_STATE_ESTABLISHED);
  text = narration (trace, crash + 1);
  g_assert_nonnull (strstr (text, "half-open"));

  for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
    {
      const HsTraceSegment *seg = hs_trace_get_segment (trace, i);

      /* the server is silent from the crash to the reboot */
      if (seg->from == SERVER)
        g_assert_false (seg->sent_step > crash && seg->sent_step < reboot);
      if (seg->fate == HS_FATE_LOST)
        {
          g_assert_cmpuint (hs_trace_get_step (trace, seg->end_step)->reason, ==, HS_REASON_LOST_HOST_DOWN);
          g_assert_cmpuint (seg->end_step, >, crash);
          g_assert_cmpuint (seg->end_step, <, reboot);
          n_lost_at_host++;
        }
    }
  g_assert_cmpuint (n_lost_at_host, >=, 2);

  rst = find_segment (trace, 0, SERVER, HS_TCP_RST);
  g_assert_nonnull (rst);
  g_assert_cmpuint (rst->sent_step, >, reboot);
  /* the segment that drew it: the client's last before it */
  for (guint i = 0; i < rst->index; i++)
    if (hs_trace_get_segment (trace, i)->from == CLIENT)
      answered = hs_trace_get_segment (trace, i);
  g_assert_nonnull (answered);
  g_assert_cmpuint (answered->fate, ==, HS_FATE_DELIVERED);
  g_assert_cmpuint (rst->header.seq, ==, answered->header.ack);
  g_assert_cmpuint (count_steps (trace, HS_STEP_APP_NOTIFY, CLIENT, HS_NOTIFY_RESET), ==, 1);
  g_assert_cmpint (hs_trace_get_state_at (trace, hs_trace_get_n_steps (trace) - 1, CLIENT), ==, HS_STATE_CLOSED);
}

static void
test_half_open_no_reboot (void)
{
  const char * const sets[] = { "server.script=listen; wait-for 100 bytes; wait 500ms; crash", NULL };
  g_autoptr(HsTrace) trace = run_lesson ("half-open", sets);

  g_test_summary ("A peer that never comes back: no RST ever arrives, and only the retransmission "
                  "timeout tells the client (Connection timed out)");

  g_assert_null (find_segment (trace, 0, SERVER, HS_TCP_RST));
  g_assert_null (find_segment (trace, 0, SERVER, HS_TCP_RST | HS_TCP_ACK));
  g_assert_cmpuint (count_steps (trace, HS_STEP_APP_NOTIFY, CLIENT, HS_NOTIFY_TIMED_OUT), ==, 1);
  g_assert_cmpuint (count_steps (trace, HS_STEP_APP_NOTIFY, CLIENT, HS_NOTIFY_RESET), ==, 0);
}

static void
test_reboot_listening (void)
{
  const char * const sets[] = {
    "server.script=listen; wait-for 100 bytes; wait 500ms; crash; wait 1s; reboot; listen",
    NULL
  };
  g_autoptr(HsTrace) trace = run_lesson ("half-open", sets);
  const HsTraceSegment *rst = find_segment (trace, 0, SERVER, HS_TCP_RST);
  guint listen = find_step (trace, find_step (trace, 0, HS_STEP_APP_CALL, SERVER, HS_APP_REBOOT),
                            HS_STEP_APP_CALL, SERVER, HS_APP_LISTEN);
  const HsTraceSegment *answered = NULL;

  g_test_summary ("A rebooted host that listens again answers the old connection's data (ACK set) "
                  "in LISTEN with <SEQ=SEG.ACK><CTL=RST> (RFC 9293 3.10.7.2) and stays in LISTEN");

  g_assert_cmpuint (listen, !=, HS_TRACE_NONE);
  g_assert_nonnull (rst);
  g_assert_cmpuint (rst->sent_step, >, listen);
  for (guint i = 0; i < rst->index; i++)
    if (hs_trace_get_segment (trace, i)->from == CLIENT)
      answered = hs_trace_get_segment (trace, i);
  g_assert_true (answered->header.flags & HS_TCP_ACK);
  g_assert_cmpuint (rst->header.seq, ==, answered->header.ack);
  g_assert_cmpint (hs_trace_get_state_at (trace, rst->sent_step, SERVER), ==, HS_STATE_LISTEN);
  g_assert_cmpuint (count_steps (trace, HS_STEP_APP_NOTIFY, CLIENT, HS_NOTIFY_RESET), ==, 1);
}

static void
test_reboot_reconnect (void)
{
  const char * const sets[] = {
    "client.script=connect; send 100; wait 100ms; crash; wait 1s; reboot; connect",
    "server.script=listen; wait-for eof; close",
    NULL
  };
  g_autoptr(HsTrace) trace = run_lesson ("half-open", sets);
  guint reboot = find_step (trace, 0, HS_STEP_APP_CALL, CLIENT, HS_APP_REBOOT);
  const HsTraceSegment *syn = NULL, *ack, *rst;

  g_test_summary ("RFC 9293 figure 10: the crashed client reboots and sends a new SYN; the server, "
                  "still ESTABLISHED, answers with an ACK of its old numbers; the client in SYN-SENT "
                  "answers that with <SEQ=SEG.ACK><CTL=RST>, and the server's half-open connection is reset");

  for (guint i = 0; i < hs_trace_get_n_segments (trace) && syn == NULL; i++)
    if (hs_trace_get_segment (trace, i)->sent_step > reboot)
      syn = find_segment (trace, i, CLIENT, HS_TCP_SYN);
  g_assert_nonnull (syn);
  ack = find_segment (trace, syn->index, SERVER, HS_TCP_ACK);
  g_assert_nonnull (ack);
  g_assert_cmpint (hs_trace_get_state_at (trace, ack->sent_step, SERVER), ==, HS_STATE_ESTABLISHED);
  g_assert_cmpuint (ack->header.ack, !=, syn->header.seq + 1);
  rst = find_segment (trace, ack->index, CLIENT, HS_TCP_RST);
  g_assert_nonnull (rst);
  g_assert_cmpuint (rst->header.seq, ==, ack->header.ack);
  g_assert_cmpuint (count_steps (trace, HS_STEP_APP_NOTIFY, SERVER, HS_NOTIFY_RESET), ==, 1);
}

static void
test_process_killed (void)
{
  g_autoptr(HsTrace) trace = run_lesson ("process-killed", NULL);
  guint kill = find_step (trace, 0, HS_STEP_APP_CALL, SERVER, HS_APP_KILL);
  const HsTraceSegment *fin;
  g_autofree char *text = NULL;

  g_test_summary ("process-killed: the kernel closes the killed server's socket with a FIN, and the "
                  "client reads end-of-file");

  g_assert_cmpuint (kill, !=, HS_TRACE_NONE);
  fin = find_segment (trace, 0, SERVER, HS_TCP_FIN | HS_TCP_ACK);
  g_assert_nonnull (fin);
  g_assert_cmpuint (hs_trace_get_step (trace, fin->sent_step)->cause, ==, kill);
  g_assert_null (find_segment (trace, 0, SERVER, HS_TCP_RST | HS_TCP_ACK));
  g_assert_cmpuint (count_steps (trace, HS_STEP_APP_NOTIFY, CLIENT, HS_NOTIFY_EOF), ==, 1);
  text = narration (trace, fin->sent_step);
  g_assert_nonnull (strstr (text, "killed process"));
}

static void
test_process_killed_unread (void)
{
  const char * const sets[] = {
    "server.script=listen; wait-for established; wait 50ms; kill",
    "server.autoread=false",
    NULL
  };
  g_autoptr(HsTrace) trace = run_lesson ("process-killed", sets);
  const HsTraceSegment *rst = find_segment (trace, 0, SERVER, HS_TCP_RST | HS_TCP_ACK);

  g_test_summary ("A killed process with unread data: the kernel sends RST+ACK, not a FIN, and the "
                  "client learns “Connection reset by peer”");

  g_assert_nonnull (rst);
  g_assert_null (find_segment (trace, 0, SERVER, HS_TCP_FIN | HS_TCP_ACK));
  g_assert_cmpuint (hs_trace_get_step (trace, rst->sent_step)->reason, ==, HS_REASON_SEND_RST_CLOSE_UNREAD);
  g_assert_cmpuint (count_steps (trace, HS_STEP_APP_NOTIFY, CLIENT, HS_NOTIFY_RESET), ==, 1);
}

static void
test_host_script_errors (void)
{
  static const struct { const char *script; const char *message; } cases[] = {
    { "listen; wait-for established; crash; send 10", "the host is down" },
    { "listen; wait-for established; reboot", "needs a “crash” before it" },
    { "kill; listen", "needs a “connect” or “listen” before it" },
    { "listen; wait-for established; kill; send 10", "the process is gone" },
  };

  g_test_summary ("Scripts: nothing but waits and reboot while a host is down, no reboot without a "
                  "crash, no kill before the socket exists, no call after a kill");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HsScenario) scenario = hs_scenario_new_builtin ("process-killed", &error);
      g_autofree char *set = g_strdup_printf ("server.script=%s", cases[i].script);

      g_assert_no_error (error);
      g_assert_false (hs_scenario_set (scenario, set, &error));
      g_assert_nonnull (error);
      g_assert_nonnull (strstr (error->message, cases[i].message));
    }
}

/* --------------------------------------------------- old duplicates -- */

static void
test_why_three_way (void)
{
  g_autoptr(HsTrace) trace = run_lesson ("why-three-way", NULL);
  const HsTraceSegment *old = hs_trace_get_segment (trace, 0);
  const HsTraceSegment *synack, *rst, *syn;
  g_autofree char *text = NULL;

  g_test_summary ("why-three-way: an old duplicate SYN (ISN 9000) reaches the listening server, which "
                  "answers SYN+ACK ack = 9001; the client, which sent no SYN, answers RST seq = 9001, the "
                  "server returns to LISTEN, and the client's own connection then opens normally");

  g_assert_cmpuint (old->from, ==, CLIENT);
  g_assert_cmpuint (old->header.flags, ==, HS_TCP_SYN);
  g_assert_cmpuint (old->header.seq, ==, 9000);
  g_assert_cmpuint (hs_trace_get_step (trace, old->sent_step)->reason, ==, HS_REASON_SEND_OLD_DUPLICATE);
  g_assert_cmpuint (old->fate, ==, HS_FATE_DELIVERED);
  g_assert_cmpint (old->arrived, ==, 10 * HS_USEC_PER_MSEC);

  synack = find_segment (trace, 0, SERVER, HS_TCP_SYN | HS_TCP_ACK);
  g_assert_nonnull (synack);
  g_assert_cmpuint (synack->header.ack, ==, 9001);
  text = narration (trace, synack->sent_step);
  g_assert_nonnull (strstr (text, "two-way handshake"));

  rst = find_segment (trace, 0, CLIENT, HS_TCP_RST);
  g_assert_nonnull (rst);
  g_assert_cmpuint (rst->index, >, synack->index);
  g_assert_cmpuint (rst->header.seq, ==, 9001);
  g_assert_cmpuint (rst->fate, ==, HS_FATE_DELIVERED);
  g_assert_cmpint (hs_trace_get_state_at (trace, rst->end_step + 1, SERVER), ==, HS_STATE_LISTEN);
  /* no connection came of the old SYN */
  g_assert_cmpuint (count_steps (trace, HS_STEP_APP_NOTIFY, SERVER, HS_NOTIFY_ESTABLISHED), ==, 1);
  g_assert_cmpuint (find_step (trace, 0, HS_STEP_APP_NOTIFY, SERVER, HS_NOTIFY_ESTABLISHED), >, rst->end_step);

  /* the real connection: the client's own ISN, from which its numbers count */
  syn = find_segment (trace, rst->index, CLIENT, HS_TCP_SYN);
  g_assert_nonnull (syn);
  g_assert_cmpuint (syn->header.seq, ==, 1000);
  g_assert_cmpuint (hs_trace_segment_rel_seq (trace, syn), ==, 0);
  g_assert_cmpuint (hs_trace_get_endpoint (trace, CLIENT)->isn, ==, 1000);
}

static void
test_old_syn_in_syn_sent (void)
{
  /* the client's own SYN is lost, so the stale SYN+ACK finds it in
   * SYN-SENT: RFC 9293 figure 8 itself */
  const char * const sets[] = {
    "client.script=connect; send 100; wait-for eof; close",
    "network.drop=client:SYN",
    "network.oldduplicate=client:SYN seq=9000 at 5ms",
    NULL
  };
  g_autoptr(HsTrace) trace = run_lesson ("why-three-way", sets);
  const HsTraceSegment *synack = find_segment (trace, 0, SERVER, HS_TCP_SYN | HS_TCP_ACK);
  const HsTraceSegment *rst;

  g_test_summary ("RFC 9293 figure 8: a stale SYN+ACK reaches the client in SYN-SENT; its ack is not "
                  "the client's ISN + 1, so the client answers <SEQ=SEG.ACK><CTL=RST>, stays in "
                  "SYN-SENT, and its retransmitted SYN then opens the connection");

  g_assert_nonnull (synack);
  g_assert_cmpuint (synack->header.ack, ==, 9001);
  g_assert_cmpint (hs_trace_get_state_at (trace, synack->end_step, CLIENT), ==, HS_STATE_SYN_SENT);
  rst = find_segment (trace, synack->index, CLIENT, HS_TCP_RST);
  g_assert_nonnull (rst);
  g_assert_cmpuint (rst->header.seq, ==, 9001);
  g_assert_cmpint (hs_trace_get_state_at (trace, rst->sent_step, CLIENT), ==, HS_STATE_SYN_SENT);
  g_assert_cmpuint (count_steps (trace, HS_STEP_APP_NOTIFY, CLIENT, HS_NOTIFY_ESTABLISHED), ==, 1);
  g_assert_cmpuint (count_steps (trace, HS_STEP_APP_NOTIFY, SERVER, HS_NOTIFY_DATA), ==, 1);
}

static void
test_old_duplicate_errors (void)
{
  static const struct { const char *spec; const char *message; } cases[] = {
    { "client:SYN at 5ms", "is not an old duplicate" },
    { "client:SYN seq=1", "is not an old duplicate" },
    { "nobody:SYN seq=1 at 5ms", "names no endpoint" },
    { "client:SYN+FOO seq=1 at 5ms", "is not a TCP flag" },
    { "client:ACK seq=1 at 5ms", "needs ack=N" },
    { "client:SYN seq=1 at 5ms sideways", "is not understood" },
  };

  g_test_summary ("OldDuplicate: a spec without seq or time, an unknown endpoint or flag, an ACK "
                  "without ack= and a stray word are refused with a sentence that says so");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HsScenario) scenario = hs_scenario_new_builtin ("why-three-way", &error);
      g_autofree char *set = g_strdup_printf ("network.oldduplicate=%s", cases[i].spec);

      g_assert_no_error (error);
      g_assert_false (hs_scenario_set (scenario, set, &error));
      g_assert_nonnull (error);
      g_test_message ("%s: %s", cases[i].spec, error->message);
      g_assert_nonnull (strstr (error->message, cases[i].message));
    }
}

/* ---------------------------------------------------- lost-third-ack -- */

static void
test_lost_third_ack (void)
{
  g_autoptr(HsTrace) trace = run_lesson ("lost-third-ack", NULL);
  const HsTraceSegment *ack = find_segment (trace, 0, CLIENT, HS_TCP_ACK);
  const HsTraceSegment *again = NULL, *data = NULL;
  guint established;

  g_test_summary ("lost-third-ack: the handshake's ACK is lost; the server in SYN-RECEIVED "
                  "retransmits its SYN+ACK after its 1 s timeout, and the ACK on the client's data "
                  "completes the handshake");

  g_assert_nonnull (ack);
  g_assert_cmpuint (ack->fate, ==, HS_FATE_LOST);
  g_assert_cmpint (hs_trace_get_state_at (trace, ack->sent_step, CLIENT), ==, HS_STATE_ESTABLISHED);

  for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
    {
      const HsTraceSegment *seg = hs_trace_get_segment (trace, i);

      if (seg->from == SERVER && (seg->header.flags & HS_TCP_SYN) && (seg->marks & HS_MARK_RETRANSMISSION))
        again = seg;
      if (seg->from == CLIENT && seg->len > 0 && data == NULL)
        data = seg;
    }
  g_assert_nonnull (again);
  g_assert_cmpint (hs_trace_get_state_at (trace, again->sent_step, SERVER), ==, HS_STATE_SYN_RECEIVED);
  g_assert_nonnull (data);
  g_assert_true (data->header.flags & HS_TCP_ACK);

  /* the data's arrival moves the server to ESTABLISHED */
  established = find_step (trace, data->end_step, HS_STEP_STATE_CHANGE, SERVER, G_MAXUINT);
  g_assert_cmpuint (established, !=, HS_TRACE_NONE);
  g_assert_cmpuint (hs_trace_get_step (trace, established)->cause, ==, data->end_step);
  g_assert_cmpint (hs_trace_get_step (trace, established)->to_state, ==, HS_STATE_ESTABLISHED);
  g_assert_cmpuint (count_steps (trace, HS_STEP_APP_NOTIFY, SERVER, HS_NOTIFY_DATA), ==, 1);
}

static void
test_lost_third_ack_no_data (void)
{
  const char * const sets[] = { "client.script=connect; wait 3s; close", "server.script=listen; wait-for eof; close", NULL };
  g_autoptr(HsTrace) trace = run_lesson ("lost-third-ack", sets);
  const HsTraceSegment *again = NULL, *answer = NULL;

  g_test_summary ("Without data, as Linux does: the retransmitted SYN+ACK draws a second ACK from the "
                  "client, and that ACK completes the handshake");

  for (guint i = 0; i < hs_trace_get_n_segments (trace) && again == NULL; i++)
    {
      const HsTraceSegment *seg = hs_trace_get_segment (trace, i);

      if (seg->from == SERVER && (seg->header.flags & HS_TCP_SYN) && (seg->marks & HS_MARK_RETRANSMISSION))
        again = seg;
    }
  g_assert_nonnull (again);
  answer = find_segment (trace, again->index, CLIENT, HS_TCP_ACK);
  g_assert_nonnull (answer);
  g_assert_cmpuint (answer->fate, ==, HS_FATE_DELIVERED);
  g_assert_cmpint (hs_trace_get_state_at (trace, answer->end_step + 1, SERVER), ==, HS_STATE_ESTABLISHED);
  g_assert_cmpuint (count_steps (trace, HS_STEP_APP_NOTIFY, SERVER, HS_NOTIFY_ESTABLISHED), ==, 1);
}

/* ----------------------------------------------------- udp-fragments -- */

#define UDP_CLIENT 2
#define UDP_SERVER 3

static void
test_udp_fragments (void)
{
  g_autoptr(HsTrace) trace = run_lesson ("udp-fragments", NULL);
  static const guint32 offsets[] = { 0, 1480, 2960 };
  static const guint32 lens[] = { 1472, 1480, 1048 };
  guint n = 0, n_tcp_data = 0, n_tcp_lost = 0, n_tcp_again = 0;
  guint lost_step = HS_TRACE_NONE;
  g_autofree char *text = NULL;

  g_test_summary ("udp-fragments: 4,000 bytes over UDP with MTU 1500 leave as three IP fragments "
                  "(offsets 0, 1480, 2960); the second is lost and the datagram is never delivered; "
                  "over TCP three segments, the lost one retransmitted, all 4,000 bytes read");

  for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
    {
      const HsTraceSegment *seg = hs_trace_get_segment (trace, i);

      if (seg->from == UDP_CLIENT)
        {
          g_assert_cmpuint (n, <, 3);
          g_assert_cmpuint (seg->header.window, ==, 3);
          g_assert_cmpuint (seg->header.urgent, ==, n + 1);
          g_assert_cmpuint (seg->header.seq, ==, offsets[n]);
          g_assert_cmpuint (seg->len, ==, lens[n]);
          g_assert_cmpuint (seg->fate, ==, n == 1 ? HS_FATE_LOST : HS_FATE_DELIVERED);
          if (n == 1)
            lost_step = seg->end_step;
          else
            g_assert_cmpuint (hs_trace_get_step (trace, seg->end_step)->reason, ==, HS_REASON_ARRIVE_FRAGMENT);
          n++;
        }
      if (seg->from == CLIENT && seg->len > 0)
        {
          g_assert_cmpuint (seg->len, <=, 1460);
          n_tcp_data++;
          n_tcp_lost += seg->fate == HS_FATE_LOST;
          n_tcp_again += (seg->marks & HS_MARK_RETRANSMISSION) != 0;
        }
    }
  g_assert_cmpuint (n, ==, 3);
  text = narration (trace, lost_step);
  g_assert_nonnull (strstr (text, "all 4000 bytes, is lost"));
  g_assert_cmpuint (count_steps (trace, HS_STEP_APP_NOTIFY, UDP_SERVER, HS_NOTIFY_DATA), ==, 0);
  {
    /* the two fragments that came in are no message delivered */
    g_autofree char *tally = hs_narration_format_tally (trace);

    g_assert_nonnull (strstr (tally, "UDP delivered 0 of 1"));
  }

  g_assert_cmpuint (n_tcp_lost, ==, 1);
  g_assert_cmpuint (n_tcp_data - n_tcp_again, ==, 3);
  g_assert_cmpuint (n_tcp_again, >=, 1);
  {
    guint64 read = 0;

    for (guint i = find_step (trace, 0, HS_STEP_APP_NOTIFY, SERVER, HS_NOTIFY_DATA); i != HS_TRACE_NONE;
         i = find_step (trace, i + 1, HS_STEP_APP_NOTIFY, SERVER, HS_NOTIFY_DATA))
      read += hs_trace_get_step (trace, i)->value;
    g_assert_cmpuint (read, ==, 4000);
  }
}

static void
test_udp_reassembled (void)
{
  const char * const sets[] = { "network.drop=", NULL };
  g_autoptr(HsTrace) trace = run_lesson ("udp-fragments", sets);
  guint read = find_step (trace, 0, HS_STEP_APP_NOTIFY, UDP_SERVER, HS_NOTIFY_DATA);

  g_test_summary ("With no fragment lost the receiver reassembles the datagram at its last fragment "
                  "and hands over one 4,000-byte message");

  g_assert_cmpuint (count_steps (trace, HS_STEP_APP_NOTIFY, UDP_SERVER, HS_NOTIFY_DATA), ==, 1);
  g_assert_cmpuint (hs_trace_get_step (trace, read)->value, ==, 4000);
  g_assert_cmpuint (hs_trace_get_step (trace, read - 1)->reason, ==, HS_REASON_ARRIVE_REASSEMBLED);
  {
    /* three fragments, one message */
    g_autofree char *tally = hs_narration_format_tally (trace);

    g_assert_nonnull (strstr (tally, "UDP delivered 1 of 1,"));
  }
}

/* How many segments one UDP send of @bytes makes on a path with @mtu, and
 * whether the call failed with EMSGSIZE. */
static guint
udp_send (guint     bytes,
          guint     mtu,
          gboolean *emsgsize)
{
  g_autofree char *client = g_strdup_printf ("client.script=connect; send %u", bytes);
  g_autofree char *wait = g_strdup_printf ("server.script=listen; wait-for %u bytes", bytes);
  g_autofree char *path = g_strdup_printf ("network.mtu=%u", mtu);
  const char * const sets[] = { "lesson.transport=udp", client, wait, path, "network.drop=", NULL };
  g_autoptr(HsTrace) trace = run_lesson ("udp-fragments", sets);
  guint send = find_step (trace, 0, HS_STEP_APP_CALL, CLIENT, HS_APP_SEND);

  *emsgsize = hs_trace_get_step (trace, send)->reason == HS_REASON_APP_EMSGSIZE;
  if (!*emsgsize)
    g_assert_cmpuint (count_steps (trace, HS_STEP_APP_NOTIFY, SERVER, HS_NOTIFY_DATA), ==, 1);
  return hs_trace_get_n_segments (trace);
}

static void
test_udp_limits (void)
{
  gboolean emsgsize;

  g_test_summary ("UDP edges: 1472 bytes fill a 1500-byte packet exactly, 1473 take two fragments; "
                  "65,507 bytes go (in 45 fragments), 65,508 fail with EMSGSIZE and send nothing");

  g_assert_cmpuint (udp_send (1472, 1500, &emsgsize), ==, 1);
  g_assert_false (emsgsize);
  g_assert_cmpuint (udp_send (1473, 1500, &emsgsize), ==, 2);
  g_assert_false (emsgsize);
  g_assert_cmpuint (udp_send (65507, 1500, &emsgsize), ==, 45);
  g_assert_false (emsgsize);
  g_assert_cmpuint (udp_send (65508, 1500, &emsgsize), ==, 0);
  g_assert_true (emsgsize);
  /* a bigger MTU, fewer fragments: 576 − 20 = 556, 552 per fragment */
  g_assert_cmpuint (udp_send (1472, 576, &emsgsize), ==, 3);
}

static void
test_mtu_key (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsScenario) scenario = hs_scenario_new_builtin ("udp-fragments", &error);

  g_test_summary ("[Network] MTU is a whole number from 68 (IPv4's minimum) to 65535, 1500 by default");

  g_assert_no_error (error);
  g_assert_cmpuint (hs_scenario_get_path (scenario, 0)->mtu, ==, 1500);
  g_assert_false (hs_scenario_set (scenario, "network.mtu=67", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_true (hs_scenario_set (scenario, "network.mtu=68", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (hs_scenario_get_path (scenario, 1)->mtu, ==, 68);
}

/* ------------------------------------------------- why four to close -- */

/* The narration of the first FIN sent from LAST-ACK in lesson @id. */
static char *
last_ack_fin_narration (const char *id,
                        HsTrace   **out)
{
  HsTrace *trace = run_lesson (id, NULL);

  *out = trace;
  for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
    {
      const HsTraceSegment *seg = hs_trace_get_segment (trace, i);

      if ((seg->header.flags & HS_TCP_FIN) && !(seg->marks & HS_MARK_RETRANSMISSION) &&
          hs_trace_get_state_at (trace, seg->sent_step, seg->from) == HS_STATE_LAST_ACK)
        return narration (trace, seg->sent_step);
    }
  return NULL;
}

static void
test_close_four_or_three (void)
{
  static const char * const four[] = { "four-way-close", "full-connection", "server-closes-first", "half-close" };
  g_autoptr(HsTrace) three_trace = NULL;
  g_autofree char *three = last_ack_fin_narration ("close-piggyback", &three_trace);

  g_test_summary ("Each four-way close says at the second FIN why it takes four segments (each "
                  "direction closes on its own) and when three suffice; close-piggyback's FIN+ACK "
                  "says it takes three");

  for (guint i = 0; i < G_N_ELEMENTS (four); i++)
    {
      g_autoptr(HsTrace) trace = NULL;
      g_autofree char *text = last_ack_fin_narration (four[i], &trace);

      g_test_message ("%s: %s", four[i], text);
      g_assert_nonnull (text);
      g_assert_nonnull (strstr (text, "Each direction is closed on its own"));
      g_assert_nonnull (strstr (text, "this close takes four segments"));
      g_assert_nonnull (strstr (text, "three would have been enough"));
    }
  g_assert_nonnull (three);
  g_assert_nonnull (strstr (three, "this close takes three segments instead of four"));
  g_assert_null (strstr (three, "takes four segments"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/engine/classic/byte-stream", test_byte_stream);
  g_test_add_func ("/engine/classic/byte-stream/one-write", test_byte_stream_one_write);

  g_test_add_func ("/engine/classic/half-open", test_half_open);
  g_test_add_func ("/engine/classic/half-open/no-reboot", test_half_open_no_reboot);
  g_test_add_func ("/engine/classic/half-open/reboot-listening", test_reboot_listening);
  g_test_add_func ("/engine/classic/half-open/reboot-reconnect", test_reboot_reconnect);
  g_test_add_func ("/engine/classic/process-killed", test_process_killed);
  g_test_add_func ("/engine/classic/process-killed/unread", test_process_killed_unread);
  g_test_add_func ("/engine/classic/host-script-errors", test_host_script_errors);

  g_test_add_func ("/engine/classic/why-three-way", test_why_three_way);
  g_test_add_func ("/engine/classic/why-three-way/syn-sent", test_old_syn_in_syn_sent);
  g_test_add_func ("/engine/classic/why-three-way/errors", test_old_duplicate_errors);
  g_test_add_func ("/engine/classic/lost-third-ack", test_lost_third_ack);
  g_test_add_func ("/engine/classic/lost-third-ack/no-data", test_lost_third_ack_no_data);

  g_test_add_func ("/engine/classic/udp-fragments", test_udp_fragments);
  g_test_add_func ("/engine/classic/udp-fragments/reassembled", test_udp_reassembled);
  g_test_add_func ("/engine/classic/udp-fragments/limits", test_udp_limits);
  g_test_add_func ("/engine/classic/udp-fragments/mtu", test_mtu_key);

  g_test_add_func ("/engine/classic/close-four-or-three", test_close_four_or_three);

  return g_test_run ();
}
