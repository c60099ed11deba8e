/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "dc-desk-store.h"

G_BEGIN_DECLS

struct _DcDeskStore
{
  sqlite3 *db;
  char *path;
  gboolean read_only;
};

/* Fills @error with SQLite's words for what went wrong while @doing; returns FALSE. */
gboolean dc_desk_store_fail (DcDeskStore *self, GError **error, const char *doing);
sqlite3_stmt *dc_desk_store_prepare (DcDeskStore *self, const char *sql, GError **error);

G_END_DECLS
