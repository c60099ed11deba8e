/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-places"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "dc-place-feed-private.h"
#include "dc-place-store-private.h"

/* DcPlaceStore's refresh, in its worker thread: ask the feed, and keep
 * what it answers only when it holds up. The copy, its index and the note
 * with its entity tag and freshness are written in that order, so a crash
 * in between leaves at worst a copy whose index is built again. */

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static void
keeping (GError **error, const char *why)
{
  /* Messages from other libraries may not end a sentence. */
  g_autofree char *sentence
    = g_str_has_suffix (why, ".") ? g_strdup (why) : g_strconcat (why, ".", NULL);

  g_set_error (error, DC_PLACES_ERROR, DC_PLACES_ERROR_FEED,
               /* Translators: %s says what went wrong, as a sentence */
               _ ("%s The places already on this device are kept."), sentence);
}

/**
 * dc_place_store_build_from_geojson:
 * @geojson: a places file
 * @origin: where it came from
 * @error: why it cannot be used
 *
 * Returns: (transfer full) (nullable): an index of its valid places; %NULL
 *   when there are none, though the file has features
 */
DcPlaceIndex *
dc_place_store_build_from_geojson (GBytes *geojson, const char *origin, GError **error)
{
  g_autoptr (DcPlaceCollection) collection = dc_place_collection_new_from_geojson (geojson, error);
  GPtrArray *problems;

  if (collection == NULL)
    return NULL;

  problems = dc_place_collection_get_problems (collection);
  if (g_list_model_get_n_items (G_LIST_MODEL (collection)) == 0 && problems->len > 0)
    {
      DcPlaceProblem *first = g_ptr_array_index (problems, 0);

      g_set_error (error, DC_PLACES_ERROR, DC_PLACES_ERROR_INVALID,
                   /* Translators: %u is a number of features; the last %s says what is
                    * wrong with the first of them */
                   _ ("None of the %u places in the file is valid. The first: %s"), problems->len,
                   first->message);
      return NULL;
    }
  if (problems->len > 0)
    g_debug ("%u features of the places file were skipped", problems->len);

  return dc_place_index_new_from_collection (collection, origin);
}

static DcPlaceStoreWork *
not_modified (DcPlaceStore *self, DcPlaceFeedState *state, DcPlaceFeedResponse *response)
{
  g_autofree char *state_path = dc_place_store_path (self, DC_PLACE_STORE_STATE_FILE);
  DcPlaceStoreWork *result = g_new0 (DcPlaceStoreWork, 1);

  state->fetched = now_seconds ();
  state->expires = state->fetched + response->max_age;
  if (!dc_place_feed_state_save (state, state_path, NULL))
    g_debug ("Could not note the places feed’s freshness");

  result->outcome = DC_PLACE_REFRESH_NOT_MODIFIED;
  return result;
}

static void
keep_copy (DcPlaceStore *self, DcPlaceIndex *index, DcPlaceFeedResponse *response)
{
  g_autofree char *copy_path = dc_place_store_path (self, DC_PLACE_STORE_FEED_FILE);
  g_autofree char *index_path = dc_place_store_path (self, DC_PLACE_STORE_INDEX_FILE);
  g_autofree char *state_path = dc_place_store_path (self, DC_PLACE_STORE_STATE_FILE);
  g_autoptr (GError) error = NULL;
  DcPlaceFeedState state = { 0 };
  gsize size = 0;
  const char *data = g_bytes_get_data (response->body, &size);

  state.url = (char *)dc_place_store_get_feed_url (self);
  state.etag = response->etag;
  state.fetched = now_seconds ();
  state.expires = state.fetched + response->max_age;

  if (g_mkdir_with_parents (dc_place_store_get_cache_dir (self), 0700) != 0
      || !g_file_set_contents_full (copy_path, data, size, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                    &error)
      || !dc_place_index_write (index, index_path, &error)
      || !dc_place_feed_state_save (&state, state_path, &error))
    g_debug ("Could not keep the places feed in %s: %s", dc_place_store_get_cache_dir (self),
             error != NULL ? error->message : g_strerror (errno));
}

