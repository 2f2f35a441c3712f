/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-endpoint.h: one TCP endpoint: an RFC 9293 TCB, its state machine
 * (section 3.10, "Event Processing"), its timers and its buffers. */

#pragma once

#include "hs-narration.h"
#include "hs-profile.h"
#include "hs-scenario.h"
#include "hs-segment.h"
#include "hs-trace.h"

G_BEGIN_DECLS

typedef struct _HsEndpoint HsEndpoint;

/* What an endpoint needs from the world around it: the simulator provides
 * these, a unit test can provide its own. */
typedef struct
{
  HsTime (*now)          (gpointer            host);
  /* Puts a segment on the wire; @window is its window field in bytes,
   * after scaling. Returns the segment's index in the trace. */
  guint  (*transmit)     (gpointer            host,
                          HsEndpoint         *endpoint,
                          const HsTcpHeader  *header,
                          guint32             len,
                          guint32             window,
                          guint8              marks,
                          HsReason            reason);
  /* Arms @kind to fire at @when (replacing an earlier deadline); HS_TIME_NONE cancels. */
  void   (*set_timer)    (gpointer            host,
                          HsEndpoint         *endpoint,
                          HsTimerKind         kind,
                          HsTime              when);
  void   (*state_changed)(gpointer            host,
                          HsEndpoint         *endpoint,
                          HsState             from,
                          HsState             to);
  void   (*notify)       (gpointer            host,
                          HsEndpoint         *endpoint,
                          HsNotify            what,
                          guint64             value);
} HsEndpointHost;

typedef enum
{
  HS_ENDPOINT_OK,
  HS_ENDPOINT_ERROR_NOT_CONNECTED,   /* send before connect, in CLOSED or LISTEN */
  HS_ENDPOINT_ERROR_CLOSING,         /* send or close after the write side was shut */
  HS_ENDPOINT_ERROR_EXISTS,          /* connect or listen on a connection that exists */
} HsEndpointResult;

HsEndpoint      *hs_endpoint_new            (guint                    index,
                                             const HsEndpointConfig  *config,
                                             const HsProfile         *profile,
                                             const HsEndpointHost    *host,
                                             gpointer                 host_data,
                                             GRand                   *rand);
void             hs_endpoint_free           (HsEndpoint              *self);

guint            hs_endpoint_get_index      (HsEndpoint              *self);
HsState          hs_endpoint_get_state      (HsEndpoint              *self);
void             hs_endpoint_set_peer       (HsEndpoint              *self,
                                             const char              *address,
                                             guint16                  port);
guint32          hs_endpoint_get_iss        (HsEndpoint              *self);
gboolean         hs_endpoint_has_iss        (HsEndpoint              *self);
/* Bytes handed to the application so far, and whether its FIN was read. */
guint64          hs_endpoint_get_bytes_read (HsEndpoint              *self);
gboolean         hs_endpoint_get_eof        (HsEndpoint              *self);
guint64          hs_endpoint_get_bytes_acked(HsEndpoint              *self);
gboolean         hs_endpoint_is_done        (HsEndpoint              *self);
void             hs_endpoint_snapshot       (HsEndpoint              *self,
                                             HsTcbSnapshot           *snapshot);
/* How many round-trip samples the endpoint has taken (RFC 6298), and the
 * last one in @last: the simulator tells a snapshot's new sample by the
 * count. */
guint            hs_endpoint_get_rtt_samples (HsEndpoint             *self,
                                              HsTime                 *last);

/* User calls (RFC 9293 section 3.10.1 to 3.10.6) */
HsEndpointResult hs_endpoint_listen         (HsEndpoint              *self);
HsEndpointResult hs_endpoint_connect        (HsEndpoint              *self);
HsEndpointResult hs_endpoint_send           (HsEndpoint              *self,
                                             guint64                  bytes);
/* Room left in the send buffer: written bytes stay there until they are
 * acknowledged, and a write blocks while the buffer is full. */
guint64          hs_endpoint_get_send_space (HsEndpoint              *self);
/* Whether the last call that sent held a small segment back for Nagle's
 * algorithm (RFC 9293 section 3.7.4): the narration of a write says so. */
gboolean         hs_endpoint_get_nagle_held (HsEndpoint              *self);
/* Reads up to @max bytes the application has not read yet (only without
 * auto-read); returns how many. */
guint64          hs_endpoint_read           (HsEndpoint              *self,
                                             guint64                  max);
HsEndpointResult hs_endpoint_shutdown       (HsEndpoint              *self);
HsEndpointResult hs_endpoint_shutdown_read  (HsEndpoint              *self);
HsEndpointResult hs_endpoint_send_more      (HsEndpoint              *self,
                                             guint64                  bytes);
void             hs_endpoint_set_cork       (HsEndpoint              *self,
                                             gboolean                 cork);
void             hs_endpoint_push           (HsEndpoint              *self);
HsEndpointResult hs_endpoint_close          (HsEndpoint              *self);
HsEndpointResult hs_endpoint_abort          (HsEndpoint              *self);

/* Section 3.10.7, SEGMENT ARRIVES */
HsReason         hs_endpoint_segment_arrives(HsEndpoint              *self,
                                             const HsTcpHeader       *header,
                                             guint32                  len);
/* Section 3.10.8, timeouts */
void             hs_endpoint_timer_fired    (HsEndpoint              *self,
                                             HsTimerKind              kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HsEndpoint, hs_endpoint_free)

G_END_DECLS
