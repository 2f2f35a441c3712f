/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-seq-ranges.h: a set of byte ranges in TCP sequence space, kept sorted,
 * disjoint and merged, compared modulo 2^32 (hs_seq_lt and the others from
 * hs-types.h). The receiver's reassembly queue (data held out of order)
 * and the sender's SACK scoreboard (RFC 6675) are both one of these. */

#pragma once

#include <glib.h>

#include "hs-types.h"

G_BEGIN_DECLS

/* [start, end): @end is the first sequence number after the range */
typedef struct
{
  guint32 start;
  guint32 end;
} HsSeqRange;

/* Public so that the accessors below inline in the endpoint's hot paths;
 * change it only through the functions. */
typedef struct
{
  HsSeqRange *ranges;     /* sorted, disjoint, never touching */
  guint       len;
  guint       allocated;
} HsSeqRanges;

HsSeqRanges *hs_seq_ranges_new            (void);
void         hs_seq_ranges_free           (HsSeqRanges       *self);
void         hs_seq_ranges_clear          (HsSeqRanges       *self);
void         hs_seq_ranges_insert         (HsSeqRanges       *self,
                                           guint32            start,
                                           guint32            end);
void         hs_seq_ranges_remove_below   (HsSeqRanges       *self,
                                           guint32            point);
guint32      hs_seq_ranges_bytes_below    (const HsSeqRanges *self,
                                           guint32            point);
gboolean     hs_seq_ranges_find           (const HsSeqRanges *self,
                                           guint32            seq,
                                           guint             *index);
guint32      hs_seq_ranges_covered_end    (const HsSeqRanges *self,
                                           guint32            from);
gboolean     hs_seq_ranges_first_hole     (const HsSeqRanges *self,
                                           guint32            from,
                                           guint32           *start,
                                           guint32           *end);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HsSeqRanges, hs_seq_ranges_free)

/* The number of ranges; iterate with hs_seq_ranges_get (), lowest first. */
static inline guint
hs_seq_ranges_get_n (const HsSeqRanges *self)
{
  return self->len;
}

static inline gboolean
hs_seq_ranges_is_empty (const HsSeqRanges *self)
{
  return self->len == 0;
}

/* How many sequence numbers the ranges cover in all: on the hot path of
 * every segment sent (the receive window, the room cwnd leaves). */
static inline guint32
hs_seq_ranges_bytes (const HsSeqRanges *self)
{
  guint32 total = 0;

  for (guint i = 0; i < self->len; i++)
    total += self->ranges[i].end - self->ranges[i].start;
  return total;
}

static inline const HsSeqRange *
hs_seq_ranges_get (const HsSeqRanges *self,
                   guint              index)
{
  g_assert (index < self->len);
  return &self->ranges[index];
}

G_END_DECLS
