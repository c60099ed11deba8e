/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-desk"

#include <string.h>

#include "dc-desk-private.h"

/**
 * DcDesk:
 *
 * The desk's connection and the sessions it holds. This file logs in (and
 * back in after a drop), sorts what arrives — invitations, the rooms'
 * presences and messages, agents' presences — and keeps the clock that closes
 * sessions nobody answers. What a session does step by step is in
 * dc-desk-flow.c, a room's traffic in dc-desk-room.c, the agents in
 * dc-desk-agents.c.
 */

#define RETRY_MAX_SECONDS 30
#define SWEEP_SECONDS 30
#define MAX_REASON 64

G_DEFINE_FINAL_TYPE (DcDesk, dc_desk, G_TYPE_OBJECT)

static void connect_now (DcDesk *self);

double
dc_desk_now (void)
{
  return g_get_real_time () / (double)G_USEC_PER_SEC;
}

/* A database that cannot be written is logged, not fatal: the customer in front of us is still
 * served, and the administrator sees why a restart would forget them. */
void
dc_desk_save (DcDesk *self, DcDeskSession *session)
{
  g_autoptr (GError) error = NULL;

  if (!dc_desk_store_save_session (self->store, session, &error))
    g_warning ("%s", error->message);
}

void
dc_desk_event (DcDesk *self, DcDeskSession *session, const char *kind, const char *actor,
               const char *detail)
{
  g_autoptr (GError) error = NULL;

  if (session->id != 0
      && !dc_desk_store_add_event (self->store, session->id, kind, actor, detail, &error))
    g_warning ("%s", error->message);
}

DcDeskRoom *
dc_desk_lookup_room (DcDesk *self, const char *jid)
{
  g_autofree char *bare = jid ? dc_jid_bare (jid) : NULL;
  g_autofree char *lower = bare ? g_ascii_strdown (bare, -1) : NULL;

  return lower ? g_hash_table_lookup (self->rooms, lower) : NULL;
}

static DcDeskRoom *
add_room (DcDesk *self, DcDeskSession *session)
{
  DcDeskRoom *room = dc_desk_room_new (self, session);

  g_hash_table_replace (self->rooms, g_ascii_strdown (session->room, -1), room);
  return room;
}

/* Invitations ------------------------------------------------------------------------------ */

static gboolean
is_our_room (DcDesk *self, const char *room)
{
  const char *at = strchr (room, '@');

  return at != NULL && at != room && strchr (room, '/') == NULL
         && g_ascii_strcasecmp (at + 1, self->config->room_service) == 0;
}

static gboolean
is_open_now (DcDesk *self)
{
  g_autoptr (GDateTime) now = NULL;

  if (self->config->hours == NULL)
    return TRUE;
  now = g_date_time_new_now (self->config->timezone);
  /* Hours the evaluator cannot judge (a public-holiday rule) do not turn customers away: the
   * agents' presence still says whether someone answers. */
  return dc_opening_hours_get_state (self->config->hours, now, self->config->timezone, NULL)
         != DC_OPEN_STATE_CLOSED;
}

static void
accept_invite (DcDesk *self, const char *room_jid, const char *customer, const char *reason)
{
  g_autofree char *locale = g_strndup (reason ? reason : "", MAX_REASON);
  g_autofree char *country = dc_locale_country (locale);
  g_autoptr (DcDeskSession) session = NULL;
  DcDeskRoom *room = dc_desk_lookup_room (self, room_jid);

  if (room != NULL)
    {
      /* The customer's app made the room anew (the server lost it) and invites us again. */
      if (room->session->customer != NULL
          && g_ascii_strcasecmp (room->session->customer, customer) == 0)
        {
          room->resync = TRUE;
          room->joined = FALSE;
          dc_desk_room_join (room);
          /* The agent was in the old room: into the new one with them. */
          if (room->session->state == DC_DESK_STATE_WITH_AGENT)
            dc_desk_agents_invite_again (room);
        }
      return;
    }
  session = dc_desk_session_new (room_jid, customer, dc_desk_language_from_locale (locale),
                                 country ? country : self->config->country);
  if (dc_desk_store_count_open (self->store, customer) >= self->config->sessions_per_account)
    {
      /* Not stored: a flood of invitations must not fill the database. */
      g_message ("Declining a session in %s: the account has too many open", room_jid);
      session->state = DC_DESK_STATE_CLOSED;
      room = add_room (self, g_steal_pointer (&session));
      room->farewell
        = g_strdup (dc_desk_text (room->session->language, DC_DESK_TEXT_TOO_MANY_SESSIONS));
      dc_desk_room_join (room);
      return;
    }
  if (!is_open_now (self))
    {
      session->state = DC_DESK_STATE_CLOSED;
      session->closed_at = dc_desk_now ();
      session->close_reason = g_strdup ("outside-hours");
    }
  dc_desk_save (self, session);
  dc_desk_event (self, session, "invited", NULL, session->language);
  room = add_room (self, g_steal_pointer (&session));
  if (room->session->state == DC_DESK_STATE_CLOSED)
    room->farewell
      = dc_desk_flow_closed_notice (self, room->session->language, room->session->country);
  dc_desk_room_join (room);
}

