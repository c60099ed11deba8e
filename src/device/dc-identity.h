/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * DcSerialSource:
 *
 * Where the serial number was read, in the order it is tried (DESIGN §2).
 */
typedef enum
{
  DC_SERIAL_SOURCE_NONE,
  DC_SERIAL_SOURCE_DEVICE_TREE, /* /proc/device-tree/serial-number (U-Boot) */
  DC_SERIAL_SOURCE_SOC0,        /* /sys/devices/soc0/serial_number (Qualcomm, i.MX8M) */
  DC_SERIAL_SOURCE_CMDLINE,     /* androidboot.serialno= in /proc/cmdline */
  DC_SERIAL_SOURCE_DMI,         /* /sys/class/dmi/id/product_serial (x86, root only) */
  DC_SERIAL_SOURCE_HOSTNAMED,   /* hostnamed's GetHardwareSerial(), on the customer's request */
} DcSerialSource;

#define DC_TYPE_SERIAL_SOURCE (dc_serial_source_get_type ())
GType dc_serial_source_get_type (void);
const char *dc_serial_source_to_string (DcSerialSource source);

#define DC_TYPE_IDENTITY (dc_identity_get_type ())
G_DECLARE_FINAL_TYPE (DcIdentity, dc_identity, DC, IDENTITY, GObject)

DcIdentity *dc_identity_read (const char *root, GCancellable *cancellable, GError **error);
void dc_identity_read_async (const char *root, GCancellable *cancellable,
                             GAsyncReadyCallback callback, gpointer user_data);
DcIdentity *dc_identity_read_finish (GAsyncResult *result, GError **error);

const char *dc_identity_get_manufacturer (DcIdentity *self);
const char *dc_identity_get_model (DcIdentity *self);
const char *dc_identity_get_serial (DcIdentity *self);
DcSerialSource dc_identity_get_serial_source (DcIdentity *self);
const char *dc_identity_get_serial_problem (DcIdentity *self);
const char *dc_identity_get_os_name (DcIdentity *self);
const char *dc_identity_get_os_version (DcIdentity *self);
const char *dc_identity_get_os_id (DcIdentity *self);
const char *dc_identity_get_os_pretty_name (DcIdentity *self);
const char *dc_identity_get_kernel (DcIdentity *self);
gint64 dc_identity_get_uptime (DcIdentity *self);
const char *const *dc_identity_get_imei (DcIdentity *self);

void dc_identity_read_imei_async (DcIdentity *self, GCancellable *cancellable,
                                  GAsyncReadyCallback callback, gpointer user_data);
gboolean dc_identity_read_imei_finish (DcIdentity *self, GAsyncResult *result, GError **error);

JsonNode *dc_identity_to_json (DcIdentity *self);

void dc_identity_read_hardware_serial_async (DcIdentity *self, GCancellable *cancellable,
                                             GAsyncReadyCallback callback, gpointer user_data);
gboolean dc_identity_read_hardware_serial_finish (DcIdentity *self, GAsyncResult *result,
                                                  GError **error);

G_END_DECLS
