/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-application.c: the application: single instance, "open" for lesson
 * files and captures, app actions and accelerators, the colour scheme. */

#define G_LOG_DOMAIN "hs-application"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "hs-application.h"
#include "hs-preferences-window.h"
#include "hs-ui.h"
#include "hs-window.h"

struct _HsApplication
{
  AdwApplication  parent_instance;

  /* owned */
  HsScenario     *initial;        /* the command line's lesson, until the first window opens it */
  char           *initial_path;
  GSettings      *settings;
};

G_DEFINE_FINAL_TYPE (HsApplication, hs_application, ADW_TYPE_APPLICATION)

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

static void
update_color_scheme (HsApplication *self)
{
  g_autofree char *scheme = g_settings_get_string (self->settings, "color-scheme");
  AdwColorScheme value = ADW_COLOR_SCHEME_DEFAULT;

  if (g_str_equal (scheme, "light"))
    value = ADW_COLOR_SCHEME_FORCE_LIGHT;
  else if (g_str_equal (scheme, "dark"))
    value = ADW_COLOR_SCHEME_FORCE_DARK;
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), value);
}

/* The lesson opened last goes back to the step it was at once its
 * trace is in; once only, for the first trace the window gets. */
static void
restore_step_cb (HsSession  *session,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  guint step = GPOINTER_TO_UINT (user_data);
  HsTrace *trace;

  if (hs_session_get_simulating (session))
    return;
  g_signal_handlers_disconnect_by_func (session, restore_step_cb, user_data);
  trace = hs_session_get_trace (session);
  if (trace != NULL)
    hs_session_set_position (session, MIN (step, hs_trace_get_n_steps (trace)));
}

/* Keeps the step the window's lesson is at, for the next start. */
static gboolean
window_close_request_cb (HsWindow      *window,
                         HsApplication *self)
{
  HsSession *session = hs_window_get_session (window);

  g_settings_set_uint (self->settings, "last-step",
                       hs_session_get_trace (session) != NULL ? hs_session_get_position (session) : 0);
  return GDK_EVENT_PROPAGATE;
}

/* The window, opened on the command line's lesson, the lesson opened
 * last (at the step it was at), or the default lesson, whichever first
 * works. */
static HsWindow *
get_window (HsApplication *self)
{
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autoptr(GError) error = NULL;
  g_autofree char *last = NULL;
  HsWindow *window;

  if (HS_IS_WINDOW (active))
    return HS_WINDOW (active);

  window = hs_window_new (GTK_APPLICATION (self));
  g_signal_connect_object (window, "close-request", G_CALLBACK (window_close_request_cb), self, 0);
  if (self->initial != NULL)
    {
      if (!hs_window_open_scenario (window, self->initial, self->initial_path, &error))
        g_warning ("%s", error->message);
      g_clear_object (&self->initial);
      g_clear_pointer (&self->initial_path, g_free);
      if (error == NULL)
        return window;
      g_clear_error (&error);
    }

  last = g_settings_get_string (self->settings, "last-lesson");
  if (*last != '\0' && hs_window_open_lesson (window, last, NULL))
    {
      guint step = g_settings_get_uint (self->settings, "last-step");

      if (step > 0)
        {
          HsSession *session = hs_window_get_session (window);

          g_signal_connect (session, "notify::simulating", G_CALLBACK (restore_step_cb), GUINT_TO_POINTER (step));
          /* a simulation may be over already */
          restore_step_cb (session, NULL, GUINT_TO_POINTER (step));
        }
      return window;
    }
  if (!hs_window_open_lesson (window, HS_DEFAULT_LESSON, &error))
    g_critical ("The default lesson does not run: %s", error->message);
  return window;
}

/* ------------------------------------------------------------------ */
/* Actions                                                             */

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  GtkApplication *app = user_data;
  GList *windows = g_list_copy (gtk_application_get_windows (app));

  /* closing saves each window's state */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
  g_list_free (windows);
  g_application_quit (G_APPLICATION (app));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  HsApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *window = hs_preferences_window_new (parent);

  gtk_window_present (GTK_WINDOW (window));
}

/* The user guide, help/C/index.page as installed: Yelp, or whatever
 * handles help: URIs. */
