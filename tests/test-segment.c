/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-segment.c: TCP header encoding and decoding, checked against bytes a real Linux kernel sent. */

#include <string.h>

#include <glib.h>

#include "hs-error.h"
#include "hs-segment.h"
#include "hs-types.h"

/* From /work/shared/captures/handshake-data-close.pcap (Linux 6.18, kernel
 * defaults), extracted with `tshark -r handshake-data-close.pcap -x`: the
 * TCP header and payload of each frame, after the Ethernet and IPv4 headers.
 * The client is 10.99.0.1, the server 10.99.0.2. */
#define CLIENT_ADDR  0x0a630001u
#define SERVER_ADDR  0x0a630002u

/* Frame 1: the client's SYN. */
static const guint8 syn_bytes[] = {
  0xa8, 0x5a, 0x13, 0x88, 0x72, 0xa1, 0xfc, 0x0b,
  0x00, 0x00, 0x00, 0x00, 0xa0, 0x02, 0xfa, 0xf0,
  0xd4, 0x12, 0x00, 0x00, 0x02, 0x04, 0x05, 0xb4,
  0x04, 0x02, 0x08, 0x0a, 0x1d, 0x91, 0x1c, 0x10,
  0x00, 0x00, 0x00, 0x00, 0x01, 0x03, 0x03, 0x0a,
};

/* Frame 2: the server's SYN+ACK. */
static const guint8 syn_ack_bytes[] = {
  0x13, 0x88, 0xa8, 0x5a, 0x12, 0x2d, 0x73, 0x7a,
  0x72, 0xa1, 0xfc, 0x0c, 0xa0, 0x12, 0xfe, 0x88,
  0xcf, 0x92, 0x00, 0x00, 0x02, 0x04, 0x05, 0xb4,
  0x04, 0x02, 0x08, 0x0a, 0x05, 0x8f, 0x75, 0xa0,
  0x1d, 0x91, 0x1c, 0x10, 0x01, 0x03, 0x03, 0x0a,
};

/* Frame 3: the client's ACK that completes the handshake. */
static const guint8 ack_bytes[] = {
  0xa8, 0x5a, 0x13, 0x88, 0x72, 0xa1, 0xfc, 0x0c,
  0x12, 0x2d, 0x73, 0x7b, 0x80, 0x10, 0x00, 0x3f,
  0xfc, 0xab, 0x00, 0x00, 0x01, 0x01, 0x08, 0x0a,
  0x1d, 0x91, 0x1c, 0x10, 0x05, 0x8f, 0x75, 0xa0,
};

/* Frame 4: the client's 100 bytes of data (PSH+ACK), as captured: the
 * snap length of 128 cut the payload after 62 bytes. */
static const guint8 data_bytes[] = {
  0xa8, 0x5a, 0x13, 0x88, 0x72, 0xa1, 0xfc, 0x0c,
  0x12, 0x2d, 0x73, 0x7b, 0x80, 0x18, 0x00, 0x3f,
  0xd8, 0xea, 0x00, 0x00, 0x01, 0x01, 0x08, 0x0a,
  0x1d, 0x91, 0x1c, 0x42, 0x05, 0x8f, 0x75, 0xa0,
  0x43, 0x43, 0x43, 0x43, 0x43, 0x43, 0x43, 0x43,
  0x43, 0x43, 0x43, 0x43, 0x43, 0x43, 0x43, 0x43,
  0x43, 0x43, 0x43, 0x43, 0x43, 0x43, 0x43, 0x43,
  0x43, 0x43, 0x43, 0x43, 0x43, 0x43, 0x43, 0x43,
  0x43, 0x43, 0x43, 0x43, 0x43, 0x43, 0x43, 0x43,
  0x43, 0x43, 0x43, 0x43, 0x43, 0x43, 0x43, 0x43,
  0x43, 0x43, 0x43, 0x43, 0x43, 0x43, 0x43, 0x43,
  0x43, 0x43, 0x43, 0x43, 0x43, 0x43,
};
#define DATA_HEADER_LEN   32
#define DATA_PAYLOAD_LEN  100
#define DATA_PAYLOAD_BYTE 0x43

/* From loss-bulk.pcap, frame 247: the server (10.99.0.2) answers the
 * client (10.99.0.1) with a duplicate ACK carrying timestamps and three
 * SACK blocks, a full 60-byte header. */
static const guint8 sack_ack_bytes[] = {
  0x13, 0x88, 0xd8, 0xb8, 0x9a, 0x6e, 0xb4, 0xb3,
  0x48, 0x2e, 0x2a, 0x86, 0xf0, 0x10, 0x01, 0x16,
  0x61, 0xbf, 0x00, 0x00, 0x01, 0x01, 0x08, 0x0a,
  0xec, 0x52, 0xb4, 0xa5, 0xe4, 0xd6, 0xce, 0x09,
  0x01, 0x01, 0x05, 0x1a, 0x48, 0x2f, 0x56, 0x4e,
  0x48, 0x2f, 0x67, 0x46, 0x48, 0x2e, 0xce, 0x8e,
  0x48, 0x2f, 0x50, 0xa6, 0x48, 0x2e, 0x30, 0x2e,
  0x48, 0x2e, 0xc8, 0xe6,
};

/* From refused.pcap, frame 2: the server (10.99.0.2) answers a SYN to a
 * closed port with RST+ACK, a bare 20-byte header. */
static const guint8 rst_bytes[] = {
  0x17, 0x6f, 0xba, 0xa6, 0x00, 0x00, 0x00, 0x00,
  0x81, 0x04, 0xfc, 0x95, 0x50, 0x14, 0x00, 0x00,
  0x4b, 0x58, 0x00, 0x00,
};

/* An IPv6 PSH+ACK with an odd-length payload ("hello"), from 2001:db8::1
 * to 2001:db8:0:1::2. There is no IPv6 capture to take one from, so its
 * checksum (0x9b40) was computed independently, by a few lines of Python
 * that build the RFC 8200 pseudo-header as bytes and sum 16-bit words. */
static const guint8 ipv6_src[16] = {
  0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01,
};
static const guint8 ipv6_dst[16] = {
  0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0x01, 0, 0, 0, 0, 0, 0, 0, 0x02,
};
static const guint8 ipv6_segment_bytes[] = {
  0x01, 0xbb, 0xc7, 0x38, 0x01, 0x02, 0x03, 0x04,
  0xa0, 0xb0, 0xc0, 0xd0, 0x80, 0x18, 0x01, 0xf5,
  0x9b, 0x40, 0x00, 0x00, 0x01, 0x01, 0x08, 0x0a,
  0x00, 0x00, 0x03, 0xe8, 0x00, 0x00, 0x07, 0xd0,
  0x68, 0x65, 0x6c, 0x6c, 0x6f,
};
/* The same segment from 192.0.2.1 to 198.51.100.2, with its checksum
 * field still zero, sums (by the same Python) to 0x0a7f. */
#define DOC_ADDR_1  0xc0000201u
#define DOC_ADDR_2  0xc6336402u

/* The checksum by the book, written apart from the code under test: the
 * RFC 8200 section 8.1 pseudo-header laid out as bytes, then 16-bit words
 * summed with end-around carry. */
static guint16
reference_checksum_ipv6 (const guint8 *src,
                         const guint8 *dst,
                         const guint8 *segment,
                         gsize         len)
{
  guint8 pseudo[40] = { 0, };
  guint32 sum = 0;

  memcpy (pseudo, src, 16);
  memcpy (pseudo + 16, dst, 16);
  pseudo[32] = (guint8) (len >> 24);
  pseudo[33] = (guint8) (len >> 16);
  pseudo[34] = (guint8) (len >> 8);
  pseudo[35] = (guint8) len;
  pseudo[39] = 6;

  for (gsize i = 0; i < sizeof pseudo; i += 2)
    {
      sum += (guint32) (pseudo[i] << 8 | pseudo[i + 1]);
      sum = (sum & 0xffff) + (sum >> 16);
    }
  for (gsize i = 0; i < len; i += 2)
    {
      sum += (guint32) (segment[i] << 8 | (i + 1 < len ? segment[i + 1] : 0));
      sum = (sum & 0xffff) + (sum >> 16);
    }

  return (guint16) ~sum;
}

