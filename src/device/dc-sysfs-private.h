/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *dc_sysfs_read_text (const char *root, const char *path);
GPtrArray *dc_sysfs_list (const char *root, const char *path, const char *prefix);
gboolean dc_sysfs_parse_int (const char *text, gint64 min, gint64 max, gint64 *value);
GHashTable *dc_sysfs_parse_uevent (GBytes *uevent);

G_END_DECLS
