/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define DC_TYPE_LOCATOR (dc_locator_get_type ())
G_DECLARE_FINAL_TYPE (DcLocator, dc_locator, DC, LOCATOR, GObject)

DcLocator *dc_locator_new (void);
void dc_locator_locate_async (DcLocator *self, GtkWindow *parent, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data);
gboolean dc_locator_locate_finish (DcLocator *self, GAsyncResult *result, double *latitude,
                                   double *longitude, GError **error);

G_END_DECLS
