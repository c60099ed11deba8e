/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dc-finding.h"
#include "dc-probe-context-private.h"

G_BEGIN_DECLS

/* A thermal zone; NAN is unknown. */
typedef struct
{
  char *type;
  double temperature_c;
  double throttle_c; /* the lowest passive or hot trip point */
  double critical_c; /* the lowest critical trip point */
} DcThermalZone;

void dc_thermal_zone_init (DcThermalZone *zone, const char *type, const char *temp);
void dc_thermal_zone_clear (DcThermalZone *zone);
void dc_thermal_zone_add_trip (DcThermalZone *zone, const char *type, const char *temp);
DcFindingStatus dc_thermal_zone_judge (const DcThermalZone *zone, const DcThresholds *thresholds);
DcFinding *dc_thermal_evaluate (GArray *zones, const DcThresholds *thresholds);
GPtrArray *dc_thermal_probe_run (DcProbeContext *context, GCancellable *cancellable);

G_END_DECLS
