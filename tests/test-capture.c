/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-capture.c: pcap and pcapng import against tshark's own analysis,
 * lessons written as pcap and read back (by Handshake and by tshark), and
 * damaged captures. */

#define G_LOG_DOMAIN "test-capture"

#include "config.h"

#include <locale.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "hs-capture-reader.h"
#include "hs-capture-writer.h"
#include "hs-error.h"
#include "hs-narration.h"
#include "hs-scenario.h"
#include "hs-simulator.h"
#include "hs-trace-writer.h"
#include "hs-trace.h"
#include "hs-test-lessons.h"
#include "hs-test-pcap.h"

/* The real Linux captures in tests/data/captures, each with tshark 4.0's
 * field dump (NAME.tshark.csv). */
static const char * const captures[] = {
  "abort-rst",
  "data-then-close-piggyback",
  "half-close",
  "handshake-data-close",
  "loss-bulk",
  "refused",
  "server-closes-first",
  "simultaneous-close",
  "simultaneous-open",
  "syn-lost",
  "syn-lost-exponential",
  "synack-lost",
  "zero-window",
};

/* tshark's analysis columns, in the order of the dump, with the bit each
 * stands for (duplicate_ack_num is a number, checked apart). */
static const struct
{
  const char *column;
  guint32     bits;
} analysis_columns[] = {
  { "tcp.analysis.retransmission", HS_ANALYSIS_RETRANSMISSION | HS_ANALYSIS_FAST_RETRANSMISSION | HS_ANALYSIS_SPURIOUS_RETRANSMISSION },
  { "tcp.analysis.fast_retransmission", HS_ANALYSIS_FAST_RETRANSMISSION },
  { "tcp.analysis.spurious_retransmission", HS_ANALYSIS_SPURIOUS_RETRANSMISSION },
  { "tcp.analysis.out_of_order", HS_ANALYSIS_OUT_OF_ORDER },
  { "tcp.analysis.lost_segment", HS_ANALYSIS_LOST_SEGMENT },
  { "tcp.analysis.ack_lost_segment", HS_ANALYSIS_ACK_LOST_SEGMENT },
  { "tcp.analysis.window_update", HS_ANALYSIS_WINDOW_UPDATE },
  { "tcp.analysis.window_full", HS_ANALYSIS_WINDOW_FULL },
  { "tcp.analysis.zero_window", HS_ANALYSIS_ZERO_WINDOW },
  { "tcp.analysis.zero_window_probe", HS_ANALYSIS_ZERO_WINDOW_PROBE },
  { "tcp.analysis.zero_window_probe_ack", HS_ANALYSIS_ZERO_WINDOW_PROBE_ACK },
  { "tcp.analysis.keep_alive", HS_ANALYSIS_KEEP_ALIVE },
  { "tcp.analysis.keep_alive_ack", HS_ANALYSIS_KEEP_ALIVE_ACK },
  { "tcp.analysis.reused_ports", HS_ANALYSIS_REUSED_PORTS },
};

/* ------------------------------------------------------------ helpers -- */

static char *
data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "captures", name, NULL);
}

static char *
make_test_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("test-capture-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_test_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        remove_test_dir (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

/* One CSV line into fields, with RFC 4180 quotes. */
static GPtrArray *
csv_split (const char *line)
{
  GPtrArray *fields = g_ptr_array_new_with_free_func (g_free);
  GString *field = g_string_new (NULL);
  gboolean quoted = FALSE;

  for (const char *p = line;; p++)
    {
      if (quoted)
        {
          if (*p == '\0')
            break;
          if (*p == '"' && p[1] == '"')
            {
              g_string_append_c (field, '"');
              p++;
            }
          else if (*p == '"')
            quoted = FALSE;
          else
            g_string_append_c (field, *p);
          continue;
        }

      if (*p == '"')
        quoted = TRUE;
      else if (*p == ',' || *p == '\0' || *p == '\r')
        {
          g_ptr_array_add (fields, g_strdup (field->str));
          g_string_truncate (field, 0);
          if (*p != ',')
            break;
        }
      else
        g_string_append_c (field, *p);
    }

  g_string_free (field, TRUE);
  return fields;
}

typedef struct
{
  GPtrArray *header;   /* char * */
  GPtrArray *rows;     /* GPtrArray of char * */
} Table;

static void
table_free (Table *table)
{
  g_ptr_array_unref (table->header);
  g_ptr_array_unref (table->rows);
  g_free (table);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Table, table_free)

static Table *
table_parse (const char *text,
             gboolean    has_header)
{
  Table *table = g_new0 (Table, 1);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  table->header = has_header && lines[0] != NULL ? csv_split (lines[0])
                                                 : g_ptr_array_new_with_free_func (g_free);

  for (guint i = has_header ? 1 : 0; lines[i] != NULL; i++)
    {
      if (lines[i][0] == '\0')
        continue;
      g_ptr_array_add (table->rows, csv_split (lines[i]));
    }

  return table;
}

static guint
table_column (Table      *table,
              const char *name)
{
  for (guint i = 0; i < table->header->len; i++)
    {
      if (g_str_equal (g_ptr_array_index (table->header, i), name))
        return i;
    }

  g_error ("no column %s", name);
  return 0;
}

static const char *
cell (Table *table,
      guint  row,
      guint  column)
{
  GPtrArray *fields = g_ptr_array_index (table->rows, row);

  g_assert_cmpuint (column, <, fields->len);
  return g_ptr_array_index (fields, column);
}

static guint64
cell_uint (Table *table,
           guint  row,
           guint  column)
{
  const char *text = cell (table, row, column);

  if (g_str_has_prefix (text, "0x"))
    return g_ascii_strtoull (text + 2, NULL, 16);
  return g_ascii_strtoull (text, NULL, 10);
}

static char *
find_tshark (void)
{
  return g_find_program_in_path ("tshark");
}

/* Runs tshark; its standard output, or NULL (and the test fails). */
static char *
run_tshark (const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *tshark = find_tshark ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = 0;

  g_auto(GStrv) envp = g_get_environ ();
  g_autofree char *home = make_test_dir ();

  g_ptr_array_add (argv, tshark);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  /* tshark wants a configuration directory it can create. */
  envp = g_environ_setenv (envp, "HOME", home, TRUE);
  envp = g_environ_setenv (envp, "XDG_CONFIG_HOME", home, TRUE);

  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL,
                &out, &err, &status, &error);
  remove_test_dir (home);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_test_message ("tshark: %s", err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  return out;
}

static HsTrace *
load (const char *path,
      guint       index)
{
  g_autoptr(GError) error = NULL;
  HsTrace *trace = NULL;

  g_assert_true (hs_capture_load_stream (path, index, &trace, &error));
  g_assert_no_error (error);
  g_assert_nonnull (trace);

  return trace;
}

/* "ESTABLISHED>FIN-WAIT-1>..." : the states an endpoint goes through,
 * with "?" after a change marked uncertain. */
static char *
state_path (HsTrace *trace,
            guint    endpoint)
{
  GString *out = g_string_new (hs_state_to_string (hs_trace_get_state_at (trace, HS_TRACE_NONE, endpoint)));

  for (guint i = 0; i < hs_trace_get_n_steps (trace); i++)
    {
      const HsTraceStep *step = hs_trace_get_step (trace, i);

      if (step->kind != HS_STEP_STATE_CHANGE || step->endpoint != endpoint)
        continue;
      g_assert_cmpstr (hs_state_to_string (step->from_state), ==,
                       hs_state_to_string (hs_trace_get_state_at (trace, i > 0 ? i - 1 : HS_TRACE_NONE, endpoint)));
      g_string_append_printf (out, ">%s%s", hs_state_to_string (step->to_state),
                              step->reason == HS_REASON_CAPTURED_STATE_UNCERTAIN ? "?" : "");
    }

  return g_string_free (out, FALSE);
}

/* --------------------------------------------------- pcap by hand -- */

/* A classic pcap built byte by byte, for captures no tool would write. */
static GByteArray *
pcap_new (guint32 linktype,
          guint32 snaplen)
{
  GByteArray *out = g_byte_array_new ();
  guint32 header[6] = { 0xa1b2c3d4, 0x00040002, 0, 0, snaplen, linktype };

  g_byte_array_append (out, (const guint8 *) header, sizeof header);
  return out;
}

static void
pcap_add (GByteArray   *out,
          guint32       time_us,
          const guint8 *frame,
          guint32       caplen,
          guint32       len)
{
  guint32 record[4] = { 1700000000 + time_us / 1000000, time_us % 1000000, caplen, len };

  g_byte_array_append (out, (const guint8 *) record, sizeof record);
  g_byte_array_append (out, frame, caplen);
}

static char *
save (const char *dir,
      const char *name,
      const void *data,
      gsize       len)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, data, (gssize) len, &error);
  g_assert_no_error (error);
  return path;
}

static char *
save_pcap (const char *dir,
           const char *name,
           GByteArray *pcap)
{
  return save (dir, name, pcap->data, pcap->len);
}

/* The handshake and a few segments of data, client 10.0.0.1:40000. */
typedef struct
{
  guint8  flags;
  gboolean from_client;
  guint32 seq;
  guint32 ack;
  guint   len;
} Seg;

static const Seg small_connection[] = {
  { HS_TCP_SYN, TRUE, 1000, 0, 0 },
  { HS_TCP_SYN | HS_TCP_ACK, FALSE, 5000, 1001, 0 },
  { HS_TCP_ACK, TRUE, 1001, 5001, 0 },
  { HS_TCP_ACK | HS_TCP_PSH, TRUE, 1001, 5001, 100 },
  { HS_TCP_ACK, FALSE, 5001, 1101, 0 },
  { HS_TCP_ACK | HS_TCP_FIN, TRUE, 1101, 5001, 0 },
  { HS_TCP_ACK | HS_TCP_FIN, FALSE, 5001, 1102, 0 },
  { HS_TCP_ACK, TRUE, 1102, 5002, 0 },
};

static gsize
small_segment (guint8   *out,
               const Seg *s,
               guint16   client_port)
{
  HsTcpHeader tcp = { 0 };

  tcp.src_port = s->from_client ? client_port : 80;
  tcp.dst_port = s->from_client ? 80 : client_port;
  tcp.seq = s->seq;
  tcp.ack = s->ack;
  tcp.flags = s->flags;
  tcp.window = 1000;

  return hs_test_ipv4_tcp (out, s->from_client ? 0x0a000001 : 0x0a000002,
                   s->from_client ? 0x0a000002 : 0x0a000001, &tcp, s->len);
}

/* ------------------------------------------------ against tshark -- */

