/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-plot-data.h: the series a plot of a trace draws (congestion window,
 * slow-start threshold, bytes in flight, advertised window, RTT, ...), read
 * from the trace's TCB snapshots for a simulated trace and computed from
 * the segments, as Wireshark does, for a captured one; with a
 * multi-resolution min/max summary so that a frame costs what is visible,
 * not what the trace holds. */

#pragma once

#include <gio/gio.h>

#include "hs-trace.h"

G_BEGIN_DECLS

typedef enum
{
  HS_PLOT_CONGESTION,   /* cwnd, ssthresh, flight, peer's window against time */
  HS_PLOT_SEQUENCE,     /* tcptrace time-sequence of one direction */
  HS_PLOT_WINDOW,       /* the sliding window at the current step */
  HS_PLOT_THROUGHPUT,   /* bytes acknowledged per second */
  HS_PLOT_RTT,          /* SRTT, RTO and RTT samples (lessons), RTT from ACKs (captures) */
  HS_PLOT_N_KINDS /*< skip >*/
} HsPlotKind;

/* At most this many series in one plot. */
#define HS_PLOT_MAX_SERIES 4

/* What a series' numbers are. */
typedef enum
{
  HS_PLOT_UNIT_BYTES,
  HS_PLOT_UNIT_USEC,
  HS_PLOT_UNIT_BYTES_PER_SEC,
} HsPlotUnit;

/* One reading: the values of every series after @step. A value of
 * HS_PLOT_NO_VALUE is not drawn (ssthresh before the first loss, SRTT
 * before the first sample). */
typedef struct
{
  guint   step;
  HsTime  time;
  guint32 values[HS_PLOT_MAX_SERIES];
} HsPlotPoint;

#define HS_PLOT_NO_VALUE G_MAXUINT32

/* Something worth a mark on the time axis. */
typedef enum
{
  HS_PLOT_EVENT_RETRANSMISSION,   /* a fast or other retransmission */
  HS_PLOT_EVENT_TIMEOUT,          /* the retransmission timer fired */
  HS_PLOT_EVENT_LOSS,             /* the network lost a segment */
  HS_PLOT_EVENT_RECOVERY_START,   /* fast retransmit: fast recovery begins */
  HS_PLOT_EVENT_RECOVERY_END,     /* the ACK that ends fast recovery */
} HsPlotEventKind;

typedef struct
{
  guint           step;
  HsTime          time;
  HsPlotEventKind kind;
} HsPlotEvent;

#define HS_TYPE_PLOT_DATA (hs_plot_data_get_type ())
G_DECLARE_FINAL_TYPE (HsPlotData, hs_plot_data, HS, PLOT_DATA, GObject)

/* "congestion", "sequence", "window", "throughput", "rtt", as the command
 * line and lesson files spell them. */
const char     *hs_plot_kind_to_string       (HsPlotKind    kind);
gboolean        hs_plot_kind_from_string     (const char   *str,
                                              HsPlotKind   *kind);

/* The series of @kind for the data that @endpoint sends (its cwnd, the
 * window its peer advertises to it, ...). HS_TRACE_NONE picks the endpoint
 * that sends the most payload. A sequence or window plot has no series
 * of its own (it reads segments and snapshots as it draws): its data
 * holds the trace and the endpoint. @trace must not be written to any more. */
HsPlotData     *hs_plot_data_new             (HsTrace      *trace,
                                              HsPlotKind    kind,
                                              guint         endpoint);

typedef enum
{
  /* Nothing else reads the trace meanwhile (the command line): the data
   * lets go of the blocks it decodes as it reads the trace through, so
   * memory stays bounded. Without it the trace is only read, and other
   * threads may read it too once hs_trace_decode() was called. */
  HS_PLOT_DATA_SOLE_READER = 1 << 0,
} HsPlotDataFlags;

HsPlotData     *hs_plot_data_new_full        (HsTrace          *trace,
                                              HsPlotKind        kind,
                                              guint             endpoint,
                                              HsPlotDataFlags   flags);

HsTrace        *hs_plot_data_get_trace       (HsPlotData   *self);
HsPlotKind      hs_plot_data_get_kind        (HsPlotData   *self);
guint           hs_plot_data_get_endpoint    (HsPlotData   *self);
/* TRUE for a captured trace: cwnd is then an estimate from flight. */
gboolean        hs_plot_data_is_capture      (HsPlotData   *self);
/* The sender's MSS, for plotting in segments. */
guint32         hs_plot_data_get_mss         (HsPlotData   *self);

