/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-chat"

#include <malloc.h>
#include <stdio.h>
#include <unistd.h>

#include <sqlite3.h>

#include "bench-chat.h"

/* The history half of bench/chat: a store filled with one long session, then opened as the app
 * opens it at start (offline: the server refuses), beside the store's threaded load and a bare
 * sqlite3 loop over the same rows; the memory the open transcript takes; and what one send
 * costs in an empty session and in the long one. */

#define N_SENDS 100
#define MEMORY_PROCESSES 3
#define SECONDS_APART 7
#define FLOOR_SQL                                                                                  \
  "SELECT origin_id, sender, sender_name, body, time, delivery FROM messages"                      \
  " WHERE session = ?1 ORDER BY id"

static const char *const bodies[] = {
  "My phone does not last the night any more, even with nothing open.",
  "Could you open Settings, then Power, and tell me what uses the battery?",
  "It says the modem uses most of it, about 40 % since this morning.",
  "Thanks. Please update to the latest firmware and restart once.",
  "Done. It is charging now; I will tell you tomorrow how it went.",
};

static gint64
resident_bytes (void)
{
  g_autofree char *statm = NULL;
  long long size = 0, resident = 0;

  if (!g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL)
      || sscanf (statm, "%lld %lld", &size, &resident) != 2)
    g_error ("Cannot read /proc/self/statm");
  return resident * sysconf (_SC_PAGESIZE);
}

static gint64
heap_bytes (void)
{
  struct mallinfo2 info = mallinfo2 ();
  return (gint64)(info.uordblks + info.hblkhd);
}

static DcChatMessage *
history_message (guint i, GDateTime *first)
{
  g_autofree char *origin = dc_chat_message_new_origin_id ();
  g_autofree char *body = g_strdup_printf ("%s (%u)", bodies[i % G_N_ELEMENTS (bodies)], i);
  g_autoptr (GDateTime) time = g_date_time_add_seconds (first, (double)i * SECONDS_APART);
  gboolean customer = i % 2 == 0;

  return dc_chat_message_new (origin, customer ? DC_CHAT_SENDER_CUSTOMER : DC_CHAT_SENDER_AGENT,
                              customer ? NULL : "Sam", body, time,
                              customer ? DC_DELIVERY_READ : DC_DELIVERY_RECEIVED);
}

/* One session of @n_messages, as the app writes them: one transaction each. */
static void
fill_store (const char *path, guint n_messages, GArray *add_us)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DcSupportStore) store = dc_support_store_new (path, &error);
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (GDateTime) first = NULL;
  gint64 session;

  if (store == NULL)
    g_error ("%s", error->message);
  session
    = dc_support_store_add_session (store, "history@rooms.localhost", "desk@localhost", &error);
  if (session <= 0 || !dc_support_store_set_session_state (store, session, "with-agent", &error))
    g_error ("%s", error->message);
  first = g_date_time_add_seconds (now, -(double)n_messages * SECONDS_APART);
  for (guint i = 0; i < n_messages; i++)
    {
      g_autoptr (DcChatMessage) message = history_message (i, first);
      gint64 start = g_get_monotonic_time (), elapsed;

      if (!dc_support_store_add_message (store, session, message, &error))
        g_error ("Cannot store message %u: %s", i, error ? error->message : "a duplicate");
      elapsed = g_get_monotonic_time () - start;
      g_array_append_val (add_us, elapsed);
    }
}

static gboolean
is_null (gpointer data)
{
  return *(gpointer *)data == NULL;
}

/* Its connection attempt holds a reference until the server refused it. */
static void
discard_session (DcSupportSession *session)
{
  gpointer alive = session;

  g_object_add_weak_pointer (G_OBJECT (session), &alive);
  g_object_unref (session);
  bench_wait_until (is_null, &alive, "the session to be finalized");
}

/* dc_support_session_start() on a store just opened, until the whole transcript is in the
 * session's list model. */
static void
open_once (const char *path, const DcSupportConfig *config, guint n_messages, GArray *open_us)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DcSupportStore) store = dc_support_store_new (path, &error);
  DcSupportSession *session;
  gint64 start, elapsed;
  guint n_items;

  if (store == NULL)
    g_error ("%s", error->message);
  start = g_get_monotonic_time ();
  session = dc_support_session_new (config, store);
  dc_support_session_start (session);
  n_items = g_list_model_get_n_items (dc_support_session_get_messages (session));
  elapsed = g_get_monotonic_time () - start;
  if (n_items != n_messages)
    g_error ("The session opened with %u messages of %u", n_items, n_messages);
  if (open_us != NULL)
    g_array_append_val (open_us, elapsed);
  discard_session (session);
}

