/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-connections.c: several connections in one trace: a capture's
 * streams read together (against tshark's tcp.stream where installed), and
 * what the diagram and the exports make of them. */

#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "hs-capture-reader.h"
#include "hs-capture-writer.h"
#include "hs-diagram-layout.h"
#include "hs-diagram-layout-private.h"   /* the legend's entries */
#include "hs-diagram-style.h"
#include "hs-error.h"
#include "hs-segment.h"
#include "hs-trace.h"
#include "hs-trace-connection.h"
#include "hs-trace-writer.h"
#include "hs-test-files.h"
#include "hs-test-pcap.h"

static HsTrace *
load_streams (const char  *path,
              const guint *indexes,
              guint        n_indexes)
{
  g_autoptr(GError) error = NULL;
  HsTrace *trace = NULL;

  g_assert_true (hs_capture_load_streams (path, indexes, n_indexes, &trace, &error));
  g_assert_no_error (error);
  g_assert_nonnull (trace);
  return trace;
}

/* tshark's "frame.number,tcp.stream" for @path, one guint per frame (from
 * index 0 for frame 1), or NULL when tshark is not installed. */
static GArray *
tshark_streams (const char *path)
{
  g_autofree char *tshark = g_find_program_in_path ("tshark");
  g_autofree char *home = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = NULL;
  g_auto(GStrv) lines = NULL;
  GArray *streams;
  int status = 0;
  const char *argv[] = { tshark, "-n", "-r", path, "-T", "fields", "-e", "frame.number",
                         "-e", "tcp.stream", "-E", "separator=,", NULL };

  if (tshark == NULL)
    return NULL;

  /* tshark wants a configuration directory it can create. */
  home = hs_test_dir_new ();
  envp = g_get_environ ();
  envp = g_environ_setenv (envp, "HOME", home, TRUE);
  envp = g_environ_setenv (envp, "XDG_CONFIG_HOME", home, TRUE);
  g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  hs_test_dir_remove (home);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_test_message ("tshark: %s", err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  streams = g_array_new (FALSE, FALSE, sizeof (guint));
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      guint frame = 0, stream = 0;

      g_assert_cmpint (sscanf (lines[i], "%u,%u", &frame, &stream), ==, 2);
      g_assert_cmpuint (frame, ==, i + 1);
      g_array_append_val (streams, stream);
    }
  return streams;
}

/* The connection a segment's ports say it is in (client ports of hs_test_three[]). */
static guint
connection_by_ports (const HsTraceSegment *seg,
                     const guint          *chosen,
                     guint                 n_chosen)
{
  guint16 client_port = seg->header.src_port == 80 ? seg->header.dst_port : seg->header.src_port;

  for (guint k = 0; k < n_chosen; k++)
    if (hs_test_three[chosen[k]].port == client_port)
      return k;
  g_assert_not_reached ();
}

/* ----------------------------------------------------------- capture -- */

static void
test_capture_all (void)
{
  g_autofree char *dir = hs_test_dir_new ();
  g_autofree char *path = hs_test_write_three (dir);
  g_autoptr(HsTrace) trace = load_streams (path, NULL, 0);
  g_autoptr(GArray) tshark = tshark_streams (path);
  static const guint all[] = { 0, 1, 2 };
  HsTime last = 0;

  g_test_summary ("All the streams of a capture read as one trace: a host per IP address, "
                  "a socket per connection end, connections numbered as tshark's tcp.stream, "
                  "the segments in capture order on the capture's clock");

  g_assert_cmpuint (hs_trace_get_n_hosts (trace), ==, 3);
  g_assert_cmpstr (hs_trace_get_host (trace, 0)->address, ==, "10.0.0.1");
  g_assert_cmpstr (hs_trace_get_host (trace, 1)->address, ==, "10.0.0.2");
  g_assert_cmpstr (hs_trace_get_host (trace, 2)->address, ==, "10.0.0.3");
  g_assert_cmpuint (hs_trace_get_n_endpoints (trace), ==, 6);
  g_assert_cmpuint (hs_trace_get_n_connections (trace), ==, 3);
  g_assert_cmpstr (hs_trace_get_parameter (trace, "stream"), ==, "0,1,2");
  g_assert_cmpstr (hs_trace_get_title (trace), ==, "3 captured connections");

  for (guint c = 0; c < 3; c++)
    {
      const HsTraceEndpoint *client = hs_trace_get_endpoint (trace, 2 * c);
      const HsTraceEndpoint *server = hs_trace_get_endpoint (trace, 2 * c + 1);

      g_assert_cmpuint (client->connection, ==, c);
      g_assert_cmpuint (server->connection, ==, c);
      g_assert_cmpuint (client->port, ==, hs_test_three[c].port);
      g_assert_cmpuint (client->host, ==, c == 2 ? 2 : 0);
      g_assert_cmpuint (server->port, ==, 80);
      g_assert_cmpuint (server->host, ==, 1);
      g_assert_cmpuint (client->isn, ==, 1000 + hs_test_three[c].isn_shift);
      /* Every connection starts with a handshake from CLOSED and LISTEN. */
      g_assert_cmpint (hs_trace_get_state_at (trace, HS_TRACE_NONE, 2 * c), ==, HS_STATE_CLOSED);
      g_assert_cmpint (hs_trace_get_state_at (trace, HS_TRACE_NONE, 2 * c + 1), ==, HS_STATE_LISTEN);
      g_assert_cmpint (hs_trace_get_state_at (trace, hs_trace_get_n_steps (trace) - 1, 2 * c + 1), ==,
                       HS_STATE_CLOSED);
    }

  g_assert_cmpuint (hs_trace_get_n_segments (trace), ==, 3 * HS_TEST_SMALL_CONNECTION_LEN);
  for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
    {
      const HsTraceSegment *seg = hs_trace_get_segment (trace, i);
      guint connection = hs_trace_segment_get_connection (trace, seg);

      /* In capture order, on one clock from the first packet. */
      g_assert_cmpint (seg->sent, >=, last);
      last = seg->sent;
      g_assert_cmpuint (connection, ==, connection_by_ports (seg, all, 3));
      if (tshark != NULL)
        g_assert_cmpuint (connection, ==, g_array_index (tshark, guint, i));
      /* Relative numbers count per connection, as Wireshark's. */
      if (seg->header.flags & HS_TCP_SYN)
        g_assert_cmpuint (hs_trace_segment_rel_seq (trace, seg), ==, 0);
    }
  g_assert_cmpint (hs_trace_get_segment (trace, 0)->sent, ==, 0);
  g_assert_cmpint (hs_trace_get_segment (trace, hs_trace_get_n_segments (trace) - 1)->sent, ==, 4200 + 7000);

  if (tshark == NULL)
    g_test_message ("tshark is not installed: connection numbers checked by ports only");

  hs_test_dir_remove (dir);
}

static void
test_capture_chosen (void)
{
  g_autofree char *dir = hs_test_dir_new ();
  g_autofree char *path = hs_test_write_three (dir);
  static const guint chosen[] = { 2, 0 };
  static const guint sorted[] = { 0, 2 };
  g_autoptr(HsTrace) trace = load_streams (path, chosen, G_N_ELEMENTS (chosen));
  g_autoptr(HsTrace) one = load_streams (path, (const guint[]) { 1 }, 1);
  g_autoptr(GError) error = NULL;
  HsTrace *none = NULL;

  g_test_summary ("Chosen streams read in stream order whatever the order asked; one stream "
                  "reads as before (no hosts); a stream that is not there is refused by number");

  g_assert_cmpuint (hs_trace_get_n_hosts (trace), ==, 3);
  g_assert_cmpuint (hs_trace_get_n_connections (trace), ==, 2);
  g_assert_cmpstr (hs_trace_get_parameter (trace, "stream"), ==, "0,2");
  for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
    {
      const HsTraceSegment *seg = hs_trace_get_segment (trace, i);

      g_assert_cmpuint (hs_trace_segment_get_connection (trace, seg), ==,
                        connection_by_ports (seg, sorted, 2));
    }

  g_assert_cmpuint (hs_trace_get_n_hosts (one), ==, 0);
  g_assert_cmpuint (hs_trace_get_n_endpoints (one), ==, 2);
  g_assert_cmpstr (hs_trace_get_parameter (one, "stream"), ==, "1");
  g_assert_cmpint (hs_trace_get_segment (one, 0)->sent, ==, 0);

  g_assert_false (hs_capture_load_streams (path, (const guint[]) { 0, 7 }, 2, &none, &error));
  g_assert_error (error, HS_ERROR, HS_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "numbered 0 to 2"));
  g_assert_null (none);

  hs_test_dir_remove (dir);
}


