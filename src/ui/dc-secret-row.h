/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define DC_TYPE_SECRET_ROW (dc_secret_row_get_type ())
G_DECLARE_FINAL_TYPE (DcSecretRow, dc_secret_row, DC, SECRET_ROW, AdwActionRow)

void dc_secret_row_set_secret (DcSecretRow *self, const char *secret);
const char *dc_secret_row_get_secret (DcSecretRow *self);
void dc_secret_row_set_problem (DcSecretRow *self, const char *problem);
gboolean dc_secret_row_get_revealed (DcSecretRow *self);
void dc_secret_row_set_revealed (DcSecretRow *self, gboolean revealed);

G_END_DECLS
