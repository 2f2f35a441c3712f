/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli-output.c: the command line where writing out goes wrong or
 * takes long: links, FIFOs and devices as outputs, a full standard output,
 * a signal in the middle of an export, the step limit, and the progress
 * line on a terminal. Device nodes, FIFOs and links are made in a
 * temporary directory, never pointed at the system's own. */

#define G_LOG_DOMAIN "test-cli-output"

#include "config.h"

#include <errno.h>
#include <pty.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "hs-test-files.h"

/* A lesson long enough that exporting it as JSON takes seconds, and one
 * whose CSV takes a fraction of one. */
#define LONG_LESSON "--lesson", "slow-start", "--set", "transfer.bytes=100000000"
#define MEDIUM_LESSON "--lesson", "slow-start", "--set", "transfer.bytes=20000000"

static const char *
handshake_path (void)
{
  const char *env = g_getenv ("HANDSHAKE");

  g_assert_nonnull (env);
  return env;
}

typedef struct
{
  int     status;     /* exit status, or -1 when killed */
  int     signal;     /* the signal that killed it, or 0 */
  char   *out;
  char   *err;
} Result;

static void
result_free (Result *r)
{
  g_free (r->out);
  g_free (r->err);
  g_free (r);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Result, result_free)

static GSubprocessLauncher *
new_launcher (GSubprocessFlags flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);

  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  return launcher;
}

