/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-window-print.c: "win.print" (Ctrl+P): the sequence diagram through
 * GtkPrintOperation, cut into pages as the PDF export cuts them, with the
 * lesson's title and the page number at the top of every page and, as
 * options, the plot the window shows on a page after the diagram and the
 * narration of every step after that. */

#define G_LOG_DOMAIN "hs-window"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-diagram-export.h"
#include "hs-error.h"
#include "hs-narration.h"
#include "hs-plot-renderer.h"
#include "hs-plot-view.h"
#include "hs-window-print.h"
#include "hs-window-private.h"

#define HEADER_PT        26.0    /* the title and page number, and a rule */
#define HEADER_FONT      "Sans 9"
#define NARRATION_FONT   "Sans 10"
#define NARRATION_GAP_PT 6.0     /* between two steps' sentences */
/* where the narration and plot choices are kept with the rest of the
 * print settings */
#define NARRATION_SETTING "handshake-print-narration"
#define PLOTS_SETTING     "handshake-print-plots"
/* A plot's page is drawn this many pixels wide (as the PDF export's
 * paper layout, about), then scaled to the printable width. */
#define PLOT_PAGE_PX      960.0

/* What the window keeps between two prints: the dialog's choices. Kept as
 * object data so that the window's struct stays the window's. */
typedef struct
{
  GtkPrintSettings *settings;
  GtkPageSetup     *page_setup;
} PrintMemory;

/* One print, from the dialog to the last page. */
typedef struct
{
  /* owned */
  HsTrace         *trace;
  char            *title;
  HsDiagramLayout *layout;
  GArray          *breaks;          /* (start, end) layout y per diagram page */
  GPtrArray       *sentences;       /* "Step N. …", one per step */
  GArray          *narration_pages; /* guint: first sentence of each narration page */
  HsPlotData      *plot;            /* the pane's plot, or made for the print */

  /* borrowed: the custom tab's check buttons while the dialog shows */
  GtkCheckButton  *narration_check;
  GtkCheckButton  *plots_check;

  /* plain state */
  gboolean         narration;
  gboolean         plots;
  HsPlotKind       plot_kind;       /* the pane's, for a plot not made yet */
  guint            plot_endpoint;
  guint            n_plot_pages;
  double           scale;           /* pt per diagram px */
  guint            n_diagram_pages;
  guint            n_pages;
} PrintJob;

static void
print_memory_free (gpointer data)
{
  PrintMemory *memory = data;

  g_clear_object (&memory->settings);
  g_clear_object (&memory->page_setup);
  g_free (memory);
}

static PrintMemory *
get_memory (HsWindow *self)
{
  PrintMemory *memory = g_object_get_data (G_OBJECT (self), "hs-window-print");

  if (memory == NULL)
    {
      memory = g_new0 (PrintMemory, 1);
      g_object_set_data_full (G_OBJECT (self), "hs-window-print", memory, print_memory_free);
    }
  return memory;
}

static void
print_job_free (gpointer data)
{
  PrintJob *job = data;

  g_clear_object (&job->trace);
  g_clear_pointer (&job->title, g_free);
  g_clear_pointer (&job->layout, hs_diagram_layout_unref);
  g_clear_pointer (&job->breaks, g_array_unref);
  g_clear_pointer (&job->sentences, g_ptr_array_unref);
  g_clear_pointer (&job->narration_pages, g_array_unref);
  g_clear_object (&job->plot);
  g_free (job);
}

