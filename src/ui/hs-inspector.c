/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-inspector.c: one segment, field by field and byte by byte. */

#define G_LOG_DOMAIN "hs-inspector"

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "hs-diagram-layout.h"
#include "hs-host.h"
#include "hs-inspector.h"
#include "hs-narration.h"
#include "hs-segment.h"
#include "hs-ui.h"

typedef enum
{
  FIELD_SRC_PORT,
  FIELD_DST_PORT,
  FIELD_SEQ,
  FIELD_ACK,
  FIELD_HEADER_LENGTH,
  FIELD_FLAGS,
  FIELD_WINDOW,
  FIELD_CHECKSUM,
  FIELD_URGENT,
  FIELD_OPTIONS,
  FIELD_PAYLOAD,
  N_FIELDS
} Field;

/* Where each field sits in the header (RFC 9293 section 3.1). */
static const struct {
  guint offset;
  guint length;   /* 0: computed (options) or not in the header (payload) */
} field_bytes[N_FIELDS] = {
  [FIELD_SRC_PORT]      = { 0, 2 },
  [FIELD_DST_PORT]      = { 2, 2 },
  [FIELD_SEQ]           = { 4, 4 },
  [FIELD_ACK]           = { 8, 4 },
  [FIELD_HEADER_LENGTH] = { 12, 1 },
  [FIELD_FLAGS]         = { 13, 1 },
  [FIELD_WINDOW]        = { 14, 2 },
  [FIELD_CHECKSUM]      = { 16, 2 },
  [FIELD_URGENT]        = { 18, 2 },
  [FIELD_OPTIONS]       = { 20, 0 },
  [FIELD_PAYLOAD]       = { 0, 0 },
};

typedef HsInspectorTcb TcbRow;
#define TCB_STATE HS_INSPECTOR_TCB_STATE
#define TCB_SND_UNA HS_INSPECTOR_TCB_SND_UNA
#define TCB_SND_NXT HS_INSPECTOR_TCB_SND_NXT
#define TCB_SND_WND HS_INSPECTOR_TCB_SND_WND
#define TCB_RCV_NXT HS_INSPECTOR_TCB_RCV_NXT
#define TCB_RCV_WND HS_INSPECTOR_TCB_RCV_WND
#define TCB_CWND HS_INSPECTOR_TCB_CWND
#define TCB_SSTHRESH HS_INSPECTOR_TCB_SSTHRESH
#define TCB_IN_FLIGHT HS_INSPECTOR_TCB_IN_FLIGHT
#define TCB_RTO HS_INSPECTOR_TCB_RTO
#define TCB_SRTT HS_INSPECTOR_TCB_SRTT
#define N_TCB_ROWS HS_INSPECTOR_N_TCB

struct _HsInspector
{
  GtkWidget     parent_instance;

  /* owned */
  HsSession    *session;
  GSignalGroup *session_signals;   /* on whatever session is set */
  GBytes       *bytes;
  char         *cookie;            /* what the shown SYN cookie holds, or NULL */

  /* template children */
  GtkWidget    *scrolled;
  GtkWidget    *stack;
  GtkWidget    *title;
  GtkWidget    *subtitle;
  GtkWidget    *fate;
  GtkWidget    *what_if;
  GtkWidget    *fields;
  GtkWidget    *field_rows[N_FIELDS];
  GtkWidget    *field_values[N_FIELDS];
  GtkWidget    *flag_bits[8];
  GtkWidget    *hex;
  GtkWidget    *tcb_titles[2];
  GtkWidget    *tcb_grids[2];
  GtkWidget    *read_title;
  GtkWidget    *read_subtitle;
  GtkWidget    *read_text;

  /* children the code adds to the template's grids */
  GtkWidget    *tcb_cells[2][N_TCB_ROWS][2];

  /* plain state */
  guint         read_step;   /* the read shown instead of a segment, or HS_TRACE_NONE */
  guint         position_idle;
  guint         segment;
  guint         field;
  gboolean      absolute;
};

G_DEFINE_FINAL_TYPE (HsInspector, hs_inspector, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_ABSOLUTE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The template's names of the children kept in arrays. */
static const char * const field_ids[N_FIELDS][2] = {
  [FIELD_SRC_PORT]      = { "row_src_port", "value_src_port" },
  [FIELD_DST_PORT]      = { "row_dst_port", "value_dst_port" },
  [FIELD_SEQ]           = { "row_seq", "value_seq" },
  [FIELD_ACK]           = { "row_ack", "value_ack" },
  [FIELD_HEADER_LENGTH] = { "row_header_length", "value_header_length" },
  [FIELD_FLAGS]         = { "row_flags", "value_flags" },
  [FIELD_WINDOW]        = { "row_window", "value_window" },
  [FIELD_CHECKSUM]      = { "row_checksum", "value_checksum" },
  [FIELD_URGENT]        = { "row_urgent", "value_urgent" },
  [FIELD_OPTIONS]       = { "row_options", "value_options" },
  [FIELD_PAYLOAD]       = { "row_payload", "value_payload" },
};
static const char * const flag_bit_ids[8] = {
  "flag_bit_cwr", "flag_bit_ece", "flag_bit_urg", "flag_bit_ack",
  "flag_bit_psh", "flag_bit_rst", "flag_bit_syn", "flag_bit_fin",
};
static const char * const tcb_ids[2][2] = {
  { "tcb_title_0", "tcb_grid_0" },
  { "tcb_title_1", "tcb_grid_1" },
};

static const char * const flag_names[8] = { "CWR", "ECE", "URG", "ACK", "PSH", "RST", "SYN", "FIN" };

/* ------------------------------------------------------------------ */
/* Building                                                            */

/* "inspector.select-field": a header field's row, activated. */
static void
select_field_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  hs_inspector_select_field (HS_INSPECTOR (widget), g_variant_get_uint32 (param));
}