static void
test_tshark_capture (gconstpointer data)
{
  const char *name = data;
  g_autofree char *pcap_name = g_strconcat (name, ".pcap", NULL);
  g_autofree char *csv_name = g_strconcat (name, ".tshark.csv", NULL);
  g_autofree char *pcap = data_path (pcap_name);
  g_autofree char *csv_path = data_path (csv_name);
  g_autofree char *csv = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HsTrace) trace = NULL;
  g_autoptr(Table) table = NULL;
  guint c_src, c_sport, c_dst, c_dport, c_flags, c_seq, c_ack, c_len, c_win, c_time, c_dup, c_stream;

  g_test_summary ("A real capture reads as tshark 4.0 dissects it: the same packets, "
                  "addresses, flags, relative numbers, lengths, windows, times and analysis");

  g_file_get_contents (csv_path, &csv, NULL, &error);
  g_assert_no_error (error);
  table = table_parse (csv, TRUE);

  c_src = table_column (table, "ip.src");
  c_sport = table_column (table, "tcp.srcport");
  c_dst = table_column (table, "ip.dst");
  c_dport = table_column (table, "tcp.dstport");
  c_flags = table_column (table, "tcp.flags");
  c_seq = table_column (table, "tcp.seq");
  c_ack = table_column (table, "tcp.ack");
  c_len = table_column (table, "tcp.len");
  c_win = table_column (table, "tcp.window_size");
  c_time = table_column (table, "frame.time_relative");
  c_dup = table_column (table, "tcp.analysis.duplicate_ack_num");
  c_stream = table_column (table, "tcp.stream");

  trace = load (pcap, 0);
  g_assert_cmpuint (hs_trace_get_n_segments (trace), ==, table->rows->len);
  g_assert_cmpstr (hs_trace_get_parameter (trace, "source"), ==, "capture");

  for (guint i = 0; i < table->rows->len; i++)
    {
      const HsTraceSegment *seg = hs_trace_get_segment (trace, i);
      const HsTraceEndpoint *from = hs_trace_get_endpoint (trace, seg->from);
      const HsTraceEndpoint *to = hs_trace_get_endpoint (trace, seg->to);
      guint dup = 0;
      guint32 analysis = hs_trace_get_segment_analysis (trace, i, &dup);
      g_autofree char *where = g_strdup_printf ("%s packet %u", name, i + 1);
      double time = g_ascii_strtod (cell (table, i, c_time), NULL);

      g_test_message ("%s", where);
      g_assert_cmpuint (cell_uint (table, i, c_stream), ==, 0);
      g_assert_cmpstr (from->address, ==, cell (table, i, c_src));
      g_assert_cmpuint (from->port, ==, cell_uint (table, i, c_sport));
      g_assert_cmpstr (to->address, ==, cell (table, i, c_dst));
      g_assert_cmpuint (to->port, ==, cell_uint (table, i, c_dport));
      g_assert_cmpuint (seg->header.flags, ==, cell_uint (table, i, c_flags));
      g_assert_cmpuint (hs_trace_segment_rel_seq (trace, seg), ==, cell_uint (table, i, c_seq));
      if (seg->header.flags & HS_TCP_ACK)
        g_assert_cmpuint (hs_trace_segment_rel_ack (trace, seg), ==, cell_uint (table, i, c_ack));
      else
        g_assert_cmpuint (seg->header.ack, ==, cell_uint (table, i, c_ack));
      g_assert_cmpuint (seg->len, ==, cell_uint (table, i, c_len));
      g_assert_cmpuint (seg->window, ==, cell_uint (table, i, c_win));
      g_assert_cmpint (seg->sent, ==, (HsTime) (time * 1e6 + 0.5));
      g_assert_cmpint (seg->fate, ==, HS_FATE_CAPTURED);
      g_assert_cmpint (seg->arrived, ==, HS_TIME_NONE);

      for (guint k = 0; k < G_N_ELEMENTS (analysis_columns); k++)
        {
          gboolean expected = *cell (table, i, table_column (table, analysis_columns[k].column)) != '\0';

          if (((analysis & analysis_columns[k].bits) != 0) != expected)
            g_error ("%s: %s is %d in tshark's dump", where, analysis_columns[k].column, expected);
        }
      g_assert_cmpuint (dup, ==, cell_uint (table, i, c_dup));
      g_assert_cmpuint ((analysis & HS_ANALYSIS_DUPLICATE_ACK) != 0, ==, dup != 0);
      g_assert_cmpuint ((seg->marks & HS_MARK_RETRANSMISSION) != 0, ==,
                        (analysis & (HS_ANALYSIS_RETRANSMISSION | HS_ANALYSIS_FAST_RETRANSMISSION |
                                     HS_ANALYSIS_SPURIOUS_RETRANSMISSION)) != 0);
    }
}

/* NAME.csv: the capture as Handshake's CSV should write it, computed from
 * tshark's dump. */
static void
test_csv_capture (gconstpointer data)
{
  const char *name = data;
  g_autofree char *pcap_name = g_strconcat (name, ".pcap", NULL);
  g_autofree char *csv_name = g_strconcat (name, ".csv", NULL);
  g_autofree char *pcap = data_path (pcap_name);
  g_autofree char *csv_path = data_path (csv_name);
  g_autofree char *expected_text = NULL;
  g_autofree char *written = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HsTrace) trace = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(Table) expected = NULL;
  g_autoptr(Table) got = NULL;

  g_test_summary ("A captured connection exported as CSV has the lesson columns with the "
                  "values computed from tshark: times from the first packet, no arrival, "
                  "numbers, windows, fate \"captured\" and retransmissions from the analysis");

  if (!g_file_get_contents (csv_path, &expected_text, NULL, NULL))
    {
      g_test_skip ("no CSV for this capture in tests/data/captures");
      return;
    }

  trace = load (pcap, 0);
  bytes = hs_trace_write (trace, HS_TRACE_FORMAT_CSV, &error);
  g_assert_no_error (error);
  written = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  expected = table_parse (expected_text, TRUE);
  got = table_parse (written, TRUE);
  g_assert_cmpuint (got->header->len, ==, expected->header->len);
  g_assert_cmpuint (got->rows->len, ==, expected->rows->len);

  for (guint i = 0; i < expected->rows->len; i++)
    for (guint c = 0; c < expected->header->len; c++)
      {
        const char *column = g_ptr_array_index (expected->header, c);
        const char *want = cell (expected, i, c);
        const char *have = cell (got, i, c);

        g_assert_cmpstr (g_ptr_array_index (got->header, c), ==, column);

        /* from/to: "address:port", or the lane's name where the writer
         * names lanes. */
        if (g_str_equal (column, "from") || g_str_equal (column, "to"))
          {
            const HsTraceSegment *seg = hs_trace_get_segment (trace, i);
            const HsTraceEndpoint *ep = hs_trace_get_endpoint (trace, g_str_equal (column, "from") ? seg->from : seg->to);
            g_autofree char *address = g_strdup_printf ("%s:%u", ep->address, ep->port);

            g_assert_cmpstr (address, ==, want);
            if (!g_str_equal (have, want))
              g_assert_cmpstr (have, ==, ep->name);
            continue;
          }

        if (g_strcmp0 (have, want) != 0)
          g_error ("%s row %u column %s: %s, not %s", name, i + 1, column, have, want);
      }
}

/* Connections made up at random, with every kind of trouble, against the
 * tshark on this machine. */
typedef struct
{
  GRand   *rand;
  HsTrace *trace;
  guint    base;      /* the pair's first endpoint */
  HsTime   time;
  guint32  next[2];
  guint32  acked[2];
  guint16  window[2];
  guint16  port[2];
} Fuzz;

static void
fuzz_send (Fuzz    *f,
           guint    from,
           guint8   flags,
           guint32  seq,
           guint32  ack,
           guint16  window,
           guint    len,
           gboolean syn_options)
{
  HsTraceSegment seg = { 0 };

  seg.from = (guint8) (f->base + from);
  seg.to = (guint8) (f->base + 1 - from);
  seg.fate = HS_FATE_CAPTURED;
  seg.len = len;
  seg.window = window;
  seg.sent = f->time;
  seg.arrived = HS_TIME_NONE;
  seg.sent_step = HS_TRACE_NONE;
  seg.end_step = HS_TRACE_NONE;
  seg.header.src_port = f->port[from];
  seg.header.dst_port = f->port[1 - from];
  seg.header.seq = seq;
  seg.header.ack = ack;
  seg.header.flags = flags;
  seg.header.window = window;
  if (syn_options)
    {
      seg.header.options.present = HS_TCP_OPT_MSS;
      seg.header.options.mss = 1460;
      if (g_rand_boolean (f->rand))
        {
          seg.header.options.present |= HS_TCP_OPT_WSCALE;
          seg.header.options.wscale = (guint8) g_rand_int_range (f->rand, 0, 9);
        }
    }
  hs_trace_add_segment (f->trace, &seg);
}

static void
fuzz_connection (GRand   *rand,
                 HsTrace *trace,
                 guint    pair,
                 HsTime   start)
{
  static const HsTime gaps[] = { 0, 1, 500, 2000, 4000, 15000, 30000, 300000 };
  static const guint lens[] = { 0, 0, 1, 10, 100, 1448 };
  Fuzz f = { rand, trace, 2 * pair, start, { 0 }, { 0 }, { 0 }, { 0 } };
  guint32 isn[2];
  guint n;

  f.port[0] = hs_trace_get_endpoint (trace, 2 * pair)->port;
  f.port[1] = hs_trace_get_endpoint (trace, 2 * pair + 1)->port;
  for (guint d = 0; d < 2; d++)
    {
      isn[d] = g_rand_int (rand);
      if (g_rand_int_range (rand, 0, 4) == 0)
        isn[d] = G_MAXUINT32 - (guint32) g_rand_int_range (rand, 0, 3000);   /* wraps */
      f.next[d] = isn[d] + 1;
      f.window[d] = (guint16) (g_rand_boolean (rand) ? 100 : g_rand_int_range (rand, 0, 65536));
    }
  f.acked[0] = isn[1] + 1;
  f.acked[1] = isn[0] + 1;

  if (g_rand_int_range (rand, 0, 8) != 0)
    {
      fuzz_send (&f, 0, HS_TCP_SYN, isn[0], 0, 64240, 0, TRUE);
      if (g_rand_int_range (rand, 0, 5) == 0)
        {
          f.time += 1000000;
          fuzz_send (&f, 0, HS_TCP_SYN, isn[0], 0, 64240, 0, TRUE);
        }
      f.time += gaps[g_rand_int_range (rand, 1, 5)];
      fuzz_send (&f, 1, HS_TCP_SYN | HS_TCP_ACK, isn[1], isn[0] + 1, 65160, 0, TRUE);
      f.time += gaps[g_rand_int_range (rand, 1, 5)];
      fuzz_send (&f, 0, HS_TCP_ACK, isn[0] + 1, isn[1] + 1, f.window[0], 0, FALSE);
    }

  n = (guint) g_rand_int_range (rand, 5, 40);
  for (guint k = 0; k < n; k++)
    {
      guint d = (guint) g_rand_int_range (rand, 0, 2);
      guint len = lens[g_rand_int_range (rand, 0, G_N_ELEMENTS (lens))];
      guint kind = (guint) g_rand_int_range (rand, 0, 100);

      f.time += gaps[g_rand_int_range (rand, 0, G_N_ELEMENTS (gaps))];

      if (kind < 50)
        {
          guint32 seq = f.next[d];
          guint32 ack;

          f.next[d] += len;
          switch (g_rand_int_range (rand, 0, 4))
            {
            case 0: ack = f.acked[d]; break;
            case 1: ack = f.next[1 - d] + 100; break;
            default: ack = f.next[1 - d]; break;
            }
          if (hs_seq_gt (ack, f.acked[d]))
            f.acked[d] = ack;
          if (g_rand_int_range (rand, 0, 4) == 0)
            f.window[d] = (guint16) (g_rand_boolean (rand) ? 0 : MIN (65535, f.window[d] + 100));
          fuzz_send (&f, d, HS_TCP_ACK | (len > 0 && g_rand_boolean (rand) ? HS_TCP_PSH : 0),
                     seq, ack, f.window[d], len, FALSE);
        }
      else if (kind < 62)       /* the same data again */
        fuzz_send (&f, d, HS_TCP_ACK, f.next[d] - MAX (len, 1), f.acked[d], f.window[d], MAX (len, 1), FALSE);
      else if (kind < 72)       /* duplicate ACK */
        fuzz_send (&f, d, HS_TCP_ACK, f.next[d], f.acked[d], f.window[d], 0, FALSE);
      else if (kind < 78)       /* keep-alive */
        fuzz_send (&f, d, HS_TCP_ACK, f.next[d] - 1, f.acked[d], f.window[d], (guint) g_rand_int_range (rand, 0, 2), FALSE);
      else if (kind < 84)       /* zero window probe */
        {
          fuzz_send (&f, d, HS_TCP_ACK, f.next[d], f.acked[d], f.window[d], 1, FALSE);
          if (g_rand_boolean (rand))
            f.next[d]++;
        }
      else if (kind < 90)       /* a segment the capture misses */
        f.next[d] += g_rand_boolean (rand) ? 100 : 1448;
      else if (kind < 94)
        {
          fuzz_send (&f, d, HS_TCP_ACK | HS_TCP_FIN, f.next[d], f.acked[d], f.window[d], 0, FALSE);
          f.next[d]++;
        }
      else if (kind < 96)
        fuzz_send (&f, d, HS_TCP_ACK | HS_TCP_RST, f.next[d], f.acked[d], 0, 0, FALSE);
      else
        {
          f.window[d] = (guint16) (g_rand_boolean (rand) ? 0 : 65535);
          fuzz_send (&f, d, HS_TCP_ACK, f.next[d], f.acked[d], f.window[d], 0, FALSE);
        }
    }

  /* Sometimes the ports again, for a new connection. */
  if (g_rand_int_range (rand, 0, 4) == 0)
    {
      guint32 isn2 = g_rand_int (rand);

      f.time += 10000;
      fuzz_send (&f, 0, HS_TCP_SYN, isn2, 0, 64240, 0, TRUE);
      f.time += 1000;
      fuzz_send (&f, 1, HS_TCP_SYN | HS_TCP_ACK, isn[1] + 5000, isn2 + 1, 64240, 0, TRUE);
      f.time += 1000;
      fuzz_send (&f, 0, HS_TCP_ACK, isn2 + 1, isn[1] + 5001, 500, 0, FALSE);
    }
}

