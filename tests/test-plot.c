/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-plot.c: the plots' series (against the trace's own snapshots and
 * against tshark), their summary, the renderer's pictures and positions,
 * and their exports. */

#include "config.h"

#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <cairo.h>

#include "hs-capture-reader.h"
#include "hs-error.h"
#include "hs-plot-data.h"
#include "hs-plot-export.h"
#include "hs-plot-renderer.h"
#include "hs-scenario.h"
#include "hs-simulator.h"
#include "hs-test-files.h"
#include "hs-trace.h"

static HsTrace *
run_lesson (const char         *id,
            const char * const *sets)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsScenario) scenario = hs_scenario_new_builtin (id, &error);
  HsTrace *trace;

  g_assert_no_error (error);
  for (guint i = 0; sets != NULL && sets[i] != NULL; i++)
    {
      g_assert_true (hs_scenario_set (scenario, sets[i], &error));
      g_assert_no_error (error);
    }
  trace = hs_simulator_run (scenario, &error);
  g_assert_no_error (error);
  return trace;
}

static guint
endpoint_named (HsTrace    *trace,
                const char *name)
{
  for (guint i = 0; i < hs_trace_get_n_endpoints (trace); i++)
    if (g_str_equal (hs_trace_get_endpoint (trace, i)->name, name))
      return i;
  g_assert_not_reached ();
}

/* What a congestion plot must show after @step: the snapshot's own
 * numbers (ssthresh's "infinity" left out). */
static void
expected_congestion (const HsTcbSnapshot *tcb,
                     guint32             *v)
{
  v[0] = tcb->cwnd;
  v[1] = tcb->ssthresh >= (1u << 30) ? HS_PLOT_NO_VALUE : tcb->ssthresh;
  v[2] = tcb->pipe;
  v[3] = tcb->snd_wnd;
}

static void
test_series_lessons (void)
{
  g_auto(GStrv) ids = hs_scenario_list_builtin ();

  g_test_summary ("For every built-in lesson and endpoint, the congestion and RTT series equal "
                  "the trace's TCB snapshot values at every step, and the summary's buckets hold "
                  "exactly the minimum and maximum of their readings");

  for (guint l = 0; ids[l] != NULL; l++)
    {
      g_autoptr(HsTrace) trace = run_lesson (ids[l], NULL);
      guint n_steps = hs_trace_get_n_steps (trace);

      for (guint e = 0; e < hs_trace_get_n_endpoints (trace); e++)
        {
          g_autoptr(HsPlotData) cong = hs_plot_data_new (trace, HS_PLOT_CONGESTION, e);
          g_autoptr(HsPlotData) rtt = hs_plot_data_new (trace, HS_PLOT_RTT, e);
          guint shift = hs_plot_data_get_bucket_shift (cong);
          guint n_points = hs_plot_data_get_n_points (cong);

          g_assert_false (hs_plot_data_is_capture (cong));
          g_assert_cmpuint (hs_plot_data_get_n_series (cong), ==, 4);
          for (guint s = 0; s < n_steps; s++)
            {
              const HsTcbSnapshot *tcb = hs_trace_get_tcb_at (trace, s, e);
              HsPlotPoint p;
              guint32 v[4];

              if (tcb == NULL)
                {
                  g_assert_false (hs_plot_data_get_point_at_step (cong, s, &p) &&
                                  p.values[0] != HS_PLOT_NO_VALUE);
                  continue;
                }
              g_assert_true (hs_plot_data_get_point_at_step (cong, s, &p));
              g_assert_cmpuint (p.step, <=, s);
              expected_congestion (tcb, v);
              for (guint k = 0; k < 4; k++)
                if (p.values[k] != v[k])
                  g_error ("%s, endpoint %u, step %u, series %s: plotted %u, snapshot %u",
                           ids[l], e, s + 1, hs_plot_data_get_series_name (cong, k), p.values[k], v[k]);

              g_assert_true (hs_plot_data_get_point_at_step (rtt, s, &p));
              g_assert_cmpuint (p.values[0], ==, tcb->srtt > 0 ? (guint32) tcb->srtt : HS_PLOT_NO_VALUE);
              g_assert_cmpuint (p.values[1], ==, (guint32) tcb->rto);
            }

          /* level 0 of the summary against the readings themselves */
          for (guint b = 0; n_points > 0 && b < hs_plot_data_get_n_buckets (cong, 0); b++)
            {
              const HsPlotBucket *bk = hs_plot_data_get_bucket (cong, 0, b);

              for (guint k = 0; k < 4; k++)
                {
                  guint32 min = HS_PLOT_NO_VALUE, max = 0;

                  for (guint i = b << shift; i < MIN ((b + 1) << shift, n_points); i++)
                    {
                      HsPlotPoint p;

                      hs_plot_data_get_point (cong, i, &p);
                      if (i == b << shift)
                        g_assert_cmpint (bk->first_time, ==, p.time);
                      if (p.values[k] == HS_PLOT_NO_VALUE)
                        continue;
                      min = MIN (min, p.values[k]);
                      max = MAX (max, p.values[k]);
                    }
                  g_assert_cmpuint (bk->min[k], ==, min);
                  g_assert_cmpuint (bk->max[k], ==, max);
                }
            }
          /* each level above covers two below */
          for (guint lv = 1; lv < hs_plot_data_get_n_levels (cong); lv++)
            for (guint b = 0; b < hs_plot_data_get_n_buckets (cong, lv); b++)
              {
                const HsPlotBucket *up = hs_plot_data_get_bucket (cong, lv, b);
                const HsPlotBucket *a = hs_plot_data_get_bucket (cong, lv - 1, 2 * b);

                g_assert_cmpint (up->first_time, ==, a->first_time);
                g_assert_cmpuint (up->max[0], >=, a->max[0]);
                g_assert_cmpuint (up->min[0], <=, a->min[0]);
              }
        }
    }
}

/* The CSV a class opens in a spreadsheet says the same as the snapshots. */
static void
test_series_csv (void)
{
  g_autoptr(HsTrace) trace = run_lesson ("fast-retransmit", NULL);
  guint client = endpoint_named (trace, "client");
  g_autoptr(HsPlotData) data = hs_plot_data_new (trace, HS_PLOT_CONGESTION, client);
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  guint rows = 0;

  g_test_summary ("The congestion plot's CSV has one column per series and the step in each row, "
                  "with the values of the client's snapshot at that step");

  g_assert_true (hs_plot_data_write_csv (data, out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (out, "", 1, NULL, NULL, NULL));
  g_output_stream_close (out, NULL, NULL);
  text = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
  lines = g_strsplit (text, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "step,time_us,cwnd,ssthresh,bytes_in_flight,peer_window");

  for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_auto(GStrv) f = g_strsplit (lines[i], ",", -1);
      guint step;
      const HsTcbSnapshot *tcb;
      guint32 v[4];

      g_assert_cmpuint (g_strv_length (f), ==, 6);
      step = (guint) g_ascii_strtoull (f[0], NULL, 10);
      g_assert_cmpuint (step, >=, 1);
      tcb = hs_trace_get_tcb_at (trace, step - 1, client);
      g_assert_nonnull (tcb);
      g_assert_cmpuint (tcb->step, ==, step - 1);
      expected_congestion (tcb, v);
      for (guint k = 0; k < 4; k++)
        {
          g_autofree char *want = v[k] == HS_PLOT_NO_VALUE ? g_strdup ("") : g_strdup_printf ("%u", v[k]);

          g_assert_cmpstr (f[2 + k], ==, want);
        }
      rows++;
    }
  g_assert_cmpuint (rows, >, 10);
}

