/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-test-pcap.h: a capture of three TCP connections, for the tests of
 * several connections. */

#pragma once

#include "hs-segment.h"

G_BEGIN_DECLS

typedef struct
{
  guint8   flags;
  gboolean from_client;
  guint32  seq;
  guint32  ack;
  guint    len;
} HsTestSeg;

typedef struct
{
  guint32 client;       /* IPv4, host order */
  guint16 port;
  guint32 start_us;
  guint32 isn_shift;
} HsTestConnection;

/* An IPv4 packet (raw IP link type, no link header) carrying @tcp and
 * @payload zero bytes, its header checksum set, into @out (2068 bytes at
 * least); returns its length. */
gsize hs_test_ipv4_tcp (guint8      *out,
                        guint32      src,
                        guint32      dst,
                        HsTcpHeader *tcp,
                        guint        payload);

/* A handshake, 100 bytes and a close. */
#define HS_TEST_SMALL_CONNECTION_LEN 8
extern const HsTestSeg hs_test_small_connection[HS_TEST_SMALL_CONNECTION_LEN];

/* Three connections to 10.0.0.2:80: 10.0.0.1:43098, 10.0.0.1:43100 and
 * 10.0.0.3:51000, each starting while the one before is open. */
#define HS_TEST_THREE_LEN 3
extern const HsTestConnection hs_test_three[HS_TEST_THREE_LEN];

/* Writes them, their packets interleaved by time, as a classic pcap of raw
 * IP named three.pcap in @dir; returns its path. */
char *hs_test_write_three (const char *dir);

/* @n connections from 10.0.0.1:40000, :40001, … to 10.0.0.2:80 one after
 * the other, each a handshake, as many.pcap in @dir; returns its path. */
char *hs_test_write_many  (const char *dir,
                           guint       n);

G_END_DECLS