/* The TCB variables' rows: one per entry of the table, in each grid the
 * template gives. */
static void
fill_tcb_grid (HsInspector *self,
               guint        which)
{
  static const char * const names[N_TCB_ROWS] = {
    [TCB_STATE] = N_("State"),
    [TCB_SND_UNA] = "SND.UNA",
    [TCB_SND_NXT] = "SND.NXT",
    [TCB_SND_WND] = "SND.WND",
    [TCB_RCV_NXT] = "RCV.NXT",
    [TCB_RCV_WND] = "RCV.WND",
    [TCB_CWND] = "cwnd",
    [TCB_SSTHRESH] = "ssthresh",
    [TCB_IN_FLIGHT] = N_("In flight"),
    [TCB_RTO] = "RTO",
    [TCB_SRTT] = "SRTT",
  };
  GtkGrid *grid = GTK_GRID (self->tcb_grids[which]);

  for (guint r = 0; r < N_TCB_ROWS; r++)
    {
      GtkWidget *label = gtk_label_new (r == TCB_STATE || r == TCB_IN_FLIGHT ? _(names[r]) : names[r]);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "tcb-name");
      gtk_grid_attach (grid, label, 0, r + 1, 1, 1);
      for (guint c = 0; c < 2; c++)
        {
          GtkWidget *cell = gtk_label_new (NULL);

          gtk_label_set_xalign (GTK_LABEL (cell), 1);
          gtk_widget_add_css_class (cell, "numeric");
          gtk_grid_attach (grid, cell, c + 1, r + 1, 1, 1);
          self->tcb_cells[which][r][c] = cell;
        }
    }
}

/* ------------------------------------------------------------------ */
/* Filling                                                             */

static void
set_field (HsInspector *self,
           Field        field,
           const char  *value,
           const char  *subtitle)
{
  gtk_label_set_text (GTK_LABEL (self->field_values[field]), value);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->field_rows[field]), subtitle != NULL ? subtitle : "");
}

static guint32
host_address (const char *text,
              gboolean   *ipv6,
              guint8      out6[16])
{
  g_autoptr(GInetAddress) address = text != NULL ? g_inet_address_new_from_string (text) : NULL;
  const guint8 *bytes;

  *ipv6 = FALSE;
  if (address == NULL)
    return 0;
  bytes = g_inet_address_to_bytes (address);
  if (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6)
    {
      *ipv6 = TRUE;
      memcpy (out6, bytes, 16);
      return 0;
    }
  return ((guint32) bytes[0] << 24) | ((guint32) bytes[1] << 16) | ((guint32) bytes[2] << 8) | bytes[3];
}

/* The header as it goes on the wire (with a checksum over a zero payload
 * of the segment's length, as the engine keeps no payload bytes). */
static GBytes *
encode_header (HsTrace              *trace,
               const HsTraceSegment *seg)
{
  const HsTraceEndpoint *from = hs_trace_get_endpoint (trace, seg->from);
  const HsTraceEndpoint *to = hs_trace_get_endpoint (trace, seg->to);
  HsTcpHeader header = seg->header;
  g_autofree guint8 *payload = g_malloc0 (MAX (seg->len, 1));
  g_autofree guint8 *out = g_malloc (HS_TCP_MAX_HEADER_LEN + seg->len);
  guint8 src6[16], dst6[16];
  gboolean v6a, v6b;
  guint32 src = host_address (from->address, &v6a, src6);
  guint32 dst = host_address (to->address, &v6b, dst6);
  gsize n;

  if (v6a && v6b)
    n = hs_tcp_segment_encode_ipv6 (&header, src6, dst6, payload, seg->len, out, HS_TCP_MAX_HEADER_LEN + seg->len);
  else
    n = hs_tcp_segment_encode_ipv4 (&header, src, dst, payload, seg->len, out, HS_TCP_MAX_HEADER_LEN + seg->len);
  if (n < HS_TCP_MIN_HEADER_LEN)
    return NULL;
  /* only the header is shown */
  return g_bytes_new (out, header.data_offset * 4);
}

