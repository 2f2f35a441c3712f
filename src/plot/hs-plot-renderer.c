/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-plot-renderer.c: axes, series, marks and the cursor of a plot; the
 * time-sequence and sliding-window plots are drawn in hs-plot-sequence.c
 * and hs-plot-window.c. */

#define G_LOG_DOMAIN "hs-plot"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "hs-narration.h"
#include "hs-plot-renderer-private.h"

#define MARGIN_LEFT   72.0
#define MARGIN_RIGHT  24.0
#define MARGIN_TOP    44.0
#define MARGIN_BOTTOM 96.0
/* A plot shorter than COMPACT_HEIGHT (the window's pane below the
 * diagram on a small screen) writes the time unit on its ticks instead
 * of an axis title under them, for more room to plot. */
#define COMPACT_HEIGHT 320.0
#define MARGIN_BOTTOM_COMPACT 64.0


/* Okabe and Ito's palette, told apart by colour-blind readers, and by a
 * dash pattern each as well, so print and grayscale keep them apart. */
static const HsDiagramColor okabe_ito[] = {
  { 0.000, 0.447, 0.698, 1 },   /* blue */
  { 0.835, 0.369, 0.000, 1 },   /* vermillion */
  { 0.000, 0.620, 0.451, 1 },   /* bluish green */
  { 0.800, 0.475, 0.655, 1 },   /* reddish purple */
  { 0.902, 0.624, 0.000, 1 },   /* orange */
  { 0.337, 0.706, 0.914, 1 },   /* sky blue */
};

/* Brighter for a dark background. */
static const HsDiagramColor okabe_ito_dark[] = {
  { 0.337, 0.706, 0.914, 1 },
  { 0.902, 0.624, 0.000, 1 },
  { 0.000, 0.800, 0.600, 1 },
  { 0.900, 0.600, 0.780, 1 },
  { 0.941, 0.894, 0.259, 1 },
  { 0.600, 0.800, 1.000, 1 },
};

static const double dashes[][2] = {
  { 0, 0 }, { 8, 4 }, { 2, 3 }, { 10, 3 }, { 4, 4 }, { 1, 2 },
};


SeriesLook
_hs_plot_series_look (const Frame *f,
             guint        index)
{
  SeriesLook look = { 0 };
  guint n = G_N_ELEMENTS (okabe_ito);

  look.color = f->style->kind == HS_DIAGRAM_STYLE_DARK ? okabe_ito_dark[index % n] : okabe_ito[index % n];
  if (f->style->kind == HS_DIAGRAM_STYLE_PRINT)
    {
      /* grayscale: dashes and greys carry it */
      double g = 0.15 * (index % 3);

      look.color = (HsDiagramColor) { g, g, g, 1 };
    }
  look.width = (index == 0 ? 2.5 : 1.8) * f->scale;
  look.dash[0] = dashes[index % G_N_ELEMENTS (dashes)][0] * f->scale;
  look.dash[1] = dashes[index % G_N_ELEMENTS (dashes)][1] * f->scale;
  return look;
}

/* Each series also carries a shape every so often along its line, so
 * that neither colour nor dashes alone tell them apart. */
static void
series_shape (cairo_t *cr,
              guint    index,
              double   x,
              double   y,
              double   r)
{
  switch (index % 4)
    {
    case 0:
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, r, 0, 2 * G_PI);
      break;
    case 1:
      cairo_rectangle (cr, x - r, y - r, 2 * r, 2 * r);
      break;
    case 2:
      cairo_move_to (cr, x, y - r * 1.2);
      cairo_line_to (cr, x + r * 1.1, y + r * 0.9);
      cairo_line_to (cr, x - r * 1.1, y + r * 0.9);
      cairo_close_path (cr);
      break;
    default:
      cairo_move_to (cr, x, y - r * 1.3);
      cairo_line_to (cr, x + r * 1.1, y);
      cairo_line_to (cr, x, y + r * 1.3);
      cairo_line_to (cr, x - r * 1.1, y);
      cairo_close_path (cr);
      break;
    }
}

void
_hs_plot_set_color (cairo_t              *cr,
           const HsDiagramColor *c)
{
  cairo_set_source_rgba (cr, c->red, c->green, c->blue, c->alpha);
}

void
_hs_plot_apply_look (cairo_t          *cr,
            const SeriesLook *look)
{
  _hs_plot_set_color (cr, &look->color);
  cairo_set_line_width (cr, look->width);
  if (look->dash[0] > 0)
    cairo_set_dash (cr, look->dash, 2, 0);
  else
    cairo_set_dash (cr, NULL, 0, 0);
}

void
hs_plot_render_options_init (HsPlotRenderOptions *options)
{
  g_return_if_fail (options != NULL);

  *options = (HsPlotRenderOptions) {
    .style = HS_DIAGRAM_STYLE_LIGHT,
    .width = 960,
    .height = 540,
    .current_step = HS_TRACE_NONE,
    .scale = 1.0,
  };
}

/* @options as the frame sees them: a scaled plot is drawn at its size
 * divided by the scale, under cairo_scale(). */
static double
unscaled (const HsPlotRenderOptions *options,
          HsPlotRenderOptions       *out)
{
  double scale = options->scale >= 0.25 ? options->scale : 1.0;

  *out = *options;
  out->width = options->width / scale;
  out->height = options->height / scale;
  out->scale = 1.0;
  return scale;
}

