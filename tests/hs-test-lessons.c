/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-test-lessons.c: a built-in lesson's trace (hs-test-lessons.h). */

#include "config.h"

#include "hs-test-lessons.h"

#include "hs-scenario.h"
#include "hs-simulator.h"

HsTrace *
hs_test_run_lesson (const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsScenario) scenario = hs_scenario_new_builtin (id, &error);
  HsTrace *trace;

  g_assert_no_error (error);
  trace = hs_simulator_run (scenario, &error);
  g_assert_no_error (error);
  g_assert_nonnull (trace);
  return trace;
}
