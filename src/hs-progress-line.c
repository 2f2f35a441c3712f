/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-progress-line.c: one line of progress on a terminal, for commands
 * that run long. */

#define G_LOG_DOMAIN "handshake"

#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "hs-progress-line.h"

#define DEFAULT_DELAY_US  G_USEC_PER_SEC
#define REDRAW_US         (G_USEC_PER_SEC / 10)

struct _HsProgressLine
{
  gboolean enabled;
  gboolean drawn;          /* the line is on screen */
  gint64   start;          /* monotonic µs */
  gint64   delay;
  gint64   phase_start;
  gint64   last_draw;
};

HsProgressLine *
hs_progress_line_new (gboolean enabled)
{
  HsProgressLine *self = g_new0 (HsProgressLine, 1);
  const char *delay = g_getenv ("HANDSHAKE_PROGRESS_DELAY_MS");
  guint64 ms;

  self->enabled = enabled && isatty (STDERR_FILENO);
  self->start = g_get_monotonic_time ();
  self->phase_start = self->start;
  self->delay = DEFAULT_DELAY_US;
  if (delay != NULL && g_ascii_string_to_unsigned (delay, 10, 0, 3600 * 1000, &ms, NULL))
    self->delay = (gint64) ms * 1000;

  return self;
}

void
hs_progress_line_phase (HsProgressLine *self)
{
  g_return_if_fail (self != NULL);

  self->phase_start = g_get_monotonic_time ();
}

static char *
format_left (gint64 us)
{
  gint64 s = MAX (us / G_USEC_PER_SEC, 1);

  if (s < 60)
    /* Translators: time left, e.g. "about 12 s left" */
    return g_strdup_printf (_("about %d s left"), (int) s);
  /* Translators: time left, e.g. "about 3 min left" */
  return g_strdup_printf (_("about %d min left"), (int) ((s + 59) / 60));
}

void
hs_progress_line_update (HsProgressLine *self,
                         double          fraction,
                         const char     *text)
{
  g_autofree char *line = NULL;
  gint64 now;

  g_return_if_fail (self != NULL);
  g_return_if_fail (text != NULL);

  if (!self->enabled)
    return;

  now = g_get_monotonic_time ();
  if (now - self->start < self->delay || (self->drawn && now - self->last_draw < REDRAW_US))
    return;

  /* An estimate only once a few percent give a rate worth trusting. */
  if (fraction >= 0.02 && fraction < 1.0)
    {
      gint64 spent = now - self->phase_start;
      g_autofree char *left = format_left ((gint64) (spent / fraction * (1.0 - fraction)));

      line = g_strdup_printf ("%s, %s", text, left);
    }
  else
    line = g_strdup (text);

  /* Carriage return and "erase to the end of the line": the next
   * update draws over this one. */
  fprintf (stderr, "\r\033[K%s", line);
  fflush (stderr);
  self->drawn = TRUE;
  self->last_draw = now;
}

void
hs_progress_line_clear (HsProgressLine *self)
{
  g_return_if_fail (self != NULL);

  if (!self->drawn)
    return;
  fputs ("\r\033[K", stderr);
  fflush (stderr);
  self->drawn = FALSE;
}

void
hs_progress_line_free (HsProgressLine *self)
{
  if (self == NULL)
    return;
  hs_progress_line_clear (self);
  g_free (self);
}