static void
help_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  HsApplication *self = user_data;

  gtk_show_uri (gtk_application_get_active_window (GTK_APPLICATION (self)), "help:handshake", GDK_CURRENT_TIME);
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  HsApplication *self = user_data;
  const char *developers[] = { _("The Handshake contributors"), NULL };
  const char *standards[] = {
    "RFC 9293 Transmission Control Protocol (TCP) https://www.rfc-editor.org/rfc/rfc9293",
    "RFC 6298 Computing TCP’s Retransmission Timer https://www.rfc-editor.org/rfc/rfc6298",
    "RFC 5681 TCP Congestion Control https://www.rfc-editor.org/rfc/rfc5681",
    "RFC 7323 TCP Extensions for High Performance https://www.rfc-editor.org/rfc/rfc7323",
    "RFC 2018 TCP Selective Acknowledgment Options https://www.rfc-editor.org/rfc/rfc2018",
    NULL
  };
  GtkWidget *about = adw_about_window_new ();

  gtk_window_set_transient_for (GTK_WINDOW (about), gtk_application_get_active_window (GTK_APPLICATION (self)));
  adw_about_window_set_application_name (ADW_ABOUT_WINDOW (about), _("Handshake"));
  adw_about_window_set_application_icon (ADW_ABOUT_WINDOW (about), APP_ID);
  adw_about_window_set_version (ADW_ABOUT_WINDOW (about), PACKAGE_VERSION);
  adw_about_window_set_developer_name (ADW_ABOUT_WINDOW (about), _("The Handshake contributors"));
  adw_about_window_set_developers (ADW_ABOUT_WINDOW (about), developers);
  adw_about_window_set_comments (ADW_ABOUT_WINDOW (about),
                                 _("See how TCP connections are set up, used and torn down, one segment at a time, and break them to see what TCP does about it."));
  adw_about_window_set_copyright (ADW_ABOUT_WINDOW (about), _("© The Handshake contributors"));
  adw_about_window_set_license_type (ADW_ABOUT_WINDOW (about), GTK_LICENSE_GPL_3_0);
  adw_about_window_set_issue_url (ADW_ABOUT_WINDOW (about), "https://github.com/handshake/handshake/issues");
  /* Translators: your names, one per line, as they should be credited */
  adw_about_window_set_translator_credits (ADW_ABOUT_WINDOW (about), _("translator-credits"));
  adw_about_window_add_acknowledgement_section (ADW_ABOUT_WINDOW (about), _("Standards"), standards);
  gtk_window_present (GTK_WINDOW (about));
}

/* A second instance started with a lesson hands it to this one. */
static void
open_lesson_data_action (GSimpleAction *action,
                         GVariant      *param,
                         gpointer       user_data)
{
  HsApplication *self = user_data;
  g_autoptr(HsScenario) scenario = NULL;
  g_autoptr(GError) error = NULL;
  const char *id, *path, *data;
  HsWindow *window;

  g_variant_get (param, "(&s&s&s)", &id, &path, &data);
  scenario = hs_scenario_new_from_data (id, *path != '\0' ? path : id, data, strlen (data), &error);
  window = get_window (self);
  if (scenario == NULL || !hs_window_open_scenario (window, scenario, *path != '\0' ? path : NULL, &error))
    g_warning ("%s", error->message);
  gtk_window_present (GTK_WINDOW (window));
}

static const GActionEntry app_entries[] = {
  { "quit", quit_action },
  { "preferences", preferences_action },
  { "help", help_action },
  { "about", about_action },
  { "open-lesson-data", open_lesson_data_action, "(sss)" },
};

static const struct {
  const char *action;
  const char *accels[4];
} accels[] = {
  { "app.quit", { "<Control>q", NULL } },
  { "app.preferences", { "<Control>comma", NULL } },
  { "app.help", { "F1", NULL } },
  { "window.close", { "<Control>w", NULL } },
  { "win.open", { "<Control>o", NULL } },
  { "win.save-lesson", { "<Control>s", NULL } },
  { "win.export('png')", { "<Control>e", NULL } },
  { "win.print", { "<Control>p", NULL } },
  { "win.presentation", { "F11", "F5", NULL } },
  { "win.show-sidebar", { "F9", NULL } },
  { "win.show-panel", { "F8", NULL } },
  { "win.quiz", { "F7", NULL } },
  { "win.quiz-reveal", { "<Control>r", NULL } },
  { "win.search-lessons", { "<Control>f", NULL } },
  { "win.main-view('diagram')", { "<Control>1", NULL } },
  { "win.main-view('states')", { "<Control>2", NULL } },
  { "win.panel-page('inspector')", { "<Control>i", NULL } },
  { "win.zoom-in", { "<Control>plus", "<Control>equal", "<Control>KP_Add", NULL } },
  { "win.zoom-out", { "<Control>minus", "<Control>KP_Subtract", NULL } },
  { "win.zoom-reset", { "<Control>0", "<Control>KP_0", NULL } },
};