/* ------------------------------------------------------------------ */
/* Units and ticks                                                      */

/* 1, 2 or 5 times a power of ten, about @span / @n. */
static double
nice_step (double span,
           double n)
{
  double raw = span / MAX (n, 1);
  double p = pow (10, floor (log10 (MAX (raw, 1e-9))));
  double m = raw / p;

  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

static const char *
time_unit (HsTime  span,
           double *div)
{
  if (span < 5 * HS_USEC_PER_MSEC)
    {
      *div = 1;
      return "µs";
    }
  if (span < 5 * HS_USEC_PER_SEC)
    {
      *div = HS_USEC_PER_MSEC;
      return "ms";
    }
  *div = HS_USEC_PER_SEC;
  return "s";
}

static const char *
byte_unit (double  max,
           double *div)
{
  if (max < 4 * 1024)
    {
      *div = 1;
      return "B";
    }
  if (max < 4 * 1024 * 1024)
    {
      *div = 1024;
      return "KiB";
    }
  *div = 1024 * 1024;
  return "MiB";
}

/* The value axis' unit for @max, and its title. */
static char *
value_axis (const Frame *f,
            double       max,
            double      *div)
{
  HsPlotKind kind = hs_plot_data_get_kind (f->data);
  const char *unit;

  if (kind == HS_PLOT_RTT)
    {
      unit = time_unit ((HsTime) max, div);
      /* Translators: the value axis of the RTT plot; %s is µs, ms or s */
      return g_strdup_printf (_("Time (%s)"), unit);
    }
  if (f->options->segments && kind != HS_PLOT_THROUGHPUT)
    {
      *div = hs_plot_data_get_mss (f->data);
      return g_strdup (kind == HS_PLOT_SEQUENCE ? _("Sequence number (segments)") : _("Segments"));
    }
  unit = byte_unit (max, div);
  if (kind == HS_PLOT_THROUGHPUT)
    /* Translators: %s is B, KiB or MiB */
    return g_strdup_printf (_("Throughput (%s/s)"), unit);
  if (kind == HS_PLOT_SEQUENCE)
    /* Translators: the value axis of the time-sequence plot; %s is B, KiB or MiB */
    return g_strdup_printf (_("Relative sequence number (%s)"), unit);
  /* Translators: %s is B, KiB or MiB */
  return g_strdup_printf (_("Bytes (%s)"), unit);
}

static char *
format_number (double v)
{
  if (fabs (v - round (v)) < 1e-6)
    return g_strdup_printf ("%.0f", v);
  if (fabs (v * 10 - round (v * 10)) < 1e-6)
    return g_strdup_printf ("%.1f", v);
  return g_strdup_printf ("%.2f", v);
}

/* ------------------------------------------------------------------ */
/* Text                                                                 */

void
_hs_plot_text_at (Frame                      *f,
         cairo_t                    *cr,
         const char                 *text,
         const PangoFontDescription *font,
         double                      x,
         double                      y,
         double                      align_x,   /* 0 left, 0.5 centre, 1 right */
         double                      align_y)
{
  int w, h;

  pango_layout_set_font_description (f->layout, font);
  pango_layout_set_text (f->layout, text, -1);
  pango_layout_get_pixel_size (f->layout, &w, &h);
  cairo_move_to (cr, x - align_x * w, y - align_y * h);
  pango_cairo_show_layout (cr, f->layout);
}

/* ------------------------------------------------------------------ */
/* Frame                                                                */

double
_hs_plot_x_of (const Frame *f,
      HsTime       t)
{
  if (f->t1 <= f->t0)
    return f->left;
  return f->left + (double) (t - f->t0) / (double) (f->t1 - f->t0) * (f->right - f->left);
}

double
_hs_plot_y_of (const Frame *f,
      double       v)
{
  if (f->v_max <= 0)
    return f->bottom;
  return f->bottom - v / f->v_max * (f->bottom - f->top);
}

static void
frame_init (Frame                     *f,
            HsPlotData                *data,
            const HsPlotRenderOptions *options)
{
  f->data = data;
  f->options = options;
  f->scale = options->style == HS_DIAGRAM_STYLE_HIGH_CONTRAST ? 1.6 : 1.0;
  f->left = MARGIN_LEFT * (f->scale > 1 ? 1.25 : 1);
  /* the sliding window has no value axis to leave room for */
  if (hs_plot_data_get_kind (data) == HS_PLOT_WINDOW)
    f->left = 16;
  f->top = options->no_title ? 16 : MARGIN_TOP;
  f->right = options->width - MARGIN_RIGHT;
  f->compact = options->height < COMPACT_HEIGHT;
  f->bottom = options->height - (f->compact ? MARGIN_BOTTOM_COMPACT : MARGIN_BOTTOM) * (f->scale > 1 ? 1.3 : 1);
  if (options->time_end > options->time_start)
    {
      f->t0 = options->time_start;
      f->t1 = options->time_end;
    }
  else
    {
      f->t0 = hs_plot_data_get_start_time (data);
      f->t1 = MAX (hs_plot_data_get_end_time (data), f->t0 + 1);
    }

  f->v_max = hs_plot_data_get_max_value (data);
  f->v_max = MAX (f->v_max * 1.08, 1);
}

/* ------------------------------------------------------------------ */
/* Axes                                                                 */

static void
draw_axes (Frame   *f,
           cairo_t *cr)
{
  HsDiagramStyle *st = f->style;
  double tdiv, vdiv;
  const char *tunit = time_unit (f->t1 - f->t0, &tdiv);
  g_autofree char *vtitle = value_axis (f, f->v_max, &vdiv);
  g_autofree char *ttitle = NULL;
  double span, step;

  cairo_save (cr);
  cairo_set_line_width (cr, 1 * f->scale);

  /* value ticks and grid */
  span = f->v_max / vdiv;
  step = nice_step (span, (f->bottom - f->top) / 60);
  for (double v = 0; v <= span + 1e-9; v += step)
    {
      double y = round (_hs_plot_y_of (f, v * vdiv)) + 0.5;
      g_autofree char *label = format_number (v);

      _hs_plot_set_color (cr, &st->lane);
      cairo_set_source_rgba (cr, st->lane.red, st->lane.green, st->lane.blue, 0.35);
      cairo_move_to (cr, f->left, y);
      cairo_line_to (cr, f->right, y);
      cairo_stroke (cr);
      _hs_plot_set_color (cr, &st->muted);
      _hs_plot_text_at (f, cr, label, st->note_font, f->left - 6, y, 1, 0.5);
    }

  /* time ticks */
  span = (double) (f->t1 - f->t0) / tdiv;
  step = nice_step (span, (f->right - f->left) / 110);
  for (double t = ceil ((double) f->t0 / tdiv / step) * step; t * tdiv <= f->t1 + 1e-6; t += step)
    {
      double x = round (_hs_plot_x_of (f, (HsTime) llround (t * tdiv))) + 0.5;
      g_autofree char *number = format_number (t);
      /* Translators: a tick on a short plot's time axis: "250 ms" */
      g_autofree char *label = f->compact ? g_strdup_printf (C_("time tick", "%s %s"), number, tunit)
                                          : g_strdup (number);

      _hs_plot_set_color (cr, &st->muted);
      cairo_move_to (cr, x, f->bottom);
      cairo_line_to (cr, x, f->bottom + 5);
      cairo_stroke (cr);
      _hs_plot_text_at (f, cr, label, st->note_font, x, f->bottom + 7, 0.5, 0);
    }

  _hs_plot_set_color (cr, &st->text);
  cairo_rectangle (cr, f->left + 0.5, f->top + 0.5, f->right - f->left - 1, f->bottom - f->top - 1);
  cairo_stroke (cr);

  if (!f->compact)
    {
      /* Translators: the time axis of a plot; %s is µs, ms or s */
      ttitle = g_strdup_printf (_("Time (%s)"), tunit);
      _hs_plot_text_at (f, cr, ttitle, st->note_font, (f->left + f->right) / 2, f->bottom + 24 * f->scale, 0.5, 0);
    }
  cairo_save (cr);
  cairo_translate (cr, 14, (f->top + f->bottom) / 2);
  cairo_rotate (cr, -G_PI / 2);
  _hs_plot_text_at (f, cr, vtitle, st->note_font, 0, 0, 0.5, 0);
  cairo_restore (cr);
  cairo_restore (cr);

  f->y_div = vdiv;
}

static char *
plot_title (HsPlotData *data)
{
  HsTrace *trace = hs_plot_data_get_trace (data);
  /* the sentence form ("the client", "客户端"): the lesson file's name is
   * not a word of the user's language */
  const char *who = hs_narration_endpoint_name (trace, hs_plot_data_get_endpoint (data));

  switch (hs_plot_data_get_kind (data))
    {
    case HS_PLOT_CONGESTION:
      return hs_plot_data_is_capture (data)
        /* Translators: %s names an endpoint, such as “the client” */
        ? g_strdup_printf (_("Congestion: bytes in flight of %s (cwnd is not on the wire: flight estimates it)"), who)
        /* Translators: %s names an endpoint, such as “the client” */
        : g_strdup_printf (_("Congestion window of %s"), who);
    case HS_PLOT_SEQUENCE:
      /* Translators: %s names an endpoint, such as “the client” */
      return g_strdup_printf (_("Time-sequence of what %s sends"), who);
    case HS_PLOT_WINDOW:
      /* Translators: %s names an endpoint, such as “the client” */
      return g_strdup_printf (_("Sliding window of %s"), who);
    case HS_PLOT_THROUGHPUT:
      /* Translators: %s names an endpoint, such as “the client” */
      return g_strdup_printf (_("Throughput of %s"), who);
    case HS_PLOT_RTT:
    default:
      /* Translators: %s names an endpoint, such as “the client” */
      return g_strdup_printf (_("Round-trip time seen by %s"), who);
    }
}

/* Moves to the next legend line when @w more pixels do not fit. */
void
_hs_plot_legend_wrap (Frame  *f,
             double *x,
             double *y,
             double  w)
{
  if (*x > f->left && *x + w > f->options->width - 8)
    {
      *x = f->left;
      *y += 18 * f->scale;
    }
}

static void
legend_entry (Frame            *f,
              cairo_t          *cr,
              double           *x,
              double           *yp,
              const SeriesLook *look,
              int               shape,
              gboolean          points,
              const char       *label)
{
  int w, h;
  double y;

  pango_layout_set_font_description (f->layout, f->style->note_font);
  pango_layout_set_text (f->layout, label, -1);
  pango_layout_get_pixel_size (f->layout, &w, &h);
  _hs_plot_legend_wrap (f, x, yp, 34 + w);
  y = *yp;
  cairo_save (cr);
  _hs_plot_apply_look (cr, look);
  if (!points)
    {
      cairo_move_to (cr, *x, y);
      cairo_line_to (cr, *x + 28, y);
      cairo_stroke (cr);
    }
  if (shape >= 0)
    {
      series_shape (cr, (guint) shape, *x + 14, y, 3.5 * f->scale);
      cairo_fill (cr);
    }
  cairo_restore (cr);
  _hs_plot_set_color (cr, &f->style->text);
  _hs_plot_text_at (f, cr, label, f->style->note_font, *x + 34, y, 0, 0.5);
  pango_layout_get_pixel_size (f->layout, &w, &h);
  *x += 34 + w + 18;
}

/* ------------------------------------------------------------------ */
/* Series                                                               */


void
_hs_plot_column_add (GArray *columns,
            double  x,
            double  y_first,
            double  y_lo,
            double  y_hi,
            double  y_last)
{
  Column *c = columns->len > 0 ? &g_array_index (columns, Column, columns->len - 1) : NULL;

  if (c != NULL && floor (c->x) == floor (x))
    {
      c->lo = MIN (c->lo, y_lo);
      c->hi = MAX (c->hi, y_hi);
      c->last = y_last;
      return;
    }
  g_array_append_val (columns, ((Column) { x, y_first, y_lo, y_hi, y_last }));
}

void
_hs_plot_stroke_columns (Frame            *f,
                cairo_t          *cr,
                GArray           *columns,
                const SeriesLook *look,
                gboolean          step_line,
                double            x_end)
{
  double last = 0;
  double w = look->width;

  if (columns->len == 0)
    return;
  _hs_plot_apply_look (cr, look);
  if (!step_line)
    {
      for (guint i = 0; i < columns->len; i++)
        {
          const Column *c = &g_array_index (columns, Column, i);

          cairo_line_to (cr, c->x, c->first);
          if (c->lo != c->hi)
            {
              cairo_line_to (cr, c->x, c->lo);
              cairo_line_to (cr, c->x, c->hi);
              cairo_line_to (cr, c->x, c->last);
            }
        }
      cairo_stroke (cr);
      return;
    }

  /* A step line: the level between readings is stroked (dashed, for
   * series other than the first); what happens within a pixel column,
   * a jump or many readings, is one solid bar. Dashing costs cairo a
   * great deal per sub-path: past a few hundred columns the levels are
   * solid, and the shapes along the line tell the series apart. */
  if (columns->len > 400)
    cairo_set_dash (cr, NULL, 0, 0);
  for (guint i = 0; i < columns->len; i++)
    {
      const Column *c = &g_array_index (columns, Column, i);
      double x_next = i + 1 < columns->len ? g_array_index (columns, Column, i + 1).x : MAX (x_end, c->x);

      if (x_next > c->x)
        {
          cairo_move_to (cr, c->x, c->last);
          cairo_line_to (cr, x_next, c->last);
        }
    }
  cairo_stroke (cr);

  for (guint i = 0; i < columns->len; i++)
    {
      const Column *c = &g_array_index (columns, Column, i);
      double top = MIN (c->lo, c->first), bottom = MAX (c->hi, c->first);

      if (i > 0)
        {
          top = MIN (top, last);
          bottom = MAX (bottom, last);
        }
      if (bottom > top)
        cairo_rectangle (cr, c->x - w / 2, top - w / 2, w, bottom - top + w);
      last = c->last;
    }
  cairo_fill (cr);
}

/* The series' shape on its line every 160 px, staggered per series. */
static void
mark_columns (Frame            *f,
              cairo_t          *cr,
              GArray           *columns,
              guint             index,
              const SeriesLook *look,
              double            x_end)
{
  double r = 3.5 * f->scale;
  double next = f->left + 40 + 37 * index;
  guint i = 0;

  if (columns->len == 0)
    return;
  for (; next < MIN (f->right, x_end); next += 160)
    {
      while (i + 1 < columns->len && g_array_index (columns, Column, i + 1).x <= next)
        i++;
      if (g_array_index (columns, Column, i).x > next)
        continue;
      series_shape (cr, index, next, g_array_index (columns, Column, i).last, r);
    }
  _hs_plot_set_color (cr, &look->color);
  cairo_fill_preserve (cr);
  _hs_plot_set_color (cr, &f->style->background);
  cairo_set_line_width (cr, 1);
  cairo_set_dash (cr, NULL, 0, 0);
  cairo_stroke (cr);
}

/* A series of samples: a dot per reading, or where a pixel column holds
 * several, a bar from the lowest to the highest with a dot at each end. */
static void
draw_points (Frame            *f,
             cairo_t          *cr,
             GArray           *columns,
             guint             index,
             const SeriesLook *look)
{
  double r = 3 * f->scale;

  cairo_save (cr);
  _hs_plot_set_color (cr, &look->color);
  cairo_set_dash (cr, NULL, 0, 0);
  cairo_set_line_width (cr, 1.5 * f->scale);
  for (guint i = 0; i < columns->len; i++)
    {
      const Column *c = &g_array_index (columns, Column, i);

      if (c->hi - c->lo > 2 * r)
        {
          cairo_move_to (cr, c->x, c->lo);
          cairo_line_to (cr, c->x, c->hi);
          cairo_stroke (cr);
          series_shape (cr, index, c->x, c->hi, r);
        }
      series_shape (cr, index, c->x, c->lo, r);
      cairo_fill (cr);
    }
  cairo_restore (cr);
}

static void
draw_series (Frame   *f,
             cairo_t *cr)
{
  HsPlotData *data = f->data;
  guint n_series = hs_plot_data_get_n_series (data);
  guint n = hs_plot_data_get_n_points (data);
  gint64 i0, i1;
  double columns_wide = MAX (f->right - f->left, 1);
  gboolean step_line = hs_plot_data_get_kind (data) != HS_PLOT_THROUGHPUT;
  /* ssthresh before it is set leaves a gap, as does SRTT */
  gboolean gaps = !hs_plot_data_is_capture (data);
  GArray *columns[HS_PLOT_MAX_SERIES];
  double x_end = MIN (f->right, _hs_plot_x_of (f, hs_plot_data_get_end_time (data)));

  if (n == 0)
    return;
  i0 = MAX (hs_plot_data_find_point (data, f->t0), 0);
  i1 = MIN (hs_plot_data_find_point (data, f->t1) + 2, (gint64) n);
  for (guint k = 0; k < n_series; k++)
    columns[k] = g_array_sized_new (FALSE, FALSE, sizeof (Column), (guint) columns_wide + 2);

  cairo_save (cr);
  cairo_rectangle (cr, f->left, f->top, f->right - f->left, f->bottom - f->top);
  cairo_clip (cr);
  /* thousands of short joins: bevels cost least */
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_BEVEL);

  if (i1 - i0 <= 2 * columns_wide)
    {
      /* few enough to read each one, all series at once */
      for (gint64 i = i0; i < i1; i++)
        {
          HsPlotPoint p;
          double x;

          hs_plot_data_get_point (data, (guint) i, &p);
          x = _hs_plot_x_of (f, p.time);
          for (guint k = 0; k < n_series; k++)
            {
              double y;

              if (p.values[k] == HS_PLOT_NO_VALUE)
                {
                  if (gaps && columns[k]->len > 0 && !hs_plot_data_get_series_points (data, k))
                    {
                      SeriesLook look = _hs_plot_series_look (f, k);

                      _hs_plot_stroke_columns (f, cr, columns[k], &look, step_line, x);
                      g_array_set_size (columns[k], 0);
                    }
                  continue;
                }
              y = _hs_plot_y_of (f, p.values[k]);
              _hs_plot_column_add (columns[k], x, y, y, y, y);
            }
        }
    }
  else
    {
      /* the summary's level with at most a bucket per pixel column */
      guint shift = hs_plot_data_get_bucket_shift (data);
      guint level = 0;
      guint b0, b1, nb;

      while (level + 1 < hs_plot_data_get_n_levels (data) &&
             ((i1 - i0) >> (level + shift)) > columns_wide)
        level++;
      nb = hs_plot_data_get_n_buckets (data, level);
      b0 = (guint) (i0 >> (level + shift));
      b1 = MIN ((guint) ((i1 - 1) >> (level + shift)) + 1, nb);

      for (guint b = b0; b < b1; b++)
        {
          const HsPlotBucket *bk = hs_plot_data_get_bucket (data, level, b);
          double x = _hs_plot_x_of (f, bk->first_time);

          for (guint k = 0; k < n_series; k++)
            {
              if (bk->min[k] == HS_PLOT_NO_VALUE)
                continue;
              /* a bucket enters and leaves at its middle: its readings'
               * order inside is not kept */
              _hs_plot_column_add (columns[k], x, _hs_plot_y_of (f, (bk->min[k] / 2.0 + bk->max[k] / 2.0)),
                          _hs_plot_y_of (f, bk->max[k]), _hs_plot_y_of (f, bk->min[k]),
                          _hs_plot_y_of (f, (bk->min[k] / 2.0 + bk->max[k] / 2.0)));
            }
        }
    }

  /* the first series on top */
  for (guint k = n_series; k-- > 0;)
    {
      SeriesLook look = _hs_plot_series_look (f, k);

      if (hs_plot_data_get_series_points (data, k))
        draw_points (f, cr, columns[k], k, &look);
      else
        {
          _hs_plot_stroke_columns (f, cr, columns[k], &look, step_line, x_end);
          if (n_series > 1)
            mark_columns (f, cr, columns[k], k, &look, x_end);
        }
      g_array_unref (columns[k]);
    }
  cairo_restore (cr);
}

