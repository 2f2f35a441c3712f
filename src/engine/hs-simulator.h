/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-simulator.h: runs a lesson on the virtual clock and records its trace. */

#pragma once

#include <gio/gio.h>

#include "hs-scenario.h"
#include "hs-trace.h"

G_BEGIN_DECLS

/* Simulation stops at the lesson's duration, or when nothing is left to
 * happen, or after this many steps (a lesson that never ends). A trace cut
 * by the limit carries the parameters "truncated" = "steps",
 * "truncated.max_steps" and "truncated.at_us" (the simulated time reached),
 * and every exporter marks it. */
#define HS_SIMULATOR_MAX_STEPS 4000000

/* How far a run has come, for a progress display. */
typedef struct
{
  HsTime  now;        /* simulated time reached, in µs */
  HsTime  duration;   /* the lesson's Duration, or 0 when it has none */
  guint64 n_steps;    /* steps recorded so far */
  guint64 max_steps;  /* the step limit in force */
} HsSimulatorProgress;

/* Called from the thread that runs the simulation, every few tens of
 * thousands of steps. */
typedef void (*HsSimulatorProgressFunc) (const HsSimulatorProgress *progress,
                                         gpointer                   user_data);

/* Runs @scenario from time 0 and returns its trace. The same scenario (with
 * the same seed) always gives the same trace. Fails only when the lesson
 * cannot be run at all (its script asks for the impossible). */
HsTrace *hs_simulator_run      (HsScenario               *scenario,
                                GError                  **error);

/* The same, with a step limit (0: HS_SIMULATOR_MAX_STEPS), a way to stop
 * (@cancellable: the run fails with G_IO_ERROR_CANCELLED and returns no
 * trace) and a progress callback. Safe to call from a worker thread: the
 * scenario is only read. */
HsTrace *hs_simulator_run_full (HsScenario               *scenario,
                                guint64                   max_steps,
                                GCancellable             *cancellable,
                                HsSimulatorProgressFunc   progress,
                                gpointer                  progress_data,
                                GError                  **error);

/* TRUE when @trace was cut short by the step limit; then @max_steps and
 * @at (simulated µs) say where. */
gboolean hs_simulator_trace_is_truncated (HsTrace  *trace,
                                          guint64  *max_steps,
                                          HsTime   *at);

G_END_DECLS
