/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-support"

#include "dc-support-store-private.h"

/* The messages of a #DcSupportStore: storing them once, their delivery state and reading them
 * back, on the caller's thread or in a worker. */

/* GLib 2.74 has no g_date_time_to_unix_usec(). */
static gint64
time_to_usec (GDateTime *time)
{
  return g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
}

static GDateTime *
time_from_usec (gint64 usec)
{
  gint64 seconds = usec / G_USEC_PER_SEC;
  gint64 rest = usec % G_USEC_PER_SEC;
  g_autoptr (GDateTime) whole = NULL;

  if (rest < 0)
    {
      seconds -= 1;
      rest += G_USEC_PER_SEC;
    }
  whole = g_date_time_new_from_unix_utc (seconds);
  if (whole == NULL)
    return NULL;
  return g_date_time_add (whole, rest);
}

/* Values outside the enums can only come from a damaged or foreign row; showing them as the
 * app's own notes keeps them out of the outbox. */
static DcChatMessage *
message_from_row (sqlite3_stmt *stmt)
{
  int sender = sqlite3_column_int (stmt, 1);
  int delivery = sqlite3_column_int (stmt, 5);
  g_autoptr (GDateTime) time = time_from_usec (sqlite3_column_int64 (stmt, 4));

  if (sender < DC_CHAT_SENDER_CUSTOMER || sender > DC_CHAT_SENDER_SYSTEM)
    sender = DC_CHAT_SENDER_SYSTEM;
  if (delivery < DC_DELIVERY_WAITING || delivery > DC_DELIVERY_RECEIVED)
    delivery = DC_DELIVERY_RECEIVED;

  return dc_chat_message_new ((const char *)sqlite3_column_text (stmt, 0), sender,
                              (const char *)sqlite3_column_text (stmt, 2),
                              (const char *)sqlite3_column_text (stmt, 3), time, delivery);
}

/* Steps @stmt (selecting DC_STORE_MESSAGE_COLUMNS) to its end; NULL with @error when a step
 * fails or @cancellable is cancelled. */
static GPtrArray *
collect_messages (sqlite3 *db, sqlite3_stmt *stmt, const char *path, GCancellable *cancellable,
                  GError **error)
{
  g_autoptr (GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (messages->len % 256 == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      g_ptr_array_add (messages, message_from_row (stmt));
    }
  if (rc != SQLITE_DONE)
    {
      dc_support_store_set_sqlite_error (error, db, rc, path, DC_STORE_READING);
      return NULL;
    }
  return g_steal_pointer (&messages);
}

/* 1 when stored, 0 when the origin-id was already there, -1 on error. */
static int
insert_message (DcSupportStore *self, gint64 session, DcChatMessage *message, GError **error)
{
  g_autoptr (DcStoreQuery) stmt
    = dc_support_store_query (self, DC_STORE_ADD_MESSAGE, DC_STORE_SAVING_MESSAGE, error);

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, session);
  sqlite3_bind_text (stmt, 2, dc_chat_message_get_origin_id (message), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 3, dc_chat_message_get_sender (message));
  sqlite3_bind_text (stmt, 4, dc_chat_message_get_sender_name (message), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, dc_chat_message_get_body (message), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 6, time_to_usec (dc_chat_message_get_time (message)));
  sqlite3_bind_int (stmt, 7, dc_chat_message_get_delivery (message));
  if (!dc_support_store_step_done (self, stmt, DC_STORE_SAVING_MESSAGE, error))
    return -1;
  return sqlite3_changes (dc_support_store_get_db (self)) > 0 ? 1 : 0;
}

static gboolean
touch_session (DcSupportStore *self, gint64 session, GDateTime *time, GError **error)
{
  g_autoptr (DcStoreQuery) stmt
    = dc_support_store_query (self, DC_STORE_TOUCH_SESSION, DC_STORE_SAVING_MESSAGE, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, session);
  sqlite3_bind_int64 (stmt, 2, g_date_time_to_unix (time));
  return dc_support_store_step_done (self, stmt, DC_STORE_SAVING_MESSAGE, error);
}

