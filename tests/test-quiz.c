/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-quiz.c: the quiz's questions on every built-in lesson, checking
 * answers, the explanations of wrong ones, a lesson's own [Questions]
 * and random variants. */

#define G_LOG_DOMAIN "test-quiz"

#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "hs-error.h"
#include "hs-narration.h"
#include "hs-quiz.h"
#include "hs-scenario.h"
#include "hs-simulator.h"

static HsTrace *
run (HsScenario *scenario)
{
  g_autoptr(GError) error = NULL;
  HsTrace *trace = hs_simulator_run (scenario, &error);

  g_assert_no_error (error);
  g_assert_nonnull (trace);
  return trace;
}

static HsQuiz *
quiz_for (const char  *lesson,
          const char  *const *sets,
          HsTrace    **trace_out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsScenario) scenario = hs_scenario_load (lesson, &error);
  g_autoptr(HsTrace) trace = NULL;
  HsQuiz *quiz;

  g_assert_no_error (error);
  for (guint i = 0; sets != NULL && sets[i] != NULL; i++)
    {
      hs_scenario_set (scenario, sets[i], &error);
      g_assert_no_error (error);
    }
  trace = run (scenario);
  quiz = hs_quiz_new (trace, scenario, &error);
  g_assert_no_error (error);
  if (trace_out != NULL)
    *trace_out = g_steal_pointer (&trace);
  return quiz;
}

/* Every field of a solution changed by one: each change alone is wrong. */
static void
assert_one_answer (HsQuiz  *quiz,
                   guint    index,
                   gboolean absolute)
{
  HsQuizAnswer right, wrong;
  guint fields;

  hs_quiz_get_solution (quiz, index, absolute, &right);
  fields = right.fields;
  g_assert_cmpuint (hs_quiz_check (quiz, index, &right, absolute), ==, 0);
  g_assert_null (hs_quiz_explain (quiz, index, &right, absolute));

  for (guint bit = 0; bit < 8; bit++)
    {
      guint field = 1u << bit;
      g_autofree char *why = NULL;

      if (!(fields & field))
        continue;
      wrong = right;
      switch (field)
        {
        case HS_QUIZ_FIELD_SENDER: wrong.sender = !right.sender; break;
        case HS_QUIZ_FIELD_FLAGS: wrong.flags ^= HS_TCP_ACK; break;
        case HS_QUIZ_FIELD_SEQ: wrong.seq = (guint32) (right.seq + 1); break;
        case HS_QUIZ_FIELD_ACK: wrong.ack = right.ack == HS_QUIZ_NONE ? 0 : (guint32) (right.ack + 1); break;
        case HS_QUIZ_FIELD_LEN: wrong.len++; break;
        case HS_QUIZ_FIELD_WINDOW: wrong.window++; break;
        case HS_QUIZ_FIELD_STATE: wrong.state = (right.state + 1) % HS_N_STATES; break;
        case HS_QUIZ_FIELD_TIME: wrong.time++; break;
        default: g_assert_not_reached ();
        }
      g_assert_cmpuint (hs_quiz_check (quiz, index, &wrong, absolute), ==, field);
      why = hs_quiz_explain (quiz, index, &wrong, absolute);
      g_assert_nonnull (why);
      g_assert_cmpstr (why, !=, "");
    }

  /* a field left out is wrong too */
  wrong = right;
  wrong.fields = 0;
  g_assert_cmpuint (hs_quiz_check (quiz, index, &wrong, absolute), ==, fields);
}

