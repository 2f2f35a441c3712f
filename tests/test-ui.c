/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ui.c: the window's logic without a window (the session, the state
 * diagram's geometry, export formats), then a real window under Xvfb
 * driven through its actions. Without a display the window cases skip. */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "hs-application.h"
#include "hs-diagram-view.h"
#include "hs-diagram-enums.h"
#include "hs-engine-enums.h"
#include "hs-error.h"
#include "hs-export-dialog.h"
#include "hs-export-enums.h"
#include "hs-export.h"
#include "hs-inspector.h"
#include "hs-narration.h"
#include "hs-parameters-panel.h"
#include "hs-preferences-combo-row.h"
#include "hs-preferences-switch.h"
#include "hs-preferences-window.h"
#include "hs-session.h"
#include "hs-settings-enums.h"
#include "hs-settings-types.h"
#include "hs-simulator.h"
#include "hs-state-machine-view.h"
#include "hs-state-machine.h"
#include "hs-step-list.h"
#include "hs-window.h"
#include "hs-test-ui.h"

static GtkApplication *app;


/* ------------------------------------------------------------------ */
/* Helpers                                                             */

/* Runs the main loop for @ms milliseconds. */
static void
iterate_main_context (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

/* The session simulates in a thread: runs the main loop until its trace
 * is in (the thread's result comes back through it). */
static void
wait_for_session (HsSession *session)
{
  while (hs_session_get_simulating (session))
    g_main_context_iteration (NULL, TRUE);
}

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
  wait_for_session (session);
  return session;
}

/* The first segment @endpoint sends with a payload, or HS_TRACE_NONE. */
static guint
first_data_segment (HsTrace *trace,
                    guint    endpoint)
{
  for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
    {
      const HsTraceSegment *seg = hs_trace_get_segment (trace, i);

      if (seg->from == endpoint && seg->len > 0)
        return i;
    }
  return HS_TRACE_NONE;
}

static guint
count_marked (HsTrace *trace,
              guint    mark)
{
  guint n = 0;

  for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
    if (hs_trace_get_segment (trace, i)->marks & mark)
      n++;
  return n;
}

static guint
count_lost (HsTrace *trace)
{
  guint n = 0;

  for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
    if (hs_trace_get_segment (trace, i)->fate == HS_FATE_LOST)
      n++;
  return n;
}

/* ------------------------------------------------------------------ */
/* The session, without a window                                       */

static void
test_session_load (void)
{
  g_autoptr(HsSession) session = session_for (HS_DEFAULT_LESSON);

  g_test_summary ("A session simulates the lesson it loads and starts before the first step");

  g_assert_nonnull (hs_session_get_trace (session));
  g_assert_cmpuint (hs_session_get_n_steps (session), >, 10);
  g_assert_cmpuint (hs_session_get_position (session), ==, 0);
  g_assert_cmpuint (hs_session_get_current_step (session), ==, HS_TRACE_NONE);
  g_assert_cmpstr (hs_session_get_lesson_id (session), ==, HS_DEFAULT_LESSON);
  g_assert_false (hs_session_get_modified (session));
}

static void
test_session_step (void)
{
  g_autoptr(HsSession) session = session_for (HS_DEFAULT_LESSON);
  guint n = hs_session_get_n_steps (session);

  g_test_summary ("Stepping moves the playhead one step and stops at both ends");

  g_assert_false (hs_session_step_back (session));
  g_assert_true (hs_session_step_forward (session));
  g_assert_cmpuint (hs_session_get_position (session), ==, 1);
  g_assert_cmpuint (hs_session_get_current_step (session), ==, 0);
  hs_session_set_position (session, n + 100);
  g_assert_cmpuint (hs_session_get_position (session), ==, n);
  g_assert_false (hs_session_step_forward (session));
  g_assert_true (hs_session_step_back (session));
  g_assert_cmpuint (hs_session_get_position (session), ==, n - 1);
}

static void
test_session_drop_spec (void)
{
  g_autoptr(HsSession) session = session_for (HS_DEFAULT_LESSON);
  HsTrace *trace = hs_session_get_trace (session);
  guint per_sender[2] = { 0, 0 };

  g_test_summary ("The drop spec of a segment is its sender and its ordinal among that sender's segments");

  for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
    {
      const HsTraceSegment *seg = hs_trace_get_segment (trace, i);
      g_autofree char *spec = hs_session_drop_spec_for_segment (session, i);
      g_autofree char *expected = NULL;

      g_assert_cmpuint (seg->from, <, 2);
      per_sender[seg->from]++;
      expected = g_strdup_printf ("%s:%u", seg->from == 0 ? "client" : "server", per_sender[seg->from]);
      g_assert_cmpstr (spec, ==, expected);
    }
  g_assert_null (hs_session_drop_spec_for_segment (session, hs_trace_get_n_segments (trace)));
}