/* Retransmissions, timeouts and losses under the time axis: a triangle,
 * a diamond and a cross, so shape tells them apart without colour. */
void
_hs_plot_draw_mark (cairo_t         *cr,
           HsPlotEventKind  kind,
           double           x,
           double           y,
           double           r)
{
  switch (kind)
    {
    case HS_PLOT_EVENT_RETRANSMISSION:
      cairo_move_to (cr, x, y - r);
      cairo_line_to (cr, x + r, y + r);
      cairo_line_to (cr, x - r, y + r);
      cairo_close_path (cr);
      cairo_fill (cr);
      break;
    case HS_PLOT_EVENT_TIMEOUT:
      cairo_move_to (cr, x, y - r);
      cairo_line_to (cr, x + r, y);
      cairo_line_to (cr, x, y + r);
      cairo_line_to (cr, x - r, y);
      cairo_close_path (cr);
      cairo_fill (cr);
      break;
    case HS_PLOT_EVENT_LOSS:
    default:
      cairo_move_to (cr, x - r, y - r);
      cairo_line_to (cr, x + r, y + r);
      cairo_move_to (cr, x + r, y - r);
      cairo_line_to (cr, x - r, y + r);
      cairo_stroke (cr);
      break;
    }
}

static const char *
event_label (HsPlotEventKind kind)
{
  switch (kind)
    {
    case HS_PLOT_EVENT_RETRANSMISSION:
      return _("Retransmission");
    case HS_PLOT_EVENT_TIMEOUT:
      return _("Timeout");
    case HS_PLOT_EVENT_LOSS:
    default:
      return _("Lost");
    }
}

