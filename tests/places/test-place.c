/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-places"

#include "config.h"

#include <locale.h>

#include "dc-place.h"

static void
test_kind_strings (void)
{
  DcPlaceKind kind = DC_PLACE_KIND_EXPERIENCE_STORE;

  g_assert_cmpstr (dc_place_kind_to_string (DC_PLACE_KIND_SERVICE_CENTER), ==, "service-center");
  g_assert_cmpstr (dc_place_kind_to_string (DC_PLACE_KIND_EXPERIENCE_STORE), ==,
                   "experience-store");

  g_assert_true (dc_place_kind_from_string ("service-center", &kind));
  g_assert_cmpint (kind, ==, DC_PLACE_KIND_SERVICE_CENTER);
  g_assert_true (dc_place_kind_from_string ("experience-store", &kind));
  g_assert_cmpint (kind, ==, DC_PLACE_KIND_EXPERIENCE_STORE);

  /* A failed parse leaves the old value alone. */
  g_assert_false (dc_place_kind_from_string ("shop", &kind));
  g_assert_false (dc_place_kind_from_string ("Service-Center", &kind));
  g_assert_false (dc_place_kind_from_string ("", &kind));
  g_assert_false (dc_place_kind_from_string (NULL, &kind));
  g_assert_cmpint (kind, ==, DC_PLACE_KIND_EXPERIENCE_STORE);
}

static void
test_kind_labels (void)
{
  /* LANGUAGE=en in the test environment: the source strings. */
  g_assert_cmpstr (dc_place_kind_to_label (DC_PLACE_KIND_SERVICE_CENTER), ==, "Service center");
  g_assert_cmpstr (dc_place_kind_to_label (DC_PLACE_KIND_EXPERIENCE_STORE), ==, "Experience store");
}

static void
test_kind_enum_type (void)
{
  g_autoptr (GEnumClass) klass = g_type_class_ref (DC_TYPE_PLACE_KIND);
  GEnumValue *value = g_enum_get_value_by_nick (klass, "experience-store");

  g_assert_nonnull (value);
  g_assert_cmpint (value->value, ==, DC_PLACE_KIND_EXPERIENCE_STORE);
  g_assert_cmpuint (klass->n_values, ==, 2);
}

static void
test_default_timezones (void)
{
  const char *countries[] = { "DE", "GB", "FR", "IT", "ES", "AT", "CH", "NL", "BE", "PT", "IE" };

  g_assert_cmpstr (dc_place_default_timezone_for_country ("DE"), ==, "Europe/Berlin");
  g_assert_cmpstr (dc_place_default_timezone_for_country ("GB"), ==, "Europe/London");
  g_assert_cmpstr (dc_place_default_timezone_for_country ("FR"), ==, "Europe/Paris");
  g_assert_cmpstr (dc_place_default_timezone_for_country ("IT"), ==, "Europe/Rome");
  g_assert_cmpstr (dc_place_default_timezone_for_country ("ES"), ==, "Europe/Madrid");

  /* Several zones, or none known: the place has to say. */
  g_assert_null (dc_place_default_timezone_for_country ("US"));
  g_assert_null (dc_place_default_timezone_for_country ("RU"));
  g_assert_null (dc_place_default_timezone_for_country ("de"));
  g_assert_null (dc_place_default_timezone_for_country (""));
  g_assert_null (dc_place_default_timezone_for_country (NULL));

  for (gsize i = 0; i < G_N_ELEMENTS (countries); i++)
    g_assert_nonnull (dc_place_default_timezone_for_country (countries[i]));

  /* Every code the table could hold: a typo in a zone would make every
   * place in that country "unknown". */
  for (char first = 'A'; first <= 'Z'; first++)
    {
      for (char second = 'A'; second <= 'Z'; second++)
        {
          const char country[] = { first, second, '\0' };
          const char *identifier = dc_place_default_timezone_for_country (country);
          g_autoptr (GTimeZone) zone = NULL;

          if (identifier == NULL)
            continue;
          zone = g_time_zone_new_identifier (identifier);
          if (zone == NULL)
            g_test_message ("%s: unknown time zone %s", country, identifier);
          g_assert_nonnull (zone);
        }
    }
}

