/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-trace.c: the trace model and its CSV, JSON and text exports. */

#define G_LOG_DOMAIN "test-trace"

#include "config.h"

#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "hs-error.h"
#include "hs-narration.h"
#include "hs-scenario.h"
#include "hs-simulator.h"
#include "hs-trace-writer.h"
#include "hs-trace.h"

/* ------------------------------------------------------------ helpers -- */

static guint
add_step (HsTrace    *trace,
          HsTime      time,
          HsStepKind  kind,
          guint       endpoint,
          guint       detail,
          guint       segment)
{
  HsTraceStep step = {
    .time = time,
    .kind = kind,
    .endpoint = endpoint,
    .detail = detail,
    .segment = segment,
    .cause = HS_TRACE_NONE,
  };

  return hs_trace_add_step (trace, &step);
}

static guint
add_state_change (HsTrace *trace,
                  HsTime   time,
                  guint    endpoint,
                  HsState  from,
                  HsState  to)
{
  HsTraceStep step = {
    .time = time,
    .kind = HS_STEP_STATE_CHANGE,
    .endpoint = endpoint,
    .from_state = from,
    .to_state = to,
    .segment = HS_TRACE_NONE,
    .cause = HS_TRACE_NONE,
  };

  return hs_trace_add_step (trace, &step);
}

/* Sends a segment: adds it and its SEGMENT_SENT step. Its fate is decided
 * later by deliver(), lose() or nothing (in flight). */
static guint
send_segment (HsTrace *trace,
              HsTime   time,
              guint    from,
              guint    to,
              guint8   flags,
              guint32  seq,
              guint32  ack,
              guint16  window_raw,
              guint    wscale,
              guint32  len,
              guint8   marks)
{
  HsTraceSegment segment = {
    .from = from,
    .to = to,
    .fate = HS_FATE_IN_FLIGHT,
    .marks = marks,
    .len = len,
    .window = (guint32) window_raw << wscale,
    .sent = time,
    .arrived = HS_TIME_NONE,
    .end_step = HS_TRACE_NONE,
    .header = {
      .seq = seq,
      .ack = ack,
      .flags = flags,
      .window = window_raw,
    },
  };
  guint index;

  segment.sent_step = hs_trace_get_n_steps (trace);
  index = hs_trace_add_segment (trace, &segment);
  add_step (trace, time, HS_STEP_SEGMENT_SENT, from, 0, index);

  return index;
}

static void
deliver (HsTrace *trace,
         guint    index,
         HsTime   time)
{
  HsTraceSegment *segment = hs_trace_peek_segment (trace, index);

  segment->fate = HS_FATE_DELIVERED;
  segment->arrived = time;
  segment->end_step = add_step (trace, time, HS_STEP_SEGMENT_ARRIVED, segment->to, 0, index);
}

static void
lose (HsTrace *trace,
      guint    index,
      HsTime   time)
{
  HsTraceSegment *segment = hs_trace_peek_segment (trace, index);

  segment->fate = HS_FATE_LOST;
  segment->end_step = add_step (trace, time, HS_STEP_SEGMENT_LOST, segment->from, 0, index);
}

static void
add_snapshot (HsTrace *trace,
              guint    step,
              guint    endpoint,
              guint32  snd_nxt)
{
  HsTcbSnapshot snapshot = {
    .step = step,
    .endpoint = endpoint,
    .state = hs_trace_get_state_at (trace, step, endpoint),
    .snd_nxt = snd_nxt,
    .rto = HS_USEC_PER_SEC,
  };

  hs_trace_add_snapshot (trace, &snapshot);
}

#define CLIENT 0
#define SERVER 1
#define CLIENT_ISN 1000
#define SERVER_ISN 5000

static HsTrace *
new_two_lane_trace (void)
{
  HsTrace *trace = hs_trace_new ();

  g_assert_cmpuint (hs_trace_add_endpoint (trace, "client", "10.0.0.1", 40000, HS_STATE_CLOSED), ==, CLIENT);
  g_assert_cmpuint (hs_trace_add_endpoint (trace, "server", "10.0.0.2", 80, HS_STATE_LISTEN), ==, SERVER);

  return trace;
}

/* The three-way handshake with 10 ms each way; steps numbered from 0:
 *   0 connect()  1 SYN-SENT  2 SYN sent  3 SYN arrives  4 SYN-RECEIVED
 *   5 SYN+ACK sent  6 arrives  7 ESTABLISHED  8 connected  9 ACK sent
 *  10 ACK arrives  11 ESTABLISHED */
static HsTrace *
build_handshake (void)
{
  HsTrace *trace = new_two_lane_trace ();
  HsTraceSegment *syn;
  guint seg;

  hs_trace_set_title (trace, "Three-way handshake");
  hs_trace_set_parameter (trace, "lesson", "three-way-handshake");
  hs_trace_set_parameter (trace, "seed", "1");
  hs_trace_set_endpoint_isn (trace, CLIENT, CLIENT_ISN);
  hs_trace_set_endpoint_isn (trace, SERVER, SERVER_ISN);

  add_step (trace, 0, HS_STEP_APP_CALL, CLIENT, HS_APP_CONNECT, HS_TRACE_NONE);
  add_snapshot (trace, add_state_change (trace, 0, CLIENT, HS_STATE_CLOSED, HS_STATE_SYN_SENT), CLIENT, CLIENT_ISN + 1);

  seg = send_segment (trace, 0, CLIENT, SERVER, HS_TCP_SYN, CLIENT_ISN, 0, 64240, 0, 0, 0);
  syn = hs_trace_peek_segment (trace, seg);
  syn->header.options.present = HS_TCP_OPT_MSS | HS_TCP_OPT_SACK_PERM | HS_TCP_OPT_TIMESTAMP | HS_TCP_OPT_WSCALE;
  syn->header.options.mss = 1460;
  syn->header.options.wscale = 7;
  syn->header.options.ts_val = 1;
  syn->header.options.ts_ecr = 0;
  deliver (trace, seg, 10000);
  add_snapshot (trace, add_state_change (trace, 10000, SERVER, HS_STATE_LISTEN, HS_STATE_SYN_RECEIVED), SERVER, SERVER_ISN + 1);

  seg = send_segment (trace, 10000, SERVER, CLIENT, HS_TCP_SYN | HS_TCP_ACK, SERVER_ISN, CLIENT_ISN + 1, 65160, 0, 0, 0);
  deliver (trace, seg, 20000);
  add_snapshot (trace, add_state_change (trace, 20000, CLIENT, HS_STATE_SYN_SENT, HS_STATE_ESTABLISHED), CLIENT, CLIENT_ISN + 1);
  add_step (trace, 20000, HS_STEP_APP_NOTIFY, CLIENT, HS_NOTIFY_ESTABLISHED, HS_TRACE_NONE);

  seg = send_segment (trace, 20000, CLIENT, SERVER, HS_TCP_ACK, CLIENT_ISN + 1, SERVER_ISN + 1, 502, 7, 0, 0);
  deliver (trace, seg, 30000);
  add_snapshot (trace, add_state_change (trace, 30000, SERVER, HS_STATE_SYN_RECEIVED, HS_STATE_ESTABLISHED), SERVER, SERVER_ISN + 1);

  return trace;
}

/* The first SYN is lost; the RTO fires; the retransmitted SYN arrives; the
 * SYN+ACK is still on its way when the simulation ends. */
static HsTrace *
build_lost_syn (void)
{
  HsTrace *trace = new_two_lane_trace ();
  guint seg;

  hs_trace_set_title (trace, "Lost SYN");
  hs_trace_set_endpoint_isn (trace, CLIENT, CLIENT_ISN);
  hs_trace_set_endpoint_isn (trace, SERVER, SERVER_ISN);

  add_step (trace, 0, HS_STEP_APP_CALL, CLIENT, HS_APP_CONNECT, HS_TRACE_NONE);
  add_state_change (trace, 0, CLIENT, HS_STATE_CLOSED, HS_STATE_SYN_SENT);
  seg = send_segment (trace, 0, CLIENT, SERVER, HS_TCP_SYN, CLIENT_ISN, 0, 64240, 0, 0, 0);
  lose (trace, seg, 5000);
  add_step (trace, 1000000, HS_STEP_TIMER, CLIENT, HS_TIMER_RETRANSMISSION, HS_TRACE_NONE);
  seg = send_segment (trace, 1000000, CLIENT, SERVER, HS_TCP_SYN, CLIENT_ISN, 0, 64240, 0, 0, HS_MARK_RETRANSMISSION);
  deliver (trace, seg, 1010000);
  add_state_change (trace, 1010000, SERVER, HS_STATE_LISTEN, HS_STATE_SYN_RECEIVED);
  send_segment (trace, 1010000, SERVER, CLIENT, HS_TCP_SYN | HS_TCP_ACK, SERVER_ISN, CLIENT_ISN + 1, 65160, 0, 0, 0);

  return trace;
}

static char *
write_to_string (HsTrace       *trace,
                 HsTraceFormat  format)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = hs_trace_write (trace, format, &error);
  gsize len;
  const char *data;

  g_assert_no_error (error);
  g_assert_nonnull (bytes);

  data = g_bytes_get_data (bytes, &len);
  g_assert_true (g_utf8_validate (data, (gssize) len, NULL));
  g_assert_null (memchr (data, '\0', len));

  return g_strndup (data, len);
}

/* Terminal columns of @text up to byte @end, counting CJK as two. */
static guint
display_width (const char *text,
               const char *end)
{
  guint width = 0;

  for (const char *p = text; p < end && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_iszerowidth (c))
        width += g_unichar_iswide (c) ? 2 : 1;
    }

  return width;
}

/* Column where @needle starts in @line, or -1. */
static int
column_of (const char *line,
           const char *needle)
{
  const char *found = strstr (line, needle);

  return found != NULL ? (int) display_width (line, found) : -1;
}

/* Column of the last occurrence of @needle in @line, or -1. */
static int
last_column_of (const char *line,
                const char *needle)
{
  const char *found = NULL;

  for (const char *p = strstr (line, needle); p != NULL; p = strstr (p + 1, needle))
    found = p;

  return found != NULL ? (int) display_width (line, found) : -1;
}

/* Column of the middle of @word in @line, or -1. */
static int
center_of (const char *line,
           const char *word)
{
  int start = column_of (line, word);

  if (start < 0)
    return -1;

  return start + (int) display_width (word, word + strlen (word)) / 2;
}

/* The lines of the ladder: the first block of lines with a lane's bar in
 * it (the title and the narration, which may repeat any word, are other
 * blocks). */
