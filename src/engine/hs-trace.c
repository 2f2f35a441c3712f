/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-trace.c: what happened in a connection, kept in record stores that
 * encode the older records, so that a trace of millions of segments stays
 * small while every lookup the views need stays fast. */

#define G_LOG_DOMAIN "hs-trace"

#include "config.h"

#include <string.h>

#include "hs-record-codec-private.h"
#include "hs-record-store.h"
#include "hs-trace.h"

/* Each endpoint's state changes, for hs_trace_get_state_at(). */
typedef struct
{
  guint  step;
  guint8 state;
} StateChange;

/* What hs_trace_get_tcb_at() needs to find a snapshot without decoding
 * the blocks before it: the step of a block's first snapshot, and the
 * newest snapshot of each endpoint before the block. */
typedef struct
{
  guint first_step;
  guint last_of[HS_TRACE_MAX_ENDPOINTS];
} SnapshotBlock;

struct _HsTrace
{
  GObject        parent_instance;

  /* owned */
  char          *title;
  GPtrArray     *param_keys;     /* char *, always ends with a NULL element so
                                  * it can be handed out as a strv */
  GPtrArray     *param_values;   /* char *, parallel to param_keys without the NULL */
  GArray        *endpoints;      /* HsTraceEndpoint; owns name and address */
  HsRecordStore *segments;       /* HsTraceSegment */
  HsRecordStore *steps;          /* HsTraceStep, in non-decreasing time */
  HsRecordStore *snapshots;      /* HsTcbSnapshot, in non-decreasing step */
  GArray        *analysis;       /* SegmentAnalysis, parallel to segments;
                                  * NULL until a capture reader sets one */
  GArray        *state_changes[HS_TRACE_MAX_ENDPOINTS];  /* StateChange, NULL
                                                          * until the first */
  GArray        *step_block_times;   /* HsTime of the first step of each block */
  GArray        *snapshot_blocks;    /* SnapshotBlock */

  /* plain state */
  HsTime         end_time;
  guint          last_snapshot_of[HS_TRACE_MAX_ENDPOINTS];
  guint          last_snapshot_step;
  guint8         initial_state[HS_TRACE_MAX_ENDPOINTS];
  guint8         current_state[HS_TRACE_MAX_ENDPOINTS];
  gboolean       has_rel_base[HS_TRACE_MAX_ENDPOINTS];
};

typedef struct
{
  guint32 flags;          /* HsSegmentAnalysis */
  guint32 dup_ack_num;
} SegmentAnalysis;

/* Record codecs. A trace of a bulk transfer holds millions of segments,
 * two or three steps for each and a snapshot for most; stored as deltas
 * they take a few bytes each instead of a hundred (see hs-record-store.h).
 * Fields are listed from the most to the least often changing. */

static inline guint64
index_or_none (guint index)
{
  return index == HS_TRACE_NONE ? 0 : (guint64) index + 1;
}

static inline guint
index_from_field (guint64 field)
{
  return field == 0 ? HS_TRACE_NONE : (guint) (field - 1);
}

enum
{
  SEG_SEQ,
  SEG_ACK,
  SEG_SENT_STEP,     /* + 1; 0 for none */
  SEG_SENT,
  SEG_END_STEP,      /* after sent_step: (end - sent + 1) << 1; otherwise
                      * (end + 1) << 1 | 1; 0 for none */
  SEG_ARRIVED,       /* after sent: arrived - sent + 1; 0 for none */
  SEG_TS_VAL,
  SEG_TS_ECR,
  SEG_WINDOW,
  SEG_LEN,
  SEG_BITS,          /* from, to, fate, marks, flags, data offset, options */
  SEG_RAW_WINDOW,
  SEG_PORTS,
  SEG_CHECKSUM,
  SEG_URGENT,
  SEG_OPTIONS,       /* mss, wscale, n_sack */
  SEG_SACK,          /* left and right of each block */
  SEG_N_FIELDS = SEG_SACK + 2 * HS_TCP_MAX_SACK_BLOCKS
};

static guint
segment_context (const void *record)
{
  const HsTraceSegment *s = record;

  return (s->from & 7) * 8 + (s->to & 7);
}

static void
segment_pack (const void *record,
              guint       index,
              guint64    *f)
{
  const HsTraceSegment *s = record;
  const HsTcpHeader *h = &s->header;

  f[SEG_SEQ] = h->seq;
  f[SEG_ACK] = h->ack;
  f[SEG_SENT_STEP] = index_or_none (s->sent_step);
  f[SEG_SENT] = (guint64) s->sent;
  if (s->end_step == HS_TRACE_NONE)
    f[SEG_END_STEP] = 0;
  else if (s->sent_step != HS_TRACE_NONE && s->end_step >= s->sent_step)
    f[SEG_END_STEP] = ((guint64) (s->end_step - s->sent_step) + 1) << 1;
  else
    f[SEG_END_STEP] = (((guint64) s->end_step + 1) << 1) | 1;
  f[SEG_ARRIVED] = s->arrived == HS_TIME_NONE ? 0 : (guint64) (s->arrived - s->sent) + 1;
  f[SEG_TS_VAL] = h->options.ts_val;
  f[SEG_TS_ECR] = h->options.ts_ecr;
  f[SEG_WINDOW] = s->window;
  f[SEG_LEN] = s->len;
  f[SEG_BITS] = (guint64) s->from |
                (guint64) s->to << 4 |
                (guint64) s->fate << 8 |
                (guint64) s->marks << 16 |
                (guint64) h->flags << 24 |
                (guint64) h->data_offset << 32 |
                (guint64) h->options.present << 40;
  f[SEG_RAW_WINDOW] = h->window;
  f[SEG_PORTS] = (guint64) h->src_port << 16 | h->dst_port;
  f[SEG_CHECKSUM] = h->checksum;
  f[SEG_URGENT] = h->urgent;
  f[SEG_OPTIONS] = (guint64) h->options.mss |
                   (guint64) h->options.wscale << 16 |
                   (guint64) h->options.n_sack << 24;
  for (guint i = 0; i < HS_TCP_MAX_SACK_BLOCKS; i++)
    {
      f[SEG_SACK + 2 * i] = h->options.sack[i].left;
      f[SEG_SACK + 2 * i + 1] = h->options.sack[i].right;
    }
}

