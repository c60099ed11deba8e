/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dc-application.h"

G_BEGIN_DECLS

#define DC_TYPE_WINDOW (dc_window_get_type ())
G_DECLARE_FINAL_TYPE (DcWindow, dc_window, DC, WINDOW, AdwApplicationWindow)

DcWindow *dc_window_new (DcApplication *app);
const char *dc_window_get_page (DcWindow *self);

G_END_DECLS
