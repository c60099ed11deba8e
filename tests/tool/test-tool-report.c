/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-tool"

#include <string.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "tool-run.h"

/* `device-care-tool report` run as a script would, on the recorded trees, with no system
 * services: the system bus points nowhere. */

static void
run_tool (ToolRun *run, const char *root, ...)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_autofree char *path = g_path_is_absolute (root)
                            ? g_strdup (root)
                            : g_test_build_filename (G_TEST_DIST, "data", "device", root, NULL);
  g_autofree char *root_env = g_strconcat ("DEVICE_CARE_ROOT=", path, NULL);
  const char *env[]
    = { root_env, "DBUS_SYSTEM_BUS_ADDRESS=unix:path=/nonexistent/system_bus_socket", NULL };
  const char *arg;
  va_list ap;

  va_start (ap, root);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer)arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  tool_run (run, env, (const char *const *)args->pdata);
}

static JsonObject *
finding_of (JsonObject *report, const char *id)
{
  JsonArray *findings = json_object_get_array_member (report, "findings");

  for (guint i = 0; i < json_array_get_length (findings); i++)
    {
      JsonObject *finding = json_array_get_object_element (findings, i);
      if (g_strcmp0 (json_object_get_string_member (finding, "id"), id) == 0)
        return finding;
    }
  g_error ("No finding “%s”", id);
}

static void
test_report (void)
{
  g_auto (ToolRun) run = { 0 };
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (GError) error = NULL;
  JsonObject *report, *device, *battery, *values;

  run_tool (&run, "qualcomm-pmos", "report", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  /* One line, so `device-care-tool report | …` gets one record. */
  g_assert_cmpstr (strchr (run.out, '\n'), ==, "\n");

  node = json_from_string (run.out, &error);
  g_assert_no_error (error);
  report = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (report, "schema"), ==, "device-care/report/1");
  g_assert_nonnull (json_object_get_string_member (report, "generated"));

  device = json_object_get_object_member (report, "device");
  g_assert_cmpstr (json_object_get_string_member (device, "model"), ==, "OnePlus 6");
  g_assert_cmpstr (
    json_object_get_string_member (json_object_get_object_member (device, "serial"), "source"), ==,
    "soc0");
  g_assert_cmpstr (json_object_get_string_member (device, "kernel"), ==, "6.6.0-sdm845");
  g_assert_cmpint (json_object_get_int_member (device, "uptime_s"), ==, 3600);
  g_assert_true (json_object_get_null_member (device, "imei"));

  /* The worn battery: its verdict, why, and what to do. */
  battery = finding_of (report, "battery");
  values = json_object_get_object_member (battery, "values");
  g_assert_cmpstr (json_object_get_string_member (battery, "status"), ==, "warning");
  g_assert_cmpint (json_object_get_int_member (values, "health_percent"), ==, 72);
  g_assert_cmpint (json_object_get_int_member (values, "cycle_count"), ==, 812);
  g_assert_nonnull (strstr (json_object_get_string_member (battery, "advice"), "service center"));
  g_assert_cmpstr (json_object_get_string_member (finding_of (report, "modem"), "status"), ==,
                   "unknown");
}

static void
forget_moving_values (JsonObject *report)
{
  JsonObject *storage = json_object_get_object_member (finding_of (report, "storage:/"), "values");

  json_object_remove_member (report, "generated");
  json_object_remove_member (storage, "free_bytes");
  json_object_remove_member (storage, "used_percent");
  json_object_remove_member (finding_of (report, "storage:/"), "summary");
}

static void
test_pretty (void)
{
  g_auto (ToolRun) plain = { 0 };
  g_auto (ToolRun) pretty = { 0 };
  g_autoptr (JsonNode) plain_node = NULL;
  g_autoptr (JsonNode) pretty_node = NULL;
  g_autofree char *plain_text = NULL;
  g_autofree char *pretty_text = NULL;
  g_autoptr (GError) error = NULL;
  JsonObject *a, *b;

  run_tool (&plain, "librem5", "report", NULL);
  run_tool (&pretty, "librem5", "report", "--pretty", NULL);
  g_assert_cmpint (pretty.status, ==, 0);
  g_assert_true (g_str_has_prefix (pretty.out, "{\n  \"schema\""));

  plain_node = json_from_string (plain.out, &error);
  g_assert_no_error (error);
  pretty_node = json_from_string (pretty.out, &error);
  g_assert_no_error (error);
  /* The same report but for the time it was made and the free space of this machine's disk,
   * which the tree's "/" is, and which other programs change between the two runs. */
  a = json_node_get_object (plain_node);
  b = json_node_get_object (pretty_node);
  forget_moving_values (a);
  forget_moving_values (b);
  /* Compared as text so that a difference shows in the log. */
  plain_text = json_to_string (plain_node, FALSE);
  pretty_text = json_to_string (pretty_node, FALSE);
  g_assert_cmpstr (plain_text, ==, pretty_text);
}

static void
test_errors (void)
{
  g_auto (ToolRun) bad_root = { 0 };
  g_auto (ToolRun) bad_option = { 0 };
  g_auto (ToolRun) extra = { 0 };
  g_auto (ToolRun) help = { 0 };

  /* Nothing to read is a failure the user can fix, said on stderr. */
  run_tool (&bad_root, "/nonexistent/capture", "report", NULL);
  g_assert_cmpint (bad_root.status, ==, 1);
  g_assert_cmpstr (bad_root.out, ==, "");
  g_assert_nonnull (strstr (bad_root.err, "DEVICE_CARE_ROOT"));

  run_tool (&bad_option, "pinephone", "report", "--bogus", NULL);
  g_assert_cmpint (bad_option.status, ==, 2);
  g_assert_nonnull (strstr (bad_option.err, "--bogus"));
  run_tool (&extra, "pinephone", "report", "extra", NULL);
  g_assert_cmpint (extra.status, ==, 2);

  run_tool (&help, "pinephone", "--help", NULL);
  g_assert_nonnull (strstr (help.out, "\n  report "));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tool/report", test_report);
  g_test_add_func ("/tool/report/pretty", test_pretty);
  g_test_add_func ("/tool/report/errors", test_errors);

  return g_test_run ();
}
