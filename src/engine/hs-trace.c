/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-trace.c: what happened in a connection, kept as plain arrays so that a
 * long trace stays cheap to build and every lookup the views need is fast. */

#define G_LOG_DOMAIN "hs-trace"

#include "config.h"

#include "hs-trace.h"

struct _HsTrace
{
  GObject     parent_instance;

  /* owned */
  char       *title;
  GPtrArray  *param_keys;     /* char *, always ends with a NULL element so
                               * it can be handed out as a strv */
  GPtrArray  *param_values;   /* char *, parallel to param_keys without the NULL */
  GArray     *endpoints;      /* HsTraceEndpoint; owns name and address */
  GArray     *segments;       /* HsTraceSegment */
  GArray     *steps;          /* HsTraceStep, in non-decreasing time */
  GArray     *snapshots;      /* HsTcbSnapshot */
  GArray     *analysis;       /* SegmentAnalysis, parallel to segments;
                               * NULL until a capture reader sets one */
  GByteArray *states;         /* HsState of every endpoint after every step:
                               * states[step * n_endpoints + endpoint] */
  GArray     *endpoint_snapshots[HS_TRACE_MAX_ENDPOINTS];  /* guint indices
                                                            * into snapshots,
                                                            * in step order */

  /* plain state */
  guint8      initial_state[HS_TRACE_MAX_ENDPOINTS];
  guint8      current_state[HS_TRACE_MAX_ENDPOINTS];
  gboolean    has_rel_base[HS_TRACE_MAX_ENDPOINTS];
};

typedef struct
{
  guint32 flags;          /* HsSegmentAnalysis */
  guint32 dup_ack_num;
} SegmentAnalysis;

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
  return &g_array_index (self->steps, HsTraceStep, index);
}

static inline const HsTcbSnapshot *
get_snapshot (HsTrace *self,
              guint    index)
{
  return &g_array_index (self->snapshots, HsTcbSnapshot, index);
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

/* An endpoint added once steps exist needs a column in every row of the
 * state table; that is rare (a capture reader meeting a third address), so
 * the table is simply laid out again. */
static void
add_state_column (HsTrace *self,
                  guint8   initial_state)
{
  guint old_n = self->endpoints->len - 1;
  guint n_steps = self->steps->len;
  GByteArray *states;

  if (n_steps == 0)
    return;

  states = g_byte_array_sized_new (n_steps * (old_n + 1));

  for (guint step = 0; step < n_steps; step++)
    {
      g_byte_array_append (states, self->states->data + step * old_n, old_n);
      g_byte_array_append (states, &initial_state, 1);
    }

  g_byte_array_unref (self->states);
  self->states = states;
}

static void
hs_trace_finalize (GObject *object)
{
  HsTrace *self = (HsTrace *) object;

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->param_keys, g_ptr_array_unref);
  g_clear_pointer (&self->param_values, g_ptr_array_unref);
  g_clear_pointer (&self->endpoints, g_array_unref);
  g_clear_pointer (&self->segments, g_array_unref);
  g_clear_pointer (&self->steps, g_array_unref);
  g_clear_pointer (&self->snapshots, g_array_unref);
  g_clear_pointer (&self->analysis, g_array_unref);
  g_clear_pointer (&self->states, g_byte_array_unref);

  for (guint i = 0; i < HS_TRACE_MAX_ENDPOINTS; i++)
    g_clear_pointer (&self->endpoint_snapshots[i], g_array_unref);

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
  self->segments = g_array_new (FALSE, TRUE, sizeof (HsTraceSegment));
  self->steps = g_array_new (FALSE, TRUE, sizeof (HsTraceStep));
  self->snapshots = g_array_new (FALSE, TRUE, sizeof (HsTcbSnapshot));
  self->states = g_byte_array_new ();
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

  return self->segments->len;
}

const HsTraceSegment *
hs_trace_get_segment (HsTrace *self,
                      guint    index)
{
  g_return_val_if_fail (HS_IS_TRACE (self), NULL);
  g_return_val_if_fail (index < self->segments->len, NULL);

  return &g_array_index (self->segments, HsTraceSegment, index);
}

guint
hs_trace_get_n_steps (HsTrace *self)
{
  g_return_val_if_fail (HS_IS_TRACE (self), 0);

  return self->steps->len;
}

const HsTraceStep *
hs_trace_get_step (HsTrace *self,
                   guint    index)
{
  g_return_val_if_fail (HS_IS_TRACE (self), NULL);
  g_return_val_if_fail (index < self->steps->len, NULL);

  return get_step (self, index);
}

