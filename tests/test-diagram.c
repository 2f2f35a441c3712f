/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-diagram.c: the sequence diagram's layout, renderer and exports. */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <cairo.h>

#include "hs-capture-reader.h"
#include "hs-diagram-enums.h"
#include "hs-diagram-export.h"
#include "hs-diagram-layout.h"
#include "hs-diagram-layout-private.h"   /* the item index, to test the search */
#include "hs-diagram-renderer.h"
#include "hs-diagram-style.h"
#include "hs-error.h"
#include "hs-scenario.h"
#include "hs-simulator.h"
#include "hs-trace.h"
#include "hs-test-lessons.h"

#define MS(x) ((HsTime) (x) * HS_USEC_PER_MSEC)

/* ------------------------------------------------------------------ */
/* traces built by hand                                                */

static guint
add_step (HsTrace    *trace,
          HsTime      time,
          HsStepKind  kind,
          guint       endpoint,
          guint       detail,
          guint       segment,
          guint64     value)
{
  HsTraceStep step = { 0 };

  step.time = time;
  step.kind = kind;
  step.endpoint = endpoint;
  step.detail = detail;
  step.segment = segment;
  step.cause = HS_TRACE_NONE;
  step.value = value;
  return hs_trace_add_step (trace, &step);
}

static void
state (HsTrace *trace,
       HsTime   time,
       guint    endpoint,
       HsState  to)
{
  HsTraceStep step = { 0 };
  guint n = hs_trace_get_n_steps (trace);

  step.time = time;
  step.kind = HS_STEP_STATE_CHANGE;
  step.endpoint = endpoint;
  step.from_state = hs_trace_get_state_at (trace, n > 0 ? n - 1 : HS_TRACE_NONE, endpoint);
  step.to_state = to;
  step.segment = HS_TRACE_NONE;
  step.cause = HS_TRACE_NONE;
  hs_trace_add_step (trace, &step);
}

static void
app (HsTrace  *trace,
     HsTime    time,
     guint     endpoint,
     HsAppCall call,
     guint64   value)
{
  add_step (trace, time, HS_STEP_APP_CALL, endpoint, call, HS_TRACE_NONE, value);
}

static void
timer (HsTrace     *trace,
       HsTime       time,
       guint        endpoint,
       HsTimerKind  kind)
{
  add_step (trace, time, HS_STEP_TIMER, endpoint, kind, HS_TRACE_NONE, 0);
}

static guint
send_full (HsTrace *trace,
           HsTime   time,
           guint    from,
           guint    to,
           guint8   flags,
           guint32  seq,
           guint32  ack,
           guint32  len,
           guint8   marks)
{
  HsTraceSegment seg = { 0 };
  guint index = hs_trace_get_n_segments (trace);

  seg.from = from;
  seg.to = to;
  seg.fate = HS_FATE_IN_FLIGHT;
  seg.marks = marks;
  seg.len = len;
  seg.window = 64240;
  seg.sent = time;
  seg.arrived = HS_TIME_NONE;
  seg.sent_step = hs_trace_get_n_steps (trace);
  seg.end_step = HS_TRACE_NONE;
  seg.header.src_port = hs_trace_get_endpoint (trace, from)->port;
  seg.header.dst_port = hs_trace_get_endpoint (trace, to)->port;
  seg.header.seq = seq;
  seg.header.ack = ack;
  seg.header.flags = flags;
  seg.header.window = 502;
  if (flags & HS_TCP_SYN)
    {
      seg.header.options.present = HS_TCP_OPT_MSS | HS_TCP_OPT_SACK_PERM |
                                   HS_TCP_OPT_TIMESTAMP | HS_TCP_OPT_WSCALE;
      seg.header.options.mss = 1460;
      seg.header.options.wscale = 7;
      seg.header.options.ts_val = 1000 + (guint32) (time / 1000);
    }

  g_assert_cmpuint (hs_trace_add_segment (trace, &seg), ==, index);
  add_step (trace, time, HS_STEP_SEGMENT_SENT, from, 0, index, 0);
  return index;
}

static void
arrive (HsTrace *trace,
        guint    index,
        HsTime   time)
{
  HsTraceSegment *seg = hs_trace_peek_segment (trace, index);

  seg->fate = HS_FATE_DELIVERED;
  seg->arrived = time;
  seg->end_step = add_step (trace, time, HS_STEP_SEGMENT_ARRIVED, seg->to, 0, index, 0);
}

static void
lose (HsTrace *trace,
      guint    index,
      HsTime   time)
{
  HsTraceSegment *seg = hs_trace_peek_segment (trace, index);

  seg->fate = HS_FATE_LOST;
  seg->end_step = add_step (trace, time, HS_STEP_SEGMENT_LOST, seg->to, 0, index, 0);
}

enum { CLIENT, SERVER };
#define C_ISN 1000u
#define S_ISN 5000u

static HsTrace *
two_lanes (const char *title,
           HsState     client_state,
           HsState     server_state)
{
  HsTrace *trace = hs_trace_new ();

  hs_trace_set_title (trace, title);
  hs_trace_add_endpoint (trace, "client", "10.0.0.1", 43098, client_state);
  hs_trace_add_endpoint (trace, "server", "10.0.0.2", 80, server_state);
  return trace;
}

/* The three-way handshake with 50 ms each way; ends at 150 ms. */
static void
handshake (HsTrace *trace,
           HsTime   t)
{
  guint s;

  app (trace, t, CLIENT, HS_APP_CONNECT, 0);
  state (trace, t, CLIENT, HS_STATE_SYN_SENT);
  s = send_full (trace, t, CLIENT, SERVER, HS_TCP_SYN, C_ISN, 0, 0, 0);
  arrive (trace, s, t + MS (50));
  state (trace, t + MS (50), SERVER, HS_STATE_SYN_RECEIVED);
  s = send_full (trace, t + MS (50), SERVER, CLIENT, HS_TCP_SYN | HS_TCP_ACK, S_ISN, C_ISN + 1, 0, 0);
  arrive (trace, s, t + MS (100));
  state (trace, t + MS (100), CLIENT, HS_STATE_ESTABLISHED);
  s = send_full (trace, t + MS (100), CLIENT, SERVER, HS_TCP_ACK, C_ISN + 1, S_ISN + 1, 0, 0);
  arrive (trace, s, t + MS (150));
  state (trace, t + MS (150), SERVER, HS_STATE_ESTABLISHED);
}

static HsTrace *
build_handshake (void)
{
  HsTrace *trace = two_lanes ("Three-way handshake", HS_STATE_CLOSED, HS_STATE_CLOSED);

  app (trace, 0, SERVER, HS_APP_LISTEN, 0);
  state (trace, 0, SERVER, HS_STATE_LISTEN);
  handshake (trace, 0);
  return trace;
}

/* Handshake, 100 bytes each way, the client closes first; TIME-WAIT 60 s. */
static HsTrace *
build_data_close (void)
{
  HsTrace *trace = two_lanes ("Data, then close", HS_STATE_CLOSED, HS_STATE_LISTEN);
  guint s;

  handshake (trace, 0);
  app (trace, MS (150), CLIENT, HS_APP_SEND, 100);
  s = send_full (trace, MS (150), CLIENT, SERVER, HS_TCP_PSH | HS_TCP_ACK, C_ISN + 1, S_ISN + 1, 100, 0);
  arrive (trace, s, MS (200));
  s = send_full (trace, MS (200), SERVER, CLIENT, HS_TCP_ACK, S_ISN + 1, C_ISN + 101, 0, 0);
  arrive (trace, s, MS (250));
  app (trace, MS (250), SERVER, HS_APP_SEND, 200);
  s = send_full (trace, MS (250), SERVER, CLIENT, HS_TCP_PSH | HS_TCP_ACK, S_ISN + 1, C_ISN + 101, 200, 0);
  arrive (trace, s, MS (300));
  s = send_full (trace, MS (340), CLIENT, SERVER, HS_TCP_ACK, C_ISN + 101, S_ISN + 201, 0, HS_MARK_DELAYED_ACK);
  arrive (trace, s, MS (390));

  app (trace, MS (400), CLIENT, HS_APP_CLOSE, 0);
  state (trace, MS (400), CLIENT, HS_STATE_FIN_WAIT_1);
  s = send_full (trace, MS (400), CLIENT, SERVER, HS_TCP_FIN | HS_TCP_ACK, C_ISN + 101, S_ISN + 201, 0, 0);
  arrive (trace, s, MS (450));
  state (trace, MS (450), SERVER, HS_STATE_CLOSE_WAIT);
  s = send_full (trace, MS (450), SERVER, CLIENT, HS_TCP_ACK, S_ISN + 201, C_ISN + 102, 0, 0);
  arrive (trace, s, MS (500));
  state (trace, MS (500), CLIENT, HS_STATE_FIN_WAIT_2);
  app (trace, MS (550), SERVER, HS_APP_CLOSE, 0);
  state (trace, MS (550), SERVER, HS_STATE_LAST_ACK);
  s = send_full (trace, MS (550), SERVER, CLIENT, HS_TCP_FIN | HS_TCP_ACK, S_ISN + 201, C_ISN + 102, 0, 0);
  arrive (trace, s, MS (600));
  state (trace, MS (600), CLIENT, HS_STATE_TIME_WAIT);
  s = send_full (trace, MS (600), CLIENT, SERVER, HS_TCP_ACK, C_ISN + 102, S_ISN + 202, 0, 0);
  arrive (trace, s, MS (650));
  state (trace, MS (650), SERVER, HS_STATE_CLOSED);
  timer (trace, MS (60600), CLIENT, HS_TIMER_TIME_WAIT);
  state (trace, MS (60600), CLIENT, HS_STATE_CLOSED);
  return trace;
}

/* The first SYN is lost; the retransmission timer fires after 1 s. */
static HsTrace *
build_lost_syn (void)
{
  HsTrace *trace = two_lanes ("A lost SYN", HS_STATE_CLOSED, HS_STATE_LISTEN);
  guint s;

  app (trace, 0, CLIENT, HS_APP_CONNECT, 0);
  state (trace, 0, CLIENT, HS_STATE_SYN_SENT);
  s = send_full (trace, 0, CLIENT, SERVER, HS_TCP_SYN, C_ISN, 0, 0, 0);
  lose (trace, s, MS (25));
  timer (trace, MS (1000), CLIENT, HS_TIMER_RETRANSMISSION);
  s = send_full (trace, MS (1000), CLIENT, SERVER, HS_TCP_SYN, C_ISN, 0, 0, HS_MARK_RETRANSMISSION);
  arrive (trace, s, MS (1050));
  state (trace, MS (1050), SERVER, HS_STATE_SYN_RECEIVED);
  s = send_full (trace, MS (1050), SERVER, CLIENT, HS_TCP_SYN | HS_TCP_ACK, S_ISN, C_ISN + 1, 0, 0);
  arrive (trace, s, MS (1100));
  state (trace, MS (1100), CLIENT, HS_STATE_ESTABLISHED);
  s = send_full (trace, MS (1100), CLIENT, SERVER, HS_TCP_ACK, C_ISN + 1, S_ISN + 1, 0, 0);
  arrive (trace, s, MS (1150));
  state (trace, MS (1150), SERVER, HS_STATE_ESTABLISHED);
  return trace;
}

/* Both close at once: the FINs cross, both go through CLOSING. */
static HsTrace *
build_simultaneous_close (void)
{
  HsTrace *trace = two_lanes ("Simultaneous close", HS_STATE_ESTABLISHED, HS_STATE_ESTABLISHED);
  guint a, b;

  hs_trace_set_endpoint_isn (trace, CLIENT, C_ISN);
  hs_trace_set_endpoint_isn (trace, SERVER, S_ISN);
  app (trace, 0, CLIENT, HS_APP_CLOSE, 0);
  app (trace, 0, SERVER, HS_APP_CLOSE, 0);
  state (trace, 0, CLIENT, HS_STATE_FIN_WAIT_1);
  a = send_full (trace, 0, CLIENT, SERVER, HS_TCP_FIN | HS_TCP_ACK, C_ISN + 101, S_ISN + 201, 0, 0);
  state (trace, 0, SERVER, HS_STATE_FIN_WAIT_1);
  b = send_full (trace, 0, SERVER, CLIENT, HS_TCP_FIN | HS_TCP_ACK, S_ISN + 201, C_ISN + 101, 0, 0);
  arrive (trace, a, MS (50));
  state (trace, MS (50), SERVER, HS_STATE_CLOSING);
  arrive (trace, b, MS (50));
  state (trace, MS (50), CLIENT, HS_STATE_CLOSING);
  a = send_full (trace, MS (50), SERVER, CLIENT, HS_TCP_ACK, S_ISN + 202, C_ISN + 102, 0, 0);
  b = send_full (trace, MS (50), CLIENT, SERVER, HS_TCP_ACK, C_ISN + 102, S_ISN + 202, 0, 0);
  arrive (trace, a, MS (100));
  state (trace, MS (100), CLIENT, HS_STATE_TIME_WAIT);
  arrive (trace, b, MS (100));
  state (trace, MS (100), SERVER, HS_STATE_TIME_WAIT);
  timer (trace, MS (60100), CLIENT, HS_TIMER_TIME_WAIT);
  state (trace, MS (60100), CLIENT, HS_STATE_CLOSED);
  timer (trace, MS (60100), SERVER, HS_TIMER_TIME_WAIT);
  state (trace, MS (60100), SERVER, HS_STATE_CLOSED);
  return trace;
}

/* Three hosts: two clients connect to one server, the far one across the
 * middle lane, at overlapping times. */
static HsTrace *
build_three_lanes (void)
{
  HsTrace *trace = hs_trace_new ();
  guint s;

  hs_trace_set_title (trace, "Two clients, one server");
  hs_trace_add_endpoint (trace, "client", "10.0.0.1", 43098, HS_STATE_CLOSED);
  hs_trace_add_endpoint (trace, "client 2", "10.0.0.3", 51000, HS_STATE_CLOSED);
  hs_trace_add_endpoint (trace, "server", "10.0.0.2", 80, HS_STATE_LISTEN);

  app (trace, 0, 0, HS_APP_CONNECT, 0);
  state (trace, 0, 0, HS_STATE_SYN_SENT);
  s = send_full (trace, 0, 0, 2, HS_TCP_SYN, 100, 0, 0, 0);
  app (trace, MS (20), 1, HS_APP_CONNECT, 0);
  state (trace, MS (20), 1, HS_STATE_SYN_SENT);
  {
    guint s2 = send_full (trace, MS (20), 1, 2, HS_TCP_SYN, 7000, 0, 0, 0);

    arrive (trace, s, MS (60));
    s = send_full (trace, MS (60), 2, 0, HS_TCP_SYN | HS_TCP_ACK, 9000, 101, 0, 0);
    arrive (trace, s2, MS (70));
    s2 = send_full (trace, MS (70), 2, 1, HS_TCP_SYN | HS_TCP_ACK, 9500, 7001, 0, 0);
    arrive (trace, s2, MS (110));
    state (trace, MS (110), 1, HS_STATE_ESTABLISHED);
    s2 = send_full (trace, MS (110), 1, 2, HS_TCP_ACK, 7001, 9501, 0, 0);
    arrive (trace, s, MS (120));
    state (trace, MS (120), 0, HS_STATE_ESTABLISHED);
    s = send_full (trace, MS (120), 0, 2, HS_TCP_RST, 101, 0, 0, 0);
    arrive (trace, s2, MS (150));
    arrive (trace, s, MS (180));
  }
  return trace;
}