static void
test_builtin (void)
{
  g_auto(GStrv) ids = hs_scenario_list_builtin ();

  g_test_summary ("On every built-in lesson, every default question has exactly one correct answer, "
                  "read from the trace, asks only what earlier steps determine, and its wording "
                  "gives nothing away");

  for (guint l = 0; ids[l] != NULL; l++)
    {
      g_autoptr(HsTrace) trace = NULL;
      g_autoptr(HsQuiz) quiz = quiz_for (ids[l], NULL, &trace);
      g_autoptr(HsScenario) scenario = hs_scenario_load (ids[l], NULL);
      guint n = hs_quiz_get_n_questions (quiz);
      guint n_tcp = 0;

      /* the lessons with [Questions] of their own: /engine/quiz/builtin-own */
      if (hs_scenario_get_n_questions (scenario) > 0)
        continue;

      for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
        n_tcp += !hs_trace_segment_is_udp (trace, hs_trace_get_segment (trace, i));
      g_test_message ("%s: %u questions, %u TCP segments", ids[l], n, n_tcp);
      if (n_tcp > 0)
        g_assert_cmpuint (n, >, 0);
      g_assert_cmpuint (n, <=, n_tcp);

      for (guint i = 0; i < n; i++)
        {
          const HsQuizQuestion *q = hs_quiz_get_question (quiz, i);
          const HsTraceSegment *s = hs_trace_get_segment (trace, q->segment);
          const HsTraceStep *step = hs_trace_get_step (trace, q->step);
          g_autofree char *prompt = hs_quiz_format_prompt (quiz, i, TRUE);
          const char *sender = hs_narration_endpoint_name (trace, s->from);
          HsQuizAnswer a;

          g_assert_cmpint (q->kind, ==, HS_QUIZ_SEGMENT);
          g_assert_cmpint (step->kind, ==, HS_STEP_SEGMENT_SENT);
          g_assert_cmpuint (step->segment, ==, q->segment);
          g_assert_cmpint (hs_quiz_find_step (quiz, q->step), ==, (int) i);
          /* questions come in the order of the steps */
          if (i > 0)
            g_assert_cmpuint (hs_quiz_get_question (quiz, i - 1)->step, <, q->step);

          /* the answer is the trace's */
          hs_quiz_get_solution (quiz, i, TRUE, &a);
          g_assert_cmpuint (a.sender, ==, s->from);
          g_assert_cmpuint (a.flags, ==, s->header.flags & HS_QUIZ_FLAGS);
          g_assert_cmpuint (a.seq, ==, s->header.seq);
          if (s->header.flags & HS_TCP_ACK)
            g_assert_cmpuint (a.ack, ==, s->header.ack);
          else
            g_assert_cmpuint (a.ack, ==, HS_QUIZ_NONE);
          hs_quiz_get_solution (quiz, i, FALSE, &a);
          g_assert_cmpuint (a.seq, ==, hs_trace_segment_rel_seq (trace, s));

          assert_one_answer (quiz, i, TRUE);
          assert_one_answer (quiz, i, FALSE);

          /* nothing asked that the steps before it do not determine */
          if (q->fields & HS_QUIZ_FIELD_SEQ && (s->header.flags & HS_TCP_SYN))
            {
              gboolean earlier_syn = FALSE;

              for (guint j = 0; j < q->segment; j++)
                {
                  const HsTraceSegment *o = hs_trace_get_segment (trace, j);

                  earlier_syn |= o->from == s->from && (o->header.flags & HS_TCP_SYN) && o->sent_step < q->step;
                }
              g_assert_true (earlier_syn);
            }
          if ((q->fields & HS_QUIZ_FIELD_ACK) && (s->header.flags & HS_TCP_ACK))
            {
              gboolean heard = FALSE;

              for (guint j = 0; j < hs_trace_get_n_segments (trace); j++)
                {
                  const HsTraceSegment *o = hs_trace_get_segment (trace, j);

                  heard |= o->to == s->from && o->fate == HS_FATE_DELIVERED && o->end_step < q->step;
                }
              g_assert_true (heard);
            }

          /* the wording names the sender only when the sender is not asked */
          if (q->fields & HS_QUIZ_FIELD_SENDER)
            g_assert_null (strstr (prompt, sender));
          else
            g_assert_nonnull (strstr (prompt, sender));
          g_assert_null (strstr (prompt, "seq"));
          g_assert_null (strstr (prompt, "SYN"));
        }
    }
}

/* The answer to a lesson's own question, in words: "FIN-WAIT-1",
 * "FIN, ACK seq=1 ack=1", "1000 ms". */
