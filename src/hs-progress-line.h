/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-progress-line.h: one line of progress on a terminal, for commands
 * that run long. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Shows nothing unless standard error is a terminal, and nothing for the
 * first second (HANDSHAKE_PROGRESS_DELAY_MS in the environment changes
 * that, for tests), so that quick commands stay quiet. Redraws at most ten
 * times a second, in place. */
typedef struct _HsProgressLine HsProgressLine;

/* @enabled FALSE (--quiet) makes every call do nothing. */
HsProgressLine *hs_progress_line_new    (gboolean        enabled);
/* @text replaces what the line says; @fraction (0 to 1, or negative when
 * unknown) gives an estimate of the time left. */
void            hs_progress_line_update (HsProgressLine *self,
                                         double          fraction,
                                         const char     *text);
/* For a phase that reports nothing while it works (laying out and
 * drawing a diagram): a thread redraws "@text, N s" every second until
 * hs_progress_line_stop_ticking(). */
void            hs_progress_line_start_ticking (HsProgressLine *self,
                                                const char     *text);
void            hs_progress_line_stop_ticking  (HsProgressLine *self);
/* TRUE when the line is shown on a terminal at all. */
gboolean        hs_progress_line_is_enabled    (HsProgressLine *self);
/* Starts a new phase: the time left is estimated from here on. */
void            hs_progress_line_phase  (HsProgressLine *self);
/* Erases the line, so that what is printed next starts clean. */
void            hs_progress_line_clear  (HsProgressLine *self);
void            hs_progress_line_free   (HsProgressLine *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HsProgressLine, hs_progress_line_free)

G_END_DECLS