/* A long ping-pong of data and ACKs, for pages and speed. */
static HsTrace *
build_bulk (guint n_segments)
{
  HsTrace *trace = two_lanes ("Bulk transfer", HS_STATE_ESTABLISHED, HS_STATE_ESTABLISHED);
  HsTime t = 0;

  hs_trace_set_endpoint_isn (trace, CLIENT, C_ISN);
  hs_trace_set_endpoint_isn (trace, SERVER, S_ISN);

  for (guint i = 0; i + 1 < n_segments; i += 2)
    {
      guint s = send_full (trace, t, CLIENT, SERVER, HS_TCP_ACK | HS_TCP_PSH,
                           C_ISN + 1 + i * 500, S_ISN + 1, 1000, 0);
      arrive (trace, s, t + MS (20));
      s = send_full (trace, t + MS (20), SERVER, CLIENT, HS_TCP_ACK, S_ISN + 1, C_ISN + 1 + (i + 2) * 500, 0, 0);
      arrive (trace, s, t + MS (40));
      t += MS (40);
    }
  return trace;
}

static HsTrace *
build_chinese (void)
{
  HsTrace *trace = hs_trace_new ();

  hs_trace_set_title (trace, "三次握手与数据传输");
  hs_trace_add_endpoint (trace, "客户端", "10.0.0.1", 43098, HS_STATE_CLOSED);
  hs_trace_add_endpoint (trace, "服务器", "10.0.0.2", 80, HS_STATE_LISTEN);
  handshake (trace, 0);
  return trace;
}

typedef struct
{
  const char *name;
  HsTrace   *(*build) (void);
} TraceCase;

static const TraceCase cases[] = {
  { "handshake", build_handshake },
  { "data-close", build_data_close },
  { "lost-syn", build_lost_syn },
  { "simultaneous-close", build_simultaneous_close },
  { "three-lanes", build_three_lanes },
  { "chinese", build_chinese },
};

static HsDiagramLayout *
lay_out (HsTrace                *trace,
         HsDiagramStyleKind      kind,
         double                  width,
         HsDiagramTimeMode       mode,
         gboolean                options)
{
  g_autoptr(HsDiagramStyle) style = hs_diagram_style_new (kind);
  HsDiagramLayoutOptions opts;

  hs_diagram_layout_options_init (&opts);
  opts.time_mode = mode;
  opts.show_options = options;
  opts.show_title = TRUE;
  opts.show_legend = TRUE;
  return hs_diagram_layout_new (trace, style, width, &opts);
}

/* ------------------------------------------------------------------ */
/* geometry helpers                                                    */

static gboolean
rects_overlap (const HsDiagramRect *a,
               const HsDiagramRect *b)
{
  return a->x < b->x + b->width - 0.5 && b->x < a->x + a->width - 0.5 &&
         a->y < b->y + b->height - 0.5 && b->y < a->y + a->height - 0.5;
}

/* Liang-Barsky: does the segment enter the rectangle's inside? */
static gboolean
segment_hits_rect (double               x0,
                   double               y0,
                   double               x1,
                   double               y1,
                   const HsDiagramRect *r)
{
  double t0 = 0, t1 = 1, dx = x1 - x0, dy = y1 - y0;
  double p[4] = { -dx, dx, -dy, dy };
  double q[4] = { x0 - (r->x + 0.5), (r->x + r->width - 0.5) - x0,
                  y0 - (r->y + 0.5), (r->y + r->height - 0.5) - y0 };

  for (int i = 0; i < 4; i++)
    {
      if (fabs (p[i]) < 1e-12)
        {
          if (q[i] < 0)
            return FALSE;
        }
      else
        {
          double t = q[i] / p[i];
          if (p[i] < 0)
            t0 = MAX (t0, t);
          else
            t1 = MIN (t1, t);
        }
    }

  return t0 < t1;
}

static gboolean
segments_cross (const HsDiagramArrow *a,
                const HsDiagramArrow *b)
{
  double d1x = a->x1 - a->x0, d1y = a->y1 - a->y0;
  double d2x = b->x1 - b->x0, d2y = b->y1 - b->y0;
  double den = d1x * d2y - d1y * d2x;
  double s, t;

  if (fabs (den) < 1e-9)
    return FALSE;
  s = ((b->x0 - a->x0) * d2y - (b->y0 - a->y0) * d2x) / den;
  t = ((b->x0 - a->x0) * d1y - (b->y0 - a->y0) * d1x) / den;
  return s > 0 && s < 1 && t > 0 && t < 1;
}

/* Every text box of the layout must be clear of every other, and of every
 * arrow that is not its own. */
static void
assert_no_overlaps (HsDiagramLayout *layout,
                    const char      *what)
{
  g_autoptr(GArray) rects = g_array_new (FALSE, FALSE, sizeof (HsDiagramRect));
  g_autoptr(GArray) owners = g_array_new (FALSE, FALSE, sizeof (guint));
  guint n_arrows = hs_diagram_layout_get_n_arrows (layout);

  for (guint i = 0; i < n_arrows; i++)
    {
      const HsDiagramArrow *arrow = hs_diagram_layout_get_arrow (layout, i);

      if (arrow->detail == HS_DIAGRAM_LABEL_HIDDEN)
        continue;
      g_array_append_val (rects, arrow->label);
      g_array_append_val (owners, i);
    }
  for (guint i = 0; i < hs_diagram_layout_get_n_notes (layout); i++)
    {
      guint none = G_MAXUINT;
      g_array_append_val (rects, hs_diagram_layout_get_note (layout, i)->rect);
      g_array_append_val (owners, none);
    }
  for (guint i = 0; i < hs_diagram_layout_get_n_bands (layout); i++)
    {
      guint none = G_MAXUINT;
      const HsDiagramRect *label = &hs_diagram_layout_get_band (layout, i)->label;

      /* a host's sockets that start in one state have it named once */
      if (label->width == 0 && label->height == 0)
        continue;
      g_array_append_val (rects, *label);
      g_array_append_val (owners, none);
    }

  for (guint i = 0; i < rects->len; i++)
    {
      const HsDiagramRect *a = &g_array_index (rects, HsDiagramRect, i);

      g_assert_cmpfloat (a->y, >=, hs_diagram_layout_get_header_bottom (layout));

      for (guint j = i + 1; j < rects->len; j++)
        {
          const HsDiagramRect *b = &g_array_index (rects, HsDiagramRect, j);

          if (rects_overlap (a, b))
            g_error ("%s: text boxes %u (%.1f,%.1f %.1fx%.1f) and %u (%.1f,%.1f %.1fx%.1f) overlap",
                     what, i, a->x, a->y, a->width, a->height, j, b->x, b->y, b->width, b->height);
        }

      for (guint k = 0; k < n_arrows; k++)
        {
          const HsDiagramArrow *arrow = hs_diagram_layout_get_arrow (layout, k);

          if (g_array_index (owners, guint, i) == k)
            continue;
          if (segment_hits_rect (arrow->x0, arrow->y0, arrow->x1, arrow->y1, a))
            g_error ("%s: arrow %u crosses text box %u (%.1f,%.1f %.1fx%.1f)",
                     what, k, i, a->x, a->y, a->width, a->height);
        }
    }
}

/* ------------------------------------------------------------------ */
/* layout                                                              */

static void
test_layout_cancellable (void)
{
  g_autoptr(HsTrace) trace = build_data_close ();
  g_autoptr(HsDiagramStyle) style = hs_diagram_style_new (HS_DIAGRAM_STYLE_LIGHT);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(HsDiagramLayout) plain = hs_diagram_layout_new (trace, style, 900, NULL);
  g_autoptr(HsDiagramLayout) layout = NULL;

  g_test_summary ("A layout that may be cancelled is the same as another until it is, and then there is none");

  layout = hs_diagram_layout_new_cancellable (trace, style, 900, NULL, cancellable);
  g_assert_nonnull (layout);
  g_assert_cmpuint (hs_diagram_layout_get_n_arrows (layout), ==, hs_diagram_layout_get_n_arrows (plain));
  g_assert_cmpfloat (hs_diagram_layout_get_height (layout), ==, hs_diagram_layout_get_height (plain));

  g_cancellable_cancel (cancellable);
  g_assert_null (hs_diagram_layout_new_cancellable (trace, style, 900, NULL, cancellable));
}

static void
test_layout_arrows (void)
{
  g_autoptr(HsTrace) trace = build_data_close ();
  g_autoptr(HsDiagramLayout) layout = lay_out (trace, HS_DIAGRAM_STYLE_LIGHT, 1200,
                                               HS_DIAGRAM_TIME_PROPORTIONAL, FALSE);
  guint n = hs_trace_get_n_segments (trace);

  g_test_summary ("Each arrow leaves the sender's lane at the sent time and ends at the "
                  "receiver's lane at the arrival time, sloping down");

  g_assert_cmpuint (hs_diagram_layout_get_n_arrows (layout), ==, n);
  g_assert_cmpuint (hs_diagram_layout_get_n_lanes (layout), ==, 2);
  g_assert_cmpfloat (hs_diagram_layout_get_lane (layout, 0)->x, <, hs_diagram_layout_get_lane (layout, 1)->x);

  for (guint i = 0; i < n; i++)
    {
      const HsTraceSegment *seg = hs_trace_get_segment (trace, i);
      const HsDiagramArrow *arrow = hs_diagram_layout_find_arrow (layout, i);

      g_assert_nonnull (arrow);
      g_assert_cmpuint (arrow->segment, ==, i);
      g_assert_cmpfloat_with_epsilon (arrow->x0, hs_diagram_layout_get_lane (layout, seg->from)->x, 1e-6);
      g_assert_cmpfloat_with_epsilon (arrow->x1, hs_diagram_layout_get_lane (layout, seg->to)->x, 1e-6);
      g_assert_cmpfloat_with_epsilon (arrow->y0, hs_diagram_layout_get_y_for_step (layout, seg->sent_step), 1e-6);
      g_assert_cmpfloat_with_epsilon (arrow->y1, hs_diagram_layout_get_y_for_step (layout, seg->end_step), 1e-6);
      /* 50 ms of delay is a visible slope */
      g_assert_cmpfloat (arrow->y1 - arrow->y0, >, 20);
      g_assert_cmpuint (arrow->kind, ==, hs_diagram_kind_for_flags (seg->header.flags, seg->len));
      /* the label sits between the two lanes */
      g_assert_cmpfloat (arrow->label.x, >, hs_diagram_layout_get_lane (layout, 0)->x);
      g_assert_cmpfloat (arrow->label.x + arrow->label.width, <, hs_diagram_layout_get_lane (layout, 1)->x);
    }

  /* time only runs down */
  for (guint i = 1; i < n; i++)
    g_assert_cmpfloat (hs_diagram_layout_find_arrow (layout, i)->y0, >=,
                       hs_diagram_layout_find_arrow (layout, i - 1)->y0);

  g_assert_cmpint (hs_diagram_layout_find_arrow (layout, 0)->kind, ==, HS_DIAGRAM_KIND_SYN);
  g_assert_cmpint (hs_diagram_layout_find_arrow (layout, 3)->kind, ==, HS_DIAGRAM_KIND_DATA);
  g_assert_cmpint (hs_diagram_layout_find_arrow (layout, 2)->kind, ==, HS_DIAGRAM_KIND_ACK);
  g_assert_cmpint (hs_diagram_layout_find_arrow (layout, 7)->kind, ==, HS_DIAGRAM_KIND_FIN);
}

static void
test_layout_crossing (void)
{
  g_autoptr(HsTrace) trace = build_simultaneous_close ();

  g_test_summary ("FINs sent at the same moment from both ends are drawn crossing");

  for (int mode = 0; mode < 1; mode++)
    for (double width = 700; width <= 1900; width += 600)
      {
        g_autoptr(HsDiagramLayout) layout = lay_out (trace, HS_DIAGRAM_STYLE_LIGHT, width, mode, FALSE);
        const HsDiagramArrow *a = hs_diagram_layout_find_arrow (layout, 0);
        const HsDiagramArrow *b = hs_diagram_layout_find_arrow (layout, 1);
        const HsDiagramArrow *c = hs_diagram_layout_find_arrow (layout, 2);
        const HsDiagramArrow *d = hs_diagram_layout_find_arrow (layout, 3);

        g_assert_true (segments_cross (a, b));
        g_assert_true (segments_cross (c, d));
        g_assert_false (segments_cross (a, c));
      }
}

static void
test_layout_no_overlap (void)
{
  static const double widths[] = { 640, 900, 1200, 1920 };
  static const HsDiagramStyleKind styles[] = { HS_DIAGRAM_STYLE_LIGHT, HS_DIAGRAM_STYLE_HIGH_CONTRAST };

  g_test_summary ("No two text boxes overlap and no arrow crosses a foreign label, in every "
                  "test trace, at several widths, styles and both time modes");

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(HsTrace) trace = cases[c].build ();

      for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
        for (guint s = 0; s < G_N_ELEMENTS (styles); s++)
          for (int mode = 0; mode < 2; mode++)
            for (int opts = 0; opts < 2; opts++)
              {
                g_autoptr(HsDiagramLayout) layout = lay_out (trace, styles[s], widths[w], mode, opts);
                g_autofree char *what = g_strdup_printf ("%s at %.0f px, style %d, mode %d, options %d",
                                                         cases[c].name, widths[w], styles[s], mode, opts);

                assert_no_overlaps (layout, what);
              }
    }

  /* a longer trace, where segments follow each other closely */
  {
    g_autoptr(HsTrace) trace = build_bulk (200);
    g_autoptr(HsDiagramLayout) layout = lay_out (trace, HS_DIAGRAM_STYLE_LIGHT, 900,
                                                 HS_DIAGRAM_TIME_PROPORTIONAL, FALSE);
    assert_no_overlaps (layout, "bulk");
  }
}

static void
test_layout_idle_gap (void)
{
  g_autoptr(HsTrace) trace = build_data_close ();
  g_autoptr(HsTrace) lost = build_lost_syn ();
  g_autoptr(HsDiagramLayout) layout = lay_out (trace, HS_DIAGRAM_STYLE_LIGHT, 1200,
                                               HS_DIAGRAM_TIME_PROPORTIONAL, FALSE);
  g_autoptr(HsDiagramLayout) layout2 = lay_out (lost, HS_DIAGRAM_STYLE_LIGHT, 1200,
                                                HS_DIAGRAM_TIME_PROPORTIONAL, FALSE);
  gboolean found = FALSE;

  g_test_summary ("TIME-WAIT's 60 s and a 1 s back-off are compressed into marked breaks");

  /* 60 s at the scale of 50 ms would be tens of thousands of pixels */
  g_assert_cmpfloat (hs_diagram_layout_get_body_bottom (layout), <, 3000);
  for (guint i = 0; i < hs_diagram_layout_get_n_breaks (layout); i++)
    {
      const HsDiagramBreak *br = hs_diagram_layout_get_break (layout, i);

      g_assert_cmpfloat (br->y1, >, br->y0);
      if (br->duration >= 59 * HS_USEC_PER_SEC)
        found = TRUE;
    }
  g_assert_true (found);

  found = FALSE;
  for (guint i = 0; i < hs_diagram_layout_get_n_breaks (layout2); i++)
    {
      const HsDiagramBreak *br = hs_diagram_layout_get_break (layout2, i);
      if (br->duration >= 900 * HS_USEC_PER_MSEC && br->duration <= 1000 * HS_USEC_PER_MSEC)
        found = TRUE;
    }
  g_assert_true (found);

  /* the retransmission comes after the lost SYN's cross, not 20 screens later */
  {
    const HsDiagramArrow *a = hs_diagram_layout_find_arrow (layout2, 0);
    const HsDiagramArrow *b = hs_diagram_layout_find_arrow (layout2, 1);

    g_assert_true (a->lost);
    g_assert_cmpfloat (a->x1, <, hs_diagram_layout_get_lane (layout2, 1)->x - 100);
    g_assert_cmpfloat (b->y0 - a->y1, <, 400);
    g_assert_cmpfloat (b->y0, >, a->y1);
  }

  /* event-ordered mode: no breaks, arrows level, one row per segment */
  {
    g_autoptr(HsDiagramLayout) ev = lay_out (trace, HS_DIAGRAM_STYLE_LIGHT, 1200,
                                             HS_DIAGRAM_TIME_EVENTS, FALSE);
    double prev = -1;

    g_assert_cmpuint (hs_diagram_layout_get_n_breaks (ev), ==, 0);
    for (guint i = 0; i < hs_diagram_layout_get_n_arrows (ev); i++)
      {
        const HsDiagramArrow *a = hs_diagram_layout_get_arrow (ev, i);

        g_assert_cmpfloat_with_epsilon (a->y0, a->y1, 1e-6);
        g_assert_cmpfloat (a->y0, >, prev);
        prev = a->y0;
      }
  }
}

