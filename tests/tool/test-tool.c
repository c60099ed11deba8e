/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-tool"

#include <string.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "tool-run.h"

/* Runs the built tool with the given arguments, NULL-terminated, and
 * DEVICE_CARE_ROOT at the fixture @fixture_name, or at it when it is an
 * absolute path. */
static void
run_tool (ToolRun *run, const char *fixture_name, ...)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_autofree char *root = NULL;
  g_autofree char *root_env = NULL;
  const char *env[] = { NULL, NULL };
  const char *arg;
  va_list ap;

  va_start (ap, fixture_name);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (char *)arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  if (fixture_name != NULL)
    {
      root = g_path_is_absolute (fixture_name)
               ? g_strdup (fixture_name)
               : g_test_build_filename (G_TEST_DIST, "data", "device", fixture_name, NULL);
      env[0] = root_env = g_strconcat ("DEVICE_CARE_ROOT=", root, NULL);
    }
  tool_run (run, env, (const char *const *)args->pdata);
}

static JsonObject *
parse_object (const char *json)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = json_from_string (json, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

static void
test_identity (void)
{
  g_auto (ToolRun) run = { 0 };
  g_autoptr (JsonObject) identity = NULL;
  JsonObject *serial, *os;

  run_tool (&run, "pinephone", "identity", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  /* One line, so `device-care-tool identity | …` gets one record. */
  g_assert_true (g_str_has_suffix (run.out, "}\n"));
  g_assert_cmpstr (strchr (run.out, '\n'), ==, "\n");

  identity = parse_object (run.out);
  serial = json_object_get_object_member (identity, "serial");
  os = json_object_get_object_member (identity, "os");
  g_assert_cmpstr (json_object_get_string_member (identity, "manufacturer"), ==, "PINE64");
  g_assert_cmpstr (json_object_get_string_member (identity, "model"), ==, "Pine64 PinePhone (1.2)");
  g_assert_cmpstr (json_object_get_string_member (serial, "value"), ==, "deadbeef00c0ffee");
  g_assert_cmpstr (json_object_get_string_member (serial, "source"), ==, "device-tree");
  g_assert_false (json_object_has_member (serial, "reason"));
  g_assert_cmpstr (json_object_get_string_member (os, "name"), ==, "Mobian GNU/Linux");
  g_assert_cmpstr (json_object_get_string_member (os, "version"), ==, "12 (bookworm)");
  g_assert_cmpstr (json_object_get_string_member (os, "id"), ==, "mobian");
}

static void
test_identity_without_serial (void)
{
  g_auto (ToolRun) run = { 0 };
  g_autoptr (JsonObject) identity = NULL;
  JsonObject *serial;
  const char *reason;

  run_tool (&run, "desktop-no-serial", "identity", NULL);
  g_assert_cmpint (run.status, ==, 0);

  identity = parse_object (run.out);
  serial = json_object_get_object_member (identity, "serial");
  g_assert_cmpstr (json_object_get_string_member (identity, "model"), ==, "PRIME B450M-A");
  g_assert_true (json_object_get_null_member (serial, "value"));
  g_assert_true (json_object_get_null_member (serial, "source"));
  reason = json_object_get_string_member (serial, "reason");
  g_assert_nonnull (reason);
  g_assert_cmpuint (strlen (reason), >, 10);
}

static void
test_identity_pretty (void)
{
  g_auto (ToolRun) plain = { 0 };
  g_auto (ToolRun) pretty = { 0 };
  g_autoptr (JsonNode) plain_node = NULL;
  g_autoptr (JsonNode) pretty_node = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) lines = NULL;

  run_tool (&plain, "qualcomm-pmos", "identity", NULL);
  run_tool (&pretty, "qualcomm-pmos", "identity", "--pretty", NULL);
  g_assert_cmpint (pretty.status, ==, 0);

  lines = g_strsplit (pretty.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), >, 10);
  g_assert_true (g_str_has_prefix (lines[1], "  \""));

  plain_node = json_from_string (plain.out, &error);
  g_assert_no_error (error);
  pretty_node = json_from_string (pretty.out, &error);
  g_assert_no_error (error);
  g_assert_true (json_node_equal (plain_node, pretty_node));
}

static void
test_identity_bad_root (void)
{
  g_auto (ToolRun) run = { 0 };

  run_tool (&run, "/nonexistent/capture", "identity", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "/nonexistent/capture"));
  g_assert_nonnull (strstr (run.err, "DEVICE_CARE_ROOT"));
}

static void
test_identity_usage_errors (void)
{
  g_auto (ToolRun) option = { 0 };
  g_auto (ToolRun) argument = { 0 };

  run_tool (&option, "pinephone", "identity", "--bogus", NULL);
  g_assert_cmpint (option.status, ==, 2);
  g_assert_cmpstr (option.out, ==, "");
  g_assert_nonnull (strstr (option.err, "--bogus"));

  run_tool (&argument, "pinephone", "identity", "extra", NULL);
  g_assert_cmpint (argument.status, ==, 2);
  g_assert_nonnull (strstr (argument.err, "extra"));
}

static void
test_unknown_command (void)
{
  g_auto (ToolRun) run = { 0 };

  run_tool (&run, "pinephone", "frobnicate", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "“frobnicate”"));
  g_assert_nonnull (strstr (run.err, "--help"));
}

static void
test_help (void)
{
  g_auto (ToolRun) help = { 0 };
  g_auto (ToolRun) bare = { 0 };

  run_tool (&help, NULL, "--help", NULL);
  g_assert_cmpint (help.status, ==, 0);
  g_assert_nonnull (strstr (help.out, "\n  identity "));
  g_assert_cmpstr (help.err, ==, "");

  /* No command is a mistake: the same list, on stderr, and status 2. */
  run_tool (&bare, NULL, NULL);
  g_assert_cmpint (bare.status, ==, 2);
  g_assert_cmpstr (bare.out, ==, "");
  g_assert_cmpstr (bare.err, ==, help.out);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tool/identity", test_identity);
  g_test_add_func ("/tool/identity/without-serial", test_identity_without_serial);
  g_test_add_func ("/tool/identity/pretty", test_identity_pretty);
  g_test_add_func ("/tool/identity/bad-root", test_identity_bad_root);
  g_test_add_func ("/tool/identity/usage-errors", test_identity_usage_errors);
  g_test_add_func ("/tool/unknown-command", test_unknown_command);
  g_test_add_func ("/tool/help", test_help);

  return g_test_run ();
}
