/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hs-session.c: the lesson the window shows, its changes and its playhead.
 * Simulations run in a thread: see "Simulating" below. Over 1,000 lines as
 * one file: the model and its thread change the same fields, and keeping
 * them together keeps who may touch what under the one lock visible. */

#define G_LOG_DOMAIN "hs-session"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "hs-error.h"
#include "hs-narration.h"
#include "hs-session.h"
#include "hs-simulator.h"

/* What the lesson is: its data as loaded and the teacher's changes. The
 * session's own fields say what was asked for last; a copy says what the
 * shown trace was made from, to go back to when a simulation is cancelled. */
typedef struct
{
  char      *base_data;
  gsize      base_len;
  char      *id;
  char      *origin;
  char      *path;
  GPtrArray *overrides;
  GPtrArray *base_drops;
  GPtrArray *removed_drops;
  GPtrArray *added_drops;
} Lesson;

struct _HsSession
{
  GObject     parent_instance;

  /* owned */
  HsScenario *scenario;      /* the base with every change applied, as simulated */
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
  Lesson     *shown;         /* what made trace, while a simulation runs; NULL otherwise */
  GTask      *task;          /* the simulation running, or NULL */

  /* plain state */
  guint       position;
  guint       selected;
  guint64     max_steps;     /* 0: the simulator's limit */
};

G_DEFINE_FINAL_TYPE (HsSession, hs_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TRACE,
  PROP_POSITION,
  PROP_SELECTED_SEGMENT,
  PROP_MODIFIED,
  PROP_SIMULATING,
  PROP_MAX_STEPS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIMULATION_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

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

/* The lesson */

static Lesson *
lesson_save (HsSession *self)
{
  Lesson *lesson = g_new0 (Lesson, 1);

  lesson->base_data = g_memdup2 (self->base_data, self->base_data != NULL ? self->base_len + 1 : 0);
  lesson->base_len = self->base_len;
  lesson->id = g_strdup (self->id);
  lesson->origin = g_strdup (self->origin);
  lesson->path = g_strdup (self->path);
  lesson->overrides = copy_strings (self->overrides);
  lesson->base_drops = copy_strings (self->base_drops);
  lesson->removed_drops = copy_strings (self->removed_drops);
  lesson->added_drops = copy_strings (self->added_drops);
  return lesson;
}

static void
lesson_free (Lesson *lesson)
{
  g_free (lesson->base_data);
  g_free (lesson->id);
  g_free (lesson->origin);
  g_free (lesson->path);
  g_ptr_array_unref (lesson->overrides);
  g_ptr_array_unref (lesson->base_drops);
  g_ptr_array_unref (lesson->removed_drops);
  g_ptr_array_unref (lesson->added_drops);
  g_free (lesson);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Lesson, lesson_free)

/* Puts @lesson back as the session's and frees it. */
static void
lesson_restore (HsSession *self,
                Lesson    *lesson)
{
  g_free (self->base_data);
  g_free (self->id);
  g_free (self->origin);
  g_free (self->path);
  g_ptr_array_unref (self->overrides);
  g_ptr_array_unref (self->base_drops);
  g_ptr_array_unref (self->removed_drops);
  g_ptr_array_unref (self->added_drops);
  self->base_data = g_steal_pointer (&lesson->base_data);
  self->base_len = lesson->base_len;
  self->id = g_steal_pointer (&lesson->id);
  self->origin = g_steal_pointer (&lesson->origin);
  self->path = g_steal_pointer (&lesson->path);
  self->overrides = g_steal_pointer (&lesson->overrides);
  self->base_drops = g_steal_pointer (&lesson->base_drops);
  self->removed_drops = g_steal_pointer (&lesson->removed_drops);
  self->added_drops = g_steal_pointer (&lesson->added_drops);
  g_free (lesson);
}

/* Simulating
 *
 * A lesson can take seconds to simulate (a gigabyte sent takes millions of
 * steps), so it runs in a thread and the window goes on showing the trace
 * it has. The thread gets a scenario of its own, built for it here and
 * read by nothing else until its trace is in, and writes its progress
 * under a lock for the window to read when it draws. A newer simulation
 * cancels the one running; the session keeps only the task it started
 * last, and drops the result of any other. The task holds no reference on
 * the session, so a session given up while it simulates goes at once, and
 * cancels its thread. */

typedef struct
{
  HsScenario          *scenario;
  guint64              max_steps;

  GMutex               lock;       /* guards progress */
  HsSimulatorProgress  progress;

  /* where the playhead goes when the trace is in; otherwise it stays on
   * its step where that still exists */
  gboolean             set_position;
  guint                position;
  gboolean             set_selected;
  guint                selected;
} Run;

static void
run_free (gpointer data)
{
  Run *run = data;

  g_object_unref (run->scenario);
  g_mutex_clear (&run->lock);
  g_free (run);
}

/* In the simulating thread. */
static void
run_progress_cb (const HsSimulatorProgress *progress,
                 gpointer                   user_data)
{
  Run *run = user_data;

  g_mutex_lock (&run->lock);
  run->progress = *progress;
  g_mutex_unlock (&run->lock);
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Run *run = task_data;
  GError *error = NULL;
  HsTrace *trace;

  trace = hs_simulator_run_full (run->scenario, run->max_steps, cancellable, run_progress_cb, run, &error);
  if (trace == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, trace, g_object_unref);
}

/* Stops the simulation running, if any; its result will be dropped.
 * Returns whether one was running. */
static gboolean
stop_task (HsSession *self)
{
  if (self->task == NULL)
    return FALSE;
  g_cancellable_cancel (g_task_get_cancellable (self->task));
  g_clear_object (&self->task);
  return TRUE;
}

/* The trace is in: it, its scenario and the playhead become the session's. */
static void
commit (HsSession *self,
        Run       *run,
        HsTrace   *trace)
{
  guint n_steps;

  g_set_object (&self->scenario, run->scenario);
  g_set_object (&self->trace, trace);
  g_clear_pointer (&self->shown, lesson_free);

  if (run->set_position)
    self->position = run->position;
  if (run->set_selected)
    self->selected = run->selected;
  n_steps = hs_trace_get_n_steps (self->trace);
  if (self->position > n_steps)
    self->position = n_steps;
  if (self->selected != HS_TRACE_NONE && self->selected >= hs_trace_get_n_segments (self->trace))
    self->selected = HS_TRACE_NONE;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRACE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_SEGMENT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIMULATING]);
}