static void
segment_unpack (const guint64 *f,
                guint          index,
                void          *record)
{
  HsTraceSegment *s = record;
  HsTcpHeader *h = &s->header;

  s->index = index;
  h->seq = (guint32) f[SEG_SEQ];
  h->ack = (guint32) f[SEG_ACK];
  s->sent_step = index_from_field (f[SEG_SENT_STEP]);
  s->sent = (HsTime) f[SEG_SENT];
  if (f[SEG_END_STEP] == 0)
    s->end_step = HS_TRACE_NONE;
  else if ((f[SEG_END_STEP] & 1) == 0)
    s->end_step = s->sent_step + (guint) ((f[SEG_END_STEP] >> 1) - 1);
  else
    s->end_step = (guint) ((f[SEG_END_STEP] >> 1) - 1);
  s->arrived = f[SEG_ARRIVED] == 0 ? HS_TIME_NONE : s->sent + (HsTime) (f[SEG_ARRIVED] - 1);
  h->options.ts_val = (guint32) f[SEG_TS_VAL];
  h->options.ts_ecr = (guint32) f[SEG_TS_ECR];
  s->window = (guint32) f[SEG_WINDOW];
  s->len = (guint32) f[SEG_LEN];
  s->from = (guint8) (f[SEG_BITS] & 0xf);
  s->to = (guint8) ((f[SEG_BITS] >> 4) & 0xf);
  s->fate = (guint8) (f[SEG_BITS] >> 8);
  s->marks = (guint8) (f[SEG_BITS] >> 16);
  h->flags = (guint8) (f[SEG_BITS] >> 24);
  h->data_offset = (guint8) (f[SEG_BITS] >> 32);
  h->options.present = (guint8) (f[SEG_BITS] >> 40);
  h->window = (guint16) f[SEG_RAW_WINDOW];
  h->src_port = (guint16) (f[SEG_PORTS] >> 16);
  h->dst_port = (guint16) f[SEG_PORTS];
  h->checksum = (guint16) f[SEG_CHECKSUM];
  h->urgent = (guint16) f[SEG_URGENT];
  h->options.mss = (guint16) f[SEG_OPTIONS];
  h->options.wscale = (guint8) (f[SEG_OPTIONS] >> 16);
  h->options.n_sack = (guint8) (f[SEG_OPTIONS] >> 24);
  for (guint i = 0; i < HS_TCP_MAX_SACK_BLOCKS; i++)
    {
      h->options.sack[i].left = (guint32) f[SEG_SACK + 2 * i];
      h->options.sack[i].right = (guint32) f[SEG_SACK + 2 * i + 1];
    }
}

static gboolean
segment_is_final (const void *record)
{
  return ((const HsTraceSegment *) record)->fate != HS_FATE_IN_FLIGHT;
}

static gsize segment_encode (HsRecordPredictor *predictor,
                             guint              first_index,
                             const guint8      *records,
                             guint              n,
                             guint8            *out);

static const HsRecordCodec segment_codec = {
  sizeof (HsTraceSegment), SEG_N_FIELDS,
  1u << SEG_SENT_STEP | 1u << SEG_SENT,
  segment_context, segment_pack, segment_unpack, segment_is_final, segment_encode,
};

static gsize
segment_encode (HsRecordPredictor *predictor,
         guint              first_index,
         const guint8      *records,
         guint              n,
         guint8            *out)
{
  return hs_record_encode_block (&segment_codec, predictor, first_index, records, n, out);
}

enum
{
  STEP_TIME,
  STEP_SEGMENT,    /* + 1; 0 for none */
  STEP_CAUSE,      /* how many steps back, + 1; 0 for none */
  STEP_VALUE,
  STEP_BITS,       /* kind, endpoint, detail, states, reason */
  STEP_N_FIELDS
};

static guint
step_context (const void *record)
{
  const HsTraceStep *s = record;

  return (s->kind & 7) * 8 + (s->endpoint & 7);
}

static void
step_pack (const void *record,
           guint       index,
           guint64    *f)
{
  const HsTraceStep *s = record;

  f[STEP_TIME] = (guint64) s->time;
  f[STEP_SEGMENT] = index_or_none (s->segment);
  f[STEP_CAUSE] = s->cause == HS_TRACE_NONE ? 0 : (guint64) (guint) (index - s->cause) + 1;
  f[STEP_VALUE] = s->value;
  f[STEP_BITS] = (guint64) s->kind |
                 (guint64) s->endpoint << 8 |
                 (guint64) s->detail << 16 |
                 (guint64) s->from_state << 24 |
                 (guint64) s->to_state << 32 |
                 (guint64) s->reason << 40;
}