static int
compare_sent (gconstpointer a,
              gconstpointer b)
{
  const HsTraceSegment *x = a, *y = b;

  return x->sent < y->sent ? -1 : x->sent > y->sent ? 1 : 0;
}

static void
test_tshark_synthetic (void)
{
  g_autofree char *tshark = find_tshark ();
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autoptr(HsTrace) made = NULL;
  g_autoptr(HsTrace) sorted = NULL;
  g_autoptr(HsCaptureFile) file = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261124);
  g_autoptr(GError) error = NULL;
  g_autoptr(Table) table = NULL;
  g_autoptr(GArray) segments = NULL;
  guint n_pairs = 4;   /* HS_TRACE_MAX_ENDPOINTS / 2 per file */
  guint n_files = 40;
  guint n_compared = 0, n_total = 0;

  g_test_summary ("Connections made up at random (loss, retransmissions, duplicate ACKs, "
                  "probes, keep-alives, zero windows, sequence numbers that wrap, ports used "
                  "again) get exactly the analysis tshark gives them");

  if (tshark == NULL)
    {
      g_test_skip ("tshark is not installed");
      return;
    }

  dir = make_test_dir ();
  path = g_build_filename (dir, "fuzz.pcap", NULL);

  for (guint round = 0; round < n_files; round++)
    {
      const char *args[] = {
        "-r", path, "-T", "fields", "-E", "separator=,", "-E", "quote=d",
        "-e", "tcp.stream", "-e", "tcp.flags", "-e", "tcp.seq", "-e", "tcp.ack",
        "-e", "tcp.len", "-e", "tcp.window_size",
        "-e", "tcp.analysis.retransmission", "-e", "tcp.analysis.fast_retransmission",
        "-e", "tcp.analysis.spurious_retransmission", "-e", "tcp.analysis.out_of_order",
        "-e", "tcp.analysis.lost_segment", "-e", "tcp.analysis.ack_lost_segment",
        "-e", "tcp.analysis.window_update", "-e", "tcp.analysis.window_full",
        "-e", "tcp.analysis.zero_window", "-e", "tcp.analysis.zero_window_probe",
        "-e", "tcp.analysis.zero_window_probe_ack", "-e", "tcp.analysis.keep_alive",
        "-e", "tcp.analysis.keep_alive_ack", "-e", "tcp.analysis.reused_ports",
        "-e", "tcp.analysis.duplicate_ack_num",
        NULL
      };
      guint stream = 0;
      HsCaptureSide side = HS_CAPTURE_SIDE_CLIENT;

      g_clear_object (&made);
      g_clear_object (&sorted);
      g_clear_object (&file);
      made = hs_trace_new ();
      for (guint p = 0; p < n_pairs; p++)
        {
          hs_trace_add_endpoint (made, "client", "10.0.0.1", (guint16) (40000 + p), HS_STATE_CLOSED);
          hs_trace_add_endpoint (made, "server", "10.0.0.2", 80, HS_STATE_LISTEN);
        }
      for (guint p = 0; p < n_pairs; p++)
        fuzz_connection (rand, made, p, g_rand_int_range (rand, 0, 50000));

      /* In capture order: a pcap is written in the order of time. */
      segments = g_array_new (FALSE, FALSE, sizeof (HsTraceSegment));
      for (guint i = 0; i < hs_trace_get_n_segments (made); i++)
        g_array_append_vals (segments, hs_trace_get_segment (made, i), 1);
      g_array_sort (segments, compare_sent);
      sorted = hs_trace_new ();
      for (guint p = 0; p < n_pairs; p++)
        {
          hs_trace_add_endpoint (sorted, "client", "10.0.0.1", (guint16) (40000 + p), HS_STATE_CLOSED);
          hs_trace_add_endpoint (sorted, "server", "10.0.0.2", 80, HS_STATE_LISTEN);
        }
      for (guint i = 0; i < segments->len; i++)
        hs_trace_add_segment (sorted, &g_array_index (segments, HsTraceSegment, i));
      g_clear_pointer (&segments, g_array_unref);
      n_total += hs_trace_get_n_segments (sorted);

      g_assert_true (hs_capture_write_pcap (sorted, side, path, &error));
      g_assert_no_error (error);

      g_clear_pointer (&out, g_free);
      out = run_tshark (args);
      g_clear_pointer (&table, table_free);
      table = table_parse (out, FALSE);

      file = hs_capture_file_new (path);
      g_assert_true (hs_capture_file_scan (file, NULL, NULL, NULL, &error));
      g_assert_no_error (error);

      /* Stream by stream, as tshark numbers them. */
      g_assert_cmpuint (table->rows->len, ==, hs_trace_get_n_segments (sorted));
      for (stream = 0; stream < hs_capture_file_get_n_streams (file); stream++)
        {
          g_autoptr(HsTrace) trace = hs_capture_file_load_stream (file, stream, NULL, NULL, NULL, &error);
          gboolean relaxed = FALSE;
          guint row = 0;

          g_assert_no_error (error);
          g_assert_nonnull (trace);

          for (guint i = 0; i < hs_trace_get_n_segments (trace); i++, row++)
            {
              const HsTraceSegment *seg = hs_trace_get_segment (trace, i);
              guint dup = 0;
              guint32 analysis = hs_trace_get_segment_analysis (trace, i, &dup);

              /* tshark's next row of this stream. */
              while (row < table->rows->len && cell_uint (table, row, 0) != stream)
                row++;
              g_assert_cmpuint (row, <, table->rows->len);
              n_compared++;

              g_test_message ("file %u stream %u segment %u", round, stream, i + 1);
              g_assert_cmpuint (seg->header.flags, ==, cell_uint (table, row, 1));
              /* After a SYN+ACK that starts again on the same ports,
               * Wireshark counts that side anew; a trace keeps one base. */
              if (*cell (table, row, 19) != '\0' && i > 0)
                relaxed = TRUE;
              if (!relaxed)
                {
                  g_assert_cmpuint (hs_trace_segment_rel_seq (trace, seg), ==, cell_uint (table, row, 2));
                  if (seg->header.flags & HS_TCP_ACK)
                    g_assert_cmpuint (hs_trace_segment_rel_ack (trace, seg), ==, cell_uint (table, row, 3));
                }
              g_assert_cmpuint (seg->len, ==, cell_uint (table, row, 4));
              g_assert_cmpuint (seg->window, ==, cell_uint (table, row, 5));
              for (guint k = 0; k < G_N_ELEMENTS (analysis_columns); k++)
                {
                  gboolean expected = *cell (table, row, 6 + k) != '\0';

                  if (((analysis & analysis_columns[k].bits) != 0) != expected)
                    g_error ("file %u stream %u segment %u: %s is %d in tshark",
                             round, stream, i + 1, analysis_columns[k].column, expected);
                }
              g_assert_cmpuint (dup, ==, cell_uint (table, row, 20));
            }
        }
    }

  /* Every packet of tshark's was one of ours. */
  g_assert_cmpuint (n_compared, ==, n_total);
  remove_test_dir (dir);
}

/* -------------------------------------------------- listing, states -- */

