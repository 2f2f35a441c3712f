/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-diagram-solver.c: labels, state names and notes kept apart. Over
 * 1,000 lines as one file: it is one algorithm, whose passes share the
 * index of active lines and boxes.
 *
 * The boxes that hold text (arrow labels, state names, notes) are placed
 * in event order, and wherever a box would touch another box or an arrow
 * that is not its own, room is made by inserting space before some event:
 * everything after it moves down. The insertion point and amount are
 * chosen so that the two things move apart by the least total stretch.
 * Passes repeat until one inserts nothing, which proves that no two boxes
 * overlap and no arrow crosses a foreign label. Space inserted during a
 * pass is kept in a Fenwick tree over the events, so the y of any event
 * costs a logarithm.
 *
 * Each box is checked against the boxes placed just before it and against
 * the active lines: those taken in near it and not yet left far behind.
 * In a long transfer that set holds thousands of lines (everything within
 * reach of the header obstacle), of which a few dozen are anywhere near a
 * given box. Since y only grows with the event index, the lines a box can
 * touch are those starting before its bottom (a prefix of the lines, which
 * are numbered in the order they start) and ending after its top: a tree
 * of the lines' latest events lists them in their order, so each query
 * costs the lines in flight there, not the length of the trace. The active
 * set itself is a heap by end event, since the lines left behind are
 * always those that end first. Every query returns what a scan of the
 * whole set in its order would: the layout does not depend on these
 * shortcuts. */

#define G_LOG_DOMAIN "hs-diagram-layout"

#include "config.h"

#include <math.h>
#include <string.h>

#include "hs-diagram-build-private.h"


/* Where a label may sit along its arrow (fraction of the way), above the
 * line first, then below it: crossing arrows put one label above the
 * crossing and the other below it. */
static const struct { double phi; gboolean below; gboolean narrow; } label_candidates[] = {
  { 0.5, FALSE, FALSE }, { 0.3, FALSE, FALSE }, { 0.7, FALSE, FALSE },
  { 0.15, FALSE, FALSE }, { 0.85, FALSE, FALSE },
  /* wrapped to half the gap, beside the sender: two labels of arrows sent
   * at once from both ends fit side by side */
  { 0.0, FALSE, TRUE }, { 0.5, FALSE, TRUE },
  { 0.5, TRUE, FALSE }, { 0.3, TRUE, FALSE }, { 0.7, TRUE, FALSE },
  { 0.5, TRUE, TRUE }, { 1.0, TRUE, TRUE },
};

/* ------------------------------------------------------------------ */
/* the y of events: their base, plus a Fenwick tree of inserted space   */

static inline void
fen_add (Solver *sv,
         guint   index,
         double  value)
{
  for (guint i = index + 1; i <= sv->n_ev; i += i & (-i))
    sv->fenwick[i] += value;
  sv->epoch++;
}

static inline double
fen_sum (Solver *sv,
         guint   index)
{
  double sum = 0;

  for (guint i = index + 1; i > 0; i -= i & (-i))
    sum += sv->fenwick[i];
  return sum;
}

static inline double
ev_y (Solver *sv,
      guint   index)
{
  return sv->base[index] + fen_sum (sv, index);
}

static void
fold (Solver *sv)
{
  double acc = 0;
  g_autofree double *delta = g_new0 (double, sv->n_ev);

  /* Recover the point insertions from the tree. */
  for (guint i = 0; i < sv->n_ev; i++)
    {
      double s = fen_sum (sv, i);
      delta[i] = s - acc;
      acc = s;
    }
  acc = 0;
  for (guint i = 0; i < sv->n_ev; i++)
    {
      acc += delta[i];
      sv->base[i] += acc;
    }
  memset (sv->fenwick, 0, sizeof (double) * (sv->n_ev + 1));
  sv->epoch++;
}

/* Whether event @e is at @y or below it (strictly below when @strict). */
static inline gboolean
event_reaches (Solver  *sv,
               guint    e,
               double   y,
               gboolean strict)
{
  double ye = ev_y (sv, e);

  return strict ? ye > y : ye >= y;
}

/* The first event at @y or below it (strictly below when @strict), or
 * n_ev when there is none. Events are in y order, so this is a search,
 * started at @hint and widened step by step, since the answer is usually
 * a few events away from the box that asks. */
static guint
first_event_reaching (Solver  *sv,
                      double   y,
                      gboolean strict,
                      guint    hint)
{
  guint lo, hi, step = 1;

  hint = MIN (hint, sv->n_ev - 1);

  if (event_reaches (sv, hint, y, strict))
    {
      /* the answer is in [lo, hi] and hi reaches */
      hi = hint;
      for (;;)
        {
          if (hi < step)
            {
              lo = 0;
              break;
            }
          if (!event_reaches (sv, hi - step, y, strict))
            {
              lo = hi - step + 1;
              break;
            }
          hi -= step;
          step *= 2;
        }
    }
  else
    {
      /* the answer is in [lo, hi], where hi == n_ev stands for none */
      lo = hint + 1;
      for (;;)
        {
          if (lo + step - 1 >= sv->n_ev)
            {
              hi = sv->n_ev;
              break;
            }
          if (event_reaches (sv, lo + step - 1, y, strict))
            {
              hi = lo + step - 1;
              break;
            }
          lo += step;
          step *= 2;
        }
    }

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (event_reaches (sv, mid, y, strict))
        hi = mid;
      else
        lo = mid + 1;
    }

  return lo;
}