static PangoLayout *
create_text_layout (GtkPrintContext *context,
                    const char      *font,
                    double           width_pt)
{
  PangoLayout *layout = gtk_print_context_create_pango_layout (context);
  g_autoptr(PangoFontDescription) desc = pango_font_description_from_string (font);

  pango_layout_set_font_description (layout, desc);
  if (width_pt > 0)
    {
      pango_layout_set_width (layout, (int) (width_pt * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  return layout;
}

static double
text_height (PangoLayout *layout)
{
  int h;

  pango_layout_get_size (layout, NULL, &h);
  return (double) h / PANGO_SCALE;
}

/* Fills job->sentences and cuts them into pages of @height_pt; a sentence
 * is never split across two pages. */
static void
paginate_narration (PrintJob        *job,
                    GtkPrintContext *context,
                    double           width_pt,
                    double           height_pt)
{
  g_autoptr(PangoLayout) text = create_text_layout (context, NARRATION_FONT, width_pt);
  guint n_steps = hs_trace_get_n_steps (job->trace);
  double y = 0;

  job->sentences = g_ptr_array_new_with_free_func (g_free);
  job->narration_pages = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < n_steps; i++)
    {
      g_autofree char *sentence = hs_narration_format_step (job->trace, i);
      double h;

      /* Translators: one step of the printed narration: "Step 3. The client …" */
      g_ptr_array_add (job->sentences, g_strdup_printf (_("Step %u. %s"), i + 1, sentence));
      pango_layout_set_text (text, g_ptr_array_index (job->sentences, i), -1);
      h = text_height (text);
      if (job->narration_pages->len == 0 || (y > 0 && y + h > height_pt))
        {
          g_array_append_val (job->narration_pages, i);
          y = 0;
        }
      y += h + NARRATION_GAP_PT;
    }
}

static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                PrintJob          *job)
{
  g_autoptr(GError) error = NULL;
  HsDiagramExportOptions options;
  double width = gtk_print_context_get_width (context);
  double height = gtk_print_context_get_height (context) - HEADER_PT;

  /* the PDF export's paper layout: the print style, fitted to a sheet */
  hs_diagram_export_options_init (&options);
  options.style = HS_DIAGRAM_STYLE_PRINT;
  options.page = HS_DIAGRAM_PAGE_A4;
  job->layout = hs_diagram_export_create_layout (job->trace, HS_DIAGRAM_FORMAT_PDF, &options, &error);
  if (job->layout == NULL)
    {
      g_warning ("Could not lay the diagram out for printing: %s", error->message);
      gtk_print_operation_cancel (operation);
      return;
    }

  job->breaks = g_array_new (FALSE, FALSE, sizeof (double));
  job->n_diagram_pages = hs_diagram_export_paginate_area (job->layout, width, MAX (height, 72.0),
                                                          job->breaks, &job->scale);
  job->n_pages = job->n_diagram_pages;
  job->n_plot_pages = 0;
  if (job->plots)
    {
      /* the pane's plot, or the one it would show: a hidden pane has not
       * read the trace */
      if (job->plot == NULL)
        job->plot = hs_plot_data_new (job->trace, job->plot_kind, job->plot_endpoint);
      job->n_plot_pages = 1;
      job->n_pages += job->n_plot_pages;
    }
  if (job->narration)
    {
      paginate_narration (job, context, width, MAX (height, 72.0));
      job->n_pages += job->narration_pages->len;
    }
  gtk_print_operation_set_n_pages (operation, (int) job->n_pages);
}

static void
draw_header (PrintJob        *job,
             GtkPrintContext *context,
             cairo_t         *cr,
             guint            page)
{
  g_autoptr(PangoLayout) left = create_text_layout (context, HEADER_FONT, 0);
  g_autoptr(PangoLayout) right = create_text_layout (context, HEADER_FONT, 0);
  g_autofree char *number = NULL;
  double width = gtk_print_context_get_width (context);
  int right_w;

  /* Translators: the printed page's number, at its top right */
  number = g_strdup_printf (_("Page %u of %u"), page + 1, job->n_pages);
  pango_layout_set_text (right, number, -1);
  pango_layout_get_size (right, &right_w, NULL);

  pango_layout_set_text (left, job->title, -1);
  pango_layout_set_width (left, (int) ((width - (double) right_w / PANGO_SCALE - 18) * PANGO_SCALE));
  pango_layout_set_ellipsize (left, PANGO_ELLIPSIZE_END);

  cairo_save (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_move_to (cr, 0, 0);
  pango_cairo_show_layout (cr, left);
  cairo_move_to (cr, width - (double) right_w / PANGO_SCALE, 0);
  pango_cairo_show_layout (cr, right);
  cairo_set_line_width (cr, 0.5);
  cairo_move_to (cr, 0, HEADER_PT - 8);
  cairo_line_to (cr, width, HEADER_PT - 8);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
draw_narration_page (PrintJob        *job,
                     GtkPrintContext *context,
                     cairo_t         *cr,
                     guint            page)
{
  g_autoptr(PangoLayout) text = create_text_layout (context, NARRATION_FONT, gtk_print_context_get_width (context));
  guint first = g_array_index (job->narration_pages, guint, page);
  guint end = page + 1 < job->narration_pages->len
    ? g_array_index (job->narration_pages, guint, page + 1) : job->sentences->len;
  double y = 0;

  cairo_save (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  for (guint i = first; i < end; i++)
    {
      pango_layout_set_text (text, g_ptr_array_index (job->sentences, i), -1);
      cairo_move_to (cr, 0, y);
      pango_cairo_show_layout (cr, text);
      y += text_height (text) + NARRATION_GAP_PT;
    }
  cairo_restore (cr);
}

/* The plot on a page of its own, in the print style, as wide as the
 * printable area and at most three quarters as tall. */
static void
draw_plot_page (PrintJob        *job,
                GtkPrintContext *context,
                cairo_t         *cr)
{
  double width = gtk_print_context_get_width (context);
  double height = gtk_print_context_get_height (context) - HEADER_PT;
  double scale = width / PLOT_PAGE_PX;
  HsPlotRenderOptions options;

  hs_plot_render_options_init (&options);
  options.style = HS_DIAGRAM_STYLE_PRINT;
  options.width = PLOT_PAGE_PX;
  options.height = MIN (height / scale, PLOT_PAGE_PX * 0.75);
  /* paper is white already */
  options.transparent = TRUE;
  cairo_save (cr);
  cairo_scale (cr, scale, scale);
  hs_plot_render (job->plot, cr, &options);
  cairo_restore (cr);
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              PrintJob          *job)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  guint page = (guint) page_nr;

  draw_header (job, context, cr, page);

  cairo_save (cr);
  cairo_translate (cr, 0, HEADER_PT);
  if (page < job->n_diagram_pages)
    {
      cairo_scale (cr, job->scale, job->scale);
      hs_diagram_export_draw_page (job->layout, cr, job->breaks, page, NULL);
    }
  else if (page < job->n_diagram_pages + job->n_plot_pages)
    {
      draw_plot_page (job, context, cr);
    }
  else
    {
      draw_narration_page (job, context, cr, page - job->n_diagram_pages - job->n_plot_pages);
    }
  cairo_restore (cr);
}

static GObject *
create_custom_widget_cb (GtkPrintOperation *operation,
                         PrintJob          *job)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *check = gtk_check_button_new_with_mnemonic (_("Print the _narration of every step after the diagram"));

  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  GtkWidget *plots = gtk_check_button_new_with_mnemonic (_("Print the _plot shown in the window on a page after the diagram"));

  gtk_check_button_set_active (GTK_CHECK_BUTTON (plots), job->plots);
  gtk_box_append (GTK_BOX (box), plots);
  job->plots_check = GTK_CHECK_BUTTON (plots);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), job->narration);
  gtk_box_append (GTK_BOX (box), check);
  job->narration_check = GTK_CHECK_BUTTON (check);
  return G_OBJECT (box);
}

