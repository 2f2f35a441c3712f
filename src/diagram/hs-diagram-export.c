/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-diagram-export.c: PNG, SVG, PDF, Mermaid and PlantUML, streamed to an
 * HsOutput as they are made, all drawn by the one renderer.
 *
 * Over 1,000 lines as one file: the five formats share the pagination,
 * the safe breaks between events and the step range, which is most of it;
 * the state diagram's export is in hs-state-export.c. */

#define G_LOG_DOMAIN "hs-diagram-export"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <cairo-pdf.h>

#include "hs-diagram-enums.h"
#include "hs-diagram-export-private.h"
#include "hs-diagram-layout-private.h"
#include "hs-diagram-svg-private.h"
#include "hs-error.h"
#include "hs-output.h"
#include "hs-narration.h"

#define PX_TO_PT           HS_DIAGRAM_PX_TO_PT
#define PDF_MAX_PAGE_PT    14400.0   /* 200 inches: what PDF viewers accept */
#define PAPER_MARGIN_PT    HS_DIAGRAM_PAPER_MARGIN_PT
#define DEFAULT_WIDTH      1200.0
#define PAPER_WIDTH        780.0     /* diagram pixels across a paper page:
                                      * labels print at about 9 pt */

static const char * const extensions[HS_DIAGRAM_N_FORMATS] = {
  [HS_DIAGRAM_FORMAT_PNG] = "png",
  [HS_DIAGRAM_FORMAT_SVG] = "svg",
  [HS_DIAGRAM_FORMAT_PDF] = "pdf",
  [HS_DIAGRAM_FORMAT_MERMAID] = "mmd",
  [HS_DIAGRAM_FORMAT_PLANTUML] = "puml",
};

void
hs_diagram_export_options_init (HsDiagramExportOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->style = HS_DIAGRAM_STYLE_LIGHT;
  options->scale = 1.0;
  options->width = 0;
  options->page = HS_DIAGRAM_PAGE_LONG;
  hs_diagram_layout_options_init (&options->layout);
  options->layout.show_title = TRUE;
  options->layout.show_legend = TRUE;
}

static gboolean
parse_step_number (const char *str,
                   guint      *value)
{
  guint64 v;
  char *end;

  if (str[0] == '\0' || !g_ascii_isdigit (str[0]))
    return FALSE;
  v = g_ascii_strtoull (str, &end, 10);
  if (*end != '\0' || v == 0 || v > G_MAXUINT - 1)
    return FALSE;
  *value = (guint) v;
  return TRUE;
}

gboolean
hs_diagram_export_options_parse_steps (HsDiagramExportOptions *options,
                                       const char             *range,
                                       GError                **error)
{
  g_auto(GStrv) parts = NULL;
  guint a = 0, b = 0;
  gboolean ok;

  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (range != NULL, FALSE);

  parts = g_strsplit (range, "-", 2);

  if (parts[1] == NULL)
    ok = parse_step_number (g_strstrip (parts[0]), &a) && (b = a, TRUE);
  else if (g_strstrip (parts[1])[0] == '\0')
    ok = parse_step_number (g_strstrip (parts[0]), &a) && (b = HS_TRACE_NONE, TRUE);
  else
    ok = parse_step_number (g_strstrip (parts[0]), &a) && parse_step_number (parts[1], &b) && a <= b;

  if (!ok)
    {
      g_set_error (error, HS_ERROR, HS_ERROR_INVALID,
                   /* Translators: %s is what the user wrote after --steps */
                   _("“%s” is not a range of steps: write it as A-B with A no larger than B, counting from 1, for example 3-7."),
                   range);
      return FALSE;
    }

  options->layout.first_step = a - 1;
  options->layout.last_step = b == HS_TRACE_NONE ? HS_TRACE_NONE : b - 1;
  return TRUE;
}

gboolean
hs_diagram_format_from_path (const char      *path,
                             HsDiagramFormat *format)
{
  const char *dot;
  g_autofree char *ext = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  dot = strrchr (path, '.');
  if (dot == NULL || strchr (dot, '/') != NULL)
    return FALSE;

  ext = g_ascii_strdown (dot + 1, -1);

  for (guint i = 0; i < HS_DIAGRAM_N_FORMATS; i++)
    if (g_str_equal (ext, extensions[i]))
      {
        *format = (HsDiagramFormat) i;
        return TRUE;
      }

  if (g_str_equal (ext, "mermaid"))
    *format = HS_DIAGRAM_FORMAT_MERMAID;
  else if (g_str_equal (ext, "plantuml") || g_str_equal (ext, "pu"))
    *format = HS_DIAGRAM_FORMAT_PLANTUML;
  else
    return FALSE;

  return TRUE;
}

const char *
hs_diagram_format_to_extension (HsDiagramFormat format)
{
  g_return_val_if_fail ((guint) format < HS_DIAGRAM_N_FORMATS, NULL);
  return extensions[format];
}