static char **
ladder_lines (const char *txt)
{
  g_auto(GStrv) blocks = g_strsplit (txt, "\n\n", -1);

  for (guint i = 0; blocks[i] != NULL; i++)
    {
      if (strstr (blocks[i], "│") != NULL)
        return g_strsplit (blocks[i], "\n", -1);
    }

  g_error ("No ladder in:\n%s", txt);
}

/* The only line of @lines that contains @needle. */
static const char *
find_line (char       **lines,
           const char  *needle)
{
  const char *found = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (strstr (lines[i], needle) != NULL)
        {
          if (found != NULL)
            g_error ("“%s” is on more than one line:\n%s\n%s", needle, found, lines[i]);
          found = lines[i];
        }
    }

  if (found == NULL)
    g_error ("No line holds “%s”", needle);

  return found;
}

/* ----------------------------------------------------- a JSON checker -- */

/* Strict RFC 8259, enough to tell whether the export is JSON at all. */
typedef struct
{
  const char *p;
} JsonCursor;

static gboolean check_json_value (JsonCursor *c,
                                  guint       depth);

static void
json_skip_ws (JsonCursor *c)
{
  while (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r')
    c->p++;
}

static gboolean
check_json_string (JsonCursor *c)
{
  if (*c->p != '"')
    return FALSE;

  for (c->p++; *c->p != '"'; c->p++)
    {
      if ((guchar) *c->p < 0x20)
        return FALSE;

      if (*c->p == '\\')
        {
          c->p++;
          if (*c->p == 'u')
            {
              for (guint i = 0; i < 4; i++)
                if (!g_ascii_isxdigit (*++c->p))
                  return FALSE;
            }
          else if (*c->p == '\0' || strchr ("\"\\/bfnrt", *c->p) == NULL)
            return FALSE;
        }
    }

  c->p++;
  return TRUE;
}

static gboolean
check_json_number (JsonCursor *c)
{
  if (*c->p == '-')
    c->p++;

  if (*c->p == '0')
    c->p++;
  else if (*c->p >= '1' && *c->p <= '9')
    while (g_ascii_isdigit (*c->p))
      c->p++;
  else
    return FALSE;

  if (*c->p == '.')
    {
      c->p++;
      if (!g_ascii_isdigit (*c->p))
        return FALSE;
      while (g_ascii_isdigit (*c->p))
        c->p++;
    }

  if (*c->p == 'e' || *c->p == 'E')
    {
      c->p++;
      if (*c->p == '+' || *c->p == '-')
        c->p++;
      if (!g_ascii_isdigit (*c->p))
        return FALSE;
      while (g_ascii_isdigit (*c->p))
        c->p++;
    }

  return TRUE;
}

static gboolean
check_json_container (JsonCursor *c,
                      guint       depth,
                      char        close)
{
  c->p++;
  json_skip_ws (c);

  if (*c->p == close)
    {
      c->p++;
      return TRUE;
    }

  for (;;)
    {
      json_skip_ws (c);

      if (close == '}')
        {
          if (!check_json_string (c))
            return FALSE;
          json_skip_ws (c);
          if (*c->p++ != ':')
            return FALSE;
        }

      if (!check_json_value (c, depth + 1))
        return FALSE;

      json_skip_ws (c);

      if (*c->p == close)
        {
          c->p++;
          return TRUE;
        }

      if (*c->p++ != ',')
        return FALSE;
    }
}

static gboolean
check_json_value (JsonCursor *c,
                  guint       depth)
{
  if (depth > 64)
    return FALSE;

  json_skip_ws (c);

  switch (*c->p)
    {
    case '{':
      return check_json_container (c, depth, '}');

    case '[':
      return check_json_container (c, depth, ']');

    case '"':
      return check_json_string (c);

    case 't':
      return g_str_has_prefix (c->p, "true") && (c->p += 4);

    case 'f':
      return g_str_has_prefix (c->p, "false") && (c->p += 5);

    case 'n':
      return g_str_has_prefix (c->p, "null") && (c->p += 4);

    default:
      return check_json_number (c);
    }
}

static gboolean
is_json (const char *text)
{
  JsonCursor c = { text };

  if (!g_utf8_validate (text, -1, NULL) || !check_json_value (&c, 0))
    return FALSE;

  json_skip_ws (&c);

  return *c.p == '\0';
}

/* Runs @script in python3 with @json on its standard input and returns what
 * it prints, or NULL when there is no python3. */
static char *
run_python (const char *script,
            const char *json)
{
  g_autofree char *python = g_find_program_in_path ("python3");
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  if (python == NULL)
    return NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_setenv (launcher, "PYTHONIOENCODING", "utf-8", TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, python, "-c", script, NULL);
  g_assert_no_error (error);

  g_subprocess_communicate_utf8 (process, json, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);

  return out;
}

/* -------------------------------------------------------------- trace -- */

static void
test_trace_state_at (void)
{
  g_autoptr(HsTrace) trace = build_handshake ();

  g_test_summary ("The state of every endpoint after every step comes from "
                  "the initial states and the state-change steps");

  g_assert_cmpuint (hs_trace_get_n_steps (trace), ==, 12);
  g_assert_cmpint (hs_trace_get_state_at (trace, HS_TRACE_NONE, CLIENT), ==, HS_STATE_CLOSED);
  g_assert_cmpint (hs_trace_get_state_at (trace, HS_TRACE_NONE, SERVER), ==, HS_STATE_LISTEN);
  g_assert_cmpint (hs_trace_get_state_at (trace, 0, CLIENT), ==, HS_STATE_CLOSED);
  g_assert_cmpint (hs_trace_get_state_at (trace, 1, CLIENT), ==, HS_STATE_SYN_SENT);
  g_assert_cmpint (hs_trace_get_state_at (trace, 1, SERVER), ==, HS_STATE_LISTEN);
  g_assert_cmpint (hs_trace_get_state_at (trace, 3, SERVER), ==, HS_STATE_LISTEN);
  g_assert_cmpint (hs_trace_get_state_at (trace, 4, SERVER), ==, HS_STATE_SYN_RECEIVED);
  g_assert_cmpint (hs_trace_get_state_at (trace, 6, CLIENT), ==, HS_STATE_SYN_SENT);
  g_assert_cmpint (hs_trace_get_state_at (trace, 7, CLIENT), ==, HS_STATE_ESTABLISHED);
  g_assert_cmpint (hs_trace_get_state_at (trace, 10, SERVER), ==, HS_STATE_SYN_RECEIVED);
  g_assert_cmpint (hs_trace_get_state_at (trace, 11, CLIENT), ==, HS_STATE_ESTABLISHED);
  g_assert_cmpint (hs_trace_get_state_at (trace, 11, SERVER), ==, HS_STATE_ESTABLISHED);

  /* An endpoint that appears late gets a column without disturbing the
   * others. */
  g_assert_cmpuint (hs_trace_add_endpoint (trace, "observer", "10.0.0.3", 1, HS_STATE_LISTEN), ==, 2);
  g_assert_cmpint (hs_trace_get_state_at (trace, 5, 2), ==, HS_STATE_LISTEN);
  g_assert_cmpint (hs_trace_get_state_at (trace, 4, SERVER), ==, HS_STATE_SYN_RECEIVED);
  g_assert_cmpint (hs_trace_get_state_at (trace, 3, SERVER), ==, HS_STATE_LISTEN);
  g_assert_cmpint (hs_trace_get_state_at (trace, 1, CLIENT), ==, HS_STATE_SYN_SENT);
  add_state_change (trace, 40000, 2, HS_STATE_LISTEN, HS_STATE_CLOSED);
  g_assert_cmpint (hs_trace_get_state_at (trace, 12, 2), ==, HS_STATE_CLOSED);
  g_assert_cmpint (hs_trace_get_state_at (trace, 12, CLIENT), ==, HS_STATE_ESTABLISHED);
  g_assert_cmpint (hs_trace_get_state_at (trace, 12, SERVER), ==, HS_STATE_ESTABLISHED);

  g_assert_finalize_object (g_steal_pointer (&trace));
}

static void
test_trace_tcb_at (void)
{
  g_autoptr(HsTrace) trace = new_two_lane_trace ();
  const guint n_steps = 1000;

  g_test_summary ("The TCB at a step is the newest snapshot of that endpoint "
                  "at or before it, found by binary search");

  /* Client snapshots on every third step, the server's on every fifth,
   * some steps with several snapshots. */
  for (guint i = 0; i < n_steps; i++)
    {
      add_step (trace, i * 10, HS_STEP_TIMER, i % 2, HS_TIMER_DELAYED_ACK, HS_TRACE_NONE);

      if (i % 3 == 2)
        add_snapshot (trace, i, CLIENT, i);
      if (i % 5 == 4)
        add_snapshot (trace, i, SERVER, 100000 + i);
      if (i % 50 == 49)
        add_snapshot (trace, i, CLIENT, 200000 + i);
    }

  g_assert_null (hs_trace_get_tcb_at (trace, HS_TRACE_NONE, CLIENT));
  g_assert_null (hs_trace_get_tcb_at (trace, 0, CLIENT));
  g_assert_null (hs_trace_get_tcb_at (trace, 1, CLIENT));
  g_assert_null (hs_trace_get_tcb_at (trace, 3, SERVER));

  for (guint step = 0; step < n_steps; step++)
    {
      for (guint endpoint = 0; endpoint < 2; endpoint++)
        {
          const HsTcbSnapshot *expected = NULL;
          const HsTcbSnapshot *found = hs_trace_get_tcb_at (trace, step, endpoint);

          for (guint i = 0; i < hs_trace_get_n_snapshots (trace); i++)
            {
              const HsTcbSnapshot *snapshot = hs_trace_get_snapshot (trace, i);

              if (snapshot->endpoint == endpoint && snapshot->step <= step)
                expected = snapshot;
            }

          g_assert_true (found == expected);
        }
    }

  /* The later of two snapshots at one step wins. */
  g_assert_cmpuint (hs_trace_get_tcb_at (trace, 148, CLIENT)->snd_nxt, ==, 146);
  g_assert_cmpuint (hs_trace_get_tcb_at (trace, 149, CLIENT)->snd_nxt, ==, 200149);
  g_assert_cmpuint (hs_trace_get_tcb_at (trace, 151, CLIENT)->snd_nxt, ==, 200149);
  g_assert_cmpuint (hs_trace_get_tcb_at (trace, 152, CLIENT)->snd_nxt, ==, 152);
  g_assert_cmpuint (hs_trace_get_tcb_at (trace, 4, SERVER)->snd_nxt, ==, 100004);
  g_assert_cmpuint (hs_trace_get_tcb_at (trace, 999, SERVER)->snd_nxt, ==, 100999);
  g_assert_cmpuint (hs_trace_get_tcb_at (trace, G_MAXUINT - 1, SERVER)->snd_nxt, ==, 100999);

  g_assert_finalize_object (g_steal_pointer (&trace));
}

/* Random values that reach the corners of each field: 0, the largest,
 * HS_TRACE_NONE and HS_TIME_NONE where they mean "none", small steps. */
static guint32
random_u32 (GRand *rand)
{
  switch (g_rand_int_range (rand, 0, 5))
    {
    case 0:
      return 0;
    case 1:
      return G_MAXUINT32;
    case 2:
      return g_rand_int_range (rand, 0, 3000);
    default:
      return g_rand_int (rand);
    }
}

static guint
random_index (GRand *rand,
              guint  limit)
{
  if (g_rand_int_range (rand, 0, 4) == 0 || limit == 0)
    return HS_TRACE_NONE;
  return g_rand_int_range (rand, 0, (gint32) MIN (limit, G_MAXINT32));
}

static void
test_trace_compact_round_trip (void)
{
  g_autoptr(HsTrace) trace = new_two_lane_trace ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261124);
  g_autoptr(GArray) segments = g_array_new (FALSE, TRUE, sizeof (HsTraceSegment));
  g_autoptr(GArray) steps = g_array_new (FALSE, TRUE, sizeof (HsTraceStep));
  g_autoptr(GArray) snapshots = g_array_new (FALSE, TRUE, sizeof (HsTcbSnapshot));
  const guint n = 3000;
  HsTime time = 0;
  gsize compact_size;

  g_test_summary ("Every segment, step and snapshot of a long trace reads back "
                  "exactly as it was written once the trace is compacted, "
                  "whatever the values of its fields, and changing a record "
                  "after compaction changes only that record");

  hs_trace_add_endpoint (trace, "third", "10.0.0.3", 3, HS_STATE_LISTEN);

  for (guint i = 0; i < n; i++)
    {
      HsTraceStep step = { 0 };
      HsTraceSegment seg = { 0 };
      HsTcbSnapshot snap = { 0 };
      guint index;

      /* steps: time never goes back, but may jump by years */
      time += g_rand_int_range (rand, 0, 4) == 0 ? 0 :
              g_rand_int_range (rand, 0, 10) == 0 ? (HsTime) g_rand_int (rand) * 100000 :
              g_rand_int_range (rand, 1, 2000);
      step.time = time;
      step.kind = g_rand_int_range (rand, 0, HS_STEP_TIMER + 1);
      step.endpoint = g_rand_int_range (rand, 0, 3);
      step.detail = g_rand_int_range (rand, 0, 8);
      if (step.kind == HS_STEP_STATE_CHANGE)
        {
          step.from_state = g_rand_int_range (rand, 0, HS_N_STATES);
          step.to_state = g_rand_int_range (rand, 0, HS_N_STATES);
        }
      step.reason = g_rand_int_range (rand, 0, 60);
      step.segment = random_index (rand, i + 1);
      step.cause = random_index (rand, i + 1);
      step.value = g_rand_boolean (rand) ? random_u32 (rand) : G_MAXUINT64 - g_rand_int (rand);
      index = hs_trace_add_step (trace, &step);
      g_assert_cmpuint (index, ==, i);
      g_array_append_val (steps, step);

      seg.from = g_rand_int_range (rand, 0, 3);
      seg.to = (seg.from + 1) % 3;
      seg.fate = g_rand_int_range (rand, 0, HS_FATE_CAPTURED + 1);
      seg.marks = g_rand_int_range (rand, 0, 256);
      seg.len = random_u32 (rand);
      seg.window = random_u32 (rand);
      seg.sent = g_rand_boolean (rand) ? time : g_rand_int (rand);
      seg.arrived = g_rand_boolean (rand) ? HS_TIME_NONE : seg.sent + g_rand_int_range (rand, 0, 100000);
      seg.sent_step = random_index (rand, i + 1);
      seg.end_step = g_rand_boolean (rand) ? random_index (rand, i + 1) :
                     seg.sent_step == HS_TRACE_NONE ? HS_TRACE_NONE : seg.sent_step + g_rand_int_range (rand, 0, 50);
      seg.header.src_port = g_rand_int_range (rand, 0, 65536);
      seg.header.dst_port = g_rand_int_range (rand, 0, 65536);
      seg.header.seq = random_u32 (rand);
      seg.header.ack = random_u32 (rand);
      seg.header.data_offset = g_rand_int_range (rand, 5, 16);
      seg.header.flags = g_rand_int_range (rand, 0, 256);
      seg.header.window = g_rand_int_range (rand, 0, 65536);
      seg.header.checksum = g_rand_int_range (rand, 0, 65536);
      seg.header.urgent = g_rand_int_range (rand, 0, 65536);
      seg.header.options.present = g_rand_int_range (rand, 0, 32);
      seg.header.options.wscale = g_rand_int_range (rand, 0, 15);
      seg.header.options.n_sack = g_rand_int_range (rand, 0, HS_TCP_MAX_SACK_BLOCKS + 1);
      seg.header.options.mss = g_rand_int_range (rand, 0, 65536);
      seg.header.options.ts_val = random_u32 (rand);
      seg.header.options.ts_ecr = random_u32 (rand);
      for (guint k = 0; k < seg.header.options.n_sack; k++)
        {
          seg.header.options.sack[k].left = random_u32 (rand);
          seg.header.options.sack[k].right = random_u32 (rand);
        }
      index = hs_trace_add_segment (trace, &seg);
      g_assert_cmpuint (index, ==, i);
      seg.index = i;
      g_array_append_val (segments, seg);

      if (g_rand_int_range (rand, 0, 3) > 0)
        {
          snap.step = i;
          snap.endpoint = g_rand_int_range (rand, 0, 3);
          snap.state = g_rand_int_range (rand, 0, HS_N_STATES);
          snap.snd_una = random_u32 (rand);
          snap.snd_nxt = random_u32 (rand);
          snap.snd_wnd = random_u32 (rand);
          snap.snd_wl1 = random_u32 (rand);
          snap.snd_wl2 = random_u32 (rand);
          snap.iss = random_u32 (rand);
          snap.rcv_nxt = random_u32 (rand);
          snap.rcv_wnd = random_u32 (rand);
          snap.irs = random_u32 (rand);
          snap.cwnd = random_u32 (rand);
          snap.ssthresh = random_u32 (rand);
          snap.in_flight = random_u32 (rand);
          snap.send_buffered = random_u32 (rand);
          snap.recv_buffered = random_u32 (rand);
          snap.rto = g_rand_int (rand);
          snap.srtt = g_rand_boolean (rand) ? 0 : (HsTime) g_rand_int (rand) * 1000;
          hs_trace_add_snapshot (trace, &snap);
          g_array_append_val (snapshots, snap);
        }
    }

  hs_trace_compact (trace);
  compact_size = hs_trace_get_memory_size (trace);

  for (guint pass = 0; pass < 2; pass++)
    {
      for (guint i = 0; i < n; i++)
        {
          HsTraceSegment seg;
          HsTraceStep step;

          g_assert_cmpmem (hs_trace_get_segment (trace, i), sizeof seg,
                           &g_array_index (segments, HsTraceSegment, i), sizeof seg);
          g_assert_cmpmem (hs_trace_get_step (trace, i), sizeof step,
                           &g_array_index (steps, HsTraceStep, i), sizeof step);
          hs_trace_read_segment (trace, i, &seg);
          g_assert_cmpmem (&seg, sizeof seg, &g_array_index (segments, HsTraceSegment, i), sizeof seg);
          hs_trace_read_step (trace, i, &step);
          g_assert_cmpmem (&step, sizeof step, &g_array_index (steps, HsTraceStep, i), sizeof step);
        }
      g_assert_cmpuint (hs_trace_get_n_snapshots (trace), ==, snapshots->len);
      for (guint i = 0; i < snapshots->len; i++)
        g_assert_cmpmem (hs_trace_get_snapshot (trace, i), sizeof (HsTcbSnapshot),
                         &g_array_index (snapshots, HsTcbSnapshot, i), sizeof (HsTcbSnapshot));

      /* reading decodes; trimming gives the memory back */
      g_assert_cmpuint (hs_trace_get_memory_size (trace), >, compact_size);
      hs_trace_trim (trace);
      g_assert_cmpuint (hs_trace_get_memory_size (trace), ==, compact_size);

      /* a writer may still complete an old record, as a capture reader
       * does; the rest of its block stays as it was */
      for (guint i = 7; i < n; i += 401)
        {
          HsTraceSegment *seg = hs_trace_peek_segment (trace, i);
          HsTraceStep *step = hs_trace_peek_step (trace, i);

          seg->fate = HS_FATE_LOST;
          seg->end_step = i + 3;
          g_array_index (segments, HsTraceSegment, i).fate = HS_FATE_LOST;
          g_array_index (segments, HsTraceSegment, i).end_step = i + 3;
          step->reason = 42;
          g_array_index (steps, HsTraceStep, i).reason = 42;
        }
      hs_trace_compact (trace);
      hs_trace_trim (trace);
      compact_size = hs_trace_get_memory_size (trace);
    }

  g_assert_finalize_object (g_steal_pointer (&trace));
}

