/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-diagram-export.h: the sequence diagram as PNG, SVG, PDF, Mermaid and
 * PlantUML files, a range of steps, or one numbered frame per step.
 *
 * The command line maps onto HsDiagramExportOptions like this:
 *
 *   --style light|dark|high-contrast|print  hs_diagram_style_kind_from_string (s, &o.style)
 *   --scale 2                                o.scale = 2 (PNG)
 *   --width PX                               o.width = PX
 *   --absolute                               o.layout.absolute = TRUE
 *   --options                                o.layout.show_options = TRUE
 *   --steps A-B                              hs_diagram_export_options_parse_steps (&o, "A-B", &error)
 *   --page long|a4|letter                    hs_diagram_page_from_string (s, &o.page) (PDF)
 *   --frames DIR                             hs_diagram_export_frames (trace, DIR, format, &o, NULL, &error)
 *   --export FILE                            hs_diagram_export (trace, FILE, &o, &error)
 *
 * Every file is written atomically (a temporary file renamed into place);
 * on failure nothing is left behind and the GError (HS_ERROR domain) says
 * which file and why, in a sentence for the user. */

#pragma once

#include <gio/gio.h>

#include "hs-diagram-layout.h"
#include "hs-diagram-renderer.h"

G_BEGIN_DECLS

/* cairo image surfaces stop here, in either direction. */
#define HS_DIAGRAM_PNG_MAX_PIXELS 32767

typedef enum
{
  HS_DIAGRAM_FORMAT_PNG,
  HS_DIAGRAM_FORMAT_SVG,
  HS_DIAGRAM_FORMAT_PDF,
  HS_DIAGRAM_FORMAT_MERMAID,    /* .mmd: a Mermaid sequenceDiagram */
  HS_DIAGRAM_FORMAT_PLANTUML,   /* .puml */
  HS_DIAGRAM_N_FORMATS /*< skip >*/
} HsDiagramFormat;

typedef enum
{
  HS_DIAGRAM_PAGE_LONG,         /* one long page (split every 200 inches, PDF's limit) */
  HS_DIAGRAM_PAGE_A4,           /* A4 pages, lane headers repeated on each */
  HS_DIAGRAM_PAGE_LETTER,       /* US Letter pages, likewise */
} HsDiagramPage;

typedef struct
{
  HsDiagramStyleKind     style;        /* default light */
  double                 scale;        /* PNG pixels per diagram pixel: 1 (default) or 2 */
  double                 width;        /* diagram width in pixels; 0: 1200 on
                                        * screen formats, fitted to paper pages */
  gboolean               transparent;  /* PNG without a background */
  gboolean               split;        /* a PNG taller than 32,767 px becomes
                                        * NAME-1.png, NAME-2.png, ... instead of
                                        * an error */
  HsDiagramPage          page;         /* PDF only */
  HsDiagramLayoutOptions layout;       /* numbers, options, step range, time
                                        * mode, title, legend, step list */
} HsDiagramExportOptions;

/* Defaults for exports: light, scale 1, width 0, a long page, title and
 * legend shown, all steps. */
void            hs_diagram_export_options_init        (HsDiagramExportOptions *options);

/* Parses "A-B", "A" or "A-" (steps numbered from 1, as on screen) into
 * options->layout.first_step / last_step (0-based). */
gboolean        hs_diagram_export_options_parse_steps (HsDiagramExportOptions *options,
                                                       const char             *range,
                                                       GError                **error);

/* By extension: .png .svg .pdf .mmd (or .mermaid) .puml (or .plantuml). */
gboolean        hs_diagram_format_from_path           (const char             *path,
                                                       HsDiagramFormat        *format);
const char     *hs_diagram_format_to_extension        (HsDiagramFormat         format);
/* "long", "a4", "letter", any case. */
gboolean        hs_diagram_page_from_string           (const char             *str,
                                                       HsDiagramPage          *page);

/* Lays @trace out with @options (NULL: defaults) and writes @path in the
 * format its extension names. */
gboolean        hs_diagram_export                     (HsTrace                      *trace,
                                                       const char                   *path,
                                                       const HsDiagramExportOptions *options,
                                                       GError                      **error);