static void
test_capture_too_many (void)
{
  g_autofree char *dir = hs_test_dir_new ();
  g_autofree char *path = hs_test_write_many (dir, HS_CAPTURE_MAX_STREAMS + 2);
  g_autoptr(HsTrace) all = load_streams (path, NULL, 0);
  g_autoptr(GError) error = NULL;
  g_autofree guint *indexes = g_new (guint, HS_CAPTURE_MAX_STREAMS + 1);
  HsTrace *none = NULL;

  g_test_summary ("Of a capture with more connections than a diagram holds, “all” reads the first 16 and "
                  "says how many the file holds; choosing 17 is refused, naming both counts");

  g_assert_cmpuint (hs_trace_get_n_connections (all), ==, HS_CAPTURE_MAX_STREAMS);
  g_assert_cmpuint (hs_trace_get_n_endpoints (all), ==, HS_TRACE_MAX_ENDPOINTS);
  g_assert_cmpstr (hs_trace_get_parameter (all, "streams-in-file"), ==, "18");

  for (guint i = 0; i <= HS_CAPTURE_MAX_STREAMS; i++)
    indexes[i] = i;
  g_assert_false (hs_capture_load_streams (path, indexes, HS_CAPTURE_MAX_STREAMS + 1, &none, &error));
  g_assert_error (error, HS_ERROR, HS_ERROR_UNSUPPORTED);
  g_assert_cmpstr (error->message, ==, "17 connections are chosen, but one diagram shows at most 16.");
  g_assert_null (none);

  hs_test_dir_remove (dir);
}

