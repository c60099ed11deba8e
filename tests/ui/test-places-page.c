/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <shumate/shumate.h>

#include "dc-open-state-text.h"
#include "dc-place-details.h"
#include "dc-place-map.h"
#include "dc-place-row.h"
#include "dc-places-page-private.h"
#include "dc-window.h"
#include "ui-harness.h"

/* The Places page with the demo set, in a real window under Xvfb, with no location portal and no
 * network: what a customer finds by typing a town, the chips, a place's details and the map. */

static GtkWidget *
find_row (GtkWidget *root, const char *title)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (ADW_IS_PREFERENCES_ROW (child)
          && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), title) == 0)
        return child;
      if ((found = find_row (child, title)))
        return found;
    }
  return NULL;
}

static gboolean
is_loaded (gpointer data)
{
  return dc_places_page_get_index (data) != NULL;
}

/* Friday 27 March 2026, 17:30 in Munich: weekday hours, half an hour before closing. */
static GDateTime *
friday_evening (void)
{
  g_autoptr (GTimeZone) berlin = g_time_zone_new_identifier ("Europe/Berlin");

  return g_date_time_new (berlin, 2026, 3, 27, 17, 30, 0);
}

/* The window on the Places page, its places loaded, "now" fixed. */
static DcPlacesPage *
open_places (DcWindow **window, GDateTime *now)
{
  DcPlacesPage *page;

  *window = open_window (360, 720);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (*window), "win.show-page", "s", "places"));
  page = DC_PLACES_PAGE (find_widget (GTK_WIDGET (*window), DC_TYPE_PLACES_PAGE, NULL));
  g_assert_nonnull (page);
  wait_until (is_loaded, page, "the places to load");
  dc_places_page_set_now (page, now);
  settle ();
  return page;
}

static GPtrArray *
listed_rows (DcPlacesPage *page)
{
  GPtrArray *rows = g_ptr_array_new ();

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (dc_places_page_get_list (page)));
       child; child = gtk_widget_get_next_sibling (child))
    {
      if (DC_IS_PLACE_ROW (child))
        g_ptr_array_add (rows, child);
    }
  return rows;
}

static DcPlace *
place_of (gpointer row)
{
  return dc_place_result_get_place (dc_place_row_get_result (DC_PLACE_ROW (row)));
}

static const char *
first_city (DcPlacesPage *page)
{
  g_autoptr (GPtrArray) rows = listed_rows (page);

  return rows->len > 0 ? dc_place_get_city (place_of (rows->pdata[0])) : NULL;
}

static gboolean
munich_first (gpointer data)
{
  return g_strcmp0 (first_city (data), "München") == 0;
}

static void
type_text (DcPlacesPage *page, const char *text)
{
  GtkWidget *entry = find_widget (GTK_WIDGET (page), GTK_TYPE_SEARCH_ENTRY, NULL);

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  g_signal_emit_by_name (entry, "activate");
  settle ();
}

static const char *
origin_text (DcPlacesPage *page)
{
  return gtk_label_get_label (page->origin_label);
}

static void
test_search_munich (void)
{
  g_autoptr (GDateTime) now = friday_evening ();
  DcWindow *window;
  DcPlacesPage *page = open_places (&window, now);
  g_autoptr (GPtrArray) rows = NULL;
  double last = 0;

  /* Before anything is typed, the list is not measured from anywhere and says how to. */
  g_assert_cmpstr (first_city (page), !=, "München");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (page->demo_label)));

  type_text (page, "munchen");
  wait_until (munich_first, page, "Munich's places first");
  rows = listed_rows (page);
  g_assert_cmpuint (rows->len, >=, 20);
  /* Both of Munich's places first, then ever farther, each saying how far. */
  g_assert_cmpstr (dc_place_get_city (place_of (rows->pdata[1])), ==, "München");
  g_assert_cmpstr (dc_place_get_city (place_of (rows->pdata[2])), !=, "München");
  for (guint i = 0; i < rows->len; i++)
    {
      double distance = dc_place_result_get_distance (dc_place_row_get_result (rows->pdata[i]));
      const char *subtitle = adw_action_row_get_subtitle (rows->pdata[i]);

      g_assert_cmpfloat (distance, >=, last);
      last = distance;
      g_assert_true (strstr (subtitle, " km") != NULL || strstr (subtitle, " m ") != NULL);
    }
  g_assert_nonnull (strstr (origin_text (page), "München"));

  /* Words that find nothing say so instead of an empty list. */
  type_text (page, "Atlantis");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (page->results)), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page->view_stack), ==, "empty");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
