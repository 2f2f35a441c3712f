/* SPDX-License-Identifier: GPL-3.0-or-later */
/* handshake.c: the one executable: lists lessons, runs them and exports
 * their traces, headless. */

#define G_LOG_DOMAIN "handshake"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include <glib/gi18n.h>

#include "hs-atomic-file.h"
#include "hs-error.h"
#include "hs-scenario.h"
#include "hs-simulator.h"
#include "hs-trace-writer.h"

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

static int
list_lessons (void)
{
  g_auto(GStrv) ids = hs_scenario_list_builtin ();
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autoptr(HsScenario) scenario = hs_scenario_new_builtin (ids[i], NULL);

      if (scenario != NULL)
        g_string_append_printf (out, "%s\t%s\n", ids[i], hs_scenario_get_title (scenario));
    }
  fputs (out->str, stdout);
  return fflush (stdout) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HsScenario) scenario = NULL;
  g_autoptr(HsTrace) trace = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gboolean list = FALSE;
  gboolean version = FALSE;
  g_autofree char *lesson = NULL;
  g_autofree char *export_path = NULL;
  g_autofree char *format_name = NULL;
  g_autofree char *profile_name = NULL;
  g_autofree char *seed_text = NULL;
  g_auto(GStrv) sets = NULL;
  g_auto(GStrv) drops = NULL;
  HsTraceFormat format = HS_TRACE_FORMAT_TXT;
  const GOptionEntry entries[] = {
    { "list-lessons", 0, 0, G_OPTION_ARG_NONE, &list, N_("List the built-in lessons: id, a tab, and the title"), NULL },
    { "lesson", 'l', 0, G_OPTION_ARG_FILENAME, &lesson, N_("Run a built-in lesson, or a lesson file"), N_("ID|FILE") },
    { "export", 'o', 0, G_OPTION_ARG_FILENAME, &export_path, N_("Write the lesson’s trace to FILE (“-” for standard output)"), N_("FILE") },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_name, N_("Format of the export: csv, json or txt (default: from the file name)"), N_("FORMAT") },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed_text, N_("Seed for random loss and random initial sequence numbers"), N_("N") },
    { "profile", 0, 0, G_OPTION_ARG_STRING, &profile_name, N_("Constants that RFCs leave open: linux (default) or rfc"), N_("PROFILE") },
    { "set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &sets, N_("Override a lesson parameter, such as client.isn=1000 or network.delay=50ms"), N_("KEY=VALUE") },
    { "drop", 0, 0, G_OPTION_ARG_STRING_ARRAY, &drops, N_("Lose a segment, such as client:3 or server:SYN+ACKx2"), N_("SPEC") },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, N_("Print the version and exit"), NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  setup_gettext ();

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("Handshake shows how TCP connections are set up, used and torn down."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fail (g_steal_pointer (&error));
  if (argc > 1)
    return fail (g_error_new (HS_ERROR, HS_ERROR_PARSE, _("Unexpected argument “%s” (see handshake --help)"), argv[1]));

  if (version)
    {
      g_print ("handshake %s\n", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }
  if (list)
    return list_lessons ();

  scenario = hs_scenario_load (lesson != NULL ? lesson : HS_DEFAULT_LESSON, &error);
  if (scenario == NULL)
    return fail (g_steal_pointer (&error));

  if (profile_name != NULL)
    {
      HsProfileKind kind;

      if (!hs_profile_kind_from_string (profile_name, &kind))
        return fail (g_error_new (HS_ERROR, HS_ERROR_PARSE,
                                  _("--profile %s: the profiles are “linux” and “rfc”"), profile_name));
      hs_scenario_set_profile (scenario, kind);
    }
  if (seed_text != NULL)
    {
      guint64 seed;

      if (!g_ascii_string_to_unsigned (seed_text, 10, 0, G_MAXUINT64, &seed, NULL))
        return fail (g_error_new (HS_ERROR, HS_ERROR_PARSE,
                                  _("--seed %s: the seed must be a whole number"), seed_text));
      hs_scenario_set_seed (scenario, seed);
    }
  for (guint i = 0; sets != NULL && sets[i] != NULL; i++)
    if (!hs_scenario_set (scenario, sets[i], &error))
      return fail (g_steal_pointer (&error));
  for (guint i = 0; drops != NULL && drops[i] != NULL; i++)
    if (!hs_scenario_add_drop (scenario, drops[i], &error))
      return fail (g_steal_pointer (&error));

  if (format_name != NULL)
    {
      if (!hs_trace_format_from_string (format_name, &format))
        return fail (g_error_new (HS_ERROR, HS_ERROR_UNSUPPORTED,
                                  _("--format %s: the formats are csv, json and txt"), format_name));
    }
  else if (export_path != NULL && !g_str_equal (export_path, "-"))
    {
      if (!hs_trace_format_from_filename (export_path, &format))
        return fail (g_error_new (HS_ERROR, HS_ERROR_UNSUPPORTED,
                                  _("Cannot tell the format of “%s” from its name: use --format csv, json or txt"),
                                  export_path));
    }

  trace = hs_simulator_run (scenario, &error);
  if (trace == NULL)
    return fail (g_steal_pointer (&error));

  bytes = hs_trace_write (trace, format, &error);
  if (bytes == NULL)
    return fail (g_steal_pointer (&error));

  if (!hs_atomic_file_write (export_path != NULL ? export_path : "-",
                             g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error))
    return fail (g_steal_pointer (&error));

  return EXIT_SUCCESS;
}
