/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-diagram-layout.c: a trace turned into the geometry of a sequence
 * diagram: the layout's life, its readers, and the index of its items.
 *
 * Every thing that happens (a segment leaves, arrives or is lost, a state
 * changes, an application calls, a timer fires) is an event; events are
 * sorted and each gets a y. First y follows time (or one row per event),
 * with long idle gaps compressed. Then the boxes that hold text (arrow
 * labels, state names, notes) are kept apart by making room between
 * events. hs-diagram-build-private.h lists the files that do each step. */

#define G_LOG_DOMAIN "hs-diagram-layout"

#include "config.h"

#include <math.h>
#include <string.h>

#include "hs-diagram-build-private.h"
#include "hs-diagram-enums.h"

G_DEFINE_BOXED_TYPE (HsDiagramLayout, hs_diagram_layout,
                     hs_diagram_layout_ref, hs_diagram_layout_unref)

void
hs_diagram_layout_options_init (HsDiagramLayoutOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->time_mode = HS_DIAGRAM_TIME_PROPORTIONAL;
  options->show_axis = TRUE;
  options->first_step = 0;
  options->last_step = HS_TRACE_NONE;
}

guint
hs_diagram_layout_options_get_blanks (const HsDiagramLayoutOptions *options,
                                      guint                         step)
{
  if (options == NULL || options->blank_fields == NULL || step == HS_TRACE_NONE)
    return 0;
  return options->blank_fields (step, options->blank_data);
}

void
hs_diagram_layout_options_apply_lesson (HsDiagramLayoutOptions *options,
                                        HsScenario             *scenario,
                                        gboolean                time_mode,
                                        gboolean                show)
{
  const char *mode;
  guint flags;

  g_return_if_fail (options != NULL);

  if (scenario == NULL)
    return;
  mode = hs_scenario_get_time_mode (scenario);
  if (time_mode && mode != NULL)
    {
      g_autoptr(GEnumClass) modes = g_type_class_ref (HS_TYPE_DIAGRAM_TIME_MODE);
      GEnumValue *value = g_enum_get_value_by_nick (modes, mode);

      /* the lesson parser accepts these nicks only */
      g_return_if_fail (value != NULL);
      options->time_mode = value->value;
      /* a lesson that names proportional time wants it to scale */
      options->full_scale = value->value == HS_DIAGRAM_TIME_PROPORTIONAL;
    }
  flags = hs_scenario_get_show (scenario);
  if (show && (flags & (HS_LESSON_SHOW_SACK | HS_LESSON_SHOW_OPTIONS)) != 0)
    options->show_options = TRUE;
  if (show && (flags & HS_LESSON_SHOW_WINDOW) != 0)
    options->show_window = TRUE;
}

/* ------------------------------------------------------------------ */
/* the item index                                                      */

static void
add_item (HsDiagramLayout *self,
          HsDiagramItemType type,
          guint            index,
          double           ymin,
          double           ymax,
          gboolean         first)
{
  HsDiagramItem item = { ymin, ymax, index, type, first };

  g_array_append_val (self->items, item);
}

static void
add_chunked_item (HsDiagramLayout  *self,
                  HsDiagramItemType type,
                  guint             index,
                  double            ymin,
                  double            ymax)
{
  double y = ymin;
  gboolean first = TRUE;

  do
    {
      double end = MIN (ymax, y + HS_DIAGRAM_CHUNK);

      add_item (self, type, index, y, end, first);
      first = FALSE;
      y = end;
    }
  while (y < ymax);
}

static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  const HsDiagramItem *ia = a, *ib = b;

  if (ia->ymin != ib->ymin)
    return ia->ymin < ib->ymin ? -1 : 1;
  if (ia->type != ib->type)
    return (ia->type > ib->type) - (ia->type < ib->type);
  return (ia->index > ib->index) - (ia->index < ib->index);
}

