/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-desk"

#include <errno.h>

#include <glib/gstdio.h>

#include "dc-desk-config.h"
#include "dc-desk-store-private.h"

/* Everything the desk must not forget lives here, written before the desk acts on it, so a desk
 * killed at any moment picks up each open session where it was. What customers write is not
 * stored: the transcript belongs to the phone and the room's archive. */

#define SCHEMA_VERSION 1
#define BUSY_TIMEOUT_MS 5000

/* Version 1. A later version adds a step in create_schema(), never edits this text. */
static const char schema_v1[] = "CREATE TABLE sessions ("
                                " id INTEGER PRIMARY KEY,"
                                " room TEXT NOT NULL UNIQUE,"
                                " customer TEXT NOT NULL,"
                                " language TEXT NOT NULL,"
                                " country TEXT,"
                                " state TEXT NOT NULL,"
                                " position INTEGER NOT NULL DEFAULT 0,"
                                " entry_position INTEGER NOT NULL DEFAULT 0,"
                                " agent TEXT,"
                                " facts TEXT,"
                                " last_stanza TEXT,"
                                " greeted INTEGER NOT NULL DEFAULT 0,"
                                " created REAL NOT NULL,"
                                " queued_at REAL,"
                                " assigned_at REAL,"
                                " resolved_at REAL,"
                                " closed_at REAL,"
                                " last_activity REAL,"
                                " close_reason TEXT);"
                                "CREATE INDEX sessions_open ON sessions(state, customer);"
                                "CREATE TABLE events ("
                                " id INTEGER PRIMARY KEY,"
                                " session INTEGER NOT NULL REFERENCES sessions(id),"
                                " time REAL NOT NULL,"
                                " kind TEXT NOT NULL,"
                                " actor TEXT,"
                                " detail TEXT);"
                                "CREATE INDEX events_by_session ON events(session, id);"
                                "CREATE TABLE ratings ("
                                " session INTEGER PRIMARY KEY REFERENCES sessions(id),"
                                " rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),"
                                " comment TEXT,"
                                " agent TEXT,"
                                " time REAL NOT NULL);";

static const char *const state_names[DC_DESK_N_STATES] = {
  "form", "answered", "queued", "with-agent", "rating", "closed",
};

/**
 * dc_desk_state_to_string:
 * @state: a state
 *
 * Returns: its name, as in the database and the statistics
 */
const char *
dc_desk_state_to_string (DcDeskState state)
{
  g_return_val_if_fail (state < DC_DESK_N_STATES, "closed");
  return state_names[state];
}

/**
 * dc_desk_state_from_string:
 * @text: a state's name
 * @state: (out): the state
 *
 * Returns: whether @text names a state
 */
gboolean
dc_desk_state_from_string (const char *text, DcDeskState *state)
{
  for (guint i = 0; i < DC_DESK_N_STATES; i++)
    if (g_strcmp0 (text, state_names[i]) == 0)
      {
        *state = i;
        return TRUE;
      }
  return FALSE;
}

/**
 * dc_desk_session_new:
 * @room: the room's bare JID
 * @customer: the customer's bare JID
 * @language: the language to talk in
 * @country: (nullable): the customer's country, from their locale
 *
 * Returns: (transfer full): a new session, not yet stored, in the form state
 */
DcDeskSession *
dc_desk_session_new (const char *room, const char *customer, const char *language,
                     const char *country)
{
  DcDeskSession *session = g_new0 (DcDeskSession, 1);

  session->room = g_strdup (room);
  session->customer = g_strdup (customer);
  session->language = g_strdup (language);
  session->country = g_strdup (country);
  session->state = DC_DESK_STATE_FORM;
  session->created = session->last_activity = g_get_real_time () / (double)G_USEC_PER_SEC;
  return session;
}

/**
 * dc_desk_session_free:
 * @session: (transfer full) (nullable): a session
 */
