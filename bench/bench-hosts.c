/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-hosts.c: what a lesson with several sockets costs the engine per
 * segment: a server with N parallel clients of B bytes each, beside one
 * bulk connection of the same N × B bytes over the same network. Each is
 * run again until it has taken a second, so that a small lesson gives a
 * steady figure. Prints
 * "NAME: segments_per_second=N bulk_segments_per_second=N cost_ratio=R …",
 * cost_ratio being the engine's time per segment against the bulk's.
 *
 * N is at most 15: a trace holds HS_TRACE_MAX_ENDPOINTS (32) endpoints,
 * and each client takes two (its socket and the server's child for it).
 * Issue 19 asks for 1,000 clients: that needs trace endpoints wider than
 * the 8 bits HsTraceSegment and HsTraceStep give them. */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "bench-common.h"
#include "hs-scenario.h"
#include "hs-simulator.h"

static HsScenario *
parallel_scenario (guint     clients,
                   guint64   bytes,
                   GError  **error)
{
  g_autoptr(GString) data = g_string_new ("[Lesson]\nTitle=Parallel\n");

  for (guint i = 1; i <= clients; i++)
    {
      if (i == 1)
        g_string_append (data, "[Client]\n");
      else
        g_string_append_printf (data, "[Client %u]\n", i);
      g_string_append_printf (data, "Script=wait %uus; connect; send %" G_GUINT64_FORMAT "; shutdown; wait-for eof; close\n",
                              i * 10, bytes);
    }
  g_string_append_printf (data,
                          "[Server]\n"
                          "Script=listen backlog=64; accept; wait-for %" G_GUINT64_FORMAT " bytes; close\n"
                          "[Network]\nDelay=1ms\nBandwidth=1Gbit\n",
                          bytes);
  return hs_scenario_new_from_data ("parallel", "parallel.lesson", data->str, data->len, error);
}

/* Runs @scenario until a second has passed; the segments simulated per
 * second, and the segments of one run. */
static double
measure (HsScenario *scenario,
         guint      *n_segments,
         guint      *n_endpoints)
{
  guint64 total = 0;
  gint64 start = g_get_monotonic_time ();
  gint64 now;

  do
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HsTrace) trace = hs_simulator_run (scenario, &error);

      if (trace == NULL)
        g_error ("%s", error->message);
      *n_segments = hs_trace_get_n_segments (trace);
      *n_endpoints = hs_trace_get_n_endpoints (trace);
      total += *n_segments;
      now = g_get_monotonic_time ();
    }
  while (now - start < G_USEC_PER_SEC);
  return total / ((now - start) / 1e6);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(HsScenario) parallel = NULL;
  g_autoptr(HsScenario) bulk = NULL;
  g_autoptr(GError) error = NULL;
  guint64 clients, bytes;
  guint n_segments, n_bulk_segments, n_endpoints, n_bulk_endpoints;
  double rate, bulk_rate;

  if (argc != 4 || !g_ascii_string_to_unsigned (argv[2], 10, 1, 15, &clients, NULL) ||
      !g_ascii_string_to_unsigned (argv[3], 10, 1, G_MAXUINT32, &bytes, NULL))
    {
      g_printerr ("usage: %s NAME CLIENTS(1-15) BYTES-EACH\n", argv[0]);
      return EXIT_FAILURE;
    }
  parallel = parallel_scenario (clients, bytes, &error);
  if (parallel != NULL)
    bulk = bench_bulk_scenario (clients * bytes, &error);
  if (bulk == NULL)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  rate = measure (parallel, &n_segments, &n_endpoints);
  bulk_rate = measure (bulk, &n_bulk_segments, &n_bulk_endpoints);
  g_print ("%s: segments_per_second=%.0f bulk_segments_per_second=%.0f cost_ratio=%.2f "
           "segments=%u endpoints=%u bulk_segments=%u peak_rss_kib=%ld\n",
           argv[1], rate, bulk_rate, bulk_rate / MAX (rate, 1e-9),
           n_segments, n_endpoints, n_bulk_segments, bench_peak_rss_kib ());
  return EXIT_SUCCESS;
}
