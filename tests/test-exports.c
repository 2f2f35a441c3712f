/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-exports.c: every export of every built-in lesson, held to the
 * SHA-256 recorded in tests/data/export-hashes.txt. A restructuring must
 * leave them all byte for byte as they were; a change that means to
 * change an export updates the file, and its commit says why:
 *
 *   HS_UPDATE_EXPORT_HASHES=1 meson test -C build test-exports
 *
 * The images are left out: their bytes follow the fonts and the cairo of
 * the machine, and test-diagram compares them to reference pictures.
 * What the SVG writer must keep is checked here instead: text as <text>,
 * valid XML, its size per segment, and librsvg drawing it as the PNG. */

#define G_LOG_DOMAIN "test-exports"

#include "config.h"

#include <math.h>
#include <string.h>

#include <cairo.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "hs-capture-writer.h"
#include "hs-diagram-export.h"
#include "hs-diagram-layout.h"
#include "hs-diagram-renderer.h"
#include "hs-diagram-svg-private.h"

#include <pango/pangocairo.h>
#include "hs-scenario.h"
#include "hs-simulator.h"
#include "hs-trace-writer.h"
#include "hs-test-lessons.h"

static const char * const formats[] = { "csv", "json", "txt", "mmd", "puml", "pcap" };

static GBytes *
export_bytes (HsTrace    *trace,
              const char *format)
{
  g_autoptr(GError) error = NULL;
  HsTraceFormat trace_format;
  GBytes *bytes = NULL;

  if (hs_trace_format_from_string (format, &trace_format))
    bytes = hs_trace_write (trace, trace_format, &error);
  else if (g_str_equal (format, "mmd"))
    {
      char *text = hs_diagram_export_to_mermaid (trace, NULL);
      bytes = g_bytes_new_take (text, strlen (text));
    }
  else if (g_str_equal (format, "puml"))
    {
      char *text = hs_diagram_export_to_plantuml (trace, NULL);
      bytes = g_bytes_new_take (text, strlen (text));
    }
  else if (g_str_equal (format, "pcap"))
    bytes = hs_capture_write_pcap_bytes (trace, HS_CAPTURE_SIDE_CLIENT, &error);
  else
    g_assert_not_reached ();

  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  return bytes;
}

/* "LESSON FORMAT HASH" lines, sorted, for every built-in lesson. */
static char *
compute_hashes (void)
{
  g_auto(GStrv) ids = hs_scenario_list_builtin ();
  GString *out = g_string_new (NULL);

  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HsScenario) scenario = hs_scenario_new_builtin (ids[i], &error);
      g_autoptr(HsTrace) trace = NULL;

      g_assert_no_error (error);
      trace = hs_simulator_run (scenario, &error);
      g_assert_no_error (error);

      for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
        {
          g_autoptr(GBytes) bytes = export_bytes (trace, formats[f]);
          g_autofree char *sum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);

          g_string_append_printf (out, "%s %s %s\n", ids[i], formats[f], sum);
        }
    }

  return g_string_free (out, FALSE);
}

static void
test_exports_unchanged (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "export-hashes.txt", NULL);
  g_autofree char *expected = NULL;
  g_autofree char *actual = NULL;
  g_autoptr(GError) error = NULL;

  g_test_summary ("Every built-in lesson exports to the same bytes in every "
                  "text and capture format as recorded");

  actual = compute_hashes ();

  if (g_strcmp0 (g_getenv ("HS_UPDATE_EXPORT_HASHES"), "1") == 0)
    {
      g_assert_true (g_file_set_contents (path, actual, -1, &error));
      g_assert_no_error (error);
      g_test_message ("Wrote %s", path);
      return;
    }

  g_assert_true (g_file_get_contents (path, &expected, NULL, &error));
  g_assert_no_error (error);

  if (!g_str_equal (expected, actual))
    {
      g_auto(GStrv) want = g_strsplit (expected, "\n", -1);
      g_auto(GStrv) got = g_strsplit (actual, "\n", -1);

      for (guint i = 0; got[i] != NULL; i++)
        if (!g_strv_contains ((const char * const *) want, got[i]) && got[i][0] != '\0')
          g_test_message ("changed: %s", got[i]);
      g_test_fail_printf ("Exports differ from %s (see the lines above; "
                          "HS_UPDATE_EXPORT_HASHES=1 records the new ones when the change is meant)",
                          path);
    }
}


