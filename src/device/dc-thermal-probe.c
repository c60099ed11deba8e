/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-device"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "dc-sysfs-private.h"
#include "dc-thermal-probe-private.h"

/* Temperature: every zone under /sys/class/thermal against its own trip points. A zone's `temp`
 * and trip temperatures are millidegrees Celsius. */

#define THERMAL_DIR "/sys/class/thermal"
#define MILLI_MIN (-40000) /* -40 °C: colder is a sensor that is not wired */
#define MILLI_MAX 200000   /* 200 °C */
/* A trip point below 40 °C is firmware junk (desktop boards' "acpitz" says 20.8 °C critical
 * while at 27.8 °C, and x86_pkg_temp's passive trip is 0): believing it would be a wrong verdict. */
#define TRIP_MILLI_MIN 40000
#define TRIPS_MAX 32

static double
parse_millidegrees (const char *text, gint64 min)
{
  gint64 milli;

  if (!dc_sysfs_parse_int (text, min, MILLI_MAX, &milli))
    return NAN;
  return milli / 1000.0;
}

/**
 * dc_thermal_zone_init:
 * @zone: (out caller-allocates): the zone
 * @type: (nullable): the zone's `type`, such as "cpu_thermal"
 * @temp: (nullable): the zone's `temp`, in millidegrees
 *
 * A zone without trip points; add them with dc_thermal_zone_add_trip().
 */
void
dc_thermal_zone_init (DcThermalZone *zone, const char *type, const char *temp)
{
  zone->type = g_strdup (type);
  zone->temperature_c = parse_millidegrees (temp, MILLI_MIN);
  zone->throttle_c = NAN;
  zone->critical_c = NAN;
}

void
dc_thermal_zone_clear (DcThermalZone *zone)
{
  g_clear_pointer (&zone->type, g_free);
}

/**
 * dc_thermal_zone_add_trip:
 * @zone: the zone
 * @type: (nullable): the trip point's type: "passive", "hot", "critical" or
 *   "active"
 * @temp: (nullable): its temperature, in millidegrees
 *
 * Keeps the lowest passive or hot trip point (where the kernel starts
 * slowing the device down) and the lowest critical one (where it shuts
 * down). Fans ("active") do not matter to a phone; a trip point below
 * 40 °C is not believed.
 */
void
dc_thermal_zone_add_trip (DcThermalZone *zone, const char *type, const char *temp)
{
  double celsius = parse_millidegrees (temp, TRIP_MILLI_MIN);

  if (isnan (celsius))
    return;
  if (g_strcmp0 (type, "passive") == 0 || g_strcmp0 (type, "hot") == 0)
    zone->throttle_c = isnan (zone->throttle_c) ? celsius : MIN (zone->throttle_c, celsius);
  else if (g_strcmp0 (type, "critical") == 0)
    zone->critical_c = isnan (zone->critical_c) ? celsius : MIN (zone->critical_c, celsius);
}

/**
 * dc_thermal_zone_judge:
 * @zone: the zone
 * @thresholds: the table to judge by
 *
 * Critical at or above the critical trip point; a warning within the
 * margin of the throttling point; unknown without a temperature.
 *
 * Returns: the verdict
 */
DcFindingStatus
dc_thermal_zone_judge (const DcThermalZone *zone, const DcThresholds *thresholds)
{
  if (isnan (zone->temperature_c))
    return DC_FINDING_STATUS_UNKNOWN;
  if (zone->temperature_c >= zone->critical_c)
    return DC_FINDING_STATUS_CRITICAL;
  if (zone->temperature_c >= zone->throttle_c - thresholds->thermal_trip_margin_c)
    return DC_FINDING_STATUS_WARNING;
  return DC_FINDING_STATUS_OK;
}

/* The zone that matters: the worst verdict, then the hottest. */
static const DcThermalZone *
pick_zone (GArray *zones, const DcThresholds *thresholds, guint *n_known)
{
  const DcThermalZone *worst = NULL;
  DcFindingStatus worst_status = DC_FINDING_STATUS_OK;

  *n_known = 0;
  for (guint i = 0; i < zones->len; i++)
    {
      const DcThermalZone *zone = &g_array_index (zones, DcThermalZone, i);
      DcFindingStatus status = dc_thermal_zone_judge (zone, thresholds);

      if (status == DC_FINDING_STATUS_UNKNOWN)
        continue;
      (*n_known)++;
      if (worst == NULL || status > worst_status
          || (status == worst_status && zone->temperature_c > worst->temperature_c))
        worst = zone, worst_status = status;
    }
  return worst;
}

