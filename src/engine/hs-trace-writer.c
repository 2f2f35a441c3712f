/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-trace-writer.c: a trace as CSV, JSON or a text ladder diagram. */

#define G_LOG_DOMAIN "hs-trace-writer"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "hs-error.h"
#include "hs-narration.h"
#include "hs-output.h"
#include "hs-simulator.h"
#include "hs-trace-writer.h"

/* ------------------------------------------------------------- sink -- */

/* Where a writer's text goes: a buffer written out to the stream each time
 * it fills, so that a trace of millions of segments never has its whole
 * export in memory. Writers append to @out and call sink_next() after each
 * record. */
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

static gboolean
sink_flush (Sink *sink)
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

/* One record written: FALSE once writing has failed or been cancelled. */
static inline gboolean
sink_next (Sink *sink)
{
  sink->done++;

  /* Every so many records even when little was written (the text
   * ladder's measuring pass writes nothing), so that decoded blocks are
   * dropped and a cancel is seen. */
  if (G_UNLIKELY (sink->out->len >= HS_OUTPUT_CHUNK_SIZE || (sink->done & 4095) == 0))
    return sink_flush (sink);

  return TRUE;
}

/* Names in machine formats: never translated, stable across versions. */

static const char * const fate_names[] = {
  [HS_FATE_DELIVERED] = "delivered",
  [HS_FATE_LOST]      = "lost",
  [HS_FATE_IN_FLIGHT] = "in-flight",
  [HS_FATE_CAPTURED]  = "captured",
};

static const char * const step_kind_names[] = {
  [HS_STEP_APP_CALL]        = "app-call",
  [HS_STEP_APP_NOTIFY]      = "app-notify",
  [HS_STEP_SEGMENT_SENT]    = "segment-sent",
  [HS_STEP_SEGMENT_ARRIVED] = "segment-arrived",
  [HS_STEP_SEGMENT_LOST]    = "segment-lost",
  [HS_STEP_STATE_CHANGE]    = "state-change",
  [HS_STEP_TIMER]           = "timer",
};

static const char * const app_call_names[HS_N_APP_CALLS] = {
  [HS_APP_LISTEN]   = "listen",
  [HS_APP_CONNECT]  = "connect",
  [HS_APP_SEND]     = "send",
  [HS_APP_READ]     = "read",
  [HS_APP_SHUTDOWN] = "shutdown",
  [HS_APP_CLOSE]    = "close",
  [HS_APP_ABORT]    = "abort",
};

static const char * const notify_names[HS_N_NOTIFIES] = {
  [HS_NOTIFY_ESTABLISHED] = "established",
  [HS_NOTIFY_DATA]        = "data",
  [HS_NOTIFY_EOF]         = "eof",
  [HS_NOTIFY_REFUSED]     = "refused",
  [HS_NOTIFY_RESET]       = "reset",
  [HS_NOTIFY_TIMED_OUT]   = "timed-out",
  [HS_NOTIFY_CLOSED]      = "closed",
};

static const char * const timer_names[HS_N_TIMERS] = {
  [HS_TIMER_RETRANSMISSION] = "retransmission",
  [HS_TIMER_TIME_WAIT]      = "time-wait",
  [HS_TIMER_DELAYED_ACK]    = "delayed-ack",
  [HS_TIMER_PERSIST]        = "persist",
  [HS_TIMER_KEEPALIVE]      = "keepalive",
};

/* Indexed by bit number of HsSegmentMark. */
static const char * const mark_names[] = {
  "retransmission",
  "duplicate-ack",
  "window-probe",
  "window-update",
  "delayed-ack",
  "duplicated",
  "zero-window",
  "keepalive",
};

#define NAME_OR_NULL(table, i) ((guint) (i) < G_N_ELEMENTS (table) ? (table)[i] : NULL)

static const char *
endpoint_name (HsTrace *trace,
               guint    endpoint)
{
  if (endpoint >= hs_trace_get_n_endpoints (trace))
    return "";

  return hs_trace_get_endpoint (trace, endpoint)->name;
}

static char *format_lane_address (const HsTraceEndpoint *endpoint);

static const char *
state_name (guint state)
{
  if (state >= HS_N_STATES)
    return NULL;

  return hs_state_to_string ((HsState) state);
}

static const char *
step_detail_name (const HsTraceStep *step)
{
  switch (step->kind)
    {
    case HS_STEP_APP_CALL:
      return NAME_OR_NULL (app_call_names, step->detail);

    case HS_STEP_APP_NOTIFY:
      return NAME_OR_NULL (notify_names, step->detail);

    case HS_STEP_TIMER:
      return NAME_OR_NULL (timer_names, step->detail);

    default:
      return NULL;
    }
}

/* ---------------------------------------------------------------- CSV -- */

static void
csv_append_field (GString    *out,
                  const char *field)
{
  /* RFC 4180 quoting; only a lesson's own endpoint names can need it. */
  if (strpbrk (field, ",\"\r\n") == NULL)
    {
      g_string_append (out, field);
      return;
    }

  g_string_append_c (out, '"');

  for (const char *p = field; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }

  g_string_append_c (out, '"');
}

