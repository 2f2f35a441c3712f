/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-export.c: the export formats' registry, and writing a trace in any
 * of them. */

#define G_LOG_DOMAIN "hs-export"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "hs-capture-writer.h"
#include "hs-error.h"
#include "hs-export-enums.h"
#include "hs-export.h"

static const HsExportFormatInfo formats[HS_EXPORT_N_FORMATS] = {
  [HS_EXPORT_PNG]      = { "png",  "png",  "image/png",        N_("PNG Image"),        HS_EXPORT_KIND_DIAGRAM, FALSE },
  [HS_EXPORT_SVG]      = { "svg",  "svg",  "image/svg+xml",    N_("SVG Image"),        HS_EXPORT_KIND_DIAGRAM, FALSE },
  [HS_EXPORT_PDF]      = { "pdf",  "pdf",  "application/pdf",  N_("PDF Document"),     HS_EXPORT_KIND_DIAGRAM, FALSE },
  [HS_EXPORT_MERMAID]  = { "mmd",  "mmd",  "text/plain",       N_("Mermaid Diagram"),  HS_EXPORT_KIND_DIAGRAM, TRUE },
  [HS_EXPORT_PLANTUML] = { "puml", "puml", "text/plain",       N_("PlantUML Diagram"), HS_EXPORT_KIND_DIAGRAM, TRUE },
  [HS_EXPORT_CSV]      = { "csv",  "csv",  "text/csv",         N_("CSV Table"),        HS_EXPORT_KIND_TRACE,   TRUE },
  [HS_EXPORT_JSON]     = { "json", "json", "application/json", N_("JSON Data"),        HS_EXPORT_KIND_TRACE,   TRUE },
  [HS_EXPORT_TXT]      = { "txt",  "txt",  "text/plain",       N_("Text Ladder"),      HS_EXPORT_KIND_TRACE,   TRUE },
  [HS_EXPORT_PCAP]     = { "pcap", "pcap", "application/vnd.tcpdump.pcap",
                           /* Translators: a file format in the export dialog */
                           N_("pcap Capture"),     HS_EXPORT_KIND_CAPTURE, FALSE },
};

/* Other names the command line has always taken. */
static const struct {
  const char     *name;
  HsExportFormat  format;
} aliases[] = {
  { "mermaid",  HS_EXPORT_MERMAID },
  { "plantuml", HS_EXPORT_PLANTUML },
  { "pu",       HS_EXPORT_PLANTUML },
};

const HsExportFormatInfo *
hs_export_format_get_info (HsExportFormat format)
{
  g_return_val_if_fail (format < HS_EXPORT_N_FORMATS, NULL);
  return &formats[format];
}

static GEnumClass *
format_class (void)
{
  static GEnumClass *klass;

  if (g_once_init_enter (&klass))
    g_once_init_leave (&klass, g_type_class_ref (HS_TYPE_EXPORT_FORMAT));
  return klass;
}

/* A format's name is the nick of its generated GType (hs-export-enums.h);
 * the registry's "name" says the same, checked by test-export. */
const char *
hs_export_format_to_string (HsExportFormat format)
{
  g_return_val_if_fail (format < HS_EXPORT_N_FORMATS, NULL);
  return g_enum_get_value (format_class (), format)->value_nick;
}

const char *
hs_export_format_get_extension (HsExportFormat format)
{
  g_return_val_if_fail (format < HS_EXPORT_N_FORMATS, NULL);
  return formats[format].extension;
}

const char *
hs_export_format_get_mime_type (HsExportFormat format)
{
  g_return_val_if_fail (format < HS_EXPORT_N_FORMATS, NULL);
  return formats[format].mime_type;
}

const char *
hs_export_format_get_label (HsExportFormat format)
{
  g_return_val_if_fail (format < HS_EXPORT_N_FORMATS, NULL);
  return _(formats[format].label);
}

HsExportKind
hs_export_format_get_kind (HsExportFormat format)
{
  g_return_val_if_fail (format < HS_EXPORT_N_FORMATS, HS_EXPORT_KIND_TRACE);
  return formats[format].kind;
}

gboolean
hs_export_format_can_stdout (HsExportFormat format)
{
  g_return_val_if_fail (format < HS_EXPORT_N_FORMATS, FALSE);
  return formats[format].to_stdout;
}

gboolean
hs_export_format_is_image (HsExportFormat format)
{
  return format == HS_EXPORT_PNG || format == HS_EXPORT_SVG || format == HS_EXPORT_PDF;
}

