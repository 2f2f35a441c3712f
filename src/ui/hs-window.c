/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-window.c: the main window: its template, what follows the playhead
 * (narration, timeline, title), styles, keys and remembered state. The
 * actions are in hs-window-actions.c. */

#define G_LOG_DOMAIN "hs-window"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "hs-capture-reader.h"
#include "hs-diagram-layout.h"
#include "hs-error.h"
#include "hs-narration.h"
#include "hs-plot-view.h"
#include "hs-ui.h"
#include "hs-window-private.h"

G_DEFINE_FINAL_TYPE (HsWindow, hs_window, ADW_TYPE_APPLICATION_WINDOW)

#define MAX_RECENT 10
/* Presentation mode makes type this much larger. */
#define PRESENTATION_FONT_SCALE 1.35

/* ------------------------------------------------------------------ */
/* What follows the playhead                                           */

static void
update_title (HsWindow *self)
{
  HsScenario *scenario = hs_session_get_scenario (self->session);
  g_autofree char *subtitle = NULL;
  g_autofree char *window_title = NULL;
  const char *title, *topic;
  guint lost;

  if (scenario == NULL)
    {
      HsTrace *trace = hs_session_get_trace (self->session);
      const char *path = hs_session_get_path (self->session);
      g_autofree char *base = path != NULL ? g_path_get_basename (path) : NULL;

      if (trace == NULL)
        return;
      title = hs_trace_get_title (trace) != NULL ? hs_trace_get_title (trace) : base != NULL ? base : _("Trace");
      adw_window_title_set_title (self->window_title, title);
      adw_window_title_set_subtitle (self->window_title, base != NULL ? base : _("Captured connection"));
      /* Translators: the window's title: "A whole connection — Handshake" */
      window_title = g_strdup_printf (_("%s — Handshake"), title);
      gtk_window_set_title (GTK_WINDOW (self), window_title);
      return;
    }

  title = hs_scenario_get_title (scenario);
  topic = hs_lesson_topic_label (hs_scenario_get_topic (scenario));
  lost = hs_session_get_n_lost_by_user (self->session);
  if (lost > 0)
    /* Translators: the window's subtitle: "Connection Set-Up · 1 segment lost on purpose" */
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u segment lost on purpose",
                                             "%s · %u segments lost on purpose", lost), topic, lost);
  else if (hs_session_get_modified (self->session))
    /* Translators: the window's subtitle when parameters were changed: "Connection Set-Up · changed" */
    subtitle = g_strdup_printf (_("%s · changed"), topic);
  else
    subtitle = g_strdup (topic);

  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  /* Translators: the window's title: "A whole connection — Handshake" */
  window_title = g_strdup_printf (_("%s — Handshake"), title);
  gtk_window_set_title (GTK_WINDOW (self), window_title);
}

