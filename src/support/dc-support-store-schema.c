/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-support"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "dc-support-store-private.h"

/* Opening the support database: its folder and file, the connection's settings and the schema.
 * Every error here names the file and says what to do, because the customer sees it. */

#define SCHEMA_VERSION 1
#define BUSY_TIMEOUT_MS 2000

/* Version 1. A new version adds a step to create_schema(), never edits this text. */
static const char schema_v1[] = "CREATE TABLE sessions ("
                                " id INTEGER PRIMARY KEY,"
                                " room TEXT NOT NULL,"
                                " desk TEXT NOT NULL,"
                                " state TEXT NOT NULL DEFAULT 'connecting',"
                                " created INTEGER,"
                                " updated INTEGER);"
                                "CREATE TABLE messages ("
                                " id INTEGER PRIMARY KEY,"
                                " session INTEGER REFERENCES sessions(id),"
                                " origin_id TEXT NOT NULL UNIQUE,"
                                " sender INTEGER,"
                                " sender_name TEXT,"
                                " body TEXT NOT NULL,"
                                " time INTEGER,"
                                " delivery INTEGER);"
                                "CREATE INDEX messages_by_session ON messages(session, id);";

#define SET_WRITE_ERROR(error, ...)                                                                \
  g_set_error (error, DC_SUPPORT_STORE_ERROR, DC_SUPPORT_STORE_ERROR_WRITE, __VA_ARGS__)

/* Whole sentences for each case, so that translators see whole messages. */
static void
set_saving_error (GError **error, const char *path, int rc, const char *reason,
                  DcStoreAction action)
{
  int primary = rc & 0xff;
  gboolean not_writable = primary == SQLITE_READONLY || primary == SQLITE_PERM
                          || primary == SQLITE_CANTOPEN || primary == SQLITE_AUTH;

  if (action == DC_STORE_SAVING_MESSAGE && not_writable)
    SET_WRITE_ERROR (error,
                     _ ("Device Care could not save your message: %s. Make sure the file "
                        "%s can be written, then try again."),
                     reason, path);
  else if (action == DC_STORE_SAVING_MESSAGE)
    SET_WRITE_ERROR (error,
                     _ ("Device Care could not save your message: %s. Free some storage "
                        "and try again."),
                     reason);
  else if (action == DC_STORE_SAVING_SESSION && not_writable)
    SET_WRITE_ERROR (error,
                     _ ("Device Care could not save the support session: %s. Make sure the "
                        "file %s can be written, then try again."),
                     reason, path);
  else if (action == DC_STORE_SAVING_SESSION)
    SET_WRITE_ERROR (error,
                     _ ("Device Care could not save the support session: %s. Free some "
                        "storage and try again."),
                     reason);
  else if (not_writable)
    SET_WRITE_ERROR (error,
                     _ ("Device Care could not update its support history: %s. Make sure "
                        "the file %s can be written, then try again."),
                     reason, path);
  else
    SET_WRITE_ERROR (error,
                     _ ("Device Care could not update its support history: %s. Free some "
                        "storage and try again."),
                     reason);
}

/**
 * dc_support_store_set_sqlite_error:
 * @error: (nullable): the error to fill
 * @db: (nullable): the connection that failed, for SQLite's own message
 * @rc: SQLite's result code
 * @path: the database file, named in the message
 * @action: what the store was doing
 *
 * Damage is %DC_SUPPORT_STORE_ERROR_CORRUPT whatever the action; a failed
 * write is %DC_SUPPORT_STORE_ERROR_WRITE and a failed read
 * %DC_SUPPORT_STORE_ERROR_OPEN.
 */
void
dc_support_store_set_sqlite_error (GError **error, sqlite3 *db, int rc, const char *path,
                                   DcStoreAction action)
{
  const char *reason = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  if ((rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB)
    {
      g_set_error (error, DC_SUPPORT_STORE_ERROR, DC_SUPPORT_STORE_ERROR_CORRUPT,
                   _ ("The support history %s is damaged or is not a Device Care database (%s). "
                      "Move it aside or delete it, then start Device Care again; it begins a new, "
                      "empty history."),
                   path, reason);
      return;
    }

  switch (action)
    {
      case DC_STORE_READING:
        g_set_error (error, DC_SUPPORT_STORE_ERROR, DC_SUPPORT_STORE_ERROR_OPEN,
                     _ ("Device Care could not read its support history %s: %s. Close other "
                        "copies of Device Care and try again."),
                     path, reason);
        break;
      case DC_STORE_SAVING_MESSAGE:
      case DC_STORE_SAVING_SESSION:
      case DC_STORE_UPDATING:
      default:
        set_saving_error (error, path, rc, reason, action);
    }
}

/* The folder only its owner may enter and the file only its owner may read: the transcript is
 * private. SQLite gives its -wal and -shm files the database file's mode. */
static gboolean
prepare_location (const char *path, GError **error)
{
  g_autofree char *folder = g_path_get_dirname (path);
  int fd;

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, DC_SUPPORT_STORE_ERROR, DC_SUPPORT_STORE_ERROR_OPEN,
                   _ ("Device Care could not create the folder %s for its support history: %s. "
                      "Check that this folder can be created."),
                   folder, g_strerror (saved_errno));
      return FALSE;
    }

  fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0 && errno != EEXIST)
    {
      int saved_errno = errno;
      g_set_error (error, DC_SUPPORT_STORE_ERROR, DC_SUPPORT_STORE_ERROR_OPEN,
                   _ ("Device Care could not create its support history %s: %s. Check that the "
                      "folder can be written."),
                   path, g_strerror (saved_errno));
      return FALSE;
    }
  if (fd >= 0)
    g_close (fd, NULL);
  return TRUE;
}

