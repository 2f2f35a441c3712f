/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-event-queue.c: a binary min-heap keyed on (time, insertion order). */

#define G_LOG_DOMAIN "hs-event-queue"

#include "config.h"

#include "hs-event-queue.h"

struct _HsEventQueue
{
  GArray  *heap;        /* of HsEvent */
  guint64  next_order;
};

static inline gboolean
event_before (const HsEvent *a,
              const HsEvent *b)
{
  if (a->time != b->time)
    return a->time < b->time;
  return a->order < b->order;
}

HsEventQueue *
hs_event_queue_new (void)
{
  HsEventQueue *queue = g_new0 (HsEventQueue, 1);

  queue->heap = g_array_new (FALSE, FALSE, sizeof (HsEvent));
  return queue;
}

void
hs_event_queue_free (HsEventQueue *queue)
{
  if (queue == NULL)
    return;
  g_array_unref (queue->heap);
  g_free (queue);
}

void
hs_event_queue_push (HsEventQueue  *queue,
                     const HsEvent *event)
{
  HsEvent *heap;
  HsEvent item = *event;
  guint i;

  item.order = queue->next_order++;
  g_array_append_val (queue->heap, item);
  heap = (HsEvent *) (void *) queue->heap->data;

  for (i = queue->heap->len - 1; i > 0; )
    {
      guint parent = (i - 1) / 2;

      if (!event_before (&item, &heap[parent]))
        break;
      heap[i] = heap[parent];
      i = parent;
    }
  heap[i] = item;
}

gboolean
hs_event_queue_peek (HsEventQueue *queue,
                     HsEvent      *event)
{
  if (queue->heap->len == 0)
    return FALSE;
  *event = g_array_index (queue->heap, HsEvent, 0);
  return TRUE;
}

gboolean
hs_event_queue_pop (HsEventQueue *queue,
                    HsEvent      *event)
{
  HsEvent *heap;
  HsEvent last;
  guint n, i;

  if (queue->heap->len == 0)
    return FALSE;

  heap = (HsEvent *) (void *) queue->heap->data;
  *event = heap[0];
  n = queue->heap->len - 1;
  last = heap[n];
  g_array_set_size (queue->heap, n);
  if (n == 0)
    return TRUE;

  heap = (HsEvent *) (void *) queue->heap->data;
  for (i = 0; ; )
    {
      guint child = 2 * i + 1;

      if (child >= n)
        break;
      if (child + 1 < n && event_before (&heap[child + 1], &heap[child]))
        child++;
      if (!event_before (&heap[child], &last))
        break;
      heap[i] = heap[child];
      i = child;
    }
  heap[i] = last;
  return TRUE;
}

guint
hs_event_queue_length (HsEventQueue *queue)
{
  return queue->heap->len;
}

guint64
hs_event_queue_take_order (HsEventQueue *queue)
{
  return queue->next_order++;
}
