/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-a11y.c: the window follows the system's accessibility settings:
 * high contrast (org.gnome.desktop.a11y.interface, which libadwaita reads
 * when there is no settings portal, as in the tests) turns the diagram
 * high-contrast when its style is "auto". What a screen reader hears is
 * checked over AT-SPI by check-a11y.py. Needs a display; without one, or
 * without GNOME's desktop schemas, the case skips. */

#include "config.h"

#include <adwaita.h>

#include "hs-application.h"
#include "hs-diagram-view.h"
#include "hs-session.h"
#include "hs-window.h"
#include "hs-test-ui.h"

static GtkApplication *app;

static void
iterate_until_style (HsDiagramView      *view,
                     HsDiagramStyleKind  kind)
{
  gint64 end = g_get_monotonic_time () + 5 * G_TIME_SPAN_SECOND;

  while (hs_diagram_view_get_style_kind (view) != kind && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

static void
test_high_contrast (void)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GSettings) a11y = NULL;
  g_autoptr(GError) error = NULL;
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  HsDiagramView *view;
  HsWindow *window;
  gint64 end;

  g_test_summary ("With the diagram style on auto, the system's high-contrast setting gives the high-contrast "
                  "diagram, and turning it off gives the light one back; a chosen style stays");

  if (hs_test_ui_skip (app))
    return;
  schema = source != NULL ? g_settings_schema_source_lookup (source, "org.gnome.desktop.a11y.interface", TRUE) : NULL;
  if (schema == NULL || !g_settings_schema_has_key (schema, "high-contrast"))
    {
      g_test_skip ("org.gnome.desktop.a11y.interface is not installed (gsettings-desktop-schemas)");
      return;
    }

  settings = g_settings_new (APP_ID);
  g_settings_set_string (settings, "diagram-style", "auto");
  a11y = g_settings_new ("org.gnome.desktop.a11y.interface");
  g_settings_set_boolean (a11y, "high-contrast", FALSE);

  window = hs_window_new (app);
  g_assert_true (hs_window_open_lesson (window, "three-way-handshake", &error));
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (window));
  end = g_get_monotonic_time () + 20 * G_TIME_SPAN_SECOND;
  while ((!gtk_widget_get_mapped (GTK_WIDGET (window)) ||
          hs_session_get_simulating (hs_window_get_session (window))) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  view = HS_DIAGRAM_VIEW (hs_window_get_diagram_view (window));
  g_assert_cmpint (hs_diagram_view_get_style_kind (view), ==, HS_DIAGRAM_STYLE_LIGHT);

  g_settings_set_boolean (a11y, "high-contrast", TRUE);
  iterate_until_style (view, HS_DIAGRAM_STYLE_HIGH_CONTRAST);
  g_assert_true (adw_style_manager_get_high_contrast (adw_style_manager_get_default ()));
  g_assert_cmpint (hs_diagram_view_get_style_kind (view), ==, HS_DIAGRAM_STYLE_HIGH_CONTRAST);

  /* a style the user chose is kept */
  g_settings_set_string (settings, "diagram-style", "print");
  iterate_until_style (view, HS_DIAGRAM_STYLE_PRINT);
  g_assert_cmpint (hs_diagram_view_get_style_kind (view), ==, HS_DIAGRAM_STYLE_PRINT);

  g_settings_set_string (settings, "diagram-style", "auto");
  g_settings_set_boolean (a11y, "high-contrast", FALSE);
  iterate_until_style (view, HS_DIAGRAM_STYLE_LIGHT);
  g_assert_cmpint (hs_diagram_view_get_style_kind (view), ==, HS_DIAGRAM_STYLE_LIGHT);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  hs_test_ui_init (&argc, &argv);

  g_test_add_func ("/ui/a11y/high-contrast", test_high_contrast);

  app = hs_test_ui_app_new ();
  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
