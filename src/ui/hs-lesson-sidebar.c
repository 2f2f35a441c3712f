/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-lesson-sidebar.c: the lesson library in the window's sidebar. */

#define G_LOG_DOMAIN "hs-lesson-sidebar"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "hs-lesson-library.h"
#include "hs-lesson-sidebar.h"
#include "hs-scenario.h"
#include "hs-ui.h"

#define SECTION_FILES "files"
/* teachers' own lessons (hs-lesson-library.h), after the built-in topics */
#define SECTION_USER "user-lessons"
#define SECTION_INSTALLED "installed-lessons"

struct _HsLessonSidebar
{
  GtkWidget  parent_instance;

  /* template children */
  GtkWidget *box;
  GtkWidget *search;
  GtkWidget *list;

  /* owned */
  char            *current;
  HsLessonLibrary *library;
  GPtrArray       *file_rows;     /* borrowed rows of the "Files" section */
  GPtrArray       *library_rows;  /* borrowed rows of the teachers' own lessons */

  /* plain state */
  guint            n_builtin;     /* rows of built-in lessons, first in the list */
};

G_DEFINE_FINAL_TYPE (HsLessonSidebar, hs_lesson_sidebar, GTK_TYPE_WIDGET)

static const char * const topic_order[] = {
  "setup", "teardown", "errors", "reliability", "flow-control", "congestion", "udp", "custom", NULL
};

const char *
hs_lesson_topic_label (const char *topic)
{
  if (g_strcmp0 (topic, "setup") == 0)
    return _("Connection Set-Up");
  if (g_strcmp0 (topic, "teardown") == 0)
    return _("Tear-Down");
  if (g_strcmp0 (topic, "errors") == 0)
    return _("Errors and Resets");
  if (g_strcmp0 (topic, "reliability") == 0)
    return _("Reliability");
  if (g_strcmp0 (topic, "flow-control") == 0)
    return _("Flow Control");
  if (g_strcmp0 (topic, "congestion") == 0)
    return _("Congestion Control");
  if (g_strcmp0 (topic, "udp") == 0)
    return _("TCP and UDP");
  if (g_strcmp0 (topic, SECTION_USER) == 0)
    return _("My Lessons");
  if (g_strcmp0 (topic, SECTION_INSTALLED) == 0)
    return _("Installed Lessons");
  if (g_strcmp0 (topic, SECTION_FILES) == 0)
    return _("Files");
  return _("Other Lessons");
}

static guint
topic_rank (const char *topic)
{
  for (guint i = 0; topic_order[i] != NULL; i++)
    if (g_strcmp0 (topic, topic_order[i]) == 0)
      return i;
  return G_N_ELEMENTS (topic_order);
}

/* @broken: @subtitle is why the lesson cannot be read */
static GtkWidget *
make_row (const char *lesson,
          const char *section,
          const char *title,
          const char *subtitle,
          const char *description,
          gboolean    broken)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *label = gtk_label_new (title);
  g_autofree char *search = g_utf8_casefold (title, -1);
  g_autofree char *search_desc = description != NULL ? g_utf8_casefold (description, -1) : NULL;
  g_autofree char *search_section = g_utf8_casefold (hs_lesson_topic_label (section), -1);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), label);
  if (subtitle != NULL)
    {
      GtkWidget *sub = gtk_label_new (subtitle);

      gtk_label_set_xalign (GTK_LABEL (sub), 0);
      if (broken)
        {
          /* what is wrong is worth reading whole */
          gtk_label_set_wrap (GTK_LABEL (sub), TRUE);
          gtk_label_set_wrap_mode (GTK_LABEL (sub), PANGO_WRAP_WORD_CHAR);
          gtk_label_set_max_width_chars (GTK_LABEL (sub), 1);
        }
      else
        {
          gtk_label_set_ellipsize (GTK_LABEL (sub), PANGO_ELLIPSIZE_MIDDLE);
        }
      gtk_widget_add_css_class (sub, broken ? "error" : "dim-label");
      gtk_widget_add_css_class (sub, "caption");
      gtk_box_append (GTK_BOX (box), sub);
    }
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  if (description != NULL && *description != '\0')
    gtk_widget_set_tooltip_text (row, description);

  g_object_set_data_full (G_OBJECT (row), "lesson", g_strdup (lesson), g_free);
  g_object_set_data_full (G_OBJECT (row), "section", g_strdup (section), g_free);
  g_object_set_data_full (G_OBJECT (row), "search",
                          g_strjoin ("\n", search, search_desc ? search_desc : "", search_section, NULL), g_free);
  return row;
}

static void
header_func (GtkListBoxRow *row,
             GtkListBoxRow *before,
             gpointer       user_data)
{
  const char *section = g_object_get_data (G_OBJECT (row), "section");
  GtkWidget *header;

  if (before != NULL && g_strcmp0 (section, g_object_get_data (G_OBJECT (before), "section")) == 0)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }
  header = gtk_label_new (hs_lesson_topic_label (section));
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_widget_add_css_class (header, "heading");
  gtk_widget_add_css_class (header, "sidebar-heading");
  gtk_list_box_row_set_header (row, header);
}