/* cwnd at the end of each round trip: the last reading at each distinct
 * time where the client's window changed (the lesson's ACKs of one round
 * arrive together). */
static GArray *
cwnd_per_round (HsPlotData *data,
                guint32    *ssthresh)
{
  GArray *rounds = g_array_new (FALSE, FALSE, sizeof (guint32));
  guint n = hs_plot_data_get_n_points (data);
  HsTime last_time = -1;
  guint32 last = 0;

  *ssthresh = HS_PLOT_NO_VALUE;
  for (guint i = 0; i < n; i++)
    {
      HsPlotPoint p;

      hs_plot_data_get_point (data, i, &p);
      if (p.values[0] == HS_PLOT_NO_VALUE || p.values[0] == 0)
        continue;
      if (p.values[1] != HS_PLOT_NO_VALUE)
        *ssthresh = p.values[1];
      if (p.time != last_time && last_time >= 0 && (rounds->len == 0 || last != g_array_index (rounds, guint32, rounds->len - 1)))
        g_array_append_val (rounds, last);
      last_time = p.time;
      last = p.values[0];
    }
  g_array_append_val (rounds, last);
  return rounds;
}

static void
test_slow_start_shape (void)
{
  const char * const sets[] = { "server.delayedack=false", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(HsScenario) scenario = hs_scenario_new_builtin ("slow-start", &error);
  g_autoptr(HsTrace) trace = NULL;
  g_autoptr(HsPlotData) data = NULL;
  g_autoptr(GArray) rounds = NULL;
  guint32 ssthresh, mss;
  guint below = 0, above = 0;

  g_test_summary ("Under the rfc profile, with an ACK for every segment, slow start's cwnd "
                  "doubles every round trip until it reaches ssthresh, then grows by about one "
                  "segment per round trip");

  g_assert_no_error (error);
  hs_scenario_set_profile (scenario, HS_PROFILE_RFC);
  g_assert_true (hs_scenario_set (scenario, sets[0], &error));
  trace = hs_simulator_run (scenario, &error);
  g_assert_no_error (error);
  data = hs_plot_data_new (trace, HS_PLOT_CONGESTION, endpoint_named (trace, "client"));
  mss = hs_plot_data_get_mss (data);
  rounds = cwnd_per_round (data, &ssthresh);
  g_assert_cmpuint (ssthresh, !=, HS_PLOT_NO_VALUE);
  g_assert_cmpuint (rounds->len, >=, 5);

  for (guint r = 1; r < rounds->len; r++)
    {
      guint32 before = g_array_index (rounds, guint32, r - 1);
      guint32 after = g_array_index (rounds, guint32, r);

      g_test_message ("round %u: cwnd %u -> %u (ssthresh %u)", r, before, after, ssthresh);
      if (before < ssthresh && 2 * before <= ssthresh)
        {
          /* slow start: every ACKed segment adds a segment */
          g_assert_cmpuint (after, ==, 2 * before);
          below++;
        }
      else if (before >= ssthresh && above < 4)
        {
          /* (the first round trips above it: the transfer's tail carries
           * fewer ACKs) */
          /* congestion avoidance: linear, about a segment a round */
          g_assert_cmpuint (after, >, before);
          g_assert_cmpuint (after - before, <=, mss + mss / 4);
          g_assert_cmpuint (after - before, >=, mss / 2);
          above++;
        }
    }
  g_assert_cmpuint (below, >=, 2);
  g_assert_cmpuint (above, >=, 2);
}

static void
test_fast_retransmit (void)
{
  g_autoptr(HsTrace) trace = run_lesson ("fast-retransmit", NULL);
  guint client = endpoint_named (trace, "client");
  g_autoptr(HsPlotData) data = hs_plot_data_new (trace, HS_PLOT_CONGESTION, client);
  const HsPlotEvent *retrans = NULL;
  HsPlotPoint before, after;

  g_test_summary ("The fast-retransmit lesson's congestion plot marks the retransmission, and at "
                  "it ssthresh is set and cwnd is smaller than before the loss was detected; fast "
                  "recovery runs from it to the full ACK, where cwnd is at most ssthresh");

  for (guint i = 0; i < hs_plot_data_get_n_events (data); i++)
    if (hs_plot_data_get_event (data, i)->kind == HS_PLOT_EVENT_RETRANSMISSION)
      {
        retrans = hs_plot_data_get_event (data, i);
        break;
      }
  g_assert_nonnull (retrans);
  g_assert_cmpuint (retrans->step, >, 0);

  g_assert_true (hs_plot_data_get_point_at_step (data, retrans->step - 1, &before));
  g_assert_true (hs_plot_data_get_point_at_step (data, retrans->step, &after));
  /* before: slow start, no threshold yet */
  g_assert_cmpuint (before.values[1], ==, HS_PLOT_NO_VALUE);
  g_assert_cmpuint (after.values[1], !=, HS_PLOT_NO_VALUE);
  /* RFC 5681 (3): ssthresh = max (FlightSize / 2, 2 * SMSS) */
  g_assert_cmpuint (after.values[1], >=, 2 * hs_plot_data_get_mss (data));
  g_assert_cmpuint (after.values[1], <=, before.values[2] / 2 + hs_plot_data_get_mss (data));
  g_assert_cmpuint (after.values[0], <, before.values[0]);

  /* fast recovery: from that retransmission to the full ACK, where cwnd
   * deflates to at most ssthresh (RFC 6582) */
  {
    const HsPlotEvent *start = NULL, *end = NULL;
    HsPlotPoint done;

    for (guint i = 0; i < hs_plot_data_get_n_events (data); i++)
      {
        const HsPlotEvent *ev = hs_plot_data_get_event (data, i);

        if (ev->kind == HS_PLOT_EVENT_RECOVERY_START && start == NULL)
          start = ev;
        else if (ev->kind == HS_PLOT_EVENT_RECOVERY_END && start != NULL && end == NULL)
          end = ev;
      }
    g_assert_nonnull (start);
    g_assert_nonnull (end);
    g_assert_cmpuint (start->step, ==, retrans->step);
    g_assert_cmpuint (end->step, >, start->step);
    g_assert_true (hs_plot_data_get_point_at_step (data, end->step, &done));
    g_assert_cmpuint (done.values[0], <=, done.values[1]);
  }
}

/* The end of what @seg occupies in sequence space (a SYN and a FIN take
 * a number each). */
static guint32
segment_end (const HsTraceSegment *seg)
{
  return seg->header.seq + seg->len + ((seg->header.flags & HS_TCP_SYN) ? 1 : 0) +
         ((seg->header.flags & HS_TCP_FIN) ? 1 : 0);
}

static gboolean
occupies_sequence (const HsTraceSegment *seg)
{
  return seg->len > 0 || (seg->header.flags & (HS_TCP_SYN | HS_TCP_FIN));
}

/* Checks the RTT plot's samples of @endpoint against the trace: each is
 * taken in the event of an ACK's arrival, measures a segment sent once
 * (Karn's rule: none of its bytes retransmitted before the ACK came) that
 * this ACK acknowledges, and moves SRTT as RFC 6298 says; SRTT never moves
 * without one. Counts the samples, and the first ACKs of retransmitted
 * segments, which must have none of their own. */
static void
check_rtt_samples (const char *lesson,
                   HsTrace    *trace,
                   guint       endpoint,
                   guint      *n_samples,
                   guint      *n_retransmission_acks)
{
  g_autoptr(HsPlotData) rtt = hs_plot_data_new (trace, HS_PLOT_RTT, endpoint);
  g_autoptr(GHashTable) sampled_acks = g_hash_table_new (g_direct_hash, g_direct_equal);
  guint n_segments = hs_trace_get_n_segments (trace);
  guint n_steps = hs_trace_get_n_steps (trace);
  HsTime srtt = 0;

  g_assert_cmpuint (hs_plot_data_get_n_series (rtt), ==, 3);
  g_assert_cmpstr (hs_plot_data_get_series_name (rtt, 2), ==, "rtt_sample_us");
  g_assert_true (hs_plot_data_get_series_points (rtt, 2));
  g_assert_false (hs_plot_data_get_series_points (rtt, 0));

  for (guint i = 0; i < hs_plot_data_get_n_points (rtt); i++)
    {
      HsTcbSnapshot snap = *hs_trace_get_snapshot (trace, i);
      HsPlotPoint p;
      HsTraceStep st, a;
      HsTraceSegment ack;
      guint ack_step = HS_TRACE_NONE;
      gboolean found = FALSE;
      HsTime sent_at;

      hs_plot_data_get_point (rtt, i, &p);
      if (snap.endpoint != endpoint)
        {
          /* the peer's steps carry the endpoint's values, never a sample */
          g_assert_cmpuint (p.values[2], ==, HS_PLOT_NO_VALUE);
          continue;
        }
      if (p.values[2] == HS_PLOT_NO_VALUE)
        {
          if (snap.srtt != srtt)
            g_error ("%s step %u: SRTT moved from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT " µs without a sample",
                     lesson, snap.step + 1, srtt, snap.srtt);
          continue;
        }
      (*n_samples)++;
      /* RFC 6298 (2.2) and (2.3), in the engine's whole microseconds */
      g_assert_cmpint (snap.srtt, ==, srtt == 0 ? (HsTime) p.values[2] : (7 * srtt + p.values[2]) / 8);
      srtt = snap.srtt;

      /* the ACK whose arrival took it: the last arrival at the endpoint
       * at or before the snapshot, at the same moment */
      hs_trace_read_step (trace, snap.step, &st);
      for (guint s = snap.step + 1; s-- > 0;)
        {
          hs_trace_read_step (trace, s, &a);
          if (a.time != st.time)
            break;
          if (a.kind == HS_STEP_SEGMENT_ARRIVED && a.endpoint == endpoint)
            {
              ack_step = s;
              break;
            }
        }
      if (ack_step == HS_TRACE_NONE)
        g_error ("%s step %u: an RTT sample without an ACK arriving", lesson, snap.step + 1);
      g_hash_table_add (sampled_acks, GUINT_TO_POINTER (ack_step));
      hs_trace_read_segment (trace, a.segment, &ack);
      g_assert_true (ack.header.flags & HS_TCP_ACK);

      /* the segment it timed: sent r before, once, and acknowledged now */
      sent_at = a.time - p.values[2];
      for (guint j = 0; j < n_segments && !found; j++)
        {
          HsTraceSegment seg;
          gboolean karn = TRUE;

          hs_trace_read_segment (trace, j, &seg);
          if (seg.from != endpoint || seg.sent != sent_at || !occupies_sequence (&seg) ||
              (seg.marks & HS_MARK_RETRANSMISSION) || !hs_seq_leq (segment_end (&seg), ack.header.ack))
            continue;
          for (guint k = 0; k < n_segments && karn; k++)
            {
              HsTraceSegment again;

              hs_trace_read_segment (trace, k, &again);
              if (again.from == endpoint && (again.marks & HS_MARK_RETRANSMISSION) && again.sent < a.time &&
                  occupies_sequence (&again) &&
                  hs_seq_lt (again.header.seq, segment_end (&seg)) && hs_seq_lt (seg.header.seq, segment_end (&again)))
                karn = FALSE;
            }
          found = karn;
        }
      if (!found)
        g_error ("%s step %u: an RTT sample of %u µs, but no segment sent once %u µs before this ACK is acknowledged by it",
                 lesson, ack_step + 1, p.values[2], p.values[2]);
    }

  /* the first ACK that covers a retransmitted segment measures nothing
   * of it: either no sample, or (checked above) one of a segment sent once */
  for (guint j = 0; j < n_segments; j++)
    {
      HsTraceSegment r;

      hs_trace_read_segment (trace, j, &r);
      if (r.from != endpoint || !(r.marks & HS_MARK_RETRANSMISSION) || !occupies_sequence (&r))
        continue;
      for (guint s = r.sent_step; s < n_steps; s++)
        {
          HsTraceStep a;
          HsTraceSegment ack;

          hs_trace_read_step (trace, s, &a);
          if (a.kind != HS_STEP_SEGMENT_ARRIVED || a.endpoint != endpoint)
            continue;
          hs_trace_read_segment (trace, a.segment, &ack);
          if (!(ack.header.flags & HS_TCP_ACK) || !hs_seq_geq (ack.header.ack, segment_end (&r)))
            continue;
          if (!g_hash_table_contains (sampled_acks, GUINT_TO_POINTER (s)))
            (*n_retransmission_acks)++;
          break;
        }
    }
}

static void
test_rtt_samples (void)
{
  static const char * const lessons[] = {
    "data-loss-rto", "fast-retransmit", "timeout-cwnd", "syn-lost", "sack", "slow-start", "tail-loss-probe",
  };
  guint n_samples = 0, n_retransmission_acks = 0;

  g_test_summary ("A lesson's RTT plot has a point for each round-trip sample the engine takes, at the "
                  "ACK that took it, of the time since the segment it timed was sent; never of a "
                  "retransmitted segment (Karn's rule), and SRTT moves by each as RFC 6298 says");

  for (guint l = 0; l < G_N_ELEMENTS (lessons); l++)
    {
      g_autoptr(HsTrace) trace = run_lesson (lessons[l], NULL);
      guint before = n_retransmission_acks;

      for (guint e = 0; e < hs_trace_get_n_endpoints (trace); e++)
        check_rtt_samples (lessons[l], trace, e, &n_samples, &n_retransmission_acks);
      /* the lesson about a lost segment and its timeout: the ACK of the
       * retransmission measures nothing */
      if (g_str_equal (lessons[l], "data-loss-rto") || g_str_equal (lessons[l], "syn-lost"))
        g_assert_cmpuint (n_retransmission_acks, >, before);
    }
  g_assert_cmpuint (n_samples, >, 20);
}

/* ------------------------------------------------------------------ */

static void
test_capture_bytes_in_flight (void)
{
  g_autofree char *listing = g_test_build_filename (G_TEST_DIST, "data", "plot", "bytes-in-flight.txt", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GHashTable) expected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GDir) dir = NULL;
  g_autofree char *captures = g_test_build_filename (G_TEST_DIST, "data", "captures", NULL);
  const char *name;
  guint checked = 0, with_value = 0;

  g_test_summary ("A capture's bytes in flight equal tshark's tcp.analysis.bytes_in_flight for "
                  "every packet of every real capture (recorded in tests/data/plot)");

  g_assert_true (g_file_get_contents (listing, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = NULL;

      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      f = g_strsplit (lines[i], " ", 3);
      g_assert_cmpuint (g_strv_length (f), ==, 3);
      g_hash_table_insert (expected, g_strdup_printf ("%s/%s", f[0], f[1]),
                           GUINT_TO_POINTER ((guint) g_ascii_strtoull (f[2], NULL, 10)));
    }

  dir = g_dir_open (captures, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *base = NULL;
      g_autoptr(HsTrace) trace = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree guint32 *flight = NULL;
      guint n;

      if (!g_str_has_suffix (name, ".pcap"))
        continue;
      path = g_build_filename (captures, name, NULL);
      base = g_strndup (name, strlen (name) - 5);
      g_assert_true (hs_capture_load_stream (path, 0, &trace, &error));
      g_assert_no_error (error);
      n = hs_trace_get_n_segments (trace);
      flight = g_new (guint32, MAX (n, 1));
      hs_plot_capture_bytes_in_flight (trace, flight);
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *key = g_strdup_printf ("%s/%u", base, i + 1);
          gpointer want;

          if (g_hash_table_lookup_extended (expected, key, NULL, &want))
            {
              if (flight[i] != GPOINTER_TO_UINT (want))
                g_error ("%s packet %u: %u bytes in flight, tshark says %u", base, i + 1, flight[i], GPOINTER_TO_UINT (want));
              with_value++;
            }
          else if (flight[i] != HS_PLOT_NO_VALUE)
            g_error ("%s packet %u: %u bytes in flight, tshark shows none", base, i + 1, flight[i]);
          checked++;
        }
    }
  g_assert_cmpuint (with_value, ==, g_hash_table_size (expected));
  g_assert_cmpuint (checked, >, with_value);
}

