/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-desk"

#include <json-glib/json-glib.h>
#include <string.h>

#include "dc-desk-private.h"

/* The agents: the configured addresses, kept in the desk's roster so their presence reaches
 * it; available means online and neither away nor busy. A customer goes to the available agent
 * with the fewest sessions (below the configured number), is invited into the room (XEP-0249),
 * and the agent is told the facts privately once there. Agents end, hand over and annotate with
 * commands — in the room, or as private messages to the desk there. What agents read from the
 * desk is in English: they are the vendor's staff, and the desk's own language is its log's. */

#define MAX_NOTE 4000

static const char help[]
  = "Commands: /resolve when the customer's problem is solved (they are asked for a rating); "
    "/transfer ADDRESS to hand the customer to another agent; /note TEXT to keep a private note "
    "with the session. Send /note to me privately: everything said in the room is seen by the "
    "customer. /resolve and /transfer work in the room too, where a restarted desk still finds "
    "them.";

void
dc_desk_agent_free (DcDeskAgent *agent)
{
  g_free (agent->address);
  g_free (agent->name);
  g_hash_table_unref (agent->resources);
  g_free (agent);
}

/**
 * dc_desk_agents_init:
 * @self: the desk
 *
 * One entry for each configured agent, unavailable until their presence comes.
 */
void
dc_desk_agents_init (DcDesk *self)
{
  for (guint i = 0; self->config->agents[i] != NULL; i++)
    {
      DcDeskAgent *agent = g_new0 (DcDeskAgent, 1);
      const char *at = strchr (self->config->agents[i], '@');

      agent->address = g_strdup (self->config->agents[i]);
      agent->name = g_strndup (self->config->agents[i], at - self->config->agents[i]);
      agent->resources = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      agent->last_assigned = dc_desk_store_last_assigned (self->store, agent->address);
      g_hash_table_replace (self->agents, agent->address, agent);
    }
}

const char *
dc_desk_agents_name (DcDesk *self, const char *address)
{
  DcDeskAgent *agent = g_hash_table_lookup (self->agents, address);

  return agent ? agent->name : address;
}

static gboolean
is_available (DcDeskAgent *agent)
{
  GHashTableIter iter;
  const char *show;

  g_hash_table_iter_init (&iter, agent->resources);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *)&show))
    if (*show == '\0' || g_str_equal (show, "chat"))
      return TRUE;
  return FALSE;
}

static guint
load_of (DcDesk *self, const char *address)
{
  GHashTableIter iter;
  DcDeskRoom *room;
  guint load = 0;

  g_hash_table_iter_init (&iter, self->rooms);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *)&room))
    if (room->session->state == DC_DESK_STATE_WITH_AGENT
        && g_strcmp0 (room->session->agent, address) == 0)
      load++;
  return load;
}

static void
send_presence (DcDesk *self, const char *to, const char *type)
{
  g_autoptr (DcXmlNode) presence = dc_xml_node_new ("presence", NS_CLIENT);

  dc_xml_node_set_attr (presence, "to", to);
  dc_xml_node_set_attr (presence, "type", type);
  dc_xmpp_connection_send (self->xmpp, presence);
}

/* The roster: names, and a subscription request to each agent whose presence we do not get. */
static void
roster_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (DcDesk) self = user_data;
  g_autoptr (DcXmlNode) reply = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GHashTable) subscribed = g_hash_table_new (g_str_hash, g_str_equal);
  DcXmlNode *query;

  reply = dc_xmpp_connection_iq_finish (DC_XMPP_CONNECTION (source), result, &error);
  if (reply == NULL)
    {
      g_warning ("Cannot read the roster: %s", error->message);
      return;
    }
  query = dc_xml_node_get_child (reply, "query", NS_ROSTER);
  for (DcXmlNode *item = query ? dc_xml_node_get_first_child (query) : NULL; item != NULL;
       item = dc_xml_node_get_next_sibling (item))
    {
      g_autofree char *jid = g_ascii_strdown (dc_xml_node_get_attr (item, "jid") ?: "", -1);
      const char *subscription = dc_xml_node_get_attr (item, "subscription");
      DcDeskAgent *agent = g_hash_table_lookup (self->agents, jid);

      if (agent == NULL)
        continue;
      if (dc_xml_node_get_attr (item, "name") != NULL)
        {
          g_free (agent->name);
          agent->name = g_strdup (dc_xml_node_get_attr (item, "name"));
        }
      if (g_strcmp0 (subscription, "to") == 0 || g_strcmp0 (subscription, "both") == 0
          || g_strcmp0 (dc_xml_node_get_attr (item, "ask"), "subscribe") == 0)
        g_hash_table_add (subscribed, agent->address);
    }
  for (guint i = 0; self->config->agents[i] != NULL; i++)
    if (!g_hash_table_contains (subscribed, self->config->agents[i]))
      send_presence (self, self->config->agents[i], "subscribe");
}

