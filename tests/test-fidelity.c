/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-fidelity.c: each lesson that mirrors a real Linux capture puts the
 * same segments on the wire, in the order the capture point saw them. */

#define G_LOG_DOMAIN "test-fidelity"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib.h>

#include "hs-scenario.h"
#include "hs-simulator.h"
#include "hs-trace.h"

#define CAPTURE_HEADER "no,sent_us,arrived_us,from,to,flags,seq,ack,rel_seq,rel_ack,win,len,fate,retransmission"
#define CLIENT_ADDRESS "10.99.0.1"
#define SERVER_ADDRESS "10.99.0.2"
#define NO_ACK         ((gint64) -1)

/* A segment as one capture point sees it. */
typedef struct
{
  guint     from;            /* 0 client, 1 server */
  char     *flags;           /* "SYN+ACK" */
  guint32   seq;             /* relative */
  gint64    ack;             /* relative, or NO_ACK */
  guint32   len;
  guint32   window;          /* scaled */
  gboolean  retransmission;
  HsTime    time;            /* when the capture point saw it */
} WireSegment;

typedef struct
{
  const char    *capture;          /* data/captures/NAME.csv */
  const char    *lesson;
  const char    *drop;             /* a drop on top of the lesson's, or NULL */
  guint          capture_point;    /* the endpoint tcpdump ran beside */
  gboolean       windows;          /* the engine models every window in it */
  guint          n_retransmissions;
} FidelityCase;

/* The server side of synack-lost, so that the lost SYN+ACK is in it. Only
 * half-close has windows the engine does not model: Linux's receive-buffer
 * auto-tuning grows the client's window from 64512 to 81920 as data comes. */
static const FidelityCase cases[] = {
  { "handshake-data-close",      "full-connection",     NULL,           0, TRUE,  0 },
  { "server-closes-first",       "server-closes-first", NULL,           0, TRUE,  0 },
  { "data-then-close-piggyback", "close-piggyback",     NULL,           0, TRUE,  0 },
  { "simultaneous-open",         "simultaneous-open",   NULL,           0, TRUE,  2 },
  { "simultaneous-close",        "simultaneous-close",  NULL,           0, TRUE,  0 },
  { "half-close",                "half-close",          NULL,           0, FALSE, 0 },
  { "refused",                   "connection-refused",  NULL,           0, TRUE,  0 },
  { "abort-rst",                 "abort-rst",           NULL,           0, TRUE,  0 },
  { "syn-lost",                  "syn-lost",            "client:SYNx3", 0, TRUE,  3 },
  { "synack-lost",               "synack-lost",         NULL,           1, TRUE,  3 },
};

static void
wire_segment_clear (gpointer data)
{
  WireSegment *segment = data;

  g_clear_pointer (&segment->flags, g_free);
}

static GArray *
wire_segments_new (void)
{
  GArray *array = g_array_new (FALSE, TRUE, sizeof (WireSegment));

  g_array_set_clear_func (array, wire_segment_clear);
  return array;
}

static guint64
parse_number (const char *text)
{
  g_autoptr(GError) error = NULL;
  guint64 value = 0;

  g_assert_true (g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT32 * (guint64) 1000, &value, &error));
  g_assert_no_error (error);
  return value;
}

static guint
parse_endpoint (const char *addr_port)
{
  if (g_str_has_prefix (addr_port, CLIENT_ADDRESS ":"))
    return 0;
  g_assert_true (g_str_has_prefix (addr_port, SERVER_ADDRESS ":"));
  return 1;
}

/* NAME.csv, one WireSegment per row, in capture order. */
static GArray *
read_capture (const char *name)
{
  g_autofree char *file = g_strdup_printf ("%s.csv", name);
  const char *path = g_test_get_filename (G_TEST_DIST, "data", "captures", file, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  GArray *out = wire_segments_new ();

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);
  g_assert_cmpstr (lines[0], ==, CAPTURE_HEADER);

  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = NULL;
      WireSegment segment = { 0 };

      if (lines[i][0] == '\0')
        continue;
      f = g_strsplit (lines[i], ",", -1);
      g_assert_cmpuint (g_strv_length (f), ==, 14);
      g_assert_cmpuint (parse_number (f[0]), ==, i);
      segment.time = (HsTime) parse_number (f[1]);
      segment.from = parse_endpoint (f[3]);
      g_assert_cmpuint (parse_endpoint (f[4]), ==, 1 - segment.from);
      segment.flags = g_strdup (f[5]);
      segment.seq = (guint32) parse_number (f[8]);
      segment.ack = f[9][0] == '\0' ? NO_ACK : (gint64) parse_number (f[9]);
      segment.window = (guint32) parse_number (f[10]);
      segment.len = (guint32) parse_number (f[11]);
      g_assert_cmpstr (f[12], ==, "captured");
      g_assert_true (g_str_equal (f[13], "0") || g_str_equal (f[13], "1"));
      segment.retransmission = g_str_equal (f[13], "1");
      g_array_append_val (out, segment);
    }
  g_assert_cmpuint (out->len, >, 0);

  return out;
}