static void
test_trace_compact_lookups (void)
{
  g_autoptr(HsTrace) trace = new_two_lane_trace ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  const guint n = 5000;
  HsTime time = 0;

  g_test_summary ("States, TCB snapshots and steps by time are found the same "
                  "in a compacted trace of many blocks as by reading every "
                  "step, including an endpoint silent for thousands of steps");

  for (guint i = 0; i < n; i++)
    {
      HsTraceStep step = { 0 };

      time += g_rand_int_range (rand, 0, 3);
      step.time = time;
      step.endpoint = i < 1000 || i > 4000 ? g_rand_int_range (rand, 0, 2) : CLIENT;
      step.kind = g_rand_int_range (rand, 0, 5) == 0 ? HS_STEP_STATE_CHANGE : HS_STEP_TIMER;
      step.segment = HS_TRACE_NONE;
      step.cause = HS_TRACE_NONE;
      if (step.kind == HS_STEP_STATE_CHANGE)
        {
          step.from_state = hs_trace_get_state_at (trace, i == 0 ? HS_TRACE_NONE : i - 1, step.endpoint);
          step.to_state = g_rand_int_range (rand, 0, HS_N_STATES);
        }
      hs_trace_add_step (trace, &step);
      if (g_rand_boolean (rand))
        add_snapshot (trace, i, step.endpoint, i);
    }
  hs_trace_compact (trace);

  for (guint endpoint = 0; endpoint < 2; endpoint++)
    {
      HsState state = hs_trace_get_state_at (trace, HS_TRACE_NONE, endpoint);
      guint last_snapshot = HS_TRACE_NONE;
      guint k = 0;

      for (guint i = 0; i < n; i++)
        {
          const HsTraceStep *step = hs_trace_get_step (trace, i);
          const HsTcbSnapshot *tcb = hs_trace_get_tcb_at (trace, i, endpoint);

          if (step->endpoint == endpoint && step->kind == HS_STEP_STATE_CHANGE)
            state = step->to_state;
          g_assert_cmpint (hs_trace_get_state_at (trace, i, endpoint), ==, state);

          for (; k < hs_trace_get_n_snapshots (trace); k++)
            {
              const HsTcbSnapshot *s = hs_trace_get_snapshot (trace, k);

              if (s->step > i)
                break;
              if (s->endpoint == endpoint)
                last_snapshot = s->snd_nxt;
            }
          if (last_snapshot == HS_TRACE_NONE)
            g_assert_null (tcb);
          else
            g_assert_cmpuint (tcb->snd_nxt, ==, last_snapshot);
        }
    }

  for (HsTime t = 0; t <= time + 1; t++)
    {
      guint expected = 0;

      while (expected < n && hs_trace_get_step (trace, expected)->time < t)
        expected++;
      g_assert_cmpuint (hs_trace_find_step_at_time (trace, t), ==, expected);
    }

  g_assert_finalize_object (g_steal_pointer (&trace));
}

