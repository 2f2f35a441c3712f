/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-window-print.h: printing the window's diagram (hs-window-print.c). */

#pragma once

#include <gtk/gtk.h>

#include "hs-window.h"

G_BEGIN_DECLS

/* What Ctrl+P prints, written to the PDF @path through GTK's export
 * backend, without a dialog: pages of @page_setup (NULL: GTK's default),
 * the narration after the diagram when @narration. *@n_pages: the pages
 * written. For tests and scripts. */
gboolean  hs_window_print_to_file  (HsWindow      *self,
                                    const char    *path,
                                    GtkPageSetup  *page_setup,
                                    gboolean       narration,
                                    guint         *n_pages,
                                    GError       **error);

G_END_DECLS
