/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-types.c: the generated enum GTypes of the engine, the diagram, the
 * captures and the export registry. Their nicks are the stable names
 * written in CSV, JSON and lesson files and taken on the command line:
 * each must be the name the hand-written tables gave before the GTypes,
 * and each must round-trip through the public from/to-string functions. */

#include "config.h"

#include <string.h>

#include <glib-object.h>

#include "hs-capture-enums.h"
#include "hs-capture-writer.h"
#include "hs-diagram-enums.h"
#include "hs-diagram-export.h"
#include "hs-diagram-style.h"
#include "hs-engine-enums.h"
#include "hs-error.h"
#include "hs-export-enums.h"
#include "hs-export.h"
#include "hs-scenario.h"
#include "hs-trace-writer.h"
#include "hs-trace.h"
#include "hs-types.h"

/* Every value of @type has the nick @names gives it, in value order (for
 * an enum) or bit order (for flags), and nothing else: no end marker. */
static void
assert_nicks (GType               type,
              const char * const *names,
              guint               n_names)
{
  if (G_TYPE_IS_ENUM (type))
    {
      g_autoptr(GEnumClass) klass = g_type_class_ref (type);

      g_assert_cmpuint (klass->n_values, ==, n_names);
      for (guint i = 0; i < n_names; i++)
        {
          GEnumValue *value = g_enum_get_value (klass, i);

          g_assert_nonnull (value);
          g_assert_cmpstr (value->value_nick, ==, names[i]);
          g_assert_true (g_enum_get_value_by_nick (klass, names[i]) == value);
        }
    }
  else
    {
      g_autoptr(GFlagsClass) klass = g_type_class_ref (type);

      g_assert_true (G_TYPE_IS_FLAGS (type));
      g_assert_cmpuint (klass->n_values, ==, n_names);
      for (guint bit = 0; bit < n_names; bit++)
        {
          GFlagsValue *value = g_flags_get_first_value (klass, 1u << bit);

          g_assert_nonnull (value);
          g_assert_cmpuint (value->value, ==, 1u << bit);
          g_assert_cmpstr (value->value_nick, ==, names[bit]);
          g_assert_true (g_flags_get_value_by_nick (klass, names[bit]) == value);
        }
    }
}

static void
test_state (void)
{
  static const char * const names[] = {
    "CLOSED", "LISTEN", "SYN-SENT", "SYN-RECEIVED", "ESTABLISHED", "FIN-WAIT-1",
    "FIN-WAIT-2", "CLOSE-WAIT", "CLOSING", "LAST-ACK", "TIME-WAIT",
  };
  HsState state;

  g_test_summary ("HsState's nicks are RFC 9293's spellings, and hs_state_from_string() "
                  "takes them in any case with '_' for '-'");
  G_STATIC_ASSERT (G_N_ELEMENTS (names) == HS_N_STATES);
  assert_nicks (HS_TYPE_STATE, names, G_N_ELEMENTS (names));
  for (guint i = 0; i < HS_N_STATES; i++)
    {
      g_autofree char *lower = g_ascii_strdown (names[i], -1);

      g_assert_cmpstr (hs_state_to_string (i), ==, names[i]);
      g_assert_true (hs_state_from_string (names[i], &state));
      g_assert_cmpint (state, ==, i);
      g_strdelimit (lower, "-", '_');
      g_assert_true (hs_state_from_string (lower, &state));
      g_assert_cmpint (state, ==, i);
    }
  g_assert_false (hs_state_from_string ("", &state));
  g_assert_false (hs_state_from_string ("SYN", &state));
  g_assert_false (hs_state_from_string ("SYN-RECEIVED ", &state));
  g_assert_true (hs_state_from_string ("Fin_Wait-2", NULL));
}

