/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-state-machine.c: the RFC 9293 state diagram, laid out as the RFC
 * draws it, on any cairo_t. */

#define G_LOG_DOMAIN "hs-state-machine"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "hs-diagram-draw.h"
#include "hs-diagram-layout-private.h"
#include "hs-state-machine.h"

/* Figure units: about a pixel each at the size a window shows it. */
#define FIGURE_WIDTH   1000.0
#define FIGURE_HEIGHT  950.0
#define BOX_WIDTH      176.0
#define BOX_HEIGHT     54.0

#define COL_L  190.0
#define COL_M  500.0
#define COL_R  810.0

static const double box_centres[HS_STATE_MACHINE_N_BOXES][2] = {
  [HS_STATE_CLOSED]           = { COL_M, 50 },
  [HS_STATE_LISTEN]           = { COL_M, 180 },
  [HS_STATE_SYN_RECEIVED]     = { COL_L, 330 },
  [HS_STATE_SYN_SENT]         = { COL_R, 330 },
  [HS_STATE_ESTABLISHED]      = { COL_M, 480 },
  [HS_STATE_FIN_WAIT_1]       = { COL_L, 630 },
  [HS_STATE_CLOSE_WAIT]       = { COL_R, 630 },
  [HS_STATE_FIN_WAIT_2]       = { COL_L, 760 },
  [HS_STATE_CLOSING]          = { COL_M, 760 },
  [HS_STATE_LAST_ACK]         = { COL_R, 760 },
  [HS_STATE_TIME_WAIT]        = { COL_M, 890 },
  [HS_STATE_MACHINE_CLOSED_END] = { COL_R, 890 },
};

#define MAX_POINTS 4

typedef struct
{
  guint        from, to;
  guint        n_points;
  double       points[MAX_POINTS][2];
  double       label_x, label_y;   /* the label block's top, at its anchor */
  double       align;              /* 0: starts at label_x, 1: ends there, 0.5: centred */
  const char  *event;              /* what happens */
  const char  *action;             /* what TCP does about it; "x": nothing */
} Edge;

/* Translators: the transitions of the TCP state diagram, "event" over
 * "action", as RFC 9293 figure 6 writes them; textbooks keep the RFC's
 * words, so translate only where your textbooks do. */