/* XEP-0249 (what the app sends) and XEP-0045's mediated invitation. */
static gboolean
handle_invite (DcDesk *self, DcXmlNode *stanza)
{
  const char *from = dc_xml_node_get_attr (stanza, "from");
  DcXmlNode *direct = dc_xml_node_get_child (stanza, "x", NS_CONFERENCE);
  DcXmlNode *user = dc_xml_node_get_child (stanza, "x", NS_MUC_USER);
  DcXmlNode *invite = user ? dc_xml_node_get_child (user, "invite", NULL) : NULL;
  g_autofree char *room = NULL;
  g_autofree char *customer = NULL;
  const char *reason = NULL;

  if (direct != NULL && dc_xml_node_get_attr (direct, "jid") != NULL && from != NULL)
    {
      room = g_ascii_strdown (dc_xml_node_get_attr (direct, "jid"), -1);
      customer = g_ascii_strdown (from, -1);
      reason = dc_xml_node_get_attr (direct, "reason");
    }
  else if (invite != NULL && dc_xml_node_get_attr (invite, "from") != NULL && from != NULL)
    {
      room = g_ascii_strdown (from, -1);
      customer = g_ascii_strdown (dc_xml_node_get_attr (invite, "from"), -1);
      reason = dc_xml_node_get_child_text (invite, "reason", NULL);
    }
  else
    return FALSE;
  /* Addresses compare without case, and without the resource. */
  if (strchr (room, '/') != NULL)
    *strchr (room, '/') = '\0';
  if (strchr (customer, '/') != NULL)
    *strchr (customer, '/') = '\0';
  if (!is_our_room (self, room) || strchr (customer, '@') == NULL)
    {
      g_debug ("Ignoring an invitation to %s", room);
      return TRUE;
    }
  accept_invite (self, room, customer, reason);
  return TRUE;
}

/* What arrives ---------------------------------------------------------------------------- */

/* An agent writing to the desk's own address: commands need the room they are about. */
static void
answer_direct (DcDesk *self, DcXmlNode *stanza)
{
  const char *from = dc_xml_node_get_attr (stanza, "from");
  g_autofree char *bare = from ? dc_jid_bare (from) : NULL;
  g_autoptr (DcXmlNode) reply = NULL;

  if (bare == NULL || g_strcmp0 (dc_xml_node_get_attr (stanza, "type"), "chat") != 0
      || dc_xml_node_get_child_text (stanza, "body", NULL) == NULL
      || !dc_desk_config_is_agent (self->config, bare))
    return;
  reply = dc_xml_node_new ("message", NS_CLIENT);
  dc_xml_node_set_attr (reply, "to", from);
  dc_xml_node_set_attr (reply, "type", "chat");
  dc_xml_node_set_text (dc_xml_node_add_child (reply, "body", NULL),
                        "I only take commands about a customer: write them in the customer's "
                        "room, or to me privately there (/resolve, /transfer ADDRESS, "
                        "/note TEXT).");
  dc_xmpp_connection_send (self->xmpp, reply);
}

