/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-window-actions.c: the window's actions ("win.step-forward", ...):
 * what buttons, menus, keys and tests activate. */

#define G_LOG_DOMAIN "hs-window"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-error.h"
#include "hs-export-dialog.h"
#include "hs-lesson-library.h"
#include "hs-output.h"
#include "hs-window-private.h"

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

void
_hs_window_toast (HsWindow   *self,
                  const char *title)
{
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_timeout (toast, 4);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
_hs_window_show_error (HsWindow   *self,
                       const char *heading,
                       const char *message)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
set_enabled (HsWindow   *self,
             const char *name,
             gboolean    enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

  if (action != NULL)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

static void
set_state (HsWindow   *self,
           const char *name,
           GVariant   *state)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

  if (action != NULL)
    g_simple_action_set_state (G_SIMPLE_ACTION (action), state);
  else
    g_variant_unref (g_variant_ref_sink (state));
}

void
_hs_window_update_actions (HsWindow *self)
{
  guint position = hs_session_get_position (self->session);
  guint n = hs_session_get_n_steps (self->session);
  double zoom = hs_diagram_view_get_zoom (self->diagram_view);

  if (g_action_map_lookup_action (G_ACTION_MAP (self), "play") == NULL)
    return;

  set_enabled (self, "step-forward", position < n);
  set_enabled (self, "go-end", position < n);
  set_enabled (self, "step-back", position > 0);
  set_enabled (self, "go-start", position > 0);
  set_enabled (self, "play", n > 0);
  set_enabled (self, "zoom-in", zoom < HS_DIAGRAM_VIEW_MAX_ZOOM - 0.001);
  set_enabled (self, "zoom-out", zoom > HS_DIAGRAM_VIEW_MIN_ZOOM + 0.001);
  set_enabled (self, "reset-lesson", hs_session_get_modified (self->session));
  set_enabled (self, "save-lesson", hs_session_get_scenario (self->session) != NULL);
  set_enabled (self, "show-sidebar", !self->presentation);
  set_enabled (self, "show-panel", !self->presentation);

  set_state (self, "play", g_variant_new_boolean (hs_diagram_view_get_playing (self->diagram_view)));
  set_state (self, "presentation", g_variant_new_boolean (self->presentation));
  set_state (self, "show-sidebar", g_variant_new_boolean (adw_flap_get_reveal_flap (self->flap)));
  set_state (self, "show-panel", g_variant_new_boolean (gtk_widget_get_visible (self->panel)));
}

/* ------------------------------------------------------------------ */
/* Playhead                                                            */

static void
step_forward_action (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       user_data)
{
  HsWindow *self = user_data;

  hs_diagram_view_set_playing (self->diagram_view, FALSE);
  hs_session_step_forward (self->session);
}

static void
step_back_action (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       user_data)
{
  HsWindow *self = user_data;

  hs_diagram_view_set_playing (self->diagram_view, FALSE);
  hs_session_step_back (self->session);
}

static void
go_start_action (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       user_data)
{
  HsWindow *self = user_data;

  hs_diagram_view_set_playing (self->diagram_view, FALSE);
  hs_session_set_position (self->session, 0);
}

static void
go_end_action (GSimpleAction *action,
               GVariant      *param,
               gpointer       user_data)
{
  HsWindow *self = user_data;

  hs_diagram_view_set_playing (self->diagram_view, FALSE);
  hs_session_set_position (self->session, hs_session_get_n_steps (self->session));
}

static void
play_change_state (GSimpleAction *action,
                   GVariant      *state,
                   gpointer       user_data)
{
  HsWindow *self = user_data;

  hs_diagram_view_set_playing (self->diagram_view, g_variant_get_boolean (state));
  g_simple_action_set_state (action, g_variant_new_boolean (hs_diagram_view_get_playing (self->diagram_view)));
}

/* ------------------------------------------------------------------ */
/* View                                                                */

static void
zoom_in_action (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  HsWindow *self = user_data;

  hs_diagram_view_set_zoom (self->diagram_view, hs_diagram_view_get_zoom (self->diagram_view) * 1.2);
}

static void
zoom_out_action (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       user_data)
{
  HsWindow *self = user_data;

  hs_diagram_view_set_zoom (self->diagram_view, hs_diagram_view_get_zoom (self->diagram_view) / 1.2);
}

static void
zoom_reset_action (GSimpleAction *action,
                   GVariant      *param,
                   gpointer       user_data)
{
  HsWindow *self = user_data;

  hs_diagram_view_set_zoom (self->diagram_view, 1.0);
}

static void
presentation_change_state (GSimpleAction *action,
                           GVariant      *state,
                           gpointer       user_data)
{
  hs_window_set_presentation (HS_WINDOW (user_data), g_variant_get_boolean (state));
}

static void
show_sidebar_change_state (GSimpleAction *action,
                           GVariant      *state,
                           gpointer       user_data)
{
  HsWindow *self = user_data;
  gboolean reveal = g_variant_get_boolean (state);

  adw_flap_set_reveal_flap (self->flap, reveal);
  g_settings_set_boolean (self->settings, "sidebar-visible", reveal);
  g_simple_action_set_state (action, state);
}

static void
show_panel_change_state (GSimpleAction *action,
                         GVariant      *state,
                         gpointer       user_data)
{
  HsWindow *self = user_data;
  gboolean visible = g_variant_get_boolean (state);

  gtk_widget_set_visible (self->panel, visible);
  g_settings_set_boolean (self->settings, "panel-visible", visible);
  g_simple_action_set_state (action, state);
}

static void
panel_page_change_state (GSimpleAction *action,
                         GVariant      *state,
                         gpointer       user_data)
{
  HsWindow *self = user_data;
  const char *name = g_variant_get_string (state, NULL);

  if (!g_str_equal (name, "steps") && !g_str_equal (name, "inspector") && !g_str_equal (name, "parameters"))
    return;
  adw_view_stack_set_visible_child_name (self->panel_stack, name);
  if (!self->presentation)
    g_action_group_change_action_state (G_ACTION_GROUP (self), "show-panel", g_variant_new_boolean (TRUE));
  g_simple_action_set_state (action, state);
}

static void
panel_page_changed_cb (HsWindow *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->panel_stack);

  /* the page itself is bound to "panel-page" (hs-window.c) */
  if (name == NULL)
    return;
  set_state (self, "panel-page", g_variant_new_string (name));
}

