/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <locale.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "dc-diagnosis-view.h"
#include "dc-finding-row.h"
#include "dc-secret-row.h"
#include "dc-window.h"
#include "ui-harness.h"

/* The Device page at phone size, on a recorded OnePlus 6 (a worn battery, a hot CPU cluster) with
 * no system services: the identity card, "Run Diagnosis" as the customer taps it, the findings
 * grouped worst first, one opened, and the report saved. */

static gboolean
identity_shown (gpointer data)
{
  return g_strcmp0 (subtitle_of (data, "Model"), "Reading…") != 0
         && g_strcmp0 (subtitle_of (data, "IMEI"), "Reading…") != 0;
}

static gboolean
diagnosis_done (gpointer data)
{
  DcDiagnosis *diagnosis = dc_diagnosis_view_get_diagnosis (data);
  return !dc_diagnosis_get_running (diagnosis) && dc_diagnosis_get_generated (diagnosis) != NULL;
}

static void
collect_finding_rows (GtkWidget *root, GPtrArray *titles)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      if (DC_IS_FINDING_ROW (child))
        g_ptr_array_add (titles,
                         (gpointer)adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)));
      else
        collect_finding_rows (child, titles);
    }
}

/* The finding rows a group shows, in order, by title; none when the group is hidden. */
static GPtrArray *
rows_of_group (GtkWidget *view, const char *group_title)
{
  GPtrArray *titles = g_ptr_array_new ();

  for (GtkWidget *group = find_widget (view, ADW_TYPE_PREFERENCES_GROUP, NULL); group != NULL;
       group = gtk_widget_get_next_sibling (group))
    {
      if (g_strcmp0 (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (group)), group_title)
            == 0
          && gtk_widget_get_visible (group))
        collect_finding_rows (group, titles);
    }
  return titles;
}

static double
top_of (GtkWidget *widget, GtkWidget *relative_to)
{
  graphene_point_t point;

  g_assert_true (
    gtk_widget_compute_point (widget, relative_to, &GRAPHENE_POINT_INIT (0, 0), &point));
  return point.y;
}

static void
check_identity (DcWindow *window)
{
  GtkWidget *imei = find_widget (GTK_WIDGET (window), DC_TYPE_SECRET_ROW, "IMEI");

  g_assert_cmpstr (subtitle_of (window, "Model"), ==, "OnePlus 6");
  g_assert_cmpstr (subtitle_of (window, "Kernel"), ==, "6.6.0-sdm845");
  g_assert_cmpstr (subtitle_of (window, "Uptime"), ==, "1 hour, 0 minutes");
  /* The serial is hidden; without ModemManager the IMEI row says why, and offers no buttons. */
  g_assert_cmpstr (subtitle_of (window, "Serial Number"), !=, "3735928559");
  /* The files had it: nothing to ask the firmware for. */
  g_assert_false (gtk_widget_get_visible (find_button (GTK_WIDGET (window), "Read From Firmware")));
  g_assert_true (g_str_has_prefix (subtitle_of (window, "IMEI"), "Not available: "));
  g_assert_nonnull (strstr (subtitle_of (window, "IMEI"), "ModemManager"));
  g_assert_cmpint (count_drawn_buttons (imei), ==, 0);
}

static const char *const group_titles[] = {
  [DC_FINDING_STATUS_OK] = "Working Well",
  [DC_FINDING_STATUS_UNKNOWN] = "Could Not Check",
  [DC_FINDING_STATUS_WARNING] = "Needs Attention",
  [DC_FINDING_STATUS_CRITICAL] = "Needs Repair",
};

static gboolean
contains (GPtrArray *titles, const char *title)
{
  return g_ptr_array_find_with_equal_func (titles, title, g_str_equal, NULL);
}

static void
check_groups (GtkWidget *view)
{
  GListModel *findings
    = dc_diagnosis_get_findings (dc_diagnosis_view_get_diagnosis (DC_DIAGNOSIS_VIEW (view)));
  g_autoptr (GPtrArray) warnings = rows_of_group (view, "Needs Attention");
  g_autoptr (GPtrArray) unknown = rows_of_group (view, "Could Not Check");
  guint shown = 0;
  GtkWidget *warning_row, *fine_row;

  /* Every finding is shown once, in the group of its verdict. ("/" of the tree is this
   * machine's disk, so the storage verdict is whatever this disk's is.) */
  for (guint status = 0; status < G_N_ELEMENTS (group_titles); status++)
    {
      g_autoptr (GPtrArray) rows = rows_of_group (view, group_titles[status]);
      shown += rows->len;
    }
  g_assert_cmpuint (shown, ==, g_list_model_get_n_items (findings));
  for (guint i = 0; i < g_list_model_get_n_items (findings); i++)
    {
      g_autoptr (DcFinding) finding = g_list_model_get_item (findings, i);
      g_autoptr (GPtrArray) rows
        = rows_of_group (view, group_titles[dc_finding_get_status (finding)]);

      g_assert_true (contains (rows, dc_finding_get_title (finding)));
    }

  /* The worn battery and the hot CPU need attention, the battery first; the services could
   * not be asked. */
  g_assert_cmpstr (g_ptr_array_index (warnings, 0), ==, "Battery");
  g_assert_true (contains (warnings, "Temperature"));
  g_assert_cmpuint (unknown->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (unknown, 0), ==, "Network");
  g_assert_cmpstr (g_ptr_array_index (unknown, 1), ==, "Mobile Network");
  g_assert_cmpstr (g_ptr_array_index (unknown, 2), ==, "Sensors");

  /* Worst first, on screen too, once the new rows have been laid out. */
  warning_row = find_widget (view, DC_TYPE_FINDING_ROW, "Battery");
  fine_row = find_widget (view, DC_TYPE_FINDING_ROW, "Memory");
  wait_until (is_laid_out, warning_row, "the battery row to be laid out");
  wait_until (is_laid_out, fine_row, "the memory row to be laid out");
  g_assert_cmpfloat (top_of (warning_row, view), <, top_of (fine_row, view));
}

