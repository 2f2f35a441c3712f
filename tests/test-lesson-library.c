/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-lesson-library.c: teachers' own lesson folders ($XDG_DATA_HOME and
 * $XDG_DATA_DIRS /handshake/lessons): what the library lists, in which
 * order, a broken file with its error, reloading when a file changes,
 * `handshake --list-lessons`, the window's library and "Save Lesson As…"'s
 * folder. The window cases need a display; without one they skip. */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "hs-application.h"
#include "hs-lesson-library.h"
#include "hs-window.h"
#include "hs-test-ui.h"

static GtkApplication *app;

#define GOOD_LESSON(title) \
  "[Lesson]\nTitle=" title "\nDescription=A teacher's lesson.\nTopic=setup\n\n" \
  "[Client]\nScript=connect; send 100; close\n\n[Server]\nScript=listen; wait-for eof; close\n"
/* line 4 is wrong */
#define BROKEN_LESSON "[Lesson]\nTitle=Broken\n[Client]\nisn=abc\n"

static void
write_file (const char *dir,
            const char *name,
            const char *contents)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_mkdir_with_parents (dir, 0755) == 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

/* A folder under the test's own temporary home. */
static char *
temp_dir (const char *name)
{
  return g_build_filename (g_get_user_cache_dir (), name, NULL);
}

static void
test_folders (void)
{
  g_autofree char *user = temp_dir ("user");
  g_autofree char *school = temp_dir ("school");
  g_autofree char *vendor = temp_dir ("vendor");
  g_autofree char *missing = temp_dir ("missing");
  const char *installed[] = { missing, school, vendor, NULL };
  g_autoptr(HsLessonLibrary) library = NULL;
  const HsLessonFile *lesson;

  g_test_summary ("The library lists every .lesson file of the user's folder, then of each installed folder in "
                  "order, sorted by name; a name in an earlier folder hides the same name later; a file that "
                  "cannot be read is listed with the parser's file, line and sentence");

  write_file (user, "b-mine.lesson", GOOD_LESSON ("Mine, second"));
  write_file (user, "a-mine.lesson", GOOD_LESSON ("Mine, first"));
  write_file (user, "notes.txt", "not a lesson");
  write_file (school, "a-mine.lesson", GOOD_LESSON ("Hidden by the user's"));
  write_file (school, "broken.lesson", BROKEN_LESSON);
  write_file (vendor, "pack.lesson", GOOD_LESSON ("From the pack"));

  library = hs_lesson_library_new_for_dirs (user, installed);
  g_assert_cmpuint (hs_lesson_library_get_n_lessons (library), ==, 4);

  lesson = hs_lesson_library_get_lesson (library, 0);
  g_assert_true (g_str_has_suffix (lesson->path, "/user/a-mine.lesson"));
  g_assert_cmpint (lesson->origin, ==, HS_LESSON_ORIGIN_USER);
  g_assert_cmpstr (lesson->title, ==, "Mine, first");
  g_assert_cmpstr (lesson->description, ==, "A teacher's lesson.");
  g_assert_cmpstr (lesson->topic, ==, "setup");
  g_assert_no_error (lesson->error);

  lesson = hs_lesson_library_get_lesson (library, 1);
  g_assert_cmpstr (lesson->title, ==, "Mine, second");

  lesson = hs_lesson_library_get_lesson (library, 2);
  g_assert_true (g_str_has_suffix (lesson->path, "/school/broken.lesson"));
  g_assert_cmpint (lesson->origin, ==, HS_LESSON_ORIGIN_INSTALLED);
  g_assert_cmpstr (lesson->title, ==, "broken.lesson");
  g_assert_nonnull (lesson->error);
  g_assert_true (g_str_has_prefix (lesson->error->message, lesson->path));
  g_assert_nonnull (strstr (lesson->error->message, ":4: "));
  g_assert_nonnull (strstr (lesson->error->message, "isn"));

  lesson = hs_lesson_library_get_lesson (library, 3);
  g_assert_true (g_str_has_suffix (lesson->path, "/vendor/pack.lesson"));
  g_assert_cmpstr (lesson->title, ==, "From the pack");

  g_assert_cmpstr (hs_lesson_library_get_user_dir (library), ==, user);
}

static void
changed_cb (HsLessonLibrary *library,
            guint           *n_changed)
{
  (*n_changed)++;
}

/* Runs the main loop until "changed" was emitted once more than @before,
 * or ten seconds pass. */
