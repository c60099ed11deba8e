/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-support"

#include "dc-support-session-private.h"

/**
 * DcSupportSession:
 *
 * A support chat (DESIGN §3). The customer's messages go to the store
 * first and stay "waiting" until the server acknowledged them; a dropped
 * connection is resumed, or the room rejoined and the archive read for
 * what was missed. The room's traffic is read in
 * dc-support-session-incoming.c, joining and catching up in
 * dc-support-session-room.c, what the customer sends goes out in
 * dc-support-session-send.c, and dc-support-session-connect.c keeps the
 * connection up. This file is the object: its properties, and starting and
 * closing a session.
 */

G_DEFINE_FINAL_TYPE (DcSupportSession, dc_support_session, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (DcSupportState, dc_support_state,
                    G_DEFINE_ENUM_VALUE (DC_SUPPORT_STATE_CONNECTING, "connecting"),
                    G_DEFINE_ENUM_VALUE (DC_SUPPORT_STATE_WAITING_FOR_DESK, "waiting-for-desk"),
                    G_DEFINE_ENUM_VALUE (DC_SUPPORT_STATE_FORM, "form"),
                    G_DEFINE_ENUM_VALUE (DC_SUPPORT_STATE_QUEUED, "queued"),
                    G_DEFINE_ENUM_VALUE (DC_SUPPORT_STATE_WITH_AGENT, "with-agent"),
                    G_DEFINE_ENUM_VALUE (DC_SUPPORT_STATE_RATING, "rating"),
                    G_DEFINE_ENUM_VALUE (DC_SUPPORT_STATE_CLOSED, "closed"),
                    G_DEFINE_ENUM_VALUE (DC_SUPPORT_STATE_OFFLINE, "offline"))

enum
{
  PROP_0,
  PROP_STATE,
  PROP_FORM,
  PROP_QUEUE_POSITION,
  PROP_ESTIMATED_WAIT,
  PROP_WAITING_COUNT,
  PROP_PEER_TYPING,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SIGNAL_REGISTERED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/**
 * dc_support_state_to_string:
 * @state: a #DcSupportState
 *
 * Returns: the state's name as the tool and the store write it
 */
const char *
dc_support_state_to_string (DcSupportState state)
{
  GEnumValue *value = g_enum_get_value (g_type_class_peek (DC_TYPE_SUPPORT_STATE), state);
  return value != NULL ? value->value_nick : "unknown";
}

void
dc_support_config_free (DcSupportConfig *config)
{
  if (config == NULL)
    return;
  g_free (config->service);
  g_free (config->domain);
  g_free (config->muc);
  g_free (config->desk);
  g_free (config->username);
  g_free (config->password);
  g_free (config);
}

static void
copy_config (DcSupportConfig *to, const DcSupportConfig *from)
{
  to->service = g_strdup (from->service);
  to->domain = g_strdup (from->domain);
  to->muc = g_strdup (from->muc);
  to->desk = g_strdup (from->desk);
  to->username = g_strdup (from->username);
  to->password = g_strdup (from->password);
  to->create_account = from->create_account;
  to->guest = from->guest;
}

/**
 * dc_support_session_new:
 * @config: where to connect
 * @store: the transcript and outbox
 *
 * Returns: (transfer full): a session, not started
 */
DcSupportSession *
dc_support_session_new (const DcSupportConfig *config, DcSupportStore *store)
{
  DcSupportSession *self = g_object_new (DC_TYPE_SUPPORT_SESSION, NULL);

  copy_config (&self->config, config);
  self->create_account = config->create_account;
  self->store = g_object_ref (store);
  return self;
}

void
dc_support_session_set_state (DcSupportSession *self, DcSupportState state)
{
  if (self->state == state)
    return;
  self->state = state;
  if (state != DC_SUPPORT_STATE_OFFLINE && state != DC_SUPPORT_STATE_CONNECTING && self->id > 0)
    dc_support_store_set_session_state (self->store, self->id, dc_support_state_to_string (state),
                                        NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

void
dc_support_session_set_error (DcSupportSession *self, const char *error)
{
  if (g_strcmp0 (self->error, error) == 0)
    return;
  g_free (self->error);
  self->error = g_strdup (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
set_waiting (DcSupportSession *self, guint waiting)
{
  if (waiting == self->waiting_count)
    return;
  self->waiting_count = waiting;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WAITING_COUNT]);
}

/* Counts once, for a transcript just loaded; from then on the count follows each change. */
void
dc_support_session_update_waiting (DcSupportSession *self)
{
  guint waiting = 0;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->messages)); i++)
    {
      g_autoptr (DcChatMessage) message = g_list_model_get_item (G_LIST_MODEL (self->messages), i);
      if (dc_chat_message_get_delivery (message) == DC_DELIVERY_WAITING)
        waiting++;
    }
  set_waiting (self, waiting);
}

/* A message of the customer's got further: sent, or read. Only forward, as the store. The count
 * changes before the message does, so whoever watches the message sees the outbox as it is. */
void
dc_support_session_deliver (DcSupportSession *self, DcChatMessage *message, DcDelivery delivery)
{
  DcDelivery before = dc_chat_message_get_delivery (message);

  if (delivery <= before || before == DC_DELIVERY_RECEIVED)
    return;
  dc_support_store_set_delivery (self->store, dc_chat_message_get_origin_id (message), delivery,
                                 NULL);
  if (before == DC_DELIVERY_WAITING)
    set_waiting (self, self->waiting_count - 1);
  dc_chat_message_set_delivery (message, delivery);
}

/* A new message of the customer's, waiting in the outbox. */
void
dc_support_session_count_waiting (DcSupportSession *self)
{
  set_waiting (self, self->waiting_count + 1);
}

void
dc_support_session_add_system (DcSupportSession *self, const char *text)
{
  g_autofree char *origin = dc_chat_message_new_origin_id ();
  g_autoptr (DcChatMessage) message
    = dc_chat_message_new (origin, DC_CHAT_SENDER_SYSTEM, NULL, text, NULL, DC_DELIVERY_RECEIVED);

  if (self->id > 0)
    dc_support_store_add_message (self->store, self->id, message, NULL);
  g_list_store_append (self->messages, message);
}

static void
stanza_cb (DcXmppConnection *xmpp, DcXmlNode *stanza, gpointer user_data)
{
  dc_support_session_handle_stanza (user_data, stanza, NULL);
}

static void
load_transcript (DcSupportSession *self)
{
  g_autoptr (GPtrArray) messages = dc_support_store_load_messages (self->store, self->id, NULL);

  for (guint i = 0; messages != NULL && i < messages->len; i++)
    {
      DcChatMessage *message = g_ptr_array_index (messages, i);
      g_hash_table_insert (self->by_origin, g_strdup (dc_chat_message_get_origin_id (message)),
                           message);
    }
  if (messages != NULL)
    g_list_store_splice (self->messages, 0, 0, messages->pdata, messages->len);
  dc_support_session_update_waiting (self);
}

/**
 * dc_support_session_start:
 * @self: a #DcSupportSession
 *
 * Opens the newest session that is not closed (its transcript, its outbox,
 * its room), or prepares a new one, and connects.
 */
void
dc_support_session_start (DcSupportSession *self)
{
  g_autoptr (DcSessionRecord) record = NULL;
  g_autoptr (GError) error = NULL;
  GEnumValue *state;

  g_return_if_fail (DC_IS_SUPPORT_SESSION (self));
  g_return_if_fail (self->xmpp == NULL);

  self->id = dc_support_store_find_open_session (self->store, &record);
  if (self->id > 0 && g_strcmp0 (record->desk, self->config.desk) == 0)
    {
      self->room = g_strdup (record->room);
      self->room_known = TRUE;
      state = g_enum_get_value_by_nick (g_type_class_peek (DC_TYPE_SUPPORT_STATE), record->state);
      self->state_before_offline = state ? state->value : DC_SUPPORT_STATE_WAITING_FOR_DESK;
      load_transcript (self);
    }
  else
    {
      /* Stored at once, so what the customer writes before the room exists is kept too. */
      g_autofree char *uuid = g_uuid_string_random ();
      self->room = g_strdup_printf ("%s@%s", uuid, self->config.muc);
      self->state_before_offline = DC_SUPPORT_STATE_WAITING_FOR_DESK;
      self->id = dc_support_store_add_session (self->store, self->room, self->config.desk, &error);
      if (self->id <= 0)
        {
          dc_support_session_set_error (self, error->message);
          dc_support_session_set_state (self, DC_SUPPORT_STATE_CLOSED);
          return;
        }
    }
  self->xmpp = dc_xmpp_connection_new (self->config.service, self->config.domain, &error);
  if (self->xmpp == NULL)
    {
      dc_support_session_set_error (self, error->message);
      dc_support_session_set_state (self, DC_SUPPORT_STATE_OFFLINE);
      return;
    }
  dc_xmpp_connection_set_active (self->xmpp, self->active);
  g_signal_connect_object (self->xmpp, "stanza", G_CALLBACK (stanza_cb), self, 0);
  g_signal_connect_object (self->xmpp, "acked", G_CALLBACK (dc_support_session_acked_cb), self, 0);
  g_signal_connect_object (self->xmpp, "disconnected",
                           G_CALLBACK (dc_support_session_disconnected_cb), self, 0);
  self->monitor = g_object_ref (g_network_monitor_get_default ());
  self->monitor_handlers[0] = g_signal_connect (
    self->monitor, "network-changed", G_CALLBACK (dc_support_session_network_changed_cb), self);
  self->monitor_handlers[1]
    = g_signal_connect (self->monitor, "notify::network-available",
                        G_CALLBACK (dc_support_session_network_changed_cb), self);
  self->monitor_handlers[2]
    = g_signal_connect (self->monitor, "notify::connectivity",
                        G_CALLBACK (dc_support_session_network_changed_cb), self);
  dc_support_session_connect_now (self);
}

/**
 * dc_support_session_close:
 * @self: a #DcSupportSession
 *
 * Ends the session here: the room is left, the transcript stays.
 */
void
dc_support_session_close (DcSupportSession *self)
{
  g_return_if_fail (DC_IS_SUPPORT_SESSION (self));

  if (self->xmpp != NULL && self->joined)
    {
      g_autoptr (DcXmlNode) presence = dc_xml_node_new ("presence", NS_CLIENT);
      g_autofree char *to = g_strdup_printf ("%s/%s", self->room, DC_SUPPORT_NICK);
      g_autofree char *id = dc_xmpp_new_id ();
      g_autoptr (DcXmlNode) farewell = dc_support_session_new_message (self, id);

      /* Leaving is not losing the connection: the desk learns the customer ended the chat (and
       * reads it from the archive if it was down), so a queue place or an agent is freed. */
      dc_xml_node_set_attr (dc_xml_node_add_child (farewell, "status", NS_DEVICECARE_STATUS),
                            "state", "closed");
      dc_xml_node_add_child (farewell, "store", NS_HINTS);
      dc_xmpp_connection_send (self->xmpp, farewell);
      dc_xml_node_set_attr (presence, "to", to);
      dc_xml_node_set_attr (presence, "type", "unavailable");
      dc_xmpp_connection_send (self->xmpp, presence);
    }
  dc_support_session_set_state (self, DC_SUPPORT_STATE_CLOSED);
}

gboolean
dc_support_session_is_flushed (DcSupportSession *self)
{
  g_return_val_if_fail (DC_IS_SUPPORT_SESSION (self), FALSE);
  return self->waiting_count == 0;
}

DcSupportState
dc_support_session_get_state (DcSupportSession *self)
{
  g_return_val_if_fail (DC_IS_SUPPORT_SESSION (self), DC_SUPPORT_STATE_CLOSED);
  return self->state;
}

GListModel *
dc_support_session_get_messages (DcSupportSession *self)
{
  g_return_val_if_fail (DC_IS_SUPPORT_SESSION (self), NULL);
  return G_LIST_MODEL (self->messages);
}

DcDataForm *
dc_support_session_get_form (DcSupportSession *self)
{
  g_return_val_if_fail (DC_IS_SUPPORT_SESSION (self), NULL);
  return self->form;
}

int
dc_support_session_get_queue_position (DcSupportSession *self)
{
  g_return_val_if_fail (DC_IS_SUPPORT_SESSION (self), 0);
  return self->queue_position;
}

int
dc_support_session_get_estimated_wait (DcSupportSession *self)
{
  g_return_val_if_fail (DC_IS_SUPPORT_SESSION (self), 0);
  return self->estimated_wait;
}

guint
dc_support_session_get_waiting_count (DcSupportSession *self)
{
  g_return_val_if_fail (DC_IS_SUPPORT_SESSION (self), 0);
  return self->waiting_count;
}

gboolean
dc_support_session_get_peer_typing (DcSupportSession *self)
{
  g_return_val_if_fail (DC_IS_SUPPORT_SESSION (self), FALSE);
  return self->peer_typing;
}

const char *
dc_support_session_get_error (DcSupportSession *self)
{
  g_return_val_if_fail (DC_IS_SUPPORT_SESSION (self), NULL);
  return self->error;
}

const char *
dc_support_session_get_room (DcSupportSession *self)
{
  g_return_val_if_fail (DC_IS_SUPPORT_SESSION (self), NULL);
  return self->room;
}

gint64
dc_support_session_get_id (DcSupportSession *self)
{
  g_return_val_if_fail (DC_IS_SUPPORT_SESSION (self), 0);
  return self->id;
}

static void
dc_support_session_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  DcSupportSession *self = DC_SUPPORT_SESSION (object);

  switch (prop_id)
    {
      case PROP_STATE:
        g_value_set_enum (value, self->state);
        break;
      case PROP_FORM:
        g_value_set_object (value, self->form);
        break;
      case PROP_QUEUE_POSITION:
        g_value_set_int (value, self->queue_position);
        break;
      case PROP_ESTIMATED_WAIT:
        g_value_set_int (value, self->estimated_wait);
        break;
      case PROP_WAITING_COUNT:
        g_value_set_uint (value, self->waiting_count);
        break;
      case PROP_PEER_TYPING:
        g_value_set_boolean (value, self->peer_typing);
        break;
      case PROP_ERROR:
        g_value_set_string (value, self->error);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dc_support_session_dispose (GObject *object)
{
  DcSupportSession *self = DC_SUPPORT_SESSION (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  g_clear_handle_id (&self->desk_wait_source, g_source_remove);
  if (self->monitor != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (self->monitor_handlers); i++)
      g_clear_signal_handler (&self->monitor_handlers[i], self->monitor);
  g_clear_object (&self->monitor);
  if (self->xmpp != NULL)
    dc_xmpp_connection_disconnect (self->xmpp);
  g_clear_object (&self->xmpp);
  g_clear_object (&self->form);

  G_OBJECT_CLASS (dc_support_session_parent_class)->dispose (object);
}

static void
dc_support_session_finalize (GObject *object)
{
  DcSupportSession *self = DC_SUPPORT_SESSION (object);

  g_free (self->config.service);
  g_free (self->config.domain);
  g_free (self->config.muc);
  g_free (self->config.desk);
  g_free (self->config.username);
  g_free (self->config.password);
  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  g_free (self->room);
  g_free (self->error);
  g_free (self->upload_service);
  g_clear_pointer (&self->missed_status, dc_xml_node_unref);
  g_clear_pointer (&self->missed_form, dc_xml_node_unref);
  g_hash_table_unref (self->occupants);
  g_hash_table_unref (self->by_origin);
  g_hash_table_unref (self->in_flight);
  g_clear_object (&self->messages);

  G_OBJECT_CLASS (dc_support_session_parent_class)->finalize (object);
}

static GParamSpec *
int_property (const char *name)
{
  return g_param_spec_int (name, NULL, NULL, 0, G_MAXINT, 0,
                           G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
}

static void
dc_support_session_class_init (DcSupportSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->get_property = dc_support_session_get_property;
  object_class->dispose = dc_support_session_dispose;
  object_class->finalize = dc_support_session_finalize;

  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, DC_TYPE_SUPPORT_STATE,
                                              DC_SUPPORT_STATE_CONNECTING, flags);
  properties[PROP_FORM] = g_param_spec_object ("form", NULL, NULL, DC_TYPE_DATA_FORM, flags);
  properties[PROP_QUEUE_POSITION] = int_property ("queue-position");
  properties[PROP_ESTIMATED_WAIT] = int_property ("estimated-wait");
  properties[PROP_WAITING_COUNT]
    = g_param_spec_uint ("waiting-count", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_PEER_TYPING] = g_param_spec_boolean ("peer-typing", NULL, NULL, FALSE, flags);
  properties[PROP_ERROR] = g_param_spec_string ("error", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The server accepted the new account: the caller stores that it exists. */
  signals[SIGNAL_REGISTERED]
    = g_signal_new ("registered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                    G_TYPE_NONE, 0);
}

static void
dc_support_session_init (DcSupportSession *self)
{
  self->cancellable = g_cancellable_new ();
  self->messages = g_list_store_new (DC_TYPE_CHAT_MESSAGE);
  self->by_origin = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->in_flight = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->occupants = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->state = DC_SUPPORT_STATE_CONNECTING;
  self->active = TRUE;
  self->desk_wait_seconds = 30;
  self->max_retries = 6;
}
