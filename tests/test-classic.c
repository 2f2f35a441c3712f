/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-classic.c: the classic examination questions as lessons (issue 21):
 * each lesson's decisive moment, and the engine behind it. */

#define G_LOG_DOMAIN "test-classic"

#include "config.h"

#include <string.h>

#include <glib.h>

#include "hs-narration.h"
#include "hs-scenario.h"
#include "hs-simulator.h"
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
      hs_scenario_set (scenario, sets[i], &error);
      g_assert_no_error (error);
    }
  trace = hs_simulator_run (scenario, &error);
  g_assert_no_error (error);
  return trace;
}

/* The index of the first step from @from on of @kind at @endpoint with
 * @detail (G_MAXUINT: any), or HS_TRACE_NONE. */
static guint
find_step (HsTrace    *trace,
           guint       from,
           HsStepKind  kind,
           guint       endpoint,
           guint       detail)
{
  for (guint i = from; i < hs_trace_get_n_steps (trace); i++)
    {
      const HsTraceStep *s = hs_trace_get_step (trace, i);

      if (s->kind == kind && s->endpoint == endpoint && (detail == G_MAXUINT || s->detail == detail))
        return i;
    }
  return HS_TRACE_NONE;
}

static guint
count_steps (HsTrace    *trace,
             HsStepKind  kind,
             guint       endpoint,
             guint       detail)
{
  guint n = 0;

  for (guint i = 0; i < hs_trace_get_n_steps (trace); i++)
    {
      const HsTraceStep *s = hs_trace_get_step (trace, i);

      n += s->kind == kind && s->endpoint == endpoint && (detail == G_MAXUINT || s->detail == detail);
    }
  return n;
}

static char *
narration (HsTrace *trace,
           guint    step)
{
  return hs_narration_format_step (trace, step);
}

/* ------------------------------------------------------- byte-stream -- */

static void
test_byte_stream (void)
{
  g_autoptr(HsTrace) trace = run_lesson ("byte-stream", NULL);
  guint n_data_segments = 0;
  guint read_step;
  g_autofree char *text = NULL;

  g_test_summary ("byte-stream: three 100-byte writes leave as three TCP segments but the server's one "
                  "read returns 300 bytes, and the narration names writes 1 to 3; over UDP the three "
                  "datagrams reach the application one by one");

  g_assert_cmpuint (hs_trace_get_n_endpoints (trace), ==, 4);
  for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
    {
      const HsTraceSegment *seg = hs_trace_get_segment (trace, i);

      if (seg->from == 0 && seg->len > 0)
        {
          g_assert_cmpuint (seg->len, ==, 100);
          n_data_segments++;
        }
    }
  g_assert_cmpuint (n_data_segments, ==, 3);

  /* TCP: one read of all 300 bytes */
  g_assert_cmpuint (count_steps (trace, HS_STEP_APP_NOTIFY, 1, HS_NOTIFY_DATA), ==, 1);
  read_step = find_step (trace, 0, HS_STEP_APP_NOTIFY, 1, HS_NOTIFY_DATA);
  g_assert_cmpuint (hs_trace_get_step (trace, read_step)->value, ==, 300);
  text = narration (trace, read_step);
  g_assert_nonnull (strstr (text, "bytes 1 to 300 of the stream"));
  g_assert_nonnull (strstr (text, "writes 1 to 3"));

  /* UDP: three datagrams, three deliveries of 100 bytes */
  g_assert_cmpuint (count_steps (trace, HS_STEP_APP_NOTIFY, 3, HS_NOTIFY_DATA), ==, 3);
  for (guint i = find_step (trace, 0, HS_STEP_APP_NOTIFY, 3, HS_NOTIFY_DATA); i != HS_TRACE_NONE;
       i = find_step (trace, i + 1, HS_STEP_APP_NOTIFY, 3, HS_NOTIFY_DATA))
    g_assert_cmpuint (hs_trace_get_step (trace, i)->value, ==, 100);
}

static void
test_byte_stream_one_write (void)
{
  const char * const sets[] = { "server.script=listen; wait-for established; read 100; read 100; read 100; close", NULL };
  g_autoptr(HsTrace) trace = run_lesson ("byte-stream", sets);

  g_test_summary ("A read that returns the bytes of one write only says nothing of glued writes");

  for (guint i = find_step (trace, 0, HS_STEP_APP_NOTIFY, 1, HS_NOTIFY_DATA); i != HS_TRACE_NONE;
       i = find_step (trace, i + 1, HS_STEP_APP_NOTIFY, 1, HS_NOTIFY_DATA))
    {
      g_autofree char *text = narration (trace, i);

      g_assert_cmpuint (hs_trace_get_step (trace, i)->value, ==, 100);
      g_assert_null (strstr (text, "glued"));
    }
  g_assert_cmpuint (count_steps (trace, HS_STEP_APP_NOTIFY, 1, HS_NOTIFY_DATA), ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/engine/classic/byte-stream", test_byte_stream);
  g_test_add_func ("/engine/classic/byte-stream/one-write", test_byte_stream_one_write);

  return g_test_run ();
}