static void
test_list_format (void)
{
  g_autofree char *path = data_path ("handshake-data-close.pcap");
  g_autoptr(GPtrArray) streams = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  const HsCaptureStream *s;

  g_test_summary ("--list-streams prints one tab-separated line per connection: index, "
                  "endpoints, packets, bytes on the wire (as tshark's conversations), "
                  "duration, handshake and close");

  g_assert_true (hs_capture_list_streams (path, &streams, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (streams->len, ==, 1);

  s = g_ptr_array_index (streams, 0);
  g_assert_cmpuint (s->index, ==, 0);
  g_assert_cmpuint (s->family, ==, 4);
  g_assert_cmpstr (s->client_address, ==, "10.99.0.1");
  g_assert_cmpuint (s->client_port, ==, 43098);
  g_assert_cmpstr (s->server_address, ==, "10.99.0.2");
  g_assert_cmpuint (s->server_port, ==, 5000);
  g_assert_cmpuint (s->n_packets, ==, 11);
  g_assert_cmpuint (s->n_bytes, ==, 1042);
  g_assert_cmpuint (s->n_payload_bytes, ==, 300);
  g_assert_cmpint (s->start, ==, 0);
  g_assert_cmpint (s->duration, ==, 301245);
  g_assert_cmpuint (s->first_frame, ==, 1);
  g_assert_cmpuint (s->last_frame, ==, 11);
  g_assert_true (s->client_from_syn);
  g_assert_true (s->has_handshake);
  g_assert_true (s->has_close);
  g_assert_false (s->has_reset);

  line = hs_capture_stream_to_line (s);
  g_assert_cmpstr (line, ==, "0\t10.99.0.1:43098 -> 10.99.0.2:5000\t11 packets\t1042 bytes\t0.301245 s\thandshake close");

  /* The others, in words. */
  for (guint i = 0; i < G_N_ELEMENTS (captures); i++)
    {
      g_autofree char *name = g_strconcat (captures[i], ".pcap", NULL);
      g_autofree char *p = data_path (name);
      g_autoptr(GPtrArray) list = NULL;

      g_assert_true (hs_capture_list_streams (p, &list, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (list->len, ==, 1);
      s = g_ptr_array_index (list, 0);
      g_assert_true (s->client_from_syn);
      if (g_str_equal (captures[i], "refused"))
        {
          g_assert_false (s->has_handshake);
          g_assert_true (s->has_reset);
        }
      else if (g_str_equal (captures[i], "abort-rst"))
        {
          g_assert_true (s->has_handshake);
          g_assert_false (s->has_close);
          g_assert_true (s->has_reset);
        }
      else
        {
          g_assert_true (s->has_handshake);
          g_assert_true (s->has_close);
        }
    }
}

static void
test_list_ipv6_and_reuse (void)
{
  g_autofree char *dir = make_test_dir ();
  g_autoptr(GByteArray) pcap = pcap_new (1, 65535);
  g_autoptr(GPtrArray) streams = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *line = NULL;
  g_autoptr(HsTrace) second = NULL;
  guint8 frame[2048];
  guint32 t = 0;

  g_test_summary ("A SYN with a new ISN on ports used before starts a new connection, as in "
                  "Wireshark; IPv6 endpoints list in brackets");

  /* The same small connection twice on 40000 (ISNs 1000 and 3000), one
   * on 40001 in between, then one over IPv6. */
  for (guint round = 0; round < 3; round++)
    for (guint i = 0; i < G_N_ELEMENTS (small_connection); i++)
      {
        Seg s = small_connection[i];
        gsize len;

        if (round == 2)
          {
            s.seq += s.from_client ? 2000 : 0;
            s.ack += s.from_client ? 0 : 2000;
          }
        memset (frame, 0, 14);
        frame[12] = 0x08;
        len = small_segment (frame + 14, &s, round == 1 ? 40001 : 40000);
        pcap_add (pcap, t += 1000, frame, (guint32) (14 + len), (guint32) (14 + len));
      }

  {
    HsTrace *v6 = hs_trace_new ();
    g_autoptr(GBytes) bytes = NULL;
    gsize n = 0;
    const guint8 *data;

    hs_trace_add_endpoint (v6, "client", "2001:db8::1", 5555, HS_STATE_CLOSED);
    hs_trace_add_endpoint (v6, "server", "2001:db8::2", 80, HS_STATE_LISTEN);
    for (guint i = 0; i < G_N_ELEMENTS (small_connection); i++)
      {
        HsTraceSegment seg = { 0 };

        seg.from = small_connection[i].from_client ? 0 : 1;
        seg.to = 1 - seg.from;
        seg.fate = HS_FATE_CAPTURED;
        seg.len = small_connection[i].len;
        seg.sent = 100000 + i;
        seg.header.src_port = seg.from == 0 ? 5555 : 80;
        seg.header.dst_port = seg.from == 0 ? 80 : 5555;
        seg.header.seq = small_connection[i].seq;
        seg.header.ack = small_connection[i].ack;
        seg.header.flags = small_connection[i].flags;
        seg.header.window = 1000;
        hs_trace_add_segment (v6, &seg);
      }
    bytes = hs_capture_write_pcap_bytes (v6, HS_CAPTURE_SIDE_CLIENT, &error);
    g_assert_no_error (error);
    data = g_bytes_get_data (bytes, &n);
    /* Its records after ours (same link type and global header). */
    g_byte_array_append (pcap, data + 24, (guint) (n - 24));
    g_object_unref (v6);
  }

  path = save_pcap (dir, "reuse.pcap", pcap);
  g_assert_true (hs_capture_list_streams (path, &streams, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (streams->len, ==, 4);

  line = hs_capture_stream_to_line (g_ptr_array_index (streams, 1));
  g_assert_cmpstr (line, ==, "1\t10.0.0.1:40001 -> 10.0.0.2:80\t8 packets\t532 bytes\t0.007000 s\thandshake close");
  g_clear_pointer (&line, g_free);
  line = hs_capture_stream_to_line (g_ptr_array_index (streams, 2));
  g_assert_cmpstr (line, ==, "2\t10.0.0.1:40000 -> 10.0.0.2:80\t8 packets\t532 bytes\t0.007000 s\thandshake close");
  g_clear_pointer (&line, g_free);
  line = hs_capture_stream_to_line (g_ptr_array_index (streams, 3));
  g_assert_cmpstr (line, ==, "3\t[2001:db8::1]:5555 -> [2001:db8::2]:80\t8 packets\t692 bytes\t0.000007 s\thandshake close");

  second = load (path, 2);
  g_assert_cmpuint (hs_trace_get_n_segments (second), ==, 8);
  g_assert_cmpuint (hs_trace_get_segment_analysis (second, 0, NULL), ==, HS_ANALYSIS_REUSED_PORTS);
  g_assert_cmpuint (hs_trace_get_endpoint (second, 0)->isn, ==, 3000);
  g_assert_cmpint (hs_trace_get_segment (second, 0)->sent, ==, 0);

  remove_test_dir (dir);
}

static void
test_states (void)
{
  static const struct
  {
    const char *name;
    const char *client;
    const char *server;
  } expected[] = {
    { "handshake-data-close",
      "CLOSED>SYN-SENT>ESTABLISHED>FIN-WAIT-1>FIN-WAIT-2>TIME-WAIT",
      "LISTEN>SYN-RECEIVED>ESTABLISHED>CLOSE-WAIT>LAST-ACK>CLOSED" },
    { "server-closes-first",
      "CLOSED>SYN-SENT>ESTABLISHED>CLOSE-WAIT>LAST-ACK>CLOSED",
      "LISTEN>SYN-RECEIVED>ESTABLISHED>FIN-WAIT-1>FIN-WAIT-2>TIME-WAIT" },
    /* The server closes first and the client's FIN carries the ACK. */
    { "data-then-close-piggyback",
      "CLOSED>SYN-SENT>ESTABLISHED>CLOSE-WAIT>LAST-ACK>CLOSED",
      "LISTEN>SYN-RECEIVED>ESTABLISHED>FIN-WAIT-1>TIME-WAIT" },
    { "simultaneous-close",
      "CLOSED>SYN-SENT>ESTABLISHED>FIN-WAIT-1>CLOSING>TIME-WAIT",
      "LISTEN>SYN-RECEIVED>ESTABLISHED>FIN-WAIT-1>CLOSING>TIME-WAIT" },
    { "simultaneous-open",
      "CLOSED>SYN-SENT>SYN-RECEIVED>ESTABLISHED>FIN-WAIT-1>FIN-WAIT-2>TIME-WAIT",
      "CLOSED>SYN-SENT>SYN-RECEIVED>ESTABLISHED>CLOSE-WAIT>LAST-ACK>CLOSED" },
    { "refused", "CLOSED>SYN-SENT>CLOSED", "CLOSED" },
    { "abort-rst",
      "CLOSED>SYN-SENT>ESTABLISHED>CLOSED",
      "LISTEN>SYN-RECEIVED>ESTABLISHED>CLOSED" },
    { "half-close",
      "CLOSED>SYN-SENT>ESTABLISHED>FIN-WAIT-1>FIN-WAIT-2>TIME-WAIT",
      "LISTEN>SYN-RECEIVED>ESTABLISHED>CLOSE-WAIT>LAST-ACK>CLOSED" },
    { "syn-lost",
      "CLOSED>SYN-SENT>ESTABLISHED>FIN-WAIT-1>TIME-WAIT",
      "LISTEN>SYN-RECEIVED>ESTABLISHED>CLOSE-WAIT>LAST-ACK>CLOSED" },
    { "syn-lost-exponential",
      "CLOSED>SYN-SENT>ESTABLISHED>FIN-WAIT-1>TIME-WAIT",
      "LISTEN>SYN-RECEIVED>ESTABLISHED>CLOSE-WAIT>LAST-ACK>CLOSED" },
    { "synack-lost",
      "CLOSED>SYN-SENT>ESTABLISHED>FIN-WAIT-1>TIME-WAIT",
      "LISTEN>SYN-RECEIVED>ESTABLISHED>CLOSE-WAIT>LAST-ACK>CLOSED" },
    { "loss-bulk",
      "CLOSED>SYN-SENT>ESTABLISHED>FIN-WAIT-1>FIN-WAIT-2>TIME-WAIT",
      "LISTEN>SYN-RECEIVED>ESTABLISHED>CLOSE-WAIT>LAST-ACK>CLOSED" },
    { "zero-window",
      "CLOSED>SYN-SENT>ESTABLISHED>FIN-WAIT-1>FIN-WAIT-2>TIME-WAIT",
      "LISTEN>SYN-RECEIVED>ESTABLISHED>CLOSE-WAIT>LAST-ACK>CLOSED" },
  };

  g_test_summary ("Each endpoint's states, inferred from what it sends and what it acknowledges, "
                  "are those RFC 9293 gives for the exchange; nothing is uncertain in a complete capture");

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *name = g_strconcat (expected[i].name, ".pcap", NULL);
      g_autofree char *path = data_path (name);
      g_autoptr(HsTrace) trace = load (path, 0);
      g_autofree char *client = state_path (trace, 0);
      g_autofree char *server = state_path (trace, 1);

      g_test_message ("%s", expected[i].name);
      g_assert_cmpstr (client, ==, expected[i].client);
      g_assert_cmpstr (server, ==, expected[i].server);

      /* Every step has a sentence. */
      for (guint k = 0; k < hs_trace_get_n_steps (trace); k++)
        {
          g_autofree char *sentence = hs_narration_format_step (trace, k);

          g_assert_cmpuint (strlen (sentence), >, 10);
        }
    }
}

static char *sentence_of_segment (HsTrace *trace,
                                  guint    segment);

static void
test_states_when_short (void)
{
  g_autofree char *dir = make_test_dir ();
  g_autoptr(GByteArray) pcap = pcap_new (101, 65535);   /* raw IP */
  g_autofree char *path = NULL;
  g_autoptr(HsTrace) trace = NULL;
  g_autofree char *client = NULL;
  g_autofree char *server = NULL;
  guint8 frame[2048];

  g_test_summary ("A capture that starts after the handshake and misses the client's FIN: "
                  "both start ESTABLISHED, and the close inferred across the gap is marked uncertain");

  /* Data, then the server acknowledges a FIN the capture never saw. */
  for (guint i = 3; i < G_N_ELEMENTS (small_connection); i++)
    {
      gsize len;

      if (i == 5)
        continue;     /* the client's FIN */
      len = small_segment (frame, &small_connection[i], 40000);
      pcap_add (pcap, i * 1000, frame, (guint32) len, (guint32) len);
    }
  path = save_pcap (dir, "short.pcap", pcap);
  trace = load (path, 0);

  client = state_path (trace, 0);
  server = state_path (trace, 1);
  g_assert_cmpstr (client, ==, "ESTABLISHED>FIN-WAIT-1?>TIME-WAIT");
  g_assert_cmpstr (server, ==, "ESTABLISHED>CLOSE-WAIT?>LAST-ACK>CLOSED");

  /* Relative numbers as Wireshark counts them without a SYN. */
  g_assert_cmpuint (hs_trace_segment_rel_seq (trace, hs_trace_get_segment (trace, 0)), ==, 1);
  g_assert_cmpuint (hs_trace_segment_rel_ack (trace, hs_trace_get_segment (trace, 0)), ==, 1);

  for (guint k = 0; k < hs_trace_get_n_steps (trace); k++)
    {
      const HsTraceStep *step = hs_trace_get_step (trace, k);
      g_autofree char *sentence = hs_narration_format_step (trace, k);

      if (step->reason == HS_REASON_CAPTURED_STATE_UNCERTAIN)
        g_assert_nonnull (strstr (sentence, "probably"));
    }

  /* Without a SYN, each side's first segment says how its numbers are
   * counted, with its absolute value in brackets, once. */
  for (guint side = 0; side < 2; side++)
    {
      guint said = 0;

      for (guint k = 0; k < hs_trace_get_n_segments (trace); k++)
        {
          const HsTraceSegment *seg = hs_trace_get_segment (trace, k);
          g_autofree char *sentence = NULL;
          g_autofree char *want = NULL;

          if (seg->from != side)
            continue;
          sentence = sentence_of_segment (trace, k);
          want = g_strdup_printf ("this narration counts %s's numbers from the first segment the capture shows: "
                                  "here seq = %u (absolute %u)", side == 0 ? "the client" : "the server",
                                  hs_trace_segment_rel_seq (trace, seg), seg->header.seq);
          if (said == 0)
            {
              g_test_message ("%s", sentence);
              g_assert_nonnull (strstr (sentence, want));
            }
          else
            g_assert_null (strstr (sentence, "(absolute "));
          said++;
        }
      g_assert_cmpuint (said, >, 0);
    }

  remove_test_dir (dir);
}

static char *
sentence_of_segment (HsTrace *trace,
                     guint    segment)
{
  return hs_narration_format_step (trace, hs_trace_get_segment (trace, segment)->sent_step);
}

static void
test_narration (void)
{
  g_autofree char *syn_lost = data_path ("syn-lost.pcap");
  g_autofree char *exponential = data_path ("syn-lost-exponential.pcap");
  g_autofree char *zero = data_path ("zero-window.pcap");
  g_autofree char *synack = data_path ("synack-lost.pcap");
  g_autoptr(HsTrace) a = load (syn_lost, 0);
  g_autoptr(HsTrace) b = load (exponential, 0);
  g_autoptr(HsTrace) c = load (zero, 0);
  g_autoptr(HsTrace) d = load (synack, 0);
  g_autofree char *first = sentence_of_segment (a, 1);
  g_autofree char *backoff = sentence_of_segment (b, 3);
  g_autofree char *probe = sentence_of_segment (c, 9);
  g_autofree char *zero_window = sentence_of_segment (c, 8);
  g_autofree char *again = sentence_of_segment (d, 4);
  g_autofree char *dup = sentence_of_segment (d, 6);

  g_test_summary ("Captured segments are narrated from their analysis: SYN retransmissions "
                  "with their back-off, Linux's zero window probes, duplicate ACKs");

  g_assert_cmpstr (first, ==, "The client retransmits its SYN 1029 ms after the previous one: no SYN+ACK arrived.");
  g_assert_cmpstr (backoff, ==, "The client retransmits its SYN 4224 ms after the previous one: no SYN+ACK arrived.");
  g_assert_nonnull (strstr (probe, "probes the server's zero window"));
  g_assert_nonnull (strstr (zero_window, "advertises a window of 0"));
  g_assert_nonnull (strstr (again, "SYN came a second time"));
  g_assert_nonnull (strstr (dup, "duplicate ACK number 1"));

  /* Linux's duplicate ACKs with SACK blocks, which Wireshark calls window
   * updates, and the retransmission they ask for. */
  {
    g_autofree char *bulk = data_path ("loss-bulk.pcap");
    g_autoptr(HsTrace) e = load (bulk, 0);
    guint sack_updates = 0, asked = 0;

    for (guint k = 0; k < hs_trace_get_n_steps (e); k++)
      {
        g_autofree char *sentence = hs_narration_format_step (e, k);

        sack_updates += strstr (sentence, "Wireshark calls it a window update only because") != NULL;
        asked += strstr (sentence, "keeps acknowledging up to them only") != NULL;
      }
    g_assert_cmpuint (sack_updates, >, 10);
    g_assert_cmpuint (asked, >=, 1);
  }
}

/* ----------------------------------------------------- round trips -- */

static void
test_roundtrip_lessons (void)
{
  g_auto(GStrv) ids = hs_scenario_list_builtin ();
  g_autofree char *dir = make_test_dir ();
  g_autofree char *path = g_build_filename (dir, "lesson.pcap", NULL);

  g_test_summary ("Every built-in lesson written as pcap, at the client and at the server, reads "
                  "back as the segments that capture point sees, in its order: flags, numbers, "
                  "lengths, windows and times");

  for (guint l = 0; ids[l] != NULL; l++)
    for (guint side = HS_CAPTURE_SIDE_CLIENT; side <= HS_CAPTURE_SIDE_SERVER; side++)
      {
        g_autoptr(HsTrace) lesson = hs_test_run_lesson (ids[l]);
        g_autoptr(HsTrace) back = NULL;
        g_autoptr(GError) error = NULL;
        g_autofree guint *indexes = NULL;
        g_autofree HsTime *times = NULL;
        guint n = hs_capture_select_segments (lesson, side, &indexes, &times);
        guint k = 0, stream = 0;
        HsTime first = HS_TIME_NONE, stream_first = 0;

        /* a lesson with several connections writes several interleaved
         * streams, which this stream-by-stream reading does not follow */
        if (hs_trace_get_n_hosts (lesson) > 0)
          continue;
        g_test_message ("%s at the %s", ids[l], side == HS_CAPTURE_SIDE_CLIENT ? "client" : "server");
        g_assert_true (hs_capture_write_pcap (lesson, side, path, &error));
        g_assert_no_error (error);

        g_assert_true (hs_capture_load_stream (path, 0, &back, &error));
        g_assert_no_error (error);

        for (guint i = 0; i < n; i++)
          {
            const HsTraceSegment *want = hs_trace_get_segment (lesson, indexes[i]);
            const HsTraceSegment *got;

            if (hs_trace_segment_is_udp (lesson, want))
              continue;
            if (first == HS_TIME_NONE)
              first = times[i];

            /* a new SYN on the same ports with another ISN starts a new
             * stream, as in Wireshark (why-three-way: the old duplicate's
             * exchange, then the real connection) */
            if (k == hs_trace_get_n_segments (back) && (want->header.flags & HS_TCP_SYN))
              {
                g_clear_object (&back);
                g_assert_true (hs_capture_load_stream (path, ++stream, &back, &error));
                g_assert_no_error (error);
                k = 0;
                stream_first = times[i] - first;
              }
            g_assert_cmpuint (k, <, hs_trace_get_n_segments (back));
            got = hs_trace_get_segment (back, k++);
            g_assert_cmpuint (got->header.flags, ==, want->header.flags);
            g_assert_cmpuint (got->header.seq, ==, want->header.seq);
            g_assert_cmpuint (got->header.ack, ==, want->header.ack);
            g_assert_cmpuint (got->header.window, ==, want->header.window);
            g_assert_cmpuint (got->header.options.present, ==, want->header.options.present);
            g_assert_cmpuint (got->len, ==, want->len);
            g_assert_cmpint (got->sent, ==, times[i] - first - stream_first);
            g_assert_cmpstr (hs_trace_get_endpoint (back, got->from)->address, ==,
                             hs_trace_get_endpoint (lesson, want->from)->address);
          }
        g_assert_cmpuint (k, ==, hs_trace_get_n_segments (back));
      }

  remove_test_dir (dir);
}

static void
test_roundtrip_tshark (void)
{
  g_autofree char *tshark = find_tshark ();
  g_auto(GStrv) ids = hs_scenario_list_builtin ();
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;

  guint n_fragmented = 0;

  g_test_summary ("tshark reads every lesson's pcap with good IP, TCP and UDP checksums and no "
                  "malformed packet, and shows the lesson's segments: flags, numbers, lengths, "
                  "windows and times; IP fragments with their offsets, reassembled into the datagram");

  if (tshark == NULL)
    {
      g_test_skip ("tshark is not installed");
      return;
    }

  dir = make_test_dir ();
  path = g_build_filename (dir, "lesson.pcap", NULL);

  for (guint l = 0; ids[l] != NULL; l++)
    {
      g_autoptr(HsTrace) lesson = hs_test_run_lesson (ids[l]);
      g_autoptr(GError) error = NULL;
      g_autofree guint *indexes = NULL;
      g_autofree HsTime *times = NULL;
      g_autofree char *out = NULL;
      g_autoptr(Table) table = NULL;
      guint n;
      const char *args[] = {
        "-r", path,
        "-o", "tcp.check_checksum:TRUE", "-o", "ip.check_checksum:TRUE",
        "-o", "udp.check_checksum:TRUE", "-o", "tcp.relative_sequence_numbers:FALSE",
        "-T", "fields", "-E", "separator=,", "-E", "quote=d",
        "-e", "frame.time_epoch", "-e", "tcp.flags", "-e", "tcp.seq", "-e", "tcp.ack",
        "-e", "tcp.len", "-e", "tcp.window_size_value", "-e", "tcp.checksum.status",
        "-e", "ip.checksum.status", "-e", "udp.checksum.status", "-e", "udp.length",
        "-e", "_ws.malformed", "-e", "_ws.expert.severity",
        "-e", "ip.flags.mf", "-e", "ip.frag_offset", "-e", "ip.reassembled.length",
        NULL
      };

      g_test_message ("%s", ids[l]);
      g_assert_true (hs_capture_write_pcap (lesson, HS_CAPTURE_SIDE_CLIENT, path, &error));
      g_assert_no_error (error);

      out = run_tshark (args);
      table = table_parse (out, FALSE);
      n = hs_capture_select_segments (lesson, HS_CAPTURE_SIDE_CLIENT, &indexes, &times);
      g_assert_cmpuint (table->rows->len, ==, n);

      for (guint i = 0; i < n; i++)
        {
          const HsTraceSegment *want = hs_trace_get_segment (lesson, indexes[i]);
          double epoch = g_ascii_strtod (cell (table, i, 0), NULL);

          g_assert_cmpstr (cell (table, i, 10), ==, "");          /* not malformed */
          g_assert_cmpint ((gint64) (epoch * 1e6 + 0.5), ==, HS_CAPTURE_EPOCH * 1000000 + times[i]);
          if (*cell (table, i, 7) != '\0')
            g_assert_cmpstr (cell (table, i, 7), ==, "1");        /* IPv4 checksum good */

          if (hs_trace_segment_is_udp (lesson, want) && want->header.window > 1)
            {
              /* an IP fragment (udp-fragments): its offset in 8-byte units,
               * more fragments but the last, which completes the datagram
               * for tshark's reassembly, with a good UDP checksum */
              gboolean last = want->header.urgent == want->header.window;

              g_assert_cmpuint (cell_uint (table, i, 13), ==, want->header.seq / 8);
              g_assert_cmpstr (cell (table, i, 12), ==, last ? "0" : "1");
              if (!last)
                continue;
              g_assert_cmpstr (cell (table, i, 8), ==, "1");
              g_assert_cmpuint (cell_uint (table, i, 9), ==, 8 + want->header.options.mss);
              g_assert_cmpuint (cell_uint (table, i, 14), ==, 8 + want->header.options.mss);
              n_fragmented++;
              continue;
            }
          if (hs_trace_segment_is_udp (lesson, want))
            {
              g_assert_cmpstr (cell (table, i, 8), ==, "1");
              g_assert_cmpuint (cell_uint (table, i, 9), ==, 8 + want->len);
              continue;
            }

          g_assert_cmpstr (cell (table, i, 6), ==, "1");          /* TCP checksum good */
          g_assert_cmpuint (cell_uint (table, i, 1), ==, want->header.flags);
          g_assert_cmpuint (cell_uint (table, i, 2), ==, want->header.seq);
          g_assert_cmpuint (cell_uint (table, i, 3), ==, want->header.ack);
          g_assert_cmpuint (cell_uint (table, i, 4), ==, want->len);
          g_assert_cmpuint (cell_uint (table, i, 5), ==, want->header.window);
        }
    }
  /* udp-fragments sends one datagram in fragments */
  g_assert_cmpuint (n_fragmented, ==, 1);

  remove_test_dir (dir);
}

/* --------------------------------------------------------- writer -- */

static void
test_writer_capture_side (void)
{
  g_autoptr(HsTrace) trace = hs_trace_new ();
  g_autofree guint *indexes = NULL;
  g_autofree HsTime *times = NULL;
  HsTraceSegment seg = { 0 };
  guint n;

  g_test_summary ("A capture point sees its own side's segments when they are sent, lost or "
                  "not, and the other side's when they arrive, if they do");

  hs_trace_add_endpoint (trace, "client", "10.0.0.1", 40000, HS_STATE_CLOSED);
  hs_trace_add_endpoint (trace, "server", "10.0.0.2", 80, HS_STATE_LISTEN);

  /* 0: client SYN lost; 1: client SYN delivered at 1050; 2: server
   * SYN+ACK delivered at 1100; 3: a copy of it made by the network;
   * 4: client ACK in flight at the end. */
  seg.header.src_port = 40000;
  seg.header.dst_port = 80;
  seg.header.flags = HS_TCP_SYN;
  seg.from = 0; seg.to = 1; seg.fate = HS_FATE_LOST; seg.sent = 0; seg.arrived = HS_TIME_NONE;
  hs_trace_add_segment (trace, &seg);
  seg.fate = HS_FATE_DELIVERED; seg.sent = 1000; seg.arrived = 1050;
  hs_trace_add_segment (trace, &seg);
  seg.header.src_port = 80;
  seg.header.dst_port = 40000;
  seg.header.flags = HS_TCP_SYN | HS_TCP_ACK;
  seg.from = 1; seg.to = 0; seg.sent = 1060; seg.arrived = 1100;
  hs_trace_add_segment (trace, &seg);
  seg.marks = HS_MARK_DUPLICATED; seg.arrived = 1200;
  hs_trace_add_segment (trace, &seg);
  seg.marks = 0;
  seg.header.src_port = 40000;
  seg.header.dst_port = 80;
  seg.header.flags = HS_TCP_ACK;
  seg.from = 0; seg.to = 1; seg.fate = HS_FATE_IN_FLIGHT; seg.sent = 1150; seg.arrived = HS_TIME_NONE;
  hs_trace_add_segment (trace, &seg);

  n = hs_capture_select_segments (trace, HS_CAPTURE_SIDE_CLIENT, &indexes, &times);
  g_assert_cmpuint (n, ==, 5);
  g_assert_cmpuint (indexes[0], ==, 0); g_assert_cmpint (times[0], ==, 0);
  g_assert_cmpuint (indexes[1], ==, 1); g_assert_cmpint (times[1], ==, 1000);
  g_assert_cmpuint (indexes[2], ==, 2); g_assert_cmpint (times[2], ==, 1100);
  g_assert_cmpuint (indexes[3], ==, 4); g_assert_cmpint (times[3], ==, 1150);
  g_assert_cmpuint (indexes[4], ==, 3); g_assert_cmpint (times[4], ==, 1200);
  g_clear_pointer (&indexes, g_free);
  g_clear_pointer (&times, g_free);

  n = hs_capture_select_segments (trace, HS_CAPTURE_SIDE_SERVER, &indexes, &times);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpuint (indexes[0], ==, 1); g_assert_cmpint (times[0], ==, 1050);
  g_assert_cmpuint (indexes[1], ==, 2); g_assert_cmpint (times[1], ==, 1060);
}

static void
test_writer_errors (void)
{
  g_autoptr(HsTrace) bad = hs_trace_new ();
  g_autoptr(HsTrace) mixed = hs_trace_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_test_dir ();
  g_autofree char *path = g_build_filename (dir, "out.pcap", NULL);
  g_autofree char *nowhere = g_build_filename (dir, "no-such-dir", "out.pcap", NULL);
  HsTraceSegment seg = { 0 };
  HsCaptureSide side;

  g_test_summary ("Addresses that are not IP, IPv4 talking to IPv6 and unwritable paths are "
                  "refused with a sentence; nothing is left behind");

  hs_trace_add_endpoint (bad, "client", "not an address", 1, HS_STATE_CLOSED);
  hs_trace_add_endpoint (bad, "server", "10.0.0.2", 2, HS_STATE_LISTEN);
  g_assert_null (hs_capture_write_pcap_bytes (bad, HS_CAPTURE_SIDE_CLIENT, &error));
  g_assert_error (error, HS_ERROR, HS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "not an address"));
  g_clear_error (&error);

  hs_trace_add_endpoint (mixed, "client", "10.0.0.1", 1, HS_STATE_CLOSED);
  hs_trace_add_endpoint (mixed, "server", "::1", 2, HS_STATE_LISTEN);
  seg.from = 0; seg.to = 1; seg.fate = HS_FATE_DELIVERED; seg.arrived = 5;
  hs_trace_add_segment (mixed, &seg);
  g_assert_false (hs_capture_write_pcap (mixed, HS_CAPTURE_SIDE_CLIENT, path, &error));
  g_assert_error (error, HS_ERROR, HS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  g_assert_false (hs_capture_write_pcap (bad, HS_CAPTURE_SIDE_CLIENT, nowhere, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  g_assert_true (hs_capture_side_from_string ("Server", &side));
  g_assert_cmpint (side, ==, HS_CAPTURE_SIDE_SERVER);
  g_assert_false (hs_capture_side_from_string ("middle", &side));
  g_assert_true (hs_capture_is_pcap_filename ("a.PCAP"));
  g_assert_false (hs_capture_is_pcap_filename ("a.pcapng"));
  g_assert_true (hs_capture_is_capture_filename ("a.pcapng"));

  remove_test_dir (dir);
}

/* ------------------------------------------------------- link types -- */

/* The small connection framed for @linktype. */
static char *
write_linktype (const char *dir,
                guint32     linktype,
                guint       variant,
                guint32     snaplen)
{
  g_autoptr(GByteArray) pcap = pcap_new (linktype, snaplen);
  g_autofree char *name = g_strdup_printf ("link-%u-%u.pcap", linktype, variant);

  for (guint i = 0; i < G_N_ELEMENTS (small_connection); i++)
    {
      guint8 frame[2200] = { 0 };
      guint8 ip[2048];
      gsize ip_len = small_segment (ip, &small_connection[i], 40000);
      gsize head = 0;

      switch (linktype)
        {
        case 1:     /* Ethernet, with variant VLAN tags */
          head = 12;
          for (guint t = 0; t < variant; t++)
            {
              frame[head] = t == 0 && variant == 2 ? 0x88 : 0x81;
              frame[head + 1] = t == 0 && variant == 2 ? 0xa8 : 0x00;
              frame[head + 3] = 42;
              head += 4;
            }
          frame[head] = 0x08;
          head += 2;
          break;
        case 113:   /* Linux cooked, SLL */
          frame[14] = 0x08;
          head = 16;
          break;
        case 276:   /* SLL2 */
          frame[0] = 0x08;
          head = 20;
          break;
        case 101:   /* raw IP */
          head = 0;
          break;
        case 0:     /* BSD loopback, in either byte order */
          if (variant == 0)
            frame[0] = 2;
          else
            frame[3] = 2;
          head = 4;
          break;
        case 108:   /* OpenBSD loopback, network order */
          frame[3] = 2;
          head = 4;
          break;
        default:
          g_assert_not_reached ();
        }

      memcpy (frame + head, ip, ip_len);
      pcap_add (pcap, 1000 * i, frame, (guint32) MIN (head + ip_len, snaplen), (guint32) (head + ip_len));
    }

  return save_pcap (dir, name, pcap);
}

static void
check_small_connection (HsTrace *trace)
{
  g_assert_cmpuint (hs_trace_get_n_segments (trace), ==, G_N_ELEMENTS (small_connection));
  for (guint i = 0; i < G_N_ELEMENTS (small_connection); i++)
    {
      const HsTraceSegment *seg = hs_trace_get_segment (trace, i);

      g_assert_cmpuint (seg->header.flags, ==, small_connection[i].flags);
      g_assert_cmpuint (seg->header.seq, ==, small_connection[i].seq);
      g_assert_cmpuint (seg->header.ack, ==, small_connection[i].ack);
      g_assert_cmpuint (seg->len, ==, small_connection[i].len);
      g_assert_cmpuint (seg->from, ==, small_connection[i].from_client ? 0 : 1);
      g_assert_cmpint (seg->sent, ==, 1000 * i);
    }
  g_assert_cmpstr (hs_trace_get_endpoint (trace, 0)->address, ==, "10.0.0.1");
  g_assert_cmpuint (hs_trace_get_endpoint (trace, 1)->port, ==, 80);
}

static void
test_link_types (void)
{
  static const guint32 types[][2] = {
    { 1, 0 }, { 1, 1 }, { 1, 2 }, { 113, 0 }, { 276, 0 }, { 101, 0 }, { 0, 0 }, { 0, 1 }, { 108, 0 },
  };
  g_autofree char *dir = make_test_dir ();

  g_test_summary ("Ethernet (also with 802.1Q and 802.1ad tags), Linux cooked SLL and SLL2, "
                  "raw IP and BSD loopback in both byte orders read the same connection; "
                  "a snapshot that cuts the payload (even the options) still reads");

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_autofree char *path = write_linktype (dir, types[i][0], types[i][1], 65535);
      g_autoptr(HsTrace) trace = load (path, 0);

      g_test_message ("link type %u variant %u", types[i][0], types[i][1]);
      check_small_connection (trace);
    }

  /* Headers only: the payload lengths come from the IP header. */
  {
    g_autofree char *path = write_linktype (dir, 1, 0, 54);
    g_autoptr(HsTrace) trace = load (path, 0);

    check_small_connection (trace);
  }

  remove_test_dir (dir);
}

/* ----------------------------------------------------- bad captures -- */

static void
expect_error (const char *path,
              gint        code,
              const char *words)
{
  g_autoptr(GPtrArray) streams = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HsTrace) trace = NULL;

  g_assert_false (hs_capture_list_streams (path, &streams, &error));
  g_assert_error (error, HS_ERROR, code);
  g_assert_nonnull (strstr (error->message, path));
  if (words != NULL && strstr (error->message, words) == NULL)
    g_error ("“%s” does not say “%s”", error->message, words);
  g_clear_error (&error);

  g_assert_false (hs_capture_load_stream (path, 0, &trace, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == HS_ERROR);
  g_assert_nonnull (strstr (error->message, path));
}

static void
test_bad_empty (void)
{
  g_autofree char *dir = make_test_dir ();
  g_autofree char *empty = save (dir, "empty.pcap", "", 0);
  g_autofree char *text = save (dir, "notes.pcap", "not a capture at all\n", 21);
  g_autofree char *missing = g_build_filename (dir, "missing.pcap", NULL);
  g_autoptr(GPtrArray) streams = NULL;
  g_autoptr(GError) error = NULL;

  g_test_summary ("An empty file, a text file and a missing file are refused, each with a "
                  "sentence that names the file");

  expect_error (empty, HS_ERROR_PARSE, "empty");
  expect_error (text, HS_ERROR_PARSE, "not a capture file");

  g_assert_false (hs_capture_list_streams (missing, &streams, &error));
  g_assert_error (error, HS_ERROR, HS_ERROR_IO);
  g_assert_null (streams);

  remove_test_dir (dir);
}

static void
test_bad_global_header (void)
{
  g_autofree char *dir = make_test_dir ();
  g_autoptr(GByteArray) pcap = pcap_new (1, 65535);
  g_autofree char *path = save (dir, "short.pcap", pcap->data, 14);

  g_test_summary ("A pcap cut in its global header is refused: the sentence says how much is there");

  expect_error (path, HS_ERROR_PARSE, "14 of 24 bytes");
  remove_test_dir (dir);
}

static void
test_bad_truncated_record (void)
{
  g_autofree char *dir = make_test_dir ();
  g_autofree char *full = write_linktype (dir, 1, 0, 65535);
  g_autofree char *contents = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) streams = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HsTrace) trace = NULL;
  gsize len = 0;

  g_test_summary ("A pcap cut in its last record lists and loads what comes before, and says "
                  "where the file ends");

  g_file_get_contents (full, &contents, &len, &error);
  g_assert_no_error (error);
  path = save (dir, "cut.pcap", contents, len - 20);

  g_assert_false (hs_capture_list_streams (path, &streams, &error));
  g_assert_error (error, HS_ERROR, HS_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "packet 8"));
  g_assert_cmpuint (streams->len, ==, 1);
  g_assert_cmpuint (((HsCaptureStream *) g_ptr_array_index (streams, 0))->n_packets, ==, 7);
  g_clear_error (&error);

  g_assert_false (hs_capture_load_stream (path, 0, &trace, &error));
  g_assert_error (error, HS_ERROR, HS_ERROR_PARSE);
  g_assert_nonnull (trace);
  g_assert_cmpuint (hs_trace_get_n_segments (trace), ==, 7);

  /* Only its record header. */
  g_clear_pointer (&path, g_free);
  g_clear_pointer (&streams, g_ptr_array_unref);
  g_clear_error (&error);
  path = save (dir, "cut2.pcap", contents, 24 + 10);
  g_assert_false (hs_capture_list_streams (path, &streams, &error));
  g_assert_error (error, HS_ERROR, HS_ERROR_PARSE);
  g_assert_null (streams);

  remove_test_dir (dir);
}

static void
test_bad_beyond_snaplen (void)
{
  g_autofree char *dir = make_test_dir ();
  g_autoptr(GByteArray) pcap = pcap_new (1, 128);
  g_autoptr(GByteArray) small = pcap_new (1, 60);
  g_autofree char *path = NULL;
  g_autofree char *small_path = NULL;
  g_autoptr(GPtrArray) streams = NULL;
  g_autoptr(GError) error = NULL;
  guint8 frame[2048] = { 0 };
  guint32 record[4] = { 0, 0, 0x7fffff00, 0x7fffff00 };
  gsize len;

  g_test_summary ("A record that claims more bytes than any snapshot holds is a corrupt file; "
                  "one a little beyond the file's snapshot length is cut to it, as libpcap does");

  frame[12] = 0x08;
  len = small_segment (frame + 14, &small_connection[0], 40000);
  pcap_add (pcap, 0, frame, (guint32) (14 + len), (guint32) (14 + len));
  g_byte_array_append (pcap, (const guint8 *) record, sizeof record);
  g_byte_array_append (pcap, frame, 64);
  path = save_pcap (dir, "huge.pcap", pcap);

  g_assert_false (hs_capture_list_streams (path, &streams, &error));
  g_assert_error (error, HS_ERROR, HS_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "Packet 2"));
  g_assert_cmpuint (streams->len, ==, 1);
  g_clear_pointer (&streams, g_ptr_array_unref);
  g_clear_error (&error);

  /* 64 bytes in a file that says 60: the first 60 are read. */
  pcap_add (small, 0, frame, (guint32) (14 + len), (guint32) (14 + len));
  small_path = save_pcap (dir, "small.pcap", small);
  g_assert_true (hs_capture_list_streams (small_path, &streams, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (streams->len, ==, 1);

  remove_test_dir (dir);
}

static void
test_bad_not_tcp (void)
{
  g_autofree char *dir = make_test_dir ();
  g_autoptr(GByteArray) pcap = pcap_new (1, 65535);
  g_autoptr(GByteArray) wifi = pcap_new (105, 65535);
  g_autofree char *path = NULL;
  g_autofree char *wifi_path = NULL;
  guint8 frame[64] = { 0 };

  g_test_summary ("A capture without TCP (ARP and UDP here) and a link type Handshake does not "
                  "read (802.11) are refused with a sentence");

  /* ARP, then a UDP datagram. */
  frame[12] = 0x08;
  frame[13] = 0x06;
  pcap_add (pcap, 0, frame, 42, 42);
  frame[13] = 0x00;
  frame[14] = 0x45;
  frame[17] = 28;
  frame[22] = 64;
  frame[23] = 17;
  pcap_add (pcap, 1, frame, 42, 42);
  path = save_pcap (dir, "udp.pcap", pcap);
  expect_error (path, HS_ERROR_NOT_FOUND, "no TCP connection");

  pcap_add (wifi, 0, frame, 42, 42);
  wifi_path = save_pcap (dir, "wifi.pcap", wifi);
  expect_error (wifi_path, HS_ERROR_UNSUPPORTED, "IEEE802_11");

  remove_test_dir (dir);
}

static void
test_bad_header_length (void)
{
  g_autofree char *dir = make_test_dir ();
  g_autoptr(GByteArray) pcap = pcap_new (101, 65535);
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) streams = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HsCaptureFile) file = NULL;

  g_test_summary ("Segments with a corrupt TCP or IP header length are left out with a "
                  "warning that counts them; the rest of the connection is shown");

  for (guint i = 0; i < G_N_ELEMENTS (small_connection); i++)
    {
      guint8 frame[2048];
      gsize len = small_segment (frame, &small_connection[i], 40000);

      if (i == 3)
        frame[20 + 12] = 3 << 4;        /* TCP data offset 3 */
      if (i == 4)
        frame[0] = 0x43;                /* IP header length 12 */
      pcap_add (pcap, i * 1000, frame, (guint32) len, (guint32) len);
    }
  path = save_pcap (dir, "corrupt.pcap", pcap);

  g_assert_false (hs_capture_list_streams (path, &streams, &error));
  g_assert_error (error, HS_ERROR, HS_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "2 packets"));
  g_assert_nonnull (strstr (error->message, "packet 4"));
  g_assert_cmpuint (streams->len, ==, 1);
  g_assert_cmpuint (((HsCaptureStream *) g_ptr_array_index (streams, 0))->n_packets, ==, 6);
  g_clear_error (&error);

  file = hs_capture_file_new (path);
  g_assert_true (hs_capture_file_scan (file, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (hs_capture_file_get_warning (file));
  g_assert_cmpuint (hs_capture_file_get_n_packets (file), ==, 8);
  g_assert_cmpstr (hs_capture_file_get_link_type (file), ==, "RAW");

  remove_test_dir (dir);
}

/* pcapng blocks, little-endian. */
static void
pcapng_block (GByteArray   *out,
              guint32       type,
              const guint8 *body,
              guint32       len)
{
  guint32 total = 12 + ((len + 3) & ~3u);
  static const guint8 pad[4] = { 0 };

  g_byte_array_append (out, (const guint8 *) &type, 4);
  g_byte_array_append (out, (const guint8 *) &total, 4);
  g_byte_array_append (out, body, len);
  g_byte_array_append (out, pad, ((len + 3) & ~3u) - len);
  g_byte_array_append (out, (const guint8 *) &total, 4);
}

static void
pcapng_interface (GByteArray *out,
                  guint16     linktype)
{
  guint8 idb[8] = { 0 };

  memcpy (idb, &linktype, 2);
  idb[4] = 0xff;
  idb[5] = 0xff;
  pcapng_block (out, 1, idb, sizeof idb);
}

/* The small connection on two interfaces: its first @on_first packets on
 * the first, the others alternately; the second interface is described
 * before any packet (@late FALSE) or just before its first packet. */
static GByteArray *
pcapng_with_interfaces (guint16  first_type,
                        guint16  second_type,
                        guint    on_first,
                        gboolean late)
{
  GByteArray *out = g_byte_array_new ();
  guint8 shb[16] = { 0x4d, 0x3c, 0x2b, 0x1a, 1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
  guint16 types[2] = { first_type, second_type };

  pcapng_block (out, 0x0a0d0d0a, shb, sizeof shb);
  pcapng_interface (out, first_type);
  if (!late)
    pcapng_interface (out, second_type);

  for (guint i = 0; i < G_N_ELEMENTS (small_connection); i++)
    {
      guint8 body[2200] = { 0 };
      guint32 iface = i < on_first ? 0 : i % 2;
      guint32 head = types[iface] == 1 ? 14 : 0;
      guint64 ts = 1700000000000000ull + i * 1000;
      guint32 ts_hi = (guint32) (ts >> 32), ts_lo = (guint32) ts;
      guint32 caplen;

      if (head)
        body[20 + 12] = 0x08;
      caplen = head + (guint32) small_segment (body + 20 + head, &small_connection[i], 40000);
      if (late && i == on_first)
        pcapng_interface (out, second_type);
      memcpy (body, &iface, 4);
      memcpy (body + 4, &ts_hi, 4);
      memcpy (body + 8, &ts_lo, 4);
      memcpy (body + 12, &caplen, 4);
      memcpy (body + 16, &caplen, 4);
      pcapng_block (out, 6, body, 20 + caplen);
    }

  return out;
}

static void
test_bad_pcapng_interfaces (void)
{
  g_autofree char *dir = make_test_dir ();
  g_autoptr(GByteArray) same = pcapng_with_interfaces (1, 1, 1, FALSE);
  g_autoptr(GByteArray) mixed = pcapng_with_interfaces (1, 101, 3, TRUE);
  g_autoptr(GByteArray) mixed_first = pcapng_with_interfaces (1, 101, 1, FALSE);
  g_autofree char *same_path = save_pcap (dir, "same.pcapng", same);
  g_autofree char *mixed_path = save_pcap (dir, "mixed.pcapng", mixed);
  g_autofree char *first_path = save_pcap (dir, "mixed-first.pcapng", mixed_first);
  g_autoptr(GPtrArray) streams = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HsTrace) trace = NULL;

  g_test_summary ("A pcapng with two Ethernet interfaces reads whole; one whose second "
                  "interface has another link type reads up to that interface and says so, "
                  "with a way out when nothing can be read");

  trace = load (same_path, 0);
  check_small_connection (trace);

  g_assert_false (hs_capture_list_streams (mixed_path, &streams, &error));
  g_assert_error (error, HS_ERROR, HS_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, mixed_path));
  g_assert_nonnull (strstr (error->message, "different link types"));
  g_assert_nonnull (streams);
  g_assert_cmpuint (streams->len, ==, 1);
  g_assert_cmpuint (((HsCaptureStream *) g_ptr_array_index (streams, 0))->n_packets, ==, 3);
  g_clear_pointer (&streams, g_ptr_array_unref);
  g_clear_error (&error);

  g_assert_false (hs_capture_list_streams (first_path, &streams, &error));
  g_assert_error (error, HS_ERROR, HS_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, first_path));
  g_assert_nonnull (strstr (error->message, "frame.interface_id"));
  g_assert_null (streams);

  remove_test_dir (dir);
}

/* A pcapng of the small connection over raw IP, its interface with
 * if_tsresol @tsresol, packet i stamped @t0 + i × @step units; packet
 * @odd_one (when below the count) instead at @odd_time. */
static GByteArray *
pcapng_with_times (guint8  tsresol,
                   guint64 t0,
                   guint64 step,
                   guint   odd_one,
                   guint64 odd_time)
{
  GByteArray *out = g_byte_array_new ();
  guint8 shb[16] = { 0x4d, 0x3c, 0x2b, 0x1a, 1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
  /* LINKTYPE_RAW, snaplen 65535, if_tsresol (9, length 1), end of options */
  guint8 idb[20] = { 101, 0, 0, 0, 0xff, 0xff, 0, 0, 9, 0, 1, 0, tsresol, 0, 0, 0, 0, 0, 0, 0 };

  pcapng_block (out, 0x0a0d0d0a, shb, sizeof shb);
  pcapng_block (out, 1, idb, sizeof idb);
  for (guint i = 0; i < G_N_ELEMENTS (small_connection); i++)
    {
      guint8 body[2200] = { 0 };
      guint64 ts = i == odd_one ? odd_time : t0 + i * step;
      guint32 ts_hi = (guint32) (ts >> 32), ts_lo = (guint32) ts;
      guint32 caplen = (guint32) small_segment (body + 20, &small_connection[i], 40000);

      memcpy (body + 4, &ts_hi, 4);
      memcpy (body + 8, &ts_lo, 4);
      memcpy (body + 12, &caplen, 4);
      memcpy (body + 16, &caplen, 4);
      pcapng_block (out, 6, body, 20 + caplen);
    }

  return out;
}

static void
test_pcapng_time_stamps (void)
{
  static const struct
  {
    guint8      tsresol;
    guint64     t0;
    guint64     step;           /* between packets, in if_tsresol units */
    const char *start;          /* the trace's capture-time */
    gint64      duration;       /* µs from the first packet to the last */
  } cases[] = {
    { 0, 1700000000, 1, "2023-11-14T22:13:20.000000Z", 7000000 },
    { 3, G_GUINT64_CONSTANT (1700000000123), 1, "2023-11-14T22:13:20.123000Z", 7000 },
    { 6, G_GUINT64_CONSTANT (1700000000123456), 1, "2023-11-14T22:13:20.123456Z", 7 },
    { 9, G_GUINT64_CONSTANT (1700000000123456789), 1000, "2023-11-14T22:13:20.123456Z", 7 },
    /* 2^-20 s: half a second past, and one second between packets */
    { 0x80 | 20, (G_GUINT64_CONSTANT (1700000000) << 20) | (1 << 19), 1 << 20, "2023-11-14T22:13:20.500000Z", 7000000 },
    /* 2^-30 s, finer than a nanosecond */
    { 0x80 | 30, (G_GUINT64_CONSTANT (1700000000) << 30) | (1 << 29), 1 << 20, "2023-11-14T22:13:20.500000Z", 6835 },
  };
  g_autofree char *dir = make_test_dir ();

  g_test_summary ("pcapng time stamps in whole seconds, milli-, micro- and nanoseconds and "
                  "binary fractions give the capture's date and the times between packets");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GByteArray) pcapng = pcapng_with_times (cases[i].tsresol, cases[i].t0, cases[i].step, G_MAXUINT, 0);
      g_autofree char *name = g_strdup_printf ("tsresol-%u.pcapng", cases[i].tsresol);
      g_autofree char *path = save_pcap (dir, name, pcapng);
      g_autoptr(GPtrArray) streams = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(HsTrace) trace = NULL;

      g_test_message ("if_tsresol %u", cases[i].tsresol);
      g_assert_true (hs_capture_list_streams (path, &streams, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (streams->len, ==, 1);
      g_assert_cmpint (((HsCaptureStream *) g_ptr_array_index (streams, 0))->duration, ==, cases[i].duration);

      trace = load (path, 0);
      g_assert_cmpstr (hs_trace_get_parameter (trace, "capture-time"), ==, cases[i].start);
    }

  remove_test_dir (dir);
}

static void
test_pcapng_time_stamp_overflow (void)
{
  static const struct
  {
    guint8  tsresol;
    guint64 time;
  } cases[] = {
    { 0, G_GUINT64_CONSTANT (86994416557) },      /* the year 4726: × 10^9 overflowed */
    { 0, G_MAXUINT64 },                           /* beyond time_t: libpcap makes it negative */
    { 9, G_MAXUINT64 },                           /* 2554 */
    { 6, G_GUINT64_CONSTANT (9300000000000000) }, /* 2264 */
  };
  g_autofree char *dir = make_test_dir ();

  g_test_summary ("A pcapng time stamp beyond what the trace can hold (1970 to 2262) is damage "
                  "at its packet, named in the message; the packets before it are read");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GByteArray) pcapng = pcapng_with_times (cases[i].tsresol, 1700000000, 0, 3, cases[i].time);
      g_autofree char *name = g_strdup_printf ("overflow-%u.pcapng", i);
      g_autofree char *path = save_pcap (dir, name, pcapng);
      g_autofree char *expected = g_strdup_printf ("Packet 4 of “%s” is corrupt: its time stamp is not "
                                                   "between 1970 and 2262.", path);
      g_autoptr(GPtrArray) streams = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(HsTrace) trace = NULL;

      g_assert_false (hs_capture_list_streams (path, &streams, &error));
      g_assert_error (error, HS_ERROR, HS_ERROR_PARSE);
      g_assert_cmpstr (error->message, ==, expected);
      g_assert_cmpuint (streams->len, ==, 1);
      g_assert_cmpuint (((HsCaptureStream *) g_ptr_array_index (streams, 0))->n_packets, ==, 3);
      g_clear_error (&error);

      g_assert_false (hs_capture_load_stream (path, 0, &trace, &error));
      g_assert_error (error, HS_ERROR, HS_ERROR_PARSE);
      g_assert_nonnull (trace);
      g_assert_cmpuint (hs_trace_get_n_segments (trace), ==, 3);
    }

  remove_test_dir (dir);
}

