/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-plot-export.h: a plot as PNG, SVG or PDF (the renderer's picture) or
 * CSV (its series), written atomically through HsOutput. */

#pragma once

#include <gio/gio.h>

#include "hs-plot-renderer.h"

G_BEGIN_DECLS

typedef enum
{
  HS_PLOT_FORMAT_PNG,
  HS_PLOT_FORMAT_SVG,
  HS_PLOT_FORMAT_PDF,
  HS_PLOT_FORMAT_CSV,
  HS_PLOT_N_FORMATS /*< skip >*/
} HsPlotFormat;

/* "png", "svg", "pdf", "csv", any case; from_path reads the extension. */
gboolean hs_plot_format_from_string (const char   *str,
                                     HsPlotFormat *format);
gboolean hs_plot_format_from_path   (const char   *path,
                                     HsPlotFormat *format);

/* Writes @data to @path ("-": standard output) in @format. @options gives
 * the style and size (NULL: defaults); @scale is PNG pixels per pixel (1
 * or 2). On failure nothing is left behind and @error (HS_ERROR) names the
 * file. */
gboolean hs_plot_export             (HsPlotData                *data,
                                     const char                *path,
                                     HsPlotFormat               format,
                                     const HsPlotRenderOptions *options,
                                     double                     scale,
                                     GCancellable              *cancellable,
                                     GError                   **error);

G_END_DECLS
