/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-plot.c: what the congestion plot costs for bulk transfers of about
 * 1,000 and 1,000,000 segments: building its series and summary, drawing
 * a 1920x1080 frame of the whole trace (issue 14: within 2x of the 1k
 * figure), the summary's bytes per segment (at most 16) and the process's
 * peak memory. One line per measurement: "NAME: key=value ...". */

#include "config.h"

#include <stdio.h>

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

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

/* Returns the mean frame time, in ms. */
static double
measure (const char *name,
         guint64     segments)
{
  g_autoptr(GError) error = NULL;
  /* about two data segments to each ACK: a third of the segments are ACKs */
  g_autoptr(HsScenario) scenario = bench_bulk_scenario (segments * 2 / 3 * MSS, &error);
  g_autoptr(HsTrace) trace = NULL;
  g_autoptr(HsPlotData) data = NULL;
  cairo_surface_t *surface;
  HsPlotRenderOptions o;
  double t0, build_ms, frame_ms;
  guint n_steps, n_segments;

  g_assert_no_error (error);
  trace = hs_simulator_run_full (scenario, G_MAXUINT32, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  hs_trace_trim (trace);
  n_steps = hs_trace_get_n_steps (trace);
  n_segments = hs_trace_get_n_segments (trace);

  t0 = now_ms ();
  data = hs_plot_data_new (trace, HS_PLOT_CONGESTION, HS_TRACE_NONE);
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

  printf ("%s: frame_ms=%.2f build_ms=%.1f peak_rss_mb=%.1f segments=%u steps=%u snapshots=%u "
          "summary_bytes_per_segment=%.2f\n",
          name, frame_ms, build_ms, bench_peak_rss_kib () / 1024.0, n_segments, n_steps,
          hs_trace_get_n_snapshots (trace),
          (double) hs_plot_data_get_memory_size (data) / MAX (n_segments, 1));
  fflush (stdout);
  return frame_ms;
}

int
main (int   argc,
      char *argv[])
{
  double small, large;

  small = measure ("plot-congestion-1k", 1000);
  if (argc > 1 && g_str_equal (argv[1], "--small"))
    return 0;
  large = measure ("plot-congestion-1M", 1000000);
  printf ("plot-congestion-ratio: frame_1M_over_1k=%.2f (target: at most 2)\n", large / MAX (small, 1e-6));
  return 0;
}
