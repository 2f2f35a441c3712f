/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ui-layout.c: the window at the sizes a classroom has (a 1024×700
 * laptop, a 1920×1080 projector): what share of the width the diagram
 * keeps, how large its labels and the narration are, and that the
 * narration keeps its height while the steps go by. Under Xvfb; without
 * a display the cases skip. */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "hs-application.h"
#include "hs-diagram-layout.h"
#include "hs-diagram-view-private.h"
#include "hs-error.h"
#include "hs-narration.h"
#include "hs-state-machine.h"
#include "hs-window-private.h"
#include "hs-test-ui.h"

static GtkApplication *app;

typedef struct
{
  HsWindow *window;
  int       width;
  int       height;
} Sized;



/* Drawn at its size, folded or docked as that size asks, the layout made
 * for the diagram's present width and nothing waiting to be applied. */
static gboolean
window_settled (gpointer data)
{
  Sized *s = data;
  HsDiagramView *view = s->window->diagram_view;
  HsDiagramLayout *layout = hs_diagram_view_get_layout (view);

  return gtk_widget_get_mapped (GTK_WIDGET (s->window)) &&
         /* the window's own width leaves out its client-side border */
         ABS (gtk_widget_get_width (GTK_WIDGET (s->window)) - s->width) <= 24 &&
         !hs_session_get_simulating (s->window->session) && layout != NULL &&
         s->window->fold_idle_id == 0 && s->window->size_scale > 0 &&
         gtk_widget_get_width (GTK_WIDGET (view)) > 0;
}

/* Both side areas shown over the diagram (the flaps slide in). */
static gboolean
areas_mapped (gpointer data)
{
  HsWindow *window = data;

  return gtk_widget_get_mapped (window->panel) && gtk_widget_get_mapped (GTK_WIDGET (window->sidebar));
}

static HsWindow *
open_window (const char *lesson,
             int         width,
             int         height)
{
  g_autoptr(GError) error = NULL;
  Sized s = { NULL, width, height };

  s.window = hs_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (s.window), width, height);
  g_assert_true (hs_window_open_lesson (s.window, lesson, &error));
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (s.window));
  if (!hs_test_iterate_until (window_settled, &s, 60000))
    g_error ("The window did not settle at %d×%d: it is %d px wide, its diagram %d px", width, height,
             gtk_widget_get_width (GTK_WIDGET (s.window)), gtk_widget_get_width (GTK_WIDGET (s.window->diagram_view)));
  /* the fold and the type scale apply just after the frame that saw the
   * size; the diagram is laid out again for them in the next */
  hs_test_iterate (300);
  if (!hs_test_iterate_until (window_settled, &s, 30000))
    {
      int min_width = 0;

      gtk_widget_measure (GTK_WIDGET (s.window), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
      g_error ("The window did not settle again at %d×%d: it is %d px wide (its minimum %d px), "
               "its diagram %d px, folding %s", width, height, gtk_widget_get_width (GTK_WIDGET (s.window)),
               min_width, gtk_widget_get_width (GTK_WIDGET (s.window->diagram_view)),
               s.window->fold_idle_id != 0 ? "pending" : "done");
    }
  return s.window;
}

static void
close_window (HsWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  hs_test_iterate (50);
}

/* The pixel size the diagram's segment labels ("seq=0 ack=1 …") are drawn
 * at on screen: the style's size, times the scale the view draws at. */
static double
diagram_label_px (HsWindow *window)
{
  HsDiagramLayout *layout = hs_diagram_view_get_layout (window->diagram_view);
  const HsDiagramStyle *style = hs_diagram_layout_get_style (layout);

  g_assert_true (pango_font_description_get_size_is_absolute (style->label_font));
  return pango_font_description_get_size (style->label_font) / (double) PANGO_SCALE *
         _hs_diagram_view_get_scale (window->diagram_view);
}

/* The pixel size of a label's type: its CSS font, times the scale the
 * window gives it. */
