/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-diagram-svg.c: the sequence diagram's SVG writer. Paths and boxes
 * with their style in CSS classes, text as <text>, streamed to the output
 * through a buffer flushed as it fills (the style sheet, which names every
 * class the body used, comes last). */

#define G_LOG_DOMAIN "hs-diagram-svg"

#include "config.h"

#include <math.h>
#include <string.h>

#include "hs-diagram-draw.h"
#include "hs-diagram-svg-private.h"
#include "hs-output.h"

struct _HsDiagramSvg
{
  /* borrowed */
  GOutputStream   *stream;

  /* owned */
  cairo_surface_t *surface;     /* records what bypassed the paint calls */
  cairo_t         *cr;
  GString         *out;         /* flushed to @stream as it fills */
  GString         *geom;        /* the current shape's elements, '\n' apart */
  GString         *scratch;
  GHashTable      *classes;     /* rule -> class number + 1 */
  GPtrArray       *rules;       /* by class number */
  GHashTable      *fonts;       /* PangoFontDescription -> class number + 1 */
  GArray          *baselines;   /* double by font class: its baseline, or NAN */
  GError          *error;

  /* rounded boxes of the current path, kept apart from cairo's path */
  GArray          *rects;       /* double[5]: x, y, width, height, radius */

  /* a fill whose path was preserved, waiting to share its element with
   * the stroke that usually follows */
  gboolean         pending;
  guint            pending_class;
  GString         *pending_geom;

  /* a one-line <text> left open, so that the next run of text on its
   * line in its classes joins it (a label's words, placed one by one,
   * read as one line of text) */
  gboolean         text_open;
  guint            text_font, text_fill;
  double           text_y;
};

static cairo_user_data_key_t svg_key;

/* ------------------------------------------------------------------ */
/* writing                                                             */

static void
flush_out (HsDiagramSvg *self,
           gboolean      all)
{
  if (self->out->len == 0 || (!all && self->out->len < HS_OUTPUT_CHUNK_SIZE))
    return;
  if (self->error == NULL)
    g_output_stream_write_all (self->stream, self->out->str, self->out->len, NULL, NULL, &self->error);
  g_string_truncate (self->out, 0);
}

/* @v to 1/100 px, without trailing zeros: coordinates make most of the
 * file, and printf with a locale would be slower and could write a comma. */
static void
append_num (GString *s,
            double   v)
{
  char buf[32];
  char *p = buf + sizeof buf;
  gint64 n;
  gboolean negative;
  int frac;

  if (!isfinite (v))
    v = 0;
  n = llround (v * 100);
  negative = n < 0;
  if (negative)
    n = -n;
  frac = (int) (n % 100);
  n /= 100;

  if (frac != 0)
    {
      if (frac % 10 == 0)
        *--p = (char) ('0' + frac / 10);
      else
        {
          *--p = (char) ('0' + frac % 10);
          *--p = (char) ('0' + frac / 10);
        }
      *--p = '.';
    }
  do
    {
      *--p = (char) ('0' + n % 10);
      n /= 10;
    }
  while (n > 0);
  if (negative)
    *--p = '-';

  g_string_append_len (s, p, buf + sizeof buf - p);
}

/* XML character data: the markup characters escaped, and what XML 1.0
 * cannot hold at all (control characters, invalid UTF-8) left out. */
static void
append_escaped (GString    *s,
                const char *text,
                gssize      len)
{
  const char *p = text, *end = len < 0 ? text + strlen (text) : text + len;

  while (p < end)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          p++;
          continue;
        }
      switch (c)
        {
        case '&': g_string_append (s, "&amp;"); break;
        case '<': g_string_append (s, "&lt;"); break;
        case '>': g_string_append (s, "&gt;"); break;
        case '"': g_string_append (s, "&quot;"); break;
        default:
          if ((c >= 0x20 && c != 0xfffe && c != 0xffff) || c == '\t')
            g_string_append_len (s, p, g_utf8_next_char (p) - p);
          break;
        }
      p = g_utf8_next_char (p);
    }
}

static guint
intern_class (HsDiagramSvg *self,
              const char   *rule)
{
  gpointer found = g_hash_table_lookup (self->classes, rule);
  char *copy;

  if (found != NULL)
    return GPOINTER_TO_UINT (found) - 1;

  copy = g_strdup (rule);
  g_ptr_array_add (self->rules, copy);
  g_hash_table_insert (self->classes, copy, GUINT_TO_POINTER (self->rules->len));
  return self->rules->len - 1;
}

