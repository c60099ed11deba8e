/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dc-finding.h"
#include "dc-probe-context-private.h"

G_BEGIN_DECLS

typedef enum
{
  DC_BATTERY_STATE_UNKNOWN,
  DC_BATTERY_STATE_CHARGING,
  DC_BATTERY_STATE_DISCHARGING,
  DC_BATTERY_STATE_NOT_CHARGING,
  DC_BATTERY_STATE_FULL,
  DC_BATTERY_STATE_EMPTY,
} DcBatteryState;

/* One battery as read from sysfs or UPower; -1 or NAN is unknown. */
typedef struct
{
  const char *source; /* "upower" or "sysfs" */
  gint64 capacity_percent;
  double health_percent;
  gint64 cycle_count;
  double temperature_c;
  DcBatteryState state;
  char *technology;    /* "Li-ion", "Li-poly"… */
  char *kernel_health; /* the driver's "health": "Good", "Overheat"… */
} DcBatteryReading;

void dc_battery_reading_init (DcBatteryReading *reading);
void dc_battery_reading_clear (DcBatteryReading *reading);
gboolean dc_battery_parse_uevent (GBytes *uevent, DcBatteryReading *reading);
gboolean dc_battery_parse_properties (GHashTable *properties, DcBatteryReading *reading);
gboolean dc_battery_parse_upower (GVariant *properties, DcBatteryReading *reading);
DcFinding *dc_battery_evaluate (const DcBatteryReading *reading, const DcThresholds *thresholds);
DcFinding *dc_battery_evaluate_missing (const char *reason);
GPtrArray *dc_battery_probe_run (DcProbeContext *context, GCancellable *cancellable);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DcBatteryReading, dc_battery_reading_clear)

G_END_DECLS
