/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-record-store.c: blocks of records, the older ones delta-encoded. */

#define G_LOG_DOMAIN "hs-record-store"

#include "config.h"

#include <string.h>

#include "hs-record-codec-private.h"
#include "hs-record-store.h"

#define BLOCK_MASK (HS_RECORD_STORE_BLOCK - 1)
/* the worst a record can take: its header and every field, 10 bytes each */
#define MAX_RECORD_BYTES ((HS_RECORD_STORE_MAX_FIELDS + 1) * 10)
/* blocks are sealed one at a time, so a few spares are enough */
#define MAX_SPARES 4

typedef struct
{
  guint8   *bytes;     /* the encoding; NULL while the block is plain */
  guint8   *records;   /* plain records: the block while it is open, or a
                        * decoded copy of a sealed block that was read */
  guint32   n_bytes;
} Block;

struct _HsRecordStore
{
  const HsRecordCodec *codec;
  guint                n_records;
  Block               *blocks;
  guint                n_blocks;
  guint                blocks_allocated;
  GArray              *open;         /* guint: blocks not sealed, oldest first */
  guint8              *scratch;      /* MAX_RECORD_BYTES per record of a block */
  guint                read_block;   /* whose records read_records holds */
  guint8              *read_records; /* hs_record_store_read()'s decoded block */
  GPtrArray           *spares;       /* records of blocks sealed since, newest
                                      * last: the next block opened reuses the
                                      * one most likely still in the cache */
  HsRecordPredictor   *predictor;
};

static inline guint
block_length (HsRecordStore *store,
              guint          block)
{
  return MIN (HS_RECORD_STORE_BLOCK, store->n_records - block * HS_RECORD_STORE_BLOCK);
}

static HsRecordPredictor *
get_predictor (HsRecordStore *store)
{
  if (store->predictor == NULL)
    store->predictor = g_new (HsRecordPredictor, 1);
  return store->predictor;
}

static void
decode_block (HsRecordStore *store,
              guint          block,
              guint8        *records)
{
  const HsRecordCodec *codec = store->codec;
  const Block *b = &store->blocks[block];
  guint n_fields = codec->n_fields;
  guint n = block_length (store, block);
  HsRecordPredictor *pred = get_predictor (store);
  const guint8 *p = b->bytes;

  pred->seen = 0;
  memset (pred->overall, 0, sizeof pred->overall);
  /* padding included, so that decoded records compare equal bytewise */
  memset (records, 0, n * codec->record_size);

  for (guint i = 0; i < n; i++)
    {
      guint64 header = get_varint (&p);
      guint context = header & (HS_RECORD_STORE_CONTEXTS - 1);
      guint32 mask = (guint32) (header >> 6);
      guint64 fields[HS_RECORD_STORE_MAX_FIELDS];
      guint64 *row = predictor_row (pred, context, n_fields);

      for (guint k = 0; k < n_fields; k++)
        {
          gboolean overall = (codec->overall_mask >> k) & 1;
          guint64 value = overall ? pred->overall[k] : row[k];

          if ((mask >> k) & 1)
            value += unzigzag (get_varint (&p));
          fields[k] = value;
          /* as the encoder: each field updates the predictor it uses */
          row[k] = value;
          if (overall)
            pred->overall[k] = value;
        }
      codec->unpack (fields, block * HS_RECORD_STORE_BLOCK + i,
                     records + i * codec->record_size);
    }

  g_assert ((gsize) (p - b->bytes) == b->n_bytes);
}

static inline gsize
block_bytes (HsRecordStore *store)
{
  return HS_RECORD_STORE_BLOCK * store->codec->record_size;
}

static gboolean
block_is_final (HsRecordStore *store,
                guint          block)
{
  const Block *b = &store->blocks[block];
  guint n = block_length (store, block);

  if (store->codec->is_final == NULL)
    return TRUE;
  for (guint i = 0; i < n; i++)
    if (!store->codec->is_final (b->records + i * store->codec->record_size))
      return FALSE;
  return TRUE;
}