static void
append_color (GString *s,
              double   r,
              double   g,
              double   b)
{
  static const char hex[] = "0123456789abcdef";
  double c[3] = { r, g, b };
  char buf[7];

  buf[0] = '#';
  for (int i = 0; i < 3; i++)
    {
      int v = (int) lround (CLAMP (c[i], 0, 1) * 255);

      buf[1 + 2 * i] = hex[v >> 4];
      buf[2 + 2 * i] = hex[v & 15];
    }
  g_string_append_len (s, buf, 7);
}

/* The class of the source colour as a fill ("fill") or a stroke with the
 * line's width, dashes, cap and join ("stroke"). */
static guint
source_class (HsDiagramSvg *self,
              cairo_t      *cr,
              gboolean      stroke)
{
  GString *s = self->scratch;
  double r = 0, g = 0, b = 0, a = 1;
  const char *what = stroke ? "stroke" : "fill";

  if (cairo_pattern_get_rgba (cairo_get_source (cr), &r, &g, &b, &a) != CAIRO_STATUS_SUCCESS)
    r = g = b = 0, a = 1;

  g_string_truncate (s, 0);
  g_string_append (s, what);
  g_string_append_c (s, ':');
  append_color (s, r, g, b);
  if (a < 0.995)
    {
      g_string_append_c (s, ';');
      g_string_append (s, what);
      g_string_append (s, "-opacity:");
      append_num (s, a);
    }

  if (stroke)
    {
      double device_w = cairo_get_line_width (cr), dummy = 0;
      int n_dashes = cairo_get_dash_count (cr);

      cairo_user_to_device_distance (cr, &device_w, &dummy);
      g_string_append (s, ";stroke-width:");
      append_num (s, fabs (device_w));
      if (n_dashes > 0)
        {
          double dashes[16], offset;

          if (n_dashes <= (int) G_N_ELEMENTS (dashes))
            {
              cairo_get_dash (cr, dashes, &offset);
              g_string_append (s, ";stroke-dasharray:");
              for (int i = 0; i < n_dashes; i++)
                {
                  if (i > 0)
                    g_string_append_c (s, ',');
                  append_num (s, dashes[i]);
                }
              if (offset != 0)
                {
                  g_string_append (s, ";stroke-dashoffset:");
                  append_num (s, offset);
                }
            }
        }
      switch (cairo_get_line_cap (cr))
        {
        case CAIRO_LINE_CAP_ROUND: g_string_append (s, ";stroke-linecap:round"); break;
        case CAIRO_LINE_CAP_SQUARE: g_string_append (s, ";stroke-linecap:square"); break;
        case CAIRO_LINE_CAP_BUTT:
        default: break;
        }
      switch (cairo_get_line_join (cr))
        {
        case CAIRO_LINE_JOIN_ROUND: g_string_append (s, ";stroke-linejoin:round"); break;
        case CAIRO_LINE_JOIN_BEVEL: g_string_append (s, ";stroke-linejoin:bevel"); break;
        case CAIRO_LINE_JOIN_MITER:
        default: break;
        }
    }

  return intern_class (self, s->str);
}

/* Looked up by value, never by pointer: a description freed with its
 * layout and another allocated at the same address for another font
 * would take the first one's class (a title's 36 px bold on a label). */
static guint
font_class (HsDiagramSvg               *self,
                     const PangoFontDescription *desc)
{
  gpointer found = g_hash_table_lookup (self->fonts, desc);
  GString *s = self->scratch;
  const char *family;
  double px;
  guint n;

  if (found != NULL)
    return GPOINTER_TO_UINT (found) - 1;

  family = pango_font_description_get_family (desc);
  px = pango_font_description_get_size (desc) / (double) PANGO_SCALE;
  if (!pango_font_description_get_size_is_absolute (desc))
    px *= 96.0 / 72.0;   /* the layout's resolution */

  g_string_truncate (s, 0);
  g_string_append (s, "font-family:");
  if (family != NULL && family[0] != '\0')
    {
      g_string_append_c (s, '\'');
      for (const char *p = family; *p != '\0'; p++)
        if (*p != '\'' && *p != '\\' && *p != '<' && *p != '>' && *p != '&')
          g_string_append_c (s, *p);
      g_string_append (s, "',");
    }
  g_string_append (s, "sans-serif;font-size:");
  append_num (s, px);
  g_string_append (s, "px");
  if (pango_font_description_get_weight (desc) != PANGO_WEIGHT_NORMAL)
    g_string_append_printf (s, ";font-weight:%d", (int) pango_font_description_get_weight (desc));
  if (pango_font_description_get_style (desc) == PANGO_STYLE_ITALIC)
    g_string_append (s, ";font-style:italic");
  else if (pango_font_description_get_style (desc) == PANGO_STYLE_OBLIQUE)
    g_string_append (s, ";font-style:oblique");

  n = intern_class (self, s->str);
  g_hash_table_insert (self->fonts, pango_font_description_copy (desc), GUINT_TO_POINTER (n + 1));
  return n;
}

