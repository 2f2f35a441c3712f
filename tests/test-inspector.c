/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-inspector.c: the inspector's TCB tables tell the truth: "before"
 * is the TCB before the event that sent (or received) the segment and
 * "after" the TCB once that event is over, a variable with no value yet
 * reads "—", and where the narration names a value the inspector shows
 * the same one. Needs a display (the inspector is a widget); without one
 * the cases skip. */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <gtk/gtk.h>

#include "hs-inspector.h"
#include "hs-narration.h"
#include "hs-scenario.h"
#include "hs-session.h"

static gboolean have_display;

static HsSession *
session_for (const char *lesson)
{
  g_autoptr(HsScenario) scenario = NULL;
  g_autoptr(GError) error = NULL;
  HsSession *session = hs_session_new ();

  scenario = hs_scenario_new_builtin (lesson, &error);
  g_assert_no_error (error);
  hs_session_load (session, scenario, NULL, &error);
  g_assert_no_error (error);
  while (hs_session_get_simulating (session))
    g_main_context_iteration (NULL, TRUE);
  return session;
}

typedef struct
{
  HsSession   *session;
  HsInspector *inspector;
} Fixture;

static gboolean
fixture_set_up (Fixture    *f,
                const char *lesson)
{
  if (!have_display)
    {
      g_test_skip ("No display: run the ui suite under Xvfb");
      return FALSE;
    }
  f->session = session_for (lesson);
  f->inspector = HS_INSPECTOR (g_object_ref_sink (hs_inspector_new ()));
  hs_inspector_set_session (f->inspector, f->session);
  return TRUE;
}

static void
fixture_tear_down (Fixture *f)
{
  g_clear_object (&f->inspector);
  g_clear_object (&f->session);
}

static const char *
cell (Fixture        *f,
      guint           which,
      HsInspectorTcb  row,
      gboolean        after)
{
  return hs_inspector_get_tcb_text (f->inspector, which, row, after);
}

/* The client's bare ACK that ends the handshake. */
static guint
handshake_ack (HsTrace *trace)
{
  for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
    {
      const HsTraceSegment *seg = hs_trace_get_segment (trace, i);

      if (seg->from == 0 && seg->header.flags == HS_TCP_ACK && seg->len == 0)
        return i;
    }
  g_assert_not_reached ();
}

static void
test_handshake_ack (void)
{
  Fixture f = { 0 };
  HsTrace *trace;
  const HsTraceSegment *synack = NULL;
  guint ack;
  g_autofree char *window = NULL;

  g_test_summary ("At the handshake's ACK, the client's Before is SYN-SENT with no RCV.NXT, SND.WND or cwnd yet, "
                  "its After is ESTABLISHED with the SYN+ACK's window and RCV.NXT 1, and the server goes from "
                  "SYN-RECEIVED to ESTABLISHED");

  if (!fixture_set_up (&f, "three-way-handshake"))
    return;
  trace = hs_session_get_trace (f.session);
  ack = handshake_ack (trace);
  for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
    if (hs_trace_get_segment (trace, i)->header.flags == (HS_TCP_SYN | HS_TCP_ACK))
      synack = hs_trace_get_segment (trace, i);
  g_assert_nonnull (synack);
  window = g_strdup_printf ("%u", synack->window);

  hs_session_set_selected_segment (f.session, ack);
  g_assert_cmpuint (hs_inspector_get_segment (f.inspector), ==, ack);

  /* the client, before the SYN+ACK that made it send the ACK */
  g_assert_cmpstr (cell (&f, 0, HS_INSPECTOR_TCB_STATE, FALSE), ==, hs_narration_state_name (HS_STATE_SYN_SENT));
  g_assert_cmpstr (cell (&f, 0, HS_INSPECTOR_TCB_SND_UNA, FALSE), ==, "0");
  g_assert_cmpstr (cell (&f, 0, HS_INSPECTOR_TCB_SND_NXT, FALSE), ==, "1");
  g_assert_cmpstr (cell (&f, 0, HS_INSPECTOR_TCB_RCV_NXT, FALSE), ==, "—");
  g_assert_cmpstr (cell (&f, 0, HS_INSPECTOR_TCB_SND_WND, FALSE), ==, "—");
  g_assert_cmpstr (cell (&f, 0, HS_INSPECTOR_TCB_SRTT, FALSE), ==, "—");
  g_assert_cmpstr (cell (&f, 0, HS_INSPECTOR_TCB_IN_FLIGHT, FALSE), ==, "1");

  /* the client, after it: everything the SYN+ACK taught it */
  g_assert_cmpstr (cell (&f, 0, HS_INSPECTOR_TCB_STATE, TRUE), ==, hs_narration_state_name (HS_STATE_ESTABLISHED));
  g_assert_cmpstr (cell (&f, 0, HS_INSPECTOR_TCB_SND_UNA, TRUE), ==, "1");
  g_assert_cmpstr (cell (&f, 0, HS_INSPECTOR_TCB_RCV_NXT, TRUE), ==, "1");
  g_assert_cmpstr (cell (&f, 0, HS_INSPECTOR_TCB_SND_WND, TRUE), ==, window);
  g_assert_cmpstr (cell (&f, 0, HS_INSPECTOR_TCB_IN_FLIGHT, TRUE), ==, "0");
  g_assert_cmpstr (cell (&f, 0, HS_INSPECTOR_TCB_SSTHRESH, TRUE), ==, "unlimited");
  g_assert_cmpuint (strtoul (cell (&f, 0, HS_INSPECTOR_TCB_CWND, TRUE), NULL, 10), >, 0);
  g_assert_cmpstr (cell (&f, 0, HS_INSPECTOR_TCB_SRTT, TRUE), !=, "—");

  /* the server, around the ACK's arrival */
  g_assert_cmpstr (cell (&f, 1, HS_INSPECTOR_TCB_STATE, FALSE), ==, hs_narration_state_name (HS_STATE_SYN_RECEIVED));
  g_assert_cmpstr (cell (&f, 1, HS_INSPECTOR_TCB_RCV_NXT, FALSE), ==, "1");
  g_assert_cmpstr (cell (&f, 1, HS_INSPECTOR_TCB_SND_NXT, FALSE), ==, "1");
  g_assert_cmpstr (cell (&f, 1, HS_INSPECTOR_TCB_IN_FLIGHT, FALSE), ==, "1");
  g_assert_cmpstr (cell (&f, 1, HS_INSPECTOR_TCB_STATE, TRUE), ==, hs_narration_state_name (HS_STATE_ESTABLISHED));
  g_assert_cmpstr (cell (&f, 1, HS_INSPECTOR_TCB_SND_UNA, TRUE), ==, "1");
  g_assert_cmpstr (cell (&f, 1, HS_INSPECTOR_TCB_IN_FLIGHT, TRUE), ==, "0");

  fixture_tear_down (&f);
}

