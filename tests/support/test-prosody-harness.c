/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-test-prosody"

#include "prosody-harness.h"

#include <string.h>

/* The harness is what every support-chat integration test stands on: these check that the
 * server and the scripted peers behave as the support session needs. */

static char *
new_room (ProsodyHarness *harness)
{
  g_autofree char *uuid = g_uuid_string_random ();

  return g_strdup_printf ("%s@%s", uuid, prosody_harness_get_muc (harness));
}

static XmppPeer *
start_user (ProsodyHarness *harness, const char *user, const char *extra_arg, ...)
{
  g_autofree char *jid = g_strdup_printf ("%s@%s", user, prosody_harness_get_domain (harness));

  prosody_harness_register (harness, user, "secret");
  return xmpp_peer_start (harness, jid, "secret", extra_arg, extra_arg ? "Desk" : NULL, NULL);
}

static void
create_room (XmppPeer *owner, const char *room, gboolean persistent)
{
  g_autofree char *command = NULL;
  g_autoptr (JsonObject) joined = NULL;

  command
    = g_strdup_printf ("{\"cmd\":\"create_room\",\"room\":\"%s\",\"nick\":\"Alice\"%s}", room,
                       persistent ? ",\"config\":{\"muc#roomconfig_persistentroom\":\"1\"}" : "");
  xmpp_peer_send (owner, command);
  joined = xmpp_peer_wait (owner, "joined");
  g_assert_cmpstr (json_object_get_string_member (joined, "room"), ==, room);
  g_assert_true (json_object_get_boolean_member (joined, "created"));
}

static void
say (XmppPeer *peer, const char *room, const char *body, const char *id)
{
  g_autofree char *command = NULL;

  command = g_strdup_printf ("{\"cmd\":\"send\",\"to\":\"%s\",\"type\":\"groupchat\","
                             "\"body\":\"%s\",\"id\":\"%s\"}",
                             room, body, id);
  xmpp_peer_send (peer, command);
}

static void
send_prechat_form (XmppPeer *desk, const char *room)
{
  g_autofree char *command = NULL;

  command = g_strdup_printf (
    "{\"cmd\":\"form\",\"to\":\"%s\",\"type\":\"groupchat\",\"title\":\"Before we start\","
    "\"fields\":[{\"var\":\"serial\",\"type\":\"text-single\",\"label\":\"Serial number\","
    "\"value\":\"ABC123\"},{\"var\":\"category\",\"type\":\"list-single\",\"label\":\"Topic\","
    "\"required\":true,\"options\":[{\"label\":\"Battery\",\"value\":\"battery\"}]}]}",
    room);
  xmpp_peer_send (desk, command);
}

static void
test_websocket_speaks_xmpp (void)
{
  g_autoptr (ProsodyHarness) harness = prosody_harness_start ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GUri) uri
    = g_uri_parse (prosody_harness_get_ws_url (harness), G_URI_FLAGS_NONE, &error);
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  g_autoptr (GSocketConnection) connection = NULL;
  g_autofree char *request = NULL;
  char response[2048] = { 0 };
  gssize n_read;

  g_assert_no_error (error);
  g_assert_cmpstr (g_uri_get_scheme (uri), ==, "ws");
  /* The app reaches loopback directly; a proxy from the environment must not answer for it. */
  g_socket_client_set_enable_proxy (client, FALSE);
  connection = g_socket_client_connect_to_host (client, g_uri_get_host (uri), g_uri_get_port (uri),
                                                NULL, &error);
  g_assert_no_error (error);
  request = g_strdup_printf ("GET %s HTTP/1.1\r\nHost: %s:%d\r\nConnection: Upgrade\r\n"
                             "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                             "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                             "Sec-WebSocket-Protocol: xmpp\r\n\r\n",
                             g_uri_get_path (uri), g_uri_get_host (uri), g_uri_get_port (uri));
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)), request,
                             strlen (request), NULL, NULL, &error);
  g_assert_no_error (error);
  n_read = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (connection)), response,
                                sizeof response - 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n_read, >, 0);

  g_assert_true (g_str_has_prefix (response, "HTTP/1.1 101 "));
  g_assert_nonnull (strstr (response, "Sec-WebSocket-Protocol: xmpp\r\n"));
}

