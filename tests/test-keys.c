/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-keys.c: the window's keyboard as a clicker and a teacher use it,
 * with real key presses: xdotool sends them through the X server (XTest)
 * to the window, so they travel GTK's whole way from the window to the
 * widget with the focus. Needs Xvfb and xdotool; without them the cases
 * skip. */

#include "config.h"

#include <string.h>

#include <gdk/x11/gdkx.h>
#include <gtk/gtk.h>

#include "hs-application.h"
#include "hs-export-dialog.h"
#include "hs-parameters-panel.h"
#include "hs-session.h"
#include "hs-step-list.h"
#include "hs-window.h"
#include "hs-test-ui.h"

static char *xdotool;
static GtkApplication *app;

typedef struct
{
  HsWindow  *window;
  HsSession *session;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  if (hs_test_ui_skip (app))
    return;
  if (xdotool == NULL)
    {
      g_test_skip ("xdotool is not installed");
      return;
    }
  f->window = hs_test_window_open (app, "full-connection", 0, 0);
  f->session = hs_window_get_session (f->window);
  hs_test_iterate (200);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->window == NULL)
    return;
  gtk_window_destroy (GTK_WINDOW (f->window));
  hs_test_iterate (50);
}

/* Presses @keys (xdotool's names) on the window, as the keyboard would,
 * and lets GTK handle them. */
static void
press (Fixture    *f,
       const char *keys)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (f->window));
  g_autofree char *xid = g_strdup_printf ("%lu", (unsigned long) gdk_x11_surface_get_xid (surface));
  g_auto(GStrv) names = g_strsplit (keys, " ", -1);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_ptr_array_add (argv, xdotool);
  g_ptr_array_add (argv, (char *) "windowfocus");
  g_ptr_array_add (argv, (char *) "--sync");
  g_ptr_array_add (argv, xid);
  g_ptr_array_add (argv, (char *) "key");
  g_ptr_array_add (argv, (char *) "--clearmodifiers");
  for (guint i = 0; names[i] != NULL; i++)
    g_ptr_array_add (argv, names[i]);
  g_ptr_array_add (argv, NULL);

  /* XSync() before xdotool grabs the focus: GTK's requests are out */
  gdk_display_sync (gdk_display_get_default ());
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  gdk_display_sync (gdk_display_get_default ());
  hs_test_iterate (150);
}

static GtkWidget *
find_widget (GtkWidget  *root,
             GType       type,
             const char *id)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) && gtk_widget_get_mapped (root) &&
      (id == NULL || (GTK_IS_BUILDABLE (root) && g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (root)), id) == 0)))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type, id);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
focus (Fixture *f)
{
  return gtk_root_get_focus (GTK_ROOT (f->window));
}

static guint
position (Fixture *f)
{
  return hs_session_get_position (f->session);
}

static GtkWidget *
show_loss_spin (Fixture *f)
{
  GtkWidget *spin;

  g_action_group_activate_action (G_ACTION_GROUP (f->window), "panel-page", g_variant_new_string ("parameters"));
  hs_test_iterate (200);
  spin = find_widget (GTK_WIDGET (f->window), GTK_TYPE_SPIN_BUTTON, "loss_spin");
  g_assert_nonnull (spin);
  return spin;
}

static void
test_keys_entry (Fixture       *f,
                 gconstpointer  data)
{
  GtkWidget *spin;
  g_autofree char *text = NULL;
  double value;

  g_test_summary ("With the focus in a parameter's field, Page Down and Page Up step the lesson and leave the "
                  "value alone; once nothing is typed there Space and the arrows step too; while something is "
                  "typed they edit; Escape ends the edit and gives the keyboard to the diagram; Enter applies "
                  "and does the same");

  if (f->window == NULL)
    return;
  spin = show_loss_spin (f);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 20);
  hs_test_iterate (100);
  while (hs_session_get_simulating (f->session))
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (gtk_widget_grab_focus (spin));
  g_assert_true (gtk_widget_is_ancestor (focus (f), spin));
  value = gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin));
  text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (spin)));

  press (f, "Page_Down");
  HS_TEST_WAIT_FOR (position (f) == 1, 5000);
  g_assert_cmpuint (position (f), ==, 1);
  press (f, "Page_Down Page_Down");
  HS_TEST_WAIT_FOR (position (f) == 3, 5000);
  g_assert_cmpuint (position (f), ==, 3);
  press (f, "Page_Up");
  HS_TEST_WAIT_FOR (position (f) == 2, 5000);
  g_assert_cmpuint (position (f), ==, 2);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)), ==, value);

  /* nothing typed: Space and the arrows are the lesson's */
  press (f, "space");
  HS_TEST_WAIT_FOR (position (f) == 3, 5000);
  g_assert_cmpuint (position (f), ==, 3);
  press (f, "Right");
  HS_TEST_WAIT_FOR (position (f) == 4, 5000);
  g_assert_cmpuint (position (f), ==, 4);
  press (f, "Left");
  HS_TEST_WAIT_FOR (position (f) == 3, 5000);
  g_assert_cmpuint (position (f), ==, 3);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (spin)), ==, text);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)), ==, value);

  /* typing: the keys edit the text */
  press (f, "ctrl+a 5");
  HS_TEST_WAIT_FOR (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (spin)), "5") == 0, 5000);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (spin)), ==, "5");
  press (f, "Left Right space");
  HS_TEST_WAIT_FOR (position (f) == 3, 5000);
  g_assert_cmpuint (position (f), ==, 3);
  /* Page Down is still the clicker's */
  press (f, "Page_Down");
  HS_TEST_WAIT_FOR (position (f) == 4, 5000);
  g_assert_cmpuint (position (f), ==, 4);

  /* Escape: the edit ends, the diagram has the keyboard */
  press (f, "Escape");
  HS_TEST_WAIT_FOR (focus (f) == hs_window_get_diagram_view (f->window), 5000);
  g_assert_true (focus (f) == hs_window_get_diagram_view (f->window));
  while (hs_session_get_simulating (f->session))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)), ==, 5);

  /* Enter applies and gives the keyboard back as well */
  spin = show_loss_spin (f);
  g_assert_true (gtk_widget_grab_focus (spin));
  press (f, "ctrl+a 7 Return");
  HS_TEST_WAIT_FOR (focus (f) == hs_window_get_diagram_view (f->window), 5000);
  g_assert_true (focus (f) == hs_window_get_diagram_view (f->window));
  while (hs_session_get_simulating (f->session))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)), ==, 7);
  press (f, "space");
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)), ==, 7);
}

