/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-diagram-time.c: time made vertical. The events' y before any room is
 * made (the typical delay sets the scale; long idle gaps are compressed
 * into breaks), then the axis ticks, the breaks' marks and the tables that
 * turn a moment into a y. */

#define G_LOG_DOMAIN "hs-diagram-layout"

#include "config.h"

#include <math.h>
#include <string.h>

#include "hs-diagram-build-private.h"

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
sampled_median (GArray *values)
{
  if (values->len == 0)
    return 0;
  g_array_sort (values, compare_double);
  return g_array_index (values, double, values->len / 2);
}

/* The time between segment @s's events (its send and its end, as
 * hs_diagram_layout_build_events() places them), in a layout of all the
 * steps up to whole_last_step: a head takes its whole's scale; 0 for a
 * lost segment and one outside the range. */
static double
segment_duration (HsDiagramLayout *self,
                  guint            s)
{
  HsTrace *trace = self->trace;
  const HsTraceSegment *seg = hs_trace_get_segment (trace, s);
  guint n_steps = hs_trace_get_n_steps (trace);
  HsTime sent, end;

  if (seg->fate == HS_FATE_LOST)
    return 0;
  if (seg->sent_step == HS_TRACE_NONE)
    {
      if (self->options.first_step != 0 || self->whole_last_step != HS_TRACE_NONE)
        return 0;
    }
  else if (seg->sent_step < self->options.first_step || seg->sent_step > self->whole_last_step)
    return 0;

  if (seg->sent_step != HS_TRACE_NONE && seg->sent_step < n_steps)
    {
      const HsTraceStep *st = hs_trace_get_step (trace, seg->sent_step);

      if (st->kind != HS_STEP_SEGMENT_SENT || st->segment != s)
        return 0;
      sent = st->time;
    }
  else
    sent = seg->sent;

  if (seg->end_step != HS_TRACE_NONE && seg->end_step < n_steps)
    end = hs_trace_get_step (trace, seg->end_step)->time;
  else if (seg->fate == HS_FATE_DELIVERED && seg->arrived != HS_TIME_NONE)
    end = seg->arrived;
  else if (seg->fate == HS_FATE_IN_FLIGHT)
    end = MAX (seg->sent, hs_trace_get_end_time (trace));
  else
    end = seg->sent;
  if (end < seg->sent)
    end = seg->sent;

  return (double) end - (double) sent;
}

/* The time from the last SYN to the SYN+ACK that answers it, or 0. */
static double
handshake_round_trip (HsTrace *trace)
{
  guint n = hs_trace_get_n_segments (trace);
  HsTime syn = -1;

  /* the handshake is at the start, if the trace has one */
  for (guint s = 0; s < MIN (n, 64); s++)
    {
      const HsTraceSegment *seg = hs_trace_get_segment (trace, s);
      guint8 flags = seg->header.flags;

      if ((flags & HS_TCP_SYN) && !(flags & HS_TCP_ACK))
        syn = seg->sent;
      else if ((flags & HS_TCP_SYN) && (flags & HS_TCP_ACK) && syn >= 0)
        return (double) (seg->sent - syn);
    }
  return 0;
}