static void
draw_events (Frame   *f,
             cairo_t *cr,
             guint   *seen)
{
  guint n = hs_plot_data_get_n_events (f->data);
  double last_x[3] = { -1e9, -1e9, -1e9 };
  double r = 4 * f->scale;

  *seen = 0;
  cairo_save (cr);
  cairo_set_line_width (cr, 1.5 * f->scale);
  for (guint i = 0; i < n; i++)
    {
      const HsPlotEvent *ev = hs_plot_data_get_event (f->data, i);
      double x;

      if (ev->kind > HS_PLOT_EVENT_LOSS || ev->time < f->t0 || ev->time > f->t1)
        continue;
      x = _hs_plot_x_of (f, ev->time);
      *seen |= 1u << ev->kind;
      if (x - last_x[ev->kind] < 2 * r)
        continue;
      last_x[ev->kind] = x;
      _hs_plot_set_color (cr, &f->style->lost);
      if (ev->kind == HS_PLOT_EVENT_TIMEOUT)
        _hs_plot_set_color (cr, &f->style->timer);
      /* a faint line up through the plot, the shape on the axis */
      cairo_save (cr);
      cairo_set_line_width (cr, 1);
      cairo_set_source_rgba (cr, f->style->muted.red, f->style->muted.green, f->style->muted.blue, 0.35);
      cairo_move_to (cr, round (x) + 0.5, f->top);
      cairo_line_to (cr, round (x) + 0.5, f->bottom);
      cairo_stroke (cr);
      cairo_restore (cr);
      /* one row per kind: a timeout and its retransmission share a time */
      _hs_plot_draw_mark (cr, ev->kind, x, f->bottom - r - 3 - ev->kind * (2 * r + 3), r);
    }
  cairo_restore (cr);
}