static void
build_items (HsDiagramLayout *self)
{
  if (self->title.height > 0)
    add_item (self, HS_DIAGRAM_ITEM_TITLE, 0, self->title.y, self->title.y + self->title.height, TRUE);

  for (guint i = 0; i < self->lanes->len; i++)
    {
      const HsDiagramLane *lane = &g_array_index (self->lanes, HsDiagramLane, i);
      add_item (self, HS_DIAGRAM_ITEM_HEADER, i, lane->header.y,
                lane->header.y + lane->header.height, TRUE);
    }

  for (guint i = 0; i < self->bands->len; i++)
    {
      const HsDiagramStateBand *band = &g_array_index (self->bands, HsDiagramStateBand, i);

      if (band->y1 > band->y0)
        add_chunked_item (self, HS_DIAGRAM_ITEM_BAND, i, band->y0, band->y1);
      add_item (self, HS_DIAGRAM_ITEM_STATE, i, band->label.y, band->label.y + band->label.height, TRUE);
    }

  for (guint i = 0; i < self->breaks->len; i++)
    {
      const HsDiagramBreak *br = &g_array_index (self->breaks, HsDiagramBreak, i);
      add_item (self, HS_DIAGRAM_ITEM_BREAK, i, br->y0 - 12, br->y1 + 12, TRUE);
    }

  for (guint i = 0; i < self->groups->len; i++)
    {
      const HsDiagramFragmentGroup *group = &g_array_index (self->groups, HsDiagramFragmentGroup, i);
      add_chunked_item (self, HS_DIAGRAM_ITEM_GROUP, i, group->y0 - 8, group->y1 + 8);
    }

  for (guint i = 0; i < self->ticks->len; i++)
    {
      const HsDiagramTick *tick = &g_array_index (self->ticks, HsDiagramTick, i);
      add_item (self, HS_DIAGRAM_ITEM_TICK, i, tick->y - 12, tick->y + 12, TRUE);
    }

  for (guint i = 0; i < self->n_arrows; i++)
    {
      const HsDiagramArrow *arrow = &self->arrows[i];
      double pad = self->style->head_width + self->style->lost_cross + 4;

      add_chunked_item (self, HS_DIAGRAM_ITEM_ARROW, i,
                        MIN (arrow->y0, arrow->y1) - pad, MAX (arrow->y0, arrow->y1) + pad);
      if (arrow->detail != HS_DIAGRAM_LABEL_HIDDEN)
        add_item (self, HS_DIAGRAM_ITEM_LABEL, i, arrow->label.y,
                  arrow->label.y + arrow->label.height, TRUE);
    }

  for (guint i = 0; i < self->notes->len; i++)
    {
      const HsDiagramNote *note = &g_array_index (self->notes, HsDiagramNote, i);
      add_item (self, HS_DIAGRAM_ITEM_NOTE, i, note->rect.y, note->rect.y + note->rect.height, TRUE);
    }

  if (self->truncated.height > 0)
    add_item (self, HS_DIAGRAM_ITEM_TRUNCATED, 0, self->truncated.y,
              self->truncated.y + self->truncated.height, TRUE);
  if (self->legend.height > 0)
    add_item (self, HS_DIAGRAM_ITEM_LEGEND, 0, self->legend.y, self->legend.y + self->legend.height, TRUE);

  if (self->step_title.height > 0)
    add_item (self, HS_DIAGRAM_ITEM_STEP_TITLE, 0, self->step_title.y,
              self->step_title.y + self->step_title.height, TRUE);

  for (guint i = 0; i < self->steps->len; i++)
    {
      const HsDiagramRect *rect = &g_array_index (self->steps, HsDiagramRect, i);
      add_item (self, HS_DIAGRAM_ITEM_STEP, i, rect->y, rect->y + rect->height, TRUE);
    }

  g_array_sort (self->items, compare_items);

  self->max_item_height = 0;
  for (guint i = 0; i < self->items->len; i++)
    {
      const HsDiagramItem *item = &g_array_index (self->items, HsDiagramItem, i);
      self->max_item_height = MAX (self->max_item_height, item->ymax - item->ymin);
    }
}

/* The arrows are grown by doubling while they are built; once built,
 * up to half of that would be room never used: tens of megabytes for a
 * million segments. */
static void
trim_arrows (HsDiagramLayout *self)
{
  self->arrows = g_renew (HsDiagramArrow, self->arrows, self->n_arrows);
  self->arrows_allocated = self->n_arrows;
}