static gboolean
write_csv (Sink *sink)
{
  HsTrace *trace = sink->trace;
  GString *out = sink->out;
  guint n_segments = hs_trace_get_n_segments (trace);
  guint64 max_steps;
  HsTime at;

  sink->total = n_segments;
  g_string_append (out, "no,sent_us,arrived_us,from,to,flags,seq,ack,"
                        "rel_seq,rel_ack,win,len,fate,retransmission\n");

  for (guint i = 0; i < n_segments; i++)
    {
      const HsTraceSegment *segment = hs_trace_get_segment (trace, i);
      g_autofree char *flags = hs_tcp_flags_to_string (segment->header.flags, "+");
      gboolean has_ack = (segment->header.flags & HS_TCP_ACK) != 0;
      const char *fate = NAME_OR_NULL (fate_names, segment->fate);

      g_string_append_printf (out, "%u,%" G_GINT64_FORMAT ",", i + 1, segment->sent);

      if (segment->fate == HS_FATE_DELIVERED && segment->arrived != HS_TIME_NONE)
        g_string_append_printf (out, "%" G_GINT64_FORMAT, segment->arrived);
      g_string_append_c (out, ',');

      if (segment->fate == HS_FATE_CAPTURED &&
          hs_trace_get_endpoint (trace, segment->from)->address[0] != '\0' &&
          hs_trace_get_endpoint (trace, segment->to)->address[0] != '\0')
        {
          /* a captured connection is named by its addresses, as in
           * Wireshark */
          g_autofree char *from = format_lane_address (hs_trace_get_endpoint (trace, segment->from));
          g_autofree char *to = format_lane_address (hs_trace_get_endpoint (trace, segment->to));

          csv_append_field (out, from);
          g_string_append_c (out, ',');
          csv_append_field (out, to);
        }
      else
        {
          csv_append_field (out, endpoint_name (trace, segment->from));
          g_string_append_c (out, ',');
          csv_append_field (out, endpoint_name (trace, segment->to));
        }

      if (hs_trace_segment_is_udp (trace, segment))
        {
          /* a datagram: no flags, no sequence numbers, no window */
          g_string_append_printf (out, ",,,,,,,%u,%s,0\n", segment->len, fate != NULL ? fate : "");
          if (!sink_next (sink))
            return FALSE;
          continue;
        }

      g_string_append_printf (out, ",%s,%u,", flags, segment->header.seq);

      if (has_ack)
        g_string_append_printf (out, "%u", segment->header.ack);

      g_string_append_printf (out, ",%u,", hs_trace_segment_rel_seq (trace, segment));

      if (has_ack)
        g_string_append_printf (out, "%u", hs_trace_segment_rel_ack (trace, segment));

      g_string_append_printf (out, ",%u,%u,%s,%d\n",
                              segment->window,
                              segment->len,
                              fate != NULL ? fate : "",
                              (segment->marks & HS_MARK_RETRANSMISSION) != 0);
      if (!sink_next (sink))
        return FALSE;
    }

  /* Programs reading CSV skip '#' lines or stop at them; either way the
   * reader learns that rows are missing, not that the run ended here. */
  if (hs_simulator_trace_is_truncated (trace, &max_steps, &at))
    g_string_append_printf (out, "# truncated: the simulation stopped at its limit of %" G_GUINT64_FORMAT
                            " steps, at %" G_GINT64_FORMAT " us of simulated time\n", max_steps, at);

  return sink_flush (sink);
}

/* --------------------------------------------------------------- JSON -- */

/* A small pretty-printer: one member per line, except containers opened
 * "inline", which keep short lists such as flag names on one line. */
typedef struct
{
  GString *out;
  guint    depth;             /* open containers */
  guint64  has_items;         /* bit per depth */
  guint64  is_inline;         /* bit per depth */
} JsonWriter;

#define JSON_BIT(depth) (G_GUINT64_CONSTANT (1) << (depth))

static void
json_append_string (GString    *out,
                    const char *str)
{
  g_autofree char *valid = NULL;

  if (str == NULL)
    {
      g_string_append (out, "null");
      return;
    }

  /* JSON must be UTF-8; a lesson file in another encoding must not make
   * the whole export unreadable. */
  if (!g_utf8_validate (str, -1, NULL))
    str = valid = g_utf8_make_valid (str, -1);

  g_string_append_c (out, '"');

  for (const guchar *p = (const guchar *) str; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"':  g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (*p < 0x20)
            g_string_append_printf (out, "\\u%04x", *p);
          else
            g_string_append_c (out, (char) *p);
        }
    }

  g_string_append_c (out, '"');
}

static void
json_member (JsonWriter *w,
             const char *key)
{
  if (w->depth == 0)
    return;

  if ((w->has_items & JSON_BIT (w->depth)) != 0)
    g_string_append_c (w->out, ',');

  if ((w->is_inline & JSON_BIT (w->depth)) != 0)
    {
      if ((w->has_items & JSON_BIT (w->depth)) != 0)
        g_string_append_c (w->out, ' ');
    }
  else
    {
      g_string_append_c (w->out, '\n');
      for (guint i = 0; i < w->depth; i++)
        g_string_append (w->out, "  ");
    }

  w->has_items |= JSON_BIT (w->depth);

  if (key != NULL)
    {
      json_append_string (w->out, key);
      g_string_append (w->out, ": ");
    }
}

static void
json_open (JsonWriter *w,
           const char *key,
           char        bracket,
           gboolean    inline_)
{
  json_member (w, key);
  g_string_append_c (w->out, bracket);

  w->depth++;
  g_assert (w->depth < 64);
  w->has_items &= ~JSON_BIT (w->depth);

  /* Inside an inline container everything stays on the line. */
  if (inline_ || (w->is_inline & JSON_BIT (w->depth - 1)) != 0)
    w->is_inline |= JSON_BIT (w->depth);
  else
    w->is_inline &= ~JSON_BIT (w->depth);
}

static void
json_close (JsonWriter *w,
            char        bracket)
{
  gboolean multiline = (w->has_items & JSON_BIT (w->depth)) != 0 &&
                       (w->is_inline & JSON_BIT (w->depth)) == 0;

  g_assert (w->depth > 0);
  w->depth--;

  if (multiline)
    {
      g_string_append_c (w->out, '\n');
      for (guint i = 0; i < w->depth; i++)
        g_string_append (w->out, "  ");
    }

  g_string_append_c (w->out, bracket);
}

#define json_begin_object(w, key)        json_open (w, key, '{', FALSE)
#define json_begin_inline_object(w, key) json_open (w, key, '{', TRUE)
#define json_end_object(w)               json_close (w, '}')
#define json_begin_array(w, key)         json_open (w, key, '[', FALSE)
#define json_begin_inline_array(w, key)  json_open (w, key, '[', TRUE)
#define json_end_array(w)                json_close (w, ']')

static void
json_string (JsonWriter *w,
             const char *key,
             const char *value)
{
  json_member (w, key);
  json_append_string (w->out, value);
}

static void
json_int (JsonWriter *w,
          const char *key,
          gint64      value)
{
  json_member (w, key);
  g_string_append_printf (w->out, "%" G_GINT64_FORMAT, value);
}

static void
json_null (JsonWriter *w,
           const char *key)
{
  json_member (w, key);
  g_string_append (w->out, "null");
}

static void
json_bool (JsonWriter *w,
           const char *key,
           gboolean    value)
{
  json_member (w, key);
  g_string_append (w->out, value ? "true" : "false");
}

/* A step or segment number as exports count them (from 1), or null. */
static void
json_number_or_null (JsonWriter *w,
                     const char *key,
                     guint       index,
                     guint       n)
{
  if (index < n)
    json_int (w, key, (gint64) index + 1);
  else
    json_null (w, key);
}

