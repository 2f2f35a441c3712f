/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-export-dialog.c: export options, then where to save. The dialog only
 * gathers; the window writes (signal "export-file") and reports. The
 * widgets are the template's (hs-export-dialog.ui); the formats are the
 * registry's, as an AdwEnumListModel of HsExportFormat. */

#define G_LOG_DOMAIN "hs-export-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "hs-diagram-enums.h"
#include "hs-diagram-renderer.h"
#include "hs-export-dialog.h"
#include "hs-export-enums.h"
#include "hs-plot-renderer.h"
#include "hs-settings-types.h"
#include "hs-ui.h"

struct _HsExportDialog
{
  AdwWindow             parent_instance;

  /* owned */
  char                 *basename;
  GtkFileChooserNative *chooser;
  HsTrace              *trace;

  HsPlotData           *plot_data;     /* the chosen plot's, for its preview */
  GtkCustomFilter      *format_filter; /* a plot: its formats only */

  /* template children */
  GtkWidget            *content_row;
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
  GtkWidget            *export_button;
  GtkWidget            *preview_stack;
  GtkWidget            *preview_picture;
  GtkWidget            *preview_text;
  GtkWidget            *preview_none;
  GtkWidget            *frames_row;
  GtkWidget            *frames_switch;

  /* plain state */
  guint                 plot_endpoint;  /* whose plot: HS_TRACE_NONE, the busiest sender */
  guint                 n_steps;
  guint                 preview_source;
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

/* The plot chosen in the content row; FALSE for the sequence diagram. */
static gboolean
chosen_plot (HsExportDialog *self,
             HsPlotKind     *kind)
{
  guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (self->content_row));

  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION || selected > HS_PLOT_N_KINDS)
    return FALSE;
  if (kind != NULL)
    *kind = selected - 1;
  return TRUE;
}

static gboolean
is_plot_format (HsExportFormat format)
{
  return format == HS_EXPORT_PNG || format == HS_EXPORT_SVG || format == HS_EXPORT_PDF || format == HS_EXPORT_CSV;
}

static gboolean
format_filter_cb (gpointer item,
                  gpointer user_data)
{
  HsExportDialog *self = user_data;

  return !chosen_plot (self, NULL) || is_plot_format (adw_enum_list_item_get_value (item));
}

/* Where @format is in the format row's (filtered) list. */
static guint
format_position (HsExportDialog *self,
                 HsExportFormat  format)
{
  GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (self->format_row));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(AdwEnumListItem) item = g_list_model_get_item (model, i);

      if (adw_enum_list_item_get_value (item) == (int) format)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
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

/* ------------------------------------------------------------------ */
/* Preview: the first page, drawn by the exporter's own layout and
 * renderer (pictures), or the first lines the exporter writes (texts). */

#define PREVIEW_WIDTH 480           /* pixels: the dialog's width, about */
#define PREVIEW_LINES 40
#define PREVIEW_TEXT_BYTES (1 << 20) /* more than one of the writers' buffers */
#define PREVIEW_MAX_STEPS 400       /* a first page never needs more */

