/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-capture-private.h: what the files of src/capture/ share: a decoded
 * TCP packet, the link-layer decoder, Wireshark's TCP analysis and the
 * trace builder. Not installed, not for the other layers. */

#pragma once

#include <glib.h>

#include "hs-segment.h"
#include "hs-trace.h"

G_BEGIN_DECLS

/* ------------------------------------------------------------ decoding -- */

typedef enum
{
  HS_DECODE_TCP,         /* a TCP segment, in @packet */
  HS_DECODE_NOT_TCP,     /* something else (ARP, UDP, ICMP, ...): skipped */
  HS_DECODE_FRAGMENT,    /* an IP fragment: TCP lengths unknown, skipped */
  HS_DECODE_MALFORMED,   /* a header that contradicts itself or is cut short */
} HsDecodeResult;

typedef struct
{
  guint8      family;       /* 4 or 6 */
  guint8      src[16];      /* IPv4 in the first 4 bytes, network order */
  guint8      dst[16];
  guint32     seglen;       /* TCP payload on the wire (from the IP length) */
  guint32     wire_len;     /* the frame's length on the wire */
  gboolean    truncated;    /* the snapshot cut options or payload */
  gint64      time_ns;      /* absolute, ns since the epoch */
  guint64     frame;        /* 1-based, as Wireshark numbers frames */
  HsTcpHeader header;
} HsCapturePacket;

/* Decodes one frame of link type @linktype (a DLT_ value). @caplen bytes
 * are present of @wire_len. Fills @packet (all but time and frame) for
 * HS_DECODE_TCP. */
HsDecodeResult hs_capture_decode_frame   (int              linktype,
                                          const guint8    *data,
                                          guint32          caplen,
                                          guint32          wire_len,
                                          HsCapturePacket *packet);

/* Whether a link type is one the decoder reads. */
gboolean       hs_capture_linktype_supported (int linktype);

/* "10.0.0.1" or "2001:db8::1". Newly allocated. */
char          *hs_capture_format_address (guint8        family,
                                          const guint8 *address);

/* "10.0.0.1:80", "[::1]:80". Newly allocated. */
char          *hs_capture_format_endpoint (const char *address,
                                           guint16     port);

/* ------------------------------------------------------------ analysis -- */

/* One direction of a connection, as Wireshark's tcp_flow_t and
 * tcp_analyze_seq_flow_info_t keep it (the fields Handshake needs). */
typedef struct
{
  gboolean  base_set;
  guint32   base_seq;
  guint32   nextseq;
  gint64    nextseqtime;
  guint32   maxseqtobeacked;
  guint32   lastack;
  gint64    lastacktime;
  guint32   dupacknum;         /* G_MAXUINT32: an ACK of unseen data counted;
                                * unsigned as in Wireshark, so that it also
                                * counts as "2 or more" for a fast
                                * retransmission */
  guint32   window;            /* the raw field of the last segment */
  gint      win_scale;         /* -1 unknown, -2 not used, else the shift */
  guint32   lastsegmentflags;
  GArray   *unacked;           /* guint32: nextseq of segments not yet acked */
} HsAnalysisFlow;

typedef struct
{
  HsAnalysisFlow flow[2];
  gint64         ts_mru_syn;   /* abs ns of the last SYN (not SYN+ACK); 0: none */
  gint64         ts_first_rtt; /* ns; 0: not known */
} HsTcpAnalyzer;

void     hs_tcp_analyzer_init    (HsTcpAnalyzer *analyzer);
void     hs_tcp_analyzer_clear   (HsTcpAnalyzer *analyzer);

/* Analyses the next segment of the connection, sent in direction @dir (0 or
 * 1). @extra are flags found before the analysis (HS_ANALYSIS_REUSED_PORTS).
 * Returns HsSegmentAnalysis bits; sets *@dup_ack_num for a duplicate ACK
 * and *@window to the window in bytes as Wireshark shows it (scaled once
 * both SYNs said how). */
guint32  hs_tcp_analyzer_add     (HsTcpAnalyzer         *analyzer,
                                  guint                  dir,
                                  const HsCapturePacket *packet,
                                  guint32                extra,
                                  guint                 *dup_ack_num,
                                  guint32               *window);

/* ------------------------------------------------------- trace building -- */

/* Builds the trace of one connection from its packets, in capture order.
 * @client is the index in @packets' direction sense: the packets whose
 * source is packets[0]'s source are direction 0. */
HsTrace *hs_capture_build_trace  (const HsCapturePacket *packets,
                                  guint                  n_packets,
                                  const guint32         *extra_flags,
                                  gint64                 capture_start_ns);

/* Several connections' traces (two endpoints each, from
 * hs_capture_build_trace(), in stream order) as one trace that names
 * hosts: a host per address, connection k from @parts[k], on the clock of
 * the earliest (parameter "capture-offset-us"). Parameters are the first
 * part's. */
HsTrace *hs_capture_merge_traces (HsTrace * const *parts,
                                  guint            n_parts);

G_END_DECLS
