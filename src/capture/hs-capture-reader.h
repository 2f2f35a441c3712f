/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-capture-reader.h: the TCP connections of a pcap or pcapng file, and
 * any one of them as a trace, like a simulated lesson's.
 *
 * The command line calls (src/handshake.c):
 *
 *   handshake --pcap FILE --list-streams
 *       hs_capture_list_streams (FILE, &streams, &error), then for each
 *       stream puts hs_capture_stream_to_line() and a newline on stdout.
 *       On a damaged file the call fails, but streams holds the
 *       connections read before the damage: print them, then the error.
 *
 *   handshake --pcap FILE [--stream N] --export OUT
 *       hs_capture_load_stream (FILE, N, &trace, &error), N = 0 by
 *       default, then any export of the trace as for a lesson (CSV, JSON,
 *       TXT, the diagram formats, and pcap with hs_capture_write_pcap()).
 *       On a damaged file the call fails but may still return the part of
 *       the connection that was read.
 *
 * The window uses HsCaptureFile: scan once for the list (with progress, in
 * a thread: hs_capture_file_scan_async()), then load the chosen stream.
 *
 * Streams are numbered from 0 in the order of their first packet, as
 * Wireshark's tcp.stream: packets belong together by their addresses and
 * ports, and a SYN (without ACK) whose sequence number differs from the
 * one the connection started with opens a new connection on the same ports.
 *
 * Only the chosen connection's packets are kept in memory; the file is
 * read as a stream, never loaded whole.
 *
 * Errors are in HS_ERROR and name the file: HS_ERROR_IO (cannot open),
 * HS_ERROR_PARSE (not a capture, cut short, a corrupt record),
 * HS_ERROR_UNSUPPORTED (a link type Handshake does not read),
 * HS_ERROR_NOT_FOUND (no TCP at all, or no stream with that number). */

#pragma once

#include <gio/gio.h>

#include "hs-trace.h"
#include "hs-types.h"

G_BEGIN_DECLS

typedef struct
{
  guint     index;             /* from 0, as Wireshark's tcp.stream */
  guint8    family;            /* 4 or 6 */
  char     *client_address;    /* who sent the SYN, or else the first packet */
  guint16   client_port;
  char     *server_address;
  guint16   server_port;
  guint64   n_packets;
  guint64   n_bytes;           /* frame bytes on the wire, as Wireshark's
                                * Conversations window counts them */
  guint64   n_payload_bytes;   /* TCP payload, both directions */
  HsTime    start;             /* first packet, from the capture's first packet */
  HsTime    duration;          /* first to last packet */
  guint64   first_frame;       /* frame numbers, from 1 */
  guint64   last_frame;
  gboolean  client_from_syn;   /* FALSE: the SYN is not in the capture */
  gboolean  has_handshake;     /* both SYNs and both their ACKs */
  gboolean  has_close;         /* both FINs and both their ACKs */
  gboolean  has_reset;         /* an RST */
} HsCaptureStream;

void             hs_capture_stream_free     (HsCaptureStream *stream);
HsCaptureStream *hs_capture_stream_copy     (const HsCaptureStream *stream);

/* The line --list-streams prints, tab-separated, never translated:
 *
 *   INDEX \t CLIENT -> SERVER \t N packets \t N bytes \t SECONDS s \t HANDSHAKE END
 *
 * e.g. "0\t10.99.0.1:43098 -> 10.99.0.2:5000\t11 packets\t1066 bytes\t0.301245 s\thandshake close"
 * with IPv6 addresses in brackets ("[::1]:5000"), the duration in seconds
 * with six decimals, HANDSHAKE "handshake" or "no-handshake", END "close"
 * (both FINs acknowledged), "reset" (an RST) or "open". Newly allocated,
 * without a newline. */
char            *hs_capture_stream_to_line  (const HsCaptureStream *stream);

/* ----------------------------------------------------- the simple calls -- */

/* Lists the TCP connections of @path into *@streams (a new array of
 * HsCaptureStream, which frees them). On a damaged file returns FALSE with
 * @error set, and *@streams still holds the connections read before the
 * damage (maybe none); on any other failure *@streams is NULL. */
gboolean         hs_capture_list_streams    (const char   *path,
                                             GPtrArray   **streams,
                                             GError      **error);

/* Reads connection @index of @path as a trace (see HsCaptureFile's
 * hs_capture_file_load_stream() for what it holds). On a damaged file
 * returns FALSE with @error set, and *@trace holds what was read of the
 * connection, or NULL. */
gboolean         hs_capture_load_stream     (const char   *path,
                                             guint         index,
                                             HsTrace     **trace,
                                             GError      **error);

/* Reads connections @indexes (any order; each once) of @path as one trace
 * (see hs_capture_file_load_streams()); all of them (the first
 * HS_CAPTURE_MAX_STREAMS) when @indexes is NULL. Fails as
 * hs_capture_load_stream() does. */
gboolean         hs_capture_load_streams    (const char   *path,
                                             const guint  *indexes,
                                             guint         n_indexes,
                                             HsTrace     **trace,
                                             GError      **error);

/* Whether @data (the first bytes of a file, at least 4) is a pcap or pcapng
 * capture; for opening a file by its content, as in `handshake FILE`. */
gboolean         hs_capture_sniff           (const guint8 *data,
                                             gsize         len);
/* By name: ".pcap", ".pcapng", ".cap" in any case. */
gboolean         hs_capture_is_capture_filename (const char *path);

/* ------------------------------------------------------ HsCaptureFile -- */

/* Called from the thread that reads, now and then: @done of @total bytes. */
typedef void (*HsCaptureProgressFunc) (guint64  done,
                                       guint64  total,
                                       gpointer user_data);

