/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-session.c: the lesson the window shows, its changes and its playhead. */

#define G_LOG_DOMAIN "hs-session"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "hs-error.h"
#include "hs-narration.h"
#include "hs-session.h"
#include "hs-simulator.h"

struct _HsSession
{
  GObject     parent_instance;

  /* owned */
  HsScenario *scenario;      /* the base with every change applied */
  HsTrace    *trace;
  char       *base_data;     /* the lesson as loaded, as a key file */
  gsize       base_len;
  char       *id;
  char       *origin;        /* for messages: "id.lesson" or the path */
  char       *path;          /* NULL for a built-in lesson */
  GPtrArray  *overrides;     /* "key=value", one per key, in the order set */
  GPtrArray  *base_drops;    /* the lesson's own Drop= specs */
  GPtrArray  *removed_drops; /* those of base_drops the teacher restored */
  GPtrArray  *added_drops;   /* "client:3" from "Lose this segment" */

  /* plain state */
  guint       position;
  guint       selected;
};

G_DEFINE_FINAL_TYPE (HsSession, hs_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TRACE,
  PROP_POSITION,
  PROP_SELECTED_SEGMENT,
  PROP_MODIFIED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers */

static gboolean
str_in_array (GPtrArray  *array,
              const char *str,
              guint      *index)
{
  return g_ptr_array_find_with_equal_func (array, str, g_str_equal, index);
}

/* "Network.Delay = 50ms" → "network.delay" */
static char *
assignment_key (const char *assignment)
{
  const char *eq = strchr (assignment, '=');
  g_autofree char *name = g_strndup (assignment, eq != NULL ? (gsize) (eq - assignment) : strlen (assignment));

  return g_ascii_strdown (g_strstrip (name), -1);
}

static gpointer
copy_string (gconstpointer src,
             gpointer      data)
{
  return g_strdup (src);
}

static GPtrArray *
copy_strings (GPtrArray *array)
{
  GPtrArray *copy = g_ptr_array_copy (array, copy_string, NULL);

  g_ptr_array_set_free_func (copy, g_free);
  return copy;
}

static char *
joined_drops (HsSession *self)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < self->base_drops->len; i++)
    {
      const char *spec = g_ptr_array_index (self->base_drops, i);

      if (str_in_array (self->removed_drops, spec, NULL))
        continue;
      if (s->len > 0)
        g_string_append (s, "; ");
      g_string_append (s, spec);
    }
  for (guint i = 0; i < self->added_drops->len; i++)
    {
      if (s->len > 0)
        g_string_append (s, "; ");
      g_string_append (s, g_ptr_array_index (self->added_drops, i));
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* Builds the scenario from the base and the changes, and runs it. On
 * success replaces scenario and trace; on failure leaves both alone. */
static gboolean
rebuild (HsSession  *self,
         GError    **error)
{
  g_autoptr(HsScenario) scenario = NULL;
  g_autoptr(HsTrace) trace = NULL;
  guint n_steps;

  scenario = hs_scenario_new_from_data (self->id, self->origin, self->base_data, self->base_len, error);
  if (scenario == NULL)
    return FALSE;
  for (guint i = 0; i < self->overrides->len; i++)
    if (!hs_scenario_set (scenario, g_ptr_array_index (self->overrides, i), error))
      return FALSE;
  if (self->added_drops->len > 0 || self->removed_drops->len > 0)
    {
      g_autofree char *drops = joined_drops (self);
      g_autofree char *assignment = g_strdup_printf ("network.drop=%s", drops);

      if (!hs_scenario_set (scenario, assignment, error))
        return FALSE;
    }

  trace = hs_simulator_run (scenario, error);
  if (trace == NULL)
    return FALSE;

  g_set_object (&self->scenario, scenario);
  g_set_object (&self->trace, trace);

  /* the playhead stays on its step where that still exists */
  n_steps = hs_trace_get_n_steps (self->trace);
  if (self->position > n_steps)
    self->position = n_steps;
  if (self->selected != HS_TRACE_NONE && self->selected >= hs_trace_get_n_segments (self->trace))
    self->selected = HS_TRACE_NONE;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRACE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_SEGMENT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
  return TRUE;
}

/* The ordinal of @segment among the segments its sender sent (from 1), not
 * counting the network's duplicates; 0 for a duplicate. */
static guint
sender_ordinal (HsTrace *trace,
                guint    segment)
{
  const HsTraceSegment *seg = hs_trace_get_segment (trace, segment);
  guint n = 0;

  if (seg->marks & HS_MARK_DUPLICATED)
    return 0;
  for (guint i = 0; i <= segment; i++)
    {
      const HsTraceSegment *s = hs_trace_get_segment (trace, i);

      if (s->from == seg->from && !(s->marks & HS_MARK_DUPLICATED))
        n++;
    }
  return n;
}

/* Whether the lesson's drop @spec_text is what lost @segment. */
static gboolean
base_spec_loses (HsSession  *self,
                 const char *spec_text,
                 guint       segment)
{
  const HsEndpointConfig *client = hs_scenario_get_endpoint (self->scenario, 0);
  const HsEndpointConfig *server = hs_scenario_get_endpoint (self->scenario, 1);
  const HsTraceSegment *seg = hs_trace_get_segment (self->trace, segment);
  HsDropSpec spec;
  guint nth = 0, matches = 0;

  if (!hs_drop_spec_parse (spec_text, client->name, server->name, &spec, NULL))
    return FALSE;
  if (spec.endpoint != seg->from || (seg->marks & HS_MARK_DUPLICATED))
    return FALSE;

  /* each spec counts its own matches, as the network does */
  for (guint i = 0; i <= segment; i++)
    {
      const HsTraceSegment *s = hs_trace_get_segment (self->trace, i);

      if (s->from != seg->from || (s->marks & HS_MARK_DUPLICATED))
        continue;
      nth++;
      if (hs_drop_spec_matches (&spec, nth, s->header.flags, s->len))
        matches++;
    }
  if (!hs_drop_spec_matches (&spec, nth, seg->header.flags, seg->len))
    return FALSE;
  if (spec.nth > 0)
    return TRUE;
  return matches >= spec.first && matches < spec.first + MAX (spec.count, 1);
}

static void
read_base_drops (HsSession *self)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autofree char *drops = NULL;

  g_ptr_array_set_size (self->base_drops, 0);
  if (!g_key_file_load_from_data (keyfile, self->base_data, self->base_len, G_KEY_FILE_NONE, NULL))
    return;
  drops = g_key_file_get_value (keyfile, "Network", "Drop", NULL);
  if (drops != NULL)
    {
      g_auto(GStrv) specs = g_strsplit (drops, ";", -1);

      for (guint i = 0; specs[i] != NULL; i++)
        if (*g_strstrip (specs[i]) != '\0')
          g_ptr_array_add (self->base_drops, g_strdup (specs[i]));
    }
}

