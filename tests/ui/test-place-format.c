/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>

#include "dc-opening-hours.h"
#include "dc-place-collection.h"
#include "dc-place-format.h"

/* How the Places page says a place's fields: distances in the customer's unit, addresses as a
 * letter carries them, hours of a day, services in words, and the URIs the phone's apps open. */

static void
test_distance (void)
{
  g_autofree char *m = dc_place_format_distance (847, FALSE);
  g_autofree char *here = dc_place_format_distance (0, FALSE);
  g_autofree char *km = dc_place_format_distance (2345, FALSE);
  g_autofree char *far = dc_place_format_distance (123456, FALSE);
  g_autofree char *yd = dc_place_format_distance (100, TRUE);
  g_autofree char *mi = dc_place_format_distance (2.5 * 1609.344, TRUE);
  g_autofree char *miles = dc_place_format_distance (400000, TRUE);

  /* A customer in Germany reads metres and kilometres, one in Britain yards and miles. */
  g_assert_false (dc_place_format_uses_miles ("DE"));
  g_assert_false (dc_place_format_uses_miles (NULL));
  g_assert_true (dc_place_format_uses_miles ("GB"));
  g_assert_true (dc_place_format_uses_miles ("US"));
  g_assert_cmpstr (m, ==, "850 m");
  g_assert_cmpstr (here, ==, "0 m");
  g_assert_cmpstr (km, ==, "2.3 km");
  g_assert_cmpstr (far, ==, "123 km");
  g_assert_cmpstr (yd, ==, "110 yd");
  g_assert_cmpstr (mi, ==, "2.5 mi");
  g_assert_cmpstr (miles, ==, "249 mi");
}

static void
test_uris (void)
{
  g_autofree char *tel = dc_place_format_tel_uri ("+44 (0)20 7946-0101");
  g_autofree char *local = dc_place_format_tel_uri ("030 1234");
  g_autofree char *https = dc_place_format_website_uri ("https://example.com/a?b=c");

  /* The dialler gets digits only, and the country code's plus. */
  g_assert_cmpstr (tel, ==, "tel:+4402079460101");
  g_assert_cmpstr (local, ==, "tel:0301234");
  g_assert_null (dc_place_format_tel_uri ("n/a"));
  g_assert_null (dc_place_format_tel_uri (NULL));
  /* Only a secure web page is opened from a feed. */
  g_assert_cmpstr (https, ==, "https://example.com/a?b=c");
  g_assert_null (dc_place_format_website_uri ("http://example.com/"));
  g_assert_null (dc_place_format_website_uri ("javascript:alert(1)"));
}

static DcPlace *
demo_place (const char *id)
{
  g_autoptr (DcPlaceCollection) demo = dc_place_collection_new_demo (NULL);

  g_assert_nonnull (demo);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (demo)); i++)
    {
      g_autoptr (DcPlace) place = g_list_model_get_item (G_LIST_MODEL (demo), i);

      if (g_str_equal (dc_place_get_id (place), id))
        return g_steal_pointer (&place);
    }
  g_assert_not_reached ();
}

static void
test_address_and_directions (void)
{
  g_autoptr (DcPlace) london = demo_place ("gb-london-tottenham-court-road");
  g_autoptr (DcPlace) munich = demo_place ("de-muenchen-schwabing");
  g_autofree char *gb = dc_place_format_address (london);
  g_autofree char *de = dc_place_format_address (munich);
  g_autofree char *geo = dc_place_format_geo_uri (munich);

  /* A British postcode on a line of its own after the town; a German one before it. */
  g_assert_cmpstr (gb, ==, "100 Tottenham Court Road\nLondon\nW1T 4TE\nUnited Kingdom");
  g_assert_cmpstr (de, ==, "Leopoldstraße 50\n80802 München\nGermany");
  /* The maps app gets a point and the place's name, escaped. */
  g_assert_true (g_str_has_prefix (geo, "geo:48."));
  g_assert_true (
    g_str_has_suffix (geo, "(Device%20Care%20Service%20Center%20M%C3%BCnchen%20Schwabing)"));
  g_assert_cmpstr (dc_place_format_service ("battery"), ==, "Battery replacement");
  g_assert_cmpstr (dc_place_format_service ("data-recovery"), ==, "data-recovery");
  g_assert_cmpstr (dc_place_format_wheelchair (dc_place_get_wheelchair (munich)), ==,
                   "Wheelchair accessible");
  g_assert_null (dc_place_format_wheelchair (NULL));
}

static char *
day_of (const char *expr, int day)
{
  g_autoptr (DcOpeningHours) hours = dc_opening_hours_parse (expr, NULL);
  g_autoptr (GArray) spans = NULL;
  GDate date;

  g_assert_nonnull (hours);
  /* 23 March 2026 is a Monday. */
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 23 + day, G_DATE_MARCH, 2026);
  spans = dc_opening_hours_dup_day_spans (hours, &date, FALSE);
  return dc_place_format_day_hours (spans);
}

static void
test_day_hours (void)
{
  const char *lunch = "Mo-Fr 09:00-12:30,14:00-18:30; Sa 09:30-12:30";
  g_autofree char *monday = day_of (lunch, 0);
  g_autofree char *sunday = day_of (lunch, 6);
  g_autofree char *always = day_of ("24/7", 2);
  g_autofree char *night = day_of ("Fr 22:00-02:00", 5);

  g_assert_cmpstr (monday, ==, "09:00–12:30, 14:00–18:30");
  g_assert_cmpstr (sunday, ==, "Closed");
  g_assert_cmpstr (always, ==, "Open 24 hours");
  /* Past midnight: Saturday has the end of Friday's night. */
  g_assert_cmpstr (night, ==, "00:00–02:00");
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/place-format/distance", test_distance);
  g_test_add_func ("/place-format/uris", test_uris);
  g_test_add_func ("/place-format/address-and-directions", test_address_and_directions);
  g_test_add_func ("/place-format/day-hours", test_day_hours);

  return g_test_run ();
}