static void
test_capture_ack_rtt (void)
{
  g_autofree char *listing = g_test_build_filename (G_TEST_DIST, "data", "plot", "ack-rtt.txt", NULL);
  g_autofree char *captures = g_test_build_filename (G_TEST_DIST, "data", "captures", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GHashTable) expected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint matched = 0;

  g_test_summary ("A capture's RTT plot has a sample at every ACK where tshark shows "
                  "tcp.analysis.ack_rtt, of the same value, and none elsewhere, for every real capture");

  g_assert_true (g_file_get_contents (listing, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = NULL;

      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      f = g_strsplit (lines[i], " ", 3);
      g_hash_table_insert (expected, g_strdup_printf ("%s/%s", f[0], f[1]),
                           GUINT_TO_POINTER ((guint) g_ascii_strtoull (f[2], NULL, 10)));
    }

  dir = g_dir_open (captures, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *base = NULL;
      g_autoptr(HsTrace) trace = NULL;
      g_autoptr(GError) error = NULL;
      HsPlotData *data[2];

      if (!g_str_has_suffix (name, ".pcap"))
        continue;
      path = g_build_filename (captures, name, NULL);
      base = g_strndup (name, strlen (name) - 5);
      g_assert_true (hs_capture_load_stream (path, 0, &trace, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (hs_trace_get_n_endpoints (trace), ==, 2);
      /* each endpoint's plot has the samples of the ACKs it receives */
      data[0] = hs_plot_data_new (trace, HS_PLOT_RTT, 0);
      data[1] = hs_plot_data_new (trace, HS_PLOT_RTT, 1);
      g_assert_cmpuint (hs_plot_data_get_n_points (data[0]), ==, hs_trace_get_n_segments (trace));
      for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
        {
          g_autofree char *key = g_strdup_printf ("%s/%u", base, i + 1);
          HsPlotPoint a, b;
          guint32 mine;
          gpointer want;

          hs_plot_data_get_point (data[0], i, &a);
          hs_plot_data_get_point (data[1], i, &b);
          g_assert_true (a.values[0] == HS_PLOT_NO_VALUE || b.values[0] == HS_PLOT_NO_VALUE);
          mine = a.values[0] != HS_PLOT_NO_VALUE ? a.values[0] : b.values[0];
          if (g_hash_table_lookup_extended (expected, key, NULL, &want))
            {
              if (mine == HS_PLOT_NO_VALUE || ABS ((gint64) mine - (gint64) GPOINTER_TO_UINT (want)) > 1)
                g_error ("%s packet %u: RTT %u µs, tshark says %u", base, i + 1, mine, GPOINTER_TO_UINT (want));
              matched++;
            }
          else if (mine != HS_PLOT_NO_VALUE)
            g_error ("%s packet %u: RTT %u µs, tshark shows none", base, i + 1, mine);
        }
      g_object_unref (data[0]);
      g_object_unref (data[1]);
    }
  g_assert_cmpuint (matched, ==, g_hash_table_size (expected));
}

/* One packet as tshark 4.0 analyses it; a field tshark leaves empty is
 * G_MAXUINT32. */
typedef struct
{
  guint64 time_us;      /* frame.time_relative */
  guint   srcport;
  guint32 ack;          /* tcp.ack, relative; G_MAXUINT32 without the ACK flag */
  guint32 flight;       /* tcp.analysis.bytes_in_flight */
  guint32 ack_rtt_us;   /* tcp.analysis.ack_rtt */
} TsharkPacket;

static guint32
tshark_field (const char *field)
{
  if (*field == '\0')
    return G_MAXUINT32;
  return (guint32) g_ascii_strtoull (field, NULL, 10);
}

/* "0.020506000" seconds to microseconds, exactly (a pcap has µs) */
static guint64
tshark_usec (const char *field)
{
  g_auto(GStrv) parts = g_strsplit (field, ".", 2);
  guint64 us = g_ascii_strtoull (parts[0], NULL, 10) * G_USEC_PER_SEC;

  if (parts[1] != NULL)
    {
      char frac[7] = "000000";

      memcpy (frac, parts[1], MIN (strlen (parts[1]), 6));
      us += g_ascii_strtoull (frac, NULL, 10);
    }
  return us;
}

static guint64
tshark_rtt_usec (const char *field)
{
  return *field == '\0' ? G_MAXUINT32 : tshark_usec (field);
}

static GArray *
tshark_parse (const char *out)
{
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  GArray *packets = g_array_new (FALSE, TRUE, sizeof (TsharkPacket));

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = NULL;
      TsharkPacket p;

      if (lines[i][0] == '\0')
        continue;
      f = g_strsplit (lines[i], "\t", -1);
      g_assert_cmpuint (g_strv_length (f), ==, 7);
      g_assert_cmpuint (g_ascii_strtoull (f[0], NULL, 10), ==, packets->len + 1);
      p.time_us = tshark_usec (f[1]);
      p.srcport = tshark_field (f[2]);
      /* tcp.flags.ack: tshark shows tcp.ack only with it */
      p.ack = g_str_equal (f[4], "1") || g_str_equal (f[4], "True") ? tshark_field (f[3]) : G_MAXUINT32;
      p.flight = tshark_field (f[5]);
      p.ack_rtt_us = (guint32) MIN (tshark_rtt_usec (f[6]), G_MAXUINT32);
      g_array_append_val (packets, p);
    }
  return packets;
}

static void
test_capture_tshark (void)
{
  g_autofree char *captures = g_test_build_filename (G_TEST_DIST, "data", "captures", NULL);
  g_autofree char *tshark = g_find_program_in_path ("tshark");
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) procs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  const char *name;
  guint n_flight = 0, n_rtt = 0, n_throughput = 0;

  g_test_summary ("For every packet of every real capture, as tshark analyses it now: bytes in flight equal "
                  "tcp.analysis.bytes_in_flight, the RTT plots' samples tcp.analysis.ack_rtt, and the "
                  "throughput plot's rate the bytes that tshark's relative tcp.ack moved over the plot's "
                  "averaging window");

  if (tshark == NULL)
    {
      g_test_skip ("tshark is not installed (Debian: tshark): the plots of captures are not checked against it");
      return;
    }

  /* tshark is a GLib program: the tests' fatal warnings are not its */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  /* its profile in the test's own isolated folders */
  g_subprocess_launcher_setenv (launcher, "HOME", g_get_home_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", g_get_user_config_dir (), TRUE);
  dir = g_dir_open (captures, 0, NULL);
  g_assert_nonnull (dir);
  /* every capture's tshark at once: each takes a second to start */
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autoptr(GError) error = NULL;
      GSubprocess *proc;

      if (!g_str_has_suffix (name, ".pcap"))
        continue;
      path = g_build_filename (captures, name, NULL);
      proc = g_subprocess_launcher_spawn (launcher, &error,
                               tshark, "-n", "-r", path, "-T", "fields", "-E", "separator=/t",
                               "-e", "frame.number", "-e", "frame.time_relative", "-e", "tcp.srcport",
                               "-e", "tcp.ack", "-e", "tcp.flags.ack",
                               "-e", "tcp.analysis.bytes_in_flight", "-e", "tcp.analysis.ack_rtt", NULL);
      g_assert_no_error (error);
      g_ptr_array_add (names, g_strdup (name));
      g_ptr_array_add (procs, proc);
    }
  g_assert_cmpuint (names->len, >, 5);

  for (guint c = 0; c < names->len; c++)
    {
      const char *base = g_ptr_array_index (names, c);
      g_autofree char *path = g_build_filename (captures, base, NULL);
      g_autofree char *out = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) packets = NULL;
      g_autoptr(HsTrace) trace = NULL;
      g_autofree guint32 *flight = NULL;
      guint n;

      g_assert_true (g_subprocess_communicate_utf8 (g_ptr_array_index (procs, c), NULL, NULL, &out, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (g_subprocess_get_successful (g_ptr_array_index (procs, c)));
      packets = tshark_parse (out);

      g_assert_true (hs_capture_load_stream (path, 0, &trace, &error));
      g_assert_no_error (error);
      n = hs_trace_get_n_segments (trace);
      g_assert_cmpuint (n, ==, packets->len);

      flight = g_new (guint32, MAX (n, 1));
      hs_plot_capture_bytes_in_flight (trace, flight);
      for (guint i = 0; i < n; i++)
        {
          if (flight[i] != g_array_index (packets, TsharkPacket, i).flight)
            g_error ("%s packet %u: %u bytes in flight, tshark says %u (%u: none)", base, i + 1, flight[i],
                     g_array_index (packets, TsharkPacket, i).flight, G_MAXUINT32);
          n_flight += flight[i] != HS_PLOT_NO_VALUE;
        }

      for (guint e = 0; e < hs_trace_get_n_endpoints (trace); e++)
        {
          g_autoptr(HsPlotData) rtt = hs_plot_data_new (trace, HS_PLOT_RTT, e);
          g_autoptr(HsPlotData) tput = hs_plot_data_new (trace, HS_PLOT_THROUGHPUT, e);
          guint port = hs_trace_get_endpoint (trace, e)->port;
          HsTime window = CLAMP ((hs_plot_data_get_end_time (tput) - hs_plot_data_get_start_time (tput)) / 10,
                                 1000, 100 * HS_USEC_PER_MSEC);

          g_assert_cmpuint (hs_plot_data_get_n_points (tput), ==, n);
          for (guint i = 0; i < n; i++)
            {
              const TsharkPacket *pk = &g_array_index (packets, TsharkPacket, i);
              HsPlotPoint p;
              guint32 acked = G_MAXUINT32, before = 0;

              /* RTT: the samples of the ACKs this endpoint receives */
              hs_plot_data_get_point (rtt, i, &p);
              if (pk->srcport != port && pk->ack_rtt_us != G_MAXUINT32)
                {
                  if (p.values[0] == HS_PLOT_NO_VALUE || ABS ((gint64) p.values[0] - (gint64) pk->ack_rtt_us) > 1)
                    g_error ("%s packet %u: RTT %u µs, tshark says %u", base, i + 1, p.values[0], pk->ack_rtt_us);
                  n_rtt++;
                }
              else if (p.values[0] != HS_PLOT_NO_VALUE)
                g_error ("%s packet %u: RTT %u µs, tshark shows none", base, i + 1, p.values[0]);

              /* throughput: what the peer's ACKs (tshark's relative
               * numbers) moved over the window before this packet */
              for (guint j = i + 1; j-- > 0;)
                {
                  const TsharkPacket *q = &g_array_index (packets, TsharkPacket, j);

                  if (q->srcport != port && q->ack != G_MAXUINT32)
                    {
                      acked = q->ack;
                      break;
                    }
                }
              for (guint j = i + 1; j-- > 0;)
                {
                  const TsharkPacket *q = &g_array_index (packets, TsharkPacket, j);

                  if ((gint64) q->time_us > (gint64) pk->time_us - window)
                    continue;
                  for (guint k = j + 1; k-- > 0;)
                    {
                      const TsharkPacket *r = &g_array_index (packets, TsharkPacket, k);

                      if (r->srcport != port && r->ack != G_MAXUINT32)
                        {
                          before = r->ack;
                          break;
                        }
                    }
                  break;
                }
              hs_plot_data_get_point (tput, i, &p);
              if (acked == G_MAXUINT32)
                g_assert_cmpuint (p.values[0], ==, HS_PLOT_NO_VALUE);
              else
                {
                  guint32 want = (guint32) MIN ((guint64) (acked - before) * HS_USEC_PER_SEC / window, G_MAXUINT32 - 1);

                  if (p.values[0] != want)
                    g_error ("%s packet %u, %s's throughput: %u B/s, from tshark's ACKs %u B/s",
                             base, i + 1, hs_trace_get_endpoint (trace, e)->name, p.values[0], want);
                  n_throughput++;
                }
            }
        }
    }
  g_test_message ("checked %u bytes in flight, %u RTT samples, %u throughputs against tshark",
                  n_flight, n_rtt, n_throughput);
  g_assert_cmpuint (n_flight, >, 100);
  g_assert_cmpuint (n_rtt, >, 50);
  g_assert_cmpuint (n_throughput, >, 200);
}

static void
test_capture_labelled_estimate (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "captures", "loss-bulk.pcap", NULL);
  g_autoptr(HsTrace) trace = NULL;
  g_autoptr(HsPlotData) data = NULL;
  g_autoptr(GError) error = NULL;
  gboolean retrans = FALSE;

  g_test_summary ("A capture's congestion plot has no cwnd series: its flight is labelled as an "
                  "estimate of cwnd, and its retransmissions are marked");

  g_assert_true (hs_capture_load_stream (path, 0, &trace, &error));
  g_assert_no_error (error);
  data = hs_plot_data_new (trace, HS_PLOT_CONGESTION, HS_TRACE_NONE);
  g_assert_true (hs_plot_data_is_capture (data));
  for (guint k = 0; k < hs_plot_data_get_n_series (data); k++)
    g_assert_cmpstr (hs_plot_data_get_series_name (data, k), !=, "cwnd");
  g_assert_cmpstr (hs_plot_data_get_series_name (data, 0), ==, "bytes_in_flight");
  g_assert_nonnull (strstr (hs_plot_data_get_series_label (data, 0), "estimate"));
  for (guint i = 0; i < hs_plot_data_get_n_events (data); i++)
    retrans |= hs_plot_data_get_event (data, i)->kind == HS_PLOT_EVENT_RETRANSMISSION;
  g_assert_true (retrans);
}

/* ------------------------------------------------------------------ */
/* Pictures                                                             */

static cairo_surface_t *
render (HsPlotData         *data,
        HsDiagramStyleKind  style,
        guint               step)
{
  HsPlotRenderOptions o;
  cairo_surface_t *surface;
  cairo_t *cr;

  hs_plot_render_options_init (&o);
  o.style = style;
  o.width = 800;
  o.height = 450;
  o.current_step = step;
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 800, 450);
  cr = cairo_create (surface);
  hs_plot_render (data, cr, &o);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  return surface;
}

