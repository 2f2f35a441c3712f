/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-trace-writer-txt.c: a trace as text for people, in the user's
 * language: the ladder diagram (lanes, arrows that stop where a segment
 * was lost, notes; wide characters measured as terminals draw them) and
 * "What happened", the narration with runs of similar steps told in one
 * summary. Streamed through the Sink, with a measuring pass first. */

#define G_LOG_DOMAIN "hs-trace-writer"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "hs-trace-writer-private.h"

/* Terminal columns a character takes: CJK takes two, combining marks none.
 * Box-drawing characters and arrows count one, as terminals outside East
 * Asian locales draw them. */
static guint
char_width (gunichar c)
{
  if (g_unichar_iszerowidth (c))
    return 0;

  return g_unichar_iswide (c) ? 2 : 1;
}

static guint
text_width (const char *text)
{
  guint width = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    width += char_width (g_utf8_get_char (p));

  return width;
}

static void
append_spaces (GString *out,
               guint    n)
{
  for (guint i = 0; i < n; i++)
    g_string_append_c (out, ' ');
}

/* Right-aligns @text in @width columns. */
static void
append_right (GString    *out,
              const char *text,
              guint       width)
{
  guint w = text_width (text);

  append_spaces (out, width > w ? width - w : 0);
  g_string_append (out, text);
}

/* One line of the ladder: a cell per terminal column. A wide character
 * takes its cell and the next, which holds CELL_TAIL. */
#define CELL_TAIL ((gunichar) 0xFFFFFFFF)

typedef struct
{
  gunichar *cells;
  int       width;
} Canvas;

static void
canvas_init (Canvas *canvas,
             guint   width)
{
  canvas->width = (int) width;
  canvas->cells = g_new (gunichar, width);
  for (guint i = 0; i < width; i++)
    canvas->cells[i] = ' ';
}

static void
canvas_clear (Canvas *canvas)
{
  g_clear_pointer (&canvas->cells, g_free);
}

/* Puts @c (of width @w) at @col, so that no half of a wide character
 * that was there before survives. */
static void
canvas_set (Canvas   *canvas,
            int       col,
            gunichar  c,
            guint     w)
{
  if (col < 0 || col + (int) w > canvas->width || w == 0)
    return;

  for (int i = col; i < col + (int) w; i++)
    {
      if (canvas->cells[i] == CELL_TAIL && i > 0)
        canvas->cells[i - 1] = ' ';
      if (i + 1 < canvas->width && canvas->cells[i + 1] == CELL_TAIL)
        canvas->cells[i + 1] = ' ';
    }

  canvas->cells[col] = c;
  if (w == 2)
    canvas->cells[col + 1] = CELL_TAIL;
}

static void
canvas_put (Canvas     *canvas,
            int         col,
            const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      guint w = char_width (c);

      canvas_set (canvas, col, c, w);
      col += (int) w;
    }
}

static void
canvas_put_centered (Canvas     *canvas,
                     int         center,
                     const char *text)
{
  canvas_put (canvas, center - (int) text_width (text) / 2, text);
}

static void
canvas_fill (Canvas   *canvas,
             int       from,
             int       to,
             gunichar  c)
{
  for (int col = from; col <= to; col++)
    canvas_set (canvas, col, c, 1);
}

static void
canvas_append (Canvas  *canvas,
               GString *out)
{
  gsize start = out->len;

  for (int i = 0; i < canvas->width; i++)
    {
      if (canvas->cells[i] != CELL_TAIL)
        g_string_append_unichar (out, canvas->cells[i]);
    }

  /* No trailing blanks: they only make diffs and e-mail noisy. */
  while (out->len > start && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);
}

typedef enum
{
  ROW_NOTE,    /* text centered on one lane */
  ROW_ARROW,   /* a segment from one lane to another */
  ROW_MIDDLE,  /* text centered between two lanes (where a segment is lost) */
  ROW_ARRIVAL, /* text beside the receiver's bar, on the sender's side */
} RowKind;

