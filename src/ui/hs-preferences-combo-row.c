/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-preferences-combo-row.c: "selected" is bound to the key. An <enum>
 * key's choices are the model's AdwEnumListModel, named by
 * hs_settings_choice_label() and stored by their nicks; a key of type
 * double or uint32 offers the values hs-ui.c lists for it. */

#define G_LOG_DOMAIN "hs-preferences-combo-row"

#include "config.h"

#include "hs-preferences-combo-row.h"
#include "hs-settings-types.h"
#include "hs-ui.h"

struct _HsPreferencesComboRow
{
  AdwComboRow  parent_instance;

  /* owned */
  GSettings   *settings;
  char        *schema_key;

  /* plain state */
  gboolean     bound;
};

G_DEFINE_FINAL_TYPE (HsPreferencesComboRow, hs_preferences_combo_row, ADW_TYPE_COMBO_ROW)

enum {
  PROP_0,
  PROP_SCHEMA_KEY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
enum_label_cb (AdwEnumListItem       *item,
               HsPreferencesComboRow *self)
{
  AdwEnumListModel *model = ADW_ENUM_LIST_MODEL (adw_combo_row_get_model (ADW_COMBO_ROW (self)));
  const char *label = hs_settings_choice_label (adw_enum_list_model_get_enum_type (model),
                                                adw_enum_list_item_get_value (item));

  return g_strdup (label != NULL ? label : adw_enum_list_item_get_nick (item));
}

/* The key's nick ↔ its position in the model. */
static gboolean
enum_get_mapping (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  AdwEnumListModel *model = ADW_ENUM_LIST_MODEL (adw_combo_row_get_model (user_data));
  g_autoptr(GEnumClass) klass = g_type_class_ref (adw_enum_list_model_get_enum_type (model));
  GEnumValue *ev = g_enum_get_value_by_nick (klass, g_variant_get_string (variant, NULL));

  if (ev == NULL)
    return FALSE;
  g_value_set_uint (value, adw_enum_list_model_find_position (model, ev->value));
  return TRUE;
}

static GVariant *
enum_set_mapping (const GValue       *value,
                  const GVariantType *expected_type,
                  gpointer            user_data)
{
  GListModel *model = adw_combo_row_get_model (user_data);
  g_autoptr(AdwEnumListItem) item = g_list_model_get_item (model, g_value_get_uint (value));

  if (item == NULL)
    return NULL;
  return g_variant_new_string (adw_enum_list_item_get_nick (item));
}

/* An <enum> key, once the model is an AdwEnumListModel of its enum. */
static void
bind_enum (HsPreferencesComboRow *self)
{
  if (self->bound || !ADW_IS_ENUM_LIST_MODEL (adw_combo_row_get_model (ADW_COMBO_ROW (self))))
    return;
  self->bound = TRUE;
  adw_combo_row_set_expression (ADW_COMBO_ROW (self),
                                gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                                             G_CALLBACK (enum_label_cb), self, NULL));
  g_settings_bind_with_mapping (self->settings, self->schema_key, self, "selected", G_SETTINGS_BIND_DEFAULT,
                                enum_get_mapping, enum_set_mapping, self, NULL);
}

static void
hs_preferences_combo_row_constructed (GObject *object)
{
  HsPreferencesComboRow *self = HS_PREFERENCES_COMBO_ROW (object);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsSchemaKey) key = NULL;

  G_OBJECT_CLASS (hs_preferences_combo_row_parent_class)->constructed (object);

  g_return_if_fail (self->schema_key != NULL);

  self->settings = g_settings_new (APP_ID);
  g_object_get (self->settings, "settings-schema", &schema, NULL);
  key = g_settings_schema_get_key (schema, self->schema_key);
  if (g_variant_type_equal (g_settings_schema_key_get_value_type (key), G_VARIANT_TYPE_DOUBLE) ||
      g_variant_type_equal (g_settings_schema_key_get_value_type (key), G_VARIANT_TYPE_UINT32))
    {
      g_autoptr(GListModel) choices = hs_ui_choices_new (self->schema_key);

      g_return_if_fail (choices != NULL);
      self->bound = TRUE;
      adw_combo_row_set_model (ADW_COMBO_ROW (self), choices);
      hs_ui_choices_bind (self->settings, self->schema_key, self, "selected");
      return;
    }
  /* a template sets the model after construction */
  g_signal_connect (self, "notify::model", G_CALLBACK (bind_enum), NULL);
  bind_enum (self);
}

static void
hs_preferences_combo_row_dispose (GObject *object)
{
  HsPreferencesComboRow *self = HS_PREFERENCES_COMBO_ROW (object);

  if (self->settings != NULL)
    g_settings_unbind (self, "selected");
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (hs_preferences_combo_row_parent_class)->dispose (object);
}

static void
hs_preferences_combo_row_finalize (GObject *object)
{
  HsPreferencesComboRow *self = HS_PREFERENCES_COMBO_ROW (object);

  g_clear_pointer (&self->schema_key, g_free);

  G_OBJECT_CLASS (hs_preferences_combo_row_parent_class)->finalize (object);
}

static void
hs_preferences_combo_row_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  HsPreferencesComboRow *self = HS_PREFERENCES_COMBO_ROW (object);

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
hs_preferences_combo_row_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  HsPreferencesComboRow *self = HS_PREFERENCES_COMBO_ROW (object);

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
hs_preferences_combo_row_class_init (HsPreferencesComboRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = hs_preferences_combo_row_constructed;
  object_class->dispose = hs_preferences_combo_row_dispose;
  object_class->finalize = hs_preferences_combo_row_finalize;
  object_class->get_property = hs_preferences_combo_row_get_property;
  object_class->set_property = hs_preferences_combo_row_set_property;

  /* An <enum>, double or uint32 key of the application's schema. */
  properties[PROP_SCHEMA_KEY] =
    g_param_spec_string ("schema-key", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hs_preferences_combo_row_init (HsPreferencesComboRow *self)
{
}

const char *
hs_preferences_combo_row_get_schema_key (HsPreferencesComboRow *self)
{
  g_return_val_if_fail (HS_IS_PREFERENCES_COMBO_ROW (self), NULL);
  return self->schema_key;
}
