/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gint64 dc_uptime_parse (GBytes *proc_uptime);

G_END_DECLS
