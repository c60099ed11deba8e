/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "tool-run.h"

/* `device-care-tool channels` on a vendor's configuration, as a script would run it. */

static char *vendor_env;

static JsonArray *
channels (const char *country, const char *at)
{
  const char *env[] = { vendor_env, NULL };
  const char *args[] = { "channels", "--country", country, "--at", at, NULL };
  g_auto (ToolRun) run = { 0 };
  g_autoptr (JsonNode) node = NULL;

  tool_run (&run, env, args);
  node = tool_run_parse (&run);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  return json_array_ref (json_node_get_array (node));
}

static void
test_germany_on_a_weekday (void)
{
  g_autoptr (JsonArray) list = channels ("DE", "2026-11-23T10:00:00+01:00");
  JsonObject *hotline;

  /* Germany's hotline and the two channels for everyone; not the French hotline. */
  g_assert_cmpuint (json_array_get_length (list), ==, 3);
  hotline = json_array_get_object_element (list, 0);
  g_assert_cmpstr (json_object_get_string_member (hotline, "type"), ==, "hotline");
  g_assert_cmpstr (json_object_get_string_member (hotline, "uri"), ==, "tel:+4989123456");
  g_assert_cmpstr (json_object_get_string_member (hotline, "open"), ==, "open");
  g_assert_cmpstr (json_object_get_string_member (hotline, "next_change"), ==,
                   "2026-11-23T18:00:00+01:00");
  g_assert_true (json_object_get_boolean_member (hotline, "free_call"));
  for (guint i = 0; i < 3; i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, i), "uri"),
                     !=, "tel:+33199000001");
}

static void
test_france_on_sunday (void)
{
  g_autoptr (JsonArray) list = channels ("FR", "2026-11-22T12:00:00+01:00");
  JsonObject *hotline = json_array_get_object_element (list, 0);
  JsonObject *mail = json_array_get_object_element (list, 1);

  g_assert_cmpstr (json_object_get_string_member (hotline, "country"), ==, "FR");
  g_assert_cmpstr (json_object_get_string_member (hotline, "open"), ==, "closed");
  g_assert_cmpstr (json_object_get_string_member (hotline, "next_change"), ==,
                   "2026-11-23T09:00:00+01:00");
  /* Mail has no hours: always open, never a change, and keys are there even when null. */
  g_assert_cmpstr (json_object_get_string_member (mail, "uri"), ==, "mailto:help@acme.example");
  g_assert_cmpstr (json_object_get_string_member (mail, "open"), ==, "open");
  g_assert_true (json_object_get_null_member (mail, "next_change"));
  g_assert_true (json_object_get_null_member (mail, "hours"));
}

static void
test_bad_country (void)
{
  const char *env[] = { vendor_env, NULL };
  const char *args[] = { "channels", "--country", "germany", NULL };
  g_auto (ToolRun) run = { 0 };

  tool_run (&run, env, args);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "germany"));
}

int
main (int argc, char *argv[])
{
  g_autofree char *conf = NULL;

  g_test_init (&argc, &argv, NULL);
  conf = g_test_build_filename (G_TEST_DIST, "data", "vendor", "valid.conf", NULL);
  vendor_env = g_strconcat ("DEVICE_CARE_VENDOR_CONF=", conf, NULL);

  g_test_add_func ("/tool/channels/germany-on-a-weekday", test_germany_on_a_weekday);
  g_test_add_func ("/tool/channels/france-on-sunday", test_france_on_sunday);
  g_test_add_func ("/tool/channels/bad-country", test_bad_country);
  return g_test_run ();
}