HsState
hs_trace_get_state_at (HsTrace *self,
                       guint    step,
                       guint    endpoint)
{
  g_return_val_if_fail (HS_IS_TRACE (self), HS_STATE_CLOSED);
  g_return_val_if_fail (endpoint < self->endpoints->len, HS_STATE_CLOSED);

  if (step == HS_TRACE_NONE)
    return (HsState) self->initial_state[endpoint];

  g_return_val_if_fail (step < self->steps->len, HS_STATE_CLOSED);

  return (HsState) self->states->data[step * self->endpoints->len + endpoint];
}

const HsTcbSnapshot *
hs_trace_get_tcb_at (HsTrace *self,
                     guint    step,
                     guint    endpoint)
{
  GArray *indices;
  guint lo, hi;

  g_return_val_if_fail (HS_IS_TRACE (self), NULL);
  g_return_val_if_fail (endpoint < self->endpoints->len, NULL);

  indices = self->endpoint_snapshots[endpoint];

  if (step == HS_TRACE_NONE || indices == NULL)
    return NULL;

  /* The first snapshot taken after @step; the one before it is the
   * newest at or before @step. */
  lo = 0;
  hi = indices->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (get_snapshot (self, g_array_index (indices, guint, mid))->step <= step)
        lo = mid + 1;
      else
        hi = mid;
    }

  if (lo == 0)
    return NULL;

  return get_snapshot (self, g_array_index (indices, guint, lo - 1));
}

guint
hs_trace_get_n_snapshots (HsTrace *self)
{
  g_return_val_if_fail (HS_IS_TRACE (self), 0);

  return self->snapshots->len;
}

const HsTcbSnapshot *
hs_trace_get_snapshot (HsTrace *self,
                       guint    index)
{
  g_return_val_if_fail (HS_IS_TRACE (self), NULL);
  g_return_val_if_fail (index < self->snapshots->len, NULL);

  return get_snapshot (self, index);
}

guint
hs_trace_find_step_at_time (HsTrace *self,
                            HsTime   time)
{
  guint lo, hi;

  g_return_val_if_fail (HS_IS_TRACE (self), 0);

  lo = 0;
  hi = self->steps->len;

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

  if (self->steps->len == 0)
    return 0;

  return get_step (self, self->steps->len - 1)->time;
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

  add_state_column (self, (guint8) initial_state);

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
  guint n_endpoints;
  guint index;

  g_return_val_if_fail (HS_IS_TRACE (self), HS_TRACE_NONE);
  g_return_val_if_fail (step != NULL, HS_TRACE_NONE);
  g_return_val_if_fail (step->endpoint < self->endpoints->len, HS_TRACE_NONE);
  g_return_val_if_fail (step->kind <= HS_STEP_TIMER, HS_TRACE_NONE);
  g_return_val_if_fail (step->kind != HS_STEP_STATE_CHANGE ||
                        step->to_state < HS_N_STATES, HS_TRACE_NONE);
  /* find_step_at_time() depends on it. */
  g_return_val_if_fail (self->steps->len == 0 ||
                        step->time >= hs_trace_get_end_time (self), HS_TRACE_NONE);

  index = self->steps->len;
  g_array_append_vals (self->steps, step, 1);

  if (step->kind == HS_STEP_STATE_CHANGE)
    self->current_state[step->endpoint] = step->to_state;

  n_endpoints = self->endpoints->len;
  g_byte_array_append (self->states, self->current_state, n_endpoints);

  return index;
}

guint
hs_trace_add_segment (HsTrace              *self,
                      const HsTraceSegment *segment)
{
  HsTraceSegment *copy;
  HsTraceEndpoint *sender;
  guint index;

  g_return_val_if_fail (HS_IS_TRACE (self), HS_TRACE_NONE);
  g_return_val_if_fail (segment != NULL, HS_TRACE_NONE);
  g_return_val_if_fail (segment->from < self->endpoints->len, HS_TRACE_NONE);
  g_return_val_if_fail (segment->to < self->endpoints->len, HS_TRACE_NONE);
  g_return_val_if_fail (segment->from != segment->to, HS_TRACE_NONE);

  index = self->segments->len;
  g_array_append_vals (self->segments, segment, 1);
  copy = &g_array_index (self->segments, HsTraceSegment, index);
  copy->index = index;

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
  g_return_val_if_fail (index < self->segments->len, NULL);

  return &g_array_index (self->segments, HsTraceSegment, index);
}

