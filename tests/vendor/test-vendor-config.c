/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "dc-vendor-config.h"

static char *
fixture (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "vendor", name, NULL);
}

static DcContactChannel *
channel_at (GListModel *model, guint i)
{
  g_autoptr (DcContactChannel) channel = g_list_model_get_item (model, i);
  return channel; /* the model keeps its own reference */
}

static void
test_valid (void)
{
  g_autofree char *path = fixture ("valid.conf");
  g_autoptr (GError) error = NULL;
  g_autoptr (DcVendorConfig) config = dc_vendor_config_new_from_file (path, &error);
  GListModel *channels;
  DcContactChannel *hotline;
  g_autofree char *uri = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (dc_vendor_config_get_name (config), ==, "Acme Phones");
  channels = dc_vendor_config_get_channels (config);
  g_assert_cmpuint (g_list_model_get_n_items (channels), ==, 4);

  hotline = channel_at (channels, 0);
  g_assert_cmpint (dc_contact_channel_get_channel_type (hotline), ==, DC_CHANNEL_HOTLINE);
  g_assert_cmpstr (dc_contact_channel_get_label (hotline), ==, "Hotline");
  g_assert_cmpstr (dc_contact_channel_get_address (hotline), ==, "+49 (0)89 / 123-456");
  g_assert_cmpstr (dc_contact_channel_get_hours (hotline), ==, "Mo-Fr 08:00-18:00");
  g_assert_true (dc_contact_channel_get_free_call (hotline));
  uri = dc_contact_channel_dup_uri (hotline);
  /* No spaces or punctuation, and no "(0)": dialling +49 0 89 … from a phone fails. */
  g_assert_cmpstr (uri, ==, "tel:+4989123456");
}

static void
test_uris (void)
{
  g_autofree char *path = fixture ("valid.conf");
  g_autoptr (DcVendorConfig) config = dc_vendor_config_new_from_file (path, NULL);
  GListModel *channels = dc_vendor_config_get_channels (config);
  g_autofree char *mail = dc_contact_channel_dup_uri (channel_at (channels, 2));
  g_autofree char *chat = dc_contact_channel_dup_uri (channel_at (channels, 3));

  g_assert_cmpstr (mail, ==, "mailto:help@acme.example");
  g_assert_cmpstr (chat, ==, "https://wa.me/4989123456");
  g_assert_false (dc_contact_channel_get_free_call (channel_at (channels, 1)));
}

static DcVendorConfig *
config_with_feed (const char *feed, GError **error)
{
  g_autofree char *data = g_strdup_printf ("[Vendor]\nName=Acme\n\n[Places]\nFeed=%s\n", feed);

  return dc_vendor_config_new_from_data (data, strlen (data), "feed.conf", error);
}

static void
test_places_feed (void)
{
  const char *usable[] = { "https://places.example.com/places.geojson",
                           "http://127.0.0.1:8080/places.geojson", "http://localhost/p.geojson" };
  g_autofree char *shipped_path = fixture ("valid.conf");
  g_autoptr (DcVendorConfig) without = dc_vendor_config_new_from_file (shipped_path, NULL);
  g_autoptr (DcVendorConfig) empty = config_with_feed ("", NULL);
  g_autoptr (DcVendorConfig) plain = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_null (dc_vendor_config_get_places_feed (without));
  g_assert_null (dc_vendor_config_get_places_feed (empty));
  for (gsize i = 0; i < G_N_ELEMENTS (usable); i++)
    {
      g_autoptr (DcVendorConfig) config = config_with_feed (usable[i], NULL);

      g_assert_cmpstr (dc_vendor_config_get_places_feed (config), ==, usable[i]);
    }

  /* Places a customer is sent to must not come over plain http. */
  plain = config_with_feed ("http://places.example.com/places.geojson", &error);
  g_assert_null (plain);
  g_assert_error (error, DC_VENDOR_ERROR, DC_VENDOR_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "line 5"));
  g_assert_nonnull (strstr (error->message, "Feed"));
}

static void
test_localised (void)
{
  g_autofree char *path = fixture ("valid.conf");
  g_autoptr (DcVendorConfig) config = NULL;

  g_setenv ("LANGUAGE", "de", TRUE);
  config = dc_vendor_config_new_from_file (path, NULL);
  g_setenv ("LANGUAGE", "en", TRUE);

  g_assert_cmpstr (dc_vendor_config_get_name (config), ==, "Acme Telefone");
  g_assert_cmpstr (
    dc_contact_channel_get_label (channel_at (dc_vendor_config_get_channels (config), 3)), ==,
    "Schreib uns");
}

