/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-scenario.c: reading lessons. A lesson is a GLib key file; every value
 * is checked, and anything wrong is reported with its file and line.
 *
 * Over 1,000 lines: one type (HsScenario) and the one format it reads,
 * most of it the checks of each key with their own error messages. The
 * value and script parsers are the part that could move to a file of
 * their own if it grows. */

#define G_LOG_DOMAIN "hs-scenario"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "hs-engine-enums.h"
#include "hs-error.h"
#include "hs-lessons-resource.h"
#include "hs-scenario.h"

#define N_ENDPOINTS 2   /* [Client] and [Server], always there */

typedef enum
{
  KEY_STRING,
  KEY_LOCALE_STRING,
  KEY_UINT,
  KEY_BOOL,
  KEY_DURATION,
  KEY_SIZE,
  KEY_BANDWIDTH,
  KEY_PROBABILITY,
  KEY_OTHER,
} KeyType;

typedef struct
{
  const char *group;    /* NULL: any endpoint group */
  const char *key;
  KeyType     type;
} KeySpec;

static const char * const endpoint_groups[N_ENDPOINTS] = { "Client", "Server" };

/* "Client", "Server", or "Client N" / "Server N" with N from 2 to
 * HS_SCENARIO_MAX_SOCKETS: a socket group. @number is 1 for the plain
 * ones, 0 when the group looks like a numbered one with a wrong number. */
static gboolean
socket_group (const char *group,
              gboolean   *server,
              guint      *number)
{
  const char *rest;
  guint64 n;

  for (guint e = 0; e < N_ENDPOINTS; e++)
    {
      gsize len = strlen (endpoint_groups[e]);

      if (strncmp (group, endpoint_groups[e], len) != 0)
        continue;
      *server = e == 1;
      rest = group + len;
      if (*rest == '\0')
        {
          *number = 1;
          return TRUE;
        }
      if (*rest != ' ')
        return FALSE;
      *number = 0;
      if (g_ascii_string_to_unsigned (rest + 1, 10, 2, HS_SCENARIO_MAX_SOCKETS, &n, NULL) && rest[1] != '0')
        *number = n;
      return TRUE;
    }
  return FALSE;
}

static const KeySpec key_specs[] = {
  { "Lesson", "Title", KEY_LOCALE_STRING },
  { "Lesson", "Description", KEY_LOCALE_STRING },
  { "Lesson", "Topic", KEY_STRING },
  { "Lesson", "Order", KEY_UINT },
  { "Lesson", "Profile", KEY_OTHER },
  { "Lesson", "Seed", KEY_UINT },
  { "Lesson", "Duration", KEY_DURATION },
  { "Lesson", "Transport", KEY_OTHER },
  { "Lesson", "Chapters", KEY_OTHER },
  { "Lesson", "Plot", KEY_OTHER },
  { "Lesson", "TimeMode", KEY_OTHER },
  { "Lesson", "Show", KEY_OTHER },
  { NULL, "Name", KEY_STRING },
  { NULL, "Address", KEY_OTHER },
  { NULL, "Port", KEY_UINT },
  { NULL, "ISN", KEY_OTHER },
  { NULL, "MSS", KEY_UINT },
  { NULL, "ReceiveBuffer", KEY_SIZE },
  { NULL, "SendBuffer", KEY_SIZE },
  { NULL, "WindowScale", KEY_OTHER },
  { NULL, "SACK", KEY_BOOL },
  { NULL, "Timestamps", KEY_BOOL },
  { NULL, "Nagle", KEY_BOOL },
  { NULL, "DelayedAck", KEY_BOOL },
  { NULL, "AutoRead", KEY_BOOL },
  { NULL, "Ssthresh", KEY_SIZE },
  { NULL, "Congestion", KEY_OTHER },
  { NULL, "Script", KEY_OTHER },
  /* keepalive (docs/lessons.md) */
  { NULL, "KeepAlive", KEY_BOOL },
  { NULL, "KeepIdle", KEY_DURATION },
  { NULL, "KeepInterval", KEY_DURATION },
  { NULL, "KeepCount", KEY_UINT },
  { NULL, "UserTimeout", KEY_DURATION },
  { NULL, "Linger", KEY_DURATION },
  /* several sockets (docs/lessons.md) */
  { NULL, "Peer", KEY_OTHER },
  { NULL, "ReuseAddr", KEY_BOOL },
  { NULL, "SynCookies", KEY_BOOL },
  { NULL, "Kind", KEY_OTHER },
  { "Network", "Delay", KEY_DURATION },
  { "Network", "Jitter", KEY_DURATION },
  { "Network", "Bandwidth", KEY_BANDWIDTH },
  { "Network", "QueueLimit", KEY_UINT },
  { "Network", "Loss", KEY_PROBABILITY },
  { "Network", "Duplicate", KEY_PROBABILITY },
  { "Network", "Reorder", KEY_PROBABILITY },
  { "Network", "Drop", KEY_OTHER },
  { "Network", "OldDuplicate", KEY_OTHER },
  { "Network", "MTU", KEY_UINT },
  { "Transfer", "Bytes", KEY_SIZE },
};

static const char * const topics[] = {
  "setup", "teardown", "errors", "reliability", "flow-control", "congestion", "udp", "custom", NULL
};

struct _HsScenario
{
  GObject           parent_instance;

  char             *id;
  char             *origin;        /* file name used in messages */
  GKeyFile         *keyfile;
  GHashTable       *lines;         /* "Group\nKey" → line number (GUINT_TO_POINTER) */
  GHashTable       *overrides;     /* "Group\nKey" → the --set text that changed it */

  char             *title;
  char             *description;
  char             *topic;
  guint             order;
  HsProfileKind     profile;
  guint64           seed;
  HsTime            duration;
  HsEndpointConfig  endpoints[HS_SCENARIO_MAX_SOCKETS];
  char             *groups[HS_SCENARIO_MAX_SOCKETS];  /* each endpoint's group */
  guint             n_endpoints;
  gboolean          hosts;         /* several sockets: see hs_scenario_has_hosts() */
  HsPathConfig      paths[N_ENDPOINTS];
  GArray           *drops;         /* HsDropSpec */
  GArray           *old_duplicates; /* HsOldDuplicate */
  guint64           transfer;      /* [Transfer] Bytes: what "transfer" stands for in scripts */
  HsLessonTransport transport;
  /* [Questions] */
  guint             quiz_fields;   /* HsQuizField */
  gboolean          quiz_random;
  GArray           *questions;     /* HsQuestionConfig */
  GArray           *chapters;      /* HsChapter; empty: derived from the trace */
  char             *plot;          /* [Lesson] Plot: the plot the window opens with, or NULL */
  char             *time_mode;     /* [Lesson] TimeMode, or NULL */
  guint             show;          /* [Lesson] Show: HsLessonShow */
};

G_DEFINE_FINAL_TYPE (HsScenario, hs_scenario, G_TYPE_OBJECT)

/* The built-in lessons, compiled in with --manual-register so that a static
 * library's unreferenced constructor cannot lose them. */
static GResource *
lessons_resource (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      hs_lessons_register_resource ();
      g_once_init_leave (&initialized, 1);
    }
  return hs_lessons_get_resource ();
}

static void
clear_endpoint (HsEndpointConfig *c)
{
  g_clear_pointer (&c->name, g_free);
  g_clear_pointer (&c->address, g_free);
  if (c->script != NULL)
    {
      for (guint i = 0; i < c->script->len; i++)
        g_free (g_array_index (c->script, HsAction, i).text);
      g_clear_pointer (&c->script, g_array_unref);
    }
}

static void
clear_question (gpointer data)
{
  HsQuestionConfig *q = data;

  g_clear_pointer (&q->text, g_free);
  g_clear_pointer (&q->where, g_free);
}

static void
hs_scenario_finalize (GObject *object)
{
  HsScenario *self = HS_SCENARIO (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->origin, g_free);
  g_clear_pointer (&self->keyfile, g_key_file_unref);
  g_clear_pointer (&self->lines, g_hash_table_unref);
  g_clear_pointer (&self->overrides, g_hash_table_unref);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->topic, g_free);
  g_clear_pointer (&self->plot, g_free);
  g_clear_pointer (&self->time_mode, g_free);
  for (guint i = 0; i < HS_SCENARIO_MAX_SOCKETS; i++)
    {
      clear_endpoint (&self->endpoints[i]);
      g_clear_pointer (&self->groups[i], g_free);
    }
  g_clear_pointer (&self->drops, g_array_unref);
  g_clear_pointer (&self->old_duplicates, g_array_unref);
  g_clear_pointer (&self->questions, g_array_unref);
  g_clear_pointer (&self->chapters, g_array_unref);

  G_OBJECT_CLASS (hs_scenario_parent_class)->finalize (object);
}

static void
hs_scenario_class_init (HsScenarioClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hs_scenario_finalize;
}

static void
hs_scenario_init (HsScenario *self)
{
  self->lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->overrides = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->drops = g_array_new (FALSE, TRUE, sizeof (HsDropSpec));
  self->old_duplicates = g_array_new (FALSE, TRUE, sizeof (HsOldDuplicate));
  self->questions = g_array_new (FALSE, TRUE, sizeof (HsQuestionConfig));
  g_array_set_clear_func (self->questions, clear_question);
  self->chapters = g_array_new (FALSE, FALSE, sizeof (HsChapter));
}

/* Where a value came from, for messages: "lesson.lesson:12" or "--set …". */
static char *
where (HsScenario *self,
       const char *group,
       const char *key)
{
  g_autofree char *k = g_strdup_printf ("%s\n%s", group, key);
  const char *override = g_hash_table_lookup (self->overrides, k);
  guint line;

  if (override != NULL)
    return g_strdup_printf ("--set %s", override);
  line = GPOINTER_TO_UINT (g_hash_table_lookup (self->lines, k));
  if (line > 0)
    return g_strdup_printf ("%s:%u", self->origin, line);
  return g_strdup (self->origin);
}

G_GNUC_PRINTF (5, 6)
static gboolean
fail_at (HsScenario  *self,
         GError     **error,
         const char  *group,
         const char  *key,
         const char  *format,
         ...)
{
  g_autofree char *w = where (self, group, key);
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, HS_ERROR, HS_ERROR_INVALID, "%s: %s", w, msg);
  return FALSE;
}

/* Value parsers */

gboolean
hs_parse_duration (const char *str,
                   HsTime     *out)
{
  char *end = NULL;
  double value;
  double scale;

  if (str == NULL)
    return FALSE;
  while (g_ascii_isspace (*str))
    str++;
  errno = 0;
  value = g_ascii_strtod (str, &end);
  if (end == str || errno != 0 || value < 0)
    return FALSE;
  while (g_ascii_isspace (*end))
    end++;

  if (g_str_equal (end, "us") || g_str_equal (end, "µs"))
    scale = 1;
  else if (g_str_equal (end, "ms"))
    scale = HS_USEC_PER_MSEC;
  else if (g_str_equal (end, "s"))
    scale = HS_USEC_PER_SEC;
  else if (g_str_equal (end, "min"))
    scale = 60.0 * HS_USEC_PER_SEC;
  else if (*end == '\0' && value == 0)
    scale = 1;
  else
    return FALSE;

  if (value * scale > (double) G_MAXINT64 / 2)
    return FALSE;
  *out = (HsTime) (value * scale + 0.5);
  return TRUE;
}

static gboolean
parse_uint (const char *str,
            guint64     max,
            guint64    *out)
{
  guint64 v;

  if (str == NULL || !g_ascii_string_to_unsigned (g_strstrip ((char *) str), 10, 0, max, &v, NULL))
    return FALSE;
  *out = v;
  return TRUE;
}

static gboolean
parse_size (const char *str,
            guint64    *out)
{
  char *end = NULL;
  guint64 v;
  guint64 mult = 1;

  if (str == NULL || !g_ascii_isdigit (*str))
    return FALSE;
  errno = 0;
  v = g_ascii_strtoull (str, &end, 10);
  if (errno != 0)
    return FALSE;
  while (g_ascii_isspace (*end))
    end++;
  if (*end == '\0' || g_str_equal (end, "B"))
    mult = 1;
  else if (g_str_equal (end, "k") || g_str_equal (end, "kB") || g_str_equal (end, "KB"))
    mult = 1000;
  else if (g_str_equal (end, "KiB"))
    mult = 1024;
  else if (g_str_equal (end, "M") || g_str_equal (end, "MB"))
    mult = 1000 * 1000;
  else if (g_str_equal (end, "MiB"))
    mult = 1024 * 1024;
  /* The buffers' limit is said in GiB, so a size can be written in them. */
  else if (g_str_equal (end, "G") || g_str_equal (end, "GB"))
    mult = 1000 * 1000 * 1000;
  else if (g_str_equal (end, "GiB"))
    mult = 1024 * 1024 * 1024;
  else
    return FALSE;
  if (v > G_MAXUINT32 / mult)
    return FALSE;
  *out = v * mult;
  return TRUE;
}

