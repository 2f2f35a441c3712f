/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-plot-data-private.h: HsPlotData's struct and what hs-plot-data.c,
 * hs-plot-capture.c and hs-plot-csv.c share. Not for other files. */

#pragma once

#include "hs-plot-data.h"

G_BEGIN_DECLS

/* Points per bucket of level 0 (1 << BUCKET_SHIFT); each level above
 * halves the count. */
#define BUCKET_SHIFT 4
#define MAX_LEVELS   40

/* Computed series keep the readings of a capture, where the trace has no
 * snapshots. */
typedef struct
{
  guint   step;
  HsTime  time;
  guint32 values[HS_PLOT_MAX_SERIES];
} StoredPoint;

struct _HsPlotData
{
  GObject     parent_instance;

  /* owned */
  HsTrace    *trace;
  GArray     *stored;                 /* StoredPoint, captures only */
  GArray     *levels[MAX_LEVELS];     /* HsPlotBucket */
  GArray     *events;                 /* HsPlotEvent */

  HsPlotKind  kind;
  guint       endpoint;
  guint       peer;
  gboolean    capture;
  gboolean    sole_reader;            /* may trim the trace's decoded blocks */
  guint       n_series;
  guint       n_values;               /* in each reading: n_series, or 4 for a time-sequence */
  guint       n_levels;
  guint32     mss;
  guint32     max_value;
  HsTime      start_time;
  HsTime      end_time;
  HsTime      last_segment_time;
};

/* Lets go of the trace's decoded blocks, as its sole reader only. */
void     _hs_plot_data_trim                 (HsPlotData *self);
HsTime   _hs_plot_data_step_time            (HsTrace    *trace,
                                             guint       step);
/* hs-plot-capture.c: fills self->stored, one reading per segment. */
void     _hs_plot_data_build_capture_points (HsPlotData *self);

G_END_DECLS