static void
custom_widget_apply_cb (GtkPrintOperation *operation,
                        GtkWidget         *widget,
                        PrintJob          *job)
{
  if (job->narration_check != NULL)
    job->narration = gtk_check_button_get_active (job->narration_check);
  if (job->plots_check != NULL)
    job->plots = gtk_check_button_get_active (job->plots_check);
  job->narration_check = NULL;
  job->plots_check = NULL;
}

/* A print operation for @self's trace; NULL with an error when no lesson
 * is open. */
static GtkPrintOperation *
create_operation (HsWindow      *self,
                  HsPrintFlags   flags,
                  GError       **error)
{
  HsPlotView *view = HS_PLOT_VIEW (self->plot_view);
  HsPlotData *shown = hs_plot_view_get_data (view);
  HsTrace *trace = hs_session_get_trace (self->session);
  PrintMemory *memory = get_memory (self);
  GtkPrintOperation *operation;
  PrintJob *job;
  const char *title;

  if (trace == NULL || hs_trace_get_n_steps (trace) == 0)
    {
      g_set_error_literal (error, HS_ERROR, HS_ERROR_FAILED, _("No lesson is open"));
      return NULL;
    }

  job = g_new0 (PrintJob, 1);
  job->trace = g_object_ref (trace);
  title = hs_trace_get_title (trace);
  if (title == NULL || *title == '\0')
    title = adw_window_title_get_title (self->window_title);
  job->title = g_strdup (title != NULL ? title : "");
  job->narration = (flags & HS_PRINT_NARRATION) != 0;
  job->plots = (flags & HS_PRINT_PLOTS) != 0;
  job->plot_kind = hs_plot_view_get_kind (view);
  job->plot_endpoint = shown != NULL ? hs_plot_data_get_endpoint (shown) : HS_TRACE_NONE;
  if (shown != NULL && hs_plot_data_get_trace (shown) == trace)
    job->plot = g_object_ref (shown);

  operation = gtk_print_operation_new ();
  g_object_set_data_full (G_OBJECT (operation), "hs-print-job", job, print_job_free);
  gtk_print_operation_set_job_name (operation, job->title);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_use_full_page (operation, FALSE);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  gtk_print_operation_set_custom_tab_label (operation, _("Diagram"));
  if (memory->settings != NULL)
    gtk_print_operation_set_print_settings (operation, memory->settings);
  if (memory->page_setup != NULL)
    gtk_print_operation_set_default_page_setup (operation, memory->page_setup);

  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print_cb), job);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), job);
  g_signal_connect (operation, "create-custom-widget", G_CALLBACK (create_custom_widget_cb), job);
  g_signal_connect (operation, "custom-widget-apply", G_CALLBACK (custom_widget_apply_cb), job);
  return operation;
}