static void
update_hex (HsInspector *self)
{
  static const char * const word_names[] = {
    N_("source port · destination port"),
    N_("sequence number"),
    N_("acknowledgment number"),
    N_("offset, flags · window"),
    N_("checksum · urgent pointer"),
  };
  g_autoptr(GString) markup = g_string_new (NULL);
  const guint8 *data;
  gsize len;
  guint hl_start = 0, hl_end = 0;

  if (self->bytes == NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->hex), "");
      return;
    }
  data = g_bytes_get_data (self->bytes, &len);

  if (self->field < N_FIELDS)
    {
      hl_start = field_bytes[self->field].offset;
      hl_end = hl_start + (self->field == FIELD_OPTIONS ? (len > 20 ? len - 20 : 0) : field_bytes[self->field].length);
    }

  for (gsize i = 0; i < len; i += 4)
    {
      g_string_append_printf (markup, "<span alpha=\"60%%\">%04zx</span>  ", i);
      for (gsize j = i; j < i + 4; j++)
        {
          gboolean lit = j >= hl_start && j < hl_end;

          if (j >= len)
            {
              g_string_append (markup, "   ");
              continue;
            }
          if (lit)
            g_string_append (markup, "<span background=\"#3584e4\" bgalpha=\"40%\" underline=\"single\" weight=\"bold\">");
          g_string_append_printf (markup, "%02x", data[j]);
          if (lit)
            g_string_append (markup, "</span>");
          g_string_append_c (markup, ' ');
        }
      g_string_append_printf (markup, " <span alpha=\"60%%\">%s</span>",
                              i / 4 < G_N_ELEMENTS (word_names) ? _(word_names[i / 4]) : _("options"));
      if (i + 4 < len)
        g_string_append_c (markup, '\n');
    }
  gtk_label_set_markup (GTK_LABEL (self->hex), markup->str);
}

static char *
format_number (guint32 value)
{
  return g_strdup_printf ("%u", value);
}

/* A TCB value the endpoint has no value for yet reads "—", never a number
 * computed from zero. */
static char *
no_value (void)
{
  /* Translators: a TCB variable that has no value yet */
  return g_strdup (C_("tcb", "—"));
}

static char *
format_tcb (HsInspector         *self,
            HsTrace             *trace,
            const HsTcbSnapshot *tcb,
            HsState              state,
            TcbRow               row,
            guint                endpoint)
{
  const HsTraceEndpoint *own = hs_trace_get_endpoint (trace, endpoint);
  const HsTraceEndpoint *peer = (endpoint ^ 1) < hs_trace_get_n_endpoints (trace)
    ? hs_trace_get_endpoint (trace, endpoint ^ 1) : own;
  guint32 own_base = self->absolute ? 0 : own->rel_base;
  guint32 peer_base = self->absolute ? 0 : peer->rel_base;

  /* the snapshot's own state: the values below are that state's */
  if (tcb != NULL)
    state = tcb->state;
  if (row == TCB_STATE)
    return g_strdup (hs_narration_state_name (state));
  /* no connection yet (or any more): nothing in the TCB means anything */
  if (tcb == NULL || state == HS_STATE_CLOSED || state == HS_STATE_LISTEN)
    return no_value ();

  switch (row)
    {
    case TCB_SND_UNA:
      return format_number (tcb->snd_una - own_base);
    case TCB_SND_NXT:
      return format_number (tcb->snd_nxt - own_base);
    case TCB_SND_WND:
      /* a SYN-SENT endpoint has not heard the peer's window yet */
      return state == HS_STATE_SYN_SENT ? no_value () : format_number (tcb->snd_wnd);
    case TCB_RCV_NXT:
      /* RCV.NXT is IRS + 1: nothing until the peer's SYN is in */
      return state == HS_STATE_SYN_SENT ? no_value () : format_number (tcb->rcv_nxt - peer_base);
    case TCB_RCV_WND:
      return format_number (tcb->rcv_wnd);
    case TCB_CWND:
      /* the profile gives the TCB its congestion window when it has one */
      return tcb->cwnd == 0 ? no_value () : format_number (tcb->cwnd);
    case TCB_SSTHRESH:
      if (tcb->ssthresh == 0)
        return no_value ();
      if (tcb->ssthresh >= G_MAXINT32)
        /* Translators: ssthresh before the first loss gives it a value
         * (RFC 5681: "arbitrarily high") */
        return g_strdup (C_("ssthresh", "unlimited"));
      return format_number (tcb->ssthresh);
    case TCB_IN_FLIGHT:
      return format_number (tcb->in_flight);
    case TCB_RTO:
      return hs_diagram_format_duration (tcb->rto);
    case TCB_SRTT:
      return tcb->srtt > 0 ? hs_diagram_format_duration (tcb->srtt) : no_value ();
    case TCB_STATE:
    case N_TCB_ROWS:
    default:
      return g_strdup ("");
    }
}

/* The event a step belongs to: its first step (what set it off: a
 * segment's arrival, a timer, an application's call) and its last (what
 * that made @endpoint do at once, up to the next arrival). The narration
 * reads the TCB around the same bounds, so the two say the same numbers. */
static void
event_bounds (HsTrace *trace,
              guint    step,
              guint    endpoint,
              guint   *first,
              guint   *last)
{
  guint n = hs_trace_get_n_steps (trace);
  const HsTraceStep *s = hs_trace_get_step (trace, step);

  *first = step;
  if (s->kind != HS_STEP_SEGMENT_ARRIVED && s->cause != HS_TRACE_NONE && s->cause <= step &&
      hs_trace_get_step (trace, s->cause)->endpoint == endpoint)
    *first = s->cause;
  *last = MAX (*first, step);
  while (*last + 1 < n && hs_trace_get_step (trace, *last + 1)->cause == *first &&
         hs_trace_get_step (trace, *last + 1)->kind != HS_STEP_SEGMENT_ARRIVED)
    (*last)++;
}

