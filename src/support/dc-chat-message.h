/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  DC_CHAT_SENDER_CUSTOMER, /* this phone */
  DC_CHAT_SENDER_DESK,     /* the desk bot */
  DC_CHAT_SENDER_AGENT,    /* a person */
  DC_CHAT_SENDER_SYSTEM,   /* what the app itself says in the transcript */
} DcChatSender;

typedef enum
{
  DC_DELIVERY_WAITING,  /* in the outbox: written, not yet acknowledged by the server */
  DC_DELIVERY_SENT,     /* the server acknowledged it (XEP-0198) */
  DC_DELIVERY_READ,     /* the other side displayed it (XEP-0333) */
  DC_DELIVERY_RECEIVED, /* a message to us */
} DcDelivery;

#define DC_TYPE_CHAT_SENDER (dc_chat_sender_get_type ())
GType dc_chat_sender_get_type (void);
#define DC_TYPE_DELIVERY (dc_delivery_get_type ())
GType dc_delivery_get_type (void);

/* One message of a support session, as the transcript and the chat view show it. */
#define DC_TYPE_CHAT_MESSAGE (dc_chat_message_get_type ())
G_DECLARE_FINAL_TYPE (DcChatMessage, dc_chat_message, DC, CHAT_MESSAGE, GObject)

/* @origin_id: the XEP-0359 origin-id, unique; @time: when written (local or server time). */
DcChatMessage *dc_chat_message_new (const char *origin_id, DcChatSender sender,
                                    const char *sender_name, const char *body, GDateTime *time,
                                    DcDelivery delivery);

const char *dc_chat_message_get_origin_id (DcChatMessage *self);
DcChatSender dc_chat_message_get_sender (DcChatMessage *self);
const char *dc_chat_message_get_sender_name (DcChatMessage *self);
const char *dc_chat_message_get_body (DcChatMessage *self);
GDateTime *dc_chat_message_get_time (DcChatMessage *self);
DcDelivery dc_chat_message_get_delivery (DcChatMessage *self);
void dc_chat_message_set_delivery (DcChatMessage *self, DcDelivery delivery);
/* A new random origin-id (a UUID). */
char *dc_chat_message_new_origin_id (void);

G_END_DECLS
