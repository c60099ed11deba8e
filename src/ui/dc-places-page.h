/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DC_TYPE_PLACES_PAGE (dc_places_page_get_type ())
G_DECLARE_FINAL_TYPE (DcPlacesPage, dc_places_page, DC, PLACES_PAGE, AdwBin)

G_END_DECLS
