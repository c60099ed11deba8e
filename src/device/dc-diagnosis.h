/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "dc-finding.h"
#include "dc-identity.h"

G_BEGIN_DECLS

#define DC_TYPE_DIAGNOSIS (dc_diagnosis_get_type ())
G_DECLARE_FINAL_TYPE (DcDiagnosis, dc_diagnosis, DC, DIAGNOSIS, GObject)

DcDiagnosis *dc_diagnosis_new (const char *root);
void dc_diagnosis_run_async (DcDiagnosis *self, GCancellable *cancellable,
                             GAsyncReadyCallback callback, gpointer user_data);
gboolean dc_diagnosis_run_finish (DcDiagnosis *self, GAsyncResult *result, GError **error);
gboolean dc_diagnosis_run (DcDiagnosis *self, GCancellable *cancellable, GError **error);

const char *dc_diagnosis_get_root (DcDiagnosis *self);
GListModel *dc_diagnosis_get_findings (DcDiagnosis *self);
DcFinding *dc_diagnosis_lookup (DcDiagnosis *self, const char *id);
DcIdentity *dc_diagnosis_get_identity (DcDiagnosis *self);
GDateTime *dc_diagnosis_get_generated (DcDiagnosis *self);
double dc_diagnosis_get_progress (DcDiagnosis *self);
gboolean dc_diagnosis_get_running (DcDiagnosis *self);

JsonNode *dc_diagnosis_to_json (DcDiagnosis *self);

G_END_DECLS
