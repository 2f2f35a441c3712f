/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-random.c: the network's random numbers are GRand's, draw for draw,
 * so that a lesson loses, reorders and delays the same segments it did
 * when the simulator drew from GRand itself. */

#include <glib.h>

#include "hs-random.h"

/* Seeds as the simulator makes them (seed, seed >> 32, stream), and
 * arrays shorter and longer than the state. */
static void
make_seed (guint    n,
           guint    variant,
           guint32 *seed)
{
  for (guint i = 0; i < n; i++)
    seed[i] = (guint32) (variant * 2654435761u + i * 40503u + (i == 2 ? 101 : 0));
}

static void
test_same_as_grand (void)
{
  static const guint lengths[] = { 1, 3, 624, 700 };

  for (guint l = 0; l < G_N_ELEMENTS (lengths); l++)
    for (guint variant = 0; variant < 8; variant++)
      {
        g_autofree guint32 *seed = g_new (guint32, lengths[l]);
        g_autoptr(GRand) grand = NULL;
        HsRandom random;

        make_seed (lengths[l], variant, seed);
        grand = g_rand_new_with_seed_array (seed, lengths[l]);
        hs_random_init_with_seed_array (&random, seed, lengths[l]);

        /* mixed as the simulator mixes them, across several refills */
        for (guint i = 0; i < 5000; i++)
          {
            switch (i % 5)
              {
              case 0:
                g_assert_cmpuint (hs_random_int (&random), ==, g_rand_int (grand));
                break;
              case 1:
              case 2:
                g_assert_cmpfloat (hs_random_double (&random), ==, g_rand_double (grand));
                break;
              case 3:
                g_assert_cmpint (hs_random_int_range (&random, 0, 2001), ==,
                                 g_rand_int_range (grand, 0, 2001));
                break;
              default:
                /* a range wider than half of 2^32, and one of a single value */
                g_assert_cmpint (hs_random_int_range (&random, G_MININT32 + 5, G_MAXINT32 - 7), ==,
                                 g_rand_int_range (grand, G_MININT32 + 5, G_MAXINT32 - 7));
                g_assert_cmpint (hs_random_int_range (&random, 42, 43), ==,
                                 g_rand_int_range (grand, 42, 43));
                break;
              }
          }
      }
}

static void
test_double_range (void)
{
  guint32 seed[3] = { 1, 0, 101 };
  HsRandom random;
  double sum = 0;

  hs_random_init_with_seed_array (&random, seed, 3);
  for (guint i = 0; i < 100000; i++)
    {
      double d = hs_random_double (&random);

      g_assert_cmpfloat (d, >=, 0.0);
      g_assert_cmpfloat (d, <, 1.0);
      sum += d;
    }
  /* a uniform mean, well within what 100,000 draws allow */
  g_assert_cmpfloat_with_epsilon (sum / 100000, 0.5, 0.01);
}

int
main (int   argc,
      char *argv[])
{
  /* what GRand does must not depend on the environment here either */
  g_unsetenv ("G_RANDOM_VERSION");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/random/same-as-grand", test_same_as_grand);
  g_test_add_func ("/engine/random/double-range", test_double_range);

  return g_test_run ();
}