static const Edge edges[] = {
  { HS_STATE_CLOSED, HS_STATE_LISTEN, 2, { { 480, 77 }, { 480, 153 } },
    470, 95, 1, NC_("state machine", "passive OPEN"), NC_("state machine", "create TCB") },
  { HS_STATE_LISTEN, HS_STATE_CLOSED, 2, { { 520, 153 }, { 520, 77 } },
    530, 95, 0, NC_("state machine", "CLOSE"), NC_("state machine", "delete TCB") },
  { HS_STATE_CLOSED, HS_STATE_SYN_SENT, 3, { { 588, 38 }, { 870, 38 }, { 870, 303 } },
    880, 140, 0, NC_("state machine", "active OPEN"), NC_("state machine", "snd SYN") },
  { HS_STATE_SYN_SENT, HS_STATE_CLOSED, 3, { { 770, 303 }, { 770, 62 }, { 588, 62 } },
    760, 140, 1, NC_("state machine", "CLOSE"), NC_("state machine", "delete TCB") },
  { HS_STATE_LISTEN, HS_STATE_SYN_SENT, 2, { { 588, 195 }, { 722, 314 } },
    662, 200, 0, NC_("state machine", "SEND"), NC_("state machine", "snd SYN") },
  { HS_STATE_LISTEN, HS_STATE_SYN_RECEIVED, 2, { { 412, 195 }, { 278, 314 } },
    338, 200, 1, NC_("state machine", "rcv SYN"), NC_("state machine", "snd SYN,ACK") },
  { HS_STATE_SYN_SENT, HS_STATE_SYN_RECEIVED, 2, { { 722, 336 }, { 278, 336 } },
    500, 282, 0.5, NC_("state machine", "rcv SYN"), NC_("state machine", "snd SYN,ACK") },
  { HS_STATE_SYN_RECEIVED, HS_STATE_ESTABLISHED, 2, { { 250, 357 }, { 412, 470 } },
    /* Translators: "rcv" is receive, "snd" send; "x" is the RFC figure's
     * mark for an event that makes TCP send nothing */
    300, 402, 1, NC_("state machine", "rcv ACK of SYN"), NC_("state machine", "x") },
  { HS_STATE_SYN_SENT, HS_STATE_ESTABLISHED, 2, { { 750, 357 }, { 588, 470 } },
    700, 402, 0, NC_("state machine", "rcv SYN,ACK"), NC_("state machine", "snd ACK") },
  { HS_STATE_SYN_RECEIVED, HS_STATE_FIN_WAIT_1, 2, { { 140, 357 }, { 140, 603 } },
    130, 460, 1, NC_("state machine", "CLOSE"), NC_("state machine", "snd FIN") },
  { HS_STATE_ESTABLISHED, HS_STATE_FIN_WAIT_1, 2, { { 412, 495 }, { 278, 612 } },
    384, 545, 0, NC_("state machine", "CLOSE"), NC_("state machine", "snd FIN") },
  { HS_STATE_ESTABLISHED, HS_STATE_CLOSE_WAIT, 2, { { 588, 495 }, { 722, 612 } },
    616, 545, 1, NC_("state machine", "rcv FIN"), NC_("state machine", "snd ACK") },
  { HS_STATE_FIN_WAIT_1, HS_STATE_FIN_WAIT_2, 2, { { 150, 657 }, { 150, 733 } },
    140, 672, 1, NC_("state machine", "rcv ACK of FIN"), NC_("state machine", "x") },
  { HS_STATE_FIN_WAIT_1, HS_STATE_CLOSING, 2, { { 278, 645 }, { 412, 742 } },
    348, 648, 0, NC_("state machine", "rcv FIN"), NC_("state machine", "snd ACK") },
  { HS_STATE_CLOSE_WAIT, HS_STATE_LAST_ACK, 2, { { 810, 657 }, { 810, 733 } },
    800, 672, 1, NC_("state machine", "CLOSE"), NC_("state machine", "snd FIN") },
  { HS_STATE_FIN_WAIT_2, HS_STATE_TIME_WAIT, 3, { { 190, 787 }, { 190, 890 }, { 412, 890 } },
    300, 838, 0.5, NC_("state machine", "rcv FIN"), NC_("state machine", "snd ACK") },
  { HS_STATE_CLOSING, HS_STATE_TIME_WAIT, 2, { { 500, 787 }, { 500, 863 } },
    510, 802, 0, NC_("state machine", "rcv ACK of FIN"), NC_("state machine", "x") },
  { HS_STATE_LAST_ACK, HS_STATE_MACHINE_CLOSED_END, 2, { { 810, 787 }, { 810, 863 } },
    820, 802, 0, NC_("state machine", "rcv ACK of FIN"), NC_("state machine", "x") },
  { HS_STATE_TIME_WAIT, HS_STATE_MACHINE_CLOSED_END, 2, { { 588, 890 }, { 722, 890 } },
    655, 898, 0.5, NC_("state machine", "timeout = 2 MSL"), NC_("state machine", "delete TCB") },
};

/* Where a label on one line goes when the RFC's place does not suit it:
 * beside the diagonals out of ESTABLISHED rather than towards each other,
 * above the line to SYN-SENT rather than past the figure's edge, below
 * the boxes rather than between TIME-WAIT and CLOSED. */
static const struct {
  guint  from, to;
  double label_x, label_y, align;
} one_line_labels[] = {
  { HS_STATE_ESTABLISHED, HS_STATE_FIN_WAIT_1, 335, 530, 1 },
  { HS_STATE_ESTABLISHED, HS_STATE_CLOSE_WAIT, 665, 530, 0 },
  { HS_STATE_CLOSED, HS_STATE_SYN_SENT, 730, 0, 0.5 },
  { HS_STATE_TIME_WAIT, HS_STATE_MACHINE_CLOSED_END, 655, 930, 0.5 },
};

