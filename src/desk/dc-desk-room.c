/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-desk"

#include <string.h>

#include "dc-desk-private.h"

/* A room's traffic: joining (without the room's history: the archive says exactly what was
 * missed), who each nick is (the app's rooms show real addresses to occupants, so an agent is
 * known by address, never by a nick anyone could take), messages from the customer and the
 * agents, and after a restart or a re-join the archive (XEP-0313) from the last message the
 * desk handled, so nothing said while it was away is lost. */

#define ARCHIVE_PAGE 50
#define ARCHIVE_MARGIN 5.0 /* seconds: the server's clock and ours differ */

/**
 * dc_desk_room_new:
 * @desk: the desk
 * @session: (transfer full): the room's session
 *
 * Returns: (transfer full): the room, not yet joined
 */
DcDeskRoom *
dc_desk_room_new (DcDesk *desk, DcDeskSession *session)
{
  DcDeskRoom *room = g_new0 (DcDeskRoom, 1);

  room->desk = desk;
  room->session = session;
  room->occupants = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  room->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  room->recent = g_array_new (FALSE, FALSE, sizeof (double));
  return room;
}

void
dc_desk_room_free (DcDeskRoom *room)
{
  dc_desk_session_free (room->session);
  g_hash_table_unref (room->occupants);
  g_hash_table_unref (room->seen);
  g_array_unref (room->recent);
  g_free (room->farewell);
  g_free (room->catch_up_id);
  g_free (room);
}

static char *
occupant_jid (DcDeskRoom *room, const char *nick)
{
  return g_strdup_printf ("%s/%s", room->session->room, nick);
}

void
dc_desk_room_join (DcDeskRoom *room)
{
  g_autoptr (DcXmlNode) presence
    = dc_muc_join_presence (room->session->room, room->desk->config->nick);

  g_hash_table_remove_all (room->occupants);
  dc_xmpp_connection_send (room->desk->xmpp, presence);
}

void
dc_desk_room_leave (DcDeskRoom *room)
{
  g_autoptr (DcXmlNode) presence = dc_xml_node_new ("presence", NS_CLIENT);
  g_autofree char *to = occupant_jid (room, room->desk->config->nick);

  dc_xml_node_set_attr (presence, "to", to);
  dc_xml_node_set_attr (presence, "type", "unavailable");
  dc_xmpp_connection_send (room->desk->xmpp, presence);
  room->joined = FALSE;
}

/* A room named in a callback that may run after the room is gone: looked up again then. */
typedef struct
{
  DcDesk *desk;
  char *room;
} RoomRef;

static RoomRef *
room_ref_new (DcDeskRoom *room)
{
  RoomRef *ref = g_new0 (RoomRef, 1);

  ref->desk = g_object_ref (room->desk);
  ref->room = g_strdup (room->session->room);
  return ref;
}

static void
room_ref_free (RoomRef *ref)
{
  g_object_unref (ref->desk);
  g_free (ref->room);
  g_free (ref);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RoomRef, room_ref_free)

static gboolean
forget_cb (gpointer user_data)
{
  RoomRef *ref = user_data;
  DcDeskRoom *room = dc_desk_lookup_room (ref->desk, ref->room);
  g_autofree char *key = g_ascii_strdown (ref->room, -1);

  if (room != NULL && room->session->state == DC_DESK_STATE_CLOSED)
    g_hash_table_remove (ref->desk->rooms, key);
  return G_SOURCE_REMOVE;
}

/* Leaves, and forgets the room once the stanza at hand is handled: the handlers up the stack
 * still hold it. */
void
dc_desk_room_forget (DcDeskRoom *room)
{
  dc_desk_room_leave (room);
  g_idle_add_full (G_PRIORITY_DEFAULT, forget_cb, room_ref_new (room),
                   (GDestroyNotify)room_ref_free);
}

/* Messages out --------------------------------------------------------------------------- */

/**
 * dc_desk_room_say:
 * @room: the room
 * @body: (nullable): what the customer reads
 * @status: (nullable): a status element for the app
 * @form: (nullable): a data form
 *
 * Sends a message to the room, with an origin-id the app de-duplicates by.
 */
void
dc_desk_room_say (DcDeskRoom *room, const char *body, DcXmlNode *status, DcXmlNode *form)
{
  g_autoptr (DcXmlNode) message = dc_xml_node_new ("message", NS_CLIENT);
  g_autofree char *id = dc_xmpp_new_id ();

  dc_xml_node_set_attr (message, "to", room->session->room);
  dc_xml_node_set_attr (message, "type", "groupchat");
  dc_xml_node_set_attr (message, "id", id);
  dc_xml_node_set_attr (dc_xml_node_add_child (message, "origin-id", NS_SID), "id", id);
  if (body != NULL)
    dc_xml_node_set_text (dc_xml_node_add_child (message, "body", NULL), body);
  if (status != NULL)
    dc_xml_node_append (message, status);
  if (form != NULL)
    {
      dc_xml_node_append (message, form);
      /* Prosody archives a message without a body only when asked; a form must be in the
       * archive for an app that reconnects. */
      if (body == NULL)
        dc_xml_node_add_child (message, "store", NS_HINTS);
    }
  dc_xmpp_connection_send (room->desk->xmpp, message);
}