static char *
solution_text (HsQuiz *quiz,
               guint   index)
{
  const HsQuizQuestion *q = hs_quiz_get_question (quiz, index);
  HsQuizAnswer a;
  GString *text = g_string_new (NULL);

  hs_quiz_get_solution (quiz, index, FALSE, &a);
  switch (q->kind)
    {
    case HS_QUIZ_STATE:
      g_string_append (text, hs_state_to_string (a.state));
      break;
    case HS_QUIZ_TIMER:
      g_string_append_printf (text, "%" G_GINT64_FORMAT " ms", (gint64) (a.time / 1000));
      break;
    case HS_QUIZ_SEGMENT:
      {
        g_autofree char *flags = hs_tcp_flags_to_string (a.flags, ", ");

        g_string_append (text, flags);
        if (q->fields & HS_QUIZ_FIELD_SEQ)
          g_string_append_printf (text, " seq=%" G_GUINT64_FORMAT, a.seq);
        if ((q->fields & HS_QUIZ_FIELD_ACK) && a.ack != HS_QUIZ_NONE)
          g_string_append_printf (text, " ack=%" G_GUINT64_FORMAT, a.ack);
      }
      break;
    }
  return g_string_free (text, FALSE);
}

static void
test_builtin_own (void)
{
  static const struct
  {
    const char *lesson;
    const char *answers[10];
  } lessons[] = {
    { "four-way-close",
      { "FIN-WAIT-1", "FIN, ACK seq=1 ack=1", "CLOSE-WAIT", "ACK ack=2", "FIN-WAIT-2",
        "FIN, ACK seq=1 ack=2", "ACK seq=2 ack=2", "TIME-WAIT", "60240 ms", NULL } },
    { "syn-lost",
      { "1000 ms", "SYN seq=0", "SYN, ACK seq=0 ack=1", "ESTABLISHED", NULL } },
  };

  g_test_summary ("The built-in lessons with questions of their own ask what their wording says: "
                  "the close's states, segments and TIME-WAIT's 60 s; the lost SYN's 1 s timeout");

  for (guint l = 0; l < G_N_ELEMENTS (lessons); l++)
    {
      g_autoptr(HsQuiz) quiz = quiz_for (lessons[l].lesson, NULL, NULL);
      guint n = hs_quiz_get_n_questions (quiz);

      g_assert_cmpuint (n, ==, g_strv_length ((char **) lessons[l].answers));
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *answer = solution_text (quiz, i);
          g_autofree char *prompt = hs_quiz_format_prompt (quiz, i, FALSE);

          g_test_message ("%s %u: %s → %s", lessons[l].lesson, i + 1, prompt, answer);
          g_assert_cmpstr (answer, ==, lessons[l].answers[i]);
          assert_one_answer (quiz, i, FALSE);
        }
    }
}