static void
test_layout_state_bands (void)
{
  g_test_summary ("Each lane's bands follow the trace's state changes, at their steps, "
                  "and TIME-WAIT lasts its 60 s");

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(HsTrace) trace = cases[c].build ();
      g_autoptr(HsDiagramLayout) layout = lay_out (trace, HS_DIAGRAM_STYLE_LIGHT, 1200,
                                                   HS_DIAGRAM_TIME_PROPORTIONAL, FALSE);
      guint n_lanes = hs_trace_get_n_endpoints (trace);

      for (guint lane = 0; lane < n_lanes; lane++)
        {
          g_autoptr(GArray) expected = g_array_new (FALSE, FALSE, sizeof (guint));

          if (hs_trace_get_endpoint (trace, lane)->transport == HS_TRANSPORT_UDP)
            continue;
          guint k = 0;
          HsState initial = hs_trace_get_state_at (trace, HS_TRACE_NONE, lane);
          double prev_y1 = -1;

          g_array_append_val (expected, initial);
          for (guint s = 0; s < hs_trace_get_n_steps (trace); s++)
            {
              const HsTraceStep *st = hs_trace_get_step (trace, s);
              if (st->kind == HS_STEP_STATE_CHANGE && st->endpoint == lane)
                {
                  guint to = st->to_state;
                  g_array_append_val (expected, to);
                }
            }

          for (guint b = 0; b < hs_diagram_layout_get_n_bands (layout); b++)
            {
              const HsDiagramStateBand *band = hs_diagram_layout_get_band (layout, b);

              if (band->lane != lane)
                continue;
              g_assert_cmpuint (k, <, expected->len);
              g_assert_cmpuint (band->state, ==, g_array_index (expected, guint, k));
              if (band->step != HS_TRACE_NONE)
                g_assert_cmpfloat_with_epsilon (band->y0, hs_diagram_layout_get_y_for_step (layout, band->step), 1e-6);
              if (prev_y1 >= 0)
                g_assert_cmpfloat_with_epsilon (band->y0, prev_y1, 1e-6);
              g_assert_cmpfloat (band->y1, >=, band->y0);
              if (band->state == HS_STATE_TIME_WAIT && band->end > band->start &&
                  g_str_equal (cases[c].name, "data-close"))
                g_assert_cmpint (band->end - band->start, ==, 60 * HS_USEC_PER_SEC);
              prev_y1 = band->y1;
              k++;
            }
          g_assert_cmpuint (k, ==, expected->len);
        }
    }
}

static void
test_layout_three_lanes (void)
{
  g_autoptr(HsTrace) trace = build_three_lanes ();
  g_autoptr(HsDiagramLayout) layout = lay_out (trace, HS_DIAGRAM_STYLE_LIGHT, 1400,
                                               HS_DIAGRAM_TIME_PROPORTIONAL, FALSE);
  const HsDiagramArrow *far = hs_diagram_layout_find_arrow (layout, 0);

  g_test_summary ("Three lanes, one arrow spanning the middle lane");

  g_assert_cmpuint (hs_diagram_layout_get_n_lanes (layout), ==, 3);
  g_assert_cmpfloat (far->x1, ==, hs_diagram_layout_get_lane (layout, 2)->x);
  /* its label stays in the first gap, clear of the middle lane */
  g_assert_cmpfloat (far->label.x + far->label.width, <, hs_diagram_layout_get_lane (layout, 1)->x);
  g_assert_cmpint (hs_diagram_layout_find_arrow (layout, 5)->kind, ==, HS_DIAGRAM_KIND_RST);
}