static void
close_text (HsDiagramSvg *self)
{
  if (!self->text_open)
    return;
  self->text_open = FALSE;
  g_string_append (self->out, "</text>\n");
  flush_out (self, FALSE);
}

static void
append_uint (GString *s,
             guint    v)
{
  char buf[16];
  char *p = buf + sizeof buf;

  do
    {
      *--p = (char) ('0' + v % 10);
      v /= 10;
    }
  while (v > 0);
  g_string_append_len (s, p, buf + sizeof buf - p);
}

/* " class=\"cA cB\"" (cB left out when @b is G_MAXUINT) */
static void
append_classes (GString *s,
                guint    a,
                guint    b)
{
  g_string_append (s, " class=\"c");
  append_uint (s, a);
  if (b != G_MAXUINT)
    {
      g_string_append (s, " c");
      append_uint (s, b);
    }
  g_string_append_c (s, '"');
}

static void
append_class (GString *s,
              guint    a,
              guint    b)
{
  append_classes (s, a, b);
  g_string_append (s, "/>\n");
}

/* Writes each element of @geom with the classes @a and @b (or none). */
static void
emit_geom (HsDiagramSvg *self,
           GString      *geom,
           guint         a,
           guint         b)
{
  const char *p = geom->str;

  close_text (self);
  while (*p != '\0')
    {
      const char *nl = strchr (p, '\n');

      g_string_append_len (self->out, p, nl - p);
      append_class (self->out, a, b);
      p = nl + 1;
    }
  flush_out (self, FALSE);
}

static void
flush_pending (HsDiagramSvg *self)
{
  if (!self->pending)
    return;
  self->pending = FALSE;
  emit_geom (self, self->pending_geom, self->pending_class, G_MAXUINT);
}

/* The current shape (rounded boxes, then cairo's path) as elements
 * without their class, into self->geom. */
static void
build_geom (HsDiagramSvg *self,
            cairo_t      *cr)
{
  GString *s = self->geom;
  cairo_path_t *path;
  gboolean any = FALSE;

  g_string_truncate (s, 0);

  for (guint i = 0; i < self->rects->len / 5; i++)
    {
      const double *r = &g_array_index (self->rects, double, 5 * i);
      double x = r[0], y = r[1], w = r[2], h = r[3];
      double rx = MIN (r[4], MIN (w, h) / 2);

      cairo_user_to_device (cr, &x, &y);
      g_string_append (s, "<rect x=\"");
      append_num (s, x);
      g_string_append (s, "\" y=\"");
      append_num (s, y);
      g_string_append (s, "\" width=\"");
      append_num (s, w);
      g_string_append (s, "\" height=\"");
      append_num (s, h);
      if (rx > 0)
        {
          g_string_append (s, "\" rx=\"");
          append_num (s, rx);
        }
      g_string_append (s, "\"\n");
    }

  path = cairo_copy_path (cr);
  if (path->status == CAIRO_STATUS_SUCCESS)
    {
      for (int i = 0; i < path->num_data; i += path->data[i].header.length)
        {
          cairo_path_data_t *d = &path->data[i];
          static const char ops[] = { 'M', 'L', 'C', 'Z' };
          int n_points = d->header.type == CAIRO_PATH_CURVE_TO ? 3 : d->header.type == CAIRO_PATH_CLOSE_PATH ? 0 : 1;

          /* cairo ends a closed sub-path with a move: a mark of nothing */
          if (d->header.type == CAIRO_PATH_MOVE_TO &&
              (i + d->header.length >= path->num_data ||
               path->data[i + d->header.length].header.type == CAIRO_PATH_MOVE_TO))
            continue;
          if (!any)
            {
              g_string_append (s, "<path d=\"");
              any = TRUE;
            }
          g_string_append_c (s, ops[d->header.type]);
          for (int k = 1; k <= n_points; k++)
            {
              double x = d[k].point.x, y = d[k].point.y;

              cairo_user_to_device (cr, &x, &y);
              if (k > 1)
                g_string_append_c (s, ' ');
              append_num (s, x);
              if (y >= 0)
                g_string_append_c (s, ' ');
              append_num (s, y);
            }
        }
    }
  cairo_path_destroy (path);
  if (any)
    g_string_append (s, "\"\n");
}

