/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "dc-chat-message.h"
#include "dc-support-store.h"

/* The phone's transcript and outbox, on real SQLite files in a temporary folder. What a customer
 * would notice: a message written is there after a restart or a crash, sent once, in order, and
 * a broken file is named instead of silently replaced. */

#define ROOM "0f8a1c2e@rooms.example.org"
#define DESK "desk@example.org"

typedef struct
{
  char *dir;
  char *path; /* inside a folder that does not exist yet */
  DcSupportStore *store;
} Fixture;

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
      g_dir_close (dir);
    }
  if (g_remove (path) != 0 && errno != ENOENT)
    g_test_message ("could not remove %s: %s", path, g_strerror (errno));
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->dir = g_dir_make_tmp ("dc-support-store-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "device-care", "support.db", NULL);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->store);
  remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static void
open_store (Fixture *f)
{
  g_autoptr (GError) error = NULL;

  g_clear_object (&f->store);
  f->store = dc_support_store_new (f->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);
}

static GDateTime *
instant (gint64 seconds, int usec)
{
  g_autoptr (GDateTime) whole = g_date_time_new_from_unix_utc (seconds);
  return g_date_time_add (whole, usec);
}

static DcChatMessage *
customer_message (const char *origin_id, const char *body)
{
  return dc_chat_message_new (origin_id, DC_CHAT_SENDER_CUSTOMER, NULL, body, NULL,
                              DC_DELIVERY_WAITING);
}

static void
add (Fixture *f, gint64 session, DcChatMessage *message)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DcChatMessage) owned = message;

  g_assert_true (dc_support_store_add_message (f->store, session, owned, &error));
  g_assert_no_error (error);
}

static gint64
add_session (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  gint64 session = dc_support_store_add_session (f->store, ROOM, DESK, &error);

  g_assert_no_error (error);
  g_assert_cmpint (session, >, 0);
  return session;
}

/* The bodies of @messages, joined by "|", to compare order at a glance. */
static char *
bodies (GPtrArray *messages)
{
  g_autoptr (GString) joined = g_string_new (NULL);

  for (guint i = 0; i < messages->len; i++)
    g_string_append_printf (joined, "%s%s", i > 0 ? "|" : "",
                            dc_chat_message_get_body (g_ptr_array_index (messages, i)));
  return g_string_free (g_steal_pointer (&joined), FALSE);
}

static char *
outbox_bodies (Fixture *f, gint64 session)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) outbox = dc_support_store_get_outbox (f->store, session, &error);

  g_assert_no_error (error);
  return bodies (outbox);
}

static DcDelivery
stored_delivery (Fixture *f, gint64 session, const char *origin_id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) messages = dc_support_store_load_messages (f->store, session, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < messages->len; i++)
    {
      DcChatMessage *message = g_ptr_array_index (messages, i);
      if (g_strcmp0 (dc_chat_message_get_origin_id (message), origin_id) == 0)
        return dc_chat_message_get_delivery (message);
    }
  g_assert_not_reached ();
}

static void
count_notify (GObject *object, GParamSpec *pspec, gpointer data)
{
  *(guint *)data += 1;
}

static void
test_message_delivery_notify (void)
{
  g_autoptr (DcChatMessage) message = customer_message (NULL, "My battery drains overnight");
  guint notified = 0;

  g_signal_connect (message, "notify::delivery", G_CALLBACK (count_notify), &notified);

  dc_chat_message_set_delivery (message, DC_DELIVERY_WAITING);
  g_assert_cmpuint (notified, ==, 0);
  dc_chat_message_set_delivery (message, DC_DELIVERY_SENT);
  g_assert_cmpuint (notified, ==, 1);
  dc_chat_message_set_delivery (message, DC_DELIVERY_SENT);
  g_object_set (message, "delivery", DC_DELIVERY_SENT, NULL);
  g_assert_cmpuint (notified, ==, 1);
  g_object_set (message, "delivery", DC_DELIVERY_READ, NULL);
  g_assert_cmpuint (notified, ==, 2);
  g_assert_cmpint (dc_chat_message_get_delivery (message), ==, DC_DELIVERY_READ);
}

