/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dc-diagnosis.h"

G_BEGIN_DECLS

#define DC_TYPE_DIAGNOSIS_VIEW (dc_diagnosis_view_get_type ())
G_DECLARE_FINAL_TYPE (DcDiagnosisView, dc_diagnosis_view, DC, DIAGNOSIS_VIEW, AdwBin)

DcDiagnosis *dc_diagnosis_view_get_diagnosis (DcDiagnosisView *self);
void dc_diagnosis_view_save_report_async (DcDiagnosisView *self, GFile *file,
                                          GCancellable *cancellable, GAsyncReadyCallback callback,
                                          gpointer user_data);
gboolean dc_diagnosis_view_save_report_finish (DcDiagnosisView *self, GAsyncResult *result,
                                               GError **error);

G_END_DECLS