static void
test_tcp_flags (void)
{
  static const char * const names[] = { "FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR" };
  g_autofree char *all = NULL;
  g_autofree char *none = NULL;
  guint8 flags;

  g_test_summary ("HsTcpFlags' nicks are Wireshark's names, in wire order, and the flag list "
                  "functions round-trip them");
  assert_nicks (HS_TYPE_TCP_FLAGS, names, G_N_ELEMENTS (names));
  for (guint bit = 0; bit < G_N_ELEMENTS (names); bit++)
    {
      g_autofree char *name = hs_tcp_flags_to_string (1u << bit, "+");
      g_autofree char *lower = g_ascii_strdown (names[bit], -1);

      g_assert_cmpstr (name, ==, names[bit]);
      g_assert_true (hs_tcp_flags_from_string (lower, &flags));
      g_assert_cmpuint (flags, ==, 1u << bit);
    }
  all = hs_tcp_flags_to_string (0xff, ", ");
  g_assert_cmpstr (all, ==, "FIN, SYN, RST, PSH, ACK, URG, ECE, CWR");
  g_assert_true (hs_tcp_flags_from_string (all, &flags));
  g_assert_cmpuint (flags, ==, 0xff);
  g_assert_true (hs_tcp_flags_from_string ("syn+Ack", &flags));
  g_assert_cmpuint (flags, ==, HS_TCP_SYN | HS_TCP_ACK);
  g_assert_true (hs_tcp_flags_from_string ("FIN,ACK", &flags));
  g_assert_cmpuint (flags, ==, HS_TCP_FIN | HS_TCP_ACK);
  g_assert_false (hs_tcp_flags_from_string ("", &flags));
  g_assert_false (hs_tcp_flags_from_string ("SYN+", &flags));
  g_assert_false (hs_tcp_flags_from_string ("SYNACK", &flags));
  none = hs_tcp_flags_to_string (0, "+");
  g_assert_cmpstr (none, ==, "");
}

static void
test_profile_kind (void)
{
  static const char * const names[] = { "linux", "rfc" };
  HsProfileKind kind;

  g_test_summary ("HsProfileKind's nicks are the profile names of lesson files and --profile, "
                  "taken in any case");
  G_STATIC_ASSERT (G_N_ELEMENTS (names) == HS_N_PROFILES);
  assert_nicks (HS_TYPE_PROFILE_KIND, names, G_N_ELEMENTS (names));
  for (guint i = 0; i < HS_N_PROFILES; i++)
    {
      g_autofree char *upper = g_ascii_strup (names[i], -1);

      g_assert_cmpstr (hs_profile_kind_to_string (i), ==, names[i]);
      g_assert_true (hs_profile_kind_from_string (upper, &kind));
      g_assert_cmpint (kind, ==, i);
    }
  g_assert_false (hs_profile_kind_from_string ("bsd", &kind));
  g_assert_false (hs_profile_kind_from_string ("", NULL));
}

static void
test_lesson_transport (void)
{
  static const char * const names[] = { "tcp", "udp", "compare", "compare-congestion" };
  static const char * const head = "[Lesson]\nTitle=Transport\nTransport=";
  static const char * const tail =
    "\n[Client]\nScript=connect; send 100; close\n"
    "[Server]\nScript=listen; wait-for 100 bytes; close\n";
  g_autoptr(HsScenario) upper = NULL;
  g_autofree char *upper_text = NULL;
  g_autoptr(GError) upper_error = NULL;

  g_test_summary ("HsLessonTransport's nicks are the words of a lesson's Transport=, spelled as they are");
  assert_nicks (HS_TYPE_LESSON_TRANSPORT, names, G_N_ELEMENTS (names));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *text = g_strconcat (head, names[i], tail, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(HsScenario) scenario = hs_scenario_new_from_data ("transport", "transport.lesson",
                                                                  text, strlen (text), &error);

      g_assert_no_error (error);
      g_assert_cmpint (hs_scenario_get_transport (scenario), ==, i);
    }
  /* spelled as they are, as before the GType */
  upper_text = g_strconcat (head, "UDP", tail, NULL);
  upper = hs_scenario_new_from_data ("transport", "transport.lesson", upper_text, strlen (upper_text), &upper_error);
  g_assert_null (upper);
  g_assert_error (upper_error, HS_ERROR, HS_ERROR_INVALID);
}

