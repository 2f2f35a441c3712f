/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-diagram-geometry.c: where things go across the page: lanes and their
 * headers, arrows with their label boxes and notes beside their lanes,
 * handed to the solver and read back once room has been made. */

#define G_LOG_DOMAIN "hs-diagram-layout"

#include "config.h"

#include <math.h>
#include <string.h>

#include "hs-diagram-build-private.h"
#include "hs-narration.h"
#include "hs-scenario.h"

void
hs_diagram_layout_lanes (HsDiagramLayout *self,
                         double           requested_width,
                         double           top,
                         double          *lane_gap)
{
  const HsDiagramStyle *style = self->style;
  guint n = hs_diagram_layout_map_endpoints (self);
  double axis_w = 0, column = 0, header_h = 0, widest_header = 0;
  double queues_w, queues_h = 0, state_h = 0;
  double m = style->margin, x_first, x_last, min_gap;

  if (self->options.show_axis)
    {
      /* Room for the longest time the axis may show: as many digits as
       * the trace's end has seconds (two or three at least), and
       * microseconds in event order, milliseconds otherwise; a finer tick
       * that would not fit gives up decimals (hs_diagram_layout_build_axis). */
      gboolean events = self->options.time_mode == HS_DIAGRAM_TIME_EVENTS;
      HsTime end = hs_trace_get_end_time (self->trace);
      HsTime widest = events ? 99 : 999;
      g_autofree char *label = NULL;

      while (widest < end / HS_USEC_PER_SEC && widest < G_MAXINT64 / 100 / HS_USEC_PER_SEC)
        widest = widest * 10 + 9;
      label = hs_diagram_format_tick (widest * HS_USEC_PER_SEC, events ? 1 : HS_USEC_PER_MSEC);
      self->axis_label_width = hs_diagram_layout_text_width (self, HS_DIAGRAM_FONT_NOTE, label);
      self->axis_label_chars = strlen (label);
      axis_w = self->axis_label_width + 16;
    }

  /* the outer columns hold state names and notes */
  for (guint s = 0; s < HS_N_STATES; s++)
    column = MAX (column, hs_diagram_layout_text_width (self, HS_DIAGRAM_FONT_STATE, hs_state_to_string (s)));
  column += style->band_width / 2 + 12;

  /* ... and as much of the widest note as a sixth of the width allows;
   * wider notes wrap */
  {
    guint n_steps = hs_trace_get_n_steps (self->trace);
    guint last = self->column_last_step;
    double widest = 0, cap = MAX (requested_width / 6.0, column);

    for (guint i = self->options.first_step; n_steps > 0 && i <= last; i++)
      {
        const HsTraceStep *st = hs_trace_get_step (self->trace, i);
        g_autofree char *text = NULL;
        double h;

        if (!hs_diagram_step_has_note (st))
          continue;
        text = hs_diagram_format_note (self->trace, st);
        if (text != NULL)
          widest = MAX (widest, hs_diagram_layout_note_box_size (self, text, G_MAXDOUBLE, &h));
        if (widest >= cap)
          break;
      }

    column = MAX (column, MIN (widest, cap) + style->band_width / 2 + 8);
    self->note_width = column - style->band_width / 2 - 8;
  }
  /* outside an outer host's columns */
  column += self->widest_columns / 2;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *address = NULL;
      const char *name;
      double tw;

      hs_diagram_lane_heading (self->trace, self->by_host ? i : HS_TRACE_NONE, i, &name, &address);
      tw = hs_diagram_layout_text_width (self, HS_DIAGRAM_FONT_HEADER, name);

      widest_header = MAX (widest_header, tw);
      widest_header = MAX (widest_header, hs_diagram_layout_text_width (self, HS_DIAGRAM_FONT_ADDRESS, address));
      header_h = MAX (header_h,
                      hs_diagram_layout_text_height (self, HS_DIAGRAM_FONT_HEADER, name) +
                      hs_diagram_layout_text_height (self, HS_DIAGRAM_FONT_ADDRESS, address));
      queues_w = hs_diagram_layout_lane_queues_width (self, i);
      if (queues_w > 0)
        {
          widest_header = MAX (widest_header, queues_w);
          queues_h = hs_diagram_layout_text_height (self, HS_DIAGRAM_FONT_ADDRESS, address);
        }
    }
  /* a host's listen queues: a third line, where a lane of its own would
   * say its state (a host's sockets say theirs in their columns) */
  if (self->options.show_header_state)
    {
      /* a third line: the state at the moment drawn, as wide as the
       * widest name of a state */
      for (guint s = 0; s < HS_N_STATES; s++)
        {
          double sw, sh;

          hs_diagram_layout_measure (self, HS_DIAGRAM_FONT_STATE, hs_state_to_string (s), &sw, &sh);
          widest_header = MAX (widest_header, sw + 8);
          state_h = MAX (state_h, sh);
        }
      header_h += MAX (state_h, queues_h) + 2;
    }
  else if (queues_h > 0)
    header_h += queues_h + 2;
  widest_header += 28;
  header_h += 16;

  /* a gap wide enough for a label with its numbers on one line */
  min_gap = hs_diagram_layout_text_width (self, HS_DIAGRAM_FONT_LABEL, "seq=0000000000 ack=0000000000") + 2 * style->label_pad;
  min_gap = MAX (min_gap, widest_header + 16);
  /* and for the state columns of a host's sockets */
  min_gap += self->widest_columns;

  self->width = requested_width;
  if (n > 1)
    self->width = MAX (self->width, 2 * m + axis_w + 2 * column + (n - 1) * min_gap);
  else
    self->width = MAX (self->width, 2 * m + axis_w + 2 * column + widest_header);

  x_first = m + axis_w + MAX (column, widest_header / 2);
  x_last = self->width - m - MAX (column, widest_header / 2);
  self->axis_x = self->options.show_axis ? m + axis_w - 8 : -1;

  for (guint i = 0; i < n; i++)
    {
      HsDiagramLane lane = { 0 };
      double hw = widest_header;

      lane.endpoint = i;
      lane.host = HS_TRACE_NONE;
      if (self->by_host)
        {
          lane.host = i;
          for (guint e = hs_trace_get_n_endpoints (self->trace); e-- > 0;)
            if (self->endpoint_lane[e] == i)
              lane.endpoint = e;
        }
      lane.x = n > 1 ? x_first + (x_last - x_first) * i / (n - 1) : (x_first + x_last) / 2;
      if (n > 1)
        hw = MIN (hw, (x_last - x_first) / (n - 1) - 12);
      lane.header.x = lane.x - hw / 2;
      lane.header.y = top;
      lane.header.width = hw;
      lane.header.height = header_h;
      g_array_append_val (self->lanes, lane);
    }

  self->header_bottom = top + header_h;
  *lane_gap = n > 1 ? (x_last - x_first) / (n - 1) : 400;
}

