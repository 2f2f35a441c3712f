/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-step-list.h: every step of the trace with its narration; the current
 * step is selected, and choosing a step moves the playhead there. */

#pragma once

#include <gtk/gtk.h>

#include "hs-session.h"

G_BEGIN_DECLS

#define HS_TYPE_STEP_LIST (hs_step_list_get_type ())
G_DECLARE_FINAL_TYPE (HsStepList, hs_step_list, HS, STEP_LIST, GtkWidget)

GtkWidget *hs_step_list_new         (void);
/* The "session" property: the list follows its trace and playhead. */
HsSession *hs_step_list_get_session (HsStepList *self);
void       hs_step_list_set_session (HsStepList *self,
                                     HsSession  *session);
/* Whether the current step's row is in sight (for tests). */
gboolean   hs_step_list_get_current_row_visible (HsStepList *self);

/* The steps listed, as items with "number", "sentence" and "meta". */
GListModel *hs_step_list_get_steps  (HsStepList *self);
/* Quiz mode: only the first @limit steps are listed, so no narration of a
 * step past an unanswered question shows. G_MAXUINT (the default): all. */
guint      hs_step_list_get_limit   (HsStepList *self);
void       hs_step_list_set_limit   (HsStepList *self,
                                     guint       limit);

G_END_DECLS
