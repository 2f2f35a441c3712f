/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-transfer.c: the data-transfer lessons at their decisive moments, held
 * against what RFC 9293, 1122, 2018, 5681, 6582, 6675 and 6298 say must
 * happen with each lesson's parameters, and against the Linux capture of a
 * zero window. */

#define G_LOG_DOMAIN "test-transfer"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "hs-narration.h"
#include "hs-profile.h"
#include "hs-scenario.h"
#include "hs-simulator.h"
#include "hs-trace.h"

#define C 0                       /* the client: endpoint 0 of every lesson */
#define S 1                       /* the server */
#define TS_OPTION_LEN 12          /* NOP, NOP, timestamps (RFC 7323) on every segment */
#define UNLIMITED G_MAXUINT32     /* RFC 5681's "arbitrarily high" initial ssthresh */
#define MSEC(x) ((HsTime) (x) * HS_USEC_PER_MSEC)

/* Assertions do not abort here (see main()); a case stops where going on
 * would index what is not there. */
#define RETURN_IF_FAILED() G_STMT_START { if (g_test_failed ()) return; } G_STMT_END

/* ------------------------------------------------------------ helpers -- */

/* Loads a built-in lesson and applies "group.key=value" overrides. */
static HsScenario *
load_lesson (const char         *id,
             const char * const *sets)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsScenario) scenario = hs_scenario_new_builtin (id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (scenario);
  for (guint i = 0; sets != NULL && sets[i] != NULL; i++)
    {
      g_assert_true (hs_scenario_set (scenario, sets[i], &error));
      g_assert_no_error (error);
    }
  return g_steal_pointer (&scenario);
}

static HsTrace *
run_scenario (HsScenario *scenario)
{
  g_autoptr(GError) error = NULL;
  HsTrace *trace = hs_simulator_run (scenario, &error);

  g_assert_no_error (error);
  g_assert_nonnull (trace);
  g_assert_null (hs_trace_get_parameter (trace, "truncated"));
  return trace;
}

static HsTrace *
run_lesson (const char         *id,
            const char * const *sets)
{
  g_autoptr(HsScenario) scenario = load_lesson (id, sets);

  return run_scenario (scenario);
}

#define SETS(...) ((const char * const[]) { __VA_ARGS__, NULL })

static const HsTraceSegment *
segment (HsTrace *trace,
         guint    i)
{
  return hs_trace_get_segment (trace, i);
}

static const HsTraceStep *
step (HsTrace *trace,
      guint    i)
{
  return hs_trace_get_step (trace, i);
}

static guint32
rel_seq (HsTrace              *trace,
         const HsTraceSegment *s)
{
  return hs_trace_segment_rel_seq (trace, s);
}

/* The first SYN (or SYN+ACK) @from sent. */
static const HsTraceSegment *
first_syn (HsTrace *trace,
           guint    from)
{
  for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
    {
      const HsTraceSegment *s = segment (trace, i);

      if (s->from == from && (s->header.flags & HS_TCP_SYN))
        return s;
    }
  g_assert_not_reached ();
}

/* The size of a full data segment, from the handshake: the smaller of the
 * two MSS options, less the timestamp option when both sides offered it
 * (RFC 9293 section 3.7.1, RFC 7323 section 3). */
static guint32
handshake_smss (HsTrace *trace)
{
  const HsTcpOptions *c = &first_syn (trace, C)->header.options;
  const HsTcpOptions *s = &first_syn (trace, S)->header.options;
  guint32 mss;

  g_assert_true (c->present & HS_TCP_OPT_MSS);
  g_assert_true (s->present & HS_TCP_OPT_MSS);
  mss = MIN (c->mss, s->mss);
  if ((c->present & HS_TCP_OPT_TIMESTAMP) && (s->present & HS_TCP_OPT_TIMESTAMP))
    mss -= TS_OPTION_LEN;
  return mss;
}

/* The client's round-trip time measured on the handshake. */
static HsTime
handshake_rtt (HsTrace *trace)
{
  const HsTraceSegment *syn = first_syn (trace, C);
  const HsTraceSegment *synack = first_syn (trace, S);

  g_assert_cmpint (synack->fate, ==, HS_FATE_DELIVERED);
  return synack->arrived - syn->sent;
}

/* Whether a step opens an event of its own (an arrival, a loss, a timer,
 * an application's call) rather than follow from one. */
static gboolean
opens_event (const HsTraceStep *st)
{
  return st->kind == HS_STEP_SEGMENT_ARRIVED || st->kind == HS_STEP_SEGMENT_LOST ||
         st->kind == HS_STEP_TIMER || st->kind == HS_STEP_APP_CALL;
}

/* The last step of the event @first opened: the steps the simulator added
 * while handling it name it as their cause. */
static guint
event_end (HsTrace *trace,
           guint    first)
{
  guint n = hs_trace_get_n_steps (trace);
  guint last = first;

  while (last + 1 < n && step (trace, last + 1)->cause == first &&
         !opens_event (step (trace, last + 1)) &&
         step (trace, last + 1)->time == step (trace, first)->time)
    last++;
  return last;
}

/* @endpoint's TCB just before the event at @first, and once the event has
 * been handled. */
static const HsTcbSnapshot *
tcb_before (HsTrace *trace,
            guint    first,
            guint    endpoint)
{
  const HsTcbSnapshot *tcb = hs_trace_get_tcb_at (trace, first - 1, endpoint);

  g_assert_nonnull (tcb);
  return tcb;
}

static const HsTcbSnapshot *
tcb_after (HsTrace *trace,
           guint    first,
           guint    endpoint)
{
  const HsTcbSnapshot *tcb = hs_trace_get_tcb_at (trace, event_end (trace, first), endpoint);

  g_assert_nonnull (tcb);
  return tcb;
}

static guint64
bytes_read (HsTrace *trace,
            guint    endpoint)
{
  guint64 total = 0;

  for (guint i = 0; i < hs_trace_get_n_steps (trace); i++)
    {
      const HsTraceStep *st = step (trace, i);

      if (st->kind == HS_STEP_APP_NOTIFY && st->endpoint == endpoint && st->detail == HS_NOTIFY_DATA)
        total += st->value;
    }
  return total;
}

/* What @endpoint's application read before step @before. */
static guint64
bytes_read_before (HsTrace *trace,
                   guint    endpoint,
                   guint    before)
{
  guint64 total = 0;

  for (guint i = 0; i < MIN (before, hs_trace_get_n_steps (trace)); i++)
    {
      const HsTraceStep *st = step (trace, i);

      if (st->kind == HS_STEP_APP_NOTIFY && st->endpoint == endpoint && st->detail == HS_NOTIFY_DATA)
        total += st->value;
    }
  return total;
}

static guint
count_notifies (HsTrace  *trace,
                guint     endpoint,
                HsNotify  what)
{
  guint n = 0;

  for (guint i = 0; i < hs_trace_get_n_steps (trace); i++)
    {
      const HsTraceStep *st = step (trace, i);

      n += st->kind == HS_STEP_APP_NOTIFY && st->endpoint == endpoint && st->detail == what;
    }
  return n;
}

/* Timer steps of @kind at @endpoint, before step @before. */
static guint
count_timers (HsTrace     *trace,
              guint        endpoint,
              HsTimerKind  kind,
              guint        before)
{
  guint n = 0;

  for (guint i = 0; i < MIN (before, hs_trace_get_n_steps (trace)); i++)
    {
      const HsTraceStep *st = step (trace, i);

      n += st->kind == HS_STEP_TIMER && st->endpoint == endpoint && st->detail == kind;
    }
  return n;
}

static gboolean
is_timer_step (HsTrace     *trace,
               guint        i,
               guint        endpoint,
               HsTimerKind  kind)
{
  const HsTraceStep *st;

  if (i == HS_TRACE_NONE)
    return FALSE;
  st = step (trace, i);
  return st->kind == HS_STEP_TIMER && st->endpoint == endpoint && st->detail == kind;
}

/* The segments @from sent that match, in the order they were sent. */
typedef gboolean (*SegmentFilter) (HsTrace *trace, const HsTraceSegment *s);

static GPtrArray *
segments_from (HsTrace       *trace,
               guint          from,
               SegmentFilter  filter)
{
  GPtrArray *out = g_ptr_array_new ();

  for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
    {
      const HsTraceSegment *s = segment (trace, i);

      if (s->from == from && (filter == NULL || filter (trace, s)))
        g_ptr_array_add (out, (gpointer) s);
    }
  return out;
}

#define SEG(array, i) ((const HsTraceSegment *) g_ptr_array_index ((array), (i)))

static gboolean
carries_data (HsTrace              *trace,
              const HsTraceSegment *s)
{
  return s->len > 0;
}

static gboolean
is_retransmission (HsTrace              *trace,
                   const HsTraceSegment *s)
{
  return (s->marks & HS_MARK_RETRANSMISSION) != 0;
}

static gboolean
is_lost (HsTrace              *trace,
         const HsTraceSegment *s)
{
  return s->fate == HS_FATE_LOST;
}

static gboolean
is_pure_ack (HsTrace              *trace,
             const HsTraceSegment *s)
{
  return s->len == 0 && s->header.flags == HS_TCP_ACK;
}

/* The highest sequence number (data only, no FIN) @from has sent before
 * step @before: SND.MAX as far as data goes. */
static guint32
snd_max_before (HsTrace *trace,
                guint    from,
                guint    before)
{
  guint32 max = first_syn (trace, from)->header.seq + 1;

  for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
    {
      const HsTraceSegment *s = segment (trace, i);

      if (s->from == from && s->sent_step < before && s->len > 0 &&
          hs_seq_gt (s->header.seq + s->len, max))
        max = s->header.seq + s->len;
    }
  return max;
}

/* The highest acknowledgement that has reached @to before step @before:
 * SND.UNA as the network told it. */
static guint32
snd_una_before (HsTrace *trace,
                guint    to,
                guint    before)
{
  guint32 una = first_syn (trace, to)->header.seq;

  for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
    {
      const HsTraceSegment *s = segment (trace, i);

      if (s->to == to && s->fate == HS_FATE_DELIVERED && s->end_step < before &&
          (s->header.flags & HS_TCP_ACK) && hs_seq_gt (s->header.ack, una))
        una = s->header.ack;
    }
  return una;
}

/* Every byte @from's application wrote reached the peer's application, in
 * order and exactly once: the peer never reads past the contiguous prefix
 * that has arrived, and reads @expected bytes in all. */
