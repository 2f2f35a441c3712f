/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-ui.c: the window's GResource, labels and formats every part uses,
 * and the choices offered for the settings that are numbers. */

#define G_LOG_DOMAIN "hs-ui"

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "hs-diagram-layout.h"

#include "hs-ui-resources.h"
#include "hs-ui.h"

void
hs_ui_ensure_resources (void)
{
  static gsize registered = 0;

  if (g_once_init_enter (&registered))
    {
      hs_ui_register_resource ();
      g_once_init_leave (&registered, 1);
    }
}

const char *
hs_ui_endpoint_label (HsTrace *trace,
                      guint    endpoint)
{
  const HsTraceEndpoint *ep;

  g_return_val_if_fail (HS_IS_TRACE (trace), NULL);
  g_return_val_if_fail (endpoint < hs_trace_get_n_endpoints (trace), NULL);

  ep = hs_trace_get_endpoint (trace, endpoint);
  if (g_str_equal (ep->name, "client"))
    /* Translators: an endpoint's name as a label or heading */
    return _("Client");
  if (g_str_equal (ep->name, "server"))
    /* Translators: an endpoint's name as a label or heading */
    return _("Server");
  if (g_str_equal (ep->name, "udp-client"))
    /* Translators: an endpoint's name as a label or heading */
    return _("UDP client");
  if (g_str_equal (ep->name, "udp-server"))
    /* Translators: an endpoint's name as a label or heading */
    return _("UDP server");
  if (g_str_equal (ep->name, "attacker"))
    /* Translators: an endpoint's name as a label or heading: a SYN flood's sender */
    return _("Attacker");
  if (g_str_equal (ep->name, "reno-client"))
    /* Translators: an endpoint's name as a label or heading; Reno is a congestion control */
    return _("Reno client");
  if (g_str_equal (ep->name, "reno-server"))
    /* Translators: an endpoint's name as a label or heading; Reno is a congestion control */
    return _("Reno server");
  if (g_str_equal (ep->name, "cubic-client"))
    /* Translators: an endpoint's name as a label or heading; CUBIC is a congestion control */
    return _("CUBIC client");
  if (g_str_equal (ep->name, "cubic-server"))
    /* Translators: an endpoint's name as a label or heading; CUBIC is a congestion control */
    return _("CUBIC server");
  return ep->name;
}

char *
hs_ui_format_count (guint64 count)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, count);
  GString *s = g_string_new (NULL);
  gsize len = strlen (digits);

  /* The commas are not the locale's: the C locale, which the tests and
   * many teaching machines run in, groups nothing, and a million steps
   * should read as one in Chinese too, where the comma is usual. */
  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (s, ',');
      g_string_append_c (s, digits[i]);
    }
  return g_string_free (s, FALSE);
}

char *
hs_ui_format_time (HsTime time)
{
  if (time <= 0)
    /* Translators: the start of a lesson, as a time */
    return g_strdup (_("0 ms"));
  return hs_diagram_format_duration (time);
}

typedef struct
{
  const char *key;
  double      values[8];
  const char *labels[8];   /* NULL-terminated; translatable, or NULL in labels[0]: "%g×" */
} Choices;

static const Choices choices[] = {
  { "font-scale", { 1.0, 1.25, 1.5, 2.0 },
    { N_("Normal"), N_("Large"), N_("Larger"), N_("Largest"), NULL } },
  /* as multiples of normal speed, labelled by their value */
  { "playback-speed", { 0.25, 0.5, 1.0, 1.5, 2.0, 4.0, 0 },
    { NULL } },
  /* seconds (a "u" key) */
  { "quiz-countdown", { 15, 30, 60, 90, 120, 180 },
    { N_("15 seconds"), N_("30 seconds"), N_("1 minute"), N_("90 seconds"), N_("2 minutes"), N_("3 minutes"), NULL } },
};

static const Choices *
find_choices (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (choices); i++)
    if (g_str_equal (choices[i].key, key))
      return &choices[i];
  return NULL;
}

static guint
n_choices (const Choices *c)
{
  guint n = 0;

  while (n < G_N_ELEMENTS (c->values) && c->values[n] > 0)
    n++;
  return n;
}

GListModel *
hs_ui_choices_new (const char *key)
{
  const Choices *c = find_choices (key);
  GtkStringList *list;

  g_return_val_if_fail (c != NULL, NULL);

  list = gtk_string_list_new (NULL);
  for (guint i = 0; i < n_choices (c); i++)
    {
      g_autofree char *label = NULL;

      if (c->labels[0] == NULL)
        {
          char value[G_ASCII_DTOSTR_BUF_SIZE];

          /* "0.25×", with a point whatever the locale, as ever */
          g_ascii_formatd (value, sizeof value, "%g", c->values[i]);
          label = g_strdup_printf ("%s×", value);
        }
      else
        label = g_strdup (_(c->labels[i]));
      gtk_string_list_append (list, label);
    }
  return G_LIST_MODEL (list);
}

static gboolean
choices_get_mapping (GValue   *value,
                     GVariant *variant,
                     gpointer  user_data)
{
  const Choices *c = user_data;
  /* a double key, or a whole number of seconds */
  double d = g_variant_is_of_type (variant, G_VARIANT_TYPE_UINT32) ? g_variant_get_uint32 (variant)
                                                                   : g_variant_get_double (variant);
  double best = G_MAXDOUBLE;
  guint found = 0;

  for (guint i = 0; i < n_choices (c); i++)
    if (ABS (c->values[i] - d) < best)
      {
        best = ABS (c->values[i] - d);
        found = i;
      }
  g_value_set_uint (value, found);
  return TRUE;
}

static GVariant *
choices_set_mapping (const GValue       *value,
                     const GVariantType *expected_type,
                     gpointer            user_data)
{
  const Choices *c = user_data;
  guint i = g_value_get_uint (value);

  if (i >= n_choices (c))
    return NULL;
  if (g_variant_type_equal (expected_type, G_VARIANT_TYPE_UINT32))
    return g_variant_new_uint32 ((guint32) c->values[i]);
  return g_variant_new_double (c->values[i]);
}

void
hs_ui_choices_bind (GSettings  *settings,
                    const char *key,
                    gpointer    object,
                    const char *property)
{
  const Choices *c = find_choices (key);

  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (c != NULL);

  g_settings_bind_with_mapping (settings, key, object, property, G_SETTINGS_BIND_DEFAULT,
                                choices_get_mapping, choices_set_mapping, (gpointer) c, NULL);
}
