/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-tool"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "dc-opening-hours.h"
#include "dc-place-index.h"
#include "dc-place-store.h"
#include "dc-tool-private.h"
#include "dc-vendor-config.h"

/* `device-care-tool places near|check`: the places engine for scripts,
 * support staff, and OEMs checking a dataset before they publish it. */

#define DEFAULT_LIMIT 10

typedef struct
{
  char *kind;
  char *service;
  int limit;
  double radius_km;
  char *file;
  char *at;
  gboolean pretty;
} NearOptions;

static void
near_options_clear (NearOptions *options)
{
  g_free (options->kind);
  g_free (options->service);
  g_free (options->file);
  g_free (options->at);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (NearOptions, near_options_clear)

static int
usage_error (const char *message)
{
  g_printerr ("%s: %s\n", g_get_prgname (), message);
  return DC_TOOL_EXIT_USAGE;
}

/* "52.52,13.405": latitude first, as people say it and maps show it. */
static gboolean
parse_position (const char *text, double *latitude, double *longitude)
{
  g_auto (GStrv) parts = g_strsplit (text, ",", -1);
  char *end = NULL;

  if (g_strv_length (parts) != 2)
    return FALSE;
  g_strstrip (parts[0]);
  g_strstrip (parts[1]);
  *latitude = g_ascii_strtod (parts[0], &end);
  if (*parts[0] == '\0' || *end != '\0' || !isfinite (*latitude) || fabs (*latitude) > 90.0)
    return FALSE;
  *longitude = g_ascii_strtod (parts[1], &end);
  return *parts[1] != '\0' && *end == '\0' && isfinite (*longitude) && fabs (*longitude) <= 180.0;
}

/* The one place that asks the opening-hours evaluator. */
static DcOpenState
open_state (DcPlace *place, GDateTime *at, GDateTime **next_change)
{
  g_autoptr (GTimeZone) zone = NULL;

  *next_change = NULL;
  if (dc_place_get_opening_hours (place) == NULL || dc_place_get_timezone (place) == NULL)
    return DC_OPEN_STATE_UNKNOWN;
  zone = g_time_zone_new_identifier (dc_place_get_timezone (place));
  if (zone == NULL)
    return DC_OPEN_STATE_UNKNOWN;
  return dc_opening_hours_evaluate (dc_place_get_opening_hours (place), at, zone, next_change);
}

static void
add_string (JsonBuilder *builder, const char *name, const char *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_place (JsonBuilder *builder, DcPlace *place, double distance_m, GDateTime *at)
{
  g_autoptr (GDateTime) next_change = NULL;
  g_autofree char *next_text = NULL;
  DcOpenState state = open_state (place, at, &next_change);

  /* With a numeric offset, "+01:00" rather than "Z", in the place's zone. */
  if (next_change != NULL)
    next_text = dc_tool_format_time (next_change);

  json_builder_begin_object (builder);
  add_string (builder, "id", dc_place_get_id (place));
  add_string (builder, "name", dc_place_get_name (place));
  add_string (builder, "kind", dc_place_kind_to_string (dc_place_get_kind (place)));
  json_builder_set_member_name (builder, "distance_m");
  json_builder_add_int_value (builder, (gint64)round (distance_m));
  add_string (builder, "city", dc_place_get_city (place));
  add_string (builder, "country", dc_place_get_country (place));
  add_string (builder, "open", dc_open_state_to_string (state));
  add_string (builder, "next_change", next_text);
  json_builder_end_object (builder);
}

static char *
format_hits (DcPlaceIndex *index, GArray *hits, GDateTime *at, gboolean pretty)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < hits->len; i++)
    {
      DcPlaceHit *hit = &g_array_index (hits, DcPlaceHit, i);
      g_autoptr (DcPlace) place = dc_place_index_dup_place (index, hit->index);

      add_place (builder, place, hit->distance_m, at);
    }
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, pretty);
}

static DcPlaceCollection *
read_collection (const char *path, GError **error)
{
  g_autoptr (GMappedFile) file = g_mapped_file_new (path, FALSE, error);
  g_autoptr (GBytes) bytes = NULL;

  if (file == NULL)
    return NULL;
  bytes = g_mapped_file_get_bytes (file);
  return dc_place_collection_new_from_geojson (bytes, error);
}

/* --file, or the store's current set: the vendor's feed as last fetched,
 * else the demo set. */