static DcPlaceStoreWork *
fetched (DcPlaceStore *self, DcPlaceFeedResponse *response, GError **error)
{
  g_autofree char *origin = dc_place_store_feed_origin (dc_place_store_get_feed_url (self));
  g_autoptr (GError) invalid = NULL;
  g_autoptr (DcPlaceIndex) index = NULL;
  DcPlaceStoreWork *result;

  index = dc_place_store_build_from_geojson (response->body, origin, &invalid);
  if (index == NULL)
    {
      g_autofree char *why
        /* Translators: %s is what is wrong with the file, as a sentence */
        = g_strdup_printf (_ ("The places feed is not usable: %s"), invalid->message);

      keeping (error, why);
      return NULL;
    }

  keep_copy (self, index, response);
  result = g_new0 (DcPlaceStoreWork, 1);
  result->index = g_steal_pointer (&index);
  result->outcome = DC_PLACE_REFRESH_UPDATED;
  return result;
}

static DcPlaceStoreWork *
answered (DcPlaceStore *self, DcPlaceFeedState *state, gboolean have_copy,
          DcPlaceFeedResponse *response, GError **error)
{
  g_autofree char *why = NULL;

  if (response->status == SOUP_STATUS_OK)
    return fetched (self, response, error);
  if (response->status == SOUP_STATUS_NOT_MODIFIED && have_copy)
    return not_modified (self, state, response);

  why = g_strdup_printf (
    /* Translators: an HTTP status such as “500 Internal Server Error” */
    _ ("The places feed answered “%u %s”."), response->status,
    response->reason != NULL ? response->reason : soup_status_get_phrase (response->status));
  keeping (error, why);
  return NULL;
}

/**
 * dc_place_store_refresh_in_thread:
 * @self: a store
 * @cancellable: (nullable): a #GCancellable
 * @error: why the feed was not used
 *
 * Returns: (transfer full) (nullable): what happened, with the new index
 *   when there is one
 */
DcPlaceStoreWork *
dc_place_store_refresh_in_thread (DcPlaceStore *self, GCancellable *cancellable, GError **error)
{
  const char *url = dc_place_store_get_feed_url (self);
  g_autofree char *state_path = dc_place_store_path (self, DC_PLACE_STORE_STATE_FILE);
  g_autofree char *copy_path = dc_place_store_path (self, DC_PLACE_STORE_FEED_FILE);
  g_autoptr (DcPlaceFeedState) state = dc_place_feed_state_load (state_path);
  g_autoptr (DcPlaceFeedResponse) response = NULL;
  g_autoptr (GError) failure = NULL;
  DcPlaceStoreWork *result;
  gboolean have_copy;

  if (url == NULL)
    {
      result = g_new0 (DcPlaceStoreWork, 1);
      result->outcome = DC_PLACE_REFRESH_NO_FEED;
      return result;
    }
  if (!dc_place_feed_check_url (url, error))
    return NULL;

  have_copy = g_strcmp0 (state->url, url) == 0 && g_file_test (copy_path, G_FILE_TEST_EXISTS);
  if (have_copy && now_seconds () < state->expires)
    {
      result = g_new0 (DcPlaceStoreWork, 1);
      result->outcome = DC_PLACE_REFRESH_FRESH;
      return result;
    }

  response = dc_place_feed_fetch (url, have_copy ? state->etag : NULL,
                                  dc_place_store_get_timeout (self), cancellable, &failure);
  if (response == NULL)
    {
      g_autofree char *why
        /* Translators: %s is the network's explanation */
        = g_strdup_printf (_ ("Could not fetch the places feed: %s"), failure->message);

      if (g_error_matches (failure, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&failure));
      else
        keeping (error, why);
      return NULL;
    }

  return answered (self, state, have_copy, response, error);
}