static double
label_font_px (GtkLabel *label)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (label));
  const PangoFontDescription *font = pango_context_get_font_description (context);
  PangoAttrList *attrs = gtk_label_get_attributes (label);
  double px = pango_font_description_get_size (font) / (double) PANGO_SCALE;
  double resolution = pango_cairo_context_get_resolution (context);

  if (!pango_font_description_get_size_is_absolute (font))
    px *= (resolution > 0 ? resolution : 96.0) / 72.0;
  if (attrs != NULL)
    {
      GSList *list = pango_attr_list_get_attributes (attrs);

      for (GSList *l = list; l != NULL; l = l->next)
        if (((PangoAttribute *) l->data)->klass->type == PANGO_ATTR_SCALE)
          px *= ((PangoAttrFloat *) l->data)->value;
      g_slist_free_full (list, (GDestroyNotify) pango_attribute_destroy);
    }
  return px;
}

static gboolean
screen_holds (int width,
              int height)
{
  GListModel *monitors = gdk_display_get_monitors (gdk_display_get_default ());
  g_autoptr(GdkMonitor) monitor = g_list_model_get_item (monitors, 0);
  GdkRectangle geometry;

  if (monitor == NULL)
    return FALSE;
  gdk_monitor_get_geometry (monitor, &geometry);
  return geometry.width >= width && geometry.height >= height;
}

static double
diagram_share (HsWindow *window)
{
  return gtk_widget_get_width (GTK_WIDGET (window->diagram_scroller)) /
         (double) gtk_widget_get_width (GTK_WIDGET (window));
}

static void
test_layout_laptop (void)
{
  HsWindow *window;
  g_autoptr(GVariant) state = NULL;
  double share, label;

  g_test_summary ("At 1024×700 the sidebar and the side panel fold away: the diagram keeps at least 60 % "
                  "of the width, its labels no smaller than designed, toasts cannot cover the transport bar, "
                  "and each button brings its area back over the diagram");
  if (hs_test_ui_skip (app))
    return;

  window = open_window ("full-connection", 1024, 700);
  share = diagram_share (window);
  label = diagram_label_px (window);
  g_test_message ("1024×700: diagram %.0f %% of the width, labels %.1f px", share * 100, label);
  g_assert_true (_hs_window_get_sidebar_folded (window));
  g_assert_true (_hs_window_get_panel_folded (window));
  g_assert_cmpfloat (share, >=, 0.6);
  g_assert_cmpfloat (label, >=, 12.0);
  /* toasts rise over the diagram: the transport bar is never under them */
  g_assert_true (gtk_widget_is_ancestor (GTK_WIDGET (window->diagram_scroller), GTK_WIDGET (window->toast_overlay)));
  g_assert_false (gtk_widget_is_ancestor (window->transport, GTK_WIDGET (window->toast_overlay)));

  /* the buttons bring the areas back as overlays: the diagram keeps its width */
  g_action_group_change_action_state (G_ACTION_GROUP (window), "show-panel", g_variant_new_boolean (TRUE));
  g_action_group_change_action_state (G_ACTION_GROUP (window), "show-sidebar", g_variant_new_boolean (TRUE));
  g_assert_true (hs_test_iterate_until (areas_mapped, window, 30000));
  g_assert_true (adw_flap_get_reveal_flap (window->panel_flap));
  g_assert_true (adw_flap_get_reveal_flap (window->flap));
  g_assert_true (gtk_widget_get_mapped (window->panel));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window->sidebar)));
  g_assert_cmpfloat (diagram_share (window), >=, 0.6);

  /* a click beside the panel closes it, and its button says so */
  adw_flap_set_reveal_flap (window->panel_flap, FALSE);
  hs_test_iterate (50);
  g_assert_false (gtk_widget_get_visible (window->panel));
  state = g_action_group_get_action_state (G_ACTION_GROUP (window), "show-panel");
  g_assert_false (g_variant_get_boolean (state));

  close_window (window);
}