static sqlite3 *
open_connection (const char *path, int flags, GError **error)
{
  sqlite3 *db = NULL;
  int rc = sqlite3_open_v2 (path, &db, flags, NULL);

  if (rc != SQLITE_OK)
    {
      g_set_error (error, DC_SUPPORT_STORE_ERROR, DC_SUPPORT_STORE_ERROR_OPEN,
                   _ ("Device Care could not open its support history %s: %s. Check that the "
                      "file is a regular file its user can read and write."),
                   path, db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_extended_result_codes (db, 1);
  sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);
  return db;
}

static gboolean
query_int (sqlite3 *db, const char *sql, const char *path, int *value, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      dc_support_store_set_sqlite_error (error, db, rc, path, DC_STORE_READING);
      sqlite3_finalize (stmt);
      return FALSE;
    }
  *value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return TRUE;
}

static gboolean
exec (sqlite3 *db, const char *sql, const char *path, DcStoreAction action, GError **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      dc_support_store_set_sqlite_error (error, db, rc, path, action);
      return FALSE;
    }
  return TRUE;
}

/* Reads the schema version before anything writes, so a file that is not ours is left as it
 * was; a version-0 file with tables belongs to someone else. */
static gboolean
read_version (sqlite3 *db, const char *path, int *version, GError **error)
{
  int n_objects = 0;

  if (!query_int (db, "PRAGMA user_version", path, version, error))
    return FALSE;
  if (*version == 0
      && !query_int (db, "SELECT count(*) FROM sqlite_master", path, &n_objects, error))
    return FALSE;

  if (*version > SCHEMA_VERSION)
    {
      g_set_error (error, DC_SUPPORT_STORE_ERROR, DC_SUPPORT_STORE_ERROR_CORRUPT,
                   _ ("The support history %s was written by a newer version of Device Care. "
                      "Update Device Care to open it."),
                   path);
      return FALSE;
    }
  if (*version == 0 && n_objects > 0)
    {
      g_set_error (error, DC_SUPPORT_STORE_ERROR, DC_SUPPORT_STORE_ERROR_CORRUPT,
                   _ ("The file %s is a database, but not Device Care's support history. Move it "
                      "aside, then start Device Care again."),
                   path);
      return FALSE;
    }
  return TRUE;
}

/* WAL with synchronous=NORMAL: a commit that returned survives the app being killed (only a
 * power cut may lose the last ones), and the reader thread never blocks the writer. A
 * read-only file cannot switch its journal; that is left to fail at the first write. */
static gboolean
configure (sqlite3 *db, const char *path, GError **error)
{
  int rc = sqlite3_exec (db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL);

  if (rc != SQLITE_OK && (rc & 0xff) != SQLITE_READONLY)
    {
      dc_support_store_set_sqlite_error (error, db, rc, path, DC_STORE_READING);
      return FALSE;
    }
  return exec (db, "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON", path, DC_STORE_READING,
               error);
}

static gboolean
create_schema (sqlite3 *db, const char *path, GError **error)
{
  int version = 0;
  g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version=%d", SCHEMA_VERSION);

  if (!exec (db, "BEGIN IMMEDIATE", path, DC_STORE_UPDATING, error))
    return FALSE;
  /* Another process may have created it while we waited for the lock. */
  if (query_int (db, "PRAGMA user_version", path, &version, error)
      && (version == SCHEMA_VERSION
          || (exec (db, schema_v1, path, DC_STORE_UPDATING, error)
              && exec (db, set_version, path, DC_STORE_UPDATING, error)))
      && exec (db, "COMMIT", path, DC_STORE_UPDATING, error))
    return TRUE;

  if (!sqlite3_get_autocommit (db))
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

/**
 * dc_support_store_open_db:
 * @path: the database file
 * @error: return location for a #DC_SUPPORT_STORE_ERROR
 *
 * Creates the folder and the file when missing, checks that the file is
 * ours and creates or checks the schema.
 *
 * Returns: (transfer full): the connection, to be closed with sqlite3_close()
 */
sqlite3 *
dc_support_store_open_db (const char *path, GError **error)
{
  sqlite3 *db;
  int version = 0;

  if (!prepare_location (path, error))
    return NULL;
  db = open_connection (path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, error);
  if (db == NULL)
    return NULL;

  if (read_version (db, path, &version, error) && configure (db, path, error)
      && (version == SCHEMA_VERSION || create_schema (db, path, error)))
    return db;

  sqlite3_close (db);
  return NULL;
}

/**
 * dc_support_store_open_reader:
 * @path: a database dc_support_store_open_db() opened
 * @error: return location for a #DC_SUPPORT_STORE_ERROR
 *
 * A read-only connection of its own for a worker thread: a connection is
 * not shared between threads.
 *
 * Returns: (transfer full): the connection, to be closed with sqlite3_close()
 */
sqlite3 *
dc_support_store_open_reader (const char *path, GError **error)
{
  return open_connection (path, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, error);
}
