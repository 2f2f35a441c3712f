/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-capture-reader.c: reads a pcap or pcapng file with libpcap, one
 * packet at a time, groups TCP segments into connections as Wireshark
 * does, and keeps only the chosen connection's segments.
 *
 * Over 1,000 lines as one file: reading, the checks of each record's
 * header and time stamp, and the table of connections share one loop and
 * one way of reporting damage at the packet where it is found. */

#define G_LOG_DOMAIN "hs-capture"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <pcap/pcap.h>

#include "hs-capture-private.h"
#include "hs-capture-reader.h"
#include "hs-error.h"

/* How often the reading loop reports progress and looks for cancellation. */
#define PROGRESS_EVERY 16384

struct _HsCaptureFile
{
  GObject     parent_instance;

  /* owned */
  char       *path;
  GPtrArray  *streams;        /* HsCaptureStream */
  GError     *warning;
  char       *link_type;

  /* plain state */
  guint64     n_packets;
  gboolean    scanned;
};

G_DEFINE_FINAL_TYPE (HsCaptureFile, hs_capture_file, G_TYPE_OBJECT)

/* ------------------------------------------------------------ streams -- */

void
hs_capture_stream_free (HsCaptureStream *stream)
{
  if (stream == NULL)
    return;

  g_free (stream->client_address);
  g_free (stream->server_address);
  g_free (stream);
}

HsCaptureStream *
hs_capture_stream_copy (const HsCaptureStream *stream)
{
  HsCaptureStream *copy;

  g_return_val_if_fail (stream != NULL, NULL);

  copy = g_memdup2 (stream, sizeof *stream);
  copy->client_address = g_strdup (stream->client_address);
  copy->server_address = g_strdup (stream->server_address);

  return copy;
}

char *
hs_capture_stream_to_line (const HsCaptureStream *stream)
{
  g_autofree char *client = NULL;
  g_autofree char *server = NULL;
  const char *end;

  g_return_val_if_fail (stream != NULL, NULL);

  client = hs_capture_format_endpoint (stream->client_address, stream->client_port);
  server = hs_capture_format_endpoint (stream->server_address, stream->server_port);

  if (stream->has_close)
    end = "close";
  else if (stream->has_reset)
    end = "reset";
  else
    end = "open";

  return g_strdup_printf ("%u\t%s -> %s\t%" G_GUINT64_FORMAT " packets\t%" G_GUINT64_FORMAT " bytes\t"
                          "%" G_GINT64_FORMAT ".%06" G_GINT64_FORMAT " s\t%s %s",
                          stream->index, client, server,
                          stream->n_packets, stream->n_bytes,
                          stream->duration / HS_USEC_PER_SEC, stream->duration % HS_USEC_PER_SEC,
                          stream->has_handshake ? "handshake" : "no-handshake",
                          end);
}

/* -------------------------------------------------------- connections -- */

/* The four-tuple with the lower (address, port) first, so that both
 * directions find the same connection. */
#define KEY_LEN 40

typedef struct
{
  guint8   family;
  guint8   addr[2][16];       /* [0]: the sender of the first packet */
  guint16  port[2];

  /* what Wireshark's conversation needs to tell a new connection */
  gboolean base_set[2];
  guint32  base_seq[2];

  /* for the listing */
  gboolean syn_seen[2];
  guint32  isn[2];
  gboolean syn_acked[2];
  gboolean fin_seen[2];
  guint32  fin_next[2];
  gboolean fin_acked[2];
  gboolean rst;
  gint     first_syn_dir;
  gint     first_synack_dir;
  guint64  n_packets;
  guint64  n_bytes;
  guint64  n_payload;
  gint64   first_ns;
  gint64   last_ns;
  guint64  first_frame;
  guint64  last_frame;
} Conn;

typedef struct
{
  GHashTable *by_tuple;       /* KEY_LEN bytes → conn index + 1 */
  GArray     *conns;          /* Conn */
} Grouper;

static guint
key_hash (gconstpointer key)
{
  const guint8 *k = key;
  guint32 h = 2166136261u;

  for (guint i = 0; i < KEY_LEN; i++)
    h = (h ^ k[i]) * 16777619u;

  return h;
}

static gboolean
key_equal (gconstpointer a,
           gconstpointer b)
{
  return memcmp (a, b, KEY_LEN) == 0;
}

static void
grouper_init (Grouper *g)
{
  g->by_tuple = g_hash_table_new_full (key_hash, key_equal, g_free, NULL);
  g->conns = g_array_new (FALSE, TRUE, sizeof (Conn));
}

static void
grouper_clear (Grouper *g)
{
  g_clear_pointer (&g->by_tuple, g_hash_table_unref);
  g_clear_pointer (&g->conns, g_array_unref);
}

static void
make_key (const HsCapturePacket *p,
          guint8                *key)
{
  int order = memcmp (p->src, p->dst, 16);
  const guint8 *lo = p->src, *hi = p->dst;
  guint16 lo_port = p->header.src_port, hi_port = p->header.dst_port;

  if (order > 0 || (order == 0 && lo_port > hi_port))
    {
      lo = p->dst;
      hi = p->src;
      lo_port = p->header.dst_port;
      hi_port = p->header.src_port;
    }

  memset (key, 0, KEY_LEN);
  key[0] = p->family;
  memcpy (key + 1, lo, 16);
  memcpy (key + 17, hi, 16);
  key[33] = lo_port >> 8;
  key[34] = lo_port & 0xff;
  key[35] = hi_port >> 8;
  key[36] = hi_port & 0xff;
}