static void
test_layout_projector (void)
{
  HsWindow *window;
  double label, narration;

  g_test_summary ("At 1920×1080 the diagram's labels are at least 18 px and the narration at least 28 px, "
                  "in the window and in presentation mode; a user's text scale multiplies both; "
                  "a lesson of several connections on two hosts keeps the side areas docked");
  if (hs_test_ui_skip (app))
    return;

  /* GTK keeps a window inside its monitor: build-aux/test.sh gives Xvfb
   * a 1920×1200 screen */
  if (!screen_holds (1920, 1080))
    {
      g_test_skip ("The screen is smaller than 1920×1080: run under Xvfb with -screen 0 1920x1200x24");
      return;
    }
  window = open_window ("full-connection", 1920, 1080);
  label = diagram_label_px (window);
  narration = label_font_px (window->narration_label);
  g_test_message ("1920×1080: diagram %.0f %% of the width, labels %.1f px, narration %.1f px",
                  diagram_share (window) * 100, label, narration);
  g_assert_false (_hs_window_get_sidebar_folded (window));
  g_assert_false (_hs_window_get_panel_folded (window));
  g_assert_cmpfloat (diagram_share (window), >=, 0.6);
  g_assert_cmpfloat (label, >=, 18.0);
  g_assert_cmpfloat (narration, >=, 28.0);

  /* the teacher's own scale is kept, as a multiplier */
  g_settings_set_double (window->settings, "font-scale", 1.2);
  hs_test_iterate (300);
  g_assert_cmpfloat (label_font_px (window->narration_label), >=, narration * 1.19);
  g_settings_reset (window->settings, "font-scale");
  hs_test_iterate (100);

  hs_window_set_presentation (window, TRUE);
  hs_test_iterate (400);
  g_assert_cmpfloat (diagram_label_px (window), >=, 18.0);
  g_assert_cmpfloat (label_font_px (window->narration_label), >=, 28.0);
  hs_window_set_presentation (window, FALSE);

  close_window (window);

  /* seven sockets on two hosts are two lanes: the side areas stay
   * docked (they folded for seven lanes) */
  window = open_window ("parallel-connections", 1920, 1080);
  g_assert_false (_hs_window_get_sidebar_folded (window));
  g_assert_false (_hs_window_get_panel_folded (window));
  close_window (window);
}

static void
test_layout_tcp_vs_udp (void)
{
  HsWindow *window;
  g_autofree char *tally = NULL;
  double label;

  g_test_summary ("tcp-vs-udp at the default size: its four lanes keep labels of at least 11 px (the side panel folds for them), and the "
                  "narration of its last step begins with the tally of what TCP and UDP delivered");
  if (hs_test_ui_skip (app))
    return;

  window = open_window ("tcp-vs-udp", 1200, 760);
  label = diagram_label_px (window);
  g_test_message ("tcp-vs-udp at 1200×760: diagram %.0f %% of the width, labels %.1f px",
                  diagram_share (window) * 100, label);
  g_assert_cmpfloat (label, >=, 11.0);

  hs_session_set_position (window->session, hs_session_get_n_steps (window->session));
  tally = hs_narration_format_tally (hs_session_get_trace (window->session));
  g_assert_nonnull (tally);
  g_assert_true (g_str_has_prefix (hs_window_get_narration (window), tally));
  hs_session_set_position (window->session, hs_session_get_n_steps (window->session) - 1);
  g_assert_null (strstr (hs_window_get_narration (window), tally));

  close_window (window);
}

