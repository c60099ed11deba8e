/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-support"

#include "dc-support-session-private.h"

/* Keeping a session connected: connecting, resuming or rejoining after a drop, the back-off
 * between attempts, and trying again when the network comes back or the customer asks. */

/* Back-off after a failed attempt: 1, 2, 4… 32 s with ±50 % jitter, then only when the network
 * changes or the customer asks. */

static void schedule_retry (DcSupportSession *self);

void
dc_support_session_disconnected_cb (DcXmppConnection *xmpp, GError *error, gpointer user_data)
{
  DcSupportSession *self = user_data;

  g_debug ("Disconnected: %s", error->message);
  self->joined = FALSE;
  self->catching_up = FALSE;
  if (self->state == DC_SUPPORT_STATE_CLOSED)
    return;
  dc_support_session_set_error (self, error->message);
  if (self->state != DC_SUPPORT_STATE_OFFLINE)
    self->state_before_offline = self->state;
  dc_support_session_set_state (self, DC_SUPPORT_STATE_OFFLINE);
  self->retries = 0;
  schedule_retry (self);
}

static void
connected_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (DcSupportSession) self = user_data;
  g_autoptr (GError) error = NULL;
  gboolean resumed = FALSE;

  if (!dc_xmpp_connection_connect_finish (DC_XMPP_CONNECTION (source), result, &resumed, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_debug ("Could not connect: %s", error->message);
      dc_support_session_set_error (self, error->message);
      if (self->state != DC_SUPPORT_STATE_OFFLINE)
        self->state_before_offline = self->state;
      dc_support_session_set_state (self, DC_SUPPORT_STATE_OFFLINE);
      schedule_retry (self);
      return;
    }
  if (self->create_account)
    {
      self->create_account = FALSE;
      g_signal_emit_by_name (self, "registered");
    }
  self->retries = 0;
  dc_support_session_set_error (self, NULL);
  if (resumed && self->room_known)
    {
      /* Nothing was lost: the stream, the room and what was on its way are as they were. */
      self->joined = TRUE;
      dc_support_session_set_state (self, self->state_before_offline);
      dc_support_session_flush_outbox (self);
      return;
    }
  g_hash_table_remove_all (self->in_flight);
  dc_support_session_join_room (self);
}

void
dc_support_session_connect_now (DcSupportSession *self)
{
  g_clear_handle_id (&self->retry_source, g_source_remove);
  if (self->state == DC_SUPPORT_STATE_CLOSED
      || dc_xmpp_connection_get_state (self->xmpp) != DC_XMPP_STATE_DISCONNECTED)
    return;
  dc_xmpp_connection_connect_async (self->xmpp, self->config.guest ? NULL : self->config.username,
                                    self->config.password, self->create_account, self->cancellable,
                                    connected_cb, g_object_ref (self));
}

static gboolean
retry_cb (gpointer user_data)
{
  DcSupportSession *self = user_data;

  self->retry_source = 0;
  dc_support_session_connect_now (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (DcSupportSession *self)
{
  guint delay_ms;

  if (self->retry_source != 0 || self->retries >= self->max_retries)
    return;
  delay_ms = (1000u << self->retries) / 2 + g_random_int_range (0, 1000u << self->retries);
  self->retries++;
  self->retry_source = g_timeout_add (delay_ms, retry_cb, self);
}

/* The network may be back. GIO's NetworkManager monitor says so by notifying
 * "network-available" and "connectivity" (it emits "network-changed" only for route changes, as
 * the netlink monitor underneath does), so the session listens to all three. */
void
dc_support_session_network_changed_cb (GNetworkMonitor *monitor, gpointer unused,
                                       gpointer user_data)
{
  DcSupportSession *self = user_data;

  if (self->state != DC_SUPPORT_STATE_OFFLINE || !g_network_monitor_get_network_available (monitor)
      || g_network_monitor_get_connectivity (monitor) < G_NETWORK_CONNECTIVITY_LIMITED)
    return;
  self->retries = 0;
  dc_support_session_connect_now (self);
}

/**
 * dc_support_session_reconnect:
 * @self: a #DcSupportSession
 *
 * Tries to connect now, when offline.
 */
void
dc_support_session_reconnect (DcSupportSession *self)
{
  g_return_if_fail (DC_IS_SUPPORT_SESSION (self));

  self->retries = 0;
  dc_support_session_connect_now (self);
}

void
dc_support_session_set_retry_limit (DcSupportSession *self, guint retries)
{
  self->max_retries = retries;
}