static guint
count_different (cairo_surface_t *a,
                 cairo_surface_t *b,
                 int              tolerance)
{
  int w = cairo_image_surface_get_width (a), h = cairo_image_surface_get_height (a);
  int sa = cairo_image_surface_get_stride (a), sb = cairo_image_surface_get_stride (b);
  const guint8 *pa, *pb;
  guint n = 0;

  cairo_surface_flush (a);
  cairo_surface_flush (b);
  pa = cairo_image_surface_get_data (a);
  pb = cairo_image_surface_get_data (b);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      for (int c = 0; c < 4; c++)
        if (ABS ((int) pa[y * sa + 4 * x + c] - (int) pb[y * sb + 4 * x + c]) > tolerance)
          {
            n++;
            break;
          }
  return n;
}

static void
test_render_references (void)
{
  static const struct { const char *lesson; HsPlotKind kind; guint step; } cases[] = {
    { "slow-start", HS_PLOT_CONGESTION, 100 },
    { "fast-retransmit", HS_PLOT_CONGESTION, HS_TRACE_NONE },
    { "sack", HS_PLOT_SEQUENCE, 60 },
    { "sliding-window", HS_PLOT_WINDOW, 40 },
    { "zero-window", HS_PLOT_CONGESTION, HS_TRACE_NONE },
    { "timeout-cwnd", HS_PLOT_RTT, HS_TRACE_NONE },
    { "slow-start", HS_PLOT_THROUGHPUT, HS_TRACE_NONE },
  };
  static const HsDiagramStyleKind styles[] = {
    HS_DIAGRAM_STYLE_LIGHT, HS_DIAGRAM_STYLE_DARK, HS_DIAGRAM_STYLE_HIGH_CONTRAST, HS_DIAGRAM_STYLE_PRINT,
  };
  gboolean update = g_getenv ("HS_UPDATE_REFERENCES") != NULL;
  const char *look = g_getenv ("HS_PLOT_LOOK_DIR");
  guint compared = 0;

  g_test_summary ("Plots of lessons render in every style like their committed reference "
                  "images, within a small tolerance");

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(HsTrace) trace = run_lesson (cases[c].lesson, NULL);
      g_autoptr(HsPlotData) data = hs_plot_data_new (trace, cases[c].kind, HS_TRACE_NONE);

      for (guint s = 0; s < G_N_ELEMENTS (styles); s++)
        {
          g_autofree char *name = g_strdup_printf ("%s-%s-%s.png", cases[c].lesson,
                                                   hs_plot_kind_to_string (cases[c].kind),
                                                   hs_diagram_style_kind_to_string (styles[s]));
          g_autofree char *reference = g_test_build_filename (G_TEST_DIST, "data", "plot", name, NULL);
          cairo_surface_t *surface = render (data, styles[s], cases[c].step);

          if (look != NULL)
            {
              g_autofree char *path = g_build_filename (look, name, NULL);

              g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
            }
          /* the references: every case in light, the first in every style */
          if (update && (styles[s] == HS_DIAGRAM_STYLE_LIGHT || c == 0))
            g_assert_cmpint (cairo_surface_write_to_png (surface, reference), ==, CAIRO_STATUS_SUCCESS);
          if (g_file_test (reference, G_FILE_TEST_EXISTS))
            {
              cairo_surface_t *expected = cairo_image_surface_create_from_png (reference);
              guint differ;

              g_assert_cmpint (cairo_surface_status (expected), ==, CAIRO_STATUS_SUCCESS);
              g_assert_cmpint (cairo_image_surface_get_width (expected), ==, 800);
              g_assert_cmpint (cairo_image_surface_get_height (expected), ==, 450);
              differ = count_different (surface, expected, 40);
              if (differ > 800 * 450 / 500)
                g_error ("%s: %u pixels differ from the reference", name, differ);
              cairo_surface_destroy (expected);
              compared++;
            }
          cairo_surface_destroy (surface);
        }
    }
  if (compared == 0)
    g_test_skip ("no reference images found (set G_TEST_SRCDIR to the tests folder)");
}

