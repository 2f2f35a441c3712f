/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-i18n.c: Handshake in Simplified Chinese, as a class sees it: the
 * command line's titles, narrations, help and errors come from the lessons'
 * Title[zh_CN] and from the catalog, and exported diagrams draw Chinese
 * glyphs rather than boxes. */

#define G_LOG_DOMAIN "test-i18n"

#include "config.h"

#include <locale.h>
#include <string.h>

#include <cairo.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>

/* LANGUAGE picks the catalog without a generated zh_CN locale. */
static const char * const zh_env[] = { "LANGUAGE=zh_CN", "LC_ALL=C.UTF-8", NULL };

/* ------------------------------------------------------------ helpers -- */

static const char *
handshake_path (void)
{
  static char *path;

  if (path == NULL)
    {
      const char *env = g_getenv ("HANDSHAKE");

      path = env != NULL ? g_strdup (env)
                         : g_test_build_filename (G_TEST_BUILT, "..", "src", "handshake", NULL);
    }

  return path;
}

/* Runs handshake without a display, with @env added to the environment;
 * returns its standard output and sets @status and @err. */
static char *
run (const char * const *env,
     const char * const *args,
     int                *status,
     char              **err)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (env[i], "=", 2);

      g_subprocess_launcher_setenv (launcher, pair[0], pair[1], TRUE);
    }

  g_ptr_array_add (argv, (gpointer) handshake_path ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  {
    g_autofree char *line = g_strjoinv (" ", (char **) argv->pdata);

    g_test_message ("$ LANGUAGE=zh_CN %s", line);
  }

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, err, &error);
  g_assert_no_error (error);
  *status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;

  return g_steal_pointer (&out);
}

/* A successful run in zh_CN: status 0, nothing on stderr, valid UTF-8. */
static char *
run_zh (const char * const *args)
{
  g_autofree char *err = NULL;
  char *out;
  int status;

  out = run (zh_env, args, &status, &err);
  if (err[0] != '\0')
    g_test_message ("stderr: %s", err);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_true (g_utf8_validate (out, -1, NULL));

  return out;
}

#define RUN_ZH(...) run_zh ((const char * const[]) { __VA_ARGS__, NULL })

static gboolean
has_han (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_get_script (g_utf8_get_char (p)) == G_UNICODE_SCRIPT_HAN)
      return TRUE;

  return FALSE;
}

/* Columns on a terminal: CJK characters take two. */
static guint
text_columns (const char *text)
{
  guint columns = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    columns += g_unichar_iswide (g_utf8_get_char (p)) ? 2 : 1;

  return columns;
}

static char **
list_lesson_ids (void)
{
  g_autofree char *out = RUN_ZH ("--list-lessons");
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  GPtrArray *ids = g_ptr_array_new ();

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;

      if (lines[i][0] == '\0')
        continue;
      fields = g_strsplit (lines[i], "\t", 2);
      g_assert_cmpuint (g_strv_length (fields), ==, 2);
      g_ptr_array_add (ids, g_strdup (fields[0]));
    }
  g_ptr_array_add (ids, NULL);

  return (char **) g_ptr_array_free (ids, FALSE);
}

/* The numbered explanations of a text ladder, as the lines that hold them
 * (an explanation wraps onto indented continuation lines). */