static void
update_tcbs (HsInspector          *self,
             HsTrace              *trace,
             const HsTraceSegment *seg)
{
  guint endpoints[2] = { seg->from, seg->to };
  /* the sender: around the event that sent the segment; the receiver:
   * around its arrival (a lost segment changes nothing there) */
  guint steps[2] = { seg->sent_step,
                     seg->fate == HS_FATE_DELIVERED && seg->end_step != HS_TRACE_NONE ? seg->end_step : HS_TRACE_NONE };

  for (guint w = 0; w < 2; w++)
    {
      guint e = endpoints[w];
      guint first = HS_TRACE_NONE, last = HS_TRACE_NONE, before = HS_TRACE_NONE, after = HS_TRACE_NONE;
      const HsTcbSnapshot *tb, *ta;
      HsState sb, sa;
      g_autofree char *title = NULL;

      if (steps[w] != HS_TRACE_NONE && steps[w] < hs_trace_get_n_steps (trace))
        {
          event_bounds (trace, steps[w], e, &first, &last);
          before = first > 0 ? first - 1 : HS_TRACE_NONE;
          after = last;
        }
      else if (seg->sent_step != HS_TRACE_NONE && seg->sent_step < hs_trace_get_n_steps (trace))
        {
          /* not delivered: the receiver as it was when the segment left */
          before = after = seg->sent_step;
        }
      tb = before != HS_TRACE_NONE ? hs_trace_get_tcb_at (trace, before, e) : NULL;
      ta = after != HS_TRACE_NONE ? hs_trace_get_tcb_at (trace, after, e) : NULL;
      sb = hs_trace_get_state_at (trace, before, e);
      sa = hs_trace_get_state_at (trace, after, e);

      if (w == 0)
        /* Translators: heading of the sender's TCB table: "client (sender)" */
        title = g_strdup_printf (_("%s (sender)"), hs_ui_endpoint_label (trace, e));
      else
        /* Translators: heading of the receiver's TCB table: "server (receiver)" */
        title = g_strdup_printf (_("%s (receiver)"), hs_ui_endpoint_label (trace, e));
      gtk_label_set_text (GTK_LABEL (self->tcb_titles[w]), title);

      for (guint r = 0; r < N_TCB_ROWS; r++)
        {
          g_autofree char *vb = format_tcb (self, trace, tb, sb, r, e);
          g_autofree char *va = format_tcb (self, trace, ta, sa, r, e);
          gboolean changed = g_strcmp0 (vb, va) != 0;

          gtk_label_set_text (GTK_LABEL (self->tcb_cells[w][r][0]), vb);
          gtk_label_set_text (GTK_LABEL (self->tcb_cells[w][r][1]), va);
          /* bold as well as coloured: not by colour alone */
          if (changed)
            gtk_widget_add_css_class (self->tcb_cells[w][r][1], "changed");
          else
            gtk_widget_remove_css_class (self->tcb_cells[w][r][1], "changed");
        }
    }
}

static char *
describe_fate (HsSession            *session,
               HsTrace              *trace,
               const HsTraceSegment *seg)
{
  const char *to = hs_narration_endpoint_name (trace, seg->to);

  switch ((HsSegmentFate) seg->fate)
    {
    case HS_FATE_DELIVERED:
      {
        g_autofree char *after = hs_diagram_format_duration (seg->arrived - seg->sent);

        /* Translators: "Delivered to the server after 10 ms" */
        return g_strdup_printf (_("Delivered to %s after %s"), to, after);
      }
    case HS_FATE_LOST:
      switch (hs_session_get_restore (session, seg->index))
        {
        case HS_SESSION_RESTORE_ADDED:
          return g_strdup (_("Lost on the way, because you chose to lose it"));
        case HS_SESSION_RESTORE_LESSON:
          return g_strdup (_("Lost on the way, as the lesson says"));
        case HS_SESSION_RESTORE_RANDOM:
          return g_strdup (_("Lost on the way, at random"));
        case HS_SESSION_RESTORE_NONE:
        default:
          return g_strdup (_("Lost on the way"));
        }
    case HS_FATE_IN_FLIGHT:
      return g_strdup (_("Still on its way when the lesson ends"));
    case HS_FATE_CAPTURED:
    default:
      return g_strdup (_("Seen in a capture"));
    }
}

/* What a read returned, in a sentence: on TCP which bytes of the stream
 * and which of the peer's writes they came from (hs_narration_read_writes(),
 * as the narration tells a glued read), on UDP the one datagram. */
