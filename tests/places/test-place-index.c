/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-places"

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "dc-place-index.h"

#define N_RANDOM_PLACES 5000
#define N_SERVICES 70 /* more than fit in the index's bit mask */

static DcPlaceCollection *
collection_from_text (const char *geojson)
{
  g_autoptr (GBytes) bytes = g_bytes_new (geojson, strlen (geojson));
  g_autoptr (GError) error = NULL;
  DcPlaceCollection *collection = dc_place_collection_new_from_geojson (bytes, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (dc_place_collection_get_problems (collection)->len, ==, 0);
  return collection;
}

static DcPlaceCollection *
demo_collection (void)
{
  g_autoptr (GError) error = NULL;
  DcPlaceCollection *collection = dc_place_collection_new_demo (&error);

  g_assert_no_error (error);
  return collection;
}

static void
random_position (GRand *rand, double *latitude, double *longitude)
{
  switch (g_rand_int_range (rand, 0, 4))
    {
      case 0: /* near the antimeridian */
        *latitude = g_rand_double_range (rand, -60.0, 60.0);
        *longitude = g_rand_double_range (rand, 179.0, 180.0) * (g_rand_boolean (rand) ? 1 : -1);
        break;
      case 1: /* near a pole */
        *latitude = g_rand_double_range (rand, 88.0, 90.0) * (g_rand_boolean (rand) ? 1 : -1);
        *longitude = g_rand_double_range (rand, -180.0, 180.0);
        break;
      default: /* anywhere, evenly over the sphere */
        *latitude = asin (g_rand_double_range (rand, -1.0, 1.0)) * 180.0 / G_PI;
        *longitude = g_rand_double_range (rand, -180.0, 180.0);
    }
}

/* Places at random, with a fixed seed so a failure can be replayed. */
static DcPlaceCollection *
random_collection (guint32 seed)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr (GString) text = g_string_new ("{\"type\": \"FeatureCollection\", \"features\": [");

  for (guint i = 0; i < N_RANDOM_PLACES; i++)
    {
      char lat[G_ASCII_DTOSTR_BUF_SIZE], lon[G_ASCII_DTOSTR_BUF_SIZE];
      double latitude, longitude;

      random_position (rand, &latitude, &longitude);
      g_string_append_printf (
        text,
        "%s{\"type\": \"Feature\", \"geometry\": {\"type\": \"Point\", \"coordinates\": [%s, %s]}, "
        "\"properties\": {\"id\": \"p%u\", \"kind\": \"%s\", \"name\": \"Place %u\", \"city\": "
        "\"Somewhere\", \"country\": \"DE\", \"services\": [\"s%d\", \"s%d\"]}}",
        i > 0 ? ", " : "", g_ascii_dtostr (lon, sizeof lon, longitude),
        g_ascii_dtostr (lat, sizeof lat, latitude), i,
        g_rand_boolean (rand) ? "service-center" : "experience-store", i,
        g_rand_int_range (rand, 0, N_SERVICES), g_rand_int_range (rand, 0, N_SERVICES));
    }
  g_string_append (text, "]}");

  return collection_from_text (text->str);
}

static gboolean
passes (DcPlace *place, const DcPlaceFilter *filter)
{
  if (filter == NULL)
    return TRUE;
  if (filter->kinds != 0 && (filter->kinds & DC_PLACE_FILTER_KIND (dc_place_get_kind (place))) == 0)
    return FALSE;
  return filter->service == NULL
         || g_strv_contains (dc_place_get_services (place), filter->service);
}

static int
compare_hits (gconstpointer a, gconstpointer b)
{
  const DcPlaceHit *x = a, *y = b;

  if (x->distance_m != y->distance_m)
    return x->distance_m < y->distance_m ? -1 : 1;
  return (int)x->index - (int)y->index;
}

/* Keeps @hits sorted and at most @limit long (0: no limit). */
static void
insert_hit (GArray *hits, const DcPlaceHit *hit, guint limit)
{
  guint position = hits->len;

  while (position > 0 && compare_hits (hit, &g_array_index (hits, DcPlaceHit, position - 1)) < 0)
    position--;
  if (limit > 0 && position >= limit)
    return;
  g_array_insert_val (hits, position, *hit);
  if (limit > 0 && hits->len > limit)
    g_array_set_size (hits, limit);
}

/* The places as plain arrays, for a fast full scan. */
typedef struct
{
  GPtrArray *places;
  double *latitudes;
  double *longitudes;
} Reference;

