/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-window-private.h: the window's struct, shared by hs-window.c,
 * hs-window-actions.c, hs-window-capture.c and hs-window-simulation.c. */

#pragma once

#include "hs-diagram-view.h"
#include "hs-inspector.h"
#include "hs-lesson-sidebar.h"
#include "hs-parameters-panel.h"
#include "hs-state-machine-view.h"
#include "hs-step-list.h"
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

  /* template children */
  AdwHeaderBar         *header_bar;
  AdwWindowTitle       *window_title;
  AdwToastOverlay      *toast_overlay;
  AdwFlap              *flap;
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
  GtkDropDown          *speed_dropdown;
  GtkLabel             *zoom_label;
  GtkWidget            *leave_presentation_button;

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
  char                 *shown_lesson;        /* the lesson (id or path) whose [Lesson] TimeMode/Show apply */
  gboolean              user_time_mode;      /* the user chose a time mode since it opened */
  gboolean              user_show_options;   /* ... or whether options show */
};

/* hs-window-actions.c */
void  _hs_window_init_actions        (HsWindow   *self);
void  _hs_window_update_actions      (HsWindow   *self);
void  _hs_window_show_error          (HsWindow   *self,
                                      const char *heading,
                                      const char *message);
void  _hs_window_toast               (HsWindow   *self,
                                      const char *title);

/* hs-window-capture.c */
void  _hs_window_open_capture        (HsWindow   *self,
                                      const char *path);

/* hs-window-simulation.c */
void  _hs_window_init_simulation     (HsWindow   *self);
/* Cancels the simulation, or else the layout, that the window waits for;
 * FALSE when it waits for nothing. */
gboolean _hs_window_cancel_waiting   (HsWindow   *self);

/* hs-window.c */
void  _hs_window_update_style        (HsWindow   *self);
void  _hs_window_add_recent          (HsWindow   *self,
                                      const char *path);

G_END_DECLS
