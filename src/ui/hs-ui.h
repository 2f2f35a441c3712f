/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-ui.h: what every part of the window needs first. */

#pragma once

#include "hs-trace.h"

G_BEGIN_DECLS

/* Registers the window's GResource (templates, CSS, shortcuts): it is
 * built with --manual-register, as a static library's constructor could
 * be left out by the linker. Safe to call many times. */
void        hs_ui_ensure_resources (void);

/* An endpoint's name as a label ("Client", "Server"), translated; the
 * narration's "the client" is for inside sentences. */
const char *hs_ui_endpoint_label   (HsTrace *trace,
                                    guint    endpoint);

/* A moment of the trace for people: "0 ms", "30 ms", "1.5 s". Newly allocated. */
char       *hs_ui_format_time      (HsTime   time);

/* A count for people, in groups of three digits: "1,234,567". Newly allocated. */
char       *hs_ui_format_count     (guint64  count);

G_END_DECLS
