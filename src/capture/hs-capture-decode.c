/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-capture-decode.c: from a captured frame to its TCP header: the link
 * layers Linux and the BSDs capture with, VLAN tags, IPv4 and IPv6. */

#define G_LOG_DOMAIN "hs-capture"

#include "config.h"

#include <arpa/inet.h>
#include <string.h>

#include <pcap/pcap.h>

#include "hs-capture-private.h"

#define ETHERTYPE_IPV4   0x0800
#define ETHERTYPE_IPV6   0x86dd
#define ETHERTYPE_VLAN   0x8100
#define ETHERTYPE_QINQ   0x88a8
#define ETHERTYPE_QINQ2  0x9100

#define IPPROTO_TCP_     6
#define MAX_VLAN_TAGS    4

/* Link types that pcap files name in several ways. */
#ifndef DLT_IPV4
#define DLT_IPV4 228
#endif
#ifndef DLT_IPV6
#define DLT_IPV6 229
#endif
#ifndef DLT_LINUX_SLL2
#define DLT_LINUX_SLL2 276
#endif
#define DLT_RAW_OPENBSD  14
#define LINKTYPE_RAW_    101

static inline guint16
get16 (const guint8 *p)
{
  return (guint16) ((p[0] << 8) | p[1]);
}

static inline guint32
get32_le (const guint8 *p)
{
  return (guint32) p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16) | ((guint32) p[3] << 24);
}

static inline guint32
get32_be (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | (guint32) p[3];
}

gboolean
hs_capture_linktype_supported (int linktype)
{
  switch (linktype)
    {
    case DLT_EN10MB:
    case DLT_LINUX_SLL:
    case DLT_LINUX_SLL2:
    case DLT_RAW:
    case DLT_RAW_OPENBSD:
    case LINKTYPE_RAW_:
    case DLT_IPV4:
    case DLT_IPV6:
    case DLT_NULL:
    case DLT_LOOP:
      return TRUE;
    default:
      return FALSE;
    }
}

/* The TCP header at @tcp, with @tcp_len bytes on the wire of which
 * @captured are in the file. */
static HsDecodeResult
decode_tcp (const guint8    *tcp,
            guint32          captured,
            guint32          tcp_len,
            HsCapturePacket *packet)
{
  guint8 padded[HS_TCP_MAX_HEADER_LEN];
  const guint8 *header = tcp;
  gsize header_len = 0;
  guint hlen;

  if (captured < HS_TCP_MIN_HEADER_LEN || tcp_len < HS_TCP_MIN_HEADER_LEN)
    return HS_DECODE_MALFORMED;

  hlen = (tcp[12] >> 4) * 4u;
  if (hlen < HS_TCP_MIN_HEADER_LEN || hlen > tcp_len)
    return HS_DECODE_MALFORMED;

  /* A snapshot that cuts the options: the missing bytes read as the end of
   * the option list, so the options before the cut are kept. */
  if (captured < hlen)
    {
      memset (padded, 0, sizeof padded);
      memcpy (padded, tcp, captured);
      header = padded;
      packet->truncated = TRUE;
    }

  if (!hs_tcp_header_decode (header, hlen, &packet->header, &header_len, NULL))
    {
      /* Options that contradict themselves: keep the fixed header. */
      memset (padded, 0, sizeof padded);
      memcpy (padded, tcp, HS_TCP_MIN_HEADER_LEN);
      padded[12] = 5 << 4 | (tcp[12] & 0x0f);
      if (!hs_tcp_header_decode (padded, HS_TCP_MIN_HEADER_LEN, &packet->header, &header_len, NULL))
        return HS_DECODE_MALFORMED;
      packet->header.data_offset = (guint8) (hlen / 4);
    }

  packet->seglen = tcp_len - hlen;
  if (captured < tcp_len)
    packet->truncated = TRUE;

  return HS_DECODE_TCP;
}