static guint
new_conn (Grouper               *g,
          const HsCapturePacket *p,
          const guint8          *key)
{
  Conn conn = { 0 };
  guint index = g->conns->len;

  conn.family = p->family;
  memcpy (conn.addr[0], p->src, 16);
  memcpy (conn.addr[1], p->dst, 16);
  conn.port[0] = p->header.src_port;
  conn.port[1] = p->header.dst_port;
  conn.first_syn_dir = -1;
  conn.first_synack_dir = -1;
  conn.first_ns = p->time_ns;
  conn.first_frame = p->frame;
  g_array_append_val (g->conns, conn);

  g_hash_table_insert (g->by_tuple, g_memdup2 (key, KEY_LEN), GUINT_TO_POINTER (index + 1));

  return index;
}

/* Finds the connection of @p (making one when needed) and counts @p in it.
 * Sets *@dir (0: sent by the connection's first sender) and *@extra. */
static guint
group_packet (Grouper               *g,
              const HsCapturePacket *p,
              guint                 *dir_out,
              guint32               *extra)
{
  guint8 key[KEY_LEN];
  gpointer value;
  guint index;
  guint dir = 0;
  Conn *c;
  const HsTcpHeader *h = &p->header;

  *extra = 0;
  make_key (p, key);

  value = g_hash_table_lookup (g->by_tuple, key);
  if (value == NULL)
    {
      index = new_conn (g, p, key);
    }
  else
    {
      index = GPOINTER_TO_UINT (value) - 1;
      c = &g_array_index (g->conns, Conn, index);
      dir = (memcmp (p->src, c->addr[0], 16) == 0 && h->src_port == c->port[0]) ? 0 : 1;

      /* A SYN with another ISN than the connection's: the ports are
       * used again by a new connection (Wireshark: "reused ports"). */
      if ((h->flags & (HS_TCP_SYN | HS_TCP_ACK)) == HS_TCP_SYN &&
          c->base_set[dir] && h->seq != c->base_seq[dir])
        {
          index = new_conn (g, p, key);
          dir = 0;
          *extra = HS_ANALYSIS_REUSED_PORTS;
        }
      /* A SYN+ACK with another ISN stays in the connection (as in
       * Wireshark 4.0), but its side's relative numbers start again. */
      else if ((h->flags & (HS_TCP_SYN | HS_TCP_ACK)) == (HS_TCP_SYN | HS_TCP_ACK) &&
               c->base_set[dir] && h->seq != c->base_seq[dir])
        {
          c->base_set[dir] = FALSE;
          *extra = HS_ANALYSIS_REUSED_PORTS;
        }
    }

  c = &g_array_index (g->conns, Conn, index);
  *dir_out = dir;

  if (!c->base_set[dir])
    {
      c->base_seq[dir] = (h->flags & HS_TCP_SYN) ? h->seq : h->seq - 1;
      c->base_set[dir] = TRUE;
    }
  if (!c->base_set[1 - dir] && (h->flags & HS_TCP_ACK))
    {
      c->base_seq[1 - dir] = h->ack - 1;
      c->base_set[1 - dir] = TRUE;
    }

  if (h->flags & HS_TCP_SYN)
    {
      if (!c->syn_seen[dir])
        {
          c->syn_seen[dir] = TRUE;
          c->isn[dir] = h->seq;
        }
      if ((h->flags & HS_TCP_ACK) == 0 && c->first_syn_dir < 0)
        c->first_syn_dir = dir;
      if ((h->flags & HS_TCP_ACK) != 0 && c->first_synack_dir < 0)
        c->first_synack_dir = dir;
    }
  if (h->flags & HS_TCP_FIN)
    {
      c->fin_seen[dir] = TRUE;
      c->fin_next[dir] = h->seq + p->seglen + ((h->flags & HS_TCP_SYN) ? 1 : 0) + 1;
    }
  if (h->flags & HS_TCP_ACK)
    {
      guint other = 1 - dir;

      if (c->syn_seen[other] && hs_seq_geq (h->ack, c->isn[other] + 1))
        c->syn_acked[other] = TRUE;
      if (c->fin_seen[other] && hs_seq_geq (h->ack, c->fin_next[other]))
        c->fin_acked[other] = TRUE;
    }
  if (h->flags & HS_TCP_RST)
    c->rst = TRUE;

  c->n_packets++;
  c->n_bytes += p->wire_len;
  c->n_payload += p->seglen;
  c->last_ns = MAX (c->last_ns, p->time_ns);
  c->last_frame = p->frame;

  return index;
}

static HsCaptureStream *
conn_to_stream (const Conn *c,
                guint       index,
                gint64      capture_start_ns)
{
  HsCaptureStream *s = g_new0 (HsCaptureStream, 1);
  guint client = 0;

  if (c->first_syn_dir >= 0)
    client = (guint) c->first_syn_dir;
  else if (c->first_synack_dir >= 0)
    client = 1 - (guint) c->first_synack_dir;

  s->index = index;
  s->family = c->family;
  s->client_address = hs_capture_format_address (c->family, c->addr[client]);
  s->client_port = c->port[client];
  s->server_address = hs_capture_format_address (c->family, c->addr[1 - client]);
  s->server_port = c->port[1 - client];
  s->n_packets = c->n_packets;
  s->n_bytes = c->n_bytes;
  s->n_payload_bytes = c->n_payload;
  s->start = (c->first_ns - capture_start_ns) / 1000;
  s->duration = (c->last_ns - c->first_ns) / 1000;
  s->first_frame = c->first_frame;
  s->last_frame = c->last_frame;
  s->client_from_syn = c->first_syn_dir >= 0;
  s->has_handshake = c->syn_seen[0] && c->syn_seen[1] && c->syn_acked[0] && c->syn_acked[1];
  s->has_close = c->fin_seen[0] && c->fin_seen[1] && c->fin_acked[0] && c->fin_acked[1];
  s->has_reset = c->rst;

  return s;
}

