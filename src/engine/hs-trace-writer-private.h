/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-trace-writer-private.h: what the trace writer's files share: the
 * Sink that streams a writer's text out as it fills, the writers, and the
 * names more than one format uses. */

#pragma once

#include "hs-narration.h"
#include "hs-output.h"
#include "hs-simulator.h"
#include "hs-trace-writer.h"

G_BEGIN_DECLS

/* Where a writer's text goes: a buffer written out to the stream each time
 * it fills, so that a trace of millions of segments never has its whole
 * export in memory. Writers append to @out and call
 * _hs_trace_writer_sink_next () after each record. */
typedef struct
{
  HsTrace               *trace;
  GString               *out;
  GOutputStream         *stream;
  HsTraceWriteFlags      flags;
  GCancellable          *cancellable;
  GFileProgressCallback  progress;
  gpointer               progress_data;
  goffset                done;      /* records written */
  goffset                total;     /* records to write */
  GError                *error;
} Sink;

/* hs-trace-writer.c */
gboolean      _hs_trace_writer_sink_flush          (Sink                  *sink);
const char   *_hs_trace_writer_fate_name           (guint                  fate);
/* The nick of @value of enum @type, or of the flag @bit of flags @type:
 * the names every machine format uses. NULL for a value with none. */
const char   *_hs_trace_writer_enum_nick           (GType                  type,
                                                    int                    value);
const char   *_hs_trace_writer_flag_nick           (GType                  type,
                                                    guint                  bit);
const char   *_hs_trace_writer_endpoint_name       (HsTrace               *trace,
                                                    guint                  endpoint);
const char   *_hs_trace_writer_state_name          (guint                  state);
char         *_hs_trace_writer_format_lane_address (const HsTraceEndpoint *endpoint);

/* one writer per format */
gboolean      _hs_trace_writer_write_csv           (Sink                  *sink);
gboolean      _hs_trace_writer_write_json          (Sink                  *sink);
gboolean      _hs_trace_writer_write_txt           (Sink                  *sink);

/* One record written: FALSE once writing has failed or been cancelled. */
static inline gboolean
_hs_trace_writer_sink_next (Sink *sink)
{
  sink->done++;

  /* Every so many records even when little was written (the text
   * ladder's measuring pass writes nothing), so that decoded blocks are
   * dropped and a cancel is seen. */
  if (G_UNLIKELY (sink->out->len >= HS_OUTPUT_CHUNK_SIZE || (sink->done & 4095) == 0))
    return _hs_trace_writer_sink_flush (sink);

  return TRUE;
}

G_END_DECLS
