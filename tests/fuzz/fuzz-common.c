/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-common.c: what the libFuzzer targets share (fuzz-common.h). */

#include "config.h"

#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include <cairo.h>

#include "hs-diagram-export.h"
#include "hs-diagram-layout.h"
#include "hs-diagram-renderer.h"
#include "hs-diagram-style.h"
#include "hs-trace-writer.h"

#include "fuzz-common.h"

/* The diagram lays out at most this many steps: placing labels is the
 * costliest part of an input in the instrumented build (the built-in sack
 * lesson: 0.4 s with 200 steps, 0.1 s with 30), and the first steps hold
 * most of what is special about a trace. */
#define FUZZ_MAX_LAYOUT_STEPS 30

/* The drawing: a small surface, enough for the headers and the first
 * arrows. */
#define FUZZ_DRAW_WIDTH  400
#define FUZZ_DRAW_HEIGHT 300

static char *tmp_dir;
static char *tmp_path;

static void
remove_tmp (void)
{
  if (tmp_path != NULL)
    g_unlink (tmp_path);
  g_rmdir (tmp_dir);
  g_clear_pointer (&tmp_path, g_free);
  g_clear_pointer (&tmp_dir, g_free);
}

/* A fatal GLib message ends in a breakpoint (SIGTRAP), which libFuzzer does
 * not catch: as an abort, it saves the input and prints the stack. */
G_NORETURN static void
trap_cb (int sig)
{
  abort ();
}

void
fuzz_init (void)
{
  /* Messages in the environment's charset, as the program prints them. */
  setlocale (LC_ALL, "");
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  signal (SIGTRAP, trap_cb);
}

const char *
fuzz_save_input (const char   *name,
                 const guint8 *data,
                 gsize         size)
{
  FILE *file;

  if (tmp_dir == NULL)
    {
      g_autoptr(GError) error = NULL;

      tmp_dir = g_dir_make_tmp ("handshake-fuzz-XXXXXX", &error);
      if (tmp_dir == NULL)
        g_error ("no temporary directory: %s", error->message);
      atexit (remove_tmp);
    }
  if (tmp_path == NULL)
    tmp_path = g_build_filename (tmp_dir, name, NULL);

  /* Not g_file_set_contents(): it syncs the disk when it replaces a file,
   * once per input; and GLib 2.74's G_FILE_SET_CONTENTS_NONE does not
   * truncate, so a short input would end with the last long one. */
  file = fopen (tmp_path, "wb");
  if (file == NULL ||
      (size > 0 && fwrite (data, 1, size, file) != size) ||
      fclose (file) != 0)
    g_error ("could not write %s: %s", tmp_path, g_strerror (errno));
  return tmp_path;
}

void
fuzz_write_trace (HsTrace *trace)
{
  static const HsTraceFormat formats[] = {
    HS_TRACE_FORMAT_CSV, HS_TRACE_FORMAT_JSON, HS_TRACE_FORMAT_TXT,
  };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = hs_trace_write (trace, formats[i], &error);

      /* A writer fails only on a trace it cannot express; then it says why. */
      if (bytes == NULL && (error == NULL || error->message == NULL))
        g_error ("hs_trace_write (format %d) failed without an error", formats[i]);
    }
}

void
fuzz_draw_trace (HsTrace *trace,
                 guint    knobs)
{
  g_autoptr(HsDiagramStyle) style = NULL;
  g_autoptr(HsDiagramLayout) layout = NULL;
  g_autofree char *mermaid = NULL;
  g_autofree char *plantuml = NULL;
  HsDiagramLayoutOptions options;
  HsDiagramMoment moment = { HS_DIAGRAM_MOMENT_END, 0, 0 };
  guint n_steps = hs_trace_get_n_steps (trace);
  cairo_surface_t *surface;
  cairo_t *cr;

  hs_diagram_layout_options_init (&options);
  options.time_mode = (knobs & 1) ? HS_DIAGRAM_TIME_EVENTS : HS_DIAGRAM_TIME_PROPORTIONAL;
  options.absolute = (knobs & 2) != 0;
  options.show_options = (knobs & 4) != 0;
  options.show_title = (knobs & 8) != 0;
  options.show_legend = (knobs & 16) != 0;
  options.show_steps = (knobs & 32) != 0;
  if (n_steps > FUZZ_MAX_LAYOUT_STEPS)
    options.last_step = FUZZ_MAX_LAYOUT_STEPS - 1;

  mermaid = hs_diagram_export_to_mermaid (trace, &options);
  plantuml = hs_diagram_export_to_plantuml (trace, &options);
  if (mermaid == NULL || plantuml == NULL)
    g_error ("a text export of the diagram returned NULL");

  style = hs_diagram_style_new ((HsDiagramStyleKind) ((knobs >> 6) % 4));
  (void) hs_diagram_layout_estimate_min_height (trace, style, 800, &options);
  layout = hs_diagram_layout_new (trace, style, 800, &options);

  /* Clicks and the animation ask the layout these. */
  (void) hs_diagram_layout_get_step_at_y (layout, hs_diagram_layout_get_height (layout) / 2);
  if (n_steps > 0)
    {
      (void) hs_diagram_layout_get_y_for_step (layout, MIN (n_steps, FUZZ_MAX_LAYOUT_STEPS) - 1);
      moment.kind = HS_DIAGRAM_MOMENT_STEP;
      moment.step = MIN (n_steps, FUZZ_MAX_LAYOUT_STEPS) / 2;
    }

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, FUZZ_DRAW_WIDTH, FUZZ_DRAW_HEIGHT);
  cr = cairo_create (surface);
  hs_diagram_renderer_draw (layout, cr, 0, FUZZ_DRAW_HEIGHT, &moment, HS_DIAGRAM_RENDER_DEFAULT);
  hs_diagram_renderer_draw_headers (layout, cr, 0);
  if (cairo_status (cr) != CAIRO_STATUS_SUCCESS)
    g_error ("drawing left cairo in error: %s", cairo_status_to_string (cairo_status (cr)));
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}
