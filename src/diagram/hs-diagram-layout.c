/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-diagram-layout.c: a trace turned into the geometry of a sequence
 * diagram.
 *
 * Every thing that happens (a segment leaves, arrives or is lost, a state
 * changes, an application calls, a timer fires) is an event; events are
 * sorted and each gets a y. First y follows time (or one row per event),
 * with long idle gaps compressed. Then the boxes that hold text (arrow
 * labels, state names, notes) are placed in event order, and wherever a box
 * would touch another box or an arrow that is not its own, room is made by
 * inserting space before some event: everything after it moves down. The
 * insertion point and amount are chosen so that the two things move apart
 * by the least total stretch. Passes repeat until one inserts nothing, which
 * proves that no two boxes overlap and no arrow crosses a foreign label. */

#define G_LOG_DOMAIN "hs-diagram-layout"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "hs-diagram-layout-private.h"
#include "hs-narration.h"

G_DEFINE_BOXED_TYPE (HsDiagramLayout, hs_diagram_layout,
                     hs_diagram_layout_ref, hs_diagram_layout_unref)

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
  GArray          *active;    /* lines near the box being placed */
  double           slack;     /* how much the insertion being weighed may be */
  gboolean         strict;    /* last passes: no more moving labels around */
  double           margin;   /* between things that must not touch */
  double           max_above;
  gboolean         inserted;
  guint            unsolved;
} Solver;

/* Where a label may sit along its arrow (fraction of the way), above the
 * line first, then below it: crossing arrows put one label above the
 * crossing and the other below it. */
static const struct { double phi; gboolean below; gboolean narrow; } label_candidates[] = {
  { 0.5, FALSE, FALSE }, { 0.3, FALSE, FALSE }, { 0.7, FALSE, FALSE },
  { 0.15, FALSE, FALSE }, { 0.85, FALSE, FALSE },
  /* wrapped to half the gap, beside the sender: two labels of arrows sent
   * at once from both ends fit side by side */
  { 0.0, FALSE, TRUE }, { 0.5, FALSE, TRUE },
  { 0.5, TRUE, FALSE }, { 0.3, TRUE, FALSE }, { 0.7, TRUE, FALSE },
  { 0.5, TRUE, TRUE }, { 1.0, TRUE, TRUE },
};

/* ------------------------------------------------------------------ */
/* text                                                                */

void
hs_diagram_layout_options_init (HsDiagramLayoutOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->time_mode = HS_DIAGRAM_TIME_PROPORTIONAL;
  options->show_axis = TRUE;
  options->first_step = 0;
  options->last_step = HS_TRACE_NONE;
}

char *
hs_diagram_format_flags (guint8 flags)
{
  char *text = hs_tcp_flags_to_string (flags, ", ");

  if (text == NULL || text[0] == '\0')
    {
      g_free (text);
      return g_strdup ("<None>");
    }

  return text;
}

char *
hs_diagram_format_segment_flags (HsTrace              *trace,
                                 const HsTraceSegment *segment)
{
  if (hs_trace_segment_is_udp (trace, segment))
    return g_strdup ("UDP");
  return hs_diagram_format_flags (segment->header.flags);
}

HsDiagramKind
hs_diagram_kind_for_segment (HsTrace              *trace,
                             const HsTraceSegment *segment)
{
  if (hs_trace_segment_is_udp (trace, segment))
    return HS_DIAGRAM_KIND_DATA;
  return hs_diagram_kind_for_flags (segment->header.flags, segment->len);
}

static gboolean
lane_has_states (HsTrace *trace,
                 guint    lane)
{
  /* a UDP socket has no connection, so no states */
  return hs_trace_get_endpoint (trace, lane)->transport != HS_TRANSPORT_UDP;
}

char *
hs_diagram_format_numbers (HsTrace              *trace,
                           const HsTraceSegment *segment,
                           gboolean              absolute)
{
  guint32 seq, ack;
  gboolean has_ack = (segment->header.flags & HS_TCP_ACK) != 0;

  if (hs_trace_segment_is_udp (trace, segment))
    return g_strdup_printf ("len=%u", segment->len);

  if (absolute)
    {
      seq = segment->header.seq;
      ack = segment->header.ack;
    }
  else
    {
      seq = hs_trace_segment_rel_seq (trace, segment);
      ack = hs_trace_segment_rel_ack (trace, segment);
    }

  if (has_ack)
    return g_strdup_printf ("seq=%u ack=%u win=%u len=%u",
                            seq, ack, segment->window, segment->len);

  return g_strdup_printf ("seq=%u win=%u len=%u", seq, segment->window, segment->len);
}

static guint
collect_tags (const HsTraceSegment *segment,
              const char          **tags)
{
  guint n = 0;

  if (segment->marks & HS_MARK_RETRANSMISSION)
    tags[n++] = _("Retransmission");
  if (segment->marks & HS_MARK_DUPLICATE_ACK)
    tags[n++] = _("Duplicate ACK");
  if (segment->marks & HS_MARK_WINDOW_PROBE)
    tags[n++] = _("Window probe");
  if (segment->marks & HS_MARK_WINDOW_UPDATE)
    tags[n++] = _("Window update");
  if (segment->marks & HS_MARK_ZERO_WINDOW)
    tags[n++] = _("Zero window");
  if (segment->marks & HS_MARK_DELAYED_ACK)
    tags[n++] = _("Delayed ACK");
  if (segment->marks & HS_MARK_KEEPALIVE)
    tags[n++] = _("Keep-alive");
  if (segment->marks & HS_MARK_DUPLICATED)
    /* Translators: a second copy of a segment, made by the network */
    tags[n++] = _("Network duplicate");

  return n;
}

char *
hs_diagram_format_tags (const HsTraceSegment *segment)
{
  const char *tags[12];
  guint n;
  GString *out;

  g_return_val_if_fail (segment != NULL, NULL);

  n = collect_tags (segment, tags);

  if (segment->fate == HS_FATE_LOST)
    tags[n++] = _("Lost");
  else if (segment->fate == HS_FATE_IN_FLIGHT)
    tags[n++] = _("In flight");

  if (n == 0)
    return NULL;

  out = g_string_new (tags[0]);
  for (guint i = 1; i < n; i++)
    g_string_append_printf (out, ", %s", tags[i]);

  return g_string_free (out, FALSE);
}

char *
hs_diagram_format_duration (HsTime duration)
{
  if (duration < 0)
    duration = 0;

  if (duration >= 10 * HS_USEC_PER_SEC)
    /* Translators: a duration in seconds */
    return g_strdup_printf (_("%.0f s"), duration / 1e6);
  if (duration >= HS_USEC_PER_SEC)
    return g_strdup_printf (_("%.3g s"), duration / 1e6);
  if (duration >= 10 * HS_USEC_PER_MSEC)
    /* Translators: a duration in milliseconds */
    return g_strdup_printf (_("%.0f ms"), duration / 1e3);
  if (duration >= HS_USEC_PER_MSEC)
    return g_strdup_printf (_("%.3g ms"), duration / 1e3);

  /* Translators: a duration in microseconds */
  return g_strdup_printf (_("%.0f µs"), (double) duration);
}

char *
hs_diagram_format_note (HsTrace           *trace,
                        const HsTraceStep *step)
{
  switch (step->kind)
    {
    case HS_STEP_APP_CALL:
      switch (step->detail)
        {
        case HS_APP_LISTEN:   return g_strdup ("listen()");
        case HS_APP_CONNECT:  return g_strdup ("connect()");
        case HS_APP_SEND:
          if (step->value > 0)
            return g_strdup_printf ("send(%" G_GUINT64_FORMAT ")", step->value);
          return g_strdup ("send()");
        case HS_APP_READ:     return g_strdup ("read()");
        case HS_APP_SHUTDOWN: return g_strdup ("shutdown()");
        case HS_APP_CLOSE:    return g_strdup ("close()");
        case HS_APP_ABORT:    return g_strdup ("abort()");
        default:              return NULL;
        }

    case HS_STEP_TIMER:
      switch (step->detail)
        {
        case HS_TIMER_RETRANSMISSION:
          return g_strdup (_("Retransmission timeout"));
        case HS_TIMER_TIME_WAIT:
          return g_strdup (_("TIME-WAIT timer expires"));
        case HS_TIMER_DELAYED_ACK:
          return g_strdup (_("Delayed-ACK timer"));
        case HS_TIMER_PERSIST:
          return g_strdup (_("Persist timer"));
        case HS_TIMER_KEEPALIVE:
          return g_strdup (_("Keep-alive timer"));
        default:
          return NULL;
        }

    case HS_STEP_APP_NOTIFY:
      switch (step->detail)
        {
        case HS_NOTIFY_REFUSED:
          return g_strdup (_("Connection refused"));
        case HS_NOTIFY_RESET:
          return g_strdup (_("Connection reset"));
        case HS_NOTIFY_TIMED_OUT:
          return g_strdup (_("Connection timed out"));
        default:
          return NULL;
        }

    default:
      return NULL;
    }
}

/* ------------------------------------------------------------------ */
/* measuring                                                           */

PangoLayout *
hs_diagram_layout_create_text (HsDiagramLayout *self,
                               HsDiagramFont    font,
                               const char      *text)
{
  PangoLayout *layout = pango_layout_new (self->context);

  pango_layout_set_font_description (layout, self->fonts[font]);
  pango_layout_set_text (layout, text, -1);

  return layout;
}

void
hs_diagram_layout_measure (HsDiagramLayout *self,
                           HsDiagramFont    font,
                           const char      *text,
                           double          *width,
                           double          *height)
{
  char key[HS_DIAGRAM_PIECE_TEXT + 4];
  gsize i;
  gpointer value;
  guint32 packed;

  /* Digits all have the same advance in the fonts we use, so "seq=1234"
   * and "seq=9876" share one measurement: a million labels cost a few
   * hundred distinct Pango layouts. */
  key[0] = 'a' + font;
  for (i = 0; text[i] != '\0' && i < HS_DIAGRAM_PIECE_TEXT; i++)
    key[i + 1] = g_ascii_isdigit (text[i]) ? '0' : text[i];
  key[i + 1] = '\0';

  if (text[i] == '\0' &&
      g_hash_table_lookup_extended (self->measure_cache, key, NULL, &value))
    {
      packed = GPOINTER_TO_UINT (value);
    }
  else
    {
      g_autoptr(PangoLayout) layout = hs_diagram_layout_create_text (self, font, text);
      PangoRectangle logical;

      pango_layout_get_extents (layout, NULL, &logical);
      /* 1/16 px precision, width in the high half */
      packed = ((guint32) MIN (65535, ceil (logical.width * 16.0 / PANGO_SCALE)) << 16) |
               (guint32) MIN (65535, ceil (logical.height * 16.0 / PANGO_SCALE));

      if (text[i] == '\0')
        g_hash_table_insert (self->measure_cache, g_strdup (key), GUINT_TO_POINTER (packed));
    }

  if (width != NULL)
    *width = (packed >> 16) / 16.0;
  if (height != NULL)
    *height = (packed & 0xffff) / 16.0;
}

static void
add_piece (HsDiagramLayout *self,
           GArray          *pieces,
           HsDiagramFont    font,
           HsDiagramPieceRole role,
           const char      *text)
{
  HsDiagramPiece piece = { 0 };
  double w, h;

  piece.font = font;
  piece.role = role;
  g_utf8_strncpy (piece.text, text,
                  MIN ((gsize) g_utf8_strlen (text, -1), (HS_DIAGRAM_PIECE_TEXT - 1) / 4));
  if (strlen (text) < HS_DIAGRAM_PIECE_TEXT)
    g_strlcpy (piece.text, text, sizeof piece.text);

  hs_diagram_layout_measure (self, font, piece.text, &w, &h);
  if (role == HS_DIAGRAM_PIECE_BADGE)
    w += 2 * 4.0;
  piece.width = w;
  piece.height = h;
  g_array_append_val (pieces, piece);
}

static void
add_words (HsDiagramLayout   *self,
           GArray            *pieces,
           HsDiagramFont      font,
           HsDiagramPieceRole role,
           const char        *text)
{
  g_auto(GStrv) words = g_strsplit (text, " ", -1);

  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0')
      add_piece (self, pieces, font, role, words[i]);
}

/* Flows pieces [from, to) into rows no wider than @wrap starting at *@y;
 * returns the widest row. */