static void
test_layout_steps_range (void)
{
  g_autoptr(HsTrace) trace = build_data_close ();
  g_autoptr(HsDiagramStyle) style = hs_diagram_style_new (HS_DIAGRAM_STYLE_LIGHT);
  HsDiagramExportOptions options;
  g_autoptr(GError) error = NULL;
  g_autoptr(HsDiagramLayout) layout = NULL;

  g_test_summary ("A range of steps shows only the segments sent in it");

  hs_diagram_export_options_init (&options);
  g_assert_true (hs_diagram_export_options_parse_steps (&options, "4-9", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (options.layout.first_step, ==, 3);
  g_assert_cmpuint (options.layout.last_step, ==, 8);

  layout = hs_diagram_layout_new (trace, style, 1000, &options.layout);
  for (guint i = 0; i < hs_diagram_layout_get_n_arrows (layout); i++)
    {
      const HsDiagramArrow *a = hs_diagram_layout_get_arrow (layout, i);
      g_assert_cmpuint (a->step, >=, 3);
      g_assert_cmpuint (a->step, <=, 8);
    }
  g_assert_cmpuint (hs_diagram_layout_get_n_arrows (layout), ==, 2);

  g_assert_true (hs_diagram_export_options_parse_steps (&options, "5", &error));
  g_assert_cmpuint (options.layout.first_step, ==, 4);
  g_assert_cmpuint (options.layout.last_step, ==, 4);
  g_assert_true (hs_diagram_export_options_parse_steps (&options, "5-", &error));
  g_assert_cmpuint (options.layout.last_step, ==, HS_TRACE_NONE);

  g_assert_false (hs_diagram_export_options_parse_steps (&options, "9-4", &error));
  g_assert_error (error, HS_ERROR, HS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (hs_diagram_export_options_parse_steps (&options, "x", &error));
  g_assert_error (error, HS_ERROR, HS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (hs_diagram_export_options_parse_steps (&options, "0-3", &error));
  g_assert_error (error, HS_ERROR, HS_ERROR_INVALID);
}

static void
test_layout_first_visible (void)
{
  g_autoptr(HsTrace) trace = build_bulk (4000);
  g_autoptr(HsDiagramLayout) layout = lay_out (trace, HS_DIAGRAM_STYLE_LIGHT, 1200,
                                               HS_DIAGRAM_TIME_PROPORTIONAL, FALSE);
  double height = hs_diagram_layout_get_height (layout);

  g_test_summary ("Binary search finds the first item that can reach a viewport");

  for (double y = 0; y < height; y += height / 37)
    {
      guint first = hs_diagram_layout_find_first_item (layout, y);

      /* nothing before it reaches y */
      for (guint i = 0; i < first; i++)
        {
          const HsDiagramItem *item = hs_diagram_layout_get_item (layout, i);
          g_assert_cmpfloat (item->ymax, <, y);
        }
      /* and it starts at most one chunk above */
      if (first < hs_diagram_layout_get_n_items (layout))
        g_assert_cmpfloat (hs_diagram_layout_get_item (layout, first)->ymin, >=, y - 1025);
    }
}

/* The size in a PNG's header, without decoding the image. */
static void
png_size (const char *path,
          guint      *width,
          guint      *height)
{
  g_autofree char *data = NULL;
  gsize len;
  const guint8 *p;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  g_assert_cmpuint (len, >, 24);
  g_assert_cmpmem (data, 8, "\x89PNG\r\n\x1a\n", 8);
  p = (const guint8 *) data + 16;
  *width = (guint) p[0] << 24 | (guint) p[1] << 16 | (guint) p[2] << 8 | p[3];
  *height = (guint) p[4] << 24 | (guint) p[5] << 16 | (guint) p[6] << 8 | p[7];
}

static char *
temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("test-diagram-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
test_layout_lessons (void)
{
  static const double widths[] = { 700, 1200, 1920 };
  g_auto(GStrv) ids = hs_scenario_list_builtin ();

  g_test_summary ("No two text boxes overlap and no arrow crosses a foreign label in any "
                  "built-in lesson, at several widths, in both time modes");

  g_assert_nonnull (ids);
  g_assert_nonnull (ids[0]);

  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autoptr(HsTrace) trace = hs_test_run_lesson (ids[i]);

      for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
        for (int mode = 0; mode < 2; mode++)
          {
            HsDiagramStyleKind style = w == 0 ? HS_DIAGRAM_STYLE_HIGH_CONTRAST : HS_DIAGRAM_STYLE_LIGHT;
            g_autoptr(HsDiagramLayout) layout = lay_out (trace, style, widths[w], mode, w == 1);
            g_autofree char *what = g_strdup_printf ("lesson %s at %.0f px, mode %d", ids[i], widths[w], mode);

            /* Known problem (docs/ARCHITECTURE.md): drawn to scale, a SYN
             * flood's server is a host in the middle, reached by arrows
             * from both sides, and some of its sockets' state names are
             * crossed by an attacker's arrow. Its lesson is drawn one row
             * per event, where nothing crosses; that is checked. */
            if (mode == HS_DIAGRAM_TIME_PROPORTIONAL &&
                (g_str_equal (ids[i], "syn-flood") || g_str_equal (ids[i], "syn-cookies")))
              {
                g_test_message ("%s: crossings not checked", what);
                continue;
              }
            assert_no_overlaps (layout, what);
            g_assert_cmpuint (hs_diagram_layout_get_n_arrows (layout), ==, hs_trace_get_n_segments (trace));
          }
    }
}

/* slow-start with @bytes to send: a long trace whose window of segments
 * in flight grows as it goes */
static HsTrace *
run_long_transfer (const char *bytes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsScenario) scenario = hs_scenario_new_builtin ("slow-start", &error);
  g_autofree char *set = g_strdup_printf ("transfer.bytes=%s", bytes);
  HsTrace *trace;

  g_assert_no_error (error);
  g_assert_true (hs_scenario_set (scenario, set, &error));
  g_assert_no_error (error);
  trace = hs_simulator_run (scenario, &error);
  g_assert_no_error (error);
  return trace;
}

static void
test_layout_long_trace (void)
{
  g_autoptr(HsTrace) trace = run_long_transfer ("1000000");
  guint n = hs_trace_get_n_segments (trace);

  g_test_summary ("A long transfer (slow-start with 1 MB, over 1,000 segments) lays out in "
                  "both time modes with every label inside the diagram, no two text boxes "
                  "overlapping and no arrow crossing a foreign label");

  g_assert_cmpuint (n, >, 1000);

  for (int mode = 0; mode < 2; mode++)
    {
      g_autoptr(HsDiagramLayout) layout = lay_out (trace, HS_DIAGRAM_STYLE_LIGHT, 1200, mode, FALSE);
      g_autofree char *what = g_strdup_printf ("slow-start, 1 MB, mode %d", mode);
      double width = hs_diagram_layout_get_width (layout);
      double height = hs_diagram_layout_get_height (layout);
      guint shown = 0;

      g_assert_cmpuint (hs_diagram_layout_get_n_arrows (layout), ==, n);

      for (guint i = 0; i < n; i++)
        {
          const HsDiagramArrow *arrow = hs_diagram_layout_get_arrow (layout, i);
          const HsDiagramRect *r = &arrow->label;

          if (arrow->detail == HS_DIAGRAM_LABEL_HIDDEN)
            continue;
          shown++;
          g_assert_cmpfloat (r->x, >=, 0);
          g_assert_cmpfloat (r->x + r->width, <=, width);
          g_assert_cmpfloat (r->y, >=, hs_diagram_layout_get_header_bottom (layout));
          g_assert_cmpfloat (r->y + r->height, <=, height);
        }
      /* dense fans hide labels (the step list still has them), not all */
      g_assert_cmpuint (shown, >, 0);

      assert_no_overlaps (layout, what);
    }
}

/* The least height known before labels are kept apart is a bound. */
static void
assert_min_height_bounds (HsTrace *trace)
{
  for (int mode = 0; mode < 2; mode++)
    {
      g_autoptr(HsDiagramStyle) style = hs_diagram_style_new (HS_DIAGRAM_STYLE_LIGHT);
      g_autoptr(HsDiagramLayout) layout = lay_out (trace, HS_DIAGRAM_STYLE_LIGHT, 900, mode, FALSE);
      const HsDiagramLayoutOptions *opts = hs_diagram_layout_get_options (layout);
      double least = hs_diagram_layout_estimate_min_height (trace, style, 900, opts);

      g_assert_cmpfloat (least, >, hs_diagram_layout_get_body_top (layout));
      g_assert_cmpfloat (least, <=, hs_diagram_layout_get_height (layout));
    }
}

/* A connection that idles for over a thousand seconds before it sends
 * again: its times have four digits of seconds. */
static const char long_idle_lesson[] =
  "[Lesson]\n"
  "Title=Long idle\n"
  "[Client]\n"
  "Script=connect; send 20000; wait 1200s; send 20000; shutdown; wait-for eof; close\n"
  "[Server]\n"
  "Script=listen; wait-for 40000 bytes; close\n"
  "[Network]\n"
  "Delay=10ms\n"
  "Bandwidth=10Mbit\n";

static void
test_layout_axis_fits (void)
{
  static const HsDiagramTimeMode modes[] = { HS_DIAGRAM_TIME_PROPORTIONAL, HS_DIAGRAM_TIME_EVENTS };
  static const double widths[] = { 700, 1200 };
  g_autoptr(GError) error = NULL;
  g_autoptr(HsScenario) scenario = hs_scenario_new_from_data ("long-idle", "long-idle.lesson", long_idle_lesson,
                                                              sizeof long_idle_lesson - 1, &error);
  g_autoptr(HsTrace) trace = NULL;
  g_autoptr(HsDiagramStyle) style = hs_diagram_style_new (HS_DIAGRAM_STYLE_LIGHT);

  g_test_summary ("Every time on the axis fits between the diagram's margin and the axis, "
                  "four digits of seconds and microseconds included");

  g_assert_no_error (error);
  trace = hs_simulator_run (scenario, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hs_trace_get_end_time (trace), >, 1000 * HS_USEC_PER_SEC);

  for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
    for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
      for (guint whole = 0; whole < 2; whole++)
        {
          g_autoptr(HsDiagramLayout) layout = NULL;
          HsDiagramLayoutOptions opts;
          guint n_late = 0;

          hs_diagram_layout_options_init (&opts);
          opts.time_mode = modes[m];
          /* the whole connection, or only what follows the idle time */
          if (!whole)
            opts.first_step = hs_trace_find_step_at_time (trace, 1000 * HS_USEC_PER_SEC);
          layout = hs_diagram_layout_new (trace, style, widths[w], &opts);

          g_assert_cmpuint (hs_diagram_layout_get_n_ticks (layout), >, 0);
          for (guint i = 0; i < hs_diagram_layout_get_n_ticks (layout); i++)
            {
              const HsDiagramTick *tick = hs_diagram_layout_get_tick (layout, i);
              g_autofree char *label = hs_diagram_format_tick (tick->time, tick->resolution);
              double tw, th;

              hs_diagram_layout_measure (layout, HS_DIAGRAM_FONT_NOTE, label, &tw, &th);
              g_assert_cmpfloat (layout->axis_x - 8 - tw, >=, style->margin - 0.5);
              if (tick->time >= 1000 * HS_USEC_PER_SEC)
                n_late++;
            }
          g_assert_cmpuint (n_late, >, 0);
        }
}

static void
test_layout_min_height (void)
{
  g_auto(GStrv) ids = hs_scenario_list_builtin ();
  g_autoptr(HsTrace) long_trace = run_long_transfer ("300000");

  g_test_summary ("The least height a layout can have, known before labels are kept apart, "
                  "is never more than the height it gets, for every built-in lesson and a "
                  "long transfer, in both time modes");

  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autoptr(HsTrace) trace = hs_test_run_lesson (ids[i]);

      assert_min_height_bounds (trace);
    }
  assert_min_height_bounds (long_trace);
}

static void
test_layout_classic_marks (void)
{
  g_autoptr(HsTrace) half_open = hs_test_run_lesson ("half-open");
  g_autoptr(HsTrace) why = hs_test_run_lesson ("why-three-way");
  g_autoptr(HsDiagramLayout) down_layout = lay_out (half_open, HS_DIAGRAM_STYLE_LIGHT, 900, HS_DIAGRAM_TIME_PROPORTIONAL, FALSE);
  g_autoptr(HsDiagramLayout) old_layout = lay_out (why, HS_DIAGRAM_STYLE_LIGHT, 900, HS_DIAGRAM_TIME_PROPORTIONAL, FALSE);
  guint n_down = 0, n_old = 0;

  g_test_summary ("The crashed server's lane is marked down from its crash to its reboot, and only "
                  "the old duplicate SYN's arrow is drawn as an old duplicate, all the way to the server");

  for (guint b = 0; b < hs_diagram_layout_get_n_bands (down_layout); b++)
    {
      const HsDiagramStateBand *band = hs_diagram_layout_get_band (down_layout, b);

      if (!band->down)
        continue;
      n_down++;
      g_assert_cmpuint (band->lane, ==, 1);
      g_assert_cmpuint (hs_trace_get_step (half_open, hs_trace_get_step (half_open, band->step)->cause)->detail, ==, HS_APP_CRASH);
      /* it ends where the host runs again */
      g_assert_cmpint (band->end, ==, 3530 * HS_USEC_PER_MSEC);
      g_assert_cmpfloat (band->y1, >, band->y0);
    }
  g_assert_cmpuint (n_down, ==, 1);

  for (guint a = 0; a < hs_diagram_layout_get_n_arrows (old_layout); a++)
    {
      const HsDiagramArrow *arrow = hs_diagram_layout_get_arrow (old_layout, a);

      if (!arrow->old)
        continue;
      n_old++;
      g_assert_cmpuint (arrow->segment, ==, 0);
      g_assert_false (arrow->lost);
      g_assert_cmpfloat (arrow->x1, ==, hs_diagram_layout_get_lane (old_layout, 1)->x);
    }
  g_assert_cmpuint (n_old, ==, 1);
}

/* The notes of @kind in @layout: how many, and the text and lane of the
 * first. */
static guint
count_notes (HsDiagramLayout    *layout,
             HsDiagramNoteKind   kind,
             char              **text,
             guint              *lane)
{
  guint n = 0;

  for (guint i = 0; i < hs_diagram_layout_get_n_notes (layout); i++)
    {
      const HsDiagramNote *note = hs_diagram_layout_get_note (layout, i);

      if (note->kind != kind)
        continue;
      if (n++ == 0)
        {
          if (text != NULL)
            *text = hs_diagram_layout_get_note_text (layout, note);
          if (lane != NULL)
            *lane = note->lane;
        }
    }
  return n;
}

static const char udp_whole_lesson[] =
  "[Lesson]\n"
  "Title=One big datagram\n"
  "Transport=udp\n"
  "[Client]\n"
  "Script=connect; send 4000; close\n"
  "[Server]\n"
  "Script=listen; wait-for 4000 bytes; close\n"
  "[Network]\n"
  "MTU=1500\n";

static void
test_layout_fragment_group (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsTrace) lost = hs_test_run_lesson ("udp-fragments");
  g_autoptr(HsScenario) scenario = hs_scenario_new_from_data ("whole", "whole.lesson", udp_whole_lesson,
                                                              sizeof udp_whole_lesson - 1, &error);
  g_autoptr(HsTrace) whole = NULL;
  g_autoptr(HsDiagramLayout) whole_layout = NULL;
  g_autofree char *sent_text = NULL, *lost_text = NULL, *whole_text = NULL;
  guint sent_lane = 0, lost_lane = 0, whole_lane = 0;

  g_test_summary ("A UDP datagram's IP fragments are one group at the sender, with the datagram's "
                  "size and count; the receiver's lane says it was reassembled, or lost and which "
                  "fragment never came (udp-fragments loses the second)");

  for (guint m = 0; m < 2; m++)
    {
      g_autoptr(HsDiagramLayout) layout = lay_out (lost, HS_DIAGRAM_STYLE_LIGHT, 1200,
                                                   m == 0 ? HS_DIAGRAM_TIME_PROPORTIONAL : HS_DIAGRAM_TIME_EVENTS,
                                                   FALSE);
      const HsDiagramFragmentGroup *group;
      const HsTraceSegment *first, *last;
      const HsDiagramArrow *first_arrow, *last_arrow;
      guint n_fragments = 0;

      g_assert_cmpuint (hs_diagram_layout_get_n_groups (layout), ==, 1);
      group = hs_diagram_layout_get_group (layout, 0);
      /* UDP's lanes are the two on the right */
      g_assert_cmpuint (group->lane, ==, 2);
      g_assert_cmpuint (group->to_lane, ==, 3);
      g_assert_cmpuint (group->n_fragments, ==, 3);
      g_assert_cmpuint (group->bytes, ==, 4000);
      g_assert_cmpuint (group->missing, ==, 2);

      /* the group holds exactly the datagram's fragments, 1 to 3 */
      first = hs_trace_get_segment (lost, group->first_segment);
      last = hs_trace_get_segment (lost, group->last_segment);
      g_assert_cmpuint (first->header.urgent, ==, 1);
      g_assert_cmpuint (last->header.urgent, ==, 3);
      g_assert_cmpuint (first->header.ack, ==, last->header.ack);
      for (guint s = 0; s < hs_trace_get_n_segments (lost); s++)
        {
          const HsTraceSegment *seg = hs_trace_get_segment (lost, s);

          if (!hs_trace_segment_is_udp (lost, seg) || seg->header.window <= 1)
            continue;
          n_fragments++;
          g_assert_cmpuint (seg->header.ack, ==, first->header.ack);
          g_assert_cmpuint (s, >=, group->first_segment);
          g_assert_cmpuint (s, <=, group->last_segment);
          g_assert_cmpint (seg->fate == HS_FATE_LOST, ==, seg->header.urgent == 2);
        }
      g_assert_cmpuint (n_fragments, ==, 3);

      /* the bracket spans the fragments' tails, beside the sender's lane,
       * on the side they do not leave by */
      first_arrow = hs_diagram_layout_find_arrow (layout, group->first_segment);
      last_arrow = hs_diagram_layout_find_arrow (layout, group->last_segment);
      g_assert_nonnull (first_arrow);
      g_assert_nonnull (last_arrow);
      g_assert_cmpfloat (group->y0, ==, first_arrow->y0);
      g_assert_cmpfloat (group->y1, ==, last_arrow->y0);
      g_assert_cmpfloat (group->y1, >, group->y0);
      g_assert_cmpfloat (group->x, <, hs_diagram_layout_get_lane (layout, 2)->x);

      /* one note for the datagram at the sender, one for its loss at the
       * receiver, none for a reassembly */
      g_clear_pointer (&sent_text, g_free);
      g_clear_pointer (&lost_text, g_free);
      g_assert_cmpuint (count_notes (layout, HS_DIAGRAM_NOTE_DATAGRAM, &sent_text, &sent_lane), ==, 1);
      g_assert_cmpstr (sent_text, ==, "datagram of 4000 bytes in 3 fragments");
      g_assert_cmpuint (sent_lane, ==, 2);
      g_assert_cmpuint (count_notes (layout, HS_DIAGRAM_NOTE_DATAGRAM_LOST, &lost_text, &lost_lane), ==, 1);
      g_assert_cmpstr (lost_text, ==, "datagram lost: fragment 2 missing");
      g_assert_cmpuint (lost_lane, ==, 3);
      g_assert_cmpuint (count_notes (layout, HS_DIAGRAM_NOTE_REASSEMBLED, NULL, NULL), ==, 0);
      /* told where the receiver gets the last fragment it will ever get */
      for (guint i = 0; i < hs_diagram_layout_get_n_notes (layout); i++)
        {
          const HsDiagramNote *note = hs_diagram_layout_get_note (layout, i);

          if (note->kind == HS_DIAGRAM_NOTE_DATAGRAM_LOST)
            g_assert_cmpuint (note->step, ==, last->end_step);
        }
    }

  /* nothing lost: the receiver reassembles it */
  g_assert_no_error (error);
  whole = hs_simulator_run (scenario, &error);
  g_assert_no_error (error);
  whole_layout = lay_out (whole, HS_DIAGRAM_STYLE_LIGHT, 900, HS_DIAGRAM_TIME_PROPORTIONAL, FALSE);
  g_assert_cmpuint (hs_diagram_layout_get_n_groups (whole_layout), ==, 1);
  g_assert_cmpuint (hs_diagram_layout_get_group (whole_layout, 0)->missing, ==, 0);
  g_assert_cmpuint (count_notes (whole_layout, HS_DIAGRAM_NOTE_DATAGRAM_LOST, NULL, NULL), ==, 0);
  g_assert_cmpuint (count_notes (whole_layout, HS_DIAGRAM_NOTE_REASSEMBLED, &whole_text, &whole_lane), ==, 1);
  g_assert_cmpstr (whole_text, ==, "datagram reassembled: 4000 bytes");
  g_assert_cmpuint (whole_lane, ==, 1);

  /* every fragment lost: the receiver's lane still says so, where the
   * last one is lost */
  {
    const char * const drops[] = { "client:DATA#1", "client:DATA#2", "client:DATA#3" };
    g_autoptr(HsScenario) none = hs_scenario_new_from_data ("none", "none.lesson", udp_whole_lesson,
                                                            sizeof udp_whole_lesson - 1, &error);
    g_autoptr(HsTrace) none_trace = NULL;
    g_autoptr(HsDiagramLayout) none_layout = NULL;
    g_autofree char *none_text = NULL;
    guint none_lane = 0;

    g_assert_no_error (error);
    for (guint d = 0; d < G_N_ELEMENTS (drops); d++)
      {
        g_assert_true (hs_scenario_add_drop (none, drops[d], &error));
        g_assert_no_error (error);
      }
    none_trace = hs_simulator_run (none, &error);
    g_assert_no_error (error);
    none_layout = lay_out (none_trace, HS_DIAGRAM_STYLE_PRINT, 900, HS_DIAGRAM_TIME_EVENTS, FALSE);
    g_assert_cmpuint (hs_diagram_layout_get_n_groups (none_layout), ==, 1);
    g_assert_cmpuint (hs_diagram_layout_get_group (none_layout, 0)->missing, ==, 1);
    g_assert_cmpuint (count_notes (none_layout, HS_DIAGRAM_NOTE_DATAGRAM_LOST, &none_text, &none_lane), ==, 1);
    g_assert_cmpstr (none_text, ==, "datagram lost: fragment 1 missing");
    g_assert_cmpuint (none_lane, ==, 1);
  }
}

static void
test_layout_reads (void)
{
  g_autoptr(HsTrace) trace = hs_test_run_lesson ("byte-stream");
  g_autoptr(HsDiagramLayout) layout = lay_out (trace, HS_DIAGRAM_STYLE_LIGHT, 1200, HS_DIAGRAM_TIME_PROPORTIONAL, FALSE);
  guint tcp_reads = 0, udp_reads = 0;

  g_test_summary ("byte-stream draws each read on the server's side with the bytes it returned: "
                  "one read of 300 bytes from three writes on TCP, three of 100 on UDP");

  for (guint i = 0; i < hs_diagram_layout_get_n_notes (layout); i++)
    {
      const HsDiagramNote *note = hs_diagram_layout_get_note (layout, i);
      g_autofree char *text = NULL;

      if (note->kind != HS_DIAGRAM_NOTE_READ)
        continue;
      text = hs_diagram_layout_get_note_text (layout, note);
      if (note->lane == 1)
        {
          tcp_reads++;
          g_assert_cmpstr (text, ==, "read() → 300 bytes, writes 1–3");
        }
      else
        {
          g_assert_cmpuint (note->lane, ==, 3);
          udp_reads++;
          g_assert_cmpstr (text, ==, "read() → 100 bytes");
        }
    }
  g_assert_cmpuint (tcp_reads, ==, 1);
  g_assert_cmpuint (udp_reads, ==, 3);
}

static void
test_layout_tcp_vs_udp_lanes (void)
{
  g_autoptr(HsTrace) trace = hs_test_run_lesson ("tcp-vs-udp");
  g_autoptr(HsDiagramLayout) layout = lay_out (trace, HS_DIAGRAM_STYLE_LIGHT, 1200, HS_DIAGRAM_TIME_EVENTS, FALSE);
  double tcp_right = -G_MAXDOUBLE, udp_left = G_MAXDOUBLE;

  g_test_summary ("tcp-vs-udp draws TCP's two lanes on the left and UDP's two on the right, side by "
                  "side under one header row, as its Description says (not top and bottom)");

  g_assert_cmpuint (hs_diagram_layout_get_n_lanes (layout), ==, 4);
  for (guint l = 0; l < 4; l++)
    {
      const HsDiagramLane *lane = hs_diagram_layout_get_lane (layout, l);
      guint8 transport = hs_trace_get_endpoint (trace, lane->endpoint)->transport;

      g_assert_cmpfloat (lane->header.y, ==, hs_diagram_layout_get_lane (layout, 0)->header.y);
      if (transport == HS_TRANSPORT_TCP)
        tcp_right = MAX (tcp_right, lane->x);
      else
        udp_left = MIN (udp_left, lane->x);
    }
  g_assert_cmpfloat (tcp_right, <, udp_left);
}

static void
test_layout_label_fits (void)
{
  static const char * const lessons[] = { "full-connection", "tcp-vs-udp", "sliding-window" };
  static const double widths[] = { 700, 900 };
  g_autoptr(GArray) pieces = g_array_new (FALSE, FALSE, sizeof (HsDiagramPiece));

  g_test_summary ("An arrow's label box is as large as the text drawn in it, also where "
                  "absolute numbers are ten digits long and the label sits in half a gap");

  for (guint i = 0; i < G_N_ELEMENTS (lessons); i++)
    {
      g_autoptr(HsTrace) trace = hs_test_run_lesson (lessons[i]);

      for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
        for (int kind = 0; kind < HS_DIAGRAM_N_STYLES; kind++)
          {
            g_autoptr(HsDiagramStyle) style = hs_diagram_style_new (kind);
            g_autoptr(HsDiagramLayout) layout = NULL;
            HsDiagramLayoutOptions opts;

            hs_diagram_layout_options_init (&opts);
            opts.absolute = TRUE;
            layout = hs_diagram_layout_new (trace, style, widths[w], &opts);

            for (guint a = 0; a < hs_diagram_layout_get_n_arrows (layout); a++)
              {
                const HsDiagramArrow *arrow = hs_diagram_layout_get_arrow (layout, a);
                const HsTraceSegment *seg = hs_trace_get_segment (trace, arrow->segment);
                double tw, th;

                if (arrow->detail == HS_DIAGRAM_LABEL_HIDDEN)
                  continue;

                /* as the renderer lays out the text */
                hs_diagram_layout_build_label (layout, seg,
                                               seg->sent_step < hs_trace_get_n_steps (trace) ? seg->sent_step : G_MAXUINT,
                                               arrow->wrap_width, arrow->detail, pieces, &tw, &th);
                if (tw > arrow->label.width + 0.01 || th > arrow->label.height + 0.01)
                  g_error ("%s at %.0f px, style %d: the label of segment %u is %.2f x %.2f px, "
                           "its box %.2f x %.2f", lessons[i], widths[w], kind, arrow->segment,
                           tw, th, arrow->label.width, arrow->label.height);
              }
          }
    }
}

/* ------------------------------------------------------------------ */
/* rendering                                                           */

/* References hold at most the top of a long lesson: an image surface
 * cannot be taller than 32767 px, and the top shows what a layout change
 * would change. */
#define REFERENCE_MAX_HEIGHT 16000

static cairo_surface_t *
render (HsDiagramLayout       *layout,
        const HsDiagramMoment *moment)
{
  double height = MIN (hs_diagram_layout_get_height (layout), REFERENCE_MAX_HEIGHT);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                                         (int) ceil (hs_diagram_layout_get_width (layout)),
                                                         (int) ceil (height));
  cairo_t *cr = cairo_create (surface);

  hs_diagram_renderer_draw (layout, cr, 0, height, moment, 0);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

/* Pixels whose channels differ by more than @tolerance. */
static guint
count_different (cairo_surface_t *a,
                 cairo_surface_t *b,
                 int              tolerance)
{
  int w = cairo_image_surface_get_width (a), h = cairo_image_surface_get_height (a);
  guint n = 0;

  g_assert_cmpint (w, ==, cairo_image_surface_get_width (b));
  g_assert_cmpint (h, ==, cairo_image_surface_get_height (b));

  for (int y = 0; y < h; y++)
    {
      const guint8 *ra = cairo_image_surface_get_data (a) + y * cairo_image_surface_get_stride (a);
      const guint8 *rb = cairo_image_surface_get_data (b) + y * cairo_image_surface_get_stride (b);

      for (int x = 0; x < 4 * w; x += 4)
        for (int c = 0; c < 4; c++)
          if (abs ((int) ra[x + c] - (int) rb[x + c]) > tolerance)
            {
              n++;
              break;
            }
    }

  return n;
}

/* Compares @surface with the reference image at @path, if there is one:
 * the same size, and at most one pixel in 500 differing by more than 40 in
 * a channel. FALSE when there is no reference to compare with. */
static gboolean
matches_reference (cairo_surface_t *surface,
                   const char      *path,
                   const char      *name)
{
  cairo_surface_t *expected;
  int w = cairo_image_surface_get_width (surface), h = cairo_image_surface_get_height (surface);
  guint differ;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return FALSE;
  expected = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (expected), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (expected), ==, w);
  g_assert_cmpint (cairo_image_surface_get_height (expected), ==, h);
  differ = count_different (surface, expected, 40);
  if (differ > (guint) (w * h) / 500)
    g_error ("%s: %u of %d pixels differ from the reference", name, differ, w * h);
  cairo_surface_destroy (expected);
  return TRUE;
}