static void
test_session_lose (void)
{
  g_autoptr(HsSession) session = session_for (HS_DEFAULT_LESSON);
  g_autoptr(GError) error = NULL;
  HsTrace *trace = hs_session_get_trace (session);
  guint data = first_data_segment (trace, 0);
  guint n_segments = hs_trace_get_n_segments (trace);
  const HsTraceSegment *seg;

  g_test_summary ("Losing a segment simulates again: it is lost, retransmitted, and can be restored");

  g_assert_cmpuint (data, !=, HS_TRACE_NONE);
  g_assert_cmpuint (count_marked (trace, HS_MARK_RETRANSMISSION), ==, 0);

  g_assert_true (hs_session_lose_segment (session, data, &error));
  g_assert_no_error (error);
  wait_for_session (session);
  trace = hs_session_get_trace (session);
  seg = hs_trace_get_segment (trace, data);
  g_assert_cmpint (seg->fate, ==, HS_FATE_LOST);
  g_assert_cmpuint (count_marked (trace, HS_MARK_RETRANSMISSION), >=, 1);
  g_assert_cmpuint (hs_session_get_n_lost_by_user (session), ==, 1);
  g_assert_true (hs_session_get_modified (session));
  /* the playhead waits where the segment leaves */
  g_assert_cmpuint (hs_session_get_position (session), ==, seg->sent_step + 1);
  g_assert_cmpuint (hs_session_get_selected_segment (session), ==, data);
  g_assert_cmpint (hs_session_get_restore (session, data), ==, HS_SESSION_RESTORE_ADDED);

  /* a lost segment cannot be lost again */
  g_assert_false (hs_session_lose_segment (session, data, &error));
  g_assert_error (error, HS_ERROR, HS_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (hs_session_restore_segment (session, data, &error));
  g_assert_no_error (error);
  wait_for_session (session);
  trace = hs_session_get_trace (session);
  g_assert_cmpuint (hs_trace_get_n_segments (trace), ==, n_segments);
  g_assert_cmpuint (count_lost (trace), ==, 0);
  g_assert_false (hs_session_get_modified (session));
}

static void
test_session_restore_lesson_drop (void)
{
  g_autoptr(HsSession) session = session_for ("syn-lost");
  g_autoptr(GError) error = NULL;
  HsTrace *trace = hs_session_get_trace (session);
  guint lost = HS_TRACE_NONE;

  g_test_summary ("A segment the lesson itself drops can be restored too");

  for (guint i = 0; i < hs_trace_get_n_segments (trace) && lost == HS_TRACE_NONE; i++)
    if (hs_trace_get_segment (trace, i)->fate == HS_FATE_LOST)
      lost = i;
  g_assert_cmpuint (lost, !=, HS_TRACE_NONE);
  g_assert_cmpint (hs_session_get_restore (session, lost), ==, HS_SESSION_RESTORE_LESSON);

  g_assert_true (hs_session_restore_segment (session, lost, &error));
  g_assert_no_error (error);
  wait_for_session (session);
  g_assert_cmpuint (count_lost (hs_session_get_trace (session)), ==, 0);
  g_assert_true (hs_session_get_modified (session));

  hs_session_reset (session);
  wait_for_session (session);
  g_assert_cmpuint (count_lost (hs_session_get_trace (session)), ==, 1);
  g_assert_false (hs_session_get_modified (session));
}

static void
test_session_parameter (void)
{
  g_autoptr(HsSession) session = session_for (HS_DEFAULT_LESSON);
  g_autoptr(GError) error = NULL;
  HsTrace *before;

  g_test_summary ("A parameter change simulates again and keeps the playhead on its step; a wrong one changes nothing");

  hs_session_set_position (session, 10);
  before = g_object_ref (hs_session_get_trace (session));

  g_assert_true (hs_session_set_parameter (session, "network.delay=50ms", &error));
  g_assert_no_error (error);
  wait_for_session (session);
  g_assert_true (hs_session_get_trace (session) != before);
  g_assert_cmpuint (hs_session_get_position (session), ==, 10);
  g_assert_cmpstr (hs_session_get_parameter (session, "Network.Delay"), ==, "50ms");
  g_assert_cmpint (hs_scenario_get_path (hs_session_get_scenario (session), 0)->delay, ==, 50 * HS_USEC_PER_MSEC);
  g_assert_true (hs_session_get_modified (session));

  /* both endpoints at once, simulated once */
  {
    const char *both[] = { "client.sack=false", "server.sack=false", NULL };

    g_assert_true (hs_session_set_parameters (session, both, &error));
    g_assert_no_error (error);
    wait_for_session (session);
    g_assert_false (hs_scenario_get_endpoint (hs_session_get_scenario (session), 0)->sack);
    g_assert_false (hs_scenario_get_endpoint (hs_session_get_scenario (session), 1)->sack);
  }

  g_assert_false (hs_session_set_parameter (session, "network.delay=fast", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (hs_session_set_parameter (session, "no assignment", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (hs_session_get_simulating (session));
  g_assert_cmpstr (hs_session_get_parameter (session, "network.delay"), ==, "50ms");
  g_assert_cmpuint (hs_session_get_position (session), ==, 10);

  /* the playhead stays within a shorter lesson */
  hs_session_set_position (session, hs_session_get_n_steps (session));
  g_assert_true (hs_session_set_parameter (session, "client.script=connect; close", &error));
  g_assert_no_error (error);
  wait_for_session (session);
  g_assert_cmpuint (hs_session_get_position (session), ==, hs_session_get_n_steps (session));

  hs_session_reset (session);
  wait_for_session (session);
  g_assert_false (hs_session_get_modified (session));
  g_assert_null (hs_session_get_parameter (session, "network.delay"));
  g_object_unref (before);
}

static void
test_session_lesson_data (void)
{
  g_autoptr(HsSession) session = session_for (HS_DEFAULT_LESSON);
  g_autoptr(HsScenario) saved = NULL;
  g_autoptr(HsTrace) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len;

  g_test_summary ("The lesson saved with its changes runs as the window showed it");

  g_assert_true (hs_session_lose_segment (session, first_data_segment (hs_session_get_trace (session), 1), &error));
  g_assert_no_error (error);
  wait_for_session (session);
  data = hs_session_to_data (session, &len);
  saved = hs_scenario_new_from_data ("saved", "saved.lesson", data, len, &error);
  g_assert_no_error (error);
  again = hs_simulator_run (saved, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hs_trace_get_n_segments (again), ==, hs_trace_get_n_segments (hs_session_get_trace (session)));
  g_assert_cmpuint (count_lost (again), ==, 1);
}

/* A lesson that takes seconds to simulate: a gigabyte, stopped at a step
 * limit far beyond what any test waits for. */
static HsScenario *
huge_scenario (void)
{
  g_autoptr(GError) error = NULL;
  const char *data = "[Lesson]\nTitle=A gigabyte\n"
                     "[Client]\nScript=connect; send 1000000000; close\n"
                     "[Server]\nScript=listen; wait-for 1000000000 bytes; close\n";
  HsScenario *scenario = hs_scenario_new_from_data ("gigabyte", "gigabyte.lesson", data, strlen (data), &error);

  g_assert_no_error (error);
  return scenario;
}

static void
notify_count_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    data)
{
  (*(guint *) data)++;
}

static void
test_session_async (void)
{
  HsSession *session = hs_session_new ();
  g_autoptr(HsScenario) scenario = hs_scenario_new_builtin (HS_DEFAULT_LESSON, NULL);
  g_autoptr(GError) error = NULL;
  guint traces = 0, simulating = 0;

  g_test_summary ("Loading simulates in a thread: the trace comes in later, with one notification of each");

  g_signal_connect (session, "notify::trace", G_CALLBACK (notify_count_cb), &traces);
  g_signal_connect (session, "notify::simulating", G_CALLBACK (notify_count_cb), &simulating);
  g_assert_true (hs_session_load (session, scenario, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (hs_session_get_simulating (session));
  g_assert_null (hs_session_get_trace (session));
  g_assert_cmpuint (simulating, ==, 1);

  wait_for_session (session);
  g_assert_nonnull (hs_session_get_trace (session));
  g_assert_nonnull (hs_session_get_scenario (session));
  g_assert_cmpuint (traces, ==, 1);
  g_assert_cmpuint (simulating, ==, 2);
  g_assert_false (hs_session_cancel (session));
  g_assert_finalize_object (session);
}

static void
test_session_cancel (void)
{
  g_autoptr(HsSession) session = session_for (HS_DEFAULT_LESSON);
  g_autoptr(HsScenario) huge = huge_scenario ();
  g_autoptr(GError) error = NULL;
  HsSimulatorProgress progress = { 0 };
  HsTrace *before = hs_session_get_trace (session);

  g_test_summary ("A long simulation reports its progress and can be cancelled: the session keeps "
                  "the trace and the lesson it had");

  hs_session_set_position (session, 3);
  g_assert_true (hs_session_load (session, huge, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (hs_session_get_simulating (session));
  g_assert_cmpstr (hs_session_get_lesson_id (session), ==, "gigabyte");

  /* the thread reports every few thousand steps */
  while (progress.n_steps == 0)
    {
      g_assert_true (hs_session_get_progress (session, &progress));
      g_thread_yield ();
    }
  g_assert_cmpuint (progress.max_steps, ==, HS_SIMULATOR_MAX_STEPS);
  g_assert_cmpint (progress.now, >, 0);

  g_assert_true (hs_session_cancel (session));
  g_assert_false (hs_session_get_simulating (session));
  g_assert_false (hs_session_get_progress (session, &progress));
  g_assert_true (hs_session_get_trace (session) == before);
  g_assert_cmpstr (hs_session_get_lesson_id (session), ==, HS_DEFAULT_LESSON);
  g_assert_cmpuint (hs_session_get_position (session), ==, 3);
  g_assert_false (hs_session_get_modified (session));

  /* the thread's late result is dropped */
  iterate_main_context (200);
  g_assert_true (hs_session_get_trace (session) == before);
}

static void
test_session_cancel_first (void)
{
  HsSession *session = hs_session_new ();
  g_autoptr(HsScenario) huge = huge_scenario ();
  g_autoptr(GError) error = NULL;

  g_test_summary ("Cancelling the first lesson leaves the session empty; a session given up while "
                  "it simulates goes at once");

  g_assert_true (hs_session_load (session, huge, NULL, &error));
  g_assert_true (hs_session_cancel (session));
  g_assert_null (hs_session_get_trace (session));
  g_assert_null (hs_session_get_scenario (session));
  g_assert_null (hs_session_get_lesson_id (session));

  g_assert_true (hs_session_load (session, huge, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (hs_session_get_simulating (session));
  g_assert_finalize_object (session);
  /* the cancelled thread's result finds no session */
  iterate_main_context (200);
}

static void
test_session_supersede (void)
{
  g_autoptr(HsSession) session = hs_session_new ();
  g_autoptr(HsScenario) huge = huge_scenario ();
  g_autoptr(HsScenario) small = hs_scenario_new_builtin ("three-way-handshake", NULL);
  g_autoptr(GError) error = NULL;
  guint traces = 0;

  g_test_summary ("A simulation started while another runs supersedes it: only the newer trace comes in");

  g_signal_connect (session, "notify::trace", G_CALLBACK (notify_count_cb), &traces);
  g_assert_true (hs_session_load (session, huge, NULL, &error));
  g_assert_true (hs_session_load (session, small, NULL, &error));
  g_assert_no_error (error);
  wait_for_session (session);
  g_assert_cmpstr (hs_session_get_lesson_id (session), ==, "three-way-handshake");
  g_assert_cmpstr (hs_trace_get_title (hs_session_get_trace (session)), ==, hs_scenario_get_title (small));
  g_assert_cmpuint (traces, ==, 1);

  /* and a change made while the lesson still runs builds on it */
  g_assert_true (hs_session_load (session, huge, NULL, &error));
  g_assert_true (hs_session_set_parameter (session, "client.script=connect; close", &error));
  g_assert_no_error (error);
  wait_for_session (session);
  g_assert_cmpstr (hs_session_get_lesson_id (session), ==, "gigabyte");
  g_assert_cmpuint (hs_session_get_position (session), ==, 0);
  g_assert_cmpuint (hs_trace_get_n_segments (hs_session_get_trace (session)), <, 20);
  g_assert_cmpuint (traces, ==, 2);
  iterate_main_context (100);
  g_assert_cmpuint (traces, ==, 2);
}

static void
test_session_max_steps (void)
{
  g_autoptr(HsSession) session = hs_session_new ();
  g_autoptr(HsScenario) scenario = hs_scenario_new_builtin (HS_DEFAULT_LESSON, NULL);
  g_autoptr(GError) error = NULL;
  guint64 max_steps = 0;
  HsTime at = 0;

  g_test_summary ("The session's step limit cuts the trace, which says where");

  hs_session_set_max_steps (session, 7);
  g_assert_true (hs_session_load (session, scenario, NULL, &error));
  g_assert_no_error (error);
  wait_for_session (session);
  /* an event may record a step or two past the limit */
  g_assert_cmpuint (hs_session_get_n_steps (session), >=, 7);
  g_assert_cmpuint (hs_session_get_n_steps (session), <, 12);
  g_assert_true (hs_simulator_trace_is_truncated (hs_session_get_trace (session), &max_steps, &at));
  g_assert_cmpuint (max_steps, ==, 7);
  g_assert_cmpint (at, >=, 0);
}

/* ------------------------------------------------------------------ */
/* The state diagram's geometry, without a window                      */

static void
test_state_machine_geometry (void)
{
  static const guint transitions[][2] = {
    { HS_STATE_CLOSED, HS_STATE_LISTEN },
    { HS_STATE_CLOSED, HS_STATE_SYN_SENT },
    { HS_STATE_LISTEN, HS_STATE_SYN_RECEIVED },
    { HS_STATE_LISTEN, HS_STATE_SYN_SENT },
    { HS_STATE_SYN_SENT, HS_STATE_SYN_RECEIVED },
    { HS_STATE_SYN_SENT, HS_STATE_ESTABLISHED },
    { HS_STATE_SYN_RECEIVED, HS_STATE_ESTABLISHED },
    { HS_STATE_SYN_RECEIVED, HS_STATE_FIN_WAIT_1 },
    { HS_STATE_ESTABLISHED, HS_STATE_FIN_WAIT_1 },
    { HS_STATE_ESTABLISHED, HS_STATE_CLOSE_WAIT },
    { HS_STATE_FIN_WAIT_1, HS_STATE_FIN_WAIT_2 },
    { HS_STATE_FIN_WAIT_1, HS_STATE_CLOSING },
    { HS_STATE_FIN_WAIT_2, HS_STATE_TIME_WAIT },
    { HS_STATE_CLOSING, HS_STATE_TIME_WAIT },
    { HS_STATE_CLOSE_WAIT, HS_STATE_LAST_ACK },
    { HS_STATE_LAST_ACK, HS_STATE_MACHINE_CLOSED_END },
    { HS_STATE_TIME_WAIT, HS_STATE_MACHINE_CLOSED_END },
  };
  double width, height;

  g_test_summary ("The state diagram has all 11 states in boxes that do not overlap, and the RFC's transitions");

  hs_state_machine_get_size (&width, &height);
  for (guint a = 0; a < HS_STATE_MACHINE_N_BOXES; a++)
    {
      HsStateMachineRect ra;

      hs_state_machine_get_box (a, &ra);
      g_assert_cmpfloat (ra.x, >=, 0);
      g_assert_cmpfloat (ra.y, >=, 0);
      g_assert_cmpfloat (ra.x + ra.width, <=, width);
      g_assert_cmpfloat (ra.y + ra.height, <=, height);
      for (guint b = a + 1; b < HS_STATE_MACHINE_N_BOXES; b++)
        {
          HsStateMachineRect rb;

          hs_state_machine_get_box (b, &rb);
          g_assert_true (ra.x + ra.width <= rb.x || rb.x + rb.width <= ra.x ||
                         ra.y + ra.height <= rb.y || rb.y + rb.height <= ra.y);
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (transitions); i++)
    g_assert_true (hs_state_machine_has_transition (transitions[i][0], transitions[i][1]));
  g_assert_false (hs_state_machine_has_transition (HS_STATE_ESTABLISHED, HS_STATE_CLOSED));
  g_assert_cmpuint (hs_state_machine_box_for_state (HS_STATE_CLOSED, FALSE), ==, HS_STATE_CLOSED);
  g_assert_cmpuint (hs_state_machine_box_for_state (HS_STATE_CLOSED, TRUE), ==, HS_STATE_MACHINE_CLOSED_END);
}

static void
test_state_machine_draw (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 500, 480);
  cairo_t *cr = cairo_create (surface);
  HsStateMachineColors colors = {
    { 1, 1, 1, 1 }, { 0, 0, 0, 1 }, { 0.4, 0.4, 0.4, 1 }, { 0.95, 0.95, 0.95, 1 }, { 0.5, 0.5, 0.5, 1 }, { 0.4, 0.4, 0.4, 1 },
  };
  HsStateMachineMark marks[2] = {
    { "client", { 0, 0, 1, 1 }, HS_STATE_ESTABLISHED, HS_STATE_SYN_SENT },
    { "server", { 1, 0.5, 0, 1 }, HS_STATE_ESTABLISHED, HS_STATE_SYN_RECEIVED },
  };
  guchar *pixels;
  int stride;
  gboolean colored = FALSE;

  g_test_summary ("The state diagram draws on any cairo_t, marking both endpoints in their colours");

  hs_state_machine_draw (cr, 500, 480, &colors, marks, 2, 1.0);
  cairo_surface_flush (surface);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);

  /* some pixel carries the client's blue */
  pixels = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (int y = 0; y < 480 && !colored; y++)
    for (int x = 0; x < 500 && !colored; x++)
      {
        guint32 p = *(guint32 *) (pixels + y * stride + x * 4);

        if ((p & 0xff) > 200 && ((p >> 8) & 0xff) < 60 && ((p >> 16) & 0xff) < 60)
          colored = TRUE;
      }
  g_assert_true (colored);

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static void
test_application_help (void)
{
  g_auto(GStrv) accels = NULL;

  /* activating it would start Yelp: only its presence is tested */
  g_test_summary ("The user guide's action, app.help, exists and is enabled, and F1 activates it");

  if (hs_test_ui_skip (app))
    return;
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "help"));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (app), "help"));
  g_assert_null (g_action_group_get_action_parameter_type (G_ACTION_GROUP (app), "help"));
  accels = gtk_application_get_accels_for_action (app, "app.help");
  g_assert_true (g_strv_contains ((const char * const *) accels, "F1"));
}

static void
test_export_formats (void)
{
  static const struct { const char *path; HsExportFormat format; } cases[] = {
    { "a.png", HS_EXPORT_PNG }, { "a.SVG", HS_EXPORT_SVG }, { "dir.x/a.pdf", HS_EXPORT_PDF },
    { "a.mmd", HS_EXPORT_MERMAID }, { "a.puml", HS_EXPORT_PLANTUML }, { "a.csv", HS_EXPORT_CSV },
    { "a.json", HS_EXPORT_JSON }, { "a.txt", HS_EXPORT_TXT },
  };
  HsExportFormat format;

  g_test_summary ("Every export format is known by its file name");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_true (hs_export_format_from_path (cases[i].path, &format));
      g_assert_cmpint (format, ==, cases[i].format);
      g_assert_nonnull (hs_export_format_get_label (format));
    }
  g_assert_false (hs_export_format_from_path ("a.doc", &format));
  g_assert_false (hs_export_format_from_path ("noextension", &format));
  g_assert_true (hs_export_format_is_image (HS_EXPORT_SVG));
  g_assert_false (hs_export_format_is_image (HS_EXPORT_MERMAID));
  g_assert_true (hs_export_format_is_diagram (HS_EXPORT_MERMAID));
  g_assert_false (hs_export_format_is_diagram (HS_EXPORT_CSV));
}

/* The first AdwComboRow under @widget whose model is an AdwEnumListModel
 * of @enum_type. */
static AdwComboRow *
find_enum_combo_row (GtkWidget *widget,
                     GType      enum_type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwComboRow *found;

      if (ADW_IS_COMBO_ROW (child))
        {
          GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (child));

          /* the export dialog filters its formats for a plot */
          if (GTK_IS_FILTER_LIST_MODEL (model))
            model = gtk_filter_list_model_get_model (GTK_FILTER_LIST_MODEL (model));
          if (ADW_IS_ENUM_LIST_MODEL (model) &&
              adw_enum_list_model_get_enum_type (ADW_ENUM_LIST_MODEL (model)) == enum_type)
            return ADW_COMBO_ROW (child);
        }
      if ((found = find_enum_combo_row (child, enum_type)) != NULL)
        return found;
    }
  return NULL;
}

/* The text a combo row shows for its item at @position. */
static char *
combo_row_label (AdwComboRow *row,
                 guint        position)
{
  g_autoptr(GObject) item = g_list_model_get_item (adw_combo_row_get_model (row), position);
  GValue value = G_VALUE_INIT;
  char *label;

  g_assert_true (gtk_expression_evaluate (adw_combo_row_get_expression (row), item, &value));
  label = g_value_dup_string (&value);
  g_value_unset (&value);
  return label;
}

/* ------------------------------------------------------------------ */
/* A real window                                                       */

typedef struct
{
  HsWindow  *window;
  HsSession *session;
} Fixture;



static gboolean
session_ready (gpointer data)
{
  return !hs_session_get_simulating (data);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  if (hs_test_ui_skip (app))
    return;
  f->window = hs_test_window_open (app, HS_DEFAULT_LESSON, 0, 0);
  f->session = hs_window_get_session (f->window);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->window == NULL)
    return;
  gtk_window_destroy (GTK_WINDOW (f->window));
  hs_test_iterate (50);
}

static void
activate (Fixture    *f,
          const char *action,
          GVariant   *param)
{
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (f->window), action));
  g_action_group_activate_action (G_ACTION_GROUP (f->window), action, param);
}