static void
test_message_defaults (void)
{
  g_autoptr (DcChatMessage) message = customer_message (NULL, "Hello");
  g_autofree char *a = dc_chat_message_new_origin_id ();
  g_autofree char *b = dc_chat_message_new_origin_id ();
  g_autoptr (GEnumClass) senders = g_type_class_ref (DC_TYPE_CHAT_SENDER);
  g_autoptr (GEnumClass) deliveries = g_type_class_ref (DC_TYPE_DELIVERY);
  GDateTime *time = dc_chat_message_get_time (message);

  /* No time given: now, in UTC. */
  g_assert_nonnull (time);
  g_assert_cmpint (g_date_time_get_utc_offset (time), ==, 0);
  g_assert_cmpint (ABS (g_date_time_to_unix (time) - g_get_real_time () / G_USEC_PER_SEC), <=, 5);

  g_assert_true (g_uuid_string_is_valid (a));
  g_assert_cmpstr (a, !=, b);

  g_assert_cmpstr (g_enum_get_value (senders, DC_CHAT_SENDER_AGENT)->value_nick, ==, "agent");
  g_assert_cmpstr (g_enum_get_value (senders, DC_CHAT_SENDER_SYSTEM)->value_nick, ==, "system");
  g_assert_cmpstr (g_enum_get_value (deliveries, DC_DELIVERY_WAITING)->value_nick, ==, "waiting");
  g_assert_cmpstr (g_enum_get_value (deliveries, DC_DELIVERY_RECEIVED)->value_nick, ==, "received");
}

static void
assert_mode (const char *path, guint expected)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 0777, ==, expected);
}

static void
test_reopen (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) messages = NULL;
  g_autoptr (GDateTime) sent_at = instant (1790000000, 123456);
  g_autoptr (GTimeZone) berlin = g_time_zone_new_identifier ("Europe/Berlin");
  g_autoptr (GDateTime) agent_at = g_date_time_new (berlin, 2026, 9, 21, 10, 0, 1.5);
  g_autofree char *folder = g_path_get_dirname (f->path);
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *outbox = NULL;
  g_autofree char *all = NULL;
  DcChatMessage *agent;
  gint64 session;

  open_store (f);
  assert_mode (folder, 0700);
  assert_mode (f->path, 0600);

  session = add_session (f);
  add (f, session,
       dc_chat_message_new ("m1", DC_CHAT_SENDER_CUSTOMER, NULL, "Screen flickers", sent_at,
                            DC_DELIVERY_WAITING));
  add (f, session,
       dc_chat_message_new ("m2", DC_CHAT_SENDER_AGENT, "Ana", "Since when?", agent_at,
                            DC_DELIVERY_RECEIVED));
  add (f, session, customer_message ("m3", "Since the update"));
  add (f, session, customer_message ("m4", "Also it is hot"));
  g_assert_true (dc_support_store_set_delivery (f->store, "m3", DC_DELIVERY_SENT, &error));
  g_assert_no_error (error);
  /* The write-ahead log holds the transcript too: as private as the file. */
  assert_mode (wal, 0600);

  g_clear_object (&f->store);
  open_store (f);

  g_assert_cmpint (dc_support_store_find_open_session (f->store, NULL), ==, session);
  messages = dc_support_store_load_messages (f->store, session, &error);
  g_assert_no_error (error);
  all = bodies (messages);
  g_assert_cmpstr (all, ==, "Screen flickers|Since when?|Since the update|Also it is hot");

  g_assert_cmpstr (dc_chat_message_get_origin_id (messages->pdata[0]), ==, "m1");
  g_assert_true (g_date_time_equal (dc_chat_message_get_time (messages->pdata[0]), sent_at));
  g_assert_cmpint (dc_chat_message_get_delivery (messages->pdata[2]), ==, DC_DELIVERY_SENT);
  agent = messages->pdata[1];
  g_assert_cmpint (dc_chat_message_get_sender (agent), ==, DC_CHAT_SENDER_AGENT);
  g_assert_cmpstr (dc_chat_message_get_sender_name (agent), ==, "Ana");
  g_assert_true (g_date_time_equal (dc_chat_message_get_time (agent), agent_at));
  g_assert_cmpint (dc_chat_message_get_delivery (agent), ==, DC_DELIVERY_RECEIVED);

  /* What the server never acknowledged goes out again after the restart, in order. */
  outbox = outbox_bodies (f, session);
  g_assert_cmpstr (outbox, ==, "Screen flickers|Also it is hot");
}

