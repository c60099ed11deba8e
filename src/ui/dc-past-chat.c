/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "device-care"

#include "config.h"

#include <glib/gi18n.h>

#include "dc-past-chat.h"

/**
 * DcPastChat:
 *
 * One line of the Support page's "Past Chats": an ended session from the
 * phone's transcript store, named by when it started and showing its last
 * message. The store's records are plain structs; a list model needs objects.
 */
struct _DcPastChat
{
  GObject parent_instance;

  gint64 id;
  char *title;
  char *last_message;
};

G_DEFINE_FINAL_TYPE (DcPastChat, dc_past_chat, G_TYPE_OBJECT)

static void
dc_past_chat_finalize (GObject *object)
{
  DcPastChat *self = DC_PAST_CHAT (object);

  g_free (self->title);
  g_free (self->last_message);

  G_OBJECT_CLASS (dc_past_chat_parent_class)->finalize (object);
}

static void
dc_past_chat_class_init (DcPastChatClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dc_past_chat_finalize;
}

static void
dc_past_chat_init (DcPastChat *self)
{
}

/**
 * dc_past_chat_new:
 * @record: a session of the transcript store
 *
 * Returns: (transfer full): the list's line for @record
 */
DcPastChat *
dc_past_chat_new (const DcSessionRecord *record)
{
  DcPastChat *self = g_object_new (DC_TYPE_PAST_CHAT, NULL);
  g_autoptr (GDateTime) created = g_date_time_new_from_unix_local (record->created);

  self->id = record->id;
  /* Translators: when a past support chat started, a g_date_time_format() format */
  self->title = created ? g_date_time_format (created, _ ("%x, %H:%M")) : g_strdup ("");
  self->last_message = g_strdup (record->last_body ? record->last_body : "");
  /* A subtitle is one line: the start of a long message says enough. */
  g_strdelimit (self->last_message, "\n", ' ');
  return self;
}

/**
 * dc_past_chat_get_id:
 * @self: a #DcPastChat
 *
 * Returns: the session's id in the transcript store
 */
gint64
dc_past_chat_get_id (DcPastChat *self)
{
  g_return_val_if_fail (DC_IS_PAST_CHAT (self), 0);
  return self->id;
}

/**
 * dc_past_chat_get_title:
 * @self: a #DcPastChat
 *
 * Returns: when the chat started, in the customer's date format
 */
const char *
dc_past_chat_get_title (DcPastChat *self)
{
  g_return_val_if_fail (DC_IS_PAST_CHAT (self), NULL);
  return self->title;
}

/**
 * dc_past_chat_get_last_message:
 * @self: a #DcPastChat
 *
 * Returns: the chat's last message, on one line; empty when there is none
 */
const char *
dc_past_chat_get_last_message (DcPastChat *self)
{
  g_return_val_if_fail (DC_IS_PAST_CHAT (self), NULL);
  return self->last_message;
}
