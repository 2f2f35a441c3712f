/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-output.h: where an export goes: a file replaced whole or not at all,
 * a device or FIFO written straight through, or standard output. */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* An output opened for one export. What it writes to depends on what the
 * path names when it is opened:
 *
 * - "-": standard output, written straight through;
 * - a regular file, or nothing yet: a new file in the same directory that
 *   replaces it atomically on hs_output_commit() (synced, then renamed,
 *   then the directory synced), with the old file's mode; readers see the
 *   old file or the whole new one. Where the file system allows, the new
 *   file has no name until the commit, so a crash or a signal leaves
 *   nothing behind;
 * - a symbolic link: the same for the file it points to, so the link stays;
 * - a character or block device, a FIFO: opened and written straight
 *   through, never replaced.
 *
 * Every write error is reported, naming the path (ENOSPC from a full
 * device too). Freeing an output that was not committed throws away what
 * was written to a file (a device or a pipe has already received it). */
typedef struct _HsOutput HsOutput;

HsOutput      *hs_output_open              (const char    *path,
                                            GError       **error);
/* Borrowed. Writes fail with G_IO_ERROR_CANCELLED once @cancellable, as
 * passed to the write, is cancelled. */
GOutputStream *hs_output_get_stream        (HsOutput      *self);
const char    *hs_output_get_path          (HsOutput      *self);
guint64        hs_output_get_bytes_written (HsOutput      *self);
/* TRUE when the output goes to a regular file (replaced on commit). */
gboolean       hs_output_is_file           (HsOutput      *self);
gboolean       hs_output_commit            (HsOutput      *self,
                                            GError       **error);
void           hs_output_free              (HsOutput      *self);

/* Opens @path, writes @data and commits, in one call. */
gboolean       hs_output_write_file        (const char    *path,
                                            const void    *data,
                                            gsize          len,
                                            GError       **error);

/* Streams write in pieces of this size (a buffer this large is flushed
 * whenever it fills). */
#define HS_OUTPUT_CHUNK_SIZE (64 * 1024)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HsOutput, hs_output_free)

G_END_DECLS
