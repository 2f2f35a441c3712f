/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-simulator.c: a run's limits as a user meets them: the step limit
 * that cuts a never-ending lesson short and says so, cancelling a long
 * run, and the progress a long run reports. */

#define G_LOG_DOMAIN "test-simulator"

#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "hs-scenario.h"
#include "hs-simulator.h"
#include "hs-trace.h"

/* A transfer long enough to take tens of thousands of steps. */
static HsScenario *
bulk_scenario (guint64 bytes)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data =
    g_strdup_printf ("[Lesson]\n"
                     "Title=Bulk\n"
                     "[Client]\n"
                     "Script=connect; send %" G_GUINT64_FORMAT "; close\n"
                     "[Server]\n"
                     "Script=listen; wait-for %" G_GUINT64_FORMAT " bytes; close\n"
                     "[Network]\n"
                     "Delay=1ms\n",
                     bytes, bytes);
  HsScenario *scenario = hs_scenario_new_from_data ("bulk", "bulk.lesson", data, strlen (data), &error);

  g_assert_no_error (error);
  g_assert_nonnull (scenario);
  return scenario;
}

static void
test_step_limit (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsScenario) scenario = hs_scenario_new_builtin ("full-connection", &error);
  g_autoptr(HsTrace) whole = NULL;
  g_autoptr(HsTrace) cut = NULL;
  guint64 max_steps = 0;
  HsTime at = -1;

  g_test_summary ("A run that reaches the step limit stops there and the trace "
                  "says which limit it hit and the simulated time reached");

  g_assert_no_error (error);
  whole = hs_simulator_run (scenario, &error);
  g_assert_no_error (error);
  g_assert_false (hs_simulator_trace_is_truncated (whole, NULL, NULL));

  cut = hs_simulator_run_full (scenario, 20, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (hs_simulator_trace_is_truncated (cut, &max_steps, &at));
  g_assert_cmpuint (max_steps, ==, 20);
  g_assert_cmpuint (hs_trace_get_n_steps (cut), >=, 20);
  g_assert_cmpuint (hs_trace_get_n_steps (cut), <, hs_trace_get_n_steps (whole));
  /* The time reached is that of the last step kept. */
  g_assert_cmpint (at, ==, hs_trace_get_step (cut, hs_trace_get_n_steps (cut) - 1)->time);
  g_assert_cmpstr (hs_trace_get_parameter (cut, "truncated"), ==, "steps");
}

static void
test_step_limit_compare (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsScenario) scenario = hs_scenario_new_builtin ("tcp-vs-udp", &error);
  g_autoptr(HsTrace) cut = NULL;

  g_test_summary ("A TCP-against-UDP lesson cut short in either run is marked cut short");

  g_assert_no_error (error);
  cut = hs_simulator_run_full (scenario, 30, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (hs_simulator_trace_is_truncated (cut, NULL, NULL));
}

typedef struct
{
  GCancellable *cancellable;
  guint         calls;
  guint64       last_steps;
  HsTime        last_now;
  gboolean      monotonic;
} ProgressLog;

static void
progress_cb (const HsSimulatorProgress *progress,
             gpointer                   user_data)
{
  ProgressLog *log = user_data;

  if (progress->n_steps < log->last_steps || progress->now < log->last_now)
    log->monotonic = FALSE;
  g_assert_cmpuint (progress->max_steps, ==, HS_SIMULATOR_MAX_STEPS);
  log->last_steps = progress->n_steps;
  log->last_now = progress->now;
  log->calls++;
  if (log->cancellable != NULL && log->calls == 2)
    g_cancellable_cancel (log->cancellable);
}

static void
test_progress (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsScenario) scenario = bulk_scenario (20 * 1000 * 1000);
  g_autoptr(HsTrace) trace = NULL;
  ProgressLog log = { .monotonic = TRUE };

  g_test_summary ("A long run reports its progress, in steps and simulated time, "
                  "never going back");

  trace = hs_simulator_run_full (scenario, 0, NULL, progress_cb, &log, &error);
  g_assert_no_error (error);
  g_assert_nonnull (trace);
  g_assert_cmpuint (log.calls, >=, 2);
  g_assert_true (log.monotonic);
  g_assert_cmpuint (log.last_steps, <=, hs_trace_get_n_steps (trace));
  g_assert_cmpint (log.last_now, >, 0);
}

static void
test_cancel (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsScenario) scenario = bulk_scenario (20 * 1000 * 1000);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  HsTrace *trace;
  ProgressLog log = { .monotonic = TRUE, .cancellable = cancellable };

  g_test_summary ("Cancelling a run stops it soon, with a cancelled error and no trace");

  trace = hs_simulator_run_full (scenario, 0, cancellable, progress_cb, &log, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (trace);
  /* It stopped at the first look after the cancel, not at the end. */
  g_assert_cmpuint (log.calls, ==, 2);

  /* Already cancelled: nothing runs at all. */
  g_clear_error (&error);
  log.calls = 0;
  trace = hs_simulator_run_full (scenario, 0, cancellable, progress_cb, &log, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (trace);
  g_assert_cmpuint (log.calls, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/engine/simulator/step-limit", test_step_limit);
  g_test_add_func ("/engine/simulator/step-limit-compare", test_step_limit_compare);
  g_test_add_func ("/engine/simulator/progress", test_progress);
  g_test_add_func ("/engine/simulator/cancel", test_cancel);

  return g_test_run ();
}
