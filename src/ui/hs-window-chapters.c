/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-window-chapters.c: finding one's way through a lesson. The chapters
 * (the lesson's own, or derived from the trace), their marks and the
 * step ticks on the timeline, the name of the present chapter (the
 * narration's heading shows it), and the actions and keys that jump to the next or previous chapter and
 * to the next or previous loss or retransmission; the legend. */

#define G_LOG_DOMAIN "hs-window"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "hs-chapters.h"
#include "hs-diagram-renderer.h"
#include "hs-window-private.h"

/* Ticks closer than this merge into a grey bar: fewer are drawn, a
 * round number of steps apart. */
#define MIN_TICK_SPACING 8
/* A chapter's name on the timeline needs about this much room. */
#define MIN_CHAPTER_LABEL_SPACING 84

static const HsChapter *
chapter_at (HsWindow *self,
            guint     index)
{
  return &g_array_index (self->chapters, HsChapter, index);
}

/* Chapter @index starts at session position step + 1: its first step shown. */
static guint
chapter_position (HsWindow *self,
                  guint     index)
{
  return chapter_at (self, index)->step + 1;
}

static int
find_next_chapter (HsWindow *self)
{
  guint position = hs_session_get_position (self->session);

  for (guint i = 0; self->chapters != NULL && i < self->chapters->len; i++)
    if (chapter_position (self, i) > position)
      return i;
  return -1;
}

/* The start of the present chapter when past it, else the one before. */
static int
find_previous_chapter (HsWindow *self)
{
  guint position = hs_session_get_position (self->session);

  for (guint i = self->chapters != NULL ? self->chapters->len : 0; i > 0; i--)
    if (chapter_position (self, i - 1) < position)
      return i - 1;
  return -1;
}

/* The position that shows the next (@forward) or previous loss or
 * retransmission, or 0 when there is none. */
static guint
find_loss (HsWindow *self,
           gboolean  forward)
{
  HsTrace *trace = hs_session_get_trace (self->session);
  guint position = hs_session_get_position (self->session);
  guint n = hs_session_get_n_steps (self->session);

  if (trace == NULL)
    return 0;
  if (forward)
    {
      /* position p shows step p - 1: the next step is p */
      for (guint i = position; i < n; i++)
        if (hs_trace_step_is_loss_or_retransmission (trace, i))
          return i + 1;
    }
  else
    {
      for (guint i = position > 1 ? position - 1 : 0; i > 0; i--)
        if (hs_trace_step_is_loss_or_retransmission (trace, i - 1))
          return i;
    }
  return 0;
}

static void
update_chapter_actions (HsWindow *self)
{
  struct { const char *name; gboolean enabled; } states[] = {
    { "next-chapter", find_next_chapter (self) >= 0 },
    { "previous-chapter", find_previous_chapter (self) >= 0 },
    { "next-loss", find_loss (self, TRUE) > 0 },
    { "previous-loss", find_loss (self, FALSE) > 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    {
      GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), states[i].name);

      g_simple_action_set_enabled (G_SIMPLE_ACTION (action), states[i].enabled);
    }
}

void
_hs_window_rebuild_timeline_marks (HsWindow *self)
{
  static const guint steps[] = { 1, 2, 5 };
  guint n = hs_session_get_n_steps (self->session);
  int width = gtk_widget_get_width (GTK_WIDGET (self->timeline));
  guint every = 1, max_ticks;
  double last_label = -G_MAXDOUBLE;

  if (width <= 0)
    width = 600;
  self->marks_width = width;
  gtk_scale_clear_marks (self->timeline);
  if (n == 0)
    return;

  /* a tick every 1, 2, 5, 10, 20, 50 … steps, as many as stay apart */
  max_ticks = MAX (width / MIN_TICK_SPACING, 2);
  for (guint scale = 1; n / every > max_ticks; scale *= 10)
    for (guint i = 0; i < G_N_ELEMENTS (steps) && n / every > max_ticks; i++)
      every = steps[i] * scale;
  for (guint i = 0; i <= n; i += every)
    gtk_scale_add_mark (self->timeline, i, GTK_POS_BOTTOM, NULL);

  /* the chapters above, named where there is room */
  for (guint i = 0; self->chapters != NULL && i < self->chapters->len; i++)
    {
      guint position = chapter_position (self, i);
      double x = width * (double) position / n;
      gboolean room = x - last_label >= MIN_CHAPTER_LABEL_SPACING;

      gtk_scale_add_mark (self->timeline, position, GTK_POS_TOP,
                          room ? hs_chapter_kind_label (chapter_at (self, i)->kind) : NULL);
      if (room)
        last_label = x;
    }
}

static void
trace_changed_cb (HsWindow *self)
{
  HsTrace *trace = hs_session_get_trace (self->session);
  HsScenario *scenario = hs_session_get_scenario (self->session);
  guint n = hs_session_get_n_steps (self->session);

  g_clear_pointer (&self->chapters, g_array_unref);
  if (trace != NULL && scenario != NULL && hs_scenario_get_n_chapters (scenario) > 0)
    {
      /* the lesson's own; those past the end of this run (a changed
       * parameter may shorten it) are left out */
      self->chapters = g_array_new (FALSE, FALSE, sizeof (HsChapter));
      for (guint i = 0; i < hs_scenario_get_n_chapters (scenario); i++)
        if (hs_scenario_get_chapter (scenario, i)->step < n)
          g_array_append_val (self->chapters, *hs_scenario_get_chapter (scenario, i));
    }
  else if (trace != NULL)
    self->chapters = hs_chapters_from_trace (trace);

  _hs_window_rebuild_timeline_marks (self);
  update_chapter_actions (self);
}

static void
position_changed_cb (HsWindow *self)
{
  update_chapter_actions (self);
}

static void
go_to (HsWindow *self,
       guint     position)
{
  hs_diagram_view_set_playing (self->diagram_view, FALSE);
  hs_session_set_position (self->session, position);
}

static void
next_chapter_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  HsWindow *self = user_data;
  int i = find_next_chapter (self);

  if (i >= 0)
    go_to (self, chapter_position (self, i));
}

static void
previous_chapter_action (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  HsWindow *self = user_data;
  int i = find_previous_chapter (self);

  if (i >= 0)
    go_to (self, chapter_position (self, i));
}

static void
next_loss_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  HsWindow *self = user_data;
  guint position = find_loss (self, TRUE);

  if (position > 0)
    go_to (self, position);
}

