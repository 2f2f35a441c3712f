/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-parameters-panel.c: lesson parameters as rows; every change is one
 * hs_session_set_parameters() call, which simulates again. */

#define G_LOG_DOMAIN "hs-parameters-panel"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "hs-parameters-panel.h"

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
  GtkWidget   parent_instance;

  /* owned */
  HsSession  *session;

  /* children */
  GtkWidget  *page;
  GtkWidget  *isn_spin[2];
  GtkWidget  *isn_random[2];
  GtkWidget  *mss_spin[2];
  GtkWidget  *buffer_spin[2];
  GtkWidget  *delay_spin;
  GtkWidget  *bandwidth_row;
  GtkWidget  *loss_spin;
  GtkWidget  *seed_spin;
  GtkWidget  *profile_row;
  GtkWidget  *features[N_FEATURES];
  GtkWidget  *reset_button;

  /* plain state */
  gboolean    updating;
};

G_DEFINE_FINAL_TYPE (HsParametersPanel, hs_parameters_panel, GTK_TYPE_WIDGET)

enum {
  ERROR,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const endpoint_groups[2] = { "client", "server" };

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
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->profile_row), hs_scenario_get_profile (scenario));

  for (guint f = 0; f < N_FEATURES; f++)
    {
      const HsEndpointConfig *c = hs_scenario_get_endpoint (scenario, 0);
      gboolean on = f == FEATURE_NAGLE ? c->nagle
                  : f == FEATURE_DELAYED_ACK ? c->delayed_ack
                  : f == FEATURE_SACK ? c->sack : c->timestamps;

      gtk_switch_set_active (GTK_SWITCH (g_object_get_data (G_OBJECT (self->features[f]), "switch")), on);
    }
  gtk_widget_set_sensitive (self->reset_button, hs_session_get_modified (self->session));
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

static guint
endpoint_of (GtkWidget *widget)
{
  return GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (widget), "endpoint"));
}

static void
isn_changed_cb (GtkWidget         *widget,
                HsParametersPanel *self)
{
  guint e = endpoint_of (widget);
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
  g_autofree char *assignment = g_strdup_printf ("%s.mss=%d", endpoint_groups[endpoint_of (GTK_WIDGET (spin))],
                                                 gtk_spin_button_get_value_as_int (spin));
  apply1 (self, assignment);
}

static void
buffer_changed_cb (GtkSpinButton     *spin,
                   HsParametersPanel *self)
{
  g_autofree char *assignment = g_strdup_printf ("%s.receivebuffer=%.0f", endpoint_groups[endpoint_of (GTK_WIDGET (spin))],
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

static void
profile_changed_cb (AdwComboRow       *row,
                    GParamSpec        *pspec,
                    HsParametersPanel *self)
{
  g_autofree char *assignment =
    g_strdup_printf ("lesson.profile=%s", hs_profile_kind_to_string (adw_combo_row_get_selected (row)));

  apply1 (self, assignment);
}

static void
feature_changed_cb (GtkSwitch         *sw,
                    GParamSpec        *pspec,
                    HsParametersPanel *self)
{
  Feature f = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (sw), "feature"));
  const char *value = gtk_switch_get_active (sw) ? "true" : "false";
  g_autofree char *client = g_strdup_printf ("client.%s=%s", feature_keys[f], value);
  g_autofree char *server = g_strdup_printf ("server.%s=%s", feature_keys[f], value);
  const char *assignments[] = { client, server, NULL };

  apply (self, assignments);
}

/* ------------------------------------------------------------------ */
/* Building                                                            */

static GtkWidget *
spin_row (AdwPreferencesGroup *group,
          const char          *title,
          const char          *subtitle,
          double               lower,
          double               upper,
          double               step,
          guint                digits,
          GtkWidget          **spin_out)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (lower, upper, step);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), digits);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (spin),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, row, NULL,
                                  -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  adw_preferences_group_add (group, row);
  *spin_out = spin;
  return row;
}

