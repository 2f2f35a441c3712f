/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-output.c: where an export goes: a file replaced whole or not at all,
 * a device or FIFO written straight through, or standard output. */

#define G_LOG_DOMAIN "hs-output"
/* O_TMPFILE, linkat()'s AT_EMPTY_PATH */
#define _GNU_SOURCE

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "hs-error.h"
#include "hs-output.h"

#ifndef O_CLOEXEC
# define O_CLOEXEC 0
#endif

/* How many links a path may go through before it is a loop (Linux's own
 * limit, MAXSYMLINKS). */
#define MAX_SYMLINKS 40

typedef enum
{
  KIND_STDOUT,   /* fd 1, not ours to close */
  KIND_STRAIGHT, /* a device or FIFO, written in place */
  KIND_REPLACE,  /* a new file that replaces the target on commit */
} OutputKind;

struct _HsOutput
{
  GOutputStream *stream;     /* owned */
  char          *path;       /* as the user named it, for messages */
  char          *target;     /* what is replaced: @path with links followed */
  char          *basename;   /* of @target, in @dir_fd */
  char          *tmp_name;   /* the new file's name in @dir_fd, when it has one */
  OutputKind     kind;
  int            fd;
  int            dir_fd;     /* the directory of @target (KIND_REPLACE) */
  gboolean       anonymous;  /* O_TMPFILE: no name until the commit */
  gboolean       done;       /* committed, or failed while committing */
};

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
set_stdout_error (GError **error,
                  int      saved_errno)
{
  g_set_error (error, HS_ERROR, HS_ERROR_IO,
               /* Translators: %s says why, e.g. Broken pipe */
               _("Could not write to standard output: %s"),
               g_strerror (saved_errno));
  return FALSE;
}

/* ------------------------------------------------------ the stream -- */

/* A GOutputStream on the output's descriptor whose errors name the path
 * the user gave, and which counts what it wrote. GUnixOutputStream's
 * messages say "Error writing to file descriptor", which helps nobody. */
#define HS_TYPE_FD_STREAM (hs_fd_stream_get_type ())
G_DECLARE_FINAL_TYPE (HsFdStream, hs_fd_stream, HS, FD_STREAM, GOutputStream)

struct _HsFdStream
{
  GOutputStream  parent_instance;

  HsOutput      *output;  /* borrowed: the output owns the stream */
  guint64        written;
};

G_DEFINE_FINAL_TYPE (HsFdStream, hs_fd_stream, G_TYPE_OUTPUT_STREAM)

static gssize
hs_fd_stream_write_fn (GOutputStream  *stream,
                       const void     *buffer,
                       gsize           count,
                       GCancellable   *cancellable,
                       GError        **error)
{
  HsFdStream *self = HS_FD_STREAM (stream);
  HsOutput *output = self->output;
  gssize n;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return -1;

  do
    n = write (output->fd, buffer, MIN (count, (gsize) G_MAXSSIZE));
  while (n < 0 && errno == EINTR);

  if (n < 0)
    {
      int saved_errno = errno;

      if (output->kind == KIND_STDOUT)
        set_stdout_error (error, saved_errno);
      else
        set_io_error (error, output->path, saved_errno);
      return -1;
    }

  self->written += (guint64) n;

  return n;
}

static gboolean
hs_fd_stream_close_fn (GOutputStream  *stream,
                       GCancellable   *cancellable,
                       GError        **error)
{
  /* The output closes the descriptor when it commits or is freed. */
  return TRUE;
}

static void
hs_fd_stream_class_init (HsFdStreamClass *klass)
{
  GOutputStreamClass *stream_class = G_OUTPUT_STREAM_CLASS (klass);

  stream_class->write_fn = hs_fd_stream_write_fn;
  stream_class->close_fn = hs_fd_stream_close_fn;
}

static void
hs_fd_stream_init (HsFdStream *self)
{
}

/* ------------------------------------------------------ the target -- */

/* @path with every symbolic link on its last component followed, even a
 * link to a file that does not exist yet (which is then created). Links in
 * the directories on the way are left to the kernel. */
