/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-diagram-layout-private.h: the layout's insides, shared with the
 * renderer and the exporters. */

#pragma once

#include <pango/pangocairo.h>

#include "hs-diagram-layout.h"

G_BEGIN_DECLS

/* No item is taller than this: long bands and arrows are cut into chunks,
 * so the renderer can start its scan this far above the viewport. */
#define HS_DIAGRAM_CHUNK 1024.0

typedef enum
{
  HS_DIAGRAM_ITEM_TITLE,
  HS_DIAGRAM_ITEM_HEADER,
  HS_DIAGRAM_ITEM_BAND,
  HS_DIAGRAM_ITEM_BREAK,
  HS_DIAGRAM_ITEM_TICK,
  HS_DIAGRAM_ITEM_ARROW,
  HS_DIAGRAM_ITEM_LABEL,
  HS_DIAGRAM_ITEM_STATE,
  HS_DIAGRAM_ITEM_NOTE,
  HS_DIAGRAM_ITEM_LEGEND,
  HS_DIAGRAM_ITEM_TRUNCATED,
  HS_DIAGRAM_ITEM_STEP_TITLE,
  HS_DIAGRAM_ITEM_STEP,
  HS_DIAGRAM_ITEM_GROUP,
} HsDiagramItemType;

typedef struct
{
  double  ymin, ymax;
  guint32 index;
  guint8  type;     /* HsDiagramItemType */
  guint8  first;    /* the first chunk of its object */
} HsDiagramItem;

typedef enum
{
  HS_DIAGRAM_FONT_TITLE,
  HS_DIAGRAM_FONT_HEADER,
  HS_DIAGRAM_FONT_ADDRESS,
  HS_DIAGRAM_FONT_FLAGS,
  HS_DIAGRAM_FONT_LABEL,
  HS_DIAGRAM_FONT_TAG,
  HS_DIAGRAM_FONT_BADGE,
  HS_DIAGRAM_FONT_STATE,
  HS_DIAGRAM_FONT_NOTE,
  HS_DIAGRAM_FONT_TEXT,
  HS_DIAGRAM_N_FONTS
} HsDiagramFont;

typedef enum
{
  HS_DIAGRAM_PIECE_BADGE,
  HS_DIAGRAM_PIECE_FLAGS,
  HS_DIAGRAM_PIECE_TAG,
  HS_DIAGRAM_PIECE_LOST,
  HS_DIAGRAM_PIECE_NUMBERS,
  HS_DIAGRAM_PIECE_OPTIONS,
} HsDiagramPieceRole;

#define HS_DIAGRAM_PIECE_TEXT 96

/* One run of text of a label, placed relative to the label's box. */
typedef struct
{
  guint8 font;   /* HsDiagramFont */
  guint8 role;   /* HsDiagramPieceRole */
  float  x, y, width, height;
  char   text[HS_DIAGRAM_PIECE_TEXT];
} HsDiagramPiece;

/* The padding around a label's text (its halo). */
#define HS_DIAGRAM_LABEL_PAD 3.0

/* One entry of the legend: a sample and its word. */
typedef enum
{
  HS_DIAGRAM_LEGEND_KIND,       /* index: HsDiagramKind */
  HS_DIAGRAM_LEGEND_LOST,
  HS_DIAGRAM_LEGEND_RETRANSMISSION,
  HS_DIAGRAM_LEGEND_BAND,       /* index: HsDiagramBand */
  HS_DIAGRAM_LEGEND_CONNECTION, /* index: the connection */
} HsDiagramLegendType;

typedef struct
{
  guint8 type;    /* HsDiagramLegendType */
  guint8 index;
  double x, y;    /* top left of the entry */
  double height;
} HsDiagramLegendEntry;

#define HS_DIAGRAM_LEGEND_SAMPLE 56.0

/* The icon's size at the start of a note, and the width left for its
 * text in a note box @box_width wide. */
double hs_diagram_layout_note_icon       (HsDiagramLayout *self);
double hs_diagram_layout_note_text_width (HsDiagramLayout *self,
                                          double           box_width,
                                          double           box_height);

/* A lane's heading: "client" and "server" translated, other names as
 * the trace spells them. */
const char *hs_diagram_lane_name (HsTrace *trace,
                                  guint    lane);