static gboolean
parse_bandwidth (const char *str,
                 guint64    *out)
{
  char *end = NULL;
  double v;
  double mult;

  if (str == NULL)
    return FALSE;
  if (g_str_equal (str, "unlimited"))
    {
      *out = 0;
      return TRUE;
    }
  errno = 0;
  v = g_ascii_strtod (str, &end);
  if (end == str || errno != 0 || v < 0)
    return FALSE;
  while (g_ascii_isspace (*end))
    end++;
  if (g_str_equal (end, "bit") || g_str_equal (end, "bit/s") || (*end == '\0' && v == 0))
    mult = 1;
  else if (g_str_equal (end, "kbit") || g_str_equal (end, "kbit/s"))
    mult = 1e3;
  else if (g_str_equal (end, "Mbit") || g_str_equal (end, "Mbit/s"))
    mult = 1e6;
  else if (g_str_equal (end, "Gbit") || g_str_equal (end, "Gbit/s"))
    mult = 1e9;
  else
    return FALSE;
  if (v * mult > 1e12)
    return FALSE;
  *out = (guint64) (v * mult);
  return TRUE;
}

static gboolean
parse_probability (const char *str,
                   double     *out)
{
  char *end = NULL;
  double v;

  if (str == NULL)
    return FALSE;
  errno = 0;
  v = g_ascii_strtod (str, &end);
  if (end == str || errno != 0)
    return FALSE;
  while (g_ascii_isspace (*end))
    end++;
  if (*end == '%')
    {
      v /= 100;
      end++;
    }
  if (*end != '\0' || v < 0 || v > 1)
    return FALSE;
  *out = v;
  return TRUE;
}

static gboolean
parse_bool (const char *str,
            gboolean   *out)
{
  if (str == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (str, "true") == 0 || g_ascii_strcasecmp (str, "yes") == 0 ||
      g_str_equal (str, "1") || g_ascii_strcasecmp (str, "on") == 0)
    *out = TRUE;
  else if (g_ascii_strcasecmp (str, "false") == 0 || g_ascii_strcasecmp (str, "no") == 0 ||
           g_str_equal (str, "0") || g_ascii_strcasecmp (str, "off") == 0)
    *out = FALSE;
  else
    return FALSE;
  return TRUE;
}

/* Drops */

gboolean
hs_drop_spec_parse (const char  *str,
                    const char  *client_name,
                    const char  *server_name,
                    HsDropSpec  *out,
                    GError     **error)
{
  g_autofree char *copy = g_strstrip (g_strdup (str));
  char *colon = strchr (copy, ':');
  char *what, *hash, *times;
  HsDropSpec spec = { 0 };
  guint64 v;

  if (colon == NULL)
    {
      g_set_error (error, HS_ERROR, HS_ERROR_PARSE,
                   _("“%s” is not a drop: write ENDPOINT:N (the Nth segment it sends) or ENDPOINT:FLAGS, for example client:3 or server:SYN+ACKx2"),
                   str);
      return FALSE;
    }
  *colon = '\0';
  what = g_strstrip (colon + 1);
  g_strstrip (copy);

  if (g_ascii_strcasecmp (copy, client_name) == 0 || g_ascii_strcasecmp (copy, "client") == 0)
    spec.endpoint = 0;
  else if (g_ascii_strcasecmp (copy, server_name) == 0 || g_ascii_strcasecmp (copy, "server") == 0)
    spec.endpoint = 1;
  else
    {
      g_set_error (error, HS_ERROR, HS_ERROR_PARSE,
                   _("“%s” names no endpoint of this lesson: use “%s” or “%s”"),
                   copy, client_name, server_name);
      return FALSE;
    }

  if (g_ascii_isdigit (*what))
    {
      if (!parse_uint (what, G_MAXUINT, &v) || v == 0)
        {
          g_set_error (error, HS_ERROR, HS_ERROR_PARSE,
                       _("“%s” is not a segment number: segments count from 1"), what);
          return FALSE;
        }
      spec.nth = v;
      spec.first = 1;
      spec.count = 1;
      *out = spec;
      return TRUE;
    }

  spec.first = 1;
  spec.count = 1;
  times = strrchr (what, 'x');
  if (times != NULL && times[1] != '\0' && g_ascii_isdigit (times[1]))
    {
      *times = '\0';
      if (!parse_uint (times + 1, 1000000, &v) || v == 0)
        {
          g_set_error (error, HS_ERROR, HS_ERROR_PARSE, _("“%s”: the count after “x” must be a whole number from 1"), str);
          return FALSE;
        }
      spec.count = v;
    }
  hash = strchr (what, '#');
  if (hash != NULL)
    {
      *hash = '\0';
      if (!parse_uint (hash + 1, 1000000, &v) || v == 0)
        {
          g_set_error (error, HS_ERROR, HS_ERROR_PARSE, _("“%s”: the number after “#” must be a whole number from 1"), str);
          return FALSE;
        }
      spec.first = v;
    }

  {
    g_auto(GStrv) parts = g_strsplit_set (what, "+,", -1);
    guint8 flags = 0;

    for (guint i = 0; parts[i] != NULL; i++)
      {
        const char *p = g_strstrip (parts[i]);
        guint8 f;

        if (g_ascii_strcasecmp (p, "DATA") == 0)
          spec.data = TRUE;
        else if (hs_tcp_flags_from_string (p, &f) && (f & ~(HS_TCP_SYN | HS_TCP_ACK | HS_TCP_FIN | HS_TCP_RST | HS_TCP_PSH)) == 0)
          flags |= f;
        else
          {
            g_set_error (error, HS_ERROR, HS_ERROR_PARSE,
                         _("“%s”: “%s” is not a TCP flag; use SYN, ACK, FIN, RST, PSH or DATA"), str, p);
            return FALSE;
          }
      }
    if (flags == 0 && !spec.data)
      {
        g_set_error (error, HS_ERROR, HS_ERROR_PARSE, _("“%s” names no segment"), str);
        return FALSE;
      }
    spec.flags = flags;
    /* only segments that carry data are pushed */
    if (flags & HS_TCP_PSH)
      spec.data = TRUE;
  }

  *out = spec;
  return TRUE;
}

/* "client:SYN seq=90 at 5ms", "server:ACK seq=5001 ack=91 len=100 at 1s" */
gboolean
hs_old_duplicate_parse (const char      *str,
                        const char      *client_name,
                        const char      *server_name,
                        HsOldDuplicate  *out,
                        GError         **error)
{
  g_autofree char *copy = g_strstrip (g_strdup (str));
  g_auto(GStrv) words = NULL;
  char *colon = strchr (copy, ':');
  HsOldDuplicate dup = { 0 };
  gboolean have_seq = FALSE, have_ack = FALSE, have_time = FALSE;
  guint n_words;

  if (colon == NULL)
    {
      g_set_error (error, HS_ERROR, HS_ERROR_PARSE,
                   _("“%s” is not an old duplicate: write ENDPOINT:FLAGS seq=N [ack=N] [len=N] at TIME, for example client:SYN seq=90 at 5ms"),
                   str);
      return FALSE;
    }
  *colon = '\0';
  g_strstrip (copy);
  if (g_ascii_strcasecmp (copy, client_name) == 0 || g_ascii_strcasecmp (copy, "client") == 0)
    dup.endpoint = 0;
  else if (g_ascii_strcasecmp (copy, server_name) == 0 || g_ascii_strcasecmp (copy, "server") == 0)
    dup.endpoint = 1;
  else
    {
      g_set_error (error, HS_ERROR, HS_ERROR_PARSE,
                   _("“%s” names no endpoint of this lesson: use “%s” or “%s”"),
                   copy, client_name, server_name);
      return FALSE;
    }

  words = g_strsplit_set (g_strstrip (colon + 1), " \t", -1);
  n_words = g_strv_length (words);
  for (guint i = 0; i < n_words; i++)
    {
      const char *w = words[i];
      guint64 v;

      if (*w == '\0')
        continue;
      if (i == 0)
        {
          g_auto(GStrv) parts = g_strsplit_set (w, "+,", -1);

          for (guint j = 0; parts[j] != NULL; j++)
            {
              guint8 f;

              if (!hs_tcp_flags_from_string (parts[j], &f) ||
                  (f & ~(HS_TCP_SYN | HS_TCP_ACK | HS_TCP_FIN | HS_TCP_RST | HS_TCP_PSH)) != 0)
                {
                  g_set_error (error, HS_ERROR, HS_ERROR_PARSE,
                               _("“%s”: “%s” is not a TCP flag; use SYN, ACK, FIN, RST or PSH"), str, parts[j]);
                  return FALSE;
                }
              dup.flags |= f;
            }
        }
      else if (g_str_has_prefix (w, "seq=") && parse_uint (w + 4, G_MAXUINT32, &v))
        {
          dup.seq = (guint32) v;
          have_seq = TRUE;
        }
      else if (g_str_has_prefix (w, "ack=") && parse_uint (w + 4, G_MAXUINT32, &v))
        {
          dup.ack = (guint32) v;
          have_ack = TRUE;
        }
      else if (g_str_has_prefix (w, "len=") && parse_uint (w + 4, 65535, &v))
        dup.len = (guint32) v;
      else if (g_str_equal (w, "at") && i + 1 < n_words && hs_parse_duration (words[i + 1], &dup.time))
        {
          have_time = TRUE;
          i++;
        }
      else
        {
          g_set_error (error, HS_ERROR, HS_ERROR_PARSE,
                       _("“%s”: “%s” is not understood; write seq=N, ack=N, len=N or at TIME"), str, w);
          return FALSE;
        }
    }
  if (dup.flags == 0 || !have_seq || !have_time)
    {
      g_set_error (error, HS_ERROR, HS_ERROR_PARSE,
                   _("“%s” is not an old duplicate: write ENDPOINT:FLAGS seq=N [ack=N] [len=N] at TIME, for example client:SYN seq=90 at 5ms"),
                   str);
      return FALSE;
    }
  if ((dup.flags & HS_TCP_ACK) && !have_ack)
    {
      g_set_error (error, HS_ERROR, HS_ERROR_PARSE, _("“%s”: a segment with ACK needs ack=N"), str);
      return FALSE;
    }
  *out = dup;
  return TRUE;
}

gboolean
hs_drop_spec_matches (const HsDropSpec *spec,
                      guint             nth_sent,
                      guint8            flags,
                      guint32           len)
{
  const guint8 control = HS_TCP_SYN | HS_TCP_FIN | HS_TCP_RST;

  if (spec->nth > 0)
    return nth_sent == spec->nth;

  /* SYN, FIN and RST must be exactly the ones named */
  if ((flags & control) != (spec->flags & control))
    return FALSE;
  /* SYN and SYN+ACK are different segments of the handshake */
  if ((spec->flags & HS_TCP_SYN) && (flags & HS_TCP_ACK) != (spec->flags & HS_TCP_ACK))
    return FALSE;
  if ((spec->flags & HS_TCP_ACK) && !(flags & HS_TCP_ACK))
    return FALSE;
  if ((spec->flags & HS_TCP_PSH) && !(flags & HS_TCP_PSH))
    return FALSE;
  if (spec->data)
    return len > 0;
  /* "ACK" alone means a pure acknowledgement */
  if ((spec->flags & control) == 0)
    return len == 0;
  return TRUE;
}

/* Scripts */

static const struct {
  const char   *word;
  HsActionKind  kind;
} simple_actions[] = {
  { "listen", HS_ACTION_LISTEN },
  { "connect", HS_ACTION_CONNECT },
  { "shutdown", HS_ACTION_SHUTDOWN },
  { "close", HS_ACTION_CLOSE },
  { "abort", HS_ACTION_ABORT },
  { "cork", HS_ACTION_CORK },
  { "uncork", HS_ACTION_UNCORK },
  { "kill", HS_ACTION_KILL },
  { "crash", HS_ACTION_CRASH },
  { "reboot", HS_ACTION_REBOOT },
  { "accept", HS_ACTION_ACCEPT },
};

