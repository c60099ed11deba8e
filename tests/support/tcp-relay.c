/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-test-relay"

#include "prosody-harness.h"

/* A TCP relay on loopback between a client and a server, so a test can cut the line the way a
 * lost network does (both ends see the connection drop) and restore it. */

struct _TcpRelay
{
  GSocketService *service;
  guint16 port;        /* where clients connect */
  guint16 target_port; /* where the relay connects */
  GPtrArray *streams;  /* of GIOStream: both ends of every relayed connection */
  gboolean down;
};

static void
spliced_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_io_stream_splice_finish (result, NULL);
}

static gboolean
incoming_cb (GSocketService *service, GSocketConnection *connection, GObject *source,
             gpointer user_data)
{
  TcpRelay *self = user_data;
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  g_autoptr (GSocketConnection) upstream = NULL;

  if (!self->down)
    upstream = g_socket_client_connect_to_host (client, "127.0.0.1", self->target_port, NULL, NULL);
  if (upstream == NULL)
    {
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
      return TRUE;
    }
  g_ptr_array_add (self->streams, g_object_ref (connection));
  g_ptr_array_add (self->streams, g_object_ref (upstream));
  g_io_stream_splice_async (G_IO_STREAM (connection), G_IO_STREAM (upstream),
                            G_IO_STREAM_SPLICE_NONE, G_PRIORITY_DEFAULT, NULL, spliced_cb, NULL);
  return TRUE;
}

/**
 * tcp_relay_new:
 * @port: the server's port on 127.0.0.1
 *
 * Returns: (transfer full): a relay listening on a free loopback port
 */
TcpRelay *
tcp_relay_new (guint16 port)
{
  TcpRelay *self = g_new0 (TcpRelay, 1);
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) bound = NULL;
  g_autoptr (GError) error = NULL;

  self->target_port = port;
  self->streams = g_ptr_array_new_with_free_func (g_object_unref);
  self->service = g_socket_service_new ();
  g_socket_listener_add_address (G_SOCKET_LISTENER (self->service), any_port, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_signal_connect (self->service, "incoming", G_CALLBACK (incoming_cb), self);
  return self;
}

guint16
tcp_relay_get_port (TcpRelay *self)
{
  return self->port;
}

/**
 * tcp_relay_cut:
 * @self: a relay
 *
 * Closes every relayed connection at once and refuses new ones until restored.
 */
void
tcp_relay_cut (TcpRelay *self)
{
  self->down = TRUE;
  for (guint i = 0; i < self->streams->len; i++)
    g_io_stream_close (g_ptr_array_index (self->streams, i), NULL, NULL);
  g_ptr_array_set_size (self->streams, 0);
}

void
tcp_relay_restore (TcpRelay *self)
{
  self->down = FALSE;
}

void
tcp_relay_free (TcpRelay *self)
{
  g_socket_service_stop (self->service);
  g_socket_listener_close (G_SOCKET_LISTENER (self->service));
  g_object_unref (self->service);
  g_ptr_array_unref (self->streams);
  g_free (self);
}