static void
test_duplicate (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DcChatMessage) again = customer_message ("m1", "The same, from the archive");
  g_autoptr (GPtrArray) sessions = NULL;
  DcSessionRecord *record;
  gint64 session;

  open_store (f);
  session = add_session (f);
  add (f, session, customer_message ("m1", "Wi-Fi drops"));

  g_assert_false (dc_support_store_add_message (f->store, session, again, &error));
  g_assert_no_error (error);
  g_assert_true (dc_support_store_has_message (f->store, "m1"));
  g_assert_false (dc_support_store_has_message (f->store, "m2"));

  sessions = dc_support_store_list_sessions (f->store, &error);
  g_assert_no_error (error);
  record = g_ptr_array_index (sessions, 0);
  g_assert_cmpuint (record->n_messages, ==, 1);
  g_assert_cmpstr (record->last_body, ==, "Wi-Fi drops");
}

static void
test_delivery_forward (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 session;

  open_store (f);
  session = add_session (f);
  add (f, session, customer_message ("m1", "Camera does not focus"));
  add (f, session,
       dc_chat_message_new ("a1", DC_CHAT_SENDER_AGENT, "Ana", "Which camera?", NULL,
                            DC_DELIVERY_RECEIVED));

  g_assert_true (dc_support_store_set_delivery (f->store, "m1", DC_DELIVERY_READ, &error));
  g_assert_no_error (error);
  /* The server's acknowledgement arriving after the read marker does not undo it. */
  g_assert_true (dc_support_store_set_delivery (f->store, "m1", DC_DELIVERY_SENT, &error));
  g_assert_no_error (error);
  g_assert_cmpint (stored_delivery (f, session, "m1"), ==, DC_DELIVERY_READ);

  g_assert_true (dc_support_store_set_delivery (f->store, "a1", DC_DELIVERY_READ, &error));
  g_assert_no_error (error);
  g_assert_cmpint (stored_delivery (f, session, "a1"), ==, DC_DELIVERY_RECEIVED);

  g_assert_false (dc_support_store_set_delivery (f->store, "unknown", DC_DELIVERY_SENT, &error));
  g_assert_no_error (error);
}

static void
test_outbox_empties (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 session, other;
  const char *acks[] = { "m2", "m1", "m3" };
  const char *left[] = { "one|three", "three", "" };

  open_store (f);
  session = add_session (f);
  other = add_session (f);
  add (f, session, customer_message ("m1", "one"));
  add (f, session,
       dc_chat_message_new ("s1", DC_CHAT_SENDER_SYSTEM, NULL, "Connecting…", NULL,
                            DC_DELIVERY_WAITING));
  add (f, session, customer_message ("m2", "two"));
  add (f, other, customer_message ("o1", "another session"));
  add (f, session, customer_message ("m3", "three"));

  for (guint i = 0; i < G_N_ELEMENTS (acks); i++)
    {
      g_autofree char *outbox = NULL;

      g_assert_true (dc_support_store_set_delivery (f->store, acks[i], DC_DELIVERY_SENT, &error));
      g_assert_no_error (error);
      outbox = outbox_bodies (f, session);
      g_assert_cmpstr (outbox, ==, left[i]);
    }
}

