/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-common.h: what the libFuzzer targets share: fatal GLib warnings,
 * a file for the readers that take a path, and a trace pushed through every
 * writer and the diagram. */

#pragma once

#include <glib.h>

#include "hs-trace.h"

G_BEGIN_DECLS

/* Makes criticals and warnings abort, as G_DEBUG=fatal-warnings does in the
 * tests, so that a failed g_return_if_fail() is a crash the fuzzer keeps. */
void fuzz_init             (void);

/* Writes @data to a file named @name in a private temporary directory
 * (removed at exit) and returns its path, for the readers that take a path.
 * The same file is overwritten by each input. */
const char *fuzz_save_input (const char   *name,
                             const guint8 *data,
                             gsize         size);

/* CSV, JSON and TXT. */
void fuzz_write_trace      (HsTrace *trace);

/* The diagram layout of the first steps, its Mermaid and PlantUML text and
 * a small drawing. @knobs (any bits of the input) picks the layout
 * options, so the corpus reaches them all. */
void fuzz_draw_trace       (HsTrace *trace,
                            guint    knobs);

G_END_DECLS
