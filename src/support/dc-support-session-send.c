/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-support"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dc-support-error.h"
#include "dc-support-session-private.h"

/* What the customer sends: messages through the outbox (stored first, sent when the room is
 * joined, marked sent when the server acknowledged them), the answer to a form, typing
 * notifications, read markers, and whether the chat is in view. */

/* A groupchat message to the room, with its origin-id (XEP-0359) as its id too. */
DcXmlNode *
dc_support_session_new_message (DcSupportSession *self, const char *id)
{
  DcXmlNode *stanza = dc_xml_node_new ("message", NS_CLIENT);

  dc_xml_node_set_attr (stanza, "type", "groupchat");
  dc_xml_node_set_attr (stanza, "to", self->room);
  dc_xml_node_set_attr (stanza, "id", id);
  dc_xml_node_set_attr (dc_xml_node_add_child (stanza, "origin-id", NS_SID), "id", id);
  return stanza;
}

static void
send_message_stanza (DcSupportSession *self, DcChatMessage *message)
{
  const char *origin = dc_chat_message_get_origin_id (message);
  g_autoptr (DcXmlNode) stanza = dc_support_session_new_message (self, origin);

  dc_xml_node_set_text (dc_xml_node_add_child (stanza, "body", NULL),
                        dc_chat_message_get_body (message));
  dc_xml_node_add_child (stanza, "markable", NS_MARKERS);
  dc_xml_node_add_child (stanza, "active", NS_CHATSTATES);
  g_hash_table_add (self->in_flight, g_strdup (origin));
  dc_xmpp_connection_send (self->xmpp, stanza);
}

static gboolean
can_send (DcSupportSession *self)
{
  return self->xmpp != NULL && dc_xmpp_connection_get_state (self->xmpp) == DC_XMPP_STATE_ONLINE
         && self->joined && !self->catching_up;
}

/* Sends what waits and is not on its way already, oldest first. */
void
dc_support_session_flush_outbox (DcSupportSession *self)
{
  g_autoptr (GPtrArray) outbox = NULL;

  if (!can_send (self) || self->id <= 0)
    return;
  outbox = dc_support_store_get_outbox (self->store, self->id, NULL);
  for (guint i = 0; outbox != NULL && i < outbox->len; i++)
    {
      DcChatMessage *stored = g_ptr_array_index (outbox, i);
      const char *origin = dc_chat_message_get_origin_id (stored);
      DcChatMessage *shown = g_hash_table_lookup (self->by_origin, origin);

      if (!g_hash_table_contains (self->in_flight, origin))
        send_message_stanza (self, shown != NULL ? shown : stored);
    }
}

/**
 * dc_support_session_send:
 * @self: a #DcSupportSession
 * @body: what the customer wrote
 * @error: return location for a #GError
 *
 * Stores the message, shows it as waiting, and sends it when connected.
 *
 * Returns: %FALSE when it could not be stored (the caller keeps the text)
 */
gboolean
dc_support_session_send (DcSupportSession *self, const char *body, GError **error)
{
  g_autofree char *origin = dc_chat_message_new_origin_id ();
  g_autoptr (DcChatMessage) message = NULL;

  g_return_val_if_fail (DC_IS_SUPPORT_SESSION (self), FALSE);
  g_return_val_if_fail (body != NULL, FALSE);

  if (self->id <= 0 || self->state == DC_SUPPORT_STATE_CLOSED)
    {
      g_set_error_literal (error, DC_SUPPORT_ERROR, DC_SUPPORT_ERROR_CLOSED,
                           self->id <= 0 ? _ ("The chat has not started yet.")
                                         : _ ("This chat has ended."));
      return FALSE;
    }
  message
    = dc_chat_message_new (origin, DC_CHAT_SENDER_CUSTOMER, NULL, body, NULL, DC_DELIVERY_WAITING);
  if (!dc_support_store_add_message (self->store, self->id, message, error))
    return FALSE;
  g_hash_table_insert (self->by_origin, g_strdup (origin), message);
  dc_support_session_count_waiting (self);
  g_list_store_append (self->messages, message);
  if (can_send (self))
    send_message_stanza (self, message);
  return TRUE;
}

