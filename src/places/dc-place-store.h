/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dc-place-index.h"

G_BEGIN_DECLS

/* What a refresh did. */
typedef enum
{
  DC_PLACE_REFRESH_FAILED,       /* see the error; the places already here are kept */
  DC_PLACE_REFRESH_UPDATED,      /* the feed had new places, now in use */
  DC_PLACE_REFRESH_NOT_MODIFIED, /* the server said the copy here is current */
  DC_PLACE_REFRESH_FRESH,        /* not asked: the feed's Cache-Control still covers the copy */
  DC_PLACE_REFRESH_NO_FEED,      /* the vendor configured no feed */
} DcPlaceRefresh;

#define DC_TYPE_PLACE_STORE (dc_place_store_get_type ())
G_DECLARE_FINAL_TYPE (DcPlaceStore, dc_place_store, DC, PLACE_STORE, GObject)

DcPlaceStore *dc_place_store_new (const char *feed_url, const char *cache_dir);

const char *dc_place_store_get_feed_url (DcPlaceStore *self);
const char *dc_place_store_get_cache_dir (DcPlaceStore *self);
DcPlaceIndex *dc_place_store_get_index (DcPlaceStore *self);

DcPlaceIndex *dc_place_store_load (DcPlaceStore *self, GCancellable *cancellable, GError **error);
void dc_place_store_load_async (DcPlaceStore *self, GCancellable *cancellable,
                                GAsyncReadyCallback callback, gpointer user_data);
DcPlaceIndex *dc_place_store_load_finish (DcPlaceStore *self, GAsyncResult *result, GError **error);

void dc_place_store_list_async (DcPlaceStore *self, gboolean by_distance, double latitude,
                                double longitude, GCancellable *cancellable,
                                GAsyncReadyCallback callback, gpointer user_data);
GListModel *dc_place_store_list_finish (DcPlaceStore *self, GAsyncResult *result, GError **error);

void dc_place_store_refresh_async (DcPlaceStore *self, GCancellable *cancellable,
                                   GAsyncReadyCallback callback, gpointer user_data);
DcPlaceRefresh dc_place_store_refresh_finish (DcPlaceStore *self, GAsyncResult *result,
                                              GError **error);

G_END_DECLS
