/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-capture-writer.c: a trace as the pcap file a capture point at one
 * side would have written. */

#define G_LOG_DOMAIN "hs-capture"

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "hs-capture-enums.h"
#include "hs-capture-writer.h"
#include "hs-error.h"
#include "hs-output.h"
#include "hs-segment.h"

#define PCAP_MAGIC        0xa1b2c3d4u
#define PCAP_SNAPLEN      262144u
#define LINKTYPE_ETHERNET 1u

#define ETH_HEADER_LEN    14
#define IPV4_HEADER_LEN   20
#define IPV6_HEADER_LEN   40
#define UDP_HEADER_LEN    8

/* The largest frame: Ethernet, IPv6, a 60-byte TCP header, 65535 bytes. */
#define MAX_FRAME         (ETH_HEADER_LEN + IPV6_HEADER_LEN + HS_TCP_MAX_HEADER_LEN + 65535)

typedef struct
{
  guint8   family;          /* 4 or 6 */
  guint8   addr[16];
  guint8   mac[6];
  guint16  ip_id;           /* the next IPv4 identification */
} Host;

gboolean
hs_capture_side_from_string (const char    *name,
                             HsCaptureSide *side)
{
  g_autoptr(GEnumClass) klass = NULL;
  g_autofree char *nick = NULL;
  GEnumValue *value;

  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (side != NULL, FALSE);

  /* the nicks of the generated GType, in any case */
  klass = g_type_class_ref (HS_TYPE_CAPTURE_SIDE);
  nick = g_ascii_strdown (name, -1);
  value = g_enum_get_value_by_nick (klass, nick);
  if (value == NULL)
    return FALSE;

  *side = (HsCaptureSide) value->value;
  return TRUE;
}

gboolean
hs_capture_is_pcap_filename (const char *path)
{
  g_autofree char *lower = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  lower = g_ascii_strdown (path, -1);

  return g_str_has_suffix (lower, ".pcap");
}

/* --------------------------------------------------------- selection -- */

typedef struct
{
  HsTime time;
  guint  index;
} Seen;

static int
compare_seen (gconstpointer a,
              gconstpointer b)
{
  const Seen *x = a, *y = b;

  if (x->time != y->time)
    return x->time < y->time ? -1 : 1;
  if (x->index != y->index)
    return x->index < y->index ? -1 : 1;
  return 0;
}

guint
hs_capture_select_segments (HsTrace        *trace,
                            HsCaptureSide   side,
                            guint         **indexes,
                            HsTime        **times)
{
  guint n_segments;
  guint capture_host = HS_TRACE_NONE;
  g_autoptr(GArray) seen = NULL;

  g_return_val_if_fail (HS_IS_TRACE (trace), 0);
  g_return_val_if_fail (indexes != NULL && times != NULL, 0);

  n_segments = hs_trace_get_n_segments (trace);
  seen = g_array_sized_new (FALSE, FALSE, sizeof (Seen), n_segments);

  /* With hosts, the capture is taken on a host: that of the endpoint the
   * side names (endpoint 0 or 1 for client and server: the first
   * connection's). It sees what that host sends and what reaches it,
   * nothing that passes between two others. */
  if (hs_trace_get_n_hosts (trace) > 0 && (guint) side < hs_trace_get_n_endpoints (trace))
    capture_host = hs_trace_get_endpoint (trace, (guint) side)->host;

  for (guint i = 0; i < n_segments; i++)
    {
      const HsTraceSegment *s = hs_trace_get_segment (trace, i);
      gboolean local = (s->from % 2) == (guint) side % 2;
      gboolean arriving = !local;
      Seen item = { 0, i };

      if (capture_host != HS_TRACE_NONE)
        {
          local = hs_trace_get_endpoint (trace, s->from)->host == capture_host;
          arriving = hs_trace_get_endpoint (trace, s->to)->host == capture_host;
        }

      if (s->fate == HS_FATE_CAPTURED)
        item.time = s->sent;
      else if (local && (s->marks & HS_MARK_DUPLICATED) == 0)
        item.time = s->sent;
      else if (!local && arriving && s->fate == HS_FATE_DELIVERED && s->arrived != HS_TIME_NONE)
        item.time = s->arrived;
      else
        continue;

      g_array_append_val (seen, item);
    }

  g_array_sort (seen, compare_seen);

  *indexes = g_new (guint, MAX (seen->len, 1));
  *times = g_new (HsTime, MAX (seen->len, 1));
  for (guint i = 0; i < seen->len; i++)
    {
      (*indexes)[i] = g_array_index (seen, Seen, i).index;
      (*times)[i] = g_array_index (seen, Seen, i).time;
    }

  return seen->len;
}