void
hs_state_machine_get_size (double *width,
                           double *height)
{
  if (width != NULL)
    *width = FIGURE_WIDTH;
  if (height != NULL)
    *height = FIGURE_HEIGHT;
}

void
hs_state_machine_get_box (guint               box,
                          HsStateMachineRect *rect)
{
  g_return_if_fail (box < HS_STATE_MACHINE_N_BOXES);
  g_return_if_fail (rect != NULL);

  rect->x = box_centres[box][0] - BOX_WIDTH / 2;
  rect->y = box_centres[box][1] - BOX_HEIGHT / 2;
  rect->width = BOX_WIDTH;
  rect->height = BOX_HEIGHT;
}

static const Edge *
find_edge (guint from,
           guint to)
{
  for (guint i = 0; i < G_N_ELEMENTS (edges); i++)
    if (edges[i].from == from && edges[i].to == to)
      return &edges[i];
  return NULL;
}

gboolean
hs_state_machine_has_transition (guint from,
                                 guint to)
{
  return find_edge (from, to) != NULL;
}

guint
hs_state_machine_box_for_state (HsState  state,
                                gboolean has_left_closed)
{
  if (state == HS_STATE_CLOSED && has_left_closed)
    return HS_STATE_MACHINE_CLOSED_END;
  return state;
}

/* Drawing */

static PangoLayout *
make_text (cairo_t    *cr,
           const char *text,
           double      size,
           gboolean    bold)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Sans");

  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

static void
text_size (PangoLayout *layout,
           double      *w,
           double      *h)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  *w = logical.width / (double) PANGO_SCALE;
  *h = logical.height / (double) PANGO_SCALE;
}

/* Where the figure lands in the area it is drawn in: figure units map
 * to pixels by sx across and sy down, so that the figure fills a wide
 * window as well as a tall one; type is sized by the smaller scale, and
 * never below what a class reads. */
typedef struct
{
  double ox, oy;
  double sx, sy;
  double s;           /* the smaller of sx and sy: line widths, heads */
  double label;       /* transition labels, px */
  double name;        /* state names, px */
  double badge;       /* endpoint badges, px */
  gboolean one_line;  /* "event / action" where two lines do not fit between the rows */
} Frame;

/* How much more the figure may be stretched one way than the other */
#define MAX_STRETCH 2.0
/* The smallest type, in pixels at font scale 1 */
#define MIN_LABEL_PX 12.0
#define MIN_NAME_PX  14.0
#define MIN_BADGE_PX 11.0
#define MARGIN 16.0

static gboolean
frame_init (Frame  *f,
            double  width,
            double  height,
            double  font_scale)
{
  double sx, sy;

  if (width <= 2 * MARGIN || height <= 2 * MARGIN)
    return FALSE;
  font_scale = CLAMP (font_scale, 0.5, 3.0);
  sx = (width - 2 * MARGIN) / FIGURE_WIDTH;
  sy = (height - 2 * MARGIN) / FIGURE_HEIGHT;
  f->s = MIN (sx, sy);
  f->sx = MIN (sx, f->s * MAX_STRETCH);
  f->sy = MIN (sy, f->s * MAX_STRETCH);
  f->ox = (width - FIGURE_WIDTH * f->sx) / 2;
  f->oy = (height - FIGURE_HEIGHT * f->sy) / 2;
  f->label = MAX (15 * f->s, MIN_LABEL_PX) * font_scale;
  f->name = MAX (17.5 * f->s, MIN_NAME_PX) * font_scale;
  f->badge = MAX (14 * f->s, MIN_BADGE_PX) * font_scale;
  /* the closest rows are 130 units apart; a two-line label needs about
   * 2.6 lines of type, a box its name and some air */
  f->one_line = 130 * f->sy - MAX (BOX_HEIGHT * f->sy, f->name * 1.25 + 10) < f->label * 2.6 + 4;
  return TRUE;
}

static double
fx (const Frame *f,
    double       x)
{
  return f->ox + x * f->sx;
}

static double
fy (const Frame *f,
    double       y)
{
  return f->oy + y * f->sy;
}