static void
recycle_records (HsRecordStore *store,
                 Block         *b)
{
  if (store->spares->len < MAX_SPARES)
    g_ptr_array_add (store->spares, g_steal_pointer (&b->records));
  else
    g_clear_pointer (&b->records, g_free);
}

static void
seal_block (HsRecordStore *store,
            guint          block)
{
  Block *b = &store->blocks[block];
  guint n = block_length (store, block);
  gsize n_bytes;

  if (store->scratch == NULL)
    store->scratch = g_malloc (HS_RECORD_STORE_BLOCK * MAX_RECORD_BYTES);
  if (store->codec->encode != NULL)
    n_bytes = store->codec->encode (get_predictor (store), block * HS_RECORD_STORE_BLOCK,
                                    b->records, n, store->scratch);
  else
    n_bytes = hs_record_encode_block (store->codec, get_predictor (store), block * HS_RECORD_STORE_BLOCK,
                                      b->records, n, store->scratch);
  b->bytes = g_memdup2 (store->scratch, n_bytes);
  b->n_bytes = (guint32) n_bytes;
  recycle_records (store, b);
}

/* Seals the open blocks before @keep_from whose records are final. */
static void
seal_open_blocks (HsRecordStore *store,
                  guint          keep_from)
{
  guint j = 0;

  for (guint i = 0; i < store->open->len; i++)
    {
      guint block = g_array_index (store->open, guint, i);

      if (block < keep_from && block_is_final (store, block))
        seal_block (store, block);
      else
        g_array_index (store->open, guint, j++) = block;
    }
  g_array_set_size (store->open, j);
}

static void
open_block (HsRecordStore *store,
            guint          block)
{
  Block *b = &store->blocks[block];

  if (b->bytes != NULL)
    {
      if (b->records == NULL)
        {
          b->records = g_malloc (block_bytes (store));
          decode_block (store, block, b->records);
        }
      g_clear_pointer (&b->bytes, g_free);
      b->n_bytes = 0;
      if (store->read_block == block)
        store->read_block = G_MAXUINT;
    }
  else if (b->records != NULL)
    {
      for (guint i = 0; i < store->open->len; i++)
        if (g_array_index (store->open, guint, i) == block)
          return;
    }
  else if (store->spares->len > 0)
    b->records = g_ptr_array_steal_index_fast (store->spares, store->spares->len - 1);
  else
    /* only what is appended is ever read */
    b->records = g_malloc (block_bytes (store));

  /* keep the list oldest first */
  {
    guint i = store->open->len;

    g_array_append_val (store->open, block);
    while (i > 0 && g_array_index (store->open, guint, i - 1) > block)
      {
        g_array_index (store->open, guint, i) = g_array_index (store->open, guint, i - 1);
        i--;
      }
    g_array_index (store->open, guint, i) = block;
  }
}

HsRecordStore *
hs_record_store_new (const HsRecordCodec *codec)
{
  HsRecordStore *store;

  g_return_val_if_fail (codec != NULL, NULL);
  g_return_val_if_fail (codec->n_fields > 0 && codec->n_fields <= HS_RECORD_STORE_MAX_FIELDS, NULL);

  store = g_new0 (HsRecordStore, 1);
  store->codec = codec;
  store->open = g_array_new (FALSE, FALSE, sizeof (guint));
  store->read_block = G_MAXUINT;
  store->spares = g_ptr_array_new_with_free_func (g_free);
  return store;
}

void
hs_record_store_free (HsRecordStore *store)
{
  if (store == NULL)
    return;

  for (guint i = 0; i < store->n_blocks; i++)
    {
      g_free (store->blocks[i].bytes);
      g_free (store->blocks[i].records);
    }
  g_free (store->blocks);
  g_array_unref (store->open);
  g_free (store->scratch);
  g_free (store->read_records);
  g_ptr_array_unref (store->spares);
  g_free (store->predictor);
  g_free (store);
}

guint
hs_record_store_get_length (HsRecordStore *store)
{
  return store->n_records;
}

