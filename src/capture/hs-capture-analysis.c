/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-capture-analysis.c: Wireshark's TCP sequence analysis, so that a
 * captured connection carries the same "retransmission", "duplicate ACK",
 * "window full" ... labels a student sees in Wireshark.
 *
 * This follows the rules of tcp_analyze_sequence_number() in Wireshark 4.0
 * (epan/dissectors/packet-tcp.c), checked against tshark 4.0.17 on the
 * captures in tests/data/captures and on synthetic ones: the order of the
 * checks matters, and so do its quirks (a zero window probe skips the other
 * window checks; relative numbers of a side first seen in an ACK count from
 * that ACK less one). It is written anew from the documented behaviour; only
 * what Handshake shows is kept (no bytes in flight, no RTT per segment). */

#define G_LOG_DOMAIN "hs-capture"

#include "config.h"

#include <string.h>

#include "hs-capture-private.h"

/* Wireshark keeps at most this many unacknowledged segments per direction;
 * past it a SYN or FIN no longer counts for one sequence number. */
#define MAX_UNACKED_SEGMENTS 10000

/* A fast retransmission follows the duplicate ACKs within 20 ms; without a
 * handshake RTT an out-of-order segment comes within 3 ms. */
#define FAST_RETRANSMISSION_NS  G_GINT64_CONSTANT (20000000)
#define OUT_OF_ORDER_NS         G_GINT64_CONSTANT (3000000)

void
hs_tcp_analyzer_init (HsTcpAnalyzer *analyzer)
{
  memset (analyzer, 0, sizeof *analyzer);

  for (guint i = 0; i < 2; i++)
    {
      analyzer->flow[i].window = G_MAXUINT32;
      analyzer->flow[i].win_scale = -1;
      analyzer->flow[i].unacked = g_array_new (FALSE, FALSE, sizeof (guint32));
    }
}

void
hs_tcp_analyzer_clear (HsTcpAnalyzer *analyzer)
{
  for (guint i = 0; i < 2; i++)
    g_clear_pointer (&analyzer->flow[i].unacked, g_array_unref);
}

/* After the segment: drop the reverse direction's segments that @ack
 * covers (Wireshark's "ual" list, kept only for its count). */
static void
remove_acked (HsAnalysisFlow *rev,
              guint32         ack)
{
  guint32 *nextseqs = (guint32 *) (gpointer) rev->unacked->data;
  guint kept = 0;

  for (guint i = 0; i < rev->unacked->len; i++)
    {
      if (hs_seq_gt (nextseqs[i], ack))
        nextseqs[kept++] = nextseqs[i];
    }

  g_array_set_size (rev->unacked, kept);
}

/* Window scaling as Wireshark learns it from the SYNs: the option is
 * used only when both SYNs carry it. */
static void
learn_window_scale (HsTcpAnalyzer         *analyzer,
                    guint                  dir,
                    const HsCapturePacket *packet)
{
  HsAnalysisFlow *fwd = &analyzer->flow[dir];
  HsAnalysisFlow *rev = &analyzer->flow[1 - dir];
  const HsTcpHeader *h = &packet->header;

  if ((h->flags & HS_TCP_SYN) == 0)
    return;

  if (h->options.present & HS_TCP_OPT_WSCALE)
    fwd->win_scale = MIN (h->options.wscale, 14);

  if (fwd->win_scale == -1)
    {
      /* No option in this SYN: no side scales. */
      fwd->win_scale = -2;
      rev->win_scale = -2;
    }
  else if ((h->flags & HS_TCP_ACK) != 0 && rev->win_scale == -2)
    {
      fwd->win_scale = -2;
    }
}