/* What a GArray of @array's length holds: it grows to a power of two of
 * bytes (garray.c: g_array_maybe_expand()). */
static gsize
array_size (GArray *array)
{
  gsize bytes, size = 16;

  if (array == NULL)
    return 0;
  bytes = (gsize) array->len * g_array_get_element_size (array);
  while (size < bytes)
    size <<= 1;
  return size;
}

gsize
hs_diagram_layout_get_memory_size (HsDiagramLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return sizeof *self +
         array_size (self->lanes) + array_size (self->bands) +
         self->arrows_allocated * sizeof (HsDiagramArrow) +
         array_size (self->notes) + array_size (self->groups) + array_size (self->breaks) +
         array_size (self->stretches) + array_size (self->ticks) + array_size (self->steps) +
         array_size (self->step_index) + array_size (self->items) +
         array_size (self->legend_entries) + array_size (self->event_time) +
         array_size (self->event_y) + array_size (self->step_y) +
         (self->segment_arrow != NULL
          ? MAX (hs_trace_get_n_segments (self->trace), 1) * sizeof (guint) : 0);
}

static void
solver_clear (Solver *sv)
{
  g_clear_pointer (&sv->events, g_array_unref);
  g_clear_pointer (&sv->base, g_free);
  g_clear_pointer (&sv->fenwick, g_free);
  g_clear_pointer (&sv->seg_send, g_free);
  g_clear_pointer (&sv->seg_end, g_free);
  g_clear_pointer (&sv->step_ev, g_free);
  g_clear_pointer (&sv->in_flight, g_free);
  g_clear_pointer (&sv->group_start, g_free);
  g_clear_pointer (&sv->boxes, g_array_unref);
  g_clear_pointer (&sv->lines, g_array_unref);
}

/* The steps before any room is made: fonts, title, lanes, events and
 * their y by time alone. Fills @sv. */