static void
test_trace_compact_bulk (void)
{
  static const char lesson[] =
    "[Lesson]\n"
    "Title=Bulk\n"
    "[Client]\n"
    "SendBuffer=1MiB\n"
    "Script=connect; send 20000000; shutdown; wait-for eof; close\n"
    "[Server]\n"
    "ReceiveBuffer=1MiB\n"
    "Script=listen; wait-for 20000000 bytes; close\n"
    "[Network]\n"
    "Delay=1ms\n"
    "Bandwidth=1Gbit\n"
    "Loss=0.001\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(HsScenario) scenario = hs_scenario_new_from_data ("bulk", "bulk.lesson", lesson, sizeof lesson - 1, &error);
  g_autoptr(HsTrace) trace = NULL;
  guint n_segments;
  gsize size;

  g_test_summary ("A bulk transfer's trace takes at most 64 bytes per segment, "
                  "steps and TCB snapshots included, and reads back whole");

  g_assert_no_error (error);
  trace = hs_simulator_run (scenario, &error);
  g_assert_no_error (error);

  n_segments = hs_trace_get_n_segments (trace);
  size = hs_trace_get_memory_size (trace);
  g_test_message ("%u segments, %u steps, %u snapshots: %" G_GSIZE_FORMAT " bytes",
                  n_segments, hs_trace_get_n_steps (trace), hs_trace_get_n_snapshots (trace), size);
  g_assert_cmpuint (n_segments, >, 20000000 / 1448);
  g_assert_cmpuint (size, <=, 64 * (gsize) n_segments);

  /* every byte arrived, and the trace says so to the end */
  g_assert_cmpint (hs_trace_get_state_at (trace, hs_trace_get_n_steps (trace) - 1, 0), ==, HS_STATE_CLOSED);
  g_assert_cmpuint (hs_trace_get_tcb_at (trace, hs_trace_get_n_steps (trace) - 1, 1)->rcv_nxt -
                    hs_trace_get_tcb_at (trace, hs_trace_get_n_steps (trace) - 1, 1)->irs, ==, 20000000 + 2);
  for (guint i = 0; i < n_segments; i++)
    {
      HsTraceSegment seg;

      hs_trace_read_segment (trace, i, &seg);
      g_assert_cmpuint (seg.index, ==, i);
      g_assert_cmpuint (seg.fate, !=, HS_FATE_IN_FLIGHT);
      g_assert_cmpint (seg.sent, ==, hs_trace_get_step (trace, seg.sent_step)->time);
    }
  hs_trace_trim (trace);
  g_assert_cmpuint (hs_trace_get_memory_size (trace), ==, size);

  g_assert_finalize_object (g_steal_pointer (&trace));
}

/* What a thread reads of a trace through the getters, folded into one
 * number. */
static gpointer
fold_trace (gpointer data)
{
  HsTrace *trace = data;
  guint64 sum = 0;

  for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
    {
      const HsTraceSegment *s = hs_trace_get_segment (trace, i);

      sum = sum * 31 + s->header.seq + s->len + (guint64) s->arrived;
    }
  for (guint i = 0; i < hs_trace_get_n_steps (trace); i++)
    {
      const HsTraceStep *st = hs_trace_get_step (trace, i);
      const HsTcbSnapshot *tcb = hs_trace_get_tcb_at (trace, i, st->endpoint);

      sum = sum * 31 + (guint64) st->time + st->kind + (tcb != NULL ? tcb->snd_nxt : 0);
    }
  return g_memdup2 (&sum, sizeof sum);
}

static void
test_trace_decode_threads (void)
{
  static const char lesson[] =
    "[Lesson]\n"
    "Title=Bulk\n"
    "[Client]\n"
    "Script=connect; send 3000000; shutdown; wait-for eof; close\n"
    "[Server]\n"
    "Script=listen; wait-for 3000000 bytes; close\n"
    "[Network]\n"
    "Delay=1ms\n"
    "Bandwidth=1Gbit\n"
    "Loss=0.01\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(HsScenario) scenario = hs_scenario_new_from_data ("bulk", "bulk.lesson", lesson, sizeof lesson - 1, &error);
  g_autoptr(HsTrace) trace = NULL;
  g_autofree guint64 *expected = NULL;
  GThread *threads[4];
  gsize compact;

  g_test_summary ("Once a trace is decoded, several threads read it at once through "
                  "the getters and all see what one thread sees");

  g_assert_no_error (error);
  trace = hs_simulator_run (scenario, &error);
  g_assert_no_error (error);

  /* one thread's reading, then the trace back as it was */
  expected = fold_trace (trace);
  hs_trace_trim (trace);
  compact = hs_trace_get_memory_size (trace);

  hs_trace_decode (trace);
  g_assert_cmpuint (hs_trace_get_memory_size (trace), >, compact);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("reader", fold_trace, trace);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      g_autofree guint64 *sum = g_thread_join (threads[i]);

      g_assert_cmpuint (*sum, ==, *expected);
    }

  /* decoding again changes nothing */
  compact = hs_trace_get_memory_size (trace);
  hs_trace_decode (trace);
  g_assert_cmpuint (hs_trace_get_memory_size (trace), ==, compact);

  g_assert_finalize_object (g_steal_pointer (&trace));
}

static void
test_trace_time (void)
{
  g_autoptr(HsTrace) empty = hs_trace_new ();
  g_autoptr(HsTrace) trace = build_handshake ();

  g_test_summary ("find_step_at_time gives the first step at or after a time; "
                  "the end time is the last step's");

  g_assert_cmpint (hs_trace_get_end_time (empty), ==, 0);
  g_assert_cmpuint (hs_trace_find_step_at_time (empty, 0), ==, 0);

  g_assert_cmpint (hs_trace_get_end_time (trace), ==, 30000);
  g_assert_cmpuint (hs_trace_find_step_at_time (trace, -5), ==, 0);
  g_assert_cmpuint (hs_trace_find_step_at_time (trace, 0), ==, 0);
  g_assert_cmpuint (hs_trace_find_step_at_time (trace, 1), ==, 3);
  g_assert_cmpuint (hs_trace_find_step_at_time (trace, 10000), ==, 3);
  g_assert_cmpuint (hs_trace_find_step_at_time (trace, 10001), ==, 6);
  g_assert_cmpuint (hs_trace_find_step_at_time (trace, 20000), ==, 6);
  g_assert_cmpuint (hs_trace_find_step_at_time (trace, 30000), ==, 10);
  g_assert_cmpuint (hs_trace_find_step_at_time (trace, 30001), ==, 12);
}

static void
test_trace_time_goes_forward (void)
{
  g_autoptr(HsTrace) trace = build_handshake ();
  guint n_steps = hs_trace_get_n_steps (trace);
  guint index;

  g_test_summary ("A step earlier than the last one is refused, since the "
                  "time search depends on their order");

  g_test_expect_message ("hs-trace", G_LOG_LEVEL_CRITICAL, "*step->time*");
  index = add_step (trace, 29999, HS_STEP_TIMER, CLIENT, HS_TIMER_RETRANSMISSION, HS_TRACE_NONE);
  g_test_assert_expected_messages ();

  g_assert_cmpuint (index, ==, HS_TRACE_NONE);
  g_assert_cmpuint (hs_trace_get_n_steps (trace), ==, n_steps);
}

static void
test_trace_segments (void)
{
  g_autoptr(HsTrace) trace = build_lost_syn ();
  const HsTraceSegment *segment;

  g_test_summary ("Segments are numbered as added and can be completed later");

  g_assert_cmpuint (hs_trace_get_n_segments (trace), ==, 3);

  segment = hs_trace_get_segment (trace, 0);
  g_assert_cmpuint (segment->index, ==, 0);
  g_assert_cmpuint (segment->fate, ==, HS_FATE_LOST);
  g_assert_cmpuint (segment->end_step, ==, 3);
  g_assert_cmpint (hs_trace_get_step (trace, 3)->kind, ==, HS_STEP_SEGMENT_LOST);

  segment = hs_trace_get_segment (trace, 1);
  g_assert_cmpuint (segment->index, ==, 1);
  g_assert_cmpuint (segment->fate, ==, HS_FATE_DELIVERED);
  g_assert_cmpint (segment->arrived, ==, 1010000);
  g_assert_cmpuint (segment->marks, ==, HS_MARK_RETRANSMISSION);

  segment = hs_trace_get_segment (trace, 2);
  g_assert_cmpuint (segment->index, ==, 2);
  g_assert_cmpuint (segment->fate, ==, HS_FATE_IN_FLIGHT);
  g_assert_cmpuint (segment->end_step, ==, HS_TRACE_NONE);
}

/* A trace that names hosts puts several sockets on one lane, and says
 * which connection each segment belongs to; merging two runs keeps each
 * run's connections apart. */
