/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "device-care"

#include "config.h"

#include <glib/gi18n.h>

#include "dc-chat-state-text.h"

/* Where a support chat stands, in the words the chat's status line and the Support page's
 * "Chat with Support" row both use. */

/**
 * dc_chat_agent_name:
 * @session: a #DcSupportSession
 *
 * The session has no property for the person in the room: the name of the last agent who
 * wrote is the one the customer knows.
 *
 * Returns: (nullable): the agent's name, or %NULL before an agent wrote
 */
const char *
dc_chat_agent_name (DcSupportSession *session)
{
  GListModel *messages = dc_support_session_get_messages (session);

  for (guint i = g_list_model_get_n_items (messages); i > 0; i--)
    {
      g_autoptr (DcChatMessage) message = g_list_model_get_item (messages, i - 1);

      if (dc_chat_message_get_sender (message) == DC_CHAT_SENDER_AGENT
          && dc_chat_message_get_sender_name (message) != NULL)
        return dc_chat_message_get_sender_name (message); /* the model keeps it alive */
    }
  return NULL;
}

static char *
describe_queue (DcSupportSession *session)
{
  int position = dc_support_session_get_queue_position (session);
  int minutes = (dc_support_session_get_estimated_wait (session) + 59) / 60;

  if (position <= 0)
    return g_strdup (_ ("Waiting for a person from support…"));
  if (minutes <= 0)
    /* Translators: the customer's place in the support queue */
    return g_strdup_printf (_ ("You are number %d in the queue"), position);
  /* Translators: the customer's place in the support queue, then the estimated wait */
  return g_strdup_printf (ngettext ("You are number %d in the queue — about %d minute",
                                    "You are number %d in the queue — about %d minutes", minutes),
                          position, minutes);
}

/**
 * dc_chat_state_describe:
 * @session: a #DcSupportSession
 *
 * Returns: (transfer full): the session's state in a customer's words, one line
 */
char *
dc_chat_state_describe (DcSupportSession *session)
{
  const char *agent;

  switch (dc_support_session_get_state (session))
    {
      case DC_SUPPORT_STATE_CONNECTING:
        return g_strdup (_ ("Connecting…"));
      case DC_SUPPORT_STATE_WAITING_FOR_DESK:
        return g_strdup (_ ("Waiting for the support desk…"));
      case DC_SUPPORT_STATE_FORM:
        return g_strdup (_ ("Support asks a few questions before the chat"));
      case DC_SUPPORT_STATE_QUEUED:
        return describe_queue (session);
      case DC_SUPPORT_STATE_WITH_AGENT:
        agent = dc_chat_agent_name (session);
        if (agent == NULL)
          return g_strdup (_ ("A person from support has joined"));
        /* Translators: %s is the name of the support agent */
        return g_strdup_printf (_ ("Chatting with %s"), agent);
      case DC_SUPPORT_STATE_RATING:
        return g_strdup (_ ("How did we do? Support asks for a rating"));
      case DC_SUPPORT_STATE_CLOSED:
        return g_strdup (_ ("Chat ended"));
      case DC_SUPPORT_STATE_OFFLINE:
        return dc_chat_offline_describe (dc_support_session_get_waiting_count (session));
      default:
        g_return_val_if_reached (NULL);
    }
}

/**
 * dc_chat_offline_describe:
 * @waiting: how many of the customer's messages wait in the outbox
 *
 * Returns: (transfer full): the offline banner's text
 */
char *
dc_chat_offline_describe (guint waiting)
{
  if (waiting == 0)
    return g_strdup (_ ("Offline"));
  /* Translators: the connection to support dropped; %u messages wait to be sent */
  return g_strdup_printf (
    ngettext ("Offline — %u message waiting", "Offline — %u messages waiting", waiting), waiting);
}

/**
 * dc_chat_format_time:
 * @time: (nullable): when a message was written
 *
 * Returns: (transfer full): the time of day in the customer's time zone and clock format
 */
char *
dc_chat_format_time (GDateTime *time)
{
  g_autoptr (GDateTime) local = NULL;

  if (time == NULL)
    return g_strdup ("");
  local = g_date_time_to_local (time);
  /* Translators: the time a chat message was written, a g_date_time_format() format; use
   * "%l:%M %p" where clocks show AM and PM */
  return g_date_time_format (local, _ ("%H:%M"));
}