/**
 * dc_desk_room_nick_of:
 * @room: the room
 * @jid: a bare JID
 *
 * Returns: (nullable): the nick @jid has in the room, if it is there
 */
const char *
dc_desk_room_nick_of (DcDeskRoom *room, const char *jid)
{
  GHashTableIter iter;
  const char *nick, *who;

  g_hash_table_iter_init (&iter, room->occupants);
  while (g_hash_table_iter_next (&iter, (gpointer *)&nick, (gpointer *)&who))
    if (g_ascii_strcasecmp (who, jid) == 0)
      return nick;
  return NULL;
}

/**
 * dc_desk_room_tell:
 * @room: the room
 * @jid: an agent's bare JID
 * @body: what to tell them
 *
 * A private message the customer does not see: in the room (a private
 * message to the agent's nick, so their client shows it beside the room),
 * or directly when they are not in it.
 */
void
dc_desk_room_tell (DcDeskRoom *room, const char *jid, const char *body)
{
  g_autoptr (DcXmlNode) message = dc_xml_node_new ("message", NS_CLIENT);
  g_autofree char *id = dc_xmpp_new_id ();
  const char *nick = dc_desk_room_nick_of (room, jid);
  g_autofree char *to = nick ? occupant_jid (room, nick) : g_strdup (jid);

  dc_xml_node_set_attr (message, "to", to);
  dc_xml_node_set_attr (message, "type", "chat");
  dc_xml_node_set_attr (message, "id", id);
  dc_xml_node_set_text (dc_xml_node_add_child (message, "body", NULL), body);
  if (nick != NULL)
    dc_xml_node_add_child (message, "x", NS_MUC_USER);
  dc_xmpp_connection_send (room->desk->xmpp, message);
}

/* The archive ------------------------------------------------------------------------------- */

static void fetch_page (DcDeskRoom *room, const char *after);

static void
catch_up_done (DcDeskRoom *room)
{
  room->catching_up = FALSE;
  g_clear_pointer (&room->catch_up_id, g_free);
  /* What the archive moved on has just been said; otherwise say again where things are. */
  if (room->resync && room->session->state == room->state_before_catch_up
      && room->session->state != DC_DESK_STATE_CLOSED)
    dc_desk_flow_resync (room);
  room->resync = FALSE;
}

static void
page_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (RoomRef) ref = user_data;
  g_autoptr (DcXmlNode) reply = NULL;
  g_autoptr (GError) error = NULL;
  DcXmlNode *fin, *set;
  DcDeskRoom *room;

  reply = dc_xmpp_connection_iq_finish (DC_XMPP_CONNECTION (source), result, &error);
  room = ref->desk->rooms ? dc_desk_lookup_room (ref->desk, ref->room) : NULL;
  if (room == NULL || !room->catching_up)
    return;
  if (reply == NULL)
    {
      g_warning ("Cannot read the archive of %s: %s", room->session->room, error->message);
      catch_up_done (room);
      return;
    }
  fin = dc_xml_node_get_child (reply, "fin", NS_MAM);
  set = fin ? dc_xml_node_get_child (fin, "set", NS_RSM) : NULL;
  if (fin != NULL && g_strcmp0 (dc_xml_node_get_attr (fin, "complete"), "true") != 0 && set != NULL
      && dc_xml_node_get_child_text (set, "last", NULL) != NULL)
    {
      fetch_page (room, dc_xml_node_get_child_text (set, "last", NULL));
      return;
    }
  catch_up_done (room);
}

/* After @after, or (the first time) since shortly before the session began. */
static void
fetch_page (DcDeskRoom *room, const char *after)
{
  g_autoptr (GDateTime) since
    = after == NULL
        ? g_date_time_new_from_unix_utc ((gint64)(room->session->created - ARCHIVE_MARGIN))
        : NULL;
  g_autoptr (DcXmlNode) iq
    = dc_mam_query_new (room->session->room, room->catch_up_id, since, after, ARCHIVE_PAGE);

  dc_xmpp_connection_iq_async (room->desk->xmpp, iq, room->desk->cancellable, page_cb,
                               room_ref_new (room));
}

static void
catch_up (DcDeskRoom *room)
{
  room->catching_up = TRUE;
  room->state_before_catch_up = room->session->state;
  g_free (room->catch_up_id);
  room->catch_up_id = dc_xmpp_new_id ();
  fetch_page (room, room->session->last_stanza);
}

