/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-worksheet.c: worksheets and answer keys. The ladder is the diagram's
 * own renderer with the asked fields blanked through the layout's
 * blank_fields hook, so a worksheet looks like the window and the
 * exports. */

#define G_LOG_DOMAIN "hs-worksheet"

#include "config.h"

#include <string.h>

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "hs-diagram-renderer.h"
#include "hs-error.h"
#include "hs-output.h"
#include "hs-worksheet.h"

#define MARGIN_PT        42.0
#define LAYOUT_WIDTH_PX  760.0
#define BODY_FONT        "Sans 10"
#define TITLE_FONT       "Sans Bold 15"
#define GAP_PT           8.0

void
hs_worksheet_options_init (HsWorksheetOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->page = HS_DIAGRAM_PAGE_A4;
}

/* step → the fields to blank, for the layout's hook */
static GHashTable *
blanks_for (HsQuiz *quiz)
{
  GHashTable *blanks = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < hs_quiz_get_n_questions (quiz); i++)
    {
      const HsQuizQuestion *q = hs_quiz_get_question (quiz, i);

      g_hash_table_insert (blanks, GUINT_TO_POINTER (q->step + 1),
                           GUINT_TO_POINTER (q->fields & ~HS_QUIZ_FIELD_SENDER));
    }
  return blanks;
}

static guint
blank_fields_cb (guint    step,
                 gpointer data)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (data, GUINT_TO_POINTER (step + 1)));
}

/* "flags, seq, ack": what a question leaves blank, in the order of a label */
static char *
format_fields (guint fields)
{
  g_autoptr(GPtrArray) words = g_ptr_array_new ();

  if (fields & HS_QUIZ_FIELD_FLAGS)
    g_ptr_array_add (words, (gpointer) _("flags"));
  if (fields & HS_QUIZ_FIELD_SEQ)
    g_ptr_array_add (words, (gpointer) "seq");
  if (fields & HS_QUIZ_FIELD_ACK)
    g_ptr_array_add (words, (gpointer) "ack");
  if (fields & HS_QUIZ_FIELD_WINDOW)
    g_ptr_array_add (words, (gpointer) "win");
  if (fields & HS_QUIZ_FIELD_LEN)
    g_ptr_array_add (words, (gpointer) "len");
  if (fields & HS_QUIZ_FIELD_STATE)
    g_ptr_array_add (words, (gpointer) _("the state"));
  if (fields & HS_QUIZ_FIELD_TIME)
    g_ptr_array_add (words, (gpointer) _("the time in ms"));
  g_ptr_array_add (words, NULL);
  return g_strjoinv (", ", (char **) words->pdata);
}

/* The numbered lines under the ladder: the questions, or their answers. */
static GPtrArray *
question_lines (HsQuiz                   *quiz,
                const HsWorksheetOptions *options)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < hs_quiz_get_n_questions (quiz); i++)
    {
      const HsQuizQuestion *q = hs_quiz_get_question (quiz, i);

      if (options->answers)
        {
          g_autofree char *solution = hs_quiz_format_solution (quiz, i, options->absolute);

          /* Translators: a line of a worksheet's answer key: the question's
           * number, the step's number, and the answer, e.g.
           * "3. Step 8: server → client: SYN, ACK; seq=0 ack=1" */
          g_ptr_array_add (lines, g_strdup_printf (_("%u. Step %u: %s"), i + 1, q->step + 1, solution));
        }
      else
        {
          g_autofree char *prompt = hs_quiz_format_prompt (quiz, i, FALSE);
          g_autofree char *fields = format_fields (q->fields & ~HS_QUIZ_FIELD_SENDER);

          /* Translators: a worksheet's question: its number, the step's
           * number, the question, and what to fill in ("flags, seq, ack") */
          g_ptr_array_add (lines, g_strdup_printf (_("%u. Step %u: %s Fill in: %s."),
                                                   i + 1, q->step + 1, prompt, fields));
        }
    }
  return lines;
}

static char *
variant_heading (HsQuiz                   *quiz,
                 guint                     variant,
                 const HsWorksheetOptions *options)
{
  HsTrace *trace = hs_quiz_get_trace (quiz);
  const char *seed = hs_trace_get_parameter (trace, "seed");

  /* Translators: under a worksheet's title: which variant, and the seed
   * that makes it again (handshake --seed N) */
  return g_strdup_printf (options->answers ? _("Answer key · variant %u · seed %s")
                                           : _("Variant %u · seed %s · Name: ____________________"),
                          variant + 1, seed != NULL ? seed : "1");
}

/* PDF */

typedef struct
{
  GOutputStream *stream;
  GError        *error;
} Sink;