static void
test_render_cursor (void)
{
  g_autoptr(HsTrace) trace = run_lesson ("slow-start", NULL);
  g_autoptr(HsPlotData) data = hs_plot_data_new (trace, HS_PLOT_CONGESTION, HS_TRACE_NONE);
  HsPlotRenderOptions o;
  guint n = hs_trace_get_n_steps (trace);
  double last_x = -1;
  cairo_surface_t *a, *b;

  g_test_summary ("The cursor of a step is where that step happened on the time axis, a click "
                  "there gives a step at that time, and moving the cursor changes the picture");

  hs_plot_render_options_init (&o);
  for (guint s = 0; s < n; s++)
    {
      double x;
      guint back;
      HsTraceStep st, bt;

      if (!hs_plot_x_for_step (data, &o, s, &x))
        continue;
      hs_trace_read_step (trace, s, &st);
      /* TIME-WAIT's end, past the axis: pinned to its right edge */
      if (st.time > hs_plot_data_get_end_time (data))
        {
          g_assert_cmpfloat (x, >=, last_x);
          continue;
        }
      g_assert_cmpfloat (x, >=, last_x);
      last_x = x;
      back = hs_plot_step_at (data, &o, x);
      g_assert_cmpuint (back, !=, HS_TRACE_NONE);
      hs_trace_read_step (trace, back, &bt);
      /* a pixel is worth this much time; a step at the same pixel will do */
      g_assert_cmpint (ABS (st.time - bt.time), <=,
                       (hs_plot_data_get_end_time (data) - hs_plot_data_get_start_time (data)) / 400 + 1);
    }
  g_assert_cmpfloat (last_x, >, o.width / 2);
  g_assert_cmpuint (hs_plot_step_at (data, &o, 2), ==, HS_TRACE_NONE);

  a = render (data, HS_DIAGRAM_STYLE_LIGHT, 20);
  b = render (data, HS_DIAGRAM_STYLE_LIGHT, 200);
  g_assert_cmpuint (count_different (a, b, 40), >, 100);
  cairo_surface_destroy (a);
  cairo_surface_destroy (b);
}