guint           hs_plot_data_get_n_series    (HsPlotData   *self);
/* Translated, for the legend ("Congestion window (cwnd)"). */
const char     *hs_plot_data_get_series_label (HsPlotData  *self,
                                              guint         series);
/* Untranslated, for CSV column names ("cwnd"). */
const char     *hs_plot_data_get_series_name (HsPlotData   *self,
                                              guint         series);
/* TRUE for a series of samples, each drawn as a point on its own (RTT
 * samples): a line through them would invent values between them. */
gboolean        hs_plot_data_get_series_points (HsPlotData *self,
                                              guint         series);
HsPlotUnit      hs_plot_data_get_unit        (HsPlotData   *self);

/* The readings, in step order: one per snapshot of the endpoint's TCB (a
 * simulated trace) or per segment (a capture). A time-sequence plot has a
 * reading per segment too, of four values: seq and seq + len of the
 * endpoint's data, ack and ack + win of the peer's ACKs (relative to the
 * endpoint's numbers), the others HS_PLOT_NO_VALUE; its summary covers
 * them, but it has no series to list (n_series is 0). */
guint           hs_plot_data_get_n_points    (HsPlotData   *self);
void            hs_plot_data_get_point       (HsPlotData   *self,
                                              guint         index,
                                              HsPlotPoint  *point);
/* The reading in force after @step (the newest at or before it); FALSE
 * before the first. O(log n). */
gboolean        hs_plot_data_get_point_at_step (HsPlotData  *self,
                                              guint         step,
                                              HsPlotPoint  *point);
/* The index of the newest point at or before @time, or -1. */
gint64          hs_plot_data_find_point      (HsPlotData   *self,
                                              HsTime        time);

guint           hs_plot_data_get_n_events    (HsPlotData   *self);
const HsPlotEvent *hs_plot_data_get_event    (HsPlotData   *self,
                                              guint         index);

/* The time range and the largest value drawn (ssthresh's "infinity" and
 * HS_PLOT_NO_VALUE left out; for a time-sequence plot, the highest
 * sequence number or window edge). */
HsTime          hs_plot_data_get_start_time  (HsPlotData   *self);
HsTime          hs_plot_data_get_end_time    (HsPlotData   *self);
guint32         hs_plot_data_get_max_value   (HsPlotData   *self);

/* The summary: at level L, bucket b covers points [b << (L + S),
 * (b + 1) << (L + S)), S = hs_plot_data_get_bucket_shift(). min and max
 * per series leave HS_PLOT_NO_VALUE out (min stays HS_PLOT_NO_VALUE and max
 * 0 when a bucket has no value). */
typedef struct
{
  HsTime  first_time;
  guint32 min[HS_PLOT_MAX_SERIES];
  guint32 max[HS_PLOT_MAX_SERIES];
} HsPlotBucket;

guint           hs_plot_data_get_bucket_shift (HsPlotData  *self);
guint           hs_plot_data_get_n_levels    (HsPlotData   *self);
guint           hs_plot_data_get_n_buckets   (HsPlotData   *self,
                                              guint         level);
const HsPlotBucket *hs_plot_data_get_bucket  (HsPlotData   *self,
                                              guint         level,
                                              guint         index);
/* Bytes the series and their summary take (not the trace's). */
gsize           hs_plot_data_get_memory_size (HsPlotData   *self);

/* The plotted series as CSV: a header line, then one row per point:
 * step (numbered from 1), time_us, then one column per series (empty where
 * a series has no value). A sequence plot has one row per segment the
 * endpoint sends; a window plot one row per step. */
gboolean        hs_plot_data_write_csv       (HsPlotData    *self,
                                              GOutputStream *stream,
                                              GCancellable  *cancellable,
                                              GError       **error);

/* Bytes in flight of each captured segment, as tshark 4.0 computes
 * tcp.analysis.bytes_in_flight: for a segment that carries data, the
 * highest sequence number its sender has sent, less the peer's last
 * acknowledgement and the bytes that ACK's SACK blocks cover. Fills
 * @values, one per segment of @trace, HS_PLOT_NO_VALUE where tshark shows
 * none. */
void            hs_plot_capture_bytes_in_flight (HsTrace   *trace,
                                                 guint32   *values);

G_END_DECLS