static cairo_status_t
write_cb (void                *closure,
          const unsigned char *data,
          unsigned int         length)
{
  Sink *sink = closure;

  if (sink->error != NULL)
    return CAIRO_STATUS_WRITE_ERROR;
  if (!g_output_stream_write_all (sink->stream, data, length, NULL, NULL, &sink->error))
    return CAIRO_STATUS_WRITE_ERROR;
  return CAIRO_STATUS_SUCCESS;
}

static double
show_text (cairo_t    *cr,
           const char *font,
           const char *text,
           double      x,
           double      y,
           double      width)
{
  PangoLayout *pl = pango_cairo_create_layout (cr);
  PangoFontDescription *desc = pango_font_description_from_string (font);
  int w, h;

  pango_layout_set_font_description (pl, desc);
  pango_layout_set_width (pl, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (pl, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (pl, text, -1);
  pango_layout_get_size (pl, &w, &h);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, pl);
  pango_font_description_free (desc);
  g_object_unref (pl);
  return (double) h / PANGO_SCALE;
}

static double
measure_text (cairo_t    *cr,
              const char *font,
              const char *text,
              double      width)
{
  PangoLayout *pl = pango_cairo_create_layout (cr);
  PangoFontDescription *desc = pango_font_description_from_string (font);
  int w, h;

  pango_layout_set_font_description (pl, desc);
  pango_layout_set_width (pl, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (pl, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (pl, text, -1);
  pango_layout_get_size (pl, &w, &h);
  pango_font_description_free (desc);
  g_object_unref (pl);
  return (double) h / PANGO_SCALE;
}

static void
draw_variant (cairo_t                  *cr,
              HsQuiz                   *quiz,
              guint                     variant,
              const HsWorksheetOptions *options,
              double                    page_w,
              double                    page_h)
{
  HsTrace *trace = hs_quiz_get_trace (quiz);
  g_autoptr(GHashTable) blanks = blanks_for (quiz);
  g_autoptr(GPtrArray) lines = question_lines (quiz, options);
  g_autofree char *heading = variant_heading (quiz, variant, options);
  HsDiagramStyle *style = hs_diagram_style_new (HS_DIAGRAM_STYLE_PRINT);
  HsDiagramLayoutOptions lo;
  HsDiagramLayout *layout;
  const char *title = hs_trace_get_title (trace);
  double text_w = page_w - 2 * MARGIN_PT;
  double y = MARGIN_PT, avail, scale, lw, lh;

  hs_diagram_layout_options_init (&lo);
  lo.absolute = options->absolute;
  /* one row per event: a ladder to fill in, not a time scale */
  lo.time_mode = HS_DIAGRAM_TIME_EVENTS;
  if (!options->answers)
    {
      lo.blank_fields = blank_fields_cb;
      lo.blank_data = blanks;
    }
  layout = hs_diagram_layout_new (trace, style, LAYOUT_WIDTH_PX, &lo);
  lw = hs_diagram_layout_get_width (layout);
  lh = hs_diagram_layout_get_height (layout);

  cairo_set_source_rgb (cr, 0, 0, 0);
  y += show_text (cr, TITLE_FONT, title != NULL ? title : "", MARGIN_PT, y, text_w) + 2;
  y += show_text (cr, BODY_FONT, heading, MARGIN_PT, y, text_w) + GAP_PT;

  /* The ladder as wide as the page; the questions under it, or on the
   * next page when they do not fit; shrunk only when the ladder alone is
   * taller than the page. */
  avail = page_h - MARGIN_PT - y;
  scale = text_w / lw;
  if (lh * scale > avail)
    scale = avail / lh;

  cairo_save (cr);
  cairo_translate (cr, MARGIN_PT + (text_w - lw * scale) / 2, y);
  cairo_scale (cr, scale, scale);
  hs_diagram_renderer_draw (layout, cr, 0, lh, NULL, HS_DIAGRAM_RENDER_NO_BACKGROUND);
  cairo_restore (cr);
  y += lh * scale + GAP_PT;

  cairo_set_source_rgb (cr, 0, 0, 0);
  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);
      double h = measure_text (cr, BODY_FONT, line, text_w);

      if (y + h > page_h - MARGIN_PT)
        {
          cairo_show_page (cr);
          y = MARGIN_PT;
          cairo_set_source_rgb (cr, 0, 0, 0);
        }
      y += show_text (cr, BODY_FONT, line, MARGIN_PT, y, text_w) + 3;
    }

  hs_diagram_layout_unref (layout);
  hs_diagram_style_free (style);
}

gboolean
hs_worksheet_write_pdf (GPtrArray                *quizzes,
                        const char               *path,
                        const HsWorksheetOptions *options,
                        GError                  **error)
{
  g_autoptr(HsOutput) output = NULL;
  HsWorksheetOptions defaults;
  Sink sink = { 0 };
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  double w, h;

  g_return_val_if_fail (quizzes != NULL && quizzes->len > 0, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (options == NULL)
    {
      hs_worksheet_options_init (&defaults);
      options = &defaults;
    }
  w = options->page == HS_DIAGRAM_PAGE_LETTER ? 612.0 : 595.276;
  h = options->page == HS_DIAGRAM_PAGE_LETTER ? 792.0 : 841.89;

  output = hs_output_open (path, error);
  if (output == NULL)
    return FALSE;
  sink.stream = hs_output_get_stream (output);

  surface = cairo_pdf_surface_create_for_stream (write_cb, &sink, w, h);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Handshake");
  cr = cairo_create (surface);
  for (guint v = 0; v < quizzes->len; v++)
    {
      draw_variant (cr, g_ptr_array_index (quizzes, v), v, options, w, h);
      cairo_show_page (cr);
    }
  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (sink.error != NULL)
    {
      g_propagate_error (error, sink.error);
      return FALSE;
    }
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, HS_ERROR, HS_ERROR_FAILED, _("Could not draw “%s”: %s."), path,
                   cairo_status_to_string (status));
      return FALSE;
    }
  return hs_output_commit (output, error);
}