static void
test_trace_names (void)
{
  static const char * const formats[] = { "csv", "json", "txt" };
  static const char * const fates[] = { "delivered", "lost", "in-flight", "captured" };
  static const char * const marks[] = {
    "retransmission", "duplicate-ack", "window-probe", "window-update",
    "delayed-ack", "duplicated", "zero-window", "keepalive",
  };
  static const char * const analyses[] = {
    "retransmission", "fast-retransmission", "spurious-retransmission", "out-of-order",
    "lost-segment", "ack-lost-segment", "duplicate-ack", "zero-window", "window-full",
    "zero-window-probe", "zero-window-probe-ack", "window-update", "keep-alive",
    "keep-alive-ack", "reused-ports",
  };
  static const char * const step_kinds[] = {
    "app-call", "app-notify", "segment-sent", "segment-arrived", "segment-lost",
    "state-change", "timer",
  };
  static const char * const app_calls[] = {
    "listen", "connect", "send", "read", "shutdown", "close", "abort", "cork", "uncork",
    "shutdown-read", "kill", "crash", "reboot", "accept", "flood",
  };
  static const char * const notifies[] = {
    "established", "data", "eof", "refused", "reset", "timed-out", "closed",
  };
  static const char * const timers[] = {
    "retransmission", "time-wait", "delayed-ack", "persist", "keepalive", "loss-probe", "reorder",
  };
  HsTraceFormat format;

  g_test_summary ("The trace's enums have as nicks the names the JSON and CSV writers give "
                  "them (hs-trace-writer.c's tables), and the trace formats round-trip");
  assert_nicks (HS_TYPE_TRACE_FORMAT, formats, G_N_ELEMENTS (formats));
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *upper = g_ascii_strup (formats[i], -1);

      g_assert_true (hs_trace_format_from_string (upper, &format));
      g_assert_cmpint (format, ==, i);
    }
  assert_nicks (HS_TYPE_SEGMENT_FATE, fates, G_N_ELEMENTS (fates));
  assert_nicks (HS_TYPE_SEGMENT_MARK, marks, G_N_ELEMENTS (marks));
  G_STATIC_ASSERT (G_N_ELEMENTS (analyses) == HS_N_SEGMENT_ANALYSES);
  assert_nicks (HS_TYPE_SEGMENT_ANALYSIS, analyses, G_N_ELEMENTS (analyses));
  for (guint bit = 0; bit < HS_N_SEGMENT_ANALYSES; bit++)
    g_assert_cmpstr (hs_segment_analysis_to_string (1u << bit), ==, analyses[bit]);
  g_assert_null (hs_segment_analysis_to_string (0));
  g_assert_null (hs_segment_analysis_to_string (HS_ANALYSIS_RETRANSMISSION | HS_ANALYSIS_OUT_OF_ORDER));
  assert_nicks (HS_TYPE_STEP_KIND, step_kinds, G_N_ELEMENTS (step_kinds));
  G_STATIC_ASSERT (G_N_ELEMENTS (app_calls) == HS_N_APP_CALLS);
  assert_nicks (HS_TYPE_APP_CALL, app_calls, G_N_ELEMENTS (app_calls));
  G_STATIC_ASSERT (G_N_ELEMENTS (notifies) == HS_N_NOTIFIES);
  assert_nicks (HS_TYPE_NOTIFY, notifies, G_N_ELEMENTS (notifies));
  G_STATIC_ASSERT (G_N_ELEMENTS (timers) == HS_N_TIMERS);
  assert_nicks (HS_TYPE_TIMER_KIND, timers, G_N_ELEMENTS (timers));
}

static void
test_diagram (void)
{
  static const char * const styles[] = { "light", "dark", "high-contrast", "print" };
  static const char * const pages[] = { "long", "a4", "letter" };
  static const char * const time_modes[] = { "proportional", "events" };
  HsDiagramStyleKind style;
  HsDiagramPage page;

  g_test_summary ("The diagram's styles, pages and time modes have as nicks the names --style, "
                  "--page and the settings use, taken in any case");
  G_STATIC_ASSERT (G_N_ELEMENTS (styles) == HS_DIAGRAM_N_STYLES);
  assert_nicks (HS_TYPE_DIAGRAM_STYLE_KIND, styles, G_N_ELEMENTS (styles));
  for (guint i = 0; i < HS_DIAGRAM_N_STYLES; i++)
    {
      g_autofree char *upper = g_ascii_strup (styles[i], -1);

      g_assert_cmpstr (hs_diagram_style_kind_to_string (i), ==, styles[i]);
      g_assert_true (hs_diagram_style_kind_from_string (upper, &style));
      g_assert_cmpint (style, ==, i);
    }
  g_assert_true (hs_diagram_style_kind_from_string ("high_contrast", &style));
  g_assert_cmpint (style, ==, HS_DIAGRAM_STYLE_HIGH_CONTRAST);
  g_assert_false (hs_diagram_style_kind_from_string ("auto", &style));

  assert_nicks (HS_TYPE_DIAGRAM_PAGE, pages, G_N_ELEMENTS (pages));
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autofree char *upper = g_ascii_strup (pages[i], -1);

      g_assert_true (hs_diagram_page_from_string (upper, &page));
      g_assert_cmpint (page, ==, i);
    }
  g_assert_false (hs_diagram_page_from_string ("a3", &page));

  assert_nicks (HS_TYPE_DIAGRAM_TIME_MODE, time_modes, G_N_ELEMENTS (time_modes));
}

