/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-window-keys.c: the window's keyboard. The keys a presentation clicker
 * sends (Page Down, Page Up) and the ones a teacher presses (Space, the
 * arrows, Home, End) step the lesson wherever the focus is, unless text is
 * being typed; Escape ends an edit and gives the keyboard back to the
 * diagram; the window's shortcuts work whatever has the focus. */

#define G_LOG_DOMAIN "hs-window"

#include "config.h"

#include <adwaita.h>

#include "hs-window-private.h"

/* Text is being edited when an entry has the focus, except a spin button
 * that shows its own value: after Enter, or after its arrows changed it,
 * nothing is being typed there and the keys belong to the lesson. */
static gboolean
focus_is_editing (GtkWidget *focus)
{
  GtkWidget *spin;
  g_autofree char *shown = NULL;

  if (focus == NULL || (!GTK_IS_EDITABLE (focus) && gtk_widget_get_ancestor (focus, GTK_TYPE_EDITABLE) == NULL))
    return FALSE;
  spin = GTK_IS_SPIN_BUTTON (focus) ? focus : gtk_widget_get_ancestor (focus, GTK_TYPE_SPIN_BUTTON);
  if (spin == NULL)
    return TRUE;
  /* GtkSpinButton's own output, "%0.*f" with its digits */
  shown = g_strdup_printf ("%0.*f", (int) gtk_spin_button_get_digits (GTK_SPIN_BUTTON (spin)),
                           gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)));
  return g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (spin)), shown) != 0;
}

/* Popovers and menus keep their own keys (Escape closes them, arrows move
 * through their items). */
static gboolean
focus_in_popup (GtkWidget *focus)
{
  return focus != NULL && gtk_widget_get_ancestor (focus, GTK_TYPE_POPOVER) != NULL;
}

void
_hs_window_focus_diagram (HsWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  GtkWidget *spin = focus != NULL ? gtk_widget_get_ancestor (focus, GTK_TYPE_SPIN_BUTTON) : NULL;

  /* what was typed counts, as when the focus leaves by Tab */
  if (spin != NULL)
    gtk_spin_button_update (GTK_SPIN_BUTTON (spin));
  gtk_widget_grab_focus (GTK_WIDGET (self->diagram_view));
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                HsWindow              *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  gboolean editing = focus_is_editing (focus);
  const char *action = NULL;

  /* the shortcut controller has the modified keys */
  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK))
    return GDK_EVENT_PROPAGATE;
  if (focus_in_popup (focus))
    return GDK_EVENT_PROPAGATE;

  switch (keyval)
    {
    case GDK_KEY_Escape:
      /* A clicker's Escape ends the slide show: presentation mode first,
       * even while the layout for it is still being made, then a long
       * simulation or layout */
      if (self->presentation)
        {
          hs_window_set_presentation (self, FALSE);
          return GDK_EVENT_STOP;
        }
      if (_hs_window_cancel_waiting (self))
        {
          /* the progress card and its Cancel button are gone */
          gtk_widget_grab_focus (GTK_WIDGET (self->diagram_view));
          return GDK_EVENT_STOP;
        }
      /* nothing to end, nowhere else to go: Escape stays free */
      if (focus == NULL || focus == GTK_WIDGET (self->diagram_view))
        return GDK_EVENT_PROPAGATE;
      _hs_window_focus_diagram (self);
      return GDK_EVENT_STOP;

    /* A clicker's keys: never a spin button's page up and down, even
     * while something is typed there. */
    case GDK_KEY_Page_Down:
    case GDK_KEY_KP_Page_Down:
      action = "step-forward";
      break;
    case GDK_KEY_Page_Up:
    case GDK_KEY_KP_Page_Up:
      action = "step-back";
      break;

    case GDK_KEY_space:
    case GDK_KEY_KP_Space:
      if (editing)
        return GDK_EVENT_PROPAGATE;
      action = (state & GDK_SHIFT_MASK) ? "step-back" : "step-forward";
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      if (editing)
        return GDK_EVENT_PROPAGATE;
      action = "step-forward";
      break;
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      if (editing)
        return GDK_EVENT_PROPAGATE;
      action = "step-back";
      break;
    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      if (editing)
        return GDK_EVENT_PROPAGATE;
      action = "go-start";
      break;
    case GDK_KEY_End:
    case GDK_KEY_KP_End:
      if (editing)
        return GDK_EVENT_PROPAGATE;
      action = "go-end";
      break;
    case GDK_KEY_p:
    case GDK_KEY_P:
      if (editing)
        return GDK_EVENT_PROPAGATE;
      g_action_group_activate_action (G_ACTION_GROUP (self), "play", NULL);
      return GDK_EVENT_STOP;
    default:
      return GDK_EVENT_PROPAGATE;
    }

  if (g_action_group_get_action_enabled (G_ACTION_GROUP (self), action))
    g_action_group_activate_action (G_ACTION_GROUP (self), action, NULL);
  /* at the first or last step the key still belongs to the lesson */
  return GDK_EVENT_STOP;
}

/* The window's own shortcuts, in the capture phase on the window: no
 * widget that has the focus sees them first. The application's
 * accelerators (hs-application.c) name the same actions for the menus. */
static const struct {
  const char *trigger;
  const char *action;
} window_shortcuts[] = {
  { "<Control>o", "win.open" },
  { "<Control>e", "win.export('png')" },
  { "F11", "win.presentation" },
  { "F5", "win.presentation" },
  { "<Control>question", "win.show-help-overlay" },
};

void
_hs_window_init_keys (HsWindow *self)
{
  GtkEventController *keys;
  GtkEventController *shortcuts;

  shortcuts = gtk_shortcut_controller_new ();
  gtk_event_controller_set_name (shortcuts, "hs-window-shortcuts");
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_GLOBAL);
  for (guint i = 0; i < G_N_ELEMENTS (window_shortcuts); i++)
    {
      g_autofree char *name = NULL;
      g_autoptr(GVariant) target = NULL;
      GtkShortcutTrigger *trigger = gtk_shortcut_trigger_parse_string (window_shortcuts[i].trigger);
      GtkShortcut *shortcut;

      if (!g_action_parse_detailed_name (window_shortcuts[i].action, &name, &target, NULL))
        g_assert_not_reached ();
      g_assert (trigger != NULL);
      shortcut = gtk_shortcut_new (trigger, gtk_named_action_new (name));
      if (target != NULL)
        gtk_shortcut_set_arguments (shortcut, target);
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), shortcut);
    }
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
}