/* ------------------------------------------------------------------ */
/* SVG                                                                  */

static char *
export_svg (HsTrace                      *trace,
            const char                   *dir,
            const char                   *name,
            const HsDiagramExportOptions *options,
            gsize                        *length)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_assert_true (hs_diagram_export (trace, path, options, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, length, &error));
  g_assert_no_error (error);
  return contents;
}

typedef struct
{
  guint    n_text;        /* <text> elements */
  guint    n_paths;
  GString *text;          /* their character data, a line each */
  gboolean in_text;
  gboolean has_style;
} SvgCount;

static void
svg_start (GMarkupParseContext  *context,
           const char           *element,
           const char          **names,
           const char          **values,
           gpointer              user_data,
           GError              **error)
{
  SvgCount *c = user_data;

  if (g_str_equal (element, "text"))
    {
      c->n_text++;
      c->in_text = TRUE;
    }
  else if (g_str_equal (element, "path"))
    c->n_paths++;
  else if (g_str_equal (element, "style"))
    c->has_style = TRUE;
}

static void
svg_end (GMarkupParseContext  *context,
         const char           *element,
         gpointer              user_data,
         GError              **error)
{
  SvgCount *c = user_data;

  if (g_str_equal (element, "text"))
    {
      c->in_text = FALSE;
      g_string_append_c (c->text, '\n');
    }
}

static void
svg_text (GMarkupParseContext  *context,
          const char           *text,
          gsize                 len,
          gpointer              user_data,
          GError              **error)
{
  SvgCount *c = user_data;

  if (c->in_text)
    g_string_append_len (c->text, text, len);
}

/* Parses @svg as XML (GMarkup refuses what is not well-formed) and
 * counts what it holds. */
static void
parse_svg (const char *svg,
           gsize       len,
           SvgCount   *count)
{
  static const GMarkupParser parser = { svg_start, svg_end, svg_text, NULL, NULL };
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GError) error = NULL;
  const char *body = strstr (svg, "<svg");

  g_assert_nonnull (body);
  memset (count, 0, sizeof *count);
  count->text = g_string_new (NULL);
  context = g_markup_parse_context_new (&parser, 0, count, NULL);
  g_markup_parse_context_parse (context, body, len - (body - svg), &error);
  g_assert_no_error (error);
  g_markup_parse_context_end_parse (context, &error);
  g_assert_no_error (error);
}

