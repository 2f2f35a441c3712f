/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-segment.c: a TCP header's wire encoding, with options laid out as Linux lays them out. */

#define G_LOG_DOMAIN "hs-segment"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "hs-error.h"
#include "hs-segment.h"

/* Option kinds and lengths (RFC 9293 section 3.2, RFC 7323, RFC 2018). */
enum
{
  OPT_EOL       = 0,
  OPT_NOP       = 1,
  OPT_MSS       = 2,
  OPT_WSCALE    = 3,
  OPT_SACK_PERM = 4,
  OPT_SACK      = 5,
  OPT_TIMESTAMP = 8,
};

enum
{
  OPTLEN_MSS           = 4,
  OPTLEN_WSCALE        = 3,
  OPTLEN_SACK_PERM     = 2,
  OPTLEN_TIMESTAMP     = 10,
  OPTLEN_SACK_BASE     = 2,
  OPTLEN_SACK_PERBLOCK = 8,
};

#define TCP_PROTOCOL          6
#define MAX_OPTION_SPACE      (HS_TCP_MAX_HEADER_LEN - HS_TCP_MIN_HEADER_LEN)
/* NOP, NOP, kind, length: the word Linux puts before the SACK blocks. */
#define SACK_BASE_ALIGNED     4

/* Byte-wise, so that neither alignment nor host byte order matters. */
static inline void
put16 (guint8  *p,
       guint16  v)
{
  p[0] = (guint8) (v >> 8);
  p[1] = (guint8) v;
}

static inline void
put32 (guint8  *p,
       guint32  v)
{
  p[0] = (guint8) (v >> 24);
  p[1] = (guint8) (v >> 16);
  p[2] = (guint8) (v >> 8);
  p[3] = (guint8) v;
}

static inline guint16
get16 (const guint8 *p)
{
  return (guint16) ((p[0] << 8) | p[1]);
}

static inline guint32
get32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

/* Bytes the options other than SACK blocks take. Every option Linux writes
 * fills whole 32-bit words (padded in front with NOPs), so the layout never
 * needs padding at the end. */
static gsize
options_fixed_length (const HsTcpOptions *options)
{
  gsize len = 0;

  if (options->present & HS_TCP_OPT_MSS)
    len += OPTLEN_MSS;

  /* With timestamps, SACK-permitted takes the place of the two NOPs in
   * front of them and costs nothing; alone it needs a word of its own. */
  if (options->present & HS_TCP_OPT_TIMESTAMP)
    len += 2 + OPTLEN_TIMESTAMP;
  else if (options->present & HS_TCP_OPT_SACK_PERM)
    len += 2 + OPTLEN_SACK_PERM;

  if (options->present & HS_TCP_OPT_WSCALE)
    len += 1 + OPTLEN_WSCALE;

  return len;
}

/* How many SACK blocks fit after @fixed bytes of other options; the rest
 * are dropped, as tcp_established_options() in Linux drops them (with
 * timestamps, that leaves room for three). */
static guint
options_sack_blocks (const HsTcpOptions *options,
                     gsize               fixed)
{
  guint remaining;
  guint wanted;

  if ((options->present & HS_TCP_OPT_SACK) == 0)
    return 0;

  wanted = MIN (options->n_sack, HS_TCP_MAX_SACK_BLOCKS);
  /* @fixed is at most 20 bytes (a full SYN), so this neither wraps nor truncates. */
  remaining = (guint) (MAX_OPTION_SPACE - fixed);

  if (remaining < SACK_BASE_ALIGNED + OPTLEN_SACK_PERBLOCK)
    return 0;

  return MIN (wanted, (remaining - SACK_BASE_ALIGNED) / OPTLEN_SACK_PERBLOCK);
}

gsize
hs_tcp_options_encoded_length (const HsTcpOptions *options)
{
  gsize fixed;
  guint n_sack;

  g_return_val_if_fail (options != NULL, 0);

  fixed = options_fixed_length (options);
  n_sack = options_sack_blocks (options, fixed);

  if (n_sack == 0)
    return fixed;

  return fixed + SACK_BASE_ALIGNED + n_sack * OPTLEN_SACK_PERBLOCK;
}