/**
 * dc_desk_agents_online:
 * @self: the desk
 *
 * Reads the roster and asks each agent not yet in it for their presence.
 */
void
dc_desk_agents_online (DcDesk *self)
{
  g_autoptr (DcXmlNode) iq = dc_xml_node_new ("iq", NS_CLIENT);

  dc_xml_node_set_attr (iq, "type", "get");
  dc_xml_node_add_child (iq, "query", NS_ROSTER);
  dc_xmpp_connection_iq_async (self->xmpp, iq, self->cancellable, roster_cb, g_object_ref (self));
}

/**
 * dc_desk_agents_offline:
 * @self: the desk
 *
 * Forgets who was available: the presences come again after the next login.
 */
void
dc_desk_agents_offline (DcDesk *self)
{
  GHashTableIter iter;
  DcDeskAgent *agent;

  g_hash_table_iter_init (&iter, self->agents);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *)&agent))
    g_hash_table_remove_all (agent->resources);
}

/**
 * dc_desk_agents_handle_presence:
 * @self: the desk
 * @stanza: a presence that is not from a room
 *
 * Agents' presence, and subscription requests (granted to agents only).
 *
 * Returns: whether it was an agent's or a subscription
 */
gboolean
dc_desk_agents_handle_presence (DcDesk *self, DcXmlNode *stanza)
{
  const char *from = dc_xml_node_get_attr (stanza, "from");
  const char *type = dc_xml_node_get_attr (stanza, "type");
  g_autofree char *bare = from ? dc_jid_bare (from) : NULL;
  g_autofree char *address = bare ? g_ascii_strdown (bare, -1) : NULL;
  DcDeskAgent *agent = address ? g_hash_table_lookup (self->agents, address) : NULL;
  gboolean was;

  if (g_strcmp0 (type, "subscribe") == 0)
    {
      send_presence (self, address, agent ? "subscribed" : "unsubscribed");
      return TRUE;
    }
  if (agent == NULL || (type != NULL && g_strcmp0 (type, "unavailable") != 0))
    return agent != NULL;
  was = is_available (agent);
  if (g_strcmp0 (type, "unavailable") == 0)
    g_hash_table_remove (agent->resources, dc_jid_resource (from) ?: "");
  else
    g_hash_table_replace (agent->resources, g_strdup (dc_jid_resource (from) ?: ""),
                          g_strdup (dc_xml_node_get_child_text (stanza, "show", NULL) ?: ""));
  if (was != is_available (agent))
    {
      g_message ("Agent %s is %s", agent->address, was ? "not available" : "available");
      if (!was)
        dc_desk_agents_assign (self);
    }
  return TRUE;
}

/* Handing over ------------------------------------------------------------------------------ */

static void
invite (DcDeskRoom *room, const char *agent)
{
  g_autoptr (DcXmlNode) message = dc_xml_node_new ("message", NS_CLIENT);
  g_autofree char *id = dc_xmpp_new_id ();
  g_autofree char *body
    = g_strdup_printf ("A customer is waiting for you in xmpp:%s?join", room->session->room);
  DcXmlNode *x;

  dc_xml_node_set_attr (message, "to", agent);
  dc_xml_node_set_attr (message, "id", id);
  /* For clients that do not show invitations. */
  dc_xml_node_set_text (dc_xml_node_add_child (message, "body", NULL), body);
  x = dc_xml_node_add_child (message, "x", NS_CONFERENCE);
  dc_xml_node_set_attr (x, "jid", room->session->room);
  dc_xml_node_set_attr (x, "reason", "A Device Care customer is waiting for you");
  dc_xmpp_connection_send (room->desk->xmpp, message);
}

