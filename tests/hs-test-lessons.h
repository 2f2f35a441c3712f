/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-test-lessons.h: a built-in lesson run as a teacher opens it, for the
 * tests that read its trace. */

#pragma once

#include "hs-trace.h"

G_BEGIN_DECLS

/* The trace of built-in lesson @id with its own parameters and profile;
 * the test fails when it does not load or run. */
HsTrace *hs_test_run_lesson (const char *id);

G_END_DECLS