static void
wait_changed (guint *n_changed,
              guint  before)
{
  gint64 end = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;

  while (*n_changed == before && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (*n_changed, >, before);
}

static void
test_monitor (void)
{
  g_autofree char *user = temp_dir ("watched");
  g_autofree char *path = g_build_filename (user, "new.lesson", NULL);
  const char *installed[] = { NULL };
  g_autoptr(HsLessonLibrary) library = NULL;
  guint n_changed = 0;

  g_test_summary ("A monitored library reads its folders again when a lesson is added, broken or removed");

  g_assert_true (g_mkdir_with_parents (user, 0755) == 0);
  library = hs_lesson_library_new_for_dirs (user, installed);
  hs_lesson_library_set_monitored (library, TRUE);
  g_signal_connect (library, "changed", G_CALLBACK (changed_cb), &n_changed);
  g_assert_cmpuint (hs_lesson_library_get_n_lessons (library), ==, 0);

  write_file (user, "new.lesson", GOOD_LESSON ("Written while watched"));
  wait_changed (&n_changed, 0);
  g_assert_cmpuint (hs_lesson_library_get_n_lessons (library), ==, 1);
  g_assert_cmpstr (hs_lesson_library_get_lesson (library, 0)->title, ==, "Written while watched");

  n_changed = 0;
  write_file (user, "new.lesson", BROKEN_LESSON);
  while (n_changed == 0 || hs_lesson_library_get_lesson (library, 0)->error == NULL)
    wait_changed (&n_changed, n_changed);
  g_assert_nonnull (hs_lesson_library_get_lesson (library, 0)->error);

  n_changed = 0;
  g_assert_cmpint (g_unlink (path), ==, 0);
  while (hs_lesson_library_get_n_lessons (library) > 0)
    wait_changed (&n_changed, n_changed);
  g_assert_cmpuint (hs_lesson_library_get_n_lessons (library), ==, 0);
}

static void
test_cli (void)
{
  g_autofree char *home = temp_dir ("cli-home");
  g_autofree char *dirs = temp_dir ("cli-dirs");
  g_autofree char *own = g_build_filename (home, "handshake", "lessons", NULL);
  g_autofree char *pack = g_build_filename (dirs, "handshake", "lessons", NULL);
  g_autofree char *own_path = g_build_filename (own, "mine.lesson", NULL);
  g_autofree char *expected = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = g_get_environ ();
  g_auto(GStrv) lines = NULL;
  const char *argv[] = { g_getenv ("HANDSHAKE"), "--list-lessons", NULL };
  guint n;
  int status;

  g_test_summary ("handshake --list-lessons lists the user's and the installed lessons after the built-in ones, "
                  "as path, tab, title, and names a broken one on standard error with its line");

  if (argv[0] == NULL)
    {
      g_test_skip ("HANDSHAKE is not set: run through meson test");
      return;
    }
  write_file (own, "mine.lesson", GOOD_LESSON ("Mine"));
  write_file (pack, "broken.lesson", BROKEN_LESSON);
  env = g_environ_setenv (env, "XDG_DATA_HOME", home, TRUE);
  env = g_environ_setenv (env, "XDG_DATA_DIRS", dirs, TRUE);

  g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);

  lines = g_strsplit (out, "\n", -1);
  n = g_strv_length (lines);
  g_assert_cmpuint (n, >=, 3);
  g_assert_cmpstr (lines[n - 1], ==, "");
  /* the built-in lessons first, then the user's */
  g_assert_true (g_str_has_prefix (lines[0], "full-connection\t"));
  expected = g_strdup_printf ("%s\tMine", own_path);
  g_assert_cmpstr (lines[n - 2], ==, expected);
  g_assert_null (strstr (out, "broken"));
  g_assert_true (g_str_has_prefix (err, "handshake: "));
  g_assert_nonnull (strstr (err, "broken.lesson:4: "));
}

static gboolean
window_ready (HsWindow *window)
{
  HsSession *session = hs_window_get_session (window);

  return gtk_widget_get_mapped (GTK_WIDGET (window)) && !hs_session_get_simulating (session) &&
         hs_session_get_trace (session) != NULL;
}

