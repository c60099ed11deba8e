/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-places"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "dc-geojson-feature-private.h"
#include "dc-place-collection.h"

/* One GeoJSON Feature (RFC 7946 §3.2) checked against DESIGN §4 and turned
 * into a DcPlace. Every problem is collected, not just the first, so whoever
 * maintains the places file can fix a feature in one go. */

/* Values quoted back in messages come from the file; a runaway string must
 * not flood a terminal or a dialog. */
#define QUOTE_MAX_CHARS 40

typedef struct
{
  const char *id;
  DcPlaceKind kind;
  const char *name;
  const char *street;
  const char *postcode;
  const char *city;
  const char *country;
  const char *phone;
  const char *email;
  const char *website;
  const char *opening_hours;
  const char *wheelchair;
  const char *timezone;
  char **services;
} Fields;

static void complain (GPtrArray *problems, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
complain (GPtrArray *problems, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (problems, g_strdup_vprintf (format, args));
  va_end (args);
}

static char *
shorten (const char *value)
{
  g_autofree char *head = NULL;

  if (g_utf8_strlen (value, -1) <= QUOTE_MAX_CHARS)
    return g_strdup (value);

  head = g_utf8_substring (value, 0, QUOTE_MAX_CHARS - 1);
  return g_strconcat (head, "…", NULL);
}

/* The member as a string, or NULL when it is absent or not a string. */
static const char *
string_member (JsonObject *object, const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static gboolean
number_element (JsonArray *array, guint index, double *number)
{
  JsonNode *node = json_array_get_element (array, index);
  GType type;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  if (type != G_TYPE_DOUBLE && type != G_TYPE_INT64)
    return FALSE;

  /* json-glib turns 1e999 into infinity; no place is there. */
  *number = json_node_get_double (node);
  return isfinite (*number);
}

/* RFC 7946 §3.1.1: [longitude, latitude], optionally an altitude. */
static gboolean
read_position (JsonObject *point, double *longitude, double *latitude)
{
  JsonNode *node = json_object_get_member (point, "coordinates");
  JsonArray *array;
  double altitude;
  guint length;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  array = json_node_get_array (node);
  length = json_array_get_length (array);
  if (length < 2 || length > 3)
    return FALSE;

  return number_element (array, 0, longitude) && number_element (array, 1, latitude)
         && (length == 2 || number_element (array, 2, &altitude));
}

static gboolean
check_range (double longitude, double latitude, GPtrArray *problems)
{
  gboolean ok = TRUE;

  if (longitude < -180.0 || longitude > 180.0)
    {
      complain (problems, _ ("Longitude %g is out of range; it must be between -180 and 180."),
                longitude);
      ok = FALSE;
    }

  if (latitude < -90.0 || latitude > 90.0)
    {
      /* The mistake everyone makes once: [lat, lon] instead of [lon, lat]. */
      if (fabs (longitude) <= 90.0 && fabs (latitude) <= 180.0)
        complain (problems,
                  _ ("Latitude %g is out of range; it must be between -90 and 90. GeoJSON "
                     "puts the longitude first: are the two swapped?"),
                  latitude);
      else
        complain (problems, _ ("Latitude %g is out of range; it must be between -90 and 90."),
                  latitude);
      ok = FALSE;
    }

  return ok;
}

static gboolean
read_point (JsonObject *feature, GPtrArray *problems, double *longitude, double *latitude)
{
  JsonNode *node = json_object_get_member (feature, "geometry");
  g_autofree char *type = NULL;
  JsonObject *geometry;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      complain (problems, _ ("The feature has no “geometry”; it needs a Point."));
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      complain (problems, _ ("“geometry” must be a GeoJSON Point object."));
      return FALSE;
    }

  geometry = json_node_get_object (node);
  if (string_member (geometry, "type") == NULL)
    {
      complain (problems, _ ("“geometry” must be a GeoJSON Point object."));
      return FALSE;
    }
  type = shorten (string_member (geometry, "type"));
  if (!g_str_equal (type, "Point"))
    {
      /* Translators: %s is a GeoJSON geometry type, such as LineString */
      complain (problems, _ ("“geometry” must be a Point, not a %s."), type);
      return FALSE;
    }

  if (!read_position (geometry, longitude, latitude))
    {
      complain (problems, _ ("The Point’s “coordinates” must be [longitude, latitude], "
                             "two numbers."));
      return FALSE;
    }

  return check_range (*longitude, *latitude, problems);
}

/* A string property: NULL when absent, JSON null or empty, which for an
 * optional one all mean "not known". */
static const char *
read_string (JsonObject *properties, const char *name, gboolean required, GPtrArray *problems)
{
  JsonNode *node = json_object_get_member (properties, name);
  const char *value;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        /* Translators: %s is a property name, such as “name”. Words in “” in
         * these messages are spelled so in the file: keep them as they are. */
        complain (problems, _ ("The required property “%s” is missing."), name);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      /* Translators: %s is a property name, such as “street” */
      complain (problems, _ ("“%s” must be a string."), name);
      return NULL;
    }

  value = json_node_get_string (node);
  if (*value == '\0')
    {
      if (required)
        /* Translators: %s is a property name, such as “city” */
        complain (problems, _ ("“%s” must not be empty."), name);
      return NULL;
    }

  return value;
}

