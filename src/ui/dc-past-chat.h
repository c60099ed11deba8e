/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dc-support-store.h"

G_BEGIN_DECLS

#define DC_TYPE_PAST_CHAT (dc_past_chat_get_type ())
G_DECLARE_FINAL_TYPE (DcPastChat, dc_past_chat, DC, PAST_CHAT, GObject)

DcPastChat *dc_past_chat_new (const DcSessionRecord *record);

gint64 dc_past_chat_get_id (DcPastChat *self);
const char *dc_past_chat_get_title (DcPastChat *self);
const char *dc_past_chat_get_last_message (DcPastChat *self);

G_END_DECLS