/* ------------------------------------------------------------ writing -- */

static inline void
put16 (guint8  *p,
       guint16  v)
{
  p[0] = v >> 8;
  p[1] = v & 0xff;
}

static inline void
put32 (guint8  *p,
       guint32  v)
{
  p[0] = v >> 24;
  p[1] = (v >> 16) & 0xff;
  p[2] = (v >> 8) & 0xff;
  p[3] = v & 0xff;
}

static void
append_le32 (GByteArray *out,
             guint32     v)
{
  guint8 b[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24 };

  g_byte_array_append (out, b, 4);
}

static void
append_le16 (GByteArray *out,
             guint16     v)
{
  guint8 b[2] = { v & 0xff, v >> 8 };

  g_byte_array_append (out, b, 2);
}

/* The Internet checksum (RFC 1071) of @len bytes, added to @sum. */
static guint32
sum_bytes (guint32       sum,
           const guint8 *data,
           gsize         len)
{
  for (gsize i = 0; i + 1 < len; i += 2)
    sum += (guint32) (data[i] << 8 | data[i + 1]);
  if (len & 1)
    sum += (guint32) data[len - 1] << 8;

  return sum;
}

static guint16
fold (guint32 sum)
{
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);

  return (guint16) ~sum;
}

static gboolean
resolve_host (HsTrace  *trace,
              guint     endpoint,
              Host     *host,
              GError  **error)
{
  const HsTraceEndpoint *ep = hs_trace_get_endpoint (trace, endpoint);
  g_autoptr(GInetAddress) address = NULL;
  g_autofree char *fallback = NULL;
  const char *text = ep->address;

  /* A lesson without addresses: 10.0.0.1, 10.0.0.2, ... by endpoint, or
   * by host when sockets share hosts */
  if (text == NULL || *text == '\0')
    text = fallback = g_strdup_printf ("10.0.0.%u",
                                       (ep->host != HS_TRACE_NONE ? ep->host : endpoint) + 1);

  address = g_inet_address_new_from_string (text);
  if (address == NULL)
    {
      g_set_error (error, HS_ERROR, HS_ERROR_INVALID,
                   _("Cannot write a capture: the address “%s” of %s is not an IPv4 or IPv6 address."),
                   text, ep->name);
      return FALSE;
    }

  memset (host, 0, sizeof *host);
  if (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6)
    {
      host->family = 6;
      memcpy (host->addr, g_inet_address_to_bytes (address), 16);
    }
  else
    {
      host->family = 4;
      memcpy (host->addr, g_inet_address_to_bytes (address), 4);
    }

  /* Locally administered, made from the address's last four bytes. */
  host->mac[0] = 0x02;
  host->mac[1] = 0x00;
  memcpy (host->mac + 2, host->addr + (host->family == 6 ? 12 : 0), 4);
  host->ip_id = 1;

  return TRUE;
}

/* The payload: the sender's byte stream as readable text, the same bytes
 * at the same sequence numbers (a retransmission repeats them). Zeros
 * would be decoded by the dissector of a well-known port as an empty,
 * malformed message (port 5000 is GSM IPA's in Wireshark). */
