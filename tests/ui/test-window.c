/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <locale.h>

#include "dc-open-state-text.h"
#include "dc-places-page.h"
#include "dc-support-page.h"
#include "dc-vendor-config.h"
#include "dc-window.h"
#include "ui-harness.h"

/* The tests drive the real window under Xvfb the way a customer would, through its actions, and
 * read back what is on screen: row titles and subtitles, what is revealed, which page is shown. */

static GtkWidget *
visible_page (DcWindow *window)
{
  AdwViewStack *stack
    = ADW_VIEW_STACK (find_widget (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK, NULL));
  return adw_view_stack_get_visible_child (stack);
}

static void
show_page (DcWindow *window, const char *name)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", name));
  settle ();
  g_assert_cmpstr (dc_window_get_page (window), ==, name);
  g_assert_true (gtk_widget_get_mapped (visible_page (window)));
}

static gboolean
bar_shown (gpointer data)
{
  GtkWidget *revealer = find_widget (data, GTK_TYPE_REVEALER, NULL);
  return gtk_revealer_get_child_revealed (GTK_REVEALER (revealer));
}

static gboolean
identity_shown (gpointer data)
{
  return g_strcmp0 (subtitle_of (data, "Model"), "Reading…") != 0;
}

static void
test_pages_at_phone_size (void)
{
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  DcWindow *window = open_window (360, 720);
  AdwViewSwitcherBar *bar;

  /* A phone: the header has no room for the switcher, so it sits at the bottom. */
  bar = ADW_VIEW_SWITCHER_BAR (find_widget (GTK_WIDGET (window), ADW_TYPE_VIEW_SWITCHER_BAR, NULL));
  g_assert_true (adw_view_switcher_bar_get_reveal (bar));
  wait_until (bar_shown, bar, "the bottom bar to slide in");
  g_assert_cmpint (gtk_widget_get_width (content_of (window)), ==, 360);

  g_assert_cmpstr (dc_window_get_page (window), ==, "device");
  /* Start-up builds only the page on screen; the others when first opened. */
  g_assert_null (find_widget (GTK_WIDGET (window), DC_TYPE_SUPPORT_PAGE, NULL));
  g_assert_null (find_widget (GTK_WIDGET (window), DC_TYPE_PLACES_PAGE, NULL));
  wait_until (identity_shown, window, "the identity");
  save_screenshot (window, "device-phone.png");

  /* As a customer in Germany sees it. */
  g_settings_set_string (settings, "country", "DE");
  show_page (window, "support");
  g_assert_nonnull (find_widget (GTK_WIDGET (window), DC_TYPE_SUPPORT_PAGE, NULL));
  save_screenshot (window, "support-phone.png");
  g_settings_reset (settings, "country");
  show_page (window, "places");
  save_screenshot (window, "places-phone.png");
  show_page (window, "device");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_pages_at_desktop_size (void)
{
  DcWindow *window = open_window (1200, 800);
  AdwViewSwitcherBar *bar;
  AdwViewSwitcherTitle *title;

  bar = ADW_VIEW_SWITCHER_BAR (find_widget (GTK_WIDGET (window), ADW_TYPE_VIEW_SWITCHER_BAR, NULL));
  title = ADW_VIEW_SWITCHER_TITLE (
    find_widget (GTK_WIDGET (window), ADW_TYPE_VIEW_SWITCHER_TITLE, NULL));
  /* Wide: the switcher is in the header, and the bottom bar is hidden. */
  g_assert_false (adw_view_switcher_bar_get_reveal (bar));
  g_assert_false (adw_view_switcher_title_get_title_visible (title));

  show_page (window, "places");
  show_page (window, "support");
  save_screenshot (window, "support-wide.png");
  show_page (window, "device");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* What a tapped chat notification does (app.open-chat goes through this action): with no vendor
 * chat configured, the customer still lands on the Support page, on its list of channels. */
static void
test_open_chat_without_vendor_chat (void)
{
  DcWindow *window = open_window (360, 720);
  GtkWidget *page, *leaflet;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-chat", NULL));
  settle ();
  g_assert_cmpstr (dc_window_get_page (window), ==, "support");
  page = find_widget (GTK_WIDGET (window), DC_TYPE_SUPPORT_PAGE, NULL);
  g_assert_nonnull (page);
  g_assert_true (gtk_widget_get_mapped (page));
  leaflet = find_widget (page, ADW_TYPE_LEAFLET, NULL);
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (ADW_LEAFLET (leaflet)), !=, "conversation");
  g_assert_false (
    gtk_widget_get_visible (find_widget (page, ADW_TYPE_ACTION_ROW, "Chat with Support")));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* What the fixture's device tree holds, as U-Boot writes it: NUL-terminated. */
static char *
fixture_serial (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("DEVICE_CARE_ROOT"), "proc", "device-tree",
                                            "serial-number", NULL);
  g_autofree char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return g_strdup (g_strstrip (contents));
}

static void
test_device_page_reads_fixture (void)
{
  DcWindow *window = open_window (360, 720);
  g_autofree char *expected = fixture_serial ();
  GtkWidget *reveal;
  const char *serial;

  wait_until (identity_shown, window, "the identity");
  g_assert_cmpstr (subtitle_of (window, "Manufacturer"), ==, "PINE64");
  g_assert_cmpstr (subtitle_of (window, "Model"), ==, "Pine64 PinePhone (1.2)");
  g_assert_nonnull (strstr (subtitle_of (window, "Operating System"), "Mobian"));

  /* The serial stays hidden until the customer asks for it. */
  serial = subtitle_of (window, "Serial Number");
  g_assert_null (strstr (serial, expected));
  reveal = find_widget (find_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW, "Serial Number"),
                        GTK_TYPE_TOGGLE_BUTTON, NULL);
  g_assert_true (gtk_widget_get_sensitive (reveal));
  g_assert_cmpint (
    count_drawn_buttons (find_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW, "Serial Number")),
    ==, 2);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (reveal), TRUE);
  g_assert_cmpstr (subtitle_of (window, "Serial Number"), ==, expected);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (reveal), FALSE);
  g_assert_cmpstr (subtitle_of (window, "Serial Number"), !=, expected);

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
serial_explains_hostnamed (gpointer window)
{
  return strstr (subtitle_of (window, "Serial Number"), "systemd-hostnamed") != NULL;
}

