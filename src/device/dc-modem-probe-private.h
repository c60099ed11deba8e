/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dc-finding.h"
#include "dc-probe-context-private.h"

G_BEGIN_DECLS

/* The first modem ModemManager knows; -1 or NULL is unknown. */
typedef struct
{
  gboolean found;
  gint32 state;            /* MMModemState */
  guint32 failed_reason;   /* MMModemStateFailedReason */
  guint32 unlock_required; /* MMModemLock */
  gboolean has_sim;
  gint64 signal_percent;
  guint32 access_technologies; /* MMModemAccessTechnology bits */
  char *operator_name;
} DcModemReading;

void dc_modem_reading_clear (DcModemReading *reading);
GVariant *dc_modem_get_objects (DcProbeContext *context, GCancellable *cancellable, GError **error);
void dc_modem_parse_objects (GVariant *objects, DcModemReading *reading);
char **dc_modem_parse_imei (GVariant *objects);
DcFinding *dc_modem_evaluate (const DcModemReading *reading, const DcThresholds *thresholds);
DcFinding *dc_modem_evaluate_unreachable (const GError *error);
GPtrArray *dc_modem_probe_run (DcProbeContext *context, GCancellable *cancellable);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DcModemReading, dc_modem_reading_clear)

G_END_DECLS
