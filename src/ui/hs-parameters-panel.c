/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-parameters-panel.c: lesson parameters as rows; every change is one
 * hs_session_set_parameters() call, which simulates again. */

#define G_LOG_DOMAIN "hs-parameters-panel"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "hs-engine-enums.h"
#include "hs-parameters-panel.h"
#include "hs-settings-types.h"
#include "hs-ui.h"

static const struct {
  const char *value;     /* as a lesson writes it */
  guint64     bits;      /* per second */
  const char *label;
} bandwidths[] = {
  { "unlimited", 0,          N_("Unlimited") },
  { "100Mbit",   100000000,  N_("100 Mbit/s") },
  { "10Mbit",    10000000,   N_("10 Mbit/s") },
  { "1Mbit",     1000000,    N_("1 Mbit/s") },
  { "256kbit",   256000,     N_("256 kbit/s") },
  { "56kbit",    56000,      N_("56 kbit/s") },
};

typedef enum
{
  FEATURE_NAGLE,
  FEATURE_DELAYED_ACK,
  FEATURE_SACK,
  FEATURE_TIMESTAMPS,
  N_FEATURES
} Feature;

static const char * const feature_keys[N_FEATURES] = {
  [FEATURE_NAGLE] = "nagle",
  [FEATURE_DELAYED_ACK] = "delayedack",
  [FEATURE_SACK] = "sack",
  [FEATURE_TIMESTAMPS] = "timestamps",
};

struct _HsParametersPanel
{
  GtkWidget     parent_instance;

  /* owned */
  HsSession    *session;
  GSignalGroup *session_signals;   /* on whatever session is set */
  GBindingGroup *session_bindings; /* likewise */

  /* template children */
  GtkWidget    *page;
  GtkWidget    *isn_spin[2];
  GtkWidget    *isn_random[2];
  GtkWidget    *mss_spin[2];
  GtkWidget    *buffer_spin[2];
  GtkWidget    *delay_spin;
  GtkWidget    *bandwidth_row;
  GtkWidget    *loss_spin;
  GtkWidget    *seed_spin;
  GtkWidget    *profile_row;
  GtkWidget    *feature_switches[N_FEATURES];
  GtkWidget    *reset_button;

  /* plain state */
  gboolean      updating;
};

G_DEFINE_FINAL_TYPE (HsParametersPanel, hs_parameters_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  ERROR,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const endpoint_groups[2] = { "client", "server" };

/* The template's names of the children kept in arrays. */
static const char * const feature_ids[N_FEATURES] = {
  [FEATURE_NAGLE] = "nagle_switch",
  [FEATURE_DELAYED_ACK] = "delayed_ack_switch",
  [FEATURE_SACK] = "sack_switch",
  [FEATURE_TIMESTAMPS] = "timestamps_switch",
};

/* ------------------------------------------------------------------ */
/* From the scenario to the rows                                       */

static void
update (HsParametersPanel *self)
{
  HsScenario *scenario = self->session != NULL ? hs_session_get_scenario (self->session) : NULL;
  HsTrace *trace = self->session != NULL ? hs_session_get_trace (self->session) : NULL;
  const HsPathConfig *path;
  guint bw = 0;

  gtk_widget_set_sensitive (self->page, scenario != NULL);
  if (scenario == NULL)
    return;

  self->updating = TRUE;
  for (guint e = 0; e < 2; e++)
    {
      const HsEndpointConfig *c = hs_scenario_get_endpoint (scenario, e);
      guint32 isn = c->isn;

      /* a random ISN shows the number the seed chose */
      if (c->isn_random && trace != NULL && e < hs_trace_get_n_endpoints (trace) &&
          hs_trace_get_endpoint (trace, e)->has_isn)
        isn = hs_trace_get_endpoint (trace, e)->isn;
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->isn_spin[e]), isn);
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->isn_random[e]), c->isn_random);
      gtk_widget_set_sensitive (self->isn_spin[e], !c->isn_random);
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->mss_spin[e]), c->mss);
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->buffer_spin[e]), c->receive_buffer);
    }

  path = hs_scenario_get_path (scenario, 0);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->delay_spin), path->delay / 1000.0);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->loss_spin), path->loss * 100.0);
  for (guint i = 0; i < G_N_ELEMENTS (bandwidths); i++)
    if (bandwidths[i].bits == path->bandwidth)
      bw = i;
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->bandwidth_row), bw);
  if (bandwidths[bw].bits != path->bandwidth)
    {
      g_autofree char *lesson = g_strdup_printf (_("The lesson’s rate: %.3g Mbit/s"), path->bandwidth / 1e6);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->bandwidth_row), lesson);
    }
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->bandwidth_row), _("Each segment takes time to send"));

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->seed_spin), (double) hs_scenario_get_seed (scenario));
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->profile_row),
                              adw_enum_list_model_find_position (ADW_ENUM_LIST_MODEL (adw_combo_row_get_model (ADW_COMBO_ROW (self->profile_row))),
                                                                 hs_scenario_get_profile (scenario)));

  for (guint f = 0; f < N_FEATURES; f++)
    {
      const HsEndpointConfig *c = hs_scenario_get_endpoint (scenario, 0);
      gboolean on = f == FEATURE_NAGLE ? c->nagle
                  : f == FEATURE_DELAYED_ACK ? c->delayed_ack
                  : f == FEATURE_SACK ? c->sack : c->timestamps;

      gtk_switch_set_active (GTK_SWITCH (self->feature_switches[f]), on);
    }
  self->updating = FALSE;
}

