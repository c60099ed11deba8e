/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-support"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dc-support-error.h"
#include "dc-xmpp-connection-private.h"

/**
 * DcXmppConnection:
 *
 * One XMPP client stream over a WebSocket (RFC 7395). Each frame holds one
 * element, parsed on its own by #DcXmlNode; the login is in
 * dc-xmpp-login.c. Once online, every stanza sent is counted and kept until
 * the server acknowledges it (XEP-0198), so the session layer learns which
 * messages arrived ("acked") and a resumed stream resends the rest.
 */

G_DEFINE_QUARK (dc - support - error - quark, dc_support_error)

G_DEFINE_FINAL_TYPE (DcXmppConnection, dc_xmpp_connection, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_STATE,
  PROP_JID,
  N_PROPS
};

enum
{
  SIGNAL_STANZA,
  SIGNAL_ACKED,
  SIGNAL_DISCONNECTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gboolean
is_loopback (GUri *uri)
{
  const char *host = g_uri_get_host (uri);
  g_autoptr (GInetAddress) address = NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/**
 * dc_xmpp_connection_new:
 * @url: the server's WebSocket address
 * @domain: the XMPP domain
 * @error: return location for a #GError
 *
 * A connection, not yet connected. Only `wss://` goes over the network;
 * `ws://` is refused unless it points at this machine.
 *
 * Returns: (transfer full) (nullable): the connection
 */
DcXmppConnection *
dc_xmpp_connection_new (const char *url, const char *domain, GError **error)
{
  g_autoptr (GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  DcXmppConnection *self;
  gboolean tls;

  g_return_val_if_fail (url != NULL && domain != NULL, NULL);

  if (uri == NULL
      || (g_strcmp0 (g_uri_get_scheme (uri), "ws") != 0
          && g_strcmp0 (g_uri_get_scheme (uri), "wss") != 0))
    {
      g_set_error (error, DC_SUPPORT_ERROR, DC_SUPPORT_ERROR_INSECURE,
                   _ ("The support chat address “%s” is not a WebSocket address (wss://)."), url);
      return NULL;
    }
  tls = g_strcmp0 (g_uri_get_scheme (uri), "wss") == 0;
  if (!tls && !is_loopback (uri))
    {
      g_set_error (error, DC_SUPPORT_ERROR, DC_SUPPORT_ERROR_INSECURE,
                   _ ("The support chat address “%s” is not encrypted. Device Care uses "
                      "unencrypted connections only within this device."),
                   url);
      return NULL;
    }

  self = g_object_new (DC_TYPE_XMPP_CONNECTION, NULL);
  self->url = g_strdup (url);
  self->domain = g_strdup (domain);
  self->secure = TRUE; /* TLS, or a connection that never leaves the machine */
  return self;
}

static void
set_state (DcXmppConnection *self, DcXmppState state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* Writes one element as one frame. */
void
dc_xmpp_connection_write (DcXmppConnection *self, DcXmlNode *node)
{
  g_autofree char *text = NULL;

  if (self->ws == NULL
      || soup_websocket_connection_get_state (self->ws) != SOUP_WEBSOCKET_STATE_OPEN)
    return;
  text = dc_xml_node_to_string (node);
  soup_websocket_connection_send_text (self->ws, text);
}

static void
send_sm (DcXmppConnection *self, const char *name, guint32 h, gboolean with_h)
{
  g_autoptr (DcXmlNode) node = dc_xml_node_new (name, NS_SM);

  if (with_h)
    {
      char number[16];
      g_snprintf (number, sizeof number, "%u", h);
      dc_xml_node_set_attr (node, "h", number);
    }
  dc_xmpp_connection_write (self, node);
}

/**
 * dc_xmpp_connection_send:
 * @self: a #DcXmppConnection
 * @stanza: a message, presence or iq
 *
 * Sends @stanza when online; "acked" tells when the server has it. Offline,
 * nothing is sent: the session keeps its messages in the outbox.
 */
void
dc_xmpp_connection_send (DcXmppConnection *self, DcXmlNode *stanza)
{
  g_return_if_fail (DC_IS_XMPP_CONNECTION (self));

  if (self->state != DC_XMPP_STATE_ONLINE)
    {
      g_debug ("Not sending a %s while offline", dc_xml_node_get_name (stanza));
      return;
    }
  if (dc_xml_node_get_xmlns (stanza) == NULL)
    g_warning ("A stanza without jabber:client");
  dc_xmpp_connection_write (self, stanza);
  if (!self->sm_enabled)
    {
      g_signal_emit (self, signals[SIGNAL_ACKED], 0, stanza);
      return;
    }
  self->h_out++;
  g_queue_push_tail (&self->unacked, dc_xml_node_ref (stanza));
  /* Ask at once: the outbox empties as soon as the server has each message. */
  if (g_strcmp0 (dc_xml_node_get_name (stanza), "message") == 0)
    send_sm (self, "r", 0, FALSE);
}

void
dc_xmpp_connection_handle_ack (DcXmppConnection *self, guint32 h)
{
  guint32 count = h - self->acked; /* counts wrap at 2^32 (XEP-0198 §5) */

  if (count > g_queue_get_length (&self->unacked))
    {
      /* A server that acknowledges more than was sent: trust only what we sent. */
      g_debug ("The server acknowledged %u stanzas of %u", count,
               g_queue_get_length (&self->unacked));
      count = g_queue_get_length (&self->unacked);
    }
  self->acked = h;
  for (guint32 i = 0; i < count; i++)
    {
      g_autoptr (DcXmlNode) stanza = g_queue_pop_head (&self->unacked);
      g_signal_emit (self, signals[SIGNAL_ACKED], 0, stanza);
    }
}

/* After a resumption: what the server did not get is sent again, in order. */
void
dc_xmpp_connection_resend_unacked (DcXmppConnection *self)
{
  GQueue again = G_QUEUE_INIT;

  again = self->unacked;
  g_queue_init (&self->unacked);
  self->h_out = self->acked;
  for (GList *l = again.head; l != NULL; l = l->next)
    {
      dc_xmpp_connection_write (self, l->data);
      self->h_out++;
      g_queue_push_tail (&self->unacked, dc_xml_node_ref (l->data));
    }
  g_queue_clear_full (&again, (GDestroyNotify)dc_xml_node_unref);
  if (!g_queue_is_empty (&self->unacked))
    send_sm (self, "r", 0, FALSE);
}

/* The server forgot the stream: nothing of it can be resumed. */
void
dc_xmpp_connection_forget_stream (DcXmppConnection *self)
{
  g_clear_pointer (&self->sm_id, g_free);
  self->sm_enabled = FALSE;
  self->h_in = self->h_out = self->acked = 0;
  g_queue_clear_full (&self->unacked, (GDestroyNotify)dc_xml_node_unref);
}

/**
 * dc_xmpp_stanza_error_text:
 * @stanza: an iq, message or presence of type "error"
 *
 * Returns: (transfer full): the error's condition and text, for logs and
 *   error messages
 */
char *
dc_xmpp_stanza_error_text (DcXmlNode *stanza)
{
  DcXmlNode *error = dc_xml_node_get_child (stanza, "error", NULL);
  const char *condition = "undefined-condition";
  const char *text = NULL;

  if (error == NULL)
    return g_strdup (condition);
  for (DcXmlNode *c = dc_xml_node_get_first_child (error); c; c = dc_xml_node_get_next_sibling (c))
    {
      if (g_strcmp0 (dc_xml_node_get_xmlns (c), NS_STANZAS) != 0)
        continue;
      if (g_strcmp0 (dc_xml_node_get_name (c), "text") == 0)
        text = dc_xml_node_get_text (c);
      else
        condition = dc_xml_node_get_name (c);
    }
  return text != NULL ? g_strdup_printf ("%s (%s)", condition, text) : g_strdup (condition);
}

static void
complete_iq (DcXmppConnection *self, DcXmlNode *iq)
{
  const char *id = dc_xml_node_get_attr (iq, "id");
  g_autoptr (GTask) task = NULL;
  g_autofree char *key = NULL;

  if (id == NULL
      || !g_hash_table_steal_extended (self->pending_iq, id, (gpointer *)&key, (gpointer *)&task))
    return;
  if (g_strcmp0 (dc_xml_node_get_attr (iq, "type"), "error") == 0)
    {
      g_autofree char *text = dc_xmpp_stanza_error_text (iq);
      GError *error = g_error_new (DC_SUPPORT_ERROR, DC_SUPPORT_ERROR_STANZA,
                                   _ ("The support server refused a request: %s"), text);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, dc_xml_node_ref (iq), (GDestroyNotify)dc_xml_node_unref);
}

/* A request from the server we do not serve: ping gets its answer, the rest an error. */
static void
answer_iq (DcXmppConnection *self, DcXmlNode *iq)
{
  g_autoptr (DcXmlNode) reply = dc_xml_node_new ("iq", NS_CLIENT);
  gboolean ping = dc_xml_node_get_child (iq, "ping", "urn:xmpp:ping") != NULL;

  dc_xml_node_set_attr (reply, "id", dc_xml_node_get_attr (iq, "id"));
  dc_xml_node_set_attr (reply, "to", dc_xml_node_get_attr (iq, "from"));
  dc_xml_node_set_attr (reply, "type", ping ? "result" : "error");
  if (!ping)
    {
      DcXmlNode *error = dc_xml_node_add_child (reply, "error", NULL);
      dc_xml_node_set_attr (error, "type", "cancel");
      dc_xml_node_add_child (error, "service-unavailable", NS_STANZAS);
    }
  dc_xmpp_connection_send (self, reply);
}

static void
handle_stanza (DcXmppConnection *self, DcXmlNode *node)
{
  const char *name = dc_xml_node_get_name (node);
  const char *type = dc_xml_node_get_attr (node, "type");

  if (self->sm_enabled)
    self->h_in++;
  if (g_strcmp0 (name, "iq") == 0)
    {
      if (g_strcmp0 (type, "result") == 0 || g_strcmp0 (type, "error") == 0)
        complete_iq (self, node);
      else
        answer_iq (self, node);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_STANZA], 0, node);
}

static void connection_lost (DcXmppConnection *self, GError *error);

static void
handle_frame (DcXmppConnection *self, DcXmlNode *node)
{
  const char *name = dc_xml_node_get_name (node);
  const char *xmlns = dc_xml_node_get_xmlns (node);

  if (g_strcmp0 (xmlns, NS_STREAMS) == 0 && g_strcmp0 (name, "error") == 0)
    {
      g_autofree char *text = dc_xmpp_stanza_error_text (node);
      connection_lost (self, g_error_new (DC_SUPPORT_ERROR, DC_SUPPORT_ERROR_NETWORK,
                                          _ ("The support server ended the connection: %s"), text));
      return;
    }
  if (g_strcmp0 (xmlns, NS_FRAMING) == 0 && g_strcmp0 (name, "close") == 0)
    {
      connection_lost (self, g_error_new_literal (DC_SUPPORT_ERROR, DC_SUPPORT_ERROR_NETWORK,
                                                  _ ("The support server closed the connection.")));
      return;
    }
  if (self->step != LOGIN_DONE)
    {
      dc_xmpp_connection_login_frame (self, node);
      return;
    }
  if (g_strcmp0 (xmlns, NS_SM) == 0)
    {
      if (g_strcmp0 (name, "r") == 0)
        send_sm (self, "a", self->h_in, TRUE);
      else if (g_strcmp0 (name, "a") == 0)
        dc_xmpp_connection_handle_ack (
          self, (guint32)g_ascii_strtoull (dc_xml_node_get_attr (node, "h") ?: "0", NULL, 10));
      return;
    }
  if (g_strcmp0 (xmlns, NS_CLIENT) == 0)
    handle_stanza (self, node);
}

static void
ws_message_cb (SoupWebsocketConnection *ws, gint type, GBytes *message, gpointer user_data)
{
  DcXmppConnection *self = user_data;
  g_autoptr (DcXmppConnection) hold = g_object_ref (self);
  g_autoptr (DcXmlNode) node = NULL;
  g_autoptr (GError) error = NULL;
  gsize length;
  const char *data = g_bytes_get_data (message, &length);

  node = dc_xml_parse (data, length, &error);
  if (node == NULL)
    {
      g_debug ("Unparsable frame: %s", error->message);
      connection_lost (self, g_error_new (DC_SUPPORT_ERROR, DC_SUPPORT_ERROR_PROTOCOL,
                                          _ ("The support server sent something Device Care "
                                             "cannot read (%s), so the connection was closed."),
                                          error->message));
      return;
    }
  handle_frame (self, node);
}

static void
ws_error_cb (SoupWebsocketConnection *ws, GError *error, gpointer user_data)
{
  DcXmppConnection *self = user_data;

  g_debug ("WebSocket: %s", error->message);
  if (self->ws_error == NULL)
    self->ws_error = g_error_copy (error);
}

static void
ws_closed_cb (SoupWebsocketConnection *ws, gpointer user_data)
{
  DcXmppConnection *self = user_data;
  GError *error;

  if (self->ws_error != NULL
      && g_error_matches (self->ws_error, SOUP_WEBSOCKET_ERROR, SOUP_WEBSOCKET_CLOSE_TOO_BIG))
    error = g_error_new (DC_SUPPORT_ERROR, DC_SUPPORT_ERROR_PROTOCOL,
                         _ ("The support server sent a message larger than %u kB, more than "
                            "a chat needs, so the connection was closed."),
                         DC_XML_MAX_STANZA / 1024);
  else if (self->ws_error != NULL)
    error = g_error_new (DC_SUPPORT_ERROR, DC_SUPPORT_ERROR_NETWORK,
                         _ ("The connection to the support server was lost: %s"),
                         self->ws_error->message);
  else
    error = g_error_new_literal (DC_SUPPORT_ERROR, DC_SUPPORT_ERROR_NETWORK,
                                 _ ("The connection to the support server was lost."));
  connection_lost (self, error);
}

static void
drop_transport (DcXmppConnection *self)
{
  if (self->ws == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (self->ws_handlers); i++)
    g_clear_signal_handler (&self->ws_handlers[i], self->ws);
  if (soup_websocket_connection_get_state (self->ws) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (self->ws, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_clear_object (&self->ws);
  g_clear_error (&self->ws_error);
}

static void
fail_pending_iq (DcXmppConnection *self, const GError *error)
{
  GHashTableIter iter;
  gpointer task, id;

  g_hash_table_iter_init (&iter, self->pending_iq);
  while (g_hash_table_iter_next (&iter, &id, &task))
    {
      g_hash_table_iter_steal (&iter);
      g_free (id);
      g_task_return_error (task, g_error_copy (error));
      g_object_unref (task);
    }
}

/* Takes @error. The stream-management state stays, so the next connect can resume. */
static void
connection_lost (DcXmppConnection *self, GError *error)
{
  g_autoptr (GError) owned = error;

  drop_transport (self);
  if (self->step != LOGIN_DONE && self->connect_task != NULL)
    {
      dc_xmpp_connection_login_failed (self, g_steal_pointer (&owned));
      return;
    }
  self->step = LOGIN_NONE;
  fail_pending_iq (self, owned);
  set_state (self, DC_XMPP_STATE_DISCONNECTED);
  g_signal_emit (self, signals[SIGNAL_DISCONNECTED], 0, owned);
}

static void
ws_connected_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (DcXmppConnection) self = user_data;
  g_autoptr (GError) error = NULL;
  SoupWebsocketConnection *ws;

  ws = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  if (self->connect_task == NULL)
    {
      g_clear_object (&ws);
      return;
    }
  if (ws == NULL)
    {
      dc_xmpp_connection_login_failed (
        self, g_error_new (DC_SUPPORT_ERROR, DC_SUPPORT_ERROR_NETWORK,
                           _ ("Could not reach the support server: %s"), error->message));
      return;
    }
  if (g_strcmp0 (soup_websocket_connection_get_protocol (ws), "xmpp") != 0)
    {
      g_object_unref (ws);
      dc_xmpp_connection_login_failed (
        self, g_error_new_literal (DC_SUPPORT_ERROR, DC_SUPPORT_ERROR_PROTOCOL,
                                   _ ("The support address does not lead to a chat server.")));
      return;
    }
  self->ws = ws;
  soup_websocket_connection_set_max_incoming_payload_size (ws, DC_XML_MAX_STANZA);
  /* No keep-alive timer: a phone should sleep; a dead link shows when we next write. */
  soup_websocket_connection_set_keepalive_interval (ws, 0);
  self->ws_handlers[0] = g_signal_connect (ws, "message", G_CALLBACK (ws_message_cb), self);
  self->ws_handlers[1] = g_signal_connect (ws, "error", G_CALLBACK (ws_error_cb), self);
  self->ws_handlers[2] = g_signal_connect (ws, "closed", G_CALLBACK (ws_closed_cb), self);
  dc_xmpp_connection_login_start (self);
}

/**
 * dc_xmpp_connection_connect_async:
 * @self: a #DcXmppConnection
 * @username: (nullable): the account's local part; %NULL for a guest
 * @password: (nullable): its password
 * @create_account: register the account first (XEP-0077)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when online or failed
 * @user_data: data for @callback
 *
 * Opens the stream and logs in; resumes the earlier stream when the server
 * still has it.
 */
void
dc_xmpp_connection_connect_async (DcXmppConnection *self, const char *username,
                                  const char *password, gboolean create_account,
                                  GCancellable *cancellable, GAsyncReadyCallback callback,
                                  gpointer user_data)
{
  g_autoptr (SoupMessage) message = NULL;
  const char *protocols[] = { "xmpp", NULL };

  g_return_if_fail (DC_IS_XMPP_CONNECTION (self));
  g_return_if_fail (self->connect_task == NULL);

  drop_transport (self);
  g_free (self->username);
  self->username = g_strdup (username);
  g_free (self->password);
  self->password = g_strdup (password);
  self->create_account = create_account;
  self->authenticated = FALSE;
  self->resumed = FALSE;
  self->connect_task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->connect_task, dc_xmpp_connection_connect_async);
  set_state (self, DC_XMPP_STATE_CONNECTING);

  if (self->session == NULL)
    self->session = soup_session_new_with_options ("timeout", 30, "idle-timeout", 0, NULL);
  message = soup_message_new (SOUP_METHOD_GET, self->url);
  soup_session_websocket_connect_async (self->session, message, NULL, (char **)protocols,
                                        G_PRIORITY_DEFAULT, cancellable, ws_connected_cb,
                                        g_object_ref (self));
}

/**
 * dc_xmpp_connection_connect_finish:
 * @self: a #DcXmppConnection
 * @result: the #GAsyncResult
 * @resumed: (out) (optional): whether the earlier stream was resumed
 * @error: return location for a #GError
 *
 * Returns: %TRUE when online
 */
gboolean
dc_xmpp_connection_connect_finish (DcXmppConnection *self, GAsyncResult *result, gboolean *resumed,
                                   GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (resumed != NULL)
    *resumed = self->resumed;
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
dc_xmpp_connection_login_failed (DcXmppConnection *self, GError *error)
{
  g_autoptr (GTask) task = g_steal_pointer (&self->connect_task);

  drop_transport (self);
  self->step = LOGIN_NONE;
  g_clear_pointer (&self->sasl, dc_sasl_free);
  set_state (self, DC_XMPP_STATE_DISCONNECTED);
  if (task != NULL)
    g_task_return_error (task, error);
  else
    g_error_free (error);
}

void
dc_xmpp_connection_went_online (DcXmppConnection *self)
{
  g_autoptr (GTask) task = g_steal_pointer (&self->connect_task);

  self->step = LOGIN_DONE;
  g_clear_pointer (&self->sasl, dc_sasl_free);
  set_state (self, DC_XMPP_STATE_ONLINE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JID]);
  if (!self->active && self->csi_offered)
    dc_xmpp_connection_set_active (self, FALSE);
  if (task != NULL)
    g_task_return_boolean (task, TRUE);
}

/**
 * dc_xmpp_connection_disconnect:
 * @self: a #DcXmppConnection
 *
 * Ends the stream cleanly: the server forgets it, nothing will be resumed.
 */
void
dc_xmpp_connection_disconnect (DcXmppConnection *self)
{
  g_autoptr (DcXmlNode) close = dc_xml_node_new ("close", NS_FRAMING);

  g_return_if_fail (DC_IS_XMPP_CONNECTION (self));

  if (self->step == LOGIN_DONE)
    {
      if (self->sm_enabled)
        send_sm (self, "a", self->h_in, TRUE);
      dc_xmpp_connection_write (self, close);
    }
  dc_xmpp_connection_forget_stream (self);
  if (self->connect_task != NULL)
    dc_xmpp_connection_login_failed (
      self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Disconnected"));
  drop_transport (self);
  self->step = LOGIN_NONE;
  set_state (self, DC_XMPP_STATE_DISCONNECTED);
}

/**
 * dc_xmpp_connection_break:
 * @self: a #DcXmppConnection
 *
 * Drops the transport without a word to the server, as a lost network
 * would: the server keeps the stream for resumption.
 */
void
dc_xmpp_connection_break (DcXmppConnection *self)
{
  GIOStream *stream;

  g_return_if_fail (DC_IS_XMPP_CONNECTION (self));

  if (self->ws == NULL)
    return;
  stream = soup_websocket_connection_get_io_stream (self->ws);
  for (guint i = 0; i < G_N_ELEMENTS (self->ws_handlers); i++)
    g_clear_signal_handler (&self->ws_handlers[i], self->ws);
  g_io_stream_close (stream, NULL, NULL);
  g_clear_object (&self->ws);
  connection_lost (self, g_error_new_literal (DC_SUPPORT_ERROR, DC_SUPPORT_ERROR_NETWORK,
                                              _ ("The connection to the support server was "
                                                 "lost.")));
}

/**
 * dc_xmpp_connection_iq_async:
 * @self: a #DcXmppConnection
 * @iq: an iq of type get or set; its id is set here
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the answer
 * @user_data: data for @callback
 *
 * Sends @iq and waits for the answer; a lost connection fails it.
 */
void
dc_xmpp_connection_iq_async (DcXmppConnection *self, DcXmlNode *iq, GCancellable *cancellable,
                             GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *id = dc_xmpp_new_id ();

  if (self->state != DC_XMPP_STATE_ONLINE)
    {
      g_task_return_new_error (task, DC_SUPPORT_ERROR, DC_SUPPORT_ERROR_NETWORK, "%s",
                               _ ("Not connected to the support server."));
      g_object_unref (task);
      return;
    }
  dc_xml_node_set_attr (iq, "id", id);
  g_hash_table_insert (self->pending_iq, g_steal_pointer (&id), task);
  dc_xmpp_connection_send (self, iq);
}

/**
 * dc_xmpp_connection_iq_finish:
 * @self: a #DcXmppConnection
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the result iq
 */
DcXmlNode *
dc_xmpp_connection_iq_finish (DcXmppConnection *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * dc_xmpp_connection_set_active:
 * @self: a #DcXmppConnection
 * @active: whether the customer is looking at the chat
 *
 * Tells the server, when it supports XEP-0352, to hold back what is not
 * urgent while the window is hidden.
 */
void
dc_xmpp_connection_set_active (DcXmppConnection *self, gboolean active)
{
  g_autoptr (DcXmlNode) node = NULL;

  g_return_if_fail (DC_IS_XMPP_CONNECTION (self));

  self->active = active;
  if (self->state != DC_XMPP_STATE_ONLINE || !self->csi_offered)
    return;
  node = dc_xml_node_new (active ? "active" : "inactive", NS_CSI);
  dc_xmpp_connection_write (self, node);
}

DcXmppState
dc_xmpp_connection_get_state (DcXmppConnection *self)
{
  g_return_val_if_fail (DC_IS_XMPP_CONNECTION (self), DC_XMPP_STATE_DISCONNECTED);
  return self->state;
}

const char *
dc_xmpp_connection_get_jid (DcXmppConnection *self)
{
  g_return_val_if_fail (DC_IS_XMPP_CONNECTION (self), NULL);
  return self->jid;
}

const char *
dc_xmpp_connection_get_domain (DcXmppConnection *self)
{
  g_return_val_if_fail (DC_IS_XMPP_CONNECTION (self), NULL);
  return self->domain;
}

/**
 * dc_jid_bare:
 * @jid: a JID
 *
 * Returns: (transfer full): @jid without its resource
 */
char *
dc_jid_bare (const char *jid)
{
  const char *slash = strchr (jid, '/');
  return slash != NULL ? g_strndup (jid, slash - jid) : g_strdup (jid);
}

/**
 * dc_jid_resource:
 * @jid: a JID
 *
 * Returns: (nullable): the resource of @jid (in a room: the nickname)
 */
const char *
dc_jid_resource (const char *jid)
{
  const char *slash = jid != NULL ? strchr (jid, '/') : NULL;
  return slash != NULL ? slash + 1 : NULL;
}

/**
 * dc_xmpp_new_id:
 *
 * Returns: (transfer full): a new random stanza id
 */
char *
dc_xmpp_new_id (void)
{
  return g_uuid_string_random ();
}

static void
dc_xmpp_connection_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  DcXmppConnection *self = DC_XMPP_CONNECTION (object);

  switch (prop_id)
    {
      case PROP_STATE:
        g_value_set_int (value, self->state);
        break;
      case PROP_JID:
        g_value_set_string (value, self->jid);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dc_xmpp_connection_dispose (GObject *object)
{
  DcXmppConnection *self = DC_XMPP_CONNECTION (object);

  drop_transport (self);
  if (self->connect_task != NULL)
    dc_xmpp_connection_login_failed (
      self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Disposed"));
  g_clear_object (&self->session);

  G_OBJECT_CLASS (dc_xmpp_connection_parent_class)->dispose (object);
}

static void
dc_xmpp_connection_finalize (GObject *object)
{
  DcXmppConnection *self = DC_XMPP_CONNECTION (object);

  g_free (self->url);
  g_free (self->domain);
  g_free (self->jid);
  g_free (self->username);
  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_free (self->password);
  g_clear_pointer (&self->sasl, dc_sasl_free);
  g_clear_pointer (&self->features, dc_xml_node_unref);
  g_free (self->sm_id);
  g_queue_clear_full (&self->unacked, (GDestroyNotify)dc_xml_node_unref);
  g_hash_table_unref (self->pending_iq);

  G_OBJECT_CLASS (dc_xmpp_connection_parent_class)->finalize (object);
}

static void
dc_xmpp_connection_class_init (DcXmppConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = dc_xmpp_connection_get_property;
  object_class->dispose = dc_xmpp_connection_dispose;
  object_class->finalize = dc_xmpp_connection_finalize;

  properties[PROP_STATE]
    = g_param_spec_int ("state", NULL, NULL, 0, DC_XMPP_STATE_ONLINE, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_JID] = g_param_spec_string (
    "jid", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A message or presence from the server (iq results go to their requests). */
  signals[SIGNAL_STANZA]
    = g_signal_new ("stanza", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                    G_TYPE_NONE, 1, DC_TYPE_XML_NODE | G_SIGNAL_TYPE_STATIC_SCOPE);
  /* The server has a stanza we sent. */
  signals[SIGNAL_ACKED]
    = g_signal_new ("acked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                    G_TYPE_NONE, 1, DC_TYPE_XML_NODE | G_SIGNAL_TYPE_STATIC_SCOPE);
  /* The connection dropped; the GError says why. */
  signals[SIGNAL_DISCONNECTED]
    = g_signal_new ("disconnected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
dc_xmpp_connection_init (DcXmppConnection *self)
{
  self->pending_iq = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->active = TRUE;
  g_queue_init (&self->unacked);
}