static const char filler[] = "Handshake lesson data. ";

static void
fill_payload (guint8  *out,
              guint32  offset,
              guint32  len)
{
  const guint32 period = sizeof filler - 1;

  for (guint32 i = 0; i < len; i++)
    out[i] = (guint8) filler[(offset + i) % period];
}

/* Writes the IP packet of segment @s (from @src to @dst) after the
 * Ethernet header in @frame; returns the frame's length, or 0. */
static gsize
build_frame (HsTrace              *trace,
             const HsTraceSegment *s,
             Host                 *src,
             const Host           *dst,
             guint8               *payload,
             guint8               *frame,
             GError              **error)
{
  gboolean udp = hs_trace_segment_is_udp (trace, s);
  /* An IPv4 fragment of a UDP datagram larger than the path's MTU: the
   * simulator keeps its place in the UDP header's unused fields (offset
   * in seq, the datagram's number in ack, fragments in window, this one's
   * number in urgent, the datagram's payload in the MSS field). Over IPv6
   * it is written as a datagram of its own length. */
  gboolean fragment = udp && s->header.window > 1 && src->family == 4;
  guint ip_len = src->family == 6 ? IPV6_HEADER_LEN : IPV4_HEADER_LEN;
  guint8 *ip = frame + ETH_HEADER_LEN;
  guint8 *l4 = ip + ip_len;
  gsize l4_len;

  l4_len = (udp ? UDP_HEADER_LEN : HS_TCP_MIN_HEADER_LEN + hs_tcp_options_encoded_length (&s->header.options)) +
           (gsize) s->len;
  if (l4_len > (src->family == 6 ? 65535u : 65535u - IPV4_HEADER_LEN))
    {
      g_set_error (error, HS_ERROR, HS_ERROR_TOO_LARGE,
                   _("Cannot write a capture: segment %u carries %u bytes, more than an IP packet holds."),
                   s->index + 1, s->len);
      return 0;
    }

  memcpy (frame, dst->mac, 6);
  memcpy (frame + 6, src->mac, 6);
  put16 (frame + 12, src->family == 6 ? 0x86dd : 0x0800);

  if (fragment && s->header.urgent > 1)
    {
      /* the bytes of the message from this fragment's offset, less the
       * UDP header that the first fragment carries */
      l4_len = s->len;
      fill_payload (l4, s->header.seq - UDP_HEADER_LEN, s->len);
    }
  else if (fragment)
    {
      /* the first fragment: the UDP header of the whole datagram, with the
       * checksum over all of it, and the first bytes of the message */
      guint32 total = s->header.options.mss;
      g_autofree guint8 *whole = g_malloc (UDP_HEADER_LEN + total);
      guint32 sum = 0;
      guint16 checksum;

      put16 (whole, s->header.src_port);
      put16 (whole + 2, s->header.dst_port);
      put16 (whole + 4, (guint16) (UDP_HEADER_LEN + total));
      put16 (whole + 6, 0);
      fill_payload (whole + UDP_HEADER_LEN, 0, total);
      sum = sum_bytes (sum, src->addr, 4);
      sum = sum_bytes (sum, dst->addr, 4);
      sum += 17 + UDP_HEADER_LEN + total;
      sum = sum_bytes (sum, whole, UDP_HEADER_LEN + total);
      checksum = fold (sum);
      put16 (whole + 6, checksum == 0 ? 0xffff : checksum);
      l4_len = UDP_HEADER_LEN + s->len;
      memcpy (l4, whole, l4_len);
    }
  else if (udp)
    {
      guint32 sum = 0;
      guint16 checksum;

      l4_len = UDP_HEADER_LEN + s->len;
      put16 (l4, s->header.src_port);
      put16 (l4 + 2, s->header.dst_port);
      put16 (l4 + 4, (guint16) l4_len);
      put16 (l4 + 6, 0);
      fill_payload (l4 + UDP_HEADER_LEN, 0, s->len);

      /* Over the pseudo-header: addresses, protocol 17, length. */
      if (src->family == 6)
        {
          sum = sum_bytes (sum, src->addr, 16);
          sum = sum_bytes (sum, dst->addr, 16);
        }
      else
        {
          sum = sum_bytes (sum, src->addr, 4);
          sum = sum_bytes (sum, dst->addr, 4);
        }
      sum += 17 + (guint32) l4_len;
      sum = sum_bytes (sum, l4, l4_len);
      checksum = fold (sum);
      put16 (l4 + 6, checksum == 0 ? 0xffff : checksum);
    }
  else
    {
      HsTcpHeader header = s->header;

      /* Relative sequence number 1 is the stream's first byte. */
      fill_payload (payload, hs_trace_segment_rel_seq (trace, s) - ((s->header.flags & HS_TCP_SYN) ? 0 : 1), s->len);

      if (src->family == 6)
        l4_len = hs_tcp_segment_encode_ipv6 (&header, src->addr, dst->addr,
                                             payload, s->len, l4, MAX_FRAME - ETH_HEADER_LEN - ip_len);
      else
        l4_len = hs_tcp_segment_encode_ipv4 (&header,
                                             (guint32) src->addr[0] << 24 | (guint32) src->addr[1] << 16 |
                                             (guint32) src->addr[2] << 8 | src->addr[3],
                                             (guint32) dst->addr[0] << 24 | (guint32) dst->addr[1] << 16 |
                                             (guint32) dst->addr[2] << 8 | dst->addr[3],
                                             payload, s->len, l4, MAX_FRAME - ETH_HEADER_LEN - ip_len);
      if (l4_len == 0)
        {
          g_set_error (error, HS_ERROR, HS_ERROR_TOO_LARGE,
                       _("Cannot write a capture: segment %u does not fit in an IP packet."),
                       s->index + 1);
          return 0;
        }
    }

  if (src->family == 6)
    {
      put32 (ip, 0x60000000u);
      put16 (ip + 4, (guint16) l4_len);
      ip[6] = udp ? 17 : 6;
      ip[7] = 64;
      memcpy (ip + 8, src->addr, 16);
      memcpy (ip + 24, dst->addr, 16);
    }
  else
    {
      ip[0] = 0x45;
      ip[1] = 0;
      put16 (ip + 2, (guint16) (IPV4_HEADER_LEN + l4_len));
      if (fragment)
        {
          /* one identification for all the fragments of a datagram; more
           * fragments (MF) but the last; the offset in 8-byte units */
          put16 (ip + 4, (guint16) (0x8000 | (s->header.ack & 0x7fff)));
          put16 (ip + 6, (guint16) ((s->header.urgent < s->header.window ? 0x2000 : 0) | (s->header.seq / 8)));
        }
      else
        {
          put16 (ip + 4, src->ip_id++);
          put16 (ip + 6, 0x4000);            /* don't fragment, as Linux sends TCP */
        }
      ip[8] = 64;
      ip[9] = udp ? 17 : 6;
      put16 (ip + 10, 0);
      memcpy (ip + 12, src->addr, 4);
      memcpy (ip + 16, dst->addr, 4);
      put16 (ip + 10, fold (sum_bytes (0, ip, IPV4_HEADER_LEN)));
    }

  return ETH_HEADER_LEN + ip_len + l4_len;
}

