/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dc-place-collection.h"

G_BEGIN_DECLS

/* The mean radius of the earth (IUGG), in metres. */
#define DC_EARTH_RADIUS_M 6371008.8

/* One place a search found: its position in the index and how far it is. */
typedef struct
{
  guint index;
  double distance_m;
} DcPlaceHit;

/* Which places a search returns; all zero lets every place through. */
typedef struct
{
  guint kinds;         /* DC_PLACE_FILTER_KIND() bits, or 0 for every kind */
  const char *service; /* a service the place must offer, or NULL */
} DcPlaceFilter;

#define DC_PLACE_FILTER_KIND(kind) (1u << (kind))

#define DC_TYPE_PLACE_INDEX (dc_place_index_get_type ())
G_DECLARE_FINAL_TYPE (DcPlaceIndex, dc_place_index, DC, PLACE_INDEX, GObject)

DcPlaceIndex *dc_place_index_new_from_collection (DcPlaceCollection *collection,
                                                  const char *origin);
DcPlaceIndex *dc_place_index_new_from_bytes (GBytes *bytes, GError **error);
DcPlaceIndex *dc_place_index_open (const char *path, GError **error);
gboolean dc_place_index_write (DcPlaceIndex *self, const char *path, GError **error);

guint dc_place_index_get_n_places (DcPlaceIndex *self);
gboolean dc_place_index_get_is_demo (DcPlaceIndex *self);
const char *dc_place_index_get_dataset_name (DcPlaceIndex *self);
const char *dc_place_index_get_origin (DcPlaceIndex *self);
DcPlace *dc_place_index_dup_place (DcPlaceIndex *self, guint index);
GArray *dc_place_index_nearest (DcPlaceIndex *self, double latitude, double longitude, guint limit,
                                double max_distance_m, const DcPlaceFilter *filter);
GArray *dc_place_index_search_text (DcPlaceIndex *self, const char *text,
                                    const DcPlaceFilter *filter);
GListModel *dc_place_index_dup_places (DcPlaceIndex *self, GArray *hits);

double dc_place_distance (double latitude1, double longitude1, double latitude2, double longitude2);

G_END_DECLS