/* The classes of every <text> whose content is @word, joined by "|". */
static char *
text_classes (const char *svg,
              const char *word)
{
  g_autoptr(GRegex) re = g_regex_new ("<text [^>]*class=\"([^\"]*)\"\\s*>([^<]*)</text", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  GString *classes = g_string_new (NULL);

  g_regex_match (re, svg, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *cls = g_match_info_fetch (match, 1);
      g_autofree char *text = g_match_info_fetch (match, 2);

      if (g_str_equal (text, word))
        g_string_append_printf (classes, "%s%s", classes->len > 0 ? "|" : "", cls);
      g_match_info_next (match, NULL);
    }
  return g_string_free (classes, FALSE);
}

static void
test_svg_fonts_by_value (void)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(HsDiagramSvg) svg = hs_diagram_svg_new (out, 400, 300, "fonts");
  PangoContext *context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  g_autoptr(GError) error = NULL;
  g_autofree char *doc = NULL;
  g_autofree char *small = NULL, *big = NULL;
  cairo_t *cr = hs_diagram_svg_get_cairo (svg);

  g_test_summary ("Text drawn in one font, then in another whose description has the same address "
                  "(freed and allocated again, or changed), keeps its own font in the SVG");

  /* one description changed in place: the same address for two fonts,
   * as when one is freed and the next allocated where it was */
  PangoFontDescription *desc = pango_font_description_from_string ("Sans 10");

  for (int i = 0; i < 8; i++)
    {
      pango_font_description_set_size (desc, (i % 2 ? 30 : 10) * PANGO_SCALE);
      pango_font_description_set_weight (desc, i % 2 ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
      cairo_set_source_rgb (cr, 0, 0, 0);
      cairo_move_to (cr, 10, 10 + 35 * i);
      hs_diagram_paint_show_text (cr, context, desc, i % 2 ? "big" : "small");
    }
  pango_font_description_free (desc);
  g_assert_true (hs_diagram_svg_finish (svg, &error));
  g_assert_no_error (error);
  doc = g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out)),
                   g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)));
  small = text_classes (doc, "small");
  big = text_classes (doc, "big");
  g_test_message ("small: %s; big: %s", small, big);
  {
    g_auto(GStrv) s = g_strsplit (small, "|", -1);
    g_auto(GStrv) b = g_strsplit (big, "|", -1);

    g_assert_cmpuint (g_strv_length (s), ==, 4);
    g_assert_cmpuint (g_strv_length (b), ==, 4);
    for (guint i = 1; i < 4; i++)
      {
        g_assert_cmpstr (s[i], ==, s[0]);
        g_assert_cmpstr (b[i], ==, b[0]);
      }
    g_assert_cmpstr (s[0], !=, b[0]);
  }
  g_object_unref (context);
}

static void
test_svg_text (void)
{
  g_autoptr(HsTrace) trace = hs_test_run_lesson ("full-connection");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-exports-XXXXXX", &error);
  g_autofree char *svg = NULL;
  g_autofree char *label = NULL;
  HsDiagramExportOptions options;
  SvgCount count;
  gsize len;

  g_test_summary ("The SVG export is valid XML whose labels, states, notes and title are "
                  "text (CJK and markup characters included), styled by CSS classes");

  g_assert_no_error (error);
  hs_trace_set_title (trace, "三次握手 <SYN> & \"ACK\"");
  hs_diagram_export_options_init (&options);
  svg = export_svg (trace, dir, "text.svg", &options, &len);
  parse_svg (svg, len, &count);

  /* the title, escaped, once as the document's and once drawn */
  g_assert_nonnull (strstr (svg, "<title>三次握手 &lt;SYN&gt; &amp; &quot;ACK&quot;</title>"));
  g_assert_nonnull (strstr (count.text->str, "三次握手 <SYN> & \"ACK\"\n"));
  /* what a reader searches for is there as text */
  g_assert_nonnull (strstr (count.text->str, "SYN\n"));
  g_assert_nonnull (strstr (count.text->str, "ESTABLISHED\n"));
  g_assert_nonnull (strstr (count.text->str, "TIME-WAIT\n"));
  g_assert_nonnull (strstr (count.text->str, "seq=0 win=64240 len=0\n"));
  g_assert_nonnull (strstr (count.text->str, "connect()\n"));
  /* each of the 11 segments has its flags, numbers and step as text */
  g_assert_cmpuint (count.n_text, >=, 3 * hs_trace_get_n_segments (trace));
  /* no inline style: the look is in the sheet */
  g_assert_true (count.has_style);
  g_assert_null (strstr (svg, "style=\""));
  g_assert_null (strstr (svg, "fill=\""));

  g_string_free (count.text, TRUE);
  label = g_build_filename (dir, "text.svg", NULL);
  g_unlink (label);
  g_rmdir (dir);
}

