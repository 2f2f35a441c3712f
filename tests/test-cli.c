/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli.c: the handshake command line, run as a user runs it: listing,
 * exporting, overrides, and how it fails. */

#define G_LOG_DOMAIN "test-cli"

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#define CSV_HEADER "no,sent_us,arrived_us,from,to,flags,seq,ack,rel_seq,rel_ack,win,len,fate,retransmission"

static const char * const lesson_ids[] = {
  "full-connection", "three-way-handshake", "four-way-close", "close-piggyback",
  "server-closes-first", "simultaneous-open", "simultaneous-close", "half-close",
  "connection-refused", "abort-rst", "close-unread-rst", "syn-lost", "synack-lost", "time-wait",
  "keepalive", "process-killed", "half-open", "why-three-way", "lost-third-ack",
  "parallel-connections", "time-wait-reuse", "listen-backlog", "syn-flood", "syn-cookies", "port-closed-vs-filtered",
  "sliding-window", "zero-window", "delayed-ack", "piggyback-ack", "nagle",
  "data-loss-rto", "fast-retransmit", "slow-start", "timeout-cwnd", "tail-loss-probe", "sack", "cubic-vs-reno", "prr", "dsack",
  "tcp-vs-udp", "byte-stream", "udp-fragments",
};

/* ------------------------------------------------------------ helpers -- */

typedef struct
{
  int    status;      /* exit status; -1 when killed by a signal */
  GBytes *out;
  char   *err;
} Run;

static void
run_free (Run *run)
{
  g_clear_pointer (&run->out, g_bytes_unref);
  g_free (run->err);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_free)

static const char *
handshake_path (void)
{
  static char *path;

  if (path == NULL)
    {
      const char *env = g_getenv ("HANDSHAKE");

      path = env != NULL ? g_strdup (env)
                         : g_test_build_filename (G_TEST_BUILT, "..", "src", "handshake", NULL);
    }

  return path;
}

/* Empty bytes may have no data pointer at all. */
static char *
bytes_to_string (GBytes *bytes)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  return len > 0 ? g_strndup (data, len) : g_strdup ("");
}

/* Runs handshake with @args in @cwd, without a display, with @env
 * ("NAME=value", NULL-terminated, may be NULL) added to the environment. */
static Run *
run_in (const char         *cwd,
        const char * const *env,
        const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GBytes) err = NULL;
  g_autoptr(GError) error = NULL;
  Run *run = g_new0 (Run, 1);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (env[i], "=", 2);

      g_assert_cmpuint (g_strv_length (pair), ==, 2);
      g_subprocess_launcher_setenv (launcher, pair[0], pair[1], TRUE);
    }
  if (cwd != NULL)
    g_subprocess_launcher_set_cwd (launcher, cwd);

  g_ptr_array_add (argv, (gpointer) handshake_path ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  {
    g_autofree char *line = g_strjoinv (" ", (char **) argv->pdata);
    g_test_message ("$ %s", line);
  }

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate (process, NULL, NULL, &run->out, &err, &error);
  g_assert_no_error (error);
  run->err = bytes_to_string (err);
  run->status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
  if (run->err[0] != '\0')
    g_test_message ("stderr: %s", run->err);

  return run;
}

#define RUN_IN(cwd, env, ...) run_in (cwd, env, (const char * const[]) { __VA_ARGS__, NULL })
#define RUN(...) RUN_IN (NULL, NULL, __VA_ARGS__)

static char *
run_stdout (Run *run)
{
  return bytes_to_string (run->out);
}

/* A successful run: status 0, nothing on stderr. */
static char *
assert_success (Run *run)
{
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->err, ==, "");
  return run_stdout (run);
}

/* A failed run: status 1, nothing on stdout, one line on stderr starting with
 * "handshake: ". */
static void
assert_failure (Run *run)
{
  const char *newline;

  g_assert_cmpint (run->status, ==, 1);
  g_assert_cmpuint (g_bytes_get_size (run->out), ==, 0);
  g_assert_true (g_str_has_prefix (run->err, "handshake: "));
  g_assert_true (g_str_has_suffix (run->err, "\n"));
  newline = strchr (run->err, '\n');
  g_assert_nonnull (newline);
  g_assert_cmpstr (newline, ==, "\n");
  g_assert_cmpuint (strlen (run->err), >, strlen ("handshake: \n"));
}

static char *
make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("handshake-cli-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The names in @dir, sorted, joined by spaces. */
static char *
list_dir (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) d = g_dir_open (dir, 0, &error);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);

  return g_strjoinv (" ", (char **) names->pdata);
}

static void
remove_temp_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_assert_cmpint (g_remove (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static char *
read_file (const char *dir,
           const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static void
write_file (const char *dir,
            const char *name,
            const char *contents,
            gssize      len)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, len, &error);
  g_assert_no_error (error);
}

/* Field @field (from 0) of every data row of a CSV export. */
static GPtrArray *
csv_column (const char *csv,
            guint       field)
{
  g_auto(GStrv) lines = g_strsplit (csv, "\n", -1);
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  g_assert_cmpstr (lines[0], ==, CSV_HEADER);
  for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], ",", -1);

      g_assert_cmpuint (g_strv_length (fields), ==, 14);
      g_ptr_array_add (out, g_strdup (fields[field]));
    }

  return out;
}

/* --- a strict JSON checker, for when no python3 is at hand ------------- */

static gboolean json_value (const char **p, guint depth);

