/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-scenario.c: reading lessons: broken ones refused with their file and
 * line, --set overrides, drop specifications, durations and translations. */

#define G_LOG_DOMAIN "test-scenario"

#include "config.h"

#include <errno.h>
#include <locale.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "hs-error.h"
#include "hs-scenario.h"
#include "hs-simulator.h"
#include "hs-trace-writer.h"
#include "hs-trace.h"

/* ------------------------------------------------------------ bad lessons -- */

typedef struct
{
  const char *file;
  gint        code;       /* HsErrorCode */
  guint       line;       /* 0: the message names the file only */
  const char *says;       /* what the sentence must contain */
} BadLesson;

static const BadLesson bad_lessons[] = {
  { "unknown-key.lesson",         HS_ERROR_INVALID, 7,  "unknown key “Colour” in [Client]" },
  { "unknown-group.lesson",       HS_ERROR_INVALID, 5,  "unknown group [Clinet]" },
  { "not-key-value.lesson",       HS_ERROR_PARSE,   5,  "neither a “[Group]”, a “Key=value” nor a “# comment”" },
  { "key-before-group.lesson",    HS_ERROR_PARSE,   2,  "a key must come after a group" },
  { "duplicate-key.lesson",       HS_ERROR_INVALID, 7,  "“Port” appears twice in [Client] (first on line 6)" },
  { "bad-delay.lesson",           HS_ERROR_INVALID, 11, "Delay must be a time with a unit" },
  { "loss-out-of-range.lesson",   HS_ERROR_INVALID, 12, "Loss must be a probability from 0 to 1" },
  { "bad-time-mode.lesson",       HS_ERROR_INVALID, 3,  "TimeMode must be proportional (time to scale) or events (one row per event), not “scale”" },
  { "bad-show.lesson",            HS_ERROR_INVALID, 3,  "Show is a list of sack, window and options, separated by commas; “windows” is none of them" },
  { "bad-port.lesson",            HS_ERROR_INVALID, 8,  "Port must be a whole number from 1 to 65535, not “70000”" },
  { "bad-isn.lesson",             HS_ERROR_INVALID, 5,  "ISN must be “random” or a whole number" },
  { "unknown-action.lesson",      HS_ERROR_INVALID, 5,  "unknown action “sned”" },
  { "send-before-connect.lesson", HS_ERROR_INVALID, 5,  "before “connect” or “listen”" },
  { "send-after-listen.lesson",   HS_ERROR_INVALID, 8,  "after “listen”, wait for the connection first" },
  { "no-connect.lesson",          HS_ERROR_INVALID, 6,  "no endpoint ever connects" },
  { "missing-title.lesson",       HS_ERROR_INVALID, 0,  "[Lesson] needs a Title" },
  { "bad-drop.lesson",            HS_ERROR_INVALID, 11, "“zero” is not a TCP flag" },
  { "translated-mss.lesson",      HS_ERROR_INVALID, 7,  "“MSS” cannot be translated" },
  { "not-utf8.lesson",            HS_ERROR_PARSE,   3,  "not UTF-8" },
  { "bad-question.lesson",        HS_ERROR_INVALID, 13, "such as “step 4” or “step 4: seq, ack”, not “segment 7”" },
  { "bad-quiz-fields.lesson",     HS_ERROR_INVALID, 11, "sender, flags, seq, ack, len, window, state or time, not “colour”" },
  { "bad-keep-idle.lesson",       HS_ERROR_INVALID, 6,  "KeepIdle must be from 1 s to 32767 s, as Linux accepts it, not “0s”" },
  { "bad-keep-interval.lesson",   HS_ERROR_INVALID, 5,  "KeepInterval must be a time with a unit" },
  { "bad-keep-count.lesson",      HS_ERROR_INVALID, 6,  "KeepCount must be a whole number from 1 to 127, not “0”" },
  { "bad-user-timeout.lesson",    HS_ERROR_INVALID, 5,  "UserTimeout must be at most 24 h, not “1500min”" },
  { "bad-linger.lesson",          HS_ERROR_INVALID, 5,  "Linger must be at most 1 h, not “61min”" },
};

static void
test_bad_lesson (gconstpointer data)
{
  const BadLesson *bad = data;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "lessons-bad", bad->file, NULL);
  g_autofree char *prefix = NULL;
  g_autoptr(HsScenario) scenario = NULL;
  g_autoptr(GError) error = NULL;

  g_test_summary ("A broken lesson is refused with an error that starts with its path and line "
                  "and says in a sentence what is wrong");

  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  scenario = hs_scenario_new_from_file (path, &error);
  g_assert_null (scenario);
  g_assert_error (error, HS_ERROR, bad->code);
  if (error == NULL)
    return;

  if (bad->line > 0)
    prefix = g_strdup_printf ("%s:%u: ", path, bad->line);
  else
    prefix = g_strdup_printf ("%s: ", path);
  if (!g_str_has_prefix (error->message, prefix))
    g_test_fail_printf ("“%s” does not start with “%s”", error->message, prefix);
  if (strstr (error->message, bad->says) == NULL)
    g_test_fail_printf ("“%s” does not say “%s”", error->message, bad->says);
  /* one sentence, one line */
  g_assert_null (strchr (error->message, '\n'));
}

