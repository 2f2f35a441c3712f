/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-seq-ranges.c: a sorted set of disjoint sequence-number ranges modulo
 * 2^32, shared by the reassembly queue and the SACK scoreboard of
 * hs-endpoint (insert with merging, removal below a point, coverage and
 * holes). A handful of ranges at most: a plain array is the fastest. */

#define G_LOG_DOMAIN "hs-seq-ranges"

#include "config.h"

#include <string.h>

#include "hs-seq-ranges.h"

HsSeqRanges *
hs_seq_ranges_new (void)
{
  return g_new0 (HsSeqRanges, 1);
}

void
hs_seq_ranges_free (HsSeqRanges *self)
{
  if (self == NULL)
    return;
  g_free (self->ranges);
  g_free (self);
}

void
hs_seq_ranges_clear (HsSeqRanges *self)
{
  self->len = 0;
}

static void
insert_at (HsSeqRanges *self,
           guint        index,
           guint32      start,
           guint32      end)
{
  if (self->len == self->allocated)
    {
      self->allocated = MAX (8, self->allocated * 2);
      self->ranges = g_renew (HsSeqRange, self->ranges, self->allocated);
    }
  memmove (&self->ranges[index + 1], &self->ranges[index],
           (self->len - index) * sizeof (HsSeqRange));
  self->ranges[index].start = start;
  self->ranges[index].end = end;
  self->len++;
}

static void
remove_at (HsSeqRanges *self,
           guint        index,
           guint        n)
{
  memmove (&self->ranges[index], &self->ranges[index + n],
           (self->len - index - n) * sizeof (HsSeqRange));
  self->len -= n;
}

/* Adds [start, end), merging it with every range it overlaps or touches. */
void
hs_seq_ranges_insert (HsSeqRanges *self,
                      guint32      start,
                      guint32      end)
{
  guint i = 0;

  while (i < self->len && hs_seq_lt (self->ranges[i].end, start))
    i++;
  insert_at (self, i, start, end);

  /* merge what now touches or overlaps */
  while (i + 1 < self->len)
    {
      HsSeqRange *a = &self->ranges[i];
      HsSeqRange *b = &self->ranges[i + 1];

      if (hs_seq_lt (a->end, b->start))
        break;
      a->start = hs_seq_min (a->start, b->start);
      a->end = hs_seq_max (a->end, b->end);
      remove_at (self, i + 1, 1);
    }
  if (i > 0)
    {
      HsSeqRange *a = &self->ranges[i - 1];
      HsSeqRange *b = &self->ranges[i];

      if (hs_seq_geq (a->end, b->start))
        {
          a->end = hs_seq_max (a->end, b->end);
          remove_at (self, i, 1);
        }
    }
}

/* Forgets everything below @point: ranges that end at or below it go, a
 * range across it keeps only what lies from @point on. */
void
hs_seq_ranges_remove_below (HsSeqRanges *self,
                            guint32      point)
{
  guint n = 0;

  while (n < self->len && hs_seq_leq (self->ranges[n].end, point))
    n++;
  if (n > 0)
    remove_at (self, 0, n);
  if (self->len > 0)
    self->ranges[0].start = hs_seq_max (self->ranges[0].start, point);
}

/* How many of them lie below @point. */
guint32
hs_seq_ranges_bytes_below (const HsSeqRanges *self,
                           guint32            point)
{
  guint32 total = 0;

  for (guint i = 0; i < self->len; i++)
    {
      const HsSeqRange *r = &self->ranges[i];

      if (hs_seq_lt (r->start, point))
        total += hs_seq_min (r->end, point) - r->start;
    }
  return total;
}

/* Whether @seq is covered; if so, @index (may be NULL) says by which range. */
gboolean
hs_seq_ranges_find (const HsSeqRanges *self,
                    guint32            seq,
                    guint             *index)
{
  for (guint i = 0; i < self->len; i++)
    {
      const HsSeqRange *r = &self->ranges[i];

      if (hs_seq_leq (r->start, seq) && hs_seq_lt (seq, r->end))
        {
          if (index != NULL)
            *index = i;
          return TRUE;
        }
    }
  return FALSE;
}

/* The end of the covered run that reaches @from: the first sequence number
 * from @from on that no range covers (@from itself when none does). */
guint32
hs_seq_ranges_covered_end (const HsSeqRanges *self,
                           guint32            from)
{
  guint32 cur = from;

  for (guint i = 0; i < self->len; i++)
    {
      const HsSeqRange *r = &self->ranges[i];

      if (hs_seq_gt (r->start, cur))
        break;
      cur = hs_seq_max (cur, r->end);
    }
  return cur;
}

/* The first hole at or after @from below the end of the highest range:
 * [*start, *end) is not covered, and *end is where a range begins. FALSE
 * when nothing from @from on, up to the last range, is missing. */
gboolean
hs_seq_ranges_first_hole (const HsSeqRanges *self,
                          guint32            from,
                          guint32           *start,
                          guint32           *end)
{
  guint32 cur = from;

  for (guint i = 0; i < self->len; i++)
    {
      const HsSeqRange *r = &self->ranges[i];

      if (hs_seq_lt (cur, r->start))
        {
          *start = cur;
          *end = r->start;
          return TRUE;
        }
      cur = hs_seq_max (cur, r->end);
    }
  return FALSE;
}