static HsDiagramLayout *
layout_begin (HsTrace                      *trace,
              const HsDiagramStyle         *style,
              double                        width,
              const HsDiagramLayoutOptions *options,
              guint                         head_last_step,
              Solver                       *sv,
              double                       *lane_gap)
{
  HsDiagramLayout *self;
  PangoFontMap *font_map;
  cairo_font_options_t *font_options;
  double top;

  self = g_new0 (HsDiagramLayout, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->trace = g_object_ref (trace);
  self->style = hs_diagram_style_copy (style);

  if (options != NULL)
    self->options = *options;
  else
    hs_diagram_layout_options_init (&self->options);
  /* a head is sized as the whole would be (hs_diagram_layout_new_head()) */
  self->whole_last_step = self->options.last_step;
  self->column_last_step = hs_diagram_layout_last_step (self);
  if (head_last_step != HS_TRACE_NONE)
    self->options.last_step = MIN (self->options.last_step, head_last_step);

  /* Unhinted metrics: the same text measures the same on an image, a PDF
   * and an SVG surface, so what is exported is what the window shows. */
  font_map = pango_cairo_font_map_get_default ();
  self->context = pango_font_map_create_context (font_map);
  font_options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (font_options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (font_options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_antialias (font_options, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options (self->context, font_options);
  cairo_font_options_destroy (font_options);
  pango_cairo_context_set_resolution (self->context, 96.0);
  pango_context_set_round_glyph_positions (self->context, FALSE);

  self->fonts[HS_DIAGRAM_FONT_TITLE] = pango_font_description_copy (style->title_font);
  self->fonts[HS_DIAGRAM_FONT_HEADER] = pango_font_description_copy (style->header_font);
  self->fonts[HS_DIAGRAM_FONT_ADDRESS] = pango_font_description_copy (style->address_font);
  self->fonts[HS_DIAGRAM_FONT_FLAGS] = pango_font_description_copy (style->flags_font);
  self->fonts[HS_DIAGRAM_FONT_LABEL] = pango_font_description_copy (style->label_font);
  self->fonts[HS_DIAGRAM_FONT_TAG] = pango_font_description_copy (style->tag_font);
  self->fonts[HS_DIAGRAM_FONT_BADGE] = pango_font_description_copy (style->badge_font);
  self->fonts[HS_DIAGRAM_FONT_STATE] = pango_font_description_copy (style->state_font);
  self->fonts[HS_DIAGRAM_FONT_NOTE] = pango_font_description_copy (style->note_font);
  self->fonts[HS_DIAGRAM_FONT_TEXT] = pango_font_description_copy (style->text_font);
  self->measure_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  self->lanes = g_array_new (FALSE, TRUE, sizeof (HsDiagramLane));
  self->bands = g_array_new (FALSE, TRUE, sizeof (HsDiagramStateBand));
  self->notes = g_array_new (FALSE, TRUE, sizeof (HsDiagramNote));
  self->breaks = g_array_new (FALSE, TRUE, sizeof (HsDiagramBreak));
  self->groups = g_array_new (FALSE, TRUE, sizeof (HsDiagramFragmentGroup));
  self->stretches = g_array_new (FALSE, TRUE, sizeof (HsDiagramStretch));
  self->ticks = g_array_new (FALSE, TRUE, sizeof (HsDiagramTick));
  self->steps = g_array_new (FALSE, TRUE, sizeof (HsDiagramRect));
  self->step_index = g_array_new (FALSE, TRUE, sizeof (guint));
  self->items = g_array_new (FALSE, TRUE, sizeof (HsDiagramItem));
  self->legend_entries = g_array_new (FALSE, TRUE, sizeof (HsDiagramLegendEntry));

  top = style->margin;

  if (self->options.show_title && hs_trace_get_title (trace) != NULL &&
      hs_trace_get_title (trace)[0] != '\0')
    {
      double w, h;

      hs_diagram_layout_measure (self, HS_DIAGRAM_FONT_TITLE, hs_trace_get_title (trace), &w, &h);
      self->title.x = style->margin;
      self->title.y = top;
      self->title.width = w;
      self->title.height = h;
      top += h + style->margin * 0.75;
    }

  hs_diagram_layout_lanes (self, MAX (width, 1), top, lane_gap);
  self->title.width = MIN (self->title.width, self->width - 2 * style->margin);
  self->body_top = self->header_bottom + 10;

  hs_diagram_layout_build_events (self, sv);
  hs_diagram_layout_base_spacing (self, sv, self->body_top + 8, *lane_gap);

  return self;
}

HsDiagramLayout *
hs_diagram_layout_new (HsTrace                      *trace,
                       const HsDiagramStyle         *style,
                       double                        width,
                       const HsDiagramLayoutOptions *options)
{
  return hs_diagram_layout_new_cancellable (trace, style, width, options, NULL);
}

static HsDiagramLayout *
layout_new (HsTrace                      *trace,
            const HsDiagramStyle         *style,
            double                        width,
            const HsDiagramLayoutOptions *options,
            guint                         head_last_step,
            GCancellable                 *cancellable)
{
  HsDiagramLayout *self;
  Solver sv = { 0 };
  double lane_gap;

  self = layout_begin (trace, style, width, options, head_last_step, &sv, &lane_gap);
  self->cancellable = cancellable;
  if (!hs_diagram_layout_cancelled (self))
    hs_diagram_layout_build_geometry (self, &sv);
  if (!hs_diagram_layout_cancelled (self))
    {
      hs_diagram_layout_build_footer (self);
      build_items (self);
    }
  solver_clear (&sv);
  if (!hs_diagram_layout_cancelled (self))
    trim_arrows (self);
  if (hs_diagram_layout_cancelled (self))
    g_clear_pointer (&self, hs_diagram_layout_unref);
  else
    self->cancellable = NULL;

  return self;
}

HsDiagramLayout *
hs_diagram_layout_new_cancellable (HsTrace                      *trace,
                                   const HsDiagramStyle         *style,
                                   double                        width,
                                   const HsDiagramLayoutOptions *options,
                                   GCancellable                 *cancellable)
{
  g_return_val_if_fail (HS_IS_TRACE (trace), NULL);
  g_return_val_if_fail (style != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);

  return layout_new (trace, style, width, options, HS_TRACE_NONE, cancellable);
}

HsDiagramLayout *
hs_diagram_layout_new_head (HsTrace                      *trace,
                            const HsDiagramStyle         *style,
                            double                        width,
                            const HsDiagramLayoutOptions *options,
                            guint                         last_step)
{
  g_return_val_if_fail (HS_IS_TRACE (trace), NULL);
  g_return_val_if_fail (style != NULL, NULL);

  return layout_new (trace, style, width, options, last_step, NULL);
}

double
hs_diagram_layout_estimate_min_height (HsTrace                      *trace,
                                       const HsDiagramStyle         *style,
                                       double                        width,
                                       const HsDiagramLayoutOptions *options)
{
  g_autoptr(HsDiagramLayout) self = NULL;
  Solver sv = { 0 };
  double lane_gap, height;

  g_return_val_if_fail (HS_IS_TRACE (trace), 0);
  g_return_val_if_fail (style != NULL, 0);

  /* Making room only ever inserts space, and the footer starts below the
   * body (hs_diagram_layout_build_geometry() and _build_footer()), so the
   * events' y by time alone bound the height from below. */
  self = layout_begin (trace, style, width, options, HS_TRACE_NONE, &sv, &lane_gap);
  height = ceil (sv.base[sv.n_ev - 1] + 8 + style->margin);
  solver_clear (&sv);

  return height;
}

HsDiagramLayout *
hs_diagram_layout_ref (HsDiagramLayout *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
hs_diagram_layout_unref (HsDiagramLayout *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_clear_object (&self->trace);
  g_clear_pointer (&self->style, hs_diagram_style_free);
  g_clear_object (&self->context);
  for (guint i = 0; i < HS_DIAGRAM_N_FONTS; i++)
    g_clear_pointer (&self->fonts[i], pango_font_description_free);
  g_clear_pointer (&self->measure_cache, g_hash_table_unref);
  g_clear_pointer (&self->lanes, g_array_unref);
  g_clear_pointer (&self->bands, g_array_unref);
  g_clear_pointer (&self->arrows, g_free);
  g_clear_pointer (&self->notes, g_array_unref);
  g_clear_pointer (&self->breaks, g_array_unref);
  g_clear_pointer (&self->groups, g_array_unref);
  g_clear_pointer (&self->stretches, g_array_unref);
  g_clear_pointer (&self->ticks, g_array_unref);
  g_clear_pointer (&self->steps, g_array_unref);
  g_clear_pointer (&self->step_index, g_array_unref);
  g_clear_pointer (&self->items, g_array_unref);
  g_clear_pointer (&self->legend_entries, g_array_unref);
  g_clear_pointer (&self->event_time, g_array_unref);
  g_clear_pointer (&self->event_y, g_array_unref);
  g_clear_pointer (&self->step_y, g_array_unref);
  g_clear_pointer (&self->segment_arrow, g_free);
  g_free (self);
}

/* ------------------------------------------------------------------ */
/* reading                                                             */

HsTrace *
hs_diagram_layout_get_trace (HsDiagramLayout *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->trace;
}

const HsDiagramStyle *
hs_diagram_layout_get_style (HsDiagramLayout *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->style;
}

const HsDiagramLayoutOptions *
hs_diagram_layout_get_options (HsDiagramLayout *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return &self->options;
}

double
hs_diagram_layout_get_width (HsDiagramLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->width;
}

double
hs_diagram_layout_get_height (HsDiagramLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->height;
}

double
hs_diagram_layout_get_header_bottom (HsDiagramLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->header_bottom;
}

gboolean
hs_diagram_layout_get_legend (HsDiagramLayout *self,
                              double          *x,
                              double          *y,
                              double          *width,
                              double          *height)
{
  g_return_val_if_fail (self != NULL, FALSE);
  *x = self->legend.x;
  *y = self->legend.y;
  *width = self->legend.width;
  *height = self->legend.height;
  return self->legend.height > 0;
}

double
hs_diagram_layout_get_body_top (HsDiagramLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->body_top;
}

double
hs_diagram_layout_get_body_bottom (HsDiagramLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->body_bottom;
}

#define ACCESSORS(name, plural, Type, field)                                  \
  guint                                                                       \
  hs_diagram_layout_get_n_##plural (HsDiagramLayout *self)                    \
  {                                                                           \
    g_return_val_if_fail (self != NULL, 0);                                   \
    return self->field->len;                                                  \
  }                                                                           \
                                                                              \
  const Type *                                                                \
  hs_diagram_layout_get_##name (HsDiagramLayout *self,                        \
                                guint            index)                       \
  {                                                                           \
    g_return_val_if_fail (self != NULL, NULL);                                \
    g_return_val_if_fail (index < self->field->len, NULL);                    \
    return &g_array_index (self->field, Type, index);                         \
  }

ACCESSORS (lane, lanes, HsDiagramLane, lanes)
ACCESSORS (band, bands, HsDiagramStateBand, bands)

guint
hs_diagram_layout_get_n_arrows (HsDiagramLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_arrows;
}

const HsDiagramArrow *
hs_diagram_layout_get_arrow (HsDiagramLayout *self,
                             guint            index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->n_arrows, NULL);
  return &self->arrows[index];
}
ACCESSORS (note, notes, HsDiagramNote, notes)
ACCESSORS (break, breaks, HsDiagramBreak, breaks)
ACCESSORS (group, groups, HsDiagramFragmentGroup, groups)
ACCESSORS (stretch, stretches, HsDiagramStretch, stretches)
ACCESSORS (tick, ticks, HsDiagramTick, ticks)
ACCESSORS (item, items, HsDiagramItem, items)

#undef ACCESSORS

char *
hs_diagram_layout_get_note_text (HsDiagramLayout     *self,
                                 const HsDiagramNote *note)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (note != NULL, NULL);

  return hs_diagram_format_transport_note (self->trace, note->step, note->kind);
}

const HsDiagramArrow *
hs_diagram_layout_find_arrow (HsDiagramLayout *self,
                              guint            segment)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (segment >= hs_trace_get_n_segments (self->trace) ||
      self->segment_arrow[segment] == NONE)
    return NULL;

  return &self->arrows[self->segment_arrow[segment]];
}

double
hs_diagram_layout_get_y_for_step (HsDiagramLayout *self,
                                  guint            step)
{
  g_return_val_if_fail (self != NULL, 0);

  if (step >= self->step_y->len)
    return self->body_bottom;

  /* steps outside the range: the nearest one inside before it */
  for (guint s = step + 1; s-- > 0;)
    if (!isnan (g_array_index (self->step_y, double, s)))
      return g_array_index (self->step_y, double, s);

  return self->body_top;
}

double
hs_diagram_layout_get_y_for_time (HsDiagramLayout *self,
                                  HsTime           time)
{
  guint lo = 0, hi, n;
  const HsTime *times;
  const double *ys;

  g_return_val_if_fail (self != NULL, 0);

  n = self->event_time->len;
  times = (const HsTime *) self->event_time->data;
  ys = (const double *) self->event_y->data;

  if (self->options.time_mode == HS_DIAGRAM_TIME_EVENTS)
    {
      guint step = hs_trace_find_step_at_time (self->trace, time + 1);

      if (step == 0)
        return self->body_top;
      return hs_diagram_layout_get_y_for_step (self, step - 1);
    }

  if (n == 0)
    return self->body_top;
  if (time <= times[1 < n ? 1 : 0])
    return ys[0];
  if (time >= times[n - 1])
    return ys[n - 1];

  /* the last event at or before @time */
  hi = n;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (times[mid] <= time)
        lo = mid + 1;
      else
        hi = mid;
    }
  lo--;

  if (lo + 1 < n && times[lo + 1] > times[lo])
    return ys[lo] + (double) (time - times[lo]) / (times[lo + 1] - times[lo]) * (ys[lo + 1] - ys[lo]);

  return ys[lo];
}

