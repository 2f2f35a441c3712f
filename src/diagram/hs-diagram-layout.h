/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-diagram-layout.h: a trace turned into the geometry of a sequence
 * diagram (lanes, state bands, arrows, labels, notes, time axis), pure and
 * testable without a surface. */

#pragma once

#include <gio/gio.h>

#include "hs-diagram-style.h"
#include "hs-scenario.h"
#include "hs-trace.h"

G_BEGIN_DECLS

typedef enum
{
  /* Time runs down in proportion, so delay is a slope and segments in
   * flight at once cross; long idle gaps are compressed and marked with a
   * break. */
  HS_DIAGRAM_TIME_PROPORTIONAL,
  /* One row per event, arrows level, like Wireshark's flow graph. */
  HS_DIAGRAM_TIME_EVENTS,
} HsDiagramTimeMode;

typedef struct
{
  HsDiagramTimeMode time_mode;
  gboolean          absolute;      /* absolute seq/ack numbers (default relative) */
  gboolean          show_options;  /* a third label line: MSS, WS, SACK, TS */
  gboolean          show_window;   /* win= even on labels shortened to their flags */
  gboolean          show_header_state;  /* each lane's header says its state at the moment drawn */
  gboolean          show_title;    /* the trace's title above the lanes */
  gboolean          show_legend;   /* a key of kinds and states below */
  gboolean          show_steps;    /* the numbered narrations below (handouts) */
  gboolean          show_axis;     /* the time axis on the left (default TRUE) */
  gboolean          full_scale;    /* keep a one-way delay's usual slope on a
                                    * trace of more than HS_DIAGRAM_LONG_TRACE
                                    * segments too, which are drawn denser
                                    * otherwise (a lesson's TimeMode=proportional
                                    * asks for it) */
  /* Of several connections, the one to stand out (from 1): the others'
   * arrows and labels are drawn faint; 0: none. */
  guint             highlight_connection;
  guint             first_step;    /* 0-based, inclusive: what to include */
  guint             last_step;     /* inclusive; HS_TRACE_NONE: to the end */
  /* Worksheets: which fields to leave blank, as HsQuizField bits, for the
   * segment sent at @step (flags, seq, ack, len, window) or the state
   * entered at @step (state); NULL for none. Called while laying out and
   * drawing, so @blank_data must live as long as the layout. */
  guint           (*blank_fields) (guint step, gpointer blank_data);
  gpointer          blank_data;
} HsDiagramLayoutOptions;

/* Past this many segments, a proportional layout gives a one-way delay
 * the least slope that still reads as delay (3.5 label heights instead
 * of a fifth of the lane gap), unless full_scale: a long trace is read
 * for its pattern, and 150 px a segment made a 10,000-segment PNG 47
 * files. */
#define HS_DIAGRAM_LONG_TRACE 2000

/* Defaults: proportional time, relative numbers, axis on, everything else
 * off, all steps. */
void hs_diagram_layout_options_init (HsDiagramLayoutOptions *options);

/* What a lesson file asks for ([Lesson] TimeMode= and Show=): its time
 * mode when @time_mode, what it shows when @show (the window leaves out
 * what the user has chosen otherwise since the lesson opened). */
void hs_diagram_layout_options_apply_lesson (HsDiagramLayoutOptions *options,
                                             HsScenario             *scenario,
                                             gboolean                time_mode,
                                             gboolean                show);

typedef struct
{
  double x, y, width, height;
} HsDiagramRect;

typedef struct
{
  guint          endpoint;       /* the lane's endpoint, or its host's first */
  guint          host;           /* the host, or HS_TRACE_NONE: the lane is
                                  * the endpoint's (a trace naming no hosts) */
  double         x;              /* the lane's vertical line */
  HsDiagramRect  header;         /* the box with name and address:port */
} HsDiagramLane;