static void
assert_options_equal (const HsTcpOptions *a,
                      const HsTcpOptions *b)
{
  g_assert_cmphex (a->present, ==, b->present);

  if (a->present & HS_TCP_OPT_MSS)
    g_assert_cmpuint (a->mss, ==, b->mss);
  if (a->present & HS_TCP_OPT_WSCALE)
    g_assert_cmpuint (a->wscale, ==, b->wscale);
  if (a->present & HS_TCP_OPT_TIMESTAMP)
    {
      g_assert_cmpuint (a->ts_val, ==, b->ts_val);
      g_assert_cmpuint (a->ts_ecr, ==, b->ts_ecr);
    }
  if (a->present & HS_TCP_OPT_SACK)
    {
      g_assert_cmpuint (a->n_sack, ==, b->n_sack);
      for (guint i = 0; i < a->n_sack; i++)
        {
          g_assert_cmpuint (a->sack[i].left, ==, b->sack[i].left);
          g_assert_cmpuint (a->sack[i].right, ==, b->sack[i].right);
        }
    }
}

static void
assert_header_equal (const HsTcpHeader *a,
                     const HsTcpHeader *b)
{
  g_assert_cmpuint (a->src_port, ==, b->src_port);
  g_assert_cmpuint (a->dst_port, ==, b->dst_port);
  g_assert_cmpuint (a->seq, ==, b->seq);
  g_assert_cmpuint (a->ack, ==, b->ack);
  g_assert_cmpuint (a->data_offset, ==, b->data_offset);
  g_assert_cmphex (a->flags, ==, b->flags);
  g_assert_cmpuint (a->window, ==, b->window);
  g_assert_cmphex (a->checksum, ==, b->checksum);
  g_assert_cmpuint (a->urgent, ==, b->urgent);
  assert_options_equal (&a->options, &b->options);
}

static void
decode_ok (const guint8 *bytes,
           gsize         len,
           HsTcpHeader  *header,
           gsize        *header_len)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (hs_tcp_header_decode (bytes, len, header, header_len, &error));
  g_assert_no_error (error);
}

/* Decodes @bytes, encodes the result with the payload that followed the
 * header, and expects every byte back, checksum included. */
static void
assert_reencodes_ipv4 (const guint8 *bytes,
                       gsize         len,
                       guint32       src_addr,
                       guint32       dst_addr)
{
  HsTcpHeader header;
  gsize header_len = 0;
  guint8 out[HS_TCP_MAX_HEADER_LEN + 128];
  gsize written;

  g_assert_cmpuint (len, <=, sizeof out);

  decode_ok (bytes, len, &header, &header_len);
  memset (out, 0xee, sizeof out);
  written = hs_tcp_segment_encode_ipv4 (&header, src_addr, dst_addr,
                                        bytes + header_len, len - header_len,
                                        out, sizeof out);
  g_assert_cmpmem (out, written, bytes, len);
  g_assert_cmpuint (header.data_offset * 4u, ==, header_len);
}

static guint8 *
data_segment_restored (gsize *len)
{
  guint8 *segment = g_malloc (DATA_HEADER_LEN + DATA_PAYLOAD_LEN);

  /* The capture kept 62 of the 100 payload bytes, every one of them 'C'.
   * The application sent 100 of them: the checksum of the restored
   * segment verifies, which it would not if any byte were guessed wrong. */
  memcpy (segment, data_bytes, DATA_HEADER_LEN);
  memset (segment + DATA_HEADER_LEN, DATA_PAYLOAD_BYTE, DATA_PAYLOAD_LEN);
  for (gsize i = DATA_HEADER_LEN; i < sizeof data_bytes; i++)
    g_assert_cmpuint (data_bytes[i], ==, DATA_PAYLOAD_BYTE);

  *len = DATA_HEADER_LEN + DATA_PAYLOAD_LEN;
  return segment;
}

static void
test_encode_syn (void)
{
  HsTcpHeader header = { 0, };
  guint8 out[HS_TCP_MAX_HEADER_LEN];
  gsize written;

  g_test_summary ("Encoding the client's SYN from its fields gives the exact bytes Linux sent, checksum included");

  header.src_port = 43098;
  header.dst_port = 5000;
  header.seq = 1923218443;
  header.ack = 0;
  header.flags = HS_TCP_SYN;
  header.window = 64240;
  header.urgent = 0;
  header.options.present = HS_TCP_OPT_MSS | HS_TCP_OPT_SACK_PERM |
                           HS_TCP_OPT_TIMESTAMP | HS_TCP_OPT_WSCALE;
  header.options.mss = 1460;
  header.options.wscale = 10;
  header.options.ts_val = 496049168;
  header.options.ts_ecr = 0;

  g_assert_cmpuint (hs_tcp_options_encoded_length (&header.options), ==, 20);

  memset (out, 0xee, sizeof out);
  written = hs_tcp_segment_encode_ipv4 (&header, CLIENT_ADDR, SERVER_ADDR,
                                        NULL, 0, out, sizeof out);
  g_assert_cmpmem (out, written, syn_bytes, sizeof syn_bytes);
  g_assert_cmpuint (header.data_offset, ==, 10);
  g_assert_cmphex (header.checksum, ==, 0xd412);
}

static void
test_decode_syn (void)
{
  HsTcpHeader header;
  gsize header_len = 0;

  g_test_summary ("Decoding Linux's SYN gives the fields tshark shows for frame 1");

  decode_ok (syn_bytes, sizeof syn_bytes, &header, &header_len);

  g_assert_cmpuint (header_len, ==, 40);
  g_assert_cmpuint (header.src_port, ==, 43098);
  g_assert_cmpuint (header.dst_port, ==, 5000);
  g_assert_cmpuint (header.seq, ==, 1923218443);
  g_assert_cmpuint (header.ack, ==, 0);
  g_assert_cmpuint (header.data_offset, ==, 10);
  g_assert_cmphex (header.flags, ==, HS_TCP_SYN);
  g_assert_cmpuint (header.window, ==, 64240);
  g_assert_cmphex (header.checksum, ==, 0xd412);
  g_assert_cmpuint (header.urgent, ==, 0);

  g_assert_cmphex (header.options.present, ==,
                   HS_TCP_OPT_MSS | HS_TCP_OPT_SACK_PERM |
                   HS_TCP_OPT_TIMESTAMP | HS_TCP_OPT_WSCALE);
  g_assert_cmpuint (header.options.mss, ==, 1460);
  g_assert_cmpuint (header.options.wscale, ==, 10);
  g_assert_cmpuint (header.options.ts_val, ==, 496049168);
  g_assert_cmpuint (header.options.ts_ecr, ==, 0);
  g_assert_cmpuint (header.options.n_sack, ==, 0);
}

static void
test_decode_syn_ack (void)
{
  HsTcpHeader header;
  gsize header_len = 0;

  g_test_summary ("Decoding Linux's SYN+ACK gives frame 2's fields: it acknowledges ISN + 1 and echoes TSval");

  decode_ok (syn_ack_bytes, sizeof syn_ack_bytes, &header, &header_len);

  g_assert_cmpuint (header_len, ==, 40);
  g_assert_cmpuint (header.src_port, ==, 5000);
  g_assert_cmpuint (header.dst_port, ==, 43098);
  g_assert_cmpuint (header.seq, ==, 304968570);
  g_assert_cmpuint (header.ack, ==, 1923218443u + 1);
  g_assert_cmphex (header.flags, ==, HS_TCP_SYN | HS_TCP_ACK);
  g_assert_cmpuint (header.window, ==, 65160);
  g_assert_cmphex (header.checksum, ==, 0xcf92);
  g_assert_cmphex (header.options.present, ==,
                   HS_TCP_OPT_MSS | HS_TCP_OPT_SACK_PERM |
                   HS_TCP_OPT_TIMESTAMP | HS_TCP_OPT_WSCALE);
  g_assert_cmpuint (header.options.mss, ==, 1460);
  g_assert_cmpuint (header.options.wscale, ==, 10);
  g_assert_cmpuint (header.options.ts_val, ==, 93287840);
  g_assert_cmpuint (header.options.ts_ecr, ==, 496049168);
}