static double
flow (HsDiagramLayout *self,
      GArray          *pieces,
      guint            from,
      guint            to,
      double           space,
      double           wrap,
      double          *y)
{
  double x = 0, row_h = 0, widest = 0;
  guint row_start = from;

  for (guint i = from; i <= to; i++)
    {
      HsDiagramPiece *p = i < to ? &g_array_index (pieces, HsDiagramPiece, i) : NULL;

      if (p == NULL || (x > 0 && x + space + p->width > wrap))
        {
          /* close the row: vertically centre pieces on it */
          for (guint j = row_start; j < i; j++)
            {
              HsDiagramPiece *q = &g_array_index (pieces, HsDiagramPiece, j);
              q->y = *y + (row_h - q->height) / 2;
            }
          widest = MAX (widest, x);
          if (i > row_start)
            *y += row_h;
          x = 0;
          row_h = 0;
          row_start = i;
          if (p == NULL)
            break;
        }

      if (x > 0)
        x += space;
      p->x = x;
      x += p->width;
      row_h = MAX (row_h, p->height);
    }

  return widest;
}

void
hs_diagram_layout_build_label (HsDiagramLayout      *self,
                               const HsTraceSegment *segment,
                               guint                 step,
                               double                wrap_width,
                               HsDiagramLabelDetail  detail,
                               GArray               *pieces,
                               double               *width,
                               double               *height)
{
  const char *tags[12];
  char buf[32];
  g_autofree char *flags = NULL;
  g_autofree char *numbers = NULL;
  guint n_tags, first_numbers, first_options;
  double y = HS_DIAGRAM_LABEL_PAD, w = 0, space, row_w;
  double wrap = MAX (40.0, wrap_width - 2 * HS_DIAGRAM_LABEL_PAD);

  g_array_set_size (pieces, 0);

  if (step != NONE)
    {
      g_snprintf (buf, sizeof buf, "%u", step + 1);
      add_piece (self, pieces, HS_DIAGRAM_FONT_BADGE, HS_DIAGRAM_PIECE_BADGE, buf);
    }

  if (detail >= HS_DIAGRAM_LABEL_NUMBER && pieces->len > 0)
    {
      HsDiagramPiece *badge = &g_array_index (pieces, HsDiagramPiece, 0);

      badge->x = HS_DIAGRAM_LABEL_PAD;
      badge->y = HS_DIAGRAM_LABEL_PAD;
      *width = badge->width + 2 * HS_DIAGRAM_LABEL_PAD;
      *height = badge->height + 2 * HS_DIAGRAM_LABEL_PAD;
      return;
    }

  flags = hs_diagram_format_segment_flags (self->trace, segment);
  add_piece (self, pieces, HS_DIAGRAM_FONT_FLAGS, HS_DIAGRAM_PIECE_FLAGS, flags);

  n_tags = collect_tags (segment, tags);
  for (guint i = 0; i < n_tags; i++)
    {
      /* "Duplicate ACK · Zero window": marks kept apart */
      g_autofree char *tag = i > 0 ? g_strdup_printf ("· %s", tags[i]) : g_strdup (tags[i]);
      add_piece (self, pieces, HS_DIAGRAM_FONT_TAG, HS_DIAGRAM_PIECE_TAG, tag);
    }
  if (segment->fate == HS_FATE_LOST)
    {
      g_autofree char *tag = n_tags > 0 ? g_strdup_printf ("· %s", _("Lost")) : g_strdup (_("Lost"));
      add_piece (self, pieces, HS_DIAGRAM_FONT_TAG, HS_DIAGRAM_PIECE_LOST, tag);
    }
  else if (segment->fate == HS_FATE_IN_FLIGHT)
    add_piece (self, pieces, HS_DIAGRAM_FONT_TAG, HS_DIAGRAM_PIECE_TAG, _("In flight"));

  first_numbers = pieces->len;
  if (detail == HS_DIAGRAM_LABEL_FULL)
    {
      numbers = hs_diagram_format_numbers (self->trace, segment, self->options.absolute);
      add_words (self, pieces, HS_DIAGRAM_FONT_LABEL, HS_DIAGRAM_PIECE_NUMBERS, numbers);
    }

  first_options = pieces->len;
  if (self->options.show_options && detail == HS_DIAGRAM_LABEL_FULL &&
      !hs_trace_segment_is_udp (self->trace, segment))
    {
      g_autofree char *options = hs_tcp_options_to_string (&segment->header.options);

      if (options != NULL && options[0] != '\0')
        add_words (self, pieces, HS_DIAGRAM_FONT_LABEL, HS_DIAGRAM_PIECE_OPTIONS, options);
    }

  hs_diagram_layout_measure (self, HS_DIAGRAM_FONT_LABEL, " ", &space, NULL);
  space = MAX (space, 3.0);

  /* (not inside MAX (), which would flow twice) */
  row_w = flow (self, pieces, 0, first_numbers, space * 1.6, wrap, &y);
  w = MAX (w, row_w);
  if (first_options > first_numbers)
    {
      y += 1;
      row_w = flow (self, pieces, first_numbers, first_options, space, wrap, &y);
      w = MAX (w, row_w);
    }
  if (first_options < pieces->len)
    {
      row_w = flow (self, pieces, first_options, pieces->len, space, wrap, &y);
      w = MAX (w, row_w);
    }

  for (guint i = 0; i < pieces->len; i++)
    g_array_index (pieces, HsDiagramPiece, i).x += HS_DIAGRAM_LABEL_PAD;

  *width = w + 2 * HS_DIAGRAM_LABEL_PAD;
  *height = y + HS_DIAGRAM_LABEL_PAD;
}

const char *
hs_diagram_lane_name (HsTrace *trace,
                      guint    lane)
{
  const HsTraceEndpoint *ep = hs_trace_get_endpoint (trace, lane);

  /* A heading, not a phrase in a sentence: "client", not "the client". */
  if (g_str_equal (ep->name, "client"))
    return C_("lane heading", "client");
  if (g_str_equal (ep->name, "server"))
    return C_("lane heading", "server");
  return ep->name;
}

const char *
hs_diagram_legend_entry_text (const HsDiagramLegendEntry *entry)
{
  switch (entry->type)
    {
    case HS_DIAGRAM_LEGEND_KIND:
      return hs_diagram_kind_get_label (entry->index);
    case HS_DIAGRAM_LEGEND_LOST:
      return _("Lost");
    case HS_DIAGRAM_LEGEND_RETRANSMISSION:
      return _("Retransmission");
    case HS_DIAGRAM_LEGEND_BAND:
      switch (entry->index)
        {
        case HS_DIAGRAM_BAND_LISTEN:      return "LISTEN";
        case HS_DIAGRAM_BAND_OPENING:     return "SYN-SENT, SYN-RECEIVED";
        case HS_DIAGRAM_BAND_ESTABLISHED: return "ESTABLISHED";
        case HS_DIAGRAM_BAND_CLOSING:     return "FIN-WAIT-1/2, CLOSE-WAIT, CLOSING, LAST-ACK";
        case HS_DIAGRAM_BAND_TIME_WAIT:   return "TIME-WAIT";
        default:                          return "";
        }
    default:
      return "";
    }
}

char *
hs_diagram_layout_band_duration (HsDiagramLayout          *self,
                                 const HsDiagramStateBand *band)
{
  if (band->state != HS_STATE_TIME_WAIT)
    return NULL;

  return hs_diagram_format_duration (band->end - band->start);
}

/* ------------------------------------------------------------------ */
/* events                                                              */

static inline const HsTraceStep *
trace_step (HsDiagramLayout *self,
            guint            i)
{
  return hs_trace_get_step (self->trace, i);
}

static gboolean
step_in_range (HsDiagramLayout *self,
               guint            step)
{
  return step >= self->options.first_step && step <= self->options.last_step;
}

static gboolean
step_has_note (HsDiagramLayout   *self,
               const HsTraceStep *step)
{
  if (step->kind == HS_STEP_APP_CALL || step->kind == HS_STEP_TIMER)
    return TRUE;
  if (step->kind == HS_STEP_APP_NOTIFY)
    return step->detail == HS_NOTIFY_REFUSED || step->detail == HS_NOTIFY_RESET ||
           step->detail == HS_NOTIFY_TIMED_OUT;
  return FALSE;
}

static int
compare_events (gconstpointer a,
                gconstpointer b)
{
  const Event *ea = a, *eb = b;

  if (ea->key < eb->key)
    return -1;
  if (ea->key > eb->key)
    return 1;
  return (ea->order > eb->order) - (ea->order < eb->order);
}

static void
add_event (GArray   *events,
           EventType type,
           double    key,
           HsTime    time,
           guint32   order,
           guint32   ref)
{
  Event ev = { key, time, order, ref, type };

  g_array_append_val (events, ev);
}

static gboolean
segment_included (HsDiagramLayout      *self,
                  const HsTraceSegment *seg)
{
  if (seg->sent_step == HS_TRACE_NONE)
    return self->options.first_step == 0 && self->options.last_step == HS_TRACE_NONE;
  return step_in_range (self, seg->sent_step);
}

static void
build_events (HsDiagramLayout *self,
              Solver          *sv)
{
  HsTrace *trace = self->trace;
  guint n_steps = hs_trace_get_n_steps (trace);
  guint n_segments = hs_trace_get_n_segments (trace);
  guint last = MIN (self->options.last_step, n_steps == 0 ? 0 : n_steps - 1);
  HsTime t_first = G_MAXINT64, t_last = G_MININT64;
  GArray *events;

  events = g_array_sized_new (FALSE, FALSE, sizeof (Event), 2 * n_segments + n_steps / 2 + 16);

  for (guint i = self->options.first_step; n_steps > 0 && i <= last; i++)
    {
      const HsTraceStep *st = trace_step (self, i);

      switch (st->kind)
        {
        case HS_STEP_SEGMENT_SENT:
          if (st->segment < n_segments &&
              hs_trace_get_segment (trace, st->segment)->sent_step == i)
            add_event (events, EV_SEND, st->time, st->time, i, st->segment);
          break;

        case HS_STEP_SEGMENT_ARRIVED:
        case HS_STEP_SEGMENT_LOST:
          /* only for segments sent inside the range: their ends are added below */
          break;

        default:
          add_event (events, EV_STEP, st->time, st->time, i, i);
          break;
        }

      t_first = MIN (t_first, st->time);
      t_last = MAX (t_last, st->time);
    }

  /* Ends of the segments in range, and segments without steps (a capture). */
  for (guint s = 0; s < n_segments; s++)
    {
      const HsTraceSegment *seg = hs_trace_get_segment (trace, s);
      HsTime end;
      guint32 order;

      if (!segment_included (self, seg))
        continue;

      if (seg->sent_step == HS_TRACE_NONE || seg->sent_step >= n_steps)
        add_event (events, EV_SEND, seg->sent, seg->sent, G_MAXUINT32 - 2 * (n_segments - s), s);

      if (seg->end_step != HS_TRACE_NONE && seg->end_step < n_steps)
        {
          end = trace_step (self, seg->end_step)->time;
          order = seg->end_step;
        }
      else
        {
          if (seg->fate == HS_FATE_DELIVERED && seg->arrived != HS_TIME_NONE)
            end = seg->arrived;
          else if (seg->fate == HS_FATE_IN_FLIGHT)
            end = MAX (seg->sent, hs_trace_get_end_time (trace));
          else
            end = seg->sent;   /* captured: seen on the wire, drawn level */
          order = G_MAXUINT32 - 2 * (n_segments - s) + 1;
        }

      if (end < seg->sent)
        end = seg->sent;
      add_event (events, EV_END, end, end, order, s);
      t_first = MIN (t_first, seg->sent);
      t_last = MAX (t_last, end);
    }

  if (t_first > t_last)
    t_first = t_last = 0;

  add_event (events, EV_START, t_first, t_first, 0, 0);
  add_event (events, EV_FINISH, t_last, t_last, G_MAXUINT32, 0);
  /* START sorts first: order 0 ties with step 0, so make it strictly first */
  g_array_index (events, Event, events->len - 2).key = t_first - 1e-3;

  g_array_sort (events, compare_events);

  if (self->options.time_mode == HS_DIAGRAM_TIME_EVENTS)
    {
      /* One row per segment (level arrows), per note; a state change
       * shares the row of what caused it. */
      g_autofree double *seg_row = g_new0 (double, MAX (n_segments, 1));
      g_autofree double *step_row = g_new0 (double, MAX (n_steps, 1));
      double row = 0, prev = 0;

      for (guint i = 0; i < events->len; i++)
        {
          Event *ev = &g_array_index (events, Event, i);

          switch (ev->type)
            {
            case EV_START:
              ev->key = prev = 0;
              break;
            case EV_SEND:
              ev->key = prev = seg_row[ev->ref] = ++row;
              break;
            case EV_END:
              ev->key = prev = seg_row[ev->ref];
              break;
            case EV_STEP:
              {
                const HsTraceStep *st = trace_step (self, ev->ref);

                if (step_has_note (self, st))
                  ev->key = prev = ++row;
                else if (st->cause != HS_TRACE_NONE && st->cause < ev->ref &&
                         step_in_range (self, st->cause))
                  ev->key = prev = step_row[st->cause] > 0 ? step_row[st->cause] : prev;
                else
                  ev->key = prev;
                step_row[ev->ref] = ev->key;
              }
              break;
            case EV_FINISH:
              ev->key = row + 1;
              break;
            default:
              g_assert_not_reached ();
            }

          /* arrivals feed causes too */
          if (ev->type == EV_END)
            {
              const HsTraceSegment *seg = hs_trace_get_segment (trace, ev->ref);
              if (seg->end_step != HS_TRACE_NONE && seg->end_step < n_steps)
                step_row[seg->end_step] = ev->key;
            }
          else if (ev->type == EV_SEND)
            {
              const HsTraceSegment *seg = hs_trace_get_segment (trace, ev->ref);
              if (seg->sent_step < n_steps)
                step_row[seg->sent_step] = ev->key;
            }

          /* keep the original order among equal rows */
          ev->order = i;
        }

      g_array_sort (events, compare_events);
    }

  sv->events = events;
  sv->n_ev = events->len;
  sv->seg_send = g_new (guint, MAX (n_segments, 1));
  sv->seg_end = g_new (guint, MAX (n_segments, 1));
  sv->step_ev = g_new (guint, MAX (n_steps, 1));
  memset (sv->seg_send, 0xff, sizeof (guint) * MAX (n_segments, 1));
  memset (sv->seg_end, 0xff, sizeof (guint) * MAX (n_segments, 1));
  memset (sv->step_ev, 0xff, sizeof (guint) * MAX (n_steps, 1));

  for (guint i = 0; i < events->len; i++)
    {
      const Event *ev = &g_array_index (events, Event, i);

      if (ev->type == EV_SEND)
        {
          const HsTraceSegment *seg = hs_trace_get_segment (trace, ev->ref);

          sv->seg_send[ev->ref] = i;
          if (seg->sent_step < n_steps)
            sv->step_ev[seg->sent_step] = i;
        }
      else if (ev->type == EV_END)
        {
          const HsTraceSegment *seg = hs_trace_get_segment (trace, ev->ref);

          sv->seg_end[ev->ref] = i;
          if (seg->end_step < n_steps)
            sv->step_ev[seg->end_step] = i;
        }
      else if (ev->type == EV_STEP)
        sv->step_ev[ev->ref] = i;
    }
}

