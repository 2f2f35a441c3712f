/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-diagram-fragments.c: what the diagram shows of the applications'
 * view of the transport: a UDP datagram's IP fragments as one group (the
 * datagram the sender cut up, the reassembly or its failure at the
 * receiver) and the bytes each read returned. */

#define G_LOG_DOMAIN "hs-diagram-layout"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "hs-diagram-build-private.h"
#include "hs-narration.h"

/* hs-simulator.c keeps a fragment's place in the UDP header's unused
 * fields: ack = the datagram's number, window = fragments in all, urgent =
 * this one's number from 1, the MSS field = the datagram's payload. */
gboolean
hs_diagram_segment_is_fragment (HsTrace              *trace,
                                const HsTraceSegment *segment)
{
  return hs_trace_segment_is_udp (trace, segment) && segment->header.window > 1;
}

static gboolean
same_datagram (HsTrace              *trace,
               const HsTraceSegment *a,
               const HsTraceSegment *b)
{
  return hs_diagram_segment_is_fragment (trace, b) && b->from == a->from && b->to == a->to &&
         b->header.ack == a->header.ack && !(b->marks & HS_MARK_DUPLICATED);
}

gboolean
hs_diagram_find_datagram (HsTrace            *trace,
                          guint               segment,
                          HsDiagramDatagram  *datagram)
{
  const HsTraceSegment *seg = hs_trace_get_segment (trace, segment);
  guint n_segments = hs_trace_get_n_segments (trace);
  guint n, lo, hi;

  memset (datagram, 0, sizeof *datagram);
  if (!hs_diagram_segment_is_fragment (trace, seg))
    return FALSE;

  /* the fragments are sent in one go, so they lie together among the
   * segments, with at most a network copy or two between them */
  n = seg->header.window;
  lo = segment > 2 * n + 2 ? segment - 2 * n - 2 : 0;
  hi = MIN (n_segments, segment + 2 * n + 3);
  datagram->n_fragments = n;
  datagram->bytes = seg->header.options.mss;
  datagram->first_segment = datagram->last_segment = HS_TRACE_NONE;
  datagram->last_arrival = datagram->last_loss = HS_TRACE_NONE;
  for (guint i = lo; i < hi; i++)
    {
      const HsTraceSegment *f = hs_trace_get_segment (trace, i);

      if (!same_datagram (trace, seg, f))
        continue;
      if (f->header.urgent == 1)
        datagram->first_segment = i;
      if (f->header.urgent == n)
        datagram->last_segment = i;
      if (f->fate == HS_FATE_LOST)
        {
          if (datagram->missing == 0 || f->header.urgent < datagram->missing)
            datagram->missing = f->header.urgent;
          if (datagram->last_loss == HS_TRACE_NONE || f->end_step > datagram->last_loss)
            datagram->last_loss = f->end_step;
        }
      else if (f->fate == HS_FATE_DELIVERED &&
               (datagram->last_arrival == HS_TRACE_NONE || f->end_step > datagram->last_arrival))
        datagram->last_arrival = f->end_step;
    }
  return datagram->first_segment != HS_TRACE_NONE && datagram->last_segment != HS_TRACE_NONE;
}

/* Whether the application of @endpoint reads when its script says so:
 * then each read is drawn. An application that reads every byte as it
 * arrives (AutoRead, the default) would draw one at every segment. The
 * UDP half of a comparison (endpoints 2 and 3) reads as its TCP half
 * does, though a UDP socket's read is no step of the trace. */
static gboolean *
explicit_readers (HsTrace *trace)
{
  guint n_endpoints = hs_trace_get_n_endpoints (trace);
  guint n_steps = hs_trace_get_n_steps (trace);
  gboolean *reads = g_new0 (gboolean, MAX (n_endpoints, 1));

  for (guint i = 0; i < n_steps; i++)
    {
      const HsTraceStep *st = hs_trace_get_step (trace, i);

      if (st->kind == HS_STEP_APP_CALL && st->detail == HS_APP_READ && st->endpoint < n_endpoints)
        reads[st->endpoint] = TRUE;
    }
  for (guint e = 0; e < n_endpoints; e++)
    if (!reads[e] && hs_trace_get_endpoint (trace, e)->transport != HS_TRANSPORT_TCP &&
        (e ^ 2) < n_endpoints && hs_trace_get_endpoint (trace, e ^ 2)->transport == HS_TRANSPORT_TCP)
      reads[e] = reads[e ^ 2];
  return reads;
}

gboolean *
hs_diagram_layout_explicit_readers (HsDiagramLayout *self)
{
  return explicit_readers (self->trace);
}

