/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-diagram-bands.c: the state bands along each lane (one per RFC 9293
 * state an endpoint passes through) and the boxes of their names. */

#define G_LOG_DOMAIN "hs-diagram-layout"

#include "config.h"

#include "hs-diagram-build-private.h"
#include "hs-profile.h"

static gboolean
lane_has_states (HsTrace *trace,
                 guint    lane)
{
  /* a UDP socket has no connection, so no states */
  return hs_trace_get_endpoint (trace, lane)->transport != HS_TRANSPORT_UDP;
}

char *
hs_diagram_layout_band_duration (HsDiagramLayout          *self,
                                 const HsDiagramStateBand *band)
{
  if (band->state != HS_STATE_TIME_WAIT)
    return NULL;

  /* The trace stops while the endpoint waits (a capture ends with the
   * last packet): the band says how long TIME-WAIT lasts, as the
   * narration does, not how much of it the trace holds. */
  if (band->open_ended)
    {
      HsProfileKind kind = HS_PROFILE_LINUX;
      const char *profile = hs_trace_get_parameter (self->trace, "profile");

      if (profile != NULL && !hs_profile_kind_from_string (profile, &kind))
        kind = HS_PROFILE_LINUX;
      return hs_diagram_format_duration (MAX (hs_profile_get (kind)->time_wait, band->end - band->start));
    }
  return hs_diagram_format_duration (band->end - band->start);
}

void
hs_diagram_layout_collect_bands (HsDiagramLayout *self,
                                 Solver          *sv)
{
  HsTrace *trace = self->trace;
  guint n_endpoints = MIN (hs_trace_get_n_endpoints (trace), HS_TRACE_MAX_ENDPOINTS);
  guint n_steps = hs_trace_get_n_steps (trace);

  /* the state each endpoint is in when the range begins */
  for (guint e = 0; e < n_endpoints; e++)
    {
      HsDiagramStateBand band = { 0 };
      guint first = self->options.first_step;

      if (!lane_has_states (trace, e))
        continue;

      band.lane = self->endpoint_lane[e];
      band.endpoint = e;
      band.step = NONE;
      band.state = first == 0 || n_steps == 0
        ? hs_trace_get_state_at (trace, HS_TRACE_NONE, e)
        : hs_trace_get_state_at (trace, MIN (first, n_steps) - 1, e);
      band.start = g_array_index (sv->events, Event, 0).time;
      band.y0 = 0;   /* event index, resolved below */
      band.y1 = 0;
      g_array_append_val (self->bands, band);
    }

  /* then one band per state change */
  for (guint i = 0; i < sv->n_ev; i++)
    {
      const Event *ev = &g_array_index (sv->events, Event, i);
      const HsTraceStep *st;
      HsDiagramStateBand band = { 0 };

      if (ev->type != EV_STEP)
        continue;

      st = hs_trace_get_step (trace, ev->ref);
      if (st->kind == HS_STEP_APP_CALL && st->detail == HS_APP_REBOOT && st->endpoint < n_endpoints &&
          lane_has_states (trace, st->endpoint))
        {
          /* the host runs again: it ends the band that shows it down */
          band.lane = self->endpoint_lane[st->endpoint];
          band.endpoint = st->endpoint;
          band.state = HS_STATE_CLOSED;
          band.step = ev->ref;
          band.start = ev->time;
          band.y0 = i;
          g_array_append_val (self->bands, band);
          continue;
        }
      if (st->kind != HS_STEP_STATE_CHANGE || st->endpoint >= n_endpoints ||
          !lane_has_states (trace, st->endpoint))
        continue;

      band.lane = self->endpoint_lane[st->endpoint];
      band.endpoint = st->endpoint;
      band.state = st->to_state;
      band.down = st->cause != HS_TRACE_NONE &&
                  hs_trace_get_step (trace, st->cause)->kind == HS_STEP_APP_CALL &&
                  hs_trace_get_step (trace, st->cause)->detail == HS_APP_CRASH;
      band.step = ev->ref;
      band.start = ev->time;
      band.y0 = i;
      g_array_append_val (self->bands, band);
    }
}

