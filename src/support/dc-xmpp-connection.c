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
 * messages arrived ("acked") and a resumed stream resends the rest; that,
 * the IQs and the dispatch of what arrives are in dc-xmpp-stream.c.
 *
 * This file is the object and its transport: the WebSocket, connecting,
 * losing the connection and disconnecting.
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

/* For dc-xmpp-stream.c, which sends and receives what the signals announce. */
void
dc_xmpp_connection_emit_stanza (DcXmppConnection *self, DcXmlNode *stanza)
{
  g_signal_emit (self, signals[SIGNAL_STANZA], 0, stanza);
}

void
dc_xmpp_connection_emit_acked (DcXmppConnection *self, DcXmlNode *stanza)
{
  g_signal_emit (self, signals[SIGNAL_ACKED], 0, stanza);
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
      dc_xmpp_connection_lost (self,
                               g_error_new (DC_SUPPORT_ERROR, DC_SUPPORT_ERROR_PROTOCOL,
                                            _ ("The support server sent something Device Care "
                                               "cannot read (%s), so the connection was closed."),
                                            error->message));
      return;
    }
  dc_xmpp_connection_handle_frame (self, node);
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
  dc_xmpp_connection_lost (self, error);
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

/* Takes @error. The stream-management state stays, so the next connect can resume. */
void
dc_xmpp_connection_lost (DcXmppConnection *self, GError *error)
{
  g_autoptr (GError) owned = error;

  drop_transport (self);
  if (self->step != LOGIN_DONE && self->connect_task != NULL)
    {
      dc_xmpp_connection_login_failed (self, g_steal_pointer (&owned));
      return;
    }
  self->step = LOGIN_NONE;
  dc_xmpp_connection_fail_pending_iq (self, owned);
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
  /* SCRAM's salted password is only good for the account it was computed for. */
  if (g_strcmp0 (self->username, username) != 0 || g_strcmp0 (self->password, password) != 0)
    dc_sasl_cache_reset (self->sasl_cache);
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
        dc_xmpp_connection_send_sm (self, "a", self->h_in, TRUE);
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
  dc_xmpp_connection_lost (self, g_error_new_literal (DC_SUPPORT_ERROR, DC_SUPPORT_ERROR_NETWORK,
                                                      _ ("The connection to the support server was "
                                                         "lost.")));
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
  dc_sasl_cache_free (self->sasl_cache);

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
  self->sasl_cache = dc_sasl_cache_new ();
  self->active = TRUE;
  g_queue_init (&self->unacked);
}