static void
test_describe (void)
{
  g_autoptr(HsTrace) trace = run_lesson ("slow-start", NULL);
  g_autoptr(HsPlotData) data = hs_plot_data_new (trace, HS_PLOT_CONGESTION, endpoint_named (trace, "client"));
  HsPlotRenderOptions o;
  const HsTcbSnapshot *tcb;
  g_autofree char *text = NULL;
  g_autofree char *want = NULL;
  g_autofree char *segs = NULL;

  g_test_summary ("The tooltip of a step gives the plotted values at that step, in bytes or in segments");

  hs_plot_render_options_init (&o);
  tcb = hs_trace_get_tcb_at (trace, 100, endpoint_named (trace, "client"));
  text = hs_plot_describe_step (data, &o, 100);
  want = g_strdup_printf ("Congestion window (cwnd): %u bytes", tcb->cwnd);
  g_assert_true (g_str_has_prefix (text, "Step 101\n"));
  g_assert_nonnull (strstr (text, want));
  o.segments = TRUE;
  segs = hs_plot_describe_step (data, &o, 100);
  g_assert_nonnull (strstr (segs, "segments"));
}

/* ------------------------------------------------------------------ */
/* Exports                                                              */

static void
test_export_formats (void)
{
  g_autoptr(HsTrace) trace = run_lesson ("slow-start", NULL);
  g_autoptr(HsPlotData) data = hs_plot_data_new (trace, HS_PLOT_CONGESTION, HS_TRACE_NONE);
  g_autofree char *dir = hs_test_dir_new ();
  static const struct { const char *name; const char *magic; } files[] = {
    { "plot.png", "\x89PNG" }, { "plot.svg", "<?xml" }, { "plot.pdf", "%PDF" }, { "plot.csv", "step,time_us,cwnd" },
  };

  g_test_summary ("A plot is written as PNG, SVG, PDF or CSV, chosen by the file name; a failed "
                  "write leaves nothing behind and names the file");

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (dir, files[i].name, NULL);
      g_autofree char *contents = NULL;
      g_autoptr(GError) error = NULL;
      HsPlotFormat format;
      gsize len;

      g_assert_true (hs_plot_format_from_path (path, &format));
      g_assert_true (hs_plot_export (data, path, format, NULL, 1, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
      g_assert_cmpuint (len, >, strlen (files[i].magic));
      g_assert_true (memcmp (contents, files[i].magic, strlen (files[i].magic)) == 0);
    }

  {
    g_autofree char *bad = g_build_filename (dir, "missing", "plot.png", NULL);
    g_autoptr(GError) error = NULL;

    g_assert_false (hs_plot_export (data, bad, HS_PLOT_FORMAT_PNG, NULL, 1, NULL, &error));
    g_assert_nonnull (error);
    g_assert_false (g_file_test (bad, G_FILE_TEST_EXISTS));
  }
  {
    g_autofree char *listing = hs_test_dir_list (dir);

    g_assert_cmpstr (listing, ==, "plot.csv plot.pdf plot.png plot.svg");
  }
  hs_test_dir_remove (dir);
}

static char *
run_cli (const char * const *args,
         int                *status,
         char              **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  g_ptr_array_add (argv, (gpointer) g_getenv ("HANDSHAKE"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, err, status, &error));
  g_assert_no_error (error);
  return out;
}

static void
test_cli (void)
{
  g_autofree char *dir = hs_test_dir_new ();
  g_autofree char *png = g_build_filename (dir, "cwnd.png", NULL);
  g_autofree char *pcap = g_test_build_filename (G_TEST_DIST, "data", "captures", "loss-bulk.pcap", NULL);
  int status;

  g_test_summary ("handshake --plot writes a lesson's or a capture's plot as an image or as CSV, "
                  "and refuses a kind it does not know");

  if (g_getenv ("HANDSHAKE") == NULL)
    {
      g_test_skip ("HANDSHAKE is not set");
      return;
    }

  {
    const char * const args[] = { "-q", "--lesson", "slow-start", "--plot", "congestion", "--export", png, NULL };
    g_autofree char *err = NULL;
    g_autofree char *out = run_cli (args, &status, &err);
    g_autofree char *contents = NULL;

    g_assert_cmpint (status, ==, 0);
    g_assert_true (g_file_get_contents (png, &contents, NULL, NULL));
    g_assert_true (memcmp (contents, "\x89PNG", 4) == 0);
  }
  {
    const char * const args[] = { "-q", "--lesson", "slow-start", "--plot", "rtt:server", "--format", "csv", "-o", "-", NULL };
    g_autofree char *err = NULL;
    g_autofree char *out = run_cli (args, &status, &err);

    g_assert_cmpint (status, ==, 0);
    g_assert_true (g_str_has_prefix (out, "step,time_us,srtt_us,rto_us,rtt_sample_us\n"));
  }
  {
    const char * const args[] = { "-q", "--pcap", pcap, "--stream", "0", "--plot", "congestion", "--format", "csv", NULL };
    g_autofree char *err = NULL;
    g_autofree char *out = run_cli (args, &status, &err);

    g_assert_cmpint (status, ==, 0);
    g_assert_true (g_str_has_prefix (out, "step,time_us,bytes_in_flight,peer_window\n"));
    /* frame 200 of the capture: the fast retransmission, as tshark says */
    g_assert_nonnull (strstr (out, ",90409,"));
  }
  {
    const char * const args[] = { "-q", "--lesson", "slow-start", "--plot", "cwnd", "--format", "csv", NULL };
    g_autofree char *err = NULL;
    g_autofree char *out = run_cli (args, &status, &err);

    g_assert_cmpint (status, !=, 0);
    g_assert_nonnull (strstr (err, "--plot cwnd: the plots are congestion, sequence, window, throughput and rtt"));
  }
  {
    const char * const args[] = { "-q", "--lesson", "slow-start", "--plot", "congestion", "--view", "states", "-o", png, NULL };
    g_autofree char *err = NULL;
    g_autofree char *out = run_cli (args, &status, &err);

    g_assert_cmpint (status, !=, 0);
    g_assert_nonnull (strstr (err, "--view and --frames do not apply"));
  }
  hs_test_dir_remove (dir);
}

/* The lessons about congestion and flow control open with a plot, named
 * as src/plot names it. */
static void
test_lesson_key (void)
{
  static const struct { const char *lesson; HsPlotKind kind; } lessons[] = {
    { "slow-start", HS_PLOT_CONGESTION }, { "fast-retransmit", HS_PLOT_CONGESTION },
    { "timeout-cwnd", HS_PLOT_CONGESTION }, { "sack", HS_PLOT_SEQUENCE },
    { "sliding-window", HS_PLOT_WINDOW }, { "zero-window", HS_PLOT_WINDOW },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(HsScenario) handshake = hs_scenario_new_builtin ("three-way-handshake", &error);
  const char *bad = "[Lesson]\nTitle=x\nPlot=cwnd\n[Client]\nScript=connect\n[Server]\nScript=listen\n";
  g_autoptr(HsScenario) refused = NULL;

  g_test_summary ("The congestion and flow-control lessons name the plot they open with; a "
                  "lesson file with an unknown plot is refused with its line");

  g_assert_no_error (error);
  g_assert_null (hs_scenario_get_plot (handshake));
  for (guint i = 0; i < G_N_ELEMENTS (lessons); i++)
    {
      g_autoptr(HsScenario) scenario = hs_scenario_new_builtin (lessons[i].lesson, &error);
      HsPlotKind kind;

      g_assert_no_error (error);
      g_assert_nonnull (hs_scenario_get_plot (scenario));
      g_assert_true (hs_plot_kind_from_string (hs_scenario_get_plot (scenario), &kind));
      g_assert_cmpuint (kind, ==, lessons[i].kind);
    }
  for (guint k = 0; k < HS_PLOT_N_KINDS; k++)
    {
      g_autofree char *data = g_strdup_printf ("[Lesson]\nTitle=x\nPlot=%s\n[Client]\nScript=connect\n[Server]\nScript=listen\n",
                                               hs_plot_kind_to_string (k));
      g_autoptr(HsScenario) scenario = hs_scenario_new_from_data ("x", "x.lesson", data, strlen (data), &error);

      g_assert_no_error (error);
      g_assert_cmpstr (hs_scenario_get_plot (scenario), ==, hs_plot_kind_to_string (k));
    }
  refused = hs_scenario_new_from_data ("x", "x.lesson", bad, strlen (bad), &error);
  g_assert_null (refused);
  /* readable, but an impossible value */
  g_assert_error (error, HS_ERROR, HS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "x.lesson:3"));
  g_assert_nonnull (strstr (error->message, "cwnd"));
}

static void
test_kind_names (void)
{
  HsPlotKind kind;

  g_test_summary ("Plot kinds are named as the command line and lesson files spell them");

  for (guint k = 0; k < HS_PLOT_N_KINDS; k++)
    {
      g_assert_true (hs_plot_kind_from_string (hs_plot_kind_to_string (k), &kind));
      g_assert_cmpuint (kind, ==, k);
    }
  g_assert_true (hs_plot_kind_from_string ("RTT", &kind));
  g_assert_cmpuint (kind, ==, HS_PLOT_RTT);
  g_assert_false (hs_plot_kind_from_string ("cwnd", &kind));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/plot/series/lessons", test_series_lessons);
  g_test_add_func ("/plot/series/csv", test_series_csv);
  g_test_add_func ("/plot/series/slow-start-shape", test_slow_start_shape);
  g_test_add_func ("/plot/series/fast-retransmit", test_fast_retransmit);
  g_test_add_func ("/plot/series/rtt-samples", test_rtt_samples);
  g_test_add_func ("/plot/capture/bytes-in-flight", test_capture_bytes_in_flight);
  g_test_add_func ("/plot/capture/ack-rtt", test_capture_ack_rtt);
  g_test_add_func ("/plot/capture/tshark", test_capture_tshark);
  g_test_add_func ("/plot/capture/estimate", test_capture_labelled_estimate);
  g_test_add_func ("/plot/render/references", test_render_references);
  g_test_add_func ("/plot/render/cursor", test_render_cursor);
  g_test_add_func ("/plot/render/describe", test_describe);
  g_test_add_func ("/plot/export/formats", test_export_formats);
  g_test_add_func ("/plot/kinds", test_kind_names);
  g_test_add_func ("/plot/lesson-key", test_lesson_key);
  g_test_add_func ("/plot/cli", test_cli);

  return g_test_run ();
}