/* Splits at ';' outside double quotes. */
static GPtrArray *
split_script (const char *text)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (g_free);
  GString *cur = g_string_new (NULL);
  gboolean quoted = FALSE;

  for (const char *p = text; ; p++)
    {
      if (*p == '\0' || (*p == ';' && !quoted))
        {
          char *item = g_strstrip (g_string_free (cur, FALSE));

          if (*item != '\0')
            g_ptr_array_add (items, item);
          else
            g_free (item);
          if (*p == '\0')
            break;
          cur = g_string_new (NULL);
          continue;
        }
      if (*p == '"')
        quoted = !quoted;
      g_string_append_c (cur, *p);
    }
  return items;
}

/* A number of bytes in a script: a size, or "transfer" for the lesson's
 * [Transfer] Bytes. */
static gboolean
parse_amount (const char  *str,
              guint64      transfer,
              guint64     *out,
              gboolean    *used_transfer)
{
  if (g_str_equal (str, "transfer"))
    {
      *used_transfer = TRUE;
      *out = transfer;
      return transfer > 0;
    }
  return parse_size (str, out) && *out > 0;
}

static gboolean
parse_action (const char  *item,
              guint64      transfer,
              HsAction    *action,
              char       **problem)
{
  gboolean used_transfer = FALSE;

  g_autofree char *word = NULL;
  const char *rest;
  const char *space = strpbrk (item, " \t");

  memset (action, 0, sizeof *action);
  word = space ? g_strndup (item, space - item) : g_strdup (item);
  rest = space ? space : "";
  while (g_ascii_isspace (*rest))
    rest++;

  /* "connect nowait": a non-blocking connect() (EINPROGRESS) */
  if (g_str_equal (word, "connect") && g_str_equal (rest, "nowait"))
    {
      action->kind = HS_ACTION_CONNECT;
      action->more = TRUE;
      return TRUE;
    }

  /* "flood N every T": an attacker's forged SYNs */
  if (g_str_equal (word, "flood"))
    {
      g_auto(GStrv) parts = g_strsplit (rest, " every ", 2);
      guint64 n;

      if (g_strv_length (parts) != 2 ||
          !g_ascii_string_to_unsigned (g_strstrip (parts[0]), 10, 1, HS_MAX_FLOOD, &n, NULL) ||
          !hs_parse_duration (g_strstrip (parts[1]), &action->time) || action->time <= 0)
        {
          *problem = g_strdup_printf (_("“flood” needs a number of SYNs from 1 to %u and a time, such as “flood 10 every 5ms”"),
                                      HS_MAX_FLOOD);
          return FALSE;
        }
      action->kind = HS_ACTION_FLOOD;
      action->value = n;
      return TRUE;
    }

  /* "listen backlog=N": listen() with a backlog; plain "listen" takes
   * HS_DEFAULT_BACKLOG (value 0) */
  if (g_str_equal (word, "listen") && g_str_has_prefix (rest, "backlog="))
    {
      guint64 n;

      if (!g_ascii_string_to_unsigned (rest + strlen ("backlog="), 10, 1, HS_DEFAULT_BACKLOG, &n, NULL))
        {
          *problem = g_strdup_printf (_("the backlog must be a whole number from 1 to %u (Linux's somaxconn), not “%s”"),
                                      HS_DEFAULT_BACKLOG, rest + strlen ("backlog="));
          return FALSE;
        }
      action->kind = HS_ACTION_LISTEN;
      action->value = n;
      return TRUE;
    }

  /* "shutdown read": shutdown(SHUT_RD) */
  if (g_str_equal (word, "shutdown") && g_str_equal (rest, "read"))
    {
      action->kind = HS_ACTION_SHUTDOWN_READ;
      return TRUE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (simple_actions); i++)
    if (g_str_equal (word, simple_actions[i].word))
      {
        if (*rest != '\0')
          {
            *problem = g_strdup_printf (_("“%s” takes no argument"), word);
            return FALSE;
          }
        action->kind = simple_actions[i].kind;
        return TRUE;
      }

  if (g_str_equal (word, "send"))
    {
      guint64 v;

      action->kind = HS_ACTION_SEND;
      if (*rest == '"')
        {
          gsize n = strlen (rest);

          if (n < 2 || rest[n - 1] != '"')
            {
              *problem = g_strdup (_("the text to send must end with a double quote"));
              return FALSE;
            }
          action->text = g_strndup (rest + 1, n - 2);
          action->value = n - 2;
          if (action->value == 0)
            {
              *problem = g_strdup (_("the text to send is empty"));
              return FALSE;
            }
          return TRUE;
        }
      /* "send N more": MSG_MORE */
      {
        gsize n = strlen (rest);

        if (n > 5 && g_str_has_suffix (rest, " more"))
          {
            g_autofree char *amount = g_strstrip (g_strndup (rest, n - 5));

            action->more = TRUE;
            if (!parse_amount (amount, transfer, &v, &used_transfer))
              {
                if (used_transfer)
                  *problem = g_strdup (_("“transfer” stands for [Transfer] Bytes, which this lesson does not set"));
                else
                  *problem = g_strdup_printf (_("“send … more” needs a number of bytes (such as 100 or 10KiB) before “more”, not “%s”"), amount);
                return FALSE;
              }
            action->value = v;
            return TRUE;
          }
      }
      if (!parse_amount (rest, transfer, &v, &used_transfer))
        {
          if (used_transfer)
            *problem = g_strdup (_("“transfer” stands for [Transfer] Bytes, which this lesson does not set"));
          else
            *problem = g_strdup_printf (_("“send” needs a number of bytes (such as 100 or 10KiB) or a text in double quotes, not “%s”"), rest);
          return FALSE;
        }
      action->value = v;
      return TRUE;
    }

  if (g_str_equal (word, "read"))
    {
      guint64 v = 0;

      action->kind = HS_ACTION_READ;
      if (*rest != '\0' && !parse_amount (rest, transfer, &v, &used_transfer))
        {
          if (used_transfer)
            {
              *problem = g_strdup (_("“transfer” stands for [Transfer] Bytes, which this lesson does not set"));
              return FALSE;
            }
          *problem = g_strdup_printf (_("“read” takes nothing (read what has arrived) or a number of bytes to wait for, not “%s”"), rest);
          return FALSE;
        }
      action->value = v;
      return TRUE;
    }

  if (g_str_equal (word, "wait") || g_str_equal (word, "at"))
    {
      action->kind = g_str_equal (word, "wait") ? HS_ACTION_WAIT : HS_ACTION_WAIT_UNTIL;
      if (!hs_parse_duration (rest, &action->time))
        {
          *problem = g_strdup_printf (_("“%s” needs a time with a unit (us, ms, s or min), such as 50ms, not “%s”"), word, rest);
          return FALSE;
        }
      return TRUE;
    }

  if (g_str_equal (word, "wait-for"))
    {
      guint64 v;
      g_autofree char *arg = g_strdup (rest);
      char *bytes;

      if (g_str_equal (arg, "established"))
        action->kind = HS_ACTION_WAIT_ESTABLISHED;
      else if (g_str_equal (arg, "eof"))
        action->kind = HS_ACTION_WAIT_EOF;
      else if (g_str_equal (arg, "closed"))
        action->kind = HS_ACTION_WAIT_CLOSED;
      else
        {
          bytes = strstr (arg, "bytes");
          if (bytes != NULL)
            *bytes = '\0';
          g_strstrip (arg);
          if (!parse_amount (arg, transfer, &v, &used_transfer))
            {
              if (used_transfer)
                {
                  *problem = g_strdup (_("“transfer” stands for [Transfer] Bytes, which this lesson does not set"));
                  return FALSE;
                }
              *problem = g_strdup_printf (_("“wait-for” needs established, eof, closed or a number of bytes, not “%s”"), rest);
              return FALSE;
            }
          action->kind = HS_ACTION_WAIT_BYTES;
          action->value = v;
        }
      return TRUE;
    }

  *problem = g_strdup_printf (_("unknown action “%s”; the actions are listen, connect, accept, send, read, shutdown, close, abort, kill, crash, reboot, wait, at and wait-for"), word);
  return FALSE;
}

static gboolean
parse_script (HsScenario  *self,
              const char  *group,
              const char  *text,
              gboolean     auto_read,
              GArray     **out,
              GError     **error)
{
  gboolean reads = FALSE;       /* a "read" seen */
  g_autoptr(GPtrArray) items = split_script (text);
  g_autoptr(GArray) script = g_array_new (FALSE, TRUE, sizeof (HsAction));
  gboolean opened = FALSE;      /* connect or listen seen */
  gboolean passive_waiting = FALSE;
  gboolean down = FALSE;        /* after "crash", until "reboot" */
  gboolean killed = FALSE;      /* after "kill": no socket is left */

  for (guint i = 0; i < items->len; i++)
    {
      const char *item = g_ptr_array_index (items, i);
      g_autofree char *problem = NULL;
      HsAction action;

      if (!parse_action (item, self->transfer, &action, &problem))
        {
          for (guint j = 0; j < script->len; j++)
            g_free (g_array_index (script, HsAction, j).text);
          return fail_at (self, error, group, "Script", _("action %u (“%s”): %s"), i + 1, item, problem);
        }

      /* A host that is down runs nothing but the wait for its reboot, and
       * a killed process makes no more calls. */
      if (down && action.kind != HS_ACTION_WAIT && action.kind != HS_ACTION_WAIT_UNTIL &&
          action.kind != HS_ACTION_REBOOT)
        problem = g_strdup (_("the host is down after “crash”: only “wait”, “at” and “reboot” may follow until it reboots"));
      else if (killed && action.kind != HS_ACTION_WAIT && action.kind != HS_ACTION_WAIT_UNTIL &&
               action.kind != HS_ACTION_CRASH && action.kind != HS_ACTION_REBOOT)
        problem = g_strdup (_("the process is gone after “kill”: only “wait”, “at”, “crash” and “reboot” may follow"));
      else switch (action.kind)
        {
        case HS_ACTION_KILL:
          if (!opened)
            problem = g_strdup (_("“kill” needs a “connect” or “listen” before it: the process has no socket yet"));
          killed = TRUE;
          break;
        case HS_ACTION_CRASH:
          down = TRUE;
          break;
        case HS_ACTION_REBOOT:
          if (!down)
            problem = g_strdup (_("“reboot” needs a “crash” before it"));
          /* a new host: its application may listen or connect again */
          down = killed = opened = passive_waiting = FALSE;
          break;
        case HS_ACTION_LISTEN:
        case HS_ACTION_CONNECT:
          if (opened)
            problem = g_strdup (_("a lesson connection is opened only once"));
          opened = TRUE;
          passive_waiting = action.kind == HS_ACTION_LISTEN;
          break;
        case HS_ACTION_READ:
          reads = TRUE;
          if (auto_read)
            problem = g_strdup (_("this application already reads everything as it arrives; “read” needs AutoRead=false"));
          else if (!opened)
            problem = g_strdup (_("nothing can be sent or read before “connect” or “listen”"));
          break;
        case HS_ACTION_SEND:
        case HS_ACTION_SHUTDOWN:
        case HS_ACTION_SHUTDOWN_READ:
          if (!opened)
            problem = g_strdup (_("nothing can be sent or read before “connect” or “listen”"));
          else if (passive_waiting)
            problem = g_strdup (_("after “listen”, wait for the connection first (for example “wait-for established”)"));
          break;
        case HS_ACTION_WAIT_BYTES:
        case HS_ACTION_WAIT_EOF:
          if (!auto_read && !reads)
            problem = g_strdup (_("with AutoRead=false nothing is read until the script says “read”; put a “read” before this"));
          passive_waiting = FALSE;
          break;
        case HS_ACTION_WAIT_ESTABLISHED:
        case HS_ACTION_WAIT_CLOSED:
        case HS_ACTION_ACCEPT:
          passive_waiting = FALSE;
          break;
        case HS_ACTION_FLOOD:
          opened = TRUE;
          break;
        case HS_ACTION_CLOSE:
        case HS_ACTION_ABORT:
        case HS_ACTION_CORK:
        case HS_ACTION_UNCORK:
        case HS_ACTION_WAIT:
        case HS_ACTION_WAIT_UNTIL:
        case HS_N_ACTIONS:
        default:
          break;
        }
      if (problem != NULL)
        {
          g_free (action.text);
          for (guint j = 0; j < script->len; j++)
            g_free (g_array_index (script, HsAction, j).text);
          return fail_at (self, error, group, "Script", _("action %u (“%s”): %s"), i + 1, item, problem);
        }
      g_array_append_val (script, action);
    }

  *out = g_steal_pointer (&script);
  return TRUE;
}