static void
assert_stream_delivered (HsTrace *trace,
                         guint    from,
                         guint64  expected)
{
  guint to = 1 - from;
  guint32 base = first_syn (trace, from)->header.seq + 1;
  g_autoptr(GArray) arrived = g_array_new (FALSE, FALSE, sizeof (guint32) * 2);
  guint64 read = 0;

  for (guint i = 0; i < hs_trace_get_n_steps (trace); i++)
    {
      const HsTraceStep *st = step (trace, i);

      if (st->kind == HS_STEP_SEGMENT_ARRIVED && st->endpoint == to)
        {
          const HsTraceSegment *s = segment (trace, st->segment);
          guint32 range[2] = { s->header.seq - base, s->header.seq - base + s->len };

          if (s->len > 0)
            g_array_append_val (arrived, range);
        }
      else if (st->kind == HS_STEP_APP_NOTIFY && st->endpoint == to && st->detail == HS_NOTIFY_DATA)
        {
          guint64 prefix = 0;
          gboolean grew = TRUE;

          read += st->value;
          /* the contiguous prefix of what has arrived so far */
          while (grew)
            {
              grew = FALSE;
              for (guint k = 0; k < arrived->len; k++)
                {
                  const guint32 *r = &g_array_index (arrived, guint32, 2 * k);

                  if (r[0] <= prefix && r[1] > prefix)
                    {
                      prefix = r[1];
                      grew = TRUE;
                    }
                }
            }
          g_assert_cmpuint (read, <=, prefix);
        }
    }
  g_assert_cmpuint (read, ==, expected);
  g_assert_cmpuint (bytes_read (trace, to), ==, expected);
}

/* -------------------------------------------------------- fast retransmit -- */

static void
test_fast_retransmit (void)
{
  g_autoptr(HsTrace) trace = run_lesson ("fast-retransmit", NULL);
  g_autoptr(GPtrArray) lost = segments_from (trace, C, is_lost);
  g_autoptr(GPtrArray) rtx = segments_from (trace, C, is_retransmission);
  g_autoptr(GPtrArray) acks = segments_from (trace, S, is_pure_ack);
  g_autoptr(GArray) dups = g_array_new (FALSE, FALSE, sizeof (guint));
  guint32 smss = handshake_smss (trace);
  const HsTraceSegment *hole, *fr, *full = NULL, *next = NULL;
  guint third, first_ack_of_hole = G_MAXUINT;
  guint32 flight, ssthresh, recover;
  const HsTcbSnapshot *before, *after;

  g_test_summary ("fast-retransmit: each of the first two duplicate ACKs lets one new segment "
                  "out with cwnd unchanged (limited transmit, RFC 3042); the third duplicate ACK, "
                  "and no timer, makes the client "
                  "retransmit the lost segment; ssthresh = FlightSize/2, cwnd = ssthresh + 3·SMSS, "
                  "each further duplicate inflates cwnd by SMSS, and the full ACK ends NewReno "
                  "recovery with cwnd = min(ssthresh, max(FlightSize, SMSS) + SMSS), then slow start "
                  "up to ssthresh "
                  "(RFC 5681 section 3.2, RFC 6582 section 3.2)");

  g_assert_cmpuint (smss, ==, 1448);

  /* Drop=client:DATA#3: the third data segment, and nothing else. */
  g_assert_cmpuint (lost->len, ==, 1);
  RETURN_IF_FAILED ();
  hole = SEG (lost, 0);
  g_assert_cmpuint (rel_seq (trace, hole), ==, 2 * smss + 1);
  g_assert_cmpuint (hole->len, ==, smss);

  /* The server's ACKs of the hole: the first acknowledges new data, every
   * later one is a duplicate (no data, same ACK, same window). */
  for (guint i = 0; i < acks->len; i++)
    {
      const HsTraceSegment *a = SEG (acks, i);

      if (a->header.ack != hole->header.seq)
        continue;
      if (first_ack_of_hole == G_MAXUINT)
        {
          first_ack_of_hole = i;
          continue;
        }
      g_assert_cmpuint (a->window, ==, SEG (acks, first_ack_of_hole)->window);
      g_assert_true (a->marks & HS_MARK_DUPLICATE_ACK);
      g_assert_cmpint (a->fate, ==, HS_FATE_DELIVERED);
      g_array_append_val (dups, i);
    }
  g_assert_cmpuint (dups->len, >=, 3);
  RETURN_IF_FAILED ();
  third = SEG (acks, g_array_index (dups, guint, 2))->end_step;

  /* Exactly one retransmission: the hole, sent by the arrival of the third
   * duplicate ACK, not by the first two, long before the RTO. */
  g_assert_cmpuint (rtx->len, ==, 1);
  RETURN_IF_FAILED ();
  fr = SEG (rtx, 0);
  g_assert_cmpuint (fr->header.seq, ==, hole->header.seq);
  g_assert_cmpuint (fr->len, ==, hole->len);
  g_assert_cmpuint (step (trace, fr->sent_step)->cause, ==, third);
  g_assert_cmpuint (step (trace, fr->sent_step)->reason, ==, HS_REASON_RETRANSMIT_FAST);
  g_assert_cmpint (fr->sent, ==, step (trace, third)->time);
  g_assert_cmpint (fr->fate, ==, HS_FATE_DELIVERED);
  g_assert_cmpuint (count_timers (trace, C, HS_TIMER_RETRANSMISSION, G_MAXUINT), ==, 0);
  g_assert_cmpint (fr->sent - hole->sent, <, tcb_before (trace, third, C)->rto);

  /* RFC 3042 (RFC 5681 section 3.2, step 1): the first and the second
   * duplicate ACK each send one segment of new data, beyond cwnd, and leave
   * cwnd as it was. */
  for (guint k = 0; k < 2; k++)
    {
      guint arrival = SEG (acks, g_array_index (dups, guint, k))->end_step;
      guint32 snd_max = snd_max_before (trace, C, arrival);
      guint n_sent = 0;

      for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
        {
          const HsTraceSegment *s = segment (trace, i);

          if (s->from != C || step (trace, s->sent_step)->cause != arrival)
            continue;
          n_sent++;
          g_assert_cmpuint (step (trace, s->sent_step)->reason, ==, HS_REASON_SEND_DATA_LIMITED_TRANSMIT);
          {
            g_autofree char *said = hs_narration_format_step (trace, s->sent_step);

            g_assert_nonnull (strstr (said, "limited transmit"));
          }
          g_assert_cmpuint (s->header.seq, ==, snd_max);
          g_assert_cmpuint (s->len, ==, smss);
          g_assert_false (is_retransmission (trace, s));
          g_assert_cmpuint (s->header.seq + s->len - snd_una_before (trace, C, arrival), >,
                            tcb_before (trace, arrival, C)->cwnd);
        }
      g_assert_cmpuint (n_sent, ==, 1);
      g_assert_cmpuint (tcb_after (trace, arrival, C)->cwnd, ==, tcb_before (trace, arrival, C)->cwnd);
    }

  /* RFC 5681 section 3.2, steps 2 and 3. The linux profile counts the two
   * limited-transmit segments in the FlightSize that sets ssthresh, as
   * this simulation's Linux model always has; the rfc profile does not
   * (limited-transmit-rfc) */
  before = tcb_before (trace, third, C);
  after = tcb_after (trace, third, C);
  flight = snd_max_before (trace, C, third) - snd_una_before (trace, C, third);
  g_assert_cmpuint (before->ssthresh, ==, UNLIMITED);
  g_assert_cmpuint (flight, ==, 14 * smss);
  ssthresh = MAX (flight / 2, 2 * smss);
  g_assert_cmpuint (after->ssthresh, ==, ssthresh);
  g_assert_cmpuint (after->cwnd, ==, ssthresh + 3 * smss);

  /* step 4: every further duplicate ACK inflates cwnd by one SMSS */
  for (guint k = 3; k < dups->len; k++)
    {
      guint arrival = SEG (acks, g_array_index (dups, guint, k))->end_step;

      g_assert_cmpuint (tcb_after (trace, arrival, C)->cwnd, ==,
                        tcb_before (trace, arrival, C)->cwnd + smss);
      /* and the narration says so, with this ACK's own cwnd, not the next's */
      {
        g_autofree char *said = hs_narration_format_step (trace, arrival);
        g_autofree char *now = g_strdup_printf ("now %u bytes", tcb_after (trace, arrival, C)->cwnd);

        g_assert_nonnull (strstr (said, "another duplicate ACK"));
        g_assert_null (strstr (said, "new data."));
        g_assert_nonnull (strstr (said, now));
      }
      g_assert_cmpuint (tcb_after (trace, arrival, C)->ssthresh, ==, ssthresh);
    }

  /* RFC 6582: recover = the highest sequence number sent when recovery
   * began; the first ACK at or beyond it is the full ACK. One hole: no
   * partial ACK comes before it. */
  recover = snd_max_before (trace, C, third);
  for (guint i = 0; i < acks->len; i++)
    {
      const HsTraceSegment *a = SEG (acks, i);

      if (a->end_step < third || a->header.ack == hole->header.seq)
        continue;
      if (full == NULL)
        {
          g_assert_true (hs_seq_geq (a->header.ack, recover));
          full = a;
        }
      else if (next == NULL)
        next = a;
    }
  g_assert_nonnull (full);
  g_assert_nonnull (next);
  RETURN_IF_FAILED ();
  {
    guint32 after_flight = snd_max_before (trace, C, full->end_step) - full->header.ack;
    guint32 deflated = MIN (ssthresh, MAX (after_flight, smss) + smss);

    g_assert_cmpuint (tcb_before (trace, full->end_step, C)->cwnd, >, ssthresh);
    /* limited transmit and the inflated window sent most of the rest
     * already: little is in flight, so RFC 6582 would deflate below
     * ssthresh; Linux (tcp_end_cwnd_reduction) sets cwnd to ssthresh */
    g_assert_cmpuint (deflated, ==, after_flight + smss);
    g_assert_cmpuint (deflated, <, ssthresh);
    g_assert_cmpuint (tcb_after (trace, full->end_step, C)->cwnd, ==, ssthresh);
    /* out of recovery at ssthresh: the next ACK is congestion avoidance,
     * Reno's as the lesson runs it */
    g_assert_cmpuint (tcb_after (trace, next->end_step, C)->cwnd, ==,
                      ssthresh + MAX (1, smss * smss / ssthresh));
  }

  assert_stream_delivered (trace, C, 28960);
}

