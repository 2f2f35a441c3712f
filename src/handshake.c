/* SPDX-License-Identifier: GPL-3.0-or-later */
/* handshake.c: the one executable: lists lessons and captures, runs
 * lessons and exports their traces and diagrams, headless. */

#define G_LOG_DOMAIN "handshake"

#include "config.h"

#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "hs-application.h"
#include "hs-capture-reader.h"
#include "hs-diagram-export.h"
#include "hs-error.h"
#include "hs-export.h"
#include "hs-lesson-library.h"
#include "hs-output.h"
#include "hs-plot-export.h"
#include "hs-progress-line.h"
#include "hs-quiz.h"
#include "hs-scenario.h"
#include "hs-simulator.h"
#include "hs-trace-connection.h"
#include "hs-worksheet.h"

/* The output was written whole, but the simulation behind it was cut
 * short by a limit (--max-steps): documented in the README. */
#define EXIT_TRUNCATED 3

/* The signal that asked the program to stop, 0 until one does. A signal
 * handler can reach nothing but globals; the rest of the program looks
 * at it between steps and records. */
static volatile sig_atomic_t interrupted_by;
/* TRUE while a phase runs that cannot stop part-way (laying out and
 * drawing a diagram): a signal then ends the program at once. Files being
 * written have no name until they are complete, so nothing is left. */
static volatile sig_atomic_t stops_at_once;
static volatile sig_atomic_t interruption_said;
/* Said by the handler itself, so made before any signal can come. */
static char *interruption_message;

typedef struct
{
  gboolean  list;
  gboolean  list_streams;
  gboolean  version;
  char     *lesson;
  char     *pcap;
  int       stream;
  char     *streams;
  int       connection;      /* from 1; G_MININT: all */
  char     *export_path;
  char     *format;
  char     *profile;
  char     *seed;
  char    **sets;
  char    **drops;
  /* diagrams */
  char     *style;
  double    scale;
  double    width;
  gboolean  absolute;
  gboolean  options;
  gboolean  transparent;
  gboolean  split;
  char     *steps;
  char     *frames;
  char     *page;
  char     *view;
  /* plots (--plot) */
  char     *plot;
  /* captures */
  char     *capture_side;
  /* worksheets */
  char     *worksheet;
  char     *answers;
  char     *count;
  /* limits and feedback */
  char     *max_steps;
  gboolean  quiet;
  /* the lesson run, whose [Lesson] TimeMode and Show the diagram follows */
  HsScenario *scenario;
} Options;

/* What a long command carries along: its progress line and the way to
 * stop it. */
typedef struct
{
  HsProgressLine *line;
  GCancellable   *cancellable;
  HsOutput       *output;      /* borrowed, while writing */
  const char     *output_name; /* for the progress line */
} Run;

static void
options_clear (Options *o)
{
  g_clear_object (&o->scenario);
  g_free (o->lesson);
  g_free (o->pcap);
  g_free (o->streams);
  g_free (o->export_path);
  g_free (o->format);
  g_free (o->profile);
  g_free (o->seed);
  g_strfreev (o->sets);
  g_strfreev (o->drops);
  g_free (o->style);
  g_free (o->steps);
  g_free (o->frames);
  g_free (o->page);
  g_free (o->view);
  g_free (o->plot);
  g_free (o->capture_side);
  g_free (o->worksheet);
  g_free (o->answers);
  g_free (o->count);
  g_free (o->max_steps);
}

/* An uninstalled build finds its translations in the build tree. */
static void
setup_gettext (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  const char *localedir = LOCALEDIR;

  if (exe != NULL && g_str_has_prefix (exe, BUILD_ROOT "/"))
    localedir = BUILD_PODIR;
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

static int
fail (GError *error)
{
  g_printerr ("handshake: %s\n", error->message);
  g_error_free (error);
  return EXIT_FAILURE;
}

/* Writes @text to standard output; a full disk or a closed pipe is an
 * error like any other, not a silent success. */
static gboolean
print_stdout (const char  *text,
              GError     **error)
{
  return hs_output_write_file ("-", text, strlen (text), error);
}

static int
list_lessons (void)
{
  g_auto(GStrv) ids = hs_scenario_list_builtin ();
  g_autoptr(HsLessonLibrary) library = hs_lesson_library_new ();
  g_autoptr(GString) out = g_string_new (NULL);
  GError *error = NULL;

  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autoptr(HsScenario) scenario = hs_scenario_new_builtin (ids[i], NULL);

      if (scenario != NULL)
        g_string_append_printf (out, "%s\t%s\n", ids[i], hs_scenario_get_title (scenario));
    }
  /* then the teachers' own, by path; one that cannot be read says why on
   * standard error rather than vanishing */
  for (guint i = 0; i < hs_lesson_library_get_n_lessons (library); i++)
    {
      const HsLessonFile *lesson = hs_lesson_library_get_lesson (library, i);

      if (lesson->error != NULL)
        g_printerr ("handshake: %s\n", lesson->error->message);
      else
        g_string_append_printf (out, "%s\t%s\n", lesson->path, lesson->title);
    }
  if (!print_stdout (out->str, &error))
    return fail (error);
  return EXIT_SUCCESS;
}

static int
list_streams (const char *path)
{
  g_autoptr(GPtrArray) streams = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  GError *write_error = NULL;
  gboolean ok = hs_capture_list_streams (path, &streams, &error);

  /* a damaged file still lists what could be read before the damage */
  for (guint i = 0; streams != NULL && i < streams->len; i++)
    {
      g_autofree char *line = hs_capture_stream_to_line (g_ptr_array_index (streams, i));

      g_string_append (out, line);
      g_string_append_c (out, '\n');
    }
  if (!print_stdout (out->str, &write_error))
    return fail (write_error);
  if (!ok)
    return fail (g_steal_pointer (&error));
  return EXIT_SUCCESS;
}