static void
json_write_options (JsonWriter         *w,
                    const HsTcpOptions *options)
{
  json_begin_object (w, "options");

  if (options->present & HS_TCP_OPT_MSS)
    json_int (w, "mss", options->mss);

  if (options->present & HS_TCP_OPT_WSCALE)
    json_int (w, "wscale", options->wscale);

  if (options->present & HS_TCP_OPT_SACK_PERM)
    json_bool (w, "sack_permitted", TRUE);

  if (options->present & HS_TCP_OPT_TIMESTAMP)
    {
      json_begin_inline_object (w, "timestamps");
      json_int (w, "val", options->ts_val);
      json_int (w, "ecr", options->ts_ecr);
      json_end_object (w);
    }

  if (options->present & HS_TCP_OPT_SACK)
    {
      json_begin_inline_array (w, "sack");
      for (guint i = 0; i < MIN (options->n_sack, HS_TCP_MAX_SACK_BLOCKS); i++)
        {
          json_begin_inline_array (w, NULL);
          json_int (w, NULL, options->sack[i].left);
          json_int (w, NULL, options->sack[i].right);
          json_end_array (w);
        }
      json_end_array (w);
    }

  json_end_object (w);
}

static void
json_write_segment (JsonWriter           *w,
                    HsTrace              *trace,
                    const HsTraceSegment *segment)
{
  g_autofree char *flags = hs_tcp_flags_to_string (segment->header.flags, "+");
  gboolean has_ack = (segment->header.flags & HS_TCP_ACK) != 0;

  json_begin_object (w, NULL);
  json_int (w, "no", (gint64) segment->index + 1);
  json_int (w, "sent_us", segment->sent);

  if (segment->fate == HS_FATE_DELIVERED && segment->arrived != HS_TIME_NONE)
    json_int (w, "arrived_us", segment->arrived);
  else
    json_null (w, "arrived_us");

  json_string (w, "from", endpoint_name (trace, segment->from));
  json_string (w, "to", endpoint_name (trace, segment->to));
  json_string (w, "flags", flags);

  json_begin_inline_array (w, "flag_bits");
  for (guint bit = 0; bit < 8; bit++)
    {
      if (segment->header.flags & (1u << bit))
        {
          g_autofree char *name = hs_tcp_flags_to_string ((guint8) (1u << bit), "");

          json_string (w, NULL, name);
        }
    }
  json_end_array (w);

  json_int (w, "seq", segment->header.seq);
  if (has_ack)
    json_int (w, "ack", segment->header.ack);
  else
    json_null (w, "ack");
  json_int (w, "rel_seq", hs_trace_segment_rel_seq (trace, segment));
  if (has_ack)
    json_int (w, "rel_ack", hs_trace_segment_rel_ack (trace, segment));
  else
    json_null (w, "rel_ack");
  json_int (w, "window", segment->window);
  json_int (w, "window_raw", segment->header.window);
  json_int (w, "len", segment->len);
  json_string (w, "fate", NAME_OR_NULL (fate_names, segment->fate));

  json_begin_inline_array (w, "marks");
  for (guint bit = 0; bit < G_N_ELEMENTS (mark_names); bit++)
    {
      if (segment->marks & (1u << bit))
        json_string (w, NULL, mark_names[bit]);
    }
  json_end_array (w);

  if (segment->fate == HS_FATE_CAPTURED)
    {
      guint dup_ack_num = 0;
      guint32 analysis = hs_trace_get_segment_analysis (trace, segment->index, &dup_ack_num);

      /* Wireshark's TCP analysis of a captured segment */
      json_begin_inline_array (w, "analysis");
      for (guint bit = 0; bit < HS_N_SEGMENT_ANALYSES; bit++)
        if (analysis & (1u << bit))
          json_string (w, NULL, hs_segment_analysis_to_string (1u << bit));
      json_end_array (w);
      if (dup_ack_num > 0)
        json_int (w, "duplicate_ack_num", dup_ack_num);
    }

  json_write_options (w, &segment->header.options);
  json_int (w, "checksum", segment->header.checksum);
  json_int (w, "urgent", segment->header.urgent);
  json_end_object (w);
}

static void
json_write_step (JsonWriter *w,
                 HsTrace    *trace,
                 guint       index)
{
  const HsTraceStep *step = hs_trace_get_step (trace, index);
  g_autofree char *narration = hs_narration_format_step (trace, index);
  gboolean is_state_change = step->kind == HS_STEP_STATE_CHANGE;

  json_begin_object (w, NULL);
  json_int (w, "no", (gint64) index + 1);
  json_int (w, "time_us", step->time);
  json_string (w, "kind", NAME_OR_NULL (step_kind_names, step->kind));
  json_string (w, "endpoint", endpoint_name (trace, step->endpoint));
  json_string (w, "detail", step_detail_name (step));
  json_string (w, "from_state", is_state_change ? state_name (step->from_state) : NULL);
  json_string (w, "to_state", is_state_change ? state_name (step->to_state) : NULL);
  json_number_or_null (w, "segment", step->segment, hs_trace_get_n_segments (trace));
  json_number_or_null (w, "cause", step->cause, hs_trace_get_n_steps (trace));
  json_int (w, "value", (gint64) MIN (step->value, (guint64) G_MAXINT64));
  json_string (w, "narration", narration);
  json_end_object (w);
}

static void
json_write_snapshot (JsonWriter          *w,
                     HsTrace             *trace,
                     const HsTcbSnapshot *snapshot)
{
  json_begin_object (w, NULL);
  json_number_or_null (w, "step", snapshot->step, hs_trace_get_n_steps (trace));
  json_string (w, "endpoint", endpoint_name (trace, snapshot->endpoint));
  json_string (w, "state", state_name (snapshot->state));
  json_int (w, "snd_una", snapshot->snd_una);
  json_int (w, "snd_nxt", snapshot->snd_nxt);
  json_int (w, "snd_wnd", snapshot->snd_wnd);
  json_int (w, "snd_wl1", snapshot->snd_wl1);
  json_int (w, "snd_wl2", snapshot->snd_wl2);
  json_int (w, "iss", snapshot->iss);
  json_int (w, "rcv_nxt", snapshot->rcv_nxt);
  json_int (w, "rcv_wnd", snapshot->rcv_wnd);
  json_int (w, "irs", snapshot->irs);
  json_int (w, "cwnd", snapshot->cwnd);
  json_int (w, "ssthresh", snapshot->ssthresh);
  json_int (w, "in_flight", snapshot->in_flight);
  json_int (w, "send_buffered", snapshot->send_buffered);
  json_int (w, "recv_buffered", snapshot->recv_buffered);
  json_int (w, "rto_us", snapshot->rto);
  json_int (w, "srtt_us", snapshot->srtt);
  json_end_object (w);
}

