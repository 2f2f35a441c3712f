/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-worksheet.c: handshake --worksheet and --answers as a teacher runs
 * them: the PDF read back with pdftotext (blanks on the worksheet, the
 * values on the key), variants, paper sizes, plain text and Chinese. */

#define G_LOG_DOMAIN "test-worksheet"

#include "config.h"

#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "hs-test-files.h"

static const char *
handshake_path (void)
{
  const char *env = g_getenv ("HANDSHAKE");

  g_assert_nonnull (env);
  return env;
}

/* Runs @argv (NULL-terminated) in @dir; returns the exit status, and
 * standard output and error in @out and @err. */
static int
run (const char  *dir,
     const char  *const *env,
     const char  *const *argv,
     char       **out,
     char       **err)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  int status = 0;

  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (env[i], "=", 2);

      envp = g_environ_setenv (envp, pair[0], pair[1], TRUE);
    }
  {
    g_autofree char *line = g_strjoinv (" ", (char **) argv);
    g_test_message ("$ %s", line);
  }
  g_spawn_sync (dir, (char **) argv, envp, G_SPAWN_SEARCH_PATH, NULL, NULL, out, err, &status, &error);
  g_assert_no_error (error);
  if (err != NULL && (*err)[0] != '\0')
    g_test_message ("stderr: %s", *err);
  return g_spawn_check_wait_status (status, NULL) ? 0 : WEXITSTATUS (status);
}

#define ARGV(...) ((const char * const[]) { __VA_ARGS__, NULL })

static gboolean
have_poppler (void)
{
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  g_autofree char *pdfinfo = g_find_program_in_path ("pdfinfo");

  if (pdftotext == NULL || pdfinfo == NULL)
    {
      g_test_skip ("pdftotext and pdfinfo (poppler-utils) are not installed: build-aux/setup.sh installs them");
      return FALSE;
    }
  return TRUE;
}

static char *
pdf_text (const char *path)
{
  char *out = NULL, *err = NULL;

  g_assert_cmpint (run (NULL, NULL, ARGV ("pdftotext", "-layout", path, "-"), &out, &err), ==, 0);
  g_free (err);
  return out;
}

static char *
pdf_info (const char *path)
{
  char *out = NULL, *err = NULL;

  g_assert_cmpint (run (NULL, NULL, ARGV ("pdfinfo", path), &out, &err), ==, 0);
  g_free (err);
  return out;
}

static guint
pdf_pages (const char *info)
{
  const char *p = strstr (info, "Pages:");

  g_assert_nonnull (p);
  return (guint) g_ascii_strtoull (p + strlen ("Pages:") + strspn (p + strlen ("Pages:"), " "), NULL, 10);
}

static guint
count (const char *haystack,
       const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

static void
test_pdf (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hs-worksheet-XXXXXX", NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *ws = NULL, *key = NULL, *info = NULL;

  g_test_summary ("A worksheet PDF has the asked fields blank and none of their values; "
                  "its answer key has the values; A4 by default");

  if (!have_poppler ())
    return;

  g_assert_cmpint (run (dir, NULL, ARGV (handshake_path (), "--lesson", "three-way-handshake",
                                         "--set", "client.isn=1000", "--set", "server.isn=5000", "--absolute",
                                         "--worksheet", "ws.pdf", "--answers", "ws-key.pdf"),
                        &out, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");

  {
    g_autofree char *ws_path = g_build_filename (dir, "ws.pdf", NULL);
    g_autofree char *key_path = g_build_filename (dir, "ws-key.pdf", NULL);

    ws = pdf_text (ws_path);
    key = pdf_text (key_path);
    info = pdf_info (ws_path);
    g_unlink (ws_path);
    g_unlink (key_path);
  }
  g_rmdir (dir);

  /* SYN: flags, ack; SYN+ACK: flags, ack (the server's ISN is its own
   * choice); ACK: flags, seq, ack */
  g_assert_cmpuint (count (ws, "[________]"), ==, 7);
  g_assert_nonnull (strstr (ws, "1. Step 5"));
  g_assert_nonnull (strstr (ws, "3. Step 12"));
  g_assert_nonnull (strstr (ws, "seq=5000"));
  g_assert_null (strstr (ws, "1001"));
  g_assert_null (strstr (ws, "5001"));
  g_assert_cmpuint (pdf_pages (info), ==, 1);
  g_assert_nonnull (strstr (info, "595.276 x 841.89"));

  g_assert_cmpuint (count (key, "[________]"), ==, 0);
  g_assert_nonnull (strstr (key, "Answer key"));
  g_assert_nonnull (strstr (key, "2. Step 8: server → client: SYN, ACK; ack=1001"));
  g_assert_nonnull (strstr (key, "3. Step 12: client → server: ACK; seq=1001 ack=5001"));
}

static void
test_variants (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hs-worksheet-XXXXXX", NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *ws_path = g_build_filename (dir, "class.pdf", NULL);
  g_autofree char *info = NULL, *ws = NULL;
  g_autofree char *key = NULL;
  g_autoptr(GHashTable) acks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_test_summary ("--count K writes K variants from seeds N, N+1, …, one per page on Letter "
                  "paper with --page letter, each with its own numbers");

  if (!have_poppler ())
    return;

  g_assert_cmpint (run (dir, NULL, ARGV (handshake_path (), "--lesson", "three-way-handshake", "--seed", "40",
                                         "--count", "3", "--page", "letter", "--worksheet", "class.pdf"),
                        &out, &err), ==, 0);
  info = pdf_info (ws_path);
  ws = pdf_text (ws_path);
  g_unlink (ws_path);
  g_rmdir (dir);
  g_assert_cmpuint (pdf_pages (info), ==, 3);
  g_assert_nonnull (strstr (info, "612 x 792"));
  g_assert_nonnull (strstr (ws, "Variant 1 · seed 40"));
  g_assert_nonnull (strstr (ws, "Variant 3 · seed 42"));
  g_assert_cmpuint (count (ws, "\f"), ==, 3);

  /* the key in plain text, absolute: each variant acknowledges its own ISN */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, NULL, ARGV (handshake_path (), "--lesson", "three-way-handshake", "--seed", "40",
                                          "--count", "3", "--absolute", "--answers", "-", "--format", "txt"),
                        &key, &err), ==, 0);
  for (const char *p = strstr (key, "SYN, ACK; ack="); p != NULL; p = strstr (p + 1, "SYN, ACK; ack="))
    g_hash_table_add (acks, g_strndup (p, strcspn (p, "\n")));
  g_assert_cmpuint (g_hash_table_size (acks), ==, 3);
}

static void
test_txt (void)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *zh = NULL;
  const char *const chinese[] = { "LANGUAGE=zh_CN", NULL };

  g_test_summary ("--format txt writes the worksheet as plain text, and in Chinese when the language is");

  g_assert_cmpint (run (NULL, NULL, ARGV (handshake_path (), "--lesson", "full-connection",
                                          "--worksheet", "-", "--format", "txt"), &out, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_nonnull (strstr (out, "A whole connection"));
  g_assert_nonnull (strstr (out, "client → server  [________]  seq=0 ack=[________]"));
  g_assert_nonnull (strstr (out, "1. Step 5: What does the client send next? Fill in: flags, ack."));

  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, chinese, ARGV (handshake_path (), "--lesson", "full-connection",
                                             "--worksheet", "-", "--format", "txt"), &zh, &err), ==, 0);
  g_assert_nonnull (strstr (zh, "客户端接下来发送什么？"));
  g_assert_nonnull (strstr (zh, "第 5 步"));
  g_assert_null (strstr (zh, "What does"));
}