static GPtrArray *
narration_lines (const char *ladder)
{
  GPtrArray *result = g_ptr_array_new_with_free_func (g_free);
  const char *start = strstr (ladder, "\n发生了什么\n");
  g_auto(GStrv) lines = NULL;

  g_assert_nonnull (start);
  lines = g_strsplit (start + 1, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    if (lines[i][0] != '\0')
      g_ptr_array_add (result, g_strdup (lines[i]));

  return result;
}

/* A line that starts an explanation: "  12. ..." */
static gboolean
starts_step (const char *line)
{
  const char *p = line;

  while (*p == ' ')
    p++;
  if (!g_ascii_isdigit (*p))
    return FALSE;
  while (g_ascii_isdigit (*p))
    p++;

  return p[0] == '.' && p[1] == ' ';
}

/* -------------------------------------------------------------- tests -- */

static void
test_list_lessons (void)
{
  g_autofree char *out = RUN_ZH ("--list-lessons");
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  guint n = 0;

  g_test_summary ("With LANGUAGE=zh_CN every built-in lesson is listed with a Chinese title");

  g_assert_true (g_str_has_prefix (out, "full-connection\t一条完整的连接\n"));
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;

      if (lines[i][0] == '\0')
        continue;
      fields = g_strsplit (lines[i], "\t", 2);
      g_assert_cmpuint (g_strv_length (fields), ==, 2);
      if (!has_han (fields[1]))
        g_error ("lesson %s has no Chinese title: “%s”", fields[0], fields[1]);
      n++;
    }
  g_assert_cmpuint (n, >=, 24);
}

static void
test_narration_full_connection (void)
{
  g_autofree char *out = RUN_ZH ("--lesson", "full-connection", "--export", "-", "--format", "txt");
  g_autoptr(GPtrArray) lines = narration_lines (out);

  g_test_summary ("The text ladder of a whole connection in zh_CN: the title, the lane names and the "
                  "narrations are Chinese, in the textbook's words, and protocol tokens stay as they are");

  g_assert_true (g_str_has_prefix (out, "一条完整的连接\n"));
  /* lanes, notes and the explanations' heading */
  g_assert_nonnull (strstr (out, "客户端"));
  g_assert_nonnull (strstr (out, "服务器"));
  g_assert_nonnull (strstr (out, "\n发生了什么\n"));
  g_assert_null (strstr (out, "What happened"));

  /* the textbook's words */
  g_assert_nonnull (strstr (out, "初始序号（ISN）"));
  g_assert_nonnull (strstr (out, "三次握手"));
  g_assert_nonnull (strstr (out, "确认号 ack = "));
  g_assert_nonnull (strstr (out, "相对序号 1 到 100"));
  g_assert_nonnull (strstr (out, "SYN-SENT（同步已发送）"));
  g_assert_nonnull (strstr (out, "TIME-WAIT（时间等待）"));
  g_assert_nonnull (strstr (out, "客户端发送 SYN，请求与服务器建立连接：seq = 0（ISN "));
  /* protocol tokens are not translated */
  g_assert_nonnull (strstr (out, "SYN+ACK"));
  g_assert_nonnull (strstr (out, "seq = 101"));
  g_assert_nonnull (strstr (out, "seq=0 win=64240"));

  /* no English sentence left */
  g_assert_null (strstr (out, "the client"));
  g_assert_null (strstr (out, "the server"));
  g_assert_null (strstr (out, " sends "));
  g_assert_null (strstr (out, " receives "));

  g_assert_cmpuint (lines->len, >=, 47);
  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);

      if (starts_step (line) && !has_han (line))
        g_error ("an explanation without Chinese: “%s”", line);
    }
}

static void
test_narration_spacing (void)
{
  g_autofree char *out = RUN_ZH ("--lesson", "tcp-vs-udp", "--export", "-", "--format", "txt");
  g_autofree char *flat = NULL;
  g_auto(GStrv) pieces = NULL;

  g_test_summary ("zh_CN puts a space between Chinese text and a Latin name put into a sentence: "
                  "“收到 UDP 客户端”, never “收到UDP 客户端”");

  /* the ladder wraps lines: join them before looking */
  pieces = g_strsplit (out, "\n      ", -1);
  flat = g_strjoinv ("", pieces);
  g_assert_nonnull (strstr (flat, "收到 UDP 客户端"));
  g_assert_null (strstr (flat, "收到UDP"));
  g_assert_null (strstr (flat, "了UDP"));
}

