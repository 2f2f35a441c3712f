/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-diagram-png.c: a PNG writer for the diagram's image surfaces, faster
 * than cairo's own: zlib's fastest level (a diagram is mostly flat
 * colour, which it still packs well), RGB without alpha when the image is
 * opaque, and the rows cut into strips deflated on both cores at once,
 * joined into one zlib stream as pigz does (each strip ends on a byte
 * boundary with a sync flush; the checksums are combined). */

#define G_LOG_DOMAIN "hs-diagram-png"

#include "config.h"

#include <string.h>
#include <zlib.h>

#include "hs-diagram-export-private.h"

#define STRIP_ROWS 512

typedef struct
{
  /* in */
  const guint8 *data;
  int           stride, width, row0, row1;
  gboolean      alpha;
  gboolean      last;
  int           level;
  /* out */
  GByteArray   *out;
  uLong         adler;
  uLong         raw_length;
  gboolean      failed;
} Strip;

typedef struct
{
  GMutex mutex;
  GCond  cond;
  guint  pending;
} Waiter;

/* One row as PNG wants it: a filter byte (Sub: each byte less the one a
 * pixel to its left, which turns a flat run into zeros), then RGB or
 * RGBA, not premultiplied. */
static void
filter_row (const guint32 *src,
            int            width,
            gboolean       alpha,
            guint8        *row)
{
  int bpp = alpha ? 4 : 3;
  guint8 *p = row + 1;
  guint8 last[4] = { 0, 0, 0, 0 };

  row[0] = 1;   /* Sub */
  for (int x = 0; x < width; x++)
    {
      guint32 v = src[x];
      guint8 px[4];
      guint a = v >> 24;

      if (!alpha || a == 255)   /* RGB24's unused byte is not read */
        {
          px[0] = (v >> 16) & 0xff;
          px[1] = (v >> 8) & 0xff;
          px[2] = v & 0xff;
          px[3] = 255;
        }
      else if (a == 0)
        px[0] = px[1] = px[2] = px[3] = 0;
      else
        {
          px[0] = (guint8) ((((v >> 16) & 0xff) * 255 + a / 2) / a);
          px[1] = (guint8) ((((v >> 8) & 0xff) * 255 + a / 2) / a);
          px[2] = (guint8) (((v & 0xff) * 255 + a / 2) / a);
          px[3] = (guint8) a;
        }
      for (int k = 0; k < bpp; k++)
        {
          *p++ = (guint8) (px[k] - last[k]);
          last[k] = px[k];
        }
    }
}