/* The first line numbered @from or more whose later event is @min_event or
 * more, or NONE: a walk up the tree of latest events from leaf @from to the
 * first subtree that holds one, then down to its leftmost. */
static guint
next_line_reaching (Solver *sv,
                    guint   from,
                    guint   min_event)
{
  guint node;

  if (from >= sv->lines->len)
    return NONE;

  node = from + sv->span_size;
  while (sv->span_tree[node] < min_event)
    {
      /* past the right end of this subtree, to the next one */
      while (node & 1)
        node >>= 1;
      if (node == 0)
        return NONE;
      node++;
    }

  while (node < sv->span_size)
    {
      node *= 2;
      if (sv->span_tree[node] < min_event)
        node++;
    }

  node -= sv->span_size;
  return node < sv->lines->len ? node : NONE;
}

/* The active lines whose y range may meet [@y0, @y1]: numbered below
 * *@end, and from next_line_reaching (sv, i, *@min_event) on. Lines that
 * end before they start (sv->odd_lines) are not in that run: callers look
 * at them too. The range is widened by a little more than rounding, so no
 * line that a scan would find is left out. */
static void
lines_near (Solver *sv,
            double  y0,
            double  y1,
            guint   hint,
            guint  *min_event,
            guint  *end)
{
  const double eps = 1e-3;
  guint below;

  *min_event = first_event_reaching (sv, y0 - eps, FALSE, hint);
  below = first_event_reaching (sv, y1 + eps, TRUE, hint);
  *end = MIN (sv->lines_before[below], sv->next_line);
}

/* The active set: lines enter in the order they start and leave in the
 * order they end. */
static void
heap_push (Solver *sv,
           guint   li)
{
  guint i = sv->n_heap++;

  while (i > 0)
    {
      guint parent = (i - 1) / 2;

      if (g_array_index (sv->lines, Line, sv->heap[parent]).t <= g_array_index (sv->lines, Line, li).t)
        break;
      sv->heap[i] = sv->heap[parent];
      i = parent;
    }
  sv->heap[i] = li;
  sv->is_active[li] = TRUE;
  sv->epoch++;
}

static void
heap_pop (Solver *sv)
{
  guint last, i = 0;

  sv->is_active[sv->heap[0]] = FALSE;
  last = sv->heap[--sv->n_heap];

  for (;;)
    {
      guint child = 2 * i + 1;

      if (child >= sv->n_heap)
        break;
      if (child + 1 < sv->n_heap &&
          g_array_index (sv->lines, Line, sv->heap[child + 1]).t <
          g_array_index (sv->lines, Line, sv->heap[child]).t)
        child++;
      if (g_array_index (sv->lines, Line, last).t <= g_array_index (sv->lines, Line, sv->heap[child]).t)
        break;
      sv->heap[i] = sv->heap[child];
      i = child;
    }
  if (sv->n_heap > 0)
    sv->heap[i] = last;
  sv->epoch++;
}

static void
clear_active (Solver *sv)
{
  for (guint i = 0; i < sv->n_heap; i++)
    sv->is_active[sv->heap[i]] = FALSE;
  sv->n_heap = 0;
  sv->next_line = 0;
  sv->epoch++;
}

/* The lines' tree and tables, once per layout: lines never change their
 * events, only their y. */
static void
index_lines (Solver *sv)
{
  guint n = sv->lines->len;
  guint li = 0;

  sv->span_size = 1;
  while (sv->span_size < MAX (n, 1))
    sv->span_size *= 2;
  sv->span_tree = g_new0 (guint, 2 * sv->span_size);
  sv->line_hi = g_new (guint, MAX (n, 1));
  sv->odd_lines = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < n; i++)
    {
      const Line *l = &g_array_index (sv->lines, Line, i);

      /* numbered in the order they start: geometry adds a line per send */
      g_assert (i == 0 || g_array_index (sv->lines, Line, i - 1).s < l->s);
      sv->line_hi[i] = MAX (l->s, l->t);
      sv->span_tree[sv->span_size + i] = sv->line_hi[i];
      if (l->t < l->s)
        g_array_append_val (sv->odd_lines, i);
    }
  for (guint node = sv->span_size - 1; node > 0; node--)
    sv->span_tree[node] = MAX (sv->span_tree[2 * node], sv->span_tree[2 * node + 1]);

  sv->lines_before = g_new (guint, sv->n_ev + 1);
  for (guint e = 0; e <= sv->n_ev; e++)
    {
      while (li < n && g_array_index (sv->lines, Line, li).s < e)
        li++;
      sv->lines_before[e] = li;
    }

  sv->heap = g_new (guint, MAX (n, 1));
  sv->n_heap = 0;
  sv->is_active = g_new0 (guint8, MAX (n, 1));
  sv->cross_epoch = g_new0 (guint, MAX (n, 1));
  sv->crosses = g_new0 (guint8, MAX (n, 1));
  sv->slack_epoch = g_new0 (guint, MAX (n, 1));
  sv->line_slack = g_new0 (double, MAX (n, 1));
  sv->epoch = 1;
}

