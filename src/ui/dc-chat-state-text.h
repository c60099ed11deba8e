/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "dc-support-session.h"

G_BEGIN_DECLS

const char *dc_chat_agent_name (DcSupportSession *session);
char *dc_chat_state_describe (DcSupportSession *session);
char *dc_chat_offline_describe (guint waiting);
char *dc_chat_format_time (GDateTime *time);

G_END_DECLS