static void
set_verdict (DcFinding *finding, const DcThermalZone *zone, DcFindingStatus status)
{
  g_autofree char *summary = NULL;
  const char *name = zone->type != NULL ? zone->type : "?";

  if (status == DC_FINDING_STATUS_CRITICAL)
    {
      /* Translators: %s is a sensor's name, such as "cpu_thermal"; %.0f °C its temperature. */
      summary = g_strdup_printf (_ ("%s has reached %.0f °C, where the device shuts down to "
                                    "protect itself."),
                                 name, zone->temperature_c);
      dc_finding_set_verdict (finding, status, summary,
                              _ ("Turn the device off and let it cool down. If this happens "
                                 "again, contact support."));
    }
  else if (status == DC_FINDING_STATUS_WARNING)
    {
      /* Translators: %s is a sensor's name; the first %.0f °C its temperature, the second the
       * temperature at which the device slows down. */
      summary = g_strdup_printf (_ ("%s is at %.0f °C, close to the %.0f °C where the device "
                                    "slows down to cool off."),
                                 name, zone->temperature_c, zone->throttle_c);
      dc_finding_set_verdict (finding, status, summary,
                              _ ("Close demanding apps, unplug the charger and keep the device "
                                 "out of the sun."));
    }
  else
    {
      /* Translators: %s is a sensor's name, such as "cpu_thermal"; %.0f °C its temperature. */
      summary
        = g_strdup_printf (_ ("The warmest part, %s, is at %.0f °C."), name, zone->temperature_c);
      dc_finding_set_verdict (finding, status, summary, NULL);
    }
}

/**
 * dc_thermal_evaluate:
 * @zones: (element-type DcThermalZone): the zones read
 * @thresholds: the table to judge by
 *
 * The "thermal" finding, about the zone with the worst verdict, or the
 * hottest when they agree. Zones whose temperature could not be read are
 * left out; with none left the verdict is unknown.
 *
 * Returns: (transfer full): the finding
 */
DcFinding *
dc_thermal_evaluate (GArray *zones, const DcThresholds *thresholds)
{
  DcFinding *finding = dc_finding_new ("thermal", "thermal", _ ("Temperature"));
  guint n_known;
  const DcThermalZone *zone = pick_zone (zones, thresholds, &n_known);

  dc_finding_add_string (finding, "zone", _ ("Sensor"), zone ? zone->type : NULL, NULL);
  dc_finding_add_double (finding, "temperature_c", _ ("Temperature"),
                         zone ? zone->temperature_c : NAN, DC_FINDING_UNIT_CELSIUS);
  dc_finding_add_double (finding, "trip_c", _ ("Slows Down At"), zone ? zone->throttle_c : NAN,
                         DC_FINDING_UNIT_CELSIUS);
  dc_finding_add_integer (finding, "zones", _ ("Sensors Read"), n_known, DC_FINDING_UNIT_NONE);

  if (zone == NULL)
    dc_finding_set_verdict (finding, DC_FINDING_STATUS_UNKNOWN,
                            _ ("No temperature sensor could be read."), NULL);
  else
    set_verdict (finding, zone, dc_thermal_zone_judge (zone, thresholds));
  return finding;
}

static char *
read_zone_file (const char *root, const char *zone, const char *name)
{
  g_autofree char *path = g_build_filename (THERMAL_DIR, zone, name, NULL);
  return dc_sysfs_read_text (root, path);
}

static void
read_zone (const char *root, const char *name, DcThermalZone *zone)
{
  g_autofree char *type = read_zone_file (root, name, "type");
  g_autofree char *temp = read_zone_file (root, name, "temp");

  dc_thermal_zone_init (zone, type, temp);
  for (guint i = 0; i < TRIPS_MAX; i++)
    {
      g_autofree char *type_name = g_strdup_printf ("trip_point_%u_type", i);
      g_autofree char *temp_name = g_strdup_printf ("trip_point_%u_temp", i);
      g_autofree char *trip_type = read_zone_file (root, name, type_name);
      g_autofree char *trip_temp = NULL;

      if (trip_type == NULL)
        break;
      trip_temp = read_zone_file (root, name, temp_name);
      dc_thermal_zone_add_trip (zone, trip_type, trip_temp);
    }
}

/**
 * dc_thermal_probe_run:
 * @context: the scan's context
 * @cancellable: (nullable): a #GCancellable
 *
 * Returns: (transfer full) (element-type DcFinding): the "thermal" finding
 */
GPtrArray *
dc_thermal_probe_run (DcProbeContext *context, GCancellable *cancellable)
{
  const char *root = dc_probe_context_get_root (context);
  GPtrArray *findings = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) names = dc_sysfs_list (root, THERMAL_DIR, "thermal_zone");
  g_autoptr (GArray) zones = g_array_new (FALSE, TRUE, sizeof (DcThermalZone));

  g_array_set_clear_func (zones, (GDestroyNotify)dc_thermal_zone_clear);
  for (guint i = 0; i < names->len && !g_cancellable_is_cancelled (cancellable); i++)
    {
      DcThermalZone zone;

      read_zone (root, g_ptr_array_index (names, i), &zone);
      g_array_append_val (zones, zone);
    }
  g_ptr_array_add (findings,
                   dc_thermal_evaluate (zones, dc_probe_context_get_thresholds (context)));
  return findings;
}