/* Keeps what the dialog chose for the next print. */
static void
remember (HsWindow          *self,
          GtkPrintOperation *operation)
{
  PrintMemory *memory = get_memory (self);
  PrintJob *job = g_object_get_data (G_OBJECT (operation), "hs-print-job");
  GtkPrintSettings *settings = gtk_print_operation_get_print_settings (operation);
  GtkPageSetup *page_setup = NULL;

  if (settings == NULL)
    return;
  g_set_object (&memory->settings, settings);
  gtk_print_settings_set_bool (memory->settings, NARRATION_SETTING, job->narration);
  gtk_print_settings_set_bool (memory->settings, PLOTS_SETTING, job->plots);
  g_object_get (operation, "default-page-setup", &page_setup, NULL);
  if (page_setup != NULL)
    {
      g_set_object (&memory->page_setup, page_setup);
      g_object_unref (page_setup);
    }
}

static void
done_cb (GtkPrintOperation       *operation,
         GtkPrintOperationResult  result,
         HsWindow                *self)
{
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autoptr(GError) error = NULL;

      gtk_print_operation_get_error (operation, &error);
      _hs_window_show_error (self, _("Could Not Print"), error != NULL ? error->message : "");
    }
  else if (result == GTK_PRINT_OPERATION_RESULT_APPLY)
    {
      remember (self, operation);
    }
  g_object_unref (operation);
}

static void
print_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  HsWindow *self = HS_WINDOW (user_data);
  PrintMemory *memory = get_memory (self);
  g_autoptr(GError) error = NULL;
  GtkPrintOperation *operation;
  HsPrintFlags flags = HS_PRINT_DIAGRAM;

  if (memory->settings != NULL && gtk_print_settings_get_bool (memory->settings, NARRATION_SETTING))
    flags |= HS_PRINT_NARRATION;
  /* the plot is printed when it was last time, or (the first time) when
   * the window shows one */
  if (memory->settings != NULL ? gtk_print_settings_get_bool (memory->settings, PLOTS_SETTING)
                               : gtk_widget_get_visible (self->plot_view))
    flags |= HS_PRINT_PLOTS;

  operation = create_operation (self, flags, &error);
  if (operation == NULL)
    {
      _hs_window_toast (self, error->message);
      return;
    }
  gtk_print_operation_set_allow_async (operation, TRUE);
  g_signal_connect_object (operation, "done", G_CALLBACK (done_cb), self, 0);
  /* "done" tells how it ended, and drops the operation */
  gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, GTK_WINDOW (self), NULL);
}

static void
update_enabled (HsWindow *self)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "print");
  HsTrace *trace = hs_session_get_trace (self->session);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), trace != NULL && hs_trace_get_n_steps (trace) > 0);
}

static const GActionEntry print_entries[] = {
  { "print", print_action },
};

void
_hs_window_init_print (HsWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), print_entries, G_N_ELEMENTS (print_entries), self);
  g_signal_connect_object (self->session, "notify::trace", G_CALLBACK (update_enabled), self, G_CONNECT_SWAPPED);
  update_enabled (self);
}

gboolean
hs_window_print_to_file (HsWindow      *self,
                         const char    *path,
                         GtkPageSetup  *page_setup,
                         HsPrintFlags   flags,
                         guint         *n_pages,
                         GError       **error)
{
  g_autoptr(GtkPrintOperation) operation = NULL;
  GtkPrintOperationResult result;
  PrintJob *job;

  g_return_val_if_fail (HS_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  operation = create_operation (self, flags, error);
  if (operation == NULL)
    return FALSE;
  if (page_setup != NULL)
    gtk_print_operation_set_default_page_setup (operation, page_setup);
  gtk_print_operation_set_export_filename (operation, path);
  result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, GTK_WINDOW (self), error);
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    return FALSE;
  job = g_object_get_data (G_OBJECT (operation), "hs-print-job");
  if (job->layout == NULL)
    {
      g_set_error (error, HS_ERROR, HS_ERROR_FAILED, _("Could not print “%s”"), job->title);
      return FALSE;
    }
  if (n_pages != NULL)
    *n_pages = job->n_pages;
  return TRUE;
}
