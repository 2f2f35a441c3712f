/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-record-codec-private.h: how a record store encodes a block, inline,
 * so that a codec can have its own copy with its transform inlined
 * (HsRecordCodec.encode): encoding is most of what recording costs. */

#pragma once

#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "hs-record-store.h"

G_BEGIN_DECLS

/* The state of the predictors while a block is encoded or decoded. A
 * context's row is cleared the first time the block uses it, so that a
 * block costs nothing for the contexts it never meets. */
struct _HsRecordPredictor
{
  guint64 seen;
  guint32 last_mask[HS_RECORD_STORE_CONTEXTS];
  guint32 overall[HS_RECORD_STORE_MAX_WORDS] __attribute__ ((aligned (16)));
  guint32 context[HS_RECORD_STORE_CONTEXTS][HS_RECORD_STORE_MAX_WORDS] __attribute__ ((aligned (16)));
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

static inline guint32
zigzag (guint32 d)
{
  return (d << 1) ^ (guint32) ((gint32) d >> 31);
}

static inline guint32
unzigzag (guint32 z)
{
  return (z >> 1) ^ (0 - (z & 1));
}

static inline guint32 *
predictor_row (HsRecordPredictor *pred,
               guint              context,
               guint              n_words)
{
  guint64 bit = G_GUINT64_CONSTANT (1) << context;

  if ((pred->seen & bit) == 0)
    {
      memset (pred->context[context], 0, n_words * sizeof (guint32));
      pred->last_mask[context] = 0;
      pred->seen |= bit;
    }
  return pred->context[context];
}

/* The words predicted from the previous record whatever its context
 * (times and step numbers) take their prediction from it: they are put
 * in @row before a record is diffed or rebuilt against it, and taken from
 * @row afterwards. The encoder and the decoder must do the same. */
static inline void
row_from_overall (const HsRecordCodec     *codec,
                  const HsRecordPredictor *pred,
                  guint32                 *row)
{
  for (guint32 om = codec->overall_mask; om != 0; om &= om - 1)
    {
      guint k = (guint) __builtin_ctz (om);

      row[k] = pred->overall[k];
    }
}

static inline void
overall_from_row (const HsRecordCodec *codec,
                  HsRecordPredictor   *pred,
                  const guint32       *row)
{
  for (guint32 om = codec->overall_mask; om != 0; om &= om - 1)
    {
      guint k = (guint) __builtin_ctz (om);

      pred->overall[k] = row[k];
    }
}

/* Each word of @cur less the same word of @row, into @deltas; @row
 * becomes @cur. Returns the mask of the words that changed. Four words at
 * a time where the processor has the instructions for it. */
static inline guint32 __attribute__ ((always_inline))
diff_words (const guint32 *cur,
            guint32       *row,
            guint32       *deltas,
            guint          n_words)
{
#if defined(__SSE2__)
  guint32 same = 0;

#pragma GCC unroll 8
  for (guint v = 0; v < n_words / 4; v++)
    {
      __m128i c = _mm_loadu_si128 ((const __m128i *) (cur + 4 * v));
      __m128i r = _mm_load_si128 ((const __m128i *) (row + 4 * v));
      __m128i d = _mm_sub_epi32 (c, r);

      _mm_store_si128 ((__m128i *) (row + 4 * v), c);
      _mm_store_si128 ((__m128i *) (deltas + 4 * v), d);
      same |= (guint32) _mm_movemask_ps (_mm_castsi128_ps (_mm_cmpeq_epi32 (d, _mm_setzero_si128 ()))) << (4 * v);
    }
  return ~same & (guint32) ((G_GUINT64_CONSTANT (1) << n_words) - 1);
#else
  guint32 mask = 0;

#pragma GCC unroll 32
  for (guint k = 0; k < n_words; k++)
    {
      guint32 c;

      memcpy (&c, cur + k, sizeof c);
      deltas[k] = c - row[k];
      row[k] = c;
      mask |= (guint32) (deltas[k] != 0) << k;
    }
  return mask;
#endif
}

static inline gsize __attribute__ ((always_inline))
hs_record_encode_block (const HsRecordCodec *codec,
                        HsRecordPredictor   *pred,
                        guint                first_index,
                        const guint8        *records,
                        guint                n,
                        guint8              *out)
{
  const guint n_words = (guint) (codec->record_size / 4);
  guint8 *p = out;

  pred->seen = 0;
  memset (pred->overall, 0, n_words * sizeof (guint32));

  for (guint i = 0; i < n; i++)
    {
      const guint8 *record = records + i * codec->record_size;
      guint32 stored[HS_RECORD_STORE_MAX_WORDS] __attribute__ ((aligned (16)));
      guint32 deltas[HS_RECORD_STORE_MAX_WORDS] __attribute__ ((aligned (16)));
      guint context = codec->get_context (record);
      guint32 *row = predictor_row (pred, context, n_words);
      const guint32 *cur;
      guint32 mask;

      if (codec->to_stored != NULL)
        {
          memcpy (stored, record, codec->record_size);
          codec->to_stored (stored, first_index + i);
          cur = stored;
        }
      else
        cur = (const guint32 *) record;

      row_from_overall (codec, pred, row);
      mask = diff_words (cur, row, deltas, n_words);
      overall_from_row (codec, pred, row);

      /* records of a context tend to change the same words each time */
      p = put_varint (p, ((guint64) (mask ^ pred->last_mask[context]) << 6) | context);
      pred->last_mask[context] = mask;
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
