/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

GHashTable *dc_os_release_parse (GBytes *contents);
GHashTable *dc_os_release_load (const char *root);

G_END_DECLS