guint32
hs_tcp_analyzer_add (HsTcpAnalyzer         *analyzer,
                     guint                  dir,
                     const HsCapturePacket *packet,
                     guint32                extra,
                     guint                 *dup_ack_num,
                     guint32               *window_out)
{
  HsAnalysisFlow *fwd = &analyzer->flow[dir];
  HsAnalysisFlow *rev = &analyzer->flow[1 - dir];
  const HsTcpHeader *h = &packet->header;
  guint32 seq = h->seq;
  guint32 ack = h->ack;
  guint32 window = h->window;
  guint32 seglen = packet->seglen;
  guint8 flags = h->flags;
  gint64 now = packet->time_ns;
  guint32 ta = extra;
  guint32 nextseq;
  const guint8 no_data_flags = HS_TCP_SYN | HS_TCP_FIN | HS_TCP_RST;

  *dup_ack_num = 0;

  /* A SYN+ACK with a new ISN on the same ports: this side starts again. */
  if ((extra & HS_ANALYSIS_REUSED_PORTS) && (flags & (HS_TCP_SYN | HS_TCP_ACK)) == (HS_TCP_SYN | HS_TCP_ACK))
    fwd->base_set = FALSE;

  /* Relative numbers: a SYN gives the ISN; otherwise the first segment
   * counts from its sequence number less one, and the other side from the
   * first ACK less one. */
  if (!fwd->base_set)
    {
      fwd->base_seq = (flags & HS_TCP_SYN) ? seq : seq - 1;
      fwd->base_set = TRUE;
    }
  if (!rev->base_set && (flags & HS_TCP_ACK))
    {
      rev->base_seq = ack - 1;
      rev->base_set = TRUE;
    }

  /* Zero window probe: one byte at the next sequence number into a
   * closed window. */
  if (seglen == 1 && seq == fwd->nextseq && rev->window == 0)
    {
      ta |= HS_ANALYSIS_ZERO_WINDOW_PROBE;
      goto finished_fwd;
    }

  if (window == 0 && (flags & no_data_flags) == 0)
    ta |= HS_ANALYSIS_ZERO_WINDOW;

  /* Beyond what this side has sent so far: something was not captured. */
  if (fwd->nextseq != 0 && hs_seq_gt (seq, fwd->nextseq) && (flags & HS_TCP_RST) == 0)
    ta |= HS_ANALYSIS_LOST_SEGMENT;

  /* Keep-alive: at most one byte, one before the next sequence number. */
  if ((seglen == 0 || seglen == 1) && seq == fwd->nextseq - 1 && (flags & no_data_flags) == 0)
    ta |= HS_ANALYSIS_KEEP_ALIVE;

  if (seglen == 0 && window != 0 && window != fwd->window &&
      seq == fwd->nextseq && ack == fwd->lastack && (flags & no_data_flags) == 0)
    ta |= HS_ANALYSIS_WINDOW_UPDATE;

  /* Up to the edge of the window the other side advertised. */
  if (seglen > 0 && rev->win_scale != -1 &&
      seq + seglen == rev->lastack + (rev->window << (rev->win_scale == -2 ? 0 : rev->win_scale)) &&
      (flags & no_data_flags) == 0)
    ta |= HS_ANALYSIS_WINDOW_FULL;

  if (seglen == 0 && window != 0 && window == fwd->window &&
      seq == fwd->nextseq && ack == fwd->lastack &&
      (rev->lastsegmentflags & HS_ANALYSIS_KEEP_ALIVE) != 0 && (flags & no_data_flags) == 0)
    {
      ta |= HS_ANALYSIS_KEEP_ALIVE_ACK;
      goto finished_fwd;
    }

  if (seglen == 0 && window == 0 && window == fwd->window &&
      seq == fwd->nextseq && ack == fwd->lastack &&
      (rev->lastsegmentflags & HS_ANALYSIS_ZERO_WINDOW_PROBE) != 0 && (flags & no_data_flags) == 0)
    {
      ta |= HS_ANALYSIS_ZERO_WINDOW_PROBE_ACK;
      goto finished_fwd;
    }

  /* The same ACK, window and sequence number again, without data. */
  if (seglen == 0 && window != 0 && window == fwd->window &&
      seq == fwd->nextseq && ack == fwd->lastack && (flags & no_data_flags) == 0)
    {
      /* An "ACKed unseen segment" counted as the first. */
      fwd->dupacknum = fwd->dupacknum == G_MAXUINT32 ? 1 : fwd->dupacknum + 1;
      ta |= HS_ANALYSIS_DUPLICATE_ACK;
      *dup_ack_num = (guint) fwd->dupacknum;
    }

finished_fwd:
  if (ack != fwd->lastack)
    fwd->dupacknum = 0;

  /* Acknowledges more than the other side was seen to send. */
  if (rev->maxseqtobeacked != 0 && hs_seq_gt (ack, rev->maxseqtobeacked) && (flags & HS_TCP_ACK) != 0)
    {
      /* Once per missing segment: the next ACKs beyond it are not
       * counted again until the other side sends an ACK of its own. */
      if (hs_seq_lt (rev->maxseqtobeacked, rev->nextseq))
        {
          rev->maxseqtobeacked = rev->nextseq;
          ta |= HS_ANALYSIS_ACK_LOST_SEGMENT;
        }
      else
        {
          if (rev->dupacknum == 0)
            ta |= HS_ANALYSIS_ACK_LOST_SEGMENT;
          rev->dupacknum = G_MAXUINT32;
        }
    }

  /* Sequence space that does not advance: a retransmission of some kind,
   * or a segment out of order. A keep-alive is none of them. */
  if (seglen > 0 || (flags & (HS_TCP_SYN | HS_TCP_FIN)) != 0)
    {
      gboolean seq_not_advanced = fwd->nextseq != 0 && hs_seq_lt (seq, fwd->nextseq);
      gint64 ooo_threshold;

      if (ta & HS_ANALYSIS_KEEP_ALIVE)
        goto finished_checking;

      /* More than one byte from one before the next sequence number: new
       * data after what may have been a zero window probe. */
      if (seglen > 1 && fwd->nextseq - 1 == seq)
        seq_not_advanced = FALSE;

      /* Data the other side had acknowledged already. */
      if (seglen > 0 && rev->lastack != 0 && hs_seq_leq (seq + seglen, rev->lastack))
        {
          ta |= HS_ANALYSIS_SPURIOUS_RETRANSMISSION;
          goto finished_checking;
        }

      /* Wireshark's default: a fast retransmission before out-of-order. */
      if (seq_not_advanced && rev->dupacknum >= 2 && rev->lastack == seq &&
          now - rev->lastacktime < FAST_RETRANSMISSION_NS)
        {
          ta |= HS_ANALYSIS_FAST_RETRANSMISSION;
          goto finished_checking;
        }

      ooo_threshold = analyzer->ts_first_rtt != 0 ? analyzer->ts_first_rtt : OUT_OF_ORDER_NS;
      if (seq_not_advanced && now - fwd->nextseqtime < ooo_threshold &&
          fwd->nextseq != seq + seglen + ((flags & (HS_TCP_SYN | HS_TCP_FIN)) ? 1 : 0))
        {
          ta |= HS_ANALYSIS_OUT_OF_ORDER;
          goto finished_checking;
        }

      if (seq_not_advanced)
        ta |= HS_ANALYSIS_RETRANSMISSION;
    }

finished_checking:
  nextseq = seq + seglen;
  if ((seglen > 0 || (flags & (HS_TCP_SYN | HS_TCP_FIN)) != 0) &&
      fwd->unacked->len < MAX_UNACKED_SEGMENTS)
    {
      if (flags & (HS_TCP_SYN | HS_TCP_FIN))
        nextseq += 1;
      g_array_append_val (fwd->unacked, nextseq);
    }

  /* The highest sequence number seen; a zero window probe does not count. */
  if (hs_seq_gt (nextseq, fwd->nextseq) || fwd->nextseq == 0)
    {
      if ((ta & HS_ANALYSIS_ZERO_WINDOW_PROBE) == 0)
        {
          fwd->nextseq = nextseq;
          fwd->nextseqtime = now;
        }
    }

  /* The highest contiguous sequence number, for "ACKed unseen segment". */
  if (seq == fwd->maxseqtobeacked || fwd->maxseqtobeacked == 0)
    {
      if ((ta & HS_ANALYSIS_ZERO_WINDOW_PROBE) == 0)
        fwd->maxseqtobeacked = fwd->nextseq;
    }

  fwd->window = window;
  fwd->lastack = ack;
  fwd->lastacktime = now;
  fwd->lastsegmentflags = ta;

  remove_acked (rev, ack);

  /* The window as shown: SYNs are never scaled; the others once the
   * handshake said how (with this segment's options not yet counted). */
  if ((flags & HS_TCP_SYN) == 0 && fwd->win_scale >= 0)
    *window_out = window << fwd->win_scale;
  else
    *window_out = window;

  learn_window_scale (analyzer, dir, packet);

  /* The handshake's round trip: from the last SYN to the first ACK. */
  if ((flags & (HS_TCP_SYN | HS_TCP_ACK)) == HS_TCP_SYN)
    analyzer->ts_mru_syn = now;
  else if ((flags & (HS_TCP_SYN | HS_TCP_ACK)) == HS_TCP_ACK &&
           analyzer->ts_mru_syn != 0 && analyzer->ts_first_rtt == 0)
    analyzer->ts_first_rtt = now - analyzer->ts_mru_syn;

  return ta;
}