static void
test_device_page_without_serial (void)
{
  g_autofree char *pinephone = g_strdup (g_getenv ("DEVICE_CARE_ROOT"));
  g_autofree char *desktop
    = g_test_build_filename (G_TEST_DIST, "data", "device", "desktop-no-serial", NULL);
  DcWindow *window;
  GtkWidget *row, *button;

  g_setenv ("DEVICE_CARE_ROOT", desktop, TRUE);
  window = open_window (360, 720);
  wait_until (identity_shown, window, "the identity");
  g_setenv ("DEVICE_CARE_ROOT", pinephone, TRUE);

  /* The customer learns why, and is offered nothing to reveal or copy: only to ask the
   * firmware, which without a system bus says why it cannot. */
  g_assert_true (g_str_has_prefix (subtitle_of (window, "Serial Number"), "Not available: "));
  g_assert_cmpuint (strlen (subtitle_of (window, "Serial Number")), >, strlen ("Not available: "));
  row = find_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW, "Serial Number");
  g_assert_cmpint (count_drawn_buttons (row), ==, 1);
  button = find_button (row, "Read From Firmware");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_mapped (button));
  gtk_widget_activate (button);
  wait_until (serial_explains_hostnamed, window, "the firmware's answer");
  g_assert_cmpstr (subtitle_of (window, "Serial Number"), ==,
                   "Not available: The system message bus is not available, so "
                   "systemd-hostnamed could not be asked.");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_support_page_lists_hotline (void)
{
  DcWindow *window = open_window (360, 720);
  GtkWidget *row;
  GVariant *target;

  show_page (window, "support");
  /* The test runs in C.UTF-8, a locale with no country: every hotline is listed, each saying
   * which country it serves. */
  row = find_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW, "Hotline (Germany)");
  g_assert_nonnull (row);
  g_assert_true (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (row)));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (row)), ==,
                   "support.open-channel");
  target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (row));
  g_assert_true (g_str_has_prefix (g_variant_get_string (target, NULL), "tel:+"));
  /* The hours are said as the customer needs them, not in OpenStreetMap syntax. */
  g_assert_null (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Mo-Fr"));
  g_assert_true (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Open · closes ")
                 || strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Closed · opens "));

  gtk_window_destroy (GTK_WINDOW (window));
}

static GVariant *
target_of (DcWindow *window, const char *row_title)
{
  GtkWidget *row = find_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW, row_title);

  g_assert_nonnull (row);
  return gtk_actionable_get_action_target_value (GTK_ACTIONABLE (row));
}

