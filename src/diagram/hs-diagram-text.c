/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-diagram-text.c: text measured with Pango and flowed into boxes: an
 * arrow's label as pieces, a note's box. */

#define G_LOG_DOMAIN "hs-diagram-layout"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "hs-diagram-build-private.h"
#include "hs-narration.h"
#include "hs-scenario.h"

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

/* The pieces of a label, measured but not yet placed; *@first_numbers
 * and *@first_options say where its second and third lines begin.
 * Returns FALSE for a label of its step number alone (placed already:
 * it never wraps). */
static gboolean
collect_label (HsDiagramLayout      *self,
               const HsTraceSegment *segment,
               guint                 step,
               HsDiagramLabelDetail  detail,
               GArray               *pieces,
               guint                *first_numbers,
               guint                *first_options,
               double               *width,
               double               *height)
{
  const char *tags[12];
  char buf[32];
  g_autofree char *flags = NULL;
  g_autofree char *numbers = NULL;
  guint n_tags;
  guint blanks;

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
      return FALSE;
    }

  blanks = hs_diagram_layout_options_get_blanks (&self->options, segment->sent_step);
  if (blanks & HS_QUIZ_FIELD_FLAGS)
    flags = g_strdup (HS_DIAGRAM_BLANK);
  else
    flags = hs_diagram_format_segment_flags (self->trace, segment);
  add_piece (self, pieces, HS_DIAGRAM_FONT_FLAGS, HS_DIAGRAM_PIECE_FLAGS, flags);

  /* marks such as "Duplicate ACK" would give blank fields away */
  n_tags = blanks == 0 ? hs_diagram_collect_tags (segment, tags) : 0;
  if (blanks == 0 && segment->sent_step != HS_TRACE_NONE &&
      hs_trace_get_step (self->trace, segment->sent_step)->reason == HS_REASON_SEND_OLD_DUPLICATE)
    /* Translators: a segment of an earlier connection, delivered late */
    tags[n_tags++] = _("Old duplicate");
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

  *first_numbers = pieces->len;
  if (detail == HS_DIAGRAM_LABEL_FULL)
    {
      numbers = hs_diagram_format_numbers_blanked (self->trace, segment, self->options.absolute, blanks);
      add_words (self, pieces, HS_DIAGRAM_FONT_LABEL, HS_DIAGRAM_PIECE_NUMBERS, numbers);
    }
  else if (self->options.show_window && !hs_trace_segment_is_udp (self->trace, segment))
    {
      /* a lesson about the window keeps it on every label */
      numbers = g_strdup_printf ("win=%u", segment->window);
      add_words (self, pieces, HS_DIAGRAM_FONT_LABEL, HS_DIAGRAM_PIECE_NUMBERS, numbers);
    }

  *first_options = pieces->len;
  if (self->options.show_options && detail == HS_DIAGRAM_LABEL_FULL &&
      !hs_trace_segment_is_udp (self->trace, segment))
    {
      g_autofree char *options = hs_tcp_options_to_string (&segment->header.options);

      if (options != NULL && options[0] != '\0')
        add_words (self, pieces, HS_DIAGRAM_FONT_LABEL, HS_DIAGRAM_PIECE_OPTIONS, options);
    }

  return TRUE;
}

/* Places collected pieces in rows no wider than @wrap_width allows;
 * returns the size of the label's box. Only moves pieces: a label is
 * collected once and flowed into each width it may take. */
static void
flow_label (HsDiagramLayout *self,
            GArray          *pieces,
            guint            first_numbers,
            guint            first_options,
            double           wrap_width,
            double          *width,
            double          *height)
{
  double y = HS_DIAGRAM_LABEL_PAD, w = 0, space, row_w;
  double wrap = MAX (40.0, wrap_width - 2 * HS_DIAGRAM_LABEL_PAD);

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
  guint first_numbers, first_options;

  if (collect_label (self, segment, step, detail, pieces, &first_numbers, &first_options, width, height))
    flow_label (self, pieces, first_numbers, first_options, wrap_width, width, height);
}

void
hs_diagram_layout_label_sizes (HsDiagramLayout      *self,
                               const HsTraceSegment *segment,
                               guint                 step,
                               HsDiagramLabelDetail  detail,
                               const double         *wrap_widths,
                               guint                 n_widths,
                               GArray               *pieces,
                               double               *widths,
                               double               *heights)
{
  guint first_numbers, first_options;
  double w, h;

  if (!collect_label (self, segment, step, detail, pieces, &first_numbers, &first_options, &w, &h))
    {
      for (guint i = 0; i < n_widths; i++)
        {
          widths[i] = w;
          heights[i] = h;
        }
      return;
    }
  for (guint i = 0; i < n_widths; i++)
    flow_label (self, pieces, first_numbers, first_options, wrap_widths[i], &widths[i], &heights[i]);
}

double
hs_diagram_layout_text_width (HsDiagramLayout *self,
                              HsDiagramFont    font,
                              const char      *text)
{
  double w;

  hs_diagram_layout_measure (self, font, text, &w, NULL);
  return w;
}

double
hs_diagram_layout_text_height (HsDiagramLayout *self,
                               HsDiagramFont    font,
                               const char      *text)
{
  double h;

  hs_diagram_layout_measure (self, font, text, NULL, &h);
  return h;
}

/* ------------------------------------------------------------------ */
/* notes                                                               */

double
hs_diagram_layout_note_icon (HsDiagramLayout *self)
{
  double h;

  hs_diagram_layout_measure (self, HS_DIAGRAM_FONT_NOTE, "Ag", NULL, &h);
  return (h + 8) * 0.9;
}

/* A note's box: an icon, then its text. What the box holds besides the
 * text (the icon and the padding around both). */
static double
note_extra_width (HsDiagramLayout *self)
{
  return 16 + hs_diagram_layout_note_icon (self);
}

double
hs_diagram_layout_note_text_width (HsDiagramLayout *self,
                                   double           box_width,
                                   double           box_height)
{
  return box_width - note_extra_width (self);
}

double
hs_diagram_layout_note_box_size (HsDiagramLayout *self,
                                 const char      *text,
                                 double           max_width,
                                 double          *h)
{
  double w, extra = note_extra_width (self);

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
