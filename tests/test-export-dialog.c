/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-export-dialog.c: the window's export dialog offers what the
 * command line writes, one image per step (--frames) included, and shows
 * the first page of what it will write, drawn by the same exporter.
 * Needs a display; without one the cases skip. */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "hs-application.h"
#include "hs-diagram-export.h"
#include "hs-export-dialog.h"
#include "hs-export.h"
#include "hs-scenario.h"
#include "hs-session.h"
#include "hs-trace-writer.h"
#include "hs-window.h"
#include "hs-test-ui.h"

static GtkApplication *app;

static HsSession *
session_for (const char *lesson)
{
  g_autoptr(HsScenario) scenario = NULL;
  g_autoptr(GError) error = NULL;
  HsSession *session = hs_session_new ();

  scenario = hs_scenario_new_builtin (lesson, &error);
  g_assert_no_error (error);
  hs_session_load (session, scenario, NULL, &error);
  g_assert_no_error (error);
  while (hs_session_get_simulating (session))
    g_main_context_iteration (NULL, TRUE);
  return session;
}

/* How many different pixels a texture has: a drawn diagram has many, an
 * empty picture one. */
static guint
count_colours (GdkTexture *texture)
{
  int w = gdk_texture_get_width (texture), h = gdk_texture_get_height (texture);
  g_autofree guint32 *pixels = g_new (guint32, (gsize) w * h);
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);

  gdk_texture_download (texture, (guchar *) pixels, (gsize) w * 4);
  for (gsize i = 0; i < (gsize) w * h; i++)
    g_hash_table_add (seen, GUINT_TO_POINTER (pixels[i]));
  return g_hash_table_size (seen);
}

static char *
first_line (const char *text)
{
  const char *nl = strchr (text, '\n');

  return nl != NULL ? g_strndup (text, nl - text) : g_strdup (text);
}

/* The first line of @format's file, as the exporter writes it. */
static char *
exported_first_line (HsTrace        *trace,
                     HsExportFormat  format)
{
  g_autoptr(GError) error = NULL;
  HsTraceFormat trace_format;

  switch (format)
    {
    case HS_EXPORT_MERMAID:
      {
        g_autofree char *text = hs_diagram_export_to_mermaid (trace, NULL);
        return first_line (text);
      }
    case HS_EXPORT_PLANTUML:
      {
        g_autofree char *text = hs_diagram_export_to_plantuml (trace, NULL);
        return first_line (text);
      }
    case HS_EXPORT_CSV:
    case HS_EXPORT_JSON:
    case HS_EXPORT_TXT:
      {
        g_autoptr(GBytes) bytes = NULL;
        g_autofree char *text = NULL;
        gsize len;
        const char *data;

        g_assert_true (hs_trace_format_from_string (hs_export_format_to_string (format), &trace_format));
        bytes = hs_trace_write (trace, trace_format, &error);
        g_assert_no_error (error);
        data = g_bytes_get_data (bytes, &len);
        text = g_strndup (data, len);
        return first_line (text);
      }
    case HS_EXPORT_PNG:
    case HS_EXPORT_SVG:
    case HS_EXPORT_PDF:
    case HS_EXPORT_PCAP:
    case HS_EXPORT_N_FORMATS:
    default:
      g_assert_not_reached ();
    }
}

static void
test_preview (void)
{
  g_autoptr(HsSession) session = NULL;
  HsExportDialog *dialog;
  HsTrace *trace;

  g_test_summary ("For every format of the registry the dialog shows a preview: the first page of a picture, "
                  "drawn, or the exporter's own first lines of a text, or what a pcap holds; one image per "
                  "step is offered for the pictures only");

  if (hs_test_ui_skip (app))
    return;
  session = session_for ("full-connection");
  trace = hs_session_get_trace (session);
  dialog = hs_export_dialog_new (NULL, HS_EXPORT_PNG, HS_DIAGRAM_STYLE_LIGHT,
                                 hs_trace_get_n_steps (trace), "full-connection");
  g_object_ref_sink (dialog);
  hs_export_dialog_set_trace (dialog, trace);

  for (guint i = 0; i < HS_EXPORT_N_FORMATS; i++)
    {
      HsExportFormat format = i;

      g_test_message ("format %s", hs_export_format_to_string (format));
      hs_export_dialog_set_format (dialog, format);
      hs_export_dialog_set_frames (dialog, TRUE);
      g_assert_cmpint (hs_export_dialog_get_frames (dialog), ==, hs_export_format_is_image (format));
      hs_export_dialog_set_frames (dialog, FALSE);
      hs_export_dialog_update_preview (dialog);

      if (hs_export_format_is_image (format))
        {
          GdkPaintable *paintable = hs_export_dialog_get_preview_paintable (dialog);

          g_assert_true (GDK_IS_TEXTURE (paintable));
          g_assert_cmpint (gdk_texture_get_width (GDK_TEXTURE (paintable)), >, 100);
          g_assert_cmpint (gdk_texture_get_height (GDK_TEXTURE (paintable)), >, 100);
          g_assert_cmpuint (count_colours (GDK_TEXTURE (paintable)), >, 10);
        }
      else if (format == HS_EXPORT_PCAP)
        {
          g_autofree char *n = g_strdup_printf ("%u", hs_trace_get_n_segments (trace));

          g_assert_null (hs_export_dialog_get_preview_paintable (dialog));
          g_assert_nonnull (strstr (hs_export_dialog_get_preview_text (dialog), n));
        }
      else
        {
          g_autofree char *expected = exported_first_line (trace, format);
          g_autofree char *shown = first_line (hs_export_dialog_get_preview_text (dialog));

          g_assert_null (hs_export_dialog_get_preview_paintable (dialog));
          g_assert_cmpstr (expected, !=, "");
          g_assert_cmpstr (shown, ==, expected);
        }
    }

  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_finalize_object (dialog);
}

