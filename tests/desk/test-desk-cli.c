/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "dc-desk-store.h"

/* device-care-desk ($DC_DESK) on the command line, no server needed: a bad configuration is a
 * sentence naming the key and exit 1; --stats reads the database only. */

typedef struct
{
  char *dir;
  char *config;
  char *db;
} Fixture;

static const char good[] = "[Server]\nService=ws://127.0.0.1:1/xmpp-websocket\nDomain=localhost\n"
                           "RoomService=rooms.localhost\n[Account]\nUsername=desk\nPassword=x\n"
                           "[Agents]\nAddresses=agent@localhost\n[Database]\nPath=desk.db\n";

static void
set_up (Fixture *fixture, gconstpointer data)
{
  fixture->dir = g_dir_make_tmp ("dc-desk-cli-XXXXXX", NULL);
  fixture->config = g_build_filename (fixture->dir, "desk.conf", NULL);
  fixture->db = g_build_filename (fixture->dir, "desk.db", NULL);
}

static void
tear_down (Fixture *fixture, gconstpointer data)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (fixture->db, suffixes[i], NULL);
      g_unlink (file);
    }
  g_unlink (fixture->config);
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->config);
  g_free (fixture->db);
}

/* Runs the desk with @args; returns its exit status, and what it wrote. */
static int
run (const char *const *args, char **out, char **err)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) argv = NULL;
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;

  g_strv_builder_add (builder, g_getenv ("DC_DESK"));
  g_strv_builder_addv (builder, (const char **)args);
  argv = g_strv_builder_end (builder);
  process
    = g_subprocess_newv ((const char *const *)argv,
                         G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, out, err, &error);
  g_assert_no_error (error);
  g_test_message ("stdout: %s\nstderr: %s", *out, *err);
  return g_subprocess_get_exit_status (process);
}

static void
test_bad_config (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GString) text = g_string_new (good);
  const char *args[] = { "--config", fixture->config, NULL };
  g_autofree char *out = NULL, *err = NULL;

  g_string_replace (text, "Path=desk.db\n", "", 1);
  g_assert_true (g_file_set_contents (fixture->config, text->str, -1, NULL));
  g_assert_cmpint (run (args, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "desk.conf: [Database] Path: missing"));
  g_assert_cmpstr (out, ==, "");
  g_assert_false (g_file_test (fixture->db, G_FILE_TEST_EXISTS));
}

static void
test_bad_knowledge (Fixture *fixture, gconstpointer data)
{
  g_autofree char *text = g_strconcat (good, "[Knowledge]\nFile=/nonexistent/kb.json\n", NULL);
  const char *args[] = { "--config", fixture->config, NULL };
  g_autofree char *out = NULL, *err = NULL;

  g_assert_true (g_file_set_contents (fixture->config, text, -1, NULL));
  g_assert_cmpint (run (args, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "/nonexistent/kb.json"));
}

static void
test_no_config (Fixture *fixture, gconstpointer data)
{
  const char *missing[] = { "--config", "/nonexistent/desk.conf", NULL };
  const char *extra[] = { "--config", fixture->config, "surplus", NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *out2 = NULL, *err2 = NULL;

  g_assert_cmpint (run (missing, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "/nonexistent/desk.conf"));
  g_assert_cmpint (run (extra, &out2, &err2), ==, 2);
}

static void
test_stats (Fixture *fixture, gconstpointer data)
{
  const char *args[] = { "--config", fixture->config, "--stats", NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *out2 = NULL, *err2 = NULL;
  g_autoptr (DcDeskStore) store = NULL;
  g_autoptr (DcDeskSession) session = NULL;
  g_autoptr (JsonNode) node = NULL;
  JsonObject *stats;

  g_assert_true (g_file_set_contents (fixture->config, good, -1, NULL));
  /* No database yet: said so, and none made. */
  g_assert_cmpint (run (args, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "has the desk run"));
  g_assert_false (g_file_test (fixture->db, G_FILE_TEST_EXISTS));

  store = dc_desk_store_open (fixture->db, FALSE, NULL);
  session = dc_desk_session_new ("r@rooms.localhost", "c@localhost", "en", NULL);
  session->state = DC_DESK_STATE_QUEUED;
  g_assert_true (dc_desk_store_save_session (store, session, NULL));
  g_assert_true (dc_desk_store_add_rating (store, session->id, 2, NULL, NULL, NULL));
  g_assert_cmpint (run (args, &out2, &err2), ==, 0);
  node = json_from_string (out2, NULL);
  g_assert_nonnull (node);
  stats = json_node_get_object (node);
  g_assert_cmpint (
    json_object_get_int_member (json_object_get_object_member (stats, "sessions"), "queued"), ==,
    1);
  g_assert_cmpfloat (
    json_object_get_double_member (json_object_get_object_member (stats, "ratings"), "mean"), ==,
    2.0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/desk-cli/bad-config", Fixture, NULL, set_up, test_bad_config, tear_down);
  g_test_add ("/desk-cli/bad-knowledge", Fixture, NULL, set_up, test_bad_knowledge, tear_down);
  g_test_add ("/desk-cli/no-config", Fixture, NULL, set_up, test_no_config, tear_down);
  g_test_add ("/desk-cli/stats", Fixture, NULL, set_up, test_stats, tear_down);

  return g_test_run ();
}