static void
test_decode_ack (void)
{
  HsTcpHeader header;
  gsize header_len = 0;

  g_test_summary ("Decoding the handshake's last ACK: NOP, NOP, timestamps, and a window of 63 before scaling");

  decode_ok (ack_bytes, sizeof ack_bytes, &header, &header_len);

  g_assert_cmpuint (header_len, ==, 32);
  g_assert_cmpuint (header.data_offset, ==, 8);
  g_assert_cmpuint (header.seq, ==, 1923218444);
  g_assert_cmpuint (header.ack, ==, 304968571);
  g_assert_cmphex (header.flags, ==, HS_TCP_ACK);
  g_assert_cmpuint (header.window, ==, 63);
  g_assert_cmphex (header.checksum, ==, 0xfcab);
  g_assert_cmphex (header.options.present, ==, HS_TCP_OPT_TIMESTAMP);
  g_assert_cmpuint (header.options.ts_val, ==, 496049168);
  g_assert_cmpuint (header.options.ts_ecr, ==, 93287840);
}

static void
test_decode_data (void)
{
  g_autofree guint8 *segment = NULL;
  HsTcpHeader header;
  gsize header_len = 0;
  gsize len;

  g_test_summary ("A data segment cut by the snap length still decodes; restored whole, its checksum verifies");

  decode_ok (data_bytes, sizeof data_bytes, &header, &header_len);

  g_assert_cmpuint (header_len, ==, DATA_HEADER_LEN);
  g_assert_cmpuint (header.seq, ==, 1923218444);
  g_assert_cmpuint (header.ack, ==, 304968571);
  g_assert_cmphex (header.flags, ==, HS_TCP_PSH | HS_TCP_ACK);
  g_assert_cmpuint (header.window, ==, 63);
  g_assert_cmphex (header.checksum, ==, 0xd8ea);
  g_assert_cmphex (header.options.present, ==, HS_TCP_OPT_TIMESTAMP);
  g_assert_cmpuint (header.options.ts_val, ==, 496049218);
  g_assert_cmpuint (header.options.ts_ecr, ==, 93287840);

  /* Cut short, the sum cannot come out right. */
  g_assert_cmphex (hs_tcp_checksum_ipv4 (CLIENT_ADDR, SERVER_ADDR, data_bytes, sizeof data_bytes), !=, 0);

  segment = data_segment_restored (&len);
  g_assert_cmphex (hs_tcp_checksum_ipv4 (CLIENT_ADDR, SERVER_ADDR, segment, len), ==, 0);
  assert_reencodes_ipv4 (segment, len, CLIENT_ADDR, SERVER_ADDR);
}

static void
test_decode_sack (void)
{
  HsTcpHeader header;
  gsize header_len = 0;
  const HsSackBlock expected[] = {
    { 1211061838, 1211066182 },
    { 1211027086, 1211060390 },
    { 1210986542, 1211025638 },
  };

  g_test_summary ("Decoding a Linux duplicate ACK with timestamps and three SACK blocks in a 60-byte header");

  decode_ok (sack_ack_bytes, sizeof sack_ack_bytes, &header, &header_len);

  g_assert_cmpuint (header_len, ==, HS_TCP_MAX_HEADER_LEN);
  g_assert_cmpuint (header.data_offset, ==, 15);
  g_assert_cmpuint (header.src_port, ==, 5000);
  g_assert_cmpuint (header.dst_port, ==, 55480);
  g_assert_cmpuint (header.seq, ==, 2590946483);
  g_assert_cmpuint (header.ack, ==, 1210985094);
  g_assert_cmphex (header.flags, ==, HS_TCP_ACK);
  g_assert_cmpuint (header.window, ==, 278);
  g_assert_cmphex (header.options.present, ==, HS_TCP_OPT_TIMESTAMP | HS_TCP_OPT_SACK);
  g_assert_cmpuint (header.options.ts_val, ==, 3964843173);
  g_assert_cmpuint (header.options.ts_ecr, ==, 3839282697);
  g_assert_cmpuint (header.options.n_sack, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_assert_cmpuint (header.options.sack[i].left, ==, expected[i].left);
      g_assert_cmpuint (header.options.sack[i].right, ==, expected[i].right);
    }
}

static void
test_decode_rst (void)
{
  HsTcpHeader header;
  gsize header_len = 0;
  g_autofree char *options = NULL;

  g_test_summary ("Decoding Linux's RST+ACK to a closed port: a 20-byte header, no options, seq 0, ack ISN + 1, window 0");

  decode_ok (rst_bytes, sizeof rst_bytes, &header, &header_len);

  g_assert_cmpuint (header_len, ==, HS_TCP_MIN_HEADER_LEN);
  g_assert_cmpuint (header.data_offset, ==, 5);
  g_assert_cmpuint (header.src_port, ==, 5999);
  g_assert_cmpuint (header.dst_port, ==, 47782);
  g_assert_cmpuint (header.seq, ==, 0);
  g_assert_cmpuint (header.ack, ==, 0x8104fc94u + 1);
  g_assert_cmphex (header.flags, ==, HS_TCP_RST | HS_TCP_ACK);
  g_assert_cmpuint (header.window, ==, 0);
  g_assert_cmphex (header.checksum, ==, 0x4b58);
  g_assert_cmphex (header.options.present, ==, 0);

  options = hs_tcp_options_to_string (&header.options);
  g_assert_cmpstr (options, ==, "");
}

static void
test_checksum_capture (void)
{
  guint8 copy[sizeof syn_bytes];

  g_test_summary ("Every whole segment Linux sent sums to 0 over its pseudo-header, and a changed bit or address breaks that");

  g_assert_cmphex (hs_tcp_checksum_ipv4 (CLIENT_ADDR, SERVER_ADDR, syn_bytes, sizeof syn_bytes), ==, 0);
  g_assert_cmphex (hs_tcp_checksum_ipv4 (SERVER_ADDR, CLIENT_ADDR, syn_ack_bytes, sizeof syn_ack_bytes), ==, 0);
  g_assert_cmphex (hs_tcp_checksum_ipv4 (CLIENT_ADDR, SERVER_ADDR, ack_bytes, sizeof ack_bytes), ==, 0);
  g_assert_cmphex (hs_tcp_checksum_ipv4 (SERVER_ADDR, CLIENT_ADDR, sack_ack_bytes, sizeof sack_ack_bytes), ==, 0);
  g_assert_cmphex (hs_tcp_checksum_ipv4 (SERVER_ADDR, CLIENT_ADDR, rst_bytes, sizeof rst_bytes), ==, 0);

  /* Swapping source and destination does not change a ones'-complement
   * sum; another address does. */
  g_assert_cmphex (hs_tcp_checksum_ipv4 (CLIENT_ADDR, SERVER_ADDR + 1, syn_bytes, sizeof syn_bytes), !=, 0);

  /* With the field zeroed, the sum is the checksum Linux wrote. */
  memcpy (copy, syn_bytes, sizeof copy);
  copy[16] = copy[17] = 0;
  g_assert_cmphex (hs_tcp_checksum_ipv4 (CLIENT_ADDR, SERVER_ADDR, copy, sizeof copy), ==, 0xd412);

  memcpy (copy, syn_bytes, sizeof copy);
  copy[39] ^= 0x01;
  g_assert_cmphex (hs_tcp_checksum_ipv4 (CLIENT_ADDR, SERVER_ADDR, copy, sizeof copy), !=, 0);
}