/* The order is tcp_options_write() in net/ipv4/tcp_output.c: MSS,
 * timestamps (SACK-permitted folded into their leading word), SACK-permitted
 * alone, window scale, SACK blocks. On a SYN that reads MSS, SACK_PERM, TS,
 * NOP, WS; on an established segment NOP, NOP, TS, NOP, NOP, SACK. */
static guint8 *
options_write (const HsTcpOptions *options,
               guint8             *p)
{
  guint n_sack = options_sack_blocks (options, options_fixed_length (options));

  if (options->present & HS_TCP_OPT_MSS)
    {
      *p++ = OPT_MSS;
      *p++ = OPTLEN_MSS;
      put16 (p, options->mss);
      p += 2;
    }

  if (options->present & HS_TCP_OPT_TIMESTAMP)
    {
      if (options->present & HS_TCP_OPT_SACK_PERM)
        {
          *p++ = OPT_SACK_PERM;
          *p++ = OPTLEN_SACK_PERM;
        }
      else
        {
          *p++ = OPT_NOP;
          *p++ = OPT_NOP;
        }
      *p++ = OPT_TIMESTAMP;
      *p++ = OPTLEN_TIMESTAMP;
      put32 (p, options->ts_val);
      put32 (p + 4, options->ts_ecr);
      p += 8;
    }
  else if (options->present & HS_TCP_OPT_SACK_PERM)
    {
      *p++ = OPT_NOP;
      *p++ = OPT_NOP;
      *p++ = OPT_SACK_PERM;
      *p++ = OPTLEN_SACK_PERM;
    }

  if (options->present & HS_TCP_OPT_WSCALE)
    {
      *p++ = OPT_NOP;
      *p++ = OPT_WSCALE;
      *p++ = OPTLEN_WSCALE;
      *p++ = options->wscale;
    }

  if (n_sack > 0)
    {
      *p++ = OPT_NOP;
      *p++ = OPT_NOP;
      *p++ = OPT_SACK;
      *p++ = (guint8) (OPTLEN_SACK_BASE + n_sack * OPTLEN_SACK_PERBLOCK);
      for (guint i = 0; i < n_sack; i++)
        {
          put32 (p, options->sack[i].left);
          put32 (p + 4, options->sack[i].right);
          p += 8;
        }
    }

  return p;
}

static gsize
segment_header_length (const HsTcpHeader *header)
{
  return HS_TCP_MIN_HEADER_LEN + hs_tcp_options_encoded_length (&header->options);
}

/* Writes header and payload with a zero checksum field; the caller sums
 * them over its pseudo-header and fills the field in. */
static gsize
segment_write (HsTcpHeader  *header,
               const guint8 *payload,
               gsize         payload_len,
               guint8       *out,
               gsize         out_len)
{
  gsize header_len = segment_header_length (header);
  G_GNUC_UNUSED guint8 *end;  /* only checked, and not at all with G_DISABLE_ASSERT */

  g_assert (header_len <= HS_TCP_MAX_HEADER_LEN);
  g_assert (header_len % 4 == 0);

  if (out_len < header_len || out_len - header_len < payload_len)
    return 0;

  header->data_offset = (guint8) (header_len / 4);
  header->checksum = 0;

  put16 (out + 0, header->src_port);
  put16 (out + 2, header->dst_port);
  put32 (out + 4, header->seq);
  put32 (out + 8, header->ack);
  /* The low nibble of byte 12 holds reserved bits and AccECN's AE bit,
   * which this engine does not send. */
  out[12] = (guint8) (header->data_offset << 4);
  out[13] = header->flags;
  put16 (out + 14, header->window);
  put16 (out + 16, 0);
  put16 (out + 18, header->urgent);

  /* options_write() and hs_tcp_options_encoded_length() must agree. */
  end = options_write (&header->options, out + HS_TCP_MIN_HEADER_LEN);
  g_assert (end == out + header_len);

  if (payload_len > 0)
    memcpy (out + header_len, payload, payload_len);

  return header_len + payload_len;
}