static void
step_unpack (const guint64 *f,
             guint          index,
             void          *record)
{
  HsTraceStep *s = record;

  s->time = (HsTime) f[STEP_TIME];
  s->segment = index_from_field (f[STEP_SEGMENT]);
  s->cause = f[STEP_CAUSE] == 0 ? HS_TRACE_NONE : index - (guint) (f[STEP_CAUSE] - 1);
  s->value = f[STEP_VALUE];
  s->kind = (guint8) f[STEP_BITS];
  s->endpoint = (guint8) (f[STEP_BITS] >> 8);
  s->detail = (guint8) (f[STEP_BITS] >> 16);
  s->from_state = (guint8) (f[STEP_BITS] >> 24);
  s->to_state = (guint8) (f[STEP_BITS] >> 32);
  s->reason = (guint16) (f[STEP_BITS] >> 40);
}

static gsize step_encode (HsRecordPredictor *predictor,
                          guint              first_index,
                          const guint8      *records,
                          guint              n,
                          guint8            *out);

static const HsRecordCodec step_codec = {
  sizeof (HsTraceStep), STEP_N_FIELDS,
  1u << STEP_TIME,
  step_context, step_pack, step_unpack, NULL, step_encode,
};

static gsize
step_encode (HsRecordPredictor *predictor,
      guint              first_index,
      const guint8      *records,
      guint              n,
      guint8            *out)
{
  return hs_record_encode_block (&step_codec, predictor, first_index, records, n, out);
}

enum
{
  SNAP_STEP,
  SNAP_SND_NXT,
  SNAP_SND_UNA,
  SNAP_IN_FLIGHT,
  SNAP_SEND_BUFFERED,
  SNAP_RCV_NXT,
  SNAP_RECV_BUFFERED,
  SNAP_SND_WL1,
  SNAP_SND_WL2,
  SNAP_CWND,
  SNAP_RCV_WND,
  SNAP_SND_WND,
  SNAP_SRTT,
  SNAP_RTO,
  SNAP_SSTHRESH,
  SNAP_BITS,       /* endpoint, state */
  SNAP_ISS,
  SNAP_IRS,
  SNAP_N_FIELDS
};

static guint
snapshot_context (const void *record)
{
  return ((const HsTcbSnapshot *) record)->endpoint & 7;
}

static void
snapshot_pack (const void *record,
               guint       index,
               guint64    *f)
{
  const HsTcbSnapshot *s = record;

  f[SNAP_STEP] = s->step;
  f[SNAP_SND_NXT] = s->snd_nxt;
  f[SNAP_SND_UNA] = s->snd_una;
  f[SNAP_IN_FLIGHT] = s->in_flight;
  f[SNAP_SEND_BUFFERED] = s->send_buffered;
  f[SNAP_RCV_NXT] = s->rcv_nxt;
  f[SNAP_RECV_BUFFERED] = s->recv_buffered;
  f[SNAP_SND_WL1] = s->snd_wl1;
  f[SNAP_SND_WL2] = s->snd_wl2;
  f[SNAP_CWND] = s->cwnd;
  f[SNAP_RCV_WND] = s->rcv_wnd;
  f[SNAP_SND_WND] = s->snd_wnd;
  f[SNAP_SRTT] = (guint64) s->srtt;
  f[SNAP_RTO] = (guint64) s->rto;
  f[SNAP_SSTHRESH] = s->ssthresh;
  f[SNAP_BITS] = (guint64) s->endpoint | (guint64) s->state << 8;
  f[SNAP_ISS] = s->iss;
  f[SNAP_IRS] = s->irs;
}

static void
snapshot_unpack (const guint64 *f,
                 guint          index,
                 void          *record)
{
  HsTcbSnapshot *s = record;

  s->step = (guint) f[SNAP_STEP];
  s->snd_nxt = (guint32) f[SNAP_SND_NXT];
  s->snd_una = (guint32) f[SNAP_SND_UNA];
  s->in_flight = (guint32) f[SNAP_IN_FLIGHT];
  s->send_buffered = (guint32) f[SNAP_SEND_BUFFERED];
  s->rcv_nxt = (guint32) f[SNAP_RCV_NXT];
  s->recv_buffered = (guint32) f[SNAP_RECV_BUFFERED];
  s->snd_wl1 = (guint32) f[SNAP_SND_WL1];
  s->snd_wl2 = (guint32) f[SNAP_SND_WL2];
  s->cwnd = (guint32) f[SNAP_CWND];
  s->rcv_wnd = (guint32) f[SNAP_RCV_WND];
  s->snd_wnd = (guint32) f[SNAP_SND_WND];
  s->srtt = (HsTime) f[SNAP_SRTT];
  s->rto = (HsTime) f[SNAP_RTO];
  s->ssthresh = (guint32) f[SNAP_SSTHRESH];
  s->endpoint = (guint8) f[SNAP_BITS];
  s->state = (guint8) (f[SNAP_BITS] >> 8);
  s->iss = (guint32) f[SNAP_ISS];
  s->irs = (guint32) f[SNAP_IRS];
}

static gsize snapshot_encode (HsRecordPredictor *predictor,
                              guint              first_index,
                              const guint8      *records,
                              guint              n,
                              guint8            *out);

static const HsRecordCodec snapshot_codec = {
  sizeof (HsTcbSnapshot), SNAP_N_FIELDS,
  1u << SNAP_STEP,
  snapshot_context, snapshot_pack, snapshot_unpack, NULL, snapshot_encode,
};

static gsize
snapshot_encode (HsRecordPredictor *predictor,
          guint              first_index,
          const guint8      *records,
          guint              n,
          guint8            *out)
{
  return hs_record_encode_block (&snapshot_codec, predictor, first_index, records, n, out);
}