gboolean
hs_diagram_page_from_string (const char    *str,
                             HsDiagramPage *page)
{
  g_autoptr(GEnumClass) klass = NULL;
  g_autofree char *nick = NULL;
  GEnumValue *value;

  g_return_val_if_fail (str != NULL, FALSE);

  /* the nicks of the generated GType, in any case */
  klass = g_type_class_ref (HS_TYPE_DIAGRAM_PAGE);
  nick = g_ascii_strdown (str, -1);
  value = g_enum_get_value_by_nick (klass, nick);
  if (value == NULL)
    return FALSE;

  *page = (HsDiagramPage) value->value;
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* pages                                                               */

typedef struct
{
  double width_pt, height_pt;   /* the sheet */
  double margin_pt;
  double scale;                 /* pt per diagram px */
  double first_avail;           /* diagram px that fit on the first page */
  double next_avail;            /* on later pages, below repeated headers */
  double header_band;           /* diagram px of repeated headers */
} PageGeometry;

/* Diagram px that the lane headers take where a page repeats them. */
static double
header_band (HsDiagramLayout *layout)
{
  return layout->header_bottom - hs_diagram_layout_get_lane (layout, 0)->header.y + 12;
}

/* A sheet of @width_pt × @height_pt with @margin_pt all round, the
 * diagram scaled to the width between the margins. */
static void
sheet_geometry (HsDiagramLayout *layout,
                double           width_pt,
                double           height_pt,
                double           margin_pt,
                PageGeometry    *g)
{
  g->header_band = header_band (layout);
  g->width_pt = width_pt;
  g->height_pt = height_pt;
  g->margin_pt = margin_pt;
  g->scale = (g->width_pt - 2 * g->margin_pt) / layout->width;
  g->first_avail = (g->height_pt - 2 * g->margin_pt) / g->scale;
  g->next_avail = g->first_avail - g->header_band;
}

static void
page_geometry (HsDiagramLayout *layout,
               HsDiagramPage    page,
               PageGeometry    *g)
{
  if (page == HS_DIAGRAM_PAGE_LONG)
    {
      g->header_band = header_band (layout);
      g->margin_pt = 0;
      g->scale = PX_TO_PT;
      g->width_pt = layout->width * PX_TO_PT;
      g->height_pt = MIN (layout->height * PX_TO_PT, PDF_MAX_PAGE_PT);
      g->first_avail = g->height_pt / g->scale;
      g->next_avail = g->first_avail - g->header_band;
    }
  else
    {
      sheet_geometry (layout,
                      page == HS_DIAGRAM_PAGE_A4 ? 595.276 : 612.0,
                      page == HS_DIAGRAM_PAGE_A4 ? 841.89 : 792.0,
                      PAPER_MARGIN_PT, g);
    }
}

/* Moves a page break up so it cuts through no text. */
static double
safe_break (HsDiagramLayout *layout,
            double           start,
            double           y)
{
  for (guint round = 0; round < 64; round++)
    {
      guint first = hs_diagram_layout_find_first_item (layout, y);
      double lowest = y;

      for (guint i = first; i < layout->items->len; i++)
        {
          const HsDiagramItem *item = &g_array_index (layout->items, HsDiagramItem, i);

          if (item->ymin > y)
            break;
          if (item->ymax <= y)
            continue;
          switch (item->type)
            {
            case HS_DIAGRAM_ITEM_LABEL:
            case HS_DIAGRAM_ITEM_STATE:
            case HS_DIAGRAM_ITEM_NOTE:
            case HS_DIAGRAM_ITEM_HEADER:
            case HS_DIAGRAM_ITEM_TITLE:
            case HS_DIAGRAM_ITEM_LEGEND:
            case HS_DIAGRAM_ITEM_STEP:
            case HS_DIAGRAM_ITEM_STEP_TITLE:
            case HS_DIAGRAM_ITEM_TICK:
              lowest = MIN (lowest, item->ymin - 2);
              break;
            default:
              break;
            }
        }

      if (lowest >= y)
        return y;
      if (lowest <= start + (y - start) * 0.5)
        return y;   /* text taller than half a page: cut anyway */
      y = lowest;
    }

  return y;
}

static guint
paginate_geometry (HsDiagramLayout    *layout,
                   const PageGeometry *pg,
                   GArray             *breaks)
{
  PageGeometry g = *pg;
  double y = 0;
  guint n = 0;

  if (breaks != NULL)
    g_array_set_size (breaks, 0);

  while (y < layout->height - 0.5)
    {
      /* pages that still show lanes repeat their headers */
      double avail = n == 0 || y >= layout->body_bottom ? g.first_avail : g.next_avail;
      double end = y + avail;

      if (end < layout->height)
        end = safe_break (layout, y, end);
      else
        end = layout->height;

      if (breaks != NULL)
        {
          g_array_append_val (breaks, y);
          g_array_append_val (breaks, end);
        }
      n++;
      y = end;
    }

  return MAX (n, 1);
}

guint
hs_diagram_export_paginate (HsDiagramLayout *layout,
                            HsDiagramPage    page,
                            GArray          *breaks)
{
  PageGeometry g;

  g_return_val_if_fail (layout != NULL, 0);

  page_geometry (layout, page, &g);
  return paginate_geometry (layout, &g, breaks);
}

guint
hs_diagram_export_paginate_area (HsDiagramLayout *layout,
                                 double           width_pt,
                                 double           height_pt,
                                 GArray          *breaks,
                                 double          *scale)
{
  PageGeometry g;

  g_return_val_if_fail (layout != NULL, 0);
  g_return_val_if_fail (width_pt > 0 && height_pt > 0, 0);

  sheet_geometry (layout, width_pt, height_pt, 0, &g);
  /* a sheet shorter than the repeated headers could never advance */
  if (g.next_avail < g.first_avail / 4)
    g.next_avail = g.first_avail / 4;
  if (scale != NULL)
    *scale = g.scale;
  return paginate_geometry (layout, &g, breaks);
}

/* ------------------------------------------------------------------ */
/* cairo targets                                                       */

typedef HsDiagramStreamClosure StreamClosure;

cairo_status_t
hs_diagram_export_write_to_stream (void                *closure,
                                   const unsigned char *data,
                                   unsigned int         length)
{
  StreamClosure *sc = closure;

  if (sc->error != NULL)
    return CAIRO_STATUS_WRITE_ERROR;
  if (!g_output_stream_write_all (sc->stream, data, length, NULL, NULL, &sc->error))
    return CAIRO_STATUS_WRITE_ERROR;

  return CAIRO_STATUS_SUCCESS;
}

static gboolean
check_cairo (cairo_status_t status,
             const char     *path,
             GError        **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;

  if (status == CAIRO_STATUS_NO_MEMORY || status == CAIRO_STATUS_INVALID_SIZE)
    g_set_error (error, HS_ERROR, HS_ERROR_TOO_LARGE,
                 /* Translators: %s is a file name, the second a reason from cairo */
                 _("Could not draw “%s”: the image is too large for memory (%s)."),
                 path, cairo_status_to_string (status));
  else
    g_set_error (error, HS_ERROR, HS_ERROR_FAILED,
                 _("Could not draw “%s”: %s."), path, cairo_status_to_string (status));

  return FALSE;
}

gboolean
hs_diagram_export_check_stream (StreamClosure  *sc,
                                cairo_status_t  status,
                                const char     *path,
                                GError        **error)
{
  if (sc->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&sc->error));
      return FALSE;
    }

  return check_cairo (status, path, error);
}