static void
free_line_index (Solver *sv)
{
  g_clear_pointer (&sv->span_tree, g_free);
  g_clear_pointer (&sv->line_hi, g_free);
  g_clear_pointer (&sv->odd_lines, g_array_unref);
  g_clear_pointer (&sv->lines_before, g_free);
  g_clear_pointer (&sv->heap, g_free);
  g_clear_pointer (&sv->is_active, g_free);
  g_clear_pointer (&sv->cross_epoch, g_free);
  g_clear_pointer (&sv->crosses, g_free);
  g_clear_pointer (&sv->slack_epoch, g_free);
  g_clear_pointer (&sv->line_slack, g_free);
}

/* How much longer line @li may grow: each place of a label weighs the
 * same lines in flight, so this is kept until a y changes. */
static inline double
line_slack (Solver *sv,
            guint   li)
{
  if (sv->slack_epoch[li] != sv->epoch)
    {
      const Line *l = &g_array_index (sv->lines, Line, li);

      sv->line_slack[li] = l->max_len - (ev_y (sv, l->t) - ev_y (sv, l->s));
      sv->slack_epoch[li] = sv->epoch;
    }
  return sv->line_slack[li];
}

/* ------------------------------------------------------------------ */
/* the solver                                                          */
static inline double
box_top (Solver    *sv,
         const Box *b)
{
  double ys = ev_y (sv, b->s);
  double yt = b->t == b->s ? ys : ev_y (sv, b->t);

  return (1.0 - b->a) * ys + b->a * yt + b->dy;
}

double
hs_diagram_solver_box_top (Solver    *sv,
                           const Box *b)
{
  return box_top (sv, b);
}

gboolean
hs_diagram_solver_place_is_narrow (guint cand)
{
  g_return_val_if_fail (cand < G_N_ELEMENTS (label_candidates), FALSE);

  return label_candidates[cand].narrow;
}

static inline double
line_y (const Line *l,
        double      ys,
        double      yt,
        double      x)
{
  double f = (x - l->x0) / (l->x1 - l->x0);

  f = CLAMP (f, 0.0, 1.0);
  return ys + f * (yt - ys);
}

void
hs_diagram_solver_place_label (Box        *b,
                               const Line *l,
                               double      gap,
                               guint       cand)
{
  double phi = label_candidates[cand].phi;
  gboolean below = label_candidates[cand].below;
  double cx, x0, x_at, f;

  if (b->detail >= HS_DIAGRAM_LABEL_HIDDEN)
    {
      /* takes no room, touches nothing */
      b->w = b->h = 0;
      b->x0 = b->x1 = -1e30;
      b->a = 0;
      b->dy = 0;
      b->cand = cand;
      return;
    }

  b->w = b->lw[b->detail][label_candidates[cand].narrow];
  b->h = b->lh[b->detail][label_candidates[cand].narrow];
  cx = l->x0 + phi * (l->x1 - l->x0);
  x0 = cx - b->w / 2;

  double gap_lo = l->gap_lo, gap_hi = l->gap_hi;

  /* An arrow across several lanes may carry its label in any gap it
   * crosses, never over a lane between. */
  if (l->gap_step > 0)
    {
      double lo = MIN (l->x0, l->x1), hi = MAX (l->x0, l->x1);
      double k = floor ((MIN (MAX (cx, lo), hi - 1) - lo) / l->gap_step);

      gap_lo = lo + k * l->gap_step + l->pad;
      gap_hi = lo + (k + 1) * l->gap_step - l->pad;
    }

  if (x0 > gap_hi - b->w)
    x0 = gap_hi - b->w;
  if (x0 < gap_lo)
    x0 = gap_lo;

  /* Above the line, the box's bottom clears the line where the line is
   * highest over the box (its end nearer the tail); below, its top clears
   * the line where it is lowest. */
  if ((l->x1 > l->x0) != below)
    x_at = x0;
  else
    x_at = x0 + b->w;
  f = (x_at - l->x0) / (l->x1 - l->x0);
  b->a = CLAMP (f, 0.0, 1.0);
  b->dy = below ? gap : -(gap + b->h);
  b->x0 = x0;
  b->x1 = x0 + b->w;
  b->cand = cand;
}

/* How much a point whose y is (1-a) y(s) + a y(t) moves per unit of space
 * inserted before event @p. */
static inline double
motion (guint  s,
        guint  t,
        double a,
        guint  p)
{
  return (1.0 - a) * (s >= p) + a * (t >= p);
}

typedef struct
{
  /* B's top/bottom and X's extent as linear constraints: each constraint
   * is need + r * d <= 0 must hold after inserting d (need > 0: violated). */
  double need[2];
  double r[2];
} Constraint;

/* The least d >= 0 that satisfies all constraints, or G_MAXDOUBLE. */
static double
solve_constraints (const double *need,
                   const double *r,
                   guint         n,
                   double        min_ratio)
{
  double lo = 0, hi = G_MAXDOUBLE;

  for (guint i = 0; i < n; i++)
    {
      if (need[i] > 0)
        {
          /* moving apart at less than a fifth of the space inserted would
           * stretch the diagram by five times the overlap: refuse */
          if (r[i] > -min_ratio)
            return G_MAXDOUBLE;
          lo = MAX (lo, need[i] / -r[i]);
        }
      else if (r[i] > 1e-9)
        hi = MIN (hi, -need[i] / r[i]);
    }

  return lo <= hi ? lo : G_MAXDOUBLE;
}

