/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-capture-writer.h: any trace as a classic pcap file that Wireshark and
 * tcpdump open: what a capture point at one side would have seen.
 *
 * The command line calls (src/handshake.c):
 *
 *   handshake --lesson ID --export out.pcap [--capture-side client|server]
 *       hs_capture_is_pcap_filename (OUT) picks this writer; then
 *       hs_capture_side_from_string() for the side (client by default) and
 *       hs_capture_write_pcap (trace, side, OUT, &error).
 *
 * What is written: Ethernet frames (link type EN10MB) with IPv4, or IPv6
 * when the endpoints have IPv6 addresses, and TCP segments (UDP datagrams
 * for UDP lanes) with correct IP, TCP and UDP checksums, the header of each
 * segment as the trace holds it (flags, numbers, window, options), and as
 * payload readable filler text ("Handshake lesson data. " over and over,
 * the same bytes at the same sequence numbers): a trace does not keep
 * what the applications wrote. Each endpoint gets a MAC address made from its IP
 * address (02:00 and the address's last four bytes).
 *
 * The capture point: endpoints at even indexes (the client, and in a trace
 * of a TCP and a UDP run, both clients) are the client side, odd ones the
 * server side. An endpoint's index may be given instead of an
 * HsCaptureSide: the capture is then at that endpoint's side. In a trace
 * that names hosts the side is a host, that of endpoint @side (0 for
 * client, 1 for server: the first connection's), and segments between two
 * other hosts are not seen. A segment its side sends is written when it is sent, lost or
 * not (a copy the network made is not); a segment from the other side is
 * written when it arrives, if it does; one lost or still in flight at the
 * end is not. A captured trace (fate "captured") is written as it was seen.
 * Packets are in the order of those times.
 *
 * Timestamps: the trace's time 0 is 2024-01-01 00:00:00 UTC, so that the
 * times Wireshark shows relative to the first packet are the trace's. */

#pragma once

#include <gio/gio.h>

#include "hs-trace.h"

G_BEGIN_DECLS

typedef enum
{
  HS_CAPTURE_SIDE_CLIENT,
  HS_CAPTURE_SIDE_SERVER,
} HsCaptureSide;

/* The time 0 of a trace, in seconds since the epoch. */
#define HS_CAPTURE_EPOCH G_GINT64_CONSTANT (1704067200)

/* "client" or "server", in any case. */
gboolean  hs_capture_side_from_string   (const char     *name,
                                         HsCaptureSide  *side);
/* ".pcap" in any case (the writer writes classic pcap, not pcapng). */
gboolean  hs_capture_is_pcap_filename   (const char     *path);

/* The whole file. Fails with HS_ERROR_INVALID when an endpoint's address
 * is not an IP address or a segment goes between IPv4 and IPv6, with
 * HS_ERROR_TOO_LARGE when a segment does not fit in an IP packet. */
GBytes   *hs_capture_write_pcap_bytes   (HsTrace        *trace,
                                         HsCaptureSide   side,
                                         GError        **error);

/* The same, written to @stream as it goes. */
gboolean  hs_capture_write_pcap_to_stream (HsTrace        *trace,
                                           HsCaptureSide   side,
                                           GOutputStream  *stream,
                                           GCancellable   *cancellable,
                                           GError        **error);

/* Writes the file through hs_output_open() (hs-output.h): a regular file
 * is replaced atomically; "-" is standard output. */
gboolean  hs_capture_write_pcap         (HsTrace        *trace,
                                         HsCaptureSide   side,
                                         const char     *path,
                                         GError        **error);

/* Which segments a capture at @side shows and when, in the order the
 * writer writes them: @indexes (of segments) and @times (µs), both of the
 * returned length; for tests and for a diagram of "what Wireshark will
 * show". */
guint     hs_capture_select_segments    (HsTrace        *trace,
                                         HsCaptureSide   side,
                                         guint         **indexes,
                                         HsTime        **times);

G_END_DECLS
