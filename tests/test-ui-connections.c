/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ui-connections.c: a capture of several connections in the window:
 * the picker opens all of them on one diagram, a lane per host, and the
 * main menu makes one stand out. One window, one small capture. */

#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <adwaita.h>

#include "hs-diagram-layout.h"
#include "hs-diagram-view.h"
#include "hs-session.h"
#include "hs-window.h"
#include "hs-test-pcap.h"
#include "hs-test-ui.h"

static GtkApplication *app;

/* The picker the window opened, or NULL. */
static AdwMessageDialog *
find_picker (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* not ours */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static guint
n_connections (HsSession *session)
{
  HsTrace *trace = hs_session_get_trace (session);

  return trace != NULL ? hs_trace_get_n_connections (trace) : 0;
}

static HsDiagramLayout *
layout_of (HsWindow *window)
{
  return hs_diagram_view_get_layout (HS_DIAGRAM_VIEW (hs_window_get_diagram_view (window)));
}

static void
test_all_connections (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  HsWindow *window;
  HsSession *session;
  AdwMessageDialog *picker = NULL;
  GtkWidget *all;
  HsDiagramLayout *layout;

  g_test_summary ("Opening a capture of three connections, the picker's “All connections” opens them on "
                  "one diagram with a lane per host, and “Highlight a Connection” makes one stand out");

  if (hs_test_ui_skip (app))
    return;

  dir = g_dir_make_tmp ("hs-ui-connections-XXXXXX", &error);
  g_assert_no_error (error);
  path = hs_test_write_three (dir);
  file = g_file_new_for_path (path);

  window = hs_test_window_open (app, "three-way-handshake", 0, 0);
  session = hs_window_get_session (window);
  hs_window_open_file (window, file);

  /* read in a thread, then the teacher chooses */
  HS_TEST_WAIT_FOR ((picker = find_picker ()) != NULL, 20000);
  g_assert_nonnull (picker);
  all = hs_test_find_widget (adw_message_dialog_get_extra_child (picker), GTK_TYPE_CHECK_BUTTON);
  g_assert_nonnull (all);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (all), TRUE);
  g_assert_true (adw_message_dialog_get_response_enabled (picker, "open"));
  adw_message_dialog_response (picker, "open");

  HS_TEST_WAIT_FOR (n_connections (session) == 3 && (layout = layout_of (window)) != NULL &&
                    hs_diagram_layout_get_n_lanes (layout) == 3, 30000);
  g_assert_cmpuint (n_connections (session), ==, 3);
  g_assert_cmpuint (hs_trace_get_n_hosts (hs_session_get_trace (session)), ==, 3);
  layout = layout_of (window);
  g_assert_nonnull (layout);
  g_assert_cmpuint (hs_diagram_layout_get_n_lanes (layout), ==, 3);

  /* one stands out, then all alike again */
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (window), "connection"));
  g_action_group_activate_action (G_ACTION_GROUP (window), "connection", g_variant_new_uint32 (2));
  HS_TEST_WAIT_FOR ((layout = layout_of (window)) != NULL &&
                    hs_diagram_layout_get_options (layout)->highlight_connection == 2, 20000);
  g_assert_cmpuint (hs_diagram_layout_get_options (layout_of (window))->highlight_connection, ==, 2);
  g_action_group_activate_action (G_ACTION_GROUP (window), "connection", g_variant_new_uint32 (0));
  HS_TEST_WAIT_FOR ((layout = layout_of (window)) != NULL &&
                    hs_diagram_layout_get_options (layout)->highlight_connection == 0, 20000);
  g_assert_cmpuint (hs_diagram_layout_get_options (layout_of (window))->highlight_connection, ==, 0);

  hs_test_window_close (window);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  hs_test_ui_init (&argc, &argv);
  g_test_add_func ("/ui/connections/all", test_all_connections);
  app = hs_test_ui_app_new ();
  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
