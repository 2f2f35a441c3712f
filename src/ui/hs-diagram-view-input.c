/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-diagram-view-input.c: what the diagram does with the pointer and the
 * keyboard: a click selects and inspects a segment, a right click or a
 * long press opens "Lose this segment", Ctrl+scroll and pinch zoom. */

#define G_LOG_DOMAIN "hs-diagram-view"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "hs-diagram-view-private.h"

static double
distance_to_segment (double px,
                     double py,
                     double x0,
                     double y0,
                     double x1,
                     double y1)
{
  double dx = x1 - x0, dy = y1 - y0;
  double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? ((px - x0) * dx + (py - y0) * dy) / len2 : 0;

  t = CLAMP (t, 0.0, 1.0);
  return hypot (px - (x0 + t * dx), py - (y0 + t * dy));
}

guint
hs_diagram_view_segment_at (HsDiagramView *self,
                            double         x,
                            double         y)
{
  HsTrace *trace = _hs_diagram_view_get_trace (self);
  double lx, ly, best = G_MAXDOUBLE, tolerance;
  guint n, hit = HS_TRACE_NONE;
  guint current;

  g_return_val_if_fail (HS_IS_DIAGRAM_VIEW (self), HS_TRACE_NONE);

  if (self->layout == NULL || trace == NULL)
    return HS_TRACE_NONE;

  lx = (x + _hs_diagram_view_viewport_x (self)) / _hs_diagram_view_get_scale (self);
  ly = (y + _hs_diagram_view_viewport_y (self)) / _hs_diagram_view_get_scale (self);
  tolerance = 8 / _hs_diagram_view_get_scale (self) + 2;
  current = self->shown_position;
  n = hs_diagram_layout_get_n_arrows (self->layout);

  for (guint i = 0; i < n; i++)
    {
      const HsDiagramArrow *a = hs_diagram_layout_get_arrow (self->layout, i);
      const HsDiagramRect *r = &a->label;
      double d;

      /* only what has happened can be clicked */
      if (a->step != HS_TRACE_NONE && a->step >= current)
        continue;
      if (MIN (MIN (a->y0, a->y1), r->y) - tolerance > ly || MAX (MAX (a->y0, a->y1), r->y + r->height) + tolerance < ly)
        continue;
      if (lx >= r->x && lx <= r->x + r->width && ly >= r->y && ly <= r->y + r->height)
        return a->segment;
      d = distance_to_segment (lx, ly, a->x0, a->y0, a->x1, a->y1);
      if (d < tolerance && d < best)
        {
          best = d;
          hit = a->segment;
        }
    }
  return hit;
}

void
hs_diagram_view_popup_menu (HsDiagramView *self,
                            guint          segment,
                            double         x,
                            double         y)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) what_if = g_menu_new ();
  g_autoptr(GMenu) look = g_menu_new ();
  g_autoptr(GMenuItem) item = NULL;
  g_autofree char *spec = NULL;
  HsTrace *trace = _hs_diagram_view_get_trace (self);
  const HsTraceSegment *seg;
  GdkRectangle rect = { (int) x, (int) y, 1, 1 };

  g_return_if_fail (HS_IS_DIAGRAM_VIEW (self));

  if (trace == NULL || segment >= hs_trace_get_n_segments (trace))
    return;
  seg = hs_trace_get_segment (trace, segment);
  spec = hs_session_drop_spec_for_segment (self->session, segment);

  switch (hs_session_get_restore (self->session, segment))
    {
    case HS_SESSION_RESTORE_ADDED:
    case HS_SESSION_RESTORE_LESSON:
      item = g_menu_item_new (_("_Restore This Segment"), NULL);
      g_menu_item_set_action_and_target_value (item, "win.restore-segment", g_variant_new_uint32 (segment));
      g_menu_append_item (what_if, item);
      break;
    case HS_SESSION_RESTORE_RANDOM:
    case HS_SESSION_RESTORE_NONE:
    default:
      if (seg->fate != HS_FATE_LOST && spec != NULL)
        {
          item = g_menu_item_new (_("_Lose This Segment"), NULL);
          g_menu_item_set_action_and_target_value (item, "win.lose-segment", g_variant_new_uint32 (segment));
          g_menu_append_item (what_if, item);
        }
      break;
    }
  g_clear_object (&item);
  item = g_menu_item_new (_("_Inspect"), NULL);
  g_menu_item_set_action_and_target_value (item, "win.inspect-segment", g_variant_new_uint32 (segment));
  g_menu_append_item (look, item);

  g_menu_append_section (menu, NULL, G_MENU_MODEL (what_if));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (look));

  gtk_popover_menu_set_menu_model (GTK_POPOVER_MENU (self->menu), G_MENU_MODEL (menu));
  gtk_popover_set_pointing_to (GTK_POPOVER (self->menu), &rect);
  gtk_popover_popup (GTK_POPOVER (self->menu));
}

