/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-common.h: what several benchmarks measure alike. */

#pragma once

#include "hs-scenario.h"

G_BEGIN_DECLS

/* For qsort() of doubles, smallest first: the runs whose median is shown. */
int         bench_compare_doubles (const void *a,
                                   const void *b);

/* The peak resident size of this program, in KiB. */
long        bench_peak_rss_kib   (void);

/* The bulk transfer the engine figures are for: @bytes over a 1 Gbit/s
 * path with 1 ms of delay, buffers large enough that the window does not
 * limit it. */
HsScenario *bench_bulk_scenario  (guint64   bytes,
                                  GError  **error);

G_END_DECLS