static void
test_checksum_odd (void)
{
  HsTcpHeader header;
  gsize header_len;
  guint8 copy[sizeof ipv6_segment_bytes];

  g_test_summary ("An odd-length segment is summed with a zero byte after it, over the IPv4 and the IPv6 pseudo-header");

  g_assert_cmphex (hs_tcp_checksum_ipv6 (ipv6_src, ipv6_dst, ipv6_segment_bytes, sizeof ipv6_segment_bytes), ==, 0);

  memcpy (copy, ipv6_segment_bytes, sizeof copy);
  copy[16] = copy[17] = 0;
  g_assert_cmphex (hs_tcp_checksum_ipv6 (ipv6_src, ipv6_dst, copy, sizeof copy), ==, 0x9b40);
  g_assert_cmphex (hs_tcp_checksum_ipv4 (DOC_ADDR_1, DOC_ADDR_2, copy, sizeof copy), ==, 0x0a7f);

  /* The last, unpaired byte counts as the high half of a word. */
  copy[sizeof copy - 1] ^= 0x01;
  g_assert_cmphex (hs_tcp_checksum_ipv6 (ipv6_src, ipv6_dst, copy, sizeof copy), ==, 0x9c40);

  decode_ok (ipv6_segment_bytes, sizeof ipv6_segment_bytes, &header, &header_len);
  g_assert_cmpuint (header_len, ==, 32);
}

static void
test_encode_ipv6 (void)
{
  HsTcpHeader header;
  gsize header_len = 0;
  guint8 out[64];
  gsize written;

  g_test_summary ("Encoding with the IPv6 pseudo-header gives the independently computed checksum");

  decode_ok (ipv6_segment_bytes, sizeof ipv6_segment_bytes, &header, &header_len);
  header.checksum = 0;
  header.data_offset = 0;

  written = hs_tcp_segment_encode_ipv6 (&header, ipv6_src, ipv6_dst,
                                        ipv6_segment_bytes + header_len,
                                        sizeof ipv6_segment_bytes - header_len,
                                        out, sizeof out);
  g_assert_cmpmem (out, written, ipv6_segment_bytes, sizeof ipv6_segment_bytes);
  g_assert_cmphex (header.checksum, ==, 0x9b40);
  g_assert_cmpuint (header.data_offset, ==, 8);
}

static void
test_reencode_capture (void)
{
  g_test_summary ("Decoding each captured segment and encoding it again gives back every byte Linux sent");

  assert_reencodes_ipv4 (syn_bytes, sizeof syn_bytes, CLIENT_ADDR, SERVER_ADDR);
  assert_reencodes_ipv4 (syn_ack_bytes, sizeof syn_ack_bytes, SERVER_ADDR, CLIENT_ADDR);
  assert_reencodes_ipv4 (ack_bytes, sizeof ack_bytes, CLIENT_ADDR, SERVER_ADDR);
  assert_reencodes_ipv4 (sack_ack_bytes, sizeof sack_ack_bytes, SERVER_ADDR, CLIENT_ADDR);
  assert_reencodes_ipv4 (rst_bytes, sizeof rst_bytes, SERVER_ADDR, CLIENT_ADDR);
}

static void
fill_options (HsTcpOptions *options,
              guint         present,
              guint         n_sack)
{
  memset (options, 0, sizeof *options);
  options->present = (guint8) present;
  options->mss = 0x05b4 + present;
  options->wscale = 14;
  options->ts_val = 0xfffffff0u + present;
  options->ts_ecr = 0x01020304u;
  options->n_sack = (guint8) n_sack;
  for (guint i = 0; i < HS_TCP_MAX_SACK_BLOCKS; i++)
    {
      options->sack[i].left = 0x80000000u + i * 0x10000u;
      options->sack[i].right = 0x80000000u + i * 0x10000u + 1448;
    }
}

static void
test_round_trip (void)
{
  const guint all = HS_TCP_OPT_MSS | HS_TCP_OPT_WSCALE | HS_TCP_OPT_SACK_PERM |
                    HS_TCP_OPT_SACK | HS_TCP_OPT_TIMESTAMP;
  const guint8 payload[] = "an odd-sized payload";

  g_test_summary ("Every field, every flag and every combination of options survives encode then decode, over IPv4 and IPv6");

  for (guint present = 0; present <= all; present++)
    {
      for (guint flags = 0; flags <= 0xff; flags++)
        {
          HsTcpHeader header = { 0, };
          HsTcpHeader decoded;
          guint8 out[HS_TCP_MAX_HEADER_LEN + sizeof payload];
          gsize written;
          gsize header_len = 0;

          header.src_port = 0xfedc;
          header.dst_port = (guint16) (0x0102 + flags);
          header.seq = 0xdeadbeefu ^ flags;
          header.ack = 0x80000001u;
          header.flags = (guint8) flags;
          header.window = 0xa55a;
          header.urgent = 0x1234;
          /* Two blocks fit next to every other option at once. */
          fill_options (&header.options, present, (present & HS_TCP_OPT_SACK) ? 2 : 0);

          written = hs_tcp_segment_encode_ipv4 (&header, DOC_ADDR_1, DOC_ADDR_2,
                                                payload, sizeof payload,
                                                out, sizeof out);
          g_assert_cmpuint (written, ==, header.data_offset * 4u + sizeof payload);
          g_assert_cmpuint (header.data_offset * 4u, ==,
                            HS_TCP_MIN_HEADER_LEN + hs_tcp_options_encoded_length (&header.options));
          g_assert_cmphex (hs_tcp_checksum_ipv4 (DOC_ADDR_1, DOC_ADDR_2, out, written), ==, 0);

          decode_ok (out, written, &decoded, &header_len);
          g_assert_cmpuint (header_len, ==, header.data_offset * 4u);
          assert_header_equal (&decoded, &header);
          g_assert_cmpmem (out + header_len, written - header_len, payload, sizeof payload);

          written = hs_tcp_segment_encode_ipv6 (&header, ipv6_src, ipv6_dst,
                                                payload, sizeof payload,
                                                out, sizeof out);
          g_assert_cmpuint (written, ==, header.data_offset * 4u + sizeof payload);
          g_assert_cmphex (hs_tcp_checksum_ipv6 (ipv6_src, ipv6_dst, out, written), ==, 0);
          out[16] = out[17] = 0;
          g_assert_cmphex (reference_checksum_ipv6 (ipv6_src, ipv6_dst, out, written), ==, header.checksum);
          out[16] = (guint8) (header.checksum >> 8);
          out[17] = (guint8) header.checksum;
          decode_ok (out, written, &decoded, &header_len);
          assert_header_equal (&decoded, &header);
        }
    }
}

static void
assert_options_encode_to (const HsTcpOptions *options,
                          const guint8       *expected,
                          gsize               expected_len)
{
  HsTcpHeader header = { 0, };
  guint8 out[HS_TCP_MAX_HEADER_LEN];
  gsize written;

  header.flags = HS_TCP_ACK;
  header.options = *options;

  g_assert_cmpuint (hs_tcp_options_encoded_length (options), ==, expected_len);
  memset (out, 0xee, sizeof out);
  written = hs_tcp_segment_encode_ipv4 (&header, DOC_ADDR_1, DOC_ADDR_2, NULL, 0, out, sizeof out);
  g_assert_cmpuint (written, ==, HS_TCP_MIN_HEADER_LEN + expected_len);
  g_assert_cmpmem (out + HS_TCP_MIN_HEADER_LEN, written - HS_TCP_MIN_HEADER_LEN,
                   expected, expected_len);
}