static void
json_space (const char **p)
{
  while (**p == ' ' || **p == '\t' || **p == '\n' || **p == '\r')
    (*p)++;
}

static gboolean
json_string (const char **p)
{
  if (**p != '"')
    return FALSE;
  for ((*p)++; **p != '"'; (*p)++)
    {
      if ((guchar) **p < 0x20)
        return FALSE;
      if (**p == '\\')
        {
          (*p)++;
          if (**p == 'u')
            {
              for (guint i = 1; i <= 4; i++)
                if (!g_ascii_isxdigit ((*p)[i]))
                  return FALSE;
              *p += 4;
            }
          else if (strchr ("\"\\/bfnrt", **p) == NULL || **p == '\0')
            return FALSE;
        }
    }
  (*p)++;
  return TRUE;
}

static gboolean
json_number (const char **p)
{
  const char *start = *p;

  if (**p == '-')
    (*p)++;
  if (**p == '0')
    (*p)++;
  else if (g_ascii_isdigit (**p))
    while (g_ascii_isdigit (**p))
      (*p)++;
  else
    return FALSE;
  if (**p == '.')
    {
      (*p)++;
      if (!g_ascii_isdigit (**p))
        return FALSE;
      while (g_ascii_isdigit (**p))
        (*p)++;
    }
  if (**p == 'e' || **p == 'E')
    {
      (*p)++;
      if (**p == '+' || **p == '-')
        (*p)++;
      if (!g_ascii_isdigit (**p))
        return FALSE;
      while (g_ascii_isdigit (**p))
        (*p)++;
    }
  return *p > start;
}

static gboolean
json_container (const char **p,
                char         close,
                gboolean     object,
                guint        depth)
{
  (*p)++;
  json_space (p);
  if (**p == close)
    {
      (*p)++;
      return TRUE;
    }
  for (;;)
    {
      json_space (p);
      if (object)
        {
          if (!json_string (p))
            return FALSE;
          json_space (p);
          if (**p != ':')
            return FALSE;
          (*p)++;
        }
      if (!json_value (p, depth + 1))
        return FALSE;
      json_space (p);
      if (**p == close)
        {
          (*p)++;
          return TRUE;
        }
      if (**p != ',')
        return FALSE;
      (*p)++;
    }
}

static gboolean
json_value (const char **p,
            guint        depth)
{
  if (depth > 64)
    return FALSE;
  json_space (p);
  switch (**p)
    {
    case '{': return json_container (p, '}', TRUE, depth);
    case '[': return json_container (p, ']', FALSE, depth);
    case '"': return json_string (p);
    case 't': return g_str_has_prefix (*p, "true") ? (*p += 4, TRUE) : FALSE;
    case 'f': return g_str_has_prefix (*p, "false") ? (*p += 5, TRUE) : FALSE;
    case 'n': return g_str_has_prefix (*p, "null") ? (*p += 4, TRUE) : FALSE;
    default:  return json_number (p);
    }
}

static gboolean
json_is_valid (const char *text)
{
  const char *p = text;

  if (!json_value (&p, 0))
    return FALSE;
  json_space (&p);
  return *p == '\0';
}

/* Valid JSON by python3's json module when there is a python3, else by the
 * checker above. */
static void
assert_json_file (const char *dir,
                  const char *name)
{
  g_autofree char *python = g_find_program_in_path ("python3");
  g_autofree char *contents = read_file (dir, name);

  if (python != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(GSubprocess) process =
        g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                          python, "-c",
                          "import json, sys\n"
                          "with open(sys.argv[1], encoding='utf-8') as f:\n"
                          "    json.load(f)\n",
                          path, NULL);

      g_assert_no_error (error);
      g_subprocess_wait_check (process, NULL, &error);
      g_assert_no_error (error);
    }
  else
    {
      g_test_message ("no python3: checking the JSON with the built-in checker");
      g_assert_true (json_is_valid (contents));
    }
  g_assert_true (g_str_has_prefix (contents, "{"));
}

/* -------------------------------------------------------------- tests -- */

static void
test_cli_json_checker (void)
{
  g_test_summary ("The fallback JSON checker accepts JSON and refuses what is not");

  g_assert_true (json_is_valid ("{\"a\": [1, -2.5e3, true, false, null, \"\\u00e9\\n\"], \"b\": {}}"));
  g_assert_false (json_is_valid ("{\"a\": 1,}"));
  g_assert_false (json_is_valid ("{\"a\" 1}"));
  g_assert_false (json_is_valid ("[1, 2"));
  g_assert_false (json_is_valid ("{\"a\": 01}"));
  g_assert_false (json_is_valid ("{\"a\": \"tab\there\"}"));
  g_assert_false (json_is_valid ("{} {}"));
}

static void
test_cli_list_lessons (void)
{
  g_autoptr(Run) run = RUN ("--list-lessons");
  g_autofree char *out = assert_success (run);
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);

  g_test_summary ("--list-lessons prints the thirty lessons in teaching order, one “id<TAB>title” line each");

  g_assert_true (g_str_has_suffix (out, "\n"));
  g_assert_cmpuint (g_strv_length (lines), ==, G_N_ELEMENTS (lesson_ids) + 1);
  g_assert_cmpstr (lines[G_N_ELEMENTS (lesson_ids)], ==, "");
  for (guint i = 0; i < G_N_ELEMENTS (lesson_ids); i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], "\t", -1);

      g_assert_cmpuint (g_strv_length (fields), ==, 2);
      g_assert_cmpstr (fields[0], ==, lesson_ids[i]);
      g_assert_cmpuint (strlen (fields[1]), >, 0);
    }
  g_assert_cmpuint (G_N_ELEMENTS (lesson_ids), ==, 42);
  g_assert_cmpstr (lines[0], ==, "full-connection\tA whole connection");
  g_assert_cmpstr (lines[1], ==, "three-way-handshake\tThree-way handshake");
  g_assert_cmpstr (lines[25], ==, "sliding-window\tSliding window");
  g_assert_cmpstr (lines[39], ==, "tcp-vs-udp\tTCP against UDP");
}

