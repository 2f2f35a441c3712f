/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-export-dialog.h: the options that matter for each export format
 * (style, scale, steps, page size), then a file chooser. */

#pragma once

#include <adwaita.h>

#include "hs-export.h"
#include "hs-plot-renderer.h"

G_BEGIN_DECLS

#define HS_TYPE_EXPORT_DIALOG (hs_export_dialog_get_type ())
G_DECLARE_FINAL_TYPE (HsExportDialog, hs_export_dialog, HS, EXPORT_DIALOG, AdwWindow)

/* @n_steps bounds the step range; @basename names the file ("full-connection"). */
HsExportDialog *hs_export_dialog_new         (GtkWindow              *parent,
                                              HsExportFormat          format,
                                              HsDiagramStyleKind      style,
                                              guint                   n_steps,
                                              const char             *basename);
HsExportFormat  hs_export_dialog_get_format  (HsExportDialog         *self);
void            hs_export_dialog_get_options (HsExportDialog         *self,
                                              HsDiagramExportOptions *options);

void            hs_export_dialog_set_format  (HsExportDialog         *self,
                                              HsExportFormat          format);
/* The trace the preview draws (the window's). */
void            hs_export_dialog_set_trace   (HsExportDialog         *self,
                                              HsTrace                *trace);
/* What to export: the sequence diagram (@kind -1, the default) or a
 * plot of @kind (HsPlotKind) for what @endpoint sends (HS_TRACE_NONE: the
 * busiest sender), which offers PNG, SVG, PDF and CSV only. */
void            hs_export_dialog_set_plot    (HsExportDialog         *self,
                                              int                     kind,
                                              guint                   endpoint);
/* TRUE when a plot is chosen: its kind and endpoint. */
gboolean        hs_export_dialog_get_plot    (HsExportDialog         *self,
                                              HsPlotKind             *kind,
                                              guint                  *endpoint);
/* A plot's look as the dialog sets it (style, background), at the size
 * the window's plot exports at; @scale: PNG pixels per pixel (1 or 2). */
void            hs_export_dialog_get_plot_options (HsExportDialog    *self,
                                              HsPlotRenderOptions    *options,
                                              double                 *scale);
/* One image per step into a folder (--frames), for PNG, SVG and PDF. */
gboolean        hs_export_dialog_get_frames  (HsExportDialog         *self);
void            hs_export_dialog_set_frames  (HsExportDialog         *self,
                                              gboolean                frames);
/* The preview, drawn now rather than when the main loop is idle; what it
 * shows: a picture's first page, or the first lines of a text (or what a
 * binary format holds). For tests. */
void            hs_export_dialog_update_preview         (HsExportDialog *self);
GdkPaintable   *hs_export_dialog_get_preview_paintable  (HsExportDialog *self);
const char     *hs_export_dialog_get_preview_text       (HsExportDialog *self);

G_END_DECLS
