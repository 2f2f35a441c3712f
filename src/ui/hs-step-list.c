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
  guint    index;
};

G_DEFINE_FINAL_TYPE (HsStepItem, hs_step_item, G_TYPE_OBJECT)

static void hs_step_item_class_init (HsStepItemClass *klass) { }
static void hs_step_item_init (HsStepItem *self) { }

/* ------------------------------------------------------------------ */
/* The steps of a trace, as a list model                               */

#define HS_TYPE_STEP_MODEL (hs_step_model_get_type ())
G_DECLARE_FINAL_TYPE (HsStepModel, hs_step_model, HS, STEP_MODEL, GObject)

struct _HsStepModel
{
  GObject  parent_instance;
  HsTrace *trace;
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

  return self->trace != NULL ? hs_trace_get_n_steps (self->trace) : 0;
}

static gpointer
hs_step_model_get_item (GListModel *model,
                        guint       position)
{
  HsStepItem *item;

  if (position >= hs_step_model_get_n_items (model))
    return NULL;
  item = g_object_new (HS_TYPE_STEP_ITEM, NULL);
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

static void hs_step_model_init (HsStepModel *self) { }

static void
hs_step_model_set_trace (HsStepModel *self,
                         HsTrace     *trace)
{
  guint removed = hs_step_model_get_n_items (G_LIST_MODEL (self));

  g_set_object (&self->trace, trace);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed,
                              hs_step_model_get_n_items (G_LIST_MODEL (self)));
}

/* ------------------------------------------------------------------ */
/* The widget                                                          */

struct _HsStepList
{
  GtkWidget           parent_instance;

  /* owned */
  HsSession          *session;
  HsStepModel        *model;
  GtkSingleSelection *selection;

  /* children */
  GtkWidget          *scrolled;
  GtkWidget          *list_view;

  /* plain state */
  gboolean            syncing;
};

G_DEFINE_FINAL_TYPE (HsStepList, hs_step_list, GTK_TYPE_WIDGET)

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          HsStepList               *self)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *number = gtk_label_new (NULL);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *sentence = gtk_label_new (NULL);
  GtkWidget *meta = gtk_label_new (NULL);

  gtk_widget_add_css_class (row, "step-row");
  gtk_widget_add_css_class (number, "step-number");
  gtk_widget_add_css_class (number, "numeric");
  gtk_label_set_xalign (GTK_LABEL (number), 1);
  gtk_label_set_yalign (GTK_LABEL (number), 0);
  gtk_label_set_width_chars (GTK_LABEL (number), 3);

  gtk_label_set_xalign (GTK_LABEL (sentence), 0);
  gtk_label_set_wrap (GTK_LABEL (sentence), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (sentence), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_hexpand (sentence, TRUE);

  gtk_label_set_xalign (GTK_LABEL (meta), 0);
  gtk_widget_add_css_class (meta, "dim-label");
  gtk_widget_add_css_class (meta, "caption");

  gtk_box_append (GTK_BOX (texts), sentence);
  gtk_box_append (GTK_BOX (texts), meta);
  gtk_box_append (GTK_BOX (row), number);
  gtk_box_append (GTK_BOX (row), texts);
  gtk_list_item_set_child (list_item, row);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *list_item,
         HsStepList               *self)
{
  HsStepItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *row = gtk_list_item_get_child (list_item);
  GtkWidget *number = gtk_widget_get_first_child (row);
  GtkWidget *texts = gtk_widget_get_next_sibling (number);
  GtkWidget *sentence = gtk_widget_get_first_child (texts);
  GtkWidget *meta = gtk_widget_get_next_sibling (sentence);
  HsTrace *trace = self->model->trace;
  const HsTraceStep *step;
  g_autofree char *num = NULL;
  g_autofree char *text = NULL;
  g_autofree char *time = NULL;
  g_autofree char *info = NULL;

  if (trace == NULL || item->index >= hs_trace_get_n_steps (trace))
    return;

  step = hs_trace_get_step (trace, item->index);
  num = g_strdup_printf ("%u", item->index + 1);
  text = hs_narration_format_step (trace, item->index);
  time = hs_ui_format_time (step->time);
  /* Translators: under a step in the step list: "30 ms · client" */
  info = g_strdup_printf (_("%s · %s"), time, hs_ui_endpoint_label (trace, step->endpoint));

  gtk_label_set_text (GTK_LABEL (number), num);
  gtk_label_set_text (GTK_LABEL (sentence), text != NULL ? text : "");
  gtk_label_set_text (GTK_LABEL (meta), info);
}

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

  hs_step_list_set_session (self, NULL);
  g_clear_pointer (&self->scrolled, gtk_widget_unparent);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (hs_step_list_parent_class)->dispose (object);
}

static void
hs_step_list_class_init (HsStepListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hs_step_list_dispose;
  widget_class->map = hs_step_list_map;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "steplist");
}

static void
hs_step_list_init (HsStepList *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  self->model = g_object_new (HS_TYPE_STEP_MODEL, NULL);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "notify::selected", G_CALLBACK (selection_changed_cb), self);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), self);

  self->list_view = gtk_list_view_new (GTK_SELECTION_MODEL (g_object_ref (self->selection)), factory);
  gtk_list_view_set_single_click_activate (GTK_LIST_VIEW (self->list_view), FALSE);
  gtk_widget_add_css_class (self->list_view, "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Steps"),
                                  -1);

  self->scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled), self->list_view);
  gtk_widget_set_parent (self->scrolled, GTK_WIDGET (self));
}

GtkWidget *
hs_step_list_new (void)
{
  return g_object_new (HS_TYPE_STEP_LIST, NULL);
}

void
hs_step_list_set_session (HsStepList *self,
                          HsSession  *session)
{
  g_return_if_fail (HS_IS_STEP_LIST (self));
  g_return_if_fail (session == NULL || HS_IS_SESSION (session));

  if (self->session == session)
    return;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    {
      g_signal_connect_object (session, "notify::trace", G_CALLBACK (trace_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::position", G_CALLBACK (sync_selection), self, G_CONNECT_SWAPPED);
    }
  if (self->model != NULL)
    trace_changed_cb (self);
}