static gboolean
write_json (Sink *sink)
{
  HsTrace *trace = sink->trace;
  JsonWriter w = { .out = sink->out };
  const char * const *keys = hs_trace_get_parameter_keys (trace);
  guint n;

  sink->total = (goffset) hs_trace_get_n_segments (trace) +
                hs_trace_get_n_steps (trace) +
                hs_trace_get_n_snapshots (trace);

  json_begin_object (&w, NULL);
  json_string (&w, "title", hs_trace_get_title (trace));

  json_begin_object (&w, "parameters");
  for (guint i = 0; keys[i] != NULL; i++)
    json_string (&w, keys[i], hs_trace_get_parameter (trace, keys[i]));
  json_end_object (&w);

  json_begin_array (&w, "endpoints");
  n = hs_trace_get_n_endpoints (trace);
  for (guint i = 0; i < n; i++)
    {
      const HsTraceEndpoint *endpoint = hs_trace_get_endpoint (trace, i);

      json_begin_object (&w, NULL);
      json_string (&w, "name", endpoint->name);
      json_string (&w, "address", endpoint->address);
      json_int (&w, "port", endpoint->port);
      if (endpoint->has_isn)
        json_int (&w, "isn", endpoint->isn);
      else
        json_null (&w, "isn");
      json_end_object (&w);
    }
  json_end_array (&w);

  json_begin_array (&w, "segments");
  n = hs_trace_get_n_segments (trace);
  for (guint i = 0; i < n; i++)
    {
      json_write_segment (&w, trace, hs_trace_get_segment (trace, i));
      if (!sink_next (sink))
        return FALSE;
    }
  json_end_array (&w);

  json_begin_array (&w, "steps");
  n = hs_trace_get_n_steps (trace);
  for (guint i = 0; i < n; i++)
    {
      json_write_step (&w, trace, i);
      if (!sink_next (sink))
        return FALSE;
    }
  json_end_array (&w);

  json_begin_array (&w, "snapshots");
  n = hs_trace_get_n_snapshots (trace);
  for (guint i = 0; i < n; i++)
    {
      json_write_snapshot (&w, trace, hs_trace_get_snapshot (trace, i));
      if (!sink_next (sink))
        return FALSE;
    }
  json_end_array (&w);

  json_end_object (&w);
  g_string_append_c (w.out, '\n');

  return sink_flush (sink);
}

/* ---------------------------------------------------------------- TXT -- */

/* Terminal columns a character takes: CJK takes two, combining marks none.
 * Box-drawing characters and arrows count one, as terminals outside East
 * Asian locales draw them. */
static guint
char_width (gunichar c)
{
  if (g_unichar_iszerowidth (c))
    return 0;

  return g_unichar_iswide (c) ? 2 : 1;
}

static guint
text_width (const char *text)
{
  guint width = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    width += char_width (g_utf8_get_char (p));

  return width;
}

static void
append_spaces (GString *out,
               guint    n)
{
  for (guint i = 0; i < n; i++)
    g_string_append_c (out, ' ');
}

/* Right-aligns @text in @width columns. */
static void
append_right (GString    *out,
              const char *text,
              guint       width)
{
  guint w = text_width (text);

  append_spaces (out, width > w ? width - w : 0);
  g_string_append (out, text);
}

/* One line of the ladder: a cell per terminal column. A wide character
 * takes its cell and the next, which holds CELL_TAIL. */
#define CELL_TAIL ((gunichar) 0xFFFFFFFF)

typedef struct
{
  gunichar *cells;
  int       width;
} Canvas;

static void
canvas_init (Canvas *canvas,
             guint   width)
{
  canvas->width = (int) width;
  canvas->cells = g_new (gunichar, width);
  for (guint i = 0; i < width; i++)
    canvas->cells[i] = ' ';
}

static void
canvas_clear (Canvas *canvas)
{
  g_clear_pointer (&canvas->cells, g_free);
}

/* Puts @c (of width @w) at @col, so that no half of a wide character
 * that was there before survives. */
static void
canvas_set (Canvas   *canvas,
            int       col,
            gunichar  c,
            guint     w)
{
  if (col < 0 || col + (int) w > canvas->width || w == 0)
    return;

  for (int i = col; i < col + (int) w; i++)
    {
      if (canvas->cells[i] == CELL_TAIL && i > 0)
        canvas->cells[i - 1] = ' ';
      if (i + 1 < canvas->width && canvas->cells[i + 1] == CELL_TAIL)
        canvas->cells[i + 1] = ' ';
    }

  canvas->cells[col] = c;
  if (w == 2)
    canvas->cells[col + 1] = CELL_TAIL;
}

static void
canvas_put (Canvas     *canvas,
            int         col,
            const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      guint w = char_width (c);

      canvas_set (canvas, col, c, w);
      col += (int) w;
    }
}

static void
canvas_put_centered (Canvas     *canvas,
                     int         center,
                     const char *text)
{
  canvas_put (canvas, center - (int) text_width (text) / 2, text);
}

static void
canvas_fill (Canvas   *canvas,
             int       from,
             int       to,
             gunichar  c)
{
  for (int col = from; col <= to; col++)
    canvas_set (canvas, col, c, 1);
}

static void
canvas_append (Canvas  *canvas,
               GString *out)
{
  gsize start = out->len;

  for (int i = 0; i < canvas->width; i++)
    {
      if (canvas->cells[i] != CELL_TAIL)
        g_string_append_unichar (out, canvas->cells[i]);
    }

  /* No trailing blanks: they only make diffs and e-mail noisy. */
  while (out->len > start && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);
}

typedef enum
{
  ROW_NOTE,    /* text centered on one lane */
  ROW_ARROW,   /* a segment from one lane to another */
  ROW_MIDDLE,  /* text centered between two lanes (where a segment is lost) */
  ROW_ARRIVAL, /* text beside the receiver's bar, on the sender's side */
} RowKind;

typedef struct
{
  RowKind  kind;
  guint    number;      /* as printed, from 1 */
  HsTime   time;
  guint    lane;        /* the lane of a note; the sender of a segment */
  guint    peer;        /* the receiver of a segment */
  guint    fate;        /* HsSegmentFate, for arrows */
  char    *text;        /* the note, or the label on the arrow */
} LadderRow;

static void
ladder_row_clear (gpointer data)
{
  LadderRow *row = data;

  g_clear_pointer (&row->text, g_free);
}

