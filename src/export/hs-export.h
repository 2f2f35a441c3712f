/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-export.h: every format a trace can be exported in, in one registry,
 * and one function that writes a trace in any of them. The command line
 * and the window both use it, so they offer the same formats under the
 * same names. GTK-free: the engine's trace writers, the diagram's
 * exporters and the capture writer, streamed through HsOutput. */

#pragma once

#include <gio/gio.h>

#include "hs-diagram-export.h"
#include "hs-output.h"
#include "hs-trace-writer.h"
#include "hs-trace.h"

G_BEGIN_DECLS

/* What a format holds. */
typedef enum
{
  HS_EXPORT_KIND_TRACE,        /* the trace as data: CSV, JSON, the text ladder */
  HS_EXPORT_KIND_DIAGRAM,      /* a picture or a diagram text: PNG, SVG, PDF, Mermaid, PlantUML */
  HS_EXPORT_KIND_CAPTURE,      /* packets on the wire: pcap */
} HsExportKind;

/* In the order the window's export dialog lists them. The nicks are the
 * names --format takes and the registry's names ("mmd", not "mermaid"). */
typedef enum
{
  HS_EXPORT_PNG,
  HS_EXPORT_SVG,
  HS_EXPORT_PDF,
  HS_EXPORT_MERMAID,   /*< nick=mmd >*/
  HS_EXPORT_PLANTUML,  /*< nick=puml >*/
  HS_EXPORT_CSV,
  HS_EXPORT_JSON,
  HS_EXPORT_TXT,
  HS_EXPORT_PCAP,
  HS_EXPORT_N_FORMATS /*< skip >*/
} HsExportFormat;

typedef struct
{
  const char   *name;          /* "png": --format, action targets */
  const char   *extension;     /* "png", without the dot */
  const char   *mime_type;     /* "image/png" */
  const char   *label;         /* "PNG Image", untranslated: see hs_export_format_get_label() */
  HsExportKind  kind;
  gboolean      to_stdout;     /* whether it can be written to standard output ("-") */
} HsExportFormatInfo;

/* The registry's entry for @format. */
const HsExportFormatInfo *hs_export_format_get_info      (HsExportFormat  format);

const char     *hs_export_format_to_string     (HsExportFormat  format);
const char     *hs_export_format_get_extension (HsExportFormat  format);
const char     *hs_export_format_get_mime_type (HsExportFormat  format);
/* "PNG Image", translated. */
const char     *hs_export_format_get_label     (HsExportFormat  format);
HsExportKind    hs_export_format_get_kind      (HsExportFormat  format);
gboolean        hs_export_format_can_stdout    (HsExportFormat  format);
/* PNG, SVG, PDF: pictures of the diagram. */
gboolean        hs_export_format_is_image      (HsExportFormat  format);
/* The images and the Mermaid and PlantUML texts: they take diagram options. */
gboolean        hs_export_format_is_diagram    (HsExportFormat  format);

/* The diagram exporter's name for @format (hs-diagram-export.h); FALSE
 * for the formats that are not diagrams. */
gboolean        hs_export_format_get_diagram_format (HsExportFormat   format,
                                                     HsDiagramFormat *diagram_format);

/* A name ("png", "mermaid", "plantuml", "pu"), in any case. */
gboolean        hs_export_format_from_string   (const char     *str,
                                                HsExportFormat *format);
/* By the extension of @path's last component, in any case; a name that
 * only starts with a dot (".csv") is a hidden file's, with no extension. */
gboolean        hs_export_format_from_path     (const char     *path,
                                                HsExportFormat *format);

/* Which picture a diagram format draws. */
typedef enum
{
  HS_EXPORT_VIEW_SEQUENCE,     /* the sequence diagram (the default) */
  HS_EXPORT_VIEW_STATES,       /* the RFC 9293 state diagram: PNG, SVG and PDF only */
} HsExportView;

/* "sequence" or "states", in any case. */
gboolean        hs_export_view_from_string     (const char     *str,
                                                HsExportView   *view);

typedef struct
{
  HsExportView            view;          /* diagram formats */
  HsDiagramExportOptions  diagram;       /* diagram formats */
  guint                   capture_side;  /* pcap: an HsCaptureSide or an endpoint's index; default the client */
  HsTraceWriteFlags       trace_flags;   /* trace formats; HS_TRACE_WRITE_SOLE_READER when nothing
                                          * else reads the trace meanwhile */
} HsExportOptions;

/* The sequence diagram with hs_diagram_export_options_init()'s defaults,
 * a capture at the client, no trace flags. */
void            hs_export_options_init         (HsExportOptions *options);

/* What an export is doing, for a progress report. Formats that stream
 * (trace formats, Mermaid, PlantUML, pcap) report WRITE_BEGIN once the
 * output is open, WRITE_PROGRESS (trace formats only) between buffers, and
 * WRITE_END; pictures report DRAW_BEGIN before the layout and DRAW_END
 * after the file is written, and report nothing in between: drawing cannot
 * be stopped part-way, only thrown away. */
typedef enum
{
  HS_EXPORT_PHASE_WRITE_BEGIN,
  HS_EXPORT_PHASE_WRITE_PROGRESS,
  HS_EXPORT_PHASE_WRITE_END,
  HS_EXPORT_PHASE_DRAW_BEGIN,
  HS_EXPORT_PHASE_DRAW_END,
} HsExportPhase;

/* @output is the output being written during the WRITE phases, else NULL;
 * @current and @total are records (WRITE_PROGRESS), else 0. */
typedef void (*HsExportProgressFunc) (HsExportPhase  phase,
                                      HsOutput      *output,
                                      goffset        current,
                                      goffset        total,
                                      gpointer       user_data);

/* Fails, with a sentence that says to name a file, when @format cannot go
 * to @path because @path is "-" (standard output). */
gboolean        hs_export_check_destination    (HsExportFormat  format,
                                                const char     *path,
                                                GError        **error);

/* Writes @trace to @path ("-": standard output) in @format with @options
 * (NULL: hs_export_options_init()'s), atomically: a file is replaced whole
 * or not at all (hs-output.h). Streams as it goes; fails with
 * G_IO_ERROR_CANCELLED once @cancellable is cancelled (checked between
 * buffers of the streamed formats). */
gboolean        hs_export_trace                (HsTrace               *trace,
                                                const char            *path,
                                                HsExportFormat         format,
                                                const HsExportOptions *options,
                                                GCancellable          *cancellable,
                                                HsExportProgressFunc   progress,
                                                gpointer               progress_data,
                                                GError               **error);

G_END_DECLS
