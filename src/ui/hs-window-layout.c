/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-window-layout.c: how the window shares out its size. The lesson
 * sidebar and the side panel fold into overlays when docking them would
 * leave the diagram less than 60 % of the width; type grows with large
 * windows; the narration keeps one height whatever a step says. */

#define G_LOG_DOMAIN "hs-window"

#include "config.h"

#include <math.h>

#include "hs-window-private.h"

/* Below these window widths the sidebar (250 px) and the side panel
 * (300 px) fold: with both docked, 1400 px leaves the diagram 850 px
 * (61 %); with the panel alone, 1100 px leaves it 800 px (73 %). A
 * laptop's 1024 px gives the diagram the whole width. */
#define SIDEBAR_DOCK_WIDTH 1400
#define PANEL_DOCK_WIDTH   1100
#define SIDEBAR_WIDTH      250
#define PANEL_WIDTH        300
/* A lane, its labels and the space to the next need about this much at
 * the designed type size: a lesson with four lanes (tcp-vs-udp) keeps
 * the whole width for its diagram below 1540 px. */
#define LANE_WIDTH         310

/* Type is at its designed size up to this window and grows with it
 * beyond, by the smaller of the two ratios: a projector's 1920×1080 is
 * 1.5 times larger. */
#define BASE_WIDTH      1280.0
#define BASE_HEIGHT     720.0
#define MAX_SIZE_SCALE  2.5

/* The narration's lines: the sentence of a step fits in three at any
 * width a diagram is still readable at; a run's summary in presentation
 * mode scrolls when it needs more. The step's own sentence beneath a
 * summary takes two more. */
#define NARRATION_LINES 3
/* The timeline's ticks are spaced again when it is this much wider or
 * narrower than they were spaced for. */
#define MARKS_SLACK 40
#define STEP_SENTENCE_LINES 2

static guint
n_lanes (HsWindow *self)
{
  HsTrace *trace = hs_session_get_trace (self->session);

  if (trace == NULL)
    return 2;
  /* a trace of several connections has a lane per host, not per socket */
  if (hs_trace_get_n_hosts (trace) > 0)
    return hs_trace_get_n_hosts (trace);
  return hs_trace_get_n_endpoints (trace);
}

static gboolean
sidebar_folds (HsWindow *self,
               int       width)
{
  return width < MAX (SIDEBAR_DOCK_WIDTH, SIDEBAR_WIDTH + PANEL_WIDTH + (int) n_lanes (self) * LANE_WIDTH);
}

static gboolean
panel_folds (HsWindow *self,
             int       width)
{
  return width < MAX (PANEL_DOCK_WIDTH, PANEL_WIDTH + (int) n_lanes (self) * LANE_WIDTH);
}

static double
size_scale_for (int width,
                int height)
{
  double scale;

  if (width <= 0 || height <= 0)
    return 1.0;
  scale = MIN (width / BASE_WIDTH, height / BASE_HEIGHT);
  /* in steps of 5 %, so that a window dragged wider lays the diagram out
   * again a few times, not at every pixel */
  scale = floor (scale * 20) / 20;
  return CLAMP (scale, 1.0, MAX_SIZE_SCALE);
}

/* Moves the side panel between the paned (docked, resizable) and the
 * panel flap (an overlay from the right edge). */
static void
move_panel (HsWindow *self,
            gboolean  folded)
{
  g_autoptr(GtkWidget) panel = g_object_ref (self->panel);

  if (folded)
    {
      gtk_paned_set_end_child (self->paned, NULL);
      adw_flap_set_flap (self->panel_flap, panel);
    }
  else
    {
      adw_flap_set_flap (self->panel_flap, NULL);
      gtk_paned_set_end_child (self->paned, panel);
      self->panel_placed = FALSE;
      gtk_widget_add_tick_callback (GTK_WIDGET (self->paned), _hs_window_place_panel_cb, self, NULL);
    }
}

/* A side area that folds or docks because the window changed size goes
 * at once: sliding, it lagged behind the resize, and under Xvfb its
 * animation could stop half-way. The buttons still slide them. */
static void
reveal_at_once (AdwFlap  *flap,
                gboolean  reveal)
{
  /* libadwaita 1.2 has no duration for a flap's spring: an animation
   * asked for while animations are off jumps to its end */
  GtkSettings *settings = gtk_widget_get_settings (GTK_WIDGET (flap));
  gboolean animations;

  if (adw_flap_get_reveal_flap (flap) == reveal)
    return;
  g_object_get (settings, "gtk-enable-animations", &animations, NULL);
  if (animations)
    g_object_set (settings, "gtk-enable-animations", FALSE, NULL);
  adw_flap_set_reveal_flap (flap, reveal);
  if (animations)
    g_object_set (settings, "gtk-enable-animations", TRUE, NULL);
}