static void
stanza_cb (DcXmppConnection *xmpp, DcXmlNode *stanza, DcDesk *self)
{
  const char *name = dc_xml_node_get_name (stanza);
  DcDeskRoom *room = dc_desk_lookup_room (self, dc_xml_node_get_attr (stanza, "from"));

  if (g_strcmp0 (name, "presence") == 0)
    {
      if (room != NULL)
        dc_desk_room_handle_presence (room, stanza);
      else
        dc_desk_agents_handle_presence (self, stanza);
      return;
    }
  if (g_strcmp0 (name, "message") != 0)
    return;
  if (g_strcmp0 (dc_xml_node_get_attr (stanza, "type"), "error") != 0
      && handle_invite (self, stanza))
    return;
  if (room != NULL)
    dc_desk_room_handle_message (room, stanza);
  else
    answer_direct (self, stanza);
}

/* The connection ---------------------------------------------------------------------------- */

static void
send_presence (DcDesk *self)
{
  g_autoptr (DcXmlNode) presence = dc_xml_node_new ("presence", NS_CLIENT);

  dc_xml_node_set_text (dc_xml_node_add_child (presence, "status", NULL), "device-care-desk");
  dc_xmpp_connection_send (self->xmpp, presence);
}

static void
went_online (DcDesk *self, gboolean resumed)
{
  GHashTableIter iter;
  DcDeskRoom *room;

  self->retries = 0;
  g_message ("Online as %s%s; %u open sessions, %u waiting",
             dc_xmpp_connection_get_jid (self->xmpp), resumed ? " (resumed)" : "",
             g_hash_table_size (self->rooms), dc_desk_queue_get_length (self->queue));
  if (resumed)
    return;
  send_presence (self);
  dc_desk_agents_online (self);
  g_hash_table_iter_init (&iter, self->rooms);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *)&room))
    {
      /* What we said as the connection went may not have arrived. */
      room->resync = TRUE;
      room->joined = FALSE;
      dc_desk_room_join (room);
    }
}

