/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DC_TYPE_SUPPORT_PAGE (dc_support_page_get_type ())
G_DECLARE_FINAL_TYPE (DcSupportPage, dc_support_page, DC, SUPPORT_PAGE, AdwBin)

G_END_DECLS
