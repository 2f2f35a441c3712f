/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-export.c: one entry point for the window's exports. */

#define G_LOG_DOMAIN "hs-export"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "hs-export.h"
#include "hs-output.h"
#include "hs-trace-writer.h"

static const struct {
  const char *name;
  const char *label;
  const char *mime_type;
} formats[HS_EXPORT_N_FORMATS] = {
  [HS_EXPORT_PNG]      = { "png",  N_("PNG Image"), "image/png" },
  [HS_EXPORT_SVG]      = { "svg",  N_("SVG Image"), "image/svg+xml" },
  [HS_EXPORT_PDF]      = { "pdf",  N_("PDF Document"), "application/pdf" },
  [HS_EXPORT_MERMAID]  = { "mmd",  N_("Mermaid Diagram"), "text/plain" },
  [HS_EXPORT_PLANTUML] = { "puml", N_("PlantUML Diagram"), "text/plain" },
  [HS_EXPORT_CSV]      = { "csv",  N_("CSV Table"), "text/csv" },
  [HS_EXPORT_JSON]     = { "json", N_("JSON Data"), "application/json" },
  [HS_EXPORT_TXT]      = { "txt",  N_("Text Ladder"), "text/plain" },
};

const char *
hs_export_format_to_string (HsExportFormat format)
{
  g_return_val_if_fail (format < HS_EXPORT_N_FORMATS, NULL);
  return formats[format].name;
}

gboolean
hs_export_format_from_string (const char     *str,
                              HsExportFormat *format)
{
  g_return_val_if_fail (format != NULL, FALSE);

  for (guint i = 0; str != NULL && i < HS_EXPORT_N_FORMATS; i++)
    if (g_ascii_strcasecmp (str, formats[i].name) == 0)
      {
        *format = i;
        return TRUE;
      }
  if (str != NULL && (g_ascii_strcasecmp (str, "mermaid") == 0))
    {
      *format = HS_EXPORT_MERMAID;
      return TRUE;
    }
  if (str != NULL && (g_ascii_strcasecmp (str, "plantuml") == 0))
    {
      *format = HS_EXPORT_PLANTUML;
      return TRUE;
    }
  return FALSE;
}

gboolean
hs_export_format_from_path (const char     *path,
                            HsExportFormat *format)
{
  const char *dot;

  g_return_val_if_fail (path != NULL, FALSE);

  dot = strrchr (path, '.');
  return dot != NULL && hs_export_format_from_string (dot + 1, format);
}

const char *
hs_export_format_get_label (HsExportFormat format)
{
  g_return_val_if_fail (format < HS_EXPORT_N_FORMATS, NULL);
  return _(formats[format].label);
}

const char *
hs_export_format_get_mime_type (HsExportFormat format)
{
  g_return_val_if_fail (format < HS_EXPORT_N_FORMATS, NULL);
  return formats[format].mime_type;
}

gboolean
hs_export_format_is_image (HsExportFormat format)
{
  return format == HS_EXPORT_PNG || format == HS_EXPORT_SVG || format == HS_EXPORT_PDF;
}

gboolean
hs_export_format_is_diagram (HsExportFormat format)
{
  return hs_export_format_is_image (format) || format == HS_EXPORT_MERMAID || format == HS_EXPORT_PLANTUML;
}

gboolean
hs_export_write (HsTrace                      *trace,
                 const char                   *path,
                 HsExportFormat                format,
                 const HsDiagramExportOptions *options,
                 GError                      **error)
{
  static const HsDiagramFormat diagram_formats[] = {
    [HS_EXPORT_PNG] = HS_DIAGRAM_FORMAT_PNG,
    [HS_EXPORT_SVG] = HS_DIAGRAM_FORMAT_SVG,
    [HS_EXPORT_PDF] = HS_DIAGRAM_FORMAT_PDF,
    [HS_EXPORT_MERMAID] = HS_DIAGRAM_FORMAT_MERMAID,
    [HS_EXPORT_PLANTUML] = HS_DIAGRAM_FORMAT_PLANTUML,
  };
  HsDiagramExportOptions defaults;
  g_autoptr(HsOutput) output = NULL;
  HsTraceFormat trace_format;

  g_return_val_if_fail (HS_IS_TRACE (trace), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (format < HS_EXPORT_N_FORMATS, FALSE);

  if (hs_export_format_is_diagram (format))
    {
      if (options == NULL)
        {
          hs_diagram_export_options_init (&defaults);
          options = &defaults;
        }
      return hs_diagram_export_format (trace, path, diagram_formats[format], options, error);
    }

  trace_format = format == HS_EXPORT_CSV ? HS_TRACE_FORMAT_CSV
               : format == HS_EXPORT_JSON ? HS_TRACE_FORMAT_JSON
               : HS_TRACE_FORMAT_TXT;
  output = hs_output_open (path, error);
  /* Not the sole reader: the window's views hold records of this trace. */
  return output != NULL &&
         hs_trace_write_to_stream (trace, trace_format, hs_output_get_stream (output),
                                   HS_TRACE_WRITE_DEFAULT, NULL, NULL, NULL, error) &&
         hs_output_commit (output, error);
}