/* Fast recovery as a shaded band behind the series, from the fast
 * retransmission to the ACK that ends it (or the end of the plot). TRUE
 * when one is in view. */
static gboolean
draw_recovery (Frame   *f,
               cairo_t *cr)
{
  guint n = hs_plot_data_get_n_events (f->data);
  gboolean any = FALSE;
  HsTime start = -1;

  cairo_save (cr);
  cairo_rectangle (cr, f->left, f->top, f->right - f->left, f->bottom - f->top);
  cairo_clip (cr);
  _hs_plot_set_color (cr, &f->style->note_fill);
  for (guint i = 0; i <= n; i++)
    {
      const HsPlotEvent *ev = i < n ? hs_plot_data_get_event (f->data, i) : NULL;
      HsTime end;
      double x0, x1;

      if (ev != NULL && ev->kind == HS_PLOT_EVENT_RECOVERY_START && start < 0)
        {
          start = ev->time;
          continue;
        }
      if (start < 0 || (ev != NULL && ev->kind != HS_PLOT_EVENT_RECOVERY_END))
        continue;
      end = ev != NULL ? ev->time : f->t1;
      x0 = _hs_plot_x_of (f, MAX (start, f->t0));
      x1 = _hs_plot_x_of (f, MIN (end, f->t1));
      start = -1;
      if (end < f->t0 || x0 > f->right)
        continue;
      /* at least a few pixels: a recovery of one round trip in a long
       * trace still shows */
      cairo_rectangle (cr, x0, f->top, MAX (x1 - x0, 3), f->bottom - f->top);
      any = TRUE;
    }
  cairo_fill (cr);
  cairo_restore (cr);
  return any;
}

