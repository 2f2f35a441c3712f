/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-diagram-build-private.h: what the steps that build a layout share
 * (events, the boxes and lines the solver places, the solver's state).
 * Only the files that build a layout include it; the renderer and the
 * exporters read the finished layout through hs-diagram-layout-private.h.
 *
 * hs_diagram_layout_new() runs the steps in this order:
 *
 *   hs-diagram-text.c      measuring text, label pieces, note boxes
 *   hs-diagram-geometry.c  lanes and headers (layout_lanes)
 *   hs-diagram-events.c    the trace as sorted events
 *   hs-diagram-time.c      time -> y: scale and idle-gap breaks
 *   hs-diagram-geometry.c  arrows, labels and notes as lines and boxes
 *   hs-diagram-bands.c     state bands and their name boxes
 *   hs-diagram-solver.c    room made until no box touches anything
 *   hs-diagram-geometry.c  the resolved places
 *   hs-diagram-time.c      axis ticks, breaks, moments
 *   hs-diagram-footer.c    legend and numbered steps
 *   hs-diagram-layout.c    the sorted item index */

#pragma once

#include "hs-diagram-layout-private.h"

G_BEGIN_DECLS

/* "no such event / arrow / step" in the build's index arrays */
#define NONE G_MAXUINT

typedef enum
{
  EV_START,
  EV_SEND,
  EV_END,
  EV_STEP,
  EV_FINISH,
} EventType;

typedef struct
{
  double  key;     /* time in µs, or a row number in event mode */
  HsTime  time;
  guint32 order;
  guint32 ref;     /* segment or step */
  guint8  type;    /* EventType */
} Event;

typedef enum
{
  BOX_OBSTACLE,
  BOX_LABEL,
  BOX_STATE,
  BOX_NOTE,
} BoxKind;

typedef struct
{
  guint32 s, t;    /* events its y hangs on */
  float   a;       /* weight of y(t): top = (1-a) y(s) + a y(t) + dy */
  float   dy;
  float   h, w;
  float   lw[3][2], lh[3][2]; /* a label's sizes by detail, its text
                               * flowed into the whole gap or half of it */
  guint8  detail;             /* HsDiagramLabelDetail */
  float   x0, x1;
  guint32 owner;   /* the arrow whose label this is, else NONE */
  guint32 ref;     /* band or note */
  guint8  kind;    /* BoxKind */
  guint8  cand;
  float   spent;     /* the room inserted for it so far */
} Box;

typedef struct
{
  guint32 s, t;
  double  x0, x1;  /* tail x, end x */
  float   gap_lo, gap_hi;
  float   gap_step; /* > 0 for an arrow across several lanes: the lane spacing */
  float   pad;
  float   max_len;  /* the most it may be stretched to (vertically) */
  gboolean lost;    /* stops midway */
} Line;

typedef struct
{
  HsDiagramLayout *self;
  GArray          *events;   /* Event */
  double          *base;     /* y of each event at the start of a pass */
  double          *fenwick;  /* space inserted during the pass */
  guint            n_ev;
  GArray          *boxes;    /* Box */
  GArray          *lines;    /* Line, parallel to self->arrows */
  guint           *seg_send; /* segment -> event */
  guint           *seg_end;
  guint           *step_ev;  /* step -> event, or NONE */
  guint           *in_flight;/* segments in flight just before each event */
  gboolean         level;    /* event mode: every arrow is level */
  guint           *group_start; /* the first event at the same moment */
  double           min_ratio; /* refuse insertions that move things apart slower */
  double           state_room; /* the most room made for one state's or note's name */
  /* The active lines (those taken in near the box being placed and not
   * yet left far behind) are found without scanning them all: lines are
   * numbered in the order they start, so a tree of their latest events
   * lists the ones that reach down to a given y (hs-diagram-solver.c). */
  gboolean         solving;   /* placing boxes: insertions respect slack */
  guint           *line_hi;   /* per line: the later of its two events */
  guint           *span_tree; /* max of line_hi over runs of lines */
  guint            span_size; /* leaves in span_tree, a power of two */
  guint           *lines_before; /* per event: lines starting before it */
  GArray          *odd_lines; /* lines that end before they start */
  guint           *heap;      /* active lines, a min-heap by end event */
  guint            n_heap;
  guint8          *is_active; /* per line */
  guint            next_line; /* lines below this were taken in */
  guint            epoch;     /* changes whenever a y or the active set does */
  guint           *cross_epoch; /* per line: when crosses[] was found */
  guint8          *crosses;   /* per line: crosses an active line */
  guint           *slack_epoch; /* per line: when line_slack[] was found */
  double          *line_slack; /* per line: how much more it may stretch */
  double           slack;     /* how much the insertion being weighed may be */
  gboolean         strict;    /* last passes: no more moving labels around */
  double           margin;   /* between things that must not touch */
  double           max_above;
  gboolean         inserted;
  guint            unsolved;
} Solver;

/* hs-diagram-format.c */

/* The translated marks of @segment (not its fate) into @tags, which holds
 * at least 12; returns how many. */
guint        hs_diagram_collect_tags            (const HsTraceSegment *segment,
                                                 const char          **tags);

/* hs-diagram-text.c */

double       hs_diagram_layout_text_width       (HsDiagramLayout *self,
                                                 HsDiagramFont    font,
                                                 const char      *text);
double       hs_diagram_layout_text_height      (HsDiagramLayout *self,
                                                 HsDiagramFont    font,
                                                 const char      *text);
/* The sizes of a label of @detail flowed into each of @wrap_widths: what
 * hs_diagram_layout_build_label() gives for each, with the words
 * formatted and measured once. */
void         hs_diagram_layout_label_sizes      (HsDiagramLayout      *self,
                                                 const HsTraceSegment *segment,
                                                 guint                 step,
                                                 HsDiagramLabelDetail  detail,
                                                 const double         *wrap_widths,
                                                 guint                 n_widths,
                                                 GArray               *pieces,
                                                 double               *widths,
                                                 double               *heights);
/* The size of a note's box for @text wrapped to fit @max_width: returns
 * its width, and its height in *@h. */
double       hs_diagram_layout_note_box_size    (HsDiagramLayout *self,
                                                 const char      *text,
                                                 double           max_width,
                                                 double          *h);

/* Whether the caller of hs_diagram_layout_new_cancellable() gave up: the
 * long loops stop, and what they leave is thrown away. */
static inline gboolean
hs_diagram_layout_cancelled (HsDiagramLayout *self)
{
  return self->cancellable != NULL && g_cancellable_is_cancelled (self->cancellable);
}

/* hs-diagram-events.c */

/* The last step shown: options.last_step, or the trace's last (0 for a
 * trace without steps; check the number of steps before looping). */
guint        hs_diagram_layout_last_step        (HsDiagramLayout   *self);
gboolean     hs_diagram_layout_step_in_range    (HsDiagramLayout   *self,
                                                 guint              step);
gboolean     hs_diagram_step_has_note           (const HsTraceStep *step);
/* Fills sv->events (sorted), sv->n_ev, sv->seg_send, sv->seg_end and
 * sv->step_ev. */
void         hs_diagram_layout_build_events     (HsDiagramLayout   *self,
                                                 Solver            *sv);

/* hs-diagram-time.c */

/* The y of every event before any room is made (sv->base, starting at
 * @start_y), and the idle gaps compressed (self->breaks, with event
 * indices in y0 until hs_diagram_layout_build_axis()). */
void         hs_diagram_layout_base_spacing     (HsDiagramLayout *self,
                                                 Solver          *sv,
                                                 double           start_y,
                                                 double           lane_gap);
/* Once the events have their final y: the ticks, the breaks' y, and the
 * tables that turn a time or a step into a y. */
void         hs_diagram_layout_build_axis       (HsDiagramLayout *self,
                                                 Solver          *sv);

/* hs-diagram-solver.c */

/* The top of @b with the room made so far. */
double       hs_diagram_solver_box_top          (Solver     *sv,
                                                 const Box  *b);
/* Sizes @b for its detail and puts it at label place @cand along @l. */
void         hs_diagram_solver_place_label      (Box        *b,
                                                 const Line *l,
                                                 double      gap,
                                                 guint       cand);
/* Whether label place @cand has its text flowed into half the gap. */
gboolean     hs_diagram_solver_place_is_narrow  (guint       cand);
/* Makes room until no box touches another or a foreign line; leaves the
 * final y of every event in sv->base. */
void         hs_diagram_solver_solve            (HsDiagramLayout *self,
                                                 Solver          *sv);

/* hs-diagram-geometry.c */

/* Lays out the lanes and their headers from @top; sets self->width,
 * axis_x, note_width and header_bottom, and the gap between lanes. */
void         hs_diagram_layout_lanes            (HsDiagramLayout *self,
                                                 double           requested_width,
                                                 double           top,
                                                 double          *lane_gap);
double       hs_diagram_layout_lane_x           (HsDiagramLayout *self,
                                                 guint            lane);
/* Where a box @w wide beside @lane goes (x0, x1 and w of @box). */
void         hs_diagram_layout_side_box         (HsDiagramLayout *self,
                                                 guint            lane,
                                                 double           w,
                                                 Box             *box);
/* Arrows, labels, notes and bands, placed by the solver. */
void         hs_diagram_layout_build_geometry   (HsDiagramLayout *self,
                                                 Solver          *sv);

/* hs-diagram-fragments.c */

/* What the fragments of one UDP datagram became. */
typedef struct
{
  guint n_fragments;
  guint bytes;           /* its payload */
  guint first_segment;   /* fragment 1 */
  guint last_segment;    /* fragment n */
  guint missing;         /* the first fragment lost, from 1; 0: none lost */
  guint last_arrival;    /* the step where the last fragment to come in arrived,
                          * or HS_TRACE_NONE when none did */
  guint last_loss;       /* the step where the last fragment lost was lost */
} HsDiagramDatagram;

gboolean     hs_diagram_segment_is_fragment     (HsTrace              *trace,
                                                 const HsTraceSegment *segment);
/* The datagram trace segment @segment is a fragment of; FALSE when it is
 * none. */
gboolean     hs_diagram_find_datagram           (HsTrace              *trace,
                                                 guint                 segment,
                                                 HsDiagramDatagram    *datagram);
/* Per endpoint, whether its application's reads are drawn; g_free() it. */
gboolean    *hs_diagram_layout_explicit_readers (HsDiagramLayout      *self);
/* Whether step @index draws a note of the fragments or reads, and which. */
gboolean     hs_diagram_step_transport_note     (HsTrace              *trace,
                                                 guint                 index,
                                                 const gboolean       *readers,
                                                 HsDiagramNoteKind    *kind);
/* The fragment groups, once the arrows have their places. */
void         hs_diagram_layout_build_groups     (HsDiagramLayout      *self);

/* hs-diagram-bands.c */

/* The state bands, each with its first event's index in y0 for now. */
void         hs_diagram_layout_collect_bands    (HsDiagramLayout *self,
                                                 Solver          *sv);
/* A box for each band's name; returns the tallest. */
double       hs_diagram_layout_add_state_boxes  (HsDiagramLayout *self,
                                                 Solver          *sv);
/* The bands' y, and where each ends: where the next of its lane begins. */
void         hs_diagram_layout_resolve_bands    (HsDiagramLayout *self,
                                                 Solver          *sv);

/* hs-diagram-footer.c */

/* The legend and the numbered steps below the body; sets self->height. */
void         hs_diagram_layout_build_footer     (HsDiagramLayout *self);

G_END_DECLS
