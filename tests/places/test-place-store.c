/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-places"

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <locale.h>
#include <string.h>

#include "dc-place-store.h"

/* The vendor's feed, served by a SoupServer on loopback in this process;
 * each test sets what it answers. */
typedef struct
{
  SoupServer *server;
  char *url;
  char *cache_dir;
  DcPlaceStore *store;

  guint status;
  GBytes *body;
  const char *etag;
  const char *cache_control;
  guint delay_ms;
  guint delay_source;

  guint requests;
  char *if_none_match;
  guint index_changes;
} Fixture;

static GBytes *
fixture_bytes (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "places", name, NULL);
  g_autoptr (GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

static gboolean
unpause (gpointer data)
{
  Fixture *f = data;
  SoupServerMessage *message = g_object_get_data (G_OBJECT (f->server), "paused");

  f->delay_source = 0;
  soup_server_message_unpause (message);
  g_object_set_data (G_OBJECT (f->server), "paused", NULL);
  return G_SOURCE_REMOVE;
}

static void
serve (SoupServer *server, SoupServerMessage *message, const char *path, GHashTable *query,
       gpointer data)
{
  Fixture *f = data;
  SoupMessageHeaders *request = soup_server_message_get_request_headers (message);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (message);
  gsize size = 0;
  const char *body = f->body != NULL ? g_bytes_get_data (f->body, &size) : "";

  f->requests++;
  g_free (f->if_none_match);
  f->if_none_match = g_strdup (soup_message_headers_get_one (request, "If-None-Match"));

  if (f->etag != NULL)
    soup_message_headers_replace (response, "ETag", f->etag);
  if (f->cache_control != NULL)
    soup_message_headers_replace (response, "Cache-Control", f->cache_control);

  if (f->status == SOUP_STATUS_OK && f->etag != NULL && g_strcmp0 (f->if_none_match, f->etag) == 0)
    soup_server_message_set_status (message, SOUP_STATUS_NOT_MODIFIED, NULL);
  else
    {
      soup_server_message_set_status (message, f->status, NULL);
      soup_server_message_set_response (message, "application/geo+json", SOUP_MEMORY_COPY, body,
                                        size);
    }

  if (f->delay_ms > 0)
    {
      soup_server_message_pause (message);
      g_object_set_data_full (G_OBJECT (server), "paused", g_object_ref (message), g_object_unref);
      f->delay_source = g_timeout_add (f->delay_ms, unpause, f);
    }
}

static void
on_index_changed (GObject *store, GParamSpec *pspec, gpointer data)
{
  Fixture *f = data;

  f->index_changes++;
}

static DcPlaceStore *
new_store (Fixture *f, const char *url)
{
  DcPlaceStore *store = g_object_new (DC_TYPE_PLACE_STORE, "feed-url", url, "cache-dir",
                                      f->cache_dir, "timeout", 1, NULL);

  g_signal_connect (store, "notify::index", G_CALLBACK (on_index_changed), f);
  return store;
}

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSList) uris = NULL;
  g_autofree char *base = NULL;

  f->cache_dir = g_dir_make_tmp ("test-place-store-XXXXXX", &error);
  g_assert_no_error (error);

  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, "/places.geojson", serve, f, NULL);
  soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  base = g_uri_to_string (uris->data);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify)g_uri_unref);
  f->url = g_strconcat (base, "places.geojson", NULL);

  f->status = SOUP_STATUS_OK;
  f->body = fixture_bytes ("feed.geojson");
  f->store = new_store (f, f->url);
}

static void
remove_cache (const char *dir)
{
  const char *names[] = { "places.index", "places.geojson", "places.state" };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);

      g_unlink (path);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->store);
  g_clear_handle_id (&f->delay_source, g_source_remove);
  soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  g_clear_pointer (&f->body, g_bytes_unref);
  g_free (f->if_none_match);
  g_free (f->url);
  remove_cache (f->cache_dir);
  g_free (f->cache_dir);
}

typedef struct
{
  GAsyncResult *result;
} Wait;

static void
on_done (GObject *source, GAsyncResult *result, gpointer data)
{
  Wait *wait = data;

  wait->result = g_object_ref (result);
}

