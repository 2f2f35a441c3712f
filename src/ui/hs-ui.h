/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-ui.h: what every part of the window needs first. */

#pragma once

#include <gtk/gtk.h>

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

/* The few values offered for a GSettings key of type double
 * ("playback-speed", "font-scale") or uint32 ("quiz-countdown"): one list, whichever widget offers
 * them. Their labels, translated, as a new list model; NULL for another key. */
GListModel *hs_ui_choices_new       (const char *key);
/* Binds @property (a guint position in that list, as a combo row's or a
 * drop-down's "selected") to @key: the key's value shows as the nearest
 * choice. */
void        hs_ui_choices_bind      (GSettings  *settings,
                                     const char *key,
                                     gpointer    object,
                                     const char *property);

G_END_DECLS
