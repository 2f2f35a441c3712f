/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-random.c: seeding and refilling the Mersenne Twister (M. Matsumoto and
 * T. Nishimura, 1998), step for step as GLib's grand.c does. */

#include "config.h"

#include "hs-random.h"

#define M          397
#define MATRIX_A   0x9908b0dfu
#define UPPER_MASK 0x80000000u
#define LOWER_MASK 0x7fffffffu

static void
init_with_seed (HsRandom *random,
                guint32   seed)
{
  random->mt[0] = seed;
  for (guint i = 1; i < HS_RANDOM_N; i++)
    random->mt[i] = 1812433253u * (random->mt[i - 1] ^ (random->mt[i - 1] >> 30)) + i;
  random->mti = HS_RANDOM_N;
}

void
hs_random_init_with_seed_array (HsRandom      *random,
                                const guint32 *seed,
                                guint          seed_length)
{
  guint i = 1, j = 0;

  g_return_if_fail (random != NULL);
  g_return_if_fail (seed != NULL && seed_length > 0);

  init_with_seed (random, 19650218u);
  for (guint k = MAX (HS_RANDOM_N, seed_length); k > 0; k--)
    {
      random->mt[i] = (random->mt[i] ^ ((random->mt[i - 1] ^ (random->mt[i - 1] >> 30)) * 1664525u)) +
                      seed[j] + j;
      i++;
      j++;
      if (i >= HS_RANDOM_N)
        {
          random->mt[0] = random->mt[HS_RANDOM_N - 1];
          i = 1;
        }
      if (j >= seed_length)
        j = 0;
    }
  for (guint k = HS_RANDOM_N - 1; k > 0; k--)
    {
      random->mt[i] = (random->mt[i] ^ ((random->mt[i - 1] ^ (random->mt[i - 1] >> 30)) * 1566083941u)) - i;
      i++;
      if (i >= HS_RANDOM_N)
        {
          random->mt[0] = random->mt[HS_RANDOM_N - 1];
          i = 1;
        }
    }
  /* the most significant bit is 1, so the state is never all zero */
  random->mt[0] = 0x80000000u;
  random->mti = HS_RANDOM_N;
}

void
hs_random_refill (HsRandom *random)
{
  static const guint32 mag01[2] = { 0, MATRIX_A };
  guint32 *mt = random->mt;
  guint32 y;
  guint k;

  for (k = 0; k < HS_RANDOM_N - M; k++)
    {
      y = (mt[k] & UPPER_MASK) | (mt[k + 1] & LOWER_MASK);
      mt[k] = mt[k + M] ^ (y >> 1) ^ mag01[y & 1];
    }
  for (; k < HS_RANDOM_N - 1; k++)
    {
      y = (mt[k] & UPPER_MASK) | (mt[k + 1] & LOWER_MASK);
      mt[k] = mt[k + M - HS_RANDOM_N] ^ (y >> 1) ^ mag01[y & 1];
    }
  y = (mt[HS_RANDOM_N - 1] & UPPER_MASK) | (mt[0] & LOWER_MASK);
  mt[HS_RANDOM_N - 1] = mt[M - 1] ^ (y >> 1) ^ mag01[y & 1];
  random->mti = 0;
}

gint32
hs_random_int_range (HsRandom *random,
                     gint32    begin,
                     gint32    end)
{
  guint32 dist = (guint32) end - (guint32) begin;
  guint32 maxvalue, value;

  g_return_val_if_fail (end > begin, begin);

  /* the largest value below a multiple of dist, so that every remainder
   * is as likely as every other */
  if (dist <= 0x80000000u)
    {
      guint32 leftover = (0x80000000u % dist) * 2;

      if (leftover >= dist)
        leftover -= dist;
      maxvalue = 0xffffffffu - leftover;
    }
  else
    maxvalue = dist - 1;

  do
    value = hs_random_int (random);
  while (value > maxvalue);
  return (gint32) ((guint32) begin + value % dist);
}