static HsDiagramSvg *
get_svg (cairo_t *cr)
{
  return cairo_get_user_data (cr, &svg_key);
}

/* ------------------------------------------------------------------ */
/* paint calls                                                         */

gboolean
hs_diagram_paint_is_svg (cairo_t *cr)
{
  return get_svg (cr) != NULL;
}

static void
svg_fill (HsDiagramSvg *self,
          cairo_t      *cr,
          gboolean      preserve)
{
  guint klass;

  flush_pending (self);
  build_geom (self, cr);
  klass = source_class (self, cr, FALSE);

  if (preserve)
    {
      /* a stroke of the same shape usually follows: one element for both */
      self->pending = TRUE;
      self->pending_class = klass;
      g_string_assign (self->pending_geom, self->geom->str);
      return;
    }

  emit_geom (self, self->geom, klass, G_MAXUINT);
  cairo_new_path (cr);
  g_array_set_size (self->rects, 0);
}

void
hs_diagram_paint_fill (cairo_t *cr)
{
  HsDiagramSvg *self = get_svg (cr);

  if (self == NULL)
    cairo_fill (cr);
  else
    svg_fill (self, cr, FALSE);
}

void
hs_diagram_paint_fill_preserve (cairo_t *cr)
{
  HsDiagramSvg *self = get_svg (cr);

  if (self == NULL)
    cairo_fill_preserve (cr);
  else
    svg_fill (self, cr, TRUE);
}

void
hs_diagram_paint_stroke (cairo_t *cr)
{
  HsDiagramSvg *self = get_svg (cr);
  guint klass;

  if (self == NULL)
    {
      cairo_stroke (cr);
      return;
    }

  build_geom (self, cr);
  klass = source_class (self, cr, TRUE);
  if (self->pending && g_str_equal (self->pending_geom->str, self->geom->str))
    {
      self->pending = FALSE;
      emit_geom (self, self->geom, self->pending_class, klass);
    }
  else
    {
      flush_pending (self);
      emit_geom (self, self->geom, klass, G_MAXUINT);
    }
  cairo_new_path (cr);
  g_array_set_size (self->rects, 0);
}

void
hs_diagram_paint_rounded_rect (cairo_t *cr,
                               double   x,
                               double   y,
                               double   width,
                               double   height,
                               double   radius)
{
  HsDiagramSvg *self = get_svg (cr);
  cairo_matrix_t m;

  cairo_get_matrix (cr, &m);
  /* a box stays a box under a translation; anything else goes as a path */
  if (self == NULL || m.xx != 1 || m.yy != 1 || m.xy != 0 || m.yx != 0 || width <= 0 || height <= 0)
    {
      hs_diagram_draw_rounded_rect (cr, x, y, width, height, radius);
      return;
    }

  {
    double r[5] = { x, y, width, height, MAX (radius, 0) };
    g_array_append_vals (self->rects, r, 5);
  }
}

/* One line of text at (@x, @y), its baseline; joins the open <text>
 * when it continues its line in its classes. */
static void
emit_line (HsDiagramSvg *self,
           guint         font,
           guint         fill,
           double        x,
           double        y,
           const char   *text,
           gssize        len)
{
  GString *s = self->out;

  if (self->text_open && self->text_font == font && self->text_fill == fill &&
      fabs (self->text_y - y) < 0.01)
    {
      /* the space is read, not seen: the run is placed by its x */
      g_string_append (s, " <tspan x=\"");
      append_num (s, x);
      g_string_append (s, "\">");
      append_escaped (s, text, len);
      g_string_append (s, "</tspan>");
      return;
    }

  close_text (self);
  g_string_append (s, "<text x=\"");
  append_num (s, x);
  g_string_append (s, "\" y=\"");
  append_num (s, y);
  g_string_append_c (s, '"');
  append_classes (s, font, fill);
  g_string_append_c (s, '>');
  append_escaped (s, text, len);
  self->text_open = TRUE;
  self->text_font = font;
  self->text_fill = fill;
  self->text_y = y;
}

static gboolean
is_plain_text (const char *text)
{
  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    if (*p < 0x20 || *p >= 0x7f)
      return FALSE;
  return TRUE;
}