/* ----------------------------------------------------------- diagram -- */

/* WCAG's contrast ratio of two colours. */
static double
luminance (const HsDiagramColor *c)
{
  double v[3] = { c->red, c->green, c->blue };

  for (guint i = 0; i < 3; i++)
    v[i] = v[i] <= 0.03928 ? v[i] / 12.92 : pow ((v[i] + 0.055) / 1.055, 2.4);
  return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
}

static double
contrast (const HsDiagramColor *a,
          const HsDiagramColor *b)
{
  double la = luminance (a), lb = luminance (b);

  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

static void
test_diagram_hosts (void)
{
  g_autofree char *dir = hs_test_dir_new ();
  g_autofree char *path = hs_test_write_three (dir);
  g_autoptr(HsTrace) trace = load_streams (path, NULL, 0);
  g_autoptr(HsDiagramStyle) style = hs_diagram_style_new (HS_DIAGRAM_STYLE_LIGHT);
  g_autoptr(HsDiagramLayout) layout = NULL;
  HsDiagramLayoutOptions options;
  double column_x[6];
  guint n_legend = 0;

  g_test_summary ("Hosts are the lanes of a diagram of several connections: each socket has a "
                  "column of its own on its host's lane, arrows run between the sockets' columns "
                  "in their connection's colour, state bands never overlap, the legend lists "
                  "each connection as client:port → server:port");

  hs_diagram_layout_options_init (&options);
  options.show_legend = TRUE;
  layout = hs_diagram_layout_new (trace, style, 1200, &options);
  g_assert_cmpuint (hs_diagram_layout_get_n_lanes (layout), ==, 3);
  g_assert_cmpuint (hs_diagram_layout_get_lane (layout, 1)->host, ==, 1);
  for (guint e = 0; e < 6; e++)
    {
      guint lane = hs_diagram_layout_get_endpoint_lane (layout, e);

      g_assert_cmpuint (lane, ==, hs_trace_get_endpoint (trace, e)->host);
      column_x[e] = hs_diagram_layout_endpoint_x (layout, e);
      /* near its lane's line, nearer than to any other lane */
      g_assert_cmpfloat (fabs (column_x[e] - hs_diagram_layout_get_lane (layout, lane)->x), <, 3 * style->band_width);
    }
  /* the server's three sockets, and the first client's two, side by side */
  for (guint a = 0; a < 6; a++)
    for (guint b = a + 1; b < 6; b++)
      if (hs_diagram_layout_get_endpoint_lane (layout, a) == hs_diagram_layout_get_endpoint_lane (layout, b))
        g_assert_cmpfloat (fabs (column_x[a] - column_x[b]), >=, style->band_width + 2);

  g_assert_cmpuint (hs_diagram_layout_get_n_arrows (layout), ==, hs_trace_get_n_segments (trace));
  for (guint i = 0; i < hs_diagram_layout_get_n_arrows (layout); i++)
    {
      const HsDiagramArrow *arrow = hs_diagram_layout_get_arrow (layout, i);
      const HsTraceSegment *seg = hs_trace_get_segment (trace, arrow->segment);

      g_assert_cmpfloat_with_epsilon (arrow->x0, column_x[seg->from], 0.01);
      g_assert_cmpfloat_with_epsilon (arrow->x1, column_x[seg->to], 0.01);
      g_assert_cmpuint (arrow->from_lane, ==, hs_trace_get_endpoint (trace, seg->from)->host);
    }

  for (guint b = 0; b < hs_diagram_layout_get_n_bands (layout); b++)
    {
      const HsDiagramStateBand *band = hs_diagram_layout_get_band (layout, b);

      g_assert_cmpuint (band->lane, ==, hs_trace_get_endpoint (trace, band->endpoint)->host);
      for (guint k = 0; k < b; k++)
        {
          const HsDiagramStateBand *other = hs_diagram_layout_get_band (layout, k);

          /* two sockets' bands at the same height stand in different columns */
          if (other->endpoint != band->endpoint && other->y0 < band->y1 && band->y0 < other->y1)
            g_assert_cmpfloat (fabs (column_x[other->endpoint] - column_x[band->endpoint]), >=, style->band_width);
        }
    }

  for (guint i = 0; i < layout->legend_entries->len; i++)
    {
      const HsDiagramLegendEntry *e = &g_array_index (layout->legend_entries, HsDiagramLegendEntry, i);

      if (e->type == HS_DIAGRAM_LEGEND_CONNECTION)
        g_assert_cmpuint (e->index, ==, n_legend++);
    }
  g_assert_cmpuint (n_legend, ==, 3);

  {
    g_autofree char *first = hs_diagram_connection_label (trace, 0);
    g_autofree char *third = hs_diagram_connection_label (trace, 2);

    g_assert_cmpstr (first, ==, "10.0.0.1:43098 → 10.0.0.2:80");
    g_assert_cmpstr (third, ==, "10.0.0.3:51000 → 10.0.0.2:80");
  }

  hs_test_dir_remove (dir);
}

static void
test_diagram_colours (void)
{
  g_test_summary ("In every style the connections' colours differ from one another and stand out "
                  "from the background enough for lines and text (3:1)");

  for (guint k = 0; k < HS_DIAGRAM_N_STYLES; k++)
    {
      g_autoptr(HsDiagramStyle) style = hs_diagram_style_new (k);

      for (guint a = 0; a < HS_DIAGRAM_N_CONNECTION_COLORS; a++)
        {
          const HsDiagramColor *ca = hs_diagram_style_connection_color (style, a);

          g_assert_cmpfloat (contrast (ca, &style->background), >=, 3.0);
          for (guint b = 0; b < a; b++)
            {
              const HsDiagramColor *cb = hs_diagram_style_connection_color (style, b);

              g_assert_false (ca->red == cb->red && ca->green == cb->green && ca->blue == cb->blue);
            }
        }
      /* the palette is taken in turn */
      g_assert_true (hs_diagram_style_connection_color (style, HS_DIAGRAM_N_CONNECTION_COLORS) ==
                     hs_diagram_style_connection_color (style, 0));
    }
}


/* ----------------------------------------------------------- exports -- */

/* Two connections from one client host to one server, as the simulator
 * writes them: delivered segments, a step per sending and arrival. The
 * second starts while the first is open. */
static HsTrace *
two_on_hosts (void)
{
  HsTrace *trace = hs_trace_new ();
  guint client = hs_trace_add_host (trace, "client", "10.0.0.1");
  guint server = hs_trace_add_host (trace, "server", "10.0.0.2");
  static const struct { guint conn; guint seg; HsTime sent; } order[] = {
    { 0, 0, 0 }, { 0, 1, 10000 }, { 1, 0, 15000 }, { 0, 2, 20000 },
    { 1, 1, 25000 }, { 1, 2, 35000 },
  };

  for (guint c = 0; c < 2; c++)
    {
      guint e = hs_trace_add_endpoint (trace, "client", "10.0.0.1", 43098 + 2 * c, HS_STATE_CLOSED);
      guint f = hs_trace_add_endpoint (trace, "server", "10.0.0.2", 80, HS_STATE_LISTEN);

      hs_trace_set_endpoint_host (trace, e, client);
      hs_trace_set_endpoint_host (trace, f, server);
      hs_trace_set_endpoint_connection (trace, e, c);
      hs_trace_set_endpoint_connection (trace, f, c);
    }

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      const HsTestSeg *s = &hs_test_small_connection[order[i].seg];
      guint from = 2 * order[i].conn + (s->from_client ? 0 : 1);
      HsTraceSegment seg = { 0 };
      HsTraceStep step = { 0 };
      guint index;

      seg.from = from;
      seg.to = from ^ 1;
      seg.fate = HS_FATE_DELIVERED;
      seg.sent = order[i].sent;
      seg.arrived = order[i].sent + 5000;
      seg.header.src_port = hs_trace_get_endpoint (trace, from)->port;
      seg.header.dst_port = hs_trace_get_endpoint (trace, from ^ 1)->port;
      seg.header.seq = s->seq + 100000 * order[i].conn;
      seg.header.ack = s->ack == 0 ? 0 : s->ack + 100000 * order[i].conn;
      seg.header.flags = s->flags;
      seg.header.window = 1000;
      index = hs_trace_add_segment (trace, &seg);

      step.time = seg.sent;
      step.kind = HS_STEP_SEGMENT_SENT;
      step.endpoint = from;
      step.segment = index;
      step.cause = HS_TRACE_NONE;
      hs_trace_peek_segment (trace, index)->sent_step = hs_trace_add_step (trace, &step);
    }

  hs_trace_compact (trace);
  return trace;
}