/* ------------------------------------------------------------ reading -- */

typedef struct
{
  /* in */
  const guint           *wants;        /* the connections to keep, ascending */
  guint                  n_wants;
  guint64                stop_after;   /* frame after which it cannot go on; 0: none */
  HsCaptureProgressFunc  progress;
  gpointer               progress_data;
  GCancellable          *cancellable;

  /* out */
  Grouper                grouper;
  GPtrArray             *packets;      /* per want, a GArray of HsCapturePacket */
  GPtrArray             *extra;        /* per want, a GArray of guint32, parallel */
  gint64                 start_ns;     /* the capture's first packet */
  guint64                n_frames;
  guint64                n_tcp;
  guint64                n_malformed;
  guint64                first_malformed;
  char                  *link_type;
  GError                *damage;       /* the file went wrong after this many frames */
} ReadJob;

static void
read_job_clear (ReadJob *job)
{
  grouper_clear (&job->grouper);
  g_clear_pointer (&job->packets, g_ptr_array_unref);
  g_clear_pointer (&job->extra, g_ptr_array_unref);
  g_clear_pointer (&job->link_type, g_free);
  g_clear_error (&job->damage);
}

static gboolean
has_capture_magic (const guint8 *m)
{
  static const guint8 magics[][4] = {
    { 0xa1, 0xb2, 0xc3, 0xd4 },   /* pcap, microseconds */
    { 0xd4, 0xc3, 0xb2, 0xa1 },
    { 0xa1, 0xb2, 0x3c, 0x4d },   /* pcap, nanoseconds */
    { 0x4d, 0x3c, 0xb2, 0xa1 },
    { 0xa1, 0xb2, 0xcd, 0x34 },   /* Alexey Kuznetsov's modified pcap */
    { 0x34, 0xcd, 0xb2, 0xa1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (magics); i++)
    {
      if (memcmp (m, magics[i], 4) == 0)
        return TRUE;
    }

  return FALSE;
}

static gboolean
has_pcapng_magic (const guint8 *m)
{
  static const guint8 shb[4] = { 0x0a, 0x0d, 0x0d, 0x0a };

  return memcmp (m, shb, 4) == 0;
}

gboolean
hs_capture_sniff (const guint8 *data,
                  gsize         len)
{
  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  return len >= 4 && (has_capture_magic (data) || has_pcapng_magic (data));
}

gboolean
hs_capture_is_capture_filename (const char *path)
{
  g_autofree char *lower = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  lower = g_ascii_strdown (path, -1);

  return g_str_has_suffix (lower, ".pcap") ||
         g_str_has_suffix (lower, ".pcapng") ||
         g_str_has_suffix (lower, ".cap");
}

static GError *
record_lengths_error (const char *path,
                      guint64     frame,
                      guint32     caplen,
                      guint32     len)
{
  /* Formatted apart: xgettext cannot see through G_GUINT64_FORMAT. */
  g_autofree char *packet = g_strdup_printf ("%" G_GUINT64_FORMAT, frame);

  return g_error_new (HS_ERROR, HS_ERROR_PARSE,
                      /* Translators: the first %s is a packet number, the second a file name */
                      _("Packet %s of “%s” is corrupt: its record holds %u bytes of a packet it says was %u bytes long."),
                      packet, path, caplen, len);
}

static GError *
time_stamp_error (const char *path,
                  guint64     frame)
{
  /* Formatted apart: xgettext cannot see through G_GUINT64_FORMAT. */
  g_autofree char *packet = g_strdup_printf ("%" G_GUINT64_FORMAT, frame);

  return g_error_new (HS_ERROR, HS_ERROR_PARSE,
                      /* Translators: the first %s is a packet number, the second a file name */
                      _("Packet %s of “%s” is corrupt: its time stamp is not between 1970 and 2262."),
                      packet, path);
}

/* libpcap's words for what went wrong in a record, said for a reader. */
static GError *
damage_error (const char *path,
              guint64     frame,
              const char *detail)
{
  /* Formatted apart: xgettext cannot see through G_GUINT64_FORMAT. */
  g_autofree char *packet = g_strdup_printf ("%" G_GUINT64_FORMAT, frame);

  if (strstr (detail, "truncated") != NULL)
    return g_error_new (HS_ERROR, HS_ERROR_PARSE,
                        _("“%s” is cut short: it ends in the middle of packet %s (%s)."),
                        path, packet, detail);
  if (strstr (detail, "capture length") != NULL)
    return g_error_new (HS_ERROR, HS_ERROR_PARSE,
                        _("Packet %s of “%s” is corrupt: its record claims more bytes than the capture holds (%s)."),
                        packet, path, detail);
  /* libpcap stops at the description of the other interface, which
   * pcapng files often put before any packet. */
  if (strstr (detail, "different from the type of the first interface") != NULL && frame <= 1)
    return g_error_new (HS_ERROR, HS_ERROR_UNSUPPORTED,
                        _("“%s” holds interfaces with different link types, which Handshake cannot read (%s). Save one interface alone first, for example with: tshark -r FILE -Y frame.interface_id==0 -w one.pcap"),
                        path, detail);
  if (strstr (detail, "different from the type of the first interface") != NULL)
    return g_error_new (HS_ERROR, HS_ERROR_UNSUPPORTED,
                        _("“%s” holds packets of interfaces with different link types; Handshake reads the packets before the first of another type (packet %s) only (%s)."),
                        path, packet, detail);

  return g_error_new (HS_ERROR, HS_ERROR_PARSE,
                      _("“%s” is damaged at packet %s: %s."),
                      path, packet, detail);
}

/* Nanoseconds since 1970 from libpcap's seconds and fraction (the file is
 * opened with PCAP_TSTAMP_PRECISION_NANO), without overflow. FALSE when
 * the time is before 1970 or after 2262 (G_MAXINT64 ns): a pcapng time
 * stamp counts up to 2^64 - 1 units of its if_tsresol, whole seconds with
 * if_tsresol 0, and libpcap hands on whatever that makes; keeping every
 * time in 0..G_MAXINT64 also keeps the differences the trace is made of
 * from overflowing. */
static gboolean
packet_time_ns (gint64    sec,
                gint64    frac_ns,
                gboolean  pcapng,
                gint64   *time_ns)
{
  const gint64 ns_per_sec = G_GINT64_CONSTANT (1000000000);

  /* A classic pcap's seconds are an unsigned 32-bit field, which libpcap
   * 1.10 reads as signed: 2038 and later came out as 1901 to 1969. */
  if (!pcapng)
    sec = (guint32) sec;
  /* Far out of range (2^40 s is 34,000 years), and kept from overflowing
   * when the fraction's whole seconds are added. */
  else if (sec < -(G_GINT64_CONSTANT (1) << 40) || sec > (G_GINT64_CONSTANT (1) << 40))
    return FALSE;

  /* The fraction is below a second in a pcapng; a classic pcap's is
   * whatever its 32-bit field says (times 1000 in a microsecond file). */
  sec += frac_ns / ns_per_sec;
  frac_ns %= ns_per_sec;
  if (frac_ns < 0)
    {
      frac_ns += ns_per_sec;
      sec--;
    }

  if (sec < 0 || sec > (G_MAXINT64 - frac_ns) / ns_per_sec)
    return FALSE;

  *time_ns = sec * ns_per_sec + frac_ns;
  return TRUE;
}

static pcap_t *
open_capture (const char  *path,
              FILE       **file_out,
              guint64     *size_out,
              gboolean    *pcapng_out,
              GError     **error)
{
  char errbuf[PCAP_ERRBUF_SIZE] = "";
  guint8 magic[24];
  struct stat st;
  size_t got;
  FILE *file;
  pcap_t *pcap;

  file = g_fopen (path, "rb");
  if (file == NULL)
    {
      int saved = errno;

      g_set_error (error, HS_ERROR, HS_ERROR_IO,
                   _("Cannot open “%s”: %s"), path, g_strerror (saved));
      return NULL;
    }

  if (fstat (fileno (file), &st) != 0 || !S_ISREG (st.st_mode))
    {
      g_set_error (error, HS_ERROR, HS_ERROR_IO,
                   _("Cannot read “%s”: it is not a regular file."), path);
      fclose (file);
      return NULL;
    }

  got = fread (magic, 1, sizeof magic, file);

  if (got == 0)
    {
      g_set_error (error, HS_ERROR, HS_ERROR_PARSE,
                   _("“%s” is empty: a capture file starts with a header of 24 bytes or more."), path);
      fclose (file);
      return NULL;
    }

  if (got < 4 || (!has_capture_magic (magic) && !has_pcapng_magic (magic)))
    {
      g_set_error (error, HS_ERROR, HS_ERROR_PARSE,
                   _("“%s” is not a capture file: it does not start like a pcap or pcapng file."), path);
      fclose (file);
      return NULL;
    }

  if (has_capture_magic (magic) && got < sizeof magic)
    {
      g_set_error (error, HS_ERROR, HS_ERROR_PARSE,
                   _("“%s” is cut short: its pcap file header has %u of 24 bytes."), path, (guint) got);
      fclose (file);
      return NULL;
    }

  rewind (file);
  pcap = pcap_fopen_offline_with_tstamp_precision (file, PCAP_TSTAMP_PRECISION_NANO, errbuf);
  if (pcap == NULL)
    {
      g_set_error (error, HS_ERROR, HS_ERROR_PARSE,
                   _("“%s” cannot be read as a capture: %s."), path, errbuf);
      fclose (file);
      return NULL;
    }

  *file_out = file;
  *size_out = (guint64) st.st_size;
  *pcapng_out = has_pcapng_magic (magic);

  return pcap;
}

/* Reads @path once, packet by packet. FALSE only when nothing could be
 * read at all; damage after the first packet is left in job->damage. */
static gboolean
read_capture (const char  *path,
              ReadJob     *job,
              GError     **error)
{
  FILE *file = NULL;
  guint64 size = 0;
  gboolean pcapng = FALSE;
  pcap_t *pcap;
  int linktype;
  const char *name;
  struct pcap_pkthdr *hdr;
  const u_char *data;
  int status;

  grouper_init (&job->grouper);
  job->packets = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  job->extra = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  for (guint w = 0; w < job->n_wants; w++)
    {
      g_ptr_array_add (job->packets, g_array_new (FALSE, FALSE, sizeof (HsCapturePacket)));
      g_ptr_array_add (job->extra, g_array_new (FALSE, FALSE, sizeof (guint32)));
    }

  pcap = open_capture (path, &file, &size, &pcapng, error);
  if (pcap == NULL)
    return FALSE;

  linktype = pcap_datalink (pcap);
  name = pcap_datalink_val_to_name (linktype);
  job->link_type = g_strdup (name != NULL ? name : "unknown");

  if (!hs_capture_linktype_supported (linktype))
    {
      const char *description = pcap_datalink_val_to_description (linktype);

      g_set_error (error, HS_ERROR, HS_ERROR_UNSUPPORTED,
                   _("“%s” is a capture of link type %s (%d, %s), which Handshake does not read: it reads Ethernet, Linux cooked (SLL and SLL2), raw IP and BSD loopback captures."),
                   path, job->link_type, linktype, description != NULL ? description : "?");
      pcap_close (pcap);
      return FALSE;
    }

  while ((status = pcap_next_ex (pcap, &hdr, &data)) == 1)
    {
      HsCapturePacket packet;
      HsDecodeResult result;
      guint dir, index;
      guint32 extra;

      job->n_frames++;
      packet.frame = job->n_frames;

      if (job->n_frames % PROGRESS_EVERY == 0)
        {
          if (g_cancellable_set_error_if_cancelled (job->cancellable, error))
            {
              pcap_close (pcap);
              return FALSE;
            }
          if (job->progress != NULL)
            {
              long at = ftell (file);

              job->progress (at > 0 ? (guint64) at : 0, size, job->progress_data);
            }
        }

      if (job->stop_after != 0 && job->n_frames > job->stop_after)
        break;

      /* Corrupt record headers that libpcap lets through: the file is
       * damaged from here on, as when libpcap itself stops. */
      if (hdr->caplen > hdr->len)
        {
          job->damage = record_lengths_error (path, job->n_frames, hdr->caplen, hdr->len);
          break;
        }
      if (!packet_time_ns (hdr->ts.tv_sec, hdr->ts.tv_usec, pcapng, &packet.time_ns))
        {
          job->damage = time_stamp_error (path, job->n_frames);
          break;
        }
      if (job->n_frames == 1)
        job->start_ns = packet.time_ns;

      result = hs_capture_decode_frame (linktype, data, hdr->caplen, hdr->len, &packet);
      if (result == HS_DECODE_MALFORMED)
        {
          if (job->n_malformed++ == 0)
            job->first_malformed = job->n_frames;
          continue;
        }
      if (result != HS_DECODE_TCP)
        continue;

      job->n_tcp++;
      index = group_packet (&job->grouper, &packet, &dir, &extra);

      for (guint w = 0; w < job->n_wants; w++)
        {
          if (job->wants[w] == index)
            {
              g_array_append_val (g_ptr_array_index (job->packets, w), packet);
              g_array_append_val (g_ptr_array_index (job->extra, w), extra);
              break;
            }
        }
    }

  if (status == PCAP_ERROR)
    job->damage = damage_error (path, job->n_frames + 1, pcap_geterr (pcap));

  if (job->progress != NULL)
    job->progress (size, size, job->progress_data);

  pcap_close (pcap);

  return TRUE;
}

/* The warning about malformed packets, when nothing worse happened. */
static GError *
job_warning (const char *path,
             ReadJob    *job)
{
  if (job->damage != NULL)
    return g_error_copy (job->damage);

  if (job->n_malformed > 0)
    {
      /* Formatted apart: xgettext cannot see through G_GUINT64_FORMAT. */
      g_autofree char *count = g_strdup_printf ("%" G_GUINT64_FORMAT, job->n_malformed);
      g_autofree char *first = g_strdup_printf ("%" G_GUINT64_FORMAT, job->first_malformed);

      return g_error_new (HS_ERROR, HS_ERROR_PARSE,
                          /* Translators: the first %s is a count of packets, the
                           * second a file name, the third a packet number */
                          g_dngettext (GETTEXT_PACKAGE,
                                       "%s packet of “%s” has a corrupt header (the first is packet %s), so it is left out.",
                                       "%s packets of “%s” have corrupt headers (the first is packet %s), so they are left out.",
                                       job->n_malformed),
                          count, path, first);
    }

  return NULL;
}

static GError *
no_tcp_error (const char *path,
              ReadJob    *job)
{
  if (job->damage != NULL)
    return g_error_copy (job->damage);

  if (job->n_frames == 0)
    return g_error_new (HS_ERROR, HS_ERROR_NOT_FOUND,
                        _("“%s” holds no packets."), path);

  /* Formatted apart: xgettext cannot see through G_GUINT64_FORMAT. */
  g_autofree char *malformed = g_strdup_printf ("%" G_GUINT64_FORMAT, job->n_malformed);
  g_autofree char *frames = g_strdup_printf ("%" G_GUINT64_FORMAT, job->n_frames);

  if (job->n_malformed > 0)
    return g_error_new (HS_ERROR, HS_ERROR_PARSE,
                        /* Translators: the first %s is a file name, then two counts of packets */
                        _("“%s” holds no readable TCP segment: %s of its %s packets have corrupt headers."),
                        path, malformed, frames);

  return g_error_new (HS_ERROR, HS_ERROR_NOT_FOUND,
                      /* Translators: the first %s is a file name, the second a count of packets */
                      g_dngettext (GETTEXT_PACKAGE,
                                   "“%s” holds no TCP connection: its %s packet is of another protocol.",
                                   "“%s” holds no TCP connection: its %s packets are of other protocols.",
                                   job->n_frames),
                      path, frames);
}

/* ------------------------------------------------------ HsCaptureFile -- */

static void
hs_capture_file_finalize (GObject *object)
{
  HsCaptureFile *self = (HsCaptureFile *) object;

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->streams, g_ptr_array_unref);
  g_clear_error (&self->warning);
  g_clear_pointer (&self->link_type, g_free);

  G_OBJECT_CLASS (hs_capture_file_parent_class)->finalize (object);
}