static Reference *
reference_new (DcPlaceCollection *collection)
{
  Reference *reference = g_new0 (Reference, 1);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (collection));

  reference->places = g_ptr_array_new_with_free_func (g_object_unref);
  reference->latitudes = g_new (double, n);
  reference->longitudes = g_new (double, n);
  for (guint i = 0; i < n; i++)
    {
      DcPlace *place = g_list_model_get_item (G_LIST_MODEL (collection), i);

      g_ptr_array_add (reference->places, place);
      reference->latitudes[i] = dc_place_get_latitude (place);
      reference->longitudes[i] = dc_place_get_longitude (place);
    }
  return reference;
}

static void
reference_free (Reference *reference)
{
  g_ptr_array_unref (reference->places);
  g_free (reference->latitudes);
  g_free (reference->longitudes);
  g_free (reference);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reference, reference_free)

/* The answer by measuring the distance to every place. */
static GArray *
brute_force (Reference *reference, double latitude, double longitude, guint limit,
             double max_distance_m, const DcPlaceFilter *filter)
{
  GArray *hits = g_array_new (FALSE, FALSE, sizeof (DcPlaceHit));

  for (guint i = 0; i < reference->places->len; i++)
    {
      DcPlaceHit hit = { i, dc_place_distance (latitude, longitude, reference->latitudes[i],
                                               reference->longitudes[i]) };

      if ((max_distance_m <= 0 || hit.distance_m <= max_distance_m)
          && passes (g_ptr_array_index (reference->places, i), filter))
        {
          if (limit > 0)
            insert_hit (hits, &hit, limit);
          else
            g_array_append_val (hits, hit);
        }
    }
  if (limit == 0)
    g_array_sort (hits, compare_hits);
  return hits;
}