static void
update_narration (HsWindow *self)
{
  HsTrace *trace = hs_session_get_trace (self->session);
  HsScenario *scenario = hs_session_get_scenario (self->session);
  guint position = hs_session_get_position (self->session);
  guint n = hs_session_get_n_steps (self->session);
  g_autofree char *heading = NULL;
  g_autofree char *text = NULL;
  g_autofree char *step_text = NULL;

  if (trace == NULL)
    return;

  if (position == 0 && scenario == NULL)
    {
      heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "Before the first step · %u step · Press → to begin",
                                              "Before the first step · %u steps · Press → to begin", n), n);
      text = g_strdup (_("A connection as a capture saw it. Step through what went over the wire; the states are what the packets tell."));
    }
  else if (position == 0)
    {
      const char *description = hs_scenario_get_description (scenario);

      /* Translators: above the lesson's description, before the first step */
      heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "Before the first step · %u step · Press → to begin",
                                              "Before the first step · %u steps · Press → to begin", n), n);
      text = g_strdup (description != NULL && *description != '\0' ? description : hs_scenario_get_title (scenario));
    }
  else
    {
      const HsTraceStep *step = hs_trace_get_step (trace, position - 1);
      g_autofree char *time = hs_ui_format_time (step->time);
      guint first = position - 1, n_run = 1;

      /* The class is read a run of similar steps as one summary; the
       * playhead still moves step by step, and the step's own sentence
       * stays beneath it. Outside presentation mode each step is told. */
      if (self->presentation && !_hs_window_get_quiz (self))
        /* (in quiz mode a run's summary would tell steps not yet asked) */
        hs_narration_find_run (trace, position - 1, &first, &n_run);

      if (position == n)
        /* Translators: "Step 27 of 27 · 60.37 s · the end" */
        heading = g_strdup_printf (_("Step %u of %u · %s · the end"), position, n, time);
      else if (n_run > 1)
        /* Translators: in presentation mode, a step inside a run of
         * similar steps told in one summary: "Step 40 of 886 · 1.20 s ·
         * steps 27–86 in one summary" */
        heading = g_strdup_printf (_("Step %u of %u · %s · steps %u–%u in one summary"),
                                   position, n, time, first + 1, first + n_run);
      else
        /* Translators: "Step 5 of 27 · 30 ms" */
        heading = g_strdup_printf (_("Step %u of %u · %s"), position, n, time);
      if (n_run > 1)
        {
          g_autofree char *own = hs_narration_format_step (trace, position - 1);

          text = hs_narration_format_run (trace, first, n_run);
          /* Translators: beneath a run's summary in presentation mode, the
           * sentence of the step the playhead is on */
          step_text = g_strdup_printf (_("This step: %s"), own);
        }
      else
        text = hs_narration_format_step (trace, position - 1);

      /* a comparison of TCP and UDP ends with what each delivered */
      if (position == n)
        {
          g_autofree char *tally = hs_narration_format_tally (trace);

          if (tally != NULL)
            {
              g_autofree char *last = g_steal_pointer (&text);

              text = g_strdup_printf ("%s\n%s", tally, last);
            }
        }
    }

  /* of several connections, whose step this is: the number the legend and
   * the connection picker give it */
  if (position > 0)
    {
      guint connection = hs_diagram_step_connection (trace, position - 1);

      if (connection != HS_TRACE_NONE)
        {
          g_autofree char *plain = g_steal_pointer (&heading);

          /* Translators: the heading above the narration and the
           * connection the step belongs to: "Step 5 of 27 · 30 ms ·
           * connection 2" */
          heading = g_strdup_printf (_("%s · connection %u"), plain, connection + 1);
        }
    }

  if (position > 0 && *_hs_window_get_chapter_name (self) != '\0')
    {
      g_autofree char *plain = g_steal_pointer (&heading);

      /* Translators: the heading above the narration and the chapter the
       * step is in: "Step 5 of 27 · 30 ms · Handshake" */
      heading = g_strdup_printf (C_("heading", "%s · %s"), plain, _hs_window_get_chapter_name (self));
    }
  gtk_label_set_text (self->step_label, heading);
  gtk_label_set_text (self->narration_label, text != NULL ? text : "");
  _hs_window_fit_narration (self);
  if (step_text != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->narration_label), "summary");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->narration_label), "summary");
  gtk_label_set_text (self->step_sentence_label, step_text != NULL ? step_text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->step_sentence_label), step_text != NULL);
}

static void
update_timeline (HsWindow *self)
{
  guint position = hs_session_get_position (self->session);
  guint n = hs_session_get_n_steps (self->session);
  g_autofree char *label = g_strdup_printf ("%u / %u", position, n);

  self->syncing = TRUE;
  gtk_adjustment_set_upper (self->timeline_adjustment, MAX (n, 1));
  gtk_adjustment_set_value (self->timeline_adjustment, position);
  self->syncing = FALSE;
  gtk_label_set_text (self->position_label, label);
}

static void
position_changed_cb (HsWindow *self)
{
  guint segment = hs_session_get_current_segment (self->session);

  /* the inspector follows the playhead to the segment of each step */
  if (segment != HS_TRACE_NONE)
    hs_session_set_selected_segment (self->session, segment);
  update_narration (self);
  update_timeline (self);
  _hs_window_update_actions (self);
}

/* A lesson opened (not a re-simulation of the same one): its own time
 * mode and options apply until the user chooses otherwise. */
static void
follow_lesson_view (HsWindow *self)
{
  const char *key = hs_session_get_path (self->session) != NULL ? hs_session_get_path (self->session)
                                                                : hs_session_get_lesson_id (self->session);

  if (g_strcmp0 (key, self->shown_lesson) == 0)
    return;
  g_free (self->shown_lesson);
  self->shown_lesson = g_strdup (key);
  self->user_time_mode = FALSE;
  self->user_show_options = FALSE;
  _hs_window_update_style (self);
}