static void
test_narration_every_lesson (void)
{
  g_auto(GStrv) ids = list_lesson_ids ();
  const char *closing = "，。、；：！？）」』】》";

  g_test_summary ("Every built-in lesson's narrations are Chinese in zh_CN, and the text ladder wraps "
                  "them without starting a line with closing punctuation");

  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autofree char *out = RUN_ZH ("--lesson", ids[i], "--export", "-", "--format", "txt");
      g_autoptr(GPtrArray) lines = narration_lines (out);
      guint steps = 0, continuations = 0;

      for (guint j = 0; j < lines->len; j++)
        {
          const char *line = g_ptr_array_index (lines, j);
          const char *text = line + strspn (line, " ");

          if (starts_step (line))
            {
              steps++;
              if (!has_han (line))
                g_error ("%s: an explanation without Chinese: “%s”", ids[i], line);
            }
          else
            {
              continuations++;
              if (g_utf8_strchr (closing, -1, g_utf8_get_char (text)) != NULL)
                g_error ("%s: a line starts with closing punctuation: “%s”", ids[i], line);
            }
          /* 78 columns; only closing punctuation may hang past them */
          {
            g_autofree char *body = g_strdup (line);
            char *end = body + strlen (body);

            while (end > body)
              {
                char *last = g_utf8_find_prev_char (body, end);

                if (g_utf8_strchr (closing, -1, g_utf8_get_char (last)) == NULL)
                  break;
                *last = '\0';
                end = last;
              }
            if (text_columns (body) > 78)
              g_error ("%s: a line of %u columns: “%s”", ids[i], text_columns (line), line);
          }
          if (strstr (line, "the client") != NULL || strstr (line, "the server") != NULL ||
              strstr (line, "the UDP") != NULL)
            g_error ("%s: an English endpoint name: “%s”", ids[i], line);
        }
      g_assert_cmpuint (steps, >, 0);
      g_test_message ("%s: %u explanations, %u continuation lines", ids[i], steps, continuations);
    }
}

static void
test_help_and_errors (void)
{
  g_autofree char *help = RUN_ZH ("--help");
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  int status;

  g_test_summary ("The command line's help and its errors are Chinese in zh_CN");

  g_assert_nonnull (strstr (help, "列出内置课程"));
  g_assert_null (strstr (help, "List the built-in lessons"));

  out = run (zh_env, (const char * const[]) { "--lesson", "no-such-lesson", NULL }, &status, &err);
  g_assert_cmpint (status, !=, 0);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, "没有名为“no-such-lesson”的内置课程"));
}

static void
test_traditional_chinese (void)
{
  const char * const tw_env[] = { "LANGUAGE=zh_TW", "LC_ALL=C.UTF-8", NULL };
  g_autofree char *err = NULL;
  g_autofree char *list = NULL;
  g_autofree char *ladder = NULL;
  int status;

  g_test_summary ("A second catalog works the same way: with LANGUAGE=zh_TW the titles and the "
                  "narrations are Traditional Chinese, in Taiwan's words");

  list = run (tw_env, (const char * const[]) { "--list-lessons", NULL }, &status, &err);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_str_has_prefix (list, "full-connection\t一條完整的連線\n"));

  g_clear_pointer (&err, g_free);
  ladder = run (tw_env, (const char * const[]) { "--lesson", "full-connection", "--export", "-",
                                                 "--format", "txt", NULL }, &status, &err);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_nonnull (strstr (ladder, "用戶端傳送 SYN，請求與伺服器建立連線：seq = 0（ISN "));
  g_assert_nonnull (strstr (ladder, "三向交握"));
  g_assert_null (strstr (ladder, "客户端"));
}

/* Chinese text the diagrams draw: a lesson title, lane names, a tag and a
 * sentence with CJK punctuation. */
static const char * const chinese_samples[] = {
  "一条完整的连接",
  "客户端 服务器",
  "延迟确认 重传 丢失",
  "客户端确认服务器的 SYN，确认号 ack = 1（即服务器的 ISN + 1）。“连接被拒绝”",
};