gsize
hs_tcp_segment_encode_ipv4 (HsTcpHeader  *header,
                            guint32       src_addr,
                            guint32       dst_addr,
                            const guint8 *payload,
                            gsize         payload_len,
                            guint8       *out,
                            gsize         out_len)
{
  gsize len;

  g_return_val_if_fail (header != NULL, 0);
  g_return_val_if_fail (payload != NULL || payload_len == 0, 0);
  g_return_val_if_fail (out != NULL || out_len == 0, 0);

  /* The IPv4 pseudo-header carries the TCP length in 16 bits; a longer
   * segment cannot travel in IPv4 at all. */
  if (payload_len > G_MAXUINT16 - segment_header_length (header))
    return 0;

  len = segment_write (header, payload, payload_len, out, out_len);
  if (len == 0)
    return 0;

  header->checksum = hs_tcp_checksum_ipv4 (src_addr, dst_addr, out, len);
  put16 (out + 16, header->checksum);

  return len;
}

gsize
hs_tcp_segment_encode_ipv6 (HsTcpHeader  *header,
                            const guint8 *src_addr,
                            const guint8 *dst_addr,
                            const guint8 *payload,
                            gsize         payload_len,
                            guint8       *out,
                            gsize         out_len)
{
  gsize len;

  g_return_val_if_fail (header != NULL, 0);
  g_return_val_if_fail (src_addr != NULL, 0);
  g_return_val_if_fail (dst_addr != NULL, 0);
  g_return_val_if_fail (payload != NULL || payload_len == 0, 0);
  g_return_val_if_fail (out != NULL || out_len == 0, 0);

  /* Even a jumbogram's upper-layer length is 32 bits (RFC 8200 section 8.1). */
  if ((guint64) payload_len > G_MAXUINT32 - segment_header_length (header))
    return 0;

  len = segment_write (header, payload, payload_len, out, out_len);
  if (len == 0)
    return 0;

  header->checksum = hs_tcp_checksum_ipv6 (src_addr, dst_addr, out, len);
  put16 (out + 16, header->checksum);

  return len;
}

/* A 64-bit accumulator cannot overflow for any segment that fits in memory,
 * so the carries are folded once, at the end. */
static guint64
sum_bytes (guint64       sum,
           const guint8 *data,
           gsize         len)
{
  gsize i;

  for (i = 0; i + 1 < len; i += 2)
    sum += get16 (data + i);

  /* An odd last byte is summed as if a zero byte followed it. */
  if (i < len)
    sum += (guint64) data[i] << 8;

  return sum;
}

static guint16
sum_finish (guint64 sum)
{
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);

  return (guint16) ~sum;
}

guint16
hs_tcp_checksum_ipv4 (guint32       src_addr,
                      guint32       dst_addr,
                      const guint8 *segment,
                      gsize         len)
{
  guint64 sum = 0;

  g_return_val_if_fail (segment != NULL || len == 0, 0);
  g_return_val_if_fail (len <= G_MAXUINT16, 0);

  /* Pseudo-header (RFC 9293 section 3.1): source, destination, a zero
   * byte, the protocol, the TCP length. */
  sum += src_addr >> 16;
  sum += src_addr & 0xffff;
  sum += dst_addr >> 16;
  sum += dst_addr & 0xffff;
  sum += TCP_PROTOCOL;
  sum += len;

  return sum_finish (sum_bytes (sum, segment, len));
}

guint16
hs_tcp_checksum_ipv6 (const guint8 *src_addr,
                      const guint8 *dst_addr,
                      const guint8 *segment,
                      gsize         len)
{
  guint64 sum = 0;
  guint32 len32;

  g_return_val_if_fail (src_addr != NULL, 0);
  g_return_val_if_fail (dst_addr != NULL, 0);
  g_return_val_if_fail (segment != NULL || len == 0, 0);
  g_return_val_if_fail ((guint64) len <= G_MAXUINT32, 0);

  len32 = (guint32) len;

  /* Pseudo-header (RFC 8200 section 8.1): source, destination, a 32-bit
   * upper-layer length, three zero bytes, the next-header value. */
  sum = sum_bytes (sum, src_addr, 16);
  sum = sum_bytes (sum, dst_addr, 16);
  sum += len32 >> 16;
  sum += len32 & 0xffff;
  sum += TCP_PROTOCOL;

  return sum_finish (sum_bytes (sum, segment, len));
}