/* A TCB cell that shows a number must be a plain decimal number. */
static gboolean
is_number (const char *text)
{
  char *end = NULL;

  if (text == NULL || !g_ascii_isdigit (*text))
    return FALSE;
  (void) g_ascii_strtoull (text, &end, 10);
  return *end == '\0';
}

static void
test_unset (gconstpointer data)
{
  const char *lesson = data;
  Fixture f = { 0 };
  HsTrace *trace;

  g_test_summary ("For every segment of a lesson, no TCB cell shows a number computed from a value the TCB "
                  "does not have yet: RCV.NXT and SND.WND in SYN-SENT, cwnd or ssthresh 0, ssthresh's "
                  "infinite start; and the state row matches the values' state");

  if (!fixture_set_up (&f, lesson))
    return;
  trace = hs_session_get_trace (f.session);
  for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
    {
      hs_session_set_selected_segment (f.session, i);
      for (guint which = 0; which < 2; which++)
        for (guint after = 0; after < 2; after++)
          {
            const char *state = cell (&f, which, HS_INSPECTOR_TCB_STATE, after);
            const char *cwnd = cell (&f, which, HS_INSPECTOR_TCB_CWND, after);
            const char *ssthresh = cell (&f, which, HS_INSPECTOR_TCB_SSTHRESH, after);

            if (g_strcmp0 (state, hs_narration_state_name (HS_STATE_SYN_SENT)) == 0 ||
                g_strcmp0 (state, hs_narration_state_name (HS_STATE_CLOSED)) == 0 ||
                g_strcmp0 (state, hs_narration_state_name (HS_STATE_LISTEN)) == 0)
              {
                g_assert_cmpstr (cell (&f, which, HS_INSPECTOR_TCB_RCV_NXT, after), ==, "—");
                g_assert_cmpstr (cell (&f, which, HS_INSPECTOR_TCB_SND_WND, after), ==, "—");
              }
            g_assert_true (g_strcmp0 (cwnd, "—") == 0 || (is_number (cwnd) && g_strcmp0 (cwnd, "0") != 0));
            g_assert_true (g_strcmp0 (ssthresh, "—") == 0 || g_strcmp0 (ssthresh, "unlimited") == 0 ||
                           (is_number (ssthresh) && g_strcmp0 (ssthresh, "0") != 0 &&
                            strtoull (ssthresh, NULL, 10) < G_MAXINT32));
          }
    }
  fixture_tear_down (&f);
}

