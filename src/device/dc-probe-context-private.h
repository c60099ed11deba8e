/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dc-thresholds-private.h"

G_BEGIN_DECLS

/* Every D-Bus call a probe makes waits this long at most (DESIGN §2). */
#define DC_PROBE_DBUS_TIMEOUT_MSEC 2000

typedef struct _DcProbeContext DcProbeContext;

DcProbeContext *dc_probe_context_new (const char *root);
DcProbeContext *dc_probe_context_ref (DcProbeContext *self);
void dc_probe_context_unref (DcProbeContext *self);
const char *dc_probe_context_get_root (DcProbeContext *self);
const DcThresholds *dc_probe_context_get_thresholds (DcProbeContext *self);
GDBusConnection *dc_probe_context_get_bus (DcProbeContext *self, GCancellable *cancellable,
                                           GError **error);
GVariant *dc_probe_context_call (DcProbeContext *self, const char *name, const char *path,
                                 const char *interface, const char *method, GVariant *parameters,
                                 const char *reply_type, GCancellable *cancellable, GError **error);
GVariant *dc_probe_context_get_properties (DcProbeContext *self, const char *name, const char *path,
                                           const char *interface, GCancellable *cancellable,
                                           GError **error);
void dc_probe_context_set_imei (DcProbeContext *self, const char *const *imei);
char **dc_probe_context_dup_imei (DcProbeContext *self);
void dc_probe_context_close (DcProbeContext *self);
char *dc_probe_context_explain (const char *service, const GError *error);
gboolean dc_probe_lookup (GVariant *properties, const char *key, const char *type, ...);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DcProbeContext, dc_probe_context_unref)

G_END_DECLS