static DcPlaceIndex *
open_places (const char *path, GError **error)
{
  g_autoptr (DcPlaceCollection) collection = NULL;
  g_autoptr (DcVendorConfig) vendor = NULL;
  g_autoptr (DcPlaceStore) store = NULL;
  guint skipped;

  if (path == NULL)
    {
      vendor = dc_vendor_config_load (NULL);
      store = dc_place_store_new (dc_vendor_config_get_places_feed (vendor), NULL);
      return dc_place_store_load (store, NULL, error);
    }

  collection = read_collection (path, error);
  if (collection == NULL)
    return NULL;
  skipped = dc_place_collection_get_problems (collection)->len;
  if (skipped > 0)
    {
      g_printerr ("%s: ", g_get_prgname ());
      g_printerr (g_dngettext (GETTEXT_PACKAGE,
                               /* Translators: %u is a number; %s is the file, twice */
                               "%s: skipped %u invalid place; “device-care-tool places check %s” "
                               "says what is wrong.",
                               "%s: skipped %u invalid places; “device-care-tool places check %s” "
                               "says what is wrong.",
                               skipped),
                  path, skipped, path);
      g_printerr ("\n");
    }
  return dc_place_index_new_from_collection (collection, NULL);
}

static GOptionContext *
near_context (NearOptions *options)
{
  const GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_STRING, &options->kind,
      N_ ("Only service-center or experience-store"), N_ ("KIND") },
    { "service", 0, 0, G_OPTION_ARG_STRING, &options->service,
      N_ ("Only places that offer this service, such as repair"), N_ ("SERVICE") },
    { "limit", 0, 0, G_OPTION_ARG_INT, &options->limit,
      N_ ("At most this many places, 0 for all (default: 10)"), N_ ("N") },
    { "radius-km", 0, 0, G_OPTION_ARG_DOUBLE, &options->radius_km,
      N_ ("Only places within this many kilometres"), N_ ("KM") },
    { "file", 0, 0, G_OPTION_ARG_FILENAME, &options->file,
      N_ ("Search this GeoJSON file instead of the vendor’s places"), N_ ("FILE") },
    { "at", 0, 0, G_OPTION_ARG_STRING, &options->at,
      N_ ("Say whether each place is open at this time, in ISO 8601 (default: now)"), N_ ("TIME") },
    { "pretty", 0, 0, G_OPTION_ARG_NONE, &options->pretty,
      N_ ("Indent the JSON over several lines, for a person to read"), NULL },
    { NULL },
  };
  GOptionContext *context = g_option_context_new (_ ("LATITUDE,LONGITUDE"));

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _ ("List the places nearest to a position as JSON"));
  g_option_context_set_description (
    context, _ ("Prints an array sorted by great-circle distance, each place as {\"id\", "
                "\"name\", \"kind\", \"distance_m\", \"city\", \"country\", \"open\": \"open\", "
                "\"closed\" or \"unknown\", \"next_change\"}. A southern latitude is negative: "
                "-33.92,18.42."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  /* Else "-33.92,18.42" would be taken for options. */
  g_option_context_set_ignore_unknown_options (context, TRUE);
  return context;
}

/* The position among what the options left, or a usage error. */
static int
read_position_argument (int argc, char **argv, double *latitude, double *longitude)
{
  g_autoptr (GPtrArray) arguments = g_ptr_array_new ();
  g_autofree char *message = NULL;
  gboolean options_end = FALSE;

  for (int i = 1; i < argc; i++)
    {
      if (!options_end && g_str_equal (argv[i], "--"))
        {
          options_end = TRUE;
          continue;
        }
      if (!options_end && g_str_has_prefix (argv[i], "--"))
        {
          /* Translators: %s is what the user typed */
          message = g_strdup_printf (_ ("Unknown option “%s”."), argv[i]);
          return usage_error (message);
        }
      g_ptr_array_add (arguments, argv[i]);
    }

  if (arguments->len == 0)
    message = g_strdup (_ ("Say where: LATITUDE,LONGITUDE, such as 52.52,13.405."));
  else if (!parse_position (g_ptr_array_index (arguments, 0), latitude, longitude))
    /* Translators: %s is what the user typed; keep the example as it is */
    message = g_strdup_printf (_ ("“%s” is not a position; give LATITUDE,LONGITUDE in degrees, "
                                  "such as 52.52,13.405."),
                               (char *)g_ptr_array_index (arguments, 0));
  else if (arguments->len > 1)
    /* Translators: %s is what the user typed */
    message
      = g_strdup_printf (_ ("Unexpected argument “%s”."), (char *)g_ptr_array_index (arguments, 1));

  return message != NULL ? usage_error (message) : DC_TOOL_EXIT_OK;
}

static int
check_near_options (NearOptions *options, DcPlaceFilter *filter, GDateTime **at)
{
  DcPlaceKind kind;

  if (options->kind != NULL && !dc_place_kind_from_string (options->kind, &kind))
    return usage_error (_ ("--kind must be service-center or experience-store."));
  if (options->kind != NULL)
    filter->kinds = DC_PLACE_FILTER_KIND (kind);
  filter->service = options->service;
  if (options->limit < 0)
    return usage_error (_ ("--limit must be 0 or more."));
  if (options->radius_km < 0 || !isfinite (options->radius_km))
    return usage_error (_ ("--radius-km must be a positive number of kilometres."));

  *at = options->at != NULL ? g_date_time_new_from_iso8601 (options->at, NULL)
                            : g_date_time_new_now_utc ();
  if (*at == NULL)
    /* Translators: keep the example as it is */
    return usage_error (_ ("--at must be a date and time in ISO 8601, such as "
                           "2026-03-29T10:30:00+02:00."));
  return DC_TOOL_EXIT_OK;
}

static int
places_near (int argc, char **argv)
{
  g_auto (NearOptions) options = { .limit = DEFAULT_LIMIT };
  g_autoptr (GOptionContext) context = near_context (&options);
  g_autoptr (GError) error = NULL;
  g_autoptr (DcPlaceIndex) index = NULL;
  g_autoptr (GDateTime) at = NULL;
  g_autoptr (GArray) hits = NULL;
  g_autofree char *json = NULL;
  DcPlaceFilter filter = { 0 };
  double latitude = 0, longitude = 0;
  int status;

  g_set_prgname ("device-care-tool places near");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (error->message);
  status = read_position_argument (argc, argv, &latitude, &longitude);
  if (status == DC_TOOL_EXIT_OK)
    status = check_near_options (&options, &filter, &at);
  if (status != DC_TOOL_EXIT_OK)
    return status;

  index = open_places (options.file, &error);
  if (index == NULL)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return DC_TOOL_EXIT_FAILURE;
    }

  hits = dc_place_index_nearest (index, latitude, longitude, options.limit,
                                 options.radius_km * 1000.0, &filter);
  json = format_hits (index, hits, at, options.pretty);
  return dc_tool_write_line (json) ? DC_TOOL_EXIT_OK : DC_TOOL_EXIT_FAILURE;
}

