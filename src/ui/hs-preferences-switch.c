/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-preferences-switch.c: the switch is the key's action
 * (g_settings_create_action), so the key and the switch follow each other
 * both ways with no code of ours in between. */

#define G_LOG_DOMAIN "hs-preferences-switch"

#include "config.h"

#include "hs-preferences-switch.h"

struct _HsPreferencesSwitch
{
  AdwActionRow  parent_instance;

  /* owned */
  GSettings    *settings;
  char         *schema_key;

  /* children */
  GtkWidget    *toggle;
};

G_DEFINE_FINAL_TYPE (HsPreferencesSwitch, hs_preferences_switch, ADW_TYPE_ACTION_ROW)

enum {
  PROP_0,
  PROP_SCHEMA_KEY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
hs_preferences_switch_constructed (GObject *object)
{
  HsPreferencesSwitch *self = HS_PREFERENCES_SWITCH (object);
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GAction) action = NULL;
  g_autofree char *name = NULL;

  G_OBJECT_CLASS (hs_preferences_switch_parent_class)->constructed (object);

  g_return_if_fail (self->schema_key != NULL);

  self->settings = g_settings_new (APP_ID);
  action = g_settings_create_action (self->settings, self->schema_key);
  g_action_map_add_action (G_ACTION_MAP (group), action);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "settings", G_ACTION_GROUP (group));
  name = g_strdup_printf ("settings.%s", self->schema_key);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->toggle), name);
}

static void
hs_preferences_switch_dispose (GObject *object)
{
  HsPreferencesSwitch *self = HS_PREFERENCES_SWITCH (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (hs_preferences_switch_parent_class)->dispose (object);
}

static void
hs_preferences_switch_finalize (GObject *object)
{
  HsPreferencesSwitch *self = HS_PREFERENCES_SWITCH (object);

  g_clear_pointer (&self->schema_key, g_free);

  G_OBJECT_CLASS (hs_preferences_switch_parent_class)->finalize (object);
}

static void
hs_preferences_switch_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  HsPreferencesSwitch *self = HS_PREFERENCES_SWITCH (object);

  switch (prop_id)
    {
    case PROP_SCHEMA_KEY:
      g_value_set_string (value, self->schema_key);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_preferences_switch_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  HsPreferencesSwitch *self = HS_PREFERENCES_SWITCH (object);

  switch (prop_id)
    {
    case PROP_SCHEMA_KEY:
      self->schema_key = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_preferences_switch_class_init (HsPreferencesSwitchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = hs_preferences_switch_constructed;
  object_class->dispose = hs_preferences_switch_dispose;
  object_class->finalize = hs_preferences_switch_finalize;
  object_class->get_property = hs_preferences_switch_get_property;
  object_class->set_property = hs_preferences_switch_set_property;

  /* A boolean key of the application's schema. */
  properties[PROP_SCHEMA_KEY] =
    g_param_spec_string ("schema-key", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hs_preferences_switch_init (HsPreferencesSwitch *self)
{
  self->toggle = gtk_switch_new ();
  gtk_widget_set_valign (self->toggle, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), self->toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (self), self->toggle);
}

const char *
hs_preferences_switch_get_schema_key (HsPreferencesSwitch *self)
{
  g_return_val_if_fail (HS_IS_PREFERENCES_SWITCH (self), NULL);
  return self->schema_key;
}

GtkWidget *
hs_preferences_switch_get_switch (HsPreferencesSwitch *self)
{
  g_return_val_if_fail (HS_IS_PREFERENCES_SWITCH (self), NULL);
  return self->toggle;
}