typedef struct
{
  RowKind  kind;
  guint    number;      /* as printed, from 1 */
  HsTime   time;
  guint    lane;        /* the lane of a note; the sender of a segment */
  guint    peer;        /* the receiver of a segment */
  guint    fate;        /* HsSegmentFate, for arrows */
  char    *text;        /* the note, or the label on the arrow */
} LadderRow;

static void
ladder_row_clear (gpointer data)
{
  LadderRow *row = data;

  g_clear_pointer (&row->text, g_free);
}

typedef struct
{
  guint n_lanes;
  guint first_lane;   /* column of lane 0's bar */
  guint gap;          /* columns from one bar to the next */
  guint width;        /* of the ladder */
  guint time_width;
  guint number_width;
} LadderGeometry;

static inline int
lane_x (const LadderGeometry *geometry,
        guint                 lane)
{
  return (int) (geometry->first_lane + lane * geometry->gap);
}

static char *
format_ms (HsTime time)
{
  if (time < 0)
    return g_strdup ("");

  return g_strdup_printf ("%" G_GINT64_FORMAT ".%03d",
                          time / HS_USEC_PER_MSEC,
                          (int) (time % HS_USEC_PER_MSEC));
}

/* A lane's heading: the bare word, not the sentence form ("the client")
 * that narrations use. A lesson's own names are shown as written. */
static const char *
lane_name (HsTrace *trace,
           guint    lane)
{
  const char *name = hs_trace_get_endpoint (trace, lane)->name;

  if (g_str_equal (name, "client"))
    return C_("ladder lane", "client");

  if (g_str_equal (name, "server"))
    return C_("ladder lane", "server");

  if (g_str_equal (name, "attacker"))
    return C_("ladder lane", "attacker");

  return name;
}

static const char *
mark_label (guint bit)
{
  switch (1u << bit)
    {
    case HS_MARK_RETRANSMISSION: return _("(retransmission)");
    case HS_MARK_DUPLICATE_ACK:  return _("(duplicate ACK)");
    case HS_MARK_WINDOW_PROBE:   return _("(window probe)");
    case HS_MARK_WINDOW_UPDATE:  return _("(window update)");
    case HS_MARK_DELAYED_ACK:    return _("(delayed ACK)");
    case HS_MARK_DUPLICATED:     return _("(duplicated)");
    case HS_MARK_ZERO_WINDOW:    return _("(zero window)");
    case HS_MARK_KEEPALIVE:      return _("(keep-alive)");
    default:                     return NULL;
    }
}

/* "SYN, ACK seq=0 ack=1 win=65160 len=100 (retransmission)": the words of
 * the header are protocol tokens and stay as they are in every language. */
static char *
segment_label (HsTrace              *trace,
               const HsTraceSegment *segment)
{
  g_autofree char *flags = hs_tcp_flags_to_string (segment->header.flags, ", ");
  GString *label = g_string_new (flags);

  if (hs_trace_segment_is_udp (trace, segment) && segment->header.window > 1)
    {
      /* an IP fragment: its number, its offset in the datagram (hs-simulator.c) */
      g_string_append_printf (label, "UDP %u/%u offset=%u len=%u", segment->header.urgent, segment->header.window,
                              segment->header.seq, segment->len);
      return g_string_free (label, FALSE);
    }
  if (hs_trace_segment_is_udp (trace, segment))
    {
      g_string_append_printf (label, "UDP len=%u", segment->len);
      return g_string_free (label, FALSE);
    }

  if (label->len > 0)
    g_string_append_c (label, ' ');

  g_string_append_printf (label, "seq=%u", hs_trace_segment_rel_seq (trace, segment));

  if (segment->header.flags & HS_TCP_ACK)
    g_string_append_printf (label, " ack=%u", hs_trace_segment_rel_ack (trace, segment));

  g_string_append_printf (label, " win=%u", segment->window);

  if (segment->len > 0)
    g_string_append_printf (label, " len=%u", segment->len);

  if (segment->sent_step != HS_TRACE_NONE &&
      hs_trace_get_step (trace, segment->sent_step)->reason == HS_REASON_SEND_OLD_DUPLICATE)
    {
      g_string_append_c (label, ' ');
      g_string_append (label, _("(old duplicate)"));
    }

  for (guint bit = 0; bit < 8; bit++)
    {
      const char *mark = mark_label (bit);

      if ((segment->marks & (1u << bit)) != 0 && mark != NULL)
        {
          g_string_append_c (label, ' ');
          g_string_append (label, mark);
        }
    }

  return g_string_free (label, FALSE);
}

