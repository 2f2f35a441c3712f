/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-seq-ranges.c: the sequence-range set under the reassembly queue and
 * the SACK scoreboard: merging, holes, removal, and all of it across the
 * wrap of sequence space at 2^32. */

#include <glib.h>

#include "hs-seq-ranges.h"

/* Checks the set holds exactly @n ranges given as start, end pairs. */
static void
assert_ranges (const HsSeqRanges *set,
               guint              n,
               ...)
{
  va_list args;

  g_assert_cmpuint (hs_seq_ranges_get_n (set), ==, n);
  g_assert_true (hs_seq_ranges_is_empty (set) == (n == 0));
  va_start (args, n);
  for (guint i = 0; i < n; i++)
    {
      guint32 start = va_arg (args, guint32);
      guint32 end = va_arg (args, guint32);

      g_assert_cmpuint (hs_seq_ranges_get (set, i)->start, ==, start);
      g_assert_cmpuint (hs_seq_ranges_get (set, i)->end, ==, end);
    }
  va_end (args);
}

static void
test_insert_disjoint (void)
{
  g_autoptr(HsSeqRanges) set = hs_seq_ranges_new ();

  g_test_summary ("Disjoint ranges stay apart and come out sorted, whatever the order they went in");
  assert_ranges (set, 0);
  hs_seq_ranges_insert (set, 300, 400);
  hs_seq_ranges_insert (set, 100, 200);
  hs_seq_ranges_insert (set, 500, 600);
  hs_seq_ranges_insert (set, 250, 260);
  assert_ranges (set, 4, 100u, 200u, 250u, 260u, 300u, 400u, 500u, 600u);
  g_assert_cmpuint (hs_seq_ranges_bytes (set), ==, 100 + 10 + 100 + 100);
}

static void
test_insert_merge (void)
{
  g_autoptr(HsSeqRanges) set = hs_seq_ranges_new ();

  g_test_summary ("A range that touches or overlaps others merges with all of them into one");
  hs_seq_ranges_insert (set, 100, 200);
  hs_seq_ranges_insert (set, 300, 400);
  hs_seq_ranges_insert (set, 500, 600);

  /* touching on the left: [200, 250) joins [100, 200) */
  hs_seq_ranges_insert (set, 200, 250);
  assert_ranges (set, 3, 100u, 250u, 300u, 400u, 500u, 600u);

  /* touching on the right */
  hs_seq_ranges_insert (set, 450, 500);
  assert_ranges (set, 3, 100u, 250u, 300u, 400u, 450u, 600u);

  /* inside one: nothing changes */
  hs_seq_ranges_insert (set, 320, 380);
  assert_ranges (set, 3, 100u, 250u, 300u, 400u, 450u, 600u);

  /* overlapping all three */
  hs_seq_ranges_insert (set, 150, 500);
  assert_ranges (set, 1, 100u, 600u);

  /* covering it from outside */
  hs_seq_ranges_insert (set, 50, 700);
  assert_ranges (set, 1, 50u, 700u);
  g_assert_cmpuint (hs_seq_ranges_bytes (set), ==, 650);

  hs_seq_ranges_clear (set);
  assert_ranges (set, 0);
  g_assert_cmpuint (hs_seq_ranges_bytes (set), ==, 0);
}

static void
test_holes (void)
{
  g_autoptr(HsSeqRanges) set = hs_seq_ranges_new ();
  guint32 start = 0, end = 0;
  guint index = 99;

  g_test_summary ("Coverage and holes: the first hole from a point, the covered run from a point, which range holds a byte");
  g_assert_false (hs_seq_ranges_first_hole (set, 0, &start, &end));
  g_assert_cmpuint (hs_seq_ranges_covered_end (set, 42), ==, 42);

  hs_seq_ranges_insert (set, 100, 200);
  hs_seq_ranges_insert (set, 300, 400);

  g_assert_true (hs_seq_ranges_first_hole (set, 0, &start, &end));
  g_assert_cmpuint (start, ==, 0);
  g_assert_cmpuint (end, ==, 100);
  g_assert_true (hs_seq_ranges_first_hole (set, 150, &start, &end));
  g_assert_cmpuint (start, ==, 200);
  g_assert_cmpuint (end, ==, 300);
  g_assert_true (hs_seq_ranges_first_hole (set, 250, &start, &end));
  g_assert_cmpuint (start, ==, 250);
  g_assert_cmpuint (end, ==, 300);
  /* nothing missing up to the highest range */
  g_assert_false (hs_seq_ranges_first_hole (set, 300, &start, &end));
  g_assert_false (hs_seq_ranges_first_hole (set, 450, &start, &end));

  g_assert_cmpuint (hs_seq_ranges_covered_end (set, 100), ==, 200);
  g_assert_cmpuint (hs_seq_ranges_covered_end (set, 150), ==, 200);
  g_assert_cmpuint (hs_seq_ranges_covered_end (set, 200), ==, 200);
  g_assert_cmpuint (hs_seq_ranges_covered_end (set, 99), ==, 99);
  /* a point beyond a range that lies wholly below it */
  g_assert_cmpuint (hs_seq_ranges_covered_end (set, 250), ==, 250);
  g_assert_cmpuint (hs_seq_ranges_covered_end (set, 350), ==, 400);

  g_assert_true (hs_seq_ranges_find (set, 100, &index));
  g_assert_cmpuint (index, ==, 0);
  g_assert_true (hs_seq_ranges_find (set, 399, &index));
  g_assert_cmpuint (index, ==, 1);
  g_assert_false (hs_seq_ranges_find (set, 200, NULL));
  g_assert_false (hs_seq_ranges_find (set, 99, NULL));
  g_assert_false (hs_seq_ranges_find (set, 400, NULL));
}