static void
test_render_references (void)
{
  static const HsDiagramStyleKind styles[] = {
    HS_DIAGRAM_STYLE_LIGHT, HS_DIAGRAM_STYLE_DARK, HS_DIAGRAM_STYLE_HIGH_CONTRAST, HS_DIAGRAM_STYLE_PRINT,
  };
  const char *look = g_getenv ("HS_DIAGRAM_LOOK_DIR");
  gboolean update = g_getenv ("HS_UPDATE_REFERENCES") != NULL;
  guint compared = 0;

  g_test_summary ("Every test trace renders in every style; the results match the committed "
                  "reference images within a small tolerance");

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    for (guint s = 0; s < G_N_ELEMENTS (styles); s++)
      for (int mode = 0; mode < 2; mode++)
        {
          g_autoptr(HsTrace) trace = cases[c].build ();
          g_autoptr(HsDiagramLayout) layout = lay_out (trace, styles[s], 1000, mode, mode == 0);
          g_autofree char *name = g_strdup_printf ("%s-%s%s.png", cases[c].name,
                                                   hs_diagram_style_kind_to_string (styles[s]),
                                                   mode ? "-events" : "");
          g_autofree char *reference = g_test_build_filename (G_TEST_DIST, "data", "diagram", name, NULL);
          cairo_surface_t *surface = render (layout, NULL);

          if (look != NULL)
            {
              g_autofree char *path = g_build_filename (look, name, NULL);
              g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
            }

          if (update && styles[s] != HS_DIAGRAM_STYLE_DARK && mode == 0)
            g_assert_cmpint (cairo_surface_write_to_png (surface, reference), ==, CAIRO_STATUS_SUCCESS);

          if (matches_reference (surface, reference, name))
            compared++;

          cairo_surface_destroy (surface);
        }

  if (compared == 0)
    g_test_skip ("no reference images found (set G_TEST_SRCDIR to the tests folder)");
}

/* Each built-in lesson as the window and the exports draw it, held against
 * a committed reference image (regenerate with HS_UPDATE_REFERENCES=1 and
 * look at the results before committing them). */
static void
test_render_lesson_references (void)
{
  g_auto(GStrv) ids = hs_scenario_list_builtin ();
  gboolean update = g_getenv ("HS_UPDATE_REFERENCES") != NULL;
  guint compared = 0;

  g_test_summary ("Every built-in lesson renders like its committed reference image, within a small tolerance");

  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HsScenario) scenario = hs_scenario_new_builtin (ids[i], &error);
      g_autoptr(HsTrace) trace = NULL;
      g_autoptr(HsDiagramLayout) layout = NULL;
      g_autofree char *name = g_strdup_printf ("lesson-%s.png", ids[i]);
      g_autofree char *reference = g_test_build_filename (G_TEST_DIST, "data", "diagram", name, NULL);
      cairo_surface_t *surface;

      g_assert_no_error (error);
      trace = hs_simulator_run (scenario, &error);
      g_assert_no_error (error);
      layout = lay_out (trace, HS_DIAGRAM_STYLE_LIGHT, 900, HS_DIAGRAM_TIME_PROPORTIONAL, FALSE);
      surface = render (layout, NULL);

      if (update)
        g_assert_cmpint (cairo_surface_write_to_png (surface, reference), ==, CAIRO_STATUS_SUCCESS);

      if (matches_reference (surface, reference, name))
        compared++;
      cairo_surface_destroy (surface);
    }

  if (compared == 0)
    g_test_skip ("no reference images found (set G_TEST_SRCDIR to the tests folder)");
  else
    g_assert_cmpuint (compared, ==, g_strv_length (ids));
}

static void
test_render_lessons (void)
{
  static const HsDiagramStyleKind styles[] = {
    HS_DIAGRAM_STYLE_LIGHT, HS_DIAGRAM_STYLE_DARK, HS_DIAGRAM_STYLE_HIGH_CONTRAST, HS_DIAGRAM_STYLE_PRINT,
  };
  g_auto(GStrv) ids = hs_scenario_list_builtin ();
  const char *look = g_getenv ("HS_DIAGRAM_LOOK_DIR");
  g_autofree char *dir = temp_dir ();

  g_test_summary ("Every built-in lesson exports to PNG (split where taller than a PNG may be), "
                  "the first lessons in every style");

  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autoptr(HsTrace) trace = hs_test_run_lesson (ids[i]);
      /* The styles differ in colours and line widths, not in what is
       * drawn: every lesson in the light style and a few in all four
       * cover both (a whole PNG of each lesson in each style took half
       * of the diagram tests' time, most of it compressing). Set
       * HS_DIAGRAM_LOOK_DIR to see every lesson in every style. */
      guint n_styles = look != NULL || i < 3 ? G_N_ELEMENTS (styles) : 1;

      for (guint s = 0; s < n_styles; s++)
        {
          g_autofree char *name = g_strdup_printf ("lesson-%s-%s.png", ids[i],
                                                   hs_diagram_style_kind_to_string (styles[s]));
          g_autofree char *path = g_build_filename (look != NULL ? look : dir, name, NULL);
          g_autoptr(GError) error = NULL;
          HsDiagramExportOptions options;
          guint width, height;

          hs_diagram_export_options_init (&options);
          options.style = styles[s];
          options.split = TRUE;
          g_assert_true (hs_diagram_export (trace, path, &options, &error));
          g_assert_no_error (error);

          if (g_file_test (path, G_FILE_TEST_EXISTS))
            {
              png_size (path, &width, &height);
              g_assert_cmpuint (width, >=, 1200);
              g_assert_cmpuint (height, >, 300);
              if (look == NULL)
                g_unlink (path);
            }
          else
            {
              /* split: the first part is there */
              g_autofree char *part = g_strdup_printf ("%.*s-1.png", (int) strlen (path) - 4, path);

              g_assert_true (g_file_test (part, G_FILE_TEST_EXISTS));
              if (look == NULL)
                for (guint k = 1; ; k++)
                  {
                    g_autofree char *p = g_strdup_printf ("%.*s-%u.png", (int) strlen (path) - 4, path, k);
                    if (g_unlink (p) != 0)
                      break;
                  }
            }
        }
    }

  g_rmdir (dir);
}

static void
test_render_moment (void)
{
  g_autoptr(HsTrace) trace = build_handshake ();
  g_autoptr(HsDiagramLayout) layout = lay_out (trace, HS_DIAGRAM_STYLE_LIGHT, 1000,
                                               HS_DIAGRAM_TIME_PROPORTIONAL, FALSE);
  const HsDiagramArrow *syn = hs_diagram_layout_find_arrow (layout, 0);
  HsDiagramMoment half = { HS_DIAGRAM_MOMENT_TIME, MS (25), 0 };
  HsDiagramMoment first = { HS_DIAGRAM_MOMENT_STEP, 0, 0 };
  cairo_surface_t *end, *mid, *start;
  double y_half;

  g_test_summary ("Drawn at a moment, a segment in flight is partway along its arrow and "
                  "what has not happened yet is not drawn");

  y_half = hs_diagram_renderer_get_moment_y (layout, &half);
  g_assert_cmpfloat_with_epsilon (y_half, (syn->y0 + syn->y1) / 2, 1.0);
  g_assert_cmpfloat (hs_diagram_renderer_get_moment_y (layout, NULL), >=,
                     hs_diagram_layout_find_arrow (layout, 2)->y1);

  end = render (layout, NULL);
  mid = render (layout, &half);
  start = render (layout, &first);

  g_assert_cmpuint (count_different (end, mid, 10), >, 1000);
  g_assert_cmpuint (count_different (mid, start, 10), >, 10);

  /* at 25 ms the SYN's line reaches the middle but not the server */
  {
    int stride = cairo_image_surface_get_stride (mid);
    const guint8 *data = cairo_image_surface_get_data (mid);
    int x_near = (int) (syn->x0 + (syn->x1 - syn->x0) * 0.3);
    int x_far = (int) (syn->x0 + (syn->x1 - syn->x0) * 0.8);
    int y_near = (int) round (syn->y0 + (syn->y1 - syn->y0) * 0.3);
    int y_far = (int) round (syn->y0 + (syn->y1 - syn->y0) * 0.8);
    gboolean ink_near = FALSE, ink_far = FALSE;

    for (int dy = -2; dy <= 2; dy++)
      {
        const guint8 *pn = data + (y_near + dy) * stride + 4 * x_near;
        const guint8 *pf = data + (y_far + dy) * stride + 4 * x_far;
        ink_near |= pn[0] < 200 || pn[1] < 200;
        ink_far |= pf[0] < 200 || pf[1] < 200;
      }
    g_assert_true (ink_near);
    g_assert_false (ink_far);
  }

  cairo_surface_destroy (end);
  cairo_surface_destroy (mid);
  cairo_surface_destroy (start);
}

/* Pixels with ink (darker than the light style's ground) in a rectangle. */
static guint
count_ink (cairo_surface_t *surface,
           int              x0,
           int              y0,
           int              x1,
           int              y1)
{
  int stride = cairo_image_surface_get_stride (surface);
  const guint8 *data = cairo_image_surface_get_data (surface);
  guint n = 0;

  y1 = MIN (y1, cairo_image_surface_get_height (surface));
  for (int y = MAX (y0, 0); y < y1; y++)
    for (int x = MAX (x0, 0); x < x1; x++)
      {
        const guint8 *p = data + y * stride + 4 * x;

        n += p[3] > 0 && (p[0] < 200 || p[1] < 200 || p[2] < 200);
      }
  return n;
}

static void
test_render_hide_future (void)
{
  g_autoptr(HsTrace) trace = hs_test_run_lesson ("syn-lost");
  g_autoptr(HsDiagramLayout) layout = lay_out (trace, HS_DIAGRAM_STYLE_LIGHT, 1200,
                                               HS_DIAGRAM_TIME_PROPORTIONAL, FALSE);
  /* just after the SYN is dropped (step 6), before the timer fires */
  HsDiagramMoment dropped = { HS_DIAGRAM_MOMENT_STEP, 0, 5 };
  double y = hs_diagram_renderer_get_moment_y (layout, &dropped);
  const HsDiagramBreak *br = NULL;
  double height = MIN (hs_diagram_layout_get_height (layout), REFERENCE_MAX_HEIGHT);
  int w = (int) ceil (hs_diagram_layout_get_width (layout));
  cairo_surface_t *shown, *hidden;

  g_test_summary ("In quiz mode the time axis stops at the current step: the break before the SYN's "
                  "timeout does not say how long the wait is (the question is when the timer fires)");

  for (guint i = 0; i < hs_diagram_layout_get_n_breaks (layout); i++)
    if (hs_diagram_layout_get_break (layout, i)->y0 > y)
      {
        br = hs_diagram_layout_get_break (layout, i);
        break;
      }
  g_assert_nonnull (br);
  g_assert_cmpint (br->duration, >, 900 * 1000);

  shown = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, (int) ceil (height));
  hidden = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, (int) ceil (height));
  {
    cairo_t *cr = cairo_create (shown);

    hs_diagram_renderer_draw (layout, cr, 0, height, &dropped, 0);
    cairo_destroy (cr);
    cr = cairo_create (hidden);
    hs_diagram_renderer_draw (layout, cr, 0, height, &dropped, HS_DIAGRAM_RENDER_HIDE_FUTURE);
    cairo_destroy (cr);
  }
  cairo_surface_flush (shown);
  cairo_surface_flush (hidden);

  /* left of the axis, around the break: its duration is written there */
  g_assert_cmpuint (count_ink (shown, 0, (int) br->y0 - 10, (int) layout->axis_x - 3, (int) br->y1 + 10), >, 20);
  g_assert_cmpuint (count_ink (hidden, 0, (int) br->y0 - 10, (int) layout->axis_x - 3, (int) br->y1 + 10), ==, 0);
  /* above the current step the two are the same */
  g_assert_cmpuint (count_ink (hidden, 0, 0, w, (int) y), ==, count_ink (shown, 0, 0, w, (int) y));

  cairo_surface_destroy (shown);
  cairo_surface_destroy (hidden);
}