static HsDecodeResult
decode_ipv4 (const guint8    *ip,
             guint32          captured,
             guint32          on_wire,
             HsCapturePacket *packet)
{
  guint ihl;
  guint32 total;
  guint16 frag;

  if (captured < 20)
    return HS_DECODE_MALFORMED;
  if ((ip[0] >> 4) != 4)
    return HS_DECODE_MALFORMED;

  ihl = (ip[0] & 0x0f) * 4u;
  total = get16 (ip + 2);

  /* 0 is what a capture of TCP segmentation offload shows. */
  if (total == 0)
    total = on_wire;
  if (ihl < 20 || total < ihl || captured < ihl)
    return HS_DECODE_MALFORMED;
  if (total > on_wire)
    total = on_wire;

  if (ip[9] != IPPROTO_TCP_)
    return HS_DECODE_NOT_TCP;

  frag = get16 (ip + 6);
  if ((frag & 0x2000) != 0 || (frag & 0x1fff) != 0)
    return HS_DECODE_FRAGMENT;

  packet->family = 4;
  memset (packet->src, 0, sizeof packet->src);
  memset (packet->dst, 0, sizeof packet->dst);
  memcpy (packet->src, ip + 12, 4);
  memcpy (packet->dst, ip + 16, 4);

  return decode_tcp (ip + ihl, MIN (captured, total) - ihl, total - ihl, packet);
}

static HsDecodeResult
decode_ipv6 (const guint8    *ip,
             guint32          captured,
             guint32          on_wire,
             HsCapturePacket *packet)
{
  guint32 payload;
  guint32 offset = 40;
  guint8 next;

  if (captured < 40)
    return HS_DECODE_MALFORMED;
  if ((ip[0] >> 4) != 6)
    return HS_DECODE_MALFORMED;

  payload = get16 (ip + 4);
  if (payload == 0)          /* jumbogram or offload: trust the frame */
    payload = on_wire >= 40 ? on_wire - 40 : 0;
  if (40 + payload > on_wire)
    payload = on_wire >= 40 ? on_wire - 40 : 0;

  next = ip[6];

  /* Extension headers before TCP. */
  for (guint hops = 0; next != IPPROTO_TCP_; hops++)
    {
      guint32 len;

      if (hops > 16)
        return HS_DECODE_MALFORMED;

      switch (next)
        {
        case 0:    /* hop-by-hop options */
        case 43:   /* routing */
        case 60:   /* destination options */
          if (offset + 2 > captured)
            return HS_DECODE_MALFORMED;
          len = (ip[offset + 1] + 1u) * 8u;
          break;

        case 44:   /* fragment */
          if (offset + 8 > captured)
            return HS_DECODE_MALFORMED;
          if ((get16 (ip + offset + 2) & 0xfff9) != 0)
            return HS_DECODE_FRAGMENT;
          len = 8;
          break;

        case 51:   /* authentication header */
          if (offset + 2 > captured)
            return HS_DECODE_MALFORMED;
          len = (ip[offset + 1] + 2u) * 4u;
          break;

        default:
          return HS_DECODE_NOT_TCP;
        }

      next = ip[offset];
      offset += len;
      if (offset > 40 + payload)
        return HS_DECODE_MALFORMED;
    }

  if (offset > captured)
    return HS_DECODE_MALFORMED;

  packet->family = 6;
  memcpy (packet->src, ip + 8, 16);
  memcpy (packet->dst, ip + 24, 16);

  return decode_tcp (ip + offset, MIN (captured, 40 + payload) - offset, 40 + payload - offset, packet);
}

/* @data points at an IP header, or at a type that says which. */
static HsDecodeResult
decode_ip (guint          ethertype_or_version,
           const guint8  *data,
           guint32        captured,
           guint32        on_wire,
           HsCapturePacket *packet)
{
  switch (ethertype_or_version)
    {
    case ETHERTYPE_IPV4:
    case 4:
      return decode_ipv4 (data, captured, on_wire, packet);
    case ETHERTYPE_IPV6:
    case 6:
      return decode_ipv6 (data, captured, on_wire, packet);
    default:
      return HS_DECODE_NOT_TCP;
    }
}