/* ------------------------------------------------- signals, progress -- */

static void
on_signal (int sig)
{
  /* A second signal (the first was not seen: a FIFO waiting for its
   * reader), or one in a phase that cannot stop part-way: stop at once,
   * the default way. Only async-signal-safe calls here. */
  if (interrupted_by != 0 || stops_at_once)
    {
      if (!interruption_said && interruption_message != NULL)
        {
          ssize_t unused = write (STDERR_FILENO, interruption_message, strlen (interruption_message));

          (void) unused;
          interruption_said = TRUE;
        }
      signal (sig, SIG_DFL);
      raise (sig);
      return;
    }
  interrupted_by = sig;
}

static const char *
interrupted_sentence (void)
{
  return _("Interrupted: the export was stopped before it was complete, and no file was replaced.");
}

static void
install_signal_handlers (HsProgressLine *line)
{
  struct sigaction sa = { 0 };
  const int signals[] = { SIGINT, SIGTERM, SIGHUP };

  if (interruption_message == NULL)
    interruption_message = g_strdup_printf ("%shandshake: %s\n",
                                            hs_progress_line_is_enabled (line) ? "\r\033[K" : "",
                                            interrupted_sentence ());
  sa.sa_handler = on_signal;
  sigemptyset (&sa.sa_mask);
  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    sigaction (signals[i], &sa, NULL);
}

/* Called between steps and records: turns a signal into a cancellation. */
static void
check_interrupted (Run *run)
{
  if (interrupted_by != 0)
    g_cancellable_cancel (run->cancellable);
}

/* Ends the program the way the signal would have, once what was being
 * written has been thrown away. */
static void
die_of_interruption (Run *run)
{
  int sig = interrupted_by;

  hs_progress_line_clear (run->line);
  if (!interruption_said)
    g_printerr ("handshake: %s\n", interrupted_sentence ());
  interruption_said = TRUE;
  signal (sig, SIG_DFL);
  raise (sig);
  exit (128 + sig);
}

static void
simulation_progress_cb (const HsSimulatorProgress *progress,
                        gpointer                   user_data)
{
  Run *run = user_data;
  g_autofree char *text = NULL;
  g_autofree char *time = g_strdup_printf ("%.3f", (double) progress->now / HS_USEC_PER_SEC);
  g_autofree char *steps = g_strdup_printf ("%" G_GUINT64_FORMAT, progress->n_steps);
  double fraction = -1;

  check_interrupted (run);

  if (progress->duration > 0)
    fraction = (double) progress->now / (double) progress->duration;
  /* Translators: progress on a terminal; the first %s is seconds of
   * simulated time (e.g. 12.345), the second a number of steps */
  text = g_strdup_printf (_("Simulating: %s s of simulated time, %s steps"), time, steps);
  hs_progress_line_update (run->line, fraction, text);
}

static void
write_progress_cb (goffset  current,
                   goffset  total,
                   gpointer user_data)
{
  Run *run = user_data;
  g_autofree char *text = NULL;
  g_autofree char *size = NULL;
  double fraction = total > 0 ? (double) current / (double) total : -1;

  check_interrupted (run);

  size = g_format_size (run->output != NULL ? hs_output_get_bytes_written (run->output) : 0);
  /* Translators: progress on a terminal: a file name, a percentage and a
   * size, e.g. Writing “trace.json”: 45 %, 123.4 MB written */
  text = g_strdup_printf (_("Writing “%s”: %d %%, %s written"),
                          run->output_name, (int) (fraction * 100), size);
  hs_progress_line_update (run->line, fraction, text);
}

/* The lesson with the command line's changes applied; for a worksheet's
 * variant, with @variant_seed, and with its own ISNs, MSS and payload
 * sizes when @randomize, before --set and --drop so that those still win. */
static HsScenario *
load_scenario_variant (Options  *o,
                       gboolean  variant,
                       guint64   variant_seed,
                       gboolean  randomize,
                       GError  **error)
{
  g_autoptr(HsScenario) scenario = hs_scenario_load (o->lesson != NULL ? o->lesson : HS_DEFAULT_LESSON, error);

  if (scenario == NULL)
    return NULL;

  if (o->profile != NULL)
    {
      HsProfileKind kind;

      if (!hs_profile_kind_from_string (o->profile, &kind))
        {
          g_set_error (error, HS_ERROR, HS_ERROR_PARSE,
                       _("--profile %s: the profiles are “linux” and “rfc”"), o->profile);
          return NULL;
        }
      hs_scenario_set_profile (scenario, kind);
    }
  if (o->seed != NULL)
    {
      guint64 seed;

      if (!g_ascii_string_to_unsigned (o->seed, 10, 0, G_MAXUINT64, &seed, NULL))
        {
          g_set_error (error, HS_ERROR, HS_ERROR_PARSE,
                       _("--seed %s: the seed must be a whole number"), o->seed);
          return NULL;
        }
      hs_scenario_set_seed (scenario, seed);
    }
  if (variant && randomize && !hs_quiz_randomize_scenario (scenario, variant_seed, error))
    return NULL;
  if (variant && !randomize)
    hs_scenario_set_seed (scenario, variant_seed);
  for (guint i = 0; o->sets != NULL && o->sets[i] != NULL; i++)
    if (!hs_scenario_set (scenario, o->sets[i], error))
      return NULL;
  for (guint i = 0; o->drops != NULL && o->drops[i] != NULL; i++)
    if (!hs_scenario_add_drop (scenario, o->drops[i], error))
      return NULL;

  return g_steal_pointer (&scenario);
}

static HsScenario *
load_scenario (Options  *o,
               GError  **error)
{
  return load_scenario_variant (o, FALSE, 0, FALSE, error);
}