G_DEFINE_FINAL_TYPE (HsTrace, hs_trace, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
clear_endpoint (gpointer data)
{
  HsTraceEndpoint *endpoint = data;

  g_clear_pointer (&endpoint->name, g_free);
  g_clear_pointer (&endpoint->address, g_free);
}

static inline HsTraceEndpoint *
get_endpoint (HsTrace *self,
              guint    endpoint)
{
  return &g_array_index (self->endpoints, HsTraceEndpoint, endpoint);
}

static inline const HsTraceStep *
get_step (HsTrace *self,
          guint    index)
{
  return hs_record_store_get (self->steps, index);
}

static inline const HsTcbSnapshot *
get_snapshot (HsTrace *self,
              guint    index)
{
  return hs_record_store_get (self->snapshots, index);
}

static guint
find_parameter (HsTrace    *self,
                const char *key)
{
  for (guint i = 0; i < self->param_values->len; i++)
    {
      if (g_str_equal (g_ptr_array_index (self->param_keys, i), key))
        return i;
    }

  return HS_TRACE_NONE;
}

static void
hs_trace_finalize (GObject *object)
{
  HsTrace *self = (HsTrace *) object;

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->param_keys, g_ptr_array_unref);
  g_clear_pointer (&self->param_values, g_ptr_array_unref);
  g_clear_pointer (&self->endpoints, g_array_unref);
  g_clear_pointer (&self->segments, hs_record_store_free);
  g_clear_pointer (&self->steps, hs_record_store_free);
  g_clear_pointer (&self->snapshots, hs_record_store_free);
  g_clear_pointer (&self->analysis, g_array_unref);
  g_clear_pointer (&self->step_block_times, g_array_unref);
  g_clear_pointer (&self->snapshot_blocks, g_array_unref);

  for (guint i = 0; i < HS_TRACE_MAX_ENDPOINTS; i++)
    g_clear_pointer (&self->state_changes[i], g_array_unref);

  G_OBJECT_CLASS (hs_trace_parent_class)->finalize (object);
}

static void
hs_trace_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  HsTrace *self = HS_TRACE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_trace_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  HsTrace *self = HS_TRACE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      hs_trace_set_title (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_trace_class_init (HsTraceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hs_trace_finalize;
  object_class->get_property = hs_trace_get_property;
  object_class->set_property = hs_trace_set_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hs_trace_init (HsTrace *self)
{
  self->param_keys = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->param_keys, NULL);
  self->param_values = g_ptr_array_new_with_free_func (g_free);

  self->endpoints = g_array_new (FALSE, TRUE, sizeof (HsTraceEndpoint));
  g_array_set_clear_func (self->endpoints, clear_endpoint);
  self->segments = hs_record_store_new (&segment_codec);
  self->steps = hs_record_store_new (&step_codec);
  self->snapshots = hs_record_store_new (&snapshot_codec);
  self->step_block_times = g_array_new (FALSE, FALSE, sizeof (HsTime));
  self->snapshot_blocks = g_array_new (FALSE, FALSE, sizeof (SnapshotBlock));

  for (guint i = 0; i < HS_TRACE_MAX_ENDPOINTS; i++)
    self->last_snapshot_of[i] = HS_TRACE_NONE;
}

HsTrace *
hs_trace_new (void)
{
  return g_object_new (HS_TYPE_TRACE, NULL);
}

guint
hs_trace_get_n_endpoints (HsTrace *self)
{
  g_return_val_if_fail (HS_IS_TRACE (self), 0);

  return self->endpoints->len;
}

const HsTraceEndpoint *
hs_trace_get_endpoint (HsTrace *self,
                       guint    endpoint)
{
  g_return_val_if_fail (HS_IS_TRACE (self), NULL);
  g_return_val_if_fail (endpoint < self->endpoints->len, NULL);

  return get_endpoint (self, endpoint);
}

guint
hs_trace_get_n_segments (HsTrace *self)
{
  g_return_val_if_fail (HS_IS_TRACE (self), 0);

  return hs_record_store_get_length (self->segments);
}

const HsTraceSegment *
hs_trace_get_segment (HsTrace *self,
                      guint    index)
{
  g_return_val_if_fail (HS_IS_TRACE (self), NULL);
  g_return_val_if_fail (index < hs_record_store_get_length (self->segments), NULL);

  return hs_record_store_get (self->segments, index);
}

void
hs_trace_read_segment (HsTrace        *self,
                       guint           index,
                       HsTraceSegment *segment)
{
  g_return_if_fail (HS_IS_TRACE (self));
  g_return_if_fail (index < hs_record_store_get_length (self->segments));

  hs_record_store_read (self->segments, index, segment);
}

guint
hs_trace_get_n_steps (HsTrace *self)
{
  g_return_val_if_fail (HS_IS_TRACE (self), 0);

  return hs_record_store_get_length (self->steps);
}

const HsTraceStep *
hs_trace_get_step (HsTrace *self,
                   guint    index)
{
  g_return_val_if_fail (HS_IS_TRACE (self), NULL);
  g_return_val_if_fail (index < hs_record_store_get_length (self->steps), NULL);

  return get_step (self, index);
}

void
hs_trace_read_step (HsTrace     *self,
                    guint        index,
                    HsTraceStep *step)
{
  g_return_if_fail (HS_IS_TRACE (self));
  g_return_if_fail (index < hs_record_store_get_length (self->steps));

  hs_record_store_read (self->steps, index, step);
}

HsState
hs_trace_get_state_at (HsTrace *self,
                       guint    step,
                       guint    endpoint)
{
  GArray *changes;
  guint lo, hi;

  g_return_val_if_fail (HS_IS_TRACE (self), HS_STATE_CLOSED);
  g_return_val_if_fail (endpoint < self->endpoints->len, HS_STATE_CLOSED);

  changes = self->state_changes[endpoint];

  if (step == HS_TRACE_NONE || changes == NULL)
    return (HsState) self->initial_state[endpoint];

  g_return_val_if_fail (step < hs_record_store_get_length (self->steps), HS_STATE_CLOSED);

  /* the first change after @step; the one before it holds */
  lo = 0;
  hi = changes->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (changes, StateChange, mid).step <= step)
        lo = mid + 1;
      else
        hi = mid;
    }

  if (lo == 0)
    return (HsState) self->initial_state[endpoint];

  return (HsState) g_array_index (changes, StateChange, lo - 1).state;
}