typedef struct
{
  guint n_lanes;
  guint first_lane;   /* column of lane 0's bar */
  guint gap;          /* columns from one bar to the next */
  guint width;        /* of the ladder */
  guint time_width;
  guint number_width;
} LadderGeometry;

static inline int
lane_x (const LadderGeometry *geometry,
        guint                 lane)
{
  return (int) (geometry->first_lane + lane * geometry->gap);
}

static char *
format_ms (HsTime time)
{
  if (time < 0)
    return g_strdup ("");

  return g_strdup_printf ("%" G_GINT64_FORMAT ".%03d",
                          time / HS_USEC_PER_MSEC,
                          (int) (time % HS_USEC_PER_MSEC));
}

/* A lane's heading: the bare word, not the sentence form ("the client")
 * that narrations use. A lesson's own names are shown as written. */
static const char *
lane_name (HsTrace *trace,
           guint    lane)
{
  const char *name = hs_trace_get_endpoint (trace, lane)->name;

  if (g_str_equal (name, "client"))
    return C_("ladder lane", "client");

  if (g_str_equal (name, "server"))
    return C_("ladder lane", "server");

  return name;
}

static char *
format_lane_address (const HsTraceEndpoint *endpoint)
{
  if (endpoint->address == NULL || endpoint->address[0] == '\0')
    return g_strdup_printf ("%u", endpoint->port);

  /* As in URLs: the port must not read as part of an IPv6 address. */
  if (strchr (endpoint->address, ':') != NULL)
    return g_strdup_printf ("[%s]:%u", endpoint->address, endpoint->port);

  return g_strdup_printf ("%s:%u", endpoint->address, endpoint->port);
}

static const char *
mark_label (guint bit)
{
  switch (1u << bit)
    {
    case HS_MARK_RETRANSMISSION: return _("(retransmission)");
    case HS_MARK_DUPLICATE_ACK:  return _("(duplicate ACK)");
    case HS_MARK_WINDOW_PROBE:   return _("(window probe)");
    case HS_MARK_WINDOW_UPDATE:  return _("(window update)");
    case HS_MARK_DELAYED_ACK:    return _("(delayed ACK)");
    case HS_MARK_DUPLICATED:     return _("(duplicated)");
    case HS_MARK_ZERO_WINDOW:    return _("(zero window)");
    case HS_MARK_KEEPALIVE:      return _("(keep-alive)");
    default:                     return NULL;
    }
}

/* "SYN, ACK seq=0 ack=1 win=65160 len=100 (retransmission)": the words of
 * the header are protocol tokens and stay as they are in every language. */
static char *
segment_label (HsTrace              *trace,
               const HsTraceSegment *segment)
{
  g_autofree char *flags = hs_tcp_flags_to_string (segment->header.flags, ", ");
  GString *label = g_string_new (flags);

  if (hs_trace_segment_is_udp (trace, segment))
    {
      g_string_append_printf (label, "UDP len=%u", segment->len);
      return g_string_free (label, FALSE);
    }

  if (label->len > 0)
    g_string_append_c (label, ' ');

  g_string_append_printf (label, "seq=%u", hs_trace_segment_rel_seq (trace, segment));

  if (segment->header.flags & HS_TCP_ACK)
    g_string_append_printf (label, " ack=%u", hs_trace_segment_rel_ack (trace, segment));

  g_string_append_printf (label, " win=%u", segment->window);

  if (segment->len > 0)
    g_string_append_printf (label, " len=%u", segment->len);

  for (guint bit = 0; bit < 8; bit++)
    {
      const char *mark = mark_label (bit);

      if ((segment->marks & (1u << bit)) != 0 && mark != NULL)
        {
          g_string_append_c (label, ' ');
          g_string_append (label, mark);
        }
    }

  return g_string_free (label, FALSE);
}

static char *
segment_flags_or_word (const HsTraceSegment *segment)
{
  char *flags = hs_tcp_flags_to_string (segment->header.flags, ", ");

  if (flags[0] != '\0')
    return flags;

  g_free (flags);

  return g_strdup (_("segment"));
}

/* The short note a step leaves in its lane. */
static char *
step_note (HsTrace           *trace,
           const HsTraceStep *step)
{
  const HsTraceSegment *segment = NULL;

  if (step->segment < hs_trace_get_n_segments (trace))
    segment = hs_trace_get_segment (trace, step->segment);

  switch (step->kind)
    {
    case HS_STEP_APP_CALL:
      /* Calls are spelled as the sockets API spells them. */
      switch (step->detail)
        {
        case HS_APP_LISTEN:   return g_strdup ("listen()");
        case HS_APP_CONNECT:  return g_strdup ("connect()");
        case HS_APP_SEND:
          return g_strdup_printf ("send(%" G_GUINT64_FORMAT ")", step->value);
        case HS_APP_READ:     return g_strdup ("read()");
        case HS_APP_SHUTDOWN: return g_strdup ("shutdown()");
        case HS_APP_CLOSE:    return g_strdup ("close()");
        case HS_APP_ABORT:    return g_strdup ("abort()");
        default:              return g_strdup ("?");
        }

    case HS_STEP_APP_NOTIFY:
      switch (step->detail)
        {
        case HS_NOTIFY_ESTABLISHED: return g_strdup (_("connected"));
        case HS_NOTIFY_DATA:
          {
            /* Formatted apart: xgettext cannot see through G_GUINT64_FORMAT. */
            g_autofree char *bytes = g_strdup_printf ("%" G_GUINT64_FORMAT, step->value);

            /* Translators: a note in the receiving application's lane */
            return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "received %s byte",
                                                 "received %s bytes",
                                                 (gulong) MIN (step->value, G_MAXULONG)),
                                    bytes);
          }
        case HS_NOTIFY_EOF:         return g_strdup (_("end of file"));
        case HS_NOTIFY_REFUSED:     return g_strdup (_("connection refused"));
        case HS_NOTIFY_RESET:       return g_strdup (_("connection reset"));
        case HS_NOTIFY_TIMED_OUT:   return g_strdup (_("timed out"));
        case HS_NOTIFY_CLOSED:      return g_strdup (_("TCB deleted"));
        default:                    return g_strdup ("?");
        }

    case HS_STEP_TIMER:
      switch (step->detail)
        {
        /* Translators: RTO is the retransmission timeout (RFC 6298) */
        case HS_TIMER_RETRANSMISSION: return g_strdup (_("RTO fired"));
        case HS_TIMER_TIME_WAIT:      return g_strdup (_("TIME-WAIT timer fired"));
        case HS_TIMER_DELAYED_ACK:    return g_strdup (_("delayed-ACK timer fired"));
        case HS_TIMER_PERSIST:        return g_strdup (_("persist timer fired"));
        case HS_TIMER_KEEPALIVE:      return g_strdup (_("keep-alive timer fired"));
        default:                      return g_strdup ("?");
        }

    case HS_STEP_STATE_CHANGE:
      /* RFC spelling, never translated. */
      return g_strdup (state_name (step->to_state) != NULL ? state_name (step->to_state) : "?");

    case HS_STEP_SEGMENT_ARRIVED:
      if (segment != NULL)
        {
          g_autofree char *flags = segment_flags_or_word (segment);

          /* Translators: %s are TCP flags, e.g. "SYN, ACK arrives" */
          return g_strdup_printf (_("%s arrives"), flags);
        }
      return g_strdup ("?");

    case HS_STEP_SEGMENT_LOST:
      if (segment != NULL)
        {
          g_autofree char *flags = segment_flags_or_word (segment);

          /* Translators: %s are TCP flags, e.g. "✗ SYN, ACK dropped" */
          return g_strdup_printf (_("✗ %s dropped"), flags);
        }
      return g_strdup ("✗");

    case HS_STEP_SEGMENT_SENT:
    default:
      return g_strdup ("?");
    }
}