static void
user_time_mode_cb (HsWindow *self)
{
  self->user_time_mode = TRUE;
}

static void
user_show_options_cb (HsWindow *self)
{
  self->user_show_options = TRUE;
}

static void
trace_changed_cb (HsWindow *self)
{
  follow_lesson_view (self);
  update_title (self);
  update_narration (self);
  update_timeline (self);
  _hs_window_update_actions (self);
}

static void
timeline_changed_cb (HsWindow *self)
{
  if (self->syncing)
    return;
  hs_session_set_position (self->session, (guint) (gtk_adjustment_get_value (self->timeline_adjustment) + 0.5));
}

/* ------------------------------------------------------------------ */
/* Style, zoom, speed                                                  */

void
_hs_window_update_style (HsWindow *self)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  g_autofree char *name = g_settings_get_string (self->settings, "diagram-style");
  double font_scale = g_settings_get_double (self->settings, "font-scale");
  HsDiagramStyleKind kind;
  HsDiagramLayoutOptions options;
  PangoAttrList *attrs;

  /* The teacher's text scale multiplies what the window's size asks
   * for: a projector's large window makes large type by itself. */
  if (self->presentation)
    {
      kind = HS_DIAGRAM_STYLE_HIGH_CONTRAST;
      font_scale *= MAX (PRESENTATION_FONT_SCALE, _hs_window_get_size_scale (self));
    }
  else if (g_str_equal (name, "auto") || !hs_diagram_style_kind_from_string (name, &kind))
    /* the system's high-contrast setting wins over light and dark */
    kind = adw_style_manager_get_high_contrast (manager) ? HS_DIAGRAM_STYLE_HIGH_CONTRAST
         : adw_style_manager_get_dark (manager) ? HS_DIAGRAM_STYLE_DARK : HS_DIAGRAM_STYLE_LIGHT;
  if (!self->presentation)
    font_scale *= _hs_window_get_size_scale (self);

  hs_diagram_view_set_style (self->diagram_view, kind, font_scale);
  hs_state_machine_view_set_style (self->state_view, kind, font_scale);
  _hs_window_plot_set_style (self, kind, font_scale);

  hs_diagram_layout_options_init (&options);
  options.absolute = g_settings_get_boolean (self->settings, "show-absolute-numbers");
  options.show_options = g_settings_get_boolean (self->settings, "show-options");
  /* the schema's TimeMode is HsDiagramTimeMode, value for value (test-ui
   * /ui/settings/enums) */
  options.time_mode = (HsDiagramTimeMode) g_settings_get_enum (self->settings, "time-mode");
  options.highlight_connection = self->highlight_connection;
  hs_diagram_layout_options_apply_lesson (&options, hs_session_get_scenario (self->session),
                                          !self->user_time_mode, !self->user_show_options);
  hs_diagram_view_set_layout_options (self->diagram_view, &options);

  /* the narration grows with the type of the diagram */
  attrs = pango_attr_list_new ();
  pango_attr_list_insert (attrs, pango_attr_scale_new (font_scale));
  self->narration_scale = font_scale;
  self->narration_fit_steps = -1;
  gtk_label_set_attributes (self->step_sentence_label, attrs);
  gtk_label_set_attributes (self->step_label, attrs);
  gtk_label_set_attributes (self->state_caption, attrs);
  pango_attr_list_unref (attrs);
  _hs_window_update_narration_height (self);
  _hs_window_fit_narration (self);
}

static void
zoom_changed_cb (HsWindow *self)
{
  g_autofree char *label = g_strdup_printf ("%.0f%%", hs_diagram_view_get_zoom (self->diagram_view) * 100);

  gtk_label_set_text (self->zoom_label, label);
  _hs_window_update_actions (self);
}

static void
playing_changed_cb (HsWindow *self)
{
  gboolean playing = hs_diagram_view_get_playing (self->diagram_view);

  gtk_button_set_icon_name (self->play_button, playing ? "media-playback-pause-symbolic"
                                                       : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->play_button), playing ? _("Pause (P)") : _("Play (P)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->play_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, playing ? _("Pause") : _("Play"),
                                  -1);
  _hs_window_update_actions (self);
}

static void
parameters_error_cb (HsWindow   *self,
                     const char *message)
{
  _hs_window_toast (self, message);
}

/* ------------------------------------------------------------------ */
/* Remembered state                                                    */

