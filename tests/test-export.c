/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-export.c: the export formats' registry, and hs_export_trace()
 * writing a trace in each of them. */

#include "config.h"

#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <cairo.h>

#include "hs-error.h"
#include "hs-export.h"
#include "hs-scenario.h"
#include "hs-simulator.h"

static HsTrace *
run_lesson (const char *id)
{
  g_autoptr(HsScenario) scenario = NULL;
  g_autoptr(GError) error = NULL;
  HsTrace *trace;

  scenario = hs_scenario_new_builtin (id, &error);
  g_assert_no_error (error);
  trace = hs_simulator_run (scenario, &error);
  g_assert_no_error (error);
  return trace;
}

static void
test_registry (void)
{
  static const struct {
    HsExportFormat  format;
    const char     *name;
    const char     *mime_type;
    HsExportKind    kind;
    gboolean        to_stdout;
  } expected[] = {
    { HS_EXPORT_CSV, "csv", "text/csv", HS_EXPORT_KIND_TRACE, TRUE },
    { HS_EXPORT_JSON, "json", "application/json", HS_EXPORT_KIND_TRACE, TRUE },
    { HS_EXPORT_TXT, "txt", "text/plain", HS_EXPORT_KIND_TRACE, TRUE },
    { HS_EXPORT_PNG, "png", "image/png", HS_EXPORT_KIND_DIAGRAM, FALSE },
    { HS_EXPORT_SVG, "svg", "image/svg+xml", HS_EXPORT_KIND_DIAGRAM, FALSE },
    { HS_EXPORT_PDF, "pdf", "application/pdf", HS_EXPORT_KIND_DIAGRAM, FALSE },
    { HS_EXPORT_MERMAID, "mmd", "text/plain", HS_EXPORT_KIND_DIAGRAM, TRUE },
    { HS_EXPORT_PLANTUML, "puml", "text/plain", HS_EXPORT_KIND_DIAGRAM, TRUE },
    { HS_EXPORT_PCAP, "pcap", "application/vnd.tcpdump.pcap", HS_EXPORT_KIND_CAPTURE, FALSE },
  };

  g_test_summary ("The registry lists all nine formats with their extension, MIME type, "
                  "label, kind and whether they can go to standard output");

  g_assert_cmpuint (G_N_ELEMENTS (expected), ==, HS_EXPORT_N_FORMATS);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const HsExportFormatInfo *info = hs_export_format_get_info (expected[i].format);
      g_autofree char *path = g_strdup_printf ("dir.x/lesson.%s", expected[i].name);
      g_autofree char *upper = g_ascii_strup (expected[i].name, -1);
      HsExportFormat format;

      g_assert_nonnull (info);
      g_assert_cmpstr (info->name, ==, expected[i].name);
      g_assert_cmpstr (hs_export_format_to_string (expected[i].format), ==, expected[i].name);
      g_assert_cmpstr (hs_export_format_get_extension (expected[i].format), ==, expected[i].name);
      g_assert_cmpstr (hs_export_format_get_mime_type (expected[i].format), ==, expected[i].mime_type);
      g_assert_cmpint (hs_export_format_get_kind (expected[i].format), ==, expected[i].kind);
      g_assert_cmpint (hs_export_format_can_stdout (expected[i].format), ==, expected[i].to_stdout);
      g_assert_nonnull (hs_export_format_get_label (expected[i].format));
      g_assert_cmpint (hs_export_format_is_diagram (expected[i].format), ==,
                       expected[i].kind == HS_EXPORT_KIND_DIAGRAM);

      g_assert_true (hs_export_format_from_string (upper, &format));
      g_assert_cmpint (format, ==, expected[i].format);
      g_assert_true (hs_export_format_from_path (path, &format));
      g_assert_cmpint (format, ==, expected[i].format);
    }
}