typedef struct
{
  GPtrArray *messages;
  gint64 at;
} Loaded;

static void
loaded_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  Loaded *loaded = user_data;

  loaded->messages
    = dc_support_store_load_messages_finish (DC_SUPPORT_STORE (source), result, &error);
  if (loaded->messages == NULL)
    g_error ("The threaded load failed: %s", error->message);
  loaded->at = g_get_monotonic_time ();
}

static gint64
load_async_once (DcSupportStore *store, gint64 session, guint n_messages)
{
  Loaded loaded = { NULL, 0 };
  gint64 start = g_get_monotonic_time ();

  dc_support_store_load_messages_async (store, session, NULL, loaded_cb, &loaded);
  bench_wait_until (bench_time_is_set, &loaded.at, "the threaded load");
  if (loaded.messages->len != n_messages)
    g_error ("The threaded load read %u messages of %u", loaded.messages->len, n_messages);
  g_ptr_array_unref (loaded.messages);
  return loaded.at - start;
}

/* The floor: the same rows and columns read with sqlite3 alone, no objects made of them. */
static gint64
floor_once (const char *path, gint64 session, guint n_messages)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 start, elapsed, sum = 0;
  guint rows = 0;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    g_error ("Cannot open %s: %s", path, sqlite3_errmsg (db));
  start = g_get_monotonic_time ();
  if (sqlite3_prepare_v2 (db, FLOOR_SQL, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("Cannot read %s: %s", path, sqlite3_errmsg (db));
  sqlite3_bind_int64 (stmt, 1, session);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int column = 0; column < 6; column++)
        sum += sqlite3_column_text (stmt, column) != NULL ? sqlite3_column_bytes (stmt, column) : 0;
      rows++;
    }
  sqlite3_finalize (stmt);
  elapsed = g_get_monotonic_time () - start;
  sqlite3_close (db);
  if (rows != n_messages || sum == 0)
    g_error ("The floor read %u rows of %u", rows, n_messages);
  return elapsed;
}

/* Sends @n_sends while offline: the store, the model and the outbox count, no network. */
static void
measure_sends (const char *path, const DcSupportConfig *config, guint n_sends, GArray *send_us)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DcSupportStore) store = dc_support_store_new (path, &error);
  DcSupportSession *session;

  if (store == NULL)
    g_error ("%s", error->message);
  session = dc_support_session_new (config, store);
  dc_support_session_start (session);
  for (guint i = 0; i < n_sends; i++)
    {
      g_autofree char *body = g_strdup_printf ("Still there? (%u)", i);
      gint64 start = g_get_monotonic_time (), elapsed;

      if (!dc_support_session_send (session, body, &error))
        g_error ("Cannot send: %s", error->message);
      elapsed = g_get_monotonic_time () - start;
      g_array_append_val (send_us, elapsed);
    }
  discard_session (session);
}

/* A port on loopback bound and never listened on: every connection to it is refused at once,
 * as long as @socket stays open. */
static guint16
refusing_port (GSocket **socket)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) bound = NULL;

  *socket
    = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  if (*socket == NULL || !g_socket_bind (*socket, any, FALSE, &error)
      || (bound = g_socket_get_local_address (*socket, &error)) == NULL)
    g_error ("Cannot bind a port on 127.0.0.1: %s", error->message);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static void
measure_reads (const char *path, const DcSupportConfig *config, guint n_messages, guint rounds,
               ChatHistoryFigures *figures)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DcSupportStore) store = dc_support_store_new (path, &error);
  gint64 session;

  if (store == NULL)
    g_error ("%s", error->message);
  session = dc_support_store_find_open_session (store, NULL);
  /* Round 0 warms up: GTypes, the network monitor, SQLite's and the kernel's caches. */
  for (guint round = 0; round <= rounds; round++)
    {
      gint64 floor = floor_once (path, session, n_messages);
      gint64 loaded;

      open_once (path, config, n_messages, round > 0 ? figures->open_us : NULL);
      loaded = load_async_once (store, session, n_messages);
      if (round == 0)
        continue;
      g_array_append_val (figures->floor_us, floor);
      g_array_append_val (figures->async_us, loaded);
    }
}

