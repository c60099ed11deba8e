/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-device"

#include <math.h>

#include "dc-finding.h"

static JsonObject *
values_of (JsonNode *node)
{
  return json_object_get_object_member (json_node_get_object (node), "values");
}

static void
test_json_shape (void)
{
  g_autoptr (DcFinding) finding = dc_finding_new ("storage:/home", "storage", "Storage (/home)");
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (GList) members = NULL;
  JsonObject *object, *values;

  dc_finding_add_integer (finding, "total_bytes", "Size", 64000000000, DC_FINDING_UNIT_BYTES);
  dc_finding_add_unknown (finding, "free_bytes", "Free");
  dc_finding_add_double (finding, "used_percent", "Used", 91.26, DC_FINDING_UNIT_PERCENT);
  dc_finding_set_verdict (finding, DC_FINDING_STATUS_WARNING, "Almost full.", "Delete files.");

  node = dc_finding_to_json (finding);
  object = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (object, "id"), ==, "storage:/home");
  g_assert_cmpstr (json_object_get_string_member (object, "category"), ==, "storage");
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "warning");
  g_assert_cmpstr (json_object_get_string_member (object, "title"), ==, "Storage (/home)");
  g_assert_cmpstr (json_object_get_string_member (object, "summary"), ==, "Almost full.");
  g_assert_cmpstr (json_object_get_string_member (object, "advice"), ==, "Delete files.");

  /* A value that is not known is null, not left out; values keep their order. */
  values = values_of (node);
  members = json_object_get_members (values);
  g_assert_cmpuint (g_list_length (members), ==, 3);
  g_assert_cmpstr (members->data, ==, "total_bytes");
  g_assert_cmpint (json_object_get_int_member (values, "total_bytes"), ==, 64000000000);
  g_assert_true (json_object_get_null_member (values, "free_bytes"));
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (values, "used_percent"), 91.3,
                                  1e-9);
}

static void
test_numbers (void)
{
  g_autoptr (DcFinding) finding = dc_finding_new ("battery", "battery", "Battery");
  g_autoptr (JsonNode) node = NULL;
  JsonObject *values;

  dc_finding_add_double (finding, "health_percent", "Health", 87.0, DC_FINDING_UNIT_PERCENT);
  dc_finding_add_double (finding, "temperature_c", "Temperature", NAN, DC_FINDING_UNIT_CELSIUS);
  dc_finding_add_double (finding, "trip_c", "Trip", INFINITY, DC_FINDING_UNIT_CELSIUS);
  node = dc_finding_to_json (finding);
  values = values_of (node);

  /* A whole number is written as one: 87, not 87.0. */
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (values, "health_percent")), ==,
                   G_TYPE_INT64);
  g_assert_true (json_object_get_null_member (values, "temperature_c"));
  g_assert_true (json_object_get_null_member (values, "trip_c"));
  g_assert_cmpstr (dc_finding_get_value_text (finding, 1), ==, "Unknown");
}

static void
test_display (void)
{
  g_autoptr (DcFinding) finding = dc_finding_new ("battery", "battery", "Battery");

  dc_finding_add_integer (finding, "capacity_percent", "Charge", 76, DC_FINDING_UNIT_PERCENT);
  dc_finding_add_double (finding, "temperature_c", "Temperature", 31.2, DC_FINDING_UNIT_CELSIUS);
  dc_finding_add_string (finding, "state", "State", "not-charging", "Not charging");
  dc_finding_add_boolean (finding, "proximity", "Proximity", TRUE);
  dc_finding_add_integer (finding, "max_frequency_mhz", "Top Speed", 1152,
                          DC_FINDING_UNIT_MEGAHERTZ);

  g_assert_cmpuint (dc_finding_get_n_values (finding), ==, 5);
  g_assert_cmpstr (dc_finding_get_value_label (finding, 0), ==, "Charge");
  g_assert_cmpstr (dc_finding_get_value_text (finding, 0), ==, "76\u00a0%");
  g_assert_cmpstr (dc_finding_get_value_text (finding, 1), ==, "31.2\u00a0°C");
  /* People read the display text; the report keeps the id. */
  g_assert_cmpstr (dc_finding_get_value_text (finding, 2), ==, "Not charging");
  g_assert_cmpstr (json_node_get_string (dc_finding_get_value (finding, "state")), ==,
                   "not-charging");
  g_assert_cmpstr (dc_finding_get_value_text (finding, 3), ==, "Yes");
  g_assert_cmpstr (dc_finding_get_value_text (finding, 4), ==, "1152 MHz");
  g_assert_null (dc_finding_get_value (finding, "no_such_key"));
}

static void
test_status (void)
{
  g_autoptr (DcFinding) finding = dc_finding_new ("cpu", "cpu", "Processor");
  g_autoptr (JsonNode) node = NULL;

  /* Until a probe judged, nothing is known; statuses compare by severity. */
  g_assert_cmpint (dc_finding_get_status (finding), ==, DC_FINDING_STATUS_UNKNOWN);
  g_assert_cmpint (DC_FINDING_STATUS_CRITICAL, >, DC_FINDING_STATUS_WARNING);
  g_assert_cmpint (DC_FINDING_STATUS_WARNING, >, DC_FINDING_STATUS_UNKNOWN);
  g_assert_cmpint (DC_FINDING_STATUS_UNKNOWN, >, DC_FINDING_STATUS_OK);
  g_assert_cmpstr (dc_finding_status_to_string (DC_FINDING_STATUS_CRITICAL), ==, "critical");
  g_assert_cmpstr (dc_finding_status_to_string (DC_FINDING_STATUS_OK), ==, "ok");

  dc_finding_set_verdict (finding, DC_FINDING_STATUS_OK, "Cortex-A53, 4 cores.", NULL);
  node = dc_finding_to_json (finding);
  g_assert_true (json_object_get_null_member (json_node_get_object (node), "advice"));
  g_assert_cmpuint (json_object_get_size (values_of (node)), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/finding/json-shape", test_json_shape);
  g_test_add_func ("/finding/numbers", test_numbers);
  g_test_add_func ("/finding/display", test_display);
  g_test_add_func ("/finding/status", test_status);

  return g_test_run ();
}
