/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-device"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "dc-battery-probe-private.h"
#include "dc-sysfs-private.h"
#include "dc-sysroot.h"

/* The battery: UPower when it is on the bus, else the kernel's power_supply class. A battery is an
 * entry whose type is "Battery", never guessed by name (axp20x-battery, max170xx_battery,
 * qcom-battery…); one whose scope is "Device" is a mouse's or a headset's, not the phone's. */

#define UPOWER_NAME "org.freedesktop.UPower"
#define UPOWER_PATH "/org/freedesktop/UPower"
#define UPOWER_DEVICE "org.freedesktop.UPower.Device"
#define UPOWER_KIND_BATTERY 2

/* What a driver can plausibly report; beyond is a broken driver, and unknown. A new battery can
 * hold a little more than its design capacity. */
#define HEALTH_MAX_PERCENT 150.0
#define CAPACITY_MAX_UNITS G_GINT64_CONSTANT (100000000000) /* µAh or µWh: 100 kAh */
#define CYCLE_COUNT_MAX 100000
#define TEMP_MIN_TENTHS (-400) /* -40 °C */
#define TEMP_MAX_TENTHS 1500   /* 150 °C */

void
dc_battery_reading_init (DcBatteryReading *reading)
{
  *reading = (DcBatteryReading){ NULL, -1, NAN, -1, NAN, DC_BATTERY_STATE_UNKNOWN, NULL, NULL };
}

void
dc_battery_reading_clear (DcBatteryReading *reading)
{
  g_clear_pointer (&reading->technology, g_free);
  g_clear_pointer (&reading->kernel_health, g_free);
}

static const char *
lookup (GHashTable *properties, const char *name)
{
  g_autofree char *key = g_strconcat ("POWER_SUPPLY_", name, NULL);
  return g_hash_table_lookup (properties, key);
}

/* full ÷ design, as a whole percentage (the verdict and the summary agree on what is shown);
 * NAN when either is missing, zero or absurd. */
static double
ratio_percent (GHashTable *properties, const char *full_key, const char *design_key)
{
  gint64 full, design;
  double percent;

  if (!dc_sysfs_parse_int (lookup (properties, full_key), 1, CAPACITY_MAX_UNITS, &full)
      || !dc_sysfs_parse_int (lookup (properties, design_key), 1, CAPACITY_MAX_UNITS, &design))
    return NAN;
  percent = 100.0 * (double)full / (double)design;
  return percent <= HEALTH_MAX_PERCENT ? round (percent) : NAN;
}

