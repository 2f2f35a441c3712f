/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-narration.c: how long each built-in lesson's "What happened" is to
 * read aloud, in English words, for issue 22's "under five minutes": the
 * summaries of runs of similar steps, as the TXT export reads them. */

#define G_LOG_DOMAIN "bench-narration"

#include "config.h"

#include <glib.h>

#include "hs-narration.h"
#include "hs-scenario.h"
#include "hs-simulator.h"
#include "hs-trace.h"

static guint
count_words (const char *text)
{
  guint words = 0;
  gboolean in_word = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      gboolean space = g_ascii_isspace (*p);

      if (!space && !in_word)
        words++;
      in_word = !space;
    }
  return words;
}

int
main (int   argc,
      char *argv[])
{
  g_auto(GStrv) ids = hs_scenario_list_builtin ();
  g_autoptr(GString) line = g_string_new ("narration-words:");
  guint total = 0;

  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HsScenario) scenario = hs_scenario_new_builtin (ids[i], &error);
      g_autoptr(HsTrace) trace = NULL;
      guint words = 0;

      g_assert_no_error (error);
      trace = hs_simulator_run (scenario, &error);
      g_assert_no_error (error);
      /* as the TXT export's "What happened" reads it: runs of similar
       * steps in one summary each */
      for (guint step = 0; step < hs_trace_get_n_steps (trace);)
        {
          guint run = hs_narration_run_length (trace, step);
          g_autofree char *text = hs_narration_format_run (trace, step, run);

          words += count_words (text);
          step += run;
        }
      g_string_append_printf (line, " %s=%u", ids[i], words);
      total += words;
    }
  g_string_append_printf (line, " total=%u", total);
  g_print ("%s\n", line->str);
  return 0;
}
