/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-support"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dc-support-error.h"
#include "dc-support-session-private.h"

/* The session's room: joined (created on the first join), configured, the desk invited
 * (XEP-0045, XEP-0249); after a stream that could not be resumed, rejoined, and what was missed
 * read from the room's archive (XEP-0313), so the outbox resends only what never arrived. */

#define ARCHIVE_MARGIN_USEC (5 * G_USEC_PER_SEC) /* clocks of phone and server differ */
#define ARCHIVE_PAGE 50

void
dc_support_session_join_room (DcSupportSession *self)
{
  g_autoptr (DcXmlNode) presence = dc_muc_join_presence (self->room, DC_SUPPORT_NICK);

  g_hash_table_remove_all (self->occupants);
  dc_xmpp_connection_send (self->xmpp, presence);
}

/* An invitation can be lost: one sent to a desk whose stream the server keeps for a while after
 * the desk died goes nowhere. Without an answer the desk is invited again, three times at most. */
#define DESK_INVITES 4

static gboolean desk_silent_cb (gpointer user_data);

static void
invite_desk (DcSupportSession *self)
{
  g_autoptr (DcXmlNode) message = dc_xml_node_new ("message", NS_CLIENT);
  g_autofree char *id = dc_xmpp_new_id ();
  DcXmlNode *x;

  dc_xml_node_set_attr (message, "to", self->config.desk);
  dc_xml_node_set_attr (message, "id", id);
  x = dc_xml_node_add_child (message, "x", NS_CONFERENCE);
  dc_xml_node_set_attr (x, "jid", self->room);
  /* The desk greets in the customer's language. */
  dc_xml_node_set_attr (x, "reason", g_get_language_names ()[0]);
  dc_xmpp_connection_send (self->xmpp, message);
  self->desk_invites++;
  g_clear_handle_id (&self->desk_wait_source, g_source_remove);
  self->desk_wait_source = g_timeout_add_seconds (self->desk_wait_seconds, desk_silent_cb, self);
}

static gboolean
desk_silent_cb (gpointer user_data)
{
  DcSupportSession *self = user_data;

  self->desk_wait_source = 0;
  if (self->state != DC_SUPPORT_STATE_WAITING_FOR_DESK || !self->joined)
    return G_SOURCE_REMOVE;
  if (self->desk_invites >= DESK_INVITES)
    {
      dc_support_session_set_error (self, _ ("The support desk does not answer. Your messages are "
                                             "kept; try again later or use another channel."));
      return G_SOURCE_REMOVE;
    }
  invite_desk (self);
  return G_SOURCE_REMOVE;
}

void
dc_support_session_set_desk_wait (DcSupportSession *self, guint seconds)
{
  self->desk_wait_seconds = seconds;
}

void
dc_support_session_desk_arrived (DcSupportSession *self)
{
  g_clear_handle_id (&self->desk_wait_source, g_source_remove);
  self->desk_invites = 0;
}

static void
room_ready (DcSupportSession *self)
{
  self->joined = TRUE;
  self->room_known = TRUE;
  invite_desk (self);
  dc_support_session_set_state (self, DC_SUPPORT_STATE_WAITING_FOR_DESK);
  dc_support_session_flush_outbox (self);
}

static void
configured_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (DcSupportSession) self = user_data;
  g_autoptr (DcXmlNode) reply = NULL;
  g_autoptr (GError) error = NULL;

  reply = dc_xmpp_connection_iq_finish (DC_XMPP_CONNECTION (source), result, &error);
  if (reply == NULL)
    {
      if (error->domain == DC_SUPPORT_ERROR && error->code == DC_SUPPORT_ERROR_NETWORK)
        return; /* the drop is handled where it is noticed */
      dc_support_session_room_failed (self, error->message);
      return;
    }
  room_ready (self);
}

/* A new room stays locked until its owner configures it: private, kept across server restarts,
 * archived, occupants' addresses visible to each other (the desk needs to know who is who). */
static void
configure_room (DcSupportSession *self)
{
  g_autoptr (DcXmlNode) iq = dc_xml_node_new ("iq", NS_CLIENT);
  DcXmlNode *x;

  dc_xml_node_set_attr (iq, "type", "set");
  dc_xml_node_set_attr (iq, "to", self->room);
  x = dc_xml_node_add_child (dc_xml_node_add_child (iq, "query", NS_MUC_OWNER), "x", NS_DATA);
  dc_xml_node_set_attr (x, "type", "submit");
  dc_muc_add_form_field (x, "FORM_TYPE", "http://jabber.org/protocol/muc#roomconfig");
  dc_muc_add_form_field (x, "muc#roomconfig_persistentroom", "1");
  dc_muc_add_form_field (x, "muc#roomconfig_publicroom", "0");
  dc_muc_add_form_field (x, "muc#roomconfig_whois", "anyone");
  dc_muc_add_form_field (x, "muc#roomconfig_enablearchiving", "1");
  dc_muc_add_form_field (x, "muc#roomconfig_allowinvites", "1");
  dc_xmpp_connection_iq_async (self->xmpp, iq, self->cancellable, configured_cb,
                               g_object_ref (self));
}

