/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-window-capture.c: opening a capture: read it in a thread, let the
 * teacher pick one of its connections, and show it like a lesson. */

#define G_LOG_DOMAIN "hs-window"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-capture-reader.h"
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

static void
stream_chosen_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  HsWindow         *self)
{
  HsCaptureFile *file = g_object_get_data (G_OBJECT (dialog), "capture");
  GtkDropDown *choice = g_object_get_data (G_OBJECT (dialog), "choice");

  if (g_str_equal (response, "open") && file != NULL)
    load_stream (self, file, gtk_drop_down_get_selected (choice));
}

static void
capture_scanned_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(HsWindow) self = user_data;
  HsCaptureFile *file = HS_CAPTURE_FILE (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkStringList) lines = NULL;
  g_autofree char *name = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog, *choice;
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

  /* several connections: the teacher picks one */
  lines = gtk_string_list_new (NULL);
  for (guint i = 0; i < n; i++)
    {
      const HsCaptureStream *stream = hs_capture_file_get_stream (file, i);
      g_autofree char *line = NULL;

      /* Translators: a connection in a capture: "10.0.0.1:43098 → 10.0.0.2:5000 · 11 packets" */
      line = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s:%u → %s:%u · %lu packet",
                                           "%s:%u → %s:%u · %lu packets", (gulong) stream->n_packets),
                              stream->client_address, stream->client_port,
                              stream->server_address, stream->server_port, (gulong) stream->n_packets);
      gtk_string_list_append (lines, line);
    }
  name = g_path_get_basename (hs_capture_file_get_path (file));
  /* Translators: "“trace.pcap” holds 3 TCP connections. Which one should Handshake show?" */
  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "“%s” holds %u TCP connection. Which one should Handshake show?",
                                       "“%s” holds %u TCP connections. Which one should Handshake show?", n), name, n);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Choose a Connection"), body);
  choice = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&lines)), NULL);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), choice);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "open", _("_Open"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "open", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "open");
  g_object_set_data_full (G_OBJECT (dialog), "capture", g_object_ref (file), g_object_unref);
  g_object_set_data (G_OBJECT (dialog), "choice", choice);
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
