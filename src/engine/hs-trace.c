/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-trace.c: what happened in a connection, kept in record stores that
 * encode the older records, so that a trace of millions of segments stays
 * small while every lookup the views need stays fast.
 *
 * Over 1,000 lines: one type (HsTrace) and its API, the accessors and the
 * per-segment appends the simulator calls; the record encoding itself is
 * hs-record-codec-private.h's and the stores hs-record-store.c's. */

#define G_LOG_DOMAIN "hs-trace"

#include "config.h"

#include <string.h>

#include "hs-engine-enums.h"
#include "hs-record-codec-private.h"
#include "hs-record-store.h"
#include "hs-trace.h"
#include "hs-trace-private.h"

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
  GArray        *hosts;          /* HsTraceHost; owns name and address */
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
 * they take a few bytes each instead of a hundred (see hs-record-store.h). */

/* The mask of the 32-bit words @field takes in @type. */
#define WORDS_OF(type, field) \
  ((guint32) ((G_GUINT64_CONSTANT (1) << (sizeof (((type *) 0)->field) / 4)) - 1) << \
   (G_STRUCT_OFFSET (type, field) / 4))

G_STATIC_ASSERT (sizeof (HsTraceSegment) % 16 == 0);
G_STATIC_ASSERT (sizeof (HsTraceStep) % 16 == 0);
G_STATIC_ASSERT (sizeof (HsTcbSnapshot) % 16 == 0);

static guint
segment_context (const void *record)
{
  const HsTraceSegment *s = record;

  return (s->from & 7) * 8 + (s->to & 7);
}

/* The index is the record's own; an arrival is kept as the delay and the
 * last step as the steps since sending, which change little from one
 * segment to the next. All of it wraps, so it undoes exactly. */
static inline void
segment_to_stored (void  *record,
                   guint  index)
{
  HsTraceSegment *s = record;

  s->index -= index;
  s->arrived = (HsTime) ((guint64) s->arrived - (guint64) s->sent);
  s->end_step -= s->sent_step;
}