static void
hs_capture_file_class_init (HsCaptureFileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hs_capture_file_finalize;
}

static void
hs_capture_file_init (HsCaptureFile *self)
{
  self->streams = g_ptr_array_new_with_free_func ((GDestroyNotify) hs_capture_stream_free);
}

HsCaptureFile *
hs_capture_file_new (const char *path)
{
  HsCaptureFile *self;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (HS_TYPE_CAPTURE_FILE, NULL);
  self->path = g_strdup (path);

  return self;
}

const char *
hs_capture_file_get_path (HsCaptureFile *self)
{
  g_return_val_if_fail (HS_IS_CAPTURE_FILE (self), NULL);

  return self->path;
}

static void
set_warning (HsCaptureFile *self,
             GError        *warning)
{
  g_clear_error (&self->warning);
  self->warning = warning;
}

static void
take_job_summary (HsCaptureFile *self,
                  ReadJob       *job)
{
  g_free (self->link_type);
  self->link_type = g_steal_pointer (&job->link_type);
  self->n_packets = job->n_frames;
}

gboolean
hs_capture_file_scan (HsCaptureFile         *self,
                      HsCaptureProgressFunc  progress,
                      gpointer               progress_data,
                      GCancellable          *cancellable,
                      GError               **error)
{
  ReadJob job = { 0 };
  gboolean ok;

  g_return_val_if_fail (HS_IS_CAPTURE_FILE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  job.progress = progress;
  job.progress_data = progress_data;
  job.cancellable = cancellable;

  g_ptr_array_set_size (self->streams, 0);
  set_warning (self, NULL);
  self->scanned = FALSE;

  ok = read_capture (self->path, &job, error);
  if (ok)
    {
      take_job_summary (self, &job);

      for (guint i = 0; i < job.grouper.conns->len; i++)
        g_ptr_array_add (self->streams,
                         conn_to_stream (&g_array_index (job.grouper.conns, Conn, i), i, job.start_ns));

      self->scanned = job.damage == NULL;

      if (self->streams->len == 0)
        {
          g_propagate_error (error, no_tcp_error (self->path, &job));
          ok = FALSE;
        }
      else
        {
          set_warning (self, job_warning (self->path, &job));
        }
    }

  read_job_clear (&job);

  return ok;
}

guint
hs_capture_file_get_n_streams (HsCaptureFile *self)
{
  g_return_val_if_fail (HS_IS_CAPTURE_FILE (self), 0);

  return self->streams->len;
}

const HsCaptureStream *
hs_capture_file_get_stream (HsCaptureFile *self,
                            guint          index)
{
  g_return_val_if_fail (HS_IS_CAPTURE_FILE (self), NULL);
  g_return_val_if_fail (index < self->streams->len, NULL);

  return g_ptr_array_index (self->streams, index);
}

const GError *
hs_capture_file_get_warning (HsCaptureFile *self)
{
  g_return_val_if_fail (HS_IS_CAPTURE_FILE (self), NULL);

  return self->warning;
}

const char *
hs_capture_file_get_link_type (HsCaptureFile *self)
{
  g_return_val_if_fail (HS_IS_CAPTURE_FILE (self), NULL);

  return self->link_type;
}

guint64
hs_capture_file_get_n_packets (HsCaptureFile *self)
{
  g_return_val_if_fail (HS_IS_CAPTURE_FILE (self), 0);

  return self->n_packets;
}

/* The connections are kept ascending, each once: connection numbers are
 * stream order. */
static GArray *
sorted_indexes (const guint *indexes,
                guint        n_indexes)
{
  GArray *sorted = g_array_sized_new (FALSE, FALSE, sizeof (guint), n_indexes);

  for (guint i = 0; i < n_indexes; i++)
    {
      guint k = 0;

      while (k < sorted->len && g_array_index (sorted, guint, k) < indexes[i])
        k++;
      if (k == sorted->len || g_array_index (sorted, guint, k) != indexes[i])
        g_array_insert_val (sorted, k, indexes[i]);
    }

  return sorted;
}

HsTrace *
hs_capture_file_load_streams (HsCaptureFile         *self,
                              const guint           *indexes,
                              guint                  n_indexes,
                              HsCaptureProgressFunc  progress,
                              gpointer               progress_data,
                              GCancellable          *cancellable,
                              GError               **error)
{
  ReadJob job = { 0 };
  HsTrace *trace = NULL;
  g_autoptr(GArray) wants = NULL;
  g_autoptr(GPtrArray) parts = NULL;
  g_autoptr(GString) stream_text = NULL;
  g_autofree char *basename = NULL;

  g_return_val_if_fail (HS_IS_CAPTURE_FILE (self), NULL);
  g_return_val_if_fail (indexes != NULL && n_indexes > 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  wants = sorted_indexes (indexes, n_indexes);

  if (wants->len > HS_CAPTURE_MAX_STREAMS)
    {
      g_set_error (error, HS_ERROR, HS_ERROR_UNSUPPORTED,
                   /* Translators: the first %u is a count of connections chosen, the second the most a diagram shows */
                   _("%u connections are chosen, but one diagram shows at most %u."),
                   wants->len, HS_CAPTURE_MAX_STREAMS);
      return NULL;
    }

  for (guint w = 0; w < wants->len; w++)
    {
      guint index = g_array_index (wants, guint, w);

      if (self->scanned && index >= self->streams->len)
        {
          g_set_error (error, HS_ERROR, HS_ERROR_NOT_FOUND,
                       _("“%s” has no TCP connection %u: its connections are numbered 0 to %u."),
                       self->path, index, self->streams->len - 1);
          return NULL;
        }
    }

  job.wants = (const guint *) (gpointer) wants->data;
  job.n_wants = wants->len;
  job.progress = progress;
  job.progress_data = progress_data;
  job.cancellable = cancellable;
  if (self->scanned)
    for (guint w = 0; w < wants->len; w++)
      job.stop_after = MAX (job.stop_after,
                            ((const HsCaptureStream *) g_ptr_array_index (self->streams, g_array_index (wants, guint, w)))->last_frame);

  if (!read_capture (self->path, &job, error))
    {
      read_job_clear (&job);
      return NULL;
    }

  /* After a scan, what it found stands: this read may have stopped early. */
  if (!self->scanned)
    {
      take_job_summary (self, &job);
      set_warning (self, job_warning (self->path, &job));
    }
  else if (job.damage != NULL)
    {
      set_warning (self, g_error_copy (job.damage));
    }

  parts = g_ptr_array_new_with_free_func (g_object_unref);
  stream_text = g_string_new (NULL);
  for (guint w = 0; w < wants->len; w++)
    {
      guint index = g_array_index (wants, guint, w);
      GArray *packets = g_ptr_array_index (job.packets, w);
      GArray *extra = g_ptr_array_index (job.extra, w);

      if (packets->len == 0)
        {
          if (job.grouper.conns->len == 0)
            g_propagate_error (error, no_tcp_error (self->path, &job));
          else if (job.damage != NULL)
            g_set_error (error, HS_ERROR, HS_ERROR_NOT_FOUND,
                         _("“%s” has no TCP connection %u before it is damaged: %s"),
                         self->path, index, job.damage->message);
          else
            g_set_error (error, HS_ERROR, HS_ERROR_NOT_FOUND,
                         _("“%s” has no TCP connection %u: its connections are numbered 0 to %u."),
                         self->path, index, job.grouper.conns->len - 1);
          read_job_clear (&job);
          return NULL;
        }

      g_ptr_array_add (parts,
                       hs_capture_build_trace ((const HsCapturePacket *) (gpointer) packets->data,
                                               packets->len,
                                               (const guint32 *) (gpointer) extra->data,
                                               job.start_ns));
      g_string_append_printf (stream_text, "%s%u", w > 0 ? "," : "", index);
    }

  if (parts->len == 1)
    {
      trace = g_object_ref (g_ptr_array_index (parts, 0));
    }
  else
    {
      g_autofree char *title = NULL;

      trace = hs_capture_merge_traces ((HsTrace * const *) parts->pdata, parts->len);
      title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            /* Translators: the title of several connections read together from a capture file */
                                            "%u captured connection",
                                            "%u captured connections",
                                            parts->len),
                               parts->len);
      hs_trace_set_title (trace, title);
    }

  basename = g_path_get_basename (self->path);
  hs_trace_set_parameter (trace, "file", basename);
  hs_trace_set_parameter (trace, "stream", stream_text->str);
  hs_trace_set_parameter (trace, "link-type", self->link_type);

  read_job_clear (&job);

  return trace;
}

