/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-device"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dc-battery-probe-private.h"
#include "dc-cpu-probe-private.h"
#include "dc-diagnosis.h"
#include "dc-identity-private.h"
#include "dc-memory-probe-private.h"
#include "dc-modem-probe-private.h"
#include "dc-network-probe-private.h"
#include "dc-probe-context-private.h"
#include "dc-report.h"
#include "dc-sensors-probe-private.h"
#include "dc-storage-probe-private.h"
#include "dc-thermal-probe-private.h"

/**
 * DcDiagnosis:
 *
 * One run of every probe over a device: the identity and the findings, as
 * a #GListModel of #DcFinding that fills while the probes answer, always in
 * the order of the probe table (battery, storage, memory, cpu, thermal,
 * network, modem, sensors) whatever order they finish in. Every probe runs
 * in its own thread at once, so the slowest service (2 seconds at most)
 * sets the pace, not their sum.
 */
struct _DcDiagnosis
{
  GObject parent_instance;

  char *root;
  GListStore *findings;
  DcIdentity *identity;
  GDateTime *generated;

  GTask *task; /* while running */
  DcProbeContext *context;
  guint counts[8]; /* findings each probe added, to place the next */
  guint done;
  GError *error;
};

typedef GPtrArray *(*ProbeFunc) (DcProbeContext *context, GCancellable *cancellable);

/* Every probe, in the report's order. */
static const ProbeFunc probes[] = {
  dc_battery_probe_run, dc_storage_probe_run, dc_memory_probe_run, dc_cpu_probe_run,
  dc_thermal_probe_run, dc_network_probe_run, dc_modem_probe_run,  dc_sensors_probe_run,
};

G_STATIC_ASSERT (G_N_ELEMENTS (probes) == G_N_ELEMENTS (((DcDiagnosis *)NULL)->counts));

/* The probes and the identity. */
#define N_JOBS (G_N_ELEMENTS (probes) + 1)

G_DEFINE_FINAL_TYPE (DcDiagnosis, dc_diagnosis, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_FINDINGS,
  PROP_IDENTITY,
  PROP_PROGRESS,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
dc_diagnosis_finalize (GObject *object)
{
  DcDiagnosis *self = DC_DIAGNOSIS (object);

  g_free (self->root);
  g_clear_object (&self->findings);
  g_clear_object (&self->identity);
  g_clear_pointer (&self->generated, g_date_time_unref);
  g_clear_pointer (&self->context, dc_probe_context_unref);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (dc_diagnosis_parent_class)->finalize (object);
}

static void
dc_diagnosis_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  DcDiagnosis *self = DC_DIAGNOSIS (object);

  switch (prop_id)
    {
      case PROP_FINDINGS:
        g_value_set_object (value, self->findings);
        break;
      case PROP_IDENTITY:
        g_value_set_object (value, self->identity);
        break;
      case PROP_PROGRESS:
        g_value_set_double (value, dc_diagnosis_get_progress (self));
        break;
      case PROP_RUNNING:
        g_value_set_boolean (value, self->task != NULL);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dc_diagnosis_class_init (DcDiagnosisClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = dc_diagnosis_finalize;
  object_class->get_property = dc_diagnosis_get_property;

  properties[PROP_FINDINGS]
    = g_param_spec_object ("findings", NULL, NULL, G_TYPE_LIST_MODEL, flags);
  properties[PROP_IDENTITY] = g_param_spec_object ("identity", NULL, NULL, DC_TYPE_IDENTITY, flags);
  properties[PROP_PROGRESS] = g_param_spec_double ("progress", NULL, NULL, 0, 1, 0, flags);
  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dc_diagnosis_init (DcDiagnosis *self)
{
  self->findings = g_list_store_new (DC_TYPE_FINDING);
}

/**
 * dc_diagnosis_new:
 * @root: (nullable): the root directory, or %NULL for dc_sysroot_default()
 *   as it is when the diagnosis runs
 *
 * Returns: (transfer full): a diagnosis that has not run yet
 */
DcDiagnosis *
dc_diagnosis_new (const char *root)
{
  DcDiagnosis *self = g_object_new (DC_TYPE_DIAGNOSIS, NULL);

  self->root = g_strdup (root);
  return self;
}

static void
finish_if_done (DcDiagnosis *self)
{
  g_autoptr (GTask) task = NULL;
  g_auto (GStrv) imei = NULL;

  if (self->done < N_JOBS)
    return;

  imei = dc_probe_context_dup_imei (self->context);
  dc_probe_context_close (self->context);
  g_clear_pointer (&self->context, dc_probe_context_unref);
  if (self->identity != NULL)
    dc_identity_set_imei (self->identity, (const char *const *)imei);

  task = g_steal_pointer (&self->task);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  if (self->error != NULL)
    g_task_return_error (task, g_steal_pointer (&self->error));
  else if (!g_task_return_error_if_cancelled (task))
    g_task_return_boolean (task, TRUE);
}

static void
job_done (DcDiagnosis *self)
{
  self->done++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
  finish_if_done (self);
}

static void
probe_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  DcProbeContext *context = g_task_get_task_data (task);
  ProbeFunc probe = probes[GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (task), "probe"))];

  g_task_return_pointer (task, probe (context, cancellable), (GDestroyNotify)g_ptr_array_unref);
}