static void
activate_on (HsWindow   *window,
             const char *action)
{
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), action));
  g_action_group_activate_action (G_ACTION_GROUP (window), action, NULL);
}

static void
assert_narration_is_step (Fixture *f)
{
  HsTrace *trace = hs_session_get_trace (f->session);
  guint step = hs_session_get_current_step (f->session);
  g_autofree char *expected = hs_narration_format_step (trace, step);

  g_assert_cmpstr (hs_window_get_narration (f->window), ==, expected);
}

static void
test_window_open (Fixture       *f,
                  gconstpointer  data)
{
  g_test_summary ("The window opens on the default lesson, before its first step, with its description");

  if (f->window == NULL)
    return;
  g_assert_cmpstr (hs_session_get_lesson_id (f->session), ==, HS_DEFAULT_LESSON);
  g_assert_cmpuint (hs_session_get_position (f->session), ==, 0);
  g_assert_cmpstr (hs_window_get_narration (f->window), ==,
                   hs_scenario_get_description (hs_session_get_scenario (f->session)));
  g_assert_true (hs_diagram_view_get_layout (HS_DIAGRAM_VIEW (hs_window_get_diagram_view (f->window))) != NULL);
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "step-back"));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "step-forward"));
}

static void
test_window_step (Fixture       *f,
                  gconstpointer  data)
{
  HsInspector *inspector;
  guint segment;

  g_test_summary ("Stepping forward and back moves the playhead and updates the narration and the inspector");

  if (f->window == NULL)
    return;
  inspector = HS_INSPECTOR (hs_window_get_inspector (f->window));
  for (guint i = 0; i < 5; i++)
    activate (f, "step-forward", NULL);
  g_assert_cmpuint (hs_session_get_position (f->session), ==, 5);
  assert_narration_is_step (f);

  /* step 5 of the default lesson sends the SYN: the inspector shows it */
  segment = hs_session_get_current_segment (f->session);
  g_assert_cmpuint (segment, !=, HS_TRACE_NONE);
  g_assert_cmpuint (hs_inspector_get_segment (inspector), ==, segment);
  g_assert_nonnull (hs_inspector_get_bytes (inspector));
  g_assert_cmpuint (g_bytes_get_size (hs_inspector_get_bytes (inspector)), >=, 20);

  activate (f, "step-back", NULL);
  g_assert_cmpuint (hs_session_get_position (f->session), ==, 4);
  assert_narration_is_step (f);
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "step-back"));
}

static void
test_window_jump (Fixture       *f,
                  gconstpointer  data)
{
  guint n;

  g_test_summary ("The jump actions go to the end and back to the start");

  if (f->window == NULL)
    return;
  n = hs_session_get_n_steps (f->session);
  activate (f, "go-end", NULL);
  g_assert_cmpuint (hs_session_get_position (f->session), ==, n);
  assert_narration_is_step (f);
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "step-forward"));
  activate (f, "go-start", NULL);
  g_assert_cmpuint (hs_session_get_position (f->session), ==, 0);
}

static gboolean
played_three (gpointer data)
{
  Fixture *f = data;

  return hs_session_get_position (f->session) >= 3;
}

static void
test_window_play (Fixture       *f,
                  gconstpointer  data)
{
  HsDiagramView *view;

  g_test_summary ("Playing steps forward by itself, driven by the frame clock, until paused");

  if (f->window == NULL)
    return;
  view = HS_DIAGRAM_VIEW (hs_window_get_diagram_view (f->window));
  hs_diagram_view_set_speed (view, 4.0);
  g_action_group_change_action_state (G_ACTION_GROUP (f->window), "play", g_variant_new_boolean (TRUE));
  g_assert_true (hs_diagram_view_get_playing (view));
  g_assert_true (hs_test_iterate_until (played_three, f, 15000));
  activate (f, "play", NULL);
  g_assert_false (hs_diagram_view_get_playing (view));
  assert_narration_is_step (f);
}

static gboolean
animation_done (gpointer data)
{
  return !hs_diagram_view_get_animating (data);
}

static void
test_window_animation (Fixture       *f,
                       gconstpointer  data)
{
  HsDiagramView *view;
  HsTrace *trace;
  guint step;

  g_test_summary ("A step that takes time flies its segment on the frame clock, then settles");

  if (f->window == NULL)
    return;
  view = HS_DIAGRAM_VIEW (hs_window_get_diagram_view (f->window));
  trace = hs_session_get_trace (f->session);

  /* the first step that happens later than the one before it */
  for (step = 1; step < hs_trace_get_n_steps (trace); step++)
    if (hs_trace_get_step (trace, step)->time > hs_trace_get_step (trace, step - 1)->time)
      break;
  hs_session_set_position (f->session, step);
  hs_test_iterate_until (animation_done, view, 100);
  activate (f, "step-forward", NULL);
  g_assert_true (hs_diagram_view_get_animating (view));
  g_assert_true (hs_test_iterate_until (animation_done, view, 10000));
}

static gboolean
layout_follows_session (gpointer data)
{
  Fixture *f = data;
  HsDiagramLayout *layout = hs_diagram_view_get_layout (HS_DIAGRAM_VIEW (hs_window_get_diagram_view (f->window)));

  return layout != NULL && hs_diagram_layout_get_trace (layout) == hs_session_get_trace (f->session);
}

static void
test_window_lesson (Fixture       *f,
                    gconstpointer  data)
{
  HsTrace *old_trace;

  g_test_summary ("Choosing another lesson simulates it and rebuilds the diagram");

  if (f->window == NULL)
    return;
  old_trace = hs_session_get_trace (f->session);
  activate (f, "step-forward", NULL);
  activate (f, "open-lesson", g_variant_new_string ("three-way-handshake"));
  g_assert_true (hs_test_iterate_until (session_ready, f->session, 30000));
  g_assert_cmpstr (hs_session_get_lesson_id (f->session), ==, "three-way-handshake");
  g_assert_true (hs_session_get_trace (f->session) != old_trace);
  g_assert_cmpuint (hs_session_get_position (f->session), ==, 0);
  /* the diagram is laid out again on the next frame */
  g_assert_true (hs_test_iterate_until (layout_follows_session, f, 10000));
}

static void
test_window_lose_segment (Fixture       *f,
                          gconstpointer  data)
{
  HsTrace *trace;
  guint segment;

  g_test_summary ("“Lose this segment” makes a retransmission appear; restoring it takes it away");

  if (f->window == NULL)
    return;
  trace = hs_session_get_trace (f->session);
  segment = first_data_segment (trace, 0);
  g_assert_cmpuint (count_marked (trace, HS_MARK_RETRANSMISSION), ==, 0);

  activate (f, "lose-segment", g_variant_new_uint32 (segment));
  g_assert_true (hs_test_iterate_until (session_ready, f->session, 30000));
  trace = hs_session_get_trace (f->session);
  g_assert_cmpint (hs_trace_get_segment (trace, segment)->fate, ==, HS_FATE_LOST);
  g_assert_cmpuint (count_marked (trace, HS_MARK_RETRANSMISSION), >=, 1);
  g_assert_cmpuint (hs_session_get_selected_segment (f->session), ==, segment);
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "reset-lesson"));

  activate (f, "restore-segment", g_variant_new_uint32 (segment));
  g_assert_true (hs_test_iterate_until (session_ready, f->session, 30000));
  g_assert_cmpuint (count_marked (hs_session_get_trace (f->session), HS_MARK_RETRANSMISSION), ==, 0);
}

