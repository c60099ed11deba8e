/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dc-finding.h"
#include "dc-probe-context-private.h"

G_BEGIN_DECLS

/* What NetworkManager says; 0, NULL or -1 is unknown. */
typedef struct
{
  guint32 connectivity;  /* NMConnectivityState */
  guint32 state;         /* NMState */
  char *connection_type; /* the primary connection's, such as "802-11-wireless" */
  gint64 wifi_strength_percent;
  gboolean wireless_enabled;
  gboolean wireless_known;
} DcNetworkReading;

void dc_network_reading_clear (DcNetworkReading *reading);
void dc_network_parse_manager (GVariant *properties, DcNetworkReading *reading);
DcFinding *dc_network_evaluate (const DcNetworkReading *reading, const DcThresholds *thresholds);
DcFinding *dc_network_evaluate_unreachable (const GError *error);
GPtrArray *dc_network_probe_run (DcProbeContext *context, GCancellable *cancellable);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DcNetworkReading, dc_network_reading_clear)

G_END_DECLS