static void
rect_union (HsDiagramRect       *a,
            const HsDiagramRect *b)
{
  double x0, y0, x1, y1;

  if (b->width <= 0 && b->height <= 0 && b->x == 0 && b->y == 0)
    return;
  x0 = MIN (a->x, b->x);
  y0 = MIN (a->y, b->y);
  x1 = MAX (a->x + a->width, b->x + b->width);
  y1 = MAX (a->y + a->height, b->y + b->height);
  *a = (HsDiagramRect) { x0, y0, x1 - x0, y1 - y0 };
}

static const HsDiagramNote *
find_note (HsDiagramLayout *self,
           guint            step)
{
  guint lo = 0, hi = self->notes->len;

  /* notes are made in step order */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->notes, HsDiagramNote, mid).step < step)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo < self->notes->len && g_array_index (self->notes, HsDiagramNote, lo).step == step)
    return &g_array_index (self->notes, HsDiagramNote, lo);
  return NULL;
}

/* The moment of @step as a thin row across the lanes. */
static gboolean
step_row (HsDiagramLayout *self,
          guint            step,
          HsDiagramRect   *row)
{
  double y, x0, x1;

  if (step >= self->step_y->len || isnan (g_array_index (self->step_y, double, step)) ||
      self->lanes->len == 0)
    return FALSE;
  y = g_array_index (self->step_y, double, step);
  x0 = g_array_index (self->lanes, HsDiagramLane, 0).x;
  x1 = g_array_index (self->lanes, HsDiagramLane, self->lanes->len - 1).x;
  *row = (HsDiagramRect) { MIN (x0, x1), y - 1, fabs (x1 - x0), 2 };
  return TRUE;
}