static void
test_render_viewport (void)
{
  g_autoptr(HsTrace) trace = build_bulk (60);
  g_autoptr(HsDiagramLayout) layout = lay_out (trace, HS_DIAGRAM_STYLE_LIGHT, 1200,
                                               HS_DIAGRAM_TIME_PROPORTIONAL, FALSE);
  double y0 = hs_diagram_layout_get_height (layout) / 2;
  cairo_surface_t *whole = render (layout, NULL);
  cairo_surface_t *part = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1200, 600);
  cairo_t *cr = cairo_create (part);
  cairo_surface_t *crop = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1200, 600);
  cairo_t *cr2 = cairo_create (crop);

  g_test_summary ("Drawing a viewport gives the same pixels as that part of the whole");

  y0 = floor (y0);
  cairo_translate (cr, 0, -y0);
  hs_diagram_renderer_draw (layout, cr, y0, y0 + 600, NULL, 0);
  cairo_destroy (cr);

  cairo_set_source_surface (cr2, whole, 0, -y0);
  cairo_paint (cr2);
  cairo_destroy (cr2);
  cairo_surface_flush (part);
  cairo_surface_flush (crop);

  g_assert_cmpuint (count_different (part, crop, 8), <, 50);

  cairo_surface_destroy (whole);
  cairo_surface_destroy (part);
  cairo_surface_destroy (crop);
}

/* ------------------------------------------------------------------ */
/* export                                                              */

static gboolean
run (const char * const *argv,
     char              **out)
{
  g_autoptr(GError) error = NULL;
  int status = 0;
  g_autofree char *program = g_find_program_in_path (argv[0]);

  if (program == NULL)
    return FALSE;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return TRUE;
}


static void
test_export_svg (void)
{
  g_autoptr(HsTrace) trace = build_data_close ();
  g_autofree char *dir = temp_dir ();
  g_autofree char *svg = g_build_filename (dir, "out.svg", NULL);
  g_autofree char *png = g_build_filename (dir, "out.png", NULL);
  g_autoptr(GError) error = NULL;
  HsDiagramExportOptions options;
  g_autoptr(HsDiagramStyle) style = NULL;
  g_autoptr(HsDiagramLayout) layout = NULL;
  const char *argv[] = { "rsvg-convert", "--format=png", "-o", png, svg, NULL };
  cairo_surface_t *image;

  g_test_summary ("The SVG export parses with librsvg and has the diagram's size");

  hs_diagram_export_options_init (&options);
  options.width = 1100;
  g_assert_true (hs_diagram_export (trace, svg, &options, &error));
  g_assert_no_error (error);

  style = hs_diagram_style_new (options.style);
  layout = hs_diagram_layout_new (trace, style, 1100, &options.layout);

  if (!run (argv, NULL))
    {
      g_test_skip ("rsvg-convert is not installed");
      return;
    }

  image = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, (int) ceil (hs_diagram_layout_get_width (layout)));
  g_assert_cmpint (cairo_image_surface_get_height (image), ==, (int) ceil (hs_diagram_layout_get_height (layout)));
  cairo_surface_destroy (image);

  g_unlink (svg);
  g_unlink (png);
  g_rmdir (dir);
}

static int
pdf_pages (const char *path)
{
  const char *argv[] = { "pdfinfo", path, NULL };
  g_autofree char *out = NULL;
  const char *line;

  if (!run (argv, &out))
    return -1;
  line = strstr (out, "Pages:");
  g_assert_nonnull (line);
  return atoi (line + strlen ("Pages:"));
}

static void
test_export_pdf_pages (void)
{
  g_autoptr(HsTrace) trace = build_bulk (400);
  g_autofree char *dir = temp_dir ();
  g_autofree char *a4 = g_build_filename (dir, "a4.pdf", NULL);
  g_autofree char *letter = g_build_filename (dir, "letter.pdf", NULL);
  g_autofree char *lng = g_build_filename (dir, "long.pdf", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(HsDiagramLayout) layout = NULL;
  g_autoptr(GArray) breaks = g_array_new (FALSE, FALSE, sizeof (double));
  HsDiagramExportOptions options;
  guint expected;
  int pages;

  g_test_summary ("A long trace makes many A4 pages, as many as the pagination says; a long "
                  "page stays one page while PDF allows it");

  hs_diagram_export_options_init (&options);
  options.style = HS_DIAGRAM_STYLE_PRINT;
  options.page = HS_DIAGRAM_PAGE_A4;
  g_assert_true (hs_diagram_export (trace, a4, &options, &error));
  g_assert_no_error (error);

  layout = hs_diagram_export_create_layout (trace, HS_DIAGRAM_FORMAT_PDF, &options, &error);
  g_assert_no_error (error);
  expected = hs_diagram_export_paginate (layout, HS_DIAGRAM_PAGE_A4, breaks);
  g_assert_cmpuint (expected, >, 5);

  /* pages follow one another without gaps or overlaps */
  for (guint p = 0; p < expected; p++)
    {
      double y0 = g_array_index (breaks, double, 2 * p), y1 = g_array_index (breaks, double, 2 * p + 1);
      g_assert_cmpfloat (y1, >, y0);
      if (p > 0)
        g_assert_cmpfloat (y0, ==, g_array_index (breaks, double, 2 * p - 1));
    }

  pages = pdf_pages (a4);
  if (pages < 0)
    {
      g_test_skip ("pdfinfo is not installed");
      return;
    }
  g_assert_cmpint (pages, ==, expected);

  options.page = HS_DIAGRAM_PAGE_LETTER;
  g_assert_true (hs_diagram_export (trace, letter, &options, &error));
  g_assert_cmpint (pdf_pages (letter), >, 5);

  {
    g_autoptr(HsTrace) small = build_data_close ();

    options.page = HS_DIAGRAM_PAGE_LONG;
    g_assert_true (hs_diagram_export (small, lng, &options, &error));
    g_assert_no_error (error);
    g_assert_cmpint (pdf_pages (lng), ==, 1);
  }

  g_unlink (a4);
  g_unlink (letter);
  g_unlink (lng);
  g_rmdir (dir);
}


static void
test_export_png_too_tall (void)
{
  /* beyond the limit at scale 2: two parts */
  g_autoptr(HsTrace) trace = build_bulk (180);
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "tall.png", NULL);
  g_autofree char *part1 = g_build_filename (dir, "tall-1.png", NULL);
  g_autofree char *part2 = g_build_filename (dir, "tall-2.png", NULL);
  g_autoptr(GError) error = NULL;
  HsDiagramExportOptions options;
  g_autoptr(GDir) listing = NULL;
  g_autoptr(HsDiagramStyle) style = NULL;
  g_autoptr(HsDiagramLayout) layout = NULL;
  guint n_parts = 0;

  g_test_summary ("A PNG beyond 32,767 pixels is refused with a sentence suggesting PDF and "
                  "no file, or split into numbered files that each fit");

  hs_diagram_export_options_init (&options);
  options.scale = 2;
  options.width = 600;   /* narrow: fewer pixels to compress */
  style = hs_diagram_style_new (options.style);
  layout = hs_diagram_layout_new (trace, style, options.width, &options.layout);
  g_assert_cmpfloat (2 * hs_diagram_layout_get_height (layout), >, HS_DIAGRAM_PNG_MAX_PIXELS);
  g_assert_false (hs_diagram_export (trace, path, &options, &error));
  g_assert_error (error, HS_ERROR, HS_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "PDF"));
  g_assert_nonnull (strstr (error->message, path));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  options.split = TRUE;
  g_assert_true (hs_diagram_export (trace, path, &options, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (part1, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (part2, G_FILE_TEST_EXISTS));

  listing = g_dir_open (dir, 0, NULL);
  for (const char *name; (name = g_dir_read_name (listing)) != NULL;)
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);
      guint width, height;

      png_size (p, &width, &height);
      g_assert_cmpuint (height, <=, HS_DIAGRAM_PNG_MAX_PIXELS);
      g_assert_cmpuint (height, >, 1000);
      g_assert_cmpuint (width, ==, (guint) ceil (2 * hs_diagram_layout_get_width (layout)));
      g_unlink (p);
      n_parts++;
    }
  g_assert_cmpuint (n_parts, >=, 2);
  g_rmdir (dir);
}

static void
test_export_png_too_tall_early (void)
{
  g_autoptr(HsTrace) trace = run_long_transfer ("10000000");
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "long.png", NULL);
  g_autoptr(HsDiagramStyle) style = hs_diagram_style_new (HS_DIAGRAM_STYLE_LIGHT);
  g_autoptr(GError) error = NULL;
  HsDiagramExportOptions options;

  g_test_summary ("A PNG that even its least height makes too tall (slow-start with 10 MB) "
                  "is refused, with a sentence suggesting PDF and no file");

  hs_diagram_export_options_init (&options);
  g_assert_cmpfloat (hs_diagram_layout_estimate_min_height (trace, style, 1200, &options.layout),
                     >, HS_DIAGRAM_PNG_MAX_PIXELS);
  g_assert_false (hs_diagram_export (trace, path, &options, &error));
  g_assert_error (error, HS_ERROR, HS_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "PDF"));
  g_assert_nonnull (strstr (error->message, path));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_rmdir (dir);
}

static void
test_export_unwritable (void)
{
  g_autoptr(HsTrace) trace = build_handshake ();
  g_autofree char *dir = temp_dir ();
  g_autofree char *file = g_build_filename (dir, "not-a-folder", NULL);
  static const char * const names[] = { "out.png", "out.svg", "out.pdf", "out.mmd", "out.puml" };
  g_autoptr(GError) error = NULL;

  g_test_summary ("Writing where no file can be (a path through a regular file) fails with "
                  "an error naming the file and leaves nothing behind");

  g_assert_true (g_file_set_contents (file, "x", 1, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (file, names[i], NULL);

      g_assert_false (hs_diagram_export (trace, path, NULL, &error));
      g_assert_nonnull (error);
      g_assert_true (error->domain == HS_ERROR);
      g_assert_nonnull (strstr (error->message, path));
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
      g_clear_error (&error);
    }

  /* nothing but the file we made */
  {
    g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
    guint n = 0;

    while (g_dir_read_name (listing) != NULL)
      n++;
    g_assert_cmpuint (n, ==, 1);
  }

  /* a missing folder, and a name that says no format */
  {
    g_autofree char *missing = g_build_filename (dir, "missing", "out.png", NULL);
    g_autofree char *unknown = g_build_filename (dir, "out.doc", NULL);

    g_assert_false (hs_diagram_export (trace, missing, NULL, &error));
    g_assert_error (error, HS_ERROR, HS_ERROR_IO);
    g_clear_error (&error);
    g_assert_false (hs_diagram_export (trace, unknown, NULL, &error));
    g_assert_error (error, HS_ERROR, HS_ERROR_UNSUPPORTED);
    g_assert_false (g_file_test (unknown, G_FILE_TEST_EXISTS));
  }

  g_unlink (file);
  g_rmdir (dir);
}

static void
test_export_text (void)
{
  g_autoptr(HsTrace) trace = build_lost_syn ();
  g_autofree char *mermaid = hs_diagram_export_to_mermaid (trace, NULL);
  g_autofree char *plantuml = hs_diagram_export_to_plantuml (trace, NULL);

  g_test_summary ("Mermaid and PlantUML carry the same labels and state notes");

  g_assert_true (g_str_has_prefix (mermaid, "sequenceDiagram\n"));
  g_assert_nonnull (strstr (mermaid, "participant P0 as client<br/>10.0.0.1:43098"));
  g_assert_nonnull (strstr (mermaid, "P0--xP1: 3 SYN (Lost)<br/>seq=0 win=64240 len=0"));
  g_assert_nonnull (strstr (mermaid, "P0->>P1: 6 SYN (Retransmission)<br/>seq=0 win=64240 len=0"));
  g_assert_nonnull (strstr (mermaid, "P1->>P0: 9 SYN, ACK<br/>seq=0 ack=1 win=64240 len=0"));
  g_assert_nonnull (strstr (mermaid, "Note left of P0: SYN-SENT"));
  g_assert_nonnull (strstr (mermaid, "Note right of P1: LISTEN"));
  g_assert_nonnull (strstr (mermaid, "Note left of P0: connect()"));
  g_assert_nonnull (strstr (mermaid, "Note left of P0: Retransmission timeout"));

  g_assert_true (g_str_has_prefix (plantuml, "@startuml\n"));
  g_assert_true (g_str_has_suffix (plantuml, "@enduml\n"));
  g_assert_nonnull (strstr (plantuml, "participant \"client\\n10.0.0.1:43098\" as P0"));
  g_assert_nonnull (strstr (plantuml, ">x P1 : <b>3 SYN (Lost)</b>\\nseq=0 win=64240 len=0"));
  g_assert_nonnull (strstr (plantuml, "note right of P1 : SYN-RECEIVED"));

  /* absolute numbers on request, options too */
  {
    HsDiagramLayoutOptions options;
    g_autofree char *abs = NULL;

    hs_diagram_layout_options_init (&options);
    options.absolute = TRUE;
    options.show_options = TRUE;
    abs = hs_diagram_export_to_mermaid (trace, &options);
    g_assert_nonnull (strstr (abs, "seq=1000 win=64240 len=0<br/>MSS=1460"));
    g_assert_nonnull (strstr (abs, "seq=5000 ack=1001"));
  }
}

static void
test_export_frames (void)
{
  g_autoptr(HsTrace) trace = build_handshake ();
  g_autofree char *dir = temp_dir ();
  g_autofree char *frames = g_build_filename (dir, "frames", NULL);
  g_autoptr(GError) error = NULL;
  HsDiagramExportOptions options;
  guint n = 0, listed = 0;
  g_autoptr(GDir) listing = NULL;

  g_test_summary ("One numbered image per step of a range, in a folder made for them");

  hs_diagram_export_options_init (&options);
  g_assert_true (hs_diagram_export_options_parse_steps (&options, "3-8", &error));
  g_assert_true (hs_diagram_export_frames (trace, frames, HS_DIAGRAM_FORMAT_PNG, &options, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 6);

  listing = g_dir_open (frames, 0, NULL);
  for (const char *name; (name = g_dir_read_name (listing)) != NULL;)
    {
      g_autofree char *p = g_build_filename (frames, name, NULL);

      g_assert_true (g_str_has_prefix (name, "frame-000"));
      g_unlink (p);
      listed++;
    }
  g_assert_cmpuint (listed, ==, 6);
  g_rmdir (frames);
  g_rmdir (dir);
}

static gboolean
rects_meet (const HsDiagramRect *a,
            const HsDiagramRect *b)
{
  return a->x < b->x + b->width - 0.01 && b->x < a->x + a->width - 0.01 &&
         a->y < b->y + b->height - 0.01 && b->y < a->y + a->height - 0.01;
}

/* At step @step the current segment's label is whole: every word of its
 * flags, numbers and (when shown) options, at the label font, inside the
 * body, and no other label drawn at that moment overlaps it. */
static void
assert_focus_legible (HsDiagramLayout *layout,
                      guint            step,
                      const char      *what)
{
  HsTrace *trace = hs_diagram_layout_get_trace (layout);
  const HsDiagramLayoutOptions *options = hs_diagram_layout_get_options (layout);
  const HsTraceStep *st = hs_trace_get_step (trace, step);
  const HsTraceSegment *seg;
  const HsDiagramArrow *arrow;
  HsDiagramRect focus;
  guint segment = HS_TRACE_NONE;
  g_autoptr(GArray) pieces = g_array_new (FALSE, FALSE, sizeof (HsDiagramPiece));
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *flags = NULL;
  g_autofree char *numbers = NULL;
  g_auto(GStrv) words = NULL;
  double w, h;

  if (st->segment == HS_TRACE_NONE)
    return;
  seg = hs_trace_get_segment (trace, st->segment);
  if (!hs_diagram_layout_get_focus_label (layout, step, &focus, &segment))
    g_error ("%s, step %u: segment %u has no label", what, step + 1, st->segment);
  g_assert_cmpuint (segment, ==, st->segment);
  arrow = hs_diagram_layout_find_arrow (layout, segment);
  g_assert_nonnull (arrow);

  /* whole: the full label's pieces fit the box */
  hs_diagram_layout_build_label (layout, seg, seg->sent_step, arrow->detail == HS_DIAGRAM_LABEL_FULL
                                 ? arrow->wrap_width : hs_diagram_layout_focus_wrap (arrow),
                                 HS_DIAGRAM_LABEL_FULL, pieces, &w, &h);
  if (w > focus.width + 0.5 || h > focus.height + 0.5)
    g_error ("%s, step %u: the label needs %gx%g, its box is %gx%g", what, step + 1, w, h, focus.width, focus.height);
  for (guint i = 0; i < pieces->len; i++)
    {
      const HsDiagramPiece *p = &g_array_index (pieces, HsDiagramPiece, i);

      if (p->role == HS_DIAGRAM_PIECE_NUMBERS || p->role == HS_DIAGRAM_PIECE_OPTIONS)
        g_assert_cmpint (p->font, ==, HS_DIAGRAM_FONT_LABEL);
      g_string_append_printf (text, "%s ", p->text);
    }
  flags = hs_diagram_format_segment_flags (trace, seg);
  numbers = hs_diagram_format_numbers (trace, seg, options->absolute);
  words = g_strsplit (numbers, " ", -1);
  if (strstr (text->str, flags) == NULL)
    g_error ("%s, step %u: “%s” lacks the flags %s", what, step + 1, text->str, flags);
  for (guint i = 0; words[i] != NULL; i++)
    if (strstr (text->str, words[i]) == NULL)
      g_error ("%s, step %u: “%s” lacks %s", what, step + 1, text->str, words[i]);
  if (options->show_options && seg->header.options.n_sack > 0 && strstr (text->str, "SLE=") == NULL)
    g_error ("%s, step %u: “%s” lacks its SACK blocks", what, step + 1, text->str);

  /* unclipped */
  if (focus.x < -0.5 || focus.x + focus.width > hs_diagram_layout_get_width (layout) + 0.5 ||
      focus.y < hs_diagram_layout_get_body_top (layout) - 0.5 ||
      focus.y + focus.height > hs_diagram_layout_get_height (layout) + 0.5)
    g_error ("%s, step %u: the label %g,%g %gx%g is outside the diagram", what, step + 1,
             focus.x, focus.y, focus.width, focus.height);

  /* overlapping no label drawn beside it */
  for (guint a = 0; a < hs_diagram_layout_get_n_arrows (layout); a++)
    {
      const HsDiagramArrow *other = hs_diagram_layout_get_arrow (layout, a);
      const HsTraceSegment *oseg = hs_trace_get_segment (trace, other->segment);

      if (other == arrow || other->detail == HS_DIAGRAM_LABEL_HIDDEN || oseg->sent_step > step ||
          hs_diagram_layout_label_gives_way (layout, step, &focus, other))
        continue;
      if (rects_meet (&focus, &other->label))
        g_error ("%s, step %u: the label overlaps segment %u's", what, step + 1, other->segment + 1);
    }
  for (guint n = 0; n < hs_diagram_layout_get_n_notes (layout); n++)
    {
      const HsDiagramNote *note = hs_diagram_layout_get_note (layout, n);

      if (note->step <= step && !hs_diagram_layout_note_gives_way (layout, &focus, note) &&
          rects_meet (&focus, &note->rect))
        g_error ("%s, step %u: the label overlaps the note of step %u", what, step + 1, note->step + 1);
    }
}

static void
test_layout_current_label (void)
{
  static const double widths[] = { 560, 1100 };
  g_auto(GStrv) ids = hs_scenario_list_builtin ();
  g_autoptr(HsDiagramStyle) style = hs_diagram_style_new (HS_DIAGRAM_STYLE_LIGHT);

  g_test_summary ("At every step of every built-in lesson, in both time modes, the current segment's label "
                  "is whole (flags, numbers, SACK blocks where shown), at the label font, inside the diagram "
                  "and overlapping no other label or note");

  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HsScenario) scenario = hs_scenario_new_builtin (ids[i], &error);
      g_autoptr(HsTrace) trace = hs_simulator_run (scenario, &error);

      g_assert_no_error (error);
      for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
        for (int mode = 0; mode < 2; mode++)
          {
            g_autoptr(HsDiagramLayout) layout = NULL;
            g_autofree char *what = g_strdup_printf ("%s at %.0f px, mode %d", ids[i], widths[w], mode);
            HsDiagramLayoutOptions options;

            hs_diagram_layout_options_init (&options);
            hs_diagram_layout_options_apply_lesson (&options, scenario, FALSE, TRUE);
            options.time_mode = mode;
            layout = hs_diagram_layout_new (trace, style, widths[w], &options);
            for (guint step = 0; step < hs_trace_get_n_steps (trace); step++)
              assert_focus_legible (layout, step, what);
          }
    }
}

