/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-places"

#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dc-place-index.h"

/* The C half of bench/places: builds the index of the GeoNames cities,
 * times opening it and 10,000 nearest-10 queries, and a linear scan of the
 * same queries, and prints them beside geokdbush's numbers from
 * places.mjs, with the ratios.
 *
 *   bench-places POINTS.geojson QUERIES.json GEOKDBUSH.json WORKDIR */

#define K 10
#define N_OPENS 101

static gint64
now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64)ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

static int
compare_gint64 (const void *a, const void *b)
{
  gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;

  return (x > y) - (x < y);
}

static double
median_us (gint64 *ns, gsize n)
{
  qsort (ns, n, sizeof (gint64), compare_gint64);
  return ns[n / 2] / 1000.0;
}

static JsonNode *
read_json (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();

  if (!json_parser_load_from_mapped_file (parser, path, &error))
    g_error ("%s: %s", path, error->message);
  return json_node_ref (json_parser_get_root (parser));
}

static DcPlaceCollection *
read_places (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GMappedFile) file = g_mapped_file_new (path, FALSE, &error);
  g_autoptr (GBytes) bytes = NULL;
  DcPlaceCollection *collection;

  if (file == NULL)
    g_error ("%s", error->message);
  bytes = g_mapped_file_get_bytes (file);
  collection = dc_place_collection_new_from_geojson (bytes, &error);
  if (collection == NULL)
    g_error ("%s: %s", path, error->message);
  return collection;
}

/* The plain way: every point, each time. Points on the unit sphere are
 * precomputed, as any sensible scan would. */
typedef struct
{
  double *xyz;
  const double *latlon;
  guint n;
} Scan;

typedef struct
{
  double d2;
  guint index;
} Best;

static void
scan_nearest (Scan *scan, double latitude, double longitude, DcPlaceHit hits[K])
{
  double q[3]
    = { cos (latitude * G_PI / 180) * cos (longitude * G_PI / 180),
        cos (latitude * G_PI / 180) * sin (longitude * G_PI / 180), sin (latitude * G_PI / 180) };
  Best best[K];
  guint n = 0;

  for (guint i = 0; i < scan->n; i++)
    {
      const double *p = &scan->xyz[3 * i];
      double d2 = (p[0] - q[0]) * (p[0] - q[0]) + (p[1] - q[1]) * (p[1] - q[1])
                  + (p[2] - q[2]) * (p[2] - q[2]);
      guint at;

      if (n == K && d2 >= best[K - 1].d2)
        continue;
      at = n < K ? n++ : K - 1;
      while (at > 0 && best[at - 1].d2 > d2)
        {
          best[at] = best[at - 1];
          at--;
        }
      best[at] = (Best){ d2, i };
    }
  for (guint i = 0; i < n; i++)
    hits[i] = (DcPlaceHit){ best[i].index,
                            dc_place_distance (latitude, longitude, scan->latlon[2 * best[i].index],
                                               scan->latlon[2 * best[i].index + 1]) };
}

static double
time_opens (const char *path, double *first_ms)
{
  gint64 ns[N_OPENS];

  for (guint i = 0; i < N_OPENS; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (DcPlaceIndex) index = NULL;
      gint64 start = now_ns ();

      index = dc_place_index_open (path, &error);
      ns[i] = now_ns () - start;
      if (index == NULL)
        g_error ("%s", error->message);
      if (i == 0)
        *first_ms = ns[0] / 1e6;
    }
  return median_us (ns, N_OPENS) / 1000.0;
}

static int
compare_hits (const void *a, const void *b)
{
  const DcPlaceHit *x = a, *y = b;

  if (x->distance_m != y->distance_m)
    return x->distance_m < y->distance_m ? -1 : 1;
  return (x->index > y->index) - (x->index < y->index);
}

typedef struct
{
  DcPlaceCollection *places;
  DcPlaceIndex *index;
  JsonArray *queries;
  DcPlaceHit *ours; /* K per query */
  DcPlaceHit *scanned;
  gint64 *ours_ns;
  gint64 *scan_ns;
} Bench;

