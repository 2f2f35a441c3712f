/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-preferences-window.c: every row is bound to a GSettings key, so the
 * window follows as soon as a row changes. */

#define G_LOG_DOMAIN "hs-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-preferences-window.h"

struct _HsPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* owned */
  GSettings            *settings;
};

G_DEFINE_FINAL_TYPE (HsPreferencesWindow, hs_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static const char * const color_schemes[] = { "system", "light", "dark", NULL };
static const char * const diagram_styles[] = { "auto", "light", "dark", "high-contrast", "print", NULL };
static const char * const time_modes[] = { "proportional", "events", NULL };
static const char * const profiles[] = { "linux", "rfc", NULL };
static const double font_scales[] = { 1.0, 1.25, 1.5, 2.0, -1 };
static const double speeds[] = { 0.25, 0.5, 1.0, 1.5, 2.0, 4.0, -1 };

/* A combo row's "selected" ↔ a string key, through a NULL-terminated list. */
static gboolean
string_get_mapping (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  const char * const *choices = user_data;
  const char *str = g_variant_get_string (variant, NULL);

  for (guint i = 0; choices[i] != NULL; i++)
    if (g_str_equal (choices[i], str))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  g_value_set_uint (value, 0);
  return TRUE;
}

static GVariant *
string_set_mapping (const GValue       *value,
                    const GVariantType *expected_type,
                    gpointer            user_data)
{
  const char * const *choices = user_data;
  guint i = g_value_get_uint (value);

  if (i >= g_strv_length ((char **) choices))
    return NULL;
  return g_variant_new_string (choices[i]);
}

/* ... and a double key, through a list that ends with -1: the nearest. */
static gboolean
double_get_mapping (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  const double *choices = user_data;
  double d = g_variant_get_double (variant), best = G_MAXDOUBLE;
  guint found = 0;

  for (guint i = 0; choices[i] >= 0; i++)
    if (ABS (choices[i] - d) < best)
      {
        best = ABS (choices[i] - d);
        found = i;
      }
  g_value_set_uint (value, found);
  return TRUE;
}

static GVariant *
double_set_mapping (const GValue       *value,
                    const GVariantType *expected_type,
                    gpointer            user_data)
{
  const double *choices = user_data;
  guint i = g_value_get_uint (value), n = 0;

  while (choices[n] >= 0)
    n++;
  if (i >= n)
    return NULL;
  return g_variant_new_double (choices[i]);
}

static GtkWidget *
combo_row (AdwPreferencesGroup *group,
           const char          *title,
           const char          *subtitle,
           const char * const  *labels)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr(GtkStringList) list = gtk_string_list_new (labels);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (list));
  adw_preferences_group_add (group, row);
  return row;
}

static void
bind_string (HsPreferencesWindow *self,
             GtkWidget           *row,
             const char          *key,
             const char * const  *choices)
{
  g_settings_bind_with_mapping (self->settings, key, row, "selected", G_SETTINGS_BIND_DEFAULT,
                                string_get_mapping, string_set_mapping, (gpointer) choices, NULL);
}

static void
bind_double (HsPreferencesWindow *self,
             GtkWidget           *row,
             const char          *key,
             const double        *choices)
{
  g_settings_bind_with_mapping (self->settings, key, row, "selected", G_SETTINGS_BIND_DEFAULT,
                                double_get_mapping, double_set_mapping, (gpointer) choices, NULL);
}

static GtkWidget *
switch_row (HsPreferencesWindow *self,
            AdwPreferencesGroup *group,
            const char          *title,
            const char          *subtitle,
            const char          *key)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *sw = gtk_switch_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), sw);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), sw);
  g_settings_bind (self->settings, key, sw, "active", G_SETTINGS_BIND_DEFAULT);
  adw_preferences_group_add (group, row);
  return row;
}

static void
hs_preferences_window_dispose (GObject *object)
{
  HsPreferencesWindow *self = HS_PREFERENCES_WINDOW (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (hs_preferences_window_parent_class)->dispose (object);
}

static void
hs_preferences_window_class_init (HsPreferencesWindowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = hs_preferences_window_dispose;
}

static void
hs_preferences_window_init (HsPreferencesWindow *self)
{
}

static void
build (HsPreferencesWindow *self)
{
  const char *scheme_labels[] = { _("Follow system"), _("Light"), _("Dark"), NULL };
  const char *style_labels[] = { _("Match the window"), _("Light"), _("Dark"), _("High contrast"), _("Print"), NULL };
  const char *scale_labels[] = { _("Normal"), _("Large"), _("Larger"), _("Largest"), NULL };
  const char *time_labels[] = { _("To scale"), _("One row per event"), NULL };
  const char *speed_labels[] = { "0.25×", "0.5×", "1×", "1.5×", "2×", "4×", NULL };
  const char *profile_labels[] = { _("Linux"), _("RFC"), NULL };
  GtkWidget *page, *row;
  AdwPreferencesGroup *group;

  page = adw_preferences_page_new ();
  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (page), _("General"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (page), "preferences-system-symbolic");

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Appearance"));
  row = combo_row (group, _("Style"), NULL, scheme_labels);
  bind_string (self, row, "color-scheme", color_schemes);
  row = combo_row (group, _("Diagram colors"), _("High contrast suits projectors; print is black on white"), style_labels);
  bind_string (self, row, "diagram-style", diagram_styles);
  row = combo_row (group, _("Text size"), _("In the diagram, the state diagram and the explanations"), scale_labels);
  bind_double (self, row, "font-scale", font_scales);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), group);

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Diagram"));
  switch_row (self, group, _("Absolute sequence numbers"),
              _("Show the 32-bit numbers on the wire, not numbers counted from each side’s ISN"),
              "show-absolute-numbers");
  switch_row (self, group, _("TCP options"), _("Show MSS, window scale, SACK and timestamps on the arrows"),
              "show-options");
  row = combo_row (group, _("Time"), _("To scale shows delay as a slope; one row per event is compact"), time_labels);
  bind_string (self, row, "time-mode", time_modes);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), group);

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Lessons"));
  row = combo_row (group, _("Playback speed"), NULL, speed_labels);
  bind_double (self, row, "playback-speed", speeds);
  row = combo_row (group, _("Default profile"), _("For lessons that do not choose one"), profile_labels);
  bind_string (self, row, "profile", profiles);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), group);

  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (page));
}

GtkWidget *
hs_preferences_window_new (GtkWindow *parent,
                           GSettings *settings)
{
  HsPreferencesWindow *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (HS_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "search-enabled", FALSE,
                       NULL);
  self->settings = g_object_ref (settings);
  build (self);
  return GTK_WIDGET (self);
}