static void
deflate_strip (Strip *s)
{
  int bpp = s->alpha ? 4 : 3;
  gsize row_len = 1 + (gsize) s->width * bpp;
  g_autofree guint8 *row = g_malloc (row_len);
  guint8 buf[64 * 1024];
  z_stream z;

  memset (&z, 0, sizeof z);
  s->out = g_byte_array_new ();
  s->adler = adler32 (0, NULL, 0);
  /* raw deflate: the zlib header and trailer are written once, around
   * all the strips */
  if (deflateInit2 (&z, s->level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    {
      s->failed = TRUE;
      return;
    }

  for (int y = s->row0; y < s->row1; y++)
    {
      int flush = y + 1 < s->row1 ? Z_NO_FLUSH : s->last ? Z_FINISH : Z_SYNC_FLUSH;

      filter_row ((const guint32 *) (s->data + (gsize) y * s->stride), s->width, s->alpha, row);
      s->adler = adler32 (s->adler, row, row_len);
      s->raw_length += row_len;
      z.next_in = row;
      z.avail_in = row_len;
      do
        {
          int ret;

          z.next_out = buf;
          z.avail_out = sizeof buf;
          ret = deflate (&z, flush);
          if (ret == Z_STREAM_ERROR)
            {
              s->failed = TRUE;
              deflateEnd (&z);
              return;
            }
          g_byte_array_append (s->out, buf, sizeof buf - z.avail_out);
        }
      while (z.avail_out == 0 || z.avail_in > 0);
    }
  deflateEnd (&z);
}

static void
strip_job (gpointer data,
           gpointer user_data)
{
  Waiter *w = user_data;

  deflate_strip (data);
  g_mutex_lock (&w->mutex);
  w->pending--;
  g_cond_signal (&w->cond);
  g_mutex_unlock (&w->mutex);
}

static cairo_status_t
write_chunk (cairo_write_func_t  write,
             void               *closure,
             const char         *type,
             const guint8       *data,
             gsize               len)
{
  guint8 head[8];
  guint8 tail[4];
  uLong crc = crc32 (0, (const Bytef *) type, 4);
  cairo_status_t status;

  if (len > 0)
    crc = crc32 (crc, data, len);
  head[0] = (guint8) (len >> 24);
  head[1] = (guint8) (len >> 16);
  head[2] = (guint8) (len >> 8);
  head[3] = (guint8) len;
  memcpy (head + 4, type, 4);
  tail[0] = (guint8) (crc >> 24);
  tail[1] = (guint8) (crc >> 16);
  tail[2] = (guint8) (crc >> 8);
  tail[3] = (guint8) crc;

  if ((status = write (closure, head, 8)) != CAIRO_STATUS_SUCCESS)
    return status;
  if (len > 0 && (status = write (closure, data, len)) != CAIRO_STATUS_SUCCESS)
    return status;
  return write (closure, tail, 4);
}

/* Whether every pixel is opaque, as cairo's own writer asks before it
 * leaves the alpha out: a background fill can leave the last column of a
 * fractional width partly clear. */
static gboolean
is_opaque (const guint8 *data,
           int           width,
           int           height,
           int           stride)
{
  for (int y = 0; y < height; y++)
    {
      const guint32 *row = (const guint32 *) (data + (gsize) y * stride);
      guint32 all = 0xffffffff;

      for (int x = 0; x < width; x++)
        all &= row[x];
      if ((all >> 24) != 0xff)
        return FALSE;
    }
  return TRUE;
}

cairo_status_t
hs_diagram_png_write (cairo_surface_t    *surface,
                      int                 level,
                      cairo_write_func_t  write,
                      void               *closure)
{
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  int width, height, stride, n_strips;
  const guint8 *data;
  g_autofree Strip *strips = NULL;
  GThreadPool *pool;
  Waiter waiter;
  guint8 ihdr[13];
  guint8 zhead[2] = { 0x78, 0x01 };
  guint8 trailer[4];
  gboolean opaque;
  uLong adler;
  cairo_status_t status;

  g_return_val_if_fail (cairo_image_surface_get_format (surface) == CAIRO_FORMAT_ARGB32 ||
                        cairo_image_surface_get_format (surface) == CAIRO_FORMAT_RGB24,
                        CAIRO_STATUS_INVALID_FORMAT);

  cairo_surface_flush (surface);
  width = cairo_image_surface_get_width (surface);
  height = cairo_image_surface_get_height (surface);
  stride = cairo_image_surface_get_stride (surface);
  data = cairo_image_surface_get_data (surface);
  if (width <= 0 || height <= 0 || data == NULL)
    return CAIRO_STATUS_INVALID_SIZE;

  opaque = cairo_image_surface_get_format (surface) == CAIRO_FORMAT_RGB24 ||
           is_opaque (data, width, height, stride);
  n_strips = (height + STRIP_ROWS - 1) / STRIP_ROWS;
  strips = g_new0 (Strip, n_strips);
  for (int i = 0; i < n_strips; i++)
    {
      strips[i].data = data;
      strips[i].stride = stride;
      strips[i].width = width;
      strips[i].row0 = i * STRIP_ROWS;
      strips[i].row1 = MIN (height, (i + 1) * STRIP_ROWS);
      strips[i].alpha = !opaque;
      strips[i].last = i == n_strips - 1;
      strips[i].level = level;
    }

  /* the strips on as many threads as there are cores, the first on this
   * one while the pool starts */
  g_mutex_init (&waiter.mutex);
  g_cond_init (&waiter.cond);
  waiter.pending = n_strips - 1;
  pool = n_strips > 1 ? g_thread_pool_new (strip_job, &waiter, MAX (1, (int) g_get_num_processors ()), FALSE, NULL)
                      : NULL;
  for (int i = 1; i < n_strips; i++)
    g_thread_pool_push (pool, &strips[i], NULL);
  deflate_strip (&strips[0]);
  g_mutex_lock (&waiter.mutex);
  while (waiter.pending > 0)
    g_cond_wait (&waiter.cond, &waiter.mutex);
  g_mutex_unlock (&waiter.mutex);
  if (pool != NULL)
    g_thread_pool_free (pool, FALSE, TRUE);
  g_mutex_clear (&waiter.mutex);
  g_cond_clear (&waiter.cond);

  ihdr[0] = (guint8) (width >> 24);
  ihdr[1] = (guint8) (width >> 16);
  ihdr[2] = (guint8) (width >> 8);
  ihdr[3] = (guint8) width;
  ihdr[4] = (guint8) (height >> 24);
  ihdr[5] = (guint8) (height >> 16);
  ihdr[6] = (guint8) (height >> 8);
  ihdr[7] = (guint8) height;
  ihdr[8] = 8;                      /* bits per channel */
  ihdr[9] = opaque ? 2 : 6;         /* RGB or RGBA */
  ihdr[10] = ihdr[11] = ihdr[12] = 0;

  status = write (closure, signature, sizeof signature);
  if (status == CAIRO_STATUS_SUCCESS)
    status = write_chunk (write, closure, "IHDR", ihdr, sizeof ihdr);
  if (status == CAIRO_STATUS_SUCCESS)
    status = write_chunk (write, closure, "IDAT", zhead, sizeof zhead);

  adler = adler32 (0, NULL, 0);
  for (int i = 0; i < n_strips; i++)
    {
      if (strips[i].failed)
        status = CAIRO_STATUS_NO_MEMORY;
      if (status == CAIRO_STATUS_SUCCESS)
        status = write_chunk (write, closure, "IDAT", strips[i].out->data, strips[i].out->len);
      adler = adler32_combine (adler, strips[i].adler, strips[i].raw_length);
      if (strips[i].out != NULL)
        g_byte_array_unref (strips[i].out);
    }

  trailer[0] = (guint8) (adler >> 24);
  trailer[1] = (guint8) (adler >> 16);
  trailer[2] = (guint8) (adler >> 8);
  trailer[3] = (guint8) adler;
  if (status == CAIRO_STATUS_SUCCESS)
    status = write_chunk (write, closure, "IDAT", trailer, sizeof trailer);
  if (status == CAIRO_STATUS_SUCCESS)
    status = write_chunk (write, closure, "IEND", NULL, 0);

  return status;
}
