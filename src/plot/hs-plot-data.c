/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-plot-data.c: a plot's series, read from a trace, and their summary;
 * a capture's readings are computed in hs-plot-capture.c, the CSV written
 * in hs-plot-csv.c. */

#define G_LOG_DOMAIN "hs-plot"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-narration.h"
#include "hs-plot-data-private.h"

/* Buckets (hs-plot-data-private.h) of 40 bytes, twice over all levels: 5
 * bytes a point. */

/* ssthresh starts "arbitrarily high" (RFC 5681): above this, not drawn. */
#define SSTHRESH_INFINITE (1u << 30)


G_DEFINE_FINAL_TYPE (HsPlotData, hs_plot_data, G_TYPE_OBJECT)

static const char * const kind_names[HS_PLOT_N_KINDS] = {
  "congestion", "sequence", "window", "throughput", "rtt",
};

const char *
hs_plot_kind_to_string (HsPlotKind kind)
{
  g_return_val_if_fail (kind < HS_PLOT_N_KINDS, NULL);
  return kind_names[kind];
}

gboolean
hs_plot_kind_from_string (const char *str,
                          HsPlotKind *kind)
{
  g_return_val_if_fail (str != NULL, FALSE);

  for (guint i = 0; i < HS_PLOT_N_KINDS; i++)
    if (g_ascii_strcasecmp (str, kind_names[i]) == 0)
      {
        if (kind != NULL)
          *kind = i;
        return TRUE;
      }
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* Readings                                                             */

/* Lets go of the trace's blocks decoded while reading it through, when
 * nothing else reads the trace: a window's other views may be reading it
 * in a thread meanwhile. */
void
_hs_plot_data_trim (HsPlotData *self)
{
  if (self->sole_reader)
    hs_trace_trim (self->trace);
}

HsTime
_hs_plot_data_step_time (HsTrace *trace,
           guint    step)
{
  HsTraceStep s;

  hs_trace_read_step (trace, step, &s);
  return s.time;
}

static guint32
rel (guint32 value,
     guint32 base)
{
  return value - base;
}

/* The series a lesson's snapshot gives, for @kind. */
/* @own: @tcb was taken at this reading's step; a snapshot carried over
 * the peer's steps has no RTT sample of its own. */
static void
values_from_snapshot (HsPlotKind           kind,
                      const HsTcbSnapshot *tcb,
                      gboolean             own,
                      guint32             *values)
{
  for (guint i = 0; i < HS_PLOT_MAX_SERIES; i++)
    values[i] = HS_PLOT_NO_VALUE;
  if (tcb == NULL)
    return;

  switch (kind)
    {
    case HS_PLOT_CONGESTION:
      values[0] = tcb->cwnd;
      values[1] = tcb->ssthresh >= SSTHRESH_INFINITE ? HS_PLOT_NO_VALUE : tcb->ssthresh;
      /* what cwnd limits: SACKed data has left the network */
      values[2] = tcb->pipe;
      values[3] = tcb->snd_wnd;
      break;
    case HS_PLOT_RTT:
      values[0] = tcb->srtt > 0 ? (guint32) MIN (tcb->srtt, G_MAXUINT32 - 1) : HS_PLOT_NO_VALUE;
      values[1] = (guint32) MIN (tcb->rto, G_MAXUINT32 - 1);
      values[2] = own && tcb->rtt_sample > 0 ? tcb->rtt_sample : HS_PLOT_NO_VALUE;
      break;
    case HS_PLOT_THROUGHPUT:
      /* bytes acknowledged so far; turned into a rate by the caller */
      values[0] = rel (tcb->snd_una, tcb->iss);
      break;
    case HS_PLOT_SEQUENCE:
    case HS_PLOT_WINDOW:
    default:
      break;
    }
}

/* The raw reading @index, before a throughput becomes a rate. */
static void
get_raw_point (HsPlotData  *self,
               guint        index,
               HsPlotPoint *point)
{
  if (self->stored != NULL)
    {
      const StoredPoint *sp = &g_array_index (self->stored, StoredPoint, index);

      point->step = sp->step;
      point->time = sp->time;
      memcpy (point->values, sp->values, sizeof point->values);
      return;
    }

  if (self->kind == HS_PLOT_SEQUENCE)
    {
      /* a time-sequence reading is a segment: data from the endpoint
       * (seq, seq + len) or an ACK from the peer (ack, ack + win), in
       * the endpoint's relative numbers, at its send time */
      const HsTraceEndpoint *ep = hs_trace_get_endpoint (self->trace, self->endpoint);
      HsTraceSegment seg;

      hs_trace_read_segment (self->trace, index, &seg);
      point->step = seg.sent_step;
      point->time = seg.sent;
      for (guint k = 0; k < HS_PLOT_MAX_SERIES; k++)
        point->values[k] = HS_PLOT_NO_VALUE;
      if (seg.from == self->endpoint && seg.len > 0)
        {
          point->values[0] = seg.header.seq - ep->rel_base;
          point->values[1] = seg.header.seq + seg.len - ep->rel_base;
        }
      else if (seg.from == self->peer && seg.from != self->endpoint &&
               (seg.header.flags & HS_TCP_ACK) && seg.fate != HS_FATE_LOST)
        {
          point->values[2] = seg.header.ack - ep->rel_base;
          point->values[3] = seg.header.ack + seg.window - ep->rel_base;
        }
      return;
    }

  {
    const HsTcbSnapshot *snap = hs_trace_get_snapshot (self->trace, index);
    guint step = snap->step;
    const HsTcbSnapshot *tcb = snap->endpoint == self->endpoint
      ? snap : hs_trace_get_tcb_at (self->trace, step, self->endpoint);

    point->step = step;
    point->time = _hs_plot_data_step_time (self->trace, step);
    values_from_snapshot (self->kind, tcb, tcb == snap, point->values);
  }
}

guint
hs_plot_data_get_n_points (HsPlotData *self)
{
  g_return_val_if_fail (HS_IS_PLOT_DATA (self), 0);

  if (self->stored != NULL)
    return self->stored->len;
  if (self->kind == HS_PLOT_CONGESTION || self->kind == HS_PLOT_RTT || self->kind == HS_PLOT_THROUGHPUT)
    return hs_trace_get_n_snapshots (self->trace);
  if (self->kind == HS_PLOT_SEQUENCE)
    return hs_trace_get_n_segments (self->trace);
  return 0;
}

gint64
hs_plot_data_find_point (HsPlotData *self,
                         HsTime      time)
{
  gint64 lo = 0, hi = hs_plot_data_get_n_points (self);

  /* The summary's first times narrow it to one bucket without decoding
   * anything: a frame then reads one block of the trace, not one per
   * step of a binary search over millions. */
  if (self->n_levels > 0 && self->levels[0]->len > 0)
    {
      GArray *l0 = self->levels[0];
      gint64 blo = 0, bhi = l0->len;

      while (blo < bhi)
        {
          gint64 mid = blo + (bhi - blo) / 2;

          if (g_array_index (l0, HsPlotBucket, mid).first_time <= time)
            blo = mid + 1;
          else
            bhi = mid;
        }
      if (blo == 0)
        return -1;
      lo = (blo - 1) << BUCKET_SHIFT;
      hi = MIN (hi, blo << BUCKET_SHIFT);
    }

  /* the first point after @time, less one */
  while (lo < hi)
    {
      gint64 mid = lo + (hi - lo) / 2;
      HsTime t;

      if (self->stored != NULL)
        t = g_array_index (self->stored, StoredPoint, mid).time;
      else if (self->kind == HS_PLOT_SEQUENCE)
        {
          HsTraceSegment seg;

          hs_trace_read_segment (self->trace, (guint) mid, &seg);
          t = seg.sent;
        }
      else
        t = _hs_plot_data_step_time (self->trace, hs_trace_get_snapshot (self->trace, mid)->step);
      if (t <= time)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo - 1;
}

/* Throughput over the last tenth of a second, or of the plot's time
 * axis when that is shorter: what a spreadsheet's moving average would show. */
static HsTime
throughput_window (HsPlotData *self)
{
  HsTime span = self->end_time - self->start_time;

  return CLAMP (span / 10, 1000, 100 * HS_USEC_PER_MSEC);
}

void
hs_plot_data_get_point (HsPlotData  *self,
                        guint        index,
                        HsPlotPoint *point)
{
  g_return_if_fail (HS_IS_PLOT_DATA (self));
  g_return_if_fail (index < hs_plot_data_get_n_points (self));

  get_raw_point (self, index, point);
  if (self->kind == HS_PLOT_THROUGHPUT && point->values[0] != HS_PLOT_NO_VALUE)
    {
      HsTime window = throughput_window (self);
      gint64 j = hs_plot_data_find_point (self, point->time - window);
      HsPlotPoint before = { 0 };

      if (j >= 0)
        get_raw_point (self, (guint) j, &before);
      if (j < 0 || before.values[0] == HS_PLOT_NO_VALUE)
        before.values[0] = 0;
      point->values[0] = (guint32) MIN ((guint64) (guint32) (point->values[0] - before.values[0]) *
                                        HS_USEC_PER_SEC / window, G_MAXUINT32 - 1);
    }
}

gboolean
hs_plot_data_get_point_at_step (HsPlotData  *self,
                                guint        step,
                                HsPlotPoint *point)
{
  gint64 lo = 0, hi;

  g_return_val_if_fail (HS_IS_PLOT_DATA (self), FALSE);

  hi = hs_plot_data_get_n_points (self);
  while (lo < hi)
    {
      gint64 mid = lo + (hi - lo) / 2;
      guint s;

      if (self->stored != NULL)
        s = g_array_index (self->stored, StoredPoint, mid).step;
      else if (self->kind == HS_PLOT_SEQUENCE)
        {
          HsTraceSegment seg;

          hs_trace_read_segment (self->trace, (guint) mid, &seg);
          s = seg.sent_step;
        }
      else
        s = hs_trace_get_snapshot (self->trace, mid)->step;

      if (s <= step)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo == 0)
    return FALSE;
  hs_plot_data_get_point (self, (guint) (lo - 1), point);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Building                                                             */

static guint
busiest_sender (HsTrace *trace)
{
  guint64 sent[HS_TRACE_MAX_ENDPOINTS] = { 0 };
  guint n = hs_trace_get_n_segments (trace);
  guint best = 0;

  for (guint i = 0; i < n; i++)
    {
      HsTraceSegment s;

      hs_trace_read_segment (trace, i, &s);
      sent[s.from] += s.len;
    }
  for (guint e = 1; e < hs_trace_get_n_endpoints (trace); e++)
    if (sent[e] > sent[best])
      best = e;
  return best;
}

static void
bucket_reset (HsPlotBucket *b,
              HsTime        time)
{
  b->first_time = time;
  for (guint k = 0; k < HS_PLOT_MAX_SERIES; k++)
    {
      b->min[k] = HS_PLOT_NO_VALUE;
      b->max[k] = 0;
    }
}

static void
bucket_add (HsPlotBucket *b,
            const guint32 *values)
{
  for (guint k = 0; k < HS_PLOT_MAX_SERIES; k++)
    if (values[k] != HS_PLOT_NO_VALUE)
      {
        b->min[k] = MIN (b->min[k], values[k]);
        b->max[k] = MAX (b->max[k], values[k]);
      }
}

static void
build_summary (HsPlotData *self)
{
  guint n = hs_plot_data_get_n_points (self);
  GArray *level0 = g_array_sized_new (FALSE, FALSE, sizeof (HsPlotBucket), (n >> BUCKET_SHIFT) + 1);
  HsPlotBucket b;

  self->max_value = 0;
  for (guint i = 0; i < n; i++)
    {
      HsPlotPoint p;

      hs_plot_data_get_point (self, i, &p);
      if ((i & ((1u << BUCKET_SHIFT) - 1)) == 0)
        {
          if (i > 0)
            g_array_append_val (level0, b);
          bucket_reset (&b, p.time);
        }
      bucket_add (&b, p.values);
      for (guint k = 0; k < self->n_values; k++)
        if (p.values[k] != HS_PLOT_NO_VALUE)
          self->max_value = MAX (self->max_value, p.values[k]);
      /* the snapshot blocks decoded so far are not needed again */
      if (self->stored == NULL && (i & 0xffff) == 0xffff)
        _hs_plot_data_trim (self);
    }
  if (n > 0)
    g_array_append_val (level0, b);

  self->levels[0] = level0;
  self->n_levels = 1;
  while (self->levels[self->n_levels - 1]->len > 1 && self->n_levels < MAX_LEVELS)
    {
      GArray *below = self->levels[self->n_levels - 1];
      GArray *above = g_array_sized_new (FALSE, FALSE, sizeof (HsPlotBucket), below->len / 2 + 1);

      for (guint i = 0; i < below->len; i += 2)
        {
          HsPlotBucket m = g_array_index (below, HsPlotBucket, i);

          if (i + 1 < below->len)
            {
              const HsPlotBucket *o = &g_array_index (below, HsPlotBucket, i + 1);

              for (guint k = 0; k < HS_PLOT_MAX_SERIES; k++)
                {
                  m.min[k] = MIN (m.min[k], o->min[k]);
                  m.max[k] = MAX (m.max[k], o->max[k]);
                }
            }
          g_array_append_val (above, m);
        }
      self->levels[self->n_levels++] = above;
    }
  if (self->stored == NULL)
    _hs_plot_data_trim (self);
}

static void
add_event (HsPlotData      *self,
           guint            step,
           HsTime           time,
           HsPlotEventKind  kind)
{
  HsPlotEvent ev = { step, time, kind };

  /* marks beyond this many would be a solid band anyway */
  if (self->events->len < 65536)
    g_array_append_val (self->events, ev);
}

static void
collect_events (HsPlotData *self)
{
  guint n = hs_trace_get_n_steps (self->trace);
  gboolean recovering = FALSE;

  for (guint i = 0; i < n; i++)
    {
      HsTraceStep st;
      HsTraceSegment seg;

      hs_trace_read_step (self->trace, i, &st);
      if (st.kind == HS_STEP_SEGMENT_SENT || st.kind == HS_STEP_SEGMENT_ARRIVED || st.kind == HS_STEP_SEGMENT_LOST)
        self->last_segment_time = st.time;
      /* fast recovery, as the engine's reasons tell it: from the fast
       * retransmission to the ACK that ends it */
      if (st.endpoint == self->endpoint && !recovering &&
          (st.reason == HS_REASON_RETRANSMIT_FAST || st.reason == HS_REASON_RETRANSMIT_SACK))
        {
          add_event (self, i, st.time, HS_PLOT_EVENT_RECOVERY_START);
          recovering = TRUE;
        }
      else if (st.endpoint == self->endpoint && recovering && st.reason == HS_REASON_ARRIVE_RECOVERY_END)
        {
          add_event (self, i, st.time, HS_PLOT_EVENT_RECOVERY_END);
          recovering = FALSE;
        }
      if (st.kind == HS_STEP_TIMER && st.detail == HS_TIMER_RETRANSMISSION && st.endpoint == self->endpoint)
        add_event (self, i, st.time, HS_PLOT_EVENT_TIMEOUT);
      else if ((st.kind == HS_STEP_SEGMENT_SENT || st.kind == HS_STEP_SEGMENT_LOST) && st.segment != HS_TRACE_NONE)
        {
          hs_trace_read_segment (self->trace, st.segment, &seg);
          if (seg.from != self->endpoint || seg.len == 0)
            continue;
          if (st.kind == HS_STEP_SEGMENT_LOST)
            add_event (self, i, st.time, HS_PLOT_EVENT_LOSS);
          else if ((seg.marks & HS_MARK_RETRANSMISSION) ||
                   (hs_trace_get_segment_analysis (self->trace, st.segment, NULL) & HS_ANALYSIS_RETRANSMISSION))
            add_event (self, i, st.time, HS_PLOT_EVENT_RETRANSMISSION);
        }
    }
}

/* The longest the sliding window's bars get over the whole trace, so
 * that their scale stays put while the steps play. */
static guint32
window_max (HsPlotData *self)
{
  guint n = hs_trace_get_n_snapshots (self->trace);
  guint32 max = 0;

  for (guint i = 0; i < n; i++)
    {
      const HsTcbSnapshot *s = hs_trace_get_snapshot (self->trace, i);
      gint32 v;

      if (s->endpoint == self->endpoint)
        {
          v = (gint32) (s->snd_una + s->snd_wnd - s->iss);
          max = MAX (max, (guint32) MAX (v, 0));
          v = (gint32) (s->snd_nxt - s->iss);
          max = MAX (max, (guint32) MAX (v, 0));
        }
      else if (s->endpoint == self->peer)
        {
          v = (gint32) (s->rcv_nxt + s->rcv_wnd - s->irs);
          max = MAX (max, (guint32) MAX (v, 0));
        }
    }
  _hs_plot_data_trim (self);
  return max;
}

static gboolean
trace_is_capture (HsTrace *trace)
{
  HsTraceSegment s;

  if (hs_trace_get_n_segments (trace) == 0)
    return FALSE;
  hs_trace_read_segment (trace, 0, &s);
  return s.fate == HS_FATE_CAPTURED;
}

static guint32
sender_mss (HsTrace *trace,
            guint    endpoint)
{
  const HsTraceEndpoint *ep = hs_trace_get_endpoint (trace, endpoint);
  g_autofree char *key = g_strdup_printf ("%s.mss", ep->name);
  const char *value = hs_trace_get_parameter (trace, key);
  guint64 mss = 0;
  guint n = MIN (hs_trace_get_n_segments (trace), 64);

  if (value != NULL && g_ascii_string_to_unsigned (value, 10, 1, 65535, &mss, NULL))
    return (guint32) mss;
  /* a capture: the largest segment among the first few, or the MSS option */
  for (guint i = 0; i < n; i++)
    {
      HsTraceSegment s;

      hs_trace_read_segment (trace, i, &s);
      if (s.from == endpoint)
        mss = MAX (mss, s.len);
      else if (s.header.options.present & HS_TCP_OPT_MSS)
        mss = MAX (mss, s.header.options.mss);
    }
  return mss > 0 ? (guint32) mss : 536;
}

HsPlotData *
hs_plot_data_new (HsTrace    *trace,
                  HsPlotKind  kind,
                  guint       endpoint)
{
  return hs_plot_data_new_full (trace, kind, endpoint, 0);
}

HsPlotData *
hs_plot_data_new_full (HsTrace          *trace,
                       HsPlotKind        kind,
                       guint             endpoint,
                       HsPlotDataFlags   flags)
{
  HsPlotData *self;
  guint n_steps;

  g_return_val_if_fail (HS_IS_TRACE (trace), NULL);
  g_return_val_if_fail (kind < HS_PLOT_N_KINDS, NULL);
  g_return_val_if_fail (hs_trace_get_n_endpoints (trace) > 0, NULL);

  self = g_object_new (HS_TYPE_PLOT_DATA, NULL);
  self->trace = g_object_ref (trace);
  self->sole_reader = (flags & HS_PLOT_DATA_SOLE_READER) != 0;
  self->kind = kind;
  self->endpoint = endpoint < hs_trace_get_n_endpoints (trace) ? endpoint : busiest_sender (trace);
  self->peer = self->endpoint ^ 1;
  if (self->peer >= hs_trace_get_n_endpoints (trace))
    self->peer = self->endpoint;
  self->capture = trace_is_capture (trace);
  self->mss = sender_mss (trace, self->endpoint);
  self->events = g_array_new (FALSE, FALSE, sizeof (HsPlotEvent));

  n_steps = hs_trace_get_n_steps (trace);
  self->start_time = n_steps > 0 ? _hs_plot_data_step_time (trace, 0) : 0;
  self->end_time = MAX (hs_trace_get_end_time (trace), self->start_time);

  switch (kind)
    {
    case HS_PLOT_CONGESTION:
      self->n_series = self->capture ? 2 : 4;
      break;
    case HS_PLOT_RTT:
      self->n_series = self->capture ? 1 : 3;
      break;
    case HS_PLOT_THROUGHPUT:
      self->n_series = 1;
      break;
    case HS_PLOT_SEQUENCE:
    case HS_PLOT_WINDOW:
    default:
      self->n_series = 0;
      break;
    }
  self->n_values = kind == HS_PLOT_SEQUENCE ? 4 : self->n_series;

  /* the events first: they find the last segment, where the time axis
   * ends, and a throughput's averaging window depends on that */
  collect_events (self);
  /* TIME-WAIT's two minutes of nothing would squeeze the transfer into
   * the first pixels: the time axis ends a little after the last segment */
  if (self->last_segment_time > self->start_time)
    self->end_time = MIN (self->end_time,
                          self->last_segment_time + (self->last_segment_time - self->start_time) / 20);
  if (self->capture && self->n_series > 0 && kind != HS_PLOT_SEQUENCE)
    _hs_plot_data_build_capture_points (self);
  build_summary (self);
  if (kind == HS_PLOT_WINDOW)
    self->max_value = window_max (self);

  return self;
}

/* ------------------------------------------------------------------ */
/* Reading                                                              */

HsTrace *
hs_plot_data_get_trace (HsPlotData *self)
{
  g_return_val_if_fail (HS_IS_PLOT_DATA (self), NULL);
  return self->trace;
}

HsPlotKind
hs_plot_data_get_kind (HsPlotData *self)
{
  g_return_val_if_fail (HS_IS_PLOT_DATA (self), HS_PLOT_CONGESTION);
  return self->kind;
}

guint
hs_plot_data_get_endpoint (HsPlotData *self)
{
  g_return_val_if_fail (HS_IS_PLOT_DATA (self), 0);
  return self->endpoint;
}

gboolean
hs_plot_data_is_capture (HsPlotData *self)
{
  g_return_val_if_fail (HS_IS_PLOT_DATA (self), FALSE);
  return self->capture;
}

guint32
hs_plot_data_get_mss (HsPlotData *self)
{
  g_return_val_if_fail (HS_IS_PLOT_DATA (self), 536);
  return self->mss;
}

guint
hs_plot_data_get_n_series (HsPlotData *self)
{
  g_return_val_if_fail (HS_IS_PLOT_DATA (self), 0);
  return self->n_series;
}

const char *
hs_plot_data_get_series_name (HsPlotData *self,
                              guint       series)
{
  static const char * const lesson[HS_PLOT_N_KINDS][HS_PLOT_MAX_SERIES] = {
    [HS_PLOT_CONGESTION] = { "cwnd", "ssthresh", "bytes_in_flight", "peer_window" },
    [HS_PLOT_RTT] = { "srtt_us", "rto_us", "rtt_sample_us" },
    [HS_PLOT_THROUGHPUT] = { "throughput_bytes_per_s" },
  };
  static const char * const capture[HS_PLOT_N_KINDS][HS_PLOT_MAX_SERIES] = {
    [HS_PLOT_CONGESTION] = { "bytes_in_flight", "peer_window" },
    [HS_PLOT_RTT] = { "ack_rtt_us" },
    [HS_PLOT_THROUGHPUT] = { "throughput_bytes_per_s" },
  };

  g_return_val_if_fail (HS_IS_PLOT_DATA (self), NULL);
  g_return_val_if_fail (series < self->n_series, NULL);

  return self->capture ? capture[self->kind][series] : lesson[self->kind][series];
}

const char *
hs_plot_data_get_series_label (HsPlotData *self,
                               guint       series)
{
  const char *name = hs_plot_data_get_series_name (self, series);

  if (g_str_equal (name, "cwnd"))
    return _("Congestion window (cwnd)");
  if (g_str_equal (name, "ssthresh"))
    return _("Slow-start threshold (ssthresh)");
  if (g_str_equal (name, "bytes_in_flight"))
    return self->capture
      ? _("Bytes in flight (estimates cwnd)")
      : _("Bytes in flight");
  if (g_str_equal (name, "peer_window"))
    return _("Peer’s advertised window");
  if (g_str_equal (name, "srtt_us"))
    return _("Smoothed RTT (SRTT)");
  if (g_str_equal (name, "rto_us"))
    return _("Retransmission timeout (RTO)");
  if (g_str_equal (name, "ack_rtt_us"))
    return _("RTT from ACKs");
  if (g_str_equal (name, "rtt_sample_us"))
    return _("RTT samples");
  if (g_str_equal (name, "throughput_bytes_per_s"))
    return _("Throughput (bytes acknowledged)");
  g_return_val_if_reached (name);
}

gboolean
hs_plot_data_get_series_points (HsPlotData *self,
                                guint       series)
{
  const char *name = hs_plot_data_get_series_name (self, series);

  return g_str_equal (name, "rtt_sample_us") || g_str_equal (name, "ack_rtt_us");
}

HsPlotUnit
hs_plot_data_get_unit (HsPlotData *self)
{
  g_return_val_if_fail (HS_IS_PLOT_DATA (self), HS_PLOT_UNIT_BYTES);

  switch (self->kind)
    {
    case HS_PLOT_RTT:
      return HS_PLOT_UNIT_USEC;
    case HS_PLOT_THROUGHPUT:
      return HS_PLOT_UNIT_BYTES_PER_SEC;
    case HS_PLOT_CONGESTION:
    case HS_PLOT_SEQUENCE:
    case HS_PLOT_WINDOW:
    default:
      return HS_PLOT_UNIT_BYTES;
    }
}

guint
hs_plot_data_get_n_events (HsPlotData *self)
{
  g_return_val_if_fail (HS_IS_PLOT_DATA (self), 0);
  return self->events->len;
}

const HsPlotEvent *
hs_plot_data_get_event (HsPlotData *self,
                        guint       index)
{
  g_return_val_if_fail (HS_IS_PLOT_DATA (self), NULL);
  g_return_val_if_fail (index < self->events->len, NULL);
  return &g_array_index (self->events, HsPlotEvent, index);
}

HsTime
hs_plot_data_get_start_time (HsPlotData *self)
{
  g_return_val_if_fail (HS_IS_PLOT_DATA (self), 0);
  return self->start_time;
}

HsTime
hs_plot_data_get_end_time (HsPlotData *self)
{
  g_return_val_if_fail (HS_IS_PLOT_DATA (self), 0);
  return self->end_time;
}

guint32
hs_plot_data_get_max_value (HsPlotData *self)
{
  g_return_val_if_fail (HS_IS_PLOT_DATA (self), 0);
  return self->max_value;
}

guint
hs_plot_data_get_bucket_shift (HsPlotData *self)
{
  return BUCKET_SHIFT;
}

guint
hs_plot_data_get_n_levels (HsPlotData *self)
{
  g_return_val_if_fail (HS_IS_PLOT_DATA (self), 0);
  return self->n_levels;
}

guint
hs_plot_data_get_n_buckets (HsPlotData *self,
                            guint       level)
{
  g_return_val_if_fail (HS_IS_PLOT_DATA (self), 0);
  g_return_val_if_fail (level < self->n_levels, 0);
  return self->levels[level]->len;
}

const HsPlotBucket *
hs_plot_data_get_bucket (HsPlotData *self,
                         guint       level,
                         guint       index)
{
  g_return_val_if_fail (HS_IS_PLOT_DATA (self), NULL);
  g_return_val_if_fail (level < self->n_levels, NULL);
  g_return_val_if_fail (index < self->levels[level]->len, NULL);
  return &g_array_index (self->levels[level], HsPlotBucket, index);
}

gsize
hs_plot_data_get_memory_size (HsPlotData *self)
{
  gsize size = sizeof *self;

  g_return_val_if_fail (HS_IS_PLOT_DATA (self), 0);

  for (guint l = 0; l < self->n_levels; l++)
    size += self->levels[l]->len * sizeof (HsPlotBucket);
  if (self->stored != NULL)
    size += self->stored->len * sizeof (StoredPoint);
  size += self->events->len * sizeof (HsPlotEvent);
  return size;
}

/* ------------------------------------------------------------------ */

static void
hs_plot_data_finalize (GObject *object)
{
  HsPlotData *self = HS_PLOT_DATA (object);

  for (guint l = 0; l < self->n_levels; l++)
    g_array_unref (self->levels[l]);
  g_clear_pointer (&self->stored, g_array_unref);
  g_clear_pointer (&self->events, g_array_unref);
  g_clear_object (&self->trace);

  G_OBJECT_CLASS (hs_plot_data_parent_class)->finalize (object);
}

static void
hs_plot_data_class_init (HsPlotDataClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hs_plot_data_finalize;
}

static void
hs_plot_data_init (HsPlotData *self)
{
}