static void
test_pcap_time_stamps_after_2038 (void)
{
  g_autofree char *dir = make_test_dir ();
  g_autoptr(GByteArray) pcap = pcap_new (101, 65535);
  g_autofree char *path = NULL;
  g_autoptr(HsTrace) trace = NULL;

  g_test_summary ("A classic pcap's seconds are unsigned: a packet after January 2038 is dated "
                  "after it, not in 1901");

  for (guint i = 0; i < G_N_ELEMENTS (small_connection); i++)
    {
      guint8 frame[2048];
      guint32 len = (guint32) small_segment (frame, &small_connection[i], 40000);
      guint32 record[4] = { 0x80000000u + i, 250000, len, len };

      g_byte_array_append (pcap, (const guint8 *) record, sizeof record);
      g_byte_array_append (pcap, frame, len);
    }
  path = save_pcap (dir, "2038.pcap", pcap);
  trace = load (path, 0);
  g_assert_cmpstr (hs_trace_get_parameter (trace, "capture-time"), ==, "2038-01-19T03:14:08.250000Z");

  remove_test_dir (dir);
}

static void
test_bad_caplen_beyond_len (void)
{
  g_autofree char *dir = make_test_dir ();
  g_autoptr(GByteArray) pcap = pcap_new (101, 65535);
  g_autoptr(GByteArray) pcapng = pcapng_with_times (6, G_GUINT64_CONSTANT (1700000000000000), 1000, G_MAXUINT, 0);
  g_autofree char *pcap_path = NULL;
  g_autofree char *pcapng_path = NULL;
  guint32 caplen4 = 0;

  g_test_summary ("A record that says it holds more bytes of a packet than the packet had "
                  "(caplen > len), in a pcap or a pcapng, is damage at that packet, named in "
                  "the message; the packets before it are read");

  for (guint i = 0; i < G_N_ELEMENTS (small_connection); i++)
    {
      guint8 frame[2048];
      guint32 len = (guint32) small_segment (frame, &small_connection[i], 40000);

      if (i == 3)
        caplen4 = len;
      pcap_add (pcap, i * 1000, frame, len, i == 3 ? len - 10 : len);
    }
  pcap_path = save_pcap (dir, "caplen.pcap", pcap);

  /* The pcapng's fourth EPB: its len field, 16 bytes into the body. */
  {
    gsize at = 28 + 32;         /* the SHB and the IDB */
    guint32 total, len;

    for (guint i = 0; i < 3; i++)
      {
        memcpy (&total, pcapng->data + at + 4, 4);
        at += total;
      }
    memcpy (&len, pcapng->data + at + 8 + 16, 4);
    g_assert_cmpuint (len, ==, caplen4);
    len -= 10;
    memcpy (pcapng->data + at + 8 + 16, &len, 4);
  }
  pcapng_path = save_pcap (dir, "caplen.pcapng", pcapng);

  for (guint f = 0; f < 2; f++)
    {
      const char *path = f == 0 ? pcap_path : pcapng_path;
      g_autofree char *expected = g_strdup_printf ("Packet 4 of “%s” is corrupt: its record holds %u bytes "
                                                   "of a packet it says was %u bytes long.",
                                                   path, caplen4, caplen4 - 10);
      g_autoptr(GPtrArray) streams = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(HsTrace) trace = NULL;

      g_assert_false (hs_capture_list_streams (path, &streams, &error));
      g_assert_error (error, HS_ERROR, HS_ERROR_PARSE);
      g_assert_cmpstr (error->message, ==, expected);
      g_assert_cmpuint (streams->len, ==, 1);
      g_assert_cmpuint (((HsCaptureStream *) g_ptr_array_index (streams, 0))->n_packets, ==, 3);
      g_clear_error (&error);

      g_assert_false (hs_capture_load_stream (path, 0, &trace, &error));
      g_assert_error (error, HS_ERROR, HS_ERROR_PARSE);
      g_assert_cmpuint (hs_trace_get_n_segments (trace), ==, 3);
    }

  remove_test_dir (dir);
}