static void
assert_same_hits (GArray *expected, GArray *actual)
{
  g_assert_cmpuint (actual->len, ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    {
      DcPlaceHit *e = &g_array_index (expected, DcPlaceHit, i);
      DcPlaceHit *a = &g_array_index (actual, DcPlaceHit, i);

      g_assert_cmpuint (a->index, ==, e->index);
      g_assert_cmpfloat_with_epsilon (a->distance_m, e->distance_m, 1e-6);
    }
}

static void
check_query (DcPlaceIndex *index, Reference *reference, double latitude, double longitude,
             guint limit, double max_distance_m, const DcPlaceFilter *filter)
{
  g_autoptr (GArray) expected
    = brute_force (reference, latitude, longitude, limit, max_distance_m, filter);
  g_autoptr (GArray) actual
    = dc_place_index_nearest (index, latitude, longitude, limit, max_distance_m, filter);

  assert_same_hits (expected, actual);
}

static void
test_nearest_matches_brute_force (void)
{
  g_autoptr (DcPlaceCollection) collection = random_collection (20240611);
  g_autoptr (DcPlaceIndex) index = dc_place_index_new_from_collection (collection, NULL);
  g_autoptr (Reference) reference = reference_new (collection);
  g_autoptr (GRand) rand = g_rand_new_with_seed (7);
  DcPlaceFilter store = { DC_PLACE_FILTER_KIND (DC_PLACE_KIND_EXPERIENCE_STORE), NULL };
  DcPlaceFilter service = { 0, "s5" };
  DcPlaceFilter late_service = { DC_PLACE_FILTER_KIND (DC_PLACE_KIND_SERVICE_CENTER), "s68" };

  g_assert_cmpuint (dc_place_index_get_n_places (index), ==, N_RANDOM_PLACES);

  for (guint i = 0; i < 300; i++)
    {
      double latitude, longitude;

      random_position (rand, &latitude, &longitude);
      check_query (index, reference, latitude, longitude, 1, 0, NULL);
      check_query (index, reference, latitude, longitude, 10, 0, NULL);
      check_query (index, reference, latitude, longitude, 0, 500e3, NULL);
      check_query (index, reference, latitude, longitude, 5, 300e3, NULL);
      check_query (index, reference, latitude, longitude, 10, 0, &store);
      check_query (index, reference, latitude, longitude, 3, 0, &service);
      check_query (index, reference, latitude, longitude, 2, 0, &late_service);
    }

  /* Right at the poles and on the antimeridian, from both sides. */
  check_query (index, reference, 90.0, 0.0, 10, 0, NULL);
  check_query (index, reference, -90.0, 123.0, 10, 0, NULL);
  check_query (index, reference, 10.0, 180.0, 10, 0, NULL);
  check_query (index, reference, 10.0, -180.0, 10, 0, NULL);
  /* Half the earth round and more: every place. */
  check_query (index, reference, 0.0, 0.0, 0, 30000e3, NULL);
  check_query (index, reference, 0.0, 0.0, 0, 0, NULL);
}

static void
test_nearest_demo (void)
{
  g_autoptr (DcPlaceCollection) collection = demo_collection ();
  g_autoptr (DcPlaceIndex) index = dc_place_index_new_from_collection (collection, "demo");
  DcPlaceFilter centers = { DC_PLACE_FILTER_KIND (DC_PLACE_KIND_SERVICE_CENTER), NULL };
  DcPlaceFilter trade_in = { 0, "trade-in" };
  DcPlaceFilter nothing = { 0, "teleportation" };
  g_autoptr (GArray) berlin = NULL;
  g_autoptr (GArray) london = NULL;
  g_autoptr (GArray) near_brandenburg_gate = NULL;
  g_autoptr (GArray) none = NULL;
  g_autoptr (DcPlace) first = NULL;
  g_autoptr (DcPlace) center = NULL;

  g_assert_cmpuint (dc_place_index_get_n_places (index), >=, 60);
  g_assert_true (dc_place_index_get_is_demo (index));
  g_assert_cmpstr (dc_place_index_get_dataset_name (index), ==, "Device Care demo places");
  g_assert_cmpstr (dc_place_index_get_origin (index), ==, "demo");

  /* Alexanderplatz, Berlin: the store there, then the service center in Mitte. */
  berlin = dc_place_index_nearest (index, 52.5219, 13.4132, 3, 0, NULL);
  g_assert_cmpuint (berlin->len, ==, 3);
  first = dc_place_index_dup_place (index, g_array_index (berlin, DcPlaceHit, 0).index);
  g_assert_cmpstr (dc_place_get_id (first), ==, "de-berlin-alexanderplatz");
  g_assert_cmpfloat (g_array_index (berlin, DcPlaceHit, 0).distance_m, <, 1.0);
  /* Friedrichstraße 68 is 1.94 km from Alexanderplatz as the crow flies. */
  g_assert_cmpfloat_with_epsilon (g_array_index (berlin, DcPlaceHit, 1).distance_m, 1938, 1);

  london = dc_place_index_nearest (index, 51.5074, -0.1278, 1, 0, &centers);
  center = dc_place_index_dup_place (index, g_array_index (london, DcPlaceHit, 0).index);
  g_assert_cmpstr (dc_place_get_id (center), ==, "gb-london-tottenham-court-road");

  near_brandenburg_gate = dc_place_index_nearest (index, 52.5163, 13.3777, 0, 5000, &trade_in);
  g_assert_cmpuint (near_brandenburg_gate->len, ==, 1);

  none = dc_place_index_nearest (index, 52.5163, 13.3777, 10, 0, &nothing);
  g_assert_cmpuint (none->len, ==, 0);
}

static GStrv
ids_of (DcPlaceIndex *index, GArray *hits)
{
  g_autoptr (GStrvBuilder) ids = g_strv_builder_new ();

  for (guint i = 0; i < hits->len; i++)
    {
      g_autoptr (DcPlace) place
        = dc_place_index_dup_place (index, g_array_index (hits, DcPlaceHit, i).index);

      g_assert_true (isnan (g_array_index (hits, DcPlaceHit, i).distance_m));
      g_strv_builder_add (ids, dc_place_get_id (place));
    }
  return g_strv_builder_end (ids);
}

static GStrv
search (DcPlaceIndex *index, const char *text, const DcPlaceFilter *filter)
{
  g_autoptr (GArray) hits = dc_place_index_search_text (index, text, filter);

  return ids_of (index, hits);
}

static void
test_search_text (void)
{
  g_autoptr (DcPlaceCollection) collection = demo_collection ();
  g_autoptr (DcPlaceIndex) index = dc_place_index_new_from_collection (collection, NULL);
  const char *muenchen[] = { "de-muenchen-schwabing", "de-muenchen-kaufingerstrasse", NULL };
  DcPlaceFilter stores = { DC_PLACE_FILTER_KIND (DC_PLACE_KIND_EXPERIENCE_STORE), NULL };
  const char *queries[] = { "munchen", "MÜNCHEN", "muenchen", "  München,  " };

  for (gsize i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_auto (GStrv) found = search (index, queries[i], NULL);

      g_test_message ("%s", queries[i]);
      g_assert_true (g_strv_equal ((const char *const *)found, muenchen));
    }

  {
    g_auto (GStrv) w1t = search (index, "w1t", NULL);
    g_auto (GStrv) postcode = search (index, "10117", NULL);
    g_auto (GStrv) valencia = search (index, "valencia", NULL);
    g_auto (GStrv) frankfurt = search (index, "Frankfurt am", NULL);
    g_auto (GStrv) store_berlin = search (index, "store berlin", NULL);
    g_auto (GStrv) koeln_stores = search (index, "koln", &stores);
    g_auto (GStrv) nothing = search (index, "atlantis", NULL);
    g_auto (GStrv) empty = search (index, " ,. ", NULL);
    g_auto (GStrv) middle_of_word = search (index, "erlin", NULL);

    g_assert_cmpstr (w1t[0], ==, "gb-london-tottenham-court-road");
    g_assert_null (w1t[1]);
    g_assert_cmpstr (postcode[0], ==, "de-berlin-mitte");
    g_assert_null (postcode[1]);
    g_assert_cmpuint (g_strv_length (valencia), ==, 2);
    g_assert_cmpuint (g_strv_length (frankfurt), ==, 2);
    g_assert_cmpstr (store_berlin[0], ==, "de-berlin-alexanderplatz");
    g_assert_null (store_berlin[1]);
    g_assert_cmpstr (koeln_stores[0], ==, "de-koeln-schildergasse");
    g_assert_null (koeln_stores[1]);
    g_assert_null (nothing[0]);
    g_assert_null (empty[0]);
    g_assert_null (middle_of_word[0]);
  }
}

static void
assert_same_place (DcPlace *a, DcPlace *b)
{
  const char *names[]
    = { "id",         "kind",     "name",     "street",   "postcode",      "city",
        "country",    "phone",    "email",    "website",  "opening-hours", "services",
        "wheelchair", "timezone", "latitude", "longitude" };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_auto (GValue) va = G_VALUE_INIT;
      g_auto (GValue) vb = G_VALUE_INIT;

      g_object_get_property (G_OBJECT (a), names[i], &va);
      g_object_get_property (G_OBJECT (b), names[i], &vb);
      if (G_VALUE_HOLDS (&va, G_TYPE_STRV))
        g_assert_true (g_strv_equal (g_value_get_boxed (&va), g_value_get_boxed (&vb)));
      else
        g_assert_cmpint (
          g_param_values_cmp (g_object_class_find_property (G_OBJECT_GET_CLASS (a), names[i]), &va,
                              &vb),
          ==, 0);
    }
}

