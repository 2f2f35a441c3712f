/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-preferences-window.c: the preferences, all in the template
 * (hs-preferences-window.ui): every row binds itself to the GSettings key
 * it names, so the window follows as soon as a row changes and a row
 * follows the key wherever it was changed. */

#define G_LOG_DOMAIN "hs-preferences-window"

#include "config.h"

#include "hs-diagram-enums.h"
#include "hs-engine-enums.h"
#include "hs-preferences-combo-row.h"
#include "hs-preferences-switch.h"
#include "hs-preferences-window.h"
#include "hs-settings-enums.h"
#include "hs-ui.h"

struct _HsPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;
};

G_DEFINE_FINAL_TYPE (HsPreferencesWindow, hs_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
hs_preferences_window_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), HS_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (hs_preferences_window_parent_class)->dispose (object);
}

static void
hs_preferences_window_class_init (HsPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hs_preferences_window_dispose;

  /* the template names these types */
  g_type_ensure (HS_TYPE_PREFERENCES_COMBO_ROW);
  g_type_ensure (HS_TYPE_PREFERENCES_SWITCH);
  g_type_ensure (HS_TYPE_DIAGRAM_TIME_MODE);
  g_type_ensure (HS_TYPE_PROFILE_KIND);
  g_type_ensure (HS_TYPE_SETTINGS_COLOR_SCHEME);
  g_type_ensure (HS_TYPE_SETTINGS_DIAGRAM_STYLE);

  hs_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/handshake/Handshake/hs-preferences-window.ui");
}

static void
hs_preferences_window_init (HsPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
hs_preferences_window_new (GtkWindow *parent)
{
  return g_object_new (HS_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       NULL);
}