static void
test_bad_mutations (void)
{
  g_autofree char *source = data_path ("synack-lost.pcap");
  g_autofree char *dir = make_test_dir ();
  g_autofree char *path = g_build_filename (dir, "mutant.pcap", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(GError) error = NULL;
  gsize len = 0;

  g_test_summary ("Hundreds of damaged copies of a capture (bytes changed, cut anywhere) never "
                  "crash: each reads, or fails with an HS_ERROR naming the file");

  g_file_get_contents (source, &contents, &len, &error);
  g_assert_no_error (error);

  for (guint round = 0; round < 400; round++)
    {
      g_autofree char *copy = g_memdup2 (contents, len);
      gsize n = len;
      guint changes = (guint) g_rand_int_range (rand, 1, 8);
      g_autoptr(GPtrArray) streams = NULL;
      g_autoptr(HsTrace) trace = NULL;

      for (guint c = 0; c < changes; c++)
        copy[g_rand_int_range (rand, 0, (gint32) len)] = (char) g_rand_int_range (rand, 0, 256);
      if (g_rand_boolean (rand))
        n = (gsize) g_rand_int_range (rand, 0, (gint32) len);

      g_assert_true (g_file_set_contents (path, copy, (gssize) n, NULL));

      if (!hs_capture_list_streams (path, &streams, &error))
        {
          g_assert_true (error->domain == HS_ERROR);
          g_assert_nonnull (strstr (error->message, path));
          g_clear_error (&error);
        }
      if (!hs_capture_load_stream (path, 0, &trace, &error))
        {
          g_assert_true (error->domain == HS_ERROR);
          g_clear_error (&error);
        }
      if (trace != NULL)
        {
          /* Whatever was read can be narrated. */
          for (guint k = 0; k < hs_trace_get_n_steps (trace); k++)
            g_free (hs_narration_format_step (trace, k));
        }
    }

  remove_test_dir (dir);
}

static void
test_no_such_stream (void)
{
  g_autofree char *path = data_path ("refused.pcap");
  g_autoptr(HsCaptureFile) file = hs_capture_file_new (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(HsTrace) trace = NULL;

  g_test_summary ("Asking for a connection the capture does not have says how many it has");

  g_assert_false (hs_capture_load_stream (path, 3, &trace, &error));
  g_assert_error (error, HS_ERROR, HS_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "0 to 0"));
  g_assert_null (trace);
  g_clear_error (&error);

  g_assert_true (hs_capture_file_scan (file, NULL, NULL, NULL, &error));
  g_assert_null (hs_capture_file_load_stream (file, 1, NULL, NULL, NULL, &error));
  g_assert_error (error, HS_ERROR, HS_ERROR_NOT_FOUND);
}

/* ------------------------------------------------------------ async -- */

typedef struct
{
  GMainLoop *loop;
  guint      progress_calls;
  guint64    last_done;
  HsTrace   *trace;
  gboolean   scanned;
} AsyncData;

static void
async_progress_cb (guint64  done,
                   guint64  total,
                   gpointer user_data)
{
  AsyncData *data = user_data;

  g_assert_cmpuint (done, <=, total);
  data->progress_calls++;
  data->last_done = done;
}

static void
async_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  AsyncData *data = user_data;
  g_autoptr(GError) error = NULL;

  data->trace = hs_capture_file_load_stream_finish (HS_CAPTURE_FILE (object), result, &error);
  g_assert_no_error (error);
  g_main_loop_quit (data->loop);
}

