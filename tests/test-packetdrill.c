/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-packetdrill.c: Linux's own packetdrill scripts (tests/data/packetdrill,
 * GPL-2.0) replayed against one HsEndpoint with the linux profile: the
 * script's inbound segments go in at the script's times, and what the
 * endpoint sends must be the segments the script expects from the kernel. */

#define G_LOG_DOMAIN "test-packetdrill"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "hs-endpoint.h"
#include "hs-profile.h"
#include "hs-types.h"

#define LOCAL_PORT    8080
#define REMOTE_PORT   40000
#define LOCAL_ISS     1000000u    /* packetdrill numbers our side from our ISN */
#define REMOTE_ISS    5000000u    /* and the script's side from its own */
#define TS_OPTION_LEN 12
#define DEFAULT_TOLERANCE (4 * HS_USEC_PER_MSEC)   /* packetdrill's --tolerance_usecs */

/* ------------------------------------------------------ the script language -- */

/* The subset of packetdrill's language (tests/data/packetdrill/README.md and
 * upstream's syntax.md) that the chosen scripts use. */
typedef enum
{
  LINE_INBOUND,      /* "<": a segment the script injects */
  LINE_OUTBOUND,     /* ">": a segment the kernel must send */
  LINE_CALL,         /* a system call */
  LINE_CWND,         /* %{ assert tcpi_snd_cwnd == N }%, and tcpi_snd_ssthresh, on one line or several */
} LineKind;

typedef struct
{
  guint     lineno;
  char     *text;
  LineKind  kind;

  /* when: absolute, or relative to the previous event; a range "a~b" */
  gboolean  relative;
  HsTime    t1;
  HsTime    t2;
  gboolean  blocking;    /* "t...end": a call that blocks until later */

  /* segments */
  guint8    flags;
  guint32   seq;         /* relative to the sender's ISN */
  guint32   len;
  gboolean  has_ack;
  guint32   ack;
  gboolean  has_win;
  guint32   win;
  gboolean  has_options; /* "<...>" with a real list, not an ellipsis */
  HsTcpOptions options;  /* for SACK blocks: relative numbers */

  /* calls */
  char     *call;        /* "write" */
  char     *args;        /* what is between the parentheses */
  gint64    ret;

  /* cwnd checks */
  gboolean  has_cwnd;
  guint     cwnd;        /* in segments, as tcpi_snd_cwnd */
  gboolean  has_ssthresh;
  guint     ssthresh;    /* in segments, as tcpi_snd_ssthresh */
} Line;

static void
line_clear (gpointer data)
{
  Line *line = data;

  g_free (line->text);
  g_free (line->call);
  g_free (line->args);
}

/* "+.105", "0", "1.2", "+1.240" in µs; *@relative tells a leading "+". */
static gboolean
parse_time (const char *text,
            gboolean   *relative,
            HsTime     *out)
{
  char *end = NULL;
  double seconds;

  *relative = text[0] == '+';
  if (*relative)
    text++;
  seconds = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || seconds < 0)
    return FALSE;
  *out = (HsTime) (seconds * HS_USEC_PER_SEC + 0.5);
  return TRUE;
}

static guint8
parse_flags (const char *text,
             GError    **error)
{
  guint8 flags = 0;

  for (const char *c = text; *c != '\0'; c++)
    switch (*c)
      {
      case 'S': flags |= HS_TCP_SYN; break;
      case 'F': flags |= HS_TCP_FIN; break;
      case 'R': flags |= HS_TCP_RST; break;
      case 'P': flags |= HS_TCP_PSH; break;
      case '.': flags |= HS_TCP_ACK; break;
      case 'E': flags |= HS_TCP_ECE; break;
      case 'W': flags |= HS_TCP_CWR; break;
      default:
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "unknown flag “%c”", *c);
        return 0;
      }
  return flags;
}

/* "<mss 1000,sackOK,nop,nop,nop,wscale 7>", "<sack 1461:2921,nop,nop>",
 * "<...>"; @text without the angle brackets. */
static gboolean
parse_options (const char    *text,
               Line          *line,
               GError       **error)
{
  g_auto(GStrv) items = NULL;

  if (g_str_equal (text, "..."))
    return TRUE;
  line->has_options = TRUE;
  items = g_strsplit (text, ",", -1);
  for (guint i = 0; items[i] != NULL; i++)
    {
      g_auto(GStrv) words = g_strsplit (g_strstrip (items[i]), " ", -1);
      HsTcpOptions *o = &line->options;

      if (g_str_equal (words[0], "nop") || g_str_equal (words[0], "eol"))
        continue;
      if (g_str_equal (words[0], "mss") && words[1] != NULL)
        {
          o->present |= HS_TCP_OPT_MSS;
          o->mss = atoi (words[1]);
        }
      else if (g_str_equal (words[0], "wscale") && words[1] != NULL)
        {
          o->present |= HS_TCP_OPT_WSCALE;
          o->wscale = atoi (words[1]);
        }
      else if (g_str_equal (words[0], "sackOK"))
        o->present |= HS_TCP_OPT_SACK_PERM;
      else if (g_str_equal (words[0], "TS") && g_strv_length (words) == 5)
        {
          o->present |= HS_TCP_OPT_TIMESTAMP;
          o->ts_val = strtoul (words[2], NULL, 10);
          o->ts_ecr = strtoul (words[4], NULL, 10);
        }
      else if (g_str_equal (words[0], "sack"))
        {
          o->present |= HS_TCP_OPT_SACK;
          for (guint k = 1; words[k] != NULL && o->n_sack < HS_TCP_MAX_SACK_BLOCKS; k++)
            {
              guint left, right;

              if (sscanf (words[k], "%u:%u", &left, &right) != 2)
                {
                  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "bad SACK block “%s”", words[k]);
                  return FALSE;
                }
              o->sack[o->n_sack].left = left;
              o->sack[o->n_sack].right = right;
              o->n_sack++;
            }
        }
      else
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "option “%s” is not in the subset", items[i]);
          return FALSE;
        }
    }
  return TRUE;
}

/* "< S 0:0(0) win 32792 <mss 1000,sackOK>" after the time. */
static gboolean
parse_packet (char    *rest,
              Line    *line,
              GError **error)
{
  char *options = strchr (rest, '<');
  g_auto(GStrv) words = NULL;
  guint n, i = 0;
  guint start, end, len;

  if (options != NULL)
    {
      char *close = strrchr (options, '>');

      if (close == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "unterminated options");
          return FALSE;
        }
      *options = '\0';
      *close = '\0';
      if (!parse_options (options + 1, line, error))
        return FALSE;
    }
  words = g_strsplit_set (g_strstrip (rest), " \t", -1);
  n = g_strv_length (words);
  /* skip the empty words runs of spaces leave */
  for (guint k = 0, w = 0; k < n; k++)
    if (words[k][0] != '\0')
      {
        char *tmp = words[w];
        words[w++] = words[k];
        words[k] = tmp;
      }
  while (n > 0 && words[n - 1][0] == '\0')
    n--;

  if (n < 2)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "a segment needs flags and a sequence range");
      return FALSE;
    }
  line->flags = parse_flags (words[i++], error);
  if (line->flags == 0)
    return FALSE;
  if (sscanf (words[i++], "%u:%u(%u)", &start, &end, &len) != 3 || end - start != len)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "bad sequence range “%s”", words[i - 1]);
      return FALSE;
    }
  line->seq = start;
  line->len = len;
  while (i + 1 < n)
    {
      if (g_str_equal (words[i], "ack"))
        {
          line->has_ack = TRUE;
          line->ack = strtoul (words[i + 1], NULL, 10);
        }
      else if (g_str_equal (words[i], "win"))
        {
          line->has_win = TRUE;
          line->win = strtoul (words[i + 1], NULL, 10);
        }
      else
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "“%s” is not in the subset", words[i]);
          return FALSE;
        }
      i += 2;
    }
  if (i != n)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "trailing “%s”", words[i]);
      return FALSE;
    }
  return TRUE;
}

/* "write(4, ..., 30000) = 30000", "connect(4, ..., ...) = -1 EINPROGRESS (...)" */
static gboolean
parse_call (const char *rest,
            Line       *line,
            GError    **error)
{
  const char *open = strchr (rest, '(');
  const char *close;
  const char *equals;
  int depth = 0;

  if (open == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "not a call");
      return FALSE;
    }
  for (close = open; *close != '\0'; close++)
    {
      depth += *close == '(' || *close == '[' || *close == '{';
      depth -= *close == ')' || *close == ']' || *close == '}';
      if (depth == 0)
        break;
    }
  equals = *close != '\0' ? strchr (close, '=') : NULL;
  if (equals == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "a call needs “= result”");
      return FALSE;
    }
  line->call = g_strstrip (g_strndup (rest, open - rest));
  line->args = g_strndup (open + 1, close - open - 1);
  line->ret = g_ascii_strtoll (equals + 1, NULL, 10);
  return TRUE;
}

