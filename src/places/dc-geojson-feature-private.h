/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "dc-place.h"

G_BEGIN_DECLS

DcPlace *dc_geojson_feature_parse (JsonNode *feature, char **id, GError **error);

G_END_DECLS