void
dc_desk_session_free (DcDeskSession *session)
{
  if (session == NULL)
    return;
  g_free (session->room);
  g_free (session->customer);
  g_free (session->language);
  g_free (session->country);
  g_free (session->agent);
  g_free (session->facts);
  g_free (session->last_stanza);
  g_free (session->close_reason);
  g_free (session);
}

gboolean
dc_desk_store_fail (DcDeskStore *self, GError **error, const char *doing)
{
  g_set_error (error, DC_DESK_ERROR, DC_DESK_ERROR_DATABASE, "%s: could not %s: %s", self->path,
               doing, sqlite3_errmsg (self->db));
  return FALSE;
}

sqlite3_stmt *
dc_desk_store_prepare (DcDeskStore *self, const char *sql, GError **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      dc_desk_store_fail (self, error, "prepare a query");
      return NULL;
    }
  return stmt;
}

static gboolean
create_schema (DcDeskStore *self, GError **error)
{
  sqlite3_stmt *stmt = dc_desk_store_prepare (self, "PRAGMA user_version", error);
  int version;

  if (stmt == NULL)
    return FALSE;
  version = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int (stmt, 0) : 0;
  sqlite3_finalize (stmt);
  if (version > SCHEMA_VERSION)
    {
      g_set_error (error, DC_DESK_ERROR, DC_DESK_ERROR_DATABASE,
                   "%s was written by a newer device-care-desk (schema %d; this one knows %d)",
                   self->path, version, SCHEMA_VERSION);
      return FALSE;
    }
  if (version == SCHEMA_VERSION || self->read_only)
    return TRUE;
  if (sqlite3_exec (self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK
      || sqlite3_exec (self->db, schema_v1, NULL, NULL, NULL) != SQLITE_OK
      || sqlite3_exec (self->db, "PRAGMA user_version = " G_STRINGIFY (SCHEMA_VERSION), NULL, NULL,
                       NULL)
           != SQLITE_OK
      || sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    {
      dc_desk_store_fail (self, error, "create the tables");
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  return TRUE;
}

/**
 * dc_desk_store_open:
 * @path: the database file
 * @read_only: only read (`--stats`): the file must exist
 * @error: return location for a #GError
 *
 * Opens the database, creating it and its folder unless @read_only.
 *
 * Returns: (transfer full) (nullable): the store
 */
DcDeskStore *
dc_desk_store_open (const char *path, gboolean read_only, GError **error)
{
  g_autoptr (DcDeskStore) self = g_new0 (DcDeskStore, 1);
  g_autofree char *dir = g_path_get_dirname (path);
  int flags = read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;

  self->path = g_strdup (path);
  self->read_only = read_only;
  if (read_only && !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, DC_DESK_ERROR, DC_DESK_ERROR_DATABASE,
                   "%s does not exist: has the desk run with this configuration?", path);
      return NULL;
    }
  if (!read_only && g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, DC_DESK_ERROR, DC_DESK_ERROR_DATABASE,
                   "%s: could not create its folder: %s", path, g_strerror (errno));
      return NULL;
    }
  if (sqlite3_open_v2 (path, &self->db, flags, NULL) != SQLITE_OK)
    {
      dc_desk_store_fail (self, error, "open it");
      return NULL;
    }
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  /* WAL: `--stats` reads while the desk writes. FULL: a session the desk told a customer about
   * is on disk before the next message, even if the machine loses power. */
  if (!read_only
      && (sqlite3_exec (self->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL) != SQLITE_OK
          || sqlite3_exec (self->db, "PRAGMA synchronous = FULL", NULL, NULL, NULL) != SQLITE_OK
          || sqlite3_exec (self->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL) != SQLITE_OK))
    {
      dc_desk_store_fail (self, error, "set it up");
      return NULL;
    }
  if (!create_schema (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * dc_desk_store_free:
 * @self: (transfer full) (nullable): a store
 */
void
dc_desk_store_free (DcDeskStore *self)
{
  if (self == NULL)
    return;
  sqlite3_close (self->db);
  g_free (self->path);
  g_free (self);
}

static void
bind_text (sqlite3_stmt *stmt, int index, const char *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

static void
bind_time (sqlite3_stmt *stmt, int index, double time)
{
  if (time > 0)
    sqlite3_bind_double (stmt, index, time);
  else
    sqlite3_bind_null (stmt, index);
}

#define SESSION_COLUMNS                                                                            \
  "room, customer, language, country, state, position, entry_position, agent, facts, "             \
  "last_stanza, greeted, created, queued_at, assigned_at, resolved_at, closed_at, "                \
  "last_activity, close_reason"

static void
bind_session (sqlite3_stmt *stmt, const DcDeskSession *s)
{
  bind_text (stmt, 1, s->room);
  bind_text (stmt, 2, s->customer);
  bind_text (stmt, 3, s->language);
  bind_text (stmt, 4, s->country);
  bind_text (stmt, 5, dc_desk_state_to_string (s->state));
  sqlite3_bind_int (stmt, 6, s->position);
  sqlite3_bind_int (stmt, 7, s->entry_position);
  bind_text (stmt, 8, s->agent);
  bind_text (stmt, 9, s->facts);
  bind_text (stmt, 10, s->last_stanza);
  sqlite3_bind_int (stmt, 11, s->greeted);
  bind_time (stmt, 12, s->created);
  bind_time (stmt, 13, s->queued_at);
  bind_time (stmt, 14, s->assigned_at);
  bind_time (stmt, 15, s->resolved_at);
  bind_time (stmt, 16, s->closed_at);
  bind_time (stmt, 17, s->last_activity);
  bind_text (stmt, 18, s->close_reason);
}

/**
 * dc_desk_store_save_session:
 * @self: a store
 * @session: a session; its id is set when it is new
 * @error: return location for a #GError
 *
 * Returns: whether it was written
 */
gboolean
dc_desk_store_save_session (DcDeskStore *self, DcDeskSession *session, GError **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (session->id == 0)
    stmt = dc_desk_store_prepare (self,
                                  "INSERT INTO sessions (" SESSION_COLUMNS ") VALUES "
                                  "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
                                  "?15, ?16, ?17, ?18)",
                                  error);
  else
    stmt = dc_desk_store_prepare (
      self,
      "UPDATE sessions SET room = ?1, customer = ?2, language = ?3, country = ?4, state = ?5, "
      "position = ?6, entry_position = ?7, agent = ?8, facts = ?9, last_stanza = ?10, "
      "greeted = ?11, created = ?12, queued_at = ?13, assigned_at = ?14, resolved_at = ?15, "
      "closed_at = ?16, last_activity = ?17, close_reason = ?18 WHERE id = ?19",
      error);
  if (stmt == NULL)
    return FALSE;
  bind_session (stmt, session);
  if (session->id != 0)
    sqlite3_bind_int64 (stmt, 19, session->id);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return dc_desk_store_fail (self, error, "save a session");
  if (session->id == 0)
    session->id = sqlite3_last_insert_rowid (self->db);
  return TRUE;
}

static char *
column_text (sqlite3_stmt *stmt, int column)
{
  return g_strdup ((const char *)sqlite3_column_text (stmt, column));
}

static DcDeskSession *
read_session (sqlite3_stmt *stmt)
{
  DcDeskSession *s = g_new0 (DcDeskSession, 1);

  s->id = sqlite3_column_int64 (stmt, 0);
  s->room = column_text (stmt, 1);
  s->customer = column_text (stmt, 2);
  s->language = column_text (stmt, 3);
  s->country = column_text (stmt, 4);
  if (!dc_desk_state_from_string ((const char *)sqlite3_column_text (stmt, 5), &s->state))
    s->state = DC_DESK_STATE_CLOSED;
  s->position = sqlite3_column_int (stmt, 6);
  s->entry_position = sqlite3_column_int (stmt, 7);
  s->agent = column_text (stmt, 8);
  s->facts = column_text (stmt, 9);
  s->last_stanza = column_text (stmt, 10);
  s->greeted = sqlite3_column_int (stmt, 11);
  s->created = sqlite3_column_double (stmt, 12);
  s->queued_at = sqlite3_column_double (stmt, 13);
  s->assigned_at = sqlite3_column_double (stmt, 14);
  s->resolved_at = sqlite3_column_double (stmt, 15);
  s->closed_at = sqlite3_column_double (stmt, 16);
  s->last_activity = sqlite3_column_double (stmt, 17);
  s->close_reason = column_text (stmt, 18);
  return s;
}

/**
 * dc_desk_store_load_open:
 * @self: a store
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type DcDeskSession) (nullable): every
 *   session that is not closed, oldest first
 */
GPtrArray *
dc_desk_store_load_open (DcDeskStore *self, GError **error)
{
  g_autoptr (GPtrArray) sessions
    = g_ptr_array_new_with_free_func ((GDestroyNotify)dc_desk_session_free);
  sqlite3_stmt *stmt = dc_desk_store_prepare (
    self, "SELECT id, " SESSION_COLUMNS " FROM sessions WHERE state != 'closed' ORDER BY id",
    error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (sessions, read_session (stmt));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      dc_desk_store_fail (self, error, "read the open sessions");
      return NULL;
    }
  return g_steal_pointer (&sessions);
}

/**
 * dc_desk_store_count_open:
 * @self: a store
 * @customer: a customer's bare JID
 *
 * Returns: how many sessions of @customer are not closed
 */
guint
dc_desk_store_count_open (DcDeskStore *self, const char *customer)
{
  sqlite3_stmt *stmt = dc_desk_store_prepare (
    self, "SELECT count(*) FROM sessions WHERE state != 'closed' AND customer = ?1", NULL);
  guint count = 0;

  if (stmt == NULL)
    return 0;
  bind_text (stmt, 1, customer);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return count;
}

/**
 * dc_desk_store_add_event:
 * @self: a store
 * @session: the session's id
 * @kind: what happened, such as "queued" or "note"
 * @actor: (nullable): who did it
 * @detail: (nullable): more, such as the note's text
 * @error: return location for a #GError
 *
 * Returns: whether it was written
 */
gboolean
dc_desk_store_add_event (DcDeskStore *self, gint64 session, const char *kind, const char *actor,
                         const char *detail, GError **error)
{
  sqlite3_stmt *stmt = dc_desk_store_prepare (
    self, "INSERT INTO events (session, time, kind, actor, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
    error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, session);
  sqlite3_bind_double (stmt, 2, g_get_real_time () / (double)G_USEC_PER_SEC);
  bind_text (stmt, 3, kind);
  bind_text (stmt, 4, actor);
  bind_text (stmt, 5, detail);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE || dc_desk_store_fail (self, error, "record an event");
}

/**
 * dc_desk_store_add_rating:
 * @self: a store
 * @session: the session's id
 * @rating: 1 to 5
 * @comment: (nullable): the customer's words
 * @agent: (nullable): the agent who resolved it
 * @error: return location for a #GError
 *
 * Returns: whether it was written; a second rating of one session replaces the first
 */
gboolean
dc_desk_store_add_rating (DcDeskStore *self, gint64 session, int rating, const char *comment,
                          const char *agent, GError **error)
{
  sqlite3_stmt *stmt = dc_desk_store_prepare (
    self,
    "INSERT OR REPLACE INTO ratings (session, rating, comment, agent, time) "
    "VALUES (?1, ?2, ?3, ?4, ?5)",
    error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, session);
  sqlite3_bind_int (stmt, 2, rating);
  bind_text (stmt, 3, comment);
  bind_text (stmt, 4, agent);
  sqlite3_bind_double (stmt, 5, g_get_real_time () / (double)G_USEC_PER_SEC);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE || dc_desk_store_fail (self, error, "save a rating");
}
