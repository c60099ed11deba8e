/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *dc_machine_vendor_from_compatible (GBytes *compatible);
void dc_machine_read (const char *root, char **manufacturer, char **model);

G_END_DECLS