/* Space inserted where segments are in flight stretches them (their
 * slope no longer shows the delay), so it costs more than space inserted
 * where nothing flies. */
static inline void
consider (Solver *sv,
          double  d,
          guint   p,
          double *best_d,
          double *best_cost,
          guint  *best_p)
{
  double cost;

  if (d >= G_MAXDOUBLE || d > sv->slack)
    return;
  cost = d * (1.0 + 0.75 * MIN (sv->in_flight[p], 8));
  /* between two things that happen at the same moment (an arrival and
   * the state change it causes, or the answer it triggers) only when
   * nothing else will do: it shows them apart in time */
  if (sv->group_start[p] != p)
    cost *= 3.0;
  /* on a tie, keep things that happen at the same moment level: insert
   * before all of them rather than between them */
  if (cost < *best_cost - 1e-6 ||
      (cost < *best_cost + 1e-6 &&
       (sv->group_start[p] == p) > (sv->group_start[*best_p] == *best_p)))
    {
      *best_cost = cost;
      *best_d = d;
      *best_p = p;
    }
}

/* The least space, and where, that moves @b clear of the other box or
 * line; G_MAXDOUBLE when no single insertion can. */
static double
best_insertion (Solver     *sv,
                const Box  *b,
                const Box  *other_box,
                const Line *line,
                guint      *where)
{
  guint cands[16];
  guint n_cands = 0;
  double best_d = G_MAXDOUBLE, best_cost = G_MAXDOUBLE;
  guint best_p = 0;
  double m = sv->margin;
  double ys_b = ev_y (sv, b->s), yt_b = ev_y (sv, b->t);
  double top = (1.0 - b->a) * ys_b + b->a * yt_b + b->dy;
  double bottom = top + b->h;
  guint xs, xt;

  if (other_box != NULL)
    {
      xs = other_box->s;
      xt = other_box->t;
    }
  else
    {
      xs = line->s;
      xt = line->t;
    }

  {
    guint raw[16] = { b->s, b->s + 1, b->t, b->t + 1, xs, xs + 1, xt, xt + 1 };

    for (guint i = 0; i < 8; i++)
      raw[8 + i] = raw[i] < sv->n_ev ? sv->group_start[raw[i]] : raw[i];

    for (guint i = 0; i < 16; i++)
      {
        gboolean dup = FALSE;

        if (raw[i] < 1 || raw[i] >= sv->n_ev)
          continue;
        for (guint j = 0; j < n_cands; j++)
          dup |= cands[j] == raw[i];
        if (!dup)
          cands[n_cands++] = raw[i];
      }
  }

  for (guint c = 0; c < n_cands; c++)
    {
      guint p = cands[c];
      double mb = motion (b->s, b->t, b->a, p);
      double need[4], r[4], d;

      /* a label may not stretch segments in flight beyond their limit
       * (their slope shows the delay): it shrinks instead */
      if (b->kind == BOX_LABEL && sv->solving)
        {
          double slack = G_MAXDOUBLE;
          /* the active lines in flight at p: started before it (a prefix
           * of the lines), ending at it or after */
          guint end = MIN (sv->lines_before[p], sv->next_line);

          for (guint li = next_line_reaching (sv, 0, p); li < end;
               li = next_line_reaching (sv, li + 1, p))
            {
              const Line *al = &g_array_index (sv->lines, Line, li);

              /* only the fan around the label: arrows between other
               * lanes may lean a little more */
              if (sv->is_active[li] && al->s < p && p <= al->t &&
                  MIN (al->x0, al->x1) < b->x1 && MAX (al->x0, al->x1) > b->x0)
                slack = MIN (slack, line_slack (sv, li));
            }
          if (slack <= 0.5)
            continue;
          sv->slack = slack;
        }
      else
        sv->slack = G_MAXDOUBLE;

      if (other_box != NULL)
        {
          double otop = box_top (sv, other_box);
          double obottom = otop + other_box->h;
          double mo = motion (other_box->s, other_box->t, other_box->a, p);

          /* b below the other: obottom + m - top <= 0 */
          need[0] = obottom + m - top;
          r[0] = mo - mb;
          d = solve_constraints (need, r, 1, sv->min_ratio);
          consider (sv, d, p, &best_d, &best_cost, &best_p);

          /* b above the other: bottom + m - otop <= 0 */
          need[0] = bottom + m - otop;
          r[0] = mb - mo;
          d = solve_constraints (need, r, 1, sv->min_ratio);
          consider (sv, d, p, &best_d, &best_cost, &best_p);
        }
      else
        {
          double ys = ev_y (sv, line->s), yt = ev_y (sv, line->t);
          double xa = MAX (b->x0 - m, MIN (line->x0, line->x1));
          double xb = MIN (b->x1 + m, MAX (line->x0, line->x1));
          double xe[2] = { xa, xb };

          /* line below the box at both ends of the overlap */
          for (guint k = 0; k < 2; k++)
            {
              double f = CLAMP ((xe[k] - line->x0) / (line->x1 - line->x0), 0.0, 1.0);
              double ml = motion (line->s, line->t, f, p);

              need[k] = bottom + m - line_y (line, ys, yt, xe[k]);
              r[k] = mb - ml;
            }
          d = solve_constraints (need, r, 2, sv->min_ratio);
          consider (sv, d, p, &best_d, &best_cost, &best_p);

          /* line above the box */
          for (guint k = 0; k < 2; k++)
            {
              double f = CLAMP ((xe[k] - line->x0) / (line->x1 - line->x0), 0.0, 1.0);
              double ml = motion (line->s, line->t, f, p);

              need[k] = line_y (line, ys, yt, xe[k]) + m - top;
              r[k] = ml - mb;
            }
          d = solve_constraints (need, r, 2, sv->min_ratio);
          consider (sv, d, p, &best_d, &best_cost, &best_p);
        }
    }

  *where = best_p;
  return best_d;
}

