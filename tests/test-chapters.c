/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-chapters.c: the chapters a lesson falls into: derived from the
 * trace, or read from [Lesson] Chapters=, and the errors a wrong value
 * gets. */

#include "config.h"

#include <string.h>

#include "hs-chapters.h"
#include "hs-error.h"
#include "hs-scenario.h"
#include "hs-simulator.h"
#include "hs-test-lessons.h"

static const HsChapter *
chapter (GArray *chapters,
         guint   i)
{
  return &g_array_index (chapters, HsChapter, i);
}

static void
test_derived_full_connection (void)
{
  g_autoptr(HsTrace) trace = hs_test_run_lesson ("full-connection");
  g_autoptr(GArray) chapters = hs_chapters_from_trace (trace);
  const HsTraceStep *step;

  g_test_summary ("A whole connection falls into handshake (from the first step), data (at the first "
                  "segment with a payload) and close (at the first FIN), and no loss");

  g_assert_cmpuint (chapters->len, ==, 3);
  g_assert_cmpint (chapter (chapters, 0)->kind, ==, HS_CHAPTER_HANDSHAKE);
  g_assert_cmpuint (chapter (chapters, 0)->step, ==, 0);
  g_assert_cmpint (chapter (chapters, 1)->kind, ==, HS_CHAPTER_DATA);
  step = hs_trace_get_step (trace, chapter (chapters, 1)->step);
  g_assert_cmpint (step->kind, ==, HS_STEP_SEGMENT_SENT);
  g_assert_cmpuint (hs_trace_get_segment (trace, step->segment)->len, >, 0);
  g_assert_cmpint (chapter (chapters, 2)->kind, ==, HS_CHAPTER_CLOSE);
  step = hs_trace_get_step (trace, chapter (chapters, 2)->step);
  g_assert_true (hs_trace_get_segment (trace, step->segment)->header.flags & HS_TCP_FIN);
}

static void
test_derived_loss (void)
{
  g_autoptr(HsTrace) trace = hs_test_run_lesson ("fast-retransmit");
  g_autoptr(GArray) chapters = hs_chapters_from_trace (trace);
  guint loss = G_MAXUINT, recovery = G_MAXUINT;

  g_test_summary ("fast-retransmit has a loss chapter at the lost segment, then recovery at the "
                  "retransmission, in step order");

  for (guint i = 0; i < chapters->len; i++)
    {
      if (i > 0)
        g_assert_cmpuint (chapter (chapters, i)->step, >, chapter (chapters, i - 1)->step);
      if (chapter (chapters, i)->kind == HS_CHAPTER_LOSS && loss == G_MAXUINT)
        loss = chapter (chapters, i)->step;
      if (chapter (chapters, i)->kind == HS_CHAPTER_RECOVERY && recovery == G_MAXUINT)
        recovery = chapter (chapters, i)->step;
    }
  g_assert_cmpuint (loss, <, recovery);
  g_assert_cmpint (hs_trace_get_step (trace, loss)->kind, ==, HS_STEP_SEGMENT_LOST);
  g_assert_true (hs_trace_step_is_loss_or_retransmission (trace, recovery));
  g_assert_cmpint (hs_trace_get_step (trace, recovery)->kind, ==, HS_STEP_SEGMENT_SENT);
}

static HsScenario *
lesson_with_chapters (const char  *chapters,
                      GError     **error)
{
  g_autofree char *data = g_strdup_printf ("[Lesson]\nTitle=Chapters\nChapters=%s\n\n"
                                           "[Client]\nScript=connect; send 3000; close\n\n"
                                           "[Server]\nScript=listen; close\n", chapters);

  return hs_scenario_new_from_data ("chapters", "chapters.lesson", data, strlen (data), error);
}

static void
test_lesson_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsScenario) scenario = lesson_with_chapters ("1:handshake; 9:data ;20:close;", &error);
  g_autoptr(HsScenario) plain = NULL;

  g_test_summary ("[Lesson] Chapters= sets the chapters: steps numbered from 1 as the window shows them, "
                  "spaces and a trailing ; allowed; without it there are none to read");

  g_assert_no_error (error);
  g_assert_cmpuint (hs_scenario_get_n_chapters (scenario), ==, 3);
  g_assert_cmpuint (hs_scenario_get_chapter (scenario, 0)->step, ==, 0);
  g_assert_cmpint (hs_scenario_get_chapter (scenario, 0)->kind, ==, HS_CHAPTER_HANDSHAKE);
  g_assert_cmpuint (hs_scenario_get_chapter (scenario, 1)->step, ==, 8);
  g_assert_cmpint (hs_scenario_get_chapter (scenario, 1)->kind, ==, HS_CHAPTER_DATA);
  g_assert_cmpuint (hs_scenario_get_chapter (scenario, 2)->step, ==, 19);
  g_assert_cmpint (hs_scenario_get_chapter (scenario, 2)->kind, ==, HS_CHAPTER_CLOSE);

  plain = hs_scenario_new_builtin ("three-way-handshake", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hs_scenario_get_n_chapters (plain), ==, 0);
}

static void
test_lesson_file_bad (void)
{
  static const struct {
    const char *value;
    const char *message;
  } cases[] = {
    { "handshake", "chapters.lesson:3: chapter 1: “handshake” is not a step number and a kind, such as “9:data”" },
    { "1:handshake;0:data", "chapters.lesson:3: chapter 2: “0:data” is not a step number and a kind, such as “9:data”" },
    { "1:handshake;x:data", "chapters.lesson:3: chapter 2: “x:data” is not a step number and a kind, such as “9:data”" },
    { "1:handshake;5:teardown", "chapters.lesson:3: chapter 2: the kind must be handshake, data, loss, recovery or close, not “teardown”" },
    { "5:data;5:close", "chapters.lesson:3: chapter 2: step 5 does not come after step 5; chapters go in the order of their steps" },
    { "9:data;2:handshake", "chapters.lesson:3: chapter 2: step 2 does not come after step 9; chapters go in the order of their steps" },
  };

  g_test_summary ("A wrong Chapters= value is refused with the file, the line, the chapter and what is wrong");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HsScenario) scenario = lesson_with_chapters (cases[i].value, &error);

      g_assert_null (scenario);
      g_assert_error (error, HS_ERROR, HS_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/engine/chapters/derived/full-connection", test_derived_full_connection);
  g_test_add_func ("/engine/chapters/derived/loss", test_derived_loss);
  g_test_add_func ("/engine/chapters/lesson-file", test_lesson_file);
  g_test_add_func ("/engine/chapters/lesson-file-bad", test_lesson_file_bad);

  return g_test_run ();
}
