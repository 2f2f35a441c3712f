/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-step-list.c: the list of steps, a GListModel over the trace so that a
 * trace of a million steps costs what is on screen. */

#define G_LOG_DOMAIN "hs-step-list"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-diagram-layout.h"
#include "hs-narration.h"
#include "hs-step-list.h"
#include "hs-ui.h"

/* ------------------------------------------------------------------ */
/* One step, as a list item                                            */

#define HS_TYPE_STEP_ITEM (hs_step_item_get_type ())
G_DECLARE_FINAL_TYPE (HsStepItem, hs_step_item, HS, STEP_ITEM, GObject)

struct _HsStepItem
{
  GObject  parent_instance;
  HsTrace *trace;   /* owned */
  guint    index;
};

G_DEFINE_FINAL_TYPE (HsStepItem, hs_step_item, G_TYPE_OBJECT)

enum {
  ITEM_PROP_0,
  ITEM_PROP_NUMBER,
  ITEM_PROP_SENTENCE,
  ITEM_PROP_META,
  N_ITEM_PROPS
};

static GParamSpec *item_properties[N_ITEM_PROPS];

/* The row's texts are made when the row template asks for them, so only
 * the steps on screen are narrated. */
static void
hs_step_item_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  HsStepItem *self = HS_STEP_ITEM (object);
  const HsTraceStep *step = hs_trace_get_step (self->trace, self->index);

  switch (prop_id)
    {
    case ITEM_PROP_NUMBER:
      g_value_take_string (value, g_strdup_printf ("%u", self->index + 1));
      break;
    case ITEM_PROP_SENTENCE:
      {
        char *text = hs_narration_format_step (self->trace, self->index);

        g_value_take_string (value, text != NULL ? text : g_strdup (""));
      }
      break;
    case ITEM_PROP_META:
      {
        g_autofree char *time = hs_ui_format_time (step->time);

        /* Translators: under a step in the step list: "30 ms · client" */
        g_value_take_string (value, g_strdup_printf (_("%s · %s"), time,
                                                     hs_ui_endpoint_label (self->trace, step->endpoint)));
      }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_step_item_finalize (GObject *object)
{
  g_clear_object (&HS_STEP_ITEM (object)->trace);
  G_OBJECT_CLASS (hs_step_item_parent_class)->finalize (object);
}

static void
hs_step_item_class_init (HsStepItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hs_step_item_finalize;
  object_class->get_property = hs_step_item_get_property;

  item_properties[ITEM_PROP_NUMBER] =
    g_param_spec_string ("number", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  item_properties[ITEM_PROP_SENTENCE] =
    g_param_spec_string ("sentence", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  item_properties[ITEM_PROP_META] =
    g_param_spec_string ("meta", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_ITEM_PROPS, item_properties);
}

static void hs_step_item_init (HsStepItem *self) { }

/* ------------------------------------------------------------------ */
/* The steps of a trace, as a list model                               */

#define HS_TYPE_STEP_MODEL (hs_step_model_get_type ())
G_DECLARE_FINAL_TYPE (HsStepModel, hs_step_model, HS, STEP_MODEL, GObject)

struct _HsStepModel
{
  GObject  parent_instance;
  HsTrace *trace;
  guint    limit;   /* quiz mode: the steps listed at most; G_MAXUINT: all */
};

static GType
hs_step_model_get_item_type (GListModel *model)
{
  return HS_TYPE_STEP_ITEM;
}

static guint
hs_step_model_get_n_items (GListModel *model)
{
  HsStepModel *self = HS_STEP_MODEL (model);

  return self->trace != NULL ? MIN (hs_trace_get_n_steps (self->trace), self->limit) : 0;
}

static gpointer
hs_step_model_get_item (GListModel *model,
                        guint       position)
{
  HsStepItem *item;

  if (position >= hs_step_model_get_n_items (model))
    return NULL;
  item = g_object_new (HS_TYPE_STEP_ITEM, NULL);
  item->trace = g_object_ref (HS_STEP_MODEL (model)->trace);
  item->index = position;
  return item;
}

static void
hs_step_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = hs_step_model_get_item_type;
  iface->get_n_items = hs_step_model_get_n_items;
  iface->get_item = hs_step_model_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (HsStepModel, hs_step_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, hs_step_model_list_model_init))

static void
hs_step_model_finalize (GObject *object)
{
  g_clear_object (&HS_STEP_MODEL (object)->trace);
  G_OBJECT_CLASS (hs_step_model_parent_class)->finalize (object);
}

static void
hs_step_model_class_init (HsStepModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hs_step_model_finalize;
}

static void hs_step_model_init (HsStepModel *self) { self->limit = G_MAXUINT; }

static void
hs_step_model_set_trace (HsStepModel *self,
                         HsTrace     *trace)
{
  guint removed = hs_step_model_get_n_items (G_LIST_MODEL (self));

  g_set_object (&self->trace, trace);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed,
                              hs_step_model_get_n_items (G_LIST_MODEL (self)));
}

static void
hs_step_model_set_limit (HsStepModel *self,
                         guint        limit)
{
  guint before = hs_step_model_get_n_items (G_LIST_MODEL (self));
  guint after;

  self->limit = limit;
  after = hs_step_model_get_n_items (G_LIST_MODEL (self));
  if (after > before)
    g_list_model_items_changed (G_LIST_MODEL (self), before, 0, after - before);
  else if (after < before)
    g_list_model_items_changed (G_LIST_MODEL (self), after, before - after, 0);
}

/* ------------------------------------------------------------------ */
/* The widget                                                          */

struct _HsStepList
{
  GtkWidget           parent_instance;

  /* owned */
  HsSession          *session;
  GSignalGroup       *session_signals;   /* on whatever session is set */

  /* template children */
  GtkWidget          *scrolled;
  GtkWidget          *list_view;
  GtkSingleSelection *selection;
  HsStepModel        *model;

  /* plain state */
  gboolean            syncing;
  guint               reveal_idle_id;    /* shows the current row again after a resize */
};

G_DEFINE_FINAL_TYPE (HsStepList, hs_step_list, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sync_selection (HsStepList *self)
{
  guint position, selected;

  if (self->session == NULL)
    return;
  position = hs_session_get_position (self->session);
  selected = position > 0 ? position - 1 : GTK_INVALID_LIST_POSITION;

  self->syncing = TRUE;
  gtk_single_selection_set_selected (self->selection, selected);
  self->syncing = FALSE;

  if (selected != GTK_INVALID_LIST_POSITION && gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_activate_action (self->list_view, "list.scroll-to-item", "u", selected);
}

static gboolean
reveal_idle_cb (gpointer user_data)
{
  HsStepList *self = user_data;

  self->reveal_idle_id = 0;
  sync_selection (self);
  return G_SOURCE_REMOVE;
}

/* The list's height or length changed (a resize, a panel shown, a new
 * trace measured): the current row is brought back into sight once the
 * list is laid out, not in the middle of it. */
static void
vadjustment_changed_cb (HsStepList *self)
{
  if (self->reveal_idle_id == 0 && self->session != NULL)
    self->reveal_idle_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 20, reveal_idle_cb, self, NULL);
}

static void
selection_changed_cb (HsStepList *self)
{
  guint selected;

  if (self->syncing || self->session == NULL)
    return;
  selected = gtk_single_selection_get_selected (self->selection);
  if (selected != GTK_INVALID_LIST_POSITION)
    hs_session_set_position (self->session, selected + 1);
}

static void
trace_changed_cb (HsStepList *self)
{
  self->syncing = TRUE;
  hs_step_model_set_trace (self->model, self->session != NULL ? hs_session_get_trace (self->session) : NULL);
  self->syncing = FALSE;
  sync_selection (self);
}

static void
hs_step_list_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (hs_step_list_parent_class)->map (widget);
  sync_selection (HS_STEP_LIST (widget));
}

static void
hs_step_list_dispose (GObject *object)
{
  HsStepList *self = HS_STEP_LIST (object);

  g_clear_handle_id (&self->reveal_idle_id, g_source_remove);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), HS_TYPE_STEP_LIST);

  G_OBJECT_CLASS (hs_step_list_parent_class)->dispose (object);
}

