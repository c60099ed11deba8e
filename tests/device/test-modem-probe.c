/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-device"

#include <string.h>

#include "dc-modem-probe-private.h"

/* ModemManager's objects as GetManagedObjects returns them, with @modem's properties. */
static GVariant *
objects (const char *modem, const char *gpp)
{
  g_autofree char *text = g_strdup_printf ("{objectpath '/org/freedesktop/ModemManager1/Modem/0': "
                                           "{'org.freedesktop.ModemManager1.Modem': %s, "
                                           " 'org.freedesktop.ModemManager1.Modem.Modem3gpp': %s}}",
                                           modem, gpp);
  g_autoptr (GError) error = NULL;
  GVariant *variant = g_variant_parse (G_VARIANT_TYPE ("a{oa{sa{sv}}}"), text, NULL, NULL, &error);

  g_assert_no_error (error);
  return g_variant_ref_sink (variant);
}

static DcFinding *
evaluate (const char *modem, const char *gpp)
{
  g_autoptr (GVariant) all = objects (modem, gpp);
  g_auto (DcModemReading) reading = { 0 };

  dc_modem_parse_objects (all, &reading);
  return dc_modem_evaluate (&reading, dc_thresholds_get_default ());
}

#define REGISTERED                                                                                 \
  "{'State': <int32 11>, 'Sim': <objectpath '/org/freedesktop/ModemManager1/SIM/0'>, "             \
  "'UnlockRequired': <uint32 1>, 'AccessTechnologies': <uint32 16384>, "

static void
test_registered (void)
{
  g_autoptr (DcFinding) finding = evaluate (REGISTERED "'SignalQuality': <(uint32 72, true)>}",
                                            "{'OperatorName': <'Vodafone'>}");

  g_assert_cmpint (dc_finding_get_status (finding), ==, DC_FINDING_STATUS_OK);
  g_assert_cmpstr (json_node_get_string (dc_finding_get_value (finding, "sim")), ==, "ready");
  g_assert_cmpint (json_node_get_int (dc_finding_get_value (finding, "signal_percent")), ==, 72);
  g_assert_cmpstr (json_node_get_string (dc_finding_get_value (finding, "access_technology")), ==,
                   "lte");
  g_assert_cmpstr (json_node_get_string (dc_finding_get_value (finding, "operator")), ==,
                   "Vodafone");
  g_assert_cmpstr (json_node_get_string (dc_finding_get_value (finding, "state")), ==, "connected");
  g_assert_nonnull (strstr (dc_finding_get_summary (finding), "Vodafone"));
}

static void
test_problems (void)
{
  g_autoptr (DcFinding) weak = evaluate (REGISTERED "'SignalQuality': <(uint32 7, true)>}", "{}");
  g_autoptr (DcFinding) no_sim = evaluate ("{'State': <int32 -1>, 'StateFailedReason': <uint32 2>, "
                                           "'Sim': <objectpath '/'>}",
                                           "{}");
  g_autoptr (DcFinding) locked
    = evaluate ("{'State': <int32 2>, 'UnlockRequired': <uint32 2>, "
                "'Sim': <objectpath '/org/freedesktop/ModemManager1/SIM/0'>}",
                "{}");
  g_autoptr (DcFinding) failed
    = evaluate ("{'State': <int32 -1>, 'StateFailedReason': <uint32 4>}", "{}");

  g_assert_cmpint (dc_finding_get_status (weak), ==, DC_FINDING_STATUS_WARNING);
  g_assert_cmpint (dc_finding_get_status (no_sim), ==, DC_FINDING_STATUS_WARNING);
  g_assert_cmpstr (json_node_get_string (dc_finding_get_value (no_sim, "sim")), ==, "missing");
  g_assert_cmpint (dc_finding_get_status (locked), ==, DC_FINDING_STATUS_WARNING);
  g_assert_cmpstr (json_node_get_string (dc_finding_get_value (locked, "sim")), ==, "locked");
  g_assert_cmpint (dc_finding_get_status (failed), ==, DC_FINDING_STATUS_CRITICAL);
  g_assert_nonnull (dc_finding_get_advice (failed));
}

static void
test_imei (void)
{
  g_autoptr (GVariant) from_gpp
    = objects ("{'EquipmentIdentifier': <'356938035643809'>}", "{'Imei': <'356938035643809'>}");
  g_autoptr (GVariant) from_modem = objects ("{'EquipmentIdentifier': <'356938035643809'>}", "{}");
  g_autoptr (GVariant) meid = objects ("{'EquipmentIdentifier': <'A0000027B2F3E1'>}", "{}");
  g_autoptr (GVariant) none = g_variant_ref_sink (
    g_variant_parse (G_VARIANT_TYPE ("a{oa{sa{sv}}}"), "@a{oa{sa{sv}}} {}", NULL, NULL, NULL));
  g_auto (GStrv) a = dc_modem_parse_imei (from_gpp);
  g_auto (GStrv) b = dc_modem_parse_imei (from_modem);
  g_auto (GStrv) c = dc_modem_parse_imei (meid);
  g_auto (GStrv) d = dc_modem_parse_imei (none);
  g_auto (DcModemReading) reading = { 0 };
  g_autoptr (DcFinding) finding = NULL;

  g_assert_cmpstrv (a, ((const char *[]){ "356938035643809", NULL }));
  g_assert_cmpstrv (b, ((const char *[]){ "356938035643809", NULL }));
  /* A CDMA modem's MEID is not an IMEI. */
  g_assert_cmpuint (g_strv_length (c), ==, 0);
  g_assert_cmpuint (g_strv_length (d), ==, 0);

  dc_modem_parse_objects (none, &reading);
  finding = dc_modem_evaluate (&reading, dc_thresholds_get_default ());
  g_assert_cmpint (dc_finding_get_status (finding), ==, DC_FINDING_STATUS_UNKNOWN);
  g_assert_true (JSON_NODE_HOLDS_NULL (dc_finding_get_value (finding, "sim")));
}

static void
test_unreachable (void)
{
  g_autoptr (GError) error
    = g_error_new_literal (G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER, "no owner");
  g_autoptr (DcFinding) finding = dc_modem_evaluate_unreachable (error);

  g_assert_cmpint (dc_finding_get_status (finding), ==, DC_FINDING_STATUS_UNKNOWN);
  g_assert_cmpstr (dc_finding_get_summary (finding), ==,
                   "ModemManager is not running on this device.");
  g_assert_true (JSON_NODE_HOLDS_NULL (dc_finding_get_value (finding, "signal_percent")));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/modem/registered", test_registered);
  g_test_add_func ("/modem/problems", test_problems);
  g_test_add_func ("/modem/imei", test_imei);
  g_test_add_func ("/modem/unreachable", test_unreachable);

  return g_test_run ();
}
