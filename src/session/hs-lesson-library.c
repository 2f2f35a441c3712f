/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-lesson-library.c: teachers' own lesson folders, read and watched. */

#define G_LOG_DOMAIN "hs-lesson-library"

#include "config.h"

#include <errno.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "hs-error.h"
#include "hs-lesson-library.h"
#include "hs-scenario.h"

/* Editors save in several steps (a temporary file, a rename, a
 * permission change): one reading after the last of them. */
#define RELOAD_DELAY_MS 150

struct _HsLessonLibrary
{
  GObject     parent_instance;

  /* owned */
  char       *user_dir;
  GStrv       installed_dirs;
  GPtrArray  *lessons;      /* HsLessonFile */
  GPtrArray  *monitors;     /* GFileMonitor, or NULL when not monitored */

  /* plain state */
  guint       reload_id;
};

G_DEFINE_FINAL_TYPE (HsLessonLibrary, hs_lesson_library, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
lesson_file_free (gpointer data)
{
  HsLessonFile *lesson = data;

  g_free (lesson->path);
  g_free (lesson->title);
  g_free (lesson->description);
  g_free (lesson->topic);
  g_clear_error (&lesson->error);
  g_free (lesson);
}

static HsLessonFile *
read_lesson (const char     *path,
             const char     *name,
             HsLessonOrigin  origin)
{
  HsLessonFile *lesson = g_new0 (HsLessonFile, 1);
  g_autoptr(HsScenario) scenario = NULL;

  lesson->path = g_strdup (path);
  lesson->origin = origin;
  scenario = hs_scenario_new_from_file (path, &lesson->error);
  if (scenario == NULL)
    {
      lesson->title = g_strdup (name);
      return lesson;
    }
  lesson->title = g_strdup (hs_scenario_get_title (scenario));
  lesson->description = g_strdup (hs_scenario_get_description (scenario));
  lesson->topic = g_strdup (hs_scenario_get_topic (scenario));
  return lesson;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* Adds @dir's lesson files whose names @seen does not hold yet. */
static void
read_dir (HsLessonLibrary *self,
          const char      *dir,
          HsLessonOrigin   origin,
          GHashTable      *seen)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  /* a folder that does not exist simply holds no lessons */
  if (listing == NULL)
    return;
  while ((name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_suffix (name, ".lesson") && name[0] != '.')
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      const char *file = g_ptr_array_index (names, i);
      g_autofree char *path = g_build_filename (dir, file, NULL);

      if (g_hash_table_contains (seen, file) || g_file_test (path, G_FILE_TEST_IS_DIR))
        continue;
      g_hash_table_add (seen, g_strdup (file));
      g_ptr_array_add (self->lessons, read_lesson (path, file, origin));
    }
}

static void
read_all (HsLessonLibrary *self)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_ptr_array_set_size (self->lessons, 0);
  if (self->user_dir != NULL)
    read_dir (self, self->user_dir, HS_LESSON_ORIGIN_USER, seen);
  for (guint i = 0; self->installed_dirs != NULL && self->installed_dirs[i] != NULL; i++)
    read_dir (self, self->installed_dirs[i], HS_LESSON_ORIGIN_INSTALLED, seen);
}

static gboolean
reload_cb (gpointer user_data)
{
  HsLessonLibrary *self = user_data;

  self->reload_id = 0;
  hs_lesson_library_reload (self);
  return G_SOURCE_REMOVE;
}

static void
monitor_changed_cb (GFileMonitor      *monitor,
                    GFile             *file,
                    GFile             *other,
                    GFileMonitorEvent  event,
                    HsLessonLibrary   *self)
{
  /* the last of a burst of events decides when to read */
  g_clear_handle_id (&self->reload_id, g_source_remove);
  self->reload_id = g_timeout_add (RELOAD_DELAY_MS, reload_cb, self);
}

static void
add_monitor (HsLessonLibrary *self,
             const char      *dir)
{
  g_autoptr(GFile) file = g_file_new_for_path (dir);
  g_autoptr(GError) error = NULL;
  GFileMonitor *monitor;

  monitor = g_file_monitor_directory (file, G_FILE_MONITOR_WATCH_MOVES, NULL, &error);
  if (monitor == NULL)
    {
      g_debug ("Not watching %s: %s", dir, error->message);
      return;
    }
  g_signal_connect_object (monitor, "changed", G_CALLBACK (monitor_changed_cb), self, 0);
  g_ptr_array_add (self->monitors, monitor);
}