static void
test_option_layout (void)
{
  HsTcpOptions options;
  const guint8 sack_perm_only[] = { 0x01, 0x01, 0x04, 0x02 };
  const guint8 ts_only[] = {
    0x01, 0x01, 0x08, 0x0a, 0x00, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00, 0x09,
  };
  const guint8 mss_sack_perm_ws[] = {
    0x02, 0x04, 0x05, 0xb4, 0x01, 0x01, 0x04, 0x02, 0x01, 0x03, 0x03, 0x07,
  };
  const guint8 mss_ts_ws[] = {
    0x02, 0x04, 0x05, 0xb4,
    0x01, 0x01, 0x08, 0x0a, 0x00, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00, 0x09,
    0x01, 0x03, 0x03, 0x07,
  };
  const guint8 ws_only[] = { 0x01, 0x03, 0x03, 0x00 };
  const guint8 ts_sack[] = {
    0x01, 0x01, 0x08, 0x0a, 0x00, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00, 0x09,
    0x01, 0x01, 0x05, 0x12,
    0x00, 0x00, 0x00, 0x64, 0x00, 0x00, 0x00, 0xc8,
    0x00, 0x00, 0x01, 0x2c, 0x00, 0x00, 0x01, 0x90,
  };

  g_test_summary ("Options take Linux's shapes: NOP,NOP,SACK_PERM without timestamps, NOP,NOP,TS without SACK_PERM, NOP,WS, NOP,NOP,SACK");

  memset (&options, 0, sizeof options);
  assert_options_encode_to (&options, NULL, 0);

  options.present = HS_TCP_OPT_SACK_PERM;
  assert_options_encode_to (&options, sack_perm_only, sizeof sack_perm_only);

  options.present = HS_TCP_OPT_TIMESTAMP;
  options.ts_val = 7;
  options.ts_ecr = 9;
  assert_options_encode_to (&options, ts_only, sizeof ts_only);

  options.present = HS_TCP_OPT_MSS | HS_TCP_OPT_SACK_PERM | HS_TCP_OPT_WSCALE;
  options.mss = 1460;
  options.wscale = 7;
  assert_options_encode_to (&options, mss_sack_perm_ws, sizeof mss_sack_perm_ws);

  options.present = HS_TCP_OPT_MSS | HS_TCP_OPT_TIMESTAMP | HS_TCP_OPT_WSCALE;
  assert_options_encode_to (&options, mss_ts_ws, sizeof mss_ts_ws);

  options.present = HS_TCP_OPT_WSCALE;
  options.wscale = 0;
  assert_options_encode_to (&options, ws_only, sizeof ws_only);

  options.present = HS_TCP_OPT_TIMESTAMP | HS_TCP_OPT_SACK;
  options.n_sack = 2;
  options.sack[0] = (HsSackBlock) { 100, 200 };
  options.sack[1] = (HsSackBlock) { 300, 400 };
  assert_options_encode_to (&options, ts_sack, sizeof ts_sack);
}

static void
test_sack_limit (void)
{
  HsTcpOptions options;
  HsTcpHeader header = { 0, };
  HsTcpHeader decoded;
  guint8 out[HS_TCP_MAX_HEADER_LEN];
  gsize written;
  gsize header_len;

  g_test_summary ("SACK blocks that do not fit in 40 bytes of options are dropped, as Linux drops them: 3 with timestamps, 4 without");

  fill_options (&options, HS_TCP_OPT_SACK, 4);
  g_assert_cmpuint (hs_tcp_options_encoded_length (&options), ==, 4 + 4 * 8);

  fill_options (&options, HS_TCP_OPT_SACK | HS_TCP_OPT_TIMESTAMP, 4);
  g_assert_cmpuint (hs_tcp_options_encoded_length (&options), ==, 12 + 4 + 3 * 8);

  /* An impossible header, but it shows the rule: 20 bytes of SYN options
   * leave room for two. */
  fill_options (&options, HS_TCP_OPT_SACK | HS_TCP_OPT_TIMESTAMP | HS_TCP_OPT_MSS |
                HS_TCP_OPT_SACK_PERM | HS_TCP_OPT_WSCALE, 4);
  g_assert_cmpuint (hs_tcp_options_encoded_length (&options), ==, 20 + 4 + 2 * 8);

  /* MSS and timestamps leave 24 bytes: the SACK word and two blocks. */
  fill_options (&options, HS_TCP_OPT_SACK | HS_TCP_OPT_TIMESTAMP | HS_TCP_OPT_MSS, 4);
  g_assert_cmpuint (hs_tcp_options_encoded_length (&options), ==, 16 + 4 + 2 * 8);

  /* MSS and window scale leave 32 bytes: the SACK word and three blocks. */
  fill_options (&options, HS_TCP_OPT_SACK | HS_TCP_OPT_WSCALE | HS_TCP_OPT_MSS, 4);
  g_assert_cmpuint (hs_tcp_options_encoded_length (&options), ==, 8 + 4 + 3 * 8);

  /* A count beyond the array is never read past its end. */
  fill_options (&options, HS_TCP_OPT_SACK, 200);
  g_assert_cmpuint (hs_tcp_options_encoded_length (&options), ==, 4 + 4 * 8);

  fill_options (&header.options, HS_TCP_OPT_SACK | HS_TCP_OPT_TIMESTAMP, 4);
  header.flags = HS_TCP_ACK;
  written = hs_tcp_segment_encode_ipv4 (&header, DOC_ADDR_1, DOC_ADDR_2, NULL, 0, out, sizeof out);
  g_assert_cmpuint (written, ==, HS_TCP_MAX_HEADER_LEN);
  g_assert_cmpuint (header.data_offset, ==, 15);

  decode_ok (out, written, &decoded, &header_len);
  g_assert_cmpuint (decoded.options.n_sack, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_assert_cmpuint (decoded.options.sack[i].left, ==, header.options.sack[i].left);
      g_assert_cmpuint (decoded.options.sack[i].right, ==, header.options.sack[i].right);
    }
}

static void
test_encode_short_buffer (void)
{
  HsTcpHeader header = { 0, };
  guint8 out[HS_TCP_MAX_HEADER_LEN + 8];
  const guint8 payload[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };

  g_test_summary ("Encoding into a buffer one byte too small writes nothing and returns 0; the exact size works");

  fill_options (&header.options, HS_TCP_OPT_MSS | HS_TCP_OPT_SACK_PERM |
                HS_TCP_OPT_TIMESTAMP | HS_TCP_OPT_WSCALE, 0);
  header.data_offset = 0;

  memset (out, 0xee, sizeof out);
  g_assert_cmpuint (hs_tcp_segment_encode_ipv4 (&header, 1, 2, NULL, 0, out, 39), ==, 0);
  g_assert_cmpuint (hs_tcp_segment_encode_ipv4 (&header, 1, 2, payload, sizeof payload, out, 47), ==, 0);
  g_assert_cmpuint (hs_tcp_segment_encode_ipv6 (&header, ipv6_src, ipv6_dst, payload, sizeof payload, out, 47), ==, 0);
  g_assert_cmpuint (hs_tcp_segment_encode_ipv4 (&header, 1, 2, NULL, 0, NULL, 0), ==, 0);
  g_assert_cmpuint (header.data_offset, ==, 0);
  for (gsize i = 0; i < sizeof out; i++)
    g_assert_cmphex (out[i], ==, 0xee);

  g_assert_cmpuint (hs_tcp_segment_encode_ipv4 (&header, 1, 2, NULL, 0, out, 40), ==, 40);
  g_assert_cmpuint (hs_tcp_segment_encode_ipv4 (&header, 1, 2, payload, sizeof payload, out, 48), ==, 48);
  g_assert_cmpmem (out + 40, 8, payload, sizeof payload);
}