/* ------------------------------------------------------------------ */
/* y of events: base spacing, then a Fenwick tree of inserted space     */

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
sampled_median (GArray *values)
{
  if (values->len == 0)
    return 0;
  g_array_sort (values, compare_double);
  return g_array_index (values, double, values->len / 2);
}

static void
base_spacing (HsDiagramLayout *self,
              Solver          *sv,
              double           start_y,
              double           lane_gap)
{
  GArray *events = sv->events;
  const HsDiagramStyle *style = self->style;
  g_autoptr(GArray) sample = g_array_new (FALSE, FALSE, sizeof (double));
  guint n_segments = hs_trace_get_n_segments (self->trace);
  guint stride;
  double typical, px_per_unit, target, threshold, compressed;
  double label_h;

  sv->base = g_new (double, sv->n_ev);
  sv->fenwick = g_new0 (double, sv->n_ev + 1);

  hs_diagram_layout_measure (self, HS_DIAGRAM_FONT_LABEL, "seq=0", NULL, &label_h);

  if (self->options.time_mode == HS_DIAGRAM_TIME_EVENTS)
    {
      px_per_unit = style->row_height;
      threshold = G_MAXDOUBLE;
      compressed = 0;
    }
  else
    {
      /* The typical one-way delay sets the scale: it becomes a slope of
       * about a quarter of the lane gap, steep enough to read as delay,
       * gentle enough to leave room for labels. */
      stride = MAX (1, n_segments / 4096);
      for (guint s = 0; s < n_segments; s += stride)
        {
          const HsTraceSegment *seg = hs_trace_get_segment (self->trace, s);
          guint a = sv->seg_send[s], b = sv->seg_end[s];

          if (a == NONE || b == NONE || seg->fate == HS_FATE_LOST)
            continue;

          double d = g_array_index (events, Event, b).key - g_array_index (events, Event, a).key;
          if (d > 0)
            g_array_append_val (sample, d);
        }

      typical = sampled_median (sample);

      if (typical <= 0)
        {
          stride = MAX (1, sv->n_ev / 4096);
          g_array_set_size (sample, 0);
          for (guint i = 1; i < sv->n_ev; i += stride)
            {
              double d = g_array_index (events, Event, i).key - g_array_index (events, Event, i - 1).key;
              if (d > 0)
                g_array_append_val (sample, d);
            }
          typical = sampled_median (sample);
        }

      if (typical <= 0)
        typical = 1000;

      target = CLAMP (0.21 * lane_gap, 3.5 * label_h, 10.0 * label_h);
      px_per_unit = target / typical;
      threshold = 3.0 * target;
      compressed = 0.9 * target + 2 * label_h;
    }

  sv->base[0] = start_y;

  for (guint i = 1; i < sv->n_ev; i++)
    {
      const Event *prev = &g_array_index (events, Event, i - 1);
      const Event *ev = &g_array_index (events, Event, i);
      double dk = ev->key - prev->key;
      double dy = MAX (0, dk) * px_per_unit;

      if (prev->type == EV_START)
        dy = 0;

      if (dy > threshold && threshold < G_MAXDOUBLE)
        {
          HsDiagramBreak br = { 0 };

          br.y0 = i;   /* event index for now; made a y below */
          br.duration = ev->time - prev->time;
          g_array_append_val (self->breaks, br);
          dy = compressed;
        }

      if (ev->type == EV_FINISH)
        dy = MIN (dy, 2 * label_h) + 2 * label_h;

      sv->base[i] = sv->base[i - 1] + dy;
    }
}

static inline void
fen_add (Solver *sv,
         guint   index,
         double  value)
{
  for (guint i = index + 1; i <= sv->n_ev; i += i & (-i))
    sv->fenwick[i] += value;
}

static inline double
fen_sum (Solver *sv,
         guint   index)
{
  double sum = 0;

  for (guint i = index + 1; i > 0; i -= i & (-i))
    sum += sv->fenwick[i];
  return sum;
}

static inline double
ev_y (Solver *sv,
      guint   index)
{
  return sv->base[index] + fen_sum (sv, index);
}

static void
fold (Solver *sv)
{
  double acc = 0;
  g_autofree double *delta = g_new0 (double, sv->n_ev);

  /* Recover the point insertions from the tree. */
  for (guint i = 0; i < sv->n_ev; i++)
    {
      double s = fen_sum (sv, i);
      delta[i] = s - acc;
      acc = s;
    }
  acc = 0;
  for (guint i = 0; i < sv->n_ev; i++)
    {
      acc += delta[i];
      sv->base[i] += acc;
    }
  memset (sv->fenwick, 0, sizeof (double) * (sv->n_ev + 1));
}

/* ------------------------------------------------------------------ */
/* the solver                                                          */

static inline double
box_top (Solver    *sv,
         const Box *b)
{
  double ys = ev_y (sv, b->s);
  double yt = b->t == b->s ? ys : ev_y (sv, b->t);

  return (1.0 - b->a) * ys + b->a * yt + b->dy;
}

static inline double
line_y (const Line *l,
        double      ys,
        double      yt,
        double      x)
{
  double f = (x - l->x0) / (l->x1 - l->x0);

  f = CLAMP (f, 0.0, 1.0);
  return ys + f * (yt - ys);
}

static void
place_label (Box        *b,
             const Line *l,
             double      gap,
             guint       cand)
{
  double phi = label_candidates[cand].phi;
  gboolean below = label_candidates[cand].below;
  double cx, x0, x_at, f;

  if (b->detail >= HS_DIAGRAM_LABEL_HIDDEN)
    {
      /* takes no room, touches nothing */
      b->w = b->h = 0;
      b->x0 = b->x1 = -1e30;
      b->a = 0;
      b->dy = 0;
      b->cand = cand;
      return;
    }

  b->w = b->lw[b->detail][label_candidates[cand].narrow];
  b->h = b->lh[b->detail][label_candidates[cand].narrow];
  cx = l->x0 + phi * (l->x1 - l->x0);
  x0 = cx - b->w / 2;

  double gap_lo = l->gap_lo, gap_hi = l->gap_hi;

  /* An arrow across several lanes may carry its label in any gap it
   * crosses, never over a lane between. */
  if (l->gap_step > 0)
    {
      double lo = MIN (l->x0, l->x1), hi = MAX (l->x0, l->x1);
      double k = floor ((MIN (MAX (cx, lo), hi - 1) - lo) / l->gap_step);

      gap_lo = lo + k * l->gap_step + l->pad;
      gap_hi = lo + (k + 1) * l->gap_step - l->pad;
    }

  if (x0 > gap_hi - b->w)
    x0 = gap_hi - b->w;
  if (x0 < gap_lo)
    x0 = gap_lo;

  /* Above the line, the box's bottom clears the line where the line is
   * highest over the box (its end nearer the tail); below, its top clears
   * the line where it is lowest. */
  if ((l->x1 > l->x0) != below)
    x_at = x0;
  else
    x_at = x0 + b->w;
  f = (x_at - l->x0) / (l->x1 - l->x0);
  b->a = CLAMP (f, 0.0, 1.0);
  b->dy = below ? gap : -(gap + b->h);
  b->x0 = x0;
  b->x1 = x0 + b->w;
  b->cand = cand;
}

/* How much a point whose y is (1-a) y(s) + a y(t) moves per unit of space
 * inserted before event @p. */
static inline double
motion (guint  s,
        guint  t,
        double a,
        guint  p)
{
  return (1.0 - a) * (s >= p) + a * (t >= p);
}

typedef struct
{
  /* B's top/bottom and X's extent as linear constraints: each constraint
   * is need + r * d <= 0 must hold after inserting d (need > 0: violated). */
  double need[2];
  double r[2];
} Constraint;

/* The least d >= 0 that satisfies all constraints, or G_MAXDOUBLE. */
static double
solve_constraints (const double *need,
                   const double *r,
                   guint         n,
                   double        min_ratio)
{
  double lo = 0, hi = G_MAXDOUBLE;

  for (guint i = 0; i < n; i++)
    {
      if (need[i] > 0)
        {
          /* moving apart at less than a fifth of the space inserted would
           * stretch the diagram by five times the overlap: refuse */
          if (r[i] > -min_ratio)
            return G_MAXDOUBLE;
          lo = MAX (lo, need[i] / -r[i]);
        }
      else if (r[i] > 1e-9)
        hi = MIN (hi, -need[i] / r[i]);
    }

  return lo <= hi ? lo : G_MAXDOUBLE;
}

/* Space inserted where segments are in flight stretches them (their
 * slope no longer shows the delay), so it costs more than space inserted
 * where nothing flies. */
static inline void
consider (Solver *sv,
          double  d,
          guint   p,
          double *best_d,
          double *best_cost,
          guint  *best_p)
{
  double cost;

  if (d >= G_MAXDOUBLE || d > sv->slack)
    return;
  cost = d * (1.0 + 0.75 * MIN (sv->in_flight[p], 8));
  /* between two things that happen at the same moment (an arrival and
   * the state change it causes, or the answer it triggers) only when
   * nothing else will do: it shows them apart in time */
  if (sv->group_start[p] != p)
    cost *= 3.0;
  /* on a tie, keep things that happen at the same moment level: insert
   * before all of them rather than between them */
  if (cost < *best_cost - 1e-6 ||
      (cost < *best_cost + 1e-6 &&
       (sv->group_start[p] == p) > (sv->group_start[*best_p] == *best_p)))
    {
      *best_cost = cost;
      *best_d = d;
      *best_p = p;
    }
}