/* Reads a script into Lines, up to @last_line (0: all of it). */
static GArray *
parse_script (const char  *contents,
              guint        last_line,
              HsTime      *tolerance,
              GError     **error)
{
  g_autoptr(GArray) lines = g_array_new (FALSE, TRUE, sizeof (Line));
  g_auto(GStrv) raw = g_strsplit (contents, "\n", -1);
  gboolean in_command = FALSE;

  g_array_set_clear_func (lines, line_clear);
  *tolerance = DEFAULT_TOLERANCE;

  for (guint i = 0; raw[i] != NULL && (last_line == 0 || i < last_line); i++)
    {
      g_autofree char *text = g_strdup (raw[i]);
      guint first_line = i;
      char *comment = strstr (text, "//");
      char *time_word, *rest, *ellipsis, *tilde;
      Line line = { 0 };
      g_autoptr(GError) local = NULL;

      /* shell commands between backquotes, possibly over several lines */
      if (in_command)
        {
          in_command = strchr (text, '`') == NULL;
          continue;
        }
      if (comment != NULL)
        *comment = '\0';
      g_strstrip (text);
      if (text[0] == '\0')
        continue;
      /* a call may go on over several lines (sendmsg's msghdr): join them
       * until its parentheses close */
      for (;;)
        {
          gint depth = 0;

          for (const char *c = text; *c != '\0'; c++)
            depth += (*c == '(') - (*c == ')');
          if (depth <= 0 || text[0] == '`' || raw[i + 1] == NULL)
            break;
          {
            g_autofree char *next = g_strdup (raw[++i]);
            char *next_comment = strstr (next, "//");
            char *joined;

            if (next_comment != NULL)
              *next_comment = '\0';
            joined = g_strconcat (text, " ", g_strstrip (next), NULL);
            g_free (text);
            text = joined;
          }
        }
      if (text[0] == '`')
        {
          in_command = strchr (text + 1, '`') == NULL;
          continue;
        }
      if (g_str_has_prefix (text, "--tolerance_usecs="))
        {
          *tolerance = g_ascii_strtoll (text + strlen ("--tolerance_usecs="), NULL, 10);
          continue;
        }
      /* packetdrill's other command-line options (--mss=1000): the
       * segments of the script say all the engine needs */
      if (g_str_has_prefix (text, "--"))
        continue;

      line.lineno = first_line + 1;
      line.text = g_strdup (text);
      rest = text;
      time_word = strsep (&rest, " \t");
      if (rest == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "line %u: no action", i + 1);
          line_clear (&line);
          return NULL;
        }
      while (*rest == ' ' || *rest == '\t')
        rest++;

      /* "t...end" for a blocking call, "a~b" for a window of time */
      ellipsis = strstr (time_word, "...");
      if (ellipsis != NULL)
        {
          *ellipsis = '\0';
          line.blocking = TRUE;
        }
      tilde = strchr (time_word, '~');
      if (tilde != NULL)
        *tilde = '\0';
      if (!parse_time (time_word, &line.relative, &line.t1) ||
          (tilde != NULL && !parse_time (tilde + 1, &(gboolean) { FALSE }, &line.t2)))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "line %u: bad time “%s”", i + 1, time_word);
          line_clear (&line);
          return NULL;
        }
      if (tilde == NULL)
        line.t2 = line.t1;

      if (rest[0] == '<' || rest[0] == '>')
        {
          line.kind = rest[0] == '<' ? LINE_INBOUND : LINE_OUTBOUND;
          parse_packet (rest + 1, &line, &local);
        }
      else if (g_str_has_prefix (rest, "%{"))
        {
          g_autoptr(GString) block = g_string_new (rest);
          const char *assert_cwnd, *assert_ssthresh;

          /* a block may go on over the next lines, up to "}%" */
          while (strstr (block->str, "}%") == NULL && raw[i + 1] != NULL)
            g_string_append_printf (block, " %s", raw[++i]);
          assert_cwnd = strstr (block->str, "tcpi_snd_cwnd ==");
          assert_ssthresh = strstr (block->str, "tcpi_snd_ssthresh ==");
          line.kind = LINE_CWND;
          if (assert_cwnd == NULL && assert_ssthresh == NULL)
            g_set_error (&local, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                         "only cwnd and ssthresh assertions are in the subset");
          if (assert_cwnd != NULL)
            {
              line.has_cwnd = TRUE;
              line.cwnd = atoi (assert_cwnd + strlen ("tcpi_snd_cwnd =="));
            }
          if (assert_ssthresh != NULL)
            {
              line.has_ssthresh = TRUE;
              line.ssthresh = atoi (assert_ssthresh + strlen ("tcpi_snd_ssthresh =="));
            }
        }
      else
        {
          line.kind = LINE_CALL;
          parse_call (rest, &line, &local);
        }
      if (local != NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "line %u: %s", i + 1, local->message);
          line_clear (&line);
          return NULL;
        }
      g_array_append_val (lines, line);
    }
  return g_steal_pointer (&lines);
}

/* ------------------------------------------------------------ the fake host -- */

typedef struct
{
  HsTcpHeader header;
  guint32     len;
  guint32     window;
  HsTime      time;
} Sent;

typedef struct
{
  HsEndpointConfig  config;
  GRand            *rand;
  HsEndpoint       *endpoint;
  HsTime            now;
  HsTime            timers[HS_N_TIMERS];
  GArray           *sent;            /* Sent */
  guint             matched;         /* sent segments the script has accounted for */
  guint32           peer_mss;        /* from the script's SYN or SYN+ACK */
  gboolean          peer_ts;
  guint64           read_expected;   /* what the script's reads returned */
} Kernel;

static HsTime
kernel_now_cb (gpointer data)
{
  return ((Kernel *) data)->now;
}

static guint
kernel_transmit_cb (gpointer           data,
                    HsEndpoint        *endpoint,
                    const HsTcpHeader *header,
                    guint32            len,
                    guint32            window,
                    guint8             marks,
                    HsReason           reason)
{
  Kernel *k = data;
  Sent s = { *header, len, window, k->now };

  g_array_append_val (k->sent, s);
  return k->sent->len - 1;
}

static void
kernel_set_timer_cb (gpointer     data,
                     HsEndpoint  *endpoint,
                     HsTimerKind  kind,
                     HsTime       when)
{
  Kernel *k = data;

  if (when != HS_TIME_NONE)
    g_assert_cmpint (when, >=, k->now);
  k->timers[kind] = when;
}

static void
kernel_state_changed_cb (gpointer    data,
                         HsEndpoint *endpoint,
                         HsState     from,
                         HsState     to)
{
}

static void
kernel_notify_cb (gpointer    data,
                  HsEndpoint *endpoint,
                  HsNotify    what,
                  guint64     value)
{
}

static const HsEndpointHost kernel_host = {
  kernel_now_cb,
  kernel_transmit_cb,
  kernel_set_timer_cb,
  kernel_state_changed_cb,
  kernel_notify_cb,
};

static void
kernel_free (Kernel *k)
{
  g_clear_pointer (&k->endpoint, hs_endpoint_free);
  g_clear_pointer (&k->rand, g_rand_free);
  g_clear_pointer (&k->sent, g_array_unref);
  g_free (k->config.name);
  g_free (k->config.address);
  g_free (k);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Kernel, kernel_free)

/* A Linux endpoint as tcp/common/defaults.sh leaves it: SACK and timestamps
 * on (unless the script turns timestamps off), a window scale of 8 (what
 * every script's SYN and SYN+ACK show for the large tcp_rmem there), Nagle
 * and delayed ACKs on, an MSS of 1460; the application reads what arrives. */
static Kernel *
kernel_new (gboolean timestamps)
{
  Kernel *k = g_new0 (Kernel, 1);

  k->rand = g_rand_new_with_seed (1);
  k->config.name = g_strdup ("server");
  k->config.address = g_strdup ("192.168.0.1");
  k->config.port = LOCAL_PORT;
  k->config.isn_random = FALSE;
  k->config.isn = LOCAL_ISS;
  k->config.mss = 1460;
  k->config.receive_buffer = 65536;
  k->config.send_buffer = 1 << 20;
  k->config.window_scale = 8;
  k->config.sack = TRUE;
  k->config.timestamps = timestamps;
  k->config.nagle = TRUE;
  k->config.delayed_ack = TRUE;
  k->config.auto_read = TRUE;
  k->config.initial_ssthresh = 0;
  k->sent = g_array_new (FALSE, TRUE, sizeof (Sent));
  k->peer_mss = 536;
  for (guint i = 0; i < HS_N_TIMERS; i++)
    k->timers[i] = HS_TIME_NONE;
  k->endpoint = hs_endpoint_new (0, &k->config, hs_profile_get (HS_PROFILE_LINUX),
                                 &kernel_host, k, k->rand);
  hs_endpoint_set_peer (k->endpoint, "192.0.2.1", REMOTE_PORT);
  return k;
}

/* Fires the timers due up to @until, in order, each at its deadline; stops
 * early, after a timer, once the endpoint has sent something unmatched
 * when @stop_on_send. */