static void
fill_page (cairo_t         *cr,
           HsDiagramLayout *layout,
           double           w,
           double           h)
{
  const HsDiagramColor *bg = &layout->style->background;

  cairo_save (cr);
  cairo_set_source_rgba (cr, bg->red, bg->green, bg->blue, bg->alpha);
  cairo_rectangle (cr, 0, 0, w, h);
  cairo_fill (cr);
  cairo_restore (cr);
}

/* Draws layout rows [y0, y1) at the current origin; a continuation (@repeat)
 * first repeats the lane headers. */
static void
draw_slice (cairo_t               *cr,
            HsDiagramLayout       *layout,
            double                 y0,
            double                 y1,
            gboolean               repeat,
            double                 header_band,
            const HsDiagramMoment *moment,
            HsDiagramRenderFlags   flags)
{
  double offset = 0;

  cairo_save (cr);
  if (repeat)
    {
      double header_y = hs_diagram_layout_get_lane (layout, 0)->header.y;

      cairo_save (cr);
      cairo_translate (cr, 0, -header_y);
      if (!(flags & HS_DIAGRAM_RENDER_NO_BACKGROUND))
        fill_page (cr, layout, layout->width, header_band + header_y);
      hs_diagram_renderer_draw_headers (layout, cr, header_y);
      cairo_restore (cr);
      offset = header_band;
    }

  cairo_rectangle (cr, 0, offset, layout->width, y1 - y0);
  cairo_clip (cr);
  cairo_translate (cr, 0, offset - y0);
  hs_diagram_renderer_draw (layout, cr, y0, y1, moment, flags | HS_DIAGRAM_RENDER_NO_HEADERS * (repeat != 0));
  cairo_restore (cr);
}

void
hs_diagram_export_draw_page (HsDiagramLayout       *layout,
                             cairo_t               *cr,
                             GArray                *breaks,
                             guint                  page,
                             const HsDiagramMoment *moment)
{
  double y0, y1;

  g_return_if_fail (layout != NULL);
  g_return_if_fail (cr != NULL);
  g_return_if_fail (breaks != NULL && 2 * page + 1 < breaks->len);

  y0 = g_array_index (breaks, double, 2 * page);
  y1 = g_array_index (breaks, double, 2 * page + 1);
  draw_slice (cr, layout, y0, y1, page > 0 && y0 < layout->body_bottom, header_band (layout), moment,
              HS_DIAGRAM_RENDER_NO_BACKGROUND);
}

/* Pixels kept from one part of a split PNG to the next: a fresh
 * 150 MB surface for each part was faulted in page by page, which took
 * more time than drawing it. */
typedef struct
{
  guint8 *data;
  gsize   size;
} PngCanvas;

