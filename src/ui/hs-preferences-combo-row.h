/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-preferences-combo-row.h: a preferences row that chooses the value of
 * a GSettings key: its "schema-key" is all it needs, and for an <enum> key
 * an AdwEnumListModel of the key's enum as its model. */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define HS_TYPE_PREFERENCES_COMBO_ROW (hs_preferences_combo_row_get_type ())
G_DECLARE_FINAL_TYPE (HsPreferencesComboRow, hs_preferences_combo_row, HS, PREFERENCES_COMBO_ROW, AdwComboRow)

const char *hs_preferences_combo_row_get_schema_key (HsPreferencesComboRow *self);

G_END_DECLS