static char *
write_text (HsTrace       *trace,
            HsTraceFormat  format)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = hs_trace_write (trace, format, &error);

  g_assert_no_error (error);
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static void
test_export_text (void)
{
  g_autoptr(HsTrace) trace = two_on_hosts ();
  g_autofree char *csv = write_text (trace, HS_TRACE_FORMAT_CSV);
  g_autofree char *json = write_text (trace, HS_TRACE_FORMAT_JSON);
  g_auto(GStrv) lines = g_strsplit (csv, "\n", -1);

  g_test_summary ("A trace of several connections: its CSV ends each row with the connection (from 1), "
                  "its JSON gives the connection of every endpoint, segment and step, and its hosts");

  g_assert_true (g_str_has_suffix (lines[0], ",fate,retransmission,connection"));
  g_assert_true (g_str_has_prefix (lines[0], "no,sent_us,arrived_us,from,to,flags,seq,ack,"));
  /* rows 1, 2, 4 are the first connection's; 3, 5, 6 the second's */
  g_assert_true (g_str_has_suffix (lines[1], ",1"));
  g_assert_true (g_str_has_suffix (lines[3], ",2"));
  g_assert_true (g_str_has_suffix (lines[4], ",1"));
  g_assert_true (g_str_has_suffix (lines[6], ",2"));
  g_assert_cmpstr (lines[7], ==, "");

  g_assert_nonnull (strstr (json, "\"hosts\": ["));
  /* every segment and step says its connection */
  {
    guint n = 0;

    for (const char *p = json; (p = strstr (p, "\"connection\": ")) != NULL; p++)
      n++;
    /* 4 endpoints, 6 segments, 6 steps */
    g_assert_cmpuint (n, ==, 4 + 6 + 6);
  }
}