/* The rows of the window's lesson list, as "section|title|subtitle". */
static GPtrArray *
list_rows (HsWindow *window)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_free);
  GtkWidget *stack[256];
  GtkListBox *list = NULL;
  guint depth = 0;

  stack[depth++] = GTK_WIDGET (window);
  while (depth > 0 && list == NULL)
    {
      GtkWidget *w = stack[--depth];

      if (GTK_IS_LIST_BOX (w) && gtk_widget_get_ancestor (w, g_type_from_name ("HsLessonSidebar")) != NULL)
        list = GTK_LIST_BOX (w);
      for (GtkWidget *child = gtk_widget_get_first_child (w); child != NULL && depth < G_N_ELEMENTS (stack);
           child = gtk_widget_get_next_sibling (child))
        stack[depth++] = child;
    }
  g_assert_nonnull (list);

  for (int i = 0; gtk_list_box_get_row_at_index (list, i) != NULL; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, i);
      GtkWidget *box = gtk_list_box_row_get_child (row);
      GtkWidget *title = gtk_widget_get_first_child (box);
      GtkWidget *sub = gtk_widget_get_next_sibling (title);

      g_ptr_array_add (rows, g_strdup_printf ("%s|%s|%s",
                                              (const char *) g_object_get_data (G_OBJECT (row), "section"),
                                              gtk_label_get_text (GTK_LABEL (title)),
                                              sub != NULL ? gtk_label_get_text (GTK_LABEL (sub)) : ""));
    }
  return rows;
}

static gboolean
has_row (GPtrArray  *rows,
         const char *prefix)
{
  for (guint i = 0; i < rows->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (rows, i), prefix))
      return TRUE;
  return FALSE;
}

static void
test_window (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *own = g_build_filename (g_get_user_data_dir (), "handshake", "lessons", NULL);
  const char * const *system_dirs = g_get_system_data_dirs ();
  g_autofree char *pack = g_build_filename (system_dirs[0], "handshake", "lessons", NULL);
  g_autofree char *folder_path = NULL;
  g_autoptr(GFile) folder = NULL;
  GtkFileChooser *chooser = NULL;
  GListModel *toplevels;
  HsWindow *window;
  gint64 end;

  g_test_summary ("The window's library lists “My Lessons” and “Installed Lessons” after the built-in topics, a "
                  "broken file with its error, follows a new file in the folder, and “Save Lesson As…” starts "
                  "in the user's lesson folder");

  if (hs_test_ui_skip (app))
    return;

  write_file (own, "mine.lesson", GOOD_LESSON ("Mine"));
  write_file (pack, "broken.lesson", BROKEN_LESSON);

  window = hs_window_new (app);
  g_assert_true (hs_window_open_lesson (window, "three-way-handshake", &error));
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (window));
  end = g_get_monotonic_time () + 20 * G_TIME_SPAN_SECOND;
  while (!window_ready (window) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (window_ready (window));

  rows = list_rows (window);
  for (guint i = 0; i < rows->len; i++)
    g_test_message ("%s", (const char *) g_ptr_array_index (rows, i));
  g_assert_true (has_row (rows, "user-lessons|Mine|mine.lesson"));
  g_assert_true (has_row (rows, "installed-lessons|broken.lesson|"));
  {
    const char *last = g_ptr_array_index (rows, rows->len - 1);

    g_assert_true (g_str_has_prefix (last, "installed-lessons|broken.lesson|"));
    g_assert_cmpstr (last, ==, "installed-lessons|broken.lesson|Line 4: unknown key “isn” in [Client] "
                               "(see docs/lessons.md for the keys a lesson can have)");
  }

  /* a lesson saved into the folder by another program appears */
  write_file (own, "later.lesson", GOOD_LESSON ("Added later"));
  end = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;
  while (g_get_monotonic_time () < end)
    {
      g_clear_pointer (&rows, g_ptr_array_unref);
      rows = list_rows (window);
      if (has_row (rows, "user-lessons|Added later|later.lesson"))
        break;
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_true (has_row (rows, "user-lessons|Added later|later.lesson"));

  /* "Save Lesson As…" opens in the user's lesson folder */
  g_action_group_activate_action (G_ACTION_GROUP (window), "save-lesson", NULL);
  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels) && chooser == NULL; i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER (w))
        chooser = GTK_FILE_CHOOSER (w);
    }
  g_assert_nonnull (chooser);
  /* the dialog takes its folder once it has loaded it */
  end = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;
  while ((folder = gtk_file_chooser_get_current_folder (chooser)) == NULL && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (folder);
  folder_path = g_file_get_path (folder);
  g_assert_cmpstr (folder_path, ==, own);
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  hs_test_ui_init (&argc, &argv);

  g_test_add_func ("/session/lesson-library/folders", test_folders);
  g_test_add_func ("/session/lesson-library/monitor", test_monitor);
  g_test_add_func ("/session/lesson-library/cli", test_cli);
  g_test_add_func ("/ui/lesson-library/window", test_window);

  app = hs_test_ui_app_new ();
  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
