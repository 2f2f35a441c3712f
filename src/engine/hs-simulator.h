/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-simulator.h: runs a lesson on the virtual clock and records its trace. */

#pragma once

#include "hs-scenario.h"
#include "hs-trace.h"

G_BEGIN_DECLS

/* Simulation stops at the lesson's duration, or when nothing is left to
 * happen, or after this many steps (a lesson that never ends). */
#define HS_SIMULATOR_MAX_STEPS 4000000

/* Runs @scenario from time 0 and returns its trace. The same scenario (with
 * the same seed) always gives the same trace. Fails only when the lesson
 * cannot be run at all (its script asks for the impossible). */
HsTrace *hs_simulator_run (HsScenario  *scenario,
                           GError     **error);

G_END_DECLS
