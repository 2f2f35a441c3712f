/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-plot-export.c: plots into files. */

#define G_LOG_DOMAIN "hs-plot"

#include "config.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>

#include <glib/gi18n-lib.h>

#include "hs-error.h"
#include "hs-output.h"
#include "hs-plot-export.h"

static const char * const format_names[HS_PLOT_N_FORMATS] = { "png", "svg", "pdf", "csv" };

gboolean
hs_plot_format_from_string (const char   *str,
                            HsPlotFormat *format)
{
  g_return_val_if_fail (str != NULL, FALSE);

  for (guint i = 0; i < HS_PLOT_N_FORMATS; i++)
    if (g_ascii_strcasecmp (str, format_names[i]) == 0)
      {
        if (format != NULL)
          *format = i;
        return TRUE;
      }
  return FALSE;
}

gboolean
hs_plot_format_from_path (const char   *path,
                          HsPlotFormat *format)
{
  const char *dot;

  g_return_val_if_fail (path != NULL, FALSE);

  dot = strrchr (path, '.');
  if (dot == NULL || strchr (dot, '/') != NULL)
    return FALSE;
  return hs_plot_format_from_string (dot + 1, format);
}

/* Cairo writes to the output as it draws; the output's own error (a full
 * disk) is kept to be reported instead of cairo's. */
typedef struct
{
  GOutputStream *stream;
  GCancellable  *cancellable;
  GError        *error;
} Sink;

static cairo_status_t
write_cb (void                *closure,
          const unsigned char *data,
          unsigned int         length)
{
  Sink *sink = closure;

  if (sink->error != NULL)
    return CAIRO_STATUS_WRITE_ERROR;
  if (!g_output_stream_write_all (sink->stream, data, length, NULL, sink->cancellable, &sink->error))
    return CAIRO_STATUS_WRITE_ERROR;
  return CAIRO_STATUS_SUCCESS;
}

static gboolean
check (Sink           *sink,
       cairo_status_t  status,
       const char     *path,
       GError        **error)
{
  if (sink->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&sink->error));
      return FALSE;
    }
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, HS_ERROR, HS_ERROR_FAILED,
                   /* Translators: %s is a file name, the second a reason from cairo */
                   _("Could not draw “%s”: %s."), path, cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

static gboolean
draw_to (HsPlotData                *data,
         HsPlotFormat               format,
         const HsPlotRenderOptions *options,
         double                     scale,
         Sink                      *sink,
         const char                *path,
         GError                   **error)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;

  switch (format)
    {
    case HS_PLOT_FORMAT_PNG:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                            (int) (options->width * scale), (int) (options->height * scale));
      break;
    case HS_PLOT_FORMAT_SVG:
      surface = cairo_svg_surface_create_for_stream (write_cb, sink, options->width, options->height);
      cairo_svg_surface_restrict_to_version (surface, CAIRO_SVG_VERSION_1_1);
      cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PX);
      break;
    case HS_PLOT_FORMAT_PDF:
    default:
      /* 96 px to the inch on screen, 72 pt to the inch on paper */
      surface = cairo_pdf_surface_create_for_stream (write_cb, sink, options->width * 0.75, options->height * 0.75);
      break;
    }

  cr = cairo_create (surface);
  if (format == HS_PLOT_FORMAT_PNG)
    cairo_scale (cr, scale, scale);
  else if (format == HS_PLOT_FORMAT_PDF)
    cairo_scale (cr, 0.75, 0.75);
  hs_plot_render (data, cr, options);
  status = cairo_status (cr);
  cairo_destroy (cr);
  if (format == HS_PLOT_FORMAT_PNG && status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_write_to_png_stream (surface, write_cb, sink);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  return check (sink, status, path, error);
}

gboolean
hs_plot_export (HsPlotData                *data,
                const char                *path,
                HsPlotFormat               format,
                const HsPlotRenderOptions *options,
                double                     scale,
                GCancellable              *cancellable,
                GError                   **error)
{
  g_autoptr(HsOutput) output = NULL;
  HsPlotRenderOptions defaults;
  Sink sink = { 0 };

  g_return_val_if_fail (HS_IS_PLOT_DATA (data), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (format < HS_PLOT_N_FORMATS, FALSE);

  if (options == NULL)
    {
      hs_plot_render_options_init (&defaults);
      options = &defaults;
    }
  if (scale <= 0)
    scale = 1;

  output = hs_output_open (path, error);
  if (output == NULL)
    return FALSE;
  sink.stream = hs_output_get_stream (output);
  sink.cancellable = cancellable;

  if (format == HS_PLOT_FORMAT_CSV)
    {
      if (!hs_plot_data_write_csv (data, sink.stream, cancellable, error))
        return FALSE;
    }
  else if (!draw_to (data, format, options, scale, &sink, path, error))
    return FALSE;

  return hs_output_commit (output, error);
}
