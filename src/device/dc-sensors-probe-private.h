/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dc-finding.h"
#include "dc-probe-context-private.h"

G_BEGIN_DECLS

/* Which sensors iio-sensor-proxy has: 1 present, 0 absent, -1 unknown. */
typedef struct
{
  int accelerometer;
  int ambient_light;
  int proximity;
  int compass;
} DcSensorsReading;

void dc_sensors_parse (GVariant *proxy, GVariant *compass, DcSensorsReading *reading);
DcFinding *dc_sensors_evaluate (const DcSensorsReading *reading);
DcFinding *dc_sensors_evaluate_unreachable (const GError *error);
GPtrArray *dc_sensors_probe_run (DcProbeContext *context, GCancellable *cancellable);

G_END_DECLS
