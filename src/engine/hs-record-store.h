/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-record-store.h: an append-only array of fixed-size records that keeps
 * most of them compressed, for traces of millions of segments.
 *
 * Records live in blocks of HS_RECORD_STORE_BLOCK. The newest blocks stay
 * as plain records, so a writer can still complete them; older ones are
 * sealed: a record is seen as 32-bit words, and each word is stored as the
 * difference from the same word of the last record with the same context
 * (such as the same sender), as a variable-length integer; a word that did
 * not change costs nothing but a bit. Blocks are encoded independently, so
 * any record can be read by decoding its block alone. */

#pragma once

#include <string.h>

#include <glib.h>

G_BEGIN_DECLS

#define HS_RECORD_STORE_BLOCK_SHIFT 8
#define HS_RECORD_STORE_BLOCK       (1u << HS_RECORD_STORE_BLOCK_SHIFT)
#define HS_RECORD_STORE_MAX_WORDS   32
#define HS_RECORD_STORE_CONTEXTS    64

/* How one kind of record is stored. @record_size is a multiple of 16
 * bytes, at most 4 * HS_RECORD_STORE_MAX_WORDS. Words are predicted from
 * the previous record with the same context, except those in
 * @overall_mask, which are predicted from the previous record whatever its
 * context (times and step numbers, which only grow). @to_stored, if not
 * NULL, rewrites a copy of a record before it is encoded, so that a field
 * can be stored relative to another or to the record's index (a time of
 * arrival as a delay, say, which rarely changes); @from_stored undoes it
 * exactly. Padding is stored as it is, so a record reads back byte for
 * byte. */
typedef struct _HsRecordPredictor HsRecordPredictor;

typedef struct
{
  gsize      record_size;
  guint32    overall_mask;
  guint    (*get_context) (const void *record);          /* < HS_RECORD_STORE_CONTEXTS */
  void     (*to_stored)   (void *record,
                           guint index);
  void     (*from_stored) (void *record,
                           guint index);
  /* FALSE while the writer may still change the record; a block is only
   * sealed once all its records are final. NULL: records are final once
   * a newer block has been started. */
  gboolean (*is_final)    (const void *record);
  /* NULL, or hs_record_encode_block() (hs-record-codec-private.h) with
   * this codec, in the codec's own file, where its functions can be
   * inlined. */
  gsize    (*encode)      (HsRecordPredictor *predictor,
                           guint              first_index,
                           const guint8      *records,
                           guint              n,
                           guint8            *out);
} HsRecordCodec;

typedef struct _HsRecordStore HsRecordStore;

/* What the inline functions below read: the start of every store. The
 * newest block's free records run from @next to @end while it is plain
 * (both NULL otherwise). Not to be touched. */
typedef struct
{
  guint   n_records;
  guint8 *next;
  guint8 *end;
} HsRecordStoreTail;

HsRecordStore *hs_record_store_new             (const HsRecordCodec *codec);
void           hs_record_store_free            (HsRecordStore       *store);
/* Appends a copy of @record; returns its index. */
guint          hs_record_store_append          (HsRecordStore       *store,
                                                const void          *record);
/* The record at @index. A sealed block is decoded on first reading and
 * kept decoded, so the pointer stays valid until the store is freed or
 * written to again. */
const void    *hs_record_store_get             (HsRecordStore       *store,
                                                guint                index);
/* The record, to be changed in place; its block is unsealed (and sealed
 * again once it is final and no longer among the newest). */
void          *hs_record_store_get_mutable     (HsRecordStore       *store,
                                                guint                index);
/* Copies the record at @index into @out without keeping a decoded block
 * beyond the last one read: for reading a long store from start to end. */
void           hs_record_store_read            (HsRecordStore       *store,
                                                guint                index,
                                                void                *out);
/* Seals every block whose records are all final, even the newest: the
 * writer is done. */
void           hs_record_store_seal            (HsRecordStore       *store);
/* Decodes every sealed block that is not decoded yet, so that
 * hs_record_store_get() only reads until the store is written to or
 * trimmed. */
void           hs_record_store_decode_all      (HsRecordStore       *store);
/* Frees the blocks decoded for reading. Pointers from
 * hs_record_store_get() are invalid afterwards. */
void           hs_record_store_trim            (HsRecordStore       *store);
/* Bytes the store holds: encoded blocks, plain and decoded blocks and the
 * block table. */
gsize          hs_record_store_get_memory_size (HsRecordStore       *store);

static inline guint
hs_record_store_get_length (HsRecordStore *store)
{
  return ((const HsRecordStoreTail *) store)->n_records;
}

/* As hs_record_store_append(), inline while the newest block has room:
 * the writer appends millions of records, and @record_size, a constant
 * at the call, turns the copy into a few moves. */
static inline guint
hs_record_store_append_sized (HsRecordStore *store,
                              const void    *record,
                              gsize          record_size)
{
  HsRecordStoreTail *tail = (HsRecordStoreTail *) store;

  if (G_LIKELY (tail->next != tail->end))
    {
      memcpy (tail->next, record, record_size);
      tail->next += record_size;
      return tail->n_records++;
    }
  return hs_record_store_append (store, record);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HsRecordStore, hs_record_store_free)

G_END_DECLS