/* A cancelled simulation puts the lesson back without a new trace: the
 * rows go back with it. */
static void
simulating_changed_cb (HsParametersPanel *self)
{
  if (!hs_session_get_simulating (self->session))
    update (self);
}

/* ------------------------------------------------------------------ */
/* From the rows to the session                                        */

static void
apply (HsParametersPanel  *self,
       const char * const *assignments)
{
  g_autoptr(GError) error = NULL;

  if (self->updating || self->session == NULL)
    return;
  if (!hs_session_set_parameters (self->session, assignments, &error))
    {
      g_signal_emit (self, signals[ERROR], 0, error->message);
      update (self);
    }
}

static void
apply1 (HsParametersPanel *self,
        const char        *assignment)
{
  const char *assignments[] = { assignment, NULL };

  apply (self, assignments);
}

/* Which endpoint's row @widget is in: 0 the client, 1 the server. */
static guint
endpoint_of (HsParametersPanel *self,
             GtkWidget         *widget)
{
  return widget == self->isn_spin[1] || widget == self->isn_random[1] ||
         widget == self->mss_spin[1] || widget == self->buffer_spin[1];
}

static void
isn_changed_cb (GtkWidget         *widget,
                HsParametersPanel *self)
{
  guint e = endpoint_of (self, widget);
  gboolean random = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->isn_random[e]));
  g_autofree char *assignment = NULL;

  if (self->updating)
    return;
  if (random)
    assignment = g_strdup_printf ("%s.isn=random", endpoint_groups[e]);
  else
    assignment = g_strdup_printf ("%s.isn=%.0f", endpoint_groups[e],
                                  gtk_spin_button_get_value (GTK_SPIN_BUTTON (self->isn_spin[e])));
  apply1 (self, assignment);
}

static void
mss_changed_cb (GtkSpinButton     *spin,
                HsParametersPanel *self)
{
  g_autofree char *assignment = g_strdup_printf ("%s.mss=%d", endpoint_groups[endpoint_of (self, GTK_WIDGET (spin))],
                                                 gtk_spin_button_get_value_as_int (spin));
  apply1 (self, assignment);
}

static void
buffer_changed_cb (GtkSpinButton     *spin,
                   HsParametersPanel *self)
{
  g_autofree char *assignment = g_strdup_printf ("%s.receivebuffer=%.0f", endpoint_groups[endpoint_of (self, GTK_WIDGET (spin))],
                                                 gtk_spin_button_get_value (spin));
  apply1 (self, assignment);
}

