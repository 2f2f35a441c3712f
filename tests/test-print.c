/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-print.c: what Ctrl+P prints, written through GTK's print-to-file
 * (export) backend and read back with poppler's pdfinfo and pdftotext:
 * the dialog's paper and orientation, the lesson's title and the page
 * number on every page, the lane headers on every diagram page, and the
 * narration as an option. Needs a display; without one the cases skip. */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "hs-application.h"
#include "hs-diagram-export.h"
#include "hs-narration.h"
#include "hs-scenario.h"
#include "hs-simulator.h"
#include "hs-session.h"
#include "hs-window-print.h"
#include "hs-window.h"
#include "hs-test-ui.h"

static GtkApplication *app;

static gboolean
window_ready (HsWindow *window)
{
  HsSession *session = hs_window_get_session (window);

  return gtk_widget_get_mapped (GTK_WIDGET (window)) && !hs_session_get_simulating (session) &&
         hs_session_get_trace (session) != NULL;
}

static HsWindow *
open_window (const char *lesson)
{
  g_autoptr(GError) error = NULL;
  HsWindow *window = hs_window_new (app);
  gint64 end;

  g_assert_true (hs_window_open_lesson (window, lesson, &error));
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (window));
  end = g_get_monotonic_time () + 20 * G_TIME_SPAN_SECOND;
  while (!window_ready (window) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (window_ready (window));
  return window;
}

static char *
run_tool (const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
  return out;
}

static gboolean
have_poppler (void)
{
  g_autofree char *info = g_find_program_in_path ("pdfinfo");
  g_autofree char *text = g_find_program_in_path ("pdftotext");

  return info != NULL && text != NULL;
}

/* pdfinfo's "Pages:" and "Page size:" lines */
static guint
pdf_pages (const char *path,
           double     *width_pt,
           double     *height_pt)
{
  const char *argv[] = { "pdfinfo", path, NULL };
  g_autofree char *info = run_tool (argv);
  const char *pages = strstr (info, "\nPages:");
  const char *size = strstr (info, "\nPage size:");

  g_assert_nonnull (pages);
  g_assert_nonnull (size);
  *width_pt = g_ascii_strtod (size + strlen ("\nPage size:"), (char **) &size);
  while (*size == ' ' || *size == 'x')
    size++;
  *height_pt = g_ascii_strtod (size, NULL);
  return (guint) g_ascii_strtoull (pages + strlen ("\nPages:"), NULL, 10);
}

static char *
pdf_page_text (const char *path,
               guint       page)
{
  g_autofree char *number = g_strdup_printf ("%u", page);
  const char *argv[] = { "pdftotext", "-f", number, "-l", number, path, "-", NULL };

  return run_tool (argv);
}

/* pdftotext breaks lines where it sees fit: compare words, not layout */
static char *
squeeze (const char *text)
{
  g_auto(GStrv) words = g_strsplit_set (text, " \n\t\f", -1);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0')
      g_string_append_printf (out, out->len > 0 ? " %s" : "%s", words[i]);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static GtkPageSetup *
page_setup_new (const char         *paper,
                GtkPageOrientation  orientation)
{
  GtkPageSetup *setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) size = gtk_paper_size_new (paper);

  gtk_page_setup_set_paper_size_and_default_margins (setup, size);
  gtk_page_setup_set_orientation (setup, orientation);
  return setup;
}