static GSubprocess *
spawn (GSubprocessLauncher *launcher,
       const char * const  *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  GSubprocess *process;

  g_ptr_array_add (argv, (gpointer) handshake_path ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  line = g_strjoinv (" ", (char **) argv->pdata);
  g_test_message ("$ %s", line);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  return process;
}

static Result *
finish (GSubprocess *process)
{
  g_autoptr(GError) error = NULL;
  Result *r = g_new0 (Result, 1);

  g_subprocess_communicate_utf8 (process, NULL, NULL, &r->out, &r->err, &error);
  g_assert_no_error (error);
  if (r->out == NULL)
    r->out = g_strdup ("");
  if (r->err == NULL)
    r->err = g_strdup ("");
  if (g_subprocess_get_if_exited (process))
    r->status = g_subprocess_get_exit_status (process);
  else
    {
      r->status = -1;
      r->signal = g_subprocess_get_term_sig (process);
    }
  if (r->err[0] != '\0')
    g_test_message ("stderr: %s", r->err);
  return r;
}

static Result *
run (const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher =
    new_launcher (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = spawn (launcher, args);

  return finish (process);
}

#define RUN(...) run ((const char * const[]) { __VA_ARGS__, NULL })

/* ------------------------------------------------------------- cases -- */

static void
test_symlink (void)
{
  g_autofree char *dir = hs_test_dir_new ();
  g_autofree char *target = g_build_filename (dir, "run-42.csv", NULL);
  g_autofree char *link = g_build_filename (dir, "latest.csv", NULL);
  g_autofree char *points_to = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(Result) r = NULL;

  g_test_summary ("--export to a symbolic link writes the file it points "
                  "to and keeps the link");

  g_assert_true (g_file_set_contents (target, "old\n", -1, NULL));
  g_assert_cmpint (symlink ("run-42.csv", link), ==, 0);

  r = RUN ("--lesson", "three-way-handshake", "--export", link);
  g_assert_cmpint (r->status, ==, 0);
  points_to = g_file_read_link (link, NULL);
  g_assert_cmpstr (points_to, ==, "run-42.csv");
  contents = hs_test_read_file (target);
  g_assert_true (g_str_has_prefix (contents, "no,sent_us,"));

  hs_test_dir_remove (dir);
}

static void
test_fifo (void)
{
  g_autofree char *dir = hs_test_dir_new ();
  g_autofree char *fifo = g_build_filename (dir, "pipe", NULL);
  g_autoptr(GString) read = NULL;
  g_autoptr(Result) r = NULL;
  GThread *thread;
  GStatBuf st;

  g_test_summary ("--export to a FIFO hands the data to its reader and "
                  "leaves the FIFO in place");

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  thread = hs_test_read_fifo (fifo);
  r = RUN ("--lesson", "three-way-handshake", "--export", fifo, "--format", "json");
  read = g_thread_join (thread);

  g_assert_cmpint (r->status, ==, 0);
  g_assert_true (g_str_has_prefix (read->str, "{"));
  g_assert_nonnull (strstr (read->str, "\"segments\""));
  g_assert_cmpint (g_lstat (fifo, &st), ==, 0);
  g_assert_true (S_ISFIFO (st.st_mode));

  hs_test_dir_remove (dir);
}

static void
test_full_device (void)
{
  g_autofree char *dir = hs_test_dir_new ();
  g_autofree char *full = hs_test_make_char_device (dir, "full", 7);
  g_autofree char *capture = g_test_build_filename (G_TEST_DIST, "data", "captures", "abort-rst.pcap", NULL);
  const char * const formats[] = { "csv", "json", "txt", "svg", "pdf", "png", "mmd", "puml", "pcap" };
  GStatBuf st;

  g_test_summary ("A full device as --export, or as standard output of any "
                  "command, is an error with one message and exit status 1, "
                  "and the device stays a device");

  if (full == NULL)
    {
      hs_test_dir_remove (dir);
      g_test_skip ("Cannot make device nodes here (not root)");
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autoptr(Result) r = RUN ("--lesson", "full-connection", "--export", full, "--format", formats[i]);
      g_autofree char *expected = g_strdup_printf ("handshake: Could not write “%s”: %s\n",
                                                   full, g_strerror (ENOSPC));

      g_assert_cmpint (r->status, ==, 1);
      g_assert_cmpstr (r->err, ==, expected);
      g_assert_cmpint (g_lstat (full, &st), ==, 0);
      g_assert_true (S_ISCHR (st.st_mode));
    }

  /* Standard output: each command that prints. */
  {
    const char * const * const commands[] = {
      (const char * const[]) { "--list-lessons", NULL },
      (const char * const[]) { "--pcap", capture, "--list-streams", NULL },
      (const char * const[]) { "--lesson", "three-way-handshake", NULL },
      (const char * const[]) { "--lesson", "three-way-handshake", "--export", "-", "--format", "json", NULL },
      (const char * const[]) { "--version", NULL },
    };
    g_autofree char *expected = g_strdup_printf ("handshake: Could not write to standard output: %s\n",
                                                 g_strerror (ENOSPC));

    for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
      {
        g_autoptr(GSubprocessLauncher) launcher = new_launcher (G_SUBPROCESS_FLAGS_STDERR_PIPE);
        g_autoptr(GSubprocess) process = NULL;
        g_autoptr(Result) r = NULL;

        g_subprocess_launcher_set_stdout_file_path (launcher, full);
        process = spawn (launcher, commands[i]);
        r = finish (process);
        g_assert_cmpint (r->status, ==, 1);
        g_assert_cmpstr (r->err, ==, expected);
      }
  }

  g_assert_cmpint (g_lstat (full, &st), ==, 0);
  g_assert_true (S_ISCHR (st.st_mode));
  hs_test_dir_remove (dir);
}

static void
test_step_limit (void)
{
  g_autofree char *dir = hs_test_dir_new ();
  g_autofree char *csv = g_build_filename (dir, "cut.csv", NULL);
  g_autofree char *txt = g_build_filename (dir, "cut.txt", NULL);
  g_autofree char *json = g_build_filename (dir, "cut.json", NULL);
  g_autofree char *mmd = g_build_filename (dir, "cut.mmd", NULL);
  g_autofree char *contents = NULL;
  const char *warning = "handshake: warning: the simulation stopped at its limit of 20 steps, "
                        "after 0.080 s of simulated time. The export shows only that much and says so; "
                        "raise the limit with --max-steps.\n";

  g_test_summary ("--max-steps cuts a run short: a warning naming the limit "
                  "and the time reached, a mark in every format, exit status 3");

  {
    g_autoptr(Result) r = RUN ("--lesson", "full-connection", "--max-steps", "20", "--export", csv);

    g_assert_cmpint (r->status, ==, 3);
    g_assert_cmpstr (r->err, ==, warning);
    contents = hs_test_read_file (csv);
    g_assert_true (g_str_has_suffix (contents,
                                     "# truncated: the simulation stopped at its limit of 20 steps, "
                                     "at 80000 us of simulated time\n"));
    g_clear_pointer (&contents, g_free);
  }
  {
    g_autoptr(Result) r = RUN ("--lesson", "full-connection", "--max-steps", "20", "--export", txt);

    g_assert_cmpint (r->status, ==, 3);
    contents = hs_test_read_file (txt);
    g_assert_nonnull (strstr (contents, "The simulation stopped at its limit of 20 steps, after 0.080 s"));
    g_clear_pointer (&contents, g_free);
  }
  {
    g_autoptr(Result) r = RUN ("--lesson", "full-connection", "--max-steps", "20", "--export", json);

    g_assert_cmpint (r->status, ==, 3);
    contents = hs_test_read_file (json);
    g_assert_nonnull (strstr (contents, "\"truncated\": \"steps\""));
    g_assert_nonnull (strstr (contents, "\"truncated.max_steps\": \"20\""));
    g_clear_pointer (&contents, g_free);
  }
  {
    /* Without the limit the same lesson finishes: exit status 0, no mark. */
    g_autoptr(Result) r = RUN ("--lesson", "full-connection", "--export", csv);

    g_assert_cmpint (r->status, ==, 0);
    g_assert_cmpstr (r->err, ==, "");
    contents = hs_test_read_file (csv);
    g_assert_null (strstr (contents, "# truncated"));
    g_clear_pointer (&contents, g_free);
  }
  {
    g_autoptr(Result) r = RUN ("--lesson", "full-connection", "--max-steps", "20", "--export", mmd);

    g_assert_cmpint (r->status, ==, 3);
    contents = hs_test_read_file (mmd);
    g_assert_true (g_str_has_suffix (contents, "    Note over P0,P1: The simulation stopped at its limit of 20 steps, "
                                               "after 0.080 s of simulated time. The connection had not finished: "
                                               "what would have come next is not shown.\n"));
    g_clear_pointer (&contents, g_free);
  }

  hs_test_dir_remove (dir);
}

static void
test_step_limit_errors (void)
{
  const char * const bad[] = { "0", "-5", "many", "99999999999" };

  g_test_summary ("A --max-steps that is not a whole number from 1 up is "
                  "refused with a message that names it");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(Result) r = RUN ("--lesson", "full-connection", "--max-steps", bad[i], "--format", "csv");
      g_autofree char *expected = g_strdup_printf ("handshake: --max-steps %s: the limit must be a whole number from 1 to 4294967295\n",
                                                   bad[i]);

      g_assert_cmpint (r->status, ==, 1);
      g_assert_cmpstr (r->err, ==, expected);
      g_assert_cmpstr (r->out, ==, "");
    }
}

static void
test_step_limit_window (void)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(Result) r = NULL;

  g_test_summary ("--max-steps where the window would open is refused with "
                  "a message, not silently ignored");

  if (g_getenv ("DISPLAY") == NULL)
    {
      g_test_skip ("No display: without one the command line prints the ladder instead");
      return;
    }
  process = spawn (launcher, (const char * const[]) { "--lesson", "full-connection", "--max-steps", "20", NULL });
  r = finish (process);
  g_assert_cmpint (r->status, ==, 1);
  g_assert_cmpstr (r->err, ==, "handshake: --max-steps limits what the command line writes (--export, --frames): "
                               "the window uses its own limit\n");
}