static void
previous_loss_action (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  HsWindow *self = user_data;
  guint position = find_loss (self, FALSE);

  if (position > 0)
    go_to (self, position);
}

/* The legend: the one exports draw below the diagram, laid out for a
 * trace with no steps (it does not depend on the trace) in the diagram's
 * present style. */
#define LEGEND_WIDTH 560

static void
legend_shown_cb (HsWindow *self)
{
  g_autoptr(HsTrace) empty = NULL;
  g_autoptr(HsDiagramStyle) style = NULL;
  HsDiagramLayoutOptions options;
  double x, y, w, h;

  g_clear_pointer (&self->legend, hs_diagram_layout_unref);
  if (!gtk_widget_get_visible (GTK_WIDGET (self->legend_popover)))
    return;

  empty = hs_trace_new ();
  hs_trace_add_endpoint (empty, "client", "10.0.0.1", 1, HS_STATE_CLOSED);
  hs_trace_add_endpoint (empty, "server", "10.0.0.2", 2, HS_STATE_CLOSED);
  style = hs_diagram_style_new (hs_diagram_view_get_style_kind (self->diagram_view));
  hs_diagram_layout_options_init (&options);
  options.show_legend = TRUE;
  self->legend = hs_diagram_layout_new (empty, style, LEGEND_WIDTH, &options);
  if (hs_diagram_layout_get_legend (self->legend, &x, &y, &w, &h))
    {
      gtk_drawing_area_set_content_width (self->legend_area, (int) ceil (w + 2 * x));
      gtk_drawing_area_set_content_height (self->legend_area, (int) ceil (h + 12));
    }
  gtk_widget_queue_draw (GTK_WIDGET (self->legend_area));
}