static void
hs_step_list_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  HsStepList *self = HS_STEP_LIST (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_step_list_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  HsStepList *self = HS_STEP_LIST (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      hs_step_list_set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_step_list_class_init (HsStepListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hs_step_list_dispose;
  object_class->get_property = hs_step_list_get_property;
  object_class->set_property = hs_step_list_set_property;
  widget_class->map = hs_step_list_map;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, HS_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* the template and the rows' template name these types */
  g_type_ensure (HS_TYPE_STEP_ITEM);
  g_type_ensure (HS_TYPE_STEP_MODEL);

  hs_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/handshake/Handshake/hs-step-list.ui");
  gtk_widget_class_bind_template_child (widget_class, HsStepList, scrolled);
  gtk_widget_class_bind_template_child (widget_class, HsStepList, list_view);
  gtk_widget_class_bind_template_child (widget_class, HsStepList, selection);
  gtk_widget_class_bind_template_child (widget_class, HsStepList, model);
  gtk_widget_class_bind_template_callback (widget_class, selection_changed_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "steplist");
}

static void
hs_step_list_init (HsStepList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* connected once; set_session() only moves the group to another session */
  self->session_signals = g_signal_group_new (HS_TYPE_SESSION);
  g_signal_group_connect_swapped (self->session_signals, "notify::trace", G_CALLBACK (trace_changed_cb), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::position", G_CALLBACK (sync_selection), self);
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scrolled)), "changed",
                           G_CALLBACK (vadjustment_changed_cb), self, G_CONNECT_SWAPPED);
}