static void
test_cli_list_lessons_zh_cn (void)
{
  const char * const env[] = { "LANGUAGE=zh_CN", "LC_ALL=C.UTF-8", NULL };
  g_autoptr(Run) english = RUN ("--list-lessons");
  g_autoptr(Run) chinese = RUN_IN (NULL, env, "--list-lessons");
  g_autofree char *en = assert_success (english);
  g_autofree char *zh = assert_success (chinese);
  g_auto(GStrv) en_lines = g_strsplit (en, "\n", -1);
  g_auto(GStrv) zh_lines = g_strsplit (zh, "\n", -1);

  g_test_summary ("With LANGUAGE=zh_CN the titles are the lessons’ Title[zh_CN]");

  g_assert_cmpuint (g_strv_length (zh_lines), ==, G_N_ELEMENTS (lesson_ids) + 1);
  g_assert_cmpstr (zh_lines[0], ==, "full-connection\t一条完整的连接");
  g_assert_cmpstr (zh_lines[1], ==, "three-way-handshake\t三次握手");
  g_assert_cmpstr (zh_lines[39], ==, "tcp-vs-udp\tTCP 与 UDP 对比");
  for (guint i = 0; i < G_N_ELEMENTS (lesson_ids); i++)
    {
      g_auto(GStrv) fields = g_strsplit (zh_lines[i], "\t", -1);

      g_assert_cmpuint (g_strv_length (fields), ==, 2);
      g_assert_cmpstr (fields[0], ==, lesson_ids[i]);
      g_assert_true (g_utf8_validate (fields[1], -1, NULL));
      g_assert_cmpstr (zh_lines[i], !=, en_lines[i]);
    }
}

static void
test_cli_export_csv_stdout (void)
{
  g_autoptr(Run) run = RUN ("--lesson", "full-connection", "--export", "-", "--format", "csv");
  g_autofree char *out = assert_success (run);
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);

  g_test_summary ("--export - --format csv prints the CSV header and one row per segment");

  g_assert_true (g_str_has_suffix (out, "\n"));
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 11 + 1);
  g_assert_cmpstr (lines[0], ==, CSV_HEADER);
  for (guint i = 1; i <= 11; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], ",", -1);
      g_autofree char *no = g_strdup_printf ("%u", i);

      g_assert_cmpuint (g_strv_length (fields), ==, 14);
      g_assert_cmpstr (fields[0], ==, no);
    }
  g_assert_cmpstr (lines[12], ==, "");
}

static void
test_cli_export_by_extension (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autoptr(Run) csv_stdout = RUN ("--lesson", "full-connection", "--export", "-", "--format", "csv");
  g_autoptr(Run) json_stdout = RUN ("--lesson", "full-connection", "--export", "-", "--format", "json");
  g_autoptr(Run) txt_stdout = RUN ("--lesson", "full-connection", "--export", "-", "--format", "txt");
  g_autofree char *csv_expected = assert_success (csv_stdout);
  g_autofree char *json_expected = assert_success (json_stdout);
  g_autofree char *txt_expected = assert_success (txt_stdout);
  const char *names[] = { "out.csv", "out.json", "out.txt" };
  const char *expected[] = { csv_expected, json_expected, txt_expected };

  g_test_summary ("--export FILE without --format takes the format from the "
                  "extension: CSV, valid JSON, and the text ladder with its lanes");

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(Run) run = RUN_IN (dir, NULL, "--lesson", "full-connection", "--export", names[i]);
      g_autofree char *out = assert_success (run);
      g_autofree char *contents = read_file (dir, names[i]);

      g_assert_cmpstr (out, ==, "");
      g_assert_cmpstr (contents, ==, expected[i]);
    }

  {
    g_autofree char *csv = read_file (dir, "out.csv");
    g_autofree char *txt = read_file (dir, "out.txt");
    g_autofree char *listing = list_dir (dir);

    g_assert_true (g_str_has_prefix (csv, CSV_HEADER "\n"));
    assert_json_file (dir, "out.json");
    g_assert_true (g_str_has_prefix (txt, "A whole connection\n"));
    g_assert_nonnull (strstr (txt, "client"));
    g_assert_nonnull (strstr (txt, "server"));
    g_assert_null (strstr (txt, CSV_HEADER));
    g_assert_cmpstr (listing, ==, "out.csv out.json out.txt");
  }

  remove_temp_dir (dir);
}