static void
test_layout_state_diagram (void)
{
  HsWindow *window;
  GtkWidget *view;
  HsTrace *trace;
  HsStateMachineMark marks[2];
  double label;
  guint n;
  static const guint client_trail[] = {
    HS_STATE_CLOSED, HS_STATE_SYN_SENT, HS_STATE_ESTABLISHED, HS_STATE_FIN_WAIT_1,
    HS_STATE_FIN_WAIT_2, HS_STATE_TIME_WAIT, HS_STATE_MACHINE_CLOSED_END,
  };

  g_test_summary ("The state diagram at the default window size draws its transitions' labels at 12 px or "
                  "more, and each endpoint's trail holds the states it passed through, in order");
  if (hs_test_ui_skip (app))
    return;

  window = open_window ("full-connection", 1200, 760);
  g_action_group_activate_action (G_ACTION_GROUP (window), "main-view", g_variant_new_string ("states"));
  hs_test_iterate (300);
  view = hs_window_get_state_view (window);
  g_assert_true (gtk_widget_get_mapped (view));
  label = hs_state_machine_label_size (gtk_widget_get_width (view), gtk_widget_get_height (view), 1.0);
  g_test_message ("state diagram %d×%d: labels %.1f px", gtk_widget_get_width (view), gtk_widget_get_height (view),
                  label);
  g_assert_cmpfloat (label, >=, 12.0);

  /* at the end of a whole connection: the client closed actively */
  trace = hs_session_get_trace (window->session);
  n = hs_state_machine_marks_at_step (trace, hs_trace_get_n_steps (trace) - 1, HS_DIAGRAM_STYLE_LIGHT, marks);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpuint (marks[0].n_trail, ==, G_N_ELEMENTS (client_trail));
  for (guint i = 0; i < G_N_ELEMENTS (client_trail); i++)
    g_assert_cmpuint (marks[0].trail[i], ==, client_trail[i]);
  g_assert_cmpuint (marks[0].trail[marks[0].n_trail - 1], ==, marks[0].box);
  g_assert_cmpuint (marks[1].trail[marks[1].n_trail - 1], ==, marks[1].box);
  /* before the first step, the trail is where each starts */
  n = hs_state_machine_marks_at_step (trace, HS_TRACE_NONE, HS_DIAGRAM_STYLE_LIGHT, marks);
  g_assert_cmpuint (marks[0].n_trail, ==, 1);

  g_settings_reset (window->settings, "main-view");
  close_window (window);
}

static void
test_layout_narration_height (void)
{
  HsWindow *window;
  HsSession *session;
  int narration, panel, diagram;
  guint n;

  g_test_summary ("While a lesson is stepped through, the narration, the diagram and the side panel keep "
                  "their sizes: the layout never jumps");
  if (hs_test_ui_skip (app))
    return;

  window = open_window ("full-connection", 1400, 900);
  session = window->session;
  n = hs_session_get_n_steps (session);
  g_assert_cmpuint (n, >, 20);
  narration = gtk_widget_get_height (window->narration_box);
  diagram = gtk_widget_get_height (GTK_WIDGET (window->diagram_scroller));
  panel = gtk_widget_get_width (window->panel);
  g_assert_cmpint (narration, >, 0);
  for (guint i = 1; i <= n; i++)
    {
      hs_session_set_position (session, i);
      /* two frames: the new text measured, then laid out */
      hs_test_iterate (40);
      g_assert_cmpint (gtk_widget_get_height (window->narration_box), ==, narration);
      g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (window->diagram_scroller)), ==, diagram);
      g_assert_cmpint (gtk_widget_get_width (window->panel), ==, panel);
    }
  close_window (window);
}

/* The narration label's height for its text at its width: what it
 * needs, against what the scroller around it shows. */
static int
narration_needs (HsWindow *window)
{
  int natural = 0;

  gtk_widget_measure (GTK_WIDGET (window->narration_label), GTK_ORIENTATION_VERTICAL,
                      gtk_widget_get_width (GTK_WIDGET (window->narration_label)),
                      NULL, &natural, NULL, NULL);
  return natural;
}