/**
 * dc_support_session_submit_form:
 * @self: a #DcSupportSession
 * @form: the desk's form, filled and with the customer's choices
 * @error: return location for a #GError
 *
 * Sends the answer: only the fields the customer included.
 *
 * Returns: %FALSE when a required field is empty, or while offline
 */
gboolean
dc_support_session_submit_form (DcSupportSession *self, DcDataForm *form, GError **error)
{
  g_autoptr (DcXmlNode) answer = NULL;
  g_autoptr (DcXmlNode) stanza = NULL;
  g_autofree char *id = dc_xmpp_new_id ();

  g_return_val_if_fail (DC_IS_SUPPORT_SESSION (self), FALSE);

  if (!can_send (self))
    {
      g_set_error_literal (error, DC_SUPPORT_ERROR, DC_SUPPORT_ERROR_NETWORK,
                           _ ("Not connected to support. The form can be sent once the "
                              "connection is back."));
      return FALSE;
    }
  answer = dc_data_form_to_submit (form, error);
  if (answer == NULL)
    return FALSE;
  stanza = dc_support_session_new_message (self, id);
  dc_xml_node_append (stanza, answer);
  /* Without a body Prosody archives a message only when asked: a restarted desk reads it back. */
  dc_xml_node_add_child (stanza, "store", NS_HINTS);
  dc_xmpp_connection_send (self->xmpp, stanza);
  /* Answered: the desk has the word again (it may answer from its knowledge base without a
   * status, so the session does not stay in "form"). */
  if (self->state == DC_SUPPORT_STATE_FORM)
    dc_support_session_set_state (self, DC_SUPPORT_STATE_WAITING_FOR_DESK);
  if (self->form == form)
    {
      g_clear_object (&self->form);
      g_object_notify (G_OBJECT (self), "form");
    }
  return TRUE;
}

void
dc_support_session_set_typing (DcSupportSession *self, gboolean typing)
{
  g_autofree char *id = dc_xmpp_new_id ();
  g_autoptr (DcXmlNode) stanza = NULL;

  if (!can_send (self))
    return;
  stanza = dc_support_session_new_message (self, id);
  dc_xml_node_add_child (stanza, typing ? "composing" : "paused", NS_CHATSTATES);
  dc_xml_node_add_child (stanza, "no-store", NS_HINTS);
  dc_xmpp_connection_send (self->xmpp, stanza);
}

void
dc_support_session_mark_displayed (DcSupportSession *self, DcChatMessage *message)
{
  g_autofree char *id = dc_xmpp_new_id ();
  g_autoptr (DcXmlNode) stanza = NULL;

  if (!can_send (self) || dc_chat_message_get_sender (message) == DC_CHAT_SENDER_CUSTOMER
      || dc_chat_message_get_sender (message) == DC_CHAT_SENDER_SYSTEM)
    return;
  stanza = dc_support_session_new_message (self, id);
  dc_xml_node_set_attr (dc_xml_node_add_child (stanza, "displayed", NS_MARKERS), "id",
                        dc_chat_message_get_origin_id (message));
  dc_xmpp_connection_send (self->xmpp, stanza);
}

void
dc_support_session_set_active (DcSupportSession *self, gboolean active)
{
  /* Kept, so a connection made later starts as the window is. */
  self->active = active;
  if (self->xmpp != NULL)
    dc_xmpp_connection_set_active (self->xmpp, active);
}

void
dc_support_session_acked_cb (DcXmppConnection *xmpp, DcXmlNode *stanza, gpointer user_data)
{
  DcSupportSession *self = user_data;
  DcXmlNode *origin_node = dc_xml_node_get_child (stanza, "origin-id", NS_SID);
  const char *origin = origin_node ? dc_xml_node_get_attr (origin_node, "id") : NULL;
  DcChatMessage *message;

  if (origin == NULL || dc_xml_node_get_child (stanza, "body", NULL) == NULL)
    return;
  g_hash_table_remove (self->in_flight, origin);
  message = g_hash_table_lookup (self->by_origin, origin);
  if (message != NULL)
    dc_support_session_deliver (self, message, DC_DELIVERY_SENT);
  else
    dc_support_store_set_delivery (self->store, origin, DC_DELIVERY_SENT, NULL);
}
