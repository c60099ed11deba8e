/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "dc-desk-config.h"
#include "dc-desk-store.h"

/* The desk's database: what a restarted desk reads back, and the statistics. */

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
set_up (Fixture *fixture, gconstpointer data)
{
  fixture->dir = g_dir_make_tmp ("dc-desk-store-XXXXXX", NULL);
  fixture->path = g_build_filename (fixture->dir, "sub", "desk.db", NULL);
}

static void
tear_down (Fixture *fixture, gconstpointer data)
{
  g_autofree char *sub = g_path_get_dirname (fixture->path);
  const char *suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (fixture->path, suffixes[i], NULL);
      g_unlink (file);
    }
  g_rmdir (sub);
  g_rmdir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static DcDeskSession *
add (DcDeskStore *store, const char *room, const char *customer, DcDeskState state)
{
  g_autoptr (GError) error = NULL;
  DcDeskSession *session = dc_desk_session_new (room, customer, "de", "DE");

  session->state = state;
  g_assert_true (dc_desk_store_save_session (store, session, &error));
  g_assert_no_error (error);
  g_assert_cmpint (session->id, >, 0);
  return session;
}

static void
test_reopen (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DcDeskStore) store = dc_desk_store_open (fixture->path, FALSE, &error);
  g_autoptr (DcDeskSession) queued = NULL;
  g_autoptr (DcDeskSession) done = NULL;
  g_autoptr (DcDeskSession) agent = NULL;
  g_autoptr (GPtrArray) open = NULL;
  DcDeskSession *back;

  g_assert_no_error (error);
  queued = add (store, "a@rooms", "ann@x", DC_DESK_STATE_QUEUED);
  queued->position = queued->entry_position = 2;
  queued->queued_at = 1000.5;
  queued->facts = g_strdup ("{\"model\":\"PinePhone\"}");
  queued->last_stanza = g_strdup ("archive-id-7");
  g_assert_true (dc_desk_store_save_session (store, queued, NULL));
  done = add (store, "b@rooms", "ann@x", DC_DESK_STATE_CLOSED);
  agent = add (store, "c@rooms", "bob@x", DC_DESK_STATE_WITH_AGENT);
  agent->agent = g_strdup ("agent@x");
  g_assert_true (dc_desk_store_save_session (store, agent, NULL));
  g_clear_pointer (&store, dc_desk_store_free);

  /* A new process: everything open is there as it was, the closed one is not. */
  store = dc_desk_store_open (fixture->path, FALSE, &error);
  g_assert_no_error (error);
  open = dc_desk_store_load_open (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (open->len, ==, 2);
  back = g_ptr_array_index (open, 0);
  g_assert_cmpint (back->id, ==, queued->id);
  g_assert_cmpstr (back->room, ==, "a@rooms");
  g_assert_cmpint (back->state, ==, DC_DESK_STATE_QUEUED);
  g_assert_cmpuint (back->position, ==, 2);
  g_assert_cmpfloat (back->queued_at, ==, 1000.5);
  g_assert_cmpstr (back->language, ==, "de");
  g_assert_cmpstr (back->facts, ==, "{\"model\":\"PinePhone\"}");
  g_assert_cmpstr (back->last_stanza, ==, "archive-id-7");
  back = g_ptr_array_index (open, 1);
  g_assert_cmpint (back->state, ==, DC_DESK_STATE_WITH_AGENT);
  g_assert_cmpstr (back->agent, ==, "agent@x");
  g_assert_cmpuint (dc_desk_store_count_open (store, "ann@x"), ==, 1);
  g_assert_cmpuint (dc_desk_store_count_open (store, "eve@x"), ==, 0);
}

static JsonObject *
stats (DcDeskStore *store)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *json = dc_desk_store_stats (store, &error);
  g_autoptr (JsonNode) node = NULL;

  g_assert_no_error (error);
  g_test_message ("%s", json);
  node = json_from_string (json, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (node));
}