static void
test_limited_transmit_rfc (void)
{
  g_autoptr(HsScenario) scenario = load_lesson ("fast-retransmit", NULL);
  g_autoptr(HsTrace) trace = NULL;
  guint32 lt_bytes = 0;
  guint fast = 0;
  guint n = 0;
  guint cause = HS_TRACE_NONE;

  g_test_summary ("fast-retransmit with the rfc profile: RFC 3042 sends exactly two new segments "
                  "beyond cwnd, one for each of the first two duplicate ACKs, and says so; ssthresh at "
                  "the third is half the FlightSize without them (RFC 5681 section 3.2, step 2)");

  hs_scenario_set_profile (scenario, HS_PROFILE_RFC);
  trace = run_scenario (scenario);
  for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
    {
      const HsTraceSegment *s = segment (trace, i);
      const HsTraceStep *sent = step (trace, s->sent_step);
      g_autofree char *said = NULL;

      if (s->from != C || sent->reason != HS_REASON_SEND_DATA_LIMITED_TRANSMIT)
        continue;
      n++;
      /* each from its own duplicate ACK, and cwnd unchanged by it */
      g_assert_cmpuint (sent->cause, !=, cause);
      cause = sent->cause;
      g_assert_true (segment (trace, step (trace, cause)->segment)->marks & HS_MARK_DUPLICATE_ACK);
      g_assert_cmpuint (tcb_after (trace, cause, C)->cwnd, ==, tcb_before (trace, cause, C)->cwnd);
      g_assert_false (is_retransmission (trace, s));
      said = hs_narration_format_step (trace, s->sent_step);
      g_assert_nonnull (strstr (said, "RFC 3042 lets each of the first two duplicate ACKs"));
      lt_bytes += s->len;
    }
  g_assert_cmpuint (n, ==, 2);

  /* RFC 5681 (3.2, step 2): the data limited transmit sent "MUST NOT be
   * included" in the FlightSize that sets ssthresh at the third duplicate
   * ACK. This test used to hold ssthresh to half of all that was in
   * flight, the two limited-transmit segments included. */
  for (guint i = 0; i < hs_trace_get_n_steps (trace); i++)
    {
      const HsTraceStep *s = step (trace, i);

      if (s->kind == HS_STEP_SEGMENT_SENT && s->reason == HS_REASON_RETRANSMIT_FAST)
        {
          guint third = s->cause;
          guint32 smss = handshake_smss (trace);
          guint32 flight = snd_max_before (trace, C, third) - snd_una_before (trace, C, third);

          g_assert_cmpuint (lt_bytes, ==, 2 * smss);
          g_assert_cmpuint (tcb_after (trace, third, C)->ssthresh, ==, MAX ((flight - lt_bytes) / 2, 2 * smss));
          g_assert_cmpuint (tcb_after (trace, third, C)->ssthresh, !=, MAX (flight / 2, 2 * smss));
          g_assert_cmpuint (tcb_after (trace, third, C)->cwnd, ==, tcb_after (trace, third, C)->ssthresh + 3 * smss);
          fast++;
        }
    }
  g_assert_cmpuint (fast, ==, 1);
  assert_stream_delivered (trace, C, 28960);
}

/* ------------------------------------------------------------- slow start -- */

static void
test_slow_start (void)
{
  g_autoptr(HsScenario) scenario = load_lesson ("slow-start", NULL);
  g_autoptr(HsTrace) trace = run_scenario (scenario);
  g_autoptr(GPtrArray) data = segments_from (trace, C, carries_data);
  g_autoptr(GArray) rounds = g_array_new (FALSE, FALSE, sizeof (guint32));   /* cwnd per round */
  g_autoptr(GArray) sizes = g_array_new (FALSE, FALSE, sizeof (guint));      /* segments per round */
  g_autoptr(GArray) full = g_array_new (FALSE, FALSE, sizeof (gboolean));    /* cwnd-limited, not data-limited */
  guint32 smss = handshake_smss (trace);
  guint32 ssthresh = hs_scenario_get_endpoint (scenario, C)->initial_ssthresh;
  guint32 end = first_syn (trace, C)->header.seq + 1 + 300000;
  guint n_ss_acks = 0, n_ca_acks = 0;

  g_test_summary ("slow-start: cwnd starts at 10 segments, grows by every acknowledged byte per ACK (Linux) and "
                  "doubles in the round trip that reaches ssthresh (20 segments), then grows by "
                  "SMSS·SMSS/cwnd per ACK: more than nothing and at most one SMSS per round trip "
                  "(RFC 5681 section 3.1, RFC 6928)");

  g_assert_cmpuint (smss, ==, 1448);
  g_assert_cmpuint (ssthresh, ==, 20 * smss);
  g_assert_cmpuint (count_notifies (trace, C, HS_NOTIFY_TIMED_OUT), ==, 0);

  /* Rounds: every data segment of a round leaves at the same instant (no
   * bandwidth limit, all ACKs of a round arrive together). The cwnd of a
   * round is the client's once its last segment is sent. */
  for (guint i = 0; i < data->len; i++)
    {
      const HsTraceSegment *s = SEG (data, i);
      gboolean last = i + 1 == data->len || SEG (data, i + 1)->sent != s->sent;

      g_assert_false (s->marks & HS_MARK_RETRANSMISSION);
      if (i == 0 || SEG (data, i - 1)->sent != s->sent)
        {
          guint zero = 0;
          g_array_append_val (sizes, zero);
        }
      g_array_index (sizes, guint, sizes->len - 1)++;
      if (last)
        {
          const HsTcbSnapshot *tcb = tcb_after (trace, s->sent_step, C);
          gboolean more = end - (s->header.seq + s->len) >= smss;

          g_array_append_val (rounds, tcb->cwnd);
          g_array_append_val (full, more);
          /* a full window goes out every round while a full segment is left */
          if (more)
            g_assert_cmpuint (s->header.seq + s->len - tcb->snd_una, >, tcb->cwnd - smss);
          g_assert_cmpuint (s->header.seq + s->len - tcb->snd_una, <=, tcb->cwnd);
        }
    }
  for (guint r = 0; r < rounds->len; r++)
    g_test_message ("round %u: cwnd %u (%.2f segments), %u segments sent", r,
                    g_array_index (rounds, guint32, r),
                    g_array_index (rounds, guint32, r) / (double) smss,
                    g_array_index (sizes, guint, r));

  g_assert_cmpuint (rounds->len, >=, 5);
  RETURN_IF_FAILED ();
  g_assert_cmpuint (g_array_index (rounds, guint32, 0), ==, 10 * smss);
  g_assert_cmpuint (g_array_index (sizes, guint, 0), ==, 10);
  g_assert_cmpuint (g_array_index (rounds, guint32, 1), ==, 2 * 10 * smss);
  g_assert_cmpuint (g_array_index (rounds, guint32, 1), ==, ssthresh);
  g_assert_cmpuint (g_array_index (sizes, guint, 1), ==, 20);
  for (guint r = 2; r < rounds->len; r++)
    {
      guint32 grew;

      /* only between rounds that sent all cwnd allowed: at the end of the
       * transfer the last segments leave before all ACKs are in */
      if (!g_array_index (full, gboolean, r) || !g_array_index (full, gboolean, r - 1))
        continue;
      grew = g_array_index (rounds, guint32, r) - g_array_index (rounds, guint32, r - 1);

      /* "roughly one full-sized segment per RTT"; with an ACK for every
       * second segment equation 3 gives about half of one (RFC 5681 3.1) */
      g_assert_cmpuint (g_array_index (rounds, guint32, r), >, g_array_index (rounds, guint32, r - 1));
      g_assert_cmpuint (grew, >=, smss / 3);
      g_assert_cmpuint (grew, <=, smss);
    }

  /* ACK by ACK: equation 2 below ssthresh, equation 3 at or above it */
  for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
    {
      const HsTraceSegment *a = segment (trace, i);
      const HsTcbSnapshot *before, *after;

      if (a->from != S || a->fate != HS_FATE_DELIVERED || a->len > 0 || !(a->header.flags & HS_TCP_ACK) ||
          (a->header.flags & (HS_TCP_SYN | HS_TCP_FIN)))
        continue;
      before = tcb_before (trace, a->end_step, C);
      after = tcb_after (trace, a->end_step, C);
      if (before->state != HS_STATE_ESTABLISHED || !hs_seq_gt (a->header.ack, before->snd_una))
        continue;
      g_assert_cmpuint (after->ssthresh, ==, ssthresh);
      if (before->cwnd < ssthresh)
        {
          /* the lesson runs the linux profile: tcp_slow_start() counts
           * every acknowledged segment, up to ssthresh */
          g_assert_cmpuint (after->cwnd, ==, MIN (before->cwnd + (a->header.ack - before->snd_una), ssthresh));
          n_ss_acks++;
        }
      else
        {
          g_assert_cmpuint (after->cwnd, ==, before->cwnd + MAX (1, smss * smss / before->cwnd));
          n_ca_acks++;
        }
    }
  g_assert_cmpuint (n_ss_acks, ==, 10);
  g_assert_cmpuint (n_ca_acks, >, 0);

  assert_stream_delivered (trace, C, 300000);
}

/* ------------------------------------------------ a timeout resets cwnd -- */

static void
test_timeout_cwnd (void)
{
  g_autoptr(HsTrace) trace = run_lesson ("timeout-cwnd", NULL);
  g_autoptr(GPtrArray) lost = segments_from (trace, C, is_lost);
  g_autoptr(GPtrArray) rtx = segments_from (trace, C, is_retransmission);
  guint32 smss = handshake_smss (trace);
  guint32 end = first_syn (trace, C)->header.seq + 1 + 28960;
  guint timer = HS_TRACE_NONE, probe_timer;
  const HsTcbSnapshot *before, *after;
  const HsTraceSegment *probe, *first, *second, *ack = NULL;

  g_test_summary ("timeout-cwnd: the last two segments and the tail loss probe are lost, so only the "
                  "retransmission timer can recover them; it fires one RTO after the probe restarted "
                  "it, sets cwnd to one SMSS and ssthresh to CUBIC's 0.7 × cwnd in whole segments, "
                  "doubles the RTO, and slow start resumes (RFC 9438 section 4.6, RFC 6298 section 5)");

  /* Drop=client:DATA#19x3: the last two segments of the transfer and the
   * probe that resends the last one */
  g_assert_cmpuint (lost->len, ==, 3);
  RETURN_IF_FAILED ();
  g_assert_cmpuint (rel_seq (trace, SEG (lost, 0)), ==, 18 * smss + 1);
  g_assert_cmpuint (SEG (lost, 1)->header.seq + SEG (lost, 1)->len, ==, end);

  /* No duplicate ACK can announce them: the probe goes first, by its own
   * timer, then the retransmission timer's. */
  g_assert_cmpuint (rtx->len, ==, 3);
  RETURN_IF_FAILED ();
  probe = SEG (rtx, 0);
  first = SEG (rtx, 1);
  second = SEG (rtx, 2);
  g_assert_true (probe == SEG (lost, 2));
  probe_timer = step (trace, probe->sent_step)->cause;
  g_assert_true (is_timer_step (trace, probe_timer, C, HS_TIMER_LOSS_PROBE));
  g_assert_cmpuint (step (trace, probe->sent_step)->reason, ==, HS_REASON_RETRANSMIT_PROBE);
  g_assert_cmpuint (probe->header.seq, ==, SEG (lost, 1)->header.seq);
  timer = step (trace, first->sent_step)->cause;
  g_assert_true (is_timer_step (trace, timer, C, HS_TIMER_RETRANSMISSION));
  RETURN_IF_FAILED ();
  g_assert_cmpuint (step (trace, first->sent_step)->reason, ==, HS_REASON_RETRANSMIT_TIMEOUT);
  g_assert_cmpuint (count_timers (trace, C, HS_TIMER_RETRANSMISSION, G_MAXUINT), ==, 1);
  g_assert_cmpuint (first->header.seq, ==, SEG (lost, 0)->header.seq);
  g_assert_cmpuint (first->len, ==, smss);

  /* RFC 8985 (7.3): the probe restarts the retransmission timer in full */
  g_assert_cmpint (step (trace, timer)->time, ==,
                   step (trace, probe_timer)->time + tcb_after (trace, probe_timer, C)->rto);

  /* CUBIC's β and the loss window */
  before = tcb_before (trace, timer, C);
  after = tcb_after (trace, timer, C);
  g_assert_cmpuint (after->cwnd, ==, smss);
  g_assert_cmpuint (after->ssthresh, ==, MAX (before->cwnd / smss * 717 / 1024, 2) * smss);
  g_assert_cmpuint (after->ssthresh, !=, MAX ((before->snd_nxt - before->snd_una) / 2, 2 * smss));
  g_assert_cmpint (after->rto, ==, 2 * before->rto);  /* RFC 6298 (5.5) */

  /* The ACK of the retransmission: slow start from one segment, and the
   * second hole goes out in answer to it (go-back-N), not by a timer. */
  for (guint i = 0; i < hs_trace_get_n_segments (trace) && ack == NULL; i++)
    {
      const HsTraceSegment *a = segment (trace, i);

      if (a->from == S && a->end_step > first->end_step && hs_seq_gt (a->header.ack, first->header.seq))
        ack = a;
    }
  g_assert_nonnull (ack);
  RETURN_IF_FAILED ();
  g_assert_cmpuint (ack->header.ack, ==, first->header.seq + first->len);
  g_assert_cmpuint (tcb_after (trace, ack->end_step, C)->cwnd, ==, 2 * smss);
  g_assert_cmpuint (second->header.seq, ==, SEG (lost, 1)->header.seq);
  g_assert_cmpuint (step (trace, second->sent_step)->cause, ==, ack->end_step);

  assert_stream_delivered (trace, C, 28960);
}