assert_all_of_kind (DcPlacesPage *page, DcPlaceKind kind, guint *n)
{
  g_autoptr (GPtrArray) rows = listed_rows (page);

  g_assert_cmpuint (rows->len, >, 0);
  for (guint i = 0; i < rows->len; i++)
    g_assert_cmpint (dc_place_get_kind (place_of (rows->pdata[i])), ==, kind);
  *n = rows->len;
}

static void
test_kind_chips (void)
{
  g_autoptr (GDateTime) now = friday_evening ();
  DcWindow *window;
  DcPlacesPage *page = open_places (&window, now);
  g_autoptr (GPtrArray) all = NULL;
  guint centers, stores;

  type_text (page, "Berlin");
  all = listed_rows (page);
  g_assert_true (
    gtk_widget_activate_action (GTK_WIDGET (page), "places.show-service-centers", NULL));
  settle ();
  assert_all_of_kind (page, DC_PLACE_KIND_SERVICE_CENTER, &centers);
  g_assert_true (
    gtk_widget_activate_action (GTK_WIDGET (page), "places.show-service-centers", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "places.show-stores", NULL));
  settle ();
  assert_all_of_kind (page, DC_PLACE_KIND_EXPERIENCE_STORE, &stores);
  /* Still measured from Berlin: the chips filter, the town stays. */
  g_assert_cmpstr (first_city (page), ==, "Berlin");
  g_assert_cmpuint (centers + stores, >=, all->len);

  /* Both chosen is the same as none: every kind. */
  g_assert_true (
    gtk_widget_activate_action (GTK_WIDGET (page), "places.show-service-centers", NULL));
  settle ();
  {
    g_autoptr (GPtrArray) both = listed_rows (page);

    g_assert_cmpuint (both->len, ==, all->len);
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
open_first_row (DcWindow *window, DcPlacesPage *page)
{
  g_autoptr (GPtrArray) rows = listed_rows (page);

  g_assert_cmpuint (rows->len, >, 0);
  g_assert_true (gtk_widget_activate (rows->pdata[0]));
  settle ();
}

static const char *
target_of (GtkWidget *root, const char *title)
{
  GtkWidget *row = find_row (root, title);

  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_visible (row));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (row)), ==, "place.open-uri");
  return g_variant_get_string (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (row)), NULL);
}

static void
test_details (void)
{
  g_autoptr (GDateTime) now = friday_evening ();
  DcWindow *window;
  DcPlacesPage *page = open_places (&window, now);
  GtkWidget *details;
  DcPlace *place;
  g_autofree char *geo = NULL;
  g_autofree char *name = NULL;
  char lat[G_ASCII_DTOSTR_BUF_SIZE], lon[G_ASCII_DTOSTR_BUF_SIZE];
  int days = 0;

  type_text (page, "München");
  wait_until (munich_first, page, "Munich's places first");
  open_first_row (window, page);
  details = dc_places_page_get_details (page);
  g_assert_nonnull (details);
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (page->leaflet), ==, "details");
  place = dc_place_details_get_place (DC_PLACE_DETAILS (details));
  g_assert_cmpstr (dc_place_get_id (place), ==, "de-muenchen-schwabing");

  /* A week of hours, Monday first, each day with its hours or "Closed". */
  for (int i = 0; i < 7; i++)
    {
      const char *weekdays[]
        = { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday" };
      GtkWidget *row = find_row (details, weekdays[i]);

      g_assert_nonnull (row);
      days++;
      g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                       i < 5    ? "09:00–18:00"
                       : i == 5 ? "10:00–14:00"
                                : "Closed");
    }
  g_assert_cmpint (days, ==, 7);
  g_assert_nonnull (find_row (details, "Repairs"));
  g_assert_nonnull (find_row (details, "Battery replacement"));
  g_assert_nonnull (find_row (details, "Pickup and return"));
  g_assert_null (find_row (details, "Sales"));

  /* Call, directions and website open the phone's apps with the right URIs. */
  g_assert_cmpstr (target_of (details, "Call"), ==, "tel:+498900000105");
  g_ascii_formatd (lat, sizeof lat, "%.6f", dc_place_get_latitude (place));
  g_ascii_formatd (lon, sizeof lon, "%.6f", dc_place_get_longitude (place));
  name = g_uri_escape_string ("Device Care Service Center München Schwabing", NULL, FALSE);
  geo = g_strdup_printf ("geo:%s,%s?q=%s,%s(%s)", lat, lon, lat, lon, name);
  g_assert_cmpstr (target_of (details, "Directions"), ==, geo);
  g_assert_nonnull (strstr (geo, "(Device%20Care%20Service%20Center%20M%C3%BCnchen%20Schwabing)"));
  g_assert_cmpstr (target_of (details, "Website"), ==,
                   "https://example.com/device-care/places/de-muenchen-schwabing");
  g_assert_nonnull (find_row (details, "Copy Address"));
  g_assert_nonnull (find_row (details, "Wheelchair accessible"));

  /* Back to the list. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "places.back", NULL));
  settle ();
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (page->leaflet), ==, "list");

  gtk_window_destroy (GTK_WINDOW (window));
}

static const char *
munich_line (DcPlacesPage *page)
{
  g_autoptr (GPtrArray) rows = listed_rows (page);

  g_assert_cmpuint (rows->len, >, 0);
  g_assert_cmpstr (dc_place_get_id (place_of (rows->pdata[0])), ==, "de-muenchen-schwabing");
  return adw_action_row_get_subtitle (rows->pdata[0]);
}

static void
test_open_closed (void)
{
  g_autoptr (GDateTime) friday = friday_evening ();
  g_autoptr (GDateTime) sunday = g_date_time_add_days (friday, 2);
  g_autoptr (GDateTime) saturday_night = g_date_time_add_hours (friday, 24 + 3);
  DcWindow *window;
  DcPlacesPage *page = open_places (&window, friday);

  /* Munich Schwabing keeps Mo-Fr 09:00-18:00; Sa 10:00-14:00 on Munich's clock. */
  type_text (page, "München");
  wait_until (munich_first, page, "Munich's places first");
  g_assert_true (g_str_has_suffix (munich_line (page), "\nOpen · closes 18:00"));
  dc_places_page_set_now (page, sunday);
  g_assert_true (g_str_has_suffix (munich_line (page), "\nClosed · opens Mon 09:00"));
  dc_places_page_set_now (page, saturday_night);
  g_assert_true (g_str_has_suffix (munich_line (page), "\nClosed · opens Mon 09:00"));

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
locate_failed (gpointer data)
{
  return DC_PLACES_PAGE (data)->locate_failed;
}