static void
test_check (void)
{
  const char *const sets[] = { "client.isn=4294967295", "server.isn=1000", NULL };
  g_autoptr(HsTrace) trace = NULL;
  g_autoptr(HsQuiz) quiz = quiz_for ("three-way-handshake", sets, &trace);
  HsQuizAnswer a;
  int synack, ack3;
  g_autofree char *why = NULL;
  guint8 f1, f2;

  g_test_summary ("Answers are checked exactly: relative or absolute numbers, sequence numbers "
                  "that wrap around at 2³², flags in any order; wrong ones are explained");

  /* SYN (step 2), SYN+ACK, ACK */
  g_assert_cmpuint (hs_quiz_get_n_questions (quiz), ==, 3);
  synack = 1;
  ack3 = 2;
  g_assert_cmpuint (hs_trace_get_segment (trace, 1)->header.flags, ==, HS_TCP_SYN | HS_TCP_ACK);

  /* the client's SYN: its own seq is not asked, the ack is "none" */
  g_assert_false (hs_quiz_get_question (quiz, 0)->fields & HS_QUIZ_FIELD_SEQ);
  g_assert_true (hs_quiz_get_question (quiz, synack)->fields & HS_QUIZ_FIELD_ACK);

  /* SYN+ACK: absolute ack is 4294967295 + 1 = 0 */
  hs_quiz_get_solution (quiz, synack, TRUE, &a);
  g_assert_cmpuint (a.ack, ==, 0);
  g_assert_cmpuint (a.seq, ==, 1000);
  a.ack = G_GUINT64_CONSTANT (4294967296);
  g_assert_cmpuint (hs_quiz_check (quiz, synack, &a, TRUE), ==, HS_QUIZ_FIELD_ACK);
  why = hs_quiz_explain (quiz, synack, &a, TRUE);
  g_assert_nonnull (strstr (why, "wrap around"));
  g_clear_pointer (&why, g_free);

  /* ack = the SYN's own number acknowledges nothing new */
  a.ack = 4294967295u;
  why = hs_quiz_explain (quiz, synack, &a, TRUE);
  g_assert_cmpstr (why, ==, "ack = 4294967295 would acknowledge nothing new: the SYN uses one sequence number, "
                            "so the next one expected is 0.");
  g_clear_pointer (&why, g_free);

  /* the server's first SYN: its seq is not asked either */
  g_assert_false (hs_quiz_get_question (quiz, synack)->fields & HS_QUIZ_FIELD_SEQ);

  /* relative: the third segment is seq 1 ack 1; the absolute number is
   * wrong there and said to be absolute */
  hs_quiz_get_solution (quiz, ack3, FALSE, &a);
  g_assert_cmpuint (a.seq, ==, 1);
  g_assert_cmpuint (a.ack, ==, 1);
  a.ack = 1001;
  g_assert_cmpuint (hs_quiz_check (quiz, ack3, &a, FALSE), ==, HS_QUIZ_FIELD_ACK);
  why = hs_quiz_explain (quiz, ack3, &a, FALSE);
  g_assert_nonnull (strstr (why, "1001 is the absolute number"));
  g_clear_pointer (&why, g_free);

  /* the third segment: seq = the ISN again forgets the SYN's number */
  hs_quiz_get_solution (quiz, ack3, TRUE, &a);
  g_assert_cmpuint (a.seq, ==, 0);
  g_assert_cmpuint (a.ack, ==, 1001);
  a.seq = 4294967295u;
  why = hs_quiz_explain (quiz, ack3, &a, TRUE);
  g_assert_nonnull (strstr (why, "the SYN already used"));
  g_clear_pointer (&why, g_free);

  /* an ack past what has arrived */
  hs_quiz_get_solution (quiz, ack3, TRUE, &a);
  a.ack = 5000;
  why = hs_quiz_explain (quiz, ack3, &a, TRUE);
  g_assert_cmpstr (why, ==, "ack = 5000 would acknowledge sequence numbers that have not all arrived: "
                            "the next one expected is 1001.");
  g_clear_pointer (&why, g_free);

  /* flags in any order and case */
  g_assert_true (hs_quiz_parse_flags ("ack+syn", &f1));
  g_assert_true (hs_quiz_parse_flags ("SYN, ACK", &f2));
  g_assert_cmpuint (f1, ==, f2);
  hs_quiz_get_solution (quiz, synack, TRUE, &a);
  a.flags = f1;
  g_assert_cmpuint (hs_quiz_check (quiz, synack, &a, TRUE), ==, 0);
  g_assert_false (hs_quiz_parse_flags ("SYN+FOO", &f1));

  /* typed numbers */
  {
    guint64 v;
    HsTime t;

    g_assert_true (hs_quiz_parse_number (" 1001 ", &v));
    g_assert_cmpuint (v, ==, 1001);
    g_assert_true (hs_quiz_parse_number ("", &v));
    g_assert_cmpuint (v, ==, HS_QUIZ_NONE);
    g_assert_true (hs_quiz_parse_number ("4294967296", &v));
    g_assert_cmpuint (v, ==, G_GUINT64_CONSTANT (4294967296));
    g_assert_false (hs_quiz_parse_number ("0x10", &v));
    g_assert_false (hs_quiz_parse_number ("-5", &v));
    g_assert_true (hs_quiz_parse_time ("1.5", &t));
    g_assert_cmpint (t, ==, 1500);
    g_assert_false (hs_quiz_parse_time ("soon", &t));
  }
}