/* [Questions]: a lesson's quiz. Fields= and Random= apply to every
 * question; QuestionN= (N from 1) names a step and may name its own
 * fields ("step 4: seq, ack"); TextN= words it, translatable like Title.
 * The steps are checked against the trace by hs_quiz_new(), since only
 * the simulation knows how many there are. */

#define QUIZ_DEFAULT_FIELDS (HS_QUIZ_FIELD_SENDER | HS_QUIZ_FIELD_FLAGS | HS_QUIZ_FIELD_SEQ | HS_QUIZ_FIELD_ACK)
#define QUIZ_MAX_QUESTIONS  999

/* QuestionN, TextN: N from 1 to 999, no leading zero. */
static guint
questions_key_number (const char *key,
                      const char *prefix)
{
  guint64 n;

  if (!g_str_has_prefix (key, prefix))
    return 0;
  key += strlen (prefix);
  if (*key == '0' || !g_ascii_string_to_unsigned (key, 10, 1, QUIZ_MAX_QUESTIONS, &n, NULL))
    return 0;
  return (guint) n;
}

static gboolean
questions_key_type (const char *key,
                    KeyType    *type)
{
  if (g_str_equal (key, "Fields"))
    *type = KEY_OTHER;
  else if (g_str_equal (key, "Random"))
    *type = KEY_BOOL;
  else if (questions_key_number (key, "Question") > 0)
    *type = KEY_OTHER;
  else if (questions_key_number (key, "Text") > 0)
    *type = KEY_LOCALE_STRING;
  else
    return FALSE;
  return TRUE;
}

/* "seq, ack" or "flags; seq": HsQuizField nicks. */
static gboolean
parse_quiz_fields (const char *str,
                   guint      *fields,
                   char      **bad)
{
  g_auto(GStrv) words = g_strsplit_set (str, ",; ", -1);
  g_autoptr(GFlagsClass) klass = g_type_class_ref (HS_TYPE_QUIZ_FIELD);

  *fields = 0;
  for (guint i = 0; words[i] != NULL; i++)
    {
      GFlagsValue *v;

      if (words[i][0] == '\0')
        continue;
      v = g_flags_get_value_by_nick (klass, words[i]);
      if (v == NULL)
        {
          *bad = g_strdup (words[i]);
          return FALSE;
        }
      *fields |= v->value;
    }
  *bad = NULL;
  return *fields != 0;
}

/* The syntax of the file, line by line, before GKeyFile: GKeyFile does not
 * say on which line a problem is. Also records where each key is. */
static gboolean
scan_lines (HsScenario  *self,
            const char  *data,
            gsize        len,
            GError     **error)
{
  g_auto(GStrv) lines = NULL;
  g_autofree char *text = g_strndup (data, len);
  g_autofree char *group = NULL;

  {
    const char *bad = NULL;

    if (!g_utf8_validate (data, len, &bad))
      {
        guint lineno = 1;

        for (const char *p = data; p < bad; p++)
          lineno += *p == '\n';
        g_set_error (error, HS_ERROR, HS_ERROR_PARSE, _("%s:%u: this line is not UTF-8 text"), self->origin, lineno);
        return FALSE;
      }
  }

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      guint lineno = i + 1;
      char *eq;

      if (*line == '\0' || *line == '#')
        continue;

      if (*line == '[')
        {
          gsize n = strlen (line);
          gboolean known = FALSE;

          if (line[n - 1] != ']' || n < 3)
            {
              g_set_error (error, HS_ERROR, HS_ERROR_PARSE,
                           _("%s:%u: a group name must be written between [ and ]"), self->origin, lineno);
              return FALSE;
            }
          g_free (group);
          group = g_strndup (line + 1, n - 2);
          known = g_str_equal (group, "Lesson") || g_str_equal (group, "Network") ||
                  g_str_equal (group, "Transfer") || g_str_equal (group, "Questions");
          {
            gboolean server;
            guint number;

            if (socket_group (group, &server, &number))
              {
                if (number == 0)
                  {
                    g_set_error (error, HS_ERROR, HS_ERROR_INVALID,
                                 _("%s:%u: [%s]: a numbered socket group is [Client N] or [Server N] with N from 2 to %u"),
                                 self->origin, lineno, group, HS_SCENARIO_MAX_SOCKETS);
                    return FALSE;
                  }
                known = TRUE;
              }
          }
          if (!known)
            {
              g_set_error (error, HS_ERROR, HS_ERROR_INVALID,
                           _("%s:%u: unknown group [%s]; a lesson has the groups [Lesson], [Client], [Server], [Network], [Transfer] and [Questions]"),
                           self->origin, lineno, group);
              return FALSE;
            }
          continue;
        }

      eq = strchr (line, '=');
      if (eq == NULL)
        {
          g_set_error (error, HS_ERROR, HS_ERROR_PARSE,
                       _("%s:%u: this line is neither a “[Group]”, a “Key=value” nor a “# comment”"),
                       self->origin, lineno);
          return FALSE;
        }
      if (group == NULL)
        {
          g_set_error (error, HS_ERROR, HS_ERROR_PARSE,
                       _("%s:%u: a key must come after a group such as [Lesson]"), self->origin, lineno);
          return FALSE;
        }

      {
        g_autofree char *key = g_strstrip (g_strndup (line, eq - line));
        g_autofree char *lookup = NULL;
        char *bracket = strchr (key, '[');
        const KeySpec *spec = NULL;
        gboolean is_endpoint = !g_str_equal (group, "Lesson") && !g_str_equal (group, "Network") &&
                               !g_str_equal (group, "Transfer") && !g_str_equal (group, "Questions");
        KeySpec numbered;

        if (bracket != NULL)
          *bracket = '\0';
        if (*key == '\0')
          {
            g_set_error (error, HS_ERROR, HS_ERROR_PARSE, _("%s:%u: the key name is missing before “=”"),
                         self->origin, lineno);
            return FALSE;
          }
        for (guint k = 0; k < G_N_ELEMENTS (key_specs); k++)
          if (g_str_equal (key_specs[k].key, key) &&
              ((key_specs[k].group == NULL && is_endpoint) ||
               (key_specs[k].group != NULL && g_str_equal (key_specs[k].group, group))))
            spec = &key_specs[k];
        if (spec == NULL && g_str_equal (group, "Questions") && questions_key_type (key, &numbered.type))
          spec = &numbered;
        if (spec == NULL)
          {
            g_set_error (error, HS_ERROR, HS_ERROR_INVALID,
                         _("%s:%u: unknown key “%s” in [%s] (see docs/lessons.md for the keys a lesson can have)"),
                         self->origin, lineno, key, group);
            return FALSE;
          }
        if (bracket != NULL && spec->type != KEY_LOCALE_STRING)
          {
            g_set_error (error, HS_ERROR, HS_ERROR_INVALID,
                         _("%s:%u: “%s” cannot be translated; only Title, Description and a question’s Text can"),
                         self->origin, lineno, key);
            return FALSE;
          }
        if (bracket != NULL)
          continue;
        lookup = g_strdup_printf ("%s\n%s", group, key);
        if (g_hash_table_contains (self->lines, lookup))
          {
            g_set_error (error, HS_ERROR, HS_ERROR_INVALID,
                         _("%s:%u: “%s” appears twice in [%s] (first on line %u)"),
                         self->origin, lineno, key, group,
                         GPOINTER_TO_UINT (g_hash_table_lookup (self->lines, lookup)));
            return FALSE;
          }
        g_hash_table_insert (self->lines, g_steal_pointer (&lookup), GUINT_TO_POINTER (lineno));
      }
    }
  return TRUE;
}

static char *
get_value (HsScenario *self,
           const char *group,
           const char *key)
{
  char *v = g_key_file_get_value (self->keyfile, group, key, NULL);

  if (v != NULL)
    g_strstrip (v);
  return v;
}

static gboolean
read_uint (HsScenario  *self,
           const char  *group,
           const char  *key,
           guint64      min,
           guint64      max,
           guint64      fallback,
           guint64     *out,
           GError     **error)
{
  g_autofree char *v = get_value (self, group, key);
  guint64 n;

  if (v == NULL)
    {
      *out = fallback;
      return TRUE;
    }
  if (!parse_uint (v, G_MAXUINT64, &n) || n < min || n > max)
    {
      g_autofree char *min_text = g_strdup_printf ("%" G_GUINT64_FORMAT, min);
      g_autofree char *max_text = g_strdup_printf ("%" G_GUINT64_FORMAT, max);

      return fail_at (self, error, group, key,
                    _("%s must be a whole number from %s to %s, not “%s”"),
                    key, min_text, max_text, v);
    }
  *out = n;
  return TRUE;
}

static gboolean
read_bool (HsScenario  *self,
           const char  *group,
           const char  *key,
           gboolean     fallback,
           gboolean    *out,
           GError     **error)
{
  g_autofree char *v = get_value (self, group, key);

  if (v == NULL)
    {
      *out = fallback;
      return TRUE;
    }
  if (!parse_bool (v, out))
    return fail_at (self, error, group, key, _("%s must be true or false, not “%s”"), key, v);
  return TRUE;
}

static gboolean
read_duration (HsScenario  *self,
               const char  *group,
               const char  *key,
               HsTime       fallback,
               HsTime      *out,
               GError     **error)
{
  g_autofree char *v = get_value (self, group, key);

  if (v == NULL)
    {
      *out = fallback;
      return TRUE;
    }
  if (!hs_parse_duration (v, out))
    return fail_at (self, error, group, key,
                    _("%s must be a time with a unit (us, ms, s or min), such as 50ms, not “%s”"), key, v);
  return TRUE;
}

static gboolean
read_probability (HsScenario  *self,
                  const char  *group,
                  const char  *key,
                  double      *out,
                  GError     **error)
{
  g_autofree char *v = get_value (self, group, key);

  if (v == NULL)
    {
      *out = 0;
      return TRUE;
    }
  if (!parse_probability (v, out))
    return fail_at (self, error, group, key,
                    _("%s must be a probability from 0 to 1 (or 0%% to 100%%), not “%s”"), key, v);
  return TRUE;
}

