/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-preferences-switch.h: a preferences row with a switch that is a
 * boolean GSettings key: its "schema-key" is all it needs. */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define HS_TYPE_PREFERENCES_SWITCH (hs_preferences_switch_get_type ())
G_DECLARE_FINAL_TYPE (HsPreferencesSwitch, hs_preferences_switch, HS, PREFERENCES_SWITCH, AdwActionRow)

const char *hs_preferences_switch_get_schema_key (HsPreferencesSwitch *self);
/* The switch, for tests. */
GtkWidget  *hs_preferences_switch_get_switch     (HsPreferencesSwitch *self);

G_END_DECLS
