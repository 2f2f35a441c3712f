/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-trace-writer.h: a trace as CSV, JSON or a text ladder diagram. */

#pragma once

#include <gio/gio.h>

#include "hs-trace.h"

G_BEGIN_DECLS

typedef enum
{
  HS_TRACE_FORMAT_CSV,   /* one line per segment, as tshark would give it */
  HS_TRACE_FORMAT_JSON,  /* the whole trace, for programs */
  HS_TRACE_FORMAT_TXT,   /* a ladder diagram and the narration, for people */
} HsTraceFormat;

/* "csv", "json" or "txt", in any case. */
gboolean  hs_trace_format_from_string   (const char     *name,
                                         HsTraceFormat  *format);
/* By the extension of @path: "trace.CSV" is CSV. */
gboolean  hs_trace_format_from_filename (const char     *path,
                                         HsTraceFormat  *format);

typedef enum
{
  HS_TRACE_WRITE_DEFAULT     = 0,
  /* Nothing else reads the trace while it is written: the blocks decoded
   * for writing are dropped as the writer goes (hs_trace_trim()), so that
   * memory stays bounded however long the trace. */
  HS_TRACE_WRITE_SOLE_READER = 1 << 0,
} HsTraceWriteFlags;

/* Writes @trace to @stream as it goes, a buffer of HS_OUTPUT_CHUNK_SIZE at
 * a time. Machine formats (CSV, JSON) are the same in every language but
 * for the title and narrations; TXT is in the user's. A trace cut short by
 * the simulator's step limit says so in every format (a '#' line at the
 * end of CSV, a sentence at the end of the TXT ladder, "truncated" in
 * JSON's parameters). @progress is called between buffers with records
 * written and records in all. Fails with G_IO_ERROR_CANCELLED once
 * @cancellable is cancelled. */
gboolean  hs_trace_write_to_stream      (HsTrace                *trace,
                                         HsTraceFormat           format,
                                         GOutputStream          *stream,
                                         HsTraceWriteFlags       flags,
                                         GCancellable           *cancellable,
                                         GFileProgressCallback   progress,
                                         gpointer                progress_data,
                                         GError                **error);

/* The whole file in memory: for small traces and tests. */
GBytes   *hs_trace_write                (HsTrace        *trace,
                                         HsTraceFormat   format,
                                         GError        **error);

G_END_DECLS