/* Plain text */

static void
append_ladder (GString                  *out,
               HsQuiz                   *quiz,
               GHashTable               *blanks,
               const HsWorksheetOptions *options)
{
  HsTrace *trace = hs_quiz_get_trace (quiz);

  for (guint i = 0; i < hs_trace_get_n_steps (trace); i++)
    {
      const HsTraceStep *st = hs_trace_get_step (trace, i);
      guint b = blanks != NULL ? blank_fields_cb (i, blanks) : 0;
      const char *where = hs_trace_get_endpoint (trace, st->endpoint)->name;

      switch (st->kind)
        {
        case HS_STEP_SEGMENT_SENT:
          {
            const HsTraceSegment *s = hs_trace_get_segment (trace, st->segment);
            g_autofree char *flags = (b & HS_QUIZ_FIELD_FLAGS) ? g_strdup (HS_DIAGRAM_BLANK)
                                                                : hs_diagram_format_segment_flags (trace, s);
            g_autofree char *numbers = hs_diagram_format_numbers_blanked (trace, s, options->absolute, b);

            g_string_append_printf (out, "%5u  %s → %s  %s  %s\n", i + 1, where,
                                    hs_trace_get_endpoint (trace, s->to)->name, flags, numbers);
          }
          break;
        case HS_STEP_STATE_CHANGE:
          g_string_append_printf (out, "%5u  %s: %s\n", i + 1, where,
                                  (b & HS_QUIZ_FIELD_STATE) ? HS_DIAGRAM_BLANK : hs_state_to_string (st->to_state));
          break;
        case HS_STEP_SEGMENT_LOST:
          g_string_append_printf (out, "%5u  %s\n", i + 1, _("the segment is lost"));
          break;
        default:
          {
            g_autofree char *note = hs_diagram_format_note (trace, st);

            if (note != NULL)
              g_string_append_printf (out, "%5u  %s: %s\n", i + 1, where, note);
          }
          break;
        }
    }
}

gboolean
hs_worksheet_write_txt (GPtrArray                *quizzes,
                        const char               *path,
                        const HsWorksheetOptions *options,
                        GError                  **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  HsWorksheetOptions defaults;

  g_return_val_if_fail (quizzes != NULL && quizzes->len > 0, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (options == NULL)
    {
      hs_worksheet_options_init (&defaults);
      options = &defaults;
    }

  for (guint v = 0; v < quizzes->len; v++)
    {
      HsQuiz *quiz = g_ptr_array_index (quizzes, v);
      const char *title = hs_trace_get_title (hs_quiz_get_trace (quiz));
      g_autoptr(GHashTable) blanks = options->answers ? NULL : blanks_for (quiz);
      g_autoptr(GPtrArray) lines = question_lines (quiz, options);
      g_autofree char *heading = variant_heading (quiz, v, options);

      if (v > 0)
        g_string_append (out, "\f\n");
      g_string_append_printf (out, "%s\n%s\n\n", title != NULL ? title : "", heading);
      append_ladder (out, quiz, blanks, options);
      g_string_append_c (out, '\n');
      for (guint i = 0; i < lines->len; i++)
        g_string_append_printf (out, "%s\n", (char *) g_ptr_array_index (lines, i));
    }

  return hs_output_write_file (path, out->str, out->len, error);
}
