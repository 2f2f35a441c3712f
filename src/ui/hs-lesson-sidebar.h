/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-lesson-sidebar.h: the lesson library: built-in lessons grouped by
 * topic, the teachers' own lesson folders ("My Lessons", "Installed
 * Lessons", hs-lesson-library.h, followed as they change), lessons opened
 * from files and recent files, with a search. */

#pragma once

#include <gtk/gtk.h>

#include "hs-lesson-library.h"

G_BEGIN_DECLS

#define HS_TYPE_LESSON_SIDEBAR (hs_lesson_sidebar_get_type ())
G_DECLARE_FINAL_TYPE (HsLessonSidebar, hs_lesson_sidebar, HS, LESSON_SIDEBAR, GtkWidget)

GtkWidget *hs_lesson_sidebar_new          (void);
/* Files (lessons and captures) listed under "Files", newest first. */
void       hs_lesson_sidebar_set_files    (HsLessonSidebar    *self,
                                           const char * const *paths);
/* Marks the lesson shown: a built-in id or a path. */
void       hs_lesson_sidebar_set_current  (HsLessonSidebar    *self,
                                           const char         *id_or_path);
void       hs_lesson_sidebar_focus_search (HsLessonSidebar    *self);
/* The teachers' own lessons that the sidebar lists (monitored). */
HsLessonLibrary *hs_lesson_sidebar_get_library (HsLessonSidebar *self);
/* The translated name of a lesson topic ("setup" → "Connection Set-Up"). */
const char *hs_lesson_topic_label         (const char         *topic);

G_END_DECLS