gboolean
hs_export_format_is_diagram (HsExportFormat format)
{
  return format < HS_EXPORT_N_FORMATS && formats[format].kind == HS_EXPORT_KIND_DIAGRAM;
}

gboolean
hs_export_format_get_diagram_format (HsExportFormat   format,
                                     HsDiagramFormat *diagram_format)
{
  static const HsDiagramFormat diagram_formats[] = {
    [HS_EXPORT_PNG] = HS_DIAGRAM_FORMAT_PNG,
    [HS_EXPORT_SVG] = HS_DIAGRAM_FORMAT_SVG,
    [HS_EXPORT_PDF] = HS_DIAGRAM_FORMAT_PDF,
    [HS_EXPORT_MERMAID] = HS_DIAGRAM_FORMAT_MERMAID,
    [HS_EXPORT_PLANTUML] = HS_DIAGRAM_FORMAT_PLANTUML,
  };

  g_return_val_if_fail (diagram_format != NULL, FALSE);

  if (!hs_export_format_is_diagram (format))
    return FALSE;
  *diagram_format = diagram_formats[format];
  return TRUE;
}

gboolean
hs_export_format_from_string (const char     *str,
                              HsExportFormat *format)
{
  g_autofree char *nick = NULL;
  GEnumValue *value;

  g_return_val_if_fail (format != NULL, FALSE);

  if (str == NULL)
    return FALSE;
  nick = g_ascii_strdown (str, -1);
  if ((value = g_enum_get_value_by_nick (format_class (), nick)) != NULL)
    {
      *format = value->value;
      return TRUE;
    }
  for (guint i = 0; i < HS_EXPORT_N_FORMATS; i++)
    if (g_str_equal (nick, formats[i].extension))
      {
        *format = i;
        return TRUE;
      }
  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    if (g_str_equal (nick, aliases[i].name))
      {
        *format = aliases[i].format;
        return TRUE;
      }
  return FALSE;
}

gboolean
hs_export_format_from_path (const char     *path,
                            HsExportFormat *format)
{
  const char *base, *dot;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (format != NULL, FALSE);

  base = strrchr (path, G_DIR_SEPARATOR);
  base = base != NULL ? base + 1 : path;
  dot = strrchr (base, '.');
  /* ".csv" alone is a hidden file's name, not an extension */
  return dot != NULL && dot != base && hs_export_format_from_string (dot + 1, format);
}

gboolean
hs_export_view_from_string (const char   *str,
                            HsExportView *view)
{
  g_autoptr(GEnumClass) klass = NULL;
  g_autofree char *nick = NULL;
  GEnumValue *value;

  g_return_val_if_fail (view != NULL, FALSE);

  if (str == NULL)
    return FALSE;
  klass = g_type_class_ref (HS_TYPE_EXPORT_VIEW);
  nick = g_ascii_strdown (str, -1);
  if ((value = g_enum_get_value_by_nick (klass, nick)) == NULL)
    return FALSE;
  *view = value->value;
  return TRUE;
}

void
hs_export_options_init (HsExportOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->view = HS_EXPORT_VIEW_SEQUENCE;
  hs_diagram_export_options_init (&options->diagram);
  options->capture_side = HS_CAPTURE_SIDE_CLIENT;
  options->trace_flags = HS_TRACE_WRITE_DEFAULT;
}