static HsTrace *
run_lesson (const char    *id,
            HsProfileKind  profile,
            const char    *drop)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsScenario) scenario = hs_scenario_new_builtin (id, &error);
  HsTrace *trace;

  g_assert_no_error (error);
  hs_scenario_set_profile (scenario, profile);
  if (drop != NULL)
    {
      hs_scenario_add_drop (scenario, drop, &error);
      g_assert_no_error (error);
    }
  trace = hs_simulator_run (scenario, &error);
  g_assert_no_error (error);
  g_assert_nonnull (trace);

  return trace;
}

typedef struct
{
  guint                 step;
  const HsTraceSegment *segment;
} Seen;

static int
compare_seen (gconstpointer a,
              gconstpointer b)
{
  const Seen *x = a, *y = b;

  return x->step < y->step ? -1 : x->step > y->step;
}

/* The simulated segments as an observer beside @capture_point sees them: its
 * own when it sends them, the peer's when they arrive (a peer's segment lost
 * on the way never reaches it). */
static GArray *
observe (HsTrace *trace,
         guint    capture_point)
{
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (Seen));
  GArray *out = wire_segments_new ();

  for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
    {
      const HsTraceSegment *segment = hs_trace_get_segment (trace, i);
      Seen s = { .segment = segment };

      if (segment->from == capture_point)
        s.step = segment->sent_step;
      else if (segment->fate == HS_FATE_DELIVERED)
        s.step = segment->end_step;
      else
        continue;
      g_array_append_val (seen, s);
    }
  g_array_sort (seen, compare_seen);

  for (guint i = 0; i < seen->len; i++)
    {
      const HsTraceSegment *segment = g_array_index (seen, Seen, i).segment;
      WireSegment w = {
        .from = segment->from,
        .flags = hs_tcp_flags_to_string (segment->header.flags, "+"),
        .seq = hs_trace_segment_rel_seq (trace, segment),
        .ack = (segment->header.flags & HS_TCP_ACK) ? hs_trace_segment_rel_ack (trace, segment) : NO_ACK,
        .len = segment->len,
        .window = segment->window,
        .retransmission = (segment->marks & HS_MARK_RETRANSMISSION) != 0,
        .time = segment->from == capture_point ? segment->sent : segment->arrived,
      };

      g_array_append_val (out, w);
    }

  return out;
}

static char *
format_wire (const WireSegment *w)
{
  g_autofree char *ack = w->ack == NO_ACK ? g_strdup ("-") : g_strdup_printf ("%" G_GINT64_FORMAT, w->ack);

  return g_strdup_printf ("%s %s seq=%u ack=%s len=%u",
                          w->from == 0 ? "client->server" : "server->client",
                          w->flags, w->seq, ack, w->len);
}

static char *
format_all (GArray *segments)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < segments->len; i++)
    {
      g_autofree char *line = format_wire (&g_array_index (segments, WireSegment, i));

      g_string_append_printf (out, "%2u %s\n", i + 1, line);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The first segment before @index from the same sender that used the same
 * sequence space: what a retransmission repeats. */
static guint
find_original (GArray *segments,
               guint   index)
{
  const WireSegment *r = &g_array_index (segments, WireSegment, index);

  for (guint i = 0; i < index; i++)
    {
      const WireSegment *w = &g_array_index (segments, WireSegment, i);
      gboolean occupies = w->len > 0 || strstr (w->flags, "SYN") != NULL || strstr (w->flags, "FIN") != NULL;

      if (w->from == r->from && w->seq == r->seq && occupies)
        return i;
    }
  g_assert_not_reached ();
}

static void
assert_within_10_percent (HsTime simulated,
                          HsTime captured)
{
  g_test_message ("simulated %.6f s, captured %.6f s",
                  simulated / (double) HS_USEC_PER_SEC, captured / (double) HS_USEC_PER_SEC);
  g_assert_cmpint (captured, >, 0);
  g_assert_cmpfloat (fabs ((double) (simulated - captured)), <=, 0.10 * (double) captured);
}

static void
test_fidelity (gconstpointer data)
{
  const FidelityCase *c = data;
  g_autoptr(GArray) captured = read_capture (c->capture);
  g_autoptr(HsTrace) trace = run_lesson (c->lesson, HS_PROFILE_LINUX, c->drop);
  g_autoptr(GArray) simulated = observe (trace, c->capture_point);
  g_autofree char *captured_text = format_all (captured);
  g_autofree char *simulated_text = format_all (simulated);
  guint n_retransmissions = 0;

  g_test_summary ("The lesson puts on the wire the segments of the Linux "
                  "capture (direction, flags, relative seq and ack, length), "
                  "in the order the capture point saw them, with the same "
                  "retransmissions at about the same times");

  if (!g_str_equal (captured_text, simulated_text))
    g_test_message ("%s captured:\n%s%s simulated:\n%s",
                    c->capture, captured_text, c->lesson, simulated_text);
  for (guint i = 0; i < MIN (captured->len, simulated->len); i++)
    {
      g_autofree char *want = format_wire (&g_array_index (captured, WireSegment, i));
      g_autofree char *got = format_wire (&g_array_index (simulated, WireSegment, i));

      g_test_message ("segment %u", i + 1);
      g_assert_cmpstr (got, ==, want);
    }
  g_assert_cmpuint (simulated->len, ==, captured->len);

  for (guint i = 0; i < captured->len; i++)
    {
      const WireSegment *want = &g_array_index (captured, WireSegment, i);
      const WireSegment *got = &g_array_index (simulated, WireSegment, i);

      g_test_message ("segment %u", i + 1);
      g_assert_cmpint (got->retransmission, ==, want->retransmission);
      if (c->windows)
        g_assert_cmpuint (got->window, ==, want->window);
      if (want->retransmission)
        {
          guint original = find_original (captured, i);

          g_assert_cmpuint (find_original (simulated, i), ==, original);
          assert_within_10_percent (got->time - g_array_index (simulated, WireSegment, original).time,
                                    want->time - g_array_index (captured, WireSegment, original).time);
          n_retransmissions++;
        }
    }
  g_assert_cmpuint (n_retransmissions, ==, c->n_retransmissions);
}

/* The SYNs a client sent, as times since the first. */
static GArray *
syn_times (GArray *segments)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (HsTime));
  HsTime first = HS_TIME_NONE;

  for (guint i = 0; i < segments->len; i++)
    {
      const WireSegment *w = &g_array_index (segments, WireSegment, i);

      if (w->from == 0 && g_str_equal (w->flags, "SYN"))
        {
          HsTime since;

          if (first == HS_TIME_NONE)
            first = w->time;
          since = w->time - first;
          g_array_append_val (out, since);
        }
    }

  return out;
}