static char *
read_head (const char *path,
           gsize      *len)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, len, &error));
  g_assert_no_error (error);
  return contents;
}

static void
test_window_export (Fixture       *f,
                    gconstpointer  data)
{
  static const struct { const char *name; const char *start; const char *contains; } files[] = {
    { "out.png", "\x89PNG", NULL },
    { "out.svg", NULL, "<svg" },
    { "out.pdf", "%PDF", NULL },
    { "out.mmd", NULL, "sequenceDiagram" },
    { "out.puml", "@startuml", NULL },
    { "out.csv", NULL, "," },
    { "out.json", "{", NULL },
    { "out.txt", NULL, "SYN" },
  };
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;

  g_test_summary ("The export actions write a valid file of every format");

  if (f->window == NULL)
    return;
  dir = g_dir_make_tmp ("handshake-ui-XXXXXX", &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (dir, files[i].name, NULL);
      g_autofree char *contents = NULL;
      gsize len;

      activate (f, "export-to", g_variant_new_string (path));
      contents = read_head (path, &len);
      g_assert_cmpuint (len, >, 16);
      if (files[i].start != NULL)
        g_assert_true (memcmp (contents, files[i].start, strlen (files[i].start)) == 0);
      if (files[i].contains != NULL)
        g_assert_nonnull (g_strstr_len (contents, len, files[i].contains));
      g_assert_cmpint (g_unlink (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_window_export_dialog (Fixture       *f,
                           gconstpointer  data)
{
  GListModel *toplevels;
  HsExportDialog *dialog = NULL;
  HsDiagramExportOptions options;
  AdwComboRow *row;

  g_test_summary ("The export dialog offers every format of the registry, named by it, pcap among them, "
                  "and its choices are what it gives back");

  if (f->window == NULL)
    return;
  activate (f, "export", g_variant_new_string ("pcap"));
  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels) && dialog == NULL; i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (HS_IS_EXPORT_DIALOG (window))
        dialog = g_object_ref (HS_EXPORT_DIALOG (window));
    }
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (f->window));
  g_assert_cmpint (hs_export_dialog_get_format (dialog), ==, HS_EXPORT_PCAP);

  row = find_enum_combo_row (GTK_WIDGET (dialog), HS_TYPE_EXPORT_FORMAT);
  g_assert_nonnull (row);
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (row)), ==, HS_EXPORT_N_FORMATS);
  for (guint i = 0; i < HS_EXPORT_N_FORMATS; i++)
    {
      g_autofree char *label = combo_row_label (row, i);

      g_assert_cmpstr (label, ==, hs_export_format_get_label (i));
      adw_combo_row_set_selected (row, i);
      g_assert_cmpint (hs_export_dialog_get_format (dialog), ==, i);
    }

  /* the defaults, as the dialog built in C had them */
  adw_combo_row_set_selected (row, HS_EXPORT_PNG);
  hs_export_dialog_get_options (dialog, &options);
  g_assert_cmpint (options.style, ==, HS_DIAGRAM_STYLE_LIGHT);
  g_assert_cmpfloat (options.scale, ==, 2);
  g_assert_false (options.transparent);
  g_assert_cmpint (options.page, ==, HS_DIAGRAM_PAGE_LONG);
  g_assert_true (options.layout.show_title);
  g_assert_true (options.layout.show_legend);
  g_assert_false (options.layout.show_steps);
  g_assert_false (options.layout.show_options);
  g_assert_cmpint (options.layout.time_mode, ==, HS_DIAGRAM_TIME_PROPORTIONAL);
  g_assert_true (options.split);

  row = find_enum_combo_row (GTK_WIDGET (dialog), HS_TYPE_DIAGRAM_TIME_MODE);
  g_assert_nonnull (row);
  adw_combo_row_set_selected (row, HS_DIAGRAM_TIME_EVENTS);
  hs_export_dialog_get_options (dialog, &options);
  g_assert_cmpint (options.layout.time_mode, ==, HS_DIAGRAM_TIME_EVENTS);

  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_finalize_object (dialog);
}

static void
test_window_presentation (Fixture       *f,
                          gconstpointer  data)
{
  g_test_summary ("Presentation mode toggles: high contrast, no side panels, and back");

  if (f->window == NULL)
    return;
  g_assert_false (hs_window_get_presentation (f->window));
  activate (f, "presentation", NULL);
  g_assert_true (hs_window_get_presentation (f->window));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (f->window), "presentation"));
  g_assert_cmpint (hs_diagram_view_get_style_kind (HS_DIAGRAM_VIEW (hs_window_get_diagram_view (f->window))), ==,
                   HS_DIAGRAM_STYLE_HIGH_CONTRAST);
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "show-panel"));
  /* stepping still works, as a clicker does it */
  activate (f, "step-forward", NULL);
  g_assert_cmpuint (hs_session_get_position (f->session), ==, 1);
  hs_test_iterate (100);

  activate (f, "presentation", NULL);
  g_assert_false (hs_window_get_presentation (f->window));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (f->window), "presentation"));
  g_assert_cmpint (hs_diagram_view_get_style_kind (HS_DIAGRAM_VIEW (hs_window_get_diagram_view (f->window))), !=,
                   HS_DIAGRAM_STYLE_HIGH_CONTRAST);
}

static void
test_window_presentation_runs (Fixture       *f,
                               gconstpointer  data)
{
  HsTrace *trace;
  guint n, first = 0, len = 0, key = G_MAXUINT, inside;
  g_autofree char *summary = NULL;
  g_autofree char *own = NULL;

  g_test_summary ("In presentation mode on slow-start, a step inside a run of similar steps shows the run's "
                  "summary with the step's own sentence beneath it, a key moment shows its own sentence, "
                  "stepping stays per step and goes on past a run's last step; outside it every step is told");

  if (f->window == NULL)
    return;
  activate (f, "open-lesson", g_variant_new_string ("slow-start"));
  g_assert_true (hs_test_iterate_until (session_ready, f->session, 30000));
  trace = hs_session_get_trace (f->session);
  n = hs_trace_get_n_steps (trace);

  /* the first run of several steps, and the first SYN sent: a key moment */
  for (guint i = 0; i < n && len == 0;)
    {
      guint l = hs_narration_run_length (trace, i);

      if (l > 2)
        {
          first = i;
          len = l;
        }
      i += l;
    }
  for (guint i = 0; i < n && key == G_MAXUINT; i++)
    if (hs_trace_get_step (trace, i)->kind == HS_STEP_SEGMENT_SENT &&
        (hs_trace_get_segment (trace, hs_trace_get_step (trace, i)->segment)->header.flags & HS_TCP_SYN))
      key = i;
  g_assert_cmpuint (len, >, 2);
  g_assert_cmpuint (key, <, n);
  g_assert_cmpuint (hs_narration_run_length (trace, key), ==, 1);

  activate (f, "presentation", NULL);
  g_assert_true (hs_window_get_presentation (f->window));

  /* a step in the middle of the run: the playhead is on step inside + 1 */
  inside = first + 1;
  hs_session_set_position (f->session, inside + 1);
  summary = hs_narration_format_run (trace, first, len);
  own = hs_narration_format_step (trace, inside);
  g_assert_cmpstr (summary, !=, own);
  g_assert_cmpstr (hs_window_get_narration (f->window), ==, summary);
  g_assert_nonnull (hs_window_get_step_sentence (f->window));
  g_assert_nonnull (strstr (hs_window_get_step_sentence (f->window), own));

  /* stepping stays per step, and the summary stays with the run */
  activate (f, "step-forward", NULL);
  g_assert_cmpuint (hs_session_get_position (f->session), ==, inside + 2);
  g_assert_cmpstr (hs_window_get_narration (f->window), ==, summary);

  /* from the run's last step, Page Down moves on to the next step */
  hs_session_set_position (f->session, first + len);
  g_assert_cmpstr (hs_window_get_narration (f->window), ==, summary);
  activate (f, "step-forward", NULL);
  g_assert_cmpuint (hs_session_get_position (f->session), ==, first + len + 1);
  g_assert_cmpstr (hs_window_get_narration (f->window), !=, summary);

  /* a key moment is told on its own */
  hs_session_set_position (f->session, key + 1);
  assert_narration_is_step (f);
  g_assert_null (hs_window_get_step_sentence (f->window));

  /* leaving presentation mode tells every step again */
  hs_session_set_position (f->session, inside + 1);
  activate (f, "presentation", NULL);
  g_assert_false (hs_window_get_presentation (f->window));
  assert_narration_is_step (f);
  g_assert_null (hs_window_get_step_sentence (f->window));
  hs_test_iterate (100);
}

static void
test_window_states (Fixture       *f,
                    gconstpointer  data)
{
  HsStateMachineView *states;
  g_autofree char *caption = NULL;

  g_test_summary ("The state diagram follows the playhead: both endpoints' states and last transitions");

  if (f->window == NULL)
    return;
  states = HS_STATE_MACHINE_VIEW (hs_window_get_state_view (f->window));
  g_action_group_change_action_state (G_ACTION_GROUP (f->window), "main-view", g_variant_new_string ("states"));
  hs_test_iterate (100);

  /* through the handshake: both ESTABLISHED */
  while (hs_session_get_position (f->session) < hs_session_get_n_steps (f->session) &&
         (hs_trace_get_state_at (hs_session_get_trace (f->session), hs_session_get_current_step (f->session), 1)
          != HS_STATE_ESTABLISHED))
    activate (f, "step-forward", NULL);
  caption = g_strdup (hs_state_machine_view_get_caption (states));
  g_assert_nonnull (strstr (caption, "SYN-SENT → ESTABLISHED"));
  g_assert_nonnull (strstr (caption, "SYN-RECEIVED → ESTABLISHED"));
  g_action_group_change_action_state (G_ACTION_GROUP (f->window), "main-view", g_variant_new_string ("diagram"));
}

static void
test_window_inspect (Fixture       *f,
                     gconstpointer  data)
{
  HsInspector *inspector;

  g_test_summary ("Inspecting a segment shows it, and each header field highlights its bytes");

  if (f->window == NULL)
    return;
  inspector = HS_INSPECTOR (hs_window_get_inspector (f->window));
  activate (f, "go-end", NULL);
  activate (f, "inspect-segment", g_variant_new_uint32 (1));
  g_assert_cmpuint (hs_inspector_get_segment (inspector), ==, 1);
  for (guint field = 0; field < 11; field++)
    hs_inspector_select_field (inspector, field);
  g_assert_cmpuint (hs_session_get_selected_segment (f->session), ==, 1);
}

