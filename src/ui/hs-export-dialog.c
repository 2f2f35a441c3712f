/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-export-dialog.c: export options, then where to save. The dialog only
 * gathers; the window writes (signal "export-file") and reports. */

#define G_LOG_DOMAIN "hs-export-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-export-dialog.h"

struct _HsExportDialog
{
  AdwWindow             parent_instance;

  /* owned */
  char                 *basename;
  GtkFileChooserNative *chooser;

  /* children */
  GtkWidget            *format_row;
  GtkWidget            *look_group;
  GtkWidget            *style_row;
  GtkWidget            *scale_row;
  GtkWidget            *transparent_row;
  GtkWidget            *page_row;
  GtkWidget            *title_row;
  GtkWidget            *legend_row;
  GtkWidget            *steps_text_row;
  GtkWidget            *content_group;
  GtkWidget            *absolute_row;
  GtkWidget            *options_row;
  GtkWidget            *time_row;
  GtkWidget            *range_group;
  GtkWidget            *all_steps_row;
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

static GtkWidget *
switch_row (AdwPreferencesGroup *group,
            const char          *title,
            const char          *subtitle,
            gboolean             active)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *sw = gtk_switch_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_switch_set_active (GTK_SWITCH (sw), active);
  gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), sw);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), sw);
  g_object_set_data (G_OBJECT (row), "switch", sw);
  adw_preferences_group_add (group, row);
  return row;
}

static gboolean
row_active (GtkWidget *row)
{
  return gtk_switch_get_active (GTK_SWITCH (g_object_get_data (G_OBJECT (row), "switch")));
}

static GtkWidget *
combo_row (AdwPreferencesGroup *group,
           const char          *title,
           const char * const  *labels,
           guint                selected)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr(GtkStringList) list = gtk_string_list_new (labels);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (list));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
  adw_preferences_group_add (group, row);
  return row;
}

static void
update_visibility (HsExportDialog *self)
{
  HsExportFormat format = hs_export_dialog_get_format (self);
  gboolean all = row_active (self->all_steps_row);

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
}

