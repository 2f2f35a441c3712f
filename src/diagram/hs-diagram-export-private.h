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

/* HS_ERROR_NOT_FOUND when @options' step range starts past @trace's end. */
gboolean        hs_diagram_export_check_first_step (HsTrace                      *trace,
                                                    const HsDiagramExportOptions *options,
                                                    GError                      **error);

G_END_DECLS