static void
test_bad_lesson_all_tested (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "data", "lessons-bad", NULL);
  g_autoptr(GDir) d = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;
  guint n = 0;

  g_test_summary ("Every file in tests/data/lessons-bad has its case, and there are a dozen and more");

  d = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      gboolean known = FALSE;

      if (!g_str_has_suffix (name, ".lesson"))
        continue;
      for (guint i = 0; i < G_N_ELEMENTS (bad_lessons); i++)
        known |= g_str_equal (bad_lessons[i].file, name);
      if (!known)
        g_test_fail_printf ("%s has no test case", name);
      n++;
    }
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (bad_lessons));
  g_assert_cmpuint (n, >=, 12);
}

static void
test_view_keys (void)
{
  const char *data = "[Lesson]\nTitle=View\nTimeMode=events\nShow=sack, window\n"
                     "[Client]\nScript=connect\n[Server]\nScript=listen\n";
  const char *plain = "[Lesson]\nTitle=Plain\n[Client]\nScript=connect\n[Server]\nScript=listen\n";
  g_autoptr(HsScenario) scenario = NULL;
  g_autoptr(HsScenario) other = NULL;
  g_autoptr(GError) error = NULL;

  g_test_summary ("[Lesson] TimeMode= and Show= say how the lesson is best shown; without them the user chooses");

  scenario = hs_scenario_new_from_data ("view", "view.lesson", data, strlen (data), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hs_scenario_get_time_mode (scenario), ==, "events");
  g_assert_cmpuint (hs_scenario_get_show (scenario), ==, HS_LESSON_SHOW_SACK | HS_LESSON_SHOW_WINDOW);

  other = hs_scenario_new_from_data ("plain", "plain.lesson", plain, strlen (plain), &error);
  g_assert_no_error (error);
  g_assert_null (hs_scenario_get_time_mode (other));
  g_assert_cmpuint (hs_scenario_get_show (other), ==, 0);
}

static void
test_missing_file (void)
{
  g_autoptr(HsScenario) scenario = NULL;
  g_autoptr(GError) error = NULL;

  g_test_summary ("A lesson file that does not exist: HS_ERROR_IO naming the path");

  scenario = hs_scenario_new_from_file ("/nonexistent/nowhere.lesson", &error);
  g_assert_null (scenario);
  g_assert_error (error, HS_ERROR, HS_ERROR_IO);
  g_assert_true (error != NULL && strstr (error->message, "/nonexistent/nowhere.lesson") != NULL);
}

/* ------------------------------------------------------ reading files -- */

static char *
make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("test-scenario-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

/* Removes @dir and what the cases put in it (no sub-folders but "folder"). */
static void
remove_temp_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_rmdir (path) != 0)
        g_unlink (path);
    }
  g_rmdir (dir);
}

static const char small_lesson[] =
  "[Lesson]\n"
  "Title=Small\n"
  "[Client]\n"
  "Script=connect; close\n"
  "[Server]\n"
  "Script=listen; wait-for eof; close\n";

/* Loading @path by hs_scenario_new_from_file() and hs_scenario_load()
 * fails at once with HS_ERROR_IO, naming the path and saying @what. */
static void
expect_not_a_file (const char *path,
                   const char *what)
{
  g_autofree char *expected = g_strdup_printf ("Could not read the lesson “%s”: it is %s, not a file", path, what);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HsScenario) scenario = i == 0 ? hs_scenario_new_from_file (path, &error)
                                              : hs_scenario_load (path, &error);

      g_assert_null (scenario);
      g_assert_error (error, HS_ERROR, HS_ERROR_IO);
      if (error != NULL)
        g_assert_cmpstr (error->message, ==, expected);
    }
}

static void
test_file_not_regular (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *fifo = g_build_filename (dir, "fifo.lesson", NULL);
  g_autofree char *folder = g_build_filename (dir, "folder.lesson", NULL);
  g_autofree char *socket_path = g_build_filename (dir, "socket.lesson", NULL);
  g_autofree char *device = g_build_filename (dir, "zero.lesson", NULL);
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  int sock;

  g_test_summary ("A FIFO, a folder, a socket and a device given as a lesson are refused at "
                  "once (never read, never waited on) with a sentence that names the file and "
                  "says what it is");

  /* No writer ever opens the FIFO: a reader that waited would hang here. */
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  expect_not_a_file (fifo, "a pipe (FIFO)");

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  expect_not_a_file (folder, "a folder");

  sock = socket (AF_UNIX, SOCK_STREAM, 0);
  g_assert_cmpint (sock, >=, 0);
  g_assert_cmpuint (strlen (socket_path), <, sizeof addr.sun_path);
  strcpy (addr.sun_path, socket_path);
  g_assert_cmpint (bind (sock, (struct sockaddr *) &addr, sizeof addr), ==, 0);
  expect_not_a_file (socket_path, "a socket");
  close (sock);

  /* What /dev/zero is (1, 5), made here: an endless file. Only root may. */
  if (mknod (device, S_IFCHR | 0600, makedev (1, 5)) == 0)
    expect_not_a_file (device, "a device");
  else if (errno == EPERM)
    g_test_skip ("mknod() is not permitted here: the device case is not run");
  else
    g_test_fail_printf ("mknod: %s", g_strerror (errno));

  remove_temp_dir (dir);
}

