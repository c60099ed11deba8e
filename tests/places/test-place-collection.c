/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-places"

#include "config.h"

#include <locale.h>
#include <string.h>

#include "dc-place-collection.h"

static GBytes *
load_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "places", name, NULL);
  g_autoptr (GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (contents, length);
}

static DcPlaceCollection *
load_collection (const char *name)
{
  g_autoptr (GBytes) bytes = load_fixture (name);
  g_autoptr (GError) error = NULL;
  DcPlaceCollection *collection;

  collection = dc_place_collection_new_from_geojson (bytes, &error);
  g_assert_no_error (error);
  g_assert_nonnull (collection);

  return collection;
}

static char *
load_error (GBytes *bytes)
{
  g_autoptr (DcPlaceCollection) collection = NULL;
  g_autoptr (GError) error = NULL;

  collection = dc_place_collection_new_from_geojson (bytes, &error);
  g_assert_error (error, DC_PLACES_ERROR, DC_PLACES_ERROR_INVALID);
  g_assert_null (collection);
  g_test_message ("%s", error->message);

  return g_strdup (error->message);
}

static char *
load_fixture_error (const char *name)
{
  g_autoptr (GBytes) bytes = load_fixture (name);

  return load_error (bytes);
}

static DcPlace *
place_at (DcPlaceCollection *collection, guint position)
{
  g_autoptr (DcPlace) place = g_list_model_get_item (G_LIST_MODEL (collection), position);

  /* The collection keeps its own reference; borrowing is safe in a test. */
  return place;
}

/* Rough mainland boxes (south, north, west, east): a coordinate pair
 * swapped or mistyped in the demo set lands outside its country. */
static const struct
{
  const char *country;
  double south, north, west, east;
} demo_countries[] = {
  { "DE", 47.2, 55.1, 5.8, 15.1 }, { "GB", 49.9, 60.9, -8.7, 1.8 }, { "FR", 41.3, 51.1, -5.2, 9.6 },
  { "IT", 36.6, 47.1, 6.6, 18.6 }, { "ES", 36.0, 43.8, -9.3, 3.4 },
};

static gboolean
demo_place_is_in_its_country (DcPlace *place)
{
  double latitude = dc_place_get_latitude (place);
  double longitude = dc_place_get_longitude (place);

  for (gsize i = 0; i < G_N_ELEMENTS (demo_countries); i++)
    {
      if (!g_str_equal (demo_countries[i].country, dc_place_get_country (place)))
        continue;
      return latitude >= demo_countries[i].south && latitude <= demo_countries[i].north
             && longitude >= demo_countries[i].west && longitude <= demo_countries[i].east;
    }

  return FALSE;
}

static void
assert_demo_place (DcPlace *place)
{
  const char *known_services[] = { "repair", "battery", "screen", "pickup", "sales", "trade-in" };
  g_autoptr (GTimeZone) zone = NULL;
  const char *const *services = dc_place_get_services (place);

  g_test_message ("%s", dc_place_get_id (place));
  g_assert_cmpstr (dc_place_get_name (place), !=, "");
  g_assert_true (g_str_has_prefix (dc_place_get_name (place), "Device Care "));
  g_assert_cmpstr (dc_place_get_city (place), !=, "");
  g_assert_true (demo_place_is_in_its_country (place));

  g_assert_nonnull (dc_place_get_timezone (place));
  zone = g_time_zone_new_identifier (dc_place_get_timezone (place));
  g_assert_nonnull (zone);
  g_assert_cmpstr (dc_place_get_timezone (place), ==,
                   dc_place_default_timezone_for_country (dc_place_get_country (place)));

  /* Demo data must reach nobody: reserved domains only. */
  g_assert_true (g_str_has_suffix (dc_place_get_email (place), "@example.com"));
  g_assert_true (g_str_has_prefix (dc_place_get_website (place), "https://example.com/"));
  g_assert_true (g_str_has_prefix (dc_place_get_phone (place), "+"));
  g_assert_nonnull (dc_place_get_opening_hours (place));

  g_assert_nonnull (services[0]);
  for (guint i = 0; services[i] != NULL; i++)
    g_assert_true (g_strv_contains (known_services, services[i]));
}