static gboolean
diagram_options (Options                 *o,
                 HsDiagramExportOptions  *d,
                 GError                 **error)
{
  hs_diagram_export_options_init (d);

  if (o->style != NULL && !hs_diagram_style_kind_from_string (o->style, &d->style))
    {
      g_set_error (error, HS_ERROR, HS_ERROR_PARSE,
                   _("--style %s: the styles are light, dark, high-contrast and print"), o->style);
      return FALSE;
    }
  /* main() sets both to -G_MAXDOUBLE, "not given", so that 0, a negative
   * number and NaN typed on the command line are refused, not ignored. */
  if (o->scale != -G_MAXDOUBLE)
    {
      if (o->scale != 1 && o->scale != 2)
        {
          g_set_error (error, HS_ERROR, HS_ERROR_PARSE, _("--scale must be 1 or 2"));
          return FALSE;
        }
      d->scale = o->scale;
    }
  if (o->width != -G_MAXDOUBLE)
    {
      /* Written so that NaN, for which every comparison is false, fails. */
      if (!(o->width >= 320 && o->width <= 20000))
        {
          g_set_error (error, HS_ERROR, HS_ERROR_PARSE, _("--width must be from 320 to 20000 pixels"));
          return FALSE;
        }
      d->width = o->width;
    }
  if (o->page != NULL && !hs_diagram_page_from_string (o->page, &d->page))
    {
      g_set_error (error, HS_ERROR, HS_ERROR_PARSE,
                   _("--page %s: the pages are long, a4 and letter"), o->page);
      return FALSE;
    }
  if (o->steps != NULL && !hs_diagram_export_options_parse_steps (d, o->steps, error))
    return FALSE;
  d->layout.absolute = o->absolute;
  d->layout.show_options = o->options;
  hs_diagram_layout_options_apply_lesson (&d->layout, o->scenario, TRUE, TRUE);
  d->transparent = o->transparent;
  d->split = o->split;
  return TRUE;
}

static gboolean
capture_side (Options  *o,
              HsTrace  *trace,
              guint    *side,
              GError  **error)
{
  *side = 0;
  if (o->capture_side == NULL)
    return TRUE;
  for (guint i = 0; i < hs_trace_get_n_endpoints (trace); i++)
    if (g_ascii_strcasecmp (hs_trace_get_endpoint (trace, i)->name, o->capture_side) == 0)
      {
        *side = i;
        return TRUE;
      }
  g_set_error (error, HS_ERROR, HS_ERROR_PARSE,
               _("--capture-side %s: this trace has no endpoint of that name"), o->capture_side);
  return FALSE;
}

/* What the export reports, onto the progress line; a picture is drawn
 * in a phase that cannot stop part-way, which a signal ends at once. */