static char *
follow_links (const char  *path,
              GError     **error)
{
  g_autofree char *current = g_strdup (path);

  for (guint hops = 0; hops <= MAX_SYMLINKS; hops++)
    {
      g_autoptr(GError) local = NULL;
      g_autofree char *link = NULL;
      struct stat st;

      if (g_lstat (current, &st) != 0 || !S_ISLNK (st.st_mode))
        return g_steal_pointer (&current);

      link = g_file_read_link (current, &local);
      if (link == NULL)
        {
          g_autofree char *display_name = g_filename_display_name (path);

          g_set_error (error, HS_ERROR, HS_ERROR_IO, _("Could not write “%s”: %s"),
                       display_name, local->message);
          return NULL;
        }

      if (g_path_is_absolute (link))
        {
          g_free (current);
          current = g_steal_pointer (&link);
        }
      else
        {
          g_autofree char *dir = g_path_get_dirname (current);

          g_free (current);
          current = g_build_filename (dir, link, NULL);
        }
    }

  set_io_error (error, path, ELOOP);
  return NULL;
}

static void
close_fd (int *fd)
{
  if (*fd >= 0)
    {
      close (*fd);
      *fd = -1;
    }
}

/* A name for the new file beside the target, hidden from listings. */
static char *
temporary_name (const char *basename)
{
  return g_strdup_printf (".%s.%08x", basename, g_random_int ());
}