static void
flap_revealed_cb (HsWindow *self)
{
  set_state (self, "show-sidebar", g_variant_new_boolean (adw_flap_get_reveal_flap (self->flap)));
}

static void
search_lessons_action (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       user_data)
{
  HsWindow *self = user_data;

  if (self->presentation)
    return;
  adw_flap_set_reveal_flap (self->flap, TRUE);
  hs_lesson_sidebar_focus_search (self->sidebar);
}

/* ------------------------------------------------------------------ */
/* Lessons and files                                                   */

static void
open_lesson_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  HsWindow *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!hs_window_open_lesson (self, g_variant_get_string (param, NULL), &error))
    _hs_window_show_error (self, _("Could Not Open the Lesson"), error->message);
  else if (adw_flap_get_folded (self->flap))
    adw_flap_set_reveal_flap (self->flap, FALSE);
}

static void
open_response_cb (GtkNativeDialog *chooser,
                  int              response,
                  HsWindow        *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  if (file != NULL)
    hs_window_open_file (self, file);
}

static void
open_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  HsWindow *self = user_data;
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) lessons = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) captures = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;

  gtk_file_filter_set_name (all, _("Lessons and captures"));
  gtk_file_filter_add_pattern (all, "*.lesson");
  gtk_file_filter_add_pattern (all, "*.pcap");
  gtk_file_filter_add_pattern (all, "*.pcapng");
  gtk_file_filter_set_name (lessons, _("Lessons"));
  gtk_file_filter_add_pattern (lessons, "*.lesson");
  gtk_file_filter_set_name (captures, _("Captures"));
  gtk_file_filter_add_pattern (captures, "*.pcap");
  gtk_file_filter_add_pattern (captures, "*.pcapng");

  self->chooser = gtk_file_chooser_native_new (_("Open a Lesson or Capture"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), lessons);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), captures);
  g_signal_connect (self->chooser, "response", G_CALLBACK (open_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
save_response_cb (GtkNativeDialog *chooser,
                  int              response,
                  HsWindow        *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *data = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  gsize len;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  if (file == NULL || (path = g_file_get_path (file)) == NULL)
    return;

  data = hs_session_to_data (self->session, &len);
  if (!hs_output_write_file (path, data, len, &error))
    {
      _hs_window_show_error (self, _("Could Not Save the Lesson"), error->message);
      return;
    }
  name = g_file_get_basename (file);
  /* Translators: a toast: "Saved “my-lesson.lesson”" */
  title = g_strdup_printf (_("Saved “%s”"), name);
  _hs_window_toast (self, title);
  _hs_window_add_recent (self, path);
}

static void
save_lesson_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  HsWindow *self = user_data;
  g_autoptr(GtkFileFilter) lessons = gtk_file_filter_new ();
  g_autofree char *name = NULL;
  g_autofree char *lesson_dir = NULL;

  if (self->chooser != NULL || hs_session_get_scenario (self->session) == NULL)
    return;

  gtk_file_filter_set_name (lessons, _("Lessons"));
  gtk_file_filter_add_pattern (lessons, "*.lesson");
  name = g_strdup_printf ("%s.lesson", hs_session_get_lesson_id (self->session));

  self->chooser = gtk_file_chooser_native_new (_("Save Lesson As"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), lessons);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  /* the teacher's own lesson folder, which the library lists and follows */
  lesson_dir = hs_lesson_library_ensure_user_dir (NULL);
  if (lesson_dir != NULL)
    {
      g_autoptr(GFile) folder = g_file_new_for_path (lesson_dir);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), folder, NULL);
    }
  g_signal_connect (self->chooser, "response", G_CALLBACK (save_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
reset_lesson_action (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       user_data)
{
  HsWindow *self = user_data;

  hs_session_reset (self->session);
  _hs_window_toast (self, _("The lesson is as it was"));
}

static void
launch_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    g_message ("Could not open the exported file: %s", error->message);
}

static void
open_uri_action (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       user_data)
{
  HsWindow *self = user_data;
  g_autoptr(GAppLaunchContext) context =
    G_APP_LAUNCH_CONTEXT (gdk_display_get_app_launch_context (gtk_widget_get_display (GTK_WIDGET (self))));

  g_app_info_launch_default_for_uri_async (g_variant_get_string (param, NULL), context, NULL, launch_done_cb, NULL);
}

/* ------------------------------------------------------------------ */
/* Export                                                              */

static void
export_file_cb (HsExportDialog *dialog,
                const char     *path,
                HsWindow       *self)
{
  HsDiagramExportOptions options;
  g_autoptr(GError) error = NULL;

  /* a plot: written by the plot pane's code (hs-window-plot.c) */
  if (hs_export_dialog_get_plot (dialog, NULL, NULL))
    {
      _hs_window_export_plot_from_dialog (self, dialog, path);
      return;
    }
  hs_export_dialog_get_options (dialog, &options);
  if (hs_export_dialog_get_frames (dialog))
    {
      HsTrace *trace = hs_session_get_trace (self->session);
      HsDiagramFormat format = HS_DIAGRAM_FORMAT_PNG;
      g_autofree char *name = g_filename_display_basename (path);
      g_autofree char *title = NULL;
      guint n = 0;

      /* as --frames: each image written atomically (hs-output.h) */
      if (trace == NULL || !hs_export_format_get_diagram_format (hs_export_dialog_get_format (dialog), &format) ||
          !hs_diagram_export_frames (trace, path, format, &options, &n, &error))
        {
          _hs_window_show_error (self, _("Could Not Export"),
                                 error != NULL ? error->message : _("No lesson is open"));
          return;
        }
      /* Translators: a toast: "Exported 47 images into “full-connection-frames”" */
      title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exported %u image into “%s”",
                                            "Exported %u images into “%s”", n), n, name);
      _hs_window_toast (self, title);
      return;
    }
  if (!hs_window_export_file (self, path, hs_export_dialog_get_format (dialog), &options, &error))
    _hs_window_show_error (self, _("Could Not Export"), error->message);
}