static void
test_file_symlink (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *target = g_build_filename (dir, "target.lesson", NULL);
  g_autofree char *link = g_build_filename (dir, "link.lesson", NULL);
  g_autoptr(HsScenario) scenario = NULL;
  g_autoptr(GError) error = NULL;

  g_test_summary ("A symbolic link to a lesson file reads the file");

  g_assert_true (g_file_set_contents (target, small_lesson, -1, NULL));
  g_assert_cmpint (symlink (target, link), ==, 0);
  scenario = hs_scenario_load (link, &error);
  g_assert_no_error (error);
  g_assert_nonnull (scenario);
  if (scenario != NULL)
    g_assert_cmpstr (hs_scenario_get_title (scenario), ==, "Small");

  remove_temp_dir (dir);
}

static void
test_file_too_large (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "big.lesson", NULL);
  g_autofree char *expected = NULL;
  g_autoptr(GString) text = g_string_new (small_lesson);
  g_autoptr(GError) error = NULL;
  g_autoptr(HsScenario) scenario = NULL;

  g_test_summary ("A lesson file of exactly 1 MiB reads; one byte more is refused with "
                  "HS_ERROR_TOO_LARGE, naming the file, its size and the limit");

  g_assert_cmpint (HS_LESSON_MAX_SIZE, ==, 1024 * 1024);

  /* Comment lines up to the limit, the last one cut to fit. */
  while (text->len < HS_LESSON_MAX_SIZE)
    g_string_append (text, "# a comment line that makes the lesson longer and longer\n");
  g_string_truncate (text, HS_LESSON_MAX_SIZE - 1);
  g_string_append_c (text, '\n');
  g_assert_true (g_file_set_contents (path, text->str, (gssize) text->len, NULL));
  scenario = hs_scenario_load (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (scenario);
  g_clear_object (&scenario);

  g_string_append_c (text, '\n');
  g_assert_true (g_file_set_contents (path, text->str, (gssize) text->len, NULL));
  scenario = hs_scenario_load (path, &error);
  g_assert_null (scenario);
  g_assert_error (error, HS_ERROR, HS_ERROR_TOO_LARGE);
  expected = g_strdup_printf ("Could not read the lesson “%s”: it is 1048577 bytes long, "
                              "and a lesson may have at most 1048576 bytes", path);
  if (error != NULL)
    g_assert_cmpstr (error->message, ==, expected);

  remove_temp_dir (dir);
}

static void
test_byte_order_mark (void)
{
  g_autofree char *with_bom = g_strconcat ("\xef\xbb\xbf", small_lesson, NULL);
  g_autofree char *broken = g_strconcat ("\xef\xbb\xbf", "[Lesson]\nTitle=Broken\nnot a key file line\n", NULL);
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "bom.lesson", NULL);
  g_autoptr(HsScenario) scenario = NULL;
  g_autoptr(HsScenario) from_file = NULL;
  g_autoptr(GError) error = NULL;

  g_test_summary ("A lesson that starts with a UTF-8 byte order mark reads as without it, "
                  "and its errors keep their line numbers");

  scenario = hs_scenario_new_from_data ("bom", "bom.lesson", with_bom, strlen (with_bom), &error);
  g_assert_no_error (error);
  g_assert_nonnull (scenario);
  if (scenario != NULL)
    g_assert_cmpstr (hs_scenario_get_title (scenario), ==, "Small");

  g_assert_true (g_file_set_contents (path, with_bom, -1, NULL));
  from_file = hs_scenario_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (from_file);

  g_clear_object (&scenario);
  scenario = hs_scenario_new_from_data ("bom", "bom.lesson", broken, strlen (broken), &error);
  g_assert_null (scenario);
  g_assert_error (error, HS_ERROR, HS_ERROR_PARSE);
  if (error != NULL)
    g_assert_cmpstr (error->message, ==,
                     "bom.lesson:3: this line is neither a “[Group]”, a “Key=value” nor a “# comment”");

  remove_temp_dir (dir);
}

/* ReceiveBuffer on line 4, SendBuffer on line 5. */
static const char sized_lesson[] =
  "[Lesson]\n"
  "Title=Sizes\n"
  "[Client]\n"
  "ReceiveBuffer=%s\n"
  "SendBuffer=%s\n"
  "Script=connect; close\n"
  "[Server]\n"
  "Script=listen; wait-for eof; close\n";