static void
draw_legend (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        user_data)
{
  HsWindow *self = user_data;
  double x, y, w, h;

  if (self->legend == NULL || !hs_diagram_layout_get_legend (self->legend, &x, &y, &w, &h))
    return;
  /* from just below the rule the legend starts with */
  cairo_translate (cr, 0, -y - 4);
  hs_diagram_renderer_draw (self->legend, cr, y + 4, y + h, NULL, HS_DIAGRAM_RENDER_DEFAULT);
}

static void
show_legend_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  HsWindow *self = user_data;

  gtk_menu_button_popup (self->legend_button);
}

HsDiagramLayout *
_hs_window_get_legend (HsWindow *self)
{
  return self->legend;
}

static const GActionEntry chapter_entries[] = {
  { "next-chapter", next_chapter_action },
  { "previous-chapter", previous_chapter_action },
  { "next-loss", next_loss_action },
  { "previous-loss", previous_loss_action },
  { "show-legend", show_legend_action },
};

/* Keys with Ctrl go to the window before any focused widget (the
 * timeline would page with Ctrl+Page Down); the plain keys only when
 * nothing focused takes them, so that "[" and "l" still type in the
 * lesson search. */
static const struct {
  const char        *trigger;
  const char        *action;
  GtkPropagationPhase phase;
} keys[] = {
  { "<Control>Page_Down", "win.next-chapter", GTK_PHASE_CAPTURE },
  { "<Control>Page_Up", "win.previous-chapter", GTK_PHASE_CAPTURE },
  { "bracketright", "win.next-chapter", GTK_PHASE_BUBBLE },
  { "bracketleft", "win.previous-chapter", GTK_PHASE_BUBBLE },
  { "l", "win.next-loss", GTK_PHASE_BUBBLE },
  { "<Shift>l", "win.previous-loss", GTK_PHASE_BUBBLE },
};

void
_hs_window_init_chapters (HsWindow *self)
{
  GtkEventController *capture = gtk_shortcut_controller_new ();
  GtkEventController *bubble = gtk_shortcut_controller_new ();

  g_action_map_add_action_entries (G_ACTION_MAP (self), chapter_entries, G_N_ELEMENTS (chapter_entries), self);

  gtk_event_controller_set_propagation_phase (capture, GTK_PHASE_CAPTURE);
  gtk_event_controller_set_propagation_phase (bubble, GTK_PHASE_BUBBLE);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys[i].phase == GTK_PHASE_CAPTURE ? capture : bubble),
                                          gtk_shortcut_new (gtk_shortcut_trigger_parse_string (keys[i].trigger),
                                                            gtk_named_action_new (keys[i].action)));
  gtk_widget_add_controller (GTK_WIDGET (self), capture);
  gtk_widget_add_controller (GTK_WIDGET (self), bubble);

  gtk_drawing_area_set_draw_func (self->legend_area, draw_legend, self, NULL);
  g_signal_connect_object (self->legend_popover, "notify::visible", G_CALLBACK (legend_shown_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::trace", G_CALLBACK (trace_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::position", G_CALLBACK (position_changed_cb), self,
                           G_CONNECT_SWAPPED);
  trace_changed_cb (self);
}

void
_hs_window_finalize_chapters (HsWindow *self)
{
  g_clear_pointer (&self->chapters, g_array_unref);
  g_clear_pointer (&self->legend, hs_diagram_layout_unref);
}

guint
_hs_window_get_n_chapters (HsWindow *self)
{
  return self->chapters != NULL ? self->chapters->len : 0;
}

const HsChapter *
_hs_window_get_chapter (HsWindow *self,
                        guint     index)
{
  g_return_val_if_fail (index < _hs_window_get_n_chapters (self), NULL);
  return chapter_at (self, index);
}

const char *
_hs_window_get_chapter_name (HsWindow *self)
{
  guint position = hs_session_get_position (self->session);
  const char *name = "";

  for (guint i = 0; self->chapters != NULL && i < self->chapters->len; i++)
    if (chapter_position (self, i) <= position)
      name = hs_chapter_kind_label (chapter_at (self, i)->kind);
  return name;
}