static void
append_fact (GString *text, JsonObject *facts, const char *var, const char *label)
{
  if (facts != NULL && json_object_has_member (facts, var))
    g_string_append_printf (text, "\n%s: %s", label, json_object_get_string_member (facts, var));
}

/* What the customer shared, for the agent only. */
static void
brief (DcDeskRoom *room)
{
  DcDeskSession *session = room->session;
  g_autoptr (JsonNode) node = session->facts ? json_from_string (session->facts, NULL) : NULL;
  JsonObject *facts = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  g_autoptr (GString) text = g_string_new (NULL);
  double waited = session->assigned_at - session->queued_at;

  g_string_append_printf (text, "A customer for you (language: %s, waited %.0f min).",
                          session->language, MAX (waited, 0) / 60);
  append_fact (text, facts, "model", "Model");
  append_fact (text, facts, "os", "System");
  append_fact (text, facts, "serial", "Serial number");
  append_fact (text, facts, "imei", "IMEI");
  append_fact (text, facts, "category", "Topic");
  append_fact (text, facts, "description", "Problem");
  g_string_append_printf (text, "\n\n%s", help);
  dc_desk_room_tell (room, session->agent, text->str);
  room->briefed = TRUE;
}

static void
hand_over (DcDeskRoom *room, DcDeskAgent *agent, DcDeskText text)
{
  DcDeskSession *session = room->session;
  g_autoptr (DcXmlNode) status = dc_xml_node_new ("status", NS_DEVICECARE_STATUS);
  g_autofree char *body = NULL;

  session->state = DC_DESK_STATE_WITH_AGENT;
  g_free (session->agent);
  session->agent = g_strdup (agent->address);
  session->position = 0;
  if (session->assigned_at == 0)
    session->assigned_at = dc_desk_now ();
  dc_desk_save (room->desk, session);
  dc_desk_event (room->desk, session, "assigned", agent->address, NULL);
  agent->last_assigned = dc_desk_now ();
  room->briefed = FALSE;
  body = dc_desk_text_format (session->language, text, "agent", agent->name, NULL);
  dc_xml_node_set_attr (status, "state", "with-agent");
  dc_desk_room_say (room, body, status, NULL);
  if (dc_desk_room_nick_of (room, agent->address) != NULL)
    brief (room);
  else
    invite (room, agent->address);
}

/**
 * dc_desk_agents_invite_again:
 * @room: a room the customer's app made anew
 *
 * Invites the session's agent into the new room; they get the facts again there.
 */
void
dc_desk_agents_invite_again (DcDeskRoom *room)
{
  room->briefed = FALSE;
  invite (room, room->session->agent);
}

static DcDeskRoom *
room_of_session (DcDesk *self, gint64 id)
{
  GHashTableIter iter;
  DcDeskRoom *room;

  g_hash_table_iter_init (&iter, self->rooms);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *)&room))
    if (room->session->id == id)
      return room;
  return NULL;
}

static int
pick (DcDesk *self)
{
  guint n = g_strv_length (self->config->agents);
  g_autofree DcDeskAgentLoad *loads = g_new0 (DcDeskAgentLoad, n);

  for (guint i = 0; i < n; i++)
    {
      DcDeskAgent *agent = g_hash_table_lookup (self->agents, self->config->agents[i]);
      loads[i].address = agent->address;
      loads[i].available = is_available (agent);
      loads[i].load = load_of (self, agent->address);
      loads[i].last_assigned = agent->last_assigned;
    }
  return dc_desk_pick_agent (loads, n, self->config->sessions_per_agent);
}

/**
 * dc_desk_agents_assign:
 * @self: the desk
 *
 * Hands the first in the queue to an available agent, as long as there are
 * both, then tells those still waiting their new places.
 */