static void
kernel_advance_to (Kernel   *k,
                   HsTime    until,
                   gboolean  stop_on_send)
{
  for (;;)
    {
      guint next = HS_N_TIMERS;

      if (stop_on_send && k->sent->len > k->matched)
        return;
      for (guint t = 0; t < HS_N_TIMERS; t++)
        if (k->timers[t] != HS_TIME_NONE && k->timers[t] <= until &&
            (next == HS_N_TIMERS || k->timers[t] < k->timers[next]))
          next = t;
      if (next == HS_N_TIMERS)
        break;
      k->now = MAX (k->now, k->timers[next]);
      k->timers[next] = HS_TIME_NONE;
      hs_endpoint_timer_fired (k->endpoint, next);
    }
  if (!(stop_on_send && k->sent->len > k->matched))
    k->now = MAX (k->now, until);
}

/* The data segment size the kernel uses, as the handshake settled it. */
static guint32
kernel_smss (Kernel *k)
{
  guint32 mss = MIN (k->peer_mss, k->config.mss);

  if (k->peer_ts && k->config.timestamps)
    mss -= TS_OPTION_LEN;
  return mss;
}

/* ------------------------------------------------------------- the runner -- */

static char *
describe_sent (const Sent *s)
{
  g_autofree char *flags = hs_tcp_flags_to_string (s->header.flags, "+");

  return g_strdup_printf ("%s %u:%u(%u) ack %u at %.6f s", flags,
                          s->header.seq - LOCAL_ISS, s->header.seq - LOCAL_ISS + s->len, s->len,
                          (s->header.flags & HS_TCP_ACK) ? s->header.ack - REMOTE_ISS : 0,
                          s->time / (double) HS_USEC_PER_SEC);
}

static void
inject (Kernel     *k,
        const Line *line)
{
  HsTcpHeader h = { 0 };

  h.src_port = REMOTE_PORT;
  h.dst_port = LOCAL_PORT;
  h.seq = REMOTE_ISS + line->seq;
  h.ack = (line->flags & HS_TCP_ACK) ? LOCAL_ISS + line->ack : 0;
  h.flags = line->flags;
  h.window = line->has_win ? line->win : 0;
  h.options = line->options;
  for (guint b = 0; b < h.options.n_sack; b++)
    {
      h.options.sack[b].left += LOCAL_ISS;
      h.options.sack[b].right += LOCAL_ISS;
    }
  if (line->flags & HS_TCP_SYN)
    {
      k->peer_mss = (line->options.present & HS_TCP_OPT_MSS) ? line->options.mss : 536;
      k->peer_ts = (line->options.present & HS_TCP_OPT_TIMESTAMP) != 0;
    }
  hs_endpoint_segment_arrives (k->endpoint, &h, line->len);
}

static gboolean
call (Kernel      *k,
      const Line  *line,
      GString     *problems)
{
  g_auto(GStrv) args = g_strsplit (line->args, ",", -1);
  guint n_args = g_strv_length (args);

  for (guint i = 0; i < n_args; i++)
    g_strstrip (args[i]);

  if (g_str_equal (line->call, "socket") || g_str_equal (line->call, "bind") ||
      g_str_equal (line->call, "fcntl") || g_str_equal (line->call, "getsockopt"))
    return TRUE;
  if (g_str_equal (line->call, "setsockopt"))
    {
      if (n_args >= 4 && g_str_equal (args[2], "TCP_NODELAY"))
        {
          /* The endpoint reads its configuration when it sends; turning
           * TCP_NODELAY on also pushes what waits (TCP_NAGLE_PUSH). */
          k->config.nagle = !g_str_equal (args[3], "[1]");
          if (!k->config.nagle)
            hs_endpoint_push (k->endpoint);
        }
      else if (n_args >= 4 && g_str_equal (args[2], "TCP_USER_TIMEOUT"))
        k->config.user_timeout = (HsTime) strtoul (args[3] + 1, NULL, 10) * HS_USEC_PER_MSEC;
      else if (n_args >= 4 && g_str_equal (args[2], "TCP_CORK"))
        hs_endpoint_set_cork (k->endpoint, g_str_equal (args[3], "[1]"));
      else if (n_args >= 4 && g_str_equal (args[2], "SO_SNDBUF"))
        k->config.send_buffer = 2 * strtoul (args[3] + 1, NULL, 10);   /* the kernel doubles it */
      else if (n_args >= 3 && g_str_equal (args[2], "TCP_USER_TIMEOUT"))
        /* The engine has no user timeout; the case that sets one stops
         * (last_line) before it would act. */
        return TRUE;
      else if (!(n_args >= 3 && g_str_equal (args[2], "SO_REUSEADDR")))
        {
          g_string_append_printf (problems, "line %u: setsockopt %s is not in the subset\n",
                                  line->lineno, n_args >= 3 ? args[2] : "?");
          return FALSE;
        }
      return TRUE;
    }
  if (g_str_equal (line->call, "listen"))
    return hs_endpoint_listen (k->endpoint) == HS_ENDPOINT_OK;
  if (g_str_equal (line->call, "connect"))
    return hs_endpoint_connect (k->endpoint) == HS_ENDPOINT_OK;
  if (g_str_equal (line->call, "accept"))
    {
      /* a blocking accept returns later; the connection must exist by then */
      if (!line->blocking && hs_endpoint_get_state (k->endpoint) != HS_STATE_ESTABLISHED)
        {
          g_string_append_printf (problems, "line %u: accept() but the connection is %s\n", line->lineno,
                                  hs_state_to_string (hs_endpoint_get_state (k->endpoint)));
          return FALSE;
        }
      return TRUE;
    }
  if (g_str_equal (line->call, "write") && n_args == 3 && line->ret < 0)
    /* EPIPE: the write side is shut */
    return hs_endpoint_send (k->endpoint, strtoull (args[2], NULL, 10)) != HS_ENDPOINT_OK;
  if (g_str_equal (line->call, "write") && n_args == 3)
    return hs_endpoint_send (k->endpoint, strtoull (args[2], NULL, 10)) == HS_ENDPOINT_OK &&
           line->ret == (gint64) strtoull (args[2], NULL, 10);
  if ((g_str_equal (line->call, "send") && n_args == 4) || g_str_equal (line->call, "sendmsg"))
    {
      /* send(fd, ..., N, flags) or sendmsg(fd, {...}, flags): the script's
       * result says how many bytes; MSG_MORE is the only flag in the subset */
      const char *flags = args[n_args - 1];
      guint64 bytes = MAX (line->ret, 0);

      if (g_str_equal (flags, "MSG_MORE"))
        return hs_endpoint_send_more (k->endpoint, bytes) == HS_ENDPOINT_OK;
      if (g_str_equal (flags, "0"))
        return hs_endpoint_send (k->endpoint, bytes) == HS_ENDPOINT_OK;
      g_string_append_printf (problems, "line %u: send flags %s are not in the subset\n", line->lineno, flags);
      return FALSE;
    }
  if (g_str_equal (line->call, "read"))
    {
      /* The application reads as data arrives; a read that returns at
       * once must find that much there. */
      k->read_expected += MAX (line->ret, 0);
      if (!line->blocking && hs_endpoint_get_bytes_read (k->endpoint) < k->read_expected)
        {
          g_string_append_printf (problems, "line %u: read() returns %" G_GINT64_FORMAT " bytes, but only %"
                                  G_GUINT64_FORMAT " of the %" G_GUINT64_FORMAT " read so far arrived\n",
                                  line->lineno, line->ret, hs_endpoint_get_bytes_read (k->endpoint),
                                  k->read_expected);
          return FALSE;
        }
      return TRUE;
    }
  if (g_str_equal (line->call, "close"))
    return hs_endpoint_close (k->endpoint) == HS_ENDPOINT_OK;
  if (g_str_equal (line->call, "shutdown") && n_args == 2 &&
      (g_str_equal (args[1], "SHUT_WR") || g_str_equal (args[1], "SHUT_RDWR")))
    return hs_endpoint_shutdown (k->endpoint) == HS_ENDPOINT_OK;
  if (g_str_equal (line->call, "shutdown") && n_args == 2 && g_str_equal (args[1], "SHUT_RD"))
    /* Linux sends nothing and keeps acknowledging (and queueing) data */
    return hs_endpoint_shutdown_read (k->endpoint) == HS_ENDPOINT_OK;

  g_string_append_printf (problems, "line %u: %s() is not in the subset\n", line->lineno, line->call);
  return FALSE;
}

/* Matches the next segments the kernel sent against @line. A range longer
 * than one segment is what Linux hands to the NIC as one TSO/GSO packet:
 * the engine must send it as consecutive segments, at once, that together
 * cover it. PSH is not compared: Linux sets it per socket buffer and on
 * forced pushes, which the engine does not model. */