static char *
segment_flags_or_word (const HsTraceSegment *segment)
{
  char *flags = hs_tcp_flags_to_string (segment->header.flags, ", ");

  if (flags[0] != '\0')
    return flags;

  g_free (flags);

  return g_strdup (_("segment"));
}

/* The short note a step leaves in its lane. */
static char *
step_note (HsTrace           *trace,
           const HsTraceStep *step)
{
  const HsTraceSegment *segment = NULL;

  if (step->segment < hs_trace_get_n_segments (trace))
    segment = hs_trace_get_segment (trace, step->segment);

  switch (step->kind)
    {
    case HS_STEP_APP_CALL:
      /* Calls are spelled as the sockets API spells them. */
      switch (step->detail)
        {
        case HS_APP_LISTEN:   return g_strdup ("listen()");
        case HS_APP_CONNECT:  return g_strdup ("connect()");
        case HS_APP_SEND:
          return g_strdup_printf ("send(%" G_GUINT64_FORMAT ")", step->value);
        case HS_APP_READ:     return g_strdup ("read()");
        case HS_APP_SHUTDOWN: return g_strdup ("shutdown()");
        case HS_APP_CLOSE:    return g_strdup ("close()");
        case HS_APP_ABORT:    return g_strdup ("abort()");
        case HS_APP_CORK:     return g_strdup ("cork()");
        case HS_APP_UNCORK:   return g_strdup ("uncork()");
        case HS_APP_SHUTDOWN_READ: return g_strdup ("shutdown(SHUT_RD)");
        /* Translators: a note in the lane of a process that is killed */
        case HS_APP_KILL:     return g_strdup (_("killed"));
        /* Translators: a note in the lane of a host that crashes */
        case HS_APP_CRASH:    return g_strdup (_("host down"));
        /* Translators: a note in the lane of a host that runs again after a crash */
        case HS_APP_REBOOT:   return g_strdup (_("host up again"));
        case HS_APP_ACCEPT:   return g_strdup ("accept()");
        /* Translators: a note in the lane of an attacker that starts sending
         * SYNs from forged addresses */
        case HS_APP_FLOOD:    return g_strdup (_("SYN flood"));
        default:              return g_strdup ("?");
        }

    case HS_STEP_APP_NOTIFY:
      switch (step->detail)
        {
        case HS_NOTIFY_ESTABLISHED: return g_strdup (_("connected"));
        case HS_NOTIFY_DATA:
          {
            /* Formatted apart: xgettext cannot see through G_GUINT64_FORMAT. */
            g_autofree char *bytes = g_strdup_printf ("%" G_GUINT64_FORMAT, step->value);

            /* Translators: a note in the receiving application's lane */
            return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "received %s byte",
                                                 "received %s bytes",
                                                 (gulong) MIN (step->value, G_MAXULONG)),
                                    bytes);
          }
        case HS_NOTIFY_EOF:         return g_strdup (_("end of file"));
        case HS_NOTIFY_REFUSED:     return g_strdup (_("connection refused"));
        case HS_NOTIFY_RESET:       return g_strdup (_("connection reset"));
        case HS_NOTIFY_TIMED_OUT:   return g_strdup (_("timed out"));
        case HS_NOTIFY_CLOSED:      return g_strdup (_("TCB deleted"));
        default:                    return g_strdup ("?");
        }

    case HS_STEP_TIMER:
      switch (step->detail)
        {
        /* Translators: RTO is the retransmission timeout (RFC 6298) */
        case HS_TIMER_RETRANSMISSION: return g_strdup (_("RTO fired"));
        case HS_TIMER_TIME_WAIT:      return g_strdup (_("TIME-WAIT timer fired"));
        case HS_TIMER_DELAYED_ACK:    return g_strdup (_("delayed-ACK timer fired"));
        case HS_TIMER_PERSIST:        return g_strdup (_("persist timer fired"));
        case HS_TIMER_KEEPALIVE:      return g_strdup (_("keep-alive timer fired"));
        /* Translators: TLP is RFC 8985's tail loss probe */
        case HS_TIMER_LOSS_PROBE:     return g_strdup (_("TLP fired"));
        /* Translators: RACK is RFC 8985's loss detection by sending times */
        case HS_TIMER_REORDER:        return g_strdup (_("RACK timer fired"));
        default:                      return g_strdup ("?");
        }

    case HS_STEP_STATE_CHANGE:
      /* RFC spelling, never translated. */
      return g_strdup (_hs_trace_writer_state_name (step->to_state) != NULL ? _hs_trace_writer_state_name (step->to_state) : "?");

    case HS_STEP_SEGMENT_ARRIVED:
      if (segment != NULL)
        {
          g_autofree char *flags = segment_flags_or_word (segment);

          /* Translators: %s are TCP flags, e.g. "SYN, ACK arrives" */
          return g_strdup_printf (_("%s arrives"), flags);
        }
      return g_strdup ("?");

    case HS_STEP_SEGMENT_LOST:
      if (segment != NULL)
        {
          g_autofree char *flags = segment_flags_or_word (segment);

          /* Translators: %s are TCP flags, e.g. "✗ SYN, ACK dropped" */
          return g_strdup_printf (_("✗ %s dropped"), flags);
        }
      return g_strdup ("✗");

    case HS_STEP_SEGMENT_SENT:
    default:
      return g_strdup ("?");
    }
}