void
dc_desk_agents_assign (DcDesk *self)
{
  int chosen;

  while (dc_desk_queue_get_length (self->queue) > 0 && (chosen = pick (self)) >= 0)
    {
      gint64 id = dc_desk_queue_get_nth (self->queue, 1);
      DcDeskRoom *room = room_of_session (self, id);
      DcDeskAgent *agent = g_hash_table_lookup (self->agents, self->config->agents[chosen]);

      dc_desk_queue_remove (self->queue, id);
      if (room != NULL)
        hand_over (room, agent, DC_DESK_TEXT_AGENT_JOINING);
    }
  dc_desk_flow_queue_moved (self);
}

/**
 * dc_desk_agents_joined_room:
 * @room: a room
 * @jid: the bare JID of an agent who is now in it
 *
 * The agent the session waits for is there: tell them the facts.
 */
void
dc_desk_agents_joined_room (DcDeskRoom *room, const char *jid)
{
  if (room->session->state == DC_DESK_STATE_WITH_AGENT && !room->briefed
      && g_strcmp0 (room->session->agent, jid) == 0)
    brief (room);
}

/* Commands ----------------------------------------------------------------------------------- */

static void
transfer (DcDeskRoom *room, const char *from, const char *to)
{
  g_autofree char *address = g_ascii_strdown (to, -1);
  DcDeskAgent *agent = g_hash_table_lookup (room->desk->agents, address);
  g_autofree char *reply = NULL;

  if (agent == NULL)
    reply
      = g_strdup_printf ("%s is not one of the desk's agents; the customer stays with you.", to);
  else if (g_strcmp0 (agent->address, room->session->agent) == 0)
    reply = g_strdup ("The customer is already with that agent.");
  else if (!is_available (agent)
           || load_of (room->desk, agent->address) >= room->desk->config->sessions_per_agent)
    reply = g_strdup_printf ("%s is not available now (offline, away or busy); the customer "
                             "stays with you.",
                             agent->address);
  if (reply != NULL)
    {
      dc_desk_room_tell (room, from, reply);
      return;
    }
  dc_desk_event (room->desk, room->session, "transferred", from, agent->address);
  hand_over (room, agent, DC_DESK_TEXT_TRANSFER);
  reply = g_strdup_printf ("Handed over to %s. You can leave the room.", agent->address);
  dc_desk_room_tell (room, from, reply);
  dc_desk_agents_assign (room->desk);
}

/**
 * dc_desk_agents_command:
 * @room: a room
 * @agent: the bare JID of the agent who sent it
 * @body: the message
 *
 * /resolve, /transfer ADDRESS, /note TEXT; anything else gets the list of
 * commands.
 */
void
dc_desk_agents_command (DcDeskRoom *room, const char *agent, const char *body)
{
  g_autofree char *line = g_strstrip (g_strdup (body));
  char *argument = strchr (line, ' ');
  gboolean with_agent = room->session->state == DC_DESK_STATE_WITH_AGENT;

  if (argument != NULL)
    *argument++ = '\0';
  argument = g_strstrip (argument ? argument : line + strlen (line));
  if (g_str_equal (line, "/note") && *argument != '\0')
    {
      g_autofree char *note = g_utf8_strlen (argument, -1) > MAX_NOTE
                                ? g_utf8_substring (argument, 0, MAX_NOTE)
                                : g_strdup (argument);
      dc_desk_event (room->desk, room->session, "note", agent, note);
      dc_desk_room_tell (room, agent, "Note saved.");
    }
  else if (g_str_equal (line, "/resolve") && with_agent)
    {
      dc_desk_flow_resolve (room, agent);
      dc_desk_room_tell (room, agent, "Resolved. The customer is asked for a rating.");
      dc_desk_agents_assign (room->desk);
    }
  else if (g_str_equal (line, "/transfer") && with_agent && *argument != '\0')
    transfer (room, agent, argument);
  else if ((g_str_equal (line, "/resolve") || g_str_equal (line, "/transfer")) && !with_agent)
    dc_desk_room_tell (room, agent,
                       "This chat is not with an agent now, so there is nothing "
                       "to resolve or hand over.");
  else
    dc_desk_room_tell (room, agent, help);
}