static void
test_cli_seed (void)
{
  g_autoptr(Run) a = RUN ("--lesson", "full-connection", "--seed", "7", "--export", "-", "--format", "csv");
  g_autoptr(Run) b = RUN ("--lesson", "full-connection", "--seed", "7", "--export", "-", "--format", "csv");
  g_autoptr(Run) lossy_a = RUN ("--lesson", "full-connection", "--set", "network.loss=0.2",
                                "--set", "client.isn=1000", "--set", "server.isn=2000",
                                "--seed", "1", "--export", "-", "--format", "csv");
  g_autoptr(Run) lossy_a_again = RUN ("--lesson", "full-connection", "--set", "network.loss=0.2",
                                      "--set", "client.isn=1000", "--set", "server.isn=2000",
                                      "--seed", "1", "--export", "-", "--format", "csv");
  g_autoptr(Run) lossy_b = RUN ("--lesson", "full-connection", "--set", "network.loss=0.2",
                                "--set", "client.isn=1000", "--set", "server.isn=2000",
                                "--seed", "2", "--export", "-", "--format", "csv");
  g_autofree char *out_a = assert_success (a);
  g_autofree char *out_b = assert_success (b);
  g_autofree char *out_lossy_a = assert_success (lossy_a);
  g_autofree char *out_lossy_a_again = assert_success (lossy_a_again);
  g_autofree char *out_lossy_b = assert_success (lossy_b);
  g_autoptr(GPtrArray) fates_a = csv_column (out_lossy_a, 12);
  g_autoptr(GPtrArray) fates_b = csv_column (out_lossy_b, 12);
  gboolean any_lost = FALSE;

  g_test_summary ("The same seed gives the same CSV byte for byte; with "
                  "random loss, two seeds lose different segments");

  g_assert_cmpstr (out_a, ==, out_b);
  g_assert_cmpstr (out_lossy_a, ==, out_lossy_a_again);
  /* The ISNs are fixed, so only the loss can tell the two seeds apart. */
  g_assert_cmpstr (out_lossy_a, !=, out_lossy_b);
  for (guint i = 0; i < fates_a->len; i++)
    any_lost |= g_str_equal (g_ptr_array_index (fates_a, i), "lost");
  for (guint i = 0; i < fates_b->len; i++)
    any_lost |= g_str_equal (g_ptr_array_index (fates_b, i), "lost");
  g_assert_true (any_lost);
}

static void
test_cli_set_isn (void)
{
  g_autoptr(Run) run = RUN ("--lesson", "full-connection", "--set", "client.isn=1000",
                            "--export", "-", "--format", "csv");
  g_autofree char *out = assert_success (run);
  g_autoptr(GPtrArray) seq = csv_column (out, 6);
  g_autoptr(GPtrArray) rel_seq = csv_column (out, 8);
  g_autoptr(GPtrArray) from = csv_column (out, 3);

  g_test_summary ("--set client.isn=1000 makes the client's SYN carry seq 1000");

  g_assert_cmpuint (seq->len, ==, 11);
  g_assert_cmpstr (g_ptr_array_index (from, 0), ==, "client");
  g_assert_cmpstr (g_ptr_array_index (seq, 0), ==, "1000");
  g_assert_cmpstr (g_ptr_array_index (rel_seq, 0), ==, "0");
  /* The third segment, the client's ACK, is one past the SYN. */
  g_assert_cmpstr (g_ptr_array_index (seq, 2), ==, "1001");
}

static void
test_cli_drop (void)
{
  g_autoptr(Run) run = RUN ("--lesson", "full-connection", "--drop", "client:1",
                            "--export", "-", "--format", "csv");
  g_autofree char *out = assert_success (run);
  g_autoptr(GPtrArray) flags = csv_column (out, 5);
  g_autoptr(GPtrArray) fate = csv_column (out, 12);
  g_autoptr(GPtrArray) retransmission = csv_column (out, 13);
  g_autoptr(GPtrArray) sent = csv_column (out, 1);

  g_test_summary ("--drop client:1 loses the client's first segment, the SYN, "
                  "which is sent again after the 1 s RTO");

  g_assert_cmpuint (flags->len, ==, 12);
  g_assert_cmpstr (g_ptr_array_index (flags, 0), ==, "SYN");
  g_assert_cmpstr (g_ptr_array_index (fate, 0), ==, "lost");
  g_assert_cmpstr (g_ptr_array_index (flags, 1), ==, "SYN");
  g_assert_cmpstr (g_ptr_array_index (fate, 1), ==, "delivered");
  g_assert_cmpstr (g_ptr_array_index (retransmission, 1), ==, "1");
  g_assert_cmpstr (g_ptr_array_index (sent, 1), ==, "1000000");
}

static void
test_cli_profile_rfc (void)
{
  g_autoptr(Run) linux_csv = RUN ("--lesson", "full-connection", "--export", "-", "--format", "csv");
  g_autoptr(Run) rfc_csv = RUN ("--lesson", "full-connection", "--profile", "rfc",
                                "--export", "-", "--format", "csv");
  g_autoptr(Run) rfc_json = RUN ("--lesson", "full-connection", "--profile", "rfc",
                                 "--export", "-", "--format", "json");
  g_autofree char *out_linux = assert_success (linux_csv);
  g_autofree char *out_rfc = assert_success (rfc_csv);
  g_autofree char *out_json = assert_success (rfc_json);
  g_autoptr(GPtrArray) linux_win = csv_column (out_linux, 10);
  g_autoptr(GPtrArray) rfc_win = csv_column (out_rfc, 10);

  g_test_summary ("--profile rfc runs the lesson with the RFC's constants: "
                  "no window scaling, and the trace says so");

  g_assert_cmpstr (out_linux, !=, out_rfc);
  g_assert_cmpstr (g_ptr_array_index (linux_win, 0), ==, "64240");
  /* No window scale option: the SYN offers the largest unscaled window. */
  g_assert_cmpstr (g_ptr_array_index (rfc_win, 0), ==, "65535");
  g_assert_nonnull (strstr (out_json, "\"profile\": \"rfc\""));
}