/* ------------------------------------------------------------------ */

static void
draw_cursor (Frame   *f,
             cairo_t *cr)
{
  double x;
  g_autofree char *label = NULL;

  if (!hs_plot_x_for_step (f->data, f->options, f->options->current_step, &x))
    return;
  cairo_save (cr);
  _hs_plot_set_color (cr, &f->style->text);
  cairo_set_line_width (cr, 1.5 * f->scale);
  cairo_move_to (cr, round (x) + 0.5, f->top);
  cairo_line_to (cr, round (x) + 0.5, f->bottom);
  cairo_stroke (cr);
  /* Translators: the plot's cursor; %u is the current step's number */
  label = g_strdup_printf (_("Step %u"), f->options->current_step + 1);
  _hs_plot_set_color (cr, &f->style->badge_fill);
  _hs_plot_text_at (f, cr, label, f->style->badge_font, x + 4, f->top + 2, x > (f->left + f->right) / 2 ? 1.1 : 0, 0);
  cairo_restore (cr);
}

void
hs_plot_render (HsPlotData                *data,
                cairo_t                   *cr,
                const HsPlotRenderOptions *options)
{
  g_autoptr(HsDiagramStyle) style = NULL;
  g_autoptr(PangoLayout) layout = NULL;
  g_autofree char *title = NULL;
  Frame f = { 0 };
  HsPlotKind kind;
  double lx, ly;
  guint seen = 0;
  gboolean recovery = FALSE;

  g_return_if_fail (HS_IS_PLOT_DATA (data));
  g_return_if_fail (cr != NULL);
  g_return_if_fail (options != NULL);
  if (options->scale != 1.0 && options->scale > 0)
    {
      HsPlotRenderOptions plain;
      double scale = unscaled (options, &plain);

      cairo_save (cr);
      cairo_scale (cr, scale, scale);
      hs_plot_render (data, cr, &plain);
      cairo_restore (cr);
      return;
    }

  kind = hs_plot_data_get_kind (data);
  style = hs_diagram_style_new (options->style);
  layout = pango_cairo_create_layout (cr);
  frame_init (&f, data, options);
  f.style = style;
  f.layout = layout;

  cairo_save (cr);
  if (!options->transparent)
    {
      _hs_plot_set_color (cr, &style->background);
      cairo_paint (cr);
    }

  if (!options->no_title)
    {
      title = plot_title (data);
      _hs_plot_set_color (cr, &style->text);
      _hs_plot_text_at (&f, cr, title, style->header_font, f.left, 10, 0, 0);
    }

  if (kind == HS_PLOT_WINDOW)
    {
      _hs_plot_draw_window (&f, cr);
      cairo_restore (cr);
      return;
    }

  if (kind == HS_PLOT_CONGESTION || kind == HS_PLOT_SEQUENCE)
    recovery = draw_recovery (&f, cr);
  draw_axes (&f, cr);
  if (kind == HS_PLOT_SEQUENCE)
    {
      _hs_plot_draw_sequence (&f, cr);
      /* the I-beams mark retransmissions only when each segment is drawn */
      if (hs_plot_data_get_n_points (data) > 2 * (f.right - f.left))
        draw_events (&f, cr, &seen);
    }
  else
    {
      draw_series (&f, cr);
      draw_events (&f, cr, &seen);
    }
  draw_cursor (&f, cr);

  /* the legend, under the time axis' title */
  lx = f.left;
  ly = f.bottom + (f.compact ? 34 : 48) * f.scale;
  if (kind == HS_PLOT_SEQUENCE)
    {
      SeriesLook l0 = _hs_plot_series_look (&f, 0), l1 = _hs_plot_series_look (&f, 1), l2 = _hs_plot_series_look (&f, 2),
                 l3 = _hs_plot_series_look (&f, 3), l4 = _hs_plot_series_look (&f, 4);

      l0.dash[0] = l1.dash[0] = l4.dash[0] = 0;
      legend_entry (&f, cr, &lx, &ly, &l0, -1, FALSE, _("Data"));
      legend_entry (&f, cr, &lx, &ly, &l1, -1, FALSE, _("Retransmission"));
      legend_entry (&f, cr, &lx, &ly, &l2, -1, FALSE, _("ACK"));
      legend_entry (&f, cr, &lx, &ly, &l3, -1, FALSE, _("Receive window (ACK + window)"));
      legend_entry (&f, cr, &lx, &ly, &l4, -1, FALSE, _("SACK"));
    }
  else
    {
      for (guint k = 0; k < hs_plot_data_get_n_series (data); k++)
        {
          SeriesLook look = _hs_plot_series_look (&f, k);

          gboolean points = hs_plot_data_get_series_points (data, k);

          legend_entry (&f, cr, &lx, &ly, &look, hs_plot_data_get_n_series (data) > 1 || points ? (int) k : -1,
                        points, hs_plot_data_get_series_label (data, k));
        }
      for (guint ev = 0; ev < 3; ev++)
        if (seen & (1u << ev))
          {
            int w, h;

            pango_layout_set_font_description (layout, style->note_font);
            pango_layout_set_text (layout, event_label (ev), -1);
            pango_layout_get_pixel_size (layout, &w, &h);
            _hs_plot_legend_wrap (&f, &lx, &ly, 14 + w);
            _hs_plot_set_color (cr, ev == HS_PLOT_EVENT_TIMEOUT ? &style->timer : &style->lost);
            cairo_set_line_width (cr, 1.5 * f.scale);
            _hs_plot_draw_mark (cr, ev, lx + 5, ly, 4 * f.scale);
            _hs_plot_set_color (cr, &style->text);
            _hs_plot_text_at (&f, cr, event_label (ev), style->note_font, lx + 14, ly, 0, 0.5);
            pango_layout_get_pixel_size (layout, &w, &h);
            lx += 14 + w + 18;
          }
    }
  if (recovery)
    {
      int w, h;

      pango_layout_set_font_description (layout, style->note_font);
      pango_layout_set_text (layout, _("Fast recovery"), -1);
      pango_layout_get_pixel_size (layout, &w, &h);
      _hs_plot_legend_wrap (&f, &lx, &ly, 26 + w);
      _hs_plot_set_color (cr, &style->note_fill);
      cairo_rectangle (cr, lx, ly - 7, 20, 14);
      cairo_fill_preserve (cr);
      _hs_plot_set_color (cr, &style->note_border);
      cairo_set_line_width (cr, 1);
      cairo_stroke (cr);
      _hs_plot_set_color (cr, &style->text);
      _hs_plot_text_at (&f, cr, _("Fast recovery"), style->note_font, lx + 26, ly, 0, 0.5);
    }
  cairo_restore (cr);
}

