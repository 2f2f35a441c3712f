/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-trace-writer-json.c: a trace as JSON, the whole of it for programs:
 * parameters, endpoints, segments with their options, steps with their
 * narrations, TCB snapshots; through a small pretty-printer, streamed
 * through the Sink. The names of step kinds, details and marks are the
 * nicks of their generated enum types, never translated. */

#define G_LOG_DOMAIN "hs-trace-writer"

#include "config.h"

#include "hs-engine-enums.h"
#include "hs-trace-writer-private.h"

static const char *
step_detail_name (const HsTraceStep *step)
{
  switch (step->kind)
    {
    case HS_STEP_APP_CALL:
      return _hs_trace_writer_enum_nick (HS_TYPE_APP_CALL, step->detail);

    case HS_STEP_APP_NOTIFY:
      return _hs_trace_writer_enum_nick (HS_TYPE_NOTIFY, step->detail);

    case HS_STEP_TIMER:
      return _hs_trace_writer_enum_nick (HS_TYPE_TIMER_KIND, step->detail);

    default:
      return NULL;
    }
}

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

/* Only a trace of hosts says which connection a record is in: from 1, as
 * the legend and --connection count them, null for none (a listening
 * socket; a host's kernel answering a 4-tuple it has no socket for). A
 * trace naming no hosts is written exactly as before. */
static void
json_connection (JsonWriter *w,
                 HsTrace    *trace,
                 guint       connection)
{
  if (hs_trace_get_n_hosts (trace) == 0)
    return;
  if (connection == HS_TRACE_NONE)
    json_null (w, "connection");
  else
    json_int (w, "connection", (gint64) connection + 1);
}

static guint
endpoint_connection (HsTrace *trace,
                     guint    endpoint)
{
  if (endpoint >= hs_trace_get_n_endpoints (trace))
    return HS_TRACE_NONE;
  return hs_trace_get_endpoint (trace, endpoint)->connection;
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

  json_string (w, "from", _hs_trace_writer_endpoint_name (trace, segment->from));
  json_string (w, "to", _hs_trace_writer_endpoint_name (trace, segment->to));
  json_connection (w, trace, hs_trace_segment_get_connection (trace, segment));
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
  json_string (w, "fate", _hs_trace_writer_fate_name (segment->fate));

  json_begin_inline_array (w, "marks");
  for (guint bit = 1; bit <= HS_MARK_KEEPALIVE; bit <<= 1)
    {
      if (segment->marks & bit)
        json_string (w, NULL, _hs_trace_writer_flag_nick (HS_TYPE_SEGMENT_MARK, bit));
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
  json_string (w, "kind", _hs_trace_writer_enum_nick (HS_TYPE_STEP_KIND, step->kind));
  json_string (w, "endpoint", _hs_trace_writer_endpoint_name (trace, step->endpoint));
  /* a kernel's reset is in the connection of the segment it answers */
  json_connection (w, trace,
                   endpoint_connection (trace, step->endpoint) == HS_TRACE_NONE &&
                   step->segment < hs_trace_get_n_segments (trace)
                     ? hs_trace_segment_get_connection (trace, hs_trace_get_segment (trace, step->segment))
                     : endpoint_connection (trace, step->endpoint));
  json_string (w, "detail", step_detail_name (step));
  json_string (w, "from_state", is_state_change ? _hs_trace_writer_state_name (step->from_state) : NULL);
  json_string (w, "to_state", is_state_change ? _hs_trace_writer_state_name (step->to_state) : NULL);
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
  json_string (w, "endpoint", _hs_trace_writer_endpoint_name (trace, snapshot->endpoint));
  json_connection (w, trace, endpoint_connection (trace, snapshot->endpoint));
  json_string (w, "state", _hs_trace_writer_state_name (snapshot->state));
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

gboolean
_hs_trace_writer_write_json (Sink *sink)
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
      if (hs_trace_get_n_hosts (trace) > 0)
        {
          /* the host from 1, in the order of "hosts" */
          if (endpoint->host < hs_trace_get_n_hosts (trace))
            json_int (&w, "host", (gint64) endpoint->host + 1);
          else
            json_null (&w, "host");
          json_connection (&w, trace, endpoint->connection);
        }
      json_end_object (&w);
    }
  json_end_array (&w);

  if (hs_trace_get_n_hosts (trace) > 0)
    {
      json_begin_array (&w, "hosts");
      for (guint i = 0; i < hs_trace_get_n_hosts (trace); i++)
        {
          const HsTraceHost *host = hs_trace_get_host (trace, i);

          json_begin_object (&w, NULL);
          json_string (&w, "name", host->name);
          json_string (&w, "address", host->address);
          json_end_object (&w);
        }
      json_end_array (&w);
    }

  json_begin_array (&w, "segments");
  n = hs_trace_get_n_segments (trace);
  for (guint i = 0; i < n; i++)
    {
      json_write_segment (&w, trace, hs_trace_get_segment (trace, i));
      if (!_hs_trace_writer_sink_next (sink))
        return FALSE;
    }
  json_end_array (&w);

  json_begin_array (&w, "steps");
  n = hs_trace_get_n_steps (trace);
  for (guint i = 0; i < n; i++)
    {
      json_write_step (&w, trace, i);
      if (!_hs_trace_writer_sink_next (sink))
        return FALSE;
    }
  json_end_array (&w);

  json_begin_array (&w, "snapshots");
  n = hs_trace_get_n_snapshots (trace);
  for (guint i = 0; i < n; i++)
    {
      json_write_snapshot (&w, trace, hs_trace_get_snapshot (trace, i));
      if (!_hs_trace_writer_sink_next (sink))
        return FALSE;
    }
  json_end_array (&w);

  json_end_object (&w);
  g_string_append_c (w.out, '\n');

  return _hs_trace_writer_sink_flush (sink);
}