static void
test_demo (void)
{
  const char *countries[] = { "DE", "GB", "FR", "IT", "ES" };
  g_autoptr (DcPlaceCollection) collection = NULL;
  g_autoptr (GHashTable) kinds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GError) error = NULL;
  guint n_items;

  collection = dc_place_collection_new_demo (&error);
  g_assert_no_error (error);
  g_assert_nonnull (collection);

  g_assert_cmpuint (dc_place_collection_get_problems (collection)->len, ==, 0);
  g_assert_true (dc_place_collection_get_is_demo (collection));
  g_assert_cmpstr (dc_place_collection_get_dataset_name (collection), ==,
                   "Device Care demo places");

  n_items = g_list_model_get_n_items (G_LIST_MODEL (collection));
  /* Enough places in each country for nearest-first search to mean something. */
  g_assert_cmpuint (n_items, >=, 60);

  for (guint i = 0; i < n_items; i++)
    {
      DcPlace *place = place_at (collection, i);

      assert_demo_place (place);
      g_assert_true (g_hash_table_add (ids, (gpointer)dc_place_get_id (place)));
      g_hash_table_add (kinds,
                        g_strdup_printf ("%s %s", dc_place_get_country (place),
                                         dc_place_kind_to_string (dc_place_get_kind (place))));
    }

  for (gsize i = 0; i < G_N_ELEMENTS (countries); i++)
    {
      g_autofree char *center = g_strdup_printf ("%s service-center", countries[i]);
      g_autofree char *store = g_strdup_printf ("%s experience-store", countries[i]);

      g_assert_true (g_hash_table_contains (kinds, center));
      g_assert_true (g_hash_table_contains (kinds, store));
    }
}

static void
assert_problem (DcPlaceCollection *collection, guint index, const char *id, const char *mention,
                const char *also_mention)
{
  GPtrArray *problems = dc_place_collection_get_problems (collection);

  for (guint i = 0; i < problems->len; i++)
    {
      DcPlaceProblem *problem = g_ptr_array_index (problems, i);

      if (problem->index != index)
        continue;
      g_test_message ("%u %s: %s", problem->index, problem->id ? problem->id : "(no id)",
                      problem->message);
      g_assert_cmpstr (problem->id, ==, id);
      g_assert_nonnull (strstr (problem->message, mention));
      if (also_mention != NULL)
        g_assert_nonnull (strstr (problem->message, also_mention));
      return;
    }

  g_assert_not_reached ();
}

static void
test_broken_features (void)
{
  const char *good_ids[] = { "good-1", "good-2", "good-3", "good-4", "good-5" };
  g_autoptr (DcPlaceCollection) collection = load_collection ("broken.geojson");
  GPtrArray *problems = dc_place_collection_get_problems (collection);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (collection)), ==,
                    G_N_ELEMENTS (good_ids));
  for (guint i = 0; i < G_N_ELEMENTS (good_ids); i++)
    g_assert_cmpstr (dc_place_get_id (place_at (collection, i)), ==, good_ids[i]);

  g_assert_cmpuint (problems->len, ==, 12);
  assert_problem (collection, 1, "no-name", "“name”", "missing");
  assert_problem (collection, 2, "bad-kind", "“kind”", "“shop”");
  assert_problem (collection, 4, "out-of-range", "Longitude 200.5", "-180 and 180");
  assert_problem (collection, 5, "line", "Point", "LineString");
  assert_problem (collection, 6, NULL, "“id”", "missing");
  assert_problem (collection, 7, "good-1", "index 0", "“id”");
  assert_problem (collection, 8, "bad-services", "“services”", "list of strings");
  assert_problem (collection, 9, "bad-timezone", "“timezone”", "Europe/Atlantis");
  assert_problem (collection, 11, NULL, "not a JSON object", NULL);
  assert_problem (collection, 12, "tokyo-swapped", "Latitude 139.65", "swapped");
  assert_problem (collection, 14, "uk", "“GB”", "“UK”");
  /* Every problem of a feature at once, so it is fixed in one go. */
  assert_problem (collection, 15, "several", "“kind”", "“country”");
  assert_problem (collection, 15, "several", "“website”", "ftp://example.com/");

  g_assert_false (dc_place_collection_get_is_demo (collection));
  g_assert_cmpstr (dc_place_collection_get_dataset_name (collection), ==, "Broken on purpose");
}