/* Lets the export get under way. */
static void
wait_a_little (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10 * 1000);
    }
}

static void
test_signal (gconstpointer data)
{
  int sig = GPOINTER_TO_INT (data);
  g_autofree char *dir = hs_test_dir_new ();
  g_autofree char *out = g_build_filename (dir, "trace.json", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *listing = NULL;
  g_autoptr(GSubprocessLauncher) launcher =
    new_launcher (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(Result) r = NULL;

  g_test_summary ("A signal during a long export stops it: the old file "
                  "stays as it was, nothing else is left, and the process "
                  "ends by that signal");

  g_assert_true (g_file_set_contents (out, "old\n", -1, NULL));
  process = spawn (launcher, (const char * const[]) { LONG_LESSON, "--export", out, NULL });
  wait_a_little (700);
  g_subprocess_send_signal (process, sig);
  r = finish (process);

  /* A machine fast enough to finish first proves nothing: say so. */
  if (r->status == 0)
    {
      g_test_incomplete ("The export finished before the signal came");
      hs_test_dir_remove (dir);
      return;
    }
  g_assert_cmpint (r->status, ==, -1);
  g_assert_cmpint (r->signal, ==, sig);
  g_assert_nonnull (strstr (r->err, "Interrupted: the export was stopped before it was complete, and no file was replaced."));

  contents = hs_test_read_file (out);
  g_assert_cmpstr (contents, ==, "old\n");
  listing = hs_test_dir_list (dir);
  g_assert_cmpstr (listing, ==, "trace.json");

  hs_test_dir_remove (dir);
}

static void
test_signal_drawing (void)
{
  g_autofree char *dir = hs_test_dir_new ();
  g_autofree char *out = g_build_filename (dir, "slides.pdf", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *listing = NULL;
  g_autoptr(GSubprocessLauncher) launcher =
    new_launcher (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(Result) r = NULL;

  g_test_summary ("Ctrl+C while a long diagram is laid out and drawn stops "
                  "at once, says so, and leaves the old file as it was");

  g_assert_true (g_file_set_contents (out, "old\n", -1, NULL));
  process = spawn (launcher, (const char * const[]) { MEDIUM_LESSON, "--export", out, NULL });
  wait_a_little (700);
  g_subprocess_send_signal (process, SIGINT);
  r = finish (process);

  if (r->status == 0)
    {
      g_test_incomplete ("The export finished before the signal came");
      hs_test_dir_remove (dir);
      return;
    }
  g_assert_cmpint (r->signal, ==, SIGINT);
  g_assert_cmpstr (r->err, ==, "handshake: Interrupted: the export was stopped before it was complete, "
                               "and no file was replaced.\n");
  contents = hs_test_read_file (out);
  g_assert_cmpstr (contents, ==, "old\n");
  listing = hs_test_dir_list (dir);
  g_assert_cmpstr (listing, ==, "slides.pdf");

  hs_test_dir_remove (dir);
}

/* Runs handshake with standard error on a pseudo-terminal and returns all
 * it wrote there. */
static char *
run_on_terminal (const char * const *env,
                 const char * const *args,
                 int                *status)
{
  g_autoptr(GSubprocessLauncher) launcher = new_launcher (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  GString *seen = g_string_new (NULL);
  int master, slave;
  char buf[4096];
  gssize n;

  g_assert_cmpint (openpty (&master, &slave, NULL, NULL, NULL), ==, 0);
  for (guint i = 0; env != NULL && env[i] != NULL; i += 2)
    g_subprocess_launcher_setenv (launcher, env[i], env[i + 1], TRUE);
  g_subprocess_launcher_take_stderr_fd (launcher, slave);
  process = spawn (launcher, args);
  /* Our copy of the terminal's other end is gone: the master reads EOF
   * (EIO) once the child has exited. */
  g_clear_object (&launcher);

  while ((n = read (master, buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR))
    if (n > 0)
      g_string_append_len (seen, buf, n);
  close (master);

  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  *status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;

  return g_string_free (seen, FALSE);
}

static void
test_progress_terminal (void)
{
  g_autofree char *dir = hs_test_dir_new ();
  g_autofree char *out = g_build_filename (dir, "trace.csv", NULL);
  const char * const env[] = { "HANDSHAKE_PROGRESS_DELAY_MS", "0", NULL };
  g_autofree char *seen = NULL;
  g_autofree char *quiet = NULL;
  int status;

  g_test_summary ("On a terminal a long export shows its progress on one "
                  "line, simulating then writing, and erases it at the end; "
                  "--quiet shows nothing");

  seen = run_on_terminal (env, (const char * const[]) { MEDIUM_LESSON, "--export", out, NULL }, &status);
  g_test_message ("terminal: %s", seen);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (seen, "Simulating: "));
  g_assert_nonnull (strstr (seen, "s of simulated time"));
  g_assert_nonnull (strstr (seen, "Writing “trace.csv”: "));
  /* Drawn in place, and erased last. */
  g_assert_nonnull (strstr (seen, "\r\033[K"));
  g_assert_true (g_str_has_suffix (seen, "\r\033[K"));

  /* Drawing says what it draws and for how long. */
  {
    g_autofree char *pdf = g_build_filename (dir, "slides.pdf", NULL);
    g_autofree char *drawing = run_on_terminal (env, (const char * const[]) {
                                                  "--lesson", "slow-start", "--set", "transfer.bytes=1000000",
                                                  "--export", pdf, NULL }, &status);

    g_test_message ("terminal: %s", drawing);
    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (drawing, "Drawing “slides.pdf”, 0 s"));
    g_assert_true (g_str_has_suffix (drawing, "\r\033[K"));
    g_unlink (pdf);
  }

  quiet = run_on_terminal (env, (const char * const[]) { MEDIUM_LESSON, "--export", out, "--quiet", NULL }, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (quiet, ==, "");

  hs_test_dir_remove (dir);
}

static void
test_progress_not_terminal (void)
{
  g_autofree char *dir = hs_test_dir_new ();
  g_autofree char *out = g_build_filename (dir, "trace.csv", NULL);
  g_autoptr(GSubprocessLauncher) launcher =
    new_launcher (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(Result) r = NULL;

  g_test_summary ("When standard error is not a terminal, a long export "
                  "prints nothing there");

  g_subprocess_launcher_setenv (launcher, "HANDSHAKE_PROGRESS_DELAY_MS", "0", TRUE);
  process = spawn (launcher, (const char * const[]) { MEDIUM_LESSON, "--export", out, NULL });
  r = finish (process);
  g_assert_cmpint (r->status, ==, 0);
  g_assert_cmpstr (r->err, ==, "");

  hs_test_dir_remove (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/cli/output/symlink", test_symlink);
  g_test_add_func ("/cli/output/fifo", test_fifo);
  g_test_add_func ("/cli/output/full-device", test_full_device);
  g_test_add_func ("/cli/limit/max-steps", test_step_limit);
  g_test_add_func ("/cli/limit/max-steps-errors", test_step_limit_errors);
  g_test_add_func ("/cli/limit/max-steps-window", test_step_limit_window);
  g_test_add_data_func ("/cli/interrupt/sigint", GINT_TO_POINTER (SIGINT), test_signal);
  g_test_add_data_func ("/cli/interrupt/sigterm", GINT_TO_POINTER (SIGTERM), test_signal);
  g_test_add_data_func ("/cli/interrupt/sighup", GINT_TO_POINTER (SIGHUP), test_signal);
  g_test_add_func ("/cli/interrupt/drawing", test_signal_drawing);
  g_test_add_func ("/cli/progress/terminal", test_progress_terminal);
  g_test_add_func ("/cli/progress/not-terminal", test_progress_not_terminal);

  return g_test_run ();
}
