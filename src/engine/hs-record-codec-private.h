/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-record-codec-private.h: how a record store encodes a block, inline,
 * so that a codec can have its own copy with its pack function inlined
 * (HsRecordCodec.encode): encoding is most of what recording costs. */

#pragma once

#include <string.h>

#include "hs-record-store.h"

G_BEGIN_DECLS

/* The state of the predictors while a block is encoded or decoded. A
 * context's row is cleared the first time the block uses it, so that a
 * block costs nothing for the contexts it never meets. */
struct _HsRecordPredictor
{
  guint64 seen;
  guint64 overall[HS_RECORD_STORE_MAX_FIELDS];
  guint64 context[HS_RECORD_STORE_CONTEXTS][HS_RECORD_STORE_MAX_FIELDS];
};

static inline guint8 *
put_varint (guint8  *p,
            guint64  v)
{
  while (v >= 0x80)
    {
      *p++ = (guint8) (v | 0x80);
      v >>= 7;
    }
  *p++ = (guint8) v;
  return p;
}

static inline guint64
get_varint (const guint8 **pp)
{
  const guint8 *p = *pp;
  guint64 v = 0;
  guint shift = 0;

  for (;;)
    {
      guint8 b = *p++;

      v |= (guint64) (b & 0x7f) << shift;
      if ((b & 0x80) == 0)
        break;
      shift += 7;
    }
  *pp = p;
  return v;
}

static inline guint64
zigzag (guint64 d)
{
  return (d << 1) ^ (guint64) ((gint64) d >> 63);
}

static inline guint64
unzigzag (guint64 z)
{
  return (z >> 1) ^ (0 - (z & 1));
}

static inline guint64 *
predictor_row (HsRecordPredictor *pred,
               guint      context,
               guint      n_fields)
{
  guint64 bit = G_GUINT64_CONSTANT (1) << context;

  if ((pred->seen & bit) == 0)
    {
      memset (pred->context[context], 0, n_fields * sizeof (guint64));
      pred->seen |= bit;
    }
  return pred->context[context];
}

static inline gsize __attribute__ ((always_inline))
hs_record_encode_block (const HsRecordCodec *codec,
                        HsRecordPredictor   *pred,
                        guint                first_index,
                        const guint8        *records,
                        guint                n,
                        guint8              *out)
{
  guint n_fields = codec->n_fields;
  guint8 *p = out;

  pred->seen = 0;
  memset (pred->overall, 0, sizeof pred->overall);

  for (guint i = 0; i < n; i++)
    {
      const void *record = records + i * codec->record_size;
      guint context = codec->get_context (record);
      guint64 fields[HS_RECORD_STORE_MAX_FIELDS];
      guint64 deltas[HS_RECORD_STORE_MAX_FIELDS];
      guint64 *row = predictor_row (pred, context, n_fields);
      guint32 mask = 0;

      codec->pack (record, first_index + i, fields);
      /* every field against its context first, a loop without branches;
       * then the few predicted from the previous record over again */
      for (guint k = 0; k < n_fields; k++)
        {
          deltas[k] = fields[k] - row[k];
          row[k] = fields[k];
          mask |= (guint32) (deltas[k] != 0) << k;
        }
      for (guint32 om = codec->overall_mask; om != 0; om &= om - 1)
        {
          guint k = (guint) __builtin_ctz (om);

          deltas[k] = fields[k] - pred->overall[k];
          pred->overall[k] = fields[k];
          mask = (mask & ~(1u << k)) | (guint32) (deltas[k] != 0) << k;
        }

      p = put_varint (p, ((guint64) mask << 6) | context);
      while (mask != 0)
        {
          guint k = (guint) __builtin_ctz (mask);

          p = put_varint (p, zigzag (deltas[k]));
          mask &= mask - 1;
        }
    }

  return (gsize) (p - out);
}

G_END_DECLS