/* Back to the lesson the shown trace was made from. */
static void
roll_back (HsSession *self)
{
  if (self->shown != NULL)
    lesson_restore (self, g_steal_pointer (&self->shown));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIMULATING]);
}

static void
run_done_cb (GObject      *source_object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GWeakRef *ref = user_data;
  g_autoptr(HsSession) self = g_weak_ref_get (ref);
  g_autoptr(HsTrace) trace = NULL;
  g_autoptr(GError) error = NULL;

  g_weak_ref_clear (ref);
  g_free (ref);

  trace = g_task_propagate_pointer (G_TASK (result), &error);
  /* a session given up, or a simulation superseded or cancelled */
  if (self == NULL || G_TASK (result) != self->task)
    return;
  g_clear_object (&self->task);

  if (trace == NULL)
    {
      roll_back (self);
      g_signal_emit (self, signals[SIMULATION_FAILED], 0, error->message);
      return;
    }
  commit (self, g_task_get_task_data (G_TASK (result)), trace);
}

/* Builds the scenario from the base and the changes, and starts
 * simulating it; the trace comes in later. On failure nothing is started,
 * and the caller puts *@before back. *@before is the lesson as it was
 * before the caller changed it: what the shown trace was made from, unless
 * a simulation was running already, whose is kept. The session takes it
 * when it keeps it. */
