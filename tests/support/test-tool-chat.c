/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-test"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include <glib/gstdio.h>

#include "prosody-harness.h"

/* `device-care-tool chat` as a script runs it, against Prosody with a slixmpp desk: lines in,
 * JSON events out; the pre-chat form answered with only what --share names; a rating with
 * /rate; and a tool killed with SIGKILL mid-send that, started again, sends its message once. */

#define PINEPHONE_SERIAL "deadbeef00c0ffee"

typedef struct
{
  ProsodyHarness *harness;
  XmppPeer *desk;
  char *home; /* XDG_DATA_HOME of the tool: its store and account */
  char *room;
} Fixture;

typedef struct
{
  GSubprocess *process;
  GOutputStream *input;
  GDataInputStream *output;
  GQueue events; /* of JsonObject*, read and not yet taken */
} Tool;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  fixture->harness = prosody_harness_start ();
  prosody_harness_register (fixture->harness, "desk", "desk-secret");
  fixture->desk = xmpp_peer_start (fixture->harness, "desk@localhost", "desk-secret", "--auto-join",
                                   "Desk", NULL);
  fixture->home = g_dir_make_tmp ("dc-tool-chat-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  g_clear_pointer (&fixture->desk, xmpp_peer_free);
  g_clear_pointer (&fixture->harness, prosody_harness_free);
  test_remove_tree (fixture->home);
  g_free (fixture->home);
  g_free (fixture->room);
}

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static Tool *
tool_start (Fixture *fixture, const char *share)
{
  g_autoptr (GSubprocessLauncher) launcher
    = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autofree char *root = g_test_build_filename (G_TEST_DIST, "data", "device", "pinephone", NULL);
  g_autofree char *share_arg = g_strdup_printf ("--share=%s", share ? share : "");
  g_autoptr (GError) error = NULL;
  Tool *tool = g_new0 (Tool, 1);

  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", fixture->home, TRUE);
  g_subprocess_launcher_setenv (launcher, "DEVICE_CARE_ROOT", root, TRUE);
  g_subprocess_launcher_setenv (launcher, "DEVICE_CARE_VENDOR_CONF", "/nonexistent", TRUE);
  g_subprocess_launcher_setenv (launcher, "DBUS_SYSTEM_BUS_ADDRESS",
                                "unix:path=/nonexistent/system_bus_socket", TRUE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  tool->process = g_subprocess_launcher_spawn (
    launcher, &error, g_getenv ("DC_TOOL"), "chat", "--service",
    prosody_harness_get_ws_url (fixture->harness), "--domain", "localhost", "--desk",
    "desk@localhost", "--rooms", prosody_harness_get_muc (fixture->harness), share_arg, "--problem",
    "The battery drains overnight.", NULL);
  g_assert_no_error (error);
  tool->input = g_subprocess_get_stdin_pipe (tool->process);
  tool->output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (tool->process));
  g_queue_init (&tool->events);
  return tool;
}

static void
tool_write (Tool *tool, const char *line)
{
  g_autofree char *text = g_strconcat (line, "\n", NULL);
  g_autoptr (GError) error = NULL;

  g_output_stream_write_all (tool->input, text, strlen (text), NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
tool_close_input (Tool *tool)
{
  g_output_stream_close (tool->input, NULL, NULL);
}

static void
line_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  char **line = user_data;
  g_autoptr (GError) error = NULL;

  *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL,
                                                     &error);
  if (*line == NULL)
    *line = g_strdup ("");
}