static void
export_progress_cb (HsExportPhase  phase,
                    HsOutput      *output,
                    goffset        current,
                    goffset        total,
                    gpointer       user_data)
{
  Run *run = user_data;

  switch (phase)
    {
    case HS_EXPORT_PHASE_WRITE_BEGIN:
      run->output = output;
      hs_progress_line_phase (run->line);
      break;
    case HS_EXPORT_PHASE_WRITE_PROGRESS:
      write_progress_cb (current, total, run);
      break;
    case HS_EXPORT_PHASE_WRITE_END:
      run->output = NULL;
      hs_progress_line_clear (run->line);
      break;
    case HS_EXPORT_PHASE_DRAW_BEGIN:
      {
        g_autofree char *text = NULL;

        /* Translators: progress on a terminal, e.g. Drawing “slides.pdf” */
        text = g_strdup_printf (_("Drawing “%s”"), run->output_name);
        hs_progress_line_start_ticking (run->line, text);
        stops_at_once = TRUE;
        if (interrupted_by != 0)
          raise (interrupted_by);
      }
      break;
    case HS_EXPORT_PHASE_DRAW_END:
      stops_at_once = FALSE;
      hs_progress_line_stop_ticking (run->line);
      hs_progress_line_clear (run->line);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Draws one image per step into @frames. Layout and drawing report
 * nothing while they work: the progress line ticks, and a signal ends the
 * program at once. */
static gboolean
draw_frames (Run                          *run,
             const char                   *frames,
             HsTrace                      *trace,
             HsDiagramFormat               format,
             const HsDiagramExportOptions *options,
             GError                      **error)
{
  g_autofree char *name = g_filename_display_basename (frames);
  guint n = 0;
  gboolean ok;

  run->output_name = name;
  export_progress_cb (HS_EXPORT_PHASE_DRAW_BEGIN, NULL, 0, 0, run);
  ok = hs_diagram_export_frames (trace, frames, format, options, &n, error);
  export_progress_cb (HS_EXPORT_PHASE_DRAW_END, NULL, 0, 0, run);
  run->output_name = NULL;

  return ok;
}

/* Writes @trace to o->export_path (or standard output), in the format the
 * options or the file name ask for. */
static gboolean
export_trace (Options  *o,
              Run      *run,
              HsTrace  *trace,
              GError  **error)
{
  const char *path = o->export_path != NULL ? o->export_path : "-";
  HsExportFormat format = HS_EXPORT_TXT;
  HsExportOptions options;
  g_autofree char *name = NULL;
  gboolean ok;

  if (o->format != NULL)
    {
      if (!hs_export_format_from_string (o->format, &format))
        {
          g_set_error (error, HS_ERROR, HS_ERROR_UNSUPPORTED,
                       _("--format %s: the formats are csv, json, txt, png, svg, pdf, mmd, puml and pcap"),
                       o->format);
          return FALSE;
        }
    }
  else if (!g_str_equal (path, "-") && !hs_export_format_from_path (path, &format))
    {
      g_set_error (error, HS_ERROR, HS_ERROR_UNSUPPORTED,
                   _("Cannot tell the format of “%s” from its name: use --format csv, json, txt, png, svg, pdf, mmd, puml or pcap"),
                   path);
      return FALSE;
    }

  hs_export_options_init (&options);
  /* The command line is the trace's only reader: memory stays bounded. */
  options.trace_flags = HS_TRACE_WRITE_SOLE_READER;
  if (o->view != NULL)
    hs_export_view_from_string (o->view, &options.view);   /* checked in main() */
  if (options.view == HS_EXPORT_VIEW_STATES && !hs_export_format_is_image (format))
    {
      g_set_error (error, HS_ERROR, HS_ERROR_UNSUPPORTED,
                   _("--view states draws the state diagram as png, svg or pdf, not %s"),
                   hs_export_format_to_string (format));
      return FALSE;
    }

  switch (hs_export_format_get_kind (format))
    {
    case HS_EXPORT_KIND_CAPTURE:
      if (!hs_export_check_destination (format, path, error) ||
          !capture_side (o, trace, &options.capture_side, error))
        return FALSE;
      break;
    case HS_EXPORT_KIND_DIAGRAM:
      if (!diagram_options (o, &options.diagram, error) ||
          !hs_export_check_destination (format, path, error))
        return FALSE;
      break;
    case HS_EXPORT_KIND_TRACE:
    default:
      break;
    }

  name = g_str_equal (path, "-") ? g_strdup (_("standard output")) : g_filename_display_basename (path);
  run->output_name = name;
  ok = hs_export_trace (trace, path, format, &options, run->cancellable,
                        export_progress_cb, run, error);
  run->output_name = NULL;

  return ok;
}

static gboolean
export_frames (Options  *o,
               Run      *run,
               HsTrace  *trace,
               GError  **error)
{
  HsDiagramExportOptions d;
  HsExportFormat format = HS_EXPORT_PNG;
  HsDiagramFormat diagram_format;
  HsExportView view = HS_EXPORT_VIEW_SEQUENCE;

  if (o->view != NULL && (!hs_export_view_from_string (o->view, &view) || view != HS_EXPORT_VIEW_SEQUENCE))
    {
      g_set_error_literal (error, HS_ERROR, HS_ERROR_UNSUPPORTED,
                           _("--frames draws the sequence diagram only, not --view states"));
      return FALSE;
    }
  if (o->format != NULL &&
      (!hs_export_format_from_string (o->format, &format) || !hs_export_format_is_image (format)))
    {
      g_set_error (error, HS_ERROR, HS_ERROR_UNSUPPORTED,
                   _("--frames writes png, svg or pdf images, not %s"), o->format);
      return FALSE;
    }
  if (!diagram_options (o, &d, error))
    return FALSE;
  hs_export_format_get_diagram_format (format, &diagram_format);
  return draw_frames (run, o->frames, trace, diagram_format, &d, error);
}

/* ------------------------------------------------------------------ */
/* --plot: a plot of the trace instead of its diagram                   */

/* "KIND" or "KIND:ENDPOINT" (the endpoint whose sending is plotted; by
 * default the one that sends the most). */
static gboolean
parse_plot (Options     *o,
            HsTrace     *trace,
            HsPlotKind  *kind,
            guint       *endpoint,
            GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (o->plot, ":", 2);

  *endpoint = HS_TRACE_NONE;
  if (parts[0] == NULL || !hs_plot_kind_from_string (parts[0], kind))
    {
      g_set_error (error, HS_ERROR, HS_ERROR_PARSE,
                   _("--plot %s: the plots are congestion, sequence, window, throughput and rtt"), o->plot);
      return FALSE;
    }
  if (parts[1] == NULL)
    return TRUE;
  for (guint i = 0; i < hs_trace_get_n_endpoints (trace); i++)
    if (g_ascii_strcasecmp (hs_trace_get_endpoint (trace, i)->name, parts[1]) == 0)
      {
        *endpoint = i;
        return TRUE;
      }
  g_set_error (error, HS_ERROR, HS_ERROR_PARSE,
               _("--plot %s: this trace has no endpoint named “%s”"), o->plot, parts[1]);
  return FALSE;
}

/* Writes the plot that --plot asks for: PNG, SVG or PDF with the
 * diagram's --style, --scale and --width, or its series as CSV; the last
 * step of --steps is the cursor (and the step a window plot shows). */
static gboolean
export_plot (Options  *o,
             Run      *run,
             HsTrace  *trace,
             GError  **error)
{
  const char *path = o->export_path != NULL ? o->export_path : "-";
  g_autoptr(HsPlotData) data = NULL;
  HsDiagramExportOptions d;
  HsPlotRenderOptions r;
  HsPlotFormat format;
  HsPlotKind kind;
  guint endpoint;
  g_autofree char *name = NULL;
  gboolean ok;

  if (!parse_plot (o, trace, &kind, &endpoint, error))
    return FALSE;
  if (o->view != NULL || o->frames != NULL)
    {
      g_set_error_literal (error, HS_ERROR, HS_ERROR_PARSE,
                           _("--plot draws a plot, not a diagram: --view and --frames do not apply"));
      return FALSE;
    }
  if (o->format != NULL ? !hs_plot_format_from_string (o->format, &format)
                        : g_str_equal (path, "-") || !hs_plot_format_from_path (path, &format))
    {
      g_set_error_literal (error, HS_ERROR, HS_ERROR_UNSUPPORTED,
                           _("--plot writes png, svg, pdf or csv: name the file so, or use --format"));
      return FALSE;
    }
  if (format == HS_PLOT_FORMAT_PNG && g_str_equal (path, "-") && isatty (STDOUT_FILENO))
    {
      g_set_error_literal (error, HS_ERROR, HS_ERROR_UNSUPPORTED,
                           _("--plot will not write a PNG image to a terminal"));
      return FALSE;
    }
  if (!diagram_options (o, &d, error))
    return FALSE;

  hs_plot_render_options_init (&r);
  r.style = d.style;
  r.transparent = d.transparent;
  if (d.width > 0)
    {
      r.width = d.width;
      r.height = MAX (360, d.width * 9 / 16);
    }
  if (o->steps != NULL)
    r.current_step = MIN (d.layout.last_step, hs_trace_get_n_steps (trace) - 1);

  /* the command line is the trace's only reader: memory stays bounded */
  data = hs_plot_data_new_full (trace, kind, endpoint, HS_PLOT_DATA_SOLE_READER);
  name = g_str_equal (path, "-") ? g_strdup (_("standard output")) : g_filename_display_basename (path);
  run->output_name = name;
  export_progress_cb (HS_EXPORT_PHASE_DRAW_BEGIN, NULL, 0, 0, run);
  ok = hs_plot_export (data, path, format, &r, d.scale, run->cancellable, error);
  export_progress_cb (HS_EXPORT_PHASE_DRAW_END, NULL, 0, 0, run);
  run->output_name = NULL;
  return ok;
}

/* ------------------------------------------------------------------ */

/* No output asked for: the window, on the command line's lesson and files. */
static gboolean
wants_window (Options *o)
{
  return !o->list && !o->list_streams && o->export_path == NULL && o->frames == NULL && o->format == NULL &&
         o->worksheet == NULL && o->answers == NULL && o->count == NULL &&
         o->plot == NULL;
}

static gboolean
has_lesson_options (Options *o)
{
  return o->lesson != NULL || o->sets != NULL || o->drops != NULL || o->seed != NULL ||
         o->profile != NULL || o->pcap != NULL;
}

static int
run_window (Options  *o,
            int       argc,
            char    **argv)
{
  g_autoptr(HsScenario) scenario = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *path = NULL;

  if (!hs_ui_init_check ())
    {
      g_printerr ("handshake: %s\n",
                  _("There is no display to open the window on; to work without one, write a lesson’s trace or diagram with --export FILE (see handshake --help)."));
      return EXIT_FAILURE;
    }

  if (o->lesson != NULL || o->sets != NULL || o->drops != NULL || o->seed != NULL || o->profile != NULL)
    {
      scenario = load_scenario (o, &error);
      if (scenario == NULL)
        return fail (g_steal_pointer (&error));
      if (o->lesson != NULL && (strchr (o->lesson, '/') != NULL || g_str_has_suffix (o->lesson, ".lesson") ||
                                g_file_test (o->lesson, G_FILE_TEST_EXISTS)))
        path = g_canonicalize_filename (o->lesson, NULL);
    }

  /* the remaining arguments are files to open, as is --pcap's */
  for (int i = 0; i < argc; i++)
    g_ptr_array_add (args, argv[i]);
  if (o->pcap != NULL)
    g_ptr_array_add (args, o->pcap);
  g_ptr_array_add (args, NULL);

  return hs_ui_run (scenario, path, (int) args->len - 1, (char **) args->pdata);
}

static gboolean
parse_max_steps (Options  *o,
                 guint64  *max_steps,
                 GError  **error)
{
  *max_steps = 0;
  if (o->max_steps == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (o->max_steps, 10, 1, G_MAXUINT32, max_steps, NULL))
    {
      g_set_error (error, HS_ERROR, HS_ERROR_PARSE,
                   _("--max-steps %s: the limit must be a whole number from 1 to %u"),
                   o->max_steps, G_MAXUINT32);
      return FALSE;
    }
  return TRUE;
}

/* Says on standard error that the output shows a cut-short run. */
static void
warn_truncated (HsTrace *trace)
{
  guint64 max_steps;
  HsTime at;
  g_autofree char *steps = NULL;
  g_autofree char *seconds = NULL;

  if (!hs_simulator_trace_is_truncated (trace, &max_steps, &at))
    return;
  steps = g_strdup_printf ("%" G_GUINT64_FORMAT, max_steps);
  seconds = g_strdup_printf ("%.3f", (double) at / HS_USEC_PER_SEC);
  g_printerr ("handshake: ");
  g_printerr (/* Translators: the first %s is a number of steps, the
               * second seconds of simulated time, e.g. 16.250 */
              _("warning: the simulation stopped at its limit of %s steps, after %s s of simulated time. The export shows only that much and says so; raise the limit with --max-steps."),
              steps, seconds);
  g_printerr ("\n");
}

/* The most variants --count makes: a class, not a print run. */
#define MAX_VARIANTS 200

static gboolean
worksheet_format_is_txt (Options    *o,
                         const char *path,
                         gboolean   *txt,
                         GError    **error)
{
  if (o->format != NULL)
    {
      if (g_ascii_strcasecmp (o->format, "pdf") != 0 && g_ascii_strcasecmp (o->format, "txt") != 0)
        {
          g_set_error (error, HS_ERROR, HS_ERROR_UNSUPPORTED,
                       _("--format %s: a worksheet is written as pdf or txt"), o->format);
          return FALSE;
        }
      *txt = g_ascii_strcasecmp (o->format, "txt") == 0;
      return TRUE;
    }
  *txt = g_str_has_suffix (path, ".txt") || g_str_equal (path, "-");
  return TRUE;
}

/* --worksheet and --answers: one variant per seed, from the lesson's seed
 * (or --seed) on. */
static int
run_worksheet (Options *o)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) quizzes = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(HsScenario) base = NULL;
  HsWorksheetOptions options;
  guint64 count = 1, first_seed, max_steps;
  gboolean randomize;
  const char *paths[2] = { o->worksheet, o->answers };

  if (o->pcap != NULL)
    return fail (g_error_new_literal (HS_ERROR, HS_ERROR_PARSE,
                                      _("--worksheet and --answers ask about a lesson, not a capture (--pcap)")));
  if (o->export_path != NULL || o->frames != NULL)
    return fail (g_error_new_literal (HS_ERROR, HS_ERROR_PARSE,
                                      _("--worksheet and --answers are written on their own, without --export or --frames")));
  if (o->worksheet == NULL && o->answers == NULL)
    return fail (g_error_new_literal (HS_ERROR, HS_ERROR_PARSE,
                                      _("--count makes variants of a worksheet: give --worksheet FILE or --answers FILE")));
  if (o->count != NULL &&
      !g_ascii_string_to_unsigned (o->count, 10, 1, MAX_VARIANTS, &count, NULL))
    return fail (g_error_new (HS_ERROR, HS_ERROR_PARSE,
                              _("--count %s: the number of variants must be a whole number from 1 to %u"),
                              o->count, MAX_VARIANTS));

  hs_worksheet_options_init (&options);
  options.absolute = o->absolute;
  if (o->page != NULL && (!hs_diagram_page_from_string (o->page, &options.page) ||
                          options.page == HS_DIAGRAM_PAGE_LONG))
    return fail (g_error_new (HS_ERROR, HS_ERROR_PARSE,
                              _("--page %s: a worksheet is printed on a4 or letter pages"), o->page));

  if (!parse_max_steps (o, &max_steps, &error))
    return fail (g_steal_pointer (&error));
  base = load_scenario (o, &error);
  if (base == NULL)
    return fail (g_steal_pointer (&error));
  first_seed = hs_scenario_get_seed (base);
  /* Neighbours in a class should not copy: more than one variant always
   * draws its own numbers. */
  randomize = hs_scenario_get_quiz_random (base) || count > 1;

  for (guint64 v = 0; v < count; v++)
    {
      g_autoptr(HsScenario) scenario = load_scenario_variant (o, TRUE, first_seed + v, randomize, &error);
      g_autoptr(HsTrace) trace = NULL;
      HsQuiz *quiz;

      if (scenario == NULL)
        return fail (g_steal_pointer (&error));
      trace = hs_simulator_run_full (scenario, max_steps, NULL, NULL, NULL, &error);
      if (trace == NULL)
        return fail (g_steal_pointer (&error));
      quiz = hs_quiz_new (trace, scenario, &error);
      if (quiz == NULL)
        return fail (g_steal_pointer (&error));
      if (hs_quiz_get_n_questions (quiz) == 0)
        {
          g_object_unref (quiz);
          return fail (g_error_new (HS_ERROR, HS_ERROR_INVALID,
                                    _("The lesson “%s” has nothing to ask: none of its steps makes a question"),
                                    hs_scenario_get_title (scenario)));
        }
      g_ptr_array_add (quizzes, quiz);
    }

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      gboolean txt;

      if (paths[i] == NULL)
        continue;
      options.answers = i == 1;
      if (!worksheet_format_is_txt (o, paths[i], &txt, &error) ||
          !(txt ? hs_worksheet_write_txt (quizzes, paths[i], &options, &error)
                : hs_worksheet_write_pdf (quizzes, paths[i], &options, &error)))
        return fail (g_steal_pointer (&error));
    }
  return EXIT_SUCCESS;
}