/* The first of the side panel's tabs that can take the focus. */
static GtkWidget *
panel_tab (Fixture *f)
{
  GtkWidget *switcher = find_widget (GTK_WIDGET (f->window), GTK_TYPE_STACK_SWITCHER, NULL);
  GtkWidget *tab;

  if (switcher == NULL)
    switcher = find_widget (GTK_WIDGET (f->window), g_type_from_name ("AdwViewSwitcher"), NULL);
  g_assert_nonnull (switcher);
  tab = find_widget (switcher, GTK_TYPE_TOGGLE_BUTTON, NULL);
  g_assert_nonnull (tab);
  return tab;
}

static void
test_keys_tab (Fixture       *f,
               gconstpointer  data)
{
  GtkWidget *tab;

  g_test_summary ("With the focus on a tab of the side panel, the arrows, Space, the Page keys, Home and End step "
                  "the lesson");

  if (f->window == NULL)
    return;
  tab = panel_tab (f);
  gtk_widget_set_focusable (tab, TRUE);
  g_assert_true (gtk_widget_grab_focus (tab));
  press (f, "Right");
  HS_TEST_WAIT_FOR (position (f) == 1, 5000);
  g_assert_cmpuint (position (f), ==, 1);
  press (f, "space Page_Down");
  HS_TEST_WAIT_FOR (position (f) == 3, 5000);
  g_assert_cmpuint (position (f), ==, 3);
  press (f, "Left Page_Up");
  HS_TEST_WAIT_FOR (position (f) == 1, 5000);
  g_assert_cmpuint (position (f), ==, 1);
  press (f, "End");
  HS_TEST_WAIT_FOR (position (f) == hs_session_get_n_steps (f->session), 5000);
  g_assert_cmpuint (position (f), ==, hs_session_get_n_steps (f->session));
  press (f, "Home");
  HS_TEST_WAIT_FOR (position (f) == 0, 5000);
  g_assert_cmpuint (position (f), ==, 0);
  g_assert_true (focus (f) == tab);
}

static void
test_keys_list (Fixture       *f,
                gconstpointer  data)
{
  GtkWidget *list;

  g_test_summary ("With the focus in the step list, the arrows, Space and the Page keys step the lesson; "
                  "Escape gives the keyboard to the diagram");

  if (f->window == NULL)
    return;
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "panel-page", g_variant_new_string ("steps"));
  hs_test_iterate (200);
  list = find_widget (GTK_WIDGET (f->window), HS_TYPE_STEP_LIST, NULL);
  g_assert_nonnull (list);
  g_assert_true (gtk_widget_child_focus (list, GTK_DIR_TAB_FORWARD));
  g_assert_true (gtk_widget_is_ancestor (focus (f), list));
  press (f, "Right Right space");
  HS_TEST_WAIT_FOR (position (f) == 3, 5000);
  g_assert_cmpuint (position (f), ==, 3);
  press (f, "Page_Up");
  HS_TEST_WAIT_FOR (position (f) == 2, 5000);
  g_assert_cmpuint (position (f), ==, 2);
  press (f, "Escape");
  HS_TEST_WAIT_FOR (focus (f) == hs_window_get_diagram_view (f->window), 5000);
  g_assert_true (focus (f) == hs_window_get_diagram_view (f->window));
}

