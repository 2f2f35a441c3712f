/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-application.h: the application: one instance, its actions and
 * accelerators, the style, and the windows. */

#pragma once

#include <adwaita.h>

#include "hs-scenario.h"

G_BEGIN_DECLS

#define HS_TYPE_APPLICATION (hs_application_get_type ())
G_DECLARE_FINAL_TYPE (HsApplication, hs_application, HS, APPLICATION, AdwApplication)

/* @scenario: the lesson the first window opens (with the command line's
 * --set and --drop applied), or NULL for the lesson opened last. @path:
 * the file it came from, or NULL for a built-in lesson. */
HsApplication *hs_application_new      (HsScenario  *scenario,
                                        const char  *path);

/* Whether a window can be opened here: a display is there. */
gboolean       hs_ui_init_check        (void);

/* Runs the application with @argv (the program name, then files to open,
 * the options already taken out) and returns the exit status. */
int            hs_ui_run               (HsScenario  *scenario,
                                        const char  *path,
                                        int          argc,
                                        char       **argv);

G_END_DECLS
