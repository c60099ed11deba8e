/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-tool"

#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "tool-run.h"

/* `device-care-tool places`, run as a script would. near.geojson holds
 * twelve places at known distances from 50° N 8° E, in no particular order. */

#define AT_WEDNESDAY "2025-06-11T10:00:00+02:00"

static char *cache_home;

/* Runs the tool with the arguments, NULL-terminated; "@name" stands for
 * the fixture tests/data/places/name. */
static void
run_tool (ToolRun *run, ...)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *cache_env = g_strconcat ("XDG_CACHE_HOME=", cache_home, NULL);
  /* Neither this machine's cache nor its vendor configuration. */
  const char *env[] = { cache_env, "DEVICE_CARE_VENDOR_CONF=/nonexistent/vendor.conf", NULL };
  const char *arg;
  va_list ap;

  g_ptr_array_add (args, g_strdup ("places"));
  va_start (ap, run);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, arg[0] == '@'
                             ? g_test_build_filename (G_TEST_DIST, "data", "places", arg + 1, NULL)
                             : g_strdup (arg));
  va_end (ap);
  g_ptr_array_add (args, NULL);
  tool_run (run, env, (const char *const *)args->pdata);
}

static JsonArray *
parse_array (const char *json)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = json_from_string (json, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  return json_array_ref (json_node_get_array (node));
}

/* The "id"s, space-separated, and the distances never decreasing. */
static char *
ids_in_order (JsonArray *places)
{
  g_autoptr (GString) ids = g_string_new (NULL);
  gint64 last = -1;

  for (guint i = 0; i < json_array_get_length (places); i++)
    {
      JsonObject *place = json_array_get_object_element (places, i);
      gint64 distance = json_object_get_int_member (place, "distance_m");

      g_assert_cmpint (distance, >=, last);
      last = distance;
      g_string_append_printf (ids, "%s%s", i > 0 ? " " : "",
                              json_object_get_string_member (place, "id"));
    }
  return g_string_free (g_steal_pointer (&ids), FALSE);
}

static char *
near_ids (ToolRun *run)
{
  g_autoptr (JsonArray) places = NULL;

  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->err, ==, "");
  places = parse_array (run->out);
  return ids_in_order (places);
}