static void
test_encode_ipv4_too_long (void)
{
  HsTcpHeader header = { 0, };
  gsize len = G_MAXUINT16 + 1;
  g_autofree guint8 *payload = g_malloc0 (len);
  g_autofree guint8 *out = g_malloc0 (len + HS_TCP_MAX_HEADER_LEN);

  g_test_summary ("A segment longer than the IPv4 pseudo-header's 16-bit length is refused for IPv4 and summed right for IPv6");

  g_assert_cmpuint (hs_tcp_segment_encode_ipv4 (&header, 1, 2, payload, G_MAXUINT16 - 19,
                                                out, len + HS_TCP_MAX_HEADER_LEN), ==, 0);
  g_assert_cmpuint (hs_tcp_segment_encode_ipv4 (&header, 1, 2, payload, G_MAXUINT16 - 20,
                                                out, len + HS_TCP_MAX_HEADER_LEN), ==, G_MAXUINT16);
  g_assert_cmphex (hs_tcp_checksum_ipv4 (1, 2, out, G_MAXUINT16), ==, 0);

  /* Past 65535 bytes the upper half of the IPv6 length word counts too. */
  for (gsize i = 0; i < len; i++)
    payload[i] = (guint8) (i * 7);
  g_assert_cmpuint (hs_tcp_segment_encode_ipv6 (&header, ipv6_src, ipv6_dst, payload, len,
                                                out, len + HS_TCP_MAX_HEADER_LEN), ==, len + 20);
  g_assert_cmphex (hs_tcp_checksum_ipv6 (ipv6_src, ipv6_dst, out, len + 20), ==, 0);
  out[16] = out[17] = 0;
  g_assert_cmphex (reference_checksum_ipv6 (ipv6_src, ipv6_dst, out, len + 20), ==, header.checksum);
}

/* Expects @bytes to be refused with exactly @message, and the caller's
 * header and length left as they were. */
static void
assert_decode_fails (const guint8 *bytes,
                     gsize         len,
                     const char   *message)
{
  g_autoptr(GError) error = NULL;
  HsTcpHeader header;
  HsTcpHeader before;
  gsize header_len = 12345;

  memset (&header, 0xa5, sizeof header);
  before = header;

  g_assert_false (hs_tcp_header_decode (bytes, len, &header, &header_len, &error));
  g_assert_error (error, HS_ERROR, HS_ERROR_PARSE);
  g_assert_cmpstr (error->message, ==, message);
  g_assert_cmpmem (&header, sizeof header, &before, sizeof before);
  g_assert_cmpuint (header_len, ==, 12345);
}

/* A 20-byte header with @options appended, and the data offset set to
 * @data_offset. */
static GByteArray *
make_header (guint         data_offset,
             const guint8 *options,
             gsize         options_len)
{
  GByteArray *array = g_byte_array_new ();
  guint8 fixed[HS_TCP_MIN_HEADER_LEN] = {
    0x13, 0x88, 0xa8, 0x5a, 0, 0, 0, 1, 0, 0, 0, 2, 0, HS_TCP_ACK, 0xff, 0xff, 0, 0, 0, 0,
  };

  fixed[12] = (guint8) (data_offset << 4);
  g_byte_array_append (array, fixed, sizeof fixed);
  if (options_len > 0)
    g_byte_array_append (array, options, options_len);

  return array;
}

static void
test_decode_short (void)
{
  g_test_summary ("Fewer than 20 bytes are refused before any field is read");

  assert_decode_fails (syn_bytes, 19, "TCP header has only 19 bytes, below the minimum of 20");
  assert_decode_fails (syn_bytes, 0, "TCP header has only 0 bytes, below the minimum of 20");
}

static void
test_decode_offset_small (void)
{
  g_test_summary ("A data offset below 5 words is refused, naming the data offset");

  for (guint doff = 0; doff < 5; doff++)
    {
      g_autoptr(GByteArray) array = make_header (doff, NULL, 0);
      g_autofree char *message = g_strdup_printf ("TCP data offset %u is below the minimum of 5", doff);

      assert_decode_fails (array->data, array->len, message);
    }
}

static void
test_decode_truncated (void)
{
  g_test_summary ("A data offset that puts the header's end past the bytes present is refused");

  assert_decode_fails (syn_bytes, 39,
                       "TCP data offset 10 puts the end of the header at byte 40, past the 39 bytes present");
  assert_decode_fails (syn_bytes, 20,
                       "TCP data offset 10 puts the end of the header at byte 40, past the 20 bytes present");
}

static void
test_decode_option_overrun (void)
{
  g_autoptr(GByteArray) overrun = NULL;
  g_autoptr(GByteArray) no_length = NULL;
  g_autoptr(GByteArray) past_doff = NULL;
  const guint8 overrun_options[] = { 0x01, 0x01, 0x08, 0x0b, 0, 0, 0, 0, 0, 0, 0, 0 };
  const guint8 no_length_options[] = { 0x01, 0x01, 0x01, 0x02 };
  /* A whole MSS option, but the data offset ends the header in its middle;
   * the bytes after the header are payload, not option. */
  const guint8 past_doff_options[] = { 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x02, 0x04, 0x05, 0xb4, 0, 0 };

  g_test_summary ("An option whose length runs past the end of the header is refused, naming the option and its offset");

  overrun = make_header (8, overrun_options, sizeof overrun_options);
  assert_decode_fails (overrun->data, overrun->len,
                       "TCP option 8 at offset 22 runs past the end of the header");

  no_length = make_header (6, no_length_options, sizeof no_length_options);
  assert_decode_fails (no_length->data, no_length->len,
                       "TCP option 2 at offset 23 runs past the end of the header");

  past_doff = make_header (7, past_doff_options, sizeof past_doff_options);
  assert_decode_fails (past_doff->data, past_doff->len,
                       "TCP option 2 at offset 26 runs past the end of the header");
}

static void
test_decode_option_length_below_2 (void)
{
  const guint8 zero[] = { 0x1e, 0x00, 0x01, 0x01 };
  const guint8 one[] = { 0x01, 0x02, 0x01, 0x01 };
  g_autoptr(GByteArray) a = make_header (6, zero, sizeof zero);
  g_autoptr(GByteArray) b = make_header (6, one, sizeof one);

  g_test_summary ("An option length of 0 or 1, which would stall the walk, is refused");

  assert_decode_fails (a->data, a->len, "TCP option 30 at offset 20 has length 0, below the minimum of 2");
  assert_decode_fails (b->data, b->len, "TCP option 2 at offset 21 has length 1, below the minimum of 2");
}

static void
test_decode_mss_length (void)
{
  const guint8 mss3[] = { 0x02, 0x03, 0x05, 0x01 };
  g_autoptr(GByteArray) array = make_header (6, mss3, sizeof mss3);

  g_test_summary ("An MSS option of length 3 is refused, although it fits in the header");

  assert_decode_fails (array->data, array->len,
                       "TCP option MSS (kind 2) at offset 20 has length 3, but it must be 4");
}

static void
test_decode_option_lengths (void)
{
  const struct {
    guint8      options[12];
    const char *message;
  } cases[] = {
    { { 0x03, 0x04, 0x07, 0x00 },
      "TCP option WS (kind 3) at offset 20 has length 4, but it must be 3" },
    { { 0x04, 0x03, 0x00, 0x01 },
      "TCP option SACK_PERM (kind 4) at offset 20 has length 3, but it must be 2" },
    { { 0x01, 0x01, 0x08, 0x08, 0, 0, 0, 1, 0, 0, 0, 0 },
      "TCP option TS (kind 8) at offset 22 has length 8, but it must be 10" },
    { { 0x01, 0x01, 0x05, 0x02 },
      "TCP option SACK (kind 5) at offset 22 has length 2, but it must be 2 plus 8 for each block (10, 18, 26 or 34)" },
    { { 0x05, 0x0c, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0 },
      "TCP option SACK (kind 5) at offset 20 has length 12, but it must be 2 plus 8 for each block (10, 18, 26 or 34)" },
  };

  g_test_summary ("Each known option with a length other than its own is refused, naming the option");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GByteArray) array = make_header (8, cases[i].options, sizeof cases[i].options);

      assert_decode_fails (array->data, array->len, cases[i].message);
    }
}