static void
test_svg_size (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-exports-XXXXXX", &error);
  static const char * const lessons[] = { "slow-start", "sack", "sliding-window" };
  HsDiagramExportOptions options;

  g_test_summary ("The SVG export of a lesson takes at most 1.5 KB per segment beyond "
                  "what a lesson of three segments takes");

  g_assert_no_error (error);
  hs_diagram_export_options_init (&options);

  for (guint i = 0; i < G_N_ELEMENTS (lessons); i++)
    {
      g_autoptr(HsTrace) trace = hs_test_run_lesson (lessons[i]);
      g_autoptr(HsTrace) small = hs_test_run_lesson ("three-way-handshake");
      g_autofree char *svg = NULL;
      g_autofree char *svg_small = NULL;
      g_autofree char *path = g_build_filename (dir, "size.svg", NULL);
      guint n = hs_trace_get_n_segments (trace);
      gsize len, len_small;

      svg = export_svg (trace, dir, "size.svg", &options, &len);
      svg_small = export_svg (small, dir, "size.svg", &options, &len_small);
      g_test_message ("%s: %" G_GSIZE_FORMAT " bytes for %u segments", lessons[i], len, n);
      g_assert_cmpuint (n, >, 30);
      g_assert_cmpfloat ((double) (len - len_small) / (n - hs_trace_get_n_segments (small)), <=, 1536.0);
      g_unlink (path);
    }
  g_rmdir (dir);
}

static gboolean
rsvg_convert (const char *svg,
              const char *png)
{
  const char *argv[] = { "rsvg-convert", "--format=png", "-o", png, svg, NULL };
  g_autofree char *program = g_find_program_in_path (argv[0]);
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (program == NULL)
    return FALSE;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return TRUE;
}

/* The mean grey of a @size × @size block of an ARGB32 image over white. */
static double
block_grey (cairo_surface_t *image,
            int              bx,
            int              by,
            int              size)
{
  int w = cairo_image_surface_get_width (image), h = cairo_image_surface_get_height (image);
  int stride = cairo_image_surface_get_stride (image);
  const guint8 *data = cairo_image_surface_get_data (image);
  double sum = 0;
  int n = 0;

  for (int y = by; y < MIN (by + size, h); y++)
    for (int x = bx; x < MIN (bx + size, w); x++)
      {
        guint32 px = *(const guint32 *) (data + y * stride + 4 * x);
        double a = (px >> 24) / 255.0;
        /* premultiplied: over white adds what alpha leaves */
        double r = ((px >> 16) & 0xff) / 255.0 + (1 - a);
        double g = ((px >> 8) & 0xff) / 255.0 + (1 - a);
        double b = (px & 0xff) / 255.0 + (1 - a);

        sum += (r + g + b) / 3;
        n++;
      }
  return n > 0 ? sum / n : 1;
}

