/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-device"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "dc-battery-probe-private.h"

/* What the battery reading means for the customer: the verdict half of the battery probe. */

typedef enum
{
  KERNEL_FINE,
  KERNEL_FAILED,
  KERNEL_HOT,
  KERNEL_COLD,
} KernelHealth;

/* The driver's own word on the battery (include/linux/power_supply.h). */
static KernelHealth
classify_kernel_health (const char *health)
{
  static const struct
  {
    const char *health;
    KernelHealth meaning;
  } healths[] = {
    { "Dead", KERNEL_FAILED },         { "Unspecified failure", KERNEL_FAILED },
    { "Over voltage", KERNEL_FAILED }, { "Over current", KERNEL_FAILED },
    { "Overheat", KERNEL_HOT },        { "Hot", KERNEL_HOT },
    { "Cold", KERNEL_COLD },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (healths); i++)
    {
      if (g_strcmp0 (health, healths[i].health) == 0)
        return healths[i].meaning;
    }
  return KERNEL_FINE;
}

static void
state_names (DcBatteryState state, const char **id, const char **display)
{
  switch (state)
    {
      case DC_BATTERY_STATE_CHARGING:
        *id = "charging", *display = _ ("Charging");
        break;
      case DC_BATTERY_STATE_DISCHARGING:
        *id = "discharging", *display = _ ("Discharging");
        break;
      case DC_BATTERY_STATE_NOT_CHARGING:
        *id = "not-charging", *display = _ ("Not charging");
        break;
      case DC_BATTERY_STATE_FULL:
        *id = "full", *display = _ ("Full");
        break;
      case DC_BATTERY_STATE_EMPTY:
        *id = "empty", *display = _ ("Empty");
        break;
      case DC_BATTERY_STATE_UNKNOWN:
      default:
        *id = NULL, *display = NULL;
    }
}

static DcFinding *
new_finding (void)
{
  return dc_finding_new ("battery", "battery", _ ("Battery"));
}

static void
add_values (DcFinding *finding, const DcBatteryReading *reading)
{
  const char *state, *state_display;

  state_names (reading->state, &state, &state_display);
  if (reading->capacity_percent >= 0)
    dc_finding_add_integer (finding, "capacity_percent", _ ("Charge"), reading->capacity_percent,
                            DC_FINDING_UNIT_PERCENT);
  else
    dc_finding_add_unknown (finding, "capacity_percent", _ ("Charge"));
  dc_finding_add_double (finding, "health_percent", _ ("Health"), reading->health_percent,
                         DC_FINDING_UNIT_PERCENT);
  if (reading->cycle_count >= 0)
    dc_finding_add_integer (finding, "cycle_count", _ ("Charge Cycles"), reading->cycle_count,
                            DC_FINDING_UNIT_NONE);
  else
    dc_finding_add_unknown (finding, "cycle_count", _ ("Charge Cycles"));
  dc_finding_add_double (finding, "temperature_c", _ ("Temperature"), reading->temperature_c,
                         DC_FINDING_UNIT_CELSIUS);
  dc_finding_add_string (finding, "state", _ ("State"), state, state_display);
  dc_finding_add_string (finding, "technology", _ ("Technology"), reading->technology, NULL);
  dc_finding_add_string (finding, "source", _ ("Read From"), reading->source, NULL);
}

static void
set_unknown_verdict (DcFinding *finding, const DcBatteryReading *reading)
{
  g_autofree char *summary = NULL;

  if (reading->capacity_percent >= 0)
    summary = g_strdup_printf (
      /* Translators: %d is the battery's charge in percent; "%%" is a percent sign. */
      _ ("Charged to %d %%. This device does not report how worn its battery is."),
      (int)reading->capacity_percent);
  else
    summary = g_strdup (_ ("The battery’s condition could not be read."));
  dc_finding_set_verdict (finding, DC_FINDING_STATUS_UNKNOWN, summary, NULL);
}

/**
 * dc_battery_evaluate:
 * @reading: the battery
 * @thresholds: the table to judge by
 *
 * The "battery" finding. Worst first: a failure the driver reports is
 * critical; a worn battery (health below the threshold), a hot one (its
 * temperature or the driver says so) or a cold one is a warning; a battery
 * whose health is known and good is ok; without a design capacity the
 * health cannot be told, and the verdict is unknown.
 *
 * Returns: (transfer full): the finding
 */
DcFinding *
dc_battery_evaluate (const DcBatteryReading *reading, const DcThresholds *thresholds)
{
  DcFinding *finding = new_finding ();
  KernelHealth kernel = classify_kernel_health (reading->kernel_health);
  double health = reading->health_percent;
  g_autofree char *summary = NULL;

  add_values (finding, reading);

  if (kernel == KERNEL_FAILED)
    dc_finding_set_verdict (finding, DC_FINDING_STATUS_CRITICAL, _ ("The battery reports a fault."),
                            _ ("Stop charging the phone and have the battery checked at a "
                               "service center."));
  else if (!isnan (health) && health < thresholds->battery_health_warning_percent)
    {
      /* Translators: %.0f is a percentage; "%%" is a percent sign. */
      summary
        = g_strdup_printf (_ ("The battery holds only %.0f %% of its original capacity."), health);
      dc_finding_set_verdict (finding, DC_FINDING_STATUS_WARNING, summary,
                              _ ("The battery is worn. Have it replaced at a service center."));
    }
  else if (kernel == KERNEL_HOT
           || reading->temperature_c >= thresholds->battery_temperature_warning_c)
    dc_finding_set_verdict (finding, DC_FINDING_STATUS_WARNING, _ ("The battery is too hot."),
                            _ ("Unplug the charger, close the apps you are not using and keep "
                               "the phone out of the sun. If it stays hot, contact support."));
  else if (kernel == KERNEL_COLD)
    dc_finding_set_verdict (finding, DC_FINDING_STATUS_WARNING,
                            _ ("The battery is too cold to charge."),
                            _ ("Let the phone warm up to room temperature before charging it."));
  else if (!isnan (health))
    {
      /* Translators: %.0f is a percentage; "%%" is a percent sign. */
      summary = g_strdup_printf (_ ("The battery holds %.0f %% of its original capacity."), health);
      dc_finding_set_verdict (finding, DC_FINDING_STATUS_OK, summary, NULL);
    }
  else
    set_unknown_verdict (finding, reading);
  return finding;
}

/**
 * dc_battery_evaluate_missing:
 * @reason: (nullable): why no battery was read, for the customer; %NULL
 *   when there is none to read
 *
 * The "battery" finding of a device without a battery: unknown, every
 * value null.
 *
 * Returns: (transfer full): the finding
 */
DcFinding *
dc_battery_evaluate_missing (const char *reason)
{
  DcFinding *finding = new_finding ();
  DcBatteryReading nothing;

  dc_battery_reading_init (&nothing);
  add_values (finding, &nothing);
  dc_finding_set_verdict (finding, DC_FINDING_STATUS_UNKNOWN,
                          reason != NULL ? reason
                                         : _ ("No battery was found. This device may run on "
                                              "mains power only."),
                          NULL);
  return finding;
}