/* Whether @layout is one line of plain ASCII, set left, unwrapped: its
 * baseline is then its font's, and it need not be shaped at all (most
 * of a diagram's text: numbers and flags). */
static gboolean
is_plain_line (PangoLayout *layout,
               const char  *text)
{
  if (pango_layout_get_width (layout) >= 0 || pango_layout_get_attributes (layout) != NULL ||
      pango_layout_get_alignment (layout) != PANGO_ALIGN_LEFT || pango_layout_get_indent (layout) != 0)
    return FALSE;
  return is_plain_text (text);
}

static double
font_baseline (HsDiagramSvg               *self,
               PangoContext               *context,
               const PangoFontDescription *desc,
               guint                       font)
{
  double *known;

  if (font >= self->baselines->len)
    {
      guint old = self->baselines->len;

      g_array_set_size (self->baselines, font + 1);
      for (guint i = old; i <= font; i++)
        g_array_index (self->baselines, double, i) = NAN;
    }
  known = &g_array_index (self->baselines, double, font);
  if (isnan (*known))
    {
      g_autoptr(PangoLayout) probe = pango_layout_new (context);

      pango_layout_set_font_description (probe, desc);
      pango_layout_set_text (probe, "x", -1);
      *known = pango_layout_get_baseline (probe) / (double) PANGO_SCALE;
    }
  return *known;
}

void
hs_diagram_paint_show_layout (cairo_t     *cr,
                              PangoLayout *layout)
{
  HsDiagramSvg *self = get_svg (cr);
  const PangoFontDescription *desc;
  const char *text;
  PangoLayoutIter *iter;
  GString *s;
  double x0 = 0, y0 = 0;
  guint fill, font;

  if (self == NULL)
    {
      pango_cairo_show_layout (cr, layout);
      return;
    }

  flush_pending (self);
  text = pango_layout_get_text (layout);
  if (text == NULL || text[0] == '\0')
    return;

  if (cairo_has_current_point (cr))
    cairo_get_current_point (cr, &x0, &y0);
  cairo_user_to_device (cr, &x0, &y0);
  fill = source_class (self, cr, FALSE);
  desc = pango_layout_get_font_description (layout) != NULL
    ? pango_layout_get_font_description (layout)
    : pango_context_get_font_description (pango_layout_get_context (layout));
  font = font_class (self, desc);
  s = self->out;

  if (is_plain_line (layout, text))
    {
      emit_line (self, font, fill, x0, y0 + font_baseline (self, pango_layout_get_context (layout), desc, font),
                 text, -1);
      return;
    }

  iter = pango_layout_get_iter (layout);
  if (pango_layout_get_line_count (layout) == 1)
    {
      PangoLayoutLine *line = pango_layout_iter_get_line_readonly (iter);
      PangoRectangle logical;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      emit_line (self, font, fill, x0 + logical.x / (double) PANGO_SCALE,
                 y0 + pango_layout_iter_get_baseline (iter) / (double) PANGO_SCALE,
                 text + line->start_index, line->length);
      pango_layout_iter_free (iter);
      return;
    }

  /* a wrapped layout: one <text>, a <tspan> a line where Pango put it */
  close_text (self);
  g_string_append_printf (s, "<text class=\"c%u c%u\">", font, fill);
  do
    {
      PangoLayoutLine *line = pango_layout_iter_get_line_readonly (iter);
      PangoRectangle logical;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      g_string_append (s, "<tspan x=\"");
      append_num (s, x0 + logical.x / (double) PANGO_SCALE);
      g_string_append (s, "\" y=\"");
      append_num (s, y0 + pango_layout_iter_get_baseline (iter) / (double) PANGO_SCALE);
      g_string_append (s, "\">");
      append_escaped (s, text + line->start_index, line->length);
      g_string_append (s, "</tspan>");
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
  g_string_append (s, "</text>\n");
  flush_out (self, FALSE);
}

/* ------------------------------------------------------------------ */
/* the document                                                        */

HsDiagramSvg *
hs_diagram_svg_new (GOutputStream *stream,
                    double         width,
                    double         height,
                    const char    *title)
{
  HsDiagramSvg *self = g_new0 (HsDiagramSvg, 1);

  self->stream = stream;
  self->out = g_string_sized_new (HS_OUTPUT_CHUNK_SIZE + 4096);
  self->geom = g_string_new (NULL);
  self->scratch = g_string_new (NULL);
  self->pending_geom = g_string_new (NULL);
  self->classes = g_hash_table_new (g_str_hash, g_str_equal);
  self->rules = g_ptr_array_new_with_free_func (g_free);
  self->fonts = g_hash_table_new_full ((GHashFunc) pango_font_description_hash,
                                       (GEqualFunc) pango_font_description_equal,
                                       (GDestroyNotify) pango_font_description_free, NULL);
  self->rects = g_array_new (FALSE, FALSE, sizeof (double));
  self->baselines = g_array_new (FALSE, FALSE, sizeof (double));

  /* nothing is drawn on it: it only shows what went past the paint calls */
  self->surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  self->cr = cairo_create (self->surface);
  cairo_set_user_data (self->cr, &svg_key, self, NULL);

  g_string_append (self->out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                              "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"");
  append_num (self->out, width);
  g_string_append (self->out, "\" height=\"");
  append_num (self->out, height);
  g_string_append (self->out, "\" viewBox=\"0 0 ");
  append_num (self->out, width);
  g_string_append_c (self->out, ' ');
  append_num (self->out, height);
  /* a label's spaces are kept as Pango laid them out */
  g_string_append (self->out, "\" xml:space=\"preserve\">\n");
  if (title != NULL && title[0] != '\0')
    {
      g_string_append (self->out, "<title>");
      append_escaped (self->out, title, -1);
      g_string_append (self->out, "</title>\n");
    }

  return self;
}

cairo_t *
hs_diagram_svg_get_cairo (HsDiagramSvg *self)
{
  return self->cr;
}

gboolean
hs_diagram_svg_finish (HsDiagramSvg  *self,
                       GError       **error)
{
  double x, y, w = 0, h = 0;

  flush_pending (self);
  close_text (self);

  /* CSS applies to the whole document wherever its sheet stands, so the
   * body could be streamed before every class was known */
  g_string_append (self->out, "<style>\n"
                              "path,rect{fill:none;stroke-miterlimit:10}\n");
  for (guint i = 0; i < self->rules->len; i++)
    g_string_append_printf (self->out, ".c%u{%s}\n", i, (const char *) g_ptr_array_index (self->rules, i));
  g_string_append (self->out, "</style>\n</svg>\n");
  flush_out (self, TRUE);

  cairo_recording_surface_ink_extents (self->surface, &x, &y, &w, &h);
  if (w > 0 || h > 0)
    g_warning ("Something was drawn on the SVG writer's cairo_t without the "
               "hs_diagram_paint_*() calls, at %.0f,%.0f (%.0f×%.0f): it is missing from the SVG",
               x, y, w, h);

  if (self->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->error));
      return FALSE;
    }
  return TRUE;
}