static gboolean
read_endpoint (HsScenario        *self,
               guint              index,
               HsEndpointConfig  *c,
               GError           **error)
{
  const char *group = self->groups[index];
  gboolean server = FALSE;
  guint number = 1;
  const HsProfile *profile = hs_profile_get (self->profile);
  g_autofree char *name = get_value (self, group, "Name");
  g_autofree char *address = get_value (self, group, "Address");
  g_autofree char *isn = get_value (self, group, "ISN");
  g_autofree char *ws = get_value (self, group, "WindowScale");
  g_autofree char *script = get_value (self, group, "Script");
  gboolean rb_set = FALSE;
  guint64 v;

  socket_group (group, &server, &number);
  c->server_side = server;
  {
    g_autofree char *kind = get_value (self, group, "Kind");

    if (kind != NULL && !g_str_equal (kind, "host") && !g_str_equal (kind, "attacker"))
      return fail_at (self, error, group, "Kind",
                      _("Kind must be host or attacker (a host that sends forged SYNs), not “%s”"), kind);
    c->attacker = g_strcmp0 (kind, "attacker") == 0;
  }
  /* an attacker is a host of its own, in TEST-NET-3 (RFC 5737) */
  if (c->attacker && name == NULL)
    name = g_strdup ("attacker");
  if (c->attacker && address == NULL)
    address = g_strdup ("203.0.113.1");
  if (name == NULL)
    {
      /* "Client 2" → "client-2" */
      name = g_ascii_strdown (group, -1);
      g_strdelimit (name, " ", '-');
    }
  if (*name == '\0' || strpbrk (name, ",:.\"\n") != NULL)
    return fail_at (self, error, group, "Name",
                    _("Name must not be empty nor contain commas, colons, dots or quotes"));
  c->name = g_steal_pointer (&name);

  if (address == NULL && number > 1)
    address = g_strdup (self->endpoints[server ? 1 : 0].address);  /* another socket of the same host */
  else if (address == NULL)
    address = g_strdup (index == 0 ? "10.0.0.1" : "10.0.0.2");
  {
    g_autoptr(GInetAddress) a = g_inet_address_new_from_string (address);

    if (a == NULL)
      return fail_at (self, error, group, "Address",
                      _("Address must be an IPv4 or IPv6 address such as 10.0.0.1, not “%s”"), address);
  }
  c->address = g_steal_pointer (&address);

  {
    g_autofree char *port = get_value (self, group, "Port");

    /* "auto" (the default of a numbered group): given once every group
     * is read, see assign_ports() */
    if ((port == NULL && number > 1) || g_strcmp0 (port, "auto") == 0)
      c->port = 0;
    else if (!read_uint (self, group, "Port", 1, 65535, index == 0 ? 43098 : 5000, &v, error))
      return FALSE;
    else
      c->port = v;
  }

  if (isn == NULL || g_str_equal (isn, "random"))
    c->isn_random = TRUE;
  else if (parse_uint (isn, G_MAXUINT32, &v))
    c->isn = v;
  else
    return fail_at (self, error, group, "ISN",
                    _("ISN must be “random” or a whole number from 0 to 4294967295, not “%s”"), isn);

  if (!read_uint (self, group, "MSS", 64, 65495, 1460, &v, error))
    return FALSE;
  c->mss = v;

  {
    g_autofree char *rb = get_value (self, group, "ReceiveBuffer");
    g_autofree char *sb = get_value (self, group, "SendBuffer");

    c->receive_buffer = 65536;
    c->send_buffer = 65536 * 4;
    if (rb != NULL && (!parse_size (rb, &v) || v < 1 || v > 1024 * 1024 * 1024))
      return fail_at (self, error, group, "ReceiveBuffer",
                      _("ReceiveBuffer must be a size from 1 byte to 1 GiB, such as 65536 or 64KiB, not “%s”"), rb);
    if (rb != NULL)
      c->receive_buffer = v;
    rb_set = rb != NULL;
    if (sb != NULL && (!parse_size (sb, &v) || v < 1 || v > 1024 * 1024 * 1024))
      return fail_at (self, error, group, "SendBuffer",
                      _("SendBuffer must be a size from 1 byte to 1 GiB, such as 65536 or 64KiB, not “%s”"), sb);
    if (sb != NULL)
      c->send_buffer = v;
  }

  {
    g_autofree char *ss = get_value (self, group, "Ssthresh");

    c->initial_ssthresh = 0;
    if (ss != NULL && (!parse_size (ss, &v) || v < 2 * c->mss))
      return fail_at (self, error, group, "Ssthresh",
                      _("Ssthresh must be a size of at least two segments (2 × MSS), not “%s”"), ss);
    if (ss != NULL)
      c->initial_ssthresh = v;
  }

  {
    g_autofree char *cc = get_value (self, group, "Congestion");

    c->congestion = HS_CONGESTION_DEFAULT;
    if (cc != NULL && (g_ascii_strcasecmp (cc, "default") == 0 ||
                       !hs_congestion_kind_from_string (cc, &c->congestion)))
      return fail_at (self, error, group, "Congestion",
                      _("Congestion must be “reno” or “cubic”, not “%s”"), cc);
  }

  if (ws == NULL && rb_set)
    {
      /* A buffer set by the lesson is like SO_RCVBUF: the shift is just
       * large enough for it (Linux tcp_select_initial_window). */
      gint shift = 0;

      while (shift < 14 && (c->receive_buffer >> shift) > G_MAXUINT16)
        shift++;
      c->window_scale = (shift == 0 && profile->window_scale < 0) ? -1 : shift;
    }
  else if (ws == NULL)
    c->window_scale = profile->window_scale;
  else if (g_str_equal (ws, "none") || g_str_equal (ws, "off"))
    c->window_scale = -1;
  else if (parse_uint (ws, 14, &v))
    c->window_scale = v;
  else
    return fail_at (self, error, group, "WindowScale",
                    _("WindowScale must be a shift count from 0 to 14, or “none”, not “%s”"), ws);

  if (!read_bool (self, group, "SACK", profile->sack, &c->sack, error) ||
      !read_bool (self, group, "Timestamps", profile->timestamps, &c->timestamps, error) ||
      !read_bool (self, group, "Nagle", TRUE, &c->nagle, error) ||
      !read_bool (self, group, "DelayedAck", TRUE, &c->delayed_ack, error) ||
      !read_bool (self, group, "AutoRead", TRUE, &c->auto_read, error))
    return FALSE;

  /* Keepalive, with Linux's defaults (tcp_keepalive_time, _intvl,
   * _probes) and the limits its socket options accept. */
  {
    const char *keys[] = { "KeepIdle", "KeepInterval" };
    HsTime *values[] = { &c->keep_idle, &c->keep_interval };
    const HsTime defaults[] = { 7200 * HS_USEC_PER_SEC, 75 * HS_USEC_PER_SEC };
    guint64 count;

    if (!read_bool (self, group, "KeepAlive", FALSE, &c->keepalive, error))
      return FALSE;
    for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
      {
        if (!read_duration (self, group, keys[k], defaults[k], values[k], error))
          return FALSE;
        if (*values[k] < HS_USEC_PER_SEC || *values[k] > 32767 * HS_USEC_PER_SEC)
          {
            g_autofree char *text = get_value (self, group, keys[k]);

            return fail_at (self, error, group, keys[k],
                            _("%s must be from 1 s to 32767 s, as Linux accepts it, not “%s”"), keys[k], text);
          }
      }
    if (!read_uint (self, group, "KeepCount", 1, 127, 9, &count, error))
      return FALSE;
    c->keep_count = count;
  }
  /* SO_LINGER: off unless set */
  if (!read_duration (self, group, "Linger", HS_TIME_NONE, &c->linger, error))
    return FALSE;
  if (c->linger != HS_TIME_NONE && c->linger > 3600 * HS_USEC_PER_SEC)
    {
      g_autofree char *text = get_value (self, group, "Linger");

      return fail_at (self, error, group, "Linger", _("Linger must be at most 1 h, not “%s”"), text);
    }
  /* TCP_USER_TIMEOUT; 0 keeps the profile's retries */
  if (!read_duration (self, group, "UserTimeout", 0, &c->user_timeout, error))
    return FALSE;
  if (c->user_timeout > 24 * 3600 * HS_USEC_PER_SEC)
    {
      g_autofree char *text = get_value (self, group, "UserTimeout");

      return fail_at (self, error, group, "UserTimeout",
                      _("UserTimeout must be at most 24 h, not “%s”"), text);
    }

  if (!read_bool (self, group, "ReuseAddr", FALSE, &c->reuse_addr, error) ||
      /* Linux's default is 1: cookies only when the SYN queue is full */
      !read_bool (self, group, "SynCookies", self->profile == HS_PROFILE_LINUX, &c->syncookies, error))
    return FALSE;

  if (script == NULL)
    script = g_strdup ("");
  if (!parse_script (self, group, script, c->auto_read, &c->script, error))
    return FALSE;
  /* an attacker only floods and waits; only an attacker floods */
  for (guint j = 0; j < c->script->len; j++)
    {
      HsActionKind kind = g_array_index (c->script, HsAction, j).kind;

      if (c->attacker && kind != HS_ACTION_FLOOD && kind != HS_ACTION_WAIT && kind != HS_ACTION_WAIT_UNTIL)
        return fail_at (self, error, group, "Script",
                        _("action %u: an attacker (Kind=attacker) only has “flood”, “wait” and “at”"), j + 1);
      if (!c->attacker && kind == HS_ACTION_FLOOD)
        return fail_at (self, error, group, "Script", _("action %u: only an attacker (Kind=attacker) has “flood”"),
                        j + 1);
    }

  return TRUE;
}

/* Port=auto: the next port above the host's first socket's that no other
 * socket of the host has, as connect() on an unbound socket picks a free
 * one (Linux picks it at random in 32768–60999; in order, a lesson's
 * ports stay the same when a socket is added after the others). */
static void
assign_ports (HsScenario *self)
{
  for (guint i = 0; i < self->n_endpoints; i++)
    {
      HsEndpointConfig *c = &self->endpoints[i];
      guint port = c->server_side ? self->endpoints[1].port : self->endpoints[0].port;

      if (c->port != 0)
        continue;
      for (;; port = port >= 65535 ? 1024 : port + 1)
        {
          gboolean used = FALSE;

          for (guint j = 0; j < self->n_endpoints && !used; j++)
            used = j != i && self->endpoints[j].port == port &&
                   g_ascii_strcasecmp (self->endpoints[j].address, c->address) == 0;
          if (!used)
            break;
        }
      c->port = port;
    }
}

/* Peer=: the group connect() goes to, by group or by name; by default a
 * client's is [Server] and a server's [Client]. */
static gboolean
read_peers (HsScenario  *self,
            GError     **error)
{
  for (guint i = 0; i < self->n_endpoints; i++)
    {
      HsEndpointConfig *c = &self->endpoints[i];
      g_autofree char *peer = get_value (self, self->groups[i], "Peer");
      gboolean found = FALSE;

      c->peer = c->server_side ? 0 : 1;
      for (guint j = 0; peer != NULL && j < self->n_endpoints && !found; j++)
        if (g_ascii_strcasecmp (self->groups[j], peer) == 0 || g_ascii_strcasecmp (self->endpoints[j].name, peer) == 0)
          {
            c->peer = j;
            found = TRUE;
          }
      if (peer != NULL && !found)
        return fail_at (self, error, self->groups[i], "Peer",
                        _("Peer must name a socket group of the lesson, such as Server or Server 2, or its Name, not “%s”"),
                        peer);
      if (c->peer == i)
        return fail_at (self, error, self->groups[i], "Peer", _("a socket cannot connect to itself"));
    }
  return TRUE;
}

/* In a lesson with several sockets, a listening socket only listens:
 * its connections are reached through "accept". */
static gboolean
check_accepts (HsScenario  *self,
               GError     **error)
{
  for (guint i = 0; i < self->n_endpoints; i++)
    {
      GArray *s = self->endpoints[i].script;
      gboolean listening = FALSE;

      for (guint j = 0; j < s->len; j++)
        {
          HsActionKind kind = g_array_index (s, HsAction, j).kind;

          if (kind == HS_ACTION_LISTEN)
            listening = TRUE;
          else if (kind == HS_ACTION_ACCEPT && !listening)
            return fail_at (self, error, self->groups[i], "Script",
                            _("action %u: “accept” needs a “listen” before it"), j + 1);
          else if (kind == HS_ACTION_ACCEPT)
            listening = FALSE;
          else if (listening && self->hosts &&
                   (kind == HS_ACTION_SEND || kind == HS_ACTION_READ || kind == HS_ACTION_SHUTDOWN ||
                    kind == HS_ACTION_SHUTDOWN_READ || kind == HS_ACTION_WAIT_BYTES ||
                    kind == HS_ACTION_WAIT_EOF || kind == HS_ACTION_WAIT_ESTABLISHED ||
                    kind == HS_ACTION_WAIT_CLOSED || kind == HS_ACTION_CORK))
            return fail_at (self, error, self->groups[i], "Script",
                            _("action %u: in a lesson with several sockets, a listening socket takes a connection with “accept” before it sends, reads or waits for data"),
                            j + 1);
        }
    }
  return TRUE;
}