/* Writes what @out holds to @stream once it holds a chunk's worth, or
 * always when @all. */
static gboolean
flush_bytes (GByteArray     *out,
             GOutputStream  *stream,
             gboolean        all,
             GCancellable   *cancellable,
             GError        **error)
{
  if (stream == NULL || (!all && out->len < HS_OUTPUT_CHUNK_SIZE))
    return TRUE;
  if (!g_output_stream_write_all (stream, out->data, out->len, NULL, cancellable, error))
    return FALSE;
  g_byte_array_set_size (out, 0);
  return TRUE;
}

/* The whole file into @out, or through it into @stream when one is
 * given. */
static gboolean
write_pcap (HsTrace        *trace,
            HsCaptureSide   side,
            GByteArray     *out,
            GOutputStream  *stream,
            GCancellable   *cancellable,
            GError        **error)
{
  g_autofree Host *hosts = NULL;
  g_autofree guint *indexes = NULL;
  g_autofree HsTime *times = NULL;
  g_autofree guint8 *payload = NULL;
  g_autofree guint8 *frame = NULL;
  guint n_endpoints;
  guint n;

  n_endpoints = hs_trace_get_n_endpoints (trace);
  hosts = g_new0 (Host, MAX (n_endpoints, 1));
  for (guint i = 0; i < n_endpoints; i++)
    {
      if (!resolve_host (trace, i, &hosts[i], error))
        return FALSE;
    }

  /* The global header, in the writer's byte order as pcap allows. */
  append_le32 (out, PCAP_MAGIC);
  append_le16 (out, 2);
  append_le16 (out, 4);
  append_le32 (out, 0);                /* thiszone */
  append_le32 (out, 0);                /* sigfigs */
  append_le32 (out, PCAP_SNAPLEN);
  append_le32 (out, LINKTYPE_ETHERNET);

  n = hs_capture_select_segments (trace, side, &indexes, &times);
  payload = g_malloc0 (65536);
  frame = g_malloc (MAX_FRAME);

  for (guint k = 0; k < n; k++)
    {
      const HsTraceSegment *s = hs_trace_get_segment (trace, indexes[k]);
      Host *src = &hosts[s->from];
      const Host *dst = &hosts[s->to];
      HsTime time = MAX (times[k], 0);
      gsize len;

      if (src->family != dst->family)
        {
          g_set_error (error, HS_ERROR, HS_ERROR_INVALID,
                       _("Cannot write a capture: segment %u goes from an IPv%u address to an IPv%u address."),
                       s->index + 1, src->family, dst->family);
          return FALSE;
        }

      len = build_frame (trace, s, src, dst, payload, frame, error);
      if (len == 0)
        return FALSE;

      append_le32 (out, (guint32) (HS_CAPTURE_EPOCH + time / HS_USEC_PER_SEC));
      append_le32 (out, (guint32) (time % HS_USEC_PER_SEC));
      append_le32 (out, (guint32) len);
      append_le32 (out, (guint32) len);
      g_byte_array_append (out, frame, (guint) len);
      if (!flush_bytes (out, stream, FALSE, cancellable, error))
        return FALSE;
    }

  return flush_bytes (out, stream, TRUE, cancellable, error);
}