static void
segment_row (LadderRow            *row,
             HsTrace              *trace,
             const HsTraceSegment *segment,
             guint                 number,
             HsTime                time)
{
  *row = (LadderRow) {
    .kind = ROW_ARROW,
    .number = number,
    .time = time,
    .lane = segment->from,
    .peer = segment->to,
    .fate = segment->fate,
    .text = segment_label (trace, segment),
  };
}

/* The ladder has a row per step, or per segment for a capture read without
 * steps. Rows are made one at a time, twice (to measure, then to draw), so
 * that a long trace never has all its rows in memory. */
static guint
count_rows (HsTrace *trace)
{
  guint n_steps = hs_trace_get_n_steps (trace);

  return n_steps > 0 ? n_steps : hs_trace_get_n_segments (trace);
}

/* Fills @row with the ladder row @index; free its text with
 * ladder_row_clear(). */
static void
make_row (HsTrace   *trace,
          guint      index,
          LadderRow *row)
{
  guint n_segments = hs_trace_get_n_segments (trace);
  const HsTraceSegment *segment = NULL;
  const HsTraceStep *step;

  /* A trace read from a capture may hold segments and no steps. */
  if (hs_trace_get_n_steps (trace) == 0)
    {
      segment = hs_trace_get_segment (trace, index);
      segment_row (row, trace, segment, index + 1, segment->sent);
      return;
    }

  step = hs_trace_get_step (trace, index);
  *row = (LadderRow) {
    .kind = ROW_NOTE,
    .number = index + 1,
    .time = step->time,
    .lane = step->endpoint,
    .peer = step->endpoint,
  };

  if (step->segment < n_segments)
    segment = hs_trace_get_segment (trace, step->segment);

  if (step->kind == HS_STEP_SEGMENT_SENT && segment != NULL)
    {
      segment_row (row, trace, segment, index + 1, step->time);
      return;
    }

  if (step->kind == HS_STEP_SEGMENT_LOST && segment != NULL)
    {
      row->kind = ROW_MIDDLE;
      row->lane = segment->from;
      row->peer = segment->to;
    }

  /* Beside the bar rather than over it, so that the receiver's lane
   * stays one unbroken line while the segment is on its way. */
  if (step->kind == HS_STEP_SEGMENT_ARRIVED && segment != NULL)
    {
      row->kind = ROW_ARRIVAL;
      row->lane = segment->from;
      row->peer = segment->to;
    }

  row->text = step_note (trace, step);
}