HsTrace *
hs_capture_file_load_stream (HsCaptureFile         *self,
                             guint                  index,
                             HsCaptureProgressFunc  progress,
                             gpointer               progress_data,
                             GCancellable          *cancellable,
                             GError               **error)
{
  return hs_capture_file_load_streams (self, &index, 1, progress, progress_data, cancellable, error);
}

HsTrace *
hs_capture_file_load_all_streams (HsCaptureFile         *self,
                                  HsCaptureProgressFunc  progress,
                                  gpointer               progress_data,
                                  GCancellable          *cancellable,
                                  GError               **error)
{
  g_autofree guint *indexes = NULL;
  HsTrace *trace;
  guint n;

  g_return_val_if_fail (HS_IS_CAPTURE_FILE (self), NULL);

  if (self->streams->len == 0 && !hs_capture_file_scan (self, NULL, NULL, cancellable, error))
    return NULL;

  n = MIN (self->streams->len, HS_CAPTURE_MAX_STREAMS);
  indexes = g_new (guint, MAX (1, n));
  for (guint i = 0; i < n; i++)
    indexes[i] = i;

  trace = hs_capture_file_load_streams (self, indexes, n, progress, progress_data, cancellable, error);
  if (trace != NULL && self->streams->len > n)
    {
      g_autofree char *count = g_strdup_printf ("%u", self->streams->len);

      /* the file holds more than one diagram shows: said, not hidden */
      hs_trace_set_parameter (trace, "streams-in-file", count);
    }
  return trace;
}

