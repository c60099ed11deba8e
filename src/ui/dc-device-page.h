/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DC_TYPE_DEVICE_PAGE (dc_device_page_get_type ())
G_DECLARE_FINAL_TYPE (DcDevicePage, dc_device_page, DC, DEVICE_PAGE, AdwBin)

G_END_DECLS