static char *
describe_read (HsTrace *trace,
               guint    index)
{
  const HsTraceStep *step = hs_trace_get_step (trace, index);
  const char *peer;
  guint bytes = (guint) step->value;
  guint64 first_byte;
  guint first, last;

  if (hs_trace_get_endpoint (trace, step->endpoint)->transport != HS_TRANSPORT_TCP)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "One datagram of %u byte. A UDP read returns one datagram, whole, never part of one and never two.",
                                         "One datagram of %u bytes. A UDP read returns one datagram, whole, never part of one and never two.",
                                         bytes),
                            bytes);
  if (!hs_narration_read_writes (trace, index, &first_byte, &first, &last))
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u byte of the stream.",
                                         "%u bytes of the stream.",
                                         bytes),
                            bytes);
  peer = hs_ui_endpoint_label (trace, step->endpoint ^ 1);
  if (last > first)
    /* Translators: the inspector on a read(): "300 bytes: bytes 1–300 of
     * the stream, from writes 1–3 of Client. …" */
    return g_strdup_printf (_("%u bytes: bytes %u–%u of the stream, from writes %u–%u of %s. TCP keeps no boundaries between writes, so one read returned several of them glued together."),
                            bytes, (guint) first_byte + 1, (guint) (first_byte + bytes), first, last, peer);
  /* Translators: the inspector on a read(): "100 bytes: bytes 101–200 of
   * the stream, from write 2 of Client." */
  return g_strdup_printf (_("%u bytes: bytes %u–%u of the stream, from write %u of %s."),
                          bytes, (guint) first_byte + 1, (guint) (first_byte + bytes), first, peer);
}

static gboolean
show_read (HsInspector *self,
           HsTrace     *trace)
{
  const HsTraceStep *step;
  g_autofree char *title = NULL, *text = NULL;

  if (self->read_step == HS_TRACE_NONE || self->read_step >= hs_trace_get_n_steps (trace))
    return FALSE;
  step = hs_trace_get_step (trace, self->read_step);
  /* Translators: the inspector's title on a read: "Step 47 · read()" */
  title = g_strdup_printf (_("Step %u · read()"), self->read_step + 1);
  text = describe_read (trace, self->read_step);
  gtk_label_set_text (GTK_LABEL (self->read_title), title);
  gtk_label_set_text (GTK_LABEL (self->read_subtitle), hs_ui_endpoint_label (trace, step->endpoint));
  gtk_label_set_text (GTK_LABEL (self->read_text), text);
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "read");
  return TRUE;
}

/* A SYN+ACK whose ISN is a SYN cookie: what the ISN holds, decoded with
 * the key the lesson's seed gives, as the ACK that returns it will be.
 * NULL for any other segment. */
static char *
describe_cookie (HsInspector          *self,
                 HsTrace              *trace,
                 const HsTraceSegment *seg)
{
  HsScenario *scenario = hs_session_get_scenario (self->session);
  const HsTraceEndpoint *client = hs_trace_get_endpoint (trace, seg->to);
  const HsTraceEndpoint *server = hs_trace_get_endpoint (trace, seg->from);
  guint count, index;
  guint16 mss;

  if (scenario == NULL || seg->sent_step == HS_TRACE_NONE ||
      hs_trace_get_step (trace, seg->sent_step)->reason != HS_REASON_SEND_SYN_COOKIE)
    return NULL;
  /* the cookie's hash takes the client's side first, as the SYN had it */
  if (!hs_host_cookie_decode (hs_host_cookie_secret (hs_scenario_get_seed (scenario)),
                              client->address, server->address, seg->header.dst_port, seg->header.src_port,
                              seg->header.ack - 1, seg->header.seq, seg->sent, &count, &index, &mss))
    return NULL;
  /* Translators: under the sequence number of a SYN+ACK whose ISN is a SYN cookie */
  return g_strdup_printf (_("This ISN is a SYN cookie: its top 8 bits hold the time counter %u (minutes), its low 24 bits MSS index %u (%u bytes) under a keyed hash of the addresses, ports and the client's ISN. The server kept no state: the ACK that returns the cookie rebuilds the connection."),
                          count, index, mss);
}

