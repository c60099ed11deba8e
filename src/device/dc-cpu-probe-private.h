/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dc-finding.h"
#include "dc-probe-context-private.h"

G_BEGIN_DECLS

/* The processor; NULL or -1 is unknown. Frequencies in MHz. */
typedef struct
{
  char *model;
  char *soc;
  gint64 cores;
  gint64 max_mhz;
  gint64 current_mhz;
} DcCpuReading;

void dc_cpu_reading_clear (DcCpuReading *reading);
void dc_cpu_parse_cpuinfo (GBytes *cpuinfo, DcCpuReading *reading);
char *dc_cpu_soc_from_compatible (GBytes *compatible);
DcFinding *dc_cpu_evaluate (const DcCpuReading *reading);
GPtrArray *dc_cpu_probe_run (DcProbeContext *context, GCancellable *cancellable);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DcCpuReading, dc_cpu_reading_clear)

G_END_DECLS