static void
test_errors (void)
{
  static const struct { const char *args[8]; const char *says; } cases[] = {
    { { "--worksheet", "-", "--count", "0", NULL }, "--count 0: the number of variants" },
    { { "--worksheet", "-", "--page", "long", NULL }, "a4 or letter" },
    { { "--count", "2", NULL }, "give --worksheet FILE or --answers FILE" },
    { { "--worksheet", "a.png", "--format", "png", NULL }, "--format png: a worksheet is written as pdf or txt" },
    { { "--lesson", "tcp-vs-udp", "--worksheet", "-", "--set", "lesson.transport=udp", NULL }, "nothing to ask" },
  };

  g_test_summary ("Wrong worksheet options are refused with one line that says why, exit status 1");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) argv = g_ptr_array_new ();
      g_autofree char *out = NULL, *err = NULL;

      g_ptr_array_add (argv, (gpointer) handshake_path ());
      for (guint j = 0; cases[i].args[j] != NULL; j++)
        g_ptr_array_add (argv, (gpointer) cases[i].args[j]);
      g_ptr_array_add (argv, NULL);
      g_assert_cmpint (run (NULL, NULL, (const char * const *) argv->pdata, &out, &err), ==, 1);
      g_assert_cmpstr (out, ==, "");
      g_assert_true (g_str_has_prefix (err, "handshake: "));
      if (strstr (err, cases[i].says) == NULL)
        g_test_fail_printf ("case %u: “%s” does not say “%s”", i, err, cases[i].says);
    }
}

static void
test_timer_time_blank (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hs-worksheet-XXXXXX", NULL);
  g_autofree char *lesson = g_build_filename (dir, "timer.lesson", NULL);
  g_autofree char *ws_path = g_build_filename (dir, "ws.pdf", NULL);
  g_autofree char *key_path = g_build_filename (dir, "key.pdf", NULL);
  g_autofree char *out = NULL, *err = NULL, *ws = NULL, *key = NULL;
  g_autoptr(GError) error = NULL;
  const char *text =
    "[Lesson]\nTitle=Lost SYN\n"
    "[Client]\nScript=connect; close\n"
    "[Server]\nScript=listen; wait-for eof; close\n"
    "[Network]\nDrop=client:SYN\n"
    "[Questions]\nQuestion1=step 7\n";

  g_test_summary ("A worksheet asking when a timer fires does not print that time on its time axis; "
                  "the answer key does");

  if (!have_poppler ())
    return;

  g_assert_true (g_file_set_contents (lesson, text, -1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (run (dir, NULL, ARGV (handshake_path (), "--lesson", lesson,
                                         "--worksheet", "ws.pdf", "--answers", "key.pdf"), &out, &err), ==, 0);
  ws = pdf_text (ws_path);
  key = pdf_text (key_path);
  hs_test_dir_remove (dir);

  /* step 7 is the SYN's retransmission timeout, 1 s after the start */
  g_assert_nonnull (strstr (ws, "1. Step 7: A timer of the client fires next."));
  g_assert_null (strstr (ws, "1.000000 s"));
  g_assert_nonnull (strstr (ws, "1.010000 s"));
  g_assert_nonnull (strstr (key, "1. Step 7: client: 1000.000 ms"));
  g_assert_nonnull (strstr (key, "1.000000 s"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/cli/worksheet/pdf", test_pdf);
  g_test_add_func ("/cli/worksheet/variants", test_variants);
  g_test_add_func ("/cli/worksheet/txt", test_txt);
  g_test_add_func ("/cli/worksheet/timer-time-blank", test_timer_time_blank);
  g_test_add_func ("/cli/worksheet/errors", test_errors);

  return g_test_run ();
}
