/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-diagram-connections.c: a diagram of several connections: which lane
 * each socket is drawn on (its host's, when the trace names hosts), where
 * its own column of states stands beside the lane's line, and the words
 * and colours that tell the connections apart. */

#define G_LOG_DOMAIN "hs-diagram-layout"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "hs-diagram-build-private.h"

/* Between the state columns of the sockets that share a host's lane. */
static double
column_spacing (const HsDiagramStyle *style)
{
  return style->band_width + 8;
}

guint
hs_diagram_layout_map_endpoints (HsDiagramLayout *self)
{
  HsTrace *trace = self->trace;
  guint n_endpoints = MIN (hs_trace_get_n_endpoints (trace), HS_TRACE_MAX_ENDPOINTS);
  guint n_hosts = hs_trace_get_n_hosts (trace);
  guint on_host[HS_TRACE_MAX_ENDPOINTS] = { 0 };
  guint slot[HS_TRACE_MAX_ENDPOINTS] = { 0 };

  self->by_host = n_hosts > 0;
  self->widest_columns = 0;
  for (guint l = 0; l < HS_TRACE_MAX_ENDPOINTS; l++)
    {
      self->lane_listener[l] = HS_TRACE_NONE;
      self->lane_backlog[l] = 0;
    }
  /* One connection taken out of several keeps its colour. */
  self->shows_connections = self->by_host &&
                            (hs_trace_get_n_connections (trace) > 1 ||
                             hs_trace_get_parameter (trace, "connection") != NULL);

  if (!self->by_host)
    {
      /* every endpoint a lane of its own, as before hosts */
      for (guint e = 0; e < n_endpoints; e++)
        {
          self->endpoint_lane[e] = e;
          self->endpoint_dx[e] = 0;
        }
      return n_endpoints;
    }

  for (guint e = 0; e < n_endpoints; e++)
    {
      guint host = hs_trace_get_endpoint (trace, e)->host;

      g_assert (host < n_hosts && host < HS_TRACE_MAX_ENDPOINTS);
      self->endpoint_lane[e] = host;
      slot[e] = on_host[host]++;
    }

  /* The first socket of each host that calls listen(): the header shows
   * its queues. The call's value is the backlog, when the trace keeps it. */
  for (guint i = 0, n_steps = hs_trace_get_n_steps (trace); i < n_steps; i++)
    {
      HsTraceStep st;
      guint lane;

      hs_trace_read_step (trace, i, &st);
      if (st.kind != HS_STEP_APP_CALL || st.detail != HS_APP_LISTEN || st.endpoint >= n_endpoints)
        continue;
      lane = self->endpoint_lane[st.endpoint];
      if (self->lane_listener[lane] != HS_TRACE_NONE)
        continue;
      self->lane_listener[lane] = st.endpoint;
      self->lane_backlog[lane] = (guint) MIN (st.value, G_MAXUINT);
    }

  /* A host's sockets side by side, centred on its line, in the order of
   * their connections: states never overlap. */
  for (guint e = 0; e < n_endpoints; e++)
    {
      guint k = on_host[self->endpoint_lane[e]];

      self->endpoint_dx[e] = (slot[e] - (k - 1) / 2.0) * column_spacing (self->style);
      self->widest_columns = MAX (self->widest_columns, (k - 1) * column_spacing (self->style));
    }

  return n_hosts;
}

double
hs_diagram_layout_endpoint_x (HsDiagramLayout *self,
                              guint            endpoint)
{
  if (endpoint >= HS_TRACE_MAX_ENDPOINTS || self->endpoint_lane[endpoint] >= self->lanes->len)
    return 0;
  return g_array_index (self->lanes, HsDiagramLane, self->endpoint_lane[endpoint]).x +
         self->endpoint_dx[endpoint];
}

guint
hs_diagram_layout_get_endpoint_lane (HsDiagramLayout *self,
                                     guint            endpoint)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (endpoint < HS_TRACE_MAX_ENDPOINTS, 0);

  return self->endpoint_lane[endpoint];
}

gboolean
hs_diagram_layout_shows_connections (HsDiagramLayout *self)
{
  return self->shows_connections;
}

/* Whether any socket of @trace is in @connection (one connection of
 * several shown alone keeps its number). */
static gboolean
has_connection (HsTrace *trace,
                guint    connection)
{
  for (guint e = 0; e < hs_trace_get_n_endpoints (trace); e++)
    if (hs_trace_get_endpoint (trace, e)->connection == connection)
      return TRUE;
  return FALSE;
}