static gboolean
step_box (HsDiagramLayout *self,
          guint            step,
          gboolean         whole_arrow,
          HsDiagramRect   *box)
{
  const HsTraceStep *s;
  const HsDiagramArrow *arrow = NULL;
  const HsDiagramNote *note;
  HsDiagramRect label;
  gboolean has_label;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (box != NULL, FALSE);

  if (!step_row (self, step, box))
    return FALSE;
  s = hs_trace_get_step (self->trace, step);
  if (s->segment != HS_TRACE_NONE)
    arrow = hs_diagram_layout_find_arrow (self, s->segment);
  /* the label as the current step draws it: whole */
  has_label = hs_diagram_layout_get_focus_label (self, step, &label, NULL);
  note = find_note (self, step);
  /* the focus is what is read: the label, or the note; the moment's row
   * only when there is neither */
  if (!whole_arrow && (has_label || note != NULL))
    *box = has_label ? label : note->rect;
  if (arrow != NULL && whole_arrow)
    {
      HsDiagramRect line = { MIN (arrow->x0, arrow->x1), MIN (arrow->y0, arrow->y1),
                             fabs (arrow->x1 - arrow->x0), fabs (arrow->y1 - arrow->y0) };

      rect_union (box, &line);
    }
  if (has_label)
    rect_union (box, &label);
  if (note != NULL)
    rect_union (box, &note->rect);
  return TRUE;
}