/* GObject */

static void
hs_session_finalize (GObject *object)
{
  HsSession *self = HS_SESSION (object);

  g_clear_object (&self->scenario);
  g_clear_object (&self->trace);
  g_clear_pointer (&self->base_data, g_free);
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->origin, g_free);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->overrides, g_ptr_array_unref);
  g_clear_pointer (&self->base_drops, g_ptr_array_unref);
  g_clear_pointer (&self->removed_drops, g_ptr_array_unref);
  g_clear_pointer (&self->added_drops, g_ptr_array_unref);

  G_OBJECT_CLASS (hs_session_parent_class)->finalize (object);
}

static void
hs_session_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  HsSession *self = HS_SESSION (object);

  switch (prop_id)
    {
    case PROP_TRACE:
      g_value_set_object (value, self->trace);
      break;
    case PROP_POSITION:
      g_value_set_uint (value, self->position);
      break;
    case PROP_SELECTED_SEGMENT:
      g_value_set_uint (value, self->selected);
      break;
    case PROP_MODIFIED:
      g_value_set_boolean (value, hs_session_get_modified (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_session_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  HsSession *self = HS_SESSION (object);

  switch (prop_id)
    {
    case PROP_POSITION:
      hs_session_set_position (self, g_value_get_uint (value));
      break;
    case PROP_SELECTED_SEGMENT:
      hs_session_set_selected_segment (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_session_class_init (HsSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hs_session_finalize;
  object_class->get_property = hs_session_get_property;
  object_class->set_property = hs_session_set_property;

  properties[PROP_TRACE] =
    g_param_spec_object ("trace", NULL, NULL, HS_TYPE_TRACE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_POSITION] =
    g_param_spec_uint ("position", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_SEGMENT] =
    g_param_spec_uint ("selected-segment", NULL, NULL, 0, G_MAXUINT, HS_TRACE_NONE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODIFIED] =
    g_param_spec_boolean ("modified", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hs_session_init (HsSession *self)
{
  self->overrides = g_ptr_array_new_with_free_func (g_free);
  self->base_drops = g_ptr_array_new_with_free_func (g_free);
  self->removed_drops = g_ptr_array_new_with_free_func (g_free);
  self->added_drops = g_ptr_array_new_with_free_func (g_free);
  self->selected = HS_TRACE_NONE;
}

/* Public API */

HsSession *
hs_session_new (void)
{
  return g_object_new (HS_TYPE_SESSION, NULL);
}

gboolean
hs_session_load (HsSession   *self,
                 HsScenario  *scenario,
                 const char  *path,
                 GError     **error)
{
  g_autofree char *old_data = NULL, *old_id = NULL, *old_origin = NULL, *old_path = NULL;
  g_autoptr(GPtrArray) old_overrides = NULL, old_base = NULL, old_removed = NULL, old_added = NULL;
  gsize old_len;
  guint old_position, old_selected;

  g_return_val_if_fail (HS_IS_SESSION (self), FALSE);
  g_return_val_if_fail (HS_IS_SCENARIO (scenario), FALSE);

  /* keep the old lesson, to go back to it when the new one cannot run */
  old_data = g_steal_pointer (&self->base_data);
  old_len = self->base_len;
  old_id = g_steal_pointer (&self->id);
  old_origin = g_steal_pointer (&self->origin);
  old_path = g_steal_pointer (&self->path);
  old_overrides = g_steal_pointer (&self->overrides);
  old_base = g_steal_pointer (&self->base_drops);
  old_removed = g_steal_pointer (&self->removed_drops);
  old_added = g_steal_pointer (&self->added_drops);
  old_position = self->position;
  old_selected = self->selected;

  self->base_data = hs_scenario_to_data (scenario, &self->base_len);
  self->id = g_strdup (hs_scenario_get_id (scenario));
  self->path = g_strdup (path);
  self->origin = path != NULL ? g_strdup (path) : g_strconcat (self->id, ".lesson", NULL);
  self->overrides = g_ptr_array_new_with_free_func (g_free);
  self->base_drops = g_ptr_array_new_with_free_func (g_free);
  self->removed_drops = g_ptr_array_new_with_free_func (g_free);
  self->added_drops = g_ptr_array_new_with_free_func (g_free);
  self->position = 0;
  self->selected = HS_TRACE_NONE;
  read_base_drops (self);

  if (!rebuild (self, error))
    {
      g_free (self->base_data);
      g_free (self->id);
      g_free (self->origin);
      g_free (self->path);
      g_ptr_array_unref (self->overrides);
      g_ptr_array_unref (self->base_drops);
      g_ptr_array_unref (self->removed_drops);
      g_ptr_array_unref (self->added_drops);
      self->base_data = g_steal_pointer (&old_data);
      self->base_len = old_len;
      self->id = g_steal_pointer (&old_id);
      self->origin = g_steal_pointer (&old_origin);
      self->path = g_steal_pointer (&old_path);
      self->overrides = g_steal_pointer (&old_overrides);
      self->base_drops = g_steal_pointer (&old_base);
      self->removed_drops = g_steal_pointer (&old_removed);
      self->added_drops = g_steal_pointer (&old_added);
      self->position = old_position;
      self->selected = old_selected;
      return FALSE;
    }
  return TRUE;
}

void
hs_session_load_trace (HsSession  *self,
                       HsTrace    *trace,
                       const char *path)
{
  g_return_if_fail (HS_IS_SESSION (self));
  g_return_if_fail (HS_IS_TRACE (trace));

  g_clear_object (&self->scenario);
  g_clear_pointer (&self->base_data, g_free);
  self->base_len = 0;
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->origin, g_free);
  g_free (self->path);
  self->path = g_strdup (path);
  if (path != NULL)
    {
      g_autofree char *base = g_path_get_basename (path);
      char *dot = strrchr (base, '.');

      if (dot != NULL && dot != base)
        *dot = '\0';
      self->id = g_steal_pointer (&base);
    }
  else
    self->id = g_strdup ("trace");
  g_ptr_array_set_size (self->overrides, 0);
  g_ptr_array_set_size (self->base_drops, 0);
  g_ptr_array_set_size (self->removed_drops, 0);
  g_ptr_array_set_size (self->added_drops, 0);
  self->position = 0;
  self->selected = HS_TRACE_NONE;
  g_set_object (&self->trace, trace);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRACE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_SEGMENT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
}

HsScenario *
hs_session_get_scenario (HsSession *self)
{
  g_return_val_if_fail (HS_IS_SESSION (self), NULL);
  return self->scenario;
}

HsTrace *
hs_session_get_trace (HsSession *self)
{
  g_return_val_if_fail (HS_IS_SESSION (self), NULL);
  return self->trace;
}

const char *
hs_session_get_path (HsSession *self)
{
  g_return_val_if_fail (HS_IS_SESSION (self), NULL);
  return self->path;
}

const char *
hs_session_get_lesson_id (HsSession *self)
{
  g_return_val_if_fail (HS_IS_SESSION (self), NULL);
  return self->id;
}

gboolean
hs_session_get_modified (HsSession *self)
{
  g_return_val_if_fail (HS_IS_SESSION (self), FALSE);
  return self->overrides->len > 0 || self->added_drops->len > 0 || self->removed_drops->len > 0;
}

guint
hs_session_get_n_steps (HsSession *self)
{
  g_return_val_if_fail (HS_IS_SESSION (self), 0);
  return self->trace != NULL ? hs_trace_get_n_steps (self->trace) : 0;
}

guint
hs_session_get_position (HsSession *self)
{
  g_return_val_if_fail (HS_IS_SESSION (self), 0);
  return self->position;
}

void
hs_session_set_position (HsSession *self,
                         guint      position)
{
  g_return_if_fail (HS_IS_SESSION (self));

  position = MIN (position, hs_session_get_n_steps (self));
  if (position == self->position)
    return;
  self->position = position;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
}

gboolean
hs_session_step_forward (HsSession *self)
{
  g_return_val_if_fail (HS_IS_SESSION (self), FALSE);

  if (self->position >= hs_session_get_n_steps (self))
    return FALSE;
  hs_session_set_position (self, self->position + 1);
  return TRUE;
}

gboolean
hs_session_step_back (HsSession *self)
{
  g_return_val_if_fail (HS_IS_SESSION (self), FALSE);

  if (self->position == 0)
    return FALSE;
  hs_session_set_position (self, self->position - 1);
  return TRUE;
}

guint
hs_session_get_current_step (HsSession *self)
{
  g_return_val_if_fail (HS_IS_SESSION (self), HS_TRACE_NONE);
  return self->position > 0 ? self->position - 1 : HS_TRACE_NONE;
}

guint
hs_session_get_current_segment (HsSession *self)
{
  guint step;

  g_return_val_if_fail (HS_IS_SESSION (self), HS_TRACE_NONE);

  step = hs_session_get_current_step (self);
  if (step == HS_TRACE_NONE)
    return HS_TRACE_NONE;
  return hs_trace_get_step (self->trace, step)->segment;
}

guint
hs_session_get_selected_segment (HsSession *self)
{
  g_return_val_if_fail (HS_IS_SESSION (self), HS_TRACE_NONE);
  return self->selected;
}

void
hs_session_set_selected_segment (HsSession *self,
                                 guint      segment)
{
  g_return_if_fail (HS_IS_SESSION (self));

  if (self->trace == NULL || segment >= hs_trace_get_n_segments (self->trace))
    segment = HS_TRACE_NONE;
  if (segment == self->selected)
    return;
  self->selected = segment;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_SEGMENT]);
}

gboolean
hs_session_set_parameters (HsSession          *self,
                           const char * const *assignments,
                           GError            **error)
{
  g_autoptr(GPtrArray) saved = NULL;

  g_return_val_if_fail (HS_IS_SESSION (self), FALSE);
  g_return_val_if_fail (assignments != NULL, FALSE);

  if (self->base_data == NULL)
    {
      g_set_error_literal (error, HS_ERROR, HS_ERROR_FAILED, _("Only a lesson has parameters to change"));
      return FALSE;
    }

  saved = copy_strings (self->overrides);
  for (guint a = 0; assignments[a] != NULL; a++)
    {
      g_autofree char *key = NULL;

      if (strchr (assignments[a], '=') == NULL)
        {
          g_ptr_array_unref (self->overrides);
          self->overrides = g_steal_pointer (&saved);
          /* the scenario says what is wrong with it */
          return hs_scenario_set (self->scenario, assignments[a], error);
        }
      key = assignment_key (assignments[a]);
      for (guint i = 0; i < self->overrides->len; i++)
        {
          g_autofree char *k = assignment_key (g_ptr_array_index (self->overrides, i));

          if (g_str_equal (k, key))
            {
              g_ptr_array_remove_index (self->overrides, i);
              break;
            }
        }
      g_ptr_array_add (self->overrides, g_strdup (assignments[a]));
    }

  if (!rebuild (self, error))
    {
      g_ptr_array_unref (self->overrides);
      self->overrides = g_steal_pointer (&saved);
      return FALSE;
    }
  return TRUE;
}

gboolean
hs_session_set_parameter (HsSession   *self,
                          const char  *assignment,
                          GError     **error)
{
  const char *assignments[] = { assignment, NULL };

  g_return_val_if_fail (assignment != NULL, FALSE);

  return hs_session_set_parameters (self, assignments, error);
}

const char *
hs_session_get_parameter (HsSession  *self,
                          const char *key)
{
  g_autofree char *wanted = NULL;

  g_return_val_if_fail (HS_IS_SESSION (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  wanted = g_ascii_strdown (key, -1);
  for (guint i = 0; i < self->overrides->len; i++)
    {
      const char *assignment = g_ptr_array_index (self->overrides, i);
      g_autofree char *k = assignment_key (assignment);

      if (g_str_equal (k, wanted))
        return strchr (assignment, '=') + 1;
    }
  return NULL;
}

void
hs_session_reset (HsSession *self)
{
  g_return_if_fail (HS_IS_SESSION (self));

  if (!hs_session_get_modified (self) || self->scenario == NULL)
    return;
  g_ptr_array_set_size (self->overrides, 0);
  g_ptr_array_set_size (self->removed_drops, 0);
  g_ptr_array_set_size (self->added_drops, 0);
  /* the lesson as loaded ran before, so it runs again */
  if (!rebuild (self, NULL))
    g_warning ("The lesson “%s” no longer runs as loaded", self->id);
}

char *
hs_session_drop_spec_for_segment (HsSession *self,
                                  guint      segment)
{
  const HsTraceSegment *seg;
  guint nth;

  g_return_val_if_fail (HS_IS_SESSION (self), NULL);

  if (self->scenario == NULL || self->trace == NULL || segment >= hs_trace_get_n_segments (self->trace))
    return NULL;
  seg = hs_trace_get_segment (self->trace, segment);
  nth = sender_ordinal (self->trace, segment);
  if (nth == 0)
    return NULL;
  return g_strdup_printf ("%s:%u", hs_trace_get_endpoint (self->trace, seg->from)->name, nth);
}

gboolean
hs_session_lose_segment (HsSession   *self,
                         guint        segment,
                         GError     **error)
{
  g_autofree char *spec = NULL;
  const HsTraceSegment *seg;
  guint sent_step;

  g_return_val_if_fail (HS_IS_SESSION (self), FALSE);

  if (self->scenario == NULL)
    {
      g_set_error_literal (error, HS_ERROR, HS_ERROR_INVALID,
                           _("A captured connection cannot be changed; only a lesson can lose segments"));
      return FALSE;
    }
  spec = hs_session_drop_spec_for_segment (self, segment);
  if (spec == NULL)
    {
      g_set_error_literal (error, HS_ERROR, HS_ERROR_INVALID,
                           _("This segment is a copy made by the network; lose the original instead"));
      return FALSE;
    }
  seg = hs_trace_get_segment (self->trace, segment);
  if (seg->fate == HS_FATE_LOST)
    {
      g_set_error_literal (error, HS_ERROR, HS_ERROR_INVALID, _("This segment is lost already"));
      return FALSE;
    }
  sent_step = seg->sent_step;

  g_ptr_array_add (self->added_drops, g_steal_pointer (&spec));
  if (!rebuild (self, error))
    {
      g_ptr_array_remove_index (self->added_drops, self->added_drops->len - 1);
      return FALSE;
    }

  /* everything before the segment is the same, so it keeps its index */
  if (sent_step != HS_TRACE_NONE)
    hs_session_set_position (self, sent_step + 1);
  hs_session_set_selected_segment (self, segment);
  return TRUE;
}

HsSessionRestore
hs_session_get_restore (HsSession *self,
                        guint      segment)
{
  const HsTraceSegment *seg;
  const HsTraceStep *step;
  g_autofree char *spec = NULL;

  g_return_val_if_fail (HS_IS_SESSION (self), HS_SESSION_RESTORE_NONE);

  if (self->scenario == NULL || self->trace == NULL || segment >= hs_trace_get_n_segments (self->trace))
    return HS_SESSION_RESTORE_NONE;
  seg = hs_trace_get_segment (self->trace, segment);
  if (seg->fate != HS_FATE_LOST)
    return HS_SESSION_RESTORE_NONE;
  if (seg->end_step != HS_TRACE_NONE)
    {
      step = hs_trace_get_step (self->trace, seg->end_step);
      if (step->reason == HS_REASON_LOST_RANDOM || step->reason == HS_REASON_LOST_QUEUE)
        return HS_SESSION_RESTORE_RANDOM;
    }

  spec = hs_session_drop_spec_for_segment (self, segment);
  if (spec != NULL && str_in_array (self->added_drops, spec, NULL))
    return HS_SESSION_RESTORE_ADDED;
  for (guint i = 0; i < self->base_drops->len; i++)
    {
      const char *base = g_ptr_array_index (self->base_drops, i);

      if (!str_in_array (self->removed_drops, base, NULL) && base_spec_loses (self, base, segment))
        return HS_SESSION_RESTORE_LESSON;
    }
  return HS_SESSION_RESTORE_NONE;
}

gboolean
hs_session_restore_segment (HsSession   *self,
                            guint        segment,
                            GError     **error)
{
  g_autoptr(GPtrArray) saved_added = NULL;
  g_autoptr(GPtrArray) saved_removed = NULL;
  g_autofree char *spec = NULL;
  guint index;

  g_return_val_if_fail (HS_IS_SESSION (self), FALSE);

  saved_added = copy_strings (self->added_drops);
  saved_removed = copy_strings (self->removed_drops);

  switch (hs_session_get_restore (self, segment))
    {
    case HS_SESSION_RESTORE_ADDED:
      spec = hs_session_drop_spec_for_segment (self, segment);
      if (str_in_array (self->added_drops, spec, &index))
        g_ptr_array_remove_index (self->added_drops, index);
      break;

    case HS_SESSION_RESTORE_LESSON:
      for (guint i = 0; i < self->base_drops->len; i++)
        {
          const char *base = g_ptr_array_index (self->base_drops, i);

          if (!str_in_array (self->removed_drops, base, NULL) && base_spec_loses (self, base, segment))
            g_ptr_array_add (self->removed_drops, g_strdup (base));
        }
      break;

    case HS_SESSION_RESTORE_RANDOM:
      g_set_error_literal (error, HS_ERROR, HS_ERROR_INVALID,
                           _("This segment was lost at random; set the loss rate to 0 to keep every segment"));
      return FALSE;

    case HS_SESSION_RESTORE_NONE:
    default:
      g_set_error_literal (error, HS_ERROR, HS_ERROR_INVALID, _("This segment is not lost"));
      return FALSE;
    }

  if (!rebuild (self, error))
    {
      g_ptr_array_unref (self->added_drops);
      g_ptr_array_unref (self->removed_drops);
      self->added_drops = g_steal_pointer (&saved_added);
      self->removed_drops = g_steal_pointer (&saved_removed);
      return FALSE;
    }
  return TRUE;
}

guint
hs_session_get_n_lost_by_user (HsSession *self)
{
  g_return_val_if_fail (HS_IS_SESSION (self), 0);
  return self->added_drops->len;
}

char *
hs_session_to_data (HsSession *self,
                    gsize     *len)
{
  g_return_val_if_fail (HS_IS_SESSION (self), NULL);

  if (self->scenario == NULL)
    return NULL;
  return hs_scenario_to_data (self->scenario, len);
}
