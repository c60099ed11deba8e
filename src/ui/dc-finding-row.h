/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dc-finding.h"

G_BEGIN_DECLS

#define DC_TYPE_FINDING_ROW (dc_finding_row_get_type ())
G_DECLARE_FINAL_TYPE (DcFindingRow, dc_finding_row, DC, FINDING_ROW, AdwExpanderRow)

GtkWidget *dc_finding_row_new (DcFinding *finding);
DcFinding *dc_finding_row_get_finding (DcFindingRow *self);
const char *dc_finding_row_status_icon (DcFindingStatus status);

G_END_DECLS