/**
 * dc_support_store_add_message:
 * @self: a store
 * @session: the id of the session it belongs to
 * @message: the message
 * @error: return location for a #DC_SUPPORT_STORE_ERROR
 *
 * Stores @message after the session's others and moves the session's
 * "updated" time to the message's. Once this returned %TRUE the message
 * survives the app being killed.
 *
 * Returns: %TRUE when stored; %FALSE without @error when its origin-id is
 *   already stored, %FALSE with @error (%DC_SUPPORT_STORE_ERROR_WRITE) when
 *   it could not be written
 */
gboolean
dc_support_store_add_message (DcSupportStore *self, gint64 session, DcChatMessage *message,
                              GError **error)
{
  int inserted;

  g_return_val_if_fail (DC_IS_SUPPORT_STORE (self), FALSE);
  g_return_val_if_fail (session > 0, FALSE);
  g_return_val_if_fail (DC_IS_CHAT_MESSAGE (message), FALSE);

  if (!dc_support_store_run (self, DC_STORE_BEGIN, DC_STORE_SAVING_MESSAGE, error))
    return FALSE;
  inserted = insert_message (self, session, message, error);
  if (inserted < 0
      || (inserted > 0 && !touch_session (self, session, dc_chat_message_get_time (message), error))
      || !dc_support_store_run (self, DC_STORE_COMMIT, DC_STORE_SAVING_MESSAGE, error))
    {
      dc_support_store_rollback (self);
      return FALSE;
    }
  return inserted > 0;
}

/* Whether @origin_id is stored; FALSE with @error when it could not be read. */
static gboolean
lookup_message (DcSupportStore *self, const char *origin_id, gboolean *found, GError **error)
{
  g_autoptr (DcStoreQuery) stmt
    = dc_support_store_query (self, DC_STORE_HAS_MESSAGE, DC_STORE_READING, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, origin_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      dc_support_store_set_sqlite_error (error, dc_support_store_get_db (self), rc,
                                         dc_support_store_get_path (self), DC_STORE_READING);
      return FALSE;
    }
  *found = rc == SQLITE_ROW;
  return TRUE;
}

/**
 * dc_support_store_set_delivery:
 * @self: a store
 * @origin_id: the message's origin-id
 * @delivery: %DC_DELIVERY_SENT or %DC_DELIVERY_READ
 * @error: return location for a #DC_SUPPORT_STORE_ERROR
 *
 * Moves a message's delivery state forward (waiting, sent, read); a state
 * behind the stored one, as a late acknowledgement after the read marker,
 * is ignored.
 *
 * Returns: %TRUE when the message is stored (whether or not its state
 *   moved); %FALSE without @error for an unknown origin-id, %FALSE with
 *   @error when it could not be read or written
 */
gboolean
dc_support_store_set_delivery (DcSupportStore *self, const char *origin_id, DcDelivery delivery,
                               GError **error)
{
  g_autoptr (DcStoreQuery) stmt = NULL;
  gboolean found = FALSE;

  g_return_val_if_fail (DC_IS_SUPPORT_STORE (self), FALSE);
  g_return_val_if_fail (origin_id != NULL, FALSE);
  g_return_val_if_fail (delivery == DC_DELIVERY_SENT || delivery == DC_DELIVERY_READ, FALSE);

  stmt = dc_support_store_query (self, DC_STORE_SET_DELIVERY, DC_STORE_UPDATING, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, origin_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, delivery);
  if (!dc_support_store_step_done (self, stmt, DC_STORE_UPDATING, error))
    return FALSE;
  if (sqlite3_changes (dc_support_store_get_db (self)) > 0)
    return TRUE;
  return lookup_message (self, origin_id, &found, error) && found;
}

/**
 * dc_support_store_has_message:
 * @self: a store
 * @origin_id: an origin-id
 *
 * Returns: whether a message with @origin_id is stored (%FALSE, logged,
 *   when the store could not be read)
 */
gboolean
dc_support_store_has_message (DcSupportStore *self, const char *origin_id)
{
  g_autoptr (GError) error = NULL;
  gboolean found = FALSE;

  g_return_val_if_fail (DC_IS_SUPPORT_STORE (self), FALSE);
  g_return_val_if_fail (origin_id != NULL, FALSE);

  if (!lookup_message (self, origin_id, &found, &error))
    g_warning ("Could not look up a message: %s", error->message);
  return found;
}

