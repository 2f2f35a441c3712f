/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-tally.c: the tally that ends a comparison of TCP and UDP says what
 * the trace shows, for any seed and loss. */

#include "config.h"

#include "hs-narration.h"
#include "hs-scenario.h"
#include "hs-simulator.h"

static HsTrace *
run (const char *id,
     guint64     seed,
     const char *loss)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsScenario) scenario = hs_scenario_new_builtin (id, &error);
  HsTrace *trace;

  g_assert_no_error (error);
  hs_scenario_set_seed (scenario, seed);
  if (loss != NULL)
    {
      g_autofree char *assignment = g_strdup_printf ("network.loss=%s", loss);

      g_assert_true (hs_scenario_set (scenario, assignment, &error));
      g_assert_no_error (error);
    }
  trace = hs_simulator_run (scenario, &error);
  g_assert_no_error (error);
  return trace;
}

/* Counted here another way: the UDP client's datagrams that the network
 * did not lose, and those that arrived after a later one. */
static void
count_udp (HsTrace *trace,
           guint   *sent,
           guint   *delivered,
           guint   *out_of_order)
{
  guint udp_client = G_MAXUINT;

  for (guint i = 0; i < hs_trace_get_n_endpoints (trace); i++)
    if (hs_trace_get_endpoint (trace, i)->transport == HS_TRANSPORT_UDP && udp_client == G_MAXUINT)
      udp_client = i;
  g_assert_cmpuint (udp_client, !=, G_MAXUINT);

  *sent = *delivered = *out_of_order = 0;
  for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
    {
      const HsTraceSegment *seg = hs_trace_get_segment (trace, i);

      if (seg->from != udp_client)
        continue;
      g_assert_false (seg->marks & HS_MARK_DUPLICATED);
      (*sent)++;
      if (seg->fate != HS_FATE_DELIVERED)
        continue;
      (*delivered)++;
      /* out of order: an earlier datagram arrives after a later one did */
      for (guint j = i + 1; j < hs_trace_get_n_segments (trace); j++)
        {
          const HsTraceSegment *later = hs_trace_get_segment (trace, j);

          if (later->from == udp_client && later->fate == HS_FATE_DELIVERED && later->end_step < seg->end_step)
            {
              (*out_of_order)++;
              break;
            }
        }
    }
}

static void
test_tally (gconstpointer data)
{
  guint64 seed = GPOINTER_TO_UINT (data);
  g_autoptr(HsTrace) trace = run ("tcp-vs-udp", seed, NULL);
  g_autofree char *tally = hs_narration_format_tally (trace);
  g_autofree char *expected = NULL;
  guint sent, delivered, out_of_order;

  g_test_summary ("tcp-vs-udp ends with a tally true to its trace: TCP delivered all 10 messages in order, "
                  "UDP those the network did not lose, some out of order");

  count_udp (trace, &sent, &delivered, &out_of_order);
  g_test_message ("seed %" G_GUINT64_FORMAT ": %s", seed, tally);
  g_assert_cmpuint (sent, ==, 10);
  if (out_of_order > 0)
    expected = g_strdup_printf ("In the end TCP delivered 10 of 10 messages, in order; "
                                "UDP delivered %u of 10, %u of them out of order.", delivered, out_of_order);
  else
    expected = g_strdup_printf ("In the end TCP delivered 10 of 10 messages, in order; "
                                "UDP delivered %u of 10, in the order they were sent.", delivered);
  g_assert_cmpstr (tally, ==, expected);
}

static void
test_tally_none (void)
{
  g_autoptr(HsTrace) trace = run ("full-connection", 1, NULL);
  g_autoptr(HsTrace) lossless = run ("tcp-vs-udp", 1, "0");
  g_autofree char *tally = hs_narration_format_tally (lossless);
  g_autofree char *none = hs_narration_format_tally (trace);

  g_test_summary ("A lesson over TCP alone has no tally; without loss or reordering UDP delivers everything");

  g_assert_null (none);
  g_assert_nonnull (g_strstr_len (tally, -1, "UDP delivered 10 of 10"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_data_func ("/engine/tally/seed-13", GUINT_TO_POINTER (13), test_tally);
  g_test_add_data_func ("/engine/tally/seed-7", GUINT_TO_POINTER (7), test_tally);
  g_test_add_func ("/engine/tally/none", test_tally_none);

  return g_test_run ();
}