/* --------------------------------------------------------- lost data, RTO -- */

static void
assert_data_loss_rto (HsProfileKind profile,
                      HsTime        expected_rto)
{
  g_autoptr(HsScenario) scenario = load_lesson ("data-loss-rto", NULL);
  g_autoptr(HsTrace) trace = NULL;
  g_autoptr(GPtrArray) data = NULL;
  const HsProfile *p = hs_profile_get (profile);
  HsTime r, srtt, rttvar, rto;
  const HsTraceSegment *orig, *rtx1, *rtx2;

  hs_scenario_set_profile (scenario, profile);
  trace = run_scenario (scenario);
  data = segments_from (trace, C, carries_data);

  /* RFC 6298 (2.2) from the one measurement there is, the handshake's;
   * Linux floors the variance term, the RFC the sum (2.4). */
  r = handshake_rtt (trace);
  srtt = r;
  rttvar = r / 2;
  if (p->rto_floor_on_variance)
    rto = srtt + MAX (4 * rttvar, p->min_rto);
  else
    rto = MAX (srtt + MAX (4 * rttvar, MSEC (1)), p->min_rto);
  g_assert_cmpint (rto, ==, expected_rto);

  g_assert_cmpuint (data->len, ==, 3);
  RETURN_IF_FAILED ();
  orig = SEG (data, 0);
  rtx1 = SEG (data, 1);
  rtx2 = SEG (data, 2);
  g_assert_cmpint (orig->fate, ==, HS_FATE_LOST);
  g_assert_cmpint (rtx1->fate, ==, HS_FATE_LOST);
  g_assert_cmpint (rtx2->fate, ==, HS_FATE_DELIVERED);
  g_assert_false (orig->marks & HS_MARK_RETRANSMISSION);
  for (guint i = 1; i < 3; i++)
    {
      const HsTraceSegment *s = SEG (data, i);
      gboolean probe = i == 1 && p->tail_loss_probe;

      g_assert_true (s->marks & HS_MARK_RETRANSMISSION);
      g_assert_cmpuint (s->header.seq, ==, orig->header.seq);
      g_assert_cmpuint (s->len, ==, 1000);
      g_assert_true (is_timer_step (trace, step (trace, s->sent_step)->cause, C,
                                    probe ? HS_TIMER_LOSS_PROBE : HS_TIMER_RETRANSMISSION));
      g_assert_cmpuint (step (trace, s->sent_step)->reason, ==,
                        probe ? HS_REASON_RETRANSMIT_PROBE : HS_REASON_RETRANSMIT_TIMEOUT);
    }
  if (p->tail_loss_probe)
    {
      /* RFC 8985 (7.2) as Linux: the probe after 2·SRTT plus the minimum
       * RTO for a single segment out, but no later than the RTO; the RTO
       * then runs in full from the probe, and only a timeout doubles it */
      g_assert_cmpint (rtx1->sent - orig->sent, ==, MIN (2 * srtt + p->min_rto, rto));
      g_assert_cmpint (rtx2->sent - rtx1->sent, ==, rto);
      RETURN_IF_FAILED ();
      g_assert_cmpint (tcb_after (trace, step (trace, rtx1->sent_step)->cause, C)->rto, ==, rto);
      g_assert_cmpint (tcb_after (trace, step (trace, rtx2->sent_step)->cause, C)->rto, ==, 2 * rto);
      assert_stream_delivered (trace, C, 1000);
      return;
    }
  /* one RTO, then twice that (RFC 6298 (5.5)) */
  g_assert_cmpint (rtx1->sent - orig->sent, ==, rto);
  g_assert_cmpint (rtx2->sent - rtx1->sent, ==, 2 * rto);
  RETURN_IF_FAILED ();
  g_assert_cmpint (tcb_after (trace, step (trace, rtx1->sent_step)->cause, C)->rto, ==, 2 * rto);
  g_assert_cmpint (tcb_after (trace, step (trace, rtx2->sent_step)->cause, C)->rto, ==, 4 * rto);
  assert_stream_delivered (trace, C, 1000);
}

static void
test_data_loss_rto_linux (void)
{
  g_test_summary ("data-loss-rto (linux): a tail loss probe after min(2·SRTT + 200 ms, RTO) = 220 ms "
                  "(RTO = SRTT + max(4·RTTVAR, 200 ms) from the 20 ms handshake), then the timer's "
                  "retransmission one RTO after the probe, and the RTO doubled");
  assert_data_loss_rto (HS_PROFILE_LINUX, MSEC (220));
}

static void
test_data_loss_rto_rfc (void)
{
  g_test_summary ("data-loss-rto (rfc): the retransmissions leave one RTO (max(SRTT + 4·RTTVAR, 1 s) "
                  "= 1 s) and then twice that after the original");
  assert_data_loss_rto (HS_PROFILE_RFC, MSEC (1000));
}

/* ----------------------------------------------------------------- SACK -- */

/* The out-of-order data @to holds just before step @at: what has arrived
 * from the peer above @ack, as sorted disjoint absolute ranges. */
static GArray *
held_above (HsTrace *trace,
            guint    to,
            guint32  ack,
            guint    at)
{
  GArray *ranges = g_array_new (FALSE, FALSE, sizeof (HsSackBlock));

  for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
    {
      const HsTraceSegment *s = segment (trace, i);
      HsSackBlock b = { s->header.seq, s->header.seq + s->len };
      guint k;

      if (s->to != to || s->fate != HS_FATE_DELIVERED || s->end_step >= at || s->len == 0 ||
          !hs_seq_gt (b.right, ack))
        continue;
      g_assert_true (hs_seq_gt (b.left, ack));   /* no ACK stops inside a segment here */
      /* insert and merge */
      for (k = 0; k < ranges->len && hs_seq_lt (g_array_index (ranges, HsSackBlock, k).right, b.left); k++)
        ;
      g_array_insert_val (ranges, k, b);
      while (k + 1 < ranges->len &&
             hs_seq_geq (g_array_index (ranges, HsSackBlock, k).right, g_array_index (ranges, HsSackBlock, k + 1).left))
        {
          HsSackBlock *a = &g_array_index (ranges, HsSackBlock, k);
          a->right = hs_seq_max (a->right, g_array_index (ranges, HsSackBlock, k + 1).right);
          a->left = hs_seq_min (a->left, g_array_index (ranges, HsSackBlock, k + 1).left);
          g_array_remove_index (ranges, k + 1);
        }
      if (k > 0 && hs_seq_geq (g_array_index (ranges, HsSackBlock, k - 1).right, g_array_index (ranges, HsSackBlock, k).left))
        {
          HsSackBlock *a = &g_array_index (ranges, HsSackBlock, k - 1);
          a->right = hs_seq_max (a->right, g_array_index (ranges, HsSackBlock, k).right);
          g_array_remove_index (ranges, k);
        }
    }
  return ranges;
}

static void
test_sack_blocks (void)
{
  g_autoptr(HsTrace) trace = run_lesson ("sack", NULL);
  guint n_with_sack = 0;
  guint32 base = first_syn (trace, C)->header.seq;

  g_test_summary ("sack: every ACK the server sends while it holds data out of order carries SACK "
                  "blocks naming exactly those ranges, the first one holding the segment that "
                  "triggered the ACK; no other ACK carries any (RFC 2018 sections 3 and 4)");

  for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
    {
      const HsTraceSegment *a = segment (trace, i);
      const HsTcpOptions *o = &a->header.options;
      g_autoptr(GArray) held = NULL;
      guint cause;

      if (a->from != S || !(a->header.flags & HS_TCP_ACK) || (a->header.flags & HS_TCP_SYN))
        continue;
      held = held_above (trace, S, a->header.ack, a->sent_step);
      if (held->len == 0)
        {
          g_assert_false (o->present & HS_TCP_OPT_SACK);
          continue;
        }
      n_with_sack++;
      g_assert_true (o->present & HS_TCP_OPT_SACK);
      /* timestamps leave room for three blocks */
      g_assert_cmpuint (o->n_sack, ==, MIN (held->len, 3));
      for (guint b = 0; b < o->n_sack; b++)
        {
          gboolean found = FALSE;

          for (guint h = 0; h < held->len; h++)
            found |= g_array_index (held, HsSackBlock, h).left == o->sack[b].left &&
                     g_array_index (held, HsSackBlock, h).right == o->sack[b].right;
          if (!found)
            g_test_message ("segment %u: block %u-%u is not held", i + 1,
                            o->sack[b].left - base, o->sack[b].right - base);
          g_assert_true (found);
        }
      cause = step (trace, a->sent_step)->cause;
      if (cause != HS_TRACE_NONE && step (trace, cause)->kind == HS_STEP_SEGMENT_ARRIVED)
        {
          const HsTraceSegment *trigger = segment (trace, step (trace, cause)->segment);

          if (trigger->from == C && trigger->len > 0 && hs_seq_gt (trigger->header.seq, a->header.ack))
            {
              g_assert_true (hs_seq_leq (o->sack[0].left, trigger->header.seq));
              g_assert_true (hs_seq_geq (o->sack[0].right, trigger->header.seq + trigger->len));
            }
        }
    }
  g_assert_cmpuint (n_with_sack, >=, 10);
}

/* The two holes of the sack lesson and their retransmissions. */
typedef struct
{
  const HsTraceSegment *hole[2];
  const HsTraceSegment *rtx[2];
  guint                 third_dup;   /* arrival of the third duplicate ACK of the first hole */
} SackRepair;

