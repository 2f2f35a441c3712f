/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-state-machine.c: the RFC 9293 state diagram, laid out as the RFC
 * draws it, on any cairo_t. */

#define G_LOG_DOMAIN "hs-state-machine"

#include "config.h"

#include <math.h>

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

static void
draw_edge (cairo_t                    *cr,
           const Edge                 *edge,
           const HsStateMachineColors *colors,
           const HsDiagramColor       *emphasis,
           double                      font_scale)
{
  g_autoptr(PangoLayout) event = NULL;
  g_autoptr(PangoLayout) action = NULL;
  double line = emphasis != NULL ? 4.5 : 1.6;
  double head = emphasis != NULL ? 16 : 11;
  const double *last = edge->points[edge->n_points - 1];
  const double *before = edge->points[edge->n_points - 2];
  double ew, eh, aw, ah, w, x, y;

  cairo_save (cr);
  if (emphasis != NULL)
    hs_diagram_draw_set_color (cr, emphasis, 1);
  else
    hs_diagram_draw_set_color (cr, &colors->edge, 1);
  cairo_set_line_width (cr, line);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  /* stop the line inside the head */
  cairo_move_to (cr, edge->points[0][0], edge->points[0][1]);
  for (guint i = 1; i < edge->n_points - 1; i++)
    cairo_line_to (cr, edge->points[i][0], edge->points[i][1]);
  {
    double dx = last[0] - before[0], dy = last[1] - before[1];
    double len = sqrt (dx * dx + dy * dy);

    cairo_line_to (cr, last[0] - dx / len * head * 0.6, last[1] - dy / len * head * 0.6);
  }
  cairo_stroke (cr);
  draw_arrowhead (cr, before[0], before[1], last[0], last[1], head);

  /* the label: event, a rule, action (the RFC's layout) */
  event = make_text (cr, g_dpgettext2 (GETTEXT_PACKAGE, "state machine", edge->event), 15 * font_scale, emphasis != NULL);
  action = make_text (cr, g_dpgettext2 (GETTEXT_PACKAGE, "state machine", edge->action), 15 * font_scale, emphasis != NULL);
  text_size (event, &ew, &eh);
  text_size (action, &aw, &ah);
  w = MAX (ew, aw);
  x = edge->label_x - w * edge->align;
  y = edge->label_y;

  hs_diagram_draw_set_color (cr, emphasis != NULL ? &colors->text : &colors->muted, 1);
  cairo_move_to (cr, x + (w - ew) * edge->align, y);
  pango_cairo_show_layout (cr, event);
  cairo_set_line_width (cr, emphasis != NULL ? 1.6 : 1);
  cairo_move_to (cr, x, round (y + eh + 2) + 0.5);
  cairo_line_to (cr, x + w, round (y + eh + 2) + 0.5);
  cairo_stroke (cr);
  cairo_move_to (cr, x + (w - aw) * edge->align, y + eh + 4);
  pango_cairo_show_layout (cr, action);

  cairo_restore (cr);
}

static void
draw_box (cairo_t                    *cr,
          guint                       box,
          const HsStateMachineColors *colors,
          const HsStateMachineMark   *marks,
          guint                       n_marks,
          double                      font_scale)
{
  HsStateMachineRect r;
  g_autoptr(PangoLayout) name = NULL;
  HsState state = box == HS_STATE_MACHINE_CLOSED_END ? HS_STATE_CLOSED : (HsState) box;
  const HsStateMachineMark *here[2] = { NULL, NULL };
  guint n_here = 0;
  double w, h;

  for (guint i = 0; i < n_marks && n_here < 2; i++)
    if (marks[i].box == box)
      here[n_here++] = &marks[i];

  hs_state_machine_get_box (box, &r);

  cairo_save (cr);
  hs_diagram_draw_rounded_rect (cr, r.x, r.y, r.width, r.height, 8);
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
      hs_diagram_draw_rounded_rect (cr, r.x, r.y, r.width, r.height, 8);
      hs_diagram_draw_set_color (cr, &here[0]->color, 1);
      cairo_set_line_width (cr, 4);
      cairo_stroke (cr);
      if (n_here == 2)
        {
          cairo_save (cr);
          cairo_rectangle (cr, r.x + r.width / 2, r.y - 4, r.width / 2 + 4, r.height + 8);
          cairo_clip (cr);
          hs_diagram_draw_rounded_rect (cr, r.x, r.y, r.width, r.height, 8);
          hs_diagram_draw_set_color (cr, &here[1]->color, 1);
          cairo_stroke (cr);
          cairo_restore (cr);
        }
    }
  else
    {
      hs_diagram_draw_set_color (cr, &colors->box_border, 1);
      cairo_set_line_width (cr, 1.6);
      cairo_stroke (cr);
    }

  name = make_text (cr, hs_state_to_string (state), 17.5 * font_scale, TRUE);
  text_size (name, &w, &h);
  hs_diagram_draw_set_color (cr, &colors->text, 1);
  cairo_move_to (cr, r.x + (r.width - w) / 2, r.y + (r.height - h) / 2);
  pango_cairo_show_layout (cr, name);

  /* badges name the endpoints, so the mark does not rely on colour */
  for (guint i = 0; i < n_here; i++)
    {
      g_autoptr(PangoLayout) badge = make_text (cr, here[i]->name, 14 * font_scale, TRUE);
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

void
hs_state_machine_draw (cairo_t                    *cr,
                       double                      width,
                       double                      height,
                       const HsStateMachineColors *colors,
                       const HsStateMachineMark   *marks,
                       guint                       n_marks,
                       double                      font_scale)
{
  double scale, margin = 16;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (colors != NULL);
  g_return_if_fail (marks != NULL || n_marks == 0);

  if (width <= 2 * margin || height <= 2 * margin)
    return;
  font_scale = CLAMP (font_scale, 0.5, 3.0);

  cairo_save (cr);
  hs_diagram_draw_set_color (cr, &colors->background, 1);
  cairo_paint (cr);

  scale = MIN ((width - 2 * margin) / FIGURE_WIDTH, (height - 2 * margin) / FIGURE_HEIGHT);
  cairo_translate (cr, (width - FIGURE_WIDTH * scale) / 2, (height - FIGURE_HEIGHT * scale) / 2);
  cairo_scale (cr, scale, scale);

  /* plain transitions first, emphasized ones over them, boxes on top */
  for (guint i = 0; i < G_N_ELEMENTS (edges); i++)
    {
      gboolean emphasized = FALSE;

      for (guint m = 0; m < n_marks; m++)
        if (marks[m].from_box == edges[i].from && marks[m].box == edges[i].to)
          emphasized = TRUE;
      if (!emphasized)
        draw_edge (cr, &edges[i], colors, NULL, font_scale);
    }
  for (guint m = 0; m < n_marks; m++)
    {
      const Edge *edge = find_edge (marks[m].from_box, marks[m].box);

      if (edge != NULL)
        draw_edge (cr, edge, colors, &marks[m].color, font_scale);
    }
  for (guint b = 0; b < HS_STATE_MACHINE_N_BOXES; b++)
    draw_box (cr, b, colors, marks, n_marks, font_scale);

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
      n_marks++;
    }

  return n_marks;
}