static void
test_decode_unknown_option (void)
{
  /* Kind 30 (MPTCP) with 6 bytes of its own, then timestamps. */
  const guint8 options[] = {
    0x1e, 0x08, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff,
    0x01, 0x01, 0x08, 0x0a, 0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x06,
  };
  g_autoptr(GByteArray) array = make_header (10, options, sizeof options);
  HsTcpHeader header;
  gsize header_len = 0;

  g_test_summary ("An unknown option is skipped by its length and the options after it are still read");

  decode_ok (array->data, array->len, &header, &header_len);
  g_assert_cmpuint (header_len, ==, 40);
  g_assert_cmphex (header.options.present, ==, HS_TCP_OPT_TIMESTAMP);
  g_assert_cmpuint (header.options.ts_val, ==, 5);
  g_assert_cmpuint (header.options.ts_ecr, ==, 6);
}

static void
test_decode_eol (void)
{
  /* After the end-of-list, bytes that would be an error if read as options. */
  const guint8 options[] = { 0x02, 0x04, 0x02, 0x18, 0x00, 0x02, 0x01, 0xff };
  g_autoptr(GByteArray) array = make_header (7, options, sizeof options);
  HsTcpHeader header;
  gsize header_len = 0;

  g_test_summary ("End-of-list ends the walk: what follows it in the header is padding");

  decode_ok (array->data, array->len, &header, &header_len);
  g_assert_cmpuint (header_len, ==, 28);
  g_assert_cmphex (header.options.present, ==, HS_TCP_OPT_MSS);
  g_assert_cmpuint (header.options.mss, ==, 536);
}

static void
test_decode_many_sack (void)
{
  /* Two SACK options, of three blocks and one: 36 bytes, all the SACK
   * forty bytes of options can hold. */
  const guint8 options[] = {
    0x05, 0x1a,
    0, 0, 0, 1, 0, 0, 0, 2,  0, 0, 0, 3, 0, 0, 0, 4,  0, 0, 0, 5, 0, 0, 0, 6,
    0x05, 0x0a,
    0, 0, 0, 7, 0, 0, 0, 8,
    0x00, 0x00, 0x00, 0x00,
  };
  g_autoptr(GByteArray) array = make_header (15, options, sizeof options);
  HsTcpHeader header;
  gsize header_len = 0;

  g_test_summary ("SACK blocks from several SACK options are all kept, in order, up to four");

  g_assert_cmpuint (array->len, ==, 60);
  decode_ok (array->data, array->len, &header, &header_len);
  g_assert_cmphex (header.options.present, ==, HS_TCP_OPT_SACK);
  g_assert_cmpuint (header.options.n_sack, ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      g_assert_cmpuint (header.options.sack[i].left, ==, 2 * i + 1);
      g_assert_cmpuint (header.options.sack[i].right, ==, 2 * i + 2);
    }
}

static void
assert_options_string (const HsTcpOptions *options,
                       const char         *expected)
{
  g_autofree char *str = hs_tcp_options_to_string (options);

  g_assert_cmpstr (str, ==, expected);
}

static void
test_options_to_string (void)
{
  HsTcpHeader header;
  gsize header_len;
  HsTcpOptions options;

  g_test_summary ("Options read as Wireshark's info column writes them, window scale as its multiplier");

  decode_ok (syn_bytes, sizeof syn_bytes, &header, &header_len);
  assert_options_string (&header.options, "MSS=1460 SACK_PERM TSval=496049168 TSecr=0 WS=1024");

  decode_ok (ack_bytes, sizeof ack_bytes, &header, &header_len);
  assert_options_string (&header.options, "TSval=496049168 TSecr=93287840");

  /* tshark -o tcp.relative_sequence_numbers:FALSE on loss-bulk.pcap frame 247. */
  decode_ok (sack_ack_bytes, sizeof sack_ack_bytes, &header, &header_len);
  assert_options_string (&header.options,
                         "TSval=3964843173 TSecr=3839282697 "
                         "SLE=1211061838 SRE=1211066182 "
                         "SLE=1211027086 SRE=1211060390 "
                         "SLE=1210986542 SRE=1211025638");

  memset (&options, 0, sizeof options);
  assert_options_string (&options, "");

  options.present = HS_TCP_OPT_WSCALE;
  options.wscale = 0;
  assert_options_string (&options, "WS=1");
  options.wscale = 14;
  assert_options_string (&options, "WS=16384");
  /* RFC 7323 section 2.3: a shift above 14 is used as 14. */
  options.wscale = 15;
  assert_options_string (&options, "WS=16384");

  options.present = HS_TCP_OPT_SACK_PERM | HS_TCP_OPT_MSS;
  options.mss = 536;
  assert_options_string (&options, "MSS=536 SACK_PERM");
}

static void
test_state_names (void)
{
  const char *names[HS_N_STATES] = {
    "CLOSED", "LISTEN", "SYN-SENT", "SYN-RECEIVED", "ESTABLISHED",
    "FIN-WAIT-1", "FIN-WAIT-2", "CLOSE-WAIT", "CLOSING", "LAST-ACK", "TIME-WAIT",
  };
  HsState state;

  g_test_summary ("State names are RFC 9293's, and read back case-insensitively, with '_' for '-'");

  for (guint i = 0; i < HS_N_STATES; i++)
    {
      g_autofree char *lower = g_ascii_strdown (names[i], -1);
      g_autofree char *underscored = g_strdelimit (g_strdup (names[i]), "-", '_');

      g_assert_cmpstr (hs_state_to_string ((HsState) i), ==, names[i]);

      state = HS_N_STATES;
      g_assert_true (hs_state_from_string (names[i], &state));
      g_assert_cmpint (state, ==, i);

      state = HS_N_STATES;
      g_assert_true (hs_state_from_string (lower, &state));
      g_assert_cmpint (state, ==, i);

      state = HS_N_STATES;
      g_assert_true (hs_state_from_string (underscored, &state));
      g_assert_cmpint (state, ==, i);
    }

  g_assert_true (hs_state_from_string ("Time_Wait", &state));
  g_assert_cmpint (state, ==, HS_STATE_TIME_WAIT);

  state = HS_N_STATES;
  g_assert_false (hs_state_from_string ("", &state));
  g_assert_false (hs_state_from_string ("SYN", &state));
  g_assert_false (hs_state_from_string ("SYN-RCVD", &state));
  g_assert_false (hs_state_from_string ("TIME-WAIT ", &state));
  g_assert_false (hs_state_from_string ("FIN-WAIT", &state));
  g_assert_false (hs_state_from_string ("FIN-WAIT-12", &state));
  g_assert_cmpint (state, ==, HS_N_STATES);
}

static void
test_state_synchronized (void)
{
  g_test_summary ("ESTABLISHED and every state after it are synchronized; the four before are not");

  g_assert_false (hs_state_is_synchronized (HS_STATE_CLOSED));
  g_assert_false (hs_state_is_synchronized (HS_STATE_LISTEN));
  g_assert_false (hs_state_is_synchronized (HS_STATE_SYN_SENT));
  g_assert_false (hs_state_is_synchronized (HS_STATE_SYN_RECEIVED));
  g_assert_true (hs_state_is_synchronized (HS_STATE_ESTABLISHED));
  g_assert_true (hs_state_is_synchronized (HS_STATE_FIN_WAIT_1));
  g_assert_true (hs_state_is_synchronized (HS_STATE_FIN_WAIT_2));
  g_assert_true (hs_state_is_synchronized (HS_STATE_CLOSE_WAIT));
  g_assert_true (hs_state_is_synchronized (HS_STATE_CLOSING));
  g_assert_true (hs_state_is_synchronized (HS_STATE_LAST_ACK));
  g_assert_true (hs_state_is_synchronized (HS_STATE_TIME_WAIT));
}