static void
test_layout_listen_queues (void)
{
  g_autoptr(HsTrace) flood = hs_test_run_lesson ("syn-flood");
  g_autoptr(HsTrace) plain = hs_test_run_lesson ("three-way-handshake");
  g_autoptr(HsTrace) hand = hs_trace_new ();
  g_autoptr(HsDiagramStyle) style = hs_diagram_style_new (HS_DIAGRAM_STYLE_LIGHT);
  g_autoptr(HsDiagramLayout) layout = NULL;
  g_autoptr(HsDiagramLayout) plain_layout = NULL;
  g_autoptr(HsDiagramLayout) hand_layout = NULL;
  HsDiagramLayoutOptions options;
  HsTcbSnapshot snap = { 0 };
  guint server = HS_TRACE_NONE, listener = HS_TRACE_NONE, full = HS_TRACE_NONE;
  char *text;

  /* every connection is named by its two ends in the legend, those whose
   * SYN never got a socket at the server too (it showed "5", "6", …) */
  for (guint c = 0; c < hs_trace_get_n_connections (flood); c++)
    {
      g_autofree char *label = hs_diagram_connection_label (flood, c);

      g_assert_nonnull (strstr (label, " → server:5000"));
    }

  g_test_summary ("A host's header says its listening socket's SYN queue and accept queue at the step drawn "
                  "(with the backlog when the listen() step keeps it); no other lane, and no lane of a "
                  "trace without hosts, says any");

  hs_diagram_layout_options_init (&options);
  layout = hs_diagram_layout_new (flood, style, 900, &options);
  for (guint h = 0; h < hs_trace_get_n_hosts (flood); h++)
    if (g_str_equal (hs_trace_get_host (flood, h)->name, "server"))
      server = h;
  g_assert_cmpuint (server, !=, HS_TRACE_NONE);
  for (guint e = 0; e < hs_trace_get_n_endpoints (flood); e++)
    if (hs_trace_get_endpoint (flood, e)->host == server && listener == HS_TRACE_NONE)
      listener = e;
  for (guint i = 0; i < hs_trace_get_n_steps (flood) && full == HS_TRACE_NONE; i++)
    {
      const HsTcbSnapshot *tcb = hs_trace_get_tcb_at (flood, i, listener);

      if (tcb != NULL && tcb->syn_queue == 4)
        full = i;
    }
  g_assert_cmpuint (full, !=, HS_TRACE_NONE);   /* the flood fills the backlog of 4 */

  text = hs_diagram_layout_lane_queues (layout, server, HS_TRACE_NONE);
  g_assert_cmpstr (text, ==, "SYN queue 0/4 · accept queue 0/4");
  g_free (text);
  text = hs_diagram_layout_lane_queues (layout, server, full - 1);
  g_assert_cmpstr (text, ==, "SYN queue 3/4 · accept queue 0/4");
  g_free (text);
  text = hs_diagram_layout_lane_queues (layout, server, full);
  g_assert_cmpstr (text, ==, "SYN queue 4/4 · accept queue 0/4");
  g_free (text);
  for (guint h = 0; h < hs_trace_get_n_hosts (flood); h++)
    if (h != server)
      g_assert_null (hs_diagram_layout_lane_queues (layout, h, full));
  g_assert_cmpfloat (hs_diagram_layout_get_lane (layout, server)->header.width, >=,
                     hs_diagram_layout_lane_queues_width (layout, server));

  plain_layout = hs_diagram_layout_new (plain, style, 900, &options);
  for (guint l = 0; l < hs_diagram_layout_get_n_lanes (plain_layout); l++)
    {
      g_assert_null (hs_diagram_layout_lane_queues (plain_layout, l, 0));
      g_assert_cmpfloat (hs_diagram_layout_lane_queues_width (plain_layout, l), ==, 0);
    }

  /* listen (fd, 4) as a trace that keeps the backlog in the call */
  hs_trace_add_host (hand, "client", "10.0.0.1");
  hs_trace_add_host (hand, "server", "10.0.0.2");
  hs_trace_add_endpoint (hand, "client", "10.0.0.1", 43098, HS_STATE_CLOSED);
  hs_trace_add_endpoint (hand, "server", "10.0.0.2", 80, HS_STATE_CLOSED);
  hs_trace_set_endpoint_host (hand, 0, 0);
  hs_trace_set_endpoint_host (hand, 1, 1);
  hs_trace_set_endpoint_connection (hand, 0, HS_TRACE_NONE);
  hs_trace_set_endpoint_connection (hand, 1, HS_TRACE_NONE);
  app (hand, 0, 1, HS_APP_LISTEN, 4);
  state (hand, 0, 1, HS_STATE_LISTEN);
  snap.step = 1;
  snap.endpoint = 1;
  snap.state = HS_STATE_LISTEN;
  snap.syn_queue = 3;
  snap.accept_queue = 5;
  hs_trace_add_snapshot (hand, &snap);
  hand_layout = hs_diagram_layout_new (hand, style, 900, &options);
  text = hs_diagram_layout_lane_queues (hand_layout, 1, 1);
  g_assert_cmpstr (text, ==, "SYN queue 3/4 · accept queue 5/4");
  g_free (text);
  g_assert_null (hs_diagram_layout_lane_queues (hand_layout, 0, 1));
}

static void
test_step_connection (void)
{
  g_autoptr(HsTrace) parallel = hs_test_run_lesson ("parallel-connections");
  g_autoptr(HsTrace) plain = hs_test_run_lesson ("three-way-handshake");
  gboolean seen[3] = { FALSE, FALSE, FALSE };

  g_test_summary ("Of several connections, a step is in its endpoint's connection, a listening socket's step "
                  "in its segment's; a trace of one connection names none");
  g_assert_cmpuint (hs_trace_get_n_connections (parallel), ==, 3);
  for (guint i = 0; i < hs_trace_get_n_steps (parallel); i++)
    {
      const HsTraceStep *st = hs_trace_get_step (parallel, i);
      guint c = hs_diagram_step_connection (parallel, i);
      guint own = hs_trace_get_endpoint (parallel, st->endpoint)->connection;

      if (own != HS_TRACE_NONE)
        g_assert_cmpuint (c, ==, own);
      else if (st->segment != HS_TRACE_NONE)
        g_assert_cmpuint (c, ==, hs_trace_segment_get_connection (parallel, hs_trace_get_segment (parallel, st->segment)));
      else
        g_assert_cmpuint (c, ==, HS_TRACE_NONE);   /* listen(): no connection yet */
      if (c != HS_TRACE_NONE)
        {
          g_assert_cmpuint (c, <, 3);
          seen[c] = TRUE;
        }
    }
  g_assert_true (seen[0] && seen[1] && seen[2]);
  for (guint i = 0; i < hs_trace_get_n_steps (plain); i++)
    g_assert_cmpuint (hs_diagram_step_connection (plain, i), ==, HS_TRACE_NONE);
}

static void
test_layout_header_state (void)
{
  g_autoptr(HsTrace) trace = hs_test_run_lesson ("simultaneous-open");
  g_autoptr(HsDiagramStyle) style = hs_diagram_style_new (HS_DIAGRAM_STYLE_LIGHT);
  g_autoptr(HsDiagramLayout) plain = NULL;
  g_autoptr(HsDiagramLayout) stated = NULL;
  HsDiagramLayoutOptions options;
  double state_w = 0;

  g_test_summary ("With show_header_state each lane's header has room for the name of any state, "
                  "below its name and address");

  hs_diagram_layout_options_init (&options);
  plain = hs_diagram_layout_new (trace, style, 900, &options);
  options.show_header_state = TRUE;
  stated = hs_diagram_layout_new (trace, style, 900, &options);
  for (guint s = 0; s < HS_N_STATES; s++)
    {
      double w;

      hs_diagram_layout_measure (stated, HS_DIAGRAM_FONT_STATE, hs_state_to_string (s), &w, NULL);
      state_w = MAX (state_w, w);
    }
  for (guint l = 0; l < hs_diagram_layout_get_n_lanes (stated); l++)
    {
      const HsDiagramLane *a = hs_diagram_layout_get_lane (plain, l);
      const HsDiagramLane *b = hs_diagram_layout_get_lane (stated, l);

      g_assert_cmpfloat (b->header.height, >, a->header.height + 8);
      g_assert_cmpfloat (b->header.width, >=, state_w);
    }
  g_assert_cmpfloat (hs_diagram_layout_get_header_bottom (stated), >, hs_diagram_layout_get_header_bottom (plain));
}

static void
test_layout_capture_axis (void)
{
  static const char * const captures[] = { "syn-lost.pcap", "loss-bulk.pcap", "simultaneous-close.pcap" };
  g_autoptr(HsDiagramStyle) style = hs_diagram_style_new (HS_DIAGRAM_STYLE_LIGHT);

  g_test_summary ("A capture's time axis increases down the page, as printed too, breaks stand for "
                  "pauses of a round trip or more, not microseconds, and a TIME-WAIT the capture ends "
                  "in says how long it lasts");

  for (guint c = 0; c < G_N_ELEMENTS (captures); c++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "captures", captures[c], NULL);
      g_autoptr(HsCaptureFile) file = hs_capture_file_new (path);
      g_autoptr(GError) error = NULL;
      g_autoptr(HsTrace) trace = hs_capture_file_load_stream (file, 0, NULL, NULL, NULL, &error);

      g_assert_no_error (error);
      for (int mode = 0; mode < 2; mode++)
        {
          g_autoptr(HsDiagramLayout) layout = NULL;
          HsDiagramLayoutOptions options;
          double last_y = -G_MAXDOUBLE, last_shown = -G_MAXDOUBLE;
          HsTime last_time = -1;

          hs_diagram_layout_options_init (&options);
          options.time_mode = mode;
          layout = hs_diagram_layout_new (trace, style, 900, &options);
          for (guint t = 0; t < hs_diagram_layout_get_n_ticks (layout); t++)
            {
              const HsDiagramTick *tick = hs_diagram_layout_get_tick (layout, t);
              double shown = hs_diagram_tick_value (tick->time, tick->resolution);

              if (tick->y <= last_y || tick->time <= last_time || shown <= last_shown)
                g_error ("%s, mode %d: tick %u (%" G_GINT64_FORMAT " µs, shown %g) does not follow the one above",
                         captures[c], mode, t, tick->time, shown);
              last_y = tick->y;
              last_time = tick->time;
              last_shown = shown;
            }
          for (guint b = 0; b < hs_diagram_layout_get_n_breaks (layout); b++)
            g_assert_cmpint (hs_diagram_layout_get_break (layout, b)->duration, >=, HS_USEC_PER_MSEC);
          for (guint b = 0; b < hs_diagram_layout_get_n_bands (layout); b++)
            {
              const HsDiagramStateBand *band = hs_diagram_layout_get_band (layout, b);
              g_autofree char *duration = hs_diagram_layout_band_duration (layout, band);

              if (band->state == HS_STATE_TIME_WAIT && band->open_ended)
                g_assert_cmpstr (duration, ==, "60 s");
            }
        }
    }
}

