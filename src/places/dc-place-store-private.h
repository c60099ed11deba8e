/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dc-place-store.h"

G_BEGIN_DECLS

/* The files in the cache directory. */
#define DC_PLACE_STORE_INDEX_FILE "places.index"
#define DC_PLACE_STORE_FEED_FILE "places.geojson"
#define DC_PLACE_STORE_STATE_FILE "places.state"

/* What the worker thread found, for the main thread to apply. */
typedef struct
{
  DcPlaceIndex *index; /* a new current set, or NULL */
  DcPlaceRefresh outcome;
  GListModel *places;
} DcPlaceStoreWork;

char *dc_place_store_path (DcPlaceStore *self, const char *name);
char *dc_place_store_feed_origin (const char *url);
guint dc_place_store_get_timeout (DcPlaceStore *self);
DcPlaceIndex *dc_place_store_build_from_geojson (GBytes *geojson, const char *origin,
                                                 GError **error);
DcPlaceStoreWork *dc_place_store_refresh_in_thread (DcPlaceStore *self, GCancellable *cancellable,
                                                    GError **error);

G_END_DECLS
