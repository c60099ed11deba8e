/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *dc_firmware_string_from_bytes (GBytes *bytes);
gboolean dc_firmware_string_is_placeholder (const char *value);

G_END_DECLS