/* The least space, and where, that moves @b clear of the other box or
 * line; G_MAXDOUBLE when no single insertion can. */
static double
best_insertion (Solver     *sv,
                const Box  *b,
                const Box  *other_box,
                const Line *line,
                guint      *where)
{
  guint cands[16];
  guint n_cands = 0;
  double best_d = G_MAXDOUBLE, best_cost = G_MAXDOUBLE;
  guint best_p = 0;
  double m = sv->margin;
  double ys_b = ev_y (sv, b->s), yt_b = ev_y (sv, b->t);
  double top = (1.0 - b->a) * ys_b + b->a * yt_b + b->dy;
  double bottom = top + b->h;
  guint xs, xt;

  if (other_box != NULL)
    {
      xs = other_box->s;
      xt = other_box->t;
    }
  else
    {
      xs = line->s;
      xt = line->t;
    }

  {
    guint raw[16] = { b->s, b->s + 1, b->t, b->t + 1, xs, xs + 1, xt, xt + 1 };

    for (guint i = 0; i < 8; i++)
      raw[8 + i] = raw[i] < sv->n_ev ? sv->group_start[raw[i]] : raw[i];

    for (guint i = 0; i < 16; i++)
      {
        gboolean dup = FALSE;

        if (raw[i] < 1 || raw[i] >= sv->n_ev)
          continue;
        for (guint j = 0; j < n_cands; j++)
          dup |= cands[j] == raw[i];
        if (!dup)
          cands[n_cands++] = raw[i];
      }
  }

  for (guint c = 0; c < n_cands; c++)
    {
      guint p = cands[c];
      double mb = motion (b->s, b->t, b->a, p);
      double need[4], r[4], d;

      /* a label may not stretch segments in flight beyond their limit
       * (their slope shows the delay): it shrinks instead */
      if (b->kind == BOX_LABEL && sv->active != NULL)
        {
          double slack = G_MAXDOUBLE;

          for (guint i = 0; i < sv->active->len; i++)
            {
              const Line *al = &g_array_index (sv->lines, Line, g_array_index (sv->active, guint, i));

              /* only the fan around the label: arrows between other
               * lanes may lean a little more */
              if (al->s < p && p <= al->t &&
                  MIN (al->x0, al->x1) < b->x1 && MAX (al->x0, al->x1) > b->x0)
                slack = MIN (slack, al->max_len - (ev_y (sv, al->t) - ev_y (sv, al->s)));
            }
          if (slack <= 0.5)
            continue;
          sv->slack = slack;
        }
      else
        sv->slack = G_MAXDOUBLE;

      if (other_box != NULL)
        {
          double otop = box_top (sv, other_box);
          double obottom = otop + other_box->h;
          double mo = motion (other_box->s, other_box->t, other_box->a, p);

          /* b below the other: obottom + m - top <= 0 */
          need[0] = obottom + m - top;
          r[0] = mo - mb;
          d = solve_constraints (need, r, 1, sv->min_ratio);
          consider (sv, d, p, &best_d, &best_cost, &best_p);

          /* b above the other: bottom + m - otop <= 0 */
          need[0] = bottom + m - otop;
          r[0] = mb - mo;
          d = solve_constraints (need, r, 1, sv->min_ratio);
          consider (sv, d, p, &best_d, &best_cost, &best_p);
        }
      else
        {
          double ys = ev_y (sv, line->s), yt = ev_y (sv, line->t);
          double xa = MAX (b->x0 - m, MIN (line->x0, line->x1));
          double xb = MIN (b->x1 + m, MAX (line->x0, line->x1));
          double xe[2] = { xa, xb };

          /* line below the box at both ends of the overlap */
          for (guint k = 0; k < 2; k++)
            {
              double f = CLAMP ((xe[k] - line->x0) / (line->x1 - line->x0), 0.0, 1.0);
              double ml = motion (line->s, line->t, f, p);

              need[k] = bottom + m - line_y (line, ys, yt, xe[k]);
              r[k] = mb - ml;
            }
          d = solve_constraints (need, r, 2, sv->min_ratio);
          consider (sv, d, p, &best_d, &best_cost, &best_p);

          /* line above the box */
          for (guint k = 0; k < 2; k++)
            {
              double f = CLAMP ((xe[k] - line->x0) / (line->x1 - line->x0), 0.0, 1.0);
              double ml = motion (line->s, line->t, f, p);

              need[k] = line_y (line, ys, yt, xe[k]) + m - top;
              r[k] = ml - mb;
            }
          d = solve_constraints (need, r, 2, sv->min_ratio);
          consider (sv, d, p, &best_d, &best_cost, &best_p);
        }
    }

  *where = best_p;
  return best_d;
}

static void
apply_best_insertion (Solver     *sv,
                      const Box  *b,
                      const Box  *other_box,
                      const Line *line)
{
  guint p;
  double d = best_insertion (sv, b, other_box, line, &p);

  if (d < G_MAXDOUBLE)
    {
      g_debug ("box %u (kind %u, events %u-%u, cand %u) against %s: %.1f px before event %u",
               b->ref, b->kind, b->s, b->t, b->cand, other_box ? "box" : "line", d, p);
      fen_add (sv, p, ceil (d + 0.5));
      sv->inserted = TRUE;
    }
  else
    {
      sv->unsolved++;
    }
}

static gboolean
boxes_touch (Solver    *sv,
             const Box *b,
             double     top,
             const Box *o)
{
  double m = sv->margin;
  double otop;

  if (b->x0 >= o->x1 + m || o->x0 >= b->x1 + m)
    return FALSE;

  otop = box_top (sv, o);
  return top < otop + o->h + m && otop < top + b->h + m;
}

static gboolean
box_crosses_line (Solver     *sv,
                  const Box  *b,
                  double      top,
                  const Line *l)
{
  double m = sv->margin;
  double xa = MAX (b->x0 - m, MIN (l->x0, l->x1));
  double xb = MIN (b->x1 + m, MAX (l->x0, l->x1));
  double ys, yt, ya, yb;

  if (xa >= xb)
    return FALSE;

  ys = ev_y (sv, l->s);
  yt = ev_y (sv, l->t);
  ya = line_y (l, ys, yt, xa);
  yb = line_y (l, ys, yt, xb);

  return MIN (ya, yb) < top + b->h + m && MAX (ya, yb) > top - m;
}

/* The first thing @b touches, in *@obox or *@oline; FALSE when free. */
static gboolean
find_conflict_but (Solver     *sv,
                   const Box  *b,
                   const Box  *skip,
                   GArray     *recent,
                   GArray     *active,
                   const Box **obox,
                   const Line **oline)
{
  double top = box_top (sv, b);

  for (guint i = 0; i < recent->len; i++)
    {
      const Box *o = &g_array_index (sv->boxes, Box, g_array_index (recent, guint, i));

      if (o != b && o != skip && boxes_touch (sv, b, top, o))
        {
          *obox = o;
          *oline = NULL;
          return TRUE;
        }
    }

  for (guint i = 0; i < active->len; i++)
    {
      guint li = g_array_index (active, guint, i);
      const Line *l = &g_array_index (sv->lines, Line, li);

      if (li == b->owner)
        continue;

      if (box_crosses_line (sv, b, top, l))
        {
          *obox = NULL;
          *oline = l;
          return TRUE;
        }
    }

  return FALSE;
}

/* Puts a label where it touches nothing, trying its last place first so
 * that passes settle; where every place touches something, where the
 * least room has to be made. */
static gboolean
find_conflict (Solver     *sv,
               const Box  *b,
               GArray     *recent,
               GArray     *active,
               const Box **obox,
               const Line **oline)
{
  return find_conflict_but (sv, b, NULL, recent, active, obox, oline);
}

static gboolean
lines_cross (Solver     *sv,
             const Line *a,
             const Line *b)
{
  double ax0 = a->x0, ay0 = ev_y (sv, a->s), ax1 = a->x1, ay1 = ev_y (sv, a->t);
  double bx0 = b->x0, by0 = ev_y (sv, b->s), bx1 = b->x1, by1 = ev_y (sv, b->t);
  double d1x = ax1 - ax0, d1y = ay1 - ay0, d2x = bx1 - bx0, d2y = by1 - by0;
  double den = d1x * d2y - d1y * d2x, u, v;

  if (fabs (den) < 1e-9)
    return FALSE;
  u = ((bx0 - ax0) * d2y - (by0 - ay0) * d2x) / den;
  v = ((bx0 - ax0) * d1y - (by0 - ay0) * d1x) / den;
  return u > 0.05 && u < 0.95 && v > 0.05 && v < 0.95;
}

static gboolean
label_candidate_allowed (Solver    *sv,
                         const Box *b,
                         GArray    *active,
                         guint      cand)
{
  const Line *own;

  if (!label_candidates[cand].below)
    return TRUE;

  /* Below the line only for an arrow that crosses another (so that the
   * two share the space on either side of the crossing): under a level
   * arrow, or one of a fan of parallel arrows, a label would seem to
   * belong to the next one. */
  if (sv->level || fabs (ev_y (sv, b->t) - ev_y (sv, b->s)) < b->lh[0][0])
    return FALSE;

  own = &g_array_index (sv->lines, Line, b->owner);

  /* a lost segment stops at its cross: below it is nobody's space */
  if (own->lost)
    return TRUE;

  for (guint i = 0; i < active->len; i++)
    {
      guint li = g_array_index (active, guint, i);

      if (li != b->owner && lines_cross (sv, own, &g_array_index (sv->lines, Line, li)))
        return TRUE;
    }

  return FALSE;
}

/* @b touches a label placed before it at about the same time (two arrows
 * sent at once): move that one to another of its places if that frees a
 * place for @b. */
static gboolean
repair_with_neighbour (Solver *sv,
                       Box    *b,
                       GArray *recent,
                       GArray *active,
                       double  gap)
{
  const Line *own = &g_array_index (sv->lines, Line, b->owner);
  const Box *obox = NULL;
  const Line *oline = NULL;
  guint tried = 0;

  for (guint i = recent->len; i-- > 0 && tried < 4;)
    {
      Box *a = &g_array_index (sv->boxes, Box, g_array_index (recent, guint, i));
      const Line *a_line;
      guint a_cand = a->cand;

      if (a->kind != BOX_LABEL || a == b ||
          sv->group_start[a->s] != sv->group_start[b->s])
        continue;
      tried++;
      a_line = &g_array_index (sv->lines, Line, a->owner);

      for (guint ca = 0; ca < G_N_ELEMENTS (label_candidates); ca++)
        {
          if (ca == a_cand || !label_candidate_allowed (sv, a, active, ca))
            continue;
          place_label (a, a_line, gap, ca);
          if (find_conflict_but (sv, a, b, recent, active, &obox, &oline))
            continue;

          for (guint cb = 0; cb < G_N_ELEMENTS (label_candidates); cb++)
            {
              if (!label_candidate_allowed (sv, b, active, cb))
                continue;
              place_label (b, own, gap, cb);
              if (!find_conflict (sv, b, recent, active, &obox, &oline))
                {
                  /* boxes checked against the old place are checked again */
                  sv->inserted = TRUE;
                  return TRUE;
                }
            }
        }

      place_label (a, a_line, gap, a_cand);
    }

  return FALSE;
}

/* The most room a label may ask for before it shrinks instead: a dense
 * fan of segments would otherwise stretch the diagram without end. Level
 * arrows (one row per event) make room row by row and never shrink. */
static double
label_budget (Solver    *sv,
              const Box *b)
{
  guint crowd;

  if (sv->level)
    return G_MAXDOUBLE;

  /* generous where little is in flight, tight in a dense fan */
  crowd = MIN (sv->in_flight[MIN (b->s + 1, sv->n_ev - 1)], 8);
  return (2.0 + 4.0 / (1 + crowd)) * b->lh[MIN (b->detail, HS_DIAGRAM_LABEL_NUMBER)][0] + 24.0;
}

/* Puts a label where it touches nothing, trying its last place first so
 * that passes settle; where every place touches something, where the
 * least room has to be made, unless that is more than the budget: then
 * the label shrinks and tries again. */