static gboolean
expect (Kernel     *k,
        const Line *line,
        HsTime      lo,
        HsTime      hi,
        HsTime      tolerance,
        HsTime     *when,
        GString    *problems)
{
  guint32 cursor = LOCAL_ISS + line->seq;
  guint32 end = LOCAL_ISS + line->seq + line->len;
  guint8 want = line->flags & ~HS_TCP_PSH;
  gboolean first = TRUE;

  do
    {
      const Sent *s;
      g_autofree char *got = NULL;
      guint8 flags, want_here;
      gboolean last;

      /* what the kernel sends on its own, by its timers, within the window */
      kernel_advance_to (k, hi + tolerance, TRUE);
      if (k->matched >= k->sent->len && first)
        {
          g_string_append_printf (problems, "line %u: expected “%s”, nothing was sent by %.6f s\n",
                                  line->lineno, line->text, (hi + tolerance) / (double) HS_USEC_PER_SEC);
          return FALSE;
        }
      if (k->matched >= k->sent->len)
        {
          g_string_append_printf (problems, "line %u: expected “%s”, the engine sent only %u of its %u bytes\n",
                                  line->lineno, line->text, cursor - (LOCAL_ISS + line->seq), line->len);
          return FALSE;
        }
      s = &g_array_index (k->sent, Sent, k->matched);
      got = describe_sent (s);
      flags = s->header.flags & ~HS_TCP_PSH;
      last = hs_seq_geq (s->header.seq + s->len, end);
      want_here = last ? want : (want & ~HS_TCP_FIN);

      if (flags != want_here || s->header.seq != cursor || hs_seq_gt (s->header.seq + s->len, end) ||
          (line->len > 0 && s->len == 0) ||
          (line->has_ack && (s->header.flags & HS_TCP_ACK) && s->header.ack != REMOTE_ISS + line->ack) ||
          (line->has_win && s->window != line->win))
        {
          g_string_append_printf (problems, "line %u: expected “%s”, the engine sent %s\n",
                                  line->lineno, line->text, got);
          return FALSE;
        }
      if (first && (s->time < lo - tolerance || s->time > hi + tolerance))
        {
          g_string_append_printf (problems, "line %u: expected “%s” between %.6f and %.6f s, the engine sent %s\n",
                                  line->lineno, line->text, lo / (double) HS_USEC_PER_SEC,
                                  hi / (double) HS_USEC_PER_SEC, got);
          return FALSE;
        }
      if (!first && s->time != *when)
        {
          g_string_append_printf (problems, "line %u: “%s” is one TSO packet, the engine sent a part of it later: %s\n",
                                  line->lineno, line->text, got);
          return FALSE;
        }
      if (line->has_options && !(line->flags & HS_TCP_SYN) && (line->options.present & HS_TCP_OPT_SACK))
        {
          const HsTcpOptions *o = &s->header.options;
          gboolean same = (o->present & HS_TCP_OPT_SACK) && o->n_sack == line->options.n_sack;

          /* the SACK blocks, in order: the first one says what arrived
           * last, or a duplicate (D-SACK, RFC 2883) */
          for (guint b = 0; same && b < o->n_sack; b++)
            same = o->sack[b].left - REMOTE_ISS == line->options.sack[b].left &&
                   o->sack[b].right - REMOTE_ISS == line->options.sack[b].right;
          if (!same)
            {
              g_autofree char *have = hs_tcp_options_to_string (o);

              g_string_append_printf (problems, "line %u: expected “%s”, the engine's options are %s\n",
                                      line->lineno, line->text, have);
              return FALSE;
            }
        }
      if (line->has_options && (line->flags & HS_TCP_SYN))
        {
          const HsTcpOptions *o = &s->header.options;
          const HsTcpOptions *w = &line->options;
          guint8 mask = HS_TCP_OPT_MSS | HS_TCP_OPT_WSCALE | HS_TCP_OPT_SACK_PERM | HS_TCP_OPT_TIMESTAMP;

          if ((o->present & mask) != (w->present & mask) ||
              ((w->present & HS_TCP_OPT_MSS) && o->mss != w->mss) ||
              ((w->present & HS_TCP_OPT_WSCALE) && o->wscale != w->wscale))
            {
              g_autofree char *have = hs_tcp_options_to_string (o);

              g_string_append_printf (problems, "line %u: expected “%s”, the engine's options are %s\n",
                                      line->lineno, line->text, have);
              return FALSE;
            }
        }
      *when = s->time;
      cursor = s->header.seq + s->len;
      k->matched++;
      first = FALSE;
    }
  while (hs_seq_lt (cursor, end));
  return TRUE;
}

/* Runs @lines against a fresh kernel; returns what went wrong, or NULL. */
static char *
run_script (GArray   *lines,
            gboolean  timestamps,
            HsTime    tolerance)
{
  g_autoptr(Kernel) k = kernel_new (timestamps);
  g_autoptr(GString) problems = g_string_new (NULL);
  HsTime last = 0;   /* the time of the previous event, as packetdrill counts */

  for (guint i = 0; i < lines->len && problems->len == 0; i++)
    {
      const Line *line = &g_array_index (lines, Line, i);
      HsTime lo = line->relative ? last + line->t1 : line->t1;
      HsTime hi = line->relative ? last + line->t2 : line->t2;

      switch (line->kind)
        {
        case LINE_INBOUND:
          kernel_advance_to (k, lo, FALSE);
          inject (k, line);
          last = lo;
          break;

        case LINE_CALL:
          kernel_advance_to (k, lo, FALSE);
          if (!call (k, line, problems) && problems->len == 0)
            g_string_append_printf (problems, "line %u: “%s” failed\n", line->lineno, line->text);
          last = lo;
          break;

        case LINE_OUTBOUND:
          {
            HsTime when = lo;

            /* packetdrill counts what follows from when the packet was
             * really sent */
            if (expect (k, line, lo, hi, tolerance, &when, problems))
              last = when;
          }
          break;

        case LINE_CWND:
          {
            HsTcbSnapshot tcb;

            kernel_advance_to (k, lo, FALSE);
            hs_endpoint_snapshot (k->endpoint, &tcb);
            if (line->has_ssthresh && tcb.ssthresh / kernel_smss (k) != line->ssthresh)
              g_string_append_printf (problems, "line %u: Linux has tcpi_snd_ssthresh == %u, the engine's ssthresh "
                                      "is %u bytes, %u segments of %u\n", line->lineno, line->ssthresh, tcb.ssthresh,
                                      tcb.ssthresh / kernel_smss (k), kernel_smss (k));
            if (line->has_cwnd && tcb.cwnd / kernel_smss (k) != line->cwnd)
              g_string_append_printf (problems, "line %u: Linux has tcpi_snd_cwnd == %u, the engine's cwnd is %u "
                                      "bytes, %u segments of %u\n", line->lineno, line->cwnd, tcb.cwnd,
                                      tcb.cwnd / kernel_smss (k), kernel_smss (k));
            last = lo;
          }
          break;

        default:
          g_assert_not_reached ();
        }
    }

  /* As packetdrill, segments sent after the last one the script expects
   * are not examined; one sent before it is, as a mismatch. */
  if (problems->len == 0)
    {
      if (hs_endpoint_get_bytes_read (k->endpoint) < k->read_expected)
        g_string_append_printf (problems, "the script read %" G_GUINT64_FORMAT " bytes, only %" G_GUINT64_FORMAT " arrived\n",
                                k->read_expected, hs_endpoint_get_bytes_read (k->endpoint));
    }

  return problems->len > 0 ? g_strdup (problems->str) : NULL;
}

/* ------------------------------------------------------------- the cases -- */

typedef struct
{
  const char *script;       /* under tests/data/packetdrill/tcp/ */
  gboolean    timestamps;   /* what the script's sysctls leave on */
  guint       last_line;    /* 0: all of it; else stop after this line */
  const char *summary;
} PacketdrillCase;