static void
segment_row (LadderRow            *row,
             HsTrace              *trace,
             const HsTraceSegment *segment,
             guint                 number,
             HsTime                time)
{
  *row = (LadderRow) {
    .kind = ROW_ARROW,
    .number = number,
    .time = time,
    .lane = segment->from,
    .peer = segment->to,
    .fate = segment->fate,
    .text = segment_label (trace, segment),
  };
}

/* The ladder has a row per step, or per segment for a capture read without
 * steps. Rows are made one at a time, twice (to measure, then to draw), so
 * that a long trace never has all its rows in memory. */
static guint
count_rows (HsTrace *trace)
{
  guint n_steps = hs_trace_get_n_steps (trace);

  return n_steps > 0 ? n_steps : hs_trace_get_n_segments (trace);
}

/* Fills @row with the ladder row @index; free its text with
 * ladder_row_clear(). */
static void
make_row (HsTrace   *trace,
          guint      index,
          LadderRow *row)
{
  guint n_segments = hs_trace_get_n_segments (trace);
  const HsTraceSegment *segment = NULL;
  const HsTraceStep *step;

  /* A trace read from a capture may hold segments and no steps. */
  if (hs_trace_get_n_steps (trace) == 0)
    {
      segment = hs_trace_get_segment (trace, index);
      segment_row (row, trace, segment, index + 1, segment->sent);
      return;
    }

  step = hs_trace_get_step (trace, index);
  *row = (LadderRow) {
    .kind = ROW_NOTE,
    .number = index + 1,
    .time = step->time,
    .lane = step->endpoint,
    .peer = step->endpoint,
  };

  if (step->segment < n_segments)
    segment = hs_trace_get_segment (trace, step->segment);

  if (step->kind == HS_STEP_SEGMENT_SENT && segment != NULL)
    {
      segment_row (row, trace, segment, index + 1, step->time);
      return;
    }

  if (step->kind == HS_STEP_SEGMENT_LOST && segment != NULL)
    {
      row->kind = ROW_MIDDLE;
      row->lane = segment->from;
      row->peer = segment->to;
    }

  /* Beside the bar rather than over it, so that the receiver's lane
   * stays one unbroken line while the segment is on its way. */
  if (step->kind == HS_STEP_SEGMENT_ARRIVED && segment != NULL)
    {
      row->kind = ROW_ARRIVAL;
      row->lane = segment->from;
      row->peer = segment->to;
    }

  row->text = step_note (trace, step);
}

/* The arrow of a lost or unfinished segment stops part-way: this is what
 * it ends with, after the mark. */
static const char *
arrow_stop_word (guint fate)
{
  switch (fate)
    {
    /* Translators: written where a lost segment's arrow stops */
    case HS_FATE_LOST:      return _("LOST");
    /* Translators: written where the arrow of a segment stops that had not
     * arrived when the simulation ended */
    case HS_FATE_IN_FLIGHT: return _("in flight");
    default:                return NULL;
    }
}

static const char *
arrow_stop_mark (guint fate)
{
  return fate == HS_FATE_LOST ? "✗" : "…";
}

/* Columns an arrow needs between its two bars. */
static guint
arrow_needs (const LadderRow *row)
{
  guint label = text_width (row->text);
  const char *stop = arrow_stop_word (row->fate);

  /* "├──LABEL──▶│": two dashes each side, the head, the bars. */
  if (stop == NULL)
    return label + 6;

  /* "├──LABEL──✗ LOST │" */
  return label + text_width (stop) + 8;
}

static void
draw_arrow (Canvas               *canvas,
            const LadderGeometry *geometry,
            const LadderRow      *row,
            int                   x_from,
            int                   x_to)
{
  const char *stop = arrow_stop_word (row->fate);
  int label_width = (int) text_width (row->text);
  int shaft_start, shaft_end;

  if (x_from < x_to)
    {
      canvas_set (canvas, x_from, 0x251C /* ├ */, 1);

      if (stop == NULL)
        {
          shaft_start = x_from + 1;
          shaft_end = x_to - 2;
          canvas_set (canvas, x_to - 1, 0x25B6 /* ▶ */, 1);
        }
      else
        {
          int stop_width = (int) text_width (stop);
          int mark = CLAMP ((x_from + x_to) / 2,
                            x_from + label_width + 5,
                            x_to - stop_width - 3);

          shaft_start = x_from + 1;
          shaft_end = mark - 1;
          canvas_put (canvas, mark, arrow_stop_mark (row->fate));
          canvas_put (canvas, mark + 2, stop);
        }
    }
  else
    {
      canvas_set (canvas, x_from, 0x2524 /* ┤ */, 1);

      if (stop == NULL)
        {
          shaft_start = x_to + 2;
          shaft_end = x_from - 1;
          canvas_set (canvas, x_to + 1, 0x25C0 /* ◀ */, 1);
        }
      else
        {
          int stop_width = (int) text_width (stop);
          int mark = CLAMP ((x_from + x_to + 1) / 2,
                            x_to + stop_width + 3,
                            x_from - label_width - 5);

          shaft_start = mark + 1;
          shaft_end = x_from - 1;
          canvas_put (canvas, mark, arrow_stop_mark (row->fate));
          canvas_put (canvas, mark - 1 - stop_width, stop);
        }
    }

  canvas_fill (canvas, shaft_start, shaft_end, 0x2500 /* ─ */);

  /* The lanes it passes stay visible where the label leaves them free. */
  for (guint lane = MIN (row->lane, row->peer) + 1; lane < MAX (row->lane, row->peer); lane++)
    {
      int x = lane_x (geometry, lane);

      if (x >= shaft_start && x <= shaft_end)
        canvas_set (canvas, x, 0x253C /* ┼ */, 1);
    }

  canvas_put (canvas,
              shaft_start + (shaft_end - shaft_start + 1 - label_width) / 2,
              row->text);
}

