/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Where a value stops being fine: one table, so a verdict is changed here and nowhere else. */
typedef struct
{
  double battery_health_warning_percent;
  double battery_temperature_warning_c;
  double thermal_trip_margin_c;
  double storage_used_warning_percent;
  double storage_used_critical_percent;
  double memory_available_warning_percent;
  gint64 wifi_strength_warning_percent;
  gint64 modem_signal_warning_percent;
} DcThresholds;

const DcThresholds *dc_thresholds_get_default (void);

G_END_DECLS