static void
export_action (GSimpleAction *action,
               GVariant      *param,
               gpointer       user_data)
{
  HsWindow *self = user_data;
  HsExportFormat format = self->last_export;
  HsExportDialog *dialog;
  gboolean frames, plot;
  HsDiagramStyleKind style = hs_diagram_view_get_style_kind (self->diagram_view);

  /* "frames": one image per step, as --frames writes them; "plot": the
   * plot shown, as PNG unless the last export was in a plot's format */
  frames = param != NULL && g_strcmp0 (g_variant_get_string (param, NULL), "frames") == 0;
  plot = param != NULL && g_strcmp0 (g_variant_get_string (param, NULL), "plot") == 0;
  if (plot)
    format = self->last_export == HS_EXPORT_SVG || self->last_export == HS_EXPORT_PDF ||
             self->last_export == HS_EXPORT_CSV ? self->last_export : HS_EXPORT_PNG;
  else if (frames)
    format = hs_export_format_is_image (self->last_export) ? self->last_export : HS_EXPORT_PNG;
  else if (param != NULL && !hs_export_format_from_string (g_variant_get_string (param, NULL), &format))
    format = self->last_export;
  if (hs_session_get_trace (self->session) == NULL)
    return;

  /* high contrast is for the projector, not for files */
  if (style == HS_DIAGRAM_STYLE_HIGH_CONTRAST)
    style = HS_DIAGRAM_STYLE_LIGHT;
  dialog = hs_export_dialog_new (GTK_WINDOW (self), format, style,
                                 hs_session_get_n_steps (self->session),
                                 hs_session_get_lesson_id (self->session));
  hs_export_dialog_set_trace (dialog, hs_session_get_trace (self->session));
  hs_export_dialog_set_frames (dialog, frames);
  if (plot)
    _hs_window_plot_choose_in_dialog (self, dialog);
  g_signal_connect_object (dialog, "export-file", G_CALLBACK (export_file_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Writes a file straight away, with the format its name says and the
 * window's number and label settings: for scripts and tests. */
static void
export_to_action (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       user_data)
{
  HsWindow *self = user_data;
  const char *path = g_variant_get_string (param, NULL);
  HsDiagramExportOptions options;
  g_autoptr(GError) error = NULL;
  HsExportFormat format;

  if (!hs_export_format_from_path (path, &format))
    {
      g_autofree char *message =
        g_strdup_printf (_("Cannot tell the format of “%s” from its name: end it in .png, .svg, .pdf, .mmd, .puml, .csv, .json, .txt or .pcap"),
                         path);
      _hs_window_show_error (self, _("Could Not Export"), message);
      return;
    }
  hs_diagram_export_options_init (&options);
  options.layout.absolute = g_settings_get_boolean (self->settings, "show-absolute-numbers");
  options.layout.show_options = g_settings_get_boolean (self->settings, "show-options");
  options.split = TRUE;
  if (!hs_window_export_file (self, path, format, &options, &error))
    _hs_window_show_error (self, _("Could Not Export"), error->message);
}

/* ------------------------------------------------------------------ */
/* What if                                                             */

/* Segments are numbered as the diagram numbers their arrows: by step. */
static guint
sent_step_number (HsWindow *self,
                  guint     segment)
{
  HsTrace *trace = hs_session_get_trace (self->session);

  if (trace == NULL || segment >= hs_trace_get_n_segments (trace) ||
      hs_trace_get_segment (trace, segment)->sent_step == HS_TRACE_NONE)
    return segment + 1;
  return hs_trace_get_segment (trace, segment)->sent_step + 1;
}

static void
lose_segment_action (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       user_data)
{
  HsWindow *self = user_data;
  guint segment = g_variant_get_uint32 (param);
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  AdwToast *toast;

  hs_diagram_view_set_playing (self->diagram_view, FALSE);
  if (!hs_session_lose_segment (self->session, segment, &error))
    {
      _hs_window_toast (self, error->message);
      return;
    }
  /* Translators: a toast after "Lose this segment", numbered as the diagram
   * numbers arrows: "The segment of step 8 is lost now: step on to see what TCP does" */
  title = g_strdup_printf (_("The segment of step %u is lost now: step on to see what TCP does"),
                           sent_step_number (self, segment));
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "win.restore-segment");
  adw_toast_set_action_target_value (toast, g_variant_new_uint32 (segment));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
  gtk_widget_grab_focus (GTK_WIDGET (self->diagram_view));
}

static void
restore_segment_action (GSimpleAction *action,
                        GVariant      *param,
                        gpointer       user_data)
{
  HsWindow *self = user_data;
  guint segment = g_variant_get_uint32 (param);
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;

  hs_diagram_view_set_playing (self->diagram_view, FALSE);
  if (!hs_session_restore_segment (self->session, segment, &error))
    {
      _hs_window_toast (self, error->message);
      return;
    }
  /* Translators: a toast: "The segment of step 8 arrives again" */
  title = g_strdup_printf (_("The segment of step %u arrives again"), sent_step_number (self, segment));
  _hs_window_toast (self, title);
}

static void
inspect_segment_action (GSimpleAction *action,
                        GVariant      *param,
                        gpointer       user_data)
{
  HsWindow *self = user_data;

  hs_session_set_selected_segment (self->session, g_variant_get_uint32 (param));
  if (!self->presentation)
    g_action_group_change_action_state (G_ACTION_GROUP (self), "panel-page", g_variant_new_string ("inspector"));
}

/* Where Enter in a parameter and Escape anywhere send the keyboard: the
 * diagram, where the lesson's keys work. */
static void
focus_diagram_action (GSimpleAction *action,
                      GVariant      *param,
                      gpointer       user_data)
{
  _hs_window_focus_diagram (HS_WINDOW (user_data));
}

/* ------------------------------------------------------------------ */

static const GActionEntry win_entries[] = {
  { "step-forward", step_forward_action },
  { "step-back", step_back_action },
  { "go-start", go_start_action },
  { "go-end", go_end_action },
  { "play", NULL, NULL, "false", play_change_state },
  { "zoom-in", zoom_in_action },
  { "zoom-out", zoom_out_action },
  { "zoom-reset", zoom_reset_action },
  { "presentation", NULL, NULL, "false", presentation_change_state },
  { "show-sidebar", NULL, NULL, "true", show_sidebar_change_state },
  { "show-panel", NULL, NULL, "true", show_panel_change_state },
  { "panel-page", NULL, "s", "'steps'", panel_page_change_state },
  { "search-lessons", search_lessons_action },
  { "open", open_action },
  { "open-lesson", open_lesson_action, "s" },
  { "open-uri", open_uri_action, "s" },
  { "save-lesson", save_lesson_action },
  { "reset-lesson", reset_lesson_action },
  { "export", export_action, "s" },
  { "export-to", export_to_action, "s" },
  { "lose-segment", lose_segment_action, "u" },
  { "restore-segment", restore_segment_action, "u" },
  { "inspect-segment", inspect_segment_action, "u" },
  { "focus-diagram", focus_diagram_action },
};

void
_hs_window_init_actions (HsWindow *self)
{
  g_autoptr(GAction) main_view = g_settings_create_action (self->settings, "main-view");
  g_autofree char *page = g_settings_get_string (self->settings, "panel-page");
  gboolean sidebar = g_settings_get_boolean (self->settings, "sidebar-visible");
  gboolean panel = g_settings_get_boolean (self->settings, "panel-visible");

  g_action_map_add_action_entries (G_ACTION_MAP (self), win_entries, G_N_ELEMENTS (win_entries), self);
  /* "win.main-view" is the setting itself: the main stack follows the key */
  g_action_map_add_action (G_ACTION_MAP (self), main_view);

  adw_flap_set_reveal_flap (self->flap, sidebar);
  gtk_widget_set_visible (self->panel, panel);
  set_state (self, "panel-page", g_variant_new_string (page));

  g_signal_connect_object (self->flap, "notify::reveal-flap", G_CALLBACK (flap_revealed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->panel_stack, "notify::visible-child-name", G_CALLBACK (panel_page_changed_cb), self,
                           G_CONNECT_SWAPPED);
  _hs_window_update_actions (self);
}