void
hs_diagram_layout_base_spacing (HsDiagramLayout *self,
                                Solver          *sv,
                                double           start_y,
                                double           lane_gap)
{
  GArray *events = sv->events;
  const HsDiagramStyle *style = self->style;
  g_autoptr(GArray) sample = g_array_new (FALSE, FALSE, sizeof (double));
  guint n_segments = hs_trace_get_n_segments (self->trace);
  guint stride;
  double typical, px_per_unit, target, threshold, compressed;
  double label_h, spread;
  guint n_slots = 2 * MAX (1, hs_trace_get_n_endpoints (self->trace));
  g_autofree guint *last_seg = g_new (guint, n_slots);

  sv->base = g_new (double, sv->n_ev);
  sv->fenwick = g_new0 (double, sv->n_ev + 1);

  hs_diagram_layout_measure (self, HS_DIAGRAM_FONT_LABEL, "seq=0", NULL, &label_h);

  if (self->options.time_mode == HS_DIAGRAM_TIME_EVENTS)
    {
      px_per_unit = style->row_height;
      threshold = G_MAXDOUBLE;
      compressed = 0;
    }
  else
    {
      /* The typical one-way delay sets the scale: it becomes a slope of
       * about a quarter of the lane gap, steep enough to read as delay,
       * gentle enough to leave room for labels. */
      stride = MAX (1, n_segments / 4096);
      for (guint s = 0; s < n_segments; s += stride)
        {
          double d = segment_duration (self, s);

          if (d > 0)
            g_array_append_val (sample, d);
        }

      typical = sampled_median (sample);

      if (typical <= 0)
        {
          stride = MAX (1, sv->n_ev / 4096);
          g_array_set_size (sample, 0);
          for (guint i = 1; i < sv->n_ev; i += stride)
            {
              double d = g_array_index (events, Event, i).key - g_array_index (events, Event, i - 1).key;
              if (d > 0)
                g_array_append_val (sample, d);
            }
          typical = sampled_median (sample);
          /* Nothing arrives in a capture (each segment is seen once, where
           * it was captured): a burst's microseconds between packets
           * would set the scale, and every pause of a round trip would be
           * a break. Its handshake tells the round trip instead. */
          typical = MAX (typical, handshake_round_trip (self->trace) / 2);
        }

      if (typical <= 0)
        typical = 1000;

      target = CLAMP (0.21 * lane_gap, 3.5 * label_h, 10.0 * label_h);
      if (n_segments > HS_DIAGRAM_LONG_TRACE && !self->options.full_scale)
        target = 3.5 * label_h;
      px_per_unit = target / typical;
      threshold = 3.0 * target;
      compressed = 0.9 * target + 2 * label_h;
    }

  sv->base[0] = start_y;
  spread = 0.8 * label_h;
  for (guint k = 0; k < n_slots; k++)
    last_seg[k] = NONE;

  for (guint i = 1; i < sv->n_ev; i++)
    {
      const Event *prev = &g_array_index (events, Event, i - 1);
      const Event *ev = &g_array_index (events, Event, i);
      double dk = ev->key - prev->key;
      double dy = MAX (0, dk) * px_per_unit;

      if (prev->type == EV_START)
        dy = 0;

      if (dy > threshold && threshold < G_MAXDOUBLE)
        {
          HsDiagramBreak br = { 0 };

          br.y0 = i;   /* event index for now; made a y below */
          br.duration = ev->time - prev->time;
          g_array_append_val (self->breaks, br);
          dy = compressed;
        }

      if (ev->type == EV_FINISH)
        dy = MIN (dy, 2 * label_h) + 2 * label_h;

      sv->base[i] = sv->base[i - 1] + dy;

      /* Segments sent (or arriving) at the same moment, a burst or a fan
       * of duplicate ACKs, would be one arrow drawn over the others:
       * to scale, they are spread a little apart, so that each can be
       * told apart and clicked. The time stays in order. */
      if (threshold < G_MAXDOUBLE && (ev->type == EV_SEND || ev->type == EV_END))
        {
          const HsTraceSegment *seg = hs_trace_get_segment (self->trace, ev->ref);
          /* by one sender at once, or to one receiver: crossing segments
           * (a simultaneous open) stay level */
          guint slot = 2 * MIN (ev->type == EV_SEND ? seg->from : seg->to, n_slots / 2 - 1) +
                       (ev->type == EV_SEND ? 0 : 1);

          if (last_seg[slot] != NONE && g_array_index (events, Event, last_seg[slot]).key >= ev->key &&
              sv->base[last_seg[slot]] + spread > sv->base[i])
            {
              HsDiagramStretch *last = self->stretches->len > 0
                ? &g_array_index (self->stretches, HsDiagramStretch, self->stretches->len - 1) : NULL;

              sv->base[i] = sv->base[last_seg[slot]] + spread;
              /* event indices for now, made y in the axis; one moment's
               * run of spreads is one stretch */
              if (last != NULL && last->y1 >= last_seg[slot])
                {
                  last->y0 = MIN (last->y0, last_seg[slot]);
                  last->y1 = MAX (last->y1, i);
                }
              else
                {
                  HsDiagramStretch stretch = { last_seg[slot], i };
                  g_array_append_val (self->stretches, stretch);
                }
            }
          last_seg[slot] = i;
        }
    }
}

