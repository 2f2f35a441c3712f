/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-test-pcap.c: a capture of three TCP connections written byte by byte,
 * for the tests of several connections (test-connections, test-ui-connections). */

#include "config.h"

#include <string.h>

#include "hs-test-pcap.h"

/* A handshake, 100 bytes and a close. */
const HsTestSeg hs_test_small_connection[HS_TEST_SMALL_CONNECTION_LEN] = {
  { HS_TCP_SYN, TRUE, 1000, 0, 0 },
  { HS_TCP_SYN | HS_TCP_ACK, FALSE, 5000, 1001, 0 },
  { HS_TCP_ACK, TRUE, 1001, 5001, 0 },
  { HS_TCP_ACK | HS_TCP_PSH, TRUE, 1001, 5001, 100 },
  { HS_TCP_ACK, FALSE, 5001, 1101, 0 },
  { HS_TCP_ACK | HS_TCP_FIN, TRUE, 1101, 5001, 0 },
  { HS_TCP_ACK | HS_TCP_FIN, FALSE, 5001, 1102, 0 },
  { HS_TCP_ACK, TRUE, 1102, 5002, 0 },
};

/* Three connections to 10.0.0.2:80: two from 10.0.0.1, one from
 * 10.0.0.3, each starting while the one before is open. */
const HsTestConnection hs_test_three[HS_TEST_THREE_LEN] = {
  { 0x0a000001, 43098, 0, 0 },
  { 0x0a000001, 43100, 2500, 70000 },
  { 0x0a000003, 51000, 4200, 900000 },
};

gsize
hs_test_ipv4_tcp (guint8      *out,
          guint32      src,
          guint32      dst,
          HsTcpHeader *tcp,
          guint        payload)
{
  static const guint8 zeros[2048] = { 0 };
  gsize len = hs_tcp_segment_encode_ipv4 (tcp, src, dst, zeros, payload, out + 20, 2048);
  guint32 sum = 0;

  g_assert_cmpuint (len, >, 0);
  memset (out, 0, 20);
  out[0] = 0x45;
  out[2] = (20 + len) >> 8;
  out[3] = (20 + len) & 0xff;
  out[6] = 0x40;
  out[8] = 64;
  out[9] = 6;
  for (guint i = 0; i < 4; i++)
    {
      out[12 + i] = (src >> (24 - 8 * i)) & 0xff;
      out[16 + i] = (dst >> (24 - 8 * i)) & 0xff;
    }
  for (guint i = 0; i < 20; i += 2)
    sum += (guint32) (out[i] << 8 | out[i + 1]);
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);
  out[10] = (~sum >> 8) & 0xff;
  out[11] = ~sum & 0xff;

  return 20 + len;
}

typedef struct
{
  guint32 time_us;
  guint   conn;
  guint   seg;
} Packet;

static int
compare_packets (gconstpointer a,
                 gconstpointer b)
{
  const Packet *pa = a, *pb = b;

  if (pa->time_us != pb->time_us)
    return pa->time_us < pb->time_us ? -1 : 1;
  return pa->conn < pb->conn ? -1 : (pa->conn > pb->conn ? 1 : 0);
}

/* Writes the three connections, their packets interleaved by time, as a
 * classic pcap of raw IP in @dir; returns its path. */
char *
hs_test_write_three (const char *dir)
{
  g_autoptr(GByteArray) pcap = g_byte_array_new ();
  g_autoptr(GArray) packets = g_array_new (FALSE, FALSE, sizeof (Packet));
  g_autoptr(GError) error = NULL;
  guint32 header[6] = { 0xa1b2c3d4, 0x00040002, 0, 0, 65535, 101 /* LINKTYPE_RAW */ };
  char *path = g_build_filename (dir, "three.pcap", NULL);

  g_byte_array_append (pcap, (const guint8 *) header, sizeof header);

  for (guint c = 0; c < HS_TEST_THREE_LEN; c++)
    for (guint i = 0; i < HS_TEST_SMALL_CONNECTION_LEN; i++)
      {
        Packet p = { hs_test_three[c].start_us + 1000 * i, c, i };

        g_array_append_val (packets, p);
      }
  g_array_sort (packets, compare_packets);

  for (guint k = 0; k < packets->len; k++)
    {
      const Packet *p = &g_array_index (packets, Packet, k);
      const HsTestSeg *s = &hs_test_small_connection[p->seg];
      guint32 shift = hs_test_three[p->conn].isn_shift;
      HsTcpHeader tcp = { 0 };
      guint8 frame[2048];
      guint32 record[4];
      gsize len;

      tcp.src_port = s->from_client ? hs_test_three[p->conn].port : 80;
      tcp.dst_port = s->from_client ? 80 : hs_test_three[p->conn].port;
      tcp.seq = s->seq + (s->from_client ? shift : 2 * shift);
      tcp.ack = s->ack == 0 ? 0 : s->ack + (s->from_client ? 2 * shift : shift);
      tcp.flags = s->flags;
      tcp.window = 1000;
      len = hs_test_ipv4_tcp (frame, s->from_client ? hs_test_three[p->conn].client : 0x0a000002,
                      s->from_client ? 0x0a000002 : hs_test_three[p->conn].client, &tcp, s->len);

      record[0] = 1700000000;
      record[1] = p->time_us;
      record[2] = record[3] = (guint32) len;
      g_byte_array_append (pcap, (const guint8 *) record, sizeof record);
      g_byte_array_append (pcap, frame, (guint) len);
    }

  g_file_set_contents (path, (const char *) pcap->data, pcap->len, &error);
  g_assert_no_error (error);
  return path;
}


char *
hs_test_write_many (const char *dir,
                    guint       n)
{
  g_autoptr(GByteArray) pcap = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  guint32 header[6] = { 0xa1b2c3d4, 0x00040002, 0, 0, 65535, 101 /* LINKTYPE_RAW */ };
  char *path = g_build_filename (dir, "many.pcap", NULL);
  guint32 t = 0;

  g_byte_array_append (pcap, (const guint8 *) header, sizeof header);

  /* one after the other, each its handshake only */
  for (guint c = 0; c < n; c++)
    for (guint i = 0; i < 3; i++)
      {
        const HsTestSeg *s = &hs_test_small_connection[i];
        HsTcpHeader tcp = { 0 };
        guint8 frame[2048];
        guint32 record[4];
        gsize len;

        tcp.src_port = s->from_client ? 40000 + c : 80;
        tcp.dst_port = s->from_client ? 80 : 40000 + c;
        tcp.seq = s->seq;
        tcp.ack = s->ack;
        tcp.flags = s->flags;
        tcp.window = 1000;
        len = hs_test_ipv4_tcp (frame, s->from_client ? 0x0a000001 : 0x0a000002,
                        s->from_client ? 0x0a000002 : 0x0a000001, &tcp, s->len);
        record[0] = 1700000000;
        record[1] = t += 100;
        record[2] = record[3] = (guint32) len;
        g_byte_array_append (pcap, (const guint8 *) record, sizeof record);
        g_byte_array_append (pcap, frame, (guint) len);
      }

  g_file_set_contents (path, (const char *) pcap->data, pcap->len, &error);
  g_assert_no_error (error);
  return path;
}