static void
test_near_me_without_portal (void)
{
  g_autoptr (GDateTime) now = friday_evening ();
  DcWindow *window;
  DcPlacesPage *page = open_places (&window, now);

  /* No portal here: the page says so and the customer types a town instead. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "places.near-me", NULL));
  wait_until (locate_failed, page, "the portal to be missed");
  g_assert_nonnull (strstr (origin_text (page), "Type a city or postcode"));

  /* Where the portal answers, the places nearest the phone come first. Marienplatz: */
  dc_places_page_set_position (page, 48.1374, 11.5755);
  settle ();
  g_assert_cmpstr (first_city (page), ==, "München");
  g_assert_cmpstr (origin_text (page), ==, "Distances from your location");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_map_on_demand (void)
{
  g_autoptr (GDateTime) now = friday_evening ();
  DcWindow *window;
  DcPlacesPage *page = open_places (&window, now);
  GtkWidget *map;
  guint n;

  /* Loaded and listed, and still no map: it is made when the customer opens it. */
  g_assert_null (dc_places_page_get_map (page));
  g_assert_null (find_widget (GTK_WIDGET (window), SHUMATE_TYPE_SIMPLE_MAP, NULL));

  type_text (page, "Hamburg");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "places.show-map", NULL));
  settle ();
  map = dc_places_page_get_map (page);
  g_assert_nonnull (map);
  g_assert_nonnull (find_widget (map, SHUMATE_TYPE_SIMPLE_MAP, NULL));
  g_assert_true (gtk_widget_get_mapped (map));
  n = g_list_model_get_n_items (G_LIST_MODEL (page->results));
  g_assert_cmpuint (dc_place_map_get_n_markers (DC_PLACE_MAP (map)), ==, n);
  /* The phone's position has a marker of its own. */
  dc_places_page_set_position (page, 53.55, 9.99);
  settle ();
  g_assert_cmpuint (dc_place_map_get_n_markers (DC_PLACE_MAP (map)), ==, n + 1);

  /* And back to the list; the map is kept for next time. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "places.show-map", NULL));
  settle ();
  g_assert_false (gtk_widget_get_mapped (map));
  g_assert_true (dc_places_page_get_map (page) == map);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Every widget on screen inside the window's width. */
