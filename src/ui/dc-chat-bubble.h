/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dc-chat-message.h"

G_BEGIN_DECLS

#define DC_TYPE_CHAT_BUBBLE (dc_chat_bubble_get_type ())
G_DECLARE_FINAL_TYPE (DcChatBubble, dc_chat_bubble, DC, CHAT_BUBBLE, GtkWidget)

GtkWidget *dc_chat_bubble_new (void);
DcChatMessage *dc_chat_bubble_get_message (DcChatBubble *self);
void dc_chat_bubble_set_message (DcChatBubble *self, DcChatMessage *message);

G_END_DECLS