/* Several connections (hs-diagram-connections.c). Fills endpoint_lane and
 * endpoint_dx; returns the number of lanes: one per host when the trace
 * names hosts, else one per endpoint. */
guint       hs_diagram_layout_map_endpoints (HsDiagramLayout *self);
/* The x of @endpoint's column: its lane's line, or beside it. */
double      hs_diagram_layout_endpoint_x    (HsDiagramLayout *self,
                                             guint            endpoint);
/* Whether the diagram tells connections apart (colours, legend): lanes
 * are hosts and there is more than one connection. */
gboolean    hs_diagram_layout_shows_connections (HsDiagramLayout *self);
/* Adds a legend entry per connection in rows from @y, each @row_h high,
 * within @content_w; returns the y below the last row. */
double      hs_diagram_layout_add_connection_legend (HsDiagramLayout *self,
                                                     double           y,
                                                     double           row_h,
                                                     double           content_w);
/* Draws a connection's legend sample: a line in its colour, its number
 * over it. @x, @y: the entry's top left. */
#define HS_DIAGRAM_CONNECTION_SAMPLE 40.0
/* Whether band @b is a host's socket's first state, which an earlier
 * socket on the lane starts in too: its name is not repeated (the band
 * keeps an empty label). */
gboolean    hs_diagram_layout_same_start (HsDiagramLayout *self,
                                          guint            b);
/* A host's heading ("client" and "server" translated). */
const char *hs_diagram_host_name (HsTrace *trace,
                                  guint    host);
/* A lane's heading and the line under it: an endpoint's name and
 * address:port (@host HS_TRACE_NONE), or a host's name and its address, or
 * for a host named by its address the ports of its sockets. */
void        hs_diagram_lane_heading (HsTrace     *trace,
                                     guint        host,
                                     guint        endpoint,
                                     const char **name,
                                     char       **address);

/* The line under a host's heading that says its listening socket's
 * queues as they are after @step ("SYN queue 3/4 · accept queue 0/4"),
 * HS_TRACE_NONE meaning before anything happened; NULL for a lane with
 * no listening socket, and for every lane of a trace naming no hosts. */
char       *hs_diagram_layout_lane_queues (HsDiagramLayout *self,
                                           guint            lane,
                                           guint            step);
/* The widest that line can be on @lane, for the header's size; 0 when it
 * has none. */
double      hs_diagram_layout_lane_queues_width (HsDiagramLayout *self,
                                                 guint            lane);

/* The word of a legend entry (translated where it is not a protocol token). */
const char *hs_diagram_legend_entry_text (const HsDiagramLegendEntry *entry);

struct _HsDiagramLayout
{
  gatomicrefcount         ref_count;

  /* owned */
  HsTrace                *trace;
  HsDiagramStyle         *style;
  PangoContext           *context;
  PangoFontDescription   *fonts[HS_DIAGRAM_N_FONTS];
  GHashTable             *measure_cache;   /* "font\x1ftext" -> packed size */

  GArray                 *lanes;           /* HsDiagramLane */
  GArray                 *bands;           /* HsDiagramStateBand */
  /* One per segment shown: a plain array, sized to fit once built (a
   * GArray keeps a power of two of bytes: 128 MiB for a million arrows
   * of 88 bytes). */
  HsDiagramArrow         *arrows;
  guint                   n_arrows;
  guint                   arrows_allocated;
  GArray                 *notes;           /* HsDiagramNote */
  GArray                 *groups;          /* HsDiagramFragmentGroup */
  GArray                 *breaks;          /* HsDiagramBreak */
  GArray                 *stretches;       /* HsDiagramStretch, by y */
  GArray                 *ticks;           /* HsDiagramTick */
  GArray                 *steps;           /* HsDiagramRect per listed step */
  GArray                 *step_index;      /* guint: the trace step of each */
  GArray                 *items;           /* HsDiagramItem, sorted by ymin */
  guint                  *segment_arrow;   /* segment -> arrow, or G_MAXUINT */

  /* time -> y, at every event, for moments and the axis */
  GArray                 *event_time;      /* HsTime, non-decreasing in
                                            * proportional mode */
  GArray                 *event_y;         /* double */
  GArray                 *step_y;          /* double per trace step, or NAN */