/* Our own presence came back from the room: we are in. */
void
dc_support_session_joined (DcSupportSession *self, gboolean created)
{
  if (created || !self->room_known)
    {
      /* A new room, or ours was lost with the server that held it: set it up (again) and
       * invite the desk (again). */
      if (self->room_known)
        dc_support_session_add_system (
          self, _ ("The chat had to be set up again on the server; the support desk was invited "
                   "again."));
      self->room_known = FALSE;
      configure_room (self);
      return;
    }
  self->joined = TRUE;
  dc_support_session_set_state (self, self->state_before_offline);
  dc_support_session_catch_up (self);
}

static void fetch_page (DcSupportSession *self, const char *after);

static void
archive_page_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (DcSupportSession) self = user_data;
  g_autoptr (DcXmlNode) reply = NULL;
  g_autoptr (GError) error = NULL;
  DcXmlNode *fin, *set;

  reply = dc_xmpp_connection_iq_finish (DC_XMPP_CONNECTION (source), result, &error);
  if (reply == NULL)
    {
      if (error->domain == DC_SUPPORT_ERROR && error->code == DC_SUPPORT_ERROR_NETWORK)
        return;
      /* No archive: what was missed stays missed, but nothing of ours is lost. */
      g_debug ("Archive: %s", error->message);
      self->catching_up = FALSE;
      dc_support_session_apply_missed (self);
      dc_support_session_flush_outbox (self);
      return;
    }
  fin = dc_xml_node_get_child (reply, "fin", NS_MAM);
  set = fin ? dc_xml_node_get_child (fin, "set", NS_RSM) : NULL;
  if (fin != NULL && g_strcmp0 (dc_xml_node_get_attr (fin, "complete"), "true") != 0 && set != NULL
      && dc_xml_node_get_child_text (set, "last", NULL) != NULL)
    {
      fetch_page (self, dc_xml_node_get_child_text (set, "last", NULL));
      return;
    }
  self->catching_up = FALSE;
  dc_support_session_apply_missed (self);
  dc_support_session_flush_outbox (self);
}

static void
fetch_page (DcSupportSession *self, const char *after)
{
  g_autoptr (DcXmlNode) iq = NULL;
  g_autoptr (GDateTime) since = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->messages));

  for (guint i = n; i > 0 && since == NULL; i--)
    {
      g_autoptr (DcChatMessage) last = g_list_model_get_item (G_LIST_MODEL (self->messages), i - 1);
      if (dc_chat_message_get_sender (last) != DC_CHAT_SENDER_SYSTEM)
        since = g_date_time_add (dc_chat_message_get_time (last), -ARCHIVE_MARGIN_USEC);
    }
  iq = dc_mam_query_new (self->room, NULL, since, after, ARCHIVE_PAGE);
  dc_xmpp_connection_iq_async (self->xmpp, iq, self->cancellable, archive_page_cb,
                               g_object_ref (self));
}

/* Reads the archive from shortly before the last message we have; what arrives is handled as
 * any message (duplicates dropped by origin-id), and our own messages found there leave the
 * outbox. Then the outbox sends the rest. */
void
dc_support_session_catch_up (DcSupportSession *self)
{
  self->catching_up = TRUE;
  fetch_page (self, NULL);
}

/**
 * dc_support_session_room_failed:
 * @self: a #DcSupportSession
 * @detail: what the server said, for the log
 *
 * The server would not open or set up the room. Handled as a dropped connection: the session
 * goes offline (its messages wait), says so in words the customer can act on, and tries again
 * as after any drop, or when the customer asks.
 */
void
dc_support_session_room_failed (DcSupportSession *self, const char *detail)
{
  g_debug ("The room could not be opened: %s", detail);
  self->joined = FALSE;
  dc_xmpp_connection_break (self->xmpp);
  dc_support_session_set_error (
    self, _ ("The support server did not open the chat. Your messages are kept; Device Care tries "
             "again by itself, or you can try again now or reach support another way."));
}
