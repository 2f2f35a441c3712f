/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-ns3.c: the engine against ns-3 on the same bulk transfer, in the
 * same run (issue target: the engine, keeping its full trace, at least
 * 40 times faster than ns-3's BulkSend -> PacketSink without one). Runs
 * the peer program (ns3-bulk.cc, built when ns-3 is installed) once and
 * the engine three times (the median), and prints
 * "NAME: engine_seconds=S ns3_seconds=S ratio=R ...". Exits 77 (skipped)
 * without the peer. */

#include "config.h"

#include <stdlib.h>

#include <gio/gio.h>

#include "bench-common.h"
#include "hs-simulator.h"

#define RUNS 3

/* The number after "@key=" in the peer's line, or -1. */
static double
field (const char *line,
       const char *key)
{
  g_autofree char *needle = g_strconcat (key, "=", NULL);
  const char *at = strstr (line, needle);

  return at != NULL ? g_ascii_strtod (at + strlen (needle), NULL) : -1;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(HsScenario) scenario = NULL;
  g_autoptr(HsTrace) trace = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) peer = NULL;
  g_autofree char *peer_out = NULL;
  g_autofree char *bytes_arg = NULL;
  double run_seconds[RUNS];
  double ns3_seconds, ns3_bytes, engine_seconds;
  guint64 bytes;

  if (argc != 4)
    {
      g_printerr ("usage: %s NAME BYTES NS3_PROGRAM\n", argv[0]);
      return EXIT_FAILURE;
    }
  bytes = g_ascii_strtoull (argv[2], NULL, 10);
  if (*argv[3] == '\0')
    {
      g_print ("%s: skipped: ns-3 is not installed (apt-get install libns3-dev g++, then "
               "configure the build again)\n", argv[1]);
      return 77;
    }

  /* the peer first: its time is the longer, and its memory is freed
   * before the engine's runs */
  bytes_arg = g_strdup_printf ("--maxBytes=%" G_GUINT64_FORMAT, bytes);
  peer = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, argv[3], bytes_arg, NULL);
  if (peer == NULL || !g_subprocess_communicate_utf8 (peer, NULL, NULL, &peer_out, NULL, &error))
    {
      g_printerr ("%s: %s\n", argv[3], error->message);
      return EXIT_FAILURE;
    }
  if (!g_subprocess_get_successful (peer))
    {
      g_printerr ("%s failed\n", argv[3]);
      return EXIT_FAILURE;
    }
  ns3_seconds = field (peer_out, "seconds");
  ns3_bytes = field (peer_out, "bytes");
  if (ns3_seconds <= 0 || ns3_bytes != (double) bytes)
    {
      g_printerr ("%s: did not deliver %" G_GUINT64_FORMAT " bytes: %s\n", argv[3], bytes, peer_out);
      return EXIT_FAILURE;
    }

  scenario = bench_bulk_scenario (bytes, &error);
  if (scenario == NULL)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  for (guint r = 0; r < RUNS; r++)
    {
      gint64 start;

      g_clear_object (&trace);
      start = g_get_monotonic_time ();
      trace = hs_simulator_run (scenario, &error);
      if (trace == NULL)
        {
          g_printerr ("%s\n", error->message);
          return EXIT_FAILURE;
        }
      run_seconds[r] = (g_get_monotonic_time () - start) / 1e6;
    }
  qsort (run_seconds, RUNS, sizeof run_seconds[0], bench_compare_doubles);
  engine_seconds = run_seconds[RUNS / 2];

  g_print ("%s: engine_seconds=%.3f ns3_seconds=%.3f ratio=%.1f engine_segments=%u "
           "engine_trace_bytes_per_segment=%.0f engine_runs=%u (ns-3 3.37 BulkSend to PacketSink, "
           "no trace; the engine keeps its full trace)\n",
           argv[1], engine_seconds, ns3_seconds, ns3_seconds / MAX (engine_seconds, 1e-9),
           hs_trace_get_n_segments (trace),
           (double) hs_trace_get_memory_size (trace) / MAX (hs_trace_get_n_segments (trace), 1), RUNS);
  return EXIT_SUCCESS;
}
