/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-types.c: names of states, flags and profiles, spelled as RFC 9293 and Wireshark spell them. */

#define G_LOG_DOMAIN "hs-types"

#include "config.h"

#include <string.h>

#include "hs-types.h"

static const char * const state_names[HS_N_STATES] = {
  [HS_STATE_CLOSED]       = "CLOSED",
  [HS_STATE_LISTEN]       = "LISTEN",
  [HS_STATE_SYN_SENT]     = "SYN-SENT",
  [HS_STATE_SYN_RECEIVED] = "SYN-RECEIVED",
  [HS_STATE_ESTABLISHED]  = "ESTABLISHED",
  [HS_STATE_FIN_WAIT_1]   = "FIN-WAIT-1",
  [HS_STATE_FIN_WAIT_2]   = "FIN-WAIT-2",
  [HS_STATE_CLOSE_WAIT]   = "CLOSE-WAIT",
  [HS_STATE_CLOSING]      = "CLOSING",
  [HS_STATE_LAST_ACK]     = "LAST-ACK",
  [HS_STATE_TIME_WAIT]    = "TIME-WAIT",
};

/* Indexed by bit number: the wire order of the bits is also the order in
 * which Wireshark lists them, so one table serves both directions. */
static const char * const flag_names[] = {
  "FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR",
};

static const char * const profile_names[HS_N_PROFILES] = {
  [HS_PROFILE_LINUX] = "linux",
  [HS_PROFILE_RFC]   = "rfc",
};

/* Compares case-insensitively and lets '_' stand for '-', because
 * "time_wait" is how a state name reads once it has passed through a C
 * identifier, a GSettings key or a shell variable. */
static gboolean
state_name_equal (const char *str,
                  const char *name)
{
  for (; *str != '\0' && *name != '\0'; str++, name++)
    {
      char c = g_ascii_toupper (*str);

      if (c == '_')
        c = '-';

      if (c != *name)
        return FALSE;
    }

  return *str == '\0' && *name == '\0';
}

const char *
hs_state_to_string (HsState state)
{
  g_return_val_if_fail ((guint) state < HS_N_STATES, NULL);

  return state_names[state];
}

gboolean
hs_state_from_string (const char *str,
                      HsState    *state)
{
  g_return_val_if_fail (str != NULL, FALSE);

  for (guint i = 0; i < HS_N_STATES; i++)
    {
      if (state_name_equal (str, state_names[i]))
        {
          if (state != NULL)
            *state = (HsState) i;
          return TRUE;
        }
    }

  return FALSE;
}

gboolean
hs_state_is_synchronized (HsState state)
{
  g_return_val_if_fail ((guint) state < HS_N_STATES, FALSE);

  /* RFC 9293 section 3.5.2: from ESTABLISHED on, both sides' sequence
   * numbers are known, and an unacceptable segment is answered with an
   * empty ACK instead of a reset. */
  return state >= HS_STATE_ESTABLISHED;
}

char *
hs_tcp_flags_to_string (guint8      flags,
                        const char *separator)
{
  GString *str;

  g_return_val_if_fail (separator != NULL, NULL);

  str = g_string_new (NULL);

  for (guint bit = 0; bit < G_N_ELEMENTS (flag_names); bit++)
    {
      if ((flags & (1u << bit)) == 0)
        continue;

      if (str->len > 0)
        g_string_append (str, separator);
      g_string_append (str, flag_names[bit]);
    }

  return g_string_free (str, FALSE);
}

gboolean
hs_tcp_flags_from_string (const char *str,
                          guint8     *flags)
{
  const char *p = str;
  guint8 result = 0;

  g_return_val_if_fail (str != NULL, FALSE);

  /* An empty name, and so the empty string, matches no flag and is
   * refused: a header with no flags is real, but never what someone typing
   * a flag list meant. */
  for (;;)
    {
      gsize n = strcspn (p, "+,");
      guint bit;

      for (bit = 0; bit < G_N_ELEMENTS (flag_names); bit++)
        {
          if (n == strlen (flag_names[bit]) &&
              g_ascii_strncasecmp (p, flag_names[bit], n) == 0)
            break;
        }

      if (bit == G_N_ELEMENTS (flag_names))
        return FALSE;

      result |= (guint8) (1u << bit);
      p += n;

      if (*p == '\0')
        break;

      /* ", " is how Wireshark's info column separates them. */
      if (*p == ',' && p[1] == ' ')
        p += 2;
      else
        p += 1;
    }

  if (flags != NULL)
    *flags = result;

  return TRUE;
}

const char *
hs_profile_kind_to_string (HsProfileKind kind)
{
  g_return_val_if_fail ((guint) kind < HS_N_PROFILES, NULL);

  return profile_names[kind];
}

gboolean
hs_profile_kind_from_string (const char    *str,
                             HsProfileKind *kind)
{
  g_return_val_if_fail (str != NULL, FALSE);

  for (guint i = 0; i < HS_N_PROFILES; i++)
    {
      if (g_ascii_strcasecmp (str, profile_names[i]) == 0)
        {
          if (kind != NULL)
            *kind = (HsProfileKind) i;
          return TRUE;
        }
    }

  return FALSE;
}
