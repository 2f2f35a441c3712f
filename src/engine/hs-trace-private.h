/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-trace-private.h: the trace as the simulator writes it. The same as
 * the public functions of the same names, without the check that @self is
 * an HsTrace: the simulator calls them millions of times in a long
 * transfer, and that check is a function call each time. Their other
 * checks stay. For the engine only. */

#pragma once

#include "hs-trace.h"

G_BEGIN_DECLS

guint           hs_trace_get_n_segments_unchecked (HsTrace              *self);
guint           hs_trace_get_n_steps_unchecked    (HsTrace              *self);
guint           hs_trace_add_step_unchecked       (HsTrace              *self,
                                                   const HsTraceStep    *step);
guint           hs_trace_add_segment_unchecked    (HsTrace              *self,
                                                   const HsTraceSegment *segment);
void            hs_trace_add_snapshot_unchecked   (HsTrace              *self,
                                                   const HsTcbSnapshot  *snapshot);
HsTraceSegment *hs_trace_peek_segment_unchecked   (HsTrace              *self,
                                                   guint                 index);
HsTraceStep    *hs_trace_peek_step_unchecked      (HsTrace              *self,
                                                   guint                 index);

G_END_DECLS