static const PacketdrillCase cases[] = {
  { "fast_retransmit/fr-4pkt.pkt", TRUE, 0,
    "Four segments outstanding, three duplicate ACKs without SACK: fast retransmit of the first, "
    "then the close, as Linux does it" },
  { "fast_retransmit/fr-4pkt-sack.pkt", TRUE, 0,
    "Four segments outstanding, three duplicate ACKs with SACK blocks: the first segment is "
    "retransmitted at the third, as Linux does it" },
  { "slow_start/slow-start-ack-per-1pkt.pkt", TRUE, 0,
    "Slow start from IW10 with an ACK per segment: two segments out per ACK, cwnd 20 after a "
    "round trip, as Linux does it" },
  { "slow_start/slow-start-ack-per-2pkt.pkt", TRUE, 0,
    "Slow start from IW10 with an ACK per two segments: four segments out per ACK, cwnd 20 "
    "after a round trip, as Linux does it" },
  { "slow_start/slow-start-ack-per-4pkt.pkt", TRUE, 0,
    "Slow start from IW10 with an ACK per four segments: eight segments out per ACK, cwnd 20 "
    "after a round trip, as Linux does it" },
  { "slow_start/slow-start-after-win-update.pkt", TRUE, 0,
    "A zero window after slow start: probes at one RTO (300 ms), then 600 ms and 1.2 s later, "
    "with cwnd kept; when the window opens after 3 s of silence cwnd restarts from 10 and "
    "half of it goes in the first burst, as Linux does it" },
  { "slow_start/slow-start-after-idle.pkt", TRUE, 0,
    "Slow start after idle: cwnd 36 after two round trips, then 2 s without sending cut it "
    "back to the initial 10, as Linux does it (tcp_slow_start_after_idle)" },
  { "slow_start/slow-start-ack-per-2pkt-send-5pkt.pkt", TRUE, 0,
    "An application that sends 5 segments with cwnd 10 uses no more than half of it: cwnd "
    "does not grow, as Linux does it (tcp_is_cwnd_limited)" },
  { "slow_start/slow-start-ack-per-2pkt-send-6pkt.pkt", TRUE, 0,
    "An application that sends 6 segments with cwnd 10: in slow start cwnd grows to twice what "
    "was in flight, 12, and no further, as Linux does it" },
  { "slow_start/slow-start-app-limited.pkt", TRUE, 0,
    "An application that sends exactly IW10: cwnd grows to 20 as the ACKs come, as Linux does it" },
  { "slow_start/slow-start-app-limited-9-packets-out.pkt", TRUE, 0,
    "An application that sends 9 segments with cwnd 10: cwnd grows to 18, twice what was in "
    "flight, and stops there, as Linux does it" },
  { "limited_transmit/limited-transmit-no-sack.pkt", TRUE, 0,
    "Limited transmit without SACK: each of the first two duplicate ACKs lets one new segment "
    "out; then the ACK that shows reordering grows cwnd by one segment only, as Linux does it" },
  { "limited_transmit/limited-transmit-sack.pkt", TRUE, 0,
    "Limited transmit with SACK: each of the first two duplicate ACKs, each with a new SACKed "
    "segment, lets one new segment out, as Linux does it" },
  { "nagle/https_client.pkt", FALSE, 0,
    "A client with TCP_NODELAY: each write goes at once, a 2002-byte write as two full segments "
    "and a small one without waiting for an ACK; the server's data is acknowledged at once "
    "(quick ACK), as Linux does it" },
  { "user_timeout/user_timeout.pkt", TRUE, 28,
    "A FIN lost with an RTT of 100 ms: the tail loss probe resends it after 300 ms (2·SRTT + 200 ms, "
    "capped at the RTO), the RTO 300 ms after the probe, then 600 ms later (RFC 8985), as Linux does "
    "it; the script stops before its user timeout acts" },
  { "cubic/cubic-rto-ss-ca-cwnd-bump.pkt", TRUE, 0,
    "CUBIC after an RTO: a tail loss probe at 300 ms, the RTO 300 ms later, ssthresh 7 (0.7 × 10) "
    "and cwnd 1, slow start 2, 3, … 7, then congestion avoidance reaching 8 only after 16 ACKs "
    "(the Reno-friendly region), as Linux does it" },
  { "fast_recovery/prr-ss-10pkt-lost-1.pkt", TRUE, 0,
    "One of ten segments lost, SACK: fast recovery with cwnd = ssthresh = 7 (CUBIC's 0.7 × 10), one "
    "new segment for each segment SACKed (PRR's slow-start bound, RFC 6937), the next on the full "
    "ACK, cwnd 7 after recovery, as Linux does it" },
  { "fast_recovery/prr-ss-30pkt-lost1_4.pkt", TRUE, 0,
    "The first four of ten segments lost: one retransmission per SACK, and after the recovery "
    "ssthresh = 7 segments (CUBIC's 0.7 × 10) go out at once, as Linux does it" },
  { "dsack/tcp_dsack_mult.pkt", TRUE, 0,
    "SACK blocks as a receiver: the newest first, coalesced, up to three; then D-SACK (RFC 2883): "
    "data that arrived twice, whether held out of order or already acknowledged, is reported as "
    "the first SACK block of the next ACK, as Linux does it" },
  { "fast_retransmit/fr-4pkt-fack-last-byte.pkt", TRUE, 0,
    "Four segments out, only the last byte SACKed: a tail loss probe resends the last segment "
    "after 100 ms, the RTO the first 300 ms later, then slow start from one segment, as Linux does it" },
  { "fast_retransmit/fr-4pkt-fack-last-mss.pkt", TRUE, 0,
    "Four segments out, the last SACKed whole: RACK's reordering timer (a round trip and a "
    "quarter of the smallest one after the first was sent, in Linux's jiffies) marks the first "
    "three lost and PRR resends the first at once, with no third duplicate ACK and no probe, as "
    "Linux does it" },
  { "blocking/blocking-read.pkt", TRUE, 0,
    "The first data segments of a connection are acknowledged at once (quick-ACK mode), "
    "as Linux does it" },

  /* connection behaviours (issue #15): close, shutdown, Nagle */
  { "close/close-remote-fin-then-close.pkt", TRUE, 0,
    "A FIN before any data is acknowledged at once (the delayed-ACK timeout is 0 until data "
    "arrives); the application's close sends its own FIN; a segment after the last ACK is "
    "answered with a bare RST whose seq is the segment's ack, as Linux does it" },
  { "close/close-local-close-then-remote-fin.pkt", TRUE, 0,
    "The client writes, closes (FIN-WAIT-1, FIN-WAIT-2) and acknowledges the server's FIN, "
    "as Linux does it" },
  { "close/close-on-syn-sent.pkt", TRUE, 0,
    "close() in SYN-SENT forgets the connection; the SYN+ACK that comes later is answered with "
    "a bare RST, seq = its ack, as Linux does it" },
  { "shutdown/shutdown-rd-close.pkt", TRUE, 0,
    "shutdown(SHUT_RD) sends nothing; the write side still sends and closes normally, as Linux "
    "does it" },
  { "shutdown/shutdown-rd-wr-close.pkt", TRUE, 0,
    "After shutdown(SHUT_RD) arriving data is still acknowledged and read; shutdown(SHUT_WR) "
    "sends the FIN and later writes fail, as Linux does it" },
  { "shutdown/shutdown-rdwr-close.pkt", TRUE, 0,
    "shutdown(SHUT_RDWR) sends the FIN at once, as Linux does it" },
  { "nagle/sockopt_cork_nodelay.pkt", TRUE, 0,
    "TCP_CORK holds short writes until uncorked; TCP_NODELAY pushes what cork or MSG_MORE "
    "holds, once, as Linux does it" },
  { "nagle/sendmsg_msg_more.pkt", TRUE, 0,
    "MSG_MORE holds a short tail (sent by the probe timer after an RTO when nothing is in "
    "flight); a write without it sends everything; with TCP_NODELAY an ACK sends what waits, "
    "as Linux does it" },
  { "blocking/blocking-accept.pkt", TRUE, 0,
    "A server without SACK or timestamps from the peer: SYN+ACK with MSS and window scale only, "
    "then a 2000-byte write leaves at once as two segments, as Linux does it" },
  { "blocking/blocking-connect.pkt", TRUE, 0,
    "An active open: SYN with MSS, SACK-permitted, timestamps and window scale 8, then the ACK "
    "of the SYN+ACK at once, as Linux does it" },
  { "blocking/blocking-write.pkt", TRUE, 0,
    "A server's handshake before a 61000-byte write that blocks (the script checks no data "
    "segment, only the SYN+ACK), as Linux does it" },
  { "shutdown/shutdown-rdwr-send-queue-ack-close.pkt", TRUE, 0,
    "A tail loss probe with data not yet sent: the probe is the next new segment (12001:13001), "
    "past cwnd, then the FIN rides on the rest of the data, as Linux does it (RFC 8985 7.3)" },
  { "shutdown/shutdown-rdwr-write-queue-close.pkt", TRUE, 0,
    "A tail loss probe with nothing new to send: the last segment goes again as it was sent, "
    "here the FIN alone (10001:10001), not the data before it, as Linux does it" },
  { "shutdown/shutdown-wr-close.pkt", TRUE, 0,
    "shutdown(SHUT_WR): the FIN goes at once, data that arrives afterwards is still "
    "acknowledged, as Linux does it" },
};

static void
test_script (gconstpointer data)
{
  const PacketdrillCase *c = data;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "packetdrill", "tcp", c->script, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) lines = NULL;
  g_autofree char *problems = NULL;
  HsTime tolerance;

  g_test_summary (c->summary);

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  lines = parse_script (contents, c->last_line, &tolerance, &error);
  g_assert_no_error (error);
  g_assert_nonnull (lines);
  g_assert_cmpuint (lines->len, >, 0);

  problems = run_script (lines, c->timestamps, tolerance);
  if (problems != NULL)
    g_test_fail_printf ("%s: %s", c->script, problems);
}

/* The interpreter itself: it must notice a segment that differs from the
 * script, one sent too late, and one the script does not expect. */
