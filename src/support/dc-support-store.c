/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-support"

#include "dc-support-store-private.h"

/**
 * DcSupportStore:
 *
 * The phone's support transcript and outbox (DESIGN §3, "Nothing lost"): a
 * message the customer writes is stored before it is sent and stays
 * %DC_DELIVERY_WAITING until the server acknowledged it, so a restart sends
 * what was left. Messages keep the order they were stored in.
 *
 * A store is used from one thread; dc_support_store_load_messages_async()
 * reads in a worker with a connection of its own. Nothing here logs a
 * message's text or an identifier.
 */
struct _DcSupportStore
{
  GObject parent_instance;

  char *path;
  sqlite3 *db;
  sqlite3_stmt *statements[DC_STORE_N_STATEMENTS]; /* prepared on first use, kept until finalize */
};

/* The last message and the count come from the (session, id) index: one query, not one per
 * session. */
#define SESSION_COLUMNS                                                                            \
  "s.id, s.room, s.desk, s.state, s.created, s.updated,"                                           \
  " (SELECT m.body FROM messages m WHERE m.session = s.id ORDER BY m.id DESC LIMIT 1),"            \
  " (SELECT count(*) FROM messages m WHERE m.session = s.id)"

static const char *const statement_sql[DC_STORE_N_STATEMENTS] = {
  [DC_STORE_BEGIN] = "BEGIN IMMEDIATE",
  [DC_STORE_COMMIT] = "COMMIT",
  [DC_STORE_ROLLBACK] = "ROLLBACK",
  [DC_STORE_ADD_SESSION]
  = "INSERT INTO sessions (room, desk, created, updated) VALUES (?1, ?2, ?3, ?3)",
  [DC_STORE_SET_SESSION_STATE] = "UPDATE sessions SET state = ?2, updated = ?3 WHERE id = ?1",
  /* A message from the archive may be older than the newest one. */
  [DC_STORE_TOUCH_SESSION]
  = "UPDATE sessions SET updated = max(coalesce(updated, 0), ?2) WHERE id = ?1",
  [DC_STORE_FIND_OPEN_SESSION] = "SELECT " SESSION_COLUMNS " FROM sessions s"
                                 " WHERE s.state != 'closed' ORDER BY s.id DESC LIMIT 1",
  [DC_STORE_LIST_SESSIONS] = "SELECT " SESSION_COLUMNS " FROM sessions s ORDER BY s.id DESC",
  /* Only a repeated origin-id is skipped; any other constraint still fails. */
  [DC_STORE_ADD_MESSAGE]
  = "INSERT INTO messages"
    " (session, origin_id, sender, sender_name, body, time, delivery)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (origin_id) DO NOTHING",
  /* Forward only: "received" (3) is above "read" (2), so it never moves either. */
  [DC_STORE_SET_DELIVERY]
  = "UPDATE messages SET delivery = ?2 WHERE origin_id = ?1 AND delivery < ?2",
  [DC_STORE_HAS_MESSAGE] = "SELECT 1 FROM messages WHERE origin_id = ?1",
  [DC_STORE_GET_OUTBOX] = "SELECT " DC_STORE_MESSAGE_COLUMNS " FROM messages"
                          " WHERE session = ?1 AND sender = ?2 AND delivery = ?3 ORDER BY id",
  [DC_STORE_LOAD_MESSAGES] = DC_STORE_LOAD_MESSAGES_SQL,
};

G_DEFINE_FINAL_TYPE (DcSupportStore, dc_support_store, G_TYPE_OBJECT)

/* Spelled out: clang-format would put spaces into the name G_DEFINE_QUARK() stringifies. */
GQuark
dc_support_store_error_quark (void)
{
  return g_quark_from_static_string ("dc-support-store-error-quark");
}

/**
 * dc_store_query_done:
 * @stmt: a statement from dc_support_store_query()
 *
 * Readies @stmt for its next use; g_autoptr(DcStoreQuery) calls it.
 */
void
dc_store_query_done (DcStoreQuery *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

static void
dc_support_store_finalize (GObject *object)
{
  DcSupportStore *self = DC_SUPPORT_STORE (object);

  /* Statements first: a connection with live statements would stay open. */
  for (guint i = 0; i < DC_STORE_N_STATEMENTS; i++)
    sqlite3_finalize (self->statements[i]);
  sqlite3_close (self->db);
  g_free (self->path);

  G_OBJECT_CLASS (dc_support_store_parent_class)->finalize (object);
}

static void
dc_support_store_class_init (DcSupportStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dc_support_store_finalize;
}

static void
dc_support_store_init (DcSupportStore *self)
{
}

/**
 * dc_session_record_free:
 * @record: (nullable): a record
 *
 * Frees @record and its strings.
 */
void
dc_session_record_free (DcSessionRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->room);
  g_free (record->desk);
  g_free (record->state);
  g_free (record->last_body);
  g_free (record);
}