void
hs_diagram_svg_free (HsDiagramSvg *self)
{
  if (self == NULL)
    return;

  cairo_destroy (self->cr);
  cairo_surface_destroy (self->surface);
  g_string_free (self->out, TRUE);
  g_string_free (self->geom, TRUE);
  g_string_free (self->scratch, TRUE);
  g_string_free (self->pending_geom, TRUE);
  g_hash_table_unref (self->classes);
  g_ptr_array_unref (self->rules);
  g_hash_table_unref (self->fonts);
  g_array_unref (self->rects);
  g_array_unref (self->baselines);
  g_clear_error (&self->error);
  g_free (self);
}

void
hs_diagram_paint_show_text (cairo_t                    *cr,
                            PangoContext               *context,
                            const PangoFontDescription *desc,
                            const char                 *text)
{
  HsDiagramSvg *self = get_svg (cr);
  g_autoptr(PangoLayout) layout = NULL;

  if (self != NULL && text[0] != '\0' && is_plain_text (text))
    {
      double x0 = 0, y0 = 0;
      guint fill, font;

      /* as hs_diagram_paint_show_layout() would, without a PangoLayout */
      flush_pending (self);
      if (cairo_has_current_point (cr))
        cairo_get_current_point (cr, &x0, &y0);
      cairo_user_to_device (cr, &x0, &y0);
      fill = source_class (self, cr, FALSE);
      font = font_class (self, desc);
      emit_line (self, font, fill, x0, y0 + font_baseline (self, context, desc, font), text, -1);
      flush_out (self, FALSE);
      return;
    }

  layout = pango_layout_new (context);
  pango_layout_set_font_description (layout, desc);
  pango_layout_set_text (layout, text, -1);
  hs_diagram_paint_show_layout (cr, layout);
}