static void
update (HsInspector *self)
{
  HsTrace *trace = self->session != NULL ? hs_session_get_trace (self->session) : NULL;
  const HsTraceSegment *seg;
  const HsTraceEndpoint *from, *to;
  const HsTcpHeader *h;
  g_autofree char *title = NULL, *subtitle = NULL, *flags = NULL, *tags = NULL, *fate = NULL;
  g_autofree char *text = NULL, *sub = NULL, *options = NULL;
  guint32 rel_seq, rel_ack;

  self->segment = self->session != NULL ? hs_session_get_selected_segment (self->session) : HS_TRACE_NONE;
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->cookie, g_free);

  if (trace != NULL && show_read (self, trace))
    {
      self->segment = HS_TRACE_NONE;
      return;
    }
  if (trace == NULL || self->segment == HS_TRACE_NONE || self->segment >= hs_trace_get_n_segments (trace))
    {
      self->segment = HS_TRACE_NONE;
      gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "empty");
      return;
    }
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "segment");

  seg = hs_trace_get_segment (trace, self->segment);
  h = &seg->header;
  from = hs_trace_get_endpoint (trace, seg->from);
  to = hs_trace_get_endpoint (trace, seg->to);
  flags = hs_diagram_format_flags (h->flags);
  tags = hs_diagram_format_tags (seg);

  /* numbered by the step that sends it, as the diagram's badges are */
  if (seg->sent_step != HS_TRACE_NONE)
    /* Translators: the inspector's title: "Step 8 · SYN, ACK" */
    title = g_strdup_printf (_("Step %u · %s"), seg->sent_step + 1, *flags != '\0' ? flags : _("No flags"));
  else
    title = g_strdup (*flags != '\0' ? flags : _("No flags"));
  /* Translators: "Client → Server" */
  subtitle = g_strdup_printf (_("%s → %s"), hs_ui_endpoint_label (trace, seg->from),
                              hs_ui_endpoint_label (trace, seg->to));
  fate = describe_fate (self->session, trace, seg);
  if (tags != NULL)
    {
      g_autofree char *with_tags = g_strdup_printf ("%s · %s", fate, tags);
      g_free (fate);
      fate = g_steal_pointer (&with_tags);
    }
  gtk_label_set_text (GTK_LABEL (self->title), title);
  gtk_label_set_text (GTK_LABEL (self->subtitle), subtitle);
  gtk_label_set_text (GTK_LABEL (self->fate), fate);

  /* what if: the target first, so the name never meets a wrong one */
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->what_if), g_variant_new_uint32 (self->segment));
  switch (hs_session_get_restore (self->session, self->segment))
    {
    case HS_SESSION_RESTORE_ADDED:
    case HS_SESSION_RESTORE_LESSON:
      gtk_button_set_label (GTK_BUTTON (self->what_if), _("_Restore This Segment"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->what_if), "win.restore-segment");
      gtk_widget_set_visible (self->what_if, TRUE);
      break;
    case HS_SESSION_RESTORE_RANDOM:
      gtk_widget_set_visible (self->what_if, FALSE);
      break;
    case HS_SESSION_RESTORE_NONE:
    default:
      gtk_button_set_label (GTK_BUTTON (self->what_if), _("_Lose This Segment"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->what_if), "win.lose-segment");
      gtk_widget_set_visible (self->what_if, seg->fate != HS_FATE_LOST && !(seg->marks & HS_MARK_DUPLICATED));
      break;
    }

  /* header fields */
  text = g_strdup_printf ("%u", h->src_port);
  set_field (self, FIELD_SRC_PORT, text, hs_ui_endpoint_label (trace, seg->from));
  g_free (text);
  text = g_strdup_printf ("%u", h->dst_port);
  set_field (self, FIELD_DST_PORT, text, hs_ui_endpoint_label (trace, seg->to));
  g_free (text);

  rel_seq = hs_trace_segment_rel_seq (trace, seg);
  rel_ack = hs_trace_segment_rel_ack (trace, seg);
  if (self->absolute)
    {
      text = g_strdup_printf ("%u", h->seq);
      /* Translators: under the absolute sequence number */
      sub = g_strdup_printf (_("Relative: %u"), rel_seq);
    }
  else
    {
      text = g_strdup_printf ("%u", rel_seq);
      /* Translators: under the relative sequence number */
      sub = g_strdup_printf (_("Absolute: %u"), h->seq);
    }
  self->cookie = describe_cookie (self, trace, seg);
  if (self->cookie != NULL)
    {
      char *both = g_strdup_printf ("%s\n%s", sub, self->cookie);

      g_free (sub);
      sub = both;
    }
  set_field (self, FIELD_SEQ, text, sub);
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&sub, g_free);

  if (h->flags & HS_TCP_ACK)
    {
      text = g_strdup_printf ("%u", self->absolute ? h->ack : rel_ack);
      sub = self->absolute ? g_strdup_printf (_("Relative: %u"), rel_ack) : g_strdup_printf (_("Absolute: %u"), h->ack);
    }
  else
    {
      text = g_strdup ("—");
      sub = g_strdup (_("Not used: the ACK flag is off"));
    }
  set_field (self, FIELD_ACK, text, sub);
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&sub, g_free);

  self->bytes = encode_header (trace, seg);
  {
    guint hlen = self->bytes != NULL ? (guint) g_bytes_get_size (self->bytes) : HS_TCP_MIN_HEADER_LEN;

    /* Translators: the header length: "32 bytes" */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u byte", "%u bytes", hlen), hlen);
    /* Translators: the data offset field counts 32-bit words */
    sub = g_strdup_printf (_("Data offset: %u words"), hlen / 4);
    set_field (self, FIELD_HEADER_LENGTH, text, sub);
    g_clear_pointer (&text, g_free);
    g_clear_pointer (&sub, g_free);
  }

  set_field (self, FIELD_FLAGS, *flags != '\0' ? flags : _("None"), NULL);
  for (guint b = 0; b < 8; b++)
    {
      gboolean on = (h->flags & (0x80 >> b)) != 0;
      g_autofree char *bit = g_strdup_printf ("%s\n%d", flag_names[b], on ? 1 : 0);

      gtk_label_set_text (GTK_LABEL (self->flag_bits[b]), bit);
      if (on)
        {
          gtk_widget_add_css_class (self->flag_bits[b], "flag-on");
          gtk_widget_remove_css_class (self->flag_bits[b], "flag-off");
        }
      else
        {
          gtk_widget_add_css_class (self->flag_bits[b], "flag-off");
          gtk_widget_remove_css_class (self->flag_bits[b], "flag-on");
        }
    }

  text = g_strdup_printf ("%u", seg->window);
  if (h->window != seg->window)
    /* Translators: the window field as sent and as scaled: "502 × 2^7" */
    sub = g_strdup_printf (_("Field: %u, scaled by the window scale option"), h->window);
  else
    sub = g_strdup (_("Bytes the sender can still receive"));
  set_field (self, FIELD_WINDOW, text, sub);
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&sub, g_free);

  if (self->bytes != NULL)
    {
      const guint8 *d = g_bytes_get_data (self->bytes, NULL);
      text = g_strdup_printf ("0x%02x%02x", d[16], d[17]);
    }
  else
    text = g_strdup ("—");
  set_field (self, FIELD_CHECKSUM, text, _("Over the pseudo-header, header and payload"));
  g_clear_pointer (&text, g_free);

  text = g_strdup_printf ("%u", h->urgent);
  set_field (self, FIELD_URGENT, text, NULL);
  g_clear_pointer (&text, g_free);

  options = hs_tcp_options_to_string (&h->options);
  set_field (self, FIELD_OPTIONS, options != NULL && *options != '\0' ? options : _("None"), NULL);

  /* Translators: the payload length: "100 bytes" */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u byte", "%u bytes", seg->len), seg->len);
  set_field (self, FIELD_PAYLOAD, text, seg->len > 0 ? _("The data after the header (not shown)") : NULL);
  g_clear_pointer (&text, g_free);

  update_hex (self);
  update_tcbs (self, trace, seg);
  (void) from;
  (void) to;
}