static void
test_export_pcap (void)
{
  g_autofree char *dir = hs_test_dir_new ();
  g_autoptr(HsTrace) trace = two_on_hosts ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = hs_capture_write_pcap_bytes (trace, HS_CAPTURE_SIDE_CLIENT, &error);
  g_autofree char *path = g_build_filename (dir, "two.pcap", NULL);
  g_autoptr(GArray) tshark = NULL;
  g_autoptr(HsTrace) back = NULL;

  g_test_summary ("A pcap of several connections holds them all: read back (by Handshake, and by "
                  "tshark where installed) each is a stream of its own with its own number");

  g_assert_no_error (error);
  g_file_set_contents (path, g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);

  back = load_streams (path, NULL, 0);
  g_assert_cmpuint (hs_trace_get_n_connections (back), ==, 2);
  g_assert_cmpuint (hs_trace_get_n_hosts (back), ==, 2);
  g_assert_cmpuint (hs_trace_get_n_segments (back), ==, hs_trace_get_n_segments (trace));

  tshark = tshark_streams (path);
  if (tshark == NULL)
    g_test_message ("tshark is not installed: read back by Handshake only");
  else
    g_assert_cmpuint (tshark->len, ==, hs_trace_get_n_segments (back));

  for (guint i = 0; i < hs_trace_get_n_segments (back); i++)
    {
      const HsTraceSegment *seg = hs_trace_get_segment (back, i);
      guint connection = hs_trace_segment_get_connection (back, seg);
      /* the client ports say which connection the packet was */
      guint16 port = seg->header.src_port == 80 ? seg->header.dst_port : seg->header.src_port;

      g_assert_cmpuint (connection, ==, (guint) (port - 43098) / 2);
      if (tshark != NULL)
        g_assert_cmpuint (g_array_index (tshark, guint, i), ==, connection);
    }

  hs_test_dir_remove (dir);
}