/* An EtherType at @data[0..1], possibly the first of VLAN tags. */
static HsDecodeResult
decode_ethertype (const guint8    *data,
                  guint32          captured,
                  guint32          on_wire,
                  HsCapturePacket *packet)
{
  guint16 type;
  guint tags = 0;

  for (;;)
    {
      if (captured < 2)
        return HS_DECODE_MALFORMED;
      type = get16 (data);

      if (type != ETHERTYPE_VLAN && type != ETHERTYPE_QINQ && type != ETHERTYPE_QINQ2)
        break;

      /* A tag: two bytes of TCI, then the next type. */
      if (++tags > MAX_VLAN_TAGS || captured < 6 || on_wire < 6)
        return HS_DECODE_MALFORMED;
      data += 4;
      captured -= 4;
      on_wire -= 4;
    }

  if (type <= 1500)          /* an 802.3 length: LLC follows, not IP */
    return HS_DECODE_NOT_TCP;

  return decode_ip (type, data + 2, captured - 2, on_wire >= 2 ? on_wire - 2 : 0, packet);
}

/* BSD loopback: an address family in 4 bytes. */
static HsDecodeResult
decode_loopback (guint32          family,
                 const guint8    *data,
                 guint32          captured,
                 guint32          on_wire,
                 HsCapturePacket *packet)
{
  switch (family)
    {
    case 2:                  /* AF_INET everywhere */
      return decode_ip (4, data, captured, on_wire, packet);
    case 10:                 /* AF_INET6: Linux */
    case 24:                 /* NetBSD, OpenBSD, BSD/OS */
    case 28:                 /* FreeBSD, DragonFly */
    case 30:                 /* macOS */
      return decode_ip (6, data, captured, on_wire, packet);
    default:
      return HS_DECODE_NOT_TCP;
    }
}

HsDecodeResult
hs_capture_decode_frame (int              linktype,
                         const guint8    *data,
                         guint32          caplen,
                         guint32          wire_len,
                         HsCapturePacket *packet)
{
  guint32 on_wire = MAX (wire_len, caplen);

  packet->wire_len = wire_len;
  packet->truncated = FALSE;

  switch (linktype)
    {
    case DLT_EN10MB:
      if (caplen < 14)
        return HS_DECODE_MALFORMED;
      return decode_ethertype (data + 12, caplen - 12, on_wire - 12, packet);

    case DLT_LINUX_SLL:
      if (caplen < 16)
        return HS_DECODE_MALFORMED;
      return decode_ethertype (data + 14, caplen - 14, on_wire - 14, packet);

    case DLT_LINUX_SLL2:
      if (caplen < 20)
        return HS_DECODE_MALFORMED;
      {
        guint16 type = get16 (data);

        if (type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ || type == ETHERTYPE_QINQ2)
          {
            /* The tag follows the header, the type names it. */
            if (caplen < 24)
              return HS_DECODE_MALFORMED;
            return decode_ethertype (data + 22, caplen - 22, on_wire - 22, packet);
          }
        return decode_ip (type, data + 20, caplen - 20, on_wire - 20, packet);
      }

    case DLT_RAW:
    case DLT_RAW_OPENBSD:
    case LINKTYPE_RAW_:
    case DLT_IPV4:
    case DLT_IPV6:
      if (caplen < 1)
        return HS_DECODE_MALFORMED;
      return decode_ip (data[0] >> 4, data, caplen, on_wire, packet);

    case DLT_NULL:
      if (caplen < 4)
        return HS_DECODE_MALFORMED;
      {
        /* In the byte order of the machine that captured. */
        guint32 family = get32_le (data);

        if (family > 0xffff)
          family = get32_be (data);
        return decode_loopback (family, data + 4, caplen - 4, on_wire - 4, packet);
      }

    case DLT_LOOP:
      if (caplen < 4)
        return HS_DECODE_MALFORMED;
      return decode_loopback (get32_be (data), data + 4, caplen - 4, on_wire - 4, packet);

    default:
      return HS_DECODE_NOT_TCP;
    }
}

char *
hs_capture_format_address (guint8        family,
                           const guint8 *address)
{
  char buf[INET6_ADDRSTRLEN];

  if (inet_ntop (family == 6 ? AF_INET6 : AF_INET, address, buf, sizeof buf) == NULL)
    return g_strdup ("?");

  return g_strdup (buf);
}

char *
hs_capture_format_endpoint (const char *address,
                            guint16     port)
{
  if (strchr (address, ':') != NULL)
    return g_strdup_printf ("[%s]:%u", address, port);

  return g_strdup_printf ("%s:%u", address, port);
}
