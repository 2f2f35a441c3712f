/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-session.h: the lesson the window shows: its scenario with the
 * teacher's changes (parameters, lost segments), the simulated trace, the
 * playhead and the selected segment. GLib only, so it is tested without a
 * display.
 *
 * Loading a lesson or changing it simulates it again in a thread: the
 * call checks the change and starts the simulation, and returns at once;
 * the trace, its scenario and the playhead change together when the
 * simulation is done (notify::trace, then notify::simulating). Until then
 * the session shows what it showed before. A newer change supersedes a
 * simulation still running, and hs_session_cancel() stops it and puts the
 * lesson back as the shown trace was made. */

#pragma once

#include <gio/gio.h>

#include "hs-scenario.h"
#include "hs-simulator.h"
#include "hs-trace.h"

G_BEGIN_DECLS

#define HS_TYPE_SESSION (hs_session_get_type ())
G_DECLARE_FINAL_TYPE (HsSession, hs_session, HS, SESSION, GObject)

/* How a lost segment can be brought back. */
typedef enum
{
  HS_SESSION_RESTORE_NONE,        /* not lost, or nothing to restore */
  HS_SESSION_RESTORE_ADDED,       /* lost by "Lose this segment" */
  HS_SESSION_RESTORE_LESSON,      /* lost by the lesson's own Drop= */
  HS_SESSION_RESTORE_RANDOM,      /* lost at random (Loss=): cannot be restored alone */
} HsSessionRestore;

HsSession        *hs_session_new                  (void);

/* Replaces the lesson. @scenario is the base: the session copies it (as
 * lesson data), so later changes to @scenario are not seen. @path is the
 * file it came from, or NULL for a built-in lesson. Starts simulating it;
 * when that is done the playhead goes to the start. */
gboolean          hs_session_load                 (HsSession   *self,
                                                   HsScenario  *scenario,
                                                   const char  *path,
                                                   GError     **error);

/* Replaces the lesson with a trace that no scenario made (a connection read
 * from a capture): it can be stepped through, inspected and exported, but
 * has no parameters and loses no segments. */
void              hs_session_load_trace           (HsSession   *self,
                                                   HsTrace     *trace,
                                                   const char  *path);

/* Whether a simulation is running: its trace is not in yet. */
gboolean          hs_session_get_simulating       (HsSession   *self);
/* How far the running simulation has come; FALSE when none runs. Safe to
 * call as often as the window draws: it only copies what the thread
 * wrote last. */
gboolean          hs_session_get_progress         (HsSession           *self,
                                                   HsSimulatorProgress *progress);
/* Stops the running simulation: the session keeps the trace it shows and
 * the lesson goes back to what made it (nothing, when nothing was shown).
 * FALSE when none was running. */
gboolean          hs_session_cancel               (HsSession   *self);
/* The step limit of the next simulations; 0 (the default) is the
 * simulator's, HS_SIMULATOR_MAX_STEPS. */
guint64           hs_session_get_max_steps        (HsSession   *self);
void              hs_session_set_max_steps        (HsSession   *self,
                                                   guint64      max_steps);

/* NULL for a trace loaded with hs_session_load_trace(). The scenario the
 * shown trace was made from. */
HsScenario       *hs_session_get_scenario         (HsSession   *self);
HsTrace          *hs_session_get_trace            (HsSession   *self);
/* The file the lesson came from, or NULL for a built-in lesson. */
const char       *hs_session_get_path             (HsSession   *self);
const char       *hs_session_get_lesson_id        (HsSession   *self);
/* Whether parameters or lost segments differ from the lesson as loaded
 * (as last asked for: while a simulation runs, its changes count). */
gboolean          hs_session_get_modified         (HsSession   *self);

/* The playhead: how many steps have happened, 0 (the start, nothing yet)
 * to n_steps (the end). */
guint             hs_session_get_n_steps          (HsSession   *self);
guint             hs_session_get_position         (HsSession   *self);
void              hs_session_set_position         (HsSession   *self,
                                                   guint        position);
gboolean          hs_session_step_forward         (HsSession   *self);
gboolean          hs_session_step_back            (HsSession   *self);
/* The step that happened last (position - 1), or HS_TRACE_NONE at the start. */
guint             hs_session_get_current_step     (HsSession   *self);
/* The segment the current step sends, delivers or loses, or HS_TRACE_NONE. */
guint             hs_session_get_current_segment  (HsSession   *self);

/* The segment shown in the inspector, or HS_TRACE_NONE. */
guint             hs_session_get_selected_segment (HsSession   *self);
void              hs_session_set_selected_segment (HsSession   *self,
                                                   guint        segment);

/* Changes a lesson parameter ("network.delay=50ms", as --set takes it) and
 * simulates again; the playhead stays on the same step where it still
 * exists. On failure (a wrong assignment) nothing changes. */
gboolean          hs_session_set_parameter        (HsSession   *self,
                                                   const char  *assignment,
                                                   GError     **error);
/* Several at once, simulated once: { "client.sack=false", "server.sack=false", NULL }. */
gboolean          hs_session_set_parameters       (HsSession          *self,
                                                   const char * const *assignments,
                                                   GError            **error);
/* The parameter as the teacher last set it ("50ms"), or NULL. @key is
 * "network.delay"; compared without case. */
const char       *hs_session_get_parameter        (HsSession   *self,
                                                   const char  *key);
/* Back to the lesson as loaded: parameters and lost segments. */
void              hs_session_reset                (HsSession   *self);

/* The drop spec that loses exactly @segment: its sender's name and its
 * ordinal among the segments that sender sent ("client:3"), counting
 * retransmissions but not the network's duplicates. Newly allocated; NULL
 * when @segment is not one the sender sent (a network duplicate). */
char             *hs_session_drop_spec_for_segment (HsSession  *self,
                                                    guint       segment);
/* Loses @segment and simulates again from there: the playhead moves to the
 * step that sent it when the new trace is in. */
gboolean          hs_session_lose_segment         (HsSession   *self,
                                                   guint        segment,
                                                   GError     **error);
HsSessionRestore  hs_session_get_restore          (HsSession   *self,
                                                   guint        segment);
/* Undoes the loss of @segment (HS_SESSION_RESTORE_ADDED or _LESSON). */
gboolean          hs_session_restore_segment      (HsSession   *self,
                                                   guint        segment,
                                                   GError     **error);
/* How many segments "Lose this segment" has lost. */
guint             hs_session_get_n_lost_by_user   (HsSession   *self);

/* The lesson the shown trace was made from, as a lesson file. Newly
 * allocated. */
char             *hs_session_to_data              (HsSession   *self,
                                                   gsize       *len);

G_END_DECLS