static gboolean
mail_has_subject (gpointer data)
{
  return strstr (g_variant_get_string (target_of (data, "E-mail"), NULL), "?subject=") != NULL;
}

static void
test_support_page_for_germany (void)
{
  g_autofree char *conf = g_test_build_filename (G_TEST_DIST, "data", "vendor", "valid.conf", NULL);
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  g_autoptr (DcVendorConfig) config = NULL;
  g_autoptr (GDateTime) now = NULL;
  g_autoptr (GDateTime) next = NULL;
  g_autoptr (DcContactChannel) hotline = NULL;
  g_autofree char *state_line = NULL;
  g_autofree char *serial = fixture_serial ();
  g_autofree char *escaped = g_uri_escape_string (serial, NULL, FALSE);
  DcWindow *window;
  GtkWidget *row;

  g_setenv ("DEVICE_CARE_VENDOR_CONF", conf, TRUE);
  g_settings_set_string (settings, "country", "DE");
  window = open_window (360, 720);
  show_page (window, "support");

  /* Germany's own hotline needs no country in its name; France's is not listed. */
  row = find_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW, "Hotline");
  g_assert_cmpstr (g_variant_get_string (target_of (window, "Hotline"), NULL), ==,
                   "tel:+4989123456");
  /* Whether someone answers now, as the engine says for this very moment. */
  config = dc_vendor_config_new_from_file (conf, NULL);
  hotline = g_list_model_get_item (dc_vendor_config_get_channels (config), 0);
  now = g_date_time_new_now_local ();
  state_line
    = dc_open_state_describe (dc_contact_channel_get_state (hotline, now, &next), now, next);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), state_line));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Free call"));
  g_assert_cmpstr (g_variant_get_string (target_of (window, "Privacy Policy"), NULL), ==,
                   "https://acme.example/privacy");

  /* The serial goes into the e-mail only once the customer switches it on. */
  g_assert_cmpstr (g_variant_get_string (target_of (window, "E-mail"), NULL), ==,
                   "mailto:help@acme.example");
  g_assert_null (strstr (g_variant_get_string (target_of (window, "E-mail"), NULL), escaped));
  gtk_switch_set_active (
    GTK_SWITCH (find_widget (
      find_widget (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW, "Serial Number in E-mails"),
      GTK_TYPE_SWITCH, NULL)),
    TRUE);
  wait_until (mail_has_subject, window, "the serial in the e-mail");
  g_assert_nonnull (strstr (g_variant_get_string (target_of (window, "E-mail"), NULL), escaped));

  /* Another country, and its hotline instead; the choice is kept. */
  adw_combo_row_set_selected (
    ADW_COMBO_ROW (find_widget (GTK_WIDGET (window), ADW_TYPE_COMBO_ROW, "Country")), 1);
  g_assert_cmpstr (g_variant_get_string (target_of (window, "Hotline"), NULL), ==,
                   "tel:+33199000001");
  {
    g_autofree char *kept = g_settings_get_string (settings, "country");
    g_assert_cmpstr (kept, ==, "FR");
  }

  gtk_window_destroy (GTK_WINDOW (window));
  g_settings_reset (settings, "country");
  g_setenv ("DEVICE_CARE_VENDOR_CONF", "/nonexistent", TRUE);
}