static void
click_pressed_cb (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  HsDiagramView   *self)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));
  guint segment = hs_diagram_view_segment_at (self, x, y);
  GdkEventSequence *sequence = gtk_gesture_single_get_current_sequence (GTK_GESTURE_SINGLE (gesture));
  GdkEvent *event = gtk_gesture_get_last_event (GTK_GESTURE (gesture), sequence);

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (self->session == NULL)
    return;

  if (segment != HS_TRACE_NONE)
    hs_session_set_selected_segment (self->session, segment);

  if (button == GDK_BUTTON_SECONDARY || (event != NULL && gdk_event_triggers_context_menu (event)))
    {
      if (segment != HS_TRACE_NONE)
        hs_diagram_view_popup_menu (self, segment, x, y);
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
    }
  else if (segment != HS_TRACE_NONE)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.inspect-segment", "u", segment);
}

static void
long_press_cb (GtkGestureLongPress *gesture,
               double               x,
               double               y,
               HsDiagramView       *self)
{
  guint segment = hs_diagram_view_segment_at (self, x, y);

  if (segment == HS_TRACE_NONE || self->session == NULL)
    return;
  hs_session_set_selected_segment (self->session, segment);
  hs_diagram_view_popup_menu (self, segment, x, y);
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           HsDiagramView            *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));

  if (!(state & GDK_CONTROL_MASK))
    return FALSE;
  hs_diagram_view_set_zoom (self, self->zoom * exp (-dy * 0.1));
  return TRUE;
}

static void
zoom_begin_cb (GtkGesture       *gesture,
               GdkEventSequence *sequence,
               HsDiagramView    *self)
{
  self->zoom_gesture_start = self->zoom;
}

static void
zoom_scale_changed_cb (GtkGestureZoom *gesture,
                       double          scale,
                       HsDiagramView  *self)
{
  hs_diagram_view_set_zoom (self, self->zoom_gesture_start * scale);
}

static gboolean
menu_key_cb (GtkWidget *widget,
             GVariant  *args,
             gpointer   user_data)
{
  HsDiagramView *self = HS_DIAGRAM_VIEW (widget);
  guint segment;
  const HsDiagramArrow *arrow;

  if (self->session == NULL || self->layout == NULL)
    return FALSE;
  segment = hs_session_get_selected_segment (self->session);
  if (segment == HS_TRACE_NONE)
    segment = hs_session_get_current_segment (self->session);
  if (segment == HS_TRACE_NONE || (arrow = hs_diagram_layout_find_arrow (self->layout, segment)) == NULL)
    return FALSE;
  hs_diagram_view_popup_menu (self, segment,
                              arrow->label.x * _hs_diagram_view_get_scale (self) - _hs_diagram_view_viewport_x (self),
                              (arrow->label.y + arrow->label.height) * _hs_diagram_view_get_scale (self) - _hs_diagram_view_viewport_y (self));
  return TRUE;
}

void
_hs_diagram_view_class_init_input (GtkWidgetClass *widget_class)
{
  gtk_widget_class_add_binding (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, menu_key_cb, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Menu, 0, menu_key_cb, NULL);
}

void
_hs_diagram_view_init_input (HsDiagramView *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), 0);
  g_signal_connect (gesture, "pressed", G_CALLBACK (click_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_long_press_new ();
  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (gesture), TRUE);
  g_signal_connect (gesture, "pressed", G_CALLBACK (long_press_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_zoom_new ();
  g_signal_connect (gesture, "begin", G_CALLBACK (zoom_begin_cb), self);
  g_signal_connect (gesture, "scale-changed", G_CALLBACK (zoom_scale_changed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect (controller, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  self->menu = gtk_popover_menu_new_from_model (NULL);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->menu), TRUE);
  gtk_widget_set_halign (self->menu, GTK_ALIGN_START);
  gtk_widget_set_parent (self->menu, GTK_WIDGET (self));
}