static void
async_scanned_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  AsyncData *data = user_data;
  g_autoptr(GError) error = NULL;

  data->scanned = hs_capture_file_scan_finish (HS_CAPTURE_FILE (object), result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hs_capture_file_get_n_streams (HS_CAPTURE_FILE (object)), ==, 1);
  hs_capture_file_load_stream_async (HS_CAPTURE_FILE (object), 0, async_progress_cb, data,
                                     NULL, async_loaded_cb, data);
}

static void
test_async (void)
{
  g_autofree char *path = data_path ("loss-bulk.pcap");
  g_autoptr(HsCaptureFile) file = hs_capture_file_new (path);
  AsyncData data = { 0 };

  g_test_summary ("The window's way: scan and load in a thread, progress in the main loop");

  data.loop = g_main_loop_new (NULL, FALSE);
  hs_capture_file_scan_async (file, async_progress_cb, &data, NULL, async_scanned_cb, &data);
  g_main_loop_run (data.loop);

  g_assert_true (data.scanned);
  g_assert_cmpuint (data.progress_calls, >, 0);
  g_assert_nonnull (data.trace);
  g_assert_cmpuint (hs_trace_get_n_segments (data.trace), ==, 256);
  g_assert_cmpstr (hs_capture_file_get_path (file), ==, path);

  g_object_unref (data.trace);
  g_main_loop_unref (data.loop);
}