GBytes *
hs_capture_write_pcap_bytes (HsTrace        *trace,
                             HsCaptureSide   side,
                             GError        **error)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();

  g_return_val_if_fail (HS_IS_TRACE (trace), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!write_pcap (trace, side, out, NULL, NULL, error))
    return NULL;

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

gboolean
hs_capture_write_pcap_to_stream (HsTrace        *trace,
                                 HsCaptureSide   side,
                                 GOutputStream  *stream,
                                 GCancellable   *cancellable,
                                 GError        **error)
{
  g_autoptr(GByteArray) out = g_byte_array_sized_new (HS_OUTPUT_CHUNK_SIZE + 65536);

  g_return_val_if_fail (HS_IS_TRACE (trace), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return write_pcap (trace, side, out, stream, cancellable, error);
}

gboolean
hs_capture_write_pcap (HsTrace        *trace,
                       HsCaptureSide   side,
                       const char     *path,
                       GError        **error)
{
  g_autoptr(HsOutput) output = NULL;

  g_return_val_if_fail (HS_IS_TRACE (trace), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  output = hs_output_open (path, error);

  return output != NULL &&
         hs_capture_write_pcap_to_stream (trace, side, hs_output_get_stream (output), NULL, error) &&
         hs_output_commit (output, error);
}
