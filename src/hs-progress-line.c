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
  GMutex   lock;           /* the ticking thread draws too */
  GCond    stop_cond;
  GThread *ticker;
  char    *ticker_text;
  gboolean stop;

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

  g_mutex_init (&self->lock);
  g_cond_init (&self->stop_cond);
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

/* Called with the lock held. */
static void
update_locked (HsProgressLine *self,
               double          fraction,
               const char     *text)
{
  g_autofree char *line = NULL;
  gint64 now;

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
hs_progress_line_update (HsProgressLine *self,
                         double          fraction,
                         const char     *text)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (text != NULL);

  if (!self->enabled)
    return;

  g_mutex_lock (&self->lock);
  update_locked (self, fraction, text);
  g_mutex_unlock (&self->lock);
}

static gpointer
tick (gpointer data)
{
  HsProgressLine *self = data;
  gint64 start = g_get_monotonic_time ();

  g_mutex_lock (&self->lock);
  while (!self->stop)
    {
      gint64 seconds = (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
      /* Translators: progress on a terminal for work that cannot say how
       * far it has come: what it does, then the seconds it has taken,
       * e.g. Drawing “slides.pdf”, 12 s */
      g_autofree char *text = g_strdup_printf (_("%s, %d s"), self->ticker_text, (int) seconds);

      update_locked (self, -1, text);
      g_cond_wait_until (&self->stop_cond, &self->lock,
                         g_get_monotonic_time () + G_USEC_PER_SEC / 2);
    }
  g_mutex_unlock (&self->lock);

  return NULL;
}

void
hs_progress_line_start_ticking (HsProgressLine *self,
                                const char     *text)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (self->ticker == NULL);

  if (!self->enabled)
    return;

  self->ticker_text = g_strdup (text);
  self->stop = FALSE;
  self->ticker = g_thread_new ("progress", tick, self);
}

void
hs_progress_line_stop_ticking (HsProgressLine *self)
{
  g_return_if_fail (self != NULL);

  if (self->ticker == NULL)
    return;

  g_mutex_lock (&self->lock);
  self->stop = TRUE;
  g_cond_signal (&self->stop_cond);
  g_mutex_unlock (&self->lock);
  g_thread_join (g_steal_pointer (&self->ticker));
  g_clear_pointer (&self->ticker_text, g_free);
}

gboolean
hs_progress_line_is_enabled (HsProgressLine *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->enabled;
}

void
hs_progress_line_clear (HsProgressLine *self)
{
  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->lock);
  if (self->drawn)
    {
      fputs ("\r\033[K", stderr);
      fflush (stderr);
      self->drawn = FALSE;
    }
  g_mutex_unlock (&self->lock);
}

void
hs_progress_line_free (HsProgressLine *self)
{
  if (self == NULL)
    return;
  hs_progress_line_stop_ticking (self);
  hs_progress_line_clear (self);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->stop_cond);
  g_free (self);
}
