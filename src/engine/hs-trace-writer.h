/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-trace-writer.h: a trace as CSV, JSON or a text ladder diagram. */

#pragma once

#include <glib.h>

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

/* The whole file. Machine formats (CSV, JSON) are the same in every
 * language but for the title and narrations; TXT is in the user's. */
GBytes   *hs_trace_write                (HsTrace        *trace,
                                         HsTraceFormat   format,
                                         GError        **error);

G_END_DECLS
