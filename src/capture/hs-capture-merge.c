/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-capture-merge.c: several captured connections as one trace, as
 * Wireshark's flow graph shows a whole capture: a host per IP address, a
 * socket per (address, port) of each connection, the connections numbered
 * in the order they start, everything on the capture's one clock. */

#define G_LOG_DOMAIN "hs-capture"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "hs-capture-private.h"

static guint
find_or_add_host (HsTrace    *trace,
                  const char *address)
{
  for (guint h = 0; h < hs_trace_get_n_hosts (trace); h++)
    if (g_strcmp0 (hs_trace_get_host (trace, h)->address, address) == 0)
      return h;

  /* A capture knows hosts by their address only. */
  return hs_trace_add_host (trace, address, address);
}

static gint64
capture_offset (HsTrace *trace)
{
  const char *text = hs_trace_get_parameter (trace, "capture-offset-us");

  return text != NULL ? g_ascii_strtoll (text, NULL, 10) : 0;
}

static guint
remap (const guint *map,
       guint        index)
{
  return index == HS_TRACE_NONE ? HS_TRACE_NONE : map[index];
}

/* The part whose next record comes first: the earliest time, the lowest
 * part at equal times (so that records of one part keep their order). */
static guint
earliest (HsTime      *next_time,
          guint        n)
{
  guint best = G_MAXUINT;

  for (guint t = 0; t < n; t++)
    if (next_time[t] != HS_TIME_NONE && (best == G_MAXUINT || next_time[t] < next_time[best]))
      best = t;

  return best;
}

HsTrace *
hs_capture_merge_traces (HsTrace * const *parts,
                         guint            n_parts)
{
  HsTrace *self;
  g_autofree gint64 *shift = NULL;
  g_autofree guint *offset = NULL;
  g_autofree guint *pos = NULL;
  g_autofree HsTime *next = NULL;
  g_autofree guint **step_map = NULL;
  g_autofree guint **seg_map = NULL;
  guint n_endpoints = 0;
  gint64 first = G_MAXINT64;
  guint n;

  g_return_val_if_fail (parts != NULL && n_parts > 0, NULL);

  shift = g_new0 (gint64, n_parts);
  offset = g_new0 (guint, n_parts);
  pos = g_new0 (guint, n_parts);
  next = g_new0 (HsTime, n_parts);
  step_map = g_new0 (guint *, n_parts);
  seg_map = g_new0 (guint *, n_parts);

  for (guint t = 0; t < n_parts; t++)
    {
      g_return_val_if_fail (hs_trace_get_n_endpoints (parts[t]) == 2, NULL);
      first = MIN (first, capture_offset (parts[t]));
      n_endpoints += 2;
    }
  g_return_val_if_fail (n_endpoints <= HS_TRACE_MAX_ENDPOINTS, NULL);

  self = hs_trace_new ();
  for (guint t = 0; t < n_parts; t++)
    {
      const char * const *keys = hs_trace_get_parameter_keys (parts[t]);

      shift[t] = capture_offset (parts[t]) - first;
      offset[t] = 2 * t;

      /* The first connection's parameters stand for the capture. */
      if (t == 0)
        for (guint k = 0; keys[k] != NULL; k++)
          hs_trace_set_parameter (self, keys[k], hs_trace_get_parameter (parts[t], keys[k]));

      for (guint e = 0; e < 2; e++)
        {
          const HsTraceEndpoint *ep = hs_trace_get_endpoint (parts[t], e);
          guint idx = hs_trace_add_endpoint (self, ep->name, ep->address, ep->port,
                                             hs_trace_get_state_at (parts[t], HS_TRACE_NONE, e));

          hs_trace_set_endpoint_host (self, idx, find_or_add_host (self, ep->address));
          hs_trace_set_endpoint_connection (self, idx, t);
          hs_trace_set_endpoint_transport (self, idx, ep->transport);
          if (ep->has_isn)
            hs_trace_set_endpoint_isn (self, idx, ep->isn);
        }
    }

  /* Steps in order of time, on the capture's clock. */
  n = 0;
  for (guint t = 0; t < n_parts; t++)
    {
      step_map[t] = g_new (guint, MAX (1, hs_trace_get_n_steps (parts[t])));
      pos[t] = 0;
      next[t] = hs_trace_get_n_steps (parts[t]) > 0 ? hs_trace_get_step (parts[t], 0)->time + shift[t] : HS_TIME_NONE;
    }
  for (guint t; (t = earliest (next, n_parts)) != G_MAXUINT;)
    {
      step_map[t][pos[t]++] = n++;
      next[t] = pos[t] < hs_trace_get_n_steps (parts[t])
                  ? hs_trace_get_step (parts[t], pos[t])->time + shift[t] : HS_TIME_NONE;
    }

  /* Segments in order of sending. */
  n = 0;
  for (guint t = 0; t < n_parts; t++)
    {
      seg_map[t] = g_new (guint, MAX (1, hs_trace_get_n_segments (parts[t])));
      pos[t] = 0;
      next[t] = hs_trace_get_n_segments (parts[t]) > 0 ? hs_trace_get_segment (parts[t], 0)->sent + shift[t] : HS_TIME_NONE;
    }
  for (guint t; (t = earliest (next, n_parts)) != G_MAXUINT;)
    {
      HsTraceSegment seg = *hs_trace_get_segment (parts[t], pos[t]);
      guint32 analysis;
      guint dup = 0;
      guint index;

      analysis = hs_trace_get_segment_analysis (parts[t], pos[t], &dup);
      seg.from += offset[t];
      seg.to += offset[t];
      seg.sent += shift[t];
      if (seg.arrived != HS_TIME_NONE)
        seg.arrived += shift[t];
      seg.sent_step = remap (step_map[t], seg.sent_step);
      seg.end_step = remap (step_map[t], seg.end_step);
      index = hs_trace_add_segment (self, &seg);
      hs_trace_set_segment_analysis (self, index, analysis, dup);
      seg_map[t][pos[t]++] = n++;
      next[t] = pos[t] < hs_trace_get_n_segments (parts[t])
                  ? hs_trace_get_segment (parts[t], pos[t])->sent + shift[t] : HS_TIME_NONE;
    }

  /* Steps added in their new order, so that the states come out right. */
  for (guint t = 0; t < n_parts; t++)
    pos[t] = 0;
  {
    guint n_steps = 0;

    for (guint t = 0; t < n_parts; t++)
      n_steps += hs_trace_get_n_steps (parts[t]);

    for (guint k = 0; k < n_steps; k++)
      {
        HsTraceStep step;
        guint t = 0;

        while (pos[t] >= hs_trace_get_n_steps (parts[t]) || step_map[t][pos[t]] != k)
          t++;
        step = *hs_trace_get_step (parts[t], pos[t]);
        step.time += shift[t];
        step.endpoint += offset[t];
        step.segment = remap (seg_map[t], step.segment);
        step.cause = remap (step_map[t], step.cause);
        hs_trace_add_step (self, &step);
        pos[t]++;
      }
  }

  /* A captured trace has no TCB snapshots: a capture shows no TCB. */

  /* Relative numbers as each connection counted them. */
  for (guint t = 0; t < n_parts; t++)
    for (guint e = 0; e < 2; e++)
      hs_trace_set_endpoint_rel_base (self, offset[t] + e, hs_trace_get_endpoint (parts[t], e)->rel_base);

  for (guint t = 0; t < n_parts; t++)
    {
      g_free (step_map[t]);
      g_free (seg_map[t]);
      hs_trace_trim (parts[t]);
    }

  hs_trace_compact (self);
  return self;
}