/* @name is the option as Wireshark names it, which is not translated. */
static gboolean
check_option_length (const char  *name,
                     guint        kind,
                     guint        offset,
                     guint        len,
                     guint        expected,
                     GError     **error)
{
  if (len == expected)
    return TRUE;

  g_set_error (error, HS_ERROR, HS_ERROR_PARSE,
               /* Translators: %s is the option's name as Wireshark writes
                * it (MSS, WS, SACK_PERM, TS), followed by its kind number;
                * offsets count bytes from the start of the TCP header. */
               _("TCP option %s (kind %u) at offset %u has length %u, but it must be %u"),
               name, kind, offset, len, expected);
  return FALSE;
}

static gboolean
options_decode (const guint8  *data,
                guint          header_len,
                HsTcpOptions  *options,
                GError       **error)
{
  guint i = HS_TCP_MIN_HEADER_LEN;

  while (i < header_len)
    {
      guint kind = data[i];
      guint len;

      /* What follows an end-of-list is padding, whatever it holds. */
      if (kind == OPT_EOL)
        break;

      if (kind == OPT_NOP)
        {
          i++;
          continue;
        }

      if (i + 1 >= header_len)
        {
          g_set_error (error, HS_ERROR, HS_ERROR_PARSE,
                       _("TCP option %u at offset %u runs past the end of the header"),
                       kind, i);
          return FALSE;
        }

      len = data[i + 1];

      /* A length below 2 would make the walk stand still or go back. */
      if (len < 2)
        {
          g_set_error (error, HS_ERROR, HS_ERROR_PARSE,
                       _("TCP option %u at offset %u has length %u, below the minimum of 2"),
                       kind, i, len);
          return FALSE;
        }

      if (i + len > header_len)
        {
          g_set_error (error, HS_ERROR, HS_ERROR_PARSE,
                       _("TCP option %u at offset %u runs past the end of the header"),
                       kind, i);
          return FALSE;
        }

      switch (kind)
        {
        case OPT_MSS:
          if (!check_option_length ("MSS", kind, i, len, OPTLEN_MSS, error))
            return FALSE;
          options->present |= HS_TCP_OPT_MSS;
          options->mss = get16 (data + i + 2);
          break;

        case OPT_WSCALE:
          if (!check_option_length ("WS", kind, i, len, OPTLEN_WSCALE, error))
            return FALSE;
          options->present |= HS_TCP_OPT_WSCALE;
          /* Kept as sent, even above 14, so that re-encoding gives back
           * the same bytes; RFC 7323 section 2.3 has the receiver use 14. */
          options->wscale = data[i + 2];
          break;

        case OPT_SACK_PERM:
          if (!check_option_length ("SACK_PERM", kind, i, len, OPTLEN_SACK_PERM, error))
            return FALSE;
          options->present |= HS_TCP_OPT_SACK_PERM;
          break;

        case OPT_TIMESTAMP:
          if (!check_option_length ("TS", kind, i, len, OPTLEN_TIMESTAMP, error))
            return FALSE;
          options->present |= HS_TCP_OPT_TIMESTAMP;
          options->ts_val = get32 (data + i + 2);
          options->ts_ecr = get32 (data + i + 6);
          break;

        case OPT_SACK:
          if (len < OPTLEN_SACK_BASE + OPTLEN_SACK_PERBLOCK ||
              (len - OPTLEN_SACK_BASE) % OPTLEN_SACK_PERBLOCK != 0)
            {
              g_set_error (error, HS_ERROR, HS_ERROR_PARSE,
                           _("TCP option SACK (kind 5) at offset %u has length %u, "
                             "but it must be 2 plus 8 for each block (10, 18, 26 or 34)"),
                           i, len);
              return FALSE;
            }
          options->present |= HS_TCP_OPT_SACK;
          for (guint j = i + OPTLEN_SACK_BASE;
               j < i + len && options->n_sack < HS_TCP_MAX_SACK_BLOCKS;
               j += OPTLEN_SACK_PERBLOCK)
            {
              options->sack[options->n_sack].left = get32 (data + j);
              options->sack[options->n_sack].right = get32 (data + j + 4);
              options->n_sack++;
            }
          break;

        default:
          /* Unknown to us (MPTCP, TCP-AO, Fast Open, ...), but its length
           * says where the next one starts. */
          break;
        }

      i += len;
    }

  return TRUE;
}

