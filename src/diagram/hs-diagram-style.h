/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-diagram-style.h: the named looks of the sequence diagram (light, dark,
 * high contrast, print): colors, line and head styles, fonts and sizes. */

#pragma once

#include <glib-object.h>
#include <pango/pango.h>

#include "hs-types.h"

G_BEGIN_DECLS

typedef enum
{
  HS_DIAGRAM_STYLE_LIGHT,
  HS_DIAGRAM_STYLE_DARK,
  HS_DIAGRAM_STYLE_HIGH_CONTRAST,   /* thick lines, large type: projectors */
  HS_DIAGRAM_STYLE_PRINT,           /* white, distinguishable in grayscale */
  HS_DIAGRAM_N_STYLES /*< skip >*/
} HsDiagramStyleKind;

/* What a segment is, for its color and its line: the first that applies of
 * RST, SYN, FIN, data (a payload), pure ACK. */
typedef enum
{
  HS_DIAGRAM_KIND_SYN,
  HS_DIAGRAM_KIND_FIN,
  HS_DIAGRAM_KIND_RST,
  HS_DIAGRAM_KIND_DATA,
  HS_DIAGRAM_KIND_ACK,
  HS_DIAGRAM_N_KINDS /*< skip >*/
} HsDiagramKind;

typedef enum
{
  HS_DIAGRAM_HEAD_FILLED,    /* solid triangle */
  HS_DIAGRAM_HEAD_HOLLOW,    /* outlined triangle */
  HS_DIAGRAM_HEAD_OPEN,      /* two strokes, a "V" */
  HS_DIAGRAM_HEAD_BAR,       /* solid triangle with a stop bar across the tip */
} HsDiagramHead;

typedef enum
{
  HS_DIAGRAM_TAIL_NONE,
  HS_DIAGRAM_TAIL_DOT,       /* a filled circle where the segment leaves */
  HS_DIAGRAM_TAIL_RING,      /* an open circle */
} HsDiagramTail;

/* Where a state band's colour comes from: states that open, the
 * established state, states that close, TIME-WAIT, LISTEN. CLOSED has no
 * band. */
typedef enum
{
  HS_DIAGRAM_BAND_NONE,
  HS_DIAGRAM_BAND_LISTEN,
  HS_DIAGRAM_BAND_OPENING,
  HS_DIAGRAM_BAND_ESTABLISHED,
  HS_DIAGRAM_BAND_CLOSING,
  HS_DIAGRAM_BAND_TIME_WAIT,
  HS_DIAGRAM_N_BANDS /*< skip >*/
} HsDiagramBand;

typedef struct
{
  double red, green, blue, alpha;
} HsDiagramColor;

typedef struct
{
  HsDiagramColor color;
  double         line_width;   /* in px at scale 1 */
  HsDiagramHead  head;
  HsDiagramTail  tail;
} HsDiagramKindStyle;

/* Colours that tell the connections of one diagram apart, taken in turn. */
#define HS_DIAGRAM_N_CONNECTION_COLORS 8

typedef struct
{
  HsDiagramColor fill;
  HsDiagramColor text;      /* the state name beside the band */
  gboolean       hatched;   /* diagonal hatching over the fill (grayscale) */
} HsDiagramBandStyle;

/* A plain struct: read its fields freely, copy it with
 * hs_diagram_style_copy(). Sizes are in pixels at scale 1; fonts are Pango
 * descriptions with "Sans" families, so fontconfig falls back to CJK fonts. */
typedef struct
{
  HsDiagramStyleKind    kind;

  HsDiagramColor        background;
  HsDiagramColor        text;            /* labels, headers */
  HsDiagramColor        muted;           /* addresses, axis, secondary text */
  HsDiagramColor        lane;            /* the lane's vertical line */
  HsDiagramColor        header_fill;     /* the box that heads each lane */
  HsDiagramColor        header_border;
  HsDiagramColor        note_fill;       /* application calls, timers */
  HsDiagramColor        note_border;
  HsDiagramColor        note_text;
  HsDiagramColor        timer;           /* the small clock of a timer note */
  HsDiagramColor        lost;            /* the cross of a lost segment, "Lost" */
  HsDiagramColor        tag;             /* "Retransmission", "Duplicate ACK", ... */
  HsDiagramColor        badge_fill;      /* the step number */
  HsDiagramColor        badge_text;
  HsDiagramColor        label_halo;      /* behind label text */

  HsDiagramKindStyle    kinds[HS_DIAGRAM_N_KINDS];
  HsDiagramBandStyle    bands[HS_DIAGRAM_N_BANDS];
  /* Several connections on one diagram: each one's arrows and its entry
   * in the legend; readable as lines and text on the background. */
  HsDiagramColor        connections[HS_DIAGRAM_N_CONNECTION_COLORS];

  PangoFontDescription *title_font;
  PangoFontDescription *header_font;     /* endpoint name */
  PangoFontDescription *address_font;    /* address:port under it */
  PangoFontDescription *flags_font;      /* "SYN, ACK": bold, prominent */
  PangoFontDescription *label_font;      /* "seq=0 ack=1 win=65535 len=0" */
  PangoFontDescription *tag_font;        /* "Retransmission", "Lost" */
  PangoFontDescription *badge_font;      /* step numbers */
  PangoFontDescription *state_font;      /* state names beside the lanes */
  PangoFontDescription *note_font;       /* notes, axis ticks, legend */
  PangoFontDescription *text_font;       /* the step list */

  double                lane_width;      /* the lane's line */
  double                band_width;      /* a state band, centred on the lane */
  double                head_length;     /* arrowheads */
  double                head_width;
  double                lost_cross;      /* half the size of the loss cross */
  double                dash_on, dash_off;  /* a lost segment's dashes */
  double                margin;          /* around the whole diagram */
  double                label_gap;       /* between a label and its arrow */
  double                label_pad;       /* between a label and a lane */
  double                spacing;         /* between labels that must not touch */
  double                row_height;      /* one event row in event-ordered mode */
} HsDiagramStyle;

#define HS_TYPE_DIAGRAM_STYLE (hs_diagram_style_get_type ())

GType               hs_diagram_style_get_type        (void) G_GNUC_CONST;

/* A new copy of the named style; free with hs_diagram_style_free(). */
HsDiagramStyle     *hs_diagram_style_new             (HsDiagramStyleKind  kind);
HsDiagramStyle     *hs_diagram_style_copy            (const HsDiagramStyle *style);
void                hs_diagram_style_free            (HsDiagramStyle     *style);

/* "light", "dark", "high-contrast", "print" (as the command line spells
 * them); from_string accepts any case and '_' for '-'. */
const char         *hs_diagram_style_kind_to_string   (HsDiagramStyleKind  kind);
gboolean            hs_diagram_style_kind_from_string (const char         *str,
                                                       HsDiagramStyleKind *kind);

HsDiagramKind       hs_diagram_kind_for_flags        (guint8              flags,
                                                      guint32             len);
HsDiagramBand       hs_diagram_band_for_state        (HsState             state);

/* The colour of connection @connection (from 0), the palette taken in turn. */
const HsDiagramColor *hs_diagram_style_connection_color (const HsDiagramStyle *style,
                                                        guint                 connection);

/* The legend's word for a kind ("SYN", "Data", "Pure ACK"), translated. */
const char         *hs_diagram_kind_get_label        (HsDiagramKind       kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HsDiagramStyle, hs_diagram_style_free)

G_END_DECLS
