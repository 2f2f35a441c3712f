/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-inspector.h: everything about one segment: every header field, the
 * header's bytes with the chosen field highlighted, and both endpoints'
 * TCB variables before and after it; on a read, the bytes it returned
 * and the writes they came from. */

#pragma once

#include <gtk/gtk.h>

#include "hs-session.h"

G_BEGIN_DECLS

/* The rows of the TCB tables, top to bottom. */
typedef enum
{
  HS_INSPECTOR_TCB_STATE,
  HS_INSPECTOR_TCB_SND_UNA,
  HS_INSPECTOR_TCB_SND_NXT,
  HS_INSPECTOR_TCB_SND_WND,
  HS_INSPECTOR_TCB_RCV_NXT,
  HS_INSPECTOR_TCB_RCV_WND,
  HS_INSPECTOR_TCB_CWND,
  HS_INSPECTOR_TCB_SSTHRESH,
  HS_INSPECTOR_TCB_IN_FLIGHT,
  HS_INSPECTOR_TCB_RTO,
  HS_INSPECTOR_TCB_SRTT,
  HS_INSPECTOR_N_TCB
} HsInspectorTcb;

#define HS_TYPE_INSPECTOR (hs_inspector_get_type ())
G_DECLARE_FINAL_TYPE (HsInspector, hs_inspector, HS, INSPECTOR, GtkWidget)

GtkWidget  *hs_inspector_new           (void);
/* The "session" property: the inspector shows its selected segment. */
HsSession  *hs_inspector_get_session   (HsInspector *self);
void        hs_inspector_set_session   (HsInspector *self,
                                        HsSession   *session);
/* The "absolute" property: sequence numbers as on the wire. */
gboolean    hs_inspector_get_absolute  (HsInspector *self);
void        hs_inspector_set_absolute  (HsInspector *self,
                                        gboolean     absolute);
/* The segment shown, or HS_TRACE_NONE (follows the session's selection). */
guint       hs_inspector_get_segment   (HsInspector *self);
/* The header's bytes as the hex view shows them (for tests), or NULL. */
GBytes     *hs_inspector_get_bytes     (HsInspector *self);
/* For a SYN+ACK whose ISN is a SYN cookie: what the inspector says the
 * cookie holds (under the sequence number); else NULL. */
const char *hs_inspector_get_cookie_text (HsInspector *self);
/* The text of a TCB cell as shown: @which 0 is the sender's table, 1 the
 * receiver's; @after the column after the event rather than before it. */
const char *hs_inspector_get_tcb_text  (HsInspector    *self,
                                        guint           which,
                                        HsInspectorTcb  row,
                                        gboolean        after);
/* When the playhead is on a read: what the inspector says it returned
 * (the bytes, and on TCP the peer's writes they came from); else NULL.
 * The inspector follows the playhead from an idle callback. */
const char *hs_inspector_get_read_text (HsInspector *self);
/* Highlights a header field by its row: 0 source port, 1 destination port, ... */
void        hs_inspector_select_field  (HsInspector *self,
                                        guint        field);

G_END_DECLS
