/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-diagram-style.c: the four named looks of the sequence diagram. */

#define G_LOG_DOMAIN "hs-diagram-style"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "hs-diagram-enums.h"
#include "hs-diagram-style.h"

G_DEFINE_BOXED_TYPE (HsDiagramStyle, hs_diagram_style,
                     hs_diagram_style_copy, hs_diagram_style_free)

static HsDiagramColor
rgb (guint32 hex)
{
  HsDiagramColor c = {
    ((hex >> 16) & 0xff) / 255.0,
    ((hex >> 8) & 0xff) / 255.0,
    (hex & 0xff) / 255.0,
    1.0,
  };

  return c;
}

static HsDiagramColor
rgba (guint32 hex,
      double  alpha)
{
  HsDiagramColor c = rgb (hex);

  c.alpha = alpha;
  return c;
}

static void
set_kind (HsDiagramStyle *style,
          HsDiagramKind   kind,
          guint32         color,
          double          width,
          HsDiagramHead   head,
          HsDiagramTail   tail)
{
  style->kinds[kind].color = rgb (color);
  style->kinds[kind].line_width = width;
  style->kinds[kind].head = head;
  style->kinds[kind].tail = tail;
}

static void
set_connections (HsDiagramStyle *style,
                 const guint32  *colors)
{
  for (guint i = 0; i < HS_DIAGRAM_N_CONNECTION_COLORS; i++)
    style->connections[i] = rgb (colors[i]);
}

const HsDiagramColor *
hs_diagram_style_connection_color (const HsDiagramStyle *style,
                                   guint                 connection)
{
  g_return_val_if_fail (style != NULL, NULL);

  return &style->connections[connection % HS_DIAGRAM_N_CONNECTION_COLORS];
}

static void
set_band (HsDiagramStyle *style,
          HsDiagramBand   band,
          HsDiagramColor  fill,
          guint32         text,
          gboolean        hatched)
{
  style->bands[band].fill = fill;
  style->bands[band].text = rgb (text);
  style->bands[band].hatched = hatched;
}

static void
set_fonts (HsDiagramStyle *style,
           double          factor)
{
#define FONT(field, desc, size) \
  G_STMT_START { \
    style->field = pango_font_description_from_string (desc); \
    pango_font_description_set_absolute_size (style->field, (size) * factor * PANGO_SCALE); \
  } G_STMT_END

  /* Absolute pixel sizes, so the layout does not depend on a resolution. */
  FONT (title_font,   "Sans Bold",   26.0);
  FONT (header_font,  "Sans Bold",   17.0);
  FONT (address_font, "Sans",        13.0);
  FONT (flags_font,   "Sans Bold",   15.0);
  FONT (label_font,   "Sans",        13.0);
  FONT (tag_font,     "Sans Italic", 12.5);
  FONT (badge_font,   "Sans Bold",   11.0);
  FONT (state_font,   "Sans Bold",   12.0);
  FONT (note_font,    "Sans",        12.0);
  FONT (text_font,    "Sans",        13.0);

#undef FONT
}

static void
set_sizes (HsDiagramStyle *style,
           double          factor)
{
  style->lane_width = 1.5 * factor;
  style->band_width = 10.0 * factor;
  style->head_length = 13.0 * factor;
  style->head_width = 9.0 * factor;
  style->lost_cross = 7.0 * factor;
  style->dash_on = 9.0 * factor;
  style->dash_off = 6.0 * factor;
  style->margin = 24.0 * factor;
  style->label_gap = 4.0 * factor;
  style->label_pad = 14.0 * factor;
  style->spacing = 4.0 * factor;
  style->row_height = 14.0 * factor;
}

