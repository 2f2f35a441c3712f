/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-trace-connection.c: one connection of a trace of several, as a trace
 * of its own. */

#define G_LOG_DOMAIN "hs-trace"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "hs-error.h"
#include "hs-trace-connection.h"

static guint
remap (const guint *map,
       guint        n,
       guint        index)
{
  return index < n ? map[index] : HS_TRACE_NONE;
}

HsTrace *
hs_trace_new_for_connection (HsTrace  *trace,
                             guint     connection,
                             GError  **error)
{
  guint n_connections, n_endpoints, n_segments, n_steps, n_snapshots;
  guint endpoint_map[HS_TRACE_MAX_ENDPOINTS];
  guint host_map[HS_TRACE_MAX_ENDPOINTS];
  gboolean keep[HS_TRACE_MAX_ENDPOINTS] = { FALSE };
  g_autofree guint *seg_map = NULL;
  g_autofree guint *step_map = NULL;
  const char * const *keys;
  g_autofree char *number = NULL;
  HsTrace *self;
  guint c, n;

  g_return_val_if_fail (HS_IS_TRACE (trace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  n_connections = hs_trace_get_n_connections (trace);
  if (connection < 1 || connection > n_connections)
    {
      if (n_connections == 0)
        g_set_error (error, HS_ERROR, HS_ERROR_NOT_FOUND,
                     _("There is no connection %u: this trace has no connection."), connection);
      else if (n_connections == 1)
        g_set_error (error, HS_ERROR, HS_ERROR_NOT_FOUND,
                     _("There is no connection %u: this trace has one connection."), connection);
      else
        g_set_error (error, HS_ERROR, HS_ERROR_NOT_FOUND,
                     /* Translators: the first %u is the number asked for, the second the count of connections */
                     _("There is no connection %u: this trace has %u connections, numbered 1 to %u."),
                     connection, n_connections, n_connections);
      return NULL;
    }
  if (n_connections == 1)
    return g_object_ref (trace);

  c = connection - 1;
  n_endpoints = MIN (hs_trace_get_n_endpoints (trace), HS_TRACE_MAX_ENDPOINTS);
  n_segments = hs_trace_get_n_segments (trace);
  n_steps = hs_trace_get_n_steps (trace);
  n_snapshots = hs_trace_get_n_snapshots (trace);

  /* Its sockets, and those in none that its segments come from or go to. */
  for (guint e = 0; e < n_endpoints; e++)
    keep[e] = hs_trace_get_endpoint (trace, e)->connection == c;
  for (guint i = 0; i < n_segments; i++)
    {
      const HsTraceSegment *seg = hs_trace_get_segment (trace, i);

      if (hs_trace_segment_get_connection (trace, seg) == c)
        keep[seg->from] = keep[seg->to] = TRUE;
    }

  self = hs_trace_new ();
  if (hs_trace_get_title (trace) != NULL)
    {
      /* Translators: a trace's title, then the number of the one connection shown */
      g_autofree char *title = g_strdup_printf (_("%s: connection %u"), hs_trace_get_title (trace), connection);

      hs_trace_set_title (self, title);
    }
  keys = hs_trace_get_parameter_keys (trace);
  for (guint k = 0; keys[k] != NULL; k++)
    hs_trace_set_parameter (self, keys[k], hs_trace_get_parameter (trace, keys[k]));
  number = g_strdup_printf ("%u", connection);
  hs_trace_set_parameter (self, "connection", number);

  for (guint h = 0; h < HS_TRACE_MAX_ENDPOINTS; h++)
    host_map[h] = HS_TRACE_NONE;
  for (guint e = 0; e < n_endpoints; e++)
    {
      const HsTraceEndpoint *ep = hs_trace_get_endpoint (trace, e);
      guint idx;

      endpoint_map[e] = HS_TRACE_NONE;
      if (!keep[e])
        continue;

      idx = hs_trace_add_endpoint (self, ep->name, ep->address, ep->port,
                                   hs_trace_get_state_at (trace, HS_TRACE_NONE, e));
      endpoint_map[e] = idx;
      hs_trace_set_endpoint_transport (self, idx, ep->transport);
      hs_trace_set_endpoint_connection (self, idx, ep->connection);
      if (ep->has_isn)
        hs_trace_set_endpoint_isn (self, idx, ep->isn);
      if (ep->host != HS_TRACE_NONE && ep->host < HS_TRACE_MAX_ENDPOINTS)
        {
          if (host_map[ep->host] == HS_TRACE_NONE)
            {
              const HsTraceHost *host = hs_trace_get_host (trace, ep->host);

              host_map[ep->host] = hs_trace_add_host (self, host->name, host->address);
            }
          hs_trace_set_endpoint_host (self, idx, host_map[ep->host]);
        }
    }

  /* Which steps stay: those of its sockets, and of its segments. */
  step_map = g_new (guint, MAX (n_steps, 1));
  seg_map = g_new (guint, MAX (n_segments, 1));
  n = 0;
  for (guint i = 0; i < n_segments; i++)
    seg_map[i] = hs_trace_segment_get_connection (trace, hs_trace_get_segment (trace, i)) == c ? n++ : HS_TRACE_NONE;
  n = 0;
  for (guint i = 0; i < n_steps; i++)
    {
      const HsTraceStep *st = hs_trace_get_step (trace, i);
      gboolean mine = st->segment < n_segments ? seg_map[st->segment] != HS_TRACE_NONE
                                               : st->endpoint < n_endpoints &&
                                                 hs_trace_get_endpoint (trace, st->endpoint)->connection == c;

      step_map[i] = mine && st->endpoint < n_endpoints && keep[st->endpoint] ? n++ : HS_TRACE_NONE;
    }

  for (guint i = 0; i < n_segments; i++)
    {
      HsTraceSegment seg;
      guint32 analysis;
      guint dup = 0, index;

      if (seg_map[i] == HS_TRACE_NONE)
        continue;
      seg = *hs_trace_get_segment (trace, i);
      analysis = hs_trace_get_segment_analysis (trace, i, &dup);
      seg.from = (guint8) endpoint_map[seg.from];
      seg.to = (guint8) endpoint_map[seg.to];
      seg.sent_step = remap (step_map, n_steps, seg.sent_step);
      seg.end_step = remap (step_map, n_steps, seg.end_step);
      index = hs_trace_add_segment (self, &seg);
      if (analysis != 0)
        hs_trace_set_segment_analysis (self, index, analysis, dup);
    }

  for (guint i = 0; i < n_steps; i++)
    {
      HsTraceStep step;

      if (step_map[i] == HS_TRACE_NONE)
        continue;
      step = *hs_trace_get_step (trace, i);
      step.endpoint = (guint8) endpoint_map[step.endpoint];
      step.segment = remap (seg_map, n_segments, step.segment);
      step.cause = remap (step_map, n_steps, step.cause);
      hs_trace_add_step (self, &step);
    }

  for (guint i = 0; i < n_snapshots; i++)
    {
      HsTcbSnapshot snap = *hs_trace_get_snapshot (trace, i);

      if (snap.endpoint >= n_endpoints || endpoint_map[snap.endpoint] == HS_TRACE_NONE ||
          remap (step_map, n_steps, snap.step) == HS_TRACE_NONE)
        continue;
      snap.endpoint = (guint8) endpoint_map[snap.endpoint];
      snap.step = step_map[snap.step];
      hs_trace_add_snapshot (self, &snap);
    }

  /* Relative numbers as the whole trace counted them. */
  for (guint e = 0; e < n_endpoints; e++)
    if (endpoint_map[e] != HS_TRACE_NONE)
      hs_trace_set_endpoint_rel_base (self, endpoint_map[e], hs_trace_get_endpoint (trace, e)->rel_base);

  hs_trace_compact (self);
  hs_trace_trim (trace);
  return self;
}