static gboolean
filter_func (GtkListBoxRow *row,
             gpointer       user_data)
{
  HsLessonSidebar *self = user_data;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search));
  g_autofree char *needle = NULL;

  if (text == NULL || *text == '\0')
    return TRUE;
  needle = g_utf8_casefold (text, -1);
  return strstr (g_object_get_data (G_OBJECT (row), "search"), needle) != NULL;
}

static void
search_changed_cb (HsLessonSidebar *self)
{
  gtk_list_box_invalidate_filter (GTK_LIST_BOX (self->list));
  gtk_list_box_invalidate_headers (GTK_LIST_BOX (self->list));
}

static void
search_activate_cb (HsLessonSidebar *self)
{
  /* Enter opens the first lesson that matches */
  for (GtkWidget *child = gtk_widget_get_first_child (self->list); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child) && gtk_widget_get_child_visible (child))
      {
        g_signal_emit_by_name (self->list, "row-activated", child);
        return;
      }
}

static void
row_activated_cb (GtkListBox      *list,
                  GtkListBoxRow   *row,
                  HsLessonSidebar *self)
{
  const char *lesson = g_object_get_data (G_OBJECT (row), "lesson");

  if (lesson != NULL && g_strcmp0 (lesson, self->current) != 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.open-lesson", "s", lesson);
}

typedef struct
{
  char    *id;
  char    *title;
  char    *description;
  char    *topic;
  guint    index;
} Entry;

static void
entry_free (gpointer data)
{
  Entry *e = data;

  g_free (e->id);
  g_free (e->title);
  g_free (e->description);
  g_free (e->topic);
  g_free (e);
}

static gint
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const Entry *ea = *(const Entry **) a, *eb = *(const Entry **) b;
  guint ra = topic_rank (ea->topic), rb = topic_rank (eb->topic);

  if (ra != rb)
    return ra < rb ? -1 : 1;
  return ea->index < eb->index ? -1 : ea->index > eb->index;
}

static void
add_builtin_lessons (HsLessonSidebar *self)
{
  g_auto(GStrv) ids = hs_scenario_list_builtin ();
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (entry_free);

  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      g_autoptr(HsScenario) scenario = hs_scenario_new_builtin (ids[i], NULL);
      Entry *e;

      if (scenario == NULL)
        continue;
      e = g_new0 (Entry, 1);
      e->id = g_strdup (ids[i]);
      e->title = g_strdup (hs_scenario_get_title (scenario));
      e->description = g_strdup (hs_scenario_get_description (scenario));
      e->topic = g_strdup (hs_scenario_get_topic (scenario));
      e->index = i;
      g_ptr_array_add (entries, e);
    }
  /* grouped by topic, in teaching order within each */
  g_ptr_array_sort (entries, compare_entries);
  for (guint i = 0; i < entries->len; i++)
    {
      Entry *e = g_ptr_array_index (entries, i);

      gtk_list_box_append (GTK_LIST_BOX (self->list),
                           make_row (e->id, e->topic, e->title, NULL, e->description, FALSE));
    }
  self->n_builtin = entries->len;
}

/* "FILE:4: unknown key …" under the file's own name: "Line 4: unknown
 * key …". */
static char *
error_without_path (const char *message,
                    const char *path)
{
  const char *rest;
  char *end;
  guint64 line;

  if (!g_str_has_prefix (message, path) || message[strlen (path)] != ':')
    return g_strdup (message);
  rest = message + strlen (path) + 1;
  line = g_ascii_strtoull (rest, &end, 10);
  if (end == rest || *end != ':')
    return g_strchug (g_strdup (rest));
  /* Translators: why a lesson file cannot be read, under its name in the
   * lesson library: "Line 4: unknown key “isn” in [Client] …" */
  return g_strdup_printf (_("Line %u: %s"), (guint) line, end[1] == ' ' ? end + 2 : end + 1);
}

/* The teachers' own lessons, between the built-in ones and the files. */
static void
library_changed_cb (HsLessonSidebar *self)
{
  guint n = hs_lesson_library_get_n_lessons (self->library);

  for (guint i = 0; i < self->library_rows->len; i++)
    gtk_list_box_remove (GTK_LIST_BOX (self->list), g_ptr_array_index (self->library_rows, i));
  g_ptr_array_set_size (self->library_rows, 0);

  for (guint i = 0; i < n; i++)
    {
      const HsLessonFile *lesson = hs_lesson_library_get_lesson (self->library, i);
      g_autofree char *base = g_path_get_basename (lesson->path);
      const char *section = lesson->origin == HS_LESSON_ORIGIN_USER ? SECTION_USER : SECTION_INSTALLED;
      GtkWidget *row;

      if (lesson->error != NULL)
        {
          g_autofree char *why = error_without_path (lesson->error->message, lesson->path);

          row = make_row (lesson->path, section, lesson->title, why, lesson->error->message, TRUE);
        }
      else
        row = make_row (lesson->path, section, lesson->title, base, lesson->description, FALSE);
      gtk_list_box_insert (GTK_LIST_BOX (self->list), row, (int) (self->n_builtin + i));
      g_ptr_array_add (self->library_rows, row);
    }
  hs_lesson_sidebar_set_current (self, self->current);
}