/* A box in pixels: as the figure stretches, and never smaller than its name. */
static void
box_rect (cairo_t            *cr,
          const Frame        *f,
          guint               box,
          HsStateMachineRect *r)
{
  HsState state = box == HS_STATE_MACHINE_CLOSED_END ? HS_STATE_CLOSED : (HsState) box;
  g_autoptr(PangoLayout) name = make_text (cr, hs_state_to_string (state), f->name, TRUE);
  double w, h;

  text_size (name, &w, &h);
  r->width = MAX (BOX_WIDTH * f->sx, w + 16);
  r->height = MAX (BOX_HEIGHT * f->sy, h + 10);
  r->x = fx (f, box_centres[box][0]) - r->width / 2;
  r->y = fy (f, box_centres[box][1]) - r->height / 2;
}

/* An edge's end drawn on a box's border in the figure lies on that border
 * in pixels too, however the box grew for its name. */
static void
edge_point (cairo_t     *cr,
            const Frame *f,
            const Edge  *edge,
            guint        i,
            double      *x,
            double      *y)
{
  const double *p = edge->points[i];
  guint box = i == 0 ? edge->from : i == edge->n_points - 1 ? edge->to : G_MAXUINT;
  HsStateMachineRect r;
  double cx, cy;

  *x = fx (f, p[0]);
  *y = fy (f, p[1]);
  if (box == G_MAXUINT)
    return;
  cx = box_centres[box][0];
  cy = box_centres[box][1];
  box_rect (cr, f, box, &r);
  if (fabs (fabs (p[0] - cx) - BOX_WIDTH / 2) < 1)
    *x = p[0] < cx ? r.x : r.x + r.width;
  else if (fabs (fabs (p[1] - cy) - BOX_HEIGHT / 2) < 1)
    *y = p[1] < cy ? r.y : r.y + r.height;
}

static void
draw_arrowhead (cairo_t *cr,
                double   x0,
                double   y0,
                double   x1,
                double   y1,
                double   size)
{
  double dx = x1 - x0, dy = y1 - y0;
  double len = sqrt (dx * dx + dy * dy);

  if (len < 0.5)
    return;
  hs_diagram_draw_arrowhead_path (cr, x1, y1, dx / len, dy / len, size, size * 0.5, 0);
  cairo_fill (cr);
}

typedef enum
{
  EDGE_PLAIN,
  EDGE_TRAIL,     /* a transition the endpoint made earlier */
  EDGE_LAST,      /* the endpoint's last transition */
} EdgeEmphasis;

