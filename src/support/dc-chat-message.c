/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-support"

#include "dc-chat-message.h"

G_DEFINE_ENUM_TYPE (DcChatSender, dc_chat_sender,
                    G_DEFINE_ENUM_VALUE (DC_CHAT_SENDER_CUSTOMER, "customer"),
                    G_DEFINE_ENUM_VALUE (DC_CHAT_SENDER_DESK, "desk"),
                    G_DEFINE_ENUM_VALUE (DC_CHAT_SENDER_AGENT, "agent"),
                    G_DEFINE_ENUM_VALUE (DC_CHAT_SENDER_SYSTEM, "system"))

G_DEFINE_ENUM_TYPE (DcDelivery, dc_delivery, G_DEFINE_ENUM_VALUE (DC_DELIVERY_WAITING, "waiting"),
                    G_DEFINE_ENUM_VALUE (DC_DELIVERY_SENT, "sent"),
                    G_DEFINE_ENUM_VALUE (DC_DELIVERY_READ, "read"),
                    G_DEFINE_ENUM_VALUE (DC_DELIVERY_RECEIVED, "received"))

/**
 * DcChatMessage:
 *
 * One message of a support session. Everything but its delivery state is
 * fixed when it is made; the chat view binds to #DcChatMessage:delivery to
 * show the ticks as the server and the agent acknowledge it.
 */
struct _DcChatMessage
{
  GObject parent_instance;

  char *origin_id;
  DcChatSender sender;
  char *sender_name;
  char *body;
  GDateTime *time;
  DcDelivery delivery;
};