static void
test_remove_below (void)
{
  g_autoptr(HsSeqRanges) set = hs_seq_ranges_new ();

  g_test_summary ("Removal below a point drops whole ranges under it and trims the one across it");
  hs_seq_ranges_insert (set, 100, 200);
  hs_seq_ranges_insert (set, 300, 400);
  hs_seq_ranges_insert (set, 500, 600);
  g_assert_cmpuint (hs_seq_ranges_bytes_below (set, 350), ==, 150);
  g_assert_cmpuint (hs_seq_ranges_bytes_below (set, 100), ==, 0);
  g_assert_cmpuint (hs_seq_ranges_bytes_below (set, 1000), ==, 300);

  hs_seq_ranges_remove_below (set, 50);
  assert_ranges (set, 3, 100u, 200u, 300u, 400u, 500u, 600u);
  hs_seq_ranges_remove_below (set, 200);
  assert_ranges (set, 2, 300u, 400u, 500u, 600u);
  hs_seq_ranges_remove_below (set, 350);
  assert_ranges (set, 2, 350u, 400u, 500u, 600u);
  hs_seq_ranges_remove_below (set, 450);
  assert_ranges (set, 1, 500u, 600u);
  hs_seq_ranges_remove_below (set, 600);
  assert_ranges (set, 0);
  hs_seq_ranges_remove_below (set, 700);
  assert_ranges (set, 0);
}

static void
test_wrap (void)
{
  g_autoptr(HsSeqRanges) set = hs_seq_ranges_new ();
  guint32 start = 0, end = 0;

  g_test_summary ("Across 2^32 the order is that of sequence space: ranges past the wrap sort after those before it, merge with them, and holes span it");
  hs_seq_ranges_insert (set, 100, 300);                  /* after the wrap */
  hs_seq_ranges_insert (set, 0xffffff00u, 0xffffff80u);  /* before it */
  assert_ranges (set, 2, 0xffffff00u, 0xffffff80u, 100u, 300u);
  g_assert_cmpuint (hs_seq_ranges_bytes (set), ==, 0x80 + 200);

  /* the hole from 0xffffff80 runs across zero to 100 */
  g_assert_true (hs_seq_ranges_first_hole (set, 0xffffff00u, &start, &end));
  g_assert_cmpuint (start, ==, 0xffffff80u);
  g_assert_cmpuint (end, ==, 100);
  g_assert_cmpuint (end - start, ==, 0x80 + 100);
  g_assert_cmpuint (hs_seq_ranges_bytes_below (set, 200), ==, 0x80 + 100);

  /* a range across the wrap merges both into one */
  hs_seq_ranges_insert (set, 0xffffff80u, 100);
  assert_ranges (set, 1, 0xffffff00u, 300u);
  g_assert_cmpuint (hs_seq_ranges_bytes (set), ==, 0x100 + 300);
  g_assert_cmpuint (hs_seq_ranges_covered_end (set, 0xfffffff0u), ==, 300);
  g_assert_true (hs_seq_ranges_find (set, 5, NULL));
  g_assert_true (hs_seq_ranges_find (set, 0xffffffffu, NULL));

  /* removal below a point past the wrap trims it there */
  hs_seq_ranges_remove_below (set, 0xfffffff0u);
  assert_ranges (set, 1, 0xfffffff0u, 300u);
  hs_seq_ranges_remove_below (set, 10);
  assert_ranges (set, 1, 10u, 300u);
  hs_seq_ranges_remove_below (set, 300);
  assert_ranges (set, 0);
}

static void
test_many (void)
{
  g_autoptr(HsSeqRanges) set = hs_seq_ranges_new ();

  g_test_summary ("Many ranges (beyond the first allocation) filled in from both ends merge into one at the last insert");
  for (guint i = 0; i < 100; i++)
    hs_seq_ranges_insert (set, 0xfffff000u + i * 100, 0xfffff000u + i * 100 + 50);
  g_assert_cmpuint (hs_seq_ranges_get_n (set), ==, 100);
  for (guint i = 99; i > 0; i--)
    hs_seq_ranges_insert (set, 0xfffff000u + i * 100 - 50, 0xfffff000u + i * 100);
  assert_ranges (set, 1, 0xfffff000u, 0xfffff000u + 99 * 100 + 50);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/engine/seq-ranges/insert-disjoint", test_insert_disjoint);
  g_test_add_func ("/engine/seq-ranges/insert-merge", test_insert_merge);
  g_test_add_func ("/engine/seq-ranges/holes", test_holes);
  g_test_add_func ("/engine/seq-ranges/remove-below", test_remove_below);
  g_test_add_func ("/engine/seq-ranges/wrap", test_wrap);
  g_test_add_func ("/engine/seq-ranges/many", test_many);

  return g_test_run ();
}