static gboolean
measure (Sink           *sink,
         GPtrArray      *lane_texts,
         LadderGeometry *result)
{
  HsTrace *trace = sink->trace;
  guint n_rows = count_rows (trace);
  LadderGeometry geometry = { 0 };
  guint lane_text = text_width ("SYN-RECEIVED");
  guint between = 0;
  guint max_number = 0;
  guint n_steps = hs_trace_get_n_steps (trace);
  g_autofree char *end_time = format_ms (hs_trace_get_end_time (trace));

  geometry.n_lanes = hs_trace_get_n_endpoints (trace);

  for (guint i = 0; i < lane_texts->len; i++)
    lane_text = MAX (lane_text, text_width (g_ptr_array_index (lane_texts, i)));

  geometry.time_width = MAX (text_width (end_time), text_width (_("time (ms)")));

  for (guint i = 0; i < n_rows; i++)
    {
      LadderRow row_storage;
      const LadderRow *row = &row_storage;

      make_row (trace, i, &row_storage);
      max_number = MAX (max_number, row->number);
      {
        g_autofree char *time = format_ms (row->time);

        geometry.time_width = MAX (geometry.time_width, text_width (time));
      }

      switch (row->kind)
        {
        case ROW_NOTE:
          lane_text = MAX (lane_text, text_width (row->text));
          break;

        case ROW_ARROW:
          {
            /* An arrow past other lanes has all the gaps it crosses. */
            guint span = row->lane > row->peer ? row->lane - row->peer : row->peer - row->lane;

            span = MAX (span, 1);
            between = MAX (between, (arrow_needs (row) + span - 1) / span);
          }
          break;

        case ROW_MIDDLE:
        case ROW_ARRIVAL:
          between = MAX (between, text_width (row->text) + 4);
          break;

        default:
          g_assert_not_reached ();
        }

      ladder_row_clear (&row_storage);
      /* Nothing is written yet, but the pass counts toward progress and
       * may be cancelled. */
      if (!sink_next (sink))
        return FALSE;
    }

  /* Texts centered on neighbouring lanes must not touch, and a note must
   * not cover the next lane's bar. */
  geometry.gap = MAX (MAX (between, lane_text + 3), 24);
  geometry.first_lane = lane_text / 2 + 1;
  geometry.width = geometry.first_lane +
                   (geometry.n_lanes > 0 ? (geometry.n_lanes - 1) * geometry.gap : 0) +
                   lane_text - lane_text / 2 + 1;

  {
    g_autofree char *digits = g_strdup_printf ("%u", MAX (max_number, n_steps));

    geometry.number_width = MAX (text_width (digits), text_width (_("step")));
  }

  *result = geometry;

  return TRUE;
}

static void
draw_bars (Canvas               *canvas,
           const LadderGeometry *geometry)
{
  for (guint lane = 0; lane < geometry->n_lanes; lane++)
    canvas_set (canvas, lane_x (geometry, lane), 0x2502 /* │ */, 1);
}

static void
append_row_prefix (GString              *out,
                   const LadderGeometry *geometry,
                   const char           *time,
                   const char           *number)
{
  g_string_append_c (out, ' ');
  append_right (out, time, geometry->time_width);
  append_spaces (out, 2);
  append_right (out, number, geometry->number_width);
  append_spaces (out, 1);
}

/* One line of lane texts (names, addresses, initial states) under the
 * column titles. */
static void
append_lane_line (GString              *out,
                  const LadderGeometry *geometry,
                  const char           *time_title,
                  const char           *number_title,
                  const char * const   *texts)
{
  Canvas canvas;

  canvas_init (&canvas, geometry->width);
  for (guint lane = 0; lane < geometry->n_lanes; lane++)
    canvas_put_centered (&canvas, lane_x (geometry, lane), texts[lane]);

  append_row_prefix (out, geometry, time_title, number_title);
  canvas_append (&canvas, out);
  canvas_clear (&canvas);

  /* Blank titles leave trailing spaces when the canvas is empty. */
  while (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);
  g_string_append_c (out, '\n');
}

/* CJK punctuation that must not begin a line. */
static gboolean
is_closing_punctuation (gunichar c)
{
  return c != 0 && g_utf8_strchr ("，。、；：！？）」』】》", -1, c) != NULL;
}

/* Appends @text wrapped at @limit columns, continuation lines indented by
 * @indent; the cursor is at column @indent when called. Breaks at spaces,
 * and between wide characters since CJK text has no spaces. */
static void
append_wrapped (GString    *out,
                const char *text,
                guint       indent,
                guint       limit)
{
  guint col = indent;
  const char *p = text;

  while (*p != '\0')
    {
      gboolean space_before = FALSE;
      const char *start;
      guint width = 0;
      guint need;

      while (*p != '\0' && g_unichar_isspace (g_utf8_get_char (p)))
        {
          space_before = TRUE;
          p = g_utf8_next_char (p);
        }

      if (*p == '\0')
        break;

      /* A word: one wide character, or a run of narrow ones. */
      start = p;
      if (g_unichar_iswide (g_utf8_get_char (p)))
        {
          width = char_width (g_utf8_get_char (p));
          p = g_utf8_next_char (p);
        }
      else
        {
          while (*p != '\0')
            {
              gunichar c = g_utf8_get_char (p);

              if (g_unichar_isspace (c) || g_unichar_iswide (c))
                break;
              width += char_width (c);
              p = g_utf8_next_char (p);
            }
        }

      need = width + (space_before && col > indent ? 1 : 0);

      if (col > indent && col + need > limit &&
          !is_closing_punctuation (g_utf8_get_char (start)))
        {
          g_string_append_c (out, '\n');
          append_spaces (out, indent);
          col = indent;
        }
      else if (space_before && col > indent)
        {
          g_string_append_c (out, ' ');
          col++;
        }

      g_string_append_len (out, start, p - start);
      col += width;
    }
}

