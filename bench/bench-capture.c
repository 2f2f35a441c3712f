/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-capture.c: reading a large capture. Writes a synthetic pcap of
 * 1,000,000 packets across 1,000 concurrent connections into a temporary
 * directory (never kept), then times, each in a child process of its own so
 * that its peak resident size is its alone:
 *
 *   - listing the connections (hs_capture_list_streams),
 *   - loading one connection and writing it as CSV,
 *   - tshark -r FILE -q -z conv,tcp on the same file, where tshark exists.
 *
 * Prints "NAME: key=value ..." lines. Targets: listing at least 5 times
 * faster than tshark, and the memory of loading one connection bounded by
 * that connection, not by the file. */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "hs-capture-reader.h"
#include "hs-trace-writer.h"

#define N_CONNECTIONS   1000
#define N_PACKETS       1000000
#define SNAPLEN         96
#define MSS             1448

/* ---------------------------------------------------------- generator -- */

static void
put16 (guint8  *p,
       guint16  v)
{
  p[0] = v >> 8;
  p[1] = v & 0xff;
}

static void
put32 (guint8  *p,
       guint32  v)
{
  p[0] = v >> 24;
  p[1] = (v >> 16) & 0xff;
  p[2] = (v >> 8) & 0xff;
  p[3] = v & 0xff;
}

typedef struct
{
  guint32 client_seq;
  guint32 server_seq;
  guint   sent;            /* packets of this connection so far */
} Conn;

/* One Ethernet/IPv4/TCP frame, headers only (the snapshot length cuts the
 * payload, as tcpdump -s 96 does). Returns the captured length; *wire_len
 * gets the length on the wire. */
static guint
frame (guint8   *out,
       guint     conn,
       gboolean  from_client,
       guint8    flags,
       guint32   seq,
       guint32   ack,
       guint     payload,
       guint    *wire_len)
{
  guint32 client = 0x0a000000u | (1 + conn / 250) << 8 | (1 + conn % 250);
  guint32 server = 0x0a630002u;
  guint16 client_port = (guint16) (20000 + conn);
  guint ip_len = 20 + 20 + payload;

  memset (out, 0, 54);
  out[5] = from_client ? 1 : 2;
  out[11] = from_client ? 2 : 1;
  put16 (out + 12, 0x0800);

  out[14] = 0x45;
  put16 (out + 16, (guint16) ip_len);
  put16 (out + 20, 0x4000);
  out[22] = 64;
  out[23] = 6;
  put32 (out + 26, from_client ? client : server);
  put32 (out + 30, from_client ? server : client);

  put16 (out + 34, from_client ? client_port : 443);
  put16 (out + 36, from_client ? 443 : client_port);
  put32 (out + 38, seq);
  put32 (out + 42, ack);
  out[46] = 5 << 4;
  out[47] = flags;
  put16 (out + 48, 502);

  *wire_len = 14 + ip_len;
  return MIN (*wire_len, SNAPLEN);
}

/* Each connection: the handshake, data from the server acknowledged by the
 * client every other segment, and a four-segment close: 1,000 packets. The
 * connections are interleaved, 1 ms apart on each. */
