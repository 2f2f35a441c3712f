/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-plot.c: what the congestion and time-sequence plots cost for bulk
 * transfers of about 1,000 and 1,000,000 segments: building their series
 * and summary, drawing a 1920x1080 frame of the whole trace (issue 14:
 * within 2x of the 1k figure), the summary's bytes per segment (at most
 * 16) and the process's peak memory (which grows: the 1M lines include
 * the simulations before them). Times are the process's CPU time. One
 * line per measurement: "NAME: key=value ...". */

#include "config.h"

#include <stdio.h>
#include <time.h>

#include <glib.h>
#include <cairo.h>

#include "bench-common.h"
#include "hs-plot-data.h"
#include "hs-plot-renderer.h"
#include "hs-simulator.h"

#define VIEW_W 1920
#define VIEW_H 1080
#define FRAMES 20
#define MSS    1448

/* CPU time of this process: the machine is shared, and other programs'
 * load should not count in a ratio of two frames. */
static double
now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/* The mean frame time of @kind's plot of @trace, in ms, printed with the
 * build time, the peak memory so far and the summary's size. */
static double
measure (HsTrace    *trace,
         const char *size,
         HsPlotKind  kind)
{
  g_autoptr(HsPlotData) data = NULL;
  cairo_surface_t *surface;
  HsPlotRenderOptions o;
  double t0, build_ms, frame_ms;
  guint n_steps = hs_trace_get_n_steps (trace);
  guint n_segments = hs_trace_get_n_segments (trace);

  t0 = now_ms ();
  data = hs_plot_data_new_full (trace, kind, HS_TRACE_NONE, HS_PLOT_DATA_SOLE_READER);
  build_ms = now_ms () - t0;

  hs_plot_render_options_init (&o);
  o.width = VIEW_W;
  o.height = VIEW_H;
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, VIEW_W, VIEW_H);
  /* one frame to warm the caches, then the cursor across the trace */
  t0 = 0;
  for (guint f = 0; f <= FRAMES; f++)
    {
      cairo_t *cr = cairo_create (surface);
      double start = now_ms ();

      o.current_step = (guint) ((guint64) n_steps * f / (FRAMES + 1));
      hs_plot_render (data, cr, &o);
      cairo_destroy (cr);
      if (f > 0)
        t0 += now_ms () - start;
    }
  frame_ms = t0 / FRAMES;
  cairo_surface_destroy (surface);

  printf ("plot-%s-%s: frame_ms=%.2f build_ms=%.1f peak_rss_mb=%.1f segments=%u steps=%u snapshots=%u "
          "summary_bytes_per_segment=%.2f\n",
          hs_plot_kind_to_string (kind), size, frame_ms, build_ms, bench_peak_rss_kib () / 1024.0,
          n_segments, n_steps, hs_trace_get_n_snapshots (trace),
          (double) hs_plot_data_get_memory_size (data) / MAX (n_segments, 1));
  fflush (stdout);
  return frame_ms;
}

/* A bulk transfer of about @segments segments. */
static HsTrace *
simulate (guint64 segments)
{
  g_autoptr(GError) error = NULL;
  /* about two data segments to each ACK: a third of the segments are ACKs */
  g_autoptr(HsScenario) scenario = bench_bulk_scenario (segments * 2 / 3 * MSS, &error);
  HsTrace *trace;

  g_assert_no_error (error);
  trace = hs_simulator_run_full (scenario, G_MAXUINT32, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  hs_trace_trim (trace);
  return trace;
}

int
main (int   argc,
      char *argv[])
{
  static const HsPlotKind kinds[] = { HS_PLOT_CONGESTION, HS_PLOT_SEQUENCE };
  double small[G_N_ELEMENTS (kinds)];
  g_autoptr(HsTrace) trace_1k = simulate (1000);
  g_autoptr(HsTrace) trace_1m = NULL;

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    small[k] = measure (trace_1k, "1k", kinds[k]);
  if (argc > 1 && g_str_equal (argv[1], "--small"))
    return 0;

  trace_1m = simulate (1000000);
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      double large = measure (trace_1m, "1M", kinds[k]);

      printf ("plot-%s-ratio: frame_1M_over_1k=%.2f (target: at most 2)\n",
              hs_plot_kind_to_string (kinds[k]), large / MAX (small[k], 1e-6));
    }
  return 0;
}