/**
 * dc_support_store_get_outbox:
 * @self: a store
 * @session: a session's id
 * @error: return location for a #DC_SUPPORT_STORE_ERROR
 *
 * Returns: (transfer container) (element-type DcChatMessage): the
 *   customer's messages the server has not acknowledged, oldest first, or
 *   %NULL with @error set
 */
GPtrArray *
dc_support_store_get_outbox (DcSupportStore *self, gint64 session, GError **error)
{
  g_autoptr (DcStoreQuery) stmt = NULL;

  g_return_val_if_fail (DC_IS_SUPPORT_STORE (self), NULL);

  stmt = dc_support_store_query (self, DC_STORE_GET_OUTBOX, DC_STORE_READING, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, session);
  sqlite3_bind_int (stmt, 2, DC_CHAT_SENDER_CUSTOMER);
  sqlite3_bind_int (stmt, 3, DC_DELIVERY_WAITING);
  return collect_messages (dc_support_store_get_db (self), stmt, dc_support_store_get_path (self),
                           NULL, error);
}

/**
 * dc_support_store_load_messages:
 * @self: a store
 * @session: a session's id
 * @error: return location for a #DC_SUPPORT_STORE_ERROR
 *
 * Reads the transcript on the calling thread; for a long one, see
 * dc_support_store_load_messages_async().
 *
 * Returns: (transfer container) (element-type DcChatMessage): the
 *   session's messages in the order they were stored, or %NULL with @error
 */
GPtrArray *
dc_support_store_load_messages (DcSupportStore *self, gint64 session, GError **error)
{
  g_autoptr (DcStoreQuery) stmt = NULL;

  g_return_val_if_fail (DC_IS_SUPPORT_STORE (self), NULL);

  stmt = dc_support_store_query (self, DC_STORE_LOAD_MESSAGES, DC_STORE_READING, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, session);
  return collect_messages (dc_support_store_get_db (self), stmt, dc_support_store_get_path (self),
                           NULL, error);
}

/* The worker's copy of what it needs: it never touches the store, whose connection and
 * statements belong to the caller's thread. */
typedef struct
{
  char *path;
  gint64 session;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_free (data->path);
  g_free (data);
}

static GPtrArray *
load_with_reader (sqlite3 *db, const LoadData *data, GCancellable *cancellable, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  GPtrArray *messages = NULL;
  int rc = sqlite3_prepare_v2 (db, DC_STORE_LOAD_MESSAGES_SQL, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, data->session);
      messages = collect_messages (db, stmt, data->path, cancellable, error);
    }
  else
    dc_support_store_set_sqlite_error (error, db, rc, data->path, DC_STORE_READING);
  sqlite3_finalize (stmt);
  return messages;
}

static void
load_messages_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  const LoadData *data = task_data;
  GPtrArray *messages;
  GError *error = NULL;
  sqlite3 *db = dc_support_store_open_reader (data->path, &error);

  if (db == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  messages = load_with_reader (db, data, cancellable, &error);
  sqlite3_close (db);

  if (messages == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, messages, (GDestroyNotify)g_ptr_array_unref);
}

/**
 * dc_support_store_load_messages_async:
 * @self: a store
 * @session: a session's id
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the transcript is read
 * @user_data: data for @callback
 *
 * Reads the transcript in a worker thread with a read-only connection of
 * its own, so a long history does not hold up the main loop.
 */
void
dc_support_store_load_messages_async (DcSupportStore *self, gint64 session,
                                      GCancellable *cancellable, GAsyncReadyCallback callback,
                                      gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  LoadData *data;

  g_return_if_fail (DC_IS_SUPPORT_STORE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (LoadData, 1);
  data->path = g_strdup (dc_support_store_get_path (self));
  data->session = session;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dc_support_store_load_messages_async);
  g_task_set_task_data (task, data, (GDestroyNotify)load_data_free);
  g_task_run_in_thread (task, load_messages_thread);
}

/**
 * dc_support_store_load_messages_finish:
 * @self: a store
 * @result: the result passed to the callback
 * @error: return location for a #DC_SUPPORT_STORE_ERROR, or %G_IO_ERROR_CANCELLED
 *
 * Returns: (transfer container) (element-type DcChatMessage): as
 *   dc_support_store_load_messages(), or %NULL with @error set
 */
GPtrArray *
dc_support_store_load_messages_finish (DcSupportStore *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (
    g_task_get_source_tag (G_TASK (result)) == dc_support_store_load_messages_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
