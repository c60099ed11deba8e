/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-test"

#include <string.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "dc-support-session-private.h"
#include "prosody-harness.h"

/* A support session against a real Prosody on loopback, with slixmpp playing the desk and the
 * agent: the whole flow, what the form sends with and without consent, and messages in both
 * directions through a cut connection and a server killed with SIGKILL, each delivered once. */

#define DESK_SERIAL "PF2ABC12345"

typedef struct
{
  ProsodyHarness *harness;
  char *data_dir;
  DcSupportStore *store;
  DcSupportSession *session;
  XmppPeer *desk;
  XmppPeer *agent;
  char *room;
  TcpRelay *relay; /* between the session and Prosody's WebSocket, to cut the line */
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GUri) uri = NULL;
  g_autofree char *db = NULL;

  fixture->harness = prosody_harness_start ();
  prosody_harness_register (fixture->harness, "desk", "desk-secret");
  prosody_harness_register (fixture->harness, "agent", "agent-secret");
  fixture->desk = xmpp_peer_start (fixture->harness, "desk@localhost", "desk-secret", "--auto-join",
                                   "Desk", NULL);

  uri = g_uri_parse (prosody_harness_get_ws_url (fixture->harness), G_URI_FLAGS_NONE, NULL);
  fixture->relay = tcp_relay_new (g_uri_get_port (uri));

  fixture->data_dir = g_dir_make_tmp ("dc-session-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (fixture->data_dir, "support.db", NULL);
  fixture->store = dc_support_store_new (db, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  g_clear_object (&fixture->session);
  g_clear_object (&fixture->store);
  g_clear_pointer (&fixture->agent, xmpp_peer_free);
  g_clear_pointer (&fixture->desk, xmpp_peer_free);
  g_clear_pointer (&fixture->relay, tcp_relay_free);
  g_clear_pointer (&fixture->harness, prosody_harness_free);
  test_remove_tree (fixture->data_dir);
  g_free (fixture->data_dir);
  g_free (fixture->room);
}

typedef gboolean (*Condition) (Fixture *fixture);

static gboolean
timed_out_cb (gpointer user_data)
{
  *(gboolean *)user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_until (Fixture *fixture, Condition condition, const char *what)
{
  gboolean timed_out = FALSE;
  guint timeout = g_timeout_add_seconds (30, timed_out_cb, &timed_out);

  while (!condition (fixture) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    g_error ("Waited 30 s for %s; the session is %s (%s)", what,
             dc_support_state_to_string (dc_support_session_get_state (fixture->session)),
             dc_support_session_get_error (fixture->session) ?: "no error");
  g_source_remove (timeout);
}

static DcSupportState
state_of (Fixture *fixture)
{
  return dc_support_session_get_state (fixture->session);
}

static gboolean
has_form (Fixture *fixture)
{
  return dc_support_session_get_form (fixture->session) != NULL;
}

static gboolean
is_queued (Fixture *fixture)
{
  return state_of (fixture) == DC_SUPPORT_STATE_QUEUED;
}

static gboolean
with_agent (Fixture *fixture)
{
  return state_of (fixture) == DC_SUPPORT_STATE_WITH_AGENT;
}

static gboolean
is_offline (Fixture *fixture)
{
  return state_of (fixture) == DC_SUPPORT_STATE_OFFLINE;
}

static gboolean
back_with_agent_and_flushed (Fixture *fixture)
{
  return with_agent (fixture) && dc_support_session_is_flushed (fixture->session);
}

static gboolean
flushed (Fixture *fixture)
{
  return dc_support_session_is_flushed (fixture->session);
}

static gboolean
is_rating (Fixture *fixture)
{
  return state_of (fixture) == DC_SUPPORT_STATE_RATING && has_form (fixture);
}

static gboolean
is_closed (Fixture *fixture)
{
  return state_of (fixture) == DC_SUPPORT_STATE_CLOSED;
}

static gboolean
peer_typing (Fixture *fixture)
{
  return dc_support_session_get_peer_typing (fixture->session);
}

/* The n-th message of the transcript, counting from the end (0: the last). */
static DcChatMessage *
last_message (Fixture *fixture, guint from_end)
{
  GListModel *messages = dc_support_session_get_messages (fixture->session);
  guint n = g_list_model_get_n_items (messages);
  g_autoptr (DcChatMessage) message
    = n > from_end ? g_list_model_get_item (messages, n - 1 - from_end) : NULL;
  return message; /* the model keeps it alive */
}

static guint
count_bodies (Fixture *fixture, const char *body)
{
  GListModel *messages = dc_support_session_get_messages (fixture->session);
  guint count = 0;

  for (guint i = 0; i < g_list_model_get_n_items (messages); i++)
    {
      g_autoptr (DcChatMessage) message = g_list_model_get_item (messages, i);
      if (g_strcmp0 (dc_chat_message_get_body (message), body) == 0)
        count++;
    }
  return count;
}

/* Starts a session with a new account, as the app does on first use; the desk joins. */
static void
open_session_as (Fixture *fixture, gboolean through_relay, const char *user)
{
  DcSupportConfig config = { 0 };
  g_autofree char *url = NULL;
  g_autoptr (JsonObject) invite = NULL;
  g_autoptr (JsonObject) joined = NULL;

  url = through_relay ? g_strdup_printf ("ws://127.0.0.1:%u/xmpp-websocket",
                                         tcp_relay_get_port (fixture->relay))
                      : g_strdup (prosody_harness_get_ws_url (fixture->harness));
  config.service = url;
  config.domain = (char *)"localhost";
  config.muc = (char *)prosody_harness_get_muc (fixture->harness);
  config.desk = (char *)"desk@localhost";
  config.username = (char *)user;
  config.password = (char *)"customer-secret";
  config.create_account = TRUE;
  fixture->session = dc_support_session_new (&config, fixture->store);
  dc_support_session_start (fixture->session);

  invite = xmpp_peer_wait (fixture->desk, "invite");
  fixture->room = g_strdup (json_object_get_string_member (invite, "room"));
  g_assert_cmpstr (fixture->room, ==, dc_support_session_get_room (fixture->session));
  joined = xmpp_peer_wait (fixture->desk, "joined");
  g_assert_cmpint (state_of (fixture), ==, DC_SUPPORT_STATE_WAITING_FOR_DESK);
}

static void
open_session (Fixture *fixture, gboolean through_relay)
{
  g_autofree char *user = g_strdup_printf ("customer-%08x", g_random_int ());

  open_session_as (fixture, through_relay, user);
}

static void
desk_sends_prechat_form (Fixture *fixture)
{
  xmpp_peer_sendf (
    fixture->desk,
    "{\"cmd\":\"form\",\"to\":\"%s\",\"type\":\"groupchat\",\"title\":\"Before we start\","
    "\"body\":\"Hello! Please tell us about your device.\",\"fields\":["
    "{\"var\":\"FORM_TYPE\",\"type\":\"hidden\",\"value\":\"urn:devicecare:support:prechat\"},"
    "{\"var\":\"serial\",\"type\":\"text-single\",\"label\":\"Serial number\"},"
    "{\"var\":\"model\",\"type\":\"text-single\",\"label\":\"Model\"},"
    "{\"var\":\"description\",\"type\":\"text-multi\",\"label\":\"Problem\","
    "\"required\":true}]}",
    fixture->room);
  wait_until (fixture, has_form, "the pre-chat form");
  g_assert_cmpint (state_of (fixture), ==, DC_SUPPORT_STATE_FORM);
  g_assert_cmpstr (dc_chat_message_get_body (last_message (fixture, 0)), ==,
                   "Hello! Please tell us about your device.");
  g_assert_cmpint (dc_chat_message_get_sender (last_message (fixture, 0)), ==, DC_CHAT_SENDER_DESK);
}

/* Answers the form; the desk's copy of the answer is returned. */
static JsonObject *
submit_prechat (Fixture *fixture, gboolean share_serial)
{
  DcDataForm *form = dc_support_session_get_form (fixture->session);
  g_autoptr (GError) error = NULL;

  g_assert_true (dc_data_form_set_value (form, "serial", DESK_SERIAL));
  g_assert_true (dc_data_form_set_value (form, "model", "PinePhone"));
  g_assert_true (dc_data_form_set_value (form, "description", "The battery drains overnight."));
  dc_data_form_set_included (form, "serial", share_serial);
  g_assert_true (dc_support_session_submit_form (fixture->session, form, &error));
  g_assert_no_error (error);
  g_assert_null (dc_support_session_get_form (fixture->session));
  g_assert_cmpint (state_of (fixture), ==, DC_SUPPORT_STATE_WAITING_FOR_DESK);
  for (;;)
    {
      JsonObject *answer = xmpp_peer_wait (fixture->desk, "form");
      if (g_strcmp0 (json_object_get_string_member (answer, "form_type"), "submit") == 0)
        return answer;
      json_object_unref (answer);
    }
}

static gboolean
file_tree_contains (const char *path, const char *needle)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        {
          if (file_tree_contains (child, needle))
            return TRUE;
        }
      else if (g_file_get_contents (child, &contents, &length, NULL)
               && g_strstr_len (contents, length, needle) != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
agent_joins (Fixture *fixture)
{
  g_autoptr (JsonObject) joined = NULL;

  if (fixture->agent == NULL)
    fixture->agent = xmpp_peer_start (fixture->harness, "agent@localhost", "agent-secret",
                                      "--auto-join", "Sam", NULL);
  xmpp_peer_sendf (fixture->desk,
                   "{\"cmd\":\"invite\",\"room\":\"%s\",\"jid\":\"agent@localhost\"}",
                   fixture->room);
  joined = xmpp_peer_wait (fixture->agent, "joined");
  wait_until (fixture, with_agent, "the agent");
}

/* What the agent received from the customer, @body, counted across live messages and history. */
static void
agent_receives_once (Fixture *fixture, const char *body)
{
  for (;;)
    {
      g_autoptr (JsonObject) message = xmpp_peer_wait (fixture->agent, "message");
      if (g_strcmp0 (json_object_get_string_member (message, "body"), body) == 0)
        {
          g_assert_cmpstr (json_object_get_string_member (message, "nick"), ==, "customer");
          break;
        }
    }
}

/* The room's archive holds @body exactly once: no message was lost or sent twice. */
static void
archive_holds_once (Fixture *fixture, const char *body)
{
  g_autoptr (JsonObject) archive = NULL;
  JsonArray *messages;
  guint count = 0;

  xmpp_peer_sendf (fixture->agent, "{\"cmd\":\"mam\",\"to\":\"%s\",\"max\":200}", fixture->room);
  archive = xmpp_peer_wait (fixture->agent, "archive");
  messages = json_object_get_array_member (archive, "messages");
  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonObject *m = json_array_get_object_element (messages, i);
      if (g_strcmp0 (json_object_get_string_member (m, "body"), body) == 0)
        count++;
    }
  g_assert_cmpuint (count, ==, 1);
}

static void
test_whole_session (Fixture *fixture, gconstpointer data)
{
  g_autoptr (JsonObject) answer = NULL;
  g_autoptr (JsonObject) rating = NULL;
  g_autoptr (GPtrArray) sessions = NULL;
  g_autoptr (GError) error = NULL;
  JsonObject *fields;
  DcChatMessage *mine;
  DcDataForm *form;

  open_session (fixture, FALSE);
  desk_sends_prechat_form (fixture);

  /* Without consent the serial never leaves the phone: not in the answer, not on the server. */
  answer = submit_prechat (fixture, FALSE);
  fields = json_object_get_object_member (answer, "fields");
  g_assert_false (json_object_has_member (fields, "serial"));
  g_assert_cmpstr (
    json_array_get_string_element (json_object_get_array_member (fields, "model"), 0), ==,
    "PinePhone");
  g_assert_false (
    file_tree_contains (prosody_harness_get_data_dir (fixture->harness), DESK_SERIAL));

  /* The desk queues the session and says where it stands. */
  xmpp_peer_sendf (
    fixture->desk,
    "{\"cmd\":\"send\",\"to\":\"%s\",\"type\":\"groupchat\",\"body\":\"You are number 2 "
    "in the queue.\",\"xml\":\"<status xmlns='urn:devicecare:support:0' state='queued' "
    "position='2' wait='300'/>\"}",
    fixture->room);
  wait_until (fixture, is_queued, "the queue");
  g_assert_cmpint (dc_support_session_get_queue_position (fixture->session), ==, 2);
  g_assert_cmpint (dc_support_session_get_estimated_wait (fixture->session), ==, 300);

  /* A person takes over; customer and agent talk, with typing and read markers. */
  agent_joins (fixture);
  xmpp_peer_sendf (fixture->agent,
                   "{\"cmd\":\"chatstate\",\"to\":\"%s\",\"type\":\"groupchat\","
                   "\"state\":\"composing\"}",
                   fixture->room);
  wait_until (fixture, peer_typing, "the agent typing");
  xmpp_peer_sendf (
    fixture->agent,
    "{\"cmd\":\"send\",\"to\":\"%s\",\"type\":\"groupchat\",\"body\":\"Hi, I am Sam.\"}",
    fixture->room);
  g_assert_true (dc_support_session_send (fixture->session, "It dies by morning.", &error));
  g_assert_no_error (error);
  mine = last_message (fixture, 0);
  g_assert_cmpint (dc_chat_message_get_delivery (mine), ==, DC_DELIVERY_WAITING);
  agent_receives_once (fixture, "It dies by morning.");
  wait_until (fixture, flushed, "the acknowledgement");
  g_assert_cmpint (dc_chat_message_get_delivery (mine), ==, DC_DELIVERY_SENT);
  xmpp_peer_sendf (fixture->agent,
                   "{\"cmd\":\"displayed\",\"to\":\"%s\",\"type\":\"groupchat\",\"id\":\"%s\"}",
                   fixture->room, dc_chat_message_get_origin_id (mine));
  while (dc_chat_message_get_delivery (mine) != DC_DELIVERY_READ)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (count_bodies (fixture, "Hi, I am Sam."), ==, 1);
  g_assert_false (peer_typing (fixture));

  /* The agent resolved it: the desk asks for a rating, the customer gives one. */
  xmpp_peer_sendf (
    fixture->desk,
    "{\"cmd\":\"form\",\"to\":\"%s\",\"type\":\"groupchat\",\"title\":\"How did we do?\","
    "\"fields\":[{\"var\":\"FORM_TYPE\",\"type\":\"hidden\","
    "\"value\":\"urn:devicecare:support:rating\"},{\"var\":\"rating\",\"type\":"
    "\"list-single\",\"label\":\"Rating\",\"required\":true,\"options\":["
    "{\"label\":\"1\",\"value\":\"1\"},{\"label\":\"5\",\"value\":\"5\"}]},"
    "{\"var\":\"comment\",\"type\":\"text-multi\",\"label\":\"Comment\"}]}",
    fixture->room);
  wait_until (fixture, is_rating, "the rating form");
  form = dc_support_session_get_form (fixture->session);
  dc_data_form_set_value (form, "rating", "5");
  dc_data_form_set_value (form, "comment", "Quick and kind.");
  g_assert_true (dc_support_session_submit_form (fixture->session, form, &error));
  do
    {
      g_clear_pointer (&rating, json_object_unref);
      rating = xmpp_peer_wait (fixture->desk, "form");
    }
  while (g_strcmp0 (json_object_get_string_member (rating, "form_type"), "submit") != 0);
  fields = json_object_get_object_member (rating, "fields");
  g_assert_cmpstr (
    json_array_get_string_element (json_object_get_array_member (fields, "rating"), 0), ==, "5");
  xmpp_peer_sendf (fixture->desk,
                   "{\"cmd\":\"send\",\"to\":\"%s\",\"type\":\"groupchat\",\"body\":\"Thank you!\","
                   "\"xml\":\"<status xmlns='urn:devicecare:support:0' state='closed'/>\"}",
                   fixture->room);
  wait_until (fixture, is_closed, "the end");

  /* The transcript stays on the phone. */
  sessions = dc_support_store_list_sessions (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sessions->len, ==, 1);
  g_assert_cmpstr (((DcSessionRecord *)sessions->pdata[0])->state, ==, "closed");
  g_assert_cmpstr (((DcSessionRecord *)sessions->pdata[0])->last_body, ==, "Thank you!");
}

static void
test_consent_given (Fixture *fixture, gconstpointer data)
{
  g_autoptr (JsonObject) answer = NULL;
  JsonObject *fields;

  open_session (fixture, FALSE);
  desk_sends_prechat_form (fixture);
  answer = submit_prechat (fixture, TRUE);
  fields = json_object_get_object_member (answer, "fields");
  g_assert_cmpstr (
    json_array_get_string_element (json_object_get_array_member (fields, "serial"), 0), ==,
    DESK_SERIAL);
}

static void
test_cut_connection (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  open_session (fixture, TRUE);
  agent_joins (fixture);

  tcp_relay_cut (fixture->relay);
  wait_until (fixture, is_offline, "the drop to be noticed");
  /* Written while offline: kept, waiting. */
  g_assert_true (dc_support_session_send (fixture->session, "Are you still there?", &error));
  g_assert_true (dc_support_session_send (fixture->session, "Hello?", &error));
  g_assert_cmpuint (dc_support_session_get_waiting_count (fixture->session), ==, 2);
  /* The agent writes while the customer is away; the server keeps it for the stream. */
  xmpp_peer_sendf (
    fixture->agent,
    "{\"cmd\":\"send\",\"to\":\"%s\",\"type\":\"groupchat\",\"body\":\"I am here.\"}",
    fixture->room);
  xmpp_peer_wait (fixture->agent, "sent");

  tcp_relay_restore (fixture->relay);
  dc_support_session_reconnect (fixture->session);
  wait_until (fixture, back_with_agent_and_flushed, "the way back");
  agent_receives_once (fixture, "Are you still there?");
  agent_receives_once (fixture, "Hello?");
  while (count_bodies (fixture, "I am here.") == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (count_bodies (fixture, "I am here."), ==, 1);
  archive_holds_once (fixture, "Are you still there?");
  archive_holds_once (fixture, "Hello?");
}

static void
test_server_killed (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) rejoined = NULL;

  open_session (fixture, FALSE);
  agent_joins (fixture);
  g_assert_true (dc_support_session_send (fixture->session, "Before the crash.", &error));
  agent_receives_once (fixture, "Before the crash.");
  wait_until (fixture, flushed, "the first message");

  prosody_harness_kill (fixture->harness);
  wait_until (fixture, is_offline, "the crash to be noticed");
  g_assert_true (dc_support_session_send (fixture->session, "During the crash.", &error));
  g_clear_pointer (&fixture->agent, xmpp_peer_free);
  g_clear_pointer (&fixture->desk, xmpp_peer_free);

  prosody_harness_restart (fixture->harness);
  fixture->agent = xmpp_peer_start (fixture->harness, "agent@localhost", "agent-secret", NULL);
  xmpp_peer_sendf (fixture->agent,
                   "{\"cmd\":\"join\",\"room\":\"%s\",\"nick\":\"Sam\",\"history\":0}",
                   fixture->room);
  rejoined = xmpp_peer_wait (fixture->agent, "joined");
  /* The session comes back on its own (back-off), rejoins, reads the archive, sends the rest. */
  dc_support_session_reconnect (fixture->session);
  wait_until (fixture, flushed, "the outbox after the restart");
  agent_receives_once (fixture, "During the crash.");
  xmpp_peer_sendf (
    fixture->agent,
    "{\"cmd\":\"send\",\"to\":\"%s\",\"type\":\"groupchat\",\"body\":\"Back again.\"}",
    fixture->room);
  while (count_bodies (fixture, "Back again.") == 0)
    g_main_context_iteration (NULL, TRUE);
  archive_holds_once (fixture, "Before the crash.");
  archive_holds_once (fixture, "During the crash.");
  g_assert_cmpuint (count_bodies (fixture, "Before the crash."), ==, 1);
  g_assert_cmpuint (count_bodies (fixture, "Back again."), ==, 1);
}

static void
attached_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

static void
test_attachment (Fixture *fixture, gconstpointer data)
{
  static const char report[] = "{\"schema\":\"device-care/report/1\",\"findings\":[]}";
  g_autoptr (GBytes) bytes = g_bytes_new_static (report, strlen (report));
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) message = NULL;
  g_autoptr (SoupSession) http = soup_session_new ();
  g_autoptr (SoupMessage) get = NULL;
  g_autoptr (GBytes) fetched = NULL;
  const char *url;

  open_session (fixture, FALSE);
  agent_joins (fixture);
  dc_support_session_attach_async (fixture->session, bytes, "report.json", "application/json", NULL,
                                   attached_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (dc_support_session_attach_finish (fixture->session, result, &error));
  g_assert_no_error (error);

  /* The agent gets the file's address, and the file there is the report, byte for byte. */
  message = xmpp_peer_wait (fixture->agent, "message");
  url = json_object_get_string_member (message, "body");
  g_assert_true (g_str_has_prefix (url, "http://127.0.0.1:"));
  g_assert_true (g_str_has_suffix (url, "/report.json"));
  get = soup_message_new ("GET", url);
  fetched = soup_session_send_and_read (http, get, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (get), ==, 200);
  g_assert_true (g_bytes_equal (fetched, bytes));
  wait_until (fixture, flushed, "the acknowledgement");
}

/* The app stopped after the server created its account and before it noted that: registering
 * again meets "conflict", and signing in with the kept password goes on. */
static void
test_account_exists (Fixture *fixture, gconstpointer data)
{
  prosody_harness_register (fixture->harness, "customer-again", "customer-secret");
  open_session_as (fixture, FALSE, "customer-again");
  g_assert_null (dc_support_session_get_error (fixture->session));
}

static gboolean
waiting_for_desk (Fixture *fixture)
{
  return state_of (fixture) == DC_SUPPORT_STATE_WAITING_FOR_DESK;
}

/* The first invitation goes nowhere (the desk is not there); the session invites again, and the
 * desk that has come meanwhile joins. */
static void
test_desk_invited_again (Fixture *fixture, gconstpointer data)
{
  DcSupportConfig config = { 0 };
  g_autoptr (JsonObject) invite = NULL;
  g_autoptr (JsonObject) joined = NULL;

  g_clear_pointer (&fixture->desk, xmpp_peer_free);
  config.service = (char *)prosody_harness_get_ws_url (fixture->harness);
  config.domain = (char *)"localhost";
  config.muc = (char *)prosody_harness_get_muc (fixture->harness);
  config.desk = (char *)"desk@localhost";
  config.username = (char *)"customer-patient";
  config.password = (char *)"customer-secret";
  config.create_account = TRUE;
  fixture->session = dc_support_session_new (&config, fixture->store);
  dc_support_session_set_desk_wait (fixture->session, 1);
  dc_support_session_start (fixture->session);
  wait_until (fixture, waiting_for_desk, "the first invitation");

  fixture->desk = xmpp_peer_start (fixture->harness, "desk@localhost", "desk-secret", "--auto-join",
                                   "Desk", NULL);
  invite = xmpp_peer_wait (fixture->desk, "invite");
  g_assert_cmpstr (json_object_get_string_member (invite, "room"), ==,
                   dc_support_session_get_room (fixture->session));
  joined = xmpp_peer_wait (fixture->desk, "joined");
}

static void
answer_at_once_cb (DcSupportSession *session, GParamSpec *pspec, gpointer user_data)
{
  DcDataForm *form = dc_support_session_get_form (session);
  g_autoptr (GError) error = NULL;

  if (form == NULL)
    return;
  dc_data_form_set_value (form, "description", "Answered as soon as asked.");
  g_assert_true (dc_support_session_submit_form (session, form, &error));
  g_assert_no_error (error);
}

/* A client that answers the form the moment it is told (as device-care-tool does) leaves the
 * session waiting for the desk, not back in "form". */
static void
test_form_answered_at_once (Fixture *fixture, gconstpointer data)
{
  g_autoptr (JsonObject) answer = NULL;

  open_session (fixture, FALSE);
  g_signal_connect (fixture->session, "notify::form", G_CALLBACK (answer_at_once_cb), NULL);
  xmpp_peer_sendf (fixture->desk,
                   "{\"cmd\":\"form\",\"to\":\"%s\",\"type\":\"groupchat\",\"fields\":["
                   "{\"var\":\"FORM_TYPE\",\"type\":\"hidden\","
                   "\"value\":\"urn:devicecare:support:prechat\"},{\"var\":\"description\","
                   "\"type\":\"text-multi\",\"required\":true}]}",
                   fixture->room);
  do
    {
      g_clear_pointer (&answer, json_object_unref);
      answer = xmpp_peer_wait (fixture->desk, "form");
    }
  while (g_strcmp0 (json_object_get_string_member (answer, "form_type"), "submit") != 0);
  g_assert_cmpint (state_of (fixture), ==, DC_SUPPORT_STATE_WAITING_FOR_DESK);
}

/* A room the server will not open (here: a room service that does not exist) is handled like a
 * drop: offline, the customer's messages kept, a sentence that says what to do. */
static void
test_room_refused (Fixture *fixture, gconstpointer data)
{
  DcSupportConfig config = { 0 };
  g_autoptr (GError) error = NULL;

  config.service = (char *)prosody_harness_get_ws_url (fixture->harness);
  config.domain = (char *)"localhost";
  config.muc = (char *)"no-rooms.localhost";
  config.desk = (char *)"desk@localhost";
  config.username = (char *)"customer-refused";
  config.password = (char *)"customer-secret";
  config.create_account = TRUE;
  fixture->session = dc_support_session_new (&config, fixture->store);
  dc_support_session_set_retry_limit (fixture->session, 0);
  dc_support_session_start (fixture->session);
  g_assert_true (dc_support_session_send (fixture->session, "Is anyone there?", &error));
  wait_until (fixture, is_offline, "the refusal");
  g_assert_cmpstr (dc_support_session_get_error (fixture->session), ==,
                   "The support server did not open the chat. Your messages are kept; Device Care "
                   "tries again by itself, or you can try again now or reach support another way.");
  g_assert_cmpuint (dc_support_session_get_waiting_count (fixture->session), ==, 1);
}

static gboolean
rating_asked (Fixture *fixture)
{
  return state_of (fixture) == DC_SUPPORT_STATE_RATING && has_form (fixture);
}

/* What the desk said while the app was away (here the server restarted, so no stream to resume)
 * is found in the archive: the latest status and a form still unanswered apply. */
static void
test_missed_while_away (Fixture *fixture, gconstpointer data)
{
  g_autoptr (JsonObject) joined = NULL;

  open_session (fixture, FALSE);
  dc_support_session_set_retry_limit (fixture->session, 0);
  prosody_harness_kill (fixture->harness);
  wait_until (fixture, is_offline, "the crash to be noticed");
  g_clear_pointer (&fixture->desk, xmpp_peer_free);
  prosody_harness_restart (fixture->harness);

  fixture->desk = xmpp_peer_start (fixture->harness, "desk@localhost", "desk-secret", NULL);
  xmpp_peer_sendf (fixture->desk, "{\"cmd\":\"join\",\"room\":\"%s\",\"nick\":\"Desk\"}",
                   fixture->room);
  joined = xmpp_peer_wait (fixture->desk, "joined");
  xmpp_peer_sendf (fixture->desk,
                   "{\"cmd\":\"send\",\"to\":\"%s\",\"type\":\"groupchat\",\"body\":\"You are "
                   "number 3.\",\"xml\":\"<status xmlns='urn:devicecare:support:0' state='queued' "
                   "position='3' wait='600'/>\"}",
                   fixture->room);
  xmpp_peer_sendf (fixture->desk,
                   "{\"cmd\":\"form\",\"to\":\"%s\",\"type\":\"groupchat\",\"store\":true,"
                   "\"fields\":[{\"var\":\"FORM_TYPE\",\"type\":\"hidden\","
                   "\"value\":\"urn:devicecare:support:rating\"},{\"var\":\"rating\","
                   "\"type\":\"list-single\",\"options\":[{\"value\":\"5\"}]}]}",
                   fixture->room);
  json_object_unref (xmpp_peer_wait (fixture->desk, "sent"));
  json_object_unref (xmpp_peer_wait (fixture->desk, "sent"));

  dc_support_session_reconnect (fixture->session);
  wait_until (fixture, rating_asked, "the rating form sent while away");
  g_assert_cmpint (dc_support_session_get_queue_position (fixture->session), ==, 3);
  g_assert_cmpuint (count_bodies (fixture, "You are number 3."), ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/support-session/whole-session", test_whole_session);
  ADD ("/support-session/consent-given", test_consent_given);
  ADD ("/support-session/cut-connection", test_cut_connection);
  ADD ("/support-session/server-killed", test_server_killed);
  ADD ("/support-session/attachment", test_attachment);
  ADD ("/support-session/account-exists", test_account_exists);
  ADD ("/support-session/desk-invited-again", test_desk_invited_again);
  ADD ("/support-session/form-answered-at-once", test_form_answered_at_once);
  ADD ("/support-session/room-refused", test_room_refused);
  ADD ("/support-session/missed-while-away", test_missed_while_away);
#undef ADD

  return g_test_run ();
}