static char *
temporary_path (const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-place-index-XXXXXX", &error);

  g_assert_no_error (error);
  return g_build_filename (dir, name, NULL);
}

static void
remove_temporary (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_write_and_open (void)
{
  g_autoptr (DcPlaceCollection) collection = demo_collection ();
  g_autoptr (DcPlaceIndex) built = dc_place_index_new_from_collection (collection, "demo:1");
  g_autoptr (DcPlaceIndex) opened = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = temporary_path ("places.index");
  g_autoptr (GArray) a = NULL;
  g_autoptr (GArray) b = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (collection));

  g_assert_true (dc_place_index_write (built, path, &error));
  g_assert_no_error (error);
  opened = dc_place_index_open (path, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (dc_place_index_get_n_places (opened), ==, n);
  g_assert_true (dc_place_index_get_is_demo (opened));
  g_assert_cmpstr (dc_place_index_get_origin (opened), ==, "demo:1");
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (DcPlace) original = g_list_model_get_item (G_LIST_MODEL (collection), i);
      g_autoptr (DcPlace) copy = dc_place_index_dup_place (opened, i);

      assert_same_place (original, copy);
    }

  a = dc_place_index_nearest (built, 45.0, 7.0, 20, 0, NULL);
  b = dc_place_index_nearest (opened, 45.0, 7.0, 20, 0, NULL);
  assert_same_hits (a, b);

  remove_temporary (path);
}

/* Whatever the file holds, opening and searching it must not crash:
 * either it is refused as damaged, or it answers something. */
static void
use_damaged (GBytes *bytes)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DcPlaceIndex) index = dc_place_index_new_from_bytes (bytes, &error);
  g_autoptr (GArray) nearest = NULL;
  g_autoptr (GArray) found = NULL;
  g_autoptr (GListModel) places = NULL;
  DcPlaceFilter filter = { 0, "repair" };

  if (index == NULL)
    {
      g_assert_error (error, DC_PLACES_ERROR, DC_PLACES_ERROR_DAMAGED);
      return;
    }
  nearest = dc_place_index_nearest (index, 48.0, 11.0, 5, 0, &filter);
  found = dc_place_index_search_text (index, "berlin", NULL);
  places = dc_place_index_dup_places (index, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (places), ==, dc_place_index_get_n_places (index));
}