HsDiagramStyle *
hs_diagram_style_new (HsDiagramStyleKind kind)
{
  HsDiagramStyle *style;
  double f = 1.0;

  g_return_val_if_fail ((guint) kind < HS_DIAGRAM_N_STYLES, NULL);

  style = g_new0 (HsDiagramStyle, 1);
  style->kind = kind;

  switch (kind)
    {
    case HS_DIAGRAM_STYLE_LIGHT:
      /* The GNOME palette, darker shades so thin lines hold on white. */
      style->background = rgb (0xffffff);
      style->text = rgb (0x241f31);
      style->muted = rgb (0x5e5c64);
      style->lane = rgb (0x9a9996);
      style->header_fill = rgb (0xf6f5f4);
      style->header_border = rgb (0x9a9996);
      style->note_fill = rgb (0xfdf6d8);
      style->note_border = rgb (0xd5b957);
      style->note_text = rgb (0x3d3846);
      style->timer = rgb (0xa05a00);
      style->lost = rgb (0xc01c28);
      style->tag = rgb (0xb04a00);
      style->badge_fill = rgb (0x5e5c64);
      style->badge_text = rgb (0xffffff);
      style->label_halo = rgba (0xffffff, 0.85);
      set_kind (style, HS_DIAGRAM_KIND_SYN,  0x1a5fb4, 2.0, HS_DIAGRAM_HEAD_FILLED, HS_DIAGRAM_TAIL_DOT);
      set_kind (style, HS_DIAGRAM_KIND_FIN,  0x813d9c, 2.0, HS_DIAGRAM_HEAD_HOLLOW, HS_DIAGRAM_TAIL_RING);
      set_kind (style, HS_DIAGRAM_KIND_RST,  0xc01c28, 2.5, HS_DIAGRAM_HEAD_BAR,    HS_DIAGRAM_TAIL_NONE);
      set_kind (style, HS_DIAGRAM_KIND_DATA, 0x26a269, 3.0, HS_DIAGRAM_HEAD_FILLED, HS_DIAGRAM_TAIL_NONE);
      set_kind (style, HS_DIAGRAM_KIND_ACK,  0x5e5c64, 1.5, HS_DIAGRAM_HEAD_OPEN,   HS_DIAGRAM_TAIL_NONE);
      set_band (style, HS_DIAGRAM_BAND_LISTEN,      rgb (0xc0bfbc), 0x5e5c64, FALSE);
      set_band (style, HS_DIAGRAM_BAND_OPENING,     rgb (0x99c1f1), 0x1a5fb4, FALSE);
      set_band (style, HS_DIAGRAM_BAND_ESTABLISHED, rgb (0x8ff0a4), 0x26753f, FALSE);
      set_band (style, HS_DIAGRAM_BAND_CLOSING,     rgb (0xdc8add), 0x813d9c, FALSE);
      set_band (style, HS_DIAGRAM_BAND_TIME_WAIT,   rgb (0xffbe6f), 0xa05a00, TRUE);
      set_band (style, HS_DIAGRAM_BAND_NONE,        rgba (0, 0), 0x5e5c64, FALSE);
      set_connections (style, (const guint32[]) { 0x1a5fb4, 0xc64600, 0x26753f, 0x813d9c, 0xa51d2d, 0x0e6e78, 0x865e3c, 0x3d3846 });
      break;

    case HS_DIAGRAM_STYLE_DARK:
      style->background = rgb (0x1e1e1e);
      style->text = rgb (0xf6f5f4);
      style->muted = rgb (0xb5b3b0);
      style->lane = rgb (0x77767b);
      style->header_fill = rgb (0x303030);
      style->header_border = rgb (0x5e5c64);
      style->note_fill = rgb (0x3d3623);
      style->note_border = rgb (0x8a7a3a);
      style->note_text = rgb (0xf6f5f4);
      style->timer = rgb (0xffa348);
      style->lost = rgb (0xff7b63);
      style->tag = rgb (0xffa348);
      style->badge_fill = rgb (0xc0bfbc);
      style->badge_text = rgb (0x1e1e1e);
      style->label_halo = rgba (0x1e1e1e, 0.85);
      set_kind (style, HS_DIAGRAM_KIND_SYN,  0x62a0ea, 2.0, HS_DIAGRAM_HEAD_FILLED, HS_DIAGRAM_TAIL_DOT);
      set_kind (style, HS_DIAGRAM_KIND_FIN,  0xdc8add, 2.0, HS_DIAGRAM_HEAD_HOLLOW, HS_DIAGRAM_TAIL_RING);
      set_kind (style, HS_DIAGRAM_KIND_RST,  0xff7b63, 2.5, HS_DIAGRAM_HEAD_BAR,    HS_DIAGRAM_TAIL_NONE);
      set_kind (style, HS_DIAGRAM_KIND_DATA, 0x57e389, 3.0, HS_DIAGRAM_HEAD_FILLED, HS_DIAGRAM_TAIL_NONE);
      set_kind (style, HS_DIAGRAM_KIND_ACK,  0xc0bfbc, 1.5, HS_DIAGRAM_HEAD_OPEN,   HS_DIAGRAM_TAIL_NONE);
      set_band (style, HS_DIAGRAM_BAND_LISTEN,      rgb (0x5e5c64), 0xc0bfbc, FALSE);
      set_band (style, HS_DIAGRAM_BAND_OPENING,     rgb (0x1c71d8), 0x99c1f1, FALSE);
      set_band (style, HS_DIAGRAM_BAND_ESTABLISHED, rgb (0x26a269), 0x8ff0a4, FALSE);
      set_band (style, HS_DIAGRAM_BAND_CLOSING,     rgb (0x9141ac), 0xdc8add, FALSE);
      set_band (style, HS_DIAGRAM_BAND_TIME_WAIT,   rgb (0xc64600), 0xffbe6f, TRUE);
      set_band (style, HS_DIAGRAM_BAND_NONE,        rgba (0, 0), 0xb5b3b0, FALSE);
      set_connections (style, (const guint32[]) { 0x62a0ea, 0xffa348, 0x57e389, 0xdc8add, 0xff7b63, 0x5bc8d1, 0xcdab8f, 0xdeddda });
      break;

    case HS_DIAGRAM_STYLE_HIGH_CONTRAST:
      /* For projectors: white ground, near-black ink, saturated dark
       * colours, everything thicker and larger. */
      f = 1.4;
      style->background = rgb (0xffffff);
      style->text = rgb (0x000000);
      style->muted = rgb (0x241f31);
      style->lane = rgb (0x000000);
      style->header_fill = rgb (0xffffff);
      style->header_border = rgb (0x000000);
      style->note_fill = rgb (0xfff7c2);
      style->note_border = rgb (0x000000);
      style->note_text = rgb (0x000000);
      style->timer = rgb (0x000000);
      style->lost = rgb (0xa51d2d);
      style->tag = rgb (0x8a3200);
      style->badge_fill = rgb (0x000000);
      style->badge_text = rgb (0xffffff);
      style->label_halo = rgba (0xffffff, 0.92);
      set_kind (style, HS_DIAGRAM_KIND_SYN,  0x0b3f8f, 3.0, HS_DIAGRAM_HEAD_FILLED, HS_DIAGRAM_TAIL_DOT);
      set_kind (style, HS_DIAGRAM_KIND_FIN,  0x5c1a78, 3.0, HS_DIAGRAM_HEAD_HOLLOW, HS_DIAGRAM_TAIL_RING);
      set_kind (style, HS_DIAGRAM_KIND_RST,  0xa51d2d, 3.5, HS_DIAGRAM_HEAD_BAR,    HS_DIAGRAM_TAIL_NONE);
      set_kind (style, HS_DIAGRAM_KIND_DATA, 0x0f6b33, 4.5, HS_DIAGRAM_HEAD_FILLED, HS_DIAGRAM_TAIL_NONE);
      set_kind (style, HS_DIAGRAM_KIND_ACK,  0x000000, 2.2, HS_DIAGRAM_HEAD_OPEN,   HS_DIAGRAM_TAIL_NONE);
      set_band (style, HS_DIAGRAM_BAND_LISTEN,      rgb (0x9a9996), 0x000000, FALSE);
      set_band (style, HS_DIAGRAM_BAND_OPENING,     rgb (0x3584e4), 0x0b3f8f, FALSE);
      set_band (style, HS_DIAGRAM_BAND_ESTABLISHED, rgb (0x2ec27e), 0x0f6b33, FALSE);
      set_band (style, HS_DIAGRAM_BAND_CLOSING,     rgb (0x9141ac), 0x5c1a78, FALSE);
      set_band (style, HS_DIAGRAM_BAND_TIME_WAIT,   rgb (0xe66100), 0x8a3200, TRUE);
      set_band (style, HS_DIAGRAM_BAND_NONE,        rgba (0, 0), 0x000000, FALSE);
      set_connections (style, (const guint32[]) { 0x0b3f8f, 0x8a3200, 0x0f6b33, 0x5c1a78, 0xa51d2d, 0x005f66, 0x63452c, 0x000000 });
      break;

    case HS_DIAGRAM_STYLE_PRINT:
      /* Kinds are told apart by width, heads and tails; bands by grey
       * level and hatching, so a black-and-white copy loses nothing. */
      style->background = rgb (0xffffff);
      style->text = rgb (0x000000);
      style->muted = rgb (0x444444);
      style->lane = rgb (0x555555);
      style->header_fill = rgb (0xffffff);
      style->header_border = rgb (0x000000);
      style->note_fill = rgb (0xffffff);
      style->note_border = rgb (0x555555);
      style->note_text = rgb (0x000000);
      style->timer = rgb (0x000000);
      style->lost = rgb (0x000000);
      style->tag = rgb (0x000000);
      style->badge_fill = rgb (0x000000);
      style->badge_text = rgb (0xffffff);
      style->label_halo = rgba (0xffffff, 0.9);
      set_kind (style, HS_DIAGRAM_KIND_SYN,  0x000000, 2.0, HS_DIAGRAM_HEAD_FILLED, HS_DIAGRAM_TAIL_DOT);
      set_kind (style, HS_DIAGRAM_KIND_FIN,  0x000000, 2.0, HS_DIAGRAM_HEAD_HOLLOW, HS_DIAGRAM_TAIL_RING);
      set_kind (style, HS_DIAGRAM_KIND_RST,  0x000000, 2.5, HS_DIAGRAM_HEAD_BAR,    HS_DIAGRAM_TAIL_NONE);
      set_kind (style, HS_DIAGRAM_KIND_DATA, 0x000000, 3.2, HS_DIAGRAM_HEAD_FILLED, HS_DIAGRAM_TAIL_NONE);
      set_kind (style, HS_DIAGRAM_KIND_ACK,  0x555555, 1.3, HS_DIAGRAM_HEAD_OPEN,   HS_DIAGRAM_TAIL_NONE);
      set_band (style, HS_DIAGRAM_BAND_LISTEN,      rgb (0xe6e6e6), 0x444444, FALSE);
      set_band (style, HS_DIAGRAM_BAND_OPENING,     rgb (0xcccccc), 0x000000, TRUE);
      set_band (style, HS_DIAGRAM_BAND_ESTABLISHED, rgb (0x8c8c8c), 0x000000, FALSE);
      set_band (style, HS_DIAGRAM_BAND_CLOSING,     rgb (0xc8c8c8), 0x000000, FALSE);
      set_band (style, HS_DIAGRAM_BAND_TIME_WAIT,   rgb (0xffffff), 0x000000, TRUE);
      set_band (style, HS_DIAGRAM_BAND_NONE,        rgba (0, 0), 0x444444, FALSE);
      /* three grey levels first, which a grey copy keeps apart */
      set_connections (style, (const guint32[]) { 0x000000, 0x5a5a5a, 0x8c8c8c, 0x1a5fb4, 0xa51d2d, 0x26753f, 0x813d9c, 0x865e3c });
      break;

    case HS_DIAGRAM_N_STYLES:
    default:
      g_assert_not_reached ();
    }

  set_fonts (style, f);
  set_sizes (style, f);

  if (kind == HS_DIAGRAM_STYLE_HIGH_CONTRAST)
    style->lane_width = 2.5;

  return style;
}