static void
test_trace_hosts (void)
{
  g_autoptr(HsTrace) trace = hs_trace_new ();
  g_autoptr(HsTrace) plain = hs_trace_new ();
  g_autoptr(HsTrace) merged = NULL;
  HsTraceSegment seg = { 0 };
  guint client, server, c1, c2, listener, s1, s2, kernel;

  g_test_summary ("Hosts hold several sockets; a segment's connection is its sender's, "
                  "or its receiver's when a host's kernel sends it");

  /* two endpoints and no hosts: today's traces, one connection */
  hs_trace_add_endpoint (plain, "client", "10.0.0.1", 40000, HS_STATE_CLOSED);
  hs_trace_add_endpoint (plain, "server", "10.0.0.2", 80, HS_STATE_LISTEN);
  g_assert_cmpuint (hs_trace_get_n_hosts (plain), ==, 0);
  g_assert_cmpuint (hs_trace_get_endpoint (plain, 0)->host, ==, HS_TRACE_NONE);
  g_assert_cmpuint (hs_trace_get_n_connections (plain), ==, 1);

  client = hs_trace_add_host (trace, "client", "10.0.0.1");
  server = hs_trace_add_host (trace, "server", "10.0.0.2");
  c1 = hs_trace_add_endpoint (trace, "client:40001", "10.0.0.1", 40001, HS_STATE_CLOSED);
  c2 = hs_trace_add_endpoint (trace, "client:40002", "10.0.0.1", 40002, HS_STATE_CLOSED);
  listener = hs_trace_add_endpoint (trace, "server:80", "10.0.0.2", 80, HS_STATE_LISTEN);
  s1 = hs_trace_add_endpoint (trace, "server:80", "10.0.0.2", 80, HS_STATE_LISTEN);
  s2 = hs_trace_add_endpoint (trace, "server:80", "10.0.0.2", 80, HS_STATE_LISTEN);
  kernel = hs_trace_add_endpoint (trace, "server", "10.0.0.2", 0, HS_STATE_CLOSED);
  hs_trace_set_endpoint_host (trace, c1, client);
  hs_trace_set_endpoint_host (trace, c2, client);
  for (guint e = listener; e <= kernel; e++)
    hs_trace_set_endpoint_host (trace, e, server);
  hs_trace_set_endpoint_connection (trace, c1, 0);
  hs_trace_set_endpoint_connection (trace, s1, 0);
  hs_trace_set_endpoint_connection (trace, c2, 1);
  hs_trace_set_endpoint_connection (trace, s2, 1);
  hs_trace_set_endpoint_connection (trace, listener, HS_TRACE_NONE);
  hs_trace_set_endpoint_connection (trace, kernel, HS_TRACE_NONE);

  g_assert_cmpuint (hs_trace_get_n_hosts (trace), ==, 2);
  g_assert_cmpstr (hs_trace_get_host (trace, server)->address, ==, "10.0.0.2");
  g_assert_cmpuint (hs_trace_get_endpoint (trace, s2)->host, ==, server);
  g_assert_cmpuint (hs_trace_get_n_connections (trace), ==, 2);

  seg.from = c2;
  seg.to = s2;
  g_assert_cmpuint (hs_trace_segment_get_connection (trace, &seg), ==, 1);
  seg.from = kernel;   /* a RST for a 4-tuple the server has no socket for */
  seg.to = c1;
  g_assert_cmpuint (hs_trace_segment_get_connection (trace, &seg), ==, 0);
  seg.from = kernel;
  seg.to = listener;
  g_assert_cmpuint (hs_trace_segment_get_connection (trace, &seg), ==, HS_TRACE_NONE);

  merged = hs_trace_new_merged (plain, trace);
  g_assert_nonnull (merged);
  g_assert_cmpuint (hs_trace_get_n_endpoints (merged), ==, 8);
  /* the plain run's endpoints become hosts of their own, after the others' */
  g_assert_cmpuint (hs_trace_get_n_hosts (merged), ==, 4);
  g_assert_cmpuint (hs_trace_get_endpoint (merged, 2 + c2)->host, ==, client);
  g_assert_cmpstr (hs_trace_get_host (merged, hs_trace_get_endpoint (merged, 1)->host)->name, ==, "server");
  g_assert_cmpuint (hs_trace_get_endpoint (merged, 0)->connection, ==, 0);
  g_assert_cmpuint (hs_trace_get_endpoint (merged, 2 + c1)->connection, ==, 1);
  g_assert_cmpuint (hs_trace_get_endpoint (merged, 2 + s2)->connection, ==, 2);
  g_assert_cmpuint (hs_trace_get_endpoint (merged, 2 + listener)->connection, ==, HS_TRACE_NONE);
  g_assert_cmpuint (hs_trace_get_n_connections (merged), ==, 3);
}

static void
test_trace_relative (void)
{
  g_autoptr(HsTrace) trace = hs_trace_new ();
  g_autoptr(HsTrace) wrap = hs_trace_new ();
  const HsTraceSegment *syn, *rst, *data, *ack;
  guint i;

  g_test_summary ("Relative numbers count from the ISN, or for an endpoint "
                  "that never sent a SYN from its first sequence number less one");

  /* The refused capture: a SYN to a closed port, answered by RST+ACK with
   * seq 0. Wireshark shows that RST as seq 1, ack 1. No ISN is set by
   * hand: the SYN itself carries it. */
  hs_trace_add_endpoint (trace, "client", "10.99.0.1", 47782, HS_STATE_SYN_SENT);
  hs_trace_add_endpoint (trace, "server", "10.99.0.2", 5999, HS_STATE_CLOSED);
  i = send_segment (trace, 0, CLIENT, SERVER, HS_TCP_SYN, 2164587668u, 0, 64240, 0, 0, 0);
  syn = hs_trace_get_segment (trace, i);
  g_assert_true (hs_trace_get_endpoint (trace, CLIENT)->has_isn);
  g_assert_cmpuint (hs_trace_get_endpoint (trace, CLIENT)->isn, ==, 2164587668u);
  g_assert_cmpuint (hs_trace_segment_rel_seq (trace, syn), ==, 0);
  g_assert_cmpuint (hs_trace_segment_rel_ack (trace, syn), ==, 0);

  i = send_segment (trace, 41, SERVER, CLIENT, HS_TCP_RST | HS_TCP_ACK, 0, 2164587669u, 0, 0, 0, 0);
  rst = hs_trace_get_segment (trace, i);
  g_assert_false (hs_trace_get_endpoint (trace, SERVER)->has_isn);
  g_assert_cmpuint (hs_trace_segment_rel_seq (trace, rst), ==, 1);
  g_assert_cmpuint (hs_trace_segment_rel_ack (trace, rst), ==, 1);

  /* Modulo 2^32, and a base learnt late applies to segments already
   * added. */
  hs_trace_add_endpoint (wrap, "a", "10.0.0.1", 1, HS_STATE_ESTABLISHED);
  hs_trace_add_endpoint (wrap, "b", "10.0.0.2", 2, HS_STATE_ESTABLISHED);
  i = send_segment (wrap, 0, 0, 1, HS_TCP_ACK | HS_TCP_PSH, 0xFFFFFFF0u + 1, 7, 100, 0, 100, 0);
  data = hs_trace_get_segment (wrap, i);
  g_assert_cmpuint (hs_trace_segment_rel_seq (wrap, data), ==, 1);
  i = send_segment (wrap, 10, 1, 0, HS_TCP_ACK, 7, 0xFFFFFFF1u + 100, 100, 0, 0, 0);
  ack = hs_trace_get_segment (wrap, i);
  g_assert_cmpuint (hs_trace_segment_rel_ack (wrap, ack), ==, 101);
  g_assert_cmpuint (hs_trace_segment_rel_seq (wrap, ack), ==, 1);

  hs_trace_set_endpoint_isn (wrap, 0, 0xFFFFFFE0u);
  data = hs_trace_get_segment (wrap, 0);
  ack = hs_trace_get_segment (wrap, 1);
  g_assert_cmpuint (hs_trace_segment_rel_seq (wrap, data), ==, 0x11);
  g_assert_cmpuint (hs_trace_segment_rel_ack (wrap, ack), ==, 0x11 + 100);
}

static void
count_notify_cb (G_GNUC_UNUSED GObject    *object,
                 G_GNUC_UNUSED GParamSpec *pspec,
                 gpointer                  user_data)
{
  guint *n = user_data;

  (*n)++;
}

static void
test_trace_parameters (void)
{
  g_autoptr(HsTrace) trace = hs_trace_new ();
  const char * const *keys;
  guint notified = 0;

  g_test_summary ("Parameters keep their insertion order; the title notifies");

  keys = hs_trace_get_parameter_keys (trace);
  g_assert_nonnull (keys);
  g_assert_null (keys[0]);

  hs_trace_set_parameter (trace, "lesson", "full-connection");
  hs_trace_set_parameter (trace, "seed", "42");
  hs_trace_set_parameter (trace, "profile", "linux");
  hs_trace_set_parameter (trace, "seed", "43");

  keys = hs_trace_get_parameter_keys (trace);
  g_assert_cmpstrv (keys, ((const char * const []) { "lesson", "seed", "profile", NULL }));
  g_assert_cmpstr (hs_trace_get_parameter (trace, "seed"), ==, "43");
  g_assert_cmpstr (hs_trace_get_parameter (trace, "lesson"), ==, "full-connection");
  g_assert_null (hs_trace_get_parameter (trace, "loss"));

  hs_trace_set_parameter (trace, "lesson", NULL);
  keys = hs_trace_get_parameter_keys (trace);
  g_assert_cmpstrv (keys, ((const char * const []) { "seed", "profile", NULL }));
  g_assert_null (hs_trace_get_parameter (trace, "lesson"));

  g_signal_connect (trace, "notify::title", G_CALLBACK (count_notify_cb), &notified);
  g_assert_null (hs_trace_get_title (trace));
  hs_trace_set_title (trace, "Three-way handshake");
  g_assert_cmpstr (hs_trace_get_title (trace), ==, "Three-way handshake");
  g_assert_cmpuint (notified, ==, 1);
  hs_trace_set_title (trace, "Three-way handshake");
  g_assert_cmpuint (notified, ==, 1);
  hs_trace_set_title (trace, NULL);
  g_assert_null (hs_trace_get_title (trace));
  g_assert_cmpuint (notified, ==, 2);
}

/* ------------------------------------------------------------- writer -- */