static gboolean
open_replacement (HsOutput     *self,
                  const struct stat *old,
                  GError      **error)
{
  g_autofree char *dirname = g_path_get_dirname (self->target);

  self->basename = g_path_get_basename (self->target);
  self->dir_fd = open (dirname, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (self->dir_fd < 0)
    return set_io_error (error, self->path, errno);

#ifdef O_TMPFILE
  /* 0666 so that the umask decides, as for any file the user creates. */
  self->fd = openat (self->dir_fd, ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
  if (self->fd >= 0)
    self->anonymous = TRUE;
  else if (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL && errno != ENOENT)
    return set_io_error (error, self->path, errno);
#endif

  for (guint tries = 0; self->fd < 0 && tries < 100; tries++)
    {
      g_free (self->tmp_name);
      self->tmp_name = temporary_name (self->basename);
      self->fd = openat (self->dir_fd, self->tmp_name,
                         O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOCTTY, 0666);
      if (self->fd < 0 && errno != EEXIST)
        {
          int saved_errno = errno;

          g_clear_pointer (&self->tmp_name, g_free);
          return set_io_error (error, self->path, saved_errno);
        }
    }
  if (self->fd < 0)
    {
      g_clear_pointer (&self->tmp_name, g_free);
      return set_io_error (error, self->path, EEXIST);
    }

  if (old != NULL)
    {
      /* Replacing a file must not widen who may read it, nor, for root,
       * take it from its owner. */
      if (fchmod (self->fd, old->st_mode & 07777) != 0)
        g_debug ("Could not copy the mode of %s: %s", self->target, g_strerror (errno));
      if (geteuid () == 0 && fchown (self->fd, old->st_uid, old->st_gid) != 0)
        g_debug ("Could not copy the owner of %s: %s", self->target, g_strerror (errno));
    }

  return TRUE;
}

HsOutput *
hs_output_open (const char  *path,
                GError     **error)
{
  g_autoptr(HsOutput) self = NULL;
  HsFdStream *stream;
  struct stat st;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_new0 (HsOutput, 1);
  self->path = g_strdup (path);
  self->fd = -1;
  self->dir_fd = -1;

  if (g_str_equal (path, "-"))
    {
      self->kind = KIND_STDOUT;
      self->fd = STDOUT_FILENO;
      /* What the program printed with stdio comes first. */
      if (fflush (stdout) != 0)
        {
          set_stdout_error (error, errno);
          return NULL;
        }
    }
  else
    {
      self->target = follow_links (path, error);
      if (self->target == NULL)
        return NULL;

      if (g_stat (self->target, &st) != 0)
        {
          if (errno != ENOENT)
            {
              set_io_error (error, path, errno);
              return NULL;
            }
          self->kind = KIND_REPLACE;
          if (!open_replacement (self, NULL, error))
            return NULL;
        }
      else if (S_ISREG (st.st_mode))
        {
          self->kind = KIND_REPLACE;
          if (!open_replacement (self, &st, error))
            return NULL;
        }
      else if (S_ISDIR (st.st_mode))
        {
          set_io_error (error, path, EISDIR);
          return NULL;
        }
      else
        {
          /* A device or FIFO: never replaced, never truncated (a FIFO's
           * open waits for a reader, as it does for any writer). */
          self->kind = KIND_STRAIGHT;
          do
            self->fd = open (self->target, O_WRONLY | O_NOCTTY | O_CLOEXEC);
          while (self->fd < 0 && errno == EINTR);
          if (self->fd < 0)
            {
              set_io_error (error, path, errno);
              return NULL;
            }
        }
    }

  stream = g_object_new (HS_TYPE_FD_STREAM, NULL);
  stream->output = self;
  self->stream = G_OUTPUT_STREAM (stream);

  return g_steal_pointer (&self);
}

GOutputStream *
hs_output_get_stream (HsOutput *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->stream;
}

const char *
hs_output_get_path (HsOutput *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->path;
}

guint64
hs_output_get_bytes_written (HsOutput *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return HS_FD_STREAM (self->stream)->written;
}

gboolean
hs_output_is_file (HsOutput *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->kind == KIND_REPLACE;
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
      /* Devices, pipes and some file systems (FUSE) cannot sync, and have
       * nothing a rename could overtake. */
      return errno == EINVAL || errno == EROFS || errno == ENOTSUP;
    }
}

/* Gives the anonymous file a name beside the target. */
static gboolean
name_anonymous (HsOutput *self)
{
  g_autofree char *proc = g_strdup_printf ("/proc/self/fd/%d", self->fd);

  for (guint tries = 0; tries < 100; tries++)
    {
      g_free (self->tmp_name);
      self->tmp_name = temporary_name (self->basename);

      if (linkat (AT_FDCWD, proc, self->dir_fd, self->tmp_name, AT_SYMLINK_FOLLOW) == 0)
        return TRUE;
#ifdef AT_EMPTY_PATH
      /* Without /proc, root may link the descriptor itself. */
      if (errno == ENOENT &&
          linkat (self->fd, "", self->dir_fd, self->tmp_name, AT_EMPTY_PATH) == 0)
        return TRUE;
#endif
      if (errno != EEXIST)
        break;
    }

  g_clear_pointer (&self->tmp_name, g_free);
  return FALSE;
}

gboolean
hs_output_commit (HsOutput  *self,
                  GError   **error)
{
  int saved_errno;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (!self->done, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  self->done = TRUE;

  switch (self->kind)
    {
    case KIND_STDOUT:
      /* Nothing is buffered: every write went to the descriptor. */
      return TRUE;

    case KIND_STRAIGHT:
      if (!sync_fd (self->fd))
        {
          set_io_error (error, self->path, errno);
          close_fd (&self->fd);
          return FALSE;
        }
      /* close() is where some devices and NFS report a failed write. */
      if (close (self->fd) != 0)
        {
          self->fd = -1;
          return set_io_error (error, self->path, errno);
        }
      self->fd = -1;
      return TRUE;

    case KIND_REPLACE:
    default:
      break;
    }

  if (!sync_fd (self->fd))
    goto failed;
  if (self->anonymous && !name_anonymous (self))
    goto failed;
  if (close (self->fd) != 0)
    {
      self->fd = -1;
      goto failed;
    }
  self->fd = -1;
  if (renameat (self->dir_fd, self->tmp_name, self->dir_fd, self->basename) != 0)
    goto failed;
  g_clear_pointer (&self->tmp_name, g_free);

  /* The rename is on disk only once the directory is. */
  if (!sync_fd (self->dir_fd))
    g_debug ("Could not sync the directory of %s: %s", self->target, g_strerror (errno));

  return TRUE;

failed:
  saved_errno = errno;
  close_fd (&self->fd);
  if (self->tmp_name != NULL)
    {
      unlinkat (self->dir_fd, self->tmp_name, 0);
      g_clear_pointer (&self->tmp_name, g_free);
    }
  return set_io_error (error, self->path, saved_errno);
}

void
hs_output_free (HsOutput *self)
{
  if (self == NULL)
    return;

  if (self->kind != KIND_STDOUT)
    close_fd (&self->fd);
  if (self->tmp_name != NULL && self->dir_fd >= 0)
    unlinkat (self->dir_fd, self->tmp_name, 0);
  close_fd (&self->dir_fd);
  if (self->stream != NULL)
    {
      HS_FD_STREAM (self->stream)->output = NULL;
      g_object_unref (self->stream);
    }
  g_free (self->path);
  g_free (self->target);
  g_free (self->basename);
  g_free (self->tmp_name);
  g_free (self);
}

gboolean
hs_output_write_file (const char  *path,
                      const void  *data,
                      gsize        len,
                      GError     **error)
{
  g_autoptr(HsOutput) output = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  output = hs_output_open (path, error);
  if (output == NULL)
    return FALSE;
  if (len > 0 && !g_output_stream_write_all (output->stream, data, len, NULL, NULL, error))
    return FALSE;

  return hs_output_commit (output, error);
}
