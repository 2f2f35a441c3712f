/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-export-dialog.c: export options, then where to save. The dialog only
 * gathers; the window writes (signal "export-file") and reports. The
 * widgets are the template's (hs-export-dialog.ui); the formats are the
 * registry's, as an AdwEnumListModel of HsExportFormat. */

#define G_LOG_DOMAIN "hs-export-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-diagram-enums.h"
#include "hs-export-dialog.h"
#include "hs-export-enums.h"
#include "hs-settings-types.h"
#include "hs-ui.h"

struct _HsExportDialog
{
  AdwWindow             parent_instance;

  /* owned */
  char                 *basename;
  GtkFileChooserNative *chooser;

  /* template children */
  GtkWidget            *format_row;
  GtkWidget            *look_group;
  GtkWidget            *style_row;
  GtkWidget            *scale_row;
  GtkWidget            *transparent_row;
  GtkWidget            *transparent_switch;
  GtkWidget            *page_row;
  GtkWidget            *title_switch;
  GtkWidget            *legend_switch;
  GtkWidget            *steps_text_switch;
  GtkWidget            *content_group;
  GtkWidget            *absolute_switch;
  GtkWidget            *options_row;
  GtkWidget            *options_switch;
  GtkWidget            *time_row;
  GtkWidget            *range_group;
  GtkWidget            *all_steps_switch;
  GtkWidget            *first_spin;
  GtkWidget            *last_spin;
  GtkWidget            *first_row;
  GtkWidget            *last_row;
  GtkWidget            *trace_group;
  GtkWidget            *capture_group;

  /* plain state */
  guint                 n_steps;
};

G_DEFINE_FINAL_TYPE (HsExportDialog, hs_export_dialog, ADW_TYPE_WINDOW)

enum {
  EXPORT_FILE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
switch_active (GtkWidget *sw)
{
  return gtk_switch_get_active (GTK_SWITCH (sw));
}

/* The value of the enum an AdwEnumListModel combo row has selected. */
static int
selected_value (GtkWidget *row,
                int        fallback)
{
  AdwEnumListItem *item = adw_combo_row_get_selected_item (ADW_COMBO_ROW (row));

  return item != NULL ? adw_enum_list_item_get_value (item) : fallback;
}

static char *
format_label_cb (gpointer item,
                 int      value)
{
  return g_strdup (hs_export_format_get_label (value));
}

static char *
time_label_cb (gpointer item,
               int      value)
{
  return g_strdup (hs_settings_choice_label (HS_TYPE_DIAGRAM_TIME_MODE, value));
}

static void
update_visibility (HsExportDialog *self)
{
  HsExportFormat format = hs_export_dialog_get_format (self);
  gboolean all = switch_active (self->all_steps_switch);

  gtk_widget_set_visible (self->look_group, hs_export_format_is_image (format));
  gtk_widget_set_visible (self->scale_row, format == HS_EXPORT_PNG);
  gtk_widget_set_visible (self->transparent_row, format == HS_EXPORT_PNG);
  gtk_widget_set_visible (self->page_row, format == HS_EXPORT_PDF);
  gtk_widget_set_visible (self->content_group, hs_export_format_is_diagram (format));
  gtk_widget_set_visible (self->time_row, hs_export_format_is_image (format));
  gtk_widget_set_visible (self->options_row, hs_export_format_is_diagram (format));
  gtk_widget_set_visible (self->range_group, hs_export_format_is_diagram (format));
  gtk_widget_set_visible (self->trace_group, hs_export_format_get_kind (format) == HS_EXPORT_KIND_TRACE);
  gtk_widget_set_visible (self->capture_group, hs_export_format_get_kind (format) == HS_EXPORT_KIND_CAPTURE);
  gtk_widget_set_sensitive (self->first_row, !all);
  gtk_widget_set_sensitive (self->last_row, !all);
}

static void
range_changed_cb (HsExportDialog *self)
{
  double first = gtk_spin_button_get_value (GTK_SPIN_BUTTON (self->first_spin));

  /* the range never runs backwards */
  if (gtk_spin_button_get_value (GTK_SPIN_BUTTON (self->last_spin)) < first)
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->last_spin), first);
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     HsExportDialog  *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);

  if (file == NULL)
    return;
  path = g_file_get_path (file);
  if (path == NULL)
    return;
  g_signal_emit (self, signals[EXPORT_FILE], 0, path);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