/* The arrow of a lost or unfinished segment stops part-way: this is what
 * it ends with, after the mark. */
static const char *
arrow_stop_word (guint fate)
{
  switch (fate)
    {
    /* Translators: written where a lost segment's arrow stops */
    case HS_FATE_LOST:      return _("LOST");
    /* Translators: written where the arrow of a segment stops that had not
     * arrived when the simulation ended */
    case HS_FATE_IN_FLIGHT: return _("in flight");
    default:                return NULL;
    }
}

static const char *
arrow_stop_mark (guint fate)
{
  return fate == HS_FATE_LOST ? "✗" : "…";
}

/* Columns an arrow needs between its two bars. */
static guint
arrow_needs (const LadderRow *row)
{
  guint label = text_width (row->text);
  const char *stop = arrow_stop_word (row->fate);

  /* "├──LABEL──▶│": two dashes each side, the head, the bars. */
  if (stop == NULL)
    return label + 6;

  /* "├──LABEL──✗ LOST │" */
  return label + text_width (stop) + 8;
}

static void
draw_arrow (Canvas               *canvas,
            const LadderGeometry *geometry,
            const LadderRow      *row,
            int                   x_from,
            int                   x_to)
{
  const char *stop = arrow_stop_word (row->fate);
  int label_width = (int) text_width (row->text);
  int shaft_start, shaft_end;

  if (x_from < x_to)
    {
      canvas_set (canvas, x_from, 0x251C /* ├ */, 1);

      if (stop == NULL)
        {
          shaft_start = x_from + 1;
          shaft_end = x_to - 2;
          canvas_set (canvas, x_to - 1, 0x25B6 /* ▶ */, 1);
        }
      else
        {
          int stop_width = (int) text_width (stop);
          int mark = CLAMP ((x_from + x_to) / 2,
                            x_from + label_width + 5,
                            x_to - stop_width - 3);

          shaft_start = x_from + 1;
          shaft_end = mark - 1;
          canvas_put (canvas, mark, arrow_stop_mark (row->fate));
          canvas_put (canvas, mark + 2, stop);
        }
    }
  else
    {
      canvas_set (canvas, x_from, 0x2524 /* ┤ */, 1);

      if (stop == NULL)
        {
          shaft_start = x_to + 2;
          shaft_end = x_from - 1;
          canvas_set (canvas, x_to + 1, 0x25C0 /* ◀ */, 1);
        }
      else
        {
          int stop_width = (int) text_width (stop);
          int mark = CLAMP ((x_from + x_to + 1) / 2,
                            x_to + stop_width + 3,
                            x_from - label_width - 5);

          shaft_start = mark + 1;
          shaft_end = x_from - 1;
          canvas_put (canvas, mark, arrow_stop_mark (row->fate));
          canvas_put (canvas, mark - 1 - stop_width, stop);
        }
    }

  canvas_fill (canvas, shaft_start, shaft_end, 0x2500 /* ─ */);

  /* The lanes it passes stay visible where the label leaves them free. */
  for (guint lane = MIN (row->lane, row->peer) + 1; lane < MAX (row->lane, row->peer); lane++)
    {
      int x = lane_x (geometry, lane);

      if (x >= shaft_start && x <= shaft_end)
        canvas_set (canvas, x, 0x253C /* ┼ */, 1);
    }

  canvas_put (canvas,
              shaft_start + (shaft_end - shaft_start + 1 - label_width) / 2,
              row->text);
}

