/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-device"

#include "dc-sensors-probe-private.h"

static GVariant *
vardict (const char *text)
{
  g_autoptr (GError) error = NULL;
  GVariant *variant = g_variant_parse (G_VARIANT_TYPE_VARDICT, text, NULL, NULL, &error);

  g_assert_no_error (error);
  return g_variant_ref_sink (variant);
}

static void
test_present (void)
{
  g_autoptr (GVariant) proxy = vardict ("{'HasAccelerometer': <true>, 'HasAmbientLight': <false>, "
                                        "'HasProximity': <true>}");
  g_autoptr (GVariant) none = vardict ("{'HasAccelerometer': <false>, 'HasAmbientLight': <false>, "
                                       "'HasProximity': <false>}");
  g_autoptr (DcFinding) some = NULL;
  g_autoptr (DcFinding) nothing = NULL;
  DcSensorsReading reading;

  dc_sensors_parse (proxy, NULL, &reading);
  some = dc_sensors_evaluate (&reading);
  g_assert_cmpint (dc_finding_get_status (some), ==, DC_FINDING_STATUS_OK);
  g_assert_cmpstr (dc_finding_get_summary (some), ==, "Found: Accelerometer, Proximity.");
  g_assert_false (json_node_get_boolean (dc_finding_get_value (some, "ambient_light")));
  /* The compass was not asked: not known, rather than absent. */
  g_assert_true (JSON_NODE_HOLDS_NULL (dc_finding_get_value (some, "compass")));

  dc_sensors_parse (none, NULL, &reading);
  nothing = dc_sensors_evaluate (&reading);
  g_assert_cmpint (dc_finding_get_status (nothing), ==, DC_FINDING_STATUS_UNKNOWN);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sensors/present", test_present);

  return g_test_run ();
}