gboolean
hs_tcp_header_decode (const guint8  *data,
                      gsize          len,
                      HsTcpHeader   *header,
                      gsize         *header_len,
                      GError       **error)
{
  HsTcpHeader h = { 0, };
  guint hlen;

  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (header != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* The lengths in messages below are cast to guint: xgettext cannot see
   * through G_GSIZE_FORMAT, and every one of them is below 60 there. */
  if (len < HS_TCP_MIN_HEADER_LEN)
    {
      g_set_error (error, HS_ERROR, HS_ERROR_PARSE,
                   _("TCP header has only %u bytes, below the minimum of 20"),
                   (guint) len);
      return FALSE;
    }

  h.src_port = get16 (data + 0);
  h.dst_port = get16 (data + 2);
  h.seq = get32 (data + 4);
  h.ack = get32 (data + 8);
  h.data_offset = data[12] >> 4;
  h.flags = data[13];
  h.window = get16 (data + 14);
  h.checksum = get16 (data + 16);
  h.urgent = get16 (data + 18);

  if (h.data_offset < HS_TCP_MIN_HEADER_LEN / 4)
    {
      g_set_error (error, HS_ERROR, HS_ERROR_PARSE,
                   _("TCP data offset %u is below the minimum of 5"),
                   h.data_offset);
      return FALSE;
    }

  hlen = h.data_offset * 4u;

  if (hlen > len)
    {
      g_set_error (error, HS_ERROR, HS_ERROR_PARSE,
                   _("TCP data offset %u puts the end of the header at byte %u, past the %u bytes present"),
                   h.data_offset, hlen, (guint) len);
      return FALSE;
    }

  if (!options_decode (data, hlen, &h.options, error))
    return FALSE;

  /* Only now, so that a failed decode leaves the caller's header as it was. */
  *header = h;
  if (header_len != NULL)
    *header_len = hlen;

  return TRUE;
}

char *
hs_tcp_options_to_string (const HsTcpOptions *options)
{
  GString *str;

  g_return_val_if_fail (options != NULL, NULL);

  str = g_string_new (NULL);

  /* Linux's wire order, which is also the order Wireshark lists them in
   * for a Linux segment. */
  if (options->present & HS_TCP_OPT_MSS)
    g_string_append_printf (str, " MSS=%u", options->mss);

  if (options->present & HS_TCP_OPT_SACK_PERM)
    g_string_append (str, " SACK_PERM");

  if (options->present & HS_TCP_OPT_TIMESTAMP)
    g_string_append_printf (str, " TSval=%u TSecr=%u", options->ts_val, options->ts_ecr);

  /* Wireshark shows the multiplier, not the shift; a shift above 14 is
   * used as 14 (RFC 7323 section 2.3), and the multiplier shows that. */
  if (options->present & HS_TCP_OPT_WSCALE)
    g_string_append_printf (str, " WS=%u", 1u << MIN (options->wscale, 14));

  if (options->present & HS_TCP_OPT_SACK)
    {
      guint n = MIN (options->n_sack, HS_TCP_MAX_SACK_BLOCKS);

      for (guint i = 0; i < n; i++)
        g_string_append_printf (str, " SLE=%u SRE=%u",
                                options->sack[i].left,
                                options->sack[i].right);
    }

  /* Every part above starts with a space; drop the first one. */
  if (str->len > 0)
    g_string_erase (str, 0, 1);

  return g_string_free (str, FALSE);
}