static void
test_interpreter (void)
{
  const char *good =
    "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
    "+0 listen(3, 1) = 0\n"
    "+.1 < S 0:0(0) win 32792 <mss 1000,nop,wscale 7>\n"
    "+0 > S. 0:0(0) ack 1 <mss 1460,nop,wscale 8>\n"
    "+.1 < . 1:1(0) ack 1 win 257\n"
    "+0 accept(3, ..., ...) = 4\n"
    "+0 write(4, ..., 3000) = 3000\n"
    "+0 > P. 1:3001(3000) ack 1\n"
    "+0 %{ assert tcpi_snd_cwnd == 10, tcpi_snd_cwnd }%\n"
    "+.1 < . 1:1(0) ack 3001 win 257\n"
    "+0 write(4, ..., 1000) = 1000\n"
    "+0 > P. 3001:4001(1000) ack 1\n";
  const struct {
    const char *from;
    const char *to;
    const char *problem;
  } mutations[] = {
    { "> P. 1:3001(3000)", "> P. 1:2001(2000)", "the engine sent" },           /* one segment too many */
    { "> P. 1:3001(3000)", "> P. 1:4001(4000)", "only 3000 of its 4000" },     /* one too few */
    { "> S. 0:0(0) ack 1", "> S. 0:0(0) ack 2", "expected" },                  /* a wrong ACK */
    { "<mss 1460,nop,wscale 8>", "<mss 1460,nop,wscale 7>", "options" },       /* a wrong option */
    { "+0 > S.", "+.05 > S.", "between" },                                      /* too early */
    { "tcpi_snd_cwnd == 10", "tcpi_snd_cwnd == 11", "tcpi_snd_cwnd == 11" },
    { "+0 > P. 1:3001(3000) ack 1\n", "", "expected “+0 > P. 3001:4001" },     /* an unexpected segment */
  };
  HsTime tolerance;

  g_test_summary ("The interpreter passes a script the engine follows and fails each of seven "
                  "ways to break it");

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GArray) lines = parse_script (good, 0, &tolerance, &error);
    g_autofree char *problems = NULL;

    g_assert_no_error (error);
    problems = run_script (lines, TRUE, tolerance);
    g_assert_null (problems);
  }
  for (guint i = 0; i < G_N_ELEMENTS (mutations); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GString) bad = g_string_new (good);
      g_autoptr(GArray) lines = NULL;
      g_autofree char *problems = NULL;

      g_assert_cmpuint (g_string_replace (bad, mutations[i].from, mutations[i].to, 1), ==, 1);
      lines = parse_script (bad->str, 0, &tolerance, &error);
      g_assert_no_error (error);
      problems = run_script (lines, TRUE, tolerance);
      g_test_message ("mutation %u: %s", i, problems != NULL ? problems : "(passed)");
      g_assert_nonnull (problems);
      g_assert_nonnull (strstr (problems, mutations[i].problem));
    }
}

/* PRR's proportional part (RFC 6937, Linux tcp_cwnd_reduction), which no
 * copied script reaches: with 20 segments in flight and ssthresh 14, each
 * SACK lets out ceil(14 × delivered / 20) − sent segments, so that every
 * third one sends nothing; once the flight is down to ssthresh, one
 * segment per segment delivered (packet conservation). Written for this
 * test from the kernel's formula, in packetdrill's language. */
static void
test_prr_proportional (void)
{
  const char *script =
    "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
    "+0 listen(3, 1) = 0\n"
    "+0 < S 0:0(0) win 32792 <mss 1000,sackOK,nop,nop,nop,wscale 7>\n"
    "+0 > S. 0:0(0) ack 1 <mss 1460,nop,nop,sackOK,nop,wscale 8>\n"
    "+.1 < . 1:1(0) ack 1 win 320\n"
    "+0 accept(3, ..., ...) = 4\n"
    /* slow start: cwnd 10 → 20 */
    "+0 write(4, ..., 10000) = 10000\n"
    "+0 > P. 1:10001(10000) ack 1\n"
    "+.1 < . 1:1(0) ack 10001 win 320\n"
    "+0 %{ assert tcpi_snd_cwnd == 20, tcpi_snd_cwnd }%\n"
    "+0 write(4, ..., 20000) = 20000\n"
    "+0 > P. 10001:30001(20000) ack 1\n"
    /* 10001:11001 is lost; the third SACK starts recovery: ssthresh
     * 0.7 × 20 = 14, 16 in flight, ceil(14 × 1 / 20) = 1: the retransmission */
    "+.1 < . 1:1(0) ack 10001 win 320 <sack 11001:12001,nop,nop>\n"
    "+.01 < . 1:1(0) ack 10001 win 320 <sack 11001:13001,nop,nop>\n"
    "+.01 < . 1:1(0) ack 10001 win 320 <sack 11001:14001,nop,nop>\n"
    "+0 > . 10001:11001(1000) ack 1\n"
    "+0 %{\n"
    "assert tcpi_snd_cwnd == 17, tcpi_snd_cwnd\n"
    "assert tcpi_snd_ssthresh == 14, tcpi_snd_ssthresh\n"
    "}%\n"
    "+0 write(4, ..., 10000) = 10000\n"
    /* delivered 2, 3: ceil(28 / 20) − 1 = 1, ceil(42 / 20) − 2 = 1 */
    "+.01 < . 1:1(0) ack 10001 win 320 <sack 11001:15001,nop,nop>\n"
    "+0 > . 30001:31001(1000) ack 1\n"
    "+.01 < . 1:1(0) ack 10001 win 320 <sack 11001:16001,nop,nop>\n"
    "+0 > . 31001:32001(1000) ack 1\n"
    /* delivered 4: ceil(56 / 20) − 3 = 0, nothing goes */
    "+.01 < . 1:1(0) ack 10001 win 320 <sack 11001:17001,nop,nop>\n"
    "+0 %{ assert tcpi_snd_cwnd == 16, tcpi_snd_cwnd }%\n"
    /* delivered 5, 6: one each; 7: nothing */
    "+.01 < . 1:1(0) ack 10001 win 320 <sack 11001:18001,nop,nop>\n"
    "+0 > . 32001:33001(1000) ack 1\n"
    "+.01 < . 1:1(0) ack 10001 win 320 <sack 11001:19001,nop,nop>\n"
    "+0 > . 33001:34001(1000) ack 1\n"
    "+.01 < . 1:1(0) ack 10001 win 320 <sack 11001:20001,nop,nop>\n"
    /* 14 in flight = ssthresh: nothing; then 13, so one (conservation) */
    "+.01 < . 1:1(0) ack 10001 win 320 <sack 11001:21001,nop,nop>\n"
    "+.01 < . 1:1(0) ack 10001 win 320 <sack 11001:22001,nop,nop>\n"
    "+0 > . 34001:35001(1000) ack 1\n";
  HsTime tolerance;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) lines = NULL;
  g_autofree char *problems = NULL;

  g_test_summary ("Proportional rate reduction with more than ssthresh in flight: 14 segments for "
                  "every 20 delivered, a SACK that lets nothing out every third time, then one "
                  "segment per segment delivered once the flight is at ssthresh, as Linux does it");

  lines = parse_script (script, 0, &tolerance, &error);
  g_assert_no_error (error);
  problems = run_script (lines, TRUE, tolerance);
  if (problems != NULL)
    g_test_fail_printf ("%s", problems);
}

/* RACK's reordering window (Linux tcp_rack_reo_wnd): one segment SACKed
 * beyond a hole arms the reordering timer, a round trip and min_RTT/4
 * (25 ms here) after the hole was sent; the hole's originals arriving 20 ms
 * later stop it, and nothing is retransmitted. Having seen reordering, the
 * sender no longer treats three SACKed segments as a loss at once: it waits
 * the same window (in 4 ms jiffies, plus two) before resending. Written for
 * this test, in packetdrill's language. */
static void
test_rack_reordering (void)
{
  const char *script =
    "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
    "+0 listen(3, 1) = 0\n"
    "+0 < S 0:0(0) win 32792 <mss 1000,sackOK,nop,nop,nop,wscale 7>\n"
    "+0 > S. 0:0(0) ack 1 <mss 1460,nop,nop,sackOK,nop,wscale 8>\n"
    "+.1 < . 1:1(0) ack 1 win 320\n"
    "+0 accept(3, ..., ...) = 4\n"
    "+0 write(4, ..., 4000) = 4000\n"
    "+0 > P. 1:4001(4000) ack 1\n"
    /* 2001:3001 overtook the first two: the timer would fire 136 ms after
     * they were sent */
    "+.1 < . 1:1(0) ack 1 win 320 <sack 2001:3001,nop,nop>\n"
    "+.02 < . 1:1(0) ack 3001 win 320\n"
    "+.1 < . 1:1(0) ack 4001 win 320\n"
    /* the next write goes first: no retransmission came in between */
    "+0 write(4, ..., 4000) = 4000\n"
    "+0 > P. 4001:8001(4000) ack 1\n"
    /* three SACKed: with reordering seen, RACK still waits its window */
    "+.1 < . 1:1(0) ack 4001 win 320 <sack 5001:8001,nop,nop>\n"
    "+.036 > . 4001:5001(1000) ack 1\n";
  HsTime tolerance;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) lines = NULL;
  g_autofree char *problems = NULL;

  g_test_summary ("RACK: a segment SACKed beyond a hole does not make it lost while the reordering "
                  "window lasts, so reordered segments are not resent; once reordering has been seen, "
                  "three SACKed segments wait for the window too, as Linux does it");

  lines = parse_script (script, 0, &tolerance, &error);
  g_assert_no_error (error);
  problems = run_script (lines, TRUE, tolerance);
  if (problems != NULL)
    g_test_fail_printf ("%s", problems);
}