/* The panel keeps its remembered width: placed once the paned has one. */
gboolean
_hs_window_place_panel_cb (GtkWidget     *widget,
                           GdkFrameClock *clock,
                           gpointer       user_data)
{
  HsWindow *self = HS_WINDOW (user_data);
  int width = gtk_widget_get_width (widget);

  if (width <= 0)
    return G_SOURCE_CONTINUE;
  self->panel_placed = TRUE;
  gtk_paned_set_position (self->paned, MAX (width - g_settings_get_int (self->settings, "panel-width"), width / 3));
  return G_SOURCE_REMOVE;
}

static void
save_state (HsWindow *self)
{
  int width, height, max = 0;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  if (!self->presentation && !gtk_window_is_maximized (GTK_WINDOW (self)) && width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", MAX (width, 360));
      g_settings_set_int (self->settings, "window-height", MAX (height, 294));
    }
  if (!self->presentation)
    g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));

  max = gtk_widget_get_width (GTK_WIDGET (self->paned));
  if (self->panel_placed && !self->panel_folded && gtk_widget_get_visible (self->panel) && max > 0)
    g_settings_set_int (self->settings, "panel-width",
                        CLAMP (max - gtk_paned_get_position (self->paned), 240, 2000));
}

static gboolean
hs_window_close_request (GtkWindow *window)
{
  HsWindow *self = HS_WINDOW (window);

  hs_diagram_view_set_playing (self->diagram_view, FALSE);
  save_state (self);

  return GTK_WINDOW_CLASS (hs_window_parent_class)->close_request (window);
}

void
_hs_window_add_recent (HsWindow   *self,
                       const char *path)
{
  g_auto(GStrv) old = g_settings_get_strv (self->settings, "recent-files");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) files = NULL;
  guint n = 1;

  g_strv_builder_add (builder, path);
  for (guint i = 0; old[i] != NULL && n < MAX_RECENT; i++)
    if (!g_str_equal (old[i], path))
      {
        g_strv_builder_add (builder, old[i]);
        n++;
      }
  files = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "recent-files", (const char * const *) files);
}

static void
recent_files_changed_cb (HsWindow *self)
{
  g_auto(GStrv) files = g_settings_get_strv (self->settings, "recent-files");

  hs_lesson_sidebar_set_files (self->sidebar, (const char * const *) files);
}

/* ------------------------------------------------------------------ */
/* GObject                                                             */

static void
hs_window_dispose (GObject *object)
{
  HsWindow *self = HS_WINDOW (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_signal_handlers_disconnect_by_data (adw_style_manager_get_default (), self);

  _hs_window_dispose_layout (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), HS_TYPE_WINDOW);

  G_OBJECT_CLASS (hs_window_parent_class)->dispose (object);
}

static void
hs_window_finalize (GObject *object)
{
  HsWindow *self = HS_WINDOW (object);

  g_clear_object (&self->session);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->lesson, g_free);
  g_clear_pointer (&self->quiz_lesson, g_free);
  _hs_window_finalize_chapters (self);
  g_clear_pointer (&self->shown_lesson, g_free);

  G_OBJECT_CLASS (hs_window_parent_class)->finalize (object);
}

static void
hs_window_size_allocate (GtkWidget *widget,
                         int        width,
                         int        height,
                         int        baseline)
{
  GTK_WIDGET_CLASS (hs_window_parent_class)->size_allocate (widget, width, height, baseline);
  _hs_window_layout_allocated (HS_WINDOW (widget), width, height);
}

/* The side areas fold, and the plot goes below, for the size the window
 * is about to open at, before its first measure: docked beside a plot,
 * they would ask for more width than a 1024 px window has, and a window
 * that opens wider than asked for them (1112 px) does not become narrower
 * once they fold. */
static void
hs_window_realize (GtkWidget *widget)
{
  int width = 0, height = 0;

  gtk_window_get_default_size (GTK_WINDOW (widget), &width, &height);
  if (width > 0 && height > 0 && !gtk_window_is_maximized (GTK_WINDOW (widget)))
    _hs_window_layout_presize (HS_WINDOW (widget), width, height);
  GTK_WIDGET_CLASS (hs_window_parent_class)->realize (widget);
}