static void
preview_picture (HsExportDialog *self,
                 HsExportFormat  format)
{
  HsDiagramExportOptions options;
  HsDiagramFormat diagram_format;
  HsDiagramMoment moment = { HS_DIAGRAM_MOMENT_END, 0, 0 };
  g_autoptr(HsDiagramLayout) layout = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  double width, height, y0 = 0, y1, scale;
  int w, h;

  hs_export_dialog_get_options (self, &options);
  if (!hs_export_format_get_diagram_format (format, &diagram_format))
    return;
  if (switch_active (self->frames_switch))
    {
      /* the first frame: the diagram as it stands after the first step */
      moment.kind = HS_DIAGRAM_MOMENT_STEP;
      moment.step = options.layout.first_step;
    }
  /* the first page is all a preview shows: a long trace is laid out no
   * further than that needs */
  if (options.layout.last_step == G_MAXUINT || options.layout.last_step - options.layout.first_step > PREVIEW_MAX_STEPS)
    options.layout.last_step = MIN (options.layout.last_step, options.layout.first_step + PREVIEW_MAX_STEPS);

  layout = hs_diagram_export_create_layout (self->trace, diagram_format, &options, &error);
  if (layout == NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->preview_none), error->message);
      gtk_stack_set_visible_child (GTK_STACK (self->preview_stack), self->preview_none);
      return;
    }
  width = hs_diagram_layout_get_width (layout);
  height = hs_diagram_layout_get_height (layout);
  /* a picture without pages: its top, as wide as the preview is */
  y1 = MIN (height, width * 0.55);
  if (format == HS_EXPORT_PDF && options.page != HS_DIAGRAM_PAGE_LONG)
    {
      g_autoptr(GArray) breaks = g_array_new (FALSE, FALSE, sizeof (double));

      if (hs_diagram_export_paginate (layout, options.page, breaks) > 0 && breaks->len >= 2)
        {
          y0 = g_array_index (breaks, double, 0);
          y1 = g_array_index (breaks, double, 1);
        }
    }
  scale = PREVIEW_WIDTH / MAX (width, 1.0);
  w = PREVIEW_WIDTH;
  h = MAX (1, (int) ((y1 - y0) * scale));

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  cairo_translate (cr, 0, -y0);
  hs_diagram_renderer_draw (layout, cr, y0, y1, &moment,
                            options.transparent ? HS_DIAGRAM_RENDER_NO_BACKGROUND : HS_DIAGRAM_RENDER_DEFAULT);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  bytes = g_bytes_new (cairo_image_surface_get_data (surface),
                       (gsize) cairo_image_surface_get_stride (surface) * h);
  /* cairo's ARGB32 is premultiplied, in native byte order */
  texture = gdk_memory_texture_new (w, h,
                                    G_BYTE_ORDER == G_LITTLE_ENDIAN ? GDK_MEMORY_B8G8R8A8_PREMULTIPLIED
                                                                    : GDK_MEMORY_A8R8G8B8_PREMULTIPLIED,
                                    bytes, cairo_image_surface_get_stride (surface));
  cairo_surface_destroy (surface);
  gtk_picture_set_paintable (GTK_PICTURE (self->preview_picture), GDK_PAINTABLE (texture));
  gtk_stack_set_visible_child (GTK_STACK (self->preview_stack), self->preview_picture);
}

/* The first PREVIEW_LINES lines of what a writer put in @data (@len
 * bytes, the beginning of the file), with "…" when there is more. */
static void
show_text_preview (HsExportDialog *self,
                   const char     *data,
                   gsize           len)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint lines = 0;

  for (gsize i = 0; i < len && lines < PREVIEW_LINES; i++)
    {
      g_string_append_c (text, data[i]);
      if (data[i] == '\n')
        lines++;
    }
  if (text->len > 0 && text->str[text->len - 1] == '\n')
    g_string_truncate (text, text->len - 1);
  if (!g_utf8_validate (text->str, text->len, NULL))
    {
      /* cut in the middle of a character: up to the last whole one */
      const char *end;

      g_utf8_validate (text->str, text->len, &end);
      g_string_truncate (text, end - text->str);
    }
  if (len > text->len)
    g_string_append (text, "\n…");
  gtk_label_set_text (GTK_LABEL (self->preview_text), text->str);
  gtk_stack_set_visible_child (GTK_STACK (self->preview_stack),
                               gtk_widget_get_parent (gtk_widget_get_parent (self->preview_text)));
}

static void
preview_text (HsExportDialog *self,
              HsExportFormat  format)
{
  /* a fixed buffer: once it is full the writer stops with an error, and
   * what it wrote until then is the beginning of the file */
  g_autofree char *buffer = g_malloc (PREVIEW_TEXT_BYTES);
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new (buffer, PREVIEW_TEXT_BYTES, NULL, NULL);
  HsDiagramExportOptions options;
  HsDiagramFormat diagram_format;
  HsTraceFormat trace_format;

  hs_export_dialog_get_options (self, &options);
  if (hs_export_format_get_diagram_format (format, &diagram_format))
    hs_diagram_export_text_to_stream (self->trace, diagram_format, &options.layout, stream, NULL, NULL);
  else if (hs_trace_format_from_string (hs_export_format_to_string (format), &trace_format))
    hs_trace_write_to_stream (self->trace, trace_format, stream, HS_TRACE_WRITE_DEFAULT, NULL, NULL, NULL, NULL);
  show_text_preview (self, buffer, g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (stream)));
}

/* A plot's preview: its picture at the export's proportions, or the
 * first lines of its CSV. */
