/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-capture.c: libFuzzer target: bytes as a pcap or pcapng file, through
 * the capture reader (list, scan, load each connection, Wireshark's
 * analysis), every trace writer, the diagram and the pcap writer. */

#include "config.h"

#include "hs-capture-reader.h"
#include "hs-capture-writer.h"

#include "fuzz-common.h"

/* Connections loaded per input: each load reads the file again. */
#define FUZZ_MAX_STREAMS 4

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  return 0;
}

static void
exercise_streams_line (GPtrArray *streams)
{
  for (guint i = 0; streams != NULL && i < streams->len; i++)
    {
      g_autofree char *line = hs_capture_stream_to_line (g_ptr_array_index (streams, i));
      g_autoptr(HsCaptureStream) copy = hs_capture_stream_copy (g_ptr_array_index (streams, i));

      if (line == NULL || copy == NULL)
        g_error ("stream %u has no line", i);
    }
}

static void
exercise_trace (HsTrace  *trace,
                gboolean  draw,
                guint     knobs)
{
  guint n_segments = hs_trace_get_n_segments (trace);

  /* What Wireshark's analysis said of each segment, as the writers and
   * the inspector name it. */
  for (guint i = 0; i < n_segments; i++)
    {
      guint dup_ack_num = 0;
      guint32 analysis = hs_trace_get_segment_analysis (trace, i, &dup_ack_num);

      for (guint bit = 0; bit < 32; bit++)
        if (analysis & (1u << bit))
          (void) hs_segment_analysis_to_string ((HsSegmentAnalysis) (1u << bit));
    }

  fuzz_write_trace (trace);
  if (draw)
    fuzz_draw_trace (trace, knobs);

  /* Captured traces are written back as pcap from either side. */
  for (guint side = HS_CAPTURE_SIDE_CLIENT; side <= HS_CAPTURE_SIDE_SERVER; side++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) pcap = hs_capture_write_pcap_bytes (trace, side, &error);

      if (pcap == NULL && (error == NULL || error->message == NULL))
        g_error ("the pcap writer failed without an error");
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) streams = NULL;
  g_autoptr(HsCaptureFile) file = NULL;
  g_autoptr(HsTrace) first = NULL;
  const char *path;
  guint n_streams;

  path = fuzz_save_input ("input.pcap", data, size);

  if (size >= 4)
    (void) hs_capture_sniff (data, size);

  /* The command line: --list-streams, then stream 0 without a scan. */
  if (!hs_capture_list_streams (path, &streams, &error))
    {
      if (error == NULL || error->message == NULL)
        g_error ("listing failed without an error");
      g_clear_error (&error);
    }
  exercise_streams_line (streams);

  if (!hs_capture_load_stream (path, 0, &first, &error))
    g_clear_error (&error);
  g_clear_object (&first);

  /* The window: one scan, then each connection. */
  file = hs_capture_file_new (path);
  if (!hs_capture_file_scan (file, NULL, NULL, NULL, &error))
    {
      if (error == NULL || error->message == NULL)
        g_error ("the scan failed without an error");
      return 0;
    }
  (void) hs_capture_file_get_warning (file);

  n_streams = hs_capture_file_get_n_streams (file);
  for (guint i = 0; i < MIN (n_streams, FUZZ_MAX_STREAMS); i++)
    {
      g_autoptr(HsTrace) trace = NULL;
      g_autoptr(GError) local = NULL;
      g_autofree char *line = hs_capture_stream_to_line (hs_capture_file_get_stream (file, i));

      if (line == NULL)
        g_error ("stream %u has no line", i);
      trace = hs_capture_file_load_stream (file, i, NULL, NULL, NULL, &local);
      if (trace == NULL)
        {
          if (local == NULL || local->message == NULL)
            g_error ("stream %u did not load and said nothing", i);
          continue;
        }
      /* The diagram, the costliest part, of the first connection only. */
      exercise_trace (trace, i == 0, (guint) size);
    }

  return 0;
}
