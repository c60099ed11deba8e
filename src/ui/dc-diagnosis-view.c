/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "device-care"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "dc-diagnosis-view.h"
#include "dc-finding-row.h"
#include "dc-report.h"

/**
 * DcDiagnosisView:
 *
 * "Run Diagnosis" and what it found: a progress bar while the probes
 * answer, then the findings grouped by verdict, worst first (needs repair,
 * needs attention, could not check, working well), each group a list bound
 * to the diagnosis' findings through a filter. "Save Report…" writes the
 * report through the file chooser, which is the portal's in a sandbox.
 */
struct _DcDiagnosisView
{
  AdwBin parent_instance;

  DcDiagnosis *diagnosis;
  GCancellable *cancellable;
  GtkNativeDialog *chooser;
  GListModel *groups_models[4]; /* by DcFindingStatus */

  GtkProgressBar *progress_bar;
  GtkLabel *status_label;
  GtkWidget *save_button;
  AdwPreferencesGroup *critical_group;
  AdwPreferencesGroup *warning_group;
  AdwPreferencesGroup *unknown_group;
  AdwPreferencesGroup *ok_group;
  GtkListBox *critical_list;
  GtkListBox *warning_list;
  GtkListBox *unknown_list;
  GtkListBox *ok_list;
};

G_DEFINE_FINAL_TYPE (DcDiagnosisView, dc_diagnosis_view, ADW_TYPE_BIN)

static void
show_status (DcDiagnosisView *self, const char *text)
{
  gtk_label_set_text (self->status_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL);
}

static void
update_actions (DcDiagnosisView *self)
{
  gboolean running = dc_diagnosis_get_running (self->diagnosis);
  gboolean done = !running && dc_diagnosis_get_generated (self->diagnosis) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "diagnosis.run", !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "diagnosis.save-report", done);
  gtk_widget_set_visible (self->save_button, done);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), running);
}

static void
run_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (DcDiagnosisView) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!dc_diagnosis_run_finish (DC_DIAGNOSIS (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      show_status (self, error->message);
    }
  update_actions (self);
}

static void
run_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  DcDiagnosisView *self = DC_DIAGNOSIS_VIEW (widget);

  show_status (self, NULL);
  dc_diagnosis_run_async (self->diagnosis, self->cancellable, run_done_cb, g_object_ref (self));
  update_actions (self);
}

static void
save_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  DcDiagnosisView *self = DC_DIAGNOSIS_VIEW (source);
  GFile *file = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *text = NULL;

  if (dc_diagnosis_view_save_report_finish (self, result, &error))
    /* Translators: %s is a file name. */
    text = g_strdup_printf (_ ("The report was saved as “%s”."), name);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    /* Translators: %s says why, such as "Permission denied". */
    text = g_strdup_printf (_ ("The report could not be saved: %s"), error->message);
  if (text != NULL)
    show_status (self, text);
  g_object_unref (file);
}

static void
chooser_response_cb (GtkNativeDialog *chooser, int response, gpointer user_data)
{
  DcDiagnosisView *self = user_data;
  g_autoptr (GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL)
    dc_diagnosis_view_save_report_async (self, file, self->cancellable, save_done_cb,
                                         g_object_ref (file));
  g_clear_object (&self->chooser);
}

static char *
suggested_name (DcDiagnosisView *self)
{
  g_autoptr (GDateTime) local = g_date_time_to_local (dc_diagnosis_get_generated (self->diagnosis));
  g_autofree char *date = g_date_time_format (local, "%Y-%m-%d-%H%M");

  /* A file name, not for translation: it travels to support agents. */
  return g_strdup_printf ("device-report-%s.json", date);
}

