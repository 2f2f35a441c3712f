/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-diagram-events.c: the steps and segments of a trace in range as
 * sorted events (a segment leaves, arrives or is lost, a state changes,
 * an application calls, a timer fires), each keyed by its time or, in
 * event mode, by its row. */

#define G_LOG_DOMAIN "hs-diagram-layout"

#include "config.h"

#include <string.h>

#include "hs-diagram-build-private.h"

guint
hs_diagram_layout_last_step (HsDiagramLayout *self)
{
  guint n_steps = hs_trace_get_n_steps (self->trace);

  return MIN (self->options.last_step, n_steps == 0 ? 0 : n_steps - 1);
}

gboolean
hs_diagram_layout_step_in_range (HsDiagramLayout *self,
                                 guint            step)
{
  return step >= self->options.first_step && step <= self->options.last_step;
}

gboolean
hs_diagram_step_has_note (const HsTraceStep *step)
{
  if (step->kind == HS_STEP_APP_CALL || step->kind == HS_STEP_TIMER)
    return TRUE;
  if (step->kind == HS_STEP_APP_NOTIFY)
    return step->detail == HS_NOTIFY_REFUSED || step->detail == HS_NOTIFY_RESET ||
           step->detail == HS_NOTIFY_TIMED_OUT;
  return FALSE;
}

static int
compare_events (gconstpointer a,
                gconstpointer b)
{
  const Event *ea = a, *eb = b;

  if (ea->key < eb->key)
    return -1;
  if (ea->key > eb->key)
    return 1;
  return (ea->order > eb->order) - (ea->order < eb->order);
}

static void
add_event (GArray   *events,
           EventType type,
           double    key,
           HsTime    time,
           guint32   order,
           guint32   ref)
{
  Event ev = { key, time, order, ref, type };

  g_array_append_val (events, ev);
}

static gboolean
segment_included (HsDiagramLayout      *self,
                  const HsTraceSegment *seg)
{
  if (seg->sent_step == HS_TRACE_NONE)
    return self->options.first_step == 0 && self->options.last_step == HS_TRACE_NONE;
  return hs_diagram_layout_step_in_range (self, seg->sent_step);
}