double
hs_diagram_layout_add_state_boxes (HsDiagramLayout *self,
                                   Solver          *sv)
{
  double state_h, duration_h, max_h = 0;
  /* Several sockets of one host change state at one moment (a listening
   * socket's child and the next SYN): their names stack down the host's
   * side instead of being drawn over each other, which no room made
   * between moments could undo. */
  guint stack_event[HS_TRACE_MAX_ENDPOINTS];
  double stack_dy[HS_TRACE_MAX_ENDPOINTS];

  for (guint l = 0; l < HS_TRACE_MAX_ENDPOINTS; l++)
    {
      stack_event[l] = NONE;
      stack_dy[l] = 0;
    }

  state_h = hs_diagram_layout_text_height (self, HS_DIAGRAM_FONT_STATE, "SYN-SENT");
  duration_h = hs_diagram_layout_text_height (self, HS_DIAGRAM_FONT_NOTE, "60 s");

  /* one per band, hanging just below where it starts */
  for (guint b = 0; b < self->bands->len; b++)
    {
      HsDiagramStateBand *band = &g_array_index (self->bands, HsDiagramStateBand, b);
      Box box = { 0 };
      double w = hs_diagram_layout_text_width (self, HS_DIAGRAM_FONT_STATE, hs_state_to_string (band->state));
      double h = state_h + 2;

      if (hs_diagram_layout_same_start (self, b))
        continue;   /* said once for the lane */

      if (band->state == HS_STATE_TIME_WAIT)
        {
          w = MAX (w, hs_diagram_layout_text_width (self, HS_DIAGRAM_FONT_NOTE, "00.0 ms"));
          h += duration_h;
        }

      hs_diagram_layout_side_box (self, band->lane, w + 4, &box);
      box.kind = BOX_STATE;
      box.s = box.t = (guint) band->y0;
      box.h = h;
      box.dy = 3;
      if (band->lane < HS_TRACE_MAX_ENDPOINTS)
        {
          if (stack_event[band->lane] == box.s)
            box.dy = stack_dy[band->lane];
          stack_event[band->lane] = box.s;
          stack_dy[band->lane] = box.dy + h + 2;
        }
      box.owner = NONE;
      box.ref = b;
      max_h = MAX (max_h, h);
      g_array_append_val (sv->boxes, box);
    }

  return max_h;
}

void
hs_diagram_layout_resolve_bands (HsDiagramLayout *self,
                                 Solver          *sv)
{
  guint n_endpoints = MIN (hs_trace_get_n_endpoints (self->trace), HS_TRACE_MAX_ENDPOINTS);
  g_autofree guint *last = g_new (guint, MAX (n_endpoints, 1));
  const Event *finish = &g_array_index (sv->events, Event, sv->n_ev - 1);

  for (guint e = 0; e < n_endpoints; e++)
    last[e] = NONE;

  /* bands end where the next band of their endpoint begins */
  for (guint b = 0; b < self->bands->len; b++)
    {
      HsDiagramStateBand *band = &g_array_index (self->bands, HsDiagramStateBand, b);
      guint ev = (guint) band->y0;

      band->y0 = sv->base[ev];
      if (last[band->endpoint] != NONE)
        {
          HsDiagramStateBand *prev = &g_array_index (self->bands, HsDiagramStateBand, last[band->endpoint]);
          prev->y1 = band->y0;
          prev->end = band->start;
        }
      last[band->endpoint] = b;
    }

  for (guint e = 0; e < n_endpoints; e++)
    if (last[e] != NONE)
      {
        HsDiagramStateBand *band = &g_array_index (self->bands, HsDiagramStateBand, last[e]);
        band->y1 = sv->base[sv->n_ev - 1];
        band->end = MAX (band->start, finish->time);
        band->open_ended = TRUE;
      }
}
