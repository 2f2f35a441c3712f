/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-export.c: what exporting a long trace costs beside simulating it.
 *
 *   bench-export NAME FORMAT BYTES
 *
 * prints
 *
 *   NAME: seconds=… peak_rss_kib=… sim_peak_rss_kib=… bytes=… ratio=…
 *
 * where seconds is the export's own time (simulation excluded),
 * peak_rss_kib the whole process's peak with the export, sim_peak_rss_kib
 * a second process's peak for the same simulation alone, and ratio the
 * one over the other (issue target: at most 2). Each peak is measured in
 * a process of its own, since a process's high-water mark never goes
 * down. The export goes to a file in a temporary directory, as the
 * command line writes it: streamed, dropping decoded blocks as it goes. */

#define G_LOG_DOMAIN "bench-export"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "bench-common.h"
#include "hs-output.h"
#include "hs-scenario.h"
#include "hs-simulator.h"
#include "hs-trace-writer.h"

/* The bulk transfer of bench-engine. */
static HsTrace *
simulate (guint64 bytes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsScenario) scenario = bench_bulk_scenario (bytes, &error);
  HsTrace *trace;

  if (scenario == NULL || (trace = hs_simulator_run (scenario, &error)) == NULL)
    g_error ("%s", error->message);

  return trace;
}

/* A child: simulates, exports when @format is given, prints
 * "peak seconds bytes". */
static int
child (const char *format_name,
       guint64     bytes)
{
  g_autoptr(HsTrace) trace = simulate (bytes);
  HsTraceFormat format;
  double seconds = 0;
  guint64 written = 0;

  if (!g_str_equal (format_name, "none"))
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *dir = g_dir_make_tmp ("bench-export-XXXXXX", &error);
      g_autofree char *path = NULL;
      g_autoptr(HsOutput) output = NULL;
      gint64 start;

      if (dir == NULL || !hs_trace_format_from_string (format_name, &format))
        g_error ("cannot export %s", format_name);
      path = g_strconcat (dir, "/trace.", format_name, NULL);

      start = g_get_monotonic_time ();
      output = hs_output_open (path, &error);
      if (output == NULL ||
          !hs_trace_write_to_stream (trace, format, hs_output_get_stream (output),
                                     HS_TRACE_WRITE_SOLE_READER, NULL, NULL, NULL, &error) ||
          !hs_output_commit (output, &error))
        g_error ("%s", error->message);
      seconds = (g_get_monotonic_time () - start) / 1e6;
      written = hs_output_get_bytes_written (output);
      g_unlink (path);
      g_rmdir (dir);
    }

  g_print ("%ld %.3f %" G_GUINT64_FORMAT "\n", bench_peak_rss_kib (), seconds, written);
  return EXIT_SUCCESS;
}

static gboolean
run_child (const char  *self,
           const char  *format,
           const char  *bytes,
           long        *peak,
           double      *seconds,
           guint64     *written)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *out = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                              self, "--child", format, bytes, NULL);
  if (process == NULL ||
      !g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error) ||
      !g_subprocess_get_successful (process) ||
      sscanf (out, "%ld %lf %" G_GUINT64_FORMAT, peak, seconds, written) != 3)
    {
      g_printerr ("child %s failed: %s\n", format, error != NULL ? error->message : "");
      return FALSE;
    }
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  long peak = 0, sim_peak = 0;
  double seconds = 0, unused;
  guint64 written = 0, none;

  if (argc == 4 && g_str_equal (argv[1], "--child"))
    return child (argv[2], g_ascii_strtoull (argv[3], NULL, 10));

  if (argc != 4)
    {
      g_printerr ("usage: %s NAME FORMAT BYTES\n", argv[0]);
      return EXIT_FAILURE;
    }

  if (!run_child (argv[0], "none", argv[3], &sim_peak, &unused, &none) ||
      !run_child (argv[0], argv[2], argv[3], &peak, &seconds, &written))
    return EXIT_FAILURE;

  g_print ("%s: seconds=%.2f peak_rss_kib=%ld sim_peak_rss_kib=%ld bytes=%" G_GUINT64_FORMAT " ratio=%.2f\n",
           argv[1], seconds, peak, sim_peak, written, sim_peak > 0 ? (double) peak / sim_peak : 0.0);

  return EXIT_SUCCESS;
}