#define MAX_INSERTION 2000.0

static void
apply_best_insertion (Solver     *sv,
                      Box        *b,
                      const Box  *other_box,
                      const Line *line)
{
  guint p;
  double d = best_insertion (sv, b, other_box, line, &p);

  /* Room that moves the box and what it meets alike solves nothing: a
   * state's name beside a host in the middle, with arrows coming in from
   * both sides, was pushed off one arrow onto the other, each time
   * further (10^108 px in syn-flood drawn to scale). A state's or a
   * note's name is given at most sv->state_room; past it, it is left
   * unsolved. */
  if (d > MAX_INSERTION || (b->kind != BOX_LABEL && d < G_MAXDOUBLE && b->spent + d > sv->state_room))
    d = G_MAXDOUBLE;
  if (d < G_MAXDOUBLE)
    {
      g_debug ("box %u (kind %u, events %u-%u, cand %u) against %s: %.1f px before event %u",
               b->ref, b->kind, b->s, b->t, b->cand, other_box ? "box" : "line", d, p);
      fen_add (sv, p, ceil (d + 0.5));
      sv->inserted = TRUE;
      b->spent += ceil (d + 0.5);
    }
  else
    {
      sv->unsolved++;
    }
}

static gboolean
boxes_touch (Solver    *sv,
             const Box *b,
             double     top,
             const Box *o)
{
  double m = sv->margin;
  double otop;

  if (b->x0 >= o->x1 + m || o->x0 >= b->x1 + m)
    return FALSE;

  otop = box_top (sv, o);
  return top < otop + o->h + m && otop < top + b->h + m;
}

static gboolean
box_crosses_line (Solver     *sv,
                  const Box  *b,
                  double      top,
                  const Line *l)
{
  double m = sv->margin;
  double xa = MAX (b->x0 - m, MIN (l->x0, l->x1));
  double xb = MIN (b->x1 + m, MAX (l->x0, l->x1));
  double ys, yt, ya, yb;

  if (xa >= xb)
    return FALSE;

  ys = ev_y (sv, l->s);
  yt = ev_y (sv, l->t);
  ya = line_y (l, ys, yt, xa);
  yb = line_y (l, ys, yt, xb);

  return MIN (ya, yb) < top + b->h + m && MAX (ya, yb) > top - m;
}

/* The first active line in their order that @b (whose top is @top)
 * touches, other than its own; NONE when there is none. */
static guint
first_crossed_line (Solver    *sv,
                    const Box *b,
                    double     top)
{
  double m = sv->margin;
  guint min_event, end, first = NONE;

  lines_near (sv, top - m, top + b->h + m, b->s, &min_event, &end);

  for (guint li = next_line_reaching (sv, 0, min_event); li < end;
       li = next_line_reaching (sv, li + 1, min_event))
    {
      if (sv->is_active[li] && li != b->owner &&
          box_crosses_line (sv, b, top, &g_array_index (sv->lines, Line, li)))
        {
          first = li;
          break;
        }
    }

  for (guint i = 0; i < sv->odd_lines->len; i++)
    {
      guint li = g_array_index (sv->odd_lines, guint, i);

      if (li < first && sv->is_active[li] && li != b->owner &&
          box_crosses_line (sv, b, top, &g_array_index (sv->lines, Line, li)))
        first = li;
    }

  return first;
}

/* The first thing @b touches, in *@obox or *@oline; FALSE when free. */
static gboolean
find_conflict_but (Solver     *sv,
                   const Box  *b,
                   const Box  *skip,
                   GArray     *recent,
                   const Box **obox,
                   const Line **oline)
{
  double top = box_top (sv, b);
  guint li;

  for (guint i = 0; i < recent->len; i++)
    {
      const Box *o = &g_array_index (sv->boxes, Box, g_array_index (recent, guint, i));

      if (o != b && o != skip && boxes_touch (sv, b, top, o))
        {
          *obox = o;
          *oline = NULL;
          return TRUE;
        }
    }

  li = first_crossed_line (sv, b, top);
  if (li != NONE)
    {
      *obox = NULL;
      *oline = &g_array_index (sv->lines, Line, li);
      return TRUE;
    }

  return FALSE;
}