HsDiagramStyle *
hs_diagram_style_copy (const HsDiagramStyle *style)
{
  HsDiagramStyle *copy;

  g_return_val_if_fail (style != NULL, NULL);

  copy = g_memdup2 (style, sizeof *style);
  copy->title_font = pango_font_description_copy (style->title_font);
  copy->header_font = pango_font_description_copy (style->header_font);
  copy->address_font = pango_font_description_copy (style->address_font);
  copy->flags_font = pango_font_description_copy (style->flags_font);
  copy->label_font = pango_font_description_copy (style->label_font);
  copy->tag_font = pango_font_description_copy (style->tag_font);
  copy->badge_font = pango_font_description_copy (style->badge_font);
  copy->state_font = pango_font_description_copy (style->state_font);
  copy->note_font = pango_font_description_copy (style->note_font);
  copy->text_font = pango_font_description_copy (style->text_font);

  return copy;
}

void
hs_diagram_style_free (HsDiagramStyle *style)
{
  if (style == NULL)
    return;

  g_clear_pointer (&style->title_font, pango_font_description_free);
  g_clear_pointer (&style->header_font, pango_font_description_free);
  g_clear_pointer (&style->address_font, pango_font_description_free);
  g_clear_pointer (&style->flags_font, pango_font_description_free);
  g_clear_pointer (&style->label_font, pango_font_description_free);
  g_clear_pointer (&style->tag_font, pango_font_description_free);
  g_clear_pointer (&style->badge_font, pango_font_description_free);
  g_clear_pointer (&style->state_font, pango_font_description_free);
  g_clear_pointer (&style->note_font, pango_font_description_free);
  g_clear_pointer (&style->text_font, pango_font_description_free);
  g_free (style);
}

