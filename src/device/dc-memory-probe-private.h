/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dc-finding.h"
#include "dc-probe-context-private.h"

G_BEGIN_DECLS

gboolean dc_memory_parse_meminfo (GBytes *meminfo, gint64 *total_bytes, gint64 *available_bytes);
DcFinding *dc_memory_evaluate (gint64 total_bytes, gint64 available_bytes,
                               const DcThresholds *thresholds);
GPtrArray *dc_memory_probe_run (DcProbeContext *context, GCancellable *cancellable);

G_END_DECLS