export_clicked_cb (HsExportDialog *self)
{
  HsExportFormat format = hs_export_dialog_get_format (self);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = g_strdup_printf ("%s.%s", self->basename, hs_export_format_to_string (format));
  g_autofree char *pattern = g_strdup_printf ("*.%s", hs_export_format_to_string (format));

  self->chooser = gtk_file_chooser_native_new (_("Export"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_filter_set_name (filter, hs_export_format_get_label (format));
  gtk_file_filter_add_pattern (filter, pattern);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
hs_export_dialog_dispose (GObject *object)
{
  HsExportDialog *self = HS_EXPORT_DIALOG (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  gtk_widget_dispose_template (GTK_WIDGET (self), HS_TYPE_EXPORT_DIALOG);

  G_OBJECT_CLASS (hs_export_dialog_parent_class)->dispose (object);
}

static void
hs_export_dialog_finalize (GObject *object)
{
  HsExportDialog *self = HS_EXPORT_DIALOG (object);

  g_clear_pointer (&self->basename, g_free);

  G_OBJECT_CLASS (hs_export_dialog_parent_class)->finalize (object);
}

static void
hs_export_dialog_class_init (HsExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hs_export_dialog_dispose;
  object_class->finalize = hs_export_dialog_finalize;

  /* The teacher chose a file: write it with the dialog's format and options. */
  signals[EXPORT_FILE] = g_signal_new ("export-file", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  /* the template names these types */
  g_type_ensure (HS_TYPE_DIAGRAM_TIME_MODE);
  g_type_ensure (HS_TYPE_EXPORT_FORMAT);

  hs_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/handshake/Handshake/hs-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, HsExportDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, HsExportDialog, look_group);
  gtk_widget_class_bind_template_child (widget_class, HsExportDialog, style_row);
  gtk_widget_class_bind_template_child (widget_class, HsExportDialog, scale_row);
  gtk_widget_class_bind_template_child (widget_class, HsExportDialog, transparent_row);
  gtk_widget_class_bind_template_child (widget_class, HsExportDialog, transparent_switch);
  gtk_widget_class_bind_template_child (widget_class, HsExportDialog, page_row);
  gtk_widget_class_bind_template_child (widget_class, HsExportDialog, title_switch);
  gtk_widget_class_bind_template_child (widget_class, HsExportDialog, legend_switch);
  gtk_widget_class_bind_template_child (widget_class, HsExportDialog, steps_text_switch);
  gtk_widget_class_bind_template_child (widget_class, HsExportDialog, content_group);
  gtk_widget_class_bind_template_child (widget_class, HsExportDialog, absolute_switch);
  gtk_widget_class_bind_template_child (widget_class, HsExportDialog, options_row);
  gtk_widget_class_bind_template_child (widget_class, HsExportDialog, options_switch);
  gtk_widget_class_bind_template_child (widget_class, HsExportDialog, time_row);
  gtk_widget_class_bind_template_child (widget_class, HsExportDialog, range_group);
  gtk_widget_class_bind_template_child (widget_class, HsExportDialog, all_steps_switch);
  gtk_widget_class_bind_template_child (widget_class, HsExportDialog, first_spin);
  gtk_widget_class_bind_template_child (widget_class, HsExportDialog, last_spin);
  gtk_widget_class_bind_template_child (widget_class, HsExportDialog, first_row);
  gtk_widget_class_bind_template_child (widget_class, HsExportDialog, last_row);
  gtk_widget_class_bind_template_child (widget_class, HsExportDialog, trace_group);
  gtk_widget_class_bind_template_child (widget_class, HsExportDialog, capture_group);
  gtk_widget_class_bind_template_callback (widget_class, export_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, format_label_cb);
  gtk_widget_class_bind_template_callback (widget_class, range_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, time_label_cb);
  gtk_widget_class_bind_template_callback (widget_class, update_visibility);
}

static void
hs_export_dialog_init (HsExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

HsExportDialog *
hs_export_dialog_new (GtkWindow          *parent,
                      HsExportFormat      format,
                      HsDiagramStyleKind  style,
                      guint               n_steps,
                      const char         *basename)
{
  HsExportDialog *self = g_object_new (HS_TYPE_EXPORT_DIALOG,
                                       "transient-for", parent,
                                       NULL);

  self->basename = g_strdup (basename != NULL ? basename : "handshake");
  self->n_steps = MAX (n_steps, 1);
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->format_row),
                              adw_enum_list_model_find_position (ADW_ENUM_LIST_MODEL (adw_combo_row_get_model (ADW_COMBO_ROW (self->format_row))),
                                                                 format));
  /* a dark diagram on paper wastes toner: print and images start light */
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->style_row),
                              format == HS_EXPORT_PDF ? HS_DIAGRAM_STYLE_PRINT : style);
  gtk_spin_button_set_range (GTK_SPIN_BUTTON (self->first_spin), 1, self->n_steps);
  gtk_spin_button_set_range (GTK_SPIN_BUTTON (self->last_spin), 1, self->n_steps);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->first_spin), 1);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->last_spin), self->n_steps);
  update_visibility (self);
  return self;
}