static void
test_svg_renders_like_png (gconstpointer data)
{
  const char *style = data;
  g_autoptr(HsTrace) trace = hs_test_run_lesson ("time-wait");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-exports-XXXXXX", &error);
  g_autofree char *svg = g_build_filename (dir, "d.svg", NULL);
  g_autofree char *png = g_build_filename (dir, "d.png", NULL);
  g_autofree char *rendered = g_build_filename (dir, "r.png", NULL);
  cairo_surface_t *a, *b;
  HsDiagramExportOptions options;
  double worst = 0, total = 0;
  int w, h, n = 0;

  g_test_summary ("librsvg draws the SVG export as the PNG export looks: the same size, "
                  "and every 16-pixel block of nearly the same ink (text included)");

  g_assert_no_error (error);
  hs_diagram_export_options_init (&options);
  g_assert_true (hs_diagram_style_kind_from_string (style, &options.style));
  g_assert_true (hs_diagram_export (trace, svg, &options, &error));
  g_assert_no_error (error);
  g_assert_true (hs_diagram_export (trace, png, &options, &error));
  g_assert_no_error (error);

  if (!rsvg_convert (svg, rendered))
    {
      g_test_skip ("rsvg-convert is not installed (Debian: librsvg2-bin)");
      return;
    }

  a = cairo_image_surface_create_from_png (png);
  b = cairo_image_surface_create_from_png (rendered);
  g_assert_cmpint (cairo_surface_status (a), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_surface_status (b), ==, CAIRO_STATUS_SUCCESS);
  w = cairo_image_surface_get_width (a);
  h = cairo_image_surface_get_height (a);
  g_assert_cmpint (cairo_image_surface_get_width (b), ==, w);
  g_assert_cmpint (cairo_image_surface_get_height (b), ==, h);

  for (int y = 0; y < h; y += 16)
    for (int x = 0; x < w; x += 16)
      {
        double d = fabs (block_grey (a, x, y, 16) - block_grey (b, x, y, 16));

        worst = MAX (worst, d);
        total += d;
        n++;
      }
  g_test_message ("%s: worst block %.3f, mean %.5f", style, worst, total / n);
  /* anti-aliasing moves a block by a few hundredths; a missing word
   * or box by far more */
  g_assert_cmpfloat (worst, <, 0.08);
  g_assert_cmpfloat (total / n, <, 0.004);

  cairo_surface_destroy (a);
  cairo_surface_destroy (b);
  g_unlink (svg);
  g_unlink (png);
  g_unlink (rendered);
  g_rmdir (dir);
}

/* ------------------------------------------------------------------ */
/* PNG                                                                  */

static void
test_png_pixels (gconstpointer data)
{
  gboolean transparent = GPOINTER_TO_INT (data);
  /* tcp-vs-udp is of a fractional width: its last column is partly clear */
  g_autoptr(HsTrace) trace = hs_test_run_lesson (transparent ? "tcp-vs-udp" : "full-connection");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-exports-XXXXXX", &error);
  g_autofree char *png = g_build_filename (dir, "d.png", NULL);
  g_autoptr(HsDiagramLayout) layout = NULL;
  HsDiagramExportOptions options;
  cairo_surface_t *read, *drawn;
  cairo_t *cr;
  int w, h, differ = 0;

  g_test_summary ("A PNG export holds exactly the pixels the renderer draws, with its "
                  "transparency when asked for (and none otherwise)");

  g_assert_no_error (error);
  hs_diagram_export_options_init (&options);
  options.transparent = transparent;
  layout = hs_diagram_export_create_layout (trace, HS_DIAGRAM_FORMAT_PNG, &options, &error);
  g_assert_no_error (error);
  g_assert_true (hs_diagram_export_layout (layout, png, HS_DIAGRAM_FORMAT_PNG, &options, NULL, &error));
  g_assert_no_error (error);

  read = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (read), ==, CAIRO_STATUS_SUCCESS);
  w = cairo_image_surface_get_width (read);
  h = cairo_image_surface_get_height (read);
  g_assert_cmpint (w, ==, (int) ceil (hs_diagram_layout_get_width (layout)));
  g_assert_cmpint (h, ==, (int) ceil (hs_diagram_layout_get_height (layout)));
  /* an opaque image is written without alpha, which cairo reads as RGB24 */
  g_assert_cmpint (cairo_image_surface_get_format (read), ==,
                   transparent ? CAIRO_FORMAT_ARGB32 : CAIRO_FORMAT_RGB24);

  drawn = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  cr = cairo_create (drawn);
  hs_diagram_renderer_draw (layout, cr, 0, hs_diagram_layout_get_height (layout), NULL,
                            transparent ? HS_DIAGRAM_RENDER_NO_BACKGROUND : HS_DIAGRAM_RENDER_DEFAULT);
  cairo_destroy (cr);
  cairo_surface_flush (drawn);

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint32 a = ((guint32 *) (cairo_image_surface_get_data (read) + y * cairo_image_surface_get_stride (read)))[x];
        guint32 b = ((guint32 *) (cairo_image_surface_get_data (drawn) + y * cairo_image_surface_get_stride (drawn)))[x];
        guint alpha = b >> 24;

        if (cairo_image_surface_get_format (read) == CAIRO_FORMAT_RGB24)
          differ += (a & 0xffffff) != (b & 0xffffff) || alpha != 255;
        /* unpremultiplied and back may move a channel by one where
         * alpha is low */
        else if ((a >> 24) != alpha ||
                 ABS ((int) ((a >> 16) & 0xff) - (int) ((b >> 16) & 0xff)) > 1 ||
                 ABS ((int) ((a >> 8) & 0xff) - (int) ((b >> 8) & 0xff)) > 1 ||
                 ABS ((int) (a & 0xff) - (int) (b & 0xff)) > 1)
          {
            if (differ++ == 0)
              g_test_message ("first difference at %d,%d: %08x in the file, %08x drawn", x, y, a, b);
          }
      }
  g_assert_cmpint (differ, ==, 0);

  cairo_surface_destroy (read);
  cairo_surface_destroy (drawn);
  g_unlink (png);
  g_rmdir (dir);
}

