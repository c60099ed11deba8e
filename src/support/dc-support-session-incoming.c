/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-support"

#include "config.h"

#include <stdlib.h>

#include "dc-support-error.h"
#include "dc-support-session-private.h"

/* What arrives from the room: presences (who is there: the desk, an agent, ourselves), and
 * messages: text, the desk's forms and status, typing, read markers, our own reflected back
 * (proof the room has it), and the archive's copies of all these after a reconnection. */

static DcChatSender
sender_of (DcSupportSession *self, const char *nick)
{
  const char *jid = g_hash_table_lookup (self->occupants, nick);
  g_autofree char *desk = dc_jid_bare (self->config.desk);

  if (jid != NULL && g_ascii_strcasecmp (jid, desk) == 0)
    return DC_CHAT_SENDER_DESK;
  /* Someone who left (or an archived message from before we came back): the desk never
   * leaves, so an unknown nick is a person. */
  return DC_CHAT_SENDER_AGENT;
}

static void
set_int (DcSupportSession *self, int *field, int value, const char *property)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify (G_OBJECT (self), property);
}

static void
handle_status (DcSupportSession *self, DcXmlNode *status)
{
  const char *state = dc_xml_node_get_attr (status, "state");
  const char *position = dc_xml_node_get_attr (status, "position");
  const char *wait = dc_xml_node_get_attr (status, "wait");
  GEnumValue *value;

  if (position != NULL)
    set_int (self, &self->queue_position, CLAMP (atoi (position), 0, 100000), "queue-position");
  if (wait != NULL)
    set_int (self, &self->estimated_wait, CLAMP (atoi (wait), 0, 7 * 86400), "estimated-wait");
  value
    = state ? g_enum_get_value_by_nick (g_type_class_peek (DC_TYPE_SUPPORT_STATE), state) : NULL;
  if (value == NULL || value->value == DC_SUPPORT_STATE_OFFLINE
      || value->value == DC_SUPPORT_STATE_CONNECTING)
    return;
  if (self->state == DC_SUPPORT_STATE_OFFLINE)
    self->state_before_offline = value->value;
  else
    dc_support_session_set_state (self, value->value);
}

static void
handle_form (DcSupportSession *self, DcXmlNode *x)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DcDataForm) form = NULL;

  if (g_strcmp0 (dc_xml_node_get_attr (x, "type"), "form") != 0)
    return; /* answers (ours reflected, or the archive's) are not questions */
  form = dc_data_form_new_from_node (x, &error);
  if (form == NULL)
    {
      g_debug ("The desk sent a form that cannot be shown: %s", error->message);
      return;
    }
  /* The state first: whoever answers the form as soon as it is told (the tool does) moves the
   * session on, and must not be put back. */
  if (g_strcmp0 (dc_data_form_get_form_type (form), DC_FORM_TYPE_RATING) == 0)
    dc_support_session_set_state (self, DC_SUPPORT_STATE_RATING);
  else
    dc_support_session_set_state (self, DC_SUPPORT_STATE_FORM);
  g_set_object (&self->form, form);
  g_object_notify (G_OBJECT (self), "form");
}

static void
handle_own (DcSupportSession *self, const char *origin)
{
  DcChatMessage *message = origin ? g_hash_table_lookup (self->by_origin, origin) : NULL;

  /* The room sent our message back to us: it has it, whatever became of the acknowledgement. */
  if (message == NULL || dc_chat_message_get_delivery (message) != DC_DELIVERY_WAITING)
    return;
  g_hash_table_remove (self->in_flight, origin);
  dc_support_session_deliver (self, message, DC_DELIVERY_SENT);
}

static void
handle_marker (DcSupportSession *self, DcXmlNode *displayed)
{
  const char *id = dc_xml_node_get_attr (displayed, "id");
  DcChatMessage *message = id ? g_hash_table_lookup (self->by_origin, id) : NULL;

  if (message == NULL || dc_chat_message_get_sender (message) != DC_CHAT_SENDER_CUSTOMER)
    return;
  dc_support_session_deliver (self, message, DC_DELIVERY_READ);
}

static void
set_typing (DcSupportSession *self, gboolean typing)
{
  if (self->peer_typing == typing)
    return;
  self->peer_typing = typing;
  g_object_notify (G_OBJECT (self), "peer-typing");
}

static GDateTime *
delay_of (DcXmlNode *stanza)
{
  DcXmlNode *delay = dc_xml_node_get_child (stanza, "delay", NS_DELAY);
  const char *stamp = delay ? dc_xml_node_get_attr (delay, "stamp") : NULL;

  return stamp ? g_date_time_new_from_iso8601 (stamp, NULL) : NULL;
}

