/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-test-files.h: what tests of writing out need around them: a
 * temporary directory, its listing, a FIFO's reader, device nodes made in
 * that directory (never the system's own). */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A new empty directory under the temporary directory. */
char     *hs_test_dir_new            (void);
/* Removes @dir with everything in it. */
void      hs_test_dir_remove         (const char *dir);
/* The names in @dir, hidden ones too, sorted, joined by spaces. */
char     *hs_test_dir_list           (const char *dir);

/* A character device node @name in @dir with major 1 and @minor, like the
 * system's null (3) or full (7); NULL when this user may not make one. */
char     *hs_test_make_char_device   (const char *dir,
                                      const char *name,
                                      guint       minor);

/* Reads the FIFO @path to its end in a thread; join it to get what was
 * read (a GString *, owned by the caller). */
GThread  *hs_test_read_fifo          (const char *path);

char     *hs_test_read_file          (const char *path);

G_END_DECLS