static GtkWidget *
combo_row (AdwPreferencesGroup *group,
           const char          *title,
           const char * const  *labels)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

  for (guint i = 0; labels[i] != NULL; i++)
    gtk_string_list_append (list, labels[i]);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (list));
  adw_preferences_group_add (group, row);
  return row;
}

static void
hs_parameters_panel_dispose (GObject *object)
{
  HsParametersPanel *self = HS_PARAMETERS_PANEL (object);

  hs_parameters_panel_set_session (self, NULL);
  g_clear_pointer (&self->page, gtk_widget_unparent);

  G_OBJECT_CLASS (hs_parameters_panel_parent_class)->dispose (object);
}

static void
hs_parameters_panel_class_init (HsParametersPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hs_parameters_panel_dispose;

  /* A change could not be made: the message says why, for a toast. */
  signals[ERROR] = g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "parameterspanel");
}

static void
hs_parameters_panel_init (HsParametersPanel *self)
{
  AdwPreferencesGroup *group;
  const char *titles_isn[2] = { N_("Client"), N_("Server") };
  const char *titles_mss[2] = { N_("Client’s MSS"), N_("Server’s MSS") };
  const char *titles_buffer[2] = { N_("Client’s receive buffer"), N_("Server’s receive buffer") };
  const char *features[N_FEATURES] = {
    [FEATURE_NAGLE] = N_("Nagle’s algorithm"),
    [FEATURE_DELAYED_ACK] = N_("Delayed ACK"),
    [FEATURE_SACK] = N_("Selective acknowledgment (SACK)"),
    [FEATURE_TIMESTAMPS] = N_("Timestamps"),
  };
  const char *feature_help[N_FEATURES] = {
    [FEATURE_NAGLE] = N_("Small segments wait while data is unacknowledged"),
    [FEATURE_DELAYED_ACK] = N_("ACKs wait a little for data to ride along"),
    [FEATURE_SACK] = N_("ACKs say which later data has arrived"),
    [FEATURE_TIMESTAMPS] = N_("Measure the round trip of every segment"),
  };
  const char *bandwidth_labels[G_N_ELEMENTS (bandwidths) + 1];
  const char *profile_labels[] = { _("Linux"), _("RFC"), NULL };
  GtkWidget *row, *box;

  self->page = adw_preferences_page_new ();
  gtk_widget_set_parent (self->page, GTK_WIDGET (self));

  /* Initial sequence numbers */
  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Initial Sequence Numbers"));
  adw_preferences_group_set_description (group, _("Random numbers come from the seed, so they are the same every time"));
  for (guint e = 0; e < 2; e++)
    {
      row = spin_row (group, _(titles_isn[e]), NULL, 0, 4294967295.0, 1, 0, &self->isn_spin[e]);
      gtk_editable_set_width_chars (GTK_EDITABLE (self->isn_spin[e]), 10);
      self->isn_random[e] = gtk_toggle_button_new_with_label (_("Random"));
      gtk_widget_set_valign (self->isn_random[e], GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), self->isn_random[e]);
      g_object_set_data (G_OBJECT (self->isn_spin[e]), "endpoint", GUINT_TO_POINTER (e));
      g_object_set_data (G_OBJECT (self->isn_random[e]), "endpoint", GUINT_TO_POINTER (e));
      g_signal_connect (self->isn_spin[e], "value-changed", G_CALLBACK (isn_changed_cb), self);
      g_signal_connect (self->isn_random[e], "toggled", G_CALLBACK (isn_changed_cb), self);
    }
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self->page), group);

  /* Segments and buffers */
  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Segments and Windows"));
  for (guint e = 0; e < 2; e++)
    {
      spin_row (group, _(titles_mss[e]), _("Largest payload it accepts, in bytes"), 64, 65495, 1, 0, &self->mss_spin[e]);
      g_object_set_data (G_OBJECT (self->mss_spin[e]), "endpoint", GUINT_TO_POINTER (e));
      g_signal_connect (self->mss_spin[e], "value-changed", G_CALLBACK (mss_changed_cb), self);
    }
  for (guint e = 0; e < 2; e++)
    {
      spin_row (group, _(titles_buffer[e]), _("What its window advertises, in bytes"), 1, 1073741824.0, 1024, 0,
                &self->buffer_spin[e]);
      g_object_set_data (G_OBJECT (self->buffer_spin[e]), "endpoint", GUINT_TO_POINTER (e));
      g_signal_connect (self->buffer_spin[e], "value-changed", G_CALLBACK (buffer_changed_cb), self);
    }
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self->page), group);

  /* Network */
  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Network"));
  spin_row (group, _("One-way delay"), _("Milliseconds, in each direction"), 0, 3600000, 1, 1, &self->delay_spin);
  g_signal_connect (self->delay_spin, "value-changed", G_CALLBACK (delay_changed_cb), self);
  for (guint i = 0; i < G_N_ELEMENTS (bandwidths); i++)
    bandwidth_labels[i] = _(bandwidths[i].label);
  bandwidth_labels[G_N_ELEMENTS (bandwidths)] = NULL;
  self->bandwidth_row = combo_row (group, _("Bandwidth"), bandwidth_labels);
  g_signal_connect (self->bandwidth_row, "notify::selected", G_CALLBACK (bandwidth_changed_cb), self);
  spin_row (group, _("Loss rate"), _("Percent of segments lost at random"), 0, 100, 1, 1, &self->loss_spin);
  g_signal_connect (self->loss_spin, "value-changed", G_CALLBACK (loss_changed_cb), self);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self->page), group);

  /* Simulation */
  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Simulation"));
  spin_row (group, _("Seed"), _("Another seed gives other random numbers and losses"), 0, 999999999, 1, 0, &self->seed_spin);
  g_signal_connect (self->seed_spin, "value-changed", G_CALLBACK (seed_changed_cb), self);
  self->profile_row = combo_row (group, _("Profile"), profile_labels);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->profile_row), _("Timers and defaults as Linux or the RFCs choose them"));
  g_signal_connect (self->profile_row, "notify::selected", G_CALLBACK (profile_changed_cb), self);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self->page), group);

  /* Features */
  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("TCP Features"));
  adw_preferences_group_set_description (group, _("For both endpoints"));
  for (guint f = 0; f < N_FEATURES; f++)
    {
      GtkWidget *sw = gtk_switch_new ();

      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(features[f]));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _(feature_help[f]));
      gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), sw);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), sw);
      g_object_set_data (G_OBJECT (row), "switch", sw);
      g_object_set_data (G_OBJECT (sw), "feature", GUINT_TO_POINTER (f));
      g_signal_connect (sw, "notify::active", G_CALLBACK (feature_changed_cb), self);
      adw_preferences_group_add (group, row);
      self->features[f] = row;
    }
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self->page), group);

  /* Reset */
  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_set_halign (box, GTK_ALIGN_CENTER);
  self->reset_button = gtk_button_new_with_mnemonic (_("_Reset to the Lesson’s Values"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->reset_button), "win.reset-lesson");
  gtk_widget_add_css_class (self->reset_button, "pill");
  gtk_box_append (GTK_BOX (box), self->reset_button);
  adw_preferences_group_add (group, box);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self->page), group);
}

GtkWidget *
hs_parameters_panel_new (void)
{
  return g_object_new (HS_TYPE_PARAMETERS_PANEL, NULL);
}

void
hs_parameters_panel_set_session (HsParametersPanel *self,
                                 HsSession         *session)
{
  g_return_if_fail (HS_IS_PARAMETERS_PANEL (self));
  g_return_if_fail (session == NULL || HS_IS_SESSION (session));

  if (self->session == session)
    return;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    {
      g_signal_connect_object (session, "notify::trace", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::simulating", G_CALLBACK (simulating_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }
  if (self->page != NULL)
    update (self);
}
