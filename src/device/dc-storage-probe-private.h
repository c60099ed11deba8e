/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dc-finding.h"
#include "dc-probe-context-private.h"

G_BEGIN_DECLS

/* A mounted file system that holds the customer's data. */
typedef struct
{
  char *device;
  char *mount_point;
  char *type;
} DcMount;

void dc_mount_free (DcMount *mount);
GPtrArray *dc_storage_parse_mounts (GBytes *mounts);
DcFinding *dc_storage_evaluate (const DcMount *mount, guint64 total, guint64 available,
                                guint64 used, const DcThresholds *thresholds);
DcFinding *dc_storage_evaluate_unreadable (const char *mount_point, const char *reason);
GPtrArray *dc_storage_probe_run (DcProbeContext *context, GCancellable *cancellable);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DcMount, dc_mount_free)

G_END_DECLS