gboolean
hs_diagram_layout_get_step_bounds (HsDiagramLayout *self,
                                   guint            step,
                                   HsDiagramRect   *bounds)
{
  return step_box (self, step, TRUE, bounds);
}

gboolean
hs_diagram_layout_get_step_focus (HsDiagramLayout *self,
                                  guint            step,
                                  HsDiagramRect   *focus)
{
  return step_box (self, step, FALSE, focus);
}

guint
hs_diagram_layout_get_step_at_y (HsDiagramLayout *self,
                                 double           y)
{
  guint best = HS_TRACE_NONE;
  double best_d = G_MAXDOUBLE;

  g_return_val_if_fail (self != NULL, HS_TRACE_NONE);

  /* step_y is non-decreasing over the steps in range in proportional
   * mode; a linear scan keeps event mode right too, and clicks are rare. */
  for (guint s = 0; s < self->step_y->len; s++)
    {
      double sy = g_array_index (self->step_y, double, s);

      if (!isnan (sy) && fabs (sy - y) < best_d)
        {
          best_d = fabs (sy - y);
          best = s;
        }
    }

  return best;
}

guint
hs_diagram_layout_find_first_item (HsDiagramLayout *self,
                                   double           y0)
{
  guint lo = 0, hi;
  double from;

  g_return_val_if_fail (self != NULL, 0);

  hi = self->items->len;
  from = y0 - self->max_item_height;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->items, HsDiagramItem, mid).ymin < from)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}