static void
draw_edge (cairo_t                    *cr,
           const Frame                *f,
           const Edge                 *edge,
           const HsStateMachineColors *colors,
           const HsDiagramColor       *color,
           EdgeEmphasis                emphasis)
{
  g_autoptr(PangoLayout) event = NULL;
  g_autoptr(PangoLayout) action = NULL;
  double line = (emphasis == EDGE_LAST ? 4.5 : emphasis == EDGE_TRAIL ? 3 : 1.6) * MAX (f->s, 0.6);
  double head = (emphasis == EDGE_LAST ? 16 : 11) * MAX (f->s, 0.6);
  double pts[MAX_POINTS][2];
  double ew, eh, aw, ah, w, x, y, dx, dy, len;
  guint n = edge->n_points;

  for (guint i = 0; i < n; i++)
    edge_point (cr, f, edge, i, &pts[i][0], &pts[i][1]);

  cairo_save (cr);
  if (color != NULL)
    hs_diagram_draw_set_color (cr, color, emphasis == EDGE_TRAIL ? 0.55 : 1);
  else
    hs_diagram_draw_set_color (cr, &colors->edge, 1);
  cairo_set_line_width (cr, line);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  /* stop the line inside the head */
  cairo_move_to (cr, pts[0][0], pts[0][1]);
  for (guint i = 1; i < n - 1; i++)
    cairo_line_to (cr, pts[i][0], pts[i][1]);
  dx = pts[n - 1][0] - pts[n - 2][0];
  dy = pts[n - 1][1] - pts[n - 2][1];
  len = MAX (sqrt (dx * dx + dy * dy), 0.001);
  cairo_line_to (cr, pts[n - 1][0] - dx / len * head * 0.6, pts[n - 1][1] - dy / len * head * 0.6);
  cairo_stroke (cr);
  draw_arrowhead (cr, pts[n - 2][0], pts[n - 2][1], pts[n - 1][0], pts[n - 1][1], head);

  /* the label: event, a rule, action (the RFC's layout); on one line
   * "event / action" when the figure is squeezed */
  if (f->one_line)
    {
      g_autofree char *text = NULL;

      /* Translators: a transition's label on one line, when the state
       * diagram is too short for two: "rcv SYN / snd SYN,ACK" */
      text = g_strdup_printf (C_("state machine", "%s / %s"),
                              g_dpgettext2 (GETTEXT_PACKAGE, "state machine", edge->event),
                              g_dpgettext2 (GETTEXT_PACKAGE, "state machine", edge->action));
      double lx = edge->label_x, ly = edge->label_y, align = edge->align;

      for (guint i = 0; i < G_N_ELEMENTS (one_line_labels); i++)
        if (one_line_labels[i].from == edge->from && one_line_labels[i].to == edge->to)
          {
            lx = one_line_labels[i].label_x;
            ly = one_line_labels[i].label_y;
            align = one_line_labels[i].align;
          }
      event = make_text (cr, text, f->label, emphasis == EDGE_LAST);
      text_size (event, &ew, &eh);
      hs_diagram_draw_set_color (cr, emphasis == EDGE_LAST ? &colors->text : &colors->muted, 1);
      cairo_move_to (cr, fx (f, lx) - ew * align, fy (f, ly));
      pango_cairo_show_layout (cr, event);
      cairo_restore (cr);
      return;
    }
  event = make_text (cr, g_dpgettext2 (GETTEXT_PACKAGE, "state machine", edge->event), f->label,
                     emphasis == EDGE_LAST);
  action = make_text (cr, g_dpgettext2 (GETTEXT_PACKAGE, "state machine", edge->action), f->label,
                      emphasis == EDGE_LAST);
  text_size (event, &ew, &eh);
  text_size (action, &aw, &ah);
  w = MAX (ew, aw);
  x = fx (f, edge->label_x) - w * edge->align;
  y = fy (f, edge->label_y);

  hs_diagram_draw_set_color (cr, emphasis == EDGE_LAST ? &colors->text : &colors->muted, 1);
  cairo_move_to (cr, x + (w - ew) * edge->align, y);
  pango_cairo_show_layout (cr, event);
  cairo_set_line_width (cr, emphasis == EDGE_LAST ? 1.6 : 1);
  cairo_move_to (cr, x, round (y + eh + 2) + 0.5);
  cairo_line_to (cr, x + w, round (y + eh + 2) + 0.5);
  cairo_stroke (cr);
  cairo_move_to (cr, x + (w - aw) * edge->align, y + eh + 4);
  pango_cairo_show_layout (cr, action);

  cairo_restore (cr);
}

/* Numbered dots along the bottom of a box that an endpoint passed
 * through: which states it went through, in which order. */
static void
draw_trail_dots (cairo_t                  *cr,
                 const Frame              *f,
                 const HsStateMachineMark *marks,
                 guint                     n_marks)
{
  for (guint m = 0; m < n_marks; m++)
    for (guint t = 0; t + 1 < marks[m].n_trail; t++)
      {
        g_autofree char *number = g_strdup_printf ("%u", t + 1);
        g_autoptr(PangoLayout) text = make_text (cr, number, f->badge * 0.9, TRUE);
        HsStateMachineRect r;
        double tw, th, d, cx, cy;
        guint earlier = 0;

        /* a box passed through twice by the same endpoint gets its dots side by side */
        for (guint u = 0; u < t; u++)
          earlier += marks[m].trail[u] == marks[m].trail[t];
        box_rect (cr, f, marks[m].trail[t], &r);
        text_size (text, &tw, &th);
        d = MAX (tw, th) + 4;
        cx = m == 0 ? r.x + d / 2 + 4 + earlier * (d + 2) : r.x + r.width - d / 2 - 4 - earlier * (d + 2);
        cy = r.y + r.height;
        cairo_arc (cr, cx, cy, d / 2, 0, 2 * G_PI);
        hs_diagram_draw_set_color (cr, &marks[m].color, 1);
        cairo_fill (cr);
        cairo_set_source_rgb (cr, 1, 1, 1);
        cairo_move_to (cr, cx - tw / 2, cy - th / 2);
        pango_cairo_show_layout (cr, text);
      }
}