/* The toplevel other than the main window that @type names, if shown. */
static GtkWindow *
find_toplevel (Fixture *f,
               GType    type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (w != GTK_WINDOW (f->window) && G_TYPE_CHECK_INSTANCE_TYPE (w, type) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return w;
    }
  return NULL;
}

static void
count_cb (guint *n)
{
  (*n)++;
}

static void
test_keys_diagram (Fixture       *f,
                   gconstpointer  data)
{
  GtkWindow *dialog;
  GtkWidget *spin;

  g_test_summary ("With the focus on the diagram the lesson's keys step it, and Ctrl+O, Ctrl+E, Ctrl+? and F11 "
                  "work whether the diagram, a parameter's field or the step list has the focus");

  if (f->window == NULL)
    return;
  gtk_widget_grab_focus (hs_window_get_diagram_view (f->window));
  press (f, "Page_Down space Right");
  HS_TEST_WAIT_FOR (position (f) == 3, 5000);
  g_assert_cmpuint (position (f), ==, 3);
  press (f, "Home");
  HS_TEST_WAIT_FOR (position (f) == 0, 5000);
  g_assert_cmpuint (position (f), ==, 0);

  press (f, "ctrl+o");
  HS_TEST_WAIT_FOR ((dialog = find_toplevel (f, GTK_TYPE_FILE_CHOOSER_DIALOG)) != NULL, 5000);
  dialog = find_toplevel (f, GTK_TYPE_FILE_CHOOSER_DIALOG);
  g_assert_nonnull (dialog);
  gtk_window_close (dialog);
  hs_test_iterate (200);

  gtk_widget_grab_focus (hs_window_get_diagram_view (f->window));
  press (f, "ctrl+e");
  HS_TEST_WAIT_FOR ((dialog = find_toplevel (f, HS_TYPE_EXPORT_DIALOG)) != NULL, 5000);
  dialog = find_toplevel (f, HS_TYPE_EXPORT_DIALOG);
  g_assert_nonnull (dialog);
  gtk_window_destroy (dialog);
  hs_test_iterate (100);

  spin = show_loss_spin (f);
  g_assert_true (gtk_widget_grab_focus (spin));
  press (f, "ctrl+e");
  HS_TEST_WAIT_FOR ((dialog = find_toplevel (f, HS_TYPE_EXPORT_DIALOG)) != NULL, 5000);
  dialog = find_toplevel (f, HS_TYPE_EXPORT_DIALOG);
  g_assert_nonnull (dialog);
  gtk_window_destroy (dialog);
  hs_test_iterate (100);

  /* the keyboard shortcuts window, from the step list */
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "panel-page", g_variant_new_string ("steps"));
  hs_test_iterate (200);
  g_assert_true (gtk_widget_child_focus (find_widget (GTK_WIDGET (f->window), HS_TYPE_STEP_LIST, NULL),
                                         GTK_DIR_TAB_FORWARD));
  /* GTK 4.8's shortcuts window warns about its own labels as it is laid
   * out, which the tests make fatal: the key is what is tested here, so
   * the action it activates is one that counts */
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (f->window), "show-help-overlay"));
  {
    g_autoptr(GSimpleAction) counter = g_simple_action_new ("show-help-overlay", NULL);
    guint n = 0;

    g_signal_connect_swapped (counter, "activate", G_CALLBACK (count_cb), &n);
    g_action_map_remove_action (G_ACTION_MAP (f->window), "show-help-overlay");
    g_action_map_add_action (G_ACTION_MAP (f->window), G_ACTION (counter));
    press (f, "ctrl+question");
    HS_TEST_WAIT_FOR (n == 1, 5000);
    g_assert_cmpuint (n, ==, 1);
  }

  spin = show_loss_spin (f);
  g_assert_true (gtk_widget_grab_focus (spin));
  press (f, "F11");
  HS_TEST_WAIT_FOR (hs_window_get_presentation (f->window), 5000);
  g_assert_true (hs_window_get_presentation (f->window));
  /* at once, while the layout F11 started may still be in progress:
   * Escape leaves presentation mode before it stops anything else */
  press (f, "Escape");
  HS_TEST_WAIT_FOR (!hs_window_get_presentation (f->window), 5000);
  g_assert_false (hs_window_get_presentation (f->window));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  hs_test_ui_init (&argc, &argv);

#define WINDOW_TEST(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  WINDOW_TEST ("/ui/keys/entry", test_keys_entry);
  WINDOW_TEST ("/ui/keys/tab", test_keys_tab);
  WINDOW_TEST ("/ui/keys/list", test_keys_list);
  WINDOW_TEST ("/ui/keys/diagram", test_keys_diagram);
#undef WINDOW_TEST

  /* xdotool presses keys through the X server */
  if (gtk_init_check () && GDK_IS_X11_DISPLAY (gdk_display_get_default ()))
    app = hs_test_ui_app_new ();
  xdotool = g_find_program_in_path ("xdotool");

  status = g_test_run ();

  g_clear_object (&app);
  g_free (xdotool);
  return status;
}
