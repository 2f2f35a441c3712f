/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-lesson.c: libFuzzer target: bytes as a lesson file, through the
 * parser, the simulator, every trace writer and the diagram. */

#include "config.h"

#include <string.h>

#include "hs-scenario.h"
#include "hs-simulator.h"

#include "fuzz-common.h"

/* Lessons are a kilobyte or two; a longer input only slows the fuzzer down
 * without reaching more of the parser. */
#define FUZZ_MAX_INPUT 16384

/* A lesson may ask for a gigabyte ([Transfer] Bytes=1GiB, a script of
 * sends), over a 1-byte window, or for hours of simulated time: fine for
 * the program (it runs up to HS_SIMULATOR_MAX_STEPS), far too slow for a
 * fuzzer, which needs each input to run in milliseconds. So a lesson is
 * run only when the bytes its scripts move, counted in segments of its
 * smallest MSS or receive buffer, stay under this, and its simulated time
 * is cut at FUZZ_MAX_SECONDS (long enough for TIME-WAIT in both
 * profiles). What is skipped still went through the parser. */
#define FUZZ_MAX_SEGMENTS   2000
#define FUZZ_MAX_BYTES      (256 * 1024)
#define FUZZ_MAX_SECONDS    300

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static gboolean
small_enough (HsScenario *scenario)
{
  guint64 bytes = 0;
  guint64 unit = G_MAXUINT64;

  for (guint i = 0; i < 2; i++)
    {
      const HsEndpointConfig *config = hs_scenario_get_endpoint (scenario, i);

      unit = MIN (unit, MAX (1, MIN (config->mss, config->receive_buffer)));
      for (guint j = 0; j < config->script->len; j++)
        {
          const HsAction *action = &g_array_index (config->script, HsAction, j);

          if (action->kind == HS_ACTION_SEND || action->kind == HS_ACTION_READ ||
              action->kind == HS_ACTION_WAIT_BYTES)
            bytes += MIN (action->value, (guint64) FUZZ_MAX_BYTES + 1);
        }
    }

  return bytes <= FUZZ_MAX_BYTES && bytes / unit <= FUZZ_MAX_SEGMENTS;
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(HsScenario) from_file = NULL;
  g_autoptr(HsScenario) scenario = NULL;
  g_autoptr(HsScenario) again = NULL;
  g_autoptr(HsTrace) trace = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) file_error = NULL;
  g_autofree char *written = NULL;
  const char *path;
  const char *text;
  gsize text_len;
  HsTime duration;
  gsize written_len;

  if (size > FUZZ_MAX_INPUT)
    return -1;

  /* The file loader and the parser agree: a file loads when its text
   * does, a UTF-8 byte order mark at its start making no difference (an
   * editor may write one). */
  path = fuzz_save_input ("input.lesson", data, size);
  from_file = hs_scenario_load (path, &file_error);
  if (from_file == NULL && (file_error == NULL || file_error->message == NULL))
    g_error ("a lesson file was refused without an error");

  text = (const char *) data;
  text_len = size;
  if (size >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    {
      text += 3;
      text_len -= 3;
    }
  scenario = hs_scenario_new_from_data ("fuzz", "fuzz.lesson", text, text_len, &error);
  if (scenario == NULL && (error == NULL || error->message == NULL))
    g_error ("a lesson was refused without an error");
  if ((scenario == NULL) != (from_file == NULL))
    g_error ("the file loader says “%s”, the parser “%s”",
             file_error != NULL ? file_error->message : "loaded",
             error != NULL ? error->message : "loaded");
  if (scenario == NULL)
    return 0;

  /* The lesson written back loads again: the window keeps a lesson as this
   * text and parses it again when its parameters change (hs-session.c). */
  written = hs_scenario_to_data (scenario, &written_len);
  again = hs_scenario_new_from_data ("fuzz", "fuzz.lesson", written, written_len, &error);
  if (again == NULL)
    g_error ("a lesson written back does not load: %s\n%s", error->message, written);

  if (!small_enough (scenario))
    return 0;
  duration = hs_scenario_get_duration (scenario);
  if (duration == 0 || duration > FUZZ_MAX_SECONDS * HS_USEC_PER_SEC)
    {
      if (!hs_scenario_set (scenario, "lesson.duration=" G_STRINGIFY (FUZZ_MAX_SECONDS) "s", &error))
        g_error ("could not bound the lesson's duration: %s", error->message);
    }

  trace = hs_simulator_run (scenario, &error);
  if (trace == NULL)
    {
      if (error == NULL || error->message == NULL)
        g_error ("a lesson did not run and said nothing");
      return 0;
    }

  fuzz_write_trace (trace);
  fuzz_draw_trace (trace, (guint) size);
  return 0;
}