HsTraceStep *
hs_trace_peek_step (HsTrace *self,
                    guint    index)
{
  g_return_val_if_fail (HS_IS_TRACE (self), NULL);
  g_return_val_if_fail (index < self->steps->len, NULL);

  return &g_array_index (self->steps, HsTraceStep, index);
}

void
hs_trace_add_snapshot (HsTrace             *self,
                       const HsTcbSnapshot *snapshot)
{
  GArray *indices;
  guint index;

  g_return_if_fail (HS_IS_TRACE (self));
  g_return_if_fail (snapshot != NULL);
  g_return_if_fail (snapshot->endpoint < self->endpoints->len);

  indices = self->endpoint_snapshots[snapshot->endpoint];

  if (indices == NULL)
    indices = self->endpoint_snapshots[snapshot->endpoint] =
      g_array_new (FALSE, FALSE, sizeof (guint));

  /* hs_trace_get_tcb_at() searches each endpoint's snapshots by step. */
  g_return_if_fail (indices->len == 0 ||
                    get_snapshot (self, g_array_index (indices, guint, indices->len - 1))->step <= snapshot->step);

  index = self->snapshots->len;
  g_array_append_vals (self->snapshots, snapshot, 1);
  g_array_append_val (indices, index);
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

  /* Segments in order of sending, then steps in order of time. */
  for (guint t = 0; t < 2; t++)
    {
      seg_map[t] = g_new (guint, MAX (1, src[t]->segments->len));
      step_map[t] = g_new (guint, MAX (1, src[t]->steps->len));
    }
  n = 0;
  while (i[0] < a->segments->len || i[1] < b->segments->len)
    {
      guint t;

      if (i[1] >= b->segments->len)
        t = 0;
      else if (i[0] >= a->segments->len)
        t = 1;
      else
        t = g_array_index (b->segments, HsTraceSegment, i[1]).sent <
            g_array_index (a->segments, HsTraceSegment, i[0]).sent ? 1 : 0;
      seg_map[t][i[t]++] = n++;
    }
  n = 0;
  i[0] = i[1] = 0;
  while (i[0] < a->steps->len || i[1] < b->steps->len)
    {
      guint t;

      if (i[1] >= b->steps->len)
        t = 0;
      else if (i[0] >= a->steps->len)
        t = 1;
      else
        t = g_array_index (b->steps, HsTraceStep, i[1]).time <
            g_array_index (a->steps, HsTraceStep, i[0]).time ? 1 : 0;
      step_map[t][i[t]++] = n++;
    }

  g_array_set_size (self->segments, a->segments->len + b->segments->len);
  for (guint t = 0; t < 2; t++)
    for (guint k = 0; k < src[t]->segments->len; k++)
      {
        HsTraceSegment seg = g_array_index (src[t]->segments, HsTraceSegment, k);

        seg.index = seg_map[t][k];
        seg.from += offset[t];
        seg.to += offset[t];
        seg.sent_step = remap (step_map[t], seg.sent_step);
        seg.end_step = remap (step_map[t], seg.end_step);
        g_array_index (self->segments, HsTraceSegment, seg.index) = seg;
      }

  /* Steps must be added in order, so that the state columns are right. */
  i[0] = i[1] = 0;
  for (guint k = 0; k < a->steps->len + b->steps->len; k++)
    {
      guint t = (i[0] < a->steps->len && step_map[0][i[0]] == k) ? 0 : 1;
      HsTraceStep step = g_array_index (src[t]->steps, HsTraceStep, i[t]);

      step.endpoint += offset[t];
      step.segment = remap (seg_map[t], step.segment);
      step.cause = remap (step_map[t], step.cause);
      hs_trace_add_step (self, &step);
      i[t]++;
    }

  for (guint t = 0; t < 2; t++)
    for (guint k = 0; k < src[t]->snapshots->len; k++)
      {
        HsTcbSnapshot snap = g_array_index (src[t]->snapshots, HsTcbSnapshot, k);

        snap.endpoint += offset[t];
        snap.step = step_map[t][snap.step];
        hs_trace_add_snapshot (self, &snap);
      }

  for (guint t = 0; t < 2; t++)
    {
      g_free (step_map[t]);
      g_free (seg_map[t]);
    }
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
  g_return_val_if_fail (index < self->segments->len, 0);

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
  g_return_if_fail (index < self->segments->len);

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