static gboolean
rebuild_full (HsSession  *self,
              Lesson    **before,
              gboolean    set_position,
              guint       position,
              gboolean    set_selected,
              guint       selected,
              GError    **error)
{
  g_autoptr(HsScenario) scenario = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  GWeakRef *ref;
  gboolean was_running;
  Run *run;

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

  run = g_new0 (Run, 1);
  run->scenario = g_steal_pointer (&scenario);
  run->max_steps = self->max_steps;
  run->progress.duration = hs_scenario_get_duration (run->scenario);
  run->progress.max_steps = self->max_steps > 0 ? self->max_steps : HS_SIMULATOR_MAX_STEPS;
  g_mutex_init (&run->lock);
  run->set_position = set_position;
  run->position = position;
  run->set_selected = set_selected;
  run->selected = selected;

  /* what the superseded run was to do to the playhead still applies */
  if (self->task != NULL)
    {
      Run *old = g_task_get_task_data (self->task);

      if (!run->set_position && old->set_position)
        {
          run->set_position = TRUE;
          run->position = old->position;
        }
      if (!run->set_selected && old->set_selected)
        {
          run->set_selected = TRUE;
          run->selected = old->selected;
        }
    }
  was_running = stop_task (self);
  if (self->shown == NULL)
    self->shown = g_steal_pointer (before);

  cancellable = g_cancellable_new ();
  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, self);
  self->task = g_task_new (NULL, cancellable, run_done_cb, ref);
  g_task_set_source_tag (self->task, rebuild_full);
  g_task_set_task_data (self->task, run, run_free);
  g_task_run_in_thread (self->task, run_thread);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
  if (!was_running)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIMULATING]);
  return TRUE;
}