typedef struct
{
  guint    lane;
  guint    endpoint;             /* whose states: several share a host's lane */
  HsState  state;
  guint    step;                 /* the state change; HS_TRACE_NONE: initial */
  HsTime   start, end;           /* in trace time */
  double   y0, y1;               /* y1 is where the next state begins */
  HsDiagramRect label;           /* the state name (and TIME-WAIT's duration) */
  gboolean open_ended;           /* the trace ends in it: a capture stops
                                  * long before TIME-WAIT does */
  gboolean down;                 /* the host has crashed: no TCB, nothing
                                  * answers until it reboots */
} HsDiagramStateBand;

/* How much of an arrow's label is shown. Where arrows are so dense that a
 * full label would need the diagram stretched far (slow start, a full
 * window in flight), the label shrinks to its flags, then to its step
 * number, and as a last resort is left out (the step list and the
 * inspector still have it): labels never overlap. */
typedef enum
{
  HS_DIAGRAM_LABEL_FULL,         /* flags, numbers (and options) */
  HS_DIAGRAM_LABEL_FLAGS,        /* step number, flags and marks */
  HS_DIAGRAM_LABEL_NUMBER,       /* the step number alone */
  HS_DIAGRAM_LABEL_HIDDEN,
} HsDiagramLabelDetail;

/* A layout keeps one per segment, a million for a long trace: the flags
 * and kinds are bit fields and the wrap width a float (the solver's gaps
 * are floats already), 88 bytes instead of 112. The y stay doubles: a
 * million segments reach past 10^8 px, where a float is off by pixels. */
typedef struct
{
  guint          segment;        /* index in the trace */
  guint          step;           /* the sending step (numbered from 1 on screen) */
  guint          from_lane, to_lane;
  HsDiagramKind  kind : 8;
  HsDiagramLabelDetail detail : 8;
  guint          lost : 1;       /* dashed, stops midway at a cross */
  guint          in_flight : 1;  /* the trace ends before it arrives */
  guint          old : 1;        /* an old duplicate of an earlier connection: dashed all the way */
  float          wrap_width;     /* the width the label's text flows into */
  double         x0, y0;         /* tail: the sender's lane at the sent time */
  double         x1, y1;         /* head: the receiver's lane at the arrival
                                  * time, or the cross of a lost segment */
  HsDiagramRect  label;          /* empty when hidden */
} HsDiagramArrow;

typedef enum
{
  HS_DIAGRAM_NOTE_APP,           /* connect(), close(), ... */
  HS_DIAGRAM_NOTE_TIMER,         /* a timer fired */
  HS_DIAGRAM_NOTE_NOTIFY,        /* connection refused, reset, timed out */
  HS_DIAGRAM_NOTE_READ,          /* the bytes a read returned (explicit reads only) */
  HS_DIAGRAM_NOTE_DATAGRAM,      /* the sender: a datagram cut into IP fragments */
  HS_DIAGRAM_NOTE_REASSEMBLED,   /* the receiver: every fragment is in */
  HS_DIAGRAM_NOTE_DATAGRAM_LOST, /* the receiver: a fragment never came */
} HsDiagramNoteKind;

typedef struct
{
  guint             step;
  guint             lane;
  HsDiagramNoteKind kind;
  double            y;           /* the moment it happens */
  HsDiagramRect     rect;
} HsDiagramNote;

/* The IP fragments of one UDP datagram, drawn as a group: a bracket
 * beside the sender's lane from the first fragment's tail to the last's
 * (the notes say the rest: the datagram at the sender, its reassembly or
 * loss at the receiver). */
typedef struct
{
  guint   lane, to_lane;
  guint   first_segment;         /* fragment 1 */
  guint   last_segment;          /* fragment n */
  guint   n_fragments;
  guint   bytes;                 /* the datagram's payload */
  guint   missing;               /* the first fragment lost (from 1); 0: none */
  guint   step;                  /* the first fragment's sending step */
  double  x, y0, y1;             /* the bracket */
} HsDiagramFragmentGroup;

typedef struct
{
  double  y0, y1;                /* the compressed stretch */
  HsTime  duration;              /* how much time it stands for */
} HsDiagramBreak;

/* Where segments of one moment were spread apart, to scale: time is
 * stretched between y0 and y1, and the axis marks it. Sorted by y. */