static void
assert_flags_string (guint8      flags,
                     const char *separator,
                     const char *expected)
{
  g_autofree char *str = hs_tcp_flags_to_string (flags, separator);

  g_assert_cmpstr (str, ==, expected);
}

static void
test_flags_to_string (void)
{
  g_test_summary ("Flags are listed in Wireshark's order, FIN first and CWR last, joined by the separator");

  assert_flags_string (0, "+", "");
  assert_flags_string (HS_TCP_SYN, "+", "SYN");
  assert_flags_string (HS_TCP_SYN | HS_TCP_ACK, "+", "SYN+ACK");
  assert_flags_string (HS_TCP_SYN | HS_TCP_ACK, ", ", "SYN, ACK");
  assert_flags_string (HS_TCP_FIN | HS_TCP_PSH | HS_TCP_ACK, "+", "FIN+PSH+ACK");
  assert_flags_string (HS_TCP_RST | HS_TCP_ACK, "+", "RST+ACK");
  assert_flags_string (0xff, "+", "FIN+SYN+RST+PSH+ACK+URG+ECE+CWR");
  assert_flags_string (HS_TCP_SYN | HS_TCP_ECE | HS_TCP_CWR, ", ", "SYN, ECE, CWR");
}

static void
test_flags_round_trip (void)
{
  const char *separators[] = { "+", ",", ", " };

  g_test_summary ("Every non-empty set of flags reads back from its string, with each separator and in lower case");

  for (guint s = 0; s < G_N_ELEMENTS (separators); s++)
    {
      for (guint flags = 1; flags <= 0xff; flags++)
        {
          g_autofree char *str = hs_tcp_flags_to_string ((guint8) flags, separators[s]);
          g_autofree char *lower = g_ascii_strdown (str, -1);
          guint8 parsed = 0;

          g_assert_true (hs_tcp_flags_from_string (str, &parsed));
          g_assert_cmphex (parsed, ==, flags);

          parsed = 0;
          g_assert_true (hs_tcp_flags_from_string (lower, &parsed));
          g_assert_cmphex (parsed, ==, flags);
        }
    }

  {
    guint8 parsed = 0;

    /* The order on input does not matter. */
    g_assert_true (hs_tcp_flags_from_string ("ack+Syn", &parsed));
    g_assert_cmphex (parsed, ==, HS_TCP_SYN | HS_TCP_ACK);
  }
}

static void
test_flags_parse_errors (void)
{
  const char *bad[] = {
    "", "+", ",", ", ", "SYN+", "+SYN", "SYN++ACK", "SYN,,ACK", "SYN, ", "SYN,  ACK",
    "SYN ACK", " SYN", "SYN ", "SYNACK", "SY", "SYNN", "FOO", "SYN+FOO", "ECN", "AE", "NS",
    "SYN+ACK+", "SYN;ACK",
  };

  g_test_summary ("Unknown names, empty names and empty input are refused, and the output is left alone");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      guint8 parsed = 0x5a;

      if (g_test_verbose ())
        g_test_message ("parsing \"%s\"", bad[i]);

      g_assert_false (hs_tcp_flags_from_string (bad[i], &parsed));
      g_assert_cmphex (parsed, ==, 0x5a);
    }
}

static void
test_profile_names (void)
{
  HsProfileKind kind;

  g_test_summary ("Profile names are \"linux\" and \"rfc\" and read back; anything else is refused");

  g_assert_cmpstr (hs_profile_kind_to_string (HS_PROFILE_LINUX), ==, "linux");
  g_assert_cmpstr (hs_profile_kind_to_string (HS_PROFILE_RFC), ==, "rfc");

  for (guint i = 0; i < HS_N_PROFILES; i++)
    {
      kind = HS_N_PROFILES;
      g_assert_true (hs_profile_kind_from_string (hs_profile_kind_to_string ((HsProfileKind) i), &kind));
      g_assert_cmpint (kind, ==, i);
    }

  kind = HS_N_PROFILES;
  g_assert_true (hs_profile_kind_from_string ("RFC", &kind));
  g_assert_cmpint (kind, ==, HS_PROFILE_RFC);

  kind = HS_N_PROFILES;
  g_assert_false (hs_profile_kind_from_string ("", &kind));
  g_assert_false (hs_profile_kind_from_string ("bsd", &kind));
  g_assert_false (hs_profile_kind_from_string ("linux2", &kind));
  g_assert_cmpint (kind, ==, HS_N_PROFILES);
}

static void
test_error_quark (void)
{
  g_test_summary ("The error domain is registered under its documented name");

  g_assert_cmpstr (g_quark_to_string (HS_ERROR), ==, "hs-error-quark");
  g_assert_cmpuint (HS_ERROR, ==, hs_error_quark ());
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/engine/segment/encode-syn", test_encode_syn);
  g_test_add_func ("/engine/segment/encode-ipv6", test_encode_ipv6);
  g_test_add_func ("/engine/segment/encode-short-buffer", test_encode_short_buffer);
  g_test_add_func ("/engine/segment/encode-ipv4-too-long", test_encode_ipv4_too_long);
  g_test_add_func ("/engine/segment/option-layout", test_option_layout);
  g_test_add_func ("/engine/segment/sack-limit", test_sack_limit);
  g_test_add_func ("/engine/segment/round-trip", test_round_trip);
  g_test_add_func ("/engine/segment/decode-syn", test_decode_syn);
  g_test_add_func ("/engine/segment/decode-syn-ack", test_decode_syn_ack);
  g_test_add_func ("/engine/segment/decode-ack", test_decode_ack);
  g_test_add_func ("/engine/segment/decode-data", test_decode_data);
  g_test_add_func ("/engine/segment/decode-sack", test_decode_sack);
  g_test_add_func ("/engine/segment/decode-rst", test_decode_rst);
  g_test_add_func ("/engine/segment/decode-many-sack", test_decode_many_sack);
  g_test_add_func ("/engine/segment/decode-unknown-option", test_decode_unknown_option);
  g_test_add_func ("/engine/segment/decode-eol", test_decode_eol);
  g_test_add_func ("/engine/segment/decode-short", test_decode_short);
  g_test_add_func ("/engine/segment/decode-offset-small", test_decode_offset_small);
  g_test_add_func ("/engine/segment/decode-truncated", test_decode_truncated);
  g_test_add_func ("/engine/segment/decode-option-overrun", test_decode_option_overrun);
  g_test_add_func ("/engine/segment/decode-option-length-below-2", test_decode_option_length_below_2);
  g_test_add_func ("/engine/segment/decode-mss-length", test_decode_mss_length);
  g_test_add_func ("/engine/segment/decode-option-lengths", test_decode_option_lengths);
  g_test_add_func ("/engine/segment/reencode-capture", test_reencode_capture);
  g_test_add_func ("/engine/segment/checksum-capture", test_checksum_capture);
  g_test_add_func ("/engine/segment/checksum-odd", test_checksum_odd);
  g_test_add_func ("/engine/segment/options-to-string", test_options_to_string);
  g_test_add_func ("/engine/types/state-names", test_state_names);
  g_test_add_func ("/engine/types/state-synchronized", test_state_synchronized);
  g_test_add_func ("/engine/types/flags-to-string", test_flags_to_string);
  g_test_add_func ("/engine/types/flags-round-trip", test_flags_round_trip);
  g_test_add_func ("/engine/types/flags-parse-errors", test_flags_parse_errors);
  g_test_add_func ("/engine/types/profile-names", test_profile_names);
  g_test_add_func ("/engine/error/quark", test_error_quark);

  return g_test_run ();
}
