/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-device"

#include <math.h>
#include <string.h>

#include "dc-thermal-probe-private.h"

static GArray *
new_zones (void)
{
  GArray *zones = g_array_new (FALSE, TRUE, sizeof (DcThermalZone));

  g_array_set_clear_func (zones, (GDestroyNotify)dc_thermal_zone_clear);
  return zones;
}

/* A zone with a throttling trip at 90 °C and a critical one at 110 °C. */
static void
add_zone (GArray *zones, const char *type, const char *temp)
{
  DcThermalZone zone;

  dc_thermal_zone_init (&zone, type, temp);
  dc_thermal_zone_add_trip (&zone, "active", "60000");
  dc_thermal_zone_add_trip (&zone, "hot", "95000");
  dc_thermal_zone_add_trip (&zone, "passive", "90000");
  dc_thermal_zone_add_trip (&zone, "critical", "110000");
  g_array_append_val (zones, zone);
}

static DcFindingStatus
judge (const char *temp)
{
  g_autoptr (GArray) zones = new_zones ();

  add_zone (zones, "cpu_thermal", temp);
  return dc_thermal_zone_judge (&g_array_index (zones, DcThermalZone, 0),
                                dc_thresholds_get_default ());
}

static void
test_margins (void)
{
  /* temp is millidegrees; within 5 °C of the lowest passive or hot trip is a warning. */
  g_assert_cmpint (judge ("84999"), ==, DC_FINDING_STATUS_OK);
  g_assert_cmpint (judge ("85000"), ==, DC_FINDING_STATUS_WARNING);
  g_assert_cmpint (judge ("109999"), ==, DC_FINDING_STATUS_WARNING);
  g_assert_cmpint (judge ("110000"), ==, DC_FINDING_STATUS_CRITICAL);
}

static void
test_malformed (void)
{
  static const char *const temps[] = { "abc", "", "99999999999", "-274000", "45 C", NULL };
  g_autoptr (GArray) zones = new_zones ();
  g_autoptr (DcFinding) finding = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (temps); i++)
    {
      g_test_message ("temp %s", temps[i] ? temps[i] : "(missing)");
      g_assert_cmpint (judge (temps[i]), ==, DC_FINDING_STATUS_UNKNOWN);
      add_zone (zones, "cpu_thermal", temps[i]);
    }
  finding = dc_thermal_evaluate (zones, dc_thresholds_get_default ());
  g_assert_cmpint (dc_finding_get_status (finding), ==, DC_FINDING_STATUS_UNKNOWN);
  g_assert_true (JSON_NODE_HOLDS_NULL (dc_finding_get_value (finding, "temperature_c")));
  g_assert_cmpint (json_node_get_int (dc_finding_get_value (finding, "zones")), ==, 0);
}

static void
test_worst_zone (void)
{
  g_autoptr (GArray) zones = new_zones ();
  g_autoptr (DcFinding) finding = NULL;
  DcThermalZone gpu;

  /* The hottest zone is fine against its own trip points; the cooler one is near its own. */
  dc_thermal_zone_init (&gpu, "gpu_thermal", "70000");
  dc_thermal_zone_add_trip (&gpu, "passive", "72000");
  add_zone (zones, "cpu_thermal", "80000");
  g_array_append_val (zones, gpu);
  add_zone (zones, "broken", "abc");

  finding = dc_thermal_evaluate (zones, dc_thresholds_get_default ());
  g_assert_cmpint (dc_finding_get_status (finding), ==, DC_FINDING_STATUS_WARNING);
  g_assert_cmpstr (json_node_get_string (dc_finding_get_value (finding, "zone")), ==,
                   "gpu_thermal");
  g_assert_cmpint (json_node_get_int (dc_finding_get_value (finding, "temperature_c")), ==, 70);
  g_assert_cmpint (json_node_get_int (dc_finding_get_value (finding, "trip_c")), ==, 72);
  g_assert_cmpint (json_node_get_int (dc_finding_get_value (finding, "zones")), ==, 2);
}

static void
test_junk_trip_points (void)
{
  DcThermalZone zone;

  /* A desktop board's acpitz: critical at 20.8 °C while at 27.8 °C. Not believed. */
  dc_thermal_zone_init (&zone, "acpitz", "27800");
  dc_thermal_zone_add_trip (&zone, "critical", "20800");
  dc_thermal_zone_add_trip (&zone, "passive", "0");
  dc_thermal_zone_add_trip (&zone, "passive", "abc");
  g_assert_true (isnan (zone.critical_c));
  g_assert_true (isnan (zone.throttle_c));
  g_assert_cmpint (dc_thermal_zone_judge (&zone, dc_thresholds_get_default ()), ==,
                   DC_FINDING_STATUS_OK);
  dc_thermal_zone_clear (&zone);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/thermal/margins", test_margins);
  g_test_add_func ("/thermal/malformed", test_malformed);
  g_test_add_func ("/thermal/worst-zone", test_worst_zone);
  g_test_add_func ("/thermal/junk-trip-points", test_junk_trip_points);

  return g_test_run ();
}
