/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dc-opening-hours.h"
#include "dc-place.h"

G_BEGIN_DECLS

gboolean dc_place_format_uses_miles (const char *country);
char *dc_place_format_distance (double metres, gboolean miles);
char *dc_place_format_address (DcPlace *place);
const char *dc_place_format_service (const char *service);
const char *dc_place_format_wheelchair (const char *wheelchair);
char *dc_place_format_tel_uri (const char *phone);
char *dc_place_format_geo_uri (DcPlace *place);
char *dc_place_format_website_uri (const char *website);
char *dc_place_format_day_hours (GArray *spans);
GTimeZone *dc_place_format_dup_timezone (DcPlace *place);

G_END_DECLS