static void
segment_from_stored (void  *record,
                     guint  index)
{
  HsTraceSegment *s = record;

  s->index += index;
  s->arrived = (HsTime) ((guint64) s->arrived + (guint64) s->sent);
  s->end_step += s->sent_step;
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
  sizeof (HsTraceSegment),
  WORDS_OF (HsTraceSegment, sent) | WORDS_OF (HsTraceSegment, sent_step),
  segment_context, segment_to_stored, segment_from_stored, segment_is_final, segment_encode,
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

static guint
step_context (const void *record)
{
  const HsTraceStep *s = record;

  return (s->kind & 7) * 8 + (s->endpoint & 7);
}

/* The cause as how many steps back it is, 0 for none. A cause after the
 * step itself would collide with none; it takes the place none would have
 * had, so the mapping still undoes exactly. */
static inline void
step_to_stored (void  *record,
                guint  index)
{
  HsTraceStep *s = record;

  if (s->cause == HS_TRACE_NONE)
    s->cause = 0;
  else if (s->cause == index + 1)
    s->cause = index + 2;
  else
    s->cause = index + 1 - s->cause;
}

static void
step_from_stored (void  *record,
                  guint  index)
{
  HsTraceStep *s = record;

  if (s->cause == 0)
    s->cause = HS_TRACE_NONE;
  else if (s->cause == index + 2)
    s->cause = index + 1;
  else
    s->cause = index + 1 - s->cause;
}

static gsize step_encode (HsRecordPredictor *predictor,
                          guint              first_index,
                          const guint8      *records,
                          guint              n,
                          guint8            *out);

static const HsRecordCodec step_codec = {
  sizeof (HsTraceStep),
  WORDS_OF (HsTraceStep, time),
  step_context, step_to_stored, step_from_stored, NULL, step_encode,
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

static guint
snapshot_context (const void *record)
{
  return ((const HsTcbSnapshot *) record)->endpoint & 7;
}

static gsize snapshot_encode (HsRecordPredictor *predictor,
                              guint              first_index,
                              const guint8      *records,
                              guint              n,
                              guint8            *out);

static const HsRecordCodec snapshot_codec = {
  sizeof (HsTcbSnapshot),
  WORDS_OF (HsTcbSnapshot, step),
  snapshot_context, NULL, NULL, NULL, snapshot_encode,
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

static void
clear_host (gpointer data)
{
  HsTraceHost *host = data;

  g_clear_pointer (&host->name, g_free);
  g_clear_pointer (&host->address, g_free);
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
  g_clear_pointer (&self->hosts, g_array_unref);
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
  self->hosts = g_array_new (FALSE, TRUE, sizeof (HsTraceHost));
  g_array_set_clear_func (self->hosts, clear_host);
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
hs_trace_get_n_hosts (HsTrace *self)
{
  g_return_val_if_fail (HS_IS_TRACE (self), 0);

  return self->hosts->len;
}

const HsTraceHost *
hs_trace_get_host (HsTrace *self,
                   guint    host)
{
  g_return_val_if_fail (HS_IS_TRACE (self), NULL);
  g_return_val_if_fail (host < self->hosts->len, NULL);

  return &g_array_index (self->hosts, HsTraceHost, host);
}

guint
hs_trace_get_n_connections (HsTrace *self)
{
  guint n = 0;

  g_return_val_if_fail (HS_IS_TRACE (self), 0);

  for (guint i = 0; i < self->endpoints->len; i++)
    {
      guint connection = get_endpoint (self, i)->connection;

      if (connection != HS_TRACE_NONE)
        n = MAX (n, connection + 1);
    }
  return n;
}

guint
hs_trace_segment_get_connection (HsTrace              *self,
                                 const HsTraceSegment *segment)
{
  guint connection;

  g_return_val_if_fail (HS_IS_TRACE (self), HS_TRACE_NONE);
  g_return_val_if_fail (segment != NULL, HS_TRACE_NONE);
  g_return_val_if_fail (segment->from < self->endpoints->len, HS_TRACE_NONE);
  g_return_val_if_fail (segment->to < self->endpoints->len, HS_TRACE_NONE);

  connection = get_endpoint (self, segment->from)->connection;
  if (connection == HS_TRACE_NONE)
    connection = get_endpoint (self, segment->to)->connection;
  return connection;
}

guint
hs_trace_get_n_segments_unchecked (HsTrace *self)
{

  return hs_record_store_get_length (self->segments);
}

guint
hs_trace_get_n_segments (HsTrace *self)
{
  g_return_val_if_fail (HS_IS_TRACE (self), 0);

  return hs_trace_get_n_segments_unchecked (self);
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
hs_trace_get_n_steps_unchecked (HsTrace *self)
{

  return hs_record_store_get_length (self->steps);
}

guint
hs_trace_get_n_steps (HsTrace *self)
{
  g_return_val_if_fail (HS_IS_TRACE (self), 0);

  return hs_trace_get_n_steps_unchecked (self);
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
  endpoint.host = HS_TRACE_NONE;

  index = self->endpoints->len;
  g_array_append_val (self->endpoints, endpoint);

  self->initial_state[index] = (guint8) initial_state;
  self->current_state[index] = (guint8) initial_state;
  self->has_rel_base[index] = FALSE;

  return index;
}

guint
hs_trace_add_host (HsTrace    *self,
                   const char *name,
                   const char *address)
{
  HsTraceHost host = { 0 };

  g_return_val_if_fail (HS_IS_TRACE (self), HS_TRACE_NONE);
  g_return_val_if_fail (name != NULL, HS_TRACE_NONE);

  host.name = g_strdup (name);
  host.address = g_strdup (address != NULL ? address : "");
  g_array_append_val (self->hosts, host);
  return self->hosts->len - 1;
}

void
hs_trace_set_endpoint_host (HsTrace *self,
                            guint    endpoint,
                            guint    host)
{
  g_return_if_fail (HS_IS_TRACE (self));
  g_return_if_fail (endpoint < self->endpoints->len);
  g_return_if_fail (host < self->hosts->len);

  get_endpoint (self, endpoint)->host = host;
}

void
hs_trace_set_endpoint_connection (HsTrace *self,
                                  guint    endpoint,
                                  guint    connection)
{
  g_return_if_fail (HS_IS_TRACE (self));
  g_return_if_fail (endpoint < self->endpoints->len);

  get_endpoint (self, endpoint)->connection = connection;
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
hs_trace_add_step_unchecked (HsTrace           *self,
                             const HsTraceStep *step)
{
  guint index;

  g_return_val_if_fail (step != NULL, HS_TRACE_NONE);
  g_return_val_if_fail (step->endpoint < self->endpoints->len, HS_TRACE_NONE);
  g_return_val_if_fail (step->kind <= HS_STEP_TIMER, HS_TRACE_NONE);
  g_return_val_if_fail (step->kind != HS_STEP_STATE_CHANGE ||
                        step->to_state < HS_N_STATES, HS_TRACE_NONE);
  /* find_step_at_time() depends on it. */
  g_return_val_if_fail (step->time >= self->end_time, HS_TRACE_NONE);

  index = hs_record_store_append_sized (self->steps, step, sizeof *step);
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
hs_trace_add_step (HsTrace           *self,
                   const HsTraceStep *step)
{
  g_return_val_if_fail (HS_IS_TRACE (self), HS_TRACE_NONE);

  return hs_trace_add_step_unchecked (self, step);
}

guint
hs_trace_add_segment_unchecked (HsTrace              *self,
                                const HsTraceSegment *segment)
{
  HsTraceSegment added;
  HsTraceEndpoint *sender;
  guint index;

  g_return_val_if_fail (segment != NULL, HS_TRACE_NONE);
  g_return_val_if_fail (segment->from < self->endpoints->len, HS_TRACE_NONE);
  g_return_val_if_fail (segment->to < self->endpoints->len, HS_TRACE_NONE);
  g_return_val_if_fail (segment->from != segment->to, HS_TRACE_NONE);

  added = *segment;
  added.index = hs_record_store_get_length (self->segments);
  index = hs_record_store_append_sized (self->segments, &added, sizeof added);

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

guint
hs_trace_add_segment (HsTrace              *self,
                      const HsTraceSegment *segment)
{
  g_return_val_if_fail (HS_IS_TRACE (self), HS_TRACE_NONE);

  return hs_trace_add_segment_unchecked (self, segment);
}

HsTraceSegment *
hs_trace_peek_segment_unchecked (HsTrace *self,
                                 guint    index)
{
  g_return_val_if_fail (index < hs_record_store_get_length (self->segments), NULL);

  return hs_record_store_get_mutable (self->segments, index);
}

HsTraceSegment *
hs_trace_peek_segment (HsTrace *self,
                       guint    index)
{
  g_return_val_if_fail (HS_IS_TRACE (self), NULL);

  return hs_trace_peek_segment_unchecked (self, index);
}

HsTraceStep *
hs_trace_peek_step_unchecked (HsTrace *self,
                              guint    index)
{
  g_return_val_if_fail (index < hs_record_store_get_length (self->steps), NULL);

  return hs_record_store_get_mutable (self->steps, index);
}

HsTraceStep *
hs_trace_peek_step (HsTrace *self,
                    guint    index)
{
  g_return_val_if_fail (HS_IS_TRACE (self), NULL);

  return hs_trace_peek_step_unchecked (self, index);
}

void
hs_trace_add_snapshot_unchecked (HsTrace             *self,
                                 const HsTcbSnapshot *snapshot)
{
  guint n, index;

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

  index = hs_record_store_append_sized (self->snapshots, snapshot, sizeof *snapshot);
  self->last_snapshot_of[snapshot->endpoint] = index;
  self->last_snapshot_step = snapshot->step;
}

void
hs_trace_add_snapshot (HsTrace             *self,
                       const HsTcbSnapshot *snapshot)
{
  g_return_if_fail (HS_IS_TRACE (self));

  hs_trace_add_snapshot_unchecked (self, snapshot);
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
  guint connection_offset;
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
  /* A cut-short second run leaves the merged trace cut short too. */
  if (hs_trace_get_parameter (self, "truncated") == NULL)
    for (guint k = 0; k < b->param_values->len; k++)
      if (g_str_has_prefix (g_ptr_array_index (b->param_keys, k), "truncated"))
        hs_trace_set_parameter (self, g_ptr_array_index (b->param_keys, k), g_ptr_array_index (b->param_values, k));
  /* and what only the second run says about its own lanes (their
   * congestion control) is kept */
  for (guint k = 0; k < b->param_values->len; k++)
    if (hs_trace_get_parameter (self, g_ptr_array_index (b->param_keys, k)) == NULL)
      hs_trace_set_parameter (self, g_ptr_array_index (b->param_keys, k), g_ptr_array_index (b->param_values, k));

  offset[0] = 0;
  offset[1] = a->endpoints->len;
  connection_offset = hs_trace_get_n_connections (a);
  for (guint t = 0; t < 2; t++)
    {
      guint host_offset = self->hosts->len;

      for (guint h = 0; h < src[t]->hosts->len; h++)
        {
          const HsTraceHost *host = &g_array_index (src[t]->hosts, HsTraceHost, h);

          hs_trace_add_host (self, host->name, host->address);
        }
      for (guint e = 0; e < src[t]->endpoints->len; e++)
        {
          const HsTraceEndpoint *ep = get_endpoint (src[t], e);
          guint idx = hs_trace_add_endpoint (self, ep->name, ep->address, ep->port, src[t]->initial_state[e]);
          HsTraceEndpoint *copy = get_endpoint (self, idx);

          copy->has_isn = ep->has_isn;
          copy->isn = ep->isn;
          copy->rel_base = ep->rel_base;
          copy->transport = ep->transport;
          if (ep->host != HS_TRACE_NONE)
            copy->host = host_offset + ep->host;
          if (ep->connection == HS_TRACE_NONE || t == 0)
            copy->connection = ep->connection;
          else
            copy->connection = connection_offset + ep->connection;
          self->has_rel_base[idx] = src[t]->has_rel_base[e];
        }
    }
  /* Lanes are hosts as soon as one run names them: an endpoint of the
   * other becomes a host of its own, as it was a lane of its own. */
  if (self->hosts->len > 0)
    for (guint e = 0; e < self->endpoints->len; e++)
      {
        HsTraceEndpoint *ep = get_endpoint (self, e);

        if (ep->host == HS_TRACE_NONE)
          ep->host = hs_trace_add_host (self, ep->name, ep->address);
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
  static GFlagsClass *klass;
  GFlagsValue *value;

  if (g_once_init_enter (&klass))
    g_once_init_leave (&klass, g_type_class_ref (HS_TYPE_SEGMENT_ANALYSIS));

  /* one flag's name: the nick of its generated GType */
  value = g_flags_get_first_value (klass, analysis);
  if (value == NULL || (guint) value->value != (guint) analysis)
    return NULL;
  return value->value_nick;
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
hs_trace_decode (HsTrace *self)
{
  g_return_if_fail (HS_IS_TRACE (self));

  hs_record_store_decode_all (self->segments);
  hs_record_store_decode_all (self->steps);
  hs_record_store_decode_all (self->snapshots);
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