static DcBatteryState
state_from_status (const char *status)
{
  static const struct
  {
    const char *status;
    DcBatteryState state;
  } states[] = {
    { "Charging", DC_BATTERY_STATE_CHARGING },
    { "Discharging", DC_BATTERY_STATE_DISCHARGING },
    { "Not charging", DC_BATTERY_STATE_NOT_CHARGING },
    { "Full", DC_BATTERY_STATE_FULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (states); i++)
    {
      if (g_strcmp0 (status, states[i].status) == 0)
        return states[i].state;
    }
  return DC_BATTERY_STATE_UNKNOWN;
}

/* "Unknown" from a driver is not a value. */
static char *
known_text (const char *text)
{
  if (text == NULL || *text == '\0' || g_ascii_strcasecmp (text, "Unknown") == 0)
    return NULL;
  return g_strdup (text);
}

static gint64
capacity_from_properties (GHashTable *properties)
{
  gint64 capacity;
  double percent;

  if (dc_sysfs_parse_int (lookup (properties, "CAPACITY"), 0, 100, &capacity))
    return capacity;
  /* Some fuel gauges only give the charge; capacity is then now ÷ full. */
  percent = ratio_percent (properties, "CHARGE_NOW", "CHARGE_FULL");
  if (isnan (percent))
    percent = ratio_percent (properties, "ENERGY_NOW", "ENERGY_FULL");
  return !isnan (percent) && percent <= 100.0 ? (gint64)round (percent) : -1;
}

/**
 * dc_battery_parse_properties:
 * @properties: (element-type utf8 utf8): a power supply's uevent, keys
 *   such as `POWER_SUPPLY_CAPACITY`
 * @reading: (out caller-allocates): the battery, initialised here
 *
 * Reads a power supply that is the device's own battery. Health is
 * `charge_full ÷ charge_full_design` (or the `energy_*` pair) and only then;
 * `temp` is in tenths of °C.
 *
 * Returns: %FALSE when the supply is not the device's battery (a charger, a
 *   mouse, an empty slot)
 */
gboolean
dc_battery_parse_properties (GHashTable *properties, DcBatteryReading *reading)
{
  gint64 value;

  dc_battery_reading_init (reading);
  if (g_strcmp0 (lookup (properties, "TYPE"), "Battery") != 0
      || g_strcmp0 (lookup (properties, "SCOPE"), "Device") == 0
      || g_strcmp0 (lookup (properties, "PRESENT"), "0") == 0)
    return FALSE;

  reading->source = "sysfs";
  reading->capacity_percent = capacity_from_properties (properties);
  reading->health_percent = ratio_percent (properties, "CHARGE_FULL", "CHARGE_FULL_DESIGN");
  if (isnan (reading->health_percent))
    reading->health_percent = ratio_percent (properties, "ENERGY_FULL", "ENERGY_FULL_DESIGN");
  if (dc_sysfs_parse_int (lookup (properties, "CYCLE_COUNT"), 0, CYCLE_COUNT_MAX, &value))
    reading->cycle_count = value;
  if (dc_sysfs_parse_int (lookup (properties, "TEMP"), TEMP_MIN_TENTHS, TEMP_MAX_TENTHS, &value))
    reading->temperature_c = value / 10.0;
  reading->state = state_from_status (lookup (properties, "STATUS"));
  reading->technology = known_text (lookup (properties, "TECHNOLOGY"));
  reading->kernel_health = known_text (lookup (properties, "HEALTH"));
  return TRUE;
}

/**
 * dc_battery_parse_uevent:
 * @uevent: the contents of `/sys/class/power_supply/NAME/uevent`
 * @reading: (out caller-allocates): the battery, initialised here
 *
 * Returns: %FALSE when the supply is not the device's battery
 */
gboolean
dc_battery_parse_uevent (GBytes *uevent, DcBatteryReading *reading)
{
  g_autoptr (GHashTable) properties = dc_sysfs_parse_uevent (uevent);

  return dc_battery_parse_properties (properties, reading);
}

static const char *
technology_from_upower (guint32 technology)
{
  static const char *const names[]
    = { NULL, "Li-ion", "Li-poly", "LiFe", "Lead-acid", "NiCd", "NiMH" };

  return technology < G_N_ELEMENTS (names) ? names[technology] : NULL;
}

static DcBatteryState
state_from_upower (guint32 state)
{
  switch (state)
    {
      case 1:
        return DC_BATTERY_STATE_CHARGING;
      case 2:
        return DC_BATTERY_STATE_DISCHARGING;
      case 3:
        return DC_BATTERY_STATE_EMPTY;
      case 4:
        return DC_BATTERY_STATE_FULL;
      case 5: /* pending charge */
      case 6: /* pending discharge */
        return DC_BATTERY_STATE_NOT_CHARGING;
      default:
        return DC_BATTERY_STATE_UNKNOWN;
    }
}

/* Health from the energies, never from "Capacity": UPower says 100 when the battery has no
 * design capacity at all, as on a PinePhone. */
static double
health_from_upower (GVariant *properties)
{
  double full = 0, design = 0, percent;

  if (!dc_probe_lookup (properties, "EnergyFullDesign", "d", &design) || !(design > 0)
      || !dc_probe_lookup (properties, "EnergyFull", "d", &full) || !(full > 0))
    return NAN;
  percent = 100.0 * full / design;
  return percent <= HEALTH_MAX_PERCENT ? round (percent) : NAN;
}

/**
 * dc_battery_parse_upower:
 * @properties: an `org.freedesktop.UPower.Device`'s properties, `a{sv}`
 * @reading: (out caller-allocates): the battery, initialised here
 *
 * Returns: %FALSE when the device is not a battery that powers the system
 */
gboolean
dc_battery_parse_upower (GVariant *properties, DcBatteryReading *reading)
{
  guint32 kind = 0, state = 0, technology = 0;
  gboolean power_supply = TRUE, present = TRUE;
  double percentage, temperature;
  gint32 cycles;

  dc_battery_reading_init (reading);
  if (!dc_probe_lookup (properties, "Type", "u", &kind) || kind != UPOWER_KIND_BATTERY)
    return FALSE;
  dc_probe_lookup (properties, "PowerSupply", "b", &power_supply);
  dc_probe_lookup (properties, "IsPresent", "b", &present);
  if (!power_supply || !present)
    return FALSE;

  reading->source = "upower";
  if (dc_probe_lookup (properties, "Percentage", "d", &percentage) && percentage >= 0
      && percentage <= 100)
    reading->capacity_percent = (gint64)round (percentage);
  reading->health_percent = health_from_upower (properties);
  if (dc_probe_lookup (properties, "ChargeCycles", "i", &cycles) && cycles >= 0
      && cycles <= CYCLE_COUNT_MAX)
    reading->cycle_count = cycles;
  /* 0 is UPower's "not known". */
  if (dc_probe_lookup (properties, "Temperature", "d", &temperature) && temperature != 0
      && temperature * 10 >= TEMP_MIN_TENTHS && temperature * 10 <= TEMP_MAX_TENTHS)
    reading->temperature_c = temperature;
  if (dc_probe_lookup (properties, "State", "u", &state))
    reading->state = state_from_upower (state);
  if (dc_probe_lookup (properties, "Technology", "u", &technology))
    reading->technology = g_strdup (technology_from_upower (technology));
  return TRUE;
}

/* The first of UPower's devices that is the system's battery. FALSE with @error when UPower
 * could not be asked; FALSE without when it has no battery. */
static gboolean
read_upower (DcProbeContext *context, DcBatteryReading *reading, GCancellable *cancellable,
             GError **error)
{
  g_autoptr (GVariant) reply = NULL;
  g_autoptr (GVariantIter) paths = NULL;
  const char *path;

  reply = dc_probe_context_call (context, UPOWER_NAME, UPOWER_PATH, UPOWER_NAME, "EnumerateDevices",
                                 NULL, "(ao)", cancellable, error);
  if (reply == NULL)
    return FALSE;
  g_variant_get (reply, "(ao)", &paths);
  while (g_variant_iter_loop (paths, "&o", &path))
    {
      g_autoptr (GVariant) properties = NULL;
      g_autoptr (GError) local_error = NULL;

      properties = dc_probe_context_get_properties (context, UPOWER_NAME, path, UPOWER_DEVICE,
                                                    cancellable, &local_error);
      if (properties == NULL)
        {
          g_debug ("UPower device %s: %s", path, local_error->message);
          continue;
        }
      dc_battery_reading_clear (reading);
      if (dc_battery_parse_upower (properties, reading))
        return TRUE;
    }
  return FALSE;
}

/* A captured tree may hold the attribute files without the uevent. */
static GHashTable *
read_attributes (const char *root, const char *dir)
{
  static const char *const names[] = {
    "type",
    "scope",
    "present",
    "status",
    "capacity",
    "charge_now",
    "charge_full",
    "charge_full_design",
    "energy_now",
    "energy_full",
    "energy_full_design",
    "cycle_count",
    "temp",
    "technology",
    "health",
  };
  GHashTable *properties = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      char *value = dc_sysfs_read_text (root, path);

      if (value != NULL)
        {
          g_autofree char *name = g_ascii_strup (names[i], -1);
          g_hash_table_insert (properties, g_strconcat ("POWER_SUPPLY_", name, NULL), value);
        }
    }
  return properties;
}