static gboolean
generate (const char  *path,
          GError     **error)
{
  FILE *file = g_fopen (path, "wb");
  guint32 header[6] = { 0xa1b2c3d4, 0x00040002, 0, 0, SNAPLEN, 1 };
  g_autofree Conn *conns = g_new0 (Conn, N_CONNECTIONS);
  guint per_connection = N_PACKETS / N_CONNECTIONS;
  guint8 buf[128];

  if (file == NULL)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", path, g_strerror (saved));
      return FALSE;
    }

  fwrite (header, sizeof header, 1, file);

  for (guint c = 0; c < N_CONNECTIONS; c++)
    {
      conns[c].client_seq = g_random_int ();
      conns[c].server_seq = g_random_int ();
    }

  for (guint round = 0; round < per_connection; round++)
    for (guint c = 0; c < N_CONNECTIONS; c++)
      {
        Conn *k = &conns[c];
        guint64 t = (guint64) round * 1000 + c;     /* µs */
        guint32 record[4] = { (guint32) (1700000000 + t / 1000000), (guint32) (t % 1000000), 0, 0 };
        guint wire = 0, caplen;
        guint data_rounds = per_connection - 8;

        if (round == 0)
          caplen = frame (buf, c, TRUE, 0x02, k->client_seq, 0, 0, &wire);
        else if (round == 1)
          caplen = frame (buf, c, FALSE, 0x12, k->server_seq, k->client_seq + 1, 0, &wire);
        else if (round == 2)
          caplen = frame (buf, c, TRUE, 0x10, k->client_seq + 1, k->server_seq + 1, 0, &wire);
        else if (round < 3 + data_rounds)
          {
            guint i = round - 3;
            guint32 sent = (i / 3 * 2 + (i % 3 == 2 ? 2 : i % 3)) * MSS;

            /* data, data, ACK of both */
            if (i % 3 < 2)
              caplen = frame (buf, c, FALSE, 0x10, k->server_seq + 1 + sent, k->client_seq + 1, MSS, &wire);
            else
              caplen = frame (buf, c, TRUE, 0x10, k->client_seq + 1, k->server_seq + 1 + sent, 0, &wire);
          }
        else
          {
            guint32 end = k->server_seq + 1 + (data_rounds / 3 * 2 + data_rounds % 3) * MSS;

            switch (round - 3 - data_rounds)
              {
              case 0:
                caplen = frame (buf, c, TRUE, 0x10, k->client_seq + 1, end, 0, &wire);
                break;
              case 1:
                caplen = frame (buf, c, FALSE, 0x11, end, k->client_seq + 1, 0, &wire);
                break;
              case 2:
                caplen = frame (buf, c, TRUE, 0x10, k->client_seq + 1, end + 1, 0, &wire);
                break;
              case 3:
                caplen = frame (buf, c, TRUE, 0x11, k->client_seq + 1, end + 1, 0, &wire);
                break;
              default:
                caplen = frame (buf, c, FALSE, 0x10, end + 1, k->client_seq + 2, 0, &wire);
                break;
              }
          }

        record[2] = caplen;
        record[3] = wire;
        fwrite (record, sizeof record, 1, file);
        fwrite (buf, caplen, 1, file);
      }

  if (fclose (file) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", path, g_strerror (saved));
      return FALSE;
    }

  return TRUE;
}

/* ------------------------------------------------------------- phases -- */

typedef struct
{
  double  seconds;
  glong   peak_rss_kib;
  int     status;
  char   *output;
} Run;

/* Runs @func in a child; its time, peak resident size and one line of
 * output. */
static Run
run_child (int       (*func) (const char *path, const char *arg, FILE *out),
           const char *path,
           const char *arg)
{
  Run run = { 0 };
  int fds[2];
  pid_t pid;
  gint64 start = g_get_monotonic_time ();
  struct rusage usage;
  GString *output = g_string_new (NULL);
  char buf[512];
  ssize_t n;

  if (pipe (fds) != 0)
    g_error ("pipe: %s", g_strerror (errno));

  pid = fork ();
  if (pid == 0)
    {
      FILE *out = fdopen (fds[1], "w");

      close (fds[0]);
      _exit (func (path, arg, out) == 0 && fclose (out) == 0 ? 0 : 1);
    }

  close (fds[1]);
  while ((n = read (fds[0], buf, sizeof buf)) > 0)
    g_string_append_len (output, buf, n);
  close (fds[0]);

  if (wait4 (pid, &run.status, 0, &usage) < 0)
    g_error ("wait4: %s", g_strerror (errno));

  run.seconds = (g_get_monotonic_time () - start) / 1e6;
  run.peak_rss_kib = usage.ru_maxrss;
  g_strchomp (output->str);
  run.output = g_string_free (output, FALSE);

  return run;
}