static void
test_names (void)
{
  HsExportFormat format;
  HsExportView view;

  g_test_summary ("Aliases and file names: mermaid, plantuml and pu; hidden files and "
                  "folders with dots have no extension");

  g_assert_true (hs_export_format_from_string ("mermaid", &format));
  g_assert_cmpint (format, ==, HS_EXPORT_MERMAID);
  g_assert_true (hs_export_format_from_string ("PlantUML", &format));
  g_assert_cmpint (format, ==, HS_EXPORT_PLANTUML);
  g_assert_true (hs_export_format_from_path ("a.pu", &format));
  g_assert_cmpint (format, ==, HS_EXPORT_PLANTUML);
  g_assert_true (hs_export_format_from_path ("/tmp/A.PCAP", &format));
  g_assert_cmpint (format, ==, HS_EXPORT_PCAP);
  g_assert_false (hs_export_format_from_string ("doc", &format));
  g_assert_false (hs_export_format_from_string (NULL, &format));
  g_assert_false (hs_export_format_from_path ("a.doc", &format));
  g_assert_false (hs_export_format_from_path ("noextension", &format));
  g_assert_false (hs_export_format_from_path ("dir.png/file", &format));
  g_assert_false (hs_export_format_from_path ("dir/.csv", &format));

  g_assert_true (hs_export_format_get_diagram_format (HS_EXPORT_SVG, &(HsDiagramFormat) { 0 }));
  g_assert_false (hs_export_format_get_diagram_format (HS_EXPORT_CSV, &(HsDiagramFormat) { 0 }));

  g_assert_true (hs_export_view_from_string ("States", &view));
  g_assert_cmpint (view, ==, HS_EXPORT_VIEW_STATES);
  g_assert_true (hs_export_view_from_string ("sequence", &view));
  g_assert_cmpint (view, ==, HS_EXPORT_VIEW_SEQUENCE);
  g_assert_false (hs_export_view_from_string ("state", &view));
}

typedef struct
{
  guint n_begin, n_progress, n_end, n_draw_begin, n_draw_end;
} Phases;

