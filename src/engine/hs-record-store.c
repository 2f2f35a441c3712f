/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-record-store.c: blocks of records, the older ones delta-encoded. */

#define G_LOG_DOMAIN "hs-record-store"

#include "config.h"

#include <string.h>

#include <glib.h>
#ifdef G_OS_UNIX
#include <sys/mman.h>
#include <unistd.h>
#endif

#include "hs-record-codec-private.h"
#include "hs-record-store.h"

#define BLOCK_MASK (HS_RECORD_STORE_BLOCK - 1)
/* the worst a record can take: its header, 10 bytes, and every word, 5 */
#define MAX_RECORD_BYTES (10 + HS_RECORD_STORE_MAX_WORDS * 5)
/* blocks are sealed one at a time, so a few spares are enough */
#define MAX_SPARES 4
/* Encoded blocks are packed into chunks that grow with the store, up to
 * the size of a huge page; see chunk_new(). */
#define MIN_CHUNK  ((gsize) 4096)
#define HUGE_CHUNK ((gsize) 2 * 1024 * 1024)
#define SMALL_CHUNKS ((gsize) 64 * 1024)

typedef struct
{
  guint8   *data;
  gsize     size;
  gsize     used;
  gboolean  huge;    /* aligned to a huge page */
} Chunk;

typedef struct
{
  guint8   *bytes;     /* the encoding, in a chunk; NULL while the block is
                        * plain */
  guint8   *records;   /* plain records: the block while it is open, or a
                        * decoded copy of a sealed block that was read */
  guint32   n_bytes;
} Block;

struct _HsRecordStore
{
  HsRecordStoreTail    tail;         /* first: read by the inline functions */
  const HsRecordCodec *codec;
  Block               *blocks;
  guint                n_blocks;
  guint                blocks_allocated;
  GArray              *open;         /* guint: blocks not sealed, oldest first */
  guint8              *scratch;      /* MAX_RECORD_BYTES per record of a block */
  GArray              *chunks;       /* Chunk, the newest last */
  gsize                chunked;      /* bytes of all chunks */
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
  return MIN (HS_RECORD_STORE_BLOCK, store->tail.n_records - block * HS_RECORD_STORE_BLOCK);
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
  guint n_words = (guint) (codec->record_size / 4);
  guint n = block_length (store, block);
  HsRecordPredictor *pred = get_predictor (store);
  const guint8 *p = b->bytes;

  pred->seen = 0;
  memset (pred->overall, 0, n_words * sizeof (guint32));

