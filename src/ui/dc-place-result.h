/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dc-opening-hours.h"
#include "dc-place.h"

G_BEGIN_DECLS

#define DC_TYPE_PLACE_RESULT (dc_place_result_get_type ())
G_DECLARE_FINAL_TYPE (DcPlaceResult, dc_place_result, DC, PLACE_RESULT, GObject)

DcPlaceResult *dc_place_result_new (DcPlace *place, double distance_m, GDateTime *now);

DcPlace *dc_place_result_get_place (DcPlaceResult *self);
double dc_place_result_get_distance (DcPlaceResult *self);
DcOpenState dc_place_result_get_state (DcPlaceResult *self);
GDateTime *dc_place_result_get_next_change (DcPlaceResult *self);
const char *dc_place_result_get_state_line (DcPlaceResult *self);

G_END_DECLS