static void
test_layout_narration_fits (void)
{
  HsWindow *window;
  HsSession *session;
  int box;

  g_test_summary ("At 1024×700 a long narration (PRR's first new segment) is set in smaller type "
                  "so that all of it shows without scrolling, and the diagram keeps its height; "
                  "a short one keeps the full size");
  if (hs_test_ui_skip (app))
    return;

  window = open_window ("prr", 1024, 700);
  session = window->session;
  box = gtk_widget_get_height (window->narration_box);

  hs_session_set_position (session, 1);
  hs_test_iterate (60);
  g_assert_cmpfloat (hs_window_get_narration_fit (window), ==, 1.0);

  /* the first segment PRR lets out: six lines at the full size */
  hs_session_set_position (session, 137);
  hs_test_iterate (60);
  g_test_message ("step 137: type at %.2f, needs %d px, shows %d px", hs_window_get_narration_fit (window),
                  narration_needs (window), gtk_widget_get_height (GTK_WIDGET (window->narration_scroller)));
  g_assert_cmpfloat (hs_window_get_narration_fit (window), <, 1.0);
  g_assert_cmpfloat (hs_window_get_narration_fit (window), >=, 0.75);
  g_assert_cmpint (narration_needs (window), <=, gtk_widget_get_height (GTK_WIDGET (window->narration_scroller)));
  g_assert_cmpint (gtk_widget_get_height (window->narration_box), ==, box);

  hs_session_set_position (session, 2);
  hs_test_iterate (60);
  g_assert_cmpfloat (hs_window_get_narration_fit (window), ==, 1.0);
  close_window (window);
}

/* The shortcut that @trigger names on the window, activated as a key
 * press would; FALSE when no controller of the window has it. */
static gboolean
press (HsWindow   *window,
       const char *trigger)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          g_autofree char *text = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));

          if (g_str_equal (text, trigger))
            return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, GTK_WIDGET (window), NULL);
        }
    }
  return FALSE;
}

static void
test_chapters_derived (void)
{
  HsWindow *window;
  HsTrace *trace;
  guint n;

  g_test_summary ("fast-retransmit's chapters are derived from its trace; Ctrl+Page Down and ] go to the "
                  "next chapter, Ctrl+Page Up and [ back; the timeline names the chapter; L and Shift+L go "
                  "to the next and previous loss or retransmission");
  if (hs_test_ui_skip (app))
    return;

  window = open_window ("fast-retransmit", 1280, 800);
  trace = hs_session_get_trace (window->session);
  n = _hs_window_get_n_chapters (window);
  g_assert_cmpuint (n, >=, 4);
  g_assert_cmpuint (hs_session_get_position (window->session), ==, 0);
  g_assert_cmpstr (_hs_window_get_chapter_name (window), ==, "");

  /* forward through every chapter, then no further */
  for (guint i = 0; i < n; i++)
    {
      const HsChapter *chapter = _hs_window_get_chapter (window, i);

      g_assert_true (press (window, i % 2 == 0 ? "<Control>Page_Down" : "bracketright"));
      g_assert_cmpuint (hs_session_get_position (window->session), ==, chapter->step + 1);
      g_assert_cmpstr (_hs_window_get_chapter_name (window), ==, hs_chapter_kind_label (chapter->kind));
      g_assert_true (g_str_has_suffix (gtk_label_get_text (window->step_label), hs_chapter_kind_label (chapter->kind)));
    }
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "next-chapter"));

  /* back: from a step inside a chapter to its start, then to the one before */
  hs_session_set_position (window->session, _hs_window_get_chapter (window, 1)->step + 3);
  g_assert_true (press (window, "<Control>Page_Up"));
  g_assert_cmpuint (hs_session_get_position (window->session), ==, _hs_window_get_chapter (window, 1)->step + 1);
  g_assert_true (press (window, "bracketleft"));
  g_assert_cmpuint (hs_session_get_position (window->session), ==, _hs_window_get_chapter (window, 0)->step + 1);

  /* losses and retransmissions, one after another */
  hs_session_set_position (window->session, 0);
  g_assert_true (press (window, "l"));
  g_assert_true (hs_trace_step_is_loss_or_retransmission (trace, hs_session_get_current_step (window->session)));
  g_assert_cmpint (hs_trace_get_step (trace, hs_session_get_current_step (window->session))->kind, ==,
                   HS_STEP_SEGMENT_LOST);
  for (guint i = 0; i < hs_session_get_current_step (window->session); i++)
    g_assert_false (hs_trace_step_is_loss_or_retransmission (trace, i));
  {
    guint first = hs_session_get_current_step (window->session);

    g_assert_true (press (window, "l"));
    g_assert_cmpuint (hs_session_get_current_step (window->session), >, first);
    g_assert_true (hs_trace_step_is_loss_or_retransmission (trace, hs_session_get_current_step (window->session)));
    g_assert_true (press (window, "<Shift>l"));
    g_assert_cmpuint (hs_session_get_current_step (window->session), ==, first);
  }

  close_window (window);
}