static gboolean
rebuild (HsSession  *self,
         Lesson    **before,
         GError    **error)
{
  return rebuild_full (self, before, FALSE, 0, FALSE, 0, error);
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
hs_session_dispose (GObject *object)
{
  HsSession *self = HS_SESSION (object);

  /* the thread stops at its next check; its result finds no session */
  stop_task (self);

  G_OBJECT_CLASS (hs_session_parent_class)->dispose (object);
}

static void
hs_session_finalize (GObject *object)
{
  HsSession *self = HS_SESSION (object);

  g_clear_pointer (&self->shown, lesson_free);
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
    case PROP_SIMULATING:
      g_value_set_boolean (value, hs_session_get_simulating (self));
      break;
    case PROP_MAX_STEPS:
      g_value_set_uint64 (value, self->max_steps);
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
    case PROP_MAX_STEPS:
      hs_session_set_max_steps (self, g_value_get_uint64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hs_session_class_init (HsSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hs_session_dispose;
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
  properties[PROP_SIMULATING] =
    g_param_spec_boolean ("simulating", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_STEPS] =
    g_param_spec_uint64 ("max-steps", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A simulation could not run (not cancelled: it never says so); the
   * session is as it was before it was asked for. */
  signals[SIMULATION_FAILED] =
    g_signal_new ("simulation-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
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
  g_autoptr(Lesson) before = NULL;

  g_return_val_if_fail (HS_IS_SESSION (self), FALSE);
  g_return_val_if_fail (HS_IS_SCENARIO (scenario), FALSE);

  /* keep the old lesson, to go back to it when the new one cannot run */
  before = lesson_save (self);

  g_free (self->base_data);
  g_free (self->id);
  g_free (self->path);
  g_free (self->origin);
  self->base_data = hs_scenario_to_data (scenario, &self->base_len);
  self->id = g_strdup (hs_scenario_get_id (scenario));
  self->path = g_strdup (path);
  self->origin = path != NULL ? g_strdup (path) : g_strconcat (self->id, ".lesson", NULL);
  g_ptr_array_set_size (self->overrides, 0);
  g_ptr_array_set_size (self->removed_drops, 0);
  g_ptr_array_set_size (self->added_drops, 0);
  read_base_drops (self);

  if (!rebuild_full (self, &before, TRUE, 0, TRUE, HS_TRACE_NONE, error))
    {
      lesson_restore (self, g_steal_pointer (&before));
      return FALSE;
    }
  return TRUE;
}

void
hs_session_load_trace (HsSession  *self,
                       HsTrace    *trace,
                       const char *path)
{
  gboolean was_running;

  g_return_if_fail (HS_IS_SESSION (self));
  g_return_if_fail (HS_IS_TRACE (trace));

  /* the capture replaces whatever was asked for */
  was_running = stop_task (self);
  g_clear_pointer (&self->shown, lesson_free);

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
  if (was_running)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIMULATING]);
}

gboolean
hs_session_get_simulating (HsSession *self)
{
  g_return_val_if_fail (HS_IS_SESSION (self), FALSE);
  return self->task != NULL;
}

gboolean
hs_session_get_progress (HsSession           *self,
                         HsSimulatorProgress *progress)
{
  Run *run;

  g_return_val_if_fail (HS_IS_SESSION (self), FALSE);
  g_return_val_if_fail (progress != NULL, FALSE);

  if (self->task == NULL)
    return FALSE;
  run = g_task_get_task_data (self->task);
  g_mutex_lock (&run->lock);
  *progress = run->progress;
  g_mutex_unlock (&run->lock);
  return TRUE;
}

gboolean
hs_session_cancel (HsSession *self)
{
  g_return_val_if_fail (HS_IS_SESSION (self), FALSE);

  if (!stop_task (self))
    return FALSE;
  roll_back (self);
  return TRUE;
}

guint64
hs_session_get_max_steps (HsSession *self)
{
  g_return_val_if_fail (HS_IS_SESSION (self), 0);
  return self->max_steps;
}

void
hs_session_set_max_steps (HsSession *self,
                          guint64    max_steps)
{
  g_return_if_fail (HS_IS_SESSION (self));

  if (max_steps == self->max_steps)
    return;
  self->max_steps = max_steps;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_STEPS]);
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
  g_autoptr(Lesson) before = NULL;

  g_return_val_if_fail (HS_IS_SESSION (self), FALSE);
  g_return_val_if_fail (assignments != NULL, FALSE);

  if (self->base_data == NULL)
    {
      g_set_error_literal (error, HS_ERROR, HS_ERROR_FAILED, _("Only a lesson has parameters to change"));
      return FALSE;
    }

  before = lesson_save (self);
  for (guint a = 0; assignments[a] != NULL; a++)
    {
      g_autofree char *key = NULL;

      if (strchr (assignments[a], '=') == NULL)
        {
          g_autoptr(HsScenario) probe = NULL;

          lesson_restore (self, g_steal_pointer (&before));
          /* a scenario says what is wrong with it: one of its own, as the
           * session's may still be simulating */
          probe = hs_scenario_new_from_data (self->id, self->origin, self->base_data, self->base_len, error);
          return probe != NULL && hs_scenario_set (probe, assignments[a], error);
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

  if (!rebuild (self, &before, error))
    {
      lesson_restore (self, g_steal_pointer (&before));
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
  g_autoptr(Lesson) before = NULL;

  g_return_if_fail (HS_IS_SESSION (self));

  if (!hs_session_get_modified (self) || self->base_data == NULL)
    return;
  before = lesson_save (self);
  g_ptr_array_set_size (self->overrides, 0);
  g_ptr_array_set_size (self->removed_drops, 0);
  g_ptr_array_set_size (self->added_drops, 0);
  /* the lesson as loaded was built before, so it builds again */
  if (!rebuild (self, &before, NULL))
    {
      lesson_restore (self, g_steal_pointer (&before));
      g_warning ("The lesson “%s” no longer runs as loaded", self->id);
    }
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
  g_autoptr(Lesson) before = NULL;
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

  before = lesson_save (self);
  g_ptr_array_add (self->added_drops, g_steal_pointer (&spec));
  /* everything before the segment is the same, so it keeps its index,
   * and the playhead waits where it leaves */
  if (!rebuild_full (self, &before, sent_step != HS_TRACE_NONE, sent_step + 1, TRUE, segment, error))
    {
      lesson_restore (self, g_steal_pointer (&before));
      return FALSE;
    }
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
  g_autoptr(Lesson) before = NULL;
  g_autofree char *spec = NULL;
  guint index;

  g_return_val_if_fail (HS_IS_SESSION (self), FALSE);

  before = lesson_save (self);

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

  if (!rebuild (self, &before, error))
    {
      lesson_restore (self, g_steal_pointer (&before));
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
