/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-device"

#include <math.h>
#include <string.h>

#include "dc-battery-probe-private.h"

static GBytes *
uevent (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

static GBytes *
fixture_file (const char *device, const char *path)
{
  g_autofree char *filename
    = g_test_build_filename (G_TEST_DIST, "data", "device", device, path, NULL);
  g_autoptr (GError) error = NULL;
  char *contents = NULL;
  gsize length;

  g_file_get_contents (filename, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

static gint64
int_value (DcFinding *finding, const char *key)
{
  JsonNode *node = dc_finding_get_value (finding, key);

  g_assert_nonnull (node);
  g_assert_false (JSON_NODE_HOLDS_NULL (node));
  return json_node_get_int (node);
}

static gboolean
is_null (DcFinding *finding, const char *key)
{
  JsonNode *node = dc_finding_get_value (finding, key);

  g_assert_nonnull (node); /* never left out */
  return JSON_NODE_HOLDS_NULL (node);
}

static void
test_qualcomm_worn (void)
{
  g_autoptr (GBytes) bytes
    = fixture_file ("qualcomm-pmos", "sys/class/power_supply/qcom-battery/uevent");
  g_auto (DcBatteryReading) reading = { 0 };
  g_autoptr (DcFinding) finding = NULL;
  JsonNode *temperature;

  g_assert_true (dc_battery_parse_uevent (bytes, &reading));
  finding = dc_battery_evaluate (&reading, dc_thresholds_get_default ());

  /* 2376000 ÷ 3300000 µAh: 72 %, below 80 %. */
  g_assert_cmpint (int_value (finding, "health_percent"), ==, 72);
  g_assert_cmpint (int_value (finding, "capacity_percent"), ==, 64);
  g_assert_cmpint (int_value (finding, "cycle_count"), ==, 812);
  /* temp is tenths of a degree. */
  temperature = dc_finding_get_value (finding, "temperature_c");
  g_assert_cmpfloat_with_epsilon (json_node_get_double (temperature), 31.2, 1e-9);
  g_assert_cmpstr (json_node_get_string (dc_finding_get_value (finding, "state")), ==,
                   "discharging");
  g_assert_cmpint (dc_finding_get_status (finding), ==, DC_FINDING_STATUS_WARNING);
  g_assert_nonnull (strstr (dc_finding_get_summary (finding), "72\u00a0%"));
  g_assert_nonnull (strstr (dc_finding_get_advice (finding), "service center"));
}

static void
test_laptop_energy (void)
{
  g_autoptr (GBytes) bytes = fixture_file ("x86-laptop", "sys/class/power_supply/BAT1/uevent");
  g_auto (DcBatteryReading) reading = { 0 };
  g_autoptr (DcFinding) finding = NULL;

  /* ACPI batteries report energy (µWh), not charge. */
  g_assert_true (dc_battery_parse_uevent (bytes, &reading));
  finding = dc_battery_evaluate (&reading, dc_thresholds_get_default ());
  g_assert_cmpint (int_value (finding, "health_percent"), ==, 90);
  g_assert_cmpint (int_value (finding, "cycle_count"), ==, 143);
  g_assert_true (is_null (finding, "temperature_c"));
  g_assert_cmpint (dc_finding_get_status (finding), ==, DC_FINDING_STATUS_OK);
  g_assert_null (dc_finding_get_advice (finding));
}

static void
test_pinephone_without_design (void)
{
  g_autoptr (GBytes) bytes
    = fixture_file ("pinephone", "sys/class/power_supply/axp20x-battery/uevent");
  g_auto (DcBatteryReading) reading = { 0 };
  g_autoptr (DcFinding) finding = NULL;

  /* No design capacity: health is not known, so the verdict cannot be "ok". */
  g_assert_true (dc_battery_parse_uevent (bytes, &reading));
  finding = dc_battery_evaluate (&reading, dc_thresholds_get_default ());
  g_assert_true (is_null (finding, "health_percent"));
  g_assert_cmpint (int_value (finding, "capacity_percent"), ==, 76);
  g_assert_cmpint (dc_finding_get_status (finding), ==, DC_FINDING_STATUS_UNKNOWN);
  g_assert_nonnull (strstr (dc_finding_get_summary (finding), "76\u00a0%"));
}

static void
test_not_batteries (void)
{
  g_autoptr (GBytes) charger
    = fixture_file ("pinephone", "sys/class/power_supply/axp20x-usb/uevent");
  g_autoptr (GBytes) mouse
    = fixture_file ("desktop-no-serial", "sys/class/power_supply/hidpp_battery_0/uevent");
  g_autoptr (GBytes) empty_slot = uevent ("POWER_SUPPLY_TYPE=Battery\nPOWER_SUPPLY_PRESENT=0\n");
  g_autoptr (GBytes) nothing = g_bytes_new (NULL, 0);
  g_auto (DcBatteryReading) reading = { 0 };

  /* A charger, a wireless mouse's battery, an empty slot, an empty file. */
  g_assert_false (dc_battery_parse_uevent (charger, &reading));
  g_assert_false (dc_battery_parse_uevent (mouse, &reading));
  g_assert_false (dc_battery_parse_uevent (empty_slot, &reading));
  g_assert_false (dc_battery_parse_uevent (nothing, &reading));
}

/* Each malformed value is unknown; none gives a verdict. */
static void
test_malformed_values (void)
{
  static const struct
  {
    const char *line;
    const char *key;
  } cases[] = {
    { "POWER_SUPPLY_CAPACITY=abc", "capacity_percent" },
    { "POWER_SUPPLY_CAPACITY=", "capacity_percent" },
    { "POWER_SUPPLY_CAPACITY=-3", "capacity_percent" },
    { "POWER_SUPPLY_CAPACITY=250", "capacity_percent" },
    { "POWER_SUPPLY_CAPACITY=76%", "capacity_percent" },
    { "POWER_SUPPLY_CHARGE_FULL=abc\nPOWER_SUPPLY_CHARGE_FULL_DESIGN=3000000", "health_percent" },
    { "POWER_SUPPLY_CHARGE_FULL=-5\nPOWER_SUPPLY_CHARGE_FULL_DESIGN=3000000", "health_percent" },
    { "POWER_SUPPLY_CHARGE_FULL=2000000\nPOWER_SUPPLY_CHARGE_FULL_DESIGN=0", "health_percent" },
    { "POWER_SUPPLY_CHARGE_FULL=2000000\nPOWER_SUPPLY_CHARGE_FULL_DESIGN=", "health_percent" },
    /* A battery three times its design capacity is a broken gauge. */
    { "POWER_SUPPLY_CHARGE_FULL=9000000\nPOWER_SUPPLY_CHARGE_FULL_DESIGN=3000000",
      "health_percent" },
    { "POWER_SUPPLY_ENERGY_FULL=99999999999999999999999\nPOWER_SUPPLY_ENERGY_FULL_DESIGN=1000",
      "health_percent" },
    { "POWER_SUPPLY_CYCLE_COUNT=-1", "cycle_count" },
    { "POWER_SUPPLY_CYCLE_COUNT=99999999999999999999", "cycle_count" },
    { "POWER_SUPPLY_TEMP=abc", "temperature_c" },
    { "POWER_SUPPLY_TEMP=31 2", "temperature_c" },
    { "POWER_SUPPLY_TEMP=99999", "temperature_c" },
    { "POWER_SUPPLY_TEMP=-99999", "temperature_c" },
    { "POWER_SUPPLY_STATUS=Sideways", "state" },
    { "POWER_SUPPLY_TECHNOLOGY=Unknown", "technology" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf ("POWER_SUPPLY_TYPE=Battery\n%s\n", cases[i].line);
      g_autoptr (GBytes) bytes = uevent (text);
      g_auto (DcBatteryReading) reading = { 0 };
      g_autoptr (DcFinding) finding = NULL;

      g_test_message ("%s", cases[i].line);
      g_assert_true (dc_battery_parse_uevent (bytes, &reading));
      finding = dc_battery_evaluate (&reading, dc_thresholds_get_default ());
      g_assert_true (is_null (finding, cases[i].key));
      g_assert_cmpint (dc_finding_get_status (finding), ==, DC_FINDING_STATUS_UNKNOWN);
    }
}

static DcFinding *
evaluate_text (const char *text)
{
  g_autoptr (GBytes) bytes = uevent (text);
  g_auto (DcBatteryReading) reading = { 0 };

  g_assert_true (dc_battery_parse_uevent (bytes, &reading));
  return dc_battery_evaluate (&reading, dc_thresholds_get_default ());
}

static void
test_thresholds (void)
{
  g_autoptr (DcFinding) at_80 = NULL;
  g_autoptr (DcFinding) at_79 = NULL;
  g_autoptr (DcFinding) hot = NULL;
  g_autoptr (DcFinding) warm = NULL;
  g_autoptr (DcFinding) overheat = NULL;
  g_autoptr (DcFinding) cold = NULL;
  g_autoptr (DcFinding) dead = NULL;

#define GOOD                                                                                       \
  "POWER_SUPPLY_TYPE=Battery\nPOWER_SUPPLY_CHARGE_FULL=2700\nPOWER_SUPPLY_CHARGE_FULL_DESIGN="     \
  "3000\n"
  at_80 = evaluate_text ("POWER_SUPPLY_TYPE=Battery\nPOWER_SUPPLY_CHARGE_FULL=2400\n"
                         "POWER_SUPPLY_CHARGE_FULL_DESIGN=3000\n");
  at_79 = evaluate_text ("POWER_SUPPLY_TYPE=Battery\nPOWER_SUPPLY_CHARGE_FULL=2370\n"
                         "POWER_SUPPLY_CHARGE_FULL_DESIGN=3000\n");
  hot = evaluate_text (GOOD "POWER_SUPPLY_TEMP=450\n");
  warm = evaluate_text (GOOD "POWER_SUPPLY_TEMP=449\n");
  overheat = evaluate_text (GOOD "POWER_SUPPLY_HEALTH=Overheat\n");
  cold = evaluate_text (GOOD "POWER_SUPPLY_HEALTH=Cold\n");
  dead = evaluate_text (GOOD "POWER_SUPPLY_HEALTH=Dead\n");
#undef GOOD

  /* Below 80 % of the design capacity is worn; 80 % is not yet. */
  g_assert_cmpint (dc_finding_get_status (at_80), ==, DC_FINDING_STATUS_OK);
  g_assert_cmpint (dc_finding_get_status (at_79), ==, DC_FINDING_STATUS_WARNING);
  /* 45 °C and the driver's own word are a warning, 44.9 °C is not. */
  g_assert_cmpint (dc_finding_get_status (hot), ==, DC_FINDING_STATUS_WARNING);
  g_assert_cmpint (dc_finding_get_status (warm), ==, DC_FINDING_STATUS_OK);
  g_assert_cmpint (dc_finding_get_status (overheat), ==, DC_FINDING_STATUS_WARNING);
  g_assert_cmpstr (dc_finding_get_summary (overheat), ==, dc_finding_get_summary (hot));
  g_assert_cmpint (dc_finding_get_status (cold), ==, DC_FINDING_STATUS_WARNING);
  g_assert_cmpstr (dc_finding_get_summary (cold), !=, dc_finding_get_summary (hot));
  g_assert_cmpint (dc_finding_get_status (dead), ==, DC_FINDING_STATUS_CRITICAL);
  g_assert_nonnull (dc_finding_get_advice (dead));
}

static GVariant *
upower_battery (const char *extra)
{
  g_autofree char *text = g_strdup_printf ("{'Type': <uint32 2>, 'PowerSupply': <true>, "
                                           "'IsPresent': <true>, 'Percentage': <63.0>, "
                                           "'State': <uint32 1>, 'Technology': <uint32 2>%s}",
                                           extra);
  g_autoptr (GError) error = NULL;
  GVariant *variant = g_variant_parse (G_VARIANT_TYPE_VARDICT, text, NULL, NULL, &error);

  g_assert_no_error (error);
  return g_variant_ref_sink (variant);
}

static void
test_upower (void)
{
  g_autoptr (GVariant) trap = upower_battery (", 'Capacity': <100.0>, 'EnergyFull': <10.0>, "
                                              "'EnergyFullDesign': <0.0>, 'Temperature': <0.0>");
  g_autoptr (GVariant) worn = upower_battery (", 'EnergyFull': <7.0>, 'EnergyFullDesign': <10.0>, "
                                              "'ChargeCycles': <int32 510>, 'Temperature': <36.5>");
  g_autoptr (GVariant) wrong_types = upower_battery (", 'EnergyFull': <'7'>, "
                                                     "'EnergyFullDesign': <int32 10>");
  g_autoptr (GVariant) ac = NULL;
  g_auto (DcBatteryReading) reading = { 0 };
  g_autoptr (DcFinding) trap_finding = NULL;
  g_autoptr (DcFinding) worn_finding = NULL;
  g_autoptr (DcFinding) wrong_finding = NULL;

  /* UPower says Capacity = 100 when there is no design capacity (PinePhone): not health. */
  g_assert_true (dc_battery_parse_upower (trap, &reading));
  trap_finding = dc_battery_evaluate (&reading, dc_thresholds_get_default ());
  g_assert_true (is_null (trap_finding, "health_percent"));
  g_assert_true (is_null (trap_finding, "temperature_c")); /* 0 is UPower's "not known" */
  g_assert_cmpint (int_value (trap_finding, "capacity_percent"), ==, 63);
  g_assert_cmpstr (json_node_get_string (dc_finding_get_value (trap_finding, "state")), ==,
                   "charging");
  g_assert_cmpstr (json_node_get_string (dc_finding_get_value (trap_finding, "technology")), ==,
                   "Li-poly");
  g_assert_cmpint (dc_finding_get_status (trap_finding), ==, DC_FINDING_STATUS_UNKNOWN);
  dc_battery_reading_clear (&reading);

  g_assert_true (dc_battery_parse_upower (worn, &reading));
  worn_finding = dc_battery_evaluate (&reading, dc_thresholds_get_default ());
  g_assert_cmpint (int_value (worn_finding, "health_percent"), ==, 70);
  g_assert_cmpint (int_value (worn_finding, "cycle_count"), ==, 510);
  g_assert_cmpint (dc_finding_get_status (worn_finding), ==, DC_FINDING_STATUS_WARNING);
  dc_battery_reading_clear (&reading);

  /* A service that sends the wrong types gives nothing, never a crash. */
  g_assert_true (dc_battery_parse_upower (wrong_types, &reading));
  wrong_finding = dc_battery_evaluate (&reading, dc_thresholds_get_default ());
  g_assert_true (is_null (wrong_finding, "health_percent"));
  dc_battery_reading_clear (&reading);

  ac = g_variant_ref_sink (g_variant_parse (
    G_VARIANT_TYPE_VARDICT, "{'Type': <uint32 1>, 'PowerSupply': <true>}", NULL, NULL, NULL));
  g_assert_false (dc_battery_parse_upower (ac, &reading));
}

static void
test_missing (void)
{
  g_autoptr (DcFinding) finding = dc_battery_evaluate_missing (NULL);

  g_assert_cmpstr (dc_finding_get_id (finding), ==, "battery");
  g_assert_cmpint (dc_finding_get_status (finding), ==, DC_FINDING_STATUS_UNKNOWN);
  g_assert_true (is_null (finding, "capacity_percent"));
  g_assert_true (is_null (finding, "health_percent"));
  g_assert_true (is_null (finding, "cycle_count"));
  g_assert_true (is_null (finding, "temperature_c"));
  g_assert_true (is_null (finding, "state"));
  g_assert_nonnull (strstr (dc_finding_get_summary (finding), "No battery"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/battery/qualcomm-worn", test_qualcomm_worn);
  g_test_add_func ("/battery/laptop-energy", test_laptop_energy);
  g_test_add_func ("/battery/pinephone-without-design", test_pinephone_without_design);
  g_test_add_func ("/battery/not-batteries", test_not_batteries);
  g_test_add_func ("/battery/malformed-values", test_malformed_values);
  g_test_add_func ("/battery/thresholds", test_thresholds);
  g_test_add_func ("/battery/upower", test_upower);
  g_test_add_func ("/battery/missing", test_missing);

  return g_test_run ();
}