static void
draw_box (cairo_t                    *cr,
          const Frame                *f,
          guint                       box,
          const HsStateMachineColors *colors,
          const HsStateMachineMark   *marks,
          guint                       n_marks)
{
  HsStateMachineRect r;
  g_autoptr(PangoLayout) name = NULL;
  HsState state = box == HS_STATE_MACHINE_CLOSED_END ? HS_STATE_CLOSED : (HsState) box;
  const HsStateMachineMark *here[2] = { NULL, NULL };
  guint n_here = 0;
  double w, h, radius = 8 * MAX (f->s, 0.6);

  for (guint i = 0; i < n_marks && n_here < 2; i++)
    if (marks[i].box == box)
      here[n_here++] = &marks[i];

  box_rect (cr, f, box, &r);

  cairo_save (cr);
  hs_diagram_draw_rounded_rect (cr, r.x, r.y, r.width, r.height, radius);
  hs_diagram_draw_set_color (cr, &colors->box_fill, 1);
  cairo_fill_preserve (cr);
  if (n_here > 0)
    {
      /* a box shared by both endpoints is split in their two colours */
      cairo_save (cr);
      cairo_clip_preserve (cr);
      hs_diagram_draw_set_color (cr, &here[0]->color, 0.28);
      cairo_fill_preserve (cr);
      if (n_here == 2)
        {
          cairo_new_path (cr);
          cairo_rectangle (cr, r.x + r.width / 2, r.y, r.width / 2, r.height);
          hs_diagram_draw_set_color (cr, &colors->box_fill, 1);
          cairo_fill_preserve (cr);
          hs_diagram_draw_set_color (cr, &here[1]->color, 0.28);
          cairo_fill (cr);
        }
      cairo_restore (cr);
      hs_diagram_draw_rounded_rect (cr, r.x, r.y, r.width, r.height, radius);
      hs_diagram_draw_set_color (cr, &here[0]->color, 1);
      cairo_set_line_width (cr, 4);
      cairo_stroke (cr);
      if (n_here == 2)
        {
          cairo_save (cr);
          cairo_rectangle (cr, r.x + r.width / 2, r.y - 4, r.width / 2 + 4, r.height + 8);
          cairo_clip (cr);
          hs_diagram_draw_rounded_rect (cr, r.x, r.y, r.width, r.height, radius);
          hs_diagram_draw_set_color (cr, &here[1]->color, 1);
          cairo_stroke (cr);
          cairo_restore (cr);
        }
    }
  else
    {
      cairo_new_path (cr);
      hs_diagram_draw_rounded_rect (cr, r.x, r.y, r.width, r.height, radius);
      hs_diagram_draw_set_color (cr, &colors->box_border, 1);
      cairo_set_line_width (cr, 1.6);
      cairo_stroke (cr);
    }

  name = make_text (cr, hs_state_to_string (state), f->name, TRUE);
  text_size (name, &w, &h);
  hs_diagram_draw_set_color (cr, &colors->text, 1);
  cairo_move_to (cr, r.x + (r.width - w) / 2, r.y + (r.height - h) / 2);
  pango_cairo_show_layout (cr, name);

  /* badges name the endpoints, so the mark does not rely on colour */
  for (guint i = 0; i < n_here; i++)
    {
      g_autoptr(PangoLayout) badge = make_text (cr, here[i]->name, f->badge, TRUE);
      double bw, bh, bx, by;

      text_size (badge, &bw, &bh);
      bw += 14;
      bh += 4;
      bx = n_here == 1 ? r.x + r.width - bw + 6 : r.x + (i == 0 ? -6 : r.width - bw + 6);
      by = r.y - bh * 0.6;
      hs_diagram_draw_rounded_rect (cr, bx, by, bw, bh, bh / 2);
      hs_diagram_draw_set_color (cr, &here[i]->color, 1);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_move_to (cr, bx + 7, by + 2);
      pango_cairo_show_layout (cr, badge);
    }
  cairo_restore (cr);
}