static void
find_sack_repair (HsTrace    *trace,
                  SackRepair *out)
{
  g_autoptr(GPtrArray) lost = segments_from (trace, C, is_lost);
  g_autoptr(GPtrArray) rtx = segments_from (trace, C, is_retransmission);
  guint32 smss = handshake_smss (trace);
  guint n_dups = 0;
  gboolean first = TRUE;

  /* Drop=client:DATA#5;client:DATA#8 */
  g_assert_cmpuint (lost->len, ==, 2);
  g_assert_cmpuint (rtx->len, ==, 2);
  out->third_dup = HS_TRACE_NONE;
  RETURN_IF_FAILED ();
  g_assert_cmpuint (rel_seq (trace, SEG (lost, 0)), ==, 4 * smss + 1);
  g_assert_cmpuint (rel_seq (trace, SEG (lost, 1)), ==, 7 * smss + 1);
  out->hole[0] = SEG (lost, 0);
  out->hole[1] = SEG (lost, 1);
  out->rtx[0] = SEG (rtx, 0);
  out->rtx[1] = SEG (rtx, 1);

  for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
    {
      const HsTraceSegment *a = segment (trace, i);

      if (a->from != S || !is_pure_ack (trace, a) || a->header.ack != out->hole[0]->header.seq)
        continue;
      if (first)
        first = FALSE;   /* it acknowledges new data; the rest duplicate it */
      else if (++n_dups == 3)
        out->third_dup = a->end_step;
    }
  g_assert_cmpuint (out->third_dup, !=, HS_TRACE_NONE);
}

static void
test_sack_repair (void)
{
  g_autoptr(HsTrace) trace = run_lesson ("sack", NULL);
  SackRepair r;
  HsTime rtt = handshake_rtt (trace);
  guint hole0_acked = HS_TRACE_NONE;

  g_test_summary ("sack: both holes are retransmitted once each, within one round trip of each "
                  "other, the second before the first one's repair is acknowledged, and before "
                  "any retransmission timeout (RFC 6675)");

  find_sack_repair (trace, &r);
  RETURN_IF_FAILED ();
  for (guint k = 0; k < 2; k++)
    {
      g_assert_cmpuint (r.rtx[k]->header.seq, ==, r.hole[k]->header.seq);
      g_assert_cmpuint (r.rtx[k]->len, ==, r.hole[k]->len);
      g_assert_cmpint (r.rtx[k]->fate, ==, HS_FATE_DELIVERED);
      /* loss recovery, not the timer */
      g_assert_true (step (trace, r.rtx[k]->sent_step)->reason == HS_REASON_RETRANSMIT_SACK ||
                     step (trace, r.rtx[k]->sent_step)->reason == HS_REASON_RETRANSMIT_FAST ||
                     step (trace, r.rtx[k]->sent_step)->reason == HS_REASON_RETRANSMIT_RACK);
      g_assert_true (step (trace, r.rtx[k]->sent_step)->cause != HS_TRACE_NONE &&
                     step (trace, step (trace, r.rtx[k]->sent_step)->cause)->kind == HS_STEP_SEGMENT_ARRIVED);
    }
  g_assert_cmpuint (count_timers (trace, C, HS_TIMER_RETRANSMISSION, G_MAXUINT), ==, 0);
  g_assert_cmpint (r.rtx[1]->sent - r.rtx[0]->sent, <=, rtt);

  for (guint i = 0; i < hs_trace_get_n_segments (trace) && hole0_acked == HS_TRACE_NONE; i++)
    {
      const HsTraceSegment *a = segment (trace, i);

      if (a->from == S && a->fate == HS_FATE_DELIVERED &&
          hs_seq_gt (a->header.ack, r.hole[0]->header.seq))
        hole0_acked = a->end_step;
    }
  g_assert_cmpuint (hole0_acked, !=, HS_TRACE_NONE);
  RETURN_IF_FAILED ();
  g_assert_cmpuint (r.rtx[1]->sent_step, <, hole0_acked);

  assert_stream_delivered (trace, C, 28960);
}

static void
test_sack_first_hole (void)
{
  g_autoptr(HsTrace) trace = run_lesson ("sack", NULL);
  SackRepair r;

  g_test_summary ("sack: on the third duplicate ACK the sender enters loss recovery and "
                  "retransmits the first hole at once, whatever cwnd and pipe say "
                  "(RFC 6675 section 5, step (3); RFC 5681 section 3.2 step 2)");

  find_sack_repair (trace, &r);
  RETURN_IF_FAILED ();
  g_test_message ("third duplicate ACK arrives at %" G_GINT64_FORMAT " µs, the first hole is "
                  "retransmitted at %" G_GINT64_FORMAT " µs",
                  step (trace, r.third_dup)->time, r.rtx[0]->sent);
  g_assert_cmpuint (step (trace, r.rtx[0]->sent_step)->cause, ==, r.third_dup);
  g_assert_cmpint (r.rtx[0]->sent, ==, step (trace, r.third_dup)->time);
}

/* --------------------------------------------------------- sliding window -- */

static void
test_sliding_window (void)
{
  g_autoptr(HsScenario) scenario = load_lesson ("sliding-window", NULL);
  g_autoptr(HsTrace) trace = run_scenario (scenario);
  g_autoptr(GPtrArray) data = segments_from (trace, C, carries_data);
  guint32 window = hs_scenario_get_endpoint (scenario, S)->receive_buffer;
  guint32 smss = handshake_smss (trace);
  gboolean full = FALSE;

  g_test_summary ("sliding-window: the server never offers more than its 5792-byte buffer, never "
                  "moves the window's right edge back and moves it forward only by at least "
                  "min(buffer/2, SMSS); the client never has more than the window in flight, at "
                  "any step; the window, not cwnd, is what holds it back (RFC 9293 3.8.6)");

  g_assert_cmpuint (window, ==, 5792);
  g_assert_cmpuint (window, ==, 4 * smss);

  /* The receiver's side, with its silly window avoidance (3.8.6.2.2) */
  {
    guint32 edge = 0;
    gboolean have_edge = FALSE;
    guint n_moves = 0;

    for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
      {
        const HsTraceSegment *s = segment (trace, i);
        guint32 right = s->header.ack + s->window;

        if (s->from != S || !(s->header.flags & HS_TCP_ACK))
          continue;
        g_assert_cmpuint (s->window, <=, window);
        if (have_edge && right != edge)
          {
            g_assert_true (hs_seq_gt (right, edge));
            g_assert_cmpuint (right - edge, >=, MIN (window / 2, smss));
            n_moves++;
          }
        edge = right;
        have_edge = TRUE;
      }
    g_assert_cmpuint (n_moves, >=, 5);
  }

  /* Every TCB the client had, step by step */
  for (guint i = 0; i < hs_trace_get_n_snapshots (trace); i++)
    {
      const HsTcbSnapshot *tcb = hs_trace_get_snapshot (trace, i);

      if (tcb->endpoint != C || tcb->state != HS_STATE_ESTABLISHED)
        continue;
      g_assert_cmpuint (tcb->in_flight, <=, window);
      g_assert_cmpuint (tcb->in_flight, <=, tcb->snd_wnd);
      if (tcb->in_flight == window && tcb->cwnd > window)
        full = TRUE;
    }
  g_assert_true (full);

  /* and segment by segment: nothing past the right edge the server offered */
  g_assert_cmpuint (data->len, ==, 20);
  for (guint i = 0; i < data->len; i++)
    {
      const HsTraceSegment *s = SEG (data, i);
      guint32 una = snd_una_before (trace, C, s->sent_step);

      g_assert_false (s->marks & HS_MARK_RETRANSMISSION);
      g_assert_cmpuint (s->header.seq + s->len - una, <=, window);
    }
  assert_stream_delivered (trace, C, 28960);
}

/* ------------------------------------------------------------ zero window -- */

/* The client's window probes and the server's first zero window in the
 * Linux capture: times in µs since the first packet. */
static void
read_capture_probes (GArray *probes,
                     HsTime *zero_window)
{
  const char *path = g_test_get_filename (G_TEST_DIST, "data", "captures", "zero-window.summary.txt", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);
  *zero_window = HS_TIME_NONE;
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = g_strsplit_set (g_strstrip (lines[i]), " ", -1);
      g_autoptr(GPtrArray) fields = g_ptr_array_new ();
      HsTime t;

      for (guint k = 0; f[k] != NULL; k++)
        if (f[k][0] != '\0')
          g_ptr_array_add (fields, f[k]);
      if (fields->len < 10)
        continue;
      /* no time src -> dst flags seq ack win len [analysis] */
      t = (HsTime) (g_ascii_strtod (g_ptr_array_index (fields, 1), NULL) * HS_USEC_PER_SEC + 0.5);
      if (fields->len > 10 && g_str_has_prefix (g_ptr_array_index (fields, 2), "10.99.0.1:") &&
          strstr (g_ptr_array_index (fields, 10), "keep_alive") != NULL)
        g_array_append_val (probes, t);
      if (*zero_window == HS_TIME_NONE && g_str_has_prefix (g_ptr_array_index (fields, 2), "10.99.0.2:") &&
          g_str_equal (g_ptr_array_index (fields, 8), "0"))
        *zero_window = t;
    }
}

static void
test_zero_window (void)
{
  g_autoptr(HsTrace) trace = run_lesson ("zero-window", NULL);
  g_autoptr(GArray) capture = g_array_new (FALSE, FALSE, sizeof (HsTime));
  g_autoptr(GPtrArray) probes = g_ptr_array_new ();
  const HsTraceSegment *zero = NULL, *update = NULL, *resume = NULL;
  HsTime capture_zero, interval = 0;
  guint read_step = HS_TRACE_NONE;

  g_test_summary ("zero-window: the window falls to 0; the client probes one RTO after it learns "
                  "that, then at doubling intervals, within 10 % of the Linux capture's probe "
                  "times; the server's read opens the window and the transfer resumes; all "
                  "20000 bytes arrive (RFC 1122 section 4.2.2.17, RFC 9293 section 3.8.6.1)");

  read_capture_probes (capture, &capture_zero);
  g_assert_cmpuint (capture->len, ==, 4);
  g_assert_cmpint (capture_zero, !=, HS_TIME_NONE);

  for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
    {
      const HsTraceSegment *s = segment (trace, i);

      if (s->from == S && s->window == 0 && zero == NULL)
        zero = s;
      if (s->from == C && (s->marks & HS_MARK_WINDOW_PROBE))
        g_ptr_array_add (probes, (gpointer) s);
      if (s->from == S && zero != NULL && s->window > 0 && update == NULL)
        update = s;
      if (s->from == C && update != NULL && s->len > 0 && resume == NULL)
        resume = s;
    }
  for (guint i = 0; i < hs_trace_get_n_steps (trace); i++)
    if (step (trace, i)->kind == HS_STEP_APP_CALL && step (trace, i)->endpoint == S &&
        step (trace, i)->detail == HS_APP_READ && read_step == HS_TRACE_NONE)
      read_step = i;

  g_assert_nonnull (zero);
  g_assert_nonnull (update);
  g_assert_cmpuint (read_step, !=, HS_TRACE_NONE);
  RETURN_IF_FAILED ();
  g_assert_true (zero->marks & HS_MARK_ZERO_WINDOW);
  g_assert_cmpint (zero->fate, ==, HS_FATE_DELIVERED);

  /* The probes: as many as in the capture, each within 10 % of it; no
   * data in them (Linux probes with SND.UNA − 1), each answered with a
   * zero window until the application reads. */
  g_assert_cmpuint (probes->len, ==, capture->len);
  for (guint k = 0; k < MIN (probes->len, capture->len); k++)
    {
      const HsTraceSegment *p = SEG (probes, k);
      HsTime want = g_array_index (capture, HsTime, k);

      g_test_message ("probe %u at %" G_GINT64_FORMAT " µs, the capture's at %" G_GINT64_FORMAT " µs",
                      k + 1, p->sent, want);
      g_assert_cmpint (ABS (p->sent - want) * 10, <=, want);
      g_assert_cmpuint (p->len, ==, 0);
      g_assert_true (is_timer_step (trace, step (trace, p->sent_step)->cause, C, HS_TIMER_PERSIST));
      g_assert_cmpint (p->sent, <, step (trace, read_step)->time);
      if (k == 0)
        {
          /* the first one a retransmission timeout after the zero window */
          interval = p->sent - zero->arrived;
          g_assert_cmpint (interval, ==, tcb_after (trace, zero->end_step, C)->rto);
        }
      else
        {
          /* then each interval twice the one before */
          HsTime gap = p->sent - SEG (probes, k - 1)->sent;

          g_assert_cmpint (gap, ==, 2 * interval);
          interval = gap;
        }
    }

  /* Nothing but probes while the window is closed, and no timeout. */
  for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
    {
      const HsTraceSegment *s = segment (trace, i);

      if (s->from == C && s->sent > zero->arrived && s->sent < update->arrived)
        g_assert_true ((s->marks & HS_MARK_WINDOW_PROBE) && s->len == 0);
    }
  g_assert_cmpuint (count_timers (trace, C, HS_TIMER_RETRANSMISSION, G_MAXUINT), ==, 0);

  /* The read opens the window; the window update lets the data go again. */
  g_assert_nonnull (update);
  g_assert_cmpint (update->sent, ==, step (trace, read_step)->time);
  g_assert_true (update->marks & HS_MARK_WINDOW_UPDATE);
  g_assert_nonnull (resume);
  g_assert_cmpuint (step (trace, resume->sent_step)->cause, ==, update->end_step);
  g_assert_cmpuint (resume->header.seq, ==, zero->header.ack);
  g_assert_false (resume->marks & HS_MARK_RETRANSMISSION);

  assert_stream_delivered (trace, C, 20000);
}