  HsDiagramLayoutOptions  options;
  /* A head (hs_diagram_layout_new_head()) is sized and scaled as its
   * whole: the steps that size the outer columns and the time scale end
   * here, options.last_step as given, where options.last_step is the
   * head's end. Other layouts: the same as options.last_step. */
  guint                   whole_last_step;
  guint                   column_last_step;  /* the same, at most the trace's last */
  GCancellable           *cancellable;     /* borrowed while it is built, or NULL */

  double                  width;
  double                  height;
  double                  max_item_height;
  double                  header_bottom;
  double                  body_top;
  double                  body_bottom;
  double                  axis_x;          /* the axis line; < 0: none */
  double                  axis_label_width;  /* the room left of it for a time */
  gsize                   axis_label_chars;  /* the length that room was made for */
  HsDiagramRect           title;
  HsDiagramRect           truncated;       /* the note that the run was cut
                                            * short; height 0 when it was not */
  HsDiagramRect           legend;
  GArray                 *legend_entries;  /* HsDiagramLegendEntry */
  HsDiagramRect           step_title;
  double                  step_number_width;
  double                  note_width;      /* widest a note may be */

  /* Which lane each endpoint is drawn on and where its column of states
   * stands from the lane's line (hs-diagram-connections.c): its own lane,
   * 0 apart, unless the trace names hosts. */
  gboolean                by_host;
  gboolean                shows_connections;
  guint                   endpoint_lane[HS_TRACE_MAX_ENDPOINTS];
  double                  endpoint_dx[HS_TRACE_MAX_ENDPOINTS];
  double                  widest_columns;  /* from a lane's first column to its last */
  /* A host's listening socket, whose queues its header shows
   * (HS_TRACE_NONE: none), and the backlog its listen() asked for (0:
   * the trace does not say). */
  guint                   lane_listener[HS_TRACE_MAX_ENDPOINTS];
  guint                   lane_backlog[HS_TRACE_MAX_ENDPOINTS];
};

/* The note that @trace was cut short by the simulator's step limit, in the
 * user's language; NULL when it was not (hs-diagram-footer.c). */
char  *hs_diagram_layout_truncated_text (HsTrace *trace);

/* Measures @text in @font (logical extents, in pixels). */
void   hs_diagram_layout_measure      (HsDiagramLayout *self,
                                       HsDiagramFont    font,
                                       const char      *text,
                                       double          *width,
                                       double          *height);
/* A PangoLayout in the layout's context with @font and @text. */
PangoLayout *hs_diagram_layout_create_text (HsDiagramLayout *self,
                                            HsDiagramFont    font,
                                            const char      *text);

/* The pieces of @arrow's label flowed into @wrap_width; returns the size of
 * the label's box (padding included). */
void   hs_diagram_layout_build_label  (HsDiagramLayout      *self,
                                       const HsTraceSegment *segment,
                                       guint                 step,
                                       double                wrap_width,
                                       HsDiagramLabelDetail  detail,
                                       GArray               *pieces,
                                       double               *width,
                                       double               *height);

/* The time hs_diagram_format_tick() prints for @t at @resolution, in µs. */
double hs_diagram_tick_value (HsTime t,
                              HsTime resolution);

/* The width the current step's label flows into, drawn whole
 * (hs-diagram-focus.c). */
double hs_diagram_layout_focus_wrap   (const HsDiagramArrow *arrow);

/* The text of a band's label: the state name, and for TIME-WAIT its
 * duration on a second line (NULL otherwise). */
char  *hs_diagram_layout_band_duration (HsDiagramLayout          *self,
                                        const HsDiagramStateBand *band);

/* The text of a note of @kind at step @index (hs-diagram-fragments.c):
 * the fragments' and reads' notes, or hs_diagram_format_note()'s. */
char  *hs_diagram_format_transport_note (HsTrace           *trace,
                                         guint              index,
                                         HsDiagramNoteKind  kind);

const HsDiagramItem *hs_diagram_layout_get_item (HsDiagramLayout *self,
                                                 guint            index);

/* The bytes of the layout's arrays (arrows, items, the y of events and
 * steps, ...), grown with the trace; not the fonts, the Pango context and
 * the measure cache, which do not. */
gsize  hs_diagram_layout_get_memory_size (HsDiagramLayout *self);

G_END_DECLS
