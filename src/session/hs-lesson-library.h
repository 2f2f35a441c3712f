/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-lesson-library.h: teachers' own lesson files, beside the built-in
 * lessons: $XDG_DATA_HOME/handshake/lessons ("My Lessons", where "Save
 * Lesson As…" writes by default) and every $XDG_DATA_DIRS/handshake/lessons
 * ("Installed Lessons", a school's lesson pack). GLib only: the window's
 * library and `handshake --list-lessons` read the same list.
 *
 * Every *.lesson file in those folders is listed, sorted by file name
 * within its folder, the user's folder first. A file that cannot be read
 * is listed too, with the parser's error (file, line and what is wrong),
 * rather than hidden. A file name found in an earlier folder hides the
 * same name in a later one, as XDG data files do. When monitored, the
 * library reads the folders again when a file in them changes, and emits
 * "changed". */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  HS_LESSON_ORIGIN_USER,        /* $XDG_DATA_HOME/handshake/lessons */
  HS_LESSON_ORIGIN_INSTALLED,   /* $XDG_DATA_DIRS/…/handshake/lessons */
} HsLessonOrigin;

typedef struct
{
  char           *path;
  HsLessonOrigin  origin;
  char           *title;        /* in the user's language; the file's name when broken */
  char           *description;  /* NULL when broken */
  char           *topic;        /* the file's Topic key, or NULL */
  GError         *error;        /* why the file cannot be read, or NULL */
} HsLessonFile;

#define HS_TYPE_LESSON_LIBRARY (hs_lesson_library_get_type ())
G_DECLARE_FINAL_TYPE (HsLessonLibrary, hs_lesson_library, HS, LESSON_LIBRARY, GObject)

/* The folders of the XDG base directories, read at once; not monitored. */
HsLessonLibrary     *hs_lesson_library_new            (void);
/* The same with other folders: @user_dir and @installed_dirs are lesson
 * folders themselves (no handshake/lessons appended). For tests. */
HsLessonLibrary     *hs_lesson_library_new_for_dirs   (const char          *user_dir,
                                                       const char * const  *installed_dirs);

/* Watches the folders (GFileMonitor), even those that do not exist yet,
 * and reads them again when they change. */
void                 hs_lesson_library_set_monitored  (HsLessonLibrary     *self,
                                                       gboolean             monitored);
/* Reads the folders again; emits "changed". */
void                 hs_lesson_library_reload         (HsLessonLibrary     *self);

/* The lesson files, in order. Owned by the library, valid until the next
 * "changed". */
guint                hs_lesson_library_get_n_lessons  (HsLessonLibrary     *self);
const HsLessonFile  *hs_lesson_library_get_lesson     (HsLessonLibrary     *self,
                                                       guint                index);

/* The user's lesson folder, where new lessons are saved. */
const char          *hs_lesson_library_get_user_dir   (HsLessonLibrary     *self);
/* $XDG_DATA_HOME/handshake/lessons, created (with its parents) if needed;
 * NULL with an HS_ERROR_IO error when it cannot be. Newly allocated. */
char                *hs_lesson_library_ensure_user_dir (GError            **error);

G_END_DECLS