/* The CSV of a captured connection is exactly what tshark's fields give
 * (../shared/captures/NAME.csv was computed from tshark's dump), every
 * column, "address:port" names included. */
static void
test_csv_identical (void)
{
  static const char * const names[] = {
    "abort-rst", "data-then-close-piggyback", "half-close", "handshake-data-close",
    "loss-bulk", "refused", "server-closes-first", "simultaneous-close",
    "simultaneous-open", "syn-lost", "syn-lost-exponential", "synack-lost",
    "zero-window",
  };

  g_test_summary ("The CSV export of every real capture is byte for byte the CSV computed from tshark's fields");

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *pcap_name = g_strconcat (names[i], ".pcap", NULL);
      g_autofree char *csv_name = g_strconcat (names[i], ".csv", NULL);
      g_autofree char *pcap = g_test_build_filename (G_TEST_DIST, "data", "captures", pcap_name, NULL);
      g_autofree char *csv = g_test_build_filename (G_TEST_DIST, "data", "captures", csv_name, NULL);
      g_autofree char *expected = NULL;
      g_autoptr(HsTrace) trace = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *actual = NULL;
      gsize len;

      g_assert_true (g_file_get_contents (csv, &expected, &len, &error));
      g_assert_no_error (error);
      g_assert_true (hs_capture_load_stream (pcap, 0, &trace, &error));
      g_assert_no_error (error);
      bytes = hs_trace_write (trace, HS_TRACE_FORMAT_CSV, &error);
      g_assert_no_error (error);
      actual = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      g_test_message ("%s", names[i]);
      g_assert_cmpstr (actual, ==, expected);
    }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (captures); i++)
    {
      g_autofree char *name = g_strdup_printf ("/capture/tshark/%s", captures[i]);

      g_autofree char *csv = g_strdup_printf ("/capture/csv/%s", captures[i]);

      g_test_add_data_func (name, captures[i], test_tshark_capture);
      g_test_add_data_func (csv, captures[i], test_csv_capture);
    }
  g_test_add_func ("/capture/tshark/synthetic", test_tshark_synthetic);
  g_test_add_func ("/capture/list/format", test_list_format);
  g_test_add_func ("/capture/csv/identical", test_csv_identical);
  g_test_add_func ("/capture/list/ipv6-reuse", test_list_ipv6_and_reuse);
  g_test_add_func ("/capture/states/real", test_states);
  g_test_add_func ("/capture/states/uncertain", test_states_when_short);
  g_test_add_func ("/capture/narration", test_narration);
  g_test_add_func ("/capture/roundtrip/lessons", test_roundtrip_lessons);
  g_test_add_func ("/capture/roundtrip/tshark", test_roundtrip_tshark);
  g_test_add_func ("/capture/writer/capture-side", test_writer_capture_side);
  g_test_add_func ("/capture/writer/errors", test_writer_errors);
  g_test_add_func ("/capture/pcap/link-types", test_link_types);
  g_test_add_func ("/capture/pcap/empty", test_bad_empty);
  g_test_add_func ("/capture/pcap/global-header", test_bad_global_header);
  g_test_add_func ("/capture/pcap/truncated", test_bad_truncated_record);
  g_test_add_func ("/capture/pcap/beyond-snaplen", test_bad_beyond_snaplen);
  g_test_add_func ("/capture/pcap/not-tcp", test_bad_not_tcp);
  g_test_add_func ("/capture/pcap/header-length", test_bad_header_length);
  g_test_add_func ("/capture/pcap/pcapng-interfaces", test_bad_pcapng_interfaces);
  g_test_add_func ("/capture/pcap/mutations", test_bad_mutations);
  g_test_add_func ("/capture/pcap/time-stamps/pcapng", test_pcapng_time_stamps);
  g_test_add_func ("/capture/pcap/time-stamps/pcapng-overflow", test_pcapng_time_stamp_overflow);
  g_test_add_func ("/capture/pcap/time-stamps/after-2038", test_pcap_time_stamps_after_2038);
  g_test_add_func ("/capture/pcap/caplen-beyond-len", test_bad_caplen_beyond_len);
  g_test_add_func ("/capture/pcap/no-such-stream", test_no_such_stream);
  g_test_add_func ("/capture/file/async", test_async);

  return g_test_run ();
}