static void
test_cli_set_transfer_bytes (void)
{
  g_autoptr(Run) run = RUN ("--lesson", "sliding-window", "--set", "transfer.bytes=100KiB",
                            "--export", "-", "--format", "csv");
  g_autofree char *out = assert_success (run);
  g_autoptr(GPtrArray) from = csv_column (out, 3);
  g_autoptr(GPtrArray) flags = csv_column (out, 5);
  g_autoptr(GPtrArray) rel_seq = csv_column (out, 8);
  g_autoptr(GPtrArray) len = csv_column (out, 11);
  g_autoptr(GPtrArray) retransmission = csv_column (out, 13);
  guint64 sent = 0, end = 0, fin_seq = 0;

  g_test_summary ("--set transfer.bytes=100KiB makes sliding-window send exactly 102400 bytes, "
                  "each once, with its FIN right after the last");

  for (guint i = 0; i < from->len; i++)
    {
      guint64 seq = g_ascii_strtoull (g_ptr_array_index (rel_seq, i), NULL, 10);
      guint64 n = g_ascii_strtoull (g_ptr_array_index (len, i), NULL, 10);

      if (!g_str_equal (g_ptr_array_index (from, i), "client"))
        continue;
      if (g_str_equal (g_ptr_array_index (retransmission, i), "0"))
        sent += n;
      end = MAX (end, seq + n);
      if (strstr (g_ptr_array_index (flags, i), "FIN") != NULL)
        fin_seq = seq + n;
    }
  g_assert_cmpuint (sent, ==, 102400);
  g_assert_cmpuint (end, ==, 1 + 102400);
  g_assert_cmpuint (fin_seq, ==, 1 + 102400);
}

/* The SVG of @lesson with @extra added to its [Lesson] group. */
static GBytes *
lesson_svg (const char *dir,
            const char *name,
            const char *extra)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *data = g_strdup_printf ("[Lesson]\nTitle=View\n%s\n[Transfer]\nBytes=14480\n"
                                           "[Client]\nScript=connect; send transfer; close\n"
                                           "[Server]\nSACK=true\nScript=listen; wait-for eof; close\n"
                                           "[Network]\nDrop=client:3\n", extra);
  g_autofree char *svg = g_strconcat (path, ".svg", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(Run) run = NULL;
  g_autofree char *out = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_assert_true (g_file_set_contents (path, data, -1, &error));
  g_assert_no_error (error);
  run = RUN ("--lesson", path, "--export", svg);
  out = assert_success (run);
  g_assert_true (g_file_get_contents (svg, &contents, &len, &error));
  g_assert_no_error (error);
  g_unlink (path);
  g_unlink (svg);
  return g_bytes_new_take (contents, len);
}

static void
test_cli_lesson_view (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("handshake-cli-view-XXXXXX", &error);
  g_autoptr(GBytes) plain = NULL;
  g_autoptr(GBytes) events = NULL;
  g_autoptr(GBytes) events_again = NULL;
  g_autoptr(GBytes) sack = NULL;

  g_test_summary ("An export draws a lesson as its [Lesson] TimeMode and Show ask");

  g_assert_no_error (error);
  plain = lesson_svg (dir, "plain.lesson", "");
  events = lesson_svg (dir, "events.lesson", "TimeMode=events");
  events_again = lesson_svg (dir, "again.lesson", "TimeMode=events");
  sack = lesson_svg (dir, "sack.lesson", "Show=sack");
  g_assert_true (g_bytes_equal (events, events_again));
  g_assert_false (g_bytes_equal (plain, events));
  g_assert_false (g_bytes_equal (plain, sack));
  g_rmdir (dir);
}

static void
test_cli_export_udp_columns (void)
{
  g_autoptr(Run) run = RUN ("--lesson", "tcp-vs-udp", "--export", "-", "--format", "csv");
  g_autofree char *out = assert_success (run);
  g_autoptr(GPtrArray) from = csv_column (out, 3);
  g_autoptr(GPtrArray) to = csv_column (out, 4);
  g_autoptr(GPtrArray) len = csv_column (out, 11);
  g_autoptr(GPtrArray) fate = csv_column (out, 12);
  guint n_udp = 0, n_tcp = 0;

  g_test_summary ("In the CSV of tcp-vs-udp the UDP datagrams have empty flags, seq, ack, "
                  "rel_seq, rel_ack and win columns, and a length and a fate like any segment");

  for (guint i = 0; i < from->len; i++)
    {
      gboolean udp = g_str_has_prefix (g_ptr_array_index (from, i), "udp-");

      for (guint field = 5; field <= 10; field++)
        {
          g_autoptr(GPtrArray) column = csv_column (out, field);
          const char *value = g_ptr_array_index (column, i);

          if (udp)
            g_assert_cmpstr (value, ==, "");
          else if (field != 7 && field != 9)   /* a TCP SYN has no ack */
            g_assert_cmpstr (value, !=, "");
        }
      if (udp)
        {
          g_assert_cmpstr (g_ptr_array_index (from, i), ==, "udp-client");
          g_assert_cmpstr (g_ptr_array_index (to, i), ==, "udp-server");
          g_assert_cmpstr (g_ptr_array_index (len, i), ==, "100");
          g_assert_true (g_str_equal (g_ptr_array_index (fate, i), "delivered") ||
                         g_str_equal (g_ptr_array_index (fate, i), "lost"));
          n_udp++;
        }
      else
        n_tcp++;
    }
  g_assert_cmpuint (n_udp, ==, 10);
  g_assert_cmpuint (n_tcp, >, 0);
}

