/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-settings-types.c: what the preferences call each choice. */

#define G_LOG_DOMAIN "hs-settings"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-diagram-enums.h"
#include "hs-diagram-layout.h"
#include "hs-engine-enums.h"
#include "hs-settings-enums.h"
#include "hs-settings-types.h"
#include "hs-types.h"

const char *
hs_settings_choice_label (GType enum_type,
                          int   value)
{
  static const char * const color_schemes[] = {
    [HS_SETTINGS_COLOR_SCHEME_SYSTEM] = N_("Follow system"),
    [HS_SETTINGS_COLOR_SCHEME_LIGHT] = N_("Light"),
    [HS_SETTINGS_COLOR_SCHEME_DARK] = N_("Dark"),
  };
  static const char * const diagram_styles[] = {
    [HS_SETTINGS_DIAGRAM_STYLE_AUTO] = N_("Match the window"),
    [HS_SETTINGS_DIAGRAM_STYLE_LIGHT] = N_("Light"),
    [HS_SETTINGS_DIAGRAM_STYLE_DARK] = N_("Dark"),
    [HS_SETTINGS_DIAGRAM_STYLE_HIGH_CONTRAST] = N_("High contrast"),
    [HS_SETTINGS_DIAGRAM_STYLE_PRINT] = N_("Print"),
  };
  static const char * const time_modes[] = {
    [HS_DIAGRAM_TIME_PROPORTIONAL] = N_("To scale"),
    [HS_DIAGRAM_TIME_EVENTS] = N_("One row per event"),
  };
  static const char * const profiles[] = {
    [HS_PROFILE_LINUX] = N_("Linux"),
    [HS_PROFILE_RFC] = N_("RFC"),
  };
  const char * const *labels = NULL;
  gsize n = 0;

  if (enum_type == HS_TYPE_SETTINGS_COLOR_SCHEME)
    labels = color_schemes, n = G_N_ELEMENTS (color_schemes);
  else if (enum_type == HS_TYPE_SETTINGS_DIAGRAM_STYLE)
    labels = diagram_styles, n = G_N_ELEMENTS (diagram_styles);
  else if (enum_type == HS_TYPE_DIAGRAM_TIME_MODE)
    labels = time_modes, n = G_N_ELEMENTS (time_modes);
  else if (enum_type == HS_TYPE_PROFILE_KIND)
    labels = profiles, n = G_N_ELEMENTS (profiles);

  if (labels == NULL || value < 0 || (gsize) value >= n)
    return NULL;
  return _(labels[value]);
}
