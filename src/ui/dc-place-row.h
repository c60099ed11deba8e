/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dc-place-result.h"

G_BEGIN_DECLS

#define DC_TYPE_PLACE_ROW (dc_place_row_get_type ())
G_DECLARE_FINAL_TYPE (DcPlaceRow, dc_place_row, DC, PLACE_ROW, AdwActionRow)

GtkWidget *dc_place_row_new (DcPlaceResult *result, gboolean miles);
DcPlaceResult *dc_place_row_get_result (DcPlaceRow *self);

G_END_DECLS
