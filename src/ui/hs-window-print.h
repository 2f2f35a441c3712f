/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-window-print.h: printing the window's diagram, its plot and its
 * narration (hs-window-print.c). */

#pragma once

#include <gtk/gtk.h>

#include "hs-window.h"

G_BEGIN_DECLS

/* What is printed besides the diagram's pages. */
typedef enum
{
  HS_PRINT_DIAGRAM   = 0,
  HS_PRINT_NARRATION = 1 << 0,   /* the narration of every step, after the rest */
  HS_PRINT_PLOTS     = 1 << 1,   /* the plot the window's pane has, a page after the diagram */
} HsPrintFlags;

/* What Ctrl+P prints, written to the PDF @path through GTK's export
 * backend, without a dialog: pages of @page_setup (NULL: GTK's default),
 * the diagram, then what @flags add. *@n_pages: the pages written. For
 * tests and scripts. */
gboolean  hs_window_print_to_file  (HsWindow      *self,
                                    const char    *path,
                                    GtkPageSetup  *page_setup,
                                    HsPrintFlags   flags,
                                    guint         *n_pages,
                                    GError       **error);

G_END_DECLS
