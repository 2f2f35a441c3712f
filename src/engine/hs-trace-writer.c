/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-trace-writer.c: a trace as CSV, JSON or a text ladder diagram. This
 * file owns the public entry points (the format names, hs_trace_write () and
 * hs_trace_write_to_stream (), which picks the writer), the Sink every
 * writer streams through in HS_OUTPUT_CHUNK_SIZE (64 KiB) pieces, and what
 * more than one format uses (the fate names, endpoint and state names, a
 * lane's address). The formats themselves:
 *   hs-trace-writer-csv.c   one line per segment, as tshark would give it
 *   hs-trace-writer-json.c  the whole trace, for programs
 *   hs-trace-writer-txt.c   the ladder diagram and "What happened", for people
 * sharing hs-trace-writer-private.h. */

#define G_LOG_DOMAIN "hs-trace-writer"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "hs-engine-enums.h"
#include "hs-error.h"
#include "hs-trace-writer-private.h"

/* ------------------------------------------------------------- sink -- */

gboolean
_hs_trace_writer_sink_flush (Sink *sink)
{
  if (sink->error != NULL)
    return FALSE;

  if (sink->out->len > 0 &&
      !g_output_stream_write_all (sink->stream, sink->out->str, sink->out->len,
                                  NULL, sink->cancellable, &sink->error))
    return FALSE;
  g_string_truncate (sink->out, 0);

  /* Blocks decoded for reading would otherwise pile up to the whole
   * trace. Only the sole reader may drop them: another may hold pointers. */
  if (sink->flags & HS_TRACE_WRITE_SOLE_READER)
    hs_trace_trim (sink->trace);

  if (sink->progress != NULL)
    sink->progress (sink->done, sink->total, sink->progress_data);

  return !g_cancellable_set_error_if_cancelled (sink->cancellable, &sink->error);
}

/* --------------------------------------------------------------- names -- */

/* Names in machine formats are the nicks of the generated enum types
 * (hs-engine-enums.h): never translated, stable across versions, checked
 * by test-types. A static type's class is never finalized, so its nicks
 * outlive the reference taken to read them. */
const char *
_hs_trace_writer_enum_nick (GType type,
                            int   value)
{
  GEnumClass *klass = g_type_class_ref (type);
  GEnumValue *found = g_enum_get_value (klass, value);

  g_type_class_unref (klass);
  return found != NULL ? found->value_nick : NULL;
}

const char *
_hs_trace_writer_flag_nick (GType type,
                            guint bit)
{
  GFlagsClass *klass = g_type_class_ref (type);
  GFlagsValue *found = g_flags_get_first_value (klass, bit);

  g_type_class_unref (klass);
  return found != NULL && found->value == bit ? found->value_nick : NULL;
}

const char *
_hs_trace_writer_fate_name (guint fate)
{
  return _hs_trace_writer_enum_nick (HS_TYPE_SEGMENT_FATE, (int) fate);
}

const char *
_hs_trace_writer_endpoint_name (HsTrace *trace,
                                guint    endpoint)
{
  if (endpoint >= hs_trace_get_n_endpoints (trace))
    return "";

  return hs_trace_get_endpoint (trace, endpoint)->name;
}

const char *
_hs_trace_writer_state_name (guint state)
{
  if (state >= HS_N_STATES)
    return NULL;

  return hs_state_to_string ((HsState) state);
}

char *
_hs_trace_writer_format_lane_address (const HsTraceEndpoint *endpoint)
{
  if (endpoint->address == NULL || endpoint->address[0] == '\0')
    return g_strdup_printf ("%u", endpoint->port);

  /* As in URLs: the port must not read as part of an IPv6 address. */
  if (strchr (endpoint->address, ':') != NULL)
    return g_strdup_printf ("[%s]:%u", endpoint->address, endpoint->port);

  return g_strdup_printf ("%s:%u", endpoint->address, endpoint->port);
}

/* ------------------------------------------------------------- public -- */

gboolean
hs_trace_format_from_string (const char    *name,
                             HsTraceFormat *format)
{
  static const struct {
    const char    *name;
    HsTraceFormat  format;
  } formats[] = {
    { "csv",  HS_TRACE_FORMAT_CSV },
    { "json", HS_TRACE_FORMAT_JSON },
    { "txt",  HS_TRACE_FORMAT_TXT },
  };

  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      if (g_ascii_strcasecmp (name, formats[i].name) == 0)
        {
          if (format != NULL)
            *format = formats[i].format;
          return TRUE;
        }
    }

  return FALSE;
}

gboolean
hs_trace_format_from_filename (const char    *path,
                               HsTraceFormat *format)
{
  g_autofree char *basename = NULL;
  const char *dot;

  g_return_val_if_fail (path != NULL, FALSE);

  basename = g_path_get_basename (path);
  dot = strrchr (basename, '.');

  /* ".csv" alone is a hidden file's name, not an extension. */
  if (dot == NULL || dot == basename)
    return FALSE;

  return hs_trace_format_from_string (dot + 1, format);
}

gboolean
hs_trace_write_to_stream (HsTrace                *trace,
                          HsTraceFormat           format,
                          GOutputStream          *stream,
                          HsTraceWriteFlags       flags,
                          GCancellable           *cancellable,
                          GFileProgressCallback   progress,
                          gpointer                progress_data,
                          GError                **error)
{
  g_autoptr(GString) out = NULL;
  Sink sink = {
    .trace = trace,
    .stream = stream,
    .flags = flags,
    .cancellable = cancellable,
    .progress = progress,
    .progress_data = progress_data,
  };
  gboolean ok;

  g_return_val_if_fail (HS_IS_TRACE (trace), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  out = g_string_sized_new (HS_OUTPUT_CHUNK_SIZE + 4096);
  sink.out = out;

  switch (format)
    {
    case HS_TRACE_FORMAT_CSV:
      ok = _hs_trace_writer_write_csv (&sink);
      break;

    case HS_TRACE_FORMAT_JSON:
      ok = _hs_trace_writer_write_json (&sink);
      break;

    case HS_TRACE_FORMAT_TXT:
      ok = _hs_trace_writer_write_txt (&sink);
      break;

    default:
      g_set_error (error, HS_ERROR, HS_ERROR_UNSUPPORTED,
                   _("Unknown trace format %d"), (int) format);
      return FALSE;
    }

  if (!ok)
    {
      g_propagate_error (error, g_steal_pointer (&sink.error));
      return FALSE;
    }

  return TRUE;
}

GBytes *
hs_trace_write (HsTrace        *trace,
                HsTraceFormat   format,
                GError        **error)
{
  g_autoptr(GOutputStream) stream = NULL;

  g_return_val_if_fail (HS_IS_TRACE (trace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stream = g_memory_output_stream_new_resizable ();
  if (!hs_trace_write_to_stream (trace, format, stream, HS_TRACE_WRITE_DEFAULT,
                                 NULL, NULL, NULL, error) ||
      !g_output_stream_close (stream, NULL, error))
    return NULL;

  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream));
}

