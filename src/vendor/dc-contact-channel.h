/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "dc-opening-hours.h"

G_BEGIN_DECLS

typedef enum
{
  DC_CHANNEL_HOTLINE,
  DC_CHANNEL_EMAIL,
  DC_CHANNEL_WEBSITE,
  DC_CHANNEL_WHATSAPP,
  DC_CHANNEL_TELEGRAM,
  DC_CHANNEL_SIGNAL,
} DcChannelType;

gboolean dc_channel_type_from_string (const char *str, DcChannelType *type);
const char *dc_channel_type_to_string (DcChannelType type);

#define DC_TYPE_CONTACT_CHANNEL (dc_contact_channel_get_type ())
G_DECLARE_FINAL_TYPE (DcContactChannel, dc_contact_channel, DC, CONTACT_CHANNEL, GObject)

DcContactChannel *dc_contact_channel_new (DcChannelType type, const char *label,
                                          const char *address, const char *country,
                                          const char *hours, gboolean free_call);

DcChannelType dc_contact_channel_get_channel_type (DcContactChannel *self);
const char *dc_contact_channel_get_label (DcContactChannel *self);
const char *dc_contact_channel_get_address (DcContactChannel *self);
const char *dc_contact_channel_get_country (DcContactChannel *self);
const char *dc_contact_channel_get_hours (DcContactChannel *self);
gboolean dc_contact_channel_get_free_call (DcContactChannel *self);
char *dc_contact_channel_dup_uri (DcContactChannel *self);
const char *dc_contact_channel_get_icon_name (DcContactChannel *self);
GTimeZone *dc_contact_channel_dup_timezone (DcContactChannel *self);
DcOpenState dc_contact_channel_get_state (DcContactChannel *self, GDateTime *now,
                                          GDateTime **next_change);

G_END_DECLS