/* ------------------------------------------------------------------ */
/* GApplication                                                        */

static void
hs_application_startup (GApplication *application)
{
  HsApplication *self = HS_APPLICATION (application);

  G_APPLICATION_CLASS (hs_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_entries, G_N_ELEMENTS (app_entries), self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action, accels[i].accels);

  self->settings = g_settings_new (APP_ID);
  g_signal_connect_object (self->settings, "changed::color-scheme", G_CALLBACK (update_color_scheme), self,
                           G_CONNECT_SWAPPED);
  update_color_scheme (self);
  gtk_window_set_default_icon_name (APP_ID);
}

static void
hs_application_activate (GApplication *application)
{
  gtk_window_present (GTK_WINDOW (get_window (HS_APPLICATION (application))));
}

static void
hs_application_open (GApplication  *application,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  HsWindow *window = get_window (HS_APPLICATION (application));

  /* one lesson at a time: the last file wins, as in a viewer */
  for (int i = 0; i < n_files; i++)
    hs_window_open_file (window, files[i]);
  gtk_window_present (GTK_WINDOW (window));
}

static void
hs_application_dispose (GObject *object)
{
  HsApplication *self = HS_APPLICATION (object);

  g_clear_object (&self->initial);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (hs_application_parent_class)->dispose (object);
}

static void
hs_application_finalize (GObject *object)
{
  HsApplication *self = HS_APPLICATION (object);

  g_clear_pointer (&self->initial_path, g_free);

  G_OBJECT_CLASS (hs_application_parent_class)->finalize (object);
}

static void
hs_application_class_init (HsApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = hs_application_dispose;
  object_class->finalize = hs_application_finalize;
  app_class->startup = hs_application_startup;
  app_class->activate = hs_application_activate;
  app_class->open = hs_application_open;
}

static void
hs_application_init (HsApplication *self)
{
  /* before startup: AdwApplication loads style.css from the resources,
   * GtkApplication the shortcuts window */
  hs_ui_ensure_resources ();
}

/* ------------------------------------------------------------------ */
/* Public API                                                          */

HsApplication *
hs_application_new (HsScenario *scenario,
                    const char *path)
{
  HsApplication *self;

  g_return_val_if_fail (scenario == NULL || HS_IS_SCENARIO (scenario), NULL);

  self = g_object_new (HS_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/handshake/Handshake",
                       NULL);
  if (scenario != NULL)
    self->initial = g_object_ref (scenario);
  self->initial_path = g_strdup (path);
  return self;
}

gboolean
hs_ui_init_check (void)
{
  return gtk_init_check ();
}

int
hs_ui_run (HsScenario  *scenario,
           const char  *path,
           int          argc,
           char       **argv)
{
  g_autoptr(HsApplication) app = hs_application_new (scenario, path);
  g_autoptr(GError) error = NULL;

  g_set_application_name (_("Handshake"));

  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    {
      g_printerr ("handshake: %s\n", error->message);
      return 1;
    }

  /* single instance: a lesson from this command line goes to the window
   * that is already open */
  if (g_application_get_is_remote (G_APPLICATION (app)) && scenario != NULL)
    {
      g_autofree char *data = hs_scenario_to_data (scenario, NULL);

      g_action_group_activate_action (G_ACTION_GROUP (app), "open-lesson-data",
                                      g_variant_new ("(sss)", hs_scenario_get_id (scenario),
                                                     path != NULL ? path : "", data));
      g_application_activate (G_APPLICATION (app));
      if (g_application_get_dbus_connection (G_APPLICATION (app)) != NULL)
        g_dbus_connection_flush_sync (g_application_get_dbus_connection (G_APPLICATION (app)), NULL, NULL);
      return 0;
    }

  return g_application_run (G_APPLICATION (app), argc, argv);
}