const HsTcbSnapshot *
hs_trace_get_tcb_at (HsTrace *self,
                     guint    step,
                     guint    endpoint)
{
  const SnapshotBlock *blocks;
  guint n_blocks, n;
  guint lo, hi, block, first, last;

  g_return_val_if_fail (HS_IS_TRACE (self), NULL);
  g_return_val_if_fail (endpoint < self->endpoints->len, NULL);

  n = hs_record_store_get_length (self->snapshots);

  if (step == HS_TRACE_NONE || n == 0)
    return NULL;

  /* the last block that begins at or before @step */
  blocks = (const SnapshotBlock *) (void *) self->snapshot_blocks->data;
  n_blocks = self->snapshot_blocks->len;
  lo = 0;
  hi = n_blocks;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (blocks[mid].first_step <= step)
        lo = mid + 1;
      else
        hi = mid;
    }

  if (lo == 0)
    return NULL;

  block = lo - 1;

  /* in it, the first snapshot taken after @step */
  first = block * HS_RECORD_STORE_BLOCK;
  lo = first;
  hi = MIN (n, first + HS_RECORD_STORE_BLOCK);

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (get_snapshot (self, mid)->step <= step)
        lo = mid + 1;
      else
        hi = mid;
    }

  /* then back to the newest of @endpoint's, which may be in an earlier
   * block */
  for (last = lo; last > first; last--)
    {
      const HsTcbSnapshot *snapshot = get_snapshot (self, last - 1);

      if (snapshot->endpoint == endpoint)
        return snapshot;
    }

  if (blocks[block].last_of[endpoint] == HS_TRACE_NONE)
    return NULL;

  return get_snapshot (self, blocks[block].last_of[endpoint]);
}

guint
hs_trace_get_n_snapshots (HsTrace *self)
{
  g_return_val_if_fail (HS_IS_TRACE (self), 0);

  return hs_record_store_get_length (self->snapshots);
}

const HsTcbSnapshot *
hs_trace_get_snapshot (HsTrace *self,
                       guint    index)
{
  g_return_val_if_fail (HS_IS_TRACE (self), NULL);
  g_return_val_if_fail (index < hs_record_store_get_length (self->snapshots), NULL);

  return get_snapshot (self, index);
}

guint
hs_trace_find_step_at_time (HsTrace *self,
                            HsTime   time)
{
  const HsTime *times;
  guint n, lo, hi, block;

  g_return_val_if_fail (HS_IS_TRACE (self), 0);

  n = hs_record_store_get_length (self->steps);

  /* the first block that begins at or after @time; the step may be in the
   * block before it */
  times = (const HsTime *) (void *) self->step_block_times->data;
  lo = 0;
  hi = self->step_block_times->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (times[mid] < time)
        lo = mid + 1;
      else
        hi = mid;
    }

  if (lo == 0)
    return 0;

  block = lo - 1;
  lo = block * HS_RECORD_STORE_BLOCK;
  hi = MIN (n, lo + HS_RECORD_STORE_BLOCK);

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (get_step (self, mid)->time < time)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

HsTime
hs_trace_get_end_time (HsTrace *self)
{
  g_return_val_if_fail (HS_IS_TRACE (self), 0);

  return self->end_time;
}

guint32
hs_trace_segment_rel_seq (HsTrace              *self,
                          const HsTraceSegment *segment)
{
  g_return_val_if_fail (HS_IS_TRACE (self), 0);
  g_return_val_if_fail (segment != NULL, 0);
  g_return_val_if_fail (segment->from < self->endpoints->len, 0);

  /* Computed on demand rather than stored, so that a base learnt after the
   * segment was added (an ISN set late) still applies to it. */
  return segment->header.seq - get_endpoint (self, segment->from)->rel_base;
}

guint32
hs_trace_segment_rel_ack (HsTrace              *self,
                          const HsTraceSegment *segment)
{
  g_return_val_if_fail (HS_IS_TRACE (self), 0);
  g_return_val_if_fail (segment != NULL, 0);
  g_return_val_if_fail (segment->to < self->endpoints->len, 0);

  /* Without ACK the field is whatever the sender left there, usually 0;
   * relative to anything it would be noise. */
  if ((segment->header.flags & HS_TCP_ACK) == 0)
    return 0;

  return segment->header.ack - get_endpoint (self, segment->to)->rel_base;
}

void
hs_trace_set_parameter (HsTrace    *self,
                        const char *key,
                        const char *value)
{
  guint i;

  g_return_if_fail (HS_IS_TRACE (self));
  g_return_if_fail (key != NULL);

  i = find_parameter (self, key);

  if (value == NULL)
    {
      if (i != HS_TRACE_NONE)
        {
          g_ptr_array_remove_index (self->param_keys, i);
          g_ptr_array_remove_index (self->param_values, i);
        }
      return;
    }

  if (i != HS_TRACE_NONE)
    {
      char **slot = (char **) &g_ptr_array_index (self->param_values, i);

      if (!g_str_equal (*slot, value))
        {
          g_free (*slot);
          *slot = g_strdup (value);
        }
      return;
    }

  /* Before the terminating NULL. */
  g_ptr_array_insert (self->param_keys, self->param_keys->len - 1, g_strdup (key));
  g_ptr_array_add (self->param_values, g_strdup (value));
}