#define HS_TYPE_CAPTURE_FILE (hs_capture_file_get_type ())
G_DECLARE_FINAL_TYPE (HsCaptureFile, hs_capture_file, HS, CAPTURE_FILE, GObject)

HsCaptureFile         *hs_capture_file_new            (const char     *path);
const char            *hs_capture_file_get_path       (HsCaptureFile  *self);

/* Reads the whole file once and lists its connections. TRUE when at least
 * one connection was found; a file damaged after that still gives TRUE,
 * with hs_capture_file_get_warning() saying what is wrong. */
gboolean               hs_capture_file_scan           (HsCaptureFile         *self,
                                                       HsCaptureProgressFunc  progress,
                                                       gpointer               progress_data,
                                                       GCancellable          *cancellable,
                                                       GError               **error);
/* The same in a thread; @progress is called in the thread-default main
 * context of the caller. Do not use @self until @callback runs. */
void                   hs_capture_file_scan_async     (HsCaptureFile         *self,
                                                       HsCaptureProgressFunc  progress,
                                                       gpointer               progress_data,
                                                       GCancellable          *cancellable,
                                                       GAsyncReadyCallback    callback,
                                                       gpointer               user_data);
gboolean               hs_capture_file_scan_finish    (HsCaptureFile         *self,
                                                       GAsyncResult          *result,
                                                       GError               **error);

guint                  hs_capture_file_get_n_streams  (HsCaptureFile  *self);
const HsCaptureStream *hs_capture_file_get_stream     (HsCaptureFile  *self,
                                                       guint           index);
/* Something wrong that did not stop the reading (the file cut short, a
 * corrupt record, packets with corrupt headers left out), or NULL. */
const GError          *hs_capture_file_get_warning    (HsCaptureFile  *self);
/* libpcap's name of the link type, "EN10MB"; NULL before reading. */
const char            *hs_capture_file_get_link_type  (HsCaptureFile  *self);
guint64                hs_capture_file_get_n_packets  (HsCaptureFile  *self);

/* Connection @index as a trace: two endpoints, "client" and "server", with
 * their addresses and ports; every captured segment with fate
 * HS_FATE_CAPTURED, sent at its capture time from the connection's first
 * packet (time 0), Wireshark's analysis in hs_trace_get_segment_analysis()
 * and its relative numbers; a segment-sent step per segment with its
 * narration, and the states each endpoint goes through as far as the
 * capture shows them (state-change steps; HS_REASON_CAPTURED_STATE_UNCERTAIN
 * where packets missing from the capture make it a guess). Parameters:
 * "source" = "capture", "file", "stream", "link-type", "capture-time"
 * (the first packet's date, ISO 8601 in UTC).
 *
 * Works with or without a scan before (with one, it stops reading after
 * the connection's last packet). NULL with HS_ERROR_NOT_FOUND when there is
 * no such connection. On a file damaged after some of the connection was
 * read, returns the trace and sets hs_capture_file_get_warning(). */
HsTrace               *hs_capture_file_load_stream    (HsCaptureFile         *self,
                                                       guint                  index,
                                                       HsCaptureProgressFunc  progress,
                                                       gpointer               progress_data,
                                                       GCancellable          *cancellable,
                                                       GError               **error);
/* The most connections one trace holds: a socket each side, and a trace
 * holds HS_TRACE_MAX_ENDPOINTS. */
#define HS_CAPTURE_MAX_STREAMS (HS_TRACE_MAX_ENDPOINTS / 2)

/* Connections @indexes (any order, each once) as one trace, as Wireshark's
 * flow graph shows a whole capture. One index gives the trace
 * hs_capture_file_load_stream() gives. Several give a trace that names
 * hosts: a host per IP address (named by it), two sockets per connection
 * ("client" and "server" as in one connection's trace), connection k is
 * the k-th chosen stream in stream order, times count from the first
 * chosen connection's first packet; parameter "stream" lists the streams
 * ("0,2,3"). At most HS_CAPTURE_MAX_STREAMS (else HS_ERROR_UNSUPPORTED). */
HsTrace               *hs_capture_file_load_streams   (HsCaptureFile         *self,
                                                       const guint           *indexes,
                                                       guint                  n_indexes,
                                                       HsCaptureProgressFunc  progress,
                                                       gpointer               progress_data,
                                                       GCancellable          *cancellable,
                                                       GError               **error);
/* Every connection (the first HS_CAPTURE_MAX_STREAMS, and then parameter
 * "streams-in-file" says how many the file holds), scanning first when the
 * file was not scanned. */
HsTrace               *hs_capture_file_load_all_streams (HsCaptureFile         *self,
                                                         HsCaptureProgressFunc  progress,
                                                         gpointer               progress_data,
                                                         GCancellable          *cancellable,
                                                         GError               **error);
/* Finished with hs_capture_file_load_stream_finish(). */
void                   hs_capture_file_load_streams_async (HsCaptureFile         *self,
                                                           const guint           *indexes,
                                                           guint                  n_indexes,
                                                           HsCaptureProgressFunc  progress,
                                                           gpointer               progress_data,
                                                           GCancellable          *cancellable,
                                                           GAsyncReadyCallback    callback,
                                                           gpointer               user_data);
void                   hs_capture_file_load_stream_async  (HsCaptureFile         *self,
                                                           guint                  index,
                                                           HsCaptureProgressFunc  progress,
                                                           gpointer               progress_data,
                                                           GCancellable          *cancellable,
                                                           GAsyncReadyCallback    callback,
                                                           gpointer               user_data);
HsTrace               *hs_capture_file_load_stream_finish (HsCaptureFile         *self,
                                                           GAsyncResult          *result,
                                                           GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HsCaptureStream, hs_capture_stream_free)

G_END_DECLS
