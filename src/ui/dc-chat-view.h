/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dc-support-session.h"

G_BEGIN_DECLS

#define DC_TYPE_CHAT_VIEW (dc_chat_view_get_type ())
G_DECLARE_FINAL_TYPE (DcChatView, dc_chat_view, DC, CHAT_VIEW, GtkWidget)

DcSupportSession *dc_chat_view_get_session (DcChatView *self);
void dc_chat_view_set_session (DcChatView *self, DcSupportSession *session);
void dc_chat_view_set_transcript (DcChatView *self, GListModel *messages);

G_END_DECLS