/* Presences ------------------------------------------------------------------------------- */

static void
joined (DcDeskRoom *room, gboolean created)
{
  room->joined = TRUE;
  if (created && (room->farewell != NULL || !room->session->greeted))
    {
      /* Invited into a room that does not exist: nobody to talk to. */
      g_message ("%s does not exist; not staying", room->session->room);
      if (room->session->id != 0)
        {
          room->session->state = DC_DESK_STATE_CLOSED;
          room->session->closed_at = dc_desk_now ();
          g_free (room->session->close_reason);
          room->session->close_reason = g_strdup ("no-room");
          dc_desk_save (room->desk, room->session);
        }
      room->session->state = DC_DESK_STATE_CLOSED;
      dc_desk_room_forget (room);
      return;
    }
  if (created)
    {
      /* The room was lost with the server that held it, and our join made an empty one: the
       * customer's app makes its room again and invites us then. */
      g_message ("%s no longer exists; waiting for the customer to invite the desk again",
                 room->session->room);
      dc_desk_room_leave (room);
      return;
    }
  if (room->farewell != NULL)
    {
      g_autoptr (DcXmlNode) status = dc_xml_node_new ("status", NS_DEVICECARE_STATUS);

      dc_xml_node_set_attr (status, "state", "closed");
      dc_desk_room_say (room, room->farewell, status, NULL);
      room->session->state = DC_DESK_STATE_CLOSED;
      dc_desk_room_forget (room);
      return;
    }
  if (!room->session->greeted)
    dc_desk_flow_joined (room);
  else
    catch_up (room);
}

/**
 * dc_desk_room_handle_presence:
 * @room: the room
 * @stanza: a presence from the room
 *
 * Keeps the list of who is who, and notices when the desk is in.
 */
void
dc_desk_room_handle_presence (DcDeskRoom *room, DcXmlNode *stanza)
{
  const char *nick = dc_jid_resource (dc_xml_node_get_attr (stanza, "from"));
  const char *type = dc_xml_node_get_attr (stanza, "type");
  DcXmlNode *x = dc_xml_node_get_child (stanza, "x", NS_MUC_USER);
  DcXmlNode *item = x ? dc_xml_node_get_child (x, "item", NULL) : NULL;
  const char *jid = item ? dc_xml_node_get_attr (item, "jid") : NULL;
  g_autofree char *bare = jid ? g_ascii_strdown (jid, -1) : g_strdup ("");

  if (g_strcmp0 (type, "error") == 0)
    {
      g_autofree char *text = dc_xmpp_stanza_error_text (stanza);
      g_warning ("Cannot join %s: %s", room->session->room, text);
      if (room->farewell != NULL)
        dc_desk_room_forget (room);
      return;
    }
  if (nick == NULL || x == NULL)
    return;
  if (strchr (bare, '/') != NULL)
    *strchr (bare, '/') = '\0';
  if (g_strcmp0 (type, "unavailable") == 0)
    {
      g_hash_table_remove (room->occupants, nick);
      if (dc_muc_has_status (x, "110"))
        room->joined = FALSE;
      return;
    }
  g_hash_table_replace (room->occupants, g_strdup (nick), g_strdup (bare));
  if (dc_muc_has_status (x, "110"))
    {
      if (!room->joined)
        joined (room, dc_muc_has_status (x, "201"));
      return;
    }
  /* Those already there when the desk comes back (a restart) were told before. */
  if (room->joined && *bare != '\0' && dc_desk_config_is_agent (room->desk->config, bare))
    dc_desk_agents_joined_room (room, bare);
}

/* Messages in ---------------------------------------------------------------------------------- */

static const char *
live_archive_id (DcDeskRoom *room, DcXmlNode *stanza)
{
  for (DcXmlNode *c = dc_xml_node_get_first_child (stanza); c; c = dc_xml_node_get_next_sibling (c))
    if (g_strcmp0 (dc_xml_node_get_name (c), "stanza-id") == 0
        && g_strcmp0 (dc_xml_node_get_xmlns (c), NS_SID) == 0
        && g_ascii_strcasecmp (dc_xml_node_get_attr (c, "by") ?: "", room->session->room) == 0)
      return dc_xml_node_get_attr (c, "id");
  return NULL;
}