GtkWidget *
hs_step_list_new (void)
{
  return g_object_new (HS_TYPE_STEP_LIST, NULL);
}

HsSession *
hs_step_list_get_session (HsStepList *self)
{
  g_return_val_if_fail (HS_IS_STEP_LIST (self), NULL);
  return self->session;
}

void
hs_step_list_set_session (HsStepList *self,
                          HsSession  *session)
{
  g_return_if_fail (HS_IS_STEP_LIST (self));
  g_return_if_fail (session == NULL || HS_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;
  g_signal_group_set_target (self->session_signals, session);
  trace_changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

GListModel *
hs_step_list_get_steps (HsStepList *self)
{
  g_return_val_if_fail (HS_IS_STEP_LIST (self), NULL);
  return G_LIST_MODEL (self->model);
}

guint
hs_step_list_get_limit (HsStepList *self)
{
  g_return_val_if_fail (HS_IS_STEP_LIST (self), G_MAXUINT);
  return self->model->limit;
}

void
hs_step_list_set_limit (HsStepList *self,
                        guint       limit)
{
  g_return_if_fail (HS_IS_STEP_LIST (self));

  if (self->model->limit == limit)
    return;
  self->syncing = TRUE;
  hs_step_model_set_limit (self->model, limit);
  self->syncing = FALSE;
  sync_selection (self);
}

/* Whether the row of the current step is within the list's visible part
 * (TRUE when there is no current step), for tests. */
gboolean
hs_step_list_get_current_row_visible (HsStepList *self)
{
  graphene_rect_t bounds;
  double height;

  g_return_val_if_fail (HS_IS_STEP_LIST (self), FALSE);

  if (gtk_single_selection_get_selected (self->selection) == GTK_INVALID_LIST_POSITION)
    return TRUE;
  height = gtk_widget_get_height (self->scrolled);
  for (GtkWidget *row = gtk_widget_get_first_child (self->list_view); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      if (!gtk_widget_get_child_visible (row) || !(gtk_widget_get_state_flags (row) & GTK_STATE_FLAG_SELECTED))
        continue;
      if (!gtk_widget_compute_bounds (row, self->scrolled, &bounds))
        return FALSE;
      return bounds.origin.y >= -0.5 && bounds.origin.y + bounds.size.height <= height + 0.5;
    }
  return FALSE;
}