static void
test_capture_side (void)
{
  static const char * const sides[] = { "client", "server" };
  HsCaptureSide side;

  g_test_summary ("HsCaptureSide's nicks are the names --capture-side takes, in any case");
  assert_nicks (HS_TYPE_CAPTURE_SIDE, sides, G_N_ELEMENTS (sides));
  for (guint i = 0; i < G_N_ELEMENTS (sides); i++)
    {
      g_autofree char *upper = g_ascii_strup (sides[i], -1);

      g_assert_true (hs_capture_side_from_string (upper, &side));
      g_assert_cmpint (side, ==, i);
    }
  g_assert_false (hs_capture_side_from_string ("both", &side));
}

static void
test_export (void)
{
  static const char * const formats[] = {
    "png", "svg", "pdf", "mmd", "puml", "csv", "json", "txt", "pcap",
  };
  static const char * const views[] = { "sequence", "states" };
  static const struct {
    const char     *name;
    HsExportFormat  format;
  } aliases[] = {
    { "mermaid", HS_EXPORT_MERMAID },
    { "PlantUML", HS_EXPORT_PLANTUML },
    { "pu", HS_EXPORT_PLANTUML },
  };
  HsExportFormat format;
  HsExportView view;

  g_test_summary ("The export formats' nicks are the registry's names (--format), the views' "
                  "the names --view takes; both round-trip in any case, the aliases too");
  G_STATIC_ASSERT (G_N_ELEMENTS (formats) == HS_EXPORT_N_FORMATS);
  assert_nicks (HS_TYPE_EXPORT_FORMAT, formats, G_N_ELEMENTS (formats));
  for (guint i = 0; i < HS_EXPORT_N_FORMATS; i++)
    {
      g_autofree char *upper = g_ascii_strup (formats[i], -1);

      g_assert_cmpstr (hs_export_format_to_string (i), ==, formats[i]);
      g_assert_cmpstr (hs_export_format_get_info (i)->name, ==, formats[i]);
      g_assert_true (hs_export_format_from_string (upper, &format));
      g_assert_cmpint (format, ==, i);
    }
  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    {
      g_assert_true (hs_export_format_from_string (aliases[i].name, &format));
      g_assert_cmpint (format, ==, aliases[i].format);
    }
  g_assert_false (hs_export_format_from_string ("gif", &format));
  g_assert_false (hs_export_format_from_string (NULL, &format));

  assert_nicks (HS_TYPE_EXPORT_VIEW, views, G_N_ELEMENTS (views));
  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      g_autofree char *upper = g_ascii_strup (views[i], -1);

      g_assert_true (hs_export_view_from_string (upper, &view));
      g_assert_cmpint (view, ==, i);
    }
  g_assert_false (hs_export_view_from_string ("state", &view));
  g_assert_false (hs_export_view_from_string (NULL, &view));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/types/engine/state", test_state);
  g_test_add_func ("/types/engine/tcp-flags", test_tcp_flags);
  g_test_add_func ("/types/engine/profile-kind", test_profile_kind);
  g_test_add_func ("/types/engine/lesson-transport", test_lesson_transport);
  g_test_add_func ("/types/engine/trace", test_trace_names);
  g_test_add_func ("/types/diagram", test_diagram);
  g_test_add_func ("/types/capture/side", test_capture_side);
  g_test_add_func ("/types/export", test_export);

  return g_test_run ();
}