static void
test_desk_joins_and_sends_form (void)
{
  g_autoptr (ProsodyHarness) harness = prosody_harness_start ();
  g_autoptr (XmppPeer) alice = start_user (harness, "alice", NULL);
  g_autoptr (XmppPeer) desk = start_user (harness, "desk", "--auto-join");
  g_autofree char *room = new_room (harness);
  g_autofree char *invite = NULL;
  g_autoptr (JsonObject) invited = NULL;
  g_autoptr (JsonObject) joined = NULL;
  g_autoptr (JsonObject) message = NULL;
  g_autoptr (JsonObject) form = NULL;
  JsonObject *fields;

  create_room (alice, room, FALSE);
  invite = g_strdup_printf ("{\"cmd\":\"invite\",\"room\":\"%s\",\"jid\":\"desk@localhost\","
                            "\"reason\":\"Support request\"}",
                            room);
  xmpp_peer_send (alice, invite);
  invited = xmpp_peer_wait (desk, "invite");
  g_assert_cmpstr (json_object_get_string_member (invited, "room"), ==, room);
  g_assert_cmpstr (json_object_get_string_member (invited, "from"), ==, "alice@localhost");
  joined = xmpp_peer_wait (desk, "joined");
  g_assert_cmpstr (json_object_get_string_member (joined, "nick"), ==, "Desk");

  say (alice, room, "My phone does not charge", "msg-1");
  message = xmpp_peer_wait_for (desk, "message", "body", "My phone does not charge");
  g_assert_cmpstr (json_object_get_string_member (message, "origin_id"), ==, "msg-1");
  g_assert_cmpstr (json_object_get_string_member (message, "nick"), ==, "Alice");
  g_assert_false (json_object_get_boolean_member (message, "delayed"));

  send_prechat_form (desk, room);
  form = xmpp_peer_wait (alice, "form");
  g_assert_cmpstr (json_object_get_string_member (form, "form_type"), ==, "form");
  g_assert_cmpstr (json_object_get_string_member (form, "title"), ==, "Before we start");
  fields = json_object_get_object_member (form, "fields");
  g_assert_cmpstr (
    json_array_get_string_element (json_object_get_array_member (fields, "serial"), 0), ==,
    "ABC123");
  g_assert_true (json_object_has_member (fields, "category"));
}

static void
test_restart_keeps_accounts_and_archive (void)
{
  g_autoptr (ProsodyHarness) harness = prosody_harness_start ();
  g_autoptr (XmppPeer) alice = start_user (harness, "alice", NULL);
  g_autoptr (XmppPeer) again = NULL;
  g_autoptr (JsonObject) disconnected = NULL;
  g_autoptr (JsonObject) archive = NULL;
  g_autoptr (JsonObject) history = NULL;
  g_autofree char *room = new_room (harness);
  g_autofree char *query = NULL;
  g_autofree char *join = NULL;
  JsonArray *messages;
  JsonObject *archived;

  create_room (alice, room, TRUE);
  say (alice, room, "Still there?", "msg-before-crash");
  json_object_unref (xmpp_peer_wait_for (alice, "message", "origin_id", "msg-before-crash"));

  prosody_harness_kill (harness);
  disconnected = xmpp_peer_wait (alice, "disconnected");
  g_clear_pointer (&alice, xmpp_peer_free);
  prosody_harness_restart (harness);

  again = xmpp_peer_start (harness, "alice@localhost", "secret", NULL);
  query = g_strdup_printf ("{\"cmd\":\"mam\",\"to\":\"%s\"}", room);
  xmpp_peer_send (again, query);
  archive = xmpp_peer_wait (again, "archive");
  messages = json_object_get_array_member (archive, "messages");
  g_assert_cmpuint (json_array_get_length (messages), ==, 1);
  archived = json_array_get_object_element (messages, 0);
  g_assert_cmpstr (json_object_get_string_member (archived, "body"), ==, "Still there?");
  g_assert_cmpstr (json_object_get_string_member (archived, "origin_id"), ==, "msg-before-crash");

  join = g_strdup_printf ("{\"cmd\":\"join\",\"room\":\"%s\",\"nick\":\"Alice\"}", room);
  xmpp_peer_send (again, join);
  history = xmpp_peer_wait_for (again, "message", "origin_id", "msg-before-crash");
  g_assert_true (json_object_get_boolean_member (history, "delayed"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/prosody-harness/websocket-speaks-xmpp", test_websocket_speaks_xmpp);
  g_test_add_func ("/prosody-harness/desk-joins-and-sends-form", test_desk_joins_and_sends_form);
  g_test_add_func ("/prosody-harness/restart-keeps-accounts-and-archive",
                   test_restart_keeps_accounts_and_archive);

  return g_test_run ();
}
