/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-common.c: what several benchmarks measure alike. */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "bench-common.h"

/* getrusage() would do, except that on Linux its figure survives exec():
 * started by a larger process (meson's Python), it reports that process's
 * size as a floor. The kernel's high-water mark of this program's own
 * memory does not. */
long
bench_peak_rss_kib (void)
{
  g_autofree char *status = NULL;
  struct rusage usage;

  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    {
      const char *hwm = strstr (status, "\nVmHWM:");

      if (hwm != NULL)
        return strtol (hwm + strlen ("\nVmHWM:"), NULL, 10);
    }
  if (getrusage (RUSAGE_SELF, &usage) != 0)
    return 0;
  return usage.ru_maxrss;
}

HsScenario *
bench_bulk_scenario (guint64   bytes,
                     GError  **error)
{
  g_autofree char *data =
    g_strdup_printf ("[Lesson]\n"
                     "Title=Bulk\n"
                     "[Client]\n"
                     "SendBuffer=1MiB\n"
                     "ReceiveBuffer=1MiB\n"
                     "Script=connect; send %" G_GUINT64_FORMAT "; shutdown; wait-for eof; close\n"
                     "[Server]\n"
                     "ReceiveBuffer=1MiB\n"
                     "Script=listen; wait-for %" G_GUINT64_FORMAT " bytes; close\n"
                     "[Network]\n"
                     "Delay=1ms\n"
                     "Bandwidth=1Gbit\n",
                     bytes, bytes);

  return hs_scenario_new_from_data ("bulk", "bulk.lesson", data, strlen (data), error);
}

int
bench_compare_doubles (const void *a,
                       const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}
