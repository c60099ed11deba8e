/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *dc_kernel_cmdline_get (GBytes *cmdline, const char *key);

G_END_DECLS
