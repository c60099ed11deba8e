/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "device-care"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "dc-country.h"
#include "dc-place-format.h"

/* How a place's fields read on the Places page: distances in the customer's unit, the address
 * as a letter would carry it, services in words, and the URIs the phone's apps open. */

#define METRES_PER_MILE 1609.344
#define METRES_PER_YARD 0.9144

/**
 * dc_place_format_uses_miles:
 * @country: (nullable): an ISO 3166-1 alpha-2 code, from the measurement locale
 *
 * Returns: whether road distances are said in miles there (the United Kingdom, the United States)
 */
gboolean
dc_place_format_uses_miles (const char *country)
{
  return g_strcmp0 (country, "GB") == 0 || g_strcmp0 (country, "US") == 0;
}

static char *
format_miles (double metres)
{
  double miles = metres / METRES_PER_MILE;
  g_autofree char *number = NULL;

  if (miles < 0.1)
    {
      /* Nobody paces out yards to the unit: to the next ten. */
      number = g_strdup_printf ("%.0f", 10.0 * round (metres / METRES_PER_YARD / 10.0));
      /* Translators: a distance in yards; %s is a number such as "150" */
      return g_strdup_printf (_ ("%s yd"), number);
    }
  number = g_strdup_printf (miles < 9.95 ? "%.1f" : "%'.0f", miles);
  /* Translators: a distance in miles; %s is a number such as "2.5" or "120" */
  return g_strdup_printf (_ ("%s mi"), number);
}

/**
 * dc_place_format_distance:
 * @metres: a distance
 * @miles: say it in miles and yards instead of kilometres and metres
 *
 * Returns: (transfer full): "850 m", "2.3 km", "1,204 km", or "150 yd", "2.5 mi", with the
 *   locale's decimal and thousands separators
 */
char *
dc_place_format_distance (double metres, gboolean miles)
{
  g_autofree char *number = NULL;

  if (miles)
    return format_miles (metres);
  if (metres < 995.0)
    {
      number = g_strdup_printf ("%.0f", 10.0 * round (metres / 10.0));
      /* Translators: a distance in metres; %s is a number such as "850" */
      return g_strdup_printf (_ ("%s m"), number);
    }
  number = g_strdup_printf (metres < 9950.0 ? "%.1f" : "%'.0f", metres / 1000.0);
  /* Translators: a distance in kilometres; %s is a number such as "2.3" or "120" */
  return g_strdup_printf (_ ("%s km"), number);
}

static void
append_line (GString *text, const char *line)
{
  if (line == NULL || *line == '\0')
    return;
  if (text->len > 0)
    g_string_append_c (text, '\n');
  g_string_append (text, line);
}

/**
 * dc_place_format_address:
 * @place: a place
 *
 * Returns: (transfer full): the street, the town with its postcode, and the country, one a
 *   line; in the United Kingdom and Ireland the postcode has a line of its own after the town
 */
char *
dc_place_format_address (DcPlace *place)
{
  GString *text = g_string_new (NULL);
  const char *country = dc_place_get_country (place);
  const char *postcode = dc_place_get_postcode (place);
  const char *city = dc_place_get_city (place);

  append_line (text, dc_place_get_street (place));
  if (g_strcmp0 (country, "GB") == 0 || g_strcmp0 (country, "IE") == 0)
    {
      append_line (text, city);
      append_line (text, postcode);
    }
  else
    {
      g_autofree char *town
        = g_strjoin (" ", postcode != NULL ? postcode : "", city != NULL ? city : "", NULL);
      append_line (text, g_strstrip (town));
    }
  if (country != NULL)
    append_line (text, dc_country_get_name (country));
  return g_string_free (text, FALSE);
}

/**
 * dc_place_format_service:
 * @service: a service as the places file names it, "repair"
 *
 * Returns: the service in the customer's language, or @service itself when it is not one the
 *   app knows
 */
const char *
dc_place_format_service (const char *service)
{
  static const struct
  {
    const char *id;
    const char *label;
  } services[] = {
    { "repair", N_ ("Repairs") },       { "battery", N_ ("Battery replacement") },
    { "screen", N_ ("Screen repair") }, { "pickup", N_ ("Pickup and return") },
    { "sales", N_ ("Sales") },          { "trade-in", N_ ("Trade-in") },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (services); i++)
    {
      if (g_strcmp0 (service, services[i].id) == 0)
        return _ (services[i].label);
    }
  return service;
}

/**
 * dc_place_format_wheelchair:
 * @wheelchair: (nullable): the OpenStreetMap value: "yes", "limited" or "no"
 *
 * Returns: (nullable): what it means for a wheelchair user, or %NULL when unknown
 */
const char *
dc_place_format_wheelchair (const char *wheelchair)
{
  if (g_strcmp0 (wheelchair, "yes") == 0)
    return _ ("Wheelchair accessible");
  if (g_strcmp0 (wheelchair, "limited") == 0)
    return _ ("Partly wheelchair accessible");
  if (g_strcmp0 (wheelchair, "no") == 0)
    return _ ("Not wheelchair accessible");
  return NULL;
}