/* A host's heading: "client" and "server" as a lane's, other names (an
 * address, for a capture) as they are. */
const char *
hs_diagram_host_name (HsTrace *trace,
                      guint    host)
{
  const HsTraceHost *h = hs_trace_get_host (trace, host);

  if (g_str_equal (h->name, "client"))
    return C_("lane heading", "client");
  if (g_str_equal (h->name, "server"))
    return C_("lane heading", "server");
  if (g_str_equal (h->name, "attacker"))
    return C_("lane heading", "attacker");
  return h->name;
}

static const char *
endpoint_host_name (HsTrace               *trace,
                    const HsTraceEndpoint *ep)
{
  return ep->host != HS_TRACE_NONE && ep->host < hs_trace_get_n_hosts (trace)
    ? hs_diagram_host_name (trace, ep->host)
    : ep->address;
}

char *
hs_diagram_connection_label (HsTrace *trace,
                             guint    connection)
{
  const HsTraceEndpoint *ends[2] = { NULL, NULL };
  const char *names[2];

  for (guint e = 0; e < hs_trace_get_n_endpoints (trace); e++)
    {
      const HsTraceEndpoint *ep = hs_trace_get_endpoint (trace, e);

      if (ep->connection != connection)
        continue;
      if (ends[0] == NULL)
        ends[0] = ep;
      else if (ends[1] == NULL)
        ends[1] = ep;
    }
  if (ends[0] == NULL)
    return g_strdup_printf ("%u", connection + 1);
  if (ends[1] == NULL)
    {
      /* A connection that never got a socket at the other end (a SYN
       * dropped, refused or forged): where its first segment went. */
      for (guint s = 0; s < hs_trace_get_n_segments (trace); s++)
        {
          HsTraceSegment seg;

          hs_trace_read_segment (trace, s, &seg);
          if (hs_trace_get_endpoint (trace, seg.from) == ends[0])
            return g_strdup_printf ("%s:%u → %s:%u", endpoint_host_name (trace, ends[0]), ends[0]->port,
                                    endpoint_host_name (trace, hs_trace_get_endpoint (trace, seg.to)),
                                    seg.header.dst_port);
        }
      return g_strdup_printf ("%u", connection + 1);
    }

  /* who opened it first, as the trace lists them: the client */
  for (guint i = 0; i < 2; i++)
    names[i] = endpoint_host_name (trace, ends[i]);

  return g_strdup_printf ("%s:%u → %s:%u", names[0], ends[0]->port, names[1], ends[1]->port);
}

void
hs_diagram_lane_heading (HsTrace     *trace,
                         guint        host,
                         guint        endpoint,
                         const char **name,
                         char       **address)
{
  const HsTraceEndpoint *ep;
  const HsTraceHost *h;
  GString *ports;

  if (host == HS_TRACE_NONE)
    {
      ep = hs_trace_get_endpoint (trace, endpoint);
      *name = hs_diagram_lane_name (trace, endpoint);
      *address = g_strdup_printf ("%s:%u", ep->address, ep->port);
      return;
    }

  h = hs_trace_get_host (trace, host);
  *name = hs_diagram_host_name (trace, host);
  if (!g_str_equal (h->name, h->address))
    {
      *address = g_strdup (h->address);
      return;
    }

  /* A host named by its address (a capture's): the ports of its sockets
   * say more than the address again. */
  ports = g_string_new (NULL);
  for (guint e = 0, n = 0, last = 0; e < hs_trace_get_n_endpoints (trace); e++)
    {
      gboolean seen = FALSE;

      ep = hs_trace_get_endpoint (trace, e);
      if (ep->host != host)
        continue;
      for (guint k = 0; k < e && !seen; k++)
        seen = hs_trace_get_endpoint (trace, k)->host == host &&
               hs_trace_get_endpoint (trace, k)->port == ep->port;
      if (seen)
        continue;
      /* a browser's many ports: the first two, then the last, so the
       * header keeps to its lane */
      if (++n <= 2)
        g_string_append_printf (ports, "%s:%u", ports->len > 0 ? " " : "", ep->port);
      else
        {
          if (n == 3)
            last = ports->len;
          g_string_truncate (ports, last);
          g_string_append_printf (ports, n == 3 ? " :%u" : " … :%u", ep->port);
        }
    }
  *address = g_string_free (ports, FALSE);
}

