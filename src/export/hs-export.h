/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-export.h: every format the window exports, by one name: the diagram
 * formats of src/diagram and the trace formats of the engine. GTK-free. */

#pragma once

#include "hs-diagram-export.h"
#include "hs-trace.h"

G_BEGIN_DECLS

typedef enum
{
  HS_EXPORT_PNG,
  HS_EXPORT_SVG,
  HS_EXPORT_PDF,
  HS_EXPORT_MERMAID,
  HS_EXPORT_PLANTUML,
  HS_EXPORT_CSV,
  HS_EXPORT_JSON,
  HS_EXPORT_TXT,
  HS_EXPORT_N_FORMATS
} HsExportFormat;

/* "png", "svg", ... as action targets and file extensions use them. */
const char *hs_export_format_to_string   (HsExportFormat  format);
gboolean    hs_export_format_from_string (const char     *str,
                                          HsExportFormat *format);
gboolean    hs_export_format_from_path   (const char     *path,
                                          HsExportFormat *format);
/* "PNG Image", translated. */
const char *hs_export_format_get_label   (HsExportFormat  format);
const char *hs_export_format_get_mime_type (HsExportFormat format);
/* PNG, SVG, PDF: pictures of the diagram. */
gboolean    hs_export_format_is_image    (HsExportFormat  format);
/* The images and the Mermaid and PlantUML texts: they take diagram options. */
gboolean    hs_export_format_is_diagram  (HsExportFormat  format);

/* Writes @trace to @path, atomically. @options (NULL for the defaults) is
 * read by the diagram formats. */
gboolean    hs_export_write              (HsTrace                      *trace,
                                          const char                   *path,
                                          HsExportFormat                format,
                                          const HsDiagramExportOptions *options,
                                          GError                      **error);

G_END_DECLS