static void
hs_window_class_init (HsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = hs_window_dispose;
  object_class->finalize = hs_window_finalize;
  window_class->close_request = hs_window_close_request;
  widget_class->size_allocate = hs_window_size_allocate;
  widget_class->realize = hs_window_realize;

  g_type_ensure (HS_TYPE_DIAGRAM_VIEW);
  g_type_ensure (HS_TYPE_INSPECTOR);
  g_type_ensure (HS_TYPE_LESSON_SIDEBAR);
  g_type_ensure (HS_TYPE_PARAMETERS_PANEL);
  g_type_ensure (HS_TYPE_QUIZ_PANEL);
  g_type_ensure (HS_TYPE_STATE_MACHINE_VIEW);
  g_type_ensure (HS_TYPE_STEP_LIST);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/handshake/Handshake/hs-window.ui");
  /* a type the template names that nothing else refers to */
  g_type_ensure (HS_TYPE_PLOT_VIEW);
  gtk_widget_class_bind_template_child (widget_class, HsWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, HsWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, HsWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, HsWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, HsWindow, panel_flap);
  gtk_widget_class_bind_template_child (widget_class, HsWindow, connection_section);
  gtk_widget_class_bind_template_child (widget_class, HsWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, HsWindow, paned);
  gtk_widget_class_bind_template_child (widget_class, HsWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, HsWindow, simulation_card);
  gtk_widget_class_bind_template_child (widget_class, HsWindow, simulation_spinner);
  gtk_widget_class_bind_template_child (widget_class, HsWindow, simulation_title);
  gtk_widget_class_bind_template_child (widget_class, HsWindow, simulation_bar);
  gtk_widget_class_bind_template_child (widget_class, HsWindow, simulation_label);
  gtk_widget_class_bind_template_child (widget_class, HsWindow, simulation_cancel);
  gtk_widget_class_bind_template_child (widget_class, HsWindow, cancelled_page);
  gtk_widget_class_bind_template_child (widget_class, HsWindow, undrawn_page);
  gtk_widget_class_bind_template_child (widget_class, HsWindow, truncated_revealer);
  gtk_widget_class_bind_template_child (widget_class, HsWindow, truncated_label);
  gtk_widget_class_bind_template_child (widget_class, HsWindow, diagram_scroller);
  gtk_widget_class_bind_template_child (widget_class, HsWindow, diagram_view);
  gtk_widget_class_bind_template_child (widget_class, HsWindow, state_view);
  gtk_widget_class_bind_template_child (widget_class, HsWindow, state_caption);
  gtk_widget_class_bind_template_child (widget_class, HsWindow, narration_box);
  gtk_widget_class_bind_template_child (widget_class, HsWindow, step_label);
  gtk_widget_class_bind_template_child (widget_class, HsWindow, narration_scroller);
  gtk_widget_class_bind_template_child (widget_class, HsWindow, narration_label);
  gtk_widget_class_bind_template_child (widget_class, HsWindow, step_sentence_label);
  gtk_widget_class_bind_template_child (widget_class, HsWindow, panel);
  gtk_widget_class_bind_template_child (widget_class, HsWindow, panel_stack);
  gtk_widget_class_bind_template_child (widget_class, HsWindow, step_list);
  gtk_widget_class_bind_template_child (widget_class, HsWindow, inspector);
  gtk_widget_class_bind_template_child (widget_class, HsWindow, parameters);
  gtk_widget_class_bind_template_child (widget_class, HsWindow, transport);
  gtk_widget_class_bind_template_child (widget_class, HsWindow, play_button);
  gtk_widget_class_bind_template_child (widget_class, HsWindow, timeline);
  gtk_widget_class_bind_template_child (widget_class, HsWindow, timeline_adjustment);
  gtk_widget_class_bind_template_child (widget_class, HsWindow, position_label);
  gtk_widget_class_bind_template_child (widget_class, HsWindow, legend_button);
  gtk_widget_class_bind_template_child (widget_class, HsWindow, legend_popover);
  gtk_widget_class_bind_template_child (widget_class, HsWindow, legend_area);
  gtk_widget_class_bind_template_child (widget_class, HsWindow, speed_dropdown);
  gtk_widget_class_bind_template_child (widget_class, HsWindow, zoom_label);
  gtk_widget_class_bind_template_child (widget_class, HsWindow, leave_presentation_button);
  gtk_widget_class_bind_template_child (widget_class, HsWindow, quiz_revealer);
  gtk_widget_class_bind_template_child (widget_class, HsWindow, quiz_panel);
  gtk_widget_class_bind_template_child (widget_class, HsWindow, plot_paned);
  gtk_widget_class_bind_template_child (widget_class, HsWindow, plot_view);
}