static void
probe_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  DcDiagnosis *self = DC_DIAGNOSIS (source);
  guint index = GPOINTER_TO_UINT (user_data);
  g_autoptr (GPtrArray) findings = g_task_propagate_pointer (G_TASK (result), NULL);
  guint position = 0;

  for (guint i = 0; i < index; i++)
    position += self->counts[i];
  if (findings != NULL && findings->len > 0)
    {
      g_list_store_splice (self->findings, position, 0, findings->pdata, findings->len);
      self->counts[index] = findings->len;
    }
  job_done (self);
}

static void
identity_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (DcDiagnosis) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (DcIdentity) identity = dc_identity_read_finish (result, &error);

  if (identity == NULL && self->error == NULL)
    self->error = g_steal_pointer (&error);
  if (g_set_object (&self->identity, identity))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IDENTITY]);
  job_done (self);
}

static void
reset (DcDiagnosis *self, const char *root)
{
  g_list_store_remove_all (self->findings);
  memset (self->counts, 0, sizeof self->counts);
  self->done = 0;
  g_clear_error (&self->error);
  g_clear_pointer (&self->generated, g_date_time_unref);
  self->generated = g_date_time_new_now_utc ();
  g_clear_pointer (&self->context, dc_probe_context_unref);
  self->context = dc_probe_context_new (root);
}

/**
 * dc_diagnosis_run_async:
 * @self: a #DcDiagnosis
 * @cancellable: (nullable): a #GCancellable, cancelled when the window closes
 * @callback: called in the thread-default main context when every probe
 *   has answered
 * @user_data: data for @callback
 *
 * Reads the identity and runs every probe, each in a thread; the findings
 * appear in #DcDiagnosis:findings as they come and #DcDiagnosis:progress
 * grows. A run clears what the last one found. Finish with
 * dc_diagnosis_run_finish().
 */
void
dc_diagnosis_run_async (DcDiagnosis *self, GCancellable *cancellable, GAsyncReadyCallback callback,
                        gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  const char *root;

  g_return_if_fail (DC_IS_DIAGNOSIS (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dc_diagnosis_run_async);
  if (self->task != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING, "%s",
                               _ ("A diagnosis is already running."));
      return;
    }

  reset (self, self->root);
  root = dc_probe_context_get_root (self->context);
  self->task = g_steal_pointer (&task);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);

  dc_identity_read_async (root, cancellable, identity_done_cb, g_object_ref (self));
  for (guint i = 0; i < G_N_ELEMENTS (probes); i++)
    {
      g_autoptr (GTask) job = g_task_new (self, cancellable, probe_done_cb, GUINT_TO_POINTER (i));

      g_task_set_source_tag (job, probe_thread);
      g_task_set_task_data (job, dc_probe_context_ref (self->context),
                            (GDestroyNotify)dc_probe_context_unref);
      g_object_set_data (G_OBJECT (job), "probe", GUINT_TO_POINTER (i));
      g_task_run_in_thread (job, probe_thread);
    }
}

/**
 * dc_diagnosis_run_finish:
 * @self: a #DcDiagnosis
 * @result: the #GAsyncResult passed to the callback
 * @error: return location for a #GError: the root is not a directory, the
 *   run was cancelled, or one was already running
 *
 * A probe that could not check its part gives an unknown finding, not an
 * error: the run fails only when the device could not be read at all.
 *
 * Returns: %TRUE when every probe answered
 */