/* RACK in recovery (Linux tcp_rack_detect_loss in TCP_CA_Recovery): the
 * fast retransmission of 1:1001 is lost too. When 12001:13001, sent 10 ms
 * after it, is SACKed a round trip later, the retransmission is lost
 * again and goes once more at once, with the new segment PRR lets out
 * (the flight is at ssthresh: one per segment delivered, and the lost copy
 * no longer counts). Without this the sender waited for the RTO, 300 ms
 * after the retransmission. Written for this test, in packetdrill's
 * language. */
static void
test_rack_recovery (void)
{
  const char *script =
    "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
    "+0 listen(3, 1) = 0\n"
    "+0 < S 0:0(0) win 32792 <mss 1000,sackOK,nop,nop,nop,wscale 7>\n"
    "+0 > S. 0:0(0) ack 1 <mss 1460,nop,nop,sackOK,nop,wscale 8>\n"
    "+.1 < . 1:1(0) ack 1 win 320\n"
    "+0 accept(3, ..., ...) = 4\n"
    "+0 write(4, ..., 20000) = 20000\n"
    "+0 > P. 1:10001(10000) ack 1\n"
    "+.1 < . 1:1(0) ack 1 win 320 <sack 1001:2001,nop,nop>\n"
    "+0 > . 10001:11001(1000) ack 1\n"
    "+.002 < . 1:1(0) ack 1 win 320 <sack 1001:3001,nop,nop>\n"
    "+0 > . 11001:12001(1000) ack 1\n"
    /* RACK: 1:1001 is lost; recovery, ssthresh 7 */
    "+.002 < . 1:1(0) ack 1 win 320 <sack 1001:4001,nop,nop>\n"
    "+0 > . 1:1001(1000) ack 1\n"
    "+.01 < . 1:1(0) ack 1 win 320 <sack 1001:5001,nop,nop>\n"
    "+0 > . 12001:13001(1000) ack 1\n"
    "+.01 < . 1:1(0) ack 1 win 320 <sack 1001:6001,nop,nop>\n"
    "+0 > . 13001:14001(1000) ack 1\n"
    "+.01 < . 1:1(0) ack 1 win 320 <sack 1001:7001,nop,nop>\n"
    "+.01 < . 1:1(0) ack 1 win 320 <sack 1001:8001,nop,nop>\n"
    "+.01 < . 1:1(0) ack 1 win 320 <sack 1001:9001,nop,nop>\n"
    "+0 > . 14001:15001(1000) ack 1\n"
    "+.01 < . 1:1(0) ack 1 win 320 <sack 1001:10001,nop,nop>\n"
    "+0 > . 15001:16001(1000) ack 1\n"
    /* 10001:12001 went before the retransmission: it is not yet due */
    "+.01 < . 1:1(0) ack 1 win 320 <sack 1001:11001,nop,nop>\n"
    "+0 > . 16001:17001(1000) ack 1\n"
    "+.01 < . 1:1(0) ack 1 win 320 <sack 1001:12001,nop,nop>\n"
    "+0 > . 17001:18001(1000) ack 1\n"
    /* 12001:13001 went after it: the retransmission is lost again */
    "+.01 < . 1:1(0) ack 1 win 320 <sack 1001:13001,nop,nop>\n"
    "+0 > . 1:1001(1000) ack 1\n"
    "+0 > . 18001:19001(1000) ack 1\n"
    "+.01 < . 1:1(0) ack 1 win 320 <sack 1001:14001,nop,nop>\n"
    "+0 > . 19001:20001(1000) ack 1\n";
  HsTime tolerance;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) lines = NULL;
  g_autofree char *problems = NULL;

  g_test_summary ("RACK in recovery: a fast retransmission that is lost too is sent again as soon as a "
                  "segment sent after it is SACKed, not after the retransmission timeout, as Linux does it");

  lines = parse_script (script, 0, &tolerance, &error);
  g_assert_no_error (error);
  problems = run_script (lines, TRUE, tolerance);
  if (problems != NULL)
    g_test_fail_printf ("%s", problems);
}

/* RACK after a timeout (tcp_rack_detect_loss in TCP_CA_Loss): everything
 * is lost, tail loss probe included; the RTO resends 1:1001, its ACK lets
 * two more go, and the first of them, 1001:2001, is lost again. The SACK
 * of 2001:3001, sent after it, shows that at once: 1001:2001 goes a third
 * time, instead of waiting for the next, doubled RTO, which resends it
 * once more when that copy is lost too: no tail loss probe goes while the
 * timeout's recovery lasts (tcp_schedule_loss_probe: CA_Open only). (Linux would also
 * take the SACKed segment out of flight and grow cwnd by it, and send
 * 3001:5001 with it; after a timeout the engine counts SACKed data in
 * flight and grows cwnd on ACKs of new data only.) Written for this test,
 * in packetdrill's language. */
static void
test_rack_after_rto (void)
{
  const char *script =
    "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
    "+0 listen(3, 1) = 0\n"
    "+0 < S 0:0(0) win 32792 <mss 1000,sackOK,nop,nop,nop,wscale 7>\n"
    "+0 > S. 0:0(0) ack 1 <mss 1460,nop,nop,sackOK,nop,wscale 8>\n"
    "+.1 < . 1:1(0) ack 1 win 320\n"
    "+0 accept(3, ..., ...) = 4\n"
    "+0 write(4, ..., 10000) = 10000\n"
    "+0 > P. 1:10001(10000) ack 1\n"
    "+.2 > P. 9001:10001(1000) ack 1\n"
    "+.3 > . 1:1001(1000) ack 1\n"
    "+0 %{ assert tcpi_snd_cwnd == 1, tcpi_snd_cwnd }%\n"
    "+.1 < . 1:1(0) ack 1001 win 320\n"
    "+0 > . 1001:3001(2000) ack 1\n"
    "+.1 < . 1:1(0) ack 1001 win 320 <sack 2001:3001,nop,nop>\n"
    "+0 > . 1001:2001(1000) ack 1\n"
    /* lost once more: no tail loss probe after a timeout (Linux probes
     * only in the Open state), the doubled RTO */
    "+.6 > . 1001:2001(1000) ack 1\n";
  HsTime tolerance;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) lines = NULL;
  g_autofree char *problems = NULL;

  g_test_summary ("RACK after a timeout: a retransmission lost again is resent as soon as a segment sent "
                  "after it is SACKed, not at the next timeout, as Linux does it");

  lines = parse_script (script, 0, &tolerance, &error);
  g_assert_no_error (error);
  problems = run_script (lines, TRUE, tolerance);
  if (problems != NULL)
    g_test_fail_printf ("%s", problems);
}

/* An ACK below SND.UNA with SACK blocks (Linux tcp_ack's old_ack): the
 * ACK of 1001 arrives after the ACK of 2001, reordered, but reports
 * 7001:9001 received. The two segments leave the flight, and the room
 * they free under the cwnd of the last ACK sends two new segments. RFC
 * 9293 would ignore the ACK. Written for this test, in packetdrill's
 * language. */
static void
test_old_ack_sack (void)
{
  const char *script =
    "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
    "+0 listen(3, 1) = 0\n"
    "+0 < S 0:0(0) win 32792 <mss 1000,sackOK,nop,nop,nop,wscale 7>\n"
    "+0 > S. 0:0(0) ack 1 <mss 1460,nop,nop,sackOK,nop,wscale 8>\n"
    "+.1 < . 1:1(0) ack 1 win 320\n"
    "+0 accept(3, ..., ...) = 4\n"
    "+0 write(4, ..., 10000) = 10000\n"
    "+0 > P. 1:10001(10000) ack 1\n"
    "+.1 < . 1:1(0) ack 1 win 320 <sack 2001:3001,nop,nop>\n"
    "+0 < . 1:1(0) ack 1 win 320 <sack 2001:4001,nop,nop>\n"
    "+0 < . 1:1(0) ack 1 win 320 <sack 2001:4001 6001:7001,nop,nop>\n"
    "+0 > . 1:1001(1000) ack 1\n"
    "+.02 < . 1:1(0) ack 2001 win 320 <sack 6001:7001,nop,nop>\n"
    "+0 > . 4001:5001(1000) ack 1\n"
    "+0 > . 5001:6001(1000) ack 1\n"
    "+0 write(4, ..., 10000) = 10000\n"
    "+0 > . 10001:11001(1000) ack 1\n"
    /* reordered: an ACK below SND.UNA, with news in its SACK block */
    "+.002 < . 1:1(0) ack 1001 win 320 <sack 7001:9001,nop,nop>\n"
    "+0 > . 11001:12001(1000) ack 1\n"
    "+0 > . 12001:13001(1000) ack 1\n";
  HsTime tolerance;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) lines = NULL;
  g_autofree char *problems = NULL;

  g_test_summary ("An ACK below SND.UNA still has its SACK blocks counted in recovery: the two segments it "
                  "reports received let two new ones out, as Linux does it (tcp_ack's old_ack)");

  lines = parse_script (script, 0, &tolerance, &error);
  g_assert_no_error (error);
  problems = run_script (lines, TRUE, tolerance);
  if (problems != NULL)
    g_test_fail_printf ("%s", problems);
}

