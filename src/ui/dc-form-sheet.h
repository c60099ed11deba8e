/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dc-support-session.h"

G_BEGIN_DECLS

#define DC_TYPE_FORM_SHEET (dc_form_sheet_get_type ())
G_DECLARE_FINAL_TYPE (DcFormSheet, dc_form_sheet, DC, FORM_SHEET, AdwWindow)

GtkWidget *dc_form_sheet_new (DcSupportSession *session, DcDataForm *form);
DcDataForm *dc_form_sheet_get_form (DcFormSheet *self);

G_END_DECLS