/* The narrowest the window's content can be: above 360 px, a phone cuts it off. */
static int
minimum_width (DcWindow *window)
{
  int minimum, natural;

  gtk_widget_measure (content_of (window), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL,
                      NULL);
  return minimum;
}

static void
test_large_text (void)
{
  GtkSettings *settings = gtk_settings_get_default ();
  int dpi;
  DcWindow *window;
  const char *pages[] = { "device", "support", "places" };

  /* GNOME's "Large Text": fonts at 125 %. */
  g_object_get (settings, "gtk-xft-dpi", &dpi, NULL);
  g_object_set (settings, "gtk-xft-dpi", 96 * 1024 * 5 / 4, NULL);
  window = open_window (360, 720);
  wait_until (identity_shown, window, "the identity");
  wait_until (bar_shown, find_widget (GTK_WIDGET (window), ADW_TYPE_VIEW_SWITCHER_BAR, NULL),
              "the bottom bar to slide in");
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autofree char *shot = g_strdup_printf ("%s-large-text.png", pages[i]);

      show_page (window, pages[i]);
      wait_for_frames (GTK_WIDGET (window));
      g_assert_cmpint (minimum_width (window), <=, 360);
      g_assert_cmpint (gtk_widget_get_width (content_of (window)), ==, 360);
      save_screenshot (window, shot);
    }
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_set (settings, "gtk-xft-dpi", dpi, NULL);
}

static int
count_rows (GtkWidget *list)
{
  int n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (list); child;
       child = gtk_widget_get_next_sibling (child))
    n += ADW_IS_ACTION_ROW (child);
  return n;
}

static gboolean
places_listed (gpointer data)
{
  return find_widget (visible_page (data), ADW_TYPE_ACTION_ROW, NULL) != NULL;
}

static void
test_places_page_lists_demo (void)
{
  DcWindow *window = open_window (360, 720);
  GtkWidget *list;

  show_page (window, "places");
  /* The places load in a thread the first time the page is shown. */
  wait_until (places_listed, window, "the places");
  list = gtk_widget_get_parent (find_widget (visible_page (window), ADW_TYPE_ACTION_ROW, NULL));
  g_assert_true (GTK_IS_LIST_BOX (list));
  g_assert_nonnull (list);
  g_assert_cmpint (count_rows (list), >=, 20);
  g_assert_nonnull (find_widget (list, ADW_TYPE_ACTION_ROW, NULL));
  g_assert_nonnull (strstr (
    adw_action_row_get_subtitle (ADW_ACTION_ROW (find_widget (list, ADW_TYPE_ACTION_ROW, NULL))),
    " · "));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char *argv[])
{
  g_autofree char *root = NULL;

  setlocale (LC_ALL, "");
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  root = g_test_build_filename (G_TEST_DIST, "data", "device", "pinephone", NULL);
  g_setenv ("DEVICE_CARE_ROOT", root, TRUE);
  g_setenv ("DEVICE_CARE_VENDOR_CONF", "/nonexistent", TRUE);

  g_test_add_func ("/ui/pages-at-phone-size", test_pages_at_phone_size);
  g_test_add_func ("/ui/pages-at-desktop-size", test_pages_at_desktop_size);
  g_test_add_func ("/ui/device-page", test_device_page_reads_fixture);
  g_test_add_func ("/ui/device-page-without-serial", test_device_page_without_serial);
  g_test_add_func ("/ui/support-page", test_support_page_lists_hotline);
  g_test_add_func ("/ui/support-page-for-germany", test_support_page_for_germany);
  g_test_add_func ("/ui/open-chat-without-vendor-chat", test_open_chat_without_vendor_chat);
  g_test_add_func ("/ui/places-page", test_places_page_lists_demo);
  g_test_add_func ("/ui/large-text", test_large_text);

  return g_test_run ();
}