static void
test_good_features_among_broken (void)
{
  g_autoptr (DcPlaceCollection) collection = load_collection ("broken.geojson");
  DcPlace *rome = place_at (collection, 2);
  DcPlace *madrid = place_at (collection, 3);
  DcPlace *lyon = place_at (collection, 4);

  g_assert_cmpstr (dc_place_get_id (rome), ==, "good-3");
  /* No "timezone" in the file: the country's. */
  g_assert_cmpstr (dc_place_get_timezone (rome), ==, "Europe/Rome");
  /* OpenStreetMap's "designated" is a "yes" to the customer. */
  g_assert_cmpstr (dc_place_get_wheelchair (rome), ==, "yes");
  g_assert_null (dc_place_get_opening_hours (rome));
  g_assert_cmpfloat_with_epsilon (dc_place_get_latitude (rome), 41.9028, 1e-9);
  g_assert_cmpfloat_with_epsilon (dc_place_get_longitude (rome), 12.4964, 1e-9);

  /* Whole numbers and an altitude are valid GeoJSON positions. */
  g_assert_cmpfloat_with_epsilon (dc_place_get_latitude (madrid), 40.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (dc_place_get_longitude (madrid), -3.0, 1e-9);
  g_assert_cmpint (dc_place_get_kind (madrid), ==, DC_PLACE_KIND_EXPERIENCE_STORE);

  g_assert_null (dc_place_get_street (lyon));
  g_assert_cmpstr (dc_place_get_phone (lyon), ==, "+33 4 65 71 00 00");
  g_assert_cmpstr (dc_place_get_email (lyon), ==, "lyon@example.com");
  g_assert_cmpstr (dc_place_get_website (lyon), ==, "https://example.com/lyon");
}

static void
test_not_json (void)
{
  g_autofree char *message = load_fixture_error ("not-json.geojson");

  g_assert_true (g_str_has_prefix (message, "The places file is not valid JSON (line 3, column "));
  /* json-glib's own "<data>:3:17: Parse error:" would say it twice. */
  g_assert_null (strstr (message, "<data>"));
  g_assert_null (strstr (message, "Parse error"));
}

static void
test_not_utf8 (void)
{
  g_autoptr (GBytes) bytes = g_bytes_new_static ("{\"type\": \"\xff\"}", 13);
  g_autofree char *message = load_error (bytes);

  g_assert_true (g_str_has_prefix (message, "The places file is not valid JSON"));
  g_assert_nonnull (strstr (message, "UTF-8"));
}

static void
test_not_a_feature_collection (void)
{
  g_autofree char *feature = load_fixture_error ("not-a-collection.geojson");
  g_autofree char *array = load_fixture_error ("top-level-array.geojson");
  g_autofree char *no_features = load_fixture_error ("no-features.geojson");

  g_assert_nonnull (strstr (feature, "not a GeoJSON FeatureCollection"));
  g_assert_nonnull (strstr (feature, "“Feature”"));
  g_assert_nonnull (strstr (array, "not a GeoJSON FeatureCollection"));
  g_assert_nonnull (strstr (array, "JSON object"));
  g_assert_nonnull (strstr (no_features, "no “features” list"));
}

static void
test_empty (void)
{
  g_autoptr (GBytes) blank = g_bytes_new_static (" \n\t\n", 4);
  g_autofree char *empty_message = load_fixture_error ("empty.geojson");
  g_autofree char *blank_message = load_error (blank);

  g_assert_cmpstr (empty_message, ==, "The places file is empty.");
  g_assert_cmpstr (blank_message, ==, "The places file is empty.");
}

static void
test_too_deep (void)
{
  g_autoptr (GString) text = g_string_new ("{\"type\": \"FeatureCollection\", \"x\": ");
  g_autoptr (GBytes) bytes = NULL;
  g_autofree char *message = NULL;

  /* Enough to overflow json-glib 1.6's recursive parser if it got this far. */
  for (guint i = 0; i < 200000; i++)
    g_string_append_c (text, '[');
  for (guint i = 0; i < 200000; i++)
    g_string_append_c (text, ']');
  g_string_append (text, ", \"features\": []}");

  bytes = g_string_free_to_bytes (g_steal_pointer (&text));
  message = load_error (bytes);
  g_assert_nonnull (strstr (message, "levels deep"));
}

static void
test_empty_collection (void)
{
  g_autoptr (DcPlaceCollection) collection = load_collection ("empty-collection.geojson");

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (collection)), ==, 0);
  g_assert_cmpuint (dc_place_collection_get_problems (collection)->len, ==, 0);
  g_assert_false (dc_place_collection_get_is_demo (collection));
  g_assert_null (dc_place_collection_get_dataset_name (collection));
}

static void
test_list_model (void)
{
  g_autoptr (DcPlaceCollection) collection = load_collection ("broken.geojson");
  GListModel *model = G_LIST_MODEL (collection);
  g_autoptr (GObject) first = NULL;
  g_autoptr (GObject) again = NULL;
  gboolean is_demo = TRUE;

  g_assert_true (g_list_model_get_item_type (model) == DC_TYPE_PLACE);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 5);

  first = g_list_model_get_object (model, 0);
  again = g_list_model_get_object (model, 0);
  g_assert_true (DC_IS_PLACE (first));
  g_assert_true (first == again);
  g_assert_null (g_list_model_get_item (model, 5));
  g_assert_null (g_list_model_get_item (model, G_MAXUINT));

  g_object_get (collection, "is-demo", &is_demo, NULL);
  g_assert_false (is_demo);
}

int
main (int argc, char *argv[])
{
  /* Messages quote with “ ”: print them as UTF-8, not as "?". */
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/places/collection/demo", test_demo);
  g_test_add_func ("/places/collection/broken-features", test_broken_features);
  g_test_add_func ("/places/collection/good-features-among-broken",
                   test_good_features_among_broken);
  g_test_add_func ("/places/collection/not-json", test_not_json);
  g_test_add_func ("/places/collection/not-utf8", test_not_utf8);
  g_test_add_func ("/places/collection/not-a-feature-collection", test_not_a_feature_collection);
  g_test_add_func ("/places/collection/empty", test_empty);
  g_test_add_func ("/places/collection/too-deep", test_too_deep);
  g_test_add_func ("/places/collection/empty-collection", test_empty_collection);
  g_test_add_func ("/places/collection/list-model", test_list_model);

  return g_test_run ();
}
