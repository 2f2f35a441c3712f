/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-ui.c: the window's GResource. */

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