static void
test_chapters_lesson_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  HsWindow *window;
  static const char lesson[] =
    "[Lesson]\nTitle=Chapters\nChapters=1:handshake;5:data;10:close;500:loss\n\n"
    "[Client]\nScript=connect; send 3000; close\n\n[Server]\nScript=listen; close\n";

  g_test_summary ("A lesson file's Chapters= are the window's chapters, but for those past the end of the "
                  "run; a wrong value is refused when the file is opened");
  if (hs_test_ui_skip (app))
    return;

  dir = g_dir_make_tmp ("hs-chapters-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "chapters.lesson", NULL);
  g_assert_true (g_file_set_contents (path, lesson, -1, &error));
  g_assert_no_error (error);

  window = open_window (path, 1280, 800);
  g_assert_cmpuint (hs_session_get_n_steps (window->session), >=, 10);
  g_assert_cmpuint (hs_session_get_n_steps (window->session), <, 500);
  g_assert_cmpuint (_hs_window_get_n_chapters (window), ==, 3);
  g_assert_cmpuint (_hs_window_get_chapter (window, 1)->step, ==, 4);
  g_assert_true (press (window, "bracketright"));
  g_assert_true (press (window, "bracketright"));
  g_assert_cmpuint (hs_session_get_position (window->session), ==, 5);
  g_assert_cmpstr (_hs_window_get_chapter_name (window), ==, hs_chapter_kind_label (HS_CHAPTER_DATA));

  /* the same file, wrong */
  g_assert_true (g_file_set_contents (path, "[Lesson]\nTitle=Chapters\nChapters=9:data;2:close\n\n"
                                      "[Client]\nScript=connect\n\n[Server]\nScript=listen\n", -1, &error));
  g_assert_false (hs_window_open_lesson (window, path, &error));
  g_assert_error (error, HS_ERROR, HS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "chapters.lesson:3: chapter 2: step 2 does not come after step 9"));

  close_window (window);
  g_unlink (path);
  g_rmdir (dir);
}

static gboolean
legend_shown (gpointer data)
{
  HsWindow *window = data;

  return gtk_widget_get_mapped (GTK_WIDGET (window->legend_area)) && _hs_window_get_legend (window) != NULL &&
         gtk_widget_get_height (GTK_WIDGET (window->legend_area)) > 1;
}

static gboolean
plot_below (gpointer data)
{
  HsWindow *window = data;

  return gtk_widget_get_mapped (window->plot_view) &&
         gtk_orientable_get_orientation (GTK_ORIENTABLE (window->plot_paned)) == GTK_ORIENTATION_VERTICAL;
}

/* Below the diagram the plot gets its share of the height once the
 * paned is allocated (an idle after it). */
static gboolean
plot_sized (gpointer data)
{
  HsWindow *window = data;

  /* allocated as the window sized it, or as near as the paned allows */
  return window->plot_sized_height > 0 && window->plot_size_idle == 0 &&
         gtk_widget_get_height (window->plot_view) + gtk_paned_get_position (window->plot_paned) >=
           window->plot_sized_height - 3;
}