static gboolean
read_services (JsonObject *properties, GPtrArray *problems, char ***services)
{
  JsonNode *node = json_object_get_member (properties, "services");
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    goto invalid;

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING
          || *json_node_get_string (element) == '\0')
        goto invalid;
      g_strv_builder_add (builder, json_node_get_string (element));
    }

  *services = g_strv_builder_end (builder);
  return TRUE;

invalid:
  complain (problems, _ ("“services” must be a list of strings, such as [\"repair\", "
                         "\"battery\"]."));
  return FALSE;
}

static void
check_country (const char *country, GPtrArray *problems)
{
  g_autofree char *quoted = NULL;

  if (country == NULL)
    return;
  if (strlen (country) == 2 && g_ascii_isupper (country[0]) && g_ascii_isupper (country[1])
      && !g_str_equal (country, "UK"))
    return;

  /* "UK" passes for a code everywhere except in ISO 3166-1, and a place
   * in it would silently lose its default time zone. */
  if (g_str_equal (country, "UK"))
    {
      complain (
        problems,
        _ ("“country” must be “GB” for the United Kingdom; “UK” is not an ISO 3166-1 code."));
      return;
    }

  quoted = shorten (country);
  complain (
    problems,
    _ ("“country” must be a two-letter ISO 3166-1 code in capitals, such as “DE”, not “%s”."),
    quoted);
}

/* Each part must start with a letter: this keeps out absolute paths and
 * "..", which GLib would open as files, and POSIX TZ rules with "," or ":". */
static gboolean
is_zone_identifier (const char *identifier)
{
  gboolean part_start = TRUE;

  for (const char *p = identifier; *p != '\0'; p++)
    {
      if (*p == '/')
        {
          if (part_start)
            return FALSE;
          part_start = TRUE;
          continue;
        }
      if (part_start && !g_ascii_isalpha (*p))
        return FALSE;
      if (!g_ascii_isalnum (*p) && strchr ("_+-", *p) == NULL)
        return FALSE;
      part_start = FALSE;
    }

  return !part_start;
}

static void
check_timezone (const char *identifier, GPtrArray *problems)
{
  g_autoptr (GTimeZone) zone = NULL;
  g_autofree char *quoted = NULL;

  if (identifier == NULL)
    return;
  if (is_zone_identifier (identifier))
    zone = g_time_zone_new_identifier (identifier);
  if (zone != NULL)
    return;

  quoted = shorten (identifier);
  complain (problems,
            _ ("“timezone” must be an IANA time zone such as “Europe/Berlin”; this system does "
               "not know “%s”."),
            quoted);
}

/* OpenStreetMap's values; "designated" (built for wheelchair users) is a
 * "yes" to the customer, so the model knows just three answers. */
static const char *
check_wheelchair (const char *value, GPtrArray *problems)
{
  g_autofree char *quoted = NULL;

  if (value == NULL)
    return NULL;
  if (g_str_equal (value, "yes") || g_str_equal (value, "no") || g_str_equal (value, "limited"))
    return value;
  if (g_str_equal (value, "designated"))
    return "yes";

  quoted = shorten (value);
  complain (problems, _ ("“wheelchair” must be “yes”, “no” or “limited”, not “%s”."), quoted);
  return NULL;
}

/* The app opens this address in a browser: nothing but the web. */
static void
check_website (const char *website, GPtrArray *problems)
{
  g_autoptr (GUri) uri = NULL;
  g_autofree char *quoted = NULL;

  if (website == NULL)
    return;

  uri = g_uri_parse (website, G_URI_FLAGS_NONE, NULL);
  if (uri != NULL
      && (g_str_equal (g_uri_get_scheme (uri), "https")
          || g_str_equal (g_uri_get_scheme (uri), "http"))
      && g_uri_get_host (uri) != NULL && *g_uri_get_host (uri) != '\0')
    return;

  quoted = shorten (website);
  complain (problems, _ ("“website” must be an http or https address, not “%s”."), quoted);
}

static void
check_email (const char *email, GPtrArray *problems)
{
  const char *at;
  g_autofree char *quoted = NULL;

  if (email == NULL)
    return;

  at = strchr (email, '@');
  if (at != NULL && at != email && strchr (at + 1, '@') == NULL && strchr (at + 1, '.') != NULL
      && at[1] != '.' && !g_str_has_suffix (email, ".") && strpbrk (email, " \t\r\n<>,;") == NULL)
    return;

  quoted = shorten (email);
  complain (problems, _ ("“email” must be an e-mail address, not “%s”."), quoted);
}

/* The app dials this number; letters or a "+" in the middle would make a
 * link that goes nowhere. */