/* The first thing @b touches, as find_conflict_but() with nothing skipped. */
static gboolean
find_conflict (Solver     *sv,
               const Box  *b,
               GArray     *recent,
               const Box **obox,
               const Line **oline)
{
  return find_conflict_but (sv, b, NULL, recent, obox, oline);
}

static gboolean
lines_cross (Solver     *sv,
             const Line *a,
             const Line *b)
{
  double ax0 = a->x0, ay0 = ev_y (sv, a->s), ax1 = a->x1, ay1 = ev_y (sv, a->t);
  double bx0 = b->x0, by0 = ev_y (sv, b->s), bx1 = b->x1, by1 = ev_y (sv, b->t);
  double d1x = ax1 - ax0, d1y = ay1 - ay0, d2x = bx1 - bx0, d2y = by1 - by0;
  double den = d1x * d2y - d1y * d2x, u, v;

  if (fabs (den) < 1e-9)
    return FALSE;
  u = ((bx0 - ax0) * d2y - (by0 - ay0) * d2x) / den;
  v = ((bx0 - ax0) * d1y - (by0 - ay0) * d1x) / den;
  return u > 0.05 && u < 0.95 && v > 0.05 && v < 0.95;
}

/* Whether the line @li crosses an active line. Kept until a y or the
 * active set changes: the places of a label ask it again and again. */
static gboolean
line_crosses_any (Solver *sv,
                  guint   li)
{
  const Line *own = &g_array_index (sv->lines, Line, li);
  double ys = ev_y (sv, own->s), yt = ev_y (sv, own->t);
  guint min_event, end;
  gboolean found = FALSE;

  if (sv->cross_epoch[li] == sv->epoch)
    return sv->crosses[li];

  /* Two lines cross well inside both (lines_cross()) only where their y
   * ranges overlap; a pixel more than that is far beyond rounding. */
  lines_near (sv, MIN (ys, yt) - 1.0, MAX (ys, yt) + 1.0, own->s, &min_event, &end);

  for (guint o = next_line_reaching (sv, 0, min_event); o < end && !found;
       o = next_line_reaching (sv, o + 1, min_event))
    found = sv->is_active[o] && o != li && lines_cross (sv, own, &g_array_index (sv->lines, Line, o));

  for (guint i = 0; i < sv->odd_lines->len && !found; i++)
    {
      guint o = g_array_index (sv->odd_lines, guint, i);

      found = sv->is_active[o] && o != li && lines_cross (sv, own, &g_array_index (sv->lines, Line, o));
    }

  sv->cross_epoch[li] = sv->epoch;
  sv->crosses[li] = found;
  return found;
}

static gboolean
label_candidate_allowed (Solver    *sv,
                         const Box *b,
                         guint      cand)
{
  const Line *own;

  if (!label_candidates[cand].below)
    return TRUE;

  /* Below the line only for an arrow that crosses another (so that the
   * two share the space on either side of the crossing): under a level
   * arrow, or one of a fan of parallel arrows, a label would seem to
   * belong to the next one. */
  if (sv->level || fabs (ev_y (sv, b->t) - ev_y (sv, b->s)) < b->lh[0][0])
    return FALSE;

  own = &g_array_index (sv->lines, Line, b->owner);

  /* a lost segment stops at its cross: below it is nobody's space */
  if (own->lost)
    return TRUE;

  return line_crosses_any (sv, b->owner);
}

/* What @b touches at one of its places, one neighbour aside. */
typedef struct
{
  Box      at;         /* @b put there */
  double   top;
  gboolean allowed;
  gboolean line;       /* it touches a foreign line */
  guint    n_boxes;    /* how many boxes placed before it touches (up to 2) */
  const Box *boxes[2];
} PlaceConflicts;

/* @b touches a label placed before it at about the same time (two arrows
 * sent at once): move that one to another of its places if that frees a
 * place for @b. What @b touches at each of its places, other than the
 * neighbour being moved, does not depend on where the neighbour goes, so
 * it is found once rather than once per place of each neighbour. */
