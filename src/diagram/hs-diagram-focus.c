/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-diagram-focus.c: the current step's label, whole. Where arrows are
 * dense the layout shortens labels so that none overlap; the label of the
 * segment the current step is about is drawn whole all the same, at the
 * label font, inside the diagram, and the labels it would cover give way
 * while it is current. */

#define G_LOG_DOMAIN "hs-diagram-layout"

#include "config.h"

#include <math.h>

#include "hs-diagram-build-private.h"

static const HsDiagramArrow *
step_arrow (HsDiagramLayout *self,
            guint            step)
{
  const HsTraceStep *s;

  if (step >= hs_trace_get_n_steps (self->trace))
    return NULL;
  s = hs_trace_get_step (self->trace, step);
  if (s->segment == HS_TRACE_NONE)
    return NULL;
  return hs_diagram_layout_find_arrow (self, s->segment);
}

double
hs_diagram_layout_focus_wrap (const HsDiagramArrow *arrow)
{
  /* the room between the arrow's lanes, not the narrow slot a dense
   * moment left it */
  return MAX (arrow->wrap_width, fabs (arrow->x1 - arrow->x0) - 16);
}

gboolean
hs_diagram_layout_get_focus_label (HsDiagramLayout *self,
                                   guint            step,
                                   HsDiagramRect   *rect,
                                   guint           *segment)
{
  const HsDiagramArrow *arrow;
  const HsTraceSegment *seg;
  g_autoptr(GArray) pieces = NULL;
  double w, h, cx, cy, x_lo, x_hi;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (rect != NULL, FALSE);

  if ((arrow = step_arrow (self, step)) == NULL)
    return FALSE;
  if (segment != NULL)
    *segment = arrow->segment;
  if (arrow->detail == HS_DIAGRAM_LABEL_FULL)
    {
      /* already whole where the layout put it */
      *rect = arrow->label;
      return TRUE;
    }

  seg = hs_trace_get_segment (self->trace, arrow->segment);
  pieces = g_array_new (FALSE, FALSE, sizeof (HsDiagramPiece));
  hs_diagram_layout_build_label (self, seg, seg->sent_step < hs_trace_get_n_steps (self->trace) ? seg->sent_step : G_MAXUINT,
                                 hs_diagram_layout_focus_wrap (arrow), HS_DIAGRAM_LABEL_FULL, pieces, &w, &h);

  /* over the arrow's middle, or where its short label was */
  if (arrow->detail != HS_DIAGRAM_LABEL_HIDDEN && arrow->label.height > 0)
    {
      cx = arrow->label.x + arrow->label.width / 2;
      cy = arrow->label.y + arrow->label.height / 2;
    }
  else
    {
      cx = (arrow->x0 + arrow->x1) / 2;
      cy = (arrow->y0 + arrow->y1) / 2;
    }
  /* between the arrow's lanes where it fits, inside the diagram always */
  x_lo = MIN (arrow->x0, arrow->x1);
  x_hi = MAX (arrow->x0, arrow->x1);
  if (x_hi - x_lo < w)
    {
      x_lo = 0;
      x_hi = self->width;
    }
  *rect = (HsDiagramRect) {
    CLAMP (cx - w / 2, x_lo, MAX (x_lo, x_hi - w)),
    CLAMP (cy - h / 2, self->body_top, MAX (self->body_top, self->body_bottom - h)),
    w, h
  };
  return TRUE;
}

static gboolean
rects_overlap (const HsDiagramRect *a,
               const HsDiagramRect *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width &&
         a->y < b->y + b->height && b->y < a->y + a->height;
}

gboolean
hs_diagram_layout_label_gives_way (HsDiagramLayout      *self,
                                   guint                 step,
                                   const HsDiagramRect  *focus,
                                   const HsDiagramArrow *arrow)
{
  const HsDiagramArrow *current;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (arrow != NULL, FALSE);

  if (focus == NULL || arrow->detail == HS_DIAGRAM_LABEL_HIDDEN)
    return FALSE;
  current = step_arrow (self, step);
  /* the current one is drawn in its focus place instead */
  if (current == arrow)
    return current->detail != HS_DIAGRAM_LABEL_FULL;
  return rects_overlap (focus, &arrow->label);
}

gboolean
hs_diagram_layout_note_gives_way (HsDiagramLayout     *self,
                                  const HsDiagramRect *focus,
                                  const HsDiagramNote *note)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (note != NULL, FALSE);

  return focus != NULL && rects_overlap (focus, &note->rect);
}
