/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-random.h: the simulated network's random numbers.
 *
 * The same Mersenne Twister, seeded the same way, as GLib's GRand (its
 * version 2.2 algorithm, which GRand has used since), so a lesson's losses
 * fall where they always have; but inline, because a bulk transfer draws
 * three numbers per segment and a call into GLib for each was a tenth of
 * what simulating a segment cost. Unlike GRand it does not listen to
 * the G_RANDOM_VERSION environment variable: a trace depends on the
 * lesson and the seed alone. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define HS_RANDOM_N 624

typedef struct
{
  guint32 mt[HS_RANDOM_N];
  guint   mti;
} HsRandom;

void    hs_random_init_with_seed_array (HsRandom      *random,
                                        const guint32 *seed,
                                        guint          seed_length);
/* Refills the state once all of it has been used; internal. */
void    hs_random_refill               (HsRandom      *random);

/* As g_rand_int(). */
static inline guint32
hs_random_int (HsRandom *random)
{
  guint32 y;

  if (G_UNLIKELY (random->mti >= HS_RANDOM_N))
    hs_random_refill (random);
  y = random->mt[random->mti++];
  y ^= y >> 11;
  y ^= (y << 7) & 0x9d2c5680u;
  y ^= (y << 15) & 0xefc60000u;
  y ^= y >> 18;
  return y;
}

/* As g_rand_double(): [0, 1) from two draws, drawing again in the rare
 * case the two round up to 1. */
static inline double
hs_random_double (HsRandom *random)
{
  /* 2^-32 */
  const double transform = 2.3283064365386962890625e-10;

  for (;;)
    {
      double value = hs_random_int (random) * transform;

      value = (value + hs_random_int (random)) * transform;
      if (G_LIKELY (value < 1.0))
        return value;
    }
}

/* As g_rand_int_range(): uniform in [@begin, @end). */
gint32  hs_random_int_range            (HsRandom      *random,
                                        gint32         begin,
                                        gint32         end);

G_END_DECLS