static gboolean
repair_with_neighbour (Solver *sv,
                       Box    *b,
                       GArray *recent,
                       double  gap)
{
  const guint n_places = G_N_ELEMENTS (label_candidates);
  const Line *own = &g_array_index (sv->lines, Line, b->owner);
  const Box *obox = NULL;
  const Line *oline = NULL;
  PlaceConflicts places[G_N_ELEMENTS (label_candidates)];
  gboolean known = FALSE;
  guint last_cb = NONE;
  guint tried = 0;

  for (guint i = recent->len; i-- > 0 && tried < 4;)
    {
      Box *a = &g_array_index (sv->boxes, Box, g_array_index (recent, guint, i));
      const Line *a_line;
      guint a_cand = a->cand;

      if (a->kind != BOX_LABEL || a == b ||
          sv->group_start[a->s] != sv->group_start[b->s])
        continue;
      tried++;
      a_line = &g_array_index (sv->lines, Line, a->owner);

      for (guint ca = 0; ca < n_places; ca++)
        {
          if (ca == a_cand || !label_candidate_allowed (sv, a, ca))
            continue;
          hs_diagram_solver_place_label (a, a_line, gap, ca);
          if (find_conflict_but (sv, a, b, recent, &obox, &oline))
            continue;

          if (!known)
            {
              for (guint cb = 0; cb < n_places; cb++)
                {
                  PlaceConflicts *pc = &places[cb];

                  pc->allowed = label_candidate_allowed (sv, b, cb);
                  if (!pc->allowed)
                    continue;
                  pc->at = *b;
                  hs_diagram_solver_place_label (&pc->at, own, gap, cb);
                  pc->top = box_top (sv, &pc->at);
                  pc->line = first_crossed_line (sv, &pc->at, pc->top) != NONE;
                  pc->n_boxes = 0;
                  for (guint j = 0; j < recent->len && pc->n_boxes < 2; j++)
                    {
                      const Box *o = &g_array_index (sv->boxes, Box, g_array_index (recent, guint, j));

                      if (o != b && boxes_touch (sv, &pc->at, pc->top, o))
                        pc->boxes[pc->n_boxes++] = o;
                    }
                }
              known = TRUE;
            }

          for (guint cb = 0; cb < n_places; cb++)
            {
              const PlaceConflicts *pc = &places[cb];
              gboolean blocked;

              if (!pc->allowed)
                continue;
              last_cb = cb;
              /* a is at its new place, everything else where it was */
              blocked = pc->line || pc->n_boxes > 1 ||
                        (pc->n_boxes == 1 && pc->boxes[0] != a) ||
                        boxes_touch (sv, &pc->at, pc->top, a);
              if (!blocked)
                {
                  *b = pc->at;
                  /* boxes checked against the old place are checked again */
                  sv->inserted = TRUE;
                  return TRUE;
                }
            }
        }

      hs_diagram_solver_place_label (a, a_line, gap, a_cand);
    }

  /* left at the last place tried, as a search place by place would */
  if (last_cb != NONE)
    *b = places[last_cb].at;

  return FALSE;
}

/* The most room a label may ask for before it shrinks instead: a dense
 * fan of segments would otherwise stretch the diagram without end. Level
 * arrows (one row per event) make room row by row and never shrink. */
static double
label_budget (Solver    *sv,
              const Box *b)
{
  guint crowd;

  if (sv->level)
    return G_MAXDOUBLE;

  /* generous where little is in flight, tight in a dense fan */
  crowd = MIN (sv->in_flight[MIN (b->s + 1, sv->n_ev - 1)], 8);
  return (2.0 + 4.0 / (1 + crowd)) * b->lh[MIN (b->detail, HS_DIAGRAM_LABEL_NUMBER)][0] + 24.0;
}

/* Puts a label where it touches nothing, trying its last place first so
 * that passes settle; where every place touches something, where the
 * least room has to be made, unless that is more than the budget: then
 * the label shrinks and tries again. */
static void
choose_label_place (Solver    *sv,
                    Box       *b,
                    GArray    *recent,
                    double     gap)
{
  const Line *own = &g_array_index (sv->lines, Line, b->owner);
  const Box *obox = NULL;
  const Line *oline = NULL;

  for (;;)
    {
      guint first = b->cand, cheapest = first;
      double cheapest_d = G_MAXDOUBLE;

      if (b->detail >= HS_DIAGRAM_LABEL_HIDDEN)
        {
          hs_diagram_solver_place_label (b, own, gap, 0);
          return;
        }

      if (!label_candidate_allowed (sv, b, first))
        first = cheapest = 0;

      for (guint k = 0; k < G_N_ELEMENTS (label_candidates); k++)
        {
          guint cand = k == 0 ? first : (k <= first ? k - 1 : k);
          guint p;
          double d;

          if (!label_candidate_allowed (sv, b, cand))
            continue;

          hs_diagram_solver_place_label (b, own, gap, cand);
          if (!find_conflict (sv, b, recent, &obox, &oline))
            return;

          d = best_insertion (sv, b, obox, oline, &p);
          if (label_candidates[cand].below)
            d += b->h;   /* only when clearly cheaper than above */
          /* earlier places win ties: above the line reads more naturally */
          if (d < cheapest_d - 0.5)
            {
              cheapest_d = d;
              cheapest = cand;
            }
        }

      if (!sv->strict && repair_with_neighbour (sv, b, recent, gap))
        return;

      if (cheapest_d <= label_budget (sv, b))
        {
          hs_diagram_solver_place_label (b, own, gap, cheapest);
          return;
        }

      g_debug ("label %u shrinks to detail %u: cheapest place needs %.0f px, budget %.0f",
               b->ref, b->detail + 1, cheapest_d, label_budget (sv, b));
      b->detail++;
    }
}

static int
compare_boxes_by_s (gconstpointer a,
                    gconstpointer b)
{
  const Box *ba = a, *bb = b;

  if (ba->s != bb->s)
    return (ba->s > bb->s) - (ba->s < bb->s);
  return (ba->kind > bb->kind) - (ba->kind < bb->kind);
}

/* Makes active the lines, in the order of their start, that start no
 * lower than @reach; sv->next_line is the first not taken in yet. */
static void
take_in_lines (Solver *sv,
               double  reach)
{
  while (sv->next_line < sv->lines->len &&
         ev_y (sv, g_array_index (sv->lines, Line, sv->next_line).s) <= reach)
    heap_push (sv, sv->next_line++);
}