const char *
hs_trace_get_parameter (HsTrace    *self,
                        const char *key)
{
  guint i;

  g_return_val_if_fail (HS_IS_TRACE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  i = find_parameter (self, key);

  if (i == HS_TRACE_NONE)
    return NULL;

  return g_ptr_array_index (self->param_values, i);
}

const char * const *
hs_trace_get_parameter_keys (HsTrace *self)
{
  g_return_val_if_fail (HS_IS_TRACE (self), NULL);

  return (const char * const *) self->param_keys->pdata;
}

const char *
hs_trace_get_title (HsTrace *self)
{
  g_return_val_if_fail (HS_IS_TRACE (self), NULL);

  return self->title;
}

void
hs_trace_set_title (HsTrace    *self,
                    const char *title)
{
  g_return_if_fail (HS_IS_TRACE (self));

  if (g_strcmp0 (self->title, title) == 0)
    return;

  g_free (self->title);
  self->title = g_strdup (title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

guint
hs_trace_add_endpoint (HsTrace    *self,
                       const char *name,
                       const char *address,
                       guint16     port,
                       HsState     initial_state)
{
  HsTraceEndpoint endpoint = { 0 };
  guint index;

  g_return_val_if_fail (HS_IS_TRACE (self), HS_TRACE_NONE);
  g_return_val_if_fail (name != NULL, HS_TRACE_NONE);
  g_return_val_if_fail ((guint) initial_state < HS_N_STATES, HS_TRACE_NONE);
  g_return_val_if_fail (self->endpoints->len < HS_TRACE_MAX_ENDPOINTS, HS_TRACE_NONE);

  endpoint.name = g_strdup (name);
  endpoint.address = g_strdup (address != NULL ? address : "");
  endpoint.port = port;

  index = self->endpoints->len;
  g_array_append_val (self->endpoints, endpoint);

  self->initial_state[index] = (guint8) initial_state;
  self->current_state[index] = (guint8) initial_state;
  self->has_rel_base[index] = FALSE;

  return index;
}

void
hs_trace_set_endpoint_isn (HsTrace *self,
                           guint    endpoint,
                           guint32  isn)
{
  HsTraceEndpoint *ep;

  g_return_if_fail (HS_IS_TRACE (self));
  g_return_if_fail (endpoint < self->endpoints->len);

  ep = get_endpoint (self, endpoint);
  ep->has_isn = TRUE;
  ep->isn = isn;
  ep->rel_base = isn;
  self->has_rel_base[endpoint] = TRUE;
}

guint
hs_trace_add_step (HsTrace           *self,
                   const HsTraceStep *step)
{
  guint index;

  g_return_val_if_fail (HS_IS_TRACE (self), HS_TRACE_NONE);
  g_return_val_if_fail (step != NULL, HS_TRACE_NONE);
  g_return_val_if_fail (step->endpoint < self->endpoints->len, HS_TRACE_NONE);
  g_return_val_if_fail (step->kind <= HS_STEP_TIMER, HS_TRACE_NONE);
  g_return_val_if_fail (step->kind != HS_STEP_STATE_CHANGE ||
                        step->to_state < HS_N_STATES, HS_TRACE_NONE);
  /* find_step_at_time() depends on it. */
  g_return_val_if_fail (step->time >= self->end_time, HS_TRACE_NONE);

  index = hs_record_store_append (self->steps, step);
  self->end_time = step->time;

  if ((index & (HS_RECORD_STORE_BLOCK - 1)) == 0)
    g_array_append_val (self->step_block_times, step->time);

  if (step->kind == HS_STEP_STATE_CHANGE)
    {
      StateChange change = { index, step->to_state };
      GArray **changes = &self->state_changes[step->endpoint];

      if (*changes == NULL)
        *changes = g_array_new (FALSE, FALSE, sizeof (StateChange));
      g_array_append_val (*changes, change);
      self->current_state[step->endpoint] = step->to_state;
    }

  return index;
}

guint
hs_trace_add_segment (HsTrace              *self,
                      const HsTraceSegment *segment)
{
  HsTraceSegment added;
  HsTraceEndpoint *sender;
  guint index;

  g_return_val_if_fail (HS_IS_TRACE (self), HS_TRACE_NONE);
  g_return_val_if_fail (segment != NULL, HS_TRACE_NONE);
  g_return_val_if_fail (segment->from < self->endpoints->len, HS_TRACE_NONE);
  g_return_val_if_fail (segment->to < self->endpoints->len, HS_TRACE_NONE);
  g_return_val_if_fail (segment->from != segment->to, HS_TRACE_NONE);

  added = *segment;
  added.index = hs_record_store_get_length (self->segments);
  index = hs_record_store_append (self->segments, &added);

  /* Relative numbers count from the sender's ISN, as Wireshark's do. A SYN
   * carries it; an endpoint that never sends one (a closed port answering
   * with RST) counts from its first segment, less one, which is why
   * Wireshark shows that RST's sequence number 0 as 1. */
  sender = get_endpoint (self, segment->from);

  if (!sender->has_isn && (segment->header.flags & HS_TCP_SYN) != 0)
    {
      hs_trace_set_endpoint_isn (self, segment->from, segment->header.seq);
    }
  else if (!self->has_rel_base[segment->from])
    {
      sender->rel_base = segment->header.seq - 1;
      self->has_rel_base[segment->from] = TRUE;
    }

  return index;
}

HsTraceSegment *
hs_trace_peek_segment (HsTrace *self,
                       guint    index)
{
  g_return_val_if_fail (HS_IS_TRACE (self), NULL);
  g_return_val_if_fail (index < hs_record_store_get_length (self->segments), NULL);

  return hs_record_store_get_mutable (self->segments, index);
}

HsTraceStep *
hs_trace_peek_step (HsTrace *self,
                    guint    index)
{
  g_return_val_if_fail (HS_IS_TRACE (self), NULL);
  g_return_val_if_fail (index < hs_record_store_get_length (self->steps), NULL);

  return hs_record_store_get_mutable (self->steps, index);
}

void
hs_trace_add_snapshot (HsTrace             *self,
                       const HsTcbSnapshot *snapshot)
{
  guint n, index;

  g_return_if_fail (HS_IS_TRACE (self));
  g_return_if_fail (snapshot != NULL);
  g_return_if_fail (snapshot->endpoint < self->endpoints->len);

  /* hs_trace_get_tcb_at() searches the snapshots by step. */
  n = hs_record_store_get_length (self->snapshots);
  g_return_if_fail (n == 0 || self->last_snapshot_step <= snapshot->step);

  if ((n & (HS_RECORD_STORE_BLOCK - 1)) == 0)
    {
      SnapshotBlock block = { snapshot->step, { 0 } };

      memcpy (block.last_of, self->last_snapshot_of, sizeof block.last_of);
      g_array_append_val (self->snapshot_blocks, block);
    }

  index = hs_record_store_append (self->snapshots, snapshot);
  self->last_snapshot_of[snapshot->endpoint] = index;
  self->last_snapshot_step = snapshot->step;
}

void
hs_trace_set_endpoint_transport (HsTrace     *self,
                                 guint        endpoint,
                                 HsTransport  transport)
{
  g_return_if_fail (HS_IS_TRACE (self));
  g_return_if_fail (endpoint < self->endpoints->len);

  get_endpoint (self, endpoint)->transport = transport;
}

gboolean
hs_trace_segment_is_udp (HsTrace              *self,
                         const HsTraceSegment *segment)
{
  g_return_val_if_fail (HS_IS_TRACE (self), FALSE);
  g_return_val_if_fail (segment != NULL, FALSE);

  return get_endpoint (self, segment->from)->transport == HS_TRANSPORT_UDP;
}

static guint
remap (const guint *map,
       guint        index)
{
  return index == HS_TRACE_NONE ? HS_TRACE_NONE : map[index];
}

HsTrace *
hs_trace_new_merged (HsTrace *a,
                     HsTrace *b)
{
  HsTrace *self;
  HsTrace *src[2] = { a, b };
  guint offset[2];
  guint *step_map[2] = { NULL, NULL };
  guint *seg_map[2] = { NULL, NULL };
  guint i[2] = { 0, 0 };
  guint n_seg[2], n_step[2], n_snap[2];
  guint n;

  g_return_val_if_fail (HS_IS_TRACE (a), NULL);
  g_return_val_if_fail (HS_IS_TRACE (b), NULL);
  g_return_val_if_fail (a->endpoints->len + b->endpoints->len <= HS_TRACE_MAX_ENDPOINTS, NULL);

  self = hs_trace_new ();
  hs_trace_set_title (self, a->title);
  for (guint k = 0; k < a->param_values->len; k++)
    hs_trace_set_parameter (self, g_ptr_array_index (a->param_keys, k), g_ptr_array_index (a->param_values, k));

  offset[0] = 0;
  offset[1] = a->endpoints->len;
  for (guint t = 0; t < 2; t++)
    for (guint e = 0; e < src[t]->endpoints->len; e++)
      {
        const HsTraceEndpoint *ep = get_endpoint (src[t], e);
        guint idx = hs_trace_add_endpoint (self, ep->name, ep->address, ep->port, src[t]->initial_state[e]);
        HsTraceEndpoint *copy = get_endpoint (self, idx);

        copy->has_isn = ep->has_isn;
        copy->isn = ep->isn;
        copy->rel_base = ep->rel_base;
        copy->transport = ep->transport;
        self->has_rel_base[idx] = src[t]->has_rel_base[e];
      }

  n_seg[0] = hs_trace_get_n_segments (a);
  n_seg[1] = hs_trace_get_n_segments (b);
  n_step[0] = hs_trace_get_n_steps (a);
  n_step[1] = hs_trace_get_n_steps (b);
  n_snap[0] = hs_trace_get_n_snapshots (a);
  n_snap[1] = hs_trace_get_n_snapshots (b);

  /* Steps in order of time, then segments in order of sending. */
  for (guint t = 0; t < 2; t++)
    {
      seg_map[t] = g_new (guint, MAX (1, n_seg[t]));
      step_map[t] = g_new (guint, MAX (1, n_step[t]));
    }
  n = 0;
  while (i[0] < n_step[0] || i[1] < n_step[1])
    {
      guint t;

      if (i[1] >= n_step[1])
        t = 0;
      else if (i[0] >= n_step[0])
        t = 1;
      else
        t = get_step (b, i[1])->time < get_step (a, i[0])->time ? 1 : 0;
      step_map[t][i[t]++] = n++;
    }

  n = 0;
  i[0] = i[1] = 0;
  while (i[0] < n_seg[0] || i[1] < n_seg[1])
    {
      HsTraceSegment seg;
      guint t;

      if (i[1] >= n_seg[1])
        t = 0;
      else if (i[0] >= n_seg[0])
        t = 1;
      else
        t = hs_trace_get_segment (b, i[1])->sent < hs_trace_get_segment (a, i[0])->sent ? 1 : 0;

      seg = *hs_trace_get_segment (src[t], i[t]);
      seg.from += offset[t];
      seg.to += offset[t];
      seg.sent_step = remap (step_map[t], seg.sent_step);
      seg.end_step = remap (step_map[t], seg.end_step);
      hs_trace_add_segment (self, &seg);
      seg_map[t][i[t]++] = n++;
    }

  /* Steps must be added in order, so that the state changes are right. */
  i[0] = i[1] = 0;
  for (guint k = 0; k < n_step[0] + n_step[1]; k++)
    {
      guint t = (i[0] < n_step[0] && step_map[0][i[0]] == k) ? 0 : 1;
      HsTraceStep step = *get_step (src[t], i[t]);

      step.endpoint += offset[t];
      step.segment = remap (seg_map[t], step.segment);
      step.cause = remap (step_map[t], step.cause);
      hs_trace_add_step (self, &step);
      i[t]++;
    }

  /* and snapshots in order of step, as hs_trace_add_snapshot() wants */
  i[0] = i[1] = 0;
  while (i[0] < n_snap[0] || i[1] < n_snap[1])
    {
      HsTcbSnapshot snap;
      guint t;

      if (i[1] >= n_snap[1])
        t = 0;
      else if (i[0] >= n_snap[0])
        t = 1;
      else
        t = step_map[1][get_snapshot (b, i[1])->step] < step_map[0][get_snapshot (a, i[0])->step] ? 1 : 0;

      snap = *get_snapshot (src[t], i[t]++);
      snap.endpoint += offset[t];
      snap.step = step_map[t][snap.step];
      hs_trace_add_snapshot (self, &snap);
    }

  for (guint t = 0; t < 2; t++)
    {
      g_free (step_map[t]);
      g_free (seg_map[t]);
    }

  hs_trace_compact (self);
  hs_trace_trim (a);
  hs_trace_trim (b);
  return self;
}

guint32
hs_trace_get_segment_analysis (HsTrace *self,
                               guint    index,
                               guint   *dup_ack_num)
{
  const SegmentAnalysis *analysis;

  if (dup_ack_num != NULL)
    *dup_ack_num = 0;

  g_return_val_if_fail (HS_IS_TRACE (self), 0);
  g_return_val_if_fail (index < hs_record_store_get_length (self->segments), 0);

  if (self->analysis == NULL || index >= self->analysis->len)
    return 0;

  analysis = &g_array_index (self->analysis, SegmentAnalysis, index);

  if (dup_ack_num != NULL)
    *dup_ack_num = analysis->dup_ack_num;

  return analysis->flags;
}

void
hs_trace_set_segment_analysis (HsTrace *self,
                               guint    index,
                               guint32  analysis,
                               guint    dup_ack_num)
{
  SegmentAnalysis *slot;

  g_return_if_fail (HS_IS_TRACE (self));
  g_return_if_fail (index < hs_record_store_get_length (self->segments));

  if (self->analysis == NULL)
    self->analysis = g_array_new (FALSE, TRUE, sizeof (SegmentAnalysis));

  /* Only what is set is stored; the rest reads as 0. */
  if (index >= self->analysis->len)
    g_array_set_size (self->analysis, index + 1);

  slot = &g_array_index (self->analysis, SegmentAnalysis, index);
  slot->flags = analysis;
  slot->dup_ack_num = dup_ack_num;
}

const char *
hs_segment_analysis_to_string (HsSegmentAnalysis analysis)
{
  static const char * const names[HS_N_SEGMENT_ANALYSES] = {
    "retransmission",
    "fast-retransmission",
    "spurious-retransmission",
    "out-of-order",
    "lost-segment",
    "ack-lost-segment",
    "duplicate-ack",
    "zero-window",
    "window-full",
    "zero-window-probe",
    "zero-window-probe-ack",
    "window-update",
    "keep-alive",
    "keep-alive-ack",
    "reused-ports",
  };

  for (guint bit = 0; bit < HS_N_SEGMENT_ANALYSES; bit++)
    {
      if ((guint32) analysis == (1u << bit))
        return names[bit];
    }

  return NULL;
}

void
hs_trace_set_endpoint_rel_base (HsTrace *self,
                                guint    endpoint,
                                guint32  rel_base)
{
  g_return_if_fail (HS_IS_TRACE (self));
  g_return_if_fail (endpoint < self->endpoints->len);

  get_endpoint (self, endpoint)->rel_base = rel_base;
  self->has_rel_base[endpoint] = TRUE;
}

void
hs_trace_compact (HsTrace *self)
{
  g_return_if_fail (HS_IS_TRACE (self));

  hs_record_store_seal (self->segments);
  hs_record_store_seal (self->steps);
  hs_record_store_seal (self->snapshots);
}

void
hs_trace_trim (HsTrace *self)
{
  g_return_if_fail (HS_IS_TRACE (self));

  hs_record_store_trim (self->segments);
  hs_record_store_trim (self->steps);
  hs_record_store_trim (self->snapshots);
}

gsize
hs_trace_get_memory_size (HsTrace *self)
{
  gsize size;

  g_return_val_if_fail (HS_IS_TRACE (self), 0);

  size = sizeof (HsTrace) +
         hs_record_store_get_memory_size (self->segments) +
         hs_record_store_get_memory_size (self->steps) +
         hs_record_store_get_memory_size (self->snapshots) +
         self->step_block_times->len * sizeof (HsTime) +
         self->snapshot_blocks->len * sizeof (SnapshotBlock);

  if (self->analysis != NULL)
    size += self->analysis->len * sizeof (SegmentAnalysis);
  for (guint i = 0; i < HS_TRACE_MAX_ENDPOINTS; i++)
    if (self->state_changes[i] != NULL)
      size += self->state_changes[i]->len * sizeof (StateChange);

  return size;
}