gboolean
hs_diagram_step_transport_note (HsTrace           *trace,
                                guint              index,
                                const gboolean    *readers,
                                HsDiagramNoteKind *kind)
{
  const HsTraceStep *st = hs_trace_get_step (trace, index);
  const HsTraceSegment *seg;
  HsDiagramDatagram dg;

  switch (st->kind)
    {
    case HS_STEP_APP_NOTIFY:
      if (st->detail != HS_NOTIFY_DATA || st->value == 0 || readers == NULL || !readers[st->endpoint])
        return FALSE;
      *kind = HS_DIAGRAM_NOTE_READ;
      return TRUE;

    case HS_STEP_SEGMENT_SENT:
      if (st->reason != HS_REASON_SEND_FRAGMENT || st->segment == HS_TRACE_NONE)
        return FALSE;
      seg = hs_trace_get_segment (trace, st->segment);
      if (seg->header.urgent != 1 || (seg->marks & HS_MARK_DUPLICATED))
        return FALSE;
      *kind = HS_DIAGRAM_NOTE_DATAGRAM;
      return TRUE;

    case HS_STEP_SEGMENT_ARRIVED:
      if (st->segment == HS_TRACE_NONE)
        return FALSE;
      if (st->reason == HS_REASON_ARRIVE_REASSEMBLED)
        {
          *kind = HS_DIAGRAM_NOTE_REASSEMBLED;
          return TRUE;
        }
      /* a datagram with a hole: told where the last of its fragments
       * that do come in arrives, as the receiver gets no more */
      if (st->reason != HS_REASON_ARRIVE_FRAGMENT ||
          !hs_diagram_find_datagram (trace, st->segment, &dg) ||
          dg.missing == 0 || dg.last_arrival != index)
        return FALSE;
      *kind = HS_DIAGRAM_NOTE_DATAGRAM_LOST;
      return TRUE;

    case HS_STEP_SEGMENT_LOST:
      /* every fragment lost: told where the last of them is */
      if (st->segment == HS_TRACE_NONE ||
          !hs_diagram_find_datagram (trace, st->segment, &dg) ||
          dg.last_arrival != HS_TRACE_NONE || dg.last_loss != index)
        return FALSE;
      *kind = HS_DIAGRAM_NOTE_DATAGRAM_LOST;
      return TRUE;

    default:
      return FALSE;
    }
}

char *
hs_diagram_format_transport_note (HsTrace           *trace,
                                  guint              index,
                                  HsDiagramNoteKind  kind)
{
  const HsTraceStep *st = hs_trace_get_step (trace, index);
  HsDiagramDatagram dg;

  switch (kind)
    {
    case HS_DIAGRAM_NOTE_READ:
      {
        guint64 first_byte;
        guint first, last;

        if (hs_narration_read_writes (trace, index, &first_byte, &first, &last) && last > first)
          /* Translators: a note where an application's read() returned
           * bytes of several of the peer's writes ("粘包") */
          return g_strdup_printf (_("read() → %u bytes, writes %u–%u"), (guint) st->value, first, last);
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             /* Translators: a note where an application's read() returned bytes */
                                             "read() → %u byte",
                                             "read() → %u bytes",
                                             st->value),
                                (guint) st->value);
      }

    case HS_DIAGRAM_NOTE_DATAGRAM:
      if (!hs_diagram_find_datagram (trace, st->segment, &dg))
        return NULL;
      /* Translators: a note beside the IP fragments of one UDP datagram */
      return g_strdup_printf (_("datagram of %u bytes in %u fragments"), dg.bytes, dg.n_fragments);

    case HS_DIAGRAM_NOTE_REASSEMBLED:
      if (!hs_diagram_find_datagram (trace, st->segment, &dg))
        return NULL;
      /* Translators: a note where the receiver has every fragment of a UDP datagram */
      return g_strdup_printf (_("datagram reassembled: %u bytes"), dg.bytes);

    case HS_DIAGRAM_NOTE_DATAGRAM_LOST:
      if (!hs_diagram_find_datagram (trace, st->segment, &dg))
        return NULL;
      /* Translators: a note where a UDP datagram cannot be reassembled */
      return g_strdup_printf (_("datagram lost: fragment %u missing"), dg.missing);

    case HS_DIAGRAM_NOTE_APP:
    case HS_DIAGRAM_NOTE_TIMER:
    case HS_DIAGRAM_NOTE_NOTIFY:
    default:
      return hs_diagram_format_note (trace, st);
    }
}

void
hs_diagram_layout_build_groups (HsDiagramLayout *self)
{
  HsTrace *trace = self->trace;
  double off = self->style->band_width / 2 + 5;

  for (guint a = 0; a < self->n_arrows; a++)
    {
      const HsDiagramArrow *first = &self->arrows[a];
      const HsTraceSegment *seg = hs_trace_get_segment (trace, first->segment);
      const HsDiagramArrow *last;
      HsDiagramDatagram dg;
      HsDiagramFragmentGroup group = { 0 };
      int dir;

      if (!hs_diagram_segment_is_fragment (trace, seg) || seg->header.urgent != 1 ||
          (seg->marks & HS_MARK_DUPLICATED) ||
          !hs_diagram_find_datagram (trace, first->segment, &dg) ||
          (last = hs_diagram_layout_find_arrow (self, dg.last_segment)) == NULL)
        continue;

      dir = first->x1 >= first->x0 ? 1 : -1;
      group.lane = first->from_lane;
      group.to_lane = first->to_lane;
      group.first_segment = dg.first_segment;
      group.last_segment = dg.last_segment;
      group.n_fragments = dg.n_fragments;
      group.bytes = dg.bytes;
      group.missing = dg.missing;
      group.step = first->step;
      /* on the side of the lane the fragments do not leave by */
      group.x = first->x0 - dir * off;
      group.y0 = MIN (first->y0, last->y0);
      group.y1 = MAX (first->y0, last->y0);
      g_array_append_val (self->groups, group);
    }
}