/**
 * dc_place_format_tel_uri:
 * @phone: (nullable): a phone number as written, "+49 89 0000 0105"
 *
 * Returns: (transfer full) (nullable): "tel:+498900000105": the digits, and a leading "+" if
 *   the number has one; %NULL when there are no digits
 */
char *
dc_place_format_tel_uri (const char *phone)
{
  g_autoptr (GString) digits = g_string_new (NULL);

  if (phone == NULL)
    return NULL;
  for (const char *p = phone; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
    }
  if (digits->len == 0)
    return NULL;
  phone += strspn (phone, " \t");
  return g_strconcat ("tel:", *phone == '+' ? "+" : "", digits->str, NULL);
}

/**
 * dc_place_format_geo_uri:
 * @place: a place
 *
 * An RFC 5870 URI with the label Android and GNOME Maps read from `q=`, so the phone's maps app
 * opens with a pin on the place.
 *
 * Returns: (transfer full): "geo:48.16,11.58?q=48.16,11.58(Name%20of%20place)"
 */
char *
dc_place_format_geo_uri (DcPlace *place)
{
  char lat[G_ASCII_DTOSTR_BUF_SIZE], lon[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *name = g_uri_escape_string (dc_place_get_name (place), NULL, FALSE);

  /* A dot whatever the locale: the URI's syntax, not a number for people. */
  g_ascii_formatd (lat, sizeof lat, "%.6f", dc_place_get_latitude (place));
  g_ascii_formatd (lon, sizeof lon, "%.6f", dc_place_get_longitude (place));
  return g_strdup_printf ("geo:%s,%s?q=%s,%s(%s)", lat, lon, lat, lon, name);
}

/**
 * dc_place_format_website_uri:
 * @website: (nullable): a place's website
 *
 * Returns: (transfer full) (nullable): @website if it is an https URI with a host, else %NULL:
 *   a feed's http or javascript: link is not opened
 */
char *
dc_place_format_website_uri (const char *website)
{
  g_autoptr (GUri) uri = NULL;

  if (website == NULL)
    return NULL;
  uri = g_uri_parse (website, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_strcmp0 (g_uri_get_scheme (uri), "https") != 0
      || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    return NULL;
  return g_uri_to_string (uri);
}

static char *
format_minutes (guint minutes)
{
  g_autoptr (GDateTime) time = NULL;

  /* 24:00 is the end of a day; no clock shows it, but opening hours do. */
  if (minutes >= 24 * 60)
    return g_strdup ("24:00");
  time = g_date_time_new_utc (2000, 1, 1, minutes / 60, minutes % 60, 0);
  return g_date_time_format (time, "%H:%M");
}

/**
 * dc_place_format_day_hours:
 * @spans: (element-type DcOpeningSpan): what dc_opening_hours_dup_day_spans() says of a day
 *
 * Returns: (transfer full): "09:00–12:30, 14:00–18:30", "Open 24 hours" or "Closed"
 */
char *
dc_place_format_day_hours (GArray *spans)
{
  const DcOpeningSpan *first = spans->len > 0 ? &g_array_index (spans, DcOpeningSpan, 0) : NULL;
  GString *text;

  if (first == NULL)
    return g_strdup (_ ("Closed"));
  if (spans->len == 1 && first->start == 0 && first->end == 24 * 60
      && first->state == DC_OPEN_STATE_OPEN)
    return g_strdup (_ ("Open 24 hours"));

  text = g_string_new (NULL);

  for (guint i = 0; i < spans->len; i++)
    {
      const DcOpeningSpan *span = &g_array_index (spans, DcOpeningSpan, i);
      g_autofree char *start = format_minutes (span->start);
      g_autofree char *end = format_minutes (span->end);
      g_autofree char *range = NULL;

      /* Translators: opening hours from one time to another, "09:00–18:00" */
      range = g_strdup_printf (_ ("%s–%s"), start, end);
      if (text->len > 0)
        /* Translators: between two ranges of opening hours on one day */
        g_string_append (text, _ (", "));
      if (span->state == DC_OPEN_STATE_UNKNOWN)
        /* Translators: hours the data marks as not certain, "09:00–12:00 (may vary)" */
        g_string_append_printf (text, _ ("%s (may vary)"), range);
      else
        g_string_append (text, range);
    }
  return g_string_free (text, FALSE);
}

/**
 * dc_place_format_dup_timezone:
 * @place: a place
 *
 * Returns: (transfer full): the zone the place's opening hours are in: its own, its country's,
 *   or, when neither is known, the phone's
 */
GTimeZone *
dc_place_format_dup_timezone (DcPlace *place)
{
  const char *id = dc_place_get_timezone (place);
  GTimeZone *tz = NULL;

  if (id == NULL)
    id = dc_place_default_timezone_for_country (dc_place_get_country (place));
  if (id != NULL)
    tz = g_time_zone_new_identifier (id);
  return tz != NULL ? tz : g_time_zone_new_local ();
}
