/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-export-dialog.h: the options that matter for each export format
 * (style, scale, steps, page size), then a file chooser. */

#pragma once

#include <adwaita.h>

#include "hs-export.h"

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

G_END_DECLS