static void
hs_export_dialog_init (HsExportDialog *self)
{
  GtkWidget *box, *header, *cancel, *export, *page, *label;
  AdwPreferencesGroup *group;
  const char *format_labels[HS_EXPORT_N_FORMATS + 1];
  const char *style_labels[] = { _("Light"), _("Dark"), _("High contrast"), _("Print"), NULL };
  const char *scale_labels[] = { _("1× (screen)"), _("2× (sharp on slides)"), _("3×"), NULL };
  const char *page_labels[] = { _("One long page"), _("A4 pages"), _("US Letter pages"), NULL };
  const char *time_labels[] = { _("To scale"), _("One row per event"), NULL };

  for (guint i = 0; i < HS_EXPORT_N_FORMATS; i++)
    format_labels[i] = hs_export_format_get_label (i);
  format_labels[HS_EXPORT_N_FORMATS] = NULL;

  gtk_window_set_title (GTK_WINDOW (self), _("Export"));
  gtk_window_set_default_size (GTK_WINDOW (self), 520, 640);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  export = gtk_button_new_with_mnemonic (_("_Export…"));
  gtk_widget_add_css_class (export, "suggested-action");
  g_signal_connect_swapped (export, "clicked", G_CALLBACK (export_clicked_cb), self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), export);
  gtk_box_append (GTK_BOX (box), header);

  page = adw_preferences_page_new ();
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), page);

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  self->format_row = combo_row (group, _("Format"), format_labels, 0);
  g_signal_connect_swapped (self->format_row, "notify::selected", G_CALLBACK (update_visibility), self);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), group);

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Appearance"));
  self->look_group = GTK_WIDGET (group);
  self->style_row = combo_row (group, _("Style"), style_labels, HS_DIAGRAM_STYLE_LIGHT);
  self->scale_row = combo_row (group, _("Scale"), scale_labels, 1);
  self->transparent_row = switch_row (group, _("Transparent background"), NULL, FALSE);
  self->page_row = combo_row (group, _("Page size"), page_labels, 0);
  self->title_row = switch_row (group, _("Title"), _("The lesson’s name above the lanes"), TRUE);
  self->legend_row = switch_row (group, _("Legend"), _("What each kind of arrow and band means"), TRUE);
  self->steps_text_row = switch_row (group, _("Numbered steps"), _("Every step’s explanation below, for handouts"), FALSE);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), group);

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Labels"));
  self->content_group = GTK_WIDGET (group);
  self->absolute_row = switch_row (group, _("Absolute sequence numbers"), _("As on the wire, not counted from each side’s ISN"), FALSE);
  self->options_row = switch_row (group, _("TCP options"), _("MSS, window scale, SACK and timestamps"), FALSE);
  self->time_row = combo_row (group, _("Time"), time_labels, 0);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), group);

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Steps"));
  self->range_group = GTK_WIDGET (group);
  self->all_steps_row = switch_row (group, _("All steps"), NULL, TRUE);
  g_signal_connect_swapped (g_object_get_data (G_OBJECT (self->all_steps_row), "switch"), "notify::active",
                            G_CALLBACK (update_visibility), self);
  self->first_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->first_row), _("From step"));
  self->first_spin = gtk_spin_button_new_with_range (1, 1, 1);
  gtk_widget_set_valign (self->first_spin, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self->first_row), self->first_spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (self->first_row), self->first_spin);
  adw_preferences_group_add (group, self->first_row);
  self->last_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->last_row), _("To step"));
  self->last_spin = gtk_spin_button_new_with_range (1, 1, 1);
  gtk_widget_set_valign (self->last_spin, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self->last_row), self->last_spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (self->last_row), self->last_spin);
  adw_preferences_group_add (group, self->last_row);
  g_signal_connect_swapped (self->first_spin, "value-changed", G_CALLBACK (range_changed_cb), self);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), group);

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  self->trace_group = GTK_WIDGET (group);
  label = gtk_label_new (_("The whole trace, every segment and step, as data rather than a picture. CSV has one line per segment, as tshark prints it; JSON has everything; the text ladder is a diagram in characters with the explanations."));
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "dim-label");
  adw_preferences_group_add (group, label);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), group);

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  self->capture_group = GTK_WIDGET (group);
  label = gtk_label_new (_("The connection as packets captured at the client, in the classic pcap format that Wireshark and tcpdump open, with correct checksums and filler payload."));
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "dim-label");
  adw_preferences_group_add (group, label);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), group);

  adw_window_set_content (ADW_WINDOW (self), box);
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
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->format_row), format);
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
  guint selected;

  g_return_val_if_fail (HS_IS_EXPORT_DIALOG (self), HS_EXPORT_PNG);

  selected = adw_combo_row_get_selected (ADW_COMBO_ROW (self->format_row));
  return selected < HS_EXPORT_N_FORMATS ? selected : HS_EXPORT_PNG;
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
  options->transparent = row_active (self->transparent_row);
  i = adw_combo_row_get_selected (ADW_COMBO_ROW (self->page_row));
  options->page = pages[MIN (i, G_N_ELEMENTS (pages) - 1)];
  options->layout.show_title = row_active (self->title_row);
  options->layout.show_legend = row_active (self->legend_row);
  options->layout.show_steps = row_active (self->steps_text_row);
  options->layout.absolute = row_active (self->absolute_row);
  options->layout.show_options = row_active (self->options_row);
  options->layout.time_mode = adw_combo_row_get_selected (ADW_COMBO_ROW (self->time_row)) == 1
    ? HS_DIAGRAM_TIME_EVENTS : HS_DIAGRAM_TIME_PROPORTIONAL;
  if (!row_active (self->all_steps_row))
    {
      options->layout.first_step = gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (self->first_spin)) - 1;
      options->layout.last_step = gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (self->last_spin)) - 1;
    }
  /* a PNG taller than cairo allows becomes several files rather than an error */
  options->split = TRUE;
}