static void
test_writer_format_names (void)
{
  HsTraceFormat format = HS_TRACE_FORMAT_TXT;
  g_autoptr(HsTrace) trace = hs_trace_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_test_summary ("Formats are known by name and by file extension");

  g_assert_true (hs_trace_format_from_string ("csv", &format));
  g_assert_cmpint (format, ==, HS_TRACE_FORMAT_CSV);
  g_assert_true (hs_trace_format_from_string ("JSON", &format));
  g_assert_cmpint (format, ==, HS_TRACE_FORMAT_JSON);
  g_assert_true (hs_trace_format_from_string ("txt", &format));
  g_assert_cmpint (format, ==, HS_TRACE_FORMAT_TXT);
  g_assert_false (hs_trace_format_from_string ("png", &format));
  g_assert_false (hs_trace_format_from_string ("", &format));

  g_assert_true (hs_trace_format_from_filename ("/tmp/a.b/trace.json", &format));
  g_assert_cmpint (format, ==, HS_TRACE_FORMAT_JSON);
  g_assert_true (hs_trace_format_from_filename ("handout.CSV", &format));
  g_assert_cmpint (format, ==, HS_TRACE_FORMAT_CSV);
  g_assert_true (hs_trace_format_from_filename ("x.txt", &format));
  g_assert_cmpint (format, ==, HS_TRACE_FORMAT_TXT);
  g_assert_false (hs_trace_format_from_filename ("/tmp/a.csv/trace", &format));
  g_assert_false (hs_trace_format_from_filename (".csv", &format));
  g_assert_false (hs_trace_format_from_filename ("-", &format));
  g_assert_false (hs_trace_format_from_filename ("trace.svg", &format));

  bytes = hs_trace_write (trace, (HsTraceFormat) 42, &error);
  g_assert_error (error, HS_ERROR, HS_ERROR_UNSUPPORTED);
  g_assert_null (bytes);
}

static void
test_writer_csv (void)
{
  g_autoptr(HsTrace) handshake = build_handshake ();
  g_autoptr(HsTrace) lost = build_lost_syn ();
  g_autoptr(HsTrace) odd = hs_trace_new ();
  g_autofree char *csv = NULL;
  guint i;

  g_test_summary ("CSV has one line per segment with absolute and relative "
                  "numbers, fate, and empty fields where there is no value");

  csv = write_to_string (handshake, HS_TRACE_FORMAT_CSV);
  g_assert_cmpstr (csv, ==,
                   "no,sent_us,arrived_us,from,to,flags,seq,ack,rel_seq,rel_ack,win,len,fate,retransmission\n"
                   "1,0,10000,client,server,SYN,1000,,0,,64240,0,delivered,0\n"
                   "2,10000,20000,server,client,SYN+ACK,5000,1001,0,1,65160,0,delivered,0\n"
                   "3,20000,30000,client,server,ACK,1001,5001,1,1,64256,0,delivered,0\n");
  g_clear_pointer (&csv, g_free);

  csv = write_to_string (lost, HS_TRACE_FORMAT_CSV);
  g_assert_cmpstr (csv, ==,
                   "no,sent_us,arrived_us,from,to,flags,seq,ack,rel_seq,rel_ack,win,len,fate,retransmission\n"
                   "1,0,,client,server,SYN,1000,,0,,64240,0,lost,0\n"
                   "2,1000000,1010000,client,server,SYN,1000,,0,,64240,0,delivered,1\n"
                   "3,1010000,,server,client,SYN+ACK,5000,1001,0,1,65160,0,in-flight,0\n");
  g_clear_pointer (&csv, g_free);

  /* A lesson may name its endpoints with anything. */
  hs_trace_add_endpoint (odd, "a,\"b\"", "10.0.0.1", 1, HS_STATE_CLOSED);
  hs_trace_add_endpoint (odd, "c", "10.0.0.2", 2, HS_STATE_LISTEN);
  send_segment (odd, 7, 0, 1, HS_TCP_SYN, 9, 0, 1024, 0, 0, 0);
  /* A simulator may know when a segment would have arrived before the
   * network drops it; a lost segment still has no arrival. */
  i = send_segment (odd, 8, 0, 1, HS_TCP_SYN, 9, 0, 1024, 0, 0, HS_MARK_RETRANSMISSION);
  hs_trace_peek_segment (odd, i)->arrived = 500;
  lose (odd, i, 9);
  csv = write_to_string (odd, HS_TRACE_FORMAT_CSV);
  g_assert_cmpstr (csv, ==,
                   "no,sent_us,arrived_us,from,to,flags,seq,ack,rel_seq,rel_ack,win,len,fate,retransmission\n"
                   "1,7,,\"a,\"\"b\"\"\",c,SYN,9,,0,,1024,0,in-flight,0\n"
                   "2,8,,\"a,\"\"b\"\"\",c,SYN,9,,0,,1024,0,lost,1\n");
}

/* Three of the real Linux captures in ../shared/captures, as tshark saw
 * them: the trace is rebuilt from the absolute columns, and the writer must
 * give back the relative ones Wireshark computed. */
static const char capture_refused[] =
  "no,sent_us,arrived_us,from,to,flags,seq,ack,rel_seq,rel_ack,win,len,fate,retransmission\n"
  "1,0,,10.99.0.1:47782,10.99.0.2:5999,SYN,2164587668,,0,,64240,0,captured,0\n"
  "2,41,,10.99.0.2:5999,10.99.0.1:47782,RST+ACK,0,2164587669,1,1,0,0,captured,0\n";

static const char capture_handshake_data_close[] =
  "no,sent_us,arrived_us,from,to,flags,seq,ack,rel_seq,rel_ack,win,len,fate,retransmission\n"
  "1,0,,10.99.0.1:43098,10.99.0.2:5000,SYN,1923218443,,0,,64240,0,captured,0\n"
  "2,29,,10.99.0.2:5000,10.99.0.1:43098,SYN+ACK,304968570,1923218444,0,1,65160,0,captured,0\n"
  "3,44,,10.99.0.1:43098,10.99.0.2:5000,ACK,1923218444,304968571,1,1,64512,0,captured,0\n"
  "4,50222,,10.99.0.1:43098,10.99.0.2:5000,PSH+ACK,1923218444,304968571,1,1,64512,100,captured,0\n"
  "5,50254,,10.99.0.2:5000,10.99.0.1:43098,ACK,304968571,1923218544,1,101,65536,0,captured,0\n"
  "6,100505,,10.99.0.2:5000,10.99.0.1:43098,PSH+ACK,304968571,1923218544,1,101,65536,200,captured,0\n"
  "7,100536,,10.99.0.1:43098,10.99.0.2:5000,ACK,1923218544,304968771,101,201,64512,0,captured,0\n"
  "8,200845,,10.99.0.1:43098,10.99.0.2:5000,FIN+ACK,1923218544,304968771,101,201,64512,0,captured,0\n"
  "9,241566,,10.99.0.2:5000,10.99.0.1:43098,ACK,304968771,1923218545,201,102,65536,0,captured,0\n"
  "10,301213,,10.99.0.2:5000,10.99.0.1:43098,FIN+ACK,304968771,1923218545,201,102,65536,0,captured,0\n"
  "11,301245,,10.99.0.1:43098,10.99.0.2:5000,ACK,1923218545,304968772,102,202,64512,0,captured,0\n";

static const char capture_syn_lost[] =
  "no,sent_us,arrived_us,from,to,flags,seq,ack,rel_seq,rel_ack,win,len,fate,retransmission\n"
  "1,0,,10.99.0.1:43112,10.99.0.2:5000,SYN,1995317849,,0,,64240,0,captured,0\n"
  "2,1029452,,10.99.0.1:43112,10.99.0.2:5000,SYN,1995317849,,0,,64240,0,captured,1\n"
  "3,2053447,,10.99.0.1:43112,10.99.0.2:5000,SYN,1995317849,,0,,64240,0,captured,1\n"
  "4,3077453,,10.99.0.1:43112,10.99.0.2:5000,SYN,1995317849,,0,,64240,0,captured,1\n"
  "5,3077512,,10.99.0.2:5000,10.99.0.1:43112,SYN+ACK,3542073763,1995317850,0,1,65160,0,captured,0\n"
  "6,3077536,,10.99.0.1:43112,10.99.0.2:5000,ACK,1995317850,3542073764,1,1,64512,0,captured,0\n"
  "7,3077663,,10.99.0.1:43112,10.99.0.2:5000,PSH+ACK,1995317850,3542073764,1,1,64512,100,captured,0\n"
  "8,3077677,,10.99.0.2:5000,10.99.0.1:43112,ACK,3542073764,1995317950,1,101,65536,0,captured,0\n"
  "9,3081562,,10.99.0.2:5000,10.99.0.1:43112,PSH+ACK,3542073764,1995317950,1,101,65536,200,captured,0\n"
  "10,3081577,,10.99.0.1:43112,10.99.0.2:5000,ACK,1995317950,3542073964,101,201,64512,0,captured,0\n"
  "11,3181794,,10.99.0.1:43112,10.99.0.2:5000,FIN+ACK,1995317950,3542073964,101,201,64512,0,captured,0\n"
  "12,3181983,,10.99.0.2:5000,10.99.0.1:43112,FIN+ACK,3542073964,1995317951,201,102,65536,0,captured,0\n"
  "13,3181992,,10.99.0.1:43112,10.99.0.2:5000,ACK,1995317951,3542073965,102,202,64512,0,captured,0\n";

static guint
endpoint_by_name (HsTrace    *trace,
                  const char *name)
{
  for (guint i = 0; i < hs_trace_get_n_endpoints (trace); i++)
    {
      if (g_str_equal (hs_trace_get_endpoint (trace, i)->name, name))
        return i;
    }

  return hs_trace_add_endpoint (trace, name, "", 0, HS_STATE_CLOSED);
}

/* A trace as a capture reader would build it: segments only, no steps. */
static HsTrace *
trace_from_capture_csv (const char *csv)
{
  g_auto(GStrv) lines = g_strsplit (csv, "\n", -1);
  HsTrace *trace = hs_trace_new ();

  for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_auto(GStrv) f = g_strsplit (lines[i], ",", -1);
      HsTraceSegment segment = {
        .fate = HS_FATE_CAPTURED,
        .arrived = HS_TIME_NONE,
        .sent_step = HS_TRACE_NONE,
        .end_step = HS_TRACE_NONE,
      };

      g_assert_cmpuint (g_strv_length (f), ==, 14);
      segment.sent = g_ascii_strtoll (f[1], NULL, 10);
      segment.from = endpoint_by_name (trace, f[3]);
      segment.to = endpoint_by_name (trace, f[4]);
      g_assert_true (hs_tcp_flags_from_string (f[5], &segment.header.flags));
      segment.header.seq = (guint32) g_ascii_strtoull (f[6], NULL, 10);
      segment.header.ack = (guint32) g_ascii_strtoull (f[7], NULL, 10);
      segment.window = (guint32) g_ascii_strtoull (f[10], NULL, 10);
      segment.len = (guint32) g_ascii_strtoull (f[11], NULL, 10);
      segment.marks = g_str_equal (f[13], "1") ? HS_MARK_RETRANSMISSION : 0;

      hs_trace_add_segment (trace, &segment);
    }

  return trace;
}

