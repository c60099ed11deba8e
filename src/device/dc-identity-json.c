/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-device"

#include "config.h"

#include "dc-identity.h"

/* The identity as the report writes it, apart from reading it. */

/* JSON null for unknown, never a missing key: a reader of the report can
 * tell "unknown" from "this version did not look". */
static void
add_string (JsonBuilder *builder, const char *name, const char *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/**
 * dc_identity_to_json:
 * @self: a #DcIdentity
 *
 * The identity as the report writes it:
 * |[
 * {"manufacturer": …, "model": …,
 *  "serial": {"value": …, "source": …},
 *  "imei": […],
 *  "os": {"name": …, "version": …, "id": …},
 *  "kernel": …, "uptime_s": …}
 * ]|
 * Unknown fields are JSON null; "imei" is null when ModemManager was not
 * asked. Without a serial number, "serial" also holds a "reason" for the
 * customer.
 *
 * Returns: (transfer full): a JSON object
 */
JsonNode *
dc_identity_to_json (DcIdentity *self)
{
  g_autoptr (JsonBuilder) builder = NULL;
  const char *source = NULL;
  const char *serial;
  const char *const *imei;
  gint64 uptime;

  g_return_val_if_fail (DC_IS_IDENTITY (self), NULL);

  serial = dc_identity_get_serial (self);
  imei = dc_identity_get_imei (self);
  uptime = dc_identity_get_uptime (self);
  if (dc_identity_get_serial_source (self) != DC_SERIAL_SOURCE_NONE)
    source = dc_serial_source_to_string (dc_identity_get_serial_source (self));

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  add_string (builder, "manufacturer", dc_identity_get_manufacturer (self));
  add_string (builder, "model", dc_identity_get_model (self));

  json_builder_set_member_name (builder, "serial");
  json_builder_begin_object (builder);
  add_string (builder, "value", serial);
  add_string (builder, "source", source);
  if (serial == NULL)
    add_string (builder, "reason", dc_identity_get_serial_problem (self));
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "imei");
  if (imei != NULL)
    {
      json_builder_begin_array (builder);
      for (guint i = 0; imei[i] != NULL; i++)
        json_builder_add_string_value (builder, imei[i]);
      json_builder_end_array (builder);
    }
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "os");
  json_builder_begin_object (builder);
  add_string (builder, "name", dc_identity_get_os_name (self));
  add_string (builder, "version", dc_identity_get_os_version (self));
  add_string (builder, "id", dc_identity_get_os_id (self));
  json_builder_end_object (builder);

  add_string (builder, "kernel", dc_identity_get_kernel (self));
  json_builder_set_member_name (builder, "uptime_s");
  if (uptime >= 0)
    json_builder_add_int_value (builder, uptime);
  else
    json_builder_add_null_value (builder);

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