static void
test_size_units (void)
{
  static const struct
  {
    const char *value;
    guint32     bytes;
  } sizes[] = {
    { "1GiB", 1024 * 1024 * 1024 },
    { "1 GiB", 1024 * 1024 * 1024 },
    { "1G", 1000 * 1000 * 1000 },
    { "1GB", 1000 * 1000 * 1000 },
    { "512MiB", 512 * 1024 * 1024 },
    { "64KiB", 64 * 1024 },
    { "1073741824", 1024 * 1024 * 1024 },
  };
  static const char * const too_large[] = { "2GiB", "1073741825", "1025MiB", "4GiB", "5G" };

  g_test_summary ("ReceiveBuffer and SendBuffer take what their message promises: sizes in "
                  "KiB, MiB and GiB (and k, M, G) up to 1 GiB; beyond it, the message says so");

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *data = g_strdup_printf (sized_lesson, sizes[i].value, sizes[i].value);
      g_autoptr(GError) error = NULL;
      g_autoptr(HsScenario) scenario = hs_scenario_new_from_data ("sizes", "sizes.lesson", data,
                                                                  strlen (data), &error);

      g_assert_no_error (error);
      if (scenario == NULL)
        continue;
      g_assert_cmpuint (hs_scenario_get_endpoint (scenario, 0)->receive_buffer, ==, sizes[i].bytes);
      g_assert_cmpuint (hs_scenario_get_endpoint (scenario, 0)->send_buffer, ==, sizes[i].bytes);
    }

  for (guint i = 0; i < G_N_ELEMENTS (too_large); i++)
    {
      g_autofree char *data = g_strdup_printf (sized_lesson, too_large[i], "1");
      g_autofree char *expected = g_strdup_printf ("sizes.lesson:4: ReceiveBuffer must be a size from 1 byte "
                                                   "to 1 GiB, such as 65536 or 64KiB, not “%s”", too_large[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(HsScenario) scenario = hs_scenario_new_from_data ("sizes", "sizes.lesson", data,
                                                                  strlen (data), &error);

      g_assert_null (scenario);
      g_assert_error (error, HS_ERROR, HS_ERROR_INVALID);
      if (error != NULL)
        g_assert_cmpstr (error->message, ==, expected);
    }
}

/* -------------------------------------------------------------- --set -- */

static const char good_lesson[] =
  "[Lesson]\n"
  "Title=Good\n"
  "Seed=5\n"
  "\n"
  "[Client]\n"
  "Name=alice\n"
  "Script=connect; send 3000; wait-for 100 bytes; close\n"
  "\n"
  "[Server]\n"
  "Name=bob\n"
  "Script=listen; wait-for 3000 bytes; send 100; wait-for eof; close\n"
  "\n"
  "[Network]\n"
  "Delay=20ms\n"
  "Loss=10%\n";

/* the same without a [Network] group */
static const char bare_lesson[] =
  "[Lesson]\n"
  "Title=Bare\n"
  "[Client]\n"
  "Script=connect; close\n"
  "[Server]\n"
  "Script=listen; wait-for eof; close\n";

static HsScenario *
load (const char *data)
{
  g_autoptr(GError) error = NULL;
  HsScenario *scenario = hs_scenario_new_from_data ("good", "good.lesson", data, strlen (data), &error);

  g_assert_no_error (error);
  g_assert_nonnull (scenario);
  if (scenario == NULL)
    g_error ("a lesson every other case builds on does not load");
  return scenario;
}

static GBytes *
trace_csv (HsScenario *scenario)
{
  g_autoptr(HsTrace) trace = NULL;
  g_autoptr(GError) error = NULL;
  GBytes *csv;

  trace = hs_simulator_run (scenario, &error);
  g_assert_no_error (error);
  csv = hs_trace_write (trace, HS_TRACE_FORMAT_CSV, &error);
  g_assert_no_error (error);
  return csv;
}

static void
test_set_good (void)
{
  g_autoptr(HsScenario) scenario = load (good_lesson);
  g_autoptr(GError) error = NULL;

  g_test_summary ("--set changes a parameter by its group (or endpoint name) and key, in any case");

  g_assert_cmpfloat_with_epsilon (hs_scenario_get_path (scenario, 0)->loss, 0.1, 1e-9);
  g_assert_true (hs_scenario_set (scenario, "network.loss=0.25", &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (hs_scenario_get_path (scenario, 0)->loss, 0.25, 1e-9);
  g_assert_cmpfloat_with_epsilon (hs_scenario_get_path (scenario, 1)->loss, 0.25, 1e-9);

  g_assert_true (hs_scenario_set (scenario, "client.isn=1000", &error));
  g_assert_no_error (error);
  g_assert_false (hs_scenario_get_endpoint (scenario, 0)->isn_random);
  g_assert_cmpuint (hs_scenario_get_endpoint (scenario, 0)->isn, ==, 1000);

  g_assert_true (hs_scenario_set (scenario, "BOB.Port=6000", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (hs_scenario_get_endpoint (scenario, 1)->port, ==, 6000);

  g_assert_true (hs_scenario_set (scenario, "Network.Delay=1.5s", &error));
  g_assert_no_error (error);
  g_assert_cmpint (hs_scenario_get_path (scenario, 0)->delay, ==, 1500 * HS_USEC_PER_MSEC);

  hs_scenario_set_seed (scenario, 99);
  g_assert_cmpuint (hs_scenario_get_seed (scenario), ==, 99);
}

typedef struct
{
  const char *assignment;
  gint        code;
  const char *says;
} BadSet;

static const BadSet bad_sets[] = {
  { "network.loss",          HS_ERROR_PARSE,   "write KEY=VALUE" },
  { "client.colour=blue",    HS_ERROR_INVALID, "unknown key “client.colour”" },
  { "carol.port=80",         HS_ERROR_INVALID, "unknown key “carol.port”" },
  { "loss=0.5",              HS_ERROR_INVALID, "unknown key “loss”" },
  { "lesson.title=Other",    HS_ERROR_INVALID, "cannot be changed" },
  { "network.loss=2",        HS_ERROR_INVALID, "Loss must be a probability" },
  { "network.delay=fast",    HS_ERROR_INVALID, "Delay must be a time" },
  { "server.port=0",         HS_ERROR_INVALID, "Port must be a whole number from 1 to 65535" },
  { "client.script=sned 1",  HS_ERROR_INVALID, "unknown action “sned”" },
  { "client.script=listen",  HS_ERROR_INVALID, "no endpoint ever connects" },
  { "network.drop=client:0", HS_ERROR_INVALID, "segments count from 1" },
  { "lesson.profile=bsd",    HS_ERROR_INVALID, "Profile must be “linux” or “rfc”" },
  { "client.congestion=bbr", HS_ERROR_INVALID, "Congestion must be “reno” or “cubic”, not “bbr”" },
  { "server.congestion=default", HS_ERROR_INVALID, "Congestion must be “reno” or “cubic”" },
};

/* The Congestion key chooses each endpoint's algorithm whatever the
 * profile, and what it chooses is what the endpoint does after a loss. */
static void
test_congestion_key (void)
{
  static const char *lesson =
    "[Lesson]\nTitle=Loss\n"
    "[Client]\nScript=connect; send 28960; wait-for eof; close\n"
    "[Server]\nScript=listen; wait-for 28960 bytes; close\n"
    "[Network]\nDrop=client:DATA#19x3\n";
  const struct { const char *profile, *congestion; gboolean cubic; } runs[] = {
    { "linux", NULL, TRUE }, { "linux", "reno", FALSE },
    { "rfc", NULL, FALSE }, { "rfc", "cubic", TRUE },
  };

  g_test_summary ("client.congestion=reno|cubic chooses the algorithm under either profile: after the "
                  "timeout ssthresh is 0.7 × cwnd with CUBIC, half the data in flight with Reno");

  for (guint r = 0; r < G_N_ELEMENTS (runs); r++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HsScenario) scenario = hs_scenario_new_from_data ("loss", "loss.lesson", lesson, strlen (lesson), &error);
      g_autofree char *profile = g_strdup_printf ("lesson.profile=%s", runs[r].profile);
      g_autoptr(HsTrace) trace = NULL;
      gboolean checked = FALSE;

      g_assert_no_error (error);
      g_assert_true (hs_scenario_set (scenario, profile, &error));
      if (runs[r].congestion != NULL)
        {
          g_autofree char *set = g_strdup_printf ("client.congestion=%s", runs[r].congestion);

          g_assert_true (hs_scenario_set (scenario, set, &error));
          g_assert_cmpint (hs_scenario_get_endpoint (scenario, 0)->congestion, ==,
                           runs[r].cubic ? HS_CONGESTION_CUBIC : HS_CONGESTION_RENO);
          g_assert_cmpint (hs_scenario_get_endpoint (scenario, 1)->congestion, ==, HS_CONGESTION_DEFAULT);
        }
      trace = hs_simulator_run (scenario, &error);
      g_assert_no_error (error);
      for (guint i = 1; i + 1 < hs_trace_get_n_steps (trace) && !checked; i++)
        {
          const HsTraceStep *step = hs_trace_get_step (trace, i);
          const HsTcbSnapshot *before, *after;
          guint32 smss;

          if (step->kind != HS_STEP_TIMER || step->endpoint != 0 || step->detail != HS_TIMER_RETRANSMISSION)
            continue;
          before = hs_trace_get_tcb_at (trace, i - 1, 0);
          after = hs_trace_get_tcb_at (trace, i + 1, 0);
          smss = after->cwnd;   /* the loss window: one segment */
          if (runs[r].cubic)
            g_assert_cmpuint (after->ssthresh, ==, MAX (before->cwnd / smss * 717 / 1024, 2) * smss);
          else
            g_assert_cmpuint (after->ssthresh, ==, MAX ((before->snd_nxt - before->snd_una) / 2, 2 * smss));
          checked = TRUE;
        }
      g_assert_true (checked);
    }
}

static void
test_set_errors (void)
{
  g_autoptr(HsScenario) scenario = load (good_lesson);
  g_autoptr(GBytes) before = trace_csv (scenario);
  g_autofree char *data_before = hs_scenario_to_data (scenario, NULL);

  g_test_summary ("A --set that names no key or gives a bad value fails with the assignment in "
                  "the message and leaves the lesson as it was: the same data, the same trace");

  for (guint i = 0; i < G_N_ELEMENTS (bad_sets); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) after = NULL;
      g_autofree char *data_after = NULL;
      g_autofree char *prefix = g_strdup_printf ("--set %s", bad_sets[i].assignment);

      g_assert_false (hs_scenario_set (scenario, bad_sets[i].assignment, &error));
      g_assert_error (error, HS_ERROR, bad_sets[i].code);
      if (error != NULL &&
          (!g_str_has_prefix (error->message, prefix) || strstr (error->message, bad_sets[i].says) == NULL))
        g_test_fail_printf ("--set %s: “%s” does not start with “%s” or does not say “%s”",
                            bad_sets[i].assignment, error->message, prefix, bad_sets[i].says);

      data_after = hs_scenario_to_data (scenario, NULL);
      g_assert_cmpstr (data_after, ==, data_before);
      g_assert_cmpfloat_with_epsilon (hs_scenario_get_path (scenario, 0)->loss, 0.1, 1e-9);
      g_assert_cmpuint (hs_scenario_get_endpoint (scenario, 1)->port, ==, 5000);
      after = trace_csv (scenario);
      g_assert_true (g_bytes_equal (before, after));
    }
}

static void
test_set_error_new_group (void)
{
  g_autoptr(HsScenario) scenario = load (bare_lesson);
  g_autofree char *data_before = hs_scenario_to_data (scenario, NULL);
  g_autofree char *data_after = NULL;
  g_autoptr(GError) error = NULL;

  g_test_summary ("A failed --set for a group the lesson does not have leaves no trace of it either");

  g_assert_false (hs_scenario_set (scenario, "network.delay=fast", &error));
  g_assert_error (error, HS_ERROR, HS_ERROR_INVALID);
  data_after = hs_scenario_to_data (scenario, NULL);
  g_assert_cmpstr (data_after, ==, data_before);
}

static void
test_set_error_keeps_origin (void)
{
  g_autoptr(HsScenario) scenario = load (good_lesson);
  g_autoptr(GError) error = NULL;

  g_test_summary ("After a failed --set, an override of the same key that works is reported as such, "
                  "and a later bad one names its own assignment");

  g_assert_false (hs_scenario_set (scenario, "network.loss=2", &error));
  g_clear_error (&error);
  g_assert_true (hs_scenario_set (scenario, "network.loss=0.3", &error));
  g_assert_no_error (error);
  g_assert_false (hs_scenario_set (scenario, "network.loss=-1", &error));
  g_assert_error (error, HS_ERROR, HS_ERROR_INVALID);
  g_assert_true (error != NULL && g_str_has_prefix (error->message, "--set network.loss=-1: "));
  g_assert_cmpfloat_with_epsilon (hs_scenario_get_path (scenario, 0)->loss, 0.3, 1e-9);
}

/* -------------------------------------------------------------- drops -- */

static void
test_drop_parse (void)
{
  g_autoptr(GError) error = NULL;
  HsDropSpec spec;

  g_test_summary ("Drop specifications: ENDPOINT:N, ENDPOINT:FLAGS, xCOUNT, #FIRST, DATA, by role or by name");

  g_assert_true (hs_drop_spec_parse ("client:3", "client", "server", &spec, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (spec.endpoint, ==, 0);
  g_assert_cmpuint (spec.nth, ==, 3);

  g_assert_true (hs_drop_spec_parse ("server:SYN+ACKx2", "client", "server", &spec, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (spec.endpoint, ==, 1);
  g_assert_cmpuint (spec.nth, ==, 0);
  g_assert_cmphex (spec.flags, ==, HS_TCP_SYN | HS_TCP_ACK);
  g_assert_cmpuint (spec.first, ==, 1);
  g_assert_cmpuint (spec.count, ==, 2);
  g_assert_false (spec.data);

  g_assert_true (hs_drop_spec_parse ("client:FIN#2", "client", "server", &spec, &error));
  g_assert_no_error (error);
  g_assert_cmphex (spec.flags, ==, HS_TCP_FIN);
  g_assert_cmpuint (spec.first, ==, 2);
  g_assert_cmpuint (spec.count, ==, 1);

  g_assert_true (hs_drop_spec_parse ("client:DATA#3x4", "client", "server", &spec, &error));
  g_assert_no_error (error);
  g_assert_true (spec.data);
  g_assert_cmphex (spec.flags, ==, 0);
  g_assert_cmpuint (spec.first, ==, 3);
  g_assert_cmpuint (spec.count, ==, 4);

  /* by the lesson's names, in any case, with spaces */
  g_assert_true (hs_drop_spec_parse (" Bob : syn,ack ", "alice", "bob", &spec, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (spec.endpoint, ==, 1);
  g_assert_cmphex (spec.flags, ==, HS_TCP_SYN | HS_TCP_ACK);
}

static void
test_drop_parse_errors (void)
{
  const char * const bad[] = {
    "client",          /* no colon */
    "carol:3",         /* no such endpoint */
    "client:0",        /* segments count from 1 */
    "client:zero",     /* not a flag */
    "client:SYNx0",    /* count from 1 */
    "client:FIN#0",    /* first from 1 */
    "client:",         /* names nothing */
  };

  g_test_summary ("Drop specifications that cannot be read fail with HS_ERROR_PARSE quoting them");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      HsDropSpec spec;

      if (hs_drop_spec_parse (bad[i], "client", "server", &spec, &error))
        {
          g_test_fail_printf ("“%s” was accepted", bad[i]);
          continue;
        }
      g_assert_error (error, HS_ERROR, HS_ERROR_PARSE);
      g_assert_true (error != NULL && error->message[0] != '\0');
    }
}

static HsDropSpec
parse_drop (const char *str)
{
  g_autoptr(GError) error = NULL;
  HsDropSpec spec;

  g_assert_true (hs_drop_spec_parse (str, "client", "server", &spec, &error));
  g_assert_no_error (error);
  return spec;
}

static void
test_drop_matches (void)
{
  HsDropSpec third = parse_drop ("client:3");
  HsDropSpec syn = parse_drop ("client:SYN");
  HsDropSpec synack = parse_drop ("server:SYN+ACKx2");
  HsDropSpec fin = parse_drop ("client:FIN#2");
  HsDropSpec data = parse_drop ("client:DATA");
  HsDropSpec ack = parse_drop ("client:ACK");
  HsDropSpec rst = parse_drop ("client:RST");

  g_test_summary ("Drop matching: N counts segments; SYN is not SYN+ACK; ACK means pure ACKs only; "
                  "DATA means segments with a payload");

  g_assert_true (hs_drop_spec_matches (&third, 3, HS_TCP_ACK, 0));
  g_assert_false (hs_drop_spec_matches (&third, 2, HS_TCP_ACK, 0));
  g_assert_false (hs_drop_spec_matches (&third, 4, HS_TCP_SYN, 0));

  g_assert_true (hs_drop_spec_matches (&syn, 1, HS_TCP_SYN, 0));
  g_assert_false (hs_drop_spec_matches (&syn, 1, HS_TCP_SYN | HS_TCP_ACK, 0));
  g_assert_false (hs_drop_spec_matches (&syn, 2, HS_TCP_ACK, 0));

  g_assert_true (hs_drop_spec_matches (&synack, 1, HS_TCP_SYN | HS_TCP_ACK, 0));
  g_assert_false (hs_drop_spec_matches (&synack, 1, HS_TCP_SYN, 0));
  g_assert_false (hs_drop_spec_matches (&synack, 1, HS_TCP_ACK, 0));

  g_assert_true (hs_drop_spec_matches (&fin, 5, HS_TCP_FIN | HS_TCP_ACK, 0));
  g_assert_true (hs_drop_spec_matches (&fin, 5, HS_TCP_FIN | HS_TCP_PSH | HS_TCP_ACK, 10));
  g_assert_false (hs_drop_spec_matches (&fin, 5, HS_TCP_ACK, 0));
  g_assert_false (hs_drop_spec_matches (&fin, 5, HS_TCP_RST | HS_TCP_ACK, 0));

  g_assert_true (hs_drop_spec_matches (&data, 4, HS_TCP_PSH | HS_TCP_ACK, 100));
  g_assert_true (hs_drop_spec_matches (&data, 4, HS_TCP_ACK, 1460));
  g_assert_false (hs_drop_spec_matches (&data, 4, HS_TCP_ACK, 0));
  g_assert_false (hs_drop_spec_matches (&data, 1, HS_TCP_SYN, 0));

  g_assert_true (hs_drop_spec_matches (&ack, 3, HS_TCP_ACK, 0));
  g_assert_false (hs_drop_spec_matches (&ack, 3, HS_TCP_ACK | HS_TCP_PSH, 100));
  g_assert_false (hs_drop_spec_matches (&ack, 3, HS_TCP_ACK, 100));
  g_assert_false (hs_drop_spec_matches (&ack, 3, HS_TCP_FIN | HS_TCP_ACK, 0));
  g_assert_false (hs_drop_spec_matches (&ack, 2, HS_TCP_SYN | HS_TCP_ACK, 0));
  g_assert_false (hs_drop_spec_matches (&ack, 2, HS_TCP_RST | HS_TCP_ACK, 0));

  g_assert_true (hs_drop_spec_matches (&rst, 9, HS_TCP_RST, 0));
  g_assert_true (hs_drop_spec_matches (&rst, 9, HS_TCP_RST | HS_TCP_ACK, 0));
  g_assert_false (hs_drop_spec_matches (&rst, 9, HS_TCP_ACK, 0));
}

static void
test_drop_in_simulation (void)
{
  g_autoptr(HsScenario) scenario = load (bare_lesson);
  g_autoptr(HsTrace) trace = NULL;
  g_autoptr(GError) error = NULL;
  guint n_syn = 0;

  g_test_summary ("A lesson's “client:SYNx2” drops exactly the first two SYNs the client sends");

  g_assert_true (hs_scenario_add_drop (scenario, "client:SYNx2", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (hs_scenario_get_n_drops (scenario), ==, 1);
  trace = hs_simulator_run (scenario, &error);
  g_assert_no_error (error);
  if (trace == NULL)
    return;

  for (guint i = 0; i < hs_trace_get_n_segments (trace); i++)
    {
      const HsTraceSegment *s = hs_trace_get_segment (trace, i);

      if (s->from != 0 || s->header.flags != HS_TCP_SYN)
        continue;
      n_syn++;
      g_assert_cmpuint (s->fate, ==, n_syn <= 2 ? HS_FATE_LOST : HS_FATE_DELIVERED);
    }
  g_assert_cmpuint (n_syn, ==, 3);

  g_assert_false (hs_scenario_add_drop (scenario, "client:bogus", &error));
  g_assert_error (error, HS_ERROR, HS_ERROR_PARSE);
  g_assert_cmpuint (hs_scenario_get_n_drops (scenario), ==, 1);
}

/* ---------------------------------------------------------- durations -- */

static void
test_durations (void)
{
  const struct {
    const char *str;
    HsTime      usec;
  } good[] = {
    { "50ms", 50 * HS_USEC_PER_MSEC },
    { "1.5s", 1500 * HS_USEC_PER_MSEC },
    { "200us", 200 },
    { "2min", 120 * HS_USEC_PER_SEC },
    { "0", 0 },
    { "0s", 0 },
    { " 10 ms", 10 * HS_USEC_PER_MSEC },
  };
  const char * const bad[] = { "5", "fast", "ms", "-1ms", "", "10 sec", "1.5", "10msx" };

  g_test_summary ("Durations need a unit (us, ms, s, min), except a bare 0");

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      HsTime t = -42;

      if (!hs_parse_duration (good[i].str, &t))
        g_test_fail_printf ("“%s” was refused", good[i].str);
      g_assert_cmpint (t, ==, good[i].usec);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      HsTime t = -42;

      if (hs_parse_duration (bad[i], &t))
        g_test_fail_printf ("“%s” was accepted", bad[i]);
      g_assert_cmpint (t, ==, -42);
    }
  g_assert_false (hs_parse_duration (NULL, NULL));
}

/* ------------------------------------------------------- translations -- */

static const char translated_lesson[] =
  "[Lesson]\n"
  "Title=Three-way handshake\n"
  "Title[zh_CN]=三次握手\n"
  "Title[de]=Drei-Wege-Handschlag\n"
  "Description=How a connection opens.\n"
  "Description[zh_CN]=连接是如何建立的。\n"
  "[Client]\n"
  "Script=connect; close\n"
  "[Server]\n"
  "Script=listen; wait-for eof; close\n";

static void
test_translations (void)
{
  g_autofree char *saved = g_strdup (g_getenv ("LANGUAGE"));

  g_test_summary ("Title[zh_CN] and Description[zh_CN] are what a reader with LANGUAGE=zh_CN sees; "
                  "others see the untranslated text");

  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  {
    g_autoptr(HsScenario) scenario = load (translated_lesson);
    g_autoptr(HsScenario) builtin = NULL;
    g_autoptr(GError) error = NULL;

    g_assert_cmpstr (hs_scenario_get_title (scenario), ==, "三次握手");
    g_assert_cmpstr (hs_scenario_get_description (scenario), ==, "连接是如何建立的。");

    builtin = hs_scenario_new_builtin ("full-connection", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (hs_scenario_get_title (builtin), ==, "一条完整的连接");
  }

  g_setenv ("LANGUAGE", "fr", TRUE);
  {
    g_autoptr(HsScenario) scenario = load (translated_lesson);

    g_assert_cmpstr (hs_scenario_get_title (scenario), ==, "Three-way handshake");
  }

  g_setenv ("LANGUAGE", "de", TRUE);
  {
    g_autoptr(HsScenario) scenario = load (translated_lesson);

    g_assert_cmpstr (hs_scenario_get_title (scenario), ==, "Drei-Wege-Handschlag");
    /* no German description: the original */
    g_assert_cmpstr (hs_scenario_get_description (scenario), ==, "How a connection opens.");
  }

  if (saved != NULL)
    g_setenv ("LANGUAGE", saved, TRUE);
  else
    g_unsetenv ("LANGUAGE");
  {
    g_autoptr(HsScenario) scenario = load (translated_lesson);

    g_assert_cmpstr (hs_scenario_get_title (scenario), ==, "Three-way handshake");
  }
}

static void
test_builtin_lessons_load (void)
{
  g_auto(GStrv) ids = hs_scenario_list_builtin ();

  g_test_summary ("Every built-in lesson loads and names itself");

  g_assert_nonnull (ids);
  g_assert_cmpuint (g_strv_length (ids), >, 0);
  g_assert_true (g_strv_contains ((const char * const *) ids, HS_DEFAULT_LESSON));
  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HsScenario) scenario = hs_scenario_new_builtin (ids[i], &error);

      g_assert_no_error (error);
      g_assert_cmpstr (hs_scenario_get_id (scenario), ==, ids[i]);
      g_assert_cmpstr (hs_scenario_get_title (scenario), !=, "");
    }
}

int
main (int   argc,
      char *argv[])
{
  /* UTF-8 messages (the environment sets LC_ALL=C.UTF-8) */
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  /* A case that finds an engine bug reports it and lets the others run. */
  g_test_set_nonfatal_assertions ();

  for (guint i = 0; i < G_N_ELEMENTS (bad_lessons); i++)
    {
      g_autofree char *name = g_strndup (bad_lessons[i].file, strlen (bad_lessons[i].file) - strlen (".lesson"));
      g_autofree char *path = g_strdup_printf ("/engine/scenario/bad/%s", name);

      g_test_add_data_func (path, &bad_lessons[i], test_bad_lesson);
    }
  g_test_add_func ("/engine/scenario/bad/all-tested", test_bad_lesson_all_tested);
  g_test_add_func ("/engine/scenario/view-keys", test_view_keys);
  g_test_add_func ("/engine/scenario/missing-file", test_missing_file);
  g_test_add_func ("/engine/scenario/file/not-regular", test_file_not_regular);
  g_test_add_func ("/engine/scenario/file/symlink", test_file_symlink);
  g_test_add_func ("/engine/scenario/file/too-large", test_file_too_large);
  g_test_add_func ("/engine/scenario/byte-order-mark", test_byte_order_mark);
  g_test_add_func ("/engine/scenario/sizes", test_size_units);
  g_test_add_func ("/engine/scenario/set/good", test_set_good);
  g_test_add_func ("/engine/scenario/set/errors", test_set_errors);
  g_test_add_func ("/engine/scenario/set/congestion", test_congestion_key);
  g_test_add_func ("/engine/scenario/set/error-new-group", test_set_error_new_group);
  g_test_add_func ("/engine/scenario/set/error-keeps-origin", test_set_error_keeps_origin);
  g_test_add_func ("/engine/scenario/drop/parse", test_drop_parse);
  g_test_add_func ("/engine/scenario/drop/parse-errors", test_drop_parse_errors);
  g_test_add_func ("/engine/scenario/drop/matches", test_drop_matches);
  g_test_add_func ("/engine/scenario/drop/in-simulation", test_drop_in_simulation);
  g_test_add_func ("/engine/scenario/durations", test_durations);
  g_test_add_func ("/engine/scenario/translations", test_translations);
  g_test_add_func ("/engine/scenario/builtin", test_builtin_lessons_load);

  return g_test_run ();
}