double
hs_state_machine_label_size (double width,
                             double height,
                             double font_scale)
{
  Frame f;

  if (!frame_init (&f, width, height, font_scale))
    return 0;
  return f.label;
}

/* How @edge is drawn: the last transition of an endpoint, one it made
 * earlier (the colour of the first endpoint that did), or plain. */
static EdgeEmphasis
edge_emphasis (const Edge               *edge,
               const HsStateMachineMark *marks,
               guint                     n_marks,
               const HsDiagramColor    **color)
{
  EdgeEmphasis emphasis = EDGE_PLAIN;

  *color = NULL;
  for (guint m = 0; m < n_marks; m++)
    {
      if (marks[m].from_box == edge->from && marks[m].box == edge->to)
        {
          *color = &marks[m].color;
          return EDGE_LAST;
        }
      for (guint t = 0; t + 1 < marks[m].n_trail && emphasis == EDGE_PLAIN; t++)
        if (marks[m].trail[t] == edge->from && marks[m].trail[t + 1] == edge->to)
          {
            *color = &marks[m].color;
            emphasis = EDGE_TRAIL;
          }
    }
  return emphasis;
}

void
hs_state_machine_draw (cairo_t                    *cr,
                       double                      width,
                       double                      height,
                       const HsStateMachineColors *colors,
                       const HsStateMachineMark   *marks,
                       guint                       n_marks,
                       double                      font_scale)
{
  Frame f;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (colors != NULL);
  g_return_if_fail (marks != NULL || n_marks == 0);

  if (!frame_init (&f, width, height, font_scale))
    return;

  cairo_save (cr);
  hs_diagram_draw_set_color (cr, &colors->background, 1);
  cairo_paint (cr);

  /* plain transitions first, the trails over them, the last transitions
   * over those, boxes on top */
  for (EdgeEmphasis pass = EDGE_PLAIN; pass <= EDGE_LAST; pass++)
    for (guint i = 0; i < G_N_ELEMENTS (edges); i++)
      {
        const HsDiagramColor *color;

        if (edge_emphasis (&edges[i], marks, n_marks, &color) == pass)
          draw_edge (cr, &f, &edges[i], colors, color, pass);
      }
  for (guint b = 0; b < HS_STATE_MACHINE_N_BOXES; b++)
    draw_box (cr, &f, b, colors, marks, n_marks);
  draw_trail_dots (cr, &f, marks, n_marks);

  cairo_restore (cr);
}

/* The endpoints on the figure */

/* Scanning back for the last transition stops here on huge traces. */
#define MAX_SCAN 200000

void
hs_state_machine_colors_from_style (const HsDiagramStyle *style,
                                    HsStateMachineColors *colors)
{
  g_return_if_fail (style != NULL);
  g_return_if_fail (colors != NULL);

  colors->background = style->background;
  colors->text = style->text;
  colors->muted = style->muted;
  colors->box_fill = style->header_fill;
  colors->box_border = style->header_border;
  colors->edge = style->muted;
}

void
hs_state_machine_mark_color (HsDiagramStyleKind  kind,
                             guint               index,
                             HsDiagramColor     *color)
{
  /* client blue, server orange: told apart by people with any common
   * colour vision deficiency, and named in badges anyway */
  static const guint32 palette[HS_DIAGRAM_N_STYLES][2] = {
    [HS_DIAGRAM_STYLE_LIGHT]         = { 0x1c71d8, 0xc64600 },
    [HS_DIAGRAM_STYLE_DARK]          = { 0x3584e4, 0xe66100 },
    [HS_DIAGRAM_STYLE_HIGH_CONTRAST] = { 0x0b4f9c, 0xa13b00 },
    [HS_DIAGRAM_STYLE_PRINT]         = { 0x1a5fb4, 0x9c3a00 },
  };
  guint32 hex;

  g_return_if_fail (color != NULL);

  hex = palette[MIN (kind, HS_DIAGRAM_N_STYLES - 1)][index % 2];
  color->red = ((hex >> 16) & 0xff) / 255.0;
  color->green = ((hex >> 8) & 0xff) / 255.0;
  color->blue = (hex & 0xff) / 255.0;
  color->alpha = 1.0;
}