static gboolean
read_sysfs (const char *root, DcBatteryReading *reading)
{
  g_autoptr (GPtrArray) names = dc_sysfs_list (root, "/sys/class/power_supply", NULL);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *dir
        = g_build_filename ("/sys/class/power_supply", (char *)g_ptr_array_index (names, i), NULL);
      g_autofree char *uevent_path = g_build_filename (dir, "uevent", NULL);
      g_autoptr (GBytes) uevent = dc_sysroot_read (root, uevent_path, 8192, NULL);
      g_autoptr (GHashTable) properties = NULL;

      properties = uevent != NULL ? dc_sysfs_parse_uevent (uevent) : read_attributes (root, dir);
      dc_battery_reading_clear (reading);
      if (dc_battery_parse_properties (properties, reading))
        return TRUE;
    }
  return FALSE;
}

/**
 * dc_battery_probe_run:
 * @context: the scan's context
 * @cancellable: (nullable): a #GCancellable
 *
 * The "battery" finding: from UPower when it answers with a battery, else
 * from sysfs. Blocks: run in a thread.
 *
 * Returns: (transfer full) (element-type DcFinding): one finding
 */
GPtrArray *
dc_battery_probe_run (DcProbeContext *context, GCancellable *cancellable)
{
  g_auto (DcBatteryReading) reading = { 0 };
  g_autoptr (GError) error = NULL;
  GPtrArray *findings = g_ptr_array_new_with_free_func (g_object_unref);
  const char *root = dc_probe_context_get_root (context);

  dc_battery_reading_init (&reading);
  if (read_upower (context, &reading, cancellable, &error) || read_sysfs (root, &reading))
    g_ptr_array_add (findings,
                     dc_battery_evaluate (&reading, dc_probe_context_get_thresholds (context)));
  else
    g_ptr_array_add (findings, dc_battery_evaluate_missing (NULL));
  if (error != NULL)
    g_debug ("UPower: %s", error->message);
  return findings;
}
