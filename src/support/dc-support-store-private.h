/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "dc-support-store.h"

G_BEGIN_DECLS

/* What the store was doing when SQLite failed: it decides the error code and the advice. */
typedef enum
{
  DC_STORE_READING,
  DC_STORE_SAVING_MESSAGE,
  DC_STORE_SAVING_SESSION,
  DC_STORE_UPDATING,
} DcStoreAction;

/* The statements a store prepares once and keeps; their SQL is in dc-support-store.c. */
typedef enum
{
  DC_STORE_BEGIN,
  DC_STORE_COMMIT,
  DC_STORE_ROLLBACK,
  DC_STORE_ADD_SESSION,
  DC_STORE_SET_SESSION_STATE,
  DC_STORE_TOUCH_SESSION,
  DC_STORE_FIND_OPEN_SESSION,
  DC_STORE_LIST_SESSIONS,
  DC_STORE_ADD_MESSAGE,
  DC_STORE_SET_DELIVERY,
  DC_STORE_HAS_MESSAGE,
  DC_STORE_GET_OUTBOX,
  DC_STORE_LOAD_MESSAGES,
  DC_STORE_N_STATEMENTS
} DcStoreStatement;

/* The columns dc-support-store-messages.c reads a message from, in this order. */
#define DC_STORE_MESSAGE_COLUMNS "origin_id, sender, sender_name, body, time, delivery"
#define DC_STORE_LOAD_MESSAGES_SQL                                                                 \
  "SELECT " DC_STORE_MESSAGE_COLUMNS " FROM messages WHERE session = ?1 ORDER BY id"

/* dc-support-store-schema.c */
sqlite3 *dc_support_store_open_db (const char *path, GError **error);
sqlite3 *dc_support_store_open_reader (const char *path, GError **error);
void dc_support_store_set_sqlite_error (GError **error, sqlite3 *db, int rc, const char *path,
                                        DcStoreAction action);

/* dc-support-store.c: a cached statement in use. Going out of scope resets it, which also ends
 * its read transaction, so a statement cannot hold back the WAL checkpoint. */
typedef sqlite3_stmt DcStoreQuery;
void dc_store_query_done (DcStoreQuery *stmt);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DcStoreQuery, dc_store_query_done)

DcStoreQuery *dc_support_store_query (DcSupportStore *self, DcStoreStatement which,
                                      DcStoreAction action, GError **error);
gboolean dc_support_store_step_done (DcSupportStore *self, DcStoreQuery *stmt, DcStoreAction action,
                                     GError **error);
gboolean dc_support_store_run (DcSupportStore *self, DcStoreStatement which, DcStoreAction action,
                               GError **error);
void dc_support_store_rollback (DcSupportStore *self);
sqlite3 *dc_support_store_get_db (DcSupportStore *self);
const char *dc_support_store_get_path (DcSupportStore *self);

G_END_DECLS