static const char own_questions[] =
  "[Lesson]\n"
  "Title=Own questions\n"
  "[Client]\n"
  "Script=connect; send 100; close\n"
  "[Server]\n"
  "Script=listen; wait-for eof; close\n"
  "[Questions]\n"
  "Fields=seq, ack, len\n"
  "Question2=step 5\n"
  "Text2=The client connects. What does it send?\n"
  "Text2[zh_CN]=客户端发起连接。它发送什么？\n"
  "Question1=step 23: ack\n"
  "Question7=step 37\n"
  "Question3=step 4\n";

static void
test_own_questions (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsScenario) scenario = hs_scenario_new_from_data ("own", "own.lesson", own_questions,
                                                              strlen (own_questions), &error);
  g_autoptr(HsTrace) trace = NULL;
  g_autoptr(HsQuiz) quiz = NULL;
  g_autofree char *prompt = NULL;

  g_test_summary ("A lesson's [Questions] sets the fields, the order and the wording of its questions");

  g_assert_no_error (error);
  g_assert_cmpuint (hs_scenario_get_quiz_fields (scenario), ==,
                    HS_QUIZ_FIELD_SEQ | HS_QUIZ_FIELD_ACK | HS_QUIZ_FIELD_LEN);
  g_assert_cmpuint (hs_scenario_get_n_questions (scenario), ==, 4);
  trace = run (scenario);
  quiz = hs_quiz_new (trace, scenario, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hs_quiz_get_n_questions (quiz), ==, 4);
  /* in the order of their numbers: Question1 first */
  g_assert_cmpuint (hs_quiz_get_question (quiz, 0)->step, ==, 22);
  g_assert_cmpuint (hs_quiz_get_question (quiz, 0)->fields, ==, HS_QUIZ_FIELD_ACK);
  g_assert_cmpuint (hs_quiz_get_question (quiz, 1)->step, ==, 4);
  g_assert_cmpuint (hs_quiz_get_question (quiz, 1)->fields, ==, HS_QUIZ_FIELD_SEQ | HS_QUIZ_FIELD_ACK | HS_QUIZ_FIELD_LEN);
  prompt = hs_quiz_format_prompt (quiz, 1, TRUE);
  g_assert_cmpstr (prompt, ==, "The client connects. What does it send?");
  assert_one_answer (quiz, 0, FALSE);
  assert_one_answer (quiz, 1, TRUE);

  /* a change of state and a timer */
  {
    HsQuizAnswer a;

    g_assert_cmpint (hs_quiz_get_question (quiz, 2)->kind, ==, HS_QUIZ_STATE);
    hs_quiz_get_solution (quiz, 2, FALSE, &a);
    g_assert_cmpint (a.state, ==, HS_STATE_SYN_SENT);
    g_assert_cmpint (hs_quiz_get_question (quiz, 3)->kind, ==, HS_QUIZ_TIMER);
    hs_quiz_get_solution (quiz, 3, FALSE, &a);
    g_assert_cmpint (a.time, ==, hs_trace_get_step (trace, 36)->time);
    assert_one_answer (quiz, 2, FALSE);
    assert_one_answer (quiz, 3, FALSE);
  }
}

typedef struct
{
  const char *questions;
  gboolean    at_load;     /* refused when the lesson is read, or only against the trace */
  guint       line;
  const char *says;
} BadQuestions;

static const BadQuestions bad_questions[] = {
  { "Question1=step 99\n", FALSE, 8, "asks about step 99, but this lesson has" },
  { "Question1=step 1\n", FALSE, 8, "step 1 is neither a segment sent" },
  { "Question1=step 5: state\n", FALSE, 8, "step 5 sends a segment" },
  { "Question1=step 2: time\n", FALSE, 8, "step 2 is a change of state" },
  { "Question1=step 5\nQuestion2=step 5\n", FALSE, 9, "step 5 is asked about twice" },
  { "Question1=segment 2\n", TRUE, 8, "such as “step 4”" },
  { "Question1=step 2: seq, colour\n", TRUE, 8, "not “colour”" },
  { "Fields=seq,\nText3=Hello\n", TRUE, 9, "there is no Question3" },
  { "Questionnaire=step 2\n", TRUE, 8, "unknown key “Questionnaire” in [Questions]" },
};

