/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dc-place.h"

G_BEGIN_DECLS

#define DC_PLACES_ERROR (dc_places_error_quark ())
GQuark dc_places_error_quark (void);

typedef enum
{
  DC_PLACES_ERROR_INVALID, /* not GeoJSON, or not a FeatureCollection */
  DC_PLACES_ERROR_DAMAGED, /* an index file that is cut short, damaged or of another version */
  DC_PLACES_ERROR_FEED,    /* the vendor's feed could not be fetched or used */
  DC_PLACES_ERROR_HOURS,   /* an opening_hours value that is not understood */
} DcPlacesError;

/* One feature that was skipped, and why. */
typedef struct
{
  guint index; /* position in the "features" array, from 0 */
  char *id;    /* the feature's "id" property, or NULL */
  char *message;
} DcPlaceProblem;

void dc_place_problem_free (DcPlaceProblem *problem);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DcPlaceProblem, dc_place_problem_free)

#define DC_TYPE_PLACE_COLLECTION (dc_place_collection_get_type ())
G_DECLARE_FINAL_TYPE (DcPlaceCollection, dc_place_collection, DC, PLACE_COLLECTION, GObject)

DcPlaceCollection *dc_place_collection_new_from_geojson (GBytes *geojson, GError **error);
DcPlaceCollection *dc_place_collection_new_demo (GError **error);

gboolean dc_place_collection_get_is_demo (DcPlaceCollection *self);
const char *dc_place_collection_get_dataset_name (DcPlaceCollection *self);
GPtrArray *dc_place_collection_get_problems (DcPlaceCollection *self);

G_END_DECLS