static void
assert_place (JsonObject *place, const char *id, const char *kind, gint64 distance_m,
              const char *open, const char *next_change)
{
  g_autofree char *name = g_strconcat ("Fixture ", id, NULL);

  g_assert_cmpuint (json_object_get_size (place), ==, 8);
  g_assert_cmpstr (json_object_get_string_member (place, "id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (place, "name"), ==, name);
  g_assert_cmpstr (json_object_get_string_member (place, "kind"), ==, kind);
  g_assert_cmpint (json_object_get_int_member (place, "distance_m"), ==, distance_m);
  g_assert_cmpstr (json_object_get_string_member (place, "city"), ==, "Testhausen");
  g_assert_cmpstr (json_object_get_string_member (place, "country"), ==, "DE");
  g_assert_cmpstr (json_object_get_string_member (place, "open"), ==, open);
  if (next_change == NULL)
    g_assert_true (json_object_get_null_member (place, "next_change"));
  else
    g_assert_cmpstr (json_object_get_string_member (place, "next_change"), ==, next_change);
}

static void
test_near_fields (void)
{
  g_auto (ToolRun) run = { 0 };
  g_autoptr (JsonArray) places = NULL;

  run_tool (&run, "near", "50,8", "--file", "@near.geojson", "--at", AT_WEDNESDAY, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  /* One line, so a script reads one record. */
  g_assert_cmpstr (strchr (run.out, '\n'), ==, "\n");

  places = parse_array (run.out);
  /* Ten by default, of the twelve. */
  g_assert_cmpuint (json_array_get_length (places), ==, 10);
  assert_place (json_array_get_object_element (places, 0), "here", "service-center", 0, "open",
                "2025-06-11T18:00:00+02:00");
  assert_place (json_array_get_object_element (places, 1), "north-1km", "experience-store", 1112,
                "open", NULL);
  assert_place (json_array_get_object_element (places, 2), "east-5km", "service-center", 5003,
                "closed", NULL);
  /* Opening hours not understood, or none: unknown, never a guess. */
  assert_place (json_array_get_object_element (places, 3), "south-5km", "experience-store", 5560,
                "unknown", NULL);
  assert_place (json_array_get_object_element (places, 4), "north-11km", "service-center", 11120,
                "unknown", NULL);
  assert_place (json_array_get_object_element (places, 6), "north-56km", "service-center", 55598,
                "open", "2025-06-11T12:00:00+02:00");
  assert_place (json_array_get_object_element (places, 9), "north-200km", "experience-store",
                200151, "closed", "2025-06-14T10:00:00+02:00");
}

static void
test_near_filters (void)
{
  g_auto (ToolRun) centers = { 0 };
  g_auto (ToolRun) repair = { 0 };
  g_auto (ToolRun) repair_stores = { 0 };
  g_autofree char *center_ids = NULL;
  g_autofree char *repair_ids = NULL;
  g_autofree char *repair_store_ids = NULL;

  run_tool (&centers, "near", "50,8", "--file", "@near.geojson", "--kind", "service-center",
            "--limit", "0", NULL);
  center_ids = near_ids (&centers);
  g_assert_cmpstr (center_ids, ==, "here east-5km north-11km north-56km east-150km west-300km");

  run_tool (&repair, "near", "50,8", "--file", "@near.geojson", "--service", "repair", "--limit",
            "4", NULL);
  repair_ids = near_ids (&repair);
  g_assert_cmpstr (repair_ids, ==, "here east-5km west-20km north-56km");

  run_tool (&repair_stores, "near", "50,8", "--file", "@near.geojson", "--service", "repair",
            "--kind", "experience-store", NULL);
  repair_store_ids = near_ids (&repair_stores);
  g_assert_cmpstr (repair_store_ids, ==, "west-20km");
}

static void
test_near_limit_and_radius (void)
{
  g_auto (ToolRun) two = { 0 };
  g_auto (ToolRun) all = { 0 };
  g_auto (ToolRun) within = { 0 };
  g_auto (ToolRun) within_two = { 0 };
  g_autoptr (JsonArray) everything = NULL;
  g_autofree char *two_ids = NULL;
  g_autofree char *within_ids = NULL;
  g_autofree char *within_two_ids = NULL;

  run_tool (&two, "near", "50,8", "--file", "@near.geojson", "--limit", "2", NULL);
  two_ids = near_ids (&two);
  g_assert_cmpstr (two_ids, ==, "here north-1km");

  run_tool (&all, "near", "50,8", "--file", "@near.geojson", "--limit", "0", NULL);
  everything = parse_array (all.out);
  g_assert_cmpuint (json_array_get_length (everything), ==, 12);

  /* 5.56 km is in, 11.12 km is out. */
  run_tool (&within, "near", "50,8", "--file", "@near.geojson", "--radius-km", "6", NULL);
  within_ids = near_ids (&within);
  g_assert_cmpstr (within_ids, ==, "here north-1km east-5km south-5km");

  run_tool (&within_two, "near", "50.01,8", "--file", "@near.geojson", "--radius-km", "6",
            "--limit", "2", NULL);
  within_two_ids = near_ids (&within_two);
  g_assert_cmpstr (within_two_ids, ==, "north-1km here");
}

static void
test_near_bundled (void)
{
  g_auto (ToolRun) paris = { 0 };
  g_auto (ToolRun) cape_town = { 0 };
  g_autoptr (JsonArray) places = NULL;
  g_autoptr (JsonArray) far = NULL;
  g_autofree char *index = g_build_filename (cache_home, "device-care", "places.index", NULL);

  /* No feed configured: the demo set, kept as an index in the cache. */
  run_tool (&paris, "near", "48.8566,2.3522", "--limit", "3", NULL);
  g_assert_cmpint (paris.status, ==, 0);
  places = parse_array (paris.out);
  g_assert_cmpuint (json_array_get_length (places), ==, 3);
  g_assert_cmpstr (
    json_object_get_string_member (json_array_get_object_element (places, 0), "city"), ==, "Paris");
  g_assert_true (g_file_test (index, G_FILE_TEST_IS_REGULAR));

  /* A southern latitude is negative, not an option. */
  run_tool (&cape_town, "near", "-33.92,18.42", "--limit", "1", NULL);
  g_assert_cmpint (cape_town.status, ==, 0);
  far = parse_array (cape_town.out);
  g_assert_cmpint (
    json_object_get_int_member (json_array_get_object_element (far, 0), "distance_m"), >, 7000000);
}

static void
test_near_usage_errors (void)
{
  const char *const wrong[][4] = {
    { "near", NULL },
    { "near", "52.52", NULL },
    { "near", "95,10", NULL },
    { "near", "52.52,13.4", "--kind", "shop" },
    { "near", "52.52,13.4", "--limit", "-1" },
    { "near", "52.52,13.4", "--at", "yesterday" },
    { "near", "52.52,13.4", "--bogus", NULL },
    { "near", "52.52,13.4", "1,2", NULL },
    { "nearest", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (wrong); i++)
    {
      g_auto (ToolRun) run = { 0 };

      run_tool (&run, wrong[i][0], wrong[i][1], wrong[i][2], wrong[i][3], NULL);
      g_test_message ("%s", run.err);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_cmpuint (strlen (run.err), >, 10);
    }
}

static void
test_near_missing_file (void)
{
  g_auto (ToolRun) run = { 0 };

  run_tool (&run, "near", "50,8", "--file", "/nonexistent/places.geojson", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "/nonexistent/places.geojson"));
}

static void
test_check_broken (void)
{
  g_auto (ToolRun) run = { 0 };
  g_auto (GStrv) lines = NULL;
  guint n;

  run_tool (&run, "check", "@broken.geojson", NULL);
  g_assert_cmpint (run.status, ==, 1);
  lines = g_strsplit (run.out, "\n", -1);
  n = g_strv_length (lines);

  /* Twelve invalid features, one line each, a summary and the final newline. */
  g_assert_cmpuint (n, ==, 14);
  g_assert_cmpstr (lines[n - 1], ==, "");
  g_assert_nonnull (strstr (lines[0], "broken.geojson: feature 1 (“no-name”): "));
  g_assert_nonnull (strstr (lines[0], "“name”"));
  g_assert_nonnull (strstr (lines[4], "feature 6: "));
  g_assert_nonnull (strstr (lines[9], "feature 12 (“tokyo-swapped”)"));
  g_assert_nonnull (strstr (lines[9], "swapped"));
  g_assert_true (g_str_has_suffix (lines[n - 2], "5 valid places, 12 invalid, 0 warnings"));
}

static void
test_check_good (void)
{
  g_autofree char *demo
    = g_test_build_filename (G_TEST_DIST, "..", "data", "places", "demo.geojson", NULL);
  g_auto (ToolRun) bundled = { 0 };
  g_auto (ToolRun) warned = { 0 };
  g_auto (GStrv) lines = NULL;

  run_tool (&bundled, "check", demo, NULL);
  g_assert_cmpint (bundled.status, ==, 0);
  /* Nothing but the summary. */
  g_assert_cmpstr (strchr (bundled.out, '\n'), ==, "\n");
  g_assert_true (g_str_has_suffix (bundled.out, " valid places, 0 invalid, 0 warnings\n"));

  /* Opening hours the app cannot read are worth a line, not a failure. */
  run_tool (&warned, "check", "@near.geojson", NULL);
  g_assert_cmpint (warned.status, ==, 0);
  lines = g_strsplit (warned.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_nonnull (strstr (lines[0], "feature 6 (“south-5km”): Warning: "));
  g_assert_nonnull (strstr (lines[0], "sometimes"));
  g_assert_true (g_str_has_suffix (lines[1], "12 valid places, 0 invalid, 1 warning"));
}

static void
test_check_not_a_dataset (void)
{
  g_auto (ToolRun) not_json = { 0 };
  g_auto (ToolRun) missing = { 0 };
  g_auto (ToolRun) no_file = { 0 };

  run_tool (&not_json, "check", "@not-json.geojson", NULL);
  g_assert_cmpint (not_json.status, ==, 1);
  g_assert_nonnull (strstr (not_json.out, "not valid JSON (line 3"));

  run_tool (&missing, "check", "/nonexistent/places.geojson", NULL);
  g_assert_cmpint (missing.status, ==, 1);
  g_assert_nonnull (strstr (missing.out, "/nonexistent/places.geojson"));

  run_tool (&no_file, "check", NULL);
  g_assert_cmpint (no_file.status, ==, 2);
}

static void
remove_cache (void)
{
  g_autofree char *dir = g_build_filename (cache_home, "device-care", NULL);
  g_autofree char *index = g_build_filename (dir, "places.index", NULL);

  g_unlink (index);
  g_rmdir (dir);
  g_assert_cmpint (g_rmdir (cache_home), ==, 0);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  cache_home = g_dir_make_tmp ("test-tool-places-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/tool/places/near/fields", test_near_fields);
  g_test_add_func ("/tool/places/near/filters", test_near_filters);
  g_test_add_func ("/tool/places/near/limit-and-radius", test_near_limit_and_radius);
  g_test_add_func ("/tool/places/near/bundled", test_near_bundled);
  g_test_add_func ("/tool/places/near/usage-errors", test_near_usage_errors);
  g_test_add_func ("/tool/places/near/missing-file", test_near_missing_file);
  g_test_add_func ("/tool/places/check/broken", test_check_broken);
  g_test_add_func ("/tool/places/check/good", test_check_good);
  g_test_add_func ("/tool/places/check/not-a-dataset", test_check_not_a_dataset);

  status = g_test_run ();
  remove_cache ();
  g_free (cache_home);
  return status;
}
