/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-chapters.c: a trace's chapters, derived from what happened in it. */

#define G_LOG_DOMAIN "hs-chapters"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "hs-chapters.h"

static const char * const kind_names[] = { "handshake", "data", "loss", "recovery", "close" };

const char *
hs_chapter_kind_label (HsChapterKind kind)
{
  switch (kind)
    {
    case HS_CHAPTER_HANDSHAKE:
      /* Translators: a chapter of a lesson, on the timeline */
      return C_("chapter", "Handshake");
    case HS_CHAPTER_DATA:
      /* Translators: a chapter of a lesson, on the timeline */
      return C_("chapter", "Data");
    case HS_CHAPTER_LOSS:
      /* Translators: a chapter of a lesson, on the timeline */
      return C_("chapter", "Loss");
    case HS_CHAPTER_RECOVERY:
      /* Translators: a chapter of a lesson, on the timeline */
      return C_("chapter", "Recovery");
    case HS_CHAPTER_CLOSE:
      /* Translators: a chapter of a lesson, on the timeline */
      return C_("chapter", "Close");
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
hs_chapter_kind_from_string (const char    *str,
                             HsChapterKind *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_strcmp0 (str, kind_names[i]) == 0)
      {
        *kind = i;
        return TRUE;
      }
  return FALSE;
}

gboolean
hs_trace_step_is_loss_or_retransmission (HsTrace *trace,
                                         guint    step)
{
  const HsTraceStep *s = hs_trace_get_step (trace, step);

  if (s->kind == HS_STEP_SEGMENT_LOST)
    return TRUE;
  return s->kind == HS_STEP_SEGMENT_SENT && s->segment != HS_TRACE_NONE &&
         (hs_trace_get_segment (trace, s->segment)->marks & HS_MARK_RETRANSMISSION) != 0;
}

static void
add (GArray        *chapters,
     guint          step,
     HsChapterKind  kind)
{
  HsChapter chapter = { step, kind };

  g_array_append_val (chapters, chapter);
}

GArray *
hs_chapters_from_trace (HsTrace *trace)
{
  GArray *chapters = g_array_new (FALSE, FALSE, sizeof (HsChapter));
  guint n = hs_trace_get_n_steps (trace);
  gboolean handshake = FALSE, data = FALSE, close = FALSE;

  for (guint i = 0; i < n; i++)
    {
      const HsTraceStep *step = hs_trace_get_step (trace, i);
      const HsTraceSegment *seg = NULL;
      HsChapterKind last = chapters->len > 0 ? g_array_index (chapters, HsChapter, chapters->len - 1).kind
                                             : HS_CHAPTER_HANDSHAKE;

      if (step->segment != HS_TRACE_NONE &&
          (step->kind == HS_STEP_SEGMENT_SENT || step->kind == HS_STEP_SEGMENT_LOST))
        seg = hs_trace_get_segment (trace, step->segment);
      if (seg == NULL)
        continue;

      if (step->kind == HS_STEP_SEGMENT_LOST)
        {
          if (chapters->len == 0 || last != HS_CHAPTER_LOSS)
            add (chapters, i, HS_CHAPTER_LOSS);
          continue;
        }
      if ((seg->marks & HS_MARK_RETRANSMISSION) && chapters->len > 0 && last == HS_CHAPTER_LOSS)
        add (chapters, i, HS_CHAPTER_RECOVERY);
      else if ((seg->header.flags & HS_TCP_SYN) && !handshake && chapters->len == 0)
        {
          handshake = TRUE;
          /* the chapter opens with what leads to the SYN: listen(),
           * connect() and their state changes */
          add (chapters, 0, HS_CHAPTER_HANDSHAKE);
        }
      else if (seg->len > 0 && !data && !(seg->marks & HS_MARK_RETRANSMISSION))
        {
          data = TRUE;
          add (chapters, i, HS_CHAPTER_DATA);
        }
      else if ((seg->header.flags & (HS_TCP_FIN | HS_TCP_RST)) && !close)
        {
          close = TRUE;
          add (chapters, i, HS_CHAPTER_CLOSE);
        }
    }
  return chapters;
}