typedef struct
{
  double  y0, y1;
} HsDiagramStretch;

typedef struct
{
  double  y;
  HsTime  time;
  HsTime  resolution;            /* the tick spacing: how precisely to print it */
} HsDiagramTick;

typedef struct _HsDiagramLayout HsDiagramLayout;

#define HS_TYPE_DIAGRAM_LAYOUT (hs_diagram_layout_get_type ())

GType                     hs_diagram_layout_get_type       (void) G_GNUC_CONST;

/* Lays out @trace for a diagram @width pixels wide (at scale 1) in @style.
 * @options may be NULL for the defaults. The layout keeps a reference to
 * the trace and a copy of the style; the trace must not change afterwards.
 * Measures text with Pango through pango_cairo_font_map_get_default(), so
 * it needs no surface and no GTK. The result may be wider than @width when
 * @width cannot hold the lanes (see hs_diagram_layout_get_width()). */
HsDiagramLayout          *hs_diagram_layout_new            (HsTrace                      *trace,
                                                            const HsDiagramStyle         *style,
                                                            double                        width,
                                                            const HsDiagramLayoutOptions *options);
/* The same, stopping early when @cancellable is cancelled (from another
 * thread): then it returns NULL. A trace of millions of steps takes
 * minutes to lay out, and the window lets that be cancelled. */
HsDiagramLayout          *hs_diagram_layout_new_cancellable (HsTrace                      *trace,
                                                             const HsDiagramStyle         *style,
                                                             double                        width,
                                                             const HsDiagramLayoutOptions *options,
                                                             GCancellable                 *cancellable);
/* The head of the layout hs_diagram_layout_new() would give: the steps
 * up to @last_step alone (and no further than @options says), laid out
 * in the same place as in the whole (the same lanes, columns and time
 * scale), for the cost of those steps. A window shows it while the whole
 * trace is laid out in a thread. What lies near its end differs from the
 * whole (arrows in flight there, the last state bands); above that, the
 * events have the same y and, on a trace where no labels crowd, the
 * labels the same places, but where labels crowd (slow start, a
 * comparison's four lanes) the whole may place some of them differently,
 * as the rest of the trace changes how the room was made. */
HsDiagramLayout          *hs_diagram_layout_new_head       (HsTrace                      *trace,
                                                            const HsDiagramStyle         *style,
                                                            double                        width,
                                                            const HsDiagramLayoutOptions *options,
                                                            guint                         last_step);
/* The least height hs_diagram_layout_new() can give for the same
 * arguments: the events spaced by time alone, before labels are kept
 * apart (which only adds space). It costs sorting the events, not a
 * layout, so a size limit can be checked before laying out. */
double                    hs_diagram_layout_estimate_min_height (HsTrace                      *trace,
                                                                 const HsDiagramStyle         *style,
                                                                 double                        width,
                                                                 const HsDiagramLayoutOptions *options);
HsDiagramLayout          *hs_diagram_layout_ref            (HsDiagramLayout *self);
void                      hs_diagram_layout_unref          (HsDiagramLayout *self);

HsTrace                  *hs_diagram_layout_get_trace      (HsDiagramLayout *self);
const HsDiagramStyle     *hs_diagram_layout_get_style      (HsDiagramLayout *self);
const HsDiagramLayoutOptions *hs_diagram_layout_get_options (HsDiagramLayout *self);

double                    hs_diagram_layout_get_width      (HsDiagramLayout *self);
double                    hs_diagram_layout_get_height     (HsDiagramLayout *self);
/* The lane headers end at header_bottom; arrows live between body_top and
 * body_bottom; the legend and the step list follow. */
double                    hs_diagram_layout_get_header_bottom (HsDiagramLayout *self);
double                    hs_diagram_layout_get_body_top   (HsDiagramLayout *self);
/* Where the legend is (show_legend): FALSE, and zeros, when there is none. */
gboolean                  hs_diagram_layout_get_legend     (HsDiagramLayout *self,
                                                            double          *x,
                                                            double          *y,
                                                            double          *width,
                                                            double          *height);
double                    hs_diagram_layout_get_body_bottom (HsDiagramLayout *self);