static void
test_writer_csv_captures (void)
{
  const char *captures[] = {
    capture_refused,
    capture_handshake_data_close,
    capture_syn_lost,
  };

  g_test_summary ("Relative numbers in the CSV match what Wireshark computed "
                  "for real Linux captures, the RST from a closed port included");

  for (guint i = 0; i < G_N_ELEMENTS (captures); i++)
    {
      g_autoptr(HsTrace) trace = trace_from_capture_csv (captures[i]);
      g_autofree char *csv = write_to_string (trace, HS_TRACE_FORMAT_CSV);

      g_assert_cmpstr (csv, ==, captures[i]);
    }
}

static void
test_writer_json_checker (void)
{
  g_test_summary ("The JSON checker used below accepts JSON and refuses "
                  "what is not");

  g_assert_true (is_json ("{\"a\": [1, -2.5e+3, true, false, null, \"\\u00e9\\n\"], \"b\": {}}\n"));
  g_assert_true (is_json ("[]"));
  g_assert_true (is_json ("\"三次握手\""));
  g_assert_false (is_json (""));
  g_assert_false (is_json ("[1,]"));
  g_assert_false (is_json ("{\"a\" 1}"));
  g_assert_false (is_json ("{\"a\": 1,}"));
  g_assert_false (is_json ("\"tab\there\""));
  g_assert_false (is_json ("\"\\x\""));
  g_assert_false (is_json ("\"open"));
  g_assert_false (is_json ("[01]"));
  g_assert_false (is_json ("{} {}"));
  g_assert_false (is_json ("{'a': 1}"));
}

static void
test_writer_json (void)
{
  g_autoptr(HsTrace) trace = build_handshake ();
  g_autofree char *json = write_to_string (trace, HS_TRACE_FORMAT_JSON);
  g_autofree char *again = write_to_string (trace, HS_TRACE_FORMAT_JSON);
  g_autofree char *python = NULL;
  const char *order[] = {
    "\"title\": \"Three-way handshake\"",
    "\"parameters\": {",
    "\"lesson\": \"three-way-handshake\"",
    "\"seed\": \"1\"",
    "\"endpoints\": [",
    "\"segments\": [",
    "\"steps\": [",
    "\"snapshots\": [",
  };
  const char *last = json;

  g_test_summary ("JSON holds the whole trace in a fixed order and is valid");

  g_assert_true (is_json (json));
  g_assert_cmpstr (json, ==, again);

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      const char *found = strstr (json, order[i]);

      if (found == NULL || found < last)
        g_error ("“%s” is missing or out of order in:\n%s", order[i], json);
      last = found;
    }

  g_assert_nonnull (strstr (json, "\"isn\": 1000"));
  g_assert_nonnull (strstr (json, "\"flag_bits\": [\"SYN\", \"ACK\"]"));
  g_assert_nonnull (strstr (json, "\"timestamps\": {\"val\": 1, \"ecr\": 0}"));
  g_assert_nonnull (strstr (json, "\"mss\": 1460"));
  g_assert_nonnull (strstr (json, "\"sack_permitted\": true"));
  g_assert_nonnull (strstr (json, "\"to_state\": \"SYN-RECEIVED\""));
  g_assert_nonnull (strstr (json, "\"detail\": \"connect\""));
  g_assert_nonnull (strstr (json, "\"window\": 64256"));
  g_assert_nonnull (strstr (json, "\"window_raw\": 502"));
  g_assert_nonnull (strstr (json, "\"narration\": \""));

  python = run_python ("import json, sys\n"
                       "d = json.load(sys.stdin)\n"
                       "s = d['segments']\n"
                       "print(len(s), len(d['steps']), len(d['snapshots']))\n"
                       "print(s[0]['ack'], s[0]['rel_ack'], s[0]['arrived_us'], s[1]['rel_ack'], s[2]['rel_seq'])\n"
                       "print(sorted(s[0]['options']), s[1]['options'], s[2]['marks'])\n"
                       "print(d['steps'][1]['from_state'], d['steps'][1]['to_state'], d['steps'][2]['segment'], d['steps'][0]['segment'])\n"
                       "print(list(d['parameters']), d['endpoints'][1])\n",
                       json);
  if (python == NULL)
    g_test_message ("No python3: JSON checked by the built-in checker only");
  else
    g_assert_cmpstr (python, ==,
                     "3 12 4\n"
                     "None None 10000 1 1\n"
                     "['mss', 'sack_permitted', 'timestamps', 'wscale'] {} []\n"
                     "CLOSED SYN-SENT 1 None\n"
                     "['lesson', 'seed'] {'name': 'server', 'address': '10.0.0.2', 'port': 80, 'isn': 5000}\n");
}

static void
test_writer_json_escape (void)
{
  g_autoptr(HsTrace) trace = build_handshake ();
  g_autofree char *json = NULL;
  g_autofree char *python = NULL;
  const char *title = "say \"hi\" \\ back\n\x01\t\x1f 三次握手 é";

  g_test_summary ("JSON strings escape quotes, backslashes and control "
                  "characters, pass UTF-8 through and repair invalid UTF-8");

  hs_trace_set_title (trace, title);
  hs_trace_set_parameter (trace, "key \"quoted\"", "C:\\path");
  hs_trace_set_parameter (trace, "bad", "ab\xff\xfe");
  json = write_to_string (trace, HS_TRACE_FORMAT_JSON);

  g_assert_true (is_json (json));
  g_assert_nonnull (strstr (json, "\"title\": \"say \\\"hi\\\" \\\\ back\\n\\u0001\\t\\u001f 三次握手 é\""));
  g_assert_nonnull (strstr (json, "\"key \\\"quoted\\\"\": \"C:\\\\path\""));

  python = run_python ("import json, sys\n"
                       "d = json.load(sys.stdin)\n"
                       "sys.stdout.write(d['title'] + '|' + d['parameters']['key \"quoted\"'])\n",
                       json);
  if (python == NULL)
    g_test_message ("No python3: JSON checked by the built-in checker only");
  else
    g_assert_cmpstr (python, ==, "say \"hi\" \\ back\n\x01\t\x1f 三次握手 é|C:\\path");
}

static void
test_writer_txt (void)
{
  g_autoptr(HsTrace) trace = build_handshake ();
  g_autofree char *txt = write_to_string (trace, HS_TRACE_FORMAT_TXT);
  g_auto(GStrv) lines = ladder_lines (txt);
  g_autofree char *narration = hs_narration_format_step (trace, 0);
  const char *syn, *syn_ack, *ack, *line;
  int client, server;

  g_test_summary ("The text ladder draws each segment from the sender's lane "
                  "to the receiver's and each state in its lane");

  g_test_message ("%s", txt);

  g_assert_true (g_str_has_prefix (txt, "Three-way handshake\n═══"));

  /* The lanes, from the SYN: ├ on the client's bar, ▶│ on the server's. */
  syn = find_line (lines, "SYN seq=0 win=64240");
  client = column_of (syn, "├");
  server = last_column_of (syn, "│");
  g_assert_cmpint (client, >, 0);
  g_assert_cmpint (server, >, client + 20);
  g_assert_cmpint (column_of (syn, "▶"), ==, server - 1);
  g_assert_nonnull (strstr (syn, "──SYN seq=0 win=64240──"));
  g_assert_true (g_str_has_suffix (syn, "▶│"));
  g_assert_nonnull (strstr (syn, "0.000"));

  syn_ack = find_line (lines, "SYN, ACK seq=0 ack=1 win=65160");
  g_assert_cmpint (column_of (syn_ack, "◀"), ==, client + 1);
  g_assert_cmpint (column_of (syn_ack, "┤"), ==, server);
  g_assert_nonnull (strstr (syn_ack, "10.000"));

  ack = find_line (lines, "ACK seq=1 ack=1 win=64256");
  g_assert_cmpint (column_of (ack, "├"), ==, client);
  g_assert_cmpint (column_of (ack, "▶"), ==, server - 1);

  /* Lane headings and states centered on their lanes. */
  line = find_line (lines, "10.0.0.1:40000");
  g_assert_cmpint (ABS (center_of (line, "10.0.0.1:40000") - client), <=, 1);
  g_assert_cmpint (ABS (center_of (line, "10.0.0.2:80") - server), <=, 1);
  line = find_line (lines, "CLOSED");
  g_assert_cmpint (ABS (center_of (line, "CLOSED") - client), <=, 1);
  g_assert_cmpint (ABS (center_of (line, "LISTEN") - server), <=, 1);
  line = find_line (lines, "SYN-SENT");
  g_assert_cmpint (ABS (center_of (line, "SYN-SENT") - client), <=, 1);
  g_assert_cmpint (column_of (line, "│"), ==, server);
  line = find_line (lines, "SYN-RECEIVED");
  g_assert_cmpint (ABS (center_of (line, "SYN-RECEIVED") - server), <=, 1);
  g_assert_cmpint (column_of (line, "│"), ==, client);
  g_assert_nonnull (strstr (line, "10.000"));
  line = find_line (lines, "connect()");
  g_assert_cmpint (ABS (center_of (line, "connect()") - client), <=, 1);

  /* An arrival is noted beside the receiver's bar, which stays whole. */
  line = find_line (lines, "SYN arrives");
  g_assert_true (g_str_has_suffix (line, "SYN arrives │"));
  g_assert_cmpint (last_column_of (line, "│"), ==, server);
  g_assert_cmpint (column_of (line, "│"), ==, client);
  line = find_line (lines, "SYN, ACK arrives");
  g_assert_cmpint (column_of (line, "│"), ==, client);
  g_assert_cmpint (column_of (line, "SYN, ACK arrives"), ==, client + 2);
  g_assert_cmpint (last_column_of (line, "│"), ==, server);

  /* Every step is narrated, numbered, wrapped for e-mail. */
  g_assert_nonnull (narration);
  g_assert_nonnull (strstr (txt, "\n   1. "));
  g_assert_nonnull (strstr (txt, "\n  12. "));
  g_assert_null (strstr (txt, "\n  13. "));

  {
    g_auto(GStrv) all = g_strsplit (txt, "\n", -1);

    for (guint i = 0; all[i] != NULL; i++)
      {
        const char *end = all[i] + strlen (all[i]);

        g_assert_false (g_str_has_suffix (all[i], " "));
        if (strstr (all[i], "│") == NULL && strstr (all[i], "─") == NULL)
          g_assert_cmpuint (display_width (all[i], end), <=, 78);
      }
  }
}