static int
list_streams (const char *path,
              const char *arg,
              FILE       *out)
{
  g_autoptr(GPtrArray) streams = NULL;
  g_autoptr(GError) error = NULL;
  guint64 packets = 0;

  if (!hs_capture_list_streams (path, &streams, &error))
    {
      fprintf (out, "error=\"%s\"", error->message);
      return 1;
    }

  for (guint i = 0; i < streams->len; i++)
    packets += ((const HsCaptureStream *) g_ptr_array_index (streams, i))->n_packets;

  fprintf (out, "streams=%u packets=%" G_GUINT64_FORMAT, streams->len, packets);
  return 0;
}

static int
export_stream (const char *path,
               const char *csv_path,
               FILE       *out)
{
  g_autoptr(HsTrace) trace = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  if (!hs_capture_load_stream (path, N_CONNECTIONS / 2, &trace, &error) ||
      (bytes = hs_trace_write (trace, HS_TRACE_FORMAT_CSV, &error)) == NULL ||
      !g_file_set_contents (csv_path, g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes), &error))
    {
      fprintf (out, "error=\"%s\"", error->message);
      return 1;
    }

  fprintf (out, "segments=%u steps=%u csv_bytes=%" G_GSIZE_FORMAT,
           hs_trace_get_n_segments (trace), hs_trace_get_n_steps (trace), g_bytes_get_size (bytes));
  return 0;
}

static int
run_tshark (const char *path,
            const char *tshark,
            FILE       *out)
{
  int null = open ("/dev/null", O_WRONLY);

  /* Its table is the output; only the time and memory matter here. */
  dup2 (null, STDOUT_FILENO);
  dup2 (null, STDERR_FILENO);
  execl (tshark, tshark, "-r", path, "-q", "-z", "conv,tcp", (char *) NULL);
  fprintf (out, "error=\"cannot run %s\"", tshark);
  return 1;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bench-capture-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *csv_path = NULL;
  g_autofree char *tshark = g_find_program_in_path ("tshark");
  Run list, export, shark = { 0 };
  gint64 start;
  GStatBuf st;
  double file_mib;
  int status = EXIT_SUCCESS;

  if (dir == NULL)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  path = g_build_filename (dir, "synthetic.pcap", NULL);
  csv_path = g_build_filename (dir, "stream.csv", NULL);

  start = g_get_monotonic_time ();
  if (!generate (path, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  g_stat (path, &st);
  file_mib = st.st_size / 1048576.0;
  printf ("capture-generate: packets=%d connections=%d file_mib=%.1f seconds=%.2f\n",
          N_PACKETS, N_CONNECTIONS, file_mib, (g_get_monotonic_time () - start) / 1e6);
  fflush (stdout);

  list = run_child (list_streams, path, NULL);
  printf ("capture-list-streams: seconds=%.2f packets_per_second=%.0f peak_rss_mib=%.1f %s\n",
          list.seconds, N_PACKETS / list.seconds, list.peak_rss_kib / 1024.0, list.output);
  fflush (stdout);

  export = run_child (export_stream, path, csv_path);
  printf ("capture-export-stream: seconds=%.2f peak_rss_mib=%.1f file_mib=%.1f %s\n",
          export.seconds, export.peak_rss_kib / 1024.0, file_mib, export.output);
  fflush (stdout);

  if (tshark != NULL)
    {
      shark = run_child (run_tshark, path, tshark);
      printf ("tshark-conv-tcp: seconds=%.2f peak_rss_mib=%.1f exit=%d\n",
              shark.seconds, shark.peak_rss_kib / 1024.0, WIFEXITED (shark.status) ? WEXITSTATUS (shark.status) : -1);
      printf ("capture-vs-tshark: list_speedup=%.1f target_speedup=5 memory_ratio=%.2f\n",
              shark.seconds / list.seconds, (double) list.peak_rss_kib / MAX (shark.peak_rss_kib, 1));
    }
  else
    {
      printf ("tshark-conv-tcp: skipped=not-installed\n");
    }

  if (list.status != 0 || export.status != 0)
    status = EXIT_FAILURE;

  g_unlink (path);
  g_unlink (csv_path);
  g_rmdir (dir);
  g_free (list.output);
  g_free (export.output);
  g_free (shark.output);

  return status;
}