/* ------------------------------------------------------------- threads -- */

/* Progress from the reading thread, shown in the caller's main context:
 * at most one report waits there at a time. */
typedef struct
{
  HsCaptureProgressFunc func;
  gpointer              data;
  GMainContext         *context;
  gint                  pending;
  guint64               done;
  guint64               total;
} ProgressRelay;

static void
progress_relay_clear (gpointer data)
{
  ProgressRelay *relay = data;

  g_main_context_unref (relay->context);
}

static gboolean
progress_relay_dispatch (gpointer data)
{
  ProgressRelay *relay = data;

  g_atomic_int_set (&relay->pending, 0);
  relay->func (relay->done, relay->total, relay->data);

  return G_SOURCE_REMOVE;
}

static void
progress_relay_post (guint64  done,
                     guint64  total,
                     gpointer data)
{
  ProgressRelay *relay = data;

  if (!g_atomic_int_compare_and_exchange (&relay->pending, 0, 1))
    return;

  relay->done = done;
  relay->total = total;
  g_main_context_invoke_full (relay->context, G_PRIORITY_DEFAULT,
                              progress_relay_dispatch,
                              g_rc_box_acquire (relay),
                              (GDestroyNotify) g_rc_box_release);
}

typedef struct
{
  guint          index;
  GArray        *indexes;     /* guint: several connections, or NULL */
  ProgressRelay *relay;       /* owned, or NULL */
} ThreadData;