static void
test_zero_window_buffer (void)
{
  g_autoptr(HsTrace) trace = run_lesson ("zero-window", NULL);
  const HsTraceSegment *zero = NULL;
  const HsTcbSnapshot *tcb;
  guint64 received = 0;

  g_test_summary ("zero-window: when the server advertises a window of 0, the trace shows its "
                  "receive buffer holding every byte received and not yet read (HsTcbSnapshot "
                  "recv_buffered, issue 3 item 8)");

  for (guint i = 0; i < hs_trace_get_n_segments (trace) && zero == NULL; i++)
    if (segment (trace, i)->from == S && segment (trace, i)->window == 0)
      zero = segment (trace, i);
  g_assert_nonnull (zero);
  RETURN_IF_FAILED ();

  /* The server's application has not read anything yet: all it
   * acknowledged is in its buffer. */
  g_assert_cmpuint (bytes_read_before (trace, S, zero->sent_step), ==, 0);
  received = zero->header.ack - (first_syn (trace, C)->header.seq + 1);
  g_assert_cmpuint (received, >=, handshake_smss (trace));
  tcb = hs_trace_get_tcb_at (trace, zero->sent_step, S);
  g_assert_nonnull (tcb);
  RETURN_IF_FAILED ();
  g_assert_cmpuint (tcb->rcv_nxt, ==, zero->header.ack);
  g_test_message ("recv_buffered = %u with %" G_GUINT64_FORMAT " bytes received and unread",
                  tcb->recv_buffered, received);
  g_assert_cmpuint (tcb->recv_buffered, ==, received);
}

static void
test_zero_window_closes (void)
{
  g_autoptr(HsTrace) trace = run_lesson ("zero-window", NULL);
  guint last = hs_trace_get_n_steps (trace) - 1;
  gboolean fin[2] = { FALSE, FALSE };

  g_test_summary ("zero-window: once the transfer is over the connection closes, as in the capture "
                  "(the client shuts down writing after its last byte, both sides send FIN) and "
                  "both endpoints end CLOSED");

  for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
    fin[segment (trace, i)->from] |= (segment (trace, i)->header.flags & HS_TCP_FIN) != 0;
  g_test_message ("client FIN: %s, server FIN: %s, states at the end: %s, %s",
                  fin[C] ? "yes" : "no", fin[S] ? "yes" : "no",
                  hs_state_to_string (hs_trace_get_state_at (trace, last, C)),
                  hs_state_to_string (hs_trace_get_state_at (trace, last, S)));
  g_assert_true (fin[C]);
  g_assert_true (fin[S]);
  g_assert_cmpint (hs_trace_get_state_at (trace, last, C), ==, HS_STATE_CLOSED);
  g_assert_cmpint (hs_trace_get_state_at (trace, last, S), ==, HS_STATE_CLOSED);
}

/* ------------------------------------------------------------ piggyback -- */

static void
test_piggyback_ack (void)
{
  g_autoptr(HsTrace) trace = run_lesson ("piggyback-ack", NULL);
  g_autoptr(GPtrArray) requests = segments_from (trace, C, carries_data);
  const HsTraceSegment *request, *answer = NULL;
  const HsProfile *rfc = hs_profile_get (HS_PROFILE_RFC);

  g_test_summary ("piggyback-ack (rfc): the server's first segment after the request carries both "
                  "the 300-byte answer and the ACK of the request, 50 ms after it arrived, before "
                  "the 200 ms delayed-ACK timer; no separate ACK of the request is ever sent "
                  "(RFC 9293 section 3.8.6.3)");

  g_assert_cmpstr (hs_trace_get_parameter (trace, "profile"), ==, "rfc");
  g_assert_cmpuint (requests->len, >=, 1);
  RETURN_IF_FAILED ();
  request = SEG (requests, 0);
  g_assert_cmpuint (request->len, ==, 100);
  g_assert_cmpint (request->fate, ==, HS_FATE_DELIVERED);

  for (guint i = 0; i < hs_trace_get_n_segments (trace) && answer == NULL; i++)
    {
      const HsTraceSegment *s = segment (trace, i);

      if (s->from == S && s->sent_step > request->end_step)
        answer = s;
    }
  g_assert_nonnull (answer);
  RETURN_IF_FAILED ();
  g_assert_cmpuint (answer->len, ==, 300);
  g_assert_true (answer->header.flags & HS_TCP_ACK);
  g_assert_cmpuint (answer->header.ack, ==, request->header.seq + request->len);
  g_assert_cmpint (answer->sent - request->arrived, ==, MSEC (50));
  g_assert_cmpint (answer->sent - request->arrived, <, rfc->delayed_ack);

  /* The delayed ACK was never needed: no timer, no later pure ACK of it. */
  g_assert_cmpuint (count_timers (trace, S, HS_TIMER_DELAYED_ACK, G_MAXUINT), ==, 0);
  for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
    {
      const HsTraceSegment *s = segment (trace, i);

      if (s->from == S && s != answer)
        g_assert_false (is_pure_ack (trace, s) && s->header.ack == request->header.seq + request->len);
    }
  assert_stream_delivered (trace, C, 100);
  assert_stream_delivered (trace, S, 300);
}

/* ------------------------------------------------------------ delayed ACK -- */

/* Checks the server's acknowledgements of the client's data: an ACK at the
 * arrival of every second full-sized segment, otherwise one when the
 * delayed-ACK timer fires, @timer after the first segment it covers
 * arrived. Returns how many of each. */
static void
check_delayed_acks (HsTrace *trace,
                    HsTime   timer,
                    guint   *n_every_second,
                    guint   *n_timer)
{
  guint32 smss = handshake_smss (trace);
  guint32 acked = first_syn (trace, C)->header.seq + 1;

  *n_every_second = *n_timer = 0;
  for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
    {
      const HsTraceSegment *a = segment (trace, i);
      guint cause = step (trace, a->sent_step)->cause;
      guint n_full = 0, n_small = 0;
      HsTime first_arrival = HS_TIME_NONE;

      if (a->from != S || !is_pure_ack (trace, a) || !hs_seq_gt (a->header.ack, acked))
        continue;
      /* the data this ACK covers for the first time */
      for (guint k = 0; k < hs_trace_get_n_segments (trace); k++)
        {
          const HsTraceSegment *d = segment (trace, k);

          if (d->from != C || d->len == 0 || d->fate != HS_FATE_DELIVERED ||
              hs_seq_lt (d->header.seq, acked) || hs_seq_gt (d->header.seq + d->len, a->header.ack))
            continue;
          if (d->len == smss)
            n_full++;
          else
            n_small++;
          if (first_arrival == HS_TIME_NONE || d->arrived < first_arrival)
            first_arrival = d->arrived;
        }
      if (n_full + n_small == 0)
        continue;   /* it acknowledges the FIN, no data */
      if (is_timer_step (trace, cause, S, HS_TIMER_DELAYED_ACK))
        {
          g_assert_true (a->marks & HS_MARK_DELAYED_ACK);
          g_assert_cmpuint (n_full + n_small, ==, 1);
          g_assert_cmpint (a->sent, ==, first_arrival + timer);
          (*n_timer)++;
        }
      else
        {
          g_assert_cmpuint (n_full, ==, 2);
          g_assert_cmpuint (n_small, ==, 0);
          g_assert_true (cause != HS_TRACE_NONE && step (trace, cause)->kind == HS_STEP_SEGMENT_ARRIVED);
          (*n_every_second)++;
        }
      acked = a->header.ack;
    }
}

static void
test_delayed_ack (void)
{
  g_autoptr(HsTrace) trace = run_lesson ("delayed-ack", NULL);
  g_autoptr(GPtrArray) data = segments_from (trace, C, carries_data);
  guint32 smss = handshake_smss (trace);
  HsTime timer = hs_profile_get (HS_PROFILE_RFC)->delayed_ack;
  guint n_pairs, n_timer;

  g_test_summary ("delayed-ack (rfc): the server acknowledges the two full-sized segments with one "
                  "ACK as the second arrives, and the lone last segment 200 ms after it arrived, "
                  "when the delayed-ACK timer fires (RFC 9293 section 3.8.6.3, RFC 1122 4.2.3.2)");

  g_assert_cmpstr (hs_trace_get_parameter (trace, "profile"), ==, "rfc");
  g_assert_cmpint (timer, ==, MSEC (200));
  g_assert_cmpuint (smss, ==, 1460);
  g_assert_cmpuint (data->len, ==, 3);
  RETURN_IF_FAILED ();
  g_assert_cmpuint (SEG (data, 0)->len, ==, smss);
  g_assert_cmpuint (SEG (data, 1)->len, ==, smss);
  g_assert_cmpuint (SEG (data, 2)->len, ==, 4344 - 2 * smss);

  check_delayed_acks (trace, timer, &n_pairs, &n_timer);
  g_assert_cmpuint (n_pairs, ==, 1);
  g_assert_cmpuint (n_timer, ==, 1);

  /* and nothing from the server between the two full segments */
  for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
    {
      const HsTraceSegment *s = segment (trace, i);

      if (s->from == S)
        g_assert_false (s->sent >= SEG (data, 0)->arrived && s->sent < SEG (data, 1)->arrived);
    }
  assert_stream_delivered (trace, C, 4344);
}