static void
test_window_drop_file (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GListModel) controllers = NULL;
  GtkDropTarget *target = NULL;
  GValue value = G_VALUE_INIT;
  GSList *list;
  gboolean handled = FALSE;
  g_autoptr(GError) error = NULL;
  const char *lesson = "[Lesson]\nTitle=Dropped lesson\n[Client]\nScript=connect\n[Server]\nScript=listen\n";

  g_test_summary ("A lesson file dropped on the window opens in it");

  if (f->window == NULL)
    return;
  dir = g_dir_make_tmp ("handshake-drop-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "dropped.lesson", NULL);
  g_assert_true (g_file_set_contents (path, lesson, -1, &error));
  g_assert_no_error (error);
  file = g_file_new_for_path (path);

  controllers = gtk_widget_observe_controllers (GTK_WIDGET (f->window));
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) c = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (c))
        target = GTK_DROP_TARGET (c);
    }
  g_assert_nonnull (target);

  list = g_slist_prepend (NULL, file);
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (list));
  g_slist_free (list);
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &handled);
  g_value_unset (&value);

  g_assert_true (handled);
  g_assert_true (hs_test_iterate_until (session_ready, f->session, 30000));
  g_assert_cmpstr (hs_session_get_path (f->session), ==, path);
  g_assert_cmpstr (hs_trace_get_title (hs_session_get_trace (f->session)), ==, "Dropped lesson");

  g_unlink (path);
  g_rmdir (dir);
}

static gboolean
count_tick (gpointer data)
{
  (*(guint *) data)++;
  return G_SOURCE_CONTINUE;
}

static gboolean
layout_is_current (gpointer data)
{
  Fixture *f = data;
  HsDiagramLayout *layout = hs_diagram_view_get_layout (HS_DIAGRAM_VIEW (hs_window_get_diagram_view (f->window)));

  return layout != NULL && hs_diagram_layout_get_trace (layout) == hs_session_get_trace (f->session);
}

static void
test_window_long_trace (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  HsDiagramView *view;
  HsDiagramLayout *layout;
  guint ticks = 0, ticks_waiting = 0, id;
  gboolean waited = FALSE;

  g_test_summary ("A lesson long enough to take a while to lay out is laid out in a thread: "
                  "the window goes on handling events meanwhile, never shows the previous "
                  "lesson's diagram, and then draws every segment");

  if (f->window == NULL)
    return;
  view = HS_DIAGRAM_VIEW (hs_window_get_diagram_view (f->window));
  g_assert_true (hs_window_open_lesson (f->window, "slow-start", &error));
  g_assert_no_error (error);
  g_assert_true (hs_test_iterate_until (session_ready, f->session, 30000));
  /* to scale, which takes longest to lay out (the lesson opens in one
   * row per event; the user's choice wins) */
  g_settings_set_enum (settings, "time-mode", HS_DIAGRAM_TIME_EVENTS);
  g_settings_set_enum (settings, "time-mode", HS_DIAGRAM_TIME_PROPORTIONAL);
  g_assert_true (hs_test_iterate_until (layout_is_current, f, 10000));

  g_assert_true (hs_session_set_parameter (f->session, "transfer.bytes=3MB", &error));
  g_assert_no_error (error);
  g_assert_true (hs_test_iterate_until (session_ready, f->session, 30000));
  g_assert_cmpuint (hs_trace_get_n_steps (hs_session_get_trace (f->session)), >, 5000);

  id = g_idle_add (count_tick, &ticks);
  while (!layout_is_current (f))
    {
      layout = hs_diagram_view_get_layout (view);
      /* nothing, or the new trace's: never the old one's */
      g_assert_null (layout);
      waited = TRUE;
      g_main_context_iteration (NULL, TRUE);
      ticks_waiting = ticks;
    }
  g_source_remove (id);
  g_assert_true (waited);
  /* Under a sanitizer the layout thread can be done before this loop
   * first runs (build-asan on a busy 2-core machine: no tick at all), as
   * the main thread is slowed more than the thread: responsiveness is
   * measured in normal builds only. */
  if (!hs_test_sanitized ())
    g_assert_cmpuint (ticks_waiting, >=, 10);

  layout = hs_diagram_view_get_layout (view);
  g_assert_cmpuint (hs_diagram_layout_get_n_arrows (layout), ==,
                    hs_trace_get_n_segments (hs_session_get_trace (f->session)));
  g_settings_reset (settings, "time-mode");
}

static void
test_window_long_trace_head (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  HsDiagramView *view;
  HsDiagramLayout *layout;
  HsDiagramRect bounds;
  guint n;

  g_test_summary ("A lesson of tens of thousands of steps shows the head of its diagram at once, "
                  "its first steps without the card that waits for a layout, and steps through "
                  "it while a thread lays out the rest");

  if (f->window == NULL)
    return;
  view = HS_DIAGRAM_VIEW (hs_window_get_diagram_view (f->window));
  g_assert_true (hs_window_open_lesson (f->window, "slow-start", &error));
  g_assert_no_error (error);
  g_assert_true (hs_session_set_parameter (f->session, "transfer.bytes=10MB", &error));
  g_assert_no_error (error);
  g_assert_true (hs_test_iterate_until (session_ready, f->session, 60000));
  g_assert_cmpuint (hs_trace_get_n_steps (hs_session_get_trace (f->session)), >, 20000);
  n = hs_trace_get_n_segments (hs_session_get_trace (f->session));

  g_assert_true (hs_test_iterate_until (layout_is_current, f, 30000));
  layout = hs_diagram_view_get_layout (view);
  /* only the head: its own steps' arrows, not the trace's */
  g_assert_cmpuint (hs_diagram_layout_get_n_arrows (layout), <, n / 4);
  g_assert_false (hs_diagram_view_get_laying_out (view));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "cancel-drawing"));

  for (guint i = 0; i < 12; i++)
    activate (f, "step-forward", NULL);
  g_assert_cmpuint (hs_session_get_position (f->session), ==, 12);
  layout = hs_diagram_view_get_layout (view);
  g_assert_true (hs_diagram_layout_get_step_bounds (layout, 11, &bounds));
  g_assert_cmpfloat (bounds.height, >, 0);
}

static gboolean
progress_shown (gpointer data)
{
  Fixture *f = data;
  const char *text = hs_window_get_progress_text (f->window);

  /* the thread has reported at least once */
  return text != NULL && strstr (text, ", 0 steps") == NULL;
}

static gboolean
press_escape (HsWindow *window)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) c = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (c) && !handled)
        g_signal_emit_by_name (c, "key-pressed", GDK_KEY_Escape, 0, 0, &handled);
    }
  return handled;
}

static void
test_window_simulation_cancel (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(HsScenario) huge = NULL;
  g_autoptr(GError) error = NULL;
  HsTrace *before;
  const char *text;

  g_test_summary ("A long simulation shows its progress in the diagram's place, with a Cancel that "
                  "Escape presses: then the window shows the lesson it showed before");

  if (f->window == NULL)
    return;
  before = hs_session_get_trace (f->session);
  huge = huge_scenario ();
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "cancel-simulation"));
  g_assert_true (hs_window_open_scenario (f->window, huge, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "cancel-simulation"));

  /* meanwhile the window shows what it showed */
  g_assert_true (hs_session_get_trace (f->session) == before);
  g_assert_true (hs_test_iterate_until (progress_shown, f, 20000));
  text = hs_window_get_progress_text (f->window);
  g_assert_nonnull (strstr (text, "of simulated time"));
  g_assert_nonnull (strstr (text, "steps"));

  g_assert_true (press_escape (f->window));
  g_assert_false (hs_session_get_simulating (f->session));
  g_assert_null (hs_window_get_progress_text (f->window));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "cancel-simulation"));
  g_assert_true (hs_session_get_trace (f->session) == before);
  g_assert_cmpstr (hs_session_get_lesson_id (f->session), ==, HS_DEFAULT_LESSON);
  g_assert_false (hs_window_get_cancelled_shown (f->window));
  g_assert_true (layout_is_current (f));

  /* the stopped thread's result does not come in later */
  hs_test_iterate (200);
  g_assert_true (hs_session_get_trace (f->session) == before);
  /* and Escape is free again */
  g_assert_false (press_escape (f->window));
}

static void
test_window_simulation_supersede (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(HsScenario) huge = NULL;
  g_autoptr(GError) error = NULL;

  g_test_summary ("A lesson chosen while another simulates replaces it: the window shows the newer one");

  if (f->window == NULL)
    return;
  huge = huge_scenario ();
  g_assert_true (hs_window_open_scenario (f->window, huge, NULL, &error));
  g_assert_no_error (error);
  activate (f, "open-lesson", g_variant_new_string ("three-way-handshake"));
  g_assert_true (hs_test_iterate_until (session_ready, f->session, 30000));
  g_assert_cmpstr (hs_session_get_lesson_id (f->session), ==, "three-way-handshake");
  g_assert_cmpstr (hs_trace_get_title (hs_session_get_trace (f->session)), ==,
                   hs_scenario_get_title (hs_session_get_scenario (f->session)));
  g_assert_null (hs_window_get_progress_text (f->window));
  g_assert_true (hs_test_iterate_until (layout_follows_session, f, 10000));
}

static void
test_window_truncated (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *warning;

  g_test_summary ("A trace cut by the step limit says so above the narration, and a whole one does not");

  if (f->window == NULL)
    return;
  g_assert_null (hs_window_get_warning (f->window));
  hs_session_set_max_steps (f->session, 12);
  g_assert_true (hs_window_open_lesson (f->window, HS_DEFAULT_LESSON, &error));
  g_assert_no_error (error);
  g_assert_true (hs_test_iterate_until (session_ready, f->session, 30000));
  warning = hs_window_get_warning (f->window);
  g_assert_nonnull (warning);
  g_assert_nonnull (strstr (warning, "limit of 12 steps"));

  hs_session_set_max_steps (f->session, 0);
  g_assert_true (hs_window_open_lesson (f->window, HS_DEFAULT_LESSON, &error));
  g_assert_true (hs_test_iterate_until (session_ready, f->session, 30000));
  g_assert_null (hs_window_get_warning (f->window));
}

static gboolean
laying_out (gpointer data)
{
  return hs_diagram_view_get_laying_out (data);
}

static gboolean
laying_out_or_current (gpointer data)
{
  Fixture *f = data;

  return hs_diagram_view_get_laying_out (HS_DIAGRAM_VIEW (hs_window_get_diagram_view (f->window))) ||
         layout_is_current (f);
}

static void
test_window_layout_cancel (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  HsDiagramView *view;

  g_test_summary ("Laying out a long trace can be cancelled with Escape: the window says the diagram is "
                  "not drawn, the steps stay, and Draw the Diagram lays it out again");

  if (f->window == NULL)
    return;
  view = HS_DIAGRAM_VIEW (hs_window_get_diagram_view (f->window));
  g_assert_true (hs_window_open_lesson (f->window, "slow-start", &error));
  g_assert_no_error (error);
  g_assert_true (hs_session_set_parameter (f->session, "transfer.bytes=3MB", &error));
  g_assert_no_error (error);
  g_assert_true (hs_test_iterate_until (session_ready, f->session, 30000));
  g_assert_true (hs_test_iterate_until (laying_out, view, 10000));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "cancel-drawing"));

  g_assert_true (press_escape (f->window));
  g_assert_false (hs_diagram_view_get_laying_out (view));
  g_assert_true (hs_diagram_view_get_layout_cancelled (view));
  g_assert_true (hs_window_get_cancelled_shown (f->window));
  g_assert_null (hs_window_get_progress_text (f->window));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "cancel-drawing"));
  /* the trace is there to step through */
  activate (f, "step-forward", NULL);
  g_assert_cmpuint (hs_session_get_position (f->session), ==, 1);
  assert_narration_is_step (f);
  /* and nothing lays it out behind the teacher's back */
  hs_test_iterate (300);
  g_assert_null (hs_diagram_view_get_layout (view));

  activate (f, "draw-diagram", NULL);
  g_assert_false (hs_window_get_cancelled_shown (f->window));
  g_assert_false (hs_diagram_view_get_layout_cancelled (view));
  /* laid out again; the window going away stops it */
  g_assert_true (hs_test_iterate_until (laying_out_or_current, f, 60000));
}