double
hs_diagram_layout_lane_x (HsDiagramLayout *self,
                          guint            lane)
{
  return g_array_index (self->lanes, HsDiagramLane, lane).x;
}

/* Where a state name or a note goes beside @lane: outside the outer lanes,
 * centred on a middle lane. */
void
hs_diagram_layout_side_box (HsDiagramLayout *self,
                            guint            lane,
                            double           w,
                            Box             *box)
{
  guint n = self->lanes->len;
  double x = hs_diagram_layout_lane_x (self, lane);
  double off = self->style->band_width / 2 + 6 + self->widest_columns / 2;

  if (lane == 0 && n > 1)
    {
      box->x1 = x - off;
      box->x0 = box->x1 - w;
    }
  else if (lane == n - 1 && n > 1)
    {
      box->x0 = x + off;
      box->x1 = box->x0 + w;
    }
  else if (self->widest_columns > 0)
    {
      /* a middle host's sockets: beside their columns, not over them */
      box->x0 = x + off;
      box->x1 = box->x0 + w;
    }
  else
    {
      box->x0 = x - w / 2;
      box->x1 = x + w / 2;
    }
  box->w = w;
}

void
hs_diagram_layout_build_geometry (HsDiagramLayout *self,
                                  Solver          *sv)
{
  HsTrace *trace = self->trace;
  const HsDiagramStyle *style = self->style;
  guint n_endpoints = MIN (hs_trace_get_n_endpoints (trace), HS_TRACE_MAX_ENDPOINTS);
  guint n_segments = hs_trace_get_n_segments (trace);
  guint n_steps = hs_trace_get_n_steps (trace);
  g_autoptr(GArray) pieces = g_array_new (FALSE, FALSE, sizeof (HsDiagramPiece));
  g_autofree gboolean *readers = NULL;
  double max_h = 0;
  Box obstacle = { 0 };

  sv->boxes = g_array_new (FALSE, FALSE, sizeof (Box));
  sv->lines = g_array_new (FALSE, FALSE, sizeof (Line));

  /* Nothing may rise into the lane headers. */
  obstacle.kind = BOX_OBSTACLE;
  obstacle.s = obstacle.t = 0;
  obstacle.x0 = -1e6;
  obstacle.x1 = 1e6;
  obstacle.h = 1e5;
  obstacle.dy = -(1e5 + 4);
  obstacle.owner = NONE;
  g_array_append_val (sv->boxes, obstacle);

  /* arrows and their labels */
  self->segment_arrow = g_new (guint, MAX (n_segments, 1));
  memset (self->segment_arrow, 0xff, sizeof (guint) * MAX (n_segments, 1));

  for (guint i = 0; i < sv->n_ev; i++)
    {
      const Event *ev = &g_array_index (sv->events, Event, i);
      const HsTraceSegment *seg;
      HsDiagramArrow arrow = { 0 };
      Line line = { 0 };
      Box box = { 0 };
      double xa, xb, x_adj, xa_gap, w, h;
      guint from_lane, to_lane;
      int dir;

      if (ev->type != EV_SEND)
        continue;
      if (hs_diagram_layout_cancelled (self))
        return;

      seg = hs_trace_get_segment (trace, ev->ref);
      if (seg->from >= n_endpoints || seg->to >= n_endpoints)
        continue;
      from_lane = self->endpoint_lane[seg->from];
      to_lane = self->endpoint_lane[seg->to];

      arrow.segment = ev->ref;
      arrow.step = seg->sent_step;
      arrow.kind = hs_diagram_kind_for_segment (trace, seg);
      /* a worksheet's blank flags: the arrow's look would tell them */
      if (hs_diagram_layout_options_get_blanks (&self->options, seg->sent_step) & HS_QUIZ_FIELD_FLAGS)
        arrow.kind = HS_DIAGRAM_KIND_ACK;
      arrow.from_lane = from_lane;
      arrow.to_lane = to_lane;
      arrow.lost = seg->fate == HS_FATE_LOST;
      arrow.in_flight = seg->fate == HS_FATE_IN_FLIGHT;
      arrow.old = seg->sent_step != HS_TRACE_NONE &&
                  hs_trace_get_step (trace, seg->sent_step)->reason == HS_REASON_SEND_OLD_DUPLICATE;

      xa = hs_diagram_layout_endpoint_x (self, seg->from);
      xb = hs_diagram_layout_endpoint_x (self, seg->to);
      dir = xb > xa ? 1 : -1;
      /* the label keeps to the gap next to the sender's lane, clear of the
       * state columns on either side */
      if (self->by_host)
        {
          x_adj = hs_diagram_layout_lane_x (self, from_lane + dir) - dir * self->widest_columns / 2;
          xa_gap = hs_diagram_layout_lane_x (self, from_lane) + dir * self->widest_columns / 2;
        }
      else
        {
          x_adj = hs_diagram_layout_lane_x (self, seg->from + dir);
          xa_gap = xa;
        }

      line.s = i;
      line.t = sv->seg_end[ev->ref];
      line.x0 = xa;
      line.x1 = (arrow.lost || arrow.in_flight) ? xa + (xb - xa) * 0.5 : xb;
      line.gap_lo = dir > 0 ? xa_gap + style->label_pad : x_adj + style->label_pad;
      line.gap_hi = dir > 0 ? x_adj - style->label_pad : xa_gap - style->label_pad;
      arrow.wrap_width = line.gap_hi - line.gap_lo;
      line.pad = style->label_pad;
      line.lost = arrow.lost || arrow.in_flight;
      {
        double len = sv->base[line.t] - sv->base[line.s];
        line.max_len = MAX (3.0 * len, len + 72.0);
      }
      if (abs ((int) to_lane - (int) from_lane) > 1 && !arrow.lost && !arrow.in_flight)
        line.gap_step = fabs (hs_diagram_layout_lane_x (self, from_lane + dir) - hs_diagram_layout_lane_x (self, from_lane));

      for (guint d = 0; d < 3; d++)
        {
          /* the whole gap, and half of it */
          double ww[2] = { arrow.wrap_width, arrow.wrap_width / 2 }, lw[2], lh[2];

          hs_diagram_layout_label_sizes (self, seg, seg->sent_step < n_steps ? seg->sent_step : NONE,
                                         d, ww, 2, pieces, lw, lh);
          for (guint narrow = 0; narrow < 2; narrow++)
            {
              box.lw[d][narrow] = lw[narrow];
              box.lh[d][narrow] = lh[narrow];
              max_h = MAX (max_h, lh[narrow]);
            }
        }
      w = box.lw[0][0];
      h = box.lh[0][0];

      box.kind = BOX_LABEL;
      box.s = line.s;
      box.t = line.t;
      box.w = w;
      box.h = h;
      box.owner = self->n_arrows;
      box.ref = self->n_arrows;
      hs_diagram_solver_place_label (&box, &line, style->label_gap, 0);
      max_h = MAX (max_h, h);

      self->segment_arrow[ev->ref] = self->n_arrows;
      if (self->n_arrows == self->arrows_allocated)
        {
          self->arrows_allocated = MAX (64, 2 * self->arrows_allocated);
          self->arrows = g_renew (HsDiagramArrow, self->arrows, self->arrows_allocated);
        }
      self->arrows[self->n_arrows++] = arrow;
      g_array_append_val (sv->lines, line);
      g_array_append_val (sv->boxes, box);
    }

  /* notes beside their lanes */
  readers = hs_diagram_layout_explicit_readers (self);
  for (guint i = 0; i < sv->n_ev; i++)
    {
      const Event *ev = &g_array_index (sv->events, Event, i);
      const HsTraceStep *st;
      g_autofree char *text = NULL;
      HsDiagramNote note = { 0 };
      HsDiagramNoteKind kind;
      guint step;
      Box box = { 0 };
      double w, h;

      /* a datagram's fragments are told where they are sent and arrive */
      if (ev->type == EV_STEP)
        step = ev->ref;
      else if (ev->type == EV_SEND)
        step = hs_trace_get_segment (trace, ev->ref)->sent_step;
      else if (ev->type == EV_END)
        step = hs_trace_get_segment (trace, ev->ref)->end_step;
      else
        continue;
      if (step >= n_steps)
        continue;

      st = hs_trace_get_step (trace, step);
      if (st->endpoint >= n_endpoints)
        continue;
      if (ev->type == EV_STEP && hs_diagram_step_has_note (st))
        kind = st->kind == HS_STEP_APP_CALL ? HS_DIAGRAM_NOTE_APP
             : st->kind == HS_STEP_TIMER ? HS_DIAGRAM_NOTE_TIMER
             : HS_DIAGRAM_NOTE_NOTIFY;
      else if (!hs_diagram_step_transport_note (trace, step, readers, &kind))
        continue;

      text = hs_diagram_format_transport_note (trace, step, kind);
      if (text == NULL)
        continue;

      note.step = step;
      /* a segment's step happens where it is sent or arrives */
      note.lane = st->kind == HS_STEP_SEGMENT_SENT ? hs_trace_get_segment (trace, st->segment)->from
                : st->kind == HS_STEP_SEGMENT_ARRIVED || st->kind == HS_STEP_SEGMENT_LOST
                  ? hs_trace_get_segment (trace, st->segment)->to
                : st->endpoint;
      note.kind = kind;
      if (note.lane >= n_endpoints)
        continue;
      note.lane = self->endpoint_lane[note.lane];
      w = hs_diagram_layout_note_box_size (self, text, self->note_width, &h);
      hs_diagram_layout_side_box (self, note.lane, w, &box);
      box.kind = BOX_NOTE;
      box.s = box.t = i;
      box.h = h;
      box.dy = -(h + 3);
      box.owner = NONE;
      box.ref = self->notes->len;
      max_h = MAX (max_h, h);
      g_array_append_val (self->notes, note);
      g_array_append_val (sv->boxes, box);
    }

  /* state bands and their names */
  hs_diagram_layout_collect_bands (self, sv);
  max_h = MAX (max_h, hs_diagram_layout_add_state_boxes (self, sv));

  sv->margin = style->spacing;
  sv->level = self->options.time_mode == HS_DIAGRAM_TIME_EVENTS;
  /* Hosts in the middle are reached from both sides: a state's name
   * beside one can be pushed from one arrow onto the next without end.
   * Lanes of one endpoint each have arrows on one side only, and keep
   * the room they need. */
  sv->state_room = self->by_host ? 6 * max_h + 4 * style->spacing : G_MAXDOUBLE;
  sv->max_above = max_h + 2 * style->label_gap + 2 * sv->margin + 8;

  if (hs_diagram_layout_cancelled (self))
    return;
  hs_diagram_solver_solve (self, sv);
  if (hs_diagram_layout_cancelled (self))
    return;

  /* resolved geometry */
  for (guint bi = 0; bi < sv->boxes->len; bi++)
    {
      const Box *b = &g_array_index (sv->boxes, Box, bi);
      double top = hs_diagram_solver_box_top (sv, b);
      HsDiagramRect rect = { b->x0, top, b->x1 - b->x0, b->h };

      switch (b->kind)
        {
        case BOX_LABEL:
          {
            HsDiagramArrow *arrow = &self->arrows[b->ref];

            arrow->detail = b->detail;
            if (b->detail == HS_DIAGRAM_LABEL_HIDDEN)
              {
                HsDiagramRect none = { arrow->x0, 0, 0, 0 };
                arrow->label = none;
                break;
              }
            arrow->label = rect;
            if (hs_diagram_solver_place_is_narrow (b->cand))
              arrow->wrap_width /= 2;
          }
          break;
        case BOX_NOTE:
          g_array_index (self->notes, HsDiagramNote, b->ref).rect = rect;
          break;
        case BOX_STATE:
          g_array_index (self->bands, HsDiagramStateBand, b->ref).label = rect;
          break;
        default:
          break;
        }
    }

  for (guint a = 0; a < self->n_arrows; a++)
    {
      HsDiagramArrow *arrow = &self->arrows[a];
      const Line *l = &g_array_index (sv->lines, Line, a);

      arrow->x0 = l->x0;
      arrow->y0 = sv->base[l->s];
      arrow->x1 = l->x1;
      arrow->y1 = sv->base[l->t];
    }

  for (guint n = 0; n < self->notes->len; n++)
    {
      HsDiagramNote *note = &g_array_index (self->notes, HsDiagramNote, n);

      note->y = sv->base[sv->step_ev[note->step]];
    }

  hs_diagram_layout_build_groups (self);
  hs_diagram_layout_resolve_bands (self, sv);
  hs_diagram_layout_build_axis (self, sv);

  self->body_bottom = sv->base[sv->n_ev - 1] + 8;
}