static gboolean
read_network (HsScenario  *self,
              GError     **error)
{
  const char *group = "Network";
  HsPathConfig p = { 0 };
  g_autofree char *bw = get_value (self, group, "Bandwidth");
  g_autofree char *drops = get_value (self, group, "Drop");
  g_autofree char *old = get_value (self, group, "OldDuplicate");
  guint64 v;

  if (!read_duration (self, group, "Delay", 10 * HS_USEC_PER_MSEC, &p.delay, error) ||
      !read_duration (self, group, "Jitter", 0, &p.jitter, error) ||
      !read_probability (self, group, "Loss", &p.loss, error) ||
      !read_probability (self, group, "Duplicate", &p.duplicate, error) ||
      !read_probability (self, group, "Reorder", &p.reorder, error) ||
      !read_uint (self, group, "QueueLimit", 0, 1000000, 0, &v, error))
    return FALSE;
  p.queue_limit = v;
  if (!read_uint (self, group, "MTU", HS_MIN_MTU, 65535, HS_DEFAULT_MTU, &v, error))
    return FALSE;
  p.mtu = v;
  if (p.delay > 3600 * HS_USEC_PER_SEC)
    return fail_at (self, error, group, "Delay", _("Delay must be at most an hour"));
  if (p.jitter > p.delay)
    return fail_at (self, error, group, "Jitter", _("Jitter must not be larger than Delay"));
  if (bw != NULL && !parse_bandwidth (bw, &p.bandwidth))
    return fail_at (self, error, group, "Bandwidth",
                    _("Bandwidth must be a rate such as 10Mbit, 512kbit or “unlimited”, not “%s”"), bw);

  self->paths[0] = p;
  self->paths[1] = p;

  g_array_set_size (self->drops, 0);
  if (drops != NULL)
    {
      g_auto(GStrv) specs = g_strsplit (drops, ";", -1);

      for (guint i = 0; specs[i] != NULL; i++)
        {
          g_autoptr(GError) local = NULL;
          HsDropSpec spec;

          if (*g_strstrip (specs[i]) == '\0')
            continue;
          if (!hs_drop_spec_parse (specs[i], self->endpoints[0].name, self->endpoints[1].name, &spec, &local))
            return fail_at (self, error, group, "Drop", "%s", local->message);
          g_array_append_val (self->drops, spec);
        }
    }

  g_array_set_size (self->old_duplicates, 0);
  if (old != NULL)
    {
      g_auto(GStrv) specs = g_strsplit (old, ";", -1);

      for (guint i = 0; specs[i] != NULL; i++)
        {
          g_autoptr(GError) local = NULL;
          HsOldDuplicate dup;

          if (*g_strstrip (specs[i]) == '\0')
            continue;
          if (!hs_old_duplicate_parse (specs[i], self->endpoints[0].name, self->endpoints[1].name, &dup, &local))
            return fail_at (self, error, group, "OldDuplicate", "%s", local->message);
          g_array_append_val (self->old_duplicates, dup);
        }
    }
  return TRUE;
}

static gboolean
read_questions (HsScenario  *self,
                GError     **error)
{
  g_autofree char *fields = get_value (self, "Questions", "Fields");
  g_auto(GStrv) keys = NULL;
  gsize n_keys = 0;
  guint max_n = 0;

  g_array_set_size (self->questions, 0);
  self->quiz_fields = QUIZ_DEFAULT_FIELDS;
  if (fields != NULL)
    {
      g_autofree char *bad = NULL;

      if (!parse_quiz_fields (fields, &self->quiz_fields, &bad))
        return fail_at (self, error, "Questions", "Fields",
                        _("Fields lists what to ask: sender, flags, seq, ack, len, window, state or time, not “%s”"),
                        bad != NULL ? bad : fields);
    }
  if (!read_bool (self, "Questions", "Random", FALSE, &self->quiz_random, error))
    return FALSE;

  if (!g_key_file_has_group (self->keyfile, "Questions"))
    return TRUE;
  keys = g_key_file_get_keys (self->keyfile, "Questions", &n_keys, NULL);
  for (gsize i = 0; i < n_keys; i++)
    {
      guint q = questions_key_number (keys[i], "Question");
      guint t = questions_key_number (keys[i], "Text");

      if (strchr (keys[i], '[') != NULL)
        continue;
      max_n = MAX (max_n, MAX (q, t));
      if (t > 0)
        {
          g_autofree char *qkey = g_strdup_printf ("Question%u", t);

          if (!g_key_file_has_key (self->keyfile, "Questions", qkey, NULL))
            return fail_at (self, error, "Questions", keys[i],
                            _("%s words a question, but there is no %s"), keys[i], qkey);
        }
    }

  /* In the order of their numbers, which need not be consecutive. */
  for (guint n = 1; n <= max_n; n++)
    {
      g_autofree char *qkey = g_strdup_printf ("Question%u", n);
      g_autofree char *tkey = g_strdup_printf ("Text%u", n);
      g_autofree char *value = get_value (self, "Questions", qkey);
      HsQuestionConfig config = { 0 };
      const char *p;
      char *end = NULL;
      guint64 step;

      if (value == NULL)
        continue;
      p = value;
      if (!g_str_has_prefix (p, "step") || !g_ascii_isspace (p[4]))
        return fail_at (self, error, "Questions", qkey,
                        _("a question names a step as on screen, such as “step 4” or “step 4: seq, ack”, not “%s”"), value);
      p += 4;
      while (g_ascii_isspace (*p))
        p++;
      step = g_ascii_strtoull (p, &end, 10);
      if (end == p || step == 0 || step > G_MAXUINT)
        return fail_at (self, error, "Questions", qkey,
                        _("a question names a step as on screen, such as “step 4” or “step 4: seq, ack”, not “%s”"), value);
      p = end;
      while (g_ascii_isspace (*p))
        p++;
      if (*p == ':')
        {
          g_autofree char *bad = NULL;

          if (!parse_quiz_fields (p + 1, &config.fields, &bad))
            return fail_at (self, error, "Questions", qkey,
                            _("Fields lists what to ask: sender, flags, seq, ack, len, window, state or time, not “%s”"),
                            bad != NULL ? bad : p + 1);
        }
      else if (*p != '\0')
        return fail_at (self, error, "Questions", qkey,
                        _("a question names a step as on screen, such as “step 4” or “step 4: seq, ack”, not “%s”"), value);
      config.step = (guint) step - 1;
      config.text = g_key_file_get_locale_string (self->keyfile, "Questions", tkey, NULL, NULL);
      if (config.text != NULL && *g_strstrip (config.text) == '\0')
        g_clear_pointer (&config.text, g_free);
      config.where = where (self, "Questions", qkey);
      g_array_append_val (self->questions, config);
    }
  return TRUE;
}

static gboolean
reparse (HsScenario  *self,
         GError     **error)
{
  g_autofree char *profile = NULL;
  g_autofree char *topic = NULL;
  guint64 v;

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->topic, g_free);
  for (guint i = 0; i < HS_SCENARIO_MAX_SOCKETS; i++)
    {
      clear_endpoint (&self->endpoints[i]);
      memset (&self->endpoints[i], 0, sizeof self->endpoints[i]);
      g_clear_pointer (&self->groups[i], g_free);
    }
  /* [Client], [Server], then the numbered groups in file order */
  self->n_endpoints = N_ENDPOINTS;
  self->groups[0] = g_strdup (endpoint_groups[0]);
  self->groups[1] = g_strdup (endpoint_groups[1]);
  {
    g_auto(GStrv) groups = g_key_file_get_groups (self->keyfile, NULL);
    gboolean server;
    guint number;

    for (guint i = 0; groups[i] != NULL; i++)
      if (socket_group (groups[i], &server, &number) && number > 1)
        {
          if (self->n_endpoints == HS_SCENARIO_MAX_SOCKETS)
            {
              g_set_error (error, HS_ERROR, HS_ERROR_INVALID, _("%s: a lesson has at most %u socket groups"),
                           self->origin, HS_SCENARIO_MAX_SOCKETS);
              return FALSE;
            }
          self->groups[self->n_endpoints++] = g_strdup (groups[i]);
        }
  }

  if (!g_key_file_has_group (self->keyfile, "Lesson"))
    {
      g_set_error (error, HS_ERROR, HS_ERROR_INVALID, _("%s: the [Lesson] group is missing"), self->origin);
      return FALSE;
    }
  self->title = g_key_file_get_locale_string (self->keyfile, "Lesson", "Title", NULL, NULL);
  if (self->title == NULL || *g_strstrip (self->title) == '\0')
    {
      g_set_error (error, HS_ERROR, HS_ERROR_INVALID, _("%s: [Lesson] needs a Title"), self->origin);
      return FALSE;
    }
  self->description = g_key_file_get_locale_string (self->keyfile, "Lesson", "Description", NULL, NULL);
  if (self->description == NULL)
    self->description = g_strdup ("");

  topic = get_value (self, "Lesson", "Topic");
  if (topic == NULL)
    topic = g_strdup ("custom");
  if (!g_strv_contains (topics, topic))
    return fail_at (self, error, "Lesson", "Topic",
                    _("Topic must be one of setup, teardown, errors, reliability, flow-control, congestion, udp or custom, not “%s”"),
                    topic);
  self->topic = g_steal_pointer (&topic);

  if (!read_uint (self, "Lesson", "Order", 0, G_MAXUINT, 1000, &v, error))
    return FALSE;
  self->order = v;

  profile = get_value (self, "Lesson", "Profile");
  if (profile == NULL)
    self->profile = HS_PROFILE_LINUX;
  else if (!hs_profile_kind_from_string (profile, &self->profile))
    return fail_at (self, error, "Lesson", "Profile", _("Profile must be “linux” or “rfc”, not “%s”"), profile);

  {
    g_autofree char *transport = get_value (self, "Lesson", "Transport");
    g_autoptr(GEnumClass) transports = g_type_class_ref (HS_TYPE_LESSON_TRANSPORT);
    GEnumValue *value;

    /* the nicks of the generated GType, as they are spelled */
    if (transport == NULL)
      self->transport = HS_LESSON_TCP;
    else if ((value = g_enum_get_value_by_nick (transports, transport)) != NULL)
      self->transport = value->value;
    else
      return fail_at (self, error, "Lesson", "Transport",
                      _("Transport must be tcp, udp, compare (the same scripts over TCP and over UDP, side by side) or compare-congestion (over TCP with Reno and with CUBIC, side by side), not “%s”"),
                      transport);
  }

  {
    /* [Lesson] Plot: which plot the window shows beside the diagram when
     * the lesson opens. The names are src/plot's (hs_plot_kind_to_string),
     * which the engine may not include: kept in step by test-plot. */
    static const char * const plots[] = { "congestion", "sequence", "window", "throughput", "rtt" };
    g_autofree char *plot = get_value (self, "Lesson", "Plot");

    g_clear_pointer (&self->plot, g_free);
    if (plot != NULL)
      {
        for (guint i = 0; i < G_N_ELEMENTS (plots) && self->plot == NULL; i++)
          if (g_str_equal (plot, plots[i]))
            self->plot = g_strdup (plots[i]);
        if (self->plot == NULL)
          return fail_at (self, error, "Lesson", "Plot",
                          _("Plot must be congestion, sequence, window, throughput or rtt, not “%s”"),
                          plot);
      }
  }

  /* How the diagram shows the lesson: its time mode and what it is about.
   * The engine knows only the names; the diagram's HsDiagramTimeMode
   * nicks are the same (test-diagram /diagram/lesson/view-keys). */
  {
    static const char * const time_modes[] = { "proportional", "events", NULL };
    static const struct { const char *name; HsLessonShow flag; } shows[] = {
      { "sack", HS_LESSON_SHOW_SACK },
      { "window", HS_LESSON_SHOW_WINDOW },
      { "options", HS_LESSON_SHOW_OPTIONS },
    };
    g_autofree char *time_mode = get_value (self, "Lesson", "TimeMode");
    g_autofree char *show = get_value (self, "Lesson", "Show");

    g_clear_pointer (&self->time_mode, g_free);
    self->show = 0;
    if (time_mode != NULL && !g_strv_contains (time_modes, time_mode))
      return fail_at (self, error, "Lesson", "TimeMode",
                      _("TimeMode must be proportional (time to scale) or events (one row per event), not “%s”"),
                      time_mode);
    self->time_mode = g_steal_pointer (&time_mode);
    if (show != NULL)
      {
        g_auto(GStrv) words = g_strsplit (show, ",", -1);

        for (guint i = 0; words[i] != NULL; i++)
          {
            const char *word = g_strstrip (words[i]);
            gboolean known = FALSE;

            if (*word == '\0' && words[1] == NULL)
              break;
            for (guint j = 0; j < G_N_ELEMENTS (shows); j++)
              if (g_str_equal (word, shows[j].name))
                {
                  self->show |= shows[j].flag;
                  known = TRUE;
                }
            if (!known)
              return fail_at (self, error, "Lesson", "Show",
                              _("Show is a list of sack, window and options, separated by commas; “%s” is none of them"),
                              word);
          }
      }
  }

  if (!read_uint (self, "Lesson", "Seed", 0, G_MAXUINT64, 1, &self->seed, error) ||
      !read_duration (self, "Lesson", "Duration", 0, &self->duration, error))
    return FALSE;

  /* Chapters=1:handshake;9:data;31:close — steps numbered from 1, as the
   * window shows them, each with a chapter's kind, in increasing order.
   * Without the key the window derives them from the trace. */
  {
    g_autofree char *text = get_value (self, "Lesson", "Chapters");
    g_auto(GStrv) items = NULL;
    guint previous = 0;

    g_array_set_size (self->chapters, 0);
    if (text != NULL)
      items = g_strsplit (text, ";", -1);
    for (guint i = 0; items != NULL && items[i] != NULL; i++)
      {
        g_auto(GStrv) parts = NULL;
        HsChapter chapter;
        guint64 step;

        g_strstrip (items[i]);
        if (*items[i] == '\0' && items[i + 1] == NULL)
          break;  /* a trailing ";", as GLib writes lists */
        parts = g_strsplit (items[i], ":", 2);
        if (g_strv_length (parts) != 2 || !parse_uint (parts[0], G_MAXUINT, &step) || step == 0)
          return fail_at (self, error, "Lesson", "Chapters",
                          _("chapter %u: “%s” is not a step number and a kind, such as “9:data”"), i + 1, items[i]);
        if (!hs_chapter_kind_from_string (g_strstrip (parts[1]), &chapter.kind))
          return fail_at (self, error, "Lesson", "Chapters",
                          _("chapter %u: the kind must be handshake, data, loss, recovery or close, not “%s”"),
                          i + 1, parts[1]);
        if (step <= previous)
          return fail_at (self, error, "Lesson", "Chapters",
                          _("chapter %u: step %u does not come after step %u; chapters go in the order of their steps"),
                          i + 1, (guint) step, previous);
        previous = step;
        chapter.step = step - 1;
        g_array_append_val (self->chapters, chapter);
      }
  }

  {
    g_autofree char *bytes = get_value (self, "Transfer", "Bytes");

    self->transfer = 0;
    if (bytes != NULL && (!parse_size (bytes, &self->transfer) || self->transfer == 0))
      return fail_at (self, error, "Transfer", "Bytes",
                      _("Bytes must be a size from 1 byte, such as 20000 or 1MiB, not “%s”"), bytes);
  }

  for (guint i = 0; i < self->n_endpoints; i++)
    if (!read_endpoint (self, i, &self->endpoints[i], error))
      return FALSE;

  if (g_ascii_strcasecmp (self->endpoints[0].name, self->endpoints[1].name) == 0)
    return fail_at (self, error, "Server", "Name", _("the two endpoints need different names"));
  for (guint i = N_ENDPOINTS; i < self->n_endpoints; i++)
    for (guint j = 0; j < i; j++)
      if (g_ascii_strcasecmp (self->endpoints[i].name, self->endpoints[j].name) == 0)
        return fail_at (self, error, self->groups[i], "Name",
                        _("every socket needs its own name; “%s” is the name of [%s] too"),
                        self->endpoints[i].name, self->groups[j]);

  self->hosts = self->n_endpoints > N_ENDPOINTS;
  for (guint i = 0; i < self->n_endpoints; i++)
    {
      GArray *s = self->endpoints[i].script;

      for (guint j = 0; j < s->len; j++)
        {
          const HsAction *a = &g_array_index (s, HsAction, j);

          self->hosts |= a->kind == HS_ACTION_ACCEPT || a->kind == HS_ACTION_FLOOD ||
                         (a->kind == HS_ACTION_LISTEN && a->value > 0);
        }
    }
  if (self->hosts && self->transport != HS_LESSON_TCP)
    return fail_at (self, error, "Lesson", "Transport",
                    _("a lesson with several sockets runs over TCP only"));
  assign_ports (self);
  if (!read_peers (self, error) || !check_accepts (self, error))
    return FALSE;

  if (!read_network (self, error))
    return FALSE;

  if (!read_questions (self, error))
    return FALSE;

  /* A UDP send over 65,507 bytes is no error in the lesson: the socket
   * refuses it with EMSGSIZE when it runs, and the narration says why. */

  /* A lesson in which nobody ever opens a connection shows nothing. */
  {
    gboolean connects = FALSE;

    for (guint i = 0; i < self->n_endpoints; i++)
      {
        GArray *s = self->endpoints[i].script;

        for (guint j = 0; j < s->len; j++)
          connects |= g_array_index (s, HsAction, j).kind == HS_ACTION_CONNECT ||
                      g_array_index (s, HsAction, j).kind == HS_ACTION_FLOOD;
      }
    if (!connects)
      return fail_at (self, error, "Client", "Script",
                      _("no endpoint ever connects: at least one Script needs “connect”"));
  }

  return TRUE;
}

