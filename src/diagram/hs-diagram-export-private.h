/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-diagram-export-private.h: what the sequence diagram's exporters
 * (hs-diagram-export.c) and the state diagram's (hs-state-export.c) share:
 * cairo writing to an HsOutput's stream, and the checks on the step
 * range. Not for other layers. */

#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "hs-diagram-export.h"

G_BEGIN_DECLS

#define HS_DIAGRAM_PX_TO_PT         0.75    /* 96 px per inch, 72 pt per inch */
#define HS_DIAGRAM_PAPER_MARGIN_PT  36.0

/* Cairo writes an image to the output as it makes it; the output's own
 * error (a full disk, a cancelled export) is kept to be reported instead
 * of cairo's "error while writing to output stream". */
typedef struct
{
  GOutputStream *stream;
  GError        *error;
} HsDiagramStreamClosure;

/* A cairo_write_func_t: @closure is an HsDiagramStreamClosure. */
cairo_status_t  hs_diagram_export_write_to_stream (void                   *closure,
                                                   const unsigned char    *data,
                                                   unsigned int            length);

/* After cairo is done with @sc: its error, or cairo's @status, as a
 * sentence naming @path. */
gboolean        hs_diagram_export_check_stream    (HsDiagramStreamClosure *sc,
                                                   cairo_status_t          status,
                                                   const char             *path,
                                                   GError                **error);

/* The zlib level of PNG exports: the fastest. A diagram is mostly flat
 * colour, and level 6 (cairo's) made files only a little smaller at a
 * multiple of the time (bench-diagram prints both). */
#define HS_DIAGRAM_PNG_LEVEL 1

/* Writes @surface (ARGB32 or RGB24) as a PNG through @write at zlib @level (0-9),
 * as RGB when it is opaque, its rows deflated on every core
 * (hs-diagram-png.c). */
cairo_status_t  hs_diagram_png_write              (cairo_surface_t        *surface,
                                                   int                     level,
                                                   cairo_write_func_t      write,
                                                   void                   *closure);

/* HS_ERROR_NOT_FOUND when @options' step range starts past @trace's end. */
gboolean        hs_diagram_export_check_first_step (HsTrace                      *trace,
                                                    const HsDiagramExportOptions *options,
                                                    GError                      **error);

G_END_DECLS
