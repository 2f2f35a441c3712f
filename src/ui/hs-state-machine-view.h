/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-state-machine-view.h: the RFC 9293 state diagram with the endpoints'
 * current states marked, following the playhead. */

#pragma once

#include <gtk/gtk.h>

#include "hs-diagram-style.h"
#include "hs-session.h"

G_BEGIN_DECLS

#define HS_TYPE_STATE_MACHINE_VIEW (hs_state_machine_view_get_type ())
G_DECLARE_FINAL_TYPE (HsStateMachineView, hs_state_machine_view, HS, STATE_MACHINE_VIEW, GtkWidget)

GtkWidget  *hs_state_machine_view_new         (void);
/* The "session" property: the view follows its trace and playhead. */
HsSession  *hs_state_machine_view_get_session (HsStateMachineView *self);
void        hs_state_machine_view_set_session (HsStateMachineView *self,
                                               HsSession          *session);
void        hs_state_machine_view_set_style   (HsStateMachineView *self,
                                               HsDiagramStyleKind  kind,
                                               double              font_scale);
/* One line per endpoint: "client: SYN-SENT → ESTABLISHED". */
const char *hs_state_machine_view_get_caption (HsStateMachineView *self);

/* The lane colour of endpoint @index (0: client, 1: server) in @kind. */
void        hs_state_machine_view_lane_color  (HsDiagramStyleKind  kind,
                                               guint               index,
                                               HsDiagramColor     *color);

G_END_DECLS
