/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dc-contact-channel.h"

G_BEGIN_DECLS

#define DC_VENDOR_ERROR (dc_vendor_error_quark ())
GQuark dc_vendor_error_quark (void);

typedef enum
{
  DC_VENDOR_ERROR_SYNTAX,  /* a line that is not a group, key=value or comment */
  DC_VENDOR_ERROR_INVALID, /* a key with a value that cannot be used */
} DcVendorError;

#define DC_TYPE_VENDOR_CONFIG (dc_vendor_config_get_type ())
G_DECLARE_FINAL_TYPE (DcVendorConfig, dc_vendor_config, DC, VENDOR_CONFIG, GObject)

DcVendorConfig *dc_vendor_config_new_from_data (const char *data, gsize length, const char *origin,
                                                GError **error);
DcVendorConfig *dc_vendor_config_new_from_file (const char *path, GError **error);
DcVendorConfig *dc_vendor_config_new_shipped (void);
DcVendorConfig *dc_vendor_config_load (GError **problem);

const char *dc_vendor_config_get_origin (DcVendorConfig *self);
const char *dc_vendor_config_get_name (DcVendorConfig *self);
const char *dc_vendor_config_get_icon (DcVendorConfig *self);
const char *dc_vendor_config_get_accent (DcVendorConfig *self);
const char *dc_vendor_config_get_privacy_policy (DcVendorConfig *self);
const char *dc_vendor_config_get_support_service (DcVendorConfig *self, const char **domain,
                                                  const char **desk, const char **room_service,
                                                  gboolean *anonymous);
const char *dc_vendor_config_get_places_feed (DcVendorConfig *self);
GListModel *dc_vendor_config_get_channels (DcVendorConfig *self);
GListModel *dc_vendor_config_dup_channels_for_country (DcVendorConfig *self, const char *country);

char *dc_locale_country (const char *locale);

G_END_DECLS