static void
preview_plot (HsExportDialog *self,
              HsPlotKind      kind,
              HsExportFormat  format)
{
  HsPlotRenderOptions options;
  double scale;

  if (self->plot_data == NULL || hs_plot_data_get_kind (self->plot_data) != kind)
    {
      g_clear_object (&self->plot_data);
      self->plot_data = hs_plot_data_new (self->trace, kind, self->plot_endpoint);
    }
  if (format == HS_EXPORT_CSV)
    {
      g_autofree char *buffer = g_malloc (PREVIEW_TEXT_BYTES);
      g_autoptr(GOutputStream) stream = g_memory_output_stream_new (buffer, PREVIEW_TEXT_BYTES, NULL, NULL);

      /* a fixed buffer: once full, the writer stops, and what it wrote
       * until then is the file's beginning */
      hs_plot_data_write_csv (self->plot_data, stream, NULL, NULL);
      show_text_preview (self, buffer, g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (stream)));
      return;
    }

  hs_export_dialog_get_plot_options (self, &options, &scale);
  {
    int w = PREVIEW_WIDTH, h = (int) (PREVIEW_WIDTH * options.height / options.width);
    cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
    cairo_t *cr = cairo_create (surface);
    g_autoptr(GBytes) bytes = NULL;
    g_autoptr(GdkTexture) texture = NULL;

    cairo_scale (cr, w / options.width, h / options.height);
    hs_plot_render (self->plot_data, cr, &options);
    cairo_destroy (cr);
    cairo_surface_flush (surface);
    bytes = g_bytes_new (cairo_image_surface_get_data (surface), (gsize) cairo_image_surface_get_stride (surface) * h);
    texture = gdk_memory_texture_new (w, h,
                                      G_BYTE_ORDER == G_LITTLE_ENDIAN ? GDK_MEMORY_B8G8R8A8_PREMULTIPLIED
                                                                      : GDK_MEMORY_A8R8G8B8_PREMULTIPLIED,
                                      bytes, cairo_image_surface_get_stride (surface));
    cairo_surface_destroy (surface);
    gtk_picture_set_paintable (GTK_PICTURE (self->preview_picture), GDK_PAINTABLE (texture));
    gtk_stack_set_visible_child (GTK_STACK (self->preview_stack), self->preview_picture);
  }
}

static void
update_preview (HsExportDialog *self)
{
  HsExportFormat format = hs_export_dialog_get_format (self);
  HsPlotKind kind;

  if (self->trace == NULL)
    return;
  if (chosen_plot (self, &kind))
    preview_plot (self, kind, format);
  else if (hs_export_format_is_image (format))
    preview_picture (self, format);
  else if (hs_export_format_get_kind (format) == HS_EXPORT_KIND_CAPTURE)
    {
      guint n = hs_trace_get_n_segments (self->trace);
      /* Translators: the export dialog's preview of a pcap file */
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "A binary file of %u packet: open it in Wireshark to see it",
                                                            "A binary file of %u packets: open it in Wireshark to see them",
                                                            n), n);

      gtk_label_set_text (GTK_LABEL (self->preview_none), text);
      gtk_stack_set_visible_child (GTK_STACK (self->preview_stack), self->preview_none);
    }
  else
    preview_text (self, format);
}

static gboolean
preview_idle_cb (gpointer data)
{
  HsExportDialog *self = data;

  self->preview_source = 0;
  update_preview (self);
  return G_SOURCE_REMOVE;
}

/* Many options change at once (a format chosen, its defaults set): draw
 * once they have. */
static void
queue_preview (HsExportDialog *self)
{
  if (self->preview_source == 0)
    self->preview_source = g_idle_add_full (G_PRIORITY_LOW, preview_idle_cb, self, NULL);
}

static void
update_visibility (HsExportDialog *self)
{
  HsExportFormat format = hs_export_dialog_get_format (self);
  gboolean all = switch_active (self->all_steps_switch);
  /* a plot has a style, a scale and a background, and nothing else */
  gboolean diagram = !chosen_plot (self, NULL);

  gtk_widget_set_visible (self->look_group, hs_export_format_is_image (format));
  gtk_widget_set_visible (self->scale_row, format == HS_EXPORT_PNG);
  gtk_widget_set_visible (self->transparent_row, format == HS_EXPORT_PNG);
  gtk_widget_set_visible (self->page_row, diagram && format == HS_EXPORT_PDF);
  gtk_widget_set_visible (self->content_group, diagram && hs_export_format_is_diagram (format));
  gtk_widget_set_visible (self->time_row, diagram && hs_export_format_is_image (format));
  gtk_widget_set_visible (self->options_row, diagram && hs_export_format_is_diagram (format));
  gtk_widget_set_visible (self->range_group, diagram && hs_export_format_is_diagram (format));
  gtk_widget_set_visible (self->trace_group, diagram && hs_export_format_get_kind (format) == HS_EXPORT_KIND_TRACE);
  gtk_widget_set_visible (self->capture_group, diagram && hs_export_format_get_kind (format) == HS_EXPORT_KIND_CAPTURE);
  gtk_widget_set_sensitive (self->first_row, !all);
  gtk_widget_set_sensitive (self->last_row, !all);
  gtk_widget_set_visible (self->frames_row, diagram && hs_export_format_is_image (format));
  gtk_button_set_label (GTK_BUTTON (self->export_button),
                        hs_export_dialog_get_frames (self) ? _("_Export Images…") : _("_Export…"));
  queue_preview (self);
}