static void
choose_label_place (Solver    *sv,
                    Box       *b,
                    GArray    *recent,
                    GArray    *active,
                    double     gap)
{
  const Line *own = &g_array_index (sv->lines, Line, b->owner);
  const Box *obox = NULL;
  const Line *oline = NULL;

  for (;;)
    {
      guint first = b->cand, cheapest = first;
      double cheapest_d = G_MAXDOUBLE;

      if (b->detail >= HS_DIAGRAM_LABEL_HIDDEN)
        {
          place_label (b, own, gap, 0);
          return;
        }

      if (!label_candidate_allowed (sv, b, active, first))
        first = cheapest = 0;

      for (guint k = 0; k < G_N_ELEMENTS (label_candidates); k++)
        {
          guint cand = k == 0 ? first : (k <= first ? k - 1 : k);
          guint p;
          double d;

          if (!label_candidate_allowed (sv, b, active, cand))
            continue;

          place_label (b, own, gap, cand);
          if (!find_conflict (sv, b, recent, active, &obox, &oline))
            return;

          d = best_insertion (sv, b, obox, oline, &p);
          if (label_candidates[cand].below)
            d += b->h;   /* only when clearly cheaper than above */
          /* earlier places win ties: above the line reads more naturally */
          if (d < cheapest_d - 0.5)
            {
              cheapest_d = d;
              cheapest = cand;
            }
        }

      if (!sv->strict && repair_with_neighbour (sv, b, recent, active, gap))
        return;

      if (cheapest_d <= label_budget (sv, b))
        {
          place_label (b, own, gap, cheapest);
          return;
        }

      g_debug ("label %u shrinks to detail %u: cheapest place needs %.0f px, budget %.0f",
               b->ref, b->detail + 1, cheapest_d, label_budget (sv, b));
      b->detail++;
    }
}

static int
compare_lines_by_s (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  GArray *lines = user_data;
  const Line *la = &g_array_index (lines, Line, *(const guint *) a);
  const Line *lb = &g_array_index (lines, Line, *(const guint *) b);

  return (la->s > lb->s) - (la->s < lb->s);
}

static int
compare_boxes_by_s (gconstpointer a,
                    gconstpointer b)
{
  const Box *ba = a, *bb = b;

  if (ba->s != bb->s)
    return (ba->s > bb->s) - (ba->s < bb->s);
  return (ba->kind > bb->kind) - (ba->kind < bb->kind);
}

static void
solve (HsDiagramLayout *self,
       Solver          *sv)
{
  /* Passes that place labels anew, then passes that only make room,
   * with no limit on how slowly things may move apart, until none is
   * needed. */
  const guint free_passes = 8, max_passes = 24;
  g_autoptr(GArray) recent = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) active = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree guint *line_order = g_new (guint, MAX (sv->lines->len, 1));
  double gap = self->style->label_gap;

  sv->group_start = g_new (guint, sv->n_ev + 1);
  for (guint i = 0; i < sv->n_ev; i++)
    sv->group_start[i] = i > 0 && g_array_index (sv->events, Event, i).key == g_array_index (sv->events, Event, i - 1).key
      ? sv->group_start[i - 1] : i;
  sv->group_start[sv->n_ev] = sv->n_ev;

  sv->in_flight = g_new0 (guint, sv->n_ev + 1);
  {
    g_autofree int *delta = g_new0 (int, sv->n_ev + 1);
    int acc = 0;

    for (guint i = 0; i < sv->lines->len; i++)
      {
        const Line *l = &g_array_index (sv->lines, Line, i);
        delta[l->s + 1]++;
        delta[l->t + 1]--;
      }
    for (guint i = 0; i < sv->n_ev; i++)
      {
        acc += delta[i];
        sv->in_flight[i] = (guint) MAX (acc, 0);
      }
  }

  for (guint i = 0; i < sv->lines->len; i++)
    line_order[i] = i;
  g_qsort_with_data (line_order, sv->lines->len, sizeof (guint), compare_lines_by_s, sv->lines);

  g_array_sort (sv->boxes, compare_boxes_by_s);

  for (guint pass = 0; pass < max_passes; pass++)
    {
      guint next_line = 0;

      fold (sv);
      sv->strict = pass >= free_passes;
      sv->min_ratio = 0.2;
      sv->inserted = FALSE;
      sv->unsolved = 0;
      g_array_set_size (recent, 0);
      g_array_set_size (active, 0);

      for (guint bi = 0; bi < sv->boxes->len; bi++)
        {
          Box *b = &g_array_index (sv->boxes, Box, bi);
          double ys = ev_y (sv, b->s);
          double horizon = ys - sv->max_above;
          double reach;
          const Box *obox = NULL;
          const Line *oline = NULL;
          guint j;

          /* forget what can no longer touch anything from here on */
          for (guint i = j = 0; i < recent->len; i++)
            {
              const Box *o = &g_array_index (sv->boxes, Box, g_array_index (recent, guint, i));

              if (!(o->t < b->s && box_top (sv, o) + o->h + sv->margin < horizon))
                g_array_index (recent, guint, j++) = g_array_index (recent, guint, i);
            }
          g_array_set_size (recent, j);

          for (guint i = j = 0; i < active->len; i++)
            {
              const Line *l = &g_array_index (sv->lines, Line, g_array_index (active, guint, i));

              if (!(l->t < b->s && ev_y (sv, l->t) + sv->margin < horizon))
                g_array_index (active, guint, j++) = g_array_index (active, guint, i);
            }
          g_array_set_size (active, j);

          /* take in lines that start above the lowest this box can reach */
          reach = MAX (ev_y (sv, b->t), ys) + b->h + b->dy + 2 * sv->margin + b->h;
          while (next_line < sv->lines->len &&
                 ev_y (sv, g_array_index (sv->lines, Line, line_order[next_line]).s) <= reach)
            {
              g_array_append_val (active, line_order[next_line]);
              next_line++;
            }

          sv->active = active;
          for (guint iter = 0; iter < (sv->strict ? 64u : 8u); iter++)
            {
              if (b->kind == BOX_LABEL && !sv->strict)
                choose_label_place (sv, b, recent, active, gap);
              else if (b->kind == BOX_LABEL)
                /* settling: no more hopping, but never under a line
                 * that nothing crosses */
                place_label (b, &g_array_index (sv->lines, Line, b->owner), gap,
                             label_candidate_allowed (sv, b, active, b->cand) ? b->cand : 0);

              if (!find_conflict (sv, b, recent, active, &obox, &oline))
                break;

              if (b->kind == BOX_LABEL)
                {
                  guint p;

                  double need = best_insertion (sv, b, obox, oline, &p);

                  if (need > label_budget (sv, b))
                    {
                      g_debug ("label %u shrinks to detail %u: %.0f px needed (against %s), budget %.0f",
                               b->ref, b->detail + 1, need, obox ? "box" : "line", label_budget (sv, b));
                      /* shrink rather than stretch; hidden touches nothing */
                      b->detail++;
                      if (sv->strict)
                        continue;
                      b->cand = 0;
                      continue;
                    }
                }

              apply_best_insertion (sv, b, obox, oline);

              /* the insertion may have made lines reachable */
              reach = MAX (ev_y (sv, b->t), ev_y (sv, b->s)) + 2 * b->h + 2 * sv->margin;
              while (next_line < sv->lines->len &&
                     ev_y (sv, g_array_index (sv->lines, Line, line_order[next_line]).s) <= reach)
                {
                  g_array_append_val (active, line_order[next_line]);
                  next_line++;
                }
            }

          g_array_append_val (recent, bi);
        }

      g_debug ("layout pass %u: %s, %u unsolved", pass,
               sv->inserted ? "inserted space" : "settled", sv->unsolved);

      if (!sv->inserted)
        break;
    }

  sv->active = NULL;
  fold (sv);
}

/* ------------------------------------------------------------------ */
/* building                                                            */

static double
text_width (HsDiagramLayout *self,
            HsDiagramFont    font,
            const char      *text)
{
  double w;

  hs_diagram_layout_measure (self, font, text, &w, NULL);
  return w;
}

static double
text_height (HsDiagramLayout *self,
             HsDiagramFont    font,
             const char      *text)
{
  double h;

  hs_diagram_layout_measure (self, font, text, NULL, &h);
  return h;
}

static void
add_item (HsDiagramLayout *self,
          HsDiagramItemType type,
          guint            index,
          double           ymin,
          double           ymax,
          gboolean         first)
{
  HsDiagramItem item = { ymin, ymax, index, type, first };

  g_array_append_val (self->items, item);
}

static void
add_chunked_item (HsDiagramLayout  *self,
                  HsDiagramItemType type,
                  guint             index,
                  double            ymin,
                  double            ymax)
{
  double y = ymin;
  gboolean first = TRUE;

  do
    {
      double end = MIN (ymax, y + HS_DIAGRAM_CHUNK);

      add_item (self, type, index, y, end, first);
      first = FALSE;
      y = end;
    }
  while (y < ymax);
}

static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  const HsDiagramItem *ia = a, *ib = b;

  if (ia->ymin != ib->ymin)
    return ia->ymin < ib->ymin ? -1 : 1;
  if (ia->type != ib->type)
    return (ia->type > ib->type) - (ia->type < ib->type);
  return (ia->index > ib->index) - (ia->index < ib->index);
}

static double
nice_step (double raw)
{
  double p = pow (10, floor (log10 (raw)));

  if (raw <= p)
    return p;
  if (raw <= 2 * p)
    return 2 * p;
  if (raw <= 5 * p)
    return 5 * p;
  return 10 * p;
}

static void
make_ticks (HsDiagramLayout *self,
            Solver          *sv)
{
  GArray *events = sv->events;
  double last_y = -G_MAXDOUBLE;
  double min_gap;
  guint run_start = 1;

  hs_diagram_layout_measure (self, HS_DIAGRAM_FONT_NOTE, "0", NULL, &min_gap);
  min_gap *= 1.8;

  if (self->options.time_mode == HS_DIAGRAM_TIME_EVENTS)
    {
      for (guint i = 0; i < sv->n_ev; i++)
        {
          const Event *ev = &g_array_index (events, Event, i);
          HsDiagramTick tick;

          if (ev->type != EV_SEND)
            continue;
          tick.y = sv->base[i];
          tick.time = ev->time;
          /* each row's own time, to the microsecond, as a flow graph does */
          tick.resolution = 1;
          if (tick.y - last_y < min_gap)
            continue;
          g_array_append_val (self->ticks, tick);
          last_y = tick.y;
        }
      return;
    }

  /* Runs of events between breaks get evenly spaced nice times. */
  for (guint b = 0; b <= self->breaks->len; b++)
    {
      guint run_end = b < self->breaks->len
        ? (guint) g_array_index (self->breaks, HsDiagramBreak, b).y0 - 1
        : sv->n_ev - 2;
      double k0, k1, y0, y1, step, px_per_unit;
      guint j;

      if (run_end <= run_start || run_end >= sv->n_ev)
        {
          run_start = run_end + 1;
          continue;
        }

      k0 = g_array_index (events, Event, run_start).key;
      k1 = g_array_index (events, Event, run_end).key;
      y0 = sv->base[run_start];
      y1 = sv->base[run_end];

      if (k1 <= k0)
        {
          HsDiagramTick tick = { y0, g_array_index (events, Event, run_start).time, HS_USEC_PER_MSEC };

          if (tick.y - last_y >= min_gap)
            {
              g_array_append_val (self->ticks, tick);
              last_y = tick.y;
            }
          run_start = run_end + 1;
          continue;
        }

      px_per_unit = (y1 - y0) / (k1 - k0);
      step = nice_step (MAX (1.0, 4.5 * min_gap / MAX (px_per_unit, 1e-12)));
      j = run_start;

      for (double t = ceil (k0 / step) * step; t <= k1 + 1e-6; t += step)
        {
          HsDiagramTick tick;
          const Event *a, *bb;

          while (j + 1 <= run_end && g_array_index (events, Event, j + 1).key <= t)
            j++;
          a = &g_array_index (events, Event, j);
          if (j + 1 <= run_end && a->key < t)
            {
              bb = &g_array_index (events, Event, j + 1);
              tick.y = sv->base[j] + (t - a->key) / (bb->key - a->key) * (sv->base[j + 1] - sv->base[j]);
            }
          else
            {
              /* the first event at this time */
              guint k = j;
              while (k > run_start && g_array_index (events, Event, k - 1).key >= t)
                k--;
              tick.y = sv->base[k];
            }
          tick.time = (HsTime) llround (t);
          tick.resolution = MAX (1, (HsTime) llround (step));

          if (tick.y - last_y < min_gap)
            continue;
          g_array_append_val (self->ticks, tick);
          last_y = tick.y;
        }

      run_start = run_end + 1;
    }
}