gboolean
hs_export_check_destination (HsExportFormat   format,
                             const char      *path,
                             GError         **error)
{
  g_return_val_if_fail (format < HS_EXPORT_N_FORMATS, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (formats[format].to_stdout || !g_str_equal (path, "-"))
    return TRUE;

  if (formats[format].kind == HS_EXPORT_KIND_CAPTURE)
    g_set_error (error, HS_ERROR, HS_ERROR_UNSUPPORTED, _("A pcap capture cannot be written to standard output: name a file"));
  else
    g_set_error (error, HS_ERROR, HS_ERROR_UNSUPPORTED, _("An image cannot be written to standard output: name a file"));
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* Writing                                                             */

typedef struct
{
  HsExportProgressFunc  func;
  gpointer              data;
  HsOutput             *output;
} Progress;

static void
report (Progress      *progress,
        HsExportPhase  phase,
        goffset        current,
        goffset        total)
{
  if (progress->func != NULL)
    progress->func (phase, progress->output, current, total, progress->data);
}

static void
write_progress_cb (goffset  current,
                   goffset  total,
                   gpointer user_data)
{
  report (user_data, HS_EXPORT_PHASE_WRITE_PROGRESS, current, total);
}

/* The formats that are written as they are made. */
static gboolean
stream_out (HsTrace               *trace,
            const char            *path,
            HsExportFormat         format,
            const HsExportOptions *options,
            GCancellable          *cancellable,
            Progress              *progress,
            GError               **error)
{
  static const HsTraceFormat trace_formats[] = {
    [HS_EXPORT_CSV] = HS_TRACE_FORMAT_CSV,
    [HS_EXPORT_JSON] = HS_TRACE_FORMAT_JSON,
    [HS_EXPORT_TXT] = HS_TRACE_FORMAT_TXT,
  };
  g_autoptr(HsOutput) output = hs_output_open (path, error);
  GOutputStream *stream;
  gboolean ok;

  if (output == NULL)
    return FALSE;

  stream = hs_output_get_stream (output);
  progress->output = output;
  report (progress, HS_EXPORT_PHASE_WRITE_BEGIN, 0, 0);

  switch (format)
    {
    case HS_EXPORT_PCAP:
      ok = hs_capture_write_pcap_to_stream (trace, options->capture_side, stream, cancellable, error);
      break;
    case HS_EXPORT_MERMAID:
    case HS_EXPORT_PLANTUML:
      {
        HsDiagramFormat diagram_format = HS_DIAGRAM_FORMAT_MERMAID;

        hs_export_format_get_diagram_format (format, &diagram_format);
        ok = hs_diagram_export_text_to_stream (trace, diagram_format, &options->diagram.layout,
                                               stream, cancellable, error);
      }
      break;
    case HS_EXPORT_CSV:
    case HS_EXPORT_JSON:
    case HS_EXPORT_TXT:
      ok = hs_trace_write_to_stream (trace, trace_formats[format], stream, options->trace_flags,
                                     cancellable, write_progress_cb, progress, error);
      break;
    case HS_EXPORT_PNG:
    case HS_EXPORT_SVG:
    case HS_EXPORT_PDF:
    case HS_EXPORT_N_FORMATS:
    default:
      g_assert_not_reached ();
    }

  report (progress, HS_EXPORT_PHASE_WRITE_END, 0, 0);
  progress->output = NULL;

  return ok && hs_output_commit (output, error);
}

/* The pictures: laid out and drawn whole, then written. */
static gboolean
draw_out (HsTrace               *trace,
          const char            *path,
          HsExportFormat         format,
          const HsExportOptions *options,
          Progress              *progress,
          GError               **error)
{
  HsDiagramFormat diagram_format = HS_DIAGRAM_FORMAT_PNG;
  gboolean ok;

  hs_export_format_get_diagram_format (format, &diagram_format);
  report (progress, HS_EXPORT_PHASE_DRAW_BEGIN, 0, 0);
  if (options->view == HS_EXPORT_VIEW_STATES)
    ok = hs_diagram_export_states (trace, path, diagram_format, &options->diagram, error);
  else
    ok = hs_diagram_export_format (trace, path, diagram_format, &options->diagram, error);
  report (progress, HS_EXPORT_PHASE_DRAW_END, 0, 0);

  return ok;
}

gboolean
hs_export_trace (HsTrace               *trace,
                 const char            *path,
                 HsExportFormat         format,
                 const HsExportOptions *options,
                 GCancellable          *cancellable,
                 HsExportProgressFunc   progress_func,
                 gpointer               progress_data,
                 GError               **error)
{
  HsExportOptions defaults;
  Progress progress = { progress_func, progress_data, NULL };

  g_return_val_if_fail (HS_IS_TRACE (trace), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (format < HS_EXPORT_N_FORMATS, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (options == NULL)
    {
      hs_export_options_init (&defaults);
      options = &defaults;
    }

  if (!hs_export_check_destination (format, path, error))
    return FALSE;

  if (options->view == HS_EXPORT_VIEW_STATES && !hs_export_format_is_image (format))
    {
      g_set_error (error, HS_ERROR, HS_ERROR_UNSUPPORTED,
                   /* Translators: %s is a file name */
                   _("Could not write “%s”: the state diagram is drawn as PNG, SVG or PDF only."),
                   path);
      return FALSE;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  if (hs_export_format_is_image (format))
    return draw_out (trace, path, format, options, &progress, error);
  return stream_out (trace, path, format, options, cancellable, &progress, error);
}