static void
hs_lesson_sidebar_dispose (GObject *object)
{
  HsLessonSidebar *self = HS_LESSON_SIDEBAR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), HS_TYPE_LESSON_SIDEBAR);
  g_clear_pointer (&self->current, g_free);
  g_clear_pointer (&self->file_rows, g_ptr_array_unref);
  g_clear_pointer (&self->library_rows, g_ptr_array_unref);
  g_clear_object (&self->library);

  G_OBJECT_CLASS (hs_lesson_sidebar_parent_class)->dispose (object);
}

static void
hs_lesson_sidebar_class_init (HsLessonSidebarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hs_lesson_sidebar_dispose;

  hs_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/handshake/Handshake/hs-lesson-sidebar.ui");
  gtk_widget_class_bind_template_child (widget_class, HsLessonSidebar, box);
  gtk_widget_class_bind_template_child (widget_class, HsLessonSidebar, search);
  gtk_widget_class_bind_template_child (widget_class, HsLessonSidebar, list);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "lessonsidebar");
}

static void
hs_lesson_sidebar_init (HsLessonSidebar *self)
{
  self->file_rows = g_ptr_array_new ();
  self->library_rows = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_box_set_header_func (GTK_LIST_BOX (self->list), header_func, NULL, NULL);
  gtk_list_box_set_filter_func (GTK_LIST_BOX (self->list), filter_func, self, NULL);

  add_builtin_lessons (self);

  self->library = hs_lesson_library_new ();
  hs_lesson_library_set_monitored (self->library, TRUE);
  g_signal_connect_object (self->library, "changed", G_CALLBACK (library_changed_cb), self, G_CONNECT_SWAPPED);
  library_changed_cb (self);
}

GtkWidget *
hs_lesson_sidebar_new (void)
{
  return g_object_new (HS_TYPE_LESSON_SIDEBAR, NULL);
}

void
hs_lesson_sidebar_set_files (HsLessonSidebar    *self,
                             const char * const *paths)
{
  g_return_if_fail (HS_IS_LESSON_SIDEBAR (self));

  for (guint i = 0; i < self->file_rows->len; i++)
    gtk_list_box_remove (GTK_LIST_BOX (self->list), g_ptr_array_index (self->file_rows, i));
  g_ptr_array_set_size (self->file_rows, 0);

  for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
    {
      g_autofree char *base = g_path_get_basename (paths[i]);
      g_autofree char *dir = g_path_get_dirname (paths[i]);
      g_autoptr(HsScenario) scenario = NULL;
      GtkWidget *row;

      if (g_str_has_suffix (paths[i], ".lesson"))
        scenario = hs_scenario_new_from_file (paths[i], NULL);
      row = make_row (paths[i], SECTION_FILES,
                      scenario != NULL ? hs_scenario_get_title (scenario) : base,
                      scenario != NULL ? base : dir,
                      scenario != NULL ? hs_scenario_get_description (scenario) : paths[i],
                      FALSE);
      gtk_list_box_append (GTK_LIST_BOX (self->list), row);
      g_ptr_array_add (self->file_rows, row);
    }
  hs_lesson_sidebar_set_current (self, self->current);
}

void
hs_lesson_sidebar_set_current (HsLessonSidebar *self,
                               const char      *id_or_path)
{
  g_autofree char *current = NULL;

  g_return_if_fail (HS_IS_LESSON_SIDEBAR (self));

  current = g_strdup (id_or_path);
  g_free (self->current);
  self->current = g_steal_pointer (&current);

  gtk_list_box_unselect_all (GTK_LIST_BOX (self->list));
  for (GtkWidget *child = gtk_widget_get_first_child (self->list); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child) &&
        g_strcmp0 (g_object_get_data (G_OBJECT (child), "lesson"), self->current) == 0)
      {
        gtk_list_box_select_row (GTK_LIST_BOX (self->list), GTK_LIST_BOX_ROW (child));
        break;
      }
}

HsLessonLibrary *
hs_lesson_sidebar_get_library (HsLessonSidebar *self)
{
  g_return_val_if_fail (HS_IS_LESSON_SIDEBAR (self), NULL);
  return self->library;
}

void
hs_lesson_sidebar_focus_search (HsLessonSidebar *self)
{
  g_return_if_fail (HS_IS_LESSON_SIDEBAR (self));
  gtk_widget_grab_focus (self->search);
}