typedef struct
{
  const char *name;
  const char *args[12];
  const char *message;      /* a part of the one line on stderr */
} ErrorCase;

#define BAD_LESSON "bad.lesson"

static const ErrorCase error_cases[] = {
  { "unknown-lesson", { "--lesson", "no-such-lesson", "--export", "out.csv" }, "no-such-lesson" },
  { "bad-set-key", { "--lesson", "full-connection", "--set", "client.colour=blue", "--export", "out.csv" }, "client.colour" },
  { "bad-set-value", { "--lesson", "full-connection", "--set", "network.delay=fast", "--export", "out.csv" }, "fast" },
  { "bad-drop", { "--lesson", "full-connection", "--drop", "client:banana", "--export", "out.csv" }, "client:banana" },
  { "bad-drop-endpoint", { "--lesson", "full-connection", "--drop", "sideways:3", "--export", "out.csv" }, "sideways" },
  { "unknown-format", { "--lesson", "full-connection", "--format", "xml", "--export", "out.csv" }, "xml" },
  { "unknown-extension", { "--lesson", "full-connection", "--export", "out.pcapng" }, "out.pcapng" },
  { "bad-profile", { "--lesson", "full-connection", "--profile", "bsd", "--export", "out.csv" }, "bsd" },
  { "bad-seed", { "--lesson", "full-connection", "--seed", "many", "--export", "out.csv" }, "many" },
  { "lesson-syntax", { "--lesson", BAD_LESSON, "--export", "out.csv" }, BAD_LESSON ":3:" },
  { "unwritable", { "--lesson", "full-connection", "--export", "/nonexistent/dir/out.csv" }, "/nonexistent/dir/out.csv" },
  { "unwritable-here", { "--lesson", "full-connection", "--export", "missing/out.csv" }, "missing/out.csv" },
  /* 0 once meant "not given", so these were taken without a word. */
  { "scale-zero", { "--lesson", "full-connection", "--scale", "0", "--export", "out.png" }, "handshake: --scale must be 1 or 2\n" },
  { "scale-negative", { "--lesson", "full-connection", "--scale=-1", "--export", "out.png" }, "handshake: --scale must be 1 or 2\n" },
  { "scale-nan", { "--lesson", "full-connection", "--scale", "nan", "--export", "out.png" }, "handshake: --scale must be 1 or 2\n" },
  { "width-zero", { "--lesson", "full-connection", "--width", "0", "--export", "out.png" }, "handshake: --width must be from 320 to 20000 pixels\n" },
  { "width-negative", { "--lesson", "full-connection", "--width=-800", "--export", "out.png" }, "handshake: --width must be from 320 to 20000 pixels\n" },
  { "width-nan", { "--lesson", "full-connection", "--width", "nan", "--export", "out.png" }, "handshake: --width must be from 320 to 20000 pixels\n" },
  { "frames-zero-width", { "--lesson", "full-connection", "--width", "0", "--frames", "frames" }, "handshake: --width must be from 320 to 20000 pixels\n" },
  /* --connection counts from 1 and names how many there are */
  { "connection-beyond", { "--lesson", "full-connection", "--connection", "2", "--export", "out.csv" },
    "handshake: There is no connection 2: this trace has one connection.\n" },
  { "connection-zero", { "--lesson", "full-connection", "--connection", "0", "--export", "out.csv" },
    "handshake: There is no connection 0: this trace has one connection.\n" },
  { "streams-without-pcap", { "--streams", "all", "--export", "out.csv" }, "handshake: --streams needs --pcap FILE\n" },
  /* Only the last folder is made: "missing" is a typing mistake. */
  { "frames-missing-parent", { "--lesson", "full-connection", "--frames", "missing/frames" },
    "handshake: Could not create the folder “missing/frames” for the frames: its parent folder “missing” does not exist.\n" },
};

static void
test_cli_error (gconstpointer data)
{
  const ErrorCase *c = data;
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(Run) run = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);

  g_test_summary ("A bad command line or a failing export exits with status 1, "
                  "one “handshake: ” line on stderr, nothing on stdout, and no file");

  /* A lesson file whose third line is neither a group, a key nor a comment. */
  write_file (dir, BAD_LESSON, "[Lesson]\nTitle=Broken\nthis line is not a key file line\n", -1);
  before = list_dir (dir);

  /* The lesson file by its full path, so that stderr must name that path. */
  for (guint i = 0; c->args[i] != NULL; i++)
    g_ptr_array_add (args, g_str_equal (c->args[i], BAD_LESSON) ? g_build_filename (dir, BAD_LESSON, NULL)
                                                                : g_strdup (c->args[i]));
  g_ptr_array_add (args, NULL);
  run = run_in (dir, NULL, (const char * const *) args->pdata);

  assert_failure (run);
  if (g_str_equal (c->name, "lesson-syntax"))
    {
      g_autofree char *where = g_strdup_printf ("%s/%s:3:", dir, BAD_LESSON);

      g_assert_nonnull (strstr (run->err, where));
    }
  else
    g_assert_nonnull (strstr (run->err, c->message));

  after = list_dir (dir);
  g_assert_cmpstr (after, ==, before);
  g_assert_false (g_file_test ("/nonexistent/dir/out.csv", G_FILE_TEST_EXISTS));

  remove_temp_dir (dir);
}

