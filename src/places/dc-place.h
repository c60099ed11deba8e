/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  DC_PLACE_KIND_SERVICE_CENTER,
  DC_PLACE_KIND_EXPERIENCE_STORE,
} DcPlaceKind;

#define DC_TYPE_PLACE_KIND (dc_place_kind_get_type ())
GType dc_place_kind_get_type (void);

const char *dc_place_kind_to_string (DcPlaceKind kind);
gboolean dc_place_kind_from_string (const char *str, DcPlaceKind *kind);
const char *dc_place_kind_to_label (DcPlaceKind kind);

#define DC_TYPE_PLACE (dc_place_get_type ())
G_DECLARE_FINAL_TYPE (DcPlace, dc_place, DC, PLACE, GObject)

const char *dc_place_get_id (DcPlace *self);
DcPlaceKind dc_place_get_kind (DcPlace *self);
const char *dc_place_get_name (DcPlace *self);
const char *dc_place_get_street (DcPlace *self);
const char *dc_place_get_postcode (DcPlace *self);
const char *dc_place_get_city (DcPlace *self);
const char *dc_place_get_country (DcPlace *self);
const char *dc_place_get_phone (DcPlace *self);
const char *dc_place_get_email (DcPlace *self);
const char *dc_place_get_website (DcPlace *self);
const char *dc_place_get_opening_hours (DcPlace *self);
const char *const *dc_place_get_services (DcPlace *self);
const char *dc_place_get_wheelchair (DcPlace *self);
const char *dc_place_get_timezone (DcPlace *self);
double dc_place_get_latitude (DcPlace *self);
double dc_place_get_longitude (DcPlace *self);

const char *dc_place_default_timezone_for_country (const char *country);

G_END_DECLS
