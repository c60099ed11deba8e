/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-test"

#include <string.h>

#include <libsoup/soup.h>

#include "dc-support-error.h"
#include "dc-xmpp-connection.h"

/* A WebSocket server on loopback that answers the client's <open/> with what no XMPP server may
 * send: broken XML, a DTD, an entity bomb, a 10 MB stanza. The client must give a clear error,
 * quickly, and not crash (the suite also runs under AddressSanitizer). */

typedef struct
{
  SoupServer *server;
  char *url;
  GBytes *payload;    /* sent after the client's <open/> */
  GPtrArray *sockets; /* of SoupWebsocketConnection */
} Hostile;

static void
client_message_cb (SoupWebsocketConnection *ws, gint type, GBytes *message, gpointer user_data)
{
  Hostile *hostile = user_data;
  const char *open = "<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' from='localhost' "
                     "id='x' version='1.0'/>";

  if (g_strstr_len (g_bytes_get_data (message, NULL), g_bytes_get_size (message), "<open") == NULL)
    return;
  soup_websocket_connection_send_text (ws, open);
  /* libsoup sends text frames only as UTF-8: the rest goes as a binary frame. */
  soup_websocket_connection_send_message (
    ws,
    g_utf8_validate (g_bytes_get_data (hostile->payload, NULL), g_bytes_get_size (hostile->payload),
                     NULL)
      ? SOUP_WEBSOCKET_DATA_TEXT
      : SOUP_WEBSOCKET_DATA_BINARY,
    hostile->payload);
}

static void
websocket_cb (SoupServer *server, SoupServerMessage *msg, const char *path,
              SoupWebsocketConnection *ws, gpointer user_data)
{
  Hostile *hostile = user_data;

  soup_websocket_connection_set_max_incoming_payload_size (ws, 0);
  g_ptr_array_add (hostile->sockets, g_object_ref (ws));
  g_signal_connect (ws, "message", G_CALLBACK (client_message_cb), hostile);
}

static void
hostile_start (Hostile *hostile, GBytes *payload)
{
  const char *protocols[] = { "xmpp", NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (GSList) uris = NULL;

  hostile->payload = payload;
  hostile->sockets = g_ptr_array_new_with_free_func (g_object_unref);
  hostile->server = soup_server_new (NULL, NULL);
  soup_server_add_websocket_handler (hostile->server, "/xmpp-websocket", NULL, (char **)protocols,
                                     websocket_cb, hostile, NULL);
  soup_server_listen_local (hostile->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (hostile->server);
  hostile->url = g_strdup_printf ("ws://127.0.0.1:%d/xmpp-websocket", g_uri_get_port (uris->data));
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify)g_uri_unref);
}

static void
hostile_stop (Hostile *hostile)
{
  g_ptr_array_unref (hostile->sockets);
  soup_server_disconnect (hostile->server);
  g_object_unref (hostile->server);
  g_bytes_unref (hostile->payload);
  g_free (hostile->url);
}

static void
connected_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *)user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Connects to a server that sends @payload; returns the error the customer would read. */
static GError *
connect_to_hostile (GBytes *payload, gint64 *elapsed_ms)
{
  Hostile hostile = { 0 };
  g_autoptr (DcXmppConnection) xmpp = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  GError *error = NULL;
  gboolean timed_out = FALSE;
  gint64 start = g_get_monotonic_time ();
  guint timeout;

  hostile_start (&hostile, payload);
  xmpp = dc_xmpp_connection_new (hostile.url, "localhost", &error);
  g_assert_no_error (error);
  dc_xmpp_connection_connect_async (xmpp, "alice", "secret", FALSE, NULL, connected_cb, &result);
  timeout = g_timeout_add_seconds (10, timeout_cb, &timed_out);
  while (result == NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (timeout);
  *elapsed_ms = (g_get_monotonic_time () - start) / 1000;
  g_assert_false (dc_xmpp_connection_connect_finish (xmpp, result, NULL, &error));
  g_assert_cmpint (dc_xmpp_connection_get_state (xmpp), ==, DC_XMPP_STATE_DISCONNECTED);
  hostile_stop (&hostile);
  return error;
}

static void
check_refused (const char *what, GBytes *payload, const char *expected)
{
  gint64 elapsed;
  g_autoptr (GError) error = connect_to_hostile (payload, &elapsed);

  g_test_message ("%s: “%s” after %" G_GINT64_FORMAT " ms", what, error->message, elapsed);
  g_assert_error (error, DC_SUPPORT_ERROR, DC_SUPPORT_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, expected));
  g_assert_cmpint (elapsed, <, 5000);
}

static GBytes *
text (const char *payload)
{
  return g_bytes_new (payload, strlen (payload));
}

static void
test_malformed (void)
{
  check_refused ("unclosed element",
                 text ("<features xmlns='http://etherx.jabber.org/streams'><mechanisms>"),
                 "cannot read");
  check_refused ("two elements", text ("<features xmlns='http://etherx.jabber.org/streams'/><x/>"),
                 "cannot read");
  check_refused ("not UTF-8", g_bytes_new ("<features xmlns='a'>\xff\xfe</features>", 32),
                 "cannot read");
}

static void
test_dtd (void)
{
  check_refused ("DTD",
                 text ("<!DOCTYPE features [<!ENTITY x 'y'>]>"
                       "<features xmlns='http://etherx.jabber.org/streams'>&x;</features>"),
                 "cannot read");
  check_refused ("external entity",
                 text ("<!DOCTYPE f [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><f>&x;</f>"),
                 "cannot read");
  check_refused ("processing instruction", text ("<?xml-stylesheet href='x'?><f/>"), "cannot read");
}

static void
test_entity_bomb (void)
{
  GString *bomb = g_string_new ("<!DOCTYPE lolz [<!ENTITY lol 'lol'>");

  for (int i = 1; i <= 9; i++)
    g_string_append_printf (bomb, "<!ENTITY lol%d '%s'>", i,
                            "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;");
  g_string_append (bomb, "]><message xmlns='jabber:client'><body>&lol9;</body></message>");
  check_refused ("entity bomb", g_string_free_to_bytes (bomb), "cannot read");
  /* An undeclared entity, without any DTD: only the five of XML are allowed. */
  check_refused ("undeclared entity",
                 text ("<message xmlns='jabber:client'><body>&nbsp;</body></message>"),
                 "cannot read");
}

static void
test_huge_stanza (void)
{
  gsize size = 10 * 1024 * 1024;
  char *data = g_malloc (size);
  const char *head = "<message xmlns='jabber:client'><body>";
  const char *tail = "</body></message>";

  memset (data, 'A', size);
  memcpy (data, head, strlen (head));
  memcpy (data + size - strlen (tail), tail, strlen (tail));
  check_refused ("10 MB stanza", g_bytes_new_take (data, size), "larger than");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/xmpp-hostile/malformed", test_malformed);
  g_test_add_func ("/xmpp-hostile/dtd", test_dtd);
  g_test_add_func ("/xmpp-hostile/entity-bomb", test_entity_bomb);
  g_test_add_func ("/xmpp-hostile/huge-stanza", test_huge_stanza);

  return g_test_run ();
}
