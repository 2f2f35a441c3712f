/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-atomic-file.h: write a file so that readers see the old one or the whole new one. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Writes @data to @path through a temporary file in the same directory,
 * flushed to disk and renamed over @path; "-" writes to standard output.
 * On failure nothing is left behind and @error (HS_ERROR_IO) names @path. */
gboolean  hs_atomic_file_write  (const char  *path,
                                 const void  *data,
                                 gsize        len,
                                 GError     **error);

/* For writers that must open a path themselves (cairo surfaces): creates an
 * empty temporary file next to @path and returns its name. Then either
 * hs_atomic_file_commit() (which removes the temporary when it fails) or
 * hs_atomic_file_abort(). @path must not be "-". */
char     *hs_atomic_file_begin  (const char  *path,
                                 GError     **error);
gboolean  hs_atomic_file_commit (const char  *tmp_path,
                                 const char  *path,
                                 GError     **error);
void      hs_atomic_file_abort  (const char  *tmp_path);

G_END_DECLS
