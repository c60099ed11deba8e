/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-device"

#include <string.h>

#include "dc-network-probe-private.h"

static GVariant *
vardict (const char *text)
{
  g_autoptr (GError) error = NULL;
  GVariant *variant = g_variant_parse (G_VARIANT_TYPE_VARDICT, text, NULL, NULL, &error);

  g_assert_no_error (error);
  return g_variant_ref_sink (variant);
}

static DcFinding *
evaluate (const char *manager, gint64 wifi_strength)
{
  g_autoptr (GVariant) properties = vardict (manager);
  g_auto (DcNetworkReading) reading = { 0 };

  dc_network_parse_manager (properties, &reading);
  reading.wifi_strength_percent = wifi_strength;
  return dc_network_evaluate (&reading, dc_thresholds_get_default ());
}

static void
test_connectivity (void)
{
  g_autoptr (DcFinding) full
    = evaluate ("{'Connectivity': <uint32 4>, 'WirelessEnabled': <true>}", 80);
  g_autoptr (DcFinding) weak = evaluate ("{'Connectivity': <uint32 4>}", 20);
  g_autoptr (DcFinding) portal = evaluate ("{'Connectivity': <uint32 2>}", -1);
  g_autoptr (DcFinding) none = evaluate ("{'Connectivity': <uint32 1>}", -1);
  g_autoptr (DcFinding) check_off
    = evaluate ("{'Connectivity': <uint32 0>, 'State': <uint32 70>}", -1);
  g_autoptr (DcFinding) unknown = evaluate ("{'Connectivity': <uint32 0>}", -1);
  g_autoptr (DcFinding) bogus = evaluate ("{'Connectivity': <'full'>, 'State': <uint32 999>}", -1);

  g_assert_cmpint (dc_finding_get_status (full), ==, DC_FINDING_STATUS_OK);
  g_assert_cmpstr (json_node_get_string (dc_finding_get_value (full, "connectivity")), ==, "full");
  g_assert_cmpint (json_node_get_int (dc_finding_get_value (full, "wifi_strength_percent")), ==,
                   80);
  g_assert_true (json_node_get_boolean (dc_finding_get_value (full, "wireless_enabled")));
  g_assert_cmpint (dc_finding_get_status (weak), ==, DC_FINDING_STATUS_WARNING);
  g_assert_cmpint (dc_finding_get_status (portal), ==, DC_FINDING_STATUS_WARNING);
  g_assert_cmpstr (json_node_get_string (dc_finding_get_value (portal, "connectivity")), ==,
                   "portal");
  g_assert_cmpint (dc_finding_get_status (none), ==, DC_FINDING_STATUS_WARNING);
  g_assert_nonnull (dc_finding_get_advice (none));
  /* With NetworkManager's check turned off, its state still says "connected globally". */
  g_assert_cmpint (dc_finding_get_status (check_off), ==, DC_FINDING_STATUS_OK);
  g_assert_cmpint (dc_finding_get_status (unknown), ==, DC_FINDING_STATUS_UNKNOWN);
  g_assert_true (JSON_NODE_HOLDS_NULL (dc_finding_get_value (unknown, "connectivity")));
  g_assert_cmpint (dc_finding_get_status (bogus), ==, DC_FINDING_STATUS_UNKNOWN);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/network/connectivity", test_connectivity);

  return g_test_run ();
}
