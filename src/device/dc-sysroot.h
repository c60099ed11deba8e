/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

const char *dc_sysroot_default (void);
char *dc_sysroot_path (const char *root, const char *path);
GBytes *dc_sysroot_read (const char *root, const char *path, gsize max_size, GError **error);
gboolean dc_sysroot_is_flatpak (const char *root);

G_END_DECLS