static void
add_received (DcSupportSession *self, const char *origin, const char *nick, const char *body,
              GDateTime *time)
{
  g_autoptr (DcChatMessage) message = NULL;
  g_autoptr (GError) error = NULL;

  if (g_hash_table_contains (self->by_origin, origin))
    return;
  message
    = dc_chat_message_new (origin, sender_of (self, nick), nick, body, time, DC_DELIVERY_RECEIVED);
  if (self->id > 0 && !dc_support_store_add_message (self->store, self->id, message, &error)
      && error != NULL)
    g_warning ("Could not store a message: %s", error->message);
  g_hash_table_insert (self->by_origin, g_strdup (origin), message);
  g_list_store_append (self->messages, message);
  set_typing (self, FALSE);
}

static void
handle_groupchat (DcSupportSession *self, DcXmlNode *stanza, GDateTime *archived_time)
{
  const char *nick = dc_jid_resource (dc_xml_node_get_attr (stanza, "from"));
  DcXmlNode *origin_node = dc_xml_node_get_child (stanza, "origin-id", NS_SID);
  const char *origin = origin_node ? dc_xml_node_get_attr (origin_node, "id") : NULL;
  const char *body = dc_xml_node_get_child_text (stanza, "body", NULL);
  DcXmlNode *node, *status, *form;
  g_autoptr (GDateTime) delayed = NULL;

  if (nick == NULL)
    return; /* the room itself: subject and notices */
  if (g_strcmp0 (nick, DC_SUPPORT_NICK) == 0)
    {
      /* Our own answer in the archive: the form it answered is no longer waiting. */
      if (archived_time != NULL && dc_xml_node_get_child (stanza, "x", NS_DATA) != NULL)
        g_clear_pointer (&self->missed_form, dc_xml_node_unref);
      handle_own (self, origin);
      return;
    }
  if (origin == NULL)
    origin = dc_xml_node_get_attr (stanza, "id");
  if ((node = dc_xml_node_get_child (stanza, "displayed", NS_MARKERS)) != NULL)
    handle_marker (self, node);
  if (archived_time == NULL)
    {
      if (dc_xml_node_get_child (stanza, "composing", NS_CHATSTATES) != NULL)
        set_typing (self, TRUE);
      else if (dc_xml_node_get_child (stanza, "paused", NS_CHATSTATES) != NULL
               || dc_xml_node_get_child (stanza, "active", NS_CHATSTATES) != NULL)
        set_typing (self, FALSE);
    }
  if (body != NULL && *body != '\0' && origin != NULL)
    {
      delayed = archived_time ? g_date_time_ref (archived_time) : delay_of (stanza);
      add_received (self, origin, nick, body, delayed);
    }
  if (sender_of (self, nick) != DC_CHAT_SENDER_DESK)
    return;
  status = dc_xml_node_get_child (stanza, "status", NS_DEVICECARE_STATUS);
  form = dc_xml_node_get_child (stanza, "x", NS_DATA);
  if (form != NULL && g_strcmp0 (dc_xml_node_get_attr (form, "type"), "form") != 0)
    form = NULL;
  if (archived_time != NULL)
    {
      /* Said while we were away: only the latest counts, once the whole archive is read. */
      if (status != NULL)
        {
          g_clear_pointer (&self->missed_status, dc_xml_node_unref);
          self->missed_status = dc_xml_node_ref (status);
        }
      if (form != NULL)
        {
          g_clear_pointer (&self->missed_form, dc_xml_node_unref);
          self->missed_form = dc_xml_node_ref (form);
        }
      return;
    }
  if (status != NULL)
    {
      g_clear_pointer (&self->missed_status, dc_xml_node_unref); /* this one is newer */
      handle_status (self, status);
    }
  if (form != NULL)
    {
      g_clear_pointer (&self->missed_form, dc_xml_node_unref);
      handle_form (self, form);
    }
}

/* An agent already in the room when we came back: the session is with them. */
static void
check_agents (DcSupportSession *self)
{
  GHashTableIter iter;
  gpointer nick, jid;

  if (self->state != DC_SUPPORT_STATE_QUEUED && self->state != DC_SUPPORT_STATE_WAITING_FOR_DESK)
    return;
  g_hash_table_iter_init (&iter, self->occupants);
  while (g_hash_table_iter_next (&iter, &nick, &jid))
    if (g_strcmp0 (nick, DC_SUPPORT_NICK) != 0 && *(const char *)jid != '\0'
        && sender_of (self, nick) == DC_CHAT_SENDER_AGENT)
      {
        dc_support_session_set_state (self, DC_SUPPORT_STATE_WITH_AGENT);
        return;
      }
}