/* The sequence diagram or a plot chosen: a plot offers its formats only
 * (PNG, SVG, PDF, CSV), keeping the one chosen when it can. */
static void
content_changed_cb (HsExportDialog *self)
{
  HsExportFormat format = hs_export_dialog_get_format (self);
  guint position;

  if (self->format_filter == NULL)
    return;
  gtk_filter_changed (GTK_FILTER (self->format_filter), GTK_FILTER_CHANGE_DIFFERENT);
  position = format_position (self, format);
  if (position == GTK_INVALID_LIST_POSITION)
    position = format_position (self, HS_EXPORT_PNG);
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->format_row), position);
  update_visibility (self);
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
  g_autofree char *name = NULL;
  g_autofree char *pattern = g_strdup_printf ("*.%s", hs_export_format_to_string (format));

  /* one image per step: the name is a new folder's, which the export makes */
  if (hs_export_dialog_get_frames (self))
    /* Translators: the folder one image per step goes into: "full-connection-frames" */
    name = g_strdup_printf (_("%s-frames"), self->basename);
  else
    name = g_strdup_printf ("%s.%s", self->basename, hs_export_format_to_string (format));

  self->chooser = gtk_file_chooser_native_new (_("Export"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  if (!hs_export_dialog_get_frames (self))
    {
      gtk_file_filter_set_name (filter, hs_export_format_get_label (format));
      gtk_file_filter_add_pattern (filter, pattern);
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
    }
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
  g_clear_handle_id (&self->preview_source, g_source_remove);
  g_clear_object (&self->trace);
  g_clear_object (&self->plot_data);
  g_clear_object (&self->format_filter);

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
  gtk_widget_class_bind_template_child (widget_class, HsExportDialog, content_row);
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
  gtk_widget_class_bind_template_child (widget_class, HsExportDialog, export_button);
  gtk_widget_class_bind_template_child (widget_class, HsExportDialog, preview_stack);
  gtk_widget_class_bind_template_child (widget_class, HsExportDialog, preview_picture);
  gtk_widget_class_bind_template_child (widget_class, HsExportDialog, preview_text);
  gtk_widget_class_bind_template_child (widget_class, HsExportDialog, preview_none);
  gtk_widget_class_bind_template_child (widget_class, HsExportDialog, frames_row);
  gtk_widget_class_bind_template_child (widget_class, HsExportDialog, frames_switch);
  gtk_widget_class_bind_template_callback (widget_class, content_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, export_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, format_label_cb);
  gtk_widget_class_bind_template_callback (widget_class, range_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, time_label_cb);
  gtk_widget_class_bind_template_callback (widget_class, update_visibility);
}

static void
hs_export_dialog_init (HsExportDialog *self)
{
  GtkWidget *combos[4], *switches[6];

  gtk_widget_init_template (GTK_WIDGET (self));
  self->plot_endpoint = HS_TRACE_NONE;

  /* the registry's formats, less those a plot cannot be written in
   * while a plot is chosen */
  {
    GListModel *formats = adw_combo_row_get_model (ADW_COMBO_ROW (self->format_row));
    GtkFilterListModel *filtered;

    self->format_filter = gtk_custom_filter_new (format_filter_cb, self, NULL);
    filtered = gtk_filter_list_model_new (g_object_ref (formats), g_object_ref (GTK_FILTER (self->format_filter)));
    adw_combo_row_set_model (ADW_COMBO_ROW (self->format_row), G_LIST_MODEL (filtered));
    g_object_unref (filtered);
  }

  combos[0] = self->style_row;
  combos[1] = self->scale_row;
  combos[2] = self->page_row;
  combos[3] = self->time_row;
  switches[0] = self->transparent_switch;
  switches[1] = self->title_switch;
  switches[2] = self->legend_switch;
  switches[3] = self->steps_text_switch;
  switches[4] = self->absolute_switch;
  switches[5] = self->options_switch;

  /* every option the preview shows redraws it (the format, the range and
   * the frames switch already update the visibility, which does too) */
  for (guint i = 0; i < G_N_ELEMENTS (combos); i++)
    g_signal_connect_object (combos[i], "notify::selected", G_CALLBACK (queue_preview), self, G_CONNECT_SWAPPED);
  for (guint i = 0; i < G_N_ELEMENTS (switches); i++)
    g_signal_connect_object (switches[i], "notify::active", G_CALLBACK (queue_preview), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->first_spin, "value-changed", G_CALLBACK (queue_preview), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->last_spin, "value-changed", G_CALLBACK (queue_preview), self, G_CONNECT_SWAPPED);
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
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->format_row), format_position (self, format));
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

