/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-test-files.c: what tests of writing out need around them: a
 * temporary directory, its listing, a FIFO's reader, device nodes made in
 * that directory (never the system's own). */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "hs-test-files.h"

char *
hs_test_dir_new (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("hs-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
hs_test_dir_remove (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        hs_test_dir_remove (path);
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

char *
hs_test_dir_list (const char *dir)
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

char *
hs_test_make_char_device (const char *dir,
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

static gpointer
read_fifo (gpointer data)
{
  g_autofree char *path = data;
  GString *got = g_string_new (NULL);
  char buf[4096];
  int fd = g_open (path, O_RDONLY, 0);
  gssize n;

  g_assert_cmpint (fd, >=, 0);
  while ((n = read (fd, buf, sizeof buf)) > 0)
    g_string_append_len (got, buf, n);
  close (fd);
  return got;
}

GThread *
hs_test_read_fifo (const char *path)
{
  return g_thread_new ("fifo-reader", read_fifo, g_strdup (path));
}

char *
hs_test_read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  return contents;
}