static void
thread_data_free (gpointer data)
{
  ThreadData *td = data;

  if (td->relay != NULL)
    g_rc_box_release_full (td->relay, progress_relay_clear);
  g_clear_pointer (&td->indexes, g_array_unref);
  g_free (td);
}

static GTask *
new_thread_task (HsCaptureFile         *self,
                 guint                  index,
                 HsCaptureProgressFunc  progress,
                 gpointer               progress_data,
                 GCancellable          *cancellable,
                 GAsyncReadyCallback    callback,
                 gpointer               user_data,
                 gpointer               tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  ThreadData *td = g_new0 (ThreadData, 1);

  g_task_set_source_tag (task, tag);
  td->index = index;

  if (progress != NULL)
    {
      td->relay = g_rc_box_new0 (ProgressRelay);
      td->relay->func = progress;
      td->relay->data = progress_data;
      td->relay->context = g_main_context_ref_thread_default ();
    }

  g_task_set_task_data (task, td, thread_data_free);

  return task;
}

static void
scan_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ThreadData *td = task_data;
  GError *error = NULL;

  if (hs_capture_file_scan (source_object,
                            td->relay != NULL ? progress_relay_post : NULL, td->relay,
                            cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
hs_capture_file_scan_async (HsCaptureFile         *self,
                            HsCaptureProgressFunc  progress,
                            gpointer               progress_data,
                            GCancellable          *cancellable,
                            GAsyncReadyCallback    callback,
                            gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (HS_IS_CAPTURE_FILE (self));

  task = new_thread_task (self, 0, progress, progress_data, cancellable,
                          callback, user_data, hs_capture_file_scan_async);
  g_task_run_in_thread (task, scan_thread);
}

gboolean
hs_capture_file_scan_finish (HsCaptureFile  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ThreadData *td = task_data;
  GError *error = NULL;
  HsTrace *trace;

  if (td->indexes != NULL)
    trace = hs_capture_file_load_streams (source_object,
                                          (const guint *) (gpointer) td->indexes->data, td->indexes->len,
                                          td->relay != NULL ? progress_relay_post : NULL, td->relay,
                                          cancellable, &error);
  else
    trace = hs_capture_file_load_stream (source_object, td->index,
                                         td->relay != NULL ? progress_relay_post : NULL, td->relay,
                                         cancellable, &error);
  if (trace != NULL)
    g_task_return_pointer (task, trace, g_object_unref);
  else
    g_task_return_error (task, error);
}

void
hs_capture_file_load_stream_async (HsCaptureFile         *self,
                                   guint                  index,
                                   HsCaptureProgressFunc  progress,
                                   gpointer               progress_data,
                                   GCancellable          *cancellable,
                                   GAsyncReadyCallback    callback,
                                   gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (HS_IS_CAPTURE_FILE (self));

  task = new_thread_task (self, index, progress, progress_data, cancellable,
                          callback, user_data, hs_capture_file_load_stream_async);
  g_task_run_in_thread (task, load_thread);
}

void
hs_capture_file_load_streams_async (HsCaptureFile         *self,
                                    const guint           *indexes,
                                    guint                  n_indexes,
                                    HsCaptureProgressFunc  progress,
                                    gpointer               progress_data,
                                    GCancellable          *cancellable,
                                    GAsyncReadyCallback    callback,
                                    gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  ThreadData *td;

  g_return_if_fail (HS_IS_CAPTURE_FILE (self));
  g_return_if_fail (indexes != NULL && n_indexes > 0);

  /* One finish for both: the tag is load_stream_async's. */
  task = new_thread_task (self, indexes[0], progress, progress_data, cancellable,
                          callback, user_data, hs_capture_file_load_stream_async);
  td = g_task_get_task_data (task);
  td->indexes = g_array_sized_new (FALSE, FALSE, sizeof (guint), n_indexes);
  g_array_append_vals (td->indexes, indexes, n_indexes);
  g_task_run_in_thread (task, load_thread);
}

HsTrace *
hs_capture_file_load_stream_finish (HsCaptureFile  *self,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --------------------------------------------------------- simple API -- */

gboolean
hs_capture_list_streams (const char  *path,
                         GPtrArray  **streams,
                         GError     **error)
{
  g_autoptr(HsCaptureFile) file = NULL;
  gboolean ok;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (streams != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *streams = NULL;
  file = hs_capture_file_new (path);
  ok = hs_capture_file_scan (file, NULL, NULL, NULL, error);

  if (!ok)
    return FALSE;

  *streams = g_steal_pointer (&file->streams);
  file->streams = g_ptr_array_new_with_free_func ((GDestroyNotify) hs_capture_stream_free);

  if (file->warning != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&file->warning));
      return FALSE;
    }

  return TRUE;
}

gboolean
hs_capture_load_streams (const char   *path,
                         const guint  *indexes,
                         guint         n_indexes,
                         HsTrace     **trace,
                         GError      **error)
{
  g_autoptr(HsCaptureFile) file = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (trace != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  file = hs_capture_file_new (path);
  if (indexes == NULL)
    *trace = hs_capture_file_load_all_streams (file, NULL, NULL, NULL, error);
  else
    *trace = hs_capture_file_load_streams (file, indexes, n_indexes, NULL, NULL, NULL, error);

  if (*trace == NULL)
    return FALSE;

  if (file->warning != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&file->warning));
      return FALSE;
    }

  return TRUE;
}

gboolean
hs_capture_load_stream (const char  *path,
                        guint        index,
                        HsTrace    **trace,
                        GError     **error)
{
  g_autoptr(HsCaptureFile) file = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (trace != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  file = hs_capture_file_new (path);
  *trace = hs_capture_file_load_stream (file, index, NULL, NULL, NULL, error);

  if (*trace == NULL)
    return FALSE;

  if (file->warning != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&file->warning));
      return FALSE;
    }

  return TRUE;
}
