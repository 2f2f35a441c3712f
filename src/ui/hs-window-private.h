/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-window-private.h: the window's struct, shared by hs-window.c,
 * hs-window-actions.c, hs-window-capture.c, hs-window-print.c and
 * hs-window-simulation.c. */

#pragma once

#include "hs-chapters.h"
#include "hs-diagram-view.h"
#include "hs-inspector.h"
#include "hs-lesson-sidebar.h"
#include "hs-parameters-panel.h"
#include "hs-quiz-panel.h"
#include "hs-state-machine-view.h"
#include "hs-step-list.h"
#include "hs-export-dialog.h"
#include "hs-window.h"

G_BEGIN_DECLS

struct _HsWindow
{
  AdwApplicationWindow  parent_instance;

  /* owned */
  HsSession            *session;
  GSettings            *settings;
  GtkFileChooserNative *chooser;
  char                 *lesson;           /* what the sidebar marks: an id or a path */
  char                 *quiz_lesson;      /* the lesson quiz mode was last set for */
  GArray               *chapters;         /* HsChapter, of the present trace */
  HsDiagramLayout      *legend;           /* laid out when the legend is shown */

  /* template children */
  AdwHeaderBar         *header_bar;
  AdwWindowTitle       *window_title;
  AdwToastOverlay      *toast_overlay;
  AdwFlap              *flap;
  AdwFlap              *panel_flap;
  HsLessonSidebar      *sidebar;
  GtkPaned             *paned;
  GtkStack             *main_stack;
  GtkWidget            *simulation_card;
  GtkSpinner           *simulation_spinner;
  GtkLabel             *simulation_title;
  GtkProgressBar       *simulation_bar;
  GtkLabel             *simulation_label;
  GtkWidget            *simulation_cancel;
  GtkWidget            *cancelled_page;
  GtkWidget            *undrawn_page;
  GtkRevealer          *truncated_revealer;
  GtkLabel             *truncated_label;
  GtkScrolledWindow    *diagram_scroller;
  HsDiagramView        *diagram_view;
  HsStateMachineView   *state_view;
  GtkLabel             *state_caption;
  GtkWidget            *narration_box;
  GtkLabel             *step_label;
  GtkScrolledWindow    *narration_scroller;
  GtkLabel             *narration_label;
  GtkLabel             *step_sentence_label;
  GtkWidget            *panel;
  AdwViewStack         *panel_stack;
  HsStepList           *step_list;
  HsInspector          *inspector;
  HsParametersPanel    *parameters;
  GtkWidget            *transport;
  GtkButton            *play_button;
  GtkScale             *timeline;
  GtkAdjustment        *timeline_adjustment;
  GtkLabel             *position_label;
  GtkMenuButton        *legend_button;
  GtkPopover           *legend_popover;
  GtkDrawingArea       *legend_area;
  GtkDropDown          *speed_dropdown;
  GtkLabel             *zoom_label;
  GtkWidget            *leave_presentation_button;
  GtkRevealer          *quiz_revealer;
  HsQuizPanel          *quiz_panel;
  GtkPaned             *plot_paned;       /* hs-window-plot.c */
  GtkWidget            *plot_view;
  GMenu                *connection_section; /* hs-window-capture.c */

  /* plain state */
  gboolean              presentation;
  gboolean              syncing;
  gboolean              panel_placed;
  HsExportFormat        last_export;
  guint                 simulation_tick_id;
  gint64                simulation_started;  /* frame time of the first tick, or 0 */
  gint64                simulation_updated;  /* frame time the numbers last changed */
  gboolean              simulation_cancelled;
  gboolean              card_simulating;     /* what the card says: a simulation, or a layout */
  gboolean              sidebar_folded;
  gboolean              panel_folded;
  double                size_scale;          /* how much larger type is for the window's size */
  guint                 fold_idle_id;
  int                   marks_width;         /* the timeline width its ticks were spaced for */
  double                narration_scale;     /* the narration's type, as the diagram's */
  int                   narration_fit_steps; /* how far a long narration's type is made smaller */
  int                   narration_fit_width; /* the width it was fitted to */
  gboolean              plot_from_lesson;    /* the plot shows for the lesson's Plot= */
  gboolean              plot_narrow;         /* too narrow for the plot beside the diagram */
  int                   plot_set_position;   /* where the window put the divider above the plot; -1: not yet */
  guint                 plot_size_idle;      /* sizes the plot below once the paned is allocated */
  int                   plot_sized_height;   /* the paned's height the plot below was sized for */
  char                 *shown_lesson;        /* the lesson (id or path) whose [Lesson] TimeMode/Show apply */
  gboolean              user_time_mode;      /* the user chose a time mode since it opened */
  gboolean              user_show_options;   /* ... or whether options show */
  guint                 highlight_connection; /* of several, the one standing out (from 1); 0: none */
};