/* ------------------------------------------------------------------ */
/* Positions                                                            */

guint
hs_plot_step_at (HsPlotData                *data,
                 const HsPlotRenderOptions *options,
                 double                     x)
{
  Frame f = { 0 };
  HsTrace *trace;
  HsTime t;
  guint n, after;

  g_return_val_if_fail (HS_IS_PLOT_DATA (data), HS_TRACE_NONE);

  if (hs_plot_data_get_kind (data) == HS_PLOT_WINDOW)
    return HS_TRACE_NONE;
  if (options->scale != 1.0 && options->scale > 0)
    {
      HsPlotRenderOptions plain;
      double scale = unscaled (options, &plain);

      return hs_plot_step_at (data, &plain, x / scale);
    }
  frame_init (&f, data, options);
  if (x < f.left - 4 || x > f.right + 4)
    return HS_TRACE_NONE;
  trace = hs_plot_data_get_trace (data);
  n = hs_trace_get_n_steps (trace);
  if (n == 0)
    return HS_TRACE_NONE;
  t = f.t0 + (HsTime) llround ((CLAMP (x, f.left, f.right) - f.left) / (f.right - f.left) * (double) (f.t1 - f.t0));
  after = hs_trace_find_step_at_time (trace, t);
  if (after >= n)
    return n - 1;
  if (after > 0)
    {
      HsTraceStep a, b;

      hs_trace_read_step (trace, after - 1, &a);
      hs_trace_read_step (trace, after, &b);
      /* the nearer one; at equal times the last of the earlier group,
       * where what happened at that moment is complete */
      if (t - a.time <= b.time - t)
        return after - 1;
    }
  return after;
}

