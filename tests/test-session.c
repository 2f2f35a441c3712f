/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-session.c: the session layer on its own. This program links
 * hs_session_dep and nothing else, so it builds only while the session
 * needs no GTK, cairo or Pango; the session's behaviour in full is tested
 * in test-ui.c, beside the widgets that follow it. */

#include "config.h"

#include <glib.h>

#include "hs-error.h"
#include "hs-scenario.h"
#include "hs-session.h"

static void
wait_for_session (HsSession *session)
{
  while (hs_session_get_simulating (session))
    g_main_context_iteration (NULL, TRUE);
}

static void
load (HsSession  *session,
      const char *lesson)
{
  g_autoptr(HsScenario) scenario = NULL;
  g_autoptr(GError) error = NULL;

  scenario = hs_scenario_new_builtin (lesson, &error);
  g_assert_no_error (error);
  g_assert_true (hs_session_load (session, scenario, NULL, &error));
  g_assert_no_error (error);
}

static void
test_session_headless (void)
{
  HsSession *session = hs_session_new ();
  g_autoptr(GError) error = NULL;
  HsTrace *trace;
  guint n_steps;

  g_test_summary ("With no GTK linked, a session simulates a lesson in its thread, steps, "
                  "loses and restores a segment, and is finalized after use");

  load (session, "three-way-handshake");
  g_assert_true (hs_session_get_simulating (session));
  wait_for_session (session);
  trace = hs_session_get_trace (session);
  g_assert_nonnull (trace);
  n_steps = hs_session_get_n_steps (session);
  g_assert_cmpuint (n_steps, >, 3);

  g_assert_true (hs_session_step_forward (session));
  g_assert_cmpuint (hs_session_get_position (session), ==, 1);
  hs_session_set_position (session, n_steps);
  g_assert_false (hs_session_step_forward (session));

  /* the client's SYN */
  g_assert_true (hs_session_lose_segment (session, 0, &error));
  g_assert_no_error (error);
  wait_for_session (session);
  g_assert_true (hs_session_get_modified (session));
  g_assert_cmpint (hs_trace_get_segment (hs_session_get_trace (session), 0)->fate, ==, HS_FATE_LOST);
  g_assert_true (hs_session_restore_segment (session, 0, &error));
  g_assert_no_error (error);
  wait_for_session (session);
  g_assert_false (hs_session_get_modified (session));

  g_assert_finalize_object (session);
}

static void
test_session_given_up (void)
{
  HsSession *session = hs_session_new ();

  g_test_summary ("A session given up while it simulates is finalized at once; the thread's "
                  "result is dropped");

  load (session, "full-connection");
  g_assert_true (hs_session_get_simulating (session));
  g_assert_finalize_object (session);
  /* let the thread's result come back to nobody */
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/session/headless", test_session_headless);
  g_test_add_func ("/session/given-up", test_session_given_up);

  return g_test_run ();
}