HsScenario *
hs_scenario_new_from_data (const char  *id,
                           const char  *origin,
                           const char  *data,
                           gsize        len,
                           GError     **error)
{
  g_autoptr(HsScenario) self = g_object_new (HS_TYPE_SCENARIO, NULL);
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (origin != NULL, NULL);
  g_return_val_if_fail (data != NULL || len == 0, NULL);

  self->id = g_strdup (id);
  self->origin = g_strdup (origin);
  self->keyfile = g_key_file_new ();

  /* Some Windows editors start UTF-8 text with a byte order mark; it is
   * not part of line 1, and the line numbers stay as they are. */
  if (len >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    {
      data += 3;
      len -= 3;
    }

  if (!scan_lines (self, data, len, error))
    return NULL;
  if (!g_key_file_load_from_data (self->keyfile, data, len,
                                  G_KEY_FILE_KEEP_COMMENTS | G_KEY_FILE_KEEP_TRANSLATIONS, &local))
    {
      g_set_error (error, HS_ERROR, HS_ERROR_PARSE, "%s: %s", origin, local->message);
      return NULL;
    }
  if (!reparse (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/* Says what @path is when it is not a regular file, in a sentence. */
static void
set_not_regular_error (GError     **error,
                       const char  *path,
                       mode_t       mode)
{
  if (S_ISDIR (mode))
    g_set_error (error, HS_ERROR, HS_ERROR_IO,
                 _("Could not read the lesson “%s”: it is a folder, not a file"), path);
  else if (S_ISCHR (mode) || S_ISBLK (mode))
    g_set_error (error, HS_ERROR, HS_ERROR_IO,
                 _("Could not read the lesson “%s”: it is a device, not a file"), path);
  else if (S_ISFIFO (mode))
    g_set_error (error, HS_ERROR, HS_ERROR_IO,
                 _("Could not read the lesson “%s”: it is a pipe (FIFO), not a file"), path);
  else if (S_ISSOCK (mode))
    g_set_error (error, HS_ERROR, HS_ERROR_IO,
                 _("Could not read the lesson “%s”: it is a socket, not a file"), path);
  else
    g_set_error (error, HS_ERROR, HS_ERROR_IO,
                 _("Could not read the lesson “%s”: it is not a regular file"), path);
}

static void
set_too_large_error (GError     **error,
                     const char  *path,
                     guint64      size)
{
  /* Formatted apart: xgettext cannot see through G_GUINT64_FORMAT. */
  g_autofree char *size_text = g_strdup_printf ("%" G_GUINT64_FORMAT, size);
  g_autofree char *limit_text = g_strdup_printf ("%u", (guint) HS_LESSON_MAX_SIZE);

  g_set_error (error, HS_ERROR, HS_ERROR_TOO_LARGE,
               _("Could not read the lesson “%s”: it is %s bytes long, and a lesson may have at most %s bytes"),
               path, size_text, limit_text);
}

/* Reads a lesson file whole, refusing what is not a regular file and what
 * is larger than HS_LESSON_MAX_SIZE. The type is checked on the open
 * descriptor, so nothing can be swapped in between; O_NONBLOCK keeps the
 * open of a FIFO from waiting for a writer. */
static char *
read_lesson_file (const char  *path,
                  gsize       *len_out,
                  GError     **error)
{
  g_autofree char *buf = NULL;
  struct stat st;
  gsize cap, got = 0;
  int fd, flags;

  fd = g_open (path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved = errno;

      /* A socket cannot be opened at all (ENXIO); say what it is. */
      if (g_stat (path, &st) == 0 && !S_ISREG (st.st_mode))
        set_not_regular_error (error, path, st.st_mode);
      else
        g_set_error (error, HS_ERROR, HS_ERROR_IO, _("Could not read the lesson “%s”: %s"),
                     path, g_strerror (saved));
      return NULL;
    }

  if (fstat (fd, &st) != 0)
    {
      int saved = errno;

      g_set_error (error, HS_ERROR, HS_ERROR_IO, _("Could not read the lesson “%s”: %s"),
                   path, g_strerror (saved));
      g_close (fd, NULL);
      return NULL;
    }
  if (!S_ISREG (st.st_mode))
    {
      set_not_regular_error (error, path, st.st_mode);
      g_close (fd, NULL);
      return NULL;
    }
  if (st.st_size > HS_LESSON_MAX_SIZE)
    {
      set_too_large_error (error, path, (guint64) st.st_size);
      g_close (fd, NULL);
      return NULL;
    }

  flags = fcntl (fd, F_GETFL);
  if (flags != -1)
    fcntl (fd, F_SETFL, flags & ~O_NONBLOCK);

  /* At most one byte beyond the limit, which tells a file that grew since
   * fstat() from one that is exactly as large as allowed. */
  cap = (gsize) st.st_size + 1;
  buf = g_malloc (cap + 1);
  for (;;)
    {
      gssize n;

      if (got == cap)
        {
          if (cap > HS_LESSON_MAX_SIZE)
            break;
          cap = MIN (cap * 2, (gsize) HS_LESSON_MAX_SIZE + 1);
          buf = g_realloc (buf, cap + 1);
        }
      n = read (fd, buf + got, cap - got);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          g_set_error (error, HS_ERROR, HS_ERROR_IO, _("Could not read the lesson “%s”: %s"),
                       path, g_strerror (saved));
          g_close (fd, NULL);
          return NULL;
        }
      if (n == 0)
        break;
      got += (gsize) n;
    }

  if (got > HS_LESSON_MAX_SIZE)
    {
      guint64 size = got;

      if (fstat (fd, &st) == 0 && (guint64) st.st_size > size)
        size = (guint64) st.st_size;
      set_too_large_error (error, path, size);
      g_close (fd, NULL);
      return NULL;
    }

  g_close (fd, NULL);
  buf[got] = '\0';
  *len_out = got;

  return g_steal_pointer (&buf);
}

HsScenario *
hs_scenario_new_from_file (const char  *path,
                           GError     **error)
{
  g_autofree char *data = NULL;
  g_autofree char *base = NULL;
  char *dot;
  gsize len;

  g_return_val_if_fail (path != NULL, NULL);

  data = read_lesson_file (path, &len, error);
  if (data == NULL)
    return NULL;
  base = g_path_get_basename (path);
  dot = strrchr (base, '.');
  if (dot != NULL && dot != base)
    *dot = '\0';
  return hs_scenario_new_from_data (base, path, data, len, error);
}

HsScenario *
hs_scenario_new_builtin (const char  *id,
                         GError     **error)
{
  g_autofree char *path = NULL;
  g_autofree char *origin = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize len;
  const char *data;

  g_return_val_if_fail (id != NULL, NULL);

  path = g_strconcat (HS_LESSON_RESOURCE_PATH, id, ".lesson", NULL);
  bytes = g_resource_lookup_data (lessons_resource (), path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (bytes == NULL)
    {
      g_set_error (error, HS_ERROR, HS_ERROR_NOT_FOUND,
                   _("There is no built-in lesson “%s” (handshake --list-lessons lists them)"), id);
      return NULL;
    }
  data = g_bytes_get_data (bytes, &len);
  origin = g_strconcat (id, ".lesson", NULL);
  return hs_scenario_new_from_data (id, origin, data, len, error);
}

HsScenario *
hs_scenario_load (const char  *id_or_path,
                  GError     **error)
{
  g_return_val_if_fail (id_or_path != NULL, NULL);

  /* A built-in id wins over a file of the same name in the current folder;
   * "./syn-lost" still names the file. */
  if (strchr (id_or_path, '/') == NULL && !g_str_has_suffix (id_or_path, ".lesson"))
    {
      g_autofree char *path = g_strconcat (HS_LESSON_RESOURCE_PATH, id_or_path, ".lesson", NULL);

      if (g_resource_get_info (lessons_resource (), path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL, NULL, NULL) ||
          !g_file_test (id_or_path, G_FILE_TEST_EXISTS))
        return hs_scenario_new_builtin (id_or_path, error);
    }
  return hs_scenario_new_from_file (id_or_path, error);
}

static gint
compare_order (gconstpointer a,
               gconstpointer b)
{
  HsScenario *sa = *(HsScenario **) a;
  HsScenario *sb = *(HsScenario **) b;

  if (sa->order != sb->order)
    return sa->order < sb->order ? -1 : 1;
  return g_strcmp0 (sa->id, sb->id);
}

char **
hs_scenario_list_builtin (void)
{
  g_auto(GStrv) names = g_resource_enumerate_children (lessons_resource (),
                                                       HS_LESSON_RESOURCE_PATH,
                                                       G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_autoptr(GPtrArray) lessons = g_ptr_array_new_with_free_func (g_object_unref);
  GStrvBuilder *builder = g_strv_builder_new ();
  char **result;

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      g_autofree char *id = NULL;
      HsScenario *s;

      if (!g_str_has_suffix (names[i], ".lesson"))
        continue;
      id = g_strndup (names[i], strlen (names[i]) - strlen (".lesson"));
      s = hs_scenario_new_builtin (id, NULL);
      if (s != NULL)
        g_ptr_array_add (lessons, s);
      else
        g_critical ("Built-in lesson “%s” does not load", id);
    }
  g_ptr_array_sort (lessons, compare_order);
  for (guint i = 0; i < lessons->len; i++)
    g_strv_builder_add (builder, ((HsScenario *) g_ptr_array_index (lessons, i))->id);
  result = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return result;
}

/* Finds the group and key an assignment's name refers to, ignoring case:
 * "client.isn" → [Client] ISN, "network.delay" → [Network] Delay. */
static gboolean
resolve_key (HsScenario  *self,
             const char  *name,
             const char **group_out,
             const char **key_out)
{
  const char *dot = strchr (name, '.');
  g_autofree char *group = NULL;
  const char *key;

  if (dot == NULL)
    return FALSE;
  group = g_strndup (name, dot - name);
  key = dot + 1;

  for (guint k = 0; k < G_N_ELEMENTS (key_specs); k++)
    {
      const KeySpec *spec = &key_specs[k];

      if (g_ascii_strcasecmp (spec->key, key) != 0)
        continue;
      if (spec->group != NULL && g_ascii_strcasecmp (spec->group, group) == 0)
        {
          *group_out = spec->group;
          *key_out = spec->key;
          return TRUE;
        }
      if (spec->group == NULL)
        for (guint e = 0; e < MAX (self->n_endpoints, N_ENDPOINTS); e++)
          if (g_ascii_strcasecmp (e < N_ENDPOINTS ? endpoint_groups[e] : self->groups[e], group) == 0 ||
              (self->endpoints[e].name != NULL && g_ascii_strcasecmp (self->endpoints[e].name, group) == 0))
            {
              *group_out = e < N_ENDPOINTS ? endpoint_groups[e] : self->groups[e];
              *key_out = spec->key;
              return TRUE;
            }
    }
  return FALSE;
}

gboolean
hs_scenario_set (HsScenario  *self,
                 const char  *assignment,
                 GError     **error)
{
  g_autofree char *name = NULL;
  g_autofree char *old = NULL;
  g_autofree char *lookup = NULL;
  g_autofree char *old_override = NULL;
  const char *eq;
  const char *group, *key;
  gboolean had_group;

  g_return_val_if_fail (HS_IS_SCENARIO (self), FALSE);
  g_return_val_if_fail (assignment != NULL, FALSE);

  eq = strchr (assignment, '=');
  if (eq == NULL)
    {
      g_set_error (error, HS_ERROR, HS_ERROR_PARSE,
                   _("--set %s: write KEY=VALUE, for example client.isn=1000 or network.delay=50ms"), assignment);
      return FALSE;
    }
  name = g_strstrip (g_strndup (assignment, eq - assignment));
  if (!resolve_key (self, name, &group, &key))
    {
      g_set_error (error, HS_ERROR, HS_ERROR_INVALID,
                   _("--set %s: unknown key “%s” (see docs/lessons.md for the keys a lesson can have)"),
                   assignment, name);
      return FALSE;
    }
  if (g_str_equal (key, "Title") || g_str_equal (key, "Description"))
    {
      g_set_error (error, HS_ERROR, HS_ERROR_INVALID, _("--set %s: the title and description cannot be changed"), assignment);
      return FALSE;
    }

  lookup = g_strdup_printf ("%s\n%s", group, key);
  had_group = g_key_file_has_group (self->keyfile, group);
  old = g_key_file_get_value (self->keyfile, group, key, NULL);
  old_override = g_strdup (g_hash_table_lookup (self->overrides, lookup));
  g_key_file_set_value (self->keyfile, group, key, eq + 1);
  g_hash_table_insert (self->overrides, g_strdup (lookup), g_strdup (assignment));

  if (!reparse (self, error))
    {
      /* Leave the lesson as it was. */
      if (old != NULL)
        g_key_file_set_value (self->keyfile, group, key, old);
      else if (had_group)
        g_key_file_remove_key (self->keyfile, group, key, NULL);
      else
        g_key_file_remove_group (self->keyfile, group, NULL);
      if (old_override != NULL)
        g_hash_table_insert (self->overrides, g_strdup (lookup), g_steal_pointer (&old_override));
      else
        g_hash_table_remove (self->overrides, lookup);
      if (!reparse (self, NULL))
        g_assert_not_reached ();
      return FALSE;
    }
  return TRUE;
}

gboolean
hs_scenario_add_drop (HsScenario  *self,
                      const char  *spec,
                      GError     **error)
{
  g_autofree char *old = NULL;
  g_autofree char *joined = NULL;
  g_autofree char *assignment = NULL;
  HsDropSpec parsed;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (HS_IS_SCENARIO (self), FALSE);

  if (!hs_drop_spec_parse (spec, self->endpoints[0].name, self->endpoints[1].name, &parsed, &local))
    {
      g_set_error (error, HS_ERROR, HS_ERROR_PARSE, "--drop %s: %s", spec, local->message);
      return FALSE;
    }
  old = g_key_file_get_value (self->keyfile, "Network", "Drop", NULL);
  joined = old != NULL && *g_strstrip (old) != '\0' ? g_strdup_printf ("%s;%s", old, spec) : g_strdup (spec);
  assignment = g_strdup_printf ("network.drop=%s", joined);
  return hs_scenario_set (self, assignment, error);
}

void
hs_scenario_set_seed (HsScenario *self,
                      guint64     seed)
{
  g_autofree char *assignment = g_strdup_printf ("lesson.seed=%" G_GUINT64_FORMAT, seed);

  g_return_if_fail (HS_IS_SCENARIO (self));
  if (!hs_scenario_set (self, assignment, NULL))
    g_assert_not_reached ();
}

void
hs_scenario_set_profile (HsScenario    *self,
                         HsProfileKind  profile)
{
  g_autofree char *assignment = g_strdup_printf ("lesson.profile=%s", hs_profile_kind_to_string (profile));

  g_return_if_fail (HS_IS_SCENARIO (self));
  if (!hs_scenario_set (self, assignment, NULL))
    g_assert_not_reached ();
}

char *
hs_scenario_to_data (HsScenario *self,
                     gsize      *len)
{
  g_return_val_if_fail (HS_IS_SCENARIO (self), NULL);

  return g_key_file_to_data (self->keyfile, len, NULL);
}

const char *
hs_scenario_get_id (HsScenario *self)
{
  g_return_val_if_fail (HS_IS_SCENARIO (self), NULL);
  return self->id;
}

const char *
hs_scenario_get_title (HsScenario *self)
{
  g_return_val_if_fail (HS_IS_SCENARIO (self), NULL);
  return self->title;
}

const char *
hs_scenario_get_description (HsScenario *self)
{
  g_return_val_if_fail (HS_IS_SCENARIO (self), NULL);
  return self->description;
}

const char *
hs_scenario_get_topic (HsScenario *self)
{
  g_return_val_if_fail (HS_IS_SCENARIO (self), NULL);
  return self->topic;
}

HsLessonTransport
hs_scenario_get_transport (HsScenario *self)
{
  g_return_val_if_fail (HS_IS_SCENARIO (self), HS_LESSON_TCP);
  return self->transport;
}

const char *
hs_scenario_get_plot (HsScenario *self)
{
  g_return_val_if_fail (HS_IS_SCENARIO (self), NULL);
  return self->plot;
}

HsProfileKind
hs_scenario_get_profile (HsScenario *self)
{
  g_return_val_if_fail (HS_IS_SCENARIO (self), HS_PROFILE_LINUX);
  return self->profile;
}

guint64
hs_scenario_get_seed (HsScenario *self)
{
  g_return_val_if_fail (HS_IS_SCENARIO (self), 0);
  return self->seed;
}

HsTime
hs_scenario_get_duration (HsScenario *self)
{
  g_return_val_if_fail (HS_IS_SCENARIO (self), 0);
  return self->duration;
}

const HsEndpointConfig *
hs_scenario_get_endpoint (HsScenario *self,
                          guint       index)
{
  g_return_val_if_fail (HS_IS_SCENARIO (self), NULL);
  g_return_val_if_fail (index < self->n_endpoints, NULL);
  return &self->endpoints[index];
}

guint
hs_scenario_get_n_endpoints (HsScenario *self)
{
  g_return_val_if_fail (HS_IS_SCENARIO (self), 0);
  return self->n_endpoints;
}

gboolean
hs_scenario_has_hosts (HsScenario *self)
{
  g_return_val_if_fail (HS_IS_SCENARIO (self), FALSE);
  return self->hosts;
}

const HsPathConfig *
hs_scenario_get_path (HsScenario *self,
                      guint       index)
{
  g_return_val_if_fail (HS_IS_SCENARIO (self), NULL);
  g_return_val_if_fail (index < N_ENDPOINTS, NULL);
  return &self->paths[index];
}

const char *
hs_scenario_get_time_mode (HsScenario *self)
{
  g_return_val_if_fail (HS_IS_SCENARIO (self), NULL);
  return self->time_mode;
}

guint
hs_scenario_get_show (HsScenario *self)
{
  g_return_val_if_fail (HS_IS_SCENARIO (self), 0);
  return self->show;
}

guint
hs_scenario_get_n_drops (HsScenario *self)
{
  g_return_val_if_fail (HS_IS_SCENARIO (self), 0);
  return self->drops->len;
}

guint
hs_scenario_get_n_chapters (HsScenario *self)
{
  g_return_val_if_fail (HS_IS_SCENARIO (self), 0);
  return self->chapters->len;
}

const HsChapter *
hs_scenario_get_chapter (HsScenario *self,
                         guint       index)
{
  g_return_val_if_fail (HS_IS_SCENARIO (self), NULL);
  g_return_val_if_fail (index < self->chapters->len, NULL);
  return &g_array_index (self->chapters, HsChapter, index);
}

guint
hs_scenario_get_n_old_duplicates (HsScenario *self)
{
  g_return_val_if_fail (HS_IS_SCENARIO (self), 0);
  return self->old_duplicates->len;
}

const HsOldDuplicate *
hs_scenario_get_old_duplicate (HsScenario *self,
                               guint       index)
{
  g_return_val_if_fail (HS_IS_SCENARIO (self), NULL);
  g_return_val_if_fail (index < self->old_duplicates->len, NULL);
  return &g_array_index (self->old_duplicates, HsOldDuplicate, index);
}

const HsDropSpec *
hs_scenario_get_drop (HsScenario *self,
                      guint       index)
{
  g_return_val_if_fail (HS_IS_SCENARIO (self), NULL);
  g_return_val_if_fail (index < self->drops->len, NULL);
  return &g_array_index (self->drops, HsDropSpec, index);
}

guint
hs_scenario_get_quiz_fields (HsScenario *self)
{
  g_return_val_if_fail (HS_IS_SCENARIO (self), 0);
  return self->quiz_fields;
}

gboolean
hs_scenario_get_quiz_random (HsScenario *self)
{
  g_return_val_if_fail (HS_IS_SCENARIO (self), FALSE);
  return self->quiz_random;
}

guint
hs_scenario_get_n_questions (HsScenario *self)
{
  g_return_val_if_fail (HS_IS_SCENARIO (self), 0);
  return self->questions->len;
}

const HsQuestionConfig *
hs_scenario_get_question (HsScenario *self,
                          guint       index)
{
  g_return_val_if_fail (HS_IS_SCENARIO (self), NULL);
  g_return_val_if_fail (index < self->questions->len, NULL);
  return &g_array_index (self->questions, HsQuestionConfig, index);
}