static void
apply_folding (HsWindow *self,
               int       width,
               int       height)
{
  gboolean sidebar_folded = sidebar_folds (self, width);
  gboolean panel_folded = panel_folds (self, width);
  double scale = size_scale_for (width, height);

  if (sidebar_folded != self->sidebar_folded)
    {
      self->sidebar_folded = sidebar_folded;
      adw_flap_set_fold_policy (self->flap, sidebar_folded ? ADW_FLAP_FOLD_POLICY_ALWAYS
                                                           : ADW_FLAP_FOLD_POLICY_NEVER);
      /* folded, the sidebar waits for its button; docked, it is as the
       * teacher left it */
      reveal_at_once (self->flap, !sidebar_folded && !self->presentation &&
                                  g_settings_get_boolean (self->settings, "sidebar-visible"));
    }
  if (panel_folded != self->panel_folded)
    {
      self->panel_folded = panel_folded;
      move_panel (self, panel_folded);
      gtk_widget_set_visible (self->panel, !panel_folded && !self->presentation &&
                                           g_settings_get_boolean (self->settings, "panel-visible"));
      reveal_at_once (self->panel_flap, panel_folded && gtk_widget_get_visible (self->panel));
    }
  if (scale != self->size_scale)
    {
      self->size_scale = scale;
      _hs_window_update_style (self);
    }
  if (ABS (gtk_widget_get_width (GTK_WIDGET (self->timeline)) - self->marks_width) > MARKS_SLACK)
    _hs_window_rebuild_timeline_marks (self);
  if (gtk_widget_get_width (GTK_WIDGET (self->narration_scroller)) != self->narration_fit_width)
    _hs_window_fit_narration (self);
  _hs_window_plot_allocated (self, width);
  _hs_window_update_actions (self);
}

static gboolean
apply_folding_idle_cb (gpointer user_data)
{
  HsWindow *self = HS_WINDOW (user_data);

  self->fold_idle_id = 0;
  if (gtk_widget_get_width (GTK_WIDGET (self)) <= 0)
    return G_SOURCE_REMOVE;
  apply_folding (self, gtk_widget_get_width (GTK_WIDGET (self)), gtk_widget_get_height (GTK_WIDGET (self)));
  return G_SOURCE_REMOVE;
}

/* The panel's button shows or hides the panel widget (hs-window-actions.c);
 * folded, that is the flap's reveal. */
static void
panel_visible_cb (HsWindow *self)
{
  if (self->panel_folded)
    adw_flap_set_reveal_flap (self->panel_flap, gtk_widget_get_visible (self->panel));
}

/* A click beside the folded panel, or a swipe, closes it. */
static void
panel_revealed_cb (HsWindow *self)
{
  if (self->panel_folded && !adw_flap_get_reveal_flap (self->panel_flap) &&
      gtk_widget_get_visible (self->panel))
    {
      gtk_widget_set_visible (self->panel, FALSE);
      _hs_window_update_actions (self);
    }
}

void
_hs_window_layout_allocated (HsWindow *self,
                             int       width,
                             int       height)
{
  gboolean sidebar_folded = sidebar_folds (self, width);
  gboolean panel_folded = panel_folds (self, width);

  if (width <= 0 || height <= 0)
    return;
  if (sidebar_folded == self->sidebar_folded && panel_folded == self->panel_folded &&
      !_hs_window_plot_needs_update (self, width) &&
      size_scale_for (width, height) == self->size_scale &&
      ABS (gtk_widget_get_width (GTK_WIDGET (self->timeline)) - self->marks_width) <= MARKS_SLACK &&
      gtk_widget_get_width (GTK_WIDGET (self->narration_scroller)) == self->narration_fit_width)
    return;
  /* not in the middle of laying the window out: moving a child now would
   * leave it without an allocation in this frame */
  if (self->fold_idle_id == 0)
    self->fold_idle_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, apply_folding_idle_cb, self, NULL);
}

static int
line_height (GtkLabel      *label,
             PangoAttrList *attrs)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (label), "Ág");
  int height = 0;

  pango_layout_set_attributes (layout, attrs);
  pango_layout_get_pixel_size (layout, NULL, &height);
  /* the narration's CSS spaces its lines 1.3 apart */
  return (int) ceil (height * 1.3);
}