static void
test_find_open_session (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DcSessionRecord) record = NULL;
  DcSessionRecord *none = (DcSessionRecord *)&none;
  gint64 first, second, third;

  open_store (f);
  g_assert_cmpint (dc_support_store_find_open_session (f->store, NULL), ==, 0);

  first = add_session (f);
  second = add_session (f);
  third = add_session (f);
  g_assert_true (dc_support_store_set_session_state (f->store, second, "queued", &error));
  g_assert_no_error (error);
  g_assert_true (dc_support_store_set_session_state (f->store, third, "closed", &error));
  g_assert_no_error (error);

  g_assert_cmpint (dc_support_store_find_open_session (f->store, &record), ==, second);
  g_assert_nonnull (record);
  g_assert_cmpint (record->id, ==, second);
  g_assert_cmpstr (record->state, ==, "queued");
  g_assert_cmpstr (record->room, ==, ROOM);
  g_assert_cmpstr (record->desk, ==, DESK);

  g_assert_true (dc_support_store_set_session_state (f->store, first, "closed", &error));
  g_assert_true (dc_support_store_set_session_state (f->store, second, "closed", &error));
  g_assert_no_error (error);
  g_assert_cmpint (dc_support_store_find_open_session (f->store, &none), ==, 0);
  g_assert_null (none);

  /* No such session: nothing stored, and no error either. */
  g_assert_false (dc_support_store_set_session_state (f->store, third + 1, "closed", &error));
  g_assert_no_error (error);
}

static void
test_list_sessions (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) sessions = NULL;
  DcSessionRecord *newest, *middle, *oldest;
  gint64 first, second, third;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  open_store (f);
  first = add_session (f);
  second = add_session (f);
  third = add_session (f);
  add (f, first, customer_message ("f1", "first question"));
  add (f, first,
       dc_chat_message_new ("f2", DC_CHAT_SENDER_DESK, "Desk", "first answer", NULL,
                            DC_DELIVERY_RECEIVED));
  add (f, third, customer_message ("t1", "third, only message"));
  add (f, first, customer_message ("f3", "first, thanks"));

  sessions = dc_support_store_list_sessions (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sessions->len, ==, 3);
  newest = sessions->pdata[0];
  middle = sessions->pdata[1];
  oldest = sessions->pdata[2];

  g_assert_cmpint (newest->id, ==, third);
  g_assert_cmpstr (newest->last_body, ==, "third, only message");
  g_assert_cmpuint (newest->n_messages, ==, 1);
  g_assert_cmpint (middle->id, ==, second);
  g_assert_null (middle->last_body);
  g_assert_cmpuint (middle->n_messages, ==, 0);
  g_assert_cmpint (oldest->id, ==, first);
  g_assert_cmpstr (oldest->last_body, ==, "first, thanks");
  g_assert_cmpuint (oldest->n_messages, ==, 3);
  g_assert_cmpstr (oldest->state, ==, "connecting");
  g_assert_cmpint (ABS (oldest->created - now), <=, 5);
  g_assert_cmpint (oldest->updated, >=, oldest->created);
}

static char *
read_file (const char *path)
{
  g_autoptr (GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static void
assert_refused (Fixture *f, int code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DcSupportStore) store = dc_support_store_new (f->path, &error);

  g_assert_error (error, DC_SUPPORT_STORE_ERROR, code);
  g_assert_null (store);
  g_test_message ("%s", error->message);
}

/* Nothing of ours (a journal, a log) left beside a file we refused. */
static void
assert_only_file (const char *folder)
{
  g_autoptr (GDir) dir = g_dir_open (folder, 0, NULL);

  g_assert_nonnull (dir);
  g_assert_cmpstr (g_dir_read_name (dir), ==, "support.db");
  g_assert_null (g_dir_read_name (dir));
}

static void
test_not_a_database (Fixture *f, gconstpointer data)
{
  const char *notes = "Things to ask the service center:\n- battery\n- screen protector\n";
  g_autofree char *folder = g_path_get_dirname (f->path);
  g_autofree char *after = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (DcSupportStore) store = NULL;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (f->path, notes, -1, NULL));

  store = dc_support_store_new (f->path, &error);
  g_assert_error (error, DC_SUPPORT_STORE_ERROR, DC_SUPPORT_STORE_ERROR_CORRUPT);
  g_assert_null (store);
  /* The customer (or whoever helps) learns which file and what to do with it. */
  g_assert_nonnull (strstr (error->message, f->path));
  g_assert_nonnull (strstr (error->message, "delete"));

  after = read_file (f->path);
  g_assert_cmpstr (after, ==, notes);
  assert_only_file (folder);
}