static void
test_window_cancel_first (void)
{
  HsWindow *window;
  HsSession *session;
  g_autoptr(HsScenario) huge = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;

  g_test_summary ("Cancelling the first lesson a window opens says so in the diagram's place, "
                  "and Run Again simulates it again");

  if (hs_test_ui_skip (app))
    return;
  dir = g_dir_make_tmp ("handshake-cancel-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "gigabyte.lesson", NULL);
  huge = huge_scenario ();
  {
    g_autofree char *contents = hs_scenario_to_data (huge, NULL);

    g_assert_true (g_file_set_contents (path, contents, -1, &error));
    g_assert_no_error (error);
  }

  window = hs_window_new (app);
  session = hs_window_get_session (window);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (hs_window_open_lesson (window, path, &error));
  g_assert_no_error (error);
  g_assert_false (hs_window_get_cancelled_shown (window));
  activate_on (window, "cancel-simulation");
  g_assert_null (hs_session_get_trace (session));
  g_assert_true (hs_window_get_cancelled_shown (window));

  activate_on (window, "run-again");
  g_assert_true (hs_session_get_simulating (session));
  g_assert_cmpstr (hs_session_get_path (session), ==, path);
  g_assert_false (hs_window_get_cancelled_shown (window));
  activate_on (window, "cancel-simulation");
  g_assert_true (hs_window_get_cancelled_shown (window));

  gtk_window_destroy (GTK_WINDOW (window));
  hs_test_iterate (50);
  g_unlink (path);
  g_rmdir (dir);
}

/* ------------------------------------------------------------------ */
/* Widgets that follow a session                                       */

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

/* The first descendant of @widget of @type (and with @action_name, if
 * given), depth first. */
static GtkWidget *
find_descendant (GtkWidget  *widget,
                 GType       type,
                 const char *action_name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) &&
          (action_name == NULL ||
           (GTK_IS_ACTIONABLE (child) &&
            g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), action_name) == 0)))
        return child;
      if ((found = find_descendant (child, type, action_name)) != NULL)
        return found;
    }
  return NULL;
}

/* What the widget shows of @session, as a string that differs when the
 * widget follows another session or another step of it. */
static char *
shown_by (GtkWidget *widget)
{
  if (HS_IS_INSPECTOR (widget))
    return g_strdup_printf ("segment %u", hs_inspector_get_segment (HS_INSPECTOR (widget)));
  if (HS_IS_STATE_MACHINE_VIEW (widget))
    return g_strdup (hs_state_machine_view_get_caption (HS_STATE_MACHINE_VIEW (widget)));
  if (HS_IS_STEP_LIST (widget))
    {
      GtkListView *view = GTK_LIST_VIEW (find_descendant (widget, GTK_TYPE_LIST_VIEW, NULL));
      GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (view));

      return g_strdup_printf ("%u steps, %u selected", g_list_model_get_n_items (G_LIST_MODEL (selection)),
                              gtk_single_selection_get_selected (selection));
    }
  if (HS_IS_PARAMETERS_PANEL (widget))
    {
      GtkWidget *reset = find_descendant (widget, GTK_TYPE_BUTTON, "win.reset-lesson");

      return g_strdup_printf ("reset %s", gtk_widget_get_sensitive (reset) ? "sensitive" : "insensitive");
    }
  if (HS_IS_DIAGRAM_VIEW (widget))
    return g_strdup_printf ("%p", (gpointer) hs_diagram_view_get_session (HS_DIAGRAM_VIEW (widget)));
  g_assert_not_reached ();
}

/* Changes @session so that a widget that follows it shows something else. */
static void
change (HsSession *session)
{
  g_autoptr(GError) error = NULL;

  hs_session_set_position (session, hs_session_get_position (session) + 5);
  hs_session_set_selected_segment (session, hs_session_get_current_segment (session));
  hs_session_set_parameter (session, "network.delay=33ms", &error);
  g_assert_no_error (error);
  wait_for_session (session);
}

static void
test_widget_session (gconstpointer data)
{
  GType type = GPOINTER_TO_SIZE (data);
  HsSession *a, *b;
  g_autoptr(HsSession) out = NULL;
  g_autofree char *before = NULL, *after = NULL, *ignored = NULL;
  GtkWidget *widget;
  guint notified = 0;

  g_test_summary ("A widget's 'session' notifies once per real change, follows the session it "
                  "has and no other, and lets both go");
  if (hs_test_ui_skip (app))
    return;

  a = session_for ("full-connection");
  b = session_for ("full-connection");
  widget = g_object_ref_sink (g_object_new (type, NULL));
  g_signal_connect (widget, "notify::session", G_CALLBACK (count_notify_cb), &notified);

  g_object_set (widget, "session", a, NULL);
  g_assert_cmpuint (notified, ==, 1);
  g_object_set (widget, "session", a, NULL);
  g_assert_cmpuint (notified, ==, 1);
  g_object_get (widget, "session", &out, NULL);
  g_assert_true (out == a);
  g_clear_object (&out);

  /* swapped: the widget shows b, and a's changes no longer reach it */
  g_object_set (widget, "session", b, NULL);
  g_assert_cmpuint (notified, ==, 2);
  before = shown_by (widget);
  change (a);
  ignored = shown_by (widget);
  g_assert_cmpstr (ignored, ==, before);
  if (!HS_IS_DIAGRAM_VIEW (widget))
    {
      change (b);
      after = shown_by (widget);
      g_assert_cmpstr (after, !=, before);
    }

  g_object_set (widget, "session", NULL, NULL);
  g_assert_cmpuint (notified, ==, 3);
  g_object_set (widget, "session", NULL, NULL);
  g_assert_cmpuint (notified, ==, 3);

  g_assert_finalize_object (widget);
  g_assert_finalize_object (a);
  g_assert_finalize_object (b);
}

static GtkWidget *
find_by_class (GtkWidget  *widget,
               const char *css_class)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (gtk_widget_has_css_class (child, css_class))
        return child;
      if ((found = find_by_class (child, css_class)) != NULL)
        return found;
    }
  return NULL;
}

static void
test_inspector_select_field (void)
{
  HsSession *session;
  GtkWidget *window, *inspector, *fields, *seq_row = NULL, *hex;

  g_test_summary ("A header field's row activates inspector.select-field, which selects the row and "
                  "highlights the field's bytes");
  if (hs_test_ui_skip (app))
    return;

  session = session_for ("full-connection");
  hs_session_set_position (session, 5);
  hs_session_set_selected_segment (session, hs_session_get_current_segment (session));
  /* a row is activated in a window, where focus can go */
  inspector = g_object_ref_sink (hs_inspector_new ());
  window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (window), inspector);
  hs_inspector_set_session (HS_INSPECTOR (inspector), session);
  g_assert_cmpuint (hs_inspector_get_segment (HS_INSPECTOR (inspector)), !=, HS_TRACE_NONE);

  fields = find_by_class (inspector, "boxed-list");
  hex = find_by_class (inspector, "hex-view");
  g_assert_null (strstr (gtk_label_get_label (GTK_LABEL (hex)), "underline"));
  for (GtkWidget *row = gtk_widget_get_first_child (fields); row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      GVariant *target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (row));

      if (target != NULL && g_variant_get_uint32 (target) == 2)
        seq_row = row;
    }
  g_assert_nonnull (seq_row);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (seq_row)), ==, "inspector.select-field");

  g_signal_emit_by_name (seq_row, "activate");
  g_assert_true (GTK_WIDGET (gtk_list_box_get_selected_row (GTK_LIST_BOX (fields))) == seq_row);
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (hex)), "underline"));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (inspector);
  g_assert_finalize_object (session);
}

static void
test_parameters_profile (void)
{
  HsSession *session;
  GtkWidget *panel;
  AdwComboRow *row;

  g_test_summary ("The parameters panel's profile is a combo row over HsProfileKind's AdwEnumListModel: "
                  "it shows the lesson's profile, names each for people and sets the one chosen");
  if (hs_test_ui_skip (app))
    return;

  session = session_for ("full-connection");
  panel = g_object_ref_sink (g_object_new (HS_TYPE_PARAMETERS_PANEL, "session", session, NULL));
  row = find_enum_combo_row (panel, HS_TYPE_PROFILE_KIND);
  g_assert_nonnull (row);
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (row)), ==, HS_N_PROFILES);
  for (guint i = 0; i < HS_N_PROFILES; i++)
    {
      g_autofree char *label = combo_row_label (row, i);

      g_assert_cmpstr (label, ==, hs_settings_choice_label (HS_TYPE_PROFILE_KIND, i));
    }
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, hs_scenario_get_profile (hs_session_get_scenario (session)));

  adw_combo_row_set_selected (row, HS_PROFILE_RFC);
  wait_for_session (session);
  g_assert_cmpint (hs_scenario_get_profile (hs_session_get_scenario (session)), ==, HS_PROFILE_RFC);
  adw_combo_row_set_selected (row, HS_PROFILE_LINUX);
  wait_for_session (session);
  g_assert_cmpint (hs_scenario_get_profile (hs_session_get_scenario (session)), ==, HS_PROFILE_LINUX);

  g_object_set (panel, "session", NULL, NULL);
  g_assert_finalize_object (panel);
  g_assert_finalize_object (session);
}

/* ------------------------------------------------------------------ */
/* Settings                                                            */

static void
test_settings_enums (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GSettingsSchema) schema = NULL;
  static const struct {
    const char *key;
    GType     (*get_type) (void);
  } keys[] = {
    { "color-scheme", hs_settings_color_scheme_get_type },
    { "diagram-style", hs_settings_diagram_style_get_type },
    { "main-view", hs_settings_main_view_get_type },
    { "panel-page", hs_settings_panel_page_get_type },
    { "profile", hs_profile_kind_get_type },
    { "time-mode", hs_diagram_time_mode_get_type },
  };

  g_test_summary ("Each <enum> key of the schema has the nicks of its C enum, in the order of their values");
  g_object_get (settings, "settings-schema", &schema, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autoptr(GSettingsSchemaKey) key = g_settings_schema_get_key (schema, keys[i].key);
      g_autoptr(GVariant) range = g_settings_schema_key_get_range (key);
      g_autoptr(GEnumClass) klass = g_type_class_ref (keys[i].get_type ());
      g_autoptr(GVariant) nicks = NULL;
      const char *kind;

      g_variant_get (range, "(&sv)", &kind, &nicks);
      g_assert_cmpstr (kind, ==, "enum");
      g_assert_cmpuint (g_variant_n_children (nicks), ==, klass->n_values);
      for (guint v = 0; v < klass->n_values; v++)
        {
          const char *nick = NULL;

          g_variant_get_child (nicks, v, "&s", &nick);
          g_assert_cmpstr (nick, ==, g_enum_get_value (klass, v)->value_nick);
          /* and the value the C code reads is the schema's */
          g_settings_set_string (settings, keys[i].key, nick);
          g_assert_cmpint (g_settings_get_enum (settings, keys[i].key), ==, v);
        }
      g_settings_reset (settings, keys[i].key);
    }
}