static void
test_initial_ssthresh (void)
{
  Fixture f = { 0 };
  HsTrace *trace;
  guint data = HS_TRACE_NONE;

  g_test_summary ("Before any loss, ssthresh reads “unlimited” (RFC 5681's arbitrarily high start), never a number");

  if (!fixture_set_up (&f, "full-connection"))
    return;
  trace = hs_session_get_trace (f.session);
  for (guint i = 0; i < hs_trace_get_n_segments (trace) && data == HS_TRACE_NONE; i++)
    if (hs_trace_get_segment (trace, i)->len > 0)
      data = i;
  g_assert_cmpuint (data, !=, HS_TRACE_NONE);
  hs_session_set_selected_segment (f.session, data);
  g_assert_cmpstr (cell (&f, 0, HS_INSPECTOR_TCB_SSTHRESH, FALSE), ==, "unlimited");
  g_assert_cmpstr (cell (&f, 0, HS_INSPECTOR_TCB_SSTHRESH, TRUE), ==, "unlimited");
  g_assert_true (is_number (cell (&f, 0, HS_INSPECTOR_TCB_CWND, FALSE)));
  fixture_tear_down (&f);
}

static void
test_fast_retransmit (void)
{
  Fixture f = { 0 };
  HsTrace *trace;
  guint step = HS_TRACE_NONE;
  const HsTraceStep *s;
  g_autofree char *narration = NULL, *cwnd = NULL, *ssthresh = NULL;
  const char *cwnd_before, *cwnd_after;

  g_test_summary ("At fast retransmit the inspector shows the cwnd and ssthresh the narration names, and cwnd "
                  "falls as the narration says");

  if (!fixture_set_up (&f, "fast-retransmit"))
    return;
  trace = hs_session_get_trace (f.session);
  for (guint i = 0; i < hs_trace_get_n_steps (trace) && step == HS_TRACE_NONE; i++)
    if (hs_trace_get_step (trace, i)->reason == HS_REASON_RETRANSMIT_FAST)
      step = i;
  g_assert_cmpuint (step, !=, HS_TRACE_NONE);
  s = hs_trace_get_step (trace, step);
  g_assert_cmpuint (s->segment, !=, HS_TRACE_NONE);
  narration = hs_narration_format_step (trace, step);

  hs_session_set_selected_segment (f.session, s->segment);
  cwnd_before = cell (&f, 0, HS_INSPECTOR_TCB_CWND, FALSE);
  cwnd_after = cell (&f, 0, HS_INSPECTOR_TCB_CWND, TRUE);
  g_assert_true (is_number (cwnd_before));
  g_assert_true (is_number (cwnd_after));
  cwnd = g_strdup_printf ("cwnd %s → %s", cwnd_before, cwnd_after);
  g_test_message ("narration: %s", narration);
  g_assert_nonnull (strstr (narration, cwnd));
  g_assert_cmpuint (strtoull (cwnd_after, NULL, 10), <, strtoull (cwnd_before, NULL, 10));

  /* ssthresh: the narration says "N bytes" for the new value */
  ssthresh = g_strdup_printf ("→ %s bytes", cell (&f, 0, HS_INSPECTOR_TCB_SSTHRESH, TRUE));
  g_assert_nonnull (strstr (narration, ssthresh));
  g_assert_cmpstr (cell (&f, 0, HS_INSPECTOR_TCB_SSTHRESH, FALSE), ==, "unlimited");
  fixture_tear_down (&f);
}

/* The inspector follows the playhead between frames, from an idle
 * callback queued when the position changes: runs what is pending, then
 * reads what the inspector shows. */
static const char *
read_text_after_idle (Fixture *f)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  return hs_inspector_get_read_text (f->inspector);
}

static void
test_syn_cookie (void)
{
  Fixture f = { 0 };
  HsTrace *trace;
  guint forged = HS_TRACE_NONE, client = HS_TRACE_NONE, plain = HS_TRACE_NONE;
  const char *text;

  g_test_summary ("A SYN+ACK whose ISN is a SYN cookie is explained with the numbers decoded from that ISN: "
                  "time counter 0 in the lesson's first minute, MSS index 3 (1460) for the client's SYN, "
                  "index 0 (536, Linux's default) for a forged SYN without MSS, and that the server kept no "
                  "state; a SYN+ACK from the SYN queue is not");

  if (!fixture_set_up (&f, "syn-cookies"))
    return;
  trace = hs_session_get_trace (f.session);
  for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
    {
      const HsTraceSegment *seg = hs_trace_get_segment (trace, i);
      HsReason reason = hs_trace_get_step (trace, seg->sent_step)->reason;

      if (seg->header.flags != (HS_TCP_SYN | HS_TCP_ACK))
        continue;
      if (reason != HS_REASON_SEND_SYN_COOKIE)
        plain = plain == HS_TRACE_NONE ? i : plain;
      else if (seg->to == 0)   /* the real client, [Client] */
        client = client == HS_TRACE_NONE ? i : client;
      else
        forged = forged == HS_TRACE_NONE ? i : forged;
    }
  g_assert_cmpuint (forged, !=, HS_TRACE_NONE);
  g_assert_cmpuint (client, !=, HS_TRACE_NONE);
  g_assert_cmpuint (plain, !=, HS_TRACE_NONE);

  hs_session_set_selected_segment (f.session, client);
  text = hs_inspector_get_cookie_text (f.inspector);
  g_assert_nonnull (text);
  g_assert_nonnull (strstr (text, "time counter 0 (minutes)"));
  g_assert_nonnull (strstr (text, "MSS index 3 (1460 bytes)"));
  g_assert_nonnull (strstr (text, "kept no state"));

  hs_session_set_selected_segment (f.session, forged);
  text = hs_inspector_get_cookie_text (f.inspector);
  g_assert_nonnull (text);
  g_assert_nonnull (strstr (text, "MSS index 0 (536 bytes)"));

  hs_session_set_selected_segment (f.session, plain);
  g_assert_null (hs_inspector_get_cookie_text (f.inspector));
  fixture_tear_down (&f);
}