guint                     hs_diagram_layout_get_n_lanes    (HsDiagramLayout *self);
const HsDiagramLane      *hs_diagram_layout_get_lane       (HsDiagramLayout *self,
                                                            guint            lane);
/* "client:43098 → server:80": connection @connection (from 0) by its two
 * sockets and their hosts' names, for legends and pickers. Newly
 * allocated. */
char                     *hs_diagram_connection_label      (HsTrace         *trace,
                                                            guint            connection);
/* The connection (from 0) step @step belongs to, in a trace of more than
 * one: its endpoint's, or for a socket in none (a listening socket, a
 * host's kernel) its segment's; HS_TRACE_NONE when it belongs to none or
 * the trace has at most one connection. */
guint                     hs_diagram_step_connection       (HsTrace         *trace,
                                                            guint            step);
/* The lane @endpoint is drawn on: its own, or its host's when the trace
 * names hosts. */
guint                     hs_diagram_layout_get_endpoint_lane (HsDiagramLayout *self,
                                                               guint            endpoint);
guint                     hs_diagram_layout_get_n_bands    (HsDiagramLayout *self);
const HsDiagramStateBand *hs_diagram_layout_get_band       (HsDiagramLayout *self,
                                                            guint            index);
guint                     hs_diagram_layout_get_n_arrows   (HsDiagramLayout *self);
const HsDiagramArrow     *hs_diagram_layout_get_arrow      (HsDiagramLayout *self,
                                                            guint            index);
/* The arrow of trace segment @segment, or NULL when it is not shown. */
const HsDiagramArrow     *hs_diagram_layout_find_arrow     (HsDiagramLayout *self,
                                                            guint            segment);
guint                     hs_diagram_layout_get_n_notes    (HsDiagramLayout *self);
const HsDiagramNote      *hs_diagram_layout_get_note       (HsDiagramLayout *self,
                                                            guint            index);
guint                     hs_diagram_layout_get_n_groups   (HsDiagramLayout *self);
const HsDiagramFragmentGroup *hs_diagram_layout_get_group  (HsDiagramLayout *self,
                                                            guint            index);
/* The text of @note as drawn. */
char                     *hs_diagram_layout_get_note_text  (HsDiagramLayout     *self,
                                                            const HsDiagramNote *note);
guint                     hs_diagram_layout_get_n_breaks   (HsDiagramLayout *self);
const HsDiagramBreak     *hs_diagram_layout_get_break      (HsDiagramLayout *self,
                                                            guint            index);
guint                     hs_diagram_layout_get_n_stretches (HsDiagramLayout *self);
const HsDiagramStretch   *hs_diagram_layout_get_stretch    (HsDiagramLayout *self,
                                                            guint            index);
guint                     hs_diagram_layout_get_n_ticks    (HsDiagramLayout *self);
const HsDiagramTick      *hs_diagram_layout_get_tick       (HsDiagramLayout *self,
                                                            guint            index);

/* Where a moment sits on the page: the y of trace time @time (interpolated
 * between events), and the y of step @step (after it happened). */
double                    hs_diagram_layout_get_y_for_time (HsDiagramLayout *self,
                                                            HsTime           time);
double                    hs_diagram_layout_get_y_for_step (HsDiagramLayout *self,
                                                            guint            step);
/* The box around what step @step shows: its segment's arrow and label,
 * its note, or else a row across the lanes at its moment (layout
 * coordinates). Views keep it in sight. Returns FALSE when @step is not
 * in the layout. */
gboolean                  hs_diagram_layout_get_step_bounds (HsDiagramLayout *self,
                                                             guint            step,
                                                             HsDiagramRect   *bounds);
/* The box of what is essential to read of step @step: the label of its
 * segment (or its note), and the moment it happens. Smaller than the
 * bounds when an arrow spans a long time. */
gboolean                  hs_diagram_layout_get_step_focus (HsDiagramLayout *self,
                                                            guint            step,
                                                            HsDiagramRect   *focus);