static GtkWidget *
find_row (GtkWidget  *widget,
          const char *schema_key)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if ((HS_IS_PREFERENCES_SWITCH (child) &&
           g_strcmp0 (hs_preferences_switch_get_schema_key (HS_PREFERENCES_SWITCH (child)), schema_key) == 0) ||
          (HS_IS_PREFERENCES_COMBO_ROW (child) &&
           g_strcmp0 (hs_preferences_combo_row_get_schema_key (HS_PREFERENCES_COMBO_ROW (child)), schema_key) == 0))
        return child;
      if ((found = find_row (child, schema_key)) != NULL)
        return found;
    }
  return NULL;
}

static void
test_settings_preferences (void)
{
  g_autofree char *time_mode = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GtkWidget *window, *row, *toggle;
  guint notified = 0;

  g_test_summary ("Every preferences row is bound to its key: a key changed elsewhere shows in the row, "
                  "a row changed shows in the key");
  if (hs_test_ui_skip (app))
    return;

  window = g_object_ref (hs_preferences_window_new (NULL));

  /* a switch */
  row = find_row (window, "show-options");
  g_assert_nonnull (row);
  toggle = hs_preferences_switch_get_switch (HS_PREFERENCES_SWITCH (row));
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (toggle)));
  g_settings_set_boolean (settings, "show-options", TRUE);
  iterate_main_context (20);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (toggle)));
  gtk_switch_set_active (GTK_SWITCH (toggle), FALSE);
  iterate_main_context (20);
  g_assert_false (g_settings_get_boolean (settings, "show-options"));

  /* an <enum> key, its choices named for people */
  row = find_row (window, "diagram-style");
  g_assert_nonnull (row);
  g_signal_connect (row, "notify::selected", G_CALLBACK (count_notify_cb), &notified);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (row)), ==, HS_SETTINGS_DIAGRAM_STYLE_AUTO);
  g_settings_set_string (settings, "diagram-style", "print");
  iterate_main_context (20);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (row)), ==, HS_SETTINGS_DIAGRAM_STYLE_PRINT);
  g_assert_cmpuint (notified, ==, 1);
  g_settings_set_string (settings, "diagram-style", "print");
  iterate_main_context (20);
  g_assert_cmpuint (notified, ==, 1);
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), HS_SETTINGS_DIAGRAM_STYLE_HIGH_CONTRAST);
  g_assert_cmpint (g_settings_get_enum (settings, "diagram-style"), ==, HS_SETTINGS_DIAGRAM_STYLE_HIGH_CONTRAST);
  g_assert_cmpstr (hs_settings_choice_label (HS_TYPE_SETTINGS_DIAGRAM_STYLE, HS_SETTINGS_DIAGRAM_STYLE_HIGH_CONTRAST),
                   ==, "High contrast");

  /* a number, as the nearest of the choices */
  row = find_row (window, "playback-speed");
  g_assert_nonnull (row);
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (ADW_COMBO_ROW (row))), ==, 6);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (row)), ==, 2);
  g_settings_set_double (settings, "playback-speed", 2.0);
  iterate_main_context (20);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (row)), ==, 4);
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), 0);
  g_assert_cmpfloat (g_settings_get_double (settings, "playback-speed"), ==, 0.25);
  row = find_row (window, "font-scale");
  g_settings_set_double (settings, "font-scale", 1.3);
  iterate_main_context (20);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (row)), ==, 1);

  /* keys whose choices are the engine's and the diagram's own enums */
  row = find_row (window, "profile");
  g_assert_nonnull (row);
  g_assert_true (adw_enum_list_model_get_enum_type (ADW_ENUM_LIST_MODEL (adw_combo_row_get_model (ADW_COMBO_ROW (row))))
                 == HS_TYPE_PROFILE_KIND);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (row)), ==, HS_PROFILE_LINUX);
  g_settings_set_string (settings, "profile", "rfc");
  iterate_main_context (20);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (row)), ==, HS_PROFILE_RFC);
  g_assert_cmpstr (hs_settings_choice_label (HS_TYPE_PROFILE_KIND, HS_PROFILE_RFC), ==, "RFC");
  row = find_row (window, "time-mode");
  g_assert_nonnull (row);
  g_assert_true (adw_enum_list_model_get_enum_type (ADW_ENUM_LIST_MODEL (adw_combo_row_get_model (ADW_COMBO_ROW (row))))
                 == HS_TYPE_DIAGRAM_TIME_MODE);
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), HS_DIAGRAM_TIME_EVENTS);
  g_assert_cmpint (g_settings_get_enum (settings, "time-mode"), ==, HS_DIAGRAM_TIME_EVENTS);
  time_mode = g_settings_get_string (settings, "time-mode");
  g_assert_cmpstr (time_mode, ==, "events");

  g_settings_reset (settings, "diagram-style");
  g_settings_reset (settings, "playback-speed");
  g_settings_reset (settings, "font-scale");
  g_settings_reset (settings, "profile");
  g_settings_reset (settings, "time-mode");
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static void
test_window_settings (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  HsDiagramView *view = HS_DIAGRAM_VIEW (hs_window_get_diagram_view (f->window));
  HsInspector *inspector = HS_INSPECTOR (hs_window_get_inspector (f->window));
  g_autoptr(GVariant) state = NULL;
  g_autofree char *main_view = NULL;
  g_autofree char *page = NULL;

  g_test_summary ("The window's widgets follow the keys bound to them; win.main-view is the key's action, "
                  "the side panel's page is bound to panel-page");

  g_settings_set_double (settings, "playback-speed", 1.5);
  iterate_main_context (20);
  g_assert_cmpfloat (hs_diagram_view_get_speed (view), ==, 1.5);
  g_settings_set_boolean (settings, "show-absolute-numbers", TRUE);
  iterate_main_context (20);
  g_assert_true (hs_inspector_get_absolute (inspector));

  activate (f, "main-view", g_variant_new_string ("states"));
  iterate_main_context (20);
  main_view = g_settings_get_string (settings, "main-view");
  g_assert_cmpstr (main_view, ==, "states");
  state = g_action_group_get_action_state (G_ACTION_GROUP (f->window), "main-view");
  g_assert_cmpstr (g_variant_get_string (state, NULL), ==, "states");
  g_settings_set_string (settings, "main-view", "diagram");
  iterate_main_context (20);
  g_clear_pointer (&state, g_variant_unref);
  state = g_action_group_get_action_state (G_ACTION_GROUP (f->window), "main-view");
  g_assert_cmpstr (g_variant_get_string (state, NULL), ==, "diagram");

  activate (f, "panel-page", g_variant_new_string ("parameters"));
  iterate_main_context (20);
  page = g_settings_get_string (settings, "panel-page");
  g_assert_cmpstr (page, ==, "parameters");
  g_settings_set_string (settings, "panel-page", "steps");
  iterate_main_context (20);
  g_clear_pointer (&state, g_variant_unref);
  state = g_action_group_get_action_state (G_ACTION_GROUP (f->window), "panel-page");
  g_assert_cmpstr (g_variant_get_string (state, NULL), ==, "steps");

  g_settings_reset (settings, "playback-speed");
  g_settings_reset (settings, "show-absolute-numbers");
  g_settings_reset (settings, "main-view");
  g_settings_reset (settings, "panel-page");
}

static const HsDiagramLayoutOptions *
shown_options (Fixture *f)
{
  HsDiagramView *view = HS_DIAGRAM_VIEW (hs_window_get_diagram_view (f->window));

  g_assert_true (hs_test_iterate_until (layout_follows_session, f, 10000));
  iterate_main_context (20);
  return hs_diagram_layout_get_options (hs_diagram_view_get_layout (view));
}

/* The user's own time mode and options, once the layout for them is in
 * (it is laid out again in the background). */
static gboolean
user_view_shown (gpointer data)
{
  Fixture *f = data;
  HsDiagramView *view = HS_DIAGRAM_VIEW (hs_window_get_diagram_view (f->window));
  HsDiagramLayout *layout = hs_diagram_view_get_layout (view);

  return layout != NULL && !hs_diagram_view_get_laying_out (view) &&
         hs_diagram_layout_get_options (layout)->time_mode == HS_DIAGRAM_TIME_PROPORTIONAL &&
         !hs_diagram_layout_get_options (layout)->show_options;
}

static void
test_window_lesson_view (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GError) error = NULL;

  g_test_summary ("A lesson opens in the time mode and with the options its file names; the user's own "
                  "choice then wins until another lesson opens");

  if (f->window == NULL)
    return;
  g_assert_cmpint (shown_options (f)->time_mode, ==, HS_DIAGRAM_TIME_PROPORTIONAL);

  activate (f, "open-lesson", g_variant_new_string ("sack"));
  g_assert_true (hs_test_iterate_until (session_ready, f->session, 30000));
  g_assert_cmpint (shown_options (f)->time_mode, ==, HS_DIAGRAM_TIME_EVENTS);
  g_assert_true (shown_options (f)->show_options);

  /* a re-simulation is the same lesson */
  g_assert_true (hs_session_set_parameter (f->session, "network.delay=30ms", &error));
  g_assert_no_error (error);
  g_assert_true (hs_test_iterate_until (session_ready, f->session, 30000));
  g_assert_cmpint (shown_options (f)->time_mode, ==, HS_DIAGRAM_TIME_EVENTS);

  /* the user can still change it (a change: the keys may hold these
   * values already) */
  g_settings_set_enum (settings, "time-mode", HS_DIAGRAM_TIME_EVENTS);
  g_settings_set_enum (settings, "time-mode", HS_DIAGRAM_TIME_PROPORTIONAL);
  g_settings_set_boolean (settings, "show-options", TRUE);
  g_settings_set_boolean (settings, "show-options", FALSE);
  g_assert_true (hs_test_iterate_until (user_view_shown, f, 30000));
  g_assert_cmpint (shown_options (f)->time_mode, ==, HS_DIAGRAM_TIME_PROPORTIONAL);
  g_assert_false (shown_options (f)->show_options);

  activate (f, "open-lesson", g_variant_new_string ("zero-window"));
  g_assert_true (hs_test_iterate_until (session_ready, f->session, 30000));
  g_assert_true (shown_options (f)->show_window);
  g_assert_false (shown_options (f)->show_options);

  activate (f, "open-lesson", g_variant_new_string ("fast-retransmit"));
  g_assert_true (hs_test_iterate_until (session_ready, f->session, 30000));
  g_assert_cmpint (shown_options (f)->time_mode, ==, HS_DIAGRAM_TIME_EVENTS);
  g_assert_false (shown_options (f)->show_window);

  activate (f, "open-lesson", g_variant_new_string ("three-way-handshake"));
  g_assert_true (hs_test_iterate_until (session_ready, f->session, 30000));
  g_assert_cmpint (shown_options (f)->time_mode, ==, HS_DIAGRAM_TIME_PROPORTIONAL);

  g_settings_reset (settings, "time-mode");
  g_settings_reset (settings, "show-options");
}

/* ------------------------------------------------------------------ */
/* The current step in view                                            */

static gboolean
view_settled (gpointer data)
{
  Fixture *f = data;

  return hs_window_get_settled (f->window);
}

static gboolean
list_shows_current (gpointer data)
{
  return hs_step_list_get_current_row_visible (data);
}

/* After @what, once the window has settled (one frame at least, for the
 * step list's rows), the current step's box is inside the visible part of
 * the diagram, and the step list shows the current row when it is shown. */