void
hs_export_dialog_set_trace (HsExportDialog *self,
                            HsTrace        *trace)
{
  g_return_if_fail (HS_IS_EXPORT_DIALOG (self));
  g_return_if_fail (trace == NULL || HS_IS_TRACE (trace));

  if (!g_set_object (&self->trace, trace))
    return;
  queue_preview (self);
}

gboolean
hs_export_dialog_get_frames (HsExportDialog *self)
{
  g_return_val_if_fail (HS_IS_EXPORT_DIALOG (self), FALSE);

  return hs_export_format_is_image (hs_export_dialog_get_format (self)) && switch_active (self->frames_switch);
}

void
hs_export_dialog_set_frames (HsExportDialog *self,
                             gboolean        frames)
{
  g_return_if_fail (HS_IS_EXPORT_DIALOG (self));

  gtk_switch_set_active (GTK_SWITCH (self->frames_switch), frames);
}

void
hs_export_dialog_update_preview (HsExportDialog *self)
{
  g_return_if_fail (HS_IS_EXPORT_DIALOG (self));

  g_clear_handle_id (&self->preview_source, g_source_remove);
  update_preview (self);
}

GdkPaintable *
hs_export_dialog_get_preview_paintable (HsExportDialog *self)
{
  g_return_val_if_fail (HS_IS_EXPORT_DIALOG (self), NULL);

  if (gtk_stack_get_visible_child (GTK_STACK (self->preview_stack)) != self->preview_picture)
    return NULL;
  return gtk_picture_get_paintable (GTK_PICTURE (self->preview_picture));
}

const char *
hs_export_dialog_get_preview_text (HsExportDialog *self)
{
  GtkWidget *visible;

  g_return_val_if_fail (HS_IS_EXPORT_DIALOG (self), NULL);

  visible = gtk_stack_get_visible_child (GTK_STACK (self->preview_stack));
  if (visible == self->preview_none)
    return gtk_label_get_text (GTK_LABEL (self->preview_none));
  if (visible != self->preview_picture)
    return gtk_label_get_text (GTK_LABEL (self->preview_text));
  return NULL;
}

void
hs_export_dialog_set_format (HsExportDialog *self,
                             HsExportFormat  format)
{
  guint position;

  g_return_if_fail (HS_IS_EXPORT_DIALOG (self));

  position = format_position (self, format);
  if (position != GTK_INVALID_LIST_POSITION)
    adw_combo_row_set_selected (ADW_COMBO_ROW (self->format_row), position);
}

void
hs_export_dialog_set_plot (HsExportDialog *self,
                           int             kind,
                           guint           endpoint)
{
  g_return_if_fail (HS_IS_EXPORT_DIALOG (self));
  g_return_if_fail (kind < HS_PLOT_N_KINDS);

  if (endpoint != self->plot_endpoint)
    g_clear_object (&self->plot_data);
  self->plot_endpoint = endpoint;
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->content_row), kind < 0 ? 0 : (guint) kind + 1);
}

gboolean
hs_export_dialog_get_plot (HsExportDialog *self,
                           HsPlotKind     *kind,
                           guint          *endpoint)
{
  g_return_val_if_fail (HS_IS_EXPORT_DIALOG (self), FALSE);

  if (!chosen_plot (self, kind))
    return FALSE;
  if (endpoint != NULL)
    *endpoint = self->plot_endpoint;
  return TRUE;
}

void
hs_export_dialog_get_plot_options (HsExportDialog      *self,
                                   HsPlotRenderOptions *options,
                                   double              *scale)
{
  HsDiagramExportOptions diagram;

  g_return_if_fail (HS_IS_EXPORT_DIALOG (self));
  g_return_if_fail (options != NULL);

  hs_export_dialog_get_options (self, &diagram);
  hs_plot_render_options_init (options);
  /* the size the window's plot pane exports at */
  options->width = 1200;
  options->height = 675;
  options->style = diagram.style;
  options->transparent = diagram.transparent && hs_export_dialog_get_format (self) == HS_EXPORT_PNG;
  if (scale != NULL)
    *scale = MIN (diagram.scale, 2);
}