/* --streams: "all" (*indexes NULL) or stream numbers separated by commas. */
static gboolean
parse_streams (const char  *text,
               GArray     **indexes,
               GError     **error)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(GArray) list = NULL;

  *indexes = NULL;
  if (g_str_equal (text, "all"))
    return TRUE;

  parts = g_strsplit (text, ",", -1);
  list = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; parts[i] != NULL; i++)
    {
      guint64 n;

      if (!g_ascii_string_to_unsigned (g_strstrip (parts[i]), 10, 0, G_MAXUINT - 1, &n, NULL))
        {
          g_set_error (error, HS_ERROR, HS_ERROR_PARSE,
                       _("--streams %s: give all, or connection numbers separated by commas, such as 0,2,3"), text);
          return FALSE;
        }
      g_array_append_val (list, (guint) { (guint) n });
    }

  *indexes = g_steal_pointer (&list);
  return TRUE;
}

/* Runs the lesson or reads the capture, then exports it. */
static int
run_command (Options *o)
{
  g_autoptr(HsTrace) trace = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HsProgressLine) line = hs_progress_line_new (!o->quiet);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Run run = { .line = line, .cancellable = cancellable };
  guint64 max_steps;
  gboolean ok;

  if (!parse_max_steps (o, &max_steps, &error))
    return fail (g_steal_pointer (&error));

  if (o->pcap != NULL)
    {
      /* A damaged capture is refused for export: a half-read connection
       * written out as if whole would mislead. */
      if (o->max_steps != NULL)
        return fail (g_error_new_literal (HS_ERROR, HS_ERROR_PARSE,
                                          _("--max-steps limits a simulation; --pcap reads a capture")));
      if (o->streams != NULL)
        {
          g_autoptr(GArray) indexes = NULL;

          if (!parse_streams (o->streams, &indexes, &error) ||
              !hs_capture_load_streams (o->pcap,
                                        indexes != NULL ? (const guint *) (gpointer) indexes->data : NULL,
                                        indexes != NULL ? indexes->len : 0,
                                        &trace, &error))
            {
              g_clear_object (&trace);
              return fail (g_steal_pointer (&error));
            }
          if (hs_trace_get_parameter (trace, "streams-in-file") != NULL)
            {
              g_printerr ("handshake: ");
              g_printerr (/* Translators: %s is a count of connections, over 16 */
                          _("warning: the capture holds %s connections; one diagram shows the first %u. Choose others with --streams 16,17,…"),
                          hs_trace_get_parameter (trace, "streams-in-file"), (guint) HS_CAPTURE_MAX_STREAMS);
              g_printerr ("\n");
            }
        }
      else if (!hs_capture_load_stream (o->pcap, (guint) o->stream, &trace, &error))
        {
          g_clear_object (&trace);
          return fail (g_steal_pointer (&error));
        }
    }
  else
    {
      g_autoptr(HsScenario) scenario = load_scenario (o, &error);

      if (scenario == NULL)
        return fail (g_steal_pointer (&error));
      g_set_object (&o->scenario, scenario);
      install_signal_handlers (line);
      trace = hs_simulator_run_full (scenario, max_steps, cancellable,
                                     simulation_progress_cb, &run, &error);
      hs_progress_line_clear (line);
      if (trace == NULL)
        {
          if (interrupted_by != 0)
            die_of_interruption (&run);
          return fail (g_steal_pointer (&error));
        }
    }

  /* One connection of several, as a trace of its own for every format. */
  if (o->connection != G_MININT)
    {
      g_autoptr(HsTrace) whole = g_steal_pointer (&trace);

      trace = hs_trace_new_for_connection (whole, o->connection < 0 ? 0 : (guint) o->connection, &error);
      if (trace == NULL)
        return fail (g_steal_pointer (&error));
    }

  install_signal_handlers (line);
  if (o->plot != NULL)
    ok = export_plot (o, &run, trace, &error);
  else if (o->frames != NULL)
    ok = export_frames (o, &run, trace, &error);
  else
    ok = export_trace (o, &run, trace, &error);

  /* Whatever went wrong meanwhile, a signal explains it best. */
  if (interrupted_by != 0)
    die_of_interruption (&run);
  if (!ok)
    return fail (g_steal_pointer (&error));

  if (hs_simulator_trace_is_truncated (trace, NULL, NULL))
    {
      warn_truncated (trace);
      return EXIT_TRUNCATED;
    }

  return EXIT_SUCCESS;
}