static void
test_damaged (void)
{
  g_autoptr (DcPlaceCollection) collection = demo_collection ();
  g_autoptr (DcPlaceIndex) built = dc_place_index_new_from_collection (collection, NULL);
  g_autofree char *path = temporary_path ("places.index");
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) good = NULL;
  g_autoptr (GRand) rand = g_rand_new_with_seed (42);
  gsize size;
  guint8 *data;

  g_assert_true (dc_place_index_write (built, path, &error));
  g_file_get_contents (path, (char **)&data, &size, &error);
  g_assert_no_error (error);
  good = g_bytes_new_take (data, size);

  /* Cut short anywhere, down to nothing. */
  for (gsize length = 0; length < size; length += 1 + length / 3)
    {
      g_autoptr (GBytes) cut = g_bytes_new_from_bytes (good, 0, length);
      g_autoptr (DcPlaceIndex) index = dc_place_index_new_from_bytes (cut, &error);

      g_assert_error (error, DC_PLACES_ERROR, DC_PLACES_ERROR_DAMAGED);
      g_assert_null (index);
      g_clear_error (&error);
    }

  /* A few bytes changed anywhere. */
  for (guint round = 0; round < 300; round++)
    {
      guint8 *copy = g_memdup2 (data, size);
      g_autoptr (GBytes) changed = NULL;

      for (guint i = 0; i < 4; i++)
        copy[g_rand_int_range (rand, 0, size)] = g_rand_int_range (rand, 0, 256);
      changed = g_bytes_new_take (copy, size);
      use_damaged (changed);
    }

  /* A truncated file on disk says so in words. */
  g_assert_true (g_file_set_contents (path, (const char *)data, size / 2, &error));
  g_assert_null (dc_place_index_open (path, &error));
  g_assert_error (error, DC_PLACES_ERROR, DC_PLACES_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "built again"));
  g_clear_error (&error);

  remove_temporary (path);
  g_assert_null (dc_place_index_open (path, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
}

static void
test_empty (void)
{
  g_autoptr (DcPlaceCollection) collection
    = collection_from_text ("{\"type\": \"FeatureCollection\", \"features\": []}");
  g_autoptr (DcPlaceIndex) index = dc_place_index_new_from_collection (collection, NULL);
  g_autoptr (GArray) nearest = dc_place_index_nearest (index, 0, 0, 10, 0, NULL);
  g_autoptr (GArray) found = dc_place_index_search_text (index, "x", NULL);

  g_assert_cmpuint (dc_place_index_get_n_places (index), ==, 0);
  g_assert_cmpuint (nearest->len, ==, 0);
  g_assert_cmpuint (found->len, ==, 0);
  g_assert_false (dc_place_index_get_is_demo (index));
  g_assert_null (dc_place_index_get_dataset_name (index));
}

static void
test_distance (void)
{
  /* Paris (Notre-Dame) to London (Charing Cross), 343.8 km by the great circle. */
  g_assert_cmpfloat_with_epsilon (dc_place_distance (48.8530, 2.3499, 51.5080, -0.1247), 343.76e3,
                                  10);
  /* A quarter of the way round. */
  g_assert_cmpfloat_with_epsilon (dc_place_distance (0, 0, 0, 90), G_PI / 2 * DC_EARTH_RADIUS_M,
                                  1e-6);
  g_assert_cmpfloat_with_epsilon (dc_place_distance (0, 179.5, 0, -179.5),
                                  G_PI / 180 * DC_EARTH_RADIUS_M, 1e-6);
  g_assert_cmpfloat (dc_place_distance (12.0, 34.0, 12.0, 34.0), ==, 0.0);
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/places/index/distance", test_distance);
  g_test_add_func ("/places/index/nearest-demo", test_nearest_demo);
  g_test_add_func ("/places/index/nearest-matches-brute-force", test_nearest_matches_brute_force);
  g_test_add_func ("/places/index/search-text", test_search_text);
  g_test_add_func ("/places/index/write-and-open", test_write_and_open);
  g_test_add_func ("/places/index/damaged", test_damaged);
  g_test_add_func ("/places/index/empty", test_empty);

  return g_test_run ();
}