/**
 * dc_support_store_default_path:
 *
 * Returns: (transfer full): `$XDG_DATA_HOME/device-care/support.db`
 */
char *
dc_support_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "device-care", "support.db", NULL);
}

/* For the other files of the store: the file, named in errors and opened by the loader. */
const char *
dc_support_store_get_path (DcSupportStore *self)
{
  return self->path;
}

sqlite3 *
dc_support_store_get_db (DcSupportStore *self)
{
  return self->db;
}

/**
 * dc_support_store_new:
 * @path: (nullable): the database file, or %NULL for dc_support_store_default_path()
 * @error: return location for a #DC_SUPPORT_STORE_ERROR
 *
 * Opens the store, creating the file (0600) and its folder (0700) when
 * missing. A file that is not a Device Care database, or is damaged, is
 * left as it is and reported as %DC_SUPPORT_STORE_ERROR_CORRUPT.
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
DcSupportStore *
dc_support_store_new (const char *path, GError **error)
{
  g_autofree char *default_path = NULL;
  DcSupportStore *self;
  sqlite3 *db;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (path == NULL)
    path = default_path = dc_support_store_default_path ();
  db = dc_support_store_open_db (path, error);
  if (db == NULL)
    return NULL;

  self = g_object_new (DC_TYPE_SUPPORT_STORE, NULL);
  self->path = g_strdup (path);
  self->db = db;
  return self;
}

/**
 * dc_support_store_query:
 * @self: a store
 * @which: the statement
 * @action: what a failure to prepare it would stop, for the error
 * @error: return location for a #DC_SUPPORT_STORE_ERROR
 *
 * Returns: (transfer none): the statement @which, prepared on first use and
 *   kept, ready to bind; hold it in a g_autoptr(DcStoreQuery)
 */
DcStoreQuery *
dc_support_store_query (DcSupportStore *self, DcStoreStatement which, DcStoreAction action,
                        GError **error)
{
  if (self->statements[which] == NULL)
    {
      int rc = sqlite3_prepare_v3 (self->db, statement_sql[which], -1, SQLITE_PREPARE_PERSISTENT,
                                   &self->statements[which], NULL);
      if (rc != SQLITE_OK)
        {
          dc_support_store_set_sqlite_error (error, self->db, rc, self->path, action);
          return NULL;
        }
    }
  return self->statements[which];
}

/* Runs a statement that returns no rows; @stmt is reset when the caller's scope ends. */
gboolean
dc_support_store_step_done (DcSupportStore *self, DcStoreQuery *stmt, DcStoreAction action,
                            GError **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    {
      dc_support_store_set_sqlite_error (error, self->db, rc, self->path, action);
      return FALSE;
    }
  return TRUE;
}

/* Runs a statement that takes no parameters and returns no rows. */
gboolean
dc_support_store_run (DcSupportStore *self, DcStoreStatement which, DcStoreAction action,
                      GError **error)
{
  g_autoptr (DcStoreQuery) stmt = dc_support_store_query (self, which, action, error);

  return stmt != NULL && dc_support_store_step_done (self, stmt, action, error);
}

/* Ends a transaction that failed. SQLite already rolled back after some errors (a full disk),
 * and then there is nothing to end. */
void
dc_support_store_rollback (DcSupportStore *self)
{
  if (!sqlite3_get_autocommit (self->db))
    dc_support_store_run (self, DC_STORE_ROLLBACK, DC_STORE_UPDATING, NULL);
}

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/**
 * dc_support_store_add_session:
 * @self: a store
 * @room: the room's JID
 * @desk: the desk's JID
 * @error: return location for a #DC_SUPPORT_STORE_ERROR
 *
 * Stores a new session in the state "connecting".
 *
 * Returns: the session's id, or 0 with @error set
 */
gint64
dc_support_store_add_session (DcSupportStore *self, const char *room, const char *desk,
                              GError **error)
{
  g_autoptr (DcStoreQuery) stmt = NULL;

  g_return_val_if_fail (DC_IS_SUPPORT_STORE (self), 0);
  g_return_val_if_fail (room != NULL && desk != NULL, 0);

  stmt = dc_support_store_query (self, DC_STORE_ADD_SESSION, DC_STORE_SAVING_SESSION, error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, room, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, desk, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, now_seconds ());
  if (!dc_support_store_step_done (self, stmt, DC_STORE_SAVING_SESSION, error))
    return 0;
  return sqlite3_last_insert_rowid (self->db);
}