static void
offline_config (DcSupportConfig *config, const char *service)
{
  config->service = (char *)service;
  config->domain = (char *)"localhost";
  config->muc = (char *)"rooms.localhost";
  config->desk = (char *)"desk@localhost";
  config->username = (char *)"customer";
  config->password = (char *)"customer-secret";
}

/**
 * bench_chat_open_memory:
 * @path: the store with the history
 * @warm_path: a store to create, for the warm-up
 * @service: an address that refuses connections
 *
 * In a process of its own (`bench-chat --open-memory …`), so that no earlier round left
 * freed memory to reuse: opens the session of @path and prints what that added, as "MESSAGES
 * RSS HEAP SQLITE" (bytes), on stdout.
 *
 * Returns: the exit status
 */
int
bench_chat_open_memory (const char *path, const char *warm_path, const char *service)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DcSupportStore) store = NULL;
  DcSupportConfig config = { 0 };
  DcSupportSession *session;
  gint64 rss, heap, cache;
  guint n_items;

  offline_config (&config, service);
  /* Once on an empty store first: GTypes, the network monitor, libsoup and SQLite set
   * themselves up then, not per message. */
  open_once (warm_path, &config, 0, NULL);
  store = dc_support_store_new (path, &error);
  if (store == NULL)
    g_error ("%s", error->message);
  malloc_trim (0);
  rss = resident_bytes ();
  heap = heap_bytes ();
  cache = (gint64)sqlite3_memory_used ();
  session = dc_support_session_new (&config, store);
  dc_support_session_start (session);
  n_items = g_list_model_get_n_items (dc_support_session_get_messages (session));
  malloc_trim (0);
  printf ("%u %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n", n_items,
          resident_bytes () - rss, heap_bytes () - heap, (gint64)sqlite3_memory_used () - cache);
  discard_session (session);
  return 0;
}

static void
measure_memory (const char *path, const char *dir, const char *service, guint n_messages,
                ChatHistoryFigures *figures)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);

  for (guint i = 0; i < MEMORY_PROCESSES; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GSubprocess) child = NULL;
      g_autofree char *warm_path = g_strdup_printf ("%s/warm-%u.db", dir, i);
      g_autofree char *output = NULL;
      const char *argv[] = { self, "--open-memory", path, warm_path, service, NULL };
      gint64 rss, heap, cache;
      guint n_items;

      child = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
      if (child == NULL
          || !g_subprocess_communicate_utf8 (child, NULL, NULL, &output, NULL, &error))
        g_error ("Cannot measure the memory of an open: %s", error->message);
      if (!g_subprocess_get_successful (child)
          || sscanf (output, "%u %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT,
                     &n_items, &rss, &heap, &cache)
               != 4
          || n_items != n_messages)
        g_error ("The memory of an open could not be measured: \"%s\"", output);
      g_array_append_val (figures->rss_bytes, rss);
      g_array_append_val (figures->heap_bytes, heap);
      g_array_append_val (figures->sqlite_bytes, cache);
    }
}

/**
 * bench_chat_history:
 * @n_messages: the length of the history
 * @rounds: how many times each way of reading it is timed
 * @figures: filled with the samples
 *
 * Writes a store with one session of @n_messages in a temporary folder, reads it back in
 * each way, and removes it.
 */
void
bench_chat_history (guint n_messages, guint rounds, ChatHistoryFigures *figures)
{
  g_autofree char *dir = bench_make_tmp_dir ("bench-chat-history-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "history.db", NULL);
  g_autofree char *empty_path = g_build_filename (dir, "empty.db", NULL);
  g_autofree char *service = NULL;
  g_autoptr (GSocket) refusing = NULL;
  DcSupportConfig config = { 0 };

  figures->n_messages = n_messages;
  g_printerr ("History: writing %u messages...\n", n_messages);
  fill_store (path, n_messages, figures->add_us);

  service = g_strdup_printf ("ws://127.0.0.1:%u/xmpp-websocket", refusing_port (&refusing));
  offline_config (&config, service);
  g_printerr ("History: reading it back, %u rounds...\n", rounds);
  measure_reads (path, &config, n_messages, rounds, figures);
  measure_memory (path, dir, service, n_messages, figures);

  /* Last: these add to the history. */
  measure_sends (empty_path, &config, N_SENDS, figures->send_empty_us);
  measure_sends (path, &config, N_SENDS, figures->send_full_us);
  bench_remove_tree (dir);
}