static void
test_writer_txt_lost (void)
{
  g_autoptr(HsTrace) trace = build_lost_syn ();
  g_autofree char *txt = write_to_string (trace, HS_TRACE_FORMAT_TXT);
  g_auto(GStrv) lines = ladder_lines (txt);
  const char *lost, *retransmitted, *in_flight, *line;
  int client, server, mark;

  g_test_summary ("A lost segment's arrow stops half-way with ✗; "
                  "retransmissions and segments still in flight are marked");

  g_test_message ("%s", txt);

  retransmitted = find_line (lines, "(retransmission)");
  client = column_of (retransmitted, "├");
  server = last_column_of (retransmitted, "│");
  g_assert_cmpint (column_of (retransmitted, "▶"), ==, server - 1);
  g_assert_nonnull (strstr (retransmitted, "1000.000"));

  lost = find_line (lines, "LOST");
  g_assert_nonnull (strstr (lost, "SYN seq=0 win=64240"));
  g_assert_cmpint (column_of (lost, "├"), ==, client);
  g_assert_null (strstr (lost, "▶"));
  mark = column_of (lost, "✗");
  g_assert_cmpint (mark, >, client + 1);
  g_assert_cmpint (mark, <, server);
  g_assert_cmpint (column_of (lost, "LOST"), >, mark);
  g_assert_cmpint (last_column_of (lost, "│"), ==, server);

  in_flight = find_line (lines, "SYN, ACK seq=0 ack=1");
  g_assert_cmpint (column_of (in_flight, "┤"), ==, server);
  g_assert_null (strstr (in_flight, "◀"));

  line = find_line (lines, "RTO fired");
  g_assert_cmpint (ABS (center_of (line, "RTO fired") - client), <=, 1);
}

static void
test_writer_txt_wide (void)
{
  g_autoptr(HsTrace) trace = hs_trace_new ();
  g_autofree char *txt = NULL;
  g_auto(GStrv) lines = NULL;
  const char *syn, *line;
  int left, right;
  guint seg;

  g_test_summary ("Chinese text takes two columns: titles are underlined and "
                  "lanes are centered by display width, not by bytes");

  hs_trace_set_title (trace, "三次握手");
  hs_trace_add_endpoint (trace, "客户端甲", "10.0.0.1", 40000, HS_STATE_CLOSED);
  hs_trace_add_endpoint (trace, "服务器", "2001:db8::2", 80, HS_STATE_LISTEN);
  add_state_change (trace, 0, 0, HS_STATE_CLOSED, HS_STATE_SYN_SENT);
  seg = send_segment (trace, 0, 0, 1, HS_TCP_SYN, 77, 0, 64240, 0, 0, 0);
  deliver (trace, seg, 1500);

  txt = write_to_string (trace, HS_TRACE_FORMAT_TXT);
  g_test_message ("%s", txt);
  g_assert_true (g_str_has_prefix (txt, "三次握手\n════════\n"));
  lines = ladder_lines (txt);

  syn = find_line (lines, "SYN seq=0");
  left = column_of (syn, "├");
  right = last_column_of (syn, "│");
  g_assert_cmpint (column_of (syn, "▶"), ==, right - 1);

  line = find_line (lines, "客户端甲");
  g_assert_cmpint (ABS (center_of (line, "客户端甲") - left), <=, 1);
  g_assert_cmpint (ABS (center_of (line, "服务器") - right), <=, 1);
  line = find_line (lines, "[2001:db8::2]:80");
  g_assert_cmpint (ABS (center_of (line, "[2001:db8::2]:80") - right), <=, 1);
  line = find_line (lines, "SYN-SENT");
  g_assert_cmpint (last_column_of (line, "│"), ==, right);
  g_assert_nonnull (strstr (txt, "    1.500"));
}

static void
test_writer_txt_capture (void)
{
  g_autoptr(HsTrace) trace = trace_from_capture_csv (capture_handshake_data_close);
  g_autofree char *txt = write_to_string (trace, HS_TRACE_FORMAT_TXT);
  g_auto(GStrv) lines = ladder_lines (txt);
  const char *fin, *data;
  guint right = 0, left = 0;

  g_test_summary ("A trace with segments and no steps (a capture) still "
                  "draws one arrow per segment");

  g_test_message ("%s", txt);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (strstr (lines[i], "▶") != NULL)
        right++;
      if (strstr (lines[i], "◀") != NULL)
        left++;
    }

  g_assert_cmpuint (right, ==, 6);
  g_assert_cmpuint (left, ==, 5);
  fin = find_line (lines, "FIN, ACK seq=101 ack=201 win=64512");
  g_assert_nonnull (strstr (fin, "200.845"));
  g_assert_cmpint (column_of (fin, "├"), <, column_of (fin, "▶"));
  data = find_line (lines, "PSH, ACK seq=1 ack=101 win=65536 len=200");
  g_assert_nonnull (strstr (data, "100.505"));
  g_assert_cmpint (column_of (data, "◀"), <, column_of (data, "┤"));
}

/* ------------------------------------------------------ streaming -- */

static HsTrace *
run_slow_start (const char *bytes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsScenario) scenario = hs_scenario_new_builtin ("slow-start", &error);
  g_autofree char *set = g_strconcat ("transfer.bytes=", bytes, NULL);
  HsTrace *trace;

  g_assert_no_error (error);
  g_assert_true (hs_scenario_set (scenario, set, &error));
  trace = hs_simulator_run (scenario, &error);
  g_assert_no_error (error);
  return trace;
}

typedef struct
{
  guint   calls;
  goffset last;
  goffset total;
  GCancellable *cancel_at_second;
} WriteProgress;

static void
write_progress_cb (goffset  current,
                   goffset  total,
                   gpointer user_data)
{
  WriteProgress *p = user_data;

  g_assert_cmpint (current, >=, p->last);
  g_assert_cmpint (current, <=, total);
  p->last = current;
  p->total = total;
  p->calls++;
  if (p->cancel_at_second != NULL && p->calls == 2)
    g_cancellable_cancel (p->cancel_at_second);
}

static void
test_writer_stream_bounded (void)
{
  g_autoptr(HsTrace) trace = run_slow_start ("5000000");
  const HsTraceFormat formats[] = { HS_TRACE_FORMAT_CSV, HS_TRACE_FORMAT_JSON, HS_TRACE_FORMAT_TXT };
  gsize encoded;

  g_test_summary ("Written as the only reader, a long trace is exported in "
                  "pieces, with progress, byte for byte as in memory, and "
                  "without keeping the whole trace decoded");

  hs_trace_trim (trace);
  encoded = hs_trace_get_memory_size (trace);

  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      g_autoptr(GBytes) whole = NULL;
      g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
      g_autoptr(GBytes) streamed = NULL;
      g_autoptr(GError) error = NULL;
      WriteProgress progress = { 0 };

      g_assert_true (hs_trace_write_to_stream (trace, formats[f], stream, HS_TRACE_WRITE_SOLE_READER,
                                               NULL, write_progress_cb, &progress, &error));
      g_assert_no_error (error);
      g_assert_true (g_output_stream_close (stream, NULL, NULL));
      streamed = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream));

      /* Decoded blocks were dropped as it went: a few blocks' worth at
       * most remain beside the encoded trace. */
      g_assert_cmpuint (hs_trace_get_memory_size (trace), <, encoded + 512 * 1024);
      g_assert_cmpuint (progress.calls, >, 2);
      g_assert_cmpint (progress.last, ==, progress.total);

      /* The same bytes as written in one go (which keeps blocks decoded). */
      whole = hs_trace_write (trace, formats[f], &error);
      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (whole, streamed));
      hs_trace_trim (trace);
    }
}

static void
test_writer_stream_cancel (void)
{
  g_autoptr(HsTrace) trace = run_slow_start ("5000000");
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  WriteProgress progress = { .cancel_at_second = cancellable };

  g_test_summary ("A cancelled export stops at the next piece with a "
                  "cancelled error");

  g_assert_false (hs_trace_write_to_stream (trace, HS_TRACE_FORMAT_JSON, stream, HS_TRACE_WRITE_DEFAULT,
                                            cancellable, write_progress_cb, &progress, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (progress.calls, ==, 2);
  g_assert_cmpint (progress.last, <, progress.total);
}

int
main (int   argc,
      char *argv[])
{
  /* So that g_test_message() passes the ladders through as UTF-8. */
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/engine/trace/state-at", test_trace_state_at);
  g_test_add_func ("/engine/trace/tcb-at", test_trace_tcb_at);
  g_test_add_func ("/engine/trace/compact-round-trip", test_trace_compact_round_trip);
  g_test_add_func ("/engine/trace/compact-lookups", test_trace_compact_lookups);
  g_test_add_func ("/engine/trace/compact-bulk", test_trace_compact_bulk);
  g_test_add_func ("/engine/trace/decode-threads", test_trace_decode_threads);
  g_test_add_func ("/engine/trace/time", test_trace_time);
  g_test_add_func ("/engine/trace/time-goes-forward", test_trace_time_goes_forward);
  g_test_add_func ("/engine/trace/segments", test_trace_segments);
  g_test_add_func ("/engine/trace/relative", test_trace_relative);
  g_test_add_func ("/engine/trace/hosts", test_trace_hosts);
  g_test_add_func ("/engine/trace/parameters", test_trace_parameters);
  g_test_add_func ("/engine/writer/format-names", test_writer_format_names);
  g_test_add_func ("/engine/writer/csv", test_writer_csv);
  g_test_add_func ("/engine/writer/csv-captures", test_writer_csv_captures);
  g_test_add_func ("/engine/writer/json-checker", test_writer_json_checker);
  g_test_add_func ("/engine/writer/json", test_writer_json);
  g_test_add_func ("/engine/writer/json-escape", test_writer_json_escape);
  g_test_add_func ("/engine/writer/txt", test_writer_txt);
  g_test_add_func ("/engine/writer/txt-lost", test_writer_txt_lost);
  g_test_add_func ("/engine/writer/txt-wide", test_writer_txt_wide);
  g_test_add_func ("/engine/writer/txt-capture", test_writer_txt_capture);
  g_test_add_func ("/engine/writer/stream-bounded", test_writer_stream_bounded);
  g_test_add_func ("/engine/writer/stream-cancel", test_writer_stream_cancel);

  return g_test_run ();
}