static void
test_pango_cjk_glyphs (void)
{
  const char * const families[] = { "Sans", "Sans Bold", "Sans Italic" };
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 16, 16);
  cairo_t *cr = cairo_create (surface);
  PangoLayout *layout = pango_cairo_create_layout (cr);

  g_test_summary ("The fonts the diagrams use (Sans) have glyphs for Chinese: Pango finds no "
                  "unknown glyph, which it would draw as a box (build-aux/setup.sh installs "
                  "fonts-wqy-microhei)");

  for (guint f = 0; f < G_N_ELEMENTS (families); f++)
    {
      PangoFontDescription *desc = pango_font_description_from_string (families[f]);

      pango_font_description_set_absolute_size (desc, 26 * PANGO_SCALE);
      pango_layout_set_font_description (layout, desc);
      for (guint i = 0; i < G_N_ELEMENTS (chinese_samples); i++)
        {
          int unknown;

          pango_layout_set_text (layout, chinese_samples[i], -1);
          unknown = pango_layout_get_unknown_glyphs_count (layout);
          if (unknown != 0)
            g_error ("“%s” in %s has %d unknown glyphs: no CJK font is installed "
                     "(run build-aux/setup.sh)", chinese_samples[i], families[f], unknown);
        }
      pango_font_description_free (desc);
    }

  g_object_unref (layout);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* The bounding box of the first band of rows, from the top, where some
 * pixel differs from the background (the pixel at 1, 1). */
static void
first_ink_band (cairo_surface_t *surface,
                int             *x0,
                int             *y0,
                int             *x1,
                int             *y1)
{
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  const guint8 *data = cairo_image_surface_get_data (surface);
  guint32 background = *(const guint32 *) (data + stride + 4);
  gboolean in_band = FALSE;

  *x0 = width;
  *x1 = -1;
  *y0 = *y1 = -1;
  for (int y = 0; y < height; y++)
    {
      const guint32 *row = (const guint32 *) (data + (gsize) y * stride);
      gboolean ink = FALSE;

      for (int x = 0; x < width; x++)
        {
          guint32 p = row[x], b = background;
          int d = ABS ((int) (p & 0xff) - (int) (b & 0xff)) +
                  ABS ((int) ((p >> 8) & 0xff) - (int) ((b >> 8) & 0xff)) +
                  ABS ((int) ((p >> 16) & 0xff) - (int) ((b >> 16) & 0xff));

          if (d > 96)
            {
              ink = TRUE;
              *x0 = MIN (*x0, x);
              *x1 = MAX (*x1, x);
            }
        }
      if (ink && !in_band)
        {
          in_band = TRUE;
          *y0 = y;
        }
      if (!ink && in_band)
        {
          *y1 = y - 1;
          return;
        }
    }
}

static void
test_png_export_title (void)
{
  g_autofree char *dir = g_dir_make_tmp ("test-i18n-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "zh.png", NULL);
  g_autofree char *out = NULL;
  cairo_surface_t *png, *surface;
  cairo_t *cr;
  PangoLayout *layout;
  PangoFontDescription *desc;
  PangoRectangle ink;
  int x0, y0, x1, y1;

  g_test_summary ("An exported PNG in zh_CN draws the lesson's Chinese title with real glyphs: "
                  "its ink is as wide as Pango's own rendering of 一条完整的连接");

  g_assert_nonnull (dir);
  out = RUN_ZH ("--lesson", "full-connection", "--export", path);
  g_assert_cmpstr (out, ==, "");

  png = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (png), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (png), >=, 320);

  /* the title is the first thing drawn from the top */
  first_ink_band (png, &x0, &y0, &x1, &y1);
  g_test_message ("title ink: x %d..%d, y %d..%d", x0, x1, y0, y1);
  g_assert_cmpint (y0, >=, 0);
  g_assert_cmpint (y1, >, y0);

  /* the same title as the renderer sets it (Sans Bold, 26 px) */
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 16, 16);
  cr = cairo_create (surface);
  layout = pango_cairo_create_layout (cr);
  desc = pango_font_description_from_string ("Sans Bold");
  pango_font_description_set_absolute_size (desc, 26 * PANGO_SCALE);
  pango_layout_set_font_description (layout, desc);
  pango_layout_set_text (layout, "一条完整的连接", -1);
  g_assert_cmpint (pango_layout_get_unknown_glyphs_count (layout), ==, 0);
  pango_layout_get_pixel_extents (layout, &ink, NULL);
  g_test_message ("Pango's ink: %d × %d", ink.width, ink.height);

  /* seven ideographs at 26 px: wide, and nearly a full em tall */
  g_assert_cmpint (x1 - x0 + 1, >=, ink.width * 8 / 10);
  g_assert_cmpint (x1 - x0 + 1, <=, ink.width * 12 / 10);
  g_assert_cmpint (y1 - y0 + 1, >=, ink.height * 7 / 10);
  g_assert_cmpint (y1 - y0 + 1, <=, ink.height * 13 / 10);

  pango_font_description_free (desc);
  g_object_unref (layout);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  cairo_surface_destroy (png);
  g_assert_no_errno (g_remove (path));
  g_assert_no_errno (g_rmdir (dir));
}