static void
test_plot_below (void)
{
  g_autoptr(GSettings) settings = NULL;
  HsWindow *window;

  g_test_summary ("In a laptop-sized window a plot set beside the diagram goes below it, the diagram "
                  "keeps at least 60 % of the width, and the two share the height: the plot is not cut off");
  if (hs_test_ui_skip (app))
    return;

  settings = g_settings_new ("io.github.handshake.Handshake");
  g_settings_set_string (settings, "plot-position", "beside");
  window = open_window ("full-connection", 1024, 700);
  g_action_group_change_action_state (G_ACTION_GROUP (window), "plot-visible", g_variant_new_boolean (TRUE));
  g_assert_true (hs_test_iterate_until (plot_below, window, 10000));
  g_assert_cmpfloat (diagram_share (window), >=, 0.6);
  /* the two share the height: the plot whole (never cut below what it
   * needs to draw its axes and legend), the diagram room for its lane
   * headers and the current arrow */
  g_assert_true (hs_test_iterate_until (plot_sized, window, 10000));
  {
    int min = 0;

    gtk_widget_measure (window->plot_view, GTK_ORIENTATION_VERTICAL, gtk_widget_get_width (window->plot_view),
                        &min, NULL, NULL, NULL);
    g_test_message ("1024×700, plot below: diagram %d px, plot %d px (at least %d)",
                    gtk_widget_get_height (GTK_WIDGET (window->diagram_scroller)),
                    gtk_widget_get_height (window->plot_view), min);
    g_assert_cmpint (gtk_widget_get_height (window->plot_view), >=, min);
    g_assert_cmpint (gtk_widget_get_height (window->plot_view), >=, 180);
    g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (window->diagram_scroller)), >=, 150);
  }
  g_action_group_change_action_state (G_ACTION_GROUP (window), "plot-visible", g_variant_new_boolean (FALSE));
  close_window (window);
}

static void
test_legend (void)
{
  HsWindow *window;
  double x, y, w, h;

  g_test_summary ("The legend the exports draw is a click away: win.show-legend (the transport bar's button) "
                  "opens it, laid out by the diagram's own legend code, and closing it drops its layout");
  if (hs_test_ui_skip (app))
    return;

  window = open_window ("fast-retransmit", 1200, 760);
  g_assert_null (_hs_window_get_legend (window));
  g_action_group_activate_action (G_ACTION_GROUP (window), "show-legend", NULL);
  g_assert_true (hs_test_iterate_until (legend_shown, window, 3000));
  g_assert_true (hs_diagram_layout_get_legend (_hs_window_get_legend (window), &x, &y, &w, &h));
  g_assert_cmpfloat (h, >, 40);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (window->legend_area)), >=, (int) h);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window->legend_area)), >=, (int) w);

  gtk_popover_popdown (window->legend_popover);
  hs_test_iterate (100);
  g_assert_null (_hs_window_get_legend (window));
  close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  hs_test_ui_init (&argc, &argv);

  g_test_add_func ("/ui/layout/laptop", test_layout_laptop);
  g_test_add_func ("/ui/layout/projector", test_layout_projector);
  g_test_add_func ("/ui/layout/narration-height", test_layout_narration_height);
  g_test_add_func ("/ui/layout/narration-fits", test_layout_narration_fits);
  g_test_add_func ("/ui/layout/tcp-vs-udp", test_layout_tcp_vs_udp);
  g_test_add_func ("/ui/layout/state-diagram", test_layout_state_diagram);
  g_test_add_func ("/ui/chapters/derived", test_chapters_derived);
  g_test_add_func ("/ui/chapters/lesson-file", test_chapters_lesson_file);
  g_test_add_func ("/ui/legend", test_legend);
  g_test_add_func ("/ui/layout/plot-below", test_plot_below);

  app = hs_test_ui_app_new ();

  status = g_test_run ();

  g_clear_object (&app);
  return status;
}