static gboolean
timed_out_cb (gpointer user_data)
{
  *(gboolean *)user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
matches (JsonObject *event, const char *type, const char *member, const char *value)
{
  return g_strcmp0 (json_object_get_string_member (event, "type"), type) == 0
         && (member == NULL
             || g_strcmp0 (json_object_get_string_member (event, member), value) == 0);
}

/* The next event of @type, with @member = @value when @member is given (30 s at most). Events
 * passed over stay for later waits, in order. */
static JsonObject *
tool_wait (Tool *tool, const char *type, const char *member, const char *value)
{
  gboolean timed_out = FALSE;
  guint timeout;

  for (GList *l = tool->events.head; l != NULL; l = l->next)
    if (matches (l->data, type, member, value))
      {
        JsonObject *event = l->data;
        g_queue_delete_link (&tool->events, l);
        return event;
      }
  timeout = g_timeout_add_seconds (30, timed_out_cb, &timed_out);
  for (;;)
    {
      g_autofree char *line = NULL;
      g_autoptr (JsonNode) node = NULL;
      JsonObject *event;

      g_data_input_stream_read_line_async (tool->output, G_PRIORITY_DEFAULT, NULL, line_cb, &line);
      while (line == NULL && !timed_out)
        g_main_context_iteration (NULL, TRUE);
      if (timed_out || *line == '\0')
        g_error ("No {\"type\":\"%s\"} from the tool (%s)", type,
                 timed_out ? "waited 30 s" : "its output ended");
      g_test_message ("tool: %s", line);
      node = json_from_string (line, NULL);
      g_assert_nonnull (node);
      event = json_object_ref (json_node_get_object (node));
      if (matches (event, type, member, value))
        {
          g_source_remove (timeout);
          return event;
        }
      g_queue_push_tail (&tool->events, event);
    }
}

static void
tool_free (Tool *tool)
{
  g_queue_clear_full (&tool->events, (GDestroyNotify)json_object_unref);
  g_object_unref (tool->output);
  g_object_unref (tool->process);
  g_free (tool);
}

static int
tool_finish (Tool *tool)
{
  g_autoptr (GError) error = NULL;
  int status;

  g_subprocess_wait (tool->process, NULL, &error);
  g_assert_no_error (error);
  status = g_subprocess_get_if_exited (tool->process) ? g_subprocess_get_exit_status (tool->process)
                                                      : -1;
  tool_free (tool);
  return status;
}

static void
tool_kill (Tool *tool)
{
  g_subprocess_force_exit (tool->process);
  g_subprocess_wait (tool->process, NULL, NULL);
  g_assert_false (g_subprocess_get_if_exited (tool->process));
  tool_free (tool);
}

static void
desk_joins (Fixture *fixture)
{
  g_autoptr (JsonObject) invite = xmpp_peer_wait (fixture->desk, "invite");
  g_autoptr (JsonObject) joined = NULL;

  g_free (fixture->room);
  fixture->room = g_strdup (json_object_get_string_member (invite, "room"));
  joined = xmpp_peer_wait (fixture->desk, "joined");
}

static JsonObject *
desk_asks_and_gets_answer (Fixture *fixture, Tool *tool)
{
  g_autoptr (JsonObject) form = NULL;
  JsonObject *answer;

  xmpp_peer_sendf (
    fixture->desk,
    "{\"cmd\":\"form\",\"to\":\"%s\",\"type\":\"groupchat\",\"title\":\"Before we start\","
    "\"body\":\"Hello!\",\"fields\":[{\"var\":\"FORM_TYPE\",\"type\":\"hidden\","
    "\"value\":\"urn:devicecare:support:prechat\"},{\"var\":\"serial\",\"label\":"
    "\"Serial number\"},{\"var\":\"imei\",\"label\":\"IMEI\"},{\"var\":\"model\","
    "\"label\":\"Model\"},{\"var\":\"os\",\"label\":\"System\"},{\"var\":"
    "\"description\",\"type\":\"text-multi\",\"label\":\"Problem\",\"required\":true}]}",
    fixture->room);
  form = tool_wait (tool, "form", NULL, NULL);
  g_assert_cmpstr (json_object_get_string_member (form, "form_type"), ==,
                   "urn:devicecare:support:prechat");
  while (TRUE)
    {
      answer = xmpp_peer_wait (fixture->desk, "form");
      if (g_strcmp0 (json_object_get_string_member (answer, "form_type"), "submit") == 0)
        return answer;
      json_object_unref (answer);
    }
}

static const char *
field (JsonObject *form, const char *var)
{
  JsonObject *fields = json_object_get_object_member (form, "fields");
  JsonArray *values
    = json_object_has_member (fields, var) ? json_object_get_array_member (fields, var) : NULL;
  return values != NULL ? json_array_get_string_element (values, 0) : NULL;
}

static void
test_session (Fixture *fixture, gconstpointer data)
{
  Tool *tool = tool_start (fixture, "model,os");
  g_autoptr (JsonObject) answer = NULL;
  g_autoptr (JsonObject) shown = NULL;
  g_autoptr (JsonObject) waiting = NULL;
  g_autoptr (JsonObject) greeting = NULL;
  g_autoptr (JsonObject) said = NULL;
  g_autoptr (JsonObject) delivery = NULL;
  g_autoptr (JsonObject) rating = NULL;
  g_autoptr (JsonObject) rated = NULL;

  desk_joins (fixture);
  answer = desk_asks_and_gets_answer (fixture, tool);
  /* Only what --share named, and what the customer wrote. */
  g_assert_null (field (answer, "serial"));
  g_assert_null (field (answer, "imei"));
  g_assert_cmpstr (field (answer, "model"), ==, "Pine64 PinePhone (1.2)");
  g_assert_nonnull (field (answer, "os"));
  g_assert_cmpstr (field (answer, "description"), ==, "The battery drains overnight.");
  shown = tool_wait (tool, "form-answer", NULL, NULL);
  /* Answered: the session waits for the desk again, and is not put back into "form". */
  waiting = tool_wait (tool, "state", "state", "waiting-for-desk");
  g_assert_false (
    json_object_has_member (json_object_get_object_member (shown, "fields"), "serial"));
  greeting = tool_wait (tool, "message", "from", "desk");
  g_assert_cmpstr (json_object_get_string_member (greeting, "body"), ==, "Hello!");

  tool_write (tool, "My phone does not charge.");
  said = xmpp_peer_wait_for (fixture->desk, "message", "body", "My phone does not charge.");
  delivery = tool_wait (tool, "delivery", "delivery", "sent");

  xmpp_peer_sendf (fixture->desk,
                   "{\"cmd\":\"form\",\"to\":\"%s\",\"type\":\"groupchat\",\"fields\":[{\"var\":"
                   "\"FORM_TYPE\",\"type\":\"hidden\",\"value\":\"urn:devicecare:support:rating\"},"
                   "{\"var\":\"rating\",\"type\":\"list-single\",\"required\":true,\"options\":["
                   "{\"value\":\"1\"},{\"value\":\"4\"},{\"value\":\"5\"}]},{\"var\":\"comment\","
                   "\"type\":\"text-multi\"}]}",
                   fixture->room);
  rating = tool_wait (tool, "form", "form_type", "urn:devicecare:support:rating");
  tool_write (tool, "/rate 4 Friendly, but it took long.");
  do
    {
      g_clear_pointer (&rated, json_object_unref);
      rated = xmpp_peer_wait (fixture->desk, "form");
    }
  while (g_strcmp0 (json_object_get_string_member (rated, "form_type"), "submit") != 0);
  g_assert_cmpstr (field (rated, "rating"), ==, "4");
  g_assert_cmpstr (field (rated, "comment"), ==, "Friendly, but it took long.");

  /* "/resolve" from a customer is just text; the end of input ends the tool once all is sent. */
  tool_write (tool, "/resolve");
  tool_close_input (tool);
  g_assert_cmpint (tool_finish (tool), ==, 0);
}

static void
test_share_serial (Fixture *fixture, gconstpointer data)
{
  Tool *tool = tool_start (fixture, "serial");
  g_autoptr (JsonObject) answer = NULL;

  desk_joins (fixture);
  answer = desk_asks_and_gets_answer (fixture, tool);
  g_assert_cmpstr (field (answer, "serial"), ==, PINEPHONE_SERIAL);
  g_assert_null (field (answer, "model"));
  tool_close_input (tool);
  g_assert_cmpint (tool_finish (tool), ==, 0);
}

static guint
archived (Fixture *fixture, const char *body)
{
  g_autofree char *command
    = g_strdup_printf ("{\"cmd\":\"mam\",\"to\":\"%s\",\"max\":200}", fixture->room);
  g_autoptr (JsonObject) archive = NULL;
  JsonArray *messages;
  guint count = 0;

  xmpp_peer_send (fixture->desk, command);
  archive = xmpp_peer_wait (fixture->desk, "archive");
  messages = json_object_get_array_member (archive, "messages");
  for (guint i = 0; i < json_array_get_length (messages); i++)
    if (g_strcmp0 (
          json_object_get_string_member (json_array_get_object_element (messages, i), "body"), body)
        == 0)
      count++;
  return count;
}

static gboolean
quit_loop_cb (gpointer user_data)
{
  *(gboolean *)user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
run_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, quit_loop_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* The message reached the server, which had not acknowledged it when the tool died: the tool
 * started again must find it in the archive and not send it a second time. */
static void
test_killed_mid_send (Fixture *fixture, gconstpointer data)
{
  Tool *tool = tool_start (fixture, NULL);
  g_autoptr (JsonObject) first = NULL;
  g_autoptr (JsonObject) answered = NULL;
  g_autoptr (JsonObject) delivered = NULL;
  g_autoptr (JsonObject) stored = NULL;

  desk_joins (fixture);
  tool_write (tool, "First.");
  first = tool_wait (tool, "delivery", "delivery", "sent");

  prosody_harness_pause (fixture->harness, TRUE);
  tool_write (tool, "Sent as it died.");
  stored = tool_wait (tool, "delivery", "delivery", "waiting");
  /* Stored, and written to the socket in the same turn of the tool's loop: a moment more and
   * the stopped server holds it. (Had it not, the restarted tool sends it: once either way.) */
  run_for (200);
  tool_kill (tool);
  prosody_harness_pause (fixture->harness, FALSE);

  tool = tool_start (fixture, NULL);
  tool_close_input (tool);
  delivered = tool_wait (tool, "delivery", "id", json_object_get_string_member (stored, "id"));
  g_assert_cmpstr (json_object_get_string_member (delivered, "delivery"), ==, "sent");
  g_assert_cmpint (tool_finish (tool), ==, 0);
  answered = xmpp_peer_wait_for (fixture->desk, "message", "body", "Sent as it died.");
  g_assert_cmpuint (archived (fixture, "Sent as it died."), ==, 1);
  g_assert_cmpuint (archived (fixture, "First."), ==, 1);
}

/* The server was down: the line waits in the outbox of a killed tool, and goes once. */
static void
test_killed_offline (Fixture *fixture, gconstpointer data)
{
  Tool *tool = tool_start (fixture, NULL);
  g_autoptr (JsonObject) offline = NULL;
  g_autoptr (JsonObject) delivered = NULL;
  g_autoptr (JsonObject) stored = NULL;

  desk_joins (fixture);
  prosody_harness_kill (fixture->harness);
  offline = tool_wait (tool, "state", "state", "offline");
  tool_write (tool, "Written while the server was down.");
  stored = tool_wait (tool, "delivery", "delivery", "waiting");
  tool_kill (tool);

  prosody_harness_restart (fixture->harness);
  g_clear_pointer (&fixture->desk, xmpp_peer_free);
  fixture->desk = xmpp_peer_start (fixture->harness, "desk@localhost", "desk-secret", NULL);
  tool = tool_start (fixture, NULL);
  tool_close_input (tool);
  delivered = tool_wait (tool, "delivery", "delivery", "sent");
  g_assert_cmpint (tool_finish (tool), ==, 0);
  g_assert_cmpuint (archived (fixture, "Written while the server was down."), ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/tool-chat/session", test_session);
  ADD ("/tool-chat/share-serial", test_share_serial);
  ADD ("/tool-chat/killed-mid-send", test_killed_mid_send);
  ADD ("/tool-chat/killed-offline", test_killed_offline);
#undef ADD

  return g_test_run ();
}