static void
test_cli_lesson_not_a_file (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *fifo = g_build_filename (dir, "endless.lesson", NULL);
  g_autofree char *expected = g_strdup_printf ("handshake: Could not read the lesson “%s”: it is a pipe (FIFO), "
                                               "not a file\n", fifo);
  g_autoptr(Run) run = NULL;
  g_autoptr(Run) folder = NULL;

  g_test_summary ("--lesson with a FIFO (like /dev/zero, it never ends) or a folder fails at once "
                  "with a sentence that says what it is");

  /* No one ever writes to it: a handshake that read it would wait forever. */
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  run = RUN_IN (dir, NULL, "--lesson", fifo, "--export", "out.csv");
  assert_failure (run);
  g_assert_cmpstr (run->err, ==, expected);

  folder = RUN_IN (dir, NULL, "--lesson", dir, "--export", "out.csv");
  assert_failure (folder);
  g_assert_nonnull (strstr (folder->err, "it is a folder, not a file"));

  remove_temp_dir (dir);
}

/* The width and height a PNG's header gives, or FALSE when @data is no PNG. */
static gboolean
png_size (const char *data,
          gsize       len,
          guint      *width,
          guint      *height)
{
  const guchar *p = (const guchar *) data;

  if (len < 24 || memcmp (p, "\x89PNG\r\n\x1a\n", 8) != 0 || memcmp (p + 12, "IHDR", 4) != 0)
    return FALSE;
  *width = (guint) p[16] << 24 | (guint) p[17] << 16 | (guint) p[18] << 8 | p[19];
  *height = (guint) p[20] << 24 | (guint) p[21] << 16 | (guint) p[22] << 8 | p[23];
  return TRUE;
}

static void
test_cli_view_states (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *png = g_build_filename (dir, "states.png", NULL);
  g_autofree char *png2 = g_build_filename (dir, "states2.png", NULL);
  g_autofree char *svg = g_build_filename (dir, "states.svg", NULL);
  g_autofree char *early = g_build_filename (dir, "early.svg", NULL);
  g_autofree char *pdf = g_build_filename (dir, "states.pdf", NULL);
  g_autofree char *csv = g_build_filename (dir, "states.csv", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *early_contents = NULL;
  g_autofree char *help = NULL;
  gsize len;
  guint width = 0, height = 0;

  g_test_summary ("--view states draws the RFC 9293 state diagram as PNG (of a sane size), "
                  "SVG or PDF, at the end or at --steps' last step; other formats and "
                  "unknown views are refused with a sentence");

  {
    g_autoptr(Run) run = RUN ("--lesson", "full-connection", "--view", "states", "-o", png);

    g_free (assert_success (run));
    g_assert_true (g_file_get_contents (png, &contents, &len, NULL));
    g_assert_true (png_size (contents, len, &width, &height));
    g_assert_cmpuint (width, ==, 1032);
    g_assert_cmpuint (height, ==, 982);
    g_clear_pointer (&contents, g_free);
  }
  {
    g_autoptr(Run) run = RUN ("--lesson", "full-connection", "--view", "states", "--scale", "2",
                              "--width", "800", "-o", png2);

    g_free (assert_success (run));
    g_assert_true (g_file_get_contents (png2, &contents, &len, NULL));
    g_assert_true (png_size (contents, len, &width, &height));
    g_assert_cmpuint (width, ==, 1600);
    g_assert_cmpuint (height, >, 1400);
    g_assert_cmpuint (height, <, 1600);
    g_clear_pointer (&contents, g_free);
  }
  {
    g_autoptr(Run) run = RUN ("--lesson", "full-connection", "--view", "states", "-o", svg);
    g_autoptr(Run) at_step = RUN ("--lesson", "full-connection", "--view", "states", "--steps", "1-2", "-o", early);

    g_free (assert_success (run));
    g_free (assert_success (at_step));
    g_assert_true (g_file_get_contents (svg, &contents, NULL, NULL));
    g_assert_true (g_str_has_prefix (contents, "<?xml"));
    g_assert_nonnull (strstr (contents, "<svg"));
    g_assert_true (g_file_get_contents (early, &early_contents, NULL, NULL));
    g_assert_cmpstr (contents, !=, early_contents);
  }
  {
    g_autoptr(Run) run = RUN ("--lesson", "full-connection", "--view", "states", "-f", "pdf", "-o", pdf);

    g_free (assert_success (run));
    g_clear_pointer (&contents, g_free);
    g_assert_true (g_file_get_contents (pdf, &contents, NULL, NULL));
    g_assert_true (g_str_has_prefix (contents, "%PDF"));
  }
  {
    g_autoptr(Run) run = RUN ("--lesson", "full-connection", "--view", "state", "-o", png);

    assert_failure (run);
    g_assert_cmpstr (run->err, ==, "handshake: --view state: the views are sequence and states\n");
  }
  {
    g_autoptr(Run) run = RUN ("--lesson", "full-connection", "--view", "states", "-o", csv);

    assert_failure (run);
    g_assert_cmpstr (run->err, ==, "handshake: --view states draws the state diagram as png, svg or pdf, not csv\n");
    g_assert_false (g_file_test (csv, G_FILE_TEST_EXISTS));
  }
  {
    g_autoptr(Run) run = RUN ("--lesson", "full-connection", "--view", "states", "--frames", dir);

    assert_failure (run);
    g_assert_cmpstr (run->err, ==, "handshake: --frames draws the sequence diagram only, not --view states\n");
  }
  {
    g_autoptr(Run) run = RUN ("--help");

    help = assert_success (run);
    g_assert_nonnull (strstr (help, "--view=VIEW"));
  }

  g_unlink (png);
  g_unlink (png2);
  g_unlink (svg);
  g_unlink (early);
  g_unlink (pdf);
  g_rmdir (dir);
}

static void
test_cli_frames_folder (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *deep = g_build_filename (dir, "a", "b", "c", NULL);
  g_autofree char *a = g_build_filename (dir, "a", NULL);
  g_autofree char *expected = g_strdup_printf ("handshake: Could not create the folder “%s” for the frames: "
                                               "its parent folder “%s/a/b” does not exist.\n", deep, dir);
  g_autoptr(Run) run = NULL;
  g_autoptr(Run) made = NULL;
  g_autoptr(Run) again = NULL;
  g_autofree char *listing = NULL;
  g_autofree char *frames = NULL;

  g_test_summary ("--frames DIR makes DIR but not its parents: a missing parent is named and "
                  "nothing is created; an existing DIR is written into");

  run = RUN ("--lesson", "three-way-handshake", "--frames", deep);
  assert_failure (run);
  g_assert_cmpstr (run->err, ==, expected);
  g_assert_false (g_file_test (a, G_FILE_TEST_EXISTS));
  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "");

  made = RUN_IN (dir, NULL, "--lesson", "three-way-handshake", "--frames", "slides/", "--steps", "1-2");
  g_free (assert_success (made));
  again = RUN_IN (dir, NULL, "--lesson", "three-way-handshake", "--frames", "slides", "--steps", "1-2");
  g_free (assert_success (again));
  {
    g_autofree char *slides = g_build_filename (dir, "slides", NULL);

    frames = list_dir (slides);
    g_assert_cmpstr (frames, ==, "frame-0001.png frame-0002.png");
    remove_temp_dir (slides);
  }

  remove_temp_dir (dir);
}