static GAsyncResult *
wait_for (Wait *wait)
{
  while (wait->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return wait->result;
}

static DcPlaceRefresh
refresh (DcPlaceStore *store, GError **error)
{
  Wait wait = { NULL };
  g_autoptr (GAsyncResult) result = NULL;

  dc_place_store_refresh_async (store, NULL, on_done, &wait);
  result = wait_for (&wait);
  return dc_place_store_refresh_finish (store, result, error);
}

static DcPlaceIndex *
load (DcPlaceStore *store)
{
  Wait wait = { NULL };
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  DcPlaceIndex *index;

  dc_place_store_load_async (store, NULL, on_done, &wait);
  result = wait_for (&wait);
  index = dc_place_store_load_finish (store, result, &error);
  g_assert_no_error (error);
  return index;
}

static char *
cache_path (Fixture *f, const char *name)
{
  return g_build_filename (f->cache_dir, name, NULL);
}

static void
assert_feed_places (DcPlaceIndex *index, Fixture *f)
{
  g_autofree char *origin = g_strconcat ("feed:", f->url, NULL);

  /* Three good places; the fourth feature is broken and skipped. */
  g_assert_nonnull (index);
  g_assert_cmpuint (dc_place_index_get_n_places (index), ==, 3);
  g_assert_false (dc_place_index_get_is_demo (index));
  g_assert_cmpstr (dc_place_index_get_dataset_name (index), ==, "Acme places");
  g_assert_cmpstr (dc_place_index_get_origin (index), ==, origin);
}

static void
test_demo_first (Fixture *f, gconstpointer data)
{
  g_autoptr (DcPlaceStore) no_feed = new_store (f, NULL);
  g_autoptr (DcPlaceStore) again = new_store (f, NULL);
  g_autoptr (DcPlaceStore) after_damage = new_store (f, NULL);
  g_autoptr (DcPlaceIndex) index = load (no_feed);
  g_autoptr (DcPlaceIndex) cached = NULL;
  g_autoptr (DcPlaceIndex) rebuilt = NULL;
  g_autofree char *path = cache_path (f, "places.index");
  g_autoptr (GError) error = NULL;
  GStatBuf info;

  g_assert_true (dc_place_index_get_is_demo (index));
  g_assert_cmpuint (dc_place_index_get_n_places (index), >=, 60);
  g_assert_true (dc_place_store_get_index (no_feed) == index);
  g_assert_cmpuint (f->index_changes, ==, 1);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  cached = load (again);
  g_assert_cmpstr (dc_place_index_get_origin (cached), ==, dc_place_index_get_origin (index));
  g_assert_true (g_str_has_prefix (dc_place_index_get_origin (cached), "demo:"));

  /* A damaged index is built again, without a word to the customer. */
  g_file_set_contents (path, "garbage", 7, &error);
  g_assert_no_error (error);
  rebuilt = dc_place_store_load (after_damage, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dc_place_index_get_n_places (rebuilt), ==, dc_place_index_get_n_places (index));
  g_assert_cmpint (g_stat (path, &info), ==, 0);
  g_assert_cmpint (info.st_size, >, 1000);

  g_assert_cmpint (refresh (no_feed, &error), ==, DC_PLACE_REFRESH_NO_FEED);
  g_assert_no_error (error);
  g_assert_cmpuint (f->requests, ==, 0);
}

static void
test_refresh (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DcPlaceIndex) demo = load (f->store);
  DcPlaceIndex *fetched;

  g_assert_true (dc_place_index_get_is_demo (demo));
  f->etag = "\"v1\"";
  f->cache_control = "max-age=0";

  /* 200: the feed replaces the demo set. */
  g_assert_cmpint (refresh (f->store, &error), ==, DC_PLACE_REFRESH_UPDATED);
  g_assert_no_error (error);
  g_assert_cmpuint (f->requests, ==, 1);
  g_assert_null (f->if_none_match);
  fetched = dc_place_store_get_index (f->store);
  assert_feed_places (fetched, f);
  g_assert_cmpuint (f->index_changes, ==, 2);

  /* 304: asked with the entity tag, nothing changes. */
  g_assert_cmpint (refresh (f->store, &error), ==, DC_PLACE_REFRESH_NOT_MODIFIED);
  g_assert_no_error (error);
  g_assert_cmpuint (f->requests, ==, 2);
  g_assert_cmpstr (f->if_none_match, ==, "\"v1\"");
  g_assert_true (dc_place_store_get_index (f->store) == fetched);
}

static void
assert_refresh_fails (Fixture *f, const char *mention)
{
  g_autoptr (GError) error = NULL;
  DcPlaceIndex *before = dc_place_store_get_index (f->store);
  guint requests = f->requests;

  g_assert_cmpint (refresh (f->store, &error), ==, DC_PLACE_REFRESH_FAILED);
  g_assert_error (error, DC_PLACES_ERROR, DC_PLACES_ERROR_FEED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, mention));
  g_assert_nonnull (strstr (error->message, "kept"));
  g_assert_cmpuint (f->requests, ==, requests + 1);
  /* The last good copy stays. */
  g_assert_true (dc_place_store_get_index (f->store) == before);
}