static gboolean
is_shown (gpointer data)
{
  return gtk_widget_is_drawable (data) && gtk_widget_get_height (data) > 0;
}

static void
check_battery_row (GtkWidget *view)
{
  GtkWidget *row = find_widget (view, DC_TYPE_FINDING_ROW, "Battery");
  GtkWidget *icon = find_widget (row, GTK_TYPE_IMAGE, NULL);
  GtkWidget *advice, *health;

  g_assert_nonnull (strstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)), "72\u00a0%"));
  g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (icon)), ==, "dialog-warning-symbolic");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (icon), ==, "Warning");

  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  advice = find_widget (row, ADW_TYPE_ACTION_ROW, "What to Do");
  health = find_widget (row, ADW_TYPE_ACTION_ROW, "Health");
  wait_until (is_shown, advice, "the advice to be shown");
  g_assert_nonnull (
    strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (advice)), "service center"));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (health)), ==, "72\u00a0%");
  g_assert_cmpstr (adw_action_row_get_subtitle (
                     ADW_ACTION_ROW (find_widget (row, ADW_TYPE_ACTION_ROW, "Charge Cycles"))),
                   ==, "812");
}

static void
saved_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

static gboolean
has_result (gpointer data)
{
  return *(GAsyncResult **)data != NULL;
}

static void
check_saved_report (GtkWidget *view)
{
  g_autofree char *dir = g_dir_make_tmp ("dc-report-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "device-report.json", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  JsonObject *report;
  struct stat info;

  dc_diagnosis_view_save_report_async (DC_DIAGNOSIS_VIEW (view), file, NULL, saved_cb, &result);
  wait_until (has_result, &result, "the report to be saved");
  g_assert_true (dc_diagnosis_view_save_report_finish (DC_DIAGNOSIS_VIEW (view), result, &error));
  g_assert_no_error (error);

  /* The customer's serial number is in it: readable by them alone. */
  g_assert_cmpint (g_stat (path, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0600);
  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  report = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (report, "schema"), ==, "device-care/report/1");
  g_assert_cmpstr (
    json_object_get_string_member (
      json_object_get_object_member (json_object_get_object_member (report, "device"), "serial"),
      "value"),
    ==, "3735928559");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (report, "findings")), ==,
                    8);
  g_unlink (path);
  g_rmdir (dir);
}

/* Scrolls the page so @widget is at the top, as a customer's swipe would. */
static void
scroll_to (GtkWidget *widget)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *viewport = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled));
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

  gtk_adjustment_set_value (adjustment,
                            top_of (widget, gtk_widget_get_first_child (viewport)) - 12);
  settle ();
}

static void
test_diagnosis_at_phone_size (void)
{
  DcWindow *window = open_window (360, 720);
  GtkWidget *view = find_widget (GTK_WIDGET (window), DC_TYPE_DIAGNOSIS_VIEW, NULL);
  int minimum;

  wait_until (identity_shown, window, "the identity");
  check_identity (window);
  save_screenshot (window, "device-page-phone.png");

  /* Nothing to save before a diagnosis ran. */
  g_assert_false (gtk_widget_get_visible (find_button (view, "_Save Report…")));
  g_assert_true (gtk_widget_activate_action (view, "diagnosis.run", NULL));
  wait_until (diagnosis_done, view, "the diagnosis");
  settle ();
  g_assert_true (gtk_widget_is_drawable (find_button (view, "_Save Report…")));

  check_groups (view);
  check_battery_row (view);
  check_saved_report (view);

  /* It all fits a 360 px wide phone: nothing forces the window wider. */
  gtk_widget_measure (content_of (window), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL,
                      NULL);
  g_assert_cmpint (minimum, <=, 360);
  g_assert_cmpint (gtk_widget_get_width (content_of (window)), ==, 360);

  scroll_to (find_widget (view, ADW_TYPE_PREFERENCES_GROUP, NULL));
  save_screenshot (window, "device-diagnosis-phone.png");
  scroll_to (find_widget (view, DC_TYPE_FINDING_ROW, "Temperature"));
  save_screenshot (window, "device-findings-phone.png");

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char *argv[])
{
  g_autofree char *root = NULL;

  setlocale (LC_ALL, "");
  /* Not on the session's accessibility bus: the a11y test, which may run beside this one, walks
   * every app there, and one that is gone would cost it a D-Bus timeout. */
  g_setenv ("GTK_A11Y", "none", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  root = g_test_build_filename (G_TEST_DIST, "data", "device", "qualcomm-pmos", NULL);
  g_setenv ("DEVICE_CARE_ROOT", root, TRUE);
  g_setenv ("DEVICE_CARE_VENDOR_CONF", "/nonexistent", TRUE);
  /* No system services: what the page shows comes from the recorded tree alone. */
  g_setenv ("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=/nonexistent/system_bus_socket", TRUE);

  g_test_add_func ("/ui/device-page/diagnosis", test_diagnosis_at_phone_size);

  return g_test_run ();
}
