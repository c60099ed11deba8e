/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-support"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dc-support-error.h"
#include "dc-xmpp-connection-private.h"

/* The stream of a DcXmppConnection once it is online: sending with stream management
 * (XEP-0198) — counting, acknowledgements, resending after a resumption — IQ requests and the
 * answers to the server's, client state indication, and dispatching each frame that arrives. */

void
dc_xmpp_connection_send_sm (DcXmppConnection *self, const char *name, guint32 h, gboolean with_h)
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
      dc_xmpp_connection_emit_acked (self, stanza);
      return;
    }
  self->h_out++;
  g_queue_push_tail (&self->unacked, dc_xml_node_ref (stanza));
  /* Ask at once: the outbox empties as soon as the server has each message. */
  if (g_strcmp0 (dc_xml_node_get_name (stanza), "message") == 0)
    dc_xmpp_connection_send_sm (self, "r", 0, FALSE);
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
      dc_xmpp_connection_emit_acked (self, stanza);
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
    dc_xmpp_connection_send_sm (self, "r", 0, FALSE);
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
  const char *from = dc_xml_node_get_attr (iq, "from");
  g_autofree char *own = self->jid != NULL ? dc_jid_bare (self->jid) : NULL;
  gboolean ping = dc_xml_node_get_child (iq, "ping", "urn:xmpp:ping") != NULL;
  /* A roster push (RFC 6121 §2.1.6) comes from the server or our own bare address, and is
   * acknowledged; whoever keeps a roster reads it from the "stanza" signal. */
  gboolean roster_push = dc_xml_node_get_child (iq, "query", "jabber:iq:roster") != NULL
                         && g_strcmp0 (dc_xml_node_get_attr (iq, "type"), "set") == 0
                         && (from == NULL || g_strcmp0 (from, own) == 0);
  gboolean answered = ping || roster_push;

  if (roster_push)
    dc_xmpp_connection_emit_stanza (self, iq);
  dc_xml_node_set_attr (reply, "id", dc_xml_node_get_attr (iq, "id"));
  dc_xml_node_set_attr (reply, "to", from);
  dc_xml_node_set_attr (reply, "type", answered ? "result" : "error");
  if (!answered)
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
  dc_xmpp_connection_emit_stanza (self, node);
}

void
dc_xmpp_connection_handle_frame (DcXmppConnection *self, DcXmlNode *node)
{
  const char *name = dc_xml_node_get_name (node);
  const char *xmlns = dc_xml_node_get_xmlns (node);

  if (g_strcmp0 (xmlns, NS_STREAMS) == 0 && g_strcmp0 (name, "error") == 0)
    {
      g_autofree char *text = dc_xmpp_stanza_error_text (node);
      dc_xmpp_connection_lost (self, g_error_new (DC_SUPPORT_ERROR, DC_SUPPORT_ERROR_NETWORK,
                                                  _ ("The support server ended the connection: %s"),
                                                  text));
      return;
    }
  if (g_strcmp0 (xmlns, NS_FRAMING) == 0 && g_strcmp0 (name, "close") == 0)
    {
      dc_xmpp_connection_lost (
        self, g_error_new_literal (DC_SUPPORT_ERROR, DC_SUPPORT_ERROR_NETWORK,
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
        dc_xmpp_connection_send_sm (self, "a", self->h_in, TRUE);
      else if (g_strcmp0 (name, "a") == 0)
        dc_xmpp_connection_handle_ack (
          self, (guint32)g_ascii_strtoull (dc_xml_node_get_attr (node, "h") ?: "0", NULL, 10));
      return;
    }
  if (g_strcmp0 (xmlns, NS_CLIENT) == 0)
    handle_stanza (self, node);
}

void
dc_xmpp_connection_fail_pending_iq (DcXmppConnection *self, const GError *error)
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