static void
save_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  DcDiagnosisView *self = DC_DIAGNOSIS_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = suggested_name (self);
  GtkFileChooserNative *chooser;

  if (self->chooser != NULL)
    return;
  /* GTK 4.8 has no GtkFileDialog; the native chooser goes through the portal when there is one. */
  chooser = gtk_file_chooser_native_new (_ ("Save Report"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _ ("_Save"), _ ("_Cancel"));
  gtk_file_filter_set_name (filter, _ ("Reports (JSON)"));
  gtk_file_filter_add_mime_type (filter, "application/json");
  gtk_file_filter_add_suffix (filter, "json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), self);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

static gboolean
has_status (gpointer item, gpointer user_data)
{
  return dc_finding_get_status (DC_FINDING (item)) == (DcFindingStatus)GPOINTER_TO_INT (user_data);
}

static GtkWidget *
create_row (gpointer item, gpointer user_data)
{
  return dc_finding_row_new (DC_FINDING (item));
}

static void
group_items_changed (GListModel *model, guint position, guint removed, guint added, gpointer group)
{
  gtk_widget_set_visible (GTK_WIDGET (group), g_list_model_get_n_items (model) > 0);
}

/* Each verdict's group lists the findings with that verdict, as they arrive. */
static void
bind_group (DcDiagnosisView *self, DcFindingStatus status, AdwPreferencesGroup *group,
            GtkListBox *list)
{
  GtkCustomFilter *filter = gtk_custom_filter_new (has_status, GINT_TO_POINTER (status), NULL);
  GtkFilterListModel *model = gtk_filter_list_model_new (
    g_object_ref (dc_diagnosis_get_findings (self->diagnosis)), GTK_FILTER (filter));

  gtk_list_box_bind_model (list, G_LIST_MODEL (model), create_row, NULL, NULL);
  g_signal_connect_object (model, "items-changed", G_CALLBACK (group_items_changed), group, 0);
  self->groups_models[status] = G_LIST_MODEL (model);
}

static void
dc_diagnosis_view_dispose (GObject *object)
{
  DcDiagnosisView *self = DC_DIAGNOSIS_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
  for (guint i = 0; i < G_N_ELEMENTS (self->groups_models); i++)
    g_clear_object (&self->groups_models[i]);
  gtk_widget_dispose_template (GTK_WIDGET (self), DC_TYPE_DIAGNOSIS_VIEW);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->diagnosis);

  G_OBJECT_CLASS (dc_diagnosis_view_parent_class)->dispose (object);
}

static void
dc_diagnosis_view_class_init (DcDiagnosisViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dc_diagnosis_view_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/dc-diagnosis-view.ui");
  gtk_widget_class_bind_template_child (widget_class, DcDiagnosisView, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, DcDiagnosisView, status_label);
  gtk_widget_class_bind_template_child (widget_class, DcDiagnosisView, save_button);
  gtk_widget_class_bind_template_child (widget_class, DcDiagnosisView, critical_group);
  gtk_widget_class_bind_template_child (widget_class, DcDiagnosisView, warning_group);
  gtk_widget_class_bind_template_child (widget_class, DcDiagnosisView, unknown_group);
  gtk_widget_class_bind_template_child (widget_class, DcDiagnosisView, ok_group);
  gtk_widget_class_bind_template_child (widget_class, DcDiagnosisView, critical_list);
  gtk_widget_class_bind_template_child (widget_class, DcDiagnosisView, warning_list);
  gtk_widget_class_bind_template_child (widget_class, DcDiagnosisView, unknown_list);
  gtk_widget_class_bind_template_child (widget_class, DcDiagnosisView, ok_list);

  gtk_widget_class_install_action (widget_class, "diagnosis.run", NULL, run_activated);
  gtk_widget_class_install_action (widget_class, "diagnosis.save-report", NULL, save_activated);
}

static void
dc_diagnosis_view_init (DcDiagnosisView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  /* The root is read when it runs, so a replayed tree set later is the one diagnosed. */
  self->diagnosis = dc_diagnosis_new (NULL);
  bind_group (self, DC_FINDING_STATUS_CRITICAL, self->critical_group, self->critical_list);
  bind_group (self, DC_FINDING_STATUS_WARNING, self->warning_group, self->warning_list);
  bind_group (self, DC_FINDING_STATUS_UNKNOWN, self->unknown_group, self->unknown_list);
  bind_group (self, DC_FINDING_STATUS_OK, self->ok_group, self->ok_list);

  g_object_bind_property (self->diagnosis, "progress", self->progress_bar, "fraction",
                          G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->diagnosis, "notify::running", G_CALLBACK (update_actions), self,
                           G_CONNECT_SWAPPED);
  update_actions (self);
}

/**
 * dc_diagnosis_view_get_diagnosis:
 * @self: a #DcDiagnosisView
 *
 * Returns: (transfer none): the diagnosis shown
 */
DcDiagnosis *
dc_diagnosis_view_get_diagnosis (DcDiagnosisView *self)
{
  g_return_val_if_fail (DC_IS_DIAGNOSIS_VIEW (self), NULL);
  return self->diagnosis;
}

static void
replace_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * dc_diagnosis_view_save_report_async:
 * @self: a #DcDiagnosisView whose diagnosis has run
 * @file: where to write the report
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the report is written
 * @user_data: data for @callback
 *
 * Writes the report, indented for a person, readable by the customer only:
 * it holds the serial number and IMEIs.
 */
void
dc_diagnosis_view_save_report_async (DcDiagnosisView *self, GFile *file, GCancellable *cancellable,
                                     GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (JsonNode) report = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autofree char *text = NULL;
  char *json;

  g_return_if_fail (DC_IS_DIAGNOSIS_VIEW (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (dc_diagnosis_get_generated (self->diagnosis) != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dc_diagnosis_view_save_report_async);
  report = dc_diagnosis_to_json (self->diagnosis);
  text = dc_report_to_string (report, TRUE);
  json = g_strconcat (text, "\n", NULL);
  bytes = g_bytes_new_take (json, strlen (json));
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE,
                                       G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                                       cancellable, replace_done_cb, g_steal_pointer (&task));
}

/**
 * dc_diagnosis_view_save_report_finish:
 * @self: a #DcDiagnosisView
 * @result: the #GAsyncResult passed to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the report was written
 */
gboolean
dc_diagnosis_view_save_report_finish (DcDiagnosisView *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