/* hs-window-actions.c */
void  _hs_window_init_actions        (HsWindow   *self);
/* hs-window-keys.c: the keys and shortcuts, wherever the focus is */
void  _hs_window_init_keys           (HsWindow   *self);
/* Ends an edit (what was typed counts) and gives the keyboard to the diagram. */
void  _hs_window_focus_diagram       (HsWindow   *self);
void  _hs_window_update_actions      (HsWindow   *self);
void  _hs_window_show_error          (HsWindow   *self,
                                      const char *heading,
                                      const char *message);
void  _hs_window_toast               (HsWindow   *self,
                                      const char *title);

/* hs-window-capture.c */
void  _hs_window_open_capture        (HsWindow   *self,
                                      const char *path);

/* hs-window-print.c: "win.print" */
void  _hs_window_init_print          (HsWindow   *self);

/* hs-window-simulation.c */
void  _hs_window_init_simulation     (HsWindow   *self);
/* Cancels the simulation, or else the layout, that the window waits for;
 * FALSE when it waits for nothing. */
gboolean _hs_window_cancel_waiting   (HsWindow   *self);

/* hs-window-capture.c */
/* The menu to make one of several connections stand out. */
void  _hs_window_init_connections    (HsWindow   *self);

/* hs-window-quiz.c */
void  _hs_window_init_quiz           (HsWindow   *self);
/* Follows presentation mode and the lesson shown (quiz mode is
 * remembered per lesson). */
void  _hs_window_update_quiz         (HsWindow   *self);
gboolean _hs_window_get_quiz         (HsWindow   *self);
/* hs-window-layout.c */
void   _hs_window_init_layout        (HsWindow   *self);
void   _hs_window_dispose_layout     (HsWindow   *self);
/* Called after the window is allocated: folds or docks the side areas and
 * scales the type for the new size, just after this frame. */
void   _hs_window_layout_allocated   (HsWindow   *self,
                                      int         width,
                                      int         height);
/* The factor the window's size adds to the user's text scale (≥ 1). */
double _hs_window_get_size_scale     (HsWindow   *self);
/* Gives the narration the height of its lines at the present type size. */
void   _hs_window_update_narration_height (HsWindow *self);
void   _hs_window_fit_narration           (HsWindow *self);
void   _hs_window_layout_presize          (HsWindow *self,
                                           int       width,
                                           int       height);
/* Whether the sidebar and the side panel show as overlays. */
gboolean _hs_window_get_sidebar_folded (HsWindow *self);
gboolean _hs_window_get_panel_folded   (HsWindow *self);

/* hs-window-chapters.c */
void   _hs_window_init_chapters      (HsWindow   *self);
void   _hs_window_finalize_chapters  (HsWindow   *self);
/* Spaces the timeline's ticks for its present width, marks the chapters. */
void   _hs_window_rebuild_timeline_marks (HsWindow *self);
guint            _hs_window_get_n_chapters   (HsWindow *self);
const HsChapter *_hs_window_get_chapter      (HsWindow *self,
                                              guint     index);
/* The legend's layout while it is shown, or NULL. */
HsDiagramLayout *_hs_window_get_legend       (HsWindow *self);
/* The name of the chapter the playhead is in, or "". */
const char      *_hs_window_get_chapter_name (HsWindow *self);
/* hs-window-plot.c */
/* The plot shown, chosen in an export dialog; and the plot a dialog
 * chose, written to @path (a toast, or an error shown). */
void  _hs_window_plot_choose_in_dialog (HsWindow          *self,
                                        HsExportDialog    *dialog);
void  _hs_window_export_plot_from_dialog (HsWindow        *self,
                                        HsExportDialog    *dialog,
                                        const char        *path);
void  _hs_window_init_plot           (HsWindow           *self);
void  _hs_window_plot_presentation_changed (HsWindow     *self);
gboolean _hs_window_plot_settled     (HsWindow           *self);
void  _hs_window_plot_set_style      (HsWindow           *self,
                                      HsDiagramStyleKind  style,
                                      double              scale);
/* Puts the plot below the diagram while the window is too narrow for it
 * beside. */
void  _hs_window_plot_allocated      (HsWindow           *self,
                                      int                 width);
gboolean _hs_window_plot_needs_update (HsWindow          *self,
                                      int                 width);

/* hs-window.c */
void  _hs_window_update_style        (HsWindow   *self);
void  _hs_window_add_recent          (HsWindow   *self,
                                      const char *path);
gboolean _hs_window_place_panel_cb   (GtkWidget     *widget,
                                      GdkFrameClock *clock,
                                      gpointer       user_data);

G_END_DECLS