static void
phases_cb (HsExportPhase  phase,
           HsOutput      *output,
           goffset        current,
           goffset        total,
           gpointer       user_data)
{
  Phases *phases = user_data;

  switch (phase)
    {
    case HS_EXPORT_PHASE_WRITE_BEGIN:
      g_assert_nonnull (output);
      phases->n_begin++;
      break;
    case HS_EXPORT_PHASE_WRITE_PROGRESS:
      g_assert_cmpint (current, <=, total);
      phases->n_progress++;
      break;
    case HS_EXPORT_PHASE_WRITE_END:
      phases->n_end++;
      break;
    case HS_EXPORT_PHASE_DRAW_BEGIN:
      g_assert_null (output);
      phases->n_draw_begin++;
      break;
    case HS_EXPORT_PHASE_DRAW_END:
      phases->n_draw_end++;
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
test_every_format (void)
{
  g_autoptr(HsTrace) trace = run_lesson ("full-connection");
  g_autofree char *dir = g_dir_make_tmp ("hs-export-XXXXXX", NULL);
  static const char * const signatures[HS_EXPORT_N_FORMATS] = {
    [HS_EXPORT_PNG] = "\x89PNG",
    [HS_EXPORT_SVG] = "<?xml",
    [HS_EXPORT_PDF] = "%PDF",
    [HS_EXPORT_MERMAID] = "sequenceDiagram",
    [HS_EXPORT_PLANTUML] = "@startuml",
    [HS_EXPORT_CSV] = "no,sent_us",
    [HS_EXPORT_JSON] = "{",
    [HS_EXPORT_TXT] = NULL,
    [HS_EXPORT_PCAP] = "\xd4\xc3\xb2\xa1",
  };

  g_test_summary ("hs_export_trace() writes every format, reporting streaming or drawing");

  g_assert_nonnull (dir);
  for (HsExportFormat f = 0; f < HS_EXPORT_N_FORMATS; f++)
    {
      g_autofree char *path = g_strdup_printf ("%s/out.%s", dir, hs_export_format_get_extension (f));
      g_autofree char *contents = NULL;
      g_autoptr(GError) error = NULL;
      Phases phases = { 0 };
      gsize len;

      g_assert_true (hs_export_trace (trace, path, f, NULL, NULL, phases_cb, &phases, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
      g_assert_cmpuint (len, >, 0);
      if (signatures[f] != NULL)
        g_assert_true (g_str_has_prefix (contents, signatures[f]) ||
                       (f == HS_EXPORT_MERMAID && strstr (contents, signatures[f]) != NULL));
      if (hs_export_format_is_image (f))
        {
          g_assert_cmpuint (phases.n_draw_begin, ==, 1);
          g_assert_cmpuint (phases.n_draw_end, ==, 1);
          g_assert_cmpuint (phases.n_begin, ==, 0);
        }
      else
        {
          g_assert_cmpuint (phases.n_begin, ==, 1);
          g_assert_cmpuint (phases.n_end, ==, 1);
          g_assert_cmpuint (phases.n_draw_begin, ==, 0);
          if (hs_export_format_get_kind (f) == HS_EXPORT_KIND_TRACE)
            g_assert_cmpuint (phases.n_progress, >, 0);
        }
      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
test_destination (void)
{
  g_autoptr(HsTrace) trace = run_lesson ("full-connection");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *dir = g_dir_make_tmp ("hs-export-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "out.csv", NULL);
  g_autoptr(GError) error = NULL;
  HsExportOptions options;

  g_test_summary ("Pictures and captures refuse standard output; the state diagram is "
                  "a picture only; a cancelled export writes nothing");

  g_assert_false (hs_export_check_destination (HS_EXPORT_PNG, "-", &error));
  g_assert_error (error, HS_ERROR, HS_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "image"));
  g_clear_error (&error);
  g_assert_false (hs_export_trace (trace, "-", HS_EXPORT_PCAP, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, HS_ERROR, HS_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "pcap"));
  g_clear_error (&error);
  g_assert_true (hs_export_check_destination (HS_EXPORT_MERMAID, "-", &error));
  g_assert_true (hs_export_check_destination (HS_EXPORT_PNG, "a.png", &error));
  g_assert_no_error (error);

  hs_export_options_init (&options);
  options.view = HS_EXPORT_VIEW_STATES;
  g_assert_false (hs_export_trace (trace, path, HS_EXPORT_CSV, &options, NULL, NULL, NULL, &error));
  g_assert_error (error, HS_ERROR, HS_ERROR_UNSUPPORTED);
  g_clear_error (&error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  g_cancellable_cancel (cancellable);
  g_assert_false (hs_export_trace (trace, path, HS_EXPORT_CSV, NULL, cancellable, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_rmdir (dir);
}

static void
test_states (void)
{
  g_autoptr(HsTrace) trace = run_lesson ("full-connection");
  g_autofree char *dir = g_dir_make_tmp ("hs-export-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (dir, "states.png", NULL);
  g_autofree char *svg = g_build_filename (dir, "states.svg", NULL);
  g_autofree char *pdf = g_build_filename (dir, "states.pdf", NULL);
  g_autofree char *early = g_build_filename (dir, "early.svg", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *early_contents = NULL;
  g_autoptr(GError) error = NULL;
  HsExportOptions options;
  cairo_surface_t *surface;

  g_test_summary ("The state diagram exports as PNG of sane size, SVG and PDF; "
                  "a step range draws the states at its last step");

  hs_export_options_init (&options);
  options.view = HS_EXPORT_VIEW_STATES;
  g_assert_true (hs_export_trace (trace, png, HS_EXPORT_PNG, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  surface = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 1032);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, 982);
  cairo_surface_destroy (surface);

  options.diagram.scale = 2;
  g_assert_true (hs_export_trace (trace, png, HS_EXPORT_PNG, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  surface = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 2064);
  cairo_surface_destroy (surface);

  g_assert_true (hs_export_trace (trace, svg, HS_EXPORT_SVG, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (svg, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "<?xml"));

  g_assert_true (hs_export_trace (trace, pdf, HS_EXPORT_PDF, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));

  /* After step 1 the client is in SYN-SENT: another picture than the end's. */
  g_assert_true (hs_diagram_export_options_parse_steps (&options.diagram, "1-1", &error));
  g_assert_true (hs_export_trace (trace, early, HS_EXPORT_SVG, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (early, &early_contents, NULL, NULL));
  g_assert_cmpstr (contents, !=, early_contents);

  g_assert_true (hs_diagram_export_options_parse_steps (&options.diagram, "9999-", &error));
  g_assert_false (hs_export_trace (trace, early, HS_EXPORT_SVG, &options, NULL, NULL, NULL, &error));
  g_assert_error (error, HS_ERROR, HS_ERROR_NOT_FOUND);

  g_unlink (png);
  g_unlink (svg);
  g_unlink (pdf);
  g_unlink (early);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/export/registry", test_registry);
  g_test_add_func ("/export/names", test_names);
  g_test_add_func ("/export/every-format", test_every_format);
  g_test_add_func ("/export/destination", test_destination);
  g_test_add_func ("/export/states", test_states);

  return g_test_run ();
}