static void
handle_groupchat (DcDeskRoom *room, DcXmlNode *stanza, const char *archive_id, const char *real,
                  gboolean archived)
{
  const char *nick = dc_jid_resource (dc_xml_node_get_attr (stanza, "from"));
  const char *body = dc_xml_node_get_child_text (stanza, "body", NULL);
  DcXmlNode *form = dc_xml_node_get_child (stanza, "x", NS_DATA);
  g_autofree char *who = NULL;

  if (nick == NULL || g_strcmp0 (nick, room->desk->config->nick) == 0)
    return; /* the room's own notices, and what we said */
  if (archive_id != NULL && !g_hash_table_add (room->seen, g_strdup (archive_id)))
    return;
  who = g_ascii_strdown (real ? real : g_hash_table_lookup (room->occupants, nick) ?: "", -1);
  if (strchr (who, '/') != NULL)
    *strchr (who, '/') = '\0';
  if (g_strcmp0 (who, room->session->customer) == 0
      || (*who == '\0' && g_strcmp0 (nick, DC_SUPPORT_NICK) == 0))
    {
      DcXmlNode *status = dc_xml_node_get_child (stanza, "status", NS_DEVICECARE_STATUS);

      /* Whatever the customer writes is text; only their forms are answers, and the app's
       * word that the customer ended the chat (End Chat, /quit) an end. */
      if (status != NULL && g_strcmp0 (dc_xml_node_get_attr (status, "state"), "closed") == 0)
        {
          if (room->session->state != DC_DESK_STATE_CLOSED)
            dc_desk_flow_close (room, "customer-ended", DC_DESK_TEXT_CLOSED_IDLE);
          return;
        }
      if (form != NULL && g_strcmp0 (dc_xml_node_get_attr (form, "type"), "submit") == 0)
        dc_desk_flow_form_answer (room, form);
      else if (body != NULL && *body != '\0')
        dc_desk_flow_customer_text (room, body, archived);
    }
  else if (*who != '\0' && dc_desk_config_is_agent (room->desk->config, who) && body != NULL
           && body[0] == '/')
    dc_desk_agents_command (room, who, body);
  if (archive_id != NULL && room->session->id != 0)
    {
      g_free (room->session->last_stanza);
      room->session->last_stanza = g_strdup (archive_id);
      dc_desk_save (room->desk, room->session);
    }
}

static void
handle_archived (DcDeskRoom *room, DcXmlNode *result)
{
  DcXmlNode *forwarded = dc_xml_node_get_child (result, "forwarded", NS_FORWARD);
  DcXmlNode *inner = forwarded ? dc_xml_node_get_child (forwarded, "message", NS_CLIENT) : NULL;
  DcXmlNode *x = inner ? dc_xml_node_get_child (inner, "x", NS_MUC_USER) : NULL;
  DcXmlNode *item = x ? dc_xml_node_get_child (x, "item", NULL) : NULL;

  if (inner == NULL || !room->catching_up
      || g_strcmp0 (dc_xml_node_get_attr (result, "queryid"), room->catch_up_id) != 0)
    return;
  if (g_strcmp0 (dc_xml_node_get_attr (inner, "type"), "groupchat") != 0)
    return;
  handle_groupchat (room, inner, dc_xml_node_get_attr (result, "id"),
                    item ? dc_xml_node_get_attr (item, "jid") : NULL, TRUE);
}

static void
handle_private (DcDeskRoom *room, DcXmlNode *stanza)
{
  const char *nick = dc_jid_resource (dc_xml_node_get_attr (stanza, "from"));
  const char *body = dc_xml_node_get_child_text (stanza, "body", NULL);
  const char *who = nick ? g_hash_table_lookup (room->occupants, nick) : NULL;

  if (who == NULL || *who == '\0' || body == NULL
      || !dc_desk_config_is_agent (room->desk->config, who))
    return;
  dc_desk_agents_command (room, who, body);
}

/**
 * dc_desk_room_handle_message:
 * @room: the room
 * @stanza: a message from the room or one of its occupants
 *
 * Sorts a message: the room's own (archive results, errors), what is said in
 * the room, and private messages from agents.
 */
void
dc_desk_room_handle_message (DcDeskRoom *room, DcXmlNode *stanza)
{
  const char *type = dc_xml_node_get_attr (stanza, "type");
  DcXmlNode *result = dc_xml_node_get_child (stanza, "result", NS_MAM);

  if (g_strcmp0 (type, "error") == 0)
    {
      g_autofree char *text = dc_xmpp_stanza_error_text (stanza);
      g_message ("%s refused a message: %s", room->session->room, text);
      /* Not in the room any more (the server restarted): go back in. */
      if (g_str_has_prefix (text, "not-acceptable") && room->joined)
        {
          room->joined = FALSE;
          room->resync = TRUE;
          dc_desk_room_join (room);
        }
      return;
    }
  if (result != NULL)
    handle_archived (room, result);
  else if (g_strcmp0 (type, "groupchat") == 0)
    handle_groupchat (room, stanza, live_archive_id (room, stanza), NULL, FALSE);
  else if (g_strcmp0 (type, "chat") == 0)
    handle_private (room, stanza);
}
