/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-window-capture.c: opening a capture: read it in a thread, let the
 * teacher pick one of its connections, several or all of them, and show
 * them like a lesson. */

#define G_LOG_DOMAIN "hs-window"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-capture-reader.h"
#include "hs-diagram-layout.h"
#include "hs-window-private.h"

static void
capture_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(HsWindow) self = user_data;
  HsCaptureFile *file = HS_CAPTURE_FILE (source);
  g_autoptr(HsTrace) trace = NULL;
  g_autoptr(GError) error = NULL;
  const GError *warning;
  const char *path = hs_capture_file_get_path (file);

  trace = hs_capture_file_load_stream_finish (file, result, &error);
  if (trace == NULL)
    {
      _hs_window_show_error (self, _("Could Not Open the Capture"), error->message);
      return;
    }
  hs_diagram_view_set_playing (self->diagram_view, FALSE);
  hs_session_load_trace (self->session, trace, path);
  g_free (self->lesson);
  self->lesson = g_strdup (path);
  hs_lesson_sidebar_set_current (self->sidebar, self->lesson);
  _hs_window_add_recent (self, path);
  if ((warning = hs_capture_file_get_warning (file)) != NULL)
    _hs_window_toast (self, warning->message);
}

static void
load_stream (HsWindow      *self,
             HsCaptureFile *file,
             guint          index)
{
  hs_capture_file_load_stream_async (file, index, NULL, NULL, NULL, capture_loaded_cb, g_object_ref (self));
}

/* The picker's checks, one per connection, in stream order. */
static GPtrArray *
picker_checks (AdwMessageDialog *dialog)
{
  return g_object_get_data (G_OBJECT (dialog), "checks");
}

static void
stream_chosen_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  HsWindow         *self)
{
  HsCaptureFile *file = g_object_get_data (G_OBJECT (dialog), "capture");
  GPtrArray *checks = picker_checks (dialog);
  g_autoptr(GArray) chosen = g_array_new (FALSE, FALSE, sizeof (guint));

  if (!g_str_equal (response, "open") || file == NULL)
    return;

  for (guint i = 0; i < checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (checks, i)))
      g_array_append_val (chosen, i);

  if (chosen->len == 1)
    load_stream (self, file, g_array_index (chosen, guint, 0));
  else if (chosen->len > 1)
    /* several: one diagram, a lane per host, as Wireshark's flow graph */
    hs_capture_file_load_streams_async (file, (const guint *) (gpointer) chosen->data, chosen->len,
                                        NULL, NULL, NULL, capture_loaded_cb, g_object_ref (self));
}

/* "All connections" checks every connection the diagram can hold. */
static void
all_toggled_cb (GtkCheckButton   *all,
                AdwMessageDialog *dialog)
{
  GPtrArray *checks = picker_checks (dialog);
  gboolean active = gtk_check_button_get_active (all);

  for (guint i = 0; i < checks->len; i++)
    gtk_check_button_set_active (g_ptr_array_index (checks, i),
                                 active ? i < HS_CAPTURE_MAX_STREAMS : i == 0);
}

/* Open only with something chosen, and no more than one diagram holds. */
static void
check_toggled_cb (GtkCheckButton   *check,
                  AdwMessageDialog *dialog)
{
  GPtrArray *checks = picker_checks (dialog);
  guint n = 0;

  for (guint i = 0; i < checks->len; i++)
    n += gtk_check_button_get_active (g_ptr_array_index (checks, i));
  adw_message_dialog_set_response_enabled (dialog, "open", n > 0 && n <= HS_CAPTURE_MAX_STREAMS);
}

