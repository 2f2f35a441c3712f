/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-event-queue.h: a binary heap of events ordered by (time, insertion). */

#pragma once

#include "hs-types.h"

G_BEGIN_DECLS

typedef struct
{
  HsTime   time;
  guint64  order;     /* insertion order: keeps equal times deterministic */
  guint    kind;
  guint    endpoint;
  guint    arg;       /* a segment index, a timer kind, ... */
  guint64  token;     /* a timer generation, ... */
} HsEvent;

typedef struct _HsEventQueue HsEventQueue;

HsEventQueue *hs_event_queue_new    (void);
void          hs_event_queue_free   (HsEventQueue  *queue);
void          hs_event_queue_push   (HsEventQueue  *queue,
                                     const HsEvent *event);
gboolean      hs_event_queue_pop    (HsEventQueue  *queue,
                                     HsEvent       *event);
gboolean      hs_event_queue_peek   (HsEventQueue  *queue,
                                     HsEvent       *event);
guint         hs_event_queue_length (HsEventQueue  *queue);
/* Takes the next insertion order for an event kept outside the queue
 * (a timer the caller keeps itself), so that it still sorts among the
 * queued events as if it had been pushed now. */
guint64       hs_event_queue_take_order (HsEventQueue *queue);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HsEventQueue, hs_event_queue_free)

G_END_DECLS