gboolean        hs_diagram_export_format              (HsTrace                      *trace,
                                                       const char                   *path,
                                                       HsDiagramFormat               format,
                                                       const HsDiagramExportOptions *options,
                                                       GError                      **error);

/* The RFC 9293 state diagram (hs-state-machine.h) as PNG, SVG or PDF
 * (@format), with the trace's TCP endpoints marked where they stand at the
 * end, or after the last step of @options' range (--view states). Reads
 * style, scale (PNG), width (0: the figure's own 1032 px), transparent,
 * page (PDF) and the step range from @options (NULL: defaults). */
gboolean        hs_diagram_export_states              (HsTrace                      *trace,
                                                       const char                   *path,
                                                       HsDiagramFormat               format,
                                                       const HsDiagramExportOptions *options,
                                                       GError                      **error);

/* Writes an existing layout (what the window shows) as PNG, SVG or PDF at
 * @moment (NULL: the end). Only scale, transparent, split and page are read
 * from @options; style, width and layout options are the layout's. */
gboolean        hs_diagram_export_layout              (HsDiagramLayout              *layout,
                                                       const char                   *path,
                                                       HsDiagramFormat               format,
                                                       const HsDiagramExportOptions *options,
                                                       const HsDiagramMoment        *moment,
                                                       GError                      **error);

/* One image per step of the range, the diagram as it stands after that
 * step, into @directory (created if needed; its parent must exist) as
 * frame-0001.png, ... numbered by step. @format: PNG, SVG or PDF. Sets *@n_frames to the number written. */
gboolean        hs_diagram_export_frames              (HsTrace                      *trace,
                                                       const char                   *directory,
                                                       HsDiagramFormat               format,
                                                       const HsDiagramExportOptions *options,
                                                       guint                        *n_frames,
                                                       GError                      **error);

/* The text formats, with the same labels and state notes as the diagram;
 * @options may be NULL. Newly allocated. */
char           *hs_diagram_export_to_mermaid          (HsTrace                      *trace,
                                                       const HsDiagramLayoutOptions *options);
char           *hs_diagram_export_to_plantuml         (HsTrace                      *trace,
                                                       const HsDiagramLayoutOptions *options);
/* Mermaid or PlantUML (@format), written to @stream as it is made. */
gboolean        hs_diagram_export_text_to_stream      (HsTrace                      *trace,
                                                       HsDiagramFormat               format,
                                                       const HsDiagramLayoutOptions *options,
                                                       GOutputStream                *stream,
                                                       GCancellable                 *cancellable,
                                                       GError                      **error);

/* The layout hs_diagram_export_format() draws: @options' style and layout
 * options, its width or the default for @format (1200 px; 780 px across a
 * paper page). NULL with HS_ERROR_NOT_FOUND when the step range starts past
 * the trace's end. */
HsDiagramLayout *hs_diagram_export_create_layout      (HsTrace                      *trace,
                                                       HsDiagramFormat               format,
                                                       const HsDiagramExportOptions *options,
                                                       GError                      **error);

/* How a layout is cut into pages: fills @breaks with (start, end) pairs of
 * layout y, and returns the number of pages. Pages after the first repeat
 * the lane headers. For tests and print previews. */
guint           hs_diagram_export_paginate            (HsDiagramLayout              *layout,
                                                       HsDiagramPage                 page,
                                                       GArray                       *breaks);
/* The same cut for a sheet of any size (a print dialog's): its printable
 * area is @width_pt × @height_pt points, margins already outside. The
 * diagram is scaled to the width, as the PDF export scales it to A4;
 * *@scale: points per diagram pixel. */
guint           hs_diagram_export_paginate_area       (HsDiagramLayout              *layout,
                                                       double                        width_pt,
                                                       double                        height_pt,
                                                       GArray                       *breaks,
                                                       double                       *scale);
/* Draws page @page of @breaks (from either of the above) at @cr's origin
 * in diagram pixels (scale @cr first), the lane headers repeated on a
 * continuation, no background: what the PDF export and printing share. */
void            hs_diagram_export_draw_page           (HsDiagramLayout              *layout,
                                                       cairo_t                      *cr,
                                                       GArray                       *breaks,
                                                       guint                         page,
                                                       const HsDiagramMoment        *moment);

G_END_DECLS
