/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-atomic-file.c: write a file so that readers see the old one or the whole new one. */

#define G_LOG_DOMAIN "hs-atomic-file"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "hs-atomic-file.h"
#include "hs-error.h"

#ifndef O_CLOEXEC
# define O_CLOEXEC 0
#endif

static gboolean
set_io_error (GError     **error,
              const char  *path,
              int          saved_errno)
{
  g_autofree char *display_name = g_filename_display_name (path);

  g_set_error (error, HS_ERROR, HS_ERROR_IO,
               /* Translators: the first %s is a file name, the second says
                * why, e.g. Could not write “/root/x.csv”: Permission denied */
               _("Could not write “%s”: %s"),
               display_name, g_strerror (saved_errno));

  return FALSE;
}

static gboolean
write_all (int           fd,
           const guint8 *data,
           gsize         len)
{
  while (len > 0)
    {
      gssize n = write (fd, data, MIN (len, (gsize) G_MAXSSIZE));

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          return FALSE;
        }

      data += n;
      len -= (gsize) n;
    }

  return TRUE;
}

static gboolean
sync_fd (int fd)
{
  for (;;)
    {
      if (fsync (fd) == 0)
        return TRUE;

      if (errno == EINTR)
        continue;

      /* A file system that cannot sync (some FUSE mounts) has nothing to
       * flush that the rename would overtake. */
      return errno == EINVAL;
    }
}

static gboolean
write_stdout (const void  *data,
              gsize        len,
              GError     **error)
{
  /* Through stdio rather than write(2), so that whatever the program has
   * already printed with g_print() comes out first. */
  if ((len > 0 && fwrite (data, 1, len, stdout) != len) || fflush (stdout) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, HS_ERROR, HS_ERROR_IO,
                   /* Translators: %s says why, e.g. Broken pipe */
                   _("Could not write to standard output: %s"),
                   g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

/* Returns an open descriptor on a new file next to @path. g_file_open_tmp()
 * would put it in /tmp, often another file system, where rename() fails. */
static int
create_temporary (const char  *path,
                  char       **tmp_path,
                  int         *saved_errno)
{
  g_autofree char *dirname = g_path_get_dirname (path);
  g_autofree char *basename = g_path_get_basename (path);
  g_autofree char *template_name = g_strdup_printf (".%s.XXXXXX", basename);
  g_autofree char *template_path = g_build_filename (dirname, template_name, NULL);
  struct stat st;
  int fd;

  /* 0666 so that the umask decides, as for any file the user creates. */
  fd = g_mkstemp_full (template_path, O_RDWR | O_CLOEXEC, 0666);

  /* Saved here: the g_autofree cleanups run before the caller looks. */
  if (fd < 0)
    {
      *saved_errno = errno;
      return -1;
    }

  /* Replacing a file must not widen who may read it. */
  if (g_stat (path, &st) == 0 && S_ISREG (st.st_mode) &&
      fchmod (fd, st.st_mode & 07777) != 0)
    g_debug ("Could not copy the mode of %s: %s", path, g_strerror (errno));

  *tmp_path = g_steal_pointer (&template_path);

  return fd;
}

/* Syncs and closes @fd, then renames @tmp_path over @path. Removes
 * @tmp_path on failure. Takes ownership of @fd. */
static gboolean
finish (int          fd,
        const char  *tmp_path,
        const char  *path,
        GError     **error)
{
  int saved_errno;

  if (!sync_fd (fd))
    {
      saved_errno = errno;
      close (fd);
      goto failed;
    }

  /* close() is where NFS reports a failed write. */
  if (close (fd) != 0)
    {
      saved_errno = errno;
      goto failed;
    }

  if (g_rename (tmp_path, path) != 0)
    {
      saved_errno = errno;
      goto failed;
    }

  return TRUE;

failed:
  g_unlink (tmp_path);

  return set_io_error (error, path, saved_errno);
}

gboolean
hs_atomic_file_write (const char  *path,
                      const void  *data,
                      gsize        len,
                      GError     **error)
{
  g_autofree char *tmp_path = NULL;
  int saved_errno = 0;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_str_equal (path, "-"))
    return write_stdout (data, len, error);

  fd = create_temporary (path, &tmp_path, &saved_errno);

  if (fd < 0)
    return set_io_error (error, path, saved_errno);

  if (!write_all (fd, data, len))
    {
      saved_errno = errno;
      close (fd);
      g_unlink (tmp_path);

      return set_io_error (error, path, saved_errno);
    }

  return finish (fd, tmp_path, path, error);
}

char *
hs_atomic_file_begin (const char  *path,
                      GError     **error)
{
  g_autofree char *tmp_path = NULL;
  int saved_errno = 0;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (!g_str_equal (path, "-"), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  fd = create_temporary (path, &tmp_path, &saved_errno);

  if (fd < 0)
    {
      set_io_error (error, path, saved_errno);
      return NULL;
    }

  /* The caller opens it again by name. */
  close (fd);

  return g_steal_pointer (&tmp_path);
}

gboolean
hs_atomic_file_commit (const char  *tmp_path,
                       const char  *path,
                       GError     **error)
{
  int fd;

  g_return_val_if_fail (tmp_path != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Read-only is enough for fsync() on Linux, and works even when the
   * writer left the file without write permission. */
  fd = g_open (tmp_path, O_RDONLY | O_CLOEXEC, 0);

  if (fd < 0)
    {
      int saved_errno = errno;

      g_unlink (tmp_path);

      return set_io_error (error, path, saved_errno);
    }

  return finish (fd, tmp_path, path, error);
}

void
hs_atomic_file_abort (const char *tmp_path)
{
  if (tmp_path != NULL)
    g_unlink (tmp_path);
}
