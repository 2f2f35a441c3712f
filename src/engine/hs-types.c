/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-types.c: names of states, flags and profiles, spelled as RFC 9293 and
 * Wireshark spell them: the nicks of their generated GTypes. */

#define G_LOG_DOMAIN "hs-types"

#include "config.h"

#include <string.h>

#include "hs-engine-enums.h"
#include "hs-types.h"

/* The names are the nicks of the generated GTypes (hs-engine-enums.h),
 * spelled in hs-types.h. A class is referenced once and kept: the names
 * are read for every segment written. */

static GEnumClass *
state_class (void)
{
  static GEnumClass *klass;

  if (g_once_init_enter (&klass))
    g_once_init_leave (&klass, g_type_class_ref (HS_TYPE_STATE));
  return klass;
}

static GFlagsClass *
flags_class (void)
{
  static GFlagsClass *klass;

  if (g_once_init_enter (&klass))
    g_once_init_leave (&klass, g_type_class_ref (HS_TYPE_TCP_FLAGS));
  return klass;
}

static GEnumClass *
profile_class (void)
{
  static GEnumClass *klass;

  if (g_once_init_enter (&klass))
    g_once_init_leave (&klass, g_type_class_ref (HS_TYPE_PROFILE_KIND));
  return klass;
}

const char *
hs_state_to_string (HsState state)
{
  g_return_val_if_fail ((guint) state < HS_N_STATES, NULL);

  return g_enum_get_value (state_class (), state)->value_nick;
}

gboolean
hs_state_from_string (const char *str,
                      HsState    *state)
{
  g_autofree char *nick = NULL;
  GEnumValue *value;

  g_return_val_if_fail (str != NULL, FALSE);

  /* Any case, and '_' for '-', because "time_wait" is how a state name
   * reads once it has passed through a C identifier, a GSettings key or a
   * shell variable. */
  nick = g_ascii_strup (str, -1);
  g_strdelimit (nick, "_", '-');

  value = g_enum_get_value_by_nick (state_class (), nick);
  if (value == NULL)
    return FALSE;

  if (state != NULL)
    *state = (HsState) value->value;
  return TRUE;
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

  /* The wire order of the bits is also the order in which Wireshark lists
   * them. */
  for (guint bit = 0; bit < 8; bit++)
    {
      if ((flags & (1u << bit)) == 0)
        continue;

      if (str->len > 0)
        g_string_append (str, separator);
      g_string_append (str, g_flags_get_first_value (flags_class (), 1u << bit)->value_nick);
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
      g_autofree char *nick = g_ascii_strup (p, n);
      GFlagsValue *value = g_flags_get_value_by_nick (flags_class (), nick);

      if (value == NULL)
        return FALSE;

      result |= (guint8) value->value;
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

static GEnumClass *
congestion_class (void)
{
  static GEnumClass *klass;

  if (g_once_init_enter (&klass))
    g_once_init_leave (&klass, g_type_class_ref (HS_TYPE_CONGESTION_KIND));
  return klass;
}

const char *
hs_congestion_kind_to_string (HsCongestionKind kind)
{
  GEnumValue *value = g_enum_get_value (congestion_class (), kind);

  g_return_val_if_fail (value != NULL, NULL);
  return value->value_nick;
}

gboolean
hs_congestion_kind_from_string (const char       *str,
                                HsCongestionKind *kind)
{
  g_autofree char *nick = NULL;
  GEnumValue *value;

  g_return_val_if_fail (str != NULL, FALSE);

  nick = g_ascii_strdown (str, -1);
  value = g_enum_get_value_by_nick (congestion_class (), nick);
  if (value == NULL)
    return FALSE;
  if (kind != NULL)
    *kind = (HsCongestionKind) value->value;
  return TRUE;
}

const char *
hs_profile_kind_to_string (HsProfileKind kind)
{
  g_return_val_if_fail ((guint) kind < HS_N_PROFILES, NULL);

  return g_enum_get_value (profile_class (), kind)->value_nick;
}

gboolean
hs_profile_kind_from_string (const char    *str,
                             HsProfileKind *kind)
{
  g_autofree char *nick = NULL;
  GEnumValue *value;

  g_return_val_if_fail (str != NULL, FALSE);

  nick = g_ascii_strdown (str, -1);
  value = g_enum_get_value_by_nick (profile_class (), nick);
  if (value == NULL)
    return FALSE;

  if (kind != NULL)
    *kind = (HsProfileKind) value->value;
  return TRUE;
}