#define TXT_WRAP_COLUMNS 78

static gboolean
write_txt (Sink *sink)
{
  HsTrace *trace = sink->trace;
  GString *out = sink->out;
  guint n_rows = count_rows (trace);
  guint64 max_steps;
  HsTime at;
  g_autoptr(GPtrArray) lane_texts = g_ptr_array_new_with_free_func (g_free);
  g_autofree const char **names = NULL;
  g_autofree const char **addresses = NULL;
  g_autofree const char **states = NULL;
  LadderGeometry geometry;
  const char *title = hs_trace_get_title (trace);
  guint n_lanes = hs_trace_get_n_endpoints (trace);
  guint n_steps = hs_trace_get_n_steps (trace);

  if (title != NULL && title[0] != '\0')
    {
      guint width = text_width (title);

      g_string_append_printf (out, "%s\n", title);
      for (guint i = 0; i < width; i++)
        g_string_append (out, "═");
      g_string_append (out, "\n\n");
    }

  /* The rows twice (measured, then drawn), and the narration twice (its
   * runs measured, then told). */
  sink->total = 2 * (goffset) n_rows + 2 * (goffset) n_steps;

  if (n_lanes == 0)
    return sink_flush (sink);

  names = g_new0 (const char *, n_lanes);
  addresses = g_new0 (const char *, n_lanes);
  states = g_new0 (const char *, n_lanes);

  for (guint lane = 0; lane < n_lanes; lane++)
    {
      char *address = format_lane_address (hs_trace_get_endpoint (trace, lane));

      names[lane] = lane_name (trace, lane);
      addresses[lane] = address;
      states[lane] = state_name (hs_trace_get_state_at (trace, HS_TRACE_NONE, lane));
      if (states[lane] == NULL)
        states[lane] = "?";

      g_ptr_array_add (lane_texts, g_strdup (names[lane]));
      g_ptr_array_add (lane_texts, address);   /* owns it */
    }

  if (!measure (sink, lane_texts, &geometry))
    return FALSE;

  append_lane_line (out, &geometry, _("time (ms)"), _("step"), names);
  append_lane_line (out, &geometry, "", "", addresses);
  append_lane_line (out, &geometry, "", "", states);

  for (guint i = 0; i < n_rows; i++)
    {
      LadderRow row_storage;
      const LadderRow *row = &row_storage;
      g_autofree char *time = NULL;
      g_autofree char *number = NULL;
      Canvas canvas;

      make_row (trace, i, &row_storage);
      time = format_ms (row->time);
      number = g_strdup_printf ("%u", row->number);

      canvas_init (&canvas, geometry.width);
      draw_bars (&canvas, &geometry);

      switch (row->kind)
        {
        case ROW_NOTE:
          canvas_put_centered (&canvas, lane_x (&geometry, row->lane), row->text);
          break;

        case ROW_ARROW:
          draw_arrow (&canvas, &geometry, row,
                      lane_x (&geometry, row->lane),
                      lane_x (&geometry, row->peer));
          break;

        case ROW_MIDDLE:
          canvas_put_centered (&canvas,
                               (lane_x (&geometry, row->lane) +
                                lane_x (&geometry, row->peer)) / 2,
                               row->text);
          break;

        case ROW_ARRIVAL:
          {
            int x_from = lane_x (&geometry, row->lane);
            int x_to = lane_x (&geometry, row->peer);

            if (x_from < x_to)
              canvas_put (&canvas, x_to - 1 - (int) text_width (row->text), row->text);
            else
              canvas_put (&canvas, x_to + 2, row->text);
          }
          break;

        default:
          g_assert_not_reached ();
        }

      append_row_prefix (out, &geometry, time, number);
      canvas_append (&canvas, out);
      g_string_append_c (out, '\n');
      canvas_clear (&canvas);
      ladder_row_clear (&row_storage);
      if (!sink_next (sink))
        return FALSE;
    }

  if (hs_simulator_trace_is_truncated (trace, &max_steps, &at))
    {
      g_autofree char *seconds = g_strdup_printf ("%.3f", (double) at / HS_USEC_PER_SEC);

      g_string_append_c (out, '\n');
      g_autofree char *steps = g_strdup_printf ("%" G_GUINT64_FORMAT, max_steps);

      g_string_append_printf (out,
                              /* Translators: the first %s is a number of steps,
                               * the second a time in seconds, e.g. 16.250 */
                              _("The simulation stopped at its limit of %s steps, after %s s of simulated time. The connection had not finished: what would have come next is not shown."),
                              steps, seconds);
      g_string_append_c (out, '\n');
    }

  if (n_steps > 0)
    {
      /* a run of similar steps is told in one summary, numbered with its
       * first and last step: "14–120."; the column is as wide as the
       * widest number, measured first */
      g_autofree char *last = g_strdup_printf ("%u", n_steps);
      guint number_width = text_width (last);

      for (guint i = 0; i < n_steps;)
        {
          guint run = hs_narration_run_length (trace, i);

          if (run > 1)
            {
              g_autofree char *range = g_strdup_printf ("%u–%u", i + 1, i + run);

              number_width = MAX (number_width, text_width (range));
            }
          for (guint k = 0; k < run; k++, i++)
            if (!sink_next (sink))
              return FALSE;
        }

      g_string_append_c (out, '\n');
      g_string_append_printf (out, "%s\n\n", _("What happened"));

      for (guint i = 0; i < n_steps;)
        {
          guint run = hs_narration_run_length (trace, i);
          g_autofree char *narration = hs_narration_format_run (trace, i, run);
          g_autofree char *number = NULL;

          if (run > 1)
            number = g_strdup_printf ("%u–%u.", i + 1, i + run);
          else
            number = g_strdup_printf ("%u.", i + 1);

          g_string_append (out, "  ");
          append_right (out, number, number_width + 1);
          g_string_append_c (out, ' ');
          append_wrapped (out, narration != NULL ? narration : "",
                          number_width + 4, TXT_WRAP_COLUMNS);
          g_string_append_c (out, '\n');
          for (guint k = 0; k < run; k++, i++)
            if (!sink_next (sink))
              return FALSE;
        }
    }

  return sink_flush (sink);
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
      ok = write_csv (&sink);
      break;

    case HS_TRACE_FORMAT_JSON:
      ok = write_json (&sink);
      break;

    case HS_TRACE_FORMAT_TXT:
      ok = write_txt (&sink);
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