static void
print_problem (const char *path, guint index, const char *id, const char *message)
{
  g_autofree char *line = NULL;

  if (id != NULL)
    /* Translators: "places.geojson: feature 3 (“de-berlin”): The required property …" */
    line = g_strdup_printf (_ ("%s: feature %u (“%s”): %s"), path, index, id, message);
  else
    /* Translators: "places.geojson: feature 3: The feature has no “properties” object." */
    line = g_strdup_printf (_ ("%s: feature %u: %s"), path, index, message);
  dc_tool_write_line (line);
}

/* What does not stop a place from loading but would leave the customer
 * with "unknown" where the OEM meant an answer. */
static guint
print_warnings (const char *path, guint index, DcPlace *place)
{
  const char *hours = dc_place_get_opening_hours (place);
  g_autoptr (DcOpeningHours) parsed = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL;

  if (dc_place_get_timezone (place) == NULL && hours != NULL)
    /* Translators: %s is a country code such as US; words in “” are spelled so in the file */
    message = g_strdup_printf (_ ("Warning: no “timezone”, and %s has more than one or is not "
                                  "known here, so whether it is open cannot be told."),
                               dc_place_get_country (place));
  else if (hours != NULL && (parsed = dc_opening_hours_parse (hours, &error)) == NULL)
    /* Translators: %s is the opening-hours parser's explanation */
    message = g_strdup_printf (_ ("Warning: “opening_hours” is not understood and will show as "
                                  "unknown: %s"),
                               error->message);
  if (message == NULL)
    return 0;
  print_problem (path, index, dc_place_get_id (place), message);
  return 1;
}