gboolean
hs_plot_x_for_step (HsPlotData                *data,
                    const HsPlotRenderOptions *options,
                    guint                      step,
                    double                    *x)
{
  Frame f = { 0 };
  HsTrace *trace;
  HsTraceStep st;

  g_return_val_if_fail (HS_IS_PLOT_DATA (data), FALSE);

  trace = hs_plot_data_get_trace (data);
  if (step == HS_TRACE_NONE || step >= hs_trace_get_n_steps (trace) ||
      hs_plot_data_get_kind (data) == HS_PLOT_WINDOW)
    return FALSE;
  if (options->scale != 1.0 && options->scale > 0)
    {
      HsPlotRenderOptions plain;
      double scale = unscaled (options, &plain);

      if (!hs_plot_x_for_step (data, &plain, step, x))
        return FALSE;
      if (x != NULL)
        *x *= scale;
      return TRUE;
    }
  frame_init (&f, data, options);
  hs_trace_read_step (trace, step, &st);
  /* after the time axis' end (TIME-WAIT): pinned to its edge */
  if (st.time > f.t1 && options->time_end <= options->time_start)
    st.time = f.t1;
  if (st.time < f.t0 || st.time > f.t1)
    return FALSE;
  if (x != NULL)
    *x = _hs_plot_x_of (&f, st.time);
  return TRUE;
}

static char *
format_value (HsPlotData                *data,
              const HsPlotRenderOptions *options,
              guint32                    value)
{
  double div;
  const char *unit;
  g_autofree char *num = NULL;

  switch (hs_plot_data_get_unit (data))
    {
    case HS_PLOT_UNIT_USEC:
      unit = time_unit ((HsTime) value, &div);
      num = format_number (round (value / div * 100) / 100);
      return g_strdup_printf ("%s %s", num, unit);
    case HS_PLOT_UNIT_BYTES_PER_SEC:
      unit = byte_unit (value, &div);
      num = format_number (round (value / div * 10) / 10);
      return g_strdup_printf ("%s %s/s", num, unit);
    case HS_PLOT_UNIT_BYTES:
    default:
      if (options->segments)
        {
          num = format_number (round ((double) value / hs_plot_data_get_mss (data) * 100) / 100);
          /* Translators: a number of segments, e.g. 4.5 segments */
          return g_strdup_printf (_("%s segments"), num);
        }
      /* Translators: a number of bytes, e.g. 14480 bytes */
      return g_strdup_printf (_("%u bytes"), value);
    }
}

char *
hs_plot_describe_step (HsPlotData                *data,
                       const HsPlotRenderOptions *options,
                       guint                      step)
{
  g_autoptr(GString) out = g_string_new (NULL);
  HsPlotPoint p;

  g_return_val_if_fail (HS_IS_PLOT_DATA (data), NULL);

  /* Translators: the first line of a plot's tooltip */
  g_string_append_printf (out, _("Step %u"), step + 1);
  if (hs_plot_data_get_n_series (data) > 0 && hs_plot_data_get_point_at_step (data, step, &p))
    for (guint k = 0; k < hs_plot_data_get_n_series (data); k++)
      {
        g_autofree char *v = NULL;

        if (p.values[k] == HS_PLOT_NO_VALUE)
          continue;
        v = format_value (data, options, p.values[k]);
        g_string_append_printf (out, "\n%s: %s", hs_plot_data_get_series_label (data, k), v);
      }
  return g_string_free (g_steal_pointer (&out), FALSE);
}