static void
test_timezone_from_country (void)
{
  g_autoptr (DcPlace) paris = NULL;
  g_autoptr (DcPlace) canary = NULL;
  g_autoptr (DcPlace) boston = NULL;

  paris = g_object_new (DC_TYPE_PLACE, "id", "paris", "country", "FR", NULL);
  g_assert_cmpstr (dc_place_get_timezone (paris), ==, "Europe/Paris");

  /* The place's own zone wins over its country's. */
  canary = g_object_new (DC_TYPE_PLACE, "id", "las-palmas", "country", "ES", "timezone",
                         "Atlantic/Canary", NULL);
  g_assert_cmpstr (dc_place_get_timezone (canary), ==, "Atlantic/Canary");

  boston = g_object_new (DC_TYPE_PLACE, "id", "boston", "country", "US", NULL);
  g_assert_null (dc_place_get_timezone (boston));
}

static void
test_properties (void)
{
  const char *services[] = { "repair", "battery", NULL };
  g_autoptr (DcPlace) place = NULL;
  g_autofree char *name = NULL;
  g_autofree char *timezone = NULL;
  g_auto (GStrv) read_services = NULL;
  DcPlaceKind kind;
  double latitude;

  place = g_object_new (DC_TYPE_PLACE, "id", "de-berlin", "kind", DC_PLACE_KIND_EXPERIENCE_STORE,
                        "name", "Berlin", "street", "Friedrichstraße 68", "postcode", "10117",
                        "city", "Berlin", "country", "DE", "phone", "+49 30 0000 0101", "email",
                        "berlin@example.com", "website", "https://example.com/berlin",
                        "opening-hours", "Mo-Fr 09:00-18:00", "services", services, "wheelchair",
                        "limited", "latitude", 52.5122, "longitude", 13.3894, NULL);

  g_assert_cmpstr (dc_place_get_id (place), ==, "de-berlin");
  g_assert_cmpint (dc_place_get_kind (place), ==, DC_PLACE_KIND_EXPERIENCE_STORE);
  g_assert_cmpstr (dc_place_get_street (place), ==, "Friedrichstraße 68");
  g_assert_cmpstr (dc_place_get_postcode (place), ==, "10117");
  g_assert_cmpstr (dc_place_get_city (place), ==, "Berlin");
  g_assert_cmpstr (dc_place_get_phone (place), ==, "+49 30 0000 0101");
  g_assert_cmpstr (dc_place_get_email (place), ==, "berlin@example.com");
  g_assert_cmpstr (dc_place_get_website (place), ==, "https://example.com/berlin");
  g_assert_cmpstr (dc_place_get_opening_hours (place), ==, "Mo-Fr 09:00-18:00");
  g_assert_cmpstrv (dc_place_get_services (place), services);
  g_assert_cmpstr (dc_place_get_wheelchair (place), ==, "limited");
  g_assert_cmpfloat_with_epsilon (dc_place_get_latitude (place), 52.5122, 1e-9);
  g_assert_cmpfloat_with_epsilon (dc_place_get_longitude (place), 13.3894, 1e-9);

  /* The same through GObject, as a UI binding would read them. */
  g_object_get (place, "name", &name, "kind", &kind, "services", &read_services, "timezone",
                &timezone, "latitude", &latitude, NULL);
  g_assert_cmpstr (name, ==, "Berlin");
  g_assert_cmpint (kind, ==, DC_PLACE_KIND_EXPERIENCE_STORE);
  g_assert_cmpstrv (read_services, services);
  g_assert_cmpstr (timezone, ==, "Europe/Berlin");
  g_assert_cmpfloat_with_epsilon (latitude, 52.5122, 1e-9);
}

static void
test_optional_fields_absent (void)
{
  g_autoptr (DcPlace) place = g_object_new (DC_TYPE_PLACE, "id", "bare", NULL);

  g_assert_null (dc_place_get_street (place));
  g_assert_null (dc_place_get_phone (place));
  g_assert_null (dc_place_get_wheelchair (place));
  g_assert_null (dc_place_get_timezone (place));
  /* Empty, not NULL: callers loop over it. */
  g_assert_nonnull (dc_place_get_services (place));
  g_assert_null (dc_place_get_services (place)[0]);
}

int
main (int argc, char *argv[])
{
  /* Messages quote with “ ”: print them as UTF-8, not as "?". */
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/places/place/kind-strings", test_kind_strings);
  g_test_add_func ("/places/place/kind-labels", test_kind_labels);
  g_test_add_func ("/places/place/kind-enum-type", test_kind_enum_type);
  g_test_add_func ("/places/place/default-timezones", test_default_timezones);
  g_test_add_func ("/places/place/timezone-from-country", test_timezone_from_country);
  g_test_add_func ("/places/place/properties", test_properties);
  g_test_add_func ("/places/place/optional-fields-absent", test_optional_fields_absent);

  return g_test_run ();
}