static void
test_country (void)
{
  g_autofree char *path = fixture ("valid.conf");
  g_autoptr (DcVendorConfig) config = dc_vendor_config_new_from_file (path, NULL);
  g_autoptr (GListModel) de = dc_vendor_config_dup_channels_for_country (config, "DE");
  g_autoptr (GListModel) us = dc_vendor_config_dup_channels_for_country (config, "US");

  /* Germany: its own hotline and the two channels for every country, not the French line. */
  g_assert_cmpuint (g_list_model_get_n_items (de), ==, 3);
  g_assert_cmpstr (dc_contact_channel_get_country (channel_at (de, 0)), ==, "DE");
  for (guint i = 0; i < 3; i++)
    g_assert_cmpstr (dc_contact_channel_get_country (channel_at (de, i)), !=, "FR");

  /* A market the vendor does not serve still sees every way to reach someone. */
  g_assert_cmpuint (g_list_model_get_n_items (us), ==, 4);
}

static void
test_locale_country (void)
{
  g_autofree char *de = dc_locale_country ("de_DE.UTF-8");
  g_autofree char *gb = dc_locale_country ("en_GB");
  g_autofree char *c = dc_locale_country ("C.UTF-8");

  g_assert_cmpstr (de, ==, "DE");
  g_assert_cmpstr (gb, ==, "GB");
  g_assert_null (c);
}

static void
assert_broken (const char *name, const char *expected)
{
  g_autofree char *path = fixture (name);
  g_autoptr (GError) error = NULL;
  g_autoptr (DcVendorConfig) config = dc_vendor_config_new_from_file (path, &error);

  g_assert_null (config);
  g_assert_error (error, DC_VENDOR_ERROR,
                  g_str_equal (name, "broken-syntax.conf") ? DC_VENDOR_ERROR_SYNTAX
                                                           : DC_VENDOR_ERROR_INVALID);
  if (strstr (error->message, expected) == NULL)
    g_error ("“%s” does not say “%s”", error->message, expected);
}

static void
test_branding_and_support (void)
{
  g_autofree char *path = fixture ("valid.conf");
  g_autoptr (DcVendorConfig) config = dc_vendor_config_new_from_file (path, NULL);
  const char *domain, *desk, *rooms;
  gboolean anonymous = TRUE;

  g_assert_cmpstr (dc_vendor_config_get_icon (config), ==, "com.acme.Support");
  g_assert_cmpstr (dc_vendor_config_get_accent (config), ==, "#e66100");
  g_assert_cmpstr (dc_vendor_config_get_privacy_policy (config), ==,
                   "https://acme.example/privacy");
  g_assert_cmpstr (
    dc_vendor_config_get_support_service (config, &domain, &desk, &rooms, &anonymous), ==,
    "wss://chat.acme.example/xmpp-websocket");
  g_assert_cmpstr (domain, ==, "chat.acme.example");
  g_assert_cmpstr (desk, ==, "desk@chat.acme.example");
  g_assert_cmpstr (rooms, ==, "rooms.chat.acme.example");
  g_assert_false (anonymous);
}

static GDateTime *
berlin (int year, int month, int day, int hour, int minute)
{
  g_autoptr (GTimeZone) tz = g_time_zone_new_identifier ("Europe/Berlin");
  return g_date_time_new (tz, year, month, day, hour, minute, 0);
}

static void
test_channel_state (void)
{
  g_autofree char *path = fixture ("valid.conf");
  g_autoptr (DcVendorConfig) config = dc_vendor_config_new_from_file (path, NULL);
  GListModel *channels = dc_vendor_config_get_channels (config);
  DcContactChannel *hotline = channel_at (channels, 0); /* DE, Mo-Fr 08:00-18:00 */
  g_autoptr (GDateTime) monday = berlin (2026, 11, 23, 10, 0);
  g_autoptr (GDateTime) sunday = berlin (2026, 11, 22, 12, 0);
  g_autoptr (GDateTime) next = NULL;
  g_autoptr (GDateTime) opens = NULL;
  g_autoptr (GDateTime) never = NULL;
  g_autofree char *next_text = NULL;
  g_autofree char *opens_text = NULL;

  g_assert_cmpint (dc_contact_channel_get_state (hotline, monday, &next), ==, DC_OPEN_STATE_OPEN);
  next_text = g_date_time_format_iso8601 (next);
  g_assert_cmpstr (next_text, ==, "2026-11-23T18:00:00+01");
  g_assert_cmpint (dc_contact_channel_get_state (hotline, sunday, &opens), ==,
                   DC_OPEN_STATE_CLOSED);
  opens_text = g_date_time_format_iso8601 (opens);
  g_assert_cmpstr (opens_text, ==, "2026-11-23T08:00:00+01");

  /* E-mail has no hours: it can always be written to. */
  g_assert_cmpint (dc_contact_channel_get_state (channel_at (channels, 2), sunday, &never), ==,
                   DC_OPEN_STATE_OPEN);
  g_assert_null (never);
}