/* The last state change of @endpoint at or before @step, or HS_TRACE_NONE. */
static guint
last_transition (HsTrace *trace,
                 guint    step,
                 guint    endpoint)
{
  guint scanned = 0;

  if (step == HS_TRACE_NONE)
    return HS_TRACE_NONE;
  for (guint s = step + 1; s-- > 0 && scanned < MAX_SCAN; scanned++)
    {
      HsTraceStep ts;

      hs_trace_read_step (trace, s, &ts);
      if (ts.kind == HS_STEP_STATE_CHANGE && ts.endpoint == endpoint)
        return s;
    }
  return HS_TRACE_NONE;
}

/* The boxes @endpoint passed through up to @step, its present one last;
 * the oldest are dropped when there are more than the trail holds. */
static void
fill_trail (HsTrace            *trace,
            guint               step,
            guint               endpoint,
            HsStateMachineMark *mark)
{
  guint n = step == HS_TRACE_NONE ? 0 : MIN (step + 1, hs_trace_get_n_steps (trace));
  gboolean left_closed = FALSE;

  mark->n_trail = 0;
  mark->trail[mark->n_trail++] = hs_state_machine_box_for_state (hs_trace_get_state_at (trace, HS_TRACE_NONE, endpoint),
                                                                 FALSE);
  for (guint s = 0; s < n && s < MAX_SCAN; s++)
    {
      HsTraceStep ts;

      hs_trace_read_step (trace, s, &ts);
      if (ts.kind != HS_STEP_STATE_CHANGE || ts.endpoint != endpoint)
        continue;
      left_closed |= ts.from_state == HS_STATE_CLOSED;
      if (mark->n_trail == HS_STATE_MACHINE_MAX_TRAIL)
        {
          memmove (mark->trail, mark->trail + 1, (HS_STATE_MACHINE_MAX_TRAIL - 1) * sizeof mark->trail[0]);
          mark->n_trail--;
        }
      mark->trail[mark->n_trail++] = hs_state_machine_box_for_state (ts.to_state, left_closed);
    }
}

guint
hs_state_machine_marks_at_step (HsTrace            *trace,
                                guint               step,
                                HsDiagramStyleKind  kind,
                                HsStateMachineMark  marks[2])
{
  guint n_marks = 0;

  g_return_val_if_fail (HS_IS_TRACE (trace), 0);
  g_return_val_if_fail (marks != NULL, 0);

  for (guint e = 0; e < hs_trace_get_n_endpoints (trace) && n_marks < 2; e++)
    {
      const HsTraceEndpoint *ep = hs_trace_get_endpoint (trace, e);
      HsStateMachineMark *mark = &marks[n_marks];
      HsState state;
      guint change;

      if (ep->transport != HS_TRANSPORT_TCP)
        continue;

      state = hs_trace_get_state_at (trace, step, e);
      change = last_transition (trace, step, e);
      mark->name = hs_diagram_lane_name (trace, e);
      hs_state_machine_mark_color (kind, n_marks, &mark->color);
      mark->from_box = G_MAXUINT;
      mark->box = hs_state_machine_box_for_state (state, change != HS_TRACE_NONE);
      mark->endpoint = e;
      mark->state = state;
      mark->from_state = state;
      if (change != HS_TRACE_NONE)
        {
          HsTraceStep ts;

          hs_trace_read_step (trace, change, &ts);
          mark->from_box = hs_state_machine_box_for_state (ts.from_state, FALSE);
          mark->from_state = ts.from_state;
        }
      fill_trail (trace, step, e, mark);
      n_marks++;
    }

  return n_marks;
}