static void
test_bad_questions (void)
{
  g_test_summary ("A wrong [Questions] group is refused with the lesson's file and line, when the "
                  "lesson is read or, for steps, when its trace is there");

  for (guint i = 0; i < G_N_ELEMENTS (bad_questions); i++)
    {
      const BadQuestions *bad = &bad_questions[i];
      g_autofree char *text = g_strdup_printf ("[Lesson]\nTitle=Bad\n[Client]\nScript=connect; close\n"
                                               "[Server]\nScript=listen; wait-for eof; close\n"
                                               "[Questions]\n%s", bad->questions);
      g_autofree char *prefix = g_strdup_printf ("bad.lesson:%u: ", bad->line);
      g_autoptr(GError) error = NULL;
      g_autoptr(HsScenario) scenario = hs_scenario_new_from_data ("bad", "bad.lesson", text, strlen (text), &error);

      if (bad->at_load)
        g_assert_null (scenario);
      else
        {
          g_autoptr(HsTrace) trace = NULL;
          g_autoptr(HsQuiz) quiz = NULL;

          g_assert_no_error (error);
          trace = run (scenario);
          quiz = hs_quiz_new (trace, scenario, &error);
          g_assert_null (quiz);
        }
      g_assert_nonnull (error);
      if (!g_str_has_prefix (error->message, prefix) || strstr (error->message, bad->says) == NULL)
        g_test_fail_printf ("case %u: “%s” should start with “%s” and say “%s”", i, error->message, prefix, bad->says);
    }
}

static void
test_random_variants (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_test_summary ("Random=true gives each attempt its own ISNs, MSS and payload sizes, and the "
                  "lesson still runs to its end with one answer per question");

  for (guint64 seed = 1; seed <= 6; seed++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HsScenario) scenario = hs_scenario_load ("full-connection", &error);
      g_autoptr(HsTrace) trace = NULL;
      g_autoptr(HsQuiz) quiz = NULL;
      g_autoptr(HsTrace) again = NULL;
      guint64 data = 0;

      g_assert_no_error (error);
      g_assert_true (hs_quiz_randomize_scenario (scenario, seed, &error));
      g_assert_no_error (error);
      trace = run (scenario);
      /* the same seed gives the same variant */
      again = run (scenario);
      g_assert_cmpuint (hs_trace_get_n_segments (trace), ==, hs_trace_get_n_segments (again));
      g_assert_cmpuint (hs_trace_get_segment (trace, 0)->header.seq, ==, hs_trace_get_segment (again, 0)->header.seq);

      for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
        data += hs_trace_get_segment (trace, i)->len;
      /* both applications closed: the last state of each is past ESTABLISHED */
      for (guint e = 0; e < 2; e++)
        {
          HsState last = hs_trace_get_state_at (trace, hs_trace_get_n_steps (trace) - 1, e);

          g_assert_true (last == HS_STATE_CLOSED || last == HS_STATE_TIME_WAIT);
        }
      g_hash_table_add (seen, g_strdup_printf ("%u/%" G_GUINT64_FORMAT,
                                               hs_trace_get_segment (trace, 0)->header.seq, data));
      quiz = hs_quiz_new (trace, scenario, &error);
      g_assert_no_error (error);
      for (guint i = 0; i < hs_quiz_get_n_questions (quiz); i++)
        assert_one_answer (quiz, i, TRUE);
    }
  g_assert_cmpuint (g_hash_table_size (seen), >=, 5);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/engine/quiz/builtin", test_builtin);
  g_test_add_func ("/engine/quiz/builtin-own", test_builtin_own);
  g_test_add_func ("/engine/quiz/check", test_check);
  g_test_add_func ("/engine/quiz/own-questions", test_own_questions);
  g_test_add_func ("/engine/quiz/bad-questions", test_bad_questions);
  g_test_add_func ("/engine/quiz/random-variants", test_random_variants);

  return g_test_run ();
}