void
hs_diagram_solver_solve (HsDiagramLayout *self,
                         Solver          *sv)
{
  /* Passes that place labels anew, then passes that only make room,
   * with no limit on how slowly things may move apart, until none is
   * needed. */
  const guint free_passes = 8, max_passes = 24;
  g_autoptr(GArray) recent = g_array_new (FALSE, FALSE, sizeof (guint));
  double gap = self->style->label_gap;

  sv->group_start = g_new (guint, sv->n_ev + 1);
  for (guint i = 0; i < sv->n_ev; i++)
    sv->group_start[i] = i > 0 && g_array_index (sv->events, Event, i).key == g_array_index (sv->events, Event, i - 1).key
      ? sv->group_start[i - 1] : i;
  sv->group_start[sv->n_ev] = sv->n_ev;

  sv->in_flight = g_new0 (guint, sv->n_ev + 1);
  {
    g_autofree int *delta = g_new0 (int, sv->n_ev + 1);
    int acc = 0;

    for (guint i = 0; i < sv->lines->len; i++)
      {
        const Line *l = &g_array_index (sv->lines, Line, i);
        delta[l->s + 1]++;
        delta[l->t + 1]--;
      }
    for (guint i = 0; i < sv->n_ev; i++)
      {
        acc += delta[i];
        sv->in_flight[i] = (guint) MAX (acc, 0);
      }
  }

  index_lines (sv);

  g_array_sort (sv->boxes, compare_boxes_by_s);

  for (guint pass = 0; pass < max_passes; pass++)
    {
      fold (sv);
      sv->strict = pass >= free_passes;
      sv->min_ratio = 0.2;
      sv->inserted = FALSE;
      sv->unsolved = 0;
      g_array_set_size (recent, 0);
      clear_active (sv);
      sv->solving = TRUE;

      for (guint bi = 0; bi < sv->boxes->len; bi++)
        {
          Box *b;
          double ys, horizon, reach;
          const Box *obox = NULL;
          const Line *oline = NULL;
          guint j;

          if (hs_diagram_layout_cancelled (self))
            break;
          b = &g_array_index (sv->boxes, Box, bi);
          ys = ev_y (sv, b->s);
          horizon = ys - sv->max_above;

          /* forget what can no longer touch anything from here on */
          for (guint i = j = 0; i < recent->len; i++)
            {
              const Box *o = &g_array_index (sv->boxes, Box, g_array_index (recent, guint, i));

              if (!(o->t < b->s && box_top (sv, o) + o->h + sv->margin < horizon))
                g_array_index (recent, guint, j++) = g_array_index (recent, guint, i);
            }
          g_array_set_size (recent, j);

          /* Lines are left behind in the order they end: y grows with
           * the event, so once the earliest-ending active line is still
           * near, every later-ending one is too. */
          while (sv->n_heap > 0)
            {
              const Line *l = &g_array_index (sv->lines, Line, sv->heap[0]);

              if (!(l->t < b->s && ev_y (sv, l->t) + sv->margin < horizon))
                break;
              heap_pop (sv);
            }

          /* take in lines that start above the lowest this box can reach */
          reach = MAX (ev_y (sv, b->t), ys) + b->h + b->dy + 2 * sv->margin + b->h;
          take_in_lines (sv, reach);
          for (guint iter = 0; iter < (sv->strict ? 64u : 8u); iter++)
            {
              if (b->kind == BOX_LABEL && !sv->strict)
                choose_label_place (sv, b, recent, gap);
              else if (b->kind == BOX_LABEL)
                /* settling: no more hopping, but never under a line
                 * that nothing crosses */
                hs_diagram_solver_place_label (b, &g_array_index (sv->lines, Line, b->owner), gap,
                                               label_candidate_allowed (sv, b, b->cand) ? b->cand : 0);

              if (!find_conflict (sv, b, recent, &obox, &oline))
                break;

              if (b->kind == BOX_LABEL)
                {
                  guint p;

                  double need = best_insertion (sv, b, obox, oline, &p);

                  if (need > label_budget (sv, b))
                    {
                      g_debug ("label %u shrinks to detail %u: %.0f px needed (against %s), budget %.0f",
                               b->ref, b->detail + 1, need, obox ? "box" : "line", label_budget (sv, b));
                      /* shrink rather than stretch; hidden touches nothing */
                      b->detail++;
                      if (sv->strict)
                        continue;
                      b->cand = 0;
                      continue;
                    }
                }

              apply_best_insertion (sv, b, obox, oline);

              /* the insertion may have made lines reachable */
              reach = MAX (ev_y (sv, b->t), ev_y (sv, b->s)) + 2 * b->h + 2 * sv->margin;
              take_in_lines (sv, reach);
            }

          g_array_append_val (recent, bi);
        }

      g_debug ("layout pass %u: %s, %u unsolved", pass,
               sv->inserted ? "inserted space" : "settled", sv->unsolved);

      if (!sv->inserted || hs_diagram_layout_cancelled (self))
        break;
    }

  sv->solving = FALSE;
  clear_active (sv);
  free_line_index (sv);
  fold (sv);
}