static PangoAttrList *
scale_attrs (double scale)
{
  PangoAttrList *attrs = pango_attr_list_new ();

  pango_attr_list_insert (attrs, pango_attr_scale_new (scale));
  return attrs;
}

/* The type of a narration that would need more than NARRATION_LINES lines
 * at the window's size (a PRR or RACK step at 1024 px) is made smaller,
 * a step at a time down to NARRATION_FIT_MIN: the end of what the teacher
 * reads out stays on the screen, and the diagram keeps its height. */
#define NARRATION_FIT_STEP 0.05
#define NARRATION_FIT_MAX_STEPS 5   /* down to 0.75 of the type */

void
_hs_window_fit_narration (HsWindow *self)
{
  GtkWidget *label = GTK_WIDGET (self->narration_label);
  const char *text = gtk_label_get_text (self->narration_label);
  /* the scroller's width, not the label's: a scroll bar that comes and
   * goes with the text's length would make the two fits take turns */
  int width = gtk_widget_get_width (GTK_WIDGET (self->narration_scroller));
  double scale = self->narration_scale > 0 ? self->narration_scale : 1.0;
  int steps = 0;

  self->narration_fit_width = width;
  if (width > 0 && *text != '\0')
    {
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (label, text);

      pango_layout_set_width (layout, width * PANGO_SCALE);
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
      for (steps = 0; steps < NARRATION_FIT_MAX_STEPS; steps++)
        {
          PangoAttrList *attrs = scale_attrs (scale * (1 - steps * NARRATION_FIT_STEP));

          pango_layout_set_attributes (layout, attrs);
          pango_attr_list_unref (attrs);
          if (pango_layout_get_line_count (layout) <= NARRATION_LINES)
            break;
        }
    }
  if (steps != self->narration_fit_steps)
    {
      PangoAttrList *attrs = scale_attrs (scale * (1 - steps * NARRATION_FIT_STEP));

      self->narration_fit_steps = steps;
      gtk_label_set_attributes (self->narration_label, attrs);
      pango_attr_list_unref (attrs);
    }
}

double
hs_window_get_narration_fit (HsWindow *self)
{
  g_return_val_if_fail (HS_IS_WINDOW (self), 1.0);

  return 1 - MAX (self->narration_fit_steps, 0) * NARRATION_FIT_STEP;
}

void
_hs_window_update_narration_height (HsWindow *self)
{
  /* the narration's full size, not a long one's fitted type */
  PangoAttrList *attrs = scale_attrs (self->narration_scale > 0 ? self->narration_scale : 1.0);
  int height = NARRATION_LINES * line_height (self->narration_label, attrs);

  if (self->presentation)
    height += STEP_SENTENCE_LINES * line_height (self->step_sentence_label, attrs) + 4;
  /* GTK refuses a minimum above the maximum: the old maximum goes first */
  gtk_scrolled_window_set_max_content_height (self->narration_scroller, -1);
  gtk_scrolled_window_set_min_content_height (self->narration_scroller, height);
  gtk_scrolled_window_set_max_content_height (self->narration_scroller, height);
  pango_attr_list_unref (attrs);
}

double
_hs_window_get_size_scale (HsWindow *self)
{
  return self->size_scale > 0 ? self->size_scale : 1.0;
}

gboolean
_hs_window_get_sidebar_folded (HsWindow *self)
{
  return self->sidebar_folded;
}

gboolean
_hs_window_get_panel_folded (HsWindow *self)
{
  return self->panel_folded;
}

/* A lesson with more lanes needs more of the width. */
static void
trace_changed_cb (HsWindow *self)
{
  _hs_window_layout_allocated (self, gtk_widget_get_width (GTK_WIDGET (self)),
                               gtk_widget_get_height (GTK_WIDGET (self)));
}

void
_hs_window_init_layout (HsWindow *self)
{
  self->size_scale = 1.0;
  g_signal_connect_object (self->session, "notify::trace", G_CALLBACK (trace_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->panel, "notify::visible", G_CALLBACK (panel_visible_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->panel_flap, "notify::reveal-flap", G_CALLBACK (panel_revealed_cb), self,
                           G_CONNECT_SWAPPED);
}

void
_hs_window_layout_presize (HsWindow *self,
                           int       width,
                           int       height)
{
  apply_folding (self, width, height);
}

void
_hs_window_dispose_layout (HsWindow *self)
{
  g_clear_handle_id (&self->fold_idle_id, g_source_remove);
}