static void
test_delayed_ack_bulk (void)
{
  g_autoptr(HsTrace) trace = run_lesson ("delayed-ack",
                                         SETS ("client.script=connect; send 43800; wait-for eof; close",
                                               "server.script=listen; wait-for 43800 bytes; wait 500ms; close"));
  guint n_pairs, n_timer;

  g_test_summary ("delayed-ack (rfc) with 30 full-sized segments: every ACK of data comes at the "
                  "arrival of a second full-sized segment, or from the timer 200 ms after a lone one");

  check_delayed_acks (trace, hs_profile_get (HS_PROFILE_RFC)->delayed_ack, &n_pairs, &n_timer);
  g_test_message ("%u ACKs for two segments, %u by the timer", n_pairs, n_timer);
  g_assert_cmpuint (2 * n_pairs + n_timer, ==, 30);
  g_assert_cmpuint (n_pairs, >=, 10);
  assert_stream_delivered (trace, C, 43800);
}

/* ------------------------------------------------------------------ Nagle -- */

static void
test_nagle (void)
{
  g_autoptr(HsTrace) trace = run_lesson ("nagle", NULL);
  g_autoptr(GPtrArray) data = segments_from (trace, C, carries_data);
  const guint32 lens[] = { 40, 280, 80 };
  guint32 smss = handshake_smss (trace);

  g_test_summary ("nagle: with Nagle's algorithm a small segment goes only when nothing is "
                  "unacknowledged, so the ten 40-byte writes leave in three segments (40, 280, 80), "
                  "each at the arrival of the ACK of the one before (RFC 9293 section 3.7.4)");

  g_assert_cmpuint (data->len, ==, G_N_ELEMENTS (lens));
  RETURN_IF_FAILED ();
  for (guint i = 0; i < data->len; i++)
    {
      const HsTraceSegment *s = SEG (data, i);

      g_assert_cmpuint (s->len, ==, lens[i]);
      g_assert_cmpuint (s->len, <, smss);
      /* nothing unacknowledged when a small segment leaves: every byte
       * before it has been acknowledged */
      g_assert_cmpuint (snd_una_before (trace, C, s->sent_step), ==, s->header.seq);
      if (i > 0)
        {
          guint cause = step (trace, s->sent_step)->cause;
          const HsTraceSegment *ack;

          g_assert_cmpuint (cause, !=, HS_TRACE_NONE);
          RETURN_IF_FAILED ();
          g_assert_cmpint (step (trace, cause)->kind, ==, HS_STEP_SEGMENT_ARRIVED);
          RETURN_IF_FAILED ();
          ack = segment (trace, step (trace, cause)->segment);
          g_assert_cmpuint (ack->from, ==, S);
          g_assert_cmpuint (ack->header.ack, ==, SEG (data, i - 1)->header.seq + SEG (data, i - 1)->len);
        }
    }
  assert_stream_delivered (trace, C, 400);
}

static void
test_nagle_off (void)
{
  g_autoptr(HsTrace) trace = run_lesson ("nagle", SETS ("client.nagle=false"));
  g_autoptr(GPtrArray) data = segments_from (trace, C, carries_data);
  guint n_writes = 0, max_unacked = 0;

  g_test_summary ("nagle with client.nagle=false: one 40-byte segment per write, sent at the "
                  "moment of the write, several small segments unacknowledged at once");

  g_assert_cmpuint (data->len, ==, 10);
  RETURN_IF_FAILED ();
  for (guint i = 0; i < hs_trace_get_n_steps (trace); i++)
    {
      const HsTraceStep *st = step (trace, i);

      if (st->kind != HS_STEP_APP_CALL || st->endpoint != C || st->detail != HS_APP_SEND)
        continue;
      g_assert_cmpuint (n_writes, <, data->len);
      RETURN_IF_FAILED ();
      g_assert_cmpuint (SEG (data, n_writes)->len, ==, 40);
      g_assert_cmpuint (step (trace, SEG (data, n_writes)->sent_step)->cause, ==, i);
      g_assert_cmpint (SEG (data, n_writes)->sent, ==, st->time);
      n_writes++;
    }
  g_assert_cmpuint (n_writes, ==, 10);
  for (guint i = 0; i < data->len; i++)
    {
      const HsTraceSegment *s = SEG (data, i);
      guint32 una = snd_una_before (trace, C, s->sent_step);

      max_unacked = MAX (max_unacked, (s->header.seq + s->len - una) / 40);
    }
  g_assert_cmpuint (max_unacked, >=, 4);
  assert_stream_delivered (trace, C, 400);
}

/* ---------------------------------------------------------- TCP and UDP -- */

static void
test_tcp_vs_udp (void)
{
  g_autoptr(HsTrace) trace = run_lesson ("tcp-vs-udp", NULL);
  guint n_sent = 0, n_delivered = 0, n_late = 0, n_lost_tcp = 0, n_rtx_tcp = 0;
  guint highest_arrived = 0;
  HsTime last_arrival = 0;
  gboolean any_out_of_order = FALSE;
  guint64 udp_read = 0;

  g_test_summary ("tcp-vs-udp: over the same lossy network TCP sets up, retransmits and delivers "
                  "all 1000 bytes in order; UDP sends the 10 datagrams with no handshake, ACK or "
                  "teardown, and delivers a strict subset of them, some out of order");

  g_assert_cmpuint (hs_trace_get_n_endpoints (trace), ==, 4);
  g_assert_cmpstr (hs_trace_get_endpoint (trace, 0)->name, ==, "client");
  g_assert_cmpstr (hs_trace_get_endpoint (trace, 1)->name, ==, "server");
  g_assert_cmpstr (hs_trace_get_endpoint (trace, 2)->name, ==, "udp-client");
  g_assert_cmpstr (hs_trace_get_endpoint (trace, 3)->name, ==, "udp-server");
  g_assert_cmpuint (hs_trace_get_endpoint (trace, 2)->transport, ==, HS_TRANSPORT_UDP);
  g_assert_cmpuint (hs_trace_get_endpoint (trace, 3)->transport, ==, HS_TRANSPORT_UDP);

  /* TCP: handshake, losses repaired, every byte in order. */
  g_assert_cmphex (segment (trace, 0)->header.flags, ==, HS_TCP_SYN);
  for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
    {
      const HsTraceSegment *s = segment (trace, i);

      if (s->from > S)
        continue;
      g_assert_false (hs_trace_segment_is_udp (trace, s));
      n_lost_tcp += s->fate == HS_FATE_LOST;
      n_rtx_tcp += (s->marks & HS_MARK_RETRANSMISSION) != 0;
    }
  g_assert_cmpuint (n_lost_tcp, >, 0);
  g_assert_cmpuint (n_rtx_tcp, >, 0);
  assert_stream_delivered (trace, C, 1000);

  /* UDP: datagrams only, one way, no flags, never repeated. */
  for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
    {
      const HsTraceSegment *s = segment (trace, i);

      if (s->from <= S)
        continue;
      g_assert_true (hs_trace_segment_is_udp (trace, s));
      g_assert_cmpuint (s->from, ==, 2);
      g_assert_cmpuint (s->to, ==, 3);
      g_assert_cmphex (s->header.flags, ==, 0);
      g_assert_cmpuint (s->len, ==, 100);
      g_assert_false (s->marks & HS_MARK_RETRANSMISSION);
      n_sent++;
    }
  g_assert_cmpuint (n_sent, ==, 10);

  /* what arrives, in the order it arrives */
  for (guint i = 0; i < hs_trace_get_n_steps (trace); i++)
    {
      const HsTraceStep *st = step (trace, i);

      if (st->kind == HS_STEP_SEGMENT_ARRIVED && st->endpoint == 3)
        {
          guint rank = 0;

          /* the datagram's place among the UDP client's sends, from 1 */
          for (guint k = 0; k <= st->segment; k++)
            rank += segment (trace, k)->from == 2;
          g_assert_cmpint (st->time, >=, last_arrival);
          last_arrival = st->time;
          if (rank < highest_arrived)
            {
              any_out_of_order = TRUE;
              n_late += st->reason == HS_REASON_ARRIVE_DATAGRAM_LATE;
            }
          highest_arrived = MAX (highest_arrived, rank);
          n_delivered++;
        }
      else if (st->kind == HS_STEP_APP_NOTIFY && st->endpoint == 3 && st->detail == HS_NOTIFY_DATA)
        udp_read += st->value;
    }
  g_test_message ("UDP: %u of %u datagrams delivered, out of order: %s",
                  n_delivered, n_sent, any_out_of_order ? "yes" : "no");
  g_assert_cmpuint (n_delivered, >, 0);
  g_assert_cmpuint (n_delivered, <, n_sent);
  g_assert_cmpuint (udp_read, ==, 100 * n_delivered);
  g_assert_true (any_out_of_order);
  g_assert_cmpuint (n_late, >, 0);
}

/* ------------------------------------------------------- transfer.bytes -- */

static const char * const bulk_lessons[] = {
  "sliding-window", "zero-window", "fast-retransmit", "slow-start", "timeout-cwnd", "sack",
};

static void
test_transfer_bytes (gconstpointer data)
{
  const char *id = data;
  const guint64 sizes[] = { 1, 12345, 1000000 };

  g_test_summary ("--set transfer.bytes=N makes each bulk lesson write and deliver exactly N bytes, "
                  "and its FIN follows the last of them");

  for (guint k = 0; k < G_N_ELEMENTS (sizes); k++)
    {
      g_autofree char *set = g_strdup_printf ("transfer.bytes=%" G_GUINT64_FORMAT, sizes[k]);
      g_autoptr(HsTrace) trace = run_lesson (id, SETS (set));
      guint32 base = first_syn (trace, C)->header.seq + 1;
      guint64 written = 0;
      guint32 end = base;
      gboolean fin = FALSE;

      g_test_message ("%s, %s", id, set);
      for (guint i = 0; i < hs_trace_get_n_steps (trace); i++)
        {
          const HsTraceStep *st = step (trace, i);

          if (st->kind == HS_STEP_APP_CALL && st->detail == HS_APP_SEND)
            {
              g_assert_cmpuint (st->endpoint, ==, C);
              written += st->value;
            }
        }
      g_assert_cmpuint (written, ==, sizes[k]);
      for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
        {
          const HsTraceSegment *s = segment (trace, i);

          if (s->from == S)
            g_assert_cmpuint (s->len, ==, 0);
          else if (s->len > 0 && hs_seq_gt (s->header.seq + s->len, end))
            end = s->header.seq + s->len;
          if (s->from == C && (s->header.flags & HS_TCP_FIN))
            {
              g_assert_cmpuint (s->header.seq + s->len, ==, base + sizes[k]);
              fin = TRUE;
            }
        }
      g_assert_cmpuint (end - base, ==, sizes[k]);
      /* a lesson whose client closes; zero-window's never does (see
       * /engine/transfer/zero-window/closes) */
      g_assert_true (fin || g_str_equal (id, "zero-window"));
      assert_stream_delivered (trace, C, sizes[k]);
    }
}