static void
check_phone (const char *phone, GPtrArray *problems)
{
  guint digits = 0;
  g_autofree char *quoted = NULL;

  if (phone == NULL)
    return;

  for (const char *p = phone; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if (strchr (" ()-./", *p) == NULL && !(*p == '+' && p == phone))
        goto invalid;
    }
  if (digits >= 3)
    return;

invalid:
  quoted = shorten (phone);
  complain (problems, _ ("“phone” must be a phone number such as “+44 20 7946 0123”, not “%s”."),
            quoted);
}

static void
read_required (JsonObject *properties, GPtrArray *problems, Fields *fields)
{
  const char *kind;

  /* In the order of DESIGN §4, so the messages follow the usual file. */
  fields->id = read_string (properties, "id", TRUE, problems);
  kind = read_string (properties, "kind", TRUE, problems);
  if (kind != NULL && !dc_place_kind_from_string (kind, &fields->kind))
    {
      g_autofree char *quoted = shorten (kind);

      complain (problems, _ ("“kind” must be “service-center” or “experience-store”, not “%s”."),
                quoted);
    }

  fields->name = read_string (properties, "name", TRUE, problems);
  fields->city = read_string (properties, "city", TRUE, problems);
  fields->country = read_string (properties, "country", TRUE, problems);
  check_country (fields->country, problems);
}

static void
read_optional (JsonObject *properties, GPtrArray *problems, Fields *fields)
{
  fields->street = read_string (properties, "street", FALSE, problems);
  fields->postcode = read_string (properties, "postcode", FALSE, problems);
  fields->phone = read_string (properties, "phone", FALSE, problems);
  fields->email = read_string (properties, "email", FALSE, problems);
  fields->website = read_string (properties, "website", FALSE, problems);
  fields->opening_hours = read_string (properties, "opening_hours", FALSE, problems);
  fields->timezone = read_string (properties, "timezone", FALSE, problems);
  fields->wheelchair = read_string (properties, "wheelchair", FALSE, problems);

  check_phone (fields->phone, problems);
  check_email (fields->email, problems);
  check_website (fields->website, problems);
  check_timezone (fields->timezone, problems);
  fields->wheelchair = check_wheelchair (fields->wheelchair, problems);
  read_services (properties, problems, &fields->services);
}

static void
read_feature (JsonObject *feature, GPtrArray *problems, Fields *fields, double *longitude,
              double *latitude)
{
  JsonNode *properties = json_object_get_member (feature, "properties");
  const char *type = string_member (feature, "type");

  if (type == NULL)
    complain (problems, _ ("The feature has no “type”; it must be “Feature”."));
  else if (!g_str_equal (type, "Feature"))
    {
      g_autofree char *quoted = shorten (type);

      complain (problems, _ ("“type” must be “Feature”, not “%s”."), quoted);
    }

  read_point (feature, problems, longitude, latitude);

  if (properties == NULL || !JSON_NODE_HOLDS_OBJECT (properties))
    {
      complain (problems, _ ("The feature has no “properties” object."));
      return;
    }
  read_required (json_node_get_object (properties), problems, fields);
  read_optional (json_node_get_object (properties), problems, fields);
}

/**
 * dc_geojson_feature_parse:
 * @feature: one element of a FeatureCollection's "features"
 * @id: (out) (optional) (transfer full) (nullable): the feature's "id"
 *   property when it is a string, even when the feature is rejected
 * @error: what is wrong with the feature, every problem in one message
 *
 * Returns: (transfer full) (nullable): the place, or %NULL with @error set
 */
DcPlace *
dc_geojson_feature_parse (JsonNode *feature, char **id, GError **error)
{
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_auto (GStrv) services = NULL;
  g_autofree char *message = NULL;
  Fields fields = { 0 };
  double longitude = 0.0;
  double latitude = 0.0;

  if (!JSON_NODE_HOLDS_OBJECT (feature))
    {
      g_set_error_literal (error, DC_PLACES_ERROR, DC_PLACES_ERROR_INVALID,
                           _ ("The feature is not a JSON object."));
      return NULL;
    }

  read_feature (json_node_get_object (feature), problems, &fields, &longitude, &latitude);
  services = g_steal_pointer (&fields.services);
  if (id != NULL)
    *id = g_strdup (fields.id);

  if (problems->len > 0)
    {
      g_ptr_array_add (problems, NULL);
      message = g_strjoinv (" ", (char **)problems->pdata);
      g_set_error_literal (error, DC_PLACES_ERROR, DC_PLACES_ERROR_INVALID, message);
      return NULL;
    }

  return g_object_new (DC_TYPE_PLACE, "id", fields.id, "kind", fields.kind, "name", fields.name,
                       "street", fields.street, "postcode", fields.postcode, "city", fields.city,
                       "country", fields.country, "phone", fields.phone, "email", fields.email,
                       "website", fields.website, "opening-hours", fields.opening_hours, "services",
                       services, "wheelchair", fields.wheelchair, "timezone", fields.timezone,
                       "latitude", latitude, "longitude", longitude, NULL);
}