guint
hs_record_store_append (HsRecordStore *store,
                        const void    *record)
{
  guint index = store->n_records;
  guint block = index >> HS_RECORD_STORE_BLOCK_SHIFT;
  Block *b;

  g_return_val_if_fail (index < G_MAXUINT - 1, G_MAXUINT);

  if (block == store->n_blocks)
    {
      if (store->n_blocks == store->blocks_allocated)
        {
          store->blocks_allocated = MAX (16, store->blocks_allocated * 2);
          store->blocks = g_renew (Block, store->blocks, store->blocks_allocated);
        }
      memset (&store->blocks[block], 0, sizeof (Block));
      store->n_blocks++;
      open_block (store, block);
      /* the newest two blocks stay plain for the writer */
      if (block >= 2)
        seal_open_blocks (store, block - 1);
    }

  b = &store->blocks[block];
  if (b->bytes != NULL)
    /* a partial block sealed by hs_record_store_seal() */
    open_block (store, block);

  store->n_records++;
  memcpy (b->records + (index & BLOCK_MASK) * store->codec->record_size, record,
          store->codec->record_size);
  return index;
}

const void *
hs_record_store_get (HsRecordStore *store,
                     guint          index)
{
  Block *b;

  g_return_val_if_fail (index < store->n_records, NULL);

  b = &store->blocks[index >> HS_RECORD_STORE_BLOCK_SHIFT];
  if (b->records == NULL)
    {
      b->records = g_malloc (block_bytes (store));
      decode_block (store, index >> HS_RECORD_STORE_BLOCK_SHIFT, b->records);
    }
  return b->records + (index & BLOCK_MASK) * store->codec->record_size;
}

void *
hs_record_store_get_mutable (HsRecordStore *store,
                             guint          index)
{
  Block *b;

  g_return_val_if_fail (index < store->n_records, NULL);

  b = &store->blocks[index >> HS_RECORD_STORE_BLOCK_SHIFT];
  if (b->bytes != NULL)
    open_block (store, index >> HS_RECORD_STORE_BLOCK_SHIFT);
  return b->records + (index & BLOCK_MASK) * store->codec->record_size;
}

void
hs_record_store_read (HsRecordStore *store,
                      guint          index,
                      void          *out)
{
  guint block = index >> HS_RECORD_STORE_BLOCK_SHIFT;
  const guint8 *records;

  g_return_if_fail (index < store->n_records);

  if (store->blocks[block].records != NULL)
    records = store->blocks[block].records;
  else
    {
      if (store->read_block != block)
        {
          if (store->read_records == NULL)
            store->read_records = g_malloc (block_bytes (store));
          decode_block (store, block, store->read_records);
          store->read_block = block;
        }
      records = store->read_records;
    }
  memcpy (out, records + (index & BLOCK_MASK) * store->codec->record_size, store->codec->record_size);
}

void
hs_record_store_seal (HsRecordStore *store)
{
  seal_open_blocks (store, G_MAXUINT);
  /* writing may go on, but rarely does */
  g_clear_pointer (&store->scratch, g_free);
  g_ptr_array_set_size (store->spares, 0);
  g_clear_pointer (&store->predictor, g_free);
}

void
hs_record_store_trim (HsRecordStore *store)
{
  for (guint i = 0; i < store->n_blocks; i++)
    if (store->blocks[i].bytes != NULL)
      g_clear_pointer (&store->blocks[i].records, g_free);
  g_clear_pointer (&store->read_records, g_free);
  g_clear_pointer (&store->predictor, g_free);
  store->read_block = G_MAXUINT;
}

gsize
hs_record_store_get_memory_size (HsRecordStore *store)
{
  gsize size = sizeof (HsRecordStore) + store->blocks_allocated * sizeof (Block) +
               store->open->len * sizeof (guint);

  for (guint i = 0; i < store->n_blocks; i++)
    {
      size += store->blocks[i].n_bytes;
      if (store->blocks[i].records != NULL)
        size += block_bytes (store);
    }
  if (store->scratch != NULL)
    size += HS_RECORD_STORE_BLOCK * MAX_RECORD_BYTES;
  if (store->read_records != NULL)
    size += block_bytes (store);
  size += store->spares->len * block_bytes (store);
  if (store->predictor != NULL)
    size += sizeof (HsRecordPredictor);
  return size;
}