static void
test_tiny_window (void)
{
  g_test_summary ("A receive window under two segments: the linux profile cuts its segments to "
                  "half the largest window the peer offered (tcp_bound_to_half_wnd), so two fit "
                  "and go out together; the rfc profile sends one segment of the full MSS");

  {
    g_autoptr(HsTrace) trace = run_lesson ("sliding-window", SETS ("server.receivebuffer=2000"));
    g_autoptr(GPtrArray) data = segments_from (trace, C, carries_data);
    const HsTraceSegment *synack = first_syn (trace, S);
    guint32 cutoff = synack->window / 2;

    /* Linux offers whole segments in a SYN: one of 1448 bytes here */
    g_assert_cmpuint (synack->window, ==, 1448);
    g_assert_cmpuint (data->len, >=, 2);
    for (guint i = 0; i < data->len; i++)
      g_assert_cmpuint (((const HsTraceSegment *) g_ptr_array_index (data, i))->len, <=, cutoff);
    g_assert_cmpuint (((const HsTraceSegment *) g_ptr_array_index (data, 0))->len, ==, 724);
    g_assert_cmpuint (((const HsTraceSegment *) g_ptr_array_index (data, 1))->len, ==, 724);
    g_assert_cmpint (((const HsTraceSegment *) g_ptr_array_index (data, 1))->sent, ==,
                     ((const HsTraceSegment *) g_ptr_array_index (data, 0))->sent);
  }

  {
    g_autoptr(HsScenario) scenario = load_lesson ("sliding-window", SETS ("server.receivebuffer=2000"));
    g_autoptr(HsTrace) rfc = NULL;
    g_autoptr(GPtrArray) data = NULL;

    hs_scenario_set_profile (scenario, HS_PROFILE_RFC);
    rfc = run_scenario (scenario);
    data = segments_from (rfc, C, carries_data);
    g_assert_cmpuint (first_syn (rfc, S)->window, ==, 2000);
    g_assert_cmpuint (((const HsTraceSegment *) g_ptr_array_index (data, 0))->len, ==, 1460);
  }
}

/* The server answers 200 bytes and closes at once; corked, or with
 * MSG_MORE, the data waits and the FIN joins it: one segment (Linux
 * tcp_send_fin adds the FIN to the unsent tail). */
static void
test_data_and_fin (gconstpointer data)
{
  const char *server = data;
  g_autofree char *set = g_strdup_printf ("server.script=listen; wait-for 100 bytes; %s", server);
  g_autoptr(HsTrace) trace = run_lesson ("abort-rst", SETS (set, "client.script=connect; send 100; wait-for eof; close"));
  guint n_data = 0;

  g_test_summary ("cork, or send with MSG_MORE, then close: the server's 200 bytes and its FIN leave "
                  "in one segment, with PSH after cork and without it after MSG_MORE");

  for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
    {
      const HsTraceSegment *s = segment (trace, i);

      if (s->from != 1 || s->len == 0)
        continue;
      n_data++;
      g_assert_cmpuint (s->len, ==, 200);
      g_assert_cmpuint (s->header.flags & HS_TCP_FIN, !=, 0);
      g_assert_cmpuint (!!(s->header.flags & HS_TCP_PSH), ==, g_str_has_prefix (server, "cork"));
    }
  g_assert_cmpuint (n_data, ==, 1);
}

/* MSG_MORE on a short write with nothing in flight: the data waits one
 * RTO (the probe timer), then leaves with PSH. */
static void
test_more_waits (void)
{
  g_autoptr(HsTrace) trace = run_lesson ("abort-rst", SETS ("server.script=listen; wait-for 100 bytes; send 40 more; wait-for eof; close",
                                                            "client.script=connect; send 100; wait 2s; close"));
  const HsTraceSegment *ack_of_request = NULL, *data = NULL;

  g_test_summary ("send 40 more with nothing in flight: the 40 bytes wait for more data until the "
                  "retransmission timeout has passed, then go with PSH, as Linux's probe timer sends them");

  for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
    {
      const HsTraceSegment *s = segment (trace, i);

      if (s->from == 1 && s->len == 0 && ack_of_request == NULL && (s->header.flags & HS_TCP_ACK) &&
          !(s->header.flags & HS_TCP_SYN))
        ack_of_request = s;
      if (s->from == 1 && s->len > 0 && data == NULL)
        data = s;
    }
  g_assert_nonnull (ack_of_request);
  g_assert_nonnull (data);
  g_assert_cmpuint (data->len, ==, 40);
  g_assert_cmpuint (data->header.flags & HS_TCP_PSH, !=, 0);
  /* the server's RTO after a 20 ms round trip is 220 ms; the write came
   * when the request arrived, which the quick ACK answered */
  g_assert_cmpint (data->sent - ack_of_request->sent, >=, 200 * HS_USEC_PER_MSEC);
  g_assert_cmpint (data->sent - ack_of_request->sent, <, HS_USEC_PER_SEC);
}

/* The time of the client's first call of @call after its close(). */
static HsTime
call_after_close (HsTrace   *trace,
                  HsAppCall  call)
{
  gboolean closed = FALSE;

  for (guint i = 0; i < hs_trace_get_n_steps (trace); i++)
    {
      const HsTraceStep *s = step (trace, i);

      if (s->kind != HS_STEP_APP_CALL || s->endpoint != 0)
        continue;
      if (closed && s->detail == call)
        return s->time;
      closed = closed || s->detail == HS_APP_CLOSE;
    }
  g_assert_not_reached ();
}

static void
test_linger (void)
{
  g_test_summary ("Linger=5s: close() returns when the FIN is acknowledged (one round trip, 20 ms here), "
                  "Linger=1ms: when the time is up, with the same segments on the wire; Linger=0s: "
                  "close() aborts with RST+ACK and no FIN");

  {
    /* the client closes at 120 ms; its FIN's ACK is back at 140 ms */
    g_autoptr(HsTrace) waits = run_lesson ("four-way-close", SETS ("client.linger=5s", "client.script=connect; wait 100ms; close; send 10"));
    g_autoptr(HsTrace) times_out = run_lesson ("four-way-close", SETS ("client.linger=1ms", "client.script=connect; wait 100ms; close; send 10"));
    g_autoptr(HsTrace) plain = run_lesson ("four-way-close", SETS ("client.script=connect; wait 100ms; close; send 10"));

    g_assert_cmpint (call_after_close (waits, HS_APP_SEND), ==, 140 * HS_USEC_PER_MSEC);
    g_assert_cmpint (call_after_close (times_out, HS_APP_SEND), ==, 121 * HS_USEC_PER_MSEC);
    g_assert_cmpint (call_after_close (plain, HS_APP_SEND), ==, 120 * HS_USEC_PER_MSEC);
    g_assert_cmpuint (hs_trace_get_n_segments (waits), ==, hs_trace_get_n_segments (plain));
    g_assert_cmpuint (hs_trace_get_n_segments (times_out), ==, hs_trace_get_n_segments (plain));
  }
  {
    g_autoptr(HsTrace) trace = run_lesson ("four-way-close", SETS ("client.linger=0s"));

    for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
      if (segment (trace, i)->from == 0)
        g_assert_cmpuint (segment (trace, i)->header.flags & HS_TCP_FIN, ==, 0);
    g_assert_cmphex (segment (trace, hs_trace_get_n_segments (trace) - 1)->header.flags, ==, HS_TCP_RST | HS_TCP_ACK);
  }
}

static void
test_close_syn_sent (void)
{
  g_autoptr(HsTrace) trace = run_lesson ("four-way-close", SETS ("client.script=connect nowait; wait 5ms; close"));
  const HsTraceSegment *rst;

  g_test_summary ("connect nowait, then close() in SYN-SENT: the client forgets the connection; the "
                  "SYN+ACK that comes later is answered with a bare RST whose seq is its ack, and the "
                  "server returns to LISTEN (close-on-syn-sent.pkt)");

  g_assert_cmpuint (hs_trace_get_n_segments (trace), ==, 3);
  rst = segment (trace, 2);
  g_assert_cmpuint (rst->from, ==, 0);
  g_assert_cmphex (rst->header.flags, ==, HS_TCP_RST);
  g_assert_cmpuint (rst->header.seq, ==, segment (trace, 1)->header.ack);
  g_assert_cmpint (hs_trace_get_state_at (trace, hs_trace_get_n_steps (trace) - 1, 1), ==, HS_STATE_LISTEN);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  /* A case that finds an engine bug fails, and the others still run. */
  g_test_set_nonfatal_assertions ();

  g_test_add_func ("/engine/transfer/sliding-window", test_sliding_window);
  g_test_add_func ("/engine/transfer/sliding-window/tiny-window", test_tiny_window);
  g_test_add_func ("/engine/transfer/zero-window/probes", test_zero_window);
  g_test_add_func ("/engine/transfer/zero-window/buffer", test_zero_window_buffer);
  g_test_add_func ("/engine/transfer/zero-window/closes", test_zero_window_closes);
  g_test_add_func ("/engine/transfer/delayed-ack", test_delayed_ack);
  g_test_add_func ("/engine/transfer/delayed-ack/bulk", test_delayed_ack_bulk);
  g_test_add_func ("/engine/transfer/piggyback-ack", test_piggyback_ack);
  g_test_add_func ("/engine/transfer/nagle/on", test_nagle);
  g_test_add_func ("/engine/transfer/nagle/off", test_nagle_off);
  g_test_add_func ("/engine/transfer/data-loss-rto/linux", test_data_loss_rto_linux);
  g_test_add_func ("/engine/transfer/data-loss-rto/rfc", test_data_loss_rto_rfc);
  g_test_add_func ("/engine/transfer/fast-retransmit", test_fast_retransmit);
  g_test_add_func ("/engine/transfer/fast-retransmit/limited-transmit-rfc", test_limited_transmit_rfc);
  g_test_add_func ("/engine/transfer/slow-start", test_slow_start);
  g_test_add_func ("/engine/transfer/timeout-cwnd", test_timeout_cwnd);
  g_test_add_func ("/engine/transfer/sack/blocks", test_sack_blocks);
  g_test_add_func ("/engine/transfer/sack/repair", test_sack_repair);
  g_test_add_func ("/engine/transfer/sack/first-hole-at-third-dupack", test_sack_first_hole);
  g_test_add_func ("/engine/transfer/tcp-vs-udp", test_tcp_vs_udp);
  g_test_add_data_func ("/engine/transfer/cork-then-close", "cork; send 200; close", test_data_and_fin);
  g_test_add_data_func ("/engine/transfer/more-then-close", "send 200 more; close", test_data_and_fin);
  g_test_add_func ("/engine/transfer/more-waits", test_more_waits);
  g_test_add_func ("/engine/transfer/linger", test_linger);
  g_test_add_func ("/engine/transfer/close-in-syn-sent", test_close_syn_sent);
  for (guint i = 0; i < G_N_ELEMENTS (bulk_lessons); i++)
    {
      g_autofree char *path = g_strdup_printf ("/engine/transfer/transfer-bytes/%s", bulk_lessons[i]);

      g_test_add_data_func (path, bulk_lessons[i], test_transfer_bytes);
    }

  return g_test_run ();
}