static void
delay_changed_cb (GtkSpinButton     *spin,
                  HsParametersPanel *self)
{
  char value[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *assignment = NULL;

  /* a decimal point whatever the locale */
  g_ascii_formatd (value, sizeof value, "%.3f", gtk_spin_button_get_value (spin));
  assignment = g_strdup_printf ("network.delay=%sms", value);
  apply1 (self, assignment);
}

static void
loss_changed_cb (GtkSpinButton     *spin,
                 HsParametersPanel *self)
{
  char value[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *assignment = NULL;

  g_ascii_formatd (value, sizeof value, "%.2f", gtk_spin_button_get_value (spin));
  assignment = g_strdup_printf ("network.loss=%s%%", value);
  apply1 (self, assignment);
}

static void
bandwidth_changed_cb (AdwComboRow       *row,
                      GParamSpec        *pspec,
                      HsParametersPanel *self)
{
  guint i = adw_combo_row_get_selected (row);
  g_autofree char *assignment = NULL;

  if (i >= G_N_ELEMENTS (bandwidths))
    return;
  assignment = g_strdup_printf ("network.bandwidth=%s", bandwidths[i].value);
  apply1 (self, assignment);
}

static void
seed_changed_cb (GtkSpinButton     *spin,
                 HsParametersPanel *self)
{
  g_autofree char *assignment = g_strdup_printf ("lesson.seed=%.0f", gtk_spin_button_get_value (spin));

  apply1 (self, assignment);
}

/* The profiles are HsProfileKind's AdwEnumListModel, named for people. */
static char *
profile_label_cb (gpointer item,
                  int      value)
{
  return g_strdup (hs_settings_choice_label (HS_TYPE_PROFILE_KIND, value));
}

static void
profile_changed_cb (AdwComboRow       *row,
                    GParamSpec        *pspec,
                    HsParametersPanel *self)
{
  AdwEnumListItem *item = adw_combo_row_get_selected_item (row);
  g_autofree char *assignment = NULL;

  if (item == NULL)
    return;
  /* the nick is the profile's name in lesson files */
  assignment = g_strdup_printf ("lesson.profile=%s", adw_enum_list_item_get_nick (item));
  apply1 (self, assignment);
}

static void
feature_changed_cb (GtkSwitch         *sw,
                    GParamSpec        *pspec,
                    HsParametersPanel *self)
{
  const char *value = gtk_switch_get_active (sw) ? "true" : "false";
  g_autofree char *client = NULL;
  g_autofree char *server = NULL;
  Feature f = 0;

  while (f + 1 < N_FEATURES && self->feature_switches[f] != GTK_WIDGET (sw))
    f++;
  client = g_strdup_printf ("client.%s=%s", feature_keys[f], value);
  server = g_strdup_printf ("server.%s=%s", feature_keys[f], value);
  apply (self, (const char * const []) { client, server, NULL });
}

/* ------------------------------------------------------------------ */
/* GObject                                                             */

static void
hs_parameters_panel_dispose (GObject *object)
{
  HsParametersPanel *self = HS_PARAMETERS_PANEL (object);

  g_clear_object (&self->session_bindings);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), HS_TYPE_PARAMETERS_PANEL);

  G_OBJECT_CLASS (hs_parameters_panel_parent_class)->dispose (object);
}