static gboolean
retry_cb (gpointer user_data)
{
  DcDesk *self = user_data;

  self->retry_source = 0;
  connect_now (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (DcDesk *self)
{
  guint seconds = MIN (1u << MIN (self->retries, 5u), RETRY_MAX_SECONDS);

  if (self->stopping || self->retry_source != 0)
    return;
  self->retries++;
  /* Jitter, so desks restarted together do not knock at once. */
  self->retry_source = g_timeout_add (seconds * 1000 + g_random_int_range (0, 500), retry_cb, self);
}

static void
connected_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (DcDesk) self = user_data;
  g_autoptr (GError) error = NULL;
  gboolean resumed = FALSE;

  if (!dc_xmpp_connection_connect_finish (DC_XMPP_CONNECTION (source), result, &resumed, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Expected while the server restarts: a message, not a warning. */
      g_message ("Cannot sign in to %s as %s@%s: %s", self->config->service, self->config->username,
                 self->config->domain, error->message);
      schedule_retry (self);
      return;
    }
  went_online (self, resumed);
}

static void
connect_now (DcDesk *self)
{
  dc_xmpp_connection_connect_async (self->xmpp, self->config->username, self->config->password,
                                    FALSE, self->cancellable, connected_cb, g_object_ref (self));
}

static void
disconnected_cb (DcXmppConnection *xmpp, GError *error, DcDesk *self)
{
  if (self->stopping)
    return;
  g_message ("Lost the connection: %s", error ? error->message : "no reason given");
  dc_desk_agents_offline (self);
  schedule_retry (self);
}

static gboolean
sweep_cb (gpointer user_data)
{
  DcDesk *self = user_data;

  if (dc_xmpp_connection_get_state (self->xmpp) == DC_XMPP_STATE_ONLINE)
    dc_desk_flow_sweep (self);
  return G_SOURCE_CONTINUE;
}

/* Life -------------------------------------------------------------------------------------- */

static gboolean
load_sessions (DcDesk *self, GError **error)
{
  g_autoptr (GPtrArray) open = dc_desk_store_load_open (self->store, error);

  if (open == NULL)
    return FALSE;
  while (open->len > 0)
    {
      DcDeskSession *session = g_ptr_array_steal_index (open, 0);
      DcDeskRoom *room = add_room (self, session);

      /* After a restart the customer may have missed what the desk said as it died. */
      room->resync = TRUE;
      if (session->state == DC_DESK_STATE_QUEUED)
        dc_desk_queue_add (self->queue, session->id, session->queued_at);
    }
  return TRUE;
}

/**
 * dc_desk_new:
 * @config: (transfer full): the configuration
 * @error: return location for a #GError
 *
 * Opens what the desk keeps: the database (with every open session), the
 * knowledge base and the vendor's contact channels.
 *
 * Returns: (transfer full) (nullable): the desk, not yet connected
 */
DcDesk *
dc_desk_new (DcDeskConfig *config, GError **error)
{
  g_autoptr (DcDeskConfig) owned = config;
  g_autoptr (DcDesk) self = g_object_new (DC_TYPE_DESK, NULL);
  g_autoptr (GError) problem = NULL;

  self->config = g_steal_pointer (&owned);
  self->xmpp = dc_xmpp_connection_new (config->service, config->domain, error);
  if (self->xmpp == NULL)
    return NULL;
  if (config->knowledge_path != NULL
      && (self->knowledge = dc_desk_knowledge_load (config->knowledge_path, error)) == NULL)
    return NULL;
  if (config->vendor_config_path != NULL)
    self->vendor = dc_vendor_config_new_from_file (config->vendor_config_path, error);
  else
    self->vendor = dc_vendor_config_load (&problem);
  if (self->vendor == NULL)
    return NULL;
  if (problem != NULL)
    g_warning ("The vendor configuration: %s", problem->message);
  /* Last: a mistake in the files above leaves no database behind. */
  self->store = dc_desk_store_open (config->database_path, FALSE, error);
  if (self->store == NULL)
    return NULL;
  if (!load_sessions (self, error))
    return NULL;
  dc_desk_agents_init (self);
  return g_steal_pointer (&self);
}

/**
 * dc_desk_start:
 * @self: a #DcDesk
 *
 * Connects, then rejoins the rooms of the open sessions; a lost connection is
 * tried again, sooner first, then every 30 s.
 */
void
dc_desk_start (DcDesk *self)
{
  g_return_if_fail (DC_IS_DESK (self));

  g_signal_connect (self->xmpp, "stanza", G_CALLBACK (stanza_cb), self);
  g_signal_connect (self->xmpp, "disconnected", G_CALLBACK (disconnected_cb), self);
  self->sweep_source = g_timeout_add_seconds (SWEEP_SECONDS, sweep_cb, self);
  connect_now (self);
}

/**
 * dc_desk_stop:
 * @self: a #DcDesk
 *
 * Signs off. The rooms are not left: the sessions stay open, and the next
 * start takes them up again.
 */
void
dc_desk_stop (DcDesk *self)
{
  g_return_if_fail (DC_IS_DESK (self));

  self->stopping = TRUE;
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  g_clear_handle_id (&self->sweep_source, g_source_remove);
  dc_xmpp_connection_disconnect (self->xmpp);
}

static void
dc_desk_dispose (GObject *object)
{
  DcDesk *self = DC_DESK (object);

  g_clear_handle_id (&self->retry_source, g_source_remove);
  g_clear_handle_id (&self->sweep_source, g_source_remove);
  if (self->xmpp != NULL)
    g_signal_handlers_disconnect_by_data (self->xmpp, self);
  g_clear_object (&self->xmpp);
  g_clear_object (&self->vendor);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->rooms, g_hash_table_unref);
  g_clear_pointer (&self->agents, g_hash_table_unref);

  G_OBJECT_CLASS (dc_desk_parent_class)->dispose (object);
}

static void
dc_desk_finalize (GObject *object)
{
  DcDesk *self = DC_DESK (object);

  g_clear_pointer (&self->queue, dc_desk_queue_free);
  g_clear_pointer (&self->knowledge, dc_desk_knowledge_free);
  g_clear_pointer (&self->store, dc_desk_store_free);
  g_clear_pointer (&self->config, dc_desk_config_free);

  G_OBJECT_CLASS (dc_desk_parent_class)->finalize (object);
}

static void
dc_desk_class_init (DcDeskClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dc_desk_dispose;
  object_class->finalize = dc_desk_finalize;
}

static void
dc_desk_init (DcDesk *self)
{
  self->cancellable = g_cancellable_new ();
  self->rooms
    = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)dc_desk_room_free);
  self->agents
    = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify)dc_desk_agent_free);
  self->queue = dc_desk_queue_new ();
}