HsExportFormat
hs_export_dialog_get_format (HsExportDialog *self)
{
  int format;

  g_return_val_if_fail (HS_IS_EXPORT_DIALOG (self), HS_EXPORT_PNG);

  format = selected_value (self->format_row, HS_EXPORT_PNG);
  return format >= 0 && format < HS_EXPORT_N_FORMATS ? (HsExportFormat) format : HS_EXPORT_PNG;
}

void
hs_export_dialog_get_options (HsExportDialog         *self,
                              HsDiagramExportOptions *options)
{
  static const double scales[] = { 1, 2, 3 };
  static const HsDiagramPage pages[] = { HS_DIAGRAM_PAGE_LONG, HS_DIAGRAM_PAGE_A4, HS_DIAGRAM_PAGE_LETTER };
  guint i;

  g_return_if_fail (HS_IS_EXPORT_DIALOG (self));
  g_return_if_fail (options != NULL);

  hs_diagram_export_options_init (options);
  options->style = MIN (adw_combo_row_get_selected (ADW_COMBO_ROW (self->style_row)), HS_DIAGRAM_N_STYLES - 1);
  i = adw_combo_row_get_selected (ADW_COMBO_ROW (self->scale_row));
  options->scale = scales[MIN (i, G_N_ELEMENTS (scales) - 1)];
  options->transparent = switch_active (self->transparent_switch);
  i = adw_combo_row_get_selected (ADW_COMBO_ROW (self->page_row));
  options->page = pages[MIN (i, G_N_ELEMENTS (pages) - 1)];
  options->layout.show_title = switch_active (self->title_switch);
  options->layout.show_legend = switch_active (self->legend_switch);
  options->layout.show_steps = switch_active (self->steps_text_switch);
  options->layout.absolute = switch_active (self->absolute_switch);
  options->layout.show_options = switch_active (self->options_switch);
  options->layout.time_mode = selected_value (self->time_row, HS_DIAGRAM_TIME_PROPORTIONAL);
  if (!switch_active (self->all_steps_switch))
    {
      options->layout.first_step = gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (self->first_spin)) - 1;
      options->layout.last_step = gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (self->last_spin)) - 1;
    }
  /* a PNG taller than cairo allows becomes several files rather than an error */
  options->split = TRUE;
}