/* ------------------------------------------------------------------ */
/* the axis                                                            */

static double
nice_step (double raw)
{
  double p = pow (10, floor (log10 (raw)));

  if (raw <= p)
    return p;
  if (raw <= 2 * p)
    return 2 * p;
  if (raw <= 5 * p)
    return 5 * p;
  return 10 * p;
}

/* The times a worksheet asks for (a timer's question, blanked): a row's
 * own time on the axis would give the answer away. NULL when nothing is
 * blanked, as outside worksheets. */
static GArray *
asked_times (HsDiagramLayout *self)
{
  GArray *times;
  guint n;

  if (self->options.blank_fields == NULL)
    return NULL;
  times = g_array_new (FALSE, FALSE, sizeof (HsTime));
  n = hs_trace_get_n_steps (self->trace);
  for (guint i = 0; i < n; i++)
    if (hs_diagram_layout_options_get_blanks (&self->options, i) & HS_QUIZ_FIELD_TIME)
      g_array_append_val (times, hs_trace_get_step (self->trace, i)->time);
  return times;
}

static gboolean
time_is_asked (GArray *asked,
               HsTime  time)
{
  for (guint i = 0; asked != NULL && i < asked->len; i++)
    if (g_array_index (asked, HsTime, i) == time)
      return TRUE;
  return FALSE;
}

static void
make_ticks (HsDiagramLayout *self,
            Solver          *sv)
{
  GArray *events = sv->events;
  g_autoptr(GArray) asked = asked_times (self);
  double last_y = -G_MAXDOUBLE;
  double min_gap;
  guint run_start = 1;

  hs_diagram_layout_measure (self, HS_DIAGRAM_FONT_NOTE, "0", NULL, &min_gap);
  min_gap *= 1.8;

  if (self->options.time_mode == HS_DIAGRAM_TIME_EVENTS)
    {
      for (guint i = 0; i < sv->n_ev; i++)
        {
          const Event *ev = &g_array_index (events, Event, i);
          HsDiagramTick tick;

          if (ev->type != EV_SEND || time_is_asked (asked, ev->time))
            continue;
          tick.y = sv->base[i];
          tick.time = ev->time;
          /* each row's own time, to the microsecond, as a flow graph does */
          tick.resolution = 1;
          if (tick.y - last_y < min_gap)
            continue;
          g_array_append_val (self->ticks, tick);
          last_y = tick.y;
        }
      return;
    }

  /* Runs of events between breaks get evenly spaced nice times. */
  for (guint b = 0; b <= self->breaks->len; b++)
    {
      guint run_end = b < self->breaks->len
        ? (guint) g_array_index (self->breaks, HsDiagramBreak, b).y0 - 1
        : sv->n_ev - 2;
      double k0, k1, y0, y1, step, px_per_unit;
      guint j;

      if (run_end <= run_start || run_end >= sv->n_ev)
        {
          run_start = run_end + 1;
          continue;
        }

      k0 = g_array_index (events, Event, run_start).key;
      k1 = g_array_index (events, Event, run_end).key;
      y0 = sv->base[run_start];
      y1 = sv->base[run_end];

      if (k1 <= k0)
        {
          HsDiagramTick tick = { y0, g_array_index (events, Event, run_start).time, HS_USEC_PER_MSEC };

          if (tick.y - last_y >= min_gap)
            {
              g_array_append_val (self->ticks, tick);
              last_y = tick.y;
            }
          run_start = run_end + 1;
          continue;
        }

      px_per_unit = (y1 - y0) / (k1 - k0);
      step = nice_step (MAX (1.0, 4.5 * min_gap / MAX (px_per_unit, 1e-12)));
      j = run_start;

      for (double t = ceil (k0 / step) * step; t <= k1 + 1e-6; t += step)
        {
          HsDiagramTick tick;
          const Event *a, *bb;

          while (j + 1 <= run_end && g_array_index (events, Event, j + 1).key <= t)
            j++;
          a = &g_array_index (events, Event, j);
          if (j + 1 <= run_end && a->key < t)
            {
              bb = &g_array_index (events, Event, j + 1);
              tick.y = sv->base[j] + (t - a->key) / (bb->key - a->key) * (sv->base[j + 1] - sv->base[j]);
            }
          else
            {
              /* the first event at this time */
              guint k = j;
              while (k > run_start && g_array_index (events, Event, k - 1).key >= t)
                k--;
              tick.y = sv->base[k];
            }
          tick.time = (HsTime) llround (t);
          tick.resolution = MAX (1, (HsTime) llround (step));

          if (tick.y - last_y < min_gap)
            continue;
          g_array_append_val (self->ticks, tick);
          last_y = tick.y;
        }

      run_start = run_end + 1;
    }
}

