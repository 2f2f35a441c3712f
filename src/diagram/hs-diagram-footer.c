/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-diagram-footer.c: what follows the diagram's body on a handout: the
 * legend (a sample and a word per kind of segment and per state band) and
 * the numbered narration of every step. */

#define G_LOG_DOMAIN "hs-diagram-layout"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "hs-diagram-build-private.h"
#include "hs-narration.h"
#include "hs-simulator.h"

char *
hs_diagram_layout_truncated_text (HsTrace *trace)
{
  g_autofree char *steps = NULL;
  g_autofree char *seconds = NULL;
  guint64 max_steps;
  HsTime at;

  if (!hs_simulator_trace_is_truncated (trace, &max_steps, &at))
    return NULL;

  steps = g_strdup_printf ("%" G_GUINT64_FORMAT, max_steps);
  seconds = g_strdup_printf ("%.3f", (double) at / HS_USEC_PER_SEC);

  /* The same sentence as the text export's. */
  return g_strdup_printf (_("The simulation stopped at its limit of %s steps, after %s s of simulated time. The connection had not finished: what would have come next is not shown."),
                          steps, seconds);
}

void
hs_diagram_layout_build_footer (HsDiagramLayout *self)
{
  const HsDiagramStyle *style = self->style;
  double y = self->body_bottom + style->margin;
  double content_w = self->width - 2 * style->margin;
  g_autofree char *truncated = hs_diagram_layout_truncated_text (self->trace);

  /* Right under the last step, where a reader looks for what came next. */
  if (truncated != NULL)
    {
      g_autoptr(PangoLayout) layout = hs_diagram_layout_create_text (self, HS_DIAGRAM_FONT_TEXT, truncated);
      int pw, ph;

      pango_layout_set_width (layout, (int) (content_w * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
      pango_layout_get_pixel_size (layout, &pw, &ph);
      self->truncated.x = style->margin;
      self->truncated.y = y;
      self->truncated.width = content_w;
      self->truncated.height = ph;
      y += ph + style->margin;
    }

  if (self->options.show_legend)
    {
      static const guint8 band_entries[] = {
        HS_DIAGRAM_BAND_LISTEN, HS_DIAGRAM_BAND_OPENING, HS_DIAGRAM_BAND_ESTABLISHED,
        HS_DIAGRAM_BAND_CLOSING, HS_DIAGRAM_BAND_TIME_WAIT,
      };
      double x = 0, line_h, row_h, ly;

      hs_diagram_layout_measure (self, HS_DIAGRAM_FONT_NOTE, "Ag", NULL, &line_h);
      row_h = line_h + 12;
      ly = y + 12;   /* below the rule */

      for (guint i = 0; i < HS_DIAGRAM_N_KINDS + 2 + G_N_ELEMENTS (band_entries); i++)
        {
          HsDiagramLegendEntry entry = { 0 };
          double w;

          if (i < HS_DIAGRAM_N_KINDS)
            entry.type = HS_DIAGRAM_LEGEND_KIND, entry.index = i;
          else if (i == HS_DIAGRAM_N_KINDS)
            entry.type = HS_DIAGRAM_LEGEND_LOST;
          else if (i == HS_DIAGRAM_N_KINDS + 1)
            entry.type = HS_DIAGRAM_LEGEND_RETRANSMISSION;
          else
            entry.type = HS_DIAGRAM_LEGEND_BAND, entry.index = band_entries[i - HS_DIAGRAM_N_KINDS - 2];

          w = (entry.type == HS_DIAGRAM_LEGEND_BAND ? 22 : HS_DIAGRAM_LEGEND_SAMPLE) + 8 +
              hs_diagram_layout_text_width (self,
                                            entry.type == HS_DIAGRAM_LEGEND_RETRANSMISSION ? HS_DIAGRAM_FONT_TAG
                                            : entry.type == HS_DIAGRAM_LEGEND_BAND ? HS_DIAGRAM_FONT_STATE
                                            : HS_DIAGRAM_FONT_NOTE,
                                            hs_diagram_legend_entry_text (&entry)) + 28;

          /* bands start a row of their own */
          if ((x > 0 && x + w > content_w) ||
              (i == HS_DIAGRAM_N_KINDS + 2 && x > 0))
            {
              ly += row_h;
              x = 0;
            }

          entry.x = style->margin + x;
          entry.y = ly;
          entry.height = row_h;
          g_array_append_val (self->legend_entries, entry);
          x += w;
        }

      /* then the connections, on rows of their own */
      if (hs_diagram_layout_shows_connections (self))
        ly = hs_diagram_layout_add_connection_legend (self, ly + row_h, row_h, content_w) - row_h;

      self->legend.x = style->margin;
      self->legend.y = y;
      self->legend.width = content_w;
      self->legend.height = ly + row_h - y;
      y += self->legend.height + style->margin;
    }

  if (self->options.show_steps)
    {
      guint n_steps = hs_trace_get_n_steps (self->trace);
      guint last = hs_diagram_layout_last_step (self);
      g_autofree char *widest = g_strdup_printf ("%u.", MAX (n_steps, 1));
      double h;

      self->step_number_width = hs_diagram_layout_text_width (self, HS_DIAGRAM_FONT_TEXT, widest) + 10;
      hs_diagram_layout_measure (self, HS_DIAGRAM_FONT_HEADER, _("What happened"), NULL, &h);
      self->step_title.x = style->margin;
      self->step_title.y = y;
      self->step_title.width = content_w;
      self->step_title.height = h + 6;
      y += h + 10;

      for (guint i = self->options.first_step; n_steps > 0 && i <= last; i++)
        {
          g_autofree char *text = hs_narration_format_step (self->trace, i);
          g_autoptr(PangoLayout) layout = hs_diagram_layout_create_text (self, HS_DIAGRAM_FONT_TEXT,
                                                                         text ? text : "");
          HsDiagramRect rect;
          int pw, ph;

          pango_layout_set_width (layout, (int) ((content_w - self->step_number_width) * PANGO_SCALE));
          pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
          pango_layout_get_pixel_size (layout, &pw, &ph);

          rect.x = style->margin;
          rect.y = y;
          rect.width = content_w;
          rect.height = ph;
          g_array_append_val (self->steps, rect);
          g_array_append_val (self->step_index, i);
          y += ph + 4;
        }
    }

  self->height = ceil (y);
}