/* The label of the segment step @step is about, as it is drawn while the
 * step is current: whole (flags, numbers, options as the options say), at
 * the label font, inside the diagram's body. Returns FALSE when the step
 * has no segment on the diagram; @segment (may be NULL) gets the segment. */
gboolean                  hs_diagram_layout_get_focus_label (HsDiagramLayout *self,
                                                             guint            step,
                                                             HsDiagramRect   *rect,
                                                             guint           *segment);
/* Whether @arrow's own label is left out while step @step is current
 * with its focus label at @focus: it would be covered (or it is the
 * current one's short label, drawn whole at @focus instead). */
gboolean                  hs_diagram_layout_label_gives_way (HsDiagramLayout      *self,
                                                             guint                 step,
                                                             const HsDiagramRect  *focus,
                                                             const HsDiagramArrow *arrow);
/* The same for a note (an application call, a timer) under the label. */
gboolean                  hs_diagram_layout_note_gives_way  (HsDiagramLayout      *self,
                                                             const HsDiagramRect  *focus,
                                                             const HsDiagramNote  *note);
/* The step whose event is nearest to @y (for clicks), or HS_TRACE_NONE. */
guint                     hs_diagram_layout_get_step_at_y  (HsDiagramLayout *self,
                                                            double           y);

/* Every drawable item has a vertical extent; they are kept sorted by their
 * top, no item taller than a bounded chunk, so the renderer finds the first
 * visible one by binary search. Returns the index of the first item that
 * may reach [@y0, ...), and the number of items. */
guint                     hs_diagram_layout_get_n_items    (HsDiagramLayout *self);
guint                     hs_diagram_layout_find_first_item (HsDiagramLayout *self,
                                                             double           y0);

/* Label text, as drawn and as the text exports write it: "SYN, ACK" (flags
 * first), "seq=0 ack=1 win=65535 len=0" (relative unless @absolute; "len=100"
 * alone for a UDP datagram), options as Wireshark spells them. Newly
 * allocated. */
char                     *hs_diagram_format_flags          (guint8           flags);
/* A segment's first words: its flags, or "UDP" for a datagram. */
char                     *hs_diagram_format_segment_flags  (HsTrace               *trace,
                                                            const HsTraceSegment  *segment);
/* What a worksheet prints where a field is left blank, for a student to
 * fill in. */
#define HS_DIAGRAM_BLANK "[________]"
/* The fields of @options->blank_fields for @step; 0 when there is none. */
guint                     hs_diagram_layout_options_get_blanks (const HsDiagramLayoutOptions *options,
                                                                guint                         step);
/* hs_diagram_format_numbers() with the fields in @blanks (HsQuizField)
 * printed as HS_DIAGRAM_BLANK. */
char                     *hs_diagram_format_numbers_blanked (HsTrace               *trace,
                                                             const HsTraceSegment  *segment,
                                                             gboolean               absolute,
                                                             guint                  blanks);
/* Its kind: a datagram counts as data. */
HsDiagramKind             hs_diagram_kind_for_segment      (HsTrace               *trace,
                                                            const HsTraceSegment  *segment);
char                     *hs_diagram_format_numbers        (HsTrace               *trace,
                                                            const HsTraceSegment  *segment,
                                                            gboolean               absolute);
/* The translated marks of a segment ("Retransmission", "Lost", "Duplicate
 * ACK", "Window probe", ...) joined by ", ", or NULL when there are none. */
char                     *hs_diagram_format_tags           (const HsTraceSegment  *segment);
/* The text of an application call, a timer or a notification note, or NULL
 * when the step draws no note. */
char                     *hs_diagram_format_note           (HsTrace               *trace,
                                                            const HsTraceStep     *step);
/* "60 s", "200 ms", "1.5 s", "250 µs". */
char                     *hs_diagram_format_duration       (HsTime                 duration);
/* A time on the axis, "0", "150 ms", "1.25 s", with as many decimals as
 * ticks @resolution apart need. */
char                     *hs_diagram_format_tick           (HsTime                 t,
                                                            HsTime                 resolution);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HsDiagramLayout, hs_diagram_layout_unref)

G_END_DECLS
