/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-state-export.c: the RFC 9293 state diagram as PNG, SVG or PDF, with
 * both endpoints where a trace leaves them (--view states). Written
 * through HsOutput as cairo makes it, like the sequence diagram. */

#define G_LOG_DOMAIN "hs-diagram-export"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>

#include "hs-diagram-export-private.h"
#include "hs-error.h"
#include "hs-output.h"
#include "hs-state-machine.h"

/* Around the figure, as hs_state_machine_draw() leaves it. */
#define FIGURE_MARGIN 16.0

typedef struct
{
  HsStateMachineColors colors;
  HsStateMachineMark   marks[2];
  guint                n_marks;
} Figure;

/* The canvas in pixels: @width wide (0: the figure's own size) and as
 * tall as the figure needs at that width. */
static void
canvas_size (double  width,
             double *w,
             double *h)
{
  double fw, fh;

  hs_state_machine_get_size (&fw, &fh);
  if (width <= 0)
    width = fw + 2 * FIGURE_MARGIN;
  *w = width;
  *h = ceil ((width - 2 * FIGURE_MARGIN) * fh / fw + 2 * FIGURE_MARGIN);
}

static void
draw_figure (cairo_t      *cr,
             double        w,
             double        h,
             const Figure *figure)
{
  hs_state_machine_draw (cr, w, h, &figure->colors, figure->marks, figure->n_marks, 1.0);
}

static gboolean
export_png (const Figure                 *figure,
            const char                   *path,
            const HsDiagramExportOptions *options,
            double                        w,
            double                        h,
            GError                      **error)
{
  g_autoptr(HsOutput) output = NULL;
  HsDiagramStreamClosure sc = { 0 };
  double scale = options->scale > 0 ? options->scale : 1.0;
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;

  output = hs_output_open (path, error);
  if (output == NULL)
    return FALSE;
  sc.stream = hs_output_get_stream (output);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) ceil (w * scale), (int) ceil (h * scale));
  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  draw_figure (cr, w, h, figure);
  status = cairo_status (cr);
  cairo_destroy (cr);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_write_to_png_stream (surface, hs_diagram_export_write_to_stream, &sc);
  cairo_surface_destroy (surface);

  return hs_diagram_export_check_stream (&sc, status, path, error) &&
         hs_output_commit (output, error);
}

static gboolean
export_vector (const Figure                 *figure,
               HsTrace                      *trace,
               const char                   *path,
               HsDiagramFormat               format,
               const HsDiagramExportOptions *options,
               double                        w,
               double                        h,
               GError                      **error)
{
  g_autoptr(HsOutput) output = NULL;
  HsDiagramStreamClosure sc = { 0 };
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;

  output = hs_output_open (path, error);
  if (output == NULL)
    return FALSE;
  sc.stream = hs_output_get_stream (output);

  if (format == HS_DIAGRAM_FORMAT_SVG)
    {
      surface = cairo_svg_surface_create_for_stream (hs_diagram_export_write_to_stream, &sc, w, h);
      cairo_svg_surface_restrict_to_version (surface, CAIRO_SVG_VERSION_1_1);
      cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PX);
      cr = cairo_create (surface);
      draw_figure (cr, w, h, figure);
    }
  else
    {
      const char *title = hs_trace_get_title (trace);
      double page_w = w * HS_DIAGRAM_PX_TO_PT, page_h = h * HS_DIAGRAM_PX_TO_PT;
      double margin = 0;

      if (options->page != HS_DIAGRAM_PAGE_LONG)
        {
          page_w = options->page == HS_DIAGRAM_PAGE_A4 ? 595.276 : 612.0;
          page_h = options->page == HS_DIAGRAM_PAGE_A4 ? 841.89 : 792.0;
          margin = HS_DIAGRAM_PAPER_MARGIN_PT;
        }
      surface = cairo_pdf_surface_create_for_stream (hs_diagram_export_write_to_stream, &sc, page_w, page_h);
      if (title != NULL)
        cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Handshake");
      cr = cairo_create (surface);
      if (margin > 0)
        {
          /* the figure fitted to the sheet, on the page's background */
          if (figure->colors.background.alpha > 0)
            {
              cairo_set_source_rgba (cr, figure->colors.background.red, figure->colors.background.green,
                                     figure->colors.background.blue, figure->colors.background.alpha);
              cairo_paint (cr);
            }
          cairo_translate (cr, margin, margin);
          draw_figure (cr, page_w - 2 * margin, page_h - 2 * margin, figure);
        }
      else
        {
          cairo_scale (cr, HS_DIAGRAM_PX_TO_PT, HS_DIAGRAM_PX_TO_PT);
          draw_figure (cr, w, h, figure);
        }
      cairo_show_page (cr);
    }

  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  return hs_diagram_export_check_stream (&sc, status, path, error) &&
         hs_output_commit (output, error);
}

gboolean
hs_diagram_export_states (HsTrace                      *trace,
                          const char                   *path,
                          HsDiagramFormat               format,
                          const HsDiagramExportOptions *options,
                          GError                      **error)
{
  HsDiagramExportOptions defaults;
  g_autoptr(HsDiagramStyle) style = NULL;
  Figure figure;
  guint n_steps, step;
  double w, h;

  g_return_val_if_fail (HS_IS_TRACE (trace), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (options == NULL)
    {
      hs_diagram_export_options_init (&defaults);
      options = &defaults;
    }

  if (format != HS_DIAGRAM_FORMAT_PNG && format != HS_DIAGRAM_FORMAT_SVG && format != HS_DIAGRAM_FORMAT_PDF)
    {
      g_set_error (error, HS_ERROR, HS_ERROR_UNSUPPORTED,
                   /* Translators: %s is a file name */
                   _("Could not write “%s”: the state diagram is drawn as PNG, SVG or PDF only."),
                   path);
      return FALSE;
    }
  if (!hs_diagram_export_check_first_step (trace, options, error))
    return FALSE;

  /* the moment: the end, or the last step of the range */
  n_steps = hs_trace_get_n_steps (trace);
  step = n_steps == 0 ? HS_TRACE_NONE : MIN (options->layout.last_step, n_steps - 1);

  style = hs_diagram_style_new (options->style);
  hs_state_machine_colors_from_style (style, &figure.colors);
  if (options->transparent)
    figure.colors.background.alpha = 0;
  figure.n_marks = hs_state_machine_marks_at_step (trace, step, options->style, figure.marks);

  canvas_size (options->width, &w, &h);
  if (format == HS_DIAGRAM_FORMAT_PNG)
    {
      double scale = options->scale > 0 ? options->scale : 1.0;

      if (ceil (w * scale) > HS_DIAGRAM_PNG_MAX_PIXELS || ceil (h * scale) > HS_DIAGRAM_PNG_MAX_PIXELS)
        {
          g_set_error (error, HS_ERROR, HS_ERROR_TOO_LARGE,
                       _("Could not write “%s”: the image would be %.0f pixels wide, more than the %d pixels a PNG image can have here. Use a smaller width or scale."),
                       path, ceil (MAX (w, h) * scale), HS_DIAGRAM_PNG_MAX_PIXELS);
          return FALSE;
        }
      return export_png (&figure, path, options, w, h, error);
    }
  return export_vector (&figure, trace, path, format, options, w, h, error);
}