static void
hs_lesson_library_dispose (GObject *object)
{
  HsLessonLibrary *self = HS_LESSON_LIBRARY (object);

  g_clear_handle_id (&self->reload_id, g_source_remove);
  g_clear_pointer (&self->monitors, g_ptr_array_unref);

  G_OBJECT_CLASS (hs_lesson_library_parent_class)->dispose (object);
}

static void
hs_lesson_library_finalize (GObject *object)
{
  HsLessonLibrary *self = HS_LESSON_LIBRARY (object);

  g_clear_pointer (&self->user_dir, g_free);
  g_clear_pointer (&self->installed_dirs, g_strfreev);
  g_clear_pointer (&self->lessons, g_ptr_array_unref);

  G_OBJECT_CLASS (hs_lesson_library_parent_class)->finalize (object);
}

static void
hs_lesson_library_class_init (HsLessonLibraryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hs_lesson_library_dispose;
  object_class->finalize = hs_lesson_library_finalize;

  /**
   * HsLessonLibrary::changed:
   *
   * The folders were read again: the list may be different.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
hs_lesson_library_init (HsLessonLibrary *self)
{
  self->lessons = g_ptr_array_new_with_free_func (lesson_file_free);
}

HsLessonLibrary *
hs_lesson_library_new_for_dirs (const char         *user_dir,
                                const char * const *installed_dirs)
{
  HsLessonLibrary *self = g_object_new (HS_TYPE_LESSON_LIBRARY, NULL);

  self->user_dir = g_strdup (user_dir);
  self->installed_dirs = g_strdupv ((char **) installed_dirs);
  read_all (self);
  return self;
}

HsLessonLibrary *
hs_lesson_library_new (void)
{
  const char * const *data_dirs = g_get_system_data_dirs ();
  g_autofree char *user_dir = g_build_filename (g_get_user_data_dir (), "handshake", "lessons", NULL);
  g_autoptr(GPtrArray) installed = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; data_dirs[i] != NULL; i++)
    g_ptr_array_add (installed, g_build_filename (data_dirs[i], "handshake", "lessons", NULL));
  g_ptr_array_add (installed, NULL);
  return hs_lesson_library_new_for_dirs (user_dir, (const char * const *) installed->pdata);
}

void
hs_lesson_library_set_monitored (HsLessonLibrary *self,
                                 gboolean         monitored)
{
  g_return_if_fail (HS_IS_LESSON_LIBRARY (self));

  if (monitored == (self->monitors != NULL))
    return;
  if (!monitored)
    {
      g_clear_pointer (&self->monitors, g_ptr_array_unref);
      return;
    }
  self->monitors = g_ptr_array_new_with_free_func (g_object_unref);
  if (self->user_dir != NULL)
    add_monitor (self, self->user_dir);
  for (guint i = 0; self->installed_dirs != NULL && self->installed_dirs[i] != NULL; i++)
    add_monitor (self, self->installed_dirs[i]);
}

void
hs_lesson_library_reload (HsLessonLibrary *self)
{
  g_return_if_fail (HS_IS_LESSON_LIBRARY (self));

  read_all (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

guint
hs_lesson_library_get_n_lessons (HsLessonLibrary *self)
{
  g_return_val_if_fail (HS_IS_LESSON_LIBRARY (self), 0);
  return self->lessons->len;
}

const HsLessonFile *
hs_lesson_library_get_lesson (HsLessonLibrary *self,
                              guint            index)
{
  g_return_val_if_fail (HS_IS_LESSON_LIBRARY (self), NULL);
  g_return_val_if_fail (index < self->lessons->len, NULL);
  return g_ptr_array_index (self->lessons, index);
}

const char *
hs_lesson_library_get_user_dir (HsLessonLibrary *self)
{
  g_return_val_if_fail (HS_IS_LESSON_LIBRARY (self), NULL);
  return self->user_dir;
}

char *
hs_lesson_library_ensure_user_dir (GError **error)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "handshake", "lessons", NULL);

  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved = errno;

      g_set_error (error, HS_ERROR, HS_ERROR_IO,
                   /* Translators: the folder where the user's own lessons are kept */
                   _("Could not create the lesson folder “%s”: %s"), dir, g_strerror (saved));
      return NULL;
    }
  return g_steal_pointer (&dir);
}