static void
query_at (Bench *bench, guint i, double *latitude, double *longitude)
{
  JsonArray *query = json_array_get_array_element (bench->queries, i);

  *latitude = json_array_get_double_element (query, 0);
  *longitude = json_array_get_double_element (query, 1);
}

static void
run_ours (Bench *bench, guint n_queries, gboolean timed)
{
  for (guint i = 0; i < n_queries; i++)
    {
      double latitude, longitude;
      gint64 start;
      GArray *hits;

      query_at (bench, i, &latitude, &longitude);
      start = now_ns ();
      hits = dc_place_index_nearest (bench->index, latitude, longitude, K, 0, NULL);
      g_array_unref (hits);
      if (!timed)
        continue;
      bench->ours_ns[i] = now_ns () - start;
    }

  /* The answers, outside the timing. */
  for (guint i = 0; timed && i < n_queries; i++)
    {
      double latitude, longitude;
      g_autoptr (GArray) hits = NULL;

      query_at (bench, i, &latitude, &longitude);
      hits = dc_place_index_nearest (bench->index, latitude, longitude, K, 0, NULL);
      memcpy (&bench->ours[i * K], hits->data, MIN (hits->len, K) * sizeof (DcPlaceHit));
    }
}

static void
run_scan (Bench *bench, guint n_queries)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (bench->places));
  g_autofree double *xyz = g_new (double, 3 * n);
  g_autofree double *latlon = g_new (double, 2 * n);
  Scan scan = { xyz, latlon, n };

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (DcPlace) place = g_list_model_get_item (G_LIST_MODEL (bench->places), i);
      double phi = dc_place_get_latitude (place) * G_PI / 180;
      double lambda = dc_place_get_longitude (place) * G_PI / 180;

      latlon[2 * i] = dc_place_get_latitude (place);
      latlon[2 * i + 1] = dc_place_get_longitude (place);
      xyz[3 * i] = cos (phi) * cos (lambda);
      xyz[3 * i + 1] = cos (phi) * sin (lambda);
      xyz[3 * i + 2] = sin (phi);
    }

  for (guint i = 0; i < n_queries; i++)
    {
      double latitude, longitude;
      gint64 start;

      query_at (bench, i, &latitude, &longitude);
      start = now_ns ();
      scan_nearest (&scan, latitude, longitude, &bench->scanned[i * K]);
      bench->scan_ns[i] = now_ns () - start;
      qsort (&bench->scanned[i * K], K, sizeof (DcPlaceHit), compare_hits);
    }
}

/* How many queries got the same ten places (in any order) from geokdbush. */
static guint
agree_with (Bench *bench, JsonArray *theirs, guint n_queries)
{
  guint same = 0;

  for (guint i = 0; i < n_queries; i++)
    {
      JsonArray *ids = json_array_get_array_element (theirs, i);
      g_autoptr (GHashTable) mine = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      gboolean equal = json_array_get_length (ids) == K;

      for (guint j = 0; j < K; j++)
        {
          g_autoptr (DcPlace) place
            = g_list_model_get_item (G_LIST_MODEL (bench->places), bench->ours[i * K + j].index);

          g_hash_table_add (mine, g_strdup (dc_place_get_id (place)));
        }
      for (guint j = 0; equal && j < K; j++)
        equal = g_hash_table_contains (mine, json_array_get_string_element (ids, j));
      same += equal;
    }
  return same;
}

static guint
agree_with_scan (Bench *bench, guint n_queries)
{
  guint same = 0;

  for (guint i = 0; i < n_queries; i++)
    {
      gboolean equal = TRUE;

      for (guint j = 0; j < K; j++)
        equal = equal && bench->ours[i * K + j].index == bench->scanned[i * K + j].index;
      same += equal;
    }
  return same;
}

typedef struct
{
  guint n_places;
  guint n_skipped;
  guint n_queries;
  double build_ms;
  double open_ms;
  double first_open_ms;
} Setup;

