/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-exports.c: every export of every built-in lesson, held to the
 * SHA-256 recorded in tests/data/export-hashes.txt. A restructuring must
 * leave them all byte for byte as they were; a change that means to
 * change an export updates the file, and its commit says why:
 *
 *   HS_UPDATE_EXPORT_HASHES=1 meson test -C build test-exports
 *
 * The images are left out: their bytes follow the fonts and the cairo of
 * the machine, and test-diagram compares them to reference pictures. */

#define G_LOG_DOMAIN "test-exports"

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "hs-capture-writer.h"
#include "hs-diagram-export.h"
#include "hs-scenario.h"
#include "hs-simulator.h"
#include "hs-trace-writer.h"

static const char * const formats[] = { "csv", "json", "txt", "mmd", "puml", "pcap" };

static GBytes *
export_bytes (HsTrace    *trace,
              const char *format)
{
  g_autoptr(GError) error = NULL;
  HsTraceFormat trace_format;
  GBytes *bytes = NULL;

  if (hs_trace_format_from_string (format, &trace_format))
    bytes = hs_trace_write (trace, trace_format, &error);
  else if (g_str_equal (format, "mmd"))
    {
      char *text = hs_diagram_export_to_mermaid (trace, NULL);
      bytes = g_bytes_new_take (text, strlen (text));
    }
  else if (g_str_equal (format, "puml"))
    {
      char *text = hs_diagram_export_to_plantuml (trace, NULL);
      bytes = g_bytes_new_take (text, strlen (text));
    }
  else if (g_str_equal (format, "pcap"))
    bytes = hs_capture_write_pcap_bytes (trace, HS_CAPTURE_SIDE_CLIENT, &error);
  else
    g_assert_not_reached ();

  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  return bytes;
}

/* "LESSON FORMAT HASH" lines, sorted, for every built-in lesson. */
static char *
compute_hashes (void)
{
  g_auto(GStrv) ids = hs_scenario_list_builtin ();
  GString *out = g_string_new (NULL);

  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HsScenario) scenario = hs_scenario_new_builtin (ids[i], &error);
      g_autoptr(HsTrace) trace = NULL;

      g_assert_no_error (error);
      trace = hs_simulator_run (scenario, &error);
      g_assert_no_error (error);

      for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
        {
          g_autoptr(GBytes) bytes = export_bytes (trace, formats[f]);
          g_autofree char *sum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);

          g_string_append_printf (out, "%s %s %s\n", ids[i], formats[f], sum);
        }
    }

  return g_string_free (out, FALSE);
}

static void
test_exports_unchanged (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "export-hashes.txt", NULL);
  g_autofree char *expected = NULL;
  g_autofree char *actual = NULL;
  g_autoptr(GError) error = NULL;

  g_test_summary ("Every built-in lesson exports to the same bytes in every "
                  "text and capture format as recorded");

  actual = compute_hashes ();

  if (g_strcmp0 (g_getenv ("HS_UPDATE_EXPORT_HASHES"), "1") == 0)
    {
      g_assert_true (g_file_set_contents (path, actual, -1, &error));
      g_assert_no_error (error);
      g_test_message ("Wrote %s", path);
      return;
    }

  g_assert_true (g_file_get_contents (path, &expected, NULL, &error));
  g_assert_no_error (error);

  if (!g_str_equal (expected, actual))
    {
      g_auto(GStrv) want = g_strsplit (expected, "\n", -1);
      g_auto(GStrv) got = g_strsplit (actual, "\n", -1);

      for (guint i = 0; got[i] != NULL; i++)
        if (!g_strv_contains ((const char * const *) want, got[i]) && got[i][0] != '\0')
          g_test_message ("changed: %s", got[i]);
      g_test_fail_printf ("Exports differ from %s (see the lines above; "
                          "HS_UPDATE_EXPORT_HASHES=1 records the new ones when the change is meant)",
                          path);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/engine/exports/unchanged", test_exports_unchanged);

  return g_test_run ();
}