static void
png_canvas_clear (PngCanvas *canvas)
{
  g_clear_pointer (&canvas->data, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PngCanvas, png_canvas_clear)

static cairo_surface_t *
canvas_surface (PngCanvas *canvas,
                int        pw,
                int        ph)
{
  int stride = cairo_format_stride_for_width (CAIRO_FORMAT_ARGB32, pw);
  gsize need;

  if (canvas == NULL || stride <= 0 || ph <= 0)
    return cairo_image_surface_create (CAIRO_FORMAT_ARGB32, pw, ph);

  need = (gsize) stride * ph;
  if (canvas->size < need)
    {
      g_free (canvas->data);
      canvas->size = 0;
      canvas->data = g_try_malloc (need);
      if (canvas->data == NULL)
        return cairo_image_surface_create (CAIRO_FORMAT_ARGB32, pw, ph);
      canvas->size = need;
    }
  /* clear, as a new surface is: a fractional width leaves its last
   * column partly uncovered by the background */
  memset (canvas->data, 0, need);
  return cairo_image_surface_create_for_data (canvas->data, CAIRO_FORMAT_ARGB32, pw, ph, stride);
}

static gboolean
render_png_bytes (HsDiagramLayout       *layout,
                  double                 y0,
                  double                 y1,
                  gboolean               repeat,
                  double                 header_band,
                  double                 scale,
                  gboolean               transparent,
                  const HsDiagramMoment *moment,
                  const char            *path,
                  HsOutput              *output,
                  PngCanvas             *canvas,
                  GError               **error)
{
  StreamClosure sc = { .stream = hs_output_get_stream (output) };
  double h = (y1 - y0) + (repeat ? header_band : 0);
  int pw = (int) ceil (layout->width * scale);
  int ph = (int) ceil (h * scale);
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;

  surface = canvas_surface (canvas, pw, ph);
  status = cairo_surface_status (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      return check_cairo (status, path, error);
    }

  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  draw_slice (cr, layout, y0, y1, repeat, header_band, moment,
              transparent ? HS_DIAGRAM_RENDER_NO_BACKGROUND : HS_DIAGRAM_RENDER_DEFAULT);
  status = cairo_status (cr);
  cairo_destroy (cr);

  if (status == CAIRO_STATUS_SUCCESS)
    status = hs_diagram_png_write (surface, HS_DIAGRAM_PNG_LEVEL,
                                   hs_diagram_export_write_to_stream, &sc);
  cairo_surface_destroy (surface);

  return hs_diagram_export_check_stream (&sc, status, path, error);
}

static char *
numbered_path (const char *path,
               guint       n)
{
  const char *dot = strrchr (path, '.');
  const char *slash = strrchr (path, '/');

  if (dot == NULL || (slash != NULL && dot < slash))
    return g_strdup_printf ("%s-%u", path, n);

  return g_strdup_printf ("%.*s-%u%s", (int) (dot - path), path, n, dot);
}

static gboolean
export_png (HsDiagramLayout              *layout,
            const char                   *path,
            const HsDiagramExportOptions *options,
            const HsDiagramMoment        *moment,
            GError                      **error)
{
  double scale = options->scale > 0 ? options->scale : 1.0;
  double tall = ceil (layout->height * scale);
  double wide = ceil (layout->width * scale);

  if (wide > HS_DIAGRAM_PNG_MAX_PIXELS)
    {
      g_set_error (error, HS_ERROR, HS_ERROR_TOO_LARGE,
                   _("Could not write “%s”: the image would be %.0f pixels wide, more than the %d pixels a PNG image can have here. Use a smaller width or scale."),
                   path, wide, HS_DIAGRAM_PNG_MAX_PIXELS);
      return FALSE;
    }

  if (tall <= HS_DIAGRAM_PNG_MAX_PIXELS)
    {
      g_autoptr(HsOutput) output = hs_output_open (path, error);

      return output != NULL &&
             render_png_bytes (layout, 0, layout->height, FALSE, 0, scale, options->transparent,
                               moment, path, output, NULL, error) &&
             hs_output_commit (output, error);
    }

  if (!options->split)
    {
      g_set_error (error, HS_ERROR, HS_ERROR_TOO_LARGE,
                   _("Could not write “%s”: the diagram would be %.0f pixels tall, more than the %d pixels a PNG image can have. Export it as PDF instead, or export a range of steps, or split it into several PNG files."),
                   path, tall, HS_DIAGRAM_PNG_MAX_PIXELS);
      return FALSE;
    }

  /* Split: slices that fit, the lane headers repeated on each but the
   * first. Parts already written are removed again if one fails. */
  {
    PageGeometry g;
    g_autoptr(GPtrArray) written = g_ptr_array_new_with_free_func (g_free);
    g_auto(PngCanvas) canvas = { NULL, 0 };
    double avail_first, avail_next, y = 0;
    guint n = 0;

    page_geometry (layout, HS_DIAGRAM_PAGE_LONG, &g);
    avail_first = floor ((HS_DIAGRAM_PNG_MAX_PIXELS - 2) / scale);
    avail_next = avail_first - g.header_band;

    while (y < layout->height - 0.5)
      {
        double end = y + (n == 0 || y >= layout->body_bottom ? avail_first : avail_next);
        g_autofree char *part = numbered_path (path, n + 1);
        g_autoptr(HsOutput) output = NULL;

        end = end < layout->height ? safe_break (layout, y, end) : layout->height;

        if ((output = hs_output_open (part, error)) == NULL ||
            !render_png_bytes (layout, y, end, n > 0 && y < layout->body_bottom, g.header_band,
                               scale, options->transparent,
                               moment, part, output, &canvas, error) ||
            !hs_output_commit (output, error))
          {
            for (guint i = 0; i < written->len; i++)
              g_unlink (g_ptr_array_index (written, i));
            return FALSE;
          }

        g_ptr_array_add (written, g_steal_pointer (&part));
        n++;
        y = end;
      }
  }

  return TRUE;
}

/* The SVG writer's document (hs-diagram-svg.c): paths and boxes with
 * CSS classes and text as text, drawn by the same renderer. */
static gboolean
export_svg (HsDiagramLayout       *layout,
            const char            *path,
            const HsDiagramExportOptions *options,
            const HsDiagramMoment *moment,
            GError               **error)
{
  g_autoptr(HsOutput) output = hs_output_open (path, error);
  g_autoptr(HsDiagramSvg) svg = NULL;

  if (output == NULL)
    return FALSE;

  svg = hs_diagram_svg_new (hs_output_get_stream (output), layout->width, layout->height,
                            hs_trace_get_title (layout->trace));
  hs_diagram_renderer_draw (layout, hs_diagram_svg_get_cairo (svg), 0, layout->height, moment,
                            options->transparent ? HS_DIAGRAM_RENDER_NO_BACKGROUND : 0);

  return hs_diagram_svg_finish (svg, error) && hs_output_commit (output, error);
}

static gboolean
export_pdf (HsDiagramLayout       *layout,
            const char            *path,
            const HsDiagramExportOptions *options,
            const HsDiagramMoment *moment,
            GError               **error)
{
  g_autoptr(HsOutput) output = NULL;
  StreamClosure sc = { 0 };
  g_autoptr(GArray) breaks = g_array_new (FALSE, FALSE, sizeof (double));
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  PageGeometry g;
  guint n_pages;
  const char *title = hs_trace_get_title (layout->trace);

  page_geometry (layout, options->page, &g);
  n_pages = hs_diagram_export_paginate (layout, options->page, breaks);

  output = hs_output_open (path, error);
  if (output == NULL)
    return FALSE;
  sc.stream = hs_output_get_stream (output);

  surface = cairo_pdf_surface_create_for_stream (hs_diagram_export_write_to_stream, &sc, g.width_pt, g.height_pt);
  if (title != NULL)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Handshake");

  cr = cairo_create (surface);

  for (guint p = 0; p < n_pages; p++)
    {
      double y0 = g_array_index (breaks, double, 2 * p);
      double y1 = g_array_index (breaks, double, 2 * p + 1);
      double page_h = g.height_pt;

      if (options->page == HS_DIAGRAM_PAGE_LONG)
        {
          /* a long page is exactly as tall as its slice */
          page_h = ((y1 - y0) + (p > 0 && y0 < layout->body_bottom ? g.header_band : 0)) * g.scale;
          cairo_pdf_surface_set_size (surface, g.width_pt, page_h);
        }

      if (!options->transparent)
        fill_page (cr, layout, g.width_pt, page_h);

      cairo_save (cr);
      cairo_translate (cr, g.margin_pt, g.margin_pt);
      cairo_scale (cr, g.scale, g.scale);
      hs_diagram_export_draw_page (layout, cr, breaks, p, moment);
      cairo_restore (cr);
      cairo_show_page (cr);
    }

  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (!hs_diagram_export_check_stream (&sc, status, path, error))
    return FALSE;

  return hs_output_commit (output, error);
}

gboolean
hs_diagram_export_layout (HsDiagramLayout              *layout,
                          const char                   *path,
                          HsDiagramFormat               format,
                          const HsDiagramExportOptions *options,
                          const HsDiagramMoment        *moment,
                          GError                      **error)
{
  HsDiagramExportOptions defaults;

  g_return_val_if_fail (layout != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (options == NULL)
    {
      hs_diagram_export_options_init (&defaults);
      options = &defaults;
    }

  switch (format)
    {
    case HS_DIAGRAM_FORMAT_PNG:
      return export_png (layout, path, options, moment, error);
    case HS_DIAGRAM_FORMAT_SVG:
      return export_svg (layout, path, options, moment, error);
    case HS_DIAGRAM_FORMAT_PDF:
      return export_pdf (layout, path, options, moment, error);
    case HS_DIAGRAM_FORMAT_MERMAID:
    case HS_DIAGRAM_FORMAT_PLANTUML:
      {
        g_autoptr(HsOutput) output = hs_output_open (path, error);

        return output != NULL &&
               hs_diagram_export_text_to_stream (layout->trace, format, &layout->options,
                                                 hs_output_get_stream (output), NULL, error) &&
               hs_output_commit (output, error);
      }
    case HS_DIAGRAM_N_FORMATS:
    default:
      g_set_error (error, HS_ERROR, HS_ERROR_UNSUPPORTED,
                   _("Could not write “%s”: unknown diagram format."), path);
      return FALSE;
    }
}

gboolean
hs_diagram_export_check_first_step (HsTrace                      *trace,
                                    const HsDiagramExportOptions *options,
                                    GError                      **error)
{
  guint n_steps = hs_trace_get_n_steps (trace);

  if (n_steps > 0 && options->layout.first_step >= n_steps)
    {
      g_set_error (error, HS_ERROR, HS_ERROR_NOT_FOUND,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The trace has only %u step; there is no step %u.",
                                "The trace has only %u steps; there is no step %u.", n_steps),
                   n_steps, options->layout.first_step + 1);
      return FALSE;
    }
  return TRUE;
}

HsDiagramLayout *
hs_diagram_export_create_layout (HsTrace                      *trace,
                                 HsDiagramFormat               format,
                                 const HsDiagramExportOptions *options,
                                 GError                      **error)
{
  g_autoptr(HsDiagramStyle) style = NULL;
  HsDiagramExportOptions defaults;
  double width;

  g_return_val_if_fail (HS_IS_TRACE (trace), NULL);

  if (options == NULL)
    {
      hs_diagram_export_options_init (&defaults);
      options = &defaults;
    }

  style = hs_diagram_style_new (options->style);
  width = options->width;

  if (!hs_diagram_export_check_first_step (trace, options, error))
    return NULL;

  if (width <= 0)
    width = (format == HS_DIAGRAM_FORMAT_PDF && options->page != HS_DIAGRAM_PAGE_LONG)
      ? PAPER_WIDTH : DEFAULT_WIDTH;

  return hs_diagram_layout_new (trace, style, width, &options->layout);
}

/* A PNG that cannot be split is refused before the layout when even the
 * least height the layout can have is too much: keeping the labels of a
 * long trace apart is what takes the time, and it would be for nothing.
 * What this lets through is checked again on the real height. */
static gboolean
check_png_height_early (HsTrace                      *trace,
                        const char                   *path,
                        const HsDiagramExportOptions *options,
                        GError                      **error)
{
  g_autoptr(HsDiagramStyle) style = NULL;
  guint n_steps = hs_trace_get_n_steps (trace);
  double scale = options->scale > 0 ? options->scale : 1.0;
  double tall;

  double width = options->width > 0 ? options->width : DEFAULT_WIDTH;

  /* a step range past the end is reported by the layout, and an image
   * too wide by export_png(), first */
  if (options->split || (n_steps > 0 && options->layout.first_step >= n_steps) ||
      ceil (width * scale) > HS_DIAGRAM_PNG_MAX_PIXELS)
    return TRUE;

  style = hs_diagram_style_new (options->style);
  tall = ceil (hs_diagram_layout_estimate_min_height (trace, style, width, &options->layout) * scale);
  if (tall <= HS_DIAGRAM_PNG_MAX_PIXELS)
    return TRUE;

  g_set_error (error, HS_ERROR, HS_ERROR_TOO_LARGE,
               _("Could not write “%s”: the diagram would be at least %.0f pixels tall, more than the %d pixels a PNG image can have. Export it as PDF instead, or export a range of steps, or split it into several PNG files."),
               path, tall, HS_DIAGRAM_PNG_MAX_PIXELS);
  return FALSE;
}

gboolean
hs_diagram_export_format (HsTrace                      *trace,
                          const char                   *path,
                          HsDiagramFormat               format,
                          const HsDiagramExportOptions *options,
                          GError                      **error)
{
  HsDiagramExportOptions defaults;
  g_autoptr(HsDiagramLayout) layout = NULL;

  g_return_val_if_fail (HS_IS_TRACE (trace), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (options == NULL)
    {
      hs_diagram_export_options_init (&defaults);
      options = &defaults;
    }

  if (format == HS_DIAGRAM_FORMAT_MERMAID || format == HS_DIAGRAM_FORMAT_PLANTUML)
    {
      g_autofree char *text = format == HS_DIAGRAM_FORMAT_MERMAID
        ? hs_diagram_export_to_mermaid (trace, &options->layout)
        : hs_diagram_export_to_plantuml (trace, &options->layout);
      return hs_output_write_file (path, text, strlen (text), error);
    }

  if (format == HS_DIAGRAM_FORMAT_PNG && !check_png_height_early (trace, path, options, error))
    return FALSE;

  layout = hs_diagram_export_create_layout (trace, format, options, error);
  if (layout == NULL)
    return FALSE;

  return hs_diagram_export_layout (layout, path, format, options, NULL, error);
}

gboolean
hs_diagram_export (HsTrace                      *trace,
                   const char                   *path,
                   const HsDiagramExportOptions *options,
                   GError                      **error)
{
  HsDiagramFormat format;

  g_return_val_if_fail (path != NULL, FALSE);

  if (!hs_diagram_format_from_path (path, &format))
    {
      g_set_error (error, HS_ERROR, HS_ERROR_UNSUPPORTED,
                   _("Could not write “%s”: the name must end in .png, .svg, .pdf, .mmd or .puml to say which format to write."),
                   path);
      return FALSE;
    }

  return hs_diagram_export_format (trace, path, format, options, error);
}

/* Creates @directory, or takes it when it is a folder already. Only the
 * last component is made: a typing mistake in a parent (--frames
 * /hmoe/me/slides) is reported rather than built as a tree of folders. */
static gboolean
make_frames_folder (const char  *directory,
                    GError     **error)
{
  int saved;

  if (g_mkdir (directory, 0755) == 0)
    return TRUE;

  saved = errno;
  if (saved == EEXIST && g_file_test (directory, G_FILE_TEST_IS_DIR))
    return TRUE;
  if (saved == EEXIST)
    saved = ENOTDIR;

  if (saved == ENOENT && *directory != '\0')
    {
      g_autofree char *trimmed = g_strdup (directory);
      g_autofree char *parent = NULL;
      gsize n = strlen (trimmed);

      /* "a/b/" names the folder b of a, as "a/b" does. */
      while (n > 1 && G_IS_DIR_SEPARATOR (trimmed[n - 1]))
        trimmed[--n] = '\0';
      parent = g_path_get_dirname (trimmed);
      g_set_error (error, HS_ERROR, HS_ERROR_IO,
                   /* Translators: %s is a folder, the second %s the folder it would be in */
                   _("Could not create the folder “%s” for the frames: its parent folder “%s” does not exist."),
                   directory, parent);
      return FALSE;
    }

  g_set_error (error, HS_ERROR, HS_ERROR_IO,
               /* Translators: %s is a folder, the second %s the system's reason */
               _("Could not create the folder “%s” for the frames: %s."),
               directory, g_strerror (saved));
  return FALSE;
}

gboolean
hs_diagram_export_frames (HsTrace                      *trace,
                          const char                   *directory,
                          HsDiagramFormat               format,
                          const HsDiagramExportOptions *options,
                          guint                        *n_frames,
                          GError                      **error)
{
  HsDiagramExportOptions defaults;
  g_autoptr(HsDiagramLayout) layout = NULL;
  guint n_steps, first, last, n = 0;

  g_return_val_if_fail (HS_IS_TRACE (trace), FALSE);
  g_return_val_if_fail (directory != NULL, FALSE);

  if (n_frames != NULL)
    *n_frames = 0;

  if (options == NULL)
    {
      hs_diagram_export_options_init (&defaults);
      options = &defaults;
    }

  if (format != HS_DIAGRAM_FORMAT_PNG && format != HS_DIAGRAM_FORMAT_SVG &&
      format != HS_DIAGRAM_FORMAT_PDF)
    {
      g_set_error (error, HS_ERROR, HS_ERROR_UNSUPPORTED,
                   _("Could not write frames into “%s”: frames can be PNG, SVG or PDF images."),
                   directory);
      return FALSE;
    }

  if (!make_frames_folder (directory, error))
    return FALSE;

  if (format == HS_DIAGRAM_FORMAT_PNG && !check_png_height_early (trace, directory, options, error))
    return FALSE;

  layout = hs_diagram_export_create_layout (trace, format, options, error);
  if (layout == NULL)
    return FALSE;

  n_steps = hs_trace_get_n_steps (trace);
  first = options->layout.first_step;
  last = MIN (options->layout.last_step, n_steps == 0 ? 0 : n_steps - 1);

  for (guint step = first; n_steps > 0 && step <= last; step++)
    {
      HsDiagramMoment moment = { HS_DIAGRAM_MOMENT_STEP, 0, step };
      g_autofree char *name = g_strdup_printf ("frame-%04u.%s", step + 1, extensions[format]);
      g_autofree char *path = g_build_filename (directory, name, NULL);

      if (!hs_diagram_export_layout (layout, path, format, options, &moment, error))
        return FALSE;
      n++;
      if (n_frames != NULL)
        *n_frames = n;
    }

  return TRUE;
}

/* ------------------------------------------------------------------ */
/* text formats                                                        */

typedef enum
{
  TEXT_MERMAID,
  TEXT_PLANTUML,
} TextFlavour;

static char *
escape_text (const char  *text,
             TextFlavour  flavour)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (flavour == TEXT_MERMAID && (*p == ';' || *p == '#' || *p == '<' || *p == '>'))
        g_string_append_printf (out, "#%d;", (int) (guchar) *p);
      else if (flavour == TEXT_PLANTUML && (*p == '<' || *p == '>' || *p == '~'))
        g_string_append_printf (out, "~%c", *p);
      else if (*p == '\n')
        g_string_append (out, flavour == TEXT_MERMAID ? "<br/>" : "\\n");
      else
        g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

static const char *
participant_id (guint lane)
{
  static const char * const ids[] = { "P0", "P1", "P2", "P3", "P4", "P5", "P6", "P7" };

  return ids[MIN (lane, G_N_ELEMENTS (ids) - 1)];
}

static void
append_note (GString     *out,
             TextFlavour  flavour,
             guint        lane,
             guint        n_lanes,
             const char  *text)
{
  g_autofree char *escaped = escape_text (text, flavour);
  const char *where = lane == 0 && n_lanes > 1 ? "left of" : lane == n_lanes - 1 && n_lanes > 1 ? "right of" : "over";

  if (flavour == TEXT_MERMAID)
    g_string_append_printf (out, "    Note %s %s: %s\n", where, participant_id (lane), escaped);
  else
    g_string_append_printf (out, "note %s %s : %s\n", where, participant_id (lane), escaped);
}

/* Writes what @out holds to @stream once it holds a chunk's worth (always
 * when @all); without a stream, @out keeps everything. */
static gboolean
flush_text (GString        *out,
            GOutputStream  *stream,
            gboolean        all,
            GCancellable   *cancellable,
            GError        **error)
{
  if (stream == NULL || (!all && out->len < HS_OUTPUT_CHUNK_SIZE))
    return TRUE;
  if (!g_output_stream_write_all (stream, out->str, out->len, NULL, cancellable, error))
    return FALSE;
  g_string_truncate (out, 0);
  return TRUE;
}

/* The Mermaid or PlantUML text into @out, written through to @stream as it
 * grows when one is given. */
static gboolean
export_text (HsTrace                      *trace,
             const HsDiagramLayoutOptions *options,
             TextFlavour                   flavour,
             GString                      *out,
             GOutputStream                *stream,
             GCancellable                 *cancellable,
             GError                      **error)
{
  HsDiagramLayoutOptions defaults;
  g_autoptr(HsDiagramStyle) style = hs_diagram_style_new (HS_DIAGRAM_STYLE_LIGHT);
  g_autofree char *truncated = hs_diagram_layout_truncated_text (trace);
  guint n_lanes = hs_trace_get_n_endpoints (trace);
  guint n_steps = hs_trace_get_n_steps (trace);
  guint n_segments = hs_trace_get_n_segments (trace);
  const char *title = hs_trace_get_title (trace);
  guint last;
  HsTime prev_time = HS_TIME_NONE;

  if (options == NULL)
    {
      hs_diagram_layout_options_init (&defaults);
      options = &defaults;
    }

  last = MIN (options->last_step, n_steps == 0 ? 0 : n_steps - 1);

  if (flavour == TEXT_MERMAID)
    {
      g_string_append (out, "sequenceDiagram\n");
      if (title != NULL && options->show_title)
        {
          /* a title ends at '#' or ';' in Mermaid: leave them out */
          g_autofree char *t = g_strdup (title);
          g_strdelimit (t, "#;\n", ' ');
          g_string_append_printf (out, "    title %s\n", t);
        }
    }
  else
    {
      g_string_append (out, "@startuml\n");
      if (title != NULL && options->show_title)
        {
          g_autofree char *t = escape_text (title, flavour);
          g_string_append_printf (out, "title %s\n", t);
        }
      g_string_append (out, "skinparam sequenceMessageAlign left\n");
    }

  for (guint lane = 0; lane < n_lanes; lane++)
    {
      const HsTraceEndpoint *ep = hs_trace_get_endpoint (trace, lane);
      g_autofree char *label = g_strdup_printf ("%s\n%s:%u", hs_diagram_lane_name (trace, lane),
                                                ep->address, ep->port);
      g_autofree char *escaped = escape_text (label, flavour);

      if (flavour == TEXT_MERMAID)
        g_string_append_printf (out, "    participant %s as %s\n", participant_id (lane), escaped);
      else
        g_string_append_printf (out, "participant \"%s\" as %s\n", escaped, participant_id (lane));
    }

  /* the states the lanes start in */
  for (guint lane = 0; lane < n_lanes; lane++)
    {
      HsState state = options->first_step == 0 || n_steps == 0
        ? hs_trace_get_state_at (trace, HS_TRACE_NONE, lane)
        : hs_trace_get_state_at (trace, MIN (options->first_step, n_steps) - 1, lane);

      if (hs_trace_get_endpoint (trace, lane)->transport == HS_TRANSPORT_UDP)
        continue;   /* no connection, no states */
      append_note (out, flavour, lane, n_lanes, hs_state_to_string (state));
    }

  for (guint i = options->first_step; n_steps > 0 && i <= last; i++)
    {
      const HsTraceStep *st = hs_trace_get_step (trace, i);

      /* a long idle gap, as the diagram's break shows it */
      if (prev_time != HS_TIME_NONE && st->time - prev_time >= HS_USEC_PER_SEC)
        {
          g_autofree char *gap = hs_diagram_format_duration (st->time - prev_time);

          if (flavour == TEXT_MERMAID)
            g_string_append_printf (out, "    Note over %s,%s: … %s …\n",
                                    participant_id (0), participant_id (n_lanes - 1), gap);
          else
            g_string_append_printf (out, "... %s ...\n", gap);
        }
      prev_time = st->time;

      switch (st->kind)
        {
        case HS_STEP_SEGMENT_SENT:
          {
            const HsTraceSegment *seg;
            g_autofree char *flags = NULL;
            g_autofree char *numbers = NULL;
            g_autofree char *tags = NULL;
            g_autofree char *opts = NULL;
            g_autofree char *text = NULL;
            g_autofree char *escaped = NULL;
            GString *label;
            HsDiagramKind kind;

            if (st->segment >= n_segments)
              break;
            seg = hs_trace_get_segment (trace, st->segment);
            if (seg->from >= n_lanes || seg->to >= n_lanes)
              break;

            kind = hs_diagram_kind_for_segment (trace, seg);
            flags = hs_diagram_format_segment_flags (trace, seg);
            numbers = hs_diagram_format_numbers (trace, seg, options->absolute);
            tags = hs_diagram_format_tags (seg);

            label = g_string_new (NULL);
            g_string_append_printf (label, "%u %s", i + 1, flags);
            if (tags != NULL)
              g_string_append_printf (label, " (%s)", tags);
            g_string_append_printf (label, "\n%s", numbers);
            if (options->show_options && !hs_trace_segment_is_udp (trace, seg))
              {
                opts = hs_tcp_options_to_string (&seg->header.options);
                if (opts != NULL && opts[0] != '\0')
                  g_string_append_printf (label, "\n%s", opts);
              }
            text = g_string_free (label, FALSE);
            escaped = escape_text (text, flavour);

            if (flavour == TEXT_MERMAID)
              {
                const char *arrow = seg->fate == HS_FATE_LOST ? "--x" : "->>";
                g_string_append_printf (out, "    %s%s%s: %s\n", participant_id (seg->from), arrow,
                                        participant_id (seg->to), escaped);
              }
            else
              {
                const HsDiagramColor *c = &style->kinds[kind].color;
                g_autofree char *color = g_strdup_printf ("#%02x%02x%02x",
                                                          (int) lround (c->red * 255),
                                                          (int) lround (c->green * 255),
                                                          (int) lround (c->blue * 255));
                /* bold flags first, as on the diagram */
                char *nl = strstr (escaped, "\\n");
                g_autofree char *head = nl ? g_strndup (escaped, nl - escaped) : g_strdup (escaped);

                g_string_append_printf (out, "%s -[%s]>%s %s : <b>%s</b>%s\n",
                                        participant_id (seg->from), color,
                                        seg->fate == HS_FATE_LOST ? "x" : "",
                                        participant_id (seg->to), head, nl ? nl : "");
              }
          }
          break;

        case HS_STEP_STATE_CHANGE:
          if (st->endpoint < n_lanes &&
              hs_trace_get_endpoint (trace, st->endpoint)->transport != HS_TRANSPORT_UDP)
            append_note (out, flavour, st->endpoint, n_lanes, hs_state_to_string (st->to_state));
          break;

        case HS_STEP_APP_CALL:
        case HS_STEP_APP_NOTIFY:
        case HS_STEP_TIMER:
          {
            g_autofree char *note = hs_diagram_format_note (trace, st);

            if (note != NULL && st->endpoint < n_lanes)
              append_note (out, flavour, st->endpoint, n_lanes, note);
          }
          break;

        default:
          break;
        }

      if (!flush_text (out, stream, FALSE, cancellable, error))
        return FALSE;
    }

  /* Where the drawing would go on, the reader learns why it does not. */
  if (truncated != NULL && n_lanes > 0)
    {
      g_autofree char *escaped = escape_text (truncated, flavour);

      if (flavour == TEXT_MERMAID)
        g_string_append_printf (out, "    Note over %s,%s: %s\n",
                                participant_id (0), participant_id (n_lanes - 1), escaped);
      else
        g_string_append_printf (out, "note across : %s\n", escaped);
    }

  if (flavour == TEXT_PLANTUML)
    g_string_append (out, "@enduml\n");

  return flush_text (out, stream, TRUE, cancellable, error);
}

char *
hs_diagram_export_to_mermaid (HsTrace                      *trace,
                              const HsDiagramLayoutOptions *options)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (HS_IS_TRACE (trace), NULL);
  export_text (trace, options, TEXT_MERMAID, out, NULL, NULL, NULL);
  return g_string_free (out, FALSE);
}

char *
hs_diagram_export_to_plantuml (HsTrace                      *trace,
                               const HsDiagramLayoutOptions *options)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (HS_IS_TRACE (trace), NULL);
  export_text (trace, options, TEXT_PLANTUML, out, NULL, NULL, NULL);
  return g_string_free (out, FALSE);
}

gboolean
hs_diagram_export_text_to_stream (HsTrace                      *trace,
                                  HsDiagramFormat               format,
                                  const HsDiagramLayoutOptions *options,
                                  GOutputStream                *stream,
                                  GCancellable                 *cancellable,
                                  GError                      **error)
{
  g_autoptr(GString) out = g_string_sized_new (HS_OUTPUT_CHUNK_SIZE + 4096);

  g_return_val_if_fail (HS_IS_TRACE (trace), FALSE);
  g_return_val_if_fail (format == HS_DIAGRAM_FORMAT_MERMAID || format == HS_DIAGRAM_FORMAT_PLANTUML, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return export_text (trace, options,
                      format == HS_DIAGRAM_FORMAT_MERMAID ? TEXT_MERMAID : TEXT_PLANTUML,
                      out, stream, cancellable, error);
}