static void
print_results (Setup *setup, Bench *bench, JsonObject *geokdbush)
{
  double ours_us = median_us (bench->ours_ns, setup->n_queries);
  double scan_us = median_us (bench->scan_ns, setup->n_queries);
  double theirs_us = json_object_get_double_member (geokdbush, "median_us");
  guint same_theirs
    = agree_with (bench, json_object_get_array_member (geokdbush, "nearest"), setup->n_queries);

  printf ("Places: %u points from GeoNames (%s), %u skipped as invalid; %u nearest-10 queries,\n"
          "half near a city, half anywhere on the globe.\n\n",
          setup->n_places, json_object_get_string_member (geokdbush, "points"), setup->n_skipped,
          setup->n_queries);
  printf ("  build index (once)                %9.1f ms   geokdbush builds its own in %.1f ms\n",
          setup->build_ms, json_object_get_double_member (geokdbush, "build_ms"));
  printf ("  open index (median of %d)        %9.3f ms   first open %.3f ms; goal < 5 ms\n",
          N_OPENS, setup->open_ms, setup->first_open_ms);
  printf ("  nearest-10, DcPlaceIndex          %9.2f µs   median\n", ours_us);
  printf ("  nearest-10, %s\n"
          "                                    %9.2f µs   median; DcPlaceIndex is %.1f× faster\n",
          json_object_get_string_member (geokdbush, "library"), theirs_us, theirs_us / ours_us);
  printf ("  nearest-10, linear scan           %9.2f µs   median; DcPlaceIndex is %.0f× faster\n",
          scan_us, scan_us / ours_us);
  printf ("\n  same ten places as the linear scan: %u of %u queries; as geokdbush: %u of %u\n",
          agree_with_scan (bench, setup->n_queries), setup->n_queries, same_theirs,
          setup->n_queries);
}

/* Builds the index of @places into WORKDIR and times opening it. */
static void
build_and_open (DcPlaceCollection *places, const char *path, Setup *setup)
{
  g_autoptr (DcPlaceIndex) built = NULL;
  g_autoptr (GError) error = NULL;
  gint64 start = now_ns ();

  built = dc_place_index_new_from_collection (places, "bench");
  setup->build_ms = (now_ns () - start) / 1e6;
  if (!dc_place_index_write (built, path, &error))
    g_error ("%s", error->message);
  setup->open_ms = time_opens (path, &setup->first_open_ms);
}

int
main (int argc, char **argv)
{
  g_autoptr (DcPlaceCollection) places = NULL;
  g_autoptr (DcPlaceIndex) index = NULL;
  g_autoptr (JsonNode) queries = NULL;
  g_autoptr (JsonNode) node_results = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  Bench bench = { 0 };
  Setup setup = { 0 };
  gboolean all_equal;

  if (argc != 5)
    {
      g_printerr ("Usage: %s POINTS.geojson QUERIES.json GEOKDBUSH.json WORKDIR\n", argv[0]);
      return 2;
    }

  places = read_places (argv[1]);
  setup.n_places = g_list_model_get_n_items (G_LIST_MODEL (places));
  setup.n_skipped = dc_place_collection_get_problems (places)->len;
  path = g_build_filename (argv[4], "places.index", NULL);
  build_and_open (places, path, &setup);

  /* Searched from the mapped file, as the app does. */
  index = dc_place_index_open (path, &error);
  g_assert_no_error (error);
  queries = read_json (argv[2]);
  node_results = read_json (argv[3]);
  bench.places = places;
  bench.index = index;
  bench.queries = json_node_get_array (queries);
  setup.n_queries = json_array_get_length (bench.queries);
  bench.ours = g_new0 (DcPlaceHit, setup.n_queries * K);
  bench.scanned = g_new0 (DcPlaceHit, setup.n_queries * K);
  bench.ours_ns = g_new (gint64, setup.n_queries);
  bench.scan_ns = g_new (gint64, setup.n_queries);

  run_ours (&bench, setup.n_queries, FALSE);
  run_ours (&bench, setup.n_queries, TRUE);
  run_scan (&bench, setup.n_queries);
  print_results (&setup, &bench, json_node_get_object (node_results));
  all_equal = agree_with_scan (&bench, setup.n_queries) == setup.n_queries;

  g_free (bench.ours);
  g_free (bench.scanned);
  g_free (bench.ours_ns);
  g_free (bench.scan_ns);
  return all_equal ? 0 : 1;
}