static void
hs_parameters_panel_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  HsParametersPanel *self = HS_PARAMETERS_PANEL (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_parameters_panel_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  HsParametersPanel *self = HS_PARAMETERS_PANEL (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      hs_parameters_panel_set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_parameters_panel_class_init (HsParametersPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hs_parameters_panel_dispose;
  object_class->get_property = hs_parameters_panel_get_property;
  object_class->set_property = hs_parameters_panel_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, HS_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A change could not be made: the message says why, for a toast. */
  signals[ERROR] = g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  hs_ui_ensure_resources ();
  /* the template names it */
  g_type_ensure (HS_TYPE_PROFILE_KIND);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/handshake/Handshake/hs-parameters-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, HsParametersPanel, page);
  gtk_widget_class_bind_template_child_full (widget_class, "isn_spin_0", FALSE, G_STRUCT_OFFSET (HsParametersPanel, isn_spin[0]));
  gtk_widget_class_bind_template_child_full (widget_class, "isn_spin_1", FALSE, G_STRUCT_OFFSET (HsParametersPanel, isn_spin[1]));
  gtk_widget_class_bind_template_child_full (widget_class, "isn_random_0", FALSE, G_STRUCT_OFFSET (HsParametersPanel, isn_random[0]));
  gtk_widget_class_bind_template_child_full (widget_class, "isn_random_1", FALSE, G_STRUCT_OFFSET (HsParametersPanel, isn_random[1]));
  gtk_widget_class_bind_template_child_full (widget_class, "mss_spin_0", FALSE, G_STRUCT_OFFSET (HsParametersPanel, mss_spin[0]));
  gtk_widget_class_bind_template_child_full (widget_class, "mss_spin_1", FALSE, G_STRUCT_OFFSET (HsParametersPanel, mss_spin[1]));
  gtk_widget_class_bind_template_child_full (widget_class, "buffer_spin_0", FALSE, G_STRUCT_OFFSET (HsParametersPanel, buffer_spin[0]));
  gtk_widget_class_bind_template_child_full (widget_class, "buffer_spin_1", FALSE, G_STRUCT_OFFSET (HsParametersPanel, buffer_spin[1]));
  for (guint f = 0; f < N_FEATURES; f++)
    gtk_widget_class_bind_template_child_full (widget_class, feature_ids[f], FALSE,
                                               G_STRUCT_OFFSET (HsParametersPanel, feature_switches) + f * sizeof (GtkWidget *));
  gtk_widget_class_bind_template_child (widget_class, HsParametersPanel, delay_spin);
  gtk_widget_class_bind_template_child (widget_class, HsParametersPanel, bandwidth_row);
  gtk_widget_class_bind_template_child (widget_class, HsParametersPanel, loss_spin);
  gtk_widget_class_bind_template_child (widget_class, HsParametersPanel, seed_spin);
  gtk_widget_class_bind_template_child (widget_class, HsParametersPanel, profile_row);
  gtk_widget_class_bind_template_child (widget_class, HsParametersPanel, reset_button);
  gtk_widget_class_bind_template_callback (widget_class, isn_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, mss_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, buffer_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, delay_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, loss_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, bandwidth_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, seed_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, profile_label_cb);
  gtk_widget_class_bind_template_callback (widget_class, profile_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, feature_changed_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "parameterspanel");
}

/* Enter applies a value (the spin button's own handler ran first) and
 * gives the keyboard back to the diagram: the next Space or arrow steps the
 * lesson instead of typing into the field. */
static void
spin_activated_cb (GtkText   *text,
                   GtkWidget *spin)
{
  gtk_widget_activate_action (spin, "win.focus-diagram", NULL);
}

static void
hs_parameters_panel_init (HsParametersPanel *self)
{
  g_autoptr(GtkStringList) bandwidth_labels = gtk_string_list_new (NULL);

  /* nothing reaches a session while the template is built */
  self->updating = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));

  /* the labels beside the values they stand for, in one table */
  for (guint i = 0; i < G_N_ELEMENTS (bandwidths); i++)
    gtk_string_list_append (bandwidth_labels, _(bandwidths[i].label));
  adw_combo_row_set_model (ADW_COMBO_ROW (self->bandwidth_row), G_LIST_MODEL (bandwidth_labels));

  /* A spin button is as wide as its range was with the digits it had
   * then: set up with whole numbers first, as these two always were, so
   * that their fraction does not make them wider than the others. */
  for (guint i = 0; i < 2; i++)
    {
      GtkSpinButton *spin = GTK_SPIN_BUTTON (i == 0 ? self->delay_spin : self->loss_spin);

      gtk_spin_button_configure (spin, gtk_spin_button_get_adjustment (spin), 1, 0);
      gtk_spin_button_set_digits (spin, 1);
    }
  {
    GtkWidget *spins[] = {
      self->isn_spin[0], self->isn_spin[1], self->mss_spin[0], self->mss_spin[1],
      self->buffer_spin[0], self->buffer_spin[1], self->delay_spin, self->loss_spin, self->seed_spin,
    };

    for (guint i = 0; i < G_N_ELEMENTS (spins); i++)
      g_signal_connect_after (gtk_editable_get_delegate (GTK_EDITABLE (spins[i])), "activate",
                              G_CALLBACK (spin_activated_cb), spins[i]);
  }
  self->updating = FALSE;

  /* connected once; set_session() only moves the groups to another session */
  self->session_signals = g_signal_group_new (HS_TYPE_SESSION);
  g_signal_group_connect_swapped (self->session_signals, "notify::trace", G_CALLBACK (update), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::simulating", G_CALLBACK (simulating_changed_cb), self);
  self->session_bindings = g_binding_group_new ();
  g_binding_group_bind (self->session_bindings, "modified", self->reset_button, "sensitive", G_BINDING_SYNC_CREATE);
}

/* ------------------------------------------------------------------ */
/* Public API                                                          */

GtkWidget *
hs_parameters_panel_new (void)
{
  return g_object_new (HS_TYPE_PARAMETERS_PANEL, NULL);
}

HsSession *
hs_parameters_panel_get_session (HsParametersPanel *self)
{
  g_return_val_if_fail (HS_IS_PARAMETERS_PANEL (self), NULL);
  return self->session;
}

void
hs_parameters_panel_set_session (HsParametersPanel *self,
                                 HsSession         *session)
{
  g_return_if_fail (HS_IS_PARAMETERS_PANEL (self));
  g_return_if_fail (session == NULL || HS_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;
  g_signal_group_set_target (self->session_signals, session);
  g_binding_group_set_source (self->session_bindings, session);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}
