/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-device"

#include "config.h"

#include "dc-thresholds-private.h"

/* Every verdict the probes give, and where the number comes from (DESIGN §2). A probe compares
 * against this table and never against a number of its own. */
static const DcThresholds default_thresholds = {
  /* Below 80 % of the design capacity a battery is worn: Apple's design spec, and the EU's
   * 2023/1670 minimum after 800 cycles (UPower itself says "renew" below 75 %). */
  .battery_health_warning_percent = 80.0,
  /* Lithium cells age fast above 45 °C; phones throttle charging there. */
  .battery_temperature_warning_c = 45.0,
  /* A thermal zone within 5 °C of its first passive or hot trip point is about to throttle. */
  .thermal_trip_margin_c = 5.0,
  /* Above 90 % full, updates and the app store start failing; at 98 % apps crash on write. */
  .storage_used_warning_percent = 90.0,
  .storage_used_critical_percent = 98.0,
  /* Less than 5 % of the memory available: the out-of-memory killer is near. */
  .memory_available_warning_percent = 5.0,
  /* NetworkManager's strength: below 25 % (one bar in GNOME) a link drops and crawls. */
  .wifi_strength_warning_percent = 25,
  /* ModemManager's signal quality: below 10 % calls drop and data stalls. */
  .modem_signal_warning_percent = 10,
};

/**
 * dc_thresholds_get_default:
 *
 * The thresholds every probe judges by.
 *
 * Returns: (transfer none): the table
 */
const DcThresholds *
dc_thresholds_get_default (void)
{
  return &default_thresholds;
}