/* ------------------------------------------------------------------ */
/* GObject                                                             */

static void
hs_inspector_dispose (GObject *object)
{
  HsInspector *self = HS_INSPECTOR (object);

  g_clear_handle_id (&self->position_idle, g_source_remove);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->session);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->cookie, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), HS_TYPE_INSPECTOR);

  G_OBJECT_CLASS (hs_inspector_parent_class)->dispose (object);
}

static void
hs_inspector_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  HsInspector *self = HS_INSPECTOR (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_ABSOLUTE:
      g_value_set_boolean (value, self->absolute);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_inspector_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  HsInspector *self = HS_INSPECTOR (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      hs_inspector_set_session (self, g_value_get_object (value));
      break;
    case PROP_ABSOLUTE:
      hs_inspector_set_absolute (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_inspector_class_init (HsInspectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hs_inspector_dispose;
  object_class->get_property = hs_inspector_get_property;
  object_class->set_property = hs_inspector_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, HS_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Sequence numbers as on the wire rather than from each side's ISN. */
  properties[PROP_ABSOLUTE] =
    g_param_spec_boolean ("absolute", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  hs_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/handshake/Handshake/hs-inspector.ui");
  gtk_widget_class_bind_template_child (widget_class, HsInspector, scrolled);
  gtk_widget_class_bind_template_child (widget_class, HsInspector, stack);
  gtk_widget_class_bind_template_child (widget_class, HsInspector, title);
  gtk_widget_class_bind_template_child (widget_class, HsInspector, subtitle);
  gtk_widget_class_bind_template_child (widget_class, HsInspector, fate);
  gtk_widget_class_bind_template_child (widget_class, HsInspector, what_if);
  gtk_widget_class_bind_template_child (widget_class, HsInspector, fields);
  gtk_widget_class_bind_template_child (widget_class, HsInspector, hex);
  gtk_widget_class_bind_template_child (widget_class, HsInspector, read_title);
  gtk_widget_class_bind_template_child (widget_class, HsInspector, read_subtitle);
  gtk_widget_class_bind_template_child (widget_class, HsInspector, read_text);
  for (guint i = 0; i < N_FIELDS; i++)
    {
      gtk_widget_class_bind_template_child_full (widget_class, field_ids[i][0], FALSE,
                                                 G_STRUCT_OFFSET (HsInspector, field_rows) + i * sizeof (GtkWidget *));
      gtk_widget_class_bind_template_child_full (widget_class, field_ids[i][1], FALSE,
                                                 G_STRUCT_OFFSET (HsInspector, field_values) + i * sizeof (GtkWidget *));
    }
  for (guint b = 0; b < 8; b++)
    gtk_widget_class_bind_template_child_full (widget_class, flag_bit_ids[b], FALSE,
                                               G_STRUCT_OFFSET (HsInspector, flag_bits) + b * sizeof (GtkWidget *));
  for (guint w = 0; w < 2; w++)
    {
      gtk_widget_class_bind_template_child_full (widget_class, tcb_ids[w][0], FALSE,
                                                 G_STRUCT_OFFSET (HsInspector, tcb_titles) + w * sizeof (GtkWidget *));
      gtk_widget_class_bind_template_child_full (widget_class, tcb_ids[w][1], FALSE,
                                                 G_STRUCT_OFFSET (HsInspector, tcb_grids) + w * sizeof (GtkWidget *));
    }

  gtk_widget_class_install_action (widget_class, "inspector.select-field", "u", select_field_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "inspector");
}

/* A step that is a read has no segment: the inspector shows what the read
 * returned until the playhead or the selection moves on. */
static void
follow_position (HsInspector *self)
{
  HsTrace *trace = self->session != NULL ? hs_session_get_trace (self->session) : NULL;
  guint step = trace != NULL ? hs_session_get_current_step (self->session) : HS_TRACE_NONE;
  guint read_step = HS_TRACE_NONE;

  if (trace != NULL && step != HS_TRACE_NONE && step < hs_trace_get_n_steps (trace))
    {
      const HsTraceStep *s = hs_trace_get_step (trace, step);

      if (s->kind == HS_STEP_APP_NOTIFY && s->detail == HS_NOTIFY_DATA && s->value > 0)
        read_step = step;
    }
  if (read_step == self->read_step)
    return;
  self->read_step = read_step;
  update (self);
}

static gboolean
position_idle_cb (gpointer data)
{
  HsInspector *self = data;

  self->position_idle = 0;
  follow_position (self);
  return G_SOURCE_REMOVE;
}

/* The playhead can move while the window lays itself out (a lesson opened
 * at a remembered step): the page is changed between frames, not in one,
 * where the new page would be drawn before it had a size. */
static void
position_changed_cb (HsInspector *self)
{
  if (self->position_idle == 0)
    self->position_idle = g_idle_add (position_idle_cb, self);
}

static void
selection_changed_cb (HsInspector *self)
{
  self->read_step = HS_TRACE_NONE;
  update (self);
}

static void
hs_inspector_init (HsInspector *self)
{
  self->read_step = HS_TRACE_NONE;
  self->segment = HS_TRACE_NONE;
  self->field = G_MAXUINT;

  gtk_widget_init_template (GTK_WIDGET (self));
  fill_tcb_grid (self, 0);
  fill_tcb_grid (self, 1);

  /* connected once; set_session() only moves the group to another session */
  self->session_signals = g_signal_group_new (HS_TYPE_SESSION);
  g_signal_group_connect_swapped (self->session_signals, "notify::trace", G_CALLBACK (selection_changed_cb), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::selected-segment", G_CALLBACK (selection_changed_cb), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::position", G_CALLBACK (position_changed_cb), self);
}

/* ------------------------------------------------------------------ */
/* Public API                                                          */

GtkWidget *
hs_inspector_new (void)
{
  return g_object_new (HS_TYPE_INSPECTOR, NULL);
}

HsSession *
hs_inspector_get_session (HsInspector *self)
{
  g_return_val_if_fail (HS_IS_INSPECTOR (self), NULL);
  return self->session;
}

void
hs_inspector_set_session (HsInspector *self,
                          HsSession   *session)
{
  g_return_if_fail (HS_IS_INSPECTOR (self));
  g_return_if_fail (session == NULL || HS_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;
  g_signal_group_set_target (self->session_signals, session);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

gboolean
hs_inspector_get_absolute (HsInspector *self)
{
  g_return_val_if_fail (HS_IS_INSPECTOR (self), FALSE);
  return self->absolute;
}

void
hs_inspector_set_absolute (HsInspector *self,
                           gboolean     absolute)
{
  g_return_if_fail (HS_IS_INSPECTOR (self));

  absolute = !!absolute;
  if (absolute == self->absolute)
    return;
  self->absolute = absolute;
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ABSOLUTE]);
}

const char *
hs_inspector_get_tcb_text (HsInspector    *self,
                           guint           which,
                           HsInspectorTcb  row,
                           gboolean        after)
{
  g_return_val_if_fail (HS_IS_INSPECTOR (self), NULL);
  g_return_val_if_fail (which < 2, NULL);
  g_return_val_if_fail (row < N_TCB_ROWS, NULL);

  return gtk_label_get_text (GTK_LABEL (self->tcb_cells[which][row][after ? 1 : 0]));
}

guint
hs_inspector_get_segment (HsInspector *self)
{
  g_return_val_if_fail (HS_IS_INSPECTOR (self), HS_TRACE_NONE);
  return self->segment;
}

GBytes *
hs_inspector_get_bytes (HsInspector *self)
{
  g_return_val_if_fail (HS_IS_INSPECTOR (self), NULL);
  return self->bytes;
}

const char *
hs_inspector_get_cookie_text (HsInspector *self)
{
  g_return_val_if_fail (HS_IS_INSPECTOR (self), NULL);
  return self->cookie;
}

void
hs_inspector_select_field (HsInspector *self,
                           guint        field)
{
  g_return_if_fail (HS_IS_INSPECTOR (self));

  self->field = field < N_FIELDS ? field : G_MAXUINT;
  if (field < N_FIELDS)
    gtk_list_box_select_row (GTK_LIST_BOX (self->fields), GTK_LIST_BOX_ROW (self->field_rows[field]));
  update_hex (self);
}

const char *
hs_inspector_get_read_text (HsInspector *self)
{
  g_return_val_if_fail (HS_IS_INSPECTOR (self), NULL);

  if (self->read_step == HS_TRACE_NONE ||
      g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (self->stack)), "read") != 0)
    return NULL;
  return gtk_label_get_text (GTK_LABEL (self->read_text));
}
