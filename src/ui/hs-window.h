/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-window.h: the main window: lesson library, animated diagram, state
 * diagram, narration, steps, inspector, parameters and transport. */

#pragma once

#include <adwaita.h>

#include "hs-export.h"
#include "hs-scenario.h"
#include "hs-session.h"

G_BEGIN_DECLS

#define HS_TYPE_WINDOW (hs_window_get_type ())
G_DECLARE_FINAL_TYPE (HsWindow, hs_window, HS, WINDOW, AdwApplicationWindow)

HsWindow   *hs_window_new                 (GtkApplication               *application);

/* Shows @scenario (the window copies it). @path: the file it came from,
 * or NULL for a built-in lesson. */
gboolean    hs_window_open_scenario       (HsWindow                     *self,
                                           HsScenario                   *scenario,
                                           const char                   *path,
                                           GError                      **error);
/* A built-in lesson's id or a lesson file's path. */
gboolean    hs_window_open_lesson         (HsWindow                     *self,
                                           const char                   *id_or_path,
                                           GError                      **error);
/* A lesson file or a capture; a failure is shown in a dialog. */
void        hs_window_open_file           (HsWindow                     *self,
                                           GFile                        *file);

/* Writes the current trace to @path; success is shown in a toast. */
gboolean    hs_window_export_file         (HsWindow                     *self,
                                           const char                   *path,
                                           HsExportFormat                format,
                                           const HsDiagramExportOptions *options,
                                           GError                      **error);

HsSession  *hs_window_get_session         (HsWindow                     *self);
gboolean    hs_window_get_presentation    (HsWindow                     *self);
void        hs_window_set_presentation    (HsWindow                     *self,
                                           gboolean                      presentation);

/* For tests: what the window shows. */
const char *hs_window_get_narration       (HsWindow                     *self);
/* In presentation mode, inside a run told as one summary (which
 * hs_window_get_narration() gives), the step's own sentence beneath it;
 * NULL when the narration is the step's own sentence. */
const char *hs_window_get_step_sentence   (HsWindow                     *self);
GtkWidget  *hs_window_get_diagram_view    (HsWindow                     *self);
GtkWidget  *hs_window_get_inspector       (HsWindow                     *self);
GtkWidget  *hs_window_get_step_list       (HsWindow                     *self);
/* Quiz mode's panel (the "win.quiz" action turns quiz mode on). */
GtkWidget  *hs_window_get_quiz_panel      (HsWindow                     *self);
/* The numbers in the diagram's place while a long simulation runs, or
 * "Drawing the diagram…" while a long layout does; NULL while the diagram
 * shows (as it does for a short one). */
const char *hs_window_get_progress_text   (HsWindow                     *self);
/* Nothing waiting to change what the window shows: the simulation and the
 * diagram's layout done, its scrolling at rest, the side areas folded as
 * the width asks and the plot below given its height. */
gboolean    hs_window_get_settled         (HsWindow                     *self);
/* How much smaller than its size the narration's type is drawn so that a
 * long narration fits in its three lines: 1.0, or down to 0.75. */
double      hs_window_get_narration_fit   (HsWindow                     *self);
/* The warning above the narration (a trace cut by the step limit), or NULL. */
const char *hs_window_get_warning         (HsWindow                     *self);
/* Whether the diagram's place says that the first lesson, or the layout of
 * the trace, was cancelled. */
gboolean    hs_window_get_cancelled_shown (HsWindow                     *self);
GtkWidget  *hs_window_get_state_view      (HsWindow                     *self);

G_END_DECLS