void
hs_diagram_layout_build_axis (HsDiagramLayout *self,
                              Solver          *sv)
{
  guint n_steps = hs_trace_get_n_steps (self->trace);

  /* before the breaks' y0 stop being event indices */
  make_ticks (self, sv);

  /* A time longer than the axis has room for (a fine tick far into a long
   * trace) gives up decimals rather than run off the left edge. */
  for (guint i = 0; i < self->ticks->len; i++)
    {
      HsDiagramTick *tick = &g_array_index (self->ticks, HsDiagramTick, i);

      for (;;)
        {
          g_autofree char *label = hs_diagram_format_tick (tick->time, tick->resolution);

          if (strlen (label) <= self->axis_label_chars ||
              hs_diagram_layout_text_width (self, HS_DIAGRAM_FONT_NOTE, label) <= self->axis_label_width ||
              tick->resolution >= HS_USEC_PER_SEC)
            break;
          tick->resolution *= 10;
        }
    }

  /* A tick printed coarser than its neighbours are apart ("21 ms" for
   * 20.6 ms just above "20.810 ms") would make the axis run backwards:
   * such a tick goes. */
  {
    double last_shown = -G_MAXDOUBLE;
    guint kept = 0;

    for (guint i = 0; i < self->ticks->len; i++)
      {
        HsDiagramTick *tick = &g_array_index (self->ticks, HsDiagramTick, i);
        double shown = hs_diagram_tick_value (tick->time, tick->resolution);
        gboolean ok = shown > last_shown;

        if (i + 1 < self->ticks->len)
          ok = ok && shown < g_array_index (self->ticks, HsDiagramTick, i + 1).time;
        if (kept > 0)
          ok = ok && shown > g_array_index (self->ticks, HsDiagramTick, kept - 1).time;
        if (!ok)
          continue;
        last_shown = shown;
        g_array_index (self->ticks, HsDiagramTick, kept++) = *tick;
      }
    g_array_set_size (self->ticks, kept);
  }

  for (guint i = 0; i < self->stretches->len; i++)
    {
      HsDiagramStretch *stretch = &g_array_index (self->stretches, HsDiagramStretch, i);

      stretch->y0 = sv->base[(guint) stretch->y0];
      stretch->y1 = sv->base[(guint) stretch->y1];
    }

  for (guint b = 0; b < self->breaks->len; b++)
    {
      HsDiagramBreak *br = &g_array_index (self->breaks, HsDiagramBreak, b);
      guint ev = (guint) br->y0;
      double mid = (sv->base[ev - 1] + sv->base[ev]) / 2;
      double half = MIN (14.0, (sv->base[ev] - sv->base[ev - 1]) / 4);

      br->y0 = mid - half;
      br->y1 = mid + half;
    }

  /* time -> y for moments */
  self->event_time = g_array_sized_new (FALSE, FALSE, sizeof (HsTime), sv->n_ev);
  self->event_y = g_array_sized_new (FALSE, FALSE, sizeof (double), sv->n_ev);
  for (guint i = 0; i < sv->n_ev; i++)
    {
      const Event *ev = &g_array_index (sv->events, Event, i);

      g_array_append_val (self->event_time, ev->time);
      g_array_append_val (self->event_y, sv->base[i]);
    }

  self->step_y = g_array_sized_new (FALSE, FALSE, sizeof (double), n_steps);
  g_array_set_size (self->step_y, n_steps);
  for (guint s = 0; s < n_steps; s++)
    g_array_index (self->step_y, double, s) =
      sv->step_ev[s] != NONE ? sv->base[sv->step_ev[s]] : NAN;
}