static void
print_summary (const char *path, guint valid, guint invalid, guint warnings)
{
  g_autofree char *valid_text = NULL;
  g_autofree char *invalid_text = NULL;
  g_autofree char *warnings_text = NULL;
  g_autofree char *line = NULL;

  valid_text = g_strdup_printf (
    /* Translators: the parts of "places.geojson: 60 valid places, 2 invalid, 1 warning" */
    g_dngettext (GETTEXT_PACKAGE, "%u valid place", "%u valid places", valid), valid);
  invalid_text = g_strdup_printf (
    /* Translators: the parts of "places.geojson: 60 valid places, 2 invalid, 1 warning" */
    g_dngettext (GETTEXT_PACKAGE, "%u invalid", "%u invalid", invalid), invalid);
  warnings_text = g_strdup_printf (
    /* Translators: the parts of "places.geojson: 60 valid places, 2 invalid, 1 warning" */
    g_dngettext (GETTEXT_PACKAGE, "%u warning", "%u warnings", warnings), warnings);
  line = g_strdup_printf ("%s: %s, %s, %s", path, valid_text, invalid_text, warnings_text);
  dc_tool_write_line (line);
}

/* Problems come in the file's order; so do the places, in the gaps. */
static void
check_features (const char *path, DcPlaceCollection *collection, guint *warnings)
{
  GPtrArray *problems = dc_place_collection_get_problems (collection);
  guint n_places = g_list_model_get_n_items (G_LIST_MODEL (collection));
  guint problem = 0;
  guint place = 0;

  for (guint index = 0; problem < problems->len || place < n_places; index++)
    {
      DcPlaceProblem *next = problem < problems->len ? g_ptr_array_index (problems, problem) : NULL;

      if (next != NULL && next->index == index)
        {
          /* A feature can have several problems, all in one message. */
          print_problem (path, index, next->id, next->message);
          while (problem < problems->len
                 && ((DcPlaceProblem *)g_ptr_array_index (problems, problem))->index == index)
            problem++;
        }
      else if (place < n_places)
        {
          g_autoptr (DcPlace) item = g_list_model_get_item (G_LIST_MODEL (collection), place++);

          *warnings += print_warnings (path, index, item);
        }
    }
}

static int
places_check (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (_ ("FILE"));
  g_autoptr (DcPlaceCollection) collection = NULL;
  g_autoptr (GError) error = NULL;
  guint warnings = 0;
  guint invalid;

  g_set_prgname ("device-care-tool places check");
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (
    context, _ ("Check a GeoJSON file of places before it is published as the vendor’s feed"));
  g_option_context_set_description (
    context, _ ("Prints one line for each feature that would be skipped, and why, and for each "
                "place whose opening hours the app could not evaluate; then a summary. The exit "
                "status is 1 when any feature is invalid."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (error->message);
  if (argc != 2)
    return usage_error (argc < 2 ? _ ("Say which file to check.")
                                 : _ ("Check one file at a time."));

  collection = read_collection (argv[1], &error);
  if (collection == NULL)
    {
      g_autofree char *line = g_strdup_printf ("%s: %s", argv[1], error->message);

      dc_tool_write_line (line);
      return DC_TOOL_EXIT_FAILURE;
    }

  check_features (argv[1], collection, &warnings);
  invalid = dc_place_collection_get_problems (collection)->len;
  print_summary (argv[1], g_list_model_get_n_items (G_LIST_MODEL (collection)), invalid, warnings);
  return invalid > 0 ? DC_TOOL_EXIT_FAILURE : DC_TOOL_EXIT_OK;
}

/**
 * dc_tool_places:
 * @argc: the number of arguments, the command's name included
 * @argv: (array length=argc): the arguments, starting with "places"
 *
 * `device-care-tool places near LAT,LON [OPTION…]` lists the nearest
 * places as JSON; `device-care-tool places check FILE` checks a dataset.
 *
 * Returns: the exit status
 */
int
dc_tool_places (int argc, char **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "near"))
    return places_near (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "check"))
    return places_check (argc - 1, argv + 1);

  g_set_prgname ("device-care-tool places");
  if (argc >= 2 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")))
    {
      g_print ("%s\n", _ ("Usage: device-care-tool places near LATITUDE,LONGITUDE [OPTION…]\n"
                          "       device-care-tool places check FILE"));
      return DC_TOOL_EXIT_OK;
    }
  return usage_error (_ ("Say near or check. Run “device-care-tool places near --help” for the "
                         "options."));
}