static void
test_long_trace_denser (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsScenario) scenario = hs_scenario_new_builtin ("slow-start", &error);
  g_autoptr(HsDiagramStyle) style = hs_diagram_style_new (HS_DIAGRAM_STYLE_LIGHT);
  g_autoptr(HsTrace) trace = NULL;
  HsDiagramLayoutOptions options;
  double dense, full, lesson;
  guint n;

  g_test_summary ("A trace of more than 2,000 segments is drawn shorter than at full "
                  "scale, which a lesson's TimeMode=proportional still gets");

  g_assert_no_error (error);
  g_assert_true (hs_scenario_set (scenario, "transfer.bytes=2000000", &error));
  trace = hs_simulator_run (scenario, &error);
  g_assert_no_error (error);
  n = hs_trace_get_n_segments (trace);
  g_assert_cmpuint (n, >, HS_DIAGRAM_LONG_TRACE);

  hs_diagram_layout_options_init (&options);
  dense = hs_diagram_layout_estimate_min_height (trace, style, 1200, &options);
  options.full_scale = TRUE;
  full = hs_diagram_layout_estimate_min_height (trace, style, 1200, &options);
  g_test_message ("%u segments: %.0f px dense, %.0f px at full scale", n, dense, full);
  /* slow start's bursts are spread apart at any scale: a fifth less */
  g_assert_cmpfloat (dense, <, 0.85 * full);

  hs_diagram_layout_options_init (&options);
  g_assert_true (hs_scenario_set (scenario, "lesson.timemode=proportional", &error));
  g_assert_no_error (error);
  hs_diagram_layout_options_apply_lesson (&options, scenario, TRUE, TRUE);
  lesson = hs_diagram_layout_estimate_min_height (trace, style, 1200, &options);
  g_assert_cmpfloat (lesson, ==, full);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/engine/exports/unchanged", test_exports_unchanged);
  g_test_add_func ("/diagram/exports/svg/text", test_svg_text);
  g_test_add_func ("/diagram/exports/svg/fonts-by-value", test_svg_fonts_by_value);
  g_test_add_func ("/diagram/exports/svg/size", test_svg_size);
  g_test_add_data_func ("/diagram/exports/svg/like-png/light", "light", test_svg_renders_like_png);
  g_test_add_data_func ("/diagram/exports/svg/like-png/high-contrast", "high-contrast",
                        test_svg_renders_like_png);
  g_test_add_data_func ("/diagram/exports/png/pixels", GINT_TO_POINTER (FALSE), test_png_pixels);
  g_test_add_data_func ("/diagram/exports/png/pixels-transparent", GINT_TO_POINTER (TRUE), test_png_pixels);
  g_test_add_func ("/diagram/exports/png/long-trace-denser", test_long_trace_denser);

  return g_test_run ();
}