static void
test_byte_stream_reads (void)
{
  Fixture f;
  HsTrace *trace;
  guint n_tcp = 0, n_udp = 0, data_segment = HS_TRACE_NONE;

  g_test_summary ("On a read of byte-stream the inspector shows the bytes it returned and which "
                  "of the client's writes they came from: the TCP server's one read of 300 bytes "
                  "from writes 1–3, as its narration says; each UDP read one datagram of 100 bytes");

  if (!fixture_set_up (&f, "byte-stream"))
    return;
  trace = hs_session_get_trace (f.session);
  for (guint i = 0; i < hs_trace_get_n_steps (trace); i++)
    {
      const HsTraceStep *s = hs_trace_get_step (trace, i);
      const char *text;

      if (s->kind == HS_STEP_SEGMENT_SENT && data_segment == HS_TRACE_NONE &&
          hs_trace_get_segment (trace, s->segment)->len > 0)
        data_segment = s->segment;
      if (s->kind != HS_STEP_APP_NOTIFY || s->detail != HS_NOTIFY_DATA)
        continue;
      hs_session_set_position (f.session, i + 1);
      text = read_text_after_idle (&f);
      g_assert_nonnull (text);
      g_test_message ("step %u: %s", i + 1, text);
      if (s->endpoint == 1)
        {
          g_autofree char *narration = hs_narration_format_step (trace, i);

          n_tcp++;
          g_assert_cmpstr (text, ==, "300 bytes: bytes 1–300 of the stream, from writes 1–3 of Client. "
                                     "TCP keeps no boundaries between writes, so one read returned several "
                                     "of them glued together.");
          /* the same writes as the narration's */
          g_assert_nonnull (strstr (narration, "in writes 1 to 3"));
        }
      else
        {
          n_udp++;
          g_assert_cmpuint (s->endpoint, ==, 3);
          g_assert_true (g_str_has_prefix (text, "One datagram of 100 bytes."));
        }
      g_assert_cmpuint (hs_inspector_get_segment (f.inspector), ==, HS_TRACE_NONE);
    }
  g_assert_cmpuint (n_tcp, ==, 1);
  g_assert_cmpuint (n_udp, ==, 3);

  /* a step that is no read, or a segment chosen, shows the segment again */
  hs_session_set_position (f.session, 1);
  g_assert_null (read_text_after_idle (&f));
  g_assert_cmpuint (data_segment, !=, HS_TRACE_NONE);
  hs_session_set_selected_segment (f.session, data_segment);
  g_assert_null (hs_inspector_get_read_text (f.inspector));
  g_assert_cmpuint (hs_inspector_get_segment (f.inspector), ==, data_segment);
  fixture_tear_down (&f);
}

int
main (int   argc,
      char *argv[])
{
  g_auto(GStrv) lessons = NULL;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ui/inspector/handshake-ack", test_handshake_ack);
  g_test_add_func ("/ui/inspector/initial-ssthresh", test_initial_ssthresh);
  g_test_add_func ("/ui/inspector/fast-retransmit", test_fast_retransmit);
  g_test_add_func ("/ui/inspector/byte-stream-reads", test_byte_stream_reads);
  g_test_add_func ("/ui/inspector/syn-cookie", test_syn_cookie);
  lessons = hs_scenario_list_builtin ();
  for (guint i = 0; lessons != NULL && lessons[i] != NULL; i++)
    {
      g_autofree char *path = g_strdup_printf ("/ui/inspector/unset/%s", lessons[i]);

      g_test_add_data_func (path, lessons[i], test_unset);
    }

  have_display = gtk_init_check ();
  return g_test_run ();
}