static void
test_last_good_copy_wins (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DcPlaceStore) restarted = NULL;
  g_autoptr (DcPlaceIndex) after_restart = NULL;
  g_autofree char *copy = cache_path (f, "places.geojson");

  g_assert_cmpint (refresh (f->store, &error), ==, DC_PLACE_REFRESH_UPDATED);
  g_assert_no_error (error);

  f->status = SOUP_STATUS_INTERNAL_SERVER_ERROR;
  assert_refresh_fails (f, "500 Internal Server Error");

  f->status = SOUP_STATUS_OK;
  g_clear_pointer (&f->body, g_bytes_unref);
  f->body = g_bytes_new_static ("{\"type\": \"FeatureCollection\", \"features\": [", 43);
  assert_refresh_fails (f, "not valid JSON");

  g_clear_pointer (&f->body, g_bytes_unref);
  f->body = fixture_bytes ("feed-all-invalid.geojson");
  assert_refresh_fails (f, "None of the 2 places");

  /* Another start: the index alone, no JSON, gives the last good places. */
  g_assert_cmpint (g_unlink (copy), ==, 0);
  restarted = new_store (f, f->url);
  after_restart = dc_place_store_load (restarted, NULL, &error);
  g_assert_no_error (error);
  assert_feed_places (after_restart, f);
}

static void
test_cache_control (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->etag = "\"v2\"";
  f->cache_control = "public, max-age=3600";
  g_assert_cmpint (refresh (f->store, &error), ==, DC_PLACE_REFRESH_UPDATED);
  g_assert_no_error (error);
  g_assert_cmpuint (f->requests, ==, 1);

  /* Within the hour the server is not asked at all. */
  g_assert_cmpint (refresh (f->store, &error), ==, DC_PLACE_REFRESH_FRESH);
  g_assert_no_error (error);
  g_assert_cmpuint (f->requests, ==, 1);
  assert_feed_places (dc_place_store_get_index (f->store), f);
}

static void
test_slow_server (Fixture *f, gconstpointer data)
{
  g_autoptr (DcPlaceIndex) demo = load (f->store);
  g_autoptr (GTimer) timer = g_timer_new ();

  /* The store gives up after a second without progress. */
  f->delay_ms = 2500;
  assert_refresh_fails (f, "places feed");
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), <, 2.4);
  g_assert_true (dc_place_store_get_index (f->store) == demo);

  /* Let the server finish its answer before it goes away. */
  while (f->delay_source != 0)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_plain_http_refused (Fixture *f, gconstpointer data)
{
  g_autoptr (DcPlaceStore) store = new_store (f, "http://192.0.2.1/places.geojson");
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (refresh (store, &error), ==, DC_PLACE_REFRESH_FAILED);
  g_assert_error (error, DC_PLACES_ERROR, DC_PLACES_ERROR_FEED);
  g_assert_nonnull (strstr (error->message, "https://"));
}

static GListModel *
list (DcPlaceStore *store, gboolean by_distance, double latitude, double longitude)
{
  Wait wait = { NULL };
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  GListModel *model;

  dc_place_store_list_async (store, by_distance, latitude, longitude, NULL, on_done, &wait);
  result = wait_for (&wait);
  model = dc_place_store_list_finish (store, result, &error);
  g_assert_no_error (error);
  return model;
}

static void
test_list (Fixture *f, gconstpointer data)
{
  g_autoptr (GListModel) near_munich = list (f->store, TRUE, 48.137, 11.575);
  g_autoptr (GListModel) in_file_order = list (f->store, FALSE, 0, 0);
  g_autoptr (DcPlace) nearest = g_list_model_get_item (near_munich, 0);
  g_autoptr (DcPlace) first = g_list_model_get_item (in_file_order, 0);
  guint n = g_list_model_get_n_items (near_munich);
  double last = 0;

  g_assert_cmpuint (n, >=, 60);
  g_assert_cmpuint (g_list_model_get_n_items (in_file_order), ==, n);
  g_assert_cmpstr (dc_place_get_city (nearest), ==, "München");
  g_assert_cmpstr (dc_place_get_id (first), ==, "de-berlin-mitte");
  /* Loaded once, for both lists. */
  g_assert_cmpuint (f->index_changes, ==, 1);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (DcPlace) place = g_list_model_get_item (near_munich, i);
      double distance = dc_place_distance (48.137, 11.575, dc_place_get_latitude (place),
                                           dc_place_get_longitude (place));

      g_assert_cmpfloat (distance, >=, last);
      last = distance;
    }
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, setup, func, teardown)
  ADD ("/places/store/demo-first", test_demo_first);
  ADD ("/places/store/refresh", test_refresh);
  ADD ("/places/store/last-good-copy-wins", test_last_good_copy_wins);
  ADD ("/places/store/cache-control", test_cache_control);
  ADD ("/places/store/slow-server", test_slow_server);
  ADD ("/places/store/plain-http-refused", test_plain_http_refused);
  ADD ("/places/store/list", test_list);
#undef ADD

  return g_test_run ();
}