static void
test_plots (void)
{
  g_autoptr(HsSession) session = NULL;
  HsExportDialog *dialog;
  HsTrace *trace;
  HsPlotKind kind;
  guint endpoint;

  g_test_summary ("The dialog lists the plots beside the sequence diagram: a plot offers PNG, SVG, PDF and "
                  "CSV only, previews its own picture or its CSV's first lines, and going back to the "
                  "diagram offers every format again");

  if (hs_test_ui_skip (app))
    return;
  session = session_for ("slow-start");
  trace = hs_session_get_trace (session);
  dialog = hs_export_dialog_new (NULL, HS_EXPORT_JSON, HS_DIAGRAM_STYLE_LIGHT,
                                 hs_trace_get_n_steps (trace), "slow-start");
  g_object_ref_sink (dialog);
  hs_export_dialog_set_trace (dialog, trace);
  g_assert_false (hs_export_dialog_get_plot (dialog, NULL, NULL));

  /* JSON is no plot's format: the dialog falls back to PNG */
  hs_export_dialog_set_plot (dialog, HS_PLOT_CONGESTION, HS_TRACE_NONE);
  g_assert_true (hs_export_dialog_get_plot (dialog, &kind, &endpoint));
  g_assert_cmpuint (kind, ==, HS_PLOT_CONGESTION);
  g_assert_cmpuint (hs_export_dialog_get_format (dialog), ==, HS_EXPORT_PNG);
  hs_export_dialog_set_format (dialog, HS_EXPORT_JSON);
  g_assert_cmpuint (hs_export_dialog_get_format (dialog), ==, HS_EXPORT_PNG);

  hs_export_dialog_update_preview (dialog);
  {
    GdkPaintable *paintable = hs_export_dialog_get_preview_paintable (dialog);

    g_assert_true (GDK_IS_TEXTURE (paintable));
    /* the plot's proportions (1200 × 675), not a diagram page's */
    g_assert_cmpint (gdk_texture_get_width (GDK_TEXTURE (paintable)) * 675, ==,
                     gdk_texture_get_height (GDK_TEXTURE (paintable)) * 1200);
    g_assert_cmpuint (count_colours (GDK_TEXTURE (paintable)), >, 10);
  }

  hs_export_dialog_set_plot (dialog, HS_PLOT_RTT, HS_TRACE_NONE);
  hs_export_dialog_set_format (dialog, HS_EXPORT_CSV);
  g_assert_cmpuint (hs_export_dialog_get_format (dialog), ==, HS_EXPORT_CSV);
  hs_export_dialog_update_preview (dialog);
  g_assert_null (hs_export_dialog_get_preview_paintable (dialog));
  g_assert_true (g_str_has_prefix (hs_export_dialog_get_preview_text (dialog),
                                   "step,time_us,srtt_us,rto_us,rtt_sample_us\n"));

  /* the diagram again: its CSV is the trace's */
  hs_export_dialog_set_plot (dialog, -1, HS_TRACE_NONE);
  g_assert_false (hs_export_dialog_get_plot (dialog, NULL, NULL));
  g_assert_cmpuint (hs_export_dialog_get_format (dialog), ==, HS_EXPORT_CSV);
  hs_export_dialog_set_format (dialog, HS_EXPORT_JSON);
  g_assert_cmpuint (hs_export_dialog_get_format (dialog), ==, HS_EXPORT_JSON);

  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_finalize_object (dialog);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
window_ready (HsWindow *window)
{
  HsSession *session = hs_window_get_session (window);

  return gtk_widget_get_mapped (GTK_WIDGET (window)) && !hs_session_get_simulating (session) &&
         hs_session_get_trace (session) != NULL;
}

static void
test_frames (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *frames = NULL;
  HsWindow *window;
  HsExportDialog *dialog = NULL;
  GListModel *toplevels;
  GdkPaintable *first, *all;
  g_autoptr(GdkTexture) all_steps = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GDir *listing;
  const char *name;
  gint64 end;

  g_test_summary ("“One image per step” writes one PNG per step of the range into a new folder, named as "
                  "--frames names them, and nothing else; its preview is the first frame");

  if (hs_test_ui_skip (app))
    return;
  window = hs_window_new (app);
  g_assert_true (hs_window_open_lesson (window, "three-way-handshake", &error));
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (window));
  end = g_get_monotonic_time () + 20 * G_TIME_SPAN_SECOND;
  while (!window_ready (window) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (window_ready (window));

  /* the Export menu's "One Image per Step…" */
  g_action_group_activate_action (G_ACTION_GROUP (window), "export", g_variant_new_string ("frames"));
  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels) && dialog == NULL; i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (HS_IS_EXPORT_DIALOG (w))
        dialog = HS_EXPORT_DIALOG (w);
    }
  g_assert_nonnull (dialog);
  g_assert_cmpint (hs_export_dialog_get_format (dialog), ==, HS_EXPORT_PNG);
  g_assert_true (hs_export_dialog_get_frames (dialog));

  /* the whole diagram, to tell the first frame from */
  hs_export_dialog_set_frames (dialog, FALSE);
  hs_export_dialog_update_preview (dialog);
  all = hs_export_dialog_get_preview_paintable (dialog);
  g_assert_true (GDK_IS_TEXTURE (all));
  all_steps = g_object_ref (GDK_TEXTURE (all));

  /* steps 2 to 6 */
  hs_export_dialog_set_frames (dialog, TRUE);
  g_assert_true (hs_export_dialog_get_frames (dialog));
  {
    GtkWidget *child;
    GtkSwitch *all_switch = NULL;
    GtkSpinButton *spins[2] = { NULL, NULL };
    guint n_spins = 0;
    GtkWidget *stack[64];
    guint depth = 0;

    /* the range's widgets: the first switch after "One image per step"
     * is "All steps", the two spin buttons are the range */
    stack[depth++] = GTK_WIDGET (dialog);
    while (depth > 0)
      {
        GtkWidget *w = stack[--depth];

        if (GTK_IS_SPIN_BUTTON (w) && n_spins < 2)
          spins[n_spins++] = GTK_SPIN_BUTTON (w);
        if (GTK_IS_SWITCH (w) && gtk_switch_get_active (GTK_SWITCH (w)) &&
            g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (w)), "all_steps_switch") == 0)
          all_switch = GTK_SWITCH (w);
        for (child = gtk_widget_get_last_child (w); child != NULL && depth < G_N_ELEMENTS (stack);
             child = gtk_widget_get_prev_sibling (child))
          stack[depth++] = child;
      }
    g_assert_nonnull (all_switch);
    g_assert_cmpuint (n_spins, ==, 2);
    gtk_switch_set_active (all_switch, FALSE);
    gtk_spin_button_set_value (spins[0], 2);
    gtk_spin_button_set_value (spins[1], 6);
  }

  /* the preview is the first frame: the diagram after step 2 only */
  hs_export_dialog_update_preview (dialog);
  first = hs_export_dialog_get_preview_paintable (dialog);
  g_assert_true (GDK_IS_TEXTURE (first));
  g_assert_true (first != GDK_PAINTABLE (all_steps));
  g_assert_cmpuint (count_colours (GDK_TEXTURE (first)), >, 10);

  dir = g_dir_make_tmp ("hs-frames-XXXXXX", &error);
  g_assert_no_error (error);
  frames = g_build_filename (dir, "handshake-frames", NULL);
  g_signal_emit_by_name (dialog, "export-file", frames);

  listing = g_dir_open (frames, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (listing)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_dir_close (listing);
  g_ptr_array_sort (names, compare_names);
  g_assert_cmpuint (names->len, ==, 5);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *expected = g_strdup_printf ("frame-%04u.png", i + 2);
      g_autofree char *path = g_build_filename (frames, expected, NULL);
      g_autofree char *contents = NULL;
      gsize len;

      g_assert_cmpstr (g_ptr_array_index (names, i), ==, expected);
      g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
      g_assert_cmpuint (len, >, 8);
      g_assert_true (memcmp (contents, "\x89PNG\r\n\x1a\n", 8) == 0);
      g_unlink (path);
    }
  g_rmdir (frames);
  g_rmdir (dir);

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  hs_test_ui_init (&argc, &argv);

  g_test_add_func ("/ui/export-dialog/preview", test_preview);
  g_test_add_func ("/ui/export-dialog/frames", test_frames);
  g_test_add_func ("/ui/export-dialog/plots", test_plots);

  app = hs_test_ui_app_new ();
  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