static void
test_damaged (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 session;
  FILE *file;

  open_store (f);
  session = add_session (f);
  add (f, session, customer_message ("m1", "hello"));
  g_clear_object (&f->store);

  /* The header's magic string overwritten, as a bad sector would. */
  file = fopen (f->path, "r+b");
  g_assert_nonnull (file);
  g_assert_cmpint (fwrite ("garbage garbage!", 1, 16, file), ==, 16);
  g_assert_cmpint (fclose (file), ==, 0);

  assert_refused (f, DC_SUPPORT_STORE_ERROR_CORRUPT);
}

static void
test_foreign_database (Fixture *f, gconstpointer data)
{
  g_autofree char *folder = g_path_get_dirname (f->path);
  sqlite3 *db = NULL;
  int n_tables = 0;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE notes (text TEXT)", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  sqlite3_close (db);

  assert_refused (f, DC_SUPPORT_STORE_ERROR_CORRUPT);
  assert_only_file (folder);

  /* Still the other program's file, with nothing of ours added. */
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM sqlite_master", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n_tables = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert_cmpint (n_tables, ==, 1);
}

static void
test_folder_blocked (Fixture *f, gconstpointer data)
{
  g_autofree char *blocker = g_build_filename (f->dir, "device-care", NULL);

  /* A regular file where the folder should be. */
  g_assert_true (g_file_set_contents (blocker, "", -1, NULL));
  assert_refused (f, DC_SUPPORT_STORE_ERROR_OPEN);
}

static void
test_read_only (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DcChatMessage) message = customer_message ("m2", "lost?");
  g_autoptr (GPtrArray) messages = NULL;
  gint64 session;

  if (geteuid () == 0)
    {
      g_test_skip ("root writes to read-only files");
      return;
    }

  open_store (f);
  session = add_session (f);
  add (f, session, customer_message ("m1", "kept"));
  g_clear_object (&f->store);
  g_assert_cmpint (g_chmod (f->path, 0400), ==, 0);

  /* What is there can still be read… */
  open_store (f);
  messages = dc_support_store_load_messages (f->store, session, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 1);

  /* …and a new message says it was not saved instead of pretending. */
  g_assert_false (dc_support_store_add_message (f->store, session, message, &error));
  g_assert_error (error, DC_SUPPORT_STORE_ERROR, DC_SUPPORT_STORE_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, "could not save your message"));
  g_test_message ("%s", error->message);
}

typedef struct
{
  GMainLoop *loop;
  GPtrArray *messages;
  GError *error;
} LoadResult;

static void
loaded (GObject *source, GAsyncResult *result, gpointer data)
{
  LoadResult *load = data;

  load->messages
    = dc_support_store_load_messages_finish (DC_SUPPORT_STORE (source), result, &load->error);
  g_main_loop_quit (load->loop);
}

static void
load_async (Fixture *f, gint64 session, GCancellable *cancellable, LoadResult *load)
{
  load->loop = g_main_loop_new (NULL, FALSE);
  dc_support_store_load_messages_async (f->store, session, cancellable, loaded, load);
  g_main_loop_run (load->loop);
  g_main_loop_unref (load->loop);
}