void
hs_diagram_layout_build_events (HsDiagramLayout *self,
                                Solver          *sv)
{
  HsTrace *trace = self->trace;
  guint n_steps = hs_trace_get_n_steps (trace);
  guint n_segments = hs_trace_get_n_segments (trace);
  guint last = hs_diagram_layout_last_step (self);
  HsTime t_first = G_MAXINT64, t_last = G_MININT64;
  GArray *events;

  events = g_array_sized_new (FALSE, FALSE, sizeof (Event), 2 * n_segments + n_steps / 2 + 16);

  for (guint i = self->options.first_step; n_steps > 0 && i <= last; i++)
    {
      const HsTraceStep *st = hs_trace_get_step (trace, i);

      switch (st->kind)
        {
        case HS_STEP_SEGMENT_SENT:
          if (st->segment < n_segments &&
              hs_trace_get_segment (trace, st->segment)->sent_step == i)
            add_event (events, EV_SEND, st->time, st->time, i, st->segment);
          break;

        case HS_STEP_SEGMENT_ARRIVED:
        case HS_STEP_SEGMENT_LOST:
          /* only for segments sent inside the range: their ends are added below */
          break;

        default:
          add_event (events, EV_STEP, st->time, st->time, i, i);
          break;
        }

      t_first = MIN (t_first, st->time);
      t_last = MAX (t_last, st->time);
    }

  /* Ends of the segments in range, and segments without steps (a capture). */
  for (guint s = 0; s < n_segments; s++)
    {
      const HsTraceSegment *seg = hs_trace_get_segment (trace, s);
      HsTime end;
      guint32 order;

      if (!segment_included (self, seg))
        continue;

      if (seg->sent_step == HS_TRACE_NONE || seg->sent_step >= n_steps)
        add_event (events, EV_SEND, seg->sent, seg->sent, G_MAXUINT32 - 2 * (n_segments - s), s);

      if (seg->end_step != HS_TRACE_NONE && seg->end_step < n_steps)
        {
          end = hs_trace_get_step (trace, seg->end_step)->time;
          order = seg->end_step;
        }
      else
        {
          if (seg->fate == HS_FATE_DELIVERED && seg->arrived != HS_TIME_NONE)
            end = seg->arrived;
          else if (seg->fate == HS_FATE_IN_FLIGHT)
            end = MAX (seg->sent, hs_trace_get_end_time (trace));
          else
            end = seg->sent;   /* captured: seen on the wire, drawn level */
          order = G_MAXUINT32 - 2 * (n_segments - s) + 1;
        }

      if (end < seg->sent)
        end = seg->sent;
      add_event (events, EV_END, end, end, order, s);
      t_first = MIN (t_first, seg->sent);
      t_last = MAX (t_last, end);
    }

  if (t_first > t_last)
    t_first = t_last = 0;

  add_event (events, EV_START, t_first, t_first, 0, 0);
  add_event (events, EV_FINISH, t_last, t_last, G_MAXUINT32, 0);
  /* START sorts first: order 0 ties with step 0, so make it strictly first */
  g_array_index (events, Event, events->len - 2).key = t_first - 1e-3;

  g_array_sort (events, compare_events);

  if (self->options.time_mode == HS_DIAGRAM_TIME_EVENTS)
    {
      /* One row per segment (level arrows), per note; a state change
       * shares the row of what caused it. */
      g_autofree double *seg_row = g_new0 (double, MAX (n_segments, 1));
      g_autofree double *step_row = g_new0 (double, MAX (n_steps, 1));
      double row = 0, prev = 0;

      for (guint i = 0; i < events->len; i++)
        {
          Event *ev = &g_array_index (events, Event, i);

          switch (ev->type)
            {
            case EV_START:
              ev->key = prev = 0;
              break;
            case EV_SEND:
              ev->key = prev = seg_row[ev->ref] = ++row;
              break;
            case EV_END:
              ev->key = prev = seg_row[ev->ref];
              break;
            case EV_STEP:
              {
                const HsTraceStep *st = hs_trace_get_step (trace, ev->ref);

                if (hs_diagram_step_has_note (st))
                  ev->key = prev = ++row;
                else if (st->cause != HS_TRACE_NONE && st->cause < ev->ref &&
                         hs_diagram_layout_step_in_range (self, st->cause))
                  ev->key = prev = step_row[st->cause] > 0 ? step_row[st->cause] : prev;
                else
                  ev->key = prev;
                step_row[ev->ref] = ev->key;
              }
              break;
            case EV_FINISH:
              ev->key = row + 1;
              break;
            default:
              g_assert_not_reached ();
            }

          /* arrivals feed causes too */
          if (ev->type == EV_END)
            {
              const HsTraceSegment *seg = hs_trace_get_segment (trace, ev->ref);
              if (seg->end_step != HS_TRACE_NONE && seg->end_step < n_steps)
                step_row[seg->end_step] = ev->key;
            }
          else if (ev->type == EV_SEND)
            {
              const HsTraceSegment *seg = hs_trace_get_segment (trace, ev->ref);
              if (seg->sent_step < n_steps)
                step_row[seg->sent_step] = ev->key;
            }

          /* keep the original order among equal rows */
          ev->order = i;
        }

      g_array_sort (events, compare_events);
    }

  sv->events = events;
  sv->n_ev = events->len;
  sv->seg_send = g_new (guint, MAX (n_segments, 1));
  sv->seg_end = g_new (guint, MAX (n_segments, 1));
  sv->step_ev = g_new (guint, MAX (n_steps, 1));
  memset (sv->seg_send, 0xff, sizeof (guint) * MAX (n_segments, 1));
  memset (sv->seg_end, 0xff, sizeof (guint) * MAX (n_segments, 1));
  memset (sv->step_ev, 0xff, sizeof (guint) * MAX (n_steps, 1));

  for (guint i = 0; i < events->len; i++)
    {
      const Event *ev = &g_array_index (events, Event, i);

      if (ev->type == EV_SEND)
        {
          const HsTraceSegment *seg = hs_trace_get_segment (trace, ev->ref);

          sv->seg_send[ev->ref] = i;
          if (seg->sent_step < n_steps)
            sv->step_ev[seg->sent_step] = i;
        }
      else if (ev->type == EV_END)
        {
          const HsTraceSegment *seg = hs_trace_get_segment (trace, ev->ref);

          sv->seg_end[ev->ref] = i;
          if (seg->end_step < n_steps)
            sv->step_ev[seg->end_step] = i;
        }
      else if (ev->type == EV_STEP)
        sv->step_ev[ev->ref] = i;
    }
}

/* ------------------------------------------------------------------ */