static void
test_cli_error_keeps_existing_file (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autoptr(Run) run = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *listing = NULL;

  g_test_summary ("A failed run leaves a file already at the export path as it was");

  write_file (dir, "out.csv", "precious\n", -1);
  run = RUN_IN (dir, NULL, "--lesson", "full-connection", "--set", "network.delay=fast",
                "--export", "out.csv");
  assert_failure (run);
  contents = read_file (dir, "out.csv");
  g_assert_cmpstr (contents, ==, "precious\n");
  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "out.csv");

  remove_temp_dir (dir);
}

static void
test_cli_export_replaces (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autoptr(Run) expected_run = RUN ("--lesson", "full-connection", "--export", "-", "--format", "csv");
  g_autofree char *expected = assert_success (expected_run);
  g_autofree char *big = g_strnfill (1024 * 1024, 'x');
  g_autoptr(Run) run = NULL;
  g_autofree char *out = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *listing = NULL;

  g_test_summary ("Exporting over a bigger file replaces it completely, "
                  "with no temporary file left behind");

  write_file (dir, "out.csv", big, -1);
  run = RUN_IN (dir, NULL, "--lesson", "full-connection", "--export", "out.csv");
  out = assert_success (run);
  g_assert_cmpstr (out, ==, "");
  contents = read_file (dir, "out.csv");
  g_assert_cmpuint (strlen (contents), ==, strlen (expected));
  g_assert_cmpstr (contents, ==, expected);
  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "out.csv");

  remove_temp_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/cli/json-checker", test_cli_json_checker);
  g_test_add_func ("/cli/list-lessons/english", test_cli_list_lessons);
  g_test_add_func ("/cli/list-lessons/zh-cn", test_cli_list_lessons_zh_cn);
  g_test_add_func ("/cli/export/csv-stdout", test_cli_export_csv_stdout);
  g_test_add_func ("/cli/export/by-extension", test_cli_export_by_extension);
  g_test_add_func ("/cli/export/replaces", test_cli_export_replaces);
  g_test_add_func ("/cli/export/lesson-view", test_cli_lesson_view);
  g_test_add_func ("/cli/seed", test_cli_seed);
  g_test_add_func ("/cli/set/isn", test_cli_set_isn);
  g_test_add_func ("/cli/set/transfer-bytes", test_cli_set_transfer_bytes);
  g_test_add_func ("/cli/export/udp-columns", test_cli_export_udp_columns);
  g_test_add_func ("/cli/drop/first-syn", test_cli_drop);
  g_test_add_func ("/cli/profile/rfc", test_cli_profile_rfc);
  for (guint i = 0; i < G_N_ELEMENTS (error_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/cli/error/%s", error_cases[i].name);

      g_test_add_data_func (path, &error_cases[i], test_cli_error);
    }
  g_test_add_func ("/cli/error/keeps-existing-file", test_cli_error_keeps_existing_file);
  g_test_add_func ("/cli/frames/folder", test_cli_frames_folder);
  g_test_add_func ("/cli/view/states", test_cli_view_states);
  g_test_add_func ("/cli/lesson/not-a-file", test_cli_lesson_not_a_file);

  return g_test_run ();
}