gboolean
dc_diagnosis_run_finish (DcDiagnosis *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dc_diagnosis_run_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
run_sync_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

/**
 * dc_diagnosis_run:
 * @self: a #DcDiagnosis
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Runs the diagnosis and waits for it, the probes still in parallel. For
 * the command line and tests; an app uses dc_diagnosis_run_async().
 *
 * Returns: %TRUE when every probe answered
 */
gboolean
dc_diagnosis_run (DcDiagnosis *self, GCancellable *cancellable, GError **error)
{
  g_autoptr (GMainContext) context = g_main_context_new ();
  g_autoptr (GAsyncResult) result = NULL;

  g_main_context_push_thread_default (context);
  dc_diagnosis_run_async (self, cancellable, run_sync_cb, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  g_main_context_pop_thread_default (context);
  return dc_diagnosis_run_finish (self, result, error);
}

/**
 * dc_diagnosis_get_root:
 * @self: a #DcDiagnosis
 *
 * Returns: (nullable): the root the diagnosis reads under, %NULL for the
 *   default
 */
const char *
dc_diagnosis_get_root (DcDiagnosis *self)
{
  g_return_val_if_fail (DC_IS_DIAGNOSIS (self), NULL);
  return self->root;
}

/**
 * dc_diagnosis_get_findings:
 * @self: a #DcDiagnosis
 *
 * Returns: (transfer none): the findings, a #GListModel of #DcFinding
 */
GListModel *
dc_diagnosis_get_findings (DcDiagnosis *self)
{
  g_return_val_if_fail (DC_IS_DIAGNOSIS (self), NULL);
  return G_LIST_MODEL (self->findings);
}

/**
 * dc_diagnosis_lookup:
 * @self: a #DcDiagnosis
 * @id: a finding's id, such as "battery" or "storage:/"
 *
 * Returns: (transfer none) (nullable): the finding, or %NULL
 */
DcFinding *
dc_diagnosis_lookup (DcDiagnosis *self, const char *id)
{
  g_return_val_if_fail (DC_IS_DIAGNOSIS (self), NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->findings)); i++)
    {
      g_autoptr (DcFinding) finding = g_list_model_get_item (G_LIST_MODEL (self->findings), i);

      if (g_strcmp0 (dc_finding_get_id (finding), id) == 0)
        return finding; /* the store keeps its reference */
    }
  return NULL;
}

/**
 * dc_diagnosis_get_identity:
 * @self: a #DcDiagnosis
 *
 * Returns: (transfer none) (nullable): the identity, once read
 */
DcIdentity *
dc_diagnosis_get_identity (DcDiagnosis *self)
{
  g_return_val_if_fail (DC_IS_DIAGNOSIS (self), NULL);
  return self->identity;
}

/**
 * dc_diagnosis_get_generated:
 * @self: a #DcDiagnosis
 *
 * Returns: (transfer none) (nullable): when the last run started
 */
GDateTime *
dc_diagnosis_get_generated (DcDiagnosis *self)
{
  g_return_val_if_fail (DC_IS_DIAGNOSIS (self), NULL);
  return self->generated;
}

/**
 * dc_diagnosis_get_progress:
 * @self: a #DcDiagnosis
 *
 * Returns: the share of the probes that answered, from 0 to 1
 */
double
dc_diagnosis_get_progress (DcDiagnosis *self)
{
  g_return_val_if_fail (DC_IS_DIAGNOSIS (self), 0);
  return (double)self->done / N_JOBS;
}

/**
 * dc_diagnosis_get_running:
 * @self: a #DcDiagnosis
 *
 * Returns: whether a run is under way
 */
gboolean
dc_diagnosis_get_running (DcDiagnosis *self)
{
  g_return_val_if_fail (DC_IS_DIAGNOSIS (self), FALSE);
  return self->task != NULL;
}

/**
 * dc_diagnosis_to_json:
 * @self: a #DcDiagnosis that has run
 *
 * Returns: (transfer full): the report, see dc_report_build()
 */
JsonNode *
dc_diagnosis_to_json (DcDiagnosis *self)
{
  g_return_val_if_fail (DC_IS_DIAGNOSIS (self), NULL);
  g_return_val_if_fail (self->generated != NULL, NULL);

  return dc_report_build (self->identity, G_LIST_MODEL (self->findings), self->generated);
}