static void
test_pages (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkPageSetup) portrait = NULL;
  g_autoptr(GtkPageSetup) landscape = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *tall = NULL;
  g_autofree char *wide = NULL;
  HsWindow *window;
  guint n_tall, n_wide;
  double w, h;

  g_test_summary ("Printing writes the paper and orientation asked for, cut like the PDF export: every page "
                  "has the lesson's title and “Page N of M” at the top, and every diagram page repeats the "
                  "lane headers; the same diagram on landscape paper takes more pages");

  if (hs_test_ui_skip (app))
    return;
  if (!have_poppler ())
    {
      g_test_skip ("pdfinfo and pdftotext (poppler-utils) are not installed");
      return;
    }

  window = open_window ("full-connection");
  dir = g_dir_make_tmp ("hs-print-XXXXXX", &error);
  g_assert_no_error (error);
  tall = g_build_filename (dir, "portrait.pdf", NULL);
  wide = g_build_filename (dir, "landscape.pdf", NULL);

  portrait = page_setup_new (GTK_PAPER_NAME_A4, GTK_PAGE_ORIENTATION_PORTRAIT);
  g_assert_true (hs_window_print_to_file (window, tall, portrait, HS_PRINT_DIAGRAM, &n_tall, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pdf_pages (tall, &w, &h), ==, n_tall);
  g_assert_cmpfloat_with_epsilon (w, 595.28, 1.0);
  g_assert_cmpfloat_with_epsilon (h, 841.89, 1.0);
  g_assert_cmpuint (n_tall, >=, 2);

  landscape = page_setup_new (GTK_PAPER_NAME_A4, GTK_PAGE_ORIENTATION_LANDSCAPE);
  g_assert_true (hs_window_print_to_file (window, wide, landscape, HS_PRINT_DIAGRAM, &n_wide, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pdf_pages (wide, &w, &h), ==, n_wide);
  g_assert_cmpfloat_with_epsilon (w, 841.89, 1.0);
  g_assert_cmpfloat_with_epsilon (h, 595.28, 1.0);
  g_assert_cmpuint (n_wide, >, n_tall);

  for (guint p = 1; p <= n_wide; p++)
    {
      g_autofree char *raw = pdf_page_text (wide, p);
      g_autofree char *text = squeeze (raw);
      g_autofree char *number = g_strdup_printf ("Page %u of %u", p, n_wide);

      g_test_message ("page %u: %.80s…", p, text);
      g_assert_nonnull (strstr (text, "A whole connection"));
      g_assert_nonnull (strstr (text, number));
      g_assert_nonnull (strstr (text, "client"));
      g_assert_nonnull (strstr (text, "server"));
      g_assert_nonnull (strstr (text, "10.0.0.1:"));
      /* the narration was not asked for */
      g_assert_null (strstr (text, "Step 1."));
    }

  g_unlink (tall);
  g_unlink (wide);
  g_rmdir (dir);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_narration (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkPageSetup) setup = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *without = NULL;
  g_autofree char *with = NULL;
  g_autoptr(GString) narration = g_string_new (NULL);
  HsWindow *window;
  HsTrace *trace;
  guint n_without, n_with, n_steps;
  double w, h;

  g_test_summary ("With the plot and the narration chosen, the page after the diagram is the window's plot "
                  "(its title and axis titles), and the pages after it tell every step in order, "
                  "“Step N.” and the sentence the window shows for it, under the same header");

  if (hs_test_ui_skip (app))
    return;
  if (!have_poppler ())
    {
      g_test_skip ("pdfinfo and pdftotext (poppler-utils) are not installed");
      return;
    }

  window = open_window ("three-way-handshake");
  trace = hs_session_get_trace (hs_window_get_session (window));
  n_steps = hs_trace_get_n_steps (trace);
  g_assert_cmpuint (n_steps, >, 2);

  dir = g_dir_make_tmp ("hs-print-XXXXXX", &error);
  g_assert_no_error (error);
  without = g_build_filename (dir, "diagram.pdf", NULL);
  with = g_build_filename (dir, "narration.pdf", NULL);
  setup = page_setup_new (GTK_PAPER_NAME_LETTER, GTK_PAGE_ORIENTATION_PORTRAIT);

  g_assert_true (hs_window_print_to_file (window, without, setup, HS_PRINT_DIAGRAM, &n_without, &error));
  g_assert_no_error (error);
  g_assert_true (hs_window_print_to_file (window, with, setup, HS_PRINT_NARRATION | HS_PRINT_PLOTS, &n_with, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pdf_pages (with, &w, &h), ==, n_with);
  g_assert_cmpfloat_with_epsilon (w, 612.0, 1.0);
  g_assert_cmpfloat_with_epsilon (h, 792.0, 1.0);
  g_assert_cmpuint (n_with, >, n_without);

  /* the plot the window's pane has (hidden: the kind it would show),
   * on a page of its own right after the diagram */
  {
    g_autofree char *raw = pdf_page_text (with, n_without + 1);
    g_autofree char *text = squeeze (raw);
    g_autofree char *number = g_strdup_printf ("Page %u of %u", n_without + 1, n_with);

    g_test_message ("plot page: %.200s…", text);
    g_assert_nonnull (strstr (text, number));
    g_assert_nonnull (strstr (text, "Congestion window of the"));
    g_assert_nonnull (strstr (text, "Time (ms)"));
    g_assert_nonnull (strstr (text, "Bytes ("));
    g_assert_nonnull (strstr (text, "Congestion window (cwnd)"));
    g_assert_null (strstr (text, "Step 1."));
  }

  for (guint p = n_without + 2; p <= n_with; p++)
    {
      g_autofree char *raw = pdf_page_text (with, p);
      g_autofree char *number = g_strdup_printf ("Page %u of %u", p, n_with);

      g_string_append (narration, raw);
      g_string_append_c (narration, ' ');
      g_assert_nonnull (strstr (raw, number));
    }

  {
    g_autofree char *text = squeeze (narration->str);
    const char *at = text;

    for (guint i = 0; i < n_steps; i++)
      {
        g_autofree char *sentence = hs_narration_format_step (trace, i);
        g_autofree char *step = g_strdup_printf ("Step %u. %s", i + 1, sentence);
        g_autofree char *expected = squeeze (step);
        const char *found = strstr (at, expected);

        g_test_message ("step %u: %s", i + 1, expected);
        g_assert_nonnull (found);
        at = found + strlen (expected);
      }
  }

  g_unlink (without);
  g_unlink (with);
  g_rmdir (dir);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_same_cut (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsScenario) scenario = NULL;
  g_autoptr(HsTrace) trace = NULL;
  g_autoptr(HsDiagramLayout) layout = NULL;
  g_autoptr(GArray) pdf = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) area = g_array_new (FALSE, FALSE, sizeof (double));
  HsDiagramExportOptions options;
  guint n_pdf, n_area;
  double scale = 0;

  g_test_summary ("Printing cuts pages as the PDF export does: an A4 sheet less the export's 36 pt margins, "
                  "given as a printable area, is cut at the same places into the same number of pages");

  scenario = hs_scenario_new_builtin ("slow-start", &error);
  g_assert_no_error (error);
  trace = hs_simulator_run (scenario, &error);
  g_assert_no_error (error);
  hs_diagram_export_options_init (&options);
  options.style = HS_DIAGRAM_STYLE_PRINT;
  options.page = HS_DIAGRAM_PAGE_A4;
  layout = hs_diagram_export_create_layout (trace, HS_DIAGRAM_FORMAT_PDF, &options, &error);
  g_assert_no_error (error);

  n_pdf = hs_diagram_export_paginate (layout, HS_DIAGRAM_PAGE_A4, pdf);
  n_area = hs_diagram_export_paginate_area (layout, 595.276 - 72, 841.89 - 72, area, &scale);
  g_assert_cmpuint (n_pdf, >, 2);
  g_assert_cmpuint (n_area, ==, n_pdf);
  g_assert_cmpuint (area->len, ==, pdf->len);
  for (guint i = 0; i < pdf->len; i++)
    g_assert_cmpfloat_with_epsilon (g_array_index (area, double, i), g_array_index (pdf, double, i), 1e-9);
  g_assert_cmpfloat_with_epsilon (scale, (595.276 - 72) / 780.0, 1e-9);
}

static void
test_action (void)
{
  HsWindow *window;
  gboolean enabled;

  g_test_summary ("The window has a print action, enabled with a lesson open, and Ctrl+P activates it");

  if (hs_test_ui_skip (app))
    return;

  window = open_window ("three-way-handshake");
  g_assert_true (g_action_group_query_action (G_ACTION_GROUP (window), "print", &enabled, NULL, NULL, NULL, NULL));
  g_assert_true (enabled);
  {
    g_auto(GStrv) actions = gtk_application_get_actions_for_accel (app, "<Control>p");

    g_assert_nonnull (actions);
    g_assert_cmpstr (actions[0], ==, "win.print");
    g_assert_null (actions[1]);
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  hs_test_ui_init (&argc, &argv);

  g_test_add_func ("/ui/print/pages", test_pages);
  g_test_add_func ("/ui/print/narration", test_narration);
  g_test_add_func ("/ui/print/action", test_action);
  g_test_add_func ("/ui/print/same-cut", test_same_cut);

  app = hs_test_ui_app_new ();
  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