/* GLib's option groups: --help shows what to do, --help-all everything,
 * and --help-NAME one group. */
static void
add_option_group (GOptionContext     *context,
                  const char         *name,
                  const char         *heading,
                  const char         *help,
                  const GOptionEntry *entries)
{
  GOptionGroup *group = g_option_group_new (name, heading, help, NULL, NULL);

  g_option_group_set_translation_domain (group, GETTEXT_PACKAGE);
  g_option_group_add_entries (group, entries);
  g_option_context_add_group (context, group);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  Options o = { .stream = 0, .connection = G_MININT, .scale = -G_MAXDOUBLE, .width = -G_MAXDOUBLE };
  int status;
  /* what to do: shown by --help */
  const GOptionEntry entries[] = {
    { "list-lessons", 0, 0, G_OPTION_ARG_NONE, &o.list, N_("List the built-in lessons (id, a tab, the title), then your own (path, a tab, the title)"), NULL },
    { "lesson", 'l', 0, G_OPTION_ARG_FILENAME, &o.lesson, N_("Run a built-in lesson, or a lesson file"), N_("ID|FILE") },
    { "pcap", 0, 0, G_OPTION_ARG_FILENAME, &o.pcap, N_("Read a TCP connection from a pcap or pcapng capture instead of running a lesson"), N_("FILE") },
    { "export", 'o', 0, G_OPTION_ARG_FILENAME, &o.export_path, N_("Write the trace or its diagram to FILE (“-” for standard output)"), N_("FILE") },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &o.format, N_("csv, json, txt, png, svg, pdf, mmd, puml or pcap (default: from the file name)"), N_("FORMAT") },
    { "view", 0, 0, G_OPTION_ARG_STRING, &o.view, N_("The diagram to draw: sequence (default) or states, the RFC 9293 state diagram with both endpoints’ states at the end or at --steps’ last step (png, svg or pdf)"), N_("VIEW") },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &o.quiet, N_("No progress on the terminal"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &o.version, N_("Print the version and exit"), NULL },
    { NULL }
  };
  /* --help-lesson */
  const GOptionEntry lesson_entries[] = {
    { "seed", 0, 0, G_OPTION_ARG_STRING, &o.seed, N_("Seed for random loss and random initial sequence numbers"), N_("N") },
    { "profile", 0, 0, G_OPTION_ARG_STRING, &o.profile, N_("Constants that RFCs leave open: linux (default) or rfc"), N_("PROFILE") },
    { "set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o.sets, N_("Override a lesson parameter, such as client.isn=1000 or network.delay=50ms"), N_("KEY=VALUE") },
    { "drop", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o.drops, N_("Lose a segment, such as client:3 or server:SYN+ACKx2"), N_("SPEC") },
    { "max-steps", 0, 0, G_OPTION_ARG_STRING, &o.max_steps, N_("Stop a simulation after N steps (default 4000000)"), N_("N") },
    { NULL }
  };
  /* --help-export */
  const GOptionEntry export_entries[] = {
    { "style", 0, 0, G_OPTION_ARG_STRING, &o.style, N_("Diagram style: light, dark, high-contrast or print"), N_("STYLE") },
    { "scale", 0, 0, G_OPTION_ARG_DOUBLE, &o.scale, N_("PNG pixels per point: 1 or 2"), N_("N") },
    { "width", 0, 0, G_OPTION_ARG_DOUBLE, &o.width, N_("Diagram width in pixels"), N_("PX") },
    { "absolute", 0, 0, G_OPTION_ARG_NONE, &o.absolute, N_("Absolute sequence numbers in the diagram"), NULL },
    { "options", 0, 0, G_OPTION_ARG_NONE, &o.options, N_("Show TCP options (MSS, WS, SACK, TS) in the diagram"), NULL },
    { "transparent", 0, 0, G_OPTION_ARG_NONE, &o.transparent, N_("A PNG without background"), NULL },
    { "split", 0, 0, G_OPTION_ARG_NONE, &o.split, N_("Split a PNG too tall for one image into numbered files"), NULL },
    { "steps", 0, 0, G_OPTION_ARG_STRING, &o.steps, N_("Only these steps of the diagram, such as 1-12"), N_("A-B") },
    { "frames", 0, 0, G_OPTION_ARG_FILENAME, &o.frames, N_("Write one image per step into DIR"), N_("DIR") },
    { "page", 0, 0, G_OPTION_ARG_STRING, &o.page, N_("PDF pages: long, a4 or letter"), N_("PAGE") },
    { "connection", 0, 0, G_OPTION_ARG_INT, &o.connection, N_("Only connection N (from 1) of a trace of several, in every format"), N_("N") },
    { "plot", 0, 0, G_OPTION_ARG_STRING, &o.plot, N_("Draw a plot instead of the diagram: congestion, sequence, window, throughput or rtt, optionally :ENDPOINT (png, svg, pdf, or csv for its series)"), N_("KIND") },
    { NULL }
  };
  /* --help-worksheet */
  const GOptionEntry worksheet_entries[] = {
    { "worksheet", 0, 0, G_OPTION_ARG_FILENAME, &o.worksheet, N_("Write a worksheet: the lesson’s ladder with the asked fields blank, and numbered questions (pdf, or txt)"), N_("FILE") },
    { "answers", 0, 0, G_OPTION_ARG_FILENAME, &o.answers, N_("Write the worksheet’s answer key to FILE"), N_("FILE") },
    { "count", 0, 0, G_OPTION_ARG_STRING, &o.count, N_("With --worksheet: K variants with their own numbers, from seeds N, N+1, … (one per page)"), N_("K") },
    { NULL }
  };
  /* --help-capture */
  const GOptionEntry capture_entries[] = {
    { "list-streams", 0, 0, G_OPTION_ARG_NONE, &o.list_streams, N_("With --pcap: list the TCP connections in the capture"), NULL },
    { "stream", 0, 0, G_OPTION_ARG_INT, &o.stream, N_("With --pcap: which connection (default 0)"), N_("N") },
    { "streams", 0, 0, G_OPTION_ARG_STRING, &o.streams, N_("With --pcap: several connections on one diagram: all, or numbers such as 0,2,3"), N_("LIST") },
    { "capture-side", 0, 0, G_OPTION_ARG_STRING, &o.capture_side, N_("For a pcap export: where the capture is taken (default: client)"), N_("NAME") },
    { NULL }
  };

  setlocale (LC_ALL, "");
  setup_gettext ();

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("Handshake shows how TCP connections are set up, used and torn down."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  add_option_group (context, "lesson", _("Lesson and simulation options:"),
                    _("Show the options that change a lesson and its simulation"), lesson_entries);
  add_option_group (context, "export", _("Diagram and export options:"),
                    _("Show the options of the diagram and the files written"), export_entries);
  add_option_group (context, "worksheet", _("Worksheet options:"),
                    _("Show the options for printable worksheets (--worksheet)"), worksheet_entries);
  add_option_group (context, "capture", _("Capture options:"),
                    _("Show the options for reading a capture (--pcap)"), capture_entries);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      options_clear (&o);
      return fail (g_steal_pointer (&error));
    }

  if (o.view != NULL && !hs_export_view_from_string (o.view, &(HsExportView) { 0 }))
    {
      status = fail (g_error_new (HS_ERROR, HS_ERROR_PARSE,
                                  _("--view %s: the views are sequence and states"), o.view));
      options_clear (&o);
      return status;
    }

  if (o.version)
    {
      g_autofree char *line = g_strdup_printf ("handshake %s\n", PACKAGE_VERSION);

      status = print_stdout (line, &error) ? EXIT_SUCCESS : fail (g_steal_pointer (&error));
    }
  /* GTK may be initialized once only: one look at the display */
  else if (wants_window (&o) && (!has_lesson_options (&o) || hs_ui_init_check ()))
    {
      if (o.max_steps != NULL)
        /* Said rather than ignored: the window keeps the default limit. */
        status = fail (g_error_new_literal (HS_ERROR, HS_ERROR_PARSE,
                                            _("--max-steps limits what the command line writes (--export, --frames): the window uses its own limit")));
      else
        status = run_window (&o, argc, argv);
    }
  else if (argc > 1)
    status = fail (g_error_new (HS_ERROR, HS_ERROR_PARSE, _("Unexpected argument “%s” (see handshake --help)"), argv[1]));
  else if (o.worksheet != NULL || o.answers != NULL || o.count != NULL)
    status = run_worksheet (&o);
  else if (o.list)
    status = list_lessons ();
  else if (o.list_streams && o.pcap == NULL)
    status = fail (g_error_new_literal (HS_ERROR, HS_ERROR_PARSE, _("--list-streams needs --pcap FILE")));
  else if (o.list_streams)
    status = list_streams (o.pcap);
  else if (o.pcap != NULL && (o.lesson != NULL || o.sets != NULL || o.drops != NULL || o.seed != NULL || o.profile != NULL))
    status = fail (g_error_new_literal (HS_ERROR, HS_ERROR_PARSE,
                                        _("--pcap reads a real connection: --lesson, --set, --drop, --seed and --profile do not apply")));
  else if (o.streams != NULL && o.pcap == NULL)
    status = fail (g_error_new_literal (HS_ERROR, HS_ERROR_PARSE, _("--streams needs --pcap FILE")));
  else if (o.pcap != NULL && o.stream < 0)
    status = fail (g_error_new_literal (HS_ERROR, HS_ERROR_PARSE, _("--stream must be 0 or more")));
  else
    status = run_command (&o);

  options_clear (&o);
  return status;
}