static GEnumClass *
style_kind_class (void)
{
  static GEnumClass *klass;

  if (g_once_init_enter (&klass))
    g_once_init_leave (&klass, g_type_class_ref (HS_TYPE_DIAGRAM_STYLE_KIND));
  return klass;
}

/* The names are the nicks of the generated GType (hs-diagram-enums.h). */
const char *
hs_diagram_style_kind_to_string (HsDiagramStyleKind kind)
{
  g_return_val_if_fail ((guint) kind < HS_DIAGRAM_N_STYLES, NULL);

  return g_enum_get_value (style_kind_class (), kind)->value_nick;
}

gboolean
hs_diagram_style_kind_from_string (const char         *str,
                                   HsDiagramStyleKind *kind)
{
  g_autofree char *nick = NULL;
  GEnumValue *value;

  g_return_val_if_fail (str != NULL, FALSE);

  /* any case, and '_' for '-' ("high_contrast") */
  nick = g_ascii_strdown (str, -1);
  g_strdelimit (nick, "_", '-');

  value = g_enum_get_value_by_nick (style_kind_class (), nick);
  if (value == NULL)
    return FALSE;

  if (kind != NULL)
    *kind = (HsDiagramStyleKind) value->value;
  return TRUE;
}

HsDiagramKind
hs_diagram_kind_for_flags (guint8  flags,
                           guint32 len)
{
  if (flags & HS_TCP_RST)
    return HS_DIAGRAM_KIND_RST;
  if (flags & HS_TCP_SYN)
    return HS_DIAGRAM_KIND_SYN;
  if (flags & HS_TCP_FIN)
    return HS_DIAGRAM_KIND_FIN;
  if (len > 0)
    return HS_DIAGRAM_KIND_DATA;
  return HS_DIAGRAM_KIND_ACK;
}

