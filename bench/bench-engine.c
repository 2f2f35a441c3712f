/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-engine.c: how fast the engine simulates a bulk transfer, and what
 * its trace costs per segment. One configuration per run, so that the peak
 * resident size belongs to that configuration alone; the speed is the
 * median of RUNS runs. Prints
 * "CONFIG: segments_per_second=N peak_rss_kib=N trace_bytes_per_segment=N". */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "bench-common.h"
#include "hs-scenario.h"
#include "hs-simulator.h"

#define RUNS 3

int
main (int   argc,
      char *argv[])
{
  g_autoptr(HsScenario) scenario = NULL;
  g_autoptr(HsTrace) trace = NULL;
  g_autoptr(GError) error = NULL;
  guint64 bytes;
  double loss;
  gint64 start, end;
  guint n_segments, n_steps, n_snapshots, n_data = 0;
  double seconds, trace_bytes;
  double run_seconds[RUNS];

  if (argc != 4)
    {
      g_printerr ("usage: %s NAME BYTES LOSS\n", argv[0]);
      return EXIT_FAILURE;
    }
  bytes = g_ascii_strtoull (argv[2], NULL, 10);
  loss = g_ascii_strtod (argv[3], NULL);

  scenario = bench_bulk_scenario (bytes, &error);
  if (scenario == NULL)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  if (loss > 0)
    {
      g_autofree char *set = g_strdup_printf ("network.loss=%g", loss);

      if (!hs_scenario_set (scenario, set, &error))
        {
          g_printerr ("%s\n", error->message);
          return EXIT_FAILURE;
        }
    }

  /* The median of a few runs, as one run on a shared machine can be
   * slowed by whatever else its host does; each run's trace is freed
   * before the next, so the peak is one run's. */
  for (guint r = 0; r < RUNS; r++)
    {
      g_clear_object (&trace);
      start = g_get_monotonic_time ();
      trace = hs_simulator_run (scenario, &error);
      end = g_get_monotonic_time ();
      if (trace == NULL)
        {
          g_printerr ("%s\n", error->message);
          return EXIT_FAILURE;
        }
      run_seconds[r] = (end - start) / 1e6;
    }
  qsort (run_seconds, RUNS, sizeof run_seconds[0], bench_compare_doubles);

  n_segments = hs_trace_get_n_segments (trace);
  n_steps = hs_trace_get_n_steps (trace);
  n_snapshots = hs_trace_get_n_snapshots (trace);
  seconds = run_seconds[RUNS / 2];
  /* everything the trace holds: segments, steps and TCB snapshots as
   * stored, with their indexes */
  trace_bytes = (double) hs_trace_get_memory_size (trace);

  /* ns-3's figure counts data segments only */
  for (guint i = 0; i < n_segments; i++)
    {
      HsTraceSegment segment;

      hs_trace_read_segment (trace, i, &segment);
      if (segment.len > 0)
        n_data++;
    }

  g_print ("%s: segments_per_second=%.0f peak_rss_kib=%ld trace_bytes_per_segment=%.0f "
           "data_segments_per_second=%.0f segments=%u data_segments=%u steps=%u snapshots=%u "
           "runs=%u seconds=%.3f seconds_min=%.3f seconds_max=%.3f\n",
           argv[1], n_segments / MAX (seconds, 1e-9), bench_peak_rss_kib (),
           trace_bytes / MAX (n_segments, 1), n_data / MAX (seconds, 1e-9),
           n_segments, n_data, n_steps, n_snapshots,
           RUNS, seconds, run_seconds[0], run_seconds[RUNS - 1]);
  return EXIT_SUCCESS;
}