static void
assert_current_in_view (Fixture    *f,
                        const char *what,
                        gboolean    check_list)
{
  HsDiagramView *view = HS_DIAGRAM_VIEW (hs_window_get_diagram_view (f->window));
  GtkWidget *list = hs_test_find_widget (GTK_WIDGET (f->window), HS_TYPE_STEP_LIST);
  graphene_rect_t box, visible;

  g_assert_true (hs_test_iterate_until (view_settled, f, 10000));
  /* the list scrolls to a row it has not made yet in a frame or two */
  if (check_list && list != NULL && gtk_widget_get_mapped (list))
    hs_test_iterate_until (list_shows_current, list, 1000);
  g_assert_true (hs_diagram_view_get_current_box (view, &box, &visible));
  /* taller than the view: it fills the view from its top */
  if (box.size.height > visible.size.height &&
      box.origin.y <= visible.origin.y + 4.5 && box.origin.y >= visible.origin.y - 0.5 &&
      box.origin.y + box.size.height >= visible.origin.y + visible.size.height)
    box.size.height = visible.origin.y + visible.size.height - box.origin.y;
  if (box.origin.y < visible.origin.y - 0.5 ||
      box.origin.y + box.size.height > visible.origin.y + visible.size.height + 0.5 ||
      box.origin.x < visible.origin.x - 0.5 ||
      box.origin.x + box.size.width > visible.origin.x + visible.size.width + 0.5)
    g_error ("%s, %s at position %u: the current step's box %g,%g %gx%g is not inside the visible %g,%g %gx%g",
             hs_trace_get_title (hs_session_get_trace (f->session)), what, hs_session_get_position (f->session),
             box.origin.x, box.origin.y, box.size.width, box.size.height,
             visible.origin.x, visible.origin.y, visible.size.width, visible.size.height);
  if (check_list && list != NULL && gtk_widget_get_mapped (list))
    {
      if (!hs_step_list_get_current_row_visible (HS_STEP_LIST (list)))
        g_error ("%s, %s at position %u: the step list does not show the current row",
                 hs_trace_get_title (hs_session_get_trace (f->session)), what, hs_session_get_position (f->session));
    }
}

/* Every operation of issue 13's first point, at step @position. */
static void
check_operations (Fixture   *f,
                  GSettings *settings,
                  guint      position)
{
  hs_session_set_position (f->session, position);
  assert_current_in_view (f, "a jump", TRUE);

  activate (f, "presentation", NULL);
  assert_current_in_view (f, "entering presentation mode", FALSE);
  activate (f, "presentation", NULL);
  assert_current_in_view (f, "leaving presentation mode", TRUE);

  g_settings_set_enum (settings, "time-mode", HS_DIAGRAM_TIME_EVENTS);
  assert_current_in_view (f, "one row per event", FALSE);
  g_settings_set_enum (settings, "time-mode", HS_DIAGRAM_TIME_PROPORTIONAL);
  assert_current_in_view (f, "time to scale", FALSE);
  g_settings_set_enum (settings, "diagram-style", HS_SETTINGS_DIAGRAM_STYLE_HIGH_CONTRAST);
  g_settings_set_double (settings, "font-scale", 1.5);
  assert_current_in_view (f, "a larger font", FALSE);
  g_settings_reset (settings, "diagram-style");
  g_settings_reset (settings, "font-scale");

  gtk_window_set_default_size (GTK_WINDOW (f->window), 1024, 700);
  assert_current_in_view (f, "a resize to 1024x700", TRUE);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1500, 950);
  assert_current_in_view (f, "a resize to 1500x950", TRUE);

  activate (f, "show-panel", NULL);
  assert_current_in_view (f, "hiding the panel", FALSE);
  activate (f, "show-panel", NULL);
  assert_current_in_view (f, "showing the panel", TRUE);
}

static gboolean
session_has_expected_path (gpointer data)
{
  return g_strcmp0 (hs_session_get_path (data), g_object_get_data (data, "expected-path")) == 0 &&
         !hs_session_get_simulating (data);
}

static void
test_window_current_in_view (Fixture       *f,
                             gconstpointer  data)
{
  g_auto(GStrv) lessons = hs_scenario_list_builtin ();
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  const char *captures[] = { "syn-lost.pcap", "simultaneous-open.pcap" };
  g_autoptr(GError) error = NULL;

  g_test_summary ("Whatever changes what the window shows — a lesson or a file opened, any step, presentation "
                  "mode, time mode, style, size, the panel, a re-simulation — the current step's segment and "
                  "label are in the visible part of the diagram and the step list shows its row");

  if (f->window == NULL)
    return;
  /* no glide: the view is where it goes at once */
  g_object_set (gtk_widget_get_settings (GTK_WIDGET (f->window)), "gtk-enable-animations", FALSE, NULL);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1500, 950);

  for (guint i = 0; lessons[i] != NULL; i++)
    {
      guint n;

      activate (f, "open-lesson", g_variant_new_string (lessons[i]));
      g_assert_true (hs_test_iterate_until (session_ready, f->session, 30000));
      assert_current_in_view (f, "opening the lesson", TRUE);
      n = hs_session_get_n_steps (f->session);
      for (guint p = 1; p <= n; p++)
        {
          activate (f, "step-forward", NULL);
          assert_current_in_view (f, "a step forward", p == n / 2);
        }
      activate (f, "go-start", NULL);
      assert_current_in_view (f, "go to the start", TRUE);
      activate (f, "go-end", NULL);
      assert_current_in_view (f, "go to the end", TRUE);
      activate (f, "step-back", NULL);
      assert_current_in_view (f, "a step back", TRUE);
      check_operations (f, settings, n / 2);
    }

  /* a re-simulation keeps the playhead on its step */
  hs_session_set_position (f->session, hs_session_get_n_steps (f->session) / 3);
  g_assert_true (hs_session_set_parameter (f->session, "network.delay=80ms", &error));
  g_assert_no_error (error);
  g_assert_true (hs_test_iterate_until (session_ready, f->session, 30000));
  assert_current_in_view (f, "a re-simulation", TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (captures); i++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "captures", captures[i], NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      guint n;

      hs_window_open_file (f->window, file);
      /* read in a thread */
      g_object_set_data_full (G_OBJECT (f->session), "expected-path", g_strdup (path), g_free);
      g_assert_true (hs_test_iterate_until (session_has_expected_path, f->session, 30000));
      assert_current_in_view (f, "opening the capture", TRUE);
      n = hs_session_get_n_steps (f->session);
      for (guint p = 1; p <= n; p++)
        {
          activate (f, "step-forward", NULL);
          assert_current_in_view (f, "a step forward", p == n / 2);
        }
      check_operations (f, settings, n / 2);
    }
  g_object_set (gtk_widget_get_settings (GTK_WIDGET (f->window)), "gtk-enable-animations", TRUE, NULL);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  hs_test_ui_init (&argc, &argv);

  g_test_add_func ("/ui/session/load", test_session_load);
  g_test_add_func ("/ui/session/step", test_session_step);
  g_test_add_func ("/ui/session/drop-spec", test_session_drop_spec);
  g_test_add_func ("/ui/session/lose", test_session_lose);
  g_test_add_func ("/ui/session/restore-lesson-drop", test_session_restore_lesson_drop);
  g_test_add_func ("/ui/session/parameter", test_session_parameter);
  g_test_add_func ("/ui/session/lesson-data", test_session_lesson_data);
  g_test_add_func ("/ui/session/async", test_session_async);
  g_test_add_func ("/ui/session/cancel", test_session_cancel);
  g_test_add_func ("/ui/session/cancel-first", test_session_cancel_first);
  g_test_add_func ("/ui/session/supersede", test_session_supersede);
  g_test_add_func ("/ui/session/max-steps", test_session_max_steps);
  g_test_add_func ("/ui/state-machine/geometry", test_state_machine_geometry);
  g_test_add_func ("/ui/state-machine/draw", test_state_machine_draw);
  g_test_add_func ("/ui/export/formats", test_export_formats);
  g_test_add_func ("/ui/application/help", test_application_help);
  g_test_add_func ("/ui/settings/enums", test_settings_enums);
  g_test_add_func ("/ui/settings/preferences", test_settings_preferences);

#define WINDOW_TEST(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  WINDOW_TEST ("/ui/window/open", test_window_open);
  WINDOW_TEST ("/ui/window/step", test_window_step);
  WINDOW_TEST ("/ui/window/jump", test_window_jump);
  WINDOW_TEST ("/ui/window/play", test_window_play);
  WINDOW_TEST ("/ui/window/animation", test_window_animation);
  WINDOW_TEST ("/ui/window/lesson", test_window_lesson);
  WINDOW_TEST ("/ui/window/lose-segment", test_window_lose_segment);
  WINDOW_TEST ("/ui/window/export", test_window_export);
  WINDOW_TEST ("/ui/window/export-dialog", test_window_export_dialog);
  WINDOW_TEST ("/ui/window/presentation", test_window_presentation);
  WINDOW_TEST ("/ui/window/presentation-runs", test_window_presentation_runs);
  WINDOW_TEST ("/ui/window/states", test_window_states);
  WINDOW_TEST ("/ui/window/inspect", test_window_inspect);
  WINDOW_TEST ("/ui/window/drop-file", test_window_drop_file);
  WINDOW_TEST ("/ui/window/long-trace", test_window_long_trace);
  WINDOW_TEST ("/ui/window/long-trace-head", test_window_long_trace_head);
  WINDOW_TEST ("/ui/window/simulation-cancel", test_window_simulation_cancel);
  WINDOW_TEST ("/ui/window/simulation-supersede", test_window_simulation_supersede);
  WINDOW_TEST ("/ui/window/truncated", test_window_truncated);
  WINDOW_TEST ("/ui/window/layout-cancel", test_window_layout_cancel);
  WINDOW_TEST ("/ui/window/settings", test_window_settings);
  WINDOW_TEST ("/ui/window/current-in-view", test_window_current_in_view);
  WINDOW_TEST ("/ui/window/lesson-view", test_window_lesson_view);
  g_test_add_func ("/ui/window/cancel-first", test_window_cancel_first);
#undef WINDOW_TEST

  /* each widget that follows a session, the same test */
  g_test_add_data_func ("/ui/widget/session/diagram-view", GSIZE_TO_POINTER (HS_TYPE_DIAGRAM_VIEW), test_widget_session);
  g_test_add_data_func ("/ui/widget/session/inspector", GSIZE_TO_POINTER (HS_TYPE_INSPECTOR), test_widget_session);
  g_test_add_data_func ("/ui/widget/session/parameters-panel", GSIZE_TO_POINTER (HS_TYPE_PARAMETERS_PANEL),
                        test_widget_session);
  g_test_add_data_func ("/ui/widget/session/state-machine-view", GSIZE_TO_POINTER (HS_TYPE_STATE_MACHINE_VIEW),
                        test_widget_session);
  g_test_add_data_func ("/ui/widget/session/step-list", GSIZE_TO_POINTER (HS_TYPE_STEP_LIST), test_widget_session);
  g_test_add_func ("/ui/widget/inspector/select-field", test_inspector_select_field);
  g_test_add_func ("/ui/widget/parameters-panel/profile", test_parameters_profile);

  app = hs_test_ui_app_new ();

  status = g_test_run ();

  g_clear_object (&app);
  return status;
}