static void
test_load_async (Fixture *f, gconstpointer data)
{
  const guint n = 10000;
  g_autoptr (GCancellable) cancelled = g_cancellable_new ();
  LoadResult load = { 0 };
  LoadResult stopped = { 0 };
  gint64 session, started;

  open_store (f);
  session = add_session (f);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *origin_id = g_strdup_printf ("m%05u", i);
      g_autofree char *body = g_strdup_printf ("message %u", i);
      add (f, session, customer_message (origin_id, body));
    }

  started = g_get_monotonic_time ();
  load_async (f, session, NULL, &load);
  g_test_message ("loaded %u messages in a thread in %.1f ms", n,
                  (g_get_monotonic_time () - started) / 1000.0);

  g_assert_no_error (load.error);
  g_assert_cmpuint (load.messages->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *body = g_strdup_printf ("message %u", i);
      g_assert_cmpstr (dc_chat_message_get_body (load.messages->pdata[i]), ==, body);
    }
  g_ptr_array_unref (load.messages);

  g_cancellable_cancel (cancelled);
  load_async (f, session, cancelled, &stopped);
  g_assert_error (stopped.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (stopped.messages);
  g_clear_error (&stopped.error);
}

/* A message is acknowledged to the customer once add_message() returned: it must survive the
 * app being killed right after, with no chance to close the database. */
static void
test_survives_kill (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DcSupportStore) store = NULL;
  g_autoptr (GPtrArray) outbox = NULL;
  const char *dir = g_getenv ("DC_TEST_KILL_DIR");
  g_autofree char *path = g_build_filename (dir, "support.db", NULL);

  if (g_test_subprocess ())
    {
      g_autoptr (DcChatMessage) message = customer_message ("m1", "written just before the kill");
      gint64 session;

      store = dc_support_store_new (path, &error);
      g_assert_no_error (error);
      session = dc_support_store_add_session (store, ROOM, DESK, &error);
      g_assert_no_error (error);
      g_assert_true (dc_support_store_add_message (store, session, message, &error));
      g_print ("stored\n");
      fflush (stdout);
      raise (SIGKILL);
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stdout ("stored*");

  store = dc_support_store_new (path, &error);
  g_assert_no_error (error);
  outbox
    = dc_support_store_get_outbox (store, dc_support_store_find_open_session (store, NULL), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (outbox->len, ==, 1);
  g_assert_cmpstr (dc_chat_message_get_body (outbox->pdata[0]), ==, "written just before the kill");

  g_clear_object (&store);
  remove_tree (dir);
}

static void
test_default_path (void)
{
  g_autofree char *path = dc_support_store_default_path ();
  g_autofree char *expected
    = g_build_filename (g_get_user_data_dir (), "device-care", "support.db", NULL);

  g_assert_cmpstr (path, ==, expected);
}

#define ADD_STORE_TEST(name, func)                                                                 \
  g_test_add ("/support/store/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  /* Where the killed child of /support/store/survives-kill writes (the store makes the folder);
   * set here because the environment must not change once threads run. */
  if (g_getenv ("DC_TEST_KILL_DIR") == NULL)
    {
      g_autofree char *uuid = g_uuid_string_random ();
      g_autofree char *name = g_strconcat ("dc-support-store-", uuid, NULL);
      g_autofree char *kill_dir = g_build_filename (g_get_tmp_dir (), name, NULL);
      g_setenv ("DC_TEST_KILL_DIR", kill_dir, TRUE);
    }

  g_test_add_func ("/support/chat-message/delivery-notify", test_message_delivery_notify);
  g_test_add_func ("/support/chat-message/defaults", test_message_defaults);
  g_test_add_func ("/support/store/default-path", test_default_path);
  ADD_STORE_TEST ("reopen", test_reopen);
  ADD_STORE_TEST ("duplicate", test_duplicate);
  ADD_STORE_TEST ("delivery-forward", test_delivery_forward);
  ADD_STORE_TEST ("outbox-empties", test_outbox_empties);
  ADD_STORE_TEST ("find-open-session", test_find_open_session);
  ADD_STORE_TEST ("list-sessions", test_list_sessions);
  ADD_STORE_TEST ("not-a-database", test_not_a_database);
  ADD_STORE_TEST ("damaged", test_damaged);
  ADD_STORE_TEST ("foreign-database", test_foreign_database);
  ADD_STORE_TEST ("folder-blocked", test_folder_blocked);
  ADD_STORE_TEST ("read-only", test_read_only);
  ADD_STORE_TEST ("load-async", test_load_async);
  g_test_add_func ("/support/store/survives-kill", test_survives_kill);

  return g_test_run ();
}