static void
served (DcDeskStore *store, const char *room, const char *agent, double wait, guint place,
        int rating)
{
  g_autoptr (DcDeskSession) session = add (store, room, "c@x", DC_DESK_STATE_QUEUED);

  session->queued_at = 5000;
  session->entry_position = place;
  session->assigned_at = 5000 + wait;
  session->agent = g_strdup (agent);
  session->resolved_at = 6000;
  session->state = DC_DESK_STATE_CLOSED;
  g_assert_true (dc_desk_store_save_session (store, session, NULL));
  g_assert_true (dc_desk_store_add_event (store, session->id, "assigned", agent, NULL, NULL));
  if (rating > 0)
    g_assert_true (dc_desk_store_add_rating (store, session->id, rating, "ok", agent, NULL));
}

static void
test_stats (Fixture *fixture, gconstpointer data)
{
  g_autoptr (DcDeskStore) store = dc_desk_store_open (fixture->path, FALSE, NULL);
  g_autoptr (DcDeskStore) reader = NULL;
  g_autoptr (JsonObject) empty = NULL;
  g_autoptr (JsonObject) full = NULL;
  g_autoptr (DcDeskSession) waiting = NULL;
  g_autoptr (GArray) waits = NULL;
  g_autoptr (GError) error = NULL;
  JsonObject *sessions, *handled, *ratings;

  empty = stats (store);
  g_assert_true (json_object_get_null_member (empty, "median_wait"));
  g_assert_cmpint (
    json_object_get_int_member (json_object_get_object_member (empty, "ratings"), "count"), ==, 0);

  served (store, "r1@rooms", "ann@x", 60, 1, 5);
  served (store, "r2@rooms", "ann@x", 300, 2, 4);
  served (store, "r3@rooms", "bob@x", 90, 1, 0);
  waiting = add (store, "r4@rooms", "d@x", DC_DESK_STATE_QUEUED);

  /* Read by another connection, as `--stats` reads while the desk runs. */
  reader = dc_desk_store_open (fixture->path, TRUE, &error);
  g_assert_no_error (error);
  full = stats (reader);
  sessions = json_object_get_object_member (full, "sessions");
  g_assert_cmpint (json_object_get_int_member (sessions, "closed"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (sessions, "queued"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (sessions, "with-agent"), ==, 0);
  g_assert_cmpfloat (json_object_get_double_member (full, "median_wait"), ==, 90);
  handled = json_object_get_object_member (full, "handled");
  g_assert_cmpint (json_object_get_int_member (handled, "ann@x"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (handled, "bob@x"), ==, 1);
  ratings = json_object_get_object_member (full, "ratings");
  g_assert_cmpint (json_object_get_int_member (ratings, "count"), ==, 2);
  g_assert_cmpfloat (json_object_get_double_member (ratings, "mean"), ==, 4.5);

  /* Waits per place, newest first: 300 s for the second in line is 150 s a place. */
  waits = dc_desk_store_recent_waits (store, 2);
  g_assert_cmpuint (waits->len, ==, 2);
  g_assert_cmpfloat (g_array_index (waits, double, 0), ==, 150);
  g_assert_cmpfloat (g_array_index (waits, double, 1), ==, 90);
  g_assert_cmpfloat (dc_desk_store_last_assigned (store, "nobody@x"), ==, 0);
  g_assert_cmpfloat (dc_desk_store_last_assigned (store, "ann@x"), >, 0);
}

static void
test_missing (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DcDeskStore) store = dc_desk_store_open (fixture->path, TRUE, &error);

  /* --stats never creates a database where the desk has not run. */
  g_assert_null (store);
  g_assert_error (error, DC_DESK_ERROR, DC_DESK_ERROR_DATABASE);
  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/desk-store/reopen", Fixture, NULL, set_up, test_reopen, tear_down);
  g_test_add ("/desk-store/stats", Fixture, NULL, set_up, test_stats, tear_down);
  g_test_add ("/desk-store/missing", Fixture, NULL, set_up, test_missing, tear_down);

  return g_test_run ();
}
