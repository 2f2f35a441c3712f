/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-settings-types.h: the choices of the GSettings keys that are <enum>s
 * and have no enum below the ui, as C enums. meson's
 * gnome.mkenums_simple() gives each a GType (hs-settings-enums.h), whose
 * nicks are the strings the schema stores: the schema's <enum>s list the
 * same nicks with the same values, and test-ui checks that they agree.
 * The keys "time-mode" and "profile" use the diagram's and the engine's
 * own GTypes (HsDiagramTimeMode in hs-diagram-enums.h, HsProfileKind in
 * hs-engine-enums.h), whose nicks are the same names. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* color-scheme */
typedef enum
{
  HS_SETTINGS_COLOR_SCHEME_SYSTEM,
  HS_SETTINGS_COLOR_SCHEME_LIGHT,
  HS_SETTINGS_COLOR_SCHEME_DARK,
} HsSettingsColorScheme;

/* diagram-style: "auto" follows the window's light or dark style, then
 * HsDiagramStyleKind's nicks (one more value, so its own enum) */
typedef enum
{
  HS_SETTINGS_DIAGRAM_STYLE_AUTO,
  HS_SETTINGS_DIAGRAM_STYLE_LIGHT,
  HS_SETTINGS_DIAGRAM_STYLE_DARK,
  HS_SETTINGS_DIAGRAM_STYLE_HIGH_CONTRAST,
  HS_SETTINGS_DIAGRAM_STYLE_PRINT,
} HsSettingsDiagramStyle;

/* panel-page */
typedef enum
{
  HS_SETTINGS_PANEL_PAGE_STEPS,
  HS_SETTINGS_PANEL_PAGE_INSPECTOR,
  HS_SETTINGS_PANEL_PAGE_PARAMETERS,
} HsSettingsPanelPage;

/* main-view */
typedef enum
{
  HS_SETTINGS_MAIN_VIEW_DIAGRAM,
  HS_SETTINGS_MAIN_VIEW_STATES,
} HsSettingsMainView;

/* A choice's name for people ("Follow system"), translated; NULL for a
 * value @enum_type does not have. */
const char *hs_settings_choice_label (GType enum_type,
                                      int   value);

G_END_DECLS