G_DEFINE_FINAL_TYPE (DcChatMessage, dc_chat_message, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ORIGIN_ID,
  PROP_SENDER,
  PROP_SENDER_NAME,
  PROP_BODY,
  PROP_TIME,
  PROP_DELIVERY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
dc_chat_message_constructed (GObject *object)
{
  DcChatMessage *self = DC_CHAT_MESSAGE (object);

  G_OBJECT_CLASS (dc_chat_message_parent_class)->constructed (object);

  if (self->time == NULL)
    self->time = g_date_time_new_now_utc ();
  if (self->origin_id == NULL)
    self->origin_id = dc_chat_message_new_origin_id ();
  if (self->body == NULL)
    self->body = g_strdup ("");
}

static void
dc_chat_message_finalize (GObject *object)
{
  DcChatMessage *self = DC_CHAT_MESSAGE (object);

  g_free (self->origin_id);
  g_free (self->sender_name);
  g_free (self->body);
  g_clear_pointer (&self->time, g_date_time_unref);

  G_OBJECT_CLASS (dc_chat_message_parent_class)->finalize (object);
}

static void
dc_chat_message_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  DcChatMessage *self = DC_CHAT_MESSAGE (object);

  switch (prop_id)
    {
      case PROP_ORIGIN_ID:
        g_value_set_string (value, self->origin_id);
        break;
      case PROP_SENDER:
        g_value_set_enum (value, self->sender);
        break;
      case PROP_SENDER_NAME:
        g_value_set_string (value, self->sender_name);
        break;
      case PROP_BODY:
        g_value_set_string (value, self->body);
        break;
      case PROP_TIME:
        g_value_set_boxed (value, self->time);
        break;
      case PROP_DELIVERY:
        g_value_set_enum (value, self->delivery);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dc_chat_message_set_property (GObject *object, guint prop_id, const GValue *value,
                              GParamSpec *pspec)
{
  DcChatMessage *self = DC_CHAT_MESSAGE (object);

  switch (prop_id)
    {
      case PROP_ORIGIN_ID:
        self->origin_id = g_value_dup_string (value);
        break;
      case PROP_SENDER:
        self->sender = g_value_get_enum (value);
        break;
      case PROP_SENDER_NAME:
        self->sender_name = g_value_dup_string (value);
        break;
      case PROP_BODY:
        self->body = g_value_dup_string (value);
        break;
      case PROP_TIME:
        self->time = g_value_dup_boxed (value);
        break;
      case PROP_DELIVERY:
        dc_chat_message_set_delivery (self, g_value_get_enum (value));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dc_chat_message_class_init (DcChatMessageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags fixed = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = dc_chat_message_constructed;
  object_class->finalize = dc_chat_message_finalize;
  object_class->get_property = dc_chat_message_get_property;
  object_class->set_property = dc_chat_message_set_property;

  /* The XEP-0359 origin-id: how the store and the archive recognise the same message. */
  properties[PROP_ORIGIN_ID] = g_param_spec_string ("origin-id", NULL, NULL, NULL, fixed);
  properties[PROP_SENDER]
    = g_param_spec_enum ("sender", NULL, NULL, DC_TYPE_CHAT_SENDER, DC_CHAT_SENDER_CUSTOMER, fixed);
  properties[PROP_SENDER_NAME] = g_param_spec_string ("sender-name", NULL, NULL, NULL, fixed);
  properties[PROP_BODY] = g_param_spec_string ("body", NULL, NULL, NULL, fixed);
  properties[PROP_TIME] = g_param_spec_boxed ("time", NULL, NULL, G_TYPE_DATE_TIME, fixed);
  /* Explicit notify: the chat view redraws the ticks only when the state really moved. */
  properties[PROP_DELIVERY]
    = g_param_spec_enum ("delivery", NULL, NULL, DC_TYPE_DELIVERY, DC_DELIVERY_WAITING,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dc_chat_message_init (DcChatMessage *self)
{
  self->sender = DC_CHAT_SENDER_CUSTOMER;
  self->delivery = DC_DELIVERY_WAITING;
}

/**
 * dc_chat_message_new:
 * @origin_id: (nullable): the XEP-0359 origin-id, or %NULL for a new random one
 * @sender: who wrote it
 * @sender_name: (nullable): the name to show for the sender
 * @body: the text
 * @time: (nullable): when it was written; %NULL for now (UTC)
 * @delivery: how far it got
 *
 * Returns: (transfer full): a message; @time is referenced, not copied
 */
DcChatMessage *
dc_chat_message_new (const char *origin_id, DcChatSender sender, const char *sender_name,
                     const char *body, GDateTime *time, DcDelivery delivery)
{
  return g_object_new (DC_TYPE_CHAT_MESSAGE, "origin-id", origin_id, "sender", sender,
                       "sender-name", sender_name, "body", body, "time", time, "delivery", delivery,
                       NULL);
}

/**
 * dc_chat_message_get_origin_id:
 * @self: a message
 *
 * Returns: the message's origin-id
 */
const char *
dc_chat_message_get_origin_id (DcChatMessage *self)
{
  g_return_val_if_fail (DC_IS_CHAT_MESSAGE (self), NULL);
  return self->origin_id;
}

/**
 * dc_chat_message_get_sender:
 * @self: a message
 *
 * Returns: who wrote it
 */
DcChatSender
dc_chat_message_get_sender (DcChatMessage *self)
{
  g_return_val_if_fail (DC_IS_CHAT_MESSAGE (self), DC_CHAT_SENDER_SYSTEM);
  return self->sender;
}

/**
 * dc_chat_message_get_sender_name:
 * @self: a message
 *
 * Returns: (nullable): the name shown for the sender
 */
const char *
dc_chat_message_get_sender_name (DcChatMessage *self)
{
  g_return_val_if_fail (DC_IS_CHAT_MESSAGE (self), NULL);
  return self->sender_name;
}

/**
 * dc_chat_message_get_body:
 * @self: a message
 *
 * Returns: the text, never %NULL
 */
const char *
dc_chat_message_get_body (DcChatMessage *self)
{
  g_return_val_if_fail (DC_IS_CHAT_MESSAGE (self), NULL);
  return self->body;
}

/**
 * dc_chat_message_get_time:
 * @self: a message
 *
 * Returns: (transfer none): when it was written
 */
GDateTime *
dc_chat_message_get_time (DcChatMessage *self)
{
  g_return_val_if_fail (DC_IS_CHAT_MESSAGE (self), NULL);
  return self->time;
}

/**
 * dc_chat_message_get_delivery:
 * @self: a message
 *
 * Returns: how far the message got
 */
DcDelivery
dc_chat_message_get_delivery (DcChatMessage *self)
{
  g_return_val_if_fail (DC_IS_CHAT_MESSAGE (self), DC_DELIVERY_WAITING);
  return self->delivery;
}

/**
 * dc_chat_message_set_delivery:
 * @self: a message
 * @delivery: the new state
 *
 * Sets the state as given (the store is what keeps it from going
 * backwards) and notifies #DcChatMessage:delivery only when it changed.
 */
void
dc_chat_message_set_delivery (DcChatMessage *self, DcDelivery delivery)
{
  g_return_if_fail (DC_IS_CHAT_MESSAGE (self));

  if (self->delivery == delivery)
    return;
  self->delivery = delivery;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DELIVERY]);
}

/**
 * dc_chat_message_new_origin_id:
 *
 * Returns: (transfer full): a new random origin-id (a version 4 UUID)
 */
char *
dc_chat_message_new_origin_id (void)
{
  return g_uuid_string_random ();
}