static gboolean
measure (Sink           *sink,
         GPtrArray      *lane_texts,
         LadderGeometry *result)
{
  HsTrace *trace = sink->trace;
  guint n_rows = count_rows (trace);
  LadderGeometry geometry = { 0 };
  guint lane_text = text_width ("SYN-RECEIVED");
  guint between = 0;
  guint max_number = 0;
  guint n_steps = hs_trace_get_n_steps (trace);
  g_autofree char *end_time = format_ms (hs_trace_get_end_time (trace));

  geometry.n_lanes = hs_trace_get_n_endpoints (trace);

  for (guint i = 0; i < lane_texts->len; i++)
    lane_text = MAX (lane_text, text_width (g_ptr_array_index (lane_texts, i)));

  geometry.time_width = MAX (text_width (end_time), text_width (_("time (ms)")));

  for (guint i = 0; i < n_rows; i++)
    {
      LadderRow row_storage;
      const LadderRow *row = &row_storage;

      make_row (trace, i, &row_storage);
      max_number = MAX (max_number, row->number);
      {
        g_autofree char *time = format_ms (row->time);

        geometry.time_width = MAX (geometry.time_width, text_width (time));
      }

      switch (row->kind)
        {
        case ROW_NOTE:
          lane_text = MAX (lane_text, text_width (row->text));
          break;

        case ROW_ARROW:
          {
            /* An arrow past other lanes has all the gaps it crosses. */
            guint span = row->lane > row->peer ? row->lane - row->peer : row->peer - row->lane;

            span = MAX (span, 1);
            between = MAX (between, (arrow_needs (row) + span - 1) / span);
          }
          break;

        case ROW_MIDDLE:
        case ROW_ARRIVAL:
          between = MAX (between, text_width (row->text) + 4);
          break;

        default:
          g_assert_not_reached ();
        }

      ladder_row_clear (&row_storage);
      /* Nothing is written yet, but the pass counts toward progress and
       * may be cancelled. */
      if (!_hs_trace_writer_sink_next (sink))
        return FALSE;
    }

  /* Texts centered on neighbouring lanes must not touch, and a note must
   * not cover the next lane's bar. */
  geometry.gap = MAX (MAX (between, lane_text + 3), 24);
  geometry.first_lane = lane_text / 2 + 1;
  geometry.width = geometry.first_lane +
                   (geometry.n_lanes > 0 ? (geometry.n_lanes - 1) * geometry.gap : 0) +
                   lane_text - lane_text / 2 + 1;

  {
    g_autofree char *digits = g_strdup_printf ("%u", MAX (max_number, n_steps));

    geometry.number_width = MAX (text_width (digits), text_width (_("step")));
  }

  *result = geometry;

  return TRUE;
}

static void
draw_bars (Canvas               *canvas,
           const LadderGeometry *geometry)
{
  for (guint lane = 0; lane < geometry->n_lanes; lane++)
    canvas_set (canvas, lane_x (geometry, lane), 0x2502 /* │ */, 1);
}

static void
append_row_prefix (GString              *out,
                   const LadderGeometry *geometry,
                   const char           *time,
                   const char           *number)
{
  g_string_append_c (out, ' ');
  append_right (out, time, geometry->time_width);
  append_spaces (out, 2);
  append_right (out, number, geometry->number_width);
  append_spaces (out, 1);
}

/* One line of lane texts (names, addresses, initial states) under the
 * column titles. */
static void
append_lane_line (GString              *out,
                  const LadderGeometry *geometry,
                  const char           *time_title,
                  const char           *number_title,
                  const char * const   *texts)
{
  Canvas canvas;

  canvas_init (&canvas, geometry->width);
  for (guint lane = 0; lane < geometry->n_lanes; lane++)
    canvas_put_centered (&canvas, lane_x (geometry, lane), texts[lane]);

  append_row_prefix (out, geometry, time_title, number_title);
  canvas_append (&canvas, out);
  canvas_clear (&canvas);

  /* Blank titles leave trailing spaces when the canvas is empty. */
  while (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);
  g_string_append_c (out, '\n');
}

/* CJK punctuation that must not begin a line. */
static gboolean
is_closing_punctuation (gunichar c)
{
  return c != 0 && g_utf8_strchr ("，。、；：！？）」』】》", -1, c) != NULL;
}

