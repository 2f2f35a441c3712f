/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-parameters-panel.h: the lesson's parameters (ISNs, MSS, buffers,
 * delay, bandwidth, loss, seed, profile, Nagle, delayed ACK, SACK); each
 * change simulates the lesson again at once. */

#pragma once

#include <gtk/gtk.h>

#include "hs-session.h"

G_BEGIN_DECLS

#define HS_TYPE_PARAMETERS_PANEL (hs_parameters_panel_get_type ())
G_DECLARE_FINAL_TYPE (HsParametersPanel, hs_parameters_panel, HS, PARAMETERS_PANEL, GtkWidget)

GtkWidget *hs_parameters_panel_new         (void);
/* The "session" property: the panel shows and changes its lesson. */
HsSession *hs_parameters_panel_get_session (HsParametersPanel *self);
void       hs_parameters_panel_set_session (HsParametersPanel *self,
                                            HsSession         *session);

G_END_DECLS