/* A note's box: an icon, then its text, wrapped to fit @max_width. */
double
hs_diagram_layout_note_text_width (HsDiagramLayout *self,
                                   double           box_width,
                                   double           box_height)
{
  return box_width - (16 + hs_diagram_layout_note_icon (self));
}

double
hs_diagram_layout_note_icon (HsDiagramLayout *self)
{
  double h;

  hs_diagram_layout_measure (self, HS_DIAGRAM_FONT_NOTE, "Ag", NULL, &h);
  return (h + 8) * 0.9;
}

static double
note_box_size (HsDiagramLayout *self,
               const char      *text,
               double           max_width,
               double          *h)
{
  double w, extra = 16 + hs_diagram_layout_note_icon (self);

  hs_diagram_layout_measure (self, HS_DIAGRAM_FONT_NOTE, text, &w, h);

  if (w + extra > max_width)
    {
      g_autoptr(PangoLayout) layout = hs_diagram_layout_create_text (self, HS_DIAGRAM_FONT_NOTE, text);
      PangoRectangle logical;

      pango_layout_set_width (layout, (int) ((max_width - extra) * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
      pango_layout_get_extents (layout, NULL, &logical);
      w = ceil ((double) logical.width / PANGO_SCALE);
      *h = ceil ((double) logical.height / PANGO_SCALE);
    }

  *h += 8;
  return w + extra;
}

static void
layout_lanes (HsDiagramLayout *self,
              double           requested_width,
              double           top,
              double          *lane_gap)
{
  const HsDiagramStyle *style = self->style;
  guint n = hs_trace_get_n_endpoints (self->trace);
  double axis_w = 0, column = 0, header_h = 0, widest_header = 0;
  double m = style->margin, x_first, x_last, min_gap;

  if (self->options.show_axis)
    axis_w = text_width (self, HS_DIAGRAM_FONT_NOTE,
                         self->options.time_mode == HS_DIAGRAM_TIME_EVENTS ? "00.000000 s" : "000.000 s") + 16;

  /* the outer columns hold state names and notes */
  for (guint s = 0; s < HS_N_STATES; s++)
    column = MAX (column, text_width (self, HS_DIAGRAM_FONT_STATE, hs_state_to_string (s)));
  column += style->band_width / 2 + 12;

  /* ... and as much of the widest note as a sixth of the width allows;
   * wider notes wrap */
  {
    guint n_steps = hs_trace_get_n_steps (self->trace);
    guint last = MIN (self->options.last_step, n_steps == 0 ? 0 : n_steps - 1);
    double widest = 0, cap = MAX (requested_width / 6.0, column);

    for (guint i = self->options.first_step; n_steps > 0 && i <= last; i++)
      {
        const HsTraceStep *st = trace_step (self, i);
        g_autofree char *text = NULL;
        double h;

        if (!step_has_note (self, st))
          continue;
        text = hs_diagram_format_note (self->trace, st);
        if (text != NULL)
          widest = MAX (widest, note_box_size (self, text, G_MAXDOUBLE, &h));
        if (widest >= cap)
          break;
      }

    column = MAX (column, MIN (widest, cap) + style->band_width / 2 + 8);
    self->note_width = column - style->band_width / 2 - 8;
  }

  for (guint i = 0; i < n; i++)
    {
      const HsTraceEndpoint *ep = hs_trace_get_endpoint (self->trace, i);
      g_autofree char *address = g_strdup_printf ("%s:%u", ep->address, ep->port);
      const char *name = hs_diagram_lane_name (self->trace, i);
      double tw = text_width (self, HS_DIAGRAM_FONT_HEADER, name);

      widest_header = MAX (widest_header, tw);
      widest_header = MAX (widest_header, text_width (self, HS_DIAGRAM_FONT_ADDRESS, address));
      header_h = MAX (header_h,
                      text_height (self, HS_DIAGRAM_FONT_HEADER, name) +
                      text_height (self, HS_DIAGRAM_FONT_ADDRESS, address));
    }
  widest_header += 28;
  header_h += 16;

  /* a gap wide enough for a label with its numbers on one line */
  min_gap = text_width (self, HS_DIAGRAM_FONT_LABEL, "seq=0000000000 ack=0000000000") + 2 * style->label_pad;
  min_gap = MAX (min_gap, widest_header + 16);

  self->width = requested_width;
  if (n > 1)
    self->width = MAX (self->width, 2 * m + axis_w + 2 * column + (n - 1) * min_gap);
  else
    self->width = MAX (self->width, 2 * m + axis_w + 2 * column + widest_header);

  x_first = m + axis_w + MAX (column, widest_header / 2);
  x_last = self->width - m - MAX (column, widest_header / 2);
  self->axis_x = self->options.show_axis ? m + axis_w - 8 : -1;

  for (guint i = 0; i < n; i++)
    {
      HsDiagramLane lane = { 0 };
      double hw = widest_header;

      lane.endpoint = i;
      lane.x = n > 1 ? x_first + (x_last - x_first) * i / (n - 1) : (x_first + x_last) / 2;
      if (n > 1)
        hw = MIN (hw, (x_last - x_first) / (n - 1) - 12);
      lane.header.x = lane.x - hw / 2;
      lane.header.y = top;
      lane.header.width = hw;
      lane.header.height = header_h;
      g_array_append_val (self->lanes, lane);
    }

  self->header_bottom = top + header_h;
  *lane_gap = n > 1 ? (x_last - x_first) / (n - 1) : 400;
}

static double
lane_x (HsDiagramLayout *self,
        guint            lane)
{
  return g_array_index (self->lanes, HsDiagramLane, lane).x;
}

/* Where a state name or a note goes beside @lane: outside the outer lanes,
 * centred on a middle lane. */
static void
side_box (HsDiagramLayout *self,
          guint            lane,
          double           w,
          Box             *box)
{
  guint n = self->lanes->len;
  double x = lane_x (self, lane);
  double off = self->style->band_width / 2 + 6;

  if (lane == 0 && n > 1)
    {
      box->x1 = x - off;
      box->x0 = box->x1 - w;
    }
  else if (lane == n - 1 && n > 1)
    {
      box->x0 = x + off;
      box->x1 = box->x0 + w;
    }
  else
    {
      box->x0 = x - w / 2;
      box->x1 = x + w / 2;
    }
  box->w = w;
}

static void
build_geometry (HsDiagramLayout *self,
                Solver          *sv,
                double           lane_gap)
{
  HsTrace *trace = self->trace;
  const HsDiagramStyle *style = self->style;
  guint n_lanes = self->lanes->len;
  guint n_segments = hs_trace_get_n_segments (trace);
  guint n_steps = hs_trace_get_n_steps (trace);
  g_autoptr(GArray) pieces = g_array_new (FALSE, FALSE, sizeof (HsDiagramPiece));
  double state_h, duration_h, max_h = 0;
  Box obstacle = { 0 };

  state_h = text_height (self, HS_DIAGRAM_FONT_STATE, "SYN-SENT");
  duration_h = text_height (self, HS_DIAGRAM_FONT_NOTE, "60 s");

  sv->boxes = g_array_new (FALSE, FALSE, sizeof (Box));
  sv->lines = g_array_new (FALSE, FALSE, sizeof (Line));

  /* Nothing may rise into the lane headers. */
  obstacle.kind = BOX_OBSTACLE;
  obstacle.s = obstacle.t = 0;
  obstacle.x0 = -1e6;
  obstacle.x1 = 1e6;
  obstacle.h = 1e5;
  obstacle.dy = -(1e5 + 4);
  obstacle.owner = NONE;
  g_array_append_val (sv->boxes, obstacle);

  /* arrows and their labels */
  self->segment_arrow = g_new (guint, MAX (n_segments, 1));
  memset (self->segment_arrow, 0xff, sizeof (guint) * MAX (n_segments, 1));

  for (guint i = 0; i < sv->n_ev; i++)
    {
      const Event *ev = &g_array_index (sv->events, Event, i);
      const HsTraceSegment *seg;
      HsDiagramArrow arrow = { 0 };
      Line line = { 0 };
      Box box = { 0 };
      double xa, xb, x_adj, w, h;
      int dir;

      if (ev->type != EV_SEND)
        continue;

      seg = hs_trace_get_segment (trace, ev->ref);
      if (seg->from >= n_lanes || seg->to >= n_lanes)
        continue;

      arrow.segment = ev->ref;
      arrow.step = seg->sent_step;
      arrow.kind = hs_diagram_kind_for_segment (trace, seg);
      arrow.from_lane = seg->from;
      arrow.to_lane = seg->to;
      arrow.lost = seg->fate == HS_FATE_LOST;
      arrow.in_flight = seg->fate == HS_FATE_IN_FLIGHT;

      xa = lane_x (self, seg->from);
      xb = lane_x (self, seg->to);
      dir = xb > xa ? 1 : -1;
      x_adj = lane_x (self, seg->from + dir);

      line.s = i;
      line.t = sv->seg_end[ev->ref];
      line.x0 = xa;
      line.x1 = (arrow.lost || arrow.in_flight) ? xa + (xb - xa) * 0.5 : xb;
      line.gap_lo = dir > 0 ? xa + style->label_pad : x_adj + style->label_pad;
      line.gap_hi = dir > 0 ? x_adj - style->label_pad : xa - style->label_pad;
      arrow.wrap_width = line.gap_hi - line.gap_lo;
      line.pad = style->label_pad;
      line.lost = arrow.lost || arrow.in_flight;
      {
        double len = sv->base[line.t] - sv->base[line.s];
        line.max_len = MAX (3.0 * len, len + 72.0);
      }
      if (abs ((int) seg->to - (int) seg->from) > 1 && !arrow.lost && !arrow.in_flight)
        line.gap_step = fabs (x_adj - xa);

      for (guint d = 0; d < 3; d++)
        for (guint narrow = 0; narrow < 2; narrow++)
          {
            double ww = narrow ? arrow.wrap_width / 2 : arrow.wrap_width;

            hs_diagram_layout_build_label (self, seg, seg->sent_step < n_steps ? seg->sent_step : NONE,
                                           ww, d, pieces, &w, &h);
            box.lw[d][narrow] = MIN (w, ww);
            box.lh[d][narrow] = h;
            max_h = MAX (max_h, h);
          }
      w = box.lw[0][0];
      h = box.lh[0][0];

      box.kind = BOX_LABEL;
      box.s = line.s;
      box.t = line.t;
      box.w = w;
      box.h = h;
      box.owner = self->arrows->len;
      box.ref = self->arrows->len;
      place_label (&box, &line, style->label_gap, 0);
      max_h = MAX (max_h, h);

      self->segment_arrow[ev->ref] = self->arrows->len;
      g_array_append_val (self->arrows, arrow);
      g_array_append_val (sv->lines, line);
      g_array_append_val (sv->boxes, box);
    }

  /* state bands and their names */
  for (guint lane = 0; lane < n_lanes; lane++)
    {
      HsDiagramStateBand band = { 0 };
      guint first = self->options.first_step;

      if (!lane_has_states (trace, lane))
        continue;

      band.lane = lane;
      band.step = NONE;
      band.state = first == 0 || n_steps == 0
        ? hs_trace_get_state_at (trace, HS_TRACE_NONE, lane)
        : hs_trace_get_state_at (trace, MIN (first, n_steps) - 1, lane);
      band.start = g_array_index (sv->events, Event, 0).time;
      band.y0 = 0;   /* event index, resolved below */
      band.y1 = 0;
      g_array_append_val (self->bands, band);
    }

  for (guint i = 0; i < sv->n_ev; i++)
    {
      const Event *ev = &g_array_index (sv->events, Event, i);
      const HsTraceStep *st;

      if (ev->type != EV_STEP)
        continue;

      st = trace_step (self, ev->ref);

      if (st->kind == HS_STEP_STATE_CHANGE && st->endpoint < n_lanes &&
          lane_has_states (trace, st->endpoint))
        {
          HsDiagramStateBand band = { 0 };

          band.lane = st->endpoint;
          band.state = st->to_state;
          band.step = ev->ref;
          band.start = ev->time;
          band.y0 = i;
          g_array_append_val (self->bands, band);
        }
      else if (step_has_note (self, st) && st->endpoint < n_lanes)
        {
          g_autofree char *text = hs_diagram_format_note (trace, st);
          HsDiagramNote note = { 0 };
          Box box = { 0 };
          double w, h;

          if (text == NULL)
            continue;

          note.step = ev->ref;
          note.lane = st->endpoint;
          note.kind = st->kind == HS_STEP_APP_CALL ? HS_DIAGRAM_NOTE_APP
                    : st->kind == HS_STEP_TIMER ? HS_DIAGRAM_NOTE_TIMER
                    : HS_DIAGRAM_NOTE_NOTIFY;
          w = note_box_size (self, text, self->note_width, &h);
          side_box (self, note.lane, w, &box);
          box.kind = BOX_NOTE;
          box.s = box.t = i;
          box.h = h;
          box.dy = -(h + 3);
          box.owner = NONE;
          box.ref = self->notes->len;
          max_h = MAX (max_h, h);
          g_array_append_val (self->notes, note);
          g_array_append_val (sv->boxes, box);
        }
    }

  /* state name boxes, one per band, hanging just below where it starts */
  for (guint b = 0; b < self->bands->len; b++)
    {
      HsDiagramStateBand *band = &g_array_index (self->bands, HsDiagramStateBand, b);
      Box box = { 0 };
      double w = text_width (self, HS_DIAGRAM_FONT_STATE, hs_state_to_string (band->state));
      double h = state_h + 2;

      if (band->state == HS_STATE_TIME_WAIT)
        {
          w = MAX (w, text_width (self, HS_DIAGRAM_FONT_NOTE, "00.0 ms"));
          h += duration_h;
        }

      side_box (self, band->lane, w + 4, &box);
      box.kind = BOX_STATE;
      box.s = box.t = (guint) band->y0;
      box.h = h;
      box.dy = 3;
      box.owner = NONE;
      box.ref = b;
      max_h = MAX (max_h, h);
      g_array_append_val (sv->boxes, box);
    }

  sv->margin = style->spacing;
  sv->level = self->options.time_mode == HS_DIAGRAM_TIME_EVENTS;
  sv->max_above = max_h + 2 * style->label_gap + 2 * sv->margin + 8;

  solve (self, sv);

  /* resolved geometry */
  for (guint bi = 0; bi < sv->boxes->len; bi++)
    {
      const Box *b = &g_array_index (sv->boxes, Box, bi);
      double top = box_top (sv, b);
      HsDiagramRect rect = { b->x0, top, b->x1 - b->x0, b->h };

      switch (b->kind)
        {
        case BOX_LABEL:
          {
            HsDiagramArrow *arrow = &g_array_index (self->arrows, HsDiagramArrow, b->ref);

            arrow->detail = b->detail;
            if (b->detail == HS_DIAGRAM_LABEL_HIDDEN)
              {
                HsDiagramRect none = { arrow->x0, 0, 0, 0 };
                arrow->label = none;
                break;
              }
            arrow->label = rect;
            if (label_candidates[b->cand].narrow)
              arrow->wrap_width /= 2;
          }
          break;
        case BOX_NOTE:
          g_array_index (self->notes, HsDiagramNote, b->ref).rect = rect;
          break;
        case BOX_STATE:
          g_array_index (self->bands, HsDiagramStateBand, b->ref).label = rect;
          break;
        default:
          break;
        }
    }

  for (guint a = 0; a < self->arrows->len; a++)
    {
      HsDiagramArrow *arrow = &g_array_index (self->arrows, HsDiagramArrow, a);
      const Line *l = &g_array_index (sv->lines, Line, a);

      arrow->x0 = l->x0;
      arrow->y0 = sv->base[l->s];
      arrow->x1 = l->x1;
      arrow->y1 = sv->base[l->t];
    }

  for (guint n = 0; n < self->notes->len; n++)
    {
      HsDiagramNote *note = &g_array_index (self->notes, HsDiagramNote, n);

      note->y = sv->base[sv->step_ev[note->step]];
    }

  /* bands end where the next band of their lane begins */
  {
    g_autofree guint *last = g_new (guint, n_lanes);
    const Event *finish = &g_array_index (sv->events, Event, sv->n_ev - 1);

    for (guint lane = 0; lane < n_lanes; lane++)
      last[lane] = NONE;

    for (guint b = 0; b < self->bands->len; b++)
      {
        HsDiagramStateBand *band = &g_array_index (self->bands, HsDiagramStateBand, b);
        guint ev = (guint) band->y0;

        band->y0 = sv->base[ev];
        if (last[band->lane] != NONE)
          {
            HsDiagramStateBand *prev = &g_array_index (self->bands, HsDiagramStateBand, last[band->lane]);
            prev->y1 = band->y0;
            prev->end = band->start;
          }
        last[band->lane] = b;
      }

    for (guint lane = 0; lane < n_lanes; lane++)
      if (last[lane] != NONE)
        {
          HsDiagramStateBand *band = &g_array_index (self->bands, HsDiagramStateBand, last[lane]);
          band->y1 = sv->base[sv->n_ev - 1];
          band->end = MAX (band->start, finish->time);
        }
  }

  make_ticks (self, sv);

  for (guint b = 0; b < self->breaks->len; b++)
    {
      HsDiagramBreak *br = &g_array_index (self->breaks, HsDiagramBreak, b);
      guint ev = (guint) br->y0;
      double mid = (sv->base[ev - 1] + sv->base[ev]) / 2;
      double half = MIN (14.0, (sv->base[ev] - sv->base[ev - 1]) / 4);

      br->y0 = mid - half;
      br->y1 = mid + half;
    }

  /* time -> y for moments */
  self->event_time = g_array_sized_new (FALSE, FALSE, sizeof (HsTime), sv->n_ev);
  self->event_y = g_array_sized_new (FALSE, FALSE, sizeof (double), sv->n_ev);
  for (guint i = 0; i < sv->n_ev; i++)
    {
      const Event *ev = &g_array_index (sv->events, Event, i);

      g_array_append_val (self->event_time, ev->time);
      g_array_append_val (self->event_y, sv->base[i]);
    }

  self->step_y = g_array_sized_new (FALSE, FALSE, sizeof (double), n_steps);
  g_array_set_size (self->step_y, n_steps);
  for (guint s = 0; s < n_steps; s++)
    g_array_index (self->step_y, double, s) =
      sv->step_ev[s] != NONE ? sv->base[sv->step_ev[s]] : NAN;

  self->body_bottom = sv->base[sv->n_ev - 1] + 8;
}

static void
build_footer (HsDiagramLayout *self)
{
  const HsDiagramStyle *style = self->style;
  double y = self->body_bottom + style->margin;
  double content_w = self->width - 2 * style->margin;

  if (self->options.show_legend)
    {
      static const guint8 band_entries[] = {
        HS_DIAGRAM_BAND_LISTEN, HS_DIAGRAM_BAND_OPENING, HS_DIAGRAM_BAND_ESTABLISHED,
        HS_DIAGRAM_BAND_CLOSING, HS_DIAGRAM_BAND_TIME_WAIT,
      };
      double x = 0, line_h, row_h, ly;

      hs_diagram_layout_measure (self, HS_DIAGRAM_FONT_NOTE, "Ag", NULL, &line_h);
      row_h = line_h + 12;
      ly = y + 12;   /* below the rule */

      for (guint i = 0; i < HS_DIAGRAM_N_KINDS + 2 + G_N_ELEMENTS (band_entries); i++)
        {
          HsDiagramLegendEntry entry = { 0 };
          double w;

          if (i < HS_DIAGRAM_N_KINDS)
            entry.type = HS_DIAGRAM_LEGEND_KIND, entry.index = i;
          else if (i == HS_DIAGRAM_N_KINDS)
            entry.type = HS_DIAGRAM_LEGEND_LOST;
          else if (i == HS_DIAGRAM_N_KINDS + 1)
            entry.type = HS_DIAGRAM_LEGEND_RETRANSMISSION;
          else
            entry.type = HS_DIAGRAM_LEGEND_BAND, entry.index = band_entries[i - HS_DIAGRAM_N_KINDS - 2];

          w = (entry.type == HS_DIAGRAM_LEGEND_BAND ? 22 : HS_DIAGRAM_LEGEND_SAMPLE) + 8 +
              text_width (self, entry.type == HS_DIAGRAM_LEGEND_RETRANSMISSION ? HS_DIAGRAM_FONT_TAG
                                : entry.type == HS_DIAGRAM_LEGEND_BAND ? HS_DIAGRAM_FONT_STATE
                                : HS_DIAGRAM_FONT_NOTE,
                          hs_diagram_legend_entry_text (&entry)) + 28;

          /* bands start a row of their own */
          if ((x > 0 && x + w > content_w) ||
              (i == HS_DIAGRAM_N_KINDS + 2 && x > 0))
            {
              ly += row_h;
              x = 0;
            }

          entry.x = style->margin + x;
          entry.y = ly;
          entry.height = row_h;
          g_array_append_val (self->legend_entries, entry);
          x += w;
        }

      self->legend.x = style->margin;
      self->legend.y = y;
      self->legend.width = content_w;
      self->legend.height = ly + row_h - y;
      y += self->legend.height + style->margin;
    }

  if (self->options.show_steps)
    {
      guint n_steps = hs_trace_get_n_steps (self->trace);
      guint last = MIN (self->options.last_step, n_steps == 0 ? 0 : n_steps - 1);
      g_autofree char *widest = g_strdup_printf ("%u.", MAX (n_steps, 1));
      double h;

      self->step_number_width = text_width (self, HS_DIAGRAM_FONT_TEXT, widest) + 10;
      hs_diagram_layout_measure (self, HS_DIAGRAM_FONT_HEADER, _("What happened"), NULL, &h);
      self->step_title.x = style->margin;
      self->step_title.y = y;
      self->step_title.width = content_w;
      self->step_title.height = h + 6;
      y += h + 10;

      for (guint i = self->options.first_step; n_steps > 0 && i <= last; i++)
        {
          g_autofree char *text = hs_narration_format_step (self->trace, i);
          g_autoptr(PangoLayout) layout = hs_diagram_layout_create_text (self, HS_DIAGRAM_FONT_TEXT,
                                                                         text ? text : "");
          HsDiagramRect rect;
          int pw, ph;

          pango_layout_set_width (layout, (int) ((content_w - self->step_number_width) * PANGO_SCALE));
          pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
          pango_layout_get_pixel_size (layout, &pw, &ph);

          rect.x = style->margin;
          rect.y = y;
          rect.width = content_w;
          rect.height = ph;
          g_array_append_val (self->steps, rect);
          g_array_append_val (self->step_index, i);
          y += ph + 4;
        }
    }

  self->height = ceil (y);
}

static void
build_items (HsDiagramLayout *self)
{
  if (self->title.height > 0)
    add_item (self, HS_DIAGRAM_ITEM_TITLE, 0, self->title.y, self->title.y + self->title.height, TRUE);

  for (guint i = 0; i < self->lanes->len; i++)
    {
      const HsDiagramLane *lane = &g_array_index (self->lanes, HsDiagramLane, i);
      add_item (self, HS_DIAGRAM_ITEM_HEADER, i, lane->header.y,
                lane->header.y + lane->header.height, TRUE);
    }

  for (guint i = 0; i < self->bands->len; i++)
    {
      const HsDiagramStateBand *band = &g_array_index (self->bands, HsDiagramStateBand, i);

      if (band->y1 > band->y0)
        add_chunked_item (self, HS_DIAGRAM_ITEM_BAND, i, band->y0, band->y1);
      add_item (self, HS_DIAGRAM_ITEM_STATE, i, band->label.y, band->label.y + band->label.height, TRUE);
    }

  for (guint i = 0; i < self->breaks->len; i++)
    {
      const HsDiagramBreak *br = &g_array_index (self->breaks, HsDiagramBreak, i);
      add_item (self, HS_DIAGRAM_ITEM_BREAK, i, br->y0 - 12, br->y1 + 12, TRUE);
    }

  for (guint i = 0; i < self->ticks->len; i++)
    {
      const HsDiagramTick *tick = &g_array_index (self->ticks, HsDiagramTick, i);
      add_item (self, HS_DIAGRAM_ITEM_TICK, i, tick->y - 12, tick->y + 12, TRUE);
    }

  for (guint i = 0; i < self->arrows->len; i++)
    {
      const HsDiagramArrow *arrow = &g_array_index (self->arrows, HsDiagramArrow, i);
      double pad = self->style->head_width + self->style->lost_cross + 4;

      add_chunked_item (self, HS_DIAGRAM_ITEM_ARROW, i,
                        MIN (arrow->y0, arrow->y1) - pad, MAX (arrow->y0, arrow->y1) + pad);
      if (arrow->detail != HS_DIAGRAM_LABEL_HIDDEN)
        add_item (self, HS_DIAGRAM_ITEM_LABEL, i, arrow->label.y,
                  arrow->label.y + arrow->label.height, TRUE);
    }

  for (guint i = 0; i < self->notes->len; i++)
    {
      const HsDiagramNote *note = &g_array_index (self->notes, HsDiagramNote, i);
      add_item (self, HS_DIAGRAM_ITEM_NOTE, i, note->rect.y, note->rect.y + note->rect.height, TRUE);
    }

  if (self->legend.height > 0)
    add_item (self, HS_DIAGRAM_ITEM_LEGEND, 0, self->legend.y, self->legend.y + self->legend.height, TRUE);

  if (self->step_title.height > 0)
    add_item (self, HS_DIAGRAM_ITEM_STEP_TITLE, 0, self->step_title.y,
              self->step_title.y + self->step_title.height, TRUE);

  for (guint i = 0; i < self->steps->len; i++)
    {
      const HsDiagramRect *rect = &g_array_index (self->steps, HsDiagramRect, i);
      add_item (self, HS_DIAGRAM_ITEM_STEP, i, rect->y, rect->y + rect->height, TRUE);
    }

  g_array_sort (self->items, compare_items);

  self->max_item_height = 0;
  for (guint i = 0; i < self->items->len; i++)
    {
      const HsDiagramItem *item = &g_array_index (self->items, HsDiagramItem, i);
      self->max_item_height = MAX (self->max_item_height, item->ymax - item->ymin);
    }
}

HsDiagramLayout *
hs_diagram_layout_new (HsTrace                      *trace,
                       const HsDiagramStyle         *style,
                       double                        width,
                       const HsDiagramLayoutOptions *options)
{
  HsDiagramLayout *self;
  PangoFontMap *font_map;
  cairo_font_options_t *font_options;
  Solver sv = { 0 };
  double top, lane_gap;

  g_return_val_if_fail (HS_IS_TRACE (trace), NULL);
  g_return_val_if_fail (style != NULL, NULL);

  self = g_new0 (HsDiagramLayout, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->trace = g_object_ref (trace);
  self->style = hs_diagram_style_copy (style);

  if (options != NULL)
    self->options = *options;
  else
    hs_diagram_layout_options_init (&self->options);

  /* Unhinted metrics: the same text measures the same on an image, a PDF
   * and an SVG surface, so what is exported is what the window shows. */
  font_map = pango_cairo_font_map_get_default ();
  self->context = pango_font_map_create_context (font_map);
  font_options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (font_options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (font_options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_antialias (font_options, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options (self->context, font_options);
  cairo_font_options_destroy (font_options);
  pango_cairo_context_set_resolution (self->context, 96.0);
  pango_context_set_round_glyph_positions (self->context, FALSE);

  self->fonts[HS_DIAGRAM_FONT_TITLE] = pango_font_description_copy (style->title_font);
  self->fonts[HS_DIAGRAM_FONT_HEADER] = pango_font_description_copy (style->header_font);
  self->fonts[HS_DIAGRAM_FONT_ADDRESS] = pango_font_description_copy (style->address_font);
  self->fonts[HS_DIAGRAM_FONT_FLAGS] = pango_font_description_copy (style->flags_font);
  self->fonts[HS_DIAGRAM_FONT_LABEL] = pango_font_description_copy (style->label_font);
  self->fonts[HS_DIAGRAM_FONT_TAG] = pango_font_description_copy (style->tag_font);
  self->fonts[HS_DIAGRAM_FONT_BADGE] = pango_font_description_copy (style->badge_font);
  self->fonts[HS_DIAGRAM_FONT_STATE] = pango_font_description_copy (style->state_font);
  self->fonts[HS_DIAGRAM_FONT_NOTE] = pango_font_description_copy (style->note_font);
  self->fonts[HS_DIAGRAM_FONT_TEXT] = pango_font_description_copy (style->text_font);
  self->measure_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  self->lanes = g_array_new (FALSE, TRUE, sizeof (HsDiagramLane));
  self->bands = g_array_new (FALSE, TRUE, sizeof (HsDiagramStateBand));
  self->arrows = g_array_new (FALSE, TRUE, sizeof (HsDiagramArrow));
  self->notes = g_array_new (FALSE, TRUE, sizeof (HsDiagramNote));
  self->breaks = g_array_new (FALSE, TRUE, sizeof (HsDiagramBreak));
  self->ticks = g_array_new (FALSE, TRUE, sizeof (HsDiagramTick));
  self->steps = g_array_new (FALSE, TRUE, sizeof (HsDiagramRect));
  self->step_index = g_array_new (FALSE, TRUE, sizeof (guint));
  self->items = g_array_new (FALSE, TRUE, sizeof (HsDiagramItem));
  self->legend_entries = g_array_new (FALSE, TRUE, sizeof (HsDiagramLegendEntry));

  top = style->margin;

  if (self->options.show_title && hs_trace_get_title (trace) != NULL &&
      hs_trace_get_title (trace)[0] != '\0')
    {
      double w, h;

      hs_diagram_layout_measure (self, HS_DIAGRAM_FONT_TITLE, hs_trace_get_title (trace), &w, &h);
      self->title.x = style->margin;
      self->title.y = top;
      self->title.width = w;
      self->title.height = h;
      top += h + style->margin * 0.75;
    }

  layout_lanes (self, MAX (width, 1), top, &lane_gap);
  self->title.width = MIN (self->title.width, self->width - 2 * style->margin);
  self->body_top = self->header_bottom + 10;

  build_events (self, &sv);
  base_spacing (self, &sv, self->body_top + 8, lane_gap);
  build_geometry (self, &sv, lane_gap);
  build_footer (self);
  build_items (self);

  g_array_unref (sv.events);
  g_free (sv.base);
  g_free (sv.fenwick);
  g_free (sv.seg_send);
  g_free (sv.seg_end);
  g_free (sv.step_ev);
  g_free (sv.in_flight);
  g_free (sv.group_start);
  g_array_unref (sv.boxes);
  g_array_unref (sv.lines);

  return self;
}

HsDiagramLayout *
hs_diagram_layout_ref (HsDiagramLayout *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
hs_diagram_layout_unref (HsDiagramLayout *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_clear_object (&self->trace);
  g_clear_pointer (&self->style, hs_diagram_style_free);
  g_clear_object (&self->context);
  for (guint i = 0; i < HS_DIAGRAM_N_FONTS; i++)
    g_clear_pointer (&self->fonts[i], pango_font_description_free);
  g_clear_pointer (&self->measure_cache, g_hash_table_unref);
  g_clear_pointer (&self->lanes, g_array_unref);
  g_clear_pointer (&self->bands, g_array_unref);
  g_clear_pointer (&self->arrows, g_array_unref);
  g_clear_pointer (&self->notes, g_array_unref);
  g_clear_pointer (&self->breaks, g_array_unref);
  g_clear_pointer (&self->ticks, g_array_unref);
  g_clear_pointer (&self->steps, g_array_unref);
  g_clear_pointer (&self->step_index, g_array_unref);
  g_clear_pointer (&self->items, g_array_unref);
  g_clear_pointer (&self->legend_entries, g_array_unref);
  g_clear_pointer (&self->event_time, g_array_unref);
  g_clear_pointer (&self->event_y, g_array_unref);
  g_clear_pointer (&self->step_y, g_array_unref);
  g_clear_pointer (&self->segment_arrow, g_free);
  g_free (self);
}

/* ------------------------------------------------------------------ */
/* reading                                                             */

HsTrace *
hs_diagram_layout_get_trace (HsDiagramLayout *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->trace;
}

const HsDiagramStyle *
hs_diagram_layout_get_style (HsDiagramLayout *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->style;
}

const HsDiagramLayoutOptions *
hs_diagram_layout_get_options (HsDiagramLayout *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return &self->options;
}

double
hs_diagram_layout_get_width (HsDiagramLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->width;
}

double
hs_diagram_layout_get_height (HsDiagramLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->height;
}

double
hs_diagram_layout_get_header_bottom (HsDiagramLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->header_bottom;
}

double
hs_diagram_layout_get_body_top (HsDiagramLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->body_top;
}

double
hs_diagram_layout_get_body_bottom (HsDiagramLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->body_bottom;
}

#define ACCESSORS(name, plural, Type, field)                                  \
  guint                                                                       \
  hs_diagram_layout_get_n_##plural (HsDiagramLayout *self)                    \
  {                                                                           \
    g_return_val_if_fail (self != NULL, 0);                                   \
    return self->field->len;                                                  \
  }                                                                           \
                                                                              \
  const Type *                                                                \
  hs_diagram_layout_get_##name (HsDiagramLayout *self,                        \
                                guint            index)                       \
  {                                                                           \
    g_return_val_if_fail (self != NULL, NULL);                                \
    g_return_val_if_fail (index < self->field->len, NULL);                    \
    return &g_array_index (self->field, Type, index);                         \
  }

ACCESSORS (lane, lanes, HsDiagramLane, lanes)
ACCESSORS (band, bands, HsDiagramStateBand, bands)
ACCESSORS (arrow, arrows, HsDiagramArrow, arrows)
ACCESSORS (note, notes, HsDiagramNote, notes)
ACCESSORS (break, breaks, HsDiagramBreak, breaks)
ACCESSORS (tick, ticks, HsDiagramTick, ticks)
ACCESSORS (item, items, HsDiagramItem, items)

#undef ACCESSORS

const HsDiagramArrow *
hs_diagram_layout_find_arrow (HsDiagramLayout *self,
                              guint            segment)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (segment >= hs_trace_get_n_segments (self->trace) ||
      self->segment_arrow[segment] == NONE)
    return NULL;

  return &g_array_index (self->arrows, HsDiagramArrow, self->segment_arrow[segment]);
}

double
hs_diagram_layout_get_y_for_step (HsDiagramLayout *self,
                                  guint            step)
{
  g_return_val_if_fail (self != NULL, 0);

  if (step >= self->step_y->len)
    return self->body_bottom;

  /* steps outside the range: the nearest one inside before it */
  for (guint s = step + 1; s-- > 0;)
    if (!isnan (g_array_index (self->step_y, double, s)))
      return g_array_index (self->step_y, double, s);

  return self->body_top;
}

double
hs_diagram_layout_get_y_for_time (HsDiagramLayout *self,
                                  HsTime           time)
{
  guint lo = 0, hi, n;
  const HsTime *times;
  const double *ys;

  g_return_val_if_fail (self != NULL, 0);

  n = self->event_time->len;
  times = (const HsTime *) self->event_time->data;
  ys = (const double *) self->event_y->data;

  if (self->options.time_mode == HS_DIAGRAM_TIME_EVENTS)
    {
      guint step = hs_trace_find_step_at_time (self->trace, time + 1);

      if (step == 0)
        return self->body_top;
      return hs_diagram_layout_get_y_for_step (self, step - 1);
    }

  if (n == 0)
    return self->body_top;
  if (time <= times[1 < n ? 1 : 0])
    return ys[0];
  if (time >= times[n - 1])
    return ys[n - 1];

  /* the last event at or before @time */
  hi = n;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (times[mid] <= time)
        lo = mid + 1;
      else
        hi = mid;
    }
  lo--;

  if (lo + 1 < n && times[lo + 1] > times[lo])
    return ys[lo] + (double) (time - times[lo]) / (times[lo + 1] - times[lo]) * (ys[lo + 1] - ys[lo]);

  return ys[lo];
}

guint
hs_diagram_layout_get_step_at_y (HsDiagramLayout *self,
                                 double           y)
{
  guint best = HS_TRACE_NONE;
  double best_d = G_MAXDOUBLE;

  g_return_val_if_fail (self != NULL, HS_TRACE_NONE);

  /* step_y is non-decreasing over the steps in range in proportional
   * mode; a linear scan keeps event mode right too, and clicks are rare. */
  for (guint s = 0; s < self->step_y->len; s++)
    {
      double sy = g_array_index (self->step_y, double, s);

      if (!isnan (sy) && fabs (sy - y) < best_d)
        {
          best_d = fabs (sy - y);
          best = s;
        }
    }

  return best;
}

guint
hs_diagram_layout_find_first_item (HsDiagramLayout *self,
                                   double           y0)
{
  guint lo = 0, hi;
  double from;

  g_return_val_if_fail (self != NULL, 0);

  hi = self->items->len;
  from = y0 - self->max_item_height;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->items, HsDiagramItem, mid).ymin < from)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}