/* Appends @text wrapped at @limit columns, continuation lines indented by
 * @indent; the cursor is at column @indent when called. Breaks at spaces,
 * and between wide characters since CJK text has no spaces. */
static void
append_wrapped (GString    *out,
                const char *text,
                guint       indent,
                guint       limit)
{
  guint col = indent;
  const char *p = text;

  while (*p != '\0')
    {
      gboolean space_before = FALSE;
      const char *start;
      guint width = 0;
      guint need;

      while (*p != '\0' && g_unichar_isspace (g_utf8_get_char (p)))
        {
          space_before = TRUE;
          p = g_utf8_next_char (p);
        }

      if (*p == '\0')
        break;

      /* A word: one wide character, or a run of narrow ones. */
      start = p;
      if (g_unichar_iswide (g_utf8_get_char (p)))
        {
          width = char_width (g_utf8_get_char (p));
          p = g_utf8_next_char (p);
        }
      else
        {
          while (*p != '\0')
            {
              gunichar c = g_utf8_get_char (p);

              if (g_unichar_isspace (c) || g_unichar_iswide (c))
                break;
              width += char_width (c);
              p = g_utf8_next_char (p);
            }
        }

      need = width + (space_before && col > indent ? 1 : 0);

      if (col > indent && col + need > limit &&
          !is_closing_punctuation (g_utf8_get_char (start)))
        {
          g_string_append_c (out, '\n');
          append_spaces (out, indent);
          col = indent;
        }
      else if (space_before && col > indent)
        {
          g_string_append_c (out, ' ');
          col++;
        }

      g_string_append_len (out, start, p - start);
      col += width;
    }
}

#define TXT_WRAP_COLUMNS 78

