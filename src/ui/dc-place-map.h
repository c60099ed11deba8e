/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define DC_TYPE_PLACE_MAP (dc_place_map_get_type ())
G_DECLARE_FINAL_TYPE (DcPlaceMap, dc_place_map, DC, PLACE_MAP, GtkWidget)

GtkWidget *dc_place_map_new (void);
void dc_place_map_show (DcPlaceMap *self, GListModel *results, const double *position,
                        const double *origin);
guint dc_place_map_get_n_markers (DcPlaceMap *self);

G_END_DECLS