/**
 * dc_support_session_apply_missed:
 * @self: a #DcSupportSession
 *
 * After the archive was read: what the desk said last while we were away (its status, a form
 * not yet answered) now applies, and an agent already in the room counts.
 */
void
dc_support_session_apply_missed (DcSupportSession *self)
{
  g_autoptr (DcXmlNode) status = g_steal_pointer (&self->missed_status);
  g_autoptr (DcXmlNode) form = g_steal_pointer (&self->missed_form);

  if (status != NULL)
    handle_status (self, status);
  if (form != NULL)
    handle_form (self, form);
  check_agents (self);
}

static void
handle_archived (DcSupportSession *self, DcXmlNode *result)
{
  DcXmlNode *forwarded = dc_xml_node_get_child (result, "forwarded", NS_FORWARD);
  DcXmlNode *inner = forwarded ? dc_xml_node_get_child (forwarded, "message", NULL) : NULL;
  g_autoptr (GDateTime) time = forwarded ? delay_of (forwarded) : NULL;

  if (inner == NULL)
    return;
  if (time == NULL)
    time = g_date_time_new_now_utc ();
  handle_groupchat (self, inner, time);
}

static void
handle_message_error (DcSupportSession *self, DcXmlNode *stanza)
{
  g_autofree char *text = dc_xmpp_stanza_error_text (stanza);

  g_debug ("The room refused a message: %s", text);
  /* Not (or no longer) in the room, or the room is gone: join again; the outbox resends. */
  if (g_str_has_prefix (text, "not-acceptable") || g_str_has_prefix (text, "item-not-found")
      || g_str_has_prefix (text, "forbidden"))
    {
      self->joined = FALSE;
      g_hash_table_remove_all (self->in_flight);
      dc_support_session_join_room (self);
    }
}

static void
handle_presence (DcSupportSession *self, DcXmlNode *stanza)
{
  const char *nick = dc_jid_resource (dc_xml_node_get_attr (stanza, "from"));
  const char *type = dc_xml_node_get_attr (stanza, "type");
  DcXmlNode *x = dc_xml_node_get_child (stanza, "x", NS_MUC_USER);
  DcXmlNode *item = x ? dc_xml_node_get_child (x, "item", NULL) : NULL;
  const char *jid = item ? dc_xml_node_get_attr (item, "jid") : NULL;

  if (g_strcmp0 (type, "error") == 0)
    {
      g_autofree char *text = dc_xmpp_stanza_error_text (stanza);

      dc_support_session_room_failed (self, text);
      return;
    }
  if (nick == NULL || x == NULL)
    return;
  if (g_strcmp0 (type, "unavailable") == 0)
    {
      g_hash_table_remove (self->occupants, nick);
      return;
    }
  g_hash_table_insert (self->occupants, g_strdup (nick), jid ? dc_jid_bare (jid) : g_strdup (""));
  if (sender_of (self, nick) == DC_CHAT_SENDER_DESK)
    dc_support_session_desk_arrived (self);
  if (dc_muc_has_status (x, "110") || g_strcmp0 (nick, DC_SUPPORT_NICK) == 0)
    {
      if (!self->joined)
        dc_support_session_joined (self, dc_muc_has_status (x, "201"));
      return;
    }
  if (sender_of (self, nick) == DC_CHAT_SENDER_AGENT
      && (self->state == DC_SUPPORT_STATE_QUEUED
          || self->state == DC_SUPPORT_STATE_WAITING_FOR_DESK))
    dc_support_session_set_state (self, DC_SUPPORT_STATE_WITH_AGENT);
}

/* Everything the connection receives that is not an answer to a request. */
void
dc_support_session_handle_stanza (DcSupportSession *self, DcXmlNode *stanza,
                                  GDateTime *archived_time)
{
  const char *from = dc_xml_node_get_attr (stanza, "from");
  g_autofree char *bare = from ? dc_jid_bare (from) : NULL;
  DcXmlNode *result;

  if (bare == NULL || self->room == NULL || g_ascii_strcasecmp (bare, self->room) != 0)
    return;
  if (g_strcmp0 (dc_xml_node_get_name (stanza), "presence") == 0)
    {
      handle_presence (self, stanza);
      return;
    }
  if (g_strcmp0 (dc_xml_node_get_attr (stanza, "type"), "error") == 0)
    {
      handle_message_error (self, stanza);
      return;
    }
  if ((result = dc_xml_node_get_child (stanza, "result", NS_MAM)) != NULL)
    {
      handle_archived (self, result);
      return;
    }
  if (g_strcmp0 (dc_xml_node_get_attr (stanza, "type"), "groupchat") == 0)
    handle_groupchat (self, stanza, archived_time);
}