/**
 * dc_support_store_set_session_state:
 * @self: a store
 * @session: a session's id
 * @state: the state, as dc_support_state_to_string() writes it ("closed" ends it)
 * @error: return location for a #DC_SUPPORT_STORE_ERROR
 *
 * Returns: %TRUE when stored; %FALSE without @error when there is no such
 *   session, %FALSE with @error when it could not be written
 */
gboolean
dc_support_store_set_session_state (DcSupportStore *self, gint64 session, const char *state,
                                    GError **error)
{
  g_autoptr (DcStoreQuery) stmt = NULL;

  g_return_val_if_fail (DC_IS_SUPPORT_STORE (self), FALSE);
  g_return_val_if_fail (state != NULL, FALSE);

  stmt = dc_support_store_query (self, DC_STORE_SET_SESSION_STATE, DC_STORE_SAVING_SESSION, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, session);
  sqlite3_bind_text (stmt, 2, state, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, now_seconds ());
  if (!dc_support_store_step_done (self, stmt, DC_STORE_SAVING_SESSION, error))
    return FALSE;
  return sqlite3_changes (self->db) > 0;
}

static char *
column_dup_text (sqlite3_stmt *stmt, int column)
{
  return g_strdup ((const char *)sqlite3_column_text (stmt, column));
}

static DcSessionRecord *
session_from_row (sqlite3_stmt *stmt)
{
  DcSessionRecord *record = g_new0 (DcSessionRecord, 1);

  record->id = sqlite3_column_int64 (stmt, 0);
  record->room = column_dup_text (stmt, 1);
  record->desk = column_dup_text (stmt, 2);
  record->state = column_dup_text (stmt, 3);
  record->created = sqlite3_column_int64 (stmt, 4);
  record->updated = sqlite3_column_int64 (stmt, 5);
  record->last_body = column_dup_text (stmt, 6);
  record->n_messages = (guint)sqlite3_column_int64 (stmt, 7);
  return record;
}

/* Steps @stmt to its end, collecting a record a row; NULL with @error when a step fails. */
static GPtrArray *
collect_sessions (DcSupportStore *self, sqlite3_stmt *stmt, GError **error)
{
  g_autoptr (GPtrArray) records
    = g_ptr_array_new_with_free_func ((GDestroyNotify)dc_session_record_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (records, session_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      dc_support_store_set_sqlite_error (error, self->db, rc, self->path, DC_STORE_READING);
      return NULL;
    }
  return g_steal_pointer (&records);
}

/**
 * dc_support_store_find_open_session:
 * @self: a store
 * @record: (out) (optional) (nullable): the session's record, to be freed
 *   with dc_session_record_free()
 *
 * Finds the session to resume after a restart: the newest one whose state
 * is not "closed".
 *
 * Returns: the session's id, or 0 when there is none (or it could not be
 *   read, which is logged)
 */
gint64
dc_support_store_find_open_session (DcSupportStore *self, DcSessionRecord **record)
{
  g_autoptr (DcStoreQuery) stmt = NULL;
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GError) error = NULL;
  DcSessionRecord *found;

  g_return_val_if_fail (DC_IS_SUPPORT_STORE (self), 0);

  if (record != NULL)
    *record = NULL;
  stmt = dc_support_store_query (self, DC_STORE_FIND_OPEN_SESSION, DC_STORE_READING, &error);
  if (stmt != NULL)
    records = collect_sessions (self, stmt, &error);
  if (records == NULL)
    {
      g_warning ("Could not look for an open support session: %s", error->message);
      return 0;
    }
  if (records->len == 0)
    return 0;

  found = g_ptr_array_index (records, 0);
  if (record != NULL)
    *record = g_ptr_array_steal_index (records, 0);
  return found->id;
}

/**
 * dc_support_store_list_sessions:
 * @self: a store
 * @error: return location for a #DC_SUPPORT_STORE_ERROR
 *
 * Returns: (transfer container) (element-type DcSessionRecord): every
 *   session, the newest (last created) first, or %NULL with @error set
 */
GPtrArray *
dc_support_store_list_sessions (DcSupportStore *self, GError **error)
{
  g_autoptr (DcStoreQuery) stmt = NULL;

  g_return_val_if_fail (DC_IS_SUPPORT_STORE (self), NULL);

  stmt = dc_support_store_query (self, DC_STORE_LIST_SESSIONS, DC_STORE_READING, error);
  if (stmt == NULL)
    return NULL;
  return collect_sessions (self, stmt, error);
}