/* ------------------------------------------------------------ filter -- */

static void
test_filter (void)
{
  g_autofree char *dir = hs_test_dir_new ();
  g_autofree char *path = hs_test_write_three (dir);
  g_autoptr(HsTrace) trace = load_streams (path, NULL, 0);
  g_autoptr(HsTrace) one = load_streams (path, (const guint[]) { 1 }, 1);
  g_autoptr(HsTrace) second = NULL;
  g_autoptr(HsTrace) same = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  g_auto(GStrv) lines = NULL;

  g_test_summary ("One connection of several taken out (--connection N, from 1): its sockets and hosts, "
                  "its segments with their numbers and times, the steps of its sockets; a number that "
                  "is not a connection's is refused with the count");

  second = hs_trace_new_for_connection (trace, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hs_trace_get_n_endpoints (second), ==, 2);
  g_assert_cmpuint (hs_trace_get_n_hosts (second), ==, 2);
  g_assert_cmpuint (hs_trace_get_endpoint (second, 0)->port, ==, 43100);
  g_assert_cmpuint (hs_trace_get_endpoint (second, 0)->connection, ==, 1);
  g_assert_cmpuint (hs_trace_get_n_segments (second), ==, HS_TEST_SMALL_CONNECTION_LEN);
  g_assert_cmpstr (hs_trace_get_parameter (second, "connection"), ==, "2");
  g_assert_cmpstr (hs_trace_get_title (second), ==, "3 captured connections: connection 2");
  g_assert_cmpint (hs_trace_get_segment (second, 0)->sent, ==, 2500);
  g_assert_cmpint (hs_trace_get_state_at (second, hs_trace_get_n_steps (second) - 1, 0), ==, HS_STATE_TIME_WAIT);
  for (guint i = 0; i < hs_trace_get_n_steps (second); i++)
    {
      const HsTraceStep *st = hs_trace_get_step (second, i);

      g_assert_cmpuint (st->endpoint, <, 2);
      if (st->segment != HS_TRACE_NONE)
        g_assert_cmpuint (hs_trace_get_segment (second, st->segment)->sent_step, ==, i);
    }

  csv = write_text (second, HS_TRACE_FORMAT_CSV);
  lines = g_strsplit (csv, "\n", -1);
  for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
    g_assert_true (g_str_has_suffix (lines[i], ",2"));

  g_assert_null (hs_trace_new_for_connection (trace, 4, &error));
  g_assert_error (error, HS_ERROR, HS_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "There is no connection 4: this trace has 3 connections, numbered 1 to 3.");
  g_clear_error (&error);
  g_assert_null (hs_trace_new_for_connection (trace, 0, &error));
  g_assert_error (error, HS_ERROR, HS_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* a trace of one connection is its own only connection */
  same = hs_trace_new_for_connection (one, 1, &error);
  g_assert_no_error (error);
  g_assert_true (same == one);

  hs_test_dir_remove (dir);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/connections/capture/all", test_capture_all);
  g_test_add_func ("/connections/capture/chosen", test_capture_chosen);
  g_test_add_func ("/connections/capture/too-many", test_capture_too_many);
  g_test_add_func ("/connections/diagram/hosts", test_diagram_hosts);
  g_test_add_func ("/connections/diagram/colours", test_diagram_colours);
  g_test_add_func ("/connections/export/text", test_export_text);
  g_test_add_func ("/connections/export/pcap", test_export_pcap);
  g_test_add_func ("/connections/filter", test_filter);

  return g_test_run ();
}
