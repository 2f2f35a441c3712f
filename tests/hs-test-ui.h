/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-test-ui.h: what the window tests share: the application they open
 * windows in, waiting on the main loop for a condition (with bounds that
 * grow under the sanitizers), finding a widget, and a window opened on a
 * lesson and drawn. */

#pragma once

#include <gtk/gtk.h>

#include "hs-window.h"

G_BEGIN_DECLS

/* TRUE in a build with AddressSanitizer, where the window runs several
 * times slower: bounds on waiting grow, and orderings that depend on
 * speed (the main loop against the layout thread) may differ. */
gboolean        hs_test_sanitized          (void);

/* g_test_init() with isolated user directories, keeping the system's
 * XDG_DATA_DIRS: the icon theme, and the MIME database by which
 * gdk-pixbuf recognises an SVG icon (read only). */
void            hs_test_ui_init            (int    *argc,
                                            char ***argv);

/* The application the windows open in, registered and not unique; NULL
 * without a display. */
GtkApplication *hs_test_ui_app_new         (void);

/* Marks the test skipped, with the reason, when @app is NULL. */
gboolean        hs_test_ui_skip            (GtkApplication *app);

/* Runs the main loop until @done returns TRUE for @data, or for @ms
 * milliseconds (more under the sanitizers); returns what @done returns at
 * the end. */
gboolean        hs_test_iterate_until      (gboolean (*done) (gpointer),
                                            gpointer   data,
                                            guint      ms);

/* Runs the main loop for @ms milliseconds (more under the sanitizers). */
void            hs_test_iterate            (guint      ms);

/* Runs the main loop until the expression @cond holds, or for @ms
 * milliseconds (more under the sanitizers). For conditions that are not
 * worth a function: what a key press changes once GTK has delivered it,
 * which in GTK 4 waits for the next frame. */
#define HS_TEST_WAIT_FOR(cond, ms) \
  G_STMT_START { \
    guint hs_tick_ = g_timeout_add (10, hs_test_tick, NULL); \
    gint64 hs_end_ = g_get_monotonic_time () + hs_test_bound_ms (ms) * G_TIME_SPAN_MILLISECOND; \
    while (!(cond) && g_get_monotonic_time () < hs_end_) \
      g_main_context_iteration (NULL, TRUE); \
    g_source_remove (hs_tick_); \
  } G_STMT_END

/* What HS_TEST_WAIT_FOR() uses: a bound that grows under the sanitizers,
 * and a tick that keeps the main loop from blocking past it. */
guint           hs_test_bound_ms           (guint      ms);
gboolean        hs_test_tick               (gpointer   data);

/* The first widget of @type in @root's tree, depth first, @root included. */
gpointer        hs_test_find_widget        (GtkWidget *root,
                                            GType      type);

/* Mapped, its simulation finished and its diagram laid out. */
gboolean        hs_test_window_drawn       (gpointer   window);

/* A new window on @lesson, @width × @height when both are positive,
 * presented and waited on until drawn. */
HsWindow       *hs_test_window_open        (GtkApplication *app,
                                            const char     *lesson,
                                            int             width,
                                            int             height);

/* Destroys @window and lets the main loop finish with it. */
void            hs_test_window_close       (HsWindow *window);

G_END_DECLS