HsDiagramBand
hs_diagram_band_for_state (HsState state)
{
  switch (state)
    {
    case HS_STATE_LISTEN:
      return HS_DIAGRAM_BAND_LISTEN;
    case HS_STATE_SYN_SENT:
    case HS_STATE_SYN_RECEIVED:
      return HS_DIAGRAM_BAND_OPENING;
    case HS_STATE_ESTABLISHED:
      return HS_DIAGRAM_BAND_ESTABLISHED;
    case HS_STATE_FIN_WAIT_1:
    case HS_STATE_FIN_WAIT_2:
    case HS_STATE_CLOSE_WAIT:
    case HS_STATE_CLOSING:
    case HS_STATE_LAST_ACK:
      return HS_DIAGRAM_BAND_CLOSING;
    case HS_STATE_TIME_WAIT:
      return HS_DIAGRAM_BAND_TIME_WAIT;
    case HS_STATE_CLOSED:
    case HS_N_STATES:
    default:
      return HS_DIAGRAM_BAND_NONE;
    }
}

const char *
hs_diagram_kind_get_label (HsDiagramKind kind)
{
  switch (kind)
    {
    case HS_DIAGRAM_KIND_SYN:
      return "SYN";
    case HS_DIAGRAM_KIND_FIN:
      return "FIN";
    case HS_DIAGRAM_KIND_RST:
      return "RST";
    case HS_DIAGRAM_KIND_DATA:
      /* Translators: the legend entry for segments that carry a payload */
      return _("Data");
    case HS_DIAGRAM_KIND_ACK:
      /* Translators: the legend entry for segments that only acknowledge */
      return _("Pure ACK");
    case HS_DIAGRAM_N_KINDS:
    default:
      g_return_val_if_reached (NULL);
    }
}