static void
capture_scanned_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(HsWindow) self = user_data;
  HsCaptureFile *file = HS_CAPTURE_FILE (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog, *box, *list, *scrolled, *all;
  GPtrArray *checks;
  guint n;

  if (!hs_capture_file_scan_finish (file, result, &error))
    {
      _hs_window_show_error (self, _("Could Not Open the Capture"), error->message);
      return;
    }
  n = hs_capture_file_get_n_streams (file);
  if (n == 1)
    {
      load_stream (self, file, 0);
      return;
    }

  /* several connections: the teacher picks one, some, or all */
  name = g_path_get_basename (hs_capture_file_get_path (file));
  /* Translators: "“trace.pcap” holds 3 TCP connections. …" */
  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "“%s” holds %u TCP connection. Handshake shows the ones you tick on one diagram, a lane per host.",
                                       "“%s” holds %u TCP connections. Handshake shows the ones you tick on one diagram, a lane per host.", n),
                          name, n);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Choose Connections"), body);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  all = gtk_check_button_new_with_label (n <= HS_CAPTURE_MAX_STREAMS ? _("All connections")
                                                                    : _("The first 16 connections"));
  gtk_box_append (GTK_BOX (box), all);
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  checks = g_ptr_array_new ();
  for (guint i = 0; i < n; i++)
    {
      const HsCaptureStream *stream = hs_capture_file_get_stream (file, i);
      g_autofree char *line = NULL;
      GtkWidget *check;

      /* Translators: a connection in a capture: "10.0.0.1:43098 → 10.0.0.2:5000 · 11 packets" */
      line = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s:%u → %s:%u · %lu packet",
                                           "%s:%u → %s:%u · %lu packets", (gulong) stream->n_packets),
                              stream->client_address, stream->client_port,
                              stream->server_address, stream->server_port, (gulong) stream->n_packets);
      check = gtk_check_button_new_with_label (line);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), i == 0);
      gtk_widget_set_margin_start (check, 6);
      gtk_widget_set_margin_end (check, 6);
      g_signal_connect_object (check, "toggled", G_CALLBACK (check_toggled_cb), dialog, 0);
      gtk_list_box_append (GTK_LIST_BOX (list), check);
      g_ptr_array_add (checks, check);
    }
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 320);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  gtk_box_append (GTK_BOX (box), scrolled);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "open", _("_Open"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "open", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "open");
  g_object_set_data_full (G_OBJECT (dialog), "capture", g_object_ref (file), g_object_unref);
  g_object_set_data_full (G_OBJECT (dialog), "checks", checks, (GDestroyNotify) g_ptr_array_unref);
  g_signal_connect_object (all, "toggled", G_CALLBACK (all_toggled_cb), dialog, 0);
  g_signal_connect_object (dialog, "response", G_CALLBACK (stream_chosen_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_hs_window_open_capture (HsWindow   *self,
                         const char *path)
{
  g_autoptr(HsCaptureFile) file = hs_capture_file_new (path);

  hs_capture_file_scan_async (file, NULL, NULL, NULL, capture_scanned_cb, g_object_ref (self));
}

/* ------------------------------------------------- several connections -- */

static void
connection_change_state (GSimpleAction *action,
                         GVariant      *value,
                         gpointer       user_data)
{
  HsWindow *self = user_data;

  g_simple_action_set_state (action, value);
  if (self->highlight_connection == g_variant_get_uint32 (value))
    return;
  self->highlight_connection = g_variant_get_uint32 (value);
  _hs_window_update_style (self);
}

/* A trace of several connections on hosts: a submenu to make one stand
 * out, the others drawn faint; none for any other trace. */
static void
connections_trace_changed_cb (HsWindow *self)
{
  HsTrace *trace = hs_session_get_trace (self->session);
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "connection");
  g_autoptr(GMenu) submenu = NULL;
  g_autoptr(GMenuItem) all = NULL;
  guint n;

  g_menu_remove_all (self->connection_section);
  g_action_change_state (action, g_variant_new_uint32 (0));

  n = trace != NULL ? hs_trace_get_n_connections (trace) : 0;
  if (trace == NULL || hs_trace_get_n_hosts (trace) == 0 || n < 2)
    return;

  submenu = g_menu_new ();
  all = g_menu_item_new (_("All Alike"), NULL);
  g_menu_item_set_action_and_target_value (all, "win.connection", g_variant_new_uint32 (0));
  g_menu_append_item (submenu, all);
  for (guint c = 0; c < n; c++)
    {
      g_autofree char *label = hs_diagram_connection_label (trace, c);
      /* Translators: a menu item: "2: 10.0.0.1:43100 → 10.0.0.2:80" */
      g_autofree char *text = g_strdup_printf (_("%u: %s"), c + 1, label);
      g_autoptr(GMenuItem) item = g_menu_item_new (text, NULL);

      g_menu_item_set_action_and_target_value (item, "win.connection", g_variant_new_uint32 (c + 1));
      g_menu_append_item (submenu, item);
    }
  g_menu_append_submenu (self->connection_section, _("_Highlight a Connection"), G_MENU_MODEL (submenu));
}

void
_hs_window_init_connections (HsWindow *self)
{
  g_autoptr(GSimpleAction) action =
    g_simple_action_new_stateful ("connection", G_VARIANT_TYPE_UINT32, g_variant_new_uint32 (0));

  g_signal_connect (action, "change-state", G_CALLBACK (connection_change_state), self);
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (action));
  g_signal_connect_object (self->session, "notify::trace", G_CALLBACK (connections_trace_changed_cb),
                           self, G_CONNECT_SWAPPED);
  connections_trace_changed_cb (self);
}
