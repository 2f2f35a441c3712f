/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-output.c: where exports go. A regular file is replaced whole or
 * not at all; a symbolic link keeps pointing where it did; a device or a
 * FIFO is written straight through and never replaced; every write error
 * is reported. Device nodes, FIFOs and links are made in a temporary
 * directory, never pointed at the system's own. */

#define G_LOG_DOMAIN "test-output"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "hs-error.h"
#include "hs-output.h"


static char *
make_test_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("test-output-XXXXXX", &error);

  g_assert_no_error (error);

  return dir;
}

/* Removes @dir and the plain files in it. */
static void
remove_test_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        remove_test_dir (path);
      else
        g_assert_cmpint (g_unlink (path), ==, 0);
    }

  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The names in @dir, sorted, joined by spaces. */
static char *
list_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (d);

  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));

  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);

  return g_strjoinv (" ", (char **) names->pdata);
}

static void
test_atomic_write (void)
{
  g_autofree char *dir = make_test_dir ();
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

  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "trace.csv");

  remove_test_dir (dir);
}

static void
test_atomic_replace (void)
{
  g_autofree char *dir = make_test_dir ();
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

  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "trace.txt");

  remove_test_dir (dir);
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
  g_autofree char *dir = make_test_dir ();
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
      locked_listing = list_dir (locked);
      g_assert_cmpstr (locked_listing, ==, "");
    }
  else
    g_test_message ("Running as root: the read-only directory case is skipped");

  g_assert_cmpint (g_chmod (locked, 0700), ==, 0);

  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "locked plain-file");

  remove_test_dir (dir);
}

static void
test_atomic_rename_fails (void)
{
  g_autofree char *dir = make_test_dir ();
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

  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "taken");
  g_assert_true (g_file_test (inside, G_FILE_TEST_IS_REGULAR));

  remove_test_dir (dir);
}

static void
test_atomic_write_fails (void)
{
  g_test_summary ("When writing the data fails (here: the file size limit) "
                  "the error names the file and the temporary is removed");

  if (g_test_subprocess ())
    {
      g_autofree char *dir = make_test_dir ();
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

      listing = list_dir (dir);
      g_assert_cmpstr (listing, ==, "");
      remove_test_dir (dir);
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
  g_autofree char *dir = make_test_dir ();
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

  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "latest.csv run-42.csv");

  remove_test_dir (dir);
}

static void
test_symlink_chain_and_dangling (void)
{
  g_autofree char *dir = make_test_dir ();
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

  remove_test_dir (dir);
}

typedef struct
{
  char    *path;
  GString *read;
} FifoReader;

static gpointer
read_fifo (gpointer data)
{
  FifoReader *reader = data;
  char buf[4096];
  int fd = g_open (reader->path, O_RDONLY, 0);
  gssize n;

  g_assert_cmpint (fd, >=, 0);
  while ((n = read (fd, buf, sizeof buf)) > 0)
    g_string_append_len (reader->read, buf, n);
  close (fd);

  return NULL;
}

static void
test_fifo_straight_through (void)
{
  g_autofree char *dir = make_test_dir ();
  g_autofree char *fifo = g_build_filename (dir, "pipe", NULL);
  g_autoptr(GString) read = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  FifoReader reader = { fifo, read };
  GThread *thread;
  GStatBuf st;

  g_test_summary ("A FIFO's reader receives the data, and the FIFO stays a FIFO");

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  thread = g_thread_new ("reader", read_fifo, &reader);

  g_assert_true (hs_output_write_file (fifo, "a,b\n1,2\n", 8, &error));
  g_assert_no_error (error);
  g_thread_join (thread);

  g_assert_cmpstr (read->str, ==, "a,b\n1,2\n");
  g_assert_cmpint (g_lstat (fifo, &st), ==, 0);
  g_assert_true (S_ISFIFO (st.st_mode));

  remove_test_dir (dir);
}

/* A character device node in @dir like the system's null (1, 3) or full
 * (1, 7), or NULL when this user may not make one. */
static char *
make_device (const char *dir,
             const char *name,
             guint       minor)
{
  char *path = g_build_filename (dir, name, NULL);

  if (mknod (path, S_IFCHR | 0600, makedev (1, minor)) != 0)
    {
      g_test_message ("mknod %s: %s", path, g_strerror (errno));
      g_free (path);
      return NULL;
    }

  return path;
}

static void
test_device_straight_through (void)
{
  g_autofree char *dir = make_test_dir ();
  g_autofree char *null_dev = make_device (dir, "null", 3);
  g_autofree char *full_dev = NULL;
  g_autofree char *listing = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  g_test_summary ("A character device is written, never replaced by a file; "
                  "a full one (ENOSPC) is an error naming it");

  if (null_dev == NULL)
    {
      remove_test_dir (dir);
      g_test_skip ("Cannot make device nodes here (not root)");
      return;
    }
  full_dev = make_device (dir, "full", 7);

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

  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "full null");

  remove_test_dir (dir);
}

static void
test_abandoned (void)
{
  g_autofree char *dir = make_test_dir ();
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
  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "trace.json");

  remove_test_dir (dir);
}

static void
test_no_name_until_commit (void)
{
  g_autofree char *dir = make_test_dir ();
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
  listing = list_dir (dir);
  /* Every file system this project is tested on has O_TMPFILE (ext4, xfs,
   * btrfs, tmpfs); elsewhere a hidden name stands in for it. */
  g_assert_cmpstr (listing, ==, "");

  g_assert_true (hs_output_commit (output, &error));
  g_clear_pointer (&listing, g_free);
  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "trace.txt");

  remove_test_dir (dir);
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
