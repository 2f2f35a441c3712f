/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-narration-private.h: what hs-narration.c, which narrates a step, offers
 * hs-narration-runs.c, which summarizes runs of them. */

#pragma once

#include "hs-narration.h"

G_BEGIN_DECLS

char                 *_hs_narration_capitalize           (const char           *sentence);
char                 *_hs_narration_space_chinese        (char                 *sentence);
const HsTraceSegment *_hs_narration_previous_from        (HsTrace              *trace,
                                                          const HsTraceSegment *seg);
guint                 _hs_narration_duplicate_ack_number (HsTrace              *trace,
                                                          const HsTraceSegment *seg,
                                                          guint                 index);
const char           *_hs_narration_explain_mark         (HsTrace              *trace,
                                                          const HsTraceStep    *step);
gboolean              _hs_narration_profile_is_rfc       (HsTrace              *trace);
gboolean              _hs_narration_runs_cubic           (HsTrace              *trace,
                                                          guint                 endpoint);
gboolean              _hs_narration_paces_by_prr         (HsTrace              *trace);
char                 *_hs_narration_format_ssthresh      (guint32               ssthresh);

G_END_DECLS