/* Every plot's title names its endpoint in the user's language: the
 * lesson file's "client" is not a Chinese word. */
static void
test_plot_titles (void)
{
  static const struct { const char *plot; const char *title; } plots[] = {
    { "congestion", "客户端 的拥塞窗口" },
    { "sequence", "客户端 发送数据的时间—序号图" },
    { "window", "客户端 的滑动窗口" },
    { "throughput", "客户端 的吞吐量" },
    { "rtt:server", "服务器 测得的往返时间" },
  };
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  g_autofree char *dir = NULL;

  g_test_summary ("A plot exported in zh_CN has a Chinese title: 客户端, not client");

  if (pdftotext == NULL)
    {
      g_test_skip ("pdftotext (poppler-utils) is not installed");
      return;
    }
  dir = g_dir_make_tmp ("test-i18n-XXXXXX", NULL);
  g_assert_nonnull (dir);

  for (guint i = 0; i < G_N_ELEMENTS (plots); i++)
    {
      g_autofree char *path = g_build_filename (dir, "plot.pdf", NULL);
      g_autofree char *out = RUN_ZH ("--lesson", "slow-start", "--plot", plots[i].plot, "--export", path);
      g_autofree char *text = NULL;
      g_autofree char *first_line = NULL;
      g_autoptr(GError) error = NULL;
      const char *argv[] = { pdftotext, path, "-", NULL };

      g_assert_cmpstr (out, ==, "");
      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &text, NULL, NULL, &error);
      g_assert_no_error (error);
      first_line = g_strndup (text, strcspn (text, "\n"));
      g_test_message ("%s: %s", plots[i].plot, first_line);
      g_assert_cmpstr (first_line, ==, plots[i].title);
      g_assert_no_errno (g_remove (path));
    }
  g_assert_no_errno (g_rmdir (dir));
}

int
main (int   argc,
      char *argv[])
{
  /* UTF-8 messages, whatever the locale says (LC_ALL=C.UTF-8 in meson) */
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/i18n/zh-cn/list-lessons", test_list_lessons);
  g_test_add_func ("/i18n/zh-cn/narration/full-connection", test_narration_full_connection);
  g_test_add_func ("/i18n/zh-cn/narration/every-lesson", test_narration_every_lesson);
  g_test_add_func ("/i18n/zh-cn/narration/spacing", test_narration_spacing);
  g_test_add_func ("/i18n/zh-cn/help-and-errors", test_help_and_errors);
  g_test_add_func ("/i18n/zh-tw/cli", test_traditional_chinese);
  g_test_add_func ("/i18n/zh-cn/pango-glyphs", test_pango_cjk_glyphs);
  g_test_add_func ("/i18n/zh-cn/png-title", test_png_export_title);
  g_test_add_func ("/i18n/zh-cn/plot-titles", test_plot_titles);

  return g_test_run ();
}
