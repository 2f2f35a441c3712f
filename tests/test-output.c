/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-output.c: where exports go. A regular file is replaced whole or
 * not at all; a symbolic link keeps pointing where it did; a device or a
 * FIFO is written straight through and never replaced; every write error
 * is reported. Device nodes, FIFOs and links are made in a temporary
 * directory, never pointed at the system's own. */

#define G_LOG_DOMAIN "test-output"

#include "config.h"

#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "hs-error.h"
#include "hs-output.h"
#include "hs-test-files.h"


static void
test_atomic_write (void)
{
  g_autofree char *dir = hs_test_dir_new ();
  g_autofree char *path = g_build_filename (dir, "trace.csv", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *listing = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  g_test_summary ("A new file gets exactly the data, and no temporary file "
                  "stays behind");

  g_assert_true (hs_output_write_file (path, "a,b\n1,2\n", 8, &error));
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (contents, len, "a,b\n1,2\n", 8);

  listing = hs_test_dir_list (dir);
  g_assert_cmpstr (listing, ==, "trace.csv");

  hs_test_dir_remove (dir);
}

static void
test_atomic_replace (void)
{
  g_autofree char *dir = hs_test_dir_new ();
  g_autofree char *path = g_build_filename (dir, "trace.txt", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *listing = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;
  gsize len;

  g_test_summary ("Writing over a longer file replaces it completely and "
                  "keeps its permissions");

  g_assert_true (g_file_set_contents (path, "a much longer old content, line after line\n", -1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (path, 0640), ==, 0);

  g_assert_true (hs_output_write_file (path, "new\n", 4, &error));
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (contents, len, "new\n", 4);

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0640);

  /* Empty data makes an empty file. */
  g_assert_true (hs_output_write_file (path, NULL, 0, &error));
  g_assert_no_error (error);
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  g_assert_cmpuint (len, ==, 0);

  listing = hs_test_dir_list (dir);
  g_assert_cmpstr (listing, ==, "trace.txt");

  hs_test_dir_remove (dir);
}

static void
assert_write_fails (const char *path,
                    const char *reason)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = g_strdup_printf ("“%s”: %s", path, reason);

  g_assert_false (hs_output_write_file (path, "data", 4, &error));
  g_assert_error (error, HS_ERROR, HS_ERROR_IO);

  if (strstr (error->message, expected) == NULL)
    g_error ("“%s” does not name the file and the reason (%s)", error->message, expected);

  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_atomic_unwritable (void)
{
  g_autofree char *dir = hs_test_dir_new ();
  g_autofree char *file = g_build_filename (dir, "plain-file", NULL);
  g_autofree char *under_file = g_build_filename (file, "x.csv", NULL);
  g_autofree char *missing = g_build_filename (dir, "no-such-dir", "x.csv", NULL);
  g_autofree char *locked = g_build_filename (dir, "locked", NULL);
  g_autofree char *in_locked = g_build_filename (locked, "x.csv", NULL);
  g_autofree char *listing = NULL;
  g_autoptr(GError) error = NULL;

  g_test_summary ("Writing where no file can be made fails with an error "
                  "naming the file and the reason, and leaves nothing");

  g_assert_true (g_file_set_contents (file, "", 0, &error));
  g_assert_no_error (error);

  assert_write_fails (under_file, g_strerror (ENOTDIR));
  assert_write_fails (missing, g_strerror (ENOENT));

  g_assert_cmpint (g_mkdir (locked, 0500), ==, 0);

  /* root writes into a read-only directory anyway. */
  if (access (locked, W_OK) != 0)
    {
      g_autofree char *locked_listing = NULL;

      assert_write_fails (in_locked, g_strerror (EACCES));
      locked_listing = hs_test_dir_list (locked);
      g_assert_cmpstr (locked_listing, ==, "");
    }
  else
    g_test_message ("Running as root: the read-only directory case is skipped");

  g_assert_cmpint (g_chmod (locked, 0700), ==, 0);

  listing = hs_test_dir_list (dir);
  g_assert_cmpstr (listing, ==, "locked plain-file");

  hs_test_dir_remove (dir);
}

static void
test_atomic_rename_fails (void)
{
  g_autofree char *dir = hs_test_dir_new ();
  g_autofree char *target = g_build_filename (dir, "taken", NULL);
  g_autofree char *inside = g_build_filename (target, "keep", NULL);
  g_autofree char *listing = NULL;
  g_autoptr(GError) error = NULL;

  g_test_summary ("When the final rename fails the temporary file is "
                  "removed and what was there is untouched");

  g_assert_cmpint (g_mkdir (target, 0700), ==, 0);
  g_assert_true (g_file_set_contents (inside, "x", 1, &error));
  g_assert_no_error (error);

  g_assert_false (hs_output_write_file (target, "data", 4, &error));
  g_assert_error (error, HS_ERROR, HS_ERROR_IO);
  g_assert_nonnull (strstr (error->message, target));

  listing = hs_test_dir_list (dir);
  g_assert_cmpstr (listing, ==, "taken");
  g_assert_true (g_file_test (inside, G_FILE_TEST_IS_REGULAR));

  hs_test_dir_remove (dir);
}

static void
test_atomic_write_fails (void)
{
  g_test_summary ("When writing the data fails (here: the file size limit) "
                  "the error names the file and the temporary is removed");

  if (g_test_subprocess ())
    {
      g_autofree char *dir = hs_test_dir_new ();
      g_autofree char *path = g_build_filename (dir, "big.json", NULL);
      g_autofree char *data = g_malloc0 (64 * 1024);
      g_autofree char *listing = NULL;
      g_autoptr(GError) error = NULL;
      struct rlimit limit = { 4096, 4096 };

      /* Past the limit write() fails with EFBIG instead of killing us. */
      signal (SIGXFSZ, SIG_IGN);
      g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);

      g_assert_false (hs_output_write_file (path, data, 64 * 1024, &error));
      g_assert_error (error, HS_ERROR, HS_ERROR_IO);
      g_assert_nonnull (strstr (error->message, path));
      g_assert_nonnull (strstr (error->message, g_strerror (EFBIG)));

      listing = hs_test_dir_list (dir);
      g_assert_cmpstr (listing, ==, "");
      hs_test_dir_remove (dir);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
test_atomic_stdout (void)
{
  g_test_summary ("The path - writes to standard output");

  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (hs_output_write_file ("-", "ladder\n", 7, &error));
      g_assert_no_error (error);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("ladder\n");
}


static void
test_symlink_kept (void)
{
  g_autofree char *dir = hs_test_dir_new ();
  g_autofree char *run = g_build_filename (dir, "run-42.csv", NULL);
  g_autofree char *latest = g_build_filename (dir, "latest.csv", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *link = NULL;
  g_autofree char *listing = NULL;
  g_autoptr(GError) error = NULL;

  g_test_summary ("Writing to a symbolic link replaces the file it points to "
                  "and leaves the link in place");

  g_assert_true (g_file_set_contents (run, "old\n", -1, &error));
  g_assert_cmpint (symlink ("run-42.csv", latest), ==, 0);

  g_assert_true (hs_output_write_file (latest, "new\n", 4, &error));
  g_assert_no_error (error);

  g_assert_true (g_file_test (latest, G_FILE_TEST_IS_SYMLINK));
  link = g_file_read_link (latest, &error);
  g_assert_cmpstr (link, ==, "run-42.csv");
  g_assert_true (g_file_get_contents (run, &contents, NULL, &error));
  g_assert_cmpstr (contents, ==, "new\n");

  listing = hs_test_dir_list (dir);
  g_assert_cmpstr (listing, ==, "latest.csv run-42.csv");

  hs_test_dir_remove (dir);
}

static void
test_symlink_chain_and_dangling (void)
{
  g_autofree char *dir = hs_test_dir_new ();
  g_autofree char *sub = g_build_filename (dir, "sub", NULL);
  g_autofree char *a = g_build_filename (dir, "a", NULL);
  g_autofree char *b = g_build_filename (sub, "b", NULL);
  g_autofree char *target = g_build_filename (sub, "target.txt", NULL);
  g_autofree char *loop1 = g_build_filename (dir, "loop1", NULL);
  g_autofree char *loop2 = g_build_filename (dir, "loop2", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_test_summary ("A chain of links, relative to each link's directory, is "
                  "followed to a file not made yet; a loop is an error");

  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
  g_assert_cmpint (symlink ("sub/b", a), ==, 0);
  g_assert_cmpint (symlink ("target.txt", b), ==, 0);

  g_assert_true (hs_output_write_file (a, "made\n", 5, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (a, G_FILE_TEST_IS_SYMLINK));
  g_assert_true (g_file_test (b, G_FILE_TEST_IS_SYMLINK));
  g_assert_true (g_file_get_contents (target, &contents, NULL, &error));
  g_assert_cmpstr (contents, ==, "made\n");

  g_assert_cmpint (symlink ("loop2", loop1), ==, 0);
  g_assert_cmpint (symlink ("loop1", loop2), ==, 0);
  g_assert_false (hs_output_write_file (loop1, "x", 1, &error));
  g_assert_error (error, HS_ERROR, HS_ERROR_IO);
  g_assert_nonnull (strstr (error->message, loop1));
  g_assert_true (g_file_test (loop1, G_FILE_TEST_IS_SYMLINK));

  hs_test_dir_remove (dir);
}

static void
test_fifo_straight_through (void)
{
  g_autofree char *dir = hs_test_dir_new ();
  g_autofree char *fifo = g_build_filename (dir, "pipe", NULL);
  g_autoptr(GString) read = NULL;
  g_autoptr(GError) error = NULL;
  GThread *thread;
  GStatBuf st;

  g_test_summary ("A FIFO's reader receives the data, and the FIFO stays a FIFO");

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  thread = hs_test_read_fifo (fifo);

  g_assert_true (hs_output_write_file (fifo, "a,b\n1,2\n", 8, &error));
  g_assert_no_error (error);
  read = g_thread_join (thread);

  g_assert_cmpstr (read->str, ==, "a,b\n1,2\n");
  g_assert_cmpint (g_lstat (fifo, &st), ==, 0);
  g_assert_true (S_ISFIFO (st.st_mode));

  hs_test_dir_remove (dir);
}

static void
test_device_straight_through (void)
{
  g_autofree char *dir = hs_test_dir_new ();
  g_autofree char *null_dev = hs_test_make_char_device (dir, "null", 3);
  g_autofree char *full_dev = NULL;
  g_autofree char *listing = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  g_test_summary ("A character device is written, never replaced by a file; "
                  "a full one (ENOSPC) is an error naming it");

  if (null_dev == NULL)
    {
      hs_test_dir_remove (dir);
      g_test_skip ("Cannot make device nodes here (not root)");
      return;
    }
  full_dev = hs_test_make_char_device (dir, "full", 7);

  g_assert_true (hs_output_write_file (null_dev, "a,b\n", 4, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_lstat (null_dev, &st), ==, 0);
  g_assert_true (S_ISCHR (st.st_mode));

  g_assert_false (hs_output_write_file (full_dev, "a,b\n", 4, &error));
  g_assert_error (error, HS_ERROR, HS_ERROR_IO);
  g_assert_nonnull (strstr (error->message, full_dev));
  g_assert_nonnull (strstr (error->message, g_strerror (ENOSPC)));
  g_assert_cmpint (g_lstat (full_dev, &st), ==, 0);
  g_assert_true (S_ISCHR (st.st_mode));

  listing = hs_test_dir_list (dir);
  g_assert_cmpstr (listing, ==, "full null");

  hs_test_dir_remove (dir);
}

static void
test_abandoned (void)
{
  g_autofree char *dir = hs_test_dir_new ();
  g_autofree char *path = g_build_filename (dir, "trace.json", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *listing = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  HsOutput *output;

  g_test_summary ("An output freed without a commit, or cancelled while "
                  "writing, leaves the old file as it was and nothing else");

  g_assert_true (g_file_set_contents (path, "old\n", -1, &error));

  output = hs_output_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (hs_output_is_file (output));
  g_assert_true (g_output_stream_write_all (hs_output_get_stream (output), "partial", 7,
                                            NULL, NULL, &error));
  g_assert_cmpuint (hs_output_get_bytes_written (output), ==, 7);
  hs_output_free (output);

  output = hs_output_open (path, &error);
  g_cancellable_cancel (cancellable);
  g_assert_false (g_output_stream_write_all (hs_output_get_stream (output), "partial", 7,
                                             NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  hs_output_free (output);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "old\n");
  listing = hs_test_dir_list (dir);
  g_assert_cmpstr (listing, ==, "trace.json");

  hs_test_dir_remove (dir);
}

static void
test_no_name_until_commit (void)
{
  g_autofree char *dir = hs_test_dir_new ();
  g_autofree char *path = g_build_filename (dir, "trace.txt", NULL);
  g_autofree char *listing = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HsOutput) output = NULL;

  g_test_summary ("While an export is written, the directory shows no new "
                  "name, so a process killed then leaves nothing behind");

  output = hs_output_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (hs_output_get_stream (output), "x", 1,
                                            NULL, NULL, &error));
  listing = hs_test_dir_list (dir);
  /* Every file system this project is tested on has O_TMPFILE (ext4, xfs,
   * btrfs, tmpfs); elsewhere a hidden name stands in for it. */
  g_assert_cmpstr (listing, ==, "");

  g_assert_true (hs_output_commit (output, &error));
  g_clear_pointer (&listing, g_free);
  listing = hs_test_dir_list (dir);
  g_assert_cmpstr (listing, ==, "trace.txt");

  hs_test_dir_remove (dir);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/engine/output/write", test_atomic_write);
  g_test_add_func ("/engine/output/replace", test_atomic_replace);
  g_test_add_func ("/engine/output/unwritable", test_atomic_unwritable);
  g_test_add_func ("/engine/output/write-fails", test_atomic_write_fails);
  g_test_add_func ("/engine/output/rename-fails", test_atomic_rename_fails);
  g_test_add_func ("/engine/output/stdout", test_atomic_stdout);
  g_test_add_func ("/engine/output/symlink", test_symlink_kept);
  g_test_add_func ("/engine/output/symlink-chain", test_symlink_chain_and_dangling);
  g_test_add_func ("/engine/output/fifo", test_fifo_straight_through);
  g_test_add_func ("/engine/output/device", test_device_straight_through);
  g_test_add_func ("/engine/output/abandoned", test_abandoned);
  g_test_add_func ("/engine/output/no-name-until-commit", test_no_name_until_commit);

  return g_test_run ();
}