  for (guint i = 0; i < n; i++)
    {
      guint64 header = get_varint (&p);
      guint context = header & (HS_RECORD_STORE_CONTEXTS - 1);
      guint32 *row = predictor_row (pred, context, n_words);
      guint32 mask = (guint32) (header >> 6) ^ pred->last_mask[context];
      guint8 *record = records + i * codec->record_size;

      pred->last_mask[context] = mask;
      row_from_overall (codec, pred, row);
      for (; mask != 0; mask &= mask - 1)
        {
          guint k = (guint) __builtin_ctz (mask);

          row[k] += unzigzag ((guint32) get_varint (&p));
        }
      overall_from_row (codec, pred, row);
      memcpy (record, row, codec->record_size);
      if (codec->from_stored != NULL)
        codec->from_stored (record, block * HS_RECORD_STORE_BLOCK + i);
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

/* A chunk of @size bytes. Whole huge pages are asked for where they are
 * to be had: a trace of millions of segments grows by tens of megabytes,
 * and on a virtual machine faulting that in 4 KiB at a time cost as much
 * as a seventh of the simulation. */
static void
chunk_new (HsRecordStore *store,
           gsize          size)
{
  Chunk chunk = { NULL, size, 0, size >= HUGE_CHUNK };

  if (chunk.huge)
    {
      chunk.data = g_aligned_alloc (1, size, HUGE_CHUNK);
#if defined(G_OS_UNIX) && defined(MADV_HUGEPAGE)
      /* only a hint: where huge pages are off, nothing changes */
      (void) madvise (chunk.data, size, MADV_HUGEPAGE);
#endif
    }
  else
    chunk.data = g_malloc (size);
  g_array_append_val (store->chunks, chunk);
  store->chunked += size;
}

/* Copies @n_bytes of encoding into the newest chunk, or a new one: each
 * chunk as large as all before it, and a huge page as soon as the store
 * has more than SMALL_CHUNKS, so that a long trace soon has all its new
 * memory in huge pages. hs_record_store_seal() gives back what the last
 * chunk did not use. */
static guint8 *
chunk_store (HsRecordStore *store,
             const guint8  *bytes,
             gsize          n_bytes)
{
  Chunk *chunk = store->chunks->len > 0 ?
                 &g_array_index (store->chunks, Chunk, store->chunks->len - 1) : NULL;
  guint8 *p;

  if (chunk == NULL || chunk->size - chunk->used < n_bytes)
    {
      gsize size = MIN_CHUNK;

      if (store->chunked >= SMALL_CHUNKS)
        size = HUGE_CHUNK;
      while (size < HUGE_CHUNK && (size < store->chunked || size < n_bytes))
        size *= 2;
      chunk_new (store, MAX (size, n_bytes));
      chunk = &g_array_index (store->chunks, Chunk, store->chunks->len - 1);
    }
  p = chunk->data + chunk->used;
  memcpy (p, bytes, n_bytes);
  chunk->used += n_bytes;
  return p;
}

static void
clear_chunk (gpointer data)
{
  Chunk *chunk = data;

  if (chunk->huge)
    g_aligned_free (chunk->data);
  else
    g_free (chunk->data);
}

/* Gives back what the newest chunk did not use. A huge chunk hands its
 * unused pages back to the system where it can, in place: copying a
 * megabyte or two into new memory would fault it all in again, page by
 * page. Otherwise the encodings move into a chunk of just their size. */
static void
shrink_last_chunk (HsRecordStore *store)
{
  Chunk *chunk;
  guint8 *data;

  if (store->chunks->len == 0)
    return;
  chunk = &g_array_index (store->chunks, Chunk, store->chunks->len - 1);
  if (chunk->used == chunk->size || chunk->used == 0)
    return;

#if defined(G_OS_UNIX) && defined(MADV_DONTNEED)
  if (chunk->huge)
    {
      gsize page = (gsize) sysconf (_SC_PAGESIZE);
      gsize keep = (chunk->used + page - 1) / page * page;

      if (keep < chunk->size &&
          madvise (chunk->data + keep, chunk->size - keep, MADV_DONTNEED) == 0)
        {
          store->chunked -= chunk->size - keep;
          chunk->size = keep;
        }
      return;
    }
#endif

  data = g_memdup2 (chunk->data, chunk->used);
  for (guint i = 0; i < store->n_blocks; i++)
    {
      Block *b = &store->blocks[i];

      if ((guintptr) b->bytes - (guintptr) chunk->data < chunk->used)
        b->bytes = data + (b->bytes - chunk->data);
    }
  clear_chunk (chunk);
  store->chunked -= chunk->size - chunk->used;
  chunk->data = data;
  chunk->size = chunk->used;
  chunk->huge = FALSE;
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
  b->bytes = chunk_store (store, store->scratch, n_bytes);
  b->n_bytes = (guint32) n_bytes;
  recycle_records (store, b);
  if (block == store->n_blocks - 1)
    store->tail.next = store->tail.end = NULL;
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
      /* its encoding stays in the chunk, unused */
      b->bytes = NULL;
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
  g_return_val_if_fail (codec->record_size > 0 && codec->record_size % 16 == 0 &&
                        codec->record_size <= 4 * HS_RECORD_STORE_MAX_WORDS, NULL);
  g_return_val_if_fail ((codec->to_stored == NULL) == (codec->from_stored == NULL), NULL);

  store = g_new0 (HsRecordStore, 1);
  store->codec = codec;
  store->open = g_array_new (FALSE, FALSE, sizeof (guint));
  store->read_block = G_MAXUINT;
  store->spares = g_ptr_array_new_with_free_func (g_free);
  store->chunks = g_array_new (FALSE, FALSE, sizeof (Chunk));
  g_array_set_clear_func (store->chunks, clear_chunk);
  return store;
}

void
hs_record_store_free (HsRecordStore *store)
{
  if (store == NULL)
    return;

  for (guint i = 0; i < store->n_blocks; i++)
    g_free (store->blocks[i].records);
  g_free (store->blocks);
  g_array_unref (store->open);
  g_free (store->scratch);
  g_array_unref (store->chunks);
  g_free (store->read_records);
  g_ptr_array_unref (store->spares);
  g_free (store->predictor);
  g_free (store);
}

guint
hs_record_store_append (HsRecordStore *store,
                        const void    *record)
{
  guint index = store->tail.n_records;
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

  store->tail.n_records++;
  memcpy (b->records + (index & BLOCK_MASK) * store->codec->record_size, record,
          store->codec->record_size);
  /* the rest of this block is for hs_record_store_append_sized(), short
   * of the last indexes, which are left to the check above */
  if (index < G_MAXUINT - 2 * HS_RECORD_STORE_BLOCK)
    {
      store->tail.next = b->records + ((index & BLOCK_MASK) + 1) * store->codec->record_size;
      store->tail.end = b->records + block_bytes (store);
    }
  return index;
}

const void *
hs_record_store_get (HsRecordStore *store,
                     guint          index)
{
  Block *b;

  g_return_val_if_fail (index < store->tail.n_records, NULL);

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

  g_return_val_if_fail (index < store->tail.n_records, NULL);

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

  g_return_if_fail (index < store->tail.n_records);

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
  shrink_last_chunk (store);
  /* writing may go on, but rarely does */
  g_clear_pointer (&store->scratch, g_free);
  g_ptr_array_set_size (store->spares, 0);
  g_clear_pointer (&store->predictor, g_free);
}

void
hs_record_store_decode_all (HsRecordStore *store)
{
  for (guint i = 0; i < store->n_blocks; i++)
    {
      Block *b = &store->blocks[i];

      if (b->records == NULL)
        {
          b->records = g_malloc (block_bytes (store));
          decode_block (store, i, b->records);
        }
    }
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
               store->open->len * sizeof (guint) + store->chunked;

  for (guint i = 0; i < store->n_blocks; i++)
    if (store->blocks[i].records != NULL)
      size += block_bytes (store);
  if (store->scratch != NULL)
    size += HS_RECORD_STORE_BLOCK * MAX_RECORD_BYTES;
  if (store->read_records != NULL)
    size += block_bytes (store);
  size += store->spares->len * block_bytes (store);
  if (store->predictor != NULL)
    size += sizeof (HsRecordPredictor);
  return size;
}