/* HyStart's delay detection (Linux tcp_cubic.c hystart_update with
 * HYSTART_DELAY): with cwnd at 20, past hystart_low_window (16), the RTT
 * grows from 100 ms to 120 ms, more than an eighth of the smallest
 * (12.5 ms). After eight samples of the round, the ninth ACK ends slow
 * start: ssthresh = cwnd = 36, and cwnd stops doubling. With the RTT
 * unchanged the same ACKs would take cwnd to 38 and leave ssthresh
 * infinite. Written for this test, in packetdrill's language. */
static void
test_hystart_delay (void)
{
  const char *script =
    "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
    "+0 listen(3, 1) = 0\n"
    "+0 < S 0:0(0) win 32792 <mss 1000,sackOK,nop,nop,nop,wscale 7>\n"
    "+0 > S. 0:0(0) ack 1 <mss 1460,nop,nop,sackOK,nop,wscale 8>\n"
    "+.1 < . 1:1(0) ack 1 win 320\n"
    "+0 accept(3, ..., ...) = 4\n"
    "+0 write(4, ..., 40000) = 40000\n"
    "+0 > P. 1:10001(10000) ack 1\n"
    "+.1 < . 1:1(0) ack 10001 win 320\n"
    "+0 > P. 10001:30001(20000) ack 1\n"
    "+0 %{ assert tcpi_snd_cwnd == 20, tcpi_snd_cwnd }%\n"
    /* the round trip is now 120 ms: eight samples */
    "+.12 < . 1:1(0) ack 12001 win 320\n"
    "+.001 < . 1:1(0) ack 14001 win 320\n"
    "+.001 < . 1:1(0) ack 16001 win 320\n"
    "+.001 < . 1:1(0) ack 18001 win 320\n"
    "+.001 < . 1:1(0) ack 20001 win 320\n"
    "+.001 < . 1:1(0) ack 22001 win 320\n"
    "+.001 < . 1:1(0) ack 24001 win 320\n"
    "+.001 < . 1:1(0) ack 26001 win 320\n"
    "+0 %{ assert tcpi_snd_cwnd == 36, tcpi_snd_cwnd }%\n"
    /* the ninth: slow start ends before this ACK grows cwnd */
    "+.001 < . 1:1(0) ack 28001 win 320\n"
    "+0 %{\n"
    "assert tcpi_snd_cwnd == 36, tcpi_snd_cwnd\n"
    "assert tcpi_snd_ssthresh == 36, tcpi_snd_ssthresh\n"
    "}%\n";
  HsTime tolerance;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) lines = NULL;
  g_autofree char *problems = NULL;

  g_test_summary ("CUBIC's HyStart: when a round trip's RTT samples exceed the smallest RTT by an eighth, "
                  "slow start ends with ssthresh = cwnd, as Linux does it (hystart_update, HYSTART_DELAY)");

  lines = parse_script (script, 0, &tolerance, &error);
  g_assert_no_error (error);
  problems = run_script (lines, TRUE, tolerance);
  if (problems != NULL)
    g_test_fail_printf ("%s", problems);
}

/* Undo after a spurious fast retransmit (Linux tcp_try_undo_dsack): the
 * segment was only reordered, and the ACK that D-SACKs the retransmission
 * restores cwnd 10 (then slow start adds the one segment newly
 * acknowledged), so five new segments go at once where PRR alone would
 * let one out. Written for this test, in packetdrill's language. */
static void
test_undo_dsack (void)
{
  const char *script =
    "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
    "+0 listen(3, 1) = 0\n"
    "+0 < S 0:0(0) win 32792 <mss 1000,sackOK,nop,nop,nop,wscale 7>\n"
    "+0 > S. 0:0(0) ack 1 <mss 1460,nop,nop,sackOK,nop,wscale 8>\n"
    "+.1 < . 1:1(0) ack 1 win 320\n"
    "+0 accept(3, ..., ...) = 4\n"
    "+0 write(4, ..., 10000) = 10000\n"
    "+0 > P. 1:10001(10000) ack 1\n"
    "+.1 < . 1:1(0) ack 1 win 320 <sack 1001:2001,nop,nop>\n"
    "+0 < . 1:1(0) ack 1 win 320 <sack 1001:3001,nop,nop>\n"
    "+0 < . 1:1(0) ack 1 win 320 <sack 1001:4001,nop,nop>\n"
    "+0 > . 1:1001(1000) ack 1\n"
    "+0 %{\n"
    "assert tcpi_snd_cwnd == 7, tcpi_snd_cwnd\n"
    "assert tcpi_snd_ssthresh == 7, tcpi_snd_ssthresh\n"
    "}%\n"
    "+0 write(4, ..., 10000) = 10000\n"
    /* the original 1:1001 arrives late, then the retransmission: D-SACK */
    "+.01 < . 1:1(0) ack 4001 win 320 <sack 1:1001,nop,nop>\n"
    "+0 > . 10001:15001(5000) ack 1\n"
    "+0 %{ assert tcpi_snd_cwnd == 11, tcpi_snd_cwnd }%\n";
  HsTime tolerance;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) lines = NULL;
  g_autofree char *problems = NULL;

  g_test_summary ("A fast retransmit that a D-SACK shows was not needed: cwnd and ssthresh go "
                  "back to what they were before the loss, and the sender leaves recovery, as "
                  "Linux does it (tcp_try_undo_dsack)");

  lines = parse_script (script, 0, &tolerance, &error);
  g_assert_no_error (error);
  problems = run_script (lines, TRUE, tolerance);
  if (problems != NULL)
    g_test_fail_printf ("%s", problems);
}

/* Undo after a spurious timeout (Linux tcp_try_undo_loss): the data had
 * arrived and only the ACKs were lost; the ACK that D-SACKs the
 * retransmission gives cwnd back its ten segments, so a 5000-byte write
 * leaves at once, where slow start from one segment would send two.
 * Written for this test, in packetdrill's language. */
static void
test_undo_loss (void)
{
  const char *script =
    "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
    "+0 listen(3, 1) = 0\n"
    "+0 < S 0:0(0) win 32792 <mss 1000,sackOK,nop,nop,nop,wscale 7>\n"
    "+0 > S. 0:0(0) ack 1 <mss 1460,nop,nop,sackOK,nop,wscale 8>\n"
    "+.1 < . 1:1(0) ack 1 win 320\n"
    "+0 accept(3, ..., ...) = 4\n"
    "+0 write(4, ..., 1000) = 1000\n"
    "+0 > P. 1:1001(1000) ack 1\n"
    /* the tail loss probe, then the timeout: cwnd one segment */
    "+.3 > P. 1:1001(1000) ack 1\n"
    "+.3 > P. 1:1001(1000) ack 1\n"
    "+0 %{ assert tcpi_snd_cwnd == 1, tcpi_snd_cwnd }%\n"
    "+0 write(4, ..., 5000) = 5000\n"
    "+.1 < . 1:1(0) ack 1001 win 320 <sack 1:1001,nop,nop>\n"
    "+0 > . 1001:6001(5000) ack 1\n";
  HsTime tolerance;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) lines = NULL;
  g_autofree char *problems = NULL;

  g_test_summary ("A timeout that a D-SACK shows was spurious: cwnd goes back from one segment to "
                  "the ten it had, so five new segments leave at once, as Linux does it "
                  "(tcp_try_undo_loss)");

  lines = parse_script (script, 0, &tolerance, &error);
  g_assert_no_error (error);
  problems = run_script (lines, TRUE, tolerance);
  if (problems != NULL)
    g_test_fail_printf ("%s", problems);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/engine/packetdrill/interpreter", test_interpreter);
  g_test_add_func ("/engine/packetdrill/prr-proportional", test_prr_proportional);
  g_test_add_func ("/engine/packetdrill/rack-reordering", test_rack_reordering);
  g_test_add_func ("/engine/packetdrill/rack-recovery", test_rack_recovery);
  g_test_add_func ("/engine/packetdrill/rack-after-rto", test_rack_after_rto);
  g_test_add_func ("/engine/packetdrill/old-ack-sack", test_old_ack_sack);
  g_test_add_func ("/engine/packetdrill/hystart-delay", test_hystart_delay);
  g_test_add_func ("/engine/packetdrill/undo-dsack", test_undo_dsack);
  g_test_add_func ("/engine/packetdrill/undo-loss", test_undo_loss);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strndup (cases[i].script, strlen (cases[i].script) - strlen (".pkt"));
      g_autofree char *path = g_strdup_printf ("/engine/packetdrill/%s", name);

      g_test_add_data_func (path, &cases[i], test_script);
    }

  return g_test_run ();
}