static void
assert_inside (GtkWidget *widget, GtkWidget *content, int width)
{
  graphene_rect_t bounds;

  if (!gtk_widget_get_mapped (widget))
    return;
  g_assert_true (gtk_widget_compute_bounds (widget, content, &bounds));
  if (bounds.origin.x < -0.5 || bounds.origin.x + bounds.size.width > width + 0.5)
    {
      GString *path = g_string_new (NULL);

      for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
        g_string_append_printf (path, "%s(%s) < ", G_OBJECT_TYPE_NAME (w),
                                gtk_widget_get_css_name (w));
      g_error ("%s is %g px wide at x = %g, outside the %d px window", path->str, bounds.size.width,
               bounds.origin.x, width);
    }
  /* Inside a map are its markers, anywhere; inside a scrollbar, its overlay slider's shadow. */
  if (SHUMATE_IS_SIMPLE_MAP (widget) || GTK_IS_SCROLLBAR (widget))
    return;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    assert_inside (child, content, width);
}

static gboolean
leaflet_settled (gpointer data)
{
  return !adw_leaflet_get_child_transition_running (data);
}

static void
assert_fits_phone (DcWindow *window, DcPlacesPage *page, const char *screenshot)
{
  int minimum;

  wait_until (leaflet_settled, page->leaflet, "the leaflet to settle");
  wait_for_frames (GTK_WIDGET (window));
  gtk_widget_measure (content_of (window), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL,
                      NULL);
  g_assert_cmpint (minimum, <=, 360);
  g_assert_cmpint (gtk_widget_get_width (content_of (window)), ==, 360);
  assert_inside (GTK_WIDGET (page), content_of (window), 360);
  save_screenshot (window, screenshot);
}

static void
test_phone_width (void)
{
  g_autoptr (GDateTime) now = friday_evening ();
  DcWindow *window;
  DcPlacesPage *page = open_places (&window, now);

  type_text (page, "München");
  wait_until (munich_first, page, "Munich's places first");
  g_assert_true (adw_leaflet_get_folded (page->leaflet));
  assert_fits_phone (window, page, "places-list-phone.png");

  open_first_row (window, page);
  assert_fits_phone (window, page, "places-details-phone.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "places.back", NULL));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "places.show-map", NULL));
  settle ();
  assert_fits_phone (window, page, "places-map-phone.png");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_wide (void)
{
  g_autoptr (GDateTime) now = friday_evening ();
  DcWindow *window = open_window (1200, 800);
  DcPlacesPage *page;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "places"));
  page = DC_PLACES_PAGE (find_widget (GTK_WIDGET (window), DC_TYPE_PLACES_PAGE, NULL));
  wait_until (is_loaded, page, "the places to load");
  dc_places_page_set_now (page, now);
  type_text (page, "London");

  /* Room for both: the list beside the place, and no way "back" to what is on screen. */
  g_assert_false (adw_leaflet_get_folded (page->leaflet));
  open_first_row (window, page);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (dc_places_page_get_list (page))));
  g_assert_true (gtk_widget_get_mapped (dc_places_page_get_details (page)));
  g_assert_false (gtk_widget_get_visible (page->back_button));
  save_screenshot (window, "places-wide.png");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

int
main (int argc, char *argv[])
{
  g_autofree char *root = NULL;
  g_autofree char *cache = g_dir_make_tmp ("device-care-places-XXXXXX", NULL);
  int status;

  /* The places index and map tiles are cached; not in the developer's home. */
  g_assert_nonnull (cache);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  /* No tile is fetched, even where there is a network: through a proxy that is not there. */
  g_setenv ("https_proxy", "http://127.0.0.1:9", TRUE);
  g_setenv ("http_proxy", "http://127.0.0.1:9", TRUE);
  g_unsetenv ("no_proxy");
  setlocale (LC_ALL, "");
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  {
    /* The app's own style, as DcApplication loads it, for screenshots as a customer sees. */
    g_autoptr (GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, RESOURCE_PREFIX "/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  root = g_test_build_filename (G_TEST_DIST, "data", "device", "pinephone", NULL);
  g_setenv ("DEVICE_CARE_ROOT", root, TRUE);
  g_setenv ("DEVICE_CARE_VENDOR_CONF", "/nonexistent", TRUE);

  g_test_add_func ("/places-page/search-munich", test_search_munich);
  g_test_add_func ("/places-page/kind-chips", test_kind_chips);
  g_test_add_func ("/places-page/details", test_details);
  g_test_add_func ("/places-page/open-closed", test_open_closed);
  g_test_add_func ("/places-page/near-me-without-portal", test_near_me_without_portal);
  g_test_add_func ("/places-page/map-on-demand", test_map_on_demand);
  g_test_add_func ("/places-page/phone-width", test_phone_width);
  g_test_add_func ("/places-page/wide", test_wide);

  status = g_test_run ();
  remove_tree (cache);
  return status;
}
