/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dc-place.h"

G_BEGIN_DECLS

#define DC_TYPE_PLACE_DETAILS (dc_place_details_get_type ())
G_DECLARE_FINAL_TYPE (DcPlaceDetails, dc_place_details, DC, PLACE_DETAILS, AdwBin)

void dc_place_details_set_place (DcPlaceDetails *self, DcPlace *place, GDateTime *now);
DcPlace *dc_place_details_get_place (DcPlaceDetails *self);

G_END_DECLS
