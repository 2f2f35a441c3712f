/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-state-machine-view.c: the state diagram widget: reads the endpoints'
 * states at the playhead from the trace and draws hs-state-machine.c. */

#define G_LOG_DOMAIN "hs-state-machine-view"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-narration.h"
#include "hs-state-machine-view.h"
#include "hs-state-machine.h"
#include "hs-ui.h"

struct _HsStateMachineView
{
  GtkWidget           parent_instance;

  /* owned */
  HsSession          *session;
  GSignalGroup       *session_signals;   /* on whatever session is set */
  char               *caption;

  /* plain state */
  HsDiagramStyleKind  style_kind;
  double              font_scale;
  HsStateMachineMark  marks[2];
  guint               n_marks;
};

G_DEFINE_FINAL_TYPE (HsStateMachineView, hs_state_machine_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_CAPTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
hs_state_machine_view_lane_color (HsDiagramStyleKind  kind,
                                  guint               index,
                                  HsDiagramColor     *color)
{
  hs_state_machine_mark_color (kind, index, color);
}

static void
update (HsStateMachineView *self)
{
  HsTrace *trace = self->session != NULL ? hs_session_get_trace (self->session) : NULL;
  g_autoptr(GString) caption = g_string_new (NULL);
  guint step;

  self->n_marks = 0;
  if (trace == NULL)
    goto out;

  /* The marks as every export draws them; only the names are the
   * window's, translated and capitalized as its other labels. */
  step = hs_session_get_current_step (self->session);
  self->n_marks = hs_state_machine_marks_at_step (trace, step, self->style_kind, self->marks);
  for (guint i = 0; i < self->n_marks; i++)
    {
      HsStateMachineMark *mark = &self->marks[i];
      const char *name = hs_ui_endpoint_label (trace, mark->endpoint);

      mark->name = name;
      if (caption->len > 0)
        g_string_append_c (caption, '\n');

      if (mark->from_box != G_MAXUINT)
        {
          if (hs_state_machine_has_transition (mark->from_box, mark->box))
            /* Translators: "client: SYN-SENT → ESTABLISHED" */
            g_string_append_printf (caption, _("%s: %s → %s"), name,
                                    hs_narration_state_name (mark->from_state),
                                    hs_narration_state_name (mark->state));
          else
            /* Translators: a transition the RFC's figure has no arrow for,
             * such as a reset: "client: ESTABLISHED → CLOSED (not drawn in the RFC figure)" */
            g_string_append_printf (caption, _("%s: %s → %s (not drawn in the RFC figure)"), name,
                                    hs_narration_state_name (mark->from_state),
                                    hs_narration_state_name (mark->state));
        }
      else
        /* Translators: "server: LISTEN" */
        g_string_append_printf (caption, _("%s: %s"), name, hs_narration_state_name (mark->state));
    }

out:
  if (g_strcmp0 (self->caption, caption->str) != 0)
    {
      g_free (self->caption);
      self->caption = g_strdup (caption->str);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->caption,
                                      -1);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAPTION]);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
hs_state_machine_view_snapshot (GtkWidget   *widget,
                                GtkSnapshot *snapshot)
{
  HsStateMachineView *self = HS_STATE_MACHINE_VIEW (widget);
  g_autoptr(HsDiagramStyle) style = hs_diagram_style_new (self->style_kind);
  double w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  HsStateMachineColors colors;
  cairo_t *cr;

  if (w <= 0 || h <= 0)
    return;

  colors.background = style->background;
  colors.text = style->text;
  colors.muted = style->muted;
  colors.box_fill = style->header_fill;
  colors.box_border = style->header_border;
  colors.edge = style->muted;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));
  hs_state_machine_draw (cr, w, h, &colors, self->marks, self->n_marks, self->font_scale);
  cairo_destroy (cr);
}

static void
hs_state_machine_view_measure (GtkWidget      *widget,
                               GtkOrientation  orientation,
                               int             for_size,
                               int            *minimum,
                               int            *natural,
                               int            *minimum_baseline,
                               int            *natural_baseline)
{
  double fw, fh;

  hs_state_machine_get_size (&fw, &fh);
  *minimum = 200;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? (int) fw : (int) fh;
}

static void
hs_state_machine_view_dispose (GObject *object)
{
  HsStateMachineView *self = HS_STATE_MACHINE_VIEW (object);

  g_clear_object (&self->session_signals);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (hs_state_machine_view_parent_class)->dispose (object);
}

static void
hs_state_machine_view_finalize (GObject *object)
{
  HsStateMachineView *self = HS_STATE_MACHINE_VIEW (object);

  g_clear_pointer (&self->caption, g_free);

  G_OBJECT_CLASS (hs_state_machine_view_parent_class)->finalize (object);
}

static void
hs_state_machine_view_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  HsStateMachineView *self = HS_STATE_MACHINE_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_CAPTION:
      g_value_set_string (value, self->caption);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_state_machine_view_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  HsStateMachineView *self = HS_STATE_MACHINE_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      hs_state_machine_view_set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_state_machine_view_class_init (HsStateMachineViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hs_state_machine_view_dispose;
  object_class->finalize = hs_state_machine_view_finalize;
  object_class->get_property = hs_state_machine_view_get_property;
  object_class->set_property = hs_state_machine_view_set_property;

  widget_class->snapshot = hs_state_machine_view_snapshot;
  widget_class->measure = hs_state_machine_view_measure;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, HS_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAPTION] =
    g_param_spec_string ("caption", NULL, NULL, "",
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "statemachineview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
hs_state_machine_view_init (HsStateMachineView *self)
{
  self->caption = g_strdup ("");
  self->font_scale = 1.0;
  self->style_kind = HS_DIAGRAM_STYLE_LIGHT;

  /* connected once; set_session() only moves the group to another session */
  self->session_signals = g_signal_group_new (HS_TYPE_SESSION);
  g_signal_group_connect_swapped (self->session_signals, "notify::trace", G_CALLBACK (update), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::position", G_CALLBACK (update), self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("TCP state diagram"),
                                  -1);
}

GtkWidget *
hs_state_machine_view_new (void)
{
  return g_object_new (HS_TYPE_STATE_MACHINE_VIEW, NULL);
}

HsSession *
hs_state_machine_view_get_session (HsStateMachineView *self)
{
  g_return_val_if_fail (HS_IS_STATE_MACHINE_VIEW (self), NULL);
  return self->session;
}

void
hs_state_machine_view_set_session (HsStateMachineView *self,
                                   HsSession          *session)
{
  g_return_if_fail (HS_IS_STATE_MACHINE_VIEW (self));
  g_return_if_fail (session == NULL || HS_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;
  g_signal_group_set_target (self->session_signals, session);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

void
hs_state_machine_view_set_style (HsStateMachineView *self,
                                 HsDiagramStyleKind  kind,
                                 double              font_scale)
{
  g_return_if_fail (HS_IS_STATE_MACHINE_VIEW (self));

  self->style_kind = kind;
  self->font_scale = font_scale;
  update (self);
}

const char *
hs_state_machine_view_get_caption (HsStateMachineView *self)
{
  g_return_val_if_fail (HS_IS_STATE_MACHINE_VIEW (self), NULL);
  return self->caption;
}