static void
test_layout_spread (void)
{
  g_autoptr(HsTrace) trace = hs_test_run_lesson ("fast-retransmit");
  g_autoptr(HsDiagramStyle) style = hs_diagram_style_new (HS_DIAGRAM_STYLE_LIGHT);
  g_autoptr(HsDiagramLayout) layout = NULL;
  g_autoptr(HsDiagramLayout) events = NULL;
  HsDiagramLayoutOptions options;
  double last_y1 = -G_MAXDOUBLE;
  guint apart = 0;

  g_test_summary ("To scale, segments one sender sends at one moment start apart, so each arrow can be told "
                  "from the others, and the axis marks where time was stretched for it");

  hs_diagram_layout_options_init (&options);
  layout = hs_diagram_layout_new (trace, style, 900, &options);
  for (guint a = 1; a < hs_diagram_layout_get_n_arrows (layout); a++)
    {
      const HsDiagramArrow *prev = hs_diagram_layout_get_arrow (layout, a - 1);
      const HsDiagramArrow *arrow = hs_diagram_layout_get_arrow (layout, a);
      const HsTraceSegment *ps = hs_trace_get_segment (trace, prev->segment);
      const HsTraceSegment *s = hs_trace_get_segment (trace, arrow->segment);

      if (ps->sent != s->sent || ps->from != s->from)
        continue;
      g_assert_cmpfloat (fabs (arrow->y0 - prev->y0), >=, 8);
      apart++;
    }
  /* the fan of duplicate ACKs and the burst of limited transmit */
  g_assert_cmpuint (apart, >=, 4);

  g_assert_cmpuint (hs_diagram_layout_get_n_stretches (layout), >, 0);
  for (guint i = 0; i < hs_diagram_layout_get_n_stretches (layout); i++)
    {
      const HsDiagramStretch *stretch = hs_diagram_layout_get_stretch (layout, i);

      g_assert_cmpfloat (stretch->y1, >, stretch->y0);
      g_assert_cmpfloat (stretch->y0, >, last_y1);
      g_assert_cmpfloat (stretch->y0, >=, hs_diagram_layout_get_body_top (layout));
      g_assert_cmpfloat (stretch->y1, <=, hs_diagram_layout_get_body_bottom (layout));
      last_y1 = stretch->y1;
    }

  /* one row per event has nothing to spread */
  options.time_mode = HS_DIAGRAM_TIME_EVENTS;
  events = hs_diagram_layout_new (trace, style, 900, &options);
  g_assert_cmpuint (hs_diagram_layout_get_n_stretches (events), ==, 0);
}

/* A long ladder: data one way and an ACK back, one at a time, a segment
 * lost (and a retransmission timer) now and then, an application's write
 * every 1,000 segments: more than HS_DIAGRAM_LONG_TRACE segments, so the
 * dense scale applies. */
static HsTrace *
build_ladder (guint n_segments)
{
  HsTrace *trace = two_lanes ("Ladder", HS_STATE_ESTABLISHED, HS_STATE_ESTABLISHED);
  HsTime t = 0;
  guint32 seq = C_ISN + 1;

  for (guint i = 0; i < n_segments; i++)
    {
      gboolean data = i % 2 == 0;
      guint s;

      if (i % 1000 == 0)
        app (trace, t, CLIENT, HS_APP_SEND, 100000);
      s = send_full (trace, t, data ? CLIENT : SERVER, data ? SERVER : CLIENT,
                     data ? HS_TCP_ACK | HS_TCP_PSH : HS_TCP_ACK,
                     data ? seq : S_ISN + 1, data ? S_ISN + 1 : seq + 1448, data ? 1448 : 0, 0);
      if (data && i % 200 == 100)
        {
          lose (trace, s, t + MS (10));
          timer (trace, t + MS (30), CLIENT, HS_TIMER_RETRANSMISSION);
          t += MS (30);
          continue;
        }
      arrive (trace, s, t + MS (20));
      t += MS (20);
      if (data)
        seq += 1448;
    }
  return trace;
}

/* How many of the arrows and notes that a head of @whole up to step @cut
 * shows more than 600 px above the cut's moment are not where the whole
 * layout has them (their ends, their labels' boxes and detail); the
 * lanes and the width must be the same. */
static guint
head_disagrees (HsDiagramLayout *whole,
                guint            cut,
                const char      *what)
{
  HsTrace *trace = hs_diagram_layout_get_trace (whole);
  g_autoptr(HsDiagramLayout) head = hs_diagram_layout_new_head (trace, hs_diagram_layout_get_style (whole),
                                                                hs_diagram_layout_get_width (whole), NULL, cut);
  const double reach = 600;
  double y_cut = hs_diagram_layout_get_y_for_step (head, cut);
  guint compared = 0, differ = 0;

  g_assert_cmpfloat (hs_diagram_layout_get_width (head), ==, hs_diagram_layout_get_width (whole));
  g_assert_cmpuint (hs_diagram_layout_get_n_lanes (head), ==, hs_diagram_layout_get_n_lanes (whole));
  for (guint i = 0; i < hs_diagram_layout_get_n_lanes (head); i++)
    g_assert_cmpfloat (hs_diagram_layout_get_lane (head, i)->x, ==, hs_diagram_layout_get_lane (whole, i)->x);
  g_assert_cmpuint (hs_diagram_layout_get_n_arrows (head), <=, hs_diagram_layout_get_n_arrows (whole));

  for (guint i = 0; i < hs_diagram_layout_get_n_arrows (head); i++)
    {
      const HsDiagramArrow *a = hs_diagram_layout_get_arrow (head, i);
      const HsDiagramArrow *b = hs_diagram_layout_find_arrow (whole, a->segment);
      double bottom = MAX (MAX (a->y0, a->y1), a->label.y + a->label.height);

      if (bottom > y_cut - reach)
        continue;
      compared++;
      g_assert_nonnull (b);
      if (a->y0 != b->y0 || a->y1 != b->y1 || a->x0 != b->x0 || a->x1 != b->x1)
        {
          g_test_message ("%s: the arrow of step %u is at (%.3f, %.3f)-(%.3f, %.3f) in the head, "
                          "(%.3f, %.3f)-(%.3f, %.3f) in the whole", what, a->step + 1,
                          a->x0, a->y0, a->x1, a->y1, b->x0, b->y0, b->x1, b->y1);
          differ++;
        }
      else if (a->detail != b->detail || memcmp (&a->label, &b->label, sizeof a->label) != 0)
        {
          g_test_message ("%s: the label of step %u is at %.3f, %.3f (detail %d) in the head, "
                          "%.3f, %.3f (detail %d) in the whole", what, a->step + 1, a->label.x,
                          a->label.y, a->detail, b->label.x, b->label.y, b->detail);
          differ++;
        }
    }
  for (guint i = 0, j = 0; i < hs_diagram_layout_get_n_notes (head); i++)
    {
      const HsDiagramNote *a = hs_diagram_layout_get_note (head, i);
      const HsDiagramNote *b = NULL;

      if (a->rect.y + a->rect.height > y_cut - reach)
        continue;
      /* the whole has the same notes first, in the same order */
      for (; j < hs_diagram_layout_get_n_notes (whole) && b == NULL; j++)
        if (hs_diagram_layout_get_note (whole, j)->step == a->step &&
            hs_diagram_layout_get_note (whole, j)->kind == a->kind)
          b = hs_diagram_layout_get_note (whole, j);
      g_assert_nonnull (b);
      if (a->y != b->y || memcmp (&a->rect, &b->rect, sizeof a->rect) != 0)
        {
          g_test_message ("%s: the note of step %u is at %.3f in the head, %.3f in the whole",
                          what, a->step + 1, a->rect.y, b->rect.y);
          differ++;
        }
    }
  g_test_message ("%s: %u arrows compared above %.0f px, %u differ", what, compared, y_cut - reach, differ);
  return differ;
}

static void
test_layout_head (void)
{
  g_autoptr(HsTrace) ladder = build_ladder (6000);
  g_autoptr(HsDiagramStyle) style = hs_diagram_style_new (HS_DIAGRAM_STYLE_LIGHT);
  g_autoptr(HsDiagramLayout) whole_ladder = hs_diagram_layout_new (ladder, style, 1200, NULL);
  g_auto(GStrv) ids = hs_scenario_list_builtin ();

  g_test_summary ("The head of a layout (the steps up to one, for what they cost) places what lies "
                  "600 px above its end as the whole layout does: lanes, arrows, labels and notes, "
                  "on a long ladder and in every built-in lesson cut at a half and a fifth; "
                  "cubic-vs-reno's four crowded lanes are the known exception");

  {
    g_autoptr(HsDiagramLayout) head = hs_diagram_layout_new_head (ladder, style, 1200, NULL, 600);

    /* a head holds its steps' arrows, not the trace's */
    g_assert_cmpuint (hs_diagram_layout_get_n_arrows (head), <=, 300);
  }
  g_assert_cmpuint (head_disagrees (whole_ladder, 600, "ladder, head of 600 steps"), ==, 0);
  g_assert_cmpuint (head_disagrees (whole_ladder, 5000, "ladder, head of 5000 steps"), ==, 0);

  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autoptr(HsTrace) trace = hs_test_run_lesson (ids[i]);
      g_autoptr(HsDiagramLayout) whole = hs_diagram_layout_new (trace, style, 1200, NULL);
      guint n = hs_trace_get_n_steps (trace);

      for (guint k = 2; k <= 5; k += 3)
        {
          g_autofree char *what = g_strdup_printf ("%s, head of %u steps", ids[i], n / k);
          guint differ;

          if (n / k == 0)
            continue;
          differ = head_disagrees (whole, n / k, what);
          /* Where labels crowd, how room was made above the cut can
           * depend on what comes after it (the solver's passes run over
           * the whole): in cubic-vs-reno some of a head's arrows end 2 px
           * higher than in the whole (docs/ARCHITECTURE.md, Figures);
           * in a SYN flood drawn to scale the server's state names, met
           * by arrows from both sides, get what room is left. */
          if (!g_str_equal (ids[i], "cubic-vs-reno") && !g_str_equal (ids[i], "syn-flood") &&
              !g_str_equal (ids[i], "syn-cookies"))
            g_assert_cmpuint (differ, ==, 0);
        }
    }
}

static void
test_lesson_view_keys (void)
{
  g_autoptr(GEnumClass) modes = g_type_class_ref (HS_TYPE_DIAGRAM_TIME_MODE);

  g_test_summary ("Every time mode of the diagram can be named by a lesson's TimeMode=, by its nick, and "
                  "a lesson's Show= turns on what it names");

  for (guint i = 0; i < modes->n_values; i++)
    {
      g_autofree char *data = g_strdup_printf ("[Lesson]\nTitle=T\nTimeMode=%s\nShow=sack,window\n"
                                               "[Client]\nScript=connect\n[Server]\nScript=listen\n",
                                               modes->values[i].value_nick);
      g_autoptr(GError) error = NULL;
      g_autoptr(HsScenario) scenario = hs_scenario_new_from_data ("t", "t.lesson", data, strlen (data), &error);
      HsDiagramLayoutOptions options;

      g_assert_no_error (error);
      hs_diagram_layout_options_init (&options);
      options.time_mode = modes->values[(i + 1) % modes->n_values].value;
      hs_diagram_layout_options_apply_lesson (&options, scenario, FALSE, FALSE);
      g_assert_cmpint (options.time_mode, ==, modes->values[(i + 1) % modes->n_values].value);
      g_assert_false (options.show_options);
      hs_diagram_layout_options_apply_lesson (&options, scenario, TRUE, TRUE);
      g_assert_cmpint (options.time_mode, ==, modes->values[i].value);
      g_assert_true (options.show_options);
      g_assert_true (options.show_window);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/diagram/layout/arrows", test_layout_arrows);
  g_test_add_func ("/diagram/lesson/view-keys", test_lesson_view_keys);
  g_test_add_func ("/diagram/layout/spread", test_layout_spread);
  g_test_add_func ("/diagram/layout/capture-axis", test_layout_capture_axis);
  g_test_add_func ("/diagram/layout/header-state", test_layout_header_state);
  g_test_add_func ("/diagram/layout/listen-queues", test_layout_listen_queues);
  g_test_add_func ("/diagram/connections/step-connection", test_step_connection);
  g_test_add_func ("/diagram/layout/current-label", test_layout_current_label);
  g_test_add_func ("/diagram/layout/cancellable", test_layout_cancellable);
  g_test_add_func ("/diagram/layout/tcp-vs-udp-lanes", test_layout_tcp_vs_udp_lanes);
  g_test_add_func ("/diagram/layout/classic-marks", test_layout_classic_marks);
  g_test_add_func ("/diagram/layout/crossing", test_layout_crossing);
  g_test_add_func ("/diagram/layout/no-overlap", test_layout_no_overlap);
  g_test_add_func ("/diagram/layout/idle-gap", test_layout_idle_gap);
  g_test_add_func ("/diagram/layout/state-bands", test_layout_state_bands);
  g_test_add_func ("/diagram/layout/three-lanes", test_layout_three_lanes);
  g_test_add_func ("/diagram/layout/steps-range", test_layout_steps_range);
  g_test_add_func ("/diagram/layout/first-visible", test_layout_first_visible);
  g_test_add_func ("/diagram/layout/lessons", test_layout_lessons);
  g_test_add_func ("/diagram/layout/fragment-group", test_layout_fragment_group);
  g_test_add_func ("/diagram/layout/reads", test_layout_reads);
  g_test_add_func ("/diagram/layout/label-fits", test_layout_label_fits);
  g_test_add_func ("/diagram/layout/long-trace", test_layout_long_trace);
  g_test_add_func ("/diagram/layout/head", test_layout_head);
  g_test_add_func ("/diagram/layout/min-height", test_layout_min_height);
  g_test_add_func ("/diagram/layout/axis-fits", test_layout_axis_fits);
  g_test_add_func ("/diagram/render/references", test_render_references);
  g_test_add_func ("/diagram/render/lesson-references", test_render_lesson_references);
  g_test_add_func ("/diagram/render/lessons", test_render_lessons);
  g_test_add_func ("/diagram/render/hide-future", test_render_hide_future);
  g_test_add_func ("/diagram/render/moment", test_render_moment);
  g_test_add_func ("/diagram/render/viewport", test_render_viewport);
  g_test_add_func ("/diagram/export/svg", test_export_svg);
  g_test_add_func ("/diagram/export/pdf-pages", test_export_pdf_pages);
  g_test_add_func ("/diagram/export/png-too-tall", test_export_png_too_tall);
  g_test_add_func ("/diagram/export/png-too-tall-early", test_export_png_too_tall_early);
  g_test_add_func ("/diagram/export/unwritable", test_export_unwritable);
  g_test_add_func ("/diagram/export/text", test_export_text);
  g_test_add_func ("/diagram/export/frames", test_export_frames);

  return g_test_run ();
}
