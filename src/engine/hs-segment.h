/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-segment.h: a TCP header with its options, and its wire encoding. */

#pragma once

#include <glib.h>

#include "hs-types.h"

G_BEGIN_DECLS

#define HS_TCP_MIN_HEADER_LEN   20
#define HS_TCP_MAX_HEADER_LEN   60
#define HS_TCP_MAX_SACK_BLOCKS  4

/* Which options a header carries. */
typedef enum
{
  HS_TCP_OPT_MSS        = 1 << 0,
  HS_TCP_OPT_WSCALE     = 1 << 1,
  HS_TCP_OPT_SACK_PERM  = 1 << 2,
  HS_TCP_OPT_SACK       = 1 << 3,
  HS_TCP_OPT_TIMESTAMP  = 1 << 4,
} HsTcpOptionMask;

typedef struct
{
  guint32 left;    /* first sequence number of the block */
  guint32 right;   /* sequence number just past the block */
} HsSackBlock;

typedef struct
{
  guint8      present;   /* HsTcpOptionMask */
  guint8      wscale;    /* shift count, 0..14 */
  guint8      n_sack;    /* blocks used in @sack */
  guint16     mss;
  guint32     ts_val;
  guint32     ts_ecr;
  HsSackBlock sack[HS_TCP_MAX_SACK_BLOCKS];
} HsTcpOptions;

typedef struct
{
  guint16      src_port;
  guint16      dst_port;
  guint32      seq;
  guint32      ack;
  guint8       data_offset;  /* header length in 32-bit words; set by encode and decode */
  guint8       flags;        /* HsTcpFlags */
  guint16      window;       /* the raw 16-bit field, before window scaling */
  guint16      checksum;     /* set by encode, read by decode */
  guint16      urgent;
  HsTcpOptions options;
} HsTcpHeader;

/* Length in bytes of the options as encode lays them out (a multiple of 4). */
gsize    hs_tcp_options_encoded_length (const HsTcpOptions *options);

/* Encodes @header followed by @payload into @out, the way Linux lays options
 * out (SYN: MSS, SACK-permitted, timestamps, NOP, window scale; otherwise NOP,
 * NOP, timestamps, then NOP, NOP, SACK blocks). Fills in header->data_offset
 * and header->checksum (computed over the IPv4 pseudo-header of @src_addr and
 * @dst_addr, in host byte order). Returns the number of bytes written, or 0
 * when @out_len is too small. */
gsize    hs_tcp_segment_encode_ipv4   (HsTcpHeader        *header,
                                       guint32             src_addr,
                                       guint32             dst_addr,
                                       const guint8       *payload,
                                       gsize               payload_len,
                                       guint8             *out,
                                       gsize               out_len);

/* The same with the IPv6 pseudo-header (addresses are 16 bytes each). */
gsize    hs_tcp_segment_encode_ipv6   (HsTcpHeader        *header,
                                       const guint8       *src_addr,
                                       const guint8       *dst_addr,
                                       const guint8       *payload,
                                       gsize               payload_len,
                                       guint8             *out,
                                       gsize               out_len);

/* Decodes a TCP header (and its options) from @data. On success sets
 * *@header_len to the header's length in bytes (the payload follows).
 * Fails with HS_ERROR_PARSE naming the field that is wrong (a data offset
 * below 5 or past @len, an option running past the header, a bad option
 * length). Unknown options are skipped. */
gboolean hs_tcp_header_decode         (const guint8       *data,
                                       gsize               len,
                                       HsTcpHeader        *header,
                                       gsize              *header_len,
                                       GError            **error);

/* The Internet checksum of @segment (header and payload, with its checksum
 * field as it is) over the IPv4 pseudo-header. A segment whose checksum is
 * right sums to 0. Addresses in host byte order. */
guint16  hs_tcp_checksum_ipv4         (guint32             src_addr,
                                       guint32             dst_addr,
                                       const guint8       *segment,
                                       gsize               len);
guint16  hs_tcp_checksum_ipv6         (const guint8       *src_addr,
                                       const guint8       *dst_addr,
                                       const guint8       *segment,
                                       gsize               len);

/* "MSS=1460 SACK_PERM TSval=1 TSecr=0 WS=128", the way Wireshark's info
 * column spells options; "" when there are none. Newly allocated. */
char    *hs_tcp_options_to_string     (const HsTcpOptions *options);

G_END_DECLS