double
hs_diagram_layout_add_connection_legend (HsDiagramLayout *self,
                                         double           y,
                                         double           row_h,
                                         double           content_w)
{
  guint n = hs_trace_get_n_connections (self->trace);
  double x = 0;

  for (guint c = 0; c < n; c++)
    {
      HsDiagramLegendEntry entry = { 0 };
      g_autofree char *label = NULL;
      double w;

      if (!has_connection (self->trace, c))
        continue;
      label = hs_diagram_connection_label (self->trace, c);
      w = HS_DIAGRAM_CONNECTION_SAMPLE + 8 +
          hs_diagram_layout_text_width (self, HS_DIAGRAM_FONT_NOTE, label) + 28;

      if (x > 0 && x + w > content_w)
        {
          y += row_h;
          x = 0;
        }
      entry.type = HS_DIAGRAM_LEGEND_CONNECTION;
      entry.index = (guint8) c;
      entry.x = self->style->margin + x;
      entry.y = y;
      entry.height = row_h;
      g_array_append_val (self->legend_entries, entry);
      x += w;
    }

  return y + row_h;
}

gboolean
hs_diagram_layout_same_start (HsDiagramLayout *self,
                              guint            b)
{
  const HsDiagramStateBand *band = &g_array_index (self->bands, HsDiagramStateBand, b);

  if (!self->by_host || band->step != G_MAXUINT)
    return FALSE;

  /* the first bands come first, one per endpoint */
  for (guint k = 0; k < b; k++)
    {
      const HsDiagramStateBand *other = &g_array_index (self->bands, HsDiagramStateBand, k);

      if (other->step == G_MAXUINT && other->lane == band->lane && other->state == band->state)
        return TRUE;
    }
  return FALSE;
}

static char *
format_queues (guint syn_queue,
               guint accept_queue,
               guint backlog)
{
  if (backlog == 0)
    /* Translators: under a host's name in the diagram: its listening
     * socket's SYN queue (half-open connections) and accept queue
     * (established, not yet accepted) */
    return g_strdup_printf (_("SYN queue %u · accept queue %u"), syn_queue, accept_queue);
  /* Translators: the same, each with the backlog of listen(): "SYN queue 3/4 · accept queue 0/4" */
  return g_strdup_printf (_("SYN queue %u/%u · accept queue %u/%u"), syn_queue, backlog, accept_queue, backlog);
}

char *
hs_diagram_layout_lane_queues (HsDiagramLayout *self,
                               guint            lane,
                               guint            step)
{
  const HsTcbSnapshot *tcb;
  guint listener;

  if (!self->by_host || lane >= HS_TRACE_MAX_ENDPOINTS || self->lane_listener[lane] == HS_TRACE_NONE)
    return NULL;
  listener = self->lane_listener[lane];
  tcb = step == HS_TRACE_NONE ? NULL : hs_trace_get_tcb_at (self->trace, step, listener);
  return format_queues (tcb != NULL ? tcb->syn_queue : 0, tcb != NULL ? tcb->accept_queue : 0,
                        self->lane_backlog[lane]);
}

double
hs_diagram_layout_lane_queues_width (HsDiagramLayout *self,
                                     guint            lane)
{
  g_autofree char *text = NULL;
  guint most;

  if (!self->by_host || lane >= HS_TRACE_MAX_ENDPOINTS || self->lane_listener[lane] == HS_TRACE_NONE)
    return 0;
  /* Linux's accept queue holds one more than the backlog; without a
   * backlog, counts of three digits */
  most = self->lane_backlog[lane] > 0 ? self->lane_backlog[lane] + 1 : 999;
  text = format_queues (most, most, self->lane_backlog[lane]);
  return hs_diagram_layout_text_width (self, HS_DIAGRAM_FONT_ADDRESS, text);
}

guint
hs_diagram_step_connection (HsTrace *trace,
                            guint    step)
{
  const HsTraceStep *st;
  guint connection;

  if (hs_trace_get_n_connections (trace) < 2 || step >= hs_trace_get_n_steps (trace))
    return HS_TRACE_NONE;
  st = hs_trace_get_step (trace, step);
  connection = st->endpoint < hs_trace_get_n_endpoints (trace)
                 ? hs_trace_get_endpoint (trace, st->endpoint)->connection
                 : HS_TRACE_NONE;
  if (connection == HS_TRACE_NONE && st->segment != HS_TRACE_NONE && st->segment < hs_trace_get_n_segments (trace))
    connection = hs_trace_segment_get_connection (trace, hs_trace_get_segment (trace, st->segment));
  return connection;
}