static gboolean drop_cb (GtkDropTarget *target, const GValue *value, double x, double y, HsWindow *self);

static void
hs_window_init (HsWindow *self)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  GtkDropTarget *drop;
  static const char * const style_keys[] = {
    "diagram-style", "font-scale", "show-absolute-numbers", "show-options", "time-mode",
  };
  g_autoptr(GListModel) speeds = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->session = hs_session_new ();
  self->settings = g_settings_new (APP_ID);
  self->last_export = HS_EXPORT_PNG;

  hs_diagram_view_set_session (self->diagram_view, self->session);
  hs_state_machine_view_set_session (self->state_view, self->session);
  hs_step_list_set_session (self->step_list, self->session);
  hs_inspector_set_session (self->inspector, self->session);
  hs_parameters_panel_set_session (self->parameters, self->session);
  /* before the window's own handlers: the narration names the chapter */
  _hs_window_init_chapters (self);

  g_signal_connect_object (self->session, "notify::trace", G_CALLBACK (trace_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::position", G_CALLBACK (position_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::modified", G_CALLBACK (update_title), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->diagram_view, "notify::zoom", G_CALLBACK (zoom_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->diagram_view, "notify::playing", G_CALLBACK (playing_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->parameters, "error", G_CALLBACK (parameters_error_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_swapped (self->timeline_adjustment, "value-changed", G_CALLBACK (timeline_changed_cb), self);
  gtk_widget_add_tick_callback (GTK_WIDGET (self->paned), _hs_window_place_panel_cb, self, NULL);

  /* What maps to one property is bound; the diagrams' look is made of
   * several keys, the window's style and presentation mode. */
  g_settings_bind (self->settings, "playback-speed", self->diagram_view, "speed", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "show-absolute-numbers", self->inspector, "absolute", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "main-view", self->main_stack, "visible-child-name", G_SETTINGS_BIND_GET);
  speeds = hs_ui_choices_new ("playback-speed");
  gtk_drop_down_set_model (self->speed_dropdown, speeds);
  hs_ui_choices_bind (self->settings, "playback-speed", self->speed_dropdown, "selected");
  /* before the style follows them: what the user chooses wins over the lesson */
  g_signal_connect_swapped (self->settings, "changed::time-mode", G_CALLBACK (user_time_mode_cb), self);
  g_signal_connect_swapped (self->settings, "changed::show-options", G_CALLBACK (user_show_options_cb), self);
  for (guint i = 0; i < G_N_ELEMENTS (style_keys); i++)
    {
      g_autofree char *signal = g_strdup_printf ("changed::%s", style_keys[i]);

      g_signal_connect_swapped (self->settings, signal, G_CALLBACK (_hs_window_update_style), self);
    }
  g_signal_connect_swapped (self->settings, "changed::recent-files", G_CALLBACK (recent_files_changed_cb), self);
  g_signal_connect_swapped (manager, "notify::dark", G_CALLBACK (_hs_window_update_style), self);
  g_signal_connect_swapped (manager, "notify::high-contrast", G_CALLBACK (_hs_window_update_style), self);

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  _hs_window_init_keys (self);

  /* remembered state */
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
  g_settings_bind (self->settings, "panel-page", self->panel_stack, "visible-child-name", G_SETTINGS_BIND_DEFAULT);
  recent_files_changed_cb (self);

  /* the keyboard starts on the diagram, which speaks the narration */
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->diagram_view));

  _hs_window_init_layout (self);
  _hs_window_init_actions (self);
  _hs_window_init_print (self);
  _hs_window_init_simulation (self);
  _hs_window_init_quiz (self);
  _hs_window_init_plot (self);
  _hs_window_init_connections (self);
  _hs_window_update_style (self);
  zoom_changed_cb (self);
  playing_changed_cb (self);
}

/* A lesson file or a capture dropped on the window opens like one chosen
 * in the file dialog; of several, the first. */
static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         HsWindow      *self)
{
  GSList *files;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  files = g_value_get_boxed (value);
  if (files == NULL)
    return FALSE;
  hs_window_open_file (self, G_FILE (files->data));
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Public API                                                          */

HsWindow *
hs_window_new (GtkApplication *application)
{
  return g_object_new (HS_TYPE_WINDOW, "application", application, NULL);
}

gboolean
hs_window_open_scenario (HsWindow    *self,
                         HsScenario  *scenario,
                         const char  *path,
                         GError     **error)
{
  g_return_val_if_fail (HS_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (HS_IS_SCENARIO (scenario), FALSE);

  hs_diagram_view_set_playing (self->diagram_view, FALSE);
  if (!hs_session_load (self->session, scenario, path, error))
    return FALSE;

  g_free (self->lesson);
  self->lesson = g_strdup (path != NULL ? path : hs_scenario_get_id (scenario));
  hs_lesson_sidebar_set_current (self->sidebar, self->lesson);
  g_settings_set_string (self->settings, "last-lesson", self->lesson);
  if (path != NULL)
    _hs_window_add_recent (self, path);
  return TRUE;
}

gboolean
hs_window_open_lesson (HsWindow    *self,
                       const char  *id_or_path,
                       GError     **error)
{
  g_autoptr(HsScenario) scenario = NULL;
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autofree char *data = NULL;
  g_autofree char *profile = NULL;
  gboolean is_file;
  gsize len;

  g_return_val_if_fail (HS_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (id_or_path != NULL, FALSE);

  scenario = hs_scenario_load (id_or_path, error);
  if (scenario == NULL)
    return FALSE;
  is_file = strchr (id_or_path, '/') != NULL || g_str_has_suffix (id_or_path, ".lesson") ||
            g_file_test (id_or_path, G_FILE_TEST_EXISTS);

  /* the default profile, for lessons that do not choose one */
  data = hs_scenario_to_data (scenario, &len);
  profile = g_settings_get_string (self->settings, "profile");
  if (g_key_file_load_from_data (keyfile, data, len, G_KEY_FILE_NONE, NULL) &&
      !g_key_file_has_key (keyfile, "Lesson", "Profile", NULL))
    {
      HsProfileKind kind;

      if (hs_profile_kind_from_string (profile, &kind) && kind != hs_scenario_get_profile (scenario))
        hs_scenario_set_profile (scenario, kind);
    }

  if (is_file)
    {
      g_autoptr(GFile) file = g_file_new_for_path (id_or_path);
      g_autofree char *absolute = g_file_get_path (file);

      return hs_window_open_scenario (self, scenario, absolute, error);
    }
  return hs_window_open_scenario (self, scenario, NULL, error);
}

void
hs_window_open_file (HsWindow *self,
                     GFile    *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;

  g_return_if_fail (HS_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  path = g_file_get_path (file);
  name = g_file_get_basename (file);
  if (path == NULL)
    {
      _hs_window_show_error (self, _("Could Not Open the File"),
                             _("Only files on this computer can be opened."));
      return;
    }
  if (hs_capture_is_capture_filename (path))
    {
      _hs_window_open_capture (self, path);
      return;
    }
  if (!hs_window_open_lesson (self, path, &error))
    _hs_window_show_error (self, _("Could Not Open the Lesson"), error->message);
}

gboolean
hs_window_export_file (HsWindow                     *self,
                       const char                   *path,
                       HsExportFormat                format,
                       const HsDiagramExportOptions *options,
                       GError                      **error)
{
  HsTrace *trace;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(GFile) file = NULL;
  HsExportOptions export_options;
  AdwToast *toast;

  g_return_val_if_fail (HS_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  trace = hs_session_get_trace (self->session);
  if (trace == NULL)
    {
      g_set_error_literal (error, HS_ERROR, HS_ERROR_FAILED, _("No lesson is open"));
      return FALSE;
    }
  hs_export_options_init (&export_options);
  if (options != NULL)
    export_options.diagram = *options;
  /* Not the sole reader: the window's views hold records of this trace.
   * A capture is taken at the client. */
  if (!hs_export_trace (trace, path, format, &export_options, NULL, NULL, NULL, error))
    return FALSE;

  file = g_file_new_for_path (path);
  name = g_file_get_basename (file);
  uri = g_file_get_uri (file);
  /* Translators: a toast: "Exported “full-connection.png”" */
  title = g_strdup_printf (_("Exported “%s”"), name);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Open"));
  adw_toast_set_action_name (toast, "win.open-uri");
  adw_toast_set_action_target_value (toast, g_variant_new_string (uri));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
  self->last_export = format;
  return TRUE;
}

HsSession *
hs_window_get_session (HsWindow *self)
{
  g_return_val_if_fail (HS_IS_WINDOW (self), NULL);
  return self->session;
}

gboolean
hs_window_get_presentation (HsWindow *self)
{
  g_return_val_if_fail (HS_IS_WINDOW (self), FALSE);
  return self->presentation;
}

void
hs_window_set_presentation (HsWindow *self,
                            gboolean  presentation)
{
  g_return_if_fail (HS_IS_WINDOW (self));

  presentation = !!presentation;
  if (presentation == self->presentation)
    return;
  if (presentation)
    save_state (self);
  self->presentation = presentation;

  gtk_widget_set_visible (GTK_WIDGET (self->header_bar), !presentation);
  gtk_widget_set_visible (self->leave_presentation_button, presentation);
  /* folded side areas wait for their buttons */
  gtk_widget_set_visible (self->panel, !presentation && !self->panel_folded &&
                                       g_settings_get_boolean (self->settings, "panel-visible"));
  adw_flap_set_reveal_flap (self->flap, !presentation && !self->sidebar_folded &&
                                        g_settings_get_boolean (self->settings, "sidebar-visible"));
  if (presentation)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "presentation");
      gtk_window_fullscreen (GTK_WINDOW (self));
      gtk_widget_grab_focus (GTK_WIDGET (self->diagram_view));
      _hs_window_toast (self, _("Presentation mode: → and ← (or Page Down and Page Up) step, P plays, Esc leaves"));
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self), "presentation");
      gtk_window_unfullscreen (GTK_WINDOW (self));
    }
  _hs_window_update_style (self);
  _hs_window_plot_presentation_changed (self);
  _hs_window_update_quiz (self);
  /* presentation mode reads runs of similar steps as one summary */
  update_narration (self);
  _hs_window_update_actions (self);
}

const char *
hs_window_get_narration (HsWindow *self)
{
  g_return_val_if_fail (HS_IS_WINDOW (self), NULL);
  return gtk_label_get_text (self->narration_label);
}

const char *
hs_window_get_step_sentence (HsWindow *self)
{
  g_return_val_if_fail (HS_IS_WINDOW (self), NULL);
  if (!gtk_widget_get_visible (GTK_WIDGET (self->step_sentence_label)))
    return NULL;
  return gtk_label_get_text (self->step_sentence_label);
}

GtkWidget *
hs_window_get_diagram_view (HsWindow *self)
{
  g_return_val_if_fail (HS_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->diagram_view);
}

gboolean
hs_window_get_settled (HsWindow *self)
{
  g_return_val_if_fail (HS_IS_WINDOW (self), FALSE);

  return !hs_session_get_simulating (self->session) && hs_diagram_view_get_settled (self->diagram_view) &&
         self->fold_idle_id == 0 && _hs_window_plot_settled (self);
}

const char *
hs_window_get_progress_text (HsWindow *self)
{
  g_return_val_if_fail (HS_IS_WINDOW (self), NULL);
  if (!gtk_widget_get_visible (self->simulation_card))
    return NULL;
  if (!self->card_simulating)
    return gtk_label_get_text (self->simulation_title);
  return gtk_label_get_text (self->simulation_label);
}

const char *
hs_window_get_warning (HsWindow *self)
{
  g_return_val_if_fail (HS_IS_WINDOW (self), NULL);
  if (!gtk_revealer_get_reveal_child (self->truncated_revealer))
    return NULL;
  return gtk_label_get_text (self->truncated_label);
}

gboolean
hs_window_get_cancelled_shown (HsWindow *self)
{
  g_return_val_if_fail (HS_IS_WINDOW (self), FALSE);
  return gtk_widget_get_visible (self->cancelled_page) || gtk_widget_get_visible (self->undrawn_page);
}

GtkWidget *
hs_window_get_quiz_panel (HsWindow *self)
{
  g_return_val_if_fail (HS_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->quiz_panel);
}

GtkWidget *
hs_window_get_step_list (HsWindow *self)
{
  g_return_val_if_fail (HS_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->step_list);
}

GtkWidget *
hs_window_get_inspector (HsWindow *self)
{
  g_return_val_if_fail (HS_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->inspector);
}

GtkWidget *
hs_window_get_state_view (HsWindow *self)
{
  g_return_val_if_fail (HS_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->state_view);
}