static void
test_fidelity_syn_lost_exponential (void)
{
  g_autoptr(GArray) captured = read_capture ("syn-lost-exponential");
  g_autoptr(HsTrace) trace = run_lesson ("syn-lost", HS_PROFILE_RFC, "client:SYNx3");
  g_autoptr(GArray) simulated = observe (trace, 0);
  g_autoptr(GArray) want = syn_times (captured);
  g_autoptr(GArray) got = syn_times (simulated);

  g_test_summary ("With tcp_syn_linear_timeouts=0 (the rfc profile) three "
                  "lost SYNs are retransmitted after 1, 2 and 4 s, as the "
                  "capture shows, each within 10 %");

  g_assert_cmpuint (want->len, ==, 4);
  g_assert_cmpuint (got->len, ==, want->len);
  for (guint i = 1; i < want->len; i++)
    {
      g_test_message ("SYN %u", i + 1);
      assert_within_10_percent (g_array_index (got, HsTime, i), g_array_index (want, HsTime, i));
    }

  /* The fourth SYN is answered: the handshake completes. */
  g_assert_cmpuint (simulated->len, >, 5);
  g_assert_cmpstr (g_array_index (simulated, WireSegment, 4).flags, ==, "SYN+ACK");
}

/* handshake-data-close's windows, written out: Linux offers 64240 in its SYN
 * (44 × 1460, never scaled in a SYN), 65160 in its SYN+ACK (45 × 1448), and
 * then, with window scale 10, 63 × 1024 = 64512 from the client and
 * 64 × 1024 = 65536 from the server. */
static void
test_fidelity_windows (void)
{
  g_autoptr(GArray) captured = read_capture ("handshake-data-close");
  g_autoptr(HsTrace) trace = run_lesson ("full-connection", HS_PROFILE_LINUX, NULL);

  g_test_summary ("full-connection advertises the windows of the capture: "
                  "SYN 64240, SYN+ACK 65160, then 64512 from the client and "
                  "65536 from the server");

  g_assert_cmpuint (hs_trace_get_n_segments (trace), ==, captured->len);
  for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
    {
      const HsTraceSegment *segment = hs_trace_get_segment (trace, i);
      const WireSegment *w = &g_array_index (captured, WireSegment, i);
      guint32 expected;

      if (segment->header.flags & HS_TCP_SYN)
        expected = (segment->header.flags & HS_TCP_ACK) ? 65160 : 64240;
      else
        expected = segment->from == 0 ? 64512 : 65536;

      g_test_message ("segment %u", i + 1);
      g_assert_cmpuint (w->window, ==, expected);
      g_assert_cmpuint (segment->window, ==, expected);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/engine/fidelity/%s", cases[i].capture);

      g_test_add_data_func (path, &cases[i], test_fidelity);
    }
  g_test_add_func ("/engine/fidelity/syn-lost-exponential", test_fidelity_syn_lost_exponential);
  g_test_add_func ("/engine/fidelity/windows", test_fidelity_windows);

  return g_test_run ();
}