static void
test_channel_odd_hours (void)
{
  g_autofree char *path = fixture ("odd-hours.conf");
  g_autoptr (DcVendorConfig) config = dc_vendor_config_new_from_file (path, NULL);
  g_autoptr (GDateTime) monday = berlin (2026, 11, 23, 10, 0);

  /* Hours with a condition in words: never a wrong "open". */
  g_assert_nonnull (config);
  g_assert_cmpint (dc_contact_channel_get_state (
                     channel_at (dc_vendor_config_get_channels (config), 0), monday, NULL),
                   ==, DC_OPEN_STATE_UNKNOWN);
}

static void
test_broken (void)
{
  assert_broken ("broken-syntax.conf", "line 6: “this line has no equals sign”");
  assert_broken ("broken-type.conf", "line 6: [Channel pager] Type");
  assert_broken ("broken-link.conf", "line 6: [Channel chat] Address: must be an https:// link");
  assert_broken ("broken-accent.conf", "line 3: [Vendor] Accent: must be a colour");
  assert_broken ("broken-service.conf", "line 5: [Support] Service: must be a wss:// address");
}

static void
test_broken_falls_back_to_shipped (void)
{
  g_autofree char *path = fixture ("broken-syntax.conf");
  g_autoptr (GError) problem = NULL;
  g_autoptr (DcVendorConfig) config = NULL;
  g_autoptr (GListModel) de = NULL;

  g_setenv ("DEVICE_CARE_VENDOR_CONF", path, TRUE);
  config = dc_vendor_config_load (&problem);
  g_unsetenv ("DEVICE_CARE_VENDOR_CONF");

  g_assert_nonnull (config);
  g_assert_error (problem, DC_VENDOR_ERROR, DC_VENDOR_ERROR_SYNTAX);
  g_assert_nonnull (strstr (problem->message, "line 6"));
  /* The shipped defaults carry on: the customer still has a hotline. */
  g_assert_cmpstr (dc_vendor_config_get_name (config), ==, "Device Care");
  de = dc_vendor_config_dup_channels_for_country (config, "DE");
  g_assert_cmpint (dc_contact_channel_get_channel_type (channel_at (de, 0)), ==,
                   DC_CHANNEL_HOTLINE);
  g_assert_nonnull (dc_contact_channel_get_hours (channel_at (de, 0)));
}

static void
test_missing_file_is_no_problem (void)
{
  g_autoptr (GError) problem = NULL;
  g_autoptr (DcVendorConfig) config = NULL;

  g_setenv ("DEVICE_CARE_VENDOR_CONF", "/nonexistent/vendor.conf", TRUE);
  config = dc_vendor_config_load (&problem);
  g_unsetenv ("DEVICE_CARE_VENDOR_CONF");

  g_assert_no_error (problem);
  g_assert_cmpstr (dc_vendor_config_get_name (config), ==, "Device Care");
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vendor/valid", test_valid);
  g_test_add_func ("/vendor/uris", test_uris);
  g_test_add_func ("/vendor/places-feed", test_places_feed);
  g_test_add_func ("/vendor/localised", test_localised);
  g_test_add_func ("/vendor/country", test_country);
  g_test_add_func ("/vendor/locale-country", test_locale_country);
  g_test_add_func ("/vendor/branding-and-support", test_branding_and_support);
  g_test_add_func ("/vendor/channel-state", test_channel_state);
  g_test_add_func ("/vendor/channel-odd-hours", test_channel_odd_hours);
  g_test_add_func ("/vendor/broken", test_broken);
  g_test_add_func ("/vendor/broken-falls-back-to-shipped", test_broken_falls_back_to_shipped);
  g_test_add_func ("/vendor/missing-file", test_missing_file_is_no_problem);

  return g_test_run ();
}