gboolean
_hs_trace_writer_write_txt (Sink *sink)
{
  HsTrace *trace = sink->trace;
  GString *out = sink->out;
  guint n_rows = count_rows (trace);
  guint64 max_steps;
  HsTime at;
  g_autoptr(GPtrArray) lane_texts = g_ptr_array_new_with_free_func (g_free);
  g_autofree const char **names = NULL;
  g_autofree const char **addresses = NULL;
  g_autofree const char **states = NULL;
  LadderGeometry geometry;
  const char *title = hs_trace_get_title (trace);
  guint n_lanes = hs_trace_get_n_endpoints (trace);
  guint n_steps = hs_trace_get_n_steps (trace);

  if (title != NULL && title[0] != '\0')
    {
      guint width = text_width (title);

      g_string_append_printf (out, "%s\n", title);
      for (guint i = 0; i < width; i++)
        g_string_append (out, "═");
      g_string_append (out, "\n\n");
    }

  /* The rows twice (measured, then drawn), and the narration twice (its
   * runs measured, then told). */
  sink->total = 2 * (goffset) n_rows + 2 * (goffset) n_steps;

  if (n_lanes == 0)
    return _hs_trace_writer_sink_flush (sink);

  names = g_new0 (const char *, n_lanes);
  addresses = g_new0 (const char *, n_lanes);
  states = g_new0 (const char *, n_lanes);

  for (guint lane = 0; lane < n_lanes; lane++)
    {
      char *address = _hs_trace_writer_format_lane_address (hs_trace_get_endpoint (trace, lane));

      names[lane] = lane_name (trace, lane);
      addresses[lane] = address;
      states[lane] = _hs_trace_writer_state_name (hs_trace_get_state_at (trace, HS_TRACE_NONE, lane));
      if (states[lane] == NULL)
        states[lane] = "?";

      g_ptr_array_add (lane_texts, g_strdup (names[lane]));
      g_ptr_array_add (lane_texts, address);   /* owns it */
    }

  if (!measure (sink, lane_texts, &geometry))
    return FALSE;

  append_lane_line (out, &geometry, _("time (ms)"), _("step"), names);
  append_lane_line (out, &geometry, "", "", addresses);
  append_lane_line (out, &geometry, "", "", states);

  for (guint i = 0; i < n_rows; i++)
    {
      LadderRow row_storage;
      const LadderRow *row = &row_storage;
      g_autofree char *time = NULL;
      g_autofree char *number = NULL;
      Canvas canvas;

      make_row (trace, i, &row_storage);
      time = format_ms (row->time);
      number = g_strdup_printf ("%u", row->number);

      canvas_init (&canvas, geometry.width);
      draw_bars (&canvas, &geometry);

      switch (row->kind)
        {
        case ROW_NOTE:
          canvas_put_centered (&canvas, lane_x (&geometry, row->lane), row->text);
          break;

        case ROW_ARROW:
          draw_arrow (&canvas, &geometry, row,
                      lane_x (&geometry, row->lane),
                      lane_x (&geometry, row->peer));
          break;

        case ROW_MIDDLE:
          canvas_put_centered (&canvas,
                               (lane_x (&geometry, row->lane) +
                                lane_x (&geometry, row->peer)) / 2,
                               row->text);
          break;

        case ROW_ARRIVAL:
          {
            int x_from = lane_x (&geometry, row->lane);
            int x_to = lane_x (&geometry, row->peer);

            if (x_from < x_to)
              canvas_put (&canvas, x_to - 1 - (int) text_width (row->text), row->text);
            else
              canvas_put (&canvas, x_to + 2, row->text);
          }
          break;

        default:
          g_assert_not_reached ();
        }

      append_row_prefix (out, &geometry, time, number);
      canvas_append (&canvas, out);
      g_string_append_c (out, '\n');
      canvas_clear (&canvas);
      ladder_row_clear (&row_storage);
      if (!_hs_trace_writer_sink_next (sink))
        return FALSE;
    }

  if (hs_simulator_trace_is_truncated (trace, &max_steps, &at))
    {
      g_autofree char *seconds = g_strdup_printf ("%.3f", (double) at / HS_USEC_PER_SEC);

      g_string_append_c (out, '\n');
      g_autofree char *steps = g_strdup_printf ("%" G_GUINT64_FORMAT, max_steps);

      g_string_append_printf (out,
                              /* Translators: the first %s is a number of steps,
                               * the second a time in seconds, e.g. 16.250 */
                              _("The simulation stopped at its limit of %s steps, after %s s of simulated time. The connection had not finished: what would have come next is not shown."),
                              steps, seconds);
      g_string_append_c (out, '\n');
    }

  if (n_steps > 0)
    {
      /* a run of similar steps is told in one summary, numbered with its
       * first and last step: "14–120."; the column is as wide as the
       * widest number, measured first */
      g_autofree char *last = g_strdup_printf ("%u", n_steps);
      guint number_width = text_width (last);

      for (guint i = 0; i < n_steps;)
        {
          guint run = hs_narration_run_length (trace, i);

          if (run > 1)
            {
              g_autofree char *range = g_strdup_printf ("%u–%u", i + 1, i + run);

              number_width = MAX (number_width, text_width (range));
            }
          for (guint k = 0; k < run; k++, i++)
            if (!_hs_trace_writer_sink_next (sink))
              return FALSE;
        }

      g_string_append_c (out, '\n');
      g_string_append_printf (out, "%s\n\n", _("What happened"));

      for (guint i = 0; i < n_steps;)
        {
          guint run = hs_narration_run_length (trace, i);
          g_autofree char *narration = hs_narration_format_run (trace, i, run);
          g_autofree char *number = NULL;

          if (run > 1)
            number = g_strdup_printf ("%u–%u.", i + 1, i + run);
          else
            number = g_strdup_printf ("%u.", i + 1);

          g_string_append (out, "  ");
          append_right (out, number, number_width + 1);
          g_string_append_c (out, ' ');
          append_wrapped (out, narration != NULL ? narration : "",
                          number_width + 4, TXT_WRAP_COLUMNS);
          g_string_append_c (out, '\n');
          for (guint k = 0; k < run; k++, i++)
            if (!_hs_trace_writer_sink_next (sink))
              return FALSE;
        }
    }

  return _hs_trace_writer_sink_flush (sink);
}
